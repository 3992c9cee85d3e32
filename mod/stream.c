// SPDX-License-Identifier: GPL-2.0
/*
 * The byte stream: sendmsg() cuts data into MSS-sized segments (or
 * super-segments of several, offload.c) on the write queue, recvmsg()
 * copies from the in-order receive queue. Both block the way TCP's do, and
 * honour MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL and MSG_NOSIGNAL.
 */
#include <linux/sched/signal.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "compat.h"
#include "xtcp.h"
#include "data.h"
#include "mem.h"
#include "offload.h"
#include "output.h"
#include "stream.h"
#include "seq.h"

static bool xtcp_can_send(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

/* Above this, a segment's text goes in pages, not the linear area. */
#define XTCP_LINEAR_MAX		2048
/* A linear skb has room for this much at least: 1 KiB with the headers. */
#define XTCP_LINEAR_MIN		128

/*
 * Header room of a data skb: link layer, IPv4 and XTCP headers with full
 * options. Less than MAX_TCP_HEADER, so that an MSS of 1460 and its
 * headers fit a 2 KiB allocation: truesize stays near 1.6 times the text,
 * which the buffers and windows are counted in. A device that needs more
 * gets it from the IP layer (skb_realloc_headroom()).
 */
#define XTCP_DATA_HEADROOM	(LL_MAX_HEADER + 60 + 60)

/*
 * The unsent linear skb at the tail, if it has room for more: small
 * writes join it, as Nagle expects. Its free room goes to *@room.
 */
static struct sk_buff *xtcp_tail_skb(struct sock *sk, size_t *room)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
	u32 mss = xtcp_sk(sk)->mss;

	if (!skb || !skb->len || skb_is_nonlinear(skb) || skb->len >= mss)
		return NULL;
	*room = min_t(size_t, skb_tailroom(skb), mss - skb->len);
	return *room ? skb : NULL;
}

/*
 * A new skb for up to @want bytes: an MSS, or several where the route's
 * device takes super-segments (offload.c). Big ones (loopback's MSS is
 * 64 KiB) go in pages; small ones are linear, with room to grow.
 */
/*
 * The most text an skb carries. As tcp_xmit_size_goal(): at most half the
 * send buffer and half the peer's largest window, so that a small buffer
 * or window still moves several at a time; and whole segments.
 */
static u32 xtcp_size_goal(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 goal = xs->mss * xtcp_gso_segs(sk, xs->mss);

	goal = min_t(u32, goal, max_t(u32, sk->sk_sndbuf / 2, TCP_MIN_MSS));
	if (xs->max_wnd)
		goal = min_t(u32, goal, max_t(u32, xs->max_wnd / 2, TCP_MIN_MSS));
	if (goal > xs->mss)
		goal = rounddown(goal, xs->mss);
	return goal;
}

static struct sk_buff *xtcp_new_skb(struct sock *sk, size_t want,
				    size_t *size)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 goal = xtcp_size_goal(sk);
	struct sk_buff *skb;
	int err;

	*size = min_t(size_t, want, goal);
	if (*size > XTCP_LINEAR_MAX) {
		skb = alloc_skb_with_frags(MAX_TCP_HEADER, *size,
					   PAGE_ALLOC_COSTLY_ORDER, &err,
					   sk->sk_allocation);
		if (!skb)
			return NULL;
		skb_reserve(skb, MAX_TCP_HEADER);
		skb->data_len = *size;
		skb->len = *size;
		return skb;
	}
	/*
	 * Room for the segment, where Nagle may hold it and small writes
	 * join it. A write that goes at once (nothing unacked, or NODELAY):
	 * room for itself, and alloc_skb() gives the rest of the kmalloc
	 * bucket. A 1-byte request then does not take a 4 KiB buffer, which
	 * init_on_alloc zeroes whole.
	 */
	if (!xs->opt.cork &&
	    (xs->nodelay || (xs->snd_una == xs->snd_nxt &&
			     skb_queue_empty(&sk->sk_write_queue))))
		goal = min_t(u32, goal, max_t(u32, *size, XTCP_LINEAR_MIN));
	skb = alloc_skb(XTCP_DATA_HEADROOM + min_t(u32, goal, XTCP_LINEAR_MAX),
			sk->sk_allocation);
	if (skb)
		skb_reserve(skb, XTCP_DATA_HEADROOM);
	return skb;
}

/* Copy @n bytes of @msg into the tail of @skb, at sequence write_seq. */
static int xtcp_append(struct sock *sk, struct sk_buff *skb, size_t n,
		       struct msghdr *msg)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (skb_is_nonlinear(skb)) {
		/* A new paged skb, already @n long. */
		if (skb_copy_datagram_from_iter(skb, 0, &msg->msg_iter, n))
			return -EFAULT;
	} else {
		u32 old = skb->len;

		if (copy_from_iter(skb_put(skb, n), n, &msg->msg_iter) != n) {
			skb_trim(skb, old);
			return -EFAULT;
		}
	}
	xs->write_seq += n;
	XTCP_SKB_CB(skb)->end_seq = xs->write_seq;
	return 0;
}

/*
 * After a write: MSG_MORE (and sendpage()'s "more pages follow") holds a
 * short last segment, as a cork.
 */
static void xtcp_push_sent(struct sock *sk, int flags)
{
	if (flags & (MSG_MORE | XTCP_MSG_SENDPAGE_NOTLAST))
		xtcp_push_more(sk);
	else
		xtcp_push(sk);
}

/*
 * The end of a write, locked: what it queued goes by xtcp_push_sent()'s
 * rules and counts; with nothing queued, @err as sk_stream_error() has it.
 */
static int xtcp_send_end(struct sock *sk, int flags, size_t copied, int err)
{
	if (copied || !err) {
		xtcp_push_sent(sk, flags);
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, flags, err);
	release_sock(sk);
	return err;
}

/* Can the socket take more to send? 0, or the error for the write. */
static int xtcp_send_state(struct sock *sk)
{
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
		return -EPIPE;
	return xtcp_can_send(sk) ? 0 : -ENOTCONN;
}

/* The send buffer is full: send, and wait for ACKs to free room. */
static int xtcp_wait_room(struct sock *sk, long *timeo)
{
	set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	xtcp_push(sk);
	return sk_stream_wait_memory(sk, timeo);
}

/*
 * sendfile() and splice() without a copy, as TCP does them
 * (do_tcp_sendpages() in 6.1, MSG_SPLICE_PAGES since 6.5): the pages join
 * the unsent tail skb if it has room, linear or not, as tcp_build_frag()
 * and tcp_sendmsg_locked() join any tail skb short of the size goal. A
 * header written under a cork and a body sent by sendfile() are then one
 * segment, not a short one that Nagle holds for the peer's delayed ACK.
 * Else a new skb with no linear part. The skb to fill; *@fresh if it is
 * new and not yet queued (an empty skb on the write queue would pass for
 * a FIN). @full: the tail has no frag left.
 */
static struct sk_buff *xtcp_page_skb(struct sock *sk, u32 goal, bool full,
				     bool *fresh)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	*fresh = false;
	if (!full && skb && skb->len && skb->len < goal)
		return skb;
	skb = alloc_skb(MAX_TCP_HEADER, sk->sk_allocation);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_TCP_HEADER);
	XTCP_SKB_CB(skb)->seq = xtcp_sk(sk)->write_seq;
	XTCP_SKB_CB(skb)->end_seq = xtcp_sk(sk)->write_seq;
	XTCP_SKB_CB(skb)->flags = TCPHDR_PSH;
	*fresh = true;
	return skb;
}

/*
 * @n bytes of pages went into @skb, whose truesize grew by as much
 * (@fresh: it is new, and queued now). The pages may be the page cache's:
 * SKBFL_SHARED_FRAG, as TCP marks them.
 */
static void xtcp_page_added(struct sock *sk, struct sk_buff *skb, u32 n,
			    bool fresh)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	xs->write_seq += n;
	XTCP_SKB_CB(skb)->end_seq = xs->write_seq;
	if (fresh) {
		__skb_queue_tail(&sk->sk_write_queue, skb);
		xtcp_wmem_charge(sk, skb->truesize);
	} else {
		xtcp_wmem_charge(sk, n);
	}
}

/*
 * Room in the global budget (mem.c) for @n more bytes of pages in @skb,
 * and for @skb itself if it is @fresh, as tcp_sendmsg_locked() asks
 * before it copies. If there is none, a fresh @skb is freed.
 */
static bool xtcp_page_schedule(struct sock *sk, struct sk_buff *skb, u32 n,
			       bool fresh)
{
	if (xtcp_wmem_schedule(sk, (fresh ? skb->truesize : 0) + n))
		return true;
	if (fresh)
		kfree_skb(skb);
	return false;
}

#ifdef XTCP_HAVE_SPLICE_PAGES
/*
 * MSG_SPLICE_PAGES: up to @left bytes of @msg's pages. Bytes, or -errno;
 * *@nomem when it must wait for memory.
 */
static int xtcp_splice_iter(struct sock *sk, struct msghdr *msg, size_t left,
			    bool *full, bool *nomem)
{
	u32 goal = xtcp_size_goal(sk);
	struct sk_buff *skb;
	ssize_t n;
	bool fresh;

	skb = xtcp_page_skb(sk, goal, *full, &fresh);
	*nomem = !skb;
	if (!skb)
		return 0;
	left = min_t(size_t, left, goal - skb->len);
	*nomem = !xtcp_page_schedule(sk, skb, left, fresh);
	if (*nomem)
		return 0;
	n = skb_splice_from_iter(skb, &msg->msg_iter, left, sk->sk_allocation);
	*full = n == -EMSGSIZE;
	if (n <= 0) {
		if (fresh)
			kfree_skb(skb);
		/* The tail's frags are used up: a new skb next time. */
		return *full && !fresh ? 0 : n ?: -EFAULT;
	}
	xtcp_page_added(sk, skb, n, fresh);
	return n;
}
#else
static int xtcp_splice_iter(struct sock *sk, struct msghdr *msg, size_t left,
			    bool *full, bool *nomem)
{
	return -EOPNOTSUPP;
}
#endif

int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int flags = msg->msg_flags;
	bool splice = flags & XTCP_MSG_SPLICE_PAGES, full = false, nomem = false;
	size_t copied = 0;
	long timeo;
	int err, ret;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	/* As tcp_sendmsg_locked(): wait out a handshake; otherwise EPIPE. */
	if (!xtcp_can_send(sk)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto out_err;
	}
	while (copied < len) {
		struct sk_buff *skb;
		bool fresh = false;
		size_t n;

		err = xtcp_send_state(sk);
		if (err)
			goto out_err;
		/* Its truesize, already charged, holds what joins it. */
		skb = splice ? NULL : xtcp_tail_skb(sk, &n);
		if (skb) {
			n = min(n, len - copied);
		} else {
			if (!sk_stream_memory_free(sk))
				goto wait;
			if (splice) {
				ret = xtcp_splice_iter(sk, msg, len - copied,
						       &full, &nomem);
				if (ret < 0) {
					err = ret;
					goto out_err;
				}
				if (nomem)
					goto wait;
				copied += ret;
				continue;
			}
			/*
			 * As tcp_sendmsg_locked(): no memory is a wait, cut
			 * short by sk_stream_wait_memory(), not an error.
			 */
			skb = xtcp_new_skb(sk, len - copied, &n);
			if (!skb)
				goto wait;
			/* As tcp_stream_alloc_skb(): the budget first. */
			if (!xtcp_wmem_schedule(sk, skb->truesize)) {
				kfree_skb(skb);
				goto wait;
			}
			n = min(n, len - copied);
			fresh = true;
			XTCP_SKB_CB(skb)->seq = xs->write_seq;
			XTCP_SKB_CB(skb)->end_seq = xs->write_seq;
			XTCP_SKB_CB(skb)->flags = TCPHDR_PSH;
			__skb_queue_tail(&sk->sk_write_queue, skb);
			xtcp_wmem_charge(sk, skb->truesize);
		}
		err = xtcp_append(sk, skb, n, msg);
		if (err) {
			if (fresh) {
				__skb_unlink(skb, &sk->sk_write_queue);
				xtcp_wmem_free_skb(sk, skb);
			}
			goto out_err;
		}
		copied += n;
		continue;
wait:
		/* No room in the buffer or the budget: wait for ACKs. */
		err = xtcp_wait_room(sk, &timeo);
		if (err)
			goto out_err;
	}
	return xtcp_send_end(sk, flags, copied, 0);

out_err:
	return xtcp_send_end(sk, flags, copied, err);
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
		/* What a wait must see change: the tail as it was walked. */
		struct sk_buff *last = skb_peek_tail(&sk->sk_receive_queue);
		struct sk_buff *skb;
		bool found = false;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
			u32 off, n;

			if (!xtcp_seq_before(*seq, cb->end_seq))
				continue;
			off = *seq - cb->seq;
			/* As tcp_recvmsg_locked(): a gap is a bug, never a copy. */
			if (WARN_ON_ONCE(xtcp_seq_before(*seq, cb->seq) ||
					 off >= skb->len)) {
				err = -EFAULT;
				goto done;
			}
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
				xtcp_cleanup_rbuf(sk);
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
		sk_wait_data(sk, &timeo, last);
		/*
		 * As tcp_recvmsg_locked(): while we slept, another reader
		 * took text this peek had not reached. Peek from its end.
		 */
		if ((flags & MSG_PEEK) && peek_seq - copied != xs->copied_seq)
			peek_seq = xs->copied_seq;
	}
done:
	if (copied)
		err = 0;
out:
	release_sock(sk);
	return copied ?: err;
}

#ifdef XTCP_HAVE_SENDPAGE
/* proto_ops.sendpage (6.1): sendfile() and splice() without a copy. */
ssize_t xtcp_sendpage(struct socket *sock, struct page *page, int offset,
		      size_t size, int flags)
{
	struct sock *sk = sock->sk;
	size_t copied = 0;
	bool full = false, fresh;
	struct sk_buff *skb;
	long timeo;
	int err;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto out_err;
	}
	while (copied < size) {
		u32 goal = xtcp_size_goal(sk), n;

		err = xtcp_send_state(sk);
		if (err)
			goto out_err;
		if (!sk_stream_memory_free(sk)) {
			err = xtcp_wait_room(sk, &timeo);
			if (err)
				goto out_err;
			continue;
		}
		skb = xtcp_page_skb(sk, goal, full, &fresh);
		n = skb ? min_t(size_t, size - copied, goal - skb->len) : 0;
		if (!skb || !xtcp_page_schedule(sk, skb, n, fresh)) {
			err = xtcp_wait_room(sk, &timeo);
			if (err)
				goto out_err;
			continue;
		}
		full = skb_append_pagefrags(skb, page, offset + copied, n);
		if (full) {
			/* The tail's frags are used up: a new skb next. */
			err = -ENOBUFS;
			if (!fresh)
				continue;
			kfree_skb(skb);
			goto out_err;
		}
		skb_len_add(skb, n);
		xtcp_page_added(sk, skb, n, fresh);
		copied += n;
	}
	return xtcp_send_end(sk, flags, copied, 0);

out_err:
	return xtcp_send_end(sk, flags, copied, err);
}
#endif
