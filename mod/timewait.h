/* SPDX-License-Identifier: GPL-2.0 */
/* TIME_WAIT entries. */
#ifndef _XTCP_TIMEWAIT_H
#define _XTCP_TIMEWAIT_H

#include "xtcp.h"

int xtcp_tw_init_net(struct net *net);
void xtcp_tw_exit_net(struct net *net);
void xtcp_time_wait(struct sock *sk);
struct net *xtcp_tw_net(const struct xtcp_tw *tw);
void xtcp_tw_send_ack(struct xtcp_tw *tw, const struct sk_buff *skb);
void xtcp_tw_restart(struct xtcp_tw *tw);
bool xtcp_tw_reopen(struct xtcp_tw *tw, struct sk_buff *skb);
void xtcp_tw_put(struct xtcp_tw *tw);
void xtcp_tw_expire(struct xtcp_net *xn);
void xtcp_tw_kill(struct xtcp_tw *tw);
int xtcp_tw_cache_init(void);
void xtcp_tw_cache_exit(void);
u64 xtcp_tw_remaining_ns(const struct xtcp_tw *tw);

#endif /* _XTCP_TIMEWAIT_H */
