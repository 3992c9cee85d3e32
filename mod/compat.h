/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels XTCP builds on (6.1 and 6.12), in one place.
 * Kbuild detects each API by its declaration in the kernel's headers and
 * defines XTCP_HAVE_* accordingly.
 */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

/*
 * XTCP_HAVE_PROTO_ACCEPT_ARG: since 6.10, accept() takes its flags and kern
 * in struct proto_accept_arg.
 */

#endif /* _XTCP_COMPAT_H */
