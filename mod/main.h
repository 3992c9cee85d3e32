/* SPDX-License-Identifier: GPL-2.0 */
/* Module init and exit: the module parameters. */
#ifndef _XTCP_MAIN_H
#define _XTCP_MAIN_H

#include "xtcp.h"

extern int xtcp_family;
extern int xtcp_ipproto;
extern unsigned int xtcp_ehash_buckets;

#endif /* _XTCP_MAIN_H */
