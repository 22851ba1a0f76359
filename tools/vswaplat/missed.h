/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events of each operation its BPF programs did not run for: the
 * kernel skips a program's run while the same program already runs on
 * that CPU (BPF recursion protection), and counts it in the program's
 * recursion_misses (attach_op_missed()).  Such events are in no
 * histogram: this says by how much each count falls short, per report
 * (JSON, text) and since start (Prometheus).
 */
#ifndef VSWAPLAT_MISSED_H
#define VSWAPLAT_MISSED_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <linux/types.h>
#include "vswap.h"

enum missed_state {
	MISSED_NOT_ATTACHED,	/* not measured at all: nothing to say */
	MISSED_UNKNOWN,		/* the kernel does not count them: never 0 */
	MISSED_KNOWN,
};

struct missed {
	enum missed_state state[VS_NR_OPS];
	uint64_t total[VS_NR_OPS];	/* since start */
	uint64_t interval[VS_NR_OPS];	/* since the last report */
};

/* A new reading of @op: its @total since start, or @err: unknown. */
void missed_update(struct missed *m, int op, int err, uint64_t total);

/*
 * {"type":"missed","time":T,"interval_s":S,"missed":{"swapin":13,...}}:
 * the interval's misses of every attached operation, null if unknown.
 */
void missed_print_json(FILE *f, const struct missed *m, time_t now, double interval);

/* A warning line per operation that missed events in the interval. */
void missed_print_text(FILE *f, const struct missed *m);

#endif /* VSWAPLAT_MISSED_H */
