// SPDX-License-Identifier: GPL-2.0
/*
 * Module lifecycle: rmmod is refused while an XTCP socket is open and
 * succeeds after close, leaving no proc entry, slab cache or IP protocol
 * handler behind. A failed insmod (family or IP protocol taken) fails with a
 * clear errno and leaves nothing registered. Needs XTCP_KO, the module path.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "xtcp_test.h"

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Ip InUnknownProtos from /proc/net/snmp: grows when no handler takes 253. */
static long unknown_protos(void)
{
	char hdr[1024], val[1024], *h, *v, *hs, *vs;
	long ret = -1;
	FILE *f = fopen("/proc/net/snmp", "r");

	if (!f)
		return -1;
	while (fgets(hdr, sizeof(hdr), f) && fgets(val, sizeof(val), f)) {
		if (strncmp(hdr, "Ip:", 3))
			continue;
		h = strtok_r(hdr, " \n", &hs);
		v = strtok_r(val, " \n", &vs);
		while (h && v) {
			if (!strcmp(h, "InUnknownProtos"))
				ret = atol(v);
			h = strtok_r(NULL, " \n", &hs);
			v = strtok_r(NULL, " \n", &vs);
		}
	}
	fclose(f);
	return ret;
}

/* One IPv4 packet of protocol 253 to 127.0.0.1, from an IPPROTO_RAW socket
 * that does not itself listen to 253.
 */
static void send_253(void)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	unsigned char pkt[40] = { 0 };
	struct iphdr *ip = (struct iphdr *)pkt;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);

	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(sizeof(pkt));
	ip->ttl = 64;
	ip->protocol = IPPROTO_XTCP;
	ip->saddr = ip->daddr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst,
			     sizeof(dst)) != sizeof(pkt))
		perror("send_253");
	usleep(20000);
	close(fd);
}

static int handler_gone(void)
{
	long before = unknown_protos();

	send_253();
	return unknown_protos() == before + 1;
}

/* A row of /proc/slabinfo named @name. */
static int slab_row(const char *name)
{
	char line[512];
	size_t n = strlen(name);
	int found = 0;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ')
			found = 1;
	fclose(f);
	return found;
}

static void expect_nothing_left(const char *when)
{
	char name[160];

	snprintf(name, sizeof(name), "%s: no /sys/module/xtcp", when);
	XT_EQ(exists("/sys/module/xtcp"), 0, name);
	snprintf(name, sizeof(name), "%s: no /proc/net/xtcp", when);
	XT_EQ(exists("/proc/net/xtcp"), 0, name);
	snprintf(name, sizeof(name), "%s: no /proc/net/xtcp_stat", when);
	XT_EQ(exists("/proc/net/xtcp_stat"), 0, name);
	snprintf(name, sizeof(name), "%s: no XTCP slab cache", when);
	XT_EQ(exists("/sys/kernel/slab/XTCP"), 0, name);
	snprintf(name, sizeof(name), "%s: no XTCP row in /proc/slabinfo", when);
	XT_EQ(slab_row("XTCP"), 0, name);
	snprintf(name, sizeof(name), "%s: no handler for IP protocol 253", when);
	XT_EQ(handler_gone(), 1, name);
	snprintf(name, sizeof(name), "%s: AF_XTCP is unregistered", when);
	XT_ERRNO(socket(AF_XTCP, SOCK_STREAM, 0), EAFNOSUPPORT, name);
}

static long load(const char *ko, const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);
	long r;

	if (fd < 0)
		return -1;
	r = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return r;
}

int main(void)
{
	const char *ko = getenv("XTCP_KO");
	long r;
	int fd;

	if (!ko) {
		fprintf(stderr, "XTCP_KO is not set\n");
		return 2;
	}
	if (!exists("/sys/module/xtcp"))
		XT_OK(load(ko, ""), "insmod xtcp.ko");

	XT_EQ(exists("/sys/kernel/slab/XTCP"), 1, "loaded: XTCP slab cache");
	XT_EQ(slab_row("XTCP"), 1, "loaded: XTCP row in /proc/slabinfo");
	XT_EQ(handler_gone(), 0, "loaded: IP protocol 253 has a handler");

	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(fd, "open an XTCP socket");
	errno = 0;
	r = syscall(SYS_delete_module, "xtcp", O_NONBLOCK);
	xt_report(r == -1 && (errno == EWOULDBLOCK || errno == EBUSY),
		  "rmmod is refused while a socket is open",
		  "returned %ld, errno %d (%s)", r, errno, strerror(errno));
	XT_EQ(exists("/sys/module/xtcp"), 1, "the module is still loaded");
	XT_OK(close(fd), "close the socket");

	XT_OK(syscall(SYS_delete_module, "xtcp", O_NONBLOCK),
	      "rmmod succeeds after close");
	expect_nothing_left("after rmmod");

	/* AF_UNIX (1) is taken: sock_register() fails. */
	XT_ERRNO(load(ko, "family=1"), EEXIST, "insmod family=1 fails: EEXIST");
	expect_nothing_left("after family=1");

	/* IP protocol 6 is TCP's: inet_add_protocol() fails. */
	XT_ERRNO(load(ko, "ipproto=6"), EBUSY, "insmod ipproto=6 fails: EBUSY");
	expect_nothing_left("after ipproto=6");

	XT_ERRNO(load(ko, "family=99"), EINVAL, "insmod family=99 fails: EINVAL");
	expect_nothing_left("after family=99");

	XT_OK(load(ko, ""), "insmod again");
	fd = socket(AF_XTCP, SOCK_STREAM, 0);
	XT_OK(fd, "a socket opens after reload");
	close(fd);
	return xt_exit();
}
