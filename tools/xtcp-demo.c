// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-demo: one XTCP connection walking through the three-way handshake
 * (S1) and the four-way teardown (S2), between two network namespaces whose
 * link netem slows to 300 ms each way, so that each step can be seen. At
 * every step it prints /proc/net/xtcp on both sides. Run as root with
 * xtcp.ko loaded; it makes and removes namespaces demo-a and demo-b.
 *
 * xtcp-demo XTCP-LADDER DIR also records the walk with tools/xtcp-ladder,
 * prints its ladder at the end and writes DIR/ladder.svg.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/xtcp.h>

#define HOP_MS	300

static int fam = AF_XTCP;

static void sh(const char *cmd)
{
	if (system(cmd))
		fprintf(stderr, "failed: %s\n", cmd);
}

static void enter(const char *ns)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		perror(path);
	close(fd);
}

/* /proc/net/xtcp as namespace @ns sees it, without the header. */
static void show(const char *ns, const char *host)
{
	char line[256];
	FILE *f;
	int rows = 0;

	enter(ns);
	f = fopen("/proc/net/xtcp", "r");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f))
		printf("  %-2s %s", "", line);
	while (fgets(line, sizeof(line), f)) {
		printf("  %-2s %s", host, line);
		rows++;
	}
	if (!rows)
		printf("  %-2s (no rows)\n", host);
	fclose(f);
}

static void step(const char *fmt, ...)
{
	va_list ap;

	printf("\n== ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	show("demo-a", "A");
	show("demo-b", "B");
}

static void wait_ms(int ms)
{
	usleep(ms * 1000);
}

/* xtcp-ladder @tool recording port 8080 to @trace, until ladder_show(). */
static pid_t ladder_start(const char *tool, const char *trace)
{
	char path[160], on = 0;
	pid_t pid;
	int i, fd;

	fflush(NULL);
	pid = fork();
	if (!pid) {
		execl(tool, tool, "-q", "-p", "8080", "-w", trace, (char *)NULL);
		perror(tool);
		_exit(127);
	}
	/* Its tracing instance has the events on: it is recording. */
	snprintf(path, sizeof(path), "/sys/kernel/tracing/instances/"
		 "xtcp-ladder-%d/events/xtcp/xtcp_segment_recv/enable", pid);
	for (i = 0; i < 500 && on != '1'; i++) {
		wait_ms(20);
		fd = open(path, O_RDONLY);
		if (fd >= 0 && read(fd, &on, 1) != 1)
			on = 0;
		if (fd >= 0)
			close(fd);
	}
	return pid;
}

/* Stop recording; print the ladder and write DIR/ladder.svg. */
static void ladder_show(pid_t pid, const char *tool, const char *dir,
			const char *trace)
{
	char cmd[1024];

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	printf("\n== The ladder of this walk, from the tracepoints "
	       "(xtcp-ladder -r %s)\n\n", trace);
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "%s -r %s -o %s/ladder.svg --title "
		 "'make demo: S1 and S2 between demo-a and demo-b'", tool,
		 trace, dir);
	sh(cmd);
}

int main(int argc, char **argv)
{
	struct sockaddr_xtcp b_addr = {
		.sxtcp_port = htons(8080),
	};
	const char *tool = argc > 2 ? argv[1] : NULL;
	char trace[512];
	struct pollfd p;
	pid_t rec = 0;
	int l, c, a;
	FILE *f;

	f = fopen("/sys/module/xtcp/parameters/family", "r");
	if (!f || fscanf(f, "%d", &fam) != 1) {
		fprintf(stderr, "xtcp.ko is not loaded\n");
		return 1;
	}
	fclose(f);
	b_addr.sxtcp_family = fam;
	inet_pton(AF_INET, "10.7.0.2", &b_addr.sxtcp_addr);

	sh("ip netns add demo-a && ip netns add demo-b");
	sh("ip link add veth-a netns demo-a address 02:00:00:00:07:01 type veth "
	   "peer name veth-b netns demo-b address 02:00:00:00:07:02");
	sh("ip -n demo-a addr add 10.7.0.1/24 dev veth-a && ip -n demo-a link set veth-a up");
	sh("ip -n demo-b addr add 10.7.0.2/24 dev veth-b && ip -n demo-b link set veth-b up");
	/* No ARP: it would delay the first SYN by a round trip. */
	sh("ip -n demo-a neigh add 10.7.0.2 lladdr 02:00:00:00:07:02 dev veth-a nud permanent");
	sh("ip -n demo-b neigh add 10.7.0.1 lladdr 02:00:00:00:07:01 dev veth-b nud permanent");
	sh("tc -n demo-a qdisc add dev veth-a root netem delay 300ms");
	sh("tc -n demo-b qdisc add dev veth-b root netem delay 300ms");
	wait_ms(1000);	/* the links come up */
	printf("A is 10.7.0.1 (namespace demo-a), B is 10.7.0.2 (demo-b); "
	       "each hop takes %d ms.\n", HOP_MS);

	if (tool) {
		snprintf(trace, sizeof(trace), "%s/ladder.trace", argv[2]);
		rec = ladder_start(tool, trace);
	}
	enter("demo-b");
	l = socket(fam, SOCK_STREAM, 0);
	if (bind(l, (struct sockaddr *)&b_addr, sizeof(b_addr)) || listen(l, 8)) {
		perror("B: listen");
		return 1;
	}
	step("B: socket(AF_XTCP), bind(10.7.0.2:8080), listen()");

	enter("demo-a");
	c = socket(fam, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(c, (struct sockaddr *)&b_addr, sizeof(b_addr)) &&
	    errno != EINPROGRESS) {
		perror("A: connect");
		return 1;
	}
	step("S1: A connect() sends SYN seq=x: A is SYN_SENT");
	wait_ms(HOP_MS + HOP_MS / 2);
	step("S1: the SYN reached B: a request in SYN_RECV answers SYN+ACK seq=y ack=x+1");
	wait_ms(HOP_MS);
	step("S1: the SYN+ACK reached A: A is ESTABLISHED and sends ACK seq=x+1 ack=y+1");
	wait_ms(HOP_MS);
	step("S1: the ACK reached B: B's connection is ESTABLISHED, waiting for accept()");
	enter("demo-b");
	a = accept(l, NULL, NULL);
	p.fd = c;
	p.events = POLLOUT;
	poll(&p, 1, 1000);

	close(c);
	step("S2: A close() sends FIN seq=u: A is FIN_WAIT_1");
	wait_ms(HOP_MS + HOP_MS / 2);
	step("S2: the FIN reached B: B is CLOSE_WAIT and ACKs it (ack=u+1)");
	wait_ms(HOP_MS);
	step("S2: the ACK reached A: A is FIN_WAIT_2 (an orphan, on fin_timeout)");
	close(a);
	step("S2: B close() sends FIN seq=w ack=u+1: B is LAST_ACK");
	wait_ms(HOP_MS + HOP_MS / 2);
	step("S2: the FIN reached A: A is TIME_WAIT (2MSL) and ACKs it (ack=w+1)");
	wait_ms(HOP_MS);
	step("S2: the ACK reached B: B is CLOSED, its row gone; A waits out 2MSL");
	close(l);
	if (rec > 0)
		ladder_show(rec, tool, argv[2], trace);

	printf("\n== Counters on A (/proc/net/xtcp_stat), non-zero ones\n");
	enter("demo-a");
	fflush(stdout);
	sh("awk '$2 != 0 { printf \"  %s %s\\n\", $1, $2 }' /proc/net/xtcp_stat");
	sh("ip netns del demo-a; ip netns del demo-b");
	return 0;
}
