// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp:xtcp_segment_recv: what became of a received segment, told from the
 * verdict of the transition function. Called only while the event is
 * enabled (segtrace.h). xtcp:xtcp_segment_send fires in output.c.
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/tcp.h>

#include "trace.h"
#include "xtcp.h"
#include "segtrace.h"
#include "state.h"

static bool xtcp_seq_in_window(u8 pos)
{
	return pos == XTCP_SEQ_LEFT || pos == XTCP_SEQ_IN ||
	       pos == XTCP_SEQ_RIGHT || pos == XTCP_SEQ_OVERLAP;
}

/* The actions that take something of the segment. */
#define XTCP_ACT_TAKES	(~(u32)(XTCP_ACT_ACK | XTCP_ACT_RST | \
				XTCP_ACT_CHALLENGE))

/* The verdict as accepted, challenged, reset or dropped, and why. */
static void xtcp_trace_judge(const struct xtcp_event *ev,
			     const struct xtcp_verdict *v, u8 *how, u8 *why)
{
	u8 t = ev->type;
	bool rst = t == XTCP_SEG_RST || t == XTCP_SEG_RSTACK;
	bool syn = t == XTCP_SEG_SYN || t == XTCP_SEG_SYNACK ||
		   t == XTCP_SEG_SYNFIN;
	bool sync = !((1 << ev->state) & (TCPF_CLOSE | TCPF_LISTEN |
					  TCPF_SYN_SENT));

	*why = XTCP_WHY_NONE;
	if (v->act & XTCP_ACT_CHALLENGE) {
		*how = XTCP_RCV_CHALLENGE;
		*why = rst ? XTCP_WHY_RST : syn ? XTCP_WHY_SYN : XTCP_WHY_ACK;
	} else if (v->act & XTCP_ACT_RST) {
		*how = XTCP_RCV_RESET;
		*why = ev->state == XTCP_CLOSE ? XTCP_WHY_NO_SOCK : XTCP_WHY_ACK;
	} else if (v->act & XTCP_ACT_TAKES) {
		*how = XTCP_RCV_ACCEPT;
		/* RFC 9293 3.10.7.4: text past the peer's FIN is not taken. */
		if (ev->data && !(v->act & XTCP_ACT_DATA) &&
		    !((1 << v->state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
					 TCPF_FIN_WAIT2)))
			*why = XTCP_WHY_NO_TEXT;
	} else {
		/* Unacceptable (an ACK answers it), or bits not taken here. */
		*how = XTCP_RCV_DROP;
		if ((sync || ev->state == XTCP_TIME_WAIT) &&
		    !xtcp_seq_in_window(ev->seq))
			*why = XTCP_WHY_SEQ;
		else if (v->act & XTCP_ACT_ACK)
			*why = XTCP_WHY_SEQ;
		else if (ev->state == XTCP_SYN_SENT && rst &&
			 t == XTCP_SEG_RSTACK && ev->ack != XTCP_ACK_ALL)
			*why = XTCP_WHY_ACK;
		else
			*why = XTCP_WHY_FLAGS;
	}
}

static void xtcp_trace_rcv(const struct sk_buff *skb, u32 len, int state,
			   u8 how, u8 why)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	trace_xtcp_segment_recv(tcp_hdr(skb), ip_hdr(skb)->saddr,
				ip_hdr(skb)->daddr, len, cb->mss,
				cb->wscale_ok ? cb->wscale : -1, state, how,
				why);
}

void __xtcp_trace_recv(const struct xtcp_event *ev,
		       const struct sk_buff *skb,
		       const struct xtcp_verdict *v)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	u8 how, why;

	/* A segment handed on (a third ACK to its child): traced once. */
	if (cb->traced)
		return;
	cb->traced = 1;
	xtcp_trace_judge(ev, v, &how, &why);
	xtcp_trace_rcv(skb, skb->len, ev->state, how, why);
}

/*
 * Before the checks, the header may be short or its options bad: only
 * what lies in the skb is read, the options not at all.
 */
void __xtcp_trace_drop(const struct sk_buff *skb, int state, int reason)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct tcphdr none = {};
	unsigned int hlen;

	if (reason == XTCP_WHY_HEADER || reason == XTCP_WHY_CSUM) {
		if (skb_headlen(skb) < sizeof(*th))
			th = &none;
		hlen = th->doff * 4;
		trace_xtcp_segment_recv(th, ip_hdr(skb)->saddr,
					ip_hdr(skb)->daddr,
					skb->len > hlen ? skb->len - hlen : 0,
					0, -1, state, XTCP_RCV_DROP, reason);
		return;
	}
	xtcp_trace_rcv(skb, skb->len, state, XTCP_RCV_DROP, reason);
}
