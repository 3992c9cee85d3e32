/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection state machine as a pure function: (state, segment) ->
 * (next state, actions). No skb, socket or lock: input.c classifies the
 * segment, asks xtcp_state_segment() and carries out the actions.
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
	XTCP_SEG_RST,
	XTCP_SEG_RSTACK,
	XTCP_SEG_SYN,
	XTCP_SEG_SYNACK,
	XTCP_SEG_SYNFIN,	/* SYN+FIN, with or without ACK */
	XTCP_SEG_TYPES
};

/* Where the segment's sequence space lies against the receive window. */
enum xtcp_seq_pos {
	XTCP_SEQ_LEFT,		/* SEG.SEQ == RCV.NXT */
	XTCP_SEQ_IN,		/* inside the window, past the left edge */
	XTCP_SEQ_RIGHT,		/* SEG.SEQ == RCV.NXT + RCV.WND - 1 */
	XTCP_SEQ_BEYOND,	/* at or past RCV.NXT + RCV.WND */
	XTCP_SEQ_OLD,		/* wholly before RCV.NXT */
	XTCP_SEQ_DUP,		/* ends exactly at RCV.NXT: the last segment again */
	XTCP_SEQ_OVERLAP,	/* starts before RCV.NXT, ends past it */
	XTCP_SEQ_POSITIONS
};

/* The acknowledgment number against what we have sent. */
enum xtcp_ack_pos {
	XTCP_ACK_ALL,		/* SEG.ACK == SND.NXT > SND.UNA: all acked */
	XTCP_ACK_PART,		/* SND.UNA < SEG.ACK < SND.NXT */
	XTCP_ACK_OLD,		/* SEG.ACK <= SND.UNA: a duplicate */
	XTCP_ACK_BAD,		/* above SND.NXT, or too old (RFC 5961 5.2) */
	XTCP_ACK_POSITIONS
};

struct xtcp_event {
	u8 state;		/* XTCP_ESTABLISHED, ... */
	u8 type;		/* enum xtcp_seg_type */
	u8 seq;			/* enum xtcp_seq_pos */
	u8 ack;			/* enum xtcp_ack_pos, when the ACK bit is set */
	bool data;		/* the segment carries text */
	bool passive;		/* SYN_RECV reached from LISTEN */
	bool rfc1337;		/* sysctl: RST does not kill TIME_WAIT */
};

/* What to do, in this order. */
#define XTCP_ACT_RST		BIT(0)	/* answer with a reset */
#define XTCP_ACT_RESET		BIT(1)	/* the connection is reset: verdict.err */
#define XTCP_ACT_REQ		BIT(2)	/* LISTEN: make a request, send SYN+ACK */
#define XTCP_ACT_SYN_RCVD	BIT(3)	/* SYN_SENT got a SYN: simultaneous open */
#define XTCP_ACT_SYNACK		BIT(4)	/* send (again) our SYN+ACK */
#define XTCP_ACT_ESTAB		BIT(5)	/* the connection is established */
#define XTCP_ACT_UNA		BIT(6)	/* take the ACK: advance SND.UNA */
#define XTCP_ACT_DATA		BIT(7)	/* queue the text */
#define XTCP_ACT_FIN		BIT(8)	/* the peer's FIN, in order */
#define XTCP_ACT_ACK		BIT(9)	/* send an ACK */
#define XTCP_ACT_CHALLENGE	BIT(10)	/* send a rate-limited challenge ACK */
#define XTCP_ACT_TW		BIT(11)	/* (re)start the TIME_WAIT timer */
#define XTCP_ACT_DONE		BIT(12)	/* CLOSED: free the TCB */
#define XTCP_ACT_REOPEN		BIT(13)	/* TIME_WAIT: a new SYN reopens */

struct xtcp_verdict {
	u8 state;		/* next state */
	u8 err;			/* with XTCP_ACT_RESET: errno for the user */
	u16 act;		/* XTCP_ACT_* */
};

struct xtcp_verdict xtcp_state_segment(const struct xtcp_event *ev);

enum xtcp_seg_type xtcp_seg_type(const struct tcphdr *th);
enum xtcp_seq_pos xtcp_seq_pos(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd);
enum xtcp_ack_pos xtcp_ack_pos(u32 ack, u32 snd_una, u32 snd_nxt,
			       u32 max_wnd);
const char *xtcp_state_name(int state);

/* xtcp_close_next(): the next state, or-ed with this flag if a FIN goes. */
#define XTCP_CLOSE_SEND_FIN	0x80
#define XTCP_CLOSE_STATE_MASK	0x7f
u8 xtcp_close_next(int state);

#endif /* _XTCP_STATE_H */
