/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-segment tracepoints, xtcp:xtcp_segment_send and
 * xtcp:xtcp_segment_recv (trace.h): what callers pass them. Disabled, each
 * costs a patched-out branch (a static key), nothing more.
 */
#ifndef _XTCP_SEGTRACE_H
#define _XTCP_SEGTRACE_H

#include <linux/bits.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/string.h>
#include <linux/tracepoint-defs.h>
#include <linux/types.h>

#include "xtcp.h"
#include "state.h"

struct sk_buff;
struct xtcp_target;

/*
 * Sending: the flags of xtcp_send_ctl() and xtcp_xmit() carry, above the
 * TCP flags, whether the segment is a retransmission and the sender's
 * state, for xtcp:xtcp_segment_send (0: no object, as a reset to nothing).
 */
#define XTCP_XMIT_RTX		BIT(8)
#define XTCP_XMIT_STATE(s)	((u32)(s) << 16)
#define XTCP_XMIT_STATE_OF(f)	(((f) >> 16) & 0xff)

/*
 * One end of @t, @local or the peer, as a sockaddr_in or sockaddr_in6 in
 * the sockaddr_in6-sized @to: what the tracepoints print with %pISpc.
 */
static inline void xtcp_trace_addr(u8 *to, const struct xtcp_tuple *t,
				   bool local)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)to;
	struct sockaddr_in *sin = (struct sockaddr_in *)to;

	memset(to, 0, sizeof(*sin6));
	if (t->v6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = local ? t->lport : t->rport;
		sin6->sin6_addr = local ? t->laddr6 : t->raddr6;
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = local ? t->lport : t->rport;
		sin->sin_addr.s_addr = local ? t->laddr : t->raddr;
	}
}

/* What became of a received segment. */
enum xtcp_rcv_verdict {
	XTCP_RCV_ACCEPT,	/* the state machine took it */
	XTCP_RCV_CHALLENGE,	/* answered with a challenge ACK (RFC 5961) */
	XTCP_RCV_RESET,		/* answered with a reset */
	XTCP_RCV_DROP,		/* dropped (an ACK may have answered it) */
};

/*
 * Why, for all but a plain accept: the verdict's reason (enum xtcp_drop,
 * state.h), or a check before the state machine saw the segment.
 */
enum xtcp_rcv_reason {
	XTCP_WHY_NONE = XTCP_DROP_NONE,
	XTCP_WHY_SEQ = XTCP_DROP_SEQ,
	XTCP_WHY_ACK = XTCP_DROP_ACK,
	XTCP_WHY_FLAGS = XTCP_DROP_FLAGS,
	XTCP_WHY_RST = XTCP_DROP_RST,
	XTCP_WHY_SYN = XTCP_DROP_SYN,
	XTCP_WHY_NO_TEXT = XTCP_DROP_NO_TEXT,
	XTCP_WHY_ABORT_DATA = XTCP_DROP_ABORT_DATA,
	XTCP_WHY_NO_SOCK = XTCP_DROP_REASONS,	/* nothing to take it: reset */
	XTCP_WHY_HEADER,	/* too short, bad data offset or options */
	XTCP_WHY_CSUM,		/* bad checksum */
	XTCP_WHY_BACKLOG,	/* the socket's backlog is full */
};

void __xtcp_trace_recv(const struct xtcp_target *t,
		       const struct sk_buff *skb,
		       const struct xtcp_verdict *v);
void __xtcp_trace_drop(const struct sk_buff *skb, int state, int reason);

#ifdef XTCP_NO_SEGTRACE
/* The events compiled out (trace.h): so are the hooks. */
static inline void xtcp_trace_recv(const struct xtcp_target *t,
				   const struct sk_buff *skb,
				   const struct xtcp_verdict *v)
{
}

static inline void xtcp_trace_drop(const struct sk_buff *skb, int state,
				   int reason)
{
}
#else
DECLARE_TRACEPOINT(xtcp_segment_recv);

/* Verdict @v on @skb, about to be carried out on @t (verdict.c). */
static inline void xtcp_trace_recv(const struct xtcp_target *t,
				   const struct sk_buff *skb,
				   const struct xtcp_verdict *v)
{
	if (tracepoint_enabled(xtcp_segment_recv))
		__xtcp_trace_recv(t, skb, v);
}

/* @skb dropped before any verdict: a bad header, a full backlog. */
static inline void xtcp_trace_drop(const struct sk_buff *skb, int state,
				   int reason)
{
	if (tracepoint_enabled(xtcp_segment_recv))
		__xtcp_trace_drop(skb, state, reason);
}
#endif /* XTCP_NO_SEGTRACE */

#endif /* _XTCP_SEGTRACE_H */
