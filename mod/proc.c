// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/xtcp (one row per listener, request, connection and TIME_WAIT
 * entry) and /proc/net/xtcp_stat (the counters), in each network namespace.
 * The formats are documented in Documentation/proc.rst.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "xtcp.h"
#include "hash.h"
#include "mem.h"
#include "proc.h"
#include "row.h"
#include "socket.h"
#include "timewait.h"
#include "state.h"

/*
 * Iteration: the listener hash, then the 4-tuple hash, bucket by
 * bucket. Each bucket's rows are copied out under its lock and shown after,
 * so no lock is held between seq_file calls. A read() that goes on where
 * the last one stopped resumes from the row the iterator holds, so entries
 * that come and go in buckets already shown cannot shift a row out of the
 * output, and reading the file costs one walk, not one per page.
 */
#define XTCP_ITER_ROWS	64

struct xtcp_iter {
	struct seq_net_private p;
	unsigned int bucket;	/* XTCP_LHASH listener buckets, then ehash */
	unsigned int skip;	/* rows of this bucket already shown */
	unsigned int n, idx;
	bool more;		/* the bucket has rows past these */
	bool held;		/* @at is the row at seq_file position @pos */
	loff_t pos;
	struct xtcp_row *at;	/* NULL past the last row */
	struct xtcp_row rows[XTCP_ITER_ROWS];
};

#define XTCP_HDR_FMT \
	"%-21s %-21s %-11s %8s %8s %-10s %7s %7s %6s %8s %5s %8s\n"
#define XTCP_ROW_FMT \
	"%-21s %-21s %-11s %8u %8u %-10s %7llu %7u %6u %8u %5u %8lu\n"

/* The next row of the bucket to copy, or NULL to skip it or stop. */
static struct xtcp_row *xtcp_row_add(struct xtcp_iter *it, unsigned int *seen)
{
	if ((*seen)++ < it->skip)
		return NULL;
	if (it->n == XTCP_ITER_ROWS) {
		it->more = true;
		return NULL;
	}
	return &it->rows[it->n++];
}

/* Copy rows of bucket it->bucket from it->skip; false past the end. */
static bool xtcp_fill_bucket(struct xtcp_iter *it, struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int seen = 0;
	struct xtcp_row *r;

	it->n = 0;
	it->idx = 0;
	it->more = false;
	if (it->bucket < XTCP_LHASH) {
		struct xtcp_sock *xs;

		spin_lock_bh(&xn->lhash_lock);
		hlist_for_each_entry(xs, &xn->lhash[it->bucket], lhnode) {
			struct sock *sk = xtcp_to_sk(xs);

			if (inet_sk_state_load(sk) != XTCP_LISTEN)
				continue;
			r = xtcp_row_add(it, &seen);
			if (r)
				xtcp_row_sock(r, sk);
		}
		spin_unlock_bh(&xn->lhash_lock);
	} else if (it->bucket - XTCP_LHASH <= xn->ehash_mask) {
		unsigned int b = it->bucket - XTCP_LHASH;
		spinlock_t *lock = xtcp_ehash_lock(xn, b);
		struct xtcp_hnode *hn;

		if (hlist_empty(&xn->ehash[b]))
			return true;
		spin_lock_bh(lock);
		hlist_for_each_entry(hn, &xn->ehash[b], node) {
			struct xtcp_sock *xs;

			r = xtcp_row_add(it, &seen);
			if (!r)
				continue;
			xs = container_of(hn, struct xtcp_sock, hn);
			if (hn->kind == XTCP_KIND_SOCK)
				xtcp_row_sock(r, xtcp_to_sk(xs));
			else
				xtcp_row_node(r, hn);
		}
		spin_unlock_bh(lock);
	} else {
		return false;
	}
	return true;
}

/* Move to the next row, filling buckets as needed; NULL at the end. */
static struct xtcp_row *xtcp_iter_next(struct xtcp_iter *it, struct net *net)
{
	if (it->idx + 1 < it->n) {
		it->idx++;
		return &it->rows[it->idx];
	}
	do {
		if (it->more) {
			it->skip += it->n;
		} else {
			it->bucket++;
			it->skip = 0;
		}
		if (!xtcp_fill_bucket(it, net))
			return NULL;
	} while (!it->n);
	return &it->rows[0];
}

static struct xtcp_row *xtcp_iter_first(struct xtcp_iter *it, struct net *net)
{
	it->bucket = 0;
	it->skip = 0;
	if (!xtcp_fill_bucket(it, net))
		return NULL;
	if (it->n)
		return &it->rows[0];
	return xtcp_iter_next(it, net);
}

static struct xtcp_row *xtcp_iter_hold(struct xtcp_iter *it, loff_t pos,
				       struct xtcp_row *r)
{
	it->held = true;
	it->pos = pos;
	it->at = r;
	return r;
}

static void *xtcp_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct xtcp_iter *it = seq->private;
	struct net *net = seq_file_net(seq);
	struct xtcp_row *r;
	loff_t n = *pos;

	if (!n)
		return SEQ_START_TOKEN;
	/*
	 * Where the last read() stopped, or its end: a read() after the
	 * end must not count rows anew, or the rows that came meanwhile
	 * would shift it back over rows already shown.
	 */
	if (it->held && it->pos == n)
		return it->at;
	/* A seek: count rows from the start. */
	r = xtcp_iter_first(it, net);
	while (r && --n)
		r = xtcp_iter_next(it, net);
	return xtcp_iter_hold(it, *pos, r);
}

static void *xtcp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct xtcp_iter *it = seq->private;
	struct net *net = seq_file_net(seq);
	struct xtcp_row *r;

	++*pos;
	if (v == SEQ_START_TOKEN)
		r = xtcp_iter_first(it, net);
	else
		r = xtcp_iter_next(it, net);
	return xtcp_iter_hold(it, *pos, r);
}

static void xtcp_seq_stop(struct seq_file *seq, void *v)
{
}

static int xtcp_seq_show(struct seq_file *seq, void *v)
{
	struct xtcp_row *r = v;
	char local[48], remote[48];

	if (v == SEQ_START_TOKEN) {
		seq_printf(seq, XTCP_HDR_FMT, "local", "remote", "state",
			   "tx_queue", "rx_queue", "timer", "ms", "retrans",
			   "rto", "cwnd", "uid", "inode");
		return 0;
	}
	/* IPv6 as [addr]:port, as ss prints it. */
	if (r->v6) {
		snprintf(local, sizeof(local), "[%pI6c]:%u", &r->laddr6,
			 ntohs(r->lport));
		snprintf(remote, sizeof(remote), "[%pI6c]:%u", &r->raddr6,
			 ntohs(r->rport));
	} else {
		snprintf(local, sizeof(local), "%pI4:%u", &r->laddr,
			 ntohs(r->lport));
		snprintf(remote, sizeof(remote), "%pI4:%u", &r->raddr,
			 ntohs(r->rport));
	}
	seq_printf(seq, XTCP_ROW_FMT, local, remote, xtcp_state_name(r->state),
		   r->txq, r->rxq, xtcp_timer_name(r->timer), r->ms, r->retrans, r->rto, r->cwnd,
		   from_kuid_munged(seq_user_ns(seq), r->uid), r->ino);
	return 0;
}

static const struct seq_operations xtcp_seq_ops = {
	.start	= xtcp_seq_start,
	.next	= xtcp_seq_next,
	.stop	= xtcp_seq_stop,
	.show	= xtcp_seq_show,
};

static int xtcp_stat_show(struct seq_file *seq, void *v)
{
	struct xtcp_net *xn = xtcp_pernet(seq_file_single_net(seq));
	int i;

	for (i = 0; i < XTCP_MIB_MAX; i++)
		seq_printf(seq, "%-16s %ld\n", xtcp_mib_names[i],
			   xtcp_mib_read(xn->mib, i));
	return 0;
}

/*
 * As /proc/net/sockstat's TCP line: sockets in this namespace's tables,
 * its orphans and TIME_WAIT entries; sockets allocated and pages of
 * memory charged, for all of XTCP (mem.c).
 */
static int xtcp_sockstat_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct xtcp_net *xn = xtcp_pernet(net);

	seq_printf(seq, "XTCP: inuse %d orphan %ld tw %ld alloc %lld mem %ld\n",
		   sock_prot_inuse_get(net, &xtcp_prot),
		   xtcp_mib_read(xn->mib, XTCP_MIB_ORPHANS),
		   xtcp_mib_read(xn->mib, XTCP_MIB_TW),
		   percpu_counter_sum_positive(&xtcp_sockets_allocated),
		   proto_memory_allocated(&xtcp_prot));
	return 0;
}

int xtcp_proc_init_net(struct net *net)
{
	if (!proc_create_net("xtcp", 0444, net->proc_net, &xtcp_seq_ops,
			     sizeof(struct xtcp_iter)))
		return -ENOMEM;
	if (!proc_create_net_single("xtcp_stat", 0444, net->proc_net,
				    xtcp_stat_show, NULL))
		goto out_xtcp;
	if (!proc_create_net_single("xtcp_sockstat", 0444, net->proc_net,
				    xtcp_sockstat_show, NULL))
		goto out_stat;
	return 0;

out_stat:
	remove_proc_entry("xtcp_stat", net->proc_net);
out_xtcp:
	remove_proc_entry("xtcp", net->proc_net);
	return -ENOMEM;
}

void xtcp_proc_exit_net(struct net *net)
{
	remove_proc_entry("xtcp_sockstat", net->proc_net);
	remove_proc_entry("xtcp_stat", net->proc_net);
	remove_proc_entry("xtcp", net->proc_net);
}
