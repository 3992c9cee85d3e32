// SPDX-License-Identifier: GPL-2.0
/* Counter names and summing of the per-cpu counters. */
#include "xtcp.h"

const char *const xtcp_mib_names[XTCP_MIB_MAX] = {
	[XTCP_MIB_INSEGS]	= "InSegs",
	[XTCP_MIB_INERRS]	= "InErrs",
	[XTCP_MIB_INCSUMERRORS]	= "InCsumErrors",
};

unsigned long xtcp_mib_read(const struct xtcp_mib __percpu *mib,
			    enum xtcp_mib_field field)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(mib, cpu)->mibs[field];
	return sum;
}
