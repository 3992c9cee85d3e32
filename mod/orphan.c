// SPDX-License-Identifier: GPL-2.0
/*
 * Orphans: connections that close() left open, for their FIN or their
 * data. As in Linux, their number is bounded (max_orphans, as
 * tcp_too_many_orphans()) and so are their retries (orphan_retries, as
 * tcp_orphan_retries()), so that a peer cannot hold them forever with a
 * zero window that it keeps answering for, or with silence.
 */
#include <kunit/visibility.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "conn.h"
#include "mem.h"
#include "orphan.h"

/*
 * Retries for an orphan (tcp_orphan_retries()): orphan_retries, but 0
 * means 8 while the connection is alive (its RTO not yet backed off to
 * rto_max_ms: it sent something recently), and none once it is not.
 */
int xtcp_orphan_retries(int retries, bool alive)
{
	if (!retries && alive)
		return 8;
	return retries;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_orphan_retries);

static bool xtcp_orphan_alive(const struct sock *sk)
{
	return xtcp_sk(sk)->rto_ms < xtcp_rto_max(sk);
}

/* As tcp_too_many_orphans(): @shift weighs an orphan that idles. */
static bool xtcp_too_many_orphans(struct net *net, int shift)
{
	long n = xtcp_mib_read(xtcp_pernet(net)->mib, XTCP_MIB_ORPHANS);

	return n << shift > READ_ONCE(xtcp_pernet(net)->sysctl.max_orphans);
}

/*
 * As tcp_out_of_resources(), from an orphan's timers: past max_orphans
 * (counted twice for one that is about to give up), or with data queued
 * while XTCP is over its hard memory limit (tcp_check_oom()), it ends,
 * with a RST. XTCP keeps no time of the last segment sent, so it always
 * resets.
 */
static bool xtcp_orphan_out_of_resources(struct sock *sk, bool do_reset)
{
	if (!xtcp_too_many_orphans(sock_net(sk), !do_reset) &&
	    !xtcp_out_of_memory(sk))
		return false;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ABORTONMEMORY);
	xtcp_abort(sk, ETIMEDOUT);
	return true;
}

/*
 * Retransmissions an orphan may time out before it ends, for the
 * retransmission timer (tcp_write_timeout()): -1 if it ended here.
 */
int xtcp_orphan_rtx_limit(struct sock *sk)
{
	bool alive = xtcp_orphan_alive(sk);
	int limit;

	limit = xtcp_orphan_retries(READ_ONCE(xtcp_sysctl(sk)->orphan_retries),
				    alive);
	if (xtcp_orphan_out_of_resources(sk, alive ||
					 xtcp_sk(sk)->retrans < limit))
		return -1;
	return limit;
}

/*
 * Unanswered probes an orphan may send, for the persist timer
 * (tcp_probe_timer()). Answers reset the count, so a peer that answers
 * with a zero window would hold it forever: once it is no longer alive,
 * its backoff counts instead, and reaching the retries ends it (0 here).
 * -1 if it ended here.
 */
int xtcp_orphan_probe_limit(struct sock *sk)
{
	bool alive = xtcp_orphan_alive(sk);
	int limit;

	limit = xtcp_orphan_retries(READ_ONCE(xtcp_sysctl(sk)->orphan_retries),
				    alive);
	if (!alive && xtcp_sk(sk)->backoff >= limit)
		return 0;
	if (xtcp_orphan_out_of_resources(sk, true))
		return -1;
	return limit;
}

/*
 * close() made @sk an orphan that lives on: count it; one too many is
 * reset at once (__tcp_close() with tcp_check_oom()), AbortOnMemory.
 */
void xtcp_orphan_add(struct sock *sk)
{
	struct net *net = sock_net(sk);

	xtcp_sk(sk)->orphan = 1;
	XTCP_INC_STATS(net, XTCP_MIB_ORPHANS);
	if (xtcp_too_many_orphans(net, 0))
		net_info_ratelimited("xtcp: too many orphaned sockets\n");
	else if (xtcp_out_of_memory(sk))
		net_info_ratelimited("xtcp: out of memory -- consider tuning mem\n");
	else
		return;
	XTCP_INC_STATS(net, XTCP_MIB_ABORTONMEMORY);
	xtcp_abort(sk, ECONNRESET);
}

/* It is over: CLOSED, or what is left is a TIME_WAIT entry. */
void xtcp_orphan_del(struct sock *sk)
{
	if (!xtcp_sk(sk)->orphan)
		return;
	xtcp_sk(sk)->orphan = 0;
	XTCP_DEC_STATS(sock_net(sk), XTCP_MIB_ORPHANS);
}
