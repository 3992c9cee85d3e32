// SPDX-License-Identifier: GPL-2.0
/*
 * Arriving text (RFC 9293 3.10.7.4, seventh step): in order, to the
 * receive queue; past a hole, to the out-of-order queue (ofo.c) until the
 * hole fills. Both are charged to the receive buffer. And when to ACK it:
 * at once at the start of a connection, for every second full segment and
 * when a hole is involved; otherwise after a delay (RFC 5681 4.2).
 */
#include <kunit/visibility.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "conn.h"
#include "data.h"
#include "output.h"
#include "timer.h"
#include "ofo.h"
#include "seq.h"
#include "window.h"

/*
 * Room in the receive buffer. In-order text only needs the buffer not to
 * be full yet, as tcp_try_rmem_schedule(); or, if it is inside the window
 * we advertised, not twice full: the window promised it room, and a
 * truesize above what the window assumed (a super-segment cut small by the
 * sender: 1460 bytes in 2740) must not turn into drops that only a
 * retransmission timeout can repair. Linux compacts its queue then
 * (tcp_collapse()); the hard cap still bounds a peer of tiny segments.
 * Out-of-order text must fit whole.
 */
static bool xtcp_rmem_fits(struct sock *sk, const struct sk_buff *skb,
			   bool in_order)
{
	unsigned int used = atomic_read(&sk->sk_rmem_alloc);
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (in_order)
		return used <= (unsigned int)sk->sk_rcvbuf ||
		       (used < 2U * sk->sk_rcvbuf &&
			!xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq,
					xs->rcv_wup + xs->rcv_wnd));
	return used + skb->truesize <= (unsigned int)sk->sk_rcvbuf;
}

/*
 * Room for @skb in the receive buffer and in the global budget (mem.c),
 * as tcp_try_rmem_schedule(). When the budget says no, the out-of-order
 * queue goes first (tcp_prune_ofo_queue(): OFOPruned), and then, for
 * in-order text, another try; out-of-order text is only dropped.
 */
static bool xtcp_rmem_schedule(struct sock *sk, struct sk_buff *skb,
			       bool in_order)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xtcp_rmem_fits(sk, skb, in_order))
		return false;
	if (sk_rmem_schedule(sk, skb, skb->truesize))
		return true;
	if (!in_order || xtcp_ofo_empty(&xs->ofo))
		return false;
	xtcp_ofo_purge(&xs->ofo);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_OFOPRUNED);
	return sk_rmem_schedule(sk, skb, skb->truesize);
}

/* Charge @skb to the receive buffer, as its owner. */
static void xtcp_skb_own(struct sock *sk, struct sk_buff *skb)
{
	skb_dst_drop(skb);
	skb_orphan(skb);
	skb_set_owner_r(skb, sk);
}

static void xtcp_rcv_append(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	/* A super-segment (offload.c) stands for segments of gso_size. */
	u32 seg = skb_shinfo(skb)->gso_size ?: skb->len;

	cb->end_seq = cb->seq + skb->len;
	xs->rcv_nxt = cb->end_seq;
	/*
	 * As tcp_measure_rcv_mss(): what a full segment is, for ACKing, and
	 * how much of the buffer's memory a full segment's text is, for the
	 * window (Linux's scaling_ratio, 6.6+).
	 */
	if (seg > xs->rcv_mss)
		xs->rcv_mss = min_t(u32, seg, xs->adv_mss);
	if (seg >= xs->rcv_mss && skb->truesize)
		xs->scaling_ratio = clamp_t(u32, ((u64)skb->len << 8) /
					    skb->truesize, 1, 255);
	/*
	 * A short segment of some size ends a write the sender may be
	 * holding the next one back for (Nagle): ICSK_ACK_PUSHED. A tiny
	 * one is more likely a request, whose reply will carry the ACK.
	 */
	else if (seg >= TCP_MSS_DEFAULT)
		xs->ack_pushed = 1;
	xs->rcv_unacked += skb->len;
	if (skb->len)
		__skb_queue_tail(&sk->sk_receive_queue, skb);
	else
		kfree_skb(skb);
}

/*
 * In-order text: trim what we have, queue the rest. The out-of-order queue
 * gives way to it when memory is short (tcp_prune_ofo_queue()): in-order
 * text is what lets the reader move on. False if @skb stays the caller's.
 */
bool xtcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xtcp_seq_before(cb->seq, xs->rcv_nxt)) {
		u32 old = xs->rcv_nxt - cb->seq;

		if (old >= skb->len || !pskb_pull(skb, old))
			return false;
		cb->seq = xs->rcv_nxt;
	}
	/*
	 * shutdown(SHUT_RD) does not stop the text (tcp_data_queue() does
	 * not look): a read still returns it. The state machine resets
	 * where RFC 1122 says text for a closed reader must.
	 */
	if (!skb->len)
		return false;
	if (!xtcp_rmem_fits(sk, skb, true) && !xtcp_ofo_empty(&xs->ofo)) {
		xtcp_ofo_purge(&xs->ofo);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_OFOPRUNED);
	}
	if (!xtcp_rmem_schedule(sk, skb, true)) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RCVPRUNED);
		return false;
	}
	xtcp_skb_own(sk, skb);
	/* A FIN in it is the caller's to act on: only text goes here. */
	xtcp_rcv_append(sk, skb);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_data_queue);

/* Text past a hole. True if @skb was kept. */
bool xtcp_ofo_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int fresh;

	if (!xtcp_rmem_schedule(sk, skb, false)) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_OFODROP);
		return false;
	}
	xtcp_skb_own(sk, skb);
	fresh = xtcp_ofo_insert(&xs->ofo, skb);
	if (fresh < 0) {
		/* Nothing new in it; the caller frees it, uncharged. */
		skb_orphan(skb);
		return false;
	}
	if (fresh)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_OFOQUEUE);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ofo_queue);

/*
 * After in-order text, the out-of-order segments it reaches follow it.
 * True if one of them brought the FIN, which the caller must then act on;
 * anything queued past a FIN is dropped (RFC 9293: no text after FIN).
 */
bool xtcp_ofo_drain(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool moved = false, fin = false;
	struct sk_buff *skb;

	while ((skb = xtcp_ofo_next(&xs->ofo, xs->rcv_nxt))) {
		fin = XTCP_SKB_CB(skb)->flags & TCPHDR_FIN;
		xtcp_rcv_append(sk, skb);
		moved = true;
		if (fin) {
			xtcp_ofo_purge(&xs->ofo);
			break;
		}
	}
	if (moved && !sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return fin;
}

/*
 * In-order text arrived and needs an ACK: now, or within XTCP_DELACK_MS.
 * Now at the start (quick ACKs), once more than a full segment is unacked
 * (every second one, as __tcp_ack_snd_check()), and while
 * out-of-order segments wait (the peer needs the dup ACKs and the ACK
 * that closes the hole at once: RFC 5681 4.2).
 */
void xtcp_ack_schedule(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool quick = xs->quickacks && !xs->pingpong;

	if (quick || xs->rcv_unacked > xs->rcv_mss ||
	    !xtcp_ofo_empty(&xs->ofo)) {
		if (quick)
			xs->quickacks--;
		xtcp_send_ack(sk);
		return;
	}
	xs->ack_pending = 1;
	xtcp_timer_ack_owed(sk);
}

/*
 * recvmsg() freed receive space. As tcp_cleanup_rbuf(): send a window
 * update when the window would at least double, or when a delayed ACK is
 * owed for a pushed segment and the reader has emptied the queue. Not in
 * pingpong mode: there the reply about to be written carries the ACK.
 */
void xtcp_cleanup_rbuf(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 cur, now;

	if (!xtcp_takes_text(sk->sk_state))
		return;
	if (xs->ack_pending && xs->ack_pushed && !xs->pingpong &&
	    skb_queue_empty(&sk->sk_receive_queue)) {
		xtcp_send_ack(sk);
		return;
	}
	cur = xtcp_rcv_wnd_left(xs);
	now = xtcp_rcv_window(sk);
	if (now && now >= 2 * cur)
		xtcp_send_ack(sk);
}

/* The peer's FIN, in order (eighth step): no more text will come. */
void xtcp_fin(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rcv_nxt++;
	xtcp_ofo_purge(&xs->ofo);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	sock_set_flag(sk, SOCK_DONE);
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}
}
