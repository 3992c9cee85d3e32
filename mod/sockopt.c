// SPDX-License-Identifier: GPL-2.0
/*
 * Socket options and ioctls, so that a program written for TCP does not
 * notice it runs over XTCP (xtcpize, Documentation/usage.rst):
 *
 * - options at SOL_XTCP and at IPPROTO_TCP, with the same numbers; the
 *   only difference is that TCP_INFO at IPPROTO_TCP fills Linux's struct
 *   tcp_info. Values, errnos and what is read back follow
 *   do_tcp_setsockopt() and do_tcp_getsockopt() (net/ipv4/tcp.c);
 * - SIOCINQ, SIOCOUTQ and SIOCOUTQNSD as tcp_ioctl();
 * - TCP_USER_TIMEOUT as tcp_write_timeout() (net/ipv4/tcp_timer.c).
 */
#include <linux/in.h>
#include <linux/ioctl.h>
#include <linux/sockios.h>
#include <linux/termios.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "output.h"
#include "timer.h"

/* The one congestion control: NewReno, which Linux calls "reno". */
static const char xtcp_ca_name[TCP_CA_NAME_MAX] = "reno";

/*
 * TCP_DEFER_ACCEPT is kept as Linux keeps it: as the number of SYN+ACK
 * timeouts (1 s, doubling up to TCP_RTO_MAX) whose sum covers the seconds
 * asked for (secs_to_retrans()), and read back as that sum
 * (retrans_to_secs()): 30 reads back as 31.
 */
static u8 xtcp_defer_from_secs(int secs)
{
	int total = 0, step = 1;
	u8 n = 0;

	while (secs > total && n < U8_MAX) {
		total += step;
		step = min(step * 2, TCP_RTO_MAX / HZ);
		n++;
	}
	return n;
}

static int xtcp_defer_to_secs(u8 n)
{
	int total = 0, step = 1;

	while (n--) {
		total += step;
		step = min(step * 2, TCP_RTO_MAX / HZ);
	}
	return total;
}

/* As __tcp_sock_set_quickack(): 0 enters pingpong mode, else leaves it. */
static void xtcp_set_quickack(struct sock *sk, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!val) {
		xs->pingpong = 1;
		return;
	}
	xs->pingpong = 0;
	if (((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) &&
	    xs->ack_pending) {
		xtcp_send_ack(sk);
		if (!(val & 1))
			xs->pingpong = 1;
	}
}

/* As __tcp_sock_set_cork(): uncorked, what waited goes by Nagle's rules. */
static void xtcp_set_cork(struct sock *sk, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->opt.cork = !!val;
	if (val)
		return;
	if (xs->nodelay)
		xtcp_push_now(sk);
	else
		xtcp_push(sk);
}

static int xtcp_set_congestion(struct sock *sk, sockptr_t optval,
			       unsigned int optlen)
{
	char name[TCP_CA_NAME_MAX];
	long n;

	if (optlen < 1)
		return -EINVAL;
	n = strncpy_from_sockptr(name, optval,
				 min_t(long, TCP_CA_NAME_MAX - 1, optlen));
	if (n < 0)
		return -EFAULT;
	name[n] = 0;
	/* tcp_set_congestion_control(): a name that is not there. */
	return strcmp(name, xtcp_ca_name) ? -ENOENT : 0;
}

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

/* An int option's value: EINVAL if shorter than an int. */
int xtcp_opt_int(sockptr_t optval, unsigned int optlen, int *val)
{
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(val, optval, sizeof(*val)))
		return -EFAULT;
	return 0;
}

/* getsockopt()'s buffer length: -EFAULT, -EINVAL if negative, or it. */
int xtcp_opt_len(int __user *optlen)
{
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	return len < 0 ? -EINVAL : len;
}

int xtcp_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *xs = xtcp_sk(sk);
	int val, err = 0;

	if (level == SOL_IPV6)
		return xtcp6_setsockopt(sk, optname, optval, optlen);
	/* Other levels are the IPv4 layer's, as tcp_setsockopt(). */
	if (level != SOL_XTCP && level != SOL_TCP) {
		if (level == SOL_IP && xtcp_ip_opt_refused(optname))
			return -EPROTO;
		return ip_setsockopt(sk, level, optname, optval, optlen);
	}
	if (optname == XTCP_CONGESTION)
		return xtcp_set_congestion(sk, optval, optlen);
	err = xtcp_opt_int(optval, optlen, &val);
	if (err)
		return err;

	lock_sock(sk);
	switch (optname) {
	case XTCP_NODELAY:
		xs->nodelay = !!val;
		/*
		 * As __tcp_sock_set_nodelay(): what Nagle held goes now,
		 * even past a cork.
		 */
		if (xs->nodelay)
			xtcp_push_now(sk);
		break;
	case XTCP_MAXSEG:
		/* Linux's bounds: TCP_MIN_MSS to MAX_TCP_WINDOW, or 0. */
		if (val && (val < TCP_MIN_MSS || val > MAX_TCP_WINDOW))
			err = -EINVAL;
		else
			xs->mss_clamp = val;
		break;
	case XTCP_CORK:
		xtcp_set_cork(sk, val);
		break;
	case XTCP_KEEPIDLE:
		if (val < 1 || val > MAX_TCP_KEEPIDLE) {
			err = -EINVAL;
			break;
		}
		xs->keepidle = val;
		xtcp_timer_keepalive_set(sk);
		break;
	case XTCP_KEEPINTVL:
		if (val < 1 || val > MAX_TCP_KEEPINTVL)
			err = -EINVAL;
		else
			xs->keepintvl = val;
		break;
	case XTCP_KEEPCNT:
		if (val < 1 || val > MAX_TCP_KEEPCNT)
			err = -EINVAL;
		else
			xs->keepcnt = val;
		break;
	case XTCP_LINGER2:
		/* Negative: no FIN_WAIT_2; at most TCP_FIN_TIMEOUT_MAX. */
		xs->linger2 = val < 0 ? -1 : min(val, TCP_FIN_TIMEOUT_MAX / HZ);
		break;
	case XTCP_DEFER_ACCEPT:
		xs->opt.defer_accept = xtcp_defer_from_secs(val);
		break;
	case XTCP_QUICKACK:
		xtcp_set_quickack(sk, val);
		break;
	case XTCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			WRITE_ONCE(xs->opt.user_timeout, val);
		break;
	default:
		err = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return err;
}

void xtcp_get_info(struct sock *sk, struct xtcp_info *info)
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

/* Bytes to whole segments, as Linux's tcp_info counts windows. */
static u32 xtcp_segs(u32 bytes, u32 mss)
{
	if (bytes >= TCP_INFINITE_SSTHRESH)
		return TCP_INFINITE_SSTHRESH;
	return mss ? bytes / mss : 0;
}

/*
 * Linux's struct tcp_info, as tcp_get_info() fills it, from what XTCP
 * keeps. Counters XTCP does not keep (bytes_acked, segs_in, min_rtt,
 * delivery rate...) stay 0; Documentation/usage.rst lists the fields.
 */
static void xtcp_get_tcp_info(struct sock *sk, struct tcp_info *info)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct dst_entry *dst;
	unsigned long rate;
	u64 now;

	memset(info, 0, sizeof(*info));
	info->tcpi_state = inet_sk_state_load(sk);
	rate = READ_ONCE(sk->sk_pacing_rate);
	info->tcpi_pacing_rate = rate != ~0UL ? rate : ~0ULL;
	rate = READ_ONCE(sk->sk_max_pacing_rate);
	info->tcpi_max_pacing_rate = rate != ~0UL ? rate : ~0ULL;
	/* The sysctl tcp_reordering's default: XTCP's dupack threshold. */
	info->tcpi_reordering = XTCP_CC_DUPTHRESH;
	if (info->tcpi_state == XTCP_LISTEN) {
		/* As Linux: the accept queue and the backlog. */
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}

	lock_sock(sk);
	now = ktime_get_ns();
	switch (xs->cc.state) {
	case XTCP_CA_RECOVERY:
		info->tcpi_ca_state = TCP_CA_Recovery;
		break;
	case XTCP_CA_LOSS:
		info->tcpi_ca_state = TCP_CA_Loss;
		break;
	default:
		info->tcpi_ca_state = TCP_CA_Open;
		break;
	}
	info->tcpi_retransmits = xs->retrans;
	info->tcpi_probes = xs->probes ?: xs->keep_probes;
	info->tcpi_backoff = xs->backoff;
	if (xs->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = xs->snd_wscale;
		info->tcpi_rcv_wscale = xs->rcv_wscale;
	}
	info->tcpi_rto = xs->rto_ms * USEC_PER_MSEC;
	info->tcpi_ato = XTCP_DELACK_MS * USEC_PER_MSEC;
	info->tcpi_snd_mss = xs->mss;
	info->tcpi_rcv_mss = xs->rcv_mss;
	if (xs->mss)
		info->tcpi_unacked = DIV_ROUND_UP(xs->snd_nxt - xs->snd_una,
						  xs->mss);
	if (xs->rcv_stamp) {
		info->tcpi_last_data_recv = div_u64(now - xs->rcv_stamp,
						    NSEC_PER_MSEC);
		info->tcpi_last_ack_recv = info->tcpi_last_data_recv;
	}
	dst = __sk_dst_get(sk);
	if (dst)
		info->tcpi_pmtu = dst_mtu(dst);
	info->tcpi_rcv_ssthresh = xs->rcv_wnd;
	info->tcpi_rtt = xs->rtt.srtt_us;
	info->tcpi_rttvar = xs->rtt.rttvar_us;
	info->tcpi_snd_ssthresh = xtcp_segs(xs->cc.ssthresh, xs->mss);
	info->tcpi_snd_cwnd = xtcp_segs(xs->cc.cwnd, xs->mss);
	info->tcpi_advmss = xs->adv_mss;
	info->tcpi_rcv_space = xs->rcv_wnd;
	info->tcpi_total_retrans = xs->total_retrans;
	info->tcpi_notsent_bytes = max_t(int, 0, xs->write_seq - xs->snd_nxt);
	info->tcpi_snd_wnd = xs->snd_wnd;
#ifdef XTCP_HAVE_TCPI_RCV_WND
	info->tcpi_rcv_wnd = xs->rcv_wnd;
#endif
	release_sock(sk);
}

/* Copy @n bytes of @src out and the length, as do_tcp_getsockopt(). */
int xtcp_put_opt(char __user *optval, int __user *optlen, const void *src,
		 int len, size_t n)
{
	len = min_t(unsigned int, len, n);
	if (put_user(len, optlen) || copy_to_user(optval, src, len))
		return -EFAULT;
	return 0;
}

int xtcp_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *xs = xtcp_sk(sk);
	union {
		struct xtcp_info x;
		struct tcp_info t;
	} info;
	int val, len;

	if (level == SOL_IPV6)
		return xtcp6_getsockopt(sk, optname, optval, optlen);
	if (level != SOL_XTCP && level != SOL_TCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	len = xtcp_opt_len(optlen);
	if (len < 0)
		return len;

	switch (optname) {
	case XTCP_NODELAY:
		val = xs->nodelay;
		break;
	case XTCP_MAXSEG:
		/* The user's clamp until there is a connection's MSS. */
		val = xs->mss;
		if (xs->mss_clamp &&
		    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			val = xs->mss_clamp;
		break;
	case XTCP_CORK:
		val = xs->opt.cork;
		break;
	case XTCP_KEEPIDLE:
		val = xtcp_keepidle(sk);
		break;
	case XTCP_KEEPINTVL:
		val = xtcp_keepintvl(sk);
		break;
	case XTCP_KEEPCNT:
		val = xtcp_keepcnt(sk);
		break;
	case XTCP_LINGER2:
		val = xs->linger2 ?: READ_ONCE(xtcp_sysctl(sk)->fin_timeout);
		break;
	case XTCP_DEFER_ACCEPT:
		val = xtcp_defer_to_secs(READ_ONCE(xs->opt.defer_accept));
		break;
	case XTCP_QUICKACK:
		val = !xs->pingpong;
		break;
	case XTCP_USER_TIMEOUT:
		val = READ_ONCE(xs->opt.user_timeout);
		break;
	case XTCP_CONGESTION:
		return xtcp_put_opt(optval, optlen, xtcp_ca_name, len,
				    sizeof(xtcp_ca_name));
	case XTCP_INFO:
		if (level == SOL_TCP) {
			xtcp_get_tcp_info(sk, &info.t);
			return xtcp_put_opt(optval, optlen, &info.t, len,
					    sizeof(info.t));
		}
		xtcp_get_info(sk, &info.x);
		return xtcp_put_opt(optval, optlen, &info.x, len,
				    sizeof(info.x));
	default:
		return -ENOPROTOOPT;
	}
	return xtcp_put_opt(optval, optlen, &val, len, sizeof(val));
}

/* As tcp_ioctl(): bytes to read, and bytes not yet acked or not yet sent. */
int xtcp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *xs = xtcp_sk(sk);
	int answ;

	switch (cmd) {
	case SIOCINQ:
	case SIOCOUTQ:
	case SIOCOUTQNSD:
		break;
	default:
		return -ENOIOCTLCMD;
	}
	if (READ_ONCE(sk->sk_state) == XTCP_LISTEN)
		return -EINVAL;
	lock_sock(sk);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		answ = 0;
	} else if (cmd == SIOCINQ) {
		/* As tcp_inq(): RCV.NXT counts the FIN, which is no byte. */
		answ = xs->rcv_nxt - xs->copied_seq;
		if (answ && sock_flag(sk, SOCK_DONE))
			answ--;
	} else if (cmd == SIOCOUTQ) {
		answ = xs->write_seq - xs->snd_una;
	} else {
		answ = xs->write_seq - xs->snd_nxt;
	}
	release_sock(sk);
	return put_user(answ, (int __user *)arg);
}

/* An accepted socket takes its listener's options, as sk_clone_lock(). */
void xtcp_sockopt_inherit(struct sock *nsk, const struct sock *lsk)
{
	struct xtcp_opt *o = &xtcp_sk(nsk)->opt;

	*o = xtcp_sk(lsk)->opt;
	o->rtx_start = 0;
	o->defer_accept = 0;
}

/*
 * The retransmission timer expired; @count_expired: the retries reached
 * their sysctl. As tcp_write_timeout(): with TCP_USER_TIMEOUT, the time
 * since the oldest unacked data was sent ends the connection instead of
 * the count, or as well as it in SYN_SENT and SYN_RECV. The send time is
 * taken at the first timeout, one RTO back.
 */
bool xtcp_rtx_expired(struct sock *sk, bool count_expired)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 ut = READ_ONCE(xs->opt.user_timeout);
	u64 now = ktime_get_ns();

	if (!xs->retrans)
		xs->opt.rtx_start = now - (u64)xs->rto_ms * NSEC_PER_MSEC;
	if (!ut)
		return count_expired;
	if (xs->retrans &&
	    now - xs->opt.rtx_start >= (u64)ut * NSEC_PER_MSEC)
		return true;
	return count_expired &&
	       ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV));
}

/*
 * The retransmission timeout @ns, cut so that it fires when the user
 * timeout ends, as tcp_clamp_rto_to_user_timeout().
 */
u64 xtcp_user_timeout_clamp(struct sock *sk, u64 ns)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 end, now;
	u32 ut = READ_ONCE(xs->opt.user_timeout);

	if (!ut || !xs->retrans)
		return ns;
	end = xs->opt.rtx_start + (u64)ut * NSEC_PER_MSEC;
	now = ktime_get_ns();
	if (end <= now)
		return 1;
	return min(ns, end - now);
}
