// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_XTCP family: socket creation and the proto_ops entry points that
 * applications reach through the socket system calls.
 */
#include <linux/net.h>
#include <linux/poll.h>
#include <net/sock.h>

#include "compat.h"
#include "xtcp.h"

/*
 * Connection calls arrive with the connection state machine; until then
 * they fail cleanly.
 */
static int xtcp_no_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	return -EOPNOTSUPP;
}

static int xtcp_no_connect(struct socket *sock, struct sockaddr *addr,
			   int len, int flags)
{
	return -EOPNOTSUPP;
}

static int xtcp_no_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

#ifdef XTCP_HAVE_PROTO_ACCEPT_ARG
static int xtcp_no_accept(struct socket *sock, struct socket *newsock,
			  struct proto_accept_arg *arg)
#else
static int xtcp_no_accept(struct socket *sock, struct socket *newsock,
			  int flags, bool kern)
#endif
{
	return -EOPNOTSUPP;
}

static int xtcp_no_shutdown(struct socket *sock, int how)
{
	return -ENOTCONN;
}

static int xtcp_no_sendmsg(struct socket *sock, struct msghdr *msg,
			   size_t len)
{
	return -ENOTCONN;
}

static int xtcp_no_recvmsg(struct socket *sock, struct msghdr *msg,
			   size_t len, int flags)
{
	return -ENOTCONN;
}

static int xtcp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct inet_sock *inet = inet_sk(sock->sk);

	if (peer)
		return -ENOTCONN;
	memset(sx, 0, sizeof(*sx));
	sx->sxtcp_family = xtcp_family;
	sx->sxtcp_port = inet->inet_sport;
	sx->sxtcp_addr = inet->inet_saddr;
	return sizeof(*sx);
}

static __poll_t xtcp_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;

	sock_poll_wait(file, sock, wait);
	/* Like tcp_poll(): a closed socket reads as hung up. */
	return sk->sk_state == TCP_CLOSE ? EPOLLHUP : 0;
}

static int xtcp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	return -ENOIOCTLCMD;
}

static int xtcp_setsockopt(struct socket *sock, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;
}

static int xtcp_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	return -ENOPROTOOPT;
}

static int xtcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	lock_sock(sk);
	sock_orphan(sk);
	release_sock(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

static const struct proto_ops xtcp_stream_ops = {
	.family		= PF_XTCP,
	.owner		= THIS_MODULE,
	.release	= xtcp_release,
	.bind		= xtcp_no_bind,
	.connect	= xtcp_no_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_no_accept,
	.getname	= xtcp_getname,
	.poll		= xtcp_poll,
	.ioctl		= xtcp_ioctl,
	.listen		= xtcp_no_listen,
	.shutdown	= xtcp_no_shutdown,
	.setsockopt	= xtcp_setsockopt,
	.getsockopt	= xtcp_getsockopt,
	.sendmsg	= xtcp_no_sendmsg,
	.recvmsg	= xtcp_no_recvmsg,
	.mmap		= sock_no_mmap,
};

/*
 * SLAB_TYPESAFE_BY_RCU, as TCP's: the receive path looks sockets up under RCU.
 * It also keeps the cache from being merged, so that /proc/slabinfo shows
 * XTCP on its own row.
 */
struct proto xtcp_prot = {
	.name		= "XTCP",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct xtcp_sock),
	.slab_flags	= SLAB_TYPESAFE_BY_RCU,
};

static int xtcp_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != IPPROTO_XTCP && protocol != xtcp_ipproto)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, xtcp_family, GFP_KERNEL, &xtcp_prot, kern);
	if (!sk)
		return -ENOMEM;
	sock->ops = &xtcp_stream_ops;
	sock->state = SS_UNCONNECTED;
	sock_init_data(sock, sk);
	sk->sk_protocol = xtcp_ipproto;
	return 0;
}

/* Not const: the family number is a module parameter. */
struct net_proto_family xtcp_family_ops = {
	.family	= PF_XTCP,
	.create	= xtcp_create,
	.owner	= THIS_MODULE,
};
