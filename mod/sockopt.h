/* SPDX-License-Identifier: GPL-2.0 */
/* Socket options, checked as Linux's TCP checks its own. */
#ifndef _XTCP_SOCKOPT_H
#define _XTCP_SOCKOPT_H

#include "xtcp.h"

int xtcp_set_opt(struct sock *sk, int optname, int val);
int xtcp_setsockopt(struct socket *sock, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen);

#endif /* _XTCP_SOCKOPT_H */
