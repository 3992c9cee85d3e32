/* SPDX-License-Identifier: GPL-2.0 */
/* Arriving text, when to ACK it, window updates after reads. */
#ifndef _XTCP_DATA_H
#define _XTCP_DATA_H

#include "xtcp.h"

bool xtcp_data_queue(struct sock *sk, struct sk_buff *skb);
bool xtcp_ofo_queue(struct sock *sk, struct sk_buff *skb);
bool xtcp_ofo_drain(struct sock *sk);
void xtcp_ack_schedule(struct sock *sk);
void xtcp_cleanup_rbuf(struct sock *sk);
void xtcp_fin(struct sock *sk);

#endif /* _XTCP_DATA_H */
