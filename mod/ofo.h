/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-order queue: segments past a hole, in sequence order, with no
 * two covering the same byte. Sequence numbers are in XTCP_SKB_CB.
 */
#ifndef _XTCP_OFO_H
#define _XTCP_OFO_H

#include <linux/skbuff.h>

bool xtcp_ofo_insert(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *xtcp_ofo_next(struct sk_buff_head *q, u32 rcv_nxt);

#endif /* _XTCP_OFO_H */
