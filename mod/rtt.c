// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6298 2.2 and 2.3: the first sample sets SRTT = R and RTTVAR = R/2;
 * later ones move RTTVAR by 1/4 of |SRTT - R| and SRTT by 1/8 of R - SRTT.
 * RTO = SRTT + max(G, 4 * RTTVAR), clamped to [min, max] (2.4, 2.5). The
 * clock is the microsecond, so G is 1 us. Karn's rule (3) is the caller's:
 * it takes no sample from a retransmitted segment.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/minmax.h>

#include "rtt.h"

void xtcp_rtt_sample(struct xtcp_rtt *r, u32 m_us)
{
	u32 delta;

	m_us = max(m_us, 1U);
	if (!r->srtt_us) {
		r->srtt_us = m_us;
		r->rttvar_us = m_us / 2;
		return;
	}
	delta = r->srtt_us > m_us ? r->srtt_us - m_us : m_us - r->srtt_us;
	r->rttvar_us = r->rttvar_us - r->rttvar_us / 4 + delta / 4;
	r->srtt_us = r->srtt_us - r->srtt_us / 8 + m_us / 8;
	r->srtt_us = max(r->srtt_us, 1U);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rtt_sample);

/*
 * Before any sample, @init_us (RFC 6298 2.1), unclamped below so that
 * tests can shorten it; then the estimate.
 */
u32 xtcp_rtt_rto_us(const struct xtcp_rtt *r, u32 init_us, u32 min_us,
		    u32 max_us)
{
	u64 rto;

	if (!r->srtt_us)
		return min(init_us, max_us);
	rto = (u64)r->srtt_us + max_t(u64, 1, 4ULL * r->rttvar_us);
	return clamp_t(u64, rto, min_us, max_us);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rtt_rto_us);

/*
 * @base_ms doubled @backoff times, at most @max_ms (RFC 6298 5.5). The
 * count may be anything up to 255 (synack_retries): a shift of 64 or more
 * is undefined, and one that pushes bits out would wrap to a short timer.
 */
u32 xtcp_rto_backoff_ms(u32 base_ms, unsigned int backoff, u32 max_ms)
{
	if (backoff >= 32 || ((u64)base_ms << backoff) > max_ms)
		return max_ms;
	return base_ms << backoff;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rto_backoff_ms);
