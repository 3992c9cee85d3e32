/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A SYN flood (RFC 4987) over a TUN device: SYNs from random addresses of
 * 198.18.0.0/15 (RFC 2544's benchmarking block) and random ports, to one
 * port of 192.0.2.2, the device's own address in the network namespace it
 * is made in. What the listener answers comes back to the device; it is
 * read and counted, so that nothing piles up. Header-only: the flood test
 * (tests/synflood.c) and the flooder for make bench
 * (tools/xtcp-synflood.c) share it.
 */
#ifndef XTCP_FLOOD_H
#define XTCP_FLOOD_H

#include <net/route.h>
#include "xtcp-peer-net.h"

#define XTCP_FLOOD_NET		"198.18.0.0"
#define XTCP_FLOOD_MASK		"255.254.0.0"
#define XTCP_FLOOD_BURST	64	/* SYNs written between two reads */

struct xtcp_flood {
	int tun;
	int ipproto;
	uint16_t dport;
	uint64_t rnd;		/* xorshift64 state, never 0 */
	uint64_t sent;		/* SYNs written */
	uint64_t synacks;	/* SYN+ACKs read back */
};

static inline uint64_t xtcp_flood_rand(struct xtcp_flood *f)
{
	f->rnd ^= f->rnd << 13;
	f->rnd ^= f->rnd >> 7;
	f->rnd ^= f->rnd << 17;
	return f->rnd;
}

/* A route for the flood's sources through @dev: the answers come back. */
static inline int xtcp_flood_route(const char *dev)
{
	struct rtentry rt = { 0 };
	struct sockaddr_in *dst = (struct sockaddr_in *)&rt.rt_dst;
	struct sockaddr_in *mask = (struct sockaddr_in *)&rt.rt_genmask;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	dst->sin_family = AF_INET;
	inet_pton(AF_INET, XTCP_FLOOD_NET, &dst->sin_addr);
	mask->sin_family = AF_INET;
	inet_pton(AF_INET, XTCP_FLOOD_MASK, &mask->sin_addr);
	rt.rt_flags = RTF_UP;
	rt.rt_dev = (char *)dev;
	ret = ioctl(fd, SIOCADDRT, &rt);
	if (ret && errno == EEXIST)
		ret = 0;
	if (ret)
		perror("xtcp-flood: route " XTCP_FLOOD_NET "/15");
	close(fd);
	return ret;
}

/*
 * TUN device @dev in the current network namespace, flooding port @dport
 * over IP protocol @ipproto (253 for XTCP, 6 for Linux's TCP). 0 or -1.
 */
static inline int xtcp_flood_open(struct xtcp_flood *f, const char *dev,
				  int ipproto, uint16_t dport, uint64_t seed)
{
	memset(f, 0, sizeof(*f));
	f->ipproto = ipproto;
	f->dport = dport;
	f->rnd = seed ?: 0x5eed;
	f->tun = xtcp_tun_open_dev(dev);
	if (f->tun < 0)
		return -1;
	if (xtcp_flood_route(dev)) {
		close(f->tun);
		return -1;
	}
	return 0;
}

/* One SYN from a random source into @buf; its length. */
static inline size_t xtcp_flood_syn(struct xtcp_flood *f, uint8_t *buf)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct tcphdr *th = (struct tcphdr *)(ip + 1);
	uint64_t r = xtcp_flood_rand(f);
	struct xtcp_seg s = {
		.flags = XTCP_F_SYN,
		.seq = (uint32_t)(r >> 32),
		.win = 64240,
		.mss = 1460,
		.sport = 1024 + (uint16_t)(r % 64512),
		.dport = f->dport,
		.wscale = 0xff,
	};
	uint32_t net;
	size_t n;

	n = xtcp_seg_build(&s, f->ipproto, buf);
	inet_pton(AF_INET, XTCP_FLOOD_NET, &net);
	ip->saddr = net | htonl((uint32_t)(r >> 16) & 0x1ffff);
	ip->check = 0;
	ip->check = xtcp_csum_fold(xtcp_csum_add(0, ip, sizeof(*ip)));
	th->check = 0;
	th->check = xtcp_seg_csum(ip, th, n - sizeof(*ip));
	return n;
}

/* Write @n SYNs, then read what came back; SYNs written, or -1. */
static inline int xtcp_flood_burst(struct xtcp_flood *f, int n)
{
	uint8_t buf[2048];
	struct xtcp_seg s;
	ssize_t len;
	int i;

	for (i = 0; i < n; i++) {
		len = (ssize_t)xtcp_flood_syn(f, buf);
		if (write(f->tun, buf, len) != len) {
			if (errno == EAGAIN || errno == ENOBUFS)
				break;
			perror("xtcp-flood: write");
			return -1;
		}
		f->sent++;
	}
	while ((len = read(f->tun, buf, sizeof(buf))) > 0)
		if (!xtcp_seg_parse(buf, len, f->ipproto, &s) &&
		    s.flags == (XTCP_F_SYN | XTCP_F_ACK))
			f->synacks++;
	return i;
}

static inline void xtcp_flood_close(struct xtcp_flood *f)
{
	close(f->tun);
}

#endif /* XTCP_FLOOD_H */
