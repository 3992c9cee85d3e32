// SPDX-License-Identifier: GPL-2.0
/*
 * Path MTU discovery and ICMP errors on a routed path (issue 12 part 3):
 * four network namespaces in a row, A - R1 - R2 - B. A and B have MTU 1500,
 * so each side's MSS option says 1460 and hides nothing; the R1 - R2 link
 * has MTU 1280.
 *
 *  - 16 MiB (XTCP_PMTU_MB) from A to B arrive exactly, and R1 fragments nothing (its
 *    IpFragCreates stays 0): XTCP sends with DF, R1 answers "fragmentation
 *    needed", and A's MSS drops to 1280 - 40 = 1240 (tcp_mtu_to_mss()).
 *    IP_MTU then reads 1280.
 *  - First, the same with IP_MTU_DISCOVER = IP_PMTUDISC_DONT: no DF, and
 *    R1 does fragment. This shows the check above can fail.
 *  - connect() to an address R1 holds an unreachable route for fails with
 *    EHOSTUNREACH in under a second (tcp_v4_err() in SYN_SENT), not after
 *    the SYN retries. The ICMP comes back while connect() still holds the
 *    socket; Linux TCP, shown for comparison, then waits for the second
 *    SYN's ICMP.
 *
 * With -6 the same path over IPv6 (2001:db8:X::/64, XTCPPROTO_XTCP6,
 * struct sockaddr_xtcp6; tests/run.sh runs it as pmtu6). IPv6 routers
 * never fragment, so there is no IP_PMTUDISC_DONT part: A starts with
 * MSS 1440, R1 answers "Packet Too Big" (its Icmp6OutPktTooBigs, A's
 * Icmp6InPktTooBigs), and A's MSS drops to 1280 - 40 - 20 = 1220
 * (tcp_v6_mtu_reduced()); IPV6_MTU then reads 1280, and A fragments
 * nothing (Ip6FragCreates). The held-socket check comes first, on a
 * topology it then rebuilds: the route exception it leaves would hide
 * the Packet Too Big from the transfer. R1's unreachable route answers
 * with ICMPv6 "no route", which is ENETUNREACH (icmpv6_err_convert()).
 */
#define _GNU_SOURCE
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "xtcp_netns.h"

#define A_ADDR		"10.71.1.1"
#define B_ADDR		"10.71.3.2"
#define DEAD_ADDR	"10.71.9.9"	/* R1: unreachable */
#define A_ADDR6		"2001:db8:1::1"
#define B_ADDR6		"2001:db8:3::2"
#define DEAD_ADDR6	"2001:db8:9::9"	/* R1: unreachable */
#define PORT		9300
#define LINK_MTU	1280
#define CHUNK		65536

static int fam;
static int ipv6;	/* -6: IPv6 addresses and XTCPPROTO_XTCP6 */

/*
 * @ip4 or, with -6, @ip6, port @port, as family @family takes it (AF_XTCP's,
 * or AF_INET's and AF_INET6's, whose layouts these are).
 */
static struct xaddr xaddr(int family, const char *ip4, const char *ip6,
			  unsigned short port)
{
	return xt_xaddr(family, ipv6, ipv6 ? ip6 : ip4, port);
}

/* A stream socket of @family in the version in use. */
static int xsock(int family)
{
	return socket(family, SOCK_STREAM,
		      ipv6 && family == fam ? XTCPPROTO_XTCP6 : 0);
}

/* The IP and XTCP headers: what the MSS leaves out of the MTU. */
static int hdrs(void)
{
	return ipv6 ? 40 + 20 : 20 + 20;
}

static void topo_del(void)
{
	sh("for n in pa pr1 pr2 pb; do ip netns del $n 2>/dev/null; done; true");
}

/* A - R1 - R2 - B; the middle link has MTU LINK_MTU. */
static void topo6(void);

static void topo(void)
{
	topo_del();
	sh("for n in pa pr1 pr2 pb; do ip netns add $n && "
	   "ip -n $n link set lo up; done");
	sh("ip link add a0 netns pa type veth peer name r1a netns pr1");
	sh("ip link add r1b netns pr1 type veth peer name r2a netns pr2");
	sh("ip link add r2b netns pr2 type veth peer name b0 netns pb");
	if (ipv6) {
		topo6();
		return;
	}
	sh("ip -n pa addr add 10.71.1.1/24 dev a0 && ip -n pa link set a0 up");
	sh("ip -n pr1 addr add 10.71.1.2/24 dev r1a && "
	   "ip -n pr1 link set r1a up");
	sh("ip -n pr1 addr add 10.71.2.1/24 dev r1b && "
	   "ip -n pr1 link set r1b mtu %d up", LINK_MTU);
	sh("ip -n pr2 addr add 10.71.2.2/24 dev r2a && "
	   "ip -n pr2 link set r2a mtu %d up", LINK_MTU);
	sh("ip -n pr2 addr add 10.71.3.1/24 dev r2b && "
	   "ip -n pr2 link set r2b up");
	sh("ip -n pb addr add 10.71.3.2/24 dev b0 && ip -n pb link set b0 up");
	sh("ip -n pa route add default via 10.71.1.2");
	sh("ip -n pb route add default via 10.71.3.1");
	sh("ip -n pr1 route add 10.71.3.0/24 via 10.71.2.2");
	sh("ip -n pr2 route add 10.71.1.0/24 via 10.71.2.1");
	sh("ip -n pr1 route add unreachable 10.71.9.0/24");
	sh("ip netns exec pr1 sysctl -qw net.ipv4.ip_forward=1");
	sh("ip netns exec pr2 sysctl -qw net.ipv4.ip_forward=1");
}

/*
 * The same over IPv6: 2001:db8:1::/64 A - R1, 2:: R1 - R2 (MTU LINK_MTU,
 * IPv6's minimum), 3:: R2 - B; A's and B's links keep veth's 1500.
 */
static void topo6(void)
{
	sh("ip -n pa addr add 2001:db8:1::1/64 dev a0 nodad && "
	   "ip -n pa link set a0 up");
	sh("ip -n pr1 addr add 2001:db8:1::2/64 dev r1a nodad && "
	   "ip -n pr1 link set r1a up");
	sh("ip -n pr1 addr add 2001:db8:2::1/64 dev r1b nodad && "
	   "ip -n pr1 link set r1b mtu %d up", LINK_MTU);
	sh("ip -n pr2 addr add 2001:db8:2::2/64 dev r2a nodad && "
	   "ip -n pr2 link set r2a mtu %d up", LINK_MTU);
	sh("ip -n pr2 addr add 2001:db8:3::1/64 dev r2b nodad && "
	   "ip -n pr2 link set r2b up");
	sh("ip -n pb addr add 2001:db8:3::2/64 dev b0 nodad && "
	   "ip -n pb link set b0 up");
	sh("ip netns exec pr1 sysctl -qw net.ipv6.conf.all.forwarding=1");
	sh("ip netns exec pr2 sysctl -qw net.ipv6.conf.all.forwarding=1");
	sh("ip -n pa -6 route add default via 2001:db8:1::2");
	sh("ip -n pb -6 route add default via 2001:db8:3::1");
	sh("ip -n pr1 -6 route add 2001:db8:3::/64 via 2001:db8:2::2");
	sh("ip -n pr2 -6 route add 2001:db8:1::/64 via 2001:db8:2::1");
	sh("ip -n pr1 -6 route add unreachable 2001:db8:9::/64");
}

/* Counter @name of /proc/net/snmp6 in netns @ns, or -1. */
static long snmp6(const char *ns, const char *name)
{
	char cmd[256];
	long v = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ip netns exec %s awk '$1 == \"%s\" "
		 "{ print $2 }' /proc/net/snmp6", ns, name);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	pclose(f);
	return v;
}

/* Ip FragCreates in R1's /proc/net/snmp, or -1. */
static long r1_frag_creates(void)
{
	FILE *f = popen("ip netns exec pr1 awk '/^Ip:/ { if (!n++) "
			"for (i = 1; i <= NF; i++) col[$i] = i; "
			"else print $col[\"FragCreates\"] }' /proc/net/snmp",
			"r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	pclose(f);
	return v;
}

/* The byte at offset @i of the stream: nothing a lost copy would fake. */
static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 131 + (i >> 11) * 7 + (i >> 19));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * B, in a child: accept one connection on @l, read to EOF, and exit 0 if
 * exactly @total bytes of the pattern came.
 */
static pid_t receiver(int l, long long total)
{
	static uint8_t buf[CHUNK];
	pid_t pid = fork();
	long long got = 0;
	int fd, bad = 0;
	ssize_t n, i;

	if (pid)
		return pid;
	alarm(240);
	fd = accept(l, NULL, NULL);
	if (fd < 0)
		_exit(2);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad |= buf[i] != pattern(got + i);
		got += n;
	}
	close(fd);
	_exit(n < 0 ? 3 : got != total ? 4 : bad ? 5 : 0);
}

/*
 * A sends @total bytes to B with IP_MTU_DISCOVER @pmtudisc (-1: the
 * default). True if B got them all, exactly. *@mtu: IP_MTU (with -6
 * IPV6_MTU) after it, *@mss: the MSS XTCP then sent with.
 */
static int transfer(long long total, int pmtudisc, int *mtu, int *mss)
{
	static uint8_t buf[CHUNK];
	struct xaddr sb = xaddr(fam, B_ADDR, B_ADDR6, PORT);
	struct xtcp_info info = { 0 };
	socklen_t len;
	long long sent = 0;
	int l, fd, st = -1, i;
	pid_t pid;

	*mtu = *mss = -1;
	enter("pb");
	l = xsock(fam);
	if (l < 0 || bind(l, &sb.sa, sb.len) || listen(l, 1))
		return 0;
	pid = receiver(l, total);
	close(l);
	enter("pa");
	fd = xsock(fam);
	if (pmtudisc >= 0)
		setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &pmtudisc,
			   sizeof(pmtudisc));
	if (connect(fd, &sb.sa, sb.len)) {
		fprintf(stderr, "connect: %s\n", strerror(errno));
	} else {
		while (sent < total) {
			ssize_t n = total - sent < CHUNK ? total - sent : CHUNK;

			for (i = 0; i < n; i++)
				buf[i] = pattern(sent + i);
			n = write(fd, buf, n);
			if (n <= 0)
				break;
			sent += n;
		}
		len = sizeof(*mtu);
		if (ipv6)
			getsockopt(fd, SOL_IPV6, IPV6_MTU, mtu, &len);
		else
			getsockopt(fd, SOL_IP, IP_MTU, mtu, &len);
		len = sizeof(info);
		if (!getsockopt(fd, SOL_XTCP, XTCP_INFO, &info, &len))
			*mss = info.xtcpi_snd_mss;
	}
	close(fd);
	waitpid(pid, &st, 0);
	return sent == total && WIFEXITED(st) && !WEXITSTATUS(st);
}

/* A write() whose copy faults on a page userfaultfd holds back. */
struct held_write {
	int fd;
	void *page;
	ssize_t ret;
};

static void *held_writer(void *arg)
{
	struct held_write *h = arg;

	h->ret = write(h->fd, h->page, 4096);
	return NULL;
}

/*
 * "Fragmentation needed" while a user holds the socket is applied when
 * the user lets go (tcp_v4_mtu_reduced() from tcp_release_cb()). A sends
 * 64 KiB, which R1 cannot forward; R1's errors come back 300 ms late
 * (netem), while a second write() holds the socket: its copy faults on a
 * page that userfaultfd holds back for 800 ms. The moment that write()
 * returns, the MSS is 1240. Without the deferral it would still be 1460:
 * the next errors, about what A sends again, come 300 ms later. Then all
 * 68 KiB must arrive exactly. With -6 the same with Packet Too Big: 1220,
 * not 1440. -1: no userfaultfd here; else the MSS, and
 * *@ok if B got every byte.
 */
static int held_frag_needed(int *ok)
{
	struct xaddr sb = xaddr(fam, B_ADDR, B_ADDR6, PORT + 1);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	static uint8_t buf[CHUNK + 4096];
	struct xtcp_info info = { 0 };
	struct held_write h = { 0 };
	struct uffdio_copy copy;
	socklen_t len = sizeof(info);
	int l, uffd, st = -1, mss = -1, i;
	pthread_t t;
	pid_t pid;

	*ok = 0;
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		return -1;
	h.page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (unsigned long)h.page;
	reg.range.len = 4096;
	if (h.page == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg))
		return -1;
	for (i = 0; i < CHUNK + 4096; i++)
		buf[i] = pattern(i);

	enter("pb");
	l = xsock(fam);
	if (l < 0 || bind(l, &sb.sa, sb.len) || listen(l, 1))
		return 0;
	pid = receiver(l, CHUNK + 4096);
	close(l);
	enter("pa");
	h.fd = xsock(fam);
	if (connect(h.fd, &sb.sa, sb.len))
		goto out;
	sh("tc -n pr1 qdisc add dev r1a root netem delay 300ms");
	if (write(h.fd, buf, CHUNK) != CHUNK)
		goto out;
	pthread_create(&t, NULL, held_writer, &h);
	msleep(800);
	copy.dst = (unsigned long)h.page;
	copy.src = (unsigned long)(buf + CHUNK);
	copy.len = 4096;
	copy.mode = 0;
	ioctl(uffd, UFFDIO_COPY, &copy);
	pthread_join(t, NULL);
	if (!getsockopt(h.fd, SOL_XTCP, XTCP_INFO, &info, &len))
		mss = info.xtcpi_snd_mss;
out:
	close(h.fd);
	waitpid(pid, &st, 0);
	sh("tc -n pr1 qdisc del dev r1a root 2>/dev/null; true");
	*ok = h.ret == 4096 && WIFEXITED(st) && !WEXITSTATUS(st);
	close(uffd);
	return mss;
}

/* connect() from A to DEAD_ADDR in @family: the seconds it took, *@err. */
static double connect_dead(int family, int *err)
{
	struct xaddr dead = xaddr(family, DEAD_ADDR, DEAD_ADDR6, PORT);
	double t;
	int fd;

	enter("pa");
	fd = xsock(family);
	t = now_s();
	*err = connect(fd, &dead.sa, dead.len) ? errno : 0;
	t = now_s() - t;
	close(fd);
	return t;
}

/* held_frag_needed()'s two checks. */
static void check_held(void)
{
	int ok, mss = held_frag_needed(&ok);

	if (mss == -1) {
		xt_skip("pmtu: an error that came while the socket was held "
			"applies when the user lets go", "no userfaultfd");
		xt_skip("pmtu: all of it arrives exactly", "no userfaultfd");
	} else {
		XT_EQ(mss, LINK_MTU - hdrs(), "pmtu: an error that came while "
		      "the socket was held applies when the user lets go");
		XT_EQ(ok, 1, "pmtu: all of it arrives exactly");
	}
}

/* A's /proc/net/xtcp_stat counters about the transfer, for the log. */
static void xtcp_stats(const char *when)
{
	enter("pa");
	printf("# A's xtcp_stat %s: RetransSegs %ld OutOfWindowIcmps %ld "
	       "LockDroppedIcmps %ld\n", when, xt_stat("RetransSegs"),
	       xt_stat("OutOfWindowIcmps"), xt_stat("LockDroppedIcmps"));
	fflush(stdout);
}

static void main4(long long total)
{
	long before, after;
	int mtu, mss, err, dont = IP_PMTUDISC_DONT;
	double t;

	xt_plan(11);
	topo();

	/* Without DF first: a route exception learnt after would hide it. */
	before = r1_frag_creates();
	XT_EQ(transfer(1LL << 20, dont, &mtu, &mss), 1,
	      "pmtu: IP_PMTUDISC_DONT: 1 MiB arrives exactly");
	after = r1_frag_creates();
	xt_report(after > before, "pmtu: IP_PMTUDISC_DONT: R1 fragments",
		  "IpFragCreates %ld -> %ld", before, after);
	XT_EQ(mss, 1460, "pmtu: IP_PMTUDISC_DONT: the MSS stays the peer's");

	/* Before any transfer with DF teaches A the path's MTU. */
	check_held();

	before = r1_frag_creates();
	XT_EQ(transfer(total, -1, &mtu, &mss), 1,
	      "pmtu: a transfer across the 1280-byte link arrives exactly");
	after = r1_frag_creates();
	xt_report(before >= 0 && after == before, "pmtu: R1 fragments nothing",
		  "IpFragCreates %ld -> %ld", before, after);
	XT_EQ(mtu, LINK_MTU, "pmtu: IP_MTU is the path's");
	/* tcp_mtu_to_mss(): the MTU less the IPv4 and TCP headers. */
	XT_EQ(mss, LINK_MTU - 40, "pmtu: the MSS follows the path MTU");

	/* XTCP first: R1 rate-limits its ICMP errors to A (ip_error()). */
	t = connect_dead(fam, &err);
	xt_report(err == EHOSTUNREACH, "icmp: connect() to an unreachable host",
		  "errno %d (%s), want EHOSTUNREACH", err, strerror(err));
	xt_report(t < 1.0, "icmp: connect() fails within a second",
		  "took %.3f s", t);
	t = connect_dead(AF_INET, &err);
	printf("# Linux TCP: connect() to %s: errno %d after %.3f s\n",
	       DEAD_ADDR, err, t);
}

static void main6(long long total)
{
	long tb_out[2], tb_in[2], frag[2];
	int mtu, mss, err;
	double t;

	xt_plan(10);
	topo();

	/* Before any transfer teaches A the path's MTU. */
	check_held();

	/* Anew: the route exception A learnt would spare it the PTB. */
	topo();
	tb_out[0] = snmp6("pr1", "Icmp6OutPktTooBigs");
	tb_in[0] = snmp6("pa", "Icmp6InPktTooBigs");
	frag[0] = snmp6("pa", "Ip6FragCreates");
	xtcp_stats("before");
	t = now_s();
	XT_EQ(transfer(total, -1, &mtu, &mss), 1,
	      "pmtu: a transfer across the 1280-byte link arrives exactly");
	printf("# %lld MiB in %.1f s\n", total >> 20, now_s() - t);
	xtcp_stats("after");
	tb_out[1] = snmp6("pr1", "Icmp6OutPktTooBigs");
	tb_in[1] = snmp6("pa", "Icmp6InPktTooBigs");
	frag[1] = snmp6("pa", "Ip6FragCreates");
	xt_report(tb_out[0] >= 0 && tb_out[1] > tb_out[0],
		  "pmtu: R1 sends Packet Too Big",
		  "R1's Icmp6OutPktTooBigs %ld -> %ld", tb_out[0], tb_out[1]);
	xt_report(tb_in[0] >= 0 && tb_in[1] > tb_in[0],
		  "pmtu: A counts the Packet Too Big",
		  "A's Icmp6InPktTooBigs %ld -> %ld", tb_in[0], tb_in[1]);
	printf("# R1's Icmp6OutPktTooBigs %ld -> %ld, A's Icmp6InPktTooBigs "
	       "%ld -> %ld\n", tb_out[0], tb_out[1], tb_in[0], tb_in[1]);
	/* IPv6 routers cannot fragment; the sender must not either. */
	xt_report(frag[0] >= 0 && frag[1] == frag[0],
		  "pmtu: A fragments nothing",
		  "A's Ip6FragCreates %ld -> %ld", frag[0], frag[1]);
	XT_EQ(mtu, LINK_MTU, "pmtu: IPV6_MTU is the path's");
	/* tcp_mtu_to_mss(): the MTU less the IPv6 and TCP headers. */
	XT_EQ(mss, LINK_MTU - hdrs(), "pmtu: the MSS follows the path MTU");

	/*
	 * XTCP first: R1 rate-limits its ICMPv6 errors to A. An unreachable
	 * route answers "no route" (ip6_pkt_discard()): ENETUNREACH.
	 */
	t = connect_dead(fam, &err);
	xt_report(err == ENETUNREACH, "icmp: connect() to an unreachable host",
		  "errno %d (%s), want ENETUNREACH", err, strerror(err));
	xt_report(t < 1.0, "icmp: connect() fails within a second",
		  "took %.3f s", t);
	t = connect_dead(AF_INET6, &err);
	printf("# Linux TCP: connect() to %s: errno %d after %.3f s\n",
	       DEAD_ADDR6, err, t);
}

int main(int argc, char **argv)
{
	const char *mb = getenv("XTCP_PMTU_MB");
	long long total = (mb ? atoll(mb) : 16) << 20;
	int opt;

	while ((opt = getopt(argc, argv, "6")) != -1) {
		if (opt != '6') {
			fprintf(stderr, "usage: %s [-6]\n", argv[0]);
			return 2;
		}
		ipv6 = 1;
	}
	fam = xt_family();
	if (ipv6) {
		printf("# over IPv6: 2001:db8:X::/64, XTCPPROTO_XTCP6\n");
		fflush(stdout);
	}
	if (ipv6)
		main6(total);
	else
		main4(total);
	topo_del();
	return xt_exit();
}
