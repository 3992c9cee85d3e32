// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies (RFC 4987 3.6), made as Linux's net/ipv4/syncookies.c and
 * net/ipv6/syncookies.c make them. A SYN that finds the request queue full (sysctl
 * syncookies 1), or any SYN (2), gets a SYN+ACK whose ISN is a cookie, and
 * nothing is stored; the ACK that returns cookie + 1 makes the connection
 * (request.c). The cookie, with count the minute:
 *
 *   H0(4-tuple) + SEG.SEQ + (count << 24) + ((H1(4-tuple, count) + i) % 2^24)
 *
 * where H0 and H1 are SipHash under two secret keys (of the full
 * addresses, for IPv6 too) and i indexes the table of MSS values the
 * cookie can name, the largest the peer's MSS option allows. A cookie is
 * good for two minutes. It has no room for the window scale (Linux keeps
 * that in the timestamp option, which XTCP does not send): a connection
 * made from one has none.
 */
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/siphash.h>
#include <kunit/visibility.h>

#include "cookie.h"

#define XTCP_COOKIEBITS		24
#define XTCP_COOKIEMASK		(((u32)1 << XTCP_COOKIEBITS) - 1)
#define XTCP_COOKIE_PERIOD	(60 * HZ)	/* TCP_SYNCOOKIE_PERIOD */
#define XTCP_COOKIE_MAX_AGE	2		/* MAX_SYNCOOKIE_AGE */

static siphash_aligned_key_t xtcp_cookie_secret[2];

/* msstab[] of the two syncookies.c: what a cookie's MSS index names. */
static const u16 xtcp_cookie_msstab[2][XTCP_COOKIE_MSS_N] = {
	{ 536, 1300, 1440, 1460 },
	/* IPv6: IPV6_MIN_MTU, 1480, 1500 and 9000, less 60. */
	{ 1220, 1420, 1440, 8940 },
};

static u32 xtcp_cookie_hash(const struct xtcp_tuple *t, u32 count, int c)
{
	/*
	 * IPv6: the addresses themselves, as cookie_hash() of
	 * net/ipv6/syncookies.c; a node's 32-bit digests of them would let
	 * a cookie seen at one address pass for another of equal digest.
	 */
	u32 v6[10];

	net_get_random_once(xtcp_cookie_secret, sizeof(xtcp_cookie_secret));
	if (!t->v6)
		return siphash_4u32((__force u32)t->raddr,
				    (__force u32)t->laddr,
				    (__force u32)t->rport << 16 |
				    (__force u32)t->lport,
				    count, &xtcp_cookie_secret[c]);
	memcpy(v6, &t->raddr6, 16);
	memcpy(v6 + 4, &t->laddr6, 16);
	v6[8] = count;
	v6[9] = (__force u32)t->rport << 16 | (__force u32)t->lport;
	return siphash(v6, sizeof(v6), &xtcp_cookie_secret[c]);
}

/* tcp_cookie_time(): the minute, the cookie's clock. */
u32 xtcp_cookie_time(void)
{
	u64 val = get_jiffies_64();

	do_div(val, XTCP_COOKIE_PERIOD);
	return val;
}

/*
 * __cookie_v4_init_sequence(), __cookie_v6_init_sequence(): the largest
 * table MSS within @mss.
 */
u32 xtcp_cookie_mssind(u16 mss, bool v6)
{
	u32 i;

	for (i = XTCP_COOKIE_MSS_N - 1; i; i--)
		if (mss >= xtcp_cookie_msstab[v6][i])
			break;
	return i;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cookie_mssind);

u16 xtcp_cookie_mss(u32 mssind, bool v6)
{
	return mssind < XTCP_COOKIE_MSS_N ? xtcp_cookie_msstab[v6][mssind] : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cookie_mss);

/*
 * secure_tcp_syn_cookie(): the ISN for a SYN of 4-tuple @t (as it
 * arrived: raddr is its source) with sequence number @sseq.
 */
u32 xtcp_cookie_make(const struct xtcp_tuple *t, u32 sseq, u32 mssind,
		     u32 count)
{
	return xtcp_cookie_hash(t, 0, 0) + sseq + (count << XTCP_COOKIEBITS) +
	       ((xtcp_cookie_hash(t, count, 1) + mssind) & XTCP_COOKIEMASK);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cookie_make);

/*
 * check_tcp_syn_cookie(): the MSS that @cookie (SEG.ACK - 1) names for
 * @t and @sseq (SEG.SEQ - 1), or 0 if it is not ours or too old.
 */
u16 xtcp_cookie_check(const struct xtcp_tuple *t, u32 sseq, u32 cookie,
		      u32 count)
{
	u32 diff;

	cookie -= xtcp_cookie_hash(t, 0, 0) + sseq;
	diff = (count - (cookie >> XTCP_COOKIEBITS)) &
	       ((u32)-1 >> XTCP_COOKIEBITS);
	if (diff >= XTCP_COOKIE_MAX_AGE)
		return 0;
	return xtcp_cookie_mss((cookie - xtcp_cookie_hash(t, count - diff, 1)) &
			       XTCP_COOKIEMASK, t->v6);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cookie_check);
