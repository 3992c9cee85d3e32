// SPDX-License-Identifier: GPL-2.0
/*
 * The family is registered under the documented number, the module
 * parameters are visible, and socket types and protocols are accepted or
 * refused with the right errno. Calls not yet implemented fail cleanly.
 */
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include "xtcp_test.h"

static long read_param(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/xtcp/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/*
 * shutdown(SHUT_RD) stops a listener. As in Linux, the port that bind()
 * gave it stays its own until close(), and listen() again uses it. The
 * same holds after a connect() that failed.
 */
static void listener_shut_down(void)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = AF_XTCP,
		.sxtcp_port = htons(7091),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	}, got;
	socklen_t len = sizeof(got);
	int fd = socket(AF_XTCP, SOCK_STREAM, 0), other, c;

	XT_OK(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), "bind() port 7091");
	XT_OK(listen(fd, 4), "listen() on port 7091");
	XT_OK(shutdown(fd, SHUT_RD), "shutdown(SHUT_RD) of a listener");
	other = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_ERRNO(bind(other, (struct sockaddr *)&sx, sizeof(sx)), EADDRINUSE,
		 "a listener shut down keeps the port bind() gave it");
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EINVAL,
		 "bind() again after shutdown() is EINVAL");
	XT_OK(listen(fd, 4), "listen() again after shutdown()");
	getsockname(fd, (struct sockaddr *)&got, &len);
	XT_EQ(ntohs(got.sxtcp_port), 7091, "listen() again uses the same port");
	c = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "a connection reaches the listener again");
	close(c);
	close(fd);
	XT_OK(bind(other, (struct sockaddr *)&sx, sizeof(sx)),
	      "close() gives the port up");
	close(other);

	/* So does a connect() that fails. */
	c = socket(AF_XTCP, SOCK_STREAM, 0);
	bind(c, (struct sockaddr *)&sx, sizeof(sx));
	got = sx;
	got.sxtcp_port = htons(1);
	XT_ERRNO(connect(c, (struct sockaddr *)&got, sizeof(got)), ECONNREFUSED,
		 "connect() from port 7091 to a closed port is ECONNREFUSED");
	other = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_ERRNO(bind(other, (struct sockaddr *)&sx, sizeof(sx)), EADDRINUSE,
		 "after a refused connect(), port 7091 is still the socket's");
	len = sizeof(got);
	getsockname(c, (struct sockaddr *)&got, &len);
	XT_EQ(ntohs(got.sxtcp_port), 7091, "getsockname() still shows it");
	close(c);
	close(other);
}

int main(void)
{
	struct sockaddr_xtcp sx = { .sxtcp_family = AF_XTCP };
	socklen_t len = sizeof(sx);
	struct pollfd pfd;
	char buf[8];
	int fd, one = 1;

	XT_EQ(read_param("family"), AF_XTCP, "parameter family is AF_XTCP (22)");
	XT_EQ(read_param("ipproto"), IPPROTO_XTCP, "parameter ipproto is 253");
	XT_EQ(sizeof(struct sockaddr_xtcp), sizeof(struct sockaddr_in),
	      "sockaddr_xtcp has sockaddr_in's size");

	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(fd, "socket(AF_XTCP, SOCK_STREAM, 0)");
	XT_OK(close(fd), "close() of a fresh socket");

	fd = socket(AF_XTCP, SOCK_STREAM, IPPROTO_XTCP);
	XT_OK(fd, "socket(AF_XTCP, SOCK_STREAM, IPPROTO_XTCP)");
	close(fd);
	fd = socket(PF_XTCP, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	XT_OK(fd, "socket() with SOCK_NONBLOCK | SOCK_CLOEXEC");
	close(fd);

	XT_ERRNO(socket(AF_XTCP, SOCK_DGRAM, 0), ESOCKTNOSUPPORT,
		 "SOCK_DGRAM is ESOCKTNOSUPPORT");
	XT_ERRNO(socket(AF_XTCP, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT,
		 "SOCK_SEQPACKET is ESOCKTNOSUPPORT");
	XT_ERRNO(socket(AF_XTCP, SOCK_RAW, 0), ESOCKTNOSUPPORT,
		 "SOCK_RAW is ESOCKTNOSUPPORT");
	/* IPPROTO_TCP: xtcpize's sockets, named as AF_INET (sockopt.c). */
	fd = socket(AF_XTCP, SOCK_STREAM, IPPROTO_TCP);
	XT_OK(fd, "socket(AF_XTCP, SOCK_STREAM, IPPROTO_TCP)");
	len = sizeof(sx);
	getsockname(fd, (struct sockaddr *)&sx, &len);
	XT_EQ(sx.sxtcp_family, AF_INET,
	      "an IPPROTO_TCP socket's getsockname() family is AF_INET");
	close(fd);
	len = sizeof(sx);
	XT_ERRNO(socket(AF_XTCP, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT,
		 "protocol IPPROTO_UDP is EPROTONOSUPPORT");
	XT_ERRNO(socket(AF_XTCP, SOCK_STREAM, 254), EPROTONOSUPPORT,
		 "protocol 254 is EPROTONOSUPPORT");

	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(getsockname(fd, (struct sockaddr *)&sx, &len), "getsockname()");
	XT_EQ(sx.sxtcp_family, AF_XTCP, "getsockname() family is AF_XTCP");
	XT_EQ(len, sizeof(sx), "getsockname() length");
	len = sizeof(sx);
	XT_ERRNO(getpeername(fd, (struct sockaddr *)&sx, &len), ENOTCONN,
		 "getpeername() unconnected is ENOTCONN");
	XT_ERRNO(setsockopt(fd, SOL_XTCP, 999, &one, sizeof(one)), ENOPROTOOPT,
		 "unknown option is ENOPROTOOPT");
	XT_OK(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)),
	      "SOL_SOCKET options work");
	/* tcp_sendmsg_locked() -> sk_stream_wait_connect(): EPIPE. */
	XT_ERRNO(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE,
		 "send() unconnected is EPIPE");
	XT_ERRNO(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), ENOTCONN,
		 "recv() unconnected is ENOTCONN");
	XT_ERRNO(shutdown(fd, SHUT_WR), ENOTCONN,
		 "shutdown() unconnected is ENOTCONN");
	pfd.fd = fd;
	pfd.events = POLLIN | POLLOUT;
	XT_EQ(poll(&pfd, 1, 0), 1, "poll() on a closed socket returns");
	XT_EQ(pfd.revents & POLLHUP, POLLHUP, "a closed socket polls POLLHUP");
	XT_ERRNO(ioctl(fd, 0x7854, 0), ENOTTY, "unknown ioctl is ENOTTY");
	/* Bad arguments and calls in the wrong state. */
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, 8), EINVAL,
		 "bind() with a short sockaddr is EINVAL");
	sx.sxtcp_family = AF_INET;
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EAFNOSUPPORT,
		 "bind() with family AF_INET is EAFNOSUPPORT");
	XT_ERRNO(connect(fd, (struct sockaddr *)&sx, sizeof(sx)), EAFNOSUPPORT,
		 "connect() with family AF_INET is EAFNOSUPPORT");
	sx.sxtcp_family = AF_XTCP;
	sx.sxtcp_addr = htonl(0x0a0b0c0d);
	XT_ERRNO(bind(fd, (struct sockaddr *)&sx, sizeof(sx)), EADDRNOTAVAIL,
		 "bind() to a foreign address is EADDRNOTAVAIL");
	XT_ERRNO(accept(fd, NULL, NULL), EINVAL,
		 "accept() without listen() is EINVAL");
	sx.sxtcp_addr = htonl(INADDR_LOOPBACK);
	sx.sxtcp_port = htons(1);
	XT_ERRNO(connect(fd, (struct sockaddr *)&sx, sizeof(sx)), ECONNREFUSED,
		 "connect() to a closed port is ECONNREFUSED");
	close(fd);
	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(listen(fd, 4), "listen() on an unbound socket binds a port");
	len = sizeof(sx);
	getsockname(fd, (struct sockaddr *)&sx, &len);
	XT_EQ(sx.sxtcp_port != 0, 1, "the listener has a port");
	XT_ERRNO(connect(fd, (struct sockaddr *)&sx, sizeof(sx)), EISCONN,
		 "connect() on a listener is EISCONN");
	fcntl(fd, F_SETFL, O_NONBLOCK);
	XT_ERRNO(accept(fd, NULL, NULL), EAGAIN,
		 "nonblocking accept() with none pending is EAGAIN");
	close(fd);
	listener_shut_down();
	return xt_exit();
}
