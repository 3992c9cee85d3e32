// SPDX-License-Identifier: GPL-2.0
/*
 * Header validation, option parsing and the checksum. The checksum is TCP's,
 * with IPPROTO_TCP in the pseudo-header whatever the IP protocol number, so
 * that TCP dissectors validate XTCP segments unchanged.
 */
#include <kunit/visibility.h>
#include <net/tcp.h>

#include "header.h"

/*
 * Length of the header, options included, of a segment of @len bytes, or
 * -EINVAL if the data offset is below 5 words or points past the segment.
 */
int xtcp_hdr_len(const struct tcphdr *th, unsigned int len)
{
	unsigned int hlen;

	if (len < XTCP_HDR_MIN)
		return -EINVAL;
	hlen = th->doff * 4;
	if (hlen < XTCP_HDR_MIN || hlen > len)
		return -EINVAL;
	return hlen;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_hdr_len);

static void xtcp_parse_one(u8 kind, const u8 *p, u8 olen,
			   struct xtcp_opts *opts)
{
	/* A known option of the wrong length is ignored, as Linux does. */
	switch (kind) {
	case TCPOPT_MSS:
		if (olen == TCPOLEN_MSS)
			opts->mss = get_unaligned_be16(p + 2);
		break;
	case TCPOPT_WINDOW:
		if (olen == TCPOLEN_WINDOW) {
			opts->has_wscale = true;
			opts->wscale = min_t(u8, p[2], TCP_MAX_WSCALE);
		}
		break;
	case TCPOPT_SACK_PERM:
		if (olen == TCPOLEN_SACK_PERM)
			opts->sack_ok = true;
		break;
	case TCPOPT_TIMESTAMP:
		if (olen == TCPOLEN_TIMESTAMP) {
			opts->has_ts = true;
			opts->tsval = get_unaligned_be32(p + 2);
			opts->tsecr = get_unaligned_be32(p + 6);
		}
		break;
	}
}

/*
 * Parse @len bytes of options. Unknown options are skipped by their length
 * (RFC 9293 MUST-6); a length below 2 or past the end is malformed: -EINVAL.
 */
int xtcp_parse_options(const u8 *p, unsigned int len, struct xtcp_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	while (len) {
		u8 kind = p[0], olen;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			p++;
			len--;
			continue;
		}
		if (len < 2)
			return -EINVAL;
		olen = p[1];
		if (olen < 2 || olen > len)
			return -EINVAL;
		xtcp_parse_one(kind, p, olen, opts);
		p += olen;
		len -= olen;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_parse_options);

/*
 * TCP's checksum over @len bytes of segment and the IPv4 pseudo-header.
 * Over a segment that carries its checksum, a correct one gives 0.
 */
__sum16 xtcp_csum(__be32 saddr, __be32 daddr, const void *seg,
		  unsigned int len)
{
	return csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP,
				 csum_partial(seg, len, 0));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum);
