// SPDX-License-Identifier: GPL-2.0
/*
 * The transition function, cell by cell: every state against every segment
 * type (ACK, FIN, FIN+ACK, RST, RST+ACK, SYN, SYN+ACK, SYN+FIN) with the
 * sequence number at the window's left edge, inside it, at its right edge
 * and outside it: the freebsd tcp-testsuite state-event matrix. The expected
 * cells are written from RFC 9293 3.10.7, RFC 5961 and Linux's TIME_WAIT.
 */
#include <kunit/test.h>
#include <linux/tcp.h>

#include <linux/xtcp.h>

#include "state.h"

#define A(x)	XTCP_ACT_##x

struct xtcp_cell {
	u8 next;
	u16 act;
	u8 err;
};

#define V(st, act)		{ st, act, 0 }
#define E(st, act, e)		{ st, act, e }
#define SAME(st, act)		{ [0 ... 3] = V(st, act) }

/* One row: a state and a segment type, then LEFT, IN, RIGHT, BEYOND. */
struct xtcp_row {
	u8 state, type, ack;
	struct xtcp_cell cell[4];
};

#define ROW(st, ty, ak, ...) { st, XTCP_SEG_##ty, XTCP_ACK_##ak, __VA_ARGS__ }

#define RST_EST		E(XTCP_CLOSE, A(RESET), ECONNRESET)
#define CH		A(CHALLENGE)

static const struct xtcp_row xtcp_rows[] = {
	/* CLOSED: everything but a reset is answered with a reset. */
	ROW(XTCP_CLOSE, ACK, ALL, SAME(XTCP_CLOSE, A(RST))),
	ROW(XTCP_CLOSE, FIN, ALL, SAME(XTCP_CLOSE, A(RST))),
	ROW(XTCP_CLOSE, FINACK, ALL, SAME(XTCP_CLOSE, A(RST))),
	ROW(XTCP_CLOSE, RST, ALL, SAME(XTCP_CLOSE, 0)),
	ROW(XTCP_CLOSE, RSTACK, ALL, SAME(XTCP_CLOSE, 0)),
	ROW(XTCP_CLOSE, SYN, ALL, SAME(XTCP_CLOSE, A(RST))),
	ROW(XTCP_CLOSE, SYNACK, ALL, SAME(XTCP_CLOSE, A(RST))),
	ROW(XTCP_CLOSE, SYNFIN, ALL, SAME(XTCP_CLOSE, A(RST))),

	/* LISTEN: a SYN makes a request; an ACK draws a reset. */
	ROW(XTCP_LISTEN, ACK, ALL, SAME(XTCP_LISTEN, A(RST))),
	ROW(XTCP_LISTEN, FIN, ALL, SAME(XTCP_LISTEN, 0)),
	ROW(XTCP_LISTEN, FINACK, ALL, SAME(XTCP_LISTEN, A(RST))),
	ROW(XTCP_LISTEN, RST, ALL, SAME(XTCP_LISTEN, 0)),
	ROW(XTCP_LISTEN, RSTACK, ALL, SAME(XTCP_LISTEN, 0)),
	ROW(XTCP_LISTEN, SYN, ALL, SAME(XTCP_LISTEN, A(REQ))),
	ROW(XTCP_LISTEN, SYNACK, ALL, SAME(XTCP_LISTEN, A(RST))),
	ROW(XTCP_LISTEN, SYNFIN, ALL, SAME(XTCP_LISTEN, 0)),

	/* SYN_SENT, with an ACK of our SYN. */
	ROW(XTCP_SYN_SENT, ACK, ALL, SAME(XTCP_SYN_SENT, 0)),
	ROW(XTCP_SYN_SENT, FIN, ALL, SAME(XTCP_SYN_SENT, 0)),
	ROW(XTCP_SYN_SENT, FINACK, ALL, SAME(XTCP_SYN_SENT, 0)),
	ROW(XTCP_SYN_SENT, RST, ALL, SAME(XTCP_SYN_SENT, 0)),
	ROW(XTCP_SYN_SENT, RSTACK, ALL, { E(XTCP_CLOSE, A(RESET), ECONNREFUSED),
	    E(XTCP_CLOSE, A(RESET), ECONNREFUSED),
	    E(XTCP_CLOSE, A(RESET), ECONNREFUSED),
	    E(XTCP_CLOSE, A(RESET), ECONNREFUSED) }),
	ROW(XTCP_SYN_SENT, SYN, ALL, SAME(XTCP_SYN_RECV, A(SYN_RCVD) | A(SYNACK))),
	ROW(XTCP_SYN_SENT, SYNACK, ALL, SAME(XTCP_ESTABLISHED, A(ESTAB) | A(ACK))),
	ROW(XTCP_SYN_SENT, SYNFIN, ALL, SAME(XTCP_SYN_SENT, 0)),
	/* ...and with an ACK of something else. */
	ROW(XTCP_SYN_SENT, ACK, OLD, SAME(XTCP_SYN_SENT, A(RST))),
	ROW(XTCP_SYN_SENT, ACK, BAD, SAME(XTCP_SYN_SENT, A(RST))),
	ROW(XTCP_SYN_SENT, RSTACK, BAD, SAME(XTCP_SYN_SENT, 0)),
	ROW(XTCP_SYN_SENT, SYNACK, OLD, SAME(XTCP_SYN_SENT, A(RST))),

	/* SYN_RECV, a request from LISTEN, with the ACK of our SYN+ACK. */
	ROW(XTCP_SYN_RECV, ACK, ALL, { V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA)),
	    V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA)),
	    V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA)),
	    V(XTCP_SYN_RECV, A(ACK)) }),
	ROW(XTCP_SYN_RECV, FIN, ALL, { V(XTCP_SYN_RECV, 0), V(XTCP_SYN_RECV, 0),
	    V(XTCP_SYN_RECV, 0), V(XTCP_SYN_RECV, A(ACK)) }),
	ROW(XTCP_SYN_RECV, FINACK, ALL,
	    { V(XTCP_CLOSE_WAIT, A(ESTAB) | A(UNA) | A(FIN) | A(ACK)),
	    V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA) | A(ACK)),
	    V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA) | A(ACK)),
	    V(XTCP_SYN_RECV, A(ACK)) }),
	ROW(XTCP_SYN_RECV, RST, ALL, { V(XTCP_CLOSE, A(DONE)), V(XTCP_SYN_RECV, CH),
	    V(XTCP_SYN_RECV, CH), V(XTCP_SYN_RECV, 0) }),
	ROW(XTCP_SYN_RECV, RSTACK, ALL, { V(XTCP_CLOSE, A(DONE)), V(XTCP_SYN_RECV, CH),
	    V(XTCP_SYN_RECV, CH), V(XTCP_SYN_RECV, 0) }),
	ROW(XTCP_SYN_RECV, SYN, ALL, SAME(XTCP_SYN_RECV, CH)),
	ROW(XTCP_SYN_RECV, SYNACK, ALL, SAME(XTCP_SYN_RECV, CH)),
	ROW(XTCP_SYN_RECV, SYNFIN, ALL, SAME(XTCP_SYN_RECV, CH)),
	ROW(XTCP_SYN_RECV, ACK, BAD, { V(XTCP_SYN_RECV, A(RST)), V(XTCP_SYN_RECV, A(RST)),
	    V(XTCP_SYN_RECV, A(RST)), V(XTCP_SYN_RECV, A(ACK)) }),
	ROW(XTCP_SYN_RECV, ACK, OLD, { V(XTCP_SYN_RECV, A(RST)), V(XTCP_SYN_RECV, A(RST)),
	    V(XTCP_SYN_RECV, A(RST)), V(XTCP_SYN_RECV, A(ACK)) }),

	/* ESTABLISHED. */
	ROW(XTCP_ESTABLISHED, ACK, ALL, { V(XTCP_ESTABLISHED, A(UNA)), V(XTCP_ESTABLISHED, A(UNA)),
	    V(XTCP_ESTABLISHED, A(UNA)),
	    V(XTCP_ESTABLISHED, A(ACK)) }),
	ROW(XTCP_ESTABLISHED, FIN, ALL, { V(XTCP_ESTABLISHED, 0), V(XTCP_ESTABLISHED, 0),
	    V(XTCP_ESTABLISHED, 0), V(XTCP_ESTABLISHED, A(ACK)) }),
	ROW(XTCP_ESTABLISHED, FINACK, ALL,
	    { V(XTCP_CLOSE_WAIT, A(UNA) | A(FIN) | A(ACK)),
	    V(XTCP_ESTABLISHED, A(UNA) | A(ACK)), V(XTCP_ESTABLISHED, A(UNA) | A(ACK)),
	    V(XTCP_ESTABLISHED, A(ACK)) }),
	ROW(XTCP_ESTABLISHED, RST, ALL, { RST_EST, V(XTCP_ESTABLISHED, CH),
	    V(XTCP_ESTABLISHED, CH), V(XTCP_ESTABLISHED, 0) }),
	ROW(XTCP_ESTABLISHED, RSTACK, ALL, { RST_EST, V(XTCP_ESTABLISHED, CH),
	    V(XTCP_ESTABLISHED, CH), V(XTCP_ESTABLISHED, 0) }),
	ROW(XTCP_ESTABLISHED, SYN, ALL, SAME(XTCP_ESTABLISHED, CH)),
	ROW(XTCP_ESTABLISHED, SYNACK, ALL, SAME(XTCP_ESTABLISHED, CH)),
	ROW(XTCP_ESTABLISHED, SYNFIN, ALL, SAME(XTCP_ESTABLISHED, CH)),
	ROW(XTCP_ESTABLISHED, ACK, BAD, { V(XTCP_ESTABLISHED, CH), V(XTCP_ESTABLISHED, CH),
	    V(XTCP_ESTABLISHED, CH), V(XTCP_ESTABLISHED, A(ACK)) }),

	/* FIN_WAIT_1, the ACK acking our FIN. */
	ROW(XTCP_FIN_WAIT1, ACK, ALL, { V(XTCP_FIN_WAIT2, A(UNA)), V(XTCP_FIN_WAIT2, A(UNA)),
	    V(XTCP_FIN_WAIT2, A(UNA)), V(XTCP_FIN_WAIT1, A(ACK)) }),
	ROW(XTCP_FIN_WAIT1, FIN, ALL, { V(XTCP_FIN_WAIT1, 0), V(XTCP_FIN_WAIT1, 0),
	    V(XTCP_FIN_WAIT1, 0), V(XTCP_FIN_WAIT1, A(ACK)) }),
	ROW(XTCP_FIN_WAIT1, FINACK, ALL,
	    { V(XTCP_TIME_WAIT, A(UNA) | A(FIN) | A(ACK) | A(TW)),
	    V(XTCP_FIN_WAIT2, A(UNA) | A(ACK)), V(XTCP_FIN_WAIT2, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(ACK)) }),
	ROW(XTCP_FIN_WAIT1, RST, ALL, { RST_EST, V(XTCP_FIN_WAIT1, CH), V(XTCP_FIN_WAIT1, CH),
	    V(XTCP_FIN_WAIT1, 0) }),
	ROW(XTCP_FIN_WAIT1, RSTACK, ALL, { RST_EST, V(XTCP_FIN_WAIT1, CH),
	    V(XTCP_FIN_WAIT1, CH), V(XTCP_FIN_WAIT1, 0) }),
	ROW(XTCP_FIN_WAIT1, SYN, ALL, SAME(XTCP_FIN_WAIT1, CH)),
	ROW(XTCP_FIN_WAIT1, SYNACK, ALL, SAME(XTCP_FIN_WAIT1, CH)),
	ROW(XTCP_FIN_WAIT1, SYNFIN, ALL, SAME(XTCP_FIN_WAIT1, CH)),
	/* Simultaneous close: the FIN arrives before the ACK of ours. */
	ROW(XTCP_FIN_WAIT1, FINACK, PART, { V(XTCP_CLOSING, A(UNA) | A(FIN) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(ACK)) }),
	ROW(XTCP_FIN_WAIT1, FINACK, OLD, { V(XTCP_CLOSING, A(UNA) | A(FIN) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT1, A(ACK)) }),

	/* FIN_WAIT_2: all acked; waiting for the peer's FIN. */
	ROW(XTCP_FIN_WAIT2, ACK, OLD, { V(XTCP_FIN_WAIT2, A(UNA)), V(XTCP_FIN_WAIT2, A(UNA)),
	    V(XTCP_FIN_WAIT2, A(UNA)), V(XTCP_FIN_WAIT2, A(ACK)) }),
	ROW(XTCP_FIN_WAIT2, FIN, OLD, { V(XTCP_FIN_WAIT2, 0), V(XTCP_FIN_WAIT2, 0),
	    V(XTCP_FIN_WAIT2, 0), V(XTCP_FIN_WAIT2, A(ACK)) }),
	ROW(XTCP_FIN_WAIT2, FINACK, OLD,
	    { V(XTCP_TIME_WAIT, A(UNA) | A(FIN) | A(ACK) | A(TW)),
	    V(XTCP_FIN_WAIT2, A(UNA) | A(ACK)), V(XTCP_FIN_WAIT2, A(UNA) | A(ACK)),
	    V(XTCP_FIN_WAIT2, A(ACK)) }),
	ROW(XTCP_FIN_WAIT2, RST, OLD, { RST_EST, V(XTCP_FIN_WAIT2, CH), V(XTCP_FIN_WAIT2, CH),
	    V(XTCP_FIN_WAIT2, 0) }),
	ROW(XTCP_FIN_WAIT2, RSTACK, OLD, { RST_EST, V(XTCP_FIN_WAIT2, CH),
	    V(XTCP_FIN_WAIT2, CH), V(XTCP_FIN_WAIT2, 0) }),
	ROW(XTCP_FIN_WAIT2, SYN, OLD, SAME(XTCP_FIN_WAIT2, CH)),
	ROW(XTCP_FIN_WAIT2, SYNACK, OLD, SAME(XTCP_FIN_WAIT2, CH)),
	ROW(XTCP_FIN_WAIT2, SYNFIN, OLD, SAME(XTCP_FIN_WAIT2, CH)),

	/* CLOSE_WAIT: the peer's FIN is in; a later FIN changes nothing. */
	ROW(XTCP_CLOSE_WAIT, ACK, ALL, { V(XTCP_CLOSE_WAIT, A(UNA)), V(XTCP_CLOSE_WAIT, A(UNA)),
	    V(XTCP_CLOSE_WAIT, A(UNA)), V(XTCP_CLOSE_WAIT, A(ACK)) }),
	ROW(XTCP_CLOSE_WAIT, FIN, ALL, { V(XTCP_CLOSE_WAIT, 0), V(XTCP_CLOSE_WAIT, 0),
	    V(XTCP_CLOSE_WAIT, 0), V(XTCP_CLOSE_WAIT, A(ACK)) }),
	ROW(XTCP_CLOSE_WAIT, FINACK, ALL, { V(XTCP_CLOSE_WAIT, A(UNA)),
	    V(XTCP_CLOSE_WAIT, A(UNA) | A(ACK)),
	    V(XTCP_CLOSE_WAIT, A(UNA) | A(ACK)),
	    V(XTCP_CLOSE_WAIT, A(ACK)) }),
	ROW(XTCP_CLOSE_WAIT, RST, ALL, { E(XTCP_CLOSE, A(RESET), EPIPE), V(XTCP_CLOSE_WAIT, CH),
	    V(XTCP_CLOSE_WAIT, CH), V(XTCP_CLOSE_WAIT, 0) }),
	ROW(XTCP_CLOSE_WAIT, RSTACK, ALL, { E(XTCP_CLOSE, A(RESET), EPIPE),
	    V(XTCP_CLOSE_WAIT, CH), V(XTCP_CLOSE_WAIT, CH),
	    V(XTCP_CLOSE_WAIT, 0) }),
	ROW(XTCP_CLOSE_WAIT, SYN, ALL, SAME(XTCP_CLOSE_WAIT, CH)),
	ROW(XTCP_CLOSE_WAIT, SYNACK, ALL, SAME(XTCP_CLOSE_WAIT, CH)),
	ROW(XTCP_CLOSE_WAIT, SYNFIN, ALL, SAME(XTCP_CLOSE_WAIT, CH)),

	/* CLOSING: the ACK of our FIN ends in TIME_WAIT. */
	ROW(XTCP_CLOSING, ACK, ALL, { V(XTCP_TIME_WAIT, A(UNA) | A(TW)),
	    V(XTCP_TIME_WAIT, A(UNA) | A(TW)),
	    V(XTCP_TIME_WAIT, A(UNA) | A(TW)), V(XTCP_CLOSING, A(ACK)) }),
	ROW(XTCP_CLOSING, FIN, ALL, { V(XTCP_CLOSING, 0), V(XTCP_CLOSING, 0), V(XTCP_CLOSING, 0),
	    V(XTCP_CLOSING, A(ACK)) }),
	ROW(XTCP_CLOSING, FINACK, ALL, { V(XTCP_TIME_WAIT, A(UNA) | A(TW)),
	    V(XTCP_TIME_WAIT, A(UNA) | A(TW)),
	    V(XTCP_TIME_WAIT, A(UNA) | A(TW)),
	    V(XTCP_CLOSING, A(ACK)) }),
	ROW(XTCP_CLOSING, RST, ALL, { RST_EST, V(XTCP_CLOSING, CH), V(XTCP_CLOSING, CH),
	    V(XTCP_CLOSING, 0) }),
	ROW(XTCP_CLOSING, RSTACK, ALL, { RST_EST, V(XTCP_CLOSING, CH), V(XTCP_CLOSING, CH),
	    V(XTCP_CLOSING, 0) }),
	ROW(XTCP_CLOSING, SYN, ALL, SAME(XTCP_CLOSING, CH)),
	ROW(XTCP_CLOSING, SYNACK, ALL, SAME(XTCP_CLOSING, CH)),
	ROW(XTCP_CLOSING, SYNFIN, ALL, SAME(XTCP_CLOSING, CH)),
	ROW(XTCP_CLOSING, ACK, OLD, { V(XTCP_CLOSING, A(UNA)), V(XTCP_CLOSING, A(UNA)),
	    V(XTCP_CLOSING, A(UNA)), V(XTCP_CLOSING, A(ACK)) }),
	ROW(XTCP_CLOSING, ACK, PART, { V(XTCP_CLOSING, A(UNA)), V(XTCP_CLOSING, A(UNA)),
	    V(XTCP_CLOSING, A(UNA)), V(XTCP_CLOSING, A(ACK)) }),

	/* LAST_ACK: the ACK of our FIN closes. */
	ROW(XTCP_LAST_ACK, ACK, ALL, { V(XTCP_CLOSE, A(UNA) | A(DONE)),
	    V(XTCP_CLOSE, A(UNA) | A(DONE)),
	    V(XTCP_CLOSE, A(UNA) | A(DONE)), V(XTCP_LAST_ACK, A(ACK)) }),
	ROW(XTCP_LAST_ACK, FIN, ALL, { V(XTCP_LAST_ACK, 0), V(XTCP_LAST_ACK, 0),
	    V(XTCP_LAST_ACK, 0), V(XTCP_LAST_ACK, A(ACK)) }),
	ROW(XTCP_LAST_ACK, FINACK, ALL, { V(XTCP_CLOSE, A(UNA) | A(DONE)),
	    V(XTCP_CLOSE, A(UNA) | A(DONE)),
	    V(XTCP_CLOSE, A(UNA) | A(DONE)),
	    V(XTCP_LAST_ACK, A(ACK)) }),
	ROW(XTCP_LAST_ACK, RST, ALL, { RST_EST, V(XTCP_LAST_ACK, CH), V(XTCP_LAST_ACK, CH),
	    V(XTCP_LAST_ACK, 0) }),
	ROW(XTCP_LAST_ACK, RSTACK, ALL, { RST_EST, V(XTCP_LAST_ACK, CH), V(XTCP_LAST_ACK, CH),
	    V(XTCP_LAST_ACK, 0) }),
	ROW(XTCP_LAST_ACK, SYN, ALL, SAME(XTCP_LAST_ACK, CH)),
	ROW(XTCP_LAST_ACK, SYNACK, ALL, SAME(XTCP_LAST_ACK, CH)),
	ROW(XTCP_LAST_ACK, SYNFIN, ALL, SAME(XTCP_LAST_ACK, CH)),
	ROW(XTCP_LAST_ACK, ACK, OLD, { V(XTCP_LAST_ACK, A(UNA)), V(XTCP_LAST_ACK, A(UNA)),
	    V(XTCP_LAST_ACK, A(UNA)), V(XTCP_LAST_ACK, A(ACK)) }),
	ROW(XTCP_LAST_ACK, ACK, PART, { V(XTCP_LAST_ACK, A(UNA)), V(XTCP_LAST_ACK, A(UNA)),
	    V(XTCP_LAST_ACK, A(UNA)), V(XTCP_LAST_ACK, A(ACK)) }),

	/* TIME_WAIT: in-window RST kills; a SYN past RCV.NXT reopens. */
	ROW(XTCP_TIME_WAIT, ACK, OLD, { V(XTCP_TIME_WAIT, A(TW)), V(XTCP_TIME_WAIT, A(TW)),
	    V(XTCP_TIME_WAIT, A(TW)), V(XTCP_TIME_WAIT, A(ACK)) }),
	ROW(XTCP_TIME_WAIT, FIN, OLD, SAME(XTCP_TIME_WAIT, A(ACK))),
	ROW(XTCP_TIME_WAIT, FINACK, OLD, SAME(XTCP_TIME_WAIT, A(ACK))),
	ROW(XTCP_TIME_WAIT, RST, OLD, { V(XTCP_CLOSE, A(DONE)), V(XTCP_CLOSE, A(DONE)),
	    V(XTCP_CLOSE, A(DONE)), V(XTCP_TIME_WAIT, 0) }),
	ROW(XTCP_TIME_WAIT, RSTACK, OLD, { V(XTCP_CLOSE, A(DONE)), V(XTCP_CLOSE, A(DONE)),
	    V(XTCP_CLOSE, A(DONE)), V(XTCP_TIME_WAIT, 0) }),
	ROW(XTCP_TIME_WAIT, SYN, OLD, { V(XTCP_TIME_WAIT, A(ACK)), V(XTCP_TIME_WAIT, A(REOPEN)),
	    V(XTCP_TIME_WAIT, A(REOPEN)),
	    V(XTCP_TIME_WAIT, A(REOPEN)) }),
	ROW(XTCP_TIME_WAIT, SYNACK, OLD, SAME(XTCP_TIME_WAIT, A(ACK))),
	ROW(XTCP_TIME_WAIT, SYNFIN, OLD, SAME(XTCP_TIME_WAIT, A(ACK))),
};

static const u8 xtcp_positions[4] = {
	XTCP_SEQ_LEFT, XTCP_SEQ_IN, XTCP_SEQ_RIGHT, XTCP_SEQ_BEYOND,
};

static const char *const xtcp_pos_names[] = {
	"left", "in", "right", "beyond", "old", "dup", "overlap",
};

static const char *const xtcp_type_names[] = {
	"NONE", "ACK", "FIN", "FIN+ACK", "RST", "RST+ACK", "SYN", "SYN+ACK",
	"SYN+FIN",
};

static const char *const xtcp_ack_names[] = { "all", "part", "old", "bad" };

static void xtcp_row_desc(const struct xtcp_row *r, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s ack=%s",
		 xtcp_state_name(r->state), xtcp_type_names[r->type],
		 xtcp_ack_names[r->ack]);
}

KUNIT_ARRAY_PARAM(xtcp_row, xtcp_rows, xtcp_row_desc);

static void xtcp_check(struct kunit *test, const struct xtcp_event *ev,
		       const struct xtcp_cell *want)
{
	struct xtcp_verdict v = xtcp_state_segment(ev);

	KUNIT_EXPECT_EQ_MSG(test, v.state, want->next, "%s %s at %s: state",
			    xtcp_state_name(ev->state),
			    xtcp_type_names[ev->type], xtcp_pos_names[ev->seq]);
	KUNIT_EXPECT_EQ_MSG(test, v.act, want->act, "%s %s at %s: actions",
			    xtcp_state_name(ev->state),
			    xtcp_type_names[ev->type], xtcp_pos_names[ev->seq]);
	KUNIT_EXPECT_EQ_MSG(test, v.err, want->err, "%s %s at %s: errno",
			    xtcp_state_name(ev->state),
			    xtcp_type_names[ev->type], xtcp_pos_names[ev->seq]);
}

static void xtcp_state_matrix_test(struct kunit *test)
{
	const struct xtcp_row *r = test->param_value;
	int i;

	for (i = 0; i < 4; i++) {
		struct xtcp_event ev = {
			.state = r->state,
			.type = r->type,
			.seq = xtcp_positions[i],
			.ack = r->ack,
			.passive = true,
		};

		xtcp_check(test, &ev, &r->cell[i]);
	}
}

/* Every state and type appear in the matrix at least once. */
static void xtcp_state_matrix_complete_test(struct kunit *test)
{
	static const u8 states[] = {
		XTCP_CLOSE, XTCP_LISTEN, XTCP_SYN_SENT, XTCP_SYN_RECV, XTCP_ESTABLISHED,
		XTCP_FIN_WAIT1, XTCP_FIN_WAIT2, XTCP_CLOSE_WAIT, XTCP_CLOSING,
		XTCP_LAST_ACK, XTCP_TIME_WAIT,
	};
	int s, t, i;

	for (s = 0; s < ARRAY_SIZE(states); s++)
		for (t = XTCP_SEG_ACK; t < XTCP_SEG_TYPES; t++) {
			bool found = false;

			for (i = 0; i < ARRAY_SIZE(xtcp_rows); i++)
				if (xtcp_rows[i].state == states[s] &&
				    xtcp_rows[i].type == t)
					found = true;
			KUNIT_EXPECT_TRUE_MSG(test, found, "no row for %s %s",
					      xtcp_state_name(states[s]),
					      xtcp_type_names[t]);
		}
}

/* Cells that depend on more than the matrix's four inputs. */
static void xtcp_state_special_test(struct kunit *test)
{
	static const struct xtcp_cell refused = E(XTCP_CLOSE, A(RESET), ECONNREFUSED);
	static const struct xtcp_cell synack = V(XTCP_SYN_RECV, A(SYNACK));
	static const struct xtcp_cell challenge = V(XTCP_SYN_RECV, CH);
	static const struct xtcp_cell simopen =
		V(XTCP_ESTABLISHED, A(ESTAB) | A(UNA));
	static const struct xtcp_cell tw_fin = V(XTCP_TIME_WAIT, A(ACK) | A(TW));
	static const struct xtcp_cell tw_stay = V(XTCP_TIME_WAIT, 0);
	static const struct xtcp_cell est_data =
		V(XTCP_ESTABLISHED, A(UNA) | A(DATA) | A(ACK));
	static const struct xtcp_cell est_ooo = V(XTCP_ESTABLISHED, A(UNA) | A(ACK));
	static const struct xtcp_cell cw_dup = V(XTCP_CLOSE_WAIT, A(ACK));
	static const struct xtcp_cell fw2_data =
		V(XTCP_FIN_WAIT2, A(UNA) | A(DATA) | A(ACK));
	static const struct xtcp_cell est_fin_trim =
		V(XTCP_CLOSE_WAIT, A(UNA) | A(DATA) | A(FIN) | A(ACK));
	struct xtcp_event ev = { .ack = XTCP_ACK_ALL };

	/* Simultaneous open: an exact RST in SYN_RECV refuses. */
	ev.state = XTCP_SYN_RECV;
	ev.type = XTCP_SEG_RST;
	ev.seq = XTCP_SEQ_LEFT;
	xtcp_check(test, &ev, &refused);
	/* ...and the peer's SYN+ACK, acking our SYN, establishes (Linux). */
	ev.type = XTCP_SEG_SYNACK;
	ev.seq = XTCP_SEQ_DUP;
	xtcp_check(test, &ev, &simopen);
	/* One that does not ack our SYN draws a challenge ACK. */
	ev.ack = XTCP_ACK_OLD;
	xtcp_check(test, &ev, &challenge);
	ev.ack = XTCP_ACK_ALL;
	/* A request that sees its SYN again sends SYN+ACK again. */
	ev.passive = true;
	ev.type = XTCP_SEG_SYN;
	xtcp_check(test, &ev, &synack);

	/* TIME_WAIT: the FIN again is ACKed and restarts the timer (S6). */
	ev.state = XTCP_TIME_WAIT;
	ev.type = XTCP_SEG_FINACK;
	ev.ack = XTCP_ACK_OLD;
	ev.seq = XTCP_SEQ_DUP;
	xtcp_check(test, &ev, &tw_fin);
	/* rfc1337: an in-window RST does not kill TIME_WAIT. */
	ev.type = XTCP_SEG_RST;
	ev.seq = XTCP_SEQ_IN;
	ev.rfc1337 = true;
	xtcp_check(test, &ev, &tw_stay);
	ev.rfc1337 = false;

	/* Text: taken in order, a duplicate ACK out of order. */
	ev.state = XTCP_ESTABLISHED;
	ev.type = XTCP_SEG_ACK;
	ev.ack = XTCP_ACK_PART;
	ev.data = true;
	ev.seq = XTCP_SEQ_LEFT;
	xtcp_check(test, &ev, &est_data);
	ev.seq = XTCP_SEQ_OVERLAP;
	xtcp_check(test, &ev, &est_data);
	ev.seq = XTCP_SEQ_IN;
	xtcp_check(test, &ev, &est_ooo);
	/* Data with FIN, partly old: trimmed, taken, and the FIN too. */
	ev.type = XTCP_SEG_FINACK;
	ev.seq = XTCP_SEQ_OVERLAP;
	xtcp_check(test, &ev, &est_fin_trim);
	/* Half-close: FIN_WAIT_2 still takes data (S3). */
	ev.state = XTCP_FIN_WAIT2;
	ev.type = XTCP_SEG_ACK;
	ev.ack = XTCP_ACK_OLD;
	ev.seq = XTCP_SEQ_LEFT;
	xtcp_check(test, &ev, &fw2_data);
	/* A retransmitted FIN in CLOSE_WAIT is ACKed, not taken again. */
	ev.state = XTCP_CLOSE_WAIT;
	ev.type = XTCP_SEG_FINACK;
	ev.data = false;
	ev.seq = XTCP_SEQ_DUP;
	xtcp_check(test, &ev, &cw_dup);
}

struct xtcp_pos_case {
	u32 seq, len, nxt, wnd;
	u8 want;
};

static const struct xtcp_pos_case xtcp_pos_cases[] = {
	{ 1000, 0, 1000, 100, XTCP_SEQ_LEFT },
	{ 1050, 0, 1000, 100, XTCP_SEQ_IN },
	{ 1099, 0, 1000, 100, XTCP_SEQ_RIGHT },
	{ 1100, 0, 1000, 100, XTCP_SEQ_BEYOND },
	{ 999, 0, 1000, 100, XTCP_SEQ_OLD },
	{ 999, 1, 1000, 100, XTCP_SEQ_DUP },	/* a FIN again */
	{ 990, 20, 1000, 100, XTCP_SEQ_OVERLAP },
	{ 900, 50, 1000, 100, XTCP_SEQ_OLD },
	{ 1000, 0, 1000, 0, XTCP_SEQ_LEFT },	/* zero window: probe ok */
	{ 1000, 1, 1000, 0, XTCP_SEQ_BEYOND },	/* zero window: no text */
	{ 0xfffffff0, 0, 0xfffffff0, 0x20, XTCP_SEQ_LEFT },
	{ 0x5, 0, 0xfffffff0, 0x20, XTCP_SEQ_IN },	/* across the wrap */
	{ 0xf, 0, 0xfffffff0, 0x20, XTCP_SEQ_RIGHT },
	{ 0x10, 0, 0xfffffff0, 0x20, XTCP_SEQ_BEYOND },
	{ 0xffffffef, 1, 0xfffffff0, 0x20, XTCP_SEQ_DUP },
};

static void xtcp_pos_desc(const struct xtcp_pos_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seq %#x len %u nxt %#x wnd %u",
		 c->seq, c->len, c->nxt, c->wnd);
}

KUNIT_ARRAY_PARAM(xtcp_pos, xtcp_pos_cases, xtcp_pos_desc);

static void xtcp_seq_pos_test(struct kunit *test)
{
	const struct xtcp_pos_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_seq_pos(c->seq, c->len, c->nxt, c->wnd),
			c->want);
}

static void xtcp_ack_pos_test(struct kunit *test)
{
	/* SND.UNA 100, SND.NXT 200, largest window seen 1000. */
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(200, 100, 200, 1000), XTCP_ACK_ALL);
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(150, 100, 200, 1000), XTCP_ACK_PART);
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(100, 100, 200, 1000), XTCP_ACK_OLD);
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(50, 100, 200, 1000), XTCP_ACK_OLD);
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(201, 100, 200, 1000), XTCP_ACK_BAD);
	/* Older than SND.UNA - MAX.SND.WND: RFC 5961 5.2. */
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(100 - 1001, 100, 200, 1000),
			XTCP_ACK_BAD);
	/* SYN_SENT: SND.UNA = ISS, SND.NXT = ISS + 1. */
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(0, 0xffffffff, 0, 0), XTCP_ACK_ALL);
	KUNIT_EXPECT_EQ(test, xtcp_ack_pos(0xffffffff, 0xffffffff, 0, 0),
			XTCP_ACK_OLD);
}

static void xtcp_seg_type_test(struct kunit *test)
{
	struct tcphdr th = {};

	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_NONE);
	th.ack = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_ACK);
	th.fin = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_FINACK);
	th.syn = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_SYNFIN);
	th.rst = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_RSTACK);
	th.ack = 0;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_RST);
	th.rst = 0;
	th.fin = 0;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_SYN);
	th.ack = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_SYNACK);
	th.syn = 0;
	th.ack = 0;
	th.fin = 1;
	KUNIT_EXPECT_EQ(test, xtcp_seg_type(&th), XTCP_SEG_FIN);
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
	KUNIT_CASE_PARAM(xtcp_state_matrix_test, xtcp_row_gen_params),
	KUNIT_CASE(xtcp_state_matrix_complete_test),
	KUNIT_CASE(xtcp_state_special_test),
	KUNIT_CASE_PARAM(xtcp_seq_pos_test, xtcp_pos_gen_params),
	KUNIT_CASE(xtcp_ack_pos_test),
	KUNIT_CASE(xtcp_seg_type_test),
	KUNIT_CASE(xtcp_state_name_test),
	{}
};

static struct kunit_suite xtcp_state_suite = {
	.name = "xtcp_state",
	.test_cases = xtcp_state_test_cases,
};

kunit_test_suite(xtcp_state_suite);
