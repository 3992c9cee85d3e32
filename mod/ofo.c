// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-order segments wait here until the hole before them fills. A new
 * segment loses what the one before it already holds (its head) and what
 * the one after it holds (its tail); queued segments it covers whole it
 * replaces. So every byte is queued once, and in order.
 *
 * The queue is a red-black tree by sequence number, as Linux's
 * (tcp_data_queue_ofo()): a peer that sends segments in descending order
 * costs a lookup of log n each, not a walk of the queue (SegmentSmack,
 * CVE-2018-5390). A segment it replaces is visited once, and freed. The
 * caller bounds the queue by charging each segment to the receive buffer.
 */
#include <kunit/visibility.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "ofo.h"
#include "seq.h"

/* Drop the first @n sequence numbers of @skb; false if nothing is left. */
static bool xtcp_trim_head(struct sk_buff *skb, u32 n)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	if (n >= cb->end_seq - cb->seq)
		return false;
	if (n > skb->len || !pskb_pull(skb, min(n, skb->len)))
		return false;
	cb->seq += n;
	return true;
}

/* Keep the first @n sequence numbers of @skb: its FIN, if any, goes. */
static bool xtcp_trim_tail(struct sk_buff *skb, u32 n)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	if (!n || n > skb->len || pskb_trim(skb, n))
		return false;
	cb->end_seq = cb->seq + n;
	cb->flags &= ~TCPHDR_FIN;
	return true;
}

void xtcp_ofo_init(struct xtcp_ofo *q)
{
	q->root = RB_ROOT;
	q->last = NULL;
	q->work = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_init);

void xtcp_ofo_purge(struct xtcp_ofo *q)
{
	struct sk_buff *skb, *tmp;

	rbtree_postorder_for_each_entry_safe(skb, tmp, &q->root, rbnode)
		kfree_skb(skb);
	q->root = RB_ROOT;
	q->last = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_purge);

/* The last segment that starts at or before @seq, or NULL. */
static struct sk_buff *xtcp_ofo_prev(struct xtcp_ofo *q, u32 seq)
{
	struct rb_node *n = q->root.rb_node;
	struct sk_buff *prev = NULL;

	if (q->last && !xtcp_seq_after(XTCP_SKB_CB(q->last)->seq, seq)) {
		q->work++;
		return q->last;
	}
	while (n) {
		struct sk_buff *skb = rb_to_skb(n);

		q->work++;
		if (xtcp_seq_after(XTCP_SKB_CB(skb)->seq, seq)) {
			n = n->rb_left;
		} else {
			prev = skb;
			n = n->rb_right;
		}
	}
	return prev;
}

static struct sk_buff *xtcp_ofo_after(struct xtcp_ofo *q, struct sk_buff *skb)
{
	return skb ? skb_rb_next(skb) : skb_rb_first(&q->root);
}

/* Link @skb between @prev and @next, its neighbours in order: O(1). */
static void xtcp_ofo_link(struct xtcp_ofo *q, struct sk_buff *skb,
			  struct sk_buff *prev, struct sk_buff *next)
{
	struct rb_node **link = &q->root.rb_node, *parent = NULL;

	/* One of the two has the free child slot between them. */
	if (prev && !prev->rbnode.rb_right) {
		parent = &prev->rbnode;
		link = &parent->rb_right;
	} else if (next) {
		parent = &next->rbnode;
		link = &parent->rb_left;
	}
	rb_link_node(&skb->rbnode, parent, link);
	rb_insert_color(&skb->rbnode, &q->root);
	if (!next)
		q->last = skb;
}

/*
 * Queue @skb, which starts past RCV.NXT. Returns how many new sequence
 * numbers it brought (0 if it only replaced segments that held the same
 * ones), or -1 if one queued segment already held all of it: then the
 * caller keeps and frees it.
 */
int xtcp_ofo_insert(struct xtcp_ofo *q, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct sk_buff *prev, *next, *gone;
	int fresh;

	q->work = 0;
	prev = xtcp_ofo_prev(q, cb->seq);
	if (prev) {
		struct xtcp_skb_cb *pcb = XTCP_SKB_CB(prev);

		if (!xtcp_seq_before(pcb->end_seq, cb->end_seq))
			return -1;
		if (xtcp_seq_after(pcb->end_seq, cb->seq) &&
		    !xtcp_trim_head(skb, pcb->end_seq - cb->seq))
			return -1;
	}
	/* Past the ones it covers whole, the first it does not. */
	next = xtcp_ofo_after(q, prev);
	if (next && XTCP_SKB_CB(next)->seq == cb->seq &&
	    !xtcp_seq_before(XTCP_SKB_CB(next)->end_seq, cb->end_seq))
		return -1;
	while (next && !xtcp_seq_before(cb->end_seq,
					XTCP_SKB_CB(next)->end_seq)) {
		q->work++;
		next = skb_rb_next(next);
	}
	if (next && xtcp_seq_after(cb->end_seq, XTCP_SKB_CB(next)->seq) &&
	    !xtcp_trim_tail(skb, XTCP_SKB_CB(next)->seq - cb->seq))
		return -1;
	fresh = cb->end_seq - cb->seq;
	while ((gone = xtcp_ofo_after(q, prev)) != next) {
		fresh -= XTCP_SKB_CB(gone)->end_seq - XTCP_SKB_CB(gone)->seq;
		rb_erase(&gone->rbnode, &q->root);
		kfree_skb(gone);
	}
	xtcp_ofo_link(q, skb, prev, next);
	return fresh;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_insert);

/*
 * The segment that continues the stream at @rcv_nxt, unlinked and trimmed
 * to start there, or NULL while a hole remains. Stale ones are freed.
 */
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt)
{
	struct sk_buff *skb;

	while ((skb = skb_rb_first(&q->root))) {
		struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

		if (xtcp_seq_after(cb->seq, rcv_nxt))
			return NULL;
		rb_erase(&skb->rbnode, &q->root);
		if (skb == q->last)
			q->last = NULL;
		/* Off the tree: clear what the node shared with next, prev, dev. */
		memset(&skb->rbnode, 0, sizeof(skb->rbnode));
		if (cb->seq == rcv_nxt ||
		    (xtcp_seq_after(cb->end_seq, rcv_nxt) &&
		     xtcp_trim_head(skb, rcv_nxt - cb->seq)))
			return skb;
		kfree_skb(skb);
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_next);
