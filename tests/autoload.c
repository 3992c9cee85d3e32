// SPDX-License-Identifier: GPL-2.0
/*
 * MODULE_ALIAS_NETPROTO: with the module not loaded, socket(AF_XTCP, ...)
 * makes the kernel run modprobe for net-pf-22, and the socket opens.
 * tests/run.sh installs xtcp.ko where modprobe finds it.
 */
#include <sys/stat.h>
#include <unistd.h>
#include "xtcp_test.h"

int main(void)
{
	struct stat st;
	int fd;

	XT_EQ(stat("/sys/module/xtcp", &st), -1, "xtcp is not loaded before");
	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(fd, "socket(AF_XTCP) loads the module on demand");
	XT_EQ(stat("/sys/module/xtcp", &st), 0, "xtcp is loaded after");
	if (fd >= 0)
		close(fd);
	return xt_exit();
}
