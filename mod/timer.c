// SPDX-License-Identifier: GPL-2.0
/*
 * Every XTCP timer is an hrtimer, and every one is here:
 *
 * - retransmit (xtcp_sock.rtx_timer): armed while anything we sent (SYN,
 *   data, FIN) is unacknowledged, for the RTO (RFC 6298). On expiry the
 *   oldest segment goes again, congestion control enters loss (the rest
 *   follows as ACKs come back: output.c) and the RTO doubles, up to
 *   syn_retries in SYN_SENT and retries2 after; then ETIMEDOUT.
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
 *   TIME_WAIT list, which is in expiry order (timewait.c).
 *
 * All run in softirq context (HRTIMER_MODE_REL_SOFT). An armed socket timer
 * holds a reference on its socket, so no timer outlives what it serves.
 * A timer that finds the socket owned by a user is deferred to
 * xtcp_release_cb(), which runs when the user releases it.
 */
#include <kunit/visibility.h>
#include <net/sock.h>

#include "xtcp.h"
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

void xtcp_rtx_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rtx_probe = 0;
	xtcp_timer_start(sk, &xs->rtx_timer, XTCP_DEFER_RTX,
			 (u64)xs->rto_ms * NSEC_PER_MSEC);
}

void xtcp_persist_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rtx_probe = 1;
	xtcp_timer_start(sk, &xs->rtx_timer, XTCP_DEFER_RTX,
			 (u64)xs->rto_ms * NSEC_PER_MSEC);
}

void xtcp_delack_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!hrtimer_is_queued(&xs->delack_timer))
		xtcp_timer_start(sk, &xs->delack_timer, XTCP_DEFER_DELACK,
				 XTCP_DELACK_MS * NSEC_PER_MSEC);
}

void xtcp_delack_stop(struct sock *sk)
{
	xtcp_timer_cancel(sk, &xtcp_sk(sk)->delack_timer, XTCP_DEFER_DELACK);
}

void xtcp_rtx_stop(struct sock *sk)
{
	xtcp_timer_cancel(sk, &xtcp_sk(sk)->rtx_timer, XTCP_DEFER_RTX);
}

void xtcp_keep_arm(struct sock *sk, enum xtcp_keep_what what, u64 ns)
{
	xtcp_sk(sk)->keep_what = what;
	xtcp_timer_start(sk, &xtcp_sk(sk)->keep_timer, XTCP_DEFER_KEEP, ns);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_keep_arm);

void xtcp_keep_stop(struct sock *sk)
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
void xtcp_keep_reset(struct sock *sk)
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
		xtcp_abort(sk, ETIMEDOUT);
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
	if (xs->retrans >= limit) {
		if (sk->sk_state != XTCP_SYN_SENT)
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONTIMEOUT);
		xtcp_reset(sk, ETIMEDOUT);
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
		xtcp_reset(sk, ETIMEDOUT);
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

/* Timer @t of @sk fired; @bit is its XTCP_DEFER_* bit. */
static void xtcp_sock_timer(struct sock *sk, struct hrtimer *t, int bit,
			    void (*handler)(struct sock *sk))
{
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		handler(sk);
	else if (!test_and_set_bit(bit, &xtcp_sk(sk)->deferred))
		sock_hold(sk);
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

/* proto.release_cb: the timers that fired while a user held the socket. */
void xtcp_release_cb(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

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

void xtcp_timers_stop(struct sock *sk)
{
	xtcp_rtx_stop(sk);
	xtcp_keep_stop(sk);
	xtcp_delack_stop(sk);
}

static enum hrtimer_restart xtcp_request_fire(struct hrtimer *t)
{
	struct xtcp_request *req = container_of(t, struct xtcp_request, timer);

	xtcp_request_timeout(req);
	return HRTIMER_NORESTART;
}

void xtcp_request_timer_init(struct xtcp_request *req)
{
	hrtimer_init(&req->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	req->timer.function = xtcp_request_fire;
}

/* Armed with a reference on the request; the timeout drops it. */
void xtcp_request_timer_arm(struct xtcp_request *req, u64 ns)
{
	if (hrtimer_try_to_cancel(&req->timer) != 1)
		refcount_inc(&req->refcnt);
	hrtimer_start(&req->timer, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
}

void xtcp_request_timer_stop(struct xtcp_request *req)
{
	if (hrtimer_try_to_cancel(&req->timer) == 1)
		xtcp_request_put(req);
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
