// SPDX-License-Identifier: GPL-2.0
/*
 * Building and sending segments. The checksum is computed here in full, as
 * TCP's with IPPROTO_TCP in the pseudo-header, so that a capture anywhere on
 * the path validates. Sockets send through ip_queue_xmit(); segments with no
 * socket (a reset, a request's SYN+ACK, a TIME_WAIT ACK) are routed and sent
 * by xtcp_send_ctl().
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "header.h"
#include "seq.h"
#include "state.h"

#define XTCP_DEFAULT_MSS	536	/* RFC 9293 3.7.1 */

/* MSS from the route's MTU, minus IPv4 and XTCP headers. */
u16 xtcp_route_mss(struct net *net, __be32 daddr, __be32 saddr)
{
	struct flowi4 fl4;
	struct rtable *rt;
	u32 mtu;

	rt = ip_route_output_ports(net, &fl4, NULL, daddr, saddr, 0, 0,
				   xtcp_ipproto, 0, 0);
	if (IS_ERR(rt))
		return XTCP_DEFAULT_MSS;
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	return clamp_t(u32, mtu - sizeof(struct iphdr) - XTCP_HDR_MIN, 88, 65495);
}

static void xtcp_build_header(struct sk_buff *skb, const struct xtcp_tuple *t,
			      u32 seq, u32 ack, u8 flags, u16 wnd, u16 mss)
{
	unsigned int optlen = mss ? TCPOLEN_MSS : 0;
	struct tcphdr *th;

	th = skb_push(skb, sizeof(*th) + optlen);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = t->lport;
	th->dest = t->rport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = (sizeof(*th) + optlen) / 4;
	tcp_flag_byte(th) = flags;
	th->window = htons(wnd);
	if (mss) {
		u8 *p = (u8 *)(th + 1);

		p[0] = TCPOPT_MSS;
		p[1] = TCPOLEN_MSS;
		put_unaligned_be16(mss, p + 2);
	}
	th->check = 0;
	th->check = csum_tcpudp_magic(t->laddr, t->raddr, skb->len, IPPROTO_TCP,
				      skb_checksum(skb, 0, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
}

static void xtcp_count_out(struct net *net, u8 flags)
{
	XTCP_INC_STATS(net, XTCP_MIB_OUTSEGS);
	if (flags & TCPHDR_RST)
		XTCP_INC_STATS(net, XTCP_MIB_OUTRSTS);
}

/* Send @skb, which the caller gave up, from socket @sk. */
static int xtcp_xmit(struct sock *sk, struct sk_buff *skb, u32 seq, u8 flags,
		     u16 mss)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tuple t;
	int err;

	xtcp_sk_tuple(sk, &t);
	if (flags & TCPHDR_ACK)
		xs->rcv_wnd = xtcp_rcv_window(sk);
	xtcp_build_header(skb, &t, seq, xs->rcv_nxt, flags,
			  (flags & TCPHDR_SYN) ? min_t(u32, xtcp_rcv_window(sk),
						       U16_MAX) : xs->rcv_wnd,
			  mss);
	skb_set_owner_w(skb, sk);
	skb->priority = sk->sk_priority;
	err = ip_queue_xmit(sk, skb, &inet_sk(sk)->cork.fl);
	if (!err)
		xtcp_count_out(sock_net(sk), flags);
	return net_xmit_eval(err);
}

/*
 * Send a copy of queued segment @oskb (SYN, data or FIN). A copy still in
 * flight shares the header room, so then the copy is deep.
 */
int xtcp_transmit(struct sock *sk, struct sk_buff *oskb, u8 flags)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(oskb);
	struct sk_buff *skb;

	skb = skb_cloned(oskb) ? pskb_copy(oskb, GFP_ATOMIC) :
				 skb_clone(oskb, GFP_ATOMIC);
	if (!skb)
		return -ENOBUFS;
	flags |= cb->flags;
	if (sk->sk_state != XTCP_SYN_SENT)
		flags |= TCPHDR_ACK;
	return xtcp_xmit(sk, skb, cb->seq, flags,
			 (flags & TCPHDR_SYN) ? xtcp_sk(sk)->adv_mss : 0);
}

static struct sk_buff *xtcp_alloc_ctl(gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER, gfp);

	if (skb)
		skb_reserve(skb, MAX_TCP_HEADER);
	return skb;
}

/* A segment with no text from socket @sk. */
static void xtcp_send_flags(struct sock *sk, u32 seq, u8 flags)
{
	struct sk_buff *skb = xtcp_alloc_ctl(GFP_ATOMIC);

	if (skb)
		xtcp_xmit(sk, skb, seq, flags, 0);
}

void xtcp_send_ack(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_sk(sk)->snd_nxt, TCPHDR_ACK);
}

/* RFC 5961 7: challenge ACKs are budgeted per second and per netns. */
bool xtcp_challenge_allowed(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	u64 now = ktime_get_ns();
	bool ok;

	spin_lock_bh(&xn->challenge_lock);
	if (now - xn->challenge_stamp >= NSEC_PER_SEC) {
		xn->challenge_stamp = now;
		xn->challenge_count = 0;
	}
	ok = xn->challenge_count < READ_ONCE(xn->sysctl.challenge_ack_limit);
	if (ok)
		xn->challenge_count++;
	spin_unlock_bh(&xn->challenge_lock);
	if (ok)
		XTCP_INC_STATS(net, XTCP_MIB_CHALLENGEACKS);
	return ok;
}

void xtcp_send_challenge_ack(struct sock *sk)
{
	if (xtcp_challenge_allowed(sock_net(sk)))
		xtcp_send_ack(sk);
}

/* RST+ACK at SND.NXT: aborting a connection (RFC 9293 3.10.4 ABORT). */
void xtcp_send_active_rst(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_sk(sk)->snd_nxt, TCPHDR_RST | TCPHDR_ACK);
}

/* A keepalive probe: one byte below SND.UNA, so the peer must ACK it. */
void xtcp_send_keepalive(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_sk(sk)->snd_una - 1, TCPHDR_ACK);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_KEEPALIVEPROBES);
}

/* Queue our FIN after the data; it goes when the window lets it. */
int xtcp_queue_fin(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	if (xs->fin_queued)
		return 0;
	skb = alloc_skb(MAX_TCP_HEADER, sk->sk_allocation | __GFP_NOFAIL);
	skb_reserve(skb, MAX_TCP_HEADER);
	XTCP_SKB_CB(skb)->seq = xs->write_seq;
	XTCP_SKB_CB(skb)->end_seq = ++xs->write_seq;
	XTCP_SKB_CB(skb)->flags = TCPHDR_FIN;
	sk->sk_wmem_queued += skb->truesize;
	__skb_queue_tail(&sk->sk_write_queue, skb);
	xs->fin_queued = 1;
	xtcp_push(sk);
	return 0;
}

/* Queue and send our SYN: SYN_SENT's, or SYN+ACK after a simultaneous open. */
void xtcp_send_syn(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb(MAX_TCP_HEADER, sk->sk_allocation | __GFP_NOFAIL);
	skb_reserve(skb, MAX_TCP_HEADER);
	XTCP_SKB_CB(skb)->seq = xs->iss;
	XTCP_SKB_CB(skb)->end_seq = xs->iss + 1;
	XTCP_SKB_CB(skb)->flags = TCPHDR_SYN;
	sk->sk_wmem_queued += skb->truesize;
	__skb_queue_tail(&sk->sk_write_queue, skb);
	xs->syn_queued = 1;
	xs->snd_nxt = xs->iss + 1;
	xs->write_seq = xs->iss + 1;
	xtcp_transmit(sk, skb, 0);
	xtcp_rtx_arm(sk);
}

/* Simultaneous open: our queued SYN goes again, now with the ACK. */
void xtcp_send_synack(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	if (skb && (XTCP_SKB_CB(skb)->flags & TCPHDR_SYN))
		xtcp_transmit(sk, skb, 0);
}

/*
 * Send what the peer's window allows, in queue order. A FIN alone is sent
 * even into a closed window.
 */
void xtcp_push(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 wnd_end = xs->snd_una + xs->snd_wnd;
	struct sk_buff *skb;
	bool sent = false;

	if (sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV ||
	    sk->sk_state == XTCP_CLOSE)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
		u32 data_end = cb->end_seq - !!(cb->flags & TCPHDR_FIN);

		if (!xtcp_seq_after(cb->end_seq, xs->snd_nxt))
			continue;
		if (xtcp_seq_after(data_end, wnd_end) && data_end != cb->seq)
			break;
		if (xtcp_transmit(sk, skb, 0))
			break;
		xs->snd_nxt = cb->end_seq;
		sent = true;
	}
	if (sent)
		xtcp_rtx_arm(sk);
}

/* A segment with no socket behind it, to @t->raddr. */
void xtcp_send_ctl(struct net *net, const struct xtcp_tuple *t, u32 seq,
		   u32 ack, u8 flags, u16 wnd, u16 mss)
{
	struct sk_buff *skb;
	struct flowi4 fl4;
	struct rtable *rt;
	struct iphdr *iph;

	rt = ip_route_output_ports(net, &fl4, NULL, t->raddr, t->laddr,
				   t->rport, t->lport, xtcp_ipproto, 0, 0);
	if (IS_ERR(rt))
		return;
	skb = xtcp_alloc_ctl(GFP_ATOMIC);
	if (!skb) {
		ip_rt_put(rt);
		return;
	}
	xtcp_build_header(skb, t, seq, ack, flags, wnd, mss);
	skb_dst_set(skb, &rt->dst);
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0;
	iph->tot_len = htons(skb->len);
	iph->frag_off = htons(IP_DF);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = xtcp_ipproto;
	iph->saddr = fl4.saddr;
	iph->daddr = fl4.daddr;
	ip_select_ident(net, skb, NULL);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	if (!ip_local_out(net, NULL, skb))
		xtcp_count_out(net, flags);
}

/* Answer a segment that has nowhere to go (RFC 9293 3.10.7.1). */
void xtcp_send_reset(struct net *net, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct xtcp_tuple t = {
		.laddr = iph->daddr,
		.raddr = iph->saddr,
		.lport = th->dest,
		.rport = th->source,
	};

	if (th->rst)
		return;
	if (th->ack)
		xtcp_send_ctl(net, &t, cb->ack, 0, TCPHDR_RST, 0, 0);
	else
		xtcp_send_ctl(net, &t, 0, cb->end_seq, TCPHDR_RST | TCPHDR_ACK,
			      0, 0);
}
