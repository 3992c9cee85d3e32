// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoint xtcp:xtcp_set_state fires on every state change, with the
 * old and new state and the 4-tuple: S1 and S2 over loopback must leave
 * each of their transitions in the trace.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>
#include "xtcp_test.h"

#define TRACING "/sys/kernel/tracing/"

static int put(const char *file, const char *val)
{
	int fd = open(file, O_WRONLY | O_TRUNC);
	int ok = fd >= 0 && write(fd, val, strlen(val)) == (ssize_t)strlen(val);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static char trace[1 << 16];

int main(void)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = (unsigned short)xt_family(),
		.sxtcp_port = htons(7101),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};
	static const char *const want[] = {
		"CLOSED -> LISTEN", "CLOSED -> SYN_SENT", "LISTEN -> SYN_RECV",
		"SYN_SENT -> ESTABLISHED", "SYN_RECV -> ESTABLISHED",
		"ESTABLISHED -> FIN_WAIT_1", "ESTABLISHED -> CLOSE_WAIT",
		"FIN_WAIT_1 -> FIN_WAIT_2", "CLOSE_WAIT -> LAST_ACK",
		"FIN_WAIT_2 -> TIME_WAIT", "LAST_ACK -> CLOSED",
		"TIME_WAIT -> CLOSED",
	};
	int l, c, a, fd, one = 1;
	char buf[8], name[96];
	ssize_t n = 0, r;
	unsigned int i;

	XT_OK(put(TRACING "events/xtcp/xtcp_set_state/enable", "1"),
	      "trace: the event xtcp:xtcp_set_state exists");
	put(TRACING "trace", "");
	xt_sysctl("msl_ms", 200);

	l = socket(sx.sxtcp_family, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(l, (struct sockaddr *)&sx, sizeof(sx));
	listen(l, 4);
	c = socket(sx.sxtcp_family, SOCK_STREAM, 0);
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)), "trace: connect");
	a = accept(l, NULL, NULL);
	close(c);
	while (read(a, buf, sizeof(buf)) > 0)
		;
	/*
	 * The ACK of the FIN waits (pingpong mode): closing now would send
	 * it with our FIN, and FIN_WAIT_1 would go straight to TIME_WAIT.
	 * After the delayed ACK, S2 has its four segments.
	 */
	usleep(200000);
	close(a);
	close(l);
	usleep(700000);

	put(TRACING "events/xtcp/xtcp_set_state/enable", "0");
	fd = open(TRACING "trace", O_RDONLY);
	while (fd >= 0 && (r = read(fd, trace + n, sizeof(trace) - 1 - n)) > 0)
		n += r;
	trace[n] = 0;
	if (fd >= 0)
		close(fd);
	xt_sysctl("msl_ms", 30000);

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(name, sizeof(name), "trace: %s", want[i]);
		xt_report(strstr(trace, want[i]) != NULL, name, "not in the trace");
	}
	XT_EQ(strstr(trace, "127.0.0.1:7101") != NULL, 1,
	      "trace: events carry the 4-tuple");
	return xt_exit();
}
