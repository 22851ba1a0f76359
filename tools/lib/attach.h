/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing, per swap operation, where to measure it from (the attach
 * tiers of tiers.c), by probing the running kernel (probe.c); attaching
 * what was chosen; saying what happened (report.c).
 *
 * Use: attach_plan() after opening the skeleton and before loading it
 * (it sets which programs load and at which functions), then
 * attach_all() after loading.  vswap_load() (load.h) does both in order.
 */
#ifndef VSWAP_ATTACH_H
#define VSWAP_ATTACH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include <linux/types.h>
#include "names.h"
#include "probe.h"
#include "tiers.h"
#include "vswap.h"

/* Why a tier of an operation is not the one in use: tested, never its text. */
enum attach_why {
	ATTACH_WHY_NONE,	/* no reason: in use, or a fallback never tried */
	ATTACH_WHY_NOT_FORCED,	/* -t named another tier */
	ATTACH_WHY_NO_IMPL,	/* the operation has no programs for this tier */
	ATTACH_WHY_PROBE,	/* probing found no target, or it cannot attach */
	ATTACH_WHY_DROPPED,	/* a program of the tier did not load */
	ATTACH_WHY_ATTACH,	/* attaching failed */
};

/* What probing found of one tier of one operation, once per run. */
enum attach_probed { PROBE_NOT_YET, PROBE_USABLE, PROBE_UNUSABLE };

/* What happened to one operation. */
struct attach_state {
	enum vs_tier tier;		/* VS_TIER_NONE: unavailable */
	char targets[160];		/* what it is attached to */
	char why[VS_NR_TIERS][160];	/* why each tier was not used */
	enum attach_why why_kind[VS_NR_TIERS];	/* ... and of what kind */
	enum attach_probed probed[VS_NR_TIERS];
	char probe_why[VS_NR_TIERS][160];	/* why probing found it unusable */
	/* per tier and point: the target probing found, NULL if none */
	const char *chosen[VS_NR_TIERS][ATTACH_MAX_POINTS];
	/* per point of the tp_btf tier: its kernel-sampled twin was chosen */
	bool sampled[ATTACH_MAX_POINTS];
	const char *note;
	/* per point of the tier in use: the target it is attached to, or NULL */
	const char *attached[ATTACH_MAX_POINTS];
	struct bpf_link *links[2 * ATTACH_MAX_POINTS];
	int nr_links;
};

#define ATTACH_MAX_DROPPED	16

struct attach_ctx {
	struct bpf_object *obj;
	int force_tier;			/* -1, or the only tier to try */
	bool wanted[VS_NR_OPS];		/* operations to measure */
	/* the events the kernel samples where it has them (attach_point) */
	bool kernel_sample;
	struct attach_state state[VS_NR_OPS];
	struct btf *btf;		/* the running kernel's, loaded once */
	/* why a tier's programs did not load, kept across attach_plan()s */
	char dropped[VS_NR_OPS][VS_NR_TIERS][160];
	/* programs left out after they failed to load (attach_drop_failed) */
	char *dropped_progs[ATTACH_MAX_DROPPED];
	int nr_dropped_progs;
};

int tier_parse_opt(const char *s);	/* a usage error if unknown (-t) */

/*
 * Decide the tiers: probes each operation's tiers in order (or only the
 * forced one), keeps the programs of the first usable one and of the
 * tiers below it (fallbacks if attaching fails), and turns autoload off
 * for every other program.  Call between open and load; again on the
 * next object after a failed load: probing is done once, on the first
 * call.  Returns 0, -ENOENT without kernel BTF, or -ESRCH if a program
 * of the table is not in the object (attach_check_programs() says which).
 */
int attach_plan(struct attach_ctx *ctx);

/*
 * Attach every planned operation, falling back to a lower loaded tier
 * if attaching fails.  Returns the number of operations attached.
 */
int attach_all(struct attach_ctx *ctx);

void attach_destroy(struct attach_ctx *ctx);

/* Is @target among the points of @op's planned tier (after attach_plan())? */
bool attach_planned(const struct attach_ctx *ctx, int op, const char *target);
/* Is a point on @target attached for @op (after attach_all())? */
bool attach_in_use(const struct attach_ctx *ctx, int op, const char *target);
/* Is @op attached to an event the kernel samples (after attach_all())? */
bool attach_kernel_sampled(const struct attach_ctx *ctx, int op);

/*
 * The programs of @op's tier in use at its attached points, each once
 * (a kretprobe can serve several points), into @progs; their number.
 * None if @op is not attached.
 */
int attach_op_progs(const struct attach_ctx *ctx, int op, const char **progs, int max);

/*
 * Events of @op the kernel did not run its programs for, because the
 * same program already ran on that CPU (BPF recursion protection): the
 * programs' recursion_misses, summed, since load.  0 into *@missed, or
 * -EOPNOTSUPP where the kernel does not count them (before 5.12), or the
 * error of reading a program's info: the count is then unknown, not 0.
 */
int attach_op_missed(const struct attach_ctx *ctx, int op, __u64 *missed);

/* The same over every attached operation, the unknown ones left out. */
__u64 attach_runs_missed(const struct attach_ctx *ctx);

/*
 * Loading, leaving out what the running kernel rejects (recover.c).
 * libbpf loads an object whole, so one program the kernel refuses (a
 * CO-RE relocation to a field it lacks, a helper it does not have) would
 * fail every operation.  Use attach_libbpf_print() as libbpf's print
 * function: it notes which program failed and why.  After a failed load,
 * call attach_drop_failed(), destroy the object and open it again: the
 * next attach_plan() skips the tiers that use that program (each says
 * why), so only their operations fall back to a lower tier or go
 * unmeasured.  Programs outside the tiers (run on demand) are only
 * noted; ask attach_prog_dropped() before turning one's autoload on.
 */
extern bool attach_verbose;		/* libbpf's debug output on stderr */
int attach_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args);

/* True if the failed program was found and left out: load again. */
bool attach_drop_failed(struct attach_ctx *ctx);
bool attach_prog_dropped(const struct attach_ctx *ctx, const char *name);

/* Per operation: the tier in use and its targets, or why none works. */
void attach_report(FILE *f, const struct attach_ctx *ctx, bool verbose);

/*
 * One line, if some wanted operation is not measured: which ones, and
 * that vswaplat --list says why (the reasons take a line each).
 */
void attach_report_missing(FILE *f, const struct attach_ctx *ctx);

/*
 * Nothing can be measured: that error as the first line on stderr, the
 * attach_report_missing() line after it, and exit(1).
 */
void attach_die_unmeasured(const struct attach_ctx *ctx) __attribute__((noreturn));

#endif /* VSWAP_ATTACH_H */
