/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaptop's interactive screen (ui.c, ncurses) and the formatting it
 * shares with the batch renderers (render.c).
 */
#ifndef VSWAPTOP_UI_H
#define VSWAPTOP_UI_H

#include <stddef.h>
#include "top.h"

/* Where the snapshots come from: collect.c in vswaptop, a fake in tests. */
struct top_source {
	/*
	 * Fill *s with the next snapshot (measures the interval since the
	 * last call).  0 on success, negative errno to stop.  Called with
	 * the terminal in curses mode: print nothing, and return an error
	 * rather than exit, or the message is lost with the screen.
	 */
	int (*sample)(void *ctx, struct top_snapshot *s);
	void *ctx;
	/*
	 * Optional (may be NULL): the user picked another sort key.  The
	 * source cuts the contended clusters to TOP_MAX_CLUSTERS rows, and
	 * the cut should keep the rows the new key shows first.  Called
	 * once before the first sample, then on every change.
	 */
	void (*set_sort)(void *ctx, enum top_sort key);
};

/*
 * Run until 'q', a signal (SIGINT/SIGTERM/SIGHUP) or @iterations
 * snapshots (<=0: forever); returns the exit status (0 normally, also
 * when stopped by one of those signals; 1 if stdin/stdout is not a
 * usable terminal or a sample failed, after one line on stderr).
 * @interval_s is the sampling period; the keys + and - change it within
 * 0.1 s..60 s.
 */
int ui_run(const struct top_source *src, double interval_s, long iterations,
	   enum top_sort sort);

/* ---- formatting shared by render.c and ui.c (defined in render.c) ---- */

/* Human readable bytes: "812B", "4.00KiB", "12.0MiB", "1.14GiB". */
const char *top_fmt_size(char *buf, size_t len, double bytes);

/* A per-second rate in at most 6 characters: "0", "3.50", "812", "12.3k". */
const char *top_fmt_rate(char *buf, size_t len, double per_s);

/* Time left: "unknown" if negative, else "42.0s", "3m05s", "2h10m". */
const char *top_fmt_eta(char *buf, size_t len, double seconds);

/*
 * "[#####-----]": @width cells, filled in proportion to @percent (0..100,
 * clamped, rounded down so 100% is only shown when done).  @buf must hold
 * width + 3 bytes.
 */
const char *top_bar(char *buf, int width, double percent);

/* The kernel's name of a lock kind (enum vs_lock): "ci->lock", ... */
const char *top_lock_name(int kind);

/*
 * The path of swap type @type among the snapshot's devices, "global" for
 * -1 (swap_avail_lock), else "type:N".  Never contains a space.
 */
const char *top_dev_name(const struct top_snapshot *s, int type, char *buf,
			 size_t len);

/* A panel's why string, bounded, or a generic reason if it is empty. */
const char *top_why(char *buf, size_t len, const char *why, size_t size);

/* Clamp a snapshot's count to its array size (the snapshot is not trusted). */
static inline int top_clamp(int n, int max)
{
	return n < 0 ? 0 : n > max ? max : n;
}

#endif /* VSWAPTOP_UI_H */
