/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaplat compare: two recordings (vswaplat -j or -o JSON lines), their
 * histograms merged per operation, and a Mann-Whitney U test with the
 * Vargha-Delaney A12 effect size on each pair (docs/vswaplat.md).
 */
#ifndef VSWAPLAT_COMPARE_H
#define VSWAPLAT_COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hist.h"

/* What identifies a histogram in a recording; sub and dev may be null. */
struct rec_key {
	char op[32];
	char sub[64];
	char dev[256];
	bool has_sub;
	bool has_dev;
};

struct rec_entry {
	struct rec_key key;
	char tier[16];		/* "" if none recorded */
	struct vs_hist hist;	/* every interval merged */
};

struct recording {
	const char *path;
	bool has_meta;
	char kernel[128];
	char argv[512];
	long long time;			/* meta's epoch, 0 if none */
	const struct hist_unit *unit;	/* NULL: no histogram and no meta */
	long nr_hist;			/* hist lines read */
	uint64_t lost;			/* events the recording says it lost */
	struct rec_entry *e;
	int n, cap;
};

/*
 * Read the recording at @path into @r (zeroed first).  Returns 0, or -1
 * with a one-line reason ("run.jsonl:7: ...") in @err; @r is then freed.
 */
int recording_load(const char *path, struct recording *r, char *err, size_t errlen);
void recording_free(struct recording *r);

/* The Mann-Whitney U test of B against A on two log2 histograms. */
struct mw_result {
	uint64_t n_a, n_b;
	double u;		/* pairs (a, b) with b > a, ties counted half */
	double a12;		/* u / (n_a n_b): P(B > A) + P(B = A) / 2 */
	double z;		/* (u - mean) / sd, tie-corrected */
	double p;		/* one-sided p-value for "B is slower" */
	double p_lower;		/* one-sided p-value for "B is faster" */
};

/* Fills @r; returns -1 (and no statistics) if either side is empty. */
int mann_whitney(const struct vs_hist *a, const struct vs_hist *b, struct mw_result *r);

struct compare_opts {
	double alpha;		/* significance level, default 0.001 */
	double threshold;	/* A12 at or above which a shift matters, 0.71 */
	uint64_t min_count;	/* samples each run needs, default 100 */
};

enum verdict {
	VERDICT_OK,
	VERDICT_REGRESSED,
	VERDICT_IMPROVED,
	VERDICT_FEW,		/* too few samples: never flagged */
};

enum verdict compare_verdict(const struct mw_result *r, const struct compare_opts *o);
const char *verdict_name(enum verdict v);	/* "REGRESSED", "too few samples" */
const char *verdict_id(enum verdict v);		/* "regressed", "too_few_samples" (JSON) */

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
 * returns how many, or -1 with the reason in @err (different units).
 */
int compare_recordings(const struct recording *a, const struct recording *b,
		       const struct compare_opts *o, struct compare_row **rows,
		       char *err, size_t errlen);

void compare_print_text(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_row *rows, int n);
void compare_print_json(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_opts *o, const struct compare_row *rows, int n);

/* "vswaplat compare ...": argv[0] is "compare".  Returns the exit status. */
int compare_main(int argc, char **argv);

#endif /* VSWAPLAT_COMPARE_H */
