// SPDX-License-Identifier: GPL-2.0
/*
 * XTCP module init and exit: parameters, per-netns state, and registration
 * of the socket family and the IPv4 protocol handler.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <net/protocol.h>
#include <net/sock.h>

#include "xtcp.h"

int xtcp_family = AF_XTCP;
module_param_named(family, xtcp_family, int, 0444);
MODULE_PARM_DESC(family, "Socket address family number (default 22)");

int xtcp_ipproto = IPPROTO_XTCP;
module_param_named(ipproto, xtcp_ipproto, int, 0444);
MODULE_PARM_DESC(ipproto, "IP protocol number on the wire (default 253)");

unsigned int xtcp_net_id __read_mostly;

static int __net_init xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int err;

	xn->mib = alloc_percpu(struct xtcp_mib);
	if (!xn->mib)
		return -ENOMEM;
	err = xtcp_proc_init_net(net);
	if (err)
		free_percpu(xn->mib);
	return err;
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	xtcp_proc_exit_net(net);
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
	.no_policy	= 1,
};

static int __init xtcp_init(void)
{
	int err;

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
	xtcp_family_ops.family = xtcp_family;

	err = register_pernet_subsys(&xtcp_net_ops);
	if (err) {
		pr_err("cannot register per-netns state: %d\n", err);
		return err;
	}
	err = proto_register(&xtcp_prot, 1);
	if (err) {
		pr_err("cannot register the protocol: %d\n", err);
		goto out_pernet;
	}
	if (inet_add_protocol(&xtcp_protocol, xtcp_ipproto)) {
		pr_err("IP protocol %d is already taken\n", xtcp_ipproto);
		err = -EBUSY;
		goto out_proto;
	}
	/* Last: sockets can be created from here on. */
	err = sock_register(&xtcp_family_ops);
	if (err) {
		pr_err("address family %d is already taken: %d\n",
		       xtcp_family, err);
		goto out_inet;
	}
	pr_info("family %d, IP protocol %d\n", xtcp_family, xtcp_ipproto);
	return 0;

out_inet:
	inet_del_protocol(&xtcp_protocol, xtcp_ipproto);
	synchronize_net();
out_proto:
	proto_unregister(&xtcp_prot);
out_pernet:
	unregister_pernet_subsys(&xtcp_net_ops);
	return err;
}

static void __exit xtcp_exit(void)
{
	sock_unregister(xtcp_family);
	inet_del_protocol(&xtcp_protocol, xtcp_ipproto);
	synchronize_net();
	proto_unregister(&xtcp_prot);
	unregister_pernet_subsys(&xtcp_net_ops);
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("XTCP: a TCP-like transport in its own address family");
MODULE_AUTHOR("XTCP developers");
MODULE_ALIAS_NETPROTO(PF_XTCP);
