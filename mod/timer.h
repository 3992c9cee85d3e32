/* SPDX-License-Identifier: GPL-2.0 */
/* Every hrtimer: the events that decide them. */
#ifndef _XTCP_TIMER_H
#define _XTCP_TIMER_H

#include "xtcp.h"

void xtcp_timers_init(struct sock *sk);
void xtcp_timer_syn_sent(struct sock *sk);
void xtcp_timer_pushed(struct sock *sk, bool sent);
void xtcp_timer_resent(struct sock *sk);
void xtcp_timer_new_ack(struct sock *sk);
void xtcp_timer_ack_owed(struct sock *sk);
void xtcp_timer_ack_sent(struct sock *sk);
bool xtcp_defer(struct sock *sk, int bit);
void xtcp_timer_connected(struct sock *sk);
void xtcp_timer_keepalive_set(struct sock *sk);
void xtcp_timer_orphan_fin_wait2(struct sock *sk, int secs);
void xtcp_timer_closed(struct sock *sk);
void xtcp_release_cb(struct sock *sk);
void xtcp_request_timer_init(struct xtcp_request *req);
void xtcp_timer_synack_sent(struct xtcp_request *req);
void xtcp_timer_request_done(struct xtcp_request *req);
void xtcp_tw_timer_init(struct xtcp_net *xn);
u64 xtcp_timer_tw_expiry(struct xtcp_net *xn);
void xtcp_timer_tw_head(struct xtcp_net *xn, u64 expires);
void xtcp_timer_tw_stop(struct xtcp_net *xn);
int xtcp_keepidle(const struct sock *sk);
int xtcp_keepintvl(const struct sock *sk);
int xtcp_keepcnt(const struct sock *sk);
#if IS_ENABLED(CONFIG_KUNIT)
void xtcp_keep_arm(struct sock *sk, enum xtcp_keep_what what, u64 ns);
void xtcp_keep_stop(struct sock *sk);
#endif

#endif /* _XTCP_TIMER_H */
