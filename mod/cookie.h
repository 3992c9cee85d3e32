/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTCP_COOKIE_H
#define _XTCP_COOKIE_H

#include <linux/jiffies.h>

#include "xtcp.h"

#define XTCP_COOKIE_MSS_N	4
/* TCP_SYNCOOKIE_VALID: a listener takes cookies this long after its last. */
#define XTCP_COOKIE_VALID	(2 * 60 * HZ)

u32 xtcp_cookie_time(void);
u32 xtcp_cookie_mssind(u16 mss, bool v6);
u16 xtcp_cookie_mss(u32 mssind, bool v6);
u32 xtcp_cookie_make(const struct xtcp_tuple *t, u32 sseq, u32 mssind,
		     u32 count);
u16 xtcp_cookie_check(const struct xtcp_tuple *t, u32 sseq, u32 cookie,
		      u32 count);

#endif /* _XTCP_COOKIE_H */
