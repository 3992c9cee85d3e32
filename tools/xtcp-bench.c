// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-bench: one workload over Linux TCP (AF_INET) or XTCP (AF_XTCP), by
 * default on loopback with the server and the clients as threads of this
 * process; with -6, over IPv6: TCP over AF_INET6 against XTCP's
 * XTCPPROTO_XTCP6 sockets (struct sockaddr_xtcp6). It prints one JSON
 * object on one line; scripts/bench.sh runs it several times for each
 * family and makes the table.
 *
 *	xtcp-bench -f tcp|xtcp -w crr|rr|tw|stream [-6] [options]
 *
 *	-6	IPv6: server addresses are IPv6 ones (default ::1), the
 *		listeners bind [::]
 *	-c N	clients (threads) for crr and tw (default 2)
 *	-d S	seconds a crr, rr or stream run lasts (default 5)
 *	-b B	stream: bytes to send instead (K, M, G suffixes: KiB...)
 *	-k K	tw: connections to make, each leaving a TIME_WAIT entry;
 *		with -d, tw stops at whichever comes first
 *	-p P	first server port (default 5000)
 *	-P L	server ports (listeners), P..P+L-1 (default 1)
 *	-H IP	first server address (default 127.0.0.1; ::1 with -6)
 *	-a A	server addresses IP, IP+1, ..., A of them (default 1); with
 *		-6 the last 32 bits count up, and loopback has ::1 only
 *	-s B	request bytes (default 1); -S B response bytes (default 1)
 *	-l N	listen() backlog (default 1024)
 *	-R R	run only the server or only the client side (server|client),
 *		for two network namespaces: each side is then a process of
 *		its own, started with ip netns exec; the client waits for the
 *		server's listener. A crr or tw server serves until SIGTERM
 *		or SIGINT, then prints the connections it served; an rr or
 *		stream server, until its one connection ends
 *
 * Workloads (Documentation/performance.rst has the method):
 *   crr  each transaction connects, sends a request, reads the response and
 *        closes (netperf's TCP_CRR); the client closes first and so holds
 *        the TIME_WAIT entry. Transactions a second over all clients.
 *   rr   request/response on one connection (TCP_RR): transactions a second.
 *   tw   -k transactions as fast as crr makes them, then the TIME_WAIT
 *        cache's size from /proc/slabinfo: object size, slab bytes per
 *        object, and slab bytes grown per entry made.
 *   stream  one connection; the client writes 64 KiB chunks for -d seconds
 *        (or -b bytes), the server reads and discards them. Goodput in MB/s
 *        (10^6 bytes) is measured at the receiver, from accept() to the
 *        sender's FIN. Over veth with netem loss it is the goodput under
 *        loss; the link is scripts/bench-guest.sh's business.
 * Each workload is a client and a server loop in xtcp_workloads[] below.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xtcp.h>

#include "xtcp-bench-sys.h"

#define XTCP_BENCH_MAX_THREADS	256
#define XTCP_BENCH_MAX_MSG	65536
#define XTCP_BENCH_MAX_ERRORS	1000	/* a client gives up after these */
#define XTCP_BENCH_CHUNK	65536	/* stream: bytes a write() */
/*
 * stream: a send() or recv() that moves nothing for this long is a stall;
 * the run then ends with an error instead of hanging the benchmark. RTO
 * backoff alone stays well below it at 1% loss.
 */
#define XTCP_BENCH_STALL_SECS	30

enum xtcp_role { XTCP_BOTH, XTCP_SERVER, XTCP_CLIENT };

static struct xtcp_opts {
	bool xtcp;
	bool ipv6;		/* -6 */
	int fam;
	const char *workload;
	int clients, ports, addrs, port, req, resp, backlog;
	enum xtcp_role role;
	in_addr_t host;		/* host order */
	struct in6_addr host6;	/* -6 */
	bool timed;		/* -d given: tw stops there too */
	double secs;
	long count;
	long long bytes;
} xo = {
	.clients = 2, .ports = 1, .addrs = 1, .port = 5000,
	.req = 1, .resp = 1, .secs = 5, .host = INADDR_LOOPBACK,
	.backlog = 1024,
};

/*
 * A server address of the version in use, and the length it takes.
 * sockaddr_xtcp has sockaddr_in's layout and sockaddr_xtcp6 sockaddr_in6's;
 * for XTCP only the family differs.
 */
struct xtcp_sa {
	union {
		struct sockaddr sa;
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	};
	socklen_t len;
};

_Static_assert(sizeof(struct sockaddr_xtcp6) == sizeof(struct sockaddr_in6) &&
	       offsetof(struct sockaddr_xtcp6, sxtcp6_port) ==
	       offsetof(struct sockaddr_in6, sin6_port) &&
	       offsetof(struct sockaddr_xtcp6, sxtcp6_addr) ==
	       offsetof(struct sockaddr_in6, sin6_addr),
	       "sockaddr_xtcp6 has sockaddr_in6's layout");

/* What one client thread did. */
struct xtcp_client {
	pthread_t thread;
	int id;
	long ops, errors;
	int first_errno;
	const char *first_call;
};

static pthread_barrier_t xtcp_start;
static double xtcp_deadline;		/* crr, rr: when clients stop */
static long xtcp_per_client;		/* tw: transactions per client */
static int xtcp_listeners[XTCP_BENCH_MAX_THREADS];
/* stream, receiving side: its errors, and what it got in how long. */
static struct xtcp_client xtcp_rx;
static long long xtcp_rx_bytes;
static double xtcp_rx_secs;
static long xtcp_served;		/* crr, tw server: connections answered */

static void xtcp_die(const char *what)
{
	fprintf(stderr, "xtcp-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * Server address @addr_idx (counted up from -H), port @port_idx. With -6,
 * the index is added to the address's last 32 bits.
 */
static void xtcp_addr(struct xtcp_sa *a, int addr_idx, int port_idx)
{
	uint32_t low;

	memset(a, 0, sizeof(*a));
	if (xo.ipv6) {
		a->v6.sin6_family = xo.fam;
		a->v6.sin6_port = htons(xo.port + port_idx);
		a->v6.sin6_addr = xo.host6;
		memcpy(&low, &a->v6.sin6_addr.s6_addr[12], sizeof(low));
		low = htonl(ntohl(low) + addr_idx);
		memcpy(&a->v6.sin6_addr.s6_addr[12], &low, sizeof(low));
		a->len = sizeof(a->v6);
	} else {
		a->v4.sin_family = xo.fam;
		a->v4.sin_port = htons(xo.port + port_idx);
		a->v4.sin_addr.s_addr = htonl(xo.host + addr_idx);
		a->len = sizeof(a->v4);
	}
}

/* A socket of the family and version in use. */
static int xtcp_socket(void)
{
	return socket(xo.fam, SOCK_STREAM,
		      xo.xtcp && xo.ipv6 ? XTCPPROTO_XTCP6 : 0);
}

/* Small messages go out at once on both families. */
static void xtcp_nodelay(int fd)
{
	int one = 1;

	if (xo.xtcp)
		setsockopt(fd, SOL_XTCP, XTCP_NODELAY, &one, sizeof(one));
	else
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* stream: a stall fails the call (EAGAIN) instead of blocking for ever. */
static void xtcp_stall_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = XTCP_BENCH_STALL_SECS };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int xtcp_read_full(int fd, char *buf, int len)
{
	int got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return n < 0 ? -1 : got;
		got += n;
	}
	return got;
}

static int xtcp_write_full(int fd, const char *buf, int len)
{
	int put = 0;
	ssize_t n;

	while (put < len) {
		n = send(fd, buf + put, len - put, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		put += n;
	}
	return put;
}

/*
 * Listen on 0.0.0.0 (or [::]) at each server port, so every 127.0.0.x
 * reaches it.
 */
static void xtcp_listen_all(void)
{
	struct xtcp_sa sa;
	int i, one = 1;

	for (i = 0; i < xo.ports; i++) {
		int fd = xtcp_socket();

		if (fd < 0)
			xtcp_die("socket");
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		xtcp_addr(&sa, 0, i);
		if (xo.ipv6)
			sa.v6.sin6_addr = in6addr_any;
		else
			sa.v4.sin_addr.s_addr = htonl(INADDR_ANY);
		if (bind(fd, &sa.sa, sa.len))
			xtcp_die("bind");
		if (listen(fd, xo.backlog))
			xtcp_die("listen");
		/* A stream server must not wait for ever for a lost client. */
		if (!strcmp(xo.workload, "stream"))
			xtcp_stall_timeouts(fd);
		xtcp_listeners[i] = fd;
	}
}

static void xtcp_client_error(struct xtcp_client *c, const char *call)
{
	if (!c->errors++) {
		c->first_errno = errno;
		c->first_call = call;
	}
}

/*
 * The connection setup all workloads share: a socket connected to target
 * @t (listener t % ports of address t / ports), or -1 with the error
 * counted. With @wait_listener, a refused connect() is tried again for up
 * to 10 s: the server may be another process, still starting.
 */
static int xtcp_dial(struct xtcp_client *c, long t, bool nodelay,
		     bool wait_listener)
{
	int fd, err, tries = wait_listener ? 100 : 1;
	struct xtcp_sa sa;

	xtcp_addr(&sa, (t / xo.ports) % xo.addrs, t % xo.ports);
	while (tries--) {
		fd = xtcp_socket();
		if (fd < 0) {
			xtcp_client_error(c, "socket");
			return -1;
		}
		if (nodelay)
			xtcp_nodelay(fd);
		if (!connect(fd, &sa.sa, sa.len))
			return fd;
		err = errno;
		close(fd);
		if (err != ECONNREFUSED || !tries)
			break;
		usleep(100000);
	}
	errno = err;
	xtcp_client_error(c, "connect");
	return -1;
}

/*
 * crr, server side: serve one connection at a time from listener @arg. The
 * client closes first; reading its FIN before closing keeps TIME_WAIT on
 * the client's side, as in netperf.
 */
static void *xtcp_crr_server(void *arg)
{
	int lfd = xtcp_listeners[(long)arg % xo.ports];
	char *buf = calloc(1, XTCP_BENCH_MAX_MSG);

	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		xtcp_nodelay(fd);
		if (xtcp_read_full(fd, buf, xo.req) == xo.req &&
		    xtcp_write_full(fd, buf, xo.resp) == xo.resp) {
			__atomic_add_fetch(&xtcp_served, 1, __ATOMIC_RELAXED);
			while (read(fd, buf, XTCP_BENCH_MAX_MSG) > 0)
				;
		}
		close(fd);
	}
	free(buf);
	return NULL;
}

/*
 * One connect/request/response/close transaction to target @t. A client
 * of its own (-R client) waits for the server's listener at its first.
 */
static int xtcp_crr_once(struct xtcp_client *c, char *buf, long t)
{
	bool first = xo.role == XTCP_CLIENT && !c->ops && !c->errors;
	int fd = xtcp_dial(c, t, true, first), ret = -1;

	if (fd < 0)
		return -1;
	if (xtcp_write_full(fd, buf, xo.req) != xo.req)
		xtcp_client_error(c, "send");
	else if (xtcp_read_full(fd, buf, xo.resp) != xo.resp)
		xtcp_client_error(c, "recv");
	else
		ret = 0;
	close(fd);
	return ret;
}

/*
 * crr and tw, client side. Client i goes round the targets (listener,
 * address) i, i + clients, ... so that with as many listeners as clients
 * each client has its own.
 */
static void *xtcp_crr_client(void *arg)
{
	struct xtcp_client *c = arg;
	long targets = (long)xo.ports * xo.addrs, t = c->id;
	char *buf = calloc(1, XTCP_BENCH_MAX_MSG);

	pthread_barrier_wait(&xtcp_start);
	for (;;) {
		if ((xtcp_per_client && c->ops >= xtcp_per_client) ||
		    xtcp_now() >= xtcp_deadline)
			break;
		if (c->errors >= XTCP_BENCH_MAX_ERRORS)
			break;
		if (!xtcp_crr_once(c, buf, t % targets))
			c->ops++;
		t += xo.clients;
	}
	free(buf);
	return NULL;
}

/* rr, server side: echo xo.resp bytes for each request on one connection. */
static void *xtcp_rr_server(void *arg)
{
	char *buf = calloc(1, XTCP_BENCH_MAX_MSG);
	int fd;

	(void)arg;
	fd = accept(xtcp_listeners[0], NULL, NULL);
	if (fd < 0)
		xtcp_die("accept");
	xtcp_nodelay(fd);
	while (xtcp_read_full(fd, buf, xo.req) == xo.req)
		if (xtcp_write_full(fd, buf, xo.resp) != xo.resp)
			break;
	close(fd);
	free(buf);
	return NULL;
}

static void *xtcp_rr_client(void *arg)
{
	struct xtcp_client *c = arg;
	char *buf = calloc(1, XTCP_BENCH_MAX_MSG);
	int fd = xtcp_dial(c, 0, true, xo.role == XTCP_CLIENT);

	if (fd < 0)
		xtcp_die("rr: connect");
	pthread_barrier_wait(&xtcp_start);
	while (xtcp_now() < xtcp_deadline) {
		if (xtcp_write_full(fd, buf, xo.req) != xo.req) {
			xtcp_client_error(c, "send");
			break;
		}
		if (xtcp_read_full(fd, buf, xo.resp) != xo.resp) {
			xtcp_client_error(c, "recv");
			break;
		}
		c->ops++;
	}
	close(fd);
	free(buf);
	return NULL;
}

/*
 * stream, receiving side: one connection, read and thrown away until the
 * sender's FIN. Goodput is what arrived over the time from accept() to
 * that FIN, so what the sender still had queued when it stopped counts
 * only once delivered.
 */
static void *xtcp_stream_server(void *arg)
{
	char *buf = malloc(XTCP_BENCH_CHUNK);
	double t0;
	ssize_t n;
	int fd;

	(void)arg;
	fd = accept(xtcp_listeners[0], NULL, NULL);
	if (fd < 0) {
		xtcp_client_error(&xtcp_rx, "accept");
		free(buf);
		return NULL;
	}
	t0 = xtcp_now();
	xtcp_stall_timeouts(fd);
	while ((n = read(fd, buf, XTCP_BENCH_CHUNK)) > 0)
		xtcp_rx_bytes += n;
	xtcp_rx_secs = xtcp_now() - t0;
	if (n < 0)
		xtcp_client_error(&xtcp_rx, errno == EAGAIN ?
				  "recv (stalled)" : "recv");
	close(fd);
	free(buf);
	return NULL;
}

/*
 * stream, sending side: 64 KiB writes until the deadline (or -b bytes),
 * then our FIN, then wait for the receiver's: it closes once it has read
 * everything, so this side's time covers the delivery too.
 */
static void *xtcp_stream_client(void *arg)
{
	struct xtcp_client *c = arg;
	char *buf = calloc(1, XTCP_BENCH_CHUNK);
	int fd = xtcp_dial(c, 0, false, xo.role == XTCP_CLIENT);

	pthread_barrier_wait(&xtcp_start);
	if (fd < 0)
		goto out;
	xtcp_stall_timeouts(fd);
	while (xo.bytes ? c->ops * (long long)XTCP_BENCH_CHUNK < xo.bytes :
			  xtcp_now() < xtcp_deadline) {
		if (xtcp_write_full(fd, buf, XTCP_BENCH_CHUNK) < 0) {
			xtcp_client_error(c, errno == EAGAIN ?
					  "send (stalled)" : "send");
			break;
		}
		c->ops++;
	}
	shutdown(fd, SHUT_WR);
	if (read(fd, buf, XTCP_BENCH_CHUNK) < 0)
		xtcp_client_error(c, errno == EAGAIN ? "recv (stalled)" :
				  "recv");
	close(fd);
out:
	free(buf);
	return NULL;
}

/*
 * The TIME_WAIT cache of the family and version in use: XTCP and TCP each
 * have one for IPv4 and one for IPv6.
 */
static const char *xtcp_tw_cache(void)
{
	if (xo.ipv6)
		return xo.xtcp ? "xtcp_tw6" : "tw_sock_TCPv6";
	return xo.xtcp ? "xtcp_tw" : "tw_sock_TCP";
}

/*
 * TIME_WAIT entries now: exact for TCP (both versions together), the
 * slab's in-use objects for XTCP (the version in use).
 */
static long xtcp_tw_now(void)
{
	struct xtcp_slab s;

	if (!xo.xtcp)
		return xtcp_tcp_tw_count();
	return xtcp_slab_read(xtcp_tw_cache(), &s) ? -1 : s.active_objs;
}

/* A workload: its server and client threads, and how many of each. */
struct xtcp_workload {
	const char *name;
	void *(*server)(void *arg);
	void *(*client)(void *arg);
	bool counted;		/* runs to -k transactions, not -d seconds */
	bool one_client;
	bool stream;		/* reports bytes and goodput */
};

static const struct xtcp_workload xtcp_workloads[] = {
	{ "crr", xtcp_crr_server, xtcp_crr_client, false, false, false },
	{ "rr", xtcp_rr_server, xtcp_rr_client, false, true, false },
	{ "tw", xtcp_crr_server, xtcp_crr_client, true, false, false },
	{ "stream", xtcp_stream_server, xtcp_stream_client, false, true, true },
	{ }
};

static void xtcp_usage(void)
{
	fprintf(stderr, "usage: xtcp-bench -f tcp|xtcp -w crr|rr|tw|stream"
		" [-6] [-c clients] [-d secs] [-b bytes] [-k count] [-p port]"
		" [-P ports] [-H addr] [-a addrs] [-s reqbytes]"
		" [-S respbytes] [-l backlog] [-R server|client]\n");
	exit(2);
}

/* A byte count with an optional K, M or G (binary) suffix. */
static long long xtcp_parse_bytes(const char *s)
{
	static const char units[] = "KMG";
	const char *u;
	char *end;
	long long n = strtoll(s, &end, 10);

	u = *end ? strchr(units, *end) : NULL;
	if (u) {
		n <<= 10 * (u - units + 1);
		end++;
	}
	return *end || n < 1 ? -1 : n;
}

static void xtcp_parse(int argc, char **argv)
{
	const char *host = NULL;
	struct in_addr host4;
	int o;

	while ((o = getopt(argc, argv, "6f:w:c:d:b:k:p:P:H:a:s:S:l:R:")) != -1) {
		switch (o) {
		case '6':
			xo.ipv6 = true;
			break;
		case 'f':
			if (strcmp(optarg, "tcp") && strcmp(optarg, "xtcp"))
				xtcp_usage();
			xo.xtcp = !strcmp(optarg, "xtcp");
			break;
		case 'w':
			xo.workload = optarg;
			break;
		case 'c':
			xo.clients = atoi(optarg);
			break;
		case 'd':
			xo.secs = atof(optarg);
			xo.timed = true;
			break;
		case 'b':
			xo.bytes = xtcp_parse_bytes(optarg);
			if (xo.bytes < 0)
				xtcp_usage();
			break;
		case 'H':
			host = optarg;	/* read below, once -6 is known */
			break;
		case 'R':
			if (!strcmp(optarg, "server"))
				xo.role = XTCP_SERVER;
			else if (!strcmp(optarg, "client"))
				xo.role = XTCP_CLIENT;
			else
				xtcp_usage();
			break;
		case 'k':
			xo.count = atol(optarg);
			break;
		case 'p':
			xo.port = atoi(optarg);
			break;
		case 'P':
			xo.ports = atoi(optarg);
			break;
		case 'a':
			xo.addrs = atoi(optarg);
			break;
		case 's':
			xo.req = atoi(optarg);
			break;
		case 'S':
			xo.resp = atoi(optarg);
			break;
		case 'l':
			xo.backlog = atoi(optarg);
			break;
		default:
			xtcp_usage();
		}
	}
	if (!xo.workload || xo.clients < 1 || xo.ports < 1 || xo.addrs < 1 ||
	    xo.addrs > 254 || xo.req < 1 || xo.resp < 1 || xo.backlog < 1 ||
	    xo.req > XTCP_BENCH_MAX_MSG || xo.resp > XTCP_BENCH_MAX_MSG ||
	    xo.clients > XTCP_BENCH_MAX_THREADS / 2 ||
	    xo.ports > XTCP_BENCH_MAX_THREADS / 2)
		xtcp_usage();
	if (xo.ipv6) {
		xo.host6 = in6addr_loopback;
		if (host && inet_pton(AF_INET6, host, &xo.host6) != 1)
			xtcp_usage();
	} else if (host) {
		if (inet_pton(AF_INET, host, &host4) != 1)
			xtcp_usage();
		xo.host = ntohl(host4.s_addr);
	}
	xo.fam = xo.xtcp ? xtcp_bench_xtcp_family() :
			   xo.ipv6 ? AF_INET6 : AF_INET;
	if (xo.fam < 0) {
		fprintf(stderr, "xtcp-bench: xtcp.ko is not loaded\n");
		exit(1);
	}
}

static void xtcp_print_slab(long made, const struct xtcp_slab *before)
{
	struct xtcp_slab after;
	long grown;

	if (xtcp_slab_read(xtcp_tw_cache(), &after)) {
		printf(",\"cache\":\"%s\",\"objsize\":null", xtcp_tw_cache());
		return;
	}
	grown = xtcp_slab_bytes(&after) - xtcp_slab_bytes(before);
	printf(",\"cache\":\"%s\",\"objsize\":%ld,\"objperslab\":%ld,"
	       "\"pagesperslab\":%ld,\"active_objs\":%ld,\"num_slabs\":%ld,"
	       "\"slab_bytes_per_obj\":%.1f,"
	       "\"slab_bytes_grown_per_entry\":%.1f",
	       xtcp_tw_cache(), after.objsize, after.objperslab,
	       after.pagesperslab, after.active_objs, after.num_slabs,
	       after.objperslab ? 4096.0 * after.pagesperslab /
				  after.objperslab : 0.0,
	       made ? (double)grown / made : 0.0);
}

/* stream: bytes sent and received, and the goodput at the receiver. */
static void xtcp_print_stream(long ops)
{
	if (xo.role != XTCP_SERVER)
		printf(",\"sent\":%lld", ops * (long long)XTCP_BENCH_CHUNK);
	if (xo.role == XTCP_CLIENT)
		return;
	printf(",\"received\":%lld,\"rx_secs\":%.3f,\"goodput_MBps\":%.2f",
	       xtcp_rx_bytes, xtcp_rx_secs,
	       xtcp_rx_secs > 0 ? xtcp_rx_bytes / xtcp_rx_secs / 1e6 : 0.0);
}

int main(int argc, char **argv)
{
	static const char *const roles[] = { "both", "server", "client" };
	static struct xtcp_client cl[XTCP_BENCH_MAX_THREADS];
	const struct xtcp_workload *w;
	pthread_t srv[XTCP_BENCH_MAX_THREADS];
	long i, ops = 0, errors = 0, servers = 0, clients, tw_before;
	struct xtcp_slab slab_before;
	const char *first_call = NULL;
	int first_errno = 0, sig;
	double t0, t1;
	sigset_t stop;

	xtcp_parse(argc, argv);
	for (w = xtcp_workloads; w->name; w++)
		if (!strcmp(w->name, xo.workload))
			break;
	if (!w->name)
		xtcp_usage();
	if (w->one_client)
		xo.clients = 1;
	if (w->counted) {
		if (xo.count < 1)
			xtcp_usage();
		xtcp_per_client = (xo.count + xo.clients - 1) / xo.clients;
	}
	signal(SIGPIPE, SIG_IGN);
	/* Blocked in every thread, so that a lone server sigwait()s for it. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (xo.role == XTCP_SERVER && !w->one_client)
		pthread_sigmask(SIG_BLOCK, &stop, NULL);
	if (xo.role != XTCP_CLIENT) {
		xtcp_listen_all();
		servers = w->one_client ? 1 :
			  (xo.clients > xo.ports ? xo.clients : xo.ports);
	}
	clients = xo.role == XTCP_SERVER ? 0 : xo.clients;
	xtcp_slab_read(xtcp_tw_cache(), &slab_before);
	tw_before = xtcp_tw_now();

	for (i = 0; i < servers; i++)
		if (pthread_create(&srv[i], NULL, w->server, (void *)i))
			xtcp_die("pthread_create");
	pthread_barrier_init(&xtcp_start, NULL, clients + 1);
	for (i = 0; i < clients; i++) {
		cl[i].id = i;
		if (pthread_create(&cl[i].thread, NULL, w->client, &cl[i]))
			xtcp_die("pthread_create");
	}
	t0 = xtcp_now();
	/* A counted run (tw) stops at its count, or at -d if given. */
	xtcp_deadline = t0 + (w->counted && !xo.timed ? 1e9 : xo.secs);
	pthread_barrier_wait(&xtcp_start);
	for (i = 0; i < clients; i++) {
		pthread_join(cl[i].thread, NULL);
		ops += cl[i].ops;
		errors += cl[i].errors;
		if (cl[i].errors && !first_call) {
			first_call = cl[i].first_call;
			first_errno = cl[i].first_errno;
		}
	}
	/*
	 * A lone crr or tw server has no end of its own: its client is in
	 * another process, which ends it when done.
	 */
	if (xo.role == XTCP_SERVER && !w->one_client) {
		sigwait(&stop, &sig);
		ops = __atomic_load_n(&xtcp_served, __ATOMIC_RELAXED);
	}
	/*
	 * The receiver has the figure that counts: wait for its EOF. A lone
	 * rr server waits for its client's too.
	 */
	if ((w->stream || xo.role == XTCP_SERVER) && servers && w->one_client) {
		pthread_join(srv[0], NULL);
		errors += xtcp_rx.errors;
		if (xtcp_rx.errors && !first_call) {
			first_call = xtcp_rx.first_call;
			first_errno = xtcp_rx.first_errno;
		}
	}
	t1 = xtcp_now();

	printf("{\"family\":\"%s\",\"ip\":%d,\"workload\":\"%s\","
	       "\"role\":\"%s\",\"clients\":%d,\"ports\":%d,\"addrs\":%d,"
	       "\"req\":%d,\"resp\":%d,\"secs\":%.3f,\"ops\":%ld,"
	       "\"rate\":%.1f,\"errors\":%ld",
	       xo.xtcp ? "xtcp" : "tcp", xo.ipv6 ? 6 : 4, w->name,
	       roles[xo.role], xo.clients, xo.ports, xo.addrs, xo.req, xo.resp,
	       t1 - t0, ops, t1 > t0 ? ops / (t1 - t0) : 0.0, errors);
	if (first_call)
		printf(",\"first_error\":\"%s: %s\"", first_call,
		       strerror(first_errno));
	printf(",\"tw_before\":%ld,\"tw_after\":%ld", tw_before, xtcp_tw_now());
	if (w->counted)
		xtcp_print_slab(ops, &slab_before);
	if (w->stream)
		xtcp_print_stream(ops);
	printf("}\n");
	fflush(stdout);
	/* Server threads block in accept(); exiting closes everything. */
	_exit(errors && !ops && !xtcp_rx_bytes ? 1 : 0);
}
