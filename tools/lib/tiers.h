/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attach tiers of bpf/vswap.bpf.c: per swap operation and tier, the
 * programs and the kernel functions or events they attach to, tried in
 * order (tiers.c).  Data only; attach.c plans and attaches from it.
 */
#ifndef VSWAP_TIERS_H
#define VSWAP_TIERS_H

#include <stdbool.h>
#include "vswap.h"

struct bpf_object;

#define ATTACH_MAX_POINTS	8
#define ATTACH_MAX_TARGETS	3

/* One probe point: an entry and/or an exit program on one function. */
struct attach_point {
	const char *entry;		/* program name, or NULL */
	const char *exit;		/* program name, or NULL */
	const char *targets[ATTACH_MAX_TARGETS];	/* function or event names */
	bool optional;			/* the operation works without it */
	bool tracepoint;		/* a tracepoint among function probes */
	/*
	 * A vswap event's twin that the kernel samples (patch 15), and its
	 * program: used instead where attach_ctx::kernel_sample asks for it
	 * and the kernel has it.
	 */
	const char *sampled_entry, *sampled_target;
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

extern const struct attach_op attach_ops[VS_NR_OPS];

/*
 * The programs outside the tiers: never attached, run on demand
 * (BPF_PROG_TEST_RUN) by the tools; NULL-terminated.
 */
extern const char *const attach_on_demand[];

/* An event every vswap kernel has (patch 2): tells an older one from none. */
#define VSWAP_FIRST_EVENT	"vswap_slot_alloc"

/* The end_io of swap reads (6.12, 7.x): disk swap-ins are timed to it. */
#define SWAPIN_END_FUNCS { "end_swap_bio_read", "swap_bio_read_end_io" }

/* Does the tier have programs at all? */
bool impl_exists(const struct attach_impl *impl);
/* Its points, the first ones of impl->points[] */
int impl_nr_points(const struct attach_impl *impl);
/* Is @prog one of its programs? */
bool impl_uses(const struct attach_impl *impl, const char *prog);

/*
 * The table against the object: every program it names is one of @obj,
 * and every program of @obj is in the table or run on demand.  0, or
 * -ENOENT naming in *@prog_name a program of the table (or run on
 * demand) that @obj lacks, -EINVAL one of @obj that neither lists.
 */
int attach_check_programs(const struct bpf_object *obj, const char **prog_name);

#endif /* VSWAP_TIERS_H */
