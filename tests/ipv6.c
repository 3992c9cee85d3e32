// SPDX-License-Identifier: GPL-2.0
/*
 * XTCP over IPv6 on loopback (::1), in a network namespace of its own:
 * socket(AF_XTCP, SOCK_STREAM, XTCPPROTO_XTCP6) and struct sockaddr_xtcp6.
 * The handshake, the byte stream, the four-way close into TIME_WAIT
 * (RFC 9293 3.6), half-close, a reset for a closed port, the names
 * sockets give, /proc/net/xtcp's [addr]:port rows, and bind()'s errnos
 * and port conflicts, as __inet6_bind() and inet_rcv_saddr_equal() have
 * them. Then link-local addresses across a veth pair between two network
 * namespaces (xa, xb), with Linux's TCP beside XTCP as the reference.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <net/if.h>
#include <netinet/in.h>
#include "xtcp_netns.h"

static int fam;

static struct sockaddr_xtcp6 addr6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = {
		.sxtcp6_family = (unsigned short)fam,
		.sxtcp6_port = htons(port),
	};

	inet_pton(AF_INET6, ip, &sx.sxtcp6_addr);
	return sx;
}

static int sock6(void)
{
	return socket(fam, SOCK_STREAM, XTCPPROTO_XTCP6);
}

static int listener6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = addr6(ip, port);
	struct timeval tv = { .tv_sec = 10 };
	int fd = sock6();

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, (struct sockaddr *)&sx, sizeof(sx)) || listen(fd, 16)) {
		perror("listener6");
		close(fd);
		return -1;
	}
	return fd;
}

static int connect6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = addr6(ip, port);
	int fd = sock6();

	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int port_of(int fd)
{
	struct sockaddr_xtcp6 sx;
	socklen_t len = sizeof(sx);

	if (getsockname(fd, (struct sockaddr *)&sx, &len))
		return -1;
	return ntohs(sx.sxtcp6_port);
}

static int port_of4(int fd)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);

	if (getsockname(fd, (struct sockaddr *)&sx, &len))
		return -1;
	return ntohs(sx.sxtcp_port);
}

/* The /proc/net/xtcp line for local port @lport and remote @rport. */
static int proc_line(int lport, int rport, char *out, size_t n)
{
	char line[256], local[64], remote[64];
	FILE *f = fopen("/proc/net/xtcp", "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %63s", local, remote) == 2 &&
		    xtcp_addr_port(local) == lport &&
		    xtcp_addr_port(remote) == rport) {
			snprintf(out, n, "%s", line);
			found = 1;
		}
	fclose(f);
	return found;
}

/* S1 over IPv6: handshake, text both ways, the names, a four-way close. */
static void test_s1(void)
{
	int l = listener6("::1", 7201), c, a, cp;
	struct sockaddr_xtcp6 sx;
	socklen_t len = sizeof(sx);
	char buf[64], line[256] = "", want[64];

	c = connect6("::1", 7201);
	XT_OK(c, "S1: connect() to [::1]:7201");
	a = accept(l, (struct sockaddr *)&sx, &len);
	XT_OK(a, "S1: accept()");
	cp = port_of(c);
	XT_EQ(len, sizeof(struct sockaddr_xtcp6),
	      "S1: accept() names the peer in a sockaddr_xtcp6");
	inet_ntop(AF_INET6, &sx.sxtcp6_addr, buf, sizeof(buf));
	xt_report(sx.sxtcp6_family == fam && !strcmp(buf, "::1") &&
		  ntohs(sx.sxtcp6_port) == cp,
		  "S1: accept()'s peer is AF_XTCP [::1]:<the client's port>",
		  "family %d, [%s]:%d, client port %d", sx.sxtcp6_family, buf,
		  ntohs(sx.sxtcp6_port), cp);
	len = sizeof(sx);
	XT_OK(getpeername(c, (struct sockaddr *)&sx, &len),
	      "S1: getpeername() of the client");
	inet_ntop(AF_INET6, &sx.sxtcp6_addr, buf, sizeof(buf));
	xt_report(len == sizeof(sx) && !strcmp(buf, "::1") &&
		  ntohs(sx.sxtcp6_port) == 7201,
		  "S1: the client's peer is [::1]:7201",
		  "len %u, [%s]:%d", len, buf, ntohs(sx.sxtcp6_port));
	xt_expect_state(cp, 7201, "ESTABLISHED", "S1: client ESTABLISHED");
	xt_expect_state(7201, cp, "ESTABLISHED", "S1: server ESTABLISHED");
	proc_line(cp, 7201, line, sizeof(line));
	snprintf(want, sizeof(want), "[::1]:%d ", cp);
	xt_report(!strncmp(line, want, strlen(want)) &&
		  strstr(line, "[::1]:7201 "),
		  "S1: /proc/net/xtcp shows [::1]:port on both ends",
		  "line: %s", line);

	XT_EQ(write(c, "hello over IPv6", 15), 15, "S1: client writes 15 bytes");
	XT_EQ(read(a, buf, sizeof(buf)), 15, "S1: server reads 15 bytes");
	xt_report(!memcmp(buf, "hello over IPv6", 15), "S1: the bytes are the same",
		  "got %.15s", buf);
	XT_EQ(write(a, "and back", 8), 8, "S1: server writes 8 bytes");
	XT_EQ(read(c, buf, sizeof(buf)), 8, "S1: client reads 8 bytes");

	/* RFC 9293 3.6: the side that closes first waits in TIME_WAIT. */
	close(c);
	msleep(50);
	xt_expect_state(cp, 7201, "FIN_WAIT_2", "S1: client FIN_WAIT_2");
	xt_expect_state(7201, cp, "CLOSE_WAIT", "S1: server CLOSE_WAIT");
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S1: server reads EOF");
	close(a);
	msleep(50);
	xt_expect_state(cp, 7201, "TIME_WAIT", "S1: client TIME_WAIT");
	xt_expect_state(7201, cp, "", "S1: server gone after LAST_ACK");
	line[0] = 0;
	proc_line(cp, 7201, line, sizeof(line));
	xt_report(!strncmp(line, want, strlen(want)),
		  "S1: the TIME_WAIT row has the IPv6 addresses",
		  "line: %s", line);
	close(l);
}

/* S3 over IPv6: half-close; the server still sends. */
static void test_half_close(void)
{
	int l = listener6("::", 7203), c, a, cp;
	char buf[16];

	c = connect6("::1", 7203);
	a = accept(l, NULL, NULL);
	cp = port_of(c);
	XT_OK(shutdown(c, SHUT_WR), "S3: client shutdown(SHUT_WR)");
	msleep(50);
	xt_expect_state(cp, 7203, "FIN_WAIT_2", "S3: client FIN_WAIT_2");
	xt_expect_state(7203, cp, "CLOSE_WAIT", "S3: server CLOSE_WAIT");
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S3: server reads EOF");
	XT_EQ(write(a, "late data", 9), 9, "S3: server writes in CLOSE_WAIT");
	XT_EQ(read(c, buf, sizeof(buf)), 9, "S3: client reads after SHUT_WR");
	close(a);
	close(c);
	close(l);
}

/* RFC 9293 3.10.7.1: a SYN to a closed port draws a reset. */
static void test_refused(void)
{
	long rst0 = xt_stat("OutRsts");
	struct sockaddr_xtcp6 sx = addr6("::1", 7299);
	int fd = sock6();

	XT_ERRNO(connect(fd, (struct sockaddr *)&sx, sizeof(sx)), ECONNREFUSED,
		 "connect() to a closed IPv6 port is ECONNREFUSED");
	xt_report(xt_stat("OutRsts") > rst0, "the reset came from XTCP",
		  "OutRsts %ld -> %ld", rst0, xt_stat("OutRsts"));
	close(fd);
}

static int connect4(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = xt_addr(fam, ip, port);
	int fd = socket(fam, SOCK_STREAM, 0);

	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A listener on [::] takes IPv4 clients too, named v4-mapped, unless it is
 * v6-only (IPV6_V6ONLY, net.ipv6.bindv6only): then an IPv4 SYN finds no
 * listener and draws a reset (__inet_lookup_listener()'s compute_score()
 * skips ipv6_only_sock()).
 */
static void test_dual_stack(void)
{
	int l = listener6("::", 7230), c4, c6, a, cp, one = 1;
	struct sockaddr_xtcp6 sx;
	socklen_t len = sizeof(sx);
	char buf[64], line[256] = "", want[64];

	c4 = connect4("127.0.0.1", 7230);
	XT_OK(c4, "dual: an IPv4 client connects to a listener on [::]");
	a = accept(l, (struct sockaddr *)&sx, &len);
	XT_OK(a, "dual: the listener accepts it");
	cp = port_of4(c4);
	inet_ntop(AF_INET6, &sx.sxtcp6_addr, buf, sizeof(buf));
	xt_report(len == sizeof(sx) && !strcmp(buf, "::ffff:127.0.0.1") &&
		  ntohs(sx.sxtcp6_port) == cp,
		  "dual: accept() names the IPv4 client ::ffff:127.0.0.1",
		  "len %u, [%s]:%d, client port %d", len, buf,
		  ntohs(sx.sxtcp6_port), cp);
	len = sizeof(sx);
	getpeername(a, (struct sockaddr *)&sx, &len);
	inet_ntop(AF_INET6, &sx.sxtcp6_addr, buf, sizeof(buf));
	xt_report(!strcmp(buf, "::ffff:127.0.0.1"),
		  "dual: getpeername() says ::ffff:127.0.0.1", "[%s]", buf);
	proc_line(7230, cp, line, sizeof(line));
	snprintf(want, sizeof(want), "[::ffff:127.0.0.1]:7230 ");
	xt_report(!strncmp(line, want, strlen(want)),
		  "dual: /proc/net/xtcp shows the accepted socket v4-mapped",
		  "line: %s", line);
	XT_EQ(write(c4, "v4 bytes", 8), 8, "dual: the IPv4 client writes");
	XT_EQ(read(a, buf, sizeof(buf)), 8, "dual: the IPv6 socket reads them");
	close(a);
	close(c4);
	c6 = connect6("::1", 7230);
	XT_OK(c6, "dual: an IPv6 client connects to the same listener");
	a = accept(l, NULL, NULL);
	XT_OK(a, "dual: the listener accepts it too");
	close(a);
	close(c6);
	XT_ERRNO(setsockopt(l, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one)), EINVAL,
		 "IPV6_V6ONLY once bound is EINVAL");
	close(l);

	l = sock6();
	XT_OK(setsockopt(l, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one)),
	      "IPV6_V6ONLY before bind()");
	sx = addr6("::", 7231);
	bind(l, (struct sockaddr *)&sx, sizeof(sx));
	listen(l, 4);
	errno = 0;
	c4 = connect4("127.0.0.1", 7231);
	xt_report(c4 < 0 && errno == ECONNREFUSED,
		  "v6-only: an IPv4 client is refused", "fd %d, errno %d (%s)",
		  c4, errno, strerror(errno));
	c6 = connect6("::1", 7231);
	XT_OK(c6, "v6-only: an IPv6 client connects");
	close(c6);
	close(l);
}

/* connect() to a v4-mapped address goes over IPv4 (tcp_v6_connect()). */
static void test_connect_mapped(void)
{
	struct sockaddr_xtcp v4 = xt_addr(fam, "127.0.0.1", 7232);
	struct sockaddr_xtcp6 sx = addr6("::ffff:127.0.0.1", 7232);
	int l = socket(fam, SOCK_STREAM, 0), c, a, one = 1;
	socklen_t len = sizeof(sx);
	char buf[64];

	bind(l, (struct sockaddr *)&v4, sizeof(v4));
	listen(l, 4);
	c = sock6();
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "an IPv6 socket connects to ::ffff:127.0.0.1, an IPv4 listener");
	a = accept(l, NULL, NULL);
	XT_OK(a, "the IPv4 listener accepts it");
	getpeername(c, (struct sockaddr *)&sx, &len);
	inet_ntop(AF_INET6, &sx.sxtcp6_addr, buf, sizeof(buf));
	xt_report(!strcmp(buf, "::ffff:127.0.0.1") && ntohs(sx.sxtcp6_port) == 7232,
		  "its peer is [::ffff:127.0.0.1]:7232", "[%s]:%d", buf,
		  ntohs(sx.sxtcp6_port));
	XT_EQ(write(a, "back", 4), 4, "the IPv4 side writes");
	XT_EQ(read(c, buf, sizeof(buf)), 4, "the IPv6 socket reads");
	close(a);
	close(c);
	c = sock6();
	setsockopt(c, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	sx = addr6("::ffff:127.0.0.1", 7232);
	XT_ERRNO(connect(c, (struct sockaddr *)&sx, sizeof(sx)), ENETUNREACH,
		 "a v6-only socket's connect() to a v4-mapped address is ENETUNREACH");
	close(c);
	close(l);
}

static int get_int(int fd, int opt, int *val)
{
	socklen_t len = sizeof(*val);

	return getsockopt(fd, SOL_IPV6, opt, val, &len);
}

/* The IPV6_* options of a stream socket, with do_ipv6_setsockopt()'s checks. */
static void test_options(void)
{
	int fd = sock6(), v4 = socket(fam, SOCK_STREAM, 0), l, c, val;
	struct sockaddr_xtcp6 sx = addr6("::1", 7233);

	val = 0x28;
	XT_OK(setsockopt(fd, SOL_IPV6, IPV6_TCLASS, &val, sizeof(val)),
	      "IPV6_TCLASS 0x28");
	xt_report(!get_int(fd, IPV6_TCLASS, &val) && val == 0x28,
		  "IPV6_TCLASS reads back 0x28", "%d", val);
	val = -1;
	setsockopt(fd, SOL_IPV6, IPV6_TCLASS, &val, sizeof(val));
	xt_report(!get_int(fd, IPV6_TCLASS, &val) && val == 0,
		  "IPV6_TCLASS -1 is the default, 0", "%d", val);
	val = 256;
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_TCLASS, &val, sizeof(val)), EINVAL,
		 "IPV6_TCLASS 256 is EINVAL");
	val = 7;
	XT_OK(setsockopt(fd, SOL_IPV6, IPV6_UNICAST_HOPS, &val, sizeof(val)),
	      "IPV6_UNICAST_HOPS 7");
	xt_report(!get_int(fd, IPV6_UNICAST_HOPS, &val) && val == 7,
		  "IPV6_UNICAST_HOPS reads back 7", "%d", val);
	val = 256;
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_UNICAST_HOPS, &val, sizeof(val)),
		 EINVAL, "IPV6_UNICAST_HOPS 256 is EINVAL");
	val = IPV6_PMTUDISC_OMIT + 1;
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_MTU_DISCOVER, &val, sizeof(val)),
		 EINVAL, "IPV6_MTU_DISCOVER past IPV6_PMTUDISC_OMIT is EINVAL");
	val = IPV6_PMTUDISC_DO;
	XT_OK(setsockopt(fd, SOL_IPV6, IPV6_MTU_DISCOVER, &val, sizeof(val)),
	      "IPV6_MTU_DISCOVER IPV6_PMTUDISC_DO");
	xt_report(!get_int(fd, IPV6_MTU_DISCOVER, &val) && val == IPV6_PMTUDISC_DO,
		  "IPV6_MTU_DISCOVER reads back", "%d", val);
	val = 1000;
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_MTU, &val, sizeof(val)), EINVAL,
		 "IPV6_MTU below 1280 is EINVAL");
	XT_ERRNO(get_int(fd, IPV6_MTU, &val), ENOTCONN,
		 "IPV6_MTU before connect() is ENOTCONN");
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_V6ONLY, &val, 3), EINVAL,
		 "an IPV6_* option 3 bytes long is EINVAL");
	XT_ERRNO(setsockopt(fd, SOL_IPV6, IPV6_RECVPKTINFO, &val, sizeof(val)),
		 ENOPROTOOPT, "IPV6_RECVPKTINFO is ENOPROTOOPT");
	XT_ERRNO(setsockopt(v4, SOL_IPV6, IPV6_TCLASS, &val, sizeof(val)),
		 ENOPROTOOPT, "an IPv4 socket's IPV6_TCLASS is ENOPROTOOPT");
	l = listener6("::1", 7233);
	c = sock6();
	connect(c, (struct sockaddr *)&sx, sizeof(sx));
	xt_report(!get_int(c, IPV6_MTU, &val) && val == 65536,
		  "IPV6_MTU of a connection over lo is lo's MTU, 65536",
		  "%d (%s)", val, strerror(errno));
	close(c);
	close(l);
	close(fd);
	close(v4);
}

/* bind()'s errnos, as __inet6_bind() returns them. */
static void test_bind_errors(void)
{
	struct sockaddr_xtcp6 sx = addr6("::1", 7210);
	struct sockaddr_xtcp v4 = xt_addr(fam, "127.0.0.1", 7210);
	int fd = sock6();

	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, 23), EINVAL,
		 "bind() with 23 bytes (< SIN6_LEN_RFC2133) is EINVAL");
	sx.sxtcp6_family = AF_INET;
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EAFNOSUPPORT,
		 "bind() of family AF_INET is EAFNOSUPPORT");
	XT_ERRNO(bind(fd, (struct sockaddr *)&v4, sizeof(v4)), EINVAL,
		 "bind() of a sockaddr_xtcp (16 bytes) is EINVAL");
	sx = addr6("2001:db8::99", 7210);
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EADDRNOTAVAIL,
		 "bind() to an address not here is EADDRNOTAVAIL");
	sx = addr6("fe80::1", 7210);
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EINVAL,
		 "bind() to a link-local address with no scope is EINVAL");
	sx = addr6("::1", 7210);
	XT_OK(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), "bind() to [::1]:7210");
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EINVAL,
		 "a second bind() is EINVAL");
	close(fd);
}

static int bind4(unsigned short port)
{
	struct sockaddr_xtcp v4 = xt_addr(fam, "0.0.0.0", port);
	int fd = socket(fam, SOCK_STREAM, 0);

	if (bind(fd, (struct sockaddr *)&v4, sizeof(v4))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int bind6(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp6 sx = addr6(ip, port);
	int fd = sock6();

	if (bind(fd, (struct sockaddr *)&sx, sizeof(sx))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(val, f);
	return fclose(f);
}

/*
 * Port sharing across versions, as inet_rcv_saddr_equal(): [::] covers
 * every IPv4 address unless the socket is v6-only (net.ipv6.bindv6only
 * makes new sockets so); [::1] covers none.
 */
static void test_bind_conflicts(void)
{
	int a, b;

	a = bind6("::", 7220);
	errno = 0;
	b = bind4(7220);
	xt_report(a >= 0 && b < 0 && errno == EADDRINUSE,
		  "[::]:7220 then 0.0.0.0:7220: EADDRINUSE",
		  "fds %d %d, errno %d", a, b, errno);
	close(a);
	close(b);
	a = bind4(7221);
	errno = 0;
	b = bind6("::", 7221);
	xt_report(a >= 0 && b < 0 && errno == EADDRINUSE,
		  "0.0.0.0:7221 then [::]:7221: EADDRINUSE",
		  "fds %d %d, errno %d", a, b, errno);
	close(a);
	close(b);
	a = bind6("::1", 7222);
	b = bind4(7222);
	xt_report(a >= 0 && b >= 0, "[::1]:7222 and 0.0.0.0:7222 share the port",
		  "fds %d %d, errno %d", a, b, errno);
	close(a);
	close(b);
	a = bind6("::1", 7223);
	errno = 0;
	b = bind6("::", 7223);
	xt_report(a >= 0 && b < 0 && errno == EADDRINUSE,
		  "[::1]:7223 then [::]:7223: EADDRINUSE",
		  "fds %d %d, errno %d", a, b, errno);
	close(a);
	close(b);
	if (write_file("/proc/sys/net/ipv6/bindv6only", "1")) {
		xt_report(0, "net.ipv6.bindv6only can be set", "%s", strerror(errno));
		return;
	}
	a = bind6("::", 7224);
	b = bind4(7224);
	xt_report(a >= 0 && b >= 0,
		  "with bindv6only, [::]:7224 and 0.0.0.0:7224 share the port",
		  "fds %d %d, errno %d", a, b, errno);
	close(a);
	close(b);
	write_file("/proc/sys/net/ipv6/bindv6only", "0");
}

/*
 * Link-local addresses: the kernel's own fe80::/64 address on va (in xa) and
 * vb (in xb), each meaningful on its link only, so a sockaddr names the
 * interface with sin6_scope_id. Each check runs over Linux's TCP first
 * (AF_INET6, the reference), then over XTCP.
 */
static char ll_a[INET6_ADDRSTRLEN], ll_b[INET6_ADDRSTRLEN];
static unsigned int ll_ia, ll_ib;	/* ifindex of va in xa, of vb in xb */
static const char *ll_st;		/* "TCP" or "XTCP" */
static int ll_tcp;
static char ll_nm[200];

#define LLN(...) (snprintf(ll_nm, sizeof(ll_nm), "%s: ", ll_st), \
		  snprintf(ll_nm + strlen(ll_nm), \
			   sizeof(ll_nm) - strlen(ll_nm), __VA_ARGS__), ll_nm)

static int ll_socket(void)
{
	return ll_tcp ? socket(AF_INET6, SOCK_STREAM, 0) : sock6();
}

/* sockaddr_xtcp6 is sockaddr_in6's layout: one for both stacks. */
static struct sockaddr_in6 ll_addr(const char *ip, int port,
				   unsigned int scope)
{
	struct sockaddr_in6 sa = {
		.sin6_family = ll_tcp ? AF_INET6 : fam,
		.sin6_port = htons(port),
		.sin6_scope_id = scope,
	};

	inet_pton(AF_INET6, ip, &sa.sin6_addr);
	return sa;
}

/* In netns @ns, the link-local address of @dev once DAD is done with it. */
static int ll_addr_of(const char *ns, const char *dev, char *out)
{
	char cmd[128], line[256], *p;
	int i, found = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "ip -n %s -6 -o addr show dev %s scope link -tentative", ns,
		 dev);
	for (i = 0; i < 100 && !found; i++) {
		f = popen(cmd, "r");
		while (f && !found && fgets(line, sizeof(line), f)) {
			p = strstr(line, "inet6 fe80:");
			if (p && sscanf(p + 6, "%45[0-9a-f:]", out) == 1)
				found = 1;
		}
		if (f)
			pclose(f);
		if (!found)
			msleep(50);
	}
	return found ? 0 : -1;
}

/* connect() within @ms: 0, or -1 with errno, ETIMEDOUT if no answer. */
static int ll_connect(int fd, const struct sockaddr_in6 *sa, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int fl = fcntl(fd, F_GETFL), err = 0;
	socklen_t len = sizeof(err);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) &&
	    errno != EINPROGRESS)
		return -1;
	if (poll(&p, 1, ms) != 1) {
		errno = ETIMEDOUT;
		return -1;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	fcntl(fd, F_SETFL, fl);
	errno = err;
	return err ? -1 : 0;
}

/* A listener on [::]:@port in netns xa; on device @dev if not NULL. */
static int ll_listener(int port, const char *dev)
{
	struct sockaddr_in6 sa = ll_addr("::", port, 0);
	struct timeval tv = { .tv_sec = 3 };
	int fd;

	enter("xa");
	fd = ll_socket();
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1))
		perror("SO_BINDTODEVICE");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 8)) {
		perror("ll_listener");
		close(fd);
		return -1;
	}
	return fd;
}

/* Does @sa name [@ip%@scope]:@port? Its text in @got either way. */
static int ll_is(const struct sockaddr_in6 *sa, socklen_t len, const char *ip,
		 int port, unsigned int scope, char *got, size_t n)
{
	char buf[INET6_ADDRSTRLEN] = "";

	inet_ntop(AF_INET6, &sa->sin6_addr, buf, sizeof(buf));
	snprintf(got, n, "len %u, family %d, [%s%%%u]:%d", len,
		 sa->sin6_family, buf, sa->sin6_scope_id, ntohs(sa->sin6_port));
	return len == sizeof(*sa) && !strcmp(buf, ip) &&
	       sa->sin6_scope_id == scope && ntohs(sa->sin6_port) == port;
}

/* getpeername() (@peer) or getsockname() of @fd is [@ip%@scope]:@port. */
static void ll_name(int fd, int peer, const char *ip, int port,
		    unsigned int scope, const char *what)
{
	struct sockaddr_in6 sa = {};
	socklen_t len = sizeof(sa);
	char got[128];

	if (peer)
		getpeername(fd, (struct sockaddr *)&sa, &len);
	else
		getsockname(fd, (struct sockaddr *)&sa, &len);
	xt_report(ll_is(&sa, len, ip, port, scope, got, sizeof(got)),
		  LLN("%s is [%s%%%u]:%d", what, ip, scope, port), "%s", got);
}

/* Read exactly @n bytes, or fewer if the peer stops. */
static size_t ll_read(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n && (r = read(fd, buf + got, n - got)) > 0)
		got += r;
	return got;
}

/* 64 KiB from @from to @to, in 4 KiB writes each read at once: exact? */
static int ll_bytes(int from, int to, unsigned int seed)
{
	unsigned char out[4096], in[4096];
	struct timeval tv = { .tv_sec = 3 };
	int i, k, ok = 1;

	setsockopt(to, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (i = 0; i < 16 && ok; i++) {
		for (k = 0; k < (int)sizeof(out); k++)
			out[k] = (unsigned char)(seed + i * 7 + k * 13);
		ok = write(from, out, sizeof(out)) == sizeof(out) &&
		     ll_read(to, in, sizeof(in)) == sizeof(in) &&
		     !memcmp(in, out, sizeof(in));
	}
	return ok;
}

/*
 * A client in xb connects to [ll_a%vb]:@port, a listener in xa on [::]
 * bound to no device: the SYN+ACK and the child must take the interface
 * the SYN came in on (tcp_v6_init_req(), tcp_v6_syn_recv_sock()).
 */
static void ll_connection(int port, int names)
{
	struct sockaddr_in6 sa = ll_addr(ll_a, port, ll_ib);
	int l = ll_listener(port, NULL), c, a, cp, ok;
	char line[256] = "", want[96], got[128];
	socklen_t len = sizeof(sa);

	enter("xb");
	c = ll_socket();
	XT_OK(ll_connect(c, &sa, 3000),
	      LLN("connect() to [%s%%vb]:%d, a listener on [::]", ll_a, port));
	enter("xa");
	memset(&sa, 0, sizeof(sa));
	a = accept(l, (struct sockaddr *)&sa, &len);
	XT_OK(a, LLN("accept() on [::]:%d", port));
	cp = port_of(c);
	xt_report(ll_is(&sa, len, ll_b, cp, ll_ia, got, sizeof(got)),
		  LLN("accept() names the peer [%s%%%u]:%d, scope va's ifindex",
		      ll_b, ll_ia, cp), "%s", got);
	if (a >= 0 && names) {
		ll_name(a, 1, ll_b, cp, ll_ia, "the accepted socket's peer");
		ll_name(a, 0, ll_a, port, ll_ia, "the accepted socket's name");
		ll_name(c, 1, ll_a, port, ll_ib, "the client's peer");
		ll_name(c, 0, ll_b, cp, ll_ib, "the client's name");
		ok = ll_bytes(c, a, 1) && ll_bytes(a, c, 2);
		xt_report(ok, LLN("64 KiB each way, exact"), "%s",
			  strerror(errno));
		if (!ll_tcp) {
			proc_line(port, cp, line, sizeof(line));
			snprintf(want, sizeof(want), "[%s]:%d ", ll_a, port);
			xt_report(!strncmp(line, want, strlen(want)),
				  LLN("/proc/net/xtcp in xa has the row %s",
				      want), "line: %s", line);
			enter("xb");
			line[0] = 0;
			proc_line(cp, port, line, sizeof(line));
			snprintf(want, sizeof(want), "[%s]:%d ", ll_b, cp);
			xt_report(!strncmp(line, want, strlen(want)),
				  LLN("/proc/net/xtcp in xb has the row %s",
				      want), "line: %s", line);
		}
	}
	close(c);
	if (a >= 0)
		close(a);
	close(l);
}

/* Connect from xb to [ll_a%vb]:@port: refused within 2 s? */
static void ll_refused(int port, const char *what)
{
	struct sockaddr_in6 sa = ll_addr(ll_a, port, ll_ib);
	long t0;
	int c, r, e;

	enter("xb");
	c = ll_socket();
	t0 = xt_now_ms();
	r = ll_connect(c, &sa, 2000);
	e = errno;
	xt_report(r < 0 && e == ECONNREFUSED,
		  LLN("connect() to [%s%%vb]:%d, %s: ECONNREFUSED within 2 s",
		      ll_a, port, what),
		  "ret %d, errno %d (%s) after %ld ms", r, e, strerror(e),
		  xt_now_ms() - t0);
	close(c);
}

static void ll_checks(int decoy)
{
	struct sockaddr_in6 sa = ll_addr(ll_a, 7241, 0);
	int base = decoy ? 7250 : 7240, l, c;

	if (!decoy) {
		ll_connection(base, 1);
		/* tcp_v6_connect(): a link-local peer needs an interface. */
		enter("xb");
		c = ll_socket();
		XT_ERRNO(connect(c, (struct sockaddr *)&sa, sizeof(sa)), EINVAL,
			 LLN("connect() to %s with scope 0, no device: EINVAL",
			     ll_a));
		close(c);
		ll_refused(base + 9, "a closed port");
		return;
	}
	ll_connection(base, 0);
	ll_refused(base + 9, "a closed port");
	/*
	 * A listener bound to vx is not on the client's link: no listener,
	 * a reset (compute_score()'s inet_sk_bound_dev_eq()).
	 */
	l = ll_listener(base + 1, "vx");
	ll_refused(base + 1, "a listener bound to another device");
	close(l);
}

static void test_link_local(void)
{
	static const char *const stacks[] = { "TCP", "XTCP" };
	int i;

	netns_del();
	sh("ip netns add xa && ip netns add xb");
	/* No duplicate address detection: the addresses are usable at once. */
	sh("for n in xa xb; do for c in all default; do ip netns exec $n sh -c "
	   "\"echo 0 > /proc/sys/net/ipv6/conf/$c/accept_dad\"; done; done");
	/* va's ifindex is not vb's: each side's scope ID is its own. */
	sh("ip link add va index 7 netns xa type veth peer name vb netns xb");
	sh("ip -n xa link set lo up && ip -n xb link set lo up");
	sh("ip -n xa link set va up && ip -n xb link set vb up");
	if (ll_addr_of("xa", "va", ll_a) || ll_addr_of("xb", "vb", ll_b)) {
		xt_report(0, "link-local addresses on va and vb", "none");
		return;
	}
	enter("xa");
	ll_ia = if_nametoindex("va");
	enter("xb");
	ll_ib = if_nametoindex("vb");
	printf("# xa: va %s, ifindex %u; xb: vb %s, ifindex %u\n", ll_a, ll_ia,
	       ll_b, ll_ib);
	for (i = 0; i < 2; i++) {
		ll_st = stacks[i];
		ll_tcp = i == 0;
		ll_checks(0);
	}
	/*
	 * Another link in xa whose fe80::/64 route comes first (metric 1),
	 * as a host with several interfaces has: a reply routed by address
	 * alone leaves by vx and never reaches xb.
	 */
	sh("ip -n xa link add vx type veth peer name vy");
	sh("ip -n xa link set vx up && ip -n xa link set vy up");
	sh("ip -n xa -6 route add fe80::/64 dev vx metric 1");
	for (i = 0; i < 2; i++) {
		ll_st = stacks[i];
		ll_tcp = i == 0;
		ll_checks(1);
	}
}

int main(void)
{
	fam = xt_family();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	/* lo's ::1 is there once lo is up (no DAD on loopback). */
	xt_run_group("S1 over IPv6", test_s1, 60);
	xt_run_group("S3 over IPv6", test_half_close, 60);
	xt_run_group("reset over IPv6", test_refused, 60);
	xt_run_group("bind() errnos", test_bind_errors, 60);
	xt_run_group("bind() conflicts", test_bind_conflicts, 60);
	xt_run_group("dual stack", test_dual_stack, 60);
	xt_run_group("connect() v4-mapped", test_connect_mapped, 60);
	xt_run_group("IPV6_* options", test_options, 60);
	xt_run_group("link-local scope IDs", test_link_local, 120);
	netns_del();
	return xt_exit();
}
