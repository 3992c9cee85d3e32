// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk transfer, both ways at once: network namespaces xa (10.0.0.1) and xb
 * (10.0.0.2) joined by veth, netem on both ends of the link, and N MiB sent
 * each way over one connection while the other N MiB come back. Under each
 * condition (clean, loss 1% and 5%, reordering, duplication, corruption, a
 * 100 ms round trip) both directions must arrive whole: exact byte counts
 * and the sender's SHA-256. The counters must show what the condition
 * forced: retransmissions under loss, the out-of-order queue under
 * reordering, checksum errors under corruption. Last, a shorter transfer
 * under loss is captured, and tshark must dissect it as TCP with every
 * checksum good, nothing malformed, and retransmissions in it.
 *
 * With -6 it all goes over IPv6: va 2001:db8:1::1 and vb 2001:db8:1::2
 * (/64, nodad: usable at once), XTCPPROTO_XTCP6 sockets and sockaddr_xtcp6
 * addresses, the capture's filter "ip6 proto"; the same checks (super-
 * segments cross the veth as SKB_GSO_TCPV6). Corruption: IPv6's header
 * has no checksum, so a corrupted one may be delivered where IPv4's would
 * be dropped; XTCP's checksum, over the pseudo-header with both IPv6
 * addresses, must catch whatever of it reaches XTCP, and the transfer must
 * stay exact. tests/run.sh runs it as xfer6.
 *
 * XTCP_XFER_MB sets N (64), XTCP_XFER_TIMEOUT the seconds a transfer may
 * take (200). XTCP_XFER_FAMILY=inet runs it all over Linux TCP (AF_INET6
 * with -6), with Linux's counters: a check of the test itself, and a
 * yardstick. There the checks that Linux's offloads defeat (corruption's
 * counter, most of the capture's) are skipped.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include "sha256.h"
#include "xtcp_netns.h"

#define A_ADDR		"10.0.0.1"
#define B_ADDR		"10.0.0.2"
#define A_ADDR6		"2001:db8:1::1"
#define B_ADDR6		"2001:db8:1::2"
#define PORT		9200
#define BUF_BYTES	(4 << 20)
#define CHUNK		65536
#define SEED_AB		0x243f6a8885a308d3ULL	/* a->b's stream */
#define SEED_BA		0x13198a2e03707344ULL	/* b->a's stream */

static int fam, proto;		/* the family and IP protocol in use */
static int sproto;		/* socket()'s protocol: XTCPPROTO_XTCP6 for -6 */
static int inet;		/* Linux TCP instead of XTCP */
static int ipv6;		/* -6: over IPv6 */
static const char *b_addr = B_ADDR;	/* where a connects, b listens */
static const char *pcap = "/tmp/xfer.pcap";
static long long total;		/* bytes each way */
static int timeout_s = 200;

/* The counters shown for every transfer. */
enum {
	C_RETRANS, C_FAST, C_TIMEOUTS, C_OFO, C_CSUM, C_OFODROP, C_PRUNED,
	C_MAX
};
static const char *const ctr_names[C_MAX] = {
	"RetransSegs", "FastRetrans", "Timeouts", "OFOQueue", "InCsumErrors",
	"OFODrop", "RcvPruned",
};

/*
 * netem acts on skbs. A condition of the wire's packets (loss, reordering,
 * duplication, corruption) limits the veth to one segment per skb, as on a
 * wire: a super-segment (GSO) would otherwise be lost or corrupted whole,
 * 44 segments at once. The others let super-segments cross the veth, and
 * check that they did.
 */
static const struct cond {
	const char *name, *netem;
	int must_grow;		/* a counter that must grow, or -1 */
	const char *grow_check;
	int wire;		/* one segment per skb (gso_max_segs 1) */
} conds[] = {
	{ "clean", "delay 0ms", -1, NULL, 0 },
	{ "loss1", "loss 1%", C_RETRANS, "retransmits", 1 },
	{ "loss5", "loss 5%", C_RETRANS, "retransmits", 1 },
	/* netem reorders by sending some packets at once, the rest delayed. */
	{ "reorder", "delay 10ms reorder 25% 50%", C_OFO,
	  "out-of-order queue", 1 },
	{ "dup1", "duplicate 1%", -1, NULL, 1 },
	{ "corrupt", "corrupt 0.1%", C_CSUM, "checksum errors", 1 },
	{ "delay50", "delay 50ms", -1, NULL, 0 },
};

/* What va has sent: @tx[0] bytes in @tx[1] packets (skbs, for veth). */
static void va_sent(double tx[2])
{
	FILE *f = popen("ip -n xa -s link show dev va | awk '/TX:/ "
			"{ getline; print $1, $2 }'", "r");

	if (!f || fscanf(f, "%lf %lf", &tx[0], &tx[1]) != 2)
		tx[0] = tx[1] = 0;
	if (f)
		pclose(f);
}

/* What one end did; the child that ran it sends it to the parent. */
struct end {
	int done;		/* all sent, and EOF after all was received */
	char why[64];		/* "done", or the call that failed and why */
	long long sent, rcvd;
	long long bad_at;	/* first byte unlike the sender's, or -1 */
	unsigned char tx_sha[32], rx_sha[32];
	int sndbuf, rcvbuf;
};

/* A deterministic pseudo-random stream (splitmix64), a chunk at a time. */
struct gen {
	uint64_t x;
	size_t off;
	unsigned char buf[CHUNK];
};

static void gen_init(struct gen *g, uint64_t seed)
{
	g->x = seed;
	g->off = CHUNK;
}

/* The next bytes of the stream, *@n of them at most; gen->off += used. */
static const unsigned char *gen_next(struct gen *g, size_t *n)
{
	size_t i;

	if (g->off == CHUNK) {
		for (i = 0; i < CHUNK; i += 8) {
			uint64_t z = (g->x += 0x9e3779b97f4a7c15ULL);

			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			z ^= z >> 31;
			memcpy(g->buf + i, &z, 8);
		}
		g->off = 0;
	}
	if (*n > CHUNK - g->off)
		*n = CHUNK - g->off;
	return g->buf + g->off;
}

static long long ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000LL +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

static void fail(struct end *r, const char *call, int err)
{
	snprintf(r->why, sizeof(r->why), "%s%s%s", call, err ? ": " : "",
		 err ? strerror(err) : "");
}

/*
 * Not the digests but the stream itself tells where data went wrong: the
 * receiver compares what came, at stream offset @pos, with what the peer's
 * generator made, and keeps the first offset that differs.
 */
static void expect(struct gen *g, long long pos, const unsigned char *p,
		   size_t n, long long *bad_at)
{
	while (n && *bad_at < 0) {
		size_t k = n, i;
		const unsigned char *w;

		if (pos >= total) {
			*bad_at = pos;		/* more than was sent */
			return;
		}
		if ((long long)k > total - pos)
			k = total - pos;
		w = gen_next(g, &k);
		if (memcmp(p, w, k)) {
			for (i = 0; p[i] == w[i]; i++)
				;
			*bad_at = pos + i;
		}
		g->off += k;
		pos += k;
		p += k;
		n -= k;
	}
}

/* Send the @txs stream and receive the @rxs one at once, until both end. */
static void run_end(int fd, uint64_t txs, uint64_t rxs,
		    const struct timespec *deadline, struct end *r)
{
	static struct gen tx, want;
	static unsigned char rx[CHUNK];
	int tx_done = 0, eof = 0;
	struct sha256 th, rh;
	socklen_t len = sizeof(int);
	ssize_t n;

	getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &r->sndbuf, &len);
	getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &r->rcvbuf, &len);
	gen_init(&tx, txs);
	gen_init(&want, rxs);
	sha256_init(&th);
	sha256_init(&rh);
	while (!tx_done || !eof) {
		struct pollfd p = { fd, (tx_done ? 0 : POLLOUT) |
					(eof ? 0 : POLLIN), 0 };
		long long left = ms_left(deadline);

		if (left <= 0) {
			fail(r, "out of time", 0);
			break;
		}
		if (poll(&p, 1, left < 1000 ? left : 1000) < 0 &&
		    errno != EINTR) {
			fail(r, "poll", errno);
			break;
		}
		if (!eof && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
			n = recv(fd, rx, sizeof(rx), 0);
			if (n > 0) {
				sha256_update(&rh, rx, n);
				expect(&want, r->rcvd, rx, n, &r->bad_at);
				r->rcvd += n;
			} else if (n == 0) {
				eof = 1;
			} else if (errno != EAGAIN && errno != EINTR) {
				fail(r, "recv", errno);
				break;
			}
		}
		if (!tx_done && (p.revents & (POLLOUT | POLLHUP | POLLERR))) {
			size_t k = total - r->sent < CHUNK ?
				   total - r->sent : CHUNK;
			const unsigned char *q = gen_next(&tx, &k);

			n = send(fd, q, k, MSG_NOSIGNAL);
			if (n > 0) {
				sha256_update(&th, q, n);
				tx.off += n;
				r->sent += n;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				fail(r, "send", errno);
				break;
			}
			/* The peer reads until EOF: the FIN ends the stream. */
			if (r->sent == total) {
				if (shutdown(fd, SHUT_WR)) {
					fail(r, "shutdown", errno);
					break;
				}
				tx_done = 1;
			}
		}
	}
	r->done = tx_done && eof;
	if (r->done)
		fail(r, "done", 0);
	sha256_final(&th, r->tx_sha);
	sha256_final(&rh, r->rx_sha);
}

/* @ip of the version in use, and @port. */
static struct xaddr sa(const char *ip, unsigned short port)
{
	return xt_xaddr(fam, ipv6, ip, port);
}

/* A socket in the caller's netns, with buffers for a 100 ms round trip. */
static int mksock(void)
{
	int fd = socket(fam, SOCK_STREAM, sproto), one = 1, sz = BUF_BYTES;

	if (fd < 0)
		perror("socket");
	/* Before listen() and connect(), so that the window is set by them. */
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Wait for @ev on @fd until @deadline; 0 if it came. */
static int wait_for(int fd, short ev, const struct timespec *deadline)
{
	struct pollfd p = { fd, ev, 0 };
	long long left;

	while ((left = ms_left(deadline)) > 0)
		if (poll(&p, 1, left < 1000 ? left : 1000) > 0)
			return 0;
	return -1;
}

static int end_connect(int fd, unsigned short port,
		       const struct timespec *deadline, struct end *r)
{
	struct xaddr sx = sa(b_addr, port);
	socklen_t len = sizeof(int);
	int err = 0;

	if (connect(fd, &sx.sa, sx.len) &&
	    errno != EINPROGRESS)
		err = errno;
	else if (wait_for(fd, POLLOUT, deadline))
		err = ETIMEDOUT;
	else
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err) {
		fail(r, "connect", err);
		return -1;
	}
	return fd;
}

static int end_accept(int l, const struct timespec *deadline, struct end *r)
{
	int fd = -1;

	if (wait_for(l, POLLIN, deadline)) {
		fail(r, "accept", ETIMEDOUT);
	} else {
		fd = accept4(l, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			fail(r, "accept", errno);
	}
	close(l);
	return fd;
}

/*
 * One end in a child of its own, so that both ends (and both CPUs) work at
 * once: a, the client, connects @fd; b accepts on @fd. Over *@ctl the child
 * sends its result, then waits for the verdict: close, or reset if either
 * end failed, so that no connection outlives its condition.
 */
static pid_t spawn_end(int is_a, int fd, int other, unsigned short port,
		       const struct timespec *deadline, int *ctl)
{
	struct end r = { .bad_at = -1 };
	struct linger reset = { 1, 0 };
	char verdict = 0;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("socketpair");
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid) {
		close(sv[1]);
		*ctl = sv[0];
		return pid;
	}
	close(sv[0]);
	close(other);
	fd = is_a ? end_connect(fd, port, deadline, &r) :
		    end_accept(fd, deadline, &r);
	if (fd >= 0)
		run_end(fd, is_a ? SEED_AB : SEED_BA, is_a ? SEED_BA : SEED_AB,
			deadline, &r);
	if (write(sv[1], &r, sizeof(r)) != sizeof(r) ||
	    read(sv[1], &verdict, 1) != 1 || verdict != 'c')
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	_exit(0);
}

/* A child's result, waiting until @deadline; past it, the child is killed. */
static void collect(pid_t pid, int ctl, const struct timespec *deadline,
		    struct end *r)
{
	if (pid < 0 || wait_for(ctl, POLLIN, deadline) ||
	    read(ctl, r, sizeof(*r)) != sizeof(*r)) {
		memset(r, 0, sizeof(*r));
		fail(r, pid < 0 ? "fork" : "no result", 0);
		r->bad_at = -1;
		if (pid > 0)
			kill(pid, SIGKILL);
	}
}

/* A failed transfer's rows of /proc/net/xtcp, before they are reset. */
static void show_rows(void)
{
	char line[256];
	FILE *f;
	int ns;

	if (!inet)
		printf("# /proc/net/xtcp at the end of the transfer:\n");
	for (ns = 0; ns < 2 && !inet; ns++) {
		enter(ns ? "xb" : "xa");
		f = fopen("/proc/net/xtcp", "r");
		while (f && fgets(line, sizeof(line), f))
			printf("# %s: %s", ns ? "xb" : "xa", line);
		if (f)
			fclose(f);
	}
}

/* One transfer, a in xa to b in xb; the seconds it took. */
static double xfer(unsigned short port, struct end *ra, struct end *rb)
{
	struct xaddr sx = sa(b_addr, port);
	struct timespec t0, t1, deadline, hard;
	int fd[2], ctl[2] = { -1, -1 }, i;
	struct end *r[2] = { ra, rb };
	char verdict;
	pid_t pid[2];

	enter("xb");
	fd[1] = mksock();
	if (bind(fd[1], &sx.sa, sx.len) || listen(fd[1], 4))
		perror("bind/listen");
	enter("xa");
	fd[0] = mksock();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	deadline = t0;
	deadline.tv_sec += timeout_s;
	for (i = 0; i < 2; i++)
		pid[i] = spawn_end(!i, fd[i], fd[!i], port, &deadline, &ctl[i]);
	close(fd[0]);
	close(fd[1]);
	/* The children give up at @deadline; @hard is for one that hangs. */
	hard = deadline;
	hard.tv_sec += 30;
	for (i = 0; i < 2; i++)
		collect(pid[i], ctl[i], &hard, r[i]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	verdict = ra->done && rb->done ? 'c' : 'r';
	if (verdict == 'r')
		show_rows();
	for (i = 0; i < 2; i++) {
		send(ctl[i], &verdict, 1, MSG_NOSIGNAL);
		close(ctl[i]);
		if (pid[i] > 0)
			waitpid(pid[i], NULL, 0);
	}
	return t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* Linux TCP's counter for XTCP's @name, as nstat names it. */
static long inet_stat(const char *name)
{
	const char *pfx = !strcmp(name, "RetransSegs") ||
			  !strcmp(name, "InCsumErrors") ? "Tcp" :
			  !strcmp(name, "RcvPruned") ? "TcpExt" : "TcpExtTCP";
	char line[128], key[64];
	long v, ret = -1;
	FILE *f;

	/* -a: absolute values, -s: nstat's history file left alone. */
	snprintf(line, sizeof(line), "nstat -asz %s%s", pfx, name);
	f = popen(line, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", key, &v) == 2)
			ret = v;
	if (f)
		pclose(f);
	return ret;
}

/* The counters, read in xa and xb: /proc/net is the reader's netns. */
static void counters(long v[2][C_MAX])
{
	int ns, i;

	for (ns = 0; ns < 2; ns++) {
		enter(ns ? "xb" : "xa");
		for (i = 0; i < C_MAX; i++)
			v[ns][i] = inet ? inet_stat(ctr_names[i]) :
					  xt_stat(ctr_names[i]);
	}
}

/* How much counter @i grew, over both netns; -1 if there is no such. */
static long grew(long b[2][C_MAX], long a[2][C_MAX], int i)
{
	if (b[0][i] < 0 || b[1][i] < 0 || a[0][i] < 0 || a[1][i] < 0)
		return -1;
	return a[0][i] - b[0][i] + a[1][i] - b[1][i];
}

/* One direction: @tx's stream as @rx got it. */
static void check_dir(const char *cond, const char *dir, const struct end *tx,
		      const struct end *rx)
{
	char name[96], at[32] = "none";

	if (rx->bad_at >= 0)
		snprintf(at, sizeof(at), "%lld", rx->bad_at);
	snprintf(name, sizeof(name), "%s: %s bytes", cond, dir);
	XT_EQ(rx->rcvd, total, name);
	snprintf(name, sizeof(name), "%s: %s sha256", cond, dir);
	/* Digests of a stream not sent in full prove nothing. */
	xt_report(tx->sent == total && !memcmp(tx->tx_sha, rx->rx_sha, 32),
		  name,
		  "sent %lld of %lld bytes, received %lld, digests %s; first "
		  "byte unlike the sent stream: %s", tx->sent, total, rx->rcvd,
		  memcmp(tx->tx_sha, rx->rx_sha, 32) ? "differ" : "equal", at);
}

static int env_int(const char *name, int def)
{
	const char *s = getenv(name);

	return s && atoi(s) > 0 ? atoi(s) : def;
}

/* Raise a global sysctl to @val unless it is higher already. */
static void raise_sysctl(const char *path, long val)
{
	FILE *f = fopen(path, "r+");
	long cur = 0;

	if (f && fscanf(f, "%ld", &cur) == 1 && cur < val) {
		rewind(f);
		fprintf(f, "%ld\n", val);
	}
	if (f && fclose(f))
		perror(path);
}

/* Set @netem on both ends of the link, run a transfer, check it. */
static void run_cond(const struct cond *c, unsigned short port, int capture)
{
	long before[2][C_MAX], after[2][C_MAX];
	double tx0[2], tx1[2], per;
	struct end ra, rb;
	char name[96];
	pid_t dump = -1;
	double secs;
	int i;

	/* A roomy queue: no drops but those the condition asks for. */
	snprintf(name, sizeof(name), "limit 10000 %s", c->netem);
	netem_both(name);
	sh("ip -n xa link set va gso_max_segs %d && "
	   "ip -n xb link set vb gso_max_segs %d", c->wire ? 1 : 65535,
	   c->wire ? 1 : 65535);
	va_sent(tx0);
	if (capture) {
		snprintf(name, sizeof(name), "%s proto %d",
			 ipv6 ? "ip6" : "ip", proto);
		dump = tcpdump_start("xa", "va", pcap, name);
	}
	counters(before);
	secs = xfer(port, &ra, &rb);
	counters(after);
	va_sent(tx1);
	tcpdump_stop(dump);

	printf("# %s: %lld MiB each way in %.1f s (netem %s)\n", c->name,
	       total >> 20, secs, c->netem);
	if (port == PORT)
		printf("# SO_SNDBUF/SO_RCVBUF: a %d/%d, b %d/%d\n", ra.sndbuf,
		       ra.rcvbuf, rb.sndbuf, rb.rcvbuf);
	snprintf(name, sizeof(name), "%s: completes in time", c->name);
	xt_report(ra.done && rb.done, name,
		  "after %.0f s (limit %d s), of %lld bytes a sent %lld, b got "
		  "%lld; b sent %lld, a got %lld; a %s; b %s", secs, timeout_s,
		  total, ra.sent, rb.rcvd, rb.sent, ra.rcvd, ra.why, rb.why);
	check_dir(c->name, "a->b", &ra, &rb);
	check_dir(c->name, "b->a", &rb, &ra);
	/*
	 * An MSS of 1460 makes 1514-byte frames, as IPv6's 1440 does; more
	 * is a super-segment.
	 */
	per = tx1[1] > tx0[1] ? (tx1[0] - tx0[0]) / (tx1[1] - tx0[1]) : 0;
	printf("# %s: %.0f bytes per skb on va\n", c->name, per);
	snprintf(name, sizeof(name), "%s: %s", c->name, c->wire ?
		 "one segment per skb, as on a wire" :
		 "super-segments crossed the veth");
	xt_report(c->wire ? per > 0 && per <= 1514 : per > 3000, name,
		  "%.0f bytes per skb", per);

	printf("# %s:", c->name);
	for (i = 0; i < C_MAX; i++) {
		long d = grew(before, after, i);

		if (d < 0)
			printf(" %s n/a", ctr_names[i]);
		else
			printf(" %s +%ld", ctr_names[i], d);
	}
	printf("\n");
	if (c->must_grow >= 0) {
		long d = grew(before, after, c->must_grow);

		snprintf(name, sizeof(name), "%s: %s", c->name, c->grow_check);
		/* Linux TCP's GSO frames are too few to corrupt reliably. */
		if (inet && c->must_grow == C_CSUM)
			xt_skip(name, "inet");
		else
			xt_report(d > 0, name, d < 0 ? "no %s counter" :
				  "%s did not grow", ctr_names[c->must_grow]);
	}
	if (!strcmp(c->name, "delay50"))
		printf("# %s: goodput %.2f MiB/s each way\n", c->name,
		       total / 1048576.0 / secs);
	fflush(stdout);
}

/*
 * The capture, dissected: XTCP's segments are TCP's under another protocol
 * number. tshark can check a checksum only over the whole segment, so the
 * capture keeps whole frames (a snaplen leaves every checksum unverified).
 */
static void check_capture(unsigned short port)
{
	int tcp = 0, good = 0, bad = 0, retrans = 0;
	char cmd[640], line[256];
	FILE *f;

	/* The port as plain data: no dissector guesses at the payload. */
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==%d,tcp -d tcp.port==%d,data "
		 "-o tcp.check_checksum:TRUE "
		 "-o tcp.analyze_sequence_numbers:TRUE "
		 "-T fields -E separator=';' -e tcp.srcport "
		 "-e tcp.checksum.status -e _ws.malformed "
		 "-e tcp.analysis.retransmission "
		 "-e tcp.analysis.fast_retransmission 2>/dev/null",
		 pcap, proto, port);
	f = popen(cmd, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *p = line, *fl[5];
		int i;

		line[strcspn(line, "\n")] = 0;
		for (i = 0; i < 5; i++)
			fl[i] = p ? strsep(&p, ";") : (char *)"";
		if (*fl[0])
			tcp++;
		if (!strcmp(fl[1], "1"))
			good++;
		/* tshark's checksum status: 0 bad, 1 good, 2 unverified. */
		if (!strcmp(fl[1], "0") || *fl[2])
			bad++;
		if (*fl[3] || *fl[4])
			retrans++;
	}
	if (f)
		pclose(f);
	printf("# capture: %d TCP frames, %d good checksums, %d bad or "
	       "malformed, %d retransmissions\n", tcp, good, bad, retrans);
	xt_report(tcp > 0, "capture: segments dissected as TCP",
		  "no TCP frame in %s (see %s.log)", pcap, pcap);
	/*
	 * Linux TCP leaves checksums to the (veth) hardware, and its few
	 * large GSO frames may show no loss that tshark calls one.
	 */
	if (inet) {
		xt_skip("capture: the rest", "inet");
		return;
	}
	XT_EQ(bad, 0, "capture: nothing malformed or badly summed");
	XT_EQ(good, tcp, "capture: every checksum verified");
	xt_report(retrans > 0, "capture: retransmissions seen",
		  "none among %d TCP frames", tcp);
}

int main(int argc, char **argv)
{
	static const struct cond lossy = {
		"capture", "loss 2%", C_RETRANS, "retransmits", 1
	};
	const char *e = getenv("XTCP_XFER_FAMILY");
	unsigned char d[32];
	struct sha256 s;
	FILE *f;
	int mib = env_int("XTCP_XFER_MB", 64);
	unsigned int i;
	int opt;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			fprintf(stderr, "usage: %s [-6]\n", argv[0]);
			return 2;
		}
		ipv6 = 1;
		b_addr = B_ADDR6;
		pcap = "/tmp/xfer6.pcap";
	}
	signal(SIGPIPE, SIG_IGN);
	inet = e && !strcmp(e, "inet");
	fam = inet ? (ipv6 ? AF_INET6 : AF_INET) : xt_family();
	sproto = ipv6 && !inet ? XTCPPROTO_XTCP6 : 0;
	if (ipv6)
		printf("# xfer: over IPv6: %s and %s, %s\n", A_ADDR6, B_ADDR6,
		       inet ? "AF_INET6" : "XTCPPROTO_XTCP6");
	proto = IPPROTO_TCP;
	f = inet ? NULL : fopen("/sys/module/xtcp/parameters/ipproto", "r");
	if (!inet && (!f || fscanf(f, "%d", &proto) != 1))
		proto = 253;		/* the module's default */
	if (f)
		fclose(f);
	timeout_s = env_int("XTCP_XFER_TIMEOUT", timeout_s);
	/* The digest itself first, FIPS 180-4's "abc". */
	sha256_init(&s);
	sha256_update(&s, "abc", 3);
	sha256_final(&s, d);
	xt_report(!memcmp(d, "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde"
			  "\x5d\xae\x22\x23\xb0\x03\x61\xa3\x96\x17\x7a\x9c"
			  "\xb4\x10\xff\x61\xf2\x00\x15\xad", 32),
		  "sha256: known answer", "sha256(\"abc\") is wrong");

	/* SO_SNDBUF and SO_RCVBUF are capped by these (init netns only). */
	raise_sysctl("/proc/sys/net/core/rmem_max", BUF_BYTES);
	raise_sysctl("/proc/sys/net/core/wmem_max", BUF_BYTES);
	netns_pair(A_ADDR, B_ADDR);
	/* No duplicate address detection: the addresses work at once. */
	if (ipv6)
		sh("ip -n xa -6 addr add %s/64 dev va nodad && "
		   "ip -n xb -6 addr add %s/64 dev vb nodad", A_ADDR6, B_ADDR6);

	total = (long long)mib << 20;
	for (i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		run_cond(&conds[i], PORT + i, 0);
	/* Whole frames of a short transfer: a small, checkable capture. */
	total = (long long)(mib < 2 ? mib : 2) << 20;
	run_cond(&lossy, PORT + i, 1);
	check_capture(PORT + i);
	netns_del();
	return xt_exit();
}
