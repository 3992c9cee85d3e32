// SPDX-License-Identifier: GPL-2.0
/*
 * Initial sequence numbers, RFC 6528: ISN = M + F(4-tuple, secret), where M
 * is a clock ticking every 4 microseconds (RFC 9293 3.4.1) and F a keyed
 * hash (SipHash) with a random key made at first use.
 */
#include <kunit/visibility.h>
#include <linux/ktime.h>
#include <linux/net.h>
#include <linux/siphash.h>

#include "xtcp.h"
#include "isn.h"

static siphash_aligned_key_t xtcp_isn_key;

/* F + M for a given key and clock reading in ns; pure, for KUnit. */
u32 xtcp_isn_calc(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		  __be16 sport, __be16 dport, u64 ns)
{
	u32 f = siphash_3u32((__force u32)saddr, (__force u32)daddr,
			     (__force u32)sport << 16 | (__force u32)dport,
			     key);

	return f + (u32)(ns >> 12);	/* 4.096 us ticks */
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_isn_calc);

#if IS_ENABLED(CONFIG_KUNIT)
/* The key, made by the first xtcp_isn(): KUnit checks what connect() chose. */
const siphash_key_t *xtcp_isn_key_get(void)
{
	return &xtcp_isn_key;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_isn_key_get);
#endif

u32 xtcp_isn(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	net_get_random_once(&xtcp_isn_key, sizeof(xtcp_isn_key));
	return xtcp_isn_calc(&xtcp_isn_key, saddr, daddr, sport, dport,
			     ktime_get_real_ns());
}

/* The ISN of connection @t: IPv6's over its whole addresses. */
u32 xtcp_isn_tuple(const struct xtcp_tuple *t)
{
	struct {
		struct in6_addr laddr, raddr;
		__be16 lport, rport;
	} __aligned(SIPHASH_ALIGNMENT) in = {
		.laddr = t->laddr6,
		.raddr = t->raddr6,
		.lport = t->lport,
		.rport = t->rport,
	};

	if (!t->v6)
		return xtcp_isn(t->laddr, t->raddr, t->lport, t->rport);
	net_get_random_once(&xtcp_isn_key, sizeof(xtcp_isn_key));
	return siphash(&in, offsetofend(typeof(in), rport), &xtcp_isn_key) +
	       (u32)(ktime_get_real_ns() >> 12);
}
