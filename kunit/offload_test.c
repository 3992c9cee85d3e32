// SPDX-License-Identifier: GPL-2.0
/*
 * Segmentation of a super-segment in software (offload.c), reached as the
 * stack reaches it: skb_gso_segment() on an IPv4 packet of XTCP's protocol.
 * With no device features, every segment's checksum is computed in full,
 * and each must validate as TCP's, with IPPROTO_TCP in the pseudo-header.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/tcp.h>

#include "compat.h"
#include "xtcp.h"
#include "main.h"
#include "header.h"

#define XTCP_GSO_SADDR	htonl(0x0a000001)	/* 10.0.0.1 */
#define XTCP_GSO_DADDR	htonl(0x0a000002)
#define XTCP_GSO_SEQ	0xfffffc00U		/* wraps inside the skb */

/*
 * An IPv4 packet of @len bytes of text (byte i is i * 7), sequence number
 * XTCP_GSO_SEQ, flags @flags, gso_size @mss, checksum left to offload as
 * xtcp_csum_gso() leaves it.
 */
static struct sk_buff *xtcp_gso_skb(struct kunit *test, u32 len, u32 mss,
				    u8 flags)
{
	unsigned int hlen = sizeof(struct iphdr) + sizeof(struct tcphdr);
	struct sk_buff *skb = alloc_skb(MAX_HEADER + hlen + len, GFP_KERNEL);
	struct tcphdr *th;
	struct iphdr *iph;
	u8 *text;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	iph = skb_put_zero(skb, sizeof(*iph));
	th = skb_put_zero(skb, sizeof(*th));
	text = skb_put(skb, len);
	for (i = 0; i < len; i++)
		text[i] = i * 7;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*iph));
	skb->protocol = htons(ETH_P_IP);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(skb->len);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = xtcp_ipproto;
	iph->saddr = XTCP_GSO_SADDR;
	iph->daddr = XTCP_GSO_DADDR;
	ip_send_check(iph);
	th->source = htons(5000);
	th->dest = htons(8080);
	th->seq = htonl(XTCP_GSO_SEQ);
	th->ack_seq = htonl(1);
	th->doff = 5;
	tcp_flag_byte(th) = flags;
	th->window = htons(1000);
	th->check = ~csum_tcpudp_magic(XTCP_GSO_SADDR, XTCP_GSO_DADDR,
				       sizeof(*th) + len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len, mss);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

/* 1000 bytes at gso_size 300: 300, 300, 300, 100, each one exact. */
static void xtcp_gso_segment_test(struct kunit *test)
{
	struct sk_buff *skb = xtcp_gso_skb(test, 1000, 300,
					   TCPHDR_ACK | TCPHDR_PSH |
					   TCPHDR_FIN);
	static const u32 lens[] = { 300, 300, 300, 100 };
	struct sk_buff *segs, *seg, *next;
	u32 off = 0, n = 0, i;

	segs = skb_gso_segment(skb, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = seg->next, n++) {
		const struct iphdr *iph = ip_hdr(seg);
		const struct tcphdr *th = tcp_hdr(seg);
		bool last = !seg->next;
		u32 len;

		KUNIT_ASSERT_LT(test, n, (u32)ARRAY_SIZE(lens));
		KUNIT_ASSERT_EQ(test, skb_linearize(seg), 0);
		iph = ip_hdr(seg);
		th = tcp_hdr(seg);
		len = ntohs(iph->tot_len) - iph->ihl * 4 - th->doff * 4;
		KUNIT_EXPECT_EQ(test, len, lens[n]);
		KUNIT_EXPECT_EQ(test, iph->protocol, (u8)xtcp_ipproto);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
		KUNIT_EXPECT_EQ(test, ntohl(th->seq), XTCP_GSO_SEQ + off);
		KUNIT_EXPECT_EQ(test, ntohl(th->ack_seq), 1U);
		/* FIN and PSH go with the last segment only. */
		KUNIT_EXPECT_EQ(test, (bool)th->fin, last);
		KUNIT_EXPECT_EQ(test, (bool)th->psh, last);
		KUNIT_EXPECT_TRUE(test, th->ack);
		/* Over a segment with its checksum, a right one gives 0. */
		KUNIT_EXPECT_EQ(test, xtcp_csum(iph->saddr, iph->daddr, th,
						th->doff * 4 + len), 0);
		for (i = 0; i < len; i++)
			if (((u8 *)th)[th->doff * 4 + i] != (u8)((off + i) * 7))
				break;
		KUNIT_EXPECT_EQ(test, i, len);
		off += len;
	}
	KUNIT_EXPECT_EQ(test, n, (u32)ARRAY_SIZE(lens));
	KUNIT_EXPECT_EQ(test, off, 1000U);
	for (seg = segs; seg; seg = next) {
		next = seg->next;
		kfree_skb(seg);
	}
	consume_skb(skb);
}

/* A device that takes the super-segment whole: only gso_segs is set. */
static void xtcp_gso_device_takes_it_test(struct kunit *test)
{
	struct sk_buff *skb = xtcp_gso_skb(test, 1000, 300, TCPHDR_ACK);
	struct sk_buff *segs;

	skb_shinfo(skb)->gso_segs = 0;
	segs = skb_gso_segment(skb, NETIF_F_TSO | NETIF_F_SG |
				    NETIF_F_HW_CSUM);
	KUNIT_EXPECT_PTR_EQ(test, segs, (struct sk_buff *)NULL);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_segs, (u16)4);
	kfree_skb(skb);
}

/* A super-segment that is not one (text within gso_size) is refused. */
static void xtcp_gso_too_short_test(struct kunit *test)
{
	struct sk_buff *skb = xtcp_gso_skb(test, 300, 300, TCPHDR_ACK);
	struct sk_buff *segs = skb_gso_segment(skb, 0);

	KUNIT_EXPECT_TRUE(test, IS_ERR(segs));
	kfree_skb(skb);
}

static struct kunit_case xtcp_offload_test_cases[] = {
	KUNIT_CASE(xtcp_gso_segment_test),
	KUNIT_CASE(xtcp_gso_device_takes_it_test),
	KUNIT_CASE(xtcp_gso_too_short_test),
	{}
};

static struct kunit_suite xtcp_offload_suite = {
	.name = "xtcp_offload",
	.test_cases = xtcp_offload_test_cases,
};

kunit_test_suite(xtcp_offload_suite);
