// SPDX-License-Identifier: GPL-2.0
/*
 * TIME_WAIT. When a connection enters it, its socket is freed and a small
 * entry (struct xtcp_tw, about 100 bytes against the socket's 2 KB) takes its
 * place in the 4-tuple and port hashes for 2 * msl_ms. Entries sit on a list
 * in expiry order, so one hrtimer per netns, set for the head, expires them
 * all. The verdict on each segment comes from the transition function.
 */
#include <linux/slab.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "seq.h"
#include "state.h"

static struct kmem_cache *xtcp_tw_cache;

int xtcp_tw_cache_init(void)
{
	/* A 128-byte object: half of TCP's, the memory target. */
	BUILD_BUG_ON(sizeof(struct xtcp_tw) > 128);
	xtcp_tw_cache = kmem_cache_create("xtcp_tw", sizeof(struct xtcp_tw), 0,
					  SLAB_HWCACHE_ALIGN, NULL);
	return xtcp_tw_cache ? 0 : -ENOMEM;
}

void xtcp_tw_cache_exit(void)
{
	kmem_cache_destroy(xtcp_tw_cache);
}

static struct net *xtcp_tw_net(const struct xtcp_tw *tw)
{
	return read_pnet(&tw->net);
}

static void xtcp_tw_tuple(const struct xtcp_tw *tw, struct xtcp_tuple *t)
{
	t->laddr = tw->hn.laddr;
	t->raddr = tw->hn.raddr;
	t->lport = tw->hn.lport;
	t->rport = tw->hn.rport;
}

void xtcp_tw_put(struct xtcp_tw *tw)
{
	if (refcount_dec_and_test(&tw->refcnt))
		kmem_cache_free(xtcp_tw_cache, tw);
}

u64 xtcp_tw_remaining_ns(const struct xtcp_tw *tw)
{
	u64 now = ktime_get_ns();

	return tw->expires > now ? tw->expires - now : 0;
}

static u64 xtcp_tw_len_ns(struct xtcp_net *xn)
{
	return 2ULL * READ_ONCE(xn->sysctl.msl_ms) * NSEC_PER_MSEC;
}

/* Under tw_lock: keep the list in expiry order, the timer on its head. */
static void xtcp_tw_schedule(struct xtcp_net *xn, struct xtcp_tw *tw)
{
	struct xtcp_tw *pos;

	tw->expires = ktime_get_ns() + xtcp_tw_len_ns(xn);
	/* Nearly always the tail: all entries wait the same time. */
	list_for_each_entry_reverse(pos, &xn->tw_list, expiry_node)
		if (pos->expires <= tw->expires)
			break;
	list_add(&tw->expiry_node, &pos->expiry_node);
	if (xn->tw_list.next == &tw->expiry_node)
		hrtimer_start(&xn->tw_timer, ns_to_ktime(tw->expires),
			      HRTIMER_MODE_ABS_SOFT);
}

/* Take the entry out of the hashes and the list: TIME_WAIT -> CLOSED. */
void xtcp_tw_kill(struct xtcp_tw *tw)
{
	struct net *net = xtcp_tw_net(tw);
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_tuple t;

	spin_lock_bh(&xn->tw_lock);
	if (tw->dead) {
		spin_unlock_bh(&xn->tw_lock);
		return;
	}
	tw->dead = 1;
	list_del(&tw->expiry_node);
	spin_unlock_bh(&xn->tw_lock);

	xtcp_tw_tuple(tw, &t);
	xtcp_state_event(net, tw, XTCP_TIME_WAIT, XTCP_CLOSE, &t);
	xtcp_bhash_del(net, &tw->bn);
	atomic_dec(&xn->tw_count);
	/* The hash's reference goes with the hash; the list held none. */
	xtcp_ehash_del(net, &tw->hn);
}

/*
 * The list's head, with a reference, if it expires by @now; else NULL,
 * with the timer set for the head if there is one.
 */
static struct xtcp_tw *xtcp_tw_due(struct xtcp_net *xn, u64 now)
{
	struct xtcp_tw *tw;

	spin_lock_bh(&xn->tw_lock);
	tw = list_first_entry_or_null(&xn->tw_list, struct xtcp_tw,
				      expiry_node);
	if (tw && tw->expires > now) {
		hrtimer_start(&xn->tw_timer, ns_to_ktime(tw->expires),
			      HRTIMER_MODE_ABS_SOFT);
		tw = NULL;
	} else if (tw) {
		refcount_inc(&tw->refcnt);
	}
	spin_unlock_bh(&xn->tw_lock);
	return tw;
}

/* The timer: expire every entry due, then wait for the next. */
void xtcp_tw_expire(struct xtcp_net *xn)
{
	u64 now = ktime_get_ns();
	struct xtcp_tw *tw;

	while ((tw = xtcp_tw_due(xn, now))) {
		xtcp_tw_kill(tw);
		xtcp_tw_put(tw);
	}
}

/*
 * @sk enters TIME_WAIT: an entry replaces it, and the socket itself ends
 * without a further state event. No entry past max_tw_buckets: then the
 * socket simply closes (TWOverflow).
 */
void xtcp_time_wait(struct sock *sk)
{
	struct net *net = sock_net(sk);
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tw *tw = NULL;

	xtcp_set_state(sk, XTCP_TIME_WAIT);
	if (atomic_inc_return(&xn->tw_count) <= READ_ONCE(xn->sysctl.max_tw_buckets))
		tw = kmem_cache_zalloc(xtcp_tw_cache, GFP_ATOMIC);
	if (!tw) {
		atomic_dec(&xn->tw_count);
		XTCP_INC_STATS(net, XTCP_MIB_TWOVERFLOW);
		xtcp_done(sk);
		return;
	}
	tw->hn = xs->hn;
	tw->hn.kind = XTCP_KIND_TW;
	tw->hn.hashed = 0;
	INIT_HLIST_NODE(&tw->hn.node);
	tw->bn.kind = XTCP_KIND_TW;
	tw->bn.addr = xs->hn.laddr;
	tw->bn.port = xs->hn.lport;
	tw->bn.reuse = sk->sk_reuse != SK_NO_REUSE;
	write_pnet(&tw->net, net);
	tw->snd_nxt = xs->snd_nxt;
	tw->rcv_nxt = xs->rcv_nxt;
	/* The field as last sent: a lower bound on the window, in bytes. */
	tw->rcv_wnd = min_t(u32, xs->rcv_wnd >> xs->rcv_wscale, U16_MAX);
	refcount_set(&tw->refcnt, 1);

	/* It takes the socket's place on the port, in the same bucket. */
	xtcp_bhash_add(net, &tw->bn, &xs->bn);
	spin_lock_bh(&xn->tw_lock);
	xtcp_tw_schedule(xn, tw);
	spin_unlock_bh(&xn->tw_lock);
	xtcp_ehash_replace(net, &xs->hn, &tw->hn);
	/* The creation reference is now the hash's. */
	xtcp_tw_put(tw);

	/* The socket: closed quietly; the connection lives on in @tw. */
	/* Pairs with inet_sk_state_load() in lockless readers (poll). */
	smp_store_release(&sk->sk_state, XTCP_CLOSE);
	xtcp_unbind(sk, false);
	xtcp_timers_stop(sk);
	skb_queue_purge(&sk->sk_write_queue);
	skb_queue_purge(&xtcp_sk(sk)->rtx_queue);
	xtcp_ofo_purge(&xtcp_sk(sk)->ofo);
	sk->sk_wmem_queued = 0;
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* A segment for a TIME_WAIT entry (Linux's tcp_timewait_state_process()). */
void xtcp_tw_rcv(struct xtcp_tw *tw, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct net *net = xtcp_tw_net(tw);
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_event ev = {
		.state = XTCP_TIME_WAIT,
		.type = cb->type,
		.data = skb->len > 0,
		.rfc1337 = READ_ONCE(xn->sysctl.rfc1337),
	};
	struct xtcp_verdict v;
	struct xtcp_tuple t;
	struct sock *lsk;

	ev.seq = xtcp_seq_pos(cb->seq, cb->end_seq - cb->seq, tw->rcv_nxt,
			      tw->rcv_wnd);
	v = xtcp_state_segment(&ev);
	xtcp_tw_tuple(tw, &t);

	if (v.act & XTCP_ACT_TW) {
		spin_lock_bh(&xn->tw_lock);
		if (!tw->dead) {
			list_del(&tw->expiry_node);
			xtcp_tw_schedule(xn, tw);
		}
		spin_unlock_bh(&xn->tw_lock);
	}
	if (v.act & XTCP_ACT_ACK)
		xtcp_send_ctl(net, &t, tw->snd_nxt, tw->rcv_nxt, TCPHDR_ACK,
			      tw->rcv_wnd, 0, -1);
	if (v.act & XTCP_ACT_DONE) {
		XTCP_INC_STATS(net, XTCP_MIB_TWKILLED);
		xtcp_tw_kill(tw);
	}
	if (v.act & XTCP_ACT_REOPEN) {
		/* RFC 6191: the new incarnation starts past the old one. */
		cb->iss_hint = tw->snd_nxt + 65535 + 2 ?: 1;
		xtcp_tw_kill(tw);
		XTCP_INC_STATS(net, XTCP_MIB_TWRECYCLED);
		lsk = xtcp_listener_lookup(net, t.laddr, t.lport);
		if (lsk) {
			xtcp_rcv_locked(lsk, skb, 0);
			sock_put(lsk);
			return;
		}
		xtcp_rcv_closed(net, skb);
		return;
	}
	consume_skb(skb);
}

int xtcp_tw_init_net(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	spin_lock_init(&xn->tw_lock);
	INIT_LIST_HEAD(&xn->tw_list);
	atomic_set(&xn->tw_count, 0);
	xtcp_tw_timer_init(xn);
	return 0;
}

void xtcp_tw_exit_net(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_tw *tw;

	hrtimer_cancel(&xn->tw_timer);
	while ((tw = xtcp_tw_due(xn, U64_MAX))) {
		xtcp_tw_kill(tw);
		xtcp_tw_put(tw);
	}
}
