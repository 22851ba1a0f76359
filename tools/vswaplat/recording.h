/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording of vswaplat (the JSON lines of -j or -o), loaded for
 * vswaplat compare: every histogram merged over the intervals, per
 * (operation, sub, device).
 */
#ifndef VSWAPLAT_RECORDING_H
#define VSWAPLAT_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

/*
 * Keys a recording may hold.  vswaplat writes at most a few thousand
 * (operations x subs x 32 swap devices); a file with more is not one of
 * its recordings, and would only cost minutes and gigabytes to compare.
 */
#define REC_MAX_KEYS	16384

struct recording {
	const char *path;
	bool has_meta;
	char kernel[128];
	char argv[512];
	long long time;			/* meta's epoch, 0 if none */
	const struct hist_unit *unit;	/* NULL: no histogram and no meta */
	long nr_hist;			/* hist lines read */
	uint64_t lost;			/* events the recording says it lost (saturated) */
	struct rec_entry *e;		/* in the order first seen */
	int n, cap;
	int *index;			/* open addressing: e[] indexes, -1 empty */
	int index_cap;			/* a power of two, over twice n */
};

/*
 * Read the recording at @path into @r (zeroed first).  Returns 0, or -1
 * with a one-line reason ("run.jsonl:7: ...") in @err; @r is then freed.
 */
int recording_load(const char *path, struct recording *r, char *err, size_t errlen);
void recording_free(struct recording *r);

/* The entry of @k in @r, or NULL. */
const struct rec_entry *recording_find(const struct recording *r, const struct rec_key *k);

#endif /* VSWAPLAT_RECORDING_H */
