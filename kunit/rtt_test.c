// SPDX-License-Identifier: GPL-2.0
/* The RTO estimator of RFC 6298: SRTT, RTTVAR and the clamped RTO. */
#include <kunit/test.h>
#include <linux/limits.h>

#include "rtt.h"

#define XTCP_T_INIT	1000000U	/* RFC 6298 2.1: 1 s */
#define XTCP_T_MIN	200000U		/* 200 ms, as Linux's TCP_RTO_MIN */
#define XTCP_T_MAX	120000000U	/* 120 s, as TCP_RTO_MAX */

static u32 xtcp_t_rto(const struct xtcp_rtt *r)
{
	return xtcp_rtt_rto_us(r, XTCP_T_INIT, XTCP_T_MIN, XTCP_T_MAX);
}

/* RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 * RTTVAR. */
static void xtcp_rtt_first_sample_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	xtcp_rtt_sample(&r, 100000);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 100000U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 50000U);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), 300000U);

	/* An odd R: RTTVAR is R/2 rounded down. */
	r = (struct xtcp_rtt){};
	xtcp_rtt_sample(&r, 250001);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 250001U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 125000U);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), 250001U + 500000U);
}

struct xtcp_rtt_step {
	u32 r, srtt, rttvar, rto;
};

/*
 * RFC 6298 2.3, with RTTVAR updated from the old SRTT first:
 *   RTTVAR = RTTVAR - RTTVAR/4 + |SRTT - R|/4
 *   SRTT   = SRTT - SRTT/8 + R/8
 * each division rounding down, the integer steps the module takes. The
 * exact real values differ in the fraction (the third SRTT is 99687.5,
 * here 99688); the hand computation of each row is in its comment.
 */
static const struct xtcp_rtt_step xtcp_rtt_steps[] = {
	/* First: SRTT = 100000, RTTVAR = 50000, RTO = 100000 + 200000. */
	{ 100000, 100000, 50000, 300000 },
	/*
	 * |100000 - 120000| = 20000
	 * RTTVAR = 50000 - 12500 + 5000 = 42500
	 * SRTT = 100000 - 12500 + 15000 = 102500
	 * RTO = 102500 + 170000
	 */
	{ 120000, 102500, 42500, 272500 },
	/*
	 * |102500 - 80000| = 22500
	 * RTTVAR = 42500 - 10625 + 5625 = 37500
	 * SRTT = 102500 - 12812 + 10000 = 99688
	 * RTO = 99688 + 150000
	 */
	{ 80000, 99688, 37500, 249688 },
	/*
	 * |99688 - 300000| = 200312
	 * RTTVAR = 37500 - 9375 + 50078 = 78203
	 * SRTT = 99688 - 12461 + 37500 = 124727
	 * RTO = 124727 + 312812
	 */
	{ 300000, 124727, 78203, 437539 },
	/*
	 * |124727 - 100000| = 24727
	 * RTTVAR = 78203 - 19550 + 6181 = 64834
	 * SRTT = 124727 - 15590 + 12500 = 121637
	 * RTO = 121637 + 259336
	 */
	{ 100000, 121637, 64834, 380973 },
};

static void xtcp_rtt_sequence_test(struct kunit *test)
{
	struct xtcp_rtt r = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xtcp_rtt_steps); i++) {
		const struct xtcp_rtt_step *s = &xtcp_rtt_steps[i];

		xtcp_rtt_sample(&r, s->r);
		KUNIT_EXPECT_EQ_MSG(test, r.srtt_us, s->srtt, "sample %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r.rttvar_us, s->rttvar, "sample %u", i);
		KUNIT_EXPECT_EQ_MSG(test, xtcp_t_rto(&r), s->rto, "sample %u", i);
	}
}

/* Small values, where the rounding of each step shows. */
static void xtcp_rtt_small_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	xtcp_rtt_sample(&r, 10);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 10U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 5U);
	/* |10 - 3| = 7: RTTVAR = 5 - 1 + 1 = 5; SRTT = 10 - 1 + 0 = 9. */
	xtcp_rtt_sample(&r, 3);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 9U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 5U);
	/* RTO = 9 + 20, when the floor allows it. */
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 0, XTCP_T_MAX),
			29U);
}

/* RFC 6298 2.4: an RTO below the floor is raised to it. */
static void xtcp_rtt_min_clamp_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	/* A LAN: SRTT = 1000, RTTVAR = 500, RTO = 3000 before the clamp. */
	xtcp_rtt_sample(&r, 1000);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_MIN);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 0, XTCP_T_MAX),
			3000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 2999, XTCP_T_MAX),
			3000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 3000, XTCP_T_MAX),
			3000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 3001, XTCP_T_MAX),
			3001U);
	/* Just above the floor: 50000 + 4 * 25000 = 150000 < 200000. */
	r = (struct xtcp_rtt){};
	xtcp_rtt_sample(&r, 50000);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_MIN);
	/* 70000 + 4 * 35000 = 210000 is above it and stays. */
	r = (struct xtcp_rtt){};
	xtcp_rtt_sample(&r, 70000);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), 210000U);
}

/* RFC 6298 2.5: a maximum may be placed on the RTO. */
static void xtcp_rtt_max_clamp_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	/* 50 s: 50e6 + 4 * 25e6 = 150e6, above 120 s. */
	xtcp_rtt_sample(&r, 50000000);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_MAX);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, XTCP_T_MIN,
					      U32_MAX), 150000000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, XTCP_T_MIN,
					      150000000U), 150000000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, XTCP_T_MIN,
					      149999999U), 149999999U);

	/*
	 * SRTT + 4 * RTTVAR past 2^32: 4e9 + 4 * 2e9 = 12e9. The clamp must
	 * see the whole sum: cut to 32 bits first it would be 3410065408.
	 */
	r = (struct xtcp_rtt){};
	xtcp_rtt_sample(&r, 4000000000U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 2000000000U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, XTCP_T_MIN,
					      U32_MAX), U32_MAX);
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_MAX);
}

/* RFC 6298 2.1: before any sample, the initial RTO, capped but not floored. */
static void xtcp_rtt_initial_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_INIT);
	/* Shorter than the floor: kept, so that tests can shorten it. */
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, 100, XTCP_T_MIN, XTCP_T_MAX),
			100U);
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, 3000000, XTCP_T_MIN,
					      XTCP_T_MAX), 3000000U);
	/* Longer than the maximum: capped. */
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, 200000000U, XTCP_T_MIN,
					      XTCP_T_MAX), XTCP_T_MAX);
	/* Asking for the RTO takes no sample. */
	KUNIT_EXPECT_EQ(test, r.srtt_us, 0U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 0U);
}

/* The clock granularity G is 1 us: a 0 sample counts as 1 us. */
static void xtcp_rtt_zero_sample_test(struct kunit *test)
{
	struct xtcp_rtt r = {};

	/* First: SRTT = 1 (not 0, "no sample"), RTTVAR = 1/2 = 0. */
	xtcp_rtt_sample(&r, 0);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 1U);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 0U);
	/* The estimate is in use, not the initial RTO. */
	KUNIT_EXPECT_EQ(test, xtcp_t_rto(&r), XTCP_T_MIN);
	/* RTO = SRTT + max(G, 4 * RTTVAR) = 1 + max(1, 0) = 2. */
	KUNIT_EXPECT_EQ(test, xtcp_rtt_rto_us(&r, XTCP_T_INIT, 0, XTCP_T_MAX),
			2U);

	/*
	 * Later: SRTT = 1000, RTTVAR = 500, then R = 0 taken as 1:
	 * |1000 - 1| = 999, RTTVAR = 500 - 125 + 249 = 624 (R = 0 would give
	 * 625); SRTT = 1000 - 125 + 0 = 875.
	 */
	r = (struct xtcp_rtt){};
	xtcp_rtt_sample(&r, 1000);
	xtcp_rtt_sample(&r, 0);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 624U);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 875U);
}

/*
 * RFC 6298 5.5's doubling with a ceiling, for any count a sysctl allows
 * (synack_retries up to 255): never shorter than the step before, never
 * past the ceiling, and no shift of 64 or more (undefined; UBSAN's
 * shift-out-of-bounds), which a count of 61 or more would otherwise reach
 * (1000 << 61 wraps to 0: a timer of 0 ms).
 */
static void xtcp_rto_backoff_test(struct kunit *test)
{
	u32 prev = 0, got;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(1000, 0, 120000), 1000U);
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(1000, 3, 120000), 8000U);
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(1000, 6, 120000), 64000U);
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(1000, 7, 120000), 120000U);
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(1, 16, 120000), 65536U);
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(120000, 0, 120000), 120000U);
	for (i = 0; i <= 255; i++) {
		got = xtcp_rto_backoff_ms(1000, i, 120000);
		KUNIT_EXPECT_GE_MSG(test, got, prev, "backoff %u", i);
		KUNIT_EXPECT_LE_MSG(test, got, 120000U, "backoff %u", i);
		prev = got;
	}
	KUNIT_EXPECT_EQ(test, xtcp_rto_backoff_ms(0x80000000U, 1, U32_MAX),
			U32_MAX);
}

static struct kunit_case xtcp_rtt_test_cases[] = {
	KUNIT_CASE(xtcp_rto_backoff_test),
	KUNIT_CASE(xtcp_rtt_first_sample_test),
	KUNIT_CASE(xtcp_rtt_sequence_test),
	KUNIT_CASE(xtcp_rtt_small_test),
	KUNIT_CASE(xtcp_rtt_min_clamp_test),
	KUNIT_CASE(xtcp_rtt_max_clamp_test),
	KUNIT_CASE(xtcp_rtt_initial_test),
	KUNIT_CASE(xtcp_rtt_zero_sample_test),
	{}
};

static struct kunit_suite xtcp_rtt_suite = {
	.name = "xtcp_rtt",
	.test_cases = xtcp_rtt_test_cases,
};

kunit_test_suite(xtcp_rtt_suite);
