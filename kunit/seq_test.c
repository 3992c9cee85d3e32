// SPDX-License-Identifier: GPL-2.0
/* Sequence-number comparison modulo 2^32, across the wrap. */
#include <kunit/test.h>

#include "seq.h"

struct xtcp_seq_case {
	u32 a, b;
	bool before;	/* a < b in sequence space */
};

static const struct xtcp_seq_case xtcp_seq_cases[] = {
	{ 1, 2, true },
	{ 2, 1, false },
	{ 5, 5, false },
	{ 0xffffffff, 0, true },		/* across the wrap */
	{ 0, 0xffffffff, false },
	{ 0xfffffff0, 0x10, true },
	{ 0x10, 0xfffffff0, false },
	{ 0, 0x7fffffff, true },		/* just under half the space */
	{ 0x7fffffff, 0, false },
	{ 0, 0x80000001, false },		/* just over: b is behind */
	{ 0x80000001, 0, true },
};

static void xtcp_seq_case_desc(const struct xtcp_seq_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%#x vs %#x", c->a, c->b);
}

KUNIT_ARRAY_PARAM(xtcp_seq, xtcp_seq_cases, xtcp_seq_case_desc);

static void xtcp_seq_order_test(struct kunit *test)
{
	const struct xtcp_seq_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_seq_before(c->a, c->b), c->before);
	KUNIT_EXPECT_EQ(test, xtcp_seq_after(c->b, c->a), c->before);
	KUNIT_EXPECT_EQ(test, xtcp_seq_geq(c->a, c->b), !c->before);
	KUNIT_EXPECT_EQ(test, xtcp_seq_leq(c->b, c->a), !c->before);
}

static void xtcp_seq_between_test(struct kunit *test)
{
	/* A window that spans the wrap: [0xfffffff0, 0x10]. */
	KUNIT_EXPECT_TRUE(test, xtcp_seq_between(0xfffffff0, 0xfffffff0, 0x10));
	KUNIT_EXPECT_TRUE(test, xtcp_seq_between(0xffffffff, 0xfffffff0, 0x10));
	KUNIT_EXPECT_TRUE(test, xtcp_seq_between(0, 0xfffffff0, 0x10));
	KUNIT_EXPECT_TRUE(test, xtcp_seq_between(0x10, 0xfffffff0, 0x10));
	KUNIT_EXPECT_FALSE(test, xtcp_seq_between(0x11, 0xfffffff0, 0x10));
	KUNIT_EXPECT_FALSE(test, xtcp_seq_between(0xffffffef, 0xfffffff0, 0x10));
	/* An empty-width window holds one number. */
	KUNIT_EXPECT_TRUE(test, xtcp_seq_between(7, 7, 7));
	KUNIT_EXPECT_FALSE(test, xtcp_seq_between(8, 7, 7));
}

static struct kunit_case xtcp_seq_test_cases[] = {
	KUNIT_CASE_PARAM(xtcp_seq_order_test, xtcp_seq_gen_params),
	KUNIT_CASE(xtcp_seq_between_test),
	{}
};

static struct kunit_suite xtcp_seq_suite = {
	.name = "xtcp_seq",
	.test_cases = xtcp_seq_test_cases,
};

kunit_test_suite(xtcp_seq_suite);
