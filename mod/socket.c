// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_XTCP family: socket creation and the proto_ops entry points that
 * applications reach through the socket system calls. Argument checks and
 * errnos follow Linux's inet_*() functions for TCP.
 */
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/xfrm.h>

#include "compat.h"
#include "xtcp.h"
#include "conn.h"
#include "hash.h"
#include "input.h"
#include "main.h"
#include "mem.h"
#include "output.h"
#include "request.h"
#include "sock6.h"
#include "socket.h"
#include "sockopt.h"
#include "stream.h"
#include "timer.h"
#include "state.h"

atomic_t xtcp_live_socks = ATOMIC_INIT(0);

/*
 * bind() takes AF_UNSPEC with INADDR_ANY, as __inet_bind() does for
 * compatibility. A socket made with IPPROTO_TCP (xtcpize's) also takes
 * AF_INET sockaddrs, as AF_SMC does.
 */
static int xtcp_check_addr(struct socket *sock, struct sockaddr *uaddr,
			   int len, bool bind)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;

	if (len < (int)sizeof(struct sockaddr_xtcp))
		return -EINVAL;
	if (uaddr->sa_family == xtcp_family)
		return 0;
	if (bind && uaddr->sa_family == AF_UNSPEC &&
	    sin->sin_addr.s_addr == htonl(INADDR_ANY))
		return 0;
	if (uaddr->sa_family == AF_INET && xtcp_sk(sock->sk)->opt.inet)
		return 0;
	return -EAFNOSUPPORT;
}

/* A port below ip_unprivileged_port_start, without the capability. */
static bool xtcp_bind_denied(struct net *net, unsigned short port)
{
	return port && inet_port_requires_bind_service(net, port) &&
	       !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE);
}

/* Only a CLOSED socket not yet bound binds: EINVAL otherwise. */
static int xtcp_bind_state(struct sock *sk)
{
	return sk->sk_state == XTCP_CLOSE && !xtcp_sk(sk)->bound ? 0 : -EINVAL;
}

/* Bound: what the user chose stays, as __inet_bind() has it. */
static void xtcp_bind_locks(struct sock *sk, bool addr, bool port)
{
	if (addr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (port)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	sk_dst_reset(sk);
}

/* bind() of an IPv6 socket (__inet6_bind()). */
static int xtcp6_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct sockaddr_xtcp6 *sx = (struct sockaddr_xtcp6 *)uaddr;
	struct sock *sk = sock->sk;
	unsigned short port;
	int err;

	err = xtcp6_check_addr(sk, uaddr, len);
	if (err)
		return err;
	port = ntohs(sx->sxtcp6_port);
	if (xtcp_bind_denied(sock_net(sk), port))
		return -EACCES;

	lock_sock(sk);
	err = xtcp_bind_state(sk);
	if (err)
		goto out;
	err = xtcp6_bind_addr(sk, uaddr, len);
	if (!err)
		err = xtcp_bind_port(sk, xtcp_addr6_word(&sx->sxtcp6_addr),
				     sx->sxtcp6_port);
	if (err) {
		sk->sk_v6_rcv_saddr = in6addr_any;
		inet6_sk(sk)->saddr = in6addr_any;
		inet_sk(sk)->inet_saddr = 0;
		inet_sk(sk)->inet_rcv_saddr = 0;
		goto out;
	}
	xtcp_bind_locks(sk, !ipv6_addr_any(&sx->sxtcp6_addr), port);
out:
	release_sock(sk);
	return err;
}

static int xtcp_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	unsigned short port;
	__be32 addr;
	int err, type;

	if (xtcp_sk_v6(sk))
		return xtcp6_bind(sock, uaddr, len);
	err = xtcp_check_addr(sock, uaddr, len, true);
	if (err)
		return err;
	type = inet_addr_type_table(net, sx->sxtcp_addr, RT_TABLE_LOCAL);
	if (sx->sxtcp_addr != htonl(INADDR_ANY) && type != RTN_LOCAL &&
	    !inet_can_nonlocal_bind(net, inet_sk(sk)))
		return -EADDRNOTAVAIL;
	addr = sx->sxtcp_addr;
	port = ntohs(sx->sxtcp_port);
	if (xtcp_bind_denied(net, port))
		return -EACCES;

	lock_sock(sk);
	err = xtcp_bind_state(sk);
	if (err)
		goto out;
	err = xtcp_bind_port(sk, addr, sx->sxtcp_port);
	if (err)
		goto out;
	inet_sk(sk)->inet_saddr = addr;
	inet_sk(sk)->inet_rcv_saddr = addr;
	xtcp_bind_locks(sk, addr, port);
out:
	release_sock(sk);
	return err;
}

static long xtcp_wait_connect(struct sock *sk, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return timeo;
}

/* As __inet_stream_connect() over tcp_v4_connect(). */
static int xtcp_connect(struct socket *sock, struct sockaddr *uaddr, int len,
			int flags)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	long timeo;
	int err;

	if (len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	lock_sock(sk);
	if (uaddr->sa_family == AF_UNSPEC) {
		err = xtcp_disconnect(sk);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		goto out;
	}
	switch (sock->state) {
	default:
		err = -EINVAL;
		goto out;
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		/* What became of it is below; still going, EALREADY. */
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		err = -EISCONN;
		if (sk->sk_state != XTCP_CLOSE)
			goto out;
		err = xtcp_sk_v6(sk) ? xtcp6_check_addr(sk, uaddr, len) :
				       xtcp_check_addr(sock, uaddr, len, false);
		if (err)
			goto out;
		sk->sk_err = 0;
		if (xtcp_sk_v6(sk)) {
			err = xtcp6_connect_start(sk, uaddr, len);
			if (err)
				goto out;
		} else {
			inet->inet_daddr = sx->sxtcp_addr;
			inet->inet_dport = sx->sxtcp_port;
			err = xtcp_connect_start(sk);
			if (err) {
				inet->inet_daddr = 0;
				inet->inet_dport = 0;
				goto out;
			}
		}
		sock->state = SS_CONNECTING;
		err = -EINPROGRESS;
		break;
	}

	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		if (!timeo)
			goto out;
		timeo = xtcp_wait_connect(sk, timeo);
		if (!timeo)
			goto out;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out;
	}
	/* Reset, refused or timed out: report it, and start afresh. */
	if (sk->sk_state == XTCP_CLOSE) {
		err = sock_error(sk) ?: -ECONNABORTED;
		sock->state = SS_UNCONNECTED;
		if (xtcp_disconnect(sk))
			sock->state = SS_DISCONNECTING;
		goto out;
	}
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int xtcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED)
		goto out;
	if (sk->sk_state != XTCP_CLOSE && sk->sk_state != XTCP_LISTEN)
		goto out;
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (sk->sk_state == XTCP_CLOSE) {
		if (!xtcp_sk(sk)->bound) {
			err = xtcp_bind_port(sk, 0, 0);
			if (err)
				goto out;
		}
		sk->sk_ack_backlog = 0;
		xtcp_set_state(sk, XTCP_LISTEN);
		xtcp_lhash_add(sk);
	}
	err = 0;
out:
	release_sock(sk);
	return err;
}

/*
 * accept() does not lock the listener: the accept queue has a lock of its
 * own, so that segments for the listener are not pushed to its backlog
 * while accept() runs, and softirq does not spin for it.
 */
static int xtcp_do_accept(struct socket *sock, struct socket *newsock,
			  int flags)
{
	struct sock *sk = sock->sk, *child;
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	int err;

	while (!(child = xtcp_accept_dequeue(sk))) {
		DEFINE_WAIT_FUNC(wait, woken_wake_function);

		err = -EINVAL;
		if (READ_ONCE(sk->sk_state) != XTCP_LISTEN)
			break;
		err = -EAGAIN;
		if (!timeo)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		/*
		 * Exclusive, as inet_csk_wait_for_connect(): a new child wakes
		 * one accept(), not all; shutdown() wakes them all.
		 */
		add_wait_queue_exclusive(sk_sleep(sk), &wait);
		if (list_empty_careful(&xtcp_sk(sk)->accept_queue) &&
		    READ_ONCE(sk->sk_state) == XTCP_LISTEN)
			timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		remove_wait_queue(sk_sleep(sk), &wait);
	}
	if (!child)
		return err;

	lock_sock(child);
	sock_graft(child, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(child);
	return 0;
}

#ifdef XTCP_HAVE_PROTO_ACCEPT_ARG
static int xtcp_accept(struct socket *sock, struct socket *newsock,
		       struct proto_accept_arg *arg)
{
	return xtcp_do_accept(sock, newsock, arg->flags);
}
#else
static int xtcp_accept(struct socket *sock, struct socket *newsock, int flags,
		       bool kern)
{
	return xtcp_do_accept(sock, newsock, flags);
}
#endif

static int xtcp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);

	if (xtcp_sk_v6(sk))
		return xtcp6_getname(sk, uaddr, peer);
	memset(sx, 0, sizeof(*sx));
	/* xtcpize's sockets (IPPROTO_TCP) name themselves as TCP's. */
	sx->sxtcp_family = xtcp_sk(sk)->opt.inet ? AF_INET : xtcp_family;
	lock_sock(sk);
	if (peer) {
		if (!xtcp_has_peer(sk)) {
			release_sock(sk);
			return -ENOTCONN;
		}
		sx->sxtcp_port = inet->inet_dport;
		sx->sxtcp_addr = inet->inet_daddr;
	} else {
		sx->sxtcp_port = inet->inet_sport;
		sx->sxtcp_addr = inet->inet_rcv_saddr ?: inet->inet_saddr;
	}
	release_sock(sk);
	return sizeof(*sx);
}

/* As tcp_poll(). */
static __poll_t xtcp_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;
	int state;

	sock_poll_wait(file, sock, wait);
	state = inet_sk_state_load(sk);
	if (state == XTCP_LISTEN)
		return READ_ONCE(sk->sk_ack_backlog) ? EPOLLIN | EPOLLRDNORM : 0;
	if (sk->sk_shutdown == SHUTDOWN_MASK || state == XTCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (state != XTCP_SYN_SENT && state != XTCP_SYN_RECV) {
		struct xtcp_sock *xs = xtcp_sk(sk);
		u32 avail = READ_ONCE(xs->rcv_nxt) - READ_ONCE(xs->copied_seq);

		/* Readable at SO_RCVLOWAT bytes, as tcp_stream_is_readable(). */
		if (avail && avail >= sock_rcvlowat(sk, 0, INT_MAX))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
				/* Set NOSPACE before the re-check, as tcp_poll():
				 * an ACK freeing space in between sees it.
				 */
				smp_mb__after_atomic();
				if (sk_stream_is_writeable(sk))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	/* As tcp_poll(): the error after the state it goes with. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

static int xtcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;	/* SHUT_RD 0 -> RCV_SHUTDOWN 1, SHUT_WR 1 -> SEND_SHUTDOWN 2 */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	switch (sk->sk_state) {
	case XTCP_CLOSE:
		/*
		 * ENOTCONN, but the shutdown is taken, as inet_shutdown()
		 * goes on to its default case: recv() then returns 0.
		 */
		err = -ENOTCONN;
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		break;
	case XTCP_LISTEN:
		if (how & RCV_SHUTDOWN) {
			xtcp_set_state(sk, XTCP_CLOSE);
			xtcp_listen_stop(sk);
		}
		break;
	case XTCP_SYN_SENT:
		/* As inet_shutdown(): any shutdown abandons the connect(). */
		err = xtcp_disconnect(sk);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	default:
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		if (how & SEND_SHUTDOWN)
			xtcp_shutdown_send(sk);
		break;
	}
	if (sk->sk_state == XTCP_CLOSE && !err)
		sock->state = SS_UNCONNECTED;
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

static int xtcp_sock_sendmsg(struct socket *sock, struct msghdr *msg,
			     size_t len)
{
	return xtcp_sendmsg(sock->sk, msg, len);
}

static int xtcp_sock_recvmsg(struct socket *sock, struct msghdr *msg,
			     size_t len, int flags)
{
	return xtcp_recvmsg(sock->sk, msg, len, flags);
}

static int xtcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	long timeout = 0;

	if (!sk)
		return 0;
	if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING))
		timeout = sk->sk_lingertime;
	xtcp_close(sk, timeout);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

static const struct proto_ops xtcp_stream_ops = {
	.family		= PF_XTCP,
	.owner		= THIS_MODULE,
	.release	= xtcp_release,
	.bind		= xtcp_bind,
	.connect	= xtcp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_accept,
	.getname	= xtcp_getname,
	.poll		= xtcp_poll,
	.ioctl		= xtcp_ioctl,
	.listen		= xtcp_listen,
	.shutdown	= xtcp_shutdown,
	.setsockopt	= xtcp_setsockopt,
	.getsockopt	= xtcp_getsockopt,
	.sendmsg	= xtcp_sock_sendmsg,
	.recvmsg	= xtcp_sock_recvmsg,
	.mmap		= sock_no_mmap,
#ifdef XTCP_HAVE_SENDPAGE
	.sendpage	= xtcp_sendpage,
#endif
};

/* SO_KEEPALIVE, through sock_setsockopt(). */
static void xtcp_set_keepalive(struct sock *sk, int on)
{
	sock_valbool_flag(sk, SOCK_KEEPOPEN, on);
	xtcp_timer_keepalive_set(sk);
}

static void xtcp_sk_destruct(struct sock *sk)
{
	struct sk_buff *skb;

	/*
	 * As inet_sock_destruct(): the cached route and IP_OPTIONS are ours
	 * to free. A grace period has passed (SOCK_RCU_FREE): no reader is
	 * left, so no kfree_rcu(). IP_XFRM_POLICY's policies go as
	 * inet_csk_destroy_sock() and sk_common_release() drop them.
	 */
	dst_release(rcu_dereference_protected(sk->sk_dst_cache, 1));
	kfree(rcu_dereference_protected(inet_sk(sk)->inet_opt, 1));
	if (xtcp_sk_v6(sk))
		inet6_cleanup_sock(sk);
	xfrm_sk_free_policy(sk);
	/* The last reference: nothing else can reach the queues. */
	__skb_queue_purge(&sk->sk_error_queue);
	__skb_queue_purge(&sk->sk_receive_queue);
	while ((skb = __skb_dequeue(&sk->sk_write_queue)) ||
	       (skb = __skb_dequeue(&xtcp_sk(sk)->rtx_queue)))
		xtcp_wmem_free_skb(sk, skb);
	xtcp_ofo_purge(&xtcp_sk(sk)->ofo);
	/* What is left of sk_forward_alloc goes back (inet_sock_destruct()). */
	sk_mem_reclaim_final(sk);
	WARN_ON_ONCE(sk->sk_wmem_queued);
	WARN_ON_ONCE(sk->sk_forward_alloc);
	sk_sockets_allocated_dec(sk);
	if (atomic_dec_and_test(&xtcp_live_socks))
		wake_up_var(&xtcp_live_socks);
}

/*
 * No .owner: open files pin the module through proto_ops, but orphans and
 * unaccepted children must not, so that rmmod can end them (main.c).
 * Lookups take locks, not RCU: no SLAB_TYPESAFE_BY_RCU, which would also
 * hide a use after free from KASAN.
 */
struct proto xtcp_prot = {
	.name		= "XTCP",
	.obj_size	= sizeof(struct xtcp_sock),
	.backlog_rcv	= xtcp_backlog_rcv,
	.release_cb	= xtcp_release_cb,
	.keepalive	= xtcp_set_keepalive,
	/* One memory budget for all XTCP sockets (mem.c). */
	.enter_memory_pressure	= xtcp_enter_memory_pressure,
	.memory_allocated	= &xtcp_memory_allocated,
	.per_cpu_fw_alloc	= &xtcp_memory_per_cpu_fw_alloc,
	.sockets_allocated	= &xtcp_sockets_allocated,
	.memory_pressure	= &xtcp_memory_pressure,
	.sysctl_mem		= xtcp_sysctl_mem,
	.sysctl_wmem		= xtcp_mem_min,
	.sysctl_rmem		= xtcp_mem_min,
};

/* A new socket; @sock is NULL for a listener's child. */
struct sock *xtcp_sock_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			     int kern, bool v6)
{
	struct sock *sk = sk_alloc(net, xtcp_family, gfp,
				   v6 ? &xtcp6_prot : &xtcp_prot, kern);

	if (!sk)
		return NULL;
	atomic_inc(&xtcp_live_socks);
	sk_sockets_allocated_inc(sk);
	sock_init_data(sock, sk);
	sk->sk_type = SOCK_STREAM;
	sk->sk_protocol = xtcp_ipproto;
	sk->sk_destruct = xtcp_sk_destruct;
	/* As inet_create(): release_sock() calls this one, not the proto's. */
	sk->sk_backlog_rcv = xtcp_prot.backlog_rcv;
	sk->sk_sndbuf = READ_ONCE(xtcp_sysctl(sk)->wmem[1]);
	sk->sk_rcvbuf = READ_ONCE(xtcp_sysctl(sk)->rmem[1]);
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->mc_ttl = 1;
	/* DF on what we send: path MTU discovery (pmtu.c). */
	inet_sk(sk)->pmtudisc = READ_ONCE(net->ipv4.sysctl_ip_no_pmtu_disc) ?
				IP_PMTUDISC_DONT : IP_PMTUDISC_WANT;
	xtcp_init_sock(sk);
	if (v6)
		xtcp6_init_sock(sk);
	return sk;
}

/*
 * IPPROTO_TCP asks for a socket that passes for TCP's (xtcpize): it takes
 * AF_INET sockaddrs and its names are AF_INET's. Accepted sockets inherit
 * that from their listener.
 */
static int xtcp_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	struct sock *sk;
	bool v6;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	/* XTCPPROTO_XTCP6 (256) and XTCPPROTO_TCP6: the same, for IPv6. */
	v6 = protocol >= XTCPPROTO_XTCP6;
	if (v6)
		protocol -= XTCPPROTO_XTCP6;
	if (protocol && protocol != IPPROTO_XTCP && protocol != xtcp_ipproto &&
	    protocol != IPPROTO_TCP)
		return -EPROTONOSUPPORT;

	sock->ops = &xtcp_stream_ops;
	sock->state = SS_UNCONNECTED;
	sk = xtcp_sock_alloc(net, sock, GFP_KERNEL, kern, v6);
	if (!sk)
		return -ENOMEM;
	xtcp_sk(sk)->opt.inet = protocol == IPPROTO_TCP;
	return 0;
}

/* Not const: the family number is a module parameter. */
struct net_proto_family xtcp_family_ops = {
	.family	= PF_XTCP,
	.create	= xtcp_create,
	.owner	= THIS_MODULE,
};
