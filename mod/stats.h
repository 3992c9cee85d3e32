/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns counters, shown in /proc/net/xtcp_stat. Those shared with Linux
 * (the Tcp MIB of /proc/net/snmp and some of TcpExt) keep Linux's names and
 * meaning.
 */
#ifndef _XTCP_STATS_H
#define _XTCP_STATS_H

#include <linux/percpu.h>

enum xtcp_mib_field {
	XTCP_MIB_ACTIVEOPENS,	/* CLOSED -> SYN_SENT */
	XTCP_MIB_PASSIVEOPENS,	/* SYN_RECV request -> ESTABLISHED */
	XTCP_MIB_ATTEMPTFAILS,	/* SYN_SENT/SYN_RECV -> CLOSED or LISTEN */
	XTCP_MIB_ESTABRESETS,	/* ESTABLISHED/CLOSE_WAIT -> CLOSED */
	XTCP_MIB_CURRESTAB,	/* now ESTABLISHED (a gauge) */
	XTCP_MIB_INSEGS,	/* segments received, errors included */
	XTCP_MIB_OUTSEGS,	/* segments sent, retransmissions included */
	XTCP_MIB_RETRANSSEGS,	/* segments retransmitted */
	XTCP_MIB_INERRS,	/* segments dropped as malformed */
	XTCP_MIB_OUTRSTS,	/* segments sent with RST */
	XTCP_MIB_INCSUMERRORS,	/* segments with a bad checksum */
	XTCP_MIB_TW,		/* connections that entered TIME_WAIT */
	XTCP_MIB_TWKILLED,	/* TIME_WAIT ended early by a RST */
	XTCP_MIB_TWRECYCLED,	/* TIME_WAIT 4-tuples reused */
	XTCP_MIB_TWOVERFLOW,	/* no TIME_WAIT entry: max_tw_buckets */
	XTCP_MIB_ABORTONCLOSE,	/* RST on close(): unread data */
	XTCP_MIB_ABORTONLINGER,	/* RST on close(): SO_LINGER {1, 0} */
	XTCP_MIB_ABORTONTIMEOUT, /* reset after retries or keepalive */
	XTCP_MIB_ABORTONDATA,	/* reset: text for a user who reads no more */
	XTCP_MIB_KEEPALIVEPROBES, /* keepalive probes sent */
	XTCP_MIB_CHALLENGEACKS,	/* challenge ACKs sent (RFC 5961) */
	XTCP_MIB_LISTENOVERFLOWS, /* third ACK dropped: accept queue full */
	XTCP_MIB_LISTENDROPS,	/* SYN dropped: request queue full */
	XTCP_MIB_FASTRETRANS,	/* fast retransmits (3 dup ACKs, partial ACKs) */
	XTCP_MIB_TIMEOUTS,	/* retransmission timeouts */
	XTCP_MIB_OFOQUEUE,	/* segments queued out of order */
	XTCP_MIB_OFODROP,	/* out-of-order segments dropped: no room */
	XTCP_MIB_ZEROWINDOWPROBES, /* persist probes into a zero window */
	XTCP_MIB_DELAYEDACKS,	/* ACKs sent by the delayed-ACK timer */
	XTCP_MIB_RCVPRUNED,	/* in-order segments dropped: no room */
	XTCP_MIB_LOSTRETRANSMIT, /* retransmissions taken as lost in recovery */
	XTCP_MIB_WQUEUETOOBIG,	/* rtx_queue not cut: too much memory */
	XTCP_MIB_ORPHANS,	/* orphaned sockets now (a gauge) */
	XTCP_MIB_ABORTONMEMORY,	/* orphans reset: max_orphans */
	XTCP_MIB_ACKSKIPPEDCHALLENGE, /* challenge ACKs a socket held back */
	XTCP_MIB_ACKSKIPPEDSEQ,	/* ACKs to unacceptable segments held back */
	XTCP_MIB_ACKSKIPPEDSYNRECV, /* the same, by a request */
	XTCP_MIB_ACKSKIPPEDTIMEWAIT, /* the same, by a TIME_WAIT entry */
	XTCP_MIB_ACKSKIPPEDFINWAIT2, /* the same, by an orphan in FIN_WAIT_2 */
	XTCP_MIB_OUTOFWINDOWICMPS, /* ICMP errors quoting a number not in flight */
	XTCP_MIB_LOCKDROPPEDICMPS, /* ICMP errors met a socket a user held */
	XTCP_MIB_SYNCOOKIESSENT, /* SYN+ACKs with a cookie, nothing stored */
	XTCP_MIB_SYNCOOKIESRECV, /* ACKs with a good cookie: connections */
	XTCP_MIB_SYNCOOKIESFAILED, /* ACKs to a listener with a bad cookie */
	XTCP_MIB_OFOPRUNED,	/* out-of-order queues dropped for memory */
	XTCP_MIB_MEMORYPRESSURES, /* times the pressure mark was crossed */
	XTCP_MIB_BACKLOGDROP,	/* segments a held socket's backlog refused */
	XTCP_MIB_MAX
};

struct xtcp_mib {
	long mibs[XTCP_MIB_MAX];
};

extern const char *const xtcp_mib_names[XTCP_MIB_MAX];

#define XTCP_INC_STATS(net, field) \
	this_cpu_inc(xtcp_pernet(net)->mib->mibs[field])
#define XTCP_DEC_STATS(net, field) \
	this_cpu_dec(xtcp_pernet(net)->mib->mibs[field])

long xtcp_mib_read(const struct xtcp_mib __percpu *mib,
		   enum xtcp_mib_field field);

#endif /* _XTCP_STATS_H */
