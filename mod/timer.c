// SPDX-License-Identifier: GPL-2.0
/*
 * Every XTCP timer is an hrtimer, and every decision to arm, re-arm or
 * stop one is taken here. Other files only report what happened, through
 * the xtcp_timer_*() hooks named for the event (a SYN sent, data pushed,
 * new data acked, an ACK owed or sent, the connection established or
 * closed, an orphan in FIN_WAIT_2, a SYN+ACK sent, a TIME_WAIT entry
 * made); this file decides what that means for each timer:
 *
 * - retransmit (xtcp_sock.rtx_timer): armed while anything we sent (SYN,
 *   data, FIN) is unacknowledged, for the RTO (RFC 6298). On expiry the
 *   oldest segment goes again, congestion control enters loss (the rest
 *   follows as ACKs come back: output.c) and the RTO doubles, up to
 *   syn_retries in SYN_SENT, synack_retries in SYN_RECV and retries2
 *   after; then ETIMEDOUT.
 * - persist (the same hrtimer, rtx_probe set): armed when the peer's
 *   window holds back data and nothing is in flight. It sends a window
 *   probe, backing off like the RTO; retries2 probes that draw no answer
 *   at all end the connection.
 * - delayed ACK (xtcp_sock.delack_timer): an ACK owed for in-order text
 *   goes after XTCP_DELACK_MS unless a segment of ours carries it first.
 * - keepalive (xtcp_sock.keep_timer), one timer with two jobs, as in Linux:
 *   - keepalive: with SO_KEEPALIVE, after keepidle seconds without a
 *     segment, a probe every keepintvl; after keepcnt unanswered ones,
 *     ETIMEDOUT;
 *   - fin_wait2: an orphaned FIN_WAIT_2 socket ends after fin_timeout (or
 *     XTCP_LINGER2) seconds.
 * - synack (xtcp_request.timer): resends a request's SYN+ACK, doubling,
 *   up to synack_retries; then the request is dropped.
 * - time_wait (xtcp_net.tw_timer): one per netns, for the head of the
 *   TIME_WAIT list, which is in expiry order (timewait.c); an entry lasts
 *   2 * msl_ms.
 *
 * All run in softirq context (HRTIMER_MODE_*_SOFT). An armed socket timer
 * holds a reference on its socket, an armed synack timer one on its
 * request, so no timer outlives what it serves. A timer that finds its
 * socket, or a request's listener, owned by a user is deferred the same
 * way for every kind: a bit in xtcp_sock.deferred (and the request on the
 * listener's req_deferred list), carried out by xtcp_release_cb() when
 * the user releases the socket.
 */
#include <kunit/visibility.h>
#include <net/sock.h>

#include "xtcp.h"
#include "conn.h"
#include "icmp.h"
#include "orphan.h"
#include "output.h"
#include "pmtu.h"
#include "request.h"
#include "timer.h"
#include "timewait.h"
#include "seq.h"

/*
 * Which timers hold a reference, bit XTCP_DEFER_* of timer_refs, under
 * timer_lock. hrtimer_try_to_cancel() answers -1 while the callback runs,
 * queued again or not, so its answer cannot say whether a reference is
 * owed: two re-arms during one callback would take two for one queued
 * timer, and the socket would never be freed. The bit is set from the
 * arm that takes the reference until the callback that ends it, or the
 * cancel that dequeues it, gives it back.
 */
static void xtcp_timer_start(struct sock *sk, struct hrtimer *t, int bit,
			     u64 ns)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_bh(&xs->timer_lock);
	if (!__test_and_set_bit(bit, &xs->timer_refs))
		sock_hold(sk);
	hrtimer_start(t, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
	spin_unlock_bh(&xs->timer_lock);
}

static void xtcp_timer_cancel(struct sock *sk, struct hrtimer *t, int bit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool put;

	/* A callback that runs (-1) settles the reference itself. */
	spin_lock_bh(&xs->timer_lock);
	put = hrtimer_try_to_cancel(t) == 1 &&
	      __test_and_clear_bit(bit, &xs->timer_refs);
	spin_unlock_bh(&xs->timer_lock);
	if (put)
		__sock_put(sk);
}

/* The end of a callback: its reference goes, unless armed again since. */
static void xtcp_timer_done(struct sock *sk, struct hrtimer *t, int bit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool put;

	spin_lock_bh(&xs->timer_lock);
	put = !hrtimer_is_queued(t);
	if (put)
		__clear_bit(bit, &xs->timer_refs);
	spin_unlock_bh(&xs->timer_lock);
	if (put)
		sock_put(sk);
}

static void xtcp_rtx_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rtx_probe = 0;
	xtcp_timer_start(sk, &xs->rtx_timer, XTCP_DEFER_RTX,
			 xtcp_user_timeout_clamp(sk, (u64)xs->rto_ms *
						 NSEC_PER_MSEC));
}

static void xtcp_persist_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rtx_probe = 1;
	xtcp_timer_start(sk, &xs->rtx_timer, XTCP_DEFER_RTX,
			 (u64)xs->rto_ms * NSEC_PER_MSEC);
}

static void xtcp_delack_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!hrtimer_is_queued(&xs->delack_timer))
		xtcp_timer_start(sk, &xs->delack_timer, XTCP_DEFER_DELACK,
				 XTCP_DELACK_MS * NSEC_PER_MSEC);
}

static void xtcp_delack_stop(struct sock *sk)
{
	xtcp_timer_cancel(sk, &xtcp_sk(sk)->delack_timer, XTCP_DEFER_DELACK);
}

static void xtcp_rtx_stop(struct sock *sk)
{
	xtcp_timer_cancel(sk, &xtcp_sk(sk)->rtx_timer, XTCP_DEFER_RTX);
}

VISIBLE_IF_KUNIT void xtcp_keep_arm(struct sock *sk, enum xtcp_keep_what what,
				    u64 ns)
{
	xtcp_sk(sk)->keep_what = what;
	xtcp_timer_start(sk, &xtcp_sk(sk)->keep_timer, XTCP_DEFER_KEEP, ns);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_keep_arm);

VISIBLE_IF_KUNIT void xtcp_keep_stop(struct sock *sk)
{
	xtcp_sk(sk)->keep_what = XTCP_KEEP_NONE;
	xtcp_timer_cancel(sk, &xtcp_sk(sk)->keep_timer, XTCP_DEFER_KEEP);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_keep_stop);

int xtcp_keepidle(const struct sock *sk)
{
	return xtcp_sk(sk)->keepidle ?: READ_ONCE(xtcp_sysctl(sk)->keepalive_time);
}

int xtcp_keepintvl(const struct sock *sk)
{
	return xtcp_sk(sk)->keepintvl ?:
	       READ_ONCE(xtcp_sysctl(sk)->keepalive_intvl);
}

int xtcp_keepcnt(const struct sock *sk)
{
	return xtcp_sk(sk)->keepcnt ?:
	       READ_ONCE(xtcp_sysctl(sk)->keepalive_probes);
}

/* (Re)start keepalive from now, if the socket asked for it. */
static void xtcp_keep_reset(struct sock *sk)
{
	if (!sock_flag(sk, SOCK_KEEPOPEN) ||
	    xtcp_sk(sk)->keep_what == XTCP_KEEP_FIN_WAIT2)
		return;
	if (sk->sk_state == XTCP_LISTEN || sk->sk_state == XTCP_CLOSE ||
	    sk->sk_state == XTCP_SYN_SENT)
		return;
	xtcp_sk(sk)->keep_probes = 0;
	xtcp_keep_arm(sk, XTCP_KEEP_ALIVE,
		      (u64)xtcp_keepidle(sk) * NSEC_PER_SEC);
}

/* Back off: the RTO doubles (RFC 6298 5.5), up to rto_max_ms. */
static void xtcp_backoff(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->backoff++;
	xs->rto_ms = min(xs->rto_ms * 2, xtcp_rto_max(sk));
}

/*
 * tcp_write_err(): a connection that timed out reports the ICMP error
 * that came meanwhile, if any (icmp.c), rather than ETIMEDOUT.
 */
static int xtcp_timeout_err(const struct sock *sk)
{
	return READ_ONCE(sk->sk_err_soft) ?: ETIMEDOUT;
}

/* The peer's window is still closed: probe it again, or give up. */
static void xtcp_persist_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int limit = READ_ONCE(xtcp_sysctl(sk)->retries2);

	if (xs->snd_una != xs->snd_nxt || skb_queue_empty(&sk->sk_write_queue))
		return;
	if (sock_flag(sk, SOCK_DEAD))
		limit = xtcp_orphan_probe_limit(sk);
	if (limit < 0)
		return;
	if (xs->probes >= limit) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONTIMEOUT);
		xtcp_abort(sk, xtcp_timeout_err(sk));
		return;
	}
	xtcp_backoff(sk);
	if (xs->snd_wnd) {
		/* Open, but too small to send into under SWS avoidance. */
		xtcp_push_forced(sk);
		if (hrtimer_is_queued(&xs->rtx_timer))
			return;
	}
	xs->probes++;
	xtcp_send_probe(sk);
	if (!hrtimer_is_queued(&xs->rtx_timer))
		xtcp_persist_arm(sk);
}

static void xtcp_rtx_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_sysctl *sc = xtcp_sysctl(sk);
	int limit;

	if (hrtimer_is_queued(&xs->rtx_timer) ||
	    sk->sk_state == XTCP_CLOSE || sk->sk_state == XTCP_LISTEN)
		return;
	if (xs->rtx_probe) {
		xtcp_persist_timeout(sk);
		return;
	}
	if (xs->snd_una == xs->snd_nxt)
		return;
	if (sk->sk_state == XTCP_SYN_SENT)
		limit = READ_ONCE(sc->syn_retries);
	else if (sk->sk_state == XTCP_SYN_RECV)
		limit = READ_ONCE(sc->synack_retries);
	else if (sock_flag(sk, SOCK_DEAD))
		limit = xtcp_orphan_rtx_limit(sk);
	else
		limit = READ_ONCE(sc->retries2);
	if (limit < 0)
		return;
	if (xtcp_rtx_expired(sk, xs->retrans >= limit)) {
		if (sk->sk_state != XTCP_SYN_SENT)
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONTIMEOUT);
		xtcp_reset(sk, xtcp_timeout_err(sk));
		return;
	}
	xs->retrans++;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TIMEOUTS);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		xtcp_backoff(sk);
		xtcp_retransmit_head(sk);
		xtcp_rtx_arm(sk);
		return;
	}
	xtcp_cc_timeout(&xs->cc, xs->snd_nxt, xs->snd_nxt - xs->snd_una,
			xs->mss);
	xs->snd_rtx = xs->snd_una;
	xtcp_backoff(sk);
	xtcp_retransmit_head(sk);
	xtcp_rtx_arm(sk);
}

static void xtcp_keep_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 idle, now = ktime_get_ns();

	if (hrtimer_is_queued(&xs->keep_timer))
		return;
	switch (xs->keep_what) {
	case XTCP_KEEP_FIN_WAIT2:
		if (sk->sk_state == XTCP_FIN_WAIT2)
			xtcp_done(sk);
		return;
	case XTCP_KEEP_ALIVE:
		break;
	default:
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN) || sk->sk_state == XTCP_CLOSE ||
	    sk->sk_state == XTCP_LISTEN || sk->sk_state == XTCP_SYN_SENT)
		return;
	idle = now - xs->rcv_stamp;
	if (idle < (u64)xtcp_keepidle(sk) * NSEC_PER_SEC && !xs->keep_probes) {
		xtcp_keep_arm(sk, XTCP_KEEP_ALIVE,
			      (u64)xtcp_keepidle(sk) * NSEC_PER_SEC - idle);
		return;
	}
	if (xs->keep_probes >= xtcp_keepcnt(sk)) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONTIMEOUT);
		xtcp_send_active_rst(sk);
		xtcp_reset(sk, xtcp_timeout_err(sk));
		return;
	}
	xtcp_send_keepalive(sk);
	xs->keep_probes++;
	xtcp_keep_arm(sk, XTCP_KEEP_ALIVE,
		      (u64)xtcp_keepintvl(sk) * NSEC_PER_SEC);
}

static void xtcp_delack_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (hrtimer_is_queued(&xs->delack_timer) || !xs->ack_pending ||
	    sk->sk_state == XTCP_CLOSE)
		return;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_DELAYEDACKS);
	/* No reply came to carry it: not interactive after all. */
	xs->pingpong = 0;
	xtcp_send_ack(sk);
}

/*
 * @sk is locked and owned by a user: leave @bit for xtcp_release_cb(),
 * with a reference for it. False if the bit was set already.
 */
bool xtcp_defer(struct sock *sk, int bit)
{
	xtcp_assert_locked(sk);
	if (test_and_set_bit(bit, &xtcp_sk(sk)->deferred))
		return false;
	sock_hold(sk);
	return true;
}

/* Timer @t of @sk fired; @bit is its XTCP_DEFER_* bit. */
static void xtcp_sock_timer(struct sock *sk, struct hrtimer *t, int bit,
			    void (*handler)(struct sock *sk))
{
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		handler(sk);
	else
		xtcp_defer(sk, bit);
	bh_unlock_sock(sk);
	xtcp_timer_done(sk, t, bit);
}

static enum hrtimer_restart xtcp_rtx_fire(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, rtx_timer);

	xtcp_sock_timer(xtcp_to_sk(xs), t, XTCP_DEFER_RTX, xtcp_rtx_timeout);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart xtcp_delack_fire(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, delack_timer);

	xtcp_sock_timer(xtcp_to_sk(xs), t, XTCP_DEFER_DELACK,
			xtcp_delack_timeout);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart xtcp_keep_fire(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, keep_timer);

	xtcp_sock_timer(xtcp_to_sk(xs), t, XTCP_DEFER_KEEP, xtcp_keep_timeout);
	return HRTIMER_NORESTART;
}

static void xtcp_request_timeout(struct xtcp_request *req);

/* proto.release_cb: the timers that fired while a user held the socket. */
void xtcp_release_cb(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_request *req, *tmp;
	struct llist_node *list;

	if (test_and_clear_bit(XTCP_DEFER_RTX, &xs->deferred)) {
		xtcp_rtx_timeout(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DEFER_KEEP, &xs->deferred)) {
		xtcp_keep_timeout(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DEFER_DELACK, &xs->deferred)) {
		xtcp_delack_timeout(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DEFER_ICMP, &xs->deferred)) {
		xtcp_icmp_deferred(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DEFER_MTU, &xs->deferred)) {
		xtcp_mtu_reduced(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DEFER_REQ, &xs->deferred)) {
		/* Each request brought its timer's reference along. */
		list = llist_del_all(&xs->req_deferred);
		llist_for_each_entry_safe(req, tmp, list, defer_node) {
			xtcp_request_timeout(req);
			xtcp_request_put(req);
		}
		__sock_put(sk);
	}
}

void xtcp_timers_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_init(&xs->timer_lock);
	hrtimer_init(&xs->rtx_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	xs->rtx_timer.function = xtcp_rtx_fire;
	hrtimer_init(&xs->keep_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	xs->keep_timer.function = xtcp_keep_fire;
	hrtimer_init(&xs->delack_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	xs->delack_timer.function = xtcp_delack_fire;
}

/* Our SYN went: time it out. */
void xtcp_timer_syn_sent(struct sock *sk)
{
	xtcp_rtx_arm(sk);
}

/*
 * xtcp_push() ran. What it sent is timed unless something older already
 * is; if the peer's window held everything back with nothing in flight,
 * no ACK will come to restart sending: probe it.
 */
void xtcp_timer_pushed(struct sock *sk, bool sent)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (sent && (xs->rtx_probe || !hrtimer_is_queued(&xs->rtx_timer)))
		xtcp_rtx_arm(sk);
	else if (!sent && !skb_queue_empty(&sk->sk_write_queue) &&
		 xs->snd_una == xs->snd_nxt &&
		 !hrtimer_is_queued(&xs->rtx_timer))
		xtcp_persist_arm(sk);
}

/* A segment went again before its timer ran out (fast retransmit). */
void xtcp_timer_resent(struct sock *sk)
{
	xtcp_rtx_arm(sk);
}

/* An ACK of new data: RFC 6298 5.2 and 5.3. */
void xtcp_timer_new_ack(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->snd_una == xs->snd_nxt)
		xtcp_rtx_stop(sk);
	else
		xtcp_rtx_arm(sk);
}

/* In-order text owes an ACK that may wait. */
void xtcp_timer_ack_owed(struct sock *sk)
{
	xtcp_delack_arm(sk);
}

/* An ACK went, alone or on a segment of ours: none is owed now. */
void xtcp_timer_ack_sent(struct sock *sk)
{
	xtcp_delack_stop(sk);
}

/* Established: keepalive counts idle time from now. */
void xtcp_timer_connected(struct sock *sk)
{
	xtcp_keep_reset(sk);
}

/* SO_KEEPALIVE or XTCP_KEEPIDLE changed. */
void xtcp_timer_keepalive_set(struct sock *sk)
{
	if (sock_flag(sk, SOCK_KEEPOPEN))
		xtcp_keep_reset(sk);
	else if (xtcp_sk(sk)->keep_what == XTCP_KEEP_ALIVE)
		xtcp_keep_stop(sk);
}

/* An orphan reached FIN_WAIT_2: it waits @secs for the peer's FIN. */
void xtcp_timer_orphan_fin_wait2(struct sock *sk, int secs)
{
	xtcp_keep_arm(sk, XTCP_KEEP_FIN_WAIT2, (u64)secs * NSEC_PER_SEC);
}

/* CLOSED, or handed to a TIME_WAIT entry: nothing is left to time. */
void xtcp_timer_closed(struct sock *sk)
{
	xtcp_rtx_stop(sk);
	xtcp_keep_stop(sk);
	xtcp_delack_stop(sk);
}

/* SYN+ACK timeouts double (RFC 6298 5.5), from rto_init_ms to the max. */
static u64 xtcp_request_rto_ns(const struct xtcp_request *req)
{
	u32 ms = READ_ONCE(xtcp_sysctl(req->listener)->rto_init_ms);

	return (u64)xtcp_rto_backoff_ms(ms, req->retrans,
					xtcp_rto_max(req->listener)) *
	       NSEC_PER_MSEC;
}

/* The listener is locked and not owned: send again, or give up. */
static void xtcp_request_timeout(struct xtcp_request *req)
{
	xtcp_assert_locked(req->listener);
	if (req->dead || hrtimer_is_queued(&req->timer))
		return;
	if (req->retrans >= READ_ONCE(xtcp_sysctl(req->listener)->synack_retries))
		xtcp_request_drop(req);
	else
		xtcp_request_retransmit(req);
}

static enum hrtimer_restart xtcp_request_fire(struct hrtimer *t)
{
	struct xtcp_request *req = container_of(t, struct xtcp_request, timer);
	struct sock *lsk = req->listener;

	bh_lock_sock(lsk);
	if (sock_owned_by_user(lsk)) {
		/* Deferred, with the timer's reference on @req. */
		llist_add(&req->defer_node, &xtcp_sk(lsk)->req_deferred);
		xtcp_defer(lsk, XTCP_DEFER_REQ);
		bh_unlock_sock(lsk);
		return HRTIMER_NORESTART;
	}
	xtcp_request_timeout(req);
	bh_unlock_sock(lsk);
	xtcp_request_put(req);
	return HRTIMER_NORESTART;
}

void xtcp_request_timer_init(struct xtcp_request *req)
{
	hrtimer_init(&req->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	req->timer.function = xtcp_request_fire;
}

/* A SYN+ACK went (retransmitted @req->retrans times): time it out. */
void xtcp_timer_synack_sent(struct xtcp_request *req)
{
	/* Armed with a reference on the request; the timeout drops it. */
	if (hrtimer_try_to_cancel(&req->timer) != 1)
		refcount_inc(&req->refcnt);
	hrtimer_start(&req->timer, ns_to_ktime(xtcp_request_rto_ns(req)),
		      HRTIMER_MODE_REL_SOFT);
}

/* The request is done, as a child or dropped. */
void xtcp_timer_request_done(struct xtcp_request *req)
{
	if (hrtimer_try_to_cancel(&req->timer) == 1)
		xtcp_request_put(req);
}

/* When an entry made now leaves TIME_WAIT: 2MSL. */
u64 xtcp_timer_tw_expiry(struct xtcp_net *xn)
{
	return ktime_get_ns() + 2ULL * READ_ONCE(xn->sysctl.msl_ms) * NSEC_PER_MSEC;
}

/* The head of the TIME_WAIT list changed: it expires at @expires. */
void xtcp_timer_tw_head(struct xtcp_net *xn, u64 expires)
{
	hrtimer_start(&xn->tw_timer, ns_to_ktime(expires), HRTIMER_MODE_ABS_SOFT);
}

/* The netns goes: no more expiries. */
void xtcp_timer_tw_stop(struct xtcp_net *xn)
{
	hrtimer_cancel(&xn->tw_timer);
}

static enum hrtimer_restart xtcp_tw_fire(struct hrtimer *t)
{
	struct xtcp_net *xn = container_of(t, struct xtcp_net, tw_timer);

	xtcp_tw_expire(xn);
	return HRTIMER_NORESTART;
}

void xtcp_tw_timer_init(struct xtcp_net *xn)
{
	hrtimer_init(&xn->tw_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	xn->tw_timer.function = xtcp_tw_fire;
}
