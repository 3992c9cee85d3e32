/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Global memory accounting, as Linux TCP's (tcp_mem): every queued skb is
 * charged to the protocol's memory_allocated through sk_forward_alloc.
 */
#ifndef _XTCP_MEM_H
#define _XTCP_MEM_H

#include <net/sock.h>
#ifdef XTCP_HAVE_PROTO_MEMORY_H
#include <net/proto_memory.h>
#endif

extern atomic_long_t xtcp_memory_allocated;
DECLARE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);
extern struct percpu_counter xtcp_sockets_allocated;
extern unsigned long xtcp_memory_pressure;
extern long xtcp_sysctl_mem[3];
extern int xtcp_mem_min[3];

int xtcp_mem_init(void);
long xtcp_mem_pages(void);
void xtcp_mem_exit(void);
void xtcp_enter_memory_pressure(struct sock *sk);

bool xtcp_wmem_schedule(struct sock *sk, int size);
void xtcp_wmem_charge(struct sock *sk, int size);
void xtcp_wmem_uncharge(struct sock *sk, int size);
void xtcp_wmem_resize(struct sock *sk, int delta);
void xtcp_wmem_free_skb(struct sock *sk, struct sk_buff *skb);
void xtcp_sndbuf_expand(struct sock *sk);
bool xtcp_out_of_memory(const struct sock *sk);
bool xtcp_backlog_charge(struct sock *sk, const struct sk_buff *skb);
void xtcp_backlog_uncharge(struct sock *sk, const struct sk_buff *skb);

#endif /* _XTCP_MEM_H */
