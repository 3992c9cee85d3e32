// SPDX-License-Identifier: GPL-2.0
/*
 * The byte stream: sendmsg() cuts data into MSS-sized segments on the write
 * queue, recvmsg() copies from the in-order receive queue. Both block the
 * way TCP's do, and honour MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL and
 * MSG_NOSIGNAL.
 */
#include <linux/sched/signal.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "seq.h"

static bool xtcp_can_send(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int flags = msg->msg_flags;
	size_t copied = 0;
	long timeo;
	int err;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto out_err;
	}
	while (copied < len) {
		struct sk_buff *skb;
		size_t chunk;

		err = -EPIPE;
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			goto out_err;
		if (!xtcp_can_send(sk)) {
			err = -ENOTCONN;
			goto out_err;
		}
		if (!sk_stream_memory_free(sk)) {
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			xtcp_push(sk);
			err = sk_stream_wait_memory(sk, &timeo);
			if (err)
				goto out_err;
			continue;
		}
		chunk = min_t(size_t, len - copied, xs->mss);
		skb = alloc_skb(MAX_TCP_HEADER + chunk, sk->sk_allocation);
		if (!skb) {
			err = -ENOBUFS;
			goto out_err;
		}
		skb_reserve(skb, MAX_TCP_HEADER);
		if (copy_from_iter(skb_put(skb, chunk), chunk,
				   &msg->msg_iter) != chunk) {
			kfree_skb(skb);
			err = -EFAULT;
			goto out_err;
		}
		XTCP_SKB_CB(skb)->seq = xs->write_seq;
		XTCP_SKB_CB(skb)->end_seq = xs->write_seq + chunk;
		XTCP_SKB_CB(skb)->flags = TCPHDR_PSH;
		xs->write_seq += chunk;
		sk->sk_wmem_queued += skb->truesize;
		__skb_queue_tail(&sk->sk_write_queue, skb);
		copied += chunk;
	}
	xtcp_push(sk);
	release_sock(sk);
	return copied;

out_err:
	if (copied) {
		xtcp_push(sk);
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, flags, err);
	release_sock(sk);
	return err;
}

/* After reading, tell the peer if the window opened a good deal. */
static void xtcp_window_update(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 now = xtcp_rcv_window(sk);

	if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
				   TCPF_FIN_WAIT2) &&
	    now >= xs->rcv_wnd + max_t(u32, 2 * xs->mss, now / 2))
		xtcp_send_ack(sk);
}

int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 peek_seq, *seq;
	int copied = 0, target, err = 0;
	long timeo;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	lock_sock(sk);
	if (sk->sk_state == XTCP_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	seq = &xs->copied_seq;
	if (flags & MSG_PEEK) {
		peek_seq = xs->copied_seq;
		seq = &peek_seq;
	}
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	while (copied < len) {
		struct sk_buff *skb;
		bool found = false;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
			u32 off, n;

			if (!xtcp_seq_before(*seq, cb->end_seq))
				continue;
			off = *seq - cb->seq;
			n = min_t(u32, len - copied, skb->len - off);
			if (skb_copy_datagram_msg(skb, off, msg, n)) {
				err = -EFAULT;
				goto done;
			}
			*seq += n;
			copied += n;
			found = true;
			break;
		}
		if (found) {
			if (!(flags & MSG_PEEK)) {
				while ((skb = skb_peek(&sk->sk_receive_queue)) &&
				       !xtcp_seq_before(xs->copied_seq,
							XTCP_SKB_CB(skb)->end_seq)) {
					__skb_unlink(skb, &sk->sk_receive_queue);
					consume_skb(skb);
				}
				xtcp_window_update(sk);
			}
			continue;
		}
		if (copied >= target)
			break;
		if (copied) {
			if (sk->sk_err || sk->sk_state == XTCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) || !timeo ||
			    signal_pending(current))
				break;
		} else {
			/* As tcp_recvmsg(): a FIN, then an error, then EOF. */
			if (sock_flag(sk, SOCK_DONE))
				break;
			if (sk->sk_err) {
				err = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == XTCP_CLOSE) {
				err = -ENOTCONN;
				break;
			}
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				err = sock_intr_errno(timeo);
				break;
			}
		}
		sk_wait_data(sk, &timeo, NULL);
	}
done:
	if (copied)
		err = 0;
out:
	release_sock(sk);
	return copied ?: err;
}
