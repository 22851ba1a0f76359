/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing, per swap operation, where to measure it from (the attach
 * tiers of bpf/vswap.bpf.c), by probing the running kernel's BTF,
 * kallsyms and tracefs; never by its version number.
 *
 * Use: attach_plan() after opening the skeleton and before loading it
 * (it sets which programs load and at which functions), then
 * attach_all() after loading.  attach_report() says what happened.
 */
#ifndef VSWAP_ATTACH_H
#define VSWAP_ATTACH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include <linux/types.h>
#include "names.h"
#include "vswap.h"

#define ATTACH_MAX_POINTS	8
#define ATTACH_MAX_TARGETS	3

/* One probe point: an entry and/or an exit program on one function. */
struct attach_point {
	const char *entry;		/* program name, or NULL */
	const char *exit;		/* program name, or NULL */
	const char *targets[ATTACH_MAX_TARGETS];	/* function or event names */
	bool optional;			/* the operation works without it */
	bool tracepoint;		/* a tracepoint among function probes */
};

struct attach_impl {
	enum vs_tier tier;
	struct attach_point points[ATTACH_MAX_POINTS];
	const char *note;		/* what this tier cannot see */
	/* the note instead, on a kernel whose BTF has this function */
	const char *note_if_func, *note_if;
	/* no note where this point (1-based) is attached: it sees the rest */
	int note_unless_point;
};

struct attach_op {
	enum vs_op op;
	const char *what;		/* "swap-in by source" */
	struct attach_impl impls[VS_NR_TIERS];
};

/* What happened to one operation. */
struct attach_state {
	enum vs_tier tier;		/* VS_TIER_NONE: unavailable */
	char targets[160];		/* what it is attached to */
	char why[VS_NR_TIERS][160];	/* why each tier was not used */
	/* per tier and point: the target probing found, NULL if none */
	const char *chosen[VS_NR_TIERS][ATTACH_MAX_POINTS];
	const char *note;
	/* per point of the tier in use: the target it is attached to, or NULL */
	const char *attached[ATTACH_MAX_POINTS];
	struct bpf_link *links[2 * ATTACH_MAX_POINTS];
	int nr_links;
};

extern const struct attach_op attach_ops[VS_NR_OPS];

/* The end_io of swap reads (6.12, 7.x): disk swap-ins are timed to it. */
#define SWAPIN_END_FUNCS { "end_swap_bio_read", "swap_bio_read_end_io" }

#define ATTACH_MAX_DROPPED	16

struct attach_ctx {
	struct bpf_object *obj;
	int force_tier;			/* -1, or the only tier to try */
	bool wanted[VS_NR_OPS];		/* operations to measure */
	struct attach_state state[VS_NR_OPS];
	struct btf *btf;		/* the running kernel's */
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
 * for every other program.  Call between open and load.  Returns 0, or
 * a negative errno for a fatal error (no BTF).
 */
int attach_plan(struct attach_ctx *ctx);

/*
 * Attach every planned operation, falling back to a lower loaded tier
 * if attaching fails.  Returns the number of operations attached.
 */
int attach_all(struct attach_ctx *ctx);

void attach_destroy(struct attach_ctx *ctx);

/*
 * Loading, leaving out what the running kernel rejects.  libbpf loads an
 * object whole, so one program the kernel refuses (a CO-RE relocation to
 * a field it lacks, a helper it does not have) would fail every
 * operation.  Use attach_libbpf_print() as libbpf's print function: it
 * notes which program failed and why.  After a failed load, call
 * attach_drop_failed(), destroy the object and open it again: the next
 * attach_plan() skips the tiers that use that program (each says why),
 * so only their operations fall back to a lower tier or go unmeasured.
 * Programs outside the tiers (run on demand) are only noted; ask
 * attach_prog_dropped() before turning one's autoload on.
 */
extern bool attach_verbose;		/* libbpf's debug output on stderr */
int attach_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args);

/* True if the failed program was found and left out: load again. */
bool attach_drop_failed(struct attach_ctx *ctx);
bool attach_prog_dropped(const struct attach_ctx *ctx, const char *name);

/* Runs of the loaded programs the kernel skipped as nested, summed. */
__u64 attach_runs_missed(const struct attach_ctx *ctx);

/* Per operation: the tier in use and its targets, or why none works. */
void attach_report(FILE *f, const struct attach_ctx *ctx, bool verbose);

/* One line on stderr per wanted operation that is not measured. */
void attach_report_missing(FILE *f, const struct attach_ctx *ctx);

/* Address of a kernel symbol from /proc/kallsyms, 0 if not found. */
unsigned long kallsyms_lookup(const char *name);

/* Does parameter @idx of kernel function @func point to a @type (a struct name)? */
bool btf_func_param_points_to(const struct btf *btf, const char *func, int idx,
			      const char *type);
/* The number of parameters of kernel function @func, -1 if not in BTF */
int btf_func_nr_params(const struct btf *btf, const char *func);
/* Does kernel function @func return @type (a BTF name: "int", "_Bool")? */
bool btf_func_returns(const struct btf *btf, const char *func, const char *type);

/* Does struct @type of the kernel's BTF have a member @member (top level)? */
bool btf_struct_has_member(const struct btf *btf, const char *type, const char *member);

/* Is @target among the points of @op's planned tier (after attach_plan())? */
bool attach_planned(const struct attach_ctx *ctx, int op, const char *target);
/* Is a point on @target attached for @op (after attach_all())? */
bool attach_in_use(const struct attach_ctx *ctx, int op, const char *target);

/* Is tracepoint @name in the kernel's BTF (its btf_trace_ typedef)? */
bool btf_has_tracepoint(const struct btf *btf, const char *name);

#endif /* VSWAP_ATTACH_H */
