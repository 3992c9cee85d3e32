/* SPDX-License-Identifier: GPL-2.0 */
/* Segment arrival: checks, lookup, classification. */
#ifndef _XTCP_INPUT_H
#define _XTCP_INPUT_H

#include "xtcp.h"

int xtcp_v4_rcv(struct sk_buff *skb);
int xtcp_rcv(struct sk_buff *skb, bool v6);
int xtcp_backlog_rcv(struct sock *sk, struct sk_buff *skb);
void xtcp_rcv_sock(struct sock *sk, struct sk_buff *skb);
void xtcp_rcv_locked(struct sock *sk, struct sk_buff *skb, int subclass);
void xtcp_rcv_closed(struct net *net, struct sk_buff *skb);
void xtcp_skb_tuple(const struct sk_buff *skb, struct xtcp_tuple *t);

#endif /* _XTCP_INPUT_H */
