// SPDX-License-Identifier: GPL-2.0
/*
 * The transition function. It follows RFC 9293 3.10.7 ("SEGMENT ARRIVES")
 * step by step, with RFC 5961's checks on RST, SYN and ACK, and Linux's
 * verdicts for TIME_WAIT (tcp_timewait_state_process()).
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/tcp.h>
#include <linux/xtcp.h>

#include "seq.h"
#include "state.h"

static const char *const xtcp_state_names[] = {
	[0]			= "UNKNOWN",
	[XTCP_ESTABLISHED]	= "ESTABLISHED",
	[XTCP_SYN_SENT]		= "SYN_SENT",
	[XTCP_SYN_RECV]		= "SYN_RECV",
	[XTCP_FIN_WAIT1]	= "FIN_WAIT_1",
	[XTCP_FIN_WAIT2]	= "FIN_WAIT_2",
	[XTCP_TIME_WAIT]	= "TIME_WAIT",
	[XTCP_CLOSE]		= "CLOSED",
	[XTCP_CLOSE_WAIT]	= "CLOSE_WAIT",
	[XTCP_LAST_ACK]		= "LAST_ACK",
	[XTCP_LISTEN]		= "LISTEN",
	[XTCP_CLOSING]		= "CLOSING",
};

const char *xtcp_state_name(int state)
{
	if (state <= 0 || state >= ARRAY_SIZE(xtcp_state_names))
		return xtcp_state_names[0];
	return xtcp_state_names[state];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_state_name);

enum xtcp_seg_type xtcp_seg_type(const struct tcphdr *th)
{
	if (th->rst)
		return th->ack ? XTCP_SEG_RSTACK : XTCP_SEG_RST;
	if (th->syn) {
		if (th->fin)
			return th->ack ? XTCP_SEG_SYNFINACK : XTCP_SEG_SYNFIN;
		return th->ack ? XTCP_SEG_SYNACK : XTCP_SEG_SYN;
	}
	if (th->fin)
		return th->ack ? XTCP_SEG_FINACK : XTCP_SEG_FIN;
	return th->ack ? XTCP_SEG_ACK : XTCP_SEG_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_seg_type);

/*
 * @len counts SYN and FIN. RFC 9293's acceptability test decides between
 * the window (LEFT, IN, RIGHT, OVERLAP) and outside (BEYOND, OLD, DUP).
 * DUP is the peer's last segment again: it ends at RCV.NXT, or, with no
 * length, starts at RCV.NXT - 1 (an RST with the FIN's sequence number, a
 * keepalive probe).
 */
enum xtcp_seq_pos xtcp_seq_pos(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd)
{
	u32 end = seq + len;

	/*
	 * tcp_sequence() takes SEG.SEQ == RCV.NXT with text at a zero window
	 * too (its ACK and RST count); tcp_data_queue() drops the text.
	 */
	if (seq == rcv_nxt)
		return XTCP_SEQ_LEFT;
	if (xtcp_seq_before(seq, rcv_nxt)) {
		if (len ? end == rcv_nxt : seq == rcv_nxt - 1)
			return XTCP_SEQ_DUP;
		if (xtcp_seq_after(end, rcv_nxt) && rcv_wnd)
			return XTCP_SEQ_OVERLAP;
		return XTCP_SEQ_OLD;
	}
	if (!rcv_wnd || !xtcp_seq_before(seq, rcv_nxt + rcv_wnd))
		return XTCP_SEQ_BEYOND;
	if (seq == rcv_nxt + rcv_wnd - 1)
		return XTCP_SEQ_RIGHT;
	return XTCP_SEQ_IN;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_seq_pos);

/*
 * @snd_end is where what we have to send ends (write_seq): ALL is an ACK
 * of everything, our FIN included, with nothing left behind unsent.
 * @max_wnd bounds how old an ACK may be (RFC 5961 5.2); Linux also keeps
 * it within the bytes acked so far (tcp_ack()), which the caller passes.
 */
enum xtcp_ack_pos xtcp_ack_pos(u32 ack, u32 snd_una, u32 snd_nxt,
			       u32 snd_end, u32 max_wnd)
{
	/*
	 * Below SND.UNA first, as tcp_ack(): 2^31 away, an ACK is both
	 * before SND.UNA and after SND.NXT, and is challenged as stale.
	 */
	if (xtcp_seq_before(ack, snd_una))
		return xtcp_seq_before(ack, snd_una - max_wnd) ?
		       XTCP_ACK_STALE : XTCP_ACK_OLD;
	if (xtcp_seq_after(ack, snd_nxt))
		return XTCP_ACK_UNSENT;
	if (ack == snd_una)
		return XTCP_ACK_DUP;
	return ack == snd_nxt && snd_nxt == snd_end ? XTCP_ACK_ALL :
						      XTCP_ACK_PART;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ack_pos);

static bool xtcp_sm_ack(u8 t)
{
	return t == XTCP_SEG_ACK || t == XTCP_SEG_FINACK ||
	       t == XTCP_SEG_RSTACK || t == XTCP_SEG_SYNACK ||
	       t == XTCP_SEG_SYNFINACK;
}

static bool xtcp_sm_rst(u8 t)
{
	return t == XTCP_SEG_RST || t == XTCP_SEG_RSTACK;
}

static bool xtcp_sm_syn(u8 t)
{
	return t == XTCP_SEG_SYN || t == XTCP_SEG_SYNACK ||
	       t == XTCP_SEG_SYNFIN || t == XTCP_SEG_SYNFINACK;
}

static bool xtcp_sm_fin(u8 t)
{
	return t == XTCP_SEG_FIN || t == XTCP_SEG_FINACK ||
	       t == XTCP_SEG_SYNFIN || t == XTCP_SEG_SYNFINACK;
}

/* SND.UNA < SEG.ACK =< SND.NXT: it acks something new. */
static bool xtcp_sm_new_ack(u8 pos)
{
	return pos == XTCP_ACK_ALL || pos == XTCP_ACK_PART;
}

/* It takes up sequence space: text, SYN or FIN. */
static bool xtcp_sm_len(const struct xtcp_event *ev)
{
	return ev->data || xtcp_sm_syn(ev->type) || xtcp_sm_fin(ev->type);
}

/* Inside the receive window: RFC 9293 3.10.7.4's acceptability test. */
static bool xtcp_sm_in_window(u8 pos)
{
	return pos == XTCP_SEQ_LEFT || pos == XTCP_SEQ_IN ||
	       pos == XTCP_SEQ_RIGHT || pos == XTCP_SEQ_OVERLAP;
}

/*
 * tcp_sequence(): Linux also accepts the last segment again when it takes
 * up sequence space (its end is not before RCV.WUP, which is RCV.NXT once
 * we have ACKed it), so that a FIN sent again is ACKed by the text step.
 */
static bool xtcp_sm_acceptable(const struct xtcp_event *ev)
{
	return xtcp_sm_in_window(ev->seq) ||
	       (ev->seq == XTCP_SEQ_DUP && xtcp_sm_len(ev));
}

/* Text, or a FIN, past RCV.NXT: "after(end_seq - fin, rcv_nxt)". */
static bool xtcp_sm_new_text(const struct xtcp_event *ev)
{
	if (ev->data)
		return xtcp_sm_in_window(ev->seq);
	return xtcp_sm_fin(ev->type) &&
	       (ev->seq == XTCP_SEQ_IN || ev->seq == XTCP_SEQ_RIGHT);
}

static struct xtcp_verdict xtcp_sm_drop(struct xtcp_verdict v, u8 reason,
					u32 act)
{
	v.reason = reason;
	v.act = act;
	return v;
}

/* tcp_reset(): the errno the user sees, by state. */
static struct xtcp_verdict xtcp_sm_reset(u8 state, u32 act)
{
	struct xtcp_verdict v = { .state = XTCP_CLOSE, .fin_state = XTCP_CLOSE };

	v.act = act | XTCP_ACT_RESET;
	if (state == XTCP_SYN_SENT)
		v.err = ECONNREFUSED;
	else if (state == XTCP_CLOSE_WAIT)
		v.err = EPIPE;
	else
		v.err = ECONNRESET;
	return v;
}

/* No connection: tcp_v4_rcv()'s no_tcp_socket, a reset unless it is one. */
static struct xtcp_verdict xtcp_sm_closed(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_CLOSE, .fin_state = XTCP_CLOSE };

	if (!xtcp_sm_rst(ev->type))
		v.act = XTCP_ACT_RST;
	v.reason = XTCP_DROP_FLAGS;
	return v;
}

/* tcp_rcv_state_process(), TCP_LISTEN. */
static struct xtcp_verdict xtcp_sm_listen(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_LISTEN, .fin_state = XTCP_LISTEN };
	u8 t = ev->type;

	/* "if (th->ack) return 1": a reset, though never to a reset. */
	if (xtcp_sm_ack(t))
		return xtcp_sm_drop(v, XTCP_DROP_ACK,
				    xtcp_sm_rst(t) ? 0 : XTCP_ACT_RST);
	if (t == XTCP_SEG_SYN) {
		v.act = XTCP_ACT_REQ;
		return v;
	}
	/* An RST, a SYN with FIN, or no control bit at all. */
	return xtcp_sm_drop(v, XTCP_DROP_FLAGS, 0);
}

/* tcp_rcv_synsent_state_process(). */
static struct xtcp_verdict xtcp_sm_syn_sent(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_SYN_SENT,
				  .fin_state = XTCP_SYN_SENT };
	u8 t = ev->type;

	if (xtcp_sm_ack(t)) {
		/* SEG.ACK =< ISS or > SND.NXT: reset_and_undo. */
		if (!xtcp_sm_new_ack(ev->ack))
			return xtcp_sm_drop(v, XTCP_DROP_ACK,
					    xtcp_sm_rst(t) ? 0 : XTCP_ACT_RST);
		if (xtcp_sm_rst(t))
			return xtcp_sm_reset(XTCP_SYN_SENT, 0);
		if (!xtcp_sm_syn(t))
			return xtcp_sm_drop(v, XTCP_DROP_FLAGS, 0);
		/*
		 * Our SYN is acked: established. Text and FIN in the
		 * SYN+ACK are not taken ("do step6 onward by hand" only
		 * for URG); the ACK covers the SYN alone.
		 */
		v.state = XTCP_ESTABLISHED;
		v.fin_state = XTCP_ESTABLISHED;
		v.act = XTCP_ACT_TAKE_SYN | XTCP_ACT_ESTAB | XTCP_ACT_UNA |
			XTCP_ACT_ACK_FIRST | XTCP_ACT_PUSH;
		return v;
	}
	if (xtcp_sm_rst(t) || !xtcp_sm_syn(t))
		return xtcp_sm_drop(v, XTCP_DROP_FLAGS, 0);
	/* Crossed SYNs, with or without FIN: simultaneous open. */
	v.state = XTCP_SYN_RECV;
	v.fin_state = XTCP_SYN_RECV;
	v.act = XTCP_ACT_TAKE_SYN | XTCP_ACT_SYNACK;
	return v;
}

/*
 * A request from LISTEN in SYN_RECV: tcp_check_req(). Our SYN+ACK is
 * SND.NXT, so only ALL is the ACK of it.
 */
static struct xtcp_verdict xtcp_sm_request(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_SYN_RECV,
				  .fin_state = XTCP_SYN_RECV };
	u8 t = ev->type, pos = ev->seq;
	bool ack = xtcp_sm_ack(t), rst = xtcp_sm_rst(t), syn = xtcp_sm_syn(t);
	/*
	 * Its first sequence number is the peer's ISN: the SYN again, alone
	 * (it ends at RCV.NXT), or with text or FIN (it overlaps RCV.NXT).
	 */
	bool at_irs = syn && ((pos == XTCP_SEQ_DUP && !ev->data &&
			       !xtcp_sm_fin(t)) || pos == XTCP_SEQ_OVERLAP);

	/* The SYN again, no ACK: our SYN+ACK was lost. */
	if (at_irs && !ack)
		return xtcp_sm_drop(v, XTCP_DROP_SYN, XTCP_ACT_SYNACK);
	/* Not the ACK of our SYN+ACK: the listener answers with a reset. */
	if (ack && !rst && !xtcp_sm_new_ack(ev->ack))
		return xtcp_sm_drop(v, XTCP_DROP_ACK, XTCP_ACT_RST);
	/* tcp_in_window(): out of it, an ACK (none to a reset). */
	if (!xtcp_sm_in_window(pos))
		return xtcp_sm_drop(v, XTCP_DROP_SEQ, rst ? 0 : XTCP_ACT_DUPACK);
	/* RFC 5961 3.2: only the exact RST; others are challenged. */
	if (rst && pos != XTCP_SEQ_LEFT)
		return xtcp_sm_drop(v, XTCP_DROP_RST, XTCP_ACT_CHALLENGE);
	/* embryonic_reset: an RST, or a SYN in the window, ends it. */
	if (rst || (syn && !at_irs)) {
		v.state = XTCP_CLOSE;
		v.fin_state = XTCP_CLOSE;
		v.act = XTCP_ACT_DONE | (rst ? 0 : XTCP_ACT_RST);
		return v;
	}
	if (!ack)
		return xtcp_sm_drop(v, XTCP_DROP_FLAGS, 0);
	v.state = XTCP_ESTABLISHED;
	v.fin_state = XTCP_ESTABLISHED;
	v.act = XTCP_ACT_ESTAB;
	return v;
}

/* TIME_WAIT: tcp_timewait_state_process(), the TIME_WAIT substate. */
static struct xtcp_verdict xtcp_sm_time_wait(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_TIME_WAIT,
				  .fin_state = XTCP_TIME_WAIT };
	u8 t = ev->type;

	/* At RCV.NXT, it may only be a bare ACK or an RST. */
	if (ev->seq == XTCP_SEQ_LEFT && (xtcp_sm_rst(t) || !xtcp_sm_len(ev))) {
		if (!xtcp_sm_rst(t)) {
			v.act = XTCP_ACT_TW;
		} else if (!ev->rfc1337) {
			/* TIME_WAIT assassination (RFC 1337). */
			v.state = XTCP_CLOSE;
			v.fin_state = XTCP_CLOSE;
			v.act = XTCP_ACT_DONE;
		} else {
			v.reason = XTCP_DROP_RST;
		}
		return v;
	}
	/* A new SYN past the old sequence space may reopen (RFC 6191). */
	if ((t == XTCP_SEG_SYN || t == XTCP_SEG_SYNFIN) &&
	    (ev->seq == XTCP_SEQ_IN || ev->seq == XTCP_SEQ_RIGHT ||
	     ev->seq == XTCP_SEQ_BEYOND)) {
		v.act = XTCP_ACT_REOPEN;
		return v;
	}
	if (xtcp_sm_rst(t))
		return xtcp_sm_drop(v, XTCP_DROP_RST, 0);
	/* Everything else is ACKed; with an ACK, it restarts 2MSL. */
	v.act = XTCP_ACT_DUPACK | (xtcp_sm_ack(t) ? XTCP_ACT_TW : 0);
	v.reason = XTCP_DROP_SEQ;
	return v;
}

/*
 * An orphan in FIN_WAIT_2: Linux keeps only a timewait socket in substate
 * FIN_WAIT_2, and tcp_timewait_state_process() answers for it. Its window
 * test is tcp_in_window(); the ACK field is not looked at.
 */
static struct xtcp_verdict xtcp_sm_fw2_orphan(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_FIN_WAIT2,
				  .fin_state = XTCP_FIN_WAIT2 };
	struct xtcp_verdict gone = { .state = XTCP_CLOSE,
				     .fin_state = XTCP_CLOSE };
	u8 t = ev->type;

	/* Out of window: an ACK, to an RST too. */
	if (!xtcp_sm_in_window(ev->seq))
		return xtcp_sm_drop(v, XTCP_DROP_SEQ, XTCP_ACT_DUPACK);
	/* Any RST in it kills; nothing is sent. */
	if (xtcp_sm_rst(t)) {
		gone.act = XTCP_ACT_DONE;
		return gone;
	}
	/* A SYN at or past RCV.NXT: TCP_TW_RST, a reset, and it goes. */
	if (xtcp_sm_syn(t) && ev->seq != XTCP_SEQ_OVERLAP) {
		gone.act = XTCP_ACT_RST | XTCP_ACT_DONE;
		return gone;
	}
	/* No ACK bit, or nothing past RCV.NXT: consumed. */
	if (!xtcp_sm_ack(t) || !xtcp_sm_len(ev))
		return v;
	/*
	 * New text, or a FIN that does not end at RCV.NXT + 1: a reset
	 * (counted as AbortOnData, as the full socket's reset is).
	 */
	if (!xtcp_sm_fin(t) || ev->data ||
	    (ev->seq != XTCP_SEQ_LEFT && ev->seq != XTCP_SEQ_OVERLAP)) {
		gone.act = XTCP_ACT_RST | XTCP_ACT_DONE;
		gone.reason = XTCP_DROP_ABORT_DATA;
		return gone;
	}
	/* The FIN: TIME_WAIT, and its ACK. */
	v.act = XTCP_ACT_FIN;
	v.fin_state = XTCP_TIME_WAIT;
	v.fin_act = XTCP_ACT_ACK | XTCP_ACT_TW;
	return v;
}

/* tcp_fin(): where the peer's FIN leads, and how it is ACKed. */
static void xtcp_sm_fin_step(struct xtcp_verdict *v, bool own, bool hole)
{
	switch (v->state) {
	case XTCP_ESTABLISHED:
		/*
		 * Pingpong: a close() soon after sends our FIN with the ACK.
		 * A FIN reached by filling a hole is ACKed at once
		 * (tcp_data_queue()'s ICSK_ACK_NOW); the segment's own FIN
		 * purged the hole first.
		 */
		v->fin_state = XTCP_CLOSE_WAIT;
		v->fin_act = XTCP_ACT_PINGPONG |
			     (hole && !own ? XTCP_ACT_ACK : XTCP_ACT_ACK_SCHED);
		break;
	case XTCP_FIN_WAIT1:
		/* tcp_fin() ACKs before our FIN, if still unsent, goes. */
		v->fin_state = XTCP_CLOSING;
		v->fin_act = XTCP_ACT_ACK_FIRST;
		break;
	case XTCP_FIN_WAIT2:
		v->fin_state = XTCP_TIME_WAIT;
		v->fin_act = XTCP_ACT_ACK | XTCP_ACT_TW;
		break;
	default:
		v->fin_state = v->state;
		v->fin_act = XTCP_ACT_ACK;
		break;
	}
}

/*
 * The seventh and eighth steps, tcp_data_queue(): text and FIN in order
 * go to the receive queue, past a hole to the out-of-order queue; what
 * we have already is ACKed again at once.
 */
static void xtcp_sm_text(const struct xtcp_event *ev, struct xtcp_verdict *v)
{
	bool fin = xtcp_sm_fin(ev->type);

	if (!xtcp_sm_len(ev))
		return;
	switch (ev->seq) {
	case XTCP_SEQ_LEFT:
		/* A zero window takes neither text nor FIN: ACK at once. */
		if (ev->zero_wnd) {
			v->act |= XTCP_ACT_ACK;
			v->reason = XTCP_DROP_SEQ;
			return;
		}
		fallthrough;
	case XTCP_SEQ_OVERLAP:
		if (ev->data) {
			v->act |= XTCP_ACT_DATA;
			/* Filling a hole, or ACKing past one: at once. */
			v->act |= ev->ofo ? XTCP_ACT_ACK : XTCP_ACT_ACK_SCHED;
		}
		if (fin)
			v->act |= XTCP_ACT_FIN;
		xtcp_sm_fin_step(v, fin, ev->ofo);
		return;
	case XTCP_SEQ_IN:
	case XTCP_SEQ_RIGHT:
		v->act |= XTCP_ACT_OFO | XTCP_ACT_ACK;
		return;
	default:
		/* The last segment again: ACK at once (quick ACK mode). */
		v->act |= XTCP_ACT_ACK;
		v->reason = XTCP_DROP_SEQ;
		return;
	}
}

/*
 * SYN_RECV (crossed SYNs) and the synchronized states: RFC 9293 3.10.7.4
 * as tcp_validate_incoming() and tcp_rcv_state_process() (and
 * tcp_rcv_established() for ESTABLISHED) do it.
 */
static struct xtcp_verdict xtcp_sm_sync(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = ev->state, .fin_state = ev->state };
	u8 t = ev->type, state = ev->state;
	bool rst = xtcp_sm_rst(t), syn = xtcp_sm_syn(t);

	if (!xtcp_sm_ack(t) && !rst && !syn)
		return xtcp_sm_drop(v, XTCP_DROP_FLAGS, 0);

	/*
	 * First, the sequence number. tcp_reset_check(): after the peer's
	 * FIN, an RST with the FIN's sequence number resets too (a FIN
	 * followed by RST, as Mac OS X sends them), with text or without.
	 */
	if (rst && ev->fin_seq &&
	    (1 << state) & (TCPF_CLOSE_WAIT | TCPF_LAST_ACK | TCPF_CLOSING))
		return xtcp_sm_reset(state, 0);
	if (!xtcp_sm_acceptable(ev)) {
		if (rst)
			return xtcp_sm_drop(v, XTCP_DROP_SEQ, 0);
		if (syn)
			return xtcp_sm_drop(v, XTCP_DROP_SYN, XTCP_ACT_CHALLENGE);
		return xtcp_sm_drop(v, XTCP_DROP_SEQ, XTCP_ACT_DUPACK);
	}

	/* Second, RST: only the exact sequence number resets (RFC 5961 3.2). */
	if (rst) {
		if (ev->seq == XTCP_SEQ_LEFT)
			return xtcp_sm_reset(state, 0);
		return xtcp_sm_drop(v, XTCP_DROP_RST, XTCP_ACT_CHALLENGE);
	}

	/*
	 * Fourth, SYN: a challenge ACK (RFC 5961 4.2), but for the peer's
	 * SYN+ACK again in crossed SYNs, which acks ours: SEG.ACK == SND.NXT
	 * (tcp_validate_incoming()), which in SYN_RECV any new ACK is, data
	 * waiting unsent or not.
	 */
	if (syn && !(state == XTCP_SYN_RECV && !ev->orphan &&
		     t == XTCP_SEG_SYNACK && !ev->data &&
		     ev->seq == XTCP_SEQ_DUP && xtcp_sm_new_ack(ev->ack)))
		return xtcp_sm_drop(v, XTCP_DROP_SYN, XTCP_ACT_CHALLENGE);

	/* Fifth, the ACK field (tcp_ack()). */
	switch (ev->ack) {
	case XTCP_ACK_STALE:
	case XTCP_ACK_UNSENT:
		if (state == XTCP_SYN_RECV)
			return xtcp_sm_drop(v, XTCP_DROP_ACK, XTCP_ACT_RST);
		/* tcp_rcv_established() challenges a stale ACK only. */
		if (state == XTCP_ESTABLISHED && ev->ack == XTCP_ACK_UNSENT)
			return xtcp_sm_drop(v, XTCP_DROP_ACK, 0);
		return xtcp_sm_drop(v, XTCP_DROP_ACK, XTCP_ACT_CHALLENGE);
	case XTCP_ACK_OLD:
		/* Taken without its ACK field, but not in SYN_RECV. */
		if (state == XTCP_SYN_RECV)
			return xtcp_sm_drop(v, XTCP_DROP_ACK, XTCP_ACT_RST);
		break;
	case XTCP_ACK_DUP:
		/* RFC 9293: in SYN_RECV, an ACK of our SYN or a reset. */
		if (state == XTCP_SYN_RECV)
			return xtcp_sm_drop(v, XTCP_DROP_ACK, XTCP_ACT_RST);
		v.act |= XTCP_ACT_UNA;
		break;
	default:
		v.act |= XTCP_ACT_UNA;
		break;
	}

	switch (state) {
	case XTCP_SYN_RECV:
		v.state = XTCP_ESTABLISHED;
		v.act |= XTCP_ACT_ESTAB;
		/*
		 * shutdown(SHUT_WR) in SYN_RECV (crossed SYNs) sent no FIN; it
		 * goes now, with the PUSH below, as tcp_rcv_state_process()
		 * has it (6.1.192 and 6.12; "tcp: defer shutdown(SEND_SHUTDOWN)
		 * for TCP_SYN_RECV sockets").
		 */
		if (ev->snd_shut)
			v.state = XTCP_FIN_WAIT1;
		break;
	case XTCP_FIN_WAIT1:
		if (ev->ack != XTCP_ACK_ALL)
			break;
		v.state = XTCP_FIN_WAIT2;
		if (!ev->orphan) {
			v.act |= XTCP_ACT_WAKE;
			break;
		}
		/* An orphan given new text: TCPAbortOnData, and a reset. */
		if (xtcp_sm_new_text(ev)) {
			v.state = XTCP_CLOSE;
			v.fin_state = XTCP_CLOSE;
			v.act |= XTCP_ACT_DONE | XTCP_ACT_RST;
			v.reason = XTCP_DROP_ABORT_DATA;
			return v;
		}
		v.act |= XTCP_ACT_ORPHAN_FW2;
		/*
		 * Without a FIN, Linux hands the orphan to a FIN_WAIT_2
		 * timewait socket and consumes the segment (tcp_time_wait()).
		 */
		if (!xtcp_sm_fin(t)) {
			v.fin_state = v.state;
			return v;
		}
		break;
	case XTCP_CLOSING:
		if (ev->ack == XTCP_ACK_ALL) {
			v.state = XTCP_TIME_WAIT;
			v.fin_state = XTCP_TIME_WAIT;
			v.act |= XTCP_ACT_TW;
			return v;
		}
		break;
	case XTCP_LAST_ACK:
		if (ev->ack == XTCP_ACK_ALL) {
			v.state = XTCP_CLOSE;
			v.fin_state = XTCP_CLOSE;
			v.act |= XTCP_ACT_DONE;
			return v;
		}
		break;
	}
	/* tcp_data_snd_check(): what may go now, goes. */
	v.fin_state = v.state;
	v.act |= XTCP_ACT_PUSH;

	/* Seventh, the text. */
	switch (v.state) {
	case XTCP_CLOSE_WAIT:
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
		/* Past the peer's FIN, there is no more text to take. */
		if (ev->seq == XTCP_SEQ_LEFT || ev->seq == XTCP_SEQ_IN ||
		    ev->seq == XTCP_SEQ_RIGHT) {
			if (xtcp_sm_len(ev))
				v.reason = XTCP_DROP_NO_TEXT;
			return v;
		}
		fallthrough;
	case XTCP_FIN_WAIT1:
	case XTCP_FIN_WAIT2:
		/*
		 * RFC 1122: text for a user who reads no more resets. A FIN
		 * held in SYN_RECV goes first all the same (ESTAB kept).
		 */
		if (ev->rcv_shut && xtcp_sm_new_text(ev)) {
			v = xtcp_sm_reset(v.state, XTCP_ACT_RST |
					  (v.act & XTCP_ACT_ESTAB));
			v.reason = XTCP_DROP_ABORT_DATA;
			return v;
		}
		fallthrough;
	case XTCP_ESTABLISHED:
		xtcp_sm_text(ev, &v);
		break;
	}
	return v;
}

struct xtcp_verdict xtcp_state_segment(const struct xtcp_event *ev)
{
	switch (ev->state) {
	case XTCP_LISTEN:
		return xtcp_sm_listen(ev);
	case XTCP_SYN_SENT:
		return xtcp_sm_syn_sent(ev);
	case XTCP_TIME_WAIT:
		return xtcp_sm_time_wait(ev);
	case XTCP_SYN_RECV:
		if (ev->passive)
			return xtcp_sm_request(ev);
		return xtcp_sm_sync(ev);
	case XTCP_FIN_WAIT2:
		if (ev->orphan)
			return xtcp_sm_fw2_orphan(ev);
		return xtcp_sm_sync(ev);
	case XTCP_ESTABLISHED:
	case XTCP_FIN_WAIT1:
	case XTCP_CLOSE_WAIT:
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
		return xtcp_sm_sync(ev);
	default:
		return xtcp_sm_closed(ev);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_state_segment);

/*
 * close() and shutdown(SHUT_WR): the next state, and whether a FIN goes
 * out (RFC 9293 3.10.4; Linux's new_state[] table).
 */
static const u8 xtcp_close_states[] = {
	[0]			= XTCP_CLOSE,
	[XTCP_ESTABLISHED]	= XTCP_FIN_WAIT1 | XTCP_CLOSE_SEND_FIN,
	[XTCP_SYN_SENT]		= XTCP_CLOSE,
	[XTCP_SYN_RECV]		= XTCP_FIN_WAIT1 | XTCP_CLOSE_SEND_FIN,
	[XTCP_FIN_WAIT1]	= XTCP_FIN_WAIT1,
	[XTCP_FIN_WAIT2]	= XTCP_FIN_WAIT2,
	[XTCP_TIME_WAIT]	= XTCP_CLOSE,
	[XTCP_CLOSE]		= XTCP_CLOSE,
	[XTCP_CLOSE_WAIT]	= XTCP_LAST_ACK | XTCP_CLOSE_SEND_FIN,
	[XTCP_LAST_ACK]		= XTCP_LAST_ACK,
	[XTCP_LISTEN]		= XTCP_CLOSE,
	[XTCP_CLOSING]		= XTCP_CLOSING,
};

u8 xtcp_close_next(int state)
{
	if (state <= 0 || state >= ARRAY_SIZE(xtcp_close_states))
		return XTCP_CLOSE;
	return xtcp_close_states[state];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_close_next);
