// SPDX-License-Identifier: GPL-2.0
/*
 * SOL_IPV6 options of IPv6 sockets: those a stream socket uses, with
 * do_ipv6_setsockopt()'s checks and errnos. XTCP's own, as 6.1's
 * ipv6_setsockopt() takes no socket whose family is not AF_INET6. Other
 * options are ENOPROTOOPT; on an IPv4 socket, all of them are, as
 * ip_setsockopt() answers TCP's.
 */
#include <linux/ipv6.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "xtcp.h"
#include "sock6.h"
#include "sockopt.h"

int xtcp6_setsockopt(struct sock *sk, int optname, sockptr_t optval,
		     unsigned int optlen)
{
	struct ipv6_pinfo *np = inet6_sk(sk);
	int val, err = 0;

	if (!xtcp_sk_v6(sk))
		return -ENOPROTOOPT;
	err = xtcp_opt_int(optval, optlen, &val);
	if (err)
		return err;

	lock_sock(sk);
	switch (optname) {
	case IPV6_V6ONLY:
		/* Fixed once a port is bound. */
		if (inet_sk(sk)->inet_num)
			err = -EINVAL;
		else
			sk->sk_ipv6only = !!val;
		break;
	case IPV6_TCLASS:
		if (val < -1 || val > 0xff)
			err = -EINVAL;
		else
			np->tclass = val < 0 ? 0 : val;
		break;
	case IPV6_UNICAST_HOPS:
		if (val < -1 || val > 255)
			err = -EINVAL;
		else
			np->hop_limit = val;
		break;
	case IPV6_MTU_DISCOVER:
		if (val < IPV6_PMTUDISC_DONT || val > IPV6_PMTUDISC_OMIT)
			err = -EINVAL;
		else
			np->pmtudisc = val;
		break;
	case IPV6_MTU:
		if (val && val < IPV6_MIN_MTU)
			err = -EINVAL;
		else
			np->frag_size = val;
		break;
	default:
		err = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return err;
}

int xtcp6_getsockopt(struct sock *sk, int optname, char __user *optval,
		     int __user *optlen)
{
	struct ipv6_pinfo *np = inet6_sk(sk);
	struct dst_entry *dst;
	int val, len;

	if (!xtcp_sk_v6(sk))
		return -ENOPROTOOPT;
	len = xtcp_opt_len(optlen);
	if (len < 0)
		return len;

	lock_sock(sk);
	switch (optname) {
	case IPV6_V6ONLY:
		val = sk->sk_ipv6only;
		break;
	case IPV6_TCLASS:
		val = np->tclass;
		break;
	case IPV6_UNICAST_HOPS:
		/* -1 is the route's, else the interfaces' default. */
		val = np->hop_limit;
		dst = __sk_dst_get(sk);
		if (val < 0 && dst)
			val = ip6_dst_hoplimit(dst);
		if (val < 0)
			val = READ_ONCE(sock_net(sk)->ipv6.devconf_all->hop_limit);
		break;
	case IPV6_MTU_DISCOVER:
		val = np->pmtudisc;
		break;
	case IPV6_MTU:
		/* The path's MTU, once there is a path. */
		dst = __sk_dst_get(sk);
		val = dst ? dst_mtu(dst) : 0;
		if (!val) {
			release_sock(sk);
			return -ENOTCONN;
		}
		break;
	default:
		release_sock(sk);
		return -ENOPROTOOPT;
	}
	release_sock(sk);
	return xtcp_put_opt(optval, optlen, &val, len, sizeof(val));
}
