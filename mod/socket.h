/* SPDX-License-Identifier: GPL-2.0 */
/* The family and its proto_ops: the proto and family objects. */
#ifndef _XTCP_SOCKET_H
#define _XTCP_SOCKET_H

#include <net/inet_sock.h>
#include <net/tcp_states.h>

#include "xtcp.h"

extern struct proto xtcp_prot;
extern struct net_proto_family xtcp_family_ops;
extern atomic_t xtcp_live_socks;
struct sock *xtcp_sock_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			     int kern, bool v6);

/* getpeername() has a peer to name (inet_getname(), inet6_getname()). */
static inline bool xtcp_has_peer(const struct sock *sk)
{
	return inet_sk(sk)->inet_dport &&
	       !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT));
}

#endif /* _XTCP_SOCKET_H */
