/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection state machine as a pure function: (state, segment) ->
 * (next state, actions). No skb, socket or lock: input.c classifies the
 * segment, asks xtcp_state_segment() and verdict.c carries out every
 * action the verdict names, in the order of the XTCP_ACT_* bits.
 */
#ifndef _XTCP_STATE_H
#define _XTCP_STATE_H

#include <linux/bits.h>
#include <linux/types.h>

struct tcphdr;

/* The segment, by its control bits. RST outranks SYN, SYN outranks FIN. */
enum xtcp_seg_type {
	XTCP_SEG_NONE,		/* none of SYN, FIN, RST, ACK */
	XTCP_SEG_ACK,
	XTCP_SEG_FIN,
	XTCP_SEG_FINACK,
	XTCP_SEG_RST,		/* with or without FIN */
	XTCP_SEG_RSTACK,
	XTCP_SEG_SYN,
	XTCP_SEG_SYNACK,
	XTCP_SEG_SYNFIN,	/* SYN+FIN, no ACK */
	XTCP_SEG_SYNFINACK,	/* SYN+FIN+ACK */
	XTCP_SEG_TYPES
};

/*
 * Where the segment's sequence space lies against the receive window:
 * RCV.NXT and what our last window update still allows past it.
 * A segment without sequence space (no text, SYN or FIN) at RCV.NXT - 1 is
 * DUP, not OLD: a keepalive probe, or an RST with the number of the
 * peer's FIN, which Linux takes after that FIN (tcp_reset_check()).
 * SEG.SEQ == RCV.NXT is LEFT even with a zero window (tcp_sequence()).
 */
enum xtcp_seq_pos {
	XTCP_SEQ_LEFT,		/* SEG.SEQ == RCV.NXT, whatever the window */
	XTCP_SEQ_IN,		/* inside the window, past the left edge */
	XTCP_SEQ_RIGHT,		/* SEG.SEQ == RCV.NXT + RCV.WND - 1 */
	XTCP_SEQ_BEYOND,	/* at or past RCV.NXT + RCV.WND */
	XTCP_SEQ_OLD,		/* wholly before RCV.NXT */
	XTCP_SEQ_DUP,		/* the last segment again: it ends at RCV.NXT,
				 * or, with no length, starts at RCV.NXT - 1
				 */
	XTCP_SEQ_OVERLAP,	/* starts before RCV.NXT, ends past it */
	XTCP_SEQ_POSITIONS
};

/*
 * The acknowledgment number against what we have sent (SND.UNA, SND.NXT)
 * and what we have to send: an ACK of everything sent is not ALL while
 * data or our FIN still waits unsent behind it.
 */
enum xtcp_ack_pos {
	XTCP_ACK_ALL,		/* SND.UNA < SEG.ACK == SND.NXT, nothing unsent */
	XTCP_ACK_PART,		/* SND.UNA < SEG.ACK <= SND.NXT, not ALL */
	XTCP_ACK_DUP,		/* SEG.ACK == SND.UNA */
	XTCP_ACK_OLD,		/* SND.UNA - MAX.SND.WND <= SEG.ACK < SND.UNA */
	XTCP_ACK_STALE,		/* older still (RFC 5961 5.2) */
	XTCP_ACK_UNSENT,	/* SEG.ACK > SND.NXT */
	XTCP_ACK_POSITIONS
};

struct xtcp_event {
	u8 state;		/* XTCP_ESTABLISHED, ... */
	u8 type;		/* enum xtcp_seg_type */
	u8 seq;			/* enum xtcp_seq_pos */
	u8 ack;			/* enum xtcp_ack_pos, when the ACK bit is set */
	bool data;		/* the segment carries text */
	bool passive;		/* SYN_RECV: a request, reached from LISTEN */
	bool rfc1337;		/* sysctl: RST does not kill TIME_WAIT */
	bool ofo;		/* text waits past a hole (out-of-order queue) */
	bool orphan;		/* close() was called: no user (SOCK_DEAD) */
	bool rcv_shut;		/* the user reads no more (RCV_SHUTDOWN) */
	bool snd_shut;		/* the user writes no more (SEND_SHUTDOWN);
				 * in SYN_RECV, our FIN waits queued
				 */
	bool fin_seq;		/* SEG.SEQ == RCV.NXT - 1: the peer's FIN's */
	bool zero_wnd;		/* our receive window is shut */
};

/*
 * What to do, in this order (verdict.c). @act applies to the segment as
 * far as its FIN; @fin_act replaces @act's ACK bits once the peer's FIN
 * is taken, the segment's own (XTCP_ACT_FIN) or one that queued text
 * reaches; @fin_state and @fin_act are set only with XTCP_ACT_DATA or
 * XTCP_ACT_FIN. Text that cannot be queued (no room) takes no FIN with it
 * and turns a delayed ACK into one at once. XTCP_ACT_ESTAB for a request
 * makes the child, which then takes the segment as ESTABLISHED. With
 * XTCP_ACT_REOPEN, the entry goes only if a listener takes the SYN; with
 * none, the SYN gets the ACK (tcp_v4_rcv()'s TCP_TW_SYN).
 */
#define XTCP_ACT_RST		BIT(0)	/* answer the segment with a reset */
#define XTCP_ACT_RESET		BIT(1)	/* the connection is reset: verdict.err */
#define XTCP_ACT_REQ		BIT(2)	/* LISTEN: make a request, send SYN+ACK */
#define XTCP_ACT_TAKE_SYN	BIT(3)	/* take the peer's SYN: IRS, window, options */
#define XTCP_ACT_UNA		BIT(4)	/* take the ACK field: SND.UNA, window */
#define XTCP_ACT_ESTAB		BIT(5)	/* both SYNs are acked: established */
/* Here the socket takes verdict.state. */
#define XTCP_ACT_SYNACK		BIT(6)	/* send (again) our SYN+ACK */
#define XTCP_ACT_WAKE		BIT(7)	/* our FIN is acked: wake a lingering close() */
#define XTCP_ACT_ORPHAN_FW2	BIT(8)	/* an orphan in FIN_WAIT_2: start fin_timeout */
#define XTCP_ACT_DATA		BIT(9)	/* queue the text in order (trimmed) */
#define XTCP_ACT_OFO		BIT(10)	/* queue the text (or FIN) past a hole */
#define XTCP_ACT_FIN		BIT(11)	/* the FIN follows the text: take it */
#define XTCP_ACT_PINGPONG	BIT(12)	/* turn interactive: a reply carries
					 * the ACK (tcp_fin()'s pingpong mode)
					 */
#define XTCP_ACT_ACK		BIT(13)	/* an ACK at once, unless the push
					 * carries it (tcp_ack_snd_check())
					 */
#define XTCP_ACT_ACK_SCHED	BIT(14)	/* ACK as RFC 5681 4.2 allows: maybe later */
#define XTCP_ACT_DUPACK		BIT(15)	/* ACK an unacceptable segment, at most
					 * once per invalid_ratelimit
					 * (tcp_oow_rate_limited())
					 */
#define XTCP_ACT_CHALLENGE	BIT(16)	/* a rate-limited challenge ACK */
#define XTCP_ACT_TW		BIT(17)	/* enter TIME_WAIT, or restart its 2MSL */
#define XTCP_ACT_DONE		BIT(18)	/* CLOSED: free the socket, request or entry */
#define XTCP_ACT_REOPEN		BIT(19)	/* TIME_WAIT: a new SYN reopens the 4-tuple */
#define XTCP_ACT_PUSH		BIT(20)	/* send what may go now (tcp_data_snd_check()) */
#define XTCP_ACT_ACK_FIRST	BIT(21)	/* an ACK before the push (tcp_send_ack()) */
#define XTCP_ACT_ALL		(BIT(22) - 1)

#define XTCP_ACT_ACKS	(XTCP_ACT_ACK | XTCP_ACT_ACK_SCHED | XTCP_ACT_PINGPONG | \
			 XTCP_ACT_ACK_FIRST)

struct xtcp_verdict {
	u8 state;		/* next state, the segment's FIN aside */
	u8 fin_state;		/* the state the peer's FIN leads to */
	u8 err;			/* with XTCP_ACT_RESET: errno for the user */
	u8 reason;		/* enum xtcp_drop: why nothing was taken */
	u32 act;		/* XTCP_ACT_* */
	u32 fin_act;		/* XTCP_ACT_* once the FIN is taken */
};

/* Why a segment, or its text, was not taken; for the tracepoint. */
enum xtcp_drop {
	XTCP_DROP_NONE,
	XTCP_DROP_SEQ,		/* outside the receive window */
	XTCP_DROP_ACK,		/* unacceptable ACK field */
	XTCP_DROP_FLAGS,	/* control bits this state does not take */
	XTCP_DROP_RST,		/* an RST not at RCV.NXT: challenged */
	XTCP_DROP_SYN,		/* a SYN in a synchronized state: challenged */
	XTCP_DROP_NO_TEXT,	/* text after the peer's FIN */
	XTCP_DROP_ABORT_DATA,	/* text for a user who reads no more: reset */
	XTCP_DROP_REASONS
};

struct xtcp_verdict xtcp_state_segment(const struct xtcp_event *ev);

enum xtcp_seg_type xtcp_seg_type(const struct tcphdr *th);
enum xtcp_seq_pos xtcp_seq_pos(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd);
enum xtcp_ack_pos xtcp_ack_pos(u32 ack, u32 snd_una, u32 snd_nxt,
			       u32 snd_end, u32 max_wnd);
const char *xtcp_state_name(int state);

/* xtcp_close_next(): the next state, or-ed with this flag if a FIN goes. */
#define XTCP_CLOSE_SEND_FIN	0x80
#define XTCP_CLOSE_STATE_MASK	0x7f
u8 xtcp_close_next(int state);

#endif /* _XTCP_STATE_H */
