// SPDX-License-Identifier: GPL-2.0
/*
 * Global memory accounting, as Linux TCP's. All XTCP sockets share one
 * budget, the sysctl mem (pages: min, pressure, max, as tcp_mem, global
 * and so only in the first network namespace). Queued skbs are charged to
 * it through sk_forward_alloc: the receive and out-of-order queues by
 * sk_rmem_schedule() (data.c), the write and retransmission queues by
 * xtcp_wmem_schedule() in sendmsg() or, where nothing may fail (a FIN, a
 * cut skb), by xtcp_wmem_charge(); a held socket's backlog by
 * xtcp_backlog_charge(). Over the pressure mark a socket gets
 * little more than its minimum, its fair share (__sk_mem_raise_allocated()),
 * and senders wait; over the hard limit nothing new is taken in.
 */
#include <kunit/visibility.h>
#include <linux/percpu_counter.h>
#include <linux/swap.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "xtcp.h"
#include "mem.h"
#include "sysctl.h"
#include "stats.h"

atomic_long_t xtcp_memory_allocated;
DEFINE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);
struct percpu_counter xtcp_sockets_allocated;
unsigned long xtcp_memory_pressure;
EXPORT_SYMBOL_IF_KUNIT(xtcp_memory_pressure);
long xtcp_sysctl_mem[3];
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_mem);
/*
 * What a socket may always hold under pressure, for struct proto: one
 * page each way, tcp_rmem[0] and tcp_wmem[0]'s defaults. The proto can
 * only reach a per-netns value inside struct net, where XTCP has none.
 */
int xtcp_mem_min[3] = { PAGE_SIZE, PAGE_SIZE, PAGE_SIZE };

static struct ctl_table xtcp_mem_table[] = {
	{
		.procname	= "mem",
		.data		= &xtcp_sysctl_mem,
		.maxlen		= sizeof(xtcp_sysctl_mem),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{ }
};

static struct ctl_table_header *xtcp_mem_hdr;

/* As tcp_init_mem(): 1/16 of the buffer pages is the pressure mark. */
static void xtcp_mem_defaults(void)
{
	unsigned long limit = max(nr_free_buffer_pages() / 16, 128UL);

	xtcp_sysctl_mem[0] = limit / 4 * 3;
	xtcp_sysctl_mem[1] = limit;
	xtcp_sysctl_mem[2] = xtcp_sysctl_mem[0] * 2;
}

int xtcp_mem_init(void)
{
	int err;

	xtcp_mem_defaults();
	err = percpu_counter_init(&xtcp_sockets_allocated, 0, GFP_KERNEL);
	if (err)
		return err;
	xtcp_mem_hdr = xtcp_register_net_sysctl(&init_net, "net/xtcp",
						xtcp_mem_table, 1);
	if (!xtcp_mem_hdr) {
		percpu_counter_destroy(&xtcp_sockets_allocated);
		return -ENOMEM;
	}
	return 0;
}

void xtcp_mem_exit(void)
{
	unregister_net_sysctl_table(xtcp_mem_hdr);
	percpu_counter_destroy(&xtcp_sockets_allocated);
}

/*
 * Pages charged, with what each CPU keeps back (sk_memory_allocated_add()):
 * exact only while nothing charges, so for tests.
 */
long xtcp_mem_pages(void)
{
	long sum = atomic_long_read(&xtcp_memory_allocated);
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(&xtcp_memory_per_cpu_fw_alloc, cpu);
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_mem_pages);

/* As tcp_enter_memory_pressure(): the time it began, and a count. */
void xtcp_enter_memory_pressure(struct sock *sk)
{
	unsigned long val;

	if (READ_ONCE(xtcp_memory_pressure))
		return;
	val = jiffies ?: 1;
	if (!cmpxchg(&xtcp_memory_pressure, 0, val))
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_MEMORYPRESSURES);
}

/*
 * @size more bytes in the send queues, charged whatever the pressure, as
 * sk_forced_mem_schedule() (not exported): __sk_mem_schedule() charges a
 * stream socket past every limit when its queue is at or over sk_sndbuf
 * (memcg included, with __GFP_NOFAIL), so it is made so for the call.
 * Nothing happens if sendmsg() scheduled the bytes already.
 */
void xtcp_wmem_charge(struct sock *sk, int size)
{
	if (sk_has_account(sk) && size > sk->sk_forward_alloc) {
		u8 locks = sk->sk_userlocks;
		int sndbuf = sk->sk_sndbuf;

		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		WRITE_ONCE(sk->sk_sndbuf, 0);
		__sk_mem_schedule(sk, size - sk->sk_forward_alloc, SK_MEM_SEND);
		WRITE_ONCE(sk->sk_sndbuf, sndbuf);
		sk->sk_userlocks = locks;
	}
	sk->sk_wmem_queued += size;
	sk_mem_charge(sk, size);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_wmem_charge);

void xtcp_wmem_uncharge(struct sock *sk, int size)
{
	sk->sk_wmem_queued -= size;
	sk_mem_uncharge(sk, size);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_wmem_uncharge);

/*
 * Room for @size more bytes of text from sendmsg(), as sk_wmem_schedule(),
 * but for one difference: past the hard limit Linux still lets a sender
 * queue one skb (__sk_mem_raise_allocated() charges a stream socket whose
 * queue is at or over its moderated sk_sndbuf), which 1000 senders turn
 * into 1000 skbs past the limit. XTCP's sender waits instead.
 */
bool xtcp_wmem_schedule(struct sock *sk, int size)
{
	int delta = size - sk->sk_forward_alloc;

	if (delta <= 0 || !sk_has_account(sk))
		return true;
	if (sk_memory_allocated(sk) + sk_mem_pages(delta) >
	    sk_prot_mem_limits(sk, 2)) {
		sk_stream_moderate_sndbuf(sk);
		return false;
	}
	return __sk_mem_schedule(sk, delta, SK_MEM_SEND);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_wmem_schedule);

/*
 * A send buffer that memory pressure shrank (sk_stream_moderate_sndbuf())
 * grows back to wmem[1] once XTCP is under its low mark again, as
 * tcp_new_space() expands it when tcp_should_expand_sndbuf(). One the user
 * set is never shrunk.
 */
void xtcp_sndbuf_expand(struct sock *sk)
{
	int want = READ_ONCE(xtcp_sysctl(sk)->wmem[1]);

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK || sk->sk_sndbuf >= want ||
	    sk_under_memory_pressure(sk) ||
	    sk_memory_allocated(sk) >= sk_prot_mem_limits(sk, 0))
		return;
	WRITE_ONCE(sk->sk_sndbuf, want);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sndbuf_expand);

/* The send queues grew (or shrank) by @delta bytes. */
void xtcp_wmem_resize(struct sock *sk, int delta)
{
	if (delta > 0)
		xtcp_wmem_charge(sk, delta);
	else if (delta < 0)
		xtcp_wmem_uncharge(sk, -delta);
}

/* @skb, off the send queues, is freed: as tcp_wmem_free_skb(). */
void xtcp_wmem_free_skb(struct sock *sk, struct sk_buff *skb)
{
	xtcp_wmem_uncharge(sk, skb->truesize);
	consume_skb(skb);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_wmem_free_skb);

/*
 * A segment for a socket a user holds waits in its backlog: bounded by
 * SO_RCVBUF + SO_SNDBUF, as Linux's, and charged to the budget too, which
 * Linux's is not. Not through sk_forward_alloc, which the user may be
 * changing: straight to memory_allocated, in whole pages, taken back
 * before the segment is processed (and charged as any other).
 * False if the budget is past its hard limit: the segment is dropped.
 */
bool xtcp_backlog_charge(struct sock *sk, const struct sk_buff *skb)
{
	int pages = sk_mem_pages(skb->truesize);

	if (!sk_has_account(sk))
		return true;
	if (sk_memory_allocated(sk) + pages > sk_prot_mem_limits(sk, 2))
		return false;
	/* Not by the per-CPU reserves: 6.1 does not export their size. */
	atomic_long_add(pages, &xtcp_memory_allocated);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_backlog_charge);

void xtcp_backlog_uncharge(struct sock *sk, const struct sk_buff *skb)
{
	if (sk_has_account(sk))
		atomic_long_sub(sk_mem_pages(skb->truesize),
				&xtcp_memory_allocated);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_backlog_uncharge);

/* As tcp_out_of_memory(): for an orphan, whether to give up. */
bool xtcp_out_of_memory(const struct sock *sk)
{
	return sk->sk_wmem_queued > SOCK_MIN_SNDBUF &&
	       sk_memory_allocated(sk) > sk_prot_mem_limits(sk, 2);
}
