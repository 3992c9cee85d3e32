// SPDX-License-Identifier: GPL-2.0
/* See window.h. Windows are in bytes; the header field is bytes >> scale. */
#include <kunit/visibility.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <net/tcp.h>

#include "window.h"

/* The smallest shift that fits @space into the 16-bit field, at most 14. */
u8 xtcp_wscale_for(u32 space)
{
	u8 shift = 0;

	while (space > U16_MAX && shift < TCP_MAX_WSCALE) {
		space >>= 1;
		shift++;
	}
	return shift;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_wscale_for);

/*
 * The window to advertise, from @free bytes of free receive space out of
 * @full. @cur is what our last advertisement still allows past RCV.NXT.
 * - Receiver SWS avoidance (RFC 9293 3.8.6.2.2): below min(full / 2, MSS)
 *   of free space the window is 0; unscaled, it moves in whole segments
 *   (or is all the free space, if the buffer is smaller than a segment).
 * - The window never shrinks: the right edge we announced stays (as Linux;
 *   RFC 9293 3.8.6.2.2 discourages shrinking).
 * - Scaled, it is rounded up to the scale's unit, so that the field cannot
 *   round a small window away to 0.
 */
u32 xtcp_select_window(u32 cur, u32 free, u32 full, u32 mss, u8 wscale)
{
	u32 unit = clamp(mss, 1U, max(full, 1U)), win;
	u64 max_win = (u64)U16_MAX << wscale;

	if (free < unit && free < full / 2)
		win = 0;
	else if (wscale || unit == full)
		win = free;	/* a buffer below one segment: all of it */
	else
		win = rounddown(free, unit);
	win = max(win, cur);
	if (wscale)
		win = min_t(u64, round_up((u64)win, 1U << wscale), max_win);
	return min_t(u64, win, max_win);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_select_window);

/*
 * How much of the next skb (@len bytes: an MSS, or several in a
 * super-segment) to send now, when @room bytes fit in both the peer's
 * window and the congestion window; 0 means wait. RFC 9293 3.8.6.2.1:
 * - a full segment goes, and so do as many full segments as fit
 *   (tcp_mss_split_point());
 * - a short one that is all there is goes only if @nagle_ok (no short
 *   segment is unacknowledged, XTCP_NODELAY, or more follows): Nagle, with
 *   Minshall's change as tcp_nagle_check();
 * - when only part of a segment fits, that part goes if it is at least half
 *   the largest window the peer has offered (@max_wnd), and Nagle allows it.
 */
u32 xtcp_send_len(u32 len, u32 room, u32 mss, u32 max_wnd, bool nagle_ok)
{
	if (len <= room)
		return len >= mss || nagle_ok ? len : 0;
	if (mss && room >= mss)
		return rounddown(room, mss);
	if (room && room >= max_wnd / 2 && nagle_ok)
		return room;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_send_len);
