// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-synflood: a SYN flood at a listener of this network namespace, for
 * seeing SYN cookies at work and for make bench's flood rows.
 *
 *	xtcp-synflood -d PORT [-p IPPROTO] [-n COUNT] [-t SECS] [-s SEED]
 *
 * It creates the TUN device xtcpf0 with 192.0.2.2/24 and a route for
 * 198.18.0.0/15 through it, then writes SYNs from random addresses of that
 * block and random ports to 192.0.2.2:PORT, as fast as it can, until COUNT
 * are sent (default: no limit), SECS have passed, or SIGINT/SIGTERM. IP
 * protocol 253 (XTCP; the module's ipproto parameter if loaded) by
 * default; -p 6 floods Linux's TCP. It prints one JSON line: SYNs sent,
 * seconds, SYNs a second, SYN+ACKs read back.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "xtcp-flood.h"
#include "xtcp-peer-sys.h"

static volatile sig_atomic_t xtcp_stop;

static void xtcp_on_signal(int sig)
{
	(void)sig;
	xtcp_stop = 1;
}

static double xtcp_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int ipproto = xtcp_module_param("ipproto", 253), port = 0, o;
	unsigned long long count = 0, seed = 0x5eed;
	double secs = 0, t0, t;
	struct xtcp_flood f;

	while ((o = getopt(argc, argv, "d:p:n:t:s:")) != -1) {
		switch (o) {
		case 'd':
			port = atoi(optarg);
			break;
		case 'p':
			ipproto = atoi(optarg);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (port <= 0 || port > 65535 || ipproto <= 0 || ipproto > 255)
		goto usage;
	signal(SIGINT, xtcp_on_signal);
	signal(SIGTERM, xtcp_on_signal);
	if (xtcp_flood_open(&f, "xtcpf0", ipproto, port, seed))
		return 1;
	t0 = xtcp_secs();
	t = t0;
	while (!xtcp_stop && (!count || f.sent < count) &&
	       (!secs || t - t0 < secs)) {
		if (xtcp_flood_burst(&f, XTCP_FLOOD_BURST) < 0)
			return 1;
		t = xtcp_secs();
	}
	printf("{\"syns\":%llu,\"secs\":%.3f,\"syns_per_s\":%.0f,"
	       "\"synacks\":%llu}\n", (unsigned long long)f.sent, t - t0,
	       t > t0 ? f.sent / (t - t0) : 0.0,
	       (unsigned long long)f.synacks);
	xtcp_flood_close(&f);
	return 0;
usage:
	fprintf(stderr, "usage: xtcp-synflood -d PORT [-p IPPROTO] [-n COUNT] "
		"[-t SECS] [-s SEED]\n");
	return 2;
}
