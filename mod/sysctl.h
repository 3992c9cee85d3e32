/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/sys/net/xtcp/. */
#ifndef _XTCP_SYSCTL_H
#define _XTCP_SYSCTL_H

#include "xtcp.h"

void xtcp_sysctl_defaults(struct xtcp_sysctl *s);
int xtcp_sysctl_init_net(struct net *net);
void xtcp_sysctl_exit_net(struct net *net);

#endif /* _XTCP_SYSCTL_H */
