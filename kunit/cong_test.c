// SPDX-License-Identifier: GPL-2.0
/* NewReno in bytes: RFC 5681 slow start, avoidance, RTO; RFC 6582 recovery. */
#include <kunit/test.h>

#include <linux/xtcp.h>

#include "cong.h"

#define T_MSS	1000U

/*
 * The recovery most cases start from: SND.UNA = 5000, SND.NXT = 25000,
 * 20000 bytes in flight, three duplicate ACKs. ssthresh = max(20000 / 2,
 * 2 * 1000) = 10000, cwnd = 10000 + 3 * 1000 = 13000, recover = 25000.
 */
static void xtcp_cc_enter_recovery(struct kunit *test, struct xtcp_cc *cc)
{
	xtcp_cc_init(cc, T_MSS, 0);
	KUNIT_ASSERT_EQ(test, xtcp_cc_dupack(cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_ASSERT_EQ(test, xtcp_cc_dupack(cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_ASSERT_EQ(test, xtcp_cc_dupack(cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_ASSERT_EQ(test, cc->state, XTCP_CA_RECOVERY);
	KUNIT_ASSERT_EQ(test, cc->ssthresh, 10000U);
	KUNIT_ASSERT_EQ(test, cc->cwnd, 13000U);
}

/* @n duplicates of SND.UNA @una, none of which may retransmit. */
static void xtcp_cc_expect_quiet(struct kunit *test, struct xtcp_cc *cc,
				 int n, u32 una, u32 nxt, u32 flight)
{
	int i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, xtcp_cc_dupack(cc, una, nxt, flight,
							 T_MSS),
				    XTCP_CC_NONE, "dupack %d", i + 1);
}

/* RFC 6928: IW = 10 segments; RFC 5681 3.1: ssthresh arbitrarily high. */
static void xtcp_cc_init_test(struct kunit *test)
{
	struct xtcp_cc cc;

	memset(&cc, 0xa5, sizeof(cc));
	xtcp_cc_init(&cc, T_MSS, 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_GE(test, cc.ssthresh, (u32)S32_MAX);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);
	KUNIT_EXPECT_EQ(test, cc.dupacks, 0);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);

	xtcp_cc_init(&cc, 1460, 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 14600U);
}

/* Slow start: cwnd grows by the bytes ACKed, at most 2 MSS per ACK. */
static void xtcp_cc_slow_start_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_init(&cc, T_MSS, 0);
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 1000, 1000, 10000, true, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000U);
	/* 3000 bytes in one ACK: + 2000 only. */
	xtcp_cc_ack(&cc, 4000, 3000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000U);
	/* Less than an MSS counts as it is. */
	xtcp_cc_ack(&cc, 4500, 500, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13500U);
	xtcp_cc_ack(&cc, 6500, 2000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 15500U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);
}

/* An ACK that finds the sender limited by something else grows nothing. */
static void xtcp_cc_not_limited_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_init(&cc, T_MSS, 0);
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 2000, 2000, 3000, false, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);

	/* Nor in avoidance, where not even the byte count moves. */
	cc.ssthresh = 10000;
	xtcp_cc_ack(&cc, 12000, 10000, 10000, false, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);
	xtcp_cc_ack(&cc, 22000, 10000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000U);
}

/*
 * Congestion avoidance (cwnd >= ssthresh): one MSS per cwnd of ACKed bytes,
 * the rest carried over (RFC 3465 2.1, RFC 5681 3.1).
 */
static void xtcp_cc_avoidance_test(struct kunit *test)
{
	struct xtcp_cc cc;
	u32 ack = 0;
	int i;

	xtcp_cc_init(&cc, T_MSS, 0);
	cc.ssthresh = 10000;
	for (i = 0; i < 9; i++) {
		ack += 1000;
		xtcp_cc_ack(&cc, ack, 1000, 10000, true, T_MSS);
	}
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 9000U);
	/* The tenth completes a window: 11000. */
	xtcp_cc_ack(&cc, ack += 1000, 1000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);
	/* Now 11000 bytes make the next step. */
	xtcp_cc_ack(&cc, ack += 5500, 5500, 11000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000U);
	xtcp_cc_ack(&cc, ack += 5499, 5499, 11000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000U);
	xtcp_cc_ack(&cc, ack += 1, 1, 11000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);
	/* 12500 against 12000: one step, 500 left toward the next. */
	xtcp_cc_ack(&cc, ack += 12500, 12500, 12000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 500U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
}

/*
 * RFC 5681 3.2: the first two duplicate ACKs change nothing; the third
 * retransmits, ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = ssthresh +
 * 3 * SMSS; RFC 6582 3.2 step 2: recover = the highest sequence sent.
 * Step 4: every further duplicate inflates cwnd by one SMSS.
 */
static void xtcp_cc_fast_retransmit_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_init(&cc, T_MSS, 0);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_GE(test, cc.ssthresh, (u32)S32_MAX);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_GE(test, cc.ssthresh, (u32)S32_MAX);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);

	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000U);
	KUNIT_EXPECT_EQ(test, cc.recover, 25000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);

	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 14000U);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 15000U);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.recover, 25000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);

	/* Little in flight: ssthresh = max(3000 / 2, 2000) = 2000. */
	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_dupack(&cc, 100, 3100, 3000, T_MSS);
	xtcp_cc_dupack(&cc, 100, 3100, 3000, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 100, 3100, 3000, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5000U);
	KUNIT_EXPECT_EQ(test, cc.recover, 3100U);

	/* A new ACK between duplicates starts the count again. */
	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_dupack(&cc, 100, 20100, 20000, T_MSS);
	xtcp_cc_dupack(&cc, 100, 20100, 20000, T_MSS);
	xtcp_cc_ack(&cc, 1100, 1000, 20000, false, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 1100, 20100, 19000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 1100, 20100, 19000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 1100, 20100, 19000, T_MSS),
			XTCP_CC_RETRANSMIT);
}

/*
 * RFC 6582 3.2 step 3, partial ACK: retransmit the next hole, cwnd minus
 * the bytes ACKed, plus one SMSS back if they were at least one SMSS.
 */
static void xtcp_cc_partial_ack_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS);
	xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 15000U);

	/* 3000 new bytes: 15000 - 3000 + 1000. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 8000, 3000, 20000, true, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.recover, 25000U);
	KUNIT_EXPECT_EQ(test, cc.dupacks, 0);

	/* Exactly one MSS: 13000 - 1000 + 1000. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 9000, 1000, 17000, true, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000U);

	/* Under one MSS: nothing added back, 13000 - 500. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 9500, 500, 16000, true, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12500U);

	/* Duplicates still inflate in recovery. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 9500, 25000, 15500, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13500U);

	/* Just below recover is still partial. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 24999, 15499, 15500, true, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	/* More ACKed than cwnd holds: the window does not wrap below one MSS. */
	KUNIT_EXPECT_GE(test, cc.cwnd, T_MSS);
	KUNIT_EXPECT_LE(test, cc.cwnd, 2 * T_MSS);
}

/*
 * RFC 6582 3.2 step 3, full ACK (all up to recover): leave recovery with
 * cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), FlightSize being what
 * is outstanding after this ACK: @flight (before it) less the bytes ACKed.
 */
static void xtcp_cc_full_ack_test(struct kunit *test)
{
	struct xtcp_cc cc;

	/* Everything ACKed: min(10000, max(0, 1000) + 1000) = 2000. */
	xtcp_cc_enter_recovery(test, &cc);
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 25000, 20000, 20000, true, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000U);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);

	/*
	 * New data went out in recovery, SND.NXT = 31000: 26000 in flight,
	 * 20000 ACKed, 6000 left: min(10000, 6000 + 1000) = 7000.
	 */
	xtcp_cc_enter_recovery(test, &cc);
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 25000, 20000, 26000, true, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 7000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);

	/*
	 * RFC 6582 3.2 step 2 after a recovery: three duplicates of the ACK
	 * that ended it (25000, recover itself) start a new one. The segment
	 * sent first after the retransmission, at 25000, is lost; without
	 * them it would wait for the retransmission timer. After a timeout
	 * they do not (xtcp_cc_after_timeout_test).
	 */
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 25000, 31000, 6000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 25000, 31000, 6000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 25000, 31000, 6000, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	KUNIT_EXPECT_EQ(test, cc.recover, 31000U);

	/* Less than an MSS left: max(500, 1000) + 1000 = 2000. */
	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_ack(&cc, 25000, 20000, 20500, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000U);

	/* 15000 left: min(10000, 16000) = ssthresh. */
	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_ack(&cc, 25000, 20000, 35000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);

	/* Past recover is full too; after a partial ACK, flight is smaller. */
	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_ack(&cc, 8000, 3000, 20000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 27000, 19000, 19000, true, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);

	/* Back in the open state, the next ACK grows cwnd again (slow start). */
	xtcp_cc_ack(&cc, 28000, 1000, 1000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 3000U);
}

/*
 * A lost retransmission in recovery: the 20 segments in flight at the
 * third duplicate may bring 20 more, and the threshold 3 for reordering;
 * the 23rd after it says segments sent after the retransmission arrived,
 * so it goes again, as lost. A partial ACK waits out what is left in flight.
 */
static void xtcp_cc_lost_retransmit_test(struct kunit *test)
{
	struct xtcp_cc cc;
	int i;

	xtcp_cc_enter_recovery(test, &cc);
	KUNIT_EXPECT_EQ(test, cc.rtx_wait, 23U);
	xtcp_cc_expect_quiet(test, &cc, 22, 5000, 40000, 35000);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 5000, 40000, 35000, T_MSS),
			XTCP_CC_RETRANSMIT_LOST);
	/* Same recovery: recover and ssthresh stay; 35 in flight now. */
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	KUNIT_EXPECT_EQ(test, cc.recover, 25000U);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.rtx_wait, 38U);

	/* A partial ACK of 3000, 32000 left: 32 + 3 before it goes again. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 8000, 3000, 35000, true, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.rtx_wait, 35U);
	for (i = 0; i < 34; i++)
		xtcp_cc_dupack(&cc, 8000, 40000, 32000, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 8000, 40000, 32000, T_MSS),
			XTCP_CC_RETRANSMIT_LOST);

	/* The full ACK ends it; a timeout forgets it. */
	xtcp_cc_ack(&cc, 40000, 32000, 32000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.rtx_wait, 0U);
	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_timeout(&cc, 25000, 20000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.rtx_wait, 0U);
}

/*
 * Duplicates in recovery add an MSS each (RFC 6582 step 4), but no more
 * than the segments out could send: cwnd stays within ssthresh + flight,
 * as Linux counts no more duplicates than packets out
 * (tcp_limit_reno_sacked()). A peer that repeats its ACK a thousand
 * times must not open cwnd to a thousand segments.
 */
static void xtcp_cc_recovery_bound_test(struct kunit *test)
{
	struct xtcp_cc cc;
	u32 high = 0;
	int i;

	xtcp_cc_enter_recovery(test, &cc);
	/* 17 more reach ssthresh + flight = 10000 + 20000 exactly. */
	for (i = 0; i < 17; i++)
		xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 30000U);
	for (i = 0; i < 1000; i++) {
		xtcp_cc_dupack(&cc, 5000, 25000, 20000, T_MSS);
		high = max(high, cc.cwnd);
	}
	KUNIT_EXPECT_EQ(test, high, 30000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);

	/* Less in flight after a partial ACK: no growth past the new bound. */
	xtcp_cc_ack(&cc, 15000, 10000, 20000, true, T_MSS);
	for (i = 0; i < 1000; i++)
		xtcp_cc_dupack(&cc, 15000, 25000, 10000, T_MSS);
	KUNIT_EXPECT_LE(test, cc.cwnd, 30000U);
	/* The full ACK ends recovery with RFC 6582's cwnd, as before. */
	xtcp_cc_ack(&cc, 25000, 10000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
}

/*
 * RFC 5681 (4) and 3.1: on a timeout, ssthresh = max(FlightSize / 2,
 * 2 * SMSS), cwnd = 1 SMSS (the loss window); kept on a second timeout of
 * the same data. RFC 6582 step 6: recover = the highest sequence sent.
 */
static void xtcp_cc_timeout_test(struct kunit *test)
{
	struct xtcp_cc cc;
	u32 ack = 10000;

	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_dupack(&cc, 10000, 30000, 20000, T_MSS);
	xtcp_cc_timeout(&cc, 30000, 20000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	KUNIT_EXPECT_EQ(test, cc.recover, 30000U);
	KUNIT_EXPECT_EQ(test, cc.dupacks, 0);
	KUNIT_EXPECT_EQ(test, cc.acked, 0U);

	/* Again, with less in flight: ssthresh is not halved twice. */
	xtcp_cc_timeout(&cc, 30000, 4000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);

	/* Slow start from one segment up to ssthresh, still in LOSS. */
	xtcp_cc_ack(&cc, ack += 1000, 1000, 20000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000U);
	xtcp_cc_ack(&cc, ack += 2000, 2000, 19000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 4000U);
	xtcp_cc_ack(&cc, ack += 4000, 4000, 17000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 6000U);
	xtcp_cc_ack(&cc, ack += 2000, 2000, 13000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	xtcp_cc_ack(&cc, ack += 2000, 2000, 11000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	/* ack = 21000 < recover. */
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	/* cwnd = ssthresh: avoidance counts bytes now. */
	xtcp_cc_ack(&cc, ack += 1000, 1000, 9000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 1000U);
	/* Reaching recover ends the loss state. */
	xtcp_cc_ack(&cc, 30000, 8000, 8000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000U);
	KUNIT_EXPECT_EQ(test, cc.acked, 9000U);

	/* A timeout in fast recovery halves what is in flight then. */
	xtcp_cc_enter_recovery(test, &cc);
	xtcp_cc_timeout(&cc, 27000, 16000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 8000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	KUNIT_EXPECT_EQ(test, cc.recover, 27000U);

	/* Little in flight: at least 2 SMSS. */
	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_timeout(&cc, 1500, 1500, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, T_MSS);
}

/*
 * RFC 6582 3.2 step 2: after a timeout, duplicate ACKs that do not cover
 * recover start no fast retransmit and leave ssthresh alone; once SND.UNA
 * has passed recover, three duplicates start one again.
 */
/*
 * The path MTU fell (tcp_simple_retransmit()): LOSS, to resend go-back-N,
 * but cwnd stays and ssthresh only rises to tcp_current_ssthresh(),
 * max(ssthresh, 3/4 cwnd); a second one in LOSS leaves ssthresh alone.
 */
static void xtcp_cc_mtu_loss_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_init(&cc, T_MSS, 0);
	cc.cwnd = 8000;
	cc.ssthresh = 2000;
	xtcp_cc_mtu_loss(&cc, 30000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8000U);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 6000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	KUNIT_EXPECT_EQ(test, cc.recover, 30000U);
	cc.cwnd = 16000;
	xtcp_cc_mtu_loss(&cc, 40000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 6000U);
	KUNIT_EXPECT_EQ(test, cc.recover, 40000U);

	/* A larger ssthresh stays: max(), not a reduction. */
	xtcp_cc_init(&cc, T_MSS, 0);
	cc.cwnd = 8000;
	cc.ssthresh = 20000;
	xtcp_cc_mtu_loss(&cc, 30000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 20000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 8000U);
}

static void xtcp_cc_after_timeout_test(struct kunit *test)
{
	struct xtcp_cc cc;

	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_timeout(&cc, 30000, 20000, T_MSS);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 10000U);

	/* Duplicates of SND.UNA = 10000 < recover = 30000. */
	xtcp_cc_expect_quiet(test, &cc, 5, 10000, 30000, 20000);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.recover, 30000U);

	/* A partial ACK (12000), then more duplicates: still nothing. */
	xtcp_cc_ack(&cc, 12000, 2000, 20000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 3000U);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	xtcp_cc_expect_quiet(test, &cc, 4, 12000, 30000, 18000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 3000U);

	/* SND.UNA reaches recover: slow start, 3000 + 2000. */
	xtcp_cc_ack(&cc, 30000, 18000, 18000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5000U);

	/*
	 * New data to 40000 is lost. Duplicates of the ACK at recover itself
	 * do not cover more than recover (RFC 6582 3.2 step 2): nothing.
	 */
	xtcp_cc_expect_quiet(test, &cc, 3, 30000, 40000, 10000);
	/* Once SND.UNA is past it (31000, cwnd 6000): a fresh one. */
	xtcp_cc_ack(&cc, 31000, 1000, 10000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 6000U);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 31000, 40000, 9000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 31000, 40000, 9000, T_MSS),
			XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 31000, 40000, 9000, T_MSS),
			XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 4500U);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 7500U);
	KUNIT_EXPECT_EQ(test, cc.recover, 40000U);
}

/* Sequence numbers wrap: recover just past 2^32 is still after SND.UNA. */
static void xtcp_cc_wrap_test(struct kunit *test)
{
	struct xtcp_cc cc;

	/* The ISS just before the wrap, so recover starts there. */
	xtcp_cc_init(&cc, T_MSS, 0xffff0000);
	/* SND.UNA = 0xffffb000, SND.NXT = 0x3000: 0x8000 in flight. */
	xtcp_cc_dupack(&cc, 0xffffb000, 0x3000, 0x8000, T_MSS);
	xtcp_cc_dupack(&cc, 0xffffb000, 0x3000, 0x8000, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 0xffffb000, 0x3000, 0x8000,
					     T_MSS), XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.recover, 0x3000U);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 0x4000U);
	/* 0xfffff000 is before 0x3000: partial. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 0xfffff000, 0x4000, 0x8000, true,
					  T_MSS), XTCP_CC_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_RECOVERY);
	/* 0x3000: full. */
	KUNIT_EXPECT_EQ(test, xtcp_cc_ack(&cc, 0x3000, 0x4000, 0x4000, true,
					  T_MSS), XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);

	/* After a timeout across the wrap: SND.UNA = 0xfffff000. */
	xtcp_cc_init(&cc, T_MSS, 0);
	xtcp_cc_timeout(&cc, 0x8000, 0x9000, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.recover, 0x8000U);
	xtcp_cc_dupack(&cc, 0xfffff000, 0x8000, 0x9000, T_MSS);
	xtcp_cc_dupack(&cc, 0xfffff000, 0x8000, 0x9000, T_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cc_dupack(&cc, 0xfffff000, 0x8000, 0x9000,
					     T_MSS), XTCP_CC_NONE);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_LOSS);
	xtcp_cc_ack(&cc, 0x8000, 0x9000, 0x9000, true, T_MSS);
	KUNIT_EXPECT_EQ(test, cc.state, XTCP_CA_OPEN);
}

static struct kunit_case xtcp_cong_test_cases[] = {
	KUNIT_CASE(xtcp_cc_init_test),
	KUNIT_CASE(xtcp_cc_slow_start_test),
	KUNIT_CASE(xtcp_cc_not_limited_test),
	KUNIT_CASE(xtcp_cc_avoidance_test),
	KUNIT_CASE(xtcp_cc_fast_retransmit_test),
	KUNIT_CASE(xtcp_cc_partial_ack_test),
	KUNIT_CASE(xtcp_cc_full_ack_test),
	KUNIT_CASE(xtcp_cc_timeout_test),
	KUNIT_CASE(xtcp_cc_mtu_loss_test),
	KUNIT_CASE(xtcp_cc_after_timeout_test),
	KUNIT_CASE(xtcp_cc_lost_retransmit_test),
	KUNIT_CASE(xtcp_cc_wrap_test),
	KUNIT_CASE(xtcp_cc_recovery_bound_test),
	{}
};

static struct kunit_suite xtcp_cong_suite = {
	.name = "xtcp_cong",
	.test_cases = xtcp_cong_test_cases,
};

kunit_test_suite(xtcp_cong_suite);
