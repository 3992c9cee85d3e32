// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-demo: open an XTCP socket and show what the kernel shows of it:
 * the family and protocol numbers, the socket's name, /proc/net/xtcp and
 * /proc/net/xtcp_stat. Run it with xtcp.ko loaded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xtcp.h>

static void show(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	printf("\n$ cat %s\n", path);
	if (!f) {
		printf("(%s)\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
}

int main(void)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);
	int fd;

	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket(AF_XTCP, SOCK_STREAM, 0)");
		return 1;
	}
	printf("socket(AF_XTCP=%d, SOCK_STREAM, 0) = %d\n", AF_XTCP, fd);
	if (getsockname(fd, (struct sockaddr *)&sx, &len) == 0)
		printf("getsockname: family %d, %s:%u\n", sx.sxtcp_family,
		       inet_ntoa(*(struct in_addr *)&sx.sxtcp_addr),
		       ntohs(sx.sxtcp_port));
	if (socket(AF_XTCP, SOCK_DGRAM, 0) < 0)
		printf("socket(AF_XTCP, SOCK_DGRAM, 0): %s\n", strerror(errno));
	show("/sys/module/xtcp/parameters/family");
	show("/sys/module/xtcp/parameters/ipproto");
	show("/proc/net/xtcp");
	show("/proc/net/xtcp_stat");
	close(fd);
	return 0;
}
