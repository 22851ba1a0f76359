/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaptop's snapshot: one per interval, filled by collect.c from the
 * BPF maps, /proc and the kernel's BTF, and drawn by ui.c (interactive,
 * ncurses) or render.c (batch text and JSON); model.h holds what both
 * share.
 *
 * Every panel says whether it has a data source on this kernel; when it
 * has none, its "why" string says what is missing and the panel shows
 * that instead of numbers.  A single value the source cannot measure
 * (a per-device rate without the operation it comes from, a quantile of
 * no events, a ratio over zero) is TOP_NONE, never 0: the text shows "-"
 * and the JSON null.
 */
#ifndef VSWAPTOP_TOP_H
#define VSWAPTOP_TOP_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include "swaps.h"

/* A value that could not be measured (NaN: top_known() in model.h). */
#define TOP_NONE		NAN

#define TOP_MAX_CLUSTERS	64	/* rows kept for the contention panel */
#define TOP_MAX_STRUCTS		12	/* rows of the overhead panel */
#define TOP_WHY			160

/* Devices: /proc/swaps plus the per-device rates of the interval. */
struct top_dev {
	struct swap_dev swap;		/* path, size, used (KiB), prio */
	int type;			/* swap type, -1 if unknown */
	uint64_t zero_entries;		/* entries in the zeromap; valid if has_zero */
	bool has_zero;
	bool virtual;			/* the virtual swap device (SWP_VIRTUAL) */
	uint64_t bound;			/* its slots with a physical slot; valid if has_bound */
	bool has_bound;
	/* TOP_NONE without the operation, or if the swap type is unknown */
	double alloc_per_s;		/* entries given to folios */
	double free_per_s;		/* entries whose references were dropped */
	double out_pages_per_s;		/* swapped out to this device (any backend) */
	double in_pages_per_s;
};

/* Swap-in and swap-out by backend, pages per second (zero, zswap, disk). */
enum top_backend { TOP_ZERO, TOP_ZSWAP, TOP_DISK, TOP_NR_BACKENDS };

struct top_rates {
	double out_pages_per_s[TOP_NR_BACKENDS];
	double in_pages_per_s[TOP_NR_BACKENDS];
	double zswap_wb_pages_per_s;	/* TOP_NONE without zswap_wb */
	bool by_backend;		/* false: only totals (from /proc/vmstat) */
	double out_total_per_s;		/* pswpout + zswpout + swpout_zero */
	double in_total_per_s;
	char why[TOP_WHY];		/* why by_backend is false */
};

/* Where the used entries are, system wide (pages). */
struct top_backends {
	uint64_t swapcache;		/* SwapCached of /proc/meminfo */
	uint64_t zswap_stored;		/* pages stored in zswap, if zswap is on */
	bool has_zswap;
	uint64_t zero;			/* zeromap entries over all devices */
	bool has_zero;
	uint64_t used;			/* all swap entries in use */
};

/* One contended lock: a cluster, a device lock, or swap_avail_lock. */
struct top_lock {
	int type;			/* swap type, -1 for swap_avail_lock */
	int cluster;			/* -1 unless a cluster lock */
	int kind;			/* enum vs_lock */
	uint64_t contended;		/* times contended in the interval */
	uint64_t wait_ns;		/* total wait in the interval */
	uint64_t max_ns;		/* longest wait in the interval */
	double share;			/* wait_ns / (interval * CPUs): a fraction */
};

struct top_contention {
	bool available;
	char why[TOP_WHY];
	struct top_lock clusters[TOP_MAX_CLUSTERS];	/* sorted by the sort key */
	int nr_clusters;
	int nr_clusters_total;		/* contended clusters before the cut */
	struct top_lock device_locks[8];	/* per-device locks and avail */
	int nr_device_locks;
	uint64_t lost;			/* contentions the per-lock map had no room for */
};

/* Metadata cost of swap entries, from the kernel's BTF type sizes. */
struct top_struct_cost {
	const char *name;		/* "swap_map", "cluster info", ... */
	const char *type;		/* BTF type it is sized by */
	double bytes_per_slot;		/* fixed cost, per slot of the devices */
	double bytes_per_used;		/* total / used entries */
					/* (both TOP_NONE over zero) */
	uint64_t total_bytes;
	bool per_used;			/* scales with used entries, not slots */
};

struct top_overhead {
	bool available;
	char why[TOP_WHY];
	struct top_struct_cost rows[TOP_MAX_STRUCTS];
	int nr_rows;
	uint64_t slots;			/* all devices */
	uint64_t used;
	double total_per_slot;		/* TOP_NONE without slots */
	double total_per_used;		/* TOP_NONE without used entries */
	uint64_t total_bytes;
	/*
	 * The virtual swap devices alone: their slots, and the fixed bytes
	 * per slot of every row they pay for (not the swap cache or zswap);
	 * TOP_NONE without a virtual device.
	 */
	uint64_t virtual_slots;
	double virtual_per_slot;
};

/* p50/p99 of one operation over the interval. */
struct top_latency {
	const char *op;			/* "alloc", "swapin", ... */
	uint64_t count;
	double p50_ns;			/* TOP_NONE of no events */
	double p99_ns;
	bool available;
};

#define TOP_MAX_LAT	12	/* every operation: VS_NR_OPS (collect.c checks) */

struct top_swapoff {
	bool active;			/* a swapoff runs, or ended this interval */
	bool done;
	int ret;
	int type;
	char path[256];
	uint64_t total;			/* pages in use when it began */
	uint64_t remaining;
	double pages_per_s;		/* TOP_NONE before any progress was timed */
	double eta_s;			/* -1 if unknown */
	double percent;
	bool exact;			/* from the vswap events, else /proc/swaps */
	char why[TOP_WHY];		/* set if progress cannot be followed */
};

struct top_snapshot {
	double time;			/* seconds since the epoch */
	double interval_s;
	char kernel[96];		/* uname -r */
	char source[96];		/* "vswap events", "fentry", ... */
	struct top_dev devs[SWAPS_MAX];
	int nr_devs;
	struct top_rates rates;
	struct top_backends backends;
	struct top_contention contention;
	struct top_overhead overhead;
	struct top_latency latency[TOP_MAX_LAT];
	int nr_latency;
	char latency_why[TOP_WHY];	/* operations without a source */
	struct top_swapoff swapoff;
	uint64_t lost;			/* events the BPF side could not record
					 * in the interval (collect_lost()) */
};

/* Sort keys of the contention panel. */
enum top_sort { SORT_WAIT, SORT_COUNT, SORT_MAX, SORT_CLUSTER, TOP_NR_SORTS };

#endif /* VSWAPTOP_TOP_H */
