// SPDX-License-Identifier: GPL-2.0
/*
 * The ACK field of an arriving segment (RFC 9293 3.10.7.4, fifth step):
 * what it acknowledges leaves the retransmission queue, it gives an RTT
 * sample (RFC 6298, with Karn's rule), it drives congestion control and
 * fast retransmit (RFC 5681, RFC 6582), and it carries the peer's window.
 */
#include <net/tcp.h>

#include "xtcp.h"
#include "ack.h"
#include "mem.h"
#include "output.h"
#include "timer.h"
#include "seq.h"

/* RTO from the estimate, doubled per backoff (RFC 6298 5.5). */
void xtcp_rto_update(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_sysctl *sc = xtcp_sysctl(sk);
	u32 max = xtcp_rto_max(sk);
	u64 us;

	us = xtcp_rtt_rto_us(&xs->rtt, READ_ONCE(sc->rto_init_ms) * 1000U,
			     READ_ONCE(sc->rto_min_ms) * 1000U, max * 1000U);
	us <<= min_t(u8, xs->backoff, 31);
	xs->rto_ms = min_t(u64, DIV_ROUND_UP_ULL(us, 1000), max);
}

/* Free what @ack covers; the bytes newly acknowledged. */
static u32 xtcp_clean_rtx_queue(struct sock *sk, u32 ack)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 acked = ack - xs->snd_una;
	struct sk_buff *skb;

	while ((skb = skb_peek(&xs->rtx_queue)) &&
	       !xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq, ack))
		xtcp_rtx_free(sk, skb);
	xs->snd_una = ack;
	if (xtcp_seq_before(xs->snd_rtx, ack))
		xs->snd_rtx = ack;
	return acked;
}

static void xtcp_rtt_measure(struct sock *sk, u32 ack)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->rtt_stamp || xtcp_seq_before(ack, xs->rtt_seq))
		return;
	xtcp_rtt_sample(&xs->rtt, div_u64(ktime_get_ns() - xs->rtt_stamp,
					  NSEC_PER_USEC));
	xs->rtt_stamp = 0;
}

static void xtcp_fast_retransmit(struct sock *sk, enum xtcp_cc_verdict v)
{
	if (v == XTCP_CC_RETRANSMIT_LOST)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_LOSTRETRANSMIT);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_FASTRETRANS);
	xtcp_retransmit_head(sk);
	xtcp_timer_resent(sk);
}

/* RFC 5681 2: the same ACK again, no text, no SYN/FIN, same window. */
static bool xtcp_is_dupack(const struct xtcp_sock *xs, const struct sk_buff *skb,
			   u32 wnd)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	return cb->ack == xs->snd_una && xs->snd_una != xs->snd_nxt &&
	       !skb->len && !(cb->flags & (TCPHDR_SYN | TCPHDR_FIN)) &&
	       wnd == xs->snd_wnd;
}

/*
 * RFC 9293 3.10.7.4: the send window, from the newest segment only, as
 * Linux's tcp_may_update_window() reads "newest": one that acks more, a
 * later one, or the same segment again with a larger window. RFC 9293
 * would take a smaller window from the same segment and ACK too; Linux
 * does not, so a copy of an old segment cannot close the window.
 */
static void xtcp_window_update(struct sock *sk, const struct xtcp_skb_cb *cb,
			       u32 wnd, u32 prior_una)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xtcp_seq_after(cb->ack, prior_una) ||
	    xtcp_seq_after(cb->seq, xs->snd_wl1) ||
	    (xs->snd_wl1 == cb->seq && wnd > xs->snd_wnd)) {
		/* A window that opens ends the persist backoff (as Linux). */
		if (!xs->snd_wnd && wnd && xs->backoff) {
			xs->backoff = 0;
			xtcp_rto_update(sk);
		}
		xs->snd_wnd = wnd;
		xs->snd_wl1 = cb->seq;
		xs->max_wnd = max(xs->max_wnd, wnd);
	}
}

/*
 * Space was freed: wake a writer only if one ran out of it (sendmsg() or
 * poll() set SOCK_NOSPACE), as tcp_check_space(). Readers share the wait
 * queue, and an ACK is no news to them.
 */
static void xtcp_check_space(struct sock *sk)
{
	if (sock_flag(sk, SOCK_DEAD))
		return;
	/* Pairs with poll(): NOSPACE set, then writability checked again. */
	smp_mb();
	if (sk->sk_socket && test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		xtcp_sndbuf_expand(sk);
		sk->sk_write_space(sk);
	}
}

void xtcp_ack(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 flight = xs->snd_nxt - xs->snd_una, wnd = cb->wnd;
	u32 prior_una = xs->snd_una;
	enum xtcp_cc_verdict v;
	bool cwnd_limited;

	if (!(cb->flags & TCPHDR_SYN))
		wnd <<= xs->snd_wscale;
	cwnd_limited = xtcp_in_flight(xs) + xs->mss >= xs->cc.cwnd;

	if (xtcp_seq_after(cb->ack, xs->snd_una) &&
	    !xtcp_seq_after(cb->ack, xs->snd_nxt)) {
		u32 acked;

		xtcp_rtt_measure(sk, cb->ack);
		acked = xtcp_clean_rtx_queue(sk, cb->ack);
		xs->retrans = 0;
		xs->backoff = 0;
		xs->probes = 0;
		/* Something worked: no soft error to report (tcp_ack()). */
		WRITE_ONCE(sk->sk_err_soft, 0);
		xtcp_rto_update(sk);
		v = xtcp_cc_ack(&xs->cc, cb->ack, acked, flight, cwnd_limited,
				xs->mss);
		if (v != XTCP_CC_NONE)
			xtcp_fast_retransmit(sk, v);
		else
			xtcp_timer_new_ack(sk);
		xtcp_check_space(sk);
	} else if (xtcp_is_dupack(xs, skb, wnd)) {
		v = xtcp_cc_dupack(&xs->cc, xs->snd_una, xs->snd_nxt, flight,
				   xs->mss);
		if (v != XTCP_CC_NONE)
			xtcp_fast_retransmit(sk, v);
	} else if (cb->ack == xs->snd_una) {
		/* An answer to a zero-window probe is not a loss signal. */
		xs->probes = 0;
	}
	xtcp_window_update(sk, cb, wnd, prior_una);
}
