// SPDX-License-Identifier: GPL-2.0
/*
 * Global memory accounting (issue 12 part 2): XTCP_MEM_CONNS (1000)
 * connections from netns xa to xb over veth, each with a writer that fills
 * the buffers and a reader that does not read, under a sysctl mem of
 * 2048 4096 8192 pages (8, 16 and 32 MiB; set in the first namespace, where
 * it lives, as tcp_mem). Without a global budget they would queue some
 * 300 MiB: 64 KiB of send buffer and 128 KiB of receive buffer (twice that
 * for in-order text) each.
 *
 *  - While the writers fill, /proc/net/xtcp_sockstat's mem (pages charged)
 *    never goes past the hard limit, give or take the per-CPU reserves
 *    that memory_allocated is kept in (SK_MEMORY_PCPU_RESERVE, 256 pages
 *    a CPU, sk_memory_allocated_add()) and a page a connection for the
 *    cuts of retransmissions, which are charged whatever the limit. The pressure mark is crossed
 *    (MemoryPressures) and receivers drop text they have no memory for
 *    (RcvPruned).
 *  - Then the readers read: every connection's bytes arrive, exactly.
 *  - Once all are closed, mem is back near 0 and alloc where it was: no
 *    charge is leaked.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>
#include "xtcp_netns.h"

#define SRV_ADDR	"10.73.0.2"
#define CLI_ADDR	"10.73.0.1"
#define PORT		9500
#define MAX_CONNS	1000
#define CHUNK		16384
#define SNDBUF		32768	/* SO_SNDBUF: sk_sndbuf 64 KiB */
#define RCVBUF		65536	/* SO_RCVBUF: sk_rcvbuf 128 KiB */
#define PCPU_RESERVE	256	/* pages: SK_MEMORY_PCPU_RESERVE, 4 KiB pages */

static const long mem_set[3] = { 2048, 4096, 8192 };

static int fam, nconn = MAX_CONNS;
static int cli[MAX_CONNS], srv[MAX_CONNS];
static long long written[MAX_CONNS], got[MAX_CONNS];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The byte at offset @o of connection @i's stream. */
static uint8_t pattern(int i, long long o)
{
	return (uint8_t)(o * 31 + i * 7 + (o >> 12));
}

/* One field of /proc/net/xtcp_sockstat ("mem", "alloc"...), or -1. */
static long sockstat(const char *field)
{
	FILE *f = fopen("/proc/net/xtcp_sockstat", "r");
	char line[256], key[32];
	const char *p;
	long v = -1;

	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f)) {
		snprintf(key, sizeof(key), " %s ", field);
		p = strstr(line, key);
		if (p)
			sscanf(p + strlen(key), "%ld", &v);
	}
	fclose(f);
	return v;
}

/*
 * MemoryPressures of xa and xb: the pressure is XTCP's, but it counts in
 * the namespace of the socket that crossed the mark, sender or receiver.
 * Leaves the caller in xa.
 */
static long pressures_both(void)
{
	long n;

	enter("xb");
	n = xt_stat("MemoryPressures");
	enter("xa");
	return n + xt_stat("MemoryPressures");
}

static int mem_rw(const long *put, long *get)
{
	FILE *f = fopen("/proc/sys/net/xtcp/mem", put ? "w" : "r");
	int ok;

	if (!f)
		return -1;
	if (put)
		ok = fprintf(f, "%ld %ld %ld\n", put[0], put[1], put[2]) > 0;
	else
		ok = fscanf(f, "%ld %ld %ld", &get[0], &get[1], &get[2]) == 3;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* The port of @fd's own end, or of its peer's. */
static int port_of(int fd, int peer)
{
	struct sockaddr_xtcp sa;
	socklen_t len = sizeof(sa);

	if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&sa,
					       &len))
		return -1;
	return ntohs(sa.sxtcp_port);
}

/*
 * Put srv[i] opposite cli[i]. accept() gives connections in the order
 * their handshakes ended, not the order of the connect() calls: a SYN
 * dropped by a full backlog (netdev_max_backlog) and sent again lets the
 * ones after it go first.
 */
static int pair_up(void)
{
	static int by_port[65536];
	int i, p;

	memset(by_port, -1, sizeof(by_port));
	for (i = 0; i < nconn; i++) {
		p = port_of(srv[i], 1);
		if (p < 0 || by_port[p] >= 0)
			return -1;
		by_port[p] = srv[i];
	}
	for (i = 0; i < nconn; i++) {
		p = port_of(cli[i], 0);
		if (p < 0 || by_port[p] < 0)
			return -1;
		srv[i] = by_port[p];
		by_port[p] = -1;
	}
	return 0;
}

/* All @nconn connections, client side in xa, server side in xb. */
static int connect_all(void)
{
	struct sockaddr_xtcp sa = xt_addr(fam, SRV_ADDR, PORT);
	int l, i, n = 0, size = RCVBUF, one = 1;
	struct pollfd p;
	double end;

	enter("xb");
	l = socket(fam, SOCK_STREAM, 0);
	/* Children inherit it (xtcp_child_inherit()). */
	setsockopt(l, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1024))
		return -1;
	enter("xa");
	size = SNDBUF;
	for (i = 0; i < nconn; i++) {
		cli[i] = socket(fam, SOCK_STREAM, 0);
		setsockopt(cli[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
		set_nonblock(cli[i]);
		if (connect(cli[i], (struct sockaddr *)&sa, sizeof(sa)) &&
		    errno != EINPROGRESS)
			return -1;
	}
	end = now_s() + 120;
	p.fd = l;
	p.events = POLLIN;
	while (n < nconn && now_s() < end) {
		if (poll(&p, 1, 1000) != 1)
			continue;
		srv[n] = accept(l, NULL, NULL);
		if (srv[n] >= 0)
			set_nonblock(srv[n++]);
	}
	close(l);
	return n == nconn ? pair_up() : -1;
}

/*
 * Write into every connection until no writer has moved a byte for 3 s.
 * *@peak: the highest mem seen. Total bytes written.
 */
static long long fill(long *peak)
{
	static uint8_t buf[CHUNK];
	double idle_since = now_s();
	long long total = 0;
	ssize_t n;
	long m;
	int i, j;

	*peak = 0;
	while (now_s() - idle_since < 3) {
		int moved = 0;

		for (i = 0; i < nconn; i++) {
			for (j = 0; j < CHUNK; j++)
				buf[j] = pattern(i, written[i] + j);
			n = write(cli[i], buf, CHUNK);
			if (n > 0) {
				written[i] += n;
				total += n;
				moved = 1;
			}
			if (i % 50 == 0) {
				m = sockstat("mem");
				if (m > *peak)
					*peak = m;
			}
		}
		if (moved)
			idle_since = now_s();
		else
			msleep(100);
	}
	return total;
}

/* Read every connection to what was written, checking each byte. */
static int drain(int limit, int *bad)
{
	static uint8_t buf[CHUNK];
	double end = now_s() + limit;
	int left = nconn, i, nbad = 0;
	ssize_t n, k;

	*bad = 0;
	while (left && now_s() < end) {
		int moved = 0;

		left = 0;
		for (i = 0; i < nconn; i++) {
			if (got[i] >= written[i])
				continue;
			n = read(srv[i], buf, sizeof(buf));
			if (n > 0) {
				for (k = 0; k < n; k++) {
					if (buf[k] == pattern(i, got[i] + k))
						continue;
					if (nbad++ < 5)
						printf("# connection %d: byte %lld of %lld is %#x, not %#x\n",
						       i, got[i] + k, written[i], buf[k],
						       pattern(i, got[i] + k));
					break;
				}
				for (; k < n; k++)
					*bad += buf[k] != pattern(i, got[i] + k);
				got[i] += n;
				moved = 1;
			}
			left += got[i] < written[i];
		}
		if (!moved)
			msleep(20);
	}
	return left;
}

/*
 * Sockets allocated, once the count holds still for a second: the
 * namespaces of the tests before are torn down in a workqueue
 * (cleanup_net()), and their sockets go some time after.
 */
static long settled_alloc(void)
{
	long a = sockstat("alloc"), b;
	int i, same = 0;

	for (i = 0; i < 300 && same < 10; i++) {
		msleep(100);
		b = sockstat("alloc");
		same = b == a ? same + 1 : 0;
		a = b;
	}
	return a;
}

int main(void)
{
	long saved[3], peak, pressures, pruned, alloc0, mem_after, alloc_after;
	long long total, short_total = 0;
	const char *e = getenv("XTCP_MEM_CONNS");
	struct rlimit rl = { 8192, 8192 };
	int i, left, bad, ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (e)
		nconn = atoi(e) > 0 && atoi(e) <= MAX_CONNS ? atoi(e) : MAX_CONNS;
	fam = xt_family();
	xt_plan(11);
	setrlimit(RLIMIT_NOFILE, &rl);
	XT_OK(mem_rw(NULL, saved), "mem can be read in the first namespace");
	XT_OK(mem_rw(mem_set, NULL), "mem set to 2048 4096 8192 pages");
	alloc0 = settled_alloc();
	netns_pair(CLI_ADDR, SRV_ADDR);
	/* Retransmissions into full receivers: keep them coming, and alive. */
	enter("xa");
	xt_sysctl("rto_max_ms", 1000);
	xt_sysctl("retries2", 255);
	pressures = pressures_both();
	enter("xb");
	pruned = xt_stat("RcvPruned");

	XT_OK(connect_all(), "1000 connections (XTCP_MEM_CONNS)");
	/* Each side's namespace holds its ends, and the listener is gone. */
	enter("xb");
	i = sockstat("inuse");
	enter("xa");
	xt_report(i == nconn && sockstat("inuse") == nconn,
		  "xtcp_sockstat's inuse counts each namespace's sockets",
		  "inuse %d in xb, %ld in xa, want %d", i, sockstat("inuse"),
		  nconn);
	total = fill(&peak);
	printf("# %lld bytes queued in all (%lld a connection); peak mem %ld "
	       "pages, hard limit %ld\n", total, total / nconn, peak,
	       mem_set[2]);
	/*
	 * Past the hard limit, two things still charge: the per-CPU
	 * reserves, not yet in the count, and the cutting of a queued skb
	 * for a retransmission (tcp_fragment() forces its charge): a page a
	 * connection is room for one such cut each.
	 */
	xt_report(peak > 0 && peak <= mem_set[2] + PCPU_RESERVE * ncpu + nconn,
		  "mem stays under the hard limit while the writers fill",
		  "peak %ld pages, limit %ld + %d per-CPU reserve pages + %d",
		  peak, mem_set[2], PCPU_RESERVE * ncpu, nconn);
	xt_report(pressures_both() > pressures,
		  "the pressure mark was crossed (MemoryPressures)",
		  "MemoryPressures +%ld", pressures_both() - pressures);
	enter("xb");
	xt_report(xt_stat("RcvPruned") > pruned,
		  "receivers dropped what they had no memory for (RcvPruned)",
		  "RcvPruned +%ld", xt_stat("RcvPruned") - pruned);
	printf("# RcvPruned +%ld, OFOPruned %ld, OFODrop %ld\n",
	       xt_stat("RcvPruned") - pruned, xt_stat("OFOPruned"),
	       xt_stat("OFODrop"));

	left = drain(300, &bad);
	for (i = 0; i < nconn; i++)
		short_total += written[i] - got[i];
	xt_report(!left && !bad, "once the readers read, every byte arrives, "
		  "exactly", "%d connections %lld bytes short, %d bytes wrong",
		  left, short_total, bad);

	for (i = 0; i < nconn; i++) {
		close(cli[i]);
		close(srv[i]);
	}
	/* The orphans' FINs and the children's destruction take a moment. */
	for (i = 0; i < 100; i++) {
		mem_after = sockstat("mem");
		alloc_after = sockstat("alloc");
		if (mem_after <= PCPU_RESERVE * ncpu && alloc_after <= alloc0)
			break;
		msleep(100);
	}
	xt_report(mem_after >= 0 && mem_after <= PCPU_RESERVE * ncpu,
		  "all closed: mem back within the per-CPU reserves",
		  "mem %ld pages", mem_after);
	/* Not above: a socket of an earlier test may still go meanwhile. */
	xt_report(alloc_after >= 0 && alloc_after <= alloc0,
		  "all closed: alloc back where it was",
		  "alloc %ld, was %ld", alloc_after, alloc0);
	/* mem lives in the first namespace only. */
	setns(home, CLONE_NEWNET);
	netns_del();
	XT_OK(mem_rw(saved, NULL), "mem restored");
	return xt_exit();
}
