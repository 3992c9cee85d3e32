// SPDX-License-Identifier: GPL-2.0
/*
 * A connection's life: the one place states change, opening, closing and
 * ending. Callers hold the socket lock.
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#define CREATE_TRACE_POINTS
#include "trace.h"

#include "xtcp.h"
#include "ack.h"
#include "conn.h"
#include "mem.h"
#include "hash.h"
#include "isn.h"
#include "orphan.h"
#include "pmtu.h"
#include "output.h"
#include "request.h"
#include "timer.h"
#include "seq.h"
#include "sock6.h"
#include "state.h"
#include "window.h"

/*
 * Every state change, of a socket, a request or a TIME_WAIT entry, is
 * counted and traced here, as tcp_set_state() does for TCP.
 */
void xtcp_state_event(struct net *net, const void *obj, int old, int state,
		      const struct xtcp_tuple *t)
{
	if (state == XTCP_ESTABLISHED && old != XTCP_ESTABLISHED)
		XTCP_INC_STATS(net, XTCP_MIB_CURRESTAB);
	else if (old == XTCP_ESTABLISHED && state != XTCP_ESTABLISHED)
		XTCP_DEC_STATS(net, XTCP_MIB_CURRESTAB);
	if (state == XTCP_CLOSE) {
		if (old == XTCP_ESTABLISHED || old == XTCP_CLOSE_WAIT)
			XTCP_INC_STATS(net, XTCP_MIB_ESTABRESETS);
		else if (old == XTCP_SYN_SENT || old == XTCP_SYN_RECV)
			XTCP_INC_STATS(net, XTCP_MIB_ATTEMPTFAILS);
	} else if (state == XTCP_SYN_SENT) {
		XTCP_INC_STATS(net, XTCP_MIB_ACTIVEOPENS);
	} else if (state == XTCP_TIME_WAIT) {
		XTCP_INC_STATS(net, XTCP_MIB_TW);
	}
	trace_xtcp_set_state(obj, old, state, t);
}

/*
 * @sk's ports and addresses, all a segment it sends needs: not the IPv6
 * digests and interface that lookups use, which cost two keyed hashes a
 * segment on the send path.
 */
void xtcp_sk_wire_tuple(const struct sock *sk, struct xtcp_tuple *t)
{
	const struct inet_sock *inet = inet_sk(sk);

	t->lport = inet->inet_sport;
	t->rport = inet->inet_dport;
	t->oif = 0;
	t->v6 = xtcp_sk(sk)->hn.v6;
	if (t->v6) {
		t->laddr6 = sk->sk_v6_rcv_saddr;
		t->raddr6 = sk->sk_v6_daddr;
		return;
	}
	t->laddr = inet->inet_saddr;
	t->raddr = inet->inet_daddr;
}

void xtcp_sk_tuple(const struct sock *sk, struct xtcp_tuple *t)
{
	xtcp_sk_wire_tuple(sk, t);
	if (t->v6) {
		xtcp_tuple_set6(t, &sk->sk_v6_rcv_saddr, &sk->sk_v6_daddr);
		t->oif = xtcp6_sk_oif(sk);
	}
}

/* A segment from the peer was taken: it is alive (keepalive, idle). */
void xtcp_peer_alive(struct sock *sk)
{
	xtcp_sk(sk)->rcv_stamp = ktime_get_ns();
	xtcp_sk(sk)->keep_probes = 0;
}

/* The receive side from the peer's ISN @irs, the send window from @cb. */
void xtcp_init_peer(struct xtcp_sock *xs, u32 irs,
		    const struct xtcp_skb_cb *cb)
{
	xs->irs = irs;
	xs->rcv_nxt = irs + 1;
	xs->copied_seq = xs->rcv_nxt;
	xs->snd_wnd = cb->wnd;
	xs->snd_wl1 = cb->seq;
	xs->max_wnd = cb->wnd;
}

/* The peer's SYN: its sequence space, window, MSS and window scale. */
void xtcp_take_syn(struct sock *sk, const struct xtcp_skb_cb *cb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_init_peer(xs, cb->seq, cb);
	xs->mss = min_t(u16, xs->adv_mss, cb->mss ?: XTCP_DEFAULT_MSS);
	/* Linux's mss_clamp: the option, within XTCP_MAXSEG as it is now. */
	xs->peer_mss = cb->mss ?: XTCP_DEFAULT_MSS;
	if (xs->mss_clamp)
		xs->peer_mss = min(xs->peer_mss, xs->mss_clamp);
	/* RFC 7323 2.2: scaling only if both SYNs carry the option. */
	xs->wscale_ok = cb->wscale_ok;
	xs->snd_wscale = cb->wscale_ok ? cb->wscale : 0;
	if (!cb->wscale_ok)
		xs->rcv_wscale = 0;
	xs->rcv_wnd = xtcp_rcv_window(sk);
	xs->rcv_wup = xs->rcv_nxt;
}

/*
 * XTCP's states are TCP's numbers: the TCPF_* masks and the kernel's
 * helpers that read sk_state (inet_sk_state_load(), sk_stream_*()) take
 * them as TCP states.
 */
static void __maybe_unused xtcp_states_are_tcps(void)
{
	BUILD_BUG_ON((int)XTCP_ESTABLISHED != (int)TCP_ESTABLISHED);
	BUILD_BUG_ON((int)XTCP_SYN_SENT != (int)TCP_SYN_SENT);
	BUILD_BUG_ON((int)XTCP_SYN_RECV != (int)TCP_SYN_RECV);
	BUILD_BUG_ON((int)XTCP_FIN_WAIT1 != (int)TCP_FIN_WAIT1);
	BUILD_BUG_ON((int)XTCP_FIN_WAIT2 != (int)TCP_FIN_WAIT2);
	BUILD_BUG_ON((int)XTCP_TIME_WAIT != (int)TCP_TIME_WAIT);
	BUILD_BUG_ON((int)XTCP_CLOSE != (int)TCP_CLOSE);
	BUILD_BUG_ON((int)XTCP_CLOSE_WAIT != (int)TCP_CLOSE_WAIT);
	BUILD_BUG_ON((int)XTCP_LAST_ACK != (int)TCP_LAST_ACK);
	BUILD_BUG_ON((int)XTCP_LISTEN != (int)TCP_LISTEN);
	BUILD_BUG_ON((int)XTCP_CLOSING != (int)TCP_CLOSING);
}

/*
 * The other writer of sk_state: a change that is not an event of its
 * own (a child takes its request's SYN_RECV; a socket hands its
 * connection to a TIME_WAIT entry).
 */
void xtcp_set_state_quiet(struct sock *sk, int state)
{
	xtcp_assert_locked(sk);
	/* Pairs with inet_sk_state_load() in lockless readers (poll). */
	smp_store_release(&sk->sk_state, state);
	if (state == XTCP_CLOSE || state == XTCP_TIME_WAIT)
		xtcp_orphan_del(sk);
}

void xtcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;
	struct xtcp_tuple t;

	xtcp_states_are_tcps();
	xtcp_assert_locked(sk);
	if (old == state)
		return;
	xtcp_sk_tuple(sk, &t);
	xtcp_state_event(sock_net(sk), sk, old, state, &t);
	xtcp_set_state_quiet(sk, state);
	if (state == XTCP_CLOSE) {
		xtcp_ehash_del(sock_net(sk), &xtcp_sk(sk)->hn);
		xtcp_unbind(sk, true);
	}
}

/* Bytes of text that @space bytes of buffer memory hold. */
static u32 xtcp_win_from_space(const struct xtcp_sock *xs, int space)
{
	return ((u64)max(space, 0) * xs->scaling_ratio) >> 8;
}

/*
 * The receive window, from free receive buffer (window.c), scaled by how
 * much of a received segment's truesize is text.
 */
u32 xtcp_rcv_window(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	int space = sk->sk_rcvbuf - atomic_read(&sk->sk_rmem_alloc);
	u32 free = xtcp_win_from_space(xs, space);

	/*
	 * Short of global memory (mem.c), offer no more than four segments
	 * beyond what was offered, as __tcp_select_window() clamps
	 * rcv_ssthresh: text sent into a bigger window would be dropped.
	 */
	if (sk_under_memory_pressure(sk))
		free = min_t(u32, free, 4U * xs->adv_mss);
	return xtcp_select_window(xtcp_rcv_wnd_left(xs), free,
				  xtcp_win_from_space(xs, sk->sk_rcvbuf),
				  xs->mss, xs->rcv_wscale);
}

/*
 * The scale we offer, as tcp_select_initial_window(): for the largest
 * window the socket may come to, its buffer's or one of rmem[2] or
 * net.core.rmem_max (6 MiB: a scale of 7).
 */
u8 xtcp_rcv_wscale(const struct sock *sk)
{
	u32 space = max_t(u32, READ_ONCE(xtcp_sysctl(sk)->rmem[2]),
			  READ_ONCE(sysctl_rmem_max));

	return xtcp_wscale_for(max_t(u32, space,
				     xtcp_win_from_space(xtcp_sk(sk),
							 sk->sk_rcvbuf)));
}

/* ACKs freed send space: wake writers and pollers (sk_stream_write_space). */
static void xtcp_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!sock || !sk_stream_is_writeable(sk))
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
					   EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

void xtcp_init_sock(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	INIT_LIST_HEAD(&xs->accept_queue);
	spin_lock_init(&xs->accept_lock);
	INIT_LIST_HEAD(&xs->req_list);
	INIT_LIST_HEAD(&xs->accept_node);
	INIT_HLIST_NODE(&xs->hn.node);
	INIT_HLIST_NODE(&xs->bn.node);
	INIT_HLIST_NODE(&xs->lhnode);
	skb_queue_head_init(&xs->rtx_queue);
	xtcp_ofo_init(&xs->ofo);
	init_llist_head(&xs->req_deferred);
	xs->scaling_ratio = XTCP_SCALING_RATIO;
	xs->hn.kind = XTCP_KIND_SOCK;
	xs->rto_ms = READ_ONCE(xtcp_sysctl(sk)->rto_init_ms);
	xs->mss = XTCP_DEFAULT_MSS;
	xtcp_timers_init(sk);
	sk->sk_write_space = xtcp_write_space;
	sock_set_flag(sk, SOCK_RCU_FREE);
}

/* connect() over IPv4: route, then xtcp_connect_finish(). */
int xtcp_connect_start(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct flowi4 *fl4 = &inet->cork.fl.u.ip4;
	struct rtable *rt;

	rt = ip_route_output_ports(sock_net(sk), fl4, sk, inet->inet_daddr,
				   inet->inet_saddr, inet->inet_dport,
				   inet->inet_sport, sk->sk_protocol,
				   ip_sock_rt_tos(sk), sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (rt->rt_flags & (RTCF_MULTICAST | RTCF_BROADCAST)) {
		ip_rt_put(rt);
		return -ENETUNREACH;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = fl4->saddr;
	inet->inet_rcv_saddr = inet->inet_saddr;
	/*
	 * The routed destination, as tcp_v4_connect(): 0.0.0.0 is routed to
	 * this host, and the checksum and the 4-tuple must say where.
	 */
	inet->inet_daddr = fl4->daddr;
	sk_dst_set(sk, &rt->dst);
	xtcp_sk(sk)->hn.v6 = 0;
	return xtcp_connect_finish(sk, dst_mtu(&rt->dst));
}

/* connect(), routed over a path of @mtu: hash, choose the ISN, SYN. */
int xtcp_connect_finish(struct sock *sk, u32 mtu)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tuple t;
	int err;

	xs->iss_from_tw = 0;
	err = xtcp_connect_port(sk);
	if (err) {
		sk_dst_reset(sk);
		return err;
	}
	xtcp_sk_tuple(sk, &t);
	if (!xs->iss_from_tw)
		xs->iss = xtcp_isn_tuple(&t);
	xs->snd_una = xs->iss;
	xs->acked_from = xs->iss;
	xs->snd_sml = xs->iss;		/* as tcp_connect_init() */
	xs->snd_wnd = 0;
	xs->max_wnd = 0;
	xs->retrans = 0;
	xs->backoff = 0;
	xs->rtt.srtt_us = 0;
	xtcp_rto_update(sk);
	xs->adv_mss = min_t(u32, mtu - xtcp_nh_len(sk) - sizeof(struct tcphdr),
			    U16_MAX);
	if (xs->mss_clamp)
		xs->adv_mss = min(xs->adv_mss, xs->mss_clamp);
	xs->peer_mss = 0;
	xtcp_sync_mss(sk, mtu);
	xs->rcv_wscale = xtcp_rcv_wscale(sk);
	atomic_set(&inet->inet_id, get_random_u16());
	xtcp_set_state(sk, XTCP_SYN_SENT);
	xtcp_send_syn(sk);
	return 0;
}

/* Both sides' SYNs are acked. */
void xtcp_established(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_set_state(sk, XTCP_ESTABLISHED);
	xs->rcv_stamp = ktime_get_ns();
	xtcp_cc_init(&xs->cc, xs->mss, xs->iss);
	xs->quickacks = XTCP_QUICKACKS;
	xs->rcv_mss = min_t(u16, xs->adv_mss, TCP_MSS_DEFAULT);
	xtcp_rto_update(sk);
	xtcp_timer_connected(sk);
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
	}
}

static void xtcp_write_queue_purge(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue)) ||
	       (skb = __skb_dequeue(&xtcp_sk(sk)->rtx_queue))) {
		xtcp_wmem_uncharge(sk, skb->truesize);
		kfree_skb(skb);
	}
	xtcp_ofo_purge(&xtcp_sk(sk)->ofo);
	xtcp_sk(sk)->fin_queued = 0;
	xtcp_sk(sk)->syn_queued = 0;
}

/* Once CLOSED: no timers, no queues, and the user told. */
static void xtcp_teardown(struct sock *sk)
{
	xtcp_timer_closed(sk);
	xtcp_write_queue_purge(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

static bool xtcp_need_reset(int state)
{
	return (1 << state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT |
			       TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2 | TCPF_SYN_RECV);
}

/*
 * Back to a fresh CLOSED socket that may connect() again, as Linux's
 * tcp_disconnect(): connect(AF_UNSPEC), and a connect() that reports how
 * the last attempt ended. A connection still open is aborted (RFC 9293
 * ABORT). What the last one left is dropped: unread text, the peer's FIN,
 * the shutdown, the error the user has seen, the RTT and backoff.
 */
int xtcp_disconnect(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int old = sk->sk_state;

	if (old == XTCP_LISTEN) {
		xtcp_set_state(sk, XTCP_CLOSE);
		xtcp_listen_stop(sk);
	} else if (xtcp_need_reset(old) ||
		   (xs->snd_nxt != xs->write_seq &&
		    (1 << old) & (TCPF_CLOSING | TCPF_LAST_ACK))) {
		/* Before the state: CLOSED may give up the port it leaves from. */
		xtcp_send_active_rst(sk);
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	} else if (old == XTCP_SYN_SENT) {
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	}
	xtcp_set_state(sk, XTCP_CLOSE);
	xtcp_timer_closed(sk);
	__skb_queue_purge(&sk->sk_receive_queue);
	xtcp_write_queue_purge(sk);
	xs->copied_seq = xs->rcv_nxt;
	inet->inet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		inet->inet_saddr = 0;
		inet->inet_rcv_saddr = 0;
	}
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock_reset_flag(sk, SOCK_DONE);
	memset(&xs->rtt, 0, sizeof(xs->rtt));
	xs->backoff = 0;
	xs->retrans = 0;
	xs->probes = 0;
	xs->keep_probes = 0;
	xs->total_retrans = 0;
	xs->ack_pending = 0;
	xs->ack_pushed = 0;
	xs->pingpong = 0;
	xs->rcv_unacked = 0;
	xs->rto_ms = READ_ONCE(xtcp_sysctl(sk)->rto_init_ms);
	sk_dst_reset(sk);
	sk_error_report(sk);
	return 0;
}

/* CLOSED: the connection is over; an orphan is freed with its last ref. */
void xtcp_done(struct sock *sk)
{
	xtcp_set_state(sk, XTCP_CLOSE);
	xtcp_teardown(sk);
}

/*
 * The connection lives on in a TIME_WAIT entry, which has taken its
 * place in both hashes: the socket closes without an event of its own.
 */
void xtcp_done_quiet(struct sock *sk)
{
	xtcp_set_state_quiet(sk, XTCP_CLOSE);
	xtcp_unbind(sk, false);
	xtcp_teardown(sk);
}

/* The connection ended badly; the user sees @err. */
void xtcp_reset(struct sock *sk, int err)
{
	WRITE_ONCE(sk->sk_err, err);
	if (!sock_flag(sk, SOCK_DEAD))
		sk_error_report(sk);
	xtcp_done(sk);
}

/* End it here and tell the peer: RST+ACK. */
void xtcp_abort(struct sock *sk, int err)
{
	if (sk->sk_state != XTCP_CLOSE && sk->sk_state != XTCP_LISTEN &&
	    sk->sk_state != XTCP_SYN_SENT)
		xtcp_send_active_rst(sk);
	xtcp_reset(sk, err);
}

/* close() or shutdown(SHUT_WR): take the close-side step, send a FIN. */
static void xtcp_close_step(struct sock *sk)
{
	u8 next = xtcp_close_next(sk->sk_state);

	if ((next & XTCP_CLOSE_STATE_MASK) == XTCP_CLOSE) {
		xtcp_done(sk);
		return;
	}
	xtcp_set_state(sk, next & XTCP_CLOSE_STATE_MASK);
	if (next & XTCP_CLOSE_SEND_FIN)
		xtcp_queue_fin(sk);
}

/*
 * In SYN_RECV (crossed SYNs) the FIN waits for ESTABLISHED, as Linux's
 * tcp_shutdown() has it since "tcp: defer shutdown(SEND_SHUTDOWN) for
 * TCP_SYN_RECV sockets" (in 6.1.192 and 6.12). It is queued now, where
 * it may sleep for memory; nothing is sent in SYN_RECV, and the ACK that
 * establishes takes the socket to FIN_WAIT_1 and pushes it (state.c).
 */
void xtcp_shutdown_send(struct sock *sk)
{
	if (sk->sk_state == XTCP_SYN_RECV)
		xtcp_queue_fin(sk);
	else if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_SYN_SENT |
					TCPF_CLOSE_WAIT))
		xtcp_close_step(sk);
}

/* An orphan in FIN_WAIT_2 waits fin_timeout (or XTCP_LINGER2) for a FIN. */
void xtcp_fin_wait2_orphan(struct sock *sk)
{
	int secs = xtcp_sk(sk)->linger2 ?: READ_ONCE(xtcp_sysctl(sk)->fin_timeout);

	if (secs < 0) {
		xtcp_abort(sk, ECONNRESET);
		return;
	}
	/*
	 * Where Linux hands the connection to a FIN_WAIT_2 timewait socket
	 * at once (a timeout of TCP_TIMEWAIT_LEN or less), that socket has
	 * sent no ACK yet: its rate limit starts afresh (tcp_time_wait()).
	 */
	if (secs <= TCP_TIMEWAIT_LEN / HZ)
		xtcp_sk(sk)->last_oow_ack_time = 0;
	xtcp_timer_orphan_fin_wait2(sk, secs);
}

/*
 * close(), as Linux's __tcp_close(): unread data or SO_LINGER {1, 0} reset
 * the connection; otherwise a FIN goes and the socket lives on as an orphan
 * until the close is complete. SO_LINGER {1, N} waits up to N for that.
 */
void xtcp_close(struct sock *sk, long timeout)
{
	struct sk_buff *skb;
	u32 unread = 0;

	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	if (sk->sk_state == XTCP_LISTEN) {
		xtcp_set_state(sk, XTCP_CLOSE);
		xtcp_listen_stop(sk);
		goto orphan;
	}
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		unread += skb->len;
		kfree_skb(skb);
	}
	if (sk->sk_state == XTCP_CLOSE)
		goto orphan;
	if (unread) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONCLOSE);
		xtcp_abort(sk, ECONNRESET);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONLINGER);
		xtcp_abort(sk, ECONNRESET);
	} else {
		xtcp_close_step(sk);
	}
	if (timeout)
		sk_stream_wait_close(sk, timeout);
orphan:
	sock_orphan(sk);
	/* A CLOSED socket leaves the port hash here, its port bound or not. */
	if (sk->sk_state == XTCP_CLOSE)
		xtcp_unbind(sk, false);
	if (sk->sk_state == XTCP_FIN_WAIT2)
		xtcp_fin_wait2_orphan(sk);
	if (sk->sk_state != XTCP_CLOSE)
		xtcp_orphan_add(sk);
	release_sock(sk);
}

/* The netns is going: end what @hn is, whoever holds it. */
void xtcp_purge_node(struct net *net, struct xtcp_hnode *hn)
{
	struct xtcp_request *req;
	struct sock *sk;

	local_bh_disable();
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		sk = xtcp_to_sk(container_of(hn, struct xtcp_sock, hn));
		bh_lock_sock(sk);
		xtcp_abort(sk, ECONNRESET);
		bh_unlock_sock(sk);
		break;
	case XTCP_KIND_REQ:
		req = container_of(hn, struct xtcp_request, hn);
		bh_lock_sock(req->listener);
		xtcp_request_drop(req);
		bh_unlock_sock(req->listener);
		break;
	}
	local_bh_enable();
	/* Whatever state it was left in, it leaves the table. */
	xtcp_ehash_del(net, hn);
}
