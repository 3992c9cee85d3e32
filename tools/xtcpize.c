// SPDX-License-Identifier: GPL-2.0
/*
 * xtcpize: run unmodified TCP programs over XTCP (Documentation/man/xtcpize.8).
 *
 *   xtcpize run CMD [ARGS...]   CMD with libxtcpize.so preloaded
 *   xtcpize enable UNIT         a systemd drop-in that preloads it for UNIT
 *   xtcpize disable UNIT        removes that drop-in, and only it
 *
 * The library is found beside this program (the build tree: build/tools/)
 * or in ../lib/xtcpize/ from it (installed: tools/install.mk).
 * XTCPIZE_SYSTEMD_DIR replaces /etc/systemd/system, for tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIB_NAME	"libxtcpize.so"
#define DROPIN_NAME	"xtcpize.conf"
#define DROPIN_MARK	"# Written by xtcpize enable; xtcpize disable removes it."

static int usage(FILE *f, int rc)
{
	fprintf(f,
		"usage: xtcpize run CMD [ARGS...]\n"
		"       xtcpize enable UNIT\n"
		"       xtcpize disable UNIT\n"
		"Runs TCP programs over XTCP: see xtcpize(8).\n");
	return rc;
}

/* The library's absolute path, beside this program or in ../lib/xtcpize. */
static int find_lib(char *out, size_t size)
{
	static const char *const rel[] = { "", "/../lib/xtcpize" };
	char exe[PATH_MAX], path[PATH_MAX + 64], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	unsigned int i;

	if (n <= 0)
		return -1;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = 0;
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(path, sizeof(path), "%s%s/" LIB_NAME, exe, rel[i]);
		if (access(path, R_OK) == 0 && realpath(path, out) &&
		    strlen(out) < size)
			return 0;
	}
	return -1;
}

/* LD_PRELOAD splits at spaces and colons: the path must have neither. */
static int lib_or_die(char *lib, size_t size)
{
	if (find_lib(lib, size)) {
		fprintf(stderr, "xtcpize: " LIB_NAME " not found beside %s nor in ../lib/xtcpize\n",
			"xtcpize");
		return -1;
	}
	if (strpbrk(lib, " :\t\n")) {
		fprintf(stderr, "xtcpize: %s: a space or colon in the path\n",
			lib);
		return -1;
	}
	return 0;
}

/* Is @lib one of the entries of the LD_PRELOAD list @list? */
static int in_list(const char *list, const char *lib)
{
	size_t n = strlen(lib);
	const char *p = list;

	while ((p = strstr(p, lib))) {
		if ((p == list || strchr(" :", p[-1])) &&
		    (p[n] == 0 || strchr(" :", p[n])))
			return 1;
		p += n;
	}
	return 0;
}

/* The XTCP family answers, or the module loads on demand (net-pf-22). */
static int xtcp_available(void)
{
	FILE *f = fopen("/sys/module/xtcp/parameters/family", "r");
	int fam = 22, fd;

	if (f) {
		if (fscanf(f, "%d", &fam) != 1)
			fam = 22;
		fclose(f);
	}
	fd = socket(fam, SOCK_STREAM, IPPROTO_TCP);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int cmd_run(char **argv)
{
	char lib[PATH_MAX], *list;
	const char *old = getenv("LD_PRELOAD");

	if (argv[0] && !strcmp(argv[0], "--"))
		argv++;
	if (!argv[0])
		return usage(stderr, 2);
	if (lib_or_die(lib, sizeof(lib)))
		return 1;
	if (!xtcp_available()) {
		fprintf(stderr, "xtcpize: XTCP is not there: %s (load xtcp.ko)\n",
			strerror(errno));
		return 1;
	}
	/*
	 * Keep what is preloaded already. Ours goes first, so that a
	 * socket() wrapper behind it still sees the call, through RTLD_NEXT.
	 */
	if (old && *old && !in_list(old, lib)) {
		if (asprintf(&list, "%s %s", lib, old) < 0)
			return 1;
	} else if (old && *old) {
		list = strdup(old);
	} else {
		list = strdup(lib);
	}
	if (!list || setenv("LD_PRELOAD", list, 1))
		return 1;
	free(list);
	execvp(argv[0], argv);
	fprintf(stderr, "xtcpize: %s: %s\n", argv[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

/*
 * The drop-in's directory for @unit: UNIT.d, with ".service" added to a
 * name without a type, as systemctl does.
 */
static int dropin_dir(const char *unit, char *out, size_t size)
{
	const char *base = getenv("XTCPIZE_SYSTEMD_DIR");
	const char *dot = strrchr(unit, '.');
	int n;

	if (!*unit || strchr(unit, '/') || unit[0] == '.' ||
	    strlen(unit) > 255) {
		fprintf(stderr, "xtcpize: %s: not a unit name\n", unit);
		return -1;
	}
	if (!base || !*base)
		base = "/etc/systemd/system";
	n = snprintf(out, size, "%s/%s%s.d", base, unit,
		     dot ? "" : ".service");
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Reload systemd when it runs and the drop-in is in its own directory. */
static void reload(const char *unit)
{
	if (getenv("XTCPIZE_SYSTEMD_DIR") || access("/run/systemd/system", F_OK))
		return;
	if (system("systemctl daemon-reload") != 0)
		fprintf(stderr, "xtcpize: systemctl daemon-reload failed\n");
	else
		printf("xtcpize: restart %s for it to take effect\n", unit);
}

static int cmd_enable(const char *unit)
{
	char lib[PATH_MAX], dir[PATH_MAX], file[PATH_MAX + 32], tmp[PATH_MAX + 40];
	FILE *f;

	if (lib_or_die(lib, sizeof(lib)) || dropin_dir(unit, dir, sizeof(dir)))
		return 1;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "xtcpize: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(file, sizeof(file), "%s/" DROPIN_NAME, dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "xtcpize: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	/*
	 * Environment= replaces an LD_PRELOAD the unit sets elsewhere;
	 * systemd then keeps the last one. The vendor unit stays untouched.
	 */
	fprintf(f, DROPIN_MARK "\n[Service]\nEnvironment=LD_PRELOAD=%s\n", lib);
	if (fclose(f) || rename(tmp, file)) {
		fprintf(stderr, "xtcpize: %s: %s\n", file, strerror(errno));
		unlink(tmp);
		return 1;
	}
	printf("xtcpize: %s\n", file);
	reload(unit);
	return 0;
}

static int cmd_disable(const char *unit)
{
	char dir[PATH_MAX], file[PATH_MAX + 32], line[256] = "";
	FILE *f;

	if (dropin_dir(unit, dir, sizeof(dir)))
		return 1;
	snprintf(file, sizeof(file), "%s/" DROPIN_NAME, dir);
	f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "xtcpize: %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	if (strncmp(line, DROPIN_MARK, strlen(DROPIN_MARK))) {
		fprintf(stderr, "xtcpize: %s was not written by xtcpize; left alone\n",
			file);
		return 1;
	}
	if (unlink(file)) {
		fprintf(stderr, "xtcpize: %s: %s\n", file, strerror(errno));
		return 1;
	}
	/* The directory goes only if nothing else is in it. */
	rmdir(dir);
	printf("xtcpize: removed %s\n", file);
	reload(unit);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout, 0);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argv + 2);
	if (argc != 3)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "enable"))
		return cmd_enable(argv[2]);
	if (!strcmp(argv[1], "disable"))
		return cmd_disable(argv[2]);
	return usage(stderr, 2);
}
