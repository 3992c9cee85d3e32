// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/xtcp (one row per connection) and /proc/net/xtcp_stat (the
 * counters), in each network namespace. The formats are documented in
 * Documentation/proc.rst.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "xtcp.h"

static void *xtcp_seq_start(struct seq_file *seq, loff_t *pos)
{
	return *pos ? NULL : SEQ_START_TOKEN;
}

static void *xtcp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void xtcp_seq_stop(struct seq_file *seq, void *v)
{
}

static int xtcp_seq_show(struct seq_file *seq, void *v)
{
	if (v == SEQ_START_TOKEN)
		seq_printf(seq, "%-21s %-21s %-11s %8s %8s %-9s %6s %7s %5s %8s\n",
			   "local", "remote", "state", "tx_queue", "rx_queue",
			   "timer", "ms", "retrans", "uid", "inode");
	return 0;
}

static const struct seq_operations xtcp_seq_ops = {
	.start	= xtcp_seq_start,
	.next	= xtcp_seq_next,
	.stop	= xtcp_seq_stop,
	.show	= xtcp_seq_show,
};

static int xtcp_stat_show(struct seq_file *seq, void *v)
{
	struct xtcp_net *xn = xtcp_pernet(seq_file_single_net(seq));
	int i;

	for (i = 0; i < XTCP_MIB_MAX; i++)
		seq_printf(seq, "%-16s %lu\n", xtcp_mib_names[i],
			   xtcp_mib_read(xn->mib, i));
	return 0;
}

int xtcp_proc_init_net(struct net *net)
{
	if (!proc_create_net("xtcp", 0444, net->proc_net, &xtcp_seq_ops,
			     sizeof(struct seq_net_private)))
		return -ENOMEM;
	if (!proc_create_net_single("xtcp_stat", 0444, net->proc_net,
				    xtcp_stat_show, NULL)) {
		remove_proc_entry("xtcp", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void xtcp_proc_exit_net(struct net *net)
{
	remove_proc_entry("xtcp_stat", net->proc_net);
	remove_proc_entry("xtcp", net->proc_net);
}
