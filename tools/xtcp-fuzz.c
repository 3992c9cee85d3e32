// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-fuzz: a segment fuzzer for XTCP over TUN, from xtcp-peer's pieces.
 *
 *	xtcp-fuzz [-s SEED] [-n SEGMENTS] [-e EPISODE-SEED] [-k EVERY] [-v]
 *
 * In a network namespace of its own, with the TUN device xtcp0 standing for
 * the peer (xtcp-peer-net.h), each episode drives a real XTCP socket into
 * one of the 11 states, with data in flight and, where text is taken, an
 * out-of-order queue with holes; then it sends mutated segments at that
 * connection (xtcp-fuzz-pkt.h: every flag combination, sequence and ACK
 * numbers at and around each window edge and far away, lengths past the
 * window, every option kind and malformed ones, bad data offsets,
 * truncation, bad checksums, IP options, fragments, zero windows), with
 * non-blocking socket calls between them. The oracle, after each episode:
 * what XTCP_INFO shows holds (SND.UNA <= SND.NXT, queues within the
 * buffers), the socket is still usable or closed with an errno, and the
 * kernel log shows no splat; every -k episodes and at the end, once every
 * connection is gone (short msl_ms, fin_timeout, retries), the XTCP and
 * xtcp_tw slab caches are no higher than their baseline. The guest's
 * kmemleak scan and splat scan (qemu-run.sh) add theirs.
 *
 * Episode i's seed comes from the run's seed, and -e EPISODE-SEED replays
 * one episode alone. Each failure prints the episode's seed; the seed of
 * the episode under way is also kept in $XTCP_FUZZ_STATE, for a crash.
 * Prints "ok"/"not ok" lines and a plan, as the selftests do.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <time.h>

#include "xtcp-fuzz-pkt.h"
#include "xtcp-peer-sys.h"
#include "../tests/xtcp_test.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define FZ_SEGS		400	/* mutated segments an episode, on average */
#define FZ_WAIT_MS	1500	/* for a segment the driver needs */

/* The states an episode aims at, in Linux's numbering (XTCP_*). */
static const int fz_states[] = {
	XTCP_ESTABLISHED, XTCP_SYN_SENT, XTCP_SYN_RECV, XTCP_FIN_WAIT1,
	XTCP_FIN_WAIT2, XTCP_TIME_WAIT, XTCP_CLOSE, XTCP_CLOSE_WAIT,
	XTCP_LAST_ACK, XTCP_LISTEN, XTCP_CLOSING,
};

/* The peer's view of the connection under test. */
struct fz_conn {
	int fd, lfd;		/* the socket and its listener, or -1 */
	int orphan;		/* close() rather than shutdown() */
	uint16_t xport, pport;
	uint32_t pisn, pnxt;	/* our ISN, the next byte we send in order */
	uint32_t pack;		/* the highest ACK we sent */
	int pack_set;
	int sndbuf, rcvbuf;	/* the largest each was in the episode */
	uint16_t pmss, pwin;	/* our MSS option and window */
	uint32_t xisn, xnxt;	/* XTCP's ISN, the end of what it sent */
	uint32_t xack;		/* the last ACK from XTCP */
	uint32_t xwnd;		/* XTCP's last window, scaled */
	uint8_t xws, pws;	/* window scales, 0xff: none */
	int have_xisn;
	uint8_t xflags;		/* flags of XTCP's last segment */
};

static struct {
	uint64_t seed, eseed;
	long target, segs, episodes, out_segs, calls;
	long drive_ms, mutate_ms;
	int tun, family, ipproto, kmsg, verbose, every;
	int answer;		/* fz_answer() every segment */
	int state_fd;
	long reached[12], tried[12];
	long found;
	long slab_base[2];
	/* Recent episodes' ports, to name the one a leftover row came from. */
	struct { uint16_t xport, pport; uint64_t eseed; } recent[4096];
	long nrecent;
	uint8_t buf[FZ_MAX_PKT + 64];
} fz;

static const char *const fz_slabs[] = { "XTCP", "xtcp_tw" };

static void fz_note(const char *fmt, ...)
{
	va_list ap;

	if (!fz.verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static long fz_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A finding: it fails the run and names the episode that replays it. */
static void fz_found(const char *what, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	fz.found++;
	xt_report(0, what, "%s (replay: xtcp-fuzz -e %#" PRIx64 ")", why,
		  fz.eseed);
}

/*
 * While the run drains: answer each XTCP segment as a live peer whose
 * window stays shut would, with a pure ACK of nothing new and window 0.
 * An orphan that such a peer keeps alive for ever (zero-window probes, a
 * FIN behind unsent data) then shows as a connection that never goes.
 */
static void fz_answer(const struct xtcp_seg *s)
{
	/* A probe (no text, one below SND.UNA) is acked; text and FIN not. */
	struct fz_pkt p = {
		.sport = s->dport, .dport = s->sport, .seq = s->ack,
		.ack = s->seq + !(s->len || (s->flags & XTCP_F_FIN)),
		.flags = XTCP_F_ACK, .doff = -1,
	};
	/* Once per 4-tuple each 50 ms: no ACK ping-pong. */
	static long last[256];
	long now = fz_ms();
	int h = (s->sport * 31 + s->dport) & 255;
	uint8_t buf[64];
	size_t n;

	if (!(s->flags & XTCP_F_ACK) || (s->flags & (XTCP_F_RST | XTCP_F_SYN)) ||
	    now - last[h] < 50)
		return;
	last[h] = now;
	n = fz_pkt_build(&p, fz.ipproto, buf);
	if (write(fz.tun, buf, n) != (ssize_t)n)
		fz_note("write: %s\n", strerror(errno));
}

/* Read and parse what XTCP sent; segments of @c update the peer's view. */
static int fz_pump(struct fz_conn *c, int ms, uint8_t mask, uint8_t want)
{
	struct pollfd pfd = { .fd = fz.tun, .events = POLLIN };
	long end = fz_ms() + ms;
	struct xtcp_seg s;
	int got = 0;
	ssize_t n;

	for (;;) {
		while ((n = read(fz.tun, fz.buf, sizeof(fz.buf))) > 0) {
			if (xtcp_seg_parse(fz.buf, n, fz.ipproto, &s))
				continue;
			fz.out_segs++;
			if (fz.answer)
				fz_answer(&s);
			if (!c || s.sport != c->xport || s.dport != c->pport)
				continue;
			if (fz.verbose > 1) {
				char f[8];

				xtcp_flags_str(s.flags, f);
				fprintf(stderr, "  > %s seq %u ack %u win %u len %u\n",
					f, s.seq - c->xisn, s.ack - c->pisn,
					s.win, s.len);
			}
			if (s.flags & XTCP_F_SYN) {
				c->xisn = s.seq;
				c->have_xisn = 1;
				c->xws = s.wscale;
			}
			if ((int32_t)(s.seq + s.len + !!(s.flags & XTCP_F_SYN) +
				      !!(s.flags & XTCP_F_FIN) - c->xnxt) > 0 ||
			    (s.flags & XTCP_F_SYN))
				c->xnxt = s.seq + s.len +
					  !!(s.flags & XTCP_F_SYN) +
					  !!(s.flags & XTCP_F_FIN);
			if (s.flags & XTCP_F_ACK) {
				c->xack = s.ack;
				c->xwnd = (uint32_t)s.win <<
					  ((s.flags & XTCP_F_SYN) || c->xws > 14 ||
					   c->pws == 0xff ? 0 : c->xws);
			}
			c->xflags = s.flags;
			if (mask && (s.flags & mask) == want)
				got = 1;
		}
		if (got || !ms || fz_ms() >= end)
			return got;
		poll(&pfd, 1, (int)(end - fz_ms()) + 1);
	}
}

/* A well-formed segment from the peer, in the connection's numbers. */
static void fz_send(struct fz_conn *c, uint8_t flags, uint32_t seq,
		    uint32_t ack, uint32_t len, int syn_opts)
{
	struct fz_pkt p = {
		.sport = c->pport, .dport = c->xport, .seq = seq, .ack = ack,
		.flags = flags, .win = c->pwin, .doff = -1, .len = len,
	};
	size_t n;

	if (syn_opts) {
		uint8_t mss[2] = { c->pmss >> 8, c->pmss & 0xff };

		fz_opt(&p, TCPOPT_MAXSEG, TCPOLEN_MAXSEG, mss, 2);
		if (c->pws != 0xff) {
			p.opt[p.optlen++] = TCPOPT_NOP;
			fz_opt(&p, TCPOPT_WINDOW, TCPOLEN_WINDOW, &c->pws, 1);
		}
		fz_opt_pad(&p, TCPOPT_NOP);
	}
	if ((flags & XTCP_F_ACK) &&
	    (!c->pack_set || (int32_t)(ack - c->pack) > 0)) {
		c->pack = ack;
		c->pack_set = 1;
	}
	if (fz.verbose > 1) {
		char f[8];

		xtcp_flags_str(flags, f);
		fprintf(stderr, "  < %s seq %u ack %u len %u\n", f,
			seq - c->pisn, ack - c->xisn, len);
	}
	n = fz_pkt_build(&p, fz.ipproto, fz.buf);
	if (write(fz.tun, fz.buf, n) != (ssize_t)n)
		fz_note("write: %s\n", strerror(errno));
}

static struct sockaddr_xtcp fz_addr(const char *ip, uint16_t port)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = fz.family,
		.sxtcp_port = htons(port),
	};

	inet_pton(AF_INET, ip, &sx.sxtcp_addr);
	return sx;
}

static int fz_socket(void)
{
	int fd = socket(fz.family, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return fd;
}

static int fz_info(int fd, struct xtcp_info *info)
{
	socklen_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return getsockopt(fd, SOL_XTCP, XTCP_INFO, info, &len);
}

/* The state of the connection, from its socket or its /proc row. */
static int fz_state(struct fz_conn *c)
{
	struct xtcp_info info;
	struct xtcp_row r;
	int i;

	/* A socket whose connection went to TIME_WAIT is CLOSED itself. */
	if (c->fd >= 0 && !fz_info(c->fd, &info)) {
		if (info.xtcpi_state != XTCP_CLOSE)
			return info.xtcpi_state;
		return !xtcp_row_find(c->xport, c->pport, &r) &&
		       !strcmp(r.state, "TIME_WAIT") ? XTCP_TIME_WAIT :
		       XTCP_CLOSE;
	}
	if (xtcp_row_find(c->xport, c->pport, &r))
		return c->lfd >= 0 ? XTCP_LISTEN : XTCP_CLOSE;
	for (i = 1; i < 12; i++)
		if (!strcmp(r.state, xtcp_state_names[i]))
			return i;
	return 0;
}

/* ESTABLISHED, passively (listen, SYN in) or actively (connect). */
static int fz_open(uint64_t *r, struct fz_conn *c, int target)
{
	struct sockaddr_xtcp sx;
	int passive = fz_chance(r, 50), i;

	if (target == XTCP_LISTEN || (passive && target != XTCP_SYN_SENT)) {
		c->lfd = fz_socket();
		sx = fz_addr("0.0.0.0", c->xport);
		if (c->lfd < 0 || bind(c->lfd, (struct sockaddr *)&sx, sizeof(sx)) ||
		    listen(c->lfd, 8))
			return -1;
		if (target == XTCP_LISTEN)
			return 0;
		fz_send(c, XTCP_F_SYN, c->pisn, 0, 0, 1);
		c->pnxt = c->pisn + 1;
		if (!fz_pump(c, FZ_WAIT_MS, XTCP_F_SYN | XTCP_F_ACK,
			     XTCP_F_SYN | XTCP_F_ACK))
			return -1;
		if (target == XTCP_SYN_RECV)
			return 0;
		fz_send(c, XTCP_F_ACK, c->pnxt, c->xisn + 1, 0, 0);
		for (i = 0; i < 100 && c->fd < 0; i++) {
			c->fd = accept4(c->lfd, NULL, NULL, SOCK_NONBLOCK);
			if (c->fd < 0)
				usleep(10000);
		}
		return c->fd < 0 ? -1 : 0;
	}
	c->fd = fz_socket();
	sx = fz_addr("0.0.0.0", c->xport);
	if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&sx, sizeof(sx)))
		return -1;
	sx = fz_addr(XTCP_PEER_REMOTE, c->pport);
	if (connect(c->fd, (struct sockaddr *)&sx, sizeof(sx)) &&
	    errno != EINPROGRESS)
		return -1;
	if (!fz_pump(c, FZ_WAIT_MS, XTCP_F_SYN | XTCP_F_ACK, XTCP_F_SYN))
		return -1;
	if (target == XTCP_SYN_SENT)
		return 0;
	c->pnxt = c->pisn + 1;
	if (target == XTCP_SYN_RECV) {	/* simultaneous open */
		fz_send(c, XTCP_F_SYN, c->pisn, 0, 0, 1);
		return fz_pump(c, FZ_WAIT_MS, XTCP_F_SYN | XTCP_F_ACK,
			       XTCP_F_SYN | XTCP_F_ACK) ? 0 : -1;
	}
	fz_send(c, XTCP_F_SYN | XTCP_F_ACK, c->pisn, c->xisn + 1, 0, 1);
	return fz_pump(c, FZ_WAIT_MS, XTCP_F_ACK | XTCP_F_SYN, XTCP_F_ACK) ?
	       0 : -1;
}

/* Wait up to @ms for the connection to be in @state. */
static int fz_wait_state(struct fz_conn *c, int state, int ms)
{
	long end = fz_ms() + ms;

	for (;;) {
		fz_pump(c, 0, 0, 0);
		if (fz_state(c) == state)
			return 0;
		if (fz_ms() >= end)
			return -1;
		usleep(5000);
	}
}

/* Our side's end of the stream: shutdown(SHUT_WR), or close() (orphan). */
static void fz_local_close(struct fz_conn *c)
{
	if (c->orphan) {
		close(c->fd);
		c->fd = -1;
	} else {
		shutdown(c->fd, SHUT_WR);
	}
}

/* ACK all XTCP sent until its FIN is acked too (the window lets it out). */
static int fz_ack_all(struct fz_conn *c, int state)
{
	for (int i = 0; i < 20; i++) {
		fz_pump(c, 20, 0, 0);
		fz_send(c, XTCP_F_ACK, c->pnxt, c->xnxt, 0, 0);
		if (!fz_wait_state(c, state, 50))
			return 0;
	}
	return -1;
}

/*
 * Drive a new connection into @target: open it, put data in flight (sent,
 * not acked), fill the out-of-order queue where text is taken, and take
 * the closing steps. 0 once the state is reached.
 */
static int fz_drive(uint64_t *r, struct fz_conn *c, int target)
{
	static char data[8192];
	int ofo = target == XTCP_ESTABLISHED || target == XTCP_FIN_WAIT1 ||
		  target == XTCP_FIN_WAIT2;

	if (fz_open(r, c, target))
		return -1;
	if (target == XTCP_LISTEN || target == XTCP_SYN_SENT ||
	    target == XTCP_SYN_RECV)
		goto check;
	if (target == XTCP_CLOSE) {
		fz_send(c, XTCP_F_RST, c->pnxt, 0, 0, 0);
		goto check;
	}
	/* Data in flight: XTCP sends what cwnd and our window allow. */
	if (write(c->fd, data, 1 + fz_below(r, sizeof(data))) < 0)
		return -1;
	fz_pump(c, 20, 0, 0);
	if (ofo) {
		/* Holes at RCV.NXT and between: 4 segments of 300 bytes. */
		for (int i = 1; i <= 4; i++)
			fz_send(c, XTCP_F_ACK | XTCP_F_PSH, c->pnxt + 600 * i,
				c->pack, 300, 0);
		fz_pump(c, 0, 0, 0);
	}
	switch (target) {
	case XTCP_CLOSE_WAIT:
	case XTCP_LAST_ACK:
		fz_send(c, XTCP_F_FIN | XTCP_F_ACK, c->pnxt++, c->pack, 0, 0);
		if (fz_wait_state(c, XTCP_CLOSE_WAIT, FZ_WAIT_MS))
			return -1;
		if (target == XTCP_LAST_ACK)
			fz_local_close(c);
		break;
	case XTCP_FIN_WAIT1:
	case XTCP_FIN_WAIT2:
	case XTCP_CLOSING:
	case XTCP_TIME_WAIT:
		fz_local_close(c);
		if (target == XTCP_FIN_WAIT1)
			break;
		if (target == XTCP_CLOSING) {
			/* Our FIN crosses XTCP's, which stays unacked. */
			fz_pump(c, 50, XTCP_F_FIN, XTCP_F_FIN);
			fz_send(c, XTCP_F_FIN | XTCP_F_ACK, c->pnxt++, c->pack,
				0, 0);
			break;
		}
		if (fz_ack_all(c, XTCP_FIN_WAIT2))
			return -1;
		if (target == XTCP_TIME_WAIT)
			fz_send(c, XTCP_F_FIN | XTCP_F_ACK, c->pnxt++, c->xnxt,
				0, 0);
		break;
	}
check:
	return fz_wait_state(c, target, FZ_WAIT_MS);
}

/* A sequence number at or near an edge of XTCP's receive window, or far. */
static uint32_t fz_pick_seq(uint64_t *r, const struct fz_conn *c)
{
	int32_t d = (int32_t)fz_below(r, 7) - 3;
	uint32_t wnd = c->xwnd;

	switch (fz_below(r, 10)) {
	case 0: case 1: case 2:
		return c->pnxt + d;			/* RCV.NXT */
	case 3:
		return c->pnxt + wnd + d;		/* the right edge */
	case 4:
		return c->pnxt + fz_below(r, wnd + 1);	/* inside */
	case 5:
		return c->pnxt - wnd + d;		/* a window back */
	case 6:
		return c->pisn + d;			/* the ISN */
	case 7:
		return c->pnxt + 0x80000000u + d;	/* half the space away */
	default:
		return fz_next(r);
	}
}

/* An acknowledgment number at or near what XTCP sent, or far. */
static uint32_t fz_pick_ack(uint64_t *r, const struct fz_conn *c)
{
	int32_t d = (int32_t)fz_below(r, 7) - 3;

	switch (fz_below(r, 9)) {
	case 0: case 1:
		return c->xnxt + d;			/* SND.NXT */
	case 2: case 3:
		return c->pack + d;			/* SND.UNA, as we know it */
	case 4:
		return c->pack + fz_below(r, c->xnxt - c->pack + 1);
	case 5:
		return c->pack - 65535 + d;		/* RFC 5961's oldest */
	case 6:
		return c->xisn + d;
	case 7:
		return c->xnxt + 0x80000000u + d;
	default:
		return fz_next(r);
	}
}

static const uint8_t fz_usual_flags[] = {
	XTCP_F_ACK, XTCP_F_ACK | XTCP_F_PSH, XTCP_F_FIN | XTCP_F_ACK,
	XTCP_F_RST, XTCP_F_RST | XTCP_F_ACK, XTCP_F_SYN,
	XTCP_F_SYN | XTCP_F_ACK, XTCP_F_ACK, XTCP_F_ACK | XTCP_F_PSH,
};

/* One mutated segment at the connection, sent whole or in fragments. */
static void fz_mutate_send(uint64_t *r, struct fz_conn *c)
{
	static uint8_t flag_walk;
	struct fz_pkt p = { .doff = -1 };
	int nfrag = 1, shuffle = 0, drop = 0;
	size_t n;

	p.sport = fz_chance(r, 95) ? c->pport : fz_next(r);
	p.dport = fz_chance(r, 95) ? c->xport : fz_next(r);
	/* Half usual flags, half a walk over all 256 combinations. */
	p.flags = fz_chance(r, 50) ? fz_usual_flags[fz_below(r,
			sizeof(fz_usual_flags))] : flag_walk++;
	if (fz_chance(r, 5))
		p.res = fz_next(r);
	p.seq = fz_pick_seq(r, c);
	p.ack = fz_pick_ack(r, c);
	switch (fz_below(r, 6)) {
	case 0:
		p.win = 0;
		break;
	case 1:
		p.win = fz_below(r, 3);
		break;
	case 2:
		p.win = fz_next(r);
		break;
	default:
		p.win = 65535;
	}
	if (fz_chance(r, 5))
		p.urg = fz_next(r);
	switch (fz_below(r, 10)) {
	case 0: case 1: case 2: case 3:
		break;
	case 4:
		p.len = 1;
		break;
	case 5: case 6:
		p.len = 1 + fz_below(r, 1460);
		break;
	case 7:		/* around the window's end */
		p.len = c->xwnd + fz_below(r, 5) - 2;
		if (p.len > 65000)
			p.len = 65000;
		break;
	case 8:
		p.len = fz_below(r, 65000);
		break;
	default:
		p.len = fz_below(r, 100);
	}
	if (fz_chance(r, 40))
		fz_opts_random(r, &p);
	if (fz_chance(r, 8))
		p.doff = fz_below(r, 16);	/* < 5, or past the options */
	if (fz_chance(r, 4))
		p.cut = 1 + fz_below(r, 20 + p.optlen + (p.len < 8 ? p.len : 8));
	if (fz_chance(r, 3))
		p.totlen_delta = (int)fz_below(r, 41) - 20;
	if (fz_chance(r, 5))
		p.bad_csum = 1 + fz_below(r, 15);
	if (fz_chance(r, 3))
		fz_ipopts_random(r, &p);
	if (fz_chance(r, 4)) {
		nfrag = 2 + fz_below(r, 3);
		shuffle = fz_chance(r, 30) ? 1 + fz_below(r, 7) : 0;
		drop = fz_chance(r, 15) ? 1 + fz_below(r, 7) : 0;
	}
	n = fz_pkt_build(&p, fz.ipproto, fz.buf);
	if (fz_send_frags(fz.tun, fz.buf, n, nfrag, shuffle, drop) < 0)
		fz_note("write: %s\n", strerror(errno));
	fz.segs++;
}

/* Errnos a socket call may give on a connection a peer mistreats. */
static int fz_errno_ok(int err)
{
	switch (err) {
	case EAGAIN: case ENOTCONN: case EPIPE: case ECONNRESET:
	case ETIMEDOUT: case ECONNREFUSED: case ECONNABORTED: case EINVAL:
	case EISCONN: case EALREADY: case EINPROGRESS: case ENOBUFS:
	case ENOMEM:
		return 1;
	}
	return 0;
}

/*
 * The largest SO_SNDBUF and SO_RCVBUF of the episode: a smaller one set
 * later leaves what was queued in place, as Linux does.
 */
static void fz_bufs(struct fz_conn *c)
{
	socklen_t sl = sizeof(int);
	int v;

	if (!getsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &v, &sl) && v > c->sndbuf)
		c->sndbuf = v;
	sl = sizeof(int);
	if (!getsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &v, &sl) && v > c->rcvbuf)
		c->rcvbuf = v;
}

/* A non-blocking socket call on the connection, between segments. */
static void fz_call(uint64_t *r, struct fz_conn *c)
{
	static char buf[65536];
	int fd = c->fd, v, ret;
	struct pollfd pfd;

	if (fd < 0)
		return;
	fz.calls++;
	errno = 0;
	switch (fz_below(r, 8)) {
	case 0:
		ret = recv(fd, buf, 1 + fz_below(r, sizeof(buf)), MSG_DONTWAIT);
		break;
	case 1:
		ret = recv(fd, buf, 1 + fz_below(r, 4096),
			   MSG_DONTWAIT | MSG_PEEK);
		break;
	case 2:
		ret = send(fd, buf, 1 + fz_below(r, 20000),
			   MSG_DONTWAIT | MSG_NOSIGNAL);
		break;
	case 3:
		pfd.fd = fd;
		pfd.events = POLLIN | POLLOUT | POLLRDHUP;
		ret = poll(&pfd, 1, 0);
		break;
	case 4:
		v = fz_below(r, 2);
		ret = setsockopt(fd, SOL_XTCP, XTCP_NODELAY, &v, sizeof(v));
		break;
	case 5:
		v = fz_below(r, 70000);
		ret = setsockopt(fd, SOL_SOCKET, fz_chance(r, 50) ? SO_RCVBUF :
				 SO_SNDBUF, &v, sizeof(v));
		fz_bufs(c);
		break;
	case 6:
		ret = fz_chance(r, 10) ? shutdown(fd, fz_below(r, 3)) : 0;
		break;
	default:
		v = 1;
		ret = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
		break;
	}
	if (ret < 0 && !fz_errno_ok(errno))
		fz_found("fuzz: socket calls give errnos a peer can cause",
			 "errno %d (%s)", errno, strerror(errno));
}

/* What XTCP_INFO and /proc/net/xtcp show must make sense. */
static void fz_invariants(struct fz_conn *c)
{
	struct xtcp_info i;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN | POLLOUT };
	int sndbuf, rcvbuf;
	struct xtcp_row row;
	char b[16];
	long txq, rxq;

	if (c->fd < 0)
		return;
	if (fz_info(c->fd, &i)) {
		fz_found("fuzz: XTCP_INFO answers", "%s", strerror(errno));
		return;
	}
	if (i.xtcpi_state < 1 || i.xtcpi_state > 11)
		fz_found("fuzz: a known state", "state %d", i.xtcpi_state);
	if ((int32_t)(i.xtcpi_snd_nxt - i.xtcpi_snd_una) < 0)
		fz_found("fuzz: SND.UNA <= SND.NXT", "snd_una %u snd_nxt %u",
			 i.xtcpi_snd_una, i.xtcpi_snd_nxt);
	fz_bufs(c);
	sndbuf = c->sndbuf;
	rcvbuf = c->rcvbuf;
	if (i.xtcpi_state != XTCP_LISTEN &&
	    i.xtcpi_snd_nxt - i.xtcpi_snd_una > (uint32_t)sndbuf + 2)
		fz_found("fuzz: in flight within SO_SNDBUF",
			 "%u bytes in flight, sndbuf %d",
			 i.xtcpi_snd_nxt - i.xtcpi_snd_una, sndbuf);
	if (i.xtcpi_rcv_wnd > (65535u << i.xtcpi_rcv_wscale))
		fz_found("fuzz: RCV.WND fits the header",
			 "rcv_wnd %u, scale %u", i.xtcpi_rcv_wnd,
			 i.xtcpi_rcv_wscale);
	if (!xtcp_row_find(c->xport, c->pport, &row) &&
	    i.xtcpi_state != XTCP_LISTEN) {
		FILE *f = fopen("/proc/net/xtcp", "r");
		char line[256], l[32], rr[32];

		txq = rxq = 0;
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%31s %31s %15s %ld %ld", l, rr, b,
				   &txq, &rxq) == 5 &&
			    xtcp_addr_port(l) == c->xport &&
			    xtcp_addr_port(rr) == c->pport)
				break;
		if (f)
			fclose(f);
		/* In order, the buffer may run to twice full (data.c). */
		if (rxq > 2L * rcvbuf || txq > 2L * sndbuf + 2)
			fz_found("fuzz: queues within the buffers",
				 "tx_queue %ld (sndbuf %d), rx_queue %ld (rcvbuf %d)",
				 txq, sndbuf, rxq, rcvbuf);
	}
	/* Usable or closed with an errno: the calls answer at once. */
	if (poll(&pfd, 1, 0) < 0)
		fz_found("fuzz: poll() answers", "%s", strerror(errno));
	if (recv(c->fd, b, sizeof(b), MSG_DONTWAIT | MSG_PEEK) < 0 &&
	    !fz_errno_ok(errno))
		fz_found("fuzz: recv() gives data, EOF or an errno a peer can cause",
			 "%s", strerror(errno));
}

/* Splats in the kernel log since the last look. */
static void fz_kmsg(void)
{
	static const char *const pat[] = {
		"BUG:", "WARNING:", "UBSAN:", "KASAN", "refcount_t:",
		"Oops", "general protection", "unreferenced object",
		"ODEBUG:", "corruption", "stall", "soft lockup",
	};
	char line[1024];
	ssize_t n;

	if (fz.kmsg < 0)
		return;
	while ((n = read(fz.kmsg, line, sizeof(line) - 1)) > 0 ||
	       (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		line[n] = 0;
		for (size_t i = 0; i < ARRAY_LEN(pat); i++)
			if (strstr(line, pat[i])) {
				line[strcspn(line, "\n")] = 0;
				fz_found("fuzz: no kernel splat", "%s",
					 strchr(line, ';') ? strchr(line, ';') + 1 : line);
				break;
			}
	}
}

/* The rows still there, each with the episode that made it. */
static void fz_leftovers(void)
{
	FILE *f = fopen("/proc/net/xtcp", "r");
	char line[256], l[32], r[32];
	int shown = 0;

	while (f && fgets(line, sizeof(line), f) && shown < 20) {
		int lp, rp;
		long i;

		if (sscanf(line, "%31s %31s", l, r) != 2)
			continue;
		lp = xtcp_addr_port(l);
		rp = xtcp_addr_port(r);
		for (i = fz.nrecent - 1; i >= 0 &&
		     i >= fz.nrecent - (long)ARRAY_LEN(fz.recent); i--) {
			long k = i % ARRAY_LEN(fz.recent);

			if (fz.recent[k].xport == lp && fz.recent[k].pport == rp)
				break;
		}
		line[strcspn(line, "\n")] = 0;
		if (i >= 0 && i >= fz.nrecent - (long)ARRAY_LEN(fz.recent))
			printf("#   left by episode %#" PRIx64 ": %s\n",
			       fz.recent[i % ARRAY_LEN(fz.recent)].eseed, line);
		else
			printf("#   %s\n", line);
		shown++;
	}
	if (f)
		fclose(f);
}

/* Wait for every connection to go, then check the slab caches. */
static int fz_quiesce(const char *when, int ms)
{
	long end = fz_ms() + ms, objs[2];
	int rows, ok;

	fz.answer = 1;
	do {
		fz_pump(NULL, 50, 0, 0);
		rows = xtcp_row_count();
		for (int i = 0; i < 2; i++)
			objs[i] = xtcp_slab_objs(fz_slabs[i]);
		/* Below: what earlier tests left went meanwhile. */
		ok = rows == 0 && objs[0] <= fz.slab_base[0] &&
		     objs[1] <= fz.slab_base[1];
	} while (!ok && fz_ms() < end);
	fz.answer = 0;
	if (!ok) {
		char name[128];

		snprintf(name, sizeof(name), "fuzz: %s: every connection gone, "
			 "slabs at baseline", when);
		fz_found(name, "%d rows left; XTCP %ld (baseline %ld), "
			 "xtcp_tw %ld (baseline %ld)", rows, objs[0],
			 fz.slab_base[0], objs[1], fz.slab_base[1]);
		fz_leftovers();
	}
	return ok ? 0 : -1;
}

static void fz_save_state(void)
{
	char line[64];
	int n;

	if (fz.state_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%#" PRIx64 " %ld\n", fz.eseed,
		     fz.segs);
	if (pwrite(fz.state_fd, line, n, 0) != n)
		fz.state_fd = -1;
}

static void fz_alarm(int sig)
{
	char line[128];
	int n = snprintf(line, sizeof(line),
			 "not ok - fuzz: episode %#" PRIx64 " stuck (replay: "
			 "xtcp-fuzz -e %#" PRIx64 ")\n", fz.eseed, fz.eseed);

	(void)sig;
	if (write(1, line, n) != n)
		_exit(3);
	_exit(2);
}

/* One episode, all from its seed: a state, the segments, the calls. */
static void fz_episode(uint64_t eseed)
{
	uint64_t r = eseed;
	struct fz_conn c = { .fd = -1, .lfd = -1 };
	int target = fz_states[fz_below(&r, ARRAY_LEN(fz_states))];
	int segs = FZ_SEGS / 2 + fz_below(&r, FZ_SEGS);
	long t0, t1;

	fz.eseed = eseed;
	fz_save_state();
	alarm(60);
	c.orphan = fz_chance(&r, 40);
	c.xport = 1024 + fz_below(&r, 30000);
	c.pport = 33000 + fz_below(&r, 30000);
	c.pisn = fz_next(&r);
	c.pws = fz_chance(&r, 60) ? fz_below(&r, 15) : 0xff;
	/* Now and then a tiny MSS, or a window that stays shut. */
	c.pmss = fz_chance(&r, 85) ? 1460 :
		 (uint16_t[]){ 1, 48, 536, 65535 }[fz_below(&r, 4)];
	c.pwin = fz_chance(&r, 85) ? 65535 : fz_below(&r, 2);
	c.xws = 0xff;
	fz.recent[fz.nrecent % ARRAY_LEN(fz.recent)].xport = c.xport;
	fz.recent[fz.nrecent % ARRAY_LEN(fz.recent)].pport = c.pport;
	fz.recent[fz.nrecent++ % ARRAY_LEN(fz.recent)].eseed = eseed;
	fz.tried[target]++;
	t0 = fz_ms();
	if (fz_drive(&r, &c, target)) {
		fz_note("episode %#" PRIx64 ": %s not reached (state %d)\n",
			eseed, xtcp_state_names[target], fz_state(&c));
	} else {
		fz.reached[target]++;
	}
	t1 = fz_ms();
	fz.drive_ms += t1 - t0;
	if (c.fd >= 0)
		fz_bufs(&c);
	for (int i = 0; i < segs; i++) {
		fz_mutate_send(&r, &c);
		if (fz_chance(&r, 10))
			fz_call(&r, &c);
		if (i % 16 == 15)
			fz_pump(&c, 0, 0, 0);
	}
	fz.mutate_ms += fz_ms() - t1;
	fz_pump(&c, 10, 0, 0);
	fz_invariants(&c);
	if (c.fd >= 0)
		close(c.fd);
	if (c.lfd >= 0)
		close(c.lfd);
	fz_kmsg();
	alarm(0);
	fz.episodes++;
}

/* Short lives for what an episode leaves: it all goes within seconds. */
static int fz_sysctls(void)
{
	/* Where the module has them (the orphan limits of issue 11). */
	static const char *const optional[][2] = {
		{ "orphan_retries", "2" },
	};

	for (size_t i = 0; i < ARRAY_LEN(optional); i++)
		xtcp_sysctl_set(optional[i][0], atol(optional[i][1]));
	static const struct { const char *name; long val; } s[] = {
		{ "msl_ms", 50 }, { "fin_timeout", 1 }, { "syn_retries", 1 },
		{ "synack_retries", 1 }, { "retries2", 2 },
		{ "rto_init_ms", 200 }, { "keepalive_time", 1 },
		{ "keepalive_intvl", 1 }, { "keepalive_probes", 1 },
	};

	for (size_t i = 0; i < ARRAY_LEN(s); i++)
		if (xtcp_sysctl_set(s[i].name, s[i].val))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t one = 0;
	long t0, drain_ms = 30000;
	int opt, only = 0;
	char *st;

	fz.seed = (uint64_t)time(NULL) * 2654435761u;
	fz.target = 50000;
	fz.every = 200;
	while ((opt = getopt(argc, argv, "s:n:e:k:d:v")) != -1) {
		switch (opt) {
		case 's': fz.seed = strtoull(optarg, NULL, 0); break;
		case 'n': fz.target = atol(optarg); break;
		case 'e': one = strtoull(optarg, NULL, 0); only = 1; break;
		case 'k': fz.every = atoi(optarg); break;
		case 'd': drain_ms = atol(optarg); break;
		case 'v': fz.verbose++; break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n SEGMENTS] "
				"[-e EPISODE-SEED] [-k EVERY] [-d DRAIN-MS] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	fz.family = xtcp_module_param("family", AF_XTCP);
	fz.ipproto = xtcp_module_param("ipproto", IPPROTO_XTCP);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, fz_alarm);
	st = getenv("XTCP_FUZZ_STATE");
	fz.state_fd = st ? open(st, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
	fz.kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fz.kmsg >= 0)
		lseek(fz.kmsg, 0, SEEK_END);
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "fuzz: setup: a network namespace", "%s",
			  strerror(errno));
		return xt_exit();
	}
	fz.tun = xtcp_tun_open();
	if (fz.tun < 0 || fz_sysctls()) {
		xt_report(0, "fuzz: setup: TUN device and sysctls", "%s",
			  strerror(errno));
		return xt_exit();
	}
	for (int i = 0; i < 2; i++)
		fz.slab_base[i] = xtcp_slab_objs(fz_slabs[i]);
	printf("# fuzz: seed %#" PRIx64 ", %ld segments; slab baseline "
	       "XTCP %ld, xtcp_tw %ld\n", fz.seed, fz.target,
	       fz.slab_base[0], fz.slab_base[1]);
	fflush(stdout);
	t0 = fz_ms();
	if (only) {
		fz_episode(one);
	} else {
		uint64_t s = fz.seed;
		int quiet_ok = 1;

		while (fz.segs < fz.target) {
			fz_episode(fz_next(&s));
			if (quiet_ok && fz.every &&
			    fz.episodes % fz.every == 0)
				quiet_ok = !fz_quiesce("periodic", drain_ms);
			if (fz.verbose && fz.episodes % 100 == 0)
				fprintf(stderr, "# %ld episodes, %ld segments, "
					"%ld ms\n", fz.episodes, fz.segs,
					fz_ms() - t0);
		}
	}
	fz.eseed = 0;
	xt_report(!fz_quiesce("at the end", drain_ms),
		  "fuzz: at the end, slab caches back to baseline", "");
	fz_kmsg();
	printf("# fuzz: %ld segments in %ld episodes, %ld socket calls, "
	       "%ld segments from XTCP, %ld ms, seed %#" PRIx64 "\n",
	       fz.segs, fz.episodes, fz.calls, fz.out_segs, fz_ms() - t0,
	       fz.seed);
	printf("# fuzz: %ld ms driving into states, %ld ms sending mutations\n",
	       fz.drive_ms, fz.mutate_ms);
	for (size_t i = 0; i < ARRAY_LEN(fz_states); i++) {
		int s = fz_states[i];
		char name[96];

		snprintf(name, sizeof(name), "fuzz: episodes reached %s",
			 xtcp_state_names[s]);
		printf("# %s: reached %ld of %ld\n", xtcp_state_names[s],
		       fz.reached[s], fz.tried[s]);
		if (!only)
			xt_report(fz.reached[s] > 0, name,
				  "none of %ld reached it", fz.tried[s]);
	}
	xt_report(fz.found == 0, "fuzz: no finding",
		  "%ld findings, seed %#" PRIx64, fz.found, fz.seed);
	xtcp_sysctl_restore();
	return xt_exit();
}
