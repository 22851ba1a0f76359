// SPDX-License-Identifier: GPL-2.0
/* What the command-line tools share: one-line errors, checks, parsing. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
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

void json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void sleep_interval(double seconds, volatile sig_atomic_t *stop)
{
	struct timespec ts = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - floor(seconds)) * 1e9),
	};

	/* A signal interrupts nanosleep; the handler has set *stop. */
	while (!*stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}
