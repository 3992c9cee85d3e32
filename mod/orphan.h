/* SPDX-License-Identifier: GPL-2.0 */
/* Orphans: how many there may be, how many retries each gets. */
#ifndef _XTCP_ORPHAN_H
#define _XTCP_ORPHAN_H

#include "xtcp.h"

int xtcp_orphan_retries(int retries, bool alive);
int xtcp_orphan_rtx_limit(struct sock *sk);
int xtcp_orphan_probe_limit(struct sock *sk);
void xtcp_orphan_add(struct sock *sk);
void xtcp_orphan_del(struct sock *sk);

#endif /* _XTCP_ORPHAN_H */
