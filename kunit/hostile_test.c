// SPDX-License-Identifier: GPL-2.0
/*
 * What a hostile peer or a racing user could do to the socket's memory:
 * retransmissions cut into many small skbs (CVE-2019-11478), a timer
 * re-armed while its callback runs, and the retries an orphan gets.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "main.h"
#include "mem.h"
#include "orphan.h"
#include "output.h"
#include "timer.h"

static long xtcp_t_stat(enum xtcp_mib_field field)
{
	return xtcp_mib_read(xtcp_pernet(&init_net)->mib, field);
}

static struct sock *xtcp_t_sock(struct kunit *test, struct socket **sock)
{
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, sock), 0);
	return (*sock)->sk;
}

/* @len bytes of text at @seq, queued on @q and charged to @sk. */
static struct sk_buff *xtcp_t_queue(struct kunit *test, struct sock *sk,
				    struct sk_buff_head *q, u32 seq, u32 len)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER + len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_TCP_HEADER);
	memset(skb_put(skb, len), 0x5a, len);
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq + len;
	XTCP_SKB_CB(skb)->flags = TCPHDR_PSH;
	__skb_queue_tail(q, skb);
	xtcp_wmem_charge(sk, skb->truesize);
	return skb;
}

/*
 * tcp_fragment()'s bound: once the queues take more than twice the send
 * buffer plus two full skbs, an skb inside rtx_queue is no longer cut
 * (WqueueTooBig); its first and last still are, and the write queue is
 * sendmsg()'s to bound.
 */
static void xtcp_fragment_bound_test(struct kunit *test)
{
	struct sk_buff *head, *mid, *tail, *w, *skb;
	struct xtcp_sock *xs;
	struct socket *sock;
	struct sock *sk;
	long too_big = xtcp_t_stat(XTCP_MIB_WQUEUETOOBIG), limit;

	sk = xtcp_t_sock(test, &sock);
	xs = xtcp_sk(sk);
	lock_sock(sk);
	head = xtcp_t_queue(test, sk, &xs->rtx_queue, 0, 1000);
	mid = xtcp_t_queue(test, sk, &xs->rtx_queue, 1000, 1000);
	tail = xtcp_t_queue(test, sk, &xs->rtx_queue, 2000, 1000);
	xtcp_t_queue(test, sk, &sk->sk_write_queue, 3000, 1000);
	w = xtcp_t_queue(test, sk, &sk->sk_write_queue, 4000, 1000);
	xtcp_t_queue(test, sk, &sk->sk_write_queue, 5000, 1000);

	/* Within the buffer, any skb is cut. */
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &xs->rtx_queue, mid, 500), 0);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(mid)->end_seq, 1500U);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&xs->rtx_queue), 4U);

	/* As if cuts had already taken the queues far past it. */
	limit = sk->sk_sndbuf + 2 * SKB_TRUESIZE(GSO_LEGACY_MAX_SIZE);
	sk->sk_wmem_queued += 2 * limit;
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &xs->rtx_queue, mid, 100),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(mid)->end_seq, 1500U);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&xs->rtx_queue), 4U);
	KUNIT_EXPECT_EQ(test, xtcp_t_stat(XTCP_MIB_WQUEUETOOBIG) - too_big, 1);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &xs->rtx_queue, head, 100), 0);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &xs->rtx_queue, tail, 100), 0);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &sk->sk_write_queue, w, 100),
			0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&xs->rtx_queue), 6U);

	sk->sk_wmem_queued -= 2 * limit;
	while ((skb = __skb_dequeue(&xs->rtx_queue)) ||
	       (skb = __skb_dequeue(&sk->sk_write_queue)))
		xtcp_wmem_free_skb(sk, skb);
	/* Every cut was charged, and all of it has gone back. */
	KUNIT_EXPECT_EQ(test, sk->sk_wmem_queued, 0);
	KUNIT_EXPECT_EQ(test, sk->sk_forward_alloc, 0);
	release_sock(sk);
	sock_release(sock);
}

/* The keepalive callback under test, and the socket it belongs to. */
static enum hrtimer_restart (*xtcp_t_keep_fire)(struct hrtimer *t);
static struct sock *xtcp_t_sk;
static DECLARE_COMPLETION(xtcp_t_fired);

/*
 * The callback runs; before its body, the timer is armed twice, as two
 * setsockopt(XTCP_KEEPIDLE) calls on another CPU may arm it while the
 * body waits for the socket's lock, or a handler that arms twice would.
 */
static enum hrtimer_restart xtcp_t_rearm_fire(struct hrtimer *t)
{
	struct sock *sk = xtcp_t_sk;
	enum hrtimer_restart ret;

	bh_lock_sock(sk);
	xtcp_keep_arm(sk, XTCP_KEEP_ALIVE, 60 * NSEC_PER_SEC);
	xtcp_keep_arm(sk, XTCP_KEEP_ALIVE, 60 * NSEC_PER_SEC);
	bh_unlock_sock(sk);
	ret = xtcp_t_keep_fire(t);
	complete(&xtcp_t_fired);
	return ret;
}

/*
 * Settles issue 11's question on timer.c. hrtimer_try_to_cancel() answers
 * -1 while the callback runs, whether the timer was armed again since or
 * not. Two arms while it runs leave one queued timer, which must hold one
 * reference: counting from the -1s took two, and the socket was never
 * freed (rmmod then waits for it forever).
 */
static void xtcp_timer_rearm_test(struct kunit *test)
{
	struct xtcp_sock *xs;
	struct socket *sock;
	struct sock *sk;
	unsigned int base;

	sk = xtcp_t_sock(test, &sock);
	xs = xtcp_sk(sk);
	base = refcount_read(&sk->sk_refcnt);
	xtcp_t_sk = sk;
	xtcp_t_keep_fire = xs->keep_timer.function;
	xs->keep_timer.function = xtcp_t_rearm_fire;

	reinit_completion(&xtcp_t_fired);
	lock_sock(sk);
	xtcp_keep_arm(sk, XTCP_KEEP_ALIVE, 0);
	release_sock(sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), base + 1);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&xtcp_t_fired,
							    2 * HZ));
	msleep(20);		/* it returns; nothing runs now */
	KUNIT_EXPECT_FALSE(test, hrtimer_callback_running(&xs->keep_timer));
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&xs->keep_timer));
	KUNIT_EXPECT_EQ_MSG(test, refcount_read(&sk->sk_refcnt), base + 1,
			    "one queued timer, one reference");
	lock_sock(sk);
	xtcp_keep_stop(sk);
	release_sock(sk);
	KUNIT_EXPECT_FALSE(test, hrtimer_active(&xs->keep_timer));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), base);
	xs->keep_timer.function = xtcp_t_keep_fire;
	/* What leaked, back, so that the socket and the module can go. */
	while (refcount_read(&sk->sk_refcnt) > base)
		__sock_put(sk);
	sock_release(sock);
}

/*
 * tcp_orphan_retries(): orphan_retries; 0 is 8 while the connection is
 * alive (its RTO below the ceiling) and none once it is not.
 */
static void xtcp_orphan_retries_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_orphan_retries(0, true), 8);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_retries(0, false), 0);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_retries(3, true), 3);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_retries(3, false), 3);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_retries(255, false), 255);
}

static struct kunit_case xtcp_hostile_test_cases[] = {
	KUNIT_CASE(xtcp_fragment_bound_test),
	KUNIT_CASE(xtcp_timer_rearm_test),
	KUNIT_CASE(xtcp_orphan_retries_test),
	{}
};

static struct kunit_suite xtcp_hostile_suite = {
	.name = "xtcp_hostile",
	.test_cases = xtcp_hostile_test_cases,
};

kunit_test_suite(xtcp_hostile_suite);
