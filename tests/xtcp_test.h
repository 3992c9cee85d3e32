/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small harness for the guest selftests. Each check prints one line,
 * "ok - name" or "not ok - name: why"; tests/run.sh collects them. A program
 * exits 1 if any check failed.
 *
 * The plan (TAP's "1..N"): a program with a fixed number of checks calls
 * xt_plan(N) first; any other gets "1..N" from xt_exit(), N being the
 * checks it and its forked children made. tests/run.sh fails a program
 * whose plan is missing or does not match its check lines, so one that
 * stops early (a crash, an exit() on the way, a child that died) fails.
 */
#ifndef XTCP_TEST_H
#define XTCP_TEST_H

#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/xtcp.h>

#include "../tools/xtcp-proc.h"

static int xt_failed;
static int xt_planned = -1;
static pid_t xt_main_pid;
/* Checks made, shared with forked children: they count for the plan. */
static int *xt_count, xt_count_private;

__attribute__((constructor)) static void xt_init(void)
{
	void *p = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	xt_count = p == MAP_FAILED ? &xt_count_private : p;
	xt_main_pid = getpid();
}

/* Declare the number of checks the program makes, before the first. */
static inline void xt_plan(int n)
{
	xt_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void xt_report(int pass, const char *name, const char *fmt, ...)
{
	va_list ap;

	__atomic_fetch_add(xt_count, 1, __ATOMIC_RELAXED);
	if (pass) {
		printf("ok - %s\n", name);
	} else {
		xt_failed = 1;
		printf("not ok - %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

/* A check that does not apply here: TAP's "ok - name # SKIP why". */
static inline void xt_skip(const char *name, const char *why)
{
	__atomic_fetch_add(xt_count, 1, __ATOMIC_RELAXED);
	printf("ok - %s # SKIP %s\n", name, why);
	fflush(stdout);
}

/* A call that must fail with errno @err. */
#define XT_ERRNO(call, err, name) do {					\
	errno = 0;							\
	long __r = (long)(call);					\
	int __e = errno;						\
	xt_report(__r == -1 && __e == (err), name,			\
		  "returned %ld, errno %d (%s), want errno %d (%s)",	\
		  __r, __e, strerror(__e), err, strerror(err));		\
} while (0)

/* A call that must succeed (return >= 0). */
#define XT_OK(call, name) do {						\
	errno = 0;							\
	long __r = (long)(call);					\
	int __e = errno;						\
	xt_report(__r >= 0, name, "returned %ld, errno %d (%s)",	\
		  __r, __e, strerror(__e));				\
} while (0)

#define XT_EQ(got, want, name) do {					\
	long long __g = (long long)(got), __w = (long long)(want);	\
	xt_report(__g == __w, name, "got %lld, want %lld", __g, __w);	\
} while (0)

/* The exit code; the main process also ends the output with its plan. */
static inline int xt_exit(void)
{
	if (getpid() == xt_main_pid && xt_planned < 0) {
		printf("1..%d\n", __atomic_load_n(xt_count, __ATOMIC_RELAXED));
		fflush(stdout);
	}
	return xt_failed ? 1 : 0;
}

/* The family number in use, as the module publishes it. */
static inline int xt_family(void)
{
	FILE *f = fopen("/sys/module/xtcp/parameters/family", "r");
	int fam = AF_XTCP;

	if (f) {
		if (fscanf(f, "%d", &fam) != 1)
			fam = AF_XTCP;
		fclose(f);
	}
	return fam;
}

/* One counter from /proc/net/xtcp_stat, or -1. */
static inline long xt_stat(const char *name)
{
	return xtcp_stat_read(name);
}

/*
 * The state of the /proc/net/xtcp row for local port @lport and remote port
 * @rport (0 for a listener), copied to @state; 0 if found, -1 if not.
 */
static inline int xt_proc_state(int lport, int rport, char *state, size_t n)
{
	struct xtcp_row r;

	if (xtcp_row_find(lport, rport, &r))
		return -1;
	snprintf(state, n, "%s", r.state);
	return 0;
}

/* Check a /proc/net/xtcp row's state; @want "" means no row at all. */
static inline void xt_expect_state(int lport, int rport, const char *want,
				   const char *name)
{
	char st[32] = "";
	int found = xt_proc_state(lport, rport, st, sizeof(st)) == 0;

	if (!*want)
		xt_report(!found, name, "row %d->%d still there, in %s", lport,
			  rport, st);
	else
		xt_report(found && !strcmp(st, want), name,
			  "row %d->%d is %s, want %s", lport, rport,
			  found ? st : "(none)", want);
}

/* Write a sysctl under /proc/sys/net/xtcp/. */
static inline int xt_sysctl(const char *name, long val)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/xtcp/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", val);
	return fclose(f);
}

/* Bring up lo in the current network namespace; 0 on success. */
static inline int xt_lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret = -1;

	if (fd < 0)
		return -1;
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

/* @ip:@port as family @fam takes it (AF_XTCP's, or AF_INET's). */
static inline struct sockaddr_xtcp xt_addr(int fam, const char *ip,
					   unsigned short port)
{
	struct sockaddr_xtcp sx = {
		.sxtcp_family = (unsigned short)fam,
		.sxtcp_port = htons(port),
	};

	inet_pton(AF_INET, ip, &sx.sxtcp_addr);
	return sx;
}

/*
 * An address of either IP version, with the length it takes (the tests'
 * -6): sockaddr_xtcp or sockaddr_xtcp6, whose layouts are sockaddr_in's and
 * sockaddr_in6's, so that Linux TCP's references use them as they are.
 */
struct xaddr {
	union {
		struct sockaddr sa;
		struct sockaddr_xtcp v4;
		struct sockaddr_xtcp6 v6;
	};
	socklen_t len;
};

/* The port is at the same offset in both: xt_xaddr_port() reads it via v4. */
_Static_assert(offsetof(struct sockaddr_xtcp, sxtcp_port) ==
	       offsetof(struct sockaddr_xtcp6, sxtcp6_port),
	       "sxtcp_port and sxtcp6_port at the same offset");

/* @ip (an IPv6 one if @v6) and @port, as family @fam takes them. */
static inline struct xaddr xt_xaddr(int fam, int v6, const char *ip,
				    unsigned short port)
{
	struct xaddr xa;

	memset(&xa, 0, sizeof(xa));
	if (v6) {
		xa.v6.sxtcp6_family = (unsigned short)fam;
		xa.v6.sxtcp6_port = htons(port);
		if (inet_pton(AF_INET6, ip, &xa.v6.sxtcp6_addr) != 1)
			fprintf(stderr, "bad IPv6 address %s\n", ip);
		xa.len = sizeof(xa.v6);
	} else {
		xa.v4 = xt_addr(fam, ip, port);
		xa.len = sizeof(xa.v4);
	}
	return xa;
}

static inline int xt_xaddr_port(const struct xaddr *xa)
{
	return ntohs(xa->v4.sxtcp_port);
}

/* Milliseconds on the monotonic clock. */
static inline long xt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * Run the group of checks @fn in a child of its own, killed after @secs:
 * one that crashes or hangs fails by name, and the next group still runs.
 */
static inline void xt_run_group(const char *name, void (*fn)(void),
				unsigned int secs)
{
	long t0 = xt_now_ms();
	int st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(secs);
		fn();
		fflush(stdout);
		_exit(xt_exit());
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		xt_report(0, name, "fork: %s", strerror(errno));
		return;
	}
	if (WIFSIGNALED(st))
		xt_report(0, name, "killed by signal %d (%s) after %ld ms%s",
			  WTERMSIG(st), strsignal(WTERMSIG(st)),
			  xt_now_ms() - t0, WTERMSIG(st) == SIGALRM ?
			  ": stuck past its time limit" : "");
	else if (WEXITSTATUS(st))
		xt_failed = 1;
	printf("# %s: %ld ms\n", name, xt_now_ms() - t0);
}

#endif /* XTCP_TEST_H */
