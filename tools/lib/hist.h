/* SPDX-License-Identifier: GPL-2.0 */
/* Log2 latency histograms (struct vs_hist, bpf/vswap.h) in user space. */
#ifndef VSWAP_HIST_H
#define VSWAP_HIST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>
#include "vswap.h"

/* A histogram unit: slots count values of ns / div. */
struct hist_unit {
	const char *name;	/* "usecs" */
	const char *suffix;	/* "us" */
	uint64_t div;		/* nanoseconds per unit */
};

extern const struct hist_unit hist_units[];	/* nsecs, usecs, msecs */

/* dst += src: merges per-CPU copies and intervals. */
void hist_add(struct vs_hist *dst, const struct vs_hist *src);

/*
 * The value below which a fraction @q (0..1) of the samples lie, in the
 * histogram's unit, interpolated linearly inside the log2 slot and never
 * above the recorded maximum.  0 for an empty histogram.
 */
double hist_quantile(const struct vs_hist *h, double q, uint64_t unit_div);

/*
 * Where the quantile @q of the whole population lies, with 95%
 * confidence, when the histogram holds a random sample of it: the
 * quantiles at the ranks q*n -+ 1.96*sqrt(n*q*(1-q)) of the n samples
 * (the normal approximation of the binomial count of samples below the
 * true quantile; no assumption on the distribution).  Both are
 * hist_quantile() for an empty histogram.
 */
void hist_quantile_ci(const struct vs_hist *h, double q, uint64_t unit_div,
		      double *lo, double *hi);

/* Mean in nanoseconds (exact: from the nanosecond sum). */
double hist_mean_ns(const struct vs_hist *h);

/* Index of the last non-empty slot, -1 if none. */
int hist_last_slot(const struct vs_hist *h);

/* The libbpf-tools style table: "usecs : count distribution" with bars. */
void hist_print(FILE *f, const struct vs_hist *h, const struct hist_unit *u);

/*
 * One line: "count N  avg X  p50 X  p90 X  p99 X  max X", each time with
 * the unit that reads best (ns, us, ms, s).  @sampled: the latencies are
 * a sample, so N is h->ops, the samples follow it, and p99 gets its 95%
 * interval (hist_quantile_ci()).
 */
void hist_print_summary(FILE *f, const struct vs_hist *h, uint64_t unit_div, bool sampled);

/* Format @ns into @buf with a fitting unit: "812ns", "3.1us", "1.20ms". */
const char *fmt_duration(char *buf, size_t len, double ns);

#endif /* VSWAP_HIST_H */
