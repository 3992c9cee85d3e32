/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoints: xtcp:xtcp_set_state fires on every state change. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xtcp

#if !defined(_XTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XTCP_TRACE_H

#include <linux/tracepoint.h>

#include "state.h"

#define XTCP_STATE_NAME_LEN	12	/* "ESTABLISHED" and its NUL */

/* The names are copied in, so that every trace reader can print them. */
TRACE_EVENT(xtcp_set_state,
	    TP_PROTO(const void *obj, int oldstate, int newstate, __be32 saddr,
		     __be32 daddr, __be16 sport, __be16 dport),
	    TP_ARGS(obj, oldstate, newstate, saddr, daddr, sport, dport),
	    TP_STRUCT__entry(__field(const void *, obj)
			     __field(int, oldstate)
			     __field(int, newstate)
			     __array(char, oldname, XTCP_STATE_NAME_LEN)
			     __array(char, newname, XTCP_STATE_NAME_LEN)
			     __array(__u8, saddr, 4)
			     __array(__u8, daddr, 4)
			     __field(__u16, sport)
			     __field(__u16, dport)),
	    TP_fast_assign(__entry->obj = obj;
			   __entry->oldstate = oldstate;
			   __entry->newstate = newstate;
			   strscpy(__entry->oldname, xtcp_state_name(oldstate),
				   XTCP_STATE_NAME_LEN);
			   strscpy(__entry->newname, xtcp_state_name(newstate),
				   XTCP_STATE_NAME_LEN);
			   memcpy(__entry->saddr, &saddr, 4);
			   memcpy(__entry->daddr, &daddr, 4);
			   __entry->sport = ntohs(sport);
			   __entry->dport = ntohs(dport)),
	    TP_printk("obj=%p %pI4:%u -> %pI4:%u %s -> %s", __entry->obj,
		      __entry->saddr, __entry->sport, __entry->daddr,
		      __entry->dport, __entry->oldname, __entry->newname)
);

#endif /* _XTCP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
