/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaplat --prom: the histograms since start as a Prometheus text file
 * (OpenMetrics-terminated), rewritten atomically for node_exporter's
 * textfile collector.
 */
#ifndef VSWAPLAT_PROM_H
#define VSWAPLAT_PROM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hist.h"

/* One histogram since start, with its labels. */
struct prom_series {
	struct vs_hist_key key;
	char op[32];
	char sub[64];		/* "" for none */
	char dev[256];		/* "" for none */
	char tier[16];
	struct vs_hist hist;
};

#define PROM_MAX_LOST	8
#define PROM_MAX_MISSED	16

struct prom {
	const char *path;
	uint64_t unit_div;	/* nanoseconds per histogram unit */
	struct prom_series *s;	/* sorted by key */
	int n, cap;
	struct {
		const char *what;
		uint64_t count;
	} lost[PROM_MAX_LOST];
	int nr_lost;
	/* per operation: events its programs did not run for, since start */
	struct {
		const char *op, *tier;
		uint64_t count;
		bool known;
	} missed[PROM_MAX_MISSED];
	int nr_missed;
};

void prom_init(struct prom *p, const char *path, uint64_t unit_div);
void prom_free(struct prom *p);

/*
 * Add one interval's histogram to the series of @key.  The labels (NULL
 * for none) are taken when the series first appears: a series keeps its
 * name even if, say, its swap device goes away.
 */
void prom_add(struct prom *p, const struct vs_hist_key *key, const char *op,
	      const char *sub, const char *dev, const char *tier, const struct vs_hist *h);

/* The running total of events lost for reason @what (a static string). */
void prom_set_lost(struct prom *p, const char *what, uint64_t total);

/*
 * The events of operation @op (a static string) measured from @tier that
 * its programs did not run for, since start (vswap_missed_events_total);
 * !@known: the kernel does not count them, and the series is left out,
 * as absent is not 0.
 */
void prom_set_missed(struct prom *p, const char *op, const char *tier, bool known,
		     uint64_t total);

/* The file's text. */
void prom_print(FILE *f, const struct prom *p);

/*
 * Write the file: a new file of a random name in the same directory
 * (output_replace()), fsync, rename over PATH, so a reader sees the old
 * file or the new one, whole.  Returns 0 or a negative errno (for
 * output_strerror(): -OUTPUT_ENOTREG if PATH is there but not a regular
 * file, which is never replaced); the temporary file is never left behind.
 */
int prom_write(const struct prom *p);

#endif /* VSWAPLAT_PROM_H */
