// SPDX-License-Identifier: GPL-2.0
/* The maps of bpf/vswap.bpf.c, from user space. */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "maps.h"
#include "swaps.h"

void hist_interval_init(struct hist_interval *iv, __u64 *epoch)
{
	iv->epoch = epoch;
	iv->last = calloc(VS_NR_HISTS, sizeof(*iv->last));
	if (!iv->last)
		die("out of memory");
}

void hist_interval_free(struct hist_interval *iv)
{
	free(iv->last);
	iv->last = NULL;
}

void hist_interval_end(struct hist_interval *iv)
{
	/* .bss is mmap'ed: the programs see the store right away */
	iv->closed = __atomic_fetch_add(iv->epoch, 1, __ATOMIC_SEQ_CST);
}

__u64 epoch_max(const struct vs_epoch_max *m, const struct hist_interval *iv)
{
	__u64 max = 0;

	for (int i = 0; i < 2; i++) {
		if (iv && m->epoch[i] != iv->closed && m->epoch[i] != iv->closed + 1)
			continue;
		if (m->max_ns[i] > max)
			max = m->max_ns[i];
	}
	return max;
}

/* What @now holds beyond @last; the maximum is @now's own. */
static void hist_sub(struct vs_hist *now, const struct vs_hist *last)
{
	for (int i = 0; i < VS_HIST_SLOTS; i++)
		now->slots[i] -= last->slots[i];
	now->count -= last->count;
	now->sum_ns -= last->sum_ns;
	now->pages -= last->pages;
	now->ops -= last->ops;
}

/* Operation, sub, device: the order the tools print in. */
static int hist_entry_cmp(const void *a, const void *b)
{
	const struct vs_hist_key *x = &((const struct hist_entry *)a)->key;
	const struct vs_hist_key *y = &((const struct hist_entry *)b)->key;

	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->sub != y->sub)
		return x->sub < y->sub ? -1 : 1;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

int histmap_read(int fd, struct hist_entry **out, struct hist_interval *iv)
{
	int ncpus = libbpf_num_possible_cpus(), n = 0;
	struct vs_hist *percpu = calloc(ncpus, sizeof(*percpu));
	struct hist_entry *e = calloc(VS_NR_HISTS, sizeof(*e));
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info), nr = VS_NR_HISTS;

	if (!percpu || !e)
		die("out of memory");
	/* without the split by device the map holds VS_NR_HISTS_NODEV */
	if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.max_entries < nr)
		nr = info.max_entries;
	for (__u32 i = 0; i < nr; i++) {
		struct hist_entry *h = &e[n];
		__u64 max_ns = 0;

		if (bpf_map_lookup_elem(fd, &i, percpu))
			continue;
		memset(h, 0, sizeof(*h));
		for (int cpu = 0; cpu < ncpus; cpu++) {
			__u64 m = epoch_max(&percpu[cpu].emax, iv);

			hist_add(&h->hist, &percpu[cpu]);
			if (m > max_ns)
				max_ns = m;
		}
		h->hist.max_ns = max_ns;
		memset(&h->hist.emax, 0, sizeof(h->hist.emax));
		/*
		 * A read can land between a program's increments of a slot
		 * and of the count: the slots are the count.
		 */
		h->hist.count = 0;
		for (int s = 0; s < VS_HIST_SLOTS; s++)
			h->hist.count += h->hist.slots[s];
		if (iv) {
			struct vs_hist total = h->hist;

			hist_sub(&h->hist, &iv->last[i]);
			iv->last[i] = total;
		}
		if (!h->hist.count && !h->hist.ops)
			continue;
		vs_hist_key_of(i, &h->key.op, &h->key.sub, &h->key.dev);
		n++;
	}
	qsort(e, n, sizeof(*e), hist_entry_cmp);
	free(percpu);
	*out = e;
	return n;
}

void statmap_read(int fd, __u64 sums[VS_NR_STATS])
{
	int ncpus = libbpf_num_possible_cpus();
	__u64 *vals = calloc(ncpus, sizeof(*vals));

	if (!vals)
		die("out of memory");
	memset(sums, 0, VS_NR_STATS * sizeof(*sums));
	for (__u32 s = 0; s < VS_NR_STATS; s++) {
		if (bpf_map_lookup_elem(fd, &s, vals))
			continue;
		for (int cpu = 0; cpu < ncpus; cpu++)
			sums[s] += vals[cpu];
	}
	free(vals);
}

/* Does swap_info[] slot @t hold the device of /proc/swaps line @d? */
static bool swap_type_is(const struct vs_swap_type *t, const struct swap_dev *d)
{
	if (!t->used)
		return false;
	if (d->kdev)
		return t->bdev == d->kdev;
	return d->ino && t->ino == d->ino && t->sdev == d->sdev;
}

struct swap_type_reader swap_type_reader(const struct bpf_program *prog,
					 const struct vs_swap_type *types, const __s32 *err)
{
	int fd = bpf_program__fd(prog);

	return (struct swap_type_reader){
		.prog_fd = fd >= 0 ? fd : -1, .types = types, .err = err,
	};
}

int swaps_read_typed(const struct swap_type_reader *r, struct swap_dev *devs, int max)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int n = swaps_read(NULL, devs, max);

	if (n <= 0 || !r || r->prog_fd < 0 ||
	    bpf_prog_test_run_opts(r->prog_fd, &opts) || *r->err)
		return n;
	for (int i = 0; i < n; i++)
		for (int t = 0; t < VS_MAX_SWAP_BDEVS; t++)
			if (swap_type_is(&r->types[t], &devs[i])) {
				devs[i].type = t;
				devs[i].kflags = r->types[t].flags;
				break;
			}
	return n;
}

bool swap_bdevs_set(struct vs_swap_bdevs *live, const struct swap_dev *devs, int n)
{
	struct vs_swap_bdevs now = { 0 };
	size_t used;

	for (int i = 0; i < n && now.nr < VS_MAX_SWAP_BDEVS; i++)
		if (devs[i].kdev) {
			now.kdev[now.nr] = devs[i].kdev;
			now.type[now.nr++] = devs[i].type;
		}
	used = now.nr * sizeof(now.kdev[0]);
	if (now.nr == live->nr && !memcmp(now.kdev, live->kdev, used) &&
	    !memcmp(now.type, live->type, used))
		return false;
	/*
	 * Empty while rewritten, so a new program run finds no device; one
	 * already in its loop may still match an entry half rewritten, which
	 * costs one bio's sample, not the table.
	 */
	__atomic_store_n(&live->nr, 0, __ATOMIC_SEQ_CST);
	memcpy(live->kdev, now.kdev, sizeof(now.kdev));
	memcpy(live->type, now.type, sizeof(now.type));
	__atomic_store_n(&live->nr, now.nr, __ATOMIC_RELEASE);
	return true;
}

bool swap_bdevs_follow(const struct swap_type_reader *r, struct vs_swap_bdevs *live)
{
	struct swap_dev devs[SWAPS_MAX];
	int n = swaps_read_typed(r, devs, SWAPS_MAX);

	return swap_bdevs_set(live, devs, n);
}
