// SPDX-License-Identifier: GPL-2.0
/*
 * Segment arrival: the IPv4 handler for the XTCP protocol number. Every
 * segment is checked (header length, data offset, checksum, options), then
 * looked up: a connection, a request or a TIME_WAIT entry by 4-tuple, else a
 * listener by port, else nothing, which draws a reset. For a socket, the
 * transition function decides and the actions below carry it out.
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/xfrm.h>

#include "xtcp.h"
#include "header.h"
#include "seq.h"
#include "state.h"

static bool xtcp_synchronized(int state)
{
	return !((1 << state) & (TCPF_CLOSE | TCPF_LISTEN | TCPF_SYN_SENT));
}

/* The peer's SYN: its sequence space, window, MSS and window scale. */
static void xtcp_take_syn(struct sock *sk, const struct xtcp_skb_cb *cb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_init_peer(xs, cb->seq, cb);
	xs->mss = min_t(u16, xs->adv_mss, cb->mss ?: 536);
	/* RFC 7323 2.2: scaling only if both SYNs carry the option. */
	xs->wscale_ok = cb->wscale_ok;
	xs->snd_wscale = cb->wscale_ok ? cb->wscale : 0;
	if (!cb->wscale_ok)
		xs->rcv_wscale = 0;
	xs->rcv_wnd = xtcp_rcv_window(sk);
	xs->rcv_wup = xs->rcv_nxt;
}

/* What our last window update still allows past RCV.NXT. */
static u32 xtcp_rcv_wnd_left(const struct xtcp_sock *xs)
{
	u32 edge = xs->rcv_wup + xs->rcv_wnd;

	return xtcp_seq_after(edge, xs->rcv_nxt) ? edge - xs->rcv_nxt : 0;
}

/* States in which the peer's text is taken. */
static bool xtcp_takes_text(int state)
{
	return (1 << state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
			       TCPF_FIN_WAIT2);
}

/*
 * The text before the FIN found no room: the FIN is not in order after
 * all. The segment counts as an ACK, and the peer will send both again.
 */
static void xtcp_drop_fin(struct xtcp_event *ev, struct xtcp_verdict *v)
{
	ev->type = XTCP_SEG_ACK;
	v->state = xtcp_state_segment(ev).state;
	v->act &= ~(XTCP_ACT_FIN | XTCP_ACT_TW);
	v->act |= XTCP_ACT_ACK;
}

/*
 * A FIN that was queued out of order is now in order: the transition is
 * that of a FIN+ACK at RCV.NXT whose ACK brings nothing new, taken in the
 * state the current segment leads to. Its actions join @v's.
 */
static void xtcp_ofo_fin(struct xtcp_verdict *v)
{
	struct xtcp_event ev = {
		.state = v->state,
		.type = XTCP_SEG_FINACK,
		.seq = XTCP_SEQ_LEFT,
		.ack = XTCP_ACK_OLD,
	};
	struct xtcp_verdict f = xtcp_state_segment(&ev);

	v->state = f.state;
	v->act |= f.act & (XTCP_ACT_FIN | XTCP_ACT_ACK | XTCP_ACT_TW);
}

/*
 * The peer's FIN took us to CLOSE_WAIT. As Linux (tcp_fin()), enter
 * pingpong mode and delay its ACK: an application that closes at once
 * then sends its FIN with the ACK, one segment instead of two.
 */
static bool xtcp_fin_ack_delayed(struct sock *sk,
				 const struct xtcp_verdict *v, bool hole)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!(v->act & XTCP_ACT_FIN) || hole ||
	    v->state != XTCP_CLOSE_WAIT || sock_flag(sk, SOCK_DEAD))
		return false;
	xs->pingpong = 1;
	xs->ack_pending = 1;
	xtcp_delack_arm(sk);
	return true;
}

/* A segment for socket @sk, which the caller has locked. Consumes @skb. */
void xtcp_rcv_sock(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_event ev = {
		.state = sk->sk_state,
		.type = cb->type,
		.data = skb->len > 0,
	};
	struct xtcp_verdict v;
	bool queued = false, hole = false;

	if (xtcp_synchronized(sk->sk_state))
		ev.seq = xtcp_seq_pos(cb->seq, cb->end_seq - cb->seq,
				      xs->rcv_nxt, xtcp_rcv_wnd_left(xs));
	if (cb->flags & TCPHDR_ACK) {
		ev.ack = xtcp_ack_pos(cb->ack, xs->snd_una, xs->snd_nxt,
				      xs->max_wnd);
		/* All we sent is not all we have: our FIN may wait behind. */
		if (ev.ack == XTCP_ACK_ALL && xs->snd_nxt != xs->write_seq)
			ev.ack = XTCP_ACK_PART;
	}
	v = xtcp_state_segment(&ev);

	if (v.act & XTCP_ACT_RST)
		xtcp_send_reset(sock_net(sk), skb);
	if (v.act & XTCP_ACT_RESET) {
		xtcp_reset(sk, v.err);
		goto out;
	}
	if (v.act & (XTCP_ACT_ESTAB | XTCP_ACT_UNA | XTCP_ACT_SYN_RCVD)) {
		xs->rcv_stamp = ktime_get_ns();
		xs->keep_probes = 0;
	}
	if (v.act & XTCP_ACT_SYN_RCVD) {
		xtcp_take_syn(sk, cb);
		xtcp_set_state(sk, XTCP_SYN_RECV);
	}
	if (v.act & XTCP_ACT_SYNACK)
		xtcp_send_synack(sk);
	if (ev.state == XTCP_SYN_SENT && (v.act & XTCP_ACT_ESTAB))
		xtcp_take_syn(sk, cb);
	if (v.act & (XTCP_ACT_ESTAB | XTCP_ACT_UNA))
		xtcp_ack(sk, skb);
	if (v.act & XTCP_ACT_ESTAB)
		xtcp_established(sk);
	if (v.act & XTCP_ACT_DATA) {
		hole = !xtcp_ofo_empty(&xs->ofo);
		queued = xtcp_data_queue(sk, skb);
		if (queued && hole && !(v.act & XTCP_ACT_FIN) &&
		    xtcp_ofo_drain(sk))
			xtcp_ofo_fin(&v);
		if ((v.act & XTCP_ACT_FIN) && xs->rcv_nxt != cb->end_seq - 1)
			xtcp_drop_fin(&ev, &v);
	} else if (ev.data && (ev.seq == XTCP_SEQ_IN ||
			       ev.seq == XTCP_SEQ_RIGHT) &&
		   (v.act & XTCP_ACT_ACK) && xtcp_takes_text(v.state)) {
		/* Past a hole: keep it; the dup ACK below shows the hole. */
		queued = xtcp_ofo_queue(sk, skb);
		hole = true;
	}
	if (v.act & XTCP_ACT_FIN)
		xtcp_fin(sk);

	if (v.state != sk->sk_state && v.state != XTCP_TIME_WAIT &&
	    !(v.act & XTCP_ACT_DONE)) {
		xtcp_set_state(sk, v.state);
		if (v.state == XTCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD))
			xtcp_fin_wait2_orphan(sk);
		/* Our FIN is acked: wake a lingering close(), as Linux. */
		else if (v.state == XTCP_FIN_WAIT2)
			sk->sk_state_change(sk);
	}
	if (v.act & XTCP_ACT_ACK) {
		if (queued && !hole && (v.act & XTCP_ACT_DATA) &&
		    !(v.act & XTCP_ACT_FIN))
			xtcp_ack_schedule(sk);
		else if (!xtcp_fin_ack_delayed(sk, &v, hole))
			xtcp_send_ack(sk);
	}
	if (v.act & XTCP_ACT_CHALLENGE)
		xtcp_send_challenge_ack(sk);
	if (v.state == XTCP_TIME_WAIT && sk->sk_state != XTCP_TIME_WAIT) {
		xtcp_time_wait(sk);
		goto out;
	}
	if (v.act & XTCP_ACT_DONE) {
		xtcp_done(sk);
		goto out;
	}
	if (v.act & XTCP_ACT_UNA)
		xtcp_push(sk);
out:
	if (!queued)
		consume_skb(skb);
}

/* With the socket locked, by state: a listener or a connection. */
static void xtcp_rcv_dispatch(struct sock *sk, struct sk_buff *skb)
{
	if (sk->sk_state == XTCP_LISTEN)
		xtcp_listen_rcv(sk, skb);
	else
		xtcp_rcv_sock(sk, skb);
}

/*
 * proto.backlog_rcv: segments that came while a user held the socket. A
 * listener's segments lock its children, as softirq does: BH off.
 */
int xtcp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	if (sk->sk_state != XTCP_LISTEN) {
		xtcp_rcv_sock(sk, skb);
		return 0;
	}
	local_bh_disable();
	xtcp_listen_rcv(sk, skb);
	local_bh_enable();
	return 0;
}

/*
 * Softirq's way in: now, or in the backlog if a user holds @sk. A
 * listener's child is locked inside it, as @subclass SINGLE_DEPTH_NESTING.
 */
void xtcp_rcv_locked(struct sock *sk, struct sk_buff *skb, int subclass)
{
	spin_lock_nested(&sk->sk_lock.slock, subclass);
	if (!sock_owned_by_user(sk))
		xtcp_rcv_dispatch(sk, skb);
	else if (sk_add_backlog(sk, skb, sk->sk_rcvbuf + sk->sk_sndbuf))
		kfree_skb(skb);
	bh_unlock_sock(sk);
}

/* No socket for it: RFC 9293 3.10.7.1, a reset unless it is one. */
void xtcp_rcv_closed(struct net *net, struct sk_buff *skb)
{
	struct xtcp_event ev = {
		.state = XTCP_CLOSE,
		.type = XTCP_SKB_CB(skb)->type,
	};

	if (xtcp_state_segment(&ev).act & XTCP_ACT_RST)
		xtcp_send_reset(net, skb);
	consume_skb(skb);
}

static void xtcp_fill_cb(struct sk_buff *skb, const struct tcphdr *th,
			 unsigned int hlen, const struct xtcp_opts *opts)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	cb->seq = ntohl(th->seq);
	cb->end_seq = cb->seq + th->syn + th->fin + skb->len - hlen;
	cb->ack = ntohl(th->ack_seq);
	cb->wnd = ntohs(th->window);
	cb->flags = tcp_flag_byte(th);
	cb->type = xtcp_seg_type(th);
	/* As tcp_mtu_to_mss(): no MSS below TCP_MIN_SND_MSS (CVE-2019-11477). */
	cb->mss = opts->mss ? max_t(u16, opts->mss, TCP_MIN_SND_MSS) : 0;
	cb->wscale = opts->wscale;
	cb->wscale_ok = opts->has_wscale;
	cb->iss_hint = 0;
}

int xtcp_v4_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct tcphdr *th;
	const struct iphdr *iph;
	struct xtcp_hnode *hn;
	struct xtcp_opts opts;
	struct xtcp_tuple t;
	struct sock *sk;
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

	/*
	 * As tcp_v4_rcv(): the IPsec input policy (the protocol is
	 * no_policy, so IP left it to us), and no conntrack reference kept
	 * by a segment that may wait in a queue.
	 */
	if (!xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb))
		goto drop;
	nf_reset_ct(skb);

	iph = ip_hdr(skb);
	t.laddr = iph->daddr;
	t.raddr = iph->saddr;
	t.lport = th->dest;
	t.rport = th->source;
	xtcp_fill_cb(skb, th, hlen, &opts);
	__skb_pull(skb, hlen);

	hn = xtcp_ehash_lookup(net, &t);
	if (hn) {
		switch (hn->kind) {
		case XTCP_KIND_SOCK:
			sk = xtcp_to_sk(container_of(hn, struct xtcp_sock, hn));
			xtcp_rcv_locked(sk, skb, 0);
			break;
		case XTCP_KIND_REQ:
			sk = container_of(hn, struct xtcp_request, hn)->listener;
			xtcp_rcv_locked(sk, skb, 0);
			break;
		case XTCP_KIND_TW:
			xtcp_tw_rcv(container_of(hn, struct xtcp_tw, hn), skb);
			break;
		}
		xtcp_put_node(hn);
		return 0;
	}
	sk = xtcp_listener_lookup(net, t.laddr, t.lport);
	if (sk) {
		xtcp_rcv_locked(sk, skb, 0);
		sock_put(sk);
		return 0;
	}
	xtcp_rcv_closed(net, skb);
	return 0;

csum_error:
	XTCP_INC_STATS(net, XTCP_MIB_INCSUMERRORS);
bad:
	XTCP_INC_STATS(net, XTCP_MIB_INERRS);
drop:
	kfree_skb(skb);
	return 0;
}
