/* SPDX-License-Identifier: GPL-2.0 */
/* The swap counters of /proc/vmstat. */
#ifndef VSWAP_VMSTAT_H
#define VSWAP_VMSTAT_H

#include <stdint.h>

/* Every counter counts base pages (a THP swap-out adds 512). */
enum vm_counter {
	VM_PSWPIN, VM_PSWPOUT, VM_ZSWPIN, VM_ZSWPOUT, VM_ZSWPWB,
	VM_SWPIN_ZERO, VM_SWPOUT_ZERO, VM_NR_COUNTERS,
};

/* The counters' names in /proc/vmstat. */
extern const char *const vm_counter_names[VM_NR_COUNTERS];

/*
 * Read the counters of /proc/vmstat (or @file) into @vm; counters the
 * kernel lacks (zswpwb before 6.8, swpin_zero before 6.12) read 0.
 * Returns a mask of the counters present (bit i for counter i), or -errno.
 */
int vmstat_read(const char *file, uint64_t vm[VM_NR_COUNTERS]);

#endif /* VSWAP_VMSTAT_H */
