// SPDX-License-Identifier: GPL-2.0
/*
 * xtcpss and the module's sock_diag (mod/diag.c, Documentation/diag.rst).
 *
 * Two hosts, xa (10.11.0.1) and xb (10.11.0.2), with netem delaying each
 * way and tc filters that drop chosen segments, hold one connection in each
 * state of RFC 9293's diagram (3.3.2) at once: LISTEN, SYN_SENT, SYN_RECV,
 * ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK and
 * TIME_WAIT. xtcpss must show each where the scenario put it, under ss's
 * name for it (iproute2's misc/ss.c, sstate_name[]), and the same rows as
 * /proc/net/xtcp. Its filters, applied by the kernel, must return what the
 * same predicate, applied here to /proc/net/xtcp, selects. Then, with the
 * module reloaded with 256 hash buckets, thousands of TIME_WAIT entries:
 * a dump spread over several messages returns each row once, a filter on
 * one port returns that port's rows only and no other message, and -s
 * counts what /proc/net/xtcp has. Last, what the kernel refuses, and why.
 *
 * IPv6, in netns x6 over loopback: a listener on [::1], a connection over
 * [::1], its TIME_WAIT entry, and an IPv4 client of a listener on [::]
 * whose accepted socket is v4-mapped. The raw messages must carry their
 * addresses in XTCP_DIAG_ADDR6 (the IPv4 client's none), xtcpss must
 * print them as [::1]:port and [::ffff:127.0.0.1]:port, as
 * /proc/net/xtcp does, and IPv6 conditions must select what they say.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/xtcp_diag.h>
#include <poll.h>
#include <sys/fsuid.h>
#include <time.h>
#include "xtcp_netns.h"

#define A_ADDR	"10.11.0.1"
#define B_ADDR	"10.11.0.2"
#define MAXROWS	16384

static int fam;
static int delay_ms = 200;
static char xtcpss[512];

/* A row, from xtcpss -e or from /proc/net/xtcp, in xtcpss's terms. */
struct row {
	char state[16], local[64], peer[64], timer[16];
	long rq, sq, uid, ino;
	int lport, rport;
	__u32 laddr, raddr;	/* host order; 0 for IPv6 */
	int v6;			/* [addr]:port */
	struct in6_addr laddr6, raddr6;
	char info[512];		/* xtcpss -i's second line */
};

static struct row ss[MAXROWS], pr[MAXROWS];

/* Copy @src into @dst of @n bytes, cut short if need be. */
static void scopy(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* /proc/net/xtcp's state name as ss names it (misc/ss.c, sstate_name[]). */
static void ss_state_name(const char *proc, char *out, size_t n)
{
	size_t i;

	if (!strcmp(proc, "ESTABLISHED")) {
		snprintf(out, n, "ESTAB");
		return;
	}
	if (!strcmp(proc, "CLOSED")) {
		snprintf(out, n, "UNCONN");
		return;
	}
	scopy(out, n, proc);
	for (i = 0; out[i]; i++)
		if (out[i] == '_')
			out[i] = '-';
}

/* "a.b.c.d:port" or "[addr6]:port" ("*" for port 0): its parts. */
static void split_one(const char *s, int *port, __u32 *addr,
		      struct in6_addr *addr6, int *v6)
{
	char a[64], *c;

	snprintf(a, sizeof(a), "%s", s);
	c = strrchr(a, ':');
	*port = c && c[1] != '*' ? atoi(c + 1) : 0;
	if (c)
		*c = '\0';
	if (*a == '[' && c && c[-1] == ']') {
		c[-1] = '\0';
		*v6 = 1;
		inet_pton(AF_INET6, a + 1, addr6);
		return;
	}
	inet_pton(AF_INET, a, addr);
	*addr = ntohl(*addr);
}

static void split(struct row *r)
{
	split_one(r->local, &r->lport, &r->laddr, &r->laddr6, &r->v6);
	split_one(r->peer, &r->rport, &r->raddr, &r->raddr6, &r->v6);
}

/* Every row of /proc/net/xtcp in netns @ns. */
static int proc_rows(const char *ns, struct row *rows)
{
	char line[320], st[32];
	int n = 0;
	FILE *f;

	enter(ns);
	f = fopen("/proc/net/xtcp", "r");
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	while (n < MAXROWS && fgets(line, sizeof(line), f)) {
		struct row *r = &rows[n];
		char *c;

		memset(r, 0, sizeof(*r));
		if (sscanf(line, "%63s %63s %31s %ld %ld %15s %*d %*d %*d %*d %ld %ld",
			   r->local, r->peer, st, &r->sq, &r->rq, r->timer,
			   &r->uid, &r->ino) != 8)
			continue;
		ss_state_name(st, r->state, sizeof(r->state));
		/* A listener's peer: ss writes port 0 as "*". */
		c = strrchr(r->peer, ':');
		if (c && !strcmp(c, ":0"))
			strcpy(c, ":*");
		split(r);
		n++;
	}
	fclose(f);
	return n;
}

/*
 * xtcpss -N @ns -e -H @args: its rows, and in @stats (if not NULL) the
 * line --netlink-stats prints. Returns the count, or -1 if it failed.
 */
static int ss_rows(const char *ns, const char *args, struct row *rows,
		   char *stats, size_t nstats)
{
	char cmd[1024], line[1024];
	int n = 0, rc;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -N %s -e -H --netlink-stats %s "
		 "2>/tmp/xtcpss.err", xtcpss, ns, args);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct row *r = &rows[n];
		char *p;

		if (line[0] == '\t') {
			if (n)
				scopy(rows[n - 1].info,
				      sizeof(rows[n - 1].info), line);
			continue;
		}
		if (n == MAXROWS)
			continue;
		memset(r, 0, sizeof(*r));
		if (sscanf(line, "%15s %ld %ld %63s %63s", r->state, &r->rq,
			   &r->sq, r->local, r->peer) != 5)
			continue;
		snprintf(r->timer, sizeof(r->timer), "-");
		p = strstr(line, "timer:(");
		if (p)
			sscanf(p, "timer:(%15[^,]", r->timer);
		p = strstr(line, "uid:");
		if (p)
			sscanf(p, "uid:%ld ino:%ld", &r->uid, &r->ino);
		split(r);
		n++;
	}
	rc = pclose(f);
	f = fopen("/tmp/xtcpss.err", "r");
	if (stats)
		*stats = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "netlink:", 8)) {
			if (stats)
				scopy(stats, nstats, line);
		} else {
			fprintf(stderr, "xtcpss: %s", line);
		}
	}
	if (f)
		fclose(f);
	return rc ? -1 : n;
}

static int row_eq(const struct row *a, const struct row *b)
{
	return !strcmp(a->state, b->state) && !strcmp(a->local, b->local) &&
	       !strcmp(a->peer, b->peer) && !strcmp(a->timer, b->timer) &&
	       a->rq == b->rq && a->sq == b->sq && a->uid == b->uid &&
	       a->ino == b->ino;
}

static void row_str(const struct row *r, char *buf, size_t n)
{
	snprintf(buf, n, "%.15s %.63s %.63s rq %ld sq %ld %.15s uid %ld ino %ld",
		 r->state, r->local, r->peer, r->rq, r->sq, r->timer, r->uid,
		 r->ino);
}

/* xtcpss -a and /proc/net/xtcp in @ns: the same rows, each once. */
static void compare_all(const char *ns, const char *name)
{
	static char used[MAXROWS];
	int ns_n, np, i, j, missing = 0;
	char buf[256], why[600] = "";

	ns_n = ss_rows(ns, "-a", ss, NULL, 0);
	np = proc_rows(ns, pr);
	memset(used, 0, sizeof(used));
	for (i = 0; i < np; i++) {
		for (j = 0; j < ns_n; j++)
			if (!used[j] && row_eq(&pr[i], &ss[j]))
				break;
		if (j < ns_n) {
			used[j] = 1;
			continue;
		}
		if (!missing++) {
			row_str(&pr[i], buf, sizeof(buf));
			snprintf(why, sizeof(why), "/proc row not in xtcpss: %s",
				 buf);
		}
	}
	xt_report(ns_n == np && !missing && np > 0, name,
		  "xtcpss %d rows, /proc %d, %d unmatched; %s", ns_n, np,
		  missing, why);
}

static const struct row *find(const struct row *rows, int n, int lport,
			      int rport)
{
	int i;

	for (i = 0; i < n; i++)
		if (rows[i].lport == lport && rows[i].rport == rport)
			return &rows[i];
	return NULL;
}

static void expect_ss(const char *ns, int lport, int rport, const char *want,
		      const char *name)
{
	int n = ss_rows(ns, "-a", ss, NULL, 0);
	const struct row *r = n > 0 ? find(ss, n, lport, rport) : NULL;

	xt_report(r && !strcmp(r->state, want), name,
		  "row %d->%d is %s, want %s", lport, rport,
		  r ? r->state : "(none)", want);
}

/* Every socket made, to close before the module is reloaded. */
static int fds[256], nfds;

static int track(int fd)
{
	if (fd >= 0 && nfds < 256)
		fds[nfds++] = fd;
	return fd;
}

static void close_all(void)
{
	while (nfds)
		close(fds[--nfds]);
}

static int sock_in(const char *ns, const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = xt_addr(fam, ip, port);
	int fd, one = 1;

	enter(ns);
	fd = track(socket(fam, SOCK_STREAM, 0));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (port && bind(fd, (struct sockaddr *)&sx, sizeof(sx)))
		perror("bind");
	return fd;
}

static int local_port(int fd)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);

	getsockname(fd, (struct sockaddr *)&sx, &len);
	return ntohs(sx.sxtcp_port);
}

static void nb_connect(int fd, const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = xt_addr(fam, ip, port);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx)) == 0 ||
	    errno != EINPROGRESS)
		perror("nonblocking connect");
}

/* A listener on B:@port (kept, for LISTEN rows), a client in xa, and the
 * accepted socket; both ends established.
 */
static void open_pair(int l, unsigned short port, int *c, int *a)
{
	struct pollfd p;

	*c = sock_in("xa", A_ADDR, 0);
	nb_connect(*c, B_ADDR, port);
	p.fd = *c;
	p.events = POLLOUT;
	poll(&p, 1, 10000);
	enter("xb");
	p.fd = l;
	p.events = POLLIN;
	poll(&p, 1, 10000);
	*a = track(accept(l, NULL, NULL));
	msleep(delay_ms + 50);
}

/*
 * Every XTCP segment of port @port leaving xa (to it) and xb (from it)
 * goes to the dropping band. Only what is queued already gets through.
 */
static void drop_port(unsigned short port, int prio)
{
	sh("tc -n xa filter add dev va parent 1: protocol ip prio %d u32 "
	   "match ip protocol 253 0xff match u16 %u 0xffff at 22 flowid 1:3",
	   prio, port);
	sh("tc -n xb filter add dev vb parent 1: protocol ip prio %d u32 "
	   "match ip protocol 253 0xff match u16 %u 0xffff at 20 flowid 1:3",
	   prio, port);
}

/* Pure ACKs (flags 0x10) of port @port, both ways, are dropped. */
static void drop_acks(unsigned short port, int prio)
{
	sh("tc -n xa filter add dev va parent 1: protocol ip prio %d u32 "
	   "match ip protocol 253 0xff match u16 %u 0xffff at 22 "
	   "match u8 0x10 0xff at 33 flowid 1:3", prio, port);
	sh("tc -n xb filter add dev vb parent 1: protocol ip prio %d u32 "
	   "match ip protocol 253 0xff match u16 %u 0xffff at 20 "
	   "match u8 0x10 0xff at 33 flowid 1:3", prio, port);
}

/* From xb only: what B sends from @port is dropped. */
static void drop_from_b(unsigned short port, int prio)
{
	sh("tc -n xb filter add dev vb parent 1: protocol ip prio %d u32 "
	   "match ip protocol 253 0xff match u16 %u 0xffff at 20 flowid 1:3",
	   prio, port);
}

static void setup(void)
{
	const char *ends[] = { "xa va", "xb vb" };
	int i;

	netns_pair(A_ADDR, B_ADDR);
	for (i = 0; i < 2; i++) {
		char ns[4], dev[4];

		sscanf(ends[i], "%3s %3s", ns, dev);
		/* Band 2 delays, band 3 drops; filters pick band 3. */
		sh("tc -n %s qdisc add dev %s root handle 1: prio bands 3 "
		   "priomap 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", ns, dev);
		sh("tc -n %s qdisc add dev %s parent 1:2 handle 20: netem "
		   "delay %dms", ns, dev, delay_ms);
		sh("tc -n %s qdisc add dev %s parent 1:3 handle 30: netem "
		   "loss 100%%", ns, dev);
		enter(ns);
		xt_sysctl("rto_init_ms", 3000);
		/* TIME_WAIT and the orphan in FIN_WAIT_2 outlast the test. */
		xt_sysctl("msl_ms", 300000);
		xt_sysctl("fin_timeout", 600);
	}
}

/* The ports of each scenario, and what it leaves on each side. */
enum { P_EST = 9000, P_SYN = 9100, P_FW1 = 9200, P_FW2 = 9300,
       P_CLOSING = 9400, P_TW = 9500, P_UID = 9600 };

struct expect {
	const char *ns;
	int lport, rport;	/* 0: the client's port, filled in */
	const char *state;
};

static int listeners[7];

/*
 * Drive one connection into each state and leave it there. The states
 * each scenario reaches are RFC 9293's (3.3.2, and 3.6 for CLOSING).
 */
static void make_states(struct expect *e, int *ne)
{
	int c, a, cp, i, uid_l;
	struct sockaddr_xtcp sx;
	static const int ports[] = { P_EST, P_SYN, P_FW1, P_FW2, P_CLOSING,
				     P_TW };

	for (i = 0; i < 6; i++) {
		listeners[i] = sock_in("xb", B_ADDR, ports[i]);
		listen(listeners[i], 8);
		e[(*ne)++] = (struct expect){ "xb", ports[i], 0, "LISTEN" };
	}
	/* A listener made with fsuid 4321: its row's uid. */
	enter("xb");
	setfsuid(4321);
	uid_l = track(socket(fam, SOCK_STREAM, 0));
	setfsuid(0);
	sx = xt_addr(fam, "0.0.0.0", P_UID);
	bind(uid_l, (struct sockaddr *)&sx, sizeof(sx));
	listen(uid_l, 3);
	listeners[6] = uid_l;

	/* Established: the three-way handshake done. */
	open_pair(listeners[0], P_EST, &c, &a);
	cp = local_port(c);
	e[(*ne)++] = (struct expect){ "xa", cp, P_EST, "ESTAB" };
	e[(*ne)++] = (struct expect){ "xb", P_EST, cp, "ESTAB" };

	/* The SYN+ACK is lost: the client waits in SYN_SENT, the listener
	 * holds a request in SYN_RECV.
	 */
	drop_from_b(P_SYN, 2);
	c = sock_in("xa", A_ADDR, 0);
	nb_connect(c, B_ADDR, P_SYN);
	cp = local_port(c);
	e[(*ne)++] = (struct expect){ "xa", cp, P_SYN, "SYN-SENT" };
	e[(*ne)++] = (struct expect){ "xb", P_SYN, cp, "SYN-RECV" };

	/* A sends FIN, whose ACK is lost; B, in CLOSE_WAIT, sends its own
	 * FIN, lost too: A stays in FIN_WAIT_1, B in LAST_ACK.
	 */
	open_pair(listeners[2], P_FW1, &c, &a);
	cp = local_port(c);
	drop_from_b(P_FW1, 3);
	shutdown(c, SHUT_WR);
	msleep(delay_ms + delay_ms / 2);
	shutdown(a, SHUT_WR);
	e[(*ne)++] = (struct expect){ "xa", cp, P_FW1, "FIN-WAIT-1" };
	e[(*ne)++] = (struct expect){ "xb", P_FW1, cp, "LAST-ACK" };

	/* A closes, B acknowledges and keeps its side open. */
	open_pair(listeners[3], P_FW2, &c, &a);
	cp = local_port(c);
	close(c);
	e[(*ne)++] = (struct expect){ "xa", cp, P_FW2, "FIN-WAIT-2" };
	e[(*ne)++] = (struct expect){ "xb", P_FW2, cp, "CLOSE-WAIT" };

	/* Both send FIN before either arrives: each gets the other's FIN in
	 * FIN_WAIT_1 without the ACK of its own (CLOSING). The ACKs that
	 * would end it are dropped, and then everything, so that a FIN sent
	 * again, which acknowledges the other's, does not end it either.
	 */
	open_pair(listeners[4], P_CLOSING, &c, &a);
	cp = local_port(c);
	drop_acks(P_CLOSING, 4);
	shutdown(c, SHUT_WR);
	shutdown(a, SHUT_WR);
	msleep(delay_ms / 2);
	drop_port(P_CLOSING, 5);
	e[(*ne)++] = (struct expect){ "xa", cp, P_CLOSING, "CLOSING" };
	e[(*ne)++] = (struct expect){ "xb", P_CLOSING, cp, "CLOSING" };

	/* A closes first, then B: A in TIME_WAIT, B gone. */
	open_pair(listeners[5], P_TW, &c, &a);
	cp = local_port(c);
	close(c);
	msleep(2 * delay_ms + delay_ms / 2);
	close(a);
	e[(*ne)++] = (struct expect){ "xa", cp, P_TW, "TIME-WAIT" };

	/* Every FIN and ACK above has arrived, or been dropped. */
	msleep(3 * delay_ms + 500);
}

static void test_states(void)
{
	struct expect e[32];
	int ne = 0, i;
	const struct row *r;
	int n;

	make_states(e, &ne);
	for (i = 0; i < ne; i++) {
		char name[96];

		snprintf(name, sizeof(name), "state: %s %s %d->%d", e[i].ns,
			 e[i].state, e[i].lport, e[i].rport);
		expect_ss(e[i].ns, e[i].lport, e[i].rport, e[i].state, name);
	}
	compare_all("xa", "xa: xtcpss -a shows /proc/net/xtcp's rows");
	compare_all("xb", "xb: xtcpss -a shows /proc/net/xtcp's rows");

	n = ss_rows("xb", "-a", ss, NULL, 0);
	r = n > 0 ? find(ss, n, P_UID, 0) : NULL;
	XT_EQ(r ? r->uid : -1, 4321, "-e: uid of a listener made with fsuid 4321");
	XT_EQ(r && r->ino > 0, 1, "-e: a listener's inode");
	r = n > 0 ? find(ss, n, P_SYN, 0) : NULL;
	XT_EQ(r ? r->sq : -1, 8, "listener: Send-Q is the backlog");
}

/* A predicate of the test's own, for the filter xtcpss sends the kernel. */
struct ftest {
	const char *ns, *args;
	int (*want)(const struct row *r);
};

#define ST(r, s)	(!strcmp((r)->state, s))
#define NET_11		(10U << 24 | 11U << 16)

static int w_default(const struct row *r)
{
	return !ST(r, "LISTEN") && !ST(r, "SYN-RECV") && !ST(r, "TIME-WAIT") &&
	       !ST(r, "UNCONN");
}

static int w_listen(const struct row *r) { return ST(r, "LISTEN"); }
static int w_synrecv(const struct row *r) { return ST(r, "SYN-RECV"); }
static int w_bucket(const struct row *r)
{
	return ST(r, "SYN-RECV") || ST(r, "TIME-WAIT");
}
static int w_sport(const struct row *r) { return r->lport == P_SYN; }
static int w_sport_ne(const struct row *r) { return r->lport != P_EST; }
static int w_dport_ge(const struct row *r) { return r->rport >= P_FW2; }
static int w_dport_lt(const struct row *r) { return r->rport < P_FW2; }
static int w_dst(const struct row *r) { return r->raddr == (NET_11 | 1); }
static int w_dst_ne(const struct row *r) { return r->raddr != (NET_11 | 1); }
static int w_src_net(const struct row *r)
{
	return (r->laddr & 0xffffff00) == NET_11;
}

static int w_conn_excl(const struct row *r)
{
	return !ST(r, "LISTEN") && !ST(r, "UNCONN") && !ST(r, "FIN-WAIT-1");
}

static int w_and(const struct row *r)
{
	return ST(r, "LISTEN") && r->lport > P_EST && r->lport <= P_FW2;
}

/* Each filter's rows: what the predicate selects from /proc/net/xtcp. */
static void run_filters(const struct ftest *ft, unsigned int nft)
{
	unsigned int i;

	for (i = 0; i < nft; i++) {
		int n = ss_rows(ft[i].ns, ft[i].args, ss, NULL, 0);
		int np = proc_rows(ft[i].ns, pr), want = 0, bad = 0, j;
		char name[128];

		for (j = 0; j < np; j++)
			want += !!ft[i].want(&pr[j]);
		for (j = 0; j < n; j++)
			bad += !ft[i].want(&ss[j]);
		snprintf(name, sizeof(name), "filter: %s: xtcpss %s", ft[i].ns,
			 ft[i].args);
		xt_report(n == want && !bad && want > 0, name,
			  "%d rows (%d that should not be), /proc has %d", n,
			  bad, want);
	}
}

static void test_filters(void)
{
	static const struct ftest ft[] = {
		{ "xb", "", w_default },
		{ "xa", "", w_default },
		{ "xb", "-l", w_listen },
		{ "xb", "state syn-recv", w_synrecv },
		{ "xa", "state bucket", w_bucket },
		{ "xb", "-a sport = :9100", w_sport },
		{ "xb", "state all sport != :9000", w_sport_ne },
		{ "xa", "-a dport '>=' :9300", w_dport_ge },
		{ "xa", "-a dport lt :9300", w_dport_lt },
		{ "xb", "-a dst 10.11.0.1", w_dst },
		{ "xb", "-a dst != 10.11.0.1", w_dst_ne },
		{ "xa", "-a src 10.11.0.0/24", w_src_net },
		{ "xa", "state connected exclude fin-wait-1", w_conn_excl },
		{ "xb", "state listening and sport gt :9000 and sport le :9300",
		  w_and },
	};

	run_filters(ft, sizeof(ft) / sizeof(ft[0]));
}

/* -i: the numbers of getsockopt(XTCP_INFO) on the same, idle socket. */
static void test_info(void)
{
	struct xtcp_info info;
	socklen_t len = sizeof(info);
	char want[128];
	const struct row *r;
	int c, a, n;

	open_pair(listeners[0], P_EST, &c, &a);
	msleep(500);
	memset(&info, 0, sizeof(info));
	getsockopt(c, SOL_XTCP, XTCP_INFO, &info, &len);
	n = ss_rows("xa", "-i", ss, NULL, 0);
	r = n > 0 ? find(ss, n, local_port(c), P_EST) : NULL;
	snprintf(want, sizeof(want), "rto:%u ", info.xtcpi_rto_ms);
	xt_report(r && strstr(r->info, want), "-i: rto as XTCP_INFO says",
		  "want %s in '%s'", want,
		  r ? r->info : "(no row)");
	snprintf(want, sizeof(want), " mss:%u advmss:%u cwnd:%u ",
		 info.xtcpi_snd_mss, info.xtcpi_adv_mss, info.xtcpi_snd_cwnd);
	xt_report(r && strstr(r->info, want), "-i: mss, advmss and cwnd as "
		  "XTCP_INFO says", "want %s in '%s'", want,
		  r ? r->info : "(no row)");
	xt_report(r && strstr(r->info, " retrans:0/0 "),
		  "-i: no retransmissions", "'%s'", r ? r->info : "(no row)");
	xt_report(r && strstr(r->info, " rtt:"), "-i: an RTT sample", "'%s'",
		  r ? r->info : "(no row)");
	close(c);
	close(a);
}

/*
 * Many TIME_WAIT entries in netns xd over loopback: @n connections to
 * 127.0.0.1, ports 7000-7003 in turn, each closed by the server first so
 * that the entries are the server's, on its four ports.
 */
static int make_tw(int n)
{
	int l[4], i, made = 0;

	sh("ip netns del xd 2>/dev/null; ip netns add xd; "
	   "ip -n xd link set lo up");
	enter("xd");
	xt_sysctl("max_tw_buckets", n + 1000);
	xt_sysctl("msl_ms", 300000);
	for (i = 0; i < 4; i++) {
		l[i] = sock_in("xd", "127.0.0.1", 7000 + i);
		listen(l[i], 128);
	}
	for (i = 0; i < n; i++) {
		struct sockaddr_xtcp sx = xt_addr(fam, "127.0.0.1", 7000 + i % 4);
		int c = socket(fam, SOCK_STREAM, 0), a;
		char b;

		if (connect(c, (struct sockaddr *)&sx, sizeof(sx))) {
			close(c);
			continue;
		}
		a = accept(l[i % 4], NULL, NULL);
		close(a);
		/* The server's FIN: once read, the client closes too. */
		if (read(c, &b, 1) == 0)
			made++;
		close(c);
	}
	for (i = 0; i < 4; i++)
		close(l[i]);
	msleep(200);
	return made;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int count_proc(int np, const char *state, int lport)
{
	int i, k = 0;

	for (i = 0; i < np; i++)
		k += ST(&pr[i], state) && (lport < 0 || pr[i].lport == lport);
	return k;
}

static void test_many(int n)
{
	static char seen[MAXROWS];
	char stats[256], name[128];
	long reads = 0, msgs = 0, rows = 0, bytes = 0;
	int made, np, ns_n, i, j, dup = 0, missing = 0, want;
	double t0;

	t0 = now_s();
	made = make_tw(n);
	fprintf(stderr, "# %d connections in %.1f s\n", made, now_s() - t0);
	np = proc_rows("xd", pr);
	want = count_proc(np, "TIME-WAIT", -1);
	snprintf(name, sizeof(name), "many: %d TIME_WAIT entries made", n);
	xt_report(made == n && want == n, name, "made %d, /proc has %d", made,
		  want);

	/* Each row once, across messages: the dump resumes where it stopped. */
	ns_n = ss_rows("xd", "-a", ss, stats, sizeof(stats));
	sscanf(stats, "netlink: %ld reads, %ld messages, %ld rows, %ld bytes",
	       &reads, &msgs, &rows, &bytes);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < ns_n; i++) {
		for (j = 0; j < np; j++)
			if (row_eq(&ss[i], &pr[j]) ||
			    (!strcmp(ss[i].local, pr[j].local) &&
			     !strcmp(ss[i].peer, pr[j].peer)))
				break;
		if (j == np)
			missing++;
		else if (seen[j]++)
			dup++;
	}
	xt_report(ns_n == np && !dup && !missing, "many: xtcpss -a: each row once",
		  "%d rows of /proc's %d, %d twice, %d not in /proc", ns_n, np,
		  dup, missing);
	xt_report(reads >= 3, "many: the dump took several messages",
		  "%ld reads of the socket", reads);

	/* One port: only its rows come, and nothing else. */
	ns_n = ss_rows("xd", "state time-wait sport = :7002", ss, stats,
		       sizeof(stats));
	want = count_proc(np, "TIME-WAIT", 7002);
	for (i = j = 0; i < ns_n; i++)
		j += ss[i].lport != 7002 || !ST(&ss[i], "TIME-WAIT");
	xt_report(ns_n == want && !j && want >= n / 4 - 1,
		  "many: sport = :7002 returns that port's rows only",
		  "%d rows, %d of another port or state, /proc has %d", ns_n, j,
		  want);
	reads = msgs = rows = bytes = 0;
	sscanf(stats, "netlink: %ld reads, %ld messages, %ld rows, %ld bytes",
	       &reads, &msgs, &rows, &bytes);
	/* The rows and the NLMSG_DONE: the kernel sent nothing it filtered. */
	xt_report(rows == want && msgs == want + 1,
		  "many: the kernel sent only the rows that passed",
		  "%ld messages, %ld rows, want %d and %d", msgs, rows,
		  want + 1, want);

	/* -s: the kernel counts; /proc says how many there are. */
	{
		char cmd[600], line[256];
		long tw = -1, total = -1, v;
		FILE *f;

		snprintf(cmd, sizeof(cmd), "%s -N xd -s", xtcpss);
		f = popen(cmd, "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "Total: %ld", &v) == 1)
				total = v;
			if (sscanf(line, "TIME-WAIT %ld", &v) == 1)
				tw = v;
		}
		if (f)
			pclose(f);
		XT_EQ(tw, count_proc(np, "TIME-WAIT", -1),
		      "many: -s counts /proc's TIME_WAIT rows");
		XT_EQ(total, np, "many: -s total is /proc's row count");
	}
	sh("ip netns del xd");
}

/* A raw request, for what the kernel must refuse: the errno it gives. */
static int diag_errno(const void *payload, size_t len, int flags)
{
	struct {
		struct nlmsghdr nlh;
		char body[512];
	} req;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	char buf[8192];
	int fd, err = -1;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	memcpy(req.body, payload, len);
	req.nlh.nlmsg_len = NLMSG_LENGTH(len);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -1;
	sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&nl,
	       sizeof(nl));
	n = recv(fd, buf, sizeof(buf), 0);
	if (n >= NLMSG_HDRLEN) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (h->nlmsg_type == NLMSG_ERROR)
			err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
		else
			err = 0;	/* rows, or NLMSG_DONE */
	}
	close(fd);
	return err;
}

struct req_conds {
	struct xtcp_diag_req req;
	struct {
		struct nlattr nla;
		struct xtcp_diag_cond c;
	} conds[XTCP_DIAG_MAX_CONDS + 1];
};

static size_t req_with(struct req_conds *r, int nconds, int field, int op,
		       int prefix)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->req.sdiag_family = fam;
	r->req.xdiag_states = ~0U;
	for (i = 0; i < nconds; i++) {
		r->conds[i].nla.nla_type = XTCP_DIAG_REQ_COND;
		r->conds[i].nla.nla_len = NLA_HDRLEN + sizeof(r->conds[i].c);
		r->conds[i].c.xdc_field = field;
		r->conds[i].c.xdc_op = op;
		r->conds[i].c.xdc_prefix = prefix;
	}
	return sizeof(r->req) + nconds * sizeof(r->conds[0]);
}

/*
 * What the kernel refuses. inet_diag answers a request it cannot parse
 * with EINVAL (inet_diag_handler_cmd()); a get without NLM_F_DUMP is
 * EOPNOTSUPP here, as sock_diag answers a type it has no handler for.
 */
static void test_refused(void)
{
	struct req_conds r;
	size_t len;

	enter("xa");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_SPORT, XTCP_DIAG_OP_EQ, 0);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), 0, "refused: a good request is not");
	XT_EQ(diag_errno(&r, 4, NLM_F_DUMP), EINVAL,
	      "refused: a request shorter than xtcp_diag_req: EINVAL");
	r.req.xdiag_flags = 0x8000;
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: an unknown flag: EINVAL");
	r.req.xdiag_flags = 0;
	r.req.xdiag_ext = 1U << 7;
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: an unknown attribute asked for: EINVAL");
	r.req.xdiag_ext = 0;
	r.req.sdiag_protocol = 6;
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: a protocol: EINVAL");
	len = req_with(&r, 1, 9, XTCP_DIAG_OP_EQ, 0);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: an unknown field: EINVAL");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_SPORT, 9, 0);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: an unknown operator: EINVAL");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_DST, XTCP_DIAG_OP_LT, 32);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: < on an address: EINVAL");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_SRC, XTCP_DIAG_OP_EQ, 33);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: a prefix of 33 bits: EINVAL");
	len = req_with(&r, XTCP_DIAG_MAX_CONDS + 1, XTCP_DIAG_FIELD_SPORT,
		       XTCP_DIAG_OP_EQ, 0);
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: more than XTCP_DIAG_MAX_CONDS conditions: EINVAL");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_SPORT, XTCP_DIAG_OP_EQ, 0);
	r.conds[0].nla.nla_type = 7;
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: an unknown request attribute: EINVAL");
	len = req_with(&r, 1, XTCP_DIAG_FIELD_SPORT, XTCP_DIAG_OP_EQ, 0);
	r.conds[0].nla.nla_len = NLA_HDRLEN + 4;
	XT_EQ(diag_errno(&r, len, NLM_F_DUMP), EINVAL,
	      "refused: a condition of the wrong size: EINVAL");
	len = req_with(&r, 0, 0, 0, 0);
	XT_EQ(diag_errno(&r, len, 0), EOPNOTSUPP,
	      "refused: a request without NLM_F_DUMP: EOPNOTSUPP");
}

/* IPv6, in netns x6 over loopback (tests/ipv6.c has the sockets). */
enum { P6_L = 9700, P6_TW = 9701, P6_DUAL = 9702 };

static struct sockaddr_xtcp6 addr6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = {
		.sxtcp6_family = (unsigned short)fam,
		.sxtcp6_port = htons(port),
	};

	inet_pton(AF_INET6, ip, &sx.sxtcp6_addr);
	return sx;
}

static int listen6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = addr6(ip, port);
	int fd = socket(fam, SOCK_STREAM, XTCPPROTO_XTCP6), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sx, sizeof(sx)) || listen(fd, 8))
		perror("listen6");
	return fd;
}

static int connect6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = addr6(ip, port);
	int fd = socket(fam, SOCK_STREAM, XTCPPROTO_XTCP6);

	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx)))
		perror("connect6");
	return fd;
}

static int port6(int fd)
{
	struct sockaddr_xtcp6 sx;
	socklen_t len = sizeof(sx);

	if (getsockname(fd, (struct sockaddr *)&sx, &len))
		return -1;
	return ntohs(sx.sxtcp6_port);
}

/* A row of a raw dump: the message and the attributes that came. */
struct raw {
	struct xtcp_diag_msg m;
	int has6, has_info;
	struct xtcp_diag_addr6 a6;
};

static struct raw raws[256];

/* Every row of @ns over sock_diag, xtcp_info asked for; -1 on an error. */
static int raw_dump(const char *ns)
{
	static char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct {
		struct nlmsghdr nlh;
		struct xtcp_diag_req req;
	} q;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	int fd, n = 0;

	enter(ns);
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -1;
	memset(&q, 0, sizeof(q));
	q.nlh.nlmsg_len = sizeof(q);
	q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	q.req.sdiag_family = fam;
	q.req.xdiag_states = ~0U;
	q.req.xdiag_ext = 1U << (XTCP_DIAG_INFO - 1);
	if (sendto(fd, &q, sizeof(q), 0, (struct sockaddr *)&nl,
		   sizeof(nl)) < 0)
		goto fail;
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len <= 0)
			goto fail;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			struct raw *r = &raws[n];
			struct nlattr *a;
			int rem;

			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return n;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(r->m)))
				goto fail;
			if (n == (int)(sizeof(raws) / sizeof(raws[0])))
				continue;
			memset(r, 0, sizeof(*r));
			memcpy(&r->m, NLMSG_DATA(h), sizeof(r->m));
			rem = h->nlmsg_len - NLMSG_LENGTH(sizeof(r->m));
			a = (struct nlattr *)((char *)NLMSG_DATA(h) +
					      NLMSG_ALIGN(sizeof(r->m)));
			for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       a->nla_len <= rem;
			     rem -= NLA_ALIGN(a->nla_len),
			     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
				if (a->nla_type == XTCP_DIAG_INFO)
					r->has_info = 1;
				if (a->nla_type == XTCP_DIAG_ADDR6 &&
				    a->nla_len == NLA_HDRLEN + sizeof(r->a6)) {
					r->has6 = 1;
					memcpy(&r->a6, (char *)a + NLA_HDRLEN,
					       sizeof(r->a6));
				}
			}
			n++;
		}
	}
fail:
	close(fd);
	return -1;
}

static const struct raw *find_raw(int n, int sport, int dport)
{
	int i;

	for (i = 0; i < n; i++)
		if (ntohs(raws[i].m.xdiag_sport) == sport &&
		    ntohs(raws[i].m.xdiag_dport) == dport)
			return &raws[i];
	return NULL;
}

/*
 * The raw row @sport->@dport: in @state, with XTCP_DIAG_ADDR6 @src6 and
 * @dst6 (NULL: no XTCP_DIAG_ADDR6), and @src4 and @dst4 in xdiag_src and
 * xdiag_dst.
 */
static void expect_raw(int n, int sport, int dport, int state,
		       const char *src6, const char *dst6, const char *src4,
		       const char *dst4, int info, const char *name)
{
	const struct raw *r = find_raw(n, sport, dport);
	char s6[INET6_ADDRSTRLEN] = "-", d6[INET6_ADDRSTRLEN] = "-";
	char s4[INET_ADDRSTRLEN] = "-", d4[INET_ADDRSTRLEN] = "-";
	struct in6_addr ws6, wd6;
	struct in_addr ws4, wd4;
	int ok;

	inet_pton(AF_INET6, src6 ? src6 : "::", &ws6);
	inet_pton(AF_INET6, dst6 ? dst6 : "::", &wd6);
	inet_pton(AF_INET, src4, &ws4);
	inet_pton(AF_INET, dst4, &wd4);
	ok = r && r->m.xdiag_family == fam && r->m.xdiag_state == state &&
	     r->has6 == !!src6 && r->has_info == info &&
	     r->m.xdiag_src == ws4.s_addr && r->m.xdiag_dst == wd4.s_addr &&
	     (!src6 || (!memcmp(r->a6.xdiag_src6, &ws6, 16) &&
			!memcmp(r->a6.xdiag_dst6, &wd6, 16)));
	if (r) {
		if (r->has6) {
			inet_ntop(AF_INET6, r->a6.xdiag_src6, s6, sizeof(s6));
			inet_ntop(AF_INET6, r->a6.xdiag_dst6, d6, sizeof(d6));
		}
		inet_ntop(AF_INET, &r->m.xdiag_src, s4, sizeof(s4));
		inet_ntop(AF_INET, &r->m.xdiag_dst, d4, sizeof(d4));
	}
	xt_report(ok, name, "row %d->%d: %s, state %d (want %d), ADDR6 %s %s "
		  "(want %s %s), xdiag_src/dst %s %s (want %s %s), info %d",
		  sport, dport, r ? "found" : "missing", r ? r->m.xdiag_state : -1,
		  state, s6, d6, src6 ? src6 : "-", dst6 ? dst6 : "-", s4, d4,
		  src4, dst4, r ? r->has_info : -1);
}

/* xtcpss's row @lport->@rport: in @state, shown as @local and @peer. */
static void expect_shown(int n, int lport, int rport, const char *state,
			 const char *local, const char *peer, const char *name)
{
	const struct row *r = n > 0 ? find(ss, n, lport, rport) : NULL;

	xt_report(r && !strcmp(r->state, state) && !strcmp(r->local, local) &&
		  !strcmp(r->peer, peer), name,
		  "row %d->%d: %s %s %s, want %s %s %s", lport, rport,
		  r ? r->state : "(none)", r ? r->local : "", r ? r->peer : "",
		  state, local, peer);
}

#define LO6	"[::1]:"
#define MAPPED	"[::ffff:127.0.0.1]:"

static int w6_src_lo(const struct row *r)
{
	return !strncmp(r->local, LO6, strlen(LO6));
}

static int w6_dst_lo(const struct row *r)
{
	return !strncmp(r->peer, LO6, strlen(LO6));
}

static int w6_dst_not_lo(const struct row *r) { return !w6_dst_lo(r); }
static int w6_src_l(const struct row *r)
{
	return !strcmp(r->local, LO6 "9700");
}

static int w6_mapped(const struct row *r)
{
	return !strncmp(r->local, "[::ffff:", 8);
}

static int w6_any(const struct row *r) { return r->local[0] == '['; }

/* An IPv4 condition: IPv4 rows, and v4-mapped ones. */
static int w6_src4(const struct row *r)
{
	return r->laddr == 0x7f000001 ||
	       !strncmp(r->local, MAPPED, strlen(MAPPED));
}

static int w6_dst4_dual(const struct row *r)
{
	return r->lport == P6_DUAL && (r->raddr >> 24 == 127 ||
				       !strncmp(r->peer, "[::ffff:127.", 12));
}

/* The kernel's checks of XTCP_DIAG_REQ_COND6. */
static void test_refused6(void)
{
	struct {
		struct xtcp_diag_req req;
		struct nlattr nla;
		struct xtcp_diag_cond6 c;
	} r;
	struct {
		int field, op, prefix, len, err;
		const char *name;
	} t[] = {
		{ XTCP_DIAG_FIELD_SRC, XTCP_DIAG_OP_EQ, 128, 20, 0,
		  "refused6: a good IPv6 condition is not" },
		{ XTCP_DIAG_FIELD_DST, XTCP_DIAG_OP_EQ, 129, 20, EINVAL,
		  "refused6: a prefix of 129 bits: EINVAL" },
		{ XTCP_DIAG_FIELD_SPORT, XTCP_DIAG_OP_EQ, 0, 20, EINVAL,
		  "refused6: an IPv6 condition on a port: EINVAL" },
		{ XTCP_DIAG_FIELD_SRC, XTCP_DIAG_OP_LT, 128, 20, EINVAL,
		  "refused6: < on an IPv6 address: EINVAL" },
		{ XTCP_DIAG_FIELD_SRC, XTCP_DIAG_OP_EQ, 128, 16, EINVAL,
		  "refused6: an IPv6 condition of the wrong size: EINVAL" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.req.sdiag_family = fam;
		r.req.xdiag_states = ~0U;
		r.nla.nla_type = XTCP_DIAG_REQ_COND6;
		r.nla.nla_len = NLA_HDRLEN + t[i].len;
		r.c.xdc_field = t[i].field;
		r.c.xdc_op = t[i].op;
		r.c.xdc_prefix = t[i].prefix;
		r.c.xdc_addr[15] = 1;
		XT_EQ(diag_errno(&r, sizeof(r), NLM_F_DUMP), t[i].err,
		      t[i].name);
	}
}

static void test_ipv6(void)
{
	static const struct ftest ft[] = {
		{ "x6", "-a src '[::1]'", w6_src_lo },
		{ "x6", "-a dst ::1/128", w6_dst_lo },
		{ "x6", "-a dst != '[::1]'", w6_dst_not_lo },
		{ "x6", "-a src '[::1]:9700'", w6_src_l },
		{ "x6", "-a src '[::ffff:0.0.0.0]/96'", w6_mapped },
		{ "x6", "-a src '[::]/0'", w6_any },
		{ "x6", "-a src 127.0.0.1", w6_src4 },
		{ "x6", "-a dst 127.0.0.0/8 and sport = :9702", w6_dst4_dual },
	};
	int l, c, a, cp, l2, c2, a2, cp2, l3, c3, a3, cp3, n;
	struct sockaddr_xtcp sx;
	char want[64], want2[64];

	sh("ip netns del x6 2>/dev/null; ip netns add x6 && "
	   "ip -n x6 link set lo up");
	enter("x6");
	xt_sysctl("msl_ms", 300000);
	/* A listener on [::1] and a connection to it. */
	l = listen6("::1", P6_L);
	c = connect6("::1", P6_L);
	a = accept(l, NULL, NULL);
	cp = port6(c);
	/* A connection the client closes first: its TIME_WAIT entry. */
	l2 = listen6("::1", P6_TW);
	c2 = connect6("::1", P6_TW);
	a2 = accept(l2, NULL, NULL);
	cp2 = port6(c2);
	close(c2);
	msleep(100);
	close(a2);
	wait_state("x6", cp2, P6_TW, "TIME_WAIT");
	/* An IPv4 client of a listener on [::]: accepted v4-mapped. */
	l3 = listen6("::", P6_DUAL);
	c3 = socket(fam, SOCK_STREAM, 0);
	sx = xt_addr(fam, "127.0.0.1", P6_DUAL);
	if (connect(c3, (struct sockaddr *)&sx, sizeof(sx)))
		perror("connect to [::]");
	a3 = accept(l3, NULL, NULL);
	cp3 = local_port(c3);
	msleep(200);

	n = raw_dump("x6");
	xt_report(n > 0, "ipv6: a raw dump in x6", "%d rows", n);
	expect_raw(n, P6_L, 0, XTCP_LISTEN, "::1", "::", "0.0.0.0", "0.0.0.0",
		   1, "ipv6: the listener on [::1] comes with XTCP_DIAG_ADDR6");
	expect_raw(n, cp, P6_L, XTCP_ESTABLISHED, "::1", "::1", "0.0.0.0",
		   "0.0.0.0", 1, "ipv6: the client's row: ::1 to ::1");
	expect_raw(n, P6_L, cp, XTCP_ESTABLISHED, "::1", "::1", "0.0.0.0",
		   "0.0.0.0", 1, "ipv6: the accepted socket's row: ::1 to ::1");
	expect_raw(n, cp2, P6_TW, XTCP_TIME_WAIT, "::1", "::1", "0.0.0.0",
		   "0.0.0.0", 0, "ipv6: the TIME_WAIT entry's row: ::1 to ::1");
	expect_raw(n, P6_DUAL, 0, XTCP_LISTEN, "::", "::", "0.0.0.0",
		   "0.0.0.0", 1, "ipv6: the listener on [::]");
	expect_raw(n, P6_DUAL, cp3, XTCP_ESTABLISHED, "::ffff:127.0.0.1",
		   "::ffff:127.0.0.1", "127.0.0.1", "127.0.0.1", 1,
		   "ipv6: a v4-mapped row: ADDR6 and the IPv4 addresses");
	expect_raw(n, cp3, P6_DUAL, XTCP_ESTABLISHED, NULL, NULL, "127.0.0.1",
		   "127.0.0.1", 1, "ipv6: the IPv4 client's row has no ADDR6");

	n = ss_rows("x6", "-a", ss, NULL, 0);
	expect_shown(n, P6_L, 0, "LISTEN", LO6 "9700", "[::]:*",
		     "ipv6: xtcpss shows the listener as [::1]:9700");
	snprintf(want, sizeof(want), LO6 "%d", cp);
	expect_shown(n, cp, P6_L, "ESTAB", want, LO6 "9700",
		     "ipv6: xtcpss shows the client as [::1]:port");
	expect_shown(n, P6_L, cp, "ESTAB", LO6 "9700", want,
		     "ipv6: xtcpss shows the accepted socket as [::1]:9700");
	snprintf(want, sizeof(want), LO6 "%d", cp2);
	expect_shown(n, cp2, P6_TW, "TIME-WAIT", want, LO6 "9701",
		     "ipv6: xtcpss shows the TIME_WAIT entry as [::1]:port");
	snprintf(want, sizeof(want), MAPPED "%d", cp3);
	expect_shown(n, P6_DUAL, cp3, "ESTAB", MAPPED "9702", want,
		     "ipv6: xtcpss shows a v4-mapped row as "
		     "[::ffff:127.0.0.1]:port");
	snprintf(want2, sizeof(want2), "127.0.0.1:%d", cp3);
	expect_shown(n, cp3, P6_DUAL, "ESTAB", want2, "127.0.0.1:9702",
		     "ipv6: and its IPv4 client as 127.0.0.1:port");
	compare_all("x6", "ipv6: xtcpss -a shows /proc/net/xtcp's rows");
	run_filters(ft, sizeof(ft) / sizeof(ft[0]));
	test_refused6();

	close(c);
	close(a);
	close(l);
	close(l2);
	close(c3);
	close(a3);
	close(l3);
	sh("ip netns del x6");
}

/* Reload xtcp.ko with @params; false if it did not load. */
static int reload(const char *params)
{
	const char *ko = getenv("XTCP_KO");
	char cmd[600];

	if (!ko)
		return 0;
	snprintf(cmd, sizeof(cmd), "rmmod xtcp && insmod %s %s", ko, params);
	return system(cmd) == 0;
}

int main(int argc, char **argv)
{
	char *slash;
	int n = 4000;

	(void)argc;
	fam = xt_family();
	signal(SIGPIPE, SIG_IGN);
	if (getenv("XTCP_DELAY_MS"))
		delay_ms = atoi(getenv("XTCP_DELAY_MS"));
	if (getenv("XTCP_DIAG_TW"))
		n = atoi(getenv("XTCP_DIAG_TW"));
	/* build/tests/diag runs build/tools/xtcpss. */
	snprintf(xtcpss, sizeof(xtcpss) - 32, "%s", argv[0]);
	slash = strrchr(xtcpss, '/');
	strcpy(slash ? slash + 1 : xtcpss, "../tools/xtcpss");

	setup();
	msleep(1000);
	test_states();
	test_filters();
	test_info();
	test_refused();
	test_ipv6();
	close_all();
	netns_del();
	/* 256 buckets: chains longer than a batch, resumed in the middle. */
	xt_report(reload("ehash_buckets=256"), "many: xtcp.ko reloaded with "
		  "256 hash buckets", "rmmod or insmod failed");
	test_many(n);
	xt_report(reload(""), "xtcp.ko reloaded as it was",
		  "rmmod or insmod failed");
	return xt_exit();
}
