// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-peer: a scripted XTCP peer, after packetdrill.
 *
 *	xtcp-peer [-6] SCRIPT.pkt
 *
 * In a network namespace of its own, it creates the TUN device xtcp0 with
 * 192.0.2.2/24, so that XTCP's segments for 192.0.2.1 come out of the TUN
 * fd and what the tool writes there arrives as from 192.0.2.1. With -6 the
 * same runs over IPv6: an XTCPPROTO_XTCP6 socket, 2001:db8::2/64 on xtcp0
 * and the peer at 2001:db8::1; the script's numbers are IPv4's, and the
 * route's MSS in them stands for IPv6's (xtcp_script_mss()). One script
 * drives both sides: the segments the peer sends ("<") and expects (">"),
 * the XTCP socket calls with their results, and assertions on
 * /proc/net/xtcp and /proc/net/xtcp_stat. Each assertion prints
 * "ok - SCRIPT: LINE: text" or "not ok - SCRIPT: LINE: text: why"; the first
 * failure ends the script. Documentation/peer.rst describes the format.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#include "xtcp-peer-net.h"
#include "xtcp-peer-sys.h"

#define XTCP_PEER_ISN	0x10000000u	/* the peer's ISN, relative 0 */
#define XTCP_MAX_ARGS	16
#define XTCP_MAX_SOCKS	8
#define XTCP_MAX_STATS	16
#define XTCP_QLEN	64
#define XTCP_MAX_IO	4096	/* bytes a read or write line moves */

/* In the order of xtcp_op_names[]. */
enum xtcp_op {
	XTCP_OP_SOCKET, XTCP_OP_BIND, XTCP_OP_LISTEN, XTCP_OP_CONNECT,
	XTCP_OP_ACCEPT, XTCP_OP_READ, XTCP_OP_WRITE, XTCP_OP_SHUTDOWN,
	XTCP_OP_CLOSE, XTCP_OP_SETSOCKOPT
};

static const char *const xtcp_op_names[] = {
	"socket", "bind", "listen", "connect", "accept", "read", "write",
	"shutdown", "close", "setsockopt", NULL
};

/* One socket call, run in the main thread or in the background one. */
struct xtcp_call {
	enum xtcp_op op;
	int fd, arg, level, val, nonblock;
	char newname[16];	/* accept: the name of the new socket */
	long ret;
	int err;
};

static struct {
	const char *script;
	int lineno;
	char text[256];
	int tun, ipproto, family;
	int mss4, mss6;			/* the route's MSS, IPv4 and IPv6 */
	uint16_t xport, pport;		/* XTCP's port and the peer's */
	uint32_t xisn;			/* learnt from XTCP's first SYN */
	bool xisn_known;
	double tref;			/* when the last action happened */
	double timeout, tol;		/* seconds */
	double late;			/* more room after +T (XTCP_PEER_LATE) */
	struct xtcp_seg q[XTCP_QLEN];	/* segments read, not yet expected */
	int qlen;
	struct { char name[16]; int fd; } socks[XTCP_MAX_SOCKS];
	struct { char name[32]; long val; } stats[XTCP_MAX_STATS];
	int nr_stats;
	struct xtcp_call bg;
	pthread_t bg_thread;
	bool bg_running;
	int bg_pipe[2];
} xp;

static double xtcp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void xtcp_ok(void)
{
	printf("ok - %s: %d: %s\n", xp.script, xp.lineno, xp.text);
	fflush(stdout);
}

static int xtcp_fail(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - %s: %d: %s: ", xp.script, xp.lineno, xp.text);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return -1;
}

/* A segment as a script would write it, with relative numbers. */
static const char *xtcp_seg_str(const struct xtcp_seg *s)
{
	static char buf[160];
	char flags[8];
	uint32_t isn = xp.xisn_known ? xp.xisn : 0;

	int n;

	xtcp_flags_str(s->flags, flags);
	n = snprintf(buf, sizeof(buf), "%s seq %d", flags,
		     (int32_t)(s->seq - isn));
	if (s->flags & XTCP_F_ACK)
		n += snprintf(buf + n, sizeof(buf) - n, " ack %d",
			      (int32_t)(s->ack - XTCP_PEER_ISN));
	snprintf(buf + n, sizeof(buf) - n, " win %u mss %u len %u (ports %u > %u)",
		 s->win, s->mss, s->len, s->sport, s->dport);
	return buf;
}

/*
 * Read what XTCP sent, until @deadline (or, with @until_seg, a segment is
 * queued). XTCP's first SYN or SYN+ACK gives its ISN, relative 0.
 */
static void xtcp_pump(double deadline, bool until_seg)
{
	uint8_t buf[65536];
	struct pollfd pfd = { .fd = xp.tun, .events = POLLIN };
	double left;
	ssize_t n;

	for (;;) {
		while ((n = read(xp.tun, buf, sizeof(buf))) > 0) {
			struct xtcp_seg *s = &xp.q[xp.qlen];

			if (xp.qlen == XTCP_QLEN ||
			    xtcp_seg_parse(buf, n, xp.ipproto, s))
				continue;
			s->t = xtcp_now();
			xp.qlen++;
			if (!xp.xisn_known && (s->flags & XTCP_F_SYN)) {
				xp.xisn = s->seq;
				xp.xisn_known = true;
			}
		}
		left = deadline - xtcp_now();
		if (left <= 0 || (until_seg && xp.qlen))
			return;
		poll(&pfd, 1, (int)(left * 1000) + 1);
	}
}

static struct xtcp_seg xtcp_dequeue(void)
{
	struct xtcp_seg s = xp.q[0];

	memmove(xp.q, xp.q + 1, --xp.qlen * sizeof(xp.q[0]));
	return s;
}

/* Anything XTCP sent that no "<" line expected fails the script. */
static int xtcp_check_quiet(void)
{
	xtcp_pump(0, false);
	if (xp.qlen)
		return xtcp_fail("unexpected segment %s",
				 xtcp_seg_str(&xp.q[0]));
	return 0;
}

/* "500ms", "1.5s" or "2" (seconds), in seconds; -1 if malformed. */
static double xtcp_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	if (!strcmp(end, "ms"))
		return v / 1000;
	return !*end || !strcmp(end, "s") ? v : -1;
}

/*
 * An MSS in a script, sent or expected. Scripts are written in IPv4's
 * numbers, where the route's MSS over xtcp0 is its MTU less 40 (1460).
 * Under -6 that value stands for the route's MSS over IPv6, the MTU less
 * 60 (1440: RFC 8200's header is 40 bytes, tcp_v6's tcp_mtu_to_mss()), in
 * XTCP's SYN and SYN+ACK as in the peer's. Any other value (536, a SYN
 * cookie's table entry, a hostile 1) means the same in either version.
 */
static uint16_t xtcp_script_mss(long v)
{
	return xtcp_ipv6 && v == xp.mss4 ? xp.mss6 : v;
}

/* Fields "seq N ack N win N mss N len N" into @s; relative seq and ack. */
static int xtcp_seg_fields(char **argv, int argc, struct xtcp_seg *s,
			   unsigned int *given)
{
	static const char *const keys[] = { "seq", "ack", "win", "mss", "len" };
	int i, k;

	*given = 0;
	for (i = 0; i < argc; i += 2) {
		long long v;
		char *end;

		for (k = 0; k < 5 && strcmp(argv[i], keys[k]); k++)
			;
		if (k == 5 || i + 1 == argc)
			return xtcp_fail("bad field '%s'", argv[i]);
		v = strtoll(argv[i + 1], &end, 0);
		if (*end)
			return xtcp_fail("bad number '%s'", argv[i + 1]);
		*given |= 1 << k;
		switch (k) {
		case 0: s->seq = (uint32_t)v; break;
		case 1: s->ack = (uint32_t)v; break;
		case 2: s->win = v; break;
		case 3: s->mss = xtcp_script_mss(v); break;
		default: s->len = v; break;
		}
	}
	return 0;
}

/* "< FLAGS seq N [ack N] [win N] [mss N] [len N]": the peer sends. */
static int xtcp_inject(char **argv, int argc)
{
	struct xtcp_seg s = { .win = 65535 };
	uint8_t buf[2048];
	unsigned int given;
	int flags = argc ? xtcp_flags_parse(argv[0]) : -1;
	size_t n;

	if (flags < 0)
		return xtcp_fail("bad flags");
	if (xtcp_seg_fields(argv + 1, argc - 1, &s, &given))
		return -1;
	if (!(given & 1) || (!(given & 2) && (flags & XTCP_F_ACK)))
		return xtcp_fail("seq, and ack with '.', are required");
	if (s.len > 1400)
		return xtcp_fail("len is at most 1400");
	s.flags = flags;
	s.seq += XTCP_PEER_ISN;
	s.ack = (flags & XTCP_F_ACK) ? s.ack + xp.xisn : 0;
	s.sport = xp.pport;
	s.dport = xp.xport;
	n = xtcp_seg_build(&s, xp.ipproto, buf);
	if (write(xp.tun, buf, n) != (ssize_t)n)
		return xtcp_fail("write to " XTCP_PEER_DEV ": %s",
				 strerror(errno));
	xp.tref = xtcp_now();
	return 0;
}

/* The ICMP errors a script can send: RFC 792's types and codes. */
static const struct {
	const char *name;
	uint8_t type, code;
} xtcp_icmps[] = {
	{ "net-unreach", 3, 0 },	{ "host-unreach", 3, 1 },
	{ "proto-unreach", 3, 2 },	{ "port-unreach", 3, 3 },
	{ "frag-needed", 3, 4 },	{ "source-quench", 4, 0 },
	{ "time-exceeded", 11, 0 },	{ "param-problem", 12, 0 },
};

/*
 * "icmp NAME seq N [mtu N] [len N]": the peer's host sends an ICMP error
 * about an XTCP segment of its connection with sequence number N (relative
 * to XTCP's ISN) and len bytes of text; mtu for frag-needed.
 */
static int xtcp_icmp(char **argv, int argc)
{
	struct xtcp_seg s = { .flags = XTCP_F_ACK, .win = 65535 };
	unsigned int given, i, n = sizeof(xtcp_icmps) / sizeof(xtcp_icmps[0]);
	uint16_t mtu = 0;
	uint8_t buf[256];
	size_t len;

	for (i = 0; argc > 1 && i < n && strcmp(argv[1], xtcp_icmps[i].name);
	     i++)
		;
	if (argc < 2 || i == n)
		return xtcp_fail("usage: icmp NAME seq N [mtu N] [len N]");
	if (xtcp_ipv6)	/* xtcp_ipv4_only() keeps such scripts from -6 */
		return xtcp_fail("icmp sends ICMP (RFC 792): not over IPv6");
	if (argc > 3 && !strcmp(argv[argc - 2], "mtu")) {
		mtu = strtoul(argv[argc - 1], NULL, 0);
		argc -= 2;
	}
	if (xtcp_seg_fields(argv + 2, argc - 2, &s, &given))
		return -1;
	if (!(given & 1))
		return xtcp_fail("seq is required");
	s.seq += xp.xisn;
	s.ack += XTCP_PEER_ISN;
	s.sport = xp.xport;
	s.dport = xp.pport;
	len = xtcp_icmp_build(&s, xp.ipproto, xtcp_icmps[i].type,
			      xtcp_icmps[i].code, mtu, buf);
	if (write(xp.tun, buf, len) != (ssize_t)len)
		return xtcp_fail("write to " XTCP_PEER_DEV ": %s",
				 strerror(errno));
	xp.tref = xtcp_now();
	return 0;
}

/* "> none DURATION": XTCP must send nothing for that long. */
static int xtcp_expect_none(char **argv, int argc)
{
	double d = argc == 2 ? xtcp_duration(argv[1]) : -1;

	if (d < 0)
		return xtcp_fail("usage: > none DURATION");
	xtcp_pump(xtcp_now() + d, true);
	if (xp.qlen)
		return xtcp_fail("got %s", xtcp_seg_str(&xp.q[0]));
	xp.tref = xtcp_now();
	xtcp_ok();
	return 0;
}

/*
 * "[+T] > FLAGS [seq N] [ack N] [win N] [mss N] [len N]": the next segment
 * XTCP sends must match; with +T, it must come T after the last action,
 * give or take the tolerance.
 */
static int xtcp_expect(char **argv, int argc, double at)
{
	struct xtcp_seg want = { 0 }, got;
	unsigned int given;
	int flags = argc ? xtcp_flags_parse(argv[0]) : -1;
	double dt;

	if (argc && !strcmp(argv[0], "none"))
		return xtcp_expect_none(argv, argc);
	if (flags < 0)
		return xtcp_fail("bad flags");
	if (xtcp_seg_fields(argv + 1, argc - 1, &want, &given))
		return -1;
	xtcp_pump(xp.tref + (at >= 0 ? at + xp.tol + xp.late : xp.timeout),
		  true);
	if (!xp.qlen)
		return xtcp_fail("no segment came");
	got = xtcp_dequeue();
	dt = got.t - xp.tref;
	xp.tref = got.t;
	if (got.flags != flags || got.sport != xp.xport ||
	    got.dport != xp.pport || got.len != want.len ||
	    ((given & 1) && got.seq - xp.xisn != want.seq) ||
	    ((given & 2) && got.ack - XTCP_PEER_ISN != want.ack) ||
	    ((given & 4) && got.win != want.win) ||
	    ((given & 8) && got.mss != want.mss))
		return xtcp_fail("got %s", xtcp_seg_str(&got));
	if (at >= 0 && (dt < at - xp.tol || dt > at + xp.tol + xp.late))
		return xtcp_fail("came after %.3f s, want %.3f s -%.3f/+%.3f s",
				 dt, at, xp.tol, xp.tol + xp.late);
	xtcp_ok();
	return 0;
}

static int *xtcp_sock_slot(const char *name, bool create)
{
	int i, free = -1;

	for (i = 0; i < XTCP_MAX_SOCKS; i++) {
		if (xp.socks[i].fd >= 0 && !strcmp(xp.socks[i].name, name))
			return &xp.socks[i].fd;
		if (xp.socks[i].fd < 0 && free < 0)
			free = i;
	}
	if (!create || free < 0)
		return NULL;
	snprintf(xp.socks[free].name, sizeof(xp.socks[free].name), "%s", name);
	return &xp.socks[free].fd;
}

/* A socket address of XTCP's family, in the version of the run. */
union xtcp_sa {
	struct sockaddr sa;
	struct sockaddr_xtcp v4;
	struct sockaddr_xtcp6 v6;
};

/*
 * The address of the peer (@peer) or the unspecified one, with @port, in
 * @u; returns its length. IPv4: sockaddr_xtcp with 192.0.2.1 or 0.0.0.0;
 * -6: sockaddr_xtcp6 with 2001:db8::1 or ::.
 */
static socklen_t xtcp_addr(union xtcp_sa *u, bool peer, uint16_t port)
{
	memset(u, 0, sizeof(*u));
	if (xtcp_ipv6) {
		u->v6.sxtcp6_family = xp.family;
		u->v6.sxtcp6_port = htons(port);
		if (peer)
			inet_pton(AF_INET6, XTCP_PEER_REMOTE6,
				  &u->v6.sxtcp6_addr);
		return sizeof(u->v6);
	}
	u->v4.sxtcp_family = xp.family;
	u->v4.sxtcp_port = htons(port);
	if (peer)
		inet_pton(AF_INET, XTCP_PEER_REMOTE, &u->v4.sxtcp_addr);
	return sizeof(u->v4);
}

/* Run @c; for the socket calls, a new fd counts as 0. */
static void xtcp_call_run(struct xtcp_call *c)
{
	char buf[XTCP_MAX_IO];
	union xtcp_sa sx;
	socklen_t len;
	int fl = fcntl(c->fd, F_GETFL);

	if (c->nonblock)
		fcntl(c->fd, F_SETFL, fl | O_NONBLOCK);
	errno = 0;
	switch (c->op) {
	case XTCP_OP_SOCKET:
		c->ret = socket(xp.family, SOCK_STREAM,
				xtcp_ipv6 ? XTCPPROTO_XTCP6 : 0);
		break;
	case XTCP_OP_BIND:
		len = xtcp_addr(&sx, false, xp.xport);
		c->ret = bind(c->fd, &sx.sa, len);
		break;
	case XTCP_OP_LISTEN:
		c->ret = listen(c->fd, c->arg);
		break;
	case XTCP_OP_CONNECT:
		len = xtcp_addr(&sx, true, xp.pport);
		c->ret = connect(c->fd, &sx.sa, len);
		break;
	case XTCP_OP_ACCEPT:
		c->ret = accept(c->fd, NULL, NULL);
		break;
	case XTCP_OP_READ:
		c->ret = read(c->fd, buf, c->arg);
		break;
	case XTCP_OP_WRITE:
		memset(buf, 'y', c->arg);
		c->ret = write(c->fd, buf, c->arg);
		break;
	case XTCP_OP_SHUTDOWN:
		c->ret = shutdown(c->fd, c->arg);
		break;
	case XTCP_OP_CLOSE:
		c->ret = close(c->fd);
		break;
	case XTCP_OP_SETSOCKOPT:
		c->ret = setsockopt(c->fd, c->level, c->arg, &c->val,
				    sizeof(c->val));
		break;
	}
	c->err = errno;
	if (c->nonblock && c->op != XTCP_OP_CLOSE)
		fcntl(c->fd, F_SETFL, fl);
}

/* Parse "op NAME args... [nonblock]" into @c; names its sockets. */
static int xtcp_call_parse(char **argv, int argc, struct xtcp_call *c)
{
	static const char *const how[] = { "rd", "wr", "rdwr" };
	const struct xtcp_name *opt;
	int *fd, i;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	for (i = 0; xtcp_op_names[i] && strcmp(xtcp_op_names[i], argv[0]); i++)
		;
	if (!xtcp_op_names[i] || argc < 2)
		return xtcp_fail("unknown command");
	c->op = i;
	if (!strcmp(argv[argc - 1], "nonblock")) {
		c->nonblock = 1;
		argc--;
	}
	if (c->op == XTCP_OP_SOCKET)
		return xtcp_sock_slot(argv[1], false) ?
		       xtcp_fail("socket %s exists", argv[1]) : 0;
	fd = xtcp_sock_slot(argv[1], false);
	if (!fd)
		return xtcp_fail("no socket %s", argv[1]);
	c->fd = *fd;
	if (c->op == XTCP_OP_ACCEPT) {
		if (argc != 3)
			return xtcp_fail("usage: accept NAME NEWNAME");
		snprintf(c->newname, sizeof(c->newname), "%s", argv[2]);
	} else if (c->op == XTCP_OP_SHUTDOWN) {
		for (i = 0; i < 3 && (argc != 3 || strcmp(argv[2], how[i])); i++)
			;
		if (i == 3)
			return xtcp_fail("usage: shutdown NAME rd|wr|rdwr");
		c->arg = i;
	} else if (c->op == XTCP_OP_SETSOCKOPT) {
		opt = argc == 4 ? xtcp_name_find(xtcp_sockopts, argv[2]) : NULL;
		if (!opt)
			return xtcp_fail("usage: setsockopt NAME OPTION VALUE");
		c->level = opt->level;
		c->arg = opt->val;
		c->val = atoi(argv[3]);
	} else if (c->op == XTCP_OP_LISTEN || c->op == XTCP_OP_READ ||
		   c->op == XTCP_OP_WRITE) {
		if (argc != 3)
			return xtcp_fail("usage: %s NAME NUMBER", argv[0]);
		c->arg = atoi(argv[2]);
		if (c->arg < 0 || c->arg > XTCP_MAX_IO)
			return xtcp_fail("at most %d bytes", XTCP_MAX_IO);
	}
	return 0;
}

/* Compare the result of @c with "= RET [ERRNO]"; register new sockets. */
static int xtcp_call_check(const struct xtcp_call *c, char **want, int n,
			   const char *name)
{
	const struct xtcp_name *e = n == 3 ? xtcp_name_find(xtcp_errnos, want[2])
					   : NULL;
	long ret = c->ret;
	int *slot;

	if ((n != 2 && !e) || strcmp(want[0], "="))
		return xtcp_fail("want '= RET' or '= -1 ERRNO'");
	if ((c->op == XTCP_OP_SOCKET || c->op == XTCP_OP_ACCEPT) && c->ret >= 0) {
		slot = xtcp_sock_slot(c->op == XTCP_OP_ACCEPT ? c->newname : name,
				      true);
		if (!slot)
			return xtcp_fail("too many sockets");
		*slot = c->ret;
		ret = 0;
	}
	if (c->op == XTCP_OP_CLOSE && !c->ret)
		*xtcp_sock_slot(name, false) = -1;
	if (ret != atol(want[1]) || (e && (ret != -1 || c->err != e->val)))
		return xtcp_fail("returned %ld%s%s", ret, ret < 0 ? " " : "",
				 ret < 0 ? xtcp_errno_name(c->err) : "");
	xtcp_ok();
	return 0;
}

static void *xtcp_bg_main(void *arg)
{
	(void)arg;
	xtcp_call_run(&xp.bg);
	if (write(xp.bg_pipe[1], "", 1) != 1)
		abort();
	return NULL;
}

static char xtcp_bg_name[16];

/* "bg CALL": start the call in the background, for "join" to check. */
static int xtcp_bg(char **argv, int argc)
{
	if (xp.bg_running)
		return xtcp_fail("a background call is running");
	if (argc < 2 || xtcp_call_parse(argv + 1, argc - 1, &xp.bg))
		return -1;
	snprintf(xtcp_bg_name, sizeof(xtcp_bg_name), "%s", argv[2]);
	xp.bg_running = true;
	pthread_create(&xp.bg_thread, NULL, xtcp_bg_main, NULL);
	/* Give the call time to block before the next line runs. */
	xtcp_pump(xtcp_now() + 0.05, false);
	xp.tref = xtcp_now();
	return 0;
}

/* "join = RET [ERRNO]": wait for the background call and check it. */
static int xtcp_join(char **argv, int argc)
{
	struct pollfd pfd = { .fd = xp.bg_pipe[0], .events = POLLIN };
	double deadline = xtcp_now() + xp.timeout;
	char c;

	if (!xp.bg_running)
		return xtcp_fail("no background call");
	while (!poll(&pfd, 1, 0)) {
		if (xtcp_now() > deadline)
			return xtcp_fail("the call still blocks");
		xtcp_pump(xtcp_now() + 0.01, false);
	}
	if (read(xp.bg_pipe[0], &c, 1) != 1)
		return xtcp_fail("background pipe");
	pthread_join(xp.bg_thread, NULL);
	xp.bg_running = false;
	xp.tref = xtcp_now();
	return xtcp_call_check(&xp.bg, argv + 1, argc - 1, xtcp_bg_name);
}

/* "CALL ... = RET [ERRNO]", run now. */
static int xtcp_syscall(char **argv, int argc)
{
	struct xtcp_call c;
	int eq;

	for (eq = 0; eq < argc && strcmp(argv[eq], "="); eq++)
		;
	if (eq == argc)
		return xtcp_fail("no '= RET'");
	if (xtcp_call_parse(argv, eq, &c))
		return -1;
	xtcp_call_run(&c);
	xp.tref = xtcp_now();
	return xtcp_call_check(&c, argv + eq, argc - eq, argv[1]);
}

/*
 * "state LPORT RPORT STATE|gone". A segment just written to the TUN fd is
 * handled in softirq context, so a mismatch is read again for 200 ms.
 */
static int xtcp_state(char **argv, int argc)
{
	double deadline = xtcp_now() + 0.2;
	struct xtcp_row r;
	bool found, gone;

	if (argc != 4)
		return xtcp_fail("usage: state LPORT RPORT STATE|gone");
	gone = !strcmp(argv[3], "gone");
	for (;;) {
		found = !xtcp_row_find(atoi(argv[1]), atoi(argv[2]), &r);
		if (gone ? !found : found && !strcmp(r.state, argv[3]))
			break;
		if (xtcp_now() > deadline)
			return xtcp_fail("row is %s", found ? r.state : "gone");
		usleep(10000);
	}
	xtcp_ok();
	return 0;
}

/*
 * "timer LPORT RPORT NAME [MIN-MAX]": the armed timer, with MIN-MAX ms left
 * as of the last action. The row is read a little later, so the time left
 * may be short of MIN by what elapsed since then, never more; it may
 * never be over MAX.
 */
static int xtcp_timer(char **argv, int argc)
{
	long lo = 0, hi = -1, since;
	struct xtcp_row r;

	if ((argc != 4 && argc != 5) ||
	    (argc == 5 && sscanf(argv[4], "%ld-%ld", &lo, &hi) != 2))
		return xtcp_fail("usage: timer LPORT RPORT NAME [MIN-MAX]");
	if (xtcp_row_find(atoi(argv[1]), atoi(argv[2]), &r))
		return xtcp_fail("no row");
	since = (long)((xtcp_now() - xp.tref) * 1000) + 1;
	if (strcmp(r.timer, argv[3]) ||
	    (hi >= 0 && (r.ms + since < lo || r.ms > hi)))
		return xtcp_fail("timer is %s with %ld ms, %ld ms after the last action",
				 r.timer, r.ms, since);
	xtcp_ok();
	return 0;
}

/* "stat NAME +N|-N": the counter moved by N since the last look (or start). */
static int xtcp_stat(char **argv, int argc)
{
	long v, base = 0;
	int i;

	if (argc != 3 || (argv[2][0] != '+' && argv[2][0] != '-'))
		return xtcp_fail("usage: stat NAME +N|-N");
	v = xtcp_stat_read(argv[1]);
	if (v < 0)
		return xtcp_fail("no counter %s", argv[1]);
	for (i = 0; i < xp.nr_stats && strcmp(xp.stats[i].name, argv[1]); i++)
		;
	if (i < xp.nr_stats)
		base = xp.stats[i].val;
	else if (i < XTCP_MAX_STATS)
		xp.nr_stats++;
	else
		return xtcp_fail("too many counters");
	snprintf(xp.stats[i].name, sizeof(xp.stats[i].name), "%s", argv[1]);
	xp.stats[i].val = v;
	if (v - base != atol(argv[2]))
		return xtcp_fail("grew by %ld", v - base);
	xtcp_ok();
	return 0;
}

/* The settings: sysctl, ports, timeout, tolerance, wait. */
static int xtcp_setting(char **argv, int argc)
{
	double d = argc == 2 ? xtcp_duration(argv[1]) : -1;

	if (!strcmp(argv[0], "sysctl")) {
		if (argc != 3 || xtcp_sysctl_set(argv[1], atol(argv[2])))
			return xtcp_fail("cannot set it");
		return 0;
	}
	if (!strcmp(argv[0], "ports")) {
		if (argc != 3)
			return xtcp_fail("usage: ports XTCP-PORT PEER-PORT");
		xp.xport = atoi(argv[1]);
		xp.pport = atoi(argv[2]);
		/* Another connection: XTCP's next SYN gives its ISN. */
		xp.xisn_known = false;
		return 0;
	}
	if (d < 0)
		return xtcp_fail("usage: %s DURATION", argv[0]);
	if (!strcmp(argv[0], "timeout"))
		xp.timeout = d;
	else if (!strcmp(argv[0], "tolerance"))
		xp.tol = d;
	else
		xtcp_pump(xp.tref = xtcp_now() + d, false);
	return 0;
}

static int xtcp_line(char **argv, int argc)
{
	static const char *const settings[] = { "sysctl", "ports", "timeout",
						"tolerance", "wait", NULL };
	double at = -1;
	int i;

	if (argv[0][0] == '+') {
		at = xtcp_duration(argv[0] + 1);
		if (at < 0 || argc == 1)
			return xtcp_fail("bad time");
		argv++;
		argc--;
	}
	if (!strcmp(argv[0], ">"))
		return xtcp_expect(argv + 1, argc - 1, at);
	if (at >= 0) {
		xtcp_pump(xp.tref + at, false);
		xp.tref += at;
	}
	if (xtcp_check_quiet())
		return -1;
	if (!strcmp(argv[0], "<"))
		return xtcp_inject(argv + 1, argc - 1);
	if (!strcmp(argv[0], "icmp"))
		return xtcp_icmp(argv, argc);
	for (i = 0; settings[i]; i++)
		if (!strcmp(argv[0], settings[i]))
			return xtcp_setting(argv, argc);
	if (!strcmp(argv[0], "state"))
		return xtcp_state(argv, argc);
	if (!strcmp(argv[0], "timer"))
		return xtcp_timer(argv, argc);
	if (!strcmp(argv[0], "stat"))
		return xtcp_stat(argv, argc);
	if (!strcmp(argv[0], "bg"))
		return xtcp_bg(argv, argc);
	if (!strcmp(argv[0], "join"))
		return xtcp_join(argv, argc);
	return xtcp_syscall(argv, argc);
}

static int xtcp_run(FILE *f)
{
	char line[256], *argv[XTCP_MAX_ARGS], *p;
	int argc;

	while (fgets(line, sizeof(line), f)) {
		xp.lineno++;
		p = strchr(line, '#');
		if (p)
			*p = 0;
		line[strcspn(line, "\n")] = 0;
		snprintf(xp.text, sizeof(xp.text), "%s", line + strspn(line, " \t"));
		for (argc = 0, p = strtok(line, " \t"); p && argc < XTCP_MAX_ARGS;
		     p = strtok(NULL, " \t"))
			argv[argc++] = p;
		if (argc && xtcp_line(argv, argc))
			return -1;
	}
	snprintf(xp.text, sizeof(xp.text), "end: nothing more from XTCP");
	if (xp.bg_running)
		return xtcp_fail("a background call was never joined");
	xtcp_pump(xtcp_now() + 0.1, false);
	if (xtcp_check_quiet())
		return -1;
	xtcp_ok();
	return 0;
}

/*
 * Why script @f cannot run over IPv6, or NULL. A "# ipv4-only: WHY" line
 * says so; and what is IPv4's by nature: ICMP errors (RFC 792's types and
 * codes, quoting an IPv4 header: ICMPv6 has others, and other errnos) and
 * IP-level socket options (IP_RECVERR, IP_MTU_DISCOVER: IPv6 sockets have
 * IPV6_ ones).
 */
static const char *xtcp_ipv4_only(FILE *f)
{
	static char why[200];
	char line[256], *p, *argv[XTCP_MAX_ARGS];
	const char *ret = NULL;
	int argc, i;

	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		p = strchr(line, '#');
		if (p) {
			*p++ = 0;
			p += strspn(p, " \t");
			if (!strncmp(p, "ipv4-only:", 10)) {
				snprintf(why, sizeof(why), "%s",
					 p + 10 + strspn(p + 10, " \t"));
				ret = why;
				break;
			}
		}
		for (argc = 0, p = strtok(line, " \t"); p && argc < XTCP_MAX_ARGS;
		     p = strtok(NULL, " \t"))
			argv[argc++] = p;
		i = argc && argv[0][0] == '+';	/* a time first */
		if (argc <= i)
			continue;
		if (!strcmp(argv[i], "icmp")) {
			ret = "sends ICMP errors, RFC 792's: ICMPv6 has its own types, codes and errnos";
		} else if (!strcmp(argv[i], "setsockopt") && argc > i + 2 &&
			   !strncmp(argv[i + 2], "IP_", 3)) {
			snprintf(why, sizeof(why), "sets %s, an IPv4 option",
				 argv[i + 2]);
			ret = why;
		}
	}
	rewind(f);
	return ret;
}

int main(int argc, char **argv)
{
	static char name[256];
	const char *why;
	FILE *f;
	int i, opt, ret;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			optind = argc;
			break;
		}
		xtcp_ipv6 = 1;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "usage: %s [-6] SCRIPT.pkt\n", argv[0]);
		return 2;
	}
	argv += optind - 1;
	/* Under -6, checks are named v6/SCRIPT. */
	snprintf(name, sizeof(name), "%s%s", xtcp_ipv6 ? "v6/" : "",
		 basename(argv[1]));
	xp.script = name;
	xp.family = xtcp_module_param("family", AF_XTCP);
	xp.ipproto = xtcp_module_param("ipproto", IPPROTO_XTCP);
	xp.xport = 8080;
	xp.pport = 5000;
	xp.timeout = 3;
	xp.tol = 0.15;
	/* A slow kernel fires timers late, never early. */
	xp.late = getenv("XTCP_PEER_LATE") ? atof(getenv("XTCP_PEER_LATE")) : 0;
	for (i = 0; i < XTCP_MAX_SOCKS; i++)
		xp.socks[i].fd = -1;
	signal(SIGPIPE, SIG_IGN);
	snprintf(xp.text, sizeof(xp.text), "setup");
	f = fopen(argv[1], "r");
	if (!f)
		return xtcp_fail("%s", strerror(errno)) ? 1 : 0;
	why = xtcp_ipv6 ? xtcp_ipv4_only(f) : NULL;
	if (why) {
		printf("ok - %s: not run over IPv6 # SKIP ipv4-only: %s\n",
		       xp.script, why);
		fclose(f);
		return 0;
	}
	/* A namespace of its own: no rows, counters or sysctls of others. */
	if (unshare(CLONE_NEWNET))
		return xtcp_fail("unshare: %s", strerror(errno)) ? 1 : 0;
	xp.tun = xtcp_tun_open();
	if (xp.tun < 0 || pipe(xp.bg_pipe))
		return xtcp_fail("no TUN device") ? 1 : 0;
	i = xtcp_dev_mtu(XTCP_PEER_DEV);
	if (i < 0)
		return xtcp_fail("MTU of " XTCP_PEER_DEV ": %s",
				 strerror(errno)) ? 1 : 0;
	xp.mss4 = xtcp_mtu_to_mss(i, 0);
	xp.mss6 = xtcp_mtu_to_mss(i, 1);
	if (xtcp_ipv6)
		printf("# over IPv6: XTCP on %s, the peer %s; the route's MSS is "
		       "%d, %d in the script\n", XTCP_PEER_LOCAL6,
		       XTCP_PEER_REMOTE6, xp.mss6, xp.mss4);
	xp.tref = xtcp_now();
	ret = xtcp_run(f);
	xtcp_sysctl_restore();
	fclose(f);
	return ret ? 1 : 0;
}
