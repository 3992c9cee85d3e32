/* SPDX-License-Identifier: GPL-2.0 */
/* Carrying out a verdict of the transition function. */
#ifndef _XTCP_VERDICT_H
#define _XTCP_VERDICT_H

#include "xtcp.h"
#include "state.h"

void xtcp_verdict_apply(const struct xtcp_target *t, struct sk_buff *skb,
			const struct xtcp_verdict *v);

#endif /* _XTCP_VERDICT_H */
