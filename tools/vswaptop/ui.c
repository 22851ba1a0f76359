// SPDX-License-Identifier: GPL-2.0
/*
 * vswaptop's interactive screen, like top, htop and bpftop: one snapshot
 * per period, drawn with ncurses, keys read between samples.
 *
 * The loop is deadline based: it waits for keys with a timeout that ends
 * at the next sampling deadline, then samples and moves the deadline by
 * one period.  Keys never hold up the sampler, and the time spent
 * sampling and drawing does not make the period drift.
 *
 * The terminal must come back in the state it was found in, whatever
 * ends the program: 'q', SIGINT/SIGTERM/SIGHUP (a flag, the loop ends
 * and calls endwin()), the terminal hung up (as SIGHUP), exit() from
 * elsewhere (an atexit() hook), a crash (a handler calls endwin(), then
 * re-raises the signal) or a sanitizer's report (its death callback).  What is written to stderr meanwhile is
 * kept and printed once the terminal is back.
 */
#define _GNU_SOURCE		/* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <termios.h>
#include <sys/mman.h>
#include <curses.h>
/*
 * careful: term.h defines capability macros with plain names (lines,
 * columns, tab, bell, ...)
 */
#include <term.h>
#include <linux/types.h>
#include "vswap.h"
#include "hist.h"
#include "model.h"
#include "ui.h"

#define UI_NAME		"vswaptop"
#define UI_MIN_COLS	60
#define UI_MIN_LINES	15
#define UI_MIN_INTERVAL	0.1
#define UI_MAX_INTERVAL	60.0
/*
 * The longest wait for a key: bounds the reaction to a stop signal even
 * if the curses library retries the interrupted read.
 */
#define UI_POLL_MS	250
/* getch() failing at once this many times in a row: the terminal is gone. */
#define UI_MAX_QUICK_ERRS 100
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct ui {
	const struct top_source *src;
	struct top_snapshot *snap;	/* the last snapshot, NULL before the first */
	enum top_sort sort;
	double interval;
	bool paused;
	bool help;
	time_t started;
};

/* ---- signals and the terminal's state ------------------------------------ */

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t curses_on;

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct sigaction old_stop[ARRAY_SIZE(stop_signals)];
static struct sigaction old_crash[ARRAY_SIZE(crash_signals)];

/*
 * stderr while the screen is up: a message there would garble the screen
 * and vanish with it (the alternate screen), e.g. die() in a sampler,
 * a libbpf warning or a sanitizer's report.  It goes to a memory file,
 * copied to the real stderr after endwin().
 */
static int real_stderr = -1;
static int kept_stderr = -1;

static void keep_stderr(void)
{
	int fd = memfd_create("vswaptop-stderr", MFD_CLOEXEC);

	if (fd < 0)
		return;		/* then it goes to the screen: still works */
	fflush(stderr);
	real_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (real_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
		if (real_stderr >= 0)
			close(real_stderr);
		real_stderr = -1;
		close(fd);
		return;
	}
	kept_stderr = fd;
}

/* Async-signal-safe: the crash handler calls it. */
static void release_stderr(void)
{
	char buf[4096];
	ssize_t n;

	if (real_stderr < 0)
		return;
	dup2(real_stderr, STDERR_FILENO);
	close(real_stderr);
	real_stderr = -1;
	if (lseek(kept_stderr, 0, SEEK_SET) == 0)
		while ((n = read(kept_stderr, buf, sizeof(buf))) > 0)
			if (write(STDERR_FILENO, buf, n) != n)
				break;
	close(kept_stderr);
	kept_stderr = -1;
}

/* Every way out goes through here; doing it twice is harmless. */
static void screen_off(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
	release_stderr();
}

/*
 * In sanitizer builds a report ends the process without a signal, after
 * the runtime's death callback.  gcc links ASan and UBSan as two
 * runtimes, each with its own callback: every loaded object that has
 * the setter gets it.
 */
#if defined(__SANITIZE_ADDRESS__)
#define UI_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define UI_SANITIZED 1
#endif
#endif

#ifdef UI_SANITIZED
#include <dlfcn.h>
#include <link.h>

typedef void (*death_setter)(void (*callback)(void));

static int set_death_callback(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *name = info->dlpi_name;
	death_setter set;
	void *h;

	(void)size;
	(void)data;
	h = dlopen(name && *name ? name : NULL, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		return 0;
	set = (death_setter)dlsym(h, "__sanitizer_set_death_callback");
	if (set)
		set(screen_off);
	dlclose(h);
	return 0;
}

static void on_sanitizer_death(void)
{
	dl_iterate_phdr(set_death_callback, NULL);
}
#else
static void on_sanitizer_death(void)
{
}
#endif

static void on_stop(int sig)
{
	/* no curses here: the loop sees the flag and leaves */
	stop_signal = sig;
}

static void on_crash(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	/*
	 * endwin() is not async-signal-safe, but the process is dying and a
	 * terminal left in raw mode without echo is worse than the risk.
	 * Then the previous action (the default, or a sanitizer's report)
	 * takes the signal.  A fault comes back by itself when the faulting
	 * instruction runs again, with its true address for the core dump or
	 * the report; a sent signal (abort(), kill) is raised again, pending
	 * until we return as it is blocked in this handler.
	 */
	screen_off();
	for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++)
		if (crash_signals[i] == sig)
			sigaction(sig, &old_crash[i], NULL);
	if (!info || info->si_code <= 0)
		raise(sig);
}

/* No SA_RESTART: a stop signal must interrupt the wait for a key. */
static void set_handlers(const int *sigs, size_t n, const struct sigaction *sa,
			 struct sigaction *old)
{
	for (size_t i = 0; i < n; i++)
		sigaction(sigs[i], sa, &old[i]);
}

static void restore_handlers(const int *sigs, size_t n, const struct sigaction *old)
{
	for (size_t i = 0; i < n; i++)
		sigaction(sigs[i], &old[i], NULL);
}

static void ui_atexit(void)
{
	/* exit() while the screen is up, e.g. die() in a sampler */
	screen_off();
}

/*
 * The terminal hung up (its window closed, the connection lost): reads
 * return at once and its ioctls fail with EIO.  The SIGHUP that comes
 * with it goes to the session leader, and reaches us only if the shell
 * passes it on; whichever comes first ends the screen the same way.
 */
static bool hung_up(void)
{
	struct termios t;

	return tcgetattr(STDIN_FILENO, &t) < 0 && errno == EIO;
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- drawing helpers -------------------------------------------------------- */

/*
 * Printable ASCII only: a control character or a byte of a multibyte
 * character takes other than one cell, and the line would wrap.
 */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

/*
 * Print at (@y, @x), clipped to the screen: never wraps, never writes the
 * bottom-right cell (curses would scroll).  Returns the columns written.
 */
static int __attribute__((format(printf, 4, 5)))
put(int y, int x, attr_t attr, const char *fmt, ...)
{
	char buf[1024];
	int room, n;
	va_list ap;

	if (y < 0 || y >= LINES || x < 0)
		return 0;
	room = COLS - x - (y == LINES - 1);
	if (room <= 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sanitize(buf);
	n = strlen(buf);
	if (n > room)
		n = room;
	attrset(attr);
	mvaddnstr(y, x, buf, n);
	attrset(A_NORMAL);
	return n;
}

/*
 * @path (a field of @size bytes, maybe unterminated) in @w columns: the
 * end is what tells swap files apart.
 */
static const char *fit(char *buf, size_t len, const char *path, size_t size, int w)
{
	int n = strnlen(path, size);

	if (n <= w || w < 2)
		snprintf(buf, len, "%.*s", n, path);
	else
		snprintf(buf, len, "<%.*s", w - 1, path + n - (w - 1));
	return buf;
}

/*
 * Row @i of a table of @n rows cut to @rows: the last one says what is
 * cut, unless the table is so short that a row of data says more.
 */
static bool more_row(int i, int rows, int n)
{
	return i == rows - 1 && n > rows && rows >= 3;
}

static const char *interval_str(char *buf, size_t len, double s)
{
	snprintf(buf, len, "%.3gs", s);
	return buf;
}

/* ---- panels ------------------------------------------------------------------ */

/* Two lines: the first never needs more than UI_MIN_COLS. */
static void draw_header(const struct ui *ui)
{
	static const char keys[] = "h:help q:quit";
	const struct top_snapshot *s = ui->snap;
	char ts[16], iv[16], last[16], kernel[sizeof(s->kernel)], source[sizeof(s->source)];
	time_t t = s ? (time_t)s->time : ui->started;
	struct tm tm;
	int x;

	if (!localtime_r(&t, &tm) || !strftime(ts, sizeof(ts), "%H:%M:%S", &tm))
		snprintf(ts, sizeof(ts), "--:--:--");
	attrset(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	x = put(0, 0, A_REVERSE | A_BOLD, UI_NAME);
	x += put(0, x, A_REVERSE, "  %s  sort: %s", ts, top_sort_name(ui->sort));
	if (ui->paused) {
		x += put(0, x, A_REVERSE, "  ");
		x += put(0, x, A_BOLD, "PAUSED");
	}
	if (COLS - (int)strlen(keys) - 1 > x + 1)
		put(0, COLS - strlen(keys) - 1, A_REVERSE, keys);
	else
		put(0, x + 1, A_REVERSE, keys);

	interval_str(iv, sizeof(iv), ui->interval);
	x = put(1, 0, A_NORMAL, "interval %s", iv);
	/* the snapshot after a pause covers more than one period */
	if (s && fabs(s->interval_s - ui->interval) > 0.1 * ui->interval)
		x += put(1, x, A_NORMAL, " (last %s)",
			 interval_str(last, sizeof(last), s->interval_s));
	if (!s) {
		put(1, x, A_NORMAL, "  collecting the first snapshot...");
		return;
	}
	snprintf(kernel, sizeof(kernel), "%.*s", (int)sizeof(s->kernel) - 1, s->kernel);
	snprintf(source, sizeof(source), "%.*s", (int)sizeof(s->source) - 1, s->source);
	x += put(1, x, A_NORMAL, "  kernel %s  source %s", kernel, source);
	if (s->lost)
		put(1, x, A_BOLD, "  lost %llu events", (unsigned long long)s->lost);
}

/*
 * The width of the device column: the longest path, within 8..24, and
 * narrower on a narrow screen so that the lock tables keep their last
 * column (SHARE ends 69 columns after the path).
 */
static int path_width(const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_devs, SWAPS_MAX), w = 8, max = COLS - 69;

	for (int i = 0; i < n; i++) {
		int len = strnlen(s->devs[i].swap.path, sizeof(s->devs[i].swap.path));

		if (len > w)
			w = len;
	}
	if (max > 24)
		max = 24;
	if (max < 8)
		max = 8;
	return w > max ? max : w;
}

static int draw_devices(const struct top_snapshot *s, int y, int rows, int pw)
{
	int n = top_clamp(s->nr_devs, SWAPS_MAX);

	if (!n) {
		put(y, 0, A_BOLD, "DEVICES  none: no swap device is on");
		return y + 1;
	}
	put(y++, 0, A_BOLD, "%-*s %8s %8s %5s %7s %7s %7s %7s %9s %5s %4s", pw + 2, "DEVICES",
	    "SIZE", "USED", "USE%", "OUT/s", "IN/s", "ALLOC/s", "FREE/s", "ZERO", "PRIO", "TYPE");
	for (int i = 0; i < n && i < rows; i++) {
		const struct top_dev *d = &s->devs[i];
		char path[64], size[16], used[16], out[16], in[16], alloc[16], freed[16];
		char zero[24] = "-";

		if (d->has_zero)
			snprintf(zero, sizeof(zero), "%llu", (unsigned long long)d->zero_entries);
		put(y++, 0, A_NORMAL, "  %-*s %8s %8s %4.0f%% %7s %7s %7s %7s %9s %5d %4s", pw,
		    fit(path, sizeof(path), d->swap.path, sizeof(d->swap.path), pw),
		    top_fmt_size(size, sizeof(size), d->swap.size_kb * 1024.0),
		    top_fmt_size(used, sizeof(used), d->swap.used_kb * 1024.0),
		    d->swap.size_kb ? 100.0 * d->swap.used_kb / d->swap.size_kb : 0.0,
		    top_fmt_rate(out, sizeof(out), d->out_pages_per_s),
		    top_fmt_rate(in, sizeof(in), d->in_pages_per_s),
		    top_fmt_rate(alloc, sizeof(alloc), d->alloc_per_s),
		    top_fmt_rate(freed, sizeof(freed), d->free_per_s), zero, d->swap.prio,
		    top_dev_kind(d, true));
	}
	/* the last row says what is cut */
	if (more_row(rows - 1, rows, n)) {
		move(y - 1, 0);
		clrtoeol();
		put(y - 1, 0, A_NORMAL, "  ... %d more devices", n - rows + 1);
	}
	return y;
}

static int draw_rates(const struct top_snapshot *s, int y)
{
	const struct top_rates *r = &s->rates;
	char t[16], z[16], zs[16], d[16], wb[16], why[TOP_WHY];

	put(y++, 0, A_BOLD, "SWAP RATES pages/s  %8s %8s %8s %8s %8s   zswap writeback %s/s",
	    "TOTAL", "MiB/s", "ZERO", "ZSWAP", "DISK",
	    top_fmt_rate(wb, sizeof(wb), r->zswap_wb_pages_per_s));
	for (int dir = 0; dir < 2; dir++) {
		const double *v = dir ? r->in_pages_per_s : r->out_pages_per_s;
		double total = dir ? r->in_total_per_s : r->out_total_per_s;

		top_fmt_rate(t, sizeof(t), total);
		if (r->by_backend)
			put(y++, 0, A_NORMAL, "  %-17s %8s %8.2f %8s %8s %8s", dir ? "in" : "out",
			    t, top_mib_per_s(total),
			    top_fmt_rate(z, sizeof(z), v[TOP_ZERO]),
			    top_fmt_rate(zs, sizeof(zs), v[TOP_ZSWAP]),
			    top_fmt_rate(d, sizeof(d), v[TOP_DISK]));
		else
			put(y++, 0, A_NORMAL, "  %-17s %8s %8.2f %8s %8s %8s", dir ? "in" : "out",
			    t, top_mib_per_s(total), "-", "-", "-");
	}
	if (!r->by_backend)
		put(y++, 0, A_NORMAL, "  by backend unavailable: %s",
		    top_why(why, sizeof(why), r->why, sizeof(r->why)));
	return y;
}

static int draw_backends(const struct top_snapshot *s, int y)
{
	const struct top_backends *b = &s->backends;
	double page = top_page_size();
	char used[16], cache[16], zswap[16] = "off", zero[16] = "-";
	int x;

	if (b->has_zswap)
		top_fmt_size(zswap, sizeof(zswap), b->zswap_stored * page);
	if (b->has_zero)
		top_fmt_size(zero, sizeof(zero), b->zero * page);
	x = put(y, 0, A_BOLD, "BACKENDS");
	put(y, x, A_NORMAL, "  used %s  swapcache %s  zswap %s  zero %s",
	    top_fmt_size(used, sizeof(used), b->used * page),
	    top_fmt_size(cache, sizeof(cache), b->swapcache * page), zswap, zero);
	return y + 1;
}

static int draw_swapoff(const struct top_snapshot *s, int y)
{
	const struct top_swapoff *so = &s->swapoff;
	char why[TOP_WHY], path[64], bar[64], rate[16], eta[16];
	int x = put(y, 0, A_BOLD, "SWAPOFF"), width = COLS >= 100 ? 30 : 20;

	snprintf(why, sizeof(why), "%.*s", (int)sizeof(so->why) - 1, so->why);
	if (!so->active) {
		if (why[0])
			put(y, x, A_NORMAL, "  unavailable: %s", why);
		else
			put(y, x, A_NORMAL, "  none running");
		return y + 1;
	}
	put(y, x, A_NORMAL, "  %s %s %s %5.1f%%  %s pages/s  ETA %s  left %llu/%llu%s",
	    fit(path, sizeof(path), so->path, sizeof(so->path), 24),
	    so->done ? (so->ret ? "failed" : "done") : "running",
	    top_bar(bar, width, so->percent), so->percent,
	    top_fmt_rate(rate, sizeof(rate), so->pages_per_s),
	    top_fmt_eta(eta, sizeof(eta), so->eta_s),
	    (unsigned long long)so->remaining, (unsigned long long)so->total,
	    so->exact ? "" : " (estimated)");
	return y + 1;
}

/* The heading of the lock tables, the sorted column in reverse video. */
static void lock_heading(int y, int pw, enum top_sort key, bool clusters)
{
	static const struct { const char *name; int width; int key; } cols[] = {
		{ "CLUSTER", 14, SORT_CLUSTER }, { "LOCK", 15, -1 },
		{ "CONTENDED", 9, SORT_COUNT }, { "WAIT", 8, SORT_WAIT },
		{ "MAX", 8, SORT_MAX }, { "SHARE", 7, -1 },
	};
	int x = put(y, 0, A_BOLD, "  %-*s", pw, "DEVICE");

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		bool left = i < 2;
		bool mark = clusters && cols[i].key == (int)key;

		x += put(y, x, A_BOLD, " ");
		x += put(y, x, mark ? A_REVERSE | A_BOLD : A_BOLD, left ? "%-*s" : "%*s",
			 cols[i].width, i == 0 && !clusters ? "" : cols[i].name);
	}
}

/* Same columns as lock_heading(); device-wide locks have no cluster. */
static void lock_row(const struct top_snapshot *s, const struct top_lock *l, int y, int pw)
{
	char dev[256], path[64], place[24] = "", wait[16], max[16];

	if (l->kind == VS_LOCK_CLUSTER)
		snprintf(place, sizeof(place), "cluster %d", l->cluster);
	put(y, 0, A_NORMAL, "  %-*s %-14s %-15s %9llu %8s %8s %6.2f%%", pw,
	    fit(path, sizeof(path), top_dev_name(s, l->type, dev, sizeof(dev)), sizeof(dev), pw),
	    place,
	    top_lock_name(l->kind), (unsigned long long)l->contended,
	    fmt_duration(wait, sizeof(wait), (double)l->wait_ns),
	    fmt_duration(max, sizeof(max), (double)l->max_ns), l->share * 100);
}

static int draw_contention(const struct top_snapshot *s, int y, int rows, int pw,
			   enum top_sort key)
{
	const struct top_contention *c = &s->contention;
	struct top_lock l[TOP_MAX_CLUSTERS];
	int n = top_clamp(c->nr_clusters, TOP_MAX_CLUSTERS), total, x;
	char why[TOP_WHY];

	x = put(y, 0, A_BOLD, "CLUSTER CONTENTION");
	if (!c->available) {
		put(y, x, A_NORMAL, "  unavailable: %s",
		    top_why(why, sizeof(why), c->why, sizeof(c->why)));
		return y + 1;
	}
	total = c->nr_clusters_total > n ? c->nr_clusters_total : n;
	put(y++, x, A_NORMAL, "  by %s, %d contended cluster%s", top_sort_name(key), total,
	    total == 1 ? "" : "s");
	if (!n)
		return y;
	lock_heading(y++, pw, key, true);
	/* the source's rows were cut by its key; show them by ours */
	top_sorted_locks(l, c->clusters, n, TOP_MAX_CLUSTERS, key);
	for (int i = 0; i < n && i < rows; i++) {
		if (more_row(i, rows, n)) {
			put(y++, 0, A_NORMAL, "  ... %d more", total - i);
			break;
		}
		lock_row(s, &l[i], y++, pw);
	}
	return y;
}

static int draw_device_locks(const struct top_snapshot *s, int y, int rows, int pw,
			     enum top_sort key)
{
	const struct top_contention *c = &s->contention;
	struct top_lock l[ARRAY_SIZE(c->device_locks)];
	int n = top_clamp(c->nr_device_locks, ARRAY_SIZE(c->device_locks));
	int x = put(y, 0, A_BOLD, "DEVICE-WIDE LOCKS");
	char why[TOP_WHY];

	if (!c->available) {
		put(y, x, A_NORMAL, "  unavailable: %s",
		    top_why(why, sizeof(why), c->why, sizeof(c->why)));
		return y + 1;
	}
	if (!n) {
		put(y, x, A_NORMAL, "  none contended");
		return y + 1;
	}
	top_sorted_locks(l, c->device_locks, n, ARRAY_SIZE(l), key);
	put(y++, x, A_NORMAL, "  %d contended", n);
	for (int i = 0; i < n && i < rows; i++) {
		if (more_row(i, rows, n)) {
			put(y++, 0, A_NORMAL, "  ... %d more", n - i);
			break;
		}
		lock_row(s, &l[i], y++, pw);
	}
	return y;
}

/*
 * The longest of @n names, within @min..@max: @names points at the name
 * field of the first of @n structures, @stride bytes apart.
 */
static int name_width(const char *const *names, size_t stride, int n, int min, int max)
{
	int w = min;

	for (int i = 0; i < n; i++) {
		const char *name = *(const char *const *)((const char *)names + i * stride);
		int len = name ? strlen(name) : 1;

		if (len > w)
			w = len;
	}
	return w > max ? max : w;
}

/* Latency cells side by side: the op name, p50, p99 and count, 2 apart. */
static int latency_op_width(const struct top_snapshot *s)
{
	return name_width(&s->latency[0].op, sizeof(s->latency[0]),
			  top_clamp(s->nr_latency, TOP_MAX_LAT), 5, 16);
}

static int latency_per_line(const struct top_snapshot *s)
{
	int per = COLS / (latency_op_width(s) + 30);

	return per < 1 ? 1 : per;
}

static int latency_lines(const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_latency, TOP_MAX_LAT), per = latency_per_line(s);

	return 1 + (n + per - 1) / per;
}

static int draw_latency(const struct top_snapshot *s, int y)
{
	int n = top_clamp(s->nr_latency, TOP_MAX_LAT), per = latency_per_line(s), x;
	int ow = latency_op_width(s), cell = ow + 30;
	char why[TOP_WHY], p50[16], p99[16], count[16];

	x = put(y, 0, A_BOLD, "LATENCY");
	snprintf(why, sizeof(why), "%.*s", (int)sizeof(s->latency_why) - 1, s->latency_why);
	if (!n) {
		put(y, x, A_NORMAL, "  unavailable: %s",
		    top_why(why, sizeof(why), s->latency_why, sizeof(s->latency_why)));
		return y + 1;
	}
	x += put(y, x, A_NORMAL, "  p50 / p99 per operation, count");
	if (why[0])
		put(y, x, A_NORMAL, "  (unavailable: %s)", why);
	y++;
	for (int i = 0; i < n; i++) {
		const struct top_latency *l = &s->latency[i];
		int cy = y + i / per, cx = (i % per) * cell;

		if (!l->available) {
			put(cy, cx, A_NORMAL, "  %-*.*s %8s", ow, ow, l->op ? l->op : "?", "-");
			continue;
		}
		snprintf(count, sizeof(count), "%llu", (unsigned long long)l->count);
		if (l->count >= 1000000)
			top_fmt_rate(count, sizeof(count), (double)l->count);
		put(cy, cx, A_NORMAL, "  %-*.*s %8s %8s %7s", ow, ow, l->op ? l->op : "?",
		    top_fmt_duration(p50, sizeof(p50), l->p50_ns),
		    top_fmt_duration(p99, sizeof(p99), l->p99_ns), count);
	}
	return y + (n + per - 1) / per;
}

static int draw_overhead(const struct top_snapshot *s, int y, int rows)
{
	const struct top_overhead *o = &s->overhead;
	int n = top_clamp(o->nr_rows, TOP_MAX_STRUCTS);
	int nw = name_width(&o->rows[0].name, sizeof(o->rows[0]), n, 4, 20);
	int tw = name_width(&o->rows[0].type, sizeof(o->rows[0]), n, 4, 28);
	int x = put(y, 0, A_BOLD, "PER-ENTRY OVERHEAD");
	char why[TOP_WHY], size[16], slot[32], used[32];

	if (!o->available) {
		put(y, x, A_NORMAL, "  unavailable: %s",
		    top_why(why, sizeof(why), o->why, sizeof(o->why)));
		return y + 1;
	}
	x += put(y, x, A_NORMAL, "  %s B/slot  %s B/used  total %s  (%llu slots, %llu used)",
		 top_fmt_fixed(slot, sizeof(slot), o->total_per_slot, 2),
		 top_fmt_fixed(used, sizeof(used), o->total_per_used, 2),
		 top_fmt_size(size, sizeof(size), (double)o->total_bytes),
		 (unsigned long long)o->slots, (unsigned long long)o->used);
	/* the virtual devices' own fixed cost, on the title line: no row taken */
	if (o->virtual_slots)
		put(y, x, A_NORMAL, "  virtual %s B/slot",
		    top_fmt_fixed(slot, sizeof(slot), o->virtual_per_slot, 2));
	y++;
	for (int i = 0; i < n && i < rows; i++) {
		const struct top_struct_cost *r = &o->rows[i];

		if (more_row(i, rows, n)) {
			put(y++, 0, A_NORMAL, "  ... %d more", n - i);
			break;
		}
		put(y++, 0, A_NORMAL, "  %-*.*s %-*.*s %8s B/slot %8s B/used %9s%s",
		    nw, nw, r->name ? r->name : "?", tw, tw, r->type ? r->type : "?",
		    top_fmt_fixed(slot, sizeof(slot), r->bytes_per_slot, 2),
		    top_fmt_fixed(used, sizeof(used), r->bytes_per_used, 2), top_fmt_size(size, sizeof(size), (double)r->total_bytes),
		    r->per_used ? "  per used" : "");
	}
	return y;
}

/* Give @want rows at most, from *@left; returns what was given. */
static int take(int *left, int want)
{
	int n = want < *left ? want : *left;

	if (n < 0)
		n = 0;
	*left -= n;
	return n;
}

/*
 * Every panel gets its title lines.  The rows get the room left: first a
 * few for each table, then the contention table all it wants, then the
 * devices, the device-wide locks and the overhead rows.  A cut table
 * says how many rows it hides; what still does not fit (a screen near
 * the minimum size) is clipped at the bottom.
 */
static void draw_body(const struct ui *ui)
{
	const struct top_snapshot *s = ui->snap;
	bool locks_on = s->contention.available;
	int pw = path_width(s), y = 2, left;
	int ndev = top_clamp(s->nr_devs, SWAPS_MAX);
	int nclu = locks_on ? top_clamp(s->contention.nr_clusters, TOP_MAX_CLUSTERS) : 0;
	int nlocks = locks_on ? top_clamp(s->contention.nr_device_locks,
					  ARRAY_SIZE(s->contention.device_locks)) : 0;
	int nover = s->overhead.available ? top_clamp(s->overhead.nr_rows, TOP_MAX_STRUCTS) : 0;
	int dev_rows, clu_rows, lock_rows, over_rows;

	/*
	 * header, DEVICES, SWAP RATES, BACKENDS, SWAPOFF, the two lock titles
	 * and the contention heading
	 */
	left = LINES - (2 + 1 + 3 + !s->rates.by_backend + 1 + 1 + 2 + (nclu > 0));
	dev_rows = take(&left, ndev < 3 ? ndev : 3);
	clu_rows = take(&left, nclu < 4 ? nclu : 4);
	lock_rows = take(&left, nlocks < 1 ? nlocks : 1);
	/* LATENCY and the PER-ENTRY OVERHEAD title, clipped if no room is left */
	take(&left, latency_lines(s) + 1);
	clu_rows += take(&left, nclu - clu_rows);
	dev_rows += take(&left, ndev - dev_rows);
	lock_rows += take(&left, nlocks - lock_rows);
	over_rows = take(&left, nover);

	y = draw_devices(s, y, dev_rows, pw);
	y = draw_rates(s, y);
	y = draw_backends(s, y);
	y = draw_swapoff(s, y);
	y = draw_contention(s, y, clu_rows, pw, ui->sort);
	y = draw_device_locks(s, y, lock_rows, pw, ui->sort);
	y = draw_latency(s, y);
	draw_overhead(s, y, over_rows);
}

static void draw_help(int y)
{
	static const char *const text[] = {
		"  q            quit",
		"  p, space     pause or resume sampling (the last snapshot stays)",
		"  s            next sort key of the contention panel:",
		"               wait, count, max, cluster",
		"  w c m n      sort by total wait, times contended, longest wait,",
		"               (device, cluster number)",
		"  + -          double or halve the interval (0.1 s to 60 s)",
		"  h, ?         show or hide this help (Esc hides it too)",
		"  Ctrl-L       redraw the screen",
		"",
		"Panels without a data source on this kernel say what they need.",
		"Batch output for logs: vswaptop -b (text) or -j (JSON lines).",
	};

	put(y++, 0, A_BOLD, "Keys");
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		put(y++, 0, A_NORMAL, "%s", text[i]);
}

static void draw(const struct ui *ui)
{
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		char size[48];
		const char *msg[] = { UI_NAME ": terminal too small", size, "q:quit" };
		int y = LINES > 3 ? (LINES - 3) / 2 : 0;

		snprintf(size, sizeof(size), "%dx%d, needs %dx%d", COLS, LINES, UI_MIN_COLS,
			 UI_MIN_LINES);
		/* centred, from the left edge if it does not fit */
		for (int i = 0; i < 3; i++) {
			int len = strlen(msg[i]);

			put(y + i, COLS > len ? (COLS - len) / 2 : 0, i ? A_NORMAL : A_BOLD,
			    "%s", msg[i]);
		}
	} else {
		draw_header(ui);
		if (ui->help)
			draw_help(3);
		else if (ui->snap)
			draw_body(ui);
	}
	refresh();
}

/* ---- the loop ---------------------------------------------------------------- */

static void set_sort(struct ui *ui, enum top_sort key)
{
	ui->sort = key;
	if (ui->src->set_sort)
		ui->src->set_sort(ui->src->ctx, key);
}

/*
 * A terminal that can address the cursor ("dumb" and the like load, but
 * cannot draw a screen), on both stdin and stdout.  The terminfo entry
 * is looked at before newterm(), which leaks memory when it fails.
 */
static SCREEN *open_screen(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	bool usable;
	char *cup;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term)
		return NULL;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return NULL;
	cup = tigetstr("cup");
	usable = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!usable)
		return NULL;
	fflush(stdout);
	return newterm(NULL, stdout, stdin);
}

int ui_run(const struct top_source *src, double interval_s, long iterations,
	   enum top_sort sort)
{
	static bool atexit_done;
	struct ui ui = {
		.src = src,
		.sort = (unsigned int)sort < TOP_NR_SORTS ? sort : SORT_WAIT,
		.interval = interval_s > 0 && isfinite(interval_s) ? interval_s : 1,
		.started = time(NULL),
	};
	struct sigaction stop_sa = { .sa_handler = on_stop };
	struct sigaction crash_sa = { .sa_sigaction = on_crash, .sa_flags = SA_SIGINFO };
	struct top_snapshot *bufs[2];
	double next, last, now;
	int quick_errs = 0, status = 0, err = 0;
	bool dirty = true, lost_tty = false;
	long taken = 0;
	SCREEN *scr;

	if (!src || !src->sample) {
		fprintf(stderr, "%s: no snapshot source\n", UI_NAME);
		return 1;
	}
	bufs[0] = calloc(1, sizeof(*bufs[0]));
	bufs[1] = calloc(1, sizeof(*bufs[1]));
	if (!bufs[0] || !bufs[1]) {
		free(bufs[0]);
		free(bufs[1]);
		fprintf(stderr, "%s: out of memory\n", UI_NAME);
		return 1;
	}

	/*
	 * Our stop handlers go in first: curses installs its own cleanup
	 * handlers only where it finds the default action.
	 */
	stop_signal = 0;
	sigemptyset(&stop_sa.sa_mask);
	sigemptyset(&crash_sa.sa_mask);
	set_handlers(stop_signals, ARRAY_SIZE(stop_signals), &stop_sa, old_stop);
	scr = open_screen();
	if (!scr) {
		restore_handlers(stop_signals, ARRAY_SIZE(stop_signals), old_stop);
		free(bufs[0]);
		free(bufs[1]);
		fprintf(stderr, "%s: interactive mode needs a terminal (use -b for batch mode)\n",
			UI_NAME);
		return 1;
	}
	set_term(scr);
	if (!atexit_done)
		atexit_done = !atexit(ui_atexit);
	on_sanitizer_death();
	curses_on = 1;
	keep_stderr();
	set_handlers(crash_signals, ARRAY_SIZE(crash_signals), &crash_sa, old_crash);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	set_sort(&ui, ui.sort);

	/*
	 * The first snapshot covers a period too, but at most a second: with
	 * -d 60, a minute of an empty screen would look like a hang.
	 */
	last = now_mono();
	next = last + fmin(ui.interval, 1.0);
	while (!stop_signal) {
		int wait_ms, ch;
		double t0;

		if (dirty) {
			draw(&ui);
			dirty = false;
		}
		now = now_mono();
		if (!ui.paused && now >= next) {
			struct top_snapshot *s = ui.snap == bufs[0] ? bufs[1] : bufs[0];

			err = src->sample(src->ctx, s);
			if (err < 0) {
				status = 1;
				break;
			}
			ui.snap = s;
			dirty = true;
			last = next;
			/* periods missed (a slow sample, a stopped process) are skipped */
			now = now_mono();
			while (next <= now)
				next += ui.interval;
			if (iterations > 0 && ++taken >= iterations) {
				draw(&ui);
				break;
			}
			continue;
		}
		if (src->idle)
			src->idle(src->ctx);
		wait_ms = ui.paused ? UI_POLL_MS : (int)ceil((next - now) * 1000);
		if (wait_ms > UI_POLL_MS)
			wait_ms = UI_POLL_MS;
		if (wait_ms < 1)
			wait_ms = 1;
		timeout(wait_ms);
		t0 = now_mono();
		ch = getch();
		if (ch == ERR) {
			if (stop_signal || now_mono() - t0 >= wait_ms / 2000.0)
				continue;
			if (hung_up()) {
				stop_signal = SIGHUP;
				break;
			}
			/* a read that fails at once, again and again: no terminal */
			if (++quick_errs > UI_MAX_QUICK_ERRS) {
				status = 1;
				lost_tty = true;
				break;
			}
			continue;
		}
		quick_errs = 0;
		dirty = true;
		switch (ch) {
		case 'q':
		case 'Q':
			stop_signal = -1;
			break;
		case 'p':
		case 'P':
		case ' ':
			ui.paused = !ui.paused;
			/* a full period after resuming; that snapshot covers the pause */
			if (!ui.paused) {
				last = now_mono();
				next = last + ui.interval;
			}
			break;
		case 's':
		case 'S':
			set_sort(&ui, (ui.sort + 1) % TOP_NR_SORTS);
			break;
		case 'w': set_sort(&ui, SORT_WAIT); break;
		case 'c': set_sort(&ui, SORT_COUNT); break;
		case 'm': set_sort(&ui, SORT_MAX); break;
		case 'n': set_sort(&ui, SORT_CLUSTER); break;
		case 'h':
		case 'H':
		case '?':
			ui.help = !ui.help;
			break;
		case 27:	/* Esc */
			ui.help = false;
			break;
		case '+':
		case '=':
		case '-':
		case '_':
			if (ch == '+' || ch == '=')
				ui.interval = fmin(ui.interval * 2, fmax(UI_MAX_INTERVAL, ui.interval));
			else
				ui.interval = fmax(ui.interval / 2, fmin(UI_MIN_INTERVAL, ui.interval));
			/* the period counts from the last sample */
			next = fmax(last + ui.interval, now_mono());
			break;
		case KEY_RESIZE:
		case 12:	/* Ctrl-L */
			/* repaint every cell: nothing of the old size stays */
			clearok(curscr, TRUE);
			break;
		default:
			dirty = false;
			break;
		}
	}

	restore_handlers(crash_signals, ARRAY_SIZE(crash_signals), old_crash);
	screen_off();
	delscreen(scr);
	restore_handlers(stop_signals, ARRAY_SIZE(stop_signals), old_stop);
	free(bufs[0]);
	free(bufs[1]);
	if (lost_tty)
		fprintf(stderr, "%s: lost the terminal\n", UI_NAME);
	else if (status)
		fprintf(stderr, "%s: cannot take a snapshot: %s\n", UI_NAME, strerror(-err));
	return status;
}
