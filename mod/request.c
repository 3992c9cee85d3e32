// SPDX-License-Identifier: GPL-2.0
/*
 * Passive open. A SYN to a listener makes a request: a small object in
 * SYN_RECV, hashed by 4-tuple, with a SYN+ACK timer. Its third ACK makes the
 * child socket, which takes the request's place in the hash and waits in
 * the listener's accept queue. Both queues are bounded by the backlog.
 * Everything here runs with the listener locked.
 */
#include <linux/slab.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <linux/security.h>

#include "xtcp.h"
#include "segtrace.h"
#include "conn.h"
#include "cookie.h"
#include "hash.h"
#include "input.h"
#include "isn.h"
#include "output.h"
#include "request.h"
#include "rtt.h"
#include "sock6.h"
#include "socket.h"
#include "timer.h"
#include "state.h"

static void xtcp_req_tuple(const struct xtcp_request *req, struct xtcp_tuple *t)
{
	xtcp_node_tuple(&req->hn, t);
}

/* A request for 4-tuple @t: IPv6's keeps the addresses too. */
static struct xtcp_request *xtcp_request_alloc(const struct xtcp_tuple *t)
{
	return kzalloc(t->v6 ? sizeof(struct xtcp_request6) :
			       sizeof(struct xtcp_request), GFP_ATOMIC);
}

/* The window a request offers: half the listener's buffer, unscaled. */
u16 xtcp_request_window(const struct xtcp_request *req)
{
	return min_t(int, req->listener->sk_rcvbuf / 2, U16_MAX);
}

/* SYN+ACK, or a bare ACK, from @req. */
void xtcp_request_send(struct xtcp_request *req, u32 flags)
{
	struct xtcp_tuple t;

	xtcp_req_tuple(req, &t);
	xtcp_send_ctl(sock_net(req->listener), &t,
		      (flags & TCPHDR_SYN) ? req->iss : req->iss + 1,
		      req->irs + 1, flags | XTCP_XMIT_STATE(XTCP_SYN_RECV),
		      xtcp_request_window(req),
		      (flags & TCPHDR_SYN) ? req->mss : 0,
		      (flags & TCPHDR_SYN) && req->wscale_ok ? req->rcv_wscale :
							      -1);
}

void xtcp_request_put(struct xtcp_request *req)
{
	if (refcount_dec_and_test(&req->refcnt)) {
		sock_put(req->listener);
		kfree(req);
	}
}

/* The request goes: SYN_RECV -> CLOSED. */
void xtcp_request_drop(struct xtcp_request *req)
{
	struct xtcp_sock *lxs = xtcp_sk(req->listener);
	struct xtcp_tuple t;

	xtcp_assert_locked(req->listener);
	if (req->dead)
		return;
	req->dead = 1;
	xtcp_req_tuple(req, &t);
	xtcp_state_event(sock_net(req->listener), req, XTCP_SYN_RECV,
			 XTCP_CLOSE, &t);
	xtcp_ehash_del(sock_net(req->listener), &req->hn);
	list_del_init(&req->lnode);
	lxs->req_count--;
	xtcp_timer_request_done(req);
	xtcp_request_put(req);
}

static bool xtcp_req_queue_full(const struct sock *lsk)
{
	u32 limit = min_t(u32, max_t(u32, READ_ONCE(lsk->sk_max_ack_backlog), 1),
			  READ_ONCE(xtcp_sysctl(lsk)->max_syn_backlog));

	return xtcp_sk(lsk)->req_count >= limit;
}

/* The 4-tuple and the numbers of a request, before it has a place. */
static void xtcp_request_fill(struct xtcp_request *req, struct sock *lsk,
			      const struct xtcp_tuple *t, u32 irs, u32 iss)
{
	struct xtcp_request6 *req6 = container_of(req, struct xtcp_request6,
						  req);

	req->hn.kind = XTCP_KIND_REQ;
	xtcp_node_set(&req->hn, t);
	if (t->v6) {
		req6->laddr6 = t->laddr6;
		req6->raddr6 = t->raddr6;
		/*
		 * ir_iif: the listener's device; for a link-local peer of
		 * an unbound one, the interface the SYN came in on
		 * (tcp_v6_init_req(): "so that link locals have meaning").
		 */
		req6->iif = READ_ONCE(lsk->sk_bound_dev_if);
		if (!req6->iif &&
		    ipv6_addr_type(&t->raddr6) & IPV6_ADDR_LINKLOCAL)
			req6->iif = t->oif;
	}
	req->listener = lsk;
	req->irs = irs;
	req->iss = iss;
	req->mss = t->v6 ? xtcp6_route_mss(sock_net(lsk), t, req6->iif) :
			   xtcp_route_mss(sock_net(lsk), t->raddr, t->laddr);
	if (xtcp_sk(lsk)->mss_clamp)
		req->mss = min(req->mss, xtcp_sk(lsk)->mss_clamp);
}

/* @req, filled, goes into the hash and the listener's list: SYN_RECV. */
static bool xtcp_request_add(struct sock *lsk, struct xtcp_request *req)
{
	struct net *net = sock_net(lsk);
	struct xtcp_tuple t;

	refcount_set(&req->refcnt, 1);
	sock_hold(lsk);
	xtcp_request_timer_init(req);
	if (!xtcp_ehash_add_unique(net, &req->hn)) {
		xtcp_request_put(req);
		return false;
	}
	list_add_tail(&req->lnode, &xtcp_sk(lsk)->req_list);
	xtcp_sk(lsk)->req_count++;
	xtcp_req_tuple(req, &t);
	xtcp_state_event(net, req, XTCP_LISTEN, XTCP_SYN_RECV, &t);
	return true;
}

/*
 * A SYN+ACK whose ISN is a cookie, and nothing kept (tcp_conn_request()'s
 * want_cookie): no window scale, the MSS left to the cookie.
 */
static void xtcp_request_cookie_synack(struct sock *lsk, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct xtcp_request6 req6 = {};	/* IPv4's uses its first part */
	struct xtcp_request *req = &req6.req;
	struct xtcp_tuple t;
	u32 mssind;

	xtcp_skb_tuple(skb, &t);
	if (!lxs->synflood_warned &&
	    READ_ONCE(xtcp_sysctl(lsk)->syncookies) != 2) {
		lxs->synflood_warned = 1;
		net_info_ratelimited("Possible SYN flooding on port %u. Sending cookies.\n",
				     ntohs(t.lport));
	}
	mssind = xtcp_cookie_mssind(cb->mss ?: XTCP_DEFAULT_MSS, t.v6);
	xtcp_request_fill(req, lsk, &t, cb->seq,
			  xtcp_cookie_make(&t, cb->seq, mssind,
					   xtcp_cookie_time()));
	xtcp_request_send(req, TCPHDR_SYN | TCPHDR_ACK);
	lxs->cookie_stamp = jiffies;
	lxs->cookie_sent = 1;
	XTCP_INC_STATS(sock_net(lsk), XTCP_MIB_SYNCOOKIESSENT);
}

/*
 * A SYN for listener @lsk: a new request, LISTEN -> SYN_RECV; or, with
 * the request queue full or syncookies 2, a cookie; dropped if neither
 * can be, or if the accept queue is full (tcp_conn_request()). @iss: a
 * TIME_WAIT entry's reopening gives the ISN, and is never a cookie.
 */
void xtcp_request_syn(struct sock *lsk, struct sk_buff *skb, u32 iss)
{
	int cookies = READ_ONCE(xtcp_sysctl(lsk)->syncookies);
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct net *net = sock_net(lsk);
	bool want_cookie = false;
	struct xtcp_request *req;
	struct xtcp_tuple t;

	xtcp_assert_locked(lsk);
	if ((cookies == 2 || xtcp_req_queue_full(lsk)) && !iss)
		want_cookie = cookies;
	if (!want_cookie && xtcp_req_queue_full(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return;
	}
	/* Cookie or not, no SYN+ACK for a child with no room to wait in. */
	if (sk_acceptq_is_full(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return;
	}
	if (want_cookie) {
		xtcp_request_cookie_synack(lsk, skb);
		return;
	}
	xtcp_skb_tuple(skb, &t);
	req = xtcp_request_alloc(&t);
	if (!req) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return;
	}
	xtcp_request_fill(req, lsk, &t, cb->seq, iss ?: xtcp_isn_tuple(&t));
	req->peer_mss = cb->mss ?: XTCP_DEFAULT_MSS;
	req->peer_wnd = cb->wnd;
	req->wscale_ok = cb->wscale_ok;
	if (req->wscale_ok) {
		req->snd_wscale = cb->wscale;
		req->rcv_wscale = xtcp_rcv_wscale(lsk);
	}
	if (!xtcp_request_add(lsk, req))
		return;
	req->synack_ns = ktime_get_ns();
	xtcp_request_send(req, TCPHDR_SYN | TCPHDR_ACK);
	xtcp_timer_synack_sent(req);
}

/*
 * An ACK for listener @lsk that matches no request: a cookie of ours, as
 * cookie_v4_check() asks, while cookies were sent in the last two minutes?
 * Then the request it stands for, hashed with a reference for the caller,
 * for the ACK to complete as any other; NULL if not.
 */
struct xtcp_request *xtcp_request_from_cookie(struct sock *lsk,
					      struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct net *net = sock_net(lsk);
	struct xtcp_request *req;
	struct xtcp_tuple t;
	u16 mss;

	xtcp_assert_locked(lsk);
	if ((cb->flags & (TCPHDR_SYN | TCPHDR_RST | TCPHDR_ACK)) != TCPHDR_ACK ||
	    !READ_ONCE(xtcp_sysctl(lsk)->syncookies) || !lxs->cookie_sent ||
	    time_after(jiffies, lxs->cookie_stamp + XTCP_COOKIE_VALID))
		return NULL;
	xtcp_skb_tuple(skb, &t);
	mss = xtcp_cookie_check(&t, cb->seq - 1, cb->ack - 1,
				xtcp_cookie_time());
	if (!mss) {
		XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESFAILED);
		return NULL;
	}
	XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESRECV);
	req = xtcp_request_alloc(&t);
	if (!req)
		return NULL;
	xtcp_request_fill(req, lsk, &t, cb->seq - 1, cb->ack - 1);
	req->peer_mss = mss;
	req->peer_wnd = cb->wnd;
	if (!xtcp_request_add(lsk, req))
		return NULL;
	xtcp_hold_node(&req->hn);
	return req;
}

static void xtcp_child_inherit(struct sock *nsk, const struct sock *lsk)
{
	struct xtcp_sock *nxs = xtcp_sk(nsk);
	const struct xtcp_sock *lxs = xtcp_sk(lsk);

	nsk->sk_reuse = lsk->sk_reuse;
	nsk->sk_rcvbuf = lsk->sk_rcvbuf;
	nsk->sk_sndbuf = lsk->sk_sndbuf;
	nsk->sk_userlocks = lsk->sk_userlocks & ~SOCK_BINDPORT_LOCK;
	nsk->sk_lingertime = lsk->sk_lingertime;
	/* sk_clone_lock() copies these with the rest of the listener. */
	nsk->sk_rcvtimeo = lsk->sk_rcvtimeo;
	nsk->sk_sndtimeo = lsk->sk_sndtimeo;
	WRITE_ONCE(nsk->sk_rcvlowat, READ_ONCE(lsk->sk_rcvlowat));
	nsk->sk_mark = lsk->sk_mark;
	nsk->sk_priority = lsk->sk_priority;
	nsk->sk_bound_dev_if = lsk->sk_bound_dev_if;
	nsk->sk_uid = lsk->sk_uid;
	if (sock_flag(lsk, SOCK_KEEPOPEN))
		sock_set_flag(nsk, SOCK_KEEPOPEN);
	if (sock_flag(lsk, SOCK_LINGER))
		sock_set_flag(nsk, SOCK_LINGER);
	nxs->keepidle = lxs->keepidle;
	nxs->keepintvl = lxs->keepintvl;
	nxs->keepcnt = lxs->keepcnt;
	nxs->linger2 = lxs->linger2;
	nxs->nodelay = lxs->nodelay;
	nxs->mss_clamp = lxs->mss_clamp;
	inet_sk(nsk)->pmtudisc = inet_sk(lsk)->pmtudisc;
	xtcp_sockopt_inherit(nsk, lsk);
}

/*
 * The third ACK: the child socket, SYN_RECV -> ESTABLISHED. The rest of the
 * segment (text, FIN) goes to the child. False if no child could be made:
 * then @skb is still the caller's.
 */
bool xtcp_request_child(struct xtcp_request *req, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct sock *nsk, *lsk = req->listener;
	struct net *net = sock_net(lsk);
	struct inet_sock *inet;
	struct xtcp_sock *nxs;
	struct xtcp_tuple t;

	xtcp_assert_locked(lsk);
	/* tcp_v4_syn_recv_sock(): every way out counts in ListenDrops. */
	if (sk_acceptq_is_full(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return false;
	}
	nsk = xtcp_sock_alloc(net, NULL, GFP_ATOMIC, !lsk->sk_net_refcnt,
			      xtcp_sk_v6(lsk));
	if (!nsk) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return false;
	}
	security_sk_clone(lsk, nsk);
	nxs = xtcp_sk(nsk);
	inet = inet_sk(nsk);
	xtcp_child_inherit(nsk, lsk);
	xtcp_req_tuple(req, &t);
	if (xtcp_sk_v6(lsk)) {
		xtcp6_child_init(nsk, lsk, &t);
	} else {
		inet->inet_saddr = t.laddr;
		inet->inet_rcv_saddr = t.laddr;
		inet->inet_daddr = t.raddr;
	}
	inet->inet_sport = t.lport;
	inet->inet_num = ntohs(t.lport);
	inet->inet_dport = t.rport;
	atomic_set(&inet->inet_id, get_random_u16());
	xtcp_node_set(&nxs->hn, &t);
	nxs->iss = req->iss;
	nxs->snd_una = req->iss + 1;
	nxs->acked_from = req->iss + 1;
	nxs->snd_sml = req->iss + 1;	/* as tcp_create_openreq_child() */
	nxs->snd_nxt = req->iss + 1;
	nxs->write_seq = req->iss + 1;
	nxs->wscale_ok = req->wscale_ok;
	nxs->snd_wscale = req->snd_wscale;
	nxs->rcv_wscale = req->rcv_wscale;
	xtcp_init_peer(nxs, req->irs, cb);
	/* The third ACK's window is scaled, unlike the SYN's. */
	nxs->snd_wnd = (u32)cb->wnd << nxs->snd_wscale;
	nxs->max_wnd = nxs->snd_wnd;
	nxs->adv_mss = req->mss;
	nxs->mss = min(req->mss, req->peer_mss);
	nxs->peer_mss = req->peer_mss;
	if (nxs->mss_clamp)
		nxs->peer_mss = min(nxs->peer_mss, nxs->mss_clamp);
	nxs->rcv_wnd = xtcp_request_window(req);
	nxs->rcv_wup = nxs->rcv_nxt;
	/*
	 * The handshake's RTT seeds the RTO, unless the SYN+ACK went again
	 * (Karn; RFC 6298 2.2 and 3), as tcp_check_req() has it
	 * (tcp_synack_rtt_meas(), tcp_minisocks.c:808).
	 */
	if (req->synack_ns)
		xtcp_rtt_sample(&nxs->rtt,
				div_u64(ktime_get_ns() - req->synack_ns,
					NSEC_PER_USEC));

	bh_lock_sock_nested(nsk);
	/* The request's SYN_RECV, counted already: no second event. */
	xtcp_set_state_quiet(nsk, XTCP_SYN_RECV);
	XTCP_INC_STATS(net, XTCP_MIB_PASSIVEOPENS);
	xtcp_established(nsk);
	nxs->bn.kind = XTCP_KIND_SOCK;
	nxs->bn.addr = t.laddr;
	nxs->bn.port = t.lport;
	nxs->bn.reuse = nsk->sk_reuse != SK_NO_REUSE;
	nxs->bn.v6 = t.v6;
	nxs->bn.v6only = nsk->sk_ipv6only;
	/* The listener holds the port: joining it needs no allocation. */
	nxs->bound = xtcp_bhash_add(net, &nxs->bn, &xtcp_sk(lsk)->bn);
	xtcp_ehash_replace(net, &req->hn, &nxs->hn);

	/* The request is done; it did not fail, so no state event. */
	req->dead = 1;
	list_del_init(&req->lnode);
	xtcp_sk(lsk)->req_count--;
	xtcp_timer_request_done(req);
	xtcp_request_put(req);

	/* sk_alloc()'s reference is the accept queue's, then the user's. */
	spin_lock(&xtcp_sk(lsk)->accept_lock);
	list_add_tail(&nxs->accept_node, &xtcp_sk(lsk)->accept_queue);
	sk_acceptq_added(lsk);
	spin_unlock(&xtcp_sk(lsk)->accept_lock);

	/* Its text and FIN, now as ESTABLISHED. */
	xtcp_rcv_sock(nsk, skb);
	bh_unlock_sock(nsk);
	lsk->sk_data_ready(lsk);
	return true;
}

/* The SYN+ACK timer ran out: send it again (timer.c gave up otherwise). */
void xtcp_request_retransmit(struct xtcp_request *req)
{
	xtcp_assert_locked(req->listener);
	req->retrans++;
	xtcp_request_resend(req);
}

/*
 * Our SYN+ACK again, its timer restarted (inet_rtx_syn_ack()); the child
 * then takes no RTT sample from the handshake (Karn).
 */
void xtcp_request_resend(struct xtcp_request *req)
{
	req->synack_ns = 0;
	XTCP_INC_STATS(sock_net(req->listener), XTCP_MIB_RETRANSSEGS);
	xtcp_request_send(req, TCPHDR_SYN | TCPHDR_ACK | XTCP_XMIT_RTX);
	xtcp_timer_synack_sent(req);
}

/* The listener closes: its requests go, its unaccepted children reset. */
void xtcp_listen_stop(struct sock *lsk)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct xtcp_request *req, *tmp;
	struct sock *child;

	local_bh_disable();
	bh_lock_sock(lsk);
	list_for_each_entry_safe(req, tmp, &lxs->req_list, lnode)
		xtcp_request_drop(req);
	bh_unlock_sock(lsk);
	local_bh_enable();
	while ((child = xtcp_accept_dequeue(lsk))) {
		local_bh_disable();
		bh_lock_sock_nested(child);
		sock_orphan(child);
		xtcp_abort(child, ECONNRESET);
		bh_unlock_sock(child);
		local_bh_enable();
		sock_put(child);
	}
}

/* accept(): the oldest child, with its reference, or NULL. */
struct sock *xtcp_accept_dequeue(struct sock *lsk)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk), *cxs;

	spin_lock_bh(&lxs->accept_lock);
	cxs = list_first_entry_or_null(&lxs->accept_queue, struct xtcp_sock,
				       accept_node);
	if (cxs) {
		list_del_init(&cxs->accept_node);
		sk_acceptq_removed(lsk);
	}
	spin_unlock_bh(&lxs->accept_lock);
	return cxs ? xtcp_to_sk(cxs) : NULL;
}
