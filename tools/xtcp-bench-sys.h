/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xtcp-bench reads from the system: the clock, the family number in
 * use, a slab cache's line of /proc/slabinfo and TCP's TIME_WAIT count.
 */
#ifndef XTCP_BENCH_SYS_H
#define XTCP_BENCH_SYS_H

#include <stdio.h>
#include <string.h>
#include <time.h>

static inline double xtcp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The XTCP family in use (a module parameter can move it), or -1. */
static inline int xtcp_bench_xtcp_family(void)
{
	FILE *f = fopen("/sys/module/xtcp/parameters/family", "r");
	int fam = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &fam) != 1)
		fam = -1;
	fclose(f);
	return fam;
}

/* One cache's line of /proc/slabinfo (SLUB, version 2.1). */
struct xtcp_slab {
	long active_objs, num_objs, objsize, objperslab, pagesperslab;
	long active_slabs, num_slabs;
};

/* 0 if @name was found; with slab_nomerge every cache has its own line. */
static inline int xtcp_slab_read(const char *name, struct xtcp_slab *s)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], cache[64];
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %ld %ld %ld %ld %ld : tunables %*d %*d %*d"
			   " : slabdata %ld %ld", cache, &s->active_objs,
			   &s->num_objs, &s->objsize, &s->objperslab,
			   &s->pagesperslab, &s->active_slabs,
			   &s->num_slabs) != 8)
			continue;
		if (!strcmp(cache, name)) {
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* Bytes of slab pages the cache holds. */
static inline long xtcp_slab_bytes(const struct xtcp_slab *s)
{
	return s->num_slabs * s->pagesperslab * 4096;
}

/*
 * "tw N" of /proc/net/sockstat's TCP line: TCP's TIME_WAIT entries now, of
 * IPv4 and IPv6 together (both count in the one tcp_death_row).
 */
static inline long xtcp_tcp_tw_count(void)
{
	FILE *f = fopen("/proc/net/sockstat", "r");
	char line[256];
	const char *p;
	long tw = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "TCP:", 4))
			continue;
		p = strstr(line, " tw ");
		if (p)
			sscanf(p, " tw %ld", &tw);
	}
	fclose(f);
	return tw;
}

#endif /* XTCP_BENCH_SYS_H */
