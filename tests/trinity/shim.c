// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for tests/trinity.sh. trinity makes its pool of sockets
 * with libc's socket(), with random types and protocols, and gives up if
 * it cannot make enough; XTCP only takes SOCK_STREAM, protocol 0 or its
 * own. For the family named by XTCP_TRINITY_FAMILY, this socket() asks for
 * SOCK_STREAM (keeping SOCK_NONBLOCK and SOCK_CLOEXEC) and protocol 0.
 * The calls trinity fuzzes go through syscall(), not through here: they
 * keep their random arguments.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/socket.h>

int socket(int domain, int type, int protocol)
{
	static int (*real)(int, int, int);
	const char *fam = getenv("XTCP_TRINITY_FAMILY");

	if (!real)
		real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	if (fam && domain == atoi(fam)) {
		type = SOCK_STREAM | (type & (SOCK_NONBLOCK | SOCK_CLOEXEC));
		protocol = 0;
	}
	return real(domain, type, protocol);
}
