// SPDX-License-Identifier: GPL-2.0
/* vswaptop's sampler: BPF maps, /proc and BTF into a struct top_snapshot. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "collect.h"
#include "model.h"
#include "names.h"
#include "maps.h"
#include "swaps.h"

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- BTF sizes ------------------------------------------------------------ */

static long struct_size(const struct btf *btf, const char *name)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);

	return id < 0 ? -1 : btf__resolve_size(btf, id);
}

int btf_sizes_read(const struct btf *btf, struct btf_sizes *sz)
{
	memset(sz, 0, sizeof(*sz));
	sz->swap_info = struct_size(btf, "swap_info_struct");
	if (sz->swap_info < 0)
		return -ENOENT;
	sz->cluster_info = struct_size(btf, "swap_cluster_info");
	sz->swap_cgroup = struct_size(btf, "swap_cgroup");
	sz->zswap_entry = struct_size(btf, "zswap_entry");
	sz->xa_node = struct_size(btf, "xa_node");
	sz->swp_desc = struct_size(btf, "swp_desc");
	/* the kernel variant's virtual swap device, and its binding words */
	if (!btf_enum_value(btf, "SWP_VIRTUAL", &sz->swp_virtual))
		sz->swp_virtual = 0;
	sz->vswap_bind = btf_member_pointee_size(btf, "swap_info_struct", "vswap_bind");
	sz->has_swap_map = btf_struct_has_member(btf, "swap_info_struct", "swap_map");
	sz->has_zeromap = btf_struct_has_member(btf, "swap_info_struct", "zeromap");
	sz->has_swap_table = btf_struct_has_member(btf, "swap_cluster_info", "table");
	return 0;
}

/* ---- /proc ------------------------------------------------------------------- */

/* A /proc/meminfo line in kB, -1 if absent. */
static long long meminfo_kb(const char *key)
{
	char line[256];
	long long v = -1;
	size_t len = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':') {
			v = atoll(line + len + 1);
			break;
		}
	fclose(f);
	return v;
}

static long long read_number(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static bool zswap_enabled(void)
{
	char c = 'N';
	FILE *f = fopen("/sys/module/zswap/parameters/enabled", "r");

	if (f) {
		if (fscanf(f, " %c", &c) != 1)
			c = 'N';
		fclose(f);
	}
	return c == 'Y' || c == '1';
}

static bool memcg_mounted(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/cgroups", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char name[64];
		int hier, num, enabled;

		found = sscanf(line, "%63s %d %d %d", name, &hier, &num, &enabled) == 4 &&
			!strcmp(name, "memory") && enabled;
	}
	fclose(f);
	return found;
}

/* ---- setup ------------------------------------------------------------------- */

unsigned int swap_cluster_slots(void)
{
	/* SWAPFILE_CLUSTER is HPAGE_PMD_NR with THP swap, else 256 */
	return access("/sys/kernel/mm/transparent_hugepage", F_OK) ? 256 : 512;
}

/*
 * The map is per-CPU and preallocated: each entry costs its 48-byte
 * record on every CPU, so the 65536 of the BPF object would take 400 MB
 * on 128 CPUs.  One entry per cluster, two per device (its own lock and
 * headroom), one for swap_avail_lock; doubled, and at least 4096, for a
 * device turned on while vswaptop runs.  Contentions past a full map are
 * counted as lost.
 */
unsigned int locks_map_entries(unsigned int cluster_slots)
{
	struct swap_dev devs[SWAPS_MAX];
	uint64_t want = 1;
	int n = swaps_read(NULL, devs, SWAPS_MAX);

	for (int i = 0; i < n; i++)
		want += devs[i].size_kb / 4 / cluster_slots + 1 + 2;
	want *= 2;
	if (want < 4096)
		want = 4096;
	if (want > 65536)
		want = 65536;
	return want;
}

int collect_init(struct collector *c, struct vswap_bpf *skel,
		 const struct attach_ctx *attach, int swaps_watch)
{
	memset(c, 0, sizeof(*c));
	c->swaps_watch = swaps_watch;
	c->skel = skel;
	c->attach = attach;
	c->swap_types = swap_type_reader(skel->progs.read_swap_types, skel->bss->swap_types,
					 &skel->bss->swap_types_err);
	c->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (c->ncpus < 1)
		c->ncpus = 1;
	if (btf_sizes_read(attach->btf, &c->sizes))
		return -ENOENT;
	c->memcg = memcg_mounted();
	c->cluster_slots = swap_cluster_slots();
	c->last = now_mono();
	vmstat_read(NULL, c->vm);
	hist_interval_init(&c->hists, &c->skel->bss->interval_epoch);
	return 0;
}

void collect_fini(struct collector *c)
{
	if (c->swaps_watch >= 0)
		close(c->swaps_watch);
	c->swaps_watch = -1;
	hist_interval_free(&c->hists);
	free(c->locks);
	c->locks = NULL;
}

/* ---- the panels -------------------------------------------------------------- */

static bool op_on(const struct collector *c, enum vs_op op)
{
	return c->attach->state[op].tier != VS_TIER_NONE;
}

/* Virtual slots bound to a physical slot, counted by BPF_PROG_TEST_RUN. */
static bool count_bound_slots(struct collector *c, int type, uint64_t *count)
{
	int fd = bpf_program__fd(c->skel->progs.count_bound);
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	if (fd < 0 || !c->skel->bss || type < 0)
		return false;
	c->skel->bss->bound_type = type;
	if (bpf_prog_test_run_opts(fd, &opts) || c->skel->bss->bound_err)
		return false;
	*count = c->skel->bss->bound_count;
	return true;
}

/* Set bits of the device's zeromap, counted by BPF_PROG_TEST_RUN. */
static bool count_zero_entries(struct collector *c, int type, uint64_t *count)
{
	int fd = bpf_program__fd(c->skel->progs.count_zeromap);
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	if (fd < 0 || !c->skel->bss)
		return false;
	c->skel->bss->zeromap_type = type;
	if (bpf_prog_test_run_opts(fd, &opts) || c->skel->bss->zeromap_err)
		return false;
	*count = c->skel->bss->zeromap_count;
	return true;
}

static int backend_index(unsigned int sub)
{
	switch (sub) {
	case VS_BACKEND_ZERO: return TOP_ZERO;
	case VS_BACKEND_ZSWAP: return TOP_ZSWAP;
	case VS_BACKEND_DISK: return TOP_DISK;
	default: return -1;
	}
}

static struct top_dev *dev_of(struct top_snapshot *s, __u32 type)
{
	for (int i = 0; i < s->nr_devs; i++)
		if (s->devs[i].type >= 0 && (__u32)s->devs[i].type == type)
			return &s->devs[i];
	return NULL;
}

_Static_assert(TOP_MAX_LAT >= VS_NR_OPS, "the latency strip has a row per operation");

/* Rates per device and backend, and the latency strip, from the histograms. */
static void collect_hists(struct collector *c, struct top_snapshot *s, double dt)
{
	struct vs_hist per_op[VS_NR_OPS];
	struct hist_entry *e;
	int n = histmap_read(bpf_map__fd(c->skel->maps.hists), &e, &c->hists);
	size_t missing = 0;

	/*
	 * What no attached operation measures is TOP_NONE, not 0: on the
	 * tracepoint tier a device that swaps 100k pages/s would show 0/s.
	 * A device whose swap type is unknown matches no histogram.
	 */
	for (int i = 0; i < s->nr_devs; i++) {
		struct top_dev *d = &s->devs[i];
		bool typed = d->type >= 0;

		d->alloc_per_s = typed && op_on(c, VS_OP_ALLOC) ? 0 : TOP_NONE;
		d->free_per_s = typed && op_on(c, VS_OP_FREE) ? 0 : TOP_NONE;
		d->out_pages_per_s = typed && op_on(c, VS_OP_SWAPOUT) ? 0 : TOP_NONE;
		d->in_pages_per_s = typed && op_on(c, VS_OP_SWAPIN) ? 0 : TOP_NONE;
	}
	if (!op_on(c, VS_OP_ZSWAP_WB))
		s->rates.zswap_wb_pages_per_s = TOP_NONE;
	memset(per_op, 0, sizeof(per_op));
	for (int i = 0; i < n; i++) {
		const struct vs_hist_key *k = &e[i].key;
		const struct vs_hist *h = &e[i].hist;
		struct top_dev *d = dev_of(s, k->dev);
		int b = backend_index(k->sub);

		hist_add(&per_op[k->op], h);
		switch (k->op) {
		case VS_OP_ALLOC:
			if (d && k->sub != VS_ALLOC_FAIL)
				d->alloc_per_s += h->pages / dt;
			break;
		case VS_OP_FREE:
			if (d)
				d->free_per_s += h->pages / dt;
			break;
		case VS_OP_SWAPOUT:
			if (d)
				d->out_pages_per_s += h->pages / dt;
			if (b >= 0)
				s->rates.out_pages_per_s[b] += h->pages / dt;
			break;
		case VS_OP_SWAPIN:
			if (d)
				d->in_pages_per_s += h->pages / dt;
			if (b >= 0)
				s->rates.in_pages_per_s[b] += h->pages / dt;
			break;
		case VS_OP_ZSWAP_WB:
			s->rates.zswap_wb_pages_per_s += h->pages / dt;
			break;
		default:
			break;
		}
	}
	free(e);

	s->rates.by_backend = op_on(c, VS_OP_SWAPOUT) && op_on(c, VS_OP_SWAPIN);
	if (!s->rates.by_backend)
		snprintf(s->rates.why, sizeof(s->rates.why),
			 "swap-in/out by backend needs the vswap events, fentry or kprobes");

	for (int op = 0; op < VS_NR_OPS; op++) {
		struct top_latency *l = &s->latency[s->nr_latency];

		if (!op_on(c, op)) {
			missing += snprintf(s->latency_why + missing,
					    missing < sizeof(s->latency_why) ?
					    sizeof(s->latency_why) - missing : 0,
					    "%s%s", missing ? " " : "no source: ",
					    vs_op_name(op));
			continue;
		}
		l->op = vs_op_name(op);
		l->available = true;
		/* every operation; the quantiles from the samples (--sample) */
		l->count = per_op[op].ops;
		/* the BPF side counts in microseconds (rodata unit_div) */
		l->p50_ns = per_op[op].count ? hist_quantile(&per_op[op], 0.50, 1000) * 1000 :
					       TOP_NONE;
		l->p99_ns = per_op[op].count ? hist_quantile(&per_op[op], 0.99, 1000) * 1000 :
					       TOP_NONE;
		s->nr_latency++;
	}
}

/* A lock's counters at the last sample: they only grow (struct vs_lock_stat). */
struct lock_total {
	struct vs_lock_key key;
	uint64_t count, wait_ns;
};

static int lock_key_cmp(const void *a, const void *b)
{
	const struct vs_lock_key *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->cluster != y->cluster)
		return x->cluster < y->cluster ? -1 : 1;
	return x->kind < y->kind ? -1 : x->kind > y->kind;
}

/*
 * The locks map keeps every lock that was ever contended: deleting an
 * entry from user space would lose the events that land between the
 * read and the delete, and 65536 entries cover a 128 GiB device's
 * clusters.  The interval is the difference from the last sample.
 */
static void collect_contention(struct collector *c, struct top_snapshot *s, double dt,
			       const __u64 stats[VS_NR_STATS])
{
	struct top_contention *t = &s->contention;
	int fd = bpf_map__fd(c->skel->maps.locks), ncpus = libbpf_num_possible_cpus();
	struct vs_lock_key key, next, *prev = NULL;
	struct vs_lock_stat *vals = calloc(ncpus, sizeof(*vals));
	struct lock_total *totals = NULL;
	struct top_lock *all = NULL;
	int n = 0, nr_totals = 0, cap = 0;

	if (!op_on(c, VS_OP_LOCK) || c->attach->state[VS_OP_LOCK].tier != VS_TIER_TP_BTF) {
		snprintf(t->why, sizeof(t->why),
			 "needs the vswap events (vswap_lock_contended): not this kernel");
		free(vals);
		return;
	}
	t->available = true;
	if (!vals)
		die("out of memory");
	t->lost = stats[VS_STAT_LOCKS_FULL] - c->locks_lost;
	c->locks_lost = stats[VS_STAT_LOCKS_FULL];
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct top_lock l = { .type = next.type, .cluster = next.cluster,
				      .kind = next.kind };
		struct lock_total *last;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &next, vals))
			continue;
		for (int cpu = 0; cpu < ncpus; cpu++) {
			__u64 m = epoch_max(&vals[cpu].emax, &c->hists);

			l.contended += vals[cpu].count;
			l.wait_ns += vals[cpu].wait_ns;
			if (m > l.max_ns)
				l.max_ns = m;
		}
		if (nr_totals == cap) {
			cap = cap ? 2 * cap : 256;
			all = realloc(all, cap * sizeof(*all));
			totals = realloc(totals, cap * sizeof(*totals));
			if (!all || !totals)
				die("out of memory");
		}
		totals[nr_totals++] = (struct lock_total){ .key = next, .count = l.contended,
							   .wait_ns = l.wait_ns };
		last = c->locks ? bsearch(&next, c->locks, c->nr_locks, sizeof(*c->locks),
					  lock_key_cmp) : NULL;
		if (last) {
			l.contended -= last->count;
			l.wait_ns -= last->wait_ns;
		}
		if (!l.contended)
			continue;
		l.share = l.wait_ns / (dt * 1e9 * c->ncpus);
		all[n++] = l;
	}
	if (nr_totals)
		qsort(totals, nr_totals, sizeof(*totals), lock_key_cmp);
	free(c->locks);
	c->locks = totals;
	c->nr_locks = nr_totals;

	/* Cluster rows move to the front of all[]; the others are copied out. */
	for (int i = 0; i < n; i++) {
		if (all[i].kind == VS_LOCK_CLUSTER)
			all[t->nr_clusters_total++] = all[i];
		else if (t->nr_device_locks < (int)(sizeof(t->device_locks) /
						      sizeof(t->device_locks[0]))) {
			t->device_locks[t->nr_device_locks++] = all[i];
		}
	}
	top_sort_locks(all, t->nr_clusters_total, c->sort);
	t->nr_clusters = t->nr_clusters_total < TOP_MAX_CLUSTERS ?
			 t->nr_clusters_total : TOP_MAX_CLUSTERS;
	if (t->nr_clusters)
		memcpy(t->clusters, all, t->nr_clusters * sizeof(*all));
	top_sort_locks(t->device_locks, t->nr_device_locks, SORT_WAIT);
	free(all);
	free(vals);
}

void collect_overhead(const struct btf_sizes *sz, const struct top_snapshot *s,
		      unsigned int cluster_slots, bool memcg,
		      struct top_overhead *o)
{
	uint64_t slots = 0, clusters = 0, zero_words = 0, cgroup_bytes = 0;
	uint64_t bind_bytes = 0, virtual_bytes = 0;
	const long page = 4096;

	memset(o, 0, sizeof(*o));
	if (sz->swap_info <= 0) {
		snprintf(o->why, sizeof(o->why), "no swap_info_struct in the kernel's BTF");
		return;
	}
	o->available = true;
	for (int i = 0; i < s->nr_devs; i++) {
		/* usable pages, plus the header slot swap_map also covers */
		uint64_t dev_slots = s->devs[i].swap.size_kb / (page / 1024) + 1;
		uint64_t dev_clusters = (dev_slots + cluster_slots - 1) / cluster_slots;
		uint64_t dev_cgroup = 0, dev_bind = 0, dev_bytes;

		slots += dev_slots;
		clusters += dev_clusters;
		zero_words += (dev_slots + 63) / 64;
		/* swap_cgroup ids live in whole pages, per device */
		if (memcg && sz->swap_cgroup > 0)
			dev_cgroup = (dev_slots * sz->swap_cgroup + page - 1) / page * page;
		cgroup_bytes += dev_cgroup;
		/* the virtual device's binding words: one per slot (kvcalloc(si->max)) */
		if (s->devs[i].virtual && sz->vswap_bind > 0)
			dev_bind = dev_slots * sz->vswap_bind;
		bind_bytes += dev_bind;
		if (!s->devs[i].virtual)
			continue;
		/* the rows below that are per slot, for this device alone */
		dev_bytes = dev_bind + dev_cgroup + sz->swap_info;
		if (sz->has_swap_map)
			dev_bytes += dev_slots;
		if (sz->has_swap_table)
			dev_bytes += dev_slots * 8;
		if (sz->cluster_info > 0)
			dev_bytes += dev_clusters * sz->cluster_info;
		if (sz->has_zeromap)
			dev_bytes += (dev_slots + 63) / 64 * 8;
		o->virtual_slots += dev_slots;
		virtual_bytes += dev_bytes;
	}
	o->slots = slots;
	o->used = s->backends.used;

#define ROW(n, t, bytes, by_used) do {						\
		struct top_struct_cost *r = &o->rows[o->nr_rows++];		\
		r->name = (n);							\
		r->type = (t);							\
		r->total_bytes = (bytes);					\
		r->per_used = (by_used);					\
		o->total_bytes += r->total_bytes;				\
	} while (0)

	if (sz->has_swap_map)
		ROW("swap_map", "unsigned char", slots, false);
	if (sz->has_swap_table)
		ROW("swap table", "atomic_long_t", slots * 8, false);
	if (sz->cluster_info > 0)
		ROW("cluster info", "struct swap_cluster_info", clusters * sz->cluster_info, false);
	if (sz->has_zeromap)
		ROW("zeromap", "unsigned long", zero_words * 8, false);
	if (cgroup_bytes)
		ROW("swap_cgroup", "struct swap_cgroup", cgroup_bytes, false);
	if (bind_bytes)
		ROW("vswap bindings", "unsigned long", bind_bytes, false);
	ROW("swap_info_struct", "struct swap_info_struct",
	    (uint64_t)s->nr_devs * sz->swap_info, false);
	if (sz->xa_node > 0)
		ROW("swap cache", "struct xa_node",
		    s->backends.swapcache * 8 + s->backends.swapcache * sz->xa_node / 64, true);
	if (sz->zswap_entry > 0 && s->backends.has_zswap)
		ROW("zswap entries", "struct zswap_entry",
		    s->backends.zswap_stored * sz->zswap_entry, true);
	if (sz->swp_desc > 0)
		ROW("vswap descriptors", "struct swp_desc", o->used * sz->swp_desc, true);
#undef ROW

	for (int i = 0; i < o->nr_rows; i++) {
		struct top_struct_cost *r = &o->rows[i];

		r->bytes_per_slot = slots ? (double)r->total_bytes / slots : TOP_NONE;
		r->bytes_per_used = o->used ? (double)r->total_bytes / o->used : TOP_NONE;
	}
	o->total_per_slot = slots ? (double)o->total_bytes / slots : TOP_NONE;
	o->total_per_used = o->used ? (double)o->total_bytes / o->used : TOP_NONE;
	o->virtual_per_slot = o->virtual_slots ? (double)virtual_bytes / o->virtual_slots :
			      TOP_NONE;
}

static void collect_swapoff(struct collector *c, struct top_snapshot *s, double dt,
			    double now)
{
	int fd = bpf_map__fd(c->skel->maps.swapoffs);
	struct top_swapoff *so = &s->swapoff;
	struct vs_swapoff st;

	for (__u32 type = 0; type < SWAPS_MAX; type++) {
		struct top_dev *d = dev_of(s, type);

		/* remember the path: the device leaves /proc/swaps at the end */
		if (d)
			snprintf(c->swapoff_path[type], sizeof(c->swapoff_path[type]),
				 "%s", d->swap.path);
		if (bpf_map_lookup_elem(fd, &type, &st) || so->active)
			continue;
		so->active = true;
		so->exact = true;
		so->type = type;
		so->done = st.state == VS_SWAPOFF_DONE;
		so->ret = st.ret;
		so->total = st.total;
		so->remaining = st.remaining;
		snprintf(so->path, sizeof(so->path), "%s", c->swapoff_path[type]);
		so->percent = st.total ? 100.0 * (st.total - st.remaining) / st.total : 100;
		if (c->swapoff_seen[type] >= st.remaining && c->swapoff_seen[type]) {
			so->pages_per_s = (c->swapoff_seen[type] - st.remaining) / dt;
		} else {
			/* first look: the average since it began (both clocks
			 * are CLOCK_MONOTONIC) */
			double end = st.end_ns ? st.end_ns / 1e9 : now;
			double ran = end - st.start_ns / 1e9;

			so->pages_per_s = ran > 0 ? (st.total - st.remaining) / ran : TOP_NONE;
		}
		so->eta_s = so->done ? 0 : so->pages_per_s > 0 ?
			    st.remaining / so->pages_per_s : -1;
		c->swapoff_seen[type] = st.remaining;
		/* a finished swapoff is shown once, then forgotten */
		if (so->done) {
			bpf_map_delete_elem(fd, &type);
			c->swapoff_seen[type] = 0;
		}
	}
}

/*
 * What the BPF side could not record since the last sample: the stats
 * below VS_STAT_LOCKS_FULL (the contention panel reports that one) and
 * the program runs the kernel skipped as nested.  Swap I/O that ended
 * unseen counts its pages.
 */
static void collect_lost(struct collector *c, struct top_snapshot *s,
			 const __u64 stats[VS_NR_STATS])
{
	uint64_t total = attach_runs_missed(c->attach);

	for (int i = 0; i < VS_STAT_LOCKS_FULL; i++)
		total += stats[i];
	s->lost = total - c->lost;
	c->lost = total;
}

bool collect_follow_swaps(struct collector *c)
{
	struct pollfd pfd = { .fd = c->swaps_watch, .events = POLLPRI };
	struct swap_dev devs[SWAPS_MAX];

	/* the poll itself consumes the event: one report per change */
	if (c->swaps_watch < 0 || poll(&pfd, 1, 0) <= 0 ||
	    !(pfd.revents & (POLLPRI | POLLERR)))
		return false;
	swap_bdevs_set(&c->skel->bss->swap_bdevs, devs,
		       swaps_read_typed(&c->swap_types, devs, SWAPS_MAX));
	return true;
}

int collect_sample(struct collector *c, struct top_snapshot *s)
{
	__u64 stats[VS_NR_STATS];
	struct swap_dev devs[SWAPS_MAX];
	uint64_t vm[VM_NR_COUNTERS];
	struct utsname uts;
	struct timespec wall;
	double t = now_mono(), dt = t - c->last;
	long long v;
	int n;

	if (dt <= 0)
		dt = 1e-3;
	c->last = t;
	memset(s, 0, sizeof(*s));
	clock_gettime(CLOCK_REALTIME, &wall);
	s->time = wall.tv_sec + wall.tv_nsec / 1e9;
	s->interval_s = dt;
	if (!uname(&uts))
		snprintf(s->kernel, sizeof(s->kernel), "%s", uts.release);
	snprintf(s->source, sizeof(s->source), "%s",
		 c->attach->state[VS_OP_SWAPOUT].tier == VS_TIER_TP_BTF ? "vswap events" :
		 op_on(c, VS_OP_SWAPOUT) ? vs_tier_name(c->attach->state[VS_OP_SWAPOUT].tier) :
		 "tracepoints and /proc");

	n = swaps_read_typed(&c->swap_types, devs, SWAPS_MAX);
	/* devio follows swapon and swapoff from one sample to the next */
	swap_bdevs_set(&c->skel->bss->swap_bdevs, devs, n);
	for (int i = 0; i < n; i++) {
		struct top_dev *d = &s->devs[s->nr_devs++];

		d->swap = devs[i];
		d->type = devs[i].type;
		d->has_zero = count_zero_entries(c, d->type, &d->zero_entries);
		/* SWP_VIRTUAL by its value in this kernel's BTF: flags need the type */
		d->virtual = c->sizes.swp_virtual && d->type >= 0 &&
			     (devs[i].kflags & c->sizes.swp_virtual);
		if (d->virtual)
			d->has_bound = count_bound_slots(c, d->type, &d->bound);
		if (d->has_zero) {
			s->backends.zero += d->zero_entries;
			s->backends.has_zero = true;
		}
		s->backends.used += devs[i].used_kb / 4;
	}

	v = meminfo_kb("SwapCached");
	s->backends.swapcache = v > 0 ? v / 4 : 0;
	if (zswap_enabled() || read_number("/sys/kernel/debug/zswap/stored_pages") > 0) {
		v = read_number("/sys/kernel/debug/zswap/stored_pages");
		if (v < 0 && (v = meminfo_kb("Zswapped")) >= 0)
			v /= 4;
		s->backends.has_zswap = v >= 0;
		s->backends.zswap_stored = v > 0 ? v : 0;
	}

	vmstat_read(NULL, vm);
	s->rates.out_total_per_s = (vm[VM_PSWPOUT] - c->vm[VM_PSWPOUT] +
				    vm[VM_ZSWPOUT] - c->vm[VM_ZSWPOUT] +
				    vm[VM_SWPOUT_ZERO] - c->vm[VM_SWPOUT_ZERO] -
				    (vm[VM_ZSWPWB] - c->vm[VM_ZSWPWB])) / dt;
	s->rates.in_total_per_s = (vm[VM_PSWPIN] - c->vm[VM_PSWPIN] +
				   vm[VM_ZSWPIN] - c->vm[VM_ZSWPIN] +
				   vm[VM_SWPIN_ZERO] - c->vm[VM_SWPIN_ZERO]) / dt;
	memcpy(c->vm, vm, sizeof(vm));

	hist_interval_end(&c->hists);
	collect_hists(c, s, dt);
	/* the stats map once per sample, for both panels that report losses */
	statmap_read(bpf_map__fd(c->skel->maps.stats), stats);
	collect_lost(c, s, stats);
	collect_contention(c, s, dt, stats);
	collect_overhead(&c->sizes, s, c->cluster_slots, c->memcg, &s->overhead);
	if (c->attach->state[VS_OP_SWAPOFF].tier == VS_TIER_TP_BTF)
		collect_swapoff(c, s, dt, t);
	else
		snprintf(s->swapoff.why, sizeof(s->swapoff.why),
			 "progress needs the vswap swapoff events: not this kernel");
	return 0;
}
