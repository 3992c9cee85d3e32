/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the XTCP module's files. */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/types.h>
#include <net/inet_sock.h>
#include <net/netns/generic.h>
#include <linux/xtcp.h>

#include "stats.h"

/* Module parameters (main.c). */
extern int xtcp_family;
extern int xtcp_ipproto;

/* Per network namespace state. */
struct xtcp_net {
	struct xtcp_mib __percpu *mib;
};

extern unsigned int xtcp_net_id;

static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

/* A connection's socket. inet_sock first: the IPv4 output path uses it. */
struct xtcp_sock {
	struct inet_sock inet;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return (struct xtcp_sock *)sk;
}

/* socket.c */
extern struct proto xtcp_prot;
extern struct net_proto_family xtcp_family_ops;

/* input.c */
int xtcp_v4_rcv(struct sk_buff *skb);

/* proc.c */
int xtcp_proc_init_net(struct net *net);
void xtcp_proc_exit_net(struct net *net);

#endif /* _XTCP_H */
