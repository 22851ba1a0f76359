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
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

void warn_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
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
	if (!(n >= spec->min && n <= spec->max) || (spec->above_min && n == spec->min))
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
	snprintf(buf, len, "%s%s%s%s%s%s%s%s",
		 spec->size ? "a size " : spec->whole ? "a whole number " : "",
		 spec->above_min ? "more than " : "", lo, spec->above_min ? ", up to " : "..",
		 hi, spec->unit ? " " : "", spec->unit ? spec->unit : "",
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

/* One line of /proc/self/mountinfo, the fields a cgroup check needs. */
struct mount_line {
	unsigned int major, minor;
	char root[PATH_MAX];	/* the directory of the filesystem mounted */
	char point[PATH_MAX];	/* where */
	char fstype[32];
	char opts[256];		/* the superblock's: a v1 hierarchy's controllers */
};

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++, out++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*out = *s;
		}
	}
	*out = '\0';
}

static bool mount_parse(char *line, struct mount_line *m)
{
	char *sep = strstr(line, " - ");

	if (!sep || sscanf(line, "%*u %*u %u:%u %4095s %4095s", &m->major, &m->minor,
			   m->root, m->point) != 4 ||
	    sscanf(sep + 3, "%31s %*s %255s", m->fstype, m->opts) != 2)
		return false;
	unescape(m->root);
	unescape(m->point);
	return true;
}

/* Is @word one of the comma-separated @list? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, word, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static bool is_cgroup_mount(const struct mount_line *m)
{
	return !strcmp(m->fstype, "cgroup") || !strcmp(m->fstype, "cgroup2");
}

/* Does @dir (of cgroup v2) list memory in its cgroup.controllers? */
static bool v2_has_memory(const char *dir)
{
	char path[PATH_MAX + 32], buf[512] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	for (char *tok = strtok(buf, " \n"); tok; tok = strtok(NULL, " \n"))
		if (!strcmp(tok, "memory"))
			return true;
	return false;
}

/* Has this cgroup mount the memory controller (v2: available, at its root)? */
static bool mount_has_memory(const struct mount_line *m)
{
	if (!strcmp(m->fstype, "cgroup"))
		return has_word(m->opts, "memory");
	return v2_has_memory(m->point);
}

/* A v1 hierarchy's superblock options less rw/ro: its controllers, name=... */
static void hierarchy_of(char *buf, size_t len, const char *opts)
{
	char copy[256], *save = NULL;
	size_t at = 0;

	snprintf(copy, sizeof(copy), "%s", opts);
	buf[0] = '\0';
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, "rw") && strcmp(tok, "ro") && at < len)
			at += snprintf(buf + at, len - at, "%s%s", at ? "," : "", tok);
}

/*
 * The cgroup mount of the filesystem @dev (under @real, of the mounts of
 * that hierarchy, if it is bind-mounted more than once), or with @dev 0
 * the first with the memory controller; false if none.
 */
static bool mount_find(dev_t dev, const char *real, struct mount_line *out)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	struct mount_line m;
	char line[3 * PATH_MAX];
	bool found = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (!mount_parse(line, &m) || !is_cgroup_mount(&m))
			continue;
		if (dev ? makedev(m.major, m.minor) != dev : !mount_has_memory(&m))
			continue;
		if (!found || (real && !strncmp(real, m.point, strlen(m.point))))
			*out = m;
		found = true;
	}
	fclose(f);
	return found;
}

static bool has_file(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !access(path, F_OK);
}

/* Where the memory controller is, for a hint: " (memory's is at ...)". */
static void memory_hint(char *buf, size_t len)
{
	struct mount_line m;

	if (mount_find(0, NULL, &m))
		snprintf(buf, len, "; the memory controller's %s hierarchy is at %s",
			 strcmp(m.fstype, "cgroup") ? "cgroup v2" : "v1", m.point);
	else
		snprintf(buf, len, "; no hierarchy here has the memory controller");
}

int cgroup_resolve(const char *path, struct cgroup_info *cg, char *why, size_t len)
{
	char real[PATH_MAX], hint[PATH_MAX + 80];
	struct mount_line m;
	struct statfs fs;
	struct stat st;
	bool memory, root;
	size_t n;

	memset(cg, 0, sizeof(*cg));
	if (stat(path, &st) || !realpath(path, real)) {
		snprintf(why, len, "cgroup '%s': %s", path, strerror(errno));
		return -1;
	}
	if (statfs(path, &fs) || !S_ISDIR(st.st_mode) ||
	    (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC)) {
		snprintf(why, len, "'%s' is not a cgroup directory", path);
		return -1;
	}
	cg->version = fs.f_type == CGROUP2_SUPER_MAGIC ? 2 : 1;
	/* A cgroup's id is the inode number of its directory (kernfs). */
	cg->id = st.st_ino;
	if (!mount_find(st.st_dev, real, &m)) {
		/* no mountinfo (a chroot without /proc): only the directory's files */
		snprintf(m.point, sizeof(m.point), "?");
		snprintf(m.root, sizeof(m.root), "/");
		snprintf(m.opts, sizeof(m.opts), "?");
	}
	snprintf(cg->mount, sizeof(cg->mount), "%s", m.point);
	if (cg->version == 2)
		snprintf(cg->controllers, sizeof(cg->controllers), "cgroup2");
	else
		hierarchy_of(cg->controllers, sizeof(cg->controllers), m.opts);
	/* the cgroup's path in its hierarchy: the mount's root, then below it */
	n = strlen(m.point);
	if (strncmp(real, m.point, n))
		n = 0;
	snprintf(cg->name, sizeof(cg->name), "%s%s",
		 strcmp(m.root, "/") ? m.root : "", real[n] ? real + n : "");
	if (!cg->name[0])
		snprintf(cg->name, sizeof(cg->name), "/");

	/*
	 * The BPF side matches a folio's memcg and its ancestors against the
	 * id: of a cgroup of another controller it never matches (and the
	 * run reports nothing), of the root it matches everything.
	 */
	root = cg->id == 1;	/* kernfs numbers a hierarchy's root 1 */
	if (cg->version == 1)
		memory = strcmp(m.opts, "?") ? has_word(m.opts, "memory") :
					       has_file(path, "memory.usage_in_bytes");
	else if (root)
		memory = v2_has_memory(path);
	else	/* memory.current: memory is in the parent's subtree_control */
		memory = has_file(path, "memory.current");
	if (!memory) {
		memory_hint(hint, sizeof(hint));
		if (cg->version == 1)
			snprintf(why, len, "'%s' is a cgroup of the v1 hierarchy '%s', "
				 "not of the memory controller's%s", path, cg->controllers, hint);
		else if (root)
			snprintf(why, len, "'%s' is the root of a cgroup v2 hierarchy "
				 "without the memory controller%s", path, hint);
		else
			snprintf(why, len, "'%s' is a cgroup v2 directory without the "
				 "memory controller (not in its parent's "
				 "cgroup.subtree_control)%s", path, hint);
		return -1;
	}
	if (root) {
		snprintf(why, len, "'%s' is the root of the memory cgroup hierarchy: "
			 "every process is in it (to measure everything, leave out -c)", path);
		return -1;
	}
	return 0;
}

uint64_t cgroup_id(const char *path)
{
	struct cgroup_info cg;
	char why[2 * PATH_MAX];

	if (cgroup_resolve(path, &cg, why, sizeof(why)))
		die("%s", why);
	return cg.id;
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
