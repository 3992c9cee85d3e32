/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * XTCP over NETLINK_SOCK_DIAG: list listeners, SYN_RECV requests,
 * connections and TIME_WAIT entries of a network namespace, filtered in the
 * kernel. Documentation/diag.rst describes the messages; tools/xtcpss.c is
 * the user.
 *
 * A dump is a SOCK_DIAG_BY_FAMILY request with NLM_F_DUMP whose payload is
 * struct xtcp_diag_req, followed by XTCP_DIAG_REQ_* attributes. Each row
 * comes back as a SOCK_DIAG_BY_FAMILY message: struct xtcp_diag_msg, then
 * XTCP_DIAG_* attributes.
 *
 * IPv6 (XTCPPROTO_XTCP6 sockets, and their requests and TIME_WAIT entries):
 * a row's addresses come in an XTCP_DIAG_ADDR6 attribute, sent whether
 * asked for or not, and XTCP_DIAG_REQ_COND6 filters on them.
 */
#ifndef _UAPI_LINUX_XTCP_DIAG_H
#define _UAPI_LINUX_XTCP_DIAG_H

#include <linux/types.h>

struct xtcp_diag_req {
	__u8	sdiag_family;	/* the family in use (AF_XTCP) */
	__u8	sdiag_protocol;	/* 0 */
	__u16	xdiag_flags;	/* XTCP_DIAG_F_* */
	__u32	xdiag_states;	/* 1 << XTCP_ESTABLISHED | ...; 0: none */
	__u32	xdiag_ext;	/* 1 << (XTCP_DIAG_INFO - 1): attributes */
};

/* xdiag_flags */
#define XTCP_DIAG_F_SUMMARY	0x1	/* one struct xtcp_diag_summary */

/* Attributes of a request. */
enum {
	XTCP_DIAG_REQ_NONE,
	XTCP_DIAG_REQ_COND,	/* struct xtcp_diag_cond; all must hold */
	XTCP_DIAG_REQ_COND6,	/* struct xtcp_diag_cond6; counted with them */
	__XTCP_DIAG_REQ_MAX,
};

#define XTCP_DIAG_REQ_MAX	(__XTCP_DIAG_REQ_MAX - 1)
#define XTCP_DIAG_MAX_CONDS	16

/*
 * A condition on a row: its field, compared by op with the value. An
 * address condition holds for EQ if the row's address is in the prefix;
 * an IPv4 one looks at IPv4 rows' addresses and at the IPv4 address that
 * an IPv6 row's v4-mapped address (::ffff:a.b.c.d) carries; any other
 * IPv6 address is in no IPv4 prefix (as inet_diag_bc_run() has it).
 */
struct xtcp_diag_cond {
	__u8	xdc_field;	/* XTCP_DIAG_FIELD_* */
	__u8	xdc_op;		/* XTCP_DIAG_OP_* */
	__u8	xdc_prefix;	/* addresses: the bits compared, 0..32 */
	__u8	xdc_pad;
	__be32	xdc_addr;	/* addresses */
	__u16	xdc_port;	/* ports, in host order */
	__u16	xdc_pad2;
};

/*
 * XTCP_DIAG_REQ_COND6: a condition on an IPv6 row's address, v4-mapped
 * ones included (::ffff:0.0.0.0/96 picks those); IPv4 rows' addresses are
 * in no IPv6 prefix.
 */
struct xtcp_diag_cond6 {
	__u8	xdc_field;	/* XTCP_DIAG_FIELD_SRC or XTCP_DIAG_FIELD_DST */
	__u8	xdc_op;		/* XTCP_DIAG_OP_EQ or XTCP_DIAG_OP_NE */
	__u8	xdc_prefix;	/* the bits compared, 0..128 */
	__u8	xdc_pad;
	__u8	xdc_addr[16];	/* network order */
};

enum {
	XTCP_DIAG_FIELD_SPORT,	/* local port */
	XTCP_DIAG_FIELD_DPORT,	/* remote port */
	XTCP_DIAG_FIELD_SRC,	/* local address */
	XTCP_DIAG_FIELD_DST,	/* remote address */
};

/* Addresses take EQ and NE only. */
enum {
	XTCP_DIAG_OP_EQ,
	XTCP_DIAG_OP_NE,
	XTCP_DIAG_OP_LT,
	XTCP_DIAG_OP_LE,
	XTCP_DIAG_OP_GT,
	XTCP_DIAG_OP_GE,
};

/* One row: what a line of /proc/net/xtcp shows, in binary. */
struct xtcp_diag_msg {
	__u8	xdiag_family;	/* the family in use */
	__u8	xdiag_state;	/* XTCP_ESTABLISHED, ... (linux/xtcp.h) */
	__u8	xdiag_timer;	/* XTCP_DIAG_TIMER_* */
	__u8	xdiag_retrans;	/* timeouts of the oldest segment */
	__be32	xdiag_src;	/* IPv6 rows: the v4-mapped IPv4 address, or 0 */
	__be32	xdiag_dst;
	__be16	xdiag_sport;
	__be16	xdiag_dport;
	__u32	xdiag_expires;	/* ms left on the timer */
	__u32	xdiag_rqueue;	/* listener: connections to accept() */
	__u32	xdiag_wqueue;	/* listener: the backlog */
	__u32	xdiag_uid;
	__u32	xdiag_inode;
};

/* xdiag_timer: the armed timer a row shows (Documentation/proc.rst). */
enum {
	XTCP_DIAG_TIMER_NONE,
	XTCP_DIAG_TIMER_RETRANSMIT,
	XTCP_DIAG_TIMER_PROBE,
	XTCP_DIAG_TIMER_DELACK,
	XTCP_DIAG_TIMER_KEEPALIVE,
	XTCP_DIAG_TIMER_FIN_WAIT2,
	XTCP_DIAG_TIMER_SYNACK,
	XTCP_DIAG_TIMER_TIME_WAIT,
};

/* Attributes of a row; xdiag_ext asks for them. */
enum {
	XTCP_DIAG_NONE,
	XTCP_DIAG_INFO,		/* struct xtcp_info: sockets only */
	XTCP_DIAG_ADDR6,	/* struct xtcp_diag_addr6: IPv6 rows, unasked */
	__XTCP_DIAG_MAX,
};

#define XTCP_DIAG_MAX		(__XTCP_DIAG_MAX - 1)

/* An IPv6 row's addresses, as sk_v6_rcv_saddr and sk_v6_daddr have them. */
struct xtcp_diag_addr6 {
	__u8	xdiag_src6[16];
	__u8	xdiag_dst6[16];
};

/* XTCP_DIAG_F_SUMMARY: rows that passed the filter, by state. */
struct xtcp_diag_summary {
	__u8	xdiag_family;
	__u8	xdiag_pad[3];
	__u32	xdiag_count[16];	/* indexed by state */
};

#endif /* _UAPI_LINUX_XTCP_DIAG_H */
