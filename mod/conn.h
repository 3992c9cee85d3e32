/* SPDX-License-Identifier: GPL-2.0 */
/* A connection's life: the one set_state, opening, closing, ending. */
#ifndef _XTCP_CONN_H
#define _XTCP_CONN_H

#include "xtcp.h"

void xtcp_set_state(struct sock *sk, int state);
void xtcp_set_state_quiet(struct sock *sk, int state);
void xtcp_state_event(struct net *net, const void *obj, int old, int state,
		      const struct xtcp_tuple *t);
void xtcp_init_sock(struct sock *sk);
void xtcp_sk_wire_tuple(const struct sock *sk, struct xtcp_tuple *t);
void xtcp_sk_tuple(const struct sock *sk, struct xtcp_tuple *t);
void xtcp_init_peer(struct xtcp_sock *xs, u32 irs,
		    const struct xtcp_skb_cb *cb);
void xtcp_take_syn(struct sock *sk, const struct xtcp_skb_cb *cb);
void xtcp_peer_alive(struct sock *sk);
int xtcp_connect_start(struct sock *sk);
int xtcp_connect_finish(struct sock *sk, u32 mtu);
void xtcp_established(struct sock *sk);
void xtcp_done(struct sock *sk);
void xtcp_done_quiet(struct sock *sk);
int xtcp_disconnect(struct sock *sk);
void xtcp_reset(struct sock *sk, int err);
void xtcp_abort(struct sock *sk, int err);
void xtcp_close(struct sock *sk, long timeout);
void xtcp_shutdown_send(struct sock *sk);
void xtcp_fin_wait2_orphan(struct sock *sk);
void xtcp_purge_node(struct net *net, struct xtcp_hnode *hn);
u32 xtcp_rcv_window(const struct sock *sk);
u8 xtcp_rcv_wscale(const struct sock *sk);

#endif /* _XTCP_CONN_H */
