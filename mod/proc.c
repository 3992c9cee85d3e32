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
#include "state.h"

/*
 * Iteration: first the port hash for listeners, then the 4-tuple hash,
 * bucket by bucket. The bucket's lock is held while its rows are shown.
 */
struct xtcp_iter {
	struct seq_net_private p;
	int phase;		/* 0: listeners, 1: ehash */
	unsigned int bucket;
	spinlock_t *lock;	/* held */
};

#define XTCP_HDR_FMT "%-21s %-21s %-11s %8s %8s %-10s %7s %7s %5s %8s\n"
#define XTCP_ROW_FMT "%-21s %-21s %-11s %8u %8u %-10s %7llu %7u %5u %8lu\n"

static void *xtcp_iter_bucket_first(struct xtcp_iter *it, struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	for (; it->phase == 0 && it->bucket < XTCP_BHASH; it->bucket++) {
		struct xtcp_bnode *bn;

		spin_lock_bh(&xn->bhash_lock);
		hlist_for_each_entry(bn, &xn->bhash[it->bucket], node) {
			if (bn->kind == XTCP_KIND_SOCK &&
			    xtcp_to_sk(container_of(bn, struct xtcp_sock,
						    bn))->sk_state == XTCP_LISTEN) {
				it->lock = &xn->bhash_lock;
				return bn;
			}
		}
		spin_unlock_bh(&xn->bhash_lock);
	}
	if (it->phase == 0) {
		it->phase = 1;
		it->bucket = 0;
	}
	for (; it->bucket <= xn->ehash_mask; it->bucket++) {
		spinlock_t *lock = xtcp_ehash_lock(xn, it->bucket);

		if (hlist_empty(&xn->ehash[it->bucket]))
			continue;
		spin_lock_bh(lock);
		if (!hlist_empty(&xn->ehash[it->bucket])) {
			it->lock = lock;
			return xn->ehash[it->bucket].first;
		}
		spin_unlock_bh(lock);
	}
	return NULL;
}

static void *xtcp_iter_next(struct xtcp_iter *it, struct net *net, void *v)
{
	if (it->phase == 0) {
		struct xtcp_bnode *bn = v;

		hlist_for_each_entry_continue(bn, node)
			if (bn->kind == XTCP_KIND_SOCK &&
			    xtcp_to_sk(container_of(bn, struct xtcp_sock,
						    bn))->sk_state == XTCP_LISTEN)
				return bn;
	} else {
		struct hlist_node *n = ((struct hlist_node *)v)->next;

		if (n)
			return n;
	}
	spin_unlock_bh(it->lock);
	it->lock = NULL;
	it->bucket++;
	return xtcp_iter_bucket_first(it, net);
}

static void *xtcp_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct xtcp_iter *it = seq->private;
	struct net *net = seq_file_net(seq);
	loff_t n = *pos;
	void *v;

	if (!n)
		return SEQ_START_TOKEN;
	it->phase = 0;
	it->bucket = 0;
	it->lock = NULL;
	v = xtcp_iter_bucket_first(it, net);
	while (v && --n)
		v = xtcp_iter_next(it, net, v);
	return v;
}

static void *xtcp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct xtcp_iter *it = seq->private;
	struct net *net = seq_file_net(seq);

	++*pos;
	if (v == SEQ_START_TOKEN) {
		it->phase = 0;
		it->bucket = 0;
		it->lock = NULL;
		return xtcp_iter_bucket_first(it, net);
	}
	return xtcp_iter_next(it, net, v);
}

static void xtcp_seq_stop(struct seq_file *seq, void *v)
{
	struct xtcp_iter *it = seq->private;

	if (it->lock) {
		spin_unlock_bh(it->lock);
		it->lock = NULL;
	}
}

static void xtcp_fmt_addr(char *buf, __be32 addr, __be16 port)
{
	snprintf(buf, 22, "%pI4:%u", &addr, ntohs(port));
}

static u64 xtcp_timer_ms(struct hrtimer *t)
{
	s64 ns;

	if (!hrtimer_is_queued(t))
		return 0;
	ns = ktime_to_ns(hrtimer_get_remaining(t));
	return ns > 0 ? div_u64(ns, NSEC_PER_MSEC) : 0;
}

static void xtcp_show_sock(struct seq_file *seq, struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	const char *timer = "-";
	char local[22], remote[22];
	u32 txq, rxq;
	u64 ms = 0;

	xtcp_fmt_addr(local, inet->inet_rcv_saddr ?: inet->inet_saddr,
		      inet->inet_sport);
	xtcp_fmt_addr(remote, inet->inet_daddr, inet->inet_dport);
	if (sk->sk_state == XTCP_LISTEN) {
		rxq = READ_ONCE(sk->sk_ack_backlog);
		txq = READ_ONCE(sk->sk_max_ack_backlog);
	} else {
		txq = READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_una);
		rxq = READ_ONCE(xs->rcv_nxt) - READ_ONCE(xs->copied_seq);
		if (sk->sk_shutdown & RCV_SHUTDOWN && rxq)
			rxq--;	/* the FIN is not a byte to read */
	}
	if (hrtimer_is_queued(&xs->rtx_timer)) {
		timer = "retransmit";
		ms = xtcp_timer_ms(&xs->rtx_timer);
	} else if (hrtimer_is_queued(&xs->keep_timer)) {
		timer = xs->keep_what == XTCP_KEEP_FIN_WAIT2 ? "fin_wait2" :
							       "keepalive";
		ms = xtcp_timer_ms(&xs->keep_timer);
	}
	seq_printf(seq, XTCP_ROW_FMT, local, remote,
		   xtcp_state_name(sk->sk_state), txq, rxq, timer, ms,
		   xs->retrans,
		   from_kuid_munged(seq_user_ns(seq), sk->sk_uid),
		   sock_i_ino(sk));
}

static int xtcp_seq_show(struct seq_file *seq, void *v)
{
	struct xtcp_iter *it = seq->private;
	char local[22], remote[22];
	struct xtcp_hnode *hn;

	if (v == SEQ_START_TOKEN) {
		seq_printf(seq, XTCP_HDR_FMT, "local", "remote", "state",
			   "tx_queue", "rx_queue", "timer", "ms", "retrans",
			   "uid", "inode");
		return 0;
	}
	if (it->phase == 0) {
		xtcp_show_sock(seq, xtcp_to_sk(container_of(v, struct xtcp_sock,
							    bn)));
		return 0;
	}
	hn = hlist_entry(v, struct xtcp_hnode, node);
	xtcp_fmt_addr(local, hn->laddr, hn->lport);
	xtcp_fmt_addr(remote, hn->raddr, hn->rport);
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		xtcp_show_sock(seq, xtcp_to_sk(container_of(hn, struct xtcp_sock,
							    hn)));
		break;
	case XTCP_KIND_REQ: {
		struct xtcp_request *req =
			container_of(hn, struct xtcp_request, hn);

		seq_printf(seq, XTCP_ROW_FMT, local, remote, "SYN_RECV", 0, 0,
			   "synack", xtcp_timer_ms(&req->timer), req->retrans,
			   from_kuid_munged(seq_user_ns(seq),
					    req->listener->sk_uid), 0UL);
		break;
	}
	case XTCP_KIND_TW: {
		struct xtcp_tw *tw = container_of(hn, struct xtcp_tw, hn);

		seq_printf(seq, XTCP_ROW_FMT, local, remote, "TIME_WAIT", 0, 0,
			   "time_wait",
			   div_u64(xtcp_tw_remaining_ns(tw), NSEC_PER_MSEC), 0,
			   0, 0UL);
		break;
	}
	}
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
