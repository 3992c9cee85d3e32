/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One listener, request, connection or TIME_WAIT entry as users see it: a
 * line of /proc/net/xtcp (proc.c) or a sock_diag message (diag.c).
 */
#ifndef _XTCP_ROW_H
#define _XTCP_ROW_H

#include <linux/in6.h>
#include <linux/types.h>
#include <linux/uidgid.h>

struct sock;
struct xtcp_hnode;

struct xtcp_row {
	__be32 laddr, raddr;		/* IPv4 */
	struct in6_addr laddr6, raddr6;	/* IPv6, if v6 */
	__be16 lport, rport;
	u8 v6;
	u8 state;
	u8 retrans;
	u8 timer;			/* XTCP_DIAG_TIMER_* */
	u32 txq, rxq;
	u32 rto, cwnd;			/* ms and bytes; sockets only */
	u64 ms;				/* left on the timer */
	kuid_t uid;
	unsigned long ino;
};

void xtcp_row_sock_key(struct xtcp_row *r, struct sock *sk);
void xtcp_row_sock(struct xtcp_row *r, struct sock *sk);
void xtcp_row_node_key(struct xtcp_row *r, struct xtcp_hnode *hn);
void xtcp_row_node(struct xtcp_row *r, struct xtcp_hnode *hn);
const char *xtcp_timer_name(unsigned int timer);

#endif /* _XTCP_ROW_H */
