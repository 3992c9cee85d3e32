// SPDX-License-Identifier: GPL-2.0
/*
 * What a row shows of a socket, a request or a TIME_WAIT entry, for
 * /proc/net/xtcp and sock_diag alike. Callers hold the bucket lock of the
 * hash they found it in; a socket's fields are read once each, unlocked.
 */
#include <net/sock.h>
#include <linux/xtcp_diag.h>

#include "xtcp.h"
#include "hash.h"
#include "row.h"
#include "sock6.h"
#include "timewait.h"

static u64 xtcp_timer_ms(struct hrtimer *t)
{
	s64 ns;

	if (!hrtimer_is_queued(t))
		return 0;
	ns = ktime_to_ns(hrtimer_get_remaining(t));
	return ns > 0 ? div_u64(ns, NSEC_PER_MSEC) : 0;
}

/* The 4-tuple and the state only, for filters: the rest is left 0. */
void xtcp_row_sock_key(struct xtcp_row *r, struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);

	/* Unlocked: every field once, as the socket's lock holder wrote it. */
	memset(r, 0, sizeof(*r));
	if (xtcp_sk_v6(sk)) {
		r->v6 = 1;
		r->laddr6 = sk->sk_v6_rcv_saddr;
		r->raddr6 = sk->sk_v6_daddr;
	}
	r->laddr = READ_ONCE(inet->inet_rcv_saddr) ?: READ_ONCE(inet->inet_saddr);
	r->raddr = READ_ONCE(inet->inet_daddr);
	r->lport = READ_ONCE(inet->inet_sport);
	r->rport = READ_ONCE(inet->inet_dport);
	r->state = inet_sk_state_load(sk);
}

void xtcp_row_sock(struct xtcp_row *r, struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_row_sock_key(r, sk);
	r->retrans = READ_ONCE(xs->retrans);
	r->uid = sk->sk_uid;
	r->ino = sock_i_ino(sk);
	if (r->state == XTCP_LISTEN) {
		r->rxq = READ_ONCE(sk->sk_ack_backlog);
		r->txq = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}
	r->txq = READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_una);
	r->rxq = READ_ONCE(xs->rcv_nxt) - READ_ONCE(xs->copied_seq);
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN && r->rxq)
		r->rxq--;	/* the FIN is not a byte to read */
	r->rto = READ_ONCE(xs->rto_ms);
	r->cwnd = READ_ONCE(xs->cc.cwnd);
	if (hrtimer_is_queued(&xs->rtx_timer)) {
		r->timer = READ_ONCE(xs->rtx_probe) ? XTCP_DIAG_TIMER_PROBE :
						      XTCP_DIAG_TIMER_RETRANSMIT;
		r->ms = xtcp_timer_ms(&xs->rtx_timer);
	} else if (hrtimer_is_queued(&xs->delack_timer)) {
		r->timer = XTCP_DIAG_TIMER_DELACK;
		r->ms = xtcp_timer_ms(&xs->delack_timer);
	} else if (hrtimer_is_queued(&xs->keep_timer)) {
		r->timer = READ_ONCE(xs->keep_what) == XTCP_KEEP_FIN_WAIT2 ?
			   XTCP_DIAG_TIMER_FIN_WAIT2 : XTCP_DIAG_TIMER_KEEPALIVE;
		r->ms = xtcp_timer_ms(&xs->keep_timer);
	}
}

/* A request's or a TIME_WAIT entry's 4-tuple and state. */
void xtcp_row_node_key(struct xtcp_row *r, struct xtcp_hnode *hn)
{
	struct xtcp_tuple t;

	memset(r, 0, sizeof(*r));
	xtcp_node_tuple(hn, &t);
	r->v6 = t.v6;
	r->laddr6 = t.laddr6;
	r->raddr6 = t.raddr6;
	r->laddr = hn->laddr;
	r->raddr = hn->raddr;
	r->lport = hn->lport;
	r->rport = hn->rport;
	r->state = hn->kind == XTCP_KIND_REQ ? XTCP_SYN_RECV : XTCP_TIME_WAIT;
}

/* A request or a TIME_WAIT entry. */
void xtcp_row_node(struct xtcp_row *r, struct xtcp_hnode *hn)
{
	struct xtcp_request *req;
	struct xtcp_tw *tw;

	xtcp_row_node_key(r, hn);
	switch (hn->kind) {
	case XTCP_KIND_REQ:
		req = container_of(hn, struct xtcp_request, hn);
		r->timer = XTCP_DIAG_TIMER_SYNACK;
		r->ms = xtcp_timer_ms(&req->timer);
		r->retrans = READ_ONCE(req->retrans);
		r->uid = req->listener->sk_uid;
		break;
	case XTCP_KIND_TW:
		tw = container_of(hn, struct xtcp_tw, hn);
		r->timer = XTCP_DIAG_TIMER_TIME_WAIT;
		r->ms = div_u64(xtcp_tw_remaining_ns(tw), NSEC_PER_MSEC);
		r->uid = GLOBAL_ROOT_UID;
		break;
	}
}

static const char *const xtcp_timer_names[] = {
	[XTCP_DIAG_TIMER_NONE]		= "-",
	[XTCP_DIAG_TIMER_RETRANSMIT]	= "retransmit",
	[XTCP_DIAG_TIMER_PROBE]		= "probe",
	[XTCP_DIAG_TIMER_DELACK]	= "delack",
	[XTCP_DIAG_TIMER_KEEPALIVE]	= "keepalive",
	[XTCP_DIAG_TIMER_FIN_WAIT2]	= "fin_wait2",
	[XTCP_DIAG_TIMER_SYNACK]	= "synack",
	[XTCP_DIAG_TIMER_TIME_WAIT]	= "time_wait",
};

const char *xtcp_timer_name(unsigned int timer)
{
	return timer < ARRAY_SIZE(xtcp_timer_names) ? xtcp_timer_names[timer] :
						       "?";
}
