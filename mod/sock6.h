/* SPDX-License-Identifier: GPL-2.0 */
/* IPv6: its sockets (sock6.c) and its wire (wire6.c). */
#ifndef _XTCP_SOCK6_H
#define _XTCP_SOCK6_H

#include <linux/ip.h>
#include <linux/ipv6.h>

#include "xtcp.h"

/* An IPv6 socket: its ipv6_pinfo at the end, as tcp6_sock's. */
struct xtcp6_sock {
	struct xtcp_sock xs;
	struct ipv6_pinfo inet6;
};

extern struct proto xtcp6_prot;

/* Made with XTCPPROTO_XTCP6: IPv6 addresses in its socket calls. */
static inline bool xtcp_sk_v6(const struct sock *sk)
{
	return inet_sk(sk)->pinet6;
}

/* The network header in front of @sk's segments. */
static inline u32 xtcp_nh_len(const struct sock *sk)
{
	return xtcp_sk(sk)->hn.v6 ? sizeof(struct ipv6hdr) :
				    sizeof(struct iphdr);
}

void xtcp6_prot_init(void);
void xtcp6_init_sock(struct sock *sk);
void xtcp6_child_init(struct sock *nsk, const struct sock *lsk,
		      const struct xtcp_tuple *t);
int xtcp6_check_addr(struct sock *sk, struct sockaddr *uaddr, int len);
int xtcp6_bind_addr(struct sock *sk, struct sockaddr *uaddr, int len);
int xtcp6_connect_start(struct sock *sk, struct sockaddr *uaddr, int len);
int xtcp6_getname(struct sock *sk, struct sockaddr *uaddr, int peer);
int xtcp6_sk_oif(const struct sock *sk);

int xtcp6_xmit(struct sock *sk, struct sk_buff *skb);
void xtcp6_send_ctl(struct net *net, const struct xtcp_tuple *t,
		    struct sk_buff *skb);
u16 xtcp6_route_mss(struct net *net, const struct xtcp_tuple *t, int oif);
int xtcp6_init_net(struct net *net);
void xtcp6_exit_net(struct net *net);
int xtcp6_init(void);
void xtcp6_exit(void);

#endif /* _XTCP_SOCK6_H */
