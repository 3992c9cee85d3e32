/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Congestion control: slow start and congestion avoidance (RFC 5681), fast
 * retransmit and NewReno fast recovery (RFC 6582). Counted in bytes. Pure
 * state changes for KUnit: the caller sends what the verdicts ask for.
 */
#ifndef _XTCP_CONG_H
#define _XTCP_CONG_H

#include <linux/types.h>
#include <linux/xtcp.h>

struct xtcp_cc {
	u32 cwnd;		/* bytes */
	u32 ssthresh;		/* bytes */
	u32 acked;		/* bytes toward the next avoidance step */
	u32 recover;		/* RFC 6582: SND.NXT when recovery began */
	u32 rtx_wait;		/* in recovery: duplicates that segments
				 * sent before the last retransmission may
				 * still bring; past them, it was lost
				 */
	u8 dupacks;
	u8 state;		/* XTCP_CA_* */
	u8 recover_rto;		/* recover was set by a timeout */
};

/* What the sender must do after an ACK. */
enum xtcp_cc_verdict {
	XTCP_CC_NONE,
	XTCP_CC_RETRANSMIT,	/* send the first unacked segment again */
	XTCP_CC_RETRANSMIT_LOST, /* the same, as its last copy was lost */
};

#define XTCP_CC_DUPTHRESH	3
#define XTCP_CC_INIT_SEGS	10	/* RFC 6928 */

void xtcp_cc_init(struct xtcp_cc *cc, u32 mss, u32 iss);
enum xtcp_cc_verdict xtcp_cc_ack(struct xtcp_cc *cc, u32 ack, u32 acked,
				 u32 flight, bool cwnd_limited, u32 mss);
enum xtcp_cc_verdict xtcp_cc_dupack(struct xtcp_cc *cc, u32 snd_una,
				    u32 snd_nxt, u32 flight, u32 mss);
void xtcp_cc_timeout(struct xtcp_cc *cc, u32 snd_nxt, u32 flight, u32 mss);
void xtcp_cc_mtu_loss(struct xtcp_cc *cc, u32 snd_nxt);

#endif /* _XTCP_CONG_H */
