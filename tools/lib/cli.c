// SPDX-License-Identifier: GPL-2.0
/* What the command-line tools share: one-line errors, checks, parsing. */
#include <ctype.h>
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
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <linux/capability.h>
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
		die("%s: BPF not permitted (%s): needs CAP_BPF and CAP_PERFMON "
		    "(or root), and no lockdown or sysctl forbidding BPF",
		    what, strerror(err));
	die("%s: %s", what, strerror(err));
}

/* The capability sets of this process: capget(2), without libcap. */
static bool cap_effective(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

/*
 * Not "root": what the kernel checks.  Loading tracing programs, reading
 * kernel memory from them and opening their perf events take CAP_BPF
 * and CAP_PERFMON (5.8 on); CAP_SYS_ADMIN stands for both (and is all
 * there is before 5.8).  A uid 0 without them (a container, a dropped
 * bounding set) is refused here too, not by a load that says EPERM.
 */
void check_privileges(void)
{
	bool bpf = cap_effective(CAP_BPF), perfmon = cap_effective(CAP_PERFMON);

	if (!cap_effective(CAP_SYS_ADMIN) && !(bpf && perfmon))
		die("needs CAP_BPF and CAP_PERFMON (or root), and this process lacks %s",
		    !bpf && !perfmon ? "both" : !bpf ? "CAP_BPF" : "CAP_PERFMON");
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		die("the kernel has no BTF (/sys/kernel/btf/vmlinux): it needs "
		    "CONFIG_DEBUG_INFO_BTF=y");
}

/* Digits, into *@v; false past 2^53, where a double stops being exact. */
static bool parse_digits(const char **s, double *v)
{
	const char *p = *s;
	uint64_t n = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > (1ULL << 53))
			return false;
	}
	*s = p;
	*v = (double)n;
	return true;
}

/*
 * A decimal number, [digits][.digits][e[+-]digits] with a digit in the
 * mantissa: what strtod() takes, less its blanks, signs, hex, inf and nan.
 */
static bool parse_decimal(const char *s, double *v)
{
	const char *p = s;
	bool digits = false;
	char *end;

	for (; isdigit((unsigned char)*p); p++)
		digits = true;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits = true;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	/* ERANGE: past DBL_MAX (inf) or below DBL_MIN; neither is a setting */
	return !errno && end == p && isfinite(*v);
}

bool num_parse(const char *s, const struct num_spec *spec, double *v)
{
	double n;

	if (!s)
		return false;
	if (spec->size) {
		static const char suffix[] = "KMGT";
		const char *p = s, *at;

		if (!parse_digits(&p, &n))
			return false;
		if (*p && (at = strchr(suffix, toupper((unsigned char)*p)))) {
			n = ldexp(n, 10 * (int)(at - suffix + 1));
			p++;
		}
		if (*p)
			return false;
	} else if (spec->whole) {
		const char *p = s;

		if (!parse_digits(&p, &n) || *p)
			return false;
	} else if (!parse_decimal(s, &n)) {
		return false;
	}
	if (!(n >= spec->min && n <= spec->max))
		return false;
	*v = n;
	return true;
}

/* A bound as typed: 86400, 0.1, 1073741824, not 8.64e+04. */
static void fmt_bound(char *buf, size_t len, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%g", v);
}

void num_spec_describe(char *buf, size_t len, const struct num_spec *spec)
{
	char lo[32], hi[32];

	fmt_bound(lo, sizeof(lo), spec->min);
	fmt_bound(hi, sizeof(hi), spec->max);
	snprintf(buf, len, "%s%s..%s%s%s%s",
		 spec->size ? "a size " : spec->whole ? "a whole number " : "",
		 lo, hi, spec->unit ? " " : "", spec->unit ? spec->unit : "",
		 spec->size ? " (K, M, G, T: binary multiples)" : "");
}

double parse_num(const char *s, const struct num_spec *spec)
{
	char range[128];
	double v;

	if (num_parse(s, spec, &v))
		return v;
	num_spec_describe(range, sizeof(range), spec);
	usage_error("%s must be %s, got '%s'", spec->what, range, s);
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
