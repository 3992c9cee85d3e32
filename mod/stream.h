/* SPDX-License-Identifier: GPL-2.0 */
/* sendmsg() and recvmsg(). */
#ifndef _XTCP_STREAM_H
#define _XTCP_STREAM_H

#include "xtcp.h"

int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
ssize_t xtcp_sendpage(struct socket *sock, struct page *page, int offset,
		      size_t size, int flags);

#endif /* _XTCP_STREAM_H */
