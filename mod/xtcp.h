/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the XTCP module's files. */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/inet_sock.h>
#include <net/netns/generic.h>
#include <linux/xtcp.h>

#include "cong.h"
#include "ofo.h"
#include "rtt.h"
#include "stats.h"

/* Module parameters (main.c). */
extern int xtcp_family;
extern int xtcp_ipproto;
extern unsigned int xtcp_ehash_buckets;

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

/* A node in the 4-tuple hash, first in requests and TIME_WAIT entries. */
struct xtcp_hnode {
	struct hlist_node node;
	__be32 laddr, raddr;
	__be16 lport, rport;
	u8 kind;
	u8 hashed;
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
	__be32 addr;			/* bound address, or 0 */
	__be16 port;
	u8 kind;
	u8 reuse;			/* SO_REUSEADDR */
};

struct xtcp_net {
	struct xtcp_mib __percpu *mib;
	struct xtcp_sysctl sysctl;
	struct ctl_table_header *sysctl_hdr;

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
	u32 iss, snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2, max_wnd;
	u32 write_seq;			/* next byte sendmsg() queues */
	/* Receive sequence space. */
	u32 irs, rcv_nxt, rcv_wnd;
	u32 copied_seq;			/* next byte recvmsg() returns */
	u16 mss;			/* what we send */
	u16 adv_mss;			/* what we announce */
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
	u32 last_oow_ack_time;		/* jiffies of the last challenge ACK */
	int keepidle, keepintvl, keepcnt;	/* 0: the sysctl */
	int linger2;			/* seconds; 0: the sysctl, <0: none */

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
	u32 req_count;
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
};

/* TIME_WAIT: what is left of a connection, kept small (timewait.c). */
struct xtcp_tw {
	struct xtcp_hnode hn;
	struct xtcp_bnode bn;
	struct list_head expiry_node;	/* expiry order */
	u64 expires;			/* ktime, ns */
	possible_net_t net;
	u32 snd_nxt, rcv_nxt;
	u16 rcv_wnd;
	u8 dead;
	refcount_t refcnt;
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
	u32 iss_hint;			/* TIME_WAIT reopen: ISN to use, or 0 */
};

#define XTCP_SKB_CB(skb) ((struct xtcp_skb_cb *)&((skb)->cb[0]))

/* 4-tuple of a segment, from our side. */
struct xtcp_tuple {
	__be32 laddr, raddr;
	__be16 lport, rport;
};

/* socket.c */
extern struct proto xtcp_prot;
extern struct net_proto_family xtcp_family_ops;
extern atomic_t xtcp_live_socks;

/* conn.c: the connection's life. */
void xtcp_set_state(struct sock *sk, int state);
void xtcp_state_event(struct net *net, const void *obj, int old, int state,
		      const struct xtcp_tuple *t);
void xtcp_init_sock(struct sock *sk);
void xtcp_sk_tuple(const struct sock *sk, struct xtcp_tuple *t);
void xtcp_init_peer(struct xtcp_sock *xs, u32 irs,
		    const struct xtcp_skb_cb *cb);
int xtcp_connect_start(struct sock *sk);
void xtcp_established(struct sock *sk);
void xtcp_done(struct sock *sk);
int xtcp_disconnect(struct sock *sk);
void xtcp_reset(struct sock *sk, int err);
void xtcp_abort(struct sock *sk, int err);
void xtcp_close(struct sock *sk, long timeout);
void xtcp_shutdown_send(struct sock *sk);
void xtcp_fin_wait2_orphan(struct sock *sk);
void xtcp_purge_node(struct net *net, struct xtcp_hnode *hn);
u32 xtcp_rcv_window(const struct sock *sk);
u8 xtcp_rcv_wscale(const struct sock *sk);

/* hash.c */
int xtcp_hash_init(struct xtcp_net *xn);
void xtcp_hash_exit(struct xtcp_net *xn);
spinlock_t *xtcp_ehash_lock(struct xtcp_net *xn, unsigned int bucket);
unsigned int xtcp_ehash_bucket(struct xtcp_net *xn, __be32 laddr,
			       __be16 lport, __be32 raddr, __be16 rport);
void xtcp_ehash_add(struct net *net, struct xtcp_hnode *hn);
void xtcp_ehash_del(struct net *net, struct xtcp_hnode *hn);
void xtcp_ehash_replace(struct net *net, struct xtcp_hnode *old,
			struct xtcp_hnode *new);
struct xtcp_hnode *xtcp_ehash_lookup(struct net *net,
				     const struct xtcp_tuple *t);
bool xtcp_bhash_add(struct net *net, struct xtcp_bnode *bn,
		    const struct xtcp_bnode *from);
void xtcp_bhash_del(struct net *net, struct xtcp_bnode *bn);
void xtcp_lhash_add(struct sock *sk);
struct sock *xtcp_listener_lookup(struct net *net, __be32 addr, __be16 port);
int xtcp_bind_port(struct sock *sk, __be32 addr, __be16 port);
int xtcp_connect_port(struct sock *sk);
void xtcp_unbind(struct sock *sk, bool keep_port);
void xtcp_hold_node(struct xtcp_hnode *hn);
void xtcp_put_node(struct xtcp_hnode *hn);

/* output.c */
int xtcp_transmit(struct sock *sk, struct sk_buff *skb, u8 flags);
void xtcp_push(struct sock *sk);
void xtcp_push_forced(struct sock *sk);
void xtcp_retransmit_head(struct sock *sk);
void xtcp_rtx_free(struct sock *sk, struct sk_buff *skb);
int xtcp_fragment(struct sock *sk, struct sk_buff_head *queue,
		  struct sk_buff *skb, u32 len);
void xtcp_send_probe(struct sock *sk);
void xtcp_send_ack(struct sock *sk);
void xtcp_send_challenge_ack(struct sock *sk);
void xtcp_send_syn(struct sock *sk);
void xtcp_send_synack(struct sock *sk);
void xtcp_send_active_rst(struct sock *sk);
void xtcp_send_keepalive(struct sock *sk);
void xtcp_send_ctl(struct net *net, const struct xtcp_tuple *t, u32 seq,
		   u32 ack, u8 flags, u16 wnd, u16 mss, s8 wscale);
void xtcp_send_reset(struct net *net, struct sk_buff *skb);
bool xtcp_challenge_allowed(struct net *net);
u16 xtcp_route_mss(struct net *net, __be32 daddr, __be32 saddr);

/* offload.c */
u32 xtcp_gso_segs(struct sock *sk, u32 mss);
void xtcp_offload_init(void);
void xtcp_offload_exit(void);
int xtcp_queue_fin(struct sock *sk);

/* ack.c */
void xtcp_ack(struct sock *sk, const struct sk_buff *skb);
void xtcp_rto_update(struct sock *sk);

/* data.c */
bool xtcp_data_queue(struct sock *sk, struct sk_buff *skb);
bool xtcp_ofo_queue(struct sock *sk, struct sk_buff *skb);
bool xtcp_ofo_drain(struct sock *sk);
void xtcp_ack_schedule(struct sock *sk);
void xtcp_cleanup_rbuf(struct sock *sk);
void xtcp_fin(struct sock *sk);

/* input.c */
int xtcp_v4_rcv(struct sk_buff *skb);
int xtcp_backlog_rcv(struct sock *sk, struct sk_buff *skb);
void xtcp_rcv_sock(struct sock *sk, struct sk_buff *skb);
void xtcp_rcv_locked(struct sock *sk, struct sk_buff *skb, int subclass);
void xtcp_rcv_closed(struct net *net, struct sk_buff *skb);

/* request.c */
void xtcp_listen_rcv(struct sock *lsk, struct sk_buff *skb);
void xtcp_request_syn(struct sock *lsk, struct sk_buff *skb, u32 iss);
void xtcp_request_put(struct xtcp_request *req);
void xtcp_request_timeout(struct xtcp_request *req);
void xtcp_listen_stop(struct sock *lsk);
void xtcp_request_drop(struct xtcp_request *req);
bool xtcp_ehash_add_unique(struct net *net, struct xtcp_hnode *hn);
struct sock *xtcp_sock_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			     int kern);
struct sock *xtcp_accept_dequeue(struct sock *lsk);

/* timewait.c */
int xtcp_tw_init_net(struct net *net);
void xtcp_tw_exit_net(struct net *net);
void xtcp_time_wait(struct sock *sk);
void xtcp_tw_rcv(struct xtcp_tw *tw, struct sk_buff *skb);
void xtcp_tw_put(struct xtcp_tw *tw);
void xtcp_tw_expire(struct xtcp_net *xn);
void xtcp_tw_kill(struct xtcp_tw *tw);
int xtcp_tw_cache_init(void);
void xtcp_tw_cache_exit(void);
u64 xtcp_tw_remaining_ns(const struct xtcp_tw *tw);

/* timer.c */
void xtcp_timers_init(struct sock *sk);
void xtcp_timers_stop(struct sock *sk);
void xtcp_rtx_arm(struct sock *sk);
void xtcp_rtx_stop(struct sock *sk);
void xtcp_keep_arm(struct sock *sk, enum xtcp_keep_what what, u64 ns);
void xtcp_keep_reset(struct sock *sk);
void xtcp_keep_stop(struct sock *sk);
void xtcp_persist_arm(struct sock *sk);
void xtcp_delack_arm(struct sock *sk);
void xtcp_delack_stop(struct sock *sk);
void xtcp_release_cb(struct sock *sk);
void xtcp_request_timer_init(struct xtcp_request *req);
void xtcp_request_timer_arm(struct xtcp_request *req, u64 ns);
void xtcp_request_timer_stop(struct xtcp_request *req);
void xtcp_tw_timer_init(struct xtcp_net *xn);
int xtcp_keepidle(const struct sock *sk);
int xtcp_keepintvl(const struct sock *sk);
int xtcp_keepcnt(const struct sock *sk);

/* orphan.c */
int xtcp_orphan_retries(int retries, bool alive);
int xtcp_orphan_rtx_limit(struct sock *sk);
int xtcp_orphan_probe_limit(struct sock *sk);
void xtcp_orphan_add(struct sock *sk);
void xtcp_orphan_del(struct sock *sk);

/* isn.c */
u32 xtcp_isn(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 xtcp_isn_calc(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		  __be16 sport, __be16 dport, u64 ns);

/* proc.c */
int xtcp_proc_init_net(struct net *net);
void xtcp_proc_exit_net(struct net *net);

/* sysctl.c */
void xtcp_sysctl_defaults(struct xtcp_sysctl *s);
int xtcp_sysctl_init_net(struct net *net);
void xtcp_sysctl_exit_net(struct net *net);

/* sockopt.c */
int xtcp_set_opt(struct sock *sk, int optname, int val);
int xtcp_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen);

/* stream.c */
int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);

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

#define XTCP_QUICKACKS		16	/* TCP_MAX_QUICKACKS */
#define XTCP_SCALING_RATIO	128	/* half, until a segment is measured */
#define XTCP_DELACK_MS		40	/* TCP_DELACK_MIN */
#define XTCP_RTO_MAX_MS		120000	/* TCP_RTO_MAX */

#endif /* _XTCP_H */
