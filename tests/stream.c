// SPDX-License-Identifier: GPL-2.0
/*
 * XTCP as a byte stream, over 127.0.0.1 in a network namespace of its own:
 * socket and peer names, half-close with data both ways, EPOLLRDHUP, a peer
 * that stops reading (bounded queueing, blocked writers and their wakeup),
 * zero-window persist probes and recovery, SO_RCVTIMEO/SO_SNDTIMEO,
 * MSG_PEEK/MSG_WAITALL/MSG_DONTWAIT, SO_RCVLOWAT, EPIPE/SIGPIPE/ECONNRESET,
 * SO_SNDBUF/SO_RCVBUF and XTCP_NODELAY. tests/many.c has 1000 connections.
 *
 * Linux TCP is the reference: XTCP_STREAM_FAMILY=inet runs the same checks
 * over AF_INET/IPPROTO_TCP, leaving out those that read /proc/net/xtcp*.
 * With -6 it all goes over IPv6 ([::1]): every socket XTCPPROTO_XTCP6
 * (AF_INET6 for the reference), every address a sockaddr_xtcp6, the same
 * checks (tests/run.sh runs it as stream6).
 * Each group runs in a child of its own under alarm(), so a stuck call
 * fails that group instead of hanging the program.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xtcp_test.h"

#define KIB		1024L
#define MIB		(1024L * KIB)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int fam, proto, is_xtcp;
static int ipv6;		/* -6: [::1] */
static const char *lo_addr = "127.0.0.1";	/* for check names */
static unsigned char buf[MIB];

static void msleep(int ms)
{
	usleep(ms * 1000);
}

/* The stream's byte at offset @off: no period of 256, so shifts show. */
static unsigned char pat(unsigned int seed, long off)
{
	return (unsigned char)(off ^ (off >> 8) * 7 ^ (off >> 16) * 13 ^
			       seed * 29);
}

static void fill(unsigned char *p, long n, unsigned int seed, long off)
{
	long i;

	for (i = 0; i < n; i++)
		p[i] = pat(seed, off + i);
}

/* The offset of the first byte that is not the pattern's, or -1. */
static long verify(const unsigned char *p, long n, unsigned int seed, long off)
{
	long i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(seed, off + i))
			return off + i;
	return -1;
}

/* A loopback address of the version in use. */
static struct xaddr sa(unsigned short port)
{
	return xt_xaddr(fam, ipv6, ipv6 ? "::1" : "127.0.0.1", port);
}

/* A socket of the version in use. */
static int xsock(void)
{
	return socket(fam, SOCK_STREAM, proto);
}

static int set_int(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val));
}

static int get_int(int fd, int level, int opt)
{
	socklen_t len = sizeof(int);
	int val = -1;

	if (getsockopt(fd, level, opt, &val, &len))
		return -1;
	return val;
}

static int set_timeo(int fd, int opt, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	return setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof(tv));
}

static int local_port(int fd)
{
	struct xaddr s;

	s.len = sizeof(s.v6);
	if (getsockname(fd, &s.sa, &s.len))
		return -1;
	return xt_xaddr_port(&s);
}

/*
 * A connected pair on @port: *a connects, *b is accepted. SO_RCVBUF is set
 * on the listener, before listen(), so that B inherits it and its window is
 * sized by it from the SYN+ACK on; SO_SNDBUF on A before connect().
 */
static int pair(unsigned short port, int b_rcvbuf, int a_sndbuf, int *a,
		int *b)
{
	struct xaddr s = sa(port);
	int l = xsock();

	*a = *b = -1;
	if (l < 0 || set_int(l, SOL_SOCKET, SO_REUSEADDR, 1) ||
	    (b_rcvbuf && set_int(l, SOL_SOCKET, SO_RCVBUF, b_rcvbuf)) ||
	    bind(l, &s.sa, s.len) || listen(l, 8))
		goto fail;
	*a = xsock();
	if (*a < 0 || (a_sndbuf && set_int(*a, SOL_SOCKET, SO_SNDBUF, a_sndbuf)))
		goto fail;
	/* A stuck handshake must not hang the group past its checks. */
	set_timeo(*a, SO_SNDTIMEO, 5000);
	set_timeo(l, SO_RCVTIMEO, 5000);
	if (connect(*a, &s.sa, s.len))
		goto fail;
	*b = accept(l, NULL, NULL);
	if (*b < 0)
		goto fail;
	/* B would inherit the listener's timeout: clear it, as A's. */
	set_timeo(*a, SO_SNDTIMEO, 0);
	set_timeo(*b, SO_RCVTIMEO, 0);
	close(l);
	return 0;
fail:
	xt_report(0, "setup: connected sockets", "port %u: %s", port,
		  strerror(errno));
	if (*a >= 0)
		close(*a);
	if (l >= 0)
		close(l);
	*a = -1;
	return -1;
}

/* Wait up to @ms for a /proc/net/xtcp row to reach @want, then check it. */
static void expect_state_within(int lport, int rport, const char *want,
				int ms, const char *name)
{
	long end = xt_now_ms() + ms;
	char st[32];

	while (xt_now_ms() < end) {
		if (!xt_proc_state(lport, rport, st, sizeof(st)) &&
		    !strcmp(st, want))
			break;
		msleep(10);
	}
	xt_expect_state(lport, rport, want, name);
}

/*
 * Read from @fd until @want bytes, EOF or @ms pass, checking each byte
 * against pattern @seed from stream offset @off. Returns the bytes read;
 * *bad is the offset of the first wrong byte or -1, *eof set on EOF.
 */
static long read_pattern(int fd, long want, unsigned int seed, long off,
			 int ms, long *bad, int *eof)
{
	long got = 0, end = xt_now_ms() + ms;

	*bad = -1;
	*eof = 0;
	while (got < want && xt_now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = recv(fd, buf, sizeof(buf) < (size_t)(want - got) ?
			 sizeof(buf) : (size_t)(want - got), MSG_DONTWAIT);
		if (r == 0) {
			*eof = 1;
			break;
		}
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;
		}
		if (*bad < 0)
			*bad = verify(buf, r, seed, off + got);
		got += r;
	}
	return got;
}

/*
 * Send nonblocking until EAGAIN, pause for late window updates, and again
 * until EAGAIN: what the connection holds without the peer reading.
 */
static long fill_until_eagain(int fd, unsigned int seed)
{
	long total = 0;
	int round;

	for (round = 0; round < 2; round++) {
		for (;;) {
			long r;

			fill(buf, 64 * KIB, seed, total);
			r = send(fd, buf, 64 * KIB, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (r > 0) {
				total += r;
				continue;
			}
			if (r < 0 && errno == EAGAIN)
				break;
			return -1;
		}
		msleep(200);
	}
	return total;
}

/* Linux's TcpExt counter @name, from /proc/net/netstat; -1 if none. */
static long tcpext(const char *name)
{
	static char keys[4096], vals[4096];
	char *k, *v, *ks, *vs;
	FILE *f = fopen("/proc/net/netstat", "r");
	long ret = -1;

	if (!f)
		return -1;
	while (ret < 0 && fgets(keys, sizeof(keys), f) &&
	       fgets(vals, sizeof(vals), f)) {
		if (strncmp(keys, "TcpExt:", 7))
			continue;
		k = strtok_r(keys, "\t\n ", &ks);
		v = strtok_r(vals, "\t\n ", &vs);
		while (k && v && strcmp(k, name)) {
			k = strtok_r(NULL, "\t\n ", &ks);
			v = strtok_r(NULL, "\t\n ", &vs);
		}
		if (k && v)
			ret = atol(v);
	}
	fclose(f);
	return ret;
}

/*
 * The "tr" timer code of a /proc/net/tcp row (4: window probe), or -1;
 * /proc/net/tcp6's under -6 (the same columns, longer addresses).
 */
static int tcp_row_timer(int lport, int rport)
{
	unsigned int lp, rp, tr;
	char line[256];
	FILE *f = fopen(ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp", "r");
	int ret = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %*x:%x %*x:%x %*x %*x:%*x %x", &lp, &rp,
			   &tr) == 3 && (int)lp == lport && (int)rp == rport)
			ret = tr;
	if (f)
		fclose(f);
	return ret;
}

/* A child that dies with its parent and within @secs anyway. */
static pid_t fork_helper(unsigned int secs)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(secs);
	}
	return pid;
}

/*
 * A child that sends @len bytes of pattern @seed from offset @off with a
 * blocking send() on @fd, then writes what send() returned (or -errno) to
 * @pfd[1]. The parent reads it from @pfd[0].
 */
static pid_t blocking_writer(int fd, long len, unsigned int seed, long off,
			     int pfd[2])
{
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork_helper(30);
	if (pid == 0) {
		long r, done = 0;

		while (done < len) {
			long k = len - done < MIB ? len - done : MIB;

			fill(buf, k, seed, off + done);
			r = send(fd, buf, k, MSG_NOSIGNAL);
			if (r <= 0) {
				done = done ?: -errno;
				break;
			}
			done += r;
		}
		if (write(pfd[1], &done, sizeof(done)) != sizeof(done))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	return pid;
}

/* What a helper wrote to @rfd within @ms; 0 if it did, -1 if not (yet). */
static int helper_result(int rfd, int ms, long *val)
{
	struct pollfd p = { .fd = rfd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return -1;
	return read(rfd, val, sizeof(*val)) == sizeof(*val) ? 0 : -1;
}

static void reap(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* 1. Both ends' names. */
static int addr_is(const struct xaddr *s, socklen_t len, int port)
{
	int lo = ipv6 ? IN6_IS_ADDR_LOOPBACK(&s->v6.sxtcp6_addr) :
			s->v4.sxtcp_addr == htonl(INADDR_LOOPBACK);

	return len == (ipv6 ? sizeof(s->v6) : sizeof(s->v4)) &&
	       s->sa.sa_family == fam && lo &&
	       (port ? xt_xaddr_port(s) == port : s->v4.sxtcp_port != 0);
}

/* @s's address as text, for messages. */
static const char *addr_str(const struct xaddr *s)
{
	static char str[INET6_ADDRSTRLEN];

	if (!inet_ntop(ipv6 ? AF_INET6 : AF_INET,
		       ipv6 ? (const void *)&s->v6.sxtcp6_addr :
			      (const void *)&s->v4.sxtcp_addr, str, sizeof(str)))
		snprintf(str, sizeof(str), "?");
	return str;
}

static void check_name(int fd, int peer, int port, const char *name)
{
	struct xaddr s;
	socklen_t len = sizeof(s.v6);
	int r;

	memset(&s, 0, sizeof(s));
	r = peer ? getpeername(fd, &s.sa, &len) : getsockname(fd, &s.sa, &len);
	xt_report(!r && addr_is(&s, len, port), name,
		  "returned %d (%s), family %d, %s:%d, len %u, want %d, %s:%d",
		  r, r ? strerror(errno) : "ok", s.sa.sa_family, addr_str(&s),
		  xt_xaddr_port(&s), len, fam, lo_addr, port);
}

/* A check name with the loopback address in it, 127.0.0.1 or [::1]. */
static char name_buf[128];
#define LO_NAME(fmt) \
	(snprintf(name_buf, sizeof(name_buf), fmt, lo_addr), name_buf)

/*
 * The window scale Linux's TCP offers here: a loopback connection's
 * tcpi_rcv_wscale, or -1. Its tcp_rmem[2] and XTCP's rmem[2] are both
 * 6 MiB by default.
 */
static int linux_rcv_wscale(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int l = socket(AF_INET, SOCK_STREAM, 0);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t len = sizeof(a);
	struct tcp_info ti;
	int ws = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = sizeof(a);
	if (!bind(l, (struct sockaddr *)&a, sizeof(a)) && !listen(l, 1) &&
	    !getsockname(l, (struct sockaddr *)&a, &len) &&
	    !connect(c, (struct sockaddr *)&a, sizeof(a))) {
		len = sizeof(ti);
		if (!getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len))
			ws = ti.tcpi_rcv_wscale;
	}
	close(c);
	close(l);
	return ws;
}

/*
 * Both SYNs offered window scaling, so the peer's window (half its 1 MiB
 * default buffer) is past 64 KiB, at the scale Linux's TCP offers
 * (tcp_select_initial_window(): the largest buffer, tcp_rmem[2] or
 * net.core.rmem_max, not half of it); /proc/net/xtcp shows the RTO (at
 * least rto_min_ms) and cwnd (10 segments to start).
 */
static void check_windows(int fd, int port)
{
	struct xtcp_info i;
	socklen_t len = sizeof(i);
	struct xtcp_row r;
	int ws = linux_rcv_wscale();

	memset(&i, 0, sizeof(i));
	getsockopt(fd, SOL_XTCP, XTCP_INFO, &i, &len);
	xt_report(i.xtcpi_snd_wscale && i.xtcpi_rcv_wscale &&
		  i.xtcpi_snd_wnd > 65535,
		  "names: window scaling on, the peer's window past 64 KiB",
		  "scales %u/%u, snd_wnd %u", i.xtcpi_snd_wscale,
		  i.xtcpi_rcv_wscale, i.xtcpi_snd_wnd);
	xt_report(ws > 0 && i.xtcpi_rcv_wscale == (unsigned int)ws,
		  "names: the window scale offered is Linux TCP's",
		  "xtcp %u, tcp %d", i.xtcpi_rcv_wscale, ws);
	xt_report(!xtcp_row_find(port, 7101, &r) && r.rto >= 200 &&
		  r.cwnd == 10L * i.xtcpi_snd_mss,
		  "names: /proc/net/xtcp shows rto and cwnd",
		  "rto %ld, cwnd %ld, mss %u", r.rto, r.cwnd, i.xtcpi_snd_mss);
}

static void test_names(void)
{
	struct xaddr s = sa(7101), from;
	socklen_t len = sizeof(from.v6);
	int l = xsock(), a, b, ap;

	XT_ERRNO(getpeername(l, &from.sa, &len), ENOTCONN,
		 "names: getpeername() before connecting is ENOTCONN");
	if (bind(l, &s.sa, s.len) || listen(l, 8)) {
		xt_report(0, "names: listener", "%s", strerror(errno));
		return;
	}
	check_name(l, 0, 7101,
		   LO_NAME("names: listener's getsockname() %s:7101"));
	a = xsock();
	XT_OK(connect(a, &s.sa, s.len), "names: connect()");
	ap = local_port(a);
	len = sizeof(from.v6);
	memset(&from, 0, sizeof(from));
	b = accept(l, &from.sa, &len);
	xt_report(b >= 0 && addr_is(&from, len, ap),
		  "names: accept() gives the client's address",
		  "fd %d, family %d, %s:%d, len %u, client port %d", b,
		  from.sa.sa_family, addr_str(&from), xt_xaddr_port(&from), len,
		  ap);
	check_name(a, 0, 0,
		   LO_NAME("names: client's getsockname() %s:ephemeral"));
	check_name(a, 1, 7101,
		   LO_NAME("names: client's getpeername() %s:7101"));
	check_name(b, 0, 7101,
		   LO_NAME("names: accepted getsockname() %s:7101"));
	check_name(b, 1, ap, "names: accepted getpeername() is the client's name");
	/* A segment from the peer brings its scaled window. */
	if (is_xtcp && write(b, "x", 1) == 1 && read(a, &from, 1) == 1)
		check_windows(a, ap);
	close(a);
	close(b);
	close(l);
}

/*
 * Move @n bytes of pattern @seed from @w to @r, both polled, nonblocking.
 * After the last byte @w is shut down (@shut = 1) or closed (2), and @r
 * reads to EOF. @mid runs once, halfway. It stops after @ms, or 5 s without
 * a byte moving.
 */
struct pump {
	long sent, got, bad;
	int eof, err;
};

static void pump(int w, int r, long n, unsigned int seed, int shut, int ms,
		 void (*mid)(void), struct pump *p)
{
	long end = xt_now_ms() + ms, moved = xt_now_ms(), last = -1;

	memset(p, 0, sizeof(*p));
	p->bad = -1;
	while (!p->eof && !p->err && xt_now_ms() < end) {
		/* A stalled stream fails in 5 s, not at the deadline. */
		if (p->sent + p->got != last) {
			last = p->sent + p->got;
			moved = xt_now_ms();
		} else if (xt_now_ms() - moved > 5000) {
			break;
		}
		struct pollfd pf[2] = {
			{ .fd = w, .events = p->sent < n ? POLLOUT : 0 },
			{ .fd = r, .events = POLLIN },
		};
		long k;

		if (p->sent == n)
			pf[0].fd = -1;
		poll(pf, 2, 100);
		if (pf[0].revents & (POLLOUT | POLLERR)) {
			k = n - p->sent < 64 * KIB ? n - p->sent : 64 * KIB;
			fill(buf, k, seed, p->sent);
			k = send(w, buf, k, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (k > 0)
				p->sent += k;
			else if (k < 0 && errno != EAGAIN)
				p->err = errno;
			if (mid && p->sent >= n / 2) {
				mid();
				mid = NULL;
			}
			if (p->sent == n && shut == 1 && shutdown(w, SHUT_WR))
				p->err = errno;
			if (p->sent == n && shut == 2 && close(w))
				p->err = errno;
		}
		if (!(pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		k = recv(r, buf + MIB / 2, MIB / 2, MSG_DONTWAIT);
		if (k == 0) {
			p->eof = 1;
		} else if (k > 0) {
			if (p->bad < 0)
				p->bad = verify(buf + MIB / 2, k, seed, p->got);
			p->got += k;
		} else if (errno != EAGAIN) {
			p->err = errno;
		}
	}
}

static int hc_aport;

static void hc_mid(void)
{
	if (!is_xtcp)
		return;
	xt_expect_state(hc_aport, 7102, "FIN_WAIT_2",
			"half-close: A in FIN_WAIT_2 while B sends");
	xt_expect_state(7102, hc_aport, "CLOSE_WAIT",
			"half-close: B in CLOSE_WAIT while it sends");
}

/* 2. Half-close with 1 MiB each way. */
static void test_half_close(void)
{
	struct pump p;
	int a, b;

	if (pair(7102, 0, 0, &a, &b))
		return;
	hc_aport = local_port(a);
	pump(a, b, MIB, 21, 1, 20000, NULL, &p);
	xt_report(p.sent == MIB && !p.err, "half-close: A sends 1 MiB, SHUT_WR",
		  "sent %ld, error %s", p.sent, strerror(p.err));
	xt_report(p.eof, "half-close: B reads EOF after A's data",
		  "no EOF after %ld bytes", p.got);
	XT_EQ(p.got, MIB, "half-close: B reads exactly 1 MiB");
	xt_report(p.bad < 0, "half-close: B's 1 MiB is what A sent",
		  "first wrong byte at %ld", p.bad);
	if (is_xtcp) {
		expect_state_within(hc_aport, 7102, "FIN_WAIT_2", 1000,
				    "half-close: A in FIN_WAIT_2 after SHUT_WR");
		expect_state_within(7102, hc_aport, "CLOSE_WAIT", 1000,
				    "half-close: B in CLOSE_WAIT after EOF");
	}

	/* B sends its 1 MiB after EOF, then closes; A gets it all, then EOF. */
	pump(b, a, MIB, 22, 2, 20000, hc_mid, &p);
	xt_report(p.sent == MIB && !p.err,
		  "half-close: B sends 1 MiB after EOF, then close()",
		  "sent %ld, error %s", p.sent, strerror(p.err));
	XT_EQ(p.got, MIB, "half-close: A reads 1 MiB after its own SHUT_WR");
	xt_report(p.bad < 0, "half-close: A's 1 MiB is what B sent",
		  "first wrong byte at %ld", p.bad);
	xt_report(p.eof, "half-close: A reads EOF after B's close()",
		  "no EOF after %ld bytes", p.got);
	if (is_xtcp)
		expect_state_within(hc_aport, 7102, "TIME_WAIT", 1000,
				    "half-close: A in TIME_WAIT at the end");
	if (p.sent != MIB)
		close(b);
	close(a);
}

/* 3. EPOLLRDHUP when the peer shuts down its sending side. */
static void test_rdhup(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP }, got[4];
	struct pollfd p;
	int a, b, ep, n;
	long t0;
	pid_t pid;

	if (pair(7103, 0, 0, &a, &b))
		return;
	ep = epoll_create1(0);
	XT_OK(epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev),
	      "rdhup: epoll_ctl(EPOLLIN | EPOLLRDHUP)");
	XT_EQ(epoll_wait(ep, got, 4, 0), 0, "rdhup: nothing ready before the FIN");

	/* Shut down from a child while epoll_wait() sleeps: a wakeup. */
	pid = fork_helper(10);
	if (pid == 0) {
		msleep(100);
		_exit(shutdown(b, SHUT_WR) ? 1 : 0);
	}
	t0 = xt_now_ms();
	n = epoll_wait(ep, got, 4, 3000);
	xt_report(n == 1 && (got[0].events & EPOLLRDHUP),
		  "rdhup: B's SHUT_WR wakes epoll_wait() with EPOLLRDHUP",
		  "%d events, 0x%x, after %ld ms", n, n > 0 ? got[0].events : 0,
		  xt_now_ms() - t0);
	xt_report(n == 1 && (got[0].events & EPOLLIN),
		  "rdhup: EPOLLIN with it (EOF is readable)", "events 0x%x",
		  n > 0 ? got[0].events : 0);
	xt_report(n == 1 && !(got[0].events & (EPOLLHUP | EPOLLERR)),
		  "rdhup: no EPOLLHUP or EPOLLERR on a half-closed socket",
		  "events 0x%x", n > 0 ? got[0].events : 0);
	p = (struct pollfd){ .fd = a, .events = POLLIN | POLLRDHUP };
	n = poll(&p, 1, 0);
	xt_report(n == 1 && (p.revents & POLLRDHUP), "rdhup: poll() POLLRDHUP",
		  "poll %d, revents 0x%x", n, p.revents);
	XT_EQ(recv(a, buf, 16, MSG_DONTWAIT), 0, "rdhup: A reads EOF");
	waitpid(pid, NULL, 0);
	close(ep);
	close(a);
	close(b);
}

/* 4. A peer that stops reading: bounded queueing, blocked writers. */
static void test_stall(void)
{
	int a, b, sndbuf, rcvbuf, wp[2], pp[2];
	long total, v = 0, got, bad;
	pid_t writer, poller;
	struct pollfd p;
	int eof;

	if (pair(7104, 0, 0, &a, &b))
		return;
	total = fill_until_eagain(a, 41);
	sndbuf = get_int(a, SOL_SOCKET, SO_SNDBUF);
	rcvbuf = get_int(b, SOL_SOCKET, SO_RCVBUF);
	printf("# stall: %ld bytes queued; SO_SNDBUF %d, SO_RCVBUF %d\n",
	       total, sndbuf, rcvbuf);
	xt_report(total > 0 && total < (long)sndbuf + rcvbuf + 64 * KIB,
		  "stall: what A queues before EAGAIN is bounded by the buffers",
		  "%ld bytes, SO_SNDBUF %d + SO_RCVBUF %d + 64 KiB", total,
		  sndbuf, rcvbuf);
	if (total < 0) {
		close(a);
		close(b);
		return;
	}

	writer = blocking_writer(a, 64 * KIB, 41, total, wp);
	xt_report(helper_result(wp[0], 300, &v) < 0,
		  "stall: a blocking send() is still blocked after 300 ms",
		  "it returned %ld", v);
	p = (struct pollfd){ .fd = a, .events = POLLOUT };
	XT_EQ(poll(&p, 1, 0), 0, "stall: poll(POLLOUT) on A is not ready");

	/* A second child sleeps in poll(POLLOUT): its wakeup is checked. */
	if (pipe(pp))
		return;
	poller = fork_helper(30);
	if (poller == 0) {
		long rev;

		p = (struct pollfd){ .fd = a, .events = POLLOUT };
		rev = poll(&p, 1, 15000) == 1 ? p.revents : 0;
		_exit(write(pp[1], &rev, sizeof(rev)) == sizeof(rev) ? 0 : 1);
	}
	close(pp[1]);
	msleep(100);

	got = read_pattern(b, total + 64 * KIB, 41, 0, 10000, &bad, &eof);
	XT_EQ(got, total + 64 * KIB,
	      "stall: B, reading at last, gets all A wrote within 10 s");
	xt_report(bad < 0, "stall: the bytes are right",
		  "first wrong byte at %ld", bad);
	v = 0;
	helper_result(wp[0], 5000, &v);
	XT_EQ(v, 64 * KIB, "stall: the blocked send() completes in full");
	v = 0;
	helper_result(pp[0], 5000, &v);
	xt_report(v & POLLOUT, "stall: poll(POLLOUT) on A wakes once B reads",
		  "revents 0x%lx", v);
	reap(writer);
	reap(poller);
	close(wp[0]);
	close(pp[0]);
	close(a);
	close(b);
}

/* Zero-window probes sent in this netns: XTCP's counter, or Linux's. */
static long probes(void)
{
	return is_xtcp ? xt_stat("ZeroWindowProbes") : tcpext("TCPWinProbe");
}

/*
 * 5. A zero window: persist probes, then recovery when B reads. Over inet
 * the same checks read Linux's TCPWinProbe and /proc/net/tcp's timer 4,
 * which shows that this setup does shut B's window.
 */
static void test_zero_window(void)
{
	long zwp0 = probes(), zwp = -1, v, got, bad, t0;
	const long n = 256 * KIB;
	int a, b, wp[2], eof, ap, tr;
	struct xtcp_row row;
	pid_t writer;

	if (pair(7105, 4096, 0, &a, &b))
		return;
	ap = local_port(a);
	writer = blocking_writer(a, n, 51, 0, wp);
	msleep(1500);
	/* The first probe goes after an RTO or so; give it 1.5 s more. */
	for (t0 = xt_now_ms(); xt_now_ms() - t0 < 1500; msleep(50)) {
		zwp = probes();
		if (zwp > zwp0)
			break;
	}
	xt_report(zwp > zwp0 && zwp0 >= 0,
		  "zero-window: probes counted while B's window is 0",
		  "%s %ld -> %ld", is_xtcp ? "ZeroWindowProbes" : "TCPWinProbe",
		  zwp0, zwp);
	memset(&row, 0, sizeof(row));
	if (is_xtcp) {
		xt_report(!xtcp_row_find(ap, 7105, &row) &&
			  !strcmp(row.timer, "probe"),
			  "zero-window: A's row shows the probe timer",
			  "state %s, timer '%s'", row.state, row.timer);
	} else {
		tr = tcp_row_timer(ap, 7105);
		xt_report(tr == 4, "zero-window: A's row shows the probe timer",
			  "/proc/net/tcp timer %d, want 4", tr);
	}
	t0 = xt_now_ms();
	got = read_pattern(b, n, 51, 0, 10000, &bad, &eof);
	t0 = xt_now_ms() - t0;
	printf("# zero-window: B read %ld bytes in %ld ms\n", got, t0);
	XT_EQ(got, n, "zero-window: B reads all 256 KiB within 10 s");
	/*
	 * B's reads must reopen the window with updates (RFC 9293 3.8.6.2.2:
	 * once it has grown by min(MSS, buffer / 2)), not leave A to find out
	 * by its backed-off probes. Linux takes milliseconds here.
	 */
	xt_report(got == n && t0 < 3000,
		  "zero-window: ... within 3 s: B's reads send window updates",
		  "%ld bytes in %ld ms", got, t0);
	xt_report(bad < 0, "zero-window: the bytes are right",
		  "first wrong byte at %ld", bad);
	v = 0;
	helper_result(wp[0], 3000, &v);
	XT_EQ(v, n, "zero-window: A's send() of 256 KiB completes");
	reap(writer);
	close(wp[0]);
	close(a);
	close(b);
}

/* 6. SO_RCVTIMEO and SO_SNDTIMEO. */
static void test_timeouts(void)
{
	long r, t0, t1, dt;
	int a, b, e;

	if (pair(7106, 0, 0, &a, &b))
		return;
	XT_OK(set_timeo(a, SO_RCVTIMEO, 200), "timeo: SO_RCVTIMEO 200 ms");
	t0 = xt_now_ms();
	r = recv(a, buf, 100, 0);
	e = errno;
	dt = xt_now_ms() - t0;
	xt_report(r == -1 && e == EAGAIN,
		  "timeo: recv() on an idle connection fails with EAGAIN",
		  "returned %ld, errno %d (%s)", r, e, strerror(e));
	xt_report(dt >= 180 && dt < 2000, "timeo: ... after about 200 ms",
		  "after %ld ms", dt);

	/* B does not read: sends fill the buffers, then time out. */
	XT_OK(set_timeo(a, SO_SNDTIMEO, 200), "timeo: SO_SNDTIMEO 200 ms");
	t0 = xt_now_ms();
	do {
		t1 = xt_now_ms();
		r = send(a, buf, MIB, MSG_NOSIGNAL);
		e = errno;
	} while (r == MIB && xt_now_ms() - t0 < 5000);
	dt = xt_now_ms() - t0;
	xt_report((r >= 0 && r < MIB) || (r == -1 && e == EAGAIN),
		  "timeo: send() returns short or EAGAIN once the buffers fill",
		  "returned %ld, errno %d (%s)", r, e, strerror(e));
	xt_report(dt < 2500, "timeo: ... within about 2 s",
		  "after %ld ms (the last call %ld ms)", dt, xt_now_ms() - t1);
	/*
	 * Autotuning may still grow the send buffer after a short return;
	 * once it stops, a send() copies nothing and fails after the timeout.
	 */
	t1 = xt_now_ms();
	do {
		t0 = xt_now_ms();
		r = send(a, buf, MIB, MSG_NOSIGNAL);
		e = errno;
		dt = xt_now_ms() - t0;
	} while (r > 0 && xt_now_ms() - t1 < 5000);
	xt_report(r == -1 && e == EAGAIN,
		  "timeo: a send() into full buffers fails with EAGAIN",
		  "returned %ld, errno %d (%s)", r, e, strerror(e));
	xt_report(dt >= 180 && dt < 2000,
		  "timeo: ... after waiting about 200 ms", "after %ld ms", dt);
	close(a);
	close(b);
}

/* 7. MSG_PEEK, MSG_DONTWAIT and MSG_WAITALL. */
static void test_recv_flags(void)
{
	unsigned char msg[100], peek1[200], peek2[200], got[200];
	struct pollfd p;
	long r, t0, dt, bad, off;
	int a, b, i, eof;
	pid_t pid;

	if (pair(7107, 0, 0, &a, &b))
		return;
	XT_ERRNO(recv(a, got, 10, MSG_PEEK | MSG_DONTWAIT), EAGAIN,
		 "peek: MSG_PEEK | MSG_DONTWAIT on an empty queue: EAGAIN");
	XT_ERRNO(recv(a, got, 10, MSG_DONTWAIT), EAGAIN,
		 "dontwait: MSG_DONTWAIT on an empty queue: EAGAIN");
	fill(msg, sizeof(msg), 71, 0);
	XT_EQ(send(b, msg, sizeof(msg), 0), sizeof(msg), "peek: B sends 100");
	p = (struct pollfd){ .fd = a, .events = POLLIN };
	poll(&p, 1, 2000);
	r = recv(a, peek1, sizeof(peek1), MSG_PEEK);
	xt_report(r == 100 && !memcmp(peek1, msg, 100),
		  "peek: MSG_PEEK returns the 100 bytes", "returned %ld", r);
	r = recv(a, peek2, sizeof(peek2), MSG_PEEK);
	xt_report(r == 100 && !memcmp(peek2, msg, 100),
		  "peek: a second MSG_PEEK returns them again", "returned %ld",
		  r);
	r = recv(a, got, sizeof(got), 0);
	xt_report(r == 100 && !memcmp(got, msg, 100),
		  "peek: recv() then returns the same bytes", "returned %ld", r);
	XT_ERRNO(recv(a, got, sizeof(got), MSG_DONTWAIT), EAGAIN,
		 "peek: and they are consumed: EAGAIN");

	/* Six 1000-byte sends 100 ms apart. */
	set_timeo(a, SO_RCVTIMEO, 3000);
	pid = fork_helper(10);
	if (pid == 0) {
		for (i = 0; i < 6; i++) {
			msleep(100);
			fill(buf, 1000, 72, i * 1000L);
			if (send(b, buf, 1000, 0) != 1000)
				_exit(1);
		}
		_exit(0);
	}
	t0 = xt_now_ms();
	r = recv(a, buf, 3000, MSG_WAITALL);
	dt = xt_now_ms() - t0;
	xt_report(r == 3000,
		  "waitall: recv(3000, MSG_WAITALL) returns 3000 from three sends",
		  "returned %ld after %ld ms", r, dt);
	xt_report(r == 3000 && dt >= 150, "waitall: ... having waited for them",
		  "returned %ld after %ld ms", r, dt);
	bad = r > 0 ? verify(buf, r, 72, 0) : -1;
	xt_report(bad < 0, "waitall: the bytes are right",
		  "first wrong byte at %ld", bad);
	/* Go on from where that left off, whatever it returned. */
	off = r > 0 ? r : 0;
	r = recv(a, buf, 4096, 0);
	xt_report(r >= 1000 && r <= 2000 && verify(buf, r, 72, off) < 0,
		  "waitall: without it, recv(4096) returns what has come",
		  "returned %ld", r);
	off += r > 0 ? r : 0;
	r = read_pattern(a, 6000 - off, 72, off, 3000, &bad, &eof);
	xt_report(r == 6000 - off && bad < 0, "waitall: the rest arrives, right",
		  "%ld of %ld, first wrong byte at %ld", r, 6000 - off, bad);
	waitpid(pid, NULL, 0);
	close(a);
	close(b);
}

/* B sends @n bytes of pattern 81 from @off after @delay ms, in a child. */
/*
 * 7b. A MSG_PEEK | MSG_WAITALL reader sleeps for more while another reader
 * of the same socket consumes what the peek had reached and more. Linux's
 * tcp_recvmsg_locked() calls it an application bug and peeks on from the
 * new copied_seq; the peek must neither fail nor take bytes from the
 * stream, which the consuming reader checks byte for byte.
 */
static void test_peek_race(void)
{
	long want = 13 * 30000, got, bad, fails = 0, peeks = 0, sent = -1, r;
	static unsigned char pbuf[4096];
	int a, b, eof, pfd[2], wfd[2], st;
	pid_t peeker, writer;

	if (pair(7111, 0, 0, &a, &b))
		return;
	set_int(b, is_xtcp ? SOL_XTCP : IPPROTO_TCP,
		is_xtcp ? XTCP_NODELAY : TCP_NODELAY, 1);
	set_timeo(a, SO_RCVTIMEO, 200);
	if (pipe(pfd) || pipe(wfd))
		return;
	peeker = fork_helper(40);
	if (peeker == 0) {
		long out[2] = { 0, 0 };

		close(pfd[0]);
		while (out[0] < 20000 && !out[1]) {
			r = recv(a, pbuf, sizeof(pbuf), MSG_PEEK | MSG_WAITALL);
			if (r < 0 && errno != EAGAIN && errno != EINTR)
				out[1] = errno;
			if (r == 0)
				break;
			out[0]++;
		}
		if (write(pfd[1], out, sizeof(out)) != sizeof(out))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	writer = fork_helper(40);
	if (writer == 0) {
		long off, t0 = xt_now_ms();

		/*
		 * Small segments: a peek that slept finds the head gone.
		 * For 5 s at most: the debug kernel is slow.
		 */
		for (off = 0; off < want && xt_now_ms() - t0 < 5000; off += 13) {
			fill(buf, 13, 74, off);
			if (send(b, buf, 13, 0) != 13)
				break;
		}
		shutdown(b, SHUT_WR);
		if (write(wfd[1], &off, sizeof(off)) != sizeof(off))
			_exit(1);
		_exit(0);
	}
	close(wfd[1]);
	got = read_pattern(a, want, 74, 0, 30000, &bad, &eof);
	if (read(wfd[0], &sent, sizeof(sent)) != sizeof(sent))
		sent = -1;
	xt_report(got == sent && sent > 0 && bad < 0,
		  "peek race: the consuming reader gets every byte in order while another peeks",
		  "got %ld of %ld, first bad byte %ld", got, sent, bad);
	waitpid(writer, &st, 0);
	shutdown(a, SHUT_RD);
	{
		long out[2] = { 0, -1 };

		if (read(pfd[0], out, sizeof(out)) == sizeof(out)) {
			peeks = out[0];
			fails = out[1];
		}
	}
	xt_report(fails == 0 && peeks > 0,
		  "peek race: MSG_PEEK | MSG_WAITALL calls never fail (EFAULT was a gap)",
		  "%ld peeks, errno %ld (%s)", peeks, fails, strerror(fails));
	reap(peeker);
	close(pfd[0]);
	close(wfd[0]);
	close(a);
	close(b);
}

static pid_t send_later(int b, int delay, long n, long off)
{
	pid_t pid = fork_helper(10);

	if (pid == 0) {
		msleep(delay);
		fill(buf, n, 81, off);
		_exit(send(b, buf, n, 0) == n ? 0 : 1);
	}
	return pid;
}

/* Read and drop what @fd has after @ms: a failed step leaves no bytes. */
static void drain(int fd, int ms)
{
	msleep(ms);
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* 8. SO_RCVLOWAT 1000, as Linux TCP: poll() and recv() wait for 1000. */
static void test_rcvlowat(void)
{
	struct pollfd p = { .events = POLLIN };
	long r, t0, dt;
	int a, b, n;
	pid_t pid;

	if (pair(7108, 0, 0, &a, &b))
		return;
	p.fd = a;
	XT_OK(set_int(a, SOL_SOCKET, SO_RCVLOWAT, 1000),
	      "lowat: SO_RCVLOWAT 1000");
	XT_EQ(get_int(a, SOL_SOCKET, SO_RCVLOWAT), 1000,
	      "lowat: getsockopt() reads back 1000");
	fill(buf, 500, 81, 0);
	XT_EQ(send(b, buf, 500, 0), 500, "lowat: B sends 500");
	n = poll(&p, 1, 200);
	xt_report(n == 0, "lowat: poll(POLLIN) not ready for 200 ms at 500",
		  "poll %d, revents 0x%x", n, p.revents);
	pid = send_later(b, 300, 600, 500);
	t0 = xt_now_ms();
	n = poll(&p, 1, 3000);
	dt = xt_now_ms() - t0;
	xt_report(n == 1 && (p.revents & POLLIN),
		  "lowat: poll(POLLIN) wakes when B sends 600 more",
		  "poll %d, revents 0x%x, after %ld ms", n, p.revents, dt);
	r = recv(a, buf, 4096, MSG_DONTWAIT);
	xt_report(r == 1100 && verify(buf, r, 81, 0) < 0,
		  "lowat: recv() then returns the 1100 bytes", "returned %ld", r);
	waitpid(pid, NULL, 0);
	drain(a, 50);

	/* A blocking recv() waits for the low-water mark too. */
	set_timeo(a, SO_RCVTIMEO, 1000);
	fill(buf, 500, 81, 1100);
	send(b, buf, 500, 0);
	pid = send_later(b, 300, 600, 1600);
	t0 = xt_now_ms();
	r = recv(a, buf, 4096, 0);
	dt = xt_now_ms() - t0;
	xt_report(r >= 1000 && verify(buf, r, 81, 1100) < 0,
		  "lowat: a blocking recv() waits for 1000 bytes, not 500",
		  "returned %ld after %ld ms", r, dt);
	waitpid(pid, NULL, 0);
	drain(a, 50);

	/* Below the mark when SO_RCVTIMEO runs out: what there is. */
	fill(buf, 500, 81, 2200);
	send(b, buf, 500, 0);
	t0 = xt_now_ms();
	r = recv(a, buf, 4096, 0);
	dt = xt_now_ms() - t0;
	xt_report(r == 500 && dt >= 900 && dt < 3000,
		  "lowat: on SO_RCVTIMEO, recv() returns the 500 it has",
		  "returned %ld after %ld ms", r, dt);
	close(a);
	close(b);
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* 9. EPIPE with and without SIGPIPE; ECONNRESET after a reset. */
static void test_epipe(void)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sigaction act = { .sa_handler = on_sigpipe };
	struct pollfd p;
	int a, b, n0;

	sigaction(SIGPIPE, &act, NULL);
	if (pair(7109, 0, 0, &a, &b))
		return;
	XT_OK(shutdown(a, SHUT_WR), "epipe: shutdown(SHUT_WR)");
	n0 = sigpipes;
	XT_ERRNO(send(a, "x", 1, 0), EPIPE, "epipe: send() after SHUT_WR: EPIPE");
	XT_EQ(sigpipes - n0, 1, "epipe: ... and SIGPIPE");
	n0 = sigpipes;
	XT_ERRNO(write(a, "x", 1), EPIPE, "epipe: write() after SHUT_WR: EPIPE");
	XT_EQ(sigpipes - n0, 1, "epipe: ... and SIGPIPE for write() too");
	n0 = sigpipes;
	XT_ERRNO(send(a, "x", 1, MSG_NOSIGNAL), EPIPE,
		 "epipe: MSG_NOSIGNAL: EPIPE");
	XT_EQ(sigpipes - n0, 0, "epipe: ... and no SIGPIPE");
	close(a);
	close(b);

	/* B resets the connection: SO_LINGER {1, 0} and close(). */
	if (pair(7109, 0, 0, &a, &b))
		return;
	setsockopt(b, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(b);
	p = (struct pollfd){ .fd = a, .events = POLLIN };
	poll(&p, 1, 2000);
	xt_report(p.revents & POLLERR, "epipe: poll() on A shows the reset",
		  "revents 0x%x", p.revents);
	n0 = sigpipes;
	XT_ERRNO(send(a, "x", 1, 0), ECONNRESET,
		 "epipe: the first send() after a reset: ECONNRESET");
	XT_EQ(sigpipes - n0, 0, "epipe: ... with no SIGPIPE");
	n0 = sigpipes;
	XT_ERRNO(send(a, "x", 1, 0), EPIPE, "epipe: the next send(): EPIPE");
	XT_EQ(sigpipes - n0, 1, "epipe: ... and SIGPIPE");
	close(a);
}

/* 10. SO_SNDBUF and SO_RCVBUF: read back doubled, and they bind. */
static void test_bufsizes(void)
{
	int s = xsock(), a, b;
	long small, dflt;

	set_int(s, SOL_SOCKET, SO_SNDBUF, 4096);
	XT_EQ(get_int(s, SOL_SOCKET, SO_SNDBUF), 8192,
	      "bufsize: SO_SNDBUF 4096 reads back doubled, 8192");
	set_int(s, SOL_SOCKET, SO_RCVBUF, 4096);
	XT_EQ(get_int(s, SOL_SOCKET, SO_RCVBUF), 8192,
	      "bufsize: SO_RCVBUF 4096 reads back doubled, 8192");
	set_int(s, SOL_SOCKET, SO_SNDBUF, 65536);
	XT_EQ(get_int(s, SOL_SOCKET, SO_SNDBUF), 131072,
	      "bufsize: SO_SNDBUF 65536 reads back 131072");
	set_int(s, SOL_SOCKET, SO_RCVBUF, 65536);
	XT_EQ(get_int(s, SOL_SOCKET, SO_RCVBUF), 131072,
	      "bufsize: SO_RCVBUF 65536 reads back 131072");
	close(s);

	/* The peer's receive buffer is small both times: A's buffer counts. */
	if (pair(7110, 4096, 4096, &a, &b))
		return;
	small = fill_until_eagain(a, 101);
	close(a);
	close(b);
	if (pair(7110, 4096, 0, &a, &b))
		return;
	dflt = fill_until_eagain(a, 101);
	close(a);
	close(b);
	printf("# bufsize: queued %ld with SO_SNDBUF 4096, %ld by default\n",
	       small, dflt);
	xt_report(small > 0 && small < 64 * KIB,
		  "bufsize: SO_SNDBUF 4096 queues less than 64 KiB",
		  "queued %ld", small);
	xt_report(dflt > small, "bufsize: the default SO_SNDBUF queues more",
		  "default %ld, SO_SNDBUF 4096 %ld", dflt, small);
}

/* 11. XTCP_NODELAY (TCP_NODELAY over inet): set and read back. */
static void test_nodelay(void)
{
	int level = is_xtcp ? SOL_XTCP : IPPROTO_TCP;
	int opt = is_xtcp ? XTCP_NODELAY : TCP_NODELAY;
	int s = xsock(), a, b, v = -1;
	socklen_t len = sizeof(v);

	XT_OK(getsockopt(s, level, opt, &v, &len), "nodelay: getsockopt()");
	XT_EQ(len, sizeof(int), "nodelay: an int");
	XT_EQ(v, 0, "nodelay: off by default");
	XT_OK(set_int(s, level, opt, 1), "nodelay: setsockopt(1)");
	XT_EQ(get_int(s, level, opt), 1, "nodelay: reads back 1");
	XT_OK(set_int(s, level, opt, 0), "nodelay: setsockopt(0)");
	XT_EQ(get_int(s, level, opt), 0, "nodelay: reads back 0");
	close(s);
	if (pair(7111, 0, 0, &a, &b))
		return;
	XT_OK(set_int(a, level, opt, 1), "nodelay: set on a connection");
	XT_EQ(get_int(a, level, opt), 1, "nodelay: ... and reads back 1");
	close(a);
	close(b);
}

static const struct {
	const char *name;
	void (*fn)(void);
	unsigned int secs;
} groups[] = {
	{ "names", test_names, 10 },
	{ "half-close", test_half_close, 50 },
	{ "rdhup", test_rdhup, 10 },
	{ "stall", test_stall, 30 },
	{ "zero-window", test_zero_window, 25 },
	{ "timeo", test_timeouts, 15 },
	{ "recv-flags", test_recv_flags, 15 },
	{ "peek-race", test_peek_race, 50 },
	{ "lowat", test_rcvlowat, 15 },
	{ "epipe", test_epipe, 10 },
	{ "bufsize", test_bufsizes, 15 },
	{ "nodelay", test_nodelay, 10 },
};

int main(int argc, char **argv)
{
	const char *env = getenv("XTCP_STREAM_FAMILY");
	unsigned int i;
	int opt;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			fprintf(stderr, "usage: %s [-6]\n", argv[0]);
			return 2;
		}
		ipv6 = 1;
		lo_addr = "[::1]";
	}
	if (env && !strcmp(env, "inet")) {
		fam = ipv6 ? AF_INET6 : AF_INET;
		proto = IPPROTO_TCP;
	} else {
		fam = xt_family();
		proto = ipv6 ? XTCPPROTO_XTCP6 : 0;
		is_xtcp = 1;
	}
	printf("# stream: family %d%s\n", fam, is_xtcp ? "" : " (Linux TCP)");
	if (ipv6)
		printf("# stream: over IPv6: [::1], %s\n",
		       is_xtcp ? "XTCPPROTO_XTCP6" : "AF_INET6");
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "setup: a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		xt_run_group(groups[i].name, groups[i].fn, groups[i].secs);
	return xt_exit();
}
