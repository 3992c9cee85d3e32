/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * XTCP: a TCP-like transport in its own address family.
 *
 * Applications open sockets with socket(AF_XTCP, SOCK_STREAM, 0) and address
 * them with struct sockaddr_xtcp, which has the layout of struct sockaddr_in:
 * a struct sockaddr_in with sin_family = AF_XTCP works as well.
 */
#ifndef _UAPI_LINUX_XTCP_H
#define _UAPI_LINUX_XTCP_H

#include <linux/types.h>
#include <linux/socket.h>
#include <linux/in6.h>

/*
 * The family number. No mainline kernel registers 22 (it was reserved for
 * SNA, which was never merged). The module parameter "family" can move it;
 * the number in use is in /sys/module/xtcp/parameters/family.
 */
#define AF_XTCP		22
#define PF_XTCP		AF_XTCP

/* IP protocol number on the wire: RFC 3692 experimental (module parameter). */
#define IPPROTO_XTCP	253

/* Socket address: the layout of struct sockaddr_in. */
struct sockaddr_xtcp {
	__kernel_sa_family_t	sxtcp_family;	/* AF_XTCP */
	__be16			sxtcp_port;
	__be32			sxtcp_addr;	/* IPv4 address */
	unsigned char		sxtcp_zero[8];
};

/*
 * IPv6: socket(AF_XTCP, SOCK_STREAM, XTCPPROTO_XTCP6). Its addresses are
 * struct sockaddr_xtcp6, the layout of struct sockaddr_in6. The protocol
 * values are above 255, so that 0, IPPROTO_XTCP and IPPROTO_TCP keep
 * their meaning for IPv4 sockets.
 */
#define XTCPPROTO_XTCP6	256
/* For xtcpize: an IPv6 socket that takes and gives AF_INET6 sockaddrs. */
#define XTCPPROTO_TCP6	(XTCPPROTO_XTCP6 | 6)	/* | IPPROTO_TCP */

struct sockaddr_xtcp6 {
	__kernel_sa_family_t	sxtcp6_family;	/* AF_XTCP */
	__be16			sxtcp6_port;
	__be32			sxtcp6_flowinfo;
	struct in6_addr		sxtcp6_addr;
	__u32			sxtcp6_scope_id; /* link-local: the interface */
};

/*
 * Level for setsockopt()/getsockopt(), like SOL_TCP = IPPROTO_TCP. Level
 * IPPROTO_TCP works too, with the same option names and numbers, except
 * that TCP_INFO there gives Linux's struct tcp_info.
 */
#define SOL_XTCP	253

/* Option names; the numbers follow their TCP_* counterparts. */
#define XTCP_NODELAY	1	/* turn off Nagle's algorithm */
#define XTCP_MAXSEG	2	/* maximum segment size */
#define XTCP_CORK	3	/* send only full segments until uncorked */
#define XTCP_KEEPIDLE	4	/* seconds idle before keepalive probes */
#define XTCP_KEEPINTVL	5	/* seconds between keepalive probes */
#define XTCP_KEEPCNT	6	/* unanswered probes before the reset */
#define XTCP_LINGER2	8	/* orphaned FIN_WAIT_2 lifetime, seconds */
#define XTCP_DEFER_ACCEPT 9	/* stored and read back, not acted on */
#define XTCP_INFO	11	/* struct xtcp_info (read only) */
#define XTCP_QUICKACK	12	/* 1: ACK at once; 0: delayed (pingpong) */
#define XTCP_CONGESTION	13	/* "reno", the only one */
#define XTCP_USER_TIMEOUT 18	/* ms data may stay unacknowledged */

/* getsockopt(SOL_XTCP, XTCP_INFO): the connection's state and numbers. */
struct xtcp_info {
	__u8	xtcpi_state;		/* XTCP_ESTABLISHED, ... */
	__u8	xtcpi_retransmits;	/* of the oldest unacked segment */
	__u8	xtcpi_backoff;		/* RTO doublings */
	__u8	xtcpi_pad;
	__u32	xtcpi_rto_ms;
	__u32	xtcpi_snd_mss;
	__u32	xtcpi_adv_mss;
	__u32	xtcpi_iss;		/* our initial sequence number */
	__u32	xtcpi_irs;		/* the peer's */
	__u32	xtcpi_snd_una;
	__u32	xtcpi_snd_nxt;
	__u32	xtcpi_rcv_nxt;
	__u32	xtcpi_snd_wnd;
	__u32	xtcpi_rcv_wnd;
	__u32	xtcpi_rtt_us;		/* smoothed RTT (RFC 6298 SRTT) */
	__u32	xtcpi_rttvar_us;
	__u32	xtcpi_snd_cwnd;		/* congestion window, bytes */
	__u32	xtcpi_snd_ssthresh;	/* bytes */
	__u32	xtcpi_total_retrans;	/* segments retransmitted */
	__u8	xtcpi_snd_wscale;	/* the peer's window scale */
	__u8	xtcpi_rcv_wscale;	/* ours */
	__u8	xtcpi_ca_state;		/* XTCP_CA_* */
	__u8	xtcpi_pad2;
};

/* xtcpi_ca_state: where NewReno is. */
enum {
	XTCP_CA_OPEN,			/* slow start or congestion avoidance */
	XTCP_CA_RECOVERY,		/* fast recovery (RFC 6582) */
	XTCP_CA_LOSS,			/* after a retransmission timeout */
};

/* Connection states; the numbers are those of Linux's TCP_* states. */
enum {
	XTCP_ESTABLISHED = 1,
	XTCP_SYN_SENT,
	XTCP_SYN_RECV,
	XTCP_FIN_WAIT1,
	XTCP_FIN_WAIT2,
	XTCP_TIME_WAIT,
	XTCP_CLOSE,
	XTCP_CLOSE_WAIT,
	XTCP_LAST_ACK,
	XTCP_LISTEN,
	XTCP_CLOSING,
};

#endif /* _UAPI_LINUX_XTCP_H */
