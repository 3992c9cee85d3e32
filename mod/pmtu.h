/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTCP_PMTU_H
#define _XTCP_PMTU_H

#include <net/sock.h>

void xtcp_sync_mss(struct sock *sk, u32 pmtu);
void xtcp_current_mss(struct sock *sk);
void xtcp_mtu_reduced(struct sock *sk);

#endif /* _XTCP_PMTU_H */
