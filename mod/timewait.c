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
#include "segtrace.h"
#include "conn.h"
#include "hash.h"
#include "input.h"
#include "output.h"
#include "sock6.h"
#include "timer.h"
#include "timewait.h"
#include "seq.h"
#include "state.h"

static struct kmem_cache *xtcp_tw_cache, *xtcp_tw6_cache;

int xtcp_tw_cache_init(void)
{
	/* A 128-byte object: half of TCP's, the memory target. */
	BUILD_BUG_ON(sizeof(struct xtcp_tw) > 128);
	xtcp_tw_cache = kmem_cache_create("xtcp_tw", sizeof(struct xtcp_tw), 0,
					  SLAB_HWCACHE_ALIGN, NULL);
	/* IPv6's has its two addresses besides: 32 bytes more. */
	xtcp_tw6_cache = kmem_cache_create("xtcp_tw6", sizeof(struct xtcp_tw6),
					   0, SLAB_HWCACHE_ALIGN, NULL);
	if (xtcp_tw_cache && xtcp_tw6_cache)
		return 0;
	xtcp_tw_cache_exit();
	return -ENOMEM;
}

void xtcp_tw_cache_exit(void)
{
	kmem_cache_destroy(xtcp_tw6_cache);
	kmem_cache_destroy(xtcp_tw_cache);
}

struct net *xtcp_tw_net(const struct xtcp_tw *tw)
{
	return read_pnet(&tw->net);
}

static void xtcp_tw_tuple(const struct xtcp_tw *tw, struct xtcp_tuple *t)
{
	xtcp_node_tuple(&tw->hn, t);
}

void xtcp_tw_put(struct xtcp_tw *tw)
{
	if (refcount_dec_and_test(&tw->refcnt))
		kmem_cache_free(tw->hn.v6 ? xtcp_tw6_cache : xtcp_tw_cache, tw);
}

u64 xtcp_tw_remaining_ns(const struct xtcp_tw *tw)
{
	u64 now = ktime_get_ns(), expires = READ_ONCE(tw->expires);

	/* Read without tw_lock (/proc): a restart moves it on. */
	return expires > now ? expires - now : 0;
}

/* Under tw_lock: keep the list in expiry order, the timer on its head. */
static void xtcp_tw_schedule(struct xtcp_net *xn, struct xtcp_tw *tw)
{
	struct xtcp_tw *pos;

	lockdep_assert_held(&xn->tw_lock);
	WRITE_ONCE(tw->expires, xtcp_timer_tw_expiry(xn));
	/* Nearly always the tail: all entries wait the same time. */
	list_for_each_entry_reverse(pos, &xn->tw_list, expiry_node)
		if (pos->expires <= tw->expires)
			break;
	list_add(&tw->expiry_node, &pos->expiry_node);
	if (xn->tw_list.next == &tw->expiry_node)
		xtcp_timer_tw_head(xn, tw->expires);
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
		xtcp_timer_tw_head(xn, tw->expires);
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
		tw = kmem_cache_zalloc(xs->hn.v6 ? xtcp_tw6_cache : xtcp_tw_cache,
				       GFP_ATOMIC);
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
	if (xs->hn.v6) {
		struct xtcp_tw6 *tw6 = container_of(tw, struct xtcp_tw6, tw);

		tw6->laddr6 = sk->sk_v6_rcv_saddr;
		tw6->raddr6 = sk->sk_v6_daddr;
	}
	tw->bn.kind = XTCP_KIND_TW;
	tw->bn.addr = xs->hn.laddr;
	tw->bn.port = xs->hn.lport;
	tw->bn.reuse = sk->sk_reuse != SK_NO_REUSE;
	tw->bn.v6 = xs->bn.v6;
	tw->bn.v6only = xs->bn.v6only;
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
	xtcp_done_quiet(sk);
}

/*
 * The peer's segment @skb draws an ACK of where the connection ended, by
 * the interface @skb came in on if the peer is link-local
 * (tcp_v6_timewait_ack()): the segment's 4-tuple is the entry's.
 */
void xtcp_tw_send_ack(struct xtcp_tw *tw, const struct sk_buff *skb)
{
	struct xtcp_tuple t;

	xtcp_skb_tuple(skb, &t);
	xtcp_send_ctl(xtcp_tw_net(tw), &t, tw->snd_nxt, tw->rcv_nxt,
		      TCPHDR_ACK | XTCP_XMIT_STATE(XTCP_TIME_WAIT), tw->rcv_wnd,
		      0, -1);
}

/* 2MSL again from now (the peer's FIN again, a bare ACK). */
void xtcp_tw_restart(struct xtcp_tw *tw)
{
	struct xtcp_net *xn = xtcp_pernet(xtcp_tw_net(tw));

	spin_lock_bh(&xn->tw_lock);
	if (!tw->dead) {
		list_del(&tw->expiry_node);
		xtcp_tw_schedule(xn, tw);
	}
	spin_unlock_bh(&xn->tw_lock);
}

/*
 * A new SYN reopens the 4-tuple if a listener takes it (RFC 6191): the
 * entry goes, and the new incarnation starts past the old one. False,
 * with @skb still the caller's, if no listener is there.
 */
bool xtcp_tw_reopen(struct xtcp_tw *tw, struct sk_buff *skb)
{
	struct net *net = xtcp_tw_net(tw);
	struct xtcp_tuple t;
	struct sock *lsk;

	xtcp_tw_tuple(tw, &t);
	lsk = xtcp_listener_lookup(net, &t);
	if (!lsk)
		return false;
	XTCP_SKB_CB(skb)->iss_hint = xtcp_tw_next_isn(tw->snd_nxt);
	xtcp_tw_kill(tw);
	XTCP_INC_STATS(net, XTCP_MIB_TWRECYCLED);
	xtcp_rcv_locked(lsk, skb, 0);
	sock_put(lsk);
	return true;
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

	xtcp_timer_tw_stop(xn);
	while ((tw = xtcp_tw_due(xn, U64_MAX))) {
		xtcp_tw_kill(tw);
		xtcp_tw_put(tw);
	}
}
