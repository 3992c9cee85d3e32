// SPDX-License-Identifier: GPL-2.0
/*
 * Connection lifecycle over loopback with real sockets, reading the states
 * from /proc/net/xtcp at each step: S1 (three-way handshake), S2 (four-way
 * teardown and TIME_WAIT expiry), S3 (half-close), S8 (abortive close),
 * S13 (refused), S14 (process killed), S15 (CLOSE_WAIT held), S16 (orphaned
 * FIN_WAIT_2), S7 (TIME_WAIT and bind()), and accept()'s wakeups.
 *
 * Over IPv4 (127.0.0.1) by default; with -6 over IPv6 ([::1]), every
 * socket XTCPPROTO_XTCP6 and every address a sockaddr_xtcp6, with the same
 * checks under the same names (tests/run.sh runs it as lifecycle6).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xtcp_test.h"

static int fam;
static int ipv6;	/* -6: [::1] and XTCPPROTO_XTCP6 */

static struct xaddr addr(unsigned short port)
{
	return xt_xaddr(fam, ipv6, ipv6 ? "::1" : "127.0.0.1", port);
}

/* A socket of the version in use. */
static int xsock(void)
{
	return socket(fam, SOCK_STREAM, ipv6 ? XTCPPROTO_XTCP6 : 0);
}

static int listener(unsigned short port)
{
	struct xaddr sx = addr(port);
	int fd = xsock(), one = 1;
	/*
	 * accept() gives up after 10 s: a connect() that failed (under
	 * tests/fault.sh's allocation failures) must not hang the test.
	 */
	struct timeval tv = { .tv_sec = 10 };

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, &sx.sa, sx.len) || listen(fd, 16)) {
		perror("listener");
		close(fd);
		return -1;
	}
	return fd;
}

static int connect_to(unsigned short port)
{
	struct xaddr sx = addr(port);
	int fd = xsock();

	if (connect(fd, &sx.sa, sx.len)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int local_port(int fd)
{
	struct xaddr sx;

	sx.len = sizeof(sx.v6);
	getsockname(fd, &sx.sa, &sx.len);
	return xt_xaddr_port(&sx);
}

static void msleep(int ms)
{
	usleep(ms * 1000);
}

/* S1 and S2, with TIME_WAIT expiry under msl_ms=500. */
static void test_open_close(void)
{
	int l = listener(7001), c, a, cp;
	char buf[8];

	xt_expect_state(7001, 0, "LISTEN", "S1: listener is LISTEN");
	c = connect_to(7001);
	XT_OK(c, "S1: connect() succeeds");
	cp = local_port(c);
	xt_expect_state(cp, 7001, "ESTABLISHED", "S1: client ESTABLISHED");
	xt_expect_state(7001, cp, "ESTABLISHED",
			"S1: server child ESTABLISHED before accept()");
	a = accept(l, NULL, NULL);
	XT_OK(a, "S1: accept() returns the child");

	XT_EQ(write(c, "ping", 4), 4, "data: client writes 4 bytes");
	XT_EQ(read(a, buf, sizeof(buf)), 4, "data: server reads 4 bytes");
	XT_EQ(memcmp(buf, "ping", 4), 0, "data: the bytes are right");

	XT_OK(close(c), "S2: client close()");
	msleep(50);
	xt_expect_state(7001, cp, "CLOSE_WAIT", "S2: server CLOSE_WAIT");
	xt_expect_state(cp, 7001, "FIN_WAIT_2", "S2: client FIN_WAIT_2");
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S2: server reads EOF");
	XT_OK(close(a), "S2: server close()");
	msleep(50);
	xt_expect_state(cp, 7001, "TIME_WAIT", "S2: client TIME_WAIT");
	xt_expect_state(7001, cp, "", "S2: server row gone (CLOSED)");
	msleep(1300);
	xt_expect_state(cp, 7001, "", "S2: TIME_WAIT gone after 2MSL");
	close(l);
}

static long stat_delta(const char *name, long before)
{
	return xt_stat(name) - before;
}

/* Connected pair over loopback: *c client, *a accepted; returns client port. */
static int pair(int l, unsigned short port, int *c, int *a)
{
	*c = connect_to(port);
	*a = *c >= 0 ? accept(l, NULL, NULL) : -1;
	return *c >= 0 ? local_port(*c) : -1;
}

/* Client closes first, the server after the FIN: one TIME_WAIT, client's. */
static void close_pair(int c, int a)
{
	char buf[8];

	close(c);
	while (read(a, buf, sizeof(buf)) > 0)
		;
	close(a);
}

/* S3: half-close. The client shuts down sending; the server still sends. */
static void test_half_close(void)
{
	int l = listener(7003), c, a, cp;
	char buf[16];

	cp = pair(l, 7003, &c, &a);
	XT_OK(shutdown(c, SHUT_WR), "S3: client shutdown(SHUT_WR)");
	msleep(50);
	xt_expect_state(cp, 7003, "FIN_WAIT_2", "S3: client FIN_WAIT_2");
	xt_expect_state(7003, cp, "CLOSE_WAIT", "S3: server CLOSE_WAIT");
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S3: server reads EOF");
	XT_EQ(write(a, "late data", 9), 9, "S3: server writes in CLOSE_WAIT");
	msleep(50);
	XT_EQ(read(c, buf, sizeof(buf)), 9, "S3: client reads it in FIN_WAIT_2");
	XT_EQ(memcmp(buf, "late data", 9), 0, "S3: the bytes are right");
	XT_ERRNO(recv(c, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		 "S3: no EOF before the server's FIN");
	XT_ERRNO(send(c, "x", 1, MSG_NOSIGNAL), EPIPE,
		 "S3: client send after SHUT_WR: EPIPE");
	XT_OK(close(a), "S3: server close()");
	msleep(50);
	XT_EQ(read(c, buf, sizeof(buf)), 0, "S3: client reads EOF after the FIN");
	xt_expect_state(cp, 7003, "TIME_WAIT", "S3: client TIME_WAIT");
	close(c);
	close(l);
}

/* S8: SO_LINGER {1, 0} and unread data both reset instead of closing. */
static void test_abort(void)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	long linger0 = xt_stat("AbortOnLinger"), unread0 = xt_stat("AbortOnClose");
	long rst0 = xt_stat("OutRsts"), tw0 = xt_stat("TW");
	int l = listener(7008), c, a, cp;
	char buf[8];

	cp = pair(l, 7008, &c, &a);
	XT_OK(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
	      "S8: SO_LINGER {1, 0}");
	XT_OK(close(c), "S8: client close()");
	msleep(50);
	xt_expect_state(cp, 7008, "", "S8: no TIME_WAIT for the client");
	xt_expect_state(7008, cp, "", "S8: the server connection is gone");
	XT_ERRNO(read(a, buf, sizeof(buf)), ECONNRESET,
		 "S8: the server's next read is ECONNRESET");
	XT_EQ(stat_delta("AbortOnLinger", linger0), 1, "S8: AbortOnLinger +1");
	XT_EQ(stat_delta("OutRsts", rst0) >= 1, 1, "S8: a RST went out");
	XT_EQ(stat_delta("TW", tw0), 0, "S8: no TIME_WAIT entered");
	close(a);

	cp = pair(l, 7008, &c, &a);
	XT_EQ(write(a, "unread", 6), 6, "S8: server sends data");
	msleep(50);
	XT_OK(close(c), "S8: client closes without reading it");
	msleep(50);
	xt_expect_state(cp, 7008, "", "S8: no TIME_WAIT after unread data");
	XT_EQ(stat_delta("AbortOnClose", unread0), 1, "S8: AbortOnClose +1");
	XT_ERRNO(write(a, "x", 1) < 0 ? -1 : read(a, buf, sizeof(buf)),
		 ECONNRESET, "S8: the server's next call is ECONNRESET");
	close(a);
	close(l);
}

/* S14: a process that dies still closes its connections with FIN. */
static void test_killed(void)
{
	int l = listener(7014), a, pfd[2];
	char buf[8];
	pid_t pid;

	if (pipe(pfd))
		return;
	pid = fork();
	if (pid == 0) {
		int c = connect_to(7014);

		if (write(pfd[1], "x", 1) != 1 || c < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	XT_EQ(read(pfd[0], buf, 1), 1, "S14: child connected");
	a = accept(l, NULL, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	msleep(50);
	xt_expect_state(7014, 0, "LISTEN", "S14: listener still LISTEN");
	{
		struct xaddr peer;

		peer.len = sizeof(peer.v6);
		getpeername(a, &peer.sa, &peer.len);
		xt_expect_state(7014, xt_xaddr_port(&peer), "CLOSE_WAIT",
				"S14: server CLOSE_WAIT: the dead process sent FIN");
		xt_expect_state(xt_xaddr_port(&peer), 7014, "FIN_WAIT_2",
				"S14: the dead process's socket is an orphan in FIN_WAIT_2");
	}
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S14: server reads EOF (a FIN)");
	close(a);
	close(l);
	close(pfd[0]);
	close(pfd[1]);
}

/*
 * S15 and S16: the server never closes (CLOSE_WAIT, held); the orphaned
 * client leaves FIN_WAIT_2 after fin_timeout. A client that only shut down
 * its side is not an orphan and stays.
 */
static void test_fin_wait2(void)
{
	int l = listener(7015), c, a, c2, a2, cp, cp2;

	xt_sysctl("fin_timeout", 1);
	cp = pair(l, 7015, &c, &a);
	cp2 = pair(l, 7015, &c2, &a2);
	close(c);
	shutdown(c2, SHUT_WR);
	msleep(50);
	xt_expect_state(cp, 7015, "FIN_WAIT_2", "S16: orphan in FIN_WAIT_2");
	xt_expect_state(7015, cp, "CLOSE_WAIT", "S15: server held in CLOSE_WAIT");
	msleep(1500);
	xt_expect_state(cp, 7015, "", "S16: orphan gone after fin_timeout");
	xt_expect_state(7015, cp, "CLOSE_WAIT", "S15: server still CLOSE_WAIT");
	xt_expect_state(cp2, 7015, "FIN_WAIT_2",
			"S16: a half-closed socket stays in FIN_WAIT_2");
	xt_sysctl("fin_timeout", 60);
	close(a);
	close(c2);
	close(a2);
	close(l);
}

/* S7: TIME_WAIT holds the port against bind(), unless both reuse it. */
static void test_tw_bind(void)
{
	struct xaddr sx;
	int l = listener(7007), c, a, cp, fd, one = 1;

	cp = pair(l, 7007, &c, &a);
	close_pair(c, a);
	msleep(50);
	xt_expect_state(cp, 7007, "TIME_WAIT", "S7: client in TIME_WAIT");
	sx = addr(cp);
	fd = xsock();
	XT_ERRNO(bind(fd, &sx.sa, sx.len), EADDRINUSE,
		 "S7: bind() over TIME_WAIT is EADDRINUSE");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	XT_ERRNO(bind(fd, &sx.sa, sx.len), EADDRINUSE,
		 "S7: SO_REUSEADDR on the new socket alone is not enough");
	close(fd);

	/* Both reuse: the client set it before connecting. */
	c = xsock();
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sx = addr(7007);
	connect(c, &sx.sa, sx.len);
	cp = local_port(c);
	a = accept(l, NULL, NULL);
	close_pair(c, a);
	msleep(50);
	xt_expect_state(cp, 7007, "TIME_WAIT", "S7: reusing client in TIME_WAIT");
	fd = xsock();
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sx = addr(cp);
	XT_OK(bind(fd, &sx.sa, sx.len),
	      "S7: bind() succeeds when both set SO_REUSEADDR");
	close(fd);

	/* The accepted socket inherits SO_REUSEADDR from the listener. */
	cp = pair(l, 7007, &c, &a);
	close(a);
	msleep(50);
	close(c);
	msleep(50);
	xt_expect_state(7007, cp, "TIME_WAIT", "S7: server side in TIME_WAIT");
	fd = xsock();
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	close(l);
	sx = addr(7007);
	XT_OK(bind(fd, &sx.sa, sx.len),
	      "S7: the accepted socket's TIME_WAIT inherited SO_REUSEADDR");
	close(fd);
}

/*
 * TIME_WAIT rows from one of the @n local @ports to @rport, in one read of
 * /proc/net/xtcp.
 */
static int tw_rows_of(const int *ports, int n, int rport)
{
	char line[256], local[32], remote[32], st[32];
	FILE *f = fopen("/proc/net/xtcp", "r");
	int rows = 0, i;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31s %31s %31s", local, remote, st) != 3 ||
		    strcmp(st, "TIME_WAIT") ||
		    xtcp_addr_port(remote) != rport)
			continue;
		for (i = 0; i < n; i++)
			rows += ports[i] == xtcp_addr_port(local);
	}
	if (f)
		fclose(f);
	return rows;
}

/*
 * /proc/net/xtcp read a piece at a time while rows leave: connections close
 * with a reset halfway through the read, in buckets shown and not yet shown.
 * Each of the @n TIME_WAIT rows to @rport is still shown, and only once.
 */
static void proc_read_while_rows_leave(int rport, int n)
{
	enum { PAIRS = 100, PIECE = 1024 };
	int l = listener(7020), c[PAIRS], a[PAIRS], i, fd, rows = 0, twice = 0;
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	size_t cap = 1 << 22, len = 0, half;
	char *buf = malloc(cap), *line, *end;
	static unsigned char seen[65536];
	ssize_t got;

	for (i = 0; i < PAIRS; i++)
		pair(l, 7020, &c[i], &a[i]);
	fd = open("/proc/net/xtcp", O_RDONLY);
	while (buf && fd >= 0 && (got = read(fd, buf, cap)) > 0)
		len += got;
	if (fd >= 0)
		close(fd);
	half = len / 2;
	len = 0;
	fd = open("/proc/net/xtcp", O_RDONLY);
	while (buf && fd >= 0 && len + PIECE < cap &&
	       (got = read(fd, buf + len, PIECE)) > 0) {
		if (len < half && len + got >= half) {
			for (i = 0; i < PAIRS; i++) {
				setsockopt(c[i], SOL_SOCKET, SO_LINGER, &lg,
					   sizeof(lg));
				close(c[i]);
				close(a[i]);
			}
			msleep(100);
		}
		len += got;
	}
	if (fd >= 0)
		close(fd);
	memset(seen, 0, sizeof(seen));
	for (line = buf; buf && line < buf + len; line = end + 1) {
		char local[32], remote[32], st[32];
		int lp;

		end = memchr(line, '\n', buf + len - line);
		if (!end)
			break;
		*end = 0;
		if (sscanf(line, "%31s %31s %31s", local, remote, st) != 3 ||
		    strcmp(st, "TIME_WAIT") || xtcp_addr_port(remote) != rport)
			continue;
		lp = xtcp_addr_port(local);
		rows += !seen[lp];
		twice += seen[lp];
		seen[lp] = 1;
	}
	free(buf);
	close(l);
	xt_report(rows == n && !twice,
		  "S17: read in pieces while 200 sockets leave, /proc/net/xtcp shows each TIME_WAIT row once",
		  "%d of %d rows, %d shown twice", rows, n, twice);
}

/* S17: many short connections leave many small TIME_WAIT entries. */
static void test_many_tw(void)
{
	int l = listener(7017), i, n = 2000, ok = 0, rows = 0, ports[50];
	long tw0 = xt_stat("TW"), of0, tries;
	char line[256];
	FILE *f;

	/* Long enough that none expires during the test, on any kernel. */
	xt_sysctl("msl_ms", 600000);
	for (i = 0; i < n; i++) {
		int c, a;

		if (pair(l, 7017, &c, &a) > 0)
			ok++;
		close_pair(c, a);
	}
	XT_EQ(ok, n, "S17: 2000 short connections all connect");
	msleep(200);
	f = fopen("/proc/net/xtcp", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "TIME_WAIT") && strstr(line, ":7017 "))
			rows++;
	if (f)
		fclose(f);
	XT_EQ(rows, n, "S17: 2000 TIME_WAIT rows in /proc/net/xtcp");
	XT_EQ(stat_delta("TW", tw0), n, "S17: TW counter +2000");
	proc_read_while_rows_leave(7017, n);
	{
		/*
		 * IPv6 entries come from a slab of their own, xtcp_tw6: the
		 * IPv4 entry and the two addresses (2 x 16 bytes) after it.
		 */
		const char *cache = ipv6 ? "xtcp_tw6" : "xtcp_tw";
		long obj = -1, slab = -1, max = ipv6 ? 128 + 32 : 128;
		char path[64];

		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/object_size",
			 cache);
		f = fopen(path, "r");
		if (f && fscanf(f, "%ld", &obj) != 1)
			obj = -1;
		if (f)
			fclose(f);
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/slab_size",
			 cache);
		f = fopen(path, "r");
		if (f && fscanf(f, "%ld", &slab) != 1)
			slab = -1;
		if (f)
			fclose(f);
		printf("# %s: object_size %ld, slab_size %ld\n", cache, obj,
		       slab);
		xt_report(obj > 0 && obj <= max, ipv6 ?
			  "S17: an IPv6 TIME_WAIT entry is 160 bytes or less" :
			  "S17: a TIME_WAIT entry is 128 bytes or less",
			  "object_size %ld", obj);
	}

	/*
	 * max_tw_buckets caps them; each overflow is counted. Older entries
	 * may expire meanwhile on a slow kernel and make room, so each of the
	 * 50 connections is followed: an entry of its own, or an overflow.
	 */
	rows = 0;
	f = fopen("/proc/net/xtcp", "r");
	while (f && fgets(line, sizeof(line), f))
		rows += !!strstr(line, "TIME_WAIT");
	if (f)
		fclose(f);
	xt_sysctl("max_tw_buckets", rows + 10);
	of0 = xt_stat("TWOverflow");
	for (i = 0; i < 50; i++) {
		int c, a;

		ports[i] = pair(l, 7017, &c, &a);
		close_pair(c, a);
	}
	for (tries = 0; tries < 40; tries++) {
		msleep(50);
		rows = tw_rows_of(ports, 50, 7017);
		if (rows + stat_delta("TWOverflow", of0) == 50)
			break;
	}
	of0 = stat_delta("TWOverflow", of0);
	xt_report(rows >= 10 && of0 > 0 && rows + of0 == 50,
		  "S17: past the cap, entries overflow and are counted",
		  "%d of 50 in TIME_WAIT, %ld overflows", rows, of0);
	xt_sysctl("max_tw_buckets", 32768);
	xt_sysctl("msl_ms", 30000);
	close(l);
}

/* tw_reuse: connect() may take a TIME_WAIT 4-tuple over a second old. */
static void test_tw_reuse(void)
{
	struct xaddr sx, to = addr(7018);
	int l = listener(7018), c, a, cp, one = 1;
	long rec0 = xt_stat("TWRecycled");

	xt_sysctl("msl_ms", 30000);
	c = xsock();
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	connect(c, &to.sa, to.len);
	cp = local_port(c);
	a = accept(l, NULL, NULL);
	close_pair(c, a);
	msleep(50);
	xt_expect_state(cp, 7018, "TIME_WAIT", "tw_reuse: client in TIME_WAIT");
	xt_sysctl("tw_reuse", 0);
	c = xsock();
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sx = addr(cp);
	bind(c, &sx.sa, sx.len);
	XT_ERRNO(connect(c, &to.sa, to.len), EADDRNOTAVAIL,
		 "tw_reuse=0: the TIME_WAIT 4-tuple is not reused");
	close(c);
	xt_sysctl("tw_reuse", 2);
	msleep(1100);
	c = xsock();
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(c, &sx.sa, sx.len);
	XT_OK(connect(c, &to.sa, to.len),
	      "tw_reuse=2: loopback reuses it after 1 s");
	XT_EQ(stat_delta("TWRecycled", rec0), 1, "tw_reuse: TWRecycled +1");
	xt_expect_state(cp, 7018, "ESTABLISHED", "tw_reuse: the 4-tuple is live");
	a = accept(l, NULL, NULL);
	close(a);
	close(c);
	close(l);
	xt_sysctl("msl_ms", 500);
}

/* A task's state letter and voluntary context switches, from /proc. */
static char task_state(pid_t pid, long *nvcsw)
{
	char path[64], line[128], state = '?';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return state;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "State: %c", &state);
		sscanf(line, "voluntary_ctxt_switches: %ld", nvcsw);
	}
	fclose(f);
	return state;
}

/*
 * accept() waits exclusively, as Linux's: of four processes blocked in
 * accept() on one listener, a connection wakes one, not all four (each
 * woken one that finds nothing sleeps again, a voluntary switch). Then
 * another process shuts the listener down, which ends every wait.
 */
static void test_accept_wakes_one(void)
{
	int l = listener(7019), c, i, tries, asleep = 0, woke = 0;
	long before[4] = { 0 }, after;
	pid_t pid[4];

	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			for (;;) {
				int a = accept(l, NULL, NULL);

				if (a < 0 && errno != EINTR)
					_exit(errno == EINVAL ? 0 : 1);
				if (a >= 0)
					close(a);
			}
		}
	}
	for (tries = 0; tries < 100 && asleep < 4; tries++) {
		msleep(50);
		for (asleep = 0, i = 0; i < 4; i++)
			asleep += task_state(pid[i], &before[i]) == 'S';
	}
	msleep(100);
	for (i = 0; i < 4; i++)
		task_state(pid[i], &before[i]);
	c = connect_to(7019);
	msleep(500);
	for (i = 0; i < 4; i++) {
		after = before[i];
		task_state(pid[i], &after);
		woke += after != before[i];
	}
	xt_report(asleep == 4 && c >= 0 && woke == 1,
		  "accept: a connection wakes one of four waiting processes",
		  "%d of 4 asleep in accept(), %d woke", asleep, woke);

	/* shutdown() of the listener from elsewhere wakes them all. */
	shutdown(l, SHUT_RD);
	for (tries = 0, woke = 0; tries < 40 && woke < 4; tries++) {
		msleep(50);
		for (i = 0; i < 4; i++) {
			int st;

			if (pid[i] > 0 && waitpid(pid[i], &st, WNOHANG) == pid[i]) {
				woke += WIFEXITED(st) && !WEXITSTATUS(st);
				pid[i] = 0;
			}
		}
	}
	xt_report(woke == 4,
		  "accept: shutdown(SHUT_RD) of the listener ends all four waits with EINVAL",
		  "%d of 4 returned EINVAL", woke);
	for (i = 0; i < 4; i++) {
		if (pid[i] <= 0)
			continue;
		kill(pid[i], SIGKILL);
		waitpid(pid[i], NULL, 0);
	}
	close(c);
	close(l);
}

/*
 * An accepted socket starts as a copy of its listener (sk_clone_lock()):
 * its timeouts and SO_RCVLOWAT are the listener's.
 */
static void test_inherit(void)
{
	struct timeval rcv = { .tv_sec = 1, .tv_usec = 500000 };
	struct timeval snd = { .tv_sec = 2, .tv_usec = 500000 }, got;
	int l = listener(7019), c, a, lowat = 7, val = 0;
	socklen_t len = sizeof(got);

	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof(rcv));
	setsockopt(l, SOL_SOCKET, SO_SNDTIMEO, &snd, sizeof(snd));
	setsockopt(l, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof(lowat));
	c = connect_to(7019);
	a = accept(l, NULL, NULL);
	getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &got, &len);
	xt_report(got.tv_sec == 1 && got.tv_usec == 500000,
		  "inherit: the accepted socket has the listener's SO_RCVTIMEO",
		  "%ld.%06ld s", (long)got.tv_sec, (long)got.tv_usec);
	len = sizeof(got);
	getsockopt(a, SOL_SOCKET, SO_SNDTIMEO, &got, &len);
	xt_report(got.tv_sec == 2 && got.tv_usec == 500000,
		  "inherit: ... and its SO_SNDTIMEO", "%ld.%06ld s",
		  (long)got.tv_sec, (long)got.tv_usec);
	len = sizeof(val);
	getsockopt(a, SOL_SOCKET, SO_RCVLOWAT, &val, &len);
	XT_EQ(val, 7, "inherit: ... and its SO_RCVLOWAT");
	close(c);
	close(a);
	close(l);
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			fprintf(stderr, "usage: %s [-6]\n", argv[0]);
			return 2;
		}
		ipv6 = 1;
	}
	fam = xt_family();
	if (ipv6) {
		printf("# over IPv6: [::1], XTCPPROTO_XTCP6\n");
		fflush(stdout);
	}
	signal(SIGPIPE, SIG_IGN);
	xt_sysctl("msl_ms", 500);
	test_open_close();
	test_half_close();
	test_abort();
	test_killed();
	test_fin_wait2();
	test_tw_bind();
	test_tw_reuse();
	test_accept_wakes_one();
	test_inherit();
	/*
	 * S17's 2000 TIME_WAIT entries live 20 minutes: in a netns of its
	 * own they go when this process exits, and later tests start clean.
	 */
	XT_EQ(unshare(CLONE_NEWNET) || system("ip link set lo up"), 0,
	      "S17: a netns of its own");
	xt_sysctl("msl_ms", 30000);
	test_many_tw();
	return xt_exit();
}
