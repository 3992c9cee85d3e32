// SPDX-License-Identifier: GPL-2.0
/*
 * Ladders of real runs: tools/xtcp-ladder records S1+S2, S5 and S12
 * between two network namespaces (xa 10.9.0.1, xb 10.9.0.2, netem delay
 * each way, as tests/twohost.c), while tcpdump captures the link and a
 * poller watches /proc/net/xtcp on both sides. Checked for each run:
 *
 * - every segment was traced twice, sent and received, and the ladder's
 *   segments are the capture's, segment by segment in each direction:
 *   flags, relative seq and ack, length (tshark's fields);
 * - each side's states in the ladder (from xtcp:xtcp_set_state) are the
 *   sequence /proc/net/xtcp showed, its row's end counting as CLOSED;
 * - S1+S2's terminal ladder, without times, is tests/ladder/s1s2.txt;
 * - tests/ladder-svg.py: the SVG parses, renders and grows.
 *
 * "ladder docs DIR" runs S1, S2, S4, S5, S6 and S12 and writes their
 * traces to DIR (make docs-ladders draws them). XTCP_LADDER names another
 * xtcp-ladder to run.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include "xtcp_netns.h"

#define A_ADDR	"10.9.0.1"
#define B_ADDR	"10.9.0.2"
#define OUT	"/tmp/ladder"

static int fam, delay_ms = 200;
static char top[PATH_MAX], tool[PATH_MAX + 32];

/* --- the recorder, the poller, the capture -------------------------- */

/* xtcp-ladder recording port @port to @file until rec_stop(). */
static pid_t rec_start(int port, const char *file)
{
	char p[16], path[160], on[4] = "";
	pid_t pid;
	int i, fd;

	snprintf(p, sizeof(p), "%d", port);
	fflush(NULL);
	pid = fork();
	if (!pid) {
		/* A socket it kept open would not close with the test's. */
		close_range(3, ~0U, 0);
		execl(tool, tool, "-q", "-p", p, "-w", file, (char *)NULL);
		_exit(127);
	}
	/* Its own tracing instance has the events on: it is recording. */
	snprintf(path, sizeof(path), "/sys/kernel/tracing/instances/"
		 "xtcp-ladder-%d/events/xtcp/xtcp_segment_recv/enable", pid);
	for (i = 0; i < 500 && on[0] != '1'; i++) {
		msleep(20);
		fd = open(path, O_RDONLY);
		if (fd >= 0 && read(fd, on, 1) != 1)
			on[0] = 0;
		if (fd >= 0)
			close(fd);
	}
	return pid;
}

static void rec_stop(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static volatile sig_atomic_t poll_done;

static void poll_stop_handler(int sig)
{
	(void)sig;
	poll_done = 1;
}

#define POLL_ROWS	8

struct poll_row {
	char ns[4], local[32], remote[32], states[256], last[32];
	int seen;
};

/*
 * Watch the rows of @port in xa and xb until SIGTERM; write each row's
 * states, in order, to @file: "LOCAL S1 S2 ... CLOSED", CLOSED when the
 * row went away.
 */
static pid_t poll_start(int port, const char *file)
{
	static const char *const nss[] = { "xa", "xb" };
	struct poll_row rows[POLL_ROWS] = {};
	char line[256], local[32], remote[32], st[32];
	int n = 0, i, k;
	pid_t pid;
	FILE *f;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid;
	close_range(3, ~0U, 0);
	signal(SIGTERM, poll_stop_handler);
	while (!poll_done) {
		for (k = 0; k < 2; k++) {
			enter(nss[k]);
			for (i = 0; i < n; i++)
				if (!strcmp(rows[i].ns, nss[k]))
					rows[i].seen = 0;
			f = fopen("/proc/net/xtcp", "r");
			while (f && fgets(line, sizeof(line), f)) {
				/*
				 * A user's socket left CLOSED on its bound
				 * port (S5) is not the connection, which
				 * lives on in its TIME_WAIT row.
				 */
				if (sscanf(line, "%31s %31s %31s", local, remote,
					   st) != 3 || !strcmp(st, "CLOSED") ||
				    xtcp_addr_port(remote) <= 0 ||
				    (xtcp_addr_port(local) != port &&
				     xtcp_addr_port(remote) != port))
					continue;
				for (i = 0; i < n; i++)
					if (!strcmp(rows[i].local, local) &&
					    !strcmp(rows[i].remote, remote) &&
					    strcmp(rows[i].last, "CLOSED"))
						break;
				if (i == n && n < POLL_ROWS) {
					snprintf(rows[n].ns, 4, "%s", nss[k]);
					snprintf(rows[n].local, 32, "%s", local);
					snprintf(rows[n].remote, 32, "%s", remote);
					n++;
				} else if (i == n) {
					continue;
				}
				rows[i].seen = 1;
				if (strcmp(rows[i].last, st)) {
					snprintf(rows[i].last, 32, "%s", st);
					strncat(rows[i].states, " ",
						sizeof(rows[i].states) - 1 -
						strlen(rows[i].states));
					strncat(rows[i].states, st,
						sizeof(rows[i].states) - 1 -
						strlen(rows[i].states));
				}
			}
			if (f)
				fclose(f);
			for (i = 0; i < n; i++)
				if (!strcmp(rows[i].ns, nss[k]) && !rows[i].seen &&
				    strcmp(rows[i].last, "CLOSED")) {
					snprintf(rows[i].last, 32, "CLOSED");
					strncat(rows[i].states, " CLOSED",
						sizeof(rows[i].states) - 1 -
						strlen(rows[i].states));
				}
		}
		usleep(2000);
	}
	f = fopen(file, "w");
	for (i = 0; f && i < n; i++)
		fprintf(f, "%s%s\n", rows[i].local, rows[i].states);
	if (f)
		fclose(f);
	_exit(0);
}

static void poll_stop(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* --- one run ---------------------------------------------------------- */

struct run {
	const char *name;	/* s1s2, s5, ... */
	int port;		/* the server's port, for every filter */
	pid_t rec, poll, dump;
	char trace[64], states[64], pcap[64];
};

static void run_begin(struct run *r, int capture)
{
	char filter[128];

	snprintf(r->trace, sizeof(r->trace), OUT "/%s.trace", r->name);
	snprintf(r->states, sizeof(r->states), OUT "/%s.proc", r->name);
	snprintf(r->pcap, sizeof(r->pcap), OUT "/%s.pcap", r->name);
	r->dump = 0;
	if (capture) {
		/* BPF knows no ports for protocol 253: by offset. */
		snprintf(filter, sizeof(filter),
			 "ip proto 253 and (ip[20:2] = %d or ip[22:2] = %d)",
			 r->port, r->port);
		r->dump = tcpdump_start("xa", "va", r->pcap, filter);
	}
	r->poll = poll_start(r->port, r->states);
	r->rec = rec_start(r->port, r->trace);
}

static void run_end(struct run *r)
{
	msleep(300);
	rec_stop(r->rec);
	poll_stop(r->poll);
	tcpdump_stop(r->dump);
}

static int sock_in(const char *ns, const char *ip, unsigned short port)
{
	struct sockaddr_xtcp sx = xt_addr(fam, ip, port);
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
	struct sockaddr_xtcp sx = xt_addr(fam, ip, port);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sx, sizeof(sx)) == 0 ||
	    errno != EINPROGRESS)
		perror("nonblocking connect");
}

/* S1: A (port @cport) connects to B's listener on @port; accepted. */
static void open_pair(int cport, int port, int *c, int *a)
{
	int l = sock_in("xb", B_ADDR, port);

	listen(l, 8);
	*c = sock_in("xa", A_ADDR, cport);
	nb_connect(*c, B_ADDR, port);
	wait_state("xb", port, cport, "ESTABLISHED");
	*a = accept(l, NULL, NULL);
	close(l);
	msleep(delay_ms);
}

/* S2: A closes, then B once A is in FIN_WAIT_2; until B's row is gone. */
static void close_pair(int cport, int port, int c, int a)
{
	close(c);
	wait_state("xb", port, cport, "CLOSE_WAIT");
	wait_state("xa", cport, port, "FIN_WAIT_2");
	close(a);
	wait_state("xb", port, cport, "");
}

/* --- the scenarios ---------------------------------------------------- */

static void run_s1s2(struct run *r, int capture)
{
	int c, a;

	run_begin(r, capture);
	open_pair(40001, r->port, &c, &a);
	close_pair(40001, r->port, c, a);
	wait_state("xa", 40001, r->port, "");
	run_end(r);
}

/* S1 and S2 on their own, for the documentation. */
static void run_s1_s2_apart(struct run *r1, struct run *r2)
{
	int c, a;

	run_begin(r1, 0);
	open_pair(40011, r1->port, &c, &a);
	run_end(r1);
	run_begin(r2, 0);
	close_pair(40011, r2->port, c, a);
	wait_state("xa", 40011, r2->port, "");
	run_end(r2);
}

/* S4: B closes as soon as it reads the FIN, its FIN carries the ACK. */
static void run_s4(struct run *r)
{
	char buf[8];
	pid_t pid;
	int c, a;

	run_begin(r, 0);
	open_pair(40004, r->port, &c, &a);
	fflush(NULL);
	pid = fork();
	if (!pid) {
		close(c);	/* A's socket must close with the parent's close() */
		while (read(a, buf, sizeof(buf)) > 0)
			;
		close(a);
		_exit(0);
	}
	close(a);
	msleep(50);
	close(c);
	waitpid(pid, NULL, 0);
	wait_state("xb", r->port, 40004, "");
	wait_state("xa", 40004, r->port, "");
	run_end(r);
}

/* S5: both send FIN before the other's arrives: CLOSING on both sides. */
static void run_s5(struct run *r, int capture)
{
	int c, a;

	run_begin(r, capture);
	open_pair(40005, r->port, &c, &a);
	shutdown(c, SHUT_WR);
	shutdown(a, SHUT_WR);
	wait_state("xa", 40005, r->port, "TIME_WAIT");
	wait_state("xb", r->port, 40005, "TIME_WAIT");
	close(c);
	close(a);
	wait_state("xa", 40005, r->port, "");
	wait_state("xb", r->port, 40005, "");
	run_end(r);
}

/* S6: A's pure ACKs are dropped; B sends its FIN again until one passes. */
static void run_s6(struct run *r)
{
	int c, a;

	run_begin(r, 0);
	open_pair(40006, r->port, &c, &a);
	sh("tc -n xa qdisc replace dev va root handle 1: prio bands 3 "
	   "priomap 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1");
	sh("tc -n xa qdisc add dev va parent 1:2 handle 20: netem delay %dms",
	   delay_ms);
	sh("tc -n xa qdisc add dev va parent 1:3 handle 30: netem loss 100%%");
	close(c);
	wait_state("xa", 40006, r->port, "FIN_WAIT_2");
	/* Flags 0x10 at offset 33: a pure ACK goes to the band that drops. */
	sh("tc -n xa filter add dev va parent 1: protocol ip prio 1 u32 "
	   "match ip protocol 253 0xff match u8 0x10 0xff at 33 flowid 1:3");
	close(a);
	/* B's RTO, from the handshake's RTT, is three round trips. */
	msleep(8 * delay_ms + 1000);
	sh("tc -n xa filter del dev va parent 1: prio 1");
	wait_state("xb", r->port, 40006, "");
	wait_state("xa", 40006, r->port, "");
	run_end(r);
	sh("tc -n xa qdisc replace dev va root netem delay %dms", delay_ms);
}

/* S12: the SYNs cross; both go SYN_RECV, then ESTABLISHED. */
static void run_s12(struct run *r, int capture)
{
	char buf[8];
	int fa, fb;

	run_begin(r, capture);
	fa = sock_in("xa", A_ADDR, 40012);
	fb = sock_in("xb", B_ADDR, r->port);
	enter("xa");
	nb_connect(fa, B_ADDR, r->port);
	enter("xb");
	nb_connect(fb, A_ADDR, 40012);
	wait_state("xa", 40012, r->port, "ESTABLISHED");
	wait_state("xb", r->port, 40012, "ESTABLISHED");
	msleep(delay_ms);
	if (write(fa, "hi", 2) != 2)
		perror("write");
	msleep(delay_ms + 100);
	fcntl(fb, F_SETFL, 0);
	if (read(fb, buf, sizeof(buf)) != 2)
		perror("read");
	close(fa);
	wait_state("xa", 40012, r->port, "FIN_WAIT_2");
	close(fb);
	wait_state("xb", r->port, 40012, "");
	wait_state("xa", 40012, r->port, "");
	run_end(r);
}

/* --- the checks ------------------------------------------------------- */

#define MAX_LINES	64

/* Up to @max lines of @cmd's output, each without its newline. */
static int lines_of(const char *cmd, char out[][128], int max)
{
	FILE *f = popen(cmd, "r");
	int n = 0;

	while (f && n < max && fgets(out[n], 128, f)) {
		out[n][strcspn(out[n], "\n")] = 0;
		n++;
	}
	if (f)
		pclose(f);
	return n;
}

/*
 * The ladder's segments against tshark's dissection of the capture, in
 * each direction: the capture point sees both in the order they crossed
 * it, the ladder in the order they were sent.
 */
static void check_capture(struct run *r)
{
	static char lad[MAX_LINES][128], cap[MAX_LINES][128];
	char cmd[PATH_MAX + 512], name[96], why[300] = "";
	const char *src[] = { A_ADDR " ", B_ADDR " " };
	int nl, nc, k, i, j, count[2] = {};

	snprintf(cmd, sizeof(cmd), "%s -r %s --segments", tool, r->trace);
	nl = lines_of(cmd, lad, MAX_LINES);
	/* Both ends are XTCP's: each segment was traced sent and received. */
	for (i = 0, k = 0; i < nl; i++) {
		char *how = strrchr(lad[i], ' ');

		if (how && !strcmp(how, " sent+received"))
			*how = 0;
		else
			k++;
	}
	snprintf(name, sizeof(name), "%s: every segment traced as sent and "
		 "as received", r->name);
	xt_report(nl > 0 && !k, name, "%d of %d not", k, nl);
	/* Tab-separated fields, as "SRC FLAGS SEQ ACK LEN". */
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==253,tcp "
		 "-o tcp.relative_sequence_numbers:TRUE -T fields "
		 "-e ip.src -e tcp.flags -e tcp.seq -e tcp.ack -e tcp.len "
		 "2>/dev/null | tr '\\t' ' '", r->pcap);
	nc = lines_of(cmd, cap, MAX_LINES);
	for (k = 0; k < 2 && !*why; k++) {
		for (i = 0, j = 0; !*why; i++, j++) {
			while (i < nl && strncmp(lad[i], src[k], strlen(src[k])))
				i++;
			while (j < nc && strncmp(cap[j], src[k], strlen(src[k])))
				j++;
			if (i >= nl && j >= nc)
				break;
			if (i >= nl || j >= nc || strcmp(lad[i], cap[j]))
				snprintf(why, sizeof(why),
					 "from %s: ladder '%s', capture '%s'",
					 src[k], i < nl ? lad[i] : "(none)",
					 j < nc ? cap[j] : "(none)");
			count[k]++;
		}
	}
	snprintf(name, sizeof(name),
		 "%s: the ladder's segments are the capture's", r->name);
	xt_report(!*why && nl > 0 && nl == nc, name, "%s (%d in the ladder, "
		  "%d captured)", *why ? why : "counts differ", nl, nc);
	if (*why || nl != nc) {
		for (i = 0; i < nl; i++)
			fprintf(stderr, "ladder:  %s\n", lad[i]);
		for (i = 0; i < nc; i++)
			fprintf(stderr, "capture: %s\n", cap[i]);
	}
}

/* Each side's states: the ladder's against what /proc/net/xtcp showed. */
static void check_states(struct run *r)
{
	static char lad[8][128], seen[8][128];
	char cmd[PATH_MAX + 256], name[96];
	int nl, ns, i, j, ok = 0;

	snprintf(cmd, sizeof(cmd), "%s -r %s --states", tool, r->trace);
	nl = lines_of(cmd, lad, 8);
	snprintf(cmd, sizeof(cmd), "cat %s", r->states);
	ns = lines_of(cmd, seen, 8);
	snprintf(name, sizeof(name), "%s: two endpoints in the ladder and in "
		 "/proc", r->name);
	xt_report(nl == 2 && ns == 2, name, "%d in the ladder, %d in /proc",
		  nl, ns);
	for (i = 0; i < nl; i++) {
		const char *ep = lad[i], *sp = strchr(lad[i], ' ');

		ok = 0;
		for (j = 0; j < ns && sp; j++)
			if (!strncmp(seen[j], ep, sp - ep) &&
			    seen[j][sp - ep] == ' ')
				ok = !strcmp(seen[j] + (sp - ep), sp);
		snprintf(name, sizeof(name), "%s: the states of %.*s are "
			 "/proc's", r->name, sp ? (int)(sp - ep) : 0, ep);
		xt_report(ok, name, "ladder '%s'", lad[i]);
	}
	if (nl != 2 || ns != 2 || !ok)
		for (j = 0; j < ns; j++)
			fprintf(stderr, "/proc: %s\n", seen[j]);
}

/* The terminal ladder, without its times, against the golden file. */
static void check_golden(struct run *r, const char *golden)
{
	char cmd[PATH_MAX * 3 + 256];
	int rc;

	snprintf(cmd, sizeof(cmd), "%s -r %s --no-time > " OUT "/%s.txt; "
		 "grep -v '^#' %s/tests/ladder/%s | diff -u - " OUT "/%s.txt "
		 ">&2", tool, r->trace, r->name, top, golden, r->name);
	rc = system(cmd);
	xt_report(rc == 0, "s1s2: the terminal ladder is tests/ladder/s1s2.txt",
		  "it differs (diff above)");
}

/* tests/ladder-svg.py's checks, reported as ours. */
static void check_svg(struct run *r)
{
	static char out[16][128];
	char cmd[PATH_MAX * 3 + 128];
	int n, i;

	snprintf(cmd, sizeof(cmd), "python3 %s/tests/ladder-svg.py %s %s "
		 OUT "/%s 2>&1", top, tool, r->trace, r->name);
	n = lines_of(cmd, out, 16);
	for (i = 0; i < n; i++) {
		if (!strncmp(out[i], "ok - ", 5))
			xt_report(1, out[i] + 5, "");
		else if (!strncmp(out[i], "not ok - ", 9))
			xt_report(0, out[i] + 9, "see above");
		else
			fprintf(stderr, "ladder-svg: %s\n", out[i]);
	}
	xt_report(n > 0, "svg: the checker ran", "no output");
}

static void setup(void)
{
	netns_pair(A_ADDR, B_ADDR);
	sh("tc -n xa qdisc add dev va root netem delay %dms", delay_ms);
	sh("tc -n xb qdisc add dev vb root netem delay %dms", delay_ms);
	enter("xa");
	xt_sysctl("msl_ms", 1000);
	xt_sysctl("rto_init_ms", 3000);
	enter("xb");
	xt_sysctl("msl_ms", 1000);
	xt_sysctl("rto_init_ms", 3000);
	mkdir(OUT, 0755);
	/* The first connection settles the link and the neighbour caches. */
	{
		int c, a;

		msleep(1000);
		open_pair(40000, 7000, &c, &a);
		close(c);
		close(a);
		msleep(3 * delay_ms);
	}
}

/* make docs-ladders: each scenario's trace, to @dir. */
static int docs(const char *dir)
{
	struct run r1 = { .name = "s1", .port = 8101 }, r2 = { .name = "s2", .port = 8101 }, r4 = { .name = "s4", .port = 8104 },
		   r5 = { .name = "s5", .port = 8105 }, r6 = { .name = "s6", .port = 8106 }, r12 = { .name = "s12", .port = 8112 };
	struct run *all[] = { &r1, &r2, &r4, &r5, &r6, &r12 };
	unsigned int i;

	setup();
	fprintf(stderr, "docs: S1, S2\n");
	run_s1_s2_apart(&r1, &r2);
	fprintf(stderr, "docs: S4\n");
	run_s4(&r4);
	fprintf(stderr, "docs: S5\n");
	run_s5(&r5, 0);
	fprintf(stderr, "docs: S6\n");
	enter("xa");
	xt_sysctl("msl_ms", 4000);
	run_s6(&r6);
	enter("xa");
	xt_sysctl("msl_ms", 1000);
	fprintf(stderr, "docs: S12\n");
	run_s12(&r12, 0);
	netns_del();
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sh("cp %s %s/%s.trace", all[i]->trace, dir, all[i]->name);
	return 0;
}

int main(int argc, char **argv)
{
	struct run s1s2 = { .name = "s1s2", .port = 8001 }, s5 = { .name = "s5", .port = 8005 },
		   s12 = { .name = "s12", .port = 8012 };
	char exe[PATH_MAX];
	ssize_t n;

	fam = xt_family();
	signal(SIGPIPE, SIG_IGN);
	if (getenv("XTCP_DELAY_MS"))
		delay_ms = atoi(getenv("XTCP_DELAY_MS"));
	/* The tree: this program is build/tests/ladder in it. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	snprintf(top, sizeof(top), "%s", dirname(dirname(dirname(exe))));
	if (getenv("XTCP_LADDER"))
		snprintf(tool, sizeof(tool), "%s", getenv("XTCP_LADDER"));
	else
		snprintf(tool, sizeof(tool), "%s/tools/xtcp-ladder", top);
	if (argc == 3 && !strcmp(argv[1], "docs"))
		return docs(argv[2]);

	setup();
	run_s1s2(&s1s2, 1);
	run_s5(&s5, 1);
	run_s12(&s12, 1);
	netns_del();

	check_capture(&s1s2);
	check_states(&s1s2);
	check_golden(&s1s2, "s1s2.txt");
	check_svg(&s1s2);
	check_capture(&s5);
	check_states(&s5);
	check_capture(&s12);
	check_states(&s12);
	return xt_exit();
}
