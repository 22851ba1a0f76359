/* SPDX-License-Identifier: GPL-2.0 */
/* The swap devices of /proc/swaps. */
#ifndef VSWAP_SWAPS_H
#define VSWAP_SWAPS_H

#include <stdbool.h>
#include <stdint.h>

#define SWAPS_MAX	32	/* MAX_SWAPFILES */

struct swap_dev {
	char path[256];
	bool partition;		/* a block device, not a file */
	uint32_t kdev;		/* kernel dev_t of the block device, 0 for files */
	uint64_t size_kb;
	uint64_t used_kb;
	int prio;
	int type;		/* swap type: the line number unless resolved */
	uint64_t ino;		/* of the device node or file, for matching */
	uint32_t sdev;		/* kernel dev_t of the filesystem holding it */
	uint32_t kflags;	/* swap_info_struct::flags (low 32 bits) if the type
				 * came from the kernel (swaps_read_typed), else 0 */
};

/*
 * Read /proc/swaps (or @file) into @devs; returns the number of devices,
 * or -errno.  Devices come in swap type order, and each one's type is
 * set to its line number: right unless a device with a lower type was
 * swapped off while a higher one stayed on.  swaps_read_typed()
 * (maps.h) asks the kernel instead.
 */
int swaps_read(const char *file, struct swap_dev *devs, int max);

/* The kernel's encoding of a user-space dev_t. */
uint32_t kdev_encode(unsigned long long dev);

#endif /* VSWAP_SWAPS_H */
