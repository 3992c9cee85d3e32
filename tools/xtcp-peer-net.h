/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp-peer's network side: the TUN device that stands for the peer, and
 * building and parsing XTCP segments in IPv4. Header-only, because the
 * Makefile builds each tools/ C file as a program of its own. xtcp-fuzz
 * uses it too, with a TUN device of its own for Linux's TCP.
 */
#ifndef XTCP_PEER_NET_H
#define XTCP_PEER_NET_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
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
 * An IPv4 header at @buf, from the peer to XTCP's address, for @l4len bytes
 * after it of protocol @ipproto; the header checksum is set.
 */
static inline void xtcp_ip_build(uint8_t *buf, size_t l4len, int ipproto)
{
	struct iphdr *ip = (struct iphdr *)buf;

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
	struct iphdr *ip = (struct iphdr *)buf;
	struct tcphdr *th = (struct tcphdr *)(ip + 1);
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
	th->check = xtcp_seg_csum(ip, th, hlen + s->len);
	return sizeof(*ip) + hlen + s->len;
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
 * Parse an IPv4 packet read from the TUN device. Only XTCP segments count:
 * anything else the kernel sends there (IPv6 router solicitations, say)
 * returns -1 and is ignored.
 */
static inline int xtcp_seg_parse(const uint8_t *buf, size_t n, int ipproto,
				 struct xtcp_seg *s)
{
	const struct iphdr *ip = (const struct iphdr *)buf;
	const struct tcphdr *th;
	const uint8_t *opt, *end;
	size_t ihl, doff;

	if (n < sizeof(*ip) || ip->version != 4 || ip->protocol != ipproto)
		return -1;
	ihl = ip->ihl * 4;
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
	s->len = (ntohs(ip->tot_len) < ihl + doff ? 0 :
		  ntohs(ip->tot_len) - ihl - doff);
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
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr)) {
		fprintf(stderr, "xtcp-peer: bringing up %s: %s\n", dev,
			strerror(errno));
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
