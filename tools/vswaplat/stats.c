// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat compare's statistics: is run B slower than run A?  A
 * Mann-Whitney U test on each pair of merged log2 histograms, with the
 * Vargha-Delaney A12 effect size; docs/vswaplat.md says why these and how
 * the verdicts are reached.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "stats.h"

/* The samples of @h, or false if they add up past 2^64. */
static bool total(const struct vs_hist *h, uint64_t *n)
{
	*n = 0;
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		if (*n + h->slots[i] < *n)
			return false;
		*n += h->slots[i];
	}
	return true;
}

int mann_whitney(const struct vs_hist *a, const struct vs_hist *b, struct mw_result *r)
{
	long double below = 0, u = 0, ties = 0, na, nb, n, var;
	int occupied = 0;

	memset(r, 0, sizeof(*r));
	if (!total(a, &r->n_a) || !total(b, &r->n_b)) {
		/* NaNs: compare_verdict() says INVALID, never ok */
		r->n_a = r->n_b = UINT64_MAX;
		r->u = r->a12 = r->z = r->p = r->p_lower = NAN;
		return -ERANGE;
	}
	if (!r->n_a || !r->n_b)
		return -1;
	/*
	 * The samples of one slot are indistinguishable, so they are ties
	 * and share their midrank.  Summing B's midranks and subtracting
	 * n_b (n_b + 1) / 2 is the same as counting, for each sample of B,
	 * the samples of A below its slot plus half those in it: that form
	 * needs no ranks and keeps the numbers small.  Long doubles hold
	 * counts to 2^64 exactly, and their cubes without overflow.
	 */
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		long double ai = a->slots[i], bi = b->slots[i], t = ai + bi;

		u += bi * (below + ai / 2);
		below += ai;
		ties += (t - 1) * t * (t + 1);
		occupied += t > 0;
	}
	na = r->n_a;
	nb = r->n_b;
	n = na + nb;
	r->u = (double)u;
	r->a12 = (double)(u / (na * nb));
	/* every sample in one slot: nothing tells the runs apart */
	if (occupied < 2) {
		r->z = 0;
		r->p = r->p_lower = 0.5;
		return 0;
	}
	/* Var(U) with ties: n_a n_b / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))) */
	var = na * nb / 12 * ((n + 1) - ties / (n * (n - 1)));
	r->z = (double)((u - na * nb / 2) / sqrtl(var));
	/* erfc keeps the far tail precise, where 1 - Phi(z) would be 0 */
	r->p = 0.5 * erfc(r->z / M_SQRT2);
	r->p_lower = 0.5 * erfc(-r->z / M_SQRT2);
	return 0;
}

enum verdict compare_verdict(const struct mw_result *r, const struct compare_opts *o)
{
	uint64_t min = o->min_count ? o->min_count : 1;

	if (r->n_a < min || r->n_b < min)
		return VERDICT_FEW;
	/* a NaN compares false everywhere below: it would read as ok */
	if (!isfinite(r->p) || !isfinite(r->p_lower) || !isfinite(r->a12))
		return VERDICT_INVALID;
	if (r->p < o->alpha && r->a12 >= o->threshold)
		return VERDICT_REGRESSED;
	if (r->p_lower < o->alpha && r->a12 <= 1 - o->threshold)
		return VERDICT_IMPROVED;
	return VERDICT_OK;
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_REGRESSED: return "REGRESSED";
	case VERDICT_IMPROVED: return "IMPROVED";
	case VERDICT_FEW: return "too few samples";
	case VERDICT_ONLY_A: return "NOT IN B";
	case VERDICT_ONLY_B: return "NOT IN A";
	case VERDICT_INVALID: return "INVALID";
	default: return "ok";
	}
}

/* The same for programs: lower case, no spaces. */
const char *verdict_id(enum verdict v)
{
	switch (v) {
	case VERDICT_REGRESSED: return "regressed";
	case VERDICT_IMPROVED: return "improved";
	case VERDICT_FEW: return "too_few_samples";
	case VERDICT_ONLY_A: return "missing_b";
	case VERDICT_ONLY_B: return "missing_a";
	case VERDICT_INVALID: return "invalid";
	default: return "ok";
	}
}
