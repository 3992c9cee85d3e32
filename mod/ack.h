/* SPDX-License-Identifier: GPL-2.0 */
/* The ACK field of an arriving segment. */
#ifndef _XTCP_ACK_H
#define _XTCP_ACK_H

#include "xtcp.h"

void xtcp_ack(struct sock *sk, const struct sk_buff *skb);
void xtcp_rto_update(struct sock *sk);

#endif /* _XTCP_ACK_H */
