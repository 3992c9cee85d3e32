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
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/xfrm.h>

#include "xtcp.h"
#include "hash.h"
#include "input.h"
#include "mem.h"
#include "request.h"
#include "timewait.h"
#include "verdict.h"
#include "header.h"
#include "segtrace.h"
#include "seq.h"
#include "state.h"

/*
 * The 4-tuple of a segment that xtcp_rcv() took. A link-local peer's
 * replies leave by the interface its segment came in on, as
 * tcp_v6_send_response() routes them (rt6_need_strict()).
 */
void xtcp_skb_tuple(const struct sk_buff *skb, struct xtcp_tuple *t)
{
	t->lport = tcp_hdr(skb)->dest;
	t->rport = tcp_hdr(skb)->source;
	t->oif = 0;
	if (skb->protocol == htons(ETH_P_IPV6)) {
		xtcp_tuple_set6(t, &ipv6_hdr(skb)->daddr, &ipv6_hdr(skb)->saddr);
		if (rt6_need_strict(&t->raddr6))
			t->oif = XTCP_SKB_CB(skb)->iif;
		return;
	}
	t->v6 = 0;
	t->laddr = ip_hdr(skb)->daddr;
	t->raddr = ip_hdr(skb)->saddr;
}

/* The event a segment is for socket @sk: its classification. */
static void xtcp_sock_event(const struct sock *sk, const struct sk_buff *skb,
			    struct xtcp_event *ev)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct xtcp_sock *xs = xtcp_sk(sk);

	ev->state = sk->sk_state;
	ev->type = cb->type;
	ev->data = skb->len > 0;
	ev->ofo = !xtcp_ofo_empty(&xs->ofo);
	ev->orphan = sock_flag(sk, SOCK_DEAD);
	ev->rcv_shut = sk->sk_shutdown & RCV_SHUTDOWN;
	ev->snd_shut = sk->sk_shutdown & SEND_SHUTDOWN;
	if (!((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN | TCPF_SYN_SENT))) {
		ev->seq = xtcp_seq_pos(cb->seq, cb->end_seq - cb->seq,
				       xs->rcv_nxt, xtcp_rcv_wnd_left(xs));
		ev->fin_seq = cb->seq == xs->rcv_nxt - 1;
		ev->zero_wnd = !xtcp_rcv_wnd_left(xs);
	}
	/*
	 * No older ACK than the bytes acked so far (tcp_ack(): "do not
	 * accept ACK for bytes we never sent").
	 */
	if (cb->flags & TCPHDR_ACK)
		ev->ack = xtcp_ack_pos(cb->ack, xs->snd_una, xs->snd_nxt,
				       xs->write_seq,
				       min(xs->max_wnd,
					   xs->snd_una - xs->acked_from));
}

/* A segment for socket @sk, which the caller has locked. Consumes @skb. */
void xtcp_rcv_sock(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_target t = { .kind = XTCP_TARGET_SOCK, .sk = sk };
	struct xtcp_event ev = {};
	struct xtcp_verdict v;

	xtcp_assert_locked(sk);
	xtcp_sock_event(sk, skb, &ev);
	v = xtcp_state_segment(&ev);
	xtcp_verdict_apply(&t, skb, &v);
}

/* A segment for request @req, in SYN_RECV; its listener is locked. */
static void xtcp_rcv_request(struct xtcp_request *req, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_target t = { .kind = XTCP_TARGET_REQ, .req = req };
	struct xtcp_event ev = {
		.state = XTCP_SYN_RECV,
		.type = cb->type,
		.data = skb->len > 0,
		.passive = true,
	};
	struct xtcp_verdict v;

	ev.seq = xtcp_seq_pos(cb->seq, cb->end_seq - cb->seq, req->irs + 1,
			      xtcp_request_window(req));
	/* Our SYN+ACK is all we have sent, and all there is to send. */
	ev.ack = xtcp_ack_pos(cb->ack, req->iss, req->iss + 1, req->iss + 1, 0);
	v = xtcp_state_segment(&ev);
	xtcp_verdict_apply(&t, skb, &v);
}

/* A segment for listener @lsk or one of its requests; @lsk is locked. */
static void xtcp_listen_rcv(struct sock *lsk, struct sk_buff *skb)
{
	struct xtcp_target t = { .kind = XTCP_TARGET_LISTEN, .sk = lsk };
	struct xtcp_event ev = {
		.state = XTCP_LISTEN,
		.type = XTCP_SKB_CB(skb)->type,
	};
	struct xtcp_request *req;
	struct xtcp_hnode *hn;
	struct xtcp_tuple tu;
	struct xtcp_verdict v;

	xtcp_assert_locked(lsk);
	xtcp_skb_tuple(skb, &tu);
	hn = xtcp_ehash_lookup(sock_net(lsk), &tu);
	if (hn && hn->kind == XTCP_KIND_SOCK) {
		/*
		 * It waited behind the third ACK, whose child now has the
		 * 4-tuple: the child's text, often its first request.
		 * Dropped, it would cost an RTO.
		 */
		xtcp_rcv_locked(xtcp_to_sk(container_of(hn, struct xtcp_sock, hn)),
				skb, SINGLE_DEPTH_NESTING);
		xtcp_put_node(hn);
		return;
	}
	if (hn && hn->kind == XTCP_KIND_REQ) {
		req = container_of(hn, struct xtcp_request, hn);
		if (req->listener == lsk && !req->dead)
			xtcp_rcv_request(req, skb);
		else
			consume_skb(skb);
		xtcp_request_put(req);
		return;
	}
	if (hn) {
		/* Already in TIME_WAIT: the peer will send it again. */
		xtcp_put_node(hn);
		consume_skb(skb);
		return;
	}
	req = xtcp_request_from_cookie(lsk, skb);
	if (req) {
		xtcp_rcv_request(req, skb);
		/*
		 * No child (the accept queue is full): the ACK is dropped,
		 * as cookie_v4_check() drops it, and no request stays.
		 */
		if (!req->dead)
			xtcp_request_drop(req);
		xtcp_request_put(req);
		return;
	}
	v = xtcp_state_segment(&ev);
	xtcp_verdict_apply(&t, skb, &v);
}

/* A segment for TIME_WAIT entry @tw (tcp_timewait_state_process()). */
static void xtcp_rcv_tw(struct xtcp_tw *tw, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_target t = { .kind = XTCP_TARGET_TW, .tw = tw };
	struct xtcp_event ev = {
		.state = XTCP_TIME_WAIT,
		.type = cb->type,
		.data = skb->len > 0,
		.rfc1337 = READ_ONCE(xtcp_pernet(xtcp_tw_net(tw))->sysctl.rfc1337),
	};
	struct xtcp_verdict v;

	/* Only RCV.NXT, before it and after it matter: any window will do. */
	ev.seq = xtcp_seq_pos(cb->seq, cb->end_seq - cb->seq, tw->rcv_nxt,
			      tw->rcv_wnd ?: 1);
	v = xtcp_state_segment(&ev);
	xtcp_verdict_apply(&t, skb, &v);
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
	xtcp_backlog_uncharge(sk, skb);
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
	if (!sock_owned_by_user(sk)) {
		xtcp_rcv_dispatch(sk, skb);
	} else if (!xtcp_backlog_charge(sk, skb)) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_BACKLOGDROP);
		xtcp_trace_drop(skb, sk->sk_state, XTCP_WHY_BACKLOG);
		kfree_skb(skb);
	} else if (sk_add_backlog(sk, skb, sk->sk_rcvbuf + sk->sk_sndbuf)) {
		xtcp_backlog_uncharge(sk, skb);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_BACKLOGDROP);
		xtcp_trace_drop(skb, sk->sk_state, XTCP_WHY_BACKLOG);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
}

/* No socket for it: RFC 9293 3.10.7.1, a reset unless it is one. */
void xtcp_rcv_closed(struct net *net, struct sk_buff *skb)
{
	struct xtcp_target t = { .kind = XTCP_TARGET_NONE, .net = net };
	struct xtcp_event ev = {
		.state = XTCP_CLOSE,
		.type = XTCP_SKB_CB(skb)->type,
	};
	struct xtcp_verdict v = xtcp_state_segment(&ev);

	xtcp_verdict_apply(&t, skb, &v);
}

static void xtcp_fill_cb(struct sk_buff *skb, const struct tcphdr *th,
			 unsigned int hlen, const struct xtcp_opts *opts,
			 bool v6)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	/* IP6CB's, before our control block covers it (tcp_v6_iif()). */
	int iif = v6 ? IP6CB(skb)->iif : 0;

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
	cb->traced = 0;
	cb->iif = iif;
}

/*
 * A segment from IP (@v6 false) or IPv6: checked, then to what its 4-tuple
 * or its port finds.
 */
int xtcp_rcv(struct sk_buff *skb, bool v6)
{
	struct net *net = dev_net(skb->dev);
	const struct tcphdr *th;
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
	if ((v6 ? skb_checksum_init(skb, IPPROTO_TCP, ip6_compute_pseudo) :
		  skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo)) ||
	    skb_checksum_complete(skb))
		goto csum_error;
	th = tcp_hdr(skb);
	if (xtcp_parse_options((const u8 *)(th + 1), hlen - sizeof(*th), &opts))
		goto bad;

	/*
	 * As tcp_v4_rcv() and tcp_v6_rcv(): the IPsec input policy (the
	 * protocol is no_policy, so IP left it to us), and no conntrack
	 * reference kept by a segment that may wait in a queue.
	 */
	if (v6 ? !xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb) :
		 !xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb))
		goto drop;
	nf_reset_ct(skb);

	xtcp_fill_cb(skb, th, hlen, &opts, v6);
	xtcp_skb_tuple(skb, &t);
	/* No IPv4 peer dressed as IPv6 (tcp_v6_conn_request()). */
	if (v6 && ipv6_addr_v4mapped(&t.raddr6))
		goto drop;
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
			xtcp_rcv_tw(container_of(hn, struct xtcp_tw, hn), skb);
			break;
		}
		xtcp_put_node(hn);
		return 0;
	}
	sk = xtcp_listener_lookup(net, &t);
	if (sk) {
		xtcp_rcv_locked(sk, skb, 0);
		sock_put(sk);
		return 0;
	}
	xtcp_rcv_closed(net, skb);
	return 0;

csum_error:
	XTCP_INC_STATS(net, XTCP_MIB_INCSUMERRORS);
	xtcp_trace_drop(skb, 0, XTCP_WHY_CSUM);
	goto inerr;
bad:
	xtcp_trace_drop(skb, 0, XTCP_WHY_HEADER);
inerr:
	XTCP_INC_STATS(net, XTCP_MIB_INERRS);
drop:
	kfree_skb(skb);
	return 0;
}

int xtcp_v4_rcv(struct sk_buff *skb)
{
	return xtcp_rcv(skb, false);
}
