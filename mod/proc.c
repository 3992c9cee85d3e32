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
#include "proc.h"
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
struct xtcp_row {
	__be32 laddr, raddr;
	__be16 lport, rport;
	u8 state;
	u8 retrans;
	const char *timer;
	u32 txq, rxq;
	u32 rto, cwnd;			/* ms and bytes; sockets only */
	u64 ms;
	kuid_t uid;
	unsigned long ino;
};

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

static u64 xtcp_timer_ms(struct hrtimer *t)
{
	s64 ns;

	if (!hrtimer_is_queued(t))
		return 0;
	ns = ktime_to_ns(hrtimer_get_remaining(t));
	return ns > 0 ? div_u64(ns, NSEC_PER_MSEC) : 0;
}

/* The next row of the bucket to copy, or NULL to skip it or stop. */
static struct xtcp_row *xtcp_row_add(struct xtcp_iter *it, unsigned int *seen)
{
	if ((*seen)++ < it->skip)
		return NULL;
	if (it->n == XTCP_ITER_ROWS) {
		it->more = true;
		return NULL;
	}
	return memset(&it->rows[it->n++], 0, sizeof(*it->rows));
}

static void xtcp_row_sock(struct xtcp_row *r, struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct inet_sock *inet = inet_sk(sk);

	/* Unlocked: every field once, as the socket's lock holder wrote it. */
	r->laddr = READ_ONCE(inet->inet_rcv_saddr) ?: READ_ONCE(inet->inet_saddr);
	r->raddr = READ_ONCE(inet->inet_daddr);
	r->lport = READ_ONCE(inet->inet_sport);
	r->rport = READ_ONCE(inet->inet_dport);
	r->state = inet_sk_state_load(sk);
	r->retrans = READ_ONCE(xs->retrans);
	r->timer = "-";
	r->uid = sk->sk_uid;
	r->ino = sock_i_ino(sk);
	if (r->state == XTCP_LISTEN) {
		r->rxq = READ_ONCE(sk->sk_ack_backlog);
		r->txq = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}
	r->txq = READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_una);
	r->rxq = READ_ONCE(xs->rcv_nxt) - READ_ONCE(xs->copied_seq);
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN && r->rxq)
		r->rxq--;	/* the FIN is not a byte to read */
	r->rto = READ_ONCE(xs->rto_ms);
	r->cwnd = READ_ONCE(xs->cc.cwnd);
	if (hrtimer_is_queued(&xs->rtx_timer)) {
		r->timer = READ_ONCE(xs->rtx_probe) ? "probe" : "retransmit";
		r->ms = xtcp_timer_ms(&xs->rtx_timer);
	} else if (hrtimer_is_queued(&xs->delack_timer)) {
		r->timer = "delack";
		r->ms = xtcp_timer_ms(&xs->delack_timer);
	} else if (hrtimer_is_queued(&xs->keep_timer)) {
		r->timer = READ_ONCE(xs->keep_what) == XTCP_KEEP_FIN_WAIT2 ?
			   "fin_wait2" : "keepalive";
		r->ms = xtcp_timer_ms(&xs->keep_timer);
	}
}

static void xtcp_row_node(struct xtcp_row *r, struct xtcp_hnode *hn)
{
	struct xtcp_request *req;
	struct xtcp_tw *tw;

	r->laddr = hn->laddr;
	r->raddr = hn->raddr;
	r->lport = hn->lport;
	r->rport = hn->rport;
	switch (hn->kind) {
	case XTCP_KIND_REQ:
		req = container_of(hn, struct xtcp_request, hn);
		r->state = XTCP_SYN_RECV;
		r->timer = "synack";
		r->ms = xtcp_timer_ms(&req->timer);
		r->retrans = READ_ONCE(req->retrans);
		r->uid = req->listener->sk_uid;
		break;
	case XTCP_KIND_TW:
		tw = container_of(hn, struct xtcp_tw, hn);
		r->state = XTCP_TIME_WAIT;
		r->timer = "time_wait";
		r->ms = div_u64(xtcp_tw_remaining_ns(tw), NSEC_PER_MSEC);
		r->uid = GLOBAL_ROOT_UID;
		break;
	}
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
	if (it->held && it->pos == n && it->at)
		return it->at;
	/* A seek, or a read past the end: count rows from the start. */
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
	char local[22], remote[22];

	if (v == SEQ_START_TOKEN) {
		seq_printf(seq, XTCP_HDR_FMT, "local", "remote", "state",
			   "tx_queue", "rx_queue", "timer", "ms", "retrans",
			   "rto", "cwnd", "uid", "inode");
		return 0;
	}
	snprintf(local, sizeof(local), "%pI4:%u", &r->laddr, ntohs(r->lport));
	snprintf(remote, sizeof(remote), "%pI4:%u", &r->raddr, ntohs(r->rport));
	seq_printf(seq, XTCP_ROW_FMT, local, remote, xtcp_state_name(r->state),
		   r->txq, r->rxq, r->timer, r->ms, r->retrans, r->rto, r->cwnd,
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

int xtcp_proc_init_net(struct net *net)
{
	if (!proc_create_net("xtcp", 0444, net->proc_net, &xtcp_seq_ops,
			     sizeof(struct xtcp_iter)))
		return -ENOMEM;
	if (!proc_create_net_single("xtcp_stat", 0444, net->proc_net,
				    xtcp_stat_show, NULL)) {
		remove_proc_entry("xtcp", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void xtcp_proc_exit_net(struct net *net)
{
	remove_proc_entry("xtcp_stat", net->proc_net);
	remove_proc_entry("xtcp", net->proc_net);
}
