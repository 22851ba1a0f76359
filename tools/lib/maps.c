// SPDX-License-Identifier: GPL-2.0
/* The maps of bpf/vswap.bpf.c, from user space. */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "maps.h"
#include "swaps.h"

int histmap_read(int fd, struct hist_entry **out, bool clear)
{
	int ncpus = libbpf_num_possible_cpus(), n = 0;
	struct vs_hist *percpu = calloc(ncpus, sizeof(*percpu));
	struct vs_hist *zeros = calloc(ncpus, sizeof(*zeros));
	struct hist_entry *e = calloc(VS_NR_HISTS, sizeof(*e));

	if (!percpu || !zeros || !e)
		die("out of memory");
	/* Index order is operation, sub, device order: already sorted. */
	for (__u32 i = 0; i < VS_NR_HISTS; i++) {
		struct hist_entry *h = &e[n];

		if (bpf_map_lookup_elem(fd, &i, percpu))
			continue;
		memset(h, 0, sizeof(*h));
		for (int cpu = 0; cpu < ncpus; cpu++)
			hist_add(&h->hist, &percpu[cpu]);
		if (!h->hist.count)
			continue;
		vs_hist_key_of(i, &h->key.op, &h->key.sub, &h->key.dev);
		if (clear)
			bpf_map_update_elem(fd, &i, zeros, BPF_ANY);
		n++;
	}
	free(percpu);
	free(zeros);
	*out = e;
	return n;
}

void swap_devs_fill(int fd)
{
	struct swap_dev devs[SWAPS_MAX];
	int n = swaps_read(NULL, devs, SWAPS_MAX);

	/* The value is the swap type, under the assumption swaps.h states. */
	for (__u32 i = 0; i < (__u32)n; i++)
		if (devs[i].kdev)
			bpf_map_update_elem(fd, &devs[i].kdev, &i, BPF_ANY);
}
