/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two hosts for the guest selftests: network namespaces xa and xb joined by
 * a veth pair, va in xa and vb in xb; the helpers to run a command, to move
 * the calling thread between them, to set netem on the link and to capture
 * on it.
 */
#ifndef XTCP_NETNS_H
#define XTCP_NETNS_H

#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xtcp_test.h"

/* Run a shell command; complain, but go on, if it fails. */
static inline void sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fprintf(stderr, "command failed: %s\n", cmd);
}

/* Move the calling thread into netns @ns; sockets made after are there. */
static inline void enter(const char *ns)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		perror(path);
	close(fd);
}

static inline void msleep(int ms)
{
	usleep(ms * 1000);
}

/* In netns @ns, wait up to 10 s for a row to reach @want ("" for gone). */
static inline void wait_state(const char *ns, int lport, int rport,
			      const char *want)
{
	char st[32];
	int i, found;

	enter(ns);
	for (i = 0; i < 200; i++) {
		found = xt_proc_state(lport, rport, st, sizeof(st)) == 0;
		if (*want ? found && !strcmp(st, want) : !found)
			return;
		msleep(50);
	}
}

/* Delete xa and xb, with whatever is left in them; quiet if they are gone. */
static inline void netns_del(void)
{
	sh("for n in xa xb; do ip netns del $n 2>/dev/null; done; true");
}

/*
 * xa and xb, anew: va (@a_addr/24) in xa, vb (@b_addr/24) in xb, all up.
 * A previous run may have left them behind.
 */
static inline void netns_pair(const char *a_addr, const char *b_addr)
{
	netns_del();
	sh("ip netns add xa && ip netns add xb");
	sh("ip link add va netns xa type veth peer name vb netns xb");
	sh("ip -n xa addr add %s/24 dev va && ip -n xa link set va up", a_addr);
	sh("ip -n xb addr add %s/24 dev vb && ip -n xb link set vb up", b_addr);
	sh("ip -n xa link set lo up && ip -n xb link set lo up");
}

/* netem @spec on both ends of the link, va and vb: each way sees it. */
static inline void netem_both(const char *spec)
{
	/* Anew: "replace" keeps reorder and corrupt unless @spec names them. */
	sh("tc -n xa qdisc del dev va root 2>/dev/null; "
	   "tc -n xa qdisc add dev va root netem %s", spec);
	sh("tc -n xb qdisc del dev vb root 2>/dev/null; "
	   "tc -n xb qdisc add dev vb root netem %s", spec);
}

/*
 * tcpdump on @dev in netns @ns, whole frames of @filter to @file (its
 * output to @file.log), until tcpdump_stop(); its pid.
 */
static inline pid_t tcpdump_start(const char *ns, const char *dev,
				  const char *file, const char *filter)
{
	char log[128];
	pid_t pid;
	int i;

	unlink(file);
	fflush(NULL);
	pid = fork();
	if (!pid) {
		enter(ns);
		snprintf(log, sizeof(log), "%s.log", file);
		if (!freopen(log, "w", stdout) || dup2(fileno(stdout), 2) < 0)
			_exit(127);
		/* Immediate mode: libpcap's ring would hand packets late. */
		execlp("tcpdump", "tcpdump", "-i", dev, "-w", file, "-U",
		       "--immediate-mode", "-n", filter, (char *)NULL);
		_exit(127);
	}
	/* tcpdump makes the file once it is capturing. */
	for (i = 0; i < 100 && access(file, F_OK); i++)
		msleep(100);
	msleep(500);
	return pid;
}

static inline void tcpdump_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	msleep(1000);		/* the last segments reach the capture */
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

#endif /* XTCP_NETNS_H */
