/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns counters, shown in /proc/net/xtcp_stat. The names and meaning of
 * those shared with Linux's Tcp MIB follow /proc/net/snmp.
 */
#ifndef _XTCP_STATS_H
#define _XTCP_STATS_H

#include <linux/percpu.h>

enum xtcp_mib_field {
	XTCP_MIB_INSEGS,	/* segments received, errors included */
	XTCP_MIB_INERRS,	/* segments dropped as malformed */
	XTCP_MIB_INCSUMERRORS,	/* segments with a bad checksum */
	XTCP_MIB_MAX
};

struct xtcp_mib {
	unsigned long mibs[XTCP_MIB_MAX];
};

extern const char *const xtcp_mib_names[XTCP_MIB_MAX];

#define XTCP_INC_STATS(net, field) \
	this_cpu_inc(xtcp_pernet(net)->mib->mibs[field])

unsigned long xtcp_mib_read(const struct xtcp_mib __percpu *mib,
			    enum xtcp_mib_field field);

#endif /* _XTCP_STATS_H */
