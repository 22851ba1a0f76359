/* SPDX-License-Identifier: GPL-2.0 */
/* vswaptop's sampler: BPF maps, /proc and BTF into a struct top_snapshot. */
#ifndef VSWAPTOP_COLLECT_H
#define VSWAPTOP_COLLECT_H

#include <bpf/btf.h>
#include "attach.h"
#include "maps.h"
#include "top.h"
#include "vmstat.h"
#include "vswap.h"		/* the types of the skeleton's rodata */
#include "vswap.skel.h"

/* Sizes of the swap metadata structures in the running kernel's BTF. */
struct btf_sizes {
	long swap_info;		/* struct swap_info_struct */
	long cluster_info;	/* struct swap_cluster_info */
	long swap_cgroup;	/* struct swap_cgroup, per slot */
	long zswap_entry;	/* struct zswap_entry */
	long xa_node;		/* struct xa_node */
	long swp_desc;		/* a virtual swap descriptor, where one exists */
	long long swp_virtual;	/* the SWP_VIRTUAL flag, 0 if the kernel has none */
	long vswap_bind;	/* *swap_info_struct::vswap_bind, per virtual slot; -1 if none */
	bool has_swap_map;	/* swap_info_struct::swap_map (1 byte per slot) */
	bool has_zeromap;	/* swap_info_struct::zeromap (1 bit per slot) */
	bool has_swap_table;	/* swap_cluster_info::table (8 bytes per slot) */
};

struct lock_total;

struct collector {
	struct vswap_bpf *skel;
	const struct attach_ctx *attach;
	struct hist_interval hists;	/* interval reads of the hists map */
	struct swap_type_reader swap_types;	/* each device's swap type */
	struct lock_total *locks;	/* lock totals at the last sample, sorted */
	int nr_locks;
	uint64_t locks_lost;		/* VS_STAT_LOCKS_FULL at the last sample */
	uint64_t lost;			/* the other losses at the last sample */
	int ncpus;
	struct btf_sizes sizes;
	bool memcg;			/* a memory controller is mounted */
	unsigned int cluster_slots;	/* SWAPFILE_CLUSTER */
	double last;			/* CLOCK_MONOTONIC of the last sample */
	uint64_t vm[VM_NR_COUNTERS];
	uint64_t swapoff_seen[SWAPS_MAX];	/* remaining at the last sample */
	char swapoff_path[SWAPS_MAX][256];
	enum top_sort sort;
	int swaps_watch;		/* /proc/swaps, polled for swapon/swapoff; or -1 */
};

/*
 * Reads the BTF sizes and the first counters; the skeleton is loaded.
 * @swaps_watch is /proc/swaps opened before the load (or -1): the
 * collector owns it from here.
 */
int collect_init(struct collector *c, struct vswap_bpf *skel,
		 const struct attach_ctx *attach, int swaps_watch);

/*
 * If a swapon or swapoff happened since the last call (or sample), the
 * BPF side's device table follows it now; true if one did.  Does not
 * block: call it between samples, so that a device's I/O is measured
 * from its swapon, not from the next sample.
 */
bool collect_follow_swaps(struct collector *c);

void collect_fini(struct collector *c);

/* Slots per swap cluster of the running kernel (SWAPFILE_CLUSTER). */
unsigned int swap_cluster_slots(void);

/*
 * Entries for the per-lock map, before load: the clusters of the swap
 * devices now on, doubled for devices turned on later, within bounds.
 */
unsigned int locks_map_entries(unsigned int cluster_slots);

/* The snapshot of the interval since the last call. */
int collect_sample(struct collector *c, struct top_snapshot *s);

/* The sizes one per-entry row is computed from, for the tests' sake. */
void collect_overhead(const struct btf_sizes *sz, const struct top_snapshot *s,
		      unsigned int cluster_slots, bool memcg,
		      struct top_overhead *o);

int btf_sizes_read(const struct btf *btf, struct btf_sizes *sz);

#endif /* VSWAPTOP_COLLECT_H */
