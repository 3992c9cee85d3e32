// SPDX-License-Identifier: GPL-2.0
/*
 * Header validation, option parsing and the checksum. The vectors come from
 * scripts/csum-vectors.py, which builds them apart from the module and has
 * tshark confirm every checksum.
 */
#include <kunit/test.h>
#include <linux/inet.h>

#include "header.h"

/* syn_opts: 10.0.0.1 -> 10.0.0.2, 40 bytes, checked by tshark */
static const u8 xtcp_vec_syn_opts[] = {
	0x9c, 0x40, 0x1f, 0x90, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0, 0x02, 0x5c, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x12, 0x34, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x03, 0x03, 0x07,
};

/* data_odd: 192.168.1.10 -> 172.16.0.5, 33 bytes, checked by tshark */
static const u8 xtcp_vec_data_odd[] = {
	0x13, 0x89, 0x01, 0xbb, 0xff, 0xff, 0xff, 0xf0, 0x00, 0x00, 0x00, 0x10,
	0x50, 0x18, 0x02, 0x00, 0xc0, 0xb7, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c,
	0x6f, 0x2c, 0x20, 0x78, 0x74, 0x63, 0x70, 0x21, 0x21,
};

/* fin_ack: 127.0.0.1 -> 127.0.0.1, 20 bytes, checked by tshark */
static const u8 xtcp_vec_fin_ack[] = {
	0x00, 0x01, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef,
	0x50, 0x11, 0x00, 0x00, 0x14, 0x32, 0x00, 0x00,
};

struct xtcp_csum_case {
	const char *name;
	const u8 *seg;
	unsigned int len;
	const char *src, *dst;
};

#define XTCP_VEC(n, s, d) { #n, xtcp_vec_##n, sizeof(xtcp_vec_##n), s, d }

static const struct xtcp_csum_case xtcp_csum_cases[] = {
	XTCP_VEC(syn_opts, "10.0.0.1", "10.0.0.2"),
	XTCP_VEC(data_odd, "192.168.1.10", "172.16.0.5"),
	XTCP_VEC(fin_ack, "127.0.0.1", "127.0.0.1"),
};

static void xtcp_csum_case_desc(const struct xtcp_csum_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_csum, xtcp_csum_cases, xtcp_csum_case_desc);

static void xtcp_csum_vector_test(struct kunit *test)
{
	const struct xtcp_csum_case *c = test->param_value;
	__be32 saddr = in_aton(c->src), daddr = in_aton(c->dst);
	u8 *seg = kunit_kzalloc(test, c->len, GFP_KERNEL);
	__sum16 stored;

	KUNIT_ASSERT_NOT_NULL(test, seg);
	memcpy(seg, c->seg, c->len);

	/* A segment carrying a correct checksum sums to zero. */
	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum(saddr, daddr, seg, c->len), 0);

	/* Computed over a zeroed field, it gives back the stored value. */
	stored = *(__sum16 *)(seg + 16);
	seg[16] = 0;
	seg[17] = 0;
	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum(saddr, daddr, seg, c->len),
			(__force u16)stored);
	memcpy(seg, c->seg, c->len);

	/* One flipped bit in the payload or header is caught. */
	seg[c->len - 1] ^= 0x01;
	KUNIT_EXPECT_NE(test, (__force u16)xtcp_csum(saddr, daddr, seg, c->len), 0);
	seg[c->len - 1] ^= 0x01;

	/* So is a different address: the pseudo-header is covered. */
	KUNIT_EXPECT_NE(test,
			(__force u16)xtcp_csum(saddr ^ htonl(1), daddr, seg, c->len),
			0);
}

static void xtcp_hdr_len_test(struct kunit *test)
{
	u8 seg[64] = {};
	struct tcphdr *th = (struct tcphdr *)seg;

	th->doff = 5;
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 20), 20);
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 64), 20);
	/* Truncated: fewer bytes than a minimal header. */
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 19), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 0), -EINVAL);
	/* Data offset below 5 words. */
	th->doff = 4;
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 64), -EINVAL);
	th->doff = 0;
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 64), -EINVAL);
	/* Options that run past the segment. */
	th->doff = 15;
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 59), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len(th, 60), 60);
	/* The vector's own header: data offset 10, 40 bytes. */
	KUNIT_EXPECT_EQ(test, xtcp_hdr_len((const struct tcphdr *)xtcp_vec_syn_opts,
					   sizeof(xtcp_vec_syn_opts)), 40);
}

static void xtcp_options_known_test(struct kunit *test)
{
	struct xtcp_opts o;

	/* The SYN vector: MSS 1460, SACK-permitted, timestamps, NOP, WS 7. */
	KUNIT_ASSERT_EQ(test, xtcp_parse_options(xtcp_vec_syn_opts + 20, 20, &o), 0);
	KUNIT_EXPECT_EQ(test, o.mss, 1460);
	KUNIT_EXPECT_TRUE(test, o.sack_ok);
	KUNIT_EXPECT_TRUE(test, o.has_ts);
	KUNIT_EXPECT_EQ(test, o.tsval, 0x1234U);
	KUNIT_EXPECT_EQ(test, o.tsecr, 0U);
	KUNIT_EXPECT_TRUE(test, o.has_wscale);
	KUNIT_EXPECT_EQ(test, o.wscale, 7);
}

static void xtcp_options_unknown_test(struct kunit *test)
{
	/* Unknown kind 254, length 4, then MSS: skipped by its length. */
	static const u8 unknown[] = { 254, 4, 0xaa, 0xbb, 2, 4, 0x02, 0x00 };
	/* MSS after EOL is not read. */
	static const u8 eol[] = { 0, 2, 4, 0x02, 0x00 };
	/* A known option with a wrong length is ignored, like Linux. */
	static const u8 badlen[] = { 2, 6, 0x02, 0x00, 0, 0 };
	/* Window scale above 14 is taken as 14 (RFC 7323 2.3). */
	static const u8 bigws[] = { 3, 3, 20, 1 };
	struct xtcp_opts o;

	KUNIT_ASSERT_EQ(test, xtcp_parse_options(unknown, sizeof(unknown), &o), 0);
	KUNIT_EXPECT_EQ(test, o.mss, 512);
	KUNIT_ASSERT_EQ(test, xtcp_parse_options(eol, sizeof(eol), &o), 0);
	KUNIT_EXPECT_EQ(test, o.mss, 0);
	KUNIT_ASSERT_EQ(test, xtcp_parse_options(badlen, sizeof(badlen), &o), 0);
	KUNIT_EXPECT_EQ(test, o.mss, 0);
	KUNIT_ASSERT_EQ(test, xtcp_parse_options(bigws, sizeof(bigws), &o), 0);
	KUNIT_EXPECT_EQ(test, o.wscale, 14);
}

static void xtcp_options_malformed_test(struct kunit *test)
{
	static const u8 zero_len[] = { 254, 0, 1, 1 };
	static const u8 one_len[] = { 2, 1, 1, 1 };
	static const u8 past_end[] = { 2, 4, 0x05 };
	static const u8 no_len[] = { 1, 1, 1, 8 };
	struct xtcp_opts o;

	KUNIT_EXPECT_EQ(test, xtcp_parse_options(zero_len, sizeof(zero_len), &o),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_parse_options(one_len, sizeof(one_len), &o),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_parse_options(past_end, sizeof(past_end), &o),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_parse_options(no_len, sizeof(no_len), &o),
			-EINVAL);
	/* Nothing at all is a valid, empty list. */
	KUNIT_EXPECT_EQ(test, xtcp_parse_options(NULL, 0, &o), 0);
}

static struct kunit_case xtcp_header_test_cases[] = {
	KUNIT_CASE_PARAM(xtcp_csum_vector_test, xtcp_csum_gen_params),
	KUNIT_CASE(xtcp_hdr_len_test),
	KUNIT_CASE(xtcp_options_known_test),
	KUNIT_CASE(xtcp_options_unknown_test),
	KUNIT_CASE(xtcp_options_malformed_test),
	{}
};

static struct kunit_suite xtcp_header_suite = {
	.name = "xtcp_header",
	.test_cases = xtcp_header_test_cases,
};

kunit_test_suite(xtcp_header_suite);
