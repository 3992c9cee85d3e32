// SPDX-License-Identifier: GPL-2.0
/*
 * Socket options. SOL_XTCP's are checked in one place, xtcp_set_opt(), as
 * do_tcp_setsockopt() checks their TCP_* twins, and read back as
 * do_tcp_getsockopt() reads them. Other levels go to the IPv4 layer, as
 * tcp_setsockopt() sends them, except what XTCP could not undo at close.
 */
#include <linux/in.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "output.h"
#include "sockopt.h"
#include "timer.h"

/*
 * Group memberships: inet_release() ends them with ip_mc_drop_socket(),
 * which modules cannot call, and a stream socket has no use for them.
 * Refused with the errno Linux gives TCP for IP_ADD_MEMBERSHIP
 * (do_ip_setsockopt(), for an inet_connection_sock).
 */
static bool xtcp_ip_opt_refused(int optname)
{
	switch (optname) {
	case IP_ADD_MEMBERSHIP:
	case IP_DROP_MEMBERSHIP:
	case IP_ADD_SOURCE_MEMBERSHIP:
	case IP_DROP_SOURCE_MEMBERSHIP:
	case IP_BLOCK_SOURCE:
	case IP_UNBLOCK_SOURCE:
	case IP_MSFILTER:
	case MCAST_JOIN_GROUP:
	case MCAST_LEAVE_GROUP:
	case MCAST_JOIN_SOURCE_GROUP:
	case MCAST_LEAVE_SOURCE_GROUP:
	case MCAST_BLOCK_SOURCE:
	case MCAST_UNBLOCK_SOURCE:
	case MCAST_MSFILTER:
		return true;
	}
	return false;
}

/*
 * Set int option @optname of @sk, locked, to @val: the checks and errnos
 * of do_tcp_setsockopt() and tcp_sock_set_keep*() for the TCP_* option of
 * the same number.
 */
int xtcp_set_opt(struct sock *sk, int optname, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	switch (optname) {
	case XTCP_NODELAY:
		xs->nodelay = !!val;
		/* As tcp_push_pending_frames(): what Nagle held goes now. */
		if (xs->nodelay)
			xtcp_push(sk);
		return 0;
	case XTCP_MAXSEG:
		/* Linux's bounds: TCP_MIN_MSS to MAX_TCP_WINDOW, or 0. */
		if (val && (val < TCP_MIN_MSS || val > MAX_TCP_WINDOW))
			return -EINVAL;
		xs->mss_clamp = val;
		return 0;
	case XTCP_KEEPIDLE:
		if (val < 1 || val > MAX_TCP_KEEPIDLE)
			return -EINVAL;
		xs->keepidle = val;
		xtcp_timer_keepalive_set(sk);
		return 0;
	case XTCP_KEEPINTVL:
		if (val < 1 || val > MAX_TCP_KEEPINTVL)
			return -EINVAL;
		xs->keepintvl = val;
		return 0;
	case XTCP_KEEPCNT:
		if (val < 1 || val > MAX_TCP_KEEPCNT)
			return -EINVAL;
		xs->keepcnt = val;
		return 0;
	case XTCP_LINGER2:
		/* Negative: no FIN_WAIT_2; at most TCP_FIN_TIMEOUT_MAX. */
		if (val < 0)
			xs->linger2 = -1;
		else
			xs->linger2 = min(val, TCP_FIN_TIMEOUT_MAX / HZ);
		return 0;
	}
	return -ENOPROTOOPT;
}

int xtcp_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val, err;

	if (level != SOL_XTCP) {
		if (level == SOL_IP && xtcp_ip_opt_refused(optname))
			return -EPROTO;
		return ip_setsockopt(sk, level, optname, optval, optlen);
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	err = xtcp_set_opt(sk, optname, val);
	release_sock(sk);
	return err;
}

static void xtcp_get_info(struct sock *sk, struct xtcp_info *info)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	memset(info, 0, sizeof(*info));
	lock_sock(sk);
	info->xtcpi_state = sk->sk_state;
	info->xtcpi_retransmits = xs->retrans;
	info->xtcpi_backoff = xs->backoff;
	info->xtcpi_rto_ms = xs->rto_ms;
	info->xtcpi_snd_mss = xs->mss;
	info->xtcpi_adv_mss = xs->adv_mss;
	info->xtcpi_iss = xs->iss;
	info->xtcpi_irs = xs->irs;
	info->xtcpi_snd_una = xs->snd_una;
	info->xtcpi_snd_nxt = xs->snd_nxt;
	info->xtcpi_rcv_nxt = xs->rcv_nxt;
	info->xtcpi_snd_wnd = xs->snd_wnd;
	info->xtcpi_rcv_wnd = xs->rcv_wnd;
	info->xtcpi_rtt_us = xs->rtt.srtt_us;
	info->xtcpi_rttvar_us = xs->rtt.rttvar_us;
	info->xtcpi_snd_cwnd = xs->cc.cwnd;
	info->xtcpi_snd_ssthresh = xs->cc.ssthresh;
	info->xtcpi_total_retrans = xs->total_retrans;
	info->xtcpi_snd_wscale = xs->snd_wscale;
	info->xtcpi_rcv_wscale = xs->rcv_wscale;
	info->xtcpi_ca_state = xs->cc.state;
	release_sock(sk);
}

/* Int option @optname of @sk into *@val, as do_tcp_getsockopt(). */
static int xtcp_get_opt(struct sock *sk, int optname, int *val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	switch (optname) {
	case XTCP_NODELAY:
		*val = xs->nodelay;
		return 0;
	case XTCP_MAXSEG:
		/* The user's clamp until there is a connection's MSS. */
		*val = xs->mss;
		if (xs->mss_clamp &&
		    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			*val = xs->mss_clamp;
		return 0;
	case XTCP_KEEPIDLE:
		*val = xtcp_keepidle(sk);
		return 0;
	case XTCP_KEEPINTVL:
		*val = xtcp_keepintvl(sk);
		return 0;
	case XTCP_KEEPCNT:
		*val = xtcp_keepcnt(sk);
		return 0;
	case XTCP_LINGER2:
		*val = xs->linger2 ?: READ_ONCE(xtcp_sysctl(sk)->fin_timeout);
		return 0;
	}
	return -ENOPROTOOPT;
}

int xtcp_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_info info;
	int val, len, err;

	if (level != SOL_XTCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (optname == XTCP_INFO) {
		/* The struct only grows: a short buffer gets its head. */
		xtcp_get_info(sk, &info);
		len = min_t(unsigned int, len, sizeof(info));
		if (put_user(len, optlen) || copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	}
	err = xtcp_get_opt(sk, optname, &val);
	if (err)
		return err;
	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}
