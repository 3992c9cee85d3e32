// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about segments we sent, as tcp_v4_err(): the quoted header
 * names the connection, and its sequence number must be one in flight
 * (RFC 5927 4.1), or the error is ignored. In SYN_SENT and a crossed
 * SYN_RECV an error ends the connect(); once synchronized it is soft (RFC
 * 1122 4.2.3.9): kept for SO_ERROR if the connection then times out, or
 * reported at once with IP_RECVERR. "Fragmentation needed" goes to path
 * MTU discovery (pmtu.c).
 */
#include <linux/icmp.h>
#include <net/icmp.h>
#include <net/ip.h>
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

/*
 * The error an ICMP message reports, as a negative errno; 0 to ignore it.
 * *@pmtu: it is for path MTU discovery instead.
 */
static int xtcp_icmp_errno(int type, int code, bool *pmtu)
{
	*pmtu = false;
	switch (type) {
	case ICMP_PARAMETERPROB:
		return -EPROTO;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			return 0;
		*pmtu = code == ICMP_FRAG_NEEDED;
		return *pmtu ? 0 : -icmp_err_convert[code].errno;
	case ICMP_TIME_EXCEEDED:
		return -EHOSTUNREACH;
	}
	/* Source quench (RFC 6633) and the rest: nothing to do. */
	return 0;
}

static void xtcp_sock_err(struct sock *sk, struct sk_buff *skb, u32 seq,
			  u32 info)
{
	int type = icmp_hdr(skb)->type, code = icmp_hdr(skb)->code;
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	bool owned, pmtu;
	int err;

	bh_lock_sock(sk);
	owned = sock_owned_by_user(sk);
	if (owned && !(type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED))
		XTCP_INC_STATS(net, XTCP_MIB_LOCKDROPPEDICMPS);
	if (sk->sk_state == XTCP_CLOSE || sk->sk_state == XTCP_LISTEN)
		goto out;
	if (xtcp_seq_before(seq, xs->snd_una) ||
	    xtcp_seq_after(seq, xs->snd_nxt)) {
		XTCP_INC_STATS(net, XTCP_MIB_OUTOFWINDOWICMPS);
		goto out;
	}
	if (type == ICMP_REDIRECT) {
		struct dst_entry *dst = __sk_dst_check(sk, 0);

		if (!owned && dst)
			dst->ops->redirect(dst, sk, skb);
		goto out;
	}
	err = -xtcp_icmp_errno(type, code, &pmtu);
	if (pmtu) {
		/* Now, or when the user lets go (tcp_v4_err()'s deferral). */
		WRITE_ONCE(xs->mtu_info, info);
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
		xtcp_sock_err(xtcp_to_sk(container_of(hn, struct xtcp_sock, hn)),
			      skb, seq, info);
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
