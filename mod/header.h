/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The segment header (RFC 9293 3.1): validation, options and the checksum.
 * Pure functions on bytes, so that KUnit can test them without sockets.
 */
#ifndef _XTCP_HEADER_H
#define _XTCP_HEADER_H

#include <linux/types.h>
#include <linux/tcp.h>

#define XTCP_HDR_MIN	sizeof(struct tcphdr)	/* 20 bytes, data offset 5 */

/* Options we understand; the rest are skipped by their length. */
struct xtcp_opts {
	u16 mss;		/* 0 when absent */
	u8 wscale;
	bool has_wscale;
	bool sack_ok;
	bool has_ts;
	u32 tsval;
	u32 tsecr;
};

int xtcp_hdr_len(const struct tcphdr *th, unsigned int len);
int xtcp_parse_options(const u8 *p, unsigned int len, struct xtcp_opts *opts);
__sum16 xtcp_csum(__be32 saddr, __be32 daddr, const void *seg,
		  unsigned int len);

#endif /* _XTCP_HEADER_H */
