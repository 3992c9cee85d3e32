// SPDX-License-Identifier: GPL-2.0
/*
 * xtcpss: XTCP's connections, as ss -tan shows TCP's, over NETLINK_SOCK_DIAG
 * (include/uapi/linux/xtcp_diag.h). The filter goes to the kernel, which
 * sends back only the rows that pass it. See xtcpss(8).
 *
 *	xtcpss [-alneisH] [-N NETNS] [-F FAMILY] [FILTER]
 *
 * FILTER is a subset of ss's: "state NAME" and "exclude NAME" (names and
 * groups as ss's), then conditions that must all hold: sport, dport, src
 * and dst, compared with = != < <= > >= (or eq, neq, lt, le, gt, ge; ports
 * only for the last four). "and" between them is allowed; "or", "not" and
 * parentheses are not. IPv6 rows show as [ADDR]:PORT, v4-mapped ones as
 * [::ffff:a.b.c.d]:PORT, as ss shows tcp6's; src and dst take IPv6
 * addresses as ss does ([::1]:80, [fe80::]/10, ::1/128).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/xtcp.h>
#include <linux/xtcp_diag.h>

#define ALL_STATES	0xffffffffU
#define SF(s)		(1U << (s))
/* ss's default: what is neither listening, closed, a request nor TIME_WAIT. */
#define CONN_STATES	(ALL_STATES & ~(SF(XTCP_LISTEN) | SF(XTCP_CLOSE) | \
					SF(XTCP_TIME_WAIT) | SF(XTCP_SYN_RECV)))

/* ss's names: the state, as a filter word and as shown. */
static const struct {
	const char *word, *shown;
} states[] = {
	[XTCP_ESTABLISHED]	= { "established", "ESTAB" },
	[XTCP_SYN_SENT]		= { "syn-sent", "SYN-SENT" },
	[XTCP_SYN_RECV]		= { "syn-recv", "SYN-RECV" },
	[XTCP_FIN_WAIT1]	= { "fin-wait-1", "FIN-WAIT-1" },
	[XTCP_FIN_WAIT2]	= { "fin-wait-2", "FIN-WAIT-2" },
	[XTCP_TIME_WAIT]	= { "time-wait", "TIME-WAIT" },
	[XTCP_CLOSE]		= { "closed", "UNCONN" },
	[XTCP_CLOSE_WAIT]	= { "close-wait", "CLOSE-WAIT" },
	[XTCP_LAST_ACK]		= { "last-ack", "LAST-ACK" },
	[XTCP_LISTEN]		= { "listening", "LISTEN" },
	[XTCP_CLOSING]		= { "closing", "CLOSING" },
};

#define NSTATES (sizeof(states) / sizeof(states[0]))

static const char *const timers[] = {
	[XTCP_DIAG_TIMER_NONE]		= "-",
	[XTCP_DIAG_TIMER_RETRANSMIT]	= "retransmit",
	[XTCP_DIAG_TIMER_PROBE]		= "probe",
	[XTCP_DIAG_TIMER_DELACK]	= "delack",
	[XTCP_DIAG_TIMER_KEEPALIVE]	= "keepalive",
	[XTCP_DIAG_TIMER_FIN_WAIT2]	= "fin_wait2",
	[XTCP_DIAG_TIMER_SYNACK]	= "synack",
	[XTCP_DIAG_TIMER_TIME_WAIT]	= "time_wait",
};

static struct {
	bool ext, info, summary, header, nlstats;
	const char *netns;
	int family;
	unsigned int nconds;
	struct cond {
		bool v6;	/* XTCP_DIAG_REQ_COND6: c6 */
		struct xtcp_diag_cond c;
		struct xtcp_diag_cond6 c6;
	} conds[XTCP_DIAG_MAX_CONDS];
} opt = { .header = true };

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("xtcpss: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(int rc)
{
	fprintf(rc ? stderr : stdout,
		"usage: xtcpss [-alneisH] [-N NETNS] [-F FAMILY] [FILTER]\n"
		"  -a  all rows               -l  listeners only\n"
		"  -n  numeric (the default)  -e  timers, uid, inode\n"
		"  -i  xtcp_info: rtt, cwnd, retransmissions\n"
		"  -s  a summary by state     -H  no header\n"
		"  -N  in network namespace NETNS (a name in /run/netns, or a path)\n"
		"  -F  the family number (default: the module's, else %d)\n"
		"  --netlink-stats  netlink messages and bytes received, to stderr\n"
		"FILTER: [state NAME | exclude NAME]... [COND [and] ...]\n"
		"  NAME: a state (established, syn-sent, syn-recv, fin-wait-1,\n"
		"        fin-wait-2, time-wait, closed, close-wait, last-ack,\n"
		"        listening, closing) or a group (all, connected,\n"
		"        synchronized, bucket, big)\n"
		"  COND: sport|dport OP [:]PORT    src|dst [OP] ADDR[/PLEN][:PORT]\n"
		"  ADDR: IPv4, or IPv6 as [ADDR6] (then /PLEN and :PORT after\n"
		"        the bracket) or bare ADDR6[/PLEN], without a port\n"
		"  OP:   = == eq != ne neq < lt <= le > gt >= ge\n", AF_XTCP);
	exit(rc);
}

/* A state or a group of ss's, as a mask; 0 if @w is neither. */
static unsigned int state_mask(const char *w)
{
	unsigned int i;

	if (!strcmp(w, "all"))
		return ALL_STATES;
	if (!strcmp(w, "connected"))
		return ALL_STATES & ~(SF(XTCP_LISTEN) | SF(XTCP_CLOSE));
	if (!strcmp(w, "synchronized"))
		return ALL_STATES & ~(SF(XTCP_LISTEN) | SF(XTCP_CLOSE) |
				      SF(XTCP_SYN_SENT));
	if (!strcmp(w, "bucket"))
		return SF(XTCP_SYN_RECV) | SF(XTCP_TIME_WAIT);
	if (!strcmp(w, "big"))
		return ALL_STATES & ~(SF(XTCP_SYN_RECV) | SF(XTCP_TIME_WAIT));
	if (!strcmp(w, "listen") || !strcmp(w, "syn-rcv"))
		return SF(!strcmp(w, "listen") ? XTCP_LISTEN : XTCP_SYN_RECV);
	for (i = 0; i < NSTATES; i++)
		if (states[i].word && !strcmp(w, states[i].word))
			return SF(i);
	return 0;
}

/* An operator word; -1 if @w is none. */
static int op_parse(const char *w)
{
	static const struct {
		const char *w;
		int op;
	} ops[] = {
		{ "=", XTCP_DIAG_OP_EQ }, { "==", XTCP_DIAG_OP_EQ },
		{ "eq", XTCP_DIAG_OP_EQ }, { "!=", XTCP_DIAG_OP_NE },
		{ "ne", XTCP_DIAG_OP_NE }, { "neq", XTCP_DIAG_OP_NE },
		{ "<", XTCP_DIAG_OP_LT }, { "lt", XTCP_DIAG_OP_LT },
		{ "<=", XTCP_DIAG_OP_LE }, { "le", XTCP_DIAG_OP_LE },
		{ ">", XTCP_DIAG_OP_GT }, { "gt", XTCP_DIAG_OP_GT },
		{ ">=", XTCP_DIAG_OP_GE }, { "ge", XTCP_DIAG_OP_GE },
	};
	unsigned int i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(w, ops[i].w))
			return ops[i].op;
	return -1;
}

static struct cond *cond_new(void)
{
	struct cond *c;

	if (opt.nconds == XTCP_DIAG_MAX_CONDS)
		die("more than %d conditions", XTCP_DIAG_MAX_CONDS);
	c = &opt.conds[opt.nconds++];
	memset(c, 0, sizeof(*c));
	return c;
}

static void cond_add(int field, int op, __be32 addr, int prefix, int port)
{
	struct cond *c = cond_new();

	c->c.xdc_field = field;
	c->c.xdc_op = op;
	c->c.xdc_addr = addr;
	c->c.xdc_prefix = prefix;
	c->c.xdc_port = port;
}

static void cond6_add(int field, int op, const struct in6_addr *addr,
		      int prefix)
{
	struct cond *c = cond_new();

	c->v6 = true;
	c->c6.xdc_field = field;
	c->c6.xdc_op = op;
	c->c6.xdc_prefix = prefix;
	memcpy(c->c6.xdc_addr, addr, sizeof(c->c6.xdc_addr));
}

/* ":80", "80" or ":http"; "*" or "" is -1 (any). */
static int port_parse(const char *s)
{
	struct servent *se;
	char *end;
	long p;

	if (*s == ':')
		s++;
	if (!*s || !strcmp(s, "*"))
		return -1;
	p = strtol(s, &end, 10);
	if (!*end && end != s && p >= 0 && p <= 65535)
		return p;
	se = getservbyname(s, "tcp");
	if (!se)
		die("bad port '%s'", s);
	return ntohs(se->s_port);
}

/*
 * src|dst [OP] ADDR[/PLEN][:PORT]: an address and maybe a port condition.
 * IPv6 as ss has it: [ADDR6][/PLEN][:PORT] (or [ADDR6/PLEN][:PORT]), or
 * ADDR6[/PLEN] bare, which cannot have a port.
 */
static void addr_cond(bool src, int op, const char *arg)
{
	char buf[128], *colon, *slash;
	int prefix, port = -1;
	struct in6_addr a6;
	struct in_addr a = { 0 };
	bool v6 = false;

	snprintf(buf, sizeof(buf), "%s", arg);
	if (*buf == '[') {
		char *close = strchr(buf, ']');

		if (!close)
			die("bad address '%s': no ']'", arg);
		colon = strchr(close, ':');
		if (colon) {
			*colon = '\0';
			port = port_parse(colon + 1);
		}
		/* Without the brackets: ADDR6[/PLEN]. */
		memmove(close, close + 1, strlen(close + 1) + 1);
		memmove(buf, buf + 1, strlen(buf + 1) + 1);
		v6 = true;
	} else {
		colon = strchr(buf, ':');
		if (colon && colon == strrchr(buf, ':')) {
			*colon = '\0';
			port = port_parse(colon + 1);
		} else if (colon) {
			v6 = true;
		}
	}
	prefix = v6 ? 128 : 32;
	slash = strchr(buf, '/');
	if (slash) {
		char *end;

		*slash = '\0';
		prefix = strtol(slash + 1, &end, 10);
		if (*end || end == slash + 1 || prefix < 0 ||
		    prefix > (v6 ? 128 : 32))
			die("bad prefix length in '%s'", arg);
	}
	if (op != XTCP_DIAG_OP_EQ && op != XTCP_DIAG_OP_NE)
		die("addresses take = or != only");
	if (port >= 0 && op == XTCP_DIAG_OP_NE && (*buf && strcmp(buf, "*")))
		die("'%s': != with an address and a port; use %s", arg,
		    src ? "src ADDR and sport" : "dst ADDR and dport");
	if (*buf && strcmp(buf, "*") && v6) {
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			die("bad IPv6 address '%s'", buf);
		cond6_add(src ? XTCP_DIAG_FIELD_SRC : XTCP_DIAG_FIELD_DST, op,
			  &a6, prefix);
	} else if (*buf && strcmp(buf, "*")) {
		if (inet_pton(AF_INET, buf, &a) != 1)
			die("bad IPv4 address '%s'", buf);
		cond_add(src ? XTCP_DIAG_FIELD_SRC : XTCP_DIAG_FIELD_DST, op,
			 a.s_addr, prefix, 0);
	}
	if (port >= 0)
		cond_add(src ? XTCP_DIAG_FIELD_SPORT : XTCP_DIAG_FIELD_DPORT,
			 op, 0, 0, port);
}

/* The filter words: the state mask, or @def if there is no state word. */
static unsigned int filter_parse(char **w, int n, unsigned int def)
{
	unsigned int mask = 0, excl = 0, m;
	bool any_state = false;
	int i, op, port;

	for (i = 0; i < n; i++) {
		const char *k = w[i];
		bool src;

		if (!strcmp(k, "and") || !strcmp(k, "&&"))
			continue;
		if (!strcmp(k, "state") || !strcmp(k, "exclude") ||
		    !strcmp(k, "excl")) {
			if (++i == n)
				die("'%s' needs a state", k);
			m = state_mask(w[i]);
			if (!m)
				die("unknown state '%s'", w[i]);
			if (*k == 's') {
				mask |= m;
				any_state = true;
			} else {
				excl |= m;
			}
			continue;
		}
		if (!strcmp(k, "or") || !strcmp(k, "||") || !strcmp(k, "not") ||
		    !strcmp(k, "!") || *k == '(' || *k == ')')
			die("'%s' is not supported: conditions are and-ed", k);
		if (strcmp(k, "sport") && strcmp(k, "dport") &&
		    strcmp(k, "src") && strcmp(k, "dst"))
			die("unknown filter word '%s'", k);
		if (++i == n)
			die("'%s' needs a value", k);
		op = op_parse(w[i]);
		if (op < 0)
			op = XTCP_DIAG_OP_EQ;
		else if (++i == n)
			die("'%s %s' needs a value", k, w[i - 1]);
		src = !strcmp(k, "src") || !strcmp(k, "sport");
		if (!strcmp(k, "sport") || !strcmp(k, "dport")) {
			port = port_parse(w[i]);
			if (port < 0)
				die("'%s' needs a port", k);
			cond_add(src ? XTCP_DIAG_FIELD_SPORT :
				 XTCP_DIAG_FIELD_DPORT, op, 0, 0, port);
		} else {
			addr_cond(src, op, w[i]);
		}
	}
	return (any_state ? mask : def) & ~excl;
}

/* The family in use: the module's parameter if it is loaded. */
static int family_in_use(void)
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

static void enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if (setns(fd, CLONE_NEWNET))
		die("setns %s: %s", path, strerror(errno));
	close(fd);
}

static void send_req(int fd, unsigned int states, unsigned int flags)
{
	static char msg[NLMSG_LENGTH(sizeof(struct xtcp_diag_req)) +
			XTCP_DIAG_MAX_CONDS *
			NLA_ALIGN(NLA_HDRLEN + sizeof(struct xtcp_diag_cond6) +
				  sizeof(struct xtcp_diag_cond))]
		__attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
	struct xtcp_diag_req *req = NLMSG_DATA(nlh);
	unsigned int i;
	size_t len;

	memset(msg, 0, sizeof(msg));
	len = NLMSG_LENGTH(sizeof(*req));
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	req->sdiag_family = opt.family;
	req->xdiag_flags = flags;
	req->xdiag_states = states;
	if (opt.info)
		req->xdiag_ext = 1U << (XTCP_DIAG_INFO - 1);
	for (i = 0; i < opt.nconds; i++) {
		struct nlattr *nla = (struct nlattr *)(msg + NLMSG_ALIGN(len));
		const struct cond *c = &opt.conds[i];
		size_t n = c->v6 ? sizeof(c->c6) : sizeof(c->c);

		len = NLMSG_ALIGN(len);
		nla->nla_type = c->v6 ? XTCP_DIAG_REQ_COND6 :
					XTCP_DIAG_REQ_COND;
		nla->nla_len = NLA_HDRLEN + n;
		memcpy((char *)nla + NLA_HDRLEN, c->v6 ? (const void *)&c->c6 :
						       (const void *)&c->c, n);
		len += NLA_ALIGN(nla->nla_len);
	}
	nlh->nlmsg_len = len;
	if (sendto(fd, msg, len, 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		die("sendto: %s", strerror(errno));
}

static const char *state_shown(unsigned int s)
{
	return s < NSTATES && states[s].shown ? states[s].shown : "UNKNOWN";
}

/* IPv4 as a.b.c.d:port, IPv6 (@addr6 not NULL) as [addr]:port, as ss. */
static void addr_port(char *buf, size_t n, __be32 addr,
		      const unsigned char *addr6, __be16 port)
{
	char a[INET6_ADDRSTRLEN + 2], p[8] = "*";

	if (addr6) {
		a[0] = '[';
		inet_ntop(AF_INET6, addr6, a + 1, INET6_ADDRSTRLEN);
		strcat(a, "]");
	} else {
		inet_ntop(AF_INET, &addr, a, sizeof(a));
	}
	if (port)
		snprintf(p, sizeof(p), "%u", ntohs(port));
	snprintf(buf, n, "%s:%s", a, p);
}

static void print_info(const struct xtcp_info *i)
{
	static const char *const ca[] = { "open", "recovery", "loss" };

	printf("\n\t wscale:%u,%u rto:%u", i->xtcpi_snd_wscale,
	       i->xtcpi_rcv_wscale, i->xtcpi_rto_ms);
	if (i->xtcpi_rtt_us)
		printf(" rtt:%.3f/%.3f", i->xtcpi_rtt_us / 1000.0,
		       i->xtcpi_rttvar_us / 1000.0);
	printf(" mss:%u advmss:%u cwnd:%u", i->xtcpi_snd_mss,
	       i->xtcpi_adv_mss, i->xtcpi_snd_cwnd);
	if (i->xtcpi_snd_ssthresh != 0x7fffffff)
		printf(" ssthresh:%u", i->xtcpi_snd_ssthresh);
	printf(" retrans:%u/%u snd_wnd:%u rcv_wnd:%u ca:%s",
	       i->xtcpi_retransmits, i->xtcpi_total_retrans, i->xtcpi_snd_wnd,
	       i->xtcpi_rcv_wnd,
	       i->xtcpi_ca_state < 3 ? ca[i->xtcpi_ca_state] : "?");
	if (i->xtcpi_backoff)
		printf(" backoff:%u", i->xtcpi_backoff);
}

static void print_row(const struct nlmsghdr *h)
{
	const struct xtcp_diag_msg *m = NLMSG_DATA(h);
	const struct xtcp_diag_addr6 *a6 = NULL;
	struct xtcp_info info;
	char local[64], peer[64];
	const struct nlattr *a;
	bool has_info = false;
	int rem;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		die("short message from the kernel");
	/* The attributes first: XTCP_DIAG_ADDR6 says how to show the row. */
	rem = h->nlmsg_len - NLMSG_LENGTH(sizeof(*m));
	a = (const struct nlattr *)((const char *)m + NLMSG_ALIGN(sizeof(*m)));
	for (; rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		size_t len = a->nla_len - NLA_HDRLEN;

		if (a->nla_type == XTCP_DIAG_ADDR6 && len >= sizeof(*a6))
			a6 = (const void *)((const char *)a + NLA_HDRLEN);
		if (a->nla_type != XTCP_DIAG_INFO || !opt.info)
			continue;
		/* An older module's shorter struct: the rest reads 0. */
		memset(&info, 0, sizeof(info));
		memcpy(&info, (const char *)a + NLA_HDRLEN,
		       len < sizeof(info) ? len : sizeof(info));
		has_info = true;
	}
	addr_port(local, sizeof(local), m->xdiag_src,
		  a6 ? a6->xdiag_src6 : NULL, m->xdiag_sport);
	addr_port(peer, sizeof(peer), m->xdiag_dst,
		  a6 ? a6->xdiag_dst6 : NULL, m->xdiag_dport);
	printf("%-11s %6u %6u %21s %-21s", state_shown(m->xdiag_state),
	       m->xdiag_rqueue, m->xdiag_wqueue, local, peer);
	if (opt.ext) {
		if (m->xdiag_timer != XTCP_DIAG_TIMER_NONE)
			printf(" timer:(%s,%ums,%u)",
			       m->xdiag_timer < sizeof(timers) / sizeof(*timers) ?
			       timers[m->xdiag_timer] : "?",
			       m->xdiag_expires, m->xdiag_retrans);
		printf(" uid:%u ino:%u", m->xdiag_uid, m->xdiag_inode);
	}
	if (has_info)
		print_info(&info);
	putchar('\n');
}

static void print_summary(const struct nlmsghdr *h)
{
	const struct xtcp_diag_summary *s = NLMSG_DATA(h);
	unsigned long total = 0;
	unsigned int i;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*s)))
		die("short message from the kernel");
	for (i = 0; i < NSTATES; i++)
		total += s->xdiag_count[i];
	printf("Total: %lu\n", total);
	if (opt.header)
		printf("%-11s %s\n", "State", "Rows");
	for (i = 0; i < NSTATES; i++)
		if (states[i].shown)
			printf("%-11s %u\n", states[i].shown,
			       s->xdiag_count[i]);
}

/*
 * Read the dump to its end; each row or the summary printed. Returns 0, or
 * ENOENT if no handler has the family.
 */
static int recv_dump(int fd)
{
	static char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	unsigned long msgs = 0, bytes = 0, rows = 0, reads = 0;
	bool header = opt.header && !opt.summary;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("recv: %s", strerror(errno));
		}
		if (!n)
			die("the kernel closed the socket");
		reads++;
		bytes += n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			msgs++;
			if (h->nlmsg_type != NLMSG_ERROR && header) {
				printf("%-11s %6s %6s %21s %-21s\n", "State",
				       "Recv-Q", "Send-Q", "Local Address:Port",
				       "Peer Address:Port");
				header = false;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				const int *err = NLMSG_DATA(h);

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*err)) &&
				    *err < 0)
					die("the dump failed: %s",
					    strerror(-*err));
				goto done;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				int err = -e->error;

				if (err == ENOENT)
					return ENOENT;
				die("the kernel refused the request: %s",
				    strerror(err));
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
				continue;
			rows++;
			if (opt.summary)
				print_summary(h);
			else
				print_row(h);
		}
	}
done:
	if (opt.nlstats)
		fprintf(stderr, "netlink: %lu reads, %lu messages, %lu rows, "
			"%lu bytes\n", reads, msgs, rows, bytes);
	return 0;
}

static int dump(unsigned int states)
{
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		die("netlink socket: %s", strerror(errno));
	send_req(fd, states, opt.summary ? XTCP_DIAG_F_SUMMARY : 0);
	err = recv_dump(fd);
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "listening", no_argument, NULL, 'l' },
		{ "numeric", no_argument, NULL, 'n' },
		{ "extended", no_argument, NULL, 'e' },
		{ "options", no_argument, NULL, 'o' },
		{ "info", no_argument, NULL, 'i' },
		{ "summary", no_argument, NULL, 's' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "net", required_argument, NULL, 'N' },
		{ "family", required_argument, NULL, 'F' },
		{ "netlink-stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int def = CONN_STATES, states;
	int c, fd;

	opt.family = -1;
	while ((c = getopt_long(argc, argv, "alneoisHN:F:h", lopts,
				NULL)) != -1) {
		switch (c) {
		case 'a':
			def = ALL_STATES;
			break;
		case 'l':
			def = SF(XTCP_LISTEN);
			break;
		case 'n':
			break;
		case 'e':
		case 'o':
			opt.ext = true;
			break;
		case 'i':
			opt.info = true;
			break;
		case 's':
			opt.summary = true;
			break;
		case 'H':
			opt.header = false;
			break;
		case 'N':
			opt.netns = optarg;
			break;
		case 'F':
			opt.family = atoi(optarg);
			break;
		case 'S':
			opt.nlstats = true;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	/* ss -s counts every state unless a filter says otherwise. */
	if (opt.summary)
		def = ALL_STATES;
	states = filter_parse(argv + optind, argc - optind, def);
	if (opt.netns)
		enter_netns(opt.netns);
	if (opt.family < 0)
		opt.family = family_in_use();
	if (!dump(states))
		return 0;
	/*
	 * No handler: the module is not loaded. sock_diag loads modules only
	 * for a family already registered (sock_load_diag_module() in
	 * net/core/sock.c), so its alias cannot load xtcp.ko; a socket of the
	 * family can (net-pf-22), where the module is installed.
	 */
	fd = socket(opt.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		close(fd);
	if (dump(states))
		die("no sock_diag handler for family %d: is xtcp.ko loaded?",
		    opt.family);
	return 0;
}
