/* SPDX-License-Identifier: GPL-2.0 */
/* Passive open: SYN_RECV requests and the accept queue. */
#ifndef _XTCP_REQUEST_H
#define _XTCP_REQUEST_H

#include "xtcp.h"

void xtcp_request_syn(struct sock *lsk, struct sk_buff *skb, u32 iss);
struct xtcp_request *xtcp_request_from_cookie(struct sock *lsk,
					      struct sk_buff *skb);
u16 xtcp_request_window(const struct xtcp_request *req);
void xtcp_request_send(struct xtcp_request *req, u32 flags);
bool xtcp_request_child(struct xtcp_request *req, struct sk_buff *skb);
void xtcp_request_put(struct xtcp_request *req);
void xtcp_request_retransmit(struct xtcp_request *req);
void xtcp_request_resend(struct xtcp_request *req);
void xtcp_listen_stop(struct sock *lsk);
void xtcp_request_drop(struct xtcp_request *req);
struct sock *xtcp_accept_dequeue(struct sock *lsk);

#endif /* _XTCP_REQUEST_H */
