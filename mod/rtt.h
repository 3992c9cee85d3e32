/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The retransmission timeout (RFC 6298): SRTT and RTTVAR from RTT samples,
 * and the RTO from them. Pure arithmetic in microseconds, for KUnit.
 */
#ifndef _XTCP_RTT_H
#define _XTCP_RTT_H

#include <linux/types.h>

struct xtcp_rtt {
	u32 srtt_us;		/* 0: no sample yet */
	u32 rttvar_us;
};

void xtcp_rtt_sample(struct xtcp_rtt *r, u32 m_us);
u32 xtcp_rtt_rto_us(const struct xtcp_rtt *r, u32 init_us, u32 min_us,
		    u32 max_us);
u32 xtcp_rto_backoff_ms(u32 base_ms, unsigned int backoff, u32 max_ms);

#endif /* _XTCP_RTT_H */
