/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaplat compare's statistics: the Mann-Whitney U test of two log2
 * histograms, the Vargha-Delaney A12 effect size, and the verdicts
 * (docs/vswaplat.md says why these).
 */
#ifndef VSWAPLAT_STATS_H
#define VSWAPLAT_STATS_H

#include <stdint.h>
#include "hist.h"

/* The Mann-Whitney U test of B against A on two log2 histograms. */
struct mw_result {
	uint64_t n_a, n_b;
	double u;		/* pairs (a, b) with b > a, ties counted half */
	double a12;		/* u / (n_a n_b): P(B > A) + P(B = A) / 2 */
	double z;		/* (u - mean) / sd, tie-corrected */
	double p;		/* one-sided p-value for "B is slower" */
	double p_lower;		/* one-sided p-value for "B is faster" */
};

/*
 * Fills @r; returns 0, -1 (and no statistics) if either side is empty,
 * or -ERANGE if a side's slots add up past 2^64: counts that cannot be
 * trusted give no statistics, never a verdict.
 */
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
	VERDICT_ONLY_A,		/* the key is missing from B: no data */
	VERDICT_ONLY_B,		/* missing from A */
	VERDICT_INVALID,	/* statistics that are not numbers: never ok */
};

/* The verdict on a key both runs have, from mann_whitney()'s result. */
enum verdict compare_verdict(const struct mw_result *r, const struct compare_opts *o);
const char *verdict_name(enum verdict v);	/* "REGRESSED", "too few samples" */
const char *verdict_id(enum verdict v);		/* "regressed", "too_few_samples" (JSON) */

/* a + b, or UINT64_MAX where it would wrap */
static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

#endif /* VSWAPLAT_STATS_H */
