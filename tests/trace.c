// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints. xtcp:xtcp_set_state fires on every state change, with
 * the old and new state and the 4-tuple: S1 and S2 over loopback must
 * leave each of their transitions in the trace. xtcp:xtcp_segment_send and
 * xtcp:xtcp_segment_recv fire once for each of their 7 segments (RFC 9293
 * 3.5 Figure 6 and 3.6 Figure 12), on each side. Raw segments then take
 * the paths that draw no verdict: a bad checksum, a short header, and a
 * SYN to a closed port, whose reset is traced as sent with no socket.
 * Last, an IPv6 connection's events name its [addr]:port ends.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

#define EVENTS	TRACING "events/xtcp/"

static int enable(const char *val)
{
	return put(EVENTS "xtcp_set_state/enable", val) |
	       put(EVENTS "xtcp_segment_send/enable", val) |
	       put(EVENTS "xtcp_segment_recv/enable", val);
}

/* Lines of the trace that have all of @a, @b and @c. */
static int count(const char *a, const char *b, const char *c)
{
	const char *line = trace, *end;
	char buf[512];
	int n = 0;

	for (; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - line), line);
		n += strstr(buf, a) && strstr(buf, b) && strstr(buf, c);
	}
	return n;
}

/* TCP's checksum over a loopback pseudo-header, protocol 6. */
static void set_csum(unsigned char *seg, size_t len)
{
	unsigned long sum = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 6 + len;
	size_t i;

	seg[16] = seg[17] = 0;
	for (i = 0; i + 1 < len; i += 2)
		sum += (seg[i] << 8) | seg[i + 1];
	if (len & 1)
		sum += seg[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	seg[16] = ~sum >> 8;
	seg[17] = ~sum & 0xff;
}

/* Segments that never reach a verdict, and one that has no socket. */
static void send_raw(void)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	unsigned char seg[20] = {};
	struct tcphdr *th = (struct tcphdr *)seg;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_XTCP);

	th->source = htons(7201);
	th->dest = htons(7202);
	th->seq = htonl(1);
	th->doff = 5;
	th->syn = 1;
	th->window = htons(1000);
	set_csum(seg, 20);
	seg[17] ^= 0x5a;
	sendto(fd, seg, 20, 0, (struct sockaddr *)&dst, sizeof(dst));
	th->dest = htons(7203);
	set_csum(seg, 12);
	sendto(fd, seg, 12, 0, (struct sockaddr *)&dst, sizeof(dst));
	th->dest = htons(7204);
	set_csum(seg, 20);
	sendto(fd, seg, 20, 0, (struct sockaddr *)&dst, sizeof(dst));
	usleep(100000);
	close(fd);
}

static void read_trace(void)
{
	ssize_t n = 0, r;
	int fd = open(TRACING "trace", O_RDONLY);

	while (fd >= 0 && (r = read(fd, trace + n, sizeof(trace) - 1 - n)) > 0)
		n += r;
	trace[n] = 0;
	if (fd >= 0)
		close(fd);
}

/*
 * Over IPv6 the events name [addr]:port, as tcp_probe's %pISpc. The SYN
 * announces lo's MTU less 60, the IPv6 and XTCP headers: 65476, as
 * tcp_v6's tcp_mtu_to_mss() has it.
 */
static void trace_v6(void)
{
	struct sockaddr_xtcp6 sx = {
		.sxtcp6_family = (unsigned short)xt_family(),
		.sxtcp6_port = htons(7111),
		.sxtcp6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	int l, c, a, one = 1;
	char buf[8];

	put(TRACING "trace", "");
	enable("1");
	l = socket(sx.sxtcp6_family, SOCK_STREAM, XTCPPROTO_XTCP6);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(l, (struct sockaddr *)&sx, sizeof(sx));
	listen(l, 4);
	c = socket(sx.sxtcp6_family, SOCK_STREAM, XTCPPROTO_XTCP6);
	XT_OK(connect(c, (struct sockaddr *)&sx, sizeof(sx)),
	      "trace6: connect to [::1]:7111");
	a = accept(l, NULL, NULL);
	close(c);
	while (read(a, buf, sizeof(buf)) > 0)
		;
	close(a);
	close(l);
	usleep(300000);
	enable("0");
	read_trace();
	XT_EQ(count("xtcp_set_state:", "[::1]:7111", "CLOSED -> SYN_SENT"), 1,
	      "trace6: the client's CLOSED -> SYN_SENT names [::1]:7111");
	XT_EQ(count("xtcp_segment_send:", "> [::1]:7111 [S] seq=",
		    "state=SYN_SENT"), 1, "trace6: the SYN sent to [::1]:7111");
	XT_EQ(count("xtcp_segment_recv:", "> [::1]:7111 [S] seq=",
		    "state=LISTEN verdict=accept"), 1,
	      "trace6: the SYN taken by the listener");
	XT_EQ(count("xtcp_segment_send:", "[::1]:7111 > [::1]:", "[S.] seq="),
	      1, "trace6: the SYN+ACK sent from [::1]:7111");
	XT_EQ(count("xtcp_segment_send:", "[S] seq=", "mss=65476 ws="), 1,
	      "trace6: the SYN's MSS is lo's MTU less 60, 65476");
}

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
	int l, c, a, one = 1;
	char buf[8], name[96];
	unsigned int i;

	XT_OK(enable("1"), "trace: the events xtcp:xtcp_set_state, "
	      "xtcp_segment_send and xtcp_segment_recv exist");
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

	send_raw();
	enable("0");
	read_trace();
	xt_sysctl("msl_ms", 30000);

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(name, sizeof(name), "trace: %s", want[i]);
		xt_report(strstr(trace, want[i]) != NULL, name, "not in the trace");
	}
	XT_EQ(strstr(trace, "127.0.0.1:7101") != NULL, 1,
	      "trace: events carry the 4-tuple");

	/* Each of S1+S2's 7 segments once sent, once received. */
	XT_EQ(count("xtcp_segment_send:", ":7101", "rtx=0"), 7,
	      "trace: S1+S2's 7 segments sent, none again");
	XT_EQ(count("xtcp_segment_recv:", ":7101", "verdict=accept reason=-"),
	      7, "trace: S1+S2's 7 segments received and accepted");
	XT_EQ(count("xtcp_segment_send:", "> 127.0.0.1:7101 [S] seq=",
		    "state=SYN_SENT"), 1, "trace: the SYN sent in SYN_SENT");
	XT_EQ(count("xtcp_segment_recv:", "> 127.0.0.1:7101 [S] seq=",
		    "state=LISTEN verdict=accept"), 1,
	      "trace: the SYN taken by the listener");
	XT_EQ(count("xtcp_segment_send:", "127.0.0.1:7101 > 127.0.0.1:",
		    "[S.] seq="), 1, "trace: the request's SYN+ACK sent");
	XT_EQ(count("xtcp_segment_send:", "[S.] seq=", "state=SYN_RECV"), 1,
	      "trace: in SYN_RECV");
	XT_EQ(count("xtcp_segment_send:", "[S]", "mss=65495 ws="), 1,
	      "trace: the SYN's options (lo's MTU less 40, at most 65495)");
	XT_EQ(count("xtcp_segment_recv:", ":7101 [.]", "state=LAST_ACK"), 1,
	      "trace: the last ACK taken in LAST_ACK");
	/* Drops before any verdict; the reset to nothing (RFC 9293 3.10.7.1). */
	XT_EQ(count("xtcp_segment_recv:", ":7202 [S]", "verdict=drop "
		    "reason=csum"), 1, "trace: a bad checksum, dropped");
	XT_EQ(count("xtcp_segment_recv:", "state=-", "verdict=drop "
		    "reason=header"), 1, "trace: a 12-byte header, dropped");
	XT_EQ(count("xtcp_segment_recv:", ":7204 [S]", "state=CLOSED "
		    "verdict=reset reason=no_sock"), 1,
	      "trace: a SYN to a closed port, answered with a reset");
	XT_EQ(count("xtcp_segment_send:", "127.0.0.1:7204 > 127.0.0.1:7201 "
		    "[R.] seq=0 ack=2", "state=CLOSED"), 1,
	      "trace: the reset, seq 0 ack SYN+1, from no socket");
	trace_v6();
	return xt_exit();
}
