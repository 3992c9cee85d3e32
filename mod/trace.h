/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints: xtcp:xtcp_set_state fires on every state change,
 * xtcp:xtcp_segment_send on every segment sent and xtcp:xtcp_segment_recv
 * on every segment received, with its verdict (segtrace.h).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xtcp

#if !defined(_XTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XTCP_TRACE_H

#include <linux/tracepoint.h>

#include <net/tcp.h>
#include <linux/xtcp.h>

#include "xtcp.h"
#include "segtrace.h"
#include "state.h"

#define XTCP_STATE_NAME_LEN	12	/* "ESTABLISHED" and its NUL */

/* The names are copied in, so that every trace reader can print them. */
TRACE_EVENT(xtcp_set_state,
	    TP_PROTO(const void *obj, int oldstate, int newstate,
		     const struct xtcp_tuple *t),
	    TP_ARGS(obj, oldstate, newstate, t),
	    TP_STRUCT__entry(__field(const void *, obj)
			     __field(int, oldstate)
			     __field(int, newstate)
			     __array(char, oldname, XTCP_STATE_NAME_LEN)
			     __array(char, newname, XTCP_STATE_NAME_LEN)
			     __array(__u8, saddr, sizeof(struct sockaddr_in6))
			     __array(__u8, daddr, sizeof(struct sockaddr_in6))
			     __field(__u16, sport)
			     __field(__u16, dport)),
	    TP_fast_assign(__entry->obj = obj;
			   __entry->oldstate = oldstate;
			   __entry->newstate = newstate;
			   strscpy(__entry->oldname, xtcp_state_name(oldstate),
				   XTCP_STATE_NAME_LEN);
			   strscpy(__entry->newname, xtcp_state_name(newstate),
				   XTCP_STATE_NAME_LEN);
			   xtcp_trace_addr(__entry->saddr, t, true);
			   xtcp_trace_addr(__entry->daddr, t, false);
			   __entry->sport = ntohs(t->lport);
			   __entry->dport = ntohs(t->rport)),
	    TP_printk("obj=%p %pISpc -> %pISpc %s -> %s", __entry->obj,
		      __entry->saddr, __entry->daddr, __entry->oldname,
		      __entry->newname)
);

/* The enum values, for readers that parse the format (perf, trace-cmd). */
TRACE_DEFINE_ENUM(XTCP_ESTABLISHED);
TRACE_DEFINE_ENUM(XTCP_SYN_SENT);
TRACE_DEFINE_ENUM(XTCP_SYN_RECV);
TRACE_DEFINE_ENUM(XTCP_FIN_WAIT1);
TRACE_DEFINE_ENUM(XTCP_FIN_WAIT2);
TRACE_DEFINE_ENUM(XTCP_TIME_WAIT);
TRACE_DEFINE_ENUM(XTCP_CLOSE);
TRACE_DEFINE_ENUM(XTCP_CLOSE_WAIT);
TRACE_DEFINE_ENUM(XTCP_LAST_ACK);
TRACE_DEFINE_ENUM(XTCP_LISTEN);
TRACE_DEFINE_ENUM(XTCP_CLOSING);
TRACE_DEFINE_ENUM(XTCP_RCV_ACCEPT);
TRACE_DEFINE_ENUM(XTCP_RCV_CHALLENGE);
TRACE_DEFINE_ENUM(XTCP_RCV_RESET);
TRACE_DEFINE_ENUM(XTCP_RCV_DROP);
TRACE_DEFINE_ENUM(XTCP_WHY_NONE);
TRACE_DEFINE_ENUM(XTCP_WHY_SEQ);
TRACE_DEFINE_ENUM(XTCP_WHY_ACK);
TRACE_DEFINE_ENUM(XTCP_WHY_FLAGS);
TRACE_DEFINE_ENUM(XTCP_WHY_RST);
TRACE_DEFINE_ENUM(XTCP_WHY_SYN);
TRACE_DEFINE_ENUM(XTCP_WHY_NO_TEXT);
TRACE_DEFINE_ENUM(XTCP_WHY_ABORT_DATA);
TRACE_DEFINE_ENUM(XTCP_WHY_NO_SOCK);
TRACE_DEFINE_ENUM(XTCP_WHY_HEADER);
TRACE_DEFINE_ENUM(XTCP_WHY_CSUM);
TRACE_DEFINE_ENUM(XTCP_WHY_BACKLOG);

#define xtcp_show_state(s)						\
	__print_symbolic(s, { 0, "-" },					\
			 { XTCP_ESTABLISHED, "ESTABLISHED" },		\
			 { XTCP_SYN_SENT, "SYN_SENT" },			\
			 { XTCP_SYN_RECV, "SYN_RECV" },			\
			 { XTCP_FIN_WAIT1, "FIN_WAIT_1" },		\
			 { XTCP_FIN_WAIT2, "FIN_WAIT_2" },		\
			 { XTCP_TIME_WAIT, "TIME_WAIT" },		\
			 { XTCP_CLOSE, "CLOSED" },			\
			 { XTCP_CLOSE_WAIT, "CLOSE_WAIT" },		\
			 { XTCP_LAST_ACK, "LAST_ACK" },			\
			 { XTCP_LISTEN, "LISTEN" },			\
			 { XTCP_CLOSING, "CLOSING" })

#define xtcp_show_verdict(v)						\
	__print_symbolic(v, { XTCP_RCV_ACCEPT, "accept" },		\
			 { XTCP_RCV_CHALLENGE, "challenge" },		\
			 { XTCP_RCV_RESET, "reset" },			\
			 { XTCP_RCV_DROP, "drop" })

#define xtcp_show_reason(r)						\
	__print_symbolic(r, { XTCP_WHY_NONE, "-" },			\
			 { XTCP_WHY_SEQ, "seq" },			\
			 { XTCP_WHY_ACK, "ack" },			\
			 { XTCP_WHY_FLAGS, "flags" },			\
			 { XTCP_WHY_RST, "rst" },			\
			 { XTCP_WHY_SYN, "syn" },			\
			 { XTCP_WHY_NO_TEXT, "no_text" },		\
			 { XTCP_WHY_ABORT_DATA, "abort_data" },		\
			 { XTCP_WHY_NO_SOCK, "no_sock" },		\
			 { XTCP_WHY_HEADER, "header" },			\
			 { XTCP_WHY_CSUM, "csum" },			\
			 { XTCP_WHY_BACKLOG, "backlog" })

/* Control bits as tcpdump writes them: S, S., F., R., P., ... */
#define xtcp_show_flags(f)						\
	__print_flags(f, "", { TCPHDR_SYN, "S" }, { TCPHDR_FIN, "F" },	\
		      { TCPHDR_RST, "R" }, { TCPHDR_PSH, "P" },		\
		      { TCPHDR_URG, "U" }, { TCPHDR_ECE, "E" },		\
		      { TCPHDR_CWR, "W" }, { TCPHDR_ACK, "." })

#ifdef XTCP_NO_SEGTRACE
/*
 * Both per-segment events compiled out, as empty inlines: a module for
 * make bench's trace part only, what they cost disabled
 * (Documentation/performance.rst).
 */
DEFINE_EVENT_NOP(xtcp_segment, xtcp_segment_send,
		 TP_PROTO(const struct tcphdr *th, const struct xtcp_tuple *t,
			  bool out, u32 len, u16 mss, s8 wscale, u8 state,
			  u8 how, u8 why),
		 TP_ARGS(th, t, out, len, mss, wscale, state, how, why));
DEFINE_EVENT_NOP(xtcp_segment, xtcp_segment_recv,
		 TP_PROTO(const struct tcphdr *th, const struct xtcp_tuple *t,
			  bool out, u32 len, u16 mss, s8 wscale, u8 state,
			  u8 how, u8 why),
		 TP_ARGS(th, t, out, len, mss, wscale, state, how, why));
#else
/*
 * One segment, as it leaves (@out) or arrives: its 4-tuple @t, from our
 * side, traced source first, IPv4 or IPv6 as tcp_probe has it (%pISpc),
 * header fields, text length and options (mss 0 and ws -1: none), the
 * state of the object that sends or takes it, and, sent, whether it is a
 * retransmission (@how) or, received, what became of it and why.
 */
DECLARE_EVENT_CLASS(xtcp_segment,
		    TP_PROTO(const struct tcphdr *th, const struct xtcp_tuple *t,
			     bool out, u32 len, u16 mss, s8 wscale, u8 state,
			     u8 how, u8 why),
		    TP_ARGS(th, t, out, len, mss, wscale, state, how, why),
		    TP_STRUCT__entry(__array(__u8, saddr,
					     sizeof(struct sockaddr_in6))
				     __array(__u8, daddr,
					     sizeof(struct sockaddr_in6))
				     __field(__u16, sport)
				     __field(__u16, dport)
				     __field(__u32, seq)
				     __field(__u32, ack)
				     __field(__u32, len)
				     __field(__u16, window)
				     __field(__u16, mss)
				     __field(__s8, wscale)
				     __field(__u8, flags)
				     __field(__u8, state)
				     __field(__u8, how)
				     __field(__u8, why)),
		    TP_fast_assign(xtcp_trace_addr(__entry->saddr, t, out);
				   xtcp_trace_addr(__entry->daddr, t, !out);
				   __entry->sport = ntohs(th->source);
				   __entry->dport = ntohs(th->dest);
				   __entry->seq = ntohl(th->seq);
				   __entry->ack = ntohl(th->ack_seq);
				   __entry->len = len;
				   __entry->window = ntohs(th->window);
				   __entry->mss = mss;
				   __entry->wscale = wscale;
				   __entry->flags = tcp_flag_byte(th);
				   __entry->state = state;
				   __entry->how = how;
				   __entry->why = why),
		    TP_printk("%pISpc > %pISpc [%s] seq=%u ack=%u win=%u len=%u mss=%u ws=%d state=%s verdict=%s reason=%s",
			      __entry->saddr, __entry->daddr,
			      xtcp_show_flags(__entry->flags),
			      __entry->seq, __entry->ack, __entry->window,
			      __entry->len, __entry->mss, __entry->wscale,
			      xtcp_show_state(__entry->state),
			      xtcp_show_verdict(__entry->how),
			      xtcp_show_reason(__entry->why))
);

DEFINE_EVENT_PRINT(xtcp_segment, xtcp_segment_send,
		   TP_PROTO(const struct tcphdr *th, const struct xtcp_tuple *t,
			    bool out, u32 len, u16 mss, s8 wscale, u8 state,
			    u8 how, u8 why),
		   TP_ARGS(th, t, out, len, mss, wscale, state, how, why),
		   TP_printk("%pISpc > %pISpc [%s] seq=%u ack=%u win=%u len=%u mss=%u ws=%d state=%s rtx=%u",
			     __entry->saddr, __entry->daddr,
			     xtcp_show_flags(__entry->flags),
			     __entry->seq, __entry->ack, __entry->window,
			     __entry->len, __entry->mss, __entry->wscale,
			     xtcp_show_state(__entry->state), __entry->how)
);

DEFINE_EVENT(xtcp_segment, xtcp_segment_recv,
	     TP_PROTO(const struct tcphdr *th, const struct xtcp_tuple *t,
		      bool out, u32 len, u16 mss, s8 wscale, u8 state, u8 how,
		      u8 why),
	     TP_ARGS(th, t, out, len, mss, wscale, state, how, why)
);
#endif /* XTCP_NO_SEGTRACE */

#endif /* _XTCP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
