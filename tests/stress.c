// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress: what a data race, a lost wakeup or a leaked
 * reference would break.
 *
 * 1. Threads: XTCP_STRESS_THREADS threads (8) race connect, accept, send,
 *    recv, shutdown, close, setsockopt, getsockopt and poll on one table of
 *    shared sockets over loopback, while connections open and close and the
 *    listener itself closes and comes back, for XTCP_STRESS_SECS (10).
 *    Every call must return (an alarm() catches one that hangs); once all
 *    is closed, the connections go and the XTCP and xtcp_tw slabs are back
 *    where they were.
 * 2. Netns deletion: a child fills a network namespace with listeners,
 *    SYN_RECV requests (SYNs from a TUN peer that never completes),
 *    connections with data moving, orphans and TIME_WAIT entries, then
 *    exits while its threads still send. The namespace must go (its end of
 *    a veth pair disappears from ours) and the slabs return to where they
 *    were.
 * 3. rmmod: the same, then rmmod while a process keeps writing segments to
 *    the TUN device: the module goes (no XTCP slab left), and comes back.
 * The guest's kmemleak and splat scans watch all three (qemu-run.sh).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "../tools/xtcp-peer-net.h"
#include "../tools/xtcp-peer-sys.h"
#include "xtcp_test.h"

#define NSLOTS		64
#define PORT		7100
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static int fam, nthreads = 8, secs = 10;
static atomic_int slots[NSLOTS];
static atomic_int lfd = -1;
static atomic_int stop;
static atomic_long calls;
/* The XTCP and xtcp_tw slabs before anything: each part must return there. */
static long base[2];
static int base_rows;	/* rows other tests left in this netns */

static struct sockaddr_xtcp sa(const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = (unsigned short)fam,
		.sxtcp_port = htons(port),
	};

	inet_pton(AF_INET, ip, &sx.sxtcp_addr);
	return sx;
}

/* Calls that block do so for 20 ms at most: SO_RCVTIMEO, SO_SNDTIMEO. */
static void short_timeouts(int fd)
{
	struct timeval tv = { 0, 20000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int listen_on(const char *ip, unsigned short port, int backlog)
{
	struct sockaddr_xtcp sx = sa(ip, port);
	int fd = socket(fam, SOCK_STREAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sx, sizeof(sx)) ||
	    listen(fd, backlog)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	short_timeouts(fd);
	return fd;
}

/* Put @fd in a free slot, or close it. */
static void slot_put(unsigned int seed, int fd)
{
	for (int i = 0; i < NSLOTS; i++) {
		int expect = -1;

		if (atomic_compare_exchange_strong(&slots[(seed + i) % NSLOTS],
						   &expect, fd))
			return;
	}
	close(fd);
}

/* One random call on a random slot; another thread may close it meanwhile. */
static void one_call(unsigned int *seed)
{
	static char buf[65536];
	int i = rand_r(seed) % NSLOTS, fd = slots[i], v, l = lfd;
	struct sockaddr_xtcp sx = sa("127.0.0.1", PORT);
	struct linger lg = { 1, 0 };
	struct pollfd pfd;
	struct xtcp_info info;
	socklen_t len;

	atomic_fetch_add(&calls, 1);
	switch (rand_r(seed) % 12) {
	case 0:
	case 1:
		fd = socket(fam, SOCK_STREAM | (rand_r(seed) % 2 ? SOCK_NONBLOCK : 0), 0);
		if (fd < 0)
			return;
		short_timeouts(fd);
		connect(fd, (struct sockaddr *)&sx, sizeof(sx));
		slot_put(rand_r(seed), fd);
		return;
	case 2:
		if (l >= 0) {
			fd = accept4(l, NULL, NULL, rand_r(seed) % 2 ? SOCK_NONBLOCK : 0);
			if (fd >= 0) {
				short_timeouts(fd);
				slot_put(rand_r(seed), fd);
			}
		}
		return;
	case 3:
		send(fd, buf, 1 + rand_r(seed) % sizeof(buf), MSG_NOSIGNAL |
		     (rand_r(seed) % 2 ? MSG_DONTWAIT : 0));
		return;
	case 4:
		recv(fd, buf, 1 + rand_r(seed) % sizeof(buf),
		     (rand_r(seed) % 2 ? MSG_DONTWAIT : 0) |
		     (rand_r(seed) % 4 ? 0 : MSG_PEEK));
		return;
	case 5:
		shutdown(fd, rand_r(seed) % 3);
		return;
	case 6:
		/* Close: the slot empties first, so no one else closes it. */
		fd = atomic_exchange(&slots[i], -1);
		if (fd >= 0) {
			if (rand_r(seed) % 4 == 0)
				setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg,
					   sizeof(lg));
			close(fd);
		}
		return;
	case 7:
		v = rand_r(seed) % 2;
		setsockopt(fd, SOL_XTCP, XTCP_NODELAY, &v, sizeof(v));
		v = 1024 + rand_r(seed) % 200000;
		setsockopt(fd, SOL_SOCKET, rand_r(seed) % 2 ? SO_SNDBUF :
			   SO_RCVBUF, &v, sizeof(v));
		return;
	case 8:
		v = 1;
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
		v = rand_r(seed) % 5 - 1;
		setsockopt(fd, SOL_XTCP, XTCP_LINGER2, &v, sizeof(v));
		return;
	case 9:
		pfd.fd = fd;
		pfd.events = POLLIN | POLLOUT | POLLRDHUP;
		poll(&pfd, 1, rand_r(seed) % 10);
		return;
	case 10:
		len = sizeof(info);
		getsockopt(fd, SOL_XTCP, XTCP_INFO, &info, &len);
		return;
	default:
		/* The listener goes and comes back: its children are reset. */
		if (rand_r(seed) % 50)
			return;
		l = atomic_exchange(&lfd, -1);
		if (l < 0)
			return;		/* another thread is at it */
		close(l);
		l = listen_on("127.0.0.1", PORT, 16);
		v = -1;
		if (l >= 0 && !atomic_compare_exchange_strong(&lfd, &v, l))
			close(l);
		return;
	}
}

static void *racer(void *arg)
{
	unsigned int seed = (unsigned int)(long)arg;

	while (!stop)
		one_call(&seed);
	return NULL;
}

static void on_alarm(int sig)
{
	static const char msg[] = "not ok - stress: a call is stuck\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(2);
}

/* Wait up to @ms for no rows and the slabs at @base; 0 if so. */
static int drained(int ms, long got[2])
{
	long end = xt_now_ms() + ms;

	for (;;) {
		got[0] = xtcp_slab_objs("XTCP");
		got[1] = xtcp_slab_objs("xtcp_tw");
		/* Below: what earlier tests left went meanwhile. */
		if (xtcp_row_count() <= base_rows && got[0] <= base[0] &&
		    got[1] <= base[1])
			return 0;
		if (xt_now_ms() > end)
			return -1;
		usleep(100000);
	}
}

static void expect_drained(const char *name, int ms)
{
	long got[2];
	int ok = !drained(ms, got);

	xt_report(ok, name, "XTCP %ld (was %ld), xtcp_tw %ld (was %ld), "
		  "%d rows (was %d)", got[0], base[0], got[1], base[1],
		  xtcp_row_count(), base_rows);
	if (!ok && system("head -20 /proc/net/xtcp"))
		fprintf(stderr, "no /proc/net/xtcp\n");
}

static void stress_threads(void)
{
	pthread_t th[64];
	long t0;
	int i;

	xt_sysctl("msl_ms", 100);
	xt_sysctl("fin_timeout", 1);
	xt_sysctl("retries2", 3);
	xt_sysctl("synack_retries", 1);
	for (i = 0; i < NSLOTS; i++)
		slots[i] = -1;
	lfd = listen_on("127.0.0.1", PORT, 16);
	XT_OK(lfd, "stress: a listener");
	alarm(secs + 60);
	t0 = xt_now_ms();
	for (i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, racer, (void *)(long)(i + 1));
	sleep(secs);
	stop = 1;
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	alarm(0);
	printf("# stress: %d threads, %ld calls in %ld ms\n", nthreads,
	       (long)calls, xt_now_ms() - t0);
	xt_report(1, "stress: every thread's calls returned", "");
	for (i = 0; i < NSLOTS; i++)
		if (slots[i] >= 0)
			close(slots[i]);
	if (lfd >= 0)
		close(lfd);
	expect_drained("stress: threads: every connection gone, slabs back",
		       30000);
}

/* Run @fn in a child in a new network namespace joined to ours by veth. */
static pid_t in_doomed_netns(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	if (unshare(CLONE_NEWNET) || xt_lo_up())
		_exit(2);
	fn();
	_exit(0);
}

static atomic_int senders_go;

/* Data both ways on @arg, never blocking: its fd may close under it. */
static void *sender(void *arg)
{
	static char buf[16384];
	int fd = (int)(long)arg;

	while (senders_go)
		if (send(fd, buf, sizeof(buf), MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
		    recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0)
			usleep(1000);
	return NULL;
}

/*
 * Fill the namespace: a listener with requests from a TUN peer that never
 * completes, connections with data moving, orphans and TIME_WAIT entries.
 * Returns the TUN fd.
 */
static int populate(void)
{
	struct sockaddr_xtcp lo = sa("127.0.0.1", PORT + 1);
	int l, tl, tun, i, fds[16], one = 1;
	pthread_t th;
	uint8_t buf[128];

	/*
	 * Orphans hold the namespace, as Linux's TCP orphans do: they die
	 * within seconds here. TIME_WAIT entries (2 minutes) must not hold
	 * it: the namespace's exit purges them.
	 */
	xt_sysctl("msl_ms", 60000);
	xt_sysctl("fin_timeout", 2);
	xt_sysctl("retries2", 3);
	xt_sysctl("synack_retries", 2);
	l = listen_on("0.0.0.0", PORT + 1, 64);
	tl = listen_on("0.0.0.0", PORT + 2, 64);
	tun = xtcp_tun_open();
	/* SYN_RECV: SYNs from 192.0.2.1 that are never acked. */
	for (i = 0; tun >= 0 && i < 8; i++) {
		struct xtcp_seg s = {
			.flags = XTCP_F_SYN, .seq = 1000u * i, .win = 65535,
			.mss = 1460, .sport = 30000 + i, .dport = PORT + 2,
		};
		size_t n = xtcp_seg_build(&s, xtcp_module_param("ipproto", 253),
					  buf);

		if (write(tun, buf, n) != (ssize_t)n)
			perror("tun");
	}
	for (i = 0; i < 16; i++) {
		fds[i] = socket(fam, SOCK_STREAM, 0);
		setsockopt(fds[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		connect(fds[i], (struct sockaddr *)&lo, sizeof(lo));
	}
	senders_go = 1;
	for (i = 0; i < 16; i++) {
		int a = accept(l, NULL, NULL);

		if (a < 0)
			continue;
		switch (i % 4) {
		case 0:		/* TIME_WAIT: a clean close both ways */
			close(fds[i]);
			close(a);
			break;
		case 1:		/* orphan with unread data at the other end */
			send(fds[i], buf, sizeof(buf), 0);
			close(fds[i]);
			break;
		default:	/* data moving until the end */
			pthread_create(&th, NULL, sender, (void *)(long)fds[i]);
			pthread_create(&th, NULL, sender, (void *)(long)a);
			break;
		}
	}
	usleep(200000);
	(void)tl;
	return tun;
}

static void doomed(void)
{
	populate();
	/* exit_group with senders mid-call: the netns dies with it all. */
}

/* Our end of a veth pair whose other end is in the child's namespace. */
static int veth_to(pid_t pid, const char *name)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "ip link add %s type veth peer name %sp "
		 "netns %d 2>/dev/null", name, name, pid);
	return system(cmd);
}

static int link_gone(const char *name, int ms)
{
	char path[64];
	long end = xt_now_ms() + ms;

	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	while (!access(path, F_OK)) {
		if (xt_now_ms() > end)
			return 0;
		usleep(100000);
	}
	return 1;
}

static int sync_pipe[2];

static void doomed_synced(void)
{
	char c;

	/* Wait for the parent's veth before filling the namespace. */
	if (read(sync_pipe[0], &c, 1) != 1)
		_exit(2);
	doomed();
}

static void stress_netns(void)
{
	pid_t pid;
	int st;

	if (pipe(sync_pipe))
		return;
	pid = in_doomed_netns(doomed_synced);
	XT_EQ(veth_to(pid, "xst0"), 0, "netns: a veth pair into the doomed netns");
	if (write(sync_pipe[1], "g", 1) != 1)
		perror("pipe");
	XT_EQ(waitpid(pid, &st, 0), pid, "netns: the child exits");
	xt_report(link_gone("xst0", 60000),
		  "netns: the namespace goes (its veth end with it)",
		  "xst0 still there after 60 s");
	expect_drained("netns: slabs back where they were", 30000);
}

static long rmmod(void)
{
	return syscall(SYS_delete_module, "xtcp", O_NONBLOCK);
}

static long insmod(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);
	long r;

	if (fd < 0)
		return -1;
	r = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return r;
}

/* The namespace lives on in a process that only writes to its TUN fd. */
static void keep_injecting(void)
{
	int tun = populate(), ipp = xtcp_module_param("ipproto", 253);
	uint8_t buf[128];

	/* Drop every XTCP socket: only TUN traffic is left running. */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != tun && fd != sync_pipe[1])
			close(fd);
	senders_go = 0;
	if (write(sync_pipe[1], "r", 1) != 1)
		_exit(2);
	for (uint32_t i = 0; tun >= 0; i++) {
		struct xtcp_seg s = {
			.flags = i % 3 ? XTCP_F_ACK : XTCP_F_SYN, .seq = i,
			.ack = i * 7, .win = 65535, .sport = 31000 + i % 64,
			.dport = PORT + 1 + i % 2,
		};
		size_t n = xtcp_seg_build(&s, ipp, buf);

		if (write(tun, buf, n) < 0)
			usleep(1000);
	}
}

static void stress_rmmod(void)
{
	const char *ko = getenv("XTCP_KO");
	long end, r;
	pid_t pid;
	char c;

	if (!ko) {
		xt_report(0, "rmmod: XTCP_KO names xtcp.ko", "not set");
		return;
	}
	if (pipe(sync_pipe))
		return;
	pid = in_doomed_netns(keep_injecting);
	xt_report(read(sync_pipe[0], &c, 1) == 1,
		  "rmmod: a namespace with requests, orphans and TIME_WAIT",
		  "the child died");
	/* Its sockets are closed; the fds may take a moment to go. */
	end = xt_now_ms() + 20000;
	while ((r = rmmod()) && (errno == EWOULDBLOCK || errno == EBUSY ||
				 errno == EAGAIN) && xt_now_ms() < end)
		usleep(50000);
	xt_report(!r, "rmmod: the module unloads while segments arrive",
		  "%s", strerror(errno));
	XT_EQ(access("/sys/kernel/slab/XTCP", F_OK), -1,
	      "rmmod: no XTCP slab cache left");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	XT_OK(insmod(ko), "rmmod: insmod again");
}

int main(void)
{
	const char *e;

	if (getenv("XTCP_STRESS_THREADS"))
		nthreads = atoi(getenv("XTCP_STRESS_THREADS"));
	if (getenv("XTCP_STRESS_SECS"))
		secs = atoi(getenv("XTCP_STRESS_SECS"));
	if (nthreads < 1 || nthreads > 64)
		nthreads = 8;
	fam = xt_family();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	base[0] = xtcp_slab_objs("XTCP");
	base[1] = xtcp_slab_objs("xtcp_tw");
	base_rows = xtcp_row_count();
	e = getenv("XTCP_STRESS_PARTS");
	if (!e || strchr(e, 't')) {
		pid_t pid = fork();
		int st;

		/* The threads get a namespace of their own, then it goes. */
		if (!pid) {
			if (unshare(CLONE_NEWNET) || xt_lo_up())
				_exit(2);
			stress_threads();
			_exit(xt_exit());
		}
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			xt_failed = 1;
	}
	if (!e || strchr(e, 'n'))
		stress_netns();
	if (!e || strchr(e, 'r'))
		stress_rmmod();
	return xt_exit();
}
