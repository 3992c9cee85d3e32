/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-order queue: segments past a hole, in a tree by sequence
 * number, with no two covering the same byte. Sequence numbers are in
 * XTCP_SKB_CB. Callers hold the socket lock.
 */
#ifndef _XTCP_OFO_H
#define _XTCP_OFO_H

#include <linux/rbtree.h>
#include <linux/skbuff.h>

struct xtcp_ofo {
	struct rb_root root;
	struct sk_buff *last;		/* the highest: most arrivals follow it */
	u32 work;			/* tree nodes the last insertion visited */
};

void xtcp_ofo_init(struct xtcp_ofo *q);
void xtcp_ofo_purge(struct xtcp_ofo *q);
int xtcp_ofo_insert(struct xtcp_ofo *q, struct sk_buff *skb);
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt);

static inline bool xtcp_ofo_empty(const struct xtcp_ofo *q)
{
	return RB_EMPTY_ROOT(&q->root);
}

/* In order: skb_rb_next() walks on from the first. */
static inline struct sk_buff *xtcp_ofo_first(const struct xtcp_ofo *q)
{
	return skb_rb_first(&q->root);
}

#endif /* _XTCP_OFO_H */
