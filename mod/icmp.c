// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP and ICMPv6 errors about segments we sent, as tcp_v4_err() and
 * tcp_v6_err(): the quoted header names the connection, and its sequence
 * number must be one in flight (RFC 5927 4.1), or the error is ignored.
 * In SYN_SENT and a crossed SYN_RECV an error ends the connect(); once
 * synchronized it is soft (RFC 1122 4.2.3.9): kept for SO_ERROR if the
 * connection then times out, or reported at once with IP_RECVERR.
 * "Fragmentation needed" and "Packet Too Big" go to path MTU discovery
 * (pmtu.c).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "xtcp.h"
#include "compat.h"
#include "conn.h"
#include "hash.h"
#include "icmp.h"
#include "pmtu.h"
#include "request.h"
#include "seq.h"
#include "stats.h"
#include "timer.h"

/*
 * tcp_req_err(): an error about our SYN+ACK. A hard one drops the request
 * at once; accept() never reports network errors (POSIX).
 */
static void xtcp_req_err(struct xtcp_request *req, u32 seq, bool abort)
{
	struct sock *lsk = req->listener;
	struct net *net = sock_net(lsk);

	if (seq != req->iss) {
		XTCP_INC_STATS(net, XTCP_MIB_OUTOFWINDOWICMPS);
		return;
	}
	if (!abort)
		return;
	bh_lock_sock(lsk);
	if (sock_owned_by_user(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LOCKDROPPEDICMPS);
	} else if (!req->dead) {
		xtcp_request_drop(req);
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
	}
	bh_unlock_sock(lsk);
}

/* What an ICMP or ICMPv6 error asks of a connection. */
struct xtcp_icmp_err {
	int err;		/* errno; 0 to ignore it */
	bool pmtu;		/* a smaller path MTU, @mtu, instead */
	bool redirect;
	u32 mtu;
};

/* The error an ICMP message reports (tcp_v4_err()). */
static void xtcp_icmp_classify(int type, int code, u32 info,
			       struct xtcp_icmp_err *e)
{
	memset(e, 0, sizeof(*e));
	switch (type) {
	case ICMP_PARAMETERPROB:
		e->err = EPROTO;
		break;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			break;
		e->pmtu = code == ICMP_FRAG_NEEDED;
		e->mtu = info;
		if (!e->pmtu)
			e->err = icmp_err_convert[code].errno;
		break;
	case ICMP_TIME_EXCEEDED:
		e->err = EHOSTUNREACH;
		break;
	case ICMP_REDIRECT:
		e->redirect = true;
		break;
	}
	/* Source quench (RFC 6633) and the rest: nothing to do. */
}

static void xtcp_sock_err(struct sock *sk, struct sk_buff *skb, u32 seq,
			  const struct xtcp_icmp_err *e)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	bool owned;
	int err;

	bh_lock_sock(sk);
	owned = sock_owned_by_user(sk);
	if (owned && !e->pmtu)
		XTCP_INC_STATS(net, XTCP_MIB_LOCKDROPPEDICMPS);
	if (sk->sk_state == XTCP_CLOSE || sk->sk_state == XTCP_LISTEN)
		goto out;
	if (xtcp_seq_before(seq, xs->snd_una) ||
	    xtcp_seq_after(seq, xs->snd_nxt)) {
		XTCP_INC_STATS(net, XTCP_MIB_OUTOFWINDOWICMPS);
		goto out;
	}
	if (e->redirect) {
		struct dst_entry *dst = __sk_dst_check(sk, 0);

		if (!owned && dst)
			dst->ops->redirect(dst, sk, skb);
		goto out;
	}
	err = e->err;
	if (e->pmtu) {
		/* Now, or when the user lets go (tcp_v4_err()'s deferral). */
		WRITE_ONCE(xs->mtu_info, e->mtu);
		if (!owned)
			xtcp_mtu_reduced(sk);
		else
			xtcp_defer(sk, XTCP_DEFER_MTU);
		goto out;
	}
	if (!err)
		goto out;
	if (sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV) {
		/*
		 * connect() itself may hold the socket: on a short path the
		 * ICMP about the SYN comes back before the call lets go.
		 * Linux keeps it as a soft error then, and the connect()
		 * fails only at the next SYN's ICMP, a second later; XTCP
		 * ends it as soon as the user lets go (xtcp_icmp_deferred()).
		 */
		if (owned) {
			WRITE_ONCE(sk->sk_err_soft, err);
			xtcp_defer(sk, XTCP_DEFER_ICMP);
		} else {
			xtcp_reset(sk, err);
		}
		goto out;
	}
	if (!owned && xtcp_inet_recverr(sk)) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	} else {
		WRITE_ONCE(sk->sk_err_soft, err);
	}
out:
	bh_unlock_sock(sk);
}

/* From xtcp_release_cb(): the hard error that came while a user held @sk. */
void xtcp_icmp_deferred(struct sock *sk)
{
	int err = READ_ONCE(sk->sk_err_soft);

	if (err && (sk->sk_state == XTCP_SYN_SENT ||
		    sk->sk_state == XTCP_SYN_RECV))
		xtcp_reset(sk, err);
}

/* net_protocol.err_handler: @skb holds the ICMP message, at the quote. */
int xtcp_v4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	/* icmp_socket_deliver() pulled 8 bytes of it: ports and sequence. */
	const struct tcphdr *th = (const void *)(skb->data + (iph->ihl << 2));
	int type = icmp_hdr(skb)->type, code = icmp_hdr(skb)->code;
	struct net *net = dev_net(skb->dev);
	u32 seq = ntohl(th->seq);
	struct xtcp_icmp_err e;
	struct xtcp_hnode *hn;
	struct xtcp_tuple t = {
		.laddr = iph->saddr,
		.raddr = iph->daddr,
		.lport = th->source,
		.rport = th->dest,
	};

	hn = xtcp_ehash_lookup(net, &t);
	if (!hn) {
		__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return -ENOENT;
	}
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		xtcp_icmp_classify(type, code, info, &e);
		xtcp_sock_err(xtcp_to_sk(container_of(hn, struct xtcp_sock, hn)),
			      skb, seq, &e);
		break;
	case XTCP_KIND_REQ:
		xtcp_req_err(container_of(hn, struct xtcp_request, hn), seq,
			     type == ICMP_PARAMETERPROB ||
			     type == ICMP_TIME_EXCEEDED ||
			     (type == ICMP_DEST_UNREACH &&
			      (code == ICMP_NET_UNREACH ||
			       code == ICMP_HOST_UNREACH)));
		break;
	}
	/* TIME_WAIT: nothing is in flight to be wrong about. */
	xtcp_put_node(hn);
	return 0;
}

/*
 * inet6_protocol.err_handler, as tcp_v6_err(): @skb->data is at the quoted
 * IPv6 header, @offset at its XTCP header, of which 8 bytes are there.
 */
int xtcp_v6_err(struct sk_buff *skb, struct inet6_skb_parm *opt, u8 type,
		u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *hdr = (const struct ipv6hdr *)skb->data;
	const struct tcphdr *th = (const void *)(skb->data + offset);
	struct net *net = dev_net(skb->dev);
	u32 seq = ntohl(th->seq);
	struct xtcp_icmp_err e = {};
	struct xtcp_hnode *hn;
	struct xtcp_tuple t;
	struct sock *sk;
	bool fatal;

	t.lport = th->source;
	t.rport = th->dest;
	xtcp_tuple_set6(&t, &hdr->saddr, &hdr->daddr);
	/* A link-local peer's, on this link only (tcp_v6_err()'s dif). */
	t.oif = rt6_need_strict(&hdr->daddr) ? skb->dev->ifindex : 0;
	hn = xtcp_ehash_lookup(net, &t);
	if (!hn) {
		__ICMP6_INC_STATS(net, __in6_dev_get(skb->dev),
				  ICMP6_MIB_INERRORS);
		return -ENOENT;
	}
	fatal = icmpv6_err_convert(type, code, &e.err);
	switch (hn->kind) {
	case XTCP_KIND_SOCK:
		sk = xtcp_to_sk(container_of(hn, struct xtcp_sock, hn));
		if (type == NDISC_REDIRECT) {
			e.err = 0;
			e.redirect = true;
		} else if (type == ICMPV6_PKT_TOOBIG) {
			/* IPv6's floor (RFC 8200 5), and IPV6_MTU_DISCOVER. */
			e.err = 0;
			e.mtu = ntohl(info);
			e.pmtu = e.mtu >= IPV6_MIN_MTU && ip6_sk_accept_pmtu(sk);
		}
		xtcp_sock_err(sk, skb, seq, &e);
		break;
	case XTCP_KIND_REQ:
		xtcp_req_err(container_of(hn, struct xtcp_request, hn), seq,
			     fatal);
		break;
	}
	xtcp_put_node(hn);
	return 0;
}
