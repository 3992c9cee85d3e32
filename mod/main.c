// SPDX-License-Identifier: GPL-2.0
/*
 * XTCP module init and exit: parameters, per-netns state, and registration
 * of the socket family and the IPv4 protocol handler.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/wait_bit.h>
#include <net/protocol.h>
#include <net/sock.h>

#include "xtcp.h"
#include "conn.h"
#include "diag.h"
#include "hash.h"
#include "icmp.h"
#include "input.h"
#include "main.h"
#include "mem.h"
#include "offload.h"
#include "proc.h"
#include "sock6.h"
#include "socket.h"
#include "sysctl.h"
#include "timewait.h"

int xtcp_family = AF_XTCP;
EXPORT_SYMBOL_IF_KUNIT(xtcp_family);
module_param_named(family, xtcp_family, int, 0444);
MODULE_PARM_DESC(family, "Socket address family number (default 22)");

int xtcp_ipproto = IPPROTO_XTCP;
EXPORT_SYMBOL_IF_KUNIT(xtcp_ipproto);
module_param_named(ipproto, xtcp_ipproto, int, 0444);
MODULE_PARM_DESC(ipproto, "IP protocol number on the wire (default 253)");

unsigned int xtcp_ehash_buckets = 65536;
module_param_named(ehash_buckets, xtcp_ehash_buckets, uint, 0444);
MODULE_PARM_DESC(ehash_buckets,
		 "Connection hash buckets per netns, a power of 2 (default 65536)");

unsigned int xtcp_net_id __read_mostly;
EXPORT_SYMBOL_IF_KUNIT(xtcp_net_id);

/*
 * What is left in a netns as it goes (or the module does): orphaned
 * connections are reset, requests dropped, TIME_WAIT entries freed.
 */
static void xtcp_purge_net(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int b;

	for (b = 0; b <= xn->ehash_mask; b++) {
		spinlock_t *lock = xtcp_ehash_lock(xn, b);
		struct xtcp_hnode *hn, *found;

		for (;;) {
			found = NULL;
			spin_lock_bh(lock);
			hlist_for_each_entry(hn, &xn->ehash[b], node) {
				if (hn->kind != XTCP_KIND_TW) {
					xtcp_hold_node(hn);
					found = hn;
					break;
				}
			}
			spin_unlock_bh(lock);
			if (!found)
				break;
			xtcp_purge_node(net, found);
			xtcp_put_node(found);
		}
	}
	xtcp_tw_exit_net(net);
}

static int __net_init xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int err;

	xn->mib = alloc_percpu(struct xtcp_mib);
	if (!xn->mib)
		return -ENOMEM;
	xtcp_sysctl_defaults(&xn->sysctl);
	spin_lock_init(&xn->challenge_lock);
	err = xtcp_hash_init(xn);
	if (err)
		goto out_mib;
	xtcp_tw_init_net(net);
	err = xtcp_proc_init_net(net);
	if (err)
		goto out_hash;
	err = xtcp_sysctl_init_net(net);
	if (err)
		goto out_proc;
	err = xtcp6_init_net(net);
	if (err)
		goto out_sysctl;
	return 0;

out_sysctl:
	xtcp_sysctl_exit_net(net);
out_proc:
	xtcp_proc_exit_net(net);
out_hash:
	xtcp_hash_exit(xn);
out_mib:
	free_percpu(xn->mib);
	return err;
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	xtcp_purge_net(net);
	xtcp6_exit_net(net);
	xtcp_sysctl_exit_net(net);
	xtcp_proc_exit_net(net);
	xtcp_hash_exit(xn);
	free_percpu(xn->mib);
}

static struct pernet_operations xtcp_net_ops = {
	.init	= xtcp_net_init,
	.exit	= xtcp_net_exit,
	.id	= &xtcp_net_id,
	.size	= sizeof(struct xtcp_net),
};

static const struct net_protocol xtcp_protocol = {
	.handler	= xtcp_v4_rcv,
	.err_handler	= xtcp_v4_err,
	.no_policy	= 1,
};

static int __init xtcp_check_params(void)
{
	if (xtcp_family <= 0 || xtcp_family >= NPROTO) {
		pr_err("family %d is out of range 1..%d\n", xtcp_family,
		       NPROTO - 1);
		return -EINVAL;
	}
	if (xtcp_ipproto <= 0 || xtcp_ipproto >= MAX_INET_PROTOS) {
		pr_err("ipproto %d is out of range 1..%d\n", xtcp_ipproto,
		       MAX_INET_PROTOS - 1);
		return -EINVAL;
	}
	if (xtcp_ehash_buckets < 256 || xtcp_ehash_buckets > (1U << 24) ||
	    !is_power_of_2(xtcp_ehash_buckets)) {
		pr_err("ehash_buckets %u is not a power of 2 in 256..%u\n",
		       xtcp_ehash_buckets, 1U << 24);
		return -EINVAL;
	}
	return 0;
}

/* Sockets hold no module reference (socket.c): wait for the last one. */
static void xtcp_wait_socks(void)
{
	wait_var_event(&xtcp_live_socks, !atomic_read(&xtcp_live_socks));
	/* Their destructors run from RCU callbacks (SOCK_RCU_FREE). */
	rcu_barrier();
}

static int __init xtcp_init(void)
{
	int err;

	err = xtcp_check_params();
	if (err)
		return err;
	xtcp_family_ops.family = xtcp_family;

	err = xtcp_tw_cache_init();
	if (err)
		return err;
	err = xtcp_mem_init();
	if (err)
		goto out_tw;
	err = proto_register(&xtcp_prot, 1);
	if (err) {
		pr_err("cannot register the protocol: %d\n", err);
		goto out_mem;
	}
	xtcp6_prot_init();
	err = proto_register(&xtcp6_prot, 1);
	if (err) {
		pr_err("cannot register the IPv6 protocol: %d\n", err);
		goto out_proto4;
	}
	err = register_pernet_subsys(&xtcp_net_ops);
	if (err) {
		pr_err("cannot register per-netns state: %d\n", err);
		goto out_proto;
	}
	if (inet_add_protocol(&xtcp_protocol, xtcp_ipproto)) {
		pr_err("IP protocol %d is already taken\n", xtcp_ipproto);
		err = -EBUSY;
		goto out_pernet;
	}
	err = xtcp6_init();
	if (err) {
		pr_err("IPv6 next header %d is already taken\n", xtcp_ipproto);
		goto out_inet;
	}
	xtcp_offload_init();
	/* Not fatal: sock_register() below tells whether the family is free. */
	err = xtcp_diag_init();
	if (err)
		pr_warn("sock_diag for family %d is taken (%d): no xtcpss\n",
			xtcp_family, err);
	/* Last: sockets can be created from here on. */
	err = sock_register(&xtcp_family_ops);
	if (err) {
		pr_err("address family %d is already taken: %d\n",
		       xtcp_family, err);
		goto out_diag;
	}
	pr_info("family %d, IP protocol %d\n", xtcp_family, xtcp_ipproto);
	return 0;

out_diag:
	xtcp_diag_exit();
	xtcp_offload_exit();
	xtcp6_exit();
out_inet:
	inet_del_protocol(&xtcp_protocol, xtcp_ipproto);
	synchronize_net();
out_pernet:
	unregister_pernet_subsys(&xtcp_net_ops);
	xtcp_wait_socks();
out_proto:
	proto_unregister(&xtcp6_prot);
out_proto4:
	proto_unregister(&xtcp_prot);
out_mem:
	xtcp_mem_exit();
out_tw:
	xtcp_tw_cache_exit();
	return err;
}

static void __exit xtcp_exit(void)
{
	sock_unregister(xtcp_family);
	xtcp_diag_exit();
	xtcp_offload_exit();
	xtcp6_exit();
	inet_del_protocol(&xtcp_protocol, xtcp_ipproto);
	synchronize_net();
	unregister_pernet_subsys(&xtcp_net_ops);
	xtcp_wait_socks();
	proto_unregister(&xtcp6_prot);
	proto_unregister(&xtcp_prot);
	xtcp_mem_exit();
	xtcp_tw_cache_exit();
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("XTCP: a TCP-like transport in its own address family");
MODULE_AUTHOR("XTCP developers");
MODULE_ALIAS_NETPROTO(PF_XTCP);
