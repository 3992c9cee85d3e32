/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Window arithmetic: the scale we announce (RFC 7323 2), the receive window
 * we advertise, and the sender's choice of what to send now (Nagle and
 * silly window syndrome avoidance, RFC 9293 3.8.6.2). Pure, for KUnit.
 */
#ifndef _XTCP_WINDOW_H
#define _XTCP_WINDOW_H

#include <linux/types.h>

u8 xtcp_wscale_for(u32 space);
u32 xtcp_select_window(u32 cur, u32 free, u32 full, u32 mss, u8 wscale);
u32 xtcp_send_len(u32 len, u32 room, u32 mss, u32 max_wnd, bool nagle_ok);

#endif /* _XTCP_WINDOW_H */
