// SPDX-License-Identifier: GPL-2.0
/*
 * 1000 concurrent connections on one listener, over 127.0.0.1 in a network
 * namespace of its own: they connect nonblocking, the listener accepts them
 * all, and then every connection moves 16 KiB each way at the same time,
 * driven by one epoll loop. Each direction of each connection carries its
 * own pattern, so a byte delivered to the wrong connection, lost, repeated
 * or reordered shows. After close, no connection may be left but the
 * listener and TIME_WAIT entries.
 *
 * XTCP_STREAM_FAMILY=inet runs it over Linux TCP (reading /proc/net/tcp
 * in place of /proc/net/xtcp), the reference. With -6 it runs over IPv6
 * ([::1]): XTCPPROTO_XTCP6 sockets and sockaddr_xtcp6 addresses (AF_INET6
 * and /proc/net/tcp6 for the reference), the same checks (tests/run.sh
 * runs it as many6).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "xtcp_test.h"

#define NCONN		1000
#define XFER		(16 * 1024)
#define PORT		7200

static int fam, proto, is_xtcp;
static int ipv6;	/* -6: [::1] */

/* One end of a connection: clients are 0..NCONN-1, servers after them. */
static struct end {
	int fd;
	long sent, got;
	int bad, done;
} ends[2 * NCONN];

static int port_conn[65536];	/* client port -> connection + 1 */
static unsigned char buf[XFER];

/* Connection @c's byte at @off, client to server (@dir 0) or back. */
static unsigned char pat(int c, int dir, long off)
{
	unsigned int seed = 2 * c + dir;

	return (unsigned char)(off ^ (off >> 8) * 7 ^ seed * 29 ^
			       (seed >> 8) * 101);
}

/* A loopback address of the version in use. */
static struct xaddr sa(unsigned short port)
{
	return xt_xaddr(fam, ipv6, ipv6 ? "::1" : "127.0.0.1", port);
}

/* Linux's table of connections, for the reference: tcp or tcp6. */
static const char *proc_table(void)
{
	return is_xtcp ? "/proc/net/xtcp" :
	       ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp";
}

/*
 * Rows in this netns's /proc/net/xtcp (or /proc/net/tcp) not in TIME_WAIT;
 * *listen counts the LISTEN ones.
 */
/* What is left, to tell a failure's cause. */
static void show_live_rows(void)
{
	char line[512];
	FILE *f = fopen(proc_table(), "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strstr(line, "TIME_WAIT"))
			printf("# many: left: %s", line);
	if (f)
		fclose(f);
}

static int live_rows(int *listen)
{
	char line[512], st[32];
	FILE *f = fopen(proc_table(), "r");
	int n = 0;
	unsigned int hex;

	*listen = 0;
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (is_xtcp) {
			if (sscanf(line, "%*s %*s %31s", st) != 1)
				continue;
		} else {
			/* Linux's hex states: 06 TIME_WAIT, 0A LISTEN. */
			if (sscanf(line, "%*s %*s %*s %x", &hex) != 1)
				continue;
			snprintf(st, sizeof(st), "%s", hex == 6 ? "TIME_WAIT" :
				 hex == 10 ? "LISTEN" : "other");
		}
		if (!strcmp(st, "TIME_WAIT"))
			continue;
		n++;
		*listen += !strcmp(st, "LISTEN");
	}
	fclose(f);
	return n;
}

static void on_alarm(int sig)
{
	static const char msg[] =
		"not ok - many: finished in time: stuck, killed by alarm()\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

/* Send and receive what @e can; mark it done when both ways are whole. */
static void serve(int ep, int i, unsigned int events)
{
	struct end *e = &ends[i];
	int c = i % NCONN, tx = i / NCONN, rx = !tx;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
	long r, k, j;

	if ((events & EPOLLOUT) && e->sent < XFER) {
		k = XFER - e->sent;
		for (j = 0; j < k; j++)
			buf[j] = pat(c, tx, e->sent + j);
		r = send(e->fd, buf, k, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r > 0)
			e->sent += r;
		else if (r < 0 && errno != EAGAIN)
			e->bad = 1;
		if (e->sent == XFER)
			epoll_ctl(ep, EPOLL_CTL_MOD, e->fd, &ev);
	}
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && e->got < XFER) {
		r = recv(e->fd, buf, XFER - e->got, MSG_DONTWAIT);
		if (r > 0) {
			for (j = 0; j < r; j++)
				if (buf[j] != pat(c, rx, e->got + j))
					e->bad = 1;
			e->got += r;
		} else if (r == 0 || errno != EAGAIN) {
			e->bad = 1;	/* EOF or an error before 16 KiB */
		}
	}
	if (e->bad || (e->sent == XFER && e->got == XFER)) {
		e->done = 1;
		epoll_ctl(ep, EPOLL_CTL_DEL, e->fd, NULL);
	}
}

int main(int argc, char **argv)
{
	struct rlimit rl = { .rlim_cur = 4096, .rlim_max = 4096 };
	struct xaddr s, peer;
	const char *env = getenv("XTCP_STREAM_FAMILY");
	int l, i, ep, n, bad = 0, started = 0, accepted = 0, stray = 0;
	int connected = 0, done = 0, whole = 0, rows = -1, listen_rows = 0;
	int pfd = -1, opt;
	static struct epoll_event evs[512];
	long t0, end;
	socklen_t len;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			fprintf(stderr, "usage: %s [-6]\n", argv[0]);
			return 2;
		}
		ipv6 = 1;
	}
	if (env && !strcmp(env, "inet")) {
		fam = ipv6 ? AF_INET6 : AF_INET;
		proto = IPPROTO_TCP;
	} else {
		fam = xt_family();
		proto = ipv6 ? XTCPPROTO_XTCP6 : 0;
		is_xtcp = 1;
	}
	s = sa(PORT);
	printf("# many: family %d%s\n", fam, is_xtcp ? "" : " (Linux TCP)");
	if (ipv6)
		printf("# many: over IPv6: [::1], %s\n",
		       is_xtcp ? "XTCPPROTO_XTCP6" : "AF_INET6");
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(150);
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "setup: a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	/* Two sockets per connection and the listener. */
	XT_OK(setrlimit(RLIMIT_NOFILE, &rl), "many: RLIMIT_NOFILE 4096");
	if (is_xtcp)
		XT_OK(xt_sysctl("max_syn_backlog", 4096),
		      "many: max_syn_backlog 4096");
	l = socket(fam, SOCK_STREAM | SOCK_NONBLOCK, proto);
	if (l < 0 || bind(l, &s.sa, s.len) ||
	    listen(l, 4096)) {
		xt_report(0, "many: a listener with backlog 4096", "%s",
			  strerror(errno));
		return xt_exit();
	}

	/* Read to the end now; a read() after the end comes after the rows. */
	if (is_xtcp) {
		pfd = open("/proc/net/xtcp", O_RDONLY);
		while (pfd >= 0 && read(pfd, buf, sizeof(buf)) > 0)
			;
	}
	t0 = xt_now_ms();
	for (i = 0; i < 2 * NCONN; i++)
		ends[i].fd = -1;
	for (i = 0; i < NCONN; i++) {
		struct xaddr me;
		int fd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK, proto);

		len = sizeof(me.v6);
		if (fd < 0)
			break;
		ends[i].fd = fd;
		if (connect(fd, &s.sa, s.len) &&
		    errno != EINPROGRESS)
			continue;
		if (getsockname(fd, &me.sa, &len))
			continue;
		port_conn[xt_xaddr_port(&me)] = i + 1;
		started++;
	}
	XT_EQ(started, NCONN, "many: 1000 nonblocking connect()s start");

	/* Accept them all; the client's port says which connection it is. */
	for (end = xt_now_ms() + 30000; accepted < NCONN && xt_now_ms() < end;) {
		struct pollfd p = { .fd = l, .events = POLLIN };
		int fd, c;

		len = sizeof(peer.v6);
		fd = accept4(l, &peer.sa, &len, SOCK_NONBLOCK);
		if (fd < 0) {
			if (errno != EAGAIN)
				break;
			poll(&p, 1, 200);
			continue;
		}
		c = port_conn[xt_xaddr_port(&peer)] - 1;
		if (c < 0 || ends[NCONN + c].fd >= 0) {
			stray++;
			close(fd);
			continue;
		}
		ends[NCONN + c].fd = fd;
		accepted++;
	}
	XT_EQ(accepted, NCONN, "many: the listener accepts all 1000");
	XT_EQ(stray, 0, "many: each accepted socket is one client's peer");
	for (i = 0; i < NCONN; i++) {
		socklen_t plen = sizeof(peer.v6);
		int err = -1;

		len = sizeof(err);
		if (ends[i].fd >= 0 &&
		    !getsockopt(ends[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) &&
		    !err && !getpeername(ends[i].fd, &peer.sa, &plen))
			connected++;
	}
	XT_EQ(connected, NCONN, "many: all 1000 clients are connected");
	/*
	 * The end stays the end: 2000 rows came meanwhile, and counting
	 * them anew would show rows again (seq_file reads once more to see
	 * EOF, as cat does).
	 */
	if (is_xtcp) {
		XT_EQ(read(pfd, buf, sizeof(buf)), 0,
		      "many: a read() past the end of /proc/net/xtcp returns 0 "
		      "while rows come");
		close(pfd);
	} else {
		xt_skip("many: a read() past the end of /proc/net/xtcp returns 0 "
			"while rows come", "Linux TCP");
	}
	printf("# many: connected and accepted in %ld ms\n", xt_now_ms() - t0);

	/* All of them at once: 16 KiB each way on every connection. */
	t0 = xt_now_ms();
	ep = epoll_create1(0);
	for (i = 0; i < 2 * NCONN; i++) {
		struct epoll_event ev = {
			.events = EPOLLIN | EPOLLOUT, .data.u32 = i,
		};

		if (ends[i].fd < 0 ||
		    epoll_ctl(ep, EPOLL_CTL_ADD, ends[i].fd, &ev)) {
			ends[i].done = 1;
			ends[i].bad = 1;
		}
		done += ends[i].done;
	}
	for (end = xt_now_ms() + 60000; done < 2 * NCONN && xt_now_ms() < end;) {
		n = epoll_wait(ep, evs, 512, 1000);
		for (i = 0; i < n; i++) {
			struct end *e = &ends[evs[i].data.u32];

			if (e->done)
				continue;
			serve(ep, evs[i].data.u32, evs[i].events);
			done += e->done;
		}
	}
	for (i = 0; i < NCONN; i++) {
		struct end *c = &ends[i], *sv = &ends[NCONN + i];

		bad += c->bad || sv->bad;
		whole += c->sent == XFER && c->got == XFER &&
			 sv->sent == XFER && sv->got == XFER;
	}
	printf("# many: %d connections moved 16 KiB each way in %ld ms\n",
	       whole, xt_now_ms() - t0);
	XT_EQ(whole, NCONN,
	      "many: all 1000 connections move 16 KiB each way at once");
	XT_EQ(bad, 0, "many: every connection's bytes are exact, no errors");

	/* Clients close first, so TIME_WAIT falls to them. */
	close(ep);
	for (i = 0; i < 2 * NCONN; i++)
		if (ends[i].fd >= 0)
			close(ends[i].fd);
	for (end = xt_now_ms() + 10000; xt_now_ms() < end; usleep(50000)) {
		rows = live_rows(&listen_rows);
		if (rows == 1 && listen_rows == 1)
			break;
	}
	xt_report(rows == 1 && listen_rows == 1,
		  "many: after close(), only the listener is left but TIME_WAIT",
		  "%d rows not in TIME_WAIT, %d of them LISTEN", rows,
		  listen_rows);
	if (rows != 1 || listen_rows != 1)
		show_live_rows();
	close(l);
	return xt_exit();
}
