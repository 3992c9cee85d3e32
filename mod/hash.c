// SPDX-License-Identifier: GPL-2.0
/*
 * The lookup tables of a network namespace:
 * - ehash, by 4-tuple: connected sockets, SYN_RECV requests and TIME_WAIT
 *   entries. Each bucket is guarded by one of XTCP_LOCKS spinlocks.
 * - bhash, by local port: a bind bucket per port in use, holding the bound
 *   sockets and TIME_WAIT entries on it, for bind() conflicts and connect()'s
 *   port choice. As many buckets as ehash, up to one per port; each guarded
 *   by one of XTCP_LOCKS spinlocks, as ehash.
 * - lhash, by local port: listening sockets only, so that a SYN never walks
 *   TIME_WAIT entries. Read under RCU (sockets are SOCK_RCU_FREE), written
 *   under lhash_lock.
 * Lookups take a reference on what they find. Lock order: a bhash bucket
 * lock, then an ehash bucket lock. lhash_lock nests in neither.
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/vmalloc.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "xtcp.h"
#include "conn.h"
#include "hash.h"
#include "main.h"
#include "request.h"
#include "sock6.h"
#include "socket.h"
#include "timewait.h"

static u32 xtcp_hash_seed __read_mostly;

int xtcp_hash_init(struct xtcp_net *xn)
{
	unsigned int i, n;

	get_random_once(&xtcp_hash_seed, sizeof(xtcp_hash_seed));
	xn->ehash = kvcalloc(xtcp_ehash_buckets, sizeof(*xn->ehash),
			     GFP_KERNEL);
	if (!xn->ehash)
		return -ENOMEM;
	xn->ehash_mask = xtcp_ehash_buckets - 1;
	for (i = 0; i < XTCP_LOCKS; i++)
		spin_lock_init(&xn->ehash_locks[i]);
	/* One port a bucket at most: there are no more ports. */
	n = min_t(unsigned int, xtcp_ehash_buckets, XTCP_BHASH_MAX);
	xn->bhash = kvcalloc(n, sizeof(*xn->bhash), GFP_KERNEL);
	if (!xn->bhash) {
		kvfree(xn->ehash);
		return -ENOMEM;
	}
	xn->bhash_mask = n - 1;
	for (i = 0; i < XTCP_LOCKS; i++)
		spin_lock_init(&xn->bhash_locks[i]);
	for (i = 0; i < XTCP_LHASH; i++)
		INIT_HLIST_HEAD(&xn->lhash[i]);
	spin_lock_init(&xn->lhash_lock);
	xn->port_offset = get_random_u32();
	return 0;
}

void xtcp_hash_exit(struct xtcp_net *xn)
{
	kvfree(xn->bhash);
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

/*
 * The digest an IPv6 address has in a node: keyed, so that no peer can
 * pick addresses that share a bucket (as inet6_ehashfn()); 0 only for ::.
 */
__be32 xtcp_addr6_word(const struct in6_addr *a)
{
	if (ipv6_addr_any(a))
		return 0;
	return (__force __be32)(jhash2((const u32 *)a->s6_addr32, 4,
				       xtcp_hash_seed) ?: 1);
}

void xtcp_tuple_set6(struct xtcp_tuple *t, const struct in6_addr *laddr,
		     const struct in6_addr *raddr)
{
	t->v6 = 1;
	t->laddr6 = *laddr;
	t->raddr6 = *raddr;
	t->laddr = xtcp_addr6_word(laddr);
	t->raddr = xtcp_addr6_word(raddr);
}

/* The addresses of IPv6 node @hn, which its owner keeps. */
static void xtcp_node_addrs6(const struct xtcp_hnode *hn,
			     const struct in6_addr **laddr,
			     const struct in6_addr **raddr)
{
	const struct xtcp_request6 *req6;
	const struct xtcp_tw6 *tw6;
	const struct sock *sk;

	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		sk = xtcp_to_sk(container_of(hn, struct xtcp_sock, hn));
		*laddr = &sk->sk_v6_rcv_saddr;
		*raddr = &sk->sk_v6_daddr;
		break;
	case XTCP_KIND_REQ:
		req6 = container_of(hn, struct xtcp_request6, req.hn);
		*laddr = &req6->laddr6;
		*raddr = &req6->raddr6;
		break;
	default:
		tw6 = container_of(hn, struct xtcp_tw6, tw.hn);
		*laddr = &tw6->laddr6;
		*raddr = &tw6->raddr6;
		break;
	}
}

/*
 * The interface IPv6 node @hn's peer is on, 0 for any: a request's ir_iif,
 * a socket's bound device if its peer is link-local. A TIME_WAIT entry
 * keeps none, and answers on any.
 */
static int xtcp_node_oif(const struct xtcp_hnode *hn)
{
	if (!hn->v6)
		return 0;
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		return xtcp6_sk_oif(xtcp_to_sk(container_of(hn, struct xtcp_sock,
							    hn)));
	case XTCP_KIND_REQ:
		return container_of(hn, struct xtcp_request6, req.hn)->iif;
	default:
		return 0;
	}
}

void xtcp_node_tuple(const struct xtcp_hnode *hn, struct xtcp_tuple *t)
{
	const struct in6_addr *laddr, *raddr;

	t->laddr = hn->laddr;
	t->raddr = hn->raddr;
	t->lport = hn->lport;
	t->rport = hn->rport;
	t->v6 = hn->v6;
	t->oif = xtcp_node_oif(hn);
	if (hn->v6) {
		xtcp_node_addrs6(hn, &laddr, &raddr);
		t->laddr6 = *laddr;
		t->raddr6 = *raddr;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_node_tuple);

/* @hn takes @t as its 4-tuple; an IPv6 owner has set the addresses. */
void xtcp_node_set(struct xtcp_hnode *hn, const struct xtcp_tuple *t)
{
	hn->laddr = t->laddr;
	hn->raddr = t->raddr;
	hn->lport = t->lport;
	hn->rport = t->rport;
	hn->v6 = t->v6;
}

/*
 * Does @hn have 4-tuple @t? A link-local peer's address names it on one
 * link only: a node on another interface is not it (inet6_match()'s
 * inet_sk_bound_dev_eq()).
 */
static bool xtcp_node_match(const struct xtcp_hnode *hn,
			    const struct xtcp_tuple *t)
{
	const struct in6_addr *laddr, *raddr;
	int oif;

	if (hn->laddr != t->laddr || hn->raddr != t->raddr ||
	    hn->lport != t->lport || hn->rport != t->rport || hn->v6 != t->v6)
		return false;
	if (!t->v6)
		return true;
	oif = xtcp_node_oif(hn);
	if (oif && t->oif && oif != t->oif)
		return false;
	xtcp_node_addrs6(hn, &laddr, &raddr);
	return ipv6_addr_equal(laddr, &t->laddr6) &&
	       ipv6_addr_equal(raddr, &t->raddr6);
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

/*
 * Sockets in the tables, for /proc/net/xtcp_sockstat's inuse: as Linux
 * counts TCP's in inet_hash() and inet_ehash_nolisten(), not requests or
 * TIME_WAIT entries.
 */
static void xtcp_inuse_add(struct net *net, const struct xtcp_hnode *hn,
			   int val)
{
	if (hn->kind == XTCP_KIND_SOCK)
		sock_prot_inuse_add(net, &xtcp_prot, val);
}

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
	xtcp_inuse_add(net, hn, 1);
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
	if (was) {
		xtcp_inuse_add(net, hn, -1);
		xtcp_put_node(hn);
	}
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
	xtcp_inuse_add(net, new, 1);
	if (was) {
		xtcp_inuse_add(net, old, -1);
		xtcp_put_node(old);
	}
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

static unsigned int xtcp_bhash_bucket(struct xtcp_net *xn, __be16 port)
{
	return ntohs(port) & xn->bhash_mask;
}

static spinlock_t *xtcp_bhash_lock(struct xtcp_net *xn, unsigned int bucket)
{
	return &xn->bhash_locks[bucket % XTCP_LOCKS];
}

static struct sock *xtcp_bnode_sk(struct xtcp_bnode *bn)
{
	return xtcp_to_sk(container_of(bn, struct xtcp_sock, bn));
}

/* A socket whose port bind() chose: connect() does not share the port. */
static bool xtcp_bnode_explicit(struct xtcp_bnode *bn)
{
	return bn->kind == XTCP_KIND_SOCK &&
	       xtcp_sk(xtcp_bnode_sk(bn))->bind_explicit;
}

/* Under bucket @b's lock: the bind bucket of @port, or NULL. */
static struct xtcp_bind_bucket *xtcp_bb_find(struct xtcp_net *xn,
					     unsigned int b, __be16 port)
{
	struct xtcp_bind_bucket *tb;

	lockdep_assert_held(xtcp_bhash_lock(xn, b));
	hlist_for_each_entry(tb, &xn->bhash[b], node)
		if (tb->port == port)
			return tb;
	return NULL;
}

/* Under bucket @b's lock: *@spare becomes @port's bind bucket. */
static struct xtcp_bind_bucket *xtcp_bb_new(struct xtcp_net *xn,
					    unsigned int b, __be16 port,
					    struct xtcp_bind_bucket **spare)
{
	struct xtcp_bind_bucket *tb = *spare;

	lockdep_assert_held(xtcp_bhash_lock(xn, b));
	*spare = NULL;
	tb->port = port;
	tb->explicit = 0;
	INIT_HLIST_HEAD(&tb->owners);
	hlist_add_head(&tb->node, &xn->bhash[b]);
	return tb;
}

/* Under the bucket lock. */
static void xtcp_bb_join(struct xtcp_bind_bucket *tb, struct xtcp_bnode *bn)
{
	bn->tb = tb;
	hlist_add_head(&bn->node, &tb->owners);
	if (xtcp_bnode_explicit(bn))
		tb->explicit++;
}

/*
 * Under the bucket lock, @bn hashed: it leaves its bind bucket. The bucket,
 * if that left it empty, is unhashed and returned for the caller to free
 * once unlocked.
 */
static struct xtcp_bind_bucket *xtcp_bb_leave(struct xtcp_bnode *bn)
{
	struct xtcp_bind_bucket *tb = bn->tb;

	hlist_del_init(&bn->node);
	bn->tb = NULL;
	if (xtcp_bnode_explicit(bn))
		tb->explicit--;
	if (!hlist_empty(&tb->owners))
		return NULL;
	hlist_del(&tb->node);
	return tb;
}

/*
 * @bn joins the port of @from (a socket's TIME_WAIT entry, or an accepted
 * child joining its listener): no allocation, as @from holds the bucket.
 * False, and @bn unhashed, if @from is not bound.
 */
bool xtcp_bhash_add(struct net *net, struct xtcp_bnode *bn,
		    const struct xtcp_bnode *from)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	spinlock_t *lock = xtcp_bhash_lock(xn, xtcp_bhash_bucket(xn, from->port));
	bool ok;

	spin_lock_bh(lock);
	ok = !hlist_unhashed(&from->node);
	if (ok)
		xtcp_bb_join(from->tb, bn);
	spin_unlock_bh(lock);
	return ok;
}

/* The lock is found by port: bn->tb may be stale once @bn is unhashed. */
void xtcp_bhash_del(struct net *net, struct xtcp_bnode *bn)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	spinlock_t *lock = xtcp_bhash_lock(xn, xtcp_bhash_bucket(xn, bn->port));
	struct xtcp_bind_bucket *tb = NULL;

	spin_lock_bh(lock);
	if (!hlist_unhashed(&bn->node))
		tb = xtcp_bb_leave(bn);
	spin_unlock_bh(lock);
	kfree(tb);
}

static struct hlist_head *xtcp_lhash_head(struct xtcp_net *xn, __be16 port)
{
	return &xn->lhash[ntohs(port) % XTCP_LHASH];
}

/* @sk, bound, now listens: SYNs to its port find it. */
void xtcp_lhash_add(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_bh(&xn->lhash_lock);
	if (hlist_unhashed(&xs->lhnode)) {
		hlist_add_head_rcu(&xs->lhnode, xtcp_lhash_head(xn, xs->bn.port));
		sock_prot_inuse_add(sock_net(sk), &xtcp_prot, 1);
	}
	spin_unlock_bh(&xn->lhash_lock);
}

static void xtcp_lhash_del(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_bh(&xn->lhash_lock);
	if (!hlist_unhashed(&xs->lhnode)) {
		hlist_del_init_rcu(&xs->lhnode);
		sock_prot_inuse_add(sock_net(sk), &xtcp_prot, -1);
	}
	spin_unlock_bh(&xn->lhash_lock);
}

/* The address bound node @bn stands for, if it is IPv6's. */
static const struct in6_addr *xtcp_bnode_addr6(const struct xtcp_bnode *bn)
{
	if (bn->kind == XTCP_KIND_SOCK)
		return &xtcp_to_sk(container_of(bn, struct xtcp_sock, bn))->sk_v6_rcv_saddr;
	return &container_of(bn, struct xtcp_tw6, tw.bn)->laddr6;
}

/*
 * A listener for @t's local address and port: one bound to the address
 * first, else to any. IPv6 segments find IPv6 listeners only; IPv4
 * segments IPv4 ones, else an IPv6 listener on [::] that is not v6-only
 * (dual-stack), which __inet_lookup_listener()'s scores rank below an
 * IPv4 one. A link-local peer finds no listener bound to another device.
 */
struct sock *xtcp_listener_lookup(struct net *net, const struct xtcp_tuple *t)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct sock *found = NULL, *dual = NULL, *sk;
	struct xtcp_sock *xs;
	int dev;

	rcu_read_lock();
	hlist_for_each_entry_rcu(xs, xtcp_lhash_head(xn, t->lport), lhnode) {
		sk = xtcp_to_sk(xs);
		if (xs->bn.port != t->lport ||
		    READ_ONCE(sk->sk_state) != XTCP_LISTEN)
			continue;
		if (xs->bn.v6 != t->v6) {
			if (!t->v6 && !xs->bn.v6only && !xs->bn.addr)
				dual = sk;
			continue;
		}
		/* Bound to another link than the peer's (compute_score()). */
		dev = READ_ONCE(sk->sk_bound_dev_if);
		if (t->oif && dev && dev != t->oif)
			continue;
		if (xs->bn.addr == t->laddr &&
		    (!t->v6 || ipv6_addr_equal(&sk->sk_v6_rcv_saddr,
					       &t->laddr6))) {
			found = sk;
			break;
		}
		if (!xs->bn.addr && !found)
			found = sk;
	}
	found = found ?: dual;
	/* It may be closing: SOCK_RCU_FREE keeps it until we leave. */
	if (found && !refcount_inc_not_zero(&found->sk_refcnt))
		found = NULL;
	rcu_read_unlock();
	return found;
}

/*
 * Do @bn's address and @sk's (@addr, a digest for IPv6) overlap? As
 * inet_rcv_saddr_equal() with wildcards: any address overlaps its own
 * version's; an IPv6 :: overlaps every IPv4 address unless IPV6_V6ONLY.
 */
static bool xtcp_addr_overlap(const struct xtcp_bnode *bn,
			      const struct sock *sk, __be32 addr)
{
	bool v6 = inet_sk(sk)->pinet6;

	if (bn->v6 != v6) {
		if (bn->v6)
			return !bn->v6only && !bn->addr;
		return !sk->sk_ipv6only && !addr;
	}
	if (!bn->addr || !addr)
		return true;
	if (bn->addr != addr)
		return false;
	return !v6 || ipv6_addr_equal(xtcp_bnode_addr6(bn), &sk->sk_v6_rcv_saddr);
}

/*
 * May new socket @sk bound to @addr with SO_REUSEADDR @reuse share @tb's
 * port with what is there? As Linux: addresses that overlap conflict,
 * unless both sides set SO_REUSEADDR and the other is not listening. A
 * TIME_WAIT entry carries the flag of the socket it came from.
 */
static bool xtcp_port_conflict(struct xtcp_bind_bucket *tb,
			       const struct sock *sk, __be32 addr,
			       bool reuse, bool listen)
{
	struct xtcp_bnode *bn;

	hlist_for_each_entry(bn, &tb->owners, node) {
		if (!xtcp_addr_overlap(bn, sk, addr))
			continue;
		if (!reuse || !bn->reuse)
			return true;
		if (bn->kind == XTCP_KIND_SOCK &&
		    (listen || xtcp_bnode_sk(bn)->sk_state == XTCP_LISTEN))
			return true;
	}
	return false;
}

/* Under the bucket lock: @sk takes @addr:@port, in bind bucket @tb. */
static void xtcp_bind_node(struct sock *sk, struct xtcp_bind_bucket *tb,
			   __be32 addr, __be16 port, bool explicit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->bn.kind = XTCP_KIND_SOCK;
	xs->bn.addr = addr;
	xs->bn.port = port;
	xs->bn.reuse = sk->sk_reuse != SK_NO_REUSE;
	xs->bn.v6 = !!inet_sk(sk)->pinet6;
	xs->bn.v6only = sk->sk_ipv6only;
	xs->bound = 1;
	xs->bind_explicit = explicit;
	xtcp_bb_join(tb, &xs->bn);
	inet_sk(sk)->inet_sport = port;
	inet_sk(sk)->inet_num = ntohs(port);
}

/* bind() @sk to @addr:@port unless that conflicts; *@spare if need be. */
static bool xtcp_bind_try(struct sock *sk, __be32 addr, __be16 port,
			  bool reuse, struct xtcp_bind_bucket **spare)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	unsigned int b = xtcp_bhash_bucket(xn, port);
	spinlock_t *lock = xtcp_bhash_lock(xn, b);
	struct xtcp_bind_bucket *tb;

	spin_lock_bh(lock);
	tb = xtcp_bb_find(xn, b, port);
	if (tb && xtcp_port_conflict(tb, sk, addr, reuse, false)) {
		spin_unlock_bh(lock);
		return false;
	}
	if (!tb)
		tb = xtcp_bb_new(xn, b, port, spare);
	xtcp_bind_node(sk, tb, addr, port, true);
	spin_unlock_bh(lock);
	return true;
}

/* bind(): @port 0 picks a free one. Process context. */
int xtcp_bind_port(struct sock *sk, __be32 addr, __be16 port)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	bool reuse = sk->sk_reuse != SK_NO_REUSE;
	struct xtcp_bind_bucket *spare;
	int low, high, n, i, err = 0;
	u32 offset;

	spare = kmalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;
	if (port) {
		if (!xtcp_bind_try(sk, addr, port, reuse, &spare))
			err = -EADDRINUSE;
		goto out;
	}
	inet_get_local_port_range(sock_net(sk), &low, &high);
	n = high - low + 1;
	offset = READ_ONCE(xn->port_offset);
	for (i = 0; i < n; i++) {
		__be16 p = htons(low + (offset + i) % n);

		if (xtcp_bind_try(sk, addr, p, false, &spare)) {
			WRITE_ONCE(xn->port_offset, offset + i + 1);
			goto out;
		}
	}
	err = -EADDRINUSE;
out:
	kfree(spare);
	return err;
}

/*
 * Leave the listener and port hashes. With @keep_port, a port that bind()
 * chose stays the socket's while a user holds the socket, as in Linux's
 * tcp_set_state(): listen() or connect() again reuses it, and close()
 * gives it up.
 */
void xtcp_unbind(struct sock *sk, bool keep_port)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	/* Only the socket's owner hashes it there: no lock to look. */
	if (!hlist_unhashed(&xs->lhnode))
		xtcp_lhash_del(sk);
	if (!xs->bound)
		return;
	if (keep_port && (sk->sk_userlocks & SOCK_BINDPORT_LOCK) &&
	    sk->sk_socket)
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
		if (tw->hn.v6 ?
		    !ipv6_addr_loopback(&container_of(tw, struct xtcp_tw6, tw)->raddr6) :
		    !ipv4_is_loopback(tw->hn.raddr))
			return false;
		break;
	default:
		return false;
	}
	return age >= NSEC_PER_SEC;
}

/*
 * Is the 4-tuple free in ehash? If it is, the socket goes in under the same
 * bucket lock. A reusable TIME_WAIT entry in the way leaves ehash here and
 * is handed back in @reuse, with the hash's reference, for the caller to
 * take out of its bind bucket (whose lock it holds) and finish once
 * unlocked. The new connection's ISN is set past its SND.NXT.
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
		xs->iss = xtcp_tw_next_isn(tw->snd_nxt);
		xs->iss_from_tw = 1;
	}
	xs->hn.kind = XTCP_KIND_SOCK;
	xtcp_node_set(&xs->hn, t);
	sock_hold(sk);
	hlist_add_head(&xs->hn.node, &xn->ehash[b]);
	xs->hn.hashed = 1;
	spin_unlock(lock);
	xtcp_inuse_add(sock_net(sk), &xs->hn, 1);
	*reuse = tw;
	return true;
}

/*
 * Under the bhash bucket lock of @t->lport: claim the 4-tuple for @sk,
 * bound or (@spare for its bind bucket) not. A port that bind() took is
 * not shared; one that other connections use is, as long as the 4-tuples
 * differ.
 */
static bool xtcp_connect_try(struct sock *sk, struct xtcp_tuple *t,
			     struct xtcp_bind_bucket **spare,
			     struct xtcp_tw **reuse)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	unsigned int b = xtcp_bhash_bucket(xn, t->lport);
	struct xtcp_bind_bucket *tb = NULL;

	lockdep_assert_held(xtcp_bhash_lock(xn, b));
	if (!xtcp_sk(sk)->bound) {
		tb = xtcp_bb_find(xn, b, t->lport);
		if (tb && tb->explicit)
			return false;
	}
	if (!xtcp_ehash_claim(sk, t, reuse))
		return false;
	if (!xtcp_sk(sk)->bound)
		xtcp_bind_node(sk, tb ?: xtcp_bb_new(xn, b, t->lport, spare),
			       t->laddr, t->lport, false);
	/* Same port, so same bucket, and @sk keeps it from emptying. */
	if (*reuse && !hlist_unhashed(&(*reuse)->bn.node))
		WARN_ON_ONCE(xtcp_bb_leave(&(*reuse)->bn));
	return true;
}

/*
 * connect(): hash the connection under its 4-tuple, choosing the local port
 * first if the socket has none. Each port tried costs a bind bucket lookup
 * and a 4-tuple lookup, whatever else uses the port. Process context.
 */
int xtcp_connect_port(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct inet_sock *inet = inet_sk(sk);
	int low, high, n, i, err = -EADDRNOTAVAIL;
	struct xtcp_bind_bucket *spare = NULL;
	struct xtcp_tw *reuse = NULL;
	spinlock_t *lock;			/* the port's bhash bucket */
	struct xtcp_tuple t;
	u32 offset;

	xtcp_sk_tuple(sk, &t);
	if (xtcp_sk(sk)->bound) {
		t.lport = inet->inet_sport;
		lock = xtcp_bhash_lock(xn, xtcp_bhash_bucket(xn, t.lport));
		spin_lock_bh(lock);
		if (xtcp_connect_try(sk, &t, &spare, &reuse))
			err = 0;
		spin_unlock_bh(lock);
		goto out;
	}
	spare = kmalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;
	inet_get_local_port_range(sock_net(sk), &low, &high);
	n = high - low + 1;
	offset = READ_ONCE(xn->port_offset) +
		 jhash_2words((__force u32)t.raddr, (__force u32)t.rport,
			      xtcp_hash_seed);
	for (i = 0; i < n; i++) {
		bool ok;

		t.lport = htons(low + (offset + i) % n);
		lock = xtcp_bhash_lock(xn, xtcp_bhash_bucket(xn, t.lport));
		spin_lock_bh(lock);
		ok = xtcp_connect_try(sk, &t, &spare, &reuse);
		spin_unlock_bh(lock);
		if (ok) {
			/* Racy, as Linux's table_perturb: it only spreads. */
			WRITE_ONCE(xn->port_offset,
				   READ_ONCE(xn->port_offset) + i + 1);
			err = 0;
			break;
		}
	}
out:
	kfree(spare);
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
	unsigned int b = xtcp_node_bucket(xn, hn);
	spinlock_t *lock = xtcp_ehash_lock(xn, b);
	struct xtcp_hnode *other;
	struct xtcp_tuple t;

	xtcp_node_tuple(hn, &t);
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
