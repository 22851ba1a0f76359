/* SPDX-License-Identifier: GPL-2.0 */
/* The maps of bpf/vswap.bpf.c, from user space. */
#ifndef VSWAP_MAPS_H
#define VSWAP_MAPS_H

#include <stdbool.h>
#include "hist.h"

struct hist_entry {
	struct vs_hist_key key;
	struct vs_hist hist;
};

/*
 * Every non-empty histogram of the map at @fd, merged over CPUs and in
 * operation, sub and device order, into a malloc'ed array at *@out;
 * returns how many.  @clear zeroes them in the map (an interval ends).
 */
int histmap_read(int fd, struct hist_entry **out, bool clear);

/* Tell the BPF side the block devices of /proc/swaps (swap_devs map). */
void swap_devs_fill(int fd);

#endif /* VSWAP_MAPS_H */
