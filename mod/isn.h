/* SPDX-License-Identifier: GPL-2.0 */
/* Initial sequence numbers (RFC 6528). */
#ifndef _XTCP_ISN_H
#define _XTCP_ISN_H

#include "xtcp.h"

u32 xtcp_isn(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 xtcp_isn_tuple(const struct xtcp_tuple *t);
u32 xtcp_isn_calc(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		  __be16 sport, __be16 dport, u64 ns);
const siphash_key_t *xtcp_isn_key_get(void);	/* KUnit only */

#endif /* _XTCP_ISN_H */
