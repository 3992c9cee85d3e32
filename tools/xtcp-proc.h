/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what XTCP shows in /proc: a /proc/net/xtcp row and a counter of
 * /proc/net/xtcp_stat. Shared by xtcp-peer and the selftests (tests/).
 */
#ifndef XTCP_PROC_H
#define XTCP_PROC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The states' names in /proc/net/xtcp, by number (XTCP_ESTABLISHED...). */
static const char *const xtcp_state_names[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT_1",
	"FIN_WAIT_2", "TIME_WAIT", "CLOSED", "CLOSE_WAIT", "LAST_ACK",
	"LISTEN", "CLOSING",
};

/* One /proc/net/xtcp row, the columns a script can assert. */
struct xtcp_row {
	char state[32], timer[32];
	long ms;
	long rto, cwnd;		/* ms and bytes */
};

static inline int xtcp_addr_port(const char *s)
{
	const char *p = strrchr(s, ':');

	return p ? atoi(p + 1) : -1;
}

/* The row with local port @lport and remote port @rport; 0 if found. */
static inline int xtcp_row_find(int lport, int rport, struct xtcp_row *r)
{
	char line[256], local[64], remote[64];
	FILE *f = fopen("/proc/net/xtcp", "r");
	long txq, rxq;
	int ret = -1;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
		goto out;
	while (fgets(line, sizeof(line), f)) {
		r->rto = r->cwnd = -1;
		if (sscanf(line, "%63s %63s %31s %ld %ld %31s %ld %*d %ld %ld",
			   local, remote, r->state, &txq, &rxq, r->timer,
			   &r->ms, &r->rto, &r->cwnd) < 7)
			continue;
		if (xtcp_addr_port(local) == lport &&
		    xtcp_addr_port(remote) == rport) {
			ret = 0;
			break;
		}
	}
out:
	fclose(f);
	return ret;
}

/* One counter of /proc/net/xtcp_stat, or -1 if there is none by @name. */
static inline long xtcp_stat_read(const char *name)
{
	FILE *f = fopen("/proc/net/xtcp_stat", "r");
	char key[64];
	long val, ret = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &val) == 2)
		if (!strcmp(key, name)) {
			ret = val;
			break;
		}
	fclose(f);
	return ret;
}

/*
 * Objects in use in slab cache @name ("XTCP", "xtcp_tw"), or -1. SLUB's
 * count leaves out objects free in per-CPU slabs; shrinking the cache
 * first flushes those, so that the count is exact.
 */
static inline long xtcp_slab_objs(const char *name)
{
	char path[128], line[256], n[64];
	long active = -1, a;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", name);
	f = fopen(path, "w");
	if (f) {
		fputs("1\n", f);
		fclose(f);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", n, &a) == 2 && !strcmp(n, name)) {
			active = a;
			break;
		}
	fclose(f);
	return active;
}

/* Rows in /proc/net/xtcp of the current network namespace, or -1. */
static inline int xtcp_row_count(void)
{
	FILE *f = fopen("/proc/net/xtcp", "r");
	char line[256];
	int n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

#define XTCP_MAX_SYSCTLS 16

/* Sysctls a script changed, with the values to put back. */

#endif /* XTCP_PROC_H */
