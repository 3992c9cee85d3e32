// SPDX-License-Identifier: GPL-2.0
/*
 * xtcpize: a program written for TCP must not notice XTCP underneath.
 * Run as `xtcpize run build/tests/xtcpize`: socket() then gives XTCP
 * sockets, and syscall(SYS_socket) still gives Linux's TCP ones, which
 * are the reference. Each check runs the same calls on both and expects
 * what Linux's TCP does (net/ipv4/af_inet.c, tcp.c, tcp_timer.c), over
 * loopback in a network namespace of its own:
 *
 * the wrapper (which sockets change, AF_INET's and AF_INET6's, flags,
 * SO_DOMAIN); AF_INET names from getsockname, getpeername, accept4 and
 * recvfrom; AF_INET6 names over [::1], v4-mapped ones of a dual-stack
 * listener's IPv4 clients, IPV6_V6ONLY, a connect() to a v4-mapped
 * address and the SOL_IPV6 options servers set; IPPROTO_TCP options
 * and what they read back; TCP_INFO; TCP_CORK and MSG_MORE holding a
 * short segment; TCP_USER_TIMEOUT ending a connection; SIOCINQ/SIOCOUTQ;
 * epoll edge-triggered with EPOLLRDHUP; sendfile() and splice() both
 * ways; a corked header and a body by sendfile() in one segment. And
 * that the traffic was XTCP's: /proc/net/xtcp rows ([::1] ones for
 * IPv6) and no /proc/net/tcp or /proc/net/tcp6 row.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <linux/sockios.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <netinet/ip.h>
#include <sys/uio.h>

#include "xtcp_test.h"
#include "sha256.h"

/* TCP_INFINITE_SSTHRESH, include/net/tcp.h */
#define INFINITE_SSTHRESH	0x7fffffff
#define XT	1	/* through xtcpize's socket() */
#define TCP	0	/* Linux's TCP, the reference */

static const char *fam_name[2] = { "tcp", "xtcp" };
static char name_buf[160];
static int have_v6;	/* the kernel has IPv6 */

/* A check's name: "what (xtcp)" or "what (tcp)". */
static const char *nm(int xt, const char *what)
{
	snprintf(name_buf, sizeof(name_buf), "%s (%s)", what, fam_name[xt]);
	return name_buf;
}

static int mk(int xt, int type)
{
	if (xt)
		return socket(AF_INET, type, 0);
	return syscall(SYS_socket, AF_INET, type, 0);
}

/* The family the kernel says, past the wrapper's SO_DOMAIN. */
static int real_domain(int fd)
{
	int v = -1;
	socklen_t l = sizeof(v);

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &v, &l))
		return -1;
	return v;
}

static struct sockaddr_in lo(int port)
{
	struct sockaddr_in s = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	return s;
}

static int listener(int xt, int port)
{
	struct sockaddr_in s = lo(port);
	int fd = mk(xt, SOCK_STREAM), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&s, sizeof(s)) || listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A connected pair on @port: *c the client, *a the accepted side. */
static int pair(int xt, int port, int *c, int *a)
{
	struct sockaddr_in s = lo(port);
	int l = listener(xt, port);

	if (l < 0)
		return -1;
	*c = mk(xt, SOCK_STREAM);
	if (connect(*c, (struct sockaddr *)&s, sizeof(s))) {
		close(l);
		close(*c);
		return -1;
	}
	*a = accept(l, NULL, NULL);
	close(l);
	return *a < 0 ? -1 : 0;
}

static int get_int(int fd, int level, int opt)
{
	int v = -12345;
	socklen_t l = sizeof(v);

	if (getsockopt(fd, level, opt, &v, &l))
		return -errno;
	return v;
}

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v)) ? -errno : 0;
}

/* Bytes readable on @fd within @ms milliseconds (0: none came). */
static int wait_bytes(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = 0;

	if (poll(&p, 1, ms) == 1)
		ioctl(fd, SIOCINQ, &n);
	return n;
}

/* /proc/net/@file (tcp, tcp6) has a socket with local or remote port @port. */
static int proc_has(const char *file, int port)
{
	char line[512], want[8], path[64];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	f = fopen(path, "r");
	snprintf(want, sizeof(want), ":%04X ", port);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want))
			found = 1;
	fclose(f);
	return found;
}

static int proc_tcp_has(int port)
{
	return proc_has("tcp", port);
}

/*
 * The state of the /proc/net/xtcp row whose columns are @local and @remote
 * as it prints them ("[::1]:7001"), into @st; 0 if there is one.
 */
static int xrow(const char *local, const char *remote, char *st, size_t n)
{
	char line[512], l[64], r[64], s[32];
	FILE *f = fopen("/proc/net/xtcp", "r");
	int ret = -1;

	if (!f)
		return -1;
	while (ret && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %63s %31s", l, r, s) == 3 &&
		    !strcmp(l, local) && !strcmp(r, remote)) {
			snprintf(st, n, "%s", s);
			ret = 0;
		}
	fclose(f);
	return ret;
}

/* 1. Which sockets the wrapper changes, and what they say they are. */
static void test_wrapper(void)
{
	int fam = xt_family(), fd, fl, p[2], v;
	char buf[512] = "";
	ssize_t n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	XT_EQ(real_domain(fd), fam, "wrapper: AF_INET SOCK_STREAM becomes XTCP");
	XT_EQ(get_int(fd, SOL_SOCKET, SO_DOMAIN), AF_INET,
	      "wrapper: SO_DOMAIN says AF_INET");
	XT_EQ(get_int(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP,
	      "wrapper: SO_PROTOCOL says IPPROTO_TCP");
	XT_EQ(get_int(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM,
	      "wrapper: SO_TYPE says SOCK_STREAM");
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_TCP);
	fl = fcntl(fd, F_GETFL);
	XT_EQ(real_domain(fd), fam,
	      "wrapper: SOCK_NONBLOCK|SOCK_CLOEXEC, IPPROTO_TCP becomes XTCP");
	XT_EQ(!!(fl & O_NONBLOCK), 1, "wrapper: ... and keeps O_NONBLOCK");
	XT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "wrapper: ... and FD_CLOEXEC");
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	XT_EQ(real_domain(fd), AF_INET, "wrapper: SOCK_DGRAM stays UDP");
	close(fd);

	/* AF_INET6 becomes XTCP's IPv6 (XTCPPROTO_TCP6), with no warning. */
	fd = syscall(SYS_socket, AF_INET6, SOCK_STREAM, 0);
	if (fd < 0) {
		printf("# no IPv6 in this kernel: the IPv6 checks are left out\n");
		return;
	}
	close(fd);
	have_v6 = 1;
	if (pipe(p))
		return;
	fflush(stderr);
	v = dup(2);
	dup2(p[1], 2);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	XT_EQ(real_domain(fd), fam, "wrapper: AF_INET6 SOCK_STREAM becomes XTCP");
	XT_EQ(get_int(fd, SOL_SOCKET, SO_DOMAIN), AF_INET6,
	      "wrapper: ... SO_DOMAIN says AF_INET6");
	XT_EQ(get_int(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP,
	      "wrapper: ... SO_PROTOCOL says IPPROTO_TCP");
	close(fd);
	fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_TCP);
	fl = fcntl(fd, F_GETFL);
	XT_EQ(real_domain(fd), fam,
	      "wrapper: AF_INET6 SOCK_NONBLOCK|SOCK_CLOEXEC, IPPROTO_TCP becomes XTCP");
	XT_EQ(!!(fl & O_NONBLOCK), 1, "wrapper: ... and keeps O_NONBLOCK");
	XT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "wrapper: ... and FD_CLOEXEC");
	close(fd);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	XT_EQ(real_domain(fd), AF_INET6, "wrapper: AF_INET6 SOCK_DGRAM stays UDP");
	close(fd);
	if (fork() == 0) {
		close(socket(AF_INET6, SOCK_STREAM, 0));
		_exit(0);
	}
	wait(NULL);
	dup2(v, 2);
	close(v);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	buf[n > 0 ? n : 0] = 0;
	xt_report(n <= 0, "wrapper: no warning for AF_INET6 (parent, child)",
		  "stderr: %s", buf);
}

/* 2. AF_INET names, as TCP gives them. */
static void test_names(int xt, int port)
{
	struct sockaddr_in s = lo(port), got, cl;
	socklen_t len;
	int l, c, a, any;
	char b[8];

	l = listener(xt, port);
	len = sizeof(got);
	XT_OK(getsockname(l, (struct sockaddr *)&got, &len),
	      nm(xt, "names: getsockname() of the listener"));
	XT_EQ(got.sin_family, AF_INET, nm(xt, "names: listener is AF_INET"));
	XT_EQ(len, sizeof(struct sockaddr_in),
	      nm(xt, "names: ... sockaddr_in's length"));
	XT_EQ(ntohs(got.sin_port), port, nm(xt, "names: ... the port bound"));
	c = mk(xt, SOCK_STREAM);
	XT_OK(connect(c, (struct sockaddr *)&s, sizeof(s)),
	      nm(xt, "names: connect() with an AF_INET sockaddr"));
	len = sizeof(got);
	memset(&got, 0xff, sizeof(got));
	a = accept4(l, (struct sockaddr *)&got, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
	XT_OK(a, nm(xt, "names: accept4(SOCK_NONBLOCK | SOCK_CLOEXEC)"));
	len = sizeof(cl);
	getsockname(c, (struct sockaddr *)&cl, &len);
	XT_EQ(got.sin_family, AF_INET, nm(xt, "names: accept4() peer AF_INET"));
	xt_report(got.sin_port == cl.sin_port &&
		  got.sin_addr.s_addr == cl.sin_addr.s_addr,
		  nm(xt, "names: accept4() peer is the client's name"),
		  "peer %x:%d, client %x:%d", got.sin_addr.s_addr,
		  ntohs(got.sin_port), cl.sin_addr.s_addr, ntohs(cl.sin_port));
	XT_EQ(!!(fcntl(a, F_GETFL) & O_NONBLOCK), 1,
	      nm(xt, "names: accept4() socket is O_NONBLOCK"));
	len = sizeof(got);
	getpeername(c, (struct sockaddr *)&got, &len);
	XT_EQ(got.sin_family, AF_INET, nm(xt, "names: getpeername() AF_INET"));
	XT_EQ(ntohs(got.sin_port), port, nm(xt, "names: ... the server port"));
	len = sizeof(got);
	getpeername(a, (struct sockaddr *)&got, &len);
	XT_EQ(got.sin_family, AF_INET,
	      nm(xt, "names: accepted getpeername() AF_INET"));
	/* tcp_recvmsg() leaves msg_name alone: the length comes back 0. */
	if (write(c, "hi", 2) != 2)
		return;
	wait_bytes(a, 2000);
	len = sizeof(got);
	memset(&got, 0xab, sizeof(got));
	XT_EQ(recvfrom(a, b, sizeof(b), 0, (struct sockaddr *)&got, &len), 2,
	      nm(xt, "names: recvfrom() reads"));
	XT_EQ(len, 0, nm(xt, "names: recvfrom() gives no address, as TCP"));
	if (xt) {
		XT_EQ(proc_tcp_has(port), 0,
		      "names: /proc/net/tcp has no socket on the port (xtcp)");
		xt_expect_state(port, ntohs(cl.sin_port), "ESTABLISHED",
				"names: /proc/net/xtcp has the connection (xtcp)");
	}
	close(a);
	close(c);
	close(l);

	/* __inet_bind(): AF_UNSPEC is taken for INADDR_ANY only. */
	any = mk(xt, SOCK_STREAM);
	s.sin_family = AF_UNSPEC;
	s.sin_addr.s_addr = htonl(INADDR_ANY);
	s.sin_port = 0;
	XT_OK(bind(any, (struct sockaddr *)&s, sizeof(s)),
	      nm(xt, "names: bind(AF_UNSPEC, INADDR_ANY)"));
	close(any);
	any = mk(xt, SOCK_STREAM);
	s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	XT_ERRNO(bind(any, (struct sockaddr *)&s, sizeof(s)), EAFNOSUPPORT,
		 nm(xt, "names: bind(AF_UNSPEC, 127.0.0.1) is EAFNOSUPPORT"));
	s.sin_family = AF_INET6;
	XT_ERRNO(bind(any, (struct sockaddr *)&s, sizeof(s)), EAFNOSUPPORT,
		 nm(xt, "names: bind(AF_INET6) is EAFNOSUPPORT"));
	XT_ERRNO(bind(any, (struct sockaddr *)&s, 8), EINVAL,
		 nm(xt, "names: a short sockaddr is EINVAL"));
	close(any);
}

/* An AF_INET6 stream socket: xtcpize's (XTCP), or Linux's TCP. */
static int mk6(int xt, int type)
{
	if (xt)
		return socket(AF_INET6, type, 0);
	return syscall(SYS_socket, AF_INET6, type, 0);
}

static struct sockaddr_in6 sin6(const char *ip, int port)
{
	struct sockaddr_in6 s = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
	};

	inet_pton(AF_INET6, ip, &s.sin6_addr);
	return s;
}

/* "[addr]:port", as /proc/net/xtcp prints it. */
static const char *name6(const struct sockaddr_in6 *s, char *buf, size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
	snprintf(buf, n, "[%s]:%d", ip, ntohs(s->sin6_port));
	return buf;
}

/* A listener on [@ip]:@port; IPV6_V6ONLY set to @v6only unless -1. */
static int listener6(int xt, const char *ip, int port, int v6only)
{
	struct sockaddr_in6 s = sin6(ip, port);
	int fd = mk6(xt, SOCK_STREAM), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (v6only >= 0)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
			   sizeof(v6only));
	if (bind(fd, (struct sockaddr *)&s, sizeof(s)) || listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* @c writes 4 bytes that @a reads, and back: 1 if both arrive. */
static int ping(int c, int a)
{
	char b[8];

	if (write(c, "ping", 4) != 4 || wait_bytes(a, 2000) != 4 ||
	    read(a, b, sizeof(b)) != 4 || write(a, "pong", 4) != 4 ||
	    wait_bytes(c, 2000) != 4 || read(c, b, sizeof(b)) != 4)
		return 0;
	return !memcmp(b, "pong", 4);
}

/*
 * 2b. IPv6 over [::1]: AF_INET6 names from getsockname, getpeername and
 * accept4 (inet6_getname()), __inet6_bind()'s and tcp_v6_connect()'s
 * checks of the sockaddr, and the connection in /proc/net/xtcp with
 * [::1] at both ends, not in /proc/net/tcp6.
 */
static void test_names6(int xt, int port)
{
	struct sockaddr_in6 s = sin6("::1", port), got, cl;
	struct sockaddr_in s4 = lo(port);
	char b1[64], b2[64], st[32] = "";
	socklen_t len;
	int l, c, a, fd;

	l = listener6(xt, "::1", port, -1);
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	XT_OK(getsockname(l, (struct sockaddr *)&got, &len),
	      nm(xt, "names6: getsockname() of a listener on [::1]"));
	XT_EQ(got.sin6_family, AF_INET6, nm(xt, "names6: ... AF_INET6"));
	XT_EQ(len, sizeof(struct sockaddr_in6),
	      nm(xt, "names6: ... sockaddr_in6's length"));
	xt_report(ntohs(got.sin6_port) == port &&
		  IN6_IS_ADDR_LOOPBACK(&got.sin6_addr),
		  nm(xt, "names6: ... [::1] and the port bound"), "%s",
		  name6(&got, b1, sizeof(b1)));
	c = mk6(xt, SOCK_STREAM);
	XT_OK(connect(c, (struct sockaddr *)&s, sizeof(s)),
	      nm(xt, "names6: connect() to [::1] with a sockaddr_in6"));
	len = sizeof(got);
	memset(&got, 0xff, sizeof(got));
	a = accept4(l, (struct sockaddr *)&got, &len, SOCK_CLOEXEC);
	XT_OK(a, nm(xt, "names6: accept4()"));
	XT_EQ(len, sizeof(struct sockaddr_in6),
	      nm(xt, "names6: accept4() peer, sockaddr_in6's length"));
	len = sizeof(cl);
	memset(&cl, 0, sizeof(cl));
	getsockname(c, (struct sockaddr *)&cl, &len);
	xt_report(got.sin6_family == AF_INET6 &&
		  got.sin6_port == cl.sin6_port &&
		  IN6_ARE_ADDR_EQUAL(&got.sin6_addr, &cl.sin6_addr) &&
		  IN6_IS_ADDR_LOOPBACK(&cl.sin6_addr),
		  nm(xt, "names6: accept4() peer is the client's name, [::1]"),
		  "peer %s (family %d), client %s",
		  name6(&got, b1, sizeof(b1)), got.sin6_family,
		  name6(&cl, b2, sizeof(b2)));
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	getpeername(c, (struct sockaddr *)&got, &len);
	xt_report(got.sin6_family == AF_INET6 && ntohs(got.sin6_port) == port &&
		  IN6_IS_ADDR_LOOPBACK(&got.sin6_addr),
		  nm(xt, "names6: getpeername() is [::1] and the server port"),
		  "%s (family %d)", name6(&got, b1, sizeof(b1)), got.sin6_family);
	XT_EQ(get_int(a, SOL_SOCKET, SO_DOMAIN), AF_INET6,
	      nm(xt, "names6: the accepted socket's SO_DOMAIN is AF_INET6"));
	XT_EQ(ping(c, a), 1, nm(xt, "names6: bytes both ways"));
	if (xt) {
		XT_EQ(proc_has("tcp6", port), 0,
		      "names6: /proc/net/tcp6 has no socket on the port (xtcp)");
		snprintf(b1, sizeof(b1), "[::1]:%d", port);
		name6(&cl, b2, sizeof(b2));
		xt_report(!xrow(b1, b2, st, sizeof(st)) &&
			  !strcmp(st, "ESTABLISHED"),
			  "names6: /proc/net/xtcp has [::1]:port to [::1]:client ESTABLISHED (xtcp)",
			  "row %s %s: %s", b1, b2, *st ? st : "(none)");
		*st = 0;
		xt_report(!xrow(b2, b1, st, sizeof(st)) &&
			  !strcmp(st, "ESTABLISHED"),
			  "names6: ... and the client's row, [::1] to [::1] (xtcp)",
			  "row %s %s: %s", b2, b1, *st ? st : "(none)");
	}
	close(a);
	close(c);
	close(l);

	/* inet6_bind(), tcp_v6_connect(): a sockaddr_in is not one. */
	fd = mk6(xt, SOCK_STREAM);
	XT_ERRNO(bind(fd, (struct sockaddr *)&s4, sizeof(s4)), EINVAL,
		 nm(xt, "names6: bind() of a sockaddr_in is EINVAL (too short)"));
	s.sin6_family = AF_INET;
	XT_ERRNO(bind(fd, (struct sockaddr *)&s, sizeof(s)), EAFNOSUPPORT,
		 nm(xt, "names6: bind() of family AF_INET is EAFNOSUPPORT"));
	XT_ERRNO(connect(fd, (struct sockaddr *)&s4, sizeof(s4)), EINVAL,
		 nm(xt, "names6: connect() to a sockaddr_in is EINVAL"));
	close(fd);
}

/*
 * 2c. Dual stack: a listener on [::] takes IPv4 clients, named v4-mapped
 * (::ffff:127.0.0.1) by accept() and getsockname(); IPV6_V6ONLY before
 * bind() makes it refuse them, and is EINVAL once bound; an IPv6 socket
 * connects to a v4-mapped address over IPv4. And the SOL_IPV6 options
 * servers set, as do_ipv6_setsockopt() takes them.
 */
static void test_dual(int xt, int port)
{
	struct sockaddr_in s4 = lo(port), n4;
	struct sockaddr_in6 got, m = sin6("::ffff:127.0.0.1", port + 2);
	char b1[64], b2[64];
	socklen_t len;
	int l, c, a, l4, v, one = 1;

	l = listener6(xt, "::", port, -1);
	XT_EQ(get_int(l, IPPROTO_IPV6, IPV6_V6ONLY), 0,
	      nm(xt, "dual: a listener on [::] is not IPV6_V6ONLY"));
	XT_EQ(set_int(l, IPPROTO_IPV6, IPV6_V6ONLY, 1), -EINVAL,
	      nm(xt, "dual: IPV6_V6ONLY once bound is EINVAL"));
	c = mk(xt, SOCK_STREAM);
	XT_OK(connect(c, (struct sockaddr *)&s4, sizeof(s4)),
	      nm(xt, "dual: an AF_INET client connects to [::]'s port"));
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	a = accept(l, (struct sockaddr *)&got, &len);
	XT_OK(a, nm(xt, "dual: the listener on [::] accepts it"));
	len = sizeof(n4);
	getsockname(c, (struct sockaddr *)&n4, &len);
	xt_report(got.sin6_family == AF_INET6 &&
		  IN6_IS_ADDR_V4MAPPED(&got.sin6_addr) &&
		  got.sin6_addr.s6_addr32[3] == htonl(INADDR_LOOPBACK) &&
		  got.sin6_port == n4.sin_port,
		  nm(xt, "dual: accept() names it [::ffff:127.0.0.1]:its port"),
		  "%s (family %d), client port %d", name6(&got, b1, sizeof(b1)),
		  got.sin6_family, ntohs(n4.sin_port));
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	getsockname(a, (struct sockaddr *)&got, &len);
	xt_report(got.sin6_family == AF_INET6 && len == sizeof(got) &&
		  IN6_IS_ADDR_V4MAPPED(&got.sin6_addr) &&
		  ntohs(got.sin6_port) == port,
		  nm(xt, "dual: the accepted socket's name is [::ffff:127.0.0.1]:port"),
		  "%s (family %d, length %u)", name6(&got, b1, sizeof(b1)),
		  got.sin6_family, len);
	XT_EQ(ping(c, a), 1, nm(xt, "dual: bytes both ways, IPv4 client"));
	if (xt) {
		XT_EQ(proc_has("tcp", port) || proc_has("tcp6", port), 0,
		      "dual: /proc/net/tcp and tcp6 have nothing on the port (xtcp)");
		xt_expect_state(port, ntohs(n4.sin_port), "ESTABLISHED",
				"dual: /proc/net/xtcp has the IPv4 client's connection (xtcp)");
	}
	close(a);
	close(c);
	c = mk6(xt, SOCK_STREAM);
	got = sin6("::1", port);
	XT_OK(connect(c, (struct sockaddr *)&got, sizeof(got)),
	      nm(xt, "dual: an AF_INET6 client connects to [::] too"));
	a = accept(l, NULL, NULL);
	XT_EQ(ping(c, a), 1, nm(xt, "dual: bytes both ways, IPv6 client"));
	close(a);
	close(c);
	close(l);

	/* v6-only: the IPv4 SYN finds no listener, and a reset. */
	l = listener6(xt, "::", port + 1, 1);
	XT_EQ(get_int(l, IPPROTO_IPV6, IPV6_V6ONLY), 1,
	      nm(xt, "v6only: IPV6_V6ONLY set before bind() reads back 1"));
	s4.sin_port = htons(port + 1);
	c = mk(xt, SOCK_STREAM);
	XT_ERRNO(connect(c, (struct sockaddr *)&s4, sizeof(s4)), ECONNREFUSED,
		 nm(xt, "v6only: an AF_INET client is refused"));
	close(c);
	c = mk6(xt, SOCK_STREAM);
	got = sin6("::1", port + 1);
	XT_OK(connect(c, (struct sockaddr *)&got, sizeof(got)),
	      nm(xt, "v6only: an AF_INET6 client connects"));
	a = accept(l, NULL, NULL);
	close(a);
	close(c);
	close(l);

	/* tcp_v6_connect() to a v4-mapped address: over IPv4. */
	l4 = listener(xt, port + 2);
	c = mk6(xt, SOCK_STREAM);
	XT_OK(connect(c, (struct sockaddr *)&m, sizeof(m)),
	      nm(xt, "mapped: AF_INET6 connect() to [::ffff:127.0.0.1], an AF_INET listener"));
	len = sizeof(n4);
	memset(&n4, 0, sizeof(n4));
	a = accept(l4, (struct sockaddr *)&n4, &len);
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	getsockname(c, (struct sockaddr *)&got, &len);
	xt_report(a >= 0 && n4.sin_family == AF_INET &&
		  n4.sin_port == got.sin6_port &&
		  IN6_IS_ADDR_V4MAPPED(&got.sin6_addr),
		  nm(xt, "mapped: the listener names it AF_INET, the client [::ffff:127.0.0.1]"),
		  "accept: family %d port %d; client %s", n4.sin_family,
		  ntohs(n4.sin_port), name6(&got, b2, sizeof(b2)));
	XT_EQ(ping(c, a), 1, nm(xt, "mapped: bytes both ways"));
	close(a);

	/* The options of a connected IPv6 socket that servers set. */
	XT_EQ(set_int(c, IPPROTO_IPV6, IPV6_TCLASS, 0x28), 0,
	      nm(xt, "opts6: IPV6_TCLASS"));
	XT_EQ(get_int(c, IPPROTO_IPV6, IPV6_TCLASS), 0x28,
	      nm(xt, "opts6: IPV6_TCLASS reads back"));
	XT_EQ(set_int(c, IPPROTO_IPV6, IPV6_TCLASS, 256), -EINVAL,
	      nm(xt, "opts6: IPV6_TCLASS 256 is EINVAL"));
	close(c);
	c = mk6(xt, SOCK_STREAM);
	XT_EQ(set_int(c, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 7), 0,
	      nm(xt, "opts6: IPV6_UNICAST_HOPS"));
	XT_EQ(get_int(c, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 7,
	      nm(xt, "opts6: IPV6_UNICAST_HOPS reads back"));
	XT_EQ(set_int(c, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO), 0,
	      nm(xt, "opts6: IPV6_MTU_DISCOVER"));
	XT_EQ(get_int(c, IPPROTO_IPV6, IPV6_MTU_DISCOVER), IPV6_PMTUDISC_DO,
	      nm(xt, "opts6: IPV6_MTU_DISCOVER reads back"));
	v = setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	XT_EQ(v, 0, nm(xt, "opts6: IPV6_V6ONLY before bind()"));
	XT_EQ(get_int(c, IPPROTO_IPV6, IPV6_V6ONLY), 1,
	      nm(xt, "opts6: IPV6_V6ONLY reads back"));
	close(c);
	close(l4);
}

/* 3. Options programs set, with Linux's limits and read-back values. */
static void test_options(int xt, int port)
{
	char ca[32];
	socklen_t len;
	int fd = mk(xt, SOCK_STREAM), c, a;

	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1), 0,
	      nm(xt, "opts: TCP_NODELAY"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_NODELAY), 1,
	      nm(xt, "opts: TCP_NODELAY reads back 1"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, 30), 0,
	      nm(xt, "opts: TCP_KEEPIDLE"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPIDLE), 30,
	      nm(xt, "opts: TCP_KEEPIDLE reads back"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, 0), -EINVAL,
	      nm(xt, "opts: TCP_KEEPIDLE 0 is EINVAL"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, 5), 0,
	      nm(xt, "opts: TCP_KEEPINTVL"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPINTVL), 5,
	      nm(xt, "opts: TCP_KEEPINTVL reads back"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_KEEPCNT, 3), 0,
	      nm(xt, "opts: TCP_KEEPCNT"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPCNT), 3,
	      nm(xt, "opts: TCP_KEEPCNT reads back"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_MAXSEG, 1200), 0,
	      nm(xt, "opts: TCP_MAXSEG"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_MAXSEG, 10), -EINVAL,
	      nm(xt, "opts: TCP_MAXSEG below 88 is EINVAL"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 5000), 0,
	      nm(xt, "opts: TCP_USER_TIMEOUT"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 5000,
	      nm(xt, "opts: TCP_USER_TIMEOUT reads back"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, -1), -EINVAL,
	      nm(xt, "opts: TCP_USER_TIMEOUT < 0 is EINVAL"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_CORK, 1), 0, nm(xt, "opts: TCP_CORK"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_CORK), 1,
	      nm(xt, "opts: TCP_CORK reads back 1"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_CORK, 0), 0,
	      nm(xt, "opts: TCP_CORK off"));
	/* secs_to_retrans(30) is 5 timeouts: 1+2+4+8+16 = 31 s. */
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, 30), 0,
	      nm(xt, "opts: TCP_DEFER_ACCEPT"));
	XT_EQ(get_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT), 31,
	      nm(xt, "opts: TCP_DEFER_ACCEPT 30 reads back 31"));
	XT_EQ(set_int(fd, IPPROTO_TCP, 9999, 1), -ENOPROTOOPT,
	      nm(xt, "opts: an unknown option is ENOPROTOOPT"));
	XT_EQ(set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1) == 0 &&
	      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, "", 1) == -1 &&
	      errno == EINVAL, 1, nm(xt, "opts: an int option too short is EINVAL"));
	/* tcp_set_congestion_control(): reno is always there. */
	XT_EQ(setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "reno", 4), 0,
	      nm(xt, "opts: TCP_CONGESTION reno"));
	len = sizeof(ca);
	memset(ca, 'x', sizeof(ca));
	XT_OK(getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, ca, &len),
	      nm(xt, "opts: TCP_CONGESTION read"));
	XT_EQ(len, 16, nm(xt, "opts: TCP_CONGESTION is TCP_CA_NAME_MAX long"));
	xt_report(!strcmp(ca, "reno"), nm(xt, "opts: TCP_CONGESTION reads reno"),
		  "got %.16s", ca);
	XT_ERRNO(setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "nosuchcc", 8),
		 ENOENT, nm(xt, "opts: an unknown congestion control is ENOENT"));
	close(fd);

	if (pair(xt, port, &c, &a))
		return;
	XT_EQ(get_int(c, IPPROTO_TCP, TCP_MAXSEG) > 0, 1,
	      nm(xt, "opts: TCP_MAXSEG of a connection"));
	/* __tcp_sock_set_quickack(): 0 enters pingpong, 1 leaves it. */
	XT_EQ(set_int(a, IPPROTO_TCP, TCP_QUICKACK, 0), 0,
	      nm(xt, "opts: TCP_QUICKACK 0"));
	XT_EQ(get_int(a, IPPROTO_TCP, TCP_QUICKACK), 0,
	      nm(xt, "opts: TCP_QUICKACK reads back 0"));
	XT_EQ(set_int(a, IPPROTO_TCP, TCP_QUICKACK, 1), 0,
	      nm(xt, "opts: TCP_QUICKACK 1"));
	XT_EQ(get_int(a, IPPROTO_TCP, TCP_QUICKACK), 1,
	      nm(xt, "opts: TCP_QUICKACK reads back 1"));
	close(c);
	close(a);
}

/* 4. TCP_INFO: Linux's struct tcp_info, as iperf3 reads it. */
static void test_info(int xt, int port)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	static char buf[256 << 10];
	int c, a, l, left;

	l = listener(xt, port + 1);
	memset(&ti, 0xff, sizeof(ti));
	XT_OK(getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &len),
	      nm(xt, "info: TCP_INFO of a listener"));
	XT_EQ(ti.tcpi_state, XTCP_LISTEN, nm(xt, "info: listener state"));
	XT_EQ(ti.tcpi_sacked, 8, nm(xt, "info: listener's backlog in tcpi_sacked"));
	close(l);
	if (pair(xt, port, &c, &a))
		return;
	len = sizeof(ti);
	memset(&ti, 0xff, sizeof(ti));
	XT_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len),
	      nm(xt, "info: TCP_INFO"));
	XT_EQ(len, sizeof(ti), nm(xt, "info: the whole struct tcp_info"));
	XT_EQ(ti.tcpi_state, XTCP_ESTABLISHED, nm(xt, "info: state"));
	XT_EQ(ti.tcpi_ca_state, TCP_CA_Open, nm(xt, "info: ca_state Open"));
	/* TCP_INIT_CWND: 10 segments. */
	XT_EQ(ti.tcpi_snd_cwnd, 10, nm(xt, "info: snd_cwnd 10 segments"));
	XT_EQ(ti.tcpi_snd_mss, get_int(c, IPPROTO_TCP, TCP_MAXSEG),
	      nm(xt, "info: snd_mss is TCP_MAXSEG"));
	XT_EQ(!!(ti.tcpi_options & TCPI_OPT_WSCALE), 1,
	      nm(xt, "info: window scaling on"));
	XT_EQ(ti.tcpi_rto >= 200000, 1, nm(xt, "info: rto >= TCP_RTO_MIN, us"));
	/* lo's MTU of 65536, capped at IP_MAX_MTU by ip_mtu(). */
	XT_EQ(ti.tcpi_pmtu, 65535, nm(xt, "info: pmtu is lo's, capped"));
	XT_EQ(ti.tcpi_total_retrans, 0, nm(xt, "info: no retransmissions"));
	XT_EQ(ti.tcpi_snd_ssthresh, INFINITE_SSTHRESH,
	      nm(xt, "info: ssthresh infinite before a loss"));
	/* Data both ways: RTT samples. */
	for (left = 4; left--;) {
		if (send(c, buf, sizeof(buf), 0) < 0)
			break;
		while (wait_bytes(a, 1000) > 0 &&
		       recv(a, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	}
	len = sizeof(ti);
	getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len);
	XT_EQ(ti.tcpi_rtt > 0, 1, nm(xt, "info: rtt after data"));
	XT_EQ(ti.tcpi_snd_wnd > 0, 1, nm(xt, "info: snd_wnd"));
	len = 8;
	XT_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len),
	      nm(xt, "info: a short buffer"));
	XT_EQ(len, 8, nm(xt, "info: ... gets its first bytes"));
	close(c);
	close(a);
}

/* 5. TCP_CORK and MSG_MORE hold a short segment; uncorking sends it. */
static void test_cork(int xt, int port)
{
	int c, a, n = 0;

	if (pair(xt, port, &c, &a))
		return;
	set_int(c, IPPROTO_TCP, TCP_NODELAY, 1);
	set_int(c, IPPROTO_TCP, TCP_CORK, 1);
	send(c, "0123456789", 10, 0);
	XT_EQ(wait_bytes(a, 60), 0, nm(xt, "cork: a short write is held"));
	ioctl(c, SIOCOUTQNSD, &n);
	XT_EQ(n, 10, nm(xt, "cork: SIOCOUTQNSD counts it unsent"));
	ioctl(c, SIOCOUTQ, &n);
	XT_EQ(n, 10, nm(xt, "cork: SIOCOUTQ counts it"));
	set_int(c, IPPROTO_TCP, TCP_CORK, 0);
	XT_EQ(wait_bytes(a, 2000), 10, nm(xt, "cork: uncorked, it goes"));
	recv(a, (char[16]){ 0 }, 16, 0);
	send(c, "abc", 3, MSG_MORE);
	XT_EQ(wait_bytes(a, 60), 0, nm(xt, "cork: MSG_MORE holds a short write"));
	send(c, "def", 3, 0);
	XT_EQ(wait_bytes(a, 2000), 6, nm(xt, "cork: the next write sends both"));
	close(c);
	close(a);
}

/* 6. SIOCINQ and SIOCOUTQ, as tcp_ioctl(). */
static void test_ioctl(int xt, int port)
{
	int c, a, l, n = -1, i;

	l = listener(xt, port + 1);
	XT_ERRNO(ioctl(l, SIOCINQ, &n), EINVAL,
		 nm(xt, "ioctl: SIOCINQ on a listener is EINVAL"));
	XT_ERRNO(ioctl(l, SIOCOUTQ, &n), EINVAL,
		 nm(xt, "ioctl: SIOCOUTQ on a listener is EINVAL"));
	close(l);
	if (pair(xt, port, &c, &a))
		return;
	send(c, (char[1000]){ 0 }, 1000, 0);
	shutdown(c, SHUT_WR);
	for (i = 0; i < 100 && n != 1000; i++) {
		usleep(10000);
		ioctl(a, SIOCINQ, &n);
	}
	XT_EQ(n, 1000, nm(xt, "ioctl: SIOCINQ counts the bytes, not the FIN"));
	for (i = 0; i < 100; i++) {
		ioctl(c, SIOCOUTQ, &n);
		if (!n)
			break;
		usleep(10000);
	}
	XT_EQ(n, 0, nm(xt, "ioctl: SIOCOUTQ 0 once all is acked"));
	XT_EQ(ioctl(a, FIONREAD, &n) == 0 && n == 1000, 1,
	      nm(xt, "ioctl: FIONREAD is SIOCINQ"));
	close(c);
	close(a);
}

/* 7. epoll, edge-triggered, with EPOLLRDHUP; EPOLLOUT's edge too. */
static void test_epoll(int xt, int port)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET },
			   out;
	static char buf[1 << 16];
	int c, a, ep = epoll_create1(0), n, sent = 0;

	if (pair(xt, port, &c, &a))
		return;
	fcntl(a, F_SETFL, O_NONBLOCK);
	fcntl(c, F_SETFL, O_NONBLOCK);
	epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
	send(c, "x", 1, 0);
	n = epoll_wait(ep, &out, 1, 2000);
	XT_EQ(n == 1 && (out.events & EPOLLIN), 1, nm(xt, "epoll: EPOLLIN"));
	XT_EQ(epoll_wait(ep, &out, 1, 100), 0,
	      nm(xt, "epoll: edge-triggered: not again while unread"));
	send(c, "y", 1, 0);
	n = epoll_wait(ep, &out, 1, 2000);
	XT_EQ(n == 1 && (out.events & EPOLLIN), 1,
	      nm(xt, "epoll: new data is a new edge"));
	shutdown(c, SHUT_WR);
	n = epoll_wait(ep, &out, 1, 2000);
	XT_EQ(n == 1 && (out.events & EPOLLRDHUP), 1,
	      nm(xt, "epoll: the FIN gives EPOLLRDHUP"));
	close(ep);

	/* Fill @a's send side, then wait for the edge of room. */
	ep = epoll_create1(0);
	ev.events = EPOLLOUT | EPOLLET;
	epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
	epoll_wait(ep, &out, 1, 100);
	while ((n = send(a, buf, sizeof(buf), 0)) > 0)
		sent += n;
	XT_EQ(n < 0 && errno == EAGAIN, 1, nm(xt, "epoll: send() fills to EAGAIN"));
	XT_EQ(epoll_wait(ep, &out, 1, 100), 0,
	      nm(xt, "epoll: no EPOLLOUT while full"));
	while (sent > 0 && wait_bytes(c, 1000) > 0)
		while ((n = recv(c, buf, sizeof(buf), 0)) > 0)
			sent -= n;
	n = epoll_wait(ep, &out, 1, 2000);
	XT_EQ(n == 1 && (out.events & EPOLLOUT), 1,
	      nm(xt, "epoll: EPOLLOUT's edge once the peer reads"));
	close(ep);
	close(c);
	close(a);
}

/* 8. sendfile() and splice() to the socket, splice() from it. */
static void test_sendfile(int xt, int port)
{
	unsigned char want[32], got[32];
	static unsigned char buf[1 << 16];
	const size_t size = 8 << 20;
	struct sha256 hs, hr;
	int c, a, f, p[2], status;
	size_t i, rcvd = 0;
	ssize_t n;
	off_t off = 0;

	f = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	if (f < 0 || pair(xt, port, &c, &a)) {
		xt_report(0, nm(xt, "sendfile: setup"), "%s", strerror(errno));
		return;
	}
	sha256_init(&hs);
	for (i = 0; i < size; i += sizeof(buf)) {
		for (n = 0; n < (ssize_t)sizeof(buf); n++)
			buf[n] = (i + n) * 2654435761u >> 13;
		sha256_update(&hs, buf, sizeof(buf));
		if (write(f, buf, sizeof(buf)) != sizeof(buf))
			return;
	}
	sha256_final(&hs, want);
	if (fork() == 0) {
		/* Half by sendfile(), half by splice() through a pipe. */
		while (off < (off_t)size / 2)
			if (sendfile(c, f, &off, size / 2 - off) <= 0)
				_exit(1);
		if (pipe(p))
			_exit(1);
		while (off < (off_t)size) {
			n = splice(f, &off, p[1], NULL, size - off, 0);
			if (n <= 0)
				_exit(2);
			while (n > 0) {
				ssize_t m = splice(p[0], NULL, c, NULL, n,
						   SPLICE_F_MORE);
				if (m <= 0)
					_exit(3);
				n -= m;
			}
		}
		shutdown(c, SHUT_WR);
		_exit(0);
	}
	close(c);
	/* The receiver: splice() out of the socket into a pipe. */
	sha256_init(&hr);
	if (pipe(p))
		return;
	while ((n = splice(a, NULL, p[1], NULL, sizeof(buf), 0)) > 0) {
		while (n > 0) {
			ssize_t m = read(p[0], buf, n);

			if (m <= 0)
				break;
			sha256_update(&hr, buf, m);
			rcvd += m;
			n -= m;
		}
	}
	sha256_final(&hr, got);
	wait(&status);
	close(f);
	XT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : 99, 0,
	      nm(xt, "sendfile: sendfile() and splice() to the socket"));
	XT_EQ(rcvd, size, nm(xt, "sendfile: splice() from the socket, all bytes"));
	XT_EQ(memcmp(want, got, 32), 0, nm(xt, "sendfile: SHA-256 matches"));
	close(a);
	close(p[0]);
	close(p[1]);
}

/* A packet socket on lo: what the namespace sends, for counting segments. */
static int tap_open(void)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = if_nametoindex("lo"),
	};
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * The segments with text from port @sport that @tap has seen, TCP's or
 * XTCP's (the same header). lo shows each twice, going out and coming
 * in: the outgoing copy is skipped.
 */
static int tap_count(int tap, int sport)
{
	unsigned char pkt[128];
	struct sockaddr_ll from;
	socklen_t fl;
	int n = 0;

	for (;;) {
		const struct iphdr *ip = (const void *)pkt;
		const struct tcphdr *th;
		ssize_t len;
		int text;

		fl = sizeof(from);
		len = recvfrom(tap, pkt, sizeof(pkt), MSG_DONTWAIT,
			       (struct sockaddr *)&from, &fl);
		if (len < 0)
			return n;
		if (from.sll_pkttype == PACKET_OUTGOING ||
		    len < (ssize_t)sizeof(*ip) || ip->version != 4 ||
		    (ip->protocol != IPPROTO_TCP &&
		     ip->protocol != IPPROTO_XTCP) ||
		    len < ip->ihl * 4 + (ssize_t)sizeof(*th))
			continue;
		th = (const void *)(pkt + ip->ihl * 4);
		text = ntohs(ip->tot_len) - ip->ihl * 4 - th->doff * 4;
		if (th->source == htons(sport) && text > 0)
			n++;
	}
}

/*
 * 9. A response as nginx sends one with "sendfile on; tcp_nopush on":
 * the header by writev() under TCP_CORK, the body by sendfile(), then
 * the cork off; and the same with MSG_MORE on the header instead. The
 * pages join the skb that holds the header (tcp_build_frag() in 6.1,
 * tcp_sendmsg_locked() with MSG_SPLICE_PAGES in 6.12: any tail skb short
 * of the size goal, tcp_skb_can_collapse_to()), and uncorking sends it
 * (__tcp_sock_set_cork(), tcp_push_pending_frames()): one segment per
 * response. A body in a segment of its own would be short, and Nagle
 * would hold it until the peer's delayed ACK of the header.
 */
static void test_coalesce(int xt, int port)
{
	static const char hdr[] = "HTTP/1.1 200 OK\r\n"
		"Server: nginx\r\nContent-Type: text/plain\r\n"
		"Content-Length: 16\r\nConnection: keep-alive\r\n"
		"Accept-Ranges: bytes\r\n\r\n";
	static const char body[] = "hello over xtcp\n";
	const size_t hlen = sizeof(hdr) - 1, blen = sizeof(body) - 1;
	const int rounds = 3;
	static const char *const what[2] = {
		"coalesce: corked header and sendfile() body",
		"coalesce: MSG_MORE header and sendfile() body",
	};
	int c, a, f, tap, mode, i, segs, bad = 0;
	char want[256], got[256], req[4], name[96];

	memcpy(want, hdr, hlen);
	memcpy(want + hlen, body, blen);
	f = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	tap = tap_open();
	if (f < 0 || tap < 0 || write(f, body, blen) != (ssize_t)blen ||
	    pair(xt, port, &c, &a)) {
		xt_report(0, nm(xt, "coalesce: setup"), "%s", strerror(errno));
		return;
	}
	for (mode = 0; mode < 2; mode++) {
		tap_count(tap, port);
		/* nginx has NODELAY on a kept-alive connection; Nagle's on. */
		set_int(a, IPPROTO_TCP, TCP_NODELAY, mode == 0);
		for (i = 0; i < rounds; i++) {
			struct iovec iov = { (void *)hdr, hlen };
			off_t off = 0;
			size_t have = 0;
			ssize_t n;

			/* The request, which acks the last response. */
			if (send(c, "GET", 3, 0) != 3 ||
			    recv(a, req, 3, MSG_WAITALL) != 3)
				bad = 1;
			if (mode == 0) {
				/* ngx_linux_sendfile_chain(): no NODELAY, cork */
				set_int(a, IPPROTO_TCP, TCP_NODELAY, 0);
				set_int(a, IPPROTO_TCP, TCP_CORK, 1);
				if (writev(a, &iov, 1) != (ssize_t)hlen)
					bad = 2;
			} else if (send(a, hdr, hlen, MSG_MORE) != (ssize_t)hlen) {
				bad = 2;
			}
			if (sendfile(a, f, &off, blen) != (ssize_t)blen)
				bad = 3;
			if (mode == 0)
				set_int(a, IPPROTO_TCP, TCP_CORK, 0);
			while (have < hlen + blen && wait_bytes(c, 2000) > 0) {
				n = recv(c, got + have, sizeof(got) - have, 0);
				if (n <= 0)
					break;
				have += n;
			}
			if (have != hlen + blen || memcmp(got, want, have))
				bad = 4;
		}
		segs = tap_count(tap, port);
		snprintf(name, sizeof(name), "%s arrive whole", what[mode]);
		xt_report(!bad, nm(xt, name), "step %d failed (1 request, "
			  "2 header, 3 sendfile, 4 the bytes read)", bad);
		snprintf(name, sizeof(name), "%s, one segment each", what[mode]);
		xt_report(segs == rounds, nm(xt, name),
			  "%d segments with text for %d responses", segs,
			  rounds);
	}
	close(tap);
	close(f);
	close(c);
	close(a);
}

/*
 * 10. TCP_USER_TIMEOUT: with every segment dropped, the connection ends
 * with ETIMEDOUT once data has waited that long (tcp_write_timeout()),
 * not after retries2's many minutes. In a netns of its own: netem drops
 * everything on lo.
 */
static void test_user_timeout(int xt, int port)
{
	int c, a, err = 0, status;
	long t0, dt;
	pid_t pid = fork();

	if (pid == 0) {
		if (unshare(CLONE_NEWNET) || xt_lo_up() || pair(xt, port, &c, &a))
			_exit(10);
		set_int(c, IPPROTO_TCP, TCP_USER_TIMEOUT, 1500);
		if (system("tc qdisc add dev lo root netem loss 100%"))
			_exit(11);
		t0 = xt_now_ms();
		send(c, "lost", 4, 0);
		struct pollfd p = { .fd = c, .events = POLLIN };

		poll(&p, 1, 8000);
		dt = xt_now_ms() - t0;
		socklen_t l = sizeof(err);

		getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &l);
		printf("# user_timeout (%s): error %d after %ld ms\n",
		       fam_name[xt], err, dt);
		_exit(err == ETIMEDOUT ? (dt >= 1000 && dt <= 5000 ? 0 : 2) : 1);
	}
	waitpid(pid, &status, 0);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 99;
	xt_report(!status, nm(xt, "user_timeout: ETIMEDOUT 1.5 s after the loss"),
		  "child exit %d (1: no ETIMEDOUT, 2: too early or late)",
		  status);
}

int main(void)
{
	long opens, passive;
	int xt;

	signal(SIGPIPE, SIG_IGN);
	alarm(400);	/* the debug kernel is slow */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "setup: a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	if (real_domain(socket(AF_INET, SOCK_STREAM, 0)) != xt_family()) {
		xt_report(0, "setup: run under xtcpize",
			  "socket() did not give XTCP");
		return xt_exit();
	}
	test_wrapper();
	opens = xt_stat("ActiveOpens");
	passive = xt_stat("PassiveOpens");
	for (xt = TCP; xt <= XT; xt++) {
		int base = 7000 + 100 * xt;

		test_names(xt, base + 1);
		test_options(xt, base + 10);
		test_info(xt, base + 20);
		test_cork(xt, base + 30);
		test_ioctl(xt, base + 40);
		test_epoll(xt, base + 50);
		test_sendfile(xt, base + 60);
		test_user_timeout(xt, base + 70);
		test_coalesce(xt, base + 80);
		if (have_v6) {
			test_names6(xt, base + 90);
			test_dual(xt, base + 93);
		}
	}
	/*
	 * Proof that the connections above were XTCP's: this netns's
	 * counters saw each one of the eight pairs (names, opts, info,
	 * cork, ioctl, epoll, sendfile, coalesce) open, and only those;
	 * with IPv6, five more pairs (names6; dual's IPv4 and IPv6
	 * clients, v6only's IPv6 one, mapped) and one connect() refused
	 * (v6only's IPv4 client).
	 */
	XT_EQ(xt_stat("ActiveOpens") - opens, have_v6 ? 14 : 8,
	      "proof: xtcp_stat ActiveOpens counts the XTCP connects");
	XT_EQ(xt_stat("PassiveOpens") - passive, have_v6 ? 13 : 8,
	      "proof: xtcp_stat PassiveOpens counts the accepts");
	return xt_exit();
}
