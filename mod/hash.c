// SPDX-License-Identifier: GPL-2.0
/*
 * The lookup tables of a network namespace:
 * - ehash, by 4-tuple: connected sockets, SYN_RECV requests and TIME_WAIT
 *   entries. Each bucket is guarded by one of XTCP_LOCKS spinlocks.
 * - bhash, by local port: bound sockets (listeners among them) and TIME_WAIT
 *   entries, for listener lookup and bind() conflicts, under bhash_lock.
 * Lookups take a reference on what they find. Lock order: bhash_lock, then
 * an ehash bucket lock.
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/vmalloc.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/sock.h>

#include "xtcp.h"

static u32 xtcp_hash_seed __read_mostly;

int xtcp_hash_init(struct xtcp_net *xn)
{
	unsigned int i;

	get_random_once(&xtcp_hash_seed, sizeof(xtcp_hash_seed));
	xn->ehash = kvcalloc(xtcp_ehash_buckets, sizeof(*xn->ehash),
			     GFP_KERNEL);
	if (!xn->ehash)
		return -ENOMEM;
	xn->ehash_mask = xtcp_ehash_buckets - 1;
	for (i = 0; i < XTCP_LOCKS; i++)
		spin_lock_init(&xn->ehash_locks[i]);
	for (i = 0; i < XTCP_BHASH; i++)
		INIT_HLIST_HEAD(&xn->bhash[i]);
	spin_lock_init(&xn->bhash_lock);
	xn->port_offset = get_random_u32();
	return 0;
}

void xtcp_hash_exit(struct xtcp_net *xn)
{
	kvfree(xn->ehash);
}

unsigned int xtcp_ehash_bucket(struct xtcp_net *xn, __be32 laddr,
			       __be16 lport, __be32 raddr, __be16 rport)
{
	return jhash_3words((__force u32)laddr, (__force u32)raddr,
			    (__force u32)lport << 16 | (__force u32)rport,
			    xtcp_hash_seed) & xn->ehash_mask;
}

spinlock_t *xtcp_ehash_lock(struct xtcp_net *xn, unsigned int bucket)
{
	return &xn->ehash_locks[bucket % XTCP_LOCKS];
}

static unsigned int xtcp_node_bucket(struct xtcp_net *xn,
				     const struct xtcp_hnode *hn)
{
	return xtcp_ehash_bucket(xn, hn->laddr, hn->lport, hn->raddr, hn->rport);
}

static bool xtcp_node_match(const struct xtcp_hnode *hn,
			    const struct xtcp_tuple *t)
{
	return hn->laddr == t->laddr && hn->raddr == t->raddr &&
	       hn->lport == t->lport && hn->rport == t->rport;
}

void xtcp_hold_node(struct xtcp_hnode *hn)
{
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		sock_hold(xtcp_to_sk(container_of(hn, struct xtcp_sock, hn)));
		break;
	case XTCP_KIND_REQ:
		refcount_inc(&container_of(hn, struct xtcp_request, hn)->refcnt);
		break;
	case XTCP_KIND_TW:
		refcount_inc(&container_of(hn, struct xtcp_tw, hn)->refcnt);
		break;
	}
}

void xtcp_put_node(struct xtcp_hnode *hn)
{
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		sock_put(xtcp_to_sk(container_of(hn, struct xtcp_sock, hn)));
		break;
	case XTCP_KIND_REQ:
		xtcp_request_put(container_of(hn, struct xtcp_request, hn));
		break;
	case XTCP_KIND_TW:
		xtcp_tw_put(container_of(hn, struct xtcp_tw, hn));
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_put_node);

/* The table holds a reference on what it holds. */
void xtcp_ehash_add(struct net *net, struct xtcp_hnode *hn)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int b = xtcp_node_bucket(xn, hn);
	spinlock_t *lock = xtcp_ehash_lock(xn, b);

	xtcp_hold_node(hn);
	spin_lock_bh(lock);
	hlist_add_head(&hn->node, &xn->ehash[b]);
	hn->hashed = 1;
	spin_unlock_bh(lock);
}

void xtcp_ehash_del(struct net *net, struct xtcp_hnode *hn)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	spinlock_t *lock = xtcp_ehash_lock(xn, xtcp_node_bucket(xn, hn));
	bool was;

	spin_lock_bh(lock);
	was = hn->hashed;
	if (was) {
		hlist_del_init(&hn->node);
		hn->hashed = 0;
	}
	spin_unlock_bh(lock);
	if (was)
		xtcp_put_node(hn);
}

/* @new takes @old's place in one step: no segment finds neither. */
void xtcp_ehash_replace(struct net *net, struct xtcp_hnode *old,
			struct xtcp_hnode *new)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	spinlock_t *lock = xtcp_ehash_lock(xn, xtcp_node_bucket(xn, old));
	bool was;

	xtcp_hold_node(new);
	spin_lock_bh(lock);
	was = old->hashed;
	if (was) {
		hlist_replace_rcu(&old->node, &new->node);
		INIT_HLIST_NODE(&old->node);
		old->hashed = 0;
	} else {
		hlist_add_head(&new->node,
			       &xn->ehash[xtcp_node_bucket(xn, new)]);
	}
	new->hashed = 1;
	spin_unlock_bh(lock);
	if (was)
		xtcp_put_node(old);
}

struct xtcp_hnode *xtcp_ehash_lookup(struct net *net,
				     const struct xtcp_tuple *t)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int b = xtcp_ehash_bucket(xn, t->laddr, t->lport, t->raddr,
					   t->rport);
	spinlock_t *lock = xtcp_ehash_lock(xn, b);
	struct xtcp_hnode *hn, *found = NULL;

	spin_lock_bh(lock);
	hlist_for_each_entry(hn, &xn->ehash[b], node) {
		if (xtcp_node_match(hn, t)) {
			xtcp_hold_node(hn);
			found = hn;
			break;
		}
	}
	spin_unlock_bh(lock);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ehash_lookup);

/* Callers hold bhash_lock. */
static struct hlist_head *xtcp_bhash_head(struct xtcp_net *xn, __be16 port)
{
	return &xn->bhash[ntohs(port) % XTCP_BHASH];
}

void xtcp_bhash_add(struct net *net, struct xtcp_bnode *bn)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	spin_lock_bh(&xn->bhash_lock);
	hlist_add_head(&bn->node, xtcp_bhash_head(xn, bn->port));
	spin_unlock_bh(&xn->bhash_lock);
}

void xtcp_bhash_del(struct net *net, struct xtcp_bnode *bn)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	spin_lock_bh(&xn->bhash_lock);
	if (!hlist_unhashed(&bn->node))
		hlist_del_init(&bn->node);
	spin_unlock_bh(&xn->bhash_lock);
}

static struct sock *xtcp_bnode_sk(struct xtcp_bnode *bn)
{
	return xtcp_to_sk(container_of(bn, struct xtcp_sock, bn));
}

/* A listener on @port for @addr: one bound to @addr first, else to any. */
struct sock *xtcp_listener_lookup(struct net *net, __be32 addr, __be16 port)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct sock *found = NULL, *sk;
	struct xtcp_bnode *bn;

	spin_lock_bh(&xn->bhash_lock);
	hlist_for_each_entry(bn, xtcp_bhash_head(xn, port), node) {
		if (bn->kind != XTCP_KIND_SOCK || bn->port != port)
			continue;
		sk = xtcp_bnode_sk(bn);
		if (sk->sk_state != XTCP_LISTEN)
			continue;
		if (bn->addr == addr) {
			found = sk;
			break;
		}
		if (!bn->addr && !found)
			found = sk;
	}
	if (found)
		sock_hold(found);
	spin_unlock_bh(&xn->bhash_lock);
	return found;
}

/*
 * May a new socket bound to @addr:@port with SO_REUSEADDR @reuse share the
 * port with what is there? As Linux: addresses that overlap conflict, unless
 * both sides set SO_REUSEADDR and the other is not listening. A TIME_WAIT
 * entry carries the flag of the socket it came from.
 */
static bool xtcp_port_conflict(struct xtcp_net *xn, __be32 addr, __be16 port,
			       bool reuse, bool listen)
{
	struct xtcp_bnode *bn;

	hlist_for_each_entry(bn, xtcp_bhash_head(xn, port), node) {
		if (bn->port != port)
			continue;
		if (bn->addr && addr && bn->addr != addr)
			continue;
		if (!reuse || !bn->reuse)
			return true;
		if (bn->kind == XTCP_KIND_SOCK &&
		    (listen || xtcp_bnode_sk(bn)->sk_state == XTCP_LISTEN))
			return true;
	}
	return false;
}

static void xtcp_bind_node(struct sock *sk, __be32 addr, __be16 port,
			   bool explicit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));

	xs->bn.kind = XTCP_KIND_SOCK;
	xs->bn.addr = addr;
	xs->bn.port = port;
	xs->bn.reuse = sk->sk_reuse != SK_NO_REUSE;
	xs->bound = 1;
	xs->bind_explicit = explicit;
	hlist_add_head(&xs->bn.node, xtcp_bhash_head(xn, port));
	inet_sk(sk)->inet_sport = port;
	inet_sk(sk)->inet_num = ntohs(port);
}

/* bind(): @port 0 picks a free one. */
int xtcp_bind_port(struct sock *sk, __be32 addr, __be16 port)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	bool reuse = sk->sk_reuse != SK_NO_REUSE;
	int low, high, n, i, err = 0;

	spin_lock_bh(&xn->bhash_lock);
	if (port) {
		if (xtcp_port_conflict(xn, addr, port, reuse, false))
			err = -EADDRINUSE;
		else
			xtcp_bind_node(sk, addr, port, true);
		goto out;
	}
	inet_get_local_port_range(sock_net(sk), &low, &high);
	n = high - low + 1;
	for (i = 0; i < n; i++) {
		__be16 p = htons(low + (xn->port_offset + i) % n);

		if (!xtcp_port_conflict(xn, addr, p, false, false)) {
			xtcp_bind_node(sk, addr, p, true);
			xn->port_offset += i + 1;
			goto out;
		}
	}
	err = -EADDRINUSE;
out:
	spin_unlock_bh(&xn->bhash_lock);
	return err;
}

void xtcp_unbind(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->bound)
		return;
	xtcp_bhash_del(sock_net(sk), &xs->bn);
	xs->bound = 0;
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		inet_sk(sk)->inet_sport = 0;
		inet_sk(sk)->inet_num = 0;
	}
}

/*
 * May connect() reuse the 4-tuple of TIME_WAIT entry @tw? tw_reuse 1 always,
 * 2 on loopback only, and only once the entry is a second old: by then the
 * new ISN, on a 4 us clock and past the old SND.NXT, is clear of the old
 * sequence space.
 */
static bool xtcp_tw_reusable(struct xtcp_net *xn, const struct xtcp_tw *tw)
{
	u64 age = 2ULL * xn->sysctl.msl_ms * NSEC_PER_MSEC -
		  xtcp_tw_remaining_ns(tw);

	switch (READ_ONCE(xn->sysctl.tw_reuse_mode)) {
	case 1:
		break;
	case 2:
		if (!ipv4_is_loopback(tw->hn.raddr))
			return false;
		break;
	default:
		return false;
	}
	return age >= NSEC_PER_SEC;
}

/*
 * Is the 4-tuple free in ehash? If it is, the socket goes in under the same
 * bucket lock. A reusable TIME_WAIT entry in the way leaves both hashes here
 * (the caller holds bhash_lock) and is handed back in @reuse, with the
 * hashes' reference, for the caller to finish once unlocked. The new
 * connection's ISN is set past its SND.NXT.
 */
static bool xtcp_ehash_claim(struct sock *sk, struct xtcp_tuple *t,
			     struct xtcp_tw **reuse)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned int b = xtcp_ehash_bucket(xn, t->laddr, t->lport, t->raddr,
					   t->rport);
	spinlock_t *lock = xtcp_ehash_lock(xn, b);
	struct xtcp_tw *tw = NULL;
	struct xtcp_hnode *hn;

	spin_lock(lock);
	hlist_for_each_entry(hn, &xn->ehash[b], node) {
		if (!xtcp_node_match(hn, t))
			continue;
		if (hn->kind != XTCP_KIND_TW ||
		    !xtcp_tw_reusable(xn, container_of(hn, struct xtcp_tw, hn))) {
			spin_unlock(lock);
			return false;
		}
		tw = container_of(hn, struct xtcp_tw, hn);
		break;
	}
	if (tw) {
		hlist_del_init(&tw->hn.node);
		tw->hn.hashed = 0;
		hlist_del_init(&tw->bn.node);
		xs->iss = tw->snd_nxt + 65535 + 2;
		xs->iss_from_tw = 1;
	}
	xs->hn.kind = XTCP_KIND_SOCK;
	xs->hn.laddr = t->laddr;
	xs->hn.raddr = t->raddr;
	xs->hn.lport = t->lport;
	xs->hn.rport = t->rport;
	sock_hold(sk);
	hlist_add_head(&xs->hn.node, &xn->ehash[b]);
	xs->hn.hashed = 1;
	spin_unlock(lock);
	*reuse = tw;
	return true;
}

/*
 * connect(): hash the connection under its 4-tuple, choosing the local port
 * first if the socket has none. A port that bind() took is not shared; one
 * that other connections use is, as long as the 4-tuples differ.
 */
int xtcp_connect_port(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_tuple t = {
		.laddr = inet->inet_saddr,
		.raddr = inet->inet_daddr,
		.rport = inet->inet_dport,
	};
	int low, high, n, i, err = -EADDRNOTAVAIL;
	struct xtcp_tw *reuse = NULL;
	u32 offset;

	spin_lock_bh(&xn->bhash_lock);
	if (xtcp_sk(sk)->bound) {
		t.lport = inet->inet_sport;
		if (xtcp_ehash_claim(sk, &t, &reuse))
			err = 0;
		goto out;
	}
	inet_get_local_port_range(sock_net(sk), &low, &high);
	n = high - low + 1;
	offset = xn->port_offset + jhash_2words((__force u32)t.raddr,
						(__force u32)t.rport,
						xtcp_hash_seed);
	for (i = 0; i < n; i++) {
		struct xtcp_bnode *bn;
		bool taken = false;

		t.lport = htons(low + (offset + i) % n);
		hlist_for_each_entry(bn, xtcp_bhash_head(xn, t.lport), node) {
			if (bn->port == t.lport && bn->kind == XTCP_KIND_SOCK &&
			    xtcp_sk(xtcp_bnode_sk(bn))->bind_explicit)
				taken = true;
		}
		if (taken || !xtcp_ehash_claim(sk, &t, &reuse))
			continue;
		xtcp_bind_node(sk, t.laddr, t.lport, false);
		xn->port_offset += i + 1;
		err = 0;
		break;
	}
out:
	spin_unlock_bh(&xn->bhash_lock);
	if (reuse) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TWRECYCLED);
		xtcp_tw_kill(reuse);
		xtcp_tw_put(reuse);
	}
	return err;
}

/* Add @hn unless its 4-tuple is taken; false if it is. */
bool xtcp_ehash_add_unique(struct net *net, struct xtcp_hnode *hn)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_tuple t = {
		.laddr = hn->laddr, .raddr = hn->raddr,
		.lport = hn->lport, .rport = hn->rport,
	};
	unsigned int b = xtcp_node_bucket(xn, hn);
	spinlock_t *lock = xtcp_ehash_lock(xn, b);
	struct xtcp_hnode *other;

	spin_lock_bh(lock);
	hlist_for_each_entry(other, &xn->ehash[b], node) {
		if (xtcp_node_match(other, &t)) {
			spin_unlock_bh(lock);
			return false;
		}
	}
	xtcp_hold_node(hn);
	hlist_add_head(&hn->node, &xn->ehash[b]);
	hn->hashed = 1;
	spin_unlock_bh(lock);
	return true;
}
