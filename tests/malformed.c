// SPDX-License-Identifier: GPL-2.0
/*
 * Segments sent from a raw IPv4 socket to the XTCP protocol number: a good
 * one counts in InSegs only (a SYN also draws a RST); malformed ones (bad checksum, data offset below
 * 5, truncated header, options past the end, a bad option length) count in
 * InErrs, and a bad checksum in InCsumErrors too. Nothing crashes.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include "xtcp_test.h"

static int raw_fd;

static unsigned short csum16(const void *data, size_t len, unsigned long sum)
{
	const unsigned char *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* TCP's checksum: pseudo-header with protocol 6, loopback both ends. */
static void set_csum(unsigned char *seg, size_t len)
{
	unsigned long sum = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 6 + len;

	seg[16] = seg[17] = 0;
	sum = csum16(seg, len, sum);
	seg[16] = sum >> 8;
	seg[17] = sum & 0xff;
}

static void send_seg(const unsigned char *seg, size_t len)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	if (sendto(raw_fd, seg, len, 0, (struct sockaddr *)&dst, sizeof(dst)) !=
	    (ssize_t)len)
		perror("sendto");
	usleep(20000);	/* loopback delivers in softirq; let it land */
}

struct delta {
	long insegs, inerrs, incsum;
};

static void snap(struct delta *d)
{
	d->insegs = xt_stat("InSegs");
	d->inerrs = xt_stat("InErrs");
	d->incsum = xt_stat("InCsumErrors");
}

static void expect(const char *what, const unsigned char *seg, size_t len,
		   long errs, long csum)
{
	struct delta a, b;
	char name[160];

	snap(&a);
	send_seg(seg, len);
	snap(&b);
	snprintf(name, sizeof(name), "%s: InSegs +1", what);
	XT_EQ(b.insegs - a.insegs, 1, name);
	snprintf(name, sizeof(name), "%s: InErrs +%ld", what, errs);
	XT_EQ(b.inerrs - a.inerrs, errs, name);
	snprintf(name, sizeof(name), "%s: InCsumErrors +%ld", what, csum);
	XT_EQ(b.incsum - a.incsum, csum, name);
}

int main(void)
{
	unsigned char seg[64];
	struct tcphdr *th = (struct tcphdr *)seg;
	int fd;

	raw_fd = socket(AF_INET, SOCK_RAW, IPPROTO_XTCP);
	if (raw_fd < 0) {
		perror("raw socket");
		return 1;
	}
	XT_EQ(xt_stat("InSegs") >= 0, 1, "/proc/net/xtcp_stat has InSegs");

	memset(seg, 0, sizeof(seg));
	th->source = htons(4000);
	th->dest = htons(5000);
	th->seq = htonl(1);
	th->doff = 5;
	th->window = htons(1000);
	/* A SYN to a closed port is answered with a RST, which comes back in. */
	th->syn = 1;
	set_csum(seg, 20);
	{
		long rsts = xt_stat("OutRsts"), in = xt_stat("InSegs");

		send_seg(seg, 20);
		XT_EQ(xt_stat("OutRsts") - rsts, 1, "SYN to a closed port: a RST out");
		XT_EQ(xt_stat("InSegs") - in, 2, "SYN to a closed port: InSegs +2");
	}
	/* The rest carry RST, which draws no answer. */
	th->syn = 0;
	th->rst = 1;
	set_csum(seg, 20);
	expect("valid segment", seg, 20, 0, 0);

	seg[17] ^= 0x5a;
	expect("bad checksum", seg, 20, 1, 1);

	th->doff = 4;
	set_csum(seg, 20);
	expect("data offset 4", seg, 20, 1, 0);

	th->doff = 0;
	set_csum(seg, 20);
	expect("data offset 0", seg, 20, 1, 0);

	th->doff = 5;
	set_csum(seg, 12);
	expect("truncated header (12 bytes)", seg, 12, 1, 0);
	expect("empty segment", seg, 0, 1, 0);

	th->doff = 15;
	set_csum(seg, 24);
	expect("options past the end", seg, 24, 1, 0);

	/* Options: MSS, then an option with length 0. */
	th->doff = 8;
	memcpy(seg + 20, "\x02\x04\x05\xb4\xfe\x00\x00\x00\x00\x00\x00\x00", 12);
	set_csum(seg, 32);
	expect("option length 0", seg, 32, 1, 0);

	/* An unknown option with a good length is skipped, not an error. */
	memcpy(seg + 20, "\x02\x04\x05\xb4\xfe\x04\xab\xcd\x01\x01\x01\x00", 12);
	set_csum(seg, 32);
	expect("unknown option", seg, 32, 0, 0);

	/* Data after the header: fine, with an odd length. */
	th->doff = 5;
	memcpy(seg + 20, "odd", 3);
	set_csum(seg, 23);
	expect("segment with 3 data bytes", seg, 23, 0, 0);

	/* The stack is still alive: a socket still opens. */
	fd = socket(xt_family(), SOCK_STREAM, 0);
	XT_OK(fd, "socket() after malformed input");
	close(fd);
	close(raw_fd);
	return xt_exit();
}
