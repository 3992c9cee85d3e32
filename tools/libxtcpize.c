// SPDX-License-Identifier: GPL-2.0
/*
 * libxtcpize.so: loaded with LD_PRELOAD (xtcpize run), it turns the TCP
 * sockets a program opens into XTCP sockets. socket(AF_INET, SOCK_STREAM,
 * 0 or IPPROTO_TCP) becomes socket(family, SOCK_STREAM, IPPROTO_TCP),
 * family being the module's (/sys/module/xtcp/parameters/family), and
 * socket(AF_INET6, SOCK_STREAM, 0 or IPPROTO_TCP) becomes socket(family,
 * SOCK_STREAM, XTCPPROTO_TCP6). Those protocols ask the module for a
 * socket that passes for TCP's: it takes AF_INET (AF_INET6) sockaddrs,
 * names itself AF_INET (AF_INET6, v4-mapped for an IPv4 peer of a
 * dual-stack socket), and takes IPPROTO_TCP options and the SOL_IPV6 ones
 * a stream socket uses, so nothing else needs wrapping here
 * (Documentation/usage.rst).
 *
 * The kernel answers SO_DOMAIN and SO_PROTOCOL from the socket's own
 * family and protocol, before the module sees the call: getsockopt() is
 * wrapped for those two only.
 *
 * A module without IPv6 refuses XTCPPROTO_TCP6 (EPROTONOSUPPORT): the
 * AF_INET6 socket() then fails with EAFNOSUPPORT, as on a kernel without
 * IPv6, so that a program falls back to IPv4 (over XTCP) rather than
 * to TCP; the first such failure in a process draws one warning.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/xtcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define XTCPIZE_DEFAULT_FAMILY	AF_XTCP

static int (*real_socket)(int, int, int);
static int (*real_getsockopt)(int, int, int, void *, socklen_t *);
static int xtcp_family;
static pid_t warned_v6, warned_fail;

static void say(const char *msg)
{
	ssize_t r = write(STDERR_FILENO, msg, strlen(msg));

	(void)r;
}

/* The module's family, read once; 22 if the module is not loaded yet. */
static int family(void)
{
	int fam = __atomic_load_n(&xtcp_family, __ATOMIC_RELAXED);
	char buf[16];
	ssize_t n;
	int fd;

	if (fam)
		return fam;
	fam = XTCPIZE_DEFAULT_FAMILY;
	fd = open("/sys/module/xtcp/parameters/family", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n > 0) {
			buf[n] = 0;
			fam = atoi(buf) > 0 ? atoi(buf) : fam;
		}
		close(fd);
	}
	__atomic_store_n(&xtcp_family, fam, __ATOMIC_RELAXED);
	return fam;
}

/* True once in each process (a forked child warns again). */
static int first_in_process(pid_t *who)
{
	pid_t me = getpid();

	return __atomic_exchange_n(who, me, __ATOMIC_RELAXED) != me;
}

static int is_stream(int type)
{
	return (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) == SOCK_STREAM;
}

static int is_tcp(int domain, int type, int protocol)
{
	return (domain == AF_INET || domain == AF_INET6) && is_stream(type) &&
	       (protocol == 0 || protocol == IPPROTO_TCP);
}

int socket(int domain, int type, int protocol)
{
	int fd, err;

	if (!real_socket)
		real_socket = dlsym(RTLD_NEXT, "socket");
	if (!is_tcp(domain, type, protocol))
		return real_socket(domain, type, protocol);
	fd = real_socket(family(), type, domain == AF_INET6 ?
			 XTCPPROTO_TCP6 : IPPROTO_TCP);
	err = errno;
	/* No TCP behind the user's back: the call fails. */
	if (fd < 0 && err == EAFNOSUPPORT && !getenv("XTCPIZE_QUIET") &&
	    first_in_process(&warned_fail))
		say("xtcpize: no XTCP socket: is xtcp.ko loaded?\n");
	/* A module without IPv6: as a kernel without it, EAFNOSUPPORT. */
	if (fd < 0 && err == EPROTONOSUPPORT && domain == AF_INET6) {
		if (!getenv("XTCPIZE_QUIET") && first_in_process(&warned_v6))
			say("xtcpize: this xtcp.ko has no IPv6: AF_INET6 stream sockets fail\n");
		err = EAFNOSUPPORT;
	}
	errno = err;
	return fd;
}

/* SO_DOMAIN and SO_PROTOCOL of a socket that passes for TCP's. */
int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct sockaddr_storage ss;
	socklen_t slen = sizeof(ss);
	int ret, *v = val;

	if (!real_getsockopt)
		real_getsockopt = dlsym(RTLD_NEXT, "getsockopt");
	ret = real_getsockopt(fd, level, name, val, len);
	if (ret || level != SOL_SOCKET || *len != sizeof(int) ||
	    (name != SO_DOMAIN && name != SO_PROTOCOL))
		return ret;
	if (name == SO_DOMAIN && *v != family())
		return ret;
	if (name == SO_PROTOCOL && *v == IPPROTO_TCP)
		return ret;
	/*
	 * Only the module's sockets made with IPPROTO_TCP or XTCPPROTO_TCP6
	 * name as AF_INET or AF_INET6.
	 */
	if (getsockname(fd, (struct sockaddr *)&ss, &slen) ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return ret;
	if (name == SO_PROTOCOL) {
		int d, dlen = sizeof(d);

		if (real_getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d,
				    (socklen_t *)&dlen) || d != family())
			return ret;
	}
	*v = name == SO_DOMAIN ? ss.ss_family : IPPROTO_TCP;
	return ret;
}
