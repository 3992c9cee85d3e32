/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTCP_ICMP_H
#define _XTCP_ICMP_H

#include <linux/skbuff.h>
#include <net/sock.h>

int xtcp_v4_err(struct sk_buff *skb, u32 info);
void xtcp_icmp_deferred(struct sock *sk);

#endif /* _XTCP_ICMP_H */
