// SPDX-License-Identifier: GPL-2.0
/*
 * Two hosts: network namespaces xa (10.9.0.1) and xb (10.9.0.2) joined by
 * veth, with netem delaying each direction, so that every step of a
 * scenario can be seen in /proc/net/xtcp. S1, S2, S5 (FINs cross), S6 (the
 * last ACK dropped by a tc filter), S12 (SYNs cross), S9 (keepalive against
 * a silent or reset peer), S13 (SYNs lost) and a capture of S1+S2 that
 * tshark dissects as TCP.
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
#include "xtcp_netns.h"

/* One way; XTCP_DELAY_MS sets more for slow (debug) kernels. */
static int delay_ms = 200;

#define XTCP_TEST_RTO	3000
#define A_ADDR		"10.9.0.1"
#define B_ADDR		"10.9.0.2"

static int fam;

static struct timespec t_step;

/* Start a timed step: at() below counts from here. */
static void step_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &t_step);
}

/* Sleep until @ms after step_start(): checks take time on slow kernels. */
static void at(int ms)
{
	struct timespec now;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = ms - ((now.tv_sec - t_step.tv_sec) * 1000 +
		     (now.tv_nsec - t_step.tv_nsec) / 1000000);
	if (left > 0)
		msleep(left);
}

static struct sockaddr_xtcp sa(const char *ip, unsigned short port)
{
	return xt_addr(fam, ip, port);
}

/* A socket in netns @ns, bound to @ip:@port if @port. */
static int sock_in(const char *ns, const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = sa(ip, port);
	int fd, one = 1;

	enter(ns);
	fd = socket(fam, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (port && bind(fd, (struct sockaddr *)&sx, sizeof(sx)))
		perror("bind");
	return fd;
}

static void nb_connect(int fd, const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = sa(ip, port);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx)) == 0 ||
	    errno != EINPROGRESS)
		perror("nonblocking connect");
}

/* State of a row, looked at from inside @ns. */
static void expect_in(const char *ns, int lport, int rport, const char *want,
		      const char *name)
{
	enter(ns);
	xt_expect_state(lport, rport, want, name);
}

static long stat_in(const char *ns, const char *name)
{
	enter(ns);
	return xt_stat(name);
}

/* Milliseconds left on a row's timer, or -1. */
static long timer_ms_in(const char *ns, int lport, int rport)
{
	char line[256], local[32], remote[32], st[32], timer[32];
	long ms = -1, tx, rx;
	FILE *f;

	enter(ns);
	f = fopen("/proc/net/xtcp", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *lp, *rp;

		if (sscanf(line, "%31s %31s %31s %ld %ld %31s %ld", local,
			   remote, st, &tx, &rx, timer, &ms) != 7)
			continue;
		lp = strrchr(local, ':');
		rp = strrchr(remote, ':');
		if (lp && rp && atoi(lp + 1) == lport && atoi(rp + 1) == rport)
			break;
		ms = -1;
	}
	fclose(f);
	return ms;
}

static void setup(void)
{
	netns_pair(A_ADDR, B_ADDR);
	sh("tc -n xa qdisc add dev va root netem delay %dms", delay_ms);
	sh("tc -n xb qdisc add dev vb root netem delay %dms", delay_ms);
	/* The round trip must stay well under the first RTO. */
	enter("xa");
	xt_sysctl("msl_ms", 1000);
	xt_sysctl("rto_init_ms", XTCP_TEST_RTO);
	enter("xb");
	xt_sysctl("msl_ms", 1000);
	xt_sysctl("rto_init_ms", XTCP_TEST_RTO);
}

static int local_port(int fd)
{
	struct sockaddr_xtcp sx;
	socklen_t len = sizeof(sx);

	getsockname(fd, (struct sockaddr *)&sx, &len);
	return ntohs(sx.sxtcp_port);
}

/* An established pair, client in xa, server's child in xb. */
static void open_pair(unsigned short port, int *c, int *a)
{
	struct pollfd p;
	int l = sock_in("xb", B_ADDR, port);

	listen(l, 8);
	*c = sock_in("xa", A_ADDR, 0);
	nb_connect(*c, B_ADDR, port);
	p.fd = *c;
	p.events = POLLOUT;
	poll(&p, 1, 5000);
	enter("xb");
	*a = accept(l, NULL, NULL);
	close(l);
	msleep(delay_ms + 50);
}

/* S1: each step of the handshake, one delay apart. */
static void test_s1(void)
{
	int l = sock_in("xb", B_ADDR, 8001), c, a, cp, err;
	socklen_t len = sizeof(err);
	struct pollfd p;

	listen(l, 8);
	expect_in("xb", 8001, 0, "LISTEN", "S1/2h: B LISTEN");
	c = sock_in("xa", A_ADDR, 0);
	nb_connect(c, B_ADDR, 8001);
	step_start();
	cp = local_port(c);
	expect_in("xa", cp, 8001, "SYN_SENT", "S1/2h: A SYN_SENT");
	at(delay_ms + delay_ms / 2);
	expect_in("xb", 8001, cp, "SYN_RECV", "S1/2h: B SYN_RECV (a request)");
	expect_in("xa", cp, 8001, "SYN_SENT", "S1/2h: A SYN_SENT until SYN+ACK");
	at(2 * delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8001, "ESTABLISHED", "S1/2h: A ESTABLISHED");
	expect_in("xb", 8001, cp, "SYN_RECV", "S1/2h: B SYN_RECV until the ACK");
	p.fd = c;
	p.events = POLLOUT;
	XT_EQ(poll(&p, 1, 0), 1, "S1/2h: poll() says writable once connected");
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	XT_EQ(err, 0, "S1/2h: SO_ERROR 0 after the nonblocking connect");
	at(3 * delay_ms + delay_ms / 2);
	expect_in("xb", 8001, cp, "ESTABLISHED", "S1/2h: B ESTABLISHED");
	enter("xb");
	a = accept(l, NULL, NULL);
	XT_OK(a, "S1/2h: B accepts");

	/* S2: each step of the teardown. */
	close(c);
	step_start();
	expect_in("xa", cp, 8001, "FIN_WAIT_1", "S2/2h: A FIN_WAIT_1");
	at(delay_ms + delay_ms / 2);
	expect_in("xb", 8001, cp, "CLOSE_WAIT", "S2/2h: B CLOSE_WAIT");
	expect_in("xa", cp, 8001, "FIN_WAIT_1", "S2/2h: A FIN_WAIT_1 until the ACK");
	at(2 * delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8001, "FIN_WAIT_2", "S2/2h: A FIN_WAIT_2");
	close(a);
	step_start();
	expect_in("xb", 8001, cp, "LAST_ACK", "S2/2h: B LAST_ACK");
	at(delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8001, "TIME_WAIT", "S2/2h: A TIME_WAIT");
	expect_in("xb", 8001, cp, "LAST_ACK", "S2/2h: B LAST_ACK until the ACK");
	at(2 * delay_ms + delay_ms / 2);
	expect_in("xb", 8001, cp, "", "S2/2h: B CLOSED");
	msleep(2000);
	expect_in("xa", cp, 8001, "", "S2/2h: A's TIME_WAIT gone after 2MSL");
	close(l);
}

/* S5: both send FIN before seeing the other's: CLOSING on both sides. */
static void test_s5(void)
{
	int c, a, cp;

	open_pair(8005, &c, &a);
	cp = local_port(c);
	shutdown(c, SHUT_WR);
	shutdown(a, SHUT_WR);
	step_start();
	expect_in("xa", cp, 8005, "FIN_WAIT_1", "S5: A FIN_WAIT_1");
	expect_in("xb", 8005, cp, "FIN_WAIT_1", "S5: B FIN_WAIT_1");
	at(delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8005, "CLOSING", "S5: A CLOSING");
	expect_in("xb", 8005, cp, "CLOSING", "S5: B CLOSING");
	at(2 * delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8005, "TIME_WAIT", "S5: A TIME_WAIT");
	expect_in("xb", 8005, cp, "TIME_WAIT", "S5: B TIME_WAIT");
	close(c);
	close(a);
}

/* S6: A's last ACK is dropped; B retransmits its FIN; A re-ACKs it. */
static void test_s6(void)
{
	long retrans0, ms1, ms2 = -1, elapsed = 0;
	struct timespec t0, t1;
	int c, a, cp, waited;

	enter("xa");
	xt_sysctl("msl_ms", 6000);
	open_pair(8006, &c, &a);
	cp = local_port(c);
	/* Pure ACKs (flags 0x10) from A go to a band that drops them. */
	sh("tc -n xa qdisc replace dev va root handle 1: prio bands 3 "
	   "priomap 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1");
	sh("tc -n xa qdisc add dev va parent 1:2 handle 20: netem delay %dms",
	   delay_ms);
	sh("tc -n xa qdisc add dev va parent 1:3 handle 30: netem loss 100%%");
	close(c);
	msleep(2 * delay_ms + delay_ms / 2);
	expect_in("xa", cp, 8006, "FIN_WAIT_2", "S6: A FIN_WAIT_2");
	sh("tc -n xa filter add dev va parent 1: protocol ip prio 1 u32 "
	   "match ip protocol 253 0xff match u8 0x10 0xff at 33 flowid 1:3");
	retrans0 = stat_in("xb", "RetransSegs");
	close(a);
	msleep(delay_ms + 100);
	expect_in("xa", cp, 8006, "TIME_WAIT", "S6: A TIME_WAIT, its ACK lost");
	ms1 = timer_ms_in("xa", cp, 8006);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/*
	 * B's FIN goes again on its RTO: from the handshake's RTT sample
	 * (two delays), SRTT + 4 RTTVAR is three round trips (RFC 6298),
	 * and the copy takes one more delay to A. Without a re-arm, the
	 * time left would drop by @elapsed.
	 */
	for (waited = 0; waited < 12 * delay_ms; waited += 100) {
		msleep(100);
		ms2 = timer_ms_in("xa", cp, 8006);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		elapsed = (t1.tv_sec - t0.tv_sec) * 1000 +
			  (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms1 > 0 && ms2 > ms1 - elapsed + 200)
			break;
	}
	expect_in("xb", 8006, cp, "LAST_ACK", "S6: B still LAST_ACK");
	XT_EQ(stat_in("xb", "RetransSegs") - retrans0 >= 1, 1,
	      "S6: B retransmitted its FIN");
	xt_report(ms1 > 0 && ms2 > ms1 - elapsed + 200,
		  "S6: A re-armed 2MSL on the FIN again",
		  "time_wait ms %ld, then %ld, %ld ms later", ms1, ms2, elapsed);
	sh("tc -n xa filter del dev va parent 1: prio 1");
	/* The next copy, after twice the RTO, gets its ACK through. */
	wait_state("xb", 8006, cp, "");
	expect_in("xb", 8006, cp, "", "S6: B CLOSED once an ACK gets through");
	expect_in("xa", cp, 8006, "TIME_WAIT", "S6: A still in TIME_WAIT");
	sh("tc -n xa qdisc replace dev va root netem delay %dms", delay_ms);
	enter("xa");
	xt_sysctl("msl_ms", 1000);
}

/* S12: the SYNs cross; both go SYN_RECV, then ESTABLISHED. */
static void test_s12(void)
{
	int fa = sock_in("xa", A_ADDR, 9001), fb = sock_in("xb", B_ADDR, 9002);
	char buf[8];

	enter("xa");
	nb_connect(fa, B_ADDR, 9002);
	enter("xb");
	nb_connect(fb, A_ADDR, 9001);
	step_start();
	expect_in("xa", 9001, 9002, "SYN_SENT", "S12: A SYN_SENT");
	expect_in("xb", 9002, 9001, "SYN_SENT", "S12: B SYN_SENT");
	at(delay_ms + delay_ms / 2);
	expect_in("xa", 9001, 9002, "SYN_RECV", "S12: A SYN_RECV");
	expect_in("xb", 9002, 9001, "SYN_RECV", "S12: B SYN_RECV");
	at(3 * delay_ms);
	expect_in("xa", 9001, 9002, "ESTABLISHED", "S12: A ESTABLISHED");
	expect_in("xb", 9002, 9001, "ESTABLISHED", "S12: B ESTABLISHED");
	XT_EQ(write(fa, "hi", 2), 2, "S12: A sends");
	msleep(delay_ms + 100);
	XT_EQ(read(fb, buf, sizeof(buf)), 2, "S12: B receives");
	close(fa);
	close(fb);
}

/* S9: keepalive against a silent peer, then against one that lost us. */
static void test_s9(void)
{
	int idle = 1, intvl = 1, cnt = 2, one = 1, c, a;
	struct linger lg = { 1, 0 };
	long probes0;
	char buf[8];

	open_pair(8009, &c, &a);
	setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(c, SOL_XTCP, XTCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(c, SOL_XTCP, XTCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(c, SOL_XTCP, XTCP_KEEPCNT, &cnt, sizeof(cnt));
	probes0 = stat_in("xa", "KeepAliveProbes");
	sh("tc -n xb qdisc replace dev vb root netem loss 100%%");
	msleep(5000);
	XT_EQ(stat_in("xa", "KeepAliveProbes") - probes0, 2,
	      "S9: two probes to a silent peer");
	XT_ERRNO(read(c, buf, sizeof(buf)), ETIMEDOUT,
		 "S9: then the connection times out: ETIMEDOUT");
	close(c);
	close(a);
	sh("tc -n xb qdisc replace dev vb root netem delay %dms", delay_ms);

	open_pair(8019, &c, &a);
	setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(c, SOL_XTCP, XTCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(c, SOL_XTCP, XTCP_KEEPINTVL, &intvl, sizeof(intvl));
	/* B forgets the connection; its RST is lost on the way. */
	sh("tc -n xb qdisc replace dev vb root netem loss 100%%");
	setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(a);
	msleep(100);
	sh("tc -n xb qdisc replace dev vb root netem delay %dms", delay_ms);
	msleep(2500 + 2 * delay_ms);
	XT_ERRNO(read(c, buf, sizeof(buf)), ECONNRESET,
		 "S9: a peer that lost the connection answers RST: ECONNRESET");
	close(c);
}

/* SO_LINGER {1, N}: close() waits for the FIN's ACK, N seconds at most. */
static void test_linger(void)
{
	struct linger lg = { 1, 3 };
	struct timespec t0, t1;
	int c, a, ms;

	open_pair(8021, &c, &a);
	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	close(c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	xt_report(ms >= 2 * delay_ms - 50 && ms < 2 * delay_ms + 1500,
		  "SO_LINGER {1, 3}: close() returns once the FIN is acked",
		  "took %d ms, the round trip is %d ms", ms, 2 * delay_ms);
	close(a);

	lg.l_linger = 1;
	open_pair(8022, &c, &a);
	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	sh("tc -n xb qdisc replace dev vb root netem loss 100%%");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	close(c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	xt_report(ms >= 950 && ms < 2000,
		  "SO_LINGER {1, 1}: with the ACK lost, close() gives up after 1 s",
		  "took %d ms", ms);
	sh("tc -n xb qdisc replace dev vb root netem delay %dms", delay_ms);
	close(a);
}

/*
 * Leave an orphan (FIN_WAIT_1, its FIN unanswered) and TIME_WAIT entries
 * behind, and delete the namespaces: the orphan keeps its netns alive, and
 * the module test's rmmod must end it, and free everything, cleanly.
 */
static void test_leave_orphans(void)
{
	int c, a, cp, tp;

	enter("xa");
	xt_sysctl("msl_ms", 30000);
	open_pair(8023, &c, &a);
	tp = local_port(c);
	close(c);
	close(a);
	msleep(3 * delay_ms);
	open_pair(8024, &c, &a);
	cp = local_port(c);
	sh("tc -n xb qdisc replace dev vb root netem loss 100%%");
	sh("tc -n xa qdisc replace dev va root netem loss 100%%");
	close(c);
	expect_in("xa", cp, 8024, "FIN_WAIT_1", "orphan: A in FIN_WAIT_1, unanswered");
	expect_in("xa", tp, 8023, "TIME_WAIT", "orphan: a TIME_WAIT entry beside it");
	close(a);
}

/* S13: every SYN lost: backoff, then ETIMEDOUT. */
static void test_s13(void)
{
	struct sockaddr_xtcp sx = sa(B_ADDR, 8013);
	long retrans0, fails0;
	struct timespec t0, t1;
	int c, ms;

	enter("xa");
	xt_sysctl("syn_retries", 2);
	xt_sysctl("rto_init_ms", 200);
	sh("tc -n xa qdisc replace dev va root netem loss 100%%");
	retrans0 = xt_stat("RetransSegs");
	fails0 = xt_stat("AttemptFails");
	c = socket(fam, SOCK_STREAM, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	XT_ERRNO(connect(c, (struct sockaddr *)&sx, sizeof(sx)), ETIMEDOUT,
		 "S13: connect() with every SYN lost is ETIMEDOUT");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* 200 + 400 + 800 ms of exponential backoff. */
	xt_report(ms >= 1300 && ms < 3000, "S13: after 200+400+800 ms of backoff",
		  "took %d ms", ms);
	XT_EQ(xt_stat("RetransSegs") - retrans0, 2, "S13: two SYN retransmits");
	XT_EQ(xt_stat("AttemptFails") - fails0, 1, "S13: AttemptFails +1");
	close(c);
	sh("tc -n xa qdisc replace dev va root netem delay %dms", delay_ms);
	xt_sysctl("syn_retries", 6);
	xt_sysctl("rto_init_ms", XTCP_TEST_RTO);
}

/*
 * A capture of S1+S2 on A's side: tshark dissects every segment as TCP
 * with a good checksum and nothing malformed, with S1/S2's flags and
 * relative seq/ack.
 */
static void test_capture(void)
{
	static const char *const want[] = {
		A_ADDR " 0x0002 0 0",	/* SYN seq=x */
		B_ADDR " 0x0012 0 1",	/* SYN+ACK seq=y ack=x+1 */
		A_ADDR " 0x0010 1 1",	/* ACK seq=x+1 ack=y+1 */
		A_ADDR " 0x0011 1 1",	/* FIN seq=u */
		B_ADDR " 0x0010 1 2",	/* ACK ack=u+1 */
		B_ADDR " 0x0011 1 2",	/* FIN seq=w ack=u+1 */
		A_ADDR " 0x0010 2 2",	/* ACK seq=u+1 ack=w+1 */
	};
	char line[256], cmd[512];
	int c, a, cp, n = 0, bad = 0, good = 0;
	FILE *f;

	/* Immediate mode: libpcap's ring would hand packets over up to 1 s late. */
	/* Port 8020 by offset: BPF knows no ports for protocol 253. */
	sh("ip netns exec xa tcpdump -i va --immediate-mode -U -w /tmp/s1s2.pcap "
	   "'ip proto 253 and (ip[20:2] = 8020 or ip[22:2] = 8020)' "
	   ">/tmp/tcpdump.log 2>&1 & echo $! > /tmp/tcpdump.pid");
	/* tcpdump writes the file's header once it is capturing. */
	for (n = 0; n < 100 && access("/tmp/s1s2.pcap", F_OK); n++)
		msleep(100);
	msleep(500);
	n = 0;
	open_pair(8020, &c, &a);
	cp = local_port(c);
	close(c);
	wait_state("xb", 8020, cp, "CLOSE_WAIT");
	wait_state("xa", cp, 8020, "FIN_WAIT_2");
	close(a);
	wait_state("xb", 8020, cp, "");
	/* The last ACK was seen by B: it has left the capture point. */
	msleep(1000);
	sh("kill $(cat /tmp/tcpdump.pid); sleep 1; cat /tmp/tcpdump.log >&2; "
	   "tcpdump -nr /tmp/s1s2.pcap >&2");
	snprintf(cmd, sizeof(cmd),
		 "tshark -r /tmp/s1s2.pcap -d ip.proto==253,tcp "
		 "-o tcp.check_checksum:TRUE -o tcp.relative_sequence_numbers:TRUE "
		 "-T fields -e ip.src -e tcp.flags -e tcp.seq -e tcp.ack "
		 "-e tcp.checksum.status -e _ws.malformed 2>/dev/null");
	f = popen(cmd, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char src[32], flags[16], st[8] = "", mal[64] = "";
		long seq, ack;
		char got[96];
		int k = sscanf(line, "%31s %15s %ld %ld %7s %63s", src, flags,
			       &seq, &ack, st, mal);

		fprintf(stderr, "tshark: %s", line);
		if (k < 5)
			continue;
		if (k == 6 || strcmp(st, "1"))
			bad++;
		else
			good++;
		snprintf(got, sizeof(got), "%s %s %ld %ld", src, flags, seq, ack);
		if (n < 7 && strcmp(got, want[n])) {
			char name[96];

			snprintf(name, sizeof(name), "capture: segment %d", n + 1);
			xt_report(0, name, "got '%s', want '%s'", got, want[n]);
		}
		n++;
	}
	if (f)
		pclose(f);
	XT_EQ(n, 7, "capture: seven segments in S1+S2");
	XT_EQ(good, 7, "capture: every checksum good (TCP's, protocol 6)");
	XT_EQ(bad, 0, "capture: nothing malformed or badly summed");
}

int main(void)
{
	fam = xt_family();
	signal(SIGPIPE, SIG_IGN);
	if (getenv("XTCP_DELAY_MS"))
		delay_ms = atoi(getenv("XTCP_DELAY_MS"));
	setup();
	/* A first connection settles the links and the neighbour caches. */
	{
		int c, a;

		msleep(1000);
		open_pair(8000, &c, &a);
		close(c);
		close(a);
		msleep(3 * delay_ms);
	}
	test_s1();
	test_s5();
	test_s12();
	test_s6();
	test_s13();
	test_s9();
	test_linger();
	test_capture();
	test_leave_orphans();
	netns_del();
	return xt_exit();
}
