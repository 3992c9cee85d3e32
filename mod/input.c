// SPDX-License-Identifier: GPL-2.0
/*
 * Segment arrival: the IPv4 handler for the XTCP protocol number. Every
 * segment is checked (header length, data offset, checksum, options) before
 * anything reads it.
 */
#include <linux/skbuff.h>
#include <net/ip.h>

#include "xtcp.h"
#include "header.h"

int xtcp_v4_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct tcphdr *th;
	struct xtcp_opts opts;
	int hlen;

	if (skb->pkt_type != PACKET_HOST)
		goto drop;
	XTCP_INC_STATS(net, XTCP_MIB_INSEGS);

	if (!pskb_may_pull(skb, XTCP_HDR_MIN))
		goto bad;
	hlen = xtcp_hdr_len(tcp_hdr(skb), skb->len);
	if (hlen < 0 || !pskb_may_pull(skb, hlen))
		goto bad;
	if (skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo) ||
	    skb_checksum_complete(skb))
		goto csum_error;
	th = tcp_hdr(skb);
	if (xtcp_parse_options((const u8 *)(th + 1), hlen - sizeof(*th), &opts))
		goto bad;

	/* No socket takes segments yet. */
	consume_skb(skb);
	return 0;

csum_error:
	XTCP_INC_STATS(net, XTCP_MIB_INCSUMERRORS);
bad:
	XTCP_INC_STATS(net, XTCP_MIB_INERRS);
drop:
	kfree_skb(skb);
	return 0;
}
