/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernels XTCP builds on (6.1 and 6.12), in one place. */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

#include <linux/version.h>

/* 6.10 folded accept()'s flags and kern into struct proto_accept_arg. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define XTCP_HAVE_PROTO_ACCEPT_ARG 1
#endif

#endif /* _XTCP_COMPAT_H */
