// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 sockets: socket(AF_XTCP, SOCK_STREAM, XTCPPROTO_XTCP6). Their socket
 * calls take struct sockaddr_xtcp6 (sockaddr_in6's layout), checked as
 * __inet6_bind(), tcp_v6_connect() and inet6_getname() check theirs. The
 * socket keeps its addresses where Linux's does: sk_v6_rcv_saddr,
 * sk_v6_daddr, and the ipv6_pinfo's saddr, which inet6_csk_xmit() sends
 * from. IPv4 peers are v4-mapped: a dual-stack listener's children and a
 * connect() to ::ffff:a.b.c.d speak IPv4 (hn.v6 clear). A v4-mapped
 * bind() is not supported yet.
 */
#include <linux/security.h>
#include <net/addrconf.h>
#include <net/inet6_connection_sock.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/transp_v6.h>

#include "compat.h"
#include "xtcp.h"
#include "conn.h"
#include "hash.h"
#include "main.h"
#include "socket.h"
#include "sock6.h"

struct proto xtcp6_prot;

/* xtcp_prot with room for the ipv6_pinfo: one memory budget for both. */
void xtcp6_prot_init(void)
{
	xtcp6_prot = xtcp_prot;
	strscpy(xtcp6_prot.name, "XTCPv6", sizeof(xtcp6_prot.name));
	xtcp6_prot.obj_size = sizeof(struct xtcp6_sock);
#ifdef XTCP_HAVE_IPV6_PINFO_OFFSET
	xtcp6_prot.ipv6_pinfo_offset = offsetof(struct xtcp6_sock, inet6);
#endif
}

/* As inet6_create(). */
void xtcp6_init_sock(struct sock *sk)
{
	struct ipv6_pinfo *np = &container_of(xtcp_sk(sk), struct xtcp6_sock,
					      xs)->inet6;

	inet_sk(sk)->pinet6 = np;
	np->hop_limit = -1;
	np->mcast_hops = IPV6_DEFAULT_MCASTHOPS;
	np->pmtudisc = IPV6_PMTUDISC_WANT;
	sk->sk_ipv6only = READ_ONCE(sock_net(sk)->ipv6.sysctl.bindv6only);
}

/*
 * A child of IPv6 listener @lsk: its own ipv6_pinfo with the listener's
 * options, and the 4-tuple @t, as tcp_v6_syn_recv_sock() sets them. An
 * IPv4 peer's child speaks IPv4, its addresses v4-mapped for its user.
 */
void xtcp6_child_init(struct sock *nsk, const struct sock *lsk,
		      const struct xtcp_tuple *t)
{
	struct ipv6_pinfo *np = inet6_sk(nsk);

	memcpy(np, inet6_sk(lsk), sizeof(*np));
	RCU_INIT_POINTER(np->opt, NULL);
	RCU_INIT_POINTER(np->ipv6_mc_list, NULL);
	np->ipv6_ac_list = NULL;
	np->pktoptions = NULL;
	np->rxpmtu = NULL;
	memset(&np->cork, 0, sizeof(np->cork));
	nsk->sk_ipv6only = lsk->sk_ipv6only;
	if (!t->v6) {
		ipv6_addr_set_v4mapped(t->raddr, &nsk->sk_v6_daddr);
		ipv6_addr_set_v4mapped(t->laddr, &nsk->sk_v6_rcv_saddr);
		np->saddr = nsk->sk_v6_rcv_saddr;
		inet_sk(nsk)->inet_daddr = t->raddr;
		inet_sk(nsk)->inet_saddr = t->laddr;
		inet_sk(nsk)->inet_rcv_saddr = t->laddr;
		return;
	}
	/*
	 * The request's ir_iif: a link-local peer's child is bound to the
	 * interface its SYN came in on (tcp_v6_syn_recv_sock()), for its
	 * route and its names' scope ID.
	 */
	nsk->sk_bound_dev_if = t->oif;
	nsk->sk_v6_daddr = t->raddr6;
	nsk->sk_v6_rcv_saddr = t->laddr6;
	np->saddr = t->laddr6;
	inet_sk(nsk)->inet_daddr = LOOPBACK4_IPV6;
	inet_sk(nsk)->inet_saddr = LOOPBACK4_IPV6;
	inet_sk(nsk)->inet_rcv_saddr = LOOPBACK4_IPV6;
}

/*
 * The interface @sk's link-local peer is on: the device connect() or the
 * request bound it to. 0 for other peers, whose segments find @sk on any
 * interface.
 */
int xtcp6_sk_oif(const struct sock *sk)
{
	if (!rt6_need_strict(&sk->sk_v6_daddr))
		return 0;
	return READ_ONCE(sk->sk_bound_dev_if);
}

/*
 * A sockaddr for IPv6 socket @sk: sockaddr_xtcp6, or sockaddr_in6 for
 * xtcpize's (XTCPPROTO_TCP6), at least as long as RFC 2133's (no scope).
 */
int xtcp6_check_addr(struct sock *sk, struct sockaddr *uaddr, int len)
{
	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (uaddr->sa_family == xtcp_family)
		return 0;
	if (uaddr->sa_family == AF_INET6 && xtcp_sk(sk)->opt.inet)
		return 0;
	return -EAFNOSUPPORT;
}

static int xtcp6_scope(struct sock *sk, const struct sockaddr_xtcp6 *sx,
		       int len)
{
	u32 scope = len >= (int)sizeof(*sx) ? sx->sxtcp6_scope_id : 0;

	if (!(ipv6_addr_type(&sx->sxtcp6_addr) & IPV6_ADDR_LINKLOCAL))
		return 0;
	/* A link-local address names an interface (__inet6_bind()). */
	if (scope) {
		if (sk->sk_bound_dev_if && sk->sk_bound_dev_if != scope)
			return -EINVAL;
		sk->sk_bound_dev_if = scope;
	}
	return sk->sk_bound_dev_if ? 0 : -EINVAL;
}

/*
 * bind()'s address, checked as __inet6_bind() does, into sk_v6_rcv_saddr
 * and the pinfo's saddr; the caller holds @sk and binds the port.
 */
int xtcp6_bind_addr(struct sock *sk, struct sockaddr *uaddr, int len)
{
	const struct sockaddr_xtcp6 *sx = (struct sockaddr_xtcp6 *)uaddr;
	const struct in6_addr *addr = &sx->sxtcp6_addr;
	int type = ipv6_addr_type(addr), err;
	struct net *net = sock_net(sk);
	struct net_device *dev = NULL;
	bool local;

	if (type & IPV6_ADDR_MAPPED)
		return -EINVAL;		/* IPv4 over IPv6 sockets: not yet */
	if (type & IPV6_ADDR_MULTICAST)
		return -EADDRNOTAVAIL;
	err = xtcp6_scope(sk, sx, len);
	if (err)
		return err;
	if (type != IPV6_ADDR_ANY) {
		rcu_read_lock();
		if (sk->sk_bound_dev_if) {
			dev = dev_get_by_index_rcu(net, sk->sk_bound_dev_if);
			if (!dev) {
				rcu_read_unlock();
				return -ENODEV;
			}
		}
		local = ipv6_chk_addr(net, addr, dev, 0);
		rcu_read_unlock();
		if (!local && !ipv6_can_nonlocal_bind(net, inet_sk(sk)))
			return -EADDRNOTAVAIL;
	}
	sk->sk_v6_rcv_saddr = *addr;
	inet6_sk(sk)->saddr = type == IPV6_ADDR_ANY ? in6addr_any : *addr;
	/* An IPv6 address takes no IPv4 peer: v6-only, as __inet6_bind(). */
	if (type != IPV6_ADDR_ANY)
		sk->sk_ipv6only = 1;
	/* No IPv4 peer for a socket bound to an IPv6 address. */
	inet_sk(sk)->inet_rcv_saddr = type == IPV6_ADDR_ANY ? 0 : LOOPBACK4_IPV6;
	inet_sk(sk)->inet_saddr = inet_sk(sk)->inet_rcv_saddr;
	return 0;
}

/* Route @sk to sk_v6_daddr, as tcp_v6_connect(); the MTU, or -errno. */
static int xtcp6_route(struct sock *sk)
{
	struct ipv6_pinfo *np = inet6_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst;
	struct flowi6 fl6 = {
		.flowi6_proto = sk->sk_protocol,
		.daddr = sk->sk_v6_daddr,
		.saddr = sk->sk_v6_rcv_saddr,
		.flowi6_oif = sk->sk_bound_dev_if,
		.flowi6_mark = sk->sk_mark,
		.fl6_dport = inet->inet_dport,
		.fl6_sport = inet->inet_sport,
		.flowi6_uid = sk->sk_uid,
	};

	security_sk_classify_flow(sk, flowi6_to_flowi_common(&fl6));
	dst = ip6_dst_lookup_flow(sock_net(sk), sk, &fl6, NULL);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	if (ipv6_addr_any(&sk->sk_v6_rcv_saddr))
		sk->sk_v6_rcv_saddr = fl6.saddr;
	np->saddr = fl6.saddr;
	inet->inet_rcv_saddr = LOOPBACK4_IPV6;
	inet->inet_saddr = LOOPBACK4_IPV6;
	inet->inet_daddr = LOOPBACK4_IPV6;
	ip6_dst_store(sk, dst, NULL, NULL);
	return dst_mtu(dst);
}

/*
 * connect() to a v4-mapped address: over IPv4, as tcp_v6_connect() hands
 * it to tcp_v4_connect(); the socket's names stay v4-mapped.
 */
static int xtcp6_connect_mapped(struct sock *sk,
				const struct sockaddr_xtcp6 *sx)
{
	struct inet_sock *inet = inet_sk(sk);
	int err;

	if (sk->sk_ipv6only)
		return -ENETUNREACH;
	inet->inet_daddr = sx->sxtcp6_addr.s6_addr32[3];
	inet->inet_dport = sx->sxtcp6_port;
	err = xtcp_connect_start(sk);
	if (err) {
		inet->inet_daddr = 0;
		inet->inet_dport = 0;
		return err;
	}
	ipv6_addr_set_v4mapped(inet->inet_daddr, &sk->sk_v6_daddr);
	ipv6_addr_set_v4mapped(inet->inet_saddr, &sk->sk_v6_rcv_saddr);
	inet6_sk(sk)->saddr = sk->sk_v6_rcv_saddr;
	return 0;
}

/* connect() of IPv6 socket @sk, locked, to @uaddr, checked. */
int xtcp6_connect_start(struct sock *sk, struct sockaddr *uaddr, int len)
{
	const struct sockaddr_xtcp6 *sx = (struct sockaddr_xtcp6 *)uaddr;
	struct in6_addr daddr = sx->sxtcp6_addr;
	int type, err, mtu;

	/* As tcp_v6_connect(): connect() to :: is to this host. */
	if (ipv6_addr_any(&daddr))
		daddr = in6addr_loopback;
	type = ipv6_addr_type(&daddr);
	if (type & IPV6_ADDR_MULTICAST)
		return -ENETUNREACH;
	if (type & IPV6_ADDR_MAPPED)
		return xtcp6_connect_mapped(sk, sx);
	if (type & IPV6_ADDR_LINKLOCAL) {
		struct sockaddr_xtcp6 scoped = *sx;

		scoped.sxtcp6_addr = daddr;
		err = xtcp6_scope(sk, &scoped, len);
		if (err)
			return err;
	}
	sk->sk_v6_daddr = daddr;
	inet_sk(sk)->inet_dport = sx->sxtcp6_port;
	xtcp_sk(sk)->hn.v6 = 1;
	mtu = xtcp6_route(sk);
	err = mtu < 0 ? mtu : xtcp_connect_finish(sk, mtu);
	if (err) {
		sk->sk_v6_daddr = in6addr_any;
		inet_sk(sk)->inet_dport = 0;
	}
	return err;
}

/* As inet6_getname(). */
int xtcp6_getname(struct sock *sk, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_xtcp6 *sx = (struct sockaddr_xtcp6 *)uaddr;
	struct inet_sock *inet = inet_sk(sk);

	memset(sx, 0, sizeof(*sx));
	sx->sxtcp6_family = xtcp_sk(sk)->opt.inet ? AF_INET6 : xtcp_family;
	lock_sock(sk);
	if (peer) {
		if (!xtcp_has_peer(sk)) {
			release_sock(sk);
			return -ENOTCONN;
		}
		sx->sxtcp6_port = inet->inet_dport;
		sx->sxtcp6_addr = sk->sk_v6_daddr;
	} else {
		sx->sxtcp6_port = inet->inet_sport;
		sx->sxtcp6_addr = ipv6_addr_any(&sk->sk_v6_rcv_saddr) ?
				  inet6_sk(sk)->saddr : sk->sk_v6_rcv_saddr;
	}
	sx->sxtcp6_scope_id = ipv6_iface_scope_id(&sx->sxtcp6_addr,
						  sk->sk_bound_dev_if);
	release_sock(sk);
	return sizeof(*sx);
}
