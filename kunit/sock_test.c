// SPDX-License-Identifier: GPL-2.0
/*
 * Real in-kernel XTCP sockets (sock_create_kern()) over loopback, through
 * S1 (three-way handshake) and S2 (four-way teardown into TIME_WAIT, then
 * CLOSED after 2MSL), and text that waited behind the third ACK. Also the
 * ISN of RFC 6528 (a known answer, and connect() and accept() using it),
 * the close() table and the size of a TIME_WAIT entry.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "xtcp.h"
#include "hash.h"
#include "isn.h"
#include "main.h"
#include "state.h"

#define XTCP_TEST_PORT	7201

/* Wait up to a second for @sk to reach @state; loopback is quick. */
static int xtcp_wait_state(struct sock *sk, int state)
{
	int i;

	for (i = 0; i < 50 && READ_ONCE(sk->sk_state) != state; i++)
		msleep(20);
	return READ_ONCE(sk->sk_state);
}

/* Wait up to a second for a segment in the backlog of @sk, held by us. */
static bool xtcp_wait_backlog(struct sock *sk)
{
	int i;

	for (i = 0; i < 50 && !READ_ONCE(sk->sk_backlog.tail); i++)
		msleep(20);
	return READ_ONCE(sk->sk_backlog.tail);
}

/* A listener on 127.0.0.1:@port in init_net, or a failed assertion. */
static struct socket *xtcp_test_listener(struct kunit *test, u16 port)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = xtcp_family,
		.sxtcp_port = htons(port),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};
	struct socket *l;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &l), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(l, (struct sockaddr *)&sx,
					  sizeof(sx)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);
	return l;
}

static struct xtcp_hnode *xtcp_test_lookup(__be16 from, __be16 to)
{
	struct xtcp_tuple t = {
		.laddr = htonl(INADDR_LOOPBACK),
		.raddr = htonl(INADDR_LOOPBACK),
		.lport = from,
		.rport = to,
	};

	return xtcp_ehash_lookup(&init_net, &t);
}

static void xtcp_sock_s1_s2_test(struct kunit *test)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = xtcp_family,
		.sxtcp_port = htons(XTCP_TEST_PORT),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};
	struct xtcp_sysctl *sc = &xtcp_pernet(&init_net)->sysctl;
	int msl = sc->msl_ms;
	struct socket *l, *c, *a = NULL;
	struct xtcp_hnode *hn;
	struct msghdr msg = {};
	__be16 cport;
	struct kvec iov;
	char buf[8];

	l = xtcp_test_listener(test, XTCP_TEST_PORT);
	KUNIT_EXPECT_EQ(test, l->sk->sk_state, XTCP_LISTEN);

	/* S1: CLOSED -> SYN_SENT -> ESTABLISHED; LISTEN -> ... -> ESTABLISHED. */
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &c), 0);
	KUNIT_EXPECT_EQ(test, c->sk->sk_state, XTCP_CLOSE);
	KUNIT_EXPECT_EQ(test, kernel_connect(c, (struct sockaddr *)&sx,
					     sizeof(sx), 0), 0);
	KUNIT_EXPECT_EQ(test, c->sk->sk_state, XTCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, kernel_accept(l, &a, 0), 0);
	if (!a)
		goto out;
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(a->sk, XTCP_ESTABLISHED),
			XTCP_ESTABLISHED);
	/* SYN seq=x, SYN+ACK ack=x+1: each side's ISN is the other's IRS. */
	KUNIT_EXPECT_EQ(test, xtcp_sk(c->sk)->iss, xtcp_sk(a->sk)->irs);
	KUNIT_EXPECT_EQ(test, xtcp_sk(a->sk)->iss, xtcp_sk(c->sk)->irs);
	KUNIT_EXPECT_EQ(test, xtcp_sk(c->sk)->snd_nxt, xtcp_sk(c->sk)->iss + 1);

	iov.iov_base = "xtcp";
	iov.iov_len = 4;
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 1, 4), 4);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(a, &msg, &iov, 1, sizeof(buf), 0),
			4);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "xtcp", 4), 0);

	/* S2: the client closes first and ends in TIME_WAIT. */
	cport = inet_sk(c->sk)->inet_sport;
	sc->msl_ms = 100;
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(c, SHUT_WR), 0);
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(c->sk, XTCP_FIN_WAIT2),
			XTCP_FIN_WAIT2);
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(a->sk, XTCP_CLOSE_WAIT),
			XTCP_CLOSE_WAIT);
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(a, SHUT_WR), 0);
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(a->sk, XTCP_CLOSE), XTCP_CLOSE);
	/* The socket hands over to a TIME_WAIT entry in the hash. */
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(c->sk, XTCP_CLOSE), XTCP_CLOSE);
	hn = xtcp_test_lookup(cport, htons(XTCP_TEST_PORT));
	KUNIT_EXPECT_NOT_NULL(test, hn);
	if (hn) {
		KUNIT_EXPECT_EQ(test, hn->kind, (u8)XTCP_KIND_TW);
		xtcp_put_node(hn);
	}
	msleep(400);
	hn = xtcp_test_lookup(cport, htons(XTCP_TEST_PORT));
	KUNIT_EXPECT_NULL(test, hn);
	if (hn)
		xtcp_put_node(hn);

	sock_release(a);
out:
	sc->msl_ms = msl;
	sock_release(c);
	sock_release(l);
}

/*
 * The client's first text waits in the listener's backlog right behind its
 * third ACK, as it does when accept() holds the listener. The ACK makes
 * the child; the text must reach the child, not be dropped to await a
 * retransmission 200 ms or more later. Both sockets are held by hand to
 * put each segment where a busy server would find it.
 */
static void xtcp_sock_backlog_text_test(struct kunit *test)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = xtcp_family,
		.sxtcp_port = htons(XTCP_TEST_PORT + 1),
		.sxtcp_addr = htonl(INADDR_LOOPBACK),
	};
	struct socket *l, *c, *a = NULL;
	struct msghdr msg = {};
	struct kvec iov;
	char buf[8];

	l = xtcp_test_listener(test, XTCP_TEST_PORT + 1);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &c), 0);

	/*
	 * The SYN waits for the listener; the SYN+ACK for the client. For
	 * lockdep, the listener is held as subclass 1, the client inside it
	 * as 2, then the listener inside that as 3: connect() and sendmsg()
	 * lock the client as 0.
	 */
	lock_sock_nested(l->sk, 1);
	KUNIT_EXPECT_EQ(test, kernel_connect(c, (struct sockaddr *)&sx,
					     sizeof(sx), O_NONBLOCK),
			-EINPROGRESS);
	lock_sock_nested(c->sk, 2);
	release_sock(l->sk);
	KUNIT_EXPECT_TRUE(test, xtcp_wait_backlog(c->sk));
	KUNIT_EXPECT_EQ(test, xtcp_sk(l->sk)->req_count, 1);

	/* The third ACK, then the text, both wait for the listener. */
	lock_sock_nested(l->sk, 3);
	release_sock(c->sk);
	KUNIT_EXPECT_EQ(test, xtcp_wait_state(c->sk, XTCP_ESTABLISHED),
			XTCP_ESTABLISHED);
	KUNIT_EXPECT_TRUE(test, xtcp_wait_backlog(l->sk));
	iov.iov_base = "req";
	iov.iov_len = 3;
	msg.msg_flags = MSG_DONTWAIT;
	KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 1, 3), 3);
	KUNIT_EXPECT_EQ(test, xtcp_sk(l->sk)->req_count, 1);
	release_sock(l->sk);

	KUNIT_EXPECT_EQ(test, kernel_accept(l, &a, O_NONBLOCK), 0);
	if (!a)
		goto out;
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(a, &msg, &iov, 1, sizeof(buf),
					     MSG_DONTWAIT), 3);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "req", 3), 0);
	sock_release(a);
out:
	sock_release(c);
	sock_release(l);
}

static void xtcp_isn_test(struct kunit *test)
{
	siphash_key_t k1 = { { 1, 2 } }, k2 = { { 3, 4 } };
	__be32 s = htonl(0x0a000001), d = htonl(0x0a000002);
	__be16 sp = htons(40000), dp = htons(80);
	u64 t = 123456789ULL << 12;
	u32 isn = xtcp_isn_calc(&k1, s, d, sp, dp, t);

	/* F is fixed for a 4-tuple and key; M ticks every 4.096 us. */
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&k1, s, d, sp, dp, t), isn);
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&k1, s, d, sp, dp, t + 4095), isn);
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&k1, s, d, sp, dp, t + 4096), isn + 1);
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&k1, s, d, sp, dp, t + 4096000),
			isn + 1000);
	/* Another port, another address or another key: another offset. */
	KUNIT_EXPECT_NE(test, xtcp_isn_calc(&k1, s, d, htons(40001), dp, t), isn);
	KUNIT_EXPECT_NE(test, xtcp_isn_calc(&k1, d, s, sp, dp, t), isn);
	KUNIT_EXPECT_NE(test, xtcp_isn_calc(&k2, s, d, sp, dp, t), isn);
}

/*
 * A known answer, computed without the module by scripts/isn-vector.py
 * (python3 scripts/isn-vector.py): SipHash-2-4, checked there against the
 * SipHash paper's own example, over the 4-tuple as Linux's
 * secure_tcp_seq_and_ts_off() lays it out for siphash_3u32(), truncated to
 * 32 bits (F = 0xe0d39452), plus the clock in 4.096 us ticks. The layout
 * is that of a little-endian machine.
 */
static void xtcp_isn_vector_test(struct kunit *test)
{
	siphash_key_t key = { { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } };

	if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN))
		kunit_skip(test, "the vector is for a little-endian machine");
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&key, htonl(0x0a000001),
					    htonl(0x0a000002), htons(40000),
					    htons(80), 1700000000123456789ULL),
			0xb0b76caeU);
	/* At clock 0 the ISN is F itself. */
	KUNIT_EXPECT_EQ(test, xtcp_isn_calc(&key, htonl(0x0a000001),
					    htonl(0x0a000002), htons(40000),
					    htons(80), 0), 0xe0d39452U);
}

/*
 * connect() and the request behind accept() take their ISNs from
 * xtcp_isn_calc() with the module's key, over their own 4-tuple (local
 * first, as Linux's secure_tcp_seq()), at a clock reading taken between
 * the two around the handshake: any other choice (random, another order,
 * another clock) lands outside that span of a few thousand ticks. The
 * server is 127.0.0.2, so that the two addresses differ.
 */
static void xtcp_isn_connect_test(struct kunit *test)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = xtcp_family,
		.sxtcp_port = htons(XTCP_TEST_PORT + 2),
		.sxtcp_addr = htonl(INADDR_LOOPBACK + 1),
	};
	struct socket *l, *c, *a = NULL;
	struct socket *both[2];
	const siphash_key_t *key;
	u64 t0, t1;
	int i;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &l), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(l, (struct sockaddr *)&sx,
					  sizeof(sx)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_STREAM, 0, &c), 0);
	t0 = ktime_get_real_ns();
	KUNIT_EXPECT_EQ(test, kernel_connect(c, (struct sockaddr *)&sx,
					     sizeof(sx), 0), 0);
	KUNIT_EXPECT_EQ(test, kernel_accept(l, &a, 0), 0);
	t1 = ktime_get_real_ns();
	if (!a)
		goto out;
	KUNIT_EXPECT_NE(test, inet_sk(c->sk)->inet_saddr,
			inet_sk(c->sk)->inet_daddr);
	key = xtcp_isn_key_get();
	both[0] = c;
	both[1] = a;
	for (i = 0; i < 2; i++) {
		struct inet_sock *inet = inet_sk(both[i]->sk);
		u32 lo = xtcp_isn_calc(key, inet->inet_saddr, inet->inet_daddr,
				       inet->inet_sport, inet->inet_dport, t0);
		u32 hi = xtcp_isn_calc(key, inet->inet_saddr, inet->inet_daddr,
				       inet->inet_sport, inet->inet_dport, t1);
		u32 iss = xtcp_sk(both[i]->sk)->iss;

		KUNIT_EXPECT_LE_MSG(test, iss - lo, hi - lo,
				    "%s: ISS %#x not in [%#x, %#x]",
				    i ? "accept()" : "connect()", iss, lo, hi);
	}
	KUNIT_EXPECT_LT(test, t1 - t0, 10ULL * NSEC_PER_SEC);
	sock_release(a);
out:
	sock_release(c);
	sock_release(l);
}

static void xtcp_close_table_test(struct kunit *test)
{
	static const struct {
		int state;
		u8 next;
	} cases[] = {
		{ XTCP_ESTABLISHED, XTCP_FIN_WAIT1 | XTCP_CLOSE_SEND_FIN },
		{ XTCP_SYN_RECV, XTCP_FIN_WAIT1 | XTCP_CLOSE_SEND_FIN },
		{ XTCP_CLOSE_WAIT, XTCP_LAST_ACK | XTCP_CLOSE_SEND_FIN },
		{ XTCP_SYN_SENT, XTCP_CLOSE },
		{ XTCP_LISTEN, XTCP_CLOSE },
		{ XTCP_CLOSE, XTCP_CLOSE },
		{ XTCP_TIME_WAIT, XTCP_CLOSE },
		{ XTCP_FIN_WAIT1, XTCP_FIN_WAIT1 },
		{ XTCP_FIN_WAIT2, XTCP_FIN_WAIT2 },
		{ XTCP_CLOSING, XTCP_CLOSING },
		{ XTCP_LAST_ACK, XTCP_LAST_ACK },
		{ 0, XTCP_CLOSE },
		{ 99, XTCP_CLOSE },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xtcp_close_next(cases[i].state),
				    cases[i].next, "close() from state %d",
				    cases[i].state);
}

/* A TIME_WAIT entry is meant to be small: 128 bytes or less. */
static void xtcp_tw_size_test(struct kunit *test)
{
	kunit_info(test, "sizeof(struct xtcp_tw) = %zu, struct xtcp_sock = %zu\n",
		   sizeof(struct xtcp_tw), sizeof(struct xtcp_sock));
	KUNIT_EXPECT_LE(test, sizeof(struct xtcp_tw), 128);
}

static struct kunit_case xtcp_sock_test_cases[] = {
	KUNIT_CASE(xtcp_sock_s1_s2_test),
	KUNIT_CASE(xtcp_sock_backlog_text_test),
	KUNIT_CASE(xtcp_isn_test),
	KUNIT_CASE(xtcp_isn_vector_test),
	KUNIT_CASE(xtcp_isn_connect_test),
	KUNIT_CASE(xtcp_close_table_test),
	KUNIT_CASE(xtcp_tw_size_test),
	{}
};

static struct kunit_suite xtcp_sock_suite = {
	.name = "xtcp_sock",
	.test_cases = xtcp_sock_test_cases,
};

kunit_test_suite(xtcp_sock_suite);
