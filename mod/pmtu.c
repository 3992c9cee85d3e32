// SPDX-License-Identifier: GPL-2.0
/*
 * Path MTU discovery (RFC 1191), as Linux TCP does it. Segments go with DF
 * set (inet_sock.pmtudisc is IP_PMTUDISC_WANT unless ip_no_pmtu_disc, as
 * inet_create() sets it; IP_MTU_DISCOVER changes it). The MSS follows the
 * route's MTU, which an ICMP "fragmentation needed" lowers (icmp.c).
 */
#include <net/inet_connection_sock.h>
#include <net/inet6_connection_sock.h>
#include <net/ip.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "cong.h"
#include "header.h"
#include "output.h"
#include "pmtu.h"
#include "sock6.h"

/*
 * tcp_sync_mss(): the MSS that path MTU @pmtu allows, within the peer's
 * MSS option, and no less than TCP_MIN_SND_MSS (tcp_mtu_to_mss()).
 */
void xtcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 hdrs = xtcp_nh_len(sk) + XTCP_HDR_MIN;
	u32 mss = pmtu > hdrs ? pmtu - hdrs : 0;

	mss = min_t(u32, mss, XTCP_MSS_MAX);
	if (xs->peer_mss)
		mss = min_t(u32, mss, xs->peer_mss);
	xs->mss = max_t(u32, mss, TCP_MIN_SND_MSS);
	xs->pmtu = pmtu;
}

/* tcp_current_mss(): the route's MTU moved since the last look. */
void xtcp_current_mss(struct sock *sk)
{
	struct dst_entry *dst = __sk_dst_get(sk);

	if (dst && dst_mtu(dst) != xtcp_sk(sk)->pmtu)
		xtcp_sync_mss(sk, dst_mtu(dst));
}

/*
 * tcp_simple_retransmit(): what went out larger than the new MSS is lost,
 * with no congestion behind it. It goes again at once, in LOSS, with the
 * congestion window kept. Linux resends only the segments too large; XTCP
 * keeps no per-skb segment size, so it goes back to SND.UNA.
 */
static void xtcp_mtu_resend(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->snd_una == xs->snd_nxt ||
	    ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)))
		return;
	xtcp_cc_mtu_loss(&xs->cc, xs->snd_nxt);
	xs->snd_rtx = xs->snd_una;
	xtcp_push(sk);
}

/*
 * tcp_v6_mtu_reduced(): the route takes the MTU a Packet Too Big reported;
 * the MSS follows if it must shrink. IPv6 never fragments on the way, so
 * there is no DF to ask about (RFC 8201).
 */
static void xtcp6_mtu_reduced(struct sock *sk, u32 mtu)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct dst_entry *dst;

	/* Never up: the check __ip6_rt_update_pmtu() makes comes late. */
	if (mtu >= xs->pmtu)
		return;
	dst = inet6_csk_update_pmtu(sk, mtu);
	if (!dst)
		return;
	mtu = dst_mtu(dst);
	if (xs->pmtu > mtu) {
		xtcp_sync_mss(sk, mtu);
		xtcp_mtu_resend(sk);
	}
}

/*
 * tcp_v4_mtu_reduced(): the route takes the MTU an ICMP reported (the
 * kernel keeps it as a route exception, for ip_rt_mtu_expires); the MSS
 * follows if it must shrink. Called with @sk locked and not owned, from
 * the ICMP or from xtcp_release_cb().
 */
void xtcp_mtu_reduced(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct dst_entry *dst;
	u32 mtu;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	/* The MTU sent with so far, if no push has looked yet. */
	xtcp_current_mss(sk);
	mtu = READ_ONCE(xs->mtu_info);
	if (xs->hn.v6) {
		xtcp6_mtu_reduced(sk, mtu);
		return;
	}
	dst = inet_csk_update_pmtu(sk, mtu);
	if (!dst)
		return;
	/* For SO_ERROR, should the connection not recover. */
	if (mtu < dst_mtu(dst) && ip_dont_fragment(sk, dst))
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	mtu = dst_mtu(dst);
	if (inet->pmtudisc != IP_PMTUDISC_DONT && ip_sk_accept_pmtu(sk) &&
	    xs->pmtu > mtu) {
		xtcp_sync_mss(sk, mtu);
		xtcp_mtu_resend(sk);
	}
}
