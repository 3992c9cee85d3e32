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
			return XTCP_SEG_SYNFIN;
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
 */
enum xtcp_seq_pos xtcp_seq_pos(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd)
{
	u32 end = seq + len;

	if (seq == rcv_nxt && (rcv_wnd || !len))
		return XTCP_SEQ_LEFT;
	if (xtcp_seq_before(seq, rcv_nxt)) {
		if (len && end == rcv_nxt)
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

enum xtcp_ack_pos xtcp_ack_pos(u32 ack, u32 snd_una, u32 snd_nxt, u32 max_wnd)
{
	if (xtcp_seq_after(ack, snd_nxt) ||
	    xtcp_seq_before(ack, snd_una - max_wnd))
		return XTCP_ACK_BAD;
	if (!xtcp_seq_after(ack, snd_una))
		return XTCP_ACK_OLD;
	return ack == snd_nxt ? XTCP_ACK_ALL : XTCP_ACK_PART;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ack_pos);

static bool xtcp_type_ack(u8 t)
{
	return t == XTCP_SEG_ACK || t == XTCP_SEG_FINACK ||
	       t == XTCP_SEG_RSTACK || t == XTCP_SEG_SYNACK;
}

static bool xtcp_type_rst(u8 t)
{
	return t == XTCP_SEG_RST || t == XTCP_SEG_RSTACK;
}

static bool xtcp_type_syn(u8 t)
{
	return t == XTCP_SEG_SYN || t == XTCP_SEG_SYNACK || t == XTCP_SEG_SYNFIN;
}

static bool xtcp_type_fin(u8 t)
{
	return t == XTCP_SEG_FIN || t == XTCP_SEG_FINACK;
}

static bool xtcp_in_window(u8 pos)
{
	return pos == XTCP_SEQ_LEFT || pos == XTCP_SEQ_IN ||
	       pos == XTCP_SEQ_RIGHT || pos == XTCP_SEQ_OVERLAP;
}

/* In order: the text, or the FIN, starts at RCV.NXT once trimmed. */
static bool xtcp_in_order(u8 pos)
{
	return pos == XTCP_SEQ_LEFT || pos == XTCP_SEQ_OVERLAP;
}

/* No connection: RFC 9293 3.10.7.1. */
static struct xtcp_verdict xtcp_closed(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_CLOSE };

	if (!xtcp_type_rst(ev->type))
		v.act = XTCP_ACT_RST;
	return v;
}

/* RFC 9293 3.10.7.2. Linux also drops SYN+FIN here. */
static struct xtcp_verdict xtcp_listen(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_LISTEN };

	if (xtcp_type_rst(ev->type))
		return v;
	if (xtcp_type_ack(ev->type))
		v.act = XTCP_ACT_RST;
	else if (ev->type == XTCP_SEG_SYN)
		v.act = XTCP_ACT_REQ;
	return v;
}

/* RFC 9293 3.10.7.3. */
static struct xtcp_verdict xtcp_syn_sent(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_SYN_SENT };
	bool ack = xtcp_type_ack(ev->type);

	if (ack && ev->ack != XTCP_ACK_ALL) {
		if (!xtcp_type_rst(ev->type))
			v.act = XTCP_ACT_RST;
		return v;
	}
	if (xtcp_type_rst(ev->type)) {
		if (ack) {
			v.state = XTCP_CLOSE;
			v.act = XTCP_ACT_RESET;
			v.err = ECONNREFUSED;
		}
		return v;
	}
	if (ev->type == XTCP_SEG_SYNACK) {
		v.state = XTCP_ESTABLISHED;
		v.act = XTCP_ACT_ESTAB | XTCP_ACT_ACK;
	} else if (ev->type == XTCP_SEG_SYN) {
		v.state = XTCP_SYN_RECV;
		v.act = XTCP_ACT_SYN_RCVD | XTCP_ACT_SYNACK;
	}
	return v;
}

/* TIME_WAIT, as Linux's tcp_timewait_state_process() decides. */
static struct xtcp_verdict xtcp_time_wait(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = XTCP_TIME_WAIT };
	u8 t = ev->type, pos = ev->seq;

	if (xtcp_type_rst(t)) {
		/* "TIME_WAIT assassination" (RFC 1337) unless told not to. */
		if (xtcp_in_window(pos) && !ev->rfc1337) {
			v.state = XTCP_CLOSE;
			v.act = XTCP_ACT_DONE;
		}
		return v;
	}
	/* A new SYN past the old sequence space reopens (RFC 6191). */
	if (t == XTCP_SEG_SYN && (pos == XTCP_SEQ_IN || pos == XTCP_SEQ_RIGHT ||
				  pos == XTCP_SEQ_BEYOND)) {
		v.act = XTCP_ACT_REOPEN;
		return v;
	}
	/* The peer's FIN again: our last ACK was lost (S6). */
	if (xtcp_type_fin(t) && pos == XTCP_SEQ_DUP) {
		v.act = XTCP_ACT_ACK | XTCP_ACT_TW;
		return v;
	}
	if (t == XTCP_SEG_ACK && !ev->data && xtcp_in_window(pos)) {
		v.act = XTCP_ACT_TW;
		return v;
	}
	v.act = XTCP_ACT_ACK;
	return v;
}

/* The reset of step two, by state (Linux's tcp_reset()). */
static void xtcp_rst_verdict(const struct xtcp_event *ev,
			     struct xtcp_verdict *v)
{
	v->state = XTCP_CLOSE;
	switch (ev->state) {
	case XTCP_SYN_RECV:
		if (ev->passive) {
			/* The request goes; the listener stays (RFC 9293). */
			v->act = XTCP_ACT_DONE;
			return;
		}
		v->err = ECONNREFUSED;
		break;
	case XTCP_CLOSE_WAIT:
		v->err = EPIPE;
		break;
	default:
		v->err = ECONNRESET;
		break;
	}
	v->act = XTCP_ACT_RESET;
}

/* SYN_RECV and the synchronized states: RFC 9293 3.10.7.4. */
static struct xtcp_verdict xtcp_synchronized(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = { .state = ev->state };
	u8 t = ev->type, pos = ev->seq, state = ev->state;

	/*
	 * Simultaneous open: the peer's SYN+ACK repeats the SYN we have and
	 * acks ours. Linux takes it as the ACK (an exception to RFC 5961 4.2
	 * in tcp_validate_incoming()), and so both sides are established.
	 */
	if (state == XTCP_SYN_RECV && !ev->passive && t == XTCP_SEG_SYNACK &&
	    pos == XTCP_SEQ_DUP && ev->ack == XTCP_ACK_ALL) {
		v.state = XTCP_ESTABLISHED;
		v.act = XTCP_ACT_ESTAB | XTCP_ACT_UNA;
		return v;
	}

	/* First, the sequence number. */
	if (!xtcp_in_window(pos)) {
		if (xtcp_type_rst(t))
			return v;
		if (state == XTCP_SYN_RECV && ev->passive &&
		    t == XTCP_SEG_SYN && pos == XTCP_SEQ_DUP) {
			/* The SYN again: our SYN+ACK was lost. */
			v.act = XTCP_ACT_SYNACK;
			return v;
		}
		v.act = xtcp_type_syn(t) ? XTCP_ACT_CHALLENGE : XTCP_ACT_ACK;
		return v;
	}

	/* Second, RST: only the exact sequence number resets (RFC 5961 3.2). */
	if (xtcp_type_rst(t)) {
		if (pos == XTCP_SEQ_LEFT)
			xtcp_rst_verdict(ev, &v);
		else
			v.act = XTCP_ACT_CHALLENGE;
		return v;
	}

	/* Fourth, SYN in a synchronized state: a challenge ACK (RFC 5961 4.2). */
	if (xtcp_type_syn(t)) {
		v.act = XTCP_ACT_CHALLENGE;
		return v;
	}

	/* Fifth, the ACK field; without it the segment goes. */
	if (!xtcp_type_ack(t))
		return v;
	if (ev->ack == XTCP_ACK_BAD) {
		v.act = state == XTCP_SYN_RECV ? XTCP_ACT_RST : XTCP_ACT_CHALLENGE;
		return v;
	}
	switch (state) {
	case XTCP_SYN_RECV:
		if (ev->ack != XTCP_ACK_ALL) {
			v.act = XTCP_ACT_RST;
			return v;
		}
		v.state = XTCP_ESTABLISHED;
		v.act = XTCP_ACT_ESTAB | XTCP_ACT_UNA;
		break;
	case XTCP_FIN_WAIT1:
		if (ev->ack == XTCP_ACK_ALL)
			v.state = XTCP_FIN_WAIT2;
		v.act = XTCP_ACT_UNA;
		break;
	/*
	 * Our FIN may wait behind data still in flight: every ACK is taken,
	 * as tcp_ack() does in all states, and only the one covering the FIN
	 * moves on.
	 */
	case XTCP_CLOSING:
		v.act = XTCP_ACT_UNA;
		if (ev->ack == XTCP_ACK_ALL) {
			v.state = XTCP_TIME_WAIT;
			v.act |= XTCP_ACT_TW;
		}
		return v;
	case XTCP_LAST_ACK:
		v.act = XTCP_ACT_UNA;
		if (ev->ack == XTCP_ACK_ALL) {
			v.state = XTCP_CLOSE;
			v.act |= XTCP_ACT_DONE;
		}
		return v;
	default:
		v.act = XTCP_ACT_UNA;
		break;
	}

	/* Seventh, the text; out of order, a duplicate ACK shows the hole. */
	if (ev->data && (v.state == XTCP_ESTABLISHED ||
			 v.state == XTCP_FIN_WAIT1 || v.state == XTCP_FIN_WAIT2)) {
		if (xtcp_in_order(pos))
			v.act |= XTCP_ACT_DATA | XTCP_ACT_ACK;
		else
			v.act |= XTCP_ACT_ACK;
	}

	/* Eighth, FIN, when it is next in sequence. */
	if (xtcp_type_fin(t)) {
		if (!xtcp_in_order(pos)) {
			v.act |= XTCP_ACT_ACK;
			return v;
		}
		switch (v.state) {
		case XTCP_ESTABLISHED:
			v.state = XTCP_CLOSE_WAIT;
			break;
		case XTCP_FIN_WAIT1:
			v.state = XTCP_CLOSING;
			break;
		case XTCP_FIN_WAIT2:
			/* With FIN_WAIT_1's FIN acked here too: S4. */
			v.state = XTCP_TIME_WAIT;
			v.act |= XTCP_ACT_TW;
			break;
		default:
			return v;
		}
		v.act |= XTCP_ACT_FIN | XTCP_ACT_ACK;
	}
	return v;
}

struct xtcp_verdict xtcp_state_segment(const struct xtcp_event *ev)
{
	switch (ev->state) {
	case XTCP_LISTEN:
		return xtcp_listen(ev);
	case XTCP_SYN_SENT:
		return xtcp_syn_sent(ev);
	case XTCP_TIME_WAIT:
		return xtcp_time_wait(ev);
	case XTCP_SYN_RECV:
	case XTCP_ESTABLISHED:
	case XTCP_FIN_WAIT1:
	case XTCP_FIN_WAIT2:
	case XTCP_CLOSE_WAIT:
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
		return xtcp_synchronized(ev);
	default:
		return xtcp_closed(ev);
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
