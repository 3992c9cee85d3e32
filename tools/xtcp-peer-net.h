/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp-peer's network side: the TUN device that stands for the peer, and
 * building and parsing XTCP segments in IPv4, or in IPv6 once a tool sets
 * xtcp_ipv6. Header-only, because the Makefile builds each tools/ C file as
 * a program of its own. xtcp-fuzz uses it too, with a TUN device of its own
 * for Linux's TCP.
 */
#ifndef XTCP_PEER_NET_H
#define XTCP_PEER_NET_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_tun.h>

#define XTCP_PEER_DEV		"xtcp0"
#define XTCP_PEER_LOCAL		"192.0.2.2"	/* XTCP's address */
#define XTCP_PEER_REMOTE	"192.0.2.1"	/* the scripted peer's */
#define XTCP_PEER_LOCAL6	"2001:db8::2"	/* the same over IPv6 */
#define XTCP_PEER_REMOTE6	"2001:db8::1"

/* Segments go in IPv6 (RFC 8200), not IPv4: set once, before the TUN opens. */
static int xtcp_ipv6;

/* The IP header's length as the helpers build it. */
static inline size_t xtcp_ip_hlen(void)
{
	return xtcp_ipv6 ? sizeof(struct ip6_hdr) : sizeof(struct iphdr);
}

/* Flag bits, in the order of the TCP header's flag byte. */
#define XTCP_F_FIN	0x01
#define XTCP_F_SYN	0x02
#define XTCP_F_RST	0x04
#define XTCP_F_PSH	0x08
#define XTCP_F_ACK	0x10

/* One segment, in absolute sequence numbers; mss 0 means no MSS option. */
struct xtcp_seg {
	uint8_t flags;
	uint32_t seq, ack;
	uint16_t win, mss;
	uint16_t sport, dport;
	uint8_t wscale;		/* window scale option, 0xff if none */
	uint32_t len;		/* payload bytes */
	double t;		/* when it was read from the TUN device */
};

/* The packetdrill letters: S F R P and '.' for ACK. */
static inline int xtcp_flags_parse(const char *s)
{
	static const char letters[] = "FSRP.";
	int flags = 0;

	for (; *s; s++) {
		const char *p = strchr(letters, *s);

		if (!p)
			return -1;
		flags |= 1 << (p - letters);
	}
	return flags;
}

static inline void xtcp_flags_str(uint8_t flags, char *buf)
{
	static const char letters[] = "SFRP.";
	static const uint8_t bits[] = { XTCP_F_SYN, XTCP_F_FIN, XTCP_F_RST,
					XTCP_F_PSH, XTCP_F_ACK };
	int i;

	for (i = 0; i < 5; i++)
		if (flags & bits[i])
			*buf++ = letters[i];
	*buf = 0;
}

/* The Internet checksum's one's-complement sum, not yet folded. */
static inline uint32_t xtcp_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += p[0] << 8 | p[1];
	if (len)
		sum += p[0] << 8;
	return sum;
}

static inline uint16_t xtcp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* TCP's checksum: the pseudo-header carries IPPROTO_TCP, not XTCP's 253. */
static inline uint16_t xtcp_seg_csum(const struct iphdr *ip, const void *th,
				     size_t len)
{
	uint32_t sum = xtcp_csum_add(0, &ip->saddr, 8);

	sum += IPPROTO_TCP + len;
	return xtcp_csum_fold(xtcp_csum_add(sum, th, len));
}

/*
 * TCP's checksum over IPv6: RFC 8200 8.1's pseudo-header, the addresses,
 * the upper-layer length and next header 6 (IPPROTO_TCP), not XTCP's 253.
 */
static inline uint16_t xtcp_seg_csum6(const struct ip6_hdr *ip6,
				      const void *th, size_t len)
{
	uint32_t sum = xtcp_csum_add(0, &ip6->ip6_src, 32);

	sum += (uint32_t)(len >> 16) + (len & 0xffff) + IPPROTO_TCP;
	return xtcp_csum_fold(xtcp_csum_add(sum, th, len));
}

/* The checksum of the segment @th of @len bytes after the IP header @buf. */
static inline uint16_t xtcp_l4_csum(const uint8_t *buf, const void *th,
				    size_t len)
{
	if (xtcp_ipv6)
		return xtcp_seg_csum6((const struct ip6_hdr *)buf, th, len);
	return xtcp_seg_csum((const struct iphdr *)buf, th, len);
}

/*
 * An IP header at @buf, from the peer to XTCP's address, for @l4len bytes
 * after it of protocol @ipproto; an IPv4 one's checksum is set. IPv6: no
 * extension headers, next header @ipproto.
 */
static inline void xtcp_ip_build(uint8_t *buf, size_t l4len, int ipproto)
{
	struct iphdr *ip = (struct iphdr *)buf;

	if (xtcp_ipv6) {
		struct ip6_hdr *ip6 = (struct ip6_hdr *)buf;

		memset(ip6, 0, sizeof(*ip6));
		ip6->ip6_flow = htonl(6u << 28);
		ip6->ip6_plen = htons(l4len);
		ip6->ip6_nxt = ipproto;
		ip6->ip6_hlim = 64;
		inet_pton(AF_INET6, XTCP_PEER_REMOTE6, &ip6->ip6_src);
		inet_pton(AF_INET6, XTCP_PEER_LOCAL6, &ip6->ip6_dst);
		return;
	}

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(sizeof(*ip) + l4len);
	ip->ttl = 64;
	ip->protocol = ipproto;
	inet_pton(AF_INET, XTCP_PEER_REMOTE, &ip->saddr);
	inet_pton(AF_INET, XTCP_PEER_LOCAL, &ip->daddr);
	ip->check = xtcp_csum_fold(xtcp_csum_add(0, ip, sizeof(*ip)));
}

/* Build segment @s from the peer into @buf; returns the packet's length. */
static inline size_t xtcp_seg_build(const struct xtcp_seg *s, int ipproto,
				    uint8_t *buf)
{
	struct tcphdr *th = (struct tcphdr *)(buf + xtcp_ip_hlen());
	size_t hlen = sizeof(*th) + (s->mss ? 4 : 0);
	uint8_t *opt = (uint8_t *)(th + 1);

	memset(th, 0, hlen);
	xtcp_ip_build(buf, hlen + s->len, ipproto);
	th->source = htons(s->sport);
	th->dest = htons(s->dport);
	th->seq = htonl(s->seq);
	th->ack_seq = htonl(s->ack);
	th->doff = hlen / 4;
	((uint8_t *)th)[13] = s->flags;
	th->window = htons(s->win);
	if (s->mss) {
		opt[0] = TCPOPT_MAXSEG;
		opt[1] = TCPOLEN_MAXSEG;
		opt[2] = s->mss >> 8;
		opt[3] = s->mss & 0xff;
	}
	memset(opt + hlen - sizeof(*th), 'x', s->len);
	th->check = xtcp_l4_csum(buf, th, hlen + s->len);
	return xtcp_ip_hlen() + hlen + s->len;
}

/*
 * An ICMP error (@type, @code; @mtu for "fragmentation needed") from the
 * peer about segment @s that XTCP sent: it quotes the IPv4 header and the
 * first 20 bytes of the XTCP header, as RFC 792 asks at least 8 of. Returns
 * the packet's length.
 */
static inline size_t xtcp_icmp_build(const struct xtcp_seg *s, int ipproto,
				     uint8_t type, uint8_t code, uint16_t mtu,
				     uint8_t *buf)
{
	size_t qlen = sizeof(struct iphdr) + sizeof(struct tcphdr);
	size_t icmplen = 8 + qlen;
	uint8_t *icmp = buf + sizeof(struct iphdr);
	struct iphdr *q = (struct iphdr *)(icmp + 8);
	struct tcphdr *th = (struct tcphdr *)(q + 1);
	uint16_t sum;

	xtcp_ip_build(buf, icmplen, IPPROTO_ICMP);
	memset(icmp, 0, icmplen);
	icmp[0] = type;
	icmp[1] = code;
	icmp[6] = mtu >> 8;
	icmp[7] = mtu & 0xff;
	q->version = 4;
	q->ihl = 5;
	q->tot_len = htons(qlen + s->len);
	q->frag_off = htons(IP_DF);
	q->ttl = 64;
	q->protocol = ipproto;
	inet_pton(AF_INET, XTCP_PEER_LOCAL, &q->saddr);
	inet_pton(AF_INET, XTCP_PEER_REMOTE, &q->daddr);
	q->check = xtcp_csum_fold(xtcp_csum_add(0, q, sizeof(*q)));
	th->source = htons(s->sport);
	th->dest = htons(s->dport);
	th->seq = htonl(s->seq);
	th->ack_seq = htonl(s->ack);
	th->doff = 5;
	((uint8_t *)th)[13] = s->flags;
	th->window = htons(s->win);
	sum = xtcp_csum_fold(xtcp_csum_add(0, icmp, icmplen));
	memcpy(icmp + 2, &sum, 2);
	return sizeof(struct iphdr) + icmplen;
}

/*
 * Parse an IP packet read from the TUN device. Only XTCP segments of the
 * IP version in use count: anything else the kernel sends there (IPv6
 * router solicitations, say) returns -1 and is ignored.
 */
static inline int xtcp_seg_parse(const uint8_t *buf, size_t n, int ipproto,
				 struct xtcp_seg *s)
{
	const struct iphdr *ip = (const struct iphdr *)buf;
	const struct ip6_hdr *ip6 = (const struct ip6_hdr *)buf;
	const struct tcphdr *th;
	const uint8_t *opt, *end;
	size_t ihl, doff, tot;

	if (xtcp_ipv6) {
		if (n < sizeof(*ip6) || buf[0] >> 4 != 6 ||
		    ip6->ip6_nxt != ipproto)
			return -1;
		ihl = sizeof(*ip6);
		tot = ihl + ntohs(ip6->ip6_plen);
	} else {
		if (n < sizeof(*ip) || ip->version != 4 ||
		    ip->protocol != ipproto)
			return -1;
		ihl = ip->ihl * 4;
		tot = ntohs(ip->tot_len);
	}
	if (n < ihl + sizeof(*th))
		return -1;
	th = (const struct tcphdr *)(buf + ihl);
	doff = th->doff * 4;
	if (doff < sizeof(*th) || n < ihl + doff)
		return -1;
	memset(s, 0, sizeof(*s));
	s->wscale = 0xff;
	s->flags = ((const uint8_t *)th)[13] & 0x1f;
	s->seq = ntohl(th->seq);
	s->ack = ntohl(th->ack_seq);
	s->win = ntohs(th->window);
	s->sport = ntohs(th->source);
	s->dport = ntohs(th->dest);
	s->len = tot < ihl + doff ? 0 : tot - ihl - doff;
	end = (const uint8_t *)th + doff;
	for (opt = (const uint8_t *)(th + 1); opt < end;) {
		if (*opt == TCPOPT_EOL)
			break;
		if (*opt == TCPOPT_NOP) {
			opt++;
			continue;
		}
		if (opt + 1 >= end || opt[1] < 2)
			break;
		if (*opt == TCPOPT_MAXSEG && opt[1] == TCPOLEN_MAXSEG)
			s->mss = opt[2] << 8 | opt[3];
		if (*opt == TCPOPT_WINDOW && opt[1] == TCPOLEN_WINDOW)
			s->wscale = opt[2];
		opt += opt[1];
	}
	return 0;
}

/* The MTU of device @dev, or -1. */
static inline int xtcp_dev_mtu(const char *dev)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	ret = ioctl(fd, SIOCGIFMTU, &ifr) ? -1 : ifr.ifr_mtu;
	close(fd);
	return ret;
}

/*
 * The MSS of a route with MTU @mtu (tcp_mtu_to_mss()): less the IP header
 * (20 bytes in IPv4, RFC 8200's 40 in IPv6) and the 20 of the segment's.
 */
static inline int xtcp_mtu_to_mss(int mtu, int ipv6)
{
	return mtu - (ipv6 ? (int)sizeof(struct ip6_hdr) :
		      (int)sizeof(struct iphdr)) - (int)sizeof(struct tcphdr);
}

static inline int xtcp_ifreq_addr(int fd, const char *dev, unsigned long req,
				  const char *a)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, a, &sin->sin_addr);
	return ioctl(fd, req, &ifr);
}

/*
 * With xtcp_ipv6, @dev also gets 2001:db8::2/64, without duplicate address
 * detection: a TUN device has no neighbours, and a tentative address would
 * hold every segment for a second.
 */
static inline int xtcp_tun_addr6(const char *dev)
{
	struct in6_ifreq {
		struct in6_addr addr;
		uint32_t prefixlen;
		int ifindex;
	} ifr6 = { .prefixlen = 64 };
	char path[96];
	FILE *f;
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/accept_dad",
		 dev);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("0", f);
	if (fclose(f))
		return -1;
	ifr6.ifindex = if_nametoindex(dev);
	inet_pton(AF_INET6, XTCP_PEER_LOCAL6, &ifr6.addr);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, SIOCSIFADDR, &ifr6);
	close(fd);
	return ret;
}

/*
 * Wait (2 s at most) until XTCP's IPv6 address is in use: it is installed
 * once the device is up, by a work item, and a segment that comes before
 * is dropped (Ip6InAddrErrors). Binding to it fails until then.
 */
static inline int xtcp_tun_wait6(void)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int fd, i, ret = -1;

	inet_pton(AF_INET6, XTCP_PEER_LOCAL6, &sa.sin6_addr);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	for (i = 0; fd >= 0 && i < 200 && ret; i++) {
		ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
		if (ret)
			usleep(10000);
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * Create TUN device @dev in the current network namespace, give it
 * 192.0.2.2/24 and bring it up: the connected route then sends the
 * segments for 192.0.2.1 to our fd. Returns the fd, or -1 with a message.
 */
static inline int xtcp_tun_open_dev(const char *dev)
{
	struct ifreq ifr = { 0 };
	int tun, fd;

	tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (tun < 0) {
		perror("xtcp-peer: /dev/net/tun");
		return -1;
	}
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (ioctl(tun, TUNSETIFF, &ifr) ||
	    xtcp_ifreq_addr(fd, dev, SIOCSIFADDR, XTCP_PEER_LOCAL) ||
	    xtcp_ifreq_addr(fd, dev, SIOCSIFNETMASK, "255.255.255.0") ||
	    ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		fprintf(stderr, "xtcp-peer: setting up %s: %s\n", dev,
			strerror(errno));
		goto fail;
	}
	if (xtcp_ipv6 && xtcp_tun_addr6(dev)) {
		fprintf(stderr, "xtcp-peer: IPv6 address on %s: %s\n", dev,
			strerror(errno));
		goto fail;
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr)) {
		fprintf(stderr, "xtcp-peer: bringing up %s: %s\n", dev,
			strerror(errno));
		goto fail;
	}
	if (xtcp_ipv6 && xtcp_tun_wait6()) {
		fprintf(stderr, "xtcp-peer: %s never came: %s\n",
			XTCP_PEER_LOCAL6, strerror(errno));
		goto fail;
	}
	close(fd);
	fcntl(tun, F_SETFL, O_NONBLOCK);
	return tun;
fail:
	close(fd);
	close(tun);
	return -1;
}

static inline int xtcp_tun_open(void)
{
	return xtcp_tun_open_dev(XTCP_PEER_DEV);
}

#endif /* XTCP_PEER_NET_H */
