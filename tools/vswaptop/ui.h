/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaptop's interactive screen (ui.c, ncurses), and where its snapshots
 * come from.
 */
#ifndef VSWAPTOP_UI_H
#define VSWAPTOP_UI_H

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
	/*
	 * Optional (may be NULL): called between samples, at every wake of
	 * the screen's loop (a key, or a quarter of a second), for work that
	 * must not wait for the next sample.  Must not block or print.
	 */
	void (*idle)(void *ctx);
};

/*
 * Run until 'q', a signal (SIGINT/SIGTERM/SIGHUP), the terminal's
 * hangup or @iterations snapshots (<=0: forever); returns the exit
 * status (0 normally, also when stopped by one of those signals or the
 * hangup; 1 if stdin/stdout is not a usable terminal or a sample failed,
 * after one line on stderr).
 * @interval_s is the sampling period; the keys + and - change it within
 * 0.1 s..60 s.
 */
int ui_run(const struct top_source *src, double interval_s, long iterations,
	   enum top_sort sort);

#endif /* VSWAPTOP_UI_H */
