// SPDX-License-Identifier: GPL-2.0
/*
 * Segmentation offload. A data skb of several MSS leaves a socket as one
 * super-segment with gso_size = MSS, as TCP's TSO skbs do: it crosses the
 * IP layer once, and a veth hands it whole to the namespace behind it. The
 * header is byte for byte TCP's, so SKB_GSO_TCPV4 (SKB_GSO_TCPV6 over
 * IPv6) describes it. Where a device cannot take it (no TSO, gso_max_segs
 * 1, netem corrupting it), the stack cuts it up here, called by protocol
 * from inet_gso_segment() or ipv6_gso_segment(): as
 * tcp_gso_segment(), MSS-sized segments, each with its own sequence number
 * and checksum, FIN and PSH on the last one only.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/tcp.h>

#include "compat.h"
#include "xtcp.h"
#include "main.h"
#include "offload.h"

static bool xtcp_offload_added, xtcp_offload6_added;

/* Finish segment @seg's checksum from the pseudo-header sum in @th. */
static void xtcp_gso_csum(struct sk_buff *seg, struct tcphdr *th)
{
	if (seg->ip_summed == CHECKSUM_PARTIAL)
		gso_reset_checksum(seg, csum_unfold(~th->check));
	else
		th->check = gso_make_checksum(seg, csum_unfold(~th->check));
}

static struct sk_buff *xtcp_gso_segment(struct sk_buff *skb,
					netdev_features_t features)
{
	struct sk_buff *segs, *seg;
	unsigned int thlen, mss;
	struct tcphdr *th;
	__sum16 newcheck;
	u32 oldlen, seq;
	__wsum delta;

	if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) ||
	    skb->ip_summed != CHECKSUM_PARTIAL ||
	    !pskb_may_pull(skb, sizeof(*th)))
		return ERR_PTR(-EINVAL);
	th = tcp_hdr(skb);
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) ||
	    skb_checksum_start(skb) != skb_transport_header(skb) ||
	    !pskb_may_pull(skb, thlen))
		return ERR_PTR(-EINVAL);
	oldlen = ~skb->len;
	__skb_pull(skb, thlen);
	mss = skb_shinfo(skb)->gso_size;
	if (!mss || skb->len <= mss)
		return ERR_PTR(-EINVAL);
	if (skb_gso_ok(skb, features | NETIF_F_GSO_ROBUST)) {
		/* The device takes it whole: only count the segments. */
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(skb->len, mss);
		return NULL;
	}
	segs = skb_segment(skb, features);
	if (IS_ERR(segs))
		return segs;
	if (skb_is_gso(segs))
		mss *= skb_shinfo(segs)->gso_segs;

	/* Each segment's checksum: the pseudo-header's length changes. */
	delta = (__force __wsum)htonl(oldlen + thlen + mss);
	seg = segs;
	th = tcp_hdr(seg);
	seq = ntohl(th->seq);
	newcheck = ~csum_fold(csum_add(csum_unfold(th->check), delta));
	while (seg->next) {
		th->fin = 0;
		th->psh = 0;
		th->check = newcheck;
		xtcp_gso_csum(seg, th);
		seq += mss;
		seg = seg->next;
		th = tcp_hdr(seg);
		th->seq = htonl(seq);
		th->cwr = 0;
	}
	delta = (__force __wsum)htonl(oldlen + (skb_tail_pointer(seg) -
						skb_transport_header(seg)) +
				      seg->data_len);
	th->check = ~csum_fold(csum_add(csum_unfold(th->check), delta));
	xtcp_gso_csum(seg, th);
	return segs;
}

static const struct net_offload xtcp_offload = {
	.callbacks = {
		.gso_segment = xtcp_gso_segment,
	},
};

/*
 * How many MSS one data skb of @sk may carry: those of a TSO skb for the
 * route's device, if it is a software one (veth, loopback, a bridge):
 * one that drives hardware may offload the super-segment to a NIC, which
 * would have to take IP protocol xtcp_ipproto for TCP. One otherwise.
 * "ethtool -K DEV tso off" or "ip link set DEV gso_max_segs 1" turn it off.
 */
u32 xtcp_gso_segs(struct sock *sk, u32 mss)
{
	struct dst_entry *dst = __sk_dst_get(sk);
	bool v6 = xtcp_sk(sk)->hn.v6;
	const netdev_features_t need = (v6 ? NETIF_F_TSO6 : NETIF_F_TSO) |
				       NETIF_F_SG;
	struct net_device *dev;
	u32 bytes;

	if (!(v6 ? xtcp_offload6_added : xtcp_offload_added) || !dst || !mss)
		return 1;
	dev = dst->dev;
	if (dev->dev.parent || (dev->features & need) != need ||
	    !(dev->features & NETIF_F_CSUM_MASK))
		return 1;
	bytes = min_t(u32, READ_ONCE(dev->gso_max_size), GSO_LEGACY_MAX_SIZE);
	bytes = bytes > MAX_TCP_HEADER ? bytes - 1 - MAX_TCP_HEADER : 0;
	return clamp_t(u32, bytes / mss, 1, READ_ONCE(dev->gso_max_segs));
}

/*
 * A sending path without GSO still works, one MSS per skb: a protocol
 * number whose offload slot is taken only costs speed.
 */
void xtcp_offload_init(void)
{
	xtcp_offload_added = !inet_add_offload(&xtcp_offload, xtcp_ipproto);
	if (!xtcp_offload_added)
		pr_warn("IP protocol %d has an offload already: no GSO\n",
			xtcp_ipproto);
	xtcp_offload6_added = !inet6_add_offload(&xtcp_offload, xtcp_ipproto);
	if (!xtcp_offload6_added)
		pr_warn("IPv6 next header %d has an offload already: no GSO\n",
			xtcp_ipproto);
}

void xtcp_offload_exit(void)
{
	if (xtcp_offload6_added)
		inet6_del_offload(&xtcp_offload, xtcp_ipproto);
	if (xtcp_offload_added)
		inet_del_offload(&xtcp_offload, xtcp_ipproto);
}
