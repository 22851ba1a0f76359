// SPDX-License-Identifier: GPL-2.0
/* The swap devices of /proc/swaps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "swaps.h"

/* MKDEV() of include/linux/kdev_t.h: 12 bits of major, 20 of minor */
uint32_t kdev_encode(unsigned long long dev)
{
	return (major(dev) << 20) | minor(dev);
}

int swaps_read(const char *file, struct swap_dev *devs, int max)
{
	char line[512], type[32];
	FILE *f = fopen(file ? file : "/proc/swaps", "r");
	int n = 0;

	if (!f)
		return -errno;
	/* skip the header */
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (n < max && fgets(line, sizeof(line), f)) {
		struct swap_dev *d = &devs[n];
		unsigned long long size, used;
		struct stat st;

		memset(d, 0, sizeof(*d));
		/* Paths with spaces are escaped as \040 by the kernel. */
		if (sscanf(line, "%255s %31s %llu %llu %d", d->path, type, &size,
			   &used, &d->prio) != 5)
			continue;
		d->size_kb = size;
		d->used_kb = used;
		d->partition = !strcmp(type, "partition");
		d->type = n;
		if (!stat(d->path, &st)) {
			d->ino = st.st_ino;
			d->sdev = kdev_encode(st.st_dev);
			if (d->partition && S_ISBLK(st.st_mode))
				d->kdev = kdev_encode(st.st_rdev);
		}
		n++;
	}
	fclose(f);
	return n;
}

