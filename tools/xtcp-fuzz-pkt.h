/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp-fuzz's segments: a seeded generator, and segments built from fields
 * that may each be wrong on purpose (flags, data offset, options, lengths,
 * checksum, IP options, fragments). The IPv4 side and the checksum are
 * xtcp-peer's (xtcp-peer-net.h). Header-only, as every tools/ helper.
 */
#ifndef XTCP_FUZZ_PKT_H
#define XTCP_FUZZ_PKT_H

#include <stdint.h>
#include <string.h>

#include "xtcp-peer-net.h"

/* splitmix64: small, seedable, and the same everywhere. */
static inline uint64_t fz_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* 0 .. @n - 1 */
static inline uint32_t fz_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(fz_next(s) % n) : 0;
}

/* True with probability @pct percent. */
static inline int fz_chance(uint64_t *s, int pct)
{
	return (int)fz_below(s, 100) < pct;
}

#define FZ_MAX_PKT	65535

/* A segment as sent: each field may be wrong on purpose. */
struct fz_pkt {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* the flag byte: CWR ECE URG ACK PSH RST SYN FIN */
	uint8_t res;		/* the 4 reserved bits */
	uint16_t win, urg;
	uint8_t opt[40];
	int optlen;		/* bytes of options, a multiple of 4 once padded */
	int doff;		/* data offset in words; -1: the right one */
	uint32_t len;		/* payload bytes */
	int bad_csum;		/* flip a bit of the checksum */
	uint8_t ipopt[40];
	int ipoptlen;		/* a multiple of 4 */
	int cut;		/* bytes cut off the end of the packet */
	int totlen_delta;	/* added to the IP total length */
};

/*
 * Build @p into @buf (FZ_MAX_PKT bytes at least). Returns the packet's
 * length on the wire, which may be shorter than the headers say. In IPv6
 * (xtcp_ipv6) there are no IP options, and the length lie is the payload
 * length's.
 */
static inline size_t fz_pkt_build(const struct fz_pkt *p, int ipproto,
				  uint8_t *buf)
{
	size_t ihl = xtcp_ipv6 ? xtcp_ip_hlen() : 20 + (size_t)p->ipoptlen;
	size_t hlen = 20 + p->optlen, n;
	struct iphdr *ip = (struct iphdr *)buf;
	uint8_t *th = buf + ihl;
	uint32_t len = p->len;
	uint16_t csum;

	if (ihl + hlen + len > FZ_MAX_PKT)
		len = FZ_MAX_PKT - ihl - hlen;
	n = ihl + hlen + len;
	memset(buf, 0, ihl + hlen);
	xtcp_ip_build(buf, hlen + len, ipproto);
	if (p->ipoptlen && !xtcp_ipv6) {
		memcpy(buf + 20, p->ipopt, p->ipoptlen);
		ip->ihl = ihl / 4;
		ip->tot_len = htons(n);
	}
	th[0] = p->sport >> 8;
	th[1] = p->sport;
	th[2] = p->dport >> 8;
	th[3] = p->dport;
	for (int i = 0; i < 4; i++) {
		th[4 + i] = p->seq >> (24 - 8 * i);
		th[8 + i] = p->ack >> (24 - 8 * i);
	}
	th[12] = (p->doff < 0 ? (int)hlen / 4 : p->doff) << 4 | (p->res & 0xf);
	th[13] = p->flags;
	th[14] = p->win >> 8;
	th[15] = p->win;
	th[18] = p->urg >> 8;
	th[19] = p->urg;
	memcpy(th + 20, p->opt, p->optlen);
	memset(th + hlen, 'z', len);
	/* The checksum as the headers have it, before any lie about length. */
	csum = xtcp_l4_csum(buf, th, hlen + len);
	if (p->bad_csum)
		csum ^= htons(1 << (p->bad_csum & 15));
	memcpy(th + 16, &csum, 2);
	if (p->totlen_delta && xtcp_ipv6) {
		struct ip6_hdr *ip6 = (struct ip6_hdr *)buf;

		ip6->ip6_plen = htons(ntohs(ip6->ip6_plen) + p->totlen_delta);
	} else if (p->totlen_delta) {
		ip->tot_len = htons(ntohs(ip->tot_len) + p->totlen_delta);
		ip->check = 0;
		ip->check = xtcp_csum_fold(xtcp_csum_add(0, ip, ihl));
	} else if (p->ipoptlen && !xtcp_ipv6) {
		ip->check = 0;
		ip->check = xtcp_csum_fold(xtcp_csum_add(0, ip, ihl));
	}
	return n - (p->cut > 0 && (size_t)p->cut < n ? p->cut : 0);
}

/*
 * Write the IPv4 packet @buf of @n bytes to @tun as @nfrag fragments (1:
 * whole). Fragments go in order unless @shuffle; with @drop one never goes,
 * so the datagram stays incomplete until the reassembly timeout.
 */
static inline int fz_send_frags(int tun, const uint8_t *buf, size_t n,
				int nfrag, int shuffle, int drop)
{
	size_t ihl = (buf[0] & 0xf) * 4, body = n - ihl, step;
	uint8_t frag[FZ_MAX_PKT];
	int order[8], i, sent = 0;

	if (nfrag <= 1 || ihl > n || body < 16)
		return write(tun, buf, n) == (ssize_t)n ? 1 : -1;
	if (nfrag > 8)
		nfrag = 8;
	step = (body / nfrag + 7) & ~7u;
	if (!step)
		step = 8;
	for (i = 0; i < nfrag; i++)
		order[i] = i;
	if (shuffle)
		for (i = nfrag - 1; i > 0; i--) {
			int j = (shuffle + i) % (i + 1), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
	for (i = 0; i < nfrag; i++) {
		size_t off = order[i] * step, len;
		struct iphdr *ip = (struct iphdr *)frag;

		if (off >= body || (drop && i == drop % nfrag))
			continue;
		len = off + step >= body || order[i] == nfrag - 1 ?
		      body - off : step;
		memcpy(frag, buf, ihl);
		memcpy(frag + ihl, buf + ihl + off, len);
		ip->tot_len = htons(ihl + len);
		ip->frag_off = htons((off / 8) |
				     (off + len < body ? IP_MF : 0));
		ip->check = 0;
		ip->check = xtcp_csum_fold(xtcp_csum_add(0, ip, ihl));
		if (write(tun, frag, ihl + len) == (ssize_t)(ihl + len))
			sent++;
	}
	return sent;
}

/* Append option @kind of total length @len (the length byte may lie). */
static inline int fz_opt(struct fz_pkt *p, uint8_t kind, uint8_t lenbyte,
			 const uint8_t *val, int vlen)
{
	if (p->optlen + 2 + vlen > 40)
		return -1;
	p->opt[p->optlen++] = kind;
	p->opt[p->optlen++] = lenbyte;
	memcpy(p->opt + p->optlen, val, vlen);
	p->optlen += vlen;
	return 0;
}

/* Pad the options to a whole word with NOPs (or, sometimes, EOLs). */
static inline void fz_opt_pad(struct fz_pkt *p, uint8_t pad)
{
	while (p->optlen % 4)
		p->opt[p->optlen++] = pad;
}

/*
 * Random options: well-formed and malformed MSS (0, 1, 65535...), window
 * scale (15 and more), SACK-permitted, SACK blocks, timestamps, unknown
 * kinds, EOL and NOP runs, lengths of 0, 1 and past the end.
 */
static inline void fz_opts_random(uint64_t *r, struct fz_pkt *p)
{
	static const uint16_t mss[] = { 0, 1, 47, 48, 88, 536, 1460, 65535 };
	int n = 1 + fz_below(r, 5);
	uint8_t v[38];

	for (int i = 0; i < n && p->optlen < 40; i++) {
		uint16_t m;

		for (int j = 0; j < (int)sizeof(v); j++)
			v[j] = fz_next(r);
		switch (fz_below(r, 12)) {
		case 0:		/* MSS */
			m = fz_chance(r, 70) ? mss[fz_below(r, 8)] : fz_next(r);
			v[0] = m >> 8;
			v[1] = m;
			fz_opt(p, TCPOPT_MAXSEG, TCPOLEN_MAXSEG, v, 2);
			break;
		case 1:		/* window scale */
			v[0] = fz_chance(r, 50) ? 13 + fz_below(r, 4) : v[0];
			fz_opt(p, TCPOPT_WINDOW, TCPOLEN_WINDOW, v, 1);
			break;
		case 2:
			fz_opt(p, TCPOPT_SACK_PERMITTED, TCPOLEN_SACK_PERMITTED,
			       v, 0);
			break;
		case 3:		/* SACK blocks, 1 to 4 */
			m = 8 * (1 + fz_below(r, 4));
			fz_opt(p, TCPOPT_SACK, 2 + m, v, m);
			break;
		case 4:
			fz_opt(p, TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP, v, 8);
			break;
		case 5:		/* a known kind with a wrong length */
			m = fz_below(r, 6);
			fz_opt(p, (uint8_t[]){ 2, 3, 4, 5, 8, 8 }[m],
			       fz_below(r, 12), v, fz_below(r, 10));
			break;
		case 6:		/* unknown kinds */
			m = fz_below(r, 12);
			fz_opt(p, 9 + fz_below(r, 247), 2 + m, v, m);
			break;
		case 7:		/* NOP run */
			for (m = fz_below(r, 40); m && p->optlen < 40; m--)
				p->opt[p->optlen++] = TCPOPT_NOP;
			break;
		case 8:		/* EOL, then anything */
			p->opt[p->optlen++] = TCPOPT_EOL;
			break;
		case 9:		/* a length of 0 or 1 */
			fz_opt(p, fz_next(r), fz_below(r, 2), v, 0);
			break;
		case 10:	/* a length past the end */
			fz_opt(p, fz_next(r), 40, v, fz_below(r, 4));
			break;
		default:	/* raw bytes */
			for (m = fz_below(r, 8); m && p->optlen < 40; m--)
				p->opt[p->optlen++] = fz_next(r);
			break;
		}
	}
	fz_opt_pad(p, fz_chance(r, 80) ? TCPOPT_NOP : TCPOPT_EOL);
}

/* Random IPv4 options: NOP, EOL, record route, timestamp, router alert. */
static inline void fz_ipopts_random(uint64_t *r, struct fz_pkt *p)
{
	int n = 4 * (1 + fz_below(r, 10));

	for (int i = 0; i < n; i++)
		p->ipopt[i] = fz_next(r);
	switch (fz_below(r, 5)) {
	case 0:
		memset(p->ipopt, 1, n);		/* NOPs */
		break;
	case 1:
		p->ipopt[0] = 7;		/* record route */
		p->ipopt[1] = n < 39 ? n - 1 : 39;
		p->ipopt[2] = 4;
		break;
	case 2:
		p->ipopt[0] = 68;		/* timestamp */
		p->ipopt[1] = n;
		p->ipopt[2] = 5;
		p->ipopt[3] = 0;
		break;
	case 3:
		p->ipopt[0] = 148;		/* router alert */
		p->ipopt[1] = 4;
		p->ipopt[2] = 0;
		p->ipopt[3] = 0;
		break;
	default:
		break;			/* raw */
	}
	p->ipoptlen = n;
}

#endif /* XTCP_FUZZ_PKT_H */
