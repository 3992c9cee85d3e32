// SPDX-License-Identifier: GPL-2.0
/*
 * Each network namespace has its own /proc/net/xtcp and /proc/net/xtcp_stat:
 * a segment received in one namespace is counted there and not in another.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xtcp_test.h"

/* Send one bad-checksum segment to 127.0.0.1 in the current netns. */
static void send_bad(void)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	unsigned char seg[20] = { 0x0f, 0xa0, 0x13, 0x88, [12] = 0x50, [16] = 0xde };
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_XTCP);

	if (fd < 0 || sendto(fd, seg, sizeof(seg), 0, (struct sockaddr *)&dst,
			     sizeof(dst)) != sizeof(seg))
		perror("send_bad");
	usleep(20000);
	close(fd);
}

static int lo_up(void)
{
	return system("ip link set lo up");
}

int main(void)
{
	long base_init, base_child, v;
	struct stat st_init, st_child;
	int pfd[2];
	pid_t pid;

	XT_OK(stat("/proc/net/xtcp", &st_init), "/proc/net/xtcp in the init netns");
	base_init = xt_stat("InCsumErrors");

	if (pipe(pfd))
		return 1;
	pid = fork();
	if (pid == 0) {
		long before, after;

		close(pfd[0]);
		if (unshare(CLONE_NEWNET) || lo_up()) {
			perror("unshare");
			_exit(2);
		}
		before = xt_stat("InCsumErrors");
		send_bad();
		send_bad();
		after = xt_stat("InCsumErrors");
		if (write(pfd[1], &before, sizeof(before)) < 0 ||
		    write(pfd[1], &after, sizeof(after)) < 0)
			_exit(3);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &base_child, sizeof(base_child)) != sizeof(base_child) ||
	    read(pfd[0], &v, sizeof(v)) != sizeof(v)) {
		xt_report(0, "child netns reported its counters", "no data");
		return 1;
	}
	waitpid(pid, NULL, 0);
	XT_EQ(base_child, 0, "a new netns starts with its own zero counters");
	XT_EQ(v, 2, "the new netns counted its own two bad segments");
	XT_EQ(xt_stat("InCsumErrors"), base_init,
	      "the init netns did not count them");

	/*
	 * A second netns, looked at from here through /proc/<pid>/net, once
	 * the child says it is in it: a fixed sleep lost the race on a slow
	 * guest and saw the init netns.
	 */
	if (pipe(pfd))
		return 1;
	pid = fork();
	if (pid == 0) {
		char ok = 1;

		close(pfd[0]);
		if (unshare(CLONE_NEWNET))
			_exit(2);
		if (write(pfd[1], &ok, 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	{
		char ok;

		XT_EQ(read(pfd[0], &ok, 1), 1, "the child made its netns");
		close(pfd[0]);
	}
	{
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/net/xtcp", pid);
		XT_OK(stat(path, &st_child), "/proc/<pid>/net/xtcp in a new netns");
		snprintf(path, sizeof(path), "/proc/%d/net/xtcp_stat", pid);
		XT_OK(access(path, R_OK), "/proc/<pid>/net/xtcp_stat in a new netns");
	}
	XT_EQ(st_child.st_ino != st_init.st_ino, 1,
	      "the new netns has a different /proc/net/xtcp");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return xt_exit();
}
