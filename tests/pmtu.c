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
 */
#define _GNU_SOURCE
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "xtcp_netns.h"

#define A_ADDR		"10.71.1.1"
#define B_ADDR		"10.71.3.2"
#define DEAD_ADDR	"10.71.9.9"	/* R1: unreachable */
#define PORT		9300
#define LINK_MTU	1280
#define CHUNK		65536

static int fam;

static void topo_del(void)
{
	sh("for n in pa pr1 pr2 pb; do ip netns del $n 2>/dev/null; done; true");
}

/* A - R1 - R2 - B; the middle link has MTU LINK_MTU. */
static void topo(void)
{
	topo_del();
	sh("for n in pa pr1 pr2 pb; do ip netns add $n && "
	   "ip -n $n link set lo up; done");
	sh("ip link add a0 netns pa type veth peer name r1a netns pr1");
	sh("ip link add r1b netns pr1 type veth peer name r2a netns pr2");
	sh("ip link add r2b netns pr2 type veth peer name b0 netns pb");
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
 * default). True if B got them all, exactly. *@mtu: IP_MTU after it,
 * *@mss: the MSS XTCP then sent with.
 */
static int transfer(long long total, int pmtudisc, int *mtu, int *mss)
{
	static uint8_t buf[CHUNK];
	struct sockaddr_xtcp sb = xt_addr(fam, B_ADDR, PORT);
	struct xtcp_info info = { 0 };
	socklen_t len;
	long long sent = 0;
	int l, fd, st = -1, i;
	pid_t pid;

	*mtu = *mss = -1;
	enter("pb");
	l = socket(fam, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sb, sizeof(sb)) ||
	    listen(l, 1))
		return 0;
	pid = receiver(l, total);
	close(l);
	enter("pa");
	fd = socket(fam, SOCK_STREAM, 0);
	if (pmtudisc >= 0)
		setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &pmtudisc,
			   sizeof(pmtudisc));
	if (connect(fd, (struct sockaddr *)&sb, sizeof(sb))) {
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
 * 68 KiB must arrive exactly. -1: no userfaultfd here; else the MSS, and
 * *@ok if B got every byte.
 */
static int held_frag_needed(int *ok)
{
	struct sockaddr_xtcp sb = xt_addr(fam, B_ADDR, PORT + 1);
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
	l = socket(fam, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sb, sizeof(sb)) ||
	    listen(l, 1))
		return 0;
	pid = receiver(l, CHUNK + 4096);
	close(l);
	enter("pa");
	h.fd = socket(fam, SOCK_STREAM, 0);
	if (connect(h.fd, (struct sockaddr *)&sb, sizeof(sb)))
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
	struct sockaddr_xtcp dead = xt_addr(family, DEAD_ADDR, PORT);
	double t;
	int fd;

	enter("pa");
	fd = socket(family, SOCK_STREAM, 0);
	t = now_s();
	*err = connect(fd, (struct sockaddr *)&dead, sizeof(dead)) ? errno : 0;
	t = now_s() - t;
	close(fd);
	return t;
}

int main(void)
{
	const char *mb = getenv("XTCP_PMTU_MB");
	long long total = (mb ? atoll(mb) : 16) << 20;
	long before, after;
	int mtu, mss, err, dont = IP_PMTUDISC_DONT;
	double t;

	xt_plan(11);
	fam = xt_family();
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
	mss = held_frag_needed(&err);
	if (mss == -1) {
		xt_skip("pmtu: an error that came while the socket was held "
			"applies when the user lets go", "no userfaultfd");
		xt_skip("pmtu: all of it arrives exactly", "no userfaultfd");
	} else {
		XT_EQ(mss, LINK_MTU - 40, "pmtu: an error that came while the "
		      "socket was held applies when the user lets go");
		XT_EQ(err, 1, "pmtu: all of it arrives exactly");
	}

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

	topo_del();
	return xt_exit();
}
