/* SPDX-License-Identifier: GPL-2.0 */
/* The maps of bpf/vswap.bpf.c, from user space. */
#ifndef VSWAP_MAPS_H
#define VSWAP_MAPS_H

#include <stdbool.h>
#include "hist.h"
#include "swaps.h"

struct bpf_program;

struct hist_entry {
	struct vs_hist_key key;
	struct vs_hist hist;
};

/*
 * Successive reads of the hists map, each giving what was added since the
 * previous one.  The map's counters only grow (struct vs_hist says why):
 * an interval is the difference of two reads; its maximum comes from the
 * maxima the BPF side keeps per epoch (epoch_max()).
 */
struct hist_interval {
	__u64 *epoch;		/* interval_epoch, in the skeleton's .bss */
	__u64 closed;		/* the epoch the last hist_interval_end() closed */
	struct vs_hist *last;	/* totals at the previous read, VS_NR_HISTS */
};

void hist_interval_init(struct hist_interval *iv, __u64 *epoch);
void hist_interval_free(struct hist_interval *iv);

/*
 * Ends an interval: the BPF side starts keeping maxima for the next
 * epoch.  The reads that follow (histmap_read() and vswaptop's lock
 * table) count what ended before them.
 */
void hist_interval_end(struct hist_interval *iv);

/*
 * The maximum of one per-CPU value over what a read counts: the epoch
 * closed and the one after it, which holds the operations that ended
 * between hist_interval_end() and the read.  (Those may raise the next
 * interval's maximum too: a maximum is never below what was counted.)
 * With @iv NULL, the totals since load, where no epoch ever ended.
 */
__u64 epoch_max(const struct vs_epoch_max *m, const struct hist_interval *iv);

/*
 * Every non-empty histogram of the map at @fd, merged over CPUs and in
 * operation, sub and device order, into a malloc'ed array at *@out;
 * returns how many.  The totals since load if @iv is NULL, else the
 * interval since the previous read through @iv, which hist_interval_end()
 * has just closed.
 */
int histmap_read(int fd, struct hist_entry **out, struct hist_interval *iv);

/* The stats map (enum vs_stat), each counter summed over the CPUs. */
void statmap_read(int fd, __u64 sums[VS_NR_STATS]);

/*
 * What runs bpf/vswap.bpf.c's read_swap_types: its program (fd -1 before
 * load, or where it could not load) and its output in the global data.
 */
struct swap_type_reader {
	int prog_fd;
	const struct vs_swap_type *types;	/* VS_MAX_SWAP_BDEVS of them */
	const __s32 *err;
};

/* The reader of @prog, or of nothing (fd -1) if it was not loaded. */
struct swap_type_reader swap_type_reader(const struct bpf_program *prog,
					 const struct vs_swap_type *types, const __s32 *err);

/*
 * swaps_read() with each device's swap type from the kernel's
 * swap_info[] where @r (may be NULL) can read it, else its line number.
 */
int swaps_read_typed(const struct swap_type_reader *r, struct swap_dev *devs, int max);

/*
 * Make the BPF side's table at @live (its global data: the skeleton's
 * before load, the map's memory after) hold the block devices among
 * @devs, with their swap types; true if it changed.
 */
bool swap_bdevs_set(struct vs_swap_bdevs *live, const struct swap_dev *devs, int n);

/*
 * swap_bdevs_set() with the devices of /proc/swaps: after a swapon or
 * swapoff, or simply once per interval.
 */
bool swap_bdevs_follow(const struct swap_type_reader *r, struct vs_swap_bdevs *live);

#endif /* VSWAP_MAPS_H */
