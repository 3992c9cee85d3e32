// SPDX-License-Identifier: GPL-2.0
/*
 * The bugs a security read of the module found (issue 11), one group each,
 * over 127.0.0.1 in a network namespace of its own. Each expects what
 * Linux's TCP does, named in the group's comment:
 *
 * - reconnect: a connection reset with unread data, then connect() again:
 *   the old receive queue and shutdown state must not reach the new one;
 *   connect(AF_UNSPEC) disconnects;
 * - nbconnect: connect() again on a nonblocking socket reports the result;
 * - any: connect() to 0.0.0.0 reaches 127.0.0.1;
 * - peek: MSG_PEEK | MSG_WAITALL and SO_RCVLOWAT sleep, not spin;
 * - ipopt: IP_OPTIONS, multicast and IP_XFRM_POLICY leave nothing behind;
 * - orphans: max_orphans;
 * - challenge: the challenge ACK budget is random each second, and one
 *   socket sends at most one per invalid_ratelimit;
 * - policy: an IPsec input policy and conntrack apply to XTCP segments.
 *
 * XTCP_HOSTILE_FAMILY=inet runs the groups that need nothing of XTCP's
 * over AF_INET and TCP, to show the expectations are Linux's. Each group
 * runs in a child under alarm(), so a stuck call fails only its group.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/xfrm.h>
#include "xtcp_test.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int fam, ipproto, is_xtcp;

static void msleep(int ms)
{
	usleep(ms * 1000);
}

static struct sockaddr_xtcp addr(const char *ip, unsigned short port)
{
	return xt_addr(fam, ip, port);
}

static int sock(void)
{
	return socket(fam, SOCK_STREAM, 0);
}

static int set_int(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val));
}

static void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static int local_port(int fd)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);

	if (getsockname(fd, (struct sockaddr *)&sx, &len))
		return -1;
	return ntohs(sx.sxtcp_port);
}

/* poll() for @events, up to @ms; the revents. */
static int wait_for(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return p.revents;
}

static int listener(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = addr(ip, port);
	int l = sock();

	set_int(l, SOL_SOCKET, SO_REUSEADDR, 1);
	if (bind(l, (struct sockaddr *)&sx, sizeof(sx)) || listen(l, 16)) {
		xt_report(0, "setup: a listener", "port %u: %s", port,
			  strerror(errno));
		return -1;
	}
	return l;
}

/* accept() within 3 s, or -1. */
static int accept_within(int l)
{
	if (!(wait_for(l, POLLIN, 3000) & POLLIN))
		return -1;
	return accept(l, NULL, NULL);
}

/* *c connected to listener @l on @port, *s accepted; 0 on success. */
static int pair(int l, unsigned short port, int *c, int *s)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", port);

	*c = sock();
	*s = -1;
	if (connect(*c, (struct sockaddr *)&sx, sizeof(sx)) ||
	    (*s = accept_within(l)) < 0) {
		xt_report(0, "setup: a connection", "port %u: %s", port,
			  strerror(errno));
		close(*c);
		return -1;
	}
	return 0;
}

/* Exactly @n bytes of @fill within 3 s; what came instead, if not. */
static int recv_exact(int fd, size_t n, unsigned char fill, char *why,
		      size_t whylen)
{
	unsigned char b[4096];
	size_t got = 0, i;
	long end = xt_now_ms() + 3000;

	while (got < n && xt_now_ms() < end) {
		ssize_t r;

		if (!(wait_for(fd, POLLIN, 100) & (POLLIN | POLLERR | POLLHUP)))
			continue;
		r = recv(fd, b, sizeof(b), MSG_DONTWAIT);
		if (r == 0) {
			snprintf(why, whylen, "EOF after %zu bytes", got);
			return -1;
		}
		if (r < 0) {
			if (errno == EAGAIN)
				continue;
			snprintf(why, whylen, "after %zu bytes: %s", got,
				 strerror(errno));
			return -1;
		}
		for (i = 0; i < (size_t)r; i++)
			if (b[i] != fill) {
				snprintf(why, whylen, "byte %zu is %#x, want %#x",
					 got + i, b[i], fill);
				return -1;
			}
		got += r;
	}
	if (got != n) {
		snprintf(why, whylen, "%zu of %zu bytes", got, n);
		return -1;
	}
	return 0;
}

static void send_fill(int fd, size_t n, unsigned char fill)
{
	unsigned char b[4096];

	memset(b, fill, n);
	if (send(fd, b, n, MSG_NOSIGNAL) != (ssize_t)n)
		fprintf(stderr, "send: %s\n", strerror(errno));
}

/* The new connection on @c (from @l on @port) moves data both ways. */
static void check_fresh(int l, int c, int round, const char *what)
{
	char name[160], why[160] = "";
	int s = accept_within(l), ok;
	ssize_t r;

	snprintf(name, sizeof(name), "%s %d: accepted", what, round);
	xt_report(s >= 0, name, "%s", strerror(errno));
	if (s < 0)
		return;
	send_fill(s, 20, 0xbb);
	ok = !recv_exact(c, 20, 0xbb, why, sizeof(why));
	snprintf(name, sizeof(name),
		 "%s %d: the new connection reads its own 20 bytes", what,
		 round);
	xt_report(ok, name, "%s", why);
	memset(why, 0, sizeof(why));
	r = send(c, "\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd\xdd", 10,
		 MSG_NOSIGNAL);
	snprintf(name, sizeof(name), "%s %d: the new connection sends", what,
		 round);
	xt_report(r == 10, name, "returned %zd, errno %d (%s)", r, errno,
		  strerror(errno));
	ok = r == 10 && !recv_exact(s, 10, 0xdd, why, sizeof(why));
	snprintf(name, sizeof(name), "%s %d: its peer reads them", what, round);
	xt_report(ok, name, "%s", why);
	close(s);
}

/*
 * A nonblocking connect(); the peer writes 100 bytes and aborts. The next
 * (blocking) connect() reports the reset and disconnects, as
 * __inet_stream_connect() with tcp_disconnect(): the unread bytes, the
 * shutdown and the FIN go with it. The one after makes a new connection,
 * which must see none of the old one. Several rounds: the ISNs differ, and
 * so does where the old data would lie against the new sequence space.
 */
static void test_reconnect(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7401);
	struct linger lg = { 1, 0 };
	int l = listener("127.0.0.1", 7401), round;
	char name[160];

	if (l < 0)
		return;
	for (round = 0; round < 6; round++) {
		int c = sock(), s, r, e;

		set_nonblock(c, 1);
		errno = 0;
		r = connect(c, (struct sockaddr *)&sx, sizeof(sx));
		snprintf(name, sizeof(name),
			 "reconnect %d: nonblocking connect() is EINPROGRESS",
			 round);
		xt_report(r == -1 && errno == EINPROGRESS, name, "%d, %s", r,
			  strerror(errno));
		s = accept_within(l);
		if (s < 0 || !(wait_for(c, POLLOUT, 3000) & POLLOUT)) {
			xt_report(0, "reconnect: established", "%s",
				  strerror(errno));
			close(c);
			break;
		}
		send_fill(s, 100, 0xaa);
		wait_for(c, POLLIN, 3000);
		msleep(50);
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s);
		wait_for(c, POLLRDHUP, 3000);
		msleep(50);

		set_nonblock(c, 0);
		errno = 0;
		r = connect(c, (struct sockaddr *)&sx, sizeof(sx));
		e = errno;
		snprintf(name, sizeof(name),
			 "reconnect %d: the next connect() reports the reset",
			 round);
		xt_report(r == -1 && e == ECONNRESET, name,
			  "returned %d, errno %d (%s)", r, e, strerror(e));
		errno = 0;
		r = connect(c, (struct sockaddr *)&sx, sizeof(sx));
		snprintf(name, sizeof(name),
			 "reconnect %d: the one after connects anew", round);
		xt_report(r == 0, name, "returned %d, errno %d (%s)", r, errno,
			  strerror(errno));
		if (!r)
			check_fresh(l, c, round, "reconnect");
		close(c);
	}
	close(l);
}

/*
 * connect(AF_UNSPEC) (__inet_stream_connect() -> tcp_disconnect()): an
 * open connection is reset, the socket is CLOSED and can connect again.
 * On a listener it stops listening, and the port bind() gave stays.
 */
static void test_unspec(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7402), un = sx;
	char b[8], why[160] = "";
	int l = listener("127.0.0.1", 7402), c, s, cport, r;

	if (l < 0 || pair(l, 7402, &c, &s))
		return;
	cport = local_port(c);
	un.sxtcp_family = AF_UNSPEC;
	XT_OK(connect(c, (struct sockaddr *)&un, sizeof(un)),
	      "unspec: connect(AF_UNSPEC) on a connection is 0");
	wait_for(s, POLLIN, 3000);
	XT_ERRNO(recv(s, b, sizeof(b), MSG_DONTWAIT), ECONNRESET,
		 "unspec: the peer is reset (tcp_disconnect sends RST)");
	if (is_xtcp)
		xt_expect_state(cport, 7402, "",
				"unspec: the connection's row is gone");
	close(s);
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "unspec: connect() again after AF_UNSPEC");
	check_fresh(l, c, 0, "unspec");
	close(c);

	/* Unread data and a FIN: AF_UNSPEC clears both. */
	if (pair(l, 7402, &c, &s))
		return;
	send_fill(s, 50, 0xcc);
	close(s);
	wait_for(c, POLLRDHUP, 3000);
	msleep(50);
	XT_OK(connect(c, (struct sockaddr *)&un, 2),
	      "unspec: connect(AF_UNSPEC), length 2, after the peer's FIN");
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "unspec: connect() again after the peer's FIN");
	check_fresh(l, c, 1, "unspec");
	close(c);

	XT_OK(connect(l, (struct sockaddr *)&un, sizeof(un)),
	      "unspec: connect(AF_UNSPEC) on a listener is 0");
	c = sock();
	XT_ERRNO(connect(c, (struct sockaddr *)&sx, sizeof(sx)), ECONNREFUSED,
		 "unspec: the listener no longer listens");
	close(c);
	XT_OK(listen(l, 4), "unspec: listen() again");
	c = sock();
	r = connect(c, (struct sockaddr *)&sx, sizeof(sx));
	xt_report(r == 0, "unspec: it listens on the same port",
		  "%s", strerror(errno));
	s = accept_within(l);
	if (s >= 0) {
		send_fill(s, 20, 0xbb);
		xt_report(!recv_exact(c, 20, 0xbb, why, sizeof(why)),
			  "unspec: data over it", "%s", why);
		close(s);
	}
	close(c);
	close(l);
}

/*
 * connect() again on a nonblocking socket (__inet_stream_connect()):
 * EALREADY while the SYN is out; once connected 0, then EISCONN; once
 * refused the error, then a new attempt.
 */
static void test_nbconnect(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7403);
	struct sockaddr_xtcp closed = addr("127.0.0.1", 7404);
	struct sockaddr_xtcp lost = addr("10.9.0.2", 7405);
	int l = listener("127.0.0.1", 7403), c, s;

	if (l < 0)
		return;
	c = sock();
	set_nonblock(c, 1);
	XT_ERRNO(connect(c, (struct sockaddr *)&sx, sizeof(sx)), EINPROGRESS,
		 "nbconnect: the first is EINPROGRESS");
	s = accept_within(l);
	wait_for(c, POLLOUT, 3000);
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "nbconnect: again once connected: 0");
	XT_ERRNO(connect(c, (struct sockaddr *)&sx, sizeof(sx)), EISCONN,
		 "nbconnect: and then EISCONN");
	close(c);
	close(s);

	c = sock();
	set_nonblock(c, 1);
	XT_ERRNO(connect(c, (struct sockaddr *)&closed, sizeof(closed)),
		 EINPROGRESS, "nbconnect: to a closed port, EINPROGRESS");
	wait_for(c, POLLOUT, 3000);
	XT_ERRNO(connect(c, (struct sockaddr *)&closed, sizeof(closed)),
		 ECONNREFUSED, "nbconnect: again once refused: ECONNREFUSED");
	XT_ERRNO(connect(c, (struct sockaddr *)&closed, sizeof(closed)),
		 EINPROGRESS, "nbconnect: and then a new attempt");
	wait_for(c, POLLOUT, 3000);
	XT_ERRNO(connect(c, (struct sockaddr *)&closed, sizeof(closed)),
		 ECONNREFUSED, "nbconnect: refused again");
	close(c);

	/* A SYN that no one answers: a veth whose other end has no address. */
	if (system("ip link add xh0 type veth peer name xh1 && "
		   "ip addr add 10.9.0.1/24 dev xh0 && ip link set xh0 up && "
		   "ip link set xh1 up")) {
		xt_report(0, "nbconnect: a veth pair", "ip link failed");
		close(l);
		return;
	}
	c = sock();
	set_nonblock(c, 1);
	XT_ERRNO(connect(c, (struct sockaddr *)&lost, sizeof(lost)),
		 EINPROGRESS, "nbconnect: a SYN no one answers, EINPROGRESS");
	XT_ERRNO(connect(c, (struct sockaddr *)&lost, sizeof(lost)), EALREADY,
		 "nbconnect: again while it is out: EALREADY");
	XT_ERRNO(connect(c, (struct sockaddr *)&lost, sizeof(lost)), EALREADY,
		 "nbconnect: and again: EALREADY");
	close(c);
	if (system("ip link del xh0"))
		fprintf(stderr, "ip link del xh0 failed\n");
	close(l);
}

/*
 * connect() to 0.0.0.0 goes to the local host: ip_route_output_key()
 * makes the destination 127.0.0.1, and tcp_v4_connect() takes the routed
 * destination as the peer's address.
 */
static void test_any(void)
{
	struct sockaddr_xtcp any = addr("0.0.0.0", 7406), peer;
	struct timeval tv = { 3, 0 };
	socklen_t len = sizeof(peer);
	char ip[32] = "", why[160] = "";
	int l = listener("0.0.0.0", 7406), c, s, r;

	if (l < 0)
		return;
	c = sock();
	setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	r = connect(c, (struct sockaddr *)&any, sizeof(any));
	xt_report(r == 0, "any: connect() to 0.0.0.0 connects",
		  "returned %d, errno %d (%s)", r, errno, strerror(errno));
	getpeername(c, (struct sockaddr *)&peer, &len);
	inet_ntop(AF_INET, &peer.sxtcp_addr, ip, sizeof(ip));
	xt_report(!strcmp(ip, "127.0.0.1") && ntohs(peer.sxtcp_port) == 7406,
		  "any: the peer's address is 127.0.0.1:7406", "%s:%u", ip,
		  ntohs(peer.sxtcp_port));
	s = r ? -1 : accept_within(l);
	if (s >= 0) {
		send_fill(s, 20, 0xbb);
		xt_report(!recv_exact(c, 20, 0xbb, why, sizeof(why)),
			  "any: data over it", "%s", why);
		close(s);
	}
	close(c);
	close(l);
}

static long thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * A read that needs more than is queued waits for more, asleep: as
 * tcp_recvmsg_locked(), which hands sk_wait_data() the last skb it saw.
 * @flags and SO_RCVLOWAT @lowat; 100 bytes are there, 100 more come a
 * second later. The reader's CPU time over that second shows a spin.
 * (A plain read under SO_RCVLOWAT 200 is left out: Linux wakes it only
 * once 200 bytes past what it already took are there, tcp_data_ready().)
 */
static void read_waits(int c, int s, int flags, int lowat, const char *what)
{
	unsigned char b[256];
	char name[160];
	long cpu, t0;
	pid_t pid;
	ssize_t r;

	set_int(c, SOL_SOCKET, SO_RCVLOWAT, lowat);
	send_fill(s, 100, 0xaa);
	wait_for(c, POLLIN, 3000);
	msleep(100);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		msleep(1000);
		send_fill(s, 100, 0xaa);
		_exit(0);
	}
	t0 = xt_now_ms();
	cpu = thread_cpu_ms();
	r = recv(c, b, 200, flags);
	cpu = thread_cpu_ms() - cpu;
	waitpid(pid, NULL, 0);
	snprintf(name, sizeof(name), "peek: %s returns all 200 bytes", what);
	xt_report(r == 200, name, "returned %zd (%s)", r, strerror(errno));
	snprintf(name, sizeof(name),
		 "peek: %s sleeps while it waits (CPU under 300 ms)", what);
	xt_report(cpu < 300, name, "%ld ms of CPU in %ld ms", cpu,
		  xt_now_ms() - t0);
	/* Take what a peek left. */
	set_int(c, SOL_SOCKET, SO_RCVLOWAT, 1);
	if (flags & MSG_PEEK)
		while (recv(c, b, sizeof(b), MSG_DONTWAIT) > 0)
			;
}

static void test_peek(void)
{
	int l = listener("127.0.0.1", 7407), c, s;

	if (l < 0 || pair(l, 7407, &c, &s))
		return;
	read_waits(c, s, MSG_PEEK | MSG_WAITALL, 1, "MSG_PEEK | MSG_WAITALL");
	read_waits(c, s, MSG_PEEK, 200, "MSG_PEEK with SO_RCVLOWAT 200");
	read_waits(c, s, MSG_WAITALL, 1, "MSG_WAITALL");
	close(c);
	close(s);
	close(l);
}

/* Active objects of the kmalloc caches, from /proc/slabinfo. */
static long kmalloc_objs(void)
{
	char line[512], name[64];
	FILE *f = fopen("/proc/slabinfo", "r");
	long sum = 0, n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", name, &n) == 2 &&
		    !strncmp(name, "kmalloc-", 8))
			sum += n;
	fclose(f);
	return sum;
}

/* Socket policies in the SPD ("ip xfrm policy count"), or -1. */
static int xfrm_sock_policies(void)
{
	char line[256];
	FILE *p = popen("ip -s xfrm policy count 2>/dev/null", "r");
	int in = -1, out = -1, fwd;
	char *s;

	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		if ((s = strstr(line, "(Sock:")) &&
		    sscanf(s, "(Sock: IN %d OUT %d FWD %d", &in, &out, &fwd) == 3)
			break;
	pclose(p);
	return in < 0 ? -1 : in + out;
}

/*
 * SOL_IP state that inet_release() and inet_sock_destruct() tear down:
 * IP_OPTIONS' inet_opt is freed with the socket; IP_XFRM_POLICY's
 * policies go with it (sk_common_release(), inet_csk_destroy_sock()), and
 * an XTCP socket gets none: xfrm_compile_policy() refuses its family.
 * Group memberships are refused: ip_mc_drop_socket(), which would end
 * them, is not exported to modules; EPROTO is what Linux gives TCP for
 * IP_ADD_MEMBERSHIP (do_ip_setsockopt()).
 */
static void test_ipopt(void)
{
	static const unsigned char nops[4] = { 1, 1, 1, 0 };
	struct ip_mreqn mreq = { .imr_ifindex = (int)if_nametoindex("lo") };
	struct xfrm_userpolicy_info pol;
	long before, after;
	int i, fd, n = 5000, r;

	before = kmalloc_objs();
	for (i = 0; i < n; i++) {
		fd = sock();
		r = setsockopt(fd, SOL_IP, IP_OPTIONS, nops, sizeof(nops));
		close(fd);
		if (r) {
			xt_report(0, "ipopt: IP_OPTIONS", "%s", strerror(errno));
			break;
		}
	}
	msleep(1500);		/* RCU frees the sockets and their options */
	after = kmalloc_objs();
	xt_report(after - before < n / 2,
		  "ipopt: 5000 sockets with IP_OPTIONS leave no kmalloc object",
		  "%ld more kmalloc objects", after - before);

	fd = sock();
	inet_pton(AF_INET, "224.0.0.251", &mreq.imr_multiaddr);
	XT_ERRNO(setsockopt(fd, SOL_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)),
		 EPROTO, "ipopt: IP_ADD_MEMBERSHIP is EPROTO (do_ip_setsockopt)");
	if (is_xtcp) {
		struct group_req gr = { .gr_interface = mreq.imr_ifindex };
		struct ip_mreq_source ms = { 0 };
		struct sockaddr_in *g = (struct sockaddr_in *)&gr.gr_group;

		g->sin_family = AF_INET;
		g->sin_addr = mreq.imr_multiaddr;
		XT_ERRNO(setsockopt(fd, SOL_IP, MCAST_JOIN_GROUP, &gr,
				    sizeof(gr)), EPROTO,
			 "ipopt: MCAST_JOIN_GROUP is EPROTO too");
		ms.imr_multiaddr = mreq.imr_multiaddr;
		XT_ERRNO(setsockopt(fd, SOL_IP, IP_ADD_SOURCE_MEMBERSHIP, &ms,
				    sizeof(ms)), EPROTO,
			 "ipopt: IP_ADD_SOURCE_MEMBERSHIP is EPROTO too");
	}
	close(fd);

	/* IP_XFRM_POLICY needs a key manager: xfrm_user, on stock kernels. */
	if (system("modprobe xfrm_user 2>/dev/null") ||
	    xfrm_sock_policies() < 0) {
		xt_skip("ipopt: IP_XFRM_POLICY", "no xfrm_user");
		return;
	}
	memset(&pol, 0, sizeof(pol));
	pol.sel.family = AF_INET;
	pol.lft.soft_byte_limit = XFRM_INF;
	pol.lft.hard_byte_limit = XFRM_INF;
	pol.lft.soft_packet_limit = XFRM_INF;
	pol.lft.hard_packet_limit = XFRM_INF;
	pol.dir = XFRM_POLICY_OUT;
	pol.action = XFRM_POLICY_ALLOW;
	before = xfrm_sock_policies();
	fd = sock();
	if (is_xtcp) {
		/* The key managers compile policies for AF_INET sockets only. */
		XT_ERRNO(setsockopt(fd, SOL_IP, IP_XFRM_POLICY, &pol,
				    sizeof(pol)), EINVAL,
			 "ipopt: IP_XFRM_POLICY is EINVAL (xfrm_compile_policy)");
	} else {
		XT_OK(setsockopt(fd, SOL_IP, IP_XFRM_POLICY, &pol, sizeof(pol)),
		      "ipopt: IP_XFRM_POLICY");
		XT_EQ(xfrm_sock_policies() - before, 1,
		      "ipopt: the socket's policy is in the SPD");
	}
	close(fd);
	msleep(500);
	XT_EQ(xfrm_sock_policies() - before, 0,
	      "ipopt: close() takes the socket's policy out of the SPD");
}

/*
 * max_orphans (tcp_too_many_orphans(), checked in __tcp_close()): a
 * close() that would make one orphan too many resets the connection
 * (AbortOnMemory, Linux's TCPAbortOnMemory). Orphans counts them.
 */
static void test_orphans(void)
{
	int l = listener("127.0.0.1", 7410), c[3], s[3], port[3], i;
	long mem, orph;
	char b[8];

	if (l < 0)
		return;
	xt_report(!xt_sysctl("max_orphans", 2), "orphans: sysctl max_orphans",
		  "%s", strerror(errno));
	for (i = 0; i < 3; i++) {
		if (pair(l, 7410, &c[i], &s[i]))
			return;
		port[i] = local_port(c[i]);
	}
	orph = xt_stat("Orphans");
	close(c[0]);
	close(c[1]);
	msleep(200);
	xt_expect_state(port[0], 7410, "FIN_WAIT_2",
			"orphans: the first orphan waits in FIN_WAIT_2");
	xt_expect_state(port[1], 7410, "FIN_WAIT_2",
			"orphans: and the second");
	XT_EQ(xt_stat("Orphans") - orph, 2, "orphans: Orphans counts 2");
	mem = xt_stat("AbortOnMemory");
	close(c[2]);
	msleep(200);
	xt_expect_state(port[2], 7410, "",
			"orphans: a third, past max_orphans 2, is reset");
	XT_EQ(xt_stat("AbortOnMemory") - mem, 1, "orphans: AbortOnMemory +1");
	/* The FIN went first, then the RST (__tcp_close()): EOF, then EPIPE. */
	xt_expect_state(7410, port[2], "", "orphans: its peer is reset too");
	XT_EQ(recv(s[2], b, sizeof(b), MSG_DONTWAIT), 0,
	      "orphans: its peer reads the FIN");
	XT_ERRNO(send(s[2], "x", 1, MSG_NOSIGNAL), EPIPE,
		 "orphans: and cannot send: reset in CLOSE_WAIT (tcp_reset)");
	XT_EQ(xt_stat("Orphans") - orph, 2, "orphans: still 2");
	close(s[0]);
	close(s[1]);
	close(s[2]);
	msleep(300);
	XT_EQ(xt_stat("Orphans") - orph, 0,
	      "orphans: 0 once both reach TIME_WAIT");
	xt_sysctl("max_orphans", 32768);
	close(l);
}

static unsigned short csum16(const void *data, size_t len, unsigned long sum)
{
	const unsigned char *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* A SYN from 127.0.0.1:@sport to 127.0.0.1:@dport, by raw socket @raw. */
static void send_syn(int raw, unsigned short sport, unsigned short dport,
		     unsigned int seq)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	unsigned char seg[20] = { 0 };
	unsigned long sum = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 6 + 20;
	unsigned short ck;

	seg[0] = sport >> 8;
	seg[1] = sport & 0xff;
	seg[2] = dport >> 8;
	seg[3] = dport & 0xff;
	seg[4] = seq >> 24;
	seg[5] = seq >> 16;
	seg[6] = seq >> 8;
	seg[7] = seq;
	seg[12] = 5 << 4;
	seg[13] = 0x02;			/* SYN */
	seg[14] = 0xff;
	seg[15] = 0xff;
	ck = csum16(seg, 20, sum);
	seg[16] = ck >> 8;
	seg[17] = ck & 0xff;
	if (sendto(raw, seg, 20, 0, (struct sockaddr *)&dst, sizeof(dst)) != 20)
		perror("sendto");
}

/*
 * RFC 5961 challenge ACKs, as tcp_send_challenge_ack() in Linux 6.1: the
 * per-netns budget is drawn anew each second, uniformly from [limit/2,
 * limit * 3/2) (CVE-2016-5696: a fixed one tells an off-path attacker
 * when its guess drew one), and each socket sends at most one every
 * invalid_ratelimit ms (__tcp_oow_rate_limited()). A SYN to an
 * established connection draws one (RFC 5961 4.2).
 */
static void test_challenge(void)
{
	int l = listener("127.0.0.1", 7411), c, s, raw, r, cport;
	long n[8], ch, skip, lo = 1000, hi = 0;
	int rounds = ARRAY_SIZE(n), i;

	if (l < 0 || pair(l, 7411, &c, &s))
		return;
	raw = socket(AF_INET, SOCK_RAW, ipproto);
	cport = local_port(c);
	xt_report(!xt_sysctl("challenge_ack_limit", 10),
		  "challenge: challenge_ack_limit 10", "%s", strerror(errno));
	xt_report(!xt_sysctl("invalid_ratelimit", 0),
		  "challenge: invalid_ratelimit 0", "%s", strerror(errno));
	msleep(1100);
	for (r = 0; r < rounds; r++) {
		ch = xt_stat("ChallengeACKs");
		for (i = 0; i < 40; i++)
			send_syn(raw, 7411, cport, 1000 + i);
		msleep(100);
		n[r] = xt_stat("ChallengeACKs") - ch;
		if (n[r] < lo)
			lo = n[r];
		if (n[r] > hi)
			hi = n[r];
		printf("# challenge: round %d: %ld challenge ACKs\n", r, n[r]);
		msleep(1100);
	}
	xt_report(lo >= 5 && hi <= 14,
		  "challenge: each second's budget is in [5, 14] for limit 10",
		  "from %ld to %ld", lo, hi);
	xt_report(lo != hi, "challenge: the budget is not the same each second",
		  "%ld in each of %d seconds", lo, rounds);

	xt_sysctl("invalid_ratelimit", 500);
	ch = xt_stat("ChallengeACKs");
	skip = xt_stat("ACKSkippedChallenge");
	for (i = 0; i < 10; i++)
		send_syn(raw, 7411, cport, 5000 + i);
	msleep(100);
	XT_EQ(xt_stat("ChallengeACKs") - ch, 1,
	      "challenge: one socket sends one in 500 ms (invalid_ratelimit)");
	XT_EQ(xt_stat("ACKSkippedChallenge") - skip, 9,
	      "challenge: ACKSkippedChallenge counts the other 9");
	xt_sysctl("challenge_ack_limit", 1000);
	close(raw);
	close(c);
	close(s);
	close(l);
}

static long file_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* XfrmInPolBlock of /proc/net/xfrm_stat, or -1. */
static long xfrm_in_pol_block(void)
{
	char key[64];
	FILE *f = fopen("/proc/net/xfrm_stat", "r");
	long v, ret = -1;

	while (f && fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, "XfrmInPolBlock"))
			ret = v;
	if (f)
		fclose(f);
	return ret;
}

/*
 * Input policy, as tcp_v4_rcv(): xfrm4_policy_check() drops what an
 * IPsec policy blocks (XfrmInPolBlock), and nf_reset_ct() drops the
 * conntrack reference of a segment before it is queued, so that unread
 * data does not hold a connection-tracking entry past its timeout.
 * Stock kernels only: the debug kernel has neither.
 */
static void test_policy(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7412);
	struct timeval tv = { 1, 500000 };
	int l, c, s, r;
	long blk;

	/* Loopback skips policies unless told (IN_DEV_NOPOLICY): tell it. */
	if (system("echo 0 > /proc/sys/net/ipv4/conf/lo/disable_policy && "
		   "ip xfrm policy add src 127.0.0.1/32 dst 127.0.0.1/32 "
		   "proto $XTCP_PROTO dir in action block 2>/dev/null")) {
		xt_skip("policy: xfrm", "no xfrm_user");
	} else {
		l = listener("127.0.0.1", 7412);
		blk = xfrm_in_pol_block();
		c = sock();
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		r = connect(c, (struct sockaddr *)&sx, sizeof(sx));
		xt_report(r == -1, "policy: a blocking IPsec policy stops the SYN",
			  "connect() returned %d", r);
		xt_report(xfrm_in_pol_block() > blk,
			  "policy: XfrmInPolBlock counts it", "%ld, then %ld",
			  blk, xfrm_in_pol_block());
		close(c);
		close(l);
		if (system("ip xfrm policy flush"))
			fprintf(stderr, "ip xfrm policy flush failed\n");
	}

	if (!is_xtcp)
		return;		/* a TCP connection's entry lives for days */
	if (system("tc qdisc add dev lo clsact 2>/dev/null && "
		   "tc filter add dev lo egress matchall action ct "
		   "2>/dev/null") ||
	    file_long("/proc/sys/net/netfilter/nf_conntrack_count") < 0) {
		xt_skip("policy: conntrack", "no act_ct");
		return;
	}
	if (system("echo 1 > /proc/sys/net/netfilter/nf_conntrack_generic_timeout"))
		fprintf(stderr, "nf_conntrack_generic_timeout failed\n");
	l = listener("127.0.0.1", 7413);
	if (l < 0 || pair(l, 7413, &c, &s))
		return;
	send_fill(c, 100, 0xaa);	/* unread, in s's receive queue */
	msleep(2500);
	/* Reading the table ends the entries whose time is up. */
	if (system("cat /proc/net/nf_conntrack > /dev/null"))
		fprintf(stderr, "reading nf_conntrack failed\n");
	msleep(100);
	XT_EQ(file_long("/proc/sys/net/netfilter/nf_conntrack_count"), 0,
	      "policy: unread data holds no conntrack entry (nf_reset_ct)");
	close(c);
	close(s);
	close(l);
	if (system("tc qdisc del dev lo clsact"))
		fprintf(stderr, "tc qdisc del failed\n");
}

static const struct {
	const char *name;
	void (*fn)(void);
	unsigned int secs;
	int xtcp_only;
} groups[] = {
	{ "reconnect", test_reconnect, 60, 0 },
	{ "unspec", test_unspec, 30, 0 },
	{ "nbconnect", test_nbconnect, 30, 0 },
	{ "any", test_any, 15, 0 },
	{ "peek", test_peek, 30, 0 },
	{ "orphans", test_orphans, 20, 1 },
	{ "challenge", test_challenge, 40, 1 },
	{ "policy", test_policy, 30, 0 },
	/* Last: before its fix a leaked policy panics as the netns goes. */
	{ "ipopt", test_ipopt, 120, 0 },
};

int main(int argc, char **argv)
{
	const char *env = getenv("XTCP_HOSTILE_FAMILY");
	unsigned int i;
	char proto[16];

	if (env && !strcmp(env, "inet")) {
		fam = AF_INET;
		ipproto = IPPROTO_TCP;
	} else {
		fam = xt_family();
		ipproto = (int)file_long("/sys/module/xtcp/parameters/ipproto");
		is_xtcp = 1;
	}
	snprintf(proto, sizeof(proto), "%d", ipproto);
	setenv("XTCP_PROTO", proto, 1);
	printf("# hostile: family %d%s\n", fam, is_xtcp ? "" : " (Linux TCP)");
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "setup: a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		int j;

		if (groups[i].xtcp_only && !is_xtcp)
			continue;
		for (j = 1; j < argc && strcmp(argv[j], groups[i].name); j++)
			;
		if (argc > 1 && j == argc)
			continue;
		xt_run_group(groups[i].name, groups[i].fn, groups[i].secs);
	}
	return xt_exit();
}
