/* SPDX-License-Identifier: GPL-2.0 */
/* Opening and loading bpf/vswap.bpf.c, leaving out what does not load. */
#ifndef VSWAP_LOAD_H
#define VSWAP_LOAD_H

#include "attach.h"
#include "cli.h"
#include "vswap.skel.h"

/* What a tool wants of the BPF object, set on it before each load. */
struct vswap_opts {
	/* read-only data of vswap.bpf.c */
	__u64 unit_div;			/* ns per histogram unit */
	__u32 sample_period;		/* latency of 1 in N operations; 0 or 1: all */
	bool split_dev;			/* a histogram per swap device */
	bool track_locks;		/* per-lock contention records */
	__u64 target_cgroup;		/* cgroup id to filter, 0: all */
	/* map sizes, 0: the object's own */
	__u32 hists_entries;
	__u32 locks_entries;
	/* programs run on demand, loaded where the kernel can run them */
	bool swap_types;		/* read_swap_types */
	bool unended;			/* count_unended_bios, count_unended_swapins */
	bool zeromap;			/* count_zeromap */
	bool bound;			/* count_bound */
};

/* --sample N of the tools: 1..65536 (struct vswap_opts.sample_period) */
extern const struct num_spec sample_spec;

/*
 * Open, set up and load the BPF object, in the one order that works:
 * open, @opts, the plan of the tiers (attach_plan() on @ctx, whose
 * force_tier and wanted the caller set), what the kernel's shape asks
 * of the programs, the on-demand programs, load.  A program the running
 * kernel rejects costs the operations that use it, not the run: it is
 * left out (attach_drop_failed()) and the object opened and loaded
 * again.  Dies with one line on stderr if it cannot load at all.
 */
struct vswap_bpf *vswap_load(struct attach_ctx *ctx, const struct vswap_opts *opts);

/*
 * attach_all(), then turn on what needs its programs attached first (the
 * swap-in's wait for its read's end_io).  Returns attach_all()'s count.
 */
int vswap_attach(struct vswap_bpf *skel, struct attach_ctx *ctx);

#endif /* VSWAP_LOAD_H */
