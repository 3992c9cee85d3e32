// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-order queue: sorted, no byte twice, trimmed, drained in order;
 * and the work an insertion costs, which SegmentSmack (CVE-2018-5390)
 * would make grow with the queue.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "ofo.h"
#include "seq.h"

/* The queue under test, and where segments taken from it go; .exit frees. */
struct xtcp_ofo_fix {
	struct xtcp_ofo q;
	struct sk_buff_head done;
};

static int xtcp_ofo_test_init(struct kunit *test)
{
	struct xtcp_ofo_fix *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	xtcp_ofo_init(&f->q);
	__skb_queue_head_init(&f->done);
	test->priv = f;
	return 0;
}

static void xtcp_ofo_test_exit(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;

	xtcp_ofo_purge(&f->q);
	__skb_queue_purge(&f->done);
}

/* The byte at sequence number @seq, in every segment that carries it. */
static u8 xtcp_pat(u32 seq)
{
	return seq % 251;
}

/* A segment [seq, seq + len), plus a FIN after the data if @fin. */
static struct sk_buff *xtcp_seg(struct kunit *test, u32 seq, u32 len, bool fin)
{
	struct sk_buff *skb = alloc_skb(max(len, 1U), GFP_KERNEL);
	struct xtcp_skb_cb *cb;
	u8 *data;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	data = skb_put(skb, len);
	for (i = 0; i < len; i++)
		data[i] = xtcp_pat(seq + i);
	cb = XTCP_SKB_CB(skb);
	memset(cb, 0, sizeof(*cb));
	cb->seq = seq;
	cb->end_seq = seq + len + fin;
	cb->flags = TCPHDR_ACK | (fin ? TCPHDR_FIN : 0);
	return skb;
}

/* Insert: the new sequence numbers; one refused is freed, as by the caller. */
static int xtcp_insert(struct kunit *test, u32 seq, u32 len, bool fin)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb = xtcp_seg(test, seq, len, fin);
	int fresh = xtcp_ofo_insert(&f->q, skb);

	if (fresh < 0)
		kfree_skb(skb);
	return fresh;
}

/* Did it bring a sequence number not yet queued? */
static bool xtcp_ins(struct kunit *test, u32 seq, u32 len, bool fin)
{
	return xtcp_insert(test, seq, len, fin) > 0;
}

static u32 xtcp_ofo_len(const struct xtcp_ofo *q)
{
	const struct sk_buff *skb;
	u32 n = 0;

	for (skb = xtcp_ofo_first(q); skb; skb = skb_rb_next(skb))
		n++;
	return n;
}

/* Take the next in-order segment; whatever comes back is freed at exit. */
static struct sk_buff *xtcp_next(struct kunit *test, u32 rcv_nxt)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb = xtcp_ofo_next(&f->q, rcv_nxt);

	if (skb)
		__skb_queue_tail(&f->done, skb);
	return skb;
}

/* Bytes of @skb that differ from the pattern of their sequence numbers. */
static u32 xtcp_bad_bytes(const struct sk_buff *skb)
{
	u32 seq = XTCP_SKB_CB(skb)->seq, i, bad = 0;

	for (i = 0; i < skb->len; i++)
		bad += skb->data[i] != xtcp_pat(seq + i);
	return bad;
}

/* @skb is [seq, end) with @fin, its length and data to match. */
static void xtcp_expect_seg(struct kunit *test, const struct sk_buff *skb,
			    u32 seq, u32 end, bool fin)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	KUNIT_EXPECT_EQ(test, cb->seq, seq);
	KUNIT_EXPECT_EQ(test, cb->end_seq, end);
	KUNIT_EXPECT_EQ(test, !!(cb->flags & TCPHDR_FIN), fin);
	KUNIT_EXPECT_EQ(test, skb->len, end - seq - fin);
	KUNIT_EXPECT_EQ(test, xtcp_bad_bytes(skb), 0U);
}

struct xtcp_span {
	u32 seq, end;
	bool fin;
};

/* The queue holds exactly @n segments, @exp, in this order. */
static void xtcp_expect_queue(struct kunit *test, const struct xtcp_span *exp,
			      u32 n)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;
	u32 i = 0;

	KUNIT_EXPECT_EQ(test, xtcp_ofo_len(&f->q), n);
	for (skb = xtcp_ofo_first(&f->q); skb; skb = skb_rb_next(skb)) {
		if (i == n)
			break;
		xtcp_expect_seg(test, skb, exp[i].seq, exp[i].end, exp[i].fin);
		i++;
	}
}

#define EXPECT_QUEUE(test, ...) do {					\
	static const struct xtcp_span __exp[] = { __VA_ARGS__ };	\
	xtcp_expect_queue(test, __exp, ARRAY_SIZE(__exp));		\
} while (0)

static void xtcp_ofo_in_order_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, false));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 120 }, { 120, 130 });
}

static void xtcp_ofo_reverse_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, true));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 10, false));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 120 }, { 120, 131, true });

	/* Islands, out of order, go between the others. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 60, 5, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 80, 5, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 70, 5, false));
	EXPECT_QUEUE(test, { 60, 65 }, { 70, 75 }, { 80, 85 }, { 100, 110 },
		     { 110, 120 }, { 120, 131, true });
}

/* Across the 2^32 wrap, order is sequence order. */
static void xtcp_ofo_wrap_test(struct kunit *test)
{
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 0xfffffffa, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 0x10, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 0xfffffff0, 10, false));
	EXPECT_QUEUE(test, { 0xfffffff0, 0xfffffffa }, { 0xfffffffa, 0x4 },
		     { 0x10, 0x1a });
	/*
	 * Across the wrap, [0xfffffff5, 0x8) loses its head to the first
	 * and covers the second whole, which it replaces.
	 */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 0xfffffff5, 19, false));
	EXPECT_QUEUE(test, { 0xfffffff0, 0xfffffffa }, { 0xfffffffa, 0x8 },
		     { 0x10, 0x1a });

	skb = xtcp_next(test, 0xfffffff0);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->seq, 0xfffffff0U);
	skb = xtcp_next(test, 0xfffffffa);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 0xfffffffa, 0x8, false);
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 0x8));
}

/* A segment that brings no new byte is refused; the queue is untouched. */
static void xtcp_ofo_duplicate_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 20, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 200, 10, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 100, 20, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 200, 10, false));
	/* Covered by an earlier segment: inside, at its head, at its tail. */
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 105, 10, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 100, 10, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 110, 10, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 119, 1, false));
	EXPECT_QUEUE(test, { 100, 120 }, { 200, 210 });

	/* Between two adjacent segments, all of it held by one or the other. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 115, 10, false));
	EXPECT_QUEUE(test, { 100, 120 }, { 120, 130 }, { 200, 210 });
}

/* One that overlaps the previous segment's tail loses its head. */
static void xtcp_ofo_trim_head_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 105, 15, false));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 120 });
	skb = skb_rb_last(&f->q.root);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 10U);
	KUNIT_EXPECT_EQ(test, skb->data[0], xtcp_pat(110));

	/* With a FIN, which stays. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 115, 10, true));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 120 }, { 120, 126, true });
	skb = skb_rb_last(&f->q.root);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->data[0], xtcp_pat(120));
}

/* One that overlaps the next segment's head loses its tail, and its FIN. */
static void xtcp_ofo_trim_tail_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, false));
	/* [110, 126): 15 bytes and a FIN, the FIN's number inside the next. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 15, true));
	EXPECT_QUEUE(test, { 110, 120 }, { 120, 130 });
	skb = xtcp_ofo_first(&f->q);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->flags & TCPHDR_FIN, 0);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->flags & TCPHDR_ACK, TCPHDR_ACK);

	/* Both ends at once: [95, 115) between [90, 100) and [110, 120). */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 90, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 95, 20, false));
	EXPECT_QUEUE(test, { 90, 100 }, { 100, 110 }, { 110, 120 },
		     { 120, 130 });
}

/* One that covers queued segments whole replaces them; they are freed. */
static void xtcp_ofo_cover_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 5, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 5, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 130, 5, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 150, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 40, false));
	EXPECT_QUEUE(test, { 100, 140 }, { 150, 160 });

	/* [95, 155) covers [100, 140) whole and is cut where [150, 160) starts. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 95, 60, false));
	EXPECT_QUEUE(test, { 95, 150 }, { 150, 160 });

	/* Exactly the same span as two adjacent segments: both go. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 200, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 210, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 300, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 195, 25, true));
	EXPECT_QUEUE(test, { 95, 150 }, { 150, 160 }, { 195, 221, true },
		     { 300, 310 });
}

/* Data and FIN whose data is all held already: the FIN alone is kept. */
static void xtcp_ofo_fin_only_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 10, true));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 111, true });
	/* The FIN alone again brings nothing. */
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 110, 0, true));
	EXPECT_QUEUE(test, { 100, 110 }, { 110, 111, true });

	/* Drained, the FIN comes last, on its own. */
	skb = xtcp_next(test, 100);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb = xtcp_next(test, 110);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 110, 111, true);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&f->q));
}

/*
 * "Returns false if it brought no new byte": also when what is left of it
 * after its head is cut is exactly a queued segment. That segment stays;
 * the newcomer is refused, not swapped in for it.
 */
static void xtcp_ofo_duplicate_after_trim_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *second;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 20, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, false));
	second = skb_rb_last(&f->q.root);
	/* [115, 130): [115, 120) is in the first, [120, 130) is the second. */
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 115, 15, false));
	EXPECT_QUEUE(test, { 100, 120 }, { 120, 130 });
	KUNIT_EXPECT_PTR_EQ(test, skb_rb_last(&f->q.root), second);

	/* The same with a FIN-only remainder: [125, 131) after [130, 131). */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 130, 0, true));
	second = skb_rb_last(&f->q.root);
	KUNIT_EXPECT_FALSE(test, xtcp_ins(test, 125, 5, true));
	EXPECT_QUEUE(test, { 100, 120 }, { 120, 130 }, { 130, 131, true });
	KUNIT_EXPECT_PTR_EQ(test, skb_rb_last(&f->q.root), second);
}

/*
 * What is left of it, once the segment before takes its head, covered end
 * to end by two queued segments: it brings nothing new, but replaces them
 * (as tcp_data_queue_ofo() replaces what a newcomer covers): 0 new
 * numbers, one segment where there were two.
 */
static void xtcp_ofo_replace_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 100, 20, false), 20);
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 120, 10, false), 10);
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 130, 10, false), 10);
	/* [110, 140): its head is the first's, the rest the other two's. */
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 110, 30, false), 0);
	EXPECT_QUEUE(test, { 100, 120 }, { 120, 140 });
	/* Starting where one starts, it loses its head to it: refused. */
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 120, 20, false), -1);
	/* [115, 151) with a FIN: new from 140 on, [120, 140) replaced. */
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 115, 35, true), 11);
	EXPECT_QUEUE(test, { 100, 120 }, { 120, 151, true });
}

#define XTCP_W_SEGS	2048

/*
 * SegmentSmack (CVE-2018-5390): segments that arrive in descending order
 * would each walk the whole of a list searched from its tail. In the tree
 * an insertion visits at most its height, 2 log2(n + 1) for n segments
 * (a red-black tree's bound), and one at the tail visits one node.
 */
static void xtcp_ofo_work_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	u32 i, worst = 0, bound = 2 * (ilog2(XTCP_W_SEGS) + 1);

	/* One byte every other number, from the top down. */
	for (i = 0; i < XTCP_W_SEGS; i++) {
		KUNIT_ASSERT_TRUE(test, xtcp_ins(test, 2 * (XTCP_W_SEGS - i),
						 1, false));
		worst = max(worst, f->q.work);
	}
	kunit_info(test, "descending: at most %u nodes an insertion\n", worst);
	KUNIT_EXPECT_LE(test, worst, bound);
	/* Every gap filled, in any order: still the height. */
	worst = 0;
	for (i = 0; i < XTCP_W_SEGS; i++) {
		KUNIT_ASSERT_TRUE(test, xtcp_ins(test, 2 * i + 3, 1, false));
		worst = max(worst, f->q.work);
	}
	KUNIT_EXPECT_LE(test, worst, bound + 1);
	KUNIT_EXPECT_EQ(test, xtcp_ofo_len(&f->q), 2U * XTCP_W_SEGS);

	/* Ascending, after the highest: one node each. */
	worst = 0;
	for (i = 0; i < 100; i++) {
		KUNIT_ASSERT_TRUE(test, xtcp_ins(test, 100000 + i, 1, false));
		worst = max(worst, f->q.work);
	}
	KUNIT_EXPECT_EQ(test, worst, 1U);
}

/*
 * A segment over many small ones pays for them once, as it frees them;
 * the same segment again finds one that holds it, in a lookup.
 */
static void xtcp_ofo_work_cover_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	u32 i, bound = 2 * (ilog2(XTCP_W_SEGS) + 1);

	for (i = 0; i < XTCP_W_SEGS; i++)
		KUNIT_ASSERT_TRUE(test, xtcp_ins(test, 1000 + i, 1, false));
	/* It loses its first byte to the first and replaces all the rest. */
	KUNIT_EXPECT_EQ(test, xtcp_insert(test, 1000, XTCP_W_SEGS, false), 0);
	EXPECT_QUEUE(test, { 1000, 1001 }, { 1001, 1000 + XTCP_W_SEGS });
	for (i = 0; i < 100; i++) {
		KUNIT_EXPECT_LT(test, xtcp_insert(test, 1000, XTCP_W_SEGS,
						  false), 0);
		KUNIT_EXPECT_LE(test, f->q.work, bound);
	}
}

/* xtcp_ofo_next: nothing while a hole remains before the first segment. */
static void xtcp_ofo_next_hole_test(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 100));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 10, false));
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 100));
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 109));
	EXPECT_QUEUE(test, { 110, 120 });
}

static void xtcp_ofo_next_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 110, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, true));
	skb = xtcp_next(test, 110);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 110, 120, false);
	EXPECT_QUEUE(test, { 120, 131, true });
	skb = xtcp_next(test, 120);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 120, 131, true);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&f->q));
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 131));
}

/* A segment that starts before RCV.NXT comes back without the old bytes. */
static void xtcp_ofo_next_trim_test(struct kunit *test)
{
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 100, 20, false));
	skb = xtcp_next(test, 105);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 105, 120, false);
	KUNIT_EXPECT_EQ(test, skb->len, 15U);
	KUNIT_EXPECT_EQ(test, skb->data[0], xtcp_pat(105));

	/* Only its FIN is new: the FIN comes back, with no data. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 200, 10, true));
	skb = xtcp_next(test, 210);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 210, 211, true);
}

/* Segments wholly before RCV.NXT are freed on the way. */
static void xtcp_ofo_next_stale_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	struct sk_buff *skb;

	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 80, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 90, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 105, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 120, 10, false));
	skb = xtcp_next(test, 108);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 108, 115, false);
	EXPECT_QUEUE(test, { 120, 130 });
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 115));
	EXPECT_QUEUE(test, { 120, 130 });

	/* Ending at RCV.NXT is stale too; the next one then starts there. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 130, 10, false));
	skb = xtcp_next(test, 130);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_expect_seg(test, skb, 130, 140, false);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&f->q));

	/* All stale: freed, NULL, an empty queue. */
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 200, 10, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ins(test, 210, 10, true));
	KUNIT_EXPECT_NULL(test, xtcp_next(test, 221));
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&f->q));
}

#define XTCP_R_BYTES	2000		/* data, then a FIN at offset 2000 */
#define XTCP_R_SEGS	400
#define XTCP_R_BASE	0xfffffc00U	/* the stream crosses 2^32 */

/* Sorted, not overlapping, data and FIN right, the union = @map. */
static void xtcp_ofo_check_invariants(struct kunit *test,
				      const unsigned long *map)
{
	struct xtcp_ofo_fix *f = test->priv;
	u32 covered = 0, bad = 0, order = 0, outside = 0, fin = 0;
	const struct sk_buff *skb, *prev = NULL;

	for (skb = xtcp_ofo_first(&f->q); skb; skb = skb_rb_next(skb)) {
		const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
		u32 off = cb->seq - XTCP_R_BASE, n = cb->end_seq - cb->seq;
		bool has_fin = cb->flags & TCPHDR_FIN;
		u32 i;

		if (!xtcp_seq_before(cb->seq, cb->end_seq) ||
		    (prev && xtcp_seq_after(XTCP_SKB_CB(prev)->end_seq,
					    cb->seq)))
			order++;
		if (off > XTCP_R_BYTES || n > XTCP_R_BYTES + 1 - off) {
			outside++;
			break;
		}
		/* The FIN is the last number of the stream and only that. */
		if (has_fin != (off + n == XTCP_R_BYTES + 1) ||
		    skb->len != n - has_fin)
			fin++;
		bad += xtcp_bad_bytes(skb);
		for (i = off; i < off + n; i++)
			bad += !test_bit(i, map);
		covered += n;
		prev = skb;
	}
	KUNIT_EXPECT_EQ(test, order, 0U);
	KUNIT_EXPECT_EQ(test, outside, 0U);
	KUNIT_EXPECT_EQ(test, fin, 0U);
	KUNIT_EXPECT_EQ(test, bad, 0U);
	/* Every number queued is in @map, none twice: equal counts. */
	KUNIT_EXPECT_EQ(test, covered,
			bitmap_weight(map, XTCP_R_BYTES + 1));
}

/*
 * Random segments of one stream (fixed seed): each insertion must count
 * new numbers exactly when the segment brings one not yet queued, and the
 * queue must stay sorted, without overlap, holding the union of all.
 */
static void xtcp_ofo_random_test(struct kunit *test)
{
	struct xtcp_ofo_fix *f = test->priv;
	unsigned long *map;
	struct rnd_state rnd;
	u32 rcv_nxt = XTCP_R_BASE, i, mismatch = 0;
	struct sk_buff *skb;

	map = kunit_kzalloc(test, BITS_TO_LONGS(XTCP_R_BYTES + 1) *
			    sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	prandom_seed_state(&rnd, 0x78746370);

	for (i = 0; i < XTCP_R_SEGS; i++) {
		u32 off = prandom_u32_state(&rnd) % (XTCP_R_BYTES + 1);
		u32 n = 1 + prandom_u32_state(&rnd) % 48;
		bool fin, fresh, got;

		/* Up to the end of the data, and then the FIN with it. */
		if (off + n > XTCP_R_BYTES + 1)
			n = XTCP_R_BYTES + 1 - off;
		fin = off + n == XTCP_R_BYTES + 1;
		fresh = find_next_zero_bit(map, off + n, off) < off + n;
		got = xtcp_ins(test, XTCP_R_BASE + off, n - fin, fin);
		if (got != fresh) {
			mismatch++;
			kunit_info(test, "[%u, %u): %d, new bytes: %d\n", off,
				   off + n, got, fresh);
		}
		bitmap_set(map, off, n);
		if (i % 50 == 49)
			xtcp_ofo_check_invariants(test, map);
	}
	KUNIT_EXPECT_EQ(test, mismatch, 0U);
	xtcp_ofo_check_invariants(test, map);

	/* Fill every hole with one segment of the whole stream, then drain. */
	KUNIT_EXPECT_EQ(test, xtcp_ins(test, XTCP_R_BASE, XTCP_R_BYTES, true),
			!bitmap_full(map, XTCP_R_BYTES + 1));
	bitmap_fill(map, XTCP_R_BYTES + 1);
	xtcp_ofo_check_invariants(test, map);
	while ((skb = xtcp_next(test, rcv_nxt))) {
		KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->seq, rcv_nxt);
		KUNIT_EXPECT_EQ(test, xtcp_bad_bytes(skb), 0U);
		rcv_nxt = XTCP_SKB_CB(skb)->end_seq;
	}
	KUNIT_EXPECT_EQ(test, rcv_nxt, XTCP_R_BASE + XTCP_R_BYTES + 1);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&f->q));
	skb = skb_peek_tail(&f->done);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_TRUE(test, XTCP_SKB_CB(skb)->flags & TCPHDR_FIN);
}

static struct kunit_case xtcp_ofo_test_cases[] = {
	KUNIT_CASE(xtcp_ofo_in_order_test),
	KUNIT_CASE(xtcp_ofo_reverse_test),
	KUNIT_CASE(xtcp_ofo_wrap_test),
	KUNIT_CASE(xtcp_ofo_duplicate_test),
	KUNIT_CASE(xtcp_ofo_trim_head_test),
	KUNIT_CASE(xtcp_ofo_trim_tail_test),
	KUNIT_CASE(xtcp_ofo_cover_test),
	KUNIT_CASE(xtcp_ofo_fin_only_test),
	KUNIT_CASE(xtcp_ofo_duplicate_after_trim_test),
	KUNIT_CASE(xtcp_ofo_next_hole_test),
	KUNIT_CASE(xtcp_ofo_next_test),
	KUNIT_CASE(xtcp_ofo_next_trim_test),
	KUNIT_CASE(xtcp_ofo_next_stale_test),
	KUNIT_CASE(xtcp_ofo_random_test),
	KUNIT_CASE(xtcp_ofo_replace_test),
	KUNIT_CASE(xtcp_ofo_work_test),
	KUNIT_CASE(xtcp_ofo_work_cover_test),
	{}
};

static struct kunit_suite xtcp_ofo_suite = {
	.name = "xtcp_ofo",
	.init = xtcp_ofo_test_init,
	.exit = xtcp_ofo_test_exit,
	.test_cases = xtcp_ofo_test_cases,
};

kunit_test_suite(xtcp_ofo_suite);
