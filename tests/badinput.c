// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to the socket calls, each answered with the errno Linux's TCP
 * gives; each check names the Linux function that gives it:
 *
 * - every XTCP option with optlen 0, 3, 4 and huge, values out of range,
 *   and getsockopt() with short, empty, huge and negative lengths;
 * - sockaddrs that are short, too long, NULL, AF_UNSPEC or of another
 *   family;
 * - calls in the wrong state.
 *
 * XTCP_BADINPUT_FAMILY=inet runs the same checks over AF_INET and TCP
 * (SOL_TCP, whose option numbers XTCP's follow), so that every expected
 * errno is seen on Linux itself; the few XTCP-only ones are left out there.
 * Each group runs in a child under alarm(): a stuck call fails its group.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xtcp_test.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define HUGE_LEN	(1 << 30)	/* an optlen far past the value */

static int fam, sol, is_xtcp;

/* Option numbers: XTCP's follow TCP's, so one table serves both. */
static const struct {
	int opt, ok_val;
	const char *name;
} int_opts[] = {
	{ XTCP_NODELAY, 1, "NODELAY" },
	{ XTCP_MAXSEG, 1000, "MAXSEG" },
	{ XTCP_KEEPIDLE, 60, "KEEPIDLE" },
	{ XTCP_KEEPINTVL, 10, "KEEPINTVL" },
	{ XTCP_KEEPCNT, 5, "KEEPCNT" },
	{ XTCP_LINGER2, 30, "LINGER2" },
};

static struct sockaddr_xtcp addr(const char *ip, unsigned short port)
{
	return xt_addr(fam, ip, port);
}

static int sock(void)
{
	return socket(fam, SOCK_STREAM, 0);
}

static int set_int(int fd, int opt, int val)
{
	return setsockopt(fd, sol, opt, &val, sizeof(val));
}

static int get_int(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int val = -12345;

	if (getsockopt(fd, sol, opt, &val, &len))
		return -12345;
	return val;
}

static void check(int pass, const char *fmt, ...)
{
	char name[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	xt_report(pass, name, "errno %d (%s)", errno, strerror(errno));
}

/* A call that must fail with @err; @fmt names the check. */
#define BAD(call, err, ...) do {					\
	errno = 0;							\
	long __r = (long)(call);					\
	int __e = errno;						\
	char __n[200];							\
	snprintf(__n, sizeof(__n), __VA_ARGS__);			\
	xt_report(__r == -1 && __e == (err), __n,			\
		  "returned %ld, errno %d (%s), want %s", __r, __e,	\
		  strerror(__e), strerror(err));			\
} while (0)

#define GOOD(call, ...) do {						\
	errno = 0;							\
	long __r = (long)(call);					\
	int __e = errno;						\
	char __n[200];							\
	snprintf(__n, sizeof(__n), __VA_ARGS__);			\
	xt_report(__r >= 0, __n, "returned %ld, errno %d (%s)", __r,	\
		  __e, strerror(__e));					\
} while (0)

/*
 * setsockopt() lengths, for every option (do_tcp_setsockopt()): below an
 * int is EINVAL; an int or more reads the first int. An unknown option is
 * ENOPROTOOPT once the length passes; a negative optlen is EINVAL in
 * __sys_setsockopt(), a NULL value EFAULT (copy_from_sockptr()).
 */
static void test_setsockopt_len(void)
{
	int fd = sock(), v[2] = { 0, 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(int_opts); i++) {
		const char *n = int_opts[i].name;
		int opt = int_opts[i].opt;

		v[0] = int_opts[i].ok_val;
		BAD(setsockopt(fd, sol, opt, v, 0), EINVAL,
		    "set %s optlen 0: EINVAL (do_tcp_setsockopt)", n);
		BAD(setsockopt(fd, sol, opt, v, 3), EINVAL,
		    "set %s optlen 3: EINVAL (do_tcp_setsockopt)", n);
		GOOD(setsockopt(fd, sol, opt, v, 4), "set %s optlen 4", n);
		GOOD(setsockopt(fd, sol, opt, v, HUGE_LEN),
		     "set %s optlen 2^30 reads one int (do_tcp_setsockopt)", n);
		BAD(setsockopt(fd, sol, opt, v, -1), EINVAL,
		    "set %s optlen -1: EINVAL (__sys_setsockopt)", n);
		BAD(setsockopt(fd, sol, opt, NULL, 4), EFAULT,
		    "set %s from NULL: EFAULT (copy_from_sockptr)", n);
	}
	BAD(setsockopt(fd, sol, XTCP_INFO, v, 4), ENOPROTOOPT,
	    "set INFO: ENOPROTOOPT (do_tcp_setsockopt: read only)");
	BAD(setsockopt(fd, sol, 999, v, 4), ENOPROTOOPT,
	    "set option 999: ENOPROTOOPT (do_tcp_setsockopt)");
	BAD(setsockopt(fd, sol, 999, v, 0), EINVAL,
	    "set option 999 optlen 0: EINVAL first (do_tcp_setsockopt)");
	/* A level no one has: ip_setsockopt()'s answer. */
	BAD(setsockopt(fd, 255, 1, v, 4), ENOPROTOOPT,
	    "set at level 255: ENOPROTOOPT (ip_setsockopt)");
	BAD(setsockopt(fd, SOL_IP, IP_TTL, v + 1, 4), EINVAL,
	    "set IP_TTL 0: EINVAL (do_ip_setsockopt)");
	v[0] = 64;
	GOOD(setsockopt(fd, SOL_IP, IP_TTL, v, 4), "set IP_TTL 64");
	{
		unsigned char opts[44] = { 0 };

		BAD(setsockopt(fd, SOL_IP, IP_OPTIONS, opts, 44), EINVAL,
		    "set IP_OPTIONS of 44 bytes: EINVAL (do_ip_setsockopt)");
	}
	close(fd);
}

/* Values out of range (do_tcp_setsockopt() and tcp_sock_set_keep*()). */
static void test_setsockopt_values(void)
{
	static const struct {
		int opt, val, err;
		const char *why;
	} cases[] = {
		/* TCP_MIN_MSS 88 .. MAX_TCP_WINDOW 32767, or 0 */
		{ XTCP_MAXSEG, 87, EINVAL, "below TCP_MIN_MSS" },
		{ XTCP_MAXSEG, 88, 0, "TCP_MIN_MSS" },
		{ XTCP_MAXSEG, 32767, 0, "MAX_TCP_WINDOW" },
		{ XTCP_MAXSEG, 32768, EINVAL, "past MAX_TCP_WINDOW" },
		{ XTCP_MAXSEG, 65495, EINVAL, "past MAX_TCP_WINDOW" },
		{ XTCP_MAXSEG, 65496, EINVAL, "past MAX_TCP_WINDOW" },
		{ XTCP_MAXSEG, -1, EINVAL, "negative" },
		{ XTCP_MAXSEG, 0, 0, "0, the route's" },
		/* 1 .. MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL 32767 */
		{ XTCP_KEEPIDLE, 0, EINVAL, "0" },
		{ XTCP_KEEPIDLE, -1, EINVAL, "negative" },
		{ XTCP_KEEPIDLE, 1, 0, "1" },
		{ XTCP_KEEPIDLE, 32767, 0, "MAX_TCP_KEEPIDLE" },
		{ XTCP_KEEPIDLE, 32768, EINVAL, "past MAX_TCP_KEEPIDLE" },
		{ XTCP_KEEPINTVL, 0, EINVAL, "0" },
		{ XTCP_KEEPINTVL, 32767, 0, "MAX_TCP_KEEPINTVL" },
		{ XTCP_KEEPINTVL, 32768, EINVAL, "past MAX_TCP_KEEPINTVL" },
		/* 1 .. MAX_TCP_KEEPCNT 127 */
		{ XTCP_KEEPCNT, 0, EINVAL, "0" },
		{ XTCP_KEEPCNT, 127, 0, "MAX_TCP_KEEPCNT" },
		{ XTCP_KEEPCNT, 128, EINVAL, "past MAX_TCP_KEEPCNT" },
		{ XTCP_KEEPCNT, -5, EINVAL, "negative" },
	};
	int fd = sock();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		errno = 0;
		if (cases[i].err)
			BAD(set_int(fd, cases[i].opt, cases[i].val),
			    cases[i].err, "set option %d to %d (%s): %s",
			    cases[i].opt, cases[i].val, cases[i].why,
			    strerror(cases[i].err));
		else
			GOOD(set_int(fd, cases[i].opt, cases[i].val),
			     "set option %d to %d (%s)", cases[i].opt,
			     cases[i].val, cases[i].why);
	}
	/* What is read back: a refused value leaves the last good one. */
	set_int(fd, XTCP_KEEPIDLE, 77);
	set_int(fd, XTCP_KEEPIDLE, 0);
	XT_EQ(get_int(fd, XTCP_KEEPIDLE), 77,
	      "a refused KEEPIDLE leaves the one before");
	/* MAXSEG reads back the user's value on a closed socket. */
	set_int(fd, XTCP_MAXSEG, 1000);
	XT_EQ(get_int(fd, XTCP_MAXSEG), 1000,
	      "MAXSEG reads back 1000 on a closed socket (do_tcp_getsockopt)");
	/* LINGER2: negative is -1; past TCP_FIN_TIMEOUT_MAX, 120 s. */
	GOOD(set_int(fd, XTCP_LINGER2, -5), "set LINGER2 -5");
	XT_EQ(get_int(fd, XTCP_LINGER2), -1,
	      "LINGER2 -5 reads back -1 (do_tcp_setsockopt)");
	GOOD(set_int(fd, XTCP_LINGER2, 100000), "set LINGER2 100000");
	XT_EQ(get_int(fd, XTCP_LINGER2), 120,
	      "LINGER2 100000 reads back TCP_FIN_TIMEOUT_MAX, 120");
	set_int(fd, XTCP_LINGER2, 30);
	XT_EQ(get_int(fd, XTCP_LINGER2), 30, "LINGER2 30 reads back 30");
	set_int(fd, XTCP_LINGER2, 0);
	XT_EQ(get_int(fd, XTCP_LINGER2), 60,
	      "LINGER2 0 reads back fin_timeout, 60 (do_tcp_getsockopt)");
	set_int(fd, XTCP_NODELAY, -7);
	XT_EQ(get_int(fd, XTCP_NODELAY), 1, "NODELAY -7 reads back 1");
	set_int(fd, XTCP_NODELAY, 0);
	XT_EQ(get_int(fd, XTCP_NODELAY), 0, "NODELAY 0 reads back 0");
	close(fd);
}

/*
 * getsockopt() lengths (do_tcp_getsockopt()): a negative one is EINVAL;
 * an int option gives min(len, 4) bytes and that length back; the info
 * struct gives its first min(len, its size) bytes.
 */
static void test_getsockopt_len(void)
{
	unsigned char info[512], full[512];
	int fd = sock(), val;
	socklen_t len, want;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(int_opts); i++) {
		const char *n = int_opts[i].name;
		int opt = int_opts[i].opt;

		len = 0;
		val = 0x55555555;
		GOOD(getsockopt(fd, sol, opt, &val, &len), "get %s len 0", n);
		check(len == 0 && val == 0x55555555,
		      "get %s len 0: nothing written, len 0", n);
		len = 3;
		GOOD(getsockopt(fd, sol, opt, &val, &len), "get %s len 3", n);
		check(len == 3, "get %s len 3: len stays 3", n);
		len = HUGE_LEN;
		GOOD(getsockopt(fd, sol, opt, &val, &len), "get %s len 2^30", n);
		check(len == 4, "get %s len 2^30: len 4", n);
		len = (socklen_t)-1;
		BAD(getsockopt(fd, sol, opt, &val, &len), EINVAL,
		    "get %s len -1: EINVAL (do_tcp_getsockopt)", n);
		BAD(getsockopt(fd, sol, opt, &val, NULL), EFAULT,
		    "get %s with NULL optlen: EFAULT", n);
	}
	len = sizeof(val);
	BAD(getsockopt(fd, sol, 999, &val, &len), ENOPROTOOPT,
	    "get option 999: ENOPROTOOPT (do_tcp_getsockopt)");
	len = 4;
	BAD(getsockopt(fd, 255, 1, &val, &len), EOPNOTSUPP,
	    "get at level 255: EOPNOTSUPP (do_ip_getsockopt)");

	if (!is_xtcp)
		goto out;	/* struct tcp_info is another struct */
	memset(full, 0, sizeof(full));
	len = sizeof(full);
	GOOD(getsockopt(fd, sol, XTCP_INFO, full, &len), "get INFO, room");
	XT_EQ(len, sizeof(struct xtcp_info), "INFO length is the struct's");
	want = 0;
	len = 0;
	memset(info, 0xa5, sizeof(info));
	GOOD(getsockopt(fd, sol, XTCP_INFO, info, &len), "get INFO len 0");
	check(len == want && info[0] == 0xa5,
	      "get INFO len 0: nothing written, len 0");
	len = 5;
	GOOD(getsockopt(fd, sol, XTCP_INFO, info, &len), "get INFO len 5");
	check(len == 5 && !memcmp(info, full, 5) && info[5] == 0xa5,
	      "get INFO len 5: its first 5 bytes, no more");
	len = HUGE_LEN;
	GOOD(getsockopt(fd, sol, XTCP_INFO, info, &len), "get INFO len 2^30");
	check(len == sizeof(struct xtcp_info),
	      "get INFO len 2^30: the struct's length");
	len = (socklen_t)-1;
	BAD(getsockopt(fd, sol, XTCP_INFO, info, &len), EINVAL,
	    "get INFO len -1: EINVAL (do_tcp_getsockopt)");
out:
	close(fd);
}

/*
 * Sockaddrs. move_addr_to_kernel(): past sockaddr_storage or negative is
 * EINVAL, NULL is EFAULT. __inet_bind(): short is EINVAL, another family
 * EAFNOSUPPORT, AF_UNSPEC taken for AF_INET only with INADDR_ANY.
 * __inet_stream_connect(): shorter than the family field is EINVAL,
 * AF_UNSPEC disconnects; tcp_v4_connect(): short is EINVAL, another family
 * EAFNOSUPPORT, a broadcast ENETUNREACH.
 */
static void test_sockaddr(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7301), other = sx;
	char big[200];
	int fd = sock();

	memset(big, 0, sizeof(big));
	memcpy(big, &sx, sizeof(sx));
	BAD(bind(fd, (struct sockaddr *)&sx, 0), EINVAL,
	    "bind() length 0: EINVAL (__inet_bind)");
	BAD(bind(fd, (struct sockaddr *)&sx, 8), EINVAL,
	    "bind() length 8: EINVAL (__inet_bind)");
	BAD(bind(fd, (struct sockaddr *)&sx, 15), EINVAL,
	    "bind() length 15: EINVAL (__inet_bind)");
	BAD(bind(fd, (struct sockaddr *)big, sizeof(big)), EINVAL,
	    "bind() length 200: EINVAL (move_addr_to_kernel)");
	BAD(bind(fd, (struct sockaddr *)&sx, -1), EINVAL,
	    "bind() length -1: EINVAL (move_addr_to_kernel)");
	BAD(bind(fd, NULL, sizeof(sx)), EFAULT,
	    "bind() NULL: EFAULT (move_addr_to_kernel)");
	other.sxtcp_family = AF_INET6;
	BAD(bind(fd, (struct sockaddr *)&other, sizeof(other)), EAFNOSUPPORT,
	    "bind() family AF_INET6: EAFNOSUPPORT (__inet_bind)");
	if (is_xtcp) {
		other.sxtcp_family = AF_INET;
		BAD(bind(fd, (struct sockaddr *)&other, sizeof(other)),
		    EAFNOSUPPORT, "bind() family AF_INET: EAFNOSUPPORT");
	}
	other.sxtcp_family = AF_UNSPEC;
	BAD(bind(fd, (struct sockaddr *)&other, sizeof(other)), EAFNOSUPPORT,
	    "bind() AF_UNSPEC with 127.0.0.1: EAFNOSUPPORT (__inet_bind)");
	other.sxtcp_addr = htonl(INADDR_ANY);
	GOOD(bind(fd, (struct sockaddr *)&other, sizeof(other)),
	     "bind() AF_UNSPEC with INADDR_ANY is taken (__inet_bind)");
	close(fd);

	fd = sock();
	BAD(connect(fd, (struct sockaddr *)&sx, 0), EINVAL,
	    "connect() length 0: EINVAL (__inet_stream_connect)");
	BAD(connect(fd, (struct sockaddr *)&sx, 1), EINVAL,
	    "connect() length 1: EINVAL (__inet_stream_connect)");
	BAD(connect(fd, (struct sockaddr *)&sx, 8), EINVAL,
	    "connect() length 8: EINVAL (tcp_v4_connect)");
	BAD(connect(fd, (struct sockaddr *)big, sizeof(big)), EINVAL,
	    "connect() length 200: EINVAL (move_addr_to_kernel)");
	BAD(connect(fd, NULL, sizeof(sx)), EFAULT,
	    "connect() NULL: EFAULT (move_addr_to_kernel)");
	other = sx;
	other.sxtcp_family = AF_INET6;
	BAD(connect(fd, (struct sockaddr *)&other, sizeof(other)),
	    EAFNOSUPPORT, "connect() family AF_INET6: EAFNOSUPPORT "
	    "(tcp_v4_connect)");
	if (is_xtcp) {
		other.sxtcp_family = AF_INET;
		BAD(connect(fd, (struct sockaddr *)&other, sizeof(other)),
		    EAFNOSUPPORT, "connect() family AF_INET: EAFNOSUPPORT");
	}
	other.sxtcp_family = AF_UNSPEC;
	GOOD(connect(fd, (struct sockaddr *)&other, 2),
	     "connect() AF_UNSPEC, length 2, unconnected: 0 (tcp_disconnect)");
	GOOD(connect(fd, (struct sockaddr *)&other, sizeof(other)),
	     "connect() AF_UNSPEC, length 16: 0");
	other = addr("255.255.255.255", 7301);
	BAD(connect(fd, (struct sockaddr *)&other, sizeof(other)), ENETUNREACH,
	    "connect() to 255.255.255.255: ENETUNREACH (tcp_v4_connect)");
	other = addr("127.0.0.1", 0);
	BAD(connect(fd, (struct sockaddr *)&other, sizeof(other)),
	    ECONNREFUSED, "connect() to port 0: ECONNREFUSED");
	close(fd);
}

/* A listener on @port and a connection to it: *c connected, *s accepted. */
static int pair(unsigned short port, int *l, int *c, int *s)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", port);
	int one = 1;

	*l = sock();
	*c = sock();
	setsockopt(*l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(*l, (struct sockaddr *)&sx, sizeof(sx)) || listen(*l, 4) ||
	    connect(*c, (struct sockaddr *)&sx, sizeof(sx))) {
		xt_report(0, "setup: a connection", "%s", strerror(errno));
		return -1;
	}
	*s = accept(*l, NULL, NULL);
	return *s < 0 ? -1 : 0;
}

/* Calls in the wrong state. */
static void test_wrong_state(void)
{
	struct sockaddr_xtcp sx = addr("127.0.0.1", 7302), got;
	socklen_t len = sizeof(got);
	int l, c, s, fd, v = 1;
	char b[8];

	fd = sock();
	/* tcp_sendmsg_locked() -> sk_stream_wait_connect(): EPIPE. */
	BAD(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE,
	    "send() never connected: EPIPE (sk_stream_wait_connect)");
	BAD(recv(fd, b, 1, MSG_DONTWAIT), ENOTCONN,
	    "recv() never connected: ENOTCONN (tcp_recvmsg_locked)");
	BAD(accept(fd, NULL, NULL), EINVAL,
	    "accept() not listening: EINVAL (inet_csk_accept)");
	BAD(shutdown(fd, SHUT_RDWR), ENOTCONN,
	    "shutdown() never connected: ENOTCONN (inet_shutdown)");
	BAD(shutdown(fd, 3), EINVAL, "shutdown(3): EINVAL (inet_shutdown)");
	BAD(shutdown(fd, -1), EINVAL, "shutdown(-1): EINVAL (inet_shutdown)");
	BAD(getpeername(fd, (struct sockaddr *)&got, &len), ENOTCONN,
	    "getpeername() never connected: ENOTCONN (inet_getname)");
	close(fd);

	if (pair(7302, &l, &c, &s))
		return;
	BAD(listen(c, 4), EINVAL, "listen() connected: EINVAL (inet_listen)");
	BAD(bind(c, (struct sockaddr *)&sx, sizeof(sx)), EINVAL,
	    "bind() connected: EINVAL (__inet_bind)");
	BAD(bind(l, (struct sockaddr *)&sx, sizeof(sx)), EINVAL,
	    "bind() listening: EINVAL (__inet_bind)");
	BAD(accept(c, NULL, NULL), EINVAL,
	    "accept() connected: EINVAL (inet_csk_accept)");
	BAD(connect(c, (struct sockaddr *)&sx, sizeof(sx)), EISCONN,
	    "connect() connected: EISCONN (__inet_stream_connect)");
	BAD(connect(c, (struct sockaddr *)&sx, 8), EISCONN,
	    "connect() connected, short sockaddr: EISCONN, the state first "
	    "(__inet_stream_connect)");
	BAD(connect(l, (struct sockaddr *)&sx, sizeof(sx)), EISCONN,
	    "connect() listening: EISCONN (__inet_stream_connect)");
	BAD(recv(l, b, 1, MSG_DONTWAIT), ENOTCONN,
	    "recv() listening: ENOTCONN (tcp_recvmsg_locked)");
	BAD(send(l, "x", 1, MSG_NOSIGNAL), EPIPE,
	    "send() listening: EPIPE (sk_stream_wait_connect)");
	len = sizeof(got);
	BAD(getpeername(l, (struct sockaddr *)&got, &len), ENOTCONN,
	    "getpeername() listening: ENOTCONN (inet_getname)");
	GOOD(listen(l, 8), "listen() again on a listener changes the backlog");
	GOOD(shutdown(c, SHUT_WR), "shutdown(SHUT_WR)");
	BAD(send(c, "x", 1, MSG_NOSIGNAL), EPIPE,
	    "send() after SHUT_WR: EPIPE (tcp_sendmsg_locked)");
	GOOD(shutdown(c, SHUT_WR), "shutdown(SHUT_WR) twice is no error");
	GOOD(setsockopt(c, sol, XTCP_NODELAY, &v, sizeof(v)),
	     "options still work after SHUT_WR");
	close(c);
	close(s);
	close(l);
}

static const struct {
	const char *name;
	void (*fn)(void);
	unsigned int secs;
} groups[] = {
	{ "setsockopt-len", test_setsockopt_len, 20 },
	{ "setsockopt-values", test_setsockopt_values, 20 },
	{ "getsockopt-len", test_getsockopt_len, 20 },
	{ "sockaddr", test_sockaddr, 30 },
	{ "wrong-state", test_wrong_state, 30 },
};

int main(void)
{
	const char *env = getenv("XTCP_BADINPUT_FAMILY");
	unsigned int i;

	if (env && !strcmp(env, "inet")) {
		fam = AF_INET;
		sol = IPPROTO_TCP;
	} else {
		fam = xt_family();
		sol = SOL_XTCP;
		is_xtcp = 1;
	}
	printf("# badinput: family %d%s\n", fam, is_xtcp ? "" : " (Linux TCP)");
	if (unshare(CLONE_NEWNET) || xt_lo_up()) {
		xt_report(0, "setup: a network namespace with lo up", "%s",
			  strerror(errno));
		return xt_exit();
	}
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		xt_run_group(groups[i].name, groups[i].fn, groups[i].secs);
	return xt_exit();
}
