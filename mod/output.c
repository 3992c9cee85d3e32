// SPDX-License-Identifier: GPL-2.0
/*
 * Building and sending segments. The checksum is computed here in full, as
 * TCP's with IPPROTO_TCP in the pseudo-header, so that a capture anywhere on
 * the path validates. Sockets send through ip_queue_xmit(); segments with no
 * socket (a reset, a request's SYN+ACK, a TIME_WAIT ACK) are routed and sent
 * by xtcp_send_ctl().
 */
#include <kunit/visibility.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/route.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "conn.h"
#include "input.h"
#include "main.h"
#include "mem.h"
#include "output.h"
#include "pmtu.h"
#include "timer.h"
#include "header.h"
#include "segtrace.h"
#include "seq.h"
#include "sock6.h"
#include "state.h"
#include "trace.h"
#include "window.h"

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
	return clamp_t(u32, mtu - sizeof(struct iphdr) - XTCP_HDR_MIN, XTCP_MSS_MIN,
		       XTCP_MSS_MAX);
}

/* Options: MSS and window scale, in SYN and SYN+ACK only (RFC 7323 2.2). */
static unsigned int xtcp_opts_len(u16 mss, s8 wscale)
{
	return (mss ? TCPOLEN_MSS : 0) + (wscale >= 0 ? TCPOLEN_WINDOW + 1 : 0);
}

static void xtcp_write_opts(u8 *p, u16 mss, s8 wscale)
{
	if (mss) {
		*p++ = TCPOPT_MSS;
		*p++ = TCPOLEN_MSS;
		put_unaligned_be16(mss, p);
		p += 2;
	}
	if (wscale >= 0) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p = wscale;
	}
}

/*
 * The header, and the one place every segment we send is traced: @flags
 * carries the retransmission bit and the sender's state (segtrace.h).
 */
static void xtcp_build_header(struct sk_buff *skb, const struct xtcp_tuple *t,
			      u32 seq, u32 ack, u32 flags, u16 wnd, u16 mss,
			      s8 wscale)
{
	unsigned int optlen = xtcp_opts_len(mss, wscale);
	struct tcphdr *th;

	th = skb_push(skb, sizeof(*th) + optlen);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = t->lport;
	th->dest = t->rport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = (sizeof(*th) + optlen) / 4;
	tcp_flag_byte(th) = (u8)flags;
	th->window = htons(wnd);
	xtcp_write_opts((u8 *)(th + 1), mss, wscale);
	th->check = 0;
	trace_xtcp_segment_send(th, t, true,
				skb->len - sizeof(*th) - optlen, mss, wscale,
				XTCP_XMIT_STATE_OF(flags),
				!!(flags & XTCP_XMIT_RTX), 0);
}

/* The pseudo-header's sum with @csum, 6 its protocol (RFC 8200 8.1). */
static __sum16 xtcp_csum_magic(const struct xtcp_tuple *t, u32 len,
			       __wsum csum)
{
	if (t->v6)
		return csum_ipv6_magic(&t->laddr6, &t->raddr6, len,
				       IPPROTO_TCP, csum);
	return csum_tcpudp_magic(t->laddr, t->raddr, len, IPPROTO_TCP, csum);
}

/* The checksum, in full: what a capture anywhere validates. */
static void xtcp_csum_full(struct sk_buff *skb, const struct xtcp_tuple *t)
{
	tcp_hdr(skb)->check = xtcp_csum_magic(t, skb->len,
					      skb_checksum(skb, 0, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
}

/*
 * A super-segment of @segs MSS (offload.c): the pseudo-header sum only;
 * the device, or the segmentation in software, completes each segment's.
 */
static void xtcp_csum_gso(struct sk_buff *skb, const struct xtcp_tuple *t,
			  u32 mss, u32 segs)
{
	struct skb_shared_info *si = skb_shinfo(skb);

	si->gso_size = mss;
	si->gso_segs = segs;
	si->gso_type = t->v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	tcp_hdr(skb)->check = ~xtcp_csum_magic(t, skb->len, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

static void xtcp_count_out(struct net *net, u8 flags)
{
	XTCP_INC_STATS(net, XTCP_MIB_OUTSEGS);
	if (flags & TCPHDR_RST)
		XTCP_INC_STATS(net, XTCP_MIB_OUTRSTS);
}

/*
 * The window field. A SYN's is never scaled (RFC 7323 2.2); otherwise this
 * is a window update: RCV.WUP moves to RCV.NXT, and any owed ACK goes.
 */
static u16 xtcp_window_field(struct sock *sk, u8 flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (flags & TCPHDR_SYN)
		return min_t(u32, xtcp_rcv_window(sk), U16_MAX);
	if (!(flags & TCPHDR_ACK))
		return 0;
	xs->rcv_wnd = xtcp_rcv_window(sk);
	xs->rcv_wup = xs->rcv_nxt;
	xs->ack_pending = 0;
	xs->ack_pushed = 0;
	xs->rcv_unacked = 0;
	xtcp_timer_ack_sent(sk);
	return min_t(u32, xs->rcv_wnd >> xs->rcv_wscale, U16_MAX);
}

/* Send @skb, which the caller gave up, from socket @sk. */
static int xtcp_xmit(struct sock *sk, struct sk_buff *skb, u32 seq, u32 flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool syn = flags & TCPHDR_SYN;
	u32 segs = skb->len > xs->mss ? DIV_ROUND_UP(skb->len, xs->mss) : 1;
	struct xtcp_tuple t;
	int err;

	xtcp_sk_wire_tuple(sk, &t);
	/*
	 * Text that carries an ACK still owed, within the delayed-ACK
	 * time: the application answers what it reads. Enter pingpong mode
	 * (tcp_event_data_sent()); the delayed-ACK timer leaves it.
	 */
	if (skb->len && xs->ack_pending)
		xs->pingpong = 1;
	xtcp_build_header(skb, &t, seq, xs->rcv_nxt,
			  flags | XTCP_XMIT_STATE(sk->sk_state),
			  xtcp_window_field(sk, flags), syn ? xs->adv_mss : 0,
			  syn && (sk->sk_state == XTCP_SYN_SENT ||
				  xs->wscale_ok) ? xs->rcv_wscale : -1);
	if (segs > 1) {
		xtcp_csum_gso(skb, &t, xs->mss, segs);
	} else {
		/* Cut down by a retransmission: no longer a super-segment. */
		skb_gso_reset(skb);
		xtcp_csum_full(skb, &t);
	}
	skb_set_owner_w(skb, sk);
	skb->priority = sk->sk_priority;
	if (t.v6)
		err = xtcp6_xmit(sk, skb);
	else
		err = ip_queue_xmit(sk, skb, &inet_sk(sk)->cork.fl);
	if (!err)
		xtcp_count_out(sock_net(sk), flags);
	return net_xmit_eval(err);
}

/*
 * Send a copy of queued segment @oskb (SYN, data or FIN). A copy still in
 * flight shares the header room, so then the copy is deep.
 */
int xtcp_transmit(struct sock *sk, struct sk_buff *oskb, u32 flags)
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
	return xtcp_xmit(sk, skb, cb->seq, flags);
}

/* Send @skb again. Karn: no RTT sample spans a retransmission. */
static int xtcp_retransmit(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = xtcp_transmit(sk, skb, XTCP_XMIT_RTX);

	if (!err) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RETRANSSEGS);
		xs->total_retrans++;
	}
	xs->rtt_stamp = 0;
	return err;
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
		xtcp_xmit(sk, skb, seq, flags);
}

/* The right edge of the peer's window (tcp_wnd_end()). */
static u32 xtcp_wnd_end(const struct xtcp_sock *xs)
{
	return xs->snd_una + xs->snd_wnd;
}

/*
 * The number of a segment without text: SND.NXT, unless the peer's
 * window has shrunk below it, then the window's right edge, which the
 * peer still accepts (tcp_acceptable_seq()).
 */
static u32 xtcp_acceptable_seq(const struct xtcp_sock *xs)
{
	u32 wnd_end = xtcp_wnd_end(xs);

	if (!xtcp_seq_after(xs->snd_nxt, wnd_end) ||
	    (xs->wscale_ok && xs->snd_nxt - wnd_end < (1U << xs->rcv_wscale)))
		return xs->snd_nxt;
	return wnd_end;
}

void xtcp_send_ack(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_acceptable_seq(xtcp_sk(sk)), TCPHDR_ACK);
}

/*
 * RFC 5961 7: challenge ACKs are budgeted per second and per netns, as
 * tcp_challenge_ack_allowed() in Linux 6.1. The budget is drawn anew each
 * second from [limit / 2, limit * 3 / 2): with a fixed one, an off-path
 * attacker who exhausts it learns whether its own guess drew a challenge
 * ACK, and so the connection's sequence numbers (CVE-2016-5696).
 * challenge_ack_limit INT_MAX is no budget at all, as in Linux.
 */
static bool xtcp_challenge_allowed(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	u32 limit = READ_ONCE(xn->sysctl.challenge_ack_limit);
	u64 now = ktime_get_ns();
	bool ok = true;

	if (limit != INT_MAX) {
		spin_lock_bh(&xn->challenge_lock);
		if (now - xn->challenge_stamp >= NSEC_PER_SEC) {
			xn->challenge_stamp = now;
			xn->challenge_count = limit ? (limit + 1) / 2 +
					      get_random_u32_below(limit) : 0;
		}
		ok = xn->challenge_count > 0;
		if (ok)
			xn->challenge_count--;
		spin_unlock_bh(&xn->challenge_lock);
	}
	if (ok)
		XTCP_INC_STATS(net, XTCP_MIB_CHALLENGEACKS);
	return ok;
}

/*
 * Out-of-window ACKs from one connection, request or TIME_WAIT entry, at
 * most one per invalid_ratelimit (__tcp_oow_rate_limited()): two endpoints
 * cannot ping-pong ACKs, nor a peer make one connection drain the netns's
 * challenge budget. *@last is the jiffies of the one sent, 0 for none.
 */
static bool xtcp_oow_limited(struct net *net, int mib, u32 *last)
{
	u32 gap = READ_ONCE(xtcp_pernet(net)->sysctl.invalid_ratelimit);
	u32 now = (u32)jiffies, prev = READ_ONCE(*last);

	gap = msecs_to_jiffies(gap);
	if (prev && (s32)(now - prev) >= 0 && (s32)(now - prev) < gap) {
		XTCP_INC_STATS(net, mib);
		return true;
	}
	WRITE_ONCE(*last, now ?: 1);
	return false;
}

/*
 * XTCP_ACT_DUPACK, as tcp_oow_rate_limited(): text (or a FIN) without a
 * SYN is no ACK loop, and always gets its ACK.
 */
bool xtcp_dupack_limited(struct net *net, const struct sk_buff *skb, int mib,
			 u32 *last)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	if (cb->seq != cb->end_seq && !(cb->flags & TCPHDR_SYN))
		return false;
	return xtcp_oow_limited(net, mib, last);
}

/*
 * A challenge ACK may go: the limit of its connection or request (@last)
 * first, then the netns's (tcp_send_challenge_ack(),
 * tcp_reqsk_send_challenge_ack()).
 */
bool xtcp_challenge_ok(struct net *net, u32 *last)
{
	return !xtcp_oow_limited(net, XTCP_MIB_ACKSKIPPEDCHALLENGE, last) &&
	       xtcp_challenge_allowed(net);
}

void xtcp_send_challenge_ack(struct sock *sk)
{
	if (xtcp_challenge_ok(sock_net(sk), &xtcp_sk(sk)->last_oow_ack_time))
		xtcp_send_ack(sk);
}

/* RST+ACK: an abort (RFC 9293 3.10.4 ABORT; tcp_send_active_reset()). */
void xtcp_send_active_rst(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_acceptable_seq(xtcp_sk(sk)),
			TCPHDR_RST | TCPHDR_ACK);
}

/*
 * One byte below SND.UNA, no text: the peer must answer with an ACK and
 * its window. A keepalive probe, and (as Linux's) a zero-window probe.
 */
static void xtcp_send_old_ack(struct sock *sk)
{
	xtcp_send_flags(sk, xtcp_sk(sk)->snd_una - 1, TCPHDR_ACK);
}

void xtcp_send_keepalive(struct sock *sk)
{
	xtcp_send_old_ack(sk);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_KEEPALIVEPROBES);
}

void xtcp_send_probe(struct sock *sk)
{
	xtcp_send_old_ack(sk);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ZEROWINDOWPROBES);
}

/* A control skb (SYN or FIN) of one sequence number, at write_seq. */
static struct sk_buff *xtcp_ctl_skb(struct sock *sk, u8 flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb(MAX_TCP_HEADER, sk->sk_allocation | __GFP_NOFAIL);
	skb_reserve(skb, MAX_TCP_HEADER);
	XTCP_SKB_CB(skb)->seq = xs->write_seq;
	XTCP_SKB_CB(skb)->end_seq = ++xs->write_seq;
	XTCP_SKB_CB(skb)->flags = flags;
	xtcp_wmem_charge(sk, skb->truesize);
	return skb;
}

/*
 * Queue our FIN after the data; it goes when the data before it has. As
 * tcp_send_fin(), it rides on the last text not yet sent, if there is
 * any: the last segment of that text carries it (FIN+PSH+ACK).
 */
int xtcp_queue_fin(struct sock *sk)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_write_queue);
	struct xtcp_sock *xs = xtcp_sk(sk);

	/* Queued already by shutdown() in SYN_RECV: it may go now. */
	if (xs->fin_queued) {
		xtcp_push(sk);
		return 0;
	}
	if (tail && tail->len) {
		XTCP_SKB_CB(tail)->flags |= TCPHDR_FIN;
		XTCP_SKB_CB(tail)->end_seq++;
		xs->write_seq++;
	} else {
		__skb_queue_tail(&sk->sk_write_queue,
				 xtcp_ctl_skb(sk, TCPHDR_FIN));
	}
	xs->fin_queued = 1;
	xtcp_push(sk);
	return 0;
}

/* Send our SYN, and time it (RFC 6298: the handshake gives a sample). */
void xtcp_send_syn(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	xs->write_seq = xs->iss;
	skb = xtcp_ctl_skb(sk, TCPHDR_SYN);
	__skb_queue_tail(&xs->rtx_queue, skb);
	xs->syn_queued = 1;
	xs->snd_nxt = xs->write_seq;
	xs->snd_rtx = xs->snd_nxt;
	xs->rtt_seq = xs->snd_nxt;
	xs->rtt_stamp = ktime_get_ns();
	xtcp_transmit(sk, skb, 0);
	xtcp_timer_syn_sent(sk);
}

/* Simultaneous open: our queued SYN goes again, now with the ACK. */
void xtcp_send_synack(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&xtcp_sk(sk)->rtx_queue);

	if (skb && (XTCP_SKB_CB(skb)->flags & TCPHDR_SYN))
		xtcp_transmit(sk, skb, 0);
}

/*
 * Cut @skb of @queue after @len bytes, as tcp_fragment(): the rest becomes
 * a new skb behind it. For a window smaller than the segment, and for a
 * retransmission of one MSS out of a super-segment. A copy of a sent skb
 * may still be in flight: the header it shares is copied first.
 *
 * Each cut costs an skb of its own, so a peer with a small MSS and a
 * pattern of losses could have retransmissions cut the queue into pieces
 * that take many times the send buffer (CVE-2019-11478). As Linux, past
 * twice the send buffer plus two full skbs, only the first and the last
 * skb of rtx_queue may still be cut (WqueueTooBig); the write queue is
 * bounded by sendmsg().
 */
int xtcp_fragment(struct sock *sk, struct sk_buff_head *queue,
		  struct sk_buff *skb, u32 len)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	long limit = sk->sk_sndbuf + 2 * SKB_TRUESIZE(GSO_LEGACY_MAX_SIZE);
	int old = skb->truesize;
	struct sk_buff *buff;
	u32 nsize;

	if (unlikely((sk->sk_wmem_queued >> 1) > limit &&
		     queue != &sk->sk_write_queue &&
		     skb != skb_peek(queue) && skb != skb_peek_tail(queue))) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_WQUEUETOOBIG);
		return -ENOMEM;
	}
	/* A cloned head is copied: its truesize may grow. */
	if (skb_unclone(skb, GFP_ATOMIC))
		return -ENOMEM;
	xtcp_wmem_resize(sk, skb->truesize - old);
	nsize = skb_headlen(skb) > len ? skb_headlen(skb) - len : 0;
	buff = alloc_skb(MAX_TCP_HEADER + nsize, GFP_ATOMIC);
	if (!buff)
		return -ENOBUFS;
	skb_reserve(buff, MAX_TCP_HEADER);
	skb_split(skb, buff, len);
	/* The pages moved; their memory goes with them. */
	skb->truesize -= buff->data_len;
	xtcp_wmem_charge(sk, buff->truesize);
	buff->truesize += buff->data_len;
	XTCP_SKB_CB(buff)->seq = cb->seq + len;
	XTCP_SKB_CB(buff)->end_seq = cb->end_seq;
	XTCP_SKB_CB(buff)->flags = cb->flags;
	/* A FIN stays on the last piece (tcp_fragment()). */
	cb->flags &= ~TCPHDR_FIN;
	cb->end_seq = cb->seq + len;
	__skb_queue_after(queue, skb, buff);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_fragment);

/* @skb of rtx_queue is acknowledged: it leaves the queue and is freed. */
void xtcp_rtx_free(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	__skb_unlink(skb, &xs->rtx_queue);
	if (XTCP_SKB_CB(skb)->flags & TCPHDR_SYN)
		xs->syn_queued = 0;
	/* Delivered, not dropped: drop monitors must not count it. */
	xtcp_wmem_free_skb(sk, skb);
}

/*
 * Before @skb of rtx_queue goes again: drop what the peer has acked of it
 * (a super-segment can be acked in part), and keep one MSS, so that a
 * retransmission is one segment, as it was before offload. The skb to
 * send, or NULL if memory is short.
 */
static struct sk_buff *xtcp_rtx_cut(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct sk_buff *acked;

	if (!skb->len)
		return skb;
	if (xtcp_seq_before(cb->seq, xs->snd_una) &&
	    xtcp_seq_before(xs->snd_una, cb->end_seq)) {
		if (xtcp_fragment(sk, &xs->rtx_queue, skb,
				  xs->snd_una - cb->seq))
			return NULL;
		acked = skb;
		skb = skb_queue_next(&xs->rtx_queue, acked);
		xtcp_rtx_free(sk, acked);
	}
	if (skb->len > xs->mss &&
	    xtcp_fragment(sk, &xs->rtx_queue, skb, xs->mss))
		return NULL;
	return skb;
}

/* The oldest unacknowledged segment, again: fast retransmit or timeout. */
void xtcp_retransmit_head(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb = skb_peek(&xs->rtx_queue);

	if (skb)
		skb = xtcp_rtx_cut(sk, skb);
	if (!skb)
		return;
	if (!xtcp_retransmit(sk, skb) &&
	    xtcp_seq_before(xs->snd_rtx, XTCP_SKB_CB(skb)->end_seq))
		xs->snd_rtx = XTCP_SKB_CB(skb)->end_seq;
}

/*
 * After a timeout (cc LOSS), send again what was outstanding, oldest first,
 * as the congestion window allows: go-back-N, as TCP without SACK does.
 */
static bool xtcp_resend_lost(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;
	bool sent = false;

	skb_queue_walk(&xs->rtx_queue, skb) {
		struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
		u32 flight = xtcp_in_flight(xs);

		if (!xtcp_seq_before(xs->snd_rtx, xs->snd_nxt))
			break;
		if (!xtcp_seq_after(cb->end_seq, xs->snd_rtx))
			continue;
		skb = xtcp_rtx_cut(sk, skb);
		if (!skb || (flight && flight + skb->len > xs->cc.cwnd))
			break;
		if (xtcp_retransmit(sk, skb))
			break;
		xs->snd_rtx = XTCP_SKB_CB(skb)->end_seq;
		sent = true;
	}
	return sent;
}

/* Send new segment @skb from the write queue; it moves to rtx_queue. */
static int xtcp_send_new(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = xtcp_transmit(sk, skb, 0);

	if (err)
		return err;
	__skb_unlink(skb, &sk->sk_write_queue);
	__skb_queue_tail(&xs->rtx_queue, skb);
	if (!xs->rtt_stamp) {
		xs->rtt_seq = cb->end_seq;
		xs->rtt_stamp = ktime_get_ns();
	}
	xs->snd_nxt = cb->end_seq;
	/* tcp_minshall_update(): a short segment, or a tail, went. */
	if (xs->mss && skb->len % xs->mss)
		xs->snd_sml = cb->end_seq;
	if (xtcp_seq_before(xs->snd_rtx, xs->snd_nxt) &&
	    xs->cc.state != XTCP_CA_LOSS)
		xs->snd_rtx = xs->snd_nxt;
	return 0;
}

/*
 * tcp_minshall_check(): a short segment sent is still unacknowledged.
 * Nagle holds the next short one only then (tcp_nagle_check()).
 */
static bool xtcp_minshall_check(const struct xtcp_sock *xs)
{
	return xtcp_seq_after(xs->snd_sml, xs->snd_una) &&
	       !xtcp_seq_after(xs->snd_sml, xs->snd_nxt);
}

/* How __xtcp_push() treats a short last segment. */
enum {
	XTCP_PUSH_FORCE = 1,	/* persist timer: what fits goes */
	XTCP_PUSH_NOW = 2,	/* past Nagle and cork (TCP_NAGLE_PUSH) */
	XTCP_PUSH_MORE = 4,	/* MSG_MORE: held, as under cork */
};

/*
 * Send what the windows allow, in order: the peer's window, the congestion
 * window, Nagle and sender SWS avoidance (window.c). A FIN alone takes one
 * number of the peer's window but no room in the congestion window. If
 * the peer's window holds everything back with nothing in flight, the
 * persist timer probes it. XTCP_CORK and MSG_MORE hold a short last
 * segment back, as TCP_NAGLE_CORK does, even with XTCP_NODELAY; the
 * persist timer sends it if nothing else comes.
 */
static bool __xtcp_push(struct sock *sk, int how)
{
	bool force = how & XTCP_PUSH_FORCE;
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;
	bool sent = false;
	u32 cwnd;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE |
				   TCPF_LISTEN))
		return false;
	xtcp_current_mss(sk);
	if (xs->cc.state == XTCP_CA_LOSS)
		sent = xtcp_resend_lost(sk);
	/*
	 * Limited transmit (RFC 3042): each of the first two duplicate ACKs
	 * lets one new segment out, so that a small window still gets the
	 * three duplicates fast retransmit needs.
	 */
	cwnd = xs->cc.cwnd;
	if (xs->cc.state == XTCP_CA_OPEN && xs->cc.dupacks < XTCP_CC_DUPTHRESH)
		cwnd += xs->cc.dupacks * xs->mss;
	while ((skb = skb_peek(&sk->sk_write_queue))) {
		struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
		u32 wnd_end = xtcp_wnd_end(xs);
		u32 flight = xtcp_in_flight(xs), room, len;
		bool fin = cb->flags & TCPHDR_FIN, one = skb->len <= xs->mss;
		bool nagle_ok;

		if (xs->cc.state == XTCP_CA_LOSS &&
		    xtcp_seq_before(xs->snd_rtx, xs->snd_nxt))
			break;
		if (!skb->len) {
			/*
			 * A FIN alone needs one number of the window: a closed
			 * one holds it, and the persist timer probes
			 * (tcp_snd_wnd_test(); tcp_cwnd_test() lets a FIN past
			 * the congestion window).
			 */
			if (!xtcp_seq_after(wnd_end, cb->seq))
				break;
			if (xtcp_send_new(sk, skb))
				break;
			sent = true;
			continue;
		}
		room = xtcp_seq_after(wnd_end, cb->seq) ? wnd_end - cb->seq : 0;
		/* A FIN in one segment passes the congestion window too. */
		if (!(fin && one))
			room = min(room, cwnd > flight ? cwnd - flight : 0);
		/* Nagle and cork never hold a FIN (tcp_nagle_test()). */
		nagle_ok = (how & XTCP_PUSH_NOW) || fin ||
			   !skb_queue_is_last(&sk->sk_write_queue, skb) ||
			   (!(how & XTCP_PUSH_MORE) && !xs->opt.cork &&
			    (xs->nodelay || xs->snd_una == xs->snd_nxt ||
			     !xtcp_minshall_check(xs)));
		len = xtcp_send_len(skb->len, room, xs->mss, xs->max_wnd,
				    nagle_ok);
		/*
		 * A segment with its FIN must fit the window whole, FIN too,
		 * or wait (tcp_snd_wnd_test() looks at end_seq up to an MSS).
		 */
		if (fin && one && len == skb->len && room <= skb->len)
			len = 0;
		/*
		 * The override timeout: what fits goes (RFC 9293 3.8.6.2.1),
		 * and a FIN past the window is left behind on its own
		 * (tcp_write_wakeup()).
		 */
		if (!len && force)
			len = min(room, skb->len);
		force = false;
		if (!len)
			break;
		if ((len < skb->len || (fin && room <= len && one)) &&
		    xtcp_fragment(sk, &sk->sk_write_queue, skb, len))
			break;
		if (xtcp_send_new(sk, skb))
			break;
		sent = true;
	}
	xtcp_timer_pushed(sk, sent);
	return sent;
}

/* True if a segment went: it carried any ACK owed. */
bool xtcp_push(struct sock *sk)
{
	return __xtcp_push(sk, 0);
}

/* Persist timer: a window too small for SWS avoidance gets what fits. */
void xtcp_push_forced(struct sock *sk)
{
	__xtcp_push(sk, XTCP_PUSH_FORCE);
}

/* XTCP_NODELAY set, or cork removed with it: a short segment goes too. */
void xtcp_push_now(struct sock *sk)
{
	__xtcp_push(sk, XTCP_PUSH_NOW);
}

/* sendmsg() with MSG_MORE: only full segments go. */
void xtcp_push_more(struct sock *sk)
{
	__xtcp_push(sk, XTCP_PUSH_MORE);
}

/* A segment with no socket behind it, to @t->raddr. */
void xtcp_send_ctl(struct net *net, const struct xtcp_tuple *t, u32 seq,
		   u32 ack, u32 flags, u16 wnd, u16 mss, s8 wscale)
{
	struct sk_buff *skb;
	struct flowi4 fl4;
	struct rtable *rt;
	struct iphdr *iph;

	if (t->v6) {
		skb = xtcp_alloc_ctl(GFP_ATOMIC);
		if (!skb)
			return;
		xtcp_build_header(skb, t, seq, ack, flags, wnd, mss, wscale);
		xtcp_csum_full(skb, t);
		xtcp6_send_ctl(net, t, skb);
		xtcp_count_out(net, flags);
		return;
	}
	rt = ip_route_output_ports(net, &fl4, NULL, t->raddr, t->laddr,
				   t->rport, t->lport, xtcp_ipproto, 0, 0);
	if (IS_ERR(rt))
		return;
	skb = xtcp_alloc_ctl(GFP_ATOMIC);
	if (!skb) {
		ip_rt_put(rt);
		return;
	}
	xtcp_build_header(skb, t, seq, ack, flags, wnd, mss, wscale);
	xtcp_csum_full(skb, t);
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

/*
 * Answer a segment that has nowhere to go (RFC 9293 3.10.7.1), or that
 * an object in @state refuses.
 */
void xtcp_send_reset(struct net *net, struct sk_buff *skb, int state)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct xtcp_tuple t;

	if (th->rst)
		return;
	xtcp_skb_tuple(skb, &t);
	if (th->ack)
		xtcp_send_ctl(net, &t, cb->ack, 0,
			      TCPHDR_RST | XTCP_XMIT_STATE(state), 0, 0, -1);
	else
		xtcp_send_ctl(net, &t, 0, cb->end_seq,
			      TCPHDR_RST | TCPHDR_ACK | XTCP_XMIT_STATE(state),
			      0, 0, -1);
}
