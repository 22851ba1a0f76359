// SPDX-License-Identifier: GPL-2.0
/* What the command-line tools share: one-line errors, checks, parsing. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "cli.h"

static const char *prog = "vswap";

void set_progname(const char *name)
{
	prog = name;
}

const char *progname(void)
{
	return prog;
}

static void vmsg(const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "%s: %s\n", prog, buf);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(1);
}

void usage_error(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s (try --help)\n", prog, buf);
	exit(2);
}

void bad_option(int c, char *const *argv, const char *what)
{
	const char *arg = argv[optind - 1], *in = what ? " for " : "";
	/* a short option may be one letter of a group (-jc): name only it */
	bool is_long = !strncmp(arg, "--", 2);

	if (!what)
		what = "";
	if (c == ':') {
		if (is_long || !optopt)
			usage_error("option %s needs an argument", arg);
		usage_error("option -%c needs an argument", optopt);
	}
	if (is_long || !optopt)
		usage_error("unknown option '%s'%s%s", arg, in, what);
	usage_error("unknown option '-%c'%s%s", optopt, in, what);
}

void die_bpf(const char *what, int err)
{
	if (err < 0)
		err = -err;
	if (err == EPERM || err == EACCES)
		die("%s: BPF not permitted (%s): needs root with CAP_BPF and "
		    "CAP_PERFMON, and no lockdown or sysctl forbidding BPF",
		    what, strerror(err));
	die("%s: %s", what, strerror(err));
}

void check_privileges(void)
{
	if (geteuid() != 0)
		die("must be run as root (BPF needs CAP_BPF and CAP_PERFMON)");
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		die("the kernel has no BTF (/sys/kernel/btf/vmlinux): it needs "
		    "CONFIG_DEBUG_INFO_BTF=y");
}

double parse_positive(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || !isfinite(v))
		usage_error("invalid %s '%s' (want a positive number)", what, s);
	return v;
}

uint64_t cgroup_id(const char *path)
{
	struct statfs fs;
	struct stat st;

	if (stat(path, &st))
		die("cgroup '%s': %s", path, strerror(errno));
	if (statfs(path, &fs) || !S_ISDIR(st.st_mode) ||
	    (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC))
		die("'%s' is not a cgroup directory", path);
	/* A cgroup's id is the inode number of its directory (kernfs). */
	return st.st_ino;
}

struct timespec timespec_after(struct timespec t, double seconds)
{
	double whole = floor(seconds);

	t.tv_sec += (time_t)whole;
	t.tv_nsec += (long)((seconds - whole) * 1e9);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

bool sleep_until(const struct timespec *deadline, volatile sig_atomic_t *stop, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLPRI };
	struct timespec now;
	double left;

	while (!*stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (deadline->tv_sec - now.tv_sec) +
		       (deadline->tv_nsec - now.tv_nsec) / 1e9;
		if (left <= 0)
			break;
		if (left > 86400)
			left = 86400;
		/* A signal interrupts poll; the handler has set *stop. */
		if (poll(&pfd, fd >= 0, (int)ceil(left * 1000)) > 0 &&
		    (pfd.revents & (POLLPRI | POLLERR)))
			return true;
	}
	return false;
}

void sleep_interval(double seconds, volatile sig_atomic_t *stop)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	now = timespec_after(now, seconds);
	sleep_until(&now, stop, -1);
}
