/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4): a is before b when
 * b - a, read as a signed 32-bit number, is positive.
 */
#ifndef _XTCP_SEQ_H
#define _XTCP_SEQ_H

#include <linux/types.h>

static inline bool xtcp_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

static inline bool xtcp_seq_after(u32 a, u32 b)
{
	return xtcp_seq_before(b, a);
}

static inline bool xtcp_seq_leq(u32 a, u32 b)
{
	return !xtcp_seq_after(a, b);
}

static inline bool xtcp_seq_geq(u32 a, u32 b)
{
	return !xtcp_seq_before(a, b);
}

/* lo <= seq <= hi, all modulo 2^32. */
static inline bool xtcp_seq_between(u32 seq, u32 lo, u32 hi)
{
	return hi - lo >= seq - lo;
}

#endif /* _XTCP_SEQ_H */
