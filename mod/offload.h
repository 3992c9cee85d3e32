/* SPDX-License-Identifier: GPL-2.0 */
/* Super-segments (GSO). */
#ifndef _XTCP_OFFLOAD_H
#define _XTCP_OFFLOAD_H

#include "xtcp.h"

u32 xtcp_gso_segs(struct sock *sk, u32 mss);
void xtcp_offload_init(void);
void xtcp_offload_exit(void);

#endif /* _XTCP_OFFLOAD_H */
