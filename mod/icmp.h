/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTCP_ICMP_H
#define _XTCP_ICMP_H

#include <linux/skbuff.h>
#include <net/sock.h>

struct inet6_skb_parm;

int xtcp_v4_err(struct sk_buff *skb, u32 info);
int xtcp_v6_err(struct sk_buff *skb, struct inet6_skb_parm *opt, u8 type,
		u8 code, int offset, __be32 info);
void xtcp_icmp_deferred(struct sock *sk);

#endif /* _XTCP_ICMP_H */
