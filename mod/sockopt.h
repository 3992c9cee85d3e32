/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket options at SOL_XTCP and IPPROTO_TCP, the ioctls, and the AF_INET
 * names of sockets made with IPPROTO_TCP (sockopt.c).
 */
#ifndef _XTCP_SOCKOPT_H
#define _XTCP_SOCKOPT_H

#include <linux/net.h>
#include <linux/sockptr.h>
#include <linux/types.h>

struct sock;
struct xtcp_info;

/* Per-socket option state that the rest of the module only reads. */
struct xtcp_opt {
	u32 user_timeout;		/* XTCP_USER_TIMEOUT, ms; 0: off */
	u64 rtx_start;			/* ns: the oldest unacked data's send,
					 * as retrans_stamp, for user_timeout
					 */
	u8 inet;			/* made with IPPROTO_TCP: AF_INET names */
	u8 cork;			/* XTCP_CORK */
	u8 defer_accept;		/* XTCP_DEFER_ACCEPT, in retransmissions
					 * as Linux keeps it
					 */
};

int xtcp_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen);
int xtcp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int xtcp_opt_int(sockptr_t optval, unsigned int optlen, int *val);
int xtcp_opt_len(int __user *optlen);
int xtcp_put_opt(char __user *optval, int __user *optlen, const void *src,
		 int len, size_t n);
int xtcp6_setsockopt(struct sock *sk, int optname, sockptr_t optval,
		     unsigned int optlen);
int xtcp6_getsockopt(struct sock *sk, int optname, char __user *optval,
		     int __user *optlen);
void xtcp_sockopt_inherit(struct sock *nsk, const struct sock *lsk);
void xtcp_get_info(struct sock *sk, struct xtcp_info *info);
bool xtcp_rtx_expired(struct sock *sk, bool count_expired);
u64 xtcp_user_timeout_clamp(struct sock *sk, u64 ns);

#endif /* _XTCP_SOCKOPT_H */
