// SPDX-License-Identifier: GPL-2.0
/*
 * SYN flood (issue 12 part 1, RFC 4987): a listener in netns xa with a
 * backlog of 128, flooded over a TUN device in xa with XTCP_FLOOD_SYNS
 * (200,000) SYNs from random addresses and ports (tools/xtcp-flood.h), as
 * fast as the flooder can write them.
 *
 *  - syncookies 1 (the default): while the flood runs, a client in netns
 *    xb connects over veth, sends a request, reads the answer and closes,
 *    100 times; every one succeeds. The request queue fills, so SYN+ACKs
 *    carry cookies (SyncookiesSent) and the client's ACKs come back with
 *    them (SyncookiesRecv); no SYN is dropped (ListenDrops), as in
 *    tcp_conn_request(), whose want_cookie path drops nothing while the
 *    accept queue has room. The requests kept stay within the backlog
 *    (inet_csk_reqsk_queue_is_full()): the peak of SYN_RECV rows is given,
 *    with the peak growth of the kernel's slab memory.
 *  - syncookies 0: the same client, during the same flood, cannot connect
 *    in 3 s, three times out of three, and ListenDrops grows: the test can
 *    fail.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include "xtcp_netns.h"
#include "../tools/xtcp-flood.h"
#include "../tools/xtcp-peer-sys.h"

#define SRV_ADDR	"10.72.0.1"
#define CLI_ADDR	"10.72.0.2"
#define PORT		9400
#define BACKLOG		128
#define CLIENTS		100
#define MSG		64

static int fam;

/* What the children tell the parent. */
static struct shared {
	volatile uint64_t sent;		/* the flooder's SYNs so far */
	volatile int stop;		/* the parent's word to stop */
	volatile long syn_recv_peak;	/* sampler: SYN_RECV rows */
	volatile long slab_peak_kb;	/* sampler: meminfo Slab */
	volatile int clients;		/* the clients run: do not sample */
} *sh_mem;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long meminfo_kb(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	size_t n = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			sscanf(line + n + 1, "%ld", &v);
	fclose(f);
	return v;
}

/*
 * SYN_RECV rows in this netns's /proc/net/xtcp. Read whole, in 4 KiB
 * reads to its end, while the flood and the clients change the table: a
 * row that stays put must show once (proc.rst).
 */
static long syn_recv_rows(void)
{
	static char all[1 << 20];
	FILE *f = fopen("/proc/net/xtcp", "r");
	size_t len = 0, k;
	char *p;
	long n = 0;

	if (!f)
		return -1;
	while ((k = fread(all + len, 1, 4096, f)) > 0 && len < sizeof(all) - 8192)
		len += k;
	all[len] = 0;
	fclose(f);
	for (p = all; (p = strstr(p, " SYN_RECV ")); p++)
		n++;
	return n;
}

/* The flooder, in a child in xa, until told to stop. */
static pid_t flooder(int seed)
{
	struct xtcp_flood f;
	pid_t pid = fork();

	if (pid)
		return pid;
	if (xtcp_flood_open(&f, "xtcpf0", xtcp_module_param("ipproto", 253),
			    PORT, seed))
		_exit(2);
	while (!sh_mem->stop)
		if (xtcp_flood_burst(&f, XTCP_FLOOD_BURST) < 0)
			_exit(3);
		else
			sh_mem->sent = f.sent;
	_exit(0);
}

/* The sampler, in a child in xa: the peaks, every 20 ms. */
static pid_t sampler(void)
{
	pid_t pid = fork();
	long v;

	if (pid)
		return pid;
	while (!sh_mem->stop) {
		/*
		 * A client's connection from a cookie is a request for an
		 * instant (xtcp_request_from_cookie()), which a read may
		 * catch: only the flood's requests are counted.
		 */
		if (sh_mem->clients) {
			msleep(20);
			continue;
		}
		v = syn_recv_rows();
		if (v > sh_mem->syn_recv_peak)
			sh_mem->syn_recv_peak = v;

		v = meminfo_kb("Slab");
		if (v > sh_mem->slab_peak_kb)
			sh_mem->slab_peak_kb = v;
		msleep(20);
	}
	_exit(0);
}

/* The server, in a child in xa: answer each connection's request. */
static pid_t server(int l)
{
	char buf[MSG];
	pid_t pid = fork();
	ssize_t n, got;
	int fd;

	if (pid)
		return pid;
	for (;;) {
		fd = accept(l, NULL, NULL);
		if (fd < 0)
			continue;
		for (got = 0; got < MSG; got += n) {
			n = read(fd, buf + got, MSG - got);
			if (n <= 0)
				break;
		}
		if (got == MSG && write(fd, buf, MSG) != MSG)
			perror("server: write");
		close(fd);
	}
}

/* Stop the children in @pids (0 entries skipped) and reap them. */
static void stop_all(pid_t *pids, int n)
{
	int i;

	sh_mem->stop = 1;
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	sh_mem->stop = 0;
}

/*
 * From xb: connect within @limit seconds, send MSG bytes, read them back,
 * close. 0 on success, else the errno (ETIMEDOUT if no connection came).
 */
static int one_client(int i, int limit)
{
	struct sockaddr_xtcp sa = xt_addr(fam, SRV_ADDR, PORT);
	struct pollfd p = { .events = POLLOUT };
	char out[MSG], in[MSG];
	socklen_t len = sizeof(int);
	int fd, err = 0, flags;
	ssize_t n, got;

	memset(out, 'a' + i % 26, sizeof(out));
	fd = socket(fam, SOCK_STREAM, 0);
	if (fd < 0)
		return errno;
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno !=
	    EINPROGRESS) {
		err = errno;
		goto out;
	}
	p.fd = fd;
	if (poll(&p, 1, limit * 1000) != 1) {
		err = ETIMEDOUT;
		goto out;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
		goto out;
	fcntl(fd, F_SETFL, flags);
	if (write(fd, out, MSG) != MSG) {
		err = errno ?: EIO;
		goto out;
	}
	for (got = 0; got < MSG; got += n) {
		n = read(fd, in + got, MSG - got);
		if (n <= 0) {
			err = n ? errno : ECONNRESET;
			goto out;
		}
	}
	if (memcmp(in, out, MSG))
		err = EBADMSG;
out:
	close(fd);
	return err;
}

/* Wait until the flooder has sent @n SYNs, for at most @limit seconds. */
static int wait_sent(uint64_t n, double limit)
{
	double end = now_s() + limit;

	while (sh_mem->sent < n && now_s() < end)
		msleep(10);
	return sh_mem->sent >= n;
}

int main(void)
{
	long want = 200000, warm, drops0, sent0, recv0, slab0, drops1;
	const char *e = getenv("XTCP_FLOOD_SYNS");
	int l, i, ok = 0, failed = 0, last_err = 0;
	double t0, worst = 0, t;
	uint64_t during0;
	pid_t pids[3];

	if (e)
		want = atol(e);
	fam = xt_family();
	xt_plan(10);
	sh_mem = mmap(NULL, sizeof(*sh_mem), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	netns_pair(SRV_ADDR, CLI_ADDR);
	enter("xa");
	xt_sysctl("syncookies", 1);
	l = socket(fam, SOCK_STREAM, 0);
	{
		struct sockaddr_xtcp any = xt_addr(fam, "0.0.0.0", PORT);

		XT_OK(bind(l, (struct sockaddr *)&any, sizeof(any)) ?:
		      listen(l, BACKLOG), "listener on port 9400, backlog 128");
	}
	pids[0] = server(l);
	drops0 = xt_stat("ListenDrops");
	sent0 = xt_stat("SyncookiesSent");
	recv0 = xt_stat("SyncookiesRecv");
	slab0 = meminfo_kb("Slab");
	pids[1] = sampler();
	pids[2] = flooder(1);
	/*
	 * Enough that the request queue is full before the first client
	 * (the debug kernel takes some 500 SYNs a second).
	 */
	warm = want / 4 < 20000 ? want / 4 : 20000;
	if (!wait_sent(warm, 120))
		fprintf(stderr, "flooder slow: %llu SYNs\n",
			(unsigned long long)sh_mem->sent);

	enter("xb");
	during0 = sh_mem->sent;
	sh_mem->clients = 1;
	for (i = 0; i < CLIENTS; i++) {
		t = now_s();
		last_err = one_client(i, 30);
		t = now_s() - t;
		if (t > worst)
			worst = t;
		if (last_err) {
			failed++;
			fprintf(stderr, "client %d: %s\n", i, strerror(last_err));
		} else {
			ok++;
		}
	}
	sh_mem->clients = 0;
	xt_report(ok == CLIENTS, "syncookies 1: 100 clients connect, "
		  "exchange data and close during the flood",
		  "%d of %d (last error %s)", ok, CLIENTS,
		  strerror(last_err));
	printf("# slowest client: %.2f s; flood SYNs during the clients: "
	       "%llu\n", worst, (unsigned long long)(sh_mem->sent - during0));
	xt_report(sh_mem->sent - during0 >= CLIENTS, "the flood went on while "
		  "the clients ran (a SYN of the flood for each client at least)",
		  "only %llu SYNs",
		  (unsigned long long)(sh_mem->sent - during0));
	t0 = now_s();
	xt_report(wait_sent(want, 600), "the flooder sent at least "
		  "XTCP_FLOOD_SYNS SYNs", "%llu of %ld",
		  (unsigned long long)sh_mem->sent, want);
	printf("# %llu SYNs in all; %.1f s after the clients\n",
	       (unsigned long long)sh_mem->sent, now_s() - t0);
	stop_all(pids + 1, 2);
	enter("xa");
	xt_report(xt_stat("SyncookiesSent") - sent0 > 0 &&
		  xt_stat("SyncookiesRecv") - recv0 > 0,
		  "SYN+ACKs carried cookies and clients came back with them",
		  "SyncookiesSent +%ld, SyncookiesRecv +%ld",
		  xt_stat("SyncookiesSent") - sent0,
		  xt_stat("SyncookiesRecv") - recv0);
	printf("# SyncookiesSent +%ld, SyncookiesRecv +%ld\n",
	       xt_stat("SyncookiesSent") - sent0,
	       xt_stat("SyncookiesRecv") - recv0);
	XT_EQ(xt_stat("ListenDrops") - drops0, 0,
	      "syncookies 1: no SYN dropped (ListenDrops)");
	xt_report(sh_mem->syn_recv_peak > 0 &&
		  sh_mem->syn_recv_peak <= BACKLOG,
		  "the flood's requests stay within the backlog",
		  "peak %ld SYN_RECV rows", sh_mem->syn_recv_peak);
	printf("# peak: %ld requests (SYN_RECV rows); kernel slab %+ld KiB "
	       "over the %ld KiB before the flood\n", sh_mem->syn_recv_peak,
	       sh_mem->slab_peak_kb - slab0, slab0);
	/* 200,000 requests kept would take 40 MB at 200 bytes each. */
	xt_report(sh_mem->slab_peak_kb - slab0 < 16384,
		  "kernel slab memory grew less than 16 MiB at its peak",
		  "%+ld KiB", sh_mem->slab_peak_kb - slab0);

	/* The control: no cookies, the same flood, the same client. */
	xt_sysctl("syncookies", 0);
	drops1 = xt_stat("ListenDrops");
	pids[1] = 0;
	pids[2] = flooder(2);
	wait_sent(warm, 120);
	enter("xb");
	for (i = 0, failed = 0; i < 3; i++)
		failed += one_client(i, 3) != 0;
	stop_all(pids + 1, 2);
	XT_EQ(failed, 3, "syncookies 0: the client cannot connect during "
	      "the flood (attempts of 3 s that failed)");
	enter("xa");
	xt_report(xt_stat("ListenDrops") > drops1,
		  "syncookies 0: the flood's SYNs are dropped (ListenDrops)",
		  "ListenDrops +%ld", xt_stat("ListenDrops") - drops1);
	xt_sysctl("syncookies", 1);

	kill(pids[0], SIGKILL);
	waitpid(pids[0], NULL, 0);
	close(l);
	netns_del();
	return xt_exit();
}
