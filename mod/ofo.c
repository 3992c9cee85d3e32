// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-order segments wait here until the hole before them fills. A new
 * segment loses what an earlier one already holds (its head) and what a
 * later one holds (its tail); later segments it covers whole are dropped.
 * So every byte is queued once, and the queue stays sorted. The caller
 * bounds the queue by charging each segment to the receive buffer.
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

static struct sk_buff *xtcp_ofo_after(struct sk_buff_head *q,
				      struct sk_buff *skb)
{
	if (!skb)
		return skb_peek(q);
	return skb_queue_is_last(q, skb) ? NULL : skb->next;
}

/* Do @skb and the segments after it cover [@seq, @end) with no gap? */
static bool xtcp_ofo_covered(struct sk_buff_head *q, struct sk_buff *skb,
			     u32 seq, u32 end)
{
	for (; skb && !xtcp_seq_after(XTCP_SKB_CB(skb)->seq, seq);
	     skb = xtcp_ofo_after(q, skb)) {
		if (xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq, seq))
			seq = XTCP_SKB_CB(skb)->end_seq;
		if (!xtcp_seq_before(seq, end))
			return true;
	}
	return false;
}

/*
 * Queue @skb, which starts past RCV.NXT. Returns false if it brought no new
 * byte; the caller frees it then.
 */
bool xtcp_ofo_insert(struct sk_buff_head *q, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct sk_buff *prev, *next;

	/* Arrivals mostly extend the tail: search from there. */
	prev = skb_peek_tail(q);
	while (prev && xtcp_seq_after(XTCP_SKB_CB(prev)->seq, cb->seq))
		prev = skb_queue_is_first(q, prev) ? NULL : prev->prev;
	if (prev) {
		struct xtcp_skb_cb *pcb = XTCP_SKB_CB(prev);

		if (!xtcp_seq_before(pcb->end_seq, cb->end_seq))
			return false;
		if (xtcp_seq_after(pcb->end_seq, cb->seq) &&
		    !xtcp_trim_head(skb, pcb->end_seq - cb->seq))
			return false;
	}
	/* Queued segments may hold all that is left of it, end to end. */
	next = xtcp_ofo_after(q, prev);
	if (xtcp_ofo_covered(q, next, cb->seq, cb->end_seq))
		return false;
	while (next && !xtcp_seq_before(cb->end_seq,
					XTCP_SKB_CB(next)->end_seq)) {
		struct sk_buff *gone = next;

		next = xtcp_ofo_after(q, next);
		__skb_unlink(gone, q);
		kfree_skb(gone);
	}
	if (next && xtcp_seq_after(cb->end_seq, XTCP_SKB_CB(next)->seq) &&
	    !xtcp_trim_tail(skb, XTCP_SKB_CB(next)->seq - cb->seq))
		return false;
	if (prev)
		__skb_queue_after(q, prev, skb);
	else
		__skb_queue_head(q, skb);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_insert);

/*
 * The segment that continues the stream at @rcv_nxt, unlinked and trimmed
 * to start there, or NULL while a hole remains. Stale ones are freed.
 */
struct sk_buff *xtcp_ofo_next(struct sk_buff_head *q, u32 rcv_nxt)
{
	struct sk_buff *skb;

	while ((skb = skb_peek(q))) {
		struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

		if (xtcp_seq_after(cb->seq, rcv_nxt))
			return NULL;
		__skb_unlink(skb, q);
		if (cb->seq == rcv_nxt ||
		    (xtcp_seq_after(cb->end_seq, rcv_nxt) &&
		     xtcp_trim_head(skb, rcv_nxt - cb->seq)))
			return skb;
		kfree_skb(skb);
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_next);
