// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-diff: differential testing of XTCP against Linux's TCP, after
 * TCP-Fuzz (USENIX ATC '21).
 *
 *	xtcp-diff [-s SEED | -S SCRIPT] [-n SCRIPTS] [-l STEPS] [-k KNOWN] [-R]
 *		  [-T] [-6] [-v]
 *
 * Two network namespaces, each with a TUN device standing for the peer
 * (xtcp-peer-net.h): XTCP's sockets in one, Linux TCP's (AF_INET, protocol
 * 6) in the other. A random script of injected segments and socket calls
 * runs against both; after every step, what each stack sent back (flags,
 * sequence and acknowledgment numbers relative to the ISNs, text or not,
 * a zero window or not) and the connection's state must be the same. A
 * difference is a divergence; its class names the state it happened in,
 * the step, and what differed. The file KNOWN lists the classes that are
 * deliberate (Documentation/design.rst says why), as fnmatch() patterns;
 * the rest are counted as undocumented, and fail the run unless -R (report
 * only: make check's slice, while the lead decides on them). Linux's SACK, timestamps, ECN and
 * autocorking are off in its namespace: XTCP has none of them. With -T
 * both stacks are Linux TCP: the tool's own test, which must find nothing.
 * With -6 the segments travel in IPv6: Linux's sockets are AF_INET6 ones,
 * XTCP's socket(AF_XTCP, SOCK_STREAM, XTCPPROTO_XTCP6) with struct
 * sockaddr_xtcp6, each stack on 2001:db8::2 and the peer 2001:db8::1.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <time.h>

#include "xtcp-fuzz-pkt.h"
#include "xtcp-peer-sys.h"
#include "../tests/xtcp_test.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define DF_MAX_OUT	16
#define DF_QUIET_MS	80	/* a step is over once a stack is this quiet */
#define DF_STEP_MS	400	/* or at the latest after this */
#define DF_MAX_CLASSES	256
#define DF_MAX_KNOWN	128

/* One stack under test, in its own network namespace. */
struct df_stack {
	const char *name;
	int ns, tun, family, ipproto;
	int proto;		/* socket()'s: 0, or XTCPPROTO_XTCP6 */
	int fd, lfd;
	uint32_t isn, nxt;	/* its ISN and the end of what it sent */
	int have_isn;
	uint32_t in_ack;	/* the ACK field of the last segment sent to it */
	struct xtcp_seg out[DF_MAX_OUT];
	int nout;
};

static struct {
	struct df_stack st[2];	/* 0: Linux TCP, the reference; 1: XTCP */
	uint64_t seed;
	int verbose;
	uint16_t lport, pport;
	uint32_t pisn, pnxt;	/* the peer's, the same for both */
	long steps, divergences, t0;
	long answered;		/* steps Linux's TCP sent something in */
	struct { char cls[200]; long n; uint64_t seed; int step; } cls[DF_MAX_CLASSES];
	int ncls;
	char known[DF_MAX_KNOWN][200];
	int nknown;
	uint8_t buf[FZ_MAX_PKT + 64];
} df;

static long df_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void df_enter(const struct df_stack *s)
{
	if (setns(s->ns, CLONE_NEWNET))
		perror("setns");
}

/* Read what stack @s sent; its segments of our 4-tuple are kept. */
static void df_read(struct df_stack *s)
{
	struct xtcp_seg g;
	ssize_t n;

	while ((n = read(s->tun, df.buf, sizeof(df.buf))) > 0) {
		if (xtcp_seg_parse(df.buf, n, s->ipproto, &g) ||
		    g.sport != df.lport || g.dport != df.pport)
			continue;
		if (g.flags & XTCP_F_SYN) {
			/*
			 * A SYN or SYN+ACK again: its timer (1 s in both)
			 * fires in one step or the next, as the guest's
			 * timing has it. Not compared.
			 */
			if (s->have_isn && g.seq == s->isn)
				continue;
			s->isn = g.seq;
			s->have_isn = 1;
		}
		if ((int32_t)(g.seq + g.len + !!(g.flags & XTCP_F_FIN) +
			      !!(g.flags & XTCP_F_SYN) - s->nxt) > 0 ||
		    (g.flags & XTCP_F_SYN))
			s->nxt = g.seq + g.len + !!(g.flags & XTCP_F_FIN) +
				 !!(g.flags & XTCP_F_SYN);
		if (s->nout < DF_MAX_OUT)
			s->out[s->nout++] = g;
	}
}

/* Collect until both stacks are quiet: a step's answers. */
static void df_collect(void)
{
	struct pollfd p[2] = {
		{ .fd = df.st[0].tun, .events = POLLIN },
		{ .fd = df.st[1].tun, .events = POLLIN },
	};
	long start = df_ms(), last = start;

	for (;;) {
		int n0 = df.st[0].nout, n1 = df.st[1].nout;

		df_read(&df.st[0]);
		df_read(&df.st[1]);
		if (df.st[0].nout != n0 || df.st[1].nout != n1)
			last = df_ms();
		if (df_ms() - last >= DF_QUIET_MS || df_ms() - start >= DF_STEP_MS)
			return;
		poll(p, 2, DF_QUIET_MS / 4);
	}
}

/* Stack @s is Linux's TCP, over either IP version. */
static int df_is_tcp(const struct df_stack *s)
{
	return s->family == AF_INET || s->family == AF_INET6;
}

/* The state of our 4-tuple in stack @s: its socket, else its /proc row. */
static int df_state(struct df_stack *s)
{
	char line[256], loc[64], rem[64];
	unsigned int st, lp, rp;
	int fd = s->fd >= 0 ? s->fd : s->lfd, state = -1;
	socklen_t len;
	FILE *f;

	if (s->fd >= 0) {
		if (df_is_tcp(s)) {
			struct tcp_info ti;

			len = sizeof(ti);
			if (!getsockopt(fd, SOL_TCP, TCP_INFO, &ti, &len))
				state = ti.tcpi_state;
		} else {
			struct xtcp_info xi;

			len = sizeof(xi);
			if (!getsockopt(fd, SOL_XTCP, XTCP_INFO, &xi, &len))
				state = xi.xtcpi_state;
		}
		if (state != XTCP_CLOSE)
			return state;
	}
	/* Orphans and TIME_WAIT: the row of the 4-tuple. */
	df_enter(s);
	f = fopen(s->family == AF_INET6 ? "/proc/net/tcp6" :
		  s->family == AF_INET ? "/proc/net/tcp" : "/proc/net/xtcp", "r");
	if (!f)
		return state;
	while (fgets(line, sizeof(line), f)) {
		char name[32];

		if (s->family == AF_INET6) {
			if (sscanf(line, " %*d: %*32[0-9A-Fa-f]:%4x "
				   "%*32[0-9A-Fa-f]:%4x %2x", &lp, &rp, &st) != 3)
				continue;
		} else if (s->family == AF_INET) {
			if (sscanf(line, " %*d: %*8x:%4x %*8x:%4x %2x", &lp, &rp,
				   &st) != 3)
				continue;
		} else {
			if (sscanf(line, "%63s %63s %31s", loc, rem, name) != 3)
				continue;
			lp = xtcp_addr_port(loc);
			rp = xtcp_addr_port(rem);
			for (st = 1; st < 12; st++)
				if (!strcmp(name, xtcp_state_names[st]))
					break;
		}
		if (lp == df.lport && rp == df.pport) {
			state = st;
			break;
		}
	}
	fclose(f);
	if (state < 0 || state == XTCP_CLOSE)
		state = s->lfd >= 0 && s->fd < 0 ? XTCP_LISTEN : XTCP_CLOSE;
	return state;
}

/* A segment from the peer: the same script, each stack's own numbers. */
struct df_seg {
	uint8_t flags;
	uint32_t seq;		/* relative to the peer's ISN */
	int ack_kind;		/* where the ACK field points, see df_ack() */
	int32_t ack_delta;
	uint16_t win;
	uint32_t len;
	int syn_opts;
};

enum { DF_ACK_NXT, DF_ACK_ISN, DF_ACK_NONE };

static void df_send(struct df_stack *s, const struct df_seg *g)
{
	struct fz_pkt p = {
		.sport = df.pport, .dport = df.lport,
		.seq = df.pisn + g->seq, .flags = g->flags, .win = g->win,
		.doff = -1, .len = g->len,
	};
	size_t n;

	if (g->ack_kind == DF_ACK_NXT)
		p.ack = s->nxt + g->ack_delta;
	else if (g->ack_kind == DF_ACK_ISN)
		p.ack = s->isn + g->ack_delta;
	s->in_ack = p.ack;
	if (g->syn_opts) {
		uint8_t v[2] = { 1460 >> 8, 1460 & 0xff }, ws = 7;

		fz_opt(&p, TCPOPT_MAXSEG, TCPOLEN_MAXSEG, v, 2);
		p.opt[p.optlen++] = TCPOPT_NOP;
		fz_opt(&p, TCPOPT_WINDOW, TCPOLEN_WINDOW, &ws, 1);
	}
	n = fz_pkt_build(&p, s->ipproto, df.buf);
	if (write(s->tun, df.buf, n) != (ssize_t)n)
		perror("write");
}

/* A socket call, the same on both stacks. */
enum { DF_LISTEN, DF_CONNECT, DF_ACCEPT, DF_SEND, DF_RECV, DF_SHUT_WR,
       DF_SHUT_RD, DF_CLOSE, DF_CALLS };

static const char *const df_call_names[] = {
	"listen", "connect", "accept", "send", "recv", "shutdown-wr",
	"shutdown-rd", "close",
};

/*
 * The address @ip:@port for stack @s's sockets: with -6, struct
 * sockaddr_in6, or sockaddr_xtcp6 (its layout) for XTCP; else struct
 * sockaddr_in, or sockaddr_xtcp (its layout).
 */
static socklen_t df_addr(const struct df_stack *s, struct sockaddr_in6 *sa,
			 const char *ip, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sa, 0, sizeof(*sa));
	if (xtcp_ipv6) {
		sa->sin6_family = s->family;
		sa->sin6_port = htons(port);
		if (ip)
			inet_pton(AF_INET6, ip, &sa->sin6_addr);
		return sizeof(*sa);
	}
	sin->sin_family = s->family;
	sin->sin_port = htons(port);
	if (ip)
		inet_pton(AF_INET, ip, &sin->sin_addr);
	return sizeof(*sin);
}

static int df_call(struct df_stack *s, int call, int arg)
{
	struct sockaddr_in6 sa;
	socklen_t salen;
	static char buf[65536];
	int one = 1, ret = 0;

	df_enter(s);
	errno = 0;
	switch (call) {
	case DF_LISTEN:
	case DF_CONNECT: {
		int fd = socket(s->family, SOCK_STREAM | SOCK_NONBLOCK,
				s->proto);

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		salen = df_addr(s, &sa, NULL, df.lport);
		if (bind(fd, (struct sockaddr *)&sa, salen))
			return -errno;
		if (call == DF_LISTEN) {
			s->lfd = fd;
			return listen(fd, 4) ? -errno : 0;
		}
		s->fd = fd;
		salen = df_addr(s, &sa, xtcp_ipv6 ? XTCP_PEER_REMOTE6 :
				XTCP_PEER_REMOTE, df.pport);
		ret = connect(fd, (struct sockaddr *)&sa, salen);
		break;
	}
	case DF_ACCEPT:
		if (s->lfd < 0 || s->fd >= 0)
			return -EBADF;
		ret = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK);
		if (ret >= 0) {
			s->fd = ret;
			ret = 0;
		}
		break;
	case DF_SEND:
		ret = send(s->fd, buf, arg, MSG_DONTWAIT | MSG_NOSIGNAL);
		break;
	case DF_RECV:
		ret = recv(s->fd, buf, arg, MSG_DONTWAIT);
		break;
	case DF_SHUT_WR:
		ret = shutdown(s->fd, SHUT_WR);
		break;
	case DF_SHUT_RD:
		ret = shutdown(s->fd, SHUT_RD);
		break;
	case DF_CLOSE:
		if (s->fd >= 0) {
			ret = close(s->fd);
			s->fd = -1;
		} else if (s->lfd >= 0) {
			ret = close(s->lfd);
			s->lfd = -1;
		}
		break;
	}
	return ret < 0 ? -errno : ret;
}

/* "S.", "F.", "R" ... with "+" for text and "0" for a zero window. */
static void df_seg_str(const struct df_stack *s, const struct xtcp_seg *g,
		       char *buf, size_t n, int numbers)
{
	char f[8];

	xtcp_flags_str(g->flags, f);
	if (numbers)
		snprintf(buf, n, "%s%s%s(%d,%d)", f, g->len ? "+" : "",
			 g->win ? "" : "0", (int32_t)(g->seq - s->isn),
			 (int32_t)(g->ack - df.pisn));
	else
		snprintf(buf, n, "%s%s%s", f, g->len ? "+" : "",
			 g->win ? "" : "0");
}

/* What a stack sent in a step, flags only: the part of a class. */
static void df_out_str(const struct df_stack *s, char *buf, size_t n,
		       int numbers)
{
	size_t o = 0;

	buf[0] = 0;
	for (int i = 0; i < s->nout && o + 32 < n; i++) {
		char g[64];

		df_seg_str(s, &s->out[i], g, sizeof(g), numbers);
		o += snprintf(buf + o, n - o, "%s%s", i ? " " : "", g);
	}
	if (!s->nout)
		snprintf(buf, n, "-");
}

/*
 * Two answers are the same: flags (but those in @ignore), relative
 * numbers, text, window.
 */
static int df_same_out(uint8_t ignore)
{
	const struct df_stack *a = &df.st[0], *b = &df.st[1];

	if (a->nout != b->nout)
		return 0;
	for (int i = 0; i < a->nout; i++) {
		const struct xtcp_seg *x = &a->out[i], *y = &b->out[i];

		/*
		 * A reset's number may be absolute: 0, or the ACK field it
		 * answers (RFC 9293 3.10.7.1), which each stack was sent
		 * relative to its own numbers.
		 */
		if ((x->flags & ~ignore) != (y->flags & ~ignore) ||
		    !x->len != !y->len ||
		    !x->win != !y->win ||
		    ((x->seq - a->isn) != (y->seq - b->isn) &&
		     x->seq != y->seq &&
		     (!(x->flags & XTCP_F_RST) ||
		      x->seq - a->in_ack != y->seq - b->in_ack)) ||
		    ((x->flags & XTCP_F_ACK) && x->ack != y->ack))
			return 0;
	}
	return 1;
}

static int df_is_known(const char *cls)
{
	for (int i = 0; i < df.nknown; i++)
		if (!fnmatch(df.known[i], cls, 0))
			return 1;
	return 0;
}

static void df_divergence(const char *cls, uint64_t seed, int step)
{
	int i;

	df.divergences++;
	for (i = 0; i < df.ncls && strcmp(df.cls[i].cls, cls); i++)
		;
	if (i == df.ncls) {
		if (i == DF_MAX_CLASSES)
			return;
		snprintf(df.cls[i].cls, sizeof(df.cls[i].cls), "%s", cls);
		df.cls[i].seed = seed;
		df.cls[i].step = step;
		df.ncls++;
	}
	df.cls[i].n++;
}

/* A random step: a segment or a call, biased to what moves a connection. */
static void df_step_random(uint64_t *r, char *desc, size_t n, int *call,
			   int *arg, struct df_seg *g)
{
	static const uint8_t flags[] = {
		XTCP_F_ACK, XTCP_F_ACK | XTCP_F_PSH, XTCP_F_FIN | XTCP_F_ACK,
		XTCP_F_RST, XTCP_F_RST | XTCP_F_ACK, XTCP_F_SYN,
		XTCP_F_SYN | XTCP_F_ACK, XTCP_F_ACK | XTCP_F_PSH,
		XTCP_F_FIN, 0,
	};
	static const char *const seqs[] = { "nxt", "nxt-1", "nxt+1", "far",
					    "isn" };
	static const char *const acks[] = { "nxt", "nxt-1", "nxt+1", "isn",
					    "far" };
	int sk = fz_below(r, 5), ak = fz_below(r, 5);
	char f[8];

	*call = -1;
	if (fz_chance(r, 30)) {
		*call = DF_SEND + fz_below(r, DF_CLOSE - DF_SEND + 1);
		if (*call == DF_CLOSE && fz_chance(r, 50))
			*call = DF_ACCEPT;
		*arg = 1 + fz_below(r, 3000);
		snprintf(desc, n, "%s", df_call_names[*call]);
		return;
	}
	memset(g, 0, sizeof(*g));
	g->flags = flags[fz_below(r, ARRAY_LEN(flags))];
	g->win = fz_chance(r, 85) ? 65535 : 0;
	g->len = (g->flags & (XTCP_F_RST | XTCP_F_SYN)) || fz_chance(r, 50) ?
		 0 : 1 + fz_below(r, 1000);
	g->seq = df.pnxt + (uint32_t[]){ 0, -1u, 1, 0x40000000u,
					 -(df.pnxt) }[sk];
	g->ack_kind = ak == 3 ? DF_ACK_ISN : DF_ACK_NXT;
	g->ack_delta = (int32_t[]){ 0, -1, 1, 1, 0x40000000 }[ak];
	if (!(g->flags & XTCP_F_ACK))
		g->ack_kind = DF_ACK_NONE;
	xtcp_flags_str(g->flags, f);
	snprintf(desc, n, "< %s%s%s seq=%s%s%s", f[0] ? f : "none",
		 g->len ? "+" : "", g->win ? "" : "0", seqs[sk],
		 g->ack_kind == DF_ACK_NONE ? "" : " ack=",
		 g->ack_kind == DF_ACK_NONE ? "" : acks[ak]);
	/* The peer's model: what it sends at its NXT is taken. */
	if (sk == 0 && !(g->flags & XTCP_F_RST))
		df.pnxt += g->len + !!(g->flags & XTCP_F_SYN) +
			   !!(g->flags & XTCP_F_FIN);
}

/*
 * Run one step on both stacks and compare; 1 if they diverged. What comes
 * after a divergence follows from it, so a script ends at its first.
 */
static int df_step(uint64_t seed, int step, const char *desc, int call,
		   int arg, const struct df_seg *g)
{
	long before_div = df.divergences;
	char cls[200], o0[160], o1[160];
	int before = df_state(&df.st[0]), s0, s1, r0 = 0, r1 = 0;

	for (int i = 0; i < 2; i++) {
		df.st[i].nout = 0;
		if (call >= 0)
			*(i ? &r1 : &r0) = df_call(&df.st[i], call, arg);
		else
			df_send(&df.st[i], g);
	}
	df_collect();
	s0 = df_state(&df.st[0]);
	s1 = df_state(&df.st[1]);
	df.steps++;
	df.answered += df.st[0].nout > 0;
	if (df.verbose > 1) {
		struct tcp_info ti = { 0 };
		struct xtcp_info xi = { 0 };
		socklen_t l0 = sizeof(ti), l1 = sizeof(xi);

		if (df.st[0].fd >= 0)
			getsockopt(df.st[0].fd, SOL_TCP, TCP_INFO, &ti, &l0);
		if (df.st[1].fd >= 0)
			getsockopt(df.st[1].fd, SOL_XTCP, XTCP_INFO, &xi, &l1);
		fprintf(stderr, "  %ld ms: tcp rto %u ms rtt %u us, xtcp rto %u ms rtt %u us wnd %u cwnd %u\n",
			df_ms() - df.t0, ti.tcpi_rto / 1000, ti.tcpi_rtt,
			xi.xtcpi_rto_ms, xi.xtcpi_rtt_us, xi.xtcpi_snd_wnd,
			xi.xtcpi_snd_cwnd);
	}
	if (df.verbose) {
		df_out_str(&df.st[0], o0, sizeof(o0), 1);
		df_out_str(&df.st[1], o1, sizeof(o1), 1);
		fprintf(stderr, "  %s %s: tcp %s [%s] %d, xtcp %s [%s] %d\n",
			xtcp_state_names[before < 0 ? 0 : before], desc,
			xtcp_state_names[s0 < 0 ? 0 : s0], o0, r0,
			xtcp_state_names[s1 < 0 ? 0 : s1], o1, r1);
	}
	/* A call's result: its errno, or data moved or not. */
	if (call >= 0 && (r0 < 0 ? r0 : r0 > 0) != (r1 < 0 ? r1 : r1 > 0)) {
		snprintf(cls, sizeof(cls), "%s %s: tcp returns %s, xtcp %s",
			 xtcp_state_names[before < 0 ? 0 : before], desc,
			 r0 < 0 ? strerror(-r0) : r0 ? "data" : "0",
			 r1 < 0 ? strerror(-r1) : r1 ? "data" : "0");
		df_divergence(cls, seed, step);
	}
	if (!df_same_out(0)) {
		df_out_str(&df.st[0], o0, sizeof(o0), 0);
		df_out_str(&df.st[1], o1, sizeof(o1), 0);
		/* PSH is a class of its own: diff-known.txt lists it. */
		if (df_same_out(XTCP_F_PSH))
			snprintf(o1 + strlen(o1), sizeof(o1) - strlen(o1),
				 " (PSH only)");
		else if (!strcmp(o0, o1))
			snprintf(o1 + strlen(o1), sizeof(o1) - strlen(o1),
				 " (numbers differ)");
		snprintf(cls, sizeof(cls), "%s %s: tcp sends %s, xtcp %s",
			 xtcp_state_names[before < 0 ? 0 : before], desc, o0, o1);
		df_divergence(cls, seed, step);
	}
	if (s0 != s1) {
		snprintf(cls, sizeof(cls), "%s %s: tcp goes to %s, xtcp %s",
			 xtcp_state_names[before < 0 ? 0 : before], desc,
			 xtcp_state_names[s0 < 0 ? 0 : s0],
			 xtcp_state_names[s1 < 0 ? 0 : s1]);
		df_divergence(cls, seed, step);
	}
	return df.divergences != before_div;
}

/* Both stacks back to nothing: sockets closed, rows reset. */
static void df_reset(void)
{
	for (int i = 0; i < 2; i++) {
		struct df_stack *s = &df.st[i];
		struct df_seg g = { .flags = XTCP_F_RST, .seq = df.pnxt,
				    .ack_kind = DF_ACK_NONE };
		struct linger lg = { 1, 0 };

		if (s->fd >= 0) {
			setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg,
				   sizeof(lg));
			close(s->fd);
		}
		if (s->lfd >= 0)
			close(s->lfd);
		s->fd = s->lfd = -1;
		df_send(s, &g);
		s->have_isn = 0;
		s->isn = s->nxt = 0;
	}
	df_collect();
}

/*
 * One script: open (passive or active, as the seed says), then random
 * steps. Every script uses new ports, so nothing left by one meets the
 * next.
 */
static void df_script(uint64_t seed, int nsteps, int idx)
{
	uint64_t r = seed;
	struct df_seg g = { 0 };
	char desc[96];
	int call, arg = 0;

	df.lport = 2000 + idx % 20000;
	df.pport = 40000 + idx % 20000;
	df.pisn = fz_next(&r);
	df.pnxt = 0;
	df.t0 = df_ms();
	int div = 0;

	if (fz_chance(&r, 50)) {
		div = df_step(seed, 0, "listen", DF_LISTEN, 0, NULL);
		g = (struct df_seg){ .flags = XTCP_F_SYN, .seq = 0,
				     .ack_kind = DF_ACK_NONE, .win = 65535,
				     .syn_opts = 1 };
		df.pnxt = 1;
		div = div || df_step(seed, 1, "< S seq=isn", -1, 0, &g);
		if (!div && fz_chance(&r, 80)) {
			g = (struct df_seg){ .flags = XTCP_F_ACK, .seq = 1,
					     .ack_kind = DF_ACK_NXT,
					     .win = 65535 };
			div = df_step(seed, 2, "< . seq=nxt ack=nxt", -1, 0, &g) ||
			      df_step(seed, 3, "accept", DF_ACCEPT, 0, NULL);
		}
	} else {
		div = df_step(seed, 0, "connect", DF_CONNECT, 0, NULL);
		g = (struct df_seg){ .flags = XTCP_F_SYN | XTCP_F_ACK, .seq = 0,
				     .ack_kind = DF_ACK_NXT, .win = 65535,
				     .syn_opts = 1 };
		df.pnxt = 1;
		if (!div && fz_chance(&r, 80))
			div = df_step(seed, 1, "< S. seq=isn ack=nxt", -1, 0, &g);
	}
	for (int i = 0; i < nsteps && !div; i++) {
		df_step_random(&r, desc, sizeof(desc), &call, &arg, &g);
		div = df_step(seed, 4 + i, desc, call, arg, &g);
	}
	df_reset();
}

static int df_setup(struct df_stack *s, const char *name, int family,
		    int ipproto)
{
	s->name = name;
	s->family = family;
	s->ipproto = ipproto;
	s->proto = xtcp_ipv6 && !df_is_tcp(s) ? XTCPPROTO_XTCP6 : 0;
	s->fd = s->lfd = -1;
	if (unshare(CLONE_NEWNET) || xt_lo_up())
		return -1;
	s->ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	s->tun = xtcp_tun_open_dev("xtcp0");
	if (s->ns < 0 || s->tun < 0)
		return -1;
	/*
	 * Retransmissions 30 s apart at least, in both: timers that fire in
	 * one step for one stack and the next for the other are not
	 * divergences. 5 s was not enough on a debug kernel sharing its
	 * CPUs: a script's steps from close() outlasted it, and XTCP's FIN
	 * went again in a step where Linux's did not yet.
	 */
	if (family == AF_INET)
		return system("ip route replace 192.0.2.0/24 dev xtcp0 "
			      "rto_min 30s") ? -1 : 0;
	/*
	 * IPv6: the prefix route addrconf made has metric 256, and a route
	 * added without one gets 1024, which lookups never reach: replace
	 * the one of metric 256.
	 */
	if (family == AF_INET6)
		return system("ip -6 route replace 2001:db8::/64 dev xtcp0 "
			      "metric 256 rto_min 30s") ? -1 : 0;
	/*
	 * The ACKs to unacceptable segments: one per connection, request
	 * or entry in a script, so that which are sent does not depend on
	 * steps falling either side of 500 ms (df_tcp_sysctls() too).
	 */
	if (xtcp_sysctl_set("invalid_ratelimit", 60000))
		return -1;
	return xtcp_sysctl_set("rto_min_ms", 30000);
}

static void df_tcp_sysctl(const char *name, const char *val)
{
	char path[96];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", name);
	f = fopen(path, "w");
	if (f) {
		fputs(val, f);
		fclose(f);
	}
}

/* What XTCP leaves out, Linux must leave out too. */
static void df_tcp_sysctls(void)
{
	df_tcp_sysctl("tcp_sack", "0");
	df_tcp_sysctl("tcp_timestamps", "0");
	df_tcp_sysctl("tcp_ecn", "0");
	df_tcp_sysctl("tcp_autocorking", "0");
	df_tcp_sysctl("tcp_syncookies", "0");
	df_tcp_sysctl("tcp_invalid_ratelimit", "60000");
}

static void df_load_known(const char *path)
{
	char line[sizeof(df.known[0])];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "xtcp-diff: %s: %s\n", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) && df.nknown < DF_MAX_KNOWN) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		snprintf(df.known[df.nknown++], sizeof(df.known[0]), "%s", line);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	int opt, nscripts = 200, nsteps = 12, undocumented = 0, self = 0;
	int report_only = 0;
	uint64_t s, one = 0;
	long t0;

	df.seed = (uint64_t)time(NULL) * 2654435761u;
	while ((opt = getopt(argc, argv, "s:S:n:l:k:RT6v")) != -1) {
		switch (opt) {
		case 's': df.seed = strtoull(optarg, NULL, 0); break;
		case 'S': one = strtoull(optarg, NULL, 0); break;
		case 'n': nscripts = atoi(optarg); break;
		case 'l': nsteps = atoi(optarg); break;
		case 'k': df_load_known(optarg); break;
		case 'R': report_only = 1; break;
		case 'T': self = 1; break;
		case '6': xtcp_ipv6 = 1; break;
		case 'v': df.verbose++; break;
		default:
			fprintf(stderr, "usage: %s [-s SEED | -S SCRIPT] [-n SCRIPTS] "
				"[-l STEPS] [-k KNOWN] [-R] [-T] [-6] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (df_setup(&df.st[0], "tcp", xtcp_ipv6 ? AF_INET6 : AF_INET,
		     IPPROTO_TCP)) {
		xt_report(0, "diff: setup: Linux TCP's namespace", "%s",
			  strerror(errno));
		return xt_exit();
	}
	df_tcp_sysctls();
	if (self ? df_setup(&df.st[1], "tcp", xtcp_ipv6 ? AF_INET6 : AF_INET,
			    IPPROTO_TCP) :
	    df_setup(&df.st[1], "xtcp", xtcp_module_param("family", AF_XTCP),
		     xtcp_module_param("ipproto", IPPROTO_XTCP))) {
		xt_report(0, "diff: setup: XTCP's namespace", "%s",
			  strerror(errno));
		return xt_exit();
	}
	if (self)
		df_tcp_sysctls();
	printf("# diff: seed %#" PRIx64 ", %d scripts of %d steps, %d known "
	       "classes, over IPv%d\n", df.seed, nscripts, nsteps, df.nknown,
	       xtcp_ipv6 ? 6 : 4);
	t0 = df_ms();
	s = df.seed;
	if (one)
		df_script(one, nsteps, 0);
	for (int i = 0; !one && i < nscripts; i++)
		df_script(fz_next(&s), nsteps, i);
	for (int i = 0; i < df.ncls; i++) {
		int known = df_is_known(df.cls[i].cls);

		undocumented += !known;
		printf("# %s %5ld  %s  (first: script %#" PRIx64 ", step %d)\n",
		       known ? "known" : "NEW  ", df.cls[i].n, df.cls[i].cls,
		       df.cls[i].seed, df.cls[i].step);
	}
	printf("# diff: %ld steps (%ld answered), %ld divergences in %d "
	       "classes, %d undocumented, %ld ms\n", df.steps, df.answered,
	       df.divergences, df.ncls, undocumented, df_ms() - t0);
	xt_report(df.steps > 0, "diff: the scripts ran", "no step");
	/* Segments Linux drops (a bad checksum, say) would agree too. */
	xt_report(df.answered * 4 >= df.steps, "diff: Linux's TCP answered a "
		  "quarter of the steps at least", "%ld of %ld", df.answered,
		  df.steps);
	if (!report_only)
		xt_report(undocumented == 0, "diff: no undocumented divergence",
			  "%d classes (listed above)", undocumented);
	return xt_exit();
}
