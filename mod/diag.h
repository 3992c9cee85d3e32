/* SPDX-License-Identifier: GPL-2.0 */
/* sock_diag for XTCP (diag.c). */
#ifndef _XTCP_DIAG_H
#define _XTCP_DIAG_H

int xtcp_diag_init(void);
void xtcp_diag_exit(void);

#endif /* _XTCP_DIAG_H */
