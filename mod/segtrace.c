// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp:xtcp_segment_recv: what became of a received segment, told from the
 * verdict of the transition function and its reason, as verdict.c is
 * about to carry it out. Called only while the event is enabled
 * (segtrace.h). xtcp:xtcp_segment_send fires in output.c.
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "trace.h"
#include "xtcp.h"
#include "segtrace.h"
#include "state.h"

/* The actions that take something of the segment. */
#define XTCP_ACT_TAKES	(~(u32)(XTCP_ACT_ACKS | XTCP_ACT_RST | \
				XTCP_ACT_DUPACK | XTCP_ACT_CHALLENGE))

/* The verdict as accepted, challenged, reset or dropped, and why. */
static void xtcp_trace_judge(int state, const struct xtcp_verdict *v,
			     u8 *how, u8 *why)
{
	*why = v->reason;
	if (v->act & XTCP_ACT_CHALLENGE) {
		*how = XTCP_RCV_CHALLENGE;
	} else if (v->act & XTCP_ACT_RST) {
		*how = XTCP_RCV_RESET;
		if (state == XTCP_CLOSE)
			*why = XTCP_WHY_NO_SOCK;
	} else if (v->act & XTCP_ACT_TAKES) {
		*how = XTCP_RCV_ACCEPT;
	} else {
		/* Unacceptable (an ACK may answer it), or bits not taken. */
		*how = XTCP_RCV_DROP;
	}
}

/* The state of what takes the segment, as it arrives. */
static int xtcp_target_state(const struct xtcp_target *t)
{
	switch (t->kind) {
	case XTCP_TARGET_SOCK:
		return t->sk->sk_state;
	case XTCP_TARGET_REQ:
		return XTCP_SYN_RECV;
	case XTCP_TARGET_TW:
		return XTCP_TIME_WAIT;
	case XTCP_TARGET_LISTEN:
		return XTCP_LISTEN;
	default:
		return XTCP_CLOSE;
	}
}

/* @skb's addresses, from the IP or IPv6 header, and @th's ports. */
static void xtcp_trace_tuple(const struct sk_buff *skb,
			     const struct tcphdr *th, struct xtcp_tuple *t)
{
	t->lport = th->dest;
	t->rport = th->source;
	t->v6 = skb->protocol == htons(ETH_P_IPV6);
	if (t->v6) {
		t->laddr6 = ipv6_hdr(skb)->daddr;
		t->raddr6 = ipv6_hdr(skb)->saddr;
	} else {
		t->laddr = ip_hdr(skb)->daddr;
		t->raddr = ip_hdr(skb)->saddr;
	}
}

static void xtcp_trace_rcv(const struct sk_buff *skb, u32 len, int state,
			   u8 how, u8 why)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_tuple t;

	xtcp_trace_tuple(skb, tcp_hdr(skb), &t);
	trace_xtcp_segment_recv(tcp_hdr(skb), &t, false, len, cb->mss,
				cb->wscale_ok ? cb->wscale : -1, state, how,
				why);
}

void __xtcp_trace_recv(const struct xtcp_target *t,
		       const struct sk_buff *skb,
		       const struct xtcp_verdict *v)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	int state = xtcp_target_state(t);
	u8 how, why;

	/* A segment handed on (a third ACK to its child): traced once. */
	if (cb->traced)
		return;
	cb->traced = 1;
	xtcp_trace_judge(state, v, &how, &why);
	xtcp_trace_rcv(skb, skb->len, state, how, why);
}

/*
 * Before the checks, the header may be short or its options bad: only
 * what lies in the skb is read, the options not at all.
 */
void __xtcp_trace_drop(const struct sk_buff *skb, int state, int reason)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct tcphdr none = {};
	struct xtcp_tuple t;
	unsigned int hlen;

	if (reason == XTCP_WHY_HEADER || reason == XTCP_WHY_CSUM) {
		if (skb_headlen(skb) < sizeof(*th))
			th = &none;
		hlen = th->doff * 4;
		xtcp_trace_tuple(skb, th, &t);
		trace_xtcp_segment_recv(th, &t, false,
					skb->len > hlen ? skb->len - hlen : 0,
					0, -1, state, XTCP_RCV_DROP, reason);
		return;
	}
	xtcp_trace_rcv(skb, skb->len, state, XTCP_RCV_DROP, reason);
}
