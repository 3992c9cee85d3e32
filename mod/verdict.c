// SPDX-License-Identifier: GPL-2.0
/*
 * Carrying out a verdict of the transition function (state.c): the one
 * place where the actions it names happen, for sockets, listeners,
 * requests, TIME_WAIT entries and segments with nowhere to go alike. The
 * actions run in the order of their XTCP_ACT_* bits; each kind of target
 * carries out only the bits that mean something for it, and a verdict
 * that names any other warns once.
 */
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "segtrace.h"
#include "ack.h"
#include "conn.h"
#include "data.h"
#include "output.h"
#include "request.h"
#include "timewait.h"
#include "verdict.h"
#include "state.h"

/* The actions each kind of target carries out. */
static const u32 xtcp_target_acts[] = {
	[XTCP_TARGET_NONE]	= XTCP_ACT_RST,
	[XTCP_TARGET_LISTEN]	= XTCP_ACT_RST | XTCP_ACT_REQ,
	[XTCP_TARGET_REQ]	= XTCP_ACT_RST | XTCP_ACT_SYNACK |
				  XTCP_ACT_ACK | XTCP_ACT_DUPACK |
				  XTCP_ACT_CHALLENGE | XTCP_ACT_DONE |
				  XTCP_ACT_ESTAB,
	[XTCP_TARGET_TW]	= XTCP_ACT_ACK | XTCP_ACT_DUPACK | XTCP_ACT_TW |
				  XTCP_ACT_DONE | XTCP_ACT_REOPEN,
	[XTCP_TARGET_SOCK]	= XTCP_ACT_ALL & ~(XTCP_ACT_REQ |
						   XTCP_ACT_REOPEN),
};

/*
 * The text step for a socket. True if @skb was kept; *fin says whether
 * the peer's FIN was reached, *dropped whether text found no room.
 */
static bool xtcp_apply_text(struct sock *sk, struct sk_buff *skb, u32 act,
			    bool *fin, bool *dropped)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool hole = !xtcp_ofo_empty(&xs->ofo);
	/* Queuing trims the text and leaves the FIN out of end_seq. */
	u32 fin_seq = XTCP_SKB_CB(skb)->end_seq - 1;
	bool queued = false;

	if (act & XTCP_ACT_DATA) {
		queued = xtcp_data_queue(sk, skb);
		*dropped = !queued;
		if (queued && hole && !(act & XTCP_ACT_FIN))
			*fin = xtcp_ofo_drain(sk);
	} else if (act & XTCP_ACT_OFO) {
		queued = xtcp_ofo_queue(sk, skb);
		*dropped = !queued;
	}
	/* The segment's own FIN, once every byte before it is in. */
	if ((act & XTCP_ACT_FIN) && xs->rcv_nxt == fin_seq)
		*fin = true;
	return queued;
}

/* The ACK the text step owes, if nothing sent has carried it. */
static void xtcp_apply_ack(struct sock *sk, u32 act)
{
	if (act & XTCP_ACT_ACK)
		xtcp_send_ack(sk);
	else if (act & XTCP_ACT_ACK_SCHED)
		xtcp_ack_schedule(sk);
}

/* A verdict for a connection's socket, which the caller has locked. */
static void xtcp_apply_sock(struct sock *sk, struct sk_buff *skb,
			    const struct xtcp_verdict *v)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool queued = false, fin = false, dropped = false;
	u32 act = v->act;

	xtcp_assert_locked(sk);
	if (v->reason == XTCP_DROP_ABORT_DATA)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONDATA);
	/*
	 * Crossed SYNs, shutdown(SHUT_WR) held in SYN_RECV, and text for a
	 * reader gone: established, the FIN out, then the reset, as
	 * tcp_rcv_state_process() calls tcp_shutdown() in its step 5 and
	 * resets in step 7.
	 */
	if ((act & XTCP_ACT_ESTAB) && (act & XTCP_ACT_RESET)) {
		xtcp_ack(sk, skb);
		xtcp_established(sk);
		xtcp_set_state(sk, XTCP_FIN_WAIT1);
		xtcp_push(sk);
	}
	if (act & XTCP_ACT_RST)
		xtcp_send_reset(sock_net(sk), skb, sk->sk_state);
	if (act & XTCP_ACT_RESET) {
		xtcp_reset(sk, v->err);
		goto out;
	}
	if (act & (XTCP_ACT_TAKE_SYN | XTCP_ACT_UNA))
		xtcp_peer_alive(sk);
	if (act & XTCP_ACT_TAKE_SYN)
		xtcp_take_syn(sk, XTCP_SKB_CB(skb));
	if (act & XTCP_ACT_UNA)
		xtcp_ack(sk, skb);
	if (act & XTCP_ACT_ESTAB)
		xtcp_established(sk);
	/* The state the ACK leads to; TIME_WAIT and CLOSED come below. */
	if (v->state != XTCP_TIME_WAIT && v->state != XTCP_CLOSE)
		xtcp_set_state(sk, v->state);
	/*
	 * A shutdown(SHUT_WR) held in SYN_RECV: its FIN goes before the text
	 * is looked at, as tcp_rcv_state_process() calls tcp_shutdown() in
	 * its step 5; an ACK the text owes then goes on its own.
	 */
	if ((act & XTCP_ACT_ESTAB) && v->state == XTCP_FIN_WAIT1)
		xtcp_push(sk);
	if (act & XTCP_ACT_SYNACK)
		xtcp_send_synack(sk);
	if (act & XTCP_ACT_WAKE)
		sk->sk_state_change(sk);
	if (act & XTCP_ACT_ORPHAN_FW2) {
		xtcp_fin_wait2_orphan(sk);
		/* linger2 < 0: no FIN_WAIT_2 for an orphan, a reset. */
		if (sk->sk_state == XTCP_CLOSE)
			goto out;
	}
	queued = xtcp_apply_text(sk, skb, act, &fin, &dropped);
	if (fin) {
		xtcp_fin(sk);
		act = (act & ~XTCP_ACT_ACKS) | v->fin_act;
		if (v->fin_state != XTCP_TIME_WAIT)
			xtcp_set_state(sk, v->fin_state);
	}
	/* Text that found no room: tell the peer at once. */
	if (dropped)
		act = (act & ~XTCP_ACT_ACKS) | XTCP_ACT_ACK;
	if (act & XTCP_ACT_PINGPONG)
		xs->pingpong = 1;
	if (act & XTCP_ACT_ACK_FIRST)
		xtcp_send_ack(sk);
	if ((act & XTCP_ACT_DUPACK) &&
	    !xtcp_dupack_limited(sock_net(sk), skb,
				 sock_flag(sk, SOCK_DEAD) &&
				 sk->sk_state == XTCP_FIN_WAIT2 ?
				 XTCP_MIB_ACKSKIPPEDFINWAIT2 :
				 XTCP_MIB_ACKSKIPPEDSEQ,
				 &xs->last_oow_ack_time))
		xtcp_send_ack(sk);
	if (act & XTCP_ACT_CHALLENGE)
		xtcp_send_challenge_ack(sk);
	if (act & XTCP_ACT_TW) {
		xtcp_apply_ack(sk, act);
		xtcp_time_wait(sk);
		goto out;
	}
	if (act & XTCP_ACT_DONE) {
		xtcp_apply_ack(sk, act);
		xtcp_done(sk);
		goto out;
	}
	/*
	 * tcp_data_snd_check() before tcp_ack_snd_check(): a segment the
	 * push sends carries the ACK owed.
	 */
	if (!(act & XTCP_ACT_PUSH) || !xtcp_push(sk))
		xtcp_apply_ack(sk, act);
out:
	if (!queued)
		consume_skb(skb);
}

/* A verdict for a request; its listener is locked. */
static void xtcp_apply_req(struct xtcp_request *req, struct sk_buff *skb,
			   const struct xtcp_verdict *v)
{
	struct net *net = sock_net(req->listener);

	xtcp_assert_locked(req->listener);
	if (v->act & XTCP_ACT_RST)
		xtcp_send_reset(net, skb, XTCP_SYN_RECV);
	/*
	 * The SYN again: our SYN+ACK again, rate-limited as ACKs to
	 * segments out of the window are (tcp_check_req(),
	 * tcp_minisocks.c:612-651).
	 */
	if ((v->act & XTCP_ACT_SYNACK) &&
	    !xtcp_dupack_limited(net, skb, XTCP_MIB_ACKSKIPPEDSYNRECV,
				 &req->last_oow_ack_time))
		xtcp_request_resend(req);
	if ((v->act & XTCP_ACT_ACK) ||
	    ((v->act & XTCP_ACT_DUPACK) &&
	     !xtcp_dupack_limited(net, skb, XTCP_MIB_ACKSKIPPEDSYNRECV,
				  &req->last_oow_ack_time)) ||
	    ((v->act & XTCP_ACT_CHALLENGE) &&
	     xtcp_challenge_ok(net, &req->last_oow_ack_time)))
		xtcp_request_send(req, TCPHDR_ACK);
	if (v->act & XTCP_ACT_DONE)
		xtcp_request_drop(req);
	/* The child takes the rest of the segment. */
	if ((v->act & XTCP_ACT_ESTAB) && xtcp_request_child(req, skb))
		return;
	consume_skb(skb);
}

/* A verdict for a TIME_WAIT entry. */
static void xtcp_apply_tw(struct xtcp_tw *tw, struct sk_buff *skb,
			  const struct xtcp_verdict *v)
{
	u32 act = v->act;

	if ((act & XTCP_ACT_REOPEN) && xtcp_tw_reopen(tw, skb))
		return;
	/* No listener for the SYN: it is ACKed as anything else. */
	if (act & XTCP_ACT_REOPEN)
		act |= XTCP_ACT_ACK;
	if ((act & XTCP_ACT_ACK) ||
	    ((act & XTCP_ACT_DUPACK) &&
	     !xtcp_dupack_limited(xtcp_tw_net(tw), skb,
				  XTCP_MIB_ACKSKIPPEDTIMEWAIT,
				  &tw->last_oow_ack_time)))
		xtcp_tw_send_ack(tw, skb);
	if (act & XTCP_ACT_TW)
		xtcp_tw_restart(tw);
	if (act & XTCP_ACT_DONE) {
		XTCP_INC_STATS(xtcp_tw_net(tw), XTCP_MIB_TWKILLED);
		xtcp_tw_kill(tw);
	}
	consume_skb(skb);
}

/* Carry out @v for @t; consumes @skb. */
void xtcp_verdict_apply(const struct xtcp_target *t, struct sk_buff *skb,
			const struct xtcp_verdict *v)
{
	WARN_ON_ONCE(v->act & ~xtcp_target_acts[t->kind]);
	xtcp_trace_recv(t, skb, v);

	switch (t->kind) {
	case XTCP_TARGET_SOCK:
		xtcp_apply_sock(t->sk, skb, v);
		return;
	case XTCP_TARGET_REQ:
		xtcp_apply_req(t->req, skb, v);
		return;
	case XTCP_TARGET_TW:
		xtcp_apply_tw(t->tw, skb, v);
		return;
	case XTCP_TARGET_LISTEN:
		if (v->act & XTCP_ACT_RST)
			xtcp_send_reset(sock_net(t->sk), skb, XTCP_LISTEN);
		if (v->act & XTCP_ACT_REQ)
			xtcp_request_syn(t->sk, skb, XTCP_SKB_CB(skb)->iss_hint);
		break;
	default:
		if (v->act & XTCP_ACT_RST)
			xtcp_send_reset(t->net, skb, XTCP_CLOSE);
		break;
	}
	consume_skb(skb);
}
