// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies (cookie.c) against what net/ipv4/syncookies.c (and
 * net/ipv6/syncookies.c) do in Linux 6.1: the MSS table and how an MSS is chosen from it
 * (__cookie_v4_init_sequence()), a cookie checked back to its MSS
 * (check_tcp_syn_cookie()), good in the minute it was made and the next
 * (diff < MAX_SYNCOOKIE_AGE, 2) and not after, and bound to the 4-tuple and
 * the peer's ISN.
 */
#include <kunit/test.h>

#include "cookie.h"

static const struct xtcp_tuple xtcp_cookie_t1 = {
	.laddr = cpu_to_be32(0x0a000002), .raddr = cpu_to_be32(0x0a000001),
	.lport = cpu_to_be16(8080), .rport = cpu_to_be16(40000),
};

/* msstab[] = { 536, 1300, 1440, 1460 }: the largest entry <= the MSS. */
static void xtcp_cookie_mssind_test(struct kunit *test)
{
	static const struct { u16 mss; u32 ind; } cases[] = {
		{ 65535, 3 }, { 1460, 3 }, { 1459, 2 }, { 1440, 2 },
		{ 1439, 1 }, { 1400, 1 }, { 1300, 1 }, { 1299, 0 },
		{ 536, 0 }, { 88, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_cookie_mssind(cases[i].mss, false),
				    cases[i].ind, "mss %u", cases[i].mss);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(0, false), 536);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(1, false), 1300);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(2, false), 1440);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(3, false), 1460);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(4, false), 0);
}

/*
 * IPv6: net/ipv6/syncookies.c's msstab[] = { 1280 - 60, 1480 - 60,
 * 1500 - 60, 9000 - 60 }. A 1280-byte path keeps its 1220, and a jumbo
 * frame its 8940.
 */
static void xtcp_cookie_mssind6_test(struct kunit *test)
{
	static const struct { u16 mss; u32 ind; } cases[] = {
		{ 65535, 3 }, { 8940, 3 }, { 8939, 2 }, { 1440, 2 },
		{ 1439, 1 }, { 1420, 1 }, { 1419, 0 }, { 1220, 0 },
		{ 536, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_cookie_mssind(cases[i].mss, true),
				    cases[i].ind, "mss %u", cases[i].mss);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(0, true), 1220);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_mss(3, true), 8940);
}

/* Each MSS comes back; sequence numbers wrap. */
static void xtcp_cookie_roundtrip_test(struct kunit *test)
{
	static const u32 seqs[] = { 0, 1, 0x7fffffff, 0xffffffff };
	u32 i, s, count = 1000, c;

	for (i = 0; i < XTCP_COOKIE_MSS_N; i++)
		for (s = 0; s < ARRAY_SIZE(seqs); s++) {
			c = xtcp_cookie_make(&xtcp_cookie_t1, seqs[s], i,
					     count);
			KUNIT_EXPECT_EQ(test,
					xtcp_cookie_check(&xtcp_cookie_t1,
							  seqs[s], c, count),
					xtcp_cookie_mss(i, false));
		}
}

/* Good for the minute it was made and the next; not two later. */
static void xtcp_cookie_age_test(struct kunit *test)
{
	u32 count = 0x12345, c;

	c = xtcp_cookie_make(&xtcp_cookie_t1, 77, 3, count);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&xtcp_cookie_t1, 77, c,
						count + 1), 1460);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&xtcp_cookie_t1, 77, c,
						count + 2), 0);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&xtcp_cookie_t1, 77, c,
						count + 100), 0);
	/* A cookie from the future is no better. */
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&xtcp_cookie_t1, 77, c,
						count - 1), 0);
}

/*
 * Another port, address or ISN, or another number: no connection. The ISN
 * and the number enter as offsets of the MSS index (a small one can land
 * on another valid index, in Linux as here), so these are larger.
 */
static void xtcp_cookie_bound_test(struct kunit *test)
{
	struct xtcp_tuple t = xtcp_cookie_t1;
	u32 count = 500, c;

	c = xtcp_cookie_make(&t, 1000, 2, count);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 1440);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000 + 100, c, count), 0);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c + 100, count), 0);
	/* Off by one: index 3 or 1, both in the table (as in Linux). */
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c + 1, count), 1460);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1001, c, count), 1300);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c ^ (1 << 20),
						count), 0);
	t.rport = cpu_to_be16(40001);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 0);
	t = xtcp_cookie_t1;
	t.raddr = cpu_to_be32(0x0a000003);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 0);
	t = xtcp_cookie_t1;
	t.lport = cpu_to_be16(8081);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 0);
}

/*
 * An IPv6 cookie is bound to the whole addresses, as cookie_hash() of
 * net/ipv6/syncookies.c hashes them: the same 32-bit digests (which the
 * hash nodes keep) with other addresses do not pass, and it names the
 * IPv6 table's MSS.
 */
static void xtcp_cookie_bound6_test(struct kunit *test)
{
	struct xtcp_tuple t = {
		.laddr = cpu_to_be32(0x11111111),
		.raddr = cpu_to_be32(0x22222222),
		.lport = cpu_to_be16(8080), .rport = cpu_to_be16(40000),
		.v6 = 1,
		.laddr6 = { .s6_addr32 = { cpu_to_be32(0x20010db8), 0, 0,
					   cpu_to_be32(2) } },
		.raddr6 = { .s6_addr32 = { cpu_to_be32(0x20010db8), 0, 0,
					   cpu_to_be32(1) } },
	};
	u32 count = 500, c;

	c = xtcp_cookie_make(&t, 1000, 0, count);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 1220);
	t.raddr6.s6_addr32[3] = cpu_to_be32(3);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 0);
	t.raddr6.s6_addr32[3] = cpu_to_be32(1);
	t.laddr6.s6_addr32[1] = cpu_to_be32(7);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(&t, 1000, c, count), 0);
}

static struct kunit_case xtcp_cookie_test_cases[] = {
	KUNIT_CASE(xtcp_cookie_mssind_test),
	KUNIT_CASE(xtcp_cookie_mssind6_test),
	KUNIT_CASE(xtcp_cookie_bound6_test),
	KUNIT_CASE(xtcp_cookie_roundtrip_test),
	KUNIT_CASE(xtcp_cookie_age_test),
	KUNIT_CASE(xtcp_cookie_bound_test),
	{}
};

static struct kunit_suite xtcp_cookie_suite = {
	.name = "xtcp_cookie",
	.test_cases = xtcp_cookie_test_cases,
};

kunit_test_suite(xtcp_cookie_suite);
