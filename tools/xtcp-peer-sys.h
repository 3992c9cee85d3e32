/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp-peer's view of the stack's own interfaces: /proc/net/xtcp rows,
 * /proc/net/xtcp_stat counters, /proc/sys/net/xtcp sysctls (restored at
 * exit) and the names of socket options and errnos that scripts use.
 * Header-only, because the Makefile builds each tools/ C file on its own.
 */
#ifndef XTCP_PEER_SYS_H
#define XTCP_PEER_SYS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/xtcp.h>

#include "xtcp-proc.h"

static struct {
	char name[48];
	long old;
} xtcp_sysctls[XTCP_MAX_SYSCTLS];
static int xtcp_nr_sysctls;

static inline int xtcp_sysctl_rw(const char *name, long *get, long put)
{
	char path[128];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/proc/sys/net/xtcp/%.64s", name);
	f = fopen(path, get ? "r" : "w");
	if (!f)
		return -1;
	if (get)
		ret = fscanf(f, "%ld", get) == 1 ? 0 : -1;
	else
		ret = fprintf(f, "%ld\n", put) < 0 ? -1 : 0;
	return fclose(f) || ret ? -1 : 0;
}

/* Set sysctl @name, remembering its first value for xtcp_sysctl_restore(). */
static inline int xtcp_sysctl_set(const char *name, long val)
{
	long old;
	int i;

	for (i = 0; i < xtcp_nr_sysctls; i++)
		if (!strcmp(xtcp_sysctls[i].name, name))
			break;
	if (i == xtcp_nr_sysctls) {
		if (i == XTCP_MAX_SYSCTLS || xtcp_sysctl_rw(name, &old, 0))
			return -1;
		snprintf(xtcp_sysctls[i].name, sizeof(xtcp_sysctls[i].name),
			 "%s", name);
		xtcp_sysctls[i].old = old;
		xtcp_nr_sysctls++;
	}
	return xtcp_sysctl_rw(name, NULL, val);
}

static inline void xtcp_sysctl_restore(void)
{
	int i;

	for (i = 0; i < xtcp_nr_sysctls; i++)
		xtcp_sysctl_rw(xtcp_sysctls[i].name, NULL, xtcp_sysctls[i].old);
}

struct xtcp_name {
	const char *name;
	int level, val;
};

#define XTCP_NAME(level, x) { #x, level, x }

static const struct xtcp_name xtcp_sockopts[] = {
	XTCP_NAME(SOL_SOCKET, SO_KEEPALIVE),
	XTCP_NAME(SOL_SOCKET, SO_REUSEADDR),
	XTCP_NAME(SOL_SOCKET, SO_RCVBUF),
	XTCP_NAME(SOL_XTCP, XTCP_NODELAY),
	XTCP_NAME(SOL_XTCP, XTCP_KEEPIDLE),
	XTCP_NAME(SOL_XTCP, XTCP_KEEPINTVL),
	XTCP_NAME(SOL_XTCP, XTCP_KEEPCNT),
	XTCP_NAME(SOL_XTCP, XTCP_LINGER2),
	XTCP_NAME(SOL_IP, IP_RECVERR),
	XTCP_NAME(SOL_IP, IP_MTU_DISCOVER),
	{ NULL }
};

static const struct xtcp_name xtcp_errnos[] = {
	XTCP_NAME(0, EAGAIN), XTCP_NAME(0, EINPROGRESS),
	XTCP_NAME(0, EALREADY), XTCP_NAME(0, EISCONN),
	XTCP_NAME(0, ENOTCONN), XTCP_NAME(0, ETIMEDOUT),
	XTCP_NAME(0, ECONNRESET), XTCP_NAME(0, ECONNREFUSED),
	XTCP_NAME(0, ECONNABORTED), XTCP_NAME(0, EPIPE),
	XTCP_NAME(0, EINVAL), XTCP_NAME(0, EADDRINUSE),
	XTCP_NAME(0, EHOSTUNREACH), XTCP_NAME(0, ENETUNREACH),
	XTCP_NAME(0, ENOPROTOOPT), XTCP_NAME(0, EPROTO),
	{ NULL }
};

static inline const struct xtcp_name *xtcp_name_find(const struct xtcp_name *t,
						     const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static inline const char *xtcp_errno_name(int err)
{
	const struct xtcp_name *t;

	for (t = xtcp_errnos; t->name; t++)
		if (t->val == err)
			return t->name;
	return strerror(err);
}

/* A number from /sys/module/xtcp/parameters/, or @def. */
static inline int xtcp_module_param(const char *name, int def)
{
	char path[96];
	FILE *f;
	int v = def;

	snprintf(path, sizeof(path), "/sys/module/xtcp/parameters/%s", name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = def;
		fclose(f);
	}
	return v;
}

#endif /* XTCP_PEER_SYS_H */
