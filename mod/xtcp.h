/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core structures the XTCP module's files share. Each .c declares what
 * it offers the others in a header of its own (conn.h, timer.h, ...).
 */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/inet_sock.h>
#include <net/netns/generic.h>
#include <net/tcp_states.h>
#include <linux/xtcp.h>

#include "cong.h"
#include "ofo.h"
#include "rtt.h"
#include "sockopt.h"
#include "stats.h"

/* Per-netns tunables, under /proc/sys/net/xtcp/ (sysctl.c). */
struct xtcp_sysctl {
	int msl_ms;			/* TIME_WAIT lasts 2 * msl_ms */
	int fin_timeout;		/* orphaned FIN_WAIT_2, seconds */
	int syn_retries;
	int synack_retries;
	int retries2;			/* data and FIN retransmissions */
	int rto_init_ms;		/* first retransmission timeout */
	int rto_min_ms;			/* RFC 6298 2.4's floor */
	int rmem[3];			/* receive buffer: min, default, max */
	int wmem[3];			/* send buffer: min, default, max */
	int keepalive_time;		/* seconds */
	int keepalive_intvl;		/* seconds */
	int keepalive_probes;
	int rfc1337;
	int tw_reuse_mode;			/* 0 off, 1 on, 2 loopback only */
	int max_tw_buckets;
	int max_syn_backlog;
	int challenge_ack_limit;	/* per second */
	int invalid_ratelimit;		/* ms between one socket's */
	int rto_max_ms;			/* the RTO's ceiling */
	int orphan_retries;		/* 0: 8 while alive */
	int max_orphans;
	int syncookies;			/* 0 off, 1 when full, 2 always */
};

#define XTCP_LOCKS	256		/* ehash, bhash bucket locks, hashed */
#define XTCP_BHASH_MAX	65536		/* bhash buckets: one port each */
#define XTCP_LHASH	32		/* listener hash buckets */

/* What a node in the 4-tuple hash belongs to. */
enum xtcp_kind {
	XTCP_KIND_SOCK,
	XTCP_KIND_REQ,
	XTCP_KIND_TW,
};

/*
 * A node in the 4-tuple hash, first in requests and TIME_WAIT entries. An
 * IPv6 node keeps a keyed digest of each address in laddr and raddr (the
 * node stays 32 bytes); its owner has the addresses (xtcp_node_addrs6()).
 */
struct xtcp_hnode {
	struct hlist_node node;
	__be32 laddr, raddr;
	__be16 lport, rport;
	u8 kind;
	u8 hashed;
	u8 v6;
};

/*
 * A local port in use (Linux's inet_bind_bucket): what holds it, and how
 * many of those bind() put there, so that connect() checks a port in O(1).
 */
struct xtcp_bind_bucket {
	struct hlist_node node;		/* in its bhash chain */
	struct hlist_head owners;	/* struct xtcp_bnode */
	__be16 port;
	u32 explicit;			/* owners with bind_explicit */
};

/* An owner of a port: a bound socket or a TIME_WAIT entry. */
struct xtcp_bnode {
	struct hlist_node node;		/* in tb->owners */
	struct xtcp_bind_bucket *tb;	/* valid while node is hashed */
	__be32 addr;			/* bound address, or 0; IPv6: digest */
	__be16 port;
	u8 kind;
	/* Bits, so that the node stays 32 bytes (struct xtcp_tw's size). */
	u8 reuse:1;			/* SO_REUSEADDR */
	u8 v6:1;			/* an IPv6 socket's, or its TIME_WAIT */
	u8 v6only:1;			/* IPV6_V6ONLY */
};

struct xtcp_net {
	struct xtcp_mib __percpu *mib;
	struct xtcp_sysctl sysctl;
	struct ctl_table_header *sysctl_hdr;
	struct sock *ctl6;		/* sends IPv6 segments with no socket */

	struct hlist_head *ehash;	/* connections, requests, TIME_WAIT */
	unsigned int ehash_mask;
	spinlock_t ehash_locks[XTCP_LOCKS];	/* bucket b: locks[b % XTCP_LOCKS] */
	struct hlist_head *bhash;	/* bind buckets, by local port */
	unsigned int bhash_mask;
	spinlock_t bhash_locks[XTCP_LOCKS];	/* bucket b: locks[b % XTCP_LOCKS] */
	struct hlist_head lhash[XTCP_LHASH];	/* listeners by port, RCU */
	spinlock_t lhash_lock;		/* lhash writers */
	u32 port_offset;		/* racy: only spreads port choice */

	/* TIME_WAIT entries, in expiry order, and their one timer. */
	spinlock_t tw_lock;		/* tw_list and each entry's place */
	struct list_head tw_list;
	struct hrtimer tw_timer;
	atomic_t tw_count;

	/* Challenge ACK budget (RFC 5961 7). */
	spinlock_t challenge_lock;	/* the two below */
	u64 challenge_stamp;
	u32 challenge_count;
};

extern unsigned int xtcp_net_id;

static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

/* A connection's socket. inet_sock first: the IPv4 output path uses it. */
struct xtcp_sock {
	struct inet_sock inet;
	struct xtcp_hnode hn;		/* 4-tuple hash, once connected */
	struct xtcp_bnode bn;		/* port hash, once bound */
	struct hlist_node lhnode;	/* listener hash, while listening */
	u8 bound;			/* in the port hash */
	u8 bind_explicit;		/* bind() chose the port */
	u8 retrans;			/* retransmissions of the oldest segment */
	u8 keep_probes;			/* keepalive probes unanswered */
	u8 backoff;			/* RTO doublings */
	u8 fin_queued;			/* our FIN is in the write queue */
	u8 syn_queued;			/* our SYN is outstanding */
	u8 keep_what;			/* enum xtcp_keep_what */
	u8 iss_from_tw;			/* connect() reused a TIME_WAIT 4-tuple */
	u8 orphan;			/* counted in Orphans (orphan.c) */

	/* Send sequence space (RFC 9293 3.3.1). */
	u32 iss, snd_una, snd_nxt, snd_wnd, snd_wl1, max_wnd;
	u32 acked_from;			/* where Linux's bytes_acked counts
					 * from: ISS, or ISS + 1 for a passive
					 * open's child, made with its SYN acked
					 */
	u32 write_seq;			/* next byte sendmsg() queues */
	u32 snd_sml;			/* end of the last short segment sent */
	/* Receive sequence space. */
	u32 irs, rcv_nxt, rcv_wnd;
	u32 copied_seq;			/* next byte recvmsg() returns */
	u16 mss;			/* what we send */
	u16 adv_mss;			/* what we announce */
	u16 peer_mss;			/* the peer's MSS option, or 536 */
	u32 pmtu;			/* path MTU that mss follows (pmtu.c) */
	u32 mtu_info;			/* from an ICMP, for xtcp_mtu_reduced() */
	u16 mss_clamp;			/* XTCP_MAXSEG, 0 if unset */
	u8 nodelay;			/* XTCP_NODELAY */
	u8 snd_wscale;			/* the peer's window scale (RFC 7323) */
	u8 rcv_wscale;			/* ours; both 0 unless both sent it */
	u8 wscale_ok;			/* the peer's SYN had the option */
	u8 rtx_probe;			/* rtx_timer is the persist timer */
	u8 probes;			/* zero-window probes unanswered */
	u8 quickacks;			/* segments still ACKed at once */
	u8 ack_pending;			/* an ACK is owed (delayed) */
	u8 ack_pushed;			/* owed for a short, pushed segment */
	u8 pingpong;			/* interactive: replies carry ACKs */
	u32 rcv_wup;			/* RCV.NXT when we last sent a window */
	u32 rcv_unacked;		/* text received since our last ACK */
	u16 rcv_mss;			/* largest segment seen from the peer */
	u8 scaling_ratio;		/* text per truesize byte, in 1/256 */

	/* Retransmission (RFC 6298) and congestion control (RFC 5681). */
	struct xtcp_rtt rtt;
	struct xtcp_cc cc;
	u32 snd_rtx;			/* after a timeout: next to send again */
	u32 rtt_seq;			/* the segment being timed ends here */
	u64 rtt_stamp;			/* when it was sent, ns; 0: none */
	u32 total_retrans;
	u32 rto_ms;			/* with backoff */
	u64 rcv_stamp;			/* ktime of the last segment in, ns */
	u32 last_oow_ack_time;		/* jiffies of the last DUPACK or challenge */
	int keepidle, keepintvl, keepcnt;	/* 0: the sysctl */
	int linger2;			/* seconds; 0: the sysctl, <0: none */
	struct xtcp_opt opt;		/* sockopt.c */

	struct hrtimer rtx_timer;	/* retransmit or persist */
	struct hrtimer keep_timer;
	struct hrtimer delack_timer;
	struct sk_buff_head rtx_queue;	/* sent, not yet acked; unsent data
					 * waits on sk_write_queue
					 */
	struct xtcp_ofo ofo;		/* ofo.c */
	unsigned long deferred;		/* XTCP_DEFER_* timers owed */
	unsigned long timer_refs;	/* XTCP_DEFER_* timers holding a ref */
	spinlock_t timer_lock;		/* timer_refs, with the timers */

	/* Listener. */
	struct list_head accept_queue;	/* established children */
	spinlock_t accept_lock;		/* accept_queue: children join it
					 * in softirq, accept() takes them
					 * without the listener's lock
					 */
	struct list_head req_list;	/* SYN_RECV requests */
	struct llist_head req_deferred;	/* their timers, deferred */
	u32 req_count;
	unsigned long cookie_stamp;	/* jiffies of the last cookie sent */
	u8 cookie_sent;			/* cookie_stamp is set */
	u8 synflood_warned;
	/* Child: its place in the listener's accept queue. */
	struct list_head accept_node;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return (struct xtcp_sock *)sk;
}

static inline struct sock *xtcp_to_sk(struct xtcp_sock *xs)
{
	return &xs->inet.sk;
}

/* The caller holds @sk: owned by a user, or its spinlock in softirq. */
#define xtcp_assert_locked(sk)	lockdep_assert(lockdep_sock_is_held(sk))

/* SYN_RECV: a small object per pending passive open, not a socket. */
struct xtcp_request {
	struct xtcp_hnode hn;
	struct list_head lnode;		/* in the listener's req_list */
	struct sock *listener;		/* holds a reference */
	struct hrtimer timer;		/* SYN+ACK retransmission */
	refcount_t refcnt;
	u32 iss, irs;
	u16 mss, peer_mss;
	u16 peer_wnd;
	u8 snd_wscale, rcv_wscale, wscale_ok;
	u8 retrans;
	u8 dead;
	u32 last_oow_ack_time;		/* jiffies of the last DUPACK */
	u64 synack_ns;			/* when the SYN+ACK went; 0 if again */
	struct llist_node defer_node;	/* on the listener's req_deferred */
};

/*
 * An IPv6 request: the addresses its node's digests stand for, and the
 * interface of a link-local peer.
 */
struct xtcp_request6 {
	struct xtcp_request req;
	struct in6_addr laddr6, raddr6;
	int iif;			/* ir_iif: where its replies go */
};

/* TIME_WAIT: what is left of a connection, kept small (timewait.c). */
struct xtcp_tw {
	struct xtcp_hnode hn;
	struct xtcp_bnode bn;
	struct list_head expiry_node;	/* expiry order */
	u64 expires;			/* ktime, ns */
	possible_net_t net;
	u32 snd_nxt, rcv_nxt;
	u32 last_oow_ack_time;		/* jiffies of the last DUPACK */
	u16 rcv_wnd;
	u8 dead;
	refcount_t refcnt;
};

/* An IPv6 TIME_WAIT entry, from its own slab (xtcp_tw6): the addresses. */
struct xtcp_tw6 {
	struct xtcp_tw tw;
	struct in6_addr laddr6, raddr6;
};

enum xtcp_keep_what {
	XTCP_KEEP_NONE,
	XTCP_KEEP_ALIVE,		/* keepalive probes */
	XTCP_KEEP_FIN_WAIT2,		/* orphaned FIN_WAIT_2 timeout */
};

/* Timers owed to a socket a user held locked when they fired; also the
 * bits of timer_refs.
 */
enum {
	XTCP_DEFER_RTX,
	XTCP_DEFER_KEEP,
	XTCP_DEFER_DELACK,
	XTCP_DEFER_REQ,			/* requests on req_deferred */
	XTCP_DEFER_MTU,			/* an ICMP lowered the path MTU */
	XTCP_DEFER_ICMP,		/* an ICMP error ends the connect() */
};

/* The segment being processed: from the header, in host order. */
struct xtcp_skb_cb {
	u32 seq, end_seq, ack;
	u16 wnd;
	u8 flags;			/* TCPHDR_* */
	u8 type;			/* enum xtcp_seg_type */
	u16 mss;			/* MSS option, 0 if none */
	u8 wscale;			/* window scale option */
	u8 wscale_ok;			/* the option was there */
	u8 traced;			/* xtcp:xtcp_segment_recv has it */
	u32 iss_hint;			/* TIME_WAIT reopen: ISN to use, or 0 */
	int iif;			/* IPv6: where it came in (tcp_v6_iif()) */
};

#define XTCP_SKB_CB(skb) ((struct xtcp_skb_cb *)&((skb)->cb[0]))

/* What a verdict is carried out on (verdict.c). */
enum xtcp_target_kind {
	XTCP_TARGET_NONE,		/* no connection: @net only */
	XTCP_TARGET_LISTEN,		/* a listener, @sk */
	XTCP_TARGET_REQ,		/* a request in SYN_RECV, @req */
	XTCP_TARGET_TW,			/* a TIME_WAIT entry, @tw */
	XTCP_TARGET_SOCK,		/* a connection's socket, @sk */
};

struct xtcp_target {
	enum xtcp_target_kind kind;
	union {
		struct sock *sk;
		struct xtcp_request *req;
		struct xtcp_tw *tw;
		struct net *net;
	};
};

/* 4-tuple of a segment, from our side. */
struct xtcp_tuple {
	__be32 laddr, raddr;		/* IPv6: the digests of the two below */
	__be16 lport, rport;
	u8 v6;
	/*
	 * IPv6: the interface a reply leaves by (flowi6_oif), 0 for any: a
	 * link-local peer's, a request's ir_iif. A socket bound to another
	 * device does not match it.
	 */
	int oif;
	struct in6_addr laddr6, raddr6;	/* IPv6 only */
};

static inline struct xtcp_sysctl *xtcp_sysctl(const struct sock *sk)
{
	return &xtcp_pernet(sock_net(sk))->sysctl;
}

/* The RTO's ceiling, ms: rto_max_ms, as Linux 6.15's tcp_rto_max_ms. */
static inline u32 xtcp_rto_max(const struct sock *sk)
{
	return READ_ONCE(xtcp_sysctl(sk)->rto_max_ms);
}

/*
 * Bytes in the network. After a timeout, what lies between SND.RTX and
 * SND.NXT counts as lost until it is sent again.
 */
static inline u32 xtcp_in_flight(const struct xtcp_sock *xs)
{
	if (xs->cc.state == XTCP_CA_LOSS &&
	    (s32)(xs->snd_rtx - xs->snd_nxt) < 0)
		return xs->snd_rtx - xs->snd_una;
	return xs->snd_nxt - xs->snd_una;
}

/* What our last window update still allows past RCV.NXT. */
static inline u32 xtcp_rcv_wnd_left(const struct xtcp_sock *xs)
{
	u32 edge = xs->rcv_wup + xs->rcv_wnd;

	return (s32)(edge - xs->rcv_nxt) > 0 ? edge - xs->rcv_nxt : 0;
}

/* The states in which the peer's text is taken (tcp_rcv_state_process()). */
static inline bool xtcp_takes_text(int state)
{
	return (1 << state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
			       TCPF_FIN_WAIT2);
}

/*
 * A connection reopened over a TIME_WAIT entry starts past the old one's
 * sequence space (tcp_timewait_state_process(), tcp_twsk_unique()).
 */
static inline u32 xtcp_tw_next_isn(u32 snd_nxt)
{
	return snd_nxt + 65535 + 2 ?: 1;
}

#define XTCP_DEFAULT_MSS	536	/* RFC 9293 3.7.1, TCP_MSS_DEFAULT */
#define XTCP_MSS_MIN		88	/* TCP_MIN_MSS */
#define XTCP_MSS_MAX		65495	/* 65535 - IP and TCP headers */
#define XTCP_QUICKACKS		16	/* TCP_MAX_QUICKACKS */
#define XTCP_SCALING_RATIO	128	/* half, until a segment is measured */
#define XTCP_DELACK_MS		40	/* TCP_DELACK_MIN */
#define XTCP_RTO_MAX_MS		120000	/* TCP_RTO_MAX */

#endif /* _XTCP_H */
