// SPDX-License-Identifier: GPL-2.0
/* The swap counters of /proc/vmstat. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "vmstat.h"

const char *const vm_counter_names[VM_NR_COUNTERS] = {
	[VM_PSWPIN] = "pswpin",
	[VM_PSWPOUT] = "pswpout",
	[VM_ZSWPIN] = "zswpin",
	[VM_ZSWPOUT] = "zswpout",
	[VM_ZSWPWB] = "zswpwb",
	[VM_SWPIN_ZERO] = "swpin_zero",
	[VM_SWPOUT_ZERO] = "swpout_zero",
};

int vmstat_read(const char *file, uint64_t vm[VM_NR_COUNTERS])
{
	char name[64];
	unsigned long long v;
	int present = 0;
	FILE *f = fopen(file ? file : "/proc/vmstat", "r");

	memset(vm, 0, VM_NR_COUNTERS * sizeof(*vm));
	if (!f)
		return -errno;
	while (fscanf(f, "%63s %llu", name, &v) == 2)
		for (int i = 0; i < VM_NR_COUNTERS; i++)
			if (!strcmp(name, vm_counter_names[i])) {
				vm[i] = v;
				present |= 1 << i;
			}
	fclose(f);
	return present;
}
