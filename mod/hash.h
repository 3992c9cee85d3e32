/* SPDX-License-Identifier: GPL-2.0 */
/* The 4-tuple, port and listener hashes. */
#ifndef _XTCP_HASH_H
#define _XTCP_HASH_H

#include "xtcp.h"

int xtcp_hash_init(struct xtcp_net *xn);
void xtcp_hash_exit(struct xtcp_net *xn);
spinlock_t *xtcp_ehash_lock(struct xtcp_net *xn, unsigned int bucket);
unsigned int xtcp_ehash_bucket(struct xtcp_net *xn, __be32 laddr,
			       __be16 lport, __be32 raddr, __be16 rport);
void xtcp_ehash_add(struct net *net, struct xtcp_hnode *hn);
void xtcp_ehash_del(struct net *net, struct xtcp_hnode *hn);
void xtcp_ehash_replace(struct net *net, struct xtcp_hnode *old,
			struct xtcp_hnode *new);
struct xtcp_hnode *xtcp_ehash_lookup(struct net *net,
				     const struct xtcp_tuple *t);
bool xtcp_bhash_add(struct net *net, struct xtcp_bnode *bn,
		    const struct xtcp_bnode *from);
void xtcp_bhash_del(struct net *net, struct xtcp_bnode *bn);
void xtcp_lhash_add(struct sock *sk);
struct sock *xtcp_listener_lookup(struct net *net, const struct xtcp_tuple *t);
int xtcp_bind_port(struct sock *sk, __be32 addr, __be16 port);
int xtcp_connect_port(struct sock *sk);
void xtcp_unbind(struct sock *sk, bool keep_port);
void xtcp_hold_node(struct xtcp_hnode *hn);
void xtcp_put_node(struct xtcp_hnode *hn);
bool xtcp_ehash_add_unique(struct net *net, struct xtcp_hnode *hn);
__be32 xtcp_addr6_word(const struct in6_addr *a);
void xtcp_tuple_set6(struct xtcp_tuple *t, const struct in6_addr *laddr,
		     const struct in6_addr *raddr);
void xtcp_node_tuple(const struct xtcp_hnode *hn, struct xtcp_tuple *t);
void xtcp_node_set(struct xtcp_hnode *hn, const struct xtcp_tuple *t);

#endif /* _XTCP_HASH_H */
