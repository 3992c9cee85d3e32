// SPDX-License-Identifier: GPL-2.0
/* Window scale, the receive window to advertise, and the sender's SWS/Nagle. */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "window.h"

/* RFC 7323 2.3: the smallest shift that fits, never more than 14. */
struct xtcp_wscale_case {
	u32 space;
	u8 shift;
};

static const struct xtcp_wscale_case xtcp_wscale_cases[] = {
	{ 0, 0 },
	{ 65535, 0 },
	{ 65536, 1 },		/* 32768 << 1 */
	{ 131070, 1 },		/* 65535 << 1 */
	{ SZ_1M - 1, 4 },	/* 1048575 >> 4 = 65535 */
	{ SZ_1M, 5 },		/* >> 4 is 65536, >> 5 is 32768 */
	{ 6 * SZ_1M, 7 },	/* >> 6 is 98304, >> 7 is 49152 */
	{ 65535U << 14, 14 },
	{ SZ_1G, 14 },		/* would need 15 */
	{ U32_MAX, 14 },
};

static void xtcp_wscale_case_desc(const struct xtcp_wscale_case *c,
				  char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "space %u", c->space);
}

KUNIT_ARRAY_PARAM(xtcp_wscale, xtcp_wscale_cases, xtcp_wscale_case_desc);

static void xtcp_wscale_for_test(struct kunit *test)
{
	const struct xtcp_wscale_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_wscale_for(c->space), c->shift);
}

struct xtcp_win_case {
	const char *name;
	u32 cur, free, full, mss;
	u8 wscale;
	u32 want;
};

#define FULL4M	(4 * SZ_1M)
#define FULL16M	(16 * SZ_1M)

/*
 * Receiver SWS avoidance: 0 below min(full / 2, MSS) free; unscaled, whole
 * MSS multiples; never less than @cur; scaled, rounded up to 1 << wscale
 * and capped at 65535 << wscale.
 */
static const struct xtcp_win_case xtcp_win_cases[] = {
	/* Unscaled, 60000 buffer, MSS 1000: threshold min(30000, 1000). */
	{ "sws below one mss", 0, 999, 60000, 1000, 0, 0 },
	{ "one mss", 0, 1000, 60000, 1000, 0, 1000 },
	{ "rounded down to mss", 0, 5500, 60000, 1000, 0, 5000 },
	{ "almost all free", 0, 59999, 60000, 1000, 0, 59000 },
	{ "all free", 0, 60000, 60000, 1000, 0, 60000 },
	{ "no shrink", 7000, 5500, 60000, 1000, 0, 7000 },
	{ "no shrink to sws 0", 3000, 500, 60000, 1000, 0, 3000 },
	{ "no shrink, cur as is", 7300, 5500, 60000, 1000, 0, 7300 },
	{ "grows past cur", 4000, 5500, 60000, 1000, 0, 5000 },
	/* 1500 buffer: threshold min(750, 1000) = 750. */
	{ "sws below half buffer", 0, 749, 1500, 1000, 0, 0 },
	{ "small buffer, one mss", 0, 1000, 1500, 1000, 0, 1000 },
	/* The 16-bit field: 65535 at most. */
	{ "unscaled cap", 0, 100000, 100000, 1000, 0, 65535 },
	/* A buffer smaller than an MSS (1000 < 1460): threshold 500. */
	{ "tiny buffer, empty", 0, 1000, 1000, 1460, 0, 1000 },
	{ "tiny buffer, sws", 0, 499, 1000, 1460, 0, 0 },
	{ "tiny buffer, no shrink", 1000, 300, 1000, 1460, 0, 1000 },
	{ "tiny buffer, scaled", 0, 600, 1000, 1460, 2, 600 },
	{ "tiny buffer, scaled sws", 0, 499, 1000, 1460, 2, 0 },
	/* Scaled by 7 (unit 128), 4 MiB buffer, MSS 1460. */
	{ "scaled sws", 0, 1000, FULL4M, 1460, 7, 0 },
	{ "scaled sws, just under", 0, 1459, FULL4M, 1460, 7, 0 },
	{ "scaled one mss rounded up", 0, 1460, FULL4M, 1460, 7, 1536 },
	{ "scaled not mss multiple", 0, 3000, FULL4M, 1460, 7, 3072 },
	{ "scaled exact unit", 0, 4096, FULL4M, 1460, 7, 4096 },
	{ "scaled no shrink", 5000, 1000, FULL4M, 1460, 7, 5120 },
	{ "scaled grows past cur", 5000, 8000, FULL4M, 1460, 7, 8064 },
	{ "scaled cap", 0, 10000000, FULL16M, 1460, 7, 65535U << 7 },
	{ "scaled cap over cur", 9000000, 0, FULL16M, 1460, 7, 65535U << 7 },
	{ "scale 14 unit", 0, 20000, SZ_1G, 1460, 14, 32768 },
	{ "scale 14 cap", 0, SZ_1G, SZ_1G, 1460, 14, 65535U << 14 },
	{ "scale 1 rounds up", 0, 1461, 131070, 1460, 1, 1462 },
	/* Scaled, 2000 buffer: threshold min(1000, 1460) = 1000. */
	{ "scaled half buffer, under", 0, 999, 2000, 1460, 2, 0 },
	{ "scaled half buffer", 0, 1000, 2000, 1460, 2, 1000 },
	{ "scaled half buffer, up", 0, 1001, 2000, 1460, 2, 1004 },
};

static void xtcp_win_case_desc(const struct xtcp_win_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_win, xtcp_win_cases, xtcp_win_case_desc);

static void xtcp_select_window_test(struct kunit *test)
{
	const struct xtcp_win_case *c = test->param_value;
	u32 win = xtcp_select_window(c->cur, c->free, c->full, c->mss,
				     c->wscale);

	KUNIT_EXPECT_EQ(test, win, c->want);
	/* What is advertised survives the shift into the header field. */
	KUNIT_EXPECT_EQ(test, (win >> c->wscale) << c->wscale, win);
	KUNIT_EXPECT_LE(test, win >> c->wscale, 65535U);
}

/*
 * RFC 9293 3.8.6.2.2: once the window can move by min(Fr * RCV.BUFF,
 * Eff.snd.MSS), Fr = 1/2, RCV.WND = RCV.BUFF - RCV.USER: all the free space.
 * With a receive buffer smaller than an MSS that threshold is half the
 * buffer; the window must open there, unscaled as well as scaled, or the
 * full / 2 half of the rule (the point of it for small buffers) is never
 * reached. Linux (__tcp_select_window) opens it to the free space in this
 * case ("mss == full_space && free_space > window + full_space / 2").
 */
static void xtcp_select_window_half_buffer_test(struct kunit *test)
{
	/* 1000-byte buffer, MSS 1460: 600 free >= min(500, 1460). */
	KUNIT_EXPECT_EQ(test, xtcp_select_window(0, 600, 1000, 1460, 0), 600U);
	KUNIT_EXPECT_EQ(test, xtcp_select_window(0, 900, 1000, 1460, 0), 900U);
}

struct xtcp_send_case {
	const char *name;
	u32 len, room, mss, max_wnd;
	bool nagle_ok;
	u32 want;
};

/* RFC 9293 3.8.6.2.1 and Nagle (RFC 896, RFC 9293 3.7.4). */
static const struct xtcp_send_case xtcp_send_cases[] = {
	{ "full segment", 1460, 65535, 1460, 65535, false, 1460 },
	{ "full segment, room exact", 1460, 1460, 1460, 65535, false, 1460 },
	{ "nagle holds", 300, 65535, 1460, 65535, false, 0 },
	{ "nagle releases", 300, 65535, 1460, 65535, true, 300 },
	{ "short, room exact", 300, 300, 1460, 65535, true, 300 },
	{ "nagle holds half window", 600, 1000, 1460, 1000, false, 0 },
	{ "nagle releases half window", 600, 1000, 1460, 1000, true, 600 },
	/* Only part fits; the peer never offered more than 1000. */
	{ "partial over half", 1460, 600, 1460, 1000, true, 600 },
	{ "partial half", 1460, 500, 1460, 1000, true, 500 },
	{ "partial under half", 1460, 499, 1460, 1000, true, 0 },
	{ "partial under half, nagle", 1460, 499, 1460, 1000, false, 0 },
	{ "partial of big window", 1460, 1000, 1460, 65535, true, 0 },
	{ "partial short", 300, 200, 1460, 400, true, 200 },
	{ "zero room", 1460, 0, 1460, 65535, true, 0 },
	{ "zero room, no window yet", 1460, 0, 1460, 0, true, 0 },
	{ "zero room, short", 300, 0, 1460, 65535, true, 0 },
	/* Super-segments (offload): the full segments that fit go. */
	{ "super, all fits", 43800, 65535, 1460, 65535, false, 43800 },
	{ "super, whole segments of room", 43800, 14600, 1460, 65535, false,
	  14600 },
	{ "super, room rounded down", 43800, 15000, 1460, 65535, false, 14600 },
	{ "super, one segment", 43800, 2000, 1460, 65535, false, 1460 },
	{ "super, less than a segment", 43800, 1000, 1460, 65535, true, 0 },
	{ "super, short tail fits", 44000, 65535, 1460, 65535, false, 44000 },
};

static void xtcp_send_case_desc(const struct xtcp_send_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_send, xtcp_send_cases, xtcp_send_case_desc);

static void xtcp_send_len_test(struct kunit *test)
{
	const struct xtcp_send_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_send_len(c->len, c->room, c->mss, c->max_wnd,
					    c->nagle_ok), c->want);
}

/*
 * RFC 9293 3.8.6.2.1 (from RFC 1122 4.2.3.4), condition (3): send if
 * "[SND.NXT = SND.UNA and] min(D,U) >= Fs * Max(SND.WND)"; the bracketed
 * condition is Nagle's, as in (2). A part of a segment that fits a small
 * window is a short segment: with data unacknowledged (and no NODELAY) it
 * waits like any other.
 */
static void xtcp_send_len_partial_nagle_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_send_len(1460, 600, 1460, 1000, false), 0U);
	KUNIT_EXPECT_EQ(test, xtcp_send_len(1460, 500, 1460, 1000, false), 0U);
}

static struct kunit_case xtcp_window_test_cases[] = {
	KUNIT_CASE_PARAM(xtcp_wscale_for_test, xtcp_wscale_gen_params),
	KUNIT_CASE_PARAM(xtcp_select_window_test, xtcp_win_gen_params),
	KUNIT_CASE(xtcp_select_window_half_buffer_test),
	KUNIT_CASE_PARAM(xtcp_send_len_test, xtcp_send_gen_params),
	KUNIT_CASE(xtcp_send_len_partial_nagle_test),
	{}
};

static struct kunit_suite xtcp_window_suite = {
	.name = "xtcp_window",
	.test_cases = xtcp_window_test_cases,
};

kunit_test_suite(xtcp_window_suite);
