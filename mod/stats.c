// SPDX-License-Identifier: GPL-2.0
/* Counter names and summing of the per-cpu counters. */
#include <kunit/visibility.h>

#include "xtcp.h"

const char *const xtcp_mib_names[XTCP_MIB_MAX] = {
	[XTCP_MIB_ACTIVEOPENS]		= "ActiveOpens",
	[XTCP_MIB_PASSIVEOPENS]		= "PassiveOpens",
	[XTCP_MIB_ATTEMPTFAILS]		= "AttemptFails",
	[XTCP_MIB_ESTABRESETS]		= "EstabResets",
	[XTCP_MIB_CURRESTAB]		= "CurrEstab",
	[XTCP_MIB_INSEGS]		= "InSegs",
	[XTCP_MIB_OUTSEGS]		= "OutSegs",
	[XTCP_MIB_RETRANSSEGS]		= "RetransSegs",
	[XTCP_MIB_INERRS]		= "InErrs",
	[XTCP_MIB_OUTRSTS]		= "OutRsts",
	[XTCP_MIB_INCSUMERRORS]		= "InCsumErrors",
	[XTCP_MIB_TW]			= "TW",
	[XTCP_MIB_TWKILLED]		= "TWKilled",
	[XTCP_MIB_TWRECYCLED]		= "TWRecycled",
	[XTCP_MIB_TWOVERFLOW]		= "TWOverflow",
	[XTCP_MIB_ABORTONCLOSE]		= "AbortOnClose",
	[XTCP_MIB_ABORTONLINGER]	= "AbortOnLinger",
	[XTCP_MIB_ABORTONTIMEOUT]	= "AbortOnTimeout",
	[XTCP_MIB_ABORTONDATA]		= "AbortOnData",
	[XTCP_MIB_KEEPALIVEPROBES]	= "KeepAliveProbes",
	[XTCP_MIB_CHALLENGEACKS]	= "ChallengeACKs",
	[XTCP_MIB_LISTENOVERFLOWS]	= "ListenOverflows",
	[XTCP_MIB_LISTENDROPS]		= "ListenDrops",
	[XTCP_MIB_FASTRETRANS]		= "FastRetrans",
	[XTCP_MIB_TIMEOUTS]		= "Timeouts",
	[XTCP_MIB_OFOQUEUE]		= "OFOQueue",
	[XTCP_MIB_OFODROP]		= "OFODrop",
	[XTCP_MIB_ZEROWINDOWPROBES]	= "ZeroWindowProbes",
	[XTCP_MIB_DELAYEDACKS]		= "DelayedACKs",
	[XTCP_MIB_RCVPRUNED]		= "RcvPruned",
	[XTCP_MIB_LOSTRETRANSMIT]	= "LostRetransmit",
	[XTCP_MIB_WQUEUETOOBIG]		= "WqueueTooBig",
	[XTCP_MIB_ORPHANS]		= "Orphans",
	[XTCP_MIB_ABORTONMEMORY]	= "AbortOnMemory",
	[XTCP_MIB_ACKSKIPPEDCHALLENGE]	= "ACKSkippedChallenge",
	[XTCP_MIB_ACKSKIPPEDSEQ]	= "ACKSkippedSeq",
	[XTCP_MIB_ACKSKIPPEDSYNRECV]	= "ACKSkippedSynRecv",
	[XTCP_MIB_ACKSKIPPEDTIMEWAIT]	= "ACKSkippedTimeWait",
	[XTCP_MIB_ACKSKIPPEDFINWAIT2]	= "ACKSkippedFinWait2",
	[XTCP_MIB_OUTOFWINDOWICMPS]	= "OutOfWindowIcmps",
	[XTCP_MIB_LOCKDROPPEDICMPS]	= "LockDroppedIcmps",
	[XTCP_MIB_SYNCOOKIESSENT]	= "SyncookiesSent",
	[XTCP_MIB_SYNCOOKIESRECV]	= "SyncookiesRecv",
	[XTCP_MIB_SYNCOOKIESFAILED]	= "SyncookiesFailed",
	[XTCP_MIB_OFOPRUNED]		= "OFOPruned",
	[XTCP_MIB_MEMORYPRESSURES]	= "MemoryPressures",
	[XTCP_MIB_BACKLOGDROP]		= "BacklogDrop",
};

long xtcp_mib_read(const struct xtcp_mib __percpu *mib,
		   enum xtcp_mib_field field)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(mib, cpu)->mibs[field];
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_mib_read);
