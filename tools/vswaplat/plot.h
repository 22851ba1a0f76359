/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaplat compare --plot: the operations that changed, each as its two
 * latency distributions overlaid, in one SVG file.
 */
#ifndef VSWAPLAT_PLOT_H
#define VSWAPLAT_PLOT_H

#include "compare.h"

/* Panels at most; the header says how many more changed. */
#define PLOT_MAX_PANELS	64

/*
 * Write the plot of @rows (A's and B's histograms, their p50 and p99,
 * the verdict) to @path, replacing it whole (output.h: never through a
 * link, never over a device).  0, or a negative errno (output_strerror()).
 */
int compare_plot(const char *path, const struct recording *a, const struct recording *b,
		 const struct compare_row *rows, int n);

#endif /* VSWAPLAT_PLOT_H */
