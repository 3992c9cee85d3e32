// SPDX-License-Identifier: GPL-2.0
/*
 * libxtcpize.so: loaded with LD_PRELOAD (xtcpize run), it turns the TCP
 * sockets a program opens into XTCP sockets. socket(AF_INET, SOCK_STREAM,
 * 0 or IPPROTO_TCP) becomes socket(family, SOCK_STREAM, IPPROTO_TCP),
 * family being the module's (/sys/module/xtcp/parameters/family).
 * IPPROTO_TCP asks the module for a socket that passes for TCP's: it takes
 * AF_INET sockaddrs, names itself AF_INET, and takes IPPROTO_TCP options,
 * so nothing else needs wrapping here (Documentation/usage.rst).
 *
 * The kernel answers SO_DOMAIN and SO_PROTOCOL from the socket's own
 * family and protocol, before the module sees the call: getsockopt() is
 * wrapped for those two only.
 *
 * AF_INET6 stream sockets stay TCP (XTCP has no IPv6 yet); the first one a
 * process opens draws one warning on stderr.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define XTCPIZE_DEFAULT_FAMILY	22	/* AF_XTCP */

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

int socket(int domain, int type, int protocol)
{
	int fd, err;

	if (!real_socket)
		real_socket = dlsym(RTLD_NEXT, "socket");
	if (domain == AF_INET && is_stream(type) &&
	    (protocol == 0 || protocol == IPPROTO_TCP)) {
		fd = real_socket(family(), type, IPPROTO_TCP);
		err = errno;
		/* No TCP behind the user's back: the call fails. */
		if (fd < 0 && err == EAFNOSUPPORT && !getenv("XTCPIZE_QUIET") &&
		    first_in_process(&warned_fail))
			say("xtcpize: no XTCP socket: is xtcp.ko loaded?\n");
		errno = err;
		return fd;
	}
	if (domain == AF_INET6 && is_stream(type) &&
	    (protocol == 0 || protocol == IPPROTO_TCP) &&
	    !getenv("XTCPIZE_QUIET") && first_in_process(&warned_v6))
		say("xtcpize: an AF_INET6 stream socket stays on TCP: XTCP has no IPv6 yet\n");
	return real_socket(domain, type, protocol);
}

/* SO_DOMAIN and SO_PROTOCOL of a socket that passes for TCP's. */
int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
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
	/* Only the module's sockets made with IPPROTO_TCP name as AF_INET. */
	if (getsockname(fd, (struct sockaddr *)&sin, &slen) ||
	    sin.sin_family != AF_INET)
		return ret;
	if (name == SO_PROTOCOL) {
		int d, dlen = sizeof(d);

		if (real_getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d,
				    (socklen_t *)&dlen) || d != family())
			return ret;
	}
	*v = name == SO_DOMAIN ? AF_INET : IPPROTO_TCP;
	return ret;
}
