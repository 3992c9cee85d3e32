// SPDX-License-Identifier: GPL-2.0
/*
 * XTCP over IPv6: Next Header xtcp_ipproto (253), the segment TCP's, its
 * checksum over RFC 8200 8.1's pseudo-header with 6 (output.c, input.c).
 * Sockets send through inet6_csk_xmit(), which takes the Next Header from
 * sk_protocol. Segments with no socket behind them (resets, SYN+ACKs,
 * TIME_WAIT ACKs) go from a per-netns control socket, as TCP's do from
 * net->ipv6.tcp_sk: ip6_xmit() and ip6_dst_lookup_flow() need a full
 * socket with an ipv6_pinfo.
 */
#include <net/addrconf.h>
#include <net/inet_common.h>
#include <net/inet6_connection_sock.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "header.h"
#include "icmp.h"
#include "input.h"
#include "main.h"
#include "sock6.h"

int xtcp6_xmit(struct sock *sk, struct sk_buff *skb)
{
	return inet6_csk_xmit(sk, skb, NULL);
}

/*
 * Send @skb, its header built, from the namespace's control socket. By
 * @t's interface: a request's ir_iif (inet6_csk_route_req()), for other
 * replies the one a link-local peer's segment came in on
 * (tcp_v6_send_response()); one of the fe80::/64 routes of any other
 * interface would do for the lookup, but not for the peer.
 */
void xtcp6_send_ctl(struct net *net, const struct xtcp_tuple *t,
		    struct sk_buff *skb)
{
	struct sock *ctl = xtcp_pernet(net)->ctl6;
	struct dst_entry *dst;
	struct flowi6 fl6 = {
		.flowi6_proto = xtcp_ipproto,
		.flowi6_oif = t->oif,
		.daddr = t->raddr6,
		.saddr = t->laddr6,
		.fl6_dport = t->rport,
		.fl6_sport = t->lport,
	};

	if (!ctl) {
		kfree_skb(skb);
		return;
	}
	dst = ip6_dst_lookup_flow(net, ctl, &fl6, NULL);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return;
	}
	skb_dst_set(skb, dst);
	ip6_xmit(ctl, skb, &fl6, 0, NULL, 0, 0);
}

/*
 * The MSS a request announces: the MTU of its route, by interface @oif,
 * less IPv6 and XTCP headers.
 */
u16 xtcp6_route_mss(struct net *net, const struct xtcp_tuple *t, int oif)
{
	struct sock *ctl = xtcp_pernet(net)->ctl6;
	struct dst_entry *dst;
	struct flowi6 fl6 = {
		.flowi6_proto = xtcp_ipproto,
		.flowi6_oif = oif,
		.daddr = t->raddr6,
		.saddr = t->laddr6,
	};
	u32 mtu;

	if (!ctl)
		return IPV6_MIN_MTU - sizeof(struct ipv6hdr) - XTCP_HDR_MIN;
	dst = ip6_dst_lookup_flow(net, ctl, &fl6, NULL);
	if (IS_ERR(dst))
		return IPV6_MIN_MTU - sizeof(struct ipv6hdr) - XTCP_HDR_MIN;
	mtu = dst_mtu(dst);
	dst_release(dst);
	return clamp_t(u32, mtu - sizeof(struct ipv6hdr) - XTCP_HDR_MIN,
		       XTCP_MSS_MIN, XTCP_MSS_MAX);
}

static int xtcp_v6_rcv(struct sk_buff *skb)
{
	return xtcp_rcv(skb, true);
}

/* As tcpv6_protocol: XTCP checks the IPsec policy itself (input.c). */
static const struct inet6_protocol xtcp6_protocol = {
	.handler	= xtcp_v6_rcv,
	.err_handler	= xtcp_v6_err,
	.flags		= INET6_PROTO_NOPOLICY | INET6_PROTO_FINAL,
};

int xtcp6_init_net(struct net *net)
{
	return inet_ctl_sock_create(&xtcp_pernet(net)->ctl6, PF_INET6,
				    SOCK_RAW, xtcp_ipproto, net);
}

void xtcp6_exit_net(struct net *net)
{
	inet_ctl_sock_destroy(xtcp_pernet(net)->ctl6);
	xtcp_pernet(net)->ctl6 = NULL;
}

int xtcp6_init(void)
{
	return inet6_add_protocol(&xtcp6_protocol, xtcp_ipproto) ? -EBUSY : 0;
}

void xtcp6_exit(void)
{
	inet6_del_protocol(&xtcp6_protocol, xtcp_ipproto);
}
