// SPDX-License-Identifier: GPL-2.0
/*
 * Tunables under /proc/sys/net/xtcp/, one set per network namespace. The
 * defaults are Linux TCP's where Linux has the knob.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "xtcp.h"
#include "main.h"
#include "sysctl.h"

void xtcp_sysctl_defaults(struct xtcp_sysctl *s)
{
	s->msl_ms = 30000;		/* TIME_WAIT: 60 s, TCP_TIMEWAIT_LEN */
	s->fin_timeout = 60;
	s->syn_retries = 6;
	s->synack_retries = 5;
	s->retries2 = 15;
	s->rto_init_ms = 1000;		/* RFC 6298 2.1 */
	s->rto_min_ms = 200;		/* TCP_RTO_MIN */
	/* No autotuning: the default is big enough for a 100 ms path. */
	s->rmem[0] = SOCK_MIN_RCVBUF;
	s->rmem[1] = 1 << 20;
	s->rmem[2] = 6 << 20;
	s->wmem[0] = SOCK_MIN_SNDBUF;
	s->wmem[1] = 1 << 20;
	s->wmem[2] = 4 << 20;
	s->keepalive_time = 7200;
	s->keepalive_intvl = 75;
	s->keepalive_probes = 9;
	s->rfc1337 = 0;
	s->tw_reuse_mode = 2;
	s->max_tw_buckets = xtcp_ehash_buckets / 2;
	s->max_syn_backlog = 4096;
	s->challenge_ack_limit = 1000;
	s->invalid_ratelimit = 500;	/* tcp_invalid_ratelimit, HZ/2 */
	s->rto_max_ms = XTCP_RTO_MAX_MS;
	s->orphan_retries = 0;
	/* As tcp_init(): half the connection hash. */
	s->max_orphans = xtcp_ehash_buckets / 2;
	s->syncookies = 1;
}

static int xtcp_one = 1;
static int xtcp_two = 2;
static int xtcp_max_retries = 255;
static int xtcp_max_secs = 24 * 3600 * 365;
static int xtcp_min_buf = SOCK_MIN_SNDBUF;
static int xtcp_min_rcvbuf = SOCK_MIN_RCVBUF;
static int xtcp_max_rto = XTCP_RTO_MAX_MS;
static int xtcp_min_rto_max = 1000;	/* as tcp_rto_max_ms */

#define XTCP_SYSCTL_FIELD(name, field, lo, hi) {			\
	.procname	= name,						\
	.data		= (void *)offsetof(struct xtcp_sysctl, field),	\
	.maxlen		= sizeof(int),					\
	.mode		= 0644,						\
	.proc_handler	= proc_dointvec_minmax,				\
	.extra1		= lo,						\
	.extra2		= hi,						\
}

#define XTCP_SYSCTL(name, lo, hi) XTCP_SYSCTL_FIELD(#name, name, lo, hi)

/* min, default and max, as tcp_rmem and tcp_wmem. */
#define XTCP_SYSCTL_VEC(name, lo, hi) {					\
	.procname	= #name,					\
	.data		= (void *)offsetof(struct xtcp_sysctl, name),	\
	.maxlen		= sizeof(int) * 3,				\
	.mode		= 0644,						\
	.proc_handler	= proc_dointvec_minmax,				\
	.extra1		= lo,						\
	.extra2		= hi,						\
}

static const struct ctl_table xtcp_sysctl_template[] = {
	XTCP_SYSCTL(msl_ms, SYSCTL_ONE, &xtcp_max_secs),
	XTCP_SYSCTL(fin_timeout, SYSCTL_ONE, &xtcp_max_secs),
	XTCP_SYSCTL(syn_retries, SYSCTL_ONE, &xtcp_max_retries),
	XTCP_SYSCTL(synack_retries, SYSCTL_ZERO, &xtcp_max_retries),
	XTCP_SYSCTL(retries2, SYSCTL_ZERO, &xtcp_max_retries),
	XTCP_SYSCTL(rto_init_ms, SYSCTL_ONE, &xtcp_max_rto),
	XTCP_SYSCTL(rto_min_ms, SYSCTL_ONE, &xtcp_max_rto),
	XTCP_SYSCTL_VEC(rmem, &xtcp_min_rcvbuf, SYSCTL_INT_MAX),
	XTCP_SYSCTL_VEC(wmem, &xtcp_min_buf, SYSCTL_INT_MAX),
	XTCP_SYSCTL(keepalive_time, SYSCTL_ONE, &xtcp_max_secs),
	XTCP_SYSCTL(keepalive_intvl, SYSCTL_ONE, &xtcp_max_secs),
	XTCP_SYSCTL(keepalive_probes, SYSCTL_ONE, &xtcp_max_retries),
	XTCP_SYSCTL(rfc1337, SYSCTL_ZERO, &xtcp_one),
	/* The field is not named tw_reuse: inet_timewait_sock.h has that. */
	XTCP_SYSCTL_FIELD("tw_reuse", tw_reuse_mode, SYSCTL_ZERO, &xtcp_two),
	XTCP_SYSCTL(max_tw_buckets, SYSCTL_ZERO, SYSCTL_INT_MAX),
	XTCP_SYSCTL(max_syn_backlog, SYSCTL_ONE, SYSCTL_INT_MAX),
	XTCP_SYSCTL(challenge_ack_limit, SYSCTL_ZERO, SYSCTL_INT_MAX),
	XTCP_SYSCTL(invalid_ratelimit, SYSCTL_ZERO, SYSCTL_INT_MAX),
	XTCP_SYSCTL(rto_max_ms, &xtcp_min_rto_max, &xtcp_max_rto),
	XTCP_SYSCTL(orphan_retries, SYSCTL_ZERO, &xtcp_max_retries),
	XTCP_SYSCTL(max_orphans, SYSCTL_ZERO, SYSCTL_INT_MAX),
	XTCP_SYSCTL(syncookies, SYSCTL_ZERO, &xtcp_two),
	{ }
};

#define XTCP_SYSCTL_N	(ARRAY_SIZE(xtcp_sysctl_template) - 1)

int xtcp_sysctl_init_net(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct ctl_table *table;
	int i;

	table = kmemdup(xtcp_sysctl_template, sizeof(xtcp_sysctl_template),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	/* .data holds the field's offset; make it this netns' field. */
	for (i = 0; i < XTCP_SYSCTL_N; i++)
		table[i].data = (char *)&xn->sysctl + (uintptr_t)table[i].data;
	xn->sysctl_hdr = xtcp_register_net_sysctl(net, "net/xtcp", table,
						  XTCP_SYSCTL_N);
	if (!xn->sysctl_hdr) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

void xtcp_sysctl_exit_net(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	const struct ctl_table *table = xn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(xn->sysctl_hdr);
	kfree(table);
}
