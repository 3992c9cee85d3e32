/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels XTCP builds on (6.1 and 6.12), in one place.
 * Kbuild detects each API by its declaration in the kernel's headers and
 * defines XTCP_HAVE_* accordingly.
 */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

#include <linux/socket.h>
#include <net/net_namespace.h>

/*
 * XTCP_HAVE_PROTO_ACCEPT_ARG: since 6.10, accept() takes its flags and kern
 * in struct proto_accept_arg.
 */

/*
 * XTCP_HAVE_SYSCTL_SZ: since 6.6, tables are registered with their size,
 * and since 6.11 they have no empty last entry to end them.
 */
#ifdef XTCP_HAVE_SYSCTL_SZ
#define xtcp_register_net_sysctl(net, path, table, n) \
	register_net_sysctl_sz(net, path, table, n)
#else
#define xtcp_register_net_sysctl(net, path, table, n) \
	register_net_sysctl(net, path, table)
#endif

/*
 * XTCP_HAVE_NET_GSO_H: since 6.5, the GSO helpers (gso_make_checksum()...)
 * are declared in net/gso.h, not linux/skbuff.h.
 */
#ifdef XTCP_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * XTCP_HAVE_SENDPAGE: up to 6.4, sendfile() and splice() hand pages to
 * proto_ops.sendpage, with MSG_SENDPAGE_NOTLAST when more follow.
 * XTCP_HAVE_SPLICE_PAGES: since 6.5, they call sendmsg() with
 * MSG_SPLICE_PAGES and the pages in a bvec iterator, which
 * skb_splice_from_iter() takes. (Debian's 6.1 defines the flag, not the
 * function: the function is what is detected.)
 */
#ifdef XTCP_HAVE_SPLICE_PAGES
#define XTCP_MSG_SPLICE_PAGES	MSG_SPLICE_PAGES
#else
#define XTCP_MSG_SPLICE_PAGES	0
#endif
#ifdef XTCP_HAVE_SENDPAGE
#define XTCP_MSG_SENDPAGE_NOTLAST	MSG_SENDPAGE_NOTLAST
#else
#define XTCP_MSG_SENDPAGE_NOTLAST	0
#endif

/*
 * XTCP_HAVE_TCPI_RCV_WND: since 6.7, struct tcp_info ends with tcpi_rcv_wnd
 * and more (sockopt.c fills what the kernel's struct has).
 */

/*
 * XTCP_HAVE_IPV6_PINFO_OFFSET: since 6.8, struct proto says where a
 * socket's ipv6_pinfo is (inet6_sk_generic()).
 */

/*
 * XTCP_HAVE_INET_FLAGS: since 6.6, IP_RECVERR and its kin are bits of
 * inet_sock.inet_flags, not bit-fields.
 */
#ifdef XTCP_HAVE_INET_FLAGS
#define xtcp_inet_recverr(sk)	inet_test_bit(RECVERR, sk)
#else
#define xtcp_inet_recverr(sk)	(inet_sk(sk)->recverr)
#endif

#endif /* _XTCP_COMPAT_H */
