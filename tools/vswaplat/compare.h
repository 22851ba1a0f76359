/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaplat compare: two recordings (vswaplat -j or -o JSON lines), their
 * histograms merged per operation (recording.c), and a Mann-Whitney U
 * test with the Vargha-Delaney A12 effect size on each pair (stats.c).
 */
#ifndef VSWAPLAT_COMPARE_H
#define VSWAPLAT_COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hist.h"
#include "recording.h"
#include "stats.h"

/* Exit statuses of vswaplat compare (docs/vswaplat.md). */
enum {
	COMPARE_EXIT_OK = 0,
	COMPARE_EXIT_ERROR = 1,
	COMPARE_EXIT_USAGE = 2,
	COMPARE_EXIT_REGRESSED = 3,
	/* no regression, but something not compared: a key in one run only */
	COMPARE_EXIT_MISSING = 4,
};

/* One compared operation: a row of the report. */
struct compare_row {
	struct rec_key key;
	const char *tier_a, *tier_b;	/* "" if the run lacks the key */
	struct vs_hist a, b;
	double q_a[3], q_b[3];		/* p50, p90, p99 in nanoseconds */
	bool have_stats;		/* both runs have samples */
	struct mw_result mw;
	enum verdict verdict;
};

extern const double compare_quantiles[3];	/* 0.50, 0.90, 0.99 */

/*
 * Rows for every key in either recording, sorted by operation (in
 * vswaplat's order), sub and device, into a malloc'ed array at *@rows;
 * returns how many, or -1 with the reason in @err (different units,
 * counts that cannot be trusted).
 */
int compare_recordings(const struct recording *a, const struct recording *b,
		       const struct compare_opts *o, struct compare_row **rows,
		       char *err, size_t errlen);

/* What the rows add up to, and the exit status they give. */
struct compare_summary {
	int rows, regressed, improved, few, only_a, only_b, invalid;
};

void compare_summarize(const struct compare_row *rows, int n, struct compare_summary *s);
int compare_exit_status(const struct recording *a, const struct recording *b,
			const struct compare_summary *s);

void compare_print_text(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_row *rows, int n);
void compare_print_json(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_opts *o, const struct compare_row *rows, int n);

/* The length of the valid UTF-8 sequence at @s that is not a control, or 0. */
int printable_utf8(const unsigned char *s);

/* A p-value as the report shows it: "3.1e-05", "<1e-300". */
const char *fmt_p(char *buf, size_t len, double p);

/* "vswaplat compare ...": argv[0] is "compare".  Returns the exit status. */
int compare_main(int argc, char **argv);

#endif /* VSWAPLAT_COMPARE_H */
