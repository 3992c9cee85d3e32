// SPDX-License-Identifier: GPL-2.0
/*
 * NewReno in bytes. @flight is what is outstanding (SND.NXT - SND.UNA) when
 * the event is seen; @mss is the sender's MSS.
 */
#include <kunit/visibility.h>
#include <linux/minmax.h>

#include "cong.h"
#include "seq.h"

#define XTCP_CC_INFINITE	0x7fffffffU

/* RFC 6582 3.2 step 1: recover starts at the ISS. */
void xtcp_cc_init(struct xtcp_cc *cc, u32 mss, u32 iss)
{
	cc->recover = iss;
	cc->cwnd = XTCP_CC_INIT_SEGS * mss;
	cc->ssthresh = XTCP_CC_INFINITE;
	cc->acked = 0;
	cc->dupacks = 0;
	cc->state = XTCP_CA_OPEN;
	cc->recover_rto = 0;
	cc->rtx_wait = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_init);

/* RFC 5681 (4): half of what is in flight, but at least two segments. */
static u32 xtcp_cc_halve(u32 flight, u32 mss)
{
	return max(flight / 2, 2 * mss);
}

/* Growth: slow start by up to 2 MSS per ACK (RFC 3465 L = 2), then one MSS
 * per window's worth of ACKed bytes. Only when the window was the limit, so
 * that an idle or receiver-limited sender does not inflate it.
 */
static void xtcp_cc_grow(struct xtcp_cc *cc, u32 acked, u32 mss)
{
	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += min(acked, 2 * mss);
		return;
	}
	cc->acked += acked;
	if (cc->acked >= cc->cwnd) {
		cc->acked -= cc->cwnd;
		cc->cwnd += mss;
	}
}

/*
 * The first unacked segment goes again, with @flight bytes outstanding.
 * Every segment sent before it that arrives brings a duplicate ACK; more
 * duplicates than that (and the threshold, for reordering) mean segments
 * sent after it arrived and it did not: the retransmission was lost. With
 * no SACK to tell, this is all a sender sees before its timer fires.
 */
static void xtcp_cc_rtx_sent(struct xtcp_cc *cc, u32 flight, u32 mss)
{
	cc->rtx_wait = DIV_ROUND_UP(flight, mss) + XTCP_CC_DUPTHRESH;
}

/*
 * A new cumulative ACK of @acked bytes, up to @ack. In recovery, a partial
 * ACK (below recover) retransmits the next hole and deflates the window by
 * what it acked, less one MSS (RFC 6582 3.2 step 3); a full ACK ends the
 * recovery with cwnd = min(ssthresh, max(flight, MSS) + MSS), step 3 (1).
 */
enum xtcp_cc_verdict xtcp_cc_ack(struct xtcp_cc *cc, u32 ack, u32 acked,
				 u32 flight, bool cwnd_limited, u32 mss)
{
	cc->dupacks = 0;
	if (cc->state == XTCP_CA_RECOVERY) {
		if (xtcp_seq_before(ack, cc->recover)) {
			cc->cwnd -= min(acked, cc->cwnd - mss);
			if (acked >= mss)
				cc->cwnd += mss;
			xtcp_cc_rtx_sent(cc, flight - min(flight, acked), mss);
			return XTCP_CC_RETRANSMIT;
		}
		cc->rtx_wait = 0;
		cc->cwnd = min(cc->ssthresh, max(flight - min(flight, acked),
						 mss) + mss);
		cc->state = XTCP_CA_OPEN;
		cc->acked = 0;
		return XTCP_CC_NONE;
	}
	if (cc->state == XTCP_CA_LOSS && !xtcp_seq_before(ack, cc->recover))
		cc->state = XTCP_CA_OPEN;
	if (cwnd_limited)
		xtcp_cc_grow(cc, acked, mss);
	return XTCP_CC_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_ack);

/*
 * A duplicate ACK (RFC 5681 2). The third starts fast retransmit, unless
 * the ACK does not cover recover: then the loss was already handled, by a
 * timeout or an earlier recovery (RFC 6582 3.2 step 2). An ACK at recover
 * itself after a fast recovery does start one: the segment sent first
 * after that retransmission is lost, and the duplicates cannot come from
 * segments sent twice, as after a timeout's go-back-N. Linux (Reno) holds
 * its recovery at SND.UNA == high_seq and retransmits the head the same
 * way. In recovery each further one inflates the window by an MSS (step 4),
 * up to ssthresh + @flight, and past rtx_wait of them the retransmission is
 * taken as lost and goes again, within the same recovery.
 */
enum xtcp_cc_verdict xtcp_cc_dupack(struct xtcp_cc *cc, u32 snd_una,
				    u32 snd_nxt, u32 flight, u32 mss)
{
	if (cc->state == XTCP_CA_RECOVERY) {
		/*
		 * Each duplicate is a segment that left the network, but no
		 * more of them than are out: otherwise a peer that repeats
		 * its ACK inflates cwnd without limit. As Linux, which counts
		 * no more duplicates than packets out (tcp_limit_reno_sacked())
		 * and holds cwnd to what is in flight in recovery
		 * (tcp_cwnd_reduction()).
		 */
		if (cc->cwnd < cc->ssthresh + flight)
			cc->cwnd = min(cc->cwnd + mss, cc->ssthresh + flight);
		if (cc->rtx_wait && !--cc->rtx_wait) {
			xtcp_cc_rtx_sent(cc, flight, mss);
			return XTCP_CC_RETRANSMIT_LOST;
		}
		return XTCP_CC_NONE;
	}
	if (++cc->dupacks < XTCP_CC_DUPTHRESH)
		return XTCP_CC_NONE;
	if (cc->dupacks > XTCP_CC_DUPTHRESH ||
	    xtcp_seq_before(snd_una, cc->recover) ||
	    (snd_una == cc->recover && cc->recover_rto))
		return XTCP_CC_NONE;
	cc->recover = snd_nxt;
	cc->recover_rto = 0;
	cc->ssthresh = xtcp_cc_halve(flight, mss);
	cc->cwnd = cc->ssthresh + XTCP_CC_DUPTHRESH * mss;
	cc->state = XTCP_CA_RECOVERY;
	xtcp_cc_rtx_sent(cc, flight, mss);
	return XTCP_CC_RETRANSMIT;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_dupack);

/* LOSS: what was outstanding up to @snd_nxt is resent, go-back-N. */
static void xtcp_cc_enter_loss(struct xtcp_cc *cc, u32 snd_nxt)
{
	cc->acked = 0;
	cc->dupacks = 0;
	cc->recover = snd_nxt;
	cc->recover_rto = 1;
	cc->rtx_wait = 0;
	cc->state = XTCP_CA_LOSS;
}

/*
 * The path MTU fell (tcp_simple_retransmit()): LOSS, but no congestion was
 * seen: cwnd stays, ssthresh is tcp_current_ssthresh().
 */
void xtcp_cc_mtu_loss(struct xtcp_cc *cc, u32 snd_nxt)
{
	if (cc->state != XTCP_CA_LOSS)
		cc->ssthresh = max(cc->ssthresh,
				   (cc->cwnd >> 1) + (cc->cwnd >> 2));
	xtcp_cc_enter_loss(cc, snd_nxt);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_mtu_loss);

/* RFC 5681 (4) and 3.1: after a timeout, one segment, and slow start again. */
void xtcp_cc_timeout(struct xtcp_cc *cc, u32 snd_nxt, u32 flight, u32 mss)
{
	if (cc->state != XTCP_CA_LOSS)
		cc->ssthresh = xtcp_cc_halve(flight, mss);
	cc->cwnd = mss;
	xtcp_cc_enter_loss(cc, snd_nxt);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_timeout);
