// SPDX-License-Identifier: GPL-2.0
/*
 * Global memory accounting (mem.c). The budget is the sysctl mem; a limit
 * of -1 pages puts XTCP past every mark whatever memory_allocated holds
 * (its per-CPU reserves can hide up to 256 pages a CPU from the global
 * count), so that each path is taken for certain:
 *  - sendmsg()'s schedule is refused past the hard limit and the send
 *    buffer is moderated (sk_stream_moderate_sndbuf()); a forced charge is
 *    taken all the same, and every charge comes back;
 *  - the moderated buffer grows back to wmem[1] only once the pressure is
 *    over, and a buffer the user set is left alone;
 *  - in-order text that does not fit empties the out-of-order queue first
 *    (OFOPruned), then is dropped (RcvPruned), as tcp_try_rmem_schedule();
 *  - text a receiver had no memory for comes again: nothing is lost;
 *  - a held socket's backlog is charged in whole pages, and past the hard
 *    limit takes nothing (BacklogDrop).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "data.h"
#include "main.h"
#include "mem.h"
#include "ofo.h"

#define XTCP_MEM_TEST_PORT	7301

static long xtcp_mem_saved[3];

/* Past every mark, or back to what it was. */
static void xtcp_mem_limit(bool over)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (over)
			xtcp_mem_saved[i] = xtcp_sysctl_mem[i];
		WRITE_ONCE(xtcp_sysctl_mem[i], over ? -1 : xtcp_mem_saved[i]);
	}
}

static long xtcp_mem_stat(enum xtcp_mib_field field)
{
	return xtcp_mib_read(xtcp_pernet(&init_net)->mib, field);
}

static void xtcp_mem_send_test(struct kunit *test)
{
	int want = READ_ONCE(xtcp_pernet(&init_net)->sysctl.wmem[1]);
	struct socket *sock;
	struct sock *sk;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &sock), 0);
	sk = sock->sk;
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, want);
	KUNIT_EXPECT_TRUE(test, xtcp_wmem_schedule(sk, 3 * PAGE_SIZE));
	KUNIT_EXPECT_GE(test, sk->sk_forward_alloc, 3 * (int)PAGE_SIZE);
	sk_mem_reclaim(sk);
	KUNIT_EXPECT_EQ(test, sk->sk_forward_alloc, 0);

	xtcp_mem_limit(true);
	KUNIT_EXPECT_FALSE(test, xtcp_wmem_schedule(sk, 3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, sk->sk_forward_alloc, 0);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, SOCK_MIN_SNDBUF);
	/* A FIN or a cut skb: charged whatever the limit. */
	xtcp_wmem_charge(sk, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sk->sk_wmem_queued, 3 * (int)PAGE_SIZE);
	KUNIT_EXPECT_GE(test, sk->sk_forward_alloc, 0);
	/* Under pressure, the buffer stays small. */
	xtcp_sndbuf_expand(sk);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, SOCK_MIN_SNDBUF);
	xtcp_wmem_uncharge(sk, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sk->sk_wmem_queued, 0);
	KUNIT_EXPECT_EQ(test, sk->sk_forward_alloc, 0);
	xtcp_mem_limit(false);

	/* The pressure is over: the buffer grows back, unless it is the user's. */
	WRITE_ONCE(xtcp_memory_pressure, 0);
	xtcp_sndbuf_expand(sk);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, want);
	sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
	sk->sk_sndbuf = SOCK_MIN_SNDBUF;
	xtcp_sndbuf_expand(sk);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, SOCK_MIN_SNDBUF);
	release_sock(sk);
	sock_release(sock);
}

/* A connection over loopback: *@c connected to *@a, accepted from *@l. */
static void xtcp_mem_pair(struct kunit *test, struct socket **l,
			  struct socket **c, struct socket **a)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = xtcp_family,
		.sxtcp_port = htons(XTCP_MEM_TEST_PORT),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, l), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(*l, (struct sockaddr *)&sx,
					  sizeof(sx)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(*l, 4), 0);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, c), 0);
	KUNIT_ASSERT_EQ(test, kernel_connect(*c, (struct sockaddr *)&sx,
					     sizeof(sx), 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(*l, a, 0), 0);
}

/* @len bytes of text at @seq, for xtcp_data_queue() or xtcp_ofo_queue(). */
static struct sk_buff *xtcp_mem_text(struct kunit *test, u32 seq, u32 len)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, len), 'x', len);
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq + len;
	return skb;
}

static void xtcp_mem_prune_test(struct kunit *test)
{
	long ofo_pruned = xtcp_mem_stat(XTCP_MIB_OFOPRUNED);
	long rcv_pruned = xtcp_mem_stat(XTCP_MIB_RCVPRUNED);
	struct socket *l, *c, *a = NULL;
	struct sk_buff *skb;
	struct xtcp_sock *xs;
	struct msghdr msg = {};
	struct kvec iov;
	char buf[16];
	u32 nxt;

	xtcp_mem_pair(test, &l, &c, &a);
	xs = xtcp_sk(a->sk);
	lock_sock(a->sk);
	nxt = xs->rcv_nxt;
	/* Past a hole: queued, and charged. */
	skb = xtcp_mem_text(test, nxt + 4000, 100);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_queue(a->sk, skb));
	KUNIT_EXPECT_FALSE(test, xtcp_ofo_empty(&xs->ofo));
	/* More than the page left over: it needs the budget, which says no. */
	xtcp_mem_limit(true);
	skb = xtcp_mem_text(test, nxt, 3000);
	KUNIT_EXPECT_FALSE(test, xtcp_data_queue(a->sk, skb));
	kfree_skb(skb);
	xtcp_mem_limit(false);
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(&xs->ofo));
	KUNIT_EXPECT_EQ(test, xs->rcv_nxt, nxt);
	KUNIT_EXPECT_EQ(test, xtcp_mem_stat(XTCP_MIB_OFOPRUNED) - ofo_pruned, 1);
	KUNIT_EXPECT_EQ(test, xtcp_mem_stat(XTCP_MIB_RCVPRUNED) - rcv_pruned, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->sk->sk_rmem_alloc), 0);
	release_sock(a->sk);

	/*
	 * Text that comes while the receiver is out of memory is dropped;
	 * the sender sends it again once there is room, and all of it
	 * arrives (the receiver is held, so that the text waits in its
	 * backlog until the limit is in place). For lockdep the receiver is
	 * held as subclass 1: sendmsg() locks the sender as 0.
	 */
	lock_sock_nested(a->sk, 1);
	iov.iov_base = "memory";
	iov.iov_len = 6;
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 1, 6), 6);
	msleep(50);
	xtcp_mem_limit(true);
	rcv_pruned = xtcp_mem_stat(XTCP_MIB_RCVPRUNED);
	release_sock(a->sk);
	KUNIT_EXPECT_EQ(test, xtcp_mem_stat(XTCP_MIB_RCVPRUNED) - rcv_pruned, 1);
	KUNIT_EXPECT_EQ(test, xs->rcv_nxt, nxt);
	xtcp_mem_limit(false);
	WRITE_ONCE(xtcp_memory_pressure, 0);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	a->sk->sk_rcvtimeo = 5 * HZ;
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(a, &msg, &iov, 1, sizeof(buf), 0),
			6);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "memory", 6), 0);

	/*
	 * Past the hard limit a held socket's backlog takes nothing. The
	 * text is queued (and charged) with MSG_MORE, which holds it back,
	 * and pushed by an empty write once the limit is in place: a
	 * sender past the hard limit would wait for room.
	 */
	rcv_pruned = xtcp_mem_stat(XTCP_MIB_BACKLOGDROP);
	iov.iov_base = "backlog";
	iov.iov_len = 7;
	msg.msg_flags = MSG_MORE;
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 1, 7), 7);
	msg.msg_flags = 0;
	lock_sock_nested(a->sk, 1);
	xtcp_mem_limit(true);
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 0, 0), 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, xtcp_mem_stat(XTCP_MIB_BACKLOGDROP) - rcv_pruned,
			1);
	KUNIT_EXPECT_NULL(test, READ_ONCE(a->sk->sk_backlog.tail));
	xtcp_mem_limit(false);
	WRITE_ONCE(xtcp_memory_pressure, 0);
	release_sock(a->sk);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(a, &msg, &iov, 1, sizeof(buf), 0),
			7);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "backlog", 7), 0);

	sock_release(a);
	sock_release(c);
	sock_release(l);
}

/* What waits in a backlog is charged in whole pages, and all comes back. */
static void xtcp_mem_backlog_test(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(3000, GFP_KERNEL);
	struct socket *sock;
	long before;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &sock), 0);
	before = xtcp_mem_pages();
	KUNIT_EXPECT_TRUE(test, xtcp_backlog_charge(sock->sk, skb));
	KUNIT_EXPECT_EQ(test, xtcp_mem_pages() - before,
			(long)DIV_ROUND_UP(skb->truesize, PAGE_SIZE));
	xtcp_backlog_uncharge(sock->sk, skb);
	KUNIT_EXPECT_EQ(test, xtcp_mem_pages(), before);
	xtcp_mem_limit(true);
	KUNIT_EXPECT_FALSE(test, xtcp_backlog_charge(sock->sk, skb));
	KUNIT_EXPECT_EQ(test, xtcp_mem_pages(), before);
	xtcp_mem_limit(false);
	kfree_skb(skb);
	sock_release(sock);
}

static struct kunit_case xtcp_mem_test_cases[] = {
	KUNIT_CASE(xtcp_mem_send_test),
	KUNIT_CASE(xtcp_mem_prune_test),
	KUNIT_CASE(xtcp_mem_backlog_test),
	{}
};

static struct kunit_suite xtcp_mem_suite = {
	.name = "xtcp_mem",
	.test_cases = xtcp_mem_test_cases,
};

kunit_test_suite(xtcp_mem_suite);
