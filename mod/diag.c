// SPDX-License-Identifier: GPL-2.0
/*
 * sock_diag for XTCP: a NETLINK_SOCK_DIAG dump of a network namespace's
 * listeners, requests, connections and TIME_WAIT entries, the rows of
 * /proc/net/xtcp as binary messages, filtered here by state and by
 * conditions on ports and addresses (include/uapi/linux/xtcp_diag.h,
 * Documentation/diag.rst). Models: net/ipv4/inet_diag.c, net/smc/smc_diag.c.
 *
 * The walk is proc.c's: the listener hash, then the 4-tuple hash, bucket by
 * bucket. Up to XTCP_DIAG_BATCH rows that pass are copied under the bucket
 * lock, sockets held if their xtcp_info is wanted (it takes the socket
 * lock), and put in the message after. A message that fills up keeps its
 * place (bucket, and entries of the bucket passed) in cb->ctx, so the next
 * one goes on from there instead of walking the table from its start.
 *
 * IPv6 rows carry their addresses in XTCP_DIAG_ADDR6; in the message's
 * __be32 fields they have the IPv4 address a v4-mapped address stands for,
 * or 0. IPv4 conditions see those IPv4 addresses; IPv6 conditions
 * (XTCP_DIAG_REQ_COND6) see IPv6 rows' addresses only.
 */
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/xtcp_diag.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "xtcp.h"
#include "diag.h"
#include "hash.h"
#include "main.h"
#include "row.h"
#include "sockopt.h"

#define XTCP_DIAG_BATCH		16
#define XTCP_DIAG_EXT_ALL	(1U << (XTCP_DIAG_INFO - 1))
#define XTCP_DIAG_STATES	ARRAY_SIZE(((struct xtcp_diag_summary *)0)->xdiag_count)

struct xtcp_diag_ent {
	struct xtcp_row row;
	struct sock *sk;		/* held for its xtcp_info, or NULL */
	unsigned int num;		/* its place in the bucket */
};

/* A condition of either kind, as parsed. */
struct xtcp_diag_kcond {
	u8 field;			/* XTCP_DIAG_FIELD_* */
	u8 op;				/* XTCP_DIAG_OP_* */
	u8 prefix;
	u8 v6;				/* XTCP_DIAG_REQ_COND6: addr6 */
	u16 port;
	__be32 addr;
	struct in6_addr addr6;
};

/* The parsed request and a batch of rows: cb->data, for the whole dump. */
struct xtcp_diag_ctx {
	u32 states;
	u32 ext;
	u16 flags;
	unsigned int nconds;
	struct xtcp_diag_kcond conds[XTCP_DIAG_MAX_CONDS];
	unsigned int n;
	struct xtcp_diag_ent ents[XTCP_DIAG_BATCH];
};

/* Where the dump goes on, in cb->ctx. */
struct xtcp_diag_pos {
	unsigned int bucket;		/* XTCP_LHASH listener buckets, then ehash */
	unsigned int num;		/* entries of the bucket passed */
	bool done;
};

static bool xtcp_diag_cmp(u32 a, u8 op, u32 b)
{
	switch (op) {
	case XTCP_DIAG_OP_EQ:
		return a == b;
	case XTCP_DIAG_OP_NE:
		return a != b;
	case XTCP_DIAG_OP_LT:
		return a < b;
	case XTCP_DIAG_OP_LE:
		return a <= b;
	case XTCP_DIAG_OP_GT:
		return a > b;
	default:
		return a >= b;
	}
}

/*
 * The IPv4 address of a row's local or remote end: an IPv4 row's, or the
 * one a v4-mapped address carries. False for other IPv6 addresses.
 */
static bool xtcp_diag_addr4(const struct xtcp_row *r, bool local, __be32 *a)
{
	const struct in6_addr *a6 = local ? &r->laddr6 : &r->raddr6;

	if (!r->v6) {
		*a = local ? r->laddr : r->raddr;
		return true;
	}
	*a = 0;
	if (!ipv6_addr_v4mapped(a6))
		return false;
	*a = a6->s6_addr32[3];
	return true;
}

static bool xtcp_diag_addr_match(const struct xtcp_row *r, bool local,
				 const struct xtcp_diag_kcond *c)
{
	__be32 a, mask;
	bool in;

	if (c->v6) {
		in = r->v6 && ipv6_prefix_equal(local ? &r->laddr6 : &r->raddr6,
						&c->addr6, c->prefix);
	} else {
		mask = c->prefix ? htonl(~0U << (32 - c->prefix)) : 0;
		in = xtcp_diag_addr4(r, local, &a) && !((a ^ c->addr) & mask);
	}
	return xtcp_diag_cmp(in, c->op, 1);
}

/* Does a row's key (4-tuple and state) pass the request's filter? */
static bool xtcp_diag_match(const struct xtcp_diag_ctx *ctx,
			    const struct xtcp_row *r)
{
	unsigned int i;

	if (!(ctx->states & (1U << r->state)))
		return false;
	for (i = 0; i < ctx->nconds; i++) {
		const struct xtcp_diag_kcond *c = &ctx->conds[i];
		bool ok;

		switch (c->field) {
		case XTCP_DIAG_FIELD_SPORT:
			ok = xtcp_diag_cmp(ntohs(r->lport), c->op, c->port);
			break;
		case XTCP_DIAG_FIELD_DPORT:
			ok = xtcp_diag_cmp(ntohs(r->rport), c->op, c->port);
			break;
		case XTCP_DIAG_FIELD_SRC:
			ok = xtcp_diag_addr_match(r, true, c);
			break;
		default:
			ok = xtcp_diag_addr_match(r, false, c);
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* Under the bucket lock: copy @sk's row if it passes; false when full. */
static bool xtcp_diag_take_sock(struct xtcp_diag_ctx *ctx, struct sock *sk,
				unsigned int num)
{
	struct xtcp_diag_ent *e = &ctx->ents[ctx->n];

	xtcp_row_sock_key(&e->row, sk);
	if (!xtcp_diag_match(ctx, &e->row))
		return true;
	xtcp_row_sock(&e->row, sk);
	e->sk = NULL;
	/* A listener may be closing: the listener hash holds no reference. */
	if (ctx->ext & (1U << (XTCP_DIAG_INFO - 1)) &&
	    refcount_inc_not_zero(&sk->sk_refcnt))
		e->sk = sk;
	e->num = num;
	return ++ctx->n < XTCP_DIAG_BATCH;
}

static struct sock *xtcp_diag_node_sk(struct xtcp_hnode *hn)
{
	return xtcp_to_sk(container_of(hn, struct xtcp_sock, hn));
}

static bool xtcp_diag_take_node(struct xtcp_diag_ctx *ctx,
				struct xtcp_hnode *hn, unsigned int num)
{
	struct xtcp_diag_ent *e = &ctx->ents[ctx->n];

	if (hn->kind == XTCP_KIND_SOCK)
		return xtcp_diag_take_sock(ctx, xtcp_diag_node_sk(hn), num);
	xtcp_row_node_key(&e->row, hn);
	if (!xtcp_diag_match(ctx, &e->row))
		return true;
	xtcp_row_node(&e->row, hn);
	e->sk = NULL;
	e->num = num;
	return ++ctx->n < XTCP_DIAG_BATCH;
}

/*
 * Copy the rows of @bucket that pass, from entry @from on, into ctx->ents.
 * Returns the entry to go on from if the batch filled up, or 0 if the
 * bucket is done.
 */
static unsigned int xtcp_diag_collect(struct xtcp_diag_ctx *ctx,
				      struct xtcp_net *xn, unsigned int bucket,
				      unsigned int from)
{
	unsigned int num = 0, next = 0;

	ctx->n = 0;
	if (bucket < XTCP_LHASH) {
		struct xtcp_sock *xs;

		spin_lock_bh(&xn->lhash_lock);
		hlist_for_each_entry(xs, &xn->lhash[bucket], lhnode) {
			struct sock *sk = xtcp_to_sk(xs);

			if (num++ < from ||
			    READ_ONCE(sk->sk_state) != XTCP_LISTEN)
				continue;
			if (!xtcp_diag_take_sock(ctx, sk, num - 1)) {
				next = num;
				break;
			}
		}
		spin_unlock_bh(&xn->lhash_lock);
	} else {
		unsigned int b = bucket - XTCP_LHASH;
		struct xtcp_hnode *hn;

		if (hlist_empty(&xn->ehash[b]))
			return 0;
		spin_lock_bh(xtcp_ehash_lock(xn, b));
		hlist_for_each_entry(hn, &xn->ehash[b], node) {
			if (num++ < from)
				continue;
			if (!xtcp_diag_take_node(ctx, hn, num - 1)) {
				next = num;
				break;
			}
		}
		spin_unlock_bh(xtcp_ehash_lock(xn, b));
	}
	return next;
}

static int xtcp_diag_fill(struct sk_buff *skb, struct netlink_callback *cb,
			  const struct xtcp_diag_ent *e)
{
	struct user_namespace *ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	const struct xtcp_row *r = &e->row;
	struct xtcp_diag_msg *m;
	struct nlmsghdr *nlh;
	struct nlattr *attr;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, sizeof(*m), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	m = nlmsg_data(nlh);
	m->xdiag_family = xtcp_family;
	m->xdiag_state = r->state;
	m->xdiag_timer = r->timer;
	m->xdiag_retrans = r->retrans;
	xtcp_diag_addr4(r, true, &m->xdiag_src);
	xtcp_diag_addr4(r, false, &m->xdiag_dst);
	m->xdiag_sport = r->lport;
	m->xdiag_dport = r->rport;
	m->xdiag_expires = min_t(u64, r->ms, U32_MAX);
	m->xdiag_rqueue = r->rxq;
	m->xdiag_wqueue = r->txq;
	m->xdiag_uid = from_kuid_munged(ns, r->uid);
	m->xdiag_inode = r->ino;
	if (r->v6) {
		struct xtcp_diag_addr6 *a6;

		attr = nla_reserve(skb, XTCP_DIAG_ADDR6, sizeof(*a6));
		if (!attr) {
			nlmsg_cancel(skb, nlh);
			return -EMSGSIZE;
		}
		a6 = nla_data(attr);
		memcpy(a6->xdiag_src6, &r->laddr6, sizeof(a6->xdiag_src6));
		memcpy(a6->xdiag_dst6, &r->raddr6, sizeof(a6->xdiag_dst6));
	}
	if (e->sk) {
		attr = nla_reserve(skb, XTCP_DIAG_INFO, sizeof(struct xtcp_info));
		if (!attr) {
			nlmsg_cancel(skb, nlh);
			return -EMSGSIZE;
		}
		xtcp_get_info(e->sk, nla_data(attr));
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/*
 * Put the batch in @skb. On a full message, *@num becomes the place of the
 * first row left out, and -EMSGSIZE is returned. Drops the references.
 */
static int xtcp_diag_emit(struct sk_buff *skb, struct netlink_callback *cb,
			  struct xtcp_diag_ctx *ctx, unsigned int *num)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < ctx->n; i++) {
		struct xtcp_diag_ent *e = &ctx->ents[i];

		if (!err) {
			err = xtcp_diag_fill(skb, cb, e);
			if (err)
				*num = e->num;
		}
		if (e->sk)
			sock_put(e->sk);
	}
	return err;
}

/* Does @bucket hold rows of the states asked for? */
static bool xtcp_diag_wanted(const struct xtcp_diag_ctx *ctx,
			     unsigned int bucket)
{
	if (bucket < XTCP_LHASH)
		return ctx->states & (1U << XTCP_LISTEN);
	return ctx->states & ~(1U << XTCP_LISTEN);
}

/* Count the rows of @bucket that pass into @count, by state. */
static void xtcp_diag_count(const struct xtcp_diag_ctx *ctx,
			    struct xtcp_net *xn, unsigned int bucket,
			    u32 *count)
{
	struct xtcp_hnode *hn;
	struct xtcp_sock *xs;
	struct xtcp_row r;
	unsigned int b;

	if (bucket < XTCP_LHASH) {
		spin_lock_bh(&xn->lhash_lock);
		hlist_for_each_entry(xs, &xn->lhash[bucket], lhnode) {
			xtcp_row_sock_key(&r, xtcp_to_sk(xs));
			if (r.state == XTCP_LISTEN && xtcp_diag_match(ctx, &r))
				count[r.state]++;
		}
		spin_unlock_bh(&xn->lhash_lock);
		return;
	}
	b = bucket - XTCP_LHASH;
	if (hlist_empty(&xn->ehash[b]))
		return;
	spin_lock_bh(xtcp_ehash_lock(xn, b));
	hlist_for_each_entry(hn, &xn->ehash[b], node) {
		if (hn->kind == XTCP_KIND_SOCK)
			xtcp_row_sock_key(&r, xtcp_diag_node_sk(hn));
		else
			xtcp_row_node_key(&r, hn);
		if (xtcp_diag_match(ctx, &r))
			count[r.state % XTCP_DIAG_STATES]++;
	}
	spin_unlock_bh(xtcp_ehash_lock(xn, b));
}

/* XTCP_DIAG_F_SUMMARY: count what passes, all in this one call. */
static int xtcp_diag_summary(struct sk_buff *skb, struct netlink_callback *cb,
			     struct xtcp_net *xn)
{
	struct xtcp_diag_ctx *ctx = cb->data;
	unsigned int b, nb = XTCP_LHASH + xn->ehash_mask + 1;
	struct xtcp_diag_summary *s;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, sizeof(*s), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	s = nlmsg_data(nlh);
	memset(s, 0, sizeof(*s));
	s->xdiag_family = xtcp_family;
	for (b = 0; b < nb; b++) {
		if (xtcp_diag_wanted(ctx, b))
			xtcp_diag_count(ctx, xn, b, s->xdiag_count);
		cond_resched();
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int xtcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(skb->sk));
	struct xtcp_diag_pos *pos = (struct xtcp_diag_pos *)cb->ctx;
	struct xtcp_diag_ctx *ctx = cb->data;
	unsigned int nb = XTCP_LHASH + xn->ehash_mask + 1;
	unsigned int next;
	int err;

	if (pos->done)
		return 0;
	if (ctx->flags & XTCP_DIAG_F_SUMMARY) {
		err = xtcp_diag_summary(skb, cb, xn);
		pos->done = true;
		return err ?: skb->len;
	}
	for (; pos->bucket < nb; pos->bucket++, pos->num = 0) {
		if (!xtcp_diag_wanted(ctx, pos->bucket))
			continue;
		do {
			next = xtcp_diag_collect(ctx, xn, pos->bucket,
						 pos->num);
			err = xtcp_diag_emit(skb, cb, ctx, &pos->num);
			if (err)
				/* Not even one row fits an empty message? */
				return skb->len ?: err;
			pos->num = next;
		} while (next);
		cond_resched();
	}
	pos->done = true;
	return skb->len;
}

/* An XTCP_DIAG_REQ_COND6: on an address, with a prefix of 0..128 bits. */
static int xtcp_diag_parse_cond6(struct xtcp_diag_kcond *k,
				 const struct nlattr *attr)
{
	struct xtcp_diag_cond6 c;

	if (nla_len(attr) != sizeof(c))
		return -EINVAL;
	memcpy(&c, nla_data(attr), sizeof(c));
	if ((c.xdc_field != XTCP_DIAG_FIELD_SRC &&
	     c.xdc_field != XTCP_DIAG_FIELD_DST) ||
	    c.xdc_op > XTCP_DIAG_OP_NE || c.xdc_prefix > 128)
		return -EINVAL;
	k->field = c.xdc_field;
	k->op = c.xdc_op;
	k->prefix = c.xdc_prefix;
	k->v6 = 1;
	BUILD_BUG_ON(sizeof(c.xdc_addr) != sizeof(k->addr6));
	memcpy(&k->addr6, c.xdc_addr, sizeof(k->addr6));
	return 0;
}

static int xtcp_diag_parse_cond(struct xtcp_diag_ctx *ctx,
				const struct nlattr *attr)
{
	struct xtcp_diag_kcond *k;
	struct xtcp_diag_cond c;

	if (ctx->nconds == XTCP_DIAG_MAX_CONDS)
		return -EINVAL;
	k = &ctx->conds[ctx->nconds++];
	if (nla_type(attr) == XTCP_DIAG_REQ_COND6)
		return xtcp_diag_parse_cond6(k, attr);
	if (nla_type(attr) != XTCP_DIAG_REQ_COND || nla_len(attr) != sizeof(c))
		return -EINVAL;
	memcpy(&c, nla_data(attr), sizeof(c));
	k->field = c.xdc_field;
	k->op = c.xdc_op;
	k->prefix = c.xdc_prefix;
	k->port = c.xdc_port;
	k->addr = c.xdc_addr;
	switch (c.xdc_field) {
	case XTCP_DIAG_FIELD_SPORT:
	case XTCP_DIAG_FIELD_DPORT:
		return c.xdc_op <= XTCP_DIAG_OP_GE ? 0 : -EINVAL;
	case XTCP_DIAG_FIELD_SRC:
	case XTCP_DIAG_FIELD_DST:
		return c.xdc_op <= XTCP_DIAG_OP_NE && c.xdc_prefix <= 32 ?
		       0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/* Parse the request once, for the whole dump. */
static int xtcp_diag_start(struct netlink_callback *cb)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct xtcp_diag_req *req = nlmsg_data(nlh);
	struct xtcp_diag_ctx *ctx;
	struct nlattr *attr;
	int rem, err = -EINVAL;

	BUILD_BUG_ON(sizeof(struct xtcp_diag_pos) > sizeof(cb->ctx));
	if (nlmsg_len(nlh) < sizeof(*req) || req->sdiag_protocol ||
	    req->xdiag_flags & ~XTCP_DIAG_F_SUMMARY ||
	    req->xdiag_ext & ~XTCP_DIAG_EXT_ALL)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->states = req->xdiag_states;
	ctx->ext = req->xdiag_ext;
	ctx->flags = req->xdiag_flags;
	nlmsg_for_each_attr(attr, nlh, sizeof(*req), rem) {
		err = xtcp_diag_parse_cond(ctx, attr);
		if (err)
			goto fail;
	}
	if (rem) {
		err = -EINVAL;
		goto fail;
	}
	memset(cb->ctx, 0, sizeof(cb->ctx));
	cb->data = ctx;
	return 0;
fail:
	kfree(ctx);
	return err;
}

static int xtcp_diag_done(struct netlink_callback *cb)
{
	kfree(cb->data);
	return 0;
}

static int xtcp_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	struct netlink_dump_control c = {
		.start = xtcp_diag_start,
		.dump = xtcp_diag_dump,
		.done = xtcp_diag_done,
		.min_dump_alloc = SKB_WITH_OVERHEAD(32768),
	};

	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(sock_net(skb->sk)->diag_nlsk, skb, nlh, &c);
}

/* The family is a module parameter: filled in by xtcp_diag_init(). */
static struct sock_diag_handler xtcp_diag_handler = {
	.owner	= THIS_MODULE,
	.dump	= xtcp_diag_handler_dump,
};

static bool xtcp_diag_registered;

int xtcp_diag_init(void)
{
	int err;

	xtcp_diag_handler.family = xtcp_family;
	err = sock_diag_register(&xtcp_diag_handler);
	xtcp_diag_registered = !err;
	return err;
}

void xtcp_diag_exit(void)
{
	if (xtcp_diag_registered)
		sock_diag_unregister(&xtcp_diag_handler);
	xtcp_diag_registered = false;
}

/* NETLINK_SOCK_DIAG requests for family 22 load the module. */
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, AF_XTCP);
