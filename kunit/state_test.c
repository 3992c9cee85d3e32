// SPDX-License-Identifier: GPL-2.0
/*
 * The transition function against Linux: every state, segment type,
 * sequence position, ACK position, with and without text, and the flags
 * Linux's behaviour depends on. The expected verdicts are read off Linux
 * 6.1's own code (net/ipv4/ of linux-source-6.1, 6.1.192; "file:line
 * function()" in each row) and RFC 9293 3.10.7 and RFC 5961, not off
 * state.c. Where Linux and the RFC differ, the row follows Linux and says so.
 *
 * The setup the positions stand for (so that each Linux cell is one path):
 *  - receive side: RCV.NXT = N, RCV.WUP = N (all we took is acknowledged,
 *    so tcp_sequence()'s left edge is N), RCV.WND = W > 200;
 *  - text is 100 octets; SYN and FIN take one sequence number each; an RST
 *    carries neither SYN nor FIN;
 *  - LEFT: SEG.SEQ = N; IN: N + 100; RIGHT: N + W - 1 (the text runs past
 *    the window); BEYOND: N + W + 100 (past what even tcp_sequence() takes:
 *    it takes SEG.SEQ == N + W, RFC 9293 does not); OLD: the segment ends at
 *    N - 100; DUP: it ends at N (SEG.SEQ = N - SEG.LEN), and a segment
 *    without sequence space lies at N - 1 (a keepalive probe, or an RST
 *    with the peer's FIN's number: tcp_reset_check()); OVERLAP: SEG.SEQ =
 *    N - 1 with SEG.LEN >= 2 (the peer's SYN with text, text that repeats
 *    the last octet). Shorter segments cannot overlap: those events are
 *    left out, and xtcp_seq_pos_overlap_test shows the classifier agrees;
 *  - send side: SND.UNA < SND.NXT; in SYN_SENT and SYN_RECV, SND.UNA = ISS
 *    and SND.NXT = ISS + 1; in FIN_WAIT_1, CLOSING and LAST_ACK our FIN is
 *    the last thing sent, so only ALL acknowledges it; tcp_ack() has seen a
 *    window's worth acknowledged (bytes_acked >= max_window) so that its
 *    OLD range is RFC 5961's, except in SYN_RECV where nothing is;
 *  - sysctls and options as shipped: no timestamps, SACK, TFO or MD5,
 *    tcp_abort_on_overflow 0, fin_timeout 60 s and linger2 0 (so an orphan
 *    in FIN_WAIT_2 lives as a FIN_WAIT_2 timewait socket,
 *    tcp.c:3042 and tcp_input.c:6779, and its segments follow
 *    tcp_minisocks.c:106-147), a listener behind TIME_WAIT, no writer
 *    waiting in connect(), nothing owned by the user;
 *  - CLOSED is no socket at all (tcp_v4_rcv() no_tcp_socket);
 *  - CLOSE_WAIT, CLOSING and LAST_ACK always have RCV_SHUTDOWN in Linux
 *    (tcp_fin() sets it, tcp_input.c:4501), so they are tried with
 *    rcv_shut only; an orphan always has it too (tcp_close()).
 *
 * How a cell is compared with xtcp_state_segment():
 *  - state, err and reason always; act always, except the ACK bits of a
 *    verdict that takes a bare FIN (fin_act says how that FIN is acked);
 *  - fin_state and fin_act where a FIN can be taken: the segment's own
 *    (XTCP_ACT_FIN), or one waiting past a hole that in-order text reaches
 *    (XTCP_ACT_DATA while ev->ofo);
 *  - PUSH where Linux calls tcp_data_snd_check() (tcp_input.c:6154, 6644,
 *    6841): after every segment whose ACK field passed, an OLD one too, in
 *    a socket that stays open as far as the segment's FIN; not where the
 *    segment is dropped, consumed (6779, 6787, 6795) or resets;
 *  - reason as Linux's fate for the skb: NONE where it is consumed or
 *    queued; where it is dropped with a named reason, that one
 *    (TCP_INVALID_SEQUENCE, TCP_OLD_DATA: SEQ; TCP_TOO_OLD_ACK,
 *    TCP_ACK_UNSENT_DATA: ACK; TCP_FLAGS: FLAGS; TCP_RESET on a challenge:
 *    RST; TCP_INVALID_SYN: SYN); ANY (not compared) where Linux names none:
 *    replies with a reset, requests, timewait sockets, the text step 7
 *    passes over in CLOSE_WAIT, CLOSING and LAST_ACK, no socket.
 */
#include <kunit/test.h>
#include <linux/tcp.h>

#include <linux/xtcp.h>

#include "state.h"

#define A(x)		XTCP_ACT_##x
#define T(x)		BIT(XTCP_SEG_##x)
#define K(x)		BIT(XTCP_ACK_##x)

#define T_ANY		(BIT(XTCP_SEG_TYPES) - 1)
#define T_RST		(T(RST) | T(RSTACK))
#define T_SYN		(T(SYN) | T(SYNACK) | T(SYNFIN) | T(SYNFINACK))
#define T_BARE		(T(NONE) | T(FIN))	/* none of ACK, RST, SYN */
#define T_ACKS		(T(ACK) | T(FINACK))	/* ACK, no RST or SYN */
#define T_WACK		(T_ACKS | T(SYNACK) | T(SYNFINACK))	/* ACK, no RST */

#define K_ANY		(BIT(XTCP_ACK_POSITIONS) - 1)
#define K_NEW		(K(ALL) | K(PART))	/* SND.UNA < SEG.ACK <= SND.NXT */
#define K_STAY		(K(PART) | K(DUP) | K(OLD))	/* our FIN not acked */
#define K_TAKEN		(K(ALL) | K_STAY)	/* tcp_ack() >= 0 */
#define K_BAD		(K(STALE) | K(UNSENT))	/* tcp_ack() < 0 */

#define D0		BIT(0)			/* no text */
#define D1		BIT(1)			/* 100 octets of text */
#define DX		(D0 | D1)

/* The event's flags, and a row's condition on them: (mask << 8) | value. */
#define F_PASSIVE	BIT(0)
#define F_RFC1337	BIT(1)
#define F_OFO		BIT(2)
#define F_ORPHAN	BIT(3)
#define F_RCV_SHUT	BIT(4)
#define FL(m, v)	((m) << 8 | (v))
#define ANYF		FL(0, 0)
#define ACTIVE		FL(F_PASSIVE, 0)
#define PASSIVE		FL(F_PASSIVE, F_PASSIVE)
#define RS0		FL(F_RCV_SHUT, 0)
#define RS1		FL(F_RCV_SHUT, F_RCV_SHUT)
#define OR0		FL(F_ORPHAN, 0)
#define OR1		FL(F_ORPHAN, F_ORPHAN)
#define RS1OR0		FL(F_RCV_SHUT | F_ORPHAN, F_RCV_SHUT)
#define R1337(v)	FL(F_RFC1337, (v) ? F_RFC1337 : 0)

/*
 * Bits of a cell that depend on the event, resolved by xtcp_want(): the
 * ACK field is taken (UNA) unless it is OLD (tcp_ack() returns 0 at
 * old_ack, tcp_input.c:3922, and touches neither SND.UNA nor the window);
 * text taken in order is acked as RFC 5681 4.2 allows
 * (tcp_event_data_recv() and __tcp_ack_snd_check()), or at once while text
 * waits past a hole (5199-5206 once the hole fills, else 5668-5675: no
 * SACK, send now).
 */
#define XU		BIT(24)
#define KIN		BIT(26)
#define XX		BIT(31)			/* no such segment */
#define TK		(XU | A(PUSH))	/* the ACK field passed, socket open */

/*
 * The FIN into CLOSE_WAIT: tcp_fin() schedules the ACK and turns pingpong
 * (4499, 4509). A FIN of the segment's own is taken before the hole is
 * looked at and empties the queue, so its ACK is scheduled; one that text
 * reaches in the queue empties it while draining: ACK_NOW (5199-5206).
 */
#define FIN_CW		(A(ACK_SCHED) | A(PINGPONG))
#define FIN_CW_Q	(A(ACK) | A(PINGPONG))

struct xtcp_cell {
	u8 state, fin_state, err, reason;
	u32 act, fin_act;
};

/* Pasted where the names are written: <linux/timex.h> defines TIME_WAIT. */
#define CELL(st, fst, e, why, act, fact)	{ st, fst, e, why, act, fact }
#define V(st, why, act) \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_##why, act, 0)
#define VE(st, e, why, act) \
	CELL(XTCP_##st, XTCP_##st, e, XTCP_DROP_##why, act, 0)
#define VF(st, act, fst, fact) \
	CELL(XTCP_##st, XTCP_##fst, 0, XTCP_DROP_NONE, act, fact)
#define NOSEG			{ .act = XX }

/* Test only: where Linux names no drop reason, the reason is not compared. */
#define XTCP_DROP_ANY		0xff

/* Cells named after what Linux does. */
#define DROP(st, why) \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_##why, 0, 0)
#define DUPACK(st)		/* tcp_oow_rate_limited(), tcp_send_dupack() */ \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_SEQ, A(DUPACK), 0)
#define CHAL(st, why) \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_##why, A(CHALLENGE), 0)
#define RESET(e) \
	CELL(XTCP_CLOSE, XTCP_CLOSE, e, XTCP_DROP_NONE, A(RESET), 0)
#define INO(st, b, fs, fa) \
	CELL(XTCP_##st, XTCP_##fs, 0, XTCP_DROP_NONE, (b) | A(DATA) | KIN, fa)
#define INOF(st, b, fs, fa) \
	CELL(XTCP_##st, XTCP_##fs, 0, XTCP_DROP_NONE, \
	     (b) | A(DATA) | A(FIN) | KIN, fa)
#define FINO(st, b, fs, fa) \
	CELL(XTCP_##st, XTCP_##fs, 0, XTCP_DROP_NONE, (b) | A(FIN), fa)
#define OFOQ(st, b) \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_NONE, (b) | A(OFO) | A(ACK), 0)
#define OLDT(st, b) \
	CELL(XTCP_##st, XTCP_##st, 0, XTCP_DROP_SEQ, (b) | A(ACK), 0)
#define RSTT(e, b) \
	CELL(XTCP_CLOSE, XTCP_CLOSE, e, XTCP_DROP_ANY, \
	     (b) | A(RST) | A(RESET), 0)
/* One cell at every position; at all but LEFT. */
#define SAME(c) \
	[0 ... XTCP_SEQ_POSITIONS - 1] = c
#define SAME_TAIL(c) \
	[1 ... XTCP_SEQ_POSITIONS - 1] = c

struct xtcp_mrow {
	u8 state;
	u8 acks;		/* 1 << XTCP_ACK_*, ignored without the ACK bit */
	u8 data;		/* D0, D1 */
	u16 types;		/* 1 << XTCP_SEG_* */
	u16 flags;		/* FL(mask, value) */
	const char *src;	/* where Linux (or the RFC) says so */
	/* LEFT, IN, RIGHT, BEYOND, OLD, DUP, OVERLAP */
	struct xtcp_cell cell[XTCP_SEQ_POSITIONS];
	/*
	 * A deliberate difference that Documentation/design.rst lists: for
	 * events with an ACK position in @dacks, XTCP's verdict must be
	 * @xtcp's cell instead, and at least one of them must differ from
	 * Linux's (else the marker is stale).
	 */
	const char *deliberate;
	u8 dacks;
	struct xtcp_cell xtcp[XTCP_SEQ_POSITIONS];
};

#define ROW(st, ty, ak, dt, fl, src, ...) \
	{ XTCP_##st, ak, dt, ty, fl, src, { __VA_ARGS__ } }
#define XTCP_CELLS(...)		{ __VA_ARGS__ }
/* @lx: Linux's cells; @why, @dak and @xt: the deliberate difference. */
#define DROW(st, ty, ak, dt, fl, src, lx, why, dak, xt) \
	{ XTCP_##st, ak, dt, ty, fl, src, XTCP_CELLS lx, why, dak, \
	  XTCP_CELLS xt }

/* The deliberate differences (design.rst, "The state machine"). */
#define ISS_RST		"design.rst: SYN_RECV after crossed SYNs, ACK of our ISS: RST"
#define ISS_RST_CELL	V(SYN_RECV, ACK, A(RST))
#define CHILD_ESTAB	"design.rst: a request's child is ESTABLISHED when challenged"
#define CHILD_CHAL \
	CELL(XTCP_ESTABLISHED, XTCP_ESTABLISHED, 0, XTCP_DROP_SYN, \
	     A(ESTAB) | A(CHALLENGE), 0)

/* The first row that matches an event gives its verdict. */
static const struct xtcp_mrow xtcp_rows[] = {
	/* CLOSED: no socket. A reset for all but a reset (RFC 9293 3.10.7.1). */
	ROW(CLOSE, T_ANY & ~T_RST, K_ANY, DX, ANYF,
	    "tcp_ipv4.c:2149 tcp_v4_rcv() no_tcp_socket",
	    SAME(V(CLOSE, ANY, A(RST)))),
	ROW(CLOSE, T_RST, K_ANY, DX, ANYF,
	    "tcp_ipv4.c:706 tcp_v4_send_reset(): never RST for RST",
	    SAME(DROP(CLOSE, ANY))),

	/*
	 * LISTEN (RFC 9293 3.10.7.2): any ACK draws a reset (tcp_v4_do_rcv()
	 * sends it, not for an RST+ACK); a SYN makes a request; SYN+FIN, RST
	 * and the rest are dropped. Text on a SYN is not taken (no TFO).
	 */
	ROW(LISTEN, T_WACK, K_ANY, DX, ANYF,
	    "tcp_input.c:6605 tcp_rcv_state_process(); tcp_ipv4.c:1720",
	    SAME(V(LISTEN, ANY, A(RST)))),
	ROW(LISTEN, T_RST, K_ANY, DX, ANYF,
	    "tcp_input.c:6605,6608; tcp_ipv4.c:706",
	    SAME(DROP(LISTEN, ANY))),
	ROW(LISTEN, T(SYN), K_ANY, DX, ANYF,
	    "tcp_input.c:6612-6630 conn_request()",
	    SAME(V(LISTEN, NONE, A(REQ)))),
	ROW(LISTEN, T(SYNFIN) | T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6613 SYN+FIN, 6631 no SYN",
	    SAME(DROP(LISTEN, FLAGS))),

	/*
	 * SYN_SENT (tcp_rcv_synsent_state_process(); RFC 9293 3.10.7.3): the
	 * sequence number is not looked at. An ACK must be of our SYN, or a
	 * reset answers it. Linux takes SYN+ACK+FIN as SYN+ACK and SYN+FIN as
	 * SYN, ignoring the FIN, and drops text that comes with either.
	 */
	ROW(SYN_SENT, T_WACK, K_ANY & ~K_NEW, DX, ANYF,
	    "tcp_input.c:6338-6345 SEG.ACK =< ISS or > SND.NXT",
	    SAME(V(SYN_SENT, ANY, A(RST)))),
	ROW(SYN_SENT, T(RSTACK), K_ANY & ~K_NEW, DX, ANYF,
	    "tcp_input.c:6345; tcp_ipv4.c:706 never RST for RST",
	    SAME(DROP(SYN_SENT, ANY))),
	ROW(SYN_SENT, T(RSTACK), K_NEW, DX, ANYF,
	    "tcp_input.c:6364 tcp_reset(): 4468 ECONNREFUSED",
	    SAME(RESET(ECONNREFUSED))),
	ROW(SYN_SENT, T_ACKS, K_NEW, DX, ANYF,
	    "tcp_input.c:6378 neither SYN nor RST",
	    SAME(DROP(SYN_SENT, FLAGS))),
	ROW(SYN_SENT, T(SYNACK) | T(SYNFINACK), K_NEW, DX, ANYF,
	    "tcp_input.c:6393-6460 ESTABLISHED, tcp_send_ack(); 6644",
	    SAME(V(ESTABLISHED, NONE, A(TAKE_SYN) | A(UNA) | A(ESTAB) |
		   A(ACK_FIRST) | A(PUSH)))),
	ROW(SYN_SENT, T(RST), K_ANY, DX, ANYF,
	    "tcp_input.c:6466 RST without ACK",
	    SAME(DROP(SYN_SENT, ANY))),
	ROW(SYN_SENT, T(SYN) | T(SYNFIN), K_ANY, DX, ANYF,
	    "tcp_input.c:6482-6539 crossed SYNs: tcp_send_synack()",
	    SAME(V(SYN_RECV, NONE, A(TAKE_SYN) | A(SYNACK)))),
	ROW(SYN_SENT, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6541-6547 neither SYN nor RST",
	    SAME(DROP(SYN_SENT, ANY))),

	/*
	 * SYN_RECV from SYN_SENT (simultaneous open): a socket, through
	 * tcp_rcv_state_process(). tcp_sequence() takes LEFT to RIGHT, a DUP
	 * with sequence space and OVERLAP. Any acceptable ACK establishes,
	 * SEG.ACK == SND.UNA too (tcp_ack() takes it; RFC 9293 3.10.7.4 fifth
	 * wants SND.UNA < SEG.ACK and a reset otherwise). An RST resets with
	 * ECONNRESET (tcp_reset(); the RFC says "connection refused").
	 */
	ROW(SYN_RECV, T_BARE, K_ANY, DX, ACTIVE,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(SYN_RECV, FLAGS))),
	ROW(SYN_RECV, T_RST, K_ANY, D0, ACTIVE,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(SYN_RECV, RST), CHAL(SYN_RECV, RST),
	    DROP(SYN_RECV, SEQ), DROP(SYN_RECV, SEQ), DROP(SYN_RECV, SEQ),
	    NOSEG),
	ROW(SYN_RECV, T_RST, K_ANY, D1, ACTIVE,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(SYN_RECV, RST), CHAL(SYN_RECV, RST),
	    DROP(SYN_RECV, SEQ), DROP(SYN_RECV, SEQ), CHAL(SYN_RECV, RST),
	    CHAL(SYN_RECV, RST)),
	/*
	 * The peer's SYN+ACK again, acking our SYN, passes step 4 (5927):
	 * SEG.ACK == SND.NXT (5930), PART (data waits unsent) too.
	 */
	ROW(SYN_RECV, T(SYNACK), K_NEW, D0, ACTIVE,
	    "tcp_input.c:5926-5931, 6688 ESTABLISHED, 5221 old: ACK",
	    CHAL(SYN_RECV, SYN), CHAL(SYN_RECV, SYN), CHAL(SYN_RECV, SYN),
	    CHAL(SYN_RECV, SYN), CHAL(SYN_RECV, SYN),
	    V(ESTABLISHED, SEQ, A(ESTAB) | A(UNA) | A(PUSH) | A(ACK)),
	    NOSEG),
	ROW(SYN_RECV, T_SYN, K_ANY, DX, ACTIVE,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(SYN_RECV, SYN))),
	/* tcp_ack() < 0 (OLD too: bytes_acked is 0), a reset (6678). */
	ROW(SYN_RECV, T(ACK), K(OLD) | K_BAD, D0, ACTIVE,
	    "tcp_input.c:3910-3929, 6676-6678; 5857 step 1",
	    V(SYN_RECV, ANY, A(RST)), V(SYN_RECV, ANY, A(RST)),
	    V(SYN_RECV, ANY, A(RST)), DUPACK(SYN_RECV), DUPACK(SYN_RECV),
	    DUPACK(SYN_RECV), NOSEG),
	ROW(SYN_RECV, T_ACKS, K(OLD) | K_BAD, DX, ACTIVE,
	    "tcp_input.c:3910-3929, 6676-6678; 5857 step 1",
	    V(SYN_RECV, ANY, A(RST)), V(SYN_RECV, ANY, A(RST)),
	    V(SYN_RECV, ANY, A(RST)), DUPACK(SYN_RECV), DUPACK(SYN_RECV),
	    V(SYN_RECV, ANY, A(RST)), V(SYN_RECV, ANY, A(RST))),
	DROW(SYN_RECV, T(ACK), K_NEW | K(DUP), D0, ACTIVE,
	     "tcp_input.c:6688-6730 ESTABLISHED (DUP too)",
	     (V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	      V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	      V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	      DUPACK(SYN_RECV), DUPACK(SYN_RECV), DUPACK(SYN_RECV), NOSEG),
	     ISS_RST, K(DUP),
	     (ISS_RST_CELL, ISS_RST_CELL, ISS_RST_CELL, DUPACK(SYN_RECV),
	      DUPACK(SYN_RECV), DUPACK(SYN_RECV), NOSEG)),
	DROW(SYN_RECV, T(ACK), K_NEW | K(DUP), D1, ACTIVE,
	     "tcp_input.c:6688 ESTABLISHED, 6834 tcp_data_queue()",
	     (INO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		  FIN_CW_Q),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      DUPACK(SYN_RECV), DUPACK(SYN_RECV),
	      OLDT(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      INO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		  FIN_CW_Q)),
	     ISS_RST, K(DUP),
	     (ISS_RST_CELL, ISS_RST_CELL, ISS_RST_CELL, DUPACK(SYN_RECV),
	      DUPACK(SYN_RECV), ISS_RST_CELL, ISS_RST_CELL)),
	DROW(SYN_RECV, T(FINACK), K_NEW | K(DUP), D0, ACTIVE,
	     "tcp_input.c:6688; tcp_fin() 4505-4509 CLOSE_WAIT, pingpong",
	     (FINO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		   FIN_CW),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      DUPACK(SYN_RECV), DUPACK(SYN_RECV),
	      OLDT(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)), NOSEG),
	     ISS_RST, K(DUP),
	     (ISS_RST_CELL, ISS_RST_CELL, ISS_RST_CELL, DUPACK(SYN_RECV),
	      DUPACK(SYN_RECV), ISS_RST_CELL, NOSEG)),
	DROW(SYN_RECV, T(FINACK), K_NEW | K(DUP), D1, ACTIVE,
	     "tcp_input.c:6688; tcp_fin() 4505-4509 CLOSE_WAIT, pingpong",
	     (INOF(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		   FIN_CW),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      DUPACK(SYN_RECV), DUPACK(SYN_RECV),
	      OLDT(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	      INOF(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		   FIN_CW)),
	     ISS_RST, K(DUP),
	     (ISS_RST_CELL, ISS_RST_CELL, ISS_RST_CELL, DUPACK(SYN_RECV),
	      DUPACK(SYN_RECV), ISS_RST_CELL, ISS_RST_CELL)),

	/*
	 * SYN_RECV from LISTEN: a request, tcp_check_req() (tcp_minisocks.c).
	 * Its window test is tcp_in_window(): LEFT to RIGHT and OVERLAP, not
	 * DUP. The SYN again at IRS (DUP, or OVERLAP with text or FIN) resends
	 * the SYN+ACK; a SYN elsewhere in the window resets and drops the
	 * request. An ACK of anything but our SYN+ACK makes the listener send
	 * a reset; the request stays. The child is ESTABLISHED before it sees
	 * the segment's text (tcp_child_process() -> tcp_rcv_state_process()).
	 */
	ROW(SYN_RECV, T(SYN), K_ANY, D0, PASSIVE,
	    "tcp_minisocks.c:612-650 SYN at IRS, 724-731, 758-760, 828",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(SYNACK)), NOSEG),
	ROW(SYN_RECV, T(SYN) | T(SYNFIN), K_ANY, DX, PASSIVE,
	    "tcp_minisocks.c:612-650 SYN at IRS, 724-731, 758-760, 828",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(SYNACK))),
	ROW(SYN_RECV, T_WACK, K_ANY & ~K_NEW, DX, PASSIVE,
	    "tcp_minisocks.c:712-715 to the listener: tcp_input.c:6605",
	    SAME(V(SYN_RECV, ANY, A(RST)))),
	/*
	 * At IRS the SYN bit is cleared (742) and the child made, but the
	 * child's tcp_validate_incoming() challenges the SYN (5926: no
	 * sk_socket yet). Linux leaves that child in SYN_RECV on the accept
	 * queue; the verdict can only say "challenged".
	 */
	DROW(SYN_RECV, T(SYNACK) | T(SYNFINACK), K_NEW, DX, PASSIVE,
	     "tcp_minisocks.c:724-731, 742, 758-760; tcp_input.c:5926",
	     (V(CLOSE, ANY, A(RST) | A(DONE)),
	      V(CLOSE, ANY, A(RST) | A(DONE)),
	      V(CLOSE, ANY, A(RST) | A(DONE)), V(SYN_RECV, ANY, A(DUPACK)),
	      V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	      CHAL(SYN_RECV, SYN)),
	     CHILD_ESTAB, K_ANY,
	     (V(CLOSE, ANY, A(RST) | A(DONE)),
	      V(CLOSE, ANY, A(RST) | A(DONE)),
	      V(CLOSE, ANY, A(RST) | A(DONE)), V(SYN_RECV, ANY, A(DUPACK)),
	      V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	      CHILD_CHAL)),
	ROW(SYN_RECV, T_RST, K_ANY, DX, PASSIVE,
	    "tcp_minisocks.c:724-731, 749-752 RFC 5961 3.2, 834",
	    V(CLOSE, ANY, A(DONE)), CHAL(SYN_RECV, ANY), CHAL(SYN_RECV, ANY),
	    DROP(SYN_RECV, ANY), DROP(SYN_RECV, ANY), DROP(SYN_RECV, ANY),
	    CHAL(SYN_RECV, ANY)),
	ROW(SYN_RECV, T_BARE, K_ANY, DX, PASSIVE,
	    "tcp_minisocks.c:724-731 ACK, 769 no ACK: dropped",
	    DROP(SYN_RECV, ANY), DROP(SYN_RECV, ANY), DROP(SYN_RECV, ANY),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)), DROP(SYN_RECV, ANY)),
	ROW(SYN_RECV, T(ACK), K_NEW, D0, PASSIVE,
	    "tcp_minisocks.c:792 child; tcp_input.c:6688 ESTABLISHED",
	    V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(ESTABLISHED, NONE, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)), NOSEG),
	ROW(SYN_RECV, T(ACK), K_NEW, D1, PASSIVE,
	    "tcp_minisocks.c:792; tcp_input.c:6688, 6834",
	    INO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		FIN_CW_Q),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)),
	    INO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		FIN_CW_Q)),
	ROW(SYN_RECV, T(FINACK), K_NEW, D0, PASSIVE,
	    "tcp_minisocks.c:792; tcp_input.c:6688, tcp_fin() 4505",
	    FINO(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		 FIN_CW),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)), NOSEG),
	ROW(SYN_RECV, T(FINACK), K_NEW, D1, PASSIVE,
	    "tcp_minisocks.c:792; tcp_input.c:6688, tcp_fin() 4505",
	    INOF(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		 FIN_CW),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    OFOQ(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH)),
	    V(SYN_RECV, ANY, A(DUPACK)), V(SYN_RECV, ANY, A(DUPACK)),
	    V(SYN_RECV, ANY, A(DUPACK)),
	    INOF(ESTABLISHED, A(ESTAB) | A(UNA) | A(PUSH), CLOSE_WAIT,
		 FIN_CW)),

	/*
	 * ESTABLISHED: tcp_rcv_established()'s slow path (6120-6160), the RFC
	 * procedure. An ACK above SND.NXT is dropped without an ACK (3929,
	 * 6142; RFC 9293 3.10.7.4 fifth says to send one). Text in order is
	 * queued (DATA), past a hole queued out of order (OFO, also a bare
	 * FIN), old text re-acked at once (5221-5232). SHUT_RD changes
	 * nothing here: rcv_shut is not looked at.
	 */
	ROW(ESTABLISHED, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6128 no ACK, RST or SYN",
	    SAME(DROP(ESTABLISHED, FLAGS))),
	ROW(ESTABLISHED, T_RST, K_ANY, D0, ANYF,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(ESTABLISHED, RST), CHAL(ESTABLISHED, RST),
	    DROP(ESTABLISHED, SEQ), DROP(ESTABLISHED, SEQ),
	    DROP(ESTABLISHED, SEQ), NOSEG),
	ROW(ESTABLISHED, T_RST, K_ANY, D1, ANYF,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(ESTABLISHED, RST), CHAL(ESTABLISHED, RST),
	    DROP(ESTABLISHED, SEQ), DROP(ESTABLISHED, SEQ),
	    CHAL(ESTABLISHED, RST), CHAL(ESTABLISHED, RST)),
	ROW(ESTABLISHED, T_SYN, K_ANY, DX, ANYF,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(ESTABLISHED, SYN))),
	ROW(ESTABLISHED, T(ACK), K(STALE), D0, ANYF,
	    "tcp_input.c:3910-3920 RFC 5961 5.2 challenge; 5857",
	    CHAL(ESTABLISHED, ACK), CHAL(ESTABLISHED, ACK),
	    CHAL(ESTABLISHED, ACK), DUPACK(ESTABLISHED), DUPACK(ESTABLISHED),
	    DUPACK(ESTABLISHED), NOSEG),
	ROW(ESTABLISHED, T_ACKS, K(STALE), DX, ANYF,
	    "tcp_input.c:3910-3920 RFC 5961 5.2 challenge; 5857",
	    CHAL(ESTABLISHED, ACK), CHAL(ESTABLISHED, ACK),
	    CHAL(ESTABLISHED, ACK), DUPACK(ESTABLISHED), DUPACK(ESTABLISHED),
	    CHAL(ESTABLISHED, ACK), CHAL(ESTABLISHED, ACK)),
	ROW(ESTABLISHED, T(ACK), K(UNSENT), D0, ANYF,
	    "tcp_input.c:3928-3929, 6142 dropped, no ACK; 5857",
	    DROP(ESTABLISHED, ACK), DROP(ESTABLISHED, ACK),
	    DROP(ESTABLISHED, ACK), DUPACK(ESTABLISHED), DUPACK(ESTABLISHED),
	    DUPACK(ESTABLISHED), NOSEG),
	ROW(ESTABLISHED, T_ACKS, K(UNSENT), DX, ANYF,
	    "tcp_input.c:3928-3929, 6142 dropped, no ACK; 5857",
	    DROP(ESTABLISHED, ACK), DROP(ESTABLISHED, ACK),
	    DROP(ESTABLISHED, ACK), DUPACK(ESTABLISHED), DUPACK(ESTABLISHED),
	    DROP(ESTABLISHED, ACK), DROP(ESTABLISHED, ACK)),
	ROW(ESTABLISHED, T(ACK), K_TAKEN, D0, ANYF,
	    "tcp_input.c:6141 tcp_ack(), 5161 nothing to queue; 5857",
	    V(ESTABLISHED, NONE, TK), V(ESTABLISHED, NONE, TK),
	    V(ESTABLISHED, NONE, TK), DUPACK(ESTABLISHED),
	    DUPACK(ESTABLISHED), DUPACK(ESTABLISHED), NOSEG),
	ROW(ESTABLISHED, T(ACK), K_TAKEN, D1, ANYF,
	    "tcp_input.c:6152 tcp_data_queue() 5175, 5221, 5258",
	    INO(ESTABLISHED, TK, CLOSE_WAIT, FIN_CW_Q),
	    OFOQ(ESTABLISHED, TK), OFOQ(ESTABLISHED, TK),
	    DUPACK(ESTABLISHED), DUPACK(ESTABLISHED), OLDT(ESTABLISHED, TK),
	    INO(ESTABLISHED, TK, CLOSE_WAIT, FIN_CW_Q)),
	ROW(ESTABLISHED, T(FINACK), K_TAKEN, D0, ANYF,
	    "tcp_input.c:5197 tcp_fin(): 4505-4509 CLOSE_WAIT, pingpong",
	    FINO(ESTABLISHED, TK, CLOSE_WAIT, FIN_CW),
	    OFOQ(ESTABLISHED, TK), OFOQ(ESTABLISHED, TK),
	    DUPACK(ESTABLISHED), DUPACK(ESTABLISHED), OLDT(ESTABLISHED, TK),
	    NOSEG),
	ROW(ESTABLISHED, T(FINACK), K_TAKEN, D1, ANYF,
	    "tcp_input.c:5197 tcp_fin(): 4505-4509 CLOSE_WAIT, pingpong",
	    INOF(ESTABLISHED, TK, CLOSE_WAIT, FIN_CW),
	    OFOQ(ESTABLISHED, TK), OFOQ(ESTABLISHED, TK),
	    DUPACK(ESTABLISHED), DUPACK(ESTABLISHED), OLDT(ESTABLISHED, TK),
	    INOF(ESTABLISHED, TK, CLOSE_WAIT, FIN_CW)),

	/*
	 * FIN_WAIT_1: tcp_rcv_state_process(). tcp_ack() < 0 draws a
	 * challenge ACK here (6680-6683). Our FIN acked (ALL): FIN_WAIT_2,
	 * waking close() (6738-6749). A FIN: CLOSING with an ACK at once
	 * (tcp_fin() 4522-4528), or TIME_WAIT when our FIN is acked too.
	 * After close() or SHUT_RD, new text resets (6818-6830; RFC 1122
	 * 4.2.2.13). An orphan whose FIN is acked becomes a FIN_WAIT_2
	 * timewait socket (6779), aborts on new text or an out-of-order FIN
	 * (6757-6764), and takes an in-order FIN after arming fin_timeout.
	 */
	ROW(FIN_WAIT1, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(FIN_WAIT1, FLAGS))),
	ROW(FIN_WAIT1, T_RST, K_ANY, D0, ANYF,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(FIN_WAIT1, RST), CHAL(FIN_WAIT1, RST),
	    DROP(FIN_WAIT1, SEQ), DROP(FIN_WAIT1, SEQ), DROP(FIN_WAIT1, SEQ),
	    NOSEG),
	ROW(FIN_WAIT1, T_RST, K_ANY, D1, ANYF,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(FIN_WAIT1, RST), CHAL(FIN_WAIT1, RST),
	    DROP(FIN_WAIT1, SEQ), DROP(FIN_WAIT1, SEQ), CHAL(FIN_WAIT1, RST),
	    CHAL(FIN_WAIT1, RST)),
	ROW(FIN_WAIT1, T_SYN, K_ANY, DX, ANYF,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(FIN_WAIT1, SYN))),
	ROW(FIN_WAIT1, T(ACK), K_BAD, D0, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(FIN_WAIT1, ACK), CHAL(FIN_WAIT1, ACK), CHAL(FIN_WAIT1, ACK),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), NOSEG),
	ROW(FIN_WAIT1, T_ACKS, K_BAD, DX, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(FIN_WAIT1, ACK), CHAL(FIN_WAIT1, ACK), CHAL(FIN_WAIT1, ACK),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), CHAL(FIN_WAIT1, ACK),
	    CHAL(FIN_WAIT1, ACK)),
	/* Our FIN not acked: FIN_WAIT_1 stays (6738). */
	ROW(FIN_WAIT1, T(ACK), K_STAY, D0, ANYF,
	    "tcp_input.c:6738 our FIN not acked; 5161; 5857",
	    V(FIN_WAIT1, NONE, TK), V(FIN_WAIT1, NONE, TK),
	    V(FIN_WAIT1, NONE, TK), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    DUPACK(FIN_WAIT1), NOSEG),
	ROW(FIN_WAIT1, T(ACK), K_STAY, D1, RS0,
	    "tcp_input.c:6834 tcp_data_queue(); FIN: 4522-4528 CLOSING",
	    INO(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST)), OFOQ(FIN_WAIT1, TK),
	    OFOQ(FIN_WAIT1, TK), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT1, TK), INO(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST))),
	ROW(FIN_WAIT1, T(FINACK), K_STAY, D0, RS0,
	    "tcp_input.c:6834; tcp_fin() 4522-4528 CLOSING, ACK now",
	    FINO(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST)), OFOQ(FIN_WAIT1, TK),
	    OFOQ(FIN_WAIT1, TK), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT1, TK), NOSEG),
	ROW(FIN_WAIT1, T(FINACK), K_STAY, D1, RS0,
	    "tcp_input.c:6834; tcp_fin() 4522-4528 CLOSING, ACK now",
	    INOF(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST)), OFOQ(FIN_WAIT1, TK),
	    OFOQ(FIN_WAIT1, TK), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT1, TK), INOF(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST))),
	ROW(FIN_WAIT1, T(ACK), K_STAY, D1, RS1,
	    "tcp_input.c:6818-6830 RCV_SHUTDOWN, new text: tcp_reset()",
	    RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), OLDT(FIN_WAIT1, TK),
	    RSTT(ECONNRESET, XU)),
	ROW(FIN_WAIT1, T(FINACK), K_STAY, D0, RS1,
	    "tcp_input.c:6818-6830 (an out-of-order FIN is new), 4522",
	    FINO(FIN_WAIT1, TK, CLOSING, A(ACK_FIRST)), RSTT(ECONNRESET, XU),
	    RSTT(ECONNRESET, XU), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT1, TK), NOSEG),
	ROW(FIN_WAIT1, T(FINACK), K_STAY, D1, RS1,
	    "tcp_input.c:6818-6830 RCV_SHUTDOWN, new text: tcp_reset()",
	    RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), OLDT(FIN_WAIT1, TK),
	    RSTT(ECONNRESET, XU)),
	/* Our FIN acked, a user left: FIN_WAIT_2 and close() woken. */
	ROW(FIN_WAIT1, T(ACK), K(ALL), D0, OR0,
	    "tcp_input.c:6738-6749 FIN_WAIT_2, sk_state_change()",
	    V(FIN_WAIT2, NONE, A(UNA) | A(WAKE) | A(PUSH)),
	    V(FIN_WAIT2, NONE, A(UNA) | A(WAKE) | A(PUSH)),
	    V(FIN_WAIT2, NONE, A(UNA) | A(WAKE) | A(PUSH)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), NOSEG),
	ROW(FIN_WAIT1, T(ACK), K(ALL), D1, RS0,
	    "tcp_input.c:6738-6749, 6834; FIN: 4530-4533 TIME_WAIT",
	    INO(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    INO(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		A(ACK) | A(TW))),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D0, RS0,
	    "tcp_input.c:6738-6749; tcp_fin() 4530-4533 TIME_WAIT",
	    FINO(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		 A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)), NOSEG),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D1, RS0,
	    "tcp_input.c:6738-6749; tcp_fin() 4530-4533 TIME_WAIT",
	    INOF(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		 A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    OFOQ(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    INOF(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		 A(ACK) | A(TW))),
	ROW(FIN_WAIT1, T(ACK), K(ALL), D1, RS1OR0,
	    "tcp_input.c:6738-6749, then 6818-6830 tcp_reset()",
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE))),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D0, RS1OR0,
	    "tcp_input.c:6738-6749, then 6818-6830 or tcp_fin() 4530",
	    FINO(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH), TIME_WAIT,
		 A(ACK) | A(TW)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)), NOSEG),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D1, RS1OR0,
	    "tcp_input.c:6738-6749, then 6818-6830 tcp_reset()",
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    OLDT(FIN_WAIT2, A(UNA) | A(WAKE) | A(PUSH)),
	    RSTT(ECONNRESET, A(UNA) | A(WAKE))),
	/*
	 * Our FIN acked, an orphan: no wake-up. New text, or a FIN past
	 * RCV.NXT: tcp_done() and a reset (6757-6764). A FIN in order: arm
	 * fin_timeout (6776), then take it (TIME_WAIT). Otherwise a FIN_WAIT_2
	 * timewait socket with fin_timeout (6779), the segment consumed.
	 */
	ROW(FIN_WAIT1, T(ACK), K(ALL), D0, OR1,
	    "tcp_input.c:6779 tcp_time_wait(FIN_WAIT2, fin_timeout)",
	    V(FIN_WAIT2, NONE, A(UNA) | A(ORPHAN_FW2)),
	    V(FIN_WAIT2, NONE, A(UNA) | A(ORPHAN_FW2)),
	    V(FIN_WAIT2, NONE, A(UNA) | A(ORPHAN_FW2)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1), NOSEG),
	ROW(FIN_WAIT1, T(ACK), K(ALL), D1, OR1,
	    "tcp_input.c:6757-6764 TCPAbortOnData; 6779 consumed",
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    V(FIN_WAIT2, NONE, A(UNA) | A(ORPHAN_FW2)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE))),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D0, OR1,
	    "tcp_input.c:6757-6764 abort, 6776 fin_timeout, tcp_fin()",
	    FINO(FIN_WAIT2, A(UNA) | A(ORPHAN_FW2) | A(PUSH), TIME_WAIT,
		 A(ACK) | A(TW)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    V(FIN_WAIT2, SEQ, A(UNA) | A(ORPHAN_FW2) | A(PUSH) | A(ACK)),
	    NOSEG),
	ROW(FIN_WAIT1, T(FINACK), K(ALL), D1, OR1,
	    "tcp_input.c:6757-6764 abort, 6776 fin_timeout, 5221",
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE)),
	    DUPACK(FIN_WAIT1), DUPACK(FIN_WAIT1),
	    V(FIN_WAIT2, SEQ, A(UNA) | A(ORPHAN_FW2) | A(PUSH) | A(ACK)),
	    V(CLOSE, ANY, A(UNA) | A(RST) | A(DONE))),

	/*
	 * FIN_WAIT_2 with a user: as FIN_WAIT_1 whose FIN is acked. A FIN
	 * leads to TIME_WAIT with an ACK at once (tcp_fin() 4530-4533).
	 */
	ROW(FIN_WAIT2, T_BARE, K_ANY, DX, OR0,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(FIN_WAIT2, FLAGS))),
	ROW(FIN_WAIT2, T_RST, K_ANY, D0, OR0,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(FIN_WAIT2, RST), CHAL(FIN_WAIT2, RST),
	    DROP(FIN_WAIT2, SEQ), DROP(FIN_WAIT2, SEQ), DROP(FIN_WAIT2, SEQ),
	    NOSEG),
	ROW(FIN_WAIT2, T_RST, K_ANY, D1, OR0,
	    "tcp_input.c:5857-5876 step 1, 5879-5917 step 2; 4478",
	    RESET(ECONNRESET), CHAL(FIN_WAIT2, RST), CHAL(FIN_WAIT2, RST),
	    DROP(FIN_WAIT2, SEQ), DROP(FIN_WAIT2, SEQ), CHAL(FIN_WAIT2, RST),
	    CHAL(FIN_WAIT2, RST)),
	ROW(FIN_WAIT2, T_SYN, K_ANY, DX, OR0,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(FIN_WAIT2, SYN))),
	ROW(FIN_WAIT2, T(ACK), K_BAD, D0, OR0,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(FIN_WAIT2, ACK), CHAL(FIN_WAIT2, ACK), CHAL(FIN_WAIT2, ACK),
	    DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2), NOSEG),
	ROW(FIN_WAIT2, T_ACKS, K_BAD, DX, OR0,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(FIN_WAIT2, ACK), CHAL(FIN_WAIT2, ACK), CHAL(FIN_WAIT2, ACK),
	    DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2), CHAL(FIN_WAIT2, ACK),
	    CHAL(FIN_WAIT2, ACK)),
	ROW(FIN_WAIT2, T(ACK), K_TAKEN, D0, OR0,
	    "tcp_input.c:6672 tcp_ack(), 5161 nothing to queue; 5857",
	    V(FIN_WAIT2, NONE, TK), V(FIN_WAIT2, NONE, TK),
	    V(FIN_WAIT2, NONE, TK), DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2),
	    DUPACK(FIN_WAIT2), NOSEG),
	ROW(FIN_WAIT2, T(ACK), K_TAKEN, D1, RS0,
	    "tcp_input.c:6834 tcp_data_queue(); FIN: 4530-4533",
	    INO(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, TK), OFOQ(FIN_WAIT2, TK), DUPACK(FIN_WAIT2),
	    DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK),
	    INO(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW))),
	ROW(FIN_WAIT2, T(FINACK), K_TAKEN, D0, RS0,
	    "tcp_input.c:6834; tcp_fin() 4530-4533 ACK, TIME_WAIT",
	    FINO(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, TK), OFOQ(FIN_WAIT2, TK), DUPACK(FIN_WAIT2),
	    DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK), NOSEG),
	ROW(FIN_WAIT2, T(FINACK), K_TAKEN, D1, RS0,
	    "tcp_input.c:6834; tcp_fin() 4530-4533 ACK, TIME_WAIT",
	    INOF(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW)),
	    OFOQ(FIN_WAIT2, TK), OFOQ(FIN_WAIT2, TK), DUPACK(FIN_WAIT2),
	    DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK),
	    INOF(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW))),
	ROW(FIN_WAIT2, T(ACK), K_TAKEN, D1, RS1OR0,
	    "tcp_input.c:6818-6830 RCV_SHUTDOWN, new text: tcp_reset()",
	    RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU),
	    DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK),
	    RSTT(ECONNRESET, XU)),
	ROW(FIN_WAIT2, T(FINACK), K_TAKEN, D0, RS1OR0,
	    "tcp_input.c:6818-6830 (an out-of-order FIN is new), 4530",
	    FINO(FIN_WAIT2, TK, TIME_WAIT, A(ACK) | A(TW)),
	    RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU), DUPACK(FIN_WAIT2),
	    DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK), NOSEG),
	ROW(FIN_WAIT2, T(FINACK), K_TAKEN, D1, RS1OR0,
	    "tcp_input.c:6818-6830 RCV_SHUTDOWN, new text: tcp_reset()",
	    RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU), RSTT(ECONNRESET, XU),
	    DUPACK(FIN_WAIT2), DUPACK(FIN_WAIT2), OLDT(FIN_WAIT2, TK),
	    RSTT(ECONNRESET, XU)),

	/*
	 * FIN_WAIT_2, an orphan: Linux's FIN_WAIT_2 timewait socket
	 * (tcp_timewait_state_process(), tcp_minisocks.c:106-147). Outside
	 * tcp_in_window() everything is acked, an RST too (108-114); the ACK
	 * field is never looked at. In the window: an RST kills it; a SYN at
	 * or past RCV.NXT, or new text, or a FIN not at RCV.NXT, is answered
	 * by a reset and kills it; the FIN at RCV.NXT leads to TIME_WAIT.
	 */
	ROW(FIN_WAIT2, T_RST, K_ANY, DX, OR1,
	    "tcp_minisocks.c:108-114 out of window: ACK; 116-117 kill",
	    V(CLOSE, ANY, A(DONE)), V(CLOSE, ANY, A(DONE)),
	    V(CLOSE, ANY, A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(CLOSE, ANY, A(DONE))),
	ROW(FIN_WAIT2, T(SYN) | T(SYNFIN), K_ANY, DX, OR1,
	    "tcp_minisocks.c:108-114; 119-120 SYN: reset; 123-127",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    DROP(FIN_WAIT2, ANY)),
	ROW(FIN_WAIT2, T(SYNACK), K_ANY, DX, OR1,
	    "tcp_minisocks.c:108-114; 119-120 SYN: reset; 133-135",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(CLOSE, ANY, A(RST) | A(DONE))),
	/* SYN+FIN+ACK at N - 1 ends at N + 1: "FIN arrived" (138-146). */
	ROW(FIN_WAIT2, T(SYNFINACK), K_ANY, D0, OR1,
	    "tcp_minisocks.c:108-114; 119-120 SYN: reset; 138-146",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    VF(FIN_WAIT2, A(FIN), TIME_WAIT, A(ACK) | A(TW))),
	ROW(FIN_WAIT2, T(SYNFINACK), K_ANY, D1, OR1,
	    "tcp_minisocks.c:108-114; 119-120 SYN: reset; 133-135",
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(CLOSE, ANY, A(RST) | A(DONE))),
	ROW(FIN_WAIT2, T_BARE, K_ANY, DX, OR1,
	    "tcp_minisocks.c:108-114; 123-127 no ACK: ignored",
	    DROP(FIN_WAIT2, ANY), DROP(FIN_WAIT2, ANY),
	    DROP(FIN_WAIT2, ANY), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    DROP(FIN_WAIT2, ANY)),
	ROW(FIN_WAIT2, T(ACK), K_ANY, D0, OR1,
	    "tcp_minisocks.c:108-114; 123-127 a bare ACK: ignored",
	    DROP(FIN_WAIT2, ANY), DROP(FIN_WAIT2, ANY),
	    DROP(FIN_WAIT2, ANY), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)), NOSEG),
	ROW(FIN_WAIT2, T(ACK) | T(FINACK), K_ANY, D1, OR1,
	    "tcp_minisocks.c:108-114; 133-135 new text: reset",
	    V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(CLOSE, ANY, A(RST) | A(DONE))),
	ROW(FIN_WAIT2, T(FINACK), K_ANY, D0, OR1,
	    "tcp_minisocks.c:108-114; 133-135 reset; 138-146 TIME_WAIT",
	    VF(FIN_WAIT2, A(FIN), TIME_WAIT, A(ACK) | A(TW)),
	    V(CLOSE, ANY, A(RST) | A(DONE)),
	    V(CLOSE, ANY, A(RST) | A(DONE)), V(FIN_WAIT2, ANY, A(DUPACK)),
	    V(FIN_WAIT2, ANY, A(DUPACK)), V(FIN_WAIT2, ANY, A(DUPACK)), NOSEG),

	/*
	 * CLOSE_WAIT: the peer's FIN is taken. An RST at RCV.NXT - 1 resets
	 * too (tcp_reset_check() 5822), with EPIPE (4470). Text or a FIN at
	 * or past RCV.NXT is ignored (6809-6815; RFC 9293 3.10.7.4 seventh).
	 * Before it: old text is re-acked at once (5221), new text resets
	 * (6818-6830: tcp_fin() set RCV_SHUTDOWN).
	 */
	ROW(CLOSE_WAIT, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(CLOSE_WAIT, FLAGS))),
	ROW(CLOSE_WAIT, T_RST, K_ANY, D0, ANYF,
	    "tcp_input.c:5871-5872 tcp_reset_check(), 5879-5917; 4470",
	    RESET(EPIPE), CHAL(CLOSE_WAIT, RST), CHAL(CLOSE_WAIT, RST),
	    DROP(CLOSE_WAIT, SEQ), DROP(CLOSE_WAIT, SEQ), RESET(EPIPE),
	    NOSEG),
	ROW(CLOSE_WAIT, T_RST, K_ANY, D1, ANYF,
	    "tcp_input.c:5879-5917 tcp_reset_check() at N - 1; 4470",
	    RESET(EPIPE), CHAL(CLOSE_WAIT, RST), CHAL(CLOSE_WAIT, RST),
	    DROP(CLOSE_WAIT, SEQ), DROP(CLOSE_WAIT, SEQ),
	    CHAL(CLOSE_WAIT, RST), RESET(EPIPE)),
	ROW(CLOSE_WAIT, T_SYN, K_ANY, DX, ANYF,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(CLOSE_WAIT, SYN))),
	ROW(CLOSE_WAIT, T(ACK), K_BAD, D0, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(CLOSE_WAIT, ACK), CHAL(CLOSE_WAIT, ACK),
	    CHAL(CLOSE_WAIT, ACK), DUPACK(CLOSE_WAIT), DUPACK(CLOSE_WAIT),
	    DUPACK(CLOSE_WAIT), NOSEG),
	ROW(CLOSE_WAIT, T_ACKS, K_BAD, DX, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(CLOSE_WAIT, ACK), CHAL(CLOSE_WAIT, ACK),
	    CHAL(CLOSE_WAIT, ACK), DUPACK(CLOSE_WAIT), DUPACK(CLOSE_WAIT),
	    CHAL(CLOSE_WAIT, ACK), CHAL(CLOSE_WAIT, ACK)),
	ROW(CLOSE_WAIT, T(ACK), K_TAKEN, D0, ANYF,
	    "tcp_input.c:6672 tcp_ack(); 5857",
	    V(CLOSE_WAIT, ANY, TK), V(CLOSE_WAIT, ANY, TK),
	    V(CLOSE_WAIT, ANY, TK), DUPACK(CLOSE_WAIT), DUPACK(CLOSE_WAIT),
	    DUPACK(CLOSE_WAIT), NOSEG),
	ROW(CLOSE_WAIT, T(FINACK), K_TAKEN, D0, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221 the FIN again: ACK",
	    V(CLOSE_WAIT, ANY, TK), V(CLOSE_WAIT, ANY, TK),
	    V(CLOSE_WAIT, ANY, TK), DUPACK(CLOSE_WAIT),
	    DUPACK(CLOSE_WAIT), OLDT(CLOSE_WAIT, TK), NOSEG),
	ROW(CLOSE_WAIT, T_ACKS, K_TAKEN, D1, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221; 6818-6830 reset",
	    V(CLOSE_WAIT, ANY, TK), V(CLOSE_WAIT, ANY, TK),
	    V(CLOSE_WAIT, ANY, TK), DUPACK(CLOSE_WAIT),
	    DUPACK(CLOSE_WAIT), OLDT(CLOSE_WAIT, TK), RSTT(EPIPE, XU)),

	/*
	 * CLOSING: as CLOSE_WAIT, with ECONNRESET. The ACK of our FIN leads
	 * to TIME_WAIT and the segment is consumed, its text unlooked at
	 * (6785-6790).
	 */
	ROW(CLOSING, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(CLOSING, FLAGS))),
	ROW(CLOSING, T_RST, K_ANY, D0, ANYF,
	    "tcp_input.c:5871-5872 tcp_reset_check(), 5879-5917; 4478",
	    RESET(ECONNRESET), CHAL(CLOSING, RST), CHAL(CLOSING, RST),
	    DROP(CLOSING, SEQ), DROP(CLOSING, SEQ), RESET(ECONNRESET), NOSEG),
	ROW(CLOSING, T_RST, K_ANY, D1, ANYF,
	    "tcp_input.c:5879-5917 tcp_reset_check() at N - 1; 4478",
	    RESET(ECONNRESET), CHAL(CLOSING, RST), CHAL(CLOSING, RST),
	    DROP(CLOSING, SEQ), DROP(CLOSING, SEQ), CHAL(CLOSING, RST),
	    RESET(ECONNRESET)),
	ROW(CLOSING, T_SYN, K_ANY, DX, ANYF,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(CLOSING, SYN))),
	ROW(CLOSING, T(ACK), K_BAD, D0, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(CLOSING, ACK), CHAL(CLOSING, ACK), CHAL(CLOSING, ACK),
	    DUPACK(CLOSING), DUPACK(CLOSING), DUPACK(CLOSING), NOSEG),
	ROW(CLOSING, T_ACKS, K_BAD, DX, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(CLOSING, ACK), CHAL(CLOSING, ACK), CHAL(CLOSING, ACK),
	    DUPACK(CLOSING), DUPACK(CLOSING), CHAL(CLOSING, ACK),
	    CHAL(CLOSING, ACK)),
	ROW(CLOSING, T(ACK), K_STAY, D0, ANYF,
	    "tcp_input.c:6786 our FIN not acked; 5857",
	    V(CLOSING, ANY, TK), V(CLOSING, ANY, TK), V(CLOSING, ANY, TK),
	    DUPACK(CLOSING), DUPACK(CLOSING), DUPACK(CLOSING), NOSEG),
	ROW(CLOSING, T(FINACK), K_STAY, D0, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221 the FIN again: ACK",
	    V(CLOSING, ANY, TK), V(CLOSING, ANY, TK),
	    V(CLOSING, ANY, TK), DUPACK(CLOSING), DUPACK(CLOSING),
	    OLDT(CLOSING, TK), NOSEG),
	ROW(CLOSING, T_ACKS, K_STAY, D1, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221; 6818-6830 reset",
	    V(CLOSING, ANY, TK), V(CLOSING, ANY, TK),
	    V(CLOSING, ANY, TK), DUPACK(CLOSING), DUPACK(CLOSING),
	    OLDT(CLOSING, TK), RSTT(ECONNRESET, XU)),
	ROW(CLOSING, T(ACK), K(ALL), D0, ANYF,
	    "tcp_input.c:6785-6790 tcp_time_wait(TIME_WAIT); 5857",
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)), DUPACK(CLOSING),
	    DUPACK(CLOSING), DUPACK(CLOSING), NOSEG),
	ROW(CLOSING, T(FINACK), K(ALL), D0, ANYF,
	    "tcp_input.c:6785-6790 tcp_time_wait(), consumed; 5857",
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)), DUPACK(CLOSING),
	    DUPACK(CLOSING), V(TIME_WAIT, NONE, A(UNA) | A(TW)), NOSEG),
	ROW(CLOSING, T_ACKS, K(ALL), D1, ANYF,
	    "tcp_input.c:6785-6790 tcp_time_wait(), consumed; 5857",
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW)), DUPACK(CLOSING),
	    DUPACK(CLOSING), V(TIME_WAIT, NONE, A(UNA) | A(TW)),
	    V(TIME_WAIT, NONE, A(UNA) | A(TW))),

	/* LAST_ACK: as CLOSING; the ACK of our FIN closes (6792-6797). */
	ROW(LAST_ACK, T_BARE, K_ANY, DX, ANYF,
	    "tcp_input.c:6664 no ACK, RST or SYN",
	    SAME(DROP(LAST_ACK, FLAGS))),
	ROW(LAST_ACK, T_RST, K_ANY, D0, ANYF,
	    "tcp_input.c:5871-5872 tcp_reset_check(), 5879-5917; 4478",
	    RESET(ECONNRESET), CHAL(LAST_ACK, RST), CHAL(LAST_ACK, RST),
	    DROP(LAST_ACK, SEQ), DROP(LAST_ACK, SEQ), RESET(ECONNRESET),
	    NOSEG),
	ROW(LAST_ACK, T_RST, K_ANY, D1, ANYF,
	    "tcp_input.c:5879-5917 tcp_reset_check() at N - 1; 4478",
	    RESET(ECONNRESET), CHAL(LAST_ACK, RST), CHAL(LAST_ACK, RST),
	    DROP(LAST_ACK, SEQ), DROP(LAST_ACK, SEQ), CHAL(LAST_ACK, RST),
	    RESET(ECONNRESET)),
	ROW(LAST_ACK, T_SYN, K_ANY, DX, ANYF,
	    "tcp_input.c:5865, 5926-5937 RFC 5961 4.2 challenge",
	    SAME(CHAL(LAST_ACK, SYN))),
	ROW(LAST_ACK, T(ACK), K_BAD, D0, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(LAST_ACK, ACK), CHAL(LAST_ACK, ACK), CHAL(LAST_ACK, ACK),
	    DUPACK(LAST_ACK), DUPACK(LAST_ACK), DUPACK(LAST_ACK), NOSEG),
	ROW(LAST_ACK, T_ACKS, K_BAD, DX, ANYF,
	    "tcp_input.c:6676-6683 tcp_ack() < 0: challenge; 5857",
	    CHAL(LAST_ACK, ACK), CHAL(LAST_ACK, ACK), CHAL(LAST_ACK, ACK),
	    DUPACK(LAST_ACK), DUPACK(LAST_ACK), CHAL(LAST_ACK, ACK),
	    CHAL(LAST_ACK, ACK)),
	ROW(LAST_ACK, T(ACK), K_STAY, D0, ANYF,
	    "tcp_input.c:6793 our FIN not acked; 5857",
	    V(LAST_ACK, ANY, TK), V(LAST_ACK, ANY, TK),
	    V(LAST_ACK, ANY, TK), DUPACK(LAST_ACK), DUPACK(LAST_ACK),
	    DUPACK(LAST_ACK), NOSEG),
	ROW(LAST_ACK, T(FINACK), K_STAY, D0, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221 the FIN again: ACK",
	    V(LAST_ACK, ANY, TK), V(LAST_ACK, ANY, TK),
	    V(LAST_ACK, ANY, TK), DUPACK(LAST_ACK), DUPACK(LAST_ACK),
	    OLDT(LAST_ACK, TK), NOSEG),
	ROW(LAST_ACK, T_ACKS, K_STAY, D1, ANYF,
	    "tcp_input.c:6809-6815 ignored; 5221; 6818-6830 reset",
	    V(LAST_ACK, ANY, TK), V(LAST_ACK, ANY, TK),
	    V(LAST_ACK, ANY, TK), DUPACK(LAST_ACK), DUPACK(LAST_ACK),
	    OLDT(LAST_ACK, TK), RSTT(ECONNRESET, XU)),
	ROW(LAST_ACK, T(ACK), K(ALL), D0, ANYF,
	    "tcp_input.c:6792-6797 tcp_done(); 5857",
	    V(CLOSE, NONE, A(UNA) | A(DONE)), V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE)), DUPACK(LAST_ACK),
	    DUPACK(LAST_ACK), DUPACK(LAST_ACK), NOSEG),
	ROW(LAST_ACK, T(FINACK), K(ALL), D0, ANYF,
	    "tcp_input.c:6792-6797 tcp_done(), consumed; 5857",
	    V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE)), DUPACK(LAST_ACK),
	    DUPACK(LAST_ACK), V(CLOSE, NONE, A(UNA) | A(DONE)), NOSEG),
	ROW(LAST_ACK, T_ACKS, K(ALL), D1, ANYF,
	    "tcp_input.c:6792-6797 tcp_done(), consumed; 5857",
	    V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE)), DUPACK(LAST_ACK),
	    DUPACK(LAST_ACK), V(CLOSE, NONE, A(UNA) | A(DONE)),
	    V(CLOSE, NONE, A(UNA) | A(DONE))),

	/*
	 * TIME_WAIT: tcp_timewait_state_process() (tcp_minisocks.c:165-239).
	 * At RCV.NXT only a bare segment or an RST is "in window": the RST
	 * kills the entry unless rfc1337 (RFC 1337), a bare segment restarts
	 * 2MSL. A SYN without ACK past RCV.NXT reopens (TCP_TW_SYN: the entry
	 * goes, the listener takes the SYN; RFC 6191). Everything else is
	 * acked, and restarts 2MSL if it carries an ACK; an RST elsewhere is
	 * dropped. The ACK field is not looked at.
	 */
	ROW(TIME_WAIT, T_RST, K_ANY, DX, R1337(0),
	    "tcp_minisocks.c:166-177 kill at RCV.NXT; 237-239",
	    V(CLOSE, ANY, A(DONE)), DROP(TIME_WAIT, ANY),
	    DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY),
	    DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY)),
	ROW(TIME_WAIT, T_RST, K_ANY, DX, R1337(1),
	    "tcp_minisocks.c:174 rfc1337: not killed; 237-239",
	    DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY),
	    DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY),
	    DROP(TIME_WAIT, ANY), DROP(TIME_WAIT, ANY)),
	ROW(TIME_WAIT, T(ACK), K_ANY, D0, ANYF,
	    "tcp_minisocks.c:166-190 bare: 2MSL again; 227-236 ACK",
	    V(TIME_WAIT, ANY, A(TW)),
	    SAME_TAIL(V(TIME_WAIT, ANY, A(DUPACK) | A(TW)))),
	ROW(TIME_WAIT, T(ACK) | T(FINACK), K_ANY, DX, ANYF,
	    "tcp_minisocks.c:227-236 ACK bit: 2MSL again, ACK",
	    V(TIME_WAIT, ANY, A(DUPACK) | A(TW)),
	    SAME_TAIL(V(TIME_WAIT, ANY, A(DUPACK) | A(TW)))),
	ROW(TIME_WAIT, T(NONE), K_ANY, D0, ANYF,
	    "tcp_minisocks.c:166-190 bare: 2MSL again; 227-236",
	    V(TIME_WAIT, ANY, A(TW)), SAME_TAIL(V(TIME_WAIT, ANY, A(DUPACK)))),
	ROW(TIME_WAIT, T_BARE, K_ANY, DX, ANYF,
	    "tcp_minisocks.c:227-236 no ACK bit: ACK only",
	    V(TIME_WAIT, ANY, A(DUPACK)),
	    SAME_TAIL(V(TIME_WAIT, ANY, A(DUPACK)))),
	ROW(TIME_WAIT, T(SYN) | T(SYNFIN), K_ANY, DX, ANYF,
	    "tcp_minisocks.c:211-219 TCP_TW_SYN; tcp_ipv4.c:2178",
	    V(TIME_WAIT, ANY, A(DUPACK)), V(TIME_WAIT, ANY, A(REOPEN)),
	    V(TIME_WAIT, ANY, A(REOPEN)), V(TIME_WAIT, ANY, A(REOPEN)),
	    V(TIME_WAIT, ANY, A(DUPACK)), V(TIME_WAIT, ANY, A(DUPACK)),
	    V(TIME_WAIT, ANY, A(DUPACK))),
	ROW(TIME_WAIT, T(SYNACK) | T(SYNFINACK), K_ANY, DX, ANYF,
	    "tcp_minisocks.c:227-236 ACK bit: 2MSL again, ACK",
	    V(TIME_WAIT, ANY, A(DUPACK) | A(TW)),
	    SAME_TAIL(V(TIME_WAIT, ANY, A(DUPACK) | A(TW)))),
};

/* The flags of an event, and the combinations each state is tried with. */
static u8 xtcp_ev_flags(const struct xtcp_event *ev)
{
	return (ev->passive ? F_PASSIVE : 0) | (ev->rfc1337 ? F_RFC1337 : 0) |
	       (ev->ofo ? F_OFO : 0) | (ev->orphan ? F_ORPHAN : 0) |
	       (ev->rcv_shut ? F_RCV_SHUT : 0);
}

static const u8 xtcp_fl_none[] = { 0 };
static const u8 xtcp_fl_synrecv[] = { 0, F_PASSIVE };
static const u8 xtcp_fl_timewait[] = { 0, F_RFC1337 };
static const u8 xtcp_fl_estab[] = { 0, F_OFO, F_RCV_SHUT, F_OFO | F_RCV_SHUT };
static const u8 xtcp_fl_finwait[] = {
	0, F_OFO, F_RCV_SHUT, F_OFO | F_RCV_SHUT, F_ORPHAN | F_RCV_SHUT,
	F_OFO | F_ORPHAN | F_RCV_SHUT,
};

/* Past the peer's FIN, tcp_fin() has set RCV_SHUTDOWN (tcp_input.c:4501). */
static const u8 xtcp_fl_closewait[] = { F_RCV_SHUT };
static const u8 xtcp_fl_closing[] = { F_RCV_SHUT, F_ORPHAN | F_RCV_SHUT };

struct xtcp_state_flags {
	u8 state, n;
	const u8 *flags;
};

#define XTCP_ST(st, name)	{ XTCP_##st, ARRAY_SIZE(xtcp_fl_##name), \
				  xtcp_fl_##name }

static const struct xtcp_state_flags xtcp_states[] = {
	XTCP_ST(CLOSE, none),
	XTCP_ST(LISTEN, none),
	XTCP_ST(SYN_SENT, none),
	XTCP_ST(SYN_RECV, synrecv),
	XTCP_ST(ESTABLISHED, estab),
	XTCP_ST(FIN_WAIT1, finwait),
	XTCP_ST(FIN_WAIT2, finwait),
	XTCP_ST(CLOSE_WAIT, closewait),
	XTCP_ST(CLOSING, closing),
	XTCP_ST(LAST_ACK, closing),
	XTCP_ST(TIME_WAIT, timewait),
};

/* SEG.LEN of the setup's segment: text, SYN, FIN (an RST carries none). */
static u32 xtcp_seg_len(const struct xtcp_event *ev)
{
	u32 len = ev->data ? 100 : 0;

	switch (ev->type) {
	case XTCP_SEG_FIN:
	case XTCP_SEG_FINACK:
	case XTCP_SEG_SYN:
	case XTCP_SEG_SYNACK:
		return len + 1;
	case XTCP_SEG_SYNFIN:
	case XTCP_SEG_SYNFINACK:
		return len + 2;
	}
	return len;
}

typedef void (*xtcp_visit_t)(struct kunit *test, const struct xtcp_event *ev,
			     void *arg);

/*
 * Every event of the domain (of @state only, if it is not 0): each state
 * with its flag combinations, every type, sequence position (OVERLAP only
 * for two octets or more), ACK position, with text and without.
 */
static int xtcp_each_event(struct kunit *test, int state, xtcp_visit_t fn,
			   void *arg)
{
	const int per_flags = XTCP_SEG_TYPES * XTCP_SEQ_POSITIONS *
			      XTCP_ACK_POSITIONS * 2;
	int s, f, i, n = 0;

	for (s = 0; s < ARRAY_SIZE(xtcp_states); s++) {
		if (state && xtcp_states[s].state != state)
			continue;
		for (f = 0; f < xtcp_states[s].n; f++) {
			u8 fl = xtcp_states[s].flags[f];

			for (i = 0; i < per_flags; i++) {
				struct xtcp_event ev = {
					.state = xtcp_states[s].state,
					.data = i & 1,
					.ack = i / 2 % XTCP_ACK_POSITIONS,
					.seq = i / 2 / XTCP_ACK_POSITIONS %
					       XTCP_SEQ_POSITIONS,
					.type = i / 2 / XTCP_ACK_POSITIONS /
						XTCP_SEQ_POSITIONS,
					.passive = fl & F_PASSIVE,
					.rfc1337 = fl & F_RFC1337,
					.ofo = fl & F_OFO,
					.orphan = fl & F_ORPHAN,
					.rcv_shut = fl & F_RCV_SHUT,
				};

				if (ev.seq == XTCP_SEQ_OVERLAP &&
				    xtcp_seg_len(&ev) < 2)
					continue;
				/* OVERLAP, and DUP of up to one octet, start at N - 1. */
				ev.fin_seq = ev.seq == XTCP_SEQ_OVERLAP ||
					     (ev.seq == XTCP_SEQ_DUP &&
					      xtcp_seg_len(&ev) <= 1);
				fn(test, &ev, arg);
				n++;
			}
		}
	}
	return n;
}

static bool xtcp_row_matches(const struct xtcp_mrow *r,
			     const struct xtcp_event *ev)
{
	return r->state == ev->state && (r->types & BIT(ev->type)) &&
	       (r->acks & BIT(ev->ack)) && (r->data & BIT(ev->data)) &&
	       (xtcp_ev_flags(ev) & (r->flags >> 8)) == (r->flags & 0xff);
}

static int xtcp_row_for(const struct xtcp_event *ev)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xtcp_rows); i++)
		if (xtcp_row_matches(&xtcp_rows[i], ev))
			return i;
	return -1;
}

/*
 * The cell for @ev, its event-dependent bits resolved: Linux's, or with
 * @deliberate, XTCP's documented one where the row has it.
 */
static struct xtcp_cell xtcp_cell_of(const struct xtcp_mrow *r,
				     const struct xtcp_event *ev,
				     bool deliberate)
{
	bool mine = deliberate && r->deliberate && (r->dacks & BIT(ev->ack));
	struct xtcp_cell w = mine ? r->xtcp[ev->seq] : r->cell[ev->seq];
	bool taken = ev->ack != XTCP_ACK_OLD;

	if (w.act & XU)
		w.act = (w.act & ~XU) | (taken ? A(UNA) : 0);
	if (w.act & KIN)
		w.act = (w.act & ~KIN) | (ev->ofo ? A(ACK) : A(ACK_SCHED));
	return w;
}

static struct xtcp_cell xtcp_want(const struct xtcp_mrow *r,
				  const struct xtcp_event *ev)
{
	return xtcp_cell_of(r, ev, true);
}

/* Does the verdict say what Linux does? See the top of the file. */
static bool xtcp_agrees(const struct xtcp_cell *w, const struct xtcp_verdict *v,
			const struct xtcp_event *ev)
{
	u32 mask = ~0u;

	if ((w->act & A(FIN)) && !(w->act & A(DATA)))
		mask &= ~XTCP_ACT_ACKS;
	/*
	 * A reset makes taking the ACK field and waking close() moot:
	 * tcp_reset() (tcp_input.c:4453) purges the write queue
	 * (tcp_write_queue_purge()) and tcp_done() wakes every waiter
	 * (sk_state_change()), whether or not step 5 ran first.
	 */
	if (w->act & A(RESET))
		mask &= ~(A(UNA) | A(WAKE));
	if (v->state != w->state || v->err != w->err ||
	    (w->reason != XTCP_DROP_ANY && v->reason != w->reason) ||
	    (v->act & mask) != (w->act & mask))
		return false;
	if ((w->act & A(FIN)) || ((w->act & A(DATA)) && ev->ofo))
		return v->fin_state == w->fin_state && v->fin_act == w->fin_act;
	return true;
}

/*
 * The verdict for @ev. A request's ESTAB makes the child, which takes the
 * same segment as ESTABLISHED (state.h); its SEG.ACK, ISS + 1, is then the
 * child's SND.UNA (DUP). Linux's tcp_check_req() and the child's
 * tcp_rcv_state_process() together are what the passive rows say, so the
 * two verdicts are joined.
 */
static struct xtcp_verdict xtcp_verdict_of(const struct xtcp_event *ev)
{
	struct xtcp_verdict v = xtcp_state_segment(ev), c;
	struct xtcp_event child = *ev;

	if (ev->state != XTCP_SYN_RECV || !ev->passive || v.act != A(ESTAB) ||
	    v.state != XTCP_ESTABLISHED)
		return v;
	child.state = XTCP_ESTABLISHED;
	child.passive = false;
	child.ack = XTCP_ACK_DUP;
	c = xtcp_state_segment(&child);
	c.act |= v.act;
	return c;
}

static const char *const xtcp_type_names[] = {
	"NONE", "ACK", "FIN", "FIN+ACK", "RST", "RST+ACK", "SYN", "SYN+ACK",
	"SYN+FIN", "SYN+FIN+ACK",
};

static const char *const xtcp_pos_names[] = {
	"left", "in", "right", "beyond", "old", "dup", "overlap",
};

static const char *const xtcp_ack_names[] = {
	"all", "part", "dup", "old", "stale", "unsent",
};

static const char *const xtcp_drop_names[XTCP_DROP_REASONS] = {
	[XTCP_DROP_NONE] = "none", [XTCP_DROP_SEQ] = "seq",
	[XTCP_DROP_ACK] = "ack", [XTCP_DROP_FLAGS] = "flags",
	[XTCP_DROP_RST] = "rst", [XTCP_DROP_SYN] = "syn",
	[XTCP_DROP_NO_TEXT] = "no_text", [XTCP_DROP_ABORT_DATA] = "abort_data",
};

static const struct {
	u32 bit;
	const char *name;
} xtcp_act_names[] = {
#define XTCP_ACT_NAME(x)	{ XTCP_ACT_##x, #x }
	XTCP_ACT_NAME(RST), XTCP_ACT_NAME(RESET), XTCP_ACT_NAME(REQ),
	XTCP_ACT_NAME(TAKE_SYN), XTCP_ACT_NAME(UNA), XTCP_ACT_NAME(ESTAB),
	XTCP_ACT_NAME(SYNACK), XTCP_ACT_NAME(WAKE), XTCP_ACT_NAME(ORPHAN_FW2),
	XTCP_ACT_NAME(DATA), XTCP_ACT_NAME(OFO), XTCP_ACT_NAME(FIN),
	XTCP_ACT_NAME(PINGPONG), XTCP_ACT_NAME(ACK), XTCP_ACT_NAME(ACK_SCHED),
	XTCP_ACT_NAME(DUPACK),
	XTCP_ACT_NAME(CHALLENGE), XTCP_ACT_NAME(TW), XTCP_ACT_NAME(DONE),
	XTCP_ACT_NAME(REOPEN), XTCP_ACT_NAME(PUSH), XTCP_ACT_NAME(ACK_FIRST),
#undef XTCP_ACT_NAME
};

static int xtcp_fmt_act(char *buf, size_t size, u32 act)
{
	int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(xtcp_act_names); i++)
		if (act & xtcp_act_names[i].bit) {
			n += scnprintf(buf + n, size - n, "%s%s", n ? "|" : "",
				       xtcp_act_names[i].name);
			act &= ~xtcp_act_names[i].bit;
		}
	if (act)
		n += scnprintf(buf + n, size - n, "%s%#x", n ? "|" : "", act);
	if (!n)
		n = scnprintf(buf, size, "0");
	return n;
}

static void xtcp_fmt_event(char *buf, size_t size, const struct xtcp_event *ev)
{
	snprintf(buf, size, "%s %s seq=%s ack=%s%s%s%s%s%s%s",
		 xtcp_state_name(ev->state), xtcp_type_names[ev->type],
		 xtcp_pos_names[ev->seq], xtcp_ack_names[ev->ack],
		 ev->data ? " text" : "", ev->passive ? " passive" : "",
		 ev->rfc1337 ? " rfc1337" : "", ev->ofo ? " ofo" : "",
		 ev->orphan ? " orphan" : "", ev->rcv_shut ? " rcv_shut" : "");
}

static void xtcp_fmt_verdict(char *buf, size_t size, u8 state, u8 fin_state,
			     u8 err, u8 reason, u32 act, u32 fin_act)
{
	int n;

	n = scnprintf(buf, size, "%s (FIN: %s) err=%u why=%s act=",
		      xtcp_state_name(state), xtcp_state_name(fin_state), err,
		      reason < ARRAY_SIZE(xtcp_drop_names) &&
		      xtcp_drop_names[reason] ? xtcp_drop_names[reason] :
		      reason == XTCP_DROP_ANY ? "any" : "?");
	n += xtcp_fmt_act(buf + n, size - n, act);
	n += scnprintf(buf + n, size - n, " fin_act=");
	xtcp_fmt_act(buf + n, size - n, fin_act);
}

#define XTCP_MSG	192

/* What a check keeps: counts, and the first difference at each position. */
struct xtcp_check {
	int row;		/* -1: every row */
	int events, differ;
	int deliberate;		/* events with a documented difference */
	int from_linux;		/* of them, those XTCP answers otherwise */
	int at[XTCP_SEQ_POSITIONS];
	u8 *used, *row_differs;	/* per row, for the complete case */
	char ev[XTCP_MSG], want[XTCP_MSG], got[XTCP_MSG];
};

static void xtcp_report(struct kunit *test, struct xtcp_check *c,
			const struct xtcp_event *ev, const struct xtcp_mrow *r,
			const struct xtcp_cell *w, const struct xtcp_verdict *v)
{
	xtcp_fmt_event(c->ev, XTCP_MSG, ev);
	xtcp_fmt_verdict(c->want, XTCP_MSG, w->state, w->fin_state, w->err,
			 w->reason, w->act, w->fin_act);
	xtcp_fmt_verdict(c->got, XTCP_MSG, v->state, v->fin_state, v->err,
			 v->reason, v->act, v->fin_act);
	KUNIT_FAIL(test, "%s\n  Linux (%s): %s\n  xtcp_state_segment(): %s",
		   c->ev, r->src, c->want, c->got);
}

static void xtcp_check_event(struct kunit *test, const struct xtcp_event *ev,
			     void *arg)
{
	struct xtcp_check *c = arg;
	int i = xtcp_row_for(ev);
	struct xtcp_verdict v;
	struct xtcp_cell w;

	if (c->row >= 0 && i != c->row)
		return;
	c->events++;
	if (i >= 0 && c->used)
		c->used[i] = 1;
	if (i < 0) {
		xtcp_fmt_event(c->ev, XTCP_MSG, ev);
		KUNIT_FAIL(test, "no row for %s", c->ev);
		return;
	}
	w = xtcp_want(&xtcp_rows[i], ev);
	if (w.act & XX) {
		xtcp_fmt_event(c->ev, XTCP_MSG, ev);
		KUNIT_FAIL(test, "row %d has no cell for %s", i, c->ev);
		return;
	}
	v = xtcp_verdict_of(ev);
	if (xtcp_rows[i].deliberate &&
	    (xtcp_rows[i].dacks & BIT(ev->ack))) {
		struct xtcp_cell lx = xtcp_cell_of(&xtcp_rows[i], ev, false);

		c->deliberate++;
		c->from_linux += !xtcp_agrees(&lx, &v, ev);
	}
	if (xtcp_agrees(&w, &v, ev))
		return;
	c->differ++;
	if (c->row_differs)
		c->row_differs[i] = 1;
	/* The row's own case shows each position's first difference. */
	if (c->row >= 0 && !c->at[ev->seq]++)
		xtcp_report(test, c, ev, &xtcp_rows[i], &w, &v);
}

static void xtcp_row_desc(const struct xtcp_mrow *r, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%03d %s: %s",
		 (int)(r - xtcp_rows), xtcp_state_name(r->state), r->src);
}

KUNIT_ARRAY_PARAM(xtcp_row, xtcp_rows, xtcp_row_desc);

/* One row: every event it is the first match for gets its verdict. */
static void xtcp_state_row_test(struct kunit *test)
{
	const struct xtcp_mrow *r = test->param_value;
	struct xtcp_check *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int q;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->row = r - xtcp_rows;
	xtcp_each_event(test, r->state, xtcp_check_event, c);
	KUNIT_EXPECT_GT_MSG(test, c->events, 0,
			    "row %d is never the first match", c->row);
	for (q = 0; q < XTCP_SEQ_POSITIONS; q++)
		if (c->at[q] > 1)
			kunit_info(test, "%d more at %s differ\n", c->at[q] - 1,
				   xtcp_pos_names[q]);
	KUNIT_EXPECT_EQ_MSG(test, c->differ, 0, "%d of %d events differ",
			    c->differ, c->events);
	if (!r->deliberate)
		return;
	kunit_info(test, "documented difference (%s): %d of %d events differ from Linux\n",
		   r->deliberate, c->from_linux, c->deliberate);
	KUNIT_EXPECT_GT_MSG(test, c->from_linux, 0,
			    "marked deliberate, but XTCP does what Linux does");
}

/*
 * The whole domain: every event has a row and a cell, no row is dead, and
 * xtcp_state_segment() returns the row's verdict for every event.
 */
static void xtcp_state_matrix_complete_test(struct kunit *test)
{
	struct xtcp_check *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int i, n, dead = 0, rows = 0;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->used = kunit_kzalloc(test, ARRAY_SIZE(xtcp_rows), GFP_KERNEL);
	c->row_differs = kunit_kzalloc(test, ARRAY_SIZE(xtcp_rows), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->used);
	KUNIT_ASSERT_NOT_NULL(test, c->row_differs);
	c->row = -1;
	n = xtcp_each_event(test, 0, xtcp_check_event, c);
	KUNIT_EXPECT_EQ(test, n, c->events);
	for (i = 0; i < ARRAY_SIZE(xtcp_rows); i++) {
		if (!c->used[i]) {
			dead++;
			KUNIT_FAIL(test, "row %d (%s) is never the first match",
				   i, xtcp_rows[i].src);
		}
		rows += c->row_differs[i];
	}
	kunit_info(test, "%d events, %zu rows, %zu cells; %d events in %d rows differ\n",
		   n, ARRAY_SIZE(xtcp_rows),
		   ARRAY_SIZE(xtcp_rows) * XTCP_SEQ_POSITIONS, c->differ, rows);
	kunit_info(test, "%d events differ from Linux as design.rst documents\n",
		   c->from_linux);
	KUNIT_EXPECT_EQ(test, dead, 0);
	KUNIT_EXPECT_EQ_MSG(test, c->differ, 0,
			    "%d of %d events differ from Linux (see the rows' cases)",
			    c->differ, n);
}

/*
 * xtcp_seq_pos(): RFC 9293 3.10.7.4's acceptability test (RCV.NXT =<
 * SEG.SEQ < RCV.NXT + RCV.WND, or the last octet in it) split as state.h
 * names the positions, modulo 2^32 (3.4). Linux's tcp_sequence() takes
 * what ends at or past RCV.WUP (here RCV.NXT: DUP with sequence space) and
 * starts at or before RCV.NXT + RCV.WND, one more than the RFC: that octet
 * is BEYOND here, and the setup of the matrix keeps clear of it.
 */
struct xtcp_seq_case {
	u32 seq, len, nxt, wnd;
	u8 pos;
};

#define SQ(s, l, n, w, p)	{ s, l, n, w, XTCP_SEQ_##p }

static const struct xtcp_seq_case xtcp_seq_cases[] = {
	SQ(1000, 0, 1000, 500, LEFT),
	SQ(1000, 100, 1000, 500, LEFT),
	SQ(1001, 0, 1000, 500, IN),
	SQ(1100, 100, 1000, 500, IN),
	SQ(1498, 1, 1000, 500, IN),
	SQ(1499, 0, 1000, 500, RIGHT),		/* RCV.NXT + RCV.WND - 1 */
	SQ(1499, 100, 1000, 500, RIGHT),
	SQ(1500, 0, 1000, 500, BEYOND),		/* tcp_sequence() takes it */
	SQ(1600, 100, 1000, 500, BEYOND),
	SQ(900, 100, 1000, 500, DUP),		/* ends at RCV.NXT */
	SQ(999, 1, 1000, 500, DUP),		/* the FIN again */
	SQ(999, 0, 1000, 500, DUP),		/* keepalive probe, RST at N - 1 */
	SQ(998, 0, 1000, 500, OLD),
	SQ(900, 99, 1000, 500, OLD),
	SQ(800, 100, 1000, 500, OLD),
	SQ(999, 2, 1000, 500, OVERLAP),
	SQ(950, 100, 1000, 500, OVERLAP),
	SQ(0, 2000, 1000, 500, OVERLAP),	/* over the whole window */
	/*
	 * A zero window: only SEG.SEQ = RCV.NXT is not beyond it, text or not:
	 * tcp_sequence() takes its ACK and RST (RFC 9293 3.10.7.4: "special
	 * allowance"), tcp_data_queue() drops the text (5176-5179).
	 */
	SQ(1000, 0, 1000, 0, LEFT),
	SQ(1000, 100, 1000, 0, LEFT),
	SQ(1001, 0, 1000, 0, BEYOND),
	SQ(999, 0, 1000, 0, DUP),
	SQ(1000, 0, 1000, 1, LEFT),		/* RIGHT is LEFT */
	SQ(1001, 0, 1000, 1, BEYOND),
	/* Across the wrap. */
	SQ(0xffffff00, 0, 0xffffff00, 0x200, LEFT),
	SQ(0x00000000, 10, 0xffffff00, 0x200, IN),
	SQ(0x000000ff, 0, 0xffffff00, 0x200, RIGHT),
	SQ(0x00000100, 0, 0xffffff00, 0x200, BEYOND),
	SQ(0xfffffe9c, 100, 0xffffff00, 0x200, DUP),
	SQ(0xfffffeff, 0, 0xffffff00, 0x200, DUP),
	SQ(0xfffffeff, 2, 0xffffff00, 0x200, OVERLAP),
	SQ(0xfffffe00, 100, 0xffffff00, 0x200, OLD),
	SQ(0xfffffff0, 0x20, 0x10, 0x100, DUP),
	SQ(0xfffffff0, 0x21, 0x10, 0x100, OVERLAP),
	SQ(0xffffff00, 0x10, 0x10, 0x100, OLD),
	SQ(0x0000000f, 0, 0x10, 0x100, DUP),
	/* Half the sequence space away: ahead, then behind. */
	SQ(1000u + 0x7fffffff, 0, 1000, 500, BEYOND),
	SQ(1000 + 0x80000001, 0, 1000, 500, OLD),
};

static void xtcp_seq_desc(const struct xtcp_seq_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seq %#x len %u nxt %#x wnd %u",
		 c->seq, c->len, c->nxt, c->wnd);
}

KUNIT_ARRAY_PARAM(xtcp_seq, xtcp_seq_cases, xtcp_seq_desc);

static void xtcp_seq_pos_test(struct kunit *test)
{
	const struct xtcp_seq_case *c = test->param_value;
	int got = xtcp_seq_pos(c->seq, c->len, c->nxt, c->wnd);

	KUNIT_EXPECT_EQ_MSG(test, got, c->pos, "%s, not %s",
			    got < XTCP_SEQ_POSITIONS ? xtcp_pos_names[got] : "?",
			    xtcp_pos_names[c->pos]);
}

/*
 * A zero window (the matrix's setup has none): a segment at RCV.NXT is
 * acceptable (tcp_sequence()), so its ACK field is taken (tcp_ack(), then
 * tcp_data_snd_check()) and an RST resets (tcp_validate_incoming() step
 * 2), but tcp_data_queue() drops text and FIN (tcp_input.c:5176-5179,
 * out_of_window: quick ACK mode, an ACK at once).
 */
static void xtcp_state_zero_wnd_test(struct kunit *test)
{
	static const u8 types[] = { XTCP_SEG_ACK, XTCP_SEG_FINACK };
	struct xtcp_event ev = {
		.state = XTCP_ESTABLISHED, .seq = XTCP_SEQ_LEFT,
		.ack = XTCP_ACK_ALL, .zero_wnd = true,
	};
	struct xtcp_verdict v;
	int i, d;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		for (d = 0; d < 2; d++) {
			ev.type = types[i];
			ev.data = d;
			if (!d && types[i] == XTCP_SEG_ACK)
				continue;
			v = xtcp_state_segment(&ev);
			KUNIT_EXPECT_EQ_MSG(test, v.state, XTCP_ESTABLISHED,
					    "%s text %d", xtcp_type_names[types[i]], d);
			KUNIT_EXPECT_EQ_MSG(test, v.act,
					    A(UNA) | A(PUSH) | A(ACK),
					    "%s text %d", xtcp_type_names[types[i]], d);
		}
	ev.type = XTCP_SEG_RSTACK;
	ev.data = true;
	v = xtcp_state_segment(&ev);
	KUNIT_EXPECT_EQ(test, v.state, XTCP_CLOSE);
	KUNIT_EXPECT_EQ(test, v.act, A(RESET));
	KUNIT_EXPECT_EQ(test, v.err, ECONNRESET);
}

/*
 * shutdown(SHUT_WR) in SYN_RECV after crossed SYNs: tcp_shutdown() leaves
 * SYN_RECV alone (tcp.c:2860-2862) and the ACK of our SYN sends the FIN
 * (tcp_input.c:6728-6729: tcp_shutdown() in ESTABLISHED, tcp_close_state()
 * to FIN_WAIT_1, tcp_send_fin()). A FIN in that ACK then finds FIN_WAIT_1:
 * an ACK at once and CLOSING (tcp_fin(), tcp_input.c:4522-4528). The
 * matrix never sets snd_shut; without it the same ACK gives ESTABLISHED.
 */
static void xtcp_state_synrecv_shut_test(struct kunit *test)
{
	struct xtcp_event ev = {
		.state = XTCP_SYN_RECV, .type = XTCP_SEG_ACK,
		.seq = XTCP_SEQ_LEFT, .ack = XTCP_ACK_ALL,
	};
	struct xtcp_verdict v = xtcp_state_segment(&ev), w;

	KUNIT_EXPECT_EQ(test, v.state, XTCP_ESTABLISHED);
	ev.snd_shut = true;
	w = xtcp_state_segment(&ev);
	KUNIT_EXPECT_EQ(test, w.state, XTCP_FIN_WAIT1);
	/* The FIN queued by shutdown() goes with the push. */
	KUNIT_EXPECT_EQ(test, w.act, v.act);
	KUNIT_EXPECT_TRUE(test, w.act & A(PUSH));
	ev.type = XTCP_SEG_FINACK;
	w = xtcp_state_segment(&ev);
	KUNIT_EXPECT_EQ(test, w.state, XTCP_FIN_WAIT1);
	KUNIT_EXPECT_TRUE(test, w.act & A(FIN));
	KUNIT_EXPECT_EQ(test, w.fin_state, XTCP_CLOSING);
	KUNIT_EXPECT_EQ(test, w.fin_act, A(ACK_FIRST));
	/*
	 * shutdown(SHUT_RD) too, and new text: the FIN goes in step 5, then
	 * step 7 resets (tcp_input.c:6728-6729, then 6818-6830 in
	 * FIN_WAIT_1): the verdict keeps ESTAB for the FIN.
	 */
	ev.type = XTCP_SEG_ACK;
	ev.rcv_shut = true;
	ev.data = true;
	w = xtcp_state_segment(&ev);
	KUNIT_EXPECT_EQ(test, w.state, XTCP_CLOSE);
	KUNIT_EXPECT_EQ(test, w.act, A(RST) | A(RESET) | A(ESTAB));
	KUNIT_EXPECT_EQ(test, w.err, ECONNRESET);
	/* Without the held FIN, a reset alone. */
	ev.snd_shut = false;
	w = xtcp_state_segment(&ev);
	KUNIT_EXPECT_EQ(test, w.state, XTCP_ESTABLISHED);
}

/* A segment of no or one octet cannot overlap RCV.NXT: the matrix skips it. */
static void xtcp_seq_pos_overlap_test(struct kunit *test)
{
	static const u32 nxts[] = { 1000, 0, 0xffffffff };
	u32 len, n, d;

	for (n = 0; n < ARRAY_SIZE(nxts); n++)
		for (len = 0; len < 2; len++)
			for (d = 0; d < 300; d++) {
				u32 seq = nxts[n] - 150 + d;

				KUNIT_EXPECT_NE_MSG(test,
						    xtcp_seq_pos(seq, len, nxts[n], 100),
						    XTCP_SEQ_OVERLAP,
						    "seq %#x len %u nxt %#x", seq,
						    len, nxts[n]);
			}
}

/*
 * xtcp_ack_pos(): Linux's tcp_ack() order (tcp_input.c:3908-3934): below
 * SND.UNA - MAX.SND.WND is STALE (RFC 5961 5.2), below SND.UNA OLD, above
 * SND.NXT UNSENT, SND.UNA itself DUP; a new ACK is ALL only if it covers
 * everything, sent and unsent (tcp_input.c:6738, 6786, 6793 compare
 * SND.UNA with write_seq).
 */
struct xtcp_ack_case {
	u32 ack, una, nxt, end, max_wnd;
	u8 pos;
};

#define AK(a, u, n, e, m, p)	{ a, u, n, e, m, XTCP_ACK_##p }

static const struct xtcp_ack_case xtcp_ack_cases[] = {
	AK(2000, 1000, 2000, 2000, 5000, ALL),
	AK(1999, 1000, 2000, 2000, 5000, PART),
	AK(1001, 1000, 2000, 2000, 5000, PART),
	AK(1000, 1000, 2000, 2000, 5000, DUP),
	AK(999, 1000, 2000, 2000, 5000, OLD),
	AK((u32)(1000 - 5000), 1000, 2000, 2000, 5000, OLD),
	AK((u32)(1000 - 5001), 1000, 2000, 2000, 5000, STALE),
	AK(2001, 1000, 2000, 2000, 5000, UNSENT),
	AK(1000u + 0x7fffffff, 1000, 2000, 2000, 5000, UNSENT),
	/*
	 * 2^31 past SND.UNA an ACK is before SND.UNA and after SND.NXT at
	 * once; tcp_ack() asks before() first (tcp_input.c:3911).
	 */
	AK(1000u + 0x80000000, 1000, 2000, 2000, 5000, STALE),
	AK(1500u + 0x80000000, 1000, 2000, 2000, 5000, STALE),
	AK(2000u + 0x80000000, 1000, 2000, 2000, 0x7fffffff, OLD),
	/* Data, or our FIN, still waits unsent. */
	AK(2000, 1000, 2000, 2500, 5000, PART),
	AK(2000, 1000, 2000, 2001, 5000, PART),
	/* Nothing in flight. */
	AK(2000, 2000, 2000, 2000, 5000, DUP),
	AK(2001, 2000, 2000, 2000, 5000, UNSENT),
	AK(1999, 2000, 2000, 2000, 5000, OLD),
	AK(999, 1000, 2000, 2000, 0, STALE),
	/* SYN_SENT: SND.UNA = ISS, SND.NXT = ISS + 1. */
	AK(5001, 5000, 5001, 5001, 65535, ALL),
	AK(5000, 5000, 5001, 5001, 65535, DUP),
	AK(5002, 5000, 5001, 5001, 65535, UNSENT),
	/* Across the wrap. */
	AK(0x10, 0xfffffff0, 0x10, 0x10, 0x100, ALL),
	AK(0x00, 0xfffffff0, 0x10, 0x10, 0x100, PART),
	AK(0xfffffff8, 0xfffffff0, 0x10, 0x10, 0x100, PART),
	AK(0xfffffff0, 0xfffffff0, 0x10, 0x10, 0x100, DUP),
	AK(0x11, 0xfffffff0, 0x10, 0x10, 0x100, UNSENT),
	AK(0xffffffef, 0xfffffff0, 0x10, 0x10, 0x100, OLD),
	AK(0xfffffef0, 0xfffffff0, 0x10, 0x10, 0x100, OLD),
	AK(0xfffffeef, 0xfffffff0, 0x10, 0x10, 0x100, STALE),
	AK(0x50, 0x100, 0x200, 0x200, 0x100, OLD),
	AK(0xffffffff, 0x100, 0x200, 0x200, 0x100, STALE),
};

static void xtcp_ack_desc(const struct xtcp_ack_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE,
		 "ack %#x una %#x nxt %#x end %#x max_wnd %u", c->ack, c->una,
		 c->nxt, c->end, c->max_wnd);
}

KUNIT_ARRAY_PARAM(xtcp_ack, xtcp_ack_cases, xtcp_ack_desc);

static void xtcp_ack_pos_test(struct kunit *test)
{
	const struct xtcp_ack_case *c = test->param_value;
	int got = xtcp_ack_pos(c->ack, c->una, c->nxt, c->end, c->max_wnd);

	KUNIT_EXPECT_EQ_MSG(test, got, c->pos, "%s, not %s",
			    got < XTCP_ACK_POSITIONS ? xtcp_ack_names[got] : "?",
			    xtcp_ack_names[c->pos]);
}

/* All 16 combinations of SYN, FIN, RST and ACK, by state.h's ranking. */
static void xtcp_seg_type_test(struct kunit *test)
{
	int bits;

	for (bits = 0; bits < 16; bits++) {
		struct tcphdr th = {
			.syn = !!(bits & 1), .fin = !!(bits & 2),
			.rst = !!(bits & 4), .ack = !!(bits & 8),
		};
		int want;

		if (th.rst)
			want = th.ack ? XTCP_SEG_RSTACK : XTCP_SEG_RST;
		else if (th.syn && th.fin)
			want = th.ack ? XTCP_SEG_SYNFINACK : XTCP_SEG_SYNFIN;
		else if (th.syn)
			want = th.ack ? XTCP_SEG_SYNACK : XTCP_SEG_SYN;
		else if (th.fin)
			want = th.ack ? XTCP_SEG_FINACK : XTCP_SEG_FIN;
		else
			want = th.ack ? XTCP_SEG_ACK : XTCP_SEG_NONE;
		KUNIT_EXPECT_EQ_MSG(test, (int)xtcp_seg_type(&th), want,
				    "syn %d fin %d rst %d ack %d", th.syn,
				    th.fin, th.rst, th.ack);
	}
}

static void xtcp_state_name_test(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xtcp_state_name(XTCP_ESTABLISHED), "ESTABLISHED");
	KUNIT_EXPECT_STREQ(test, xtcp_state_name(XTCP_FIN_WAIT1), "FIN_WAIT_1");
	KUNIT_EXPECT_STREQ(test, xtcp_state_name(XTCP_CLOSING), "CLOSING");
	KUNIT_EXPECT_STREQ(test, xtcp_state_name(XTCP_CLOSE), "CLOSED");
	KUNIT_EXPECT_STREQ(test, xtcp_state_name(99), "UNKNOWN");
}

static struct kunit_case xtcp_state_test_cases[] = {
	KUNIT_CASE(xtcp_state_matrix_complete_test),
	KUNIT_CASE_PARAM(xtcp_state_row_test, xtcp_row_gen_params),
	KUNIT_CASE_PARAM(xtcp_seq_pos_test, xtcp_seq_gen_params),
	KUNIT_CASE(xtcp_seq_pos_overlap_test),
	KUNIT_CASE(xtcp_state_zero_wnd_test),
	KUNIT_CASE(xtcp_state_synrecv_shut_test),
	KUNIT_CASE_PARAM(xtcp_ack_pos_test, xtcp_ack_gen_params),
	KUNIT_CASE(xtcp_seg_type_test),
	KUNIT_CASE(xtcp_state_name_test),
	{}
};

static struct kunit_suite xtcp_state_suite = {
	.name = "xtcp_state",
	.test_cases = xtcp_state_test_cases,
};

kunit_test_suite(xtcp_state_suite);
