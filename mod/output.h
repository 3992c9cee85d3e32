/* SPDX-License-Identifier: GPL-2.0 */
/* Building and sending segments. */
#ifndef _XTCP_OUTPUT_H
#define _XTCP_OUTPUT_H

#include "xtcp.h"

int xtcp_transmit(struct sock *sk, struct sk_buff *skb, u32 flags);
bool xtcp_push(struct sock *sk);
void xtcp_push_forced(struct sock *sk);
void xtcp_push_now(struct sock *sk);
void xtcp_push_more(struct sock *sk);
void xtcp_retransmit_head(struct sock *sk);
void xtcp_rtx_free(struct sock *sk, struct sk_buff *skb);
int xtcp_fragment(struct sock *sk, struct sk_buff_head *queue,
		  struct sk_buff *skb, u32 len);
void xtcp_send_probe(struct sock *sk);
void xtcp_send_ack(struct sock *sk);
void xtcp_send_challenge_ack(struct sock *sk);
bool xtcp_dupack_limited(struct net *net, const struct sk_buff *skb, int mib,
			 u32 *last);
void xtcp_send_syn(struct sock *sk);
void xtcp_send_synack(struct sock *sk);
void xtcp_send_active_rst(struct sock *sk);
void xtcp_send_keepalive(struct sock *sk);
/* @flags: TCPHDR_* with XTCP_XMIT_RTX and XTCP_XMIT_STATE() (segtrace.h) */
void xtcp_send_ctl(struct net *net, const struct xtcp_tuple *t, u32 seq,
		   u32 ack, u32 flags, u16 wnd, u16 mss, s8 wscale);
void xtcp_send_reset(struct net *net, struct sk_buff *skb, int state);
bool xtcp_challenge_ok(struct net *net, u32 *last);
u16 xtcp_route_mss(struct net *net, __be32 daddr, __be32 saddr);
int xtcp_queue_fin(struct sock *sk);

#endif /* _XTCP_OUTPUT_H */
