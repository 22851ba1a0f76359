// SPDX-License-Identifier: GPL-2.0
/*
 * Swap operation latencies, aggregated in the kernel into per-CPU log2
 * histograms.  Each operation is measured from one of four tiers, chosen
 * per operation by user space (tools/lib/attach.c) before load:
 *
 *   tp_btf      the kernel variant's vswap events, which carry the
 *               latency, path and backend themselves
 *   fentry      fentry/fexit pairs on the swap functions of stock kernels
 *   kprobe      kprobe/kretprobe pairs on the same functions
 *   tracepoint  tracepoints every kernel has: vmscan reclaim and block
 *               I/O of the swap devices (with fentry or kprobes on the
 *               ->rw_page functions of kernels before 6.3, as those
 *               tiers of the devio operation)
 *
 * The fentry and kprobe programs of one operation share their handlers;
 * only the glue that reads arguments differs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "vswap.h"
#include "vswap_syscall.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by user space before load. */
const volatile __u64 unit_div = 1000;		/* ns per histogram unit */
const volatile bool split_dev = false;		/* a histogram per device */
const volatile __u64 target_cgroup = 0;		/* cgroup id to filter, 0: all */
const volatile __u64 swap_info_addr = 0;	/* &swap_info[0], for zero swap-ins */
const volatile bool track_locks = false;	/* per-lock contention (vswaptop) */
/*
 * Take the latency of one operation in sample_period, on average, per
 * histogram and CPU: each operation is still counted, a sampled one also
 * fills the histogram.  The gaps are random in [0, 2 * period - 2], so a
 * load that alternates operations in a fixed pattern is not sampled in
 * step with it; the first operation of each histogram is always taken,
 * so a rare one is not missed.
 */
const volatile __u32 sample_period = 1;
/*
 * How the running kernel's swap functions take and return what the
 * function tiers read, from its BTF (kernel_shape_probe() in
 * tools/lib/load.c): the swap I/O functions of later kernels take a
 * struct swap_io_ctx * first and the folio second, and zswap_load()
 * returns 0 or -errno instead of a bool.
 */
const volatile bool swapout_folio_second = false;
const volatile bool swapin_folio_second = false;
const volatile bool zswap_load_errno = false;
/*
 * No zeromap in swap_info_struct (the swap table keeps that bit), but a
 * probe on the function that queues swap I/O: a swap-in that queued no
 * read and was not zswap's was a zero-filled page.
 */
const volatile bool swapin_zero_by_io = false;
/*
 * zswap_writeback_entry() inlined into its only caller, the zswap LRU
 * walk's callback shrink_memcg_cb() (Debian's 7.x): the programs are on
 * the callback, which gets the entry's LRU node and returns an lru_status.
 */
const volatile bool zswap_wb_lru_cb = false;
/*
 * swapcache_clear(si, entry, nr) since mTHP swap-in (6.12); stable
 * kernels that took the race fix without it (Debian 12's 6.1) have
 * swapcache_clear(si, entry), one entry.
 */
const volatile bool swapcache_clear_nr = false;
/*
 * Set by user space once the end_io of swap reads is attached
 * (vswap_attach()): from then on a disk swap-in is timed to its read's
 * completion, not to swap_read_folio()'s return.  Not read-only data: a
 * probe found at load may still fail to attach, and a swap-in waiting
 * for an end_io nobody sees would never be recorded.
 */
bool swapin_to_end;

/* Bumped by user space when an interval ends (struct vs_hist). */
__u64 interval_epoch;

#define MAX_STARTS	16384
#define SWP_TYPE_SHIFT	58	/* BITS_PER_XA_VALUE - MAX_SWAPFILES_SHIFT on 64 bit */
#define REQ_OP_BITS	8
#define CGROUP_DEPTH	8
#define ENOENT		2	/* vmlinux.h has no errno values */
#define EEXIST		17

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VS_NR_HISTS);
	__type(key, __u32);
	__type(value, struct vs_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VS_NR_STATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/*
 * Block devices that hold swap (struct vs_swap_bdevs): set before load,
 * and rewritten by user space after a swapon or swapoff
 * (swap_bdevs_follow() in tools/lib/maps.c).
 */
struct vs_swap_bdevs swap_bdevs;

/* Entry timestamps of the fentry/kprobe and tracepoint pairs. */
struct start_key {
	__u64 id;		/* thread id, or the bio for block I/O */
	__u32 what;		/* which pair: enum start_what */
	__u32 pad;
};

struct start_val {
	__u64 ts;
	__u64 entry;		/* swap entry value, or pages of a bio */
	__u32 sub;		/* backend or direction found on the way */
	union {
		__u32 dev;	/* a bio's swap device */
		__u32 pages;	/* a kprobe's folio size (start_pages()) */
	};
};

enum start_what {
	START_ALLOC,
	START_FREE_UNMAP,
	START_FREE_SWAPIN,
	START_FREE_CACHE,
	START_SWAPOUT,
	START_SWAPIN,
	START_ZSWAP_WB,
	START_SWAPOFF,
	START_RECLAIM_DIRECT,
	START_RECLAIM_MEMCG,
	START_BIO,
	START_RW_PAGE,
	START_SWAPIN_FOLIO,	/* a kprobe's swap-in folio, for its return */
	START_SWAPIN_END,	/* a kprobe's end_io bio, for its return */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_STARTS);
	__type(key, struct start_key);
	__type(value, struct start_val);
} starts SEC(".maps");

/* Contention per lock: per cluster, per device lock, swap_avail_lock. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct vs_lock_key);
	__type(value, struct vs_lock_stat);
} locks SEC(".maps");

/* Swapoff progress per swap type, from the vswap swapoff events. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, struct vs_swapoff);
} swapoffs SEC(".maps");


static __always_inline void add_stat(__u32 stat, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &stat);

	if (v)
		*v += n;
}

static __always_inline void count_stat(__u32 stat)
{
	add_stat(stat, 1);
}

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = vs_log2(v);

	return slot < VS_HIST_SLOTS ? slot : VS_HIST_SLOTS - 1;
}

static __always_inline void update_max(struct vs_epoch_max *m, __u64 v)
{
	__u64 epoch = interval_epoch;
	__u32 i = epoch & 1;

	if (m->epoch[i] != epoch) {
		m->epoch[i] = epoch;
		m->max_ns[i] = v;
	} else if (v > m->max_ns[i]) {
		m->max_ns[i] = v;
	}
}

static __always_inline struct vs_hist *hist_of(__u8 op, __u8 sub, __u32 dev)
{
	__u32 index = vs_hist_index(op, sub, split_dev ? dev : VS_DEV_NONE);
	struct vs_hist *h = bpf_map_lookup_elem(&hists, &index);

	if (!h)
		count_stat(VS_STAT_HIST_FULL);
	return h;
}

/*
 * Count an operation that moved @pages; true if its latency is to be
 * sampled.  Per-CPU values: plain updates are safe.
 */
static __always_inline bool count_op(struct vs_hist *h, __u64 pages)
{
	h->ops++;
	h->pages += pages;
	if (sample_period <= 1)
		return true;
	if (h->skip) {
		h->skip--;
		return false;
	}
	h->skip = bpf_get_prandom_u32() % (2 * sample_period - 1);
	return true;
}

static __always_inline void add_sample(struct vs_hist *h, __u64 lat_ns)
{
	/*
	 * The maximum first: a read that sees the sample in a slot sees it
	 * in the maximum too (x86 keeps stores in order; the barrier keeps
	 * the compiler's).
	 */
	update_max(&h->emax, lat_ns);
	asm volatile("" ::: "memory");
	h->slots[log2_slot(lat_ns / unit_div)]++;
	h->count++;
	h->sum_ns += lat_ns;
}

static __always_inline void record(__u8 op, __u8 sub, __u32 dev, __u64 lat_ns,
				   __u64 pages)
{
	struct vs_hist *h = hist_of(op, sub, dev);

	if (h && count_op(h, pages))
		add_sample(h, lat_ns);
}

/* ---- cgroup filter ------------------------------------------------------
 *
 * The filter follows the memory controller, which is what swap is charged
 * to: a folio's memcg where the operation has a folio, else the current
 * task's memcg.  Works with cgroup v1 and v2 (a cgroup's id is the inode
 * number of its directory), and matches descendants of the target.
 */
static __always_inline bool css_matches(struct cgroup_subsys_state *css)
{
	for (int i = 0; i < CGROUP_DEPTH && css; i++) {
		if (BPF_CORE_READ(css, cgroup, kn, id) == target_cgroup)
			return true;
		css = BPF_CORE_READ(css, parent);
	}
	return false;
}

static __always_inline bool task_in_target(void)
{
	struct task_struct *task;
	struct cgroup_subsys_state *css;
	int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);

	if (!target_cgroup)
		return true;
	task = (struct task_struct *)bpf_get_current_task_btf();
	css = BPF_CORE_READ(task, cgroups, subsys[id]);
	return css_matches(css);
}

#define MEMCG_DATA_FLAGS_MASK	7UL	/* __NR_MEMCG_DATA_FLAGS - 1 */

static __always_inline bool folio_in_target(struct folio *folio)
{
	struct mem_cgroup *memcg;
	unsigned long data;

	if (!target_cgroup)
		return true;
	if (!folio)
		return task_in_target();
	data = BPF_CORE_READ(folio, memcg_data);
	memcg = (struct mem_cgroup *)(data & ~MEMCG_DATA_FLAGS_MASK);
	if (!memcg)
		return task_in_target();
	return css_matches(&memcg->css);
}

/* ---- folio helpers ------------------------------------------------------ */

/*
 * A folio is large if PG_head is set in its flags word.  That word is the
 * first of struct folio (as of struct page) on every kernel, but its type
 * changed (unsigned long in 6.12, memdesc_flags_t later), which CO-RE
 * cannot relocate across: both readers below take it as a plain word.  A
 * large folio's order is the low byte of _flags_1 (6.6 on), the byte
 * _folio_order before.
 */
struct folio___pre66 {
	void *private;			/* the swap entry of a swap cache folio */
	unsigned char _folio_order;
} __attribute__((preserve_access_index));

static __always_inline __u32 folio_order_of(struct folio *folio)
{
	struct folio___pre66 *old = (void *)folio;

	if (bpf_core_field_exists(old->_folio_order))
		return BPF_CORE_READ(old, _folio_order);
	return BPF_CORE_READ(folio, _flags_1) & 0xff;
}

static __always_inline bool folio_flags_large(unsigned long flags)
{
	return flags & (1UL << bpf_core_enum_value(enum pageflags, PG_head));
}

/* Pages of any folio pointer, a number to the kprobe tier: helper reads. */
static __always_inline __u64 folio_pages(struct folio *folio)
{
	unsigned long flags = 0;

	bpf_probe_read_kernel(&flags, sizeof(flags), folio);
	if (!folio_flags_large(flags))
		return 1;
	return 1UL << folio_order_of(folio);
}

/* Pages of a folio pointer the verifier tracks (tp_btf, fentry): plain loads. */
static __always_inline __u64 folio_pages_btf(struct folio *folio)
{
	if (!folio_flags_large(*(unsigned long *)folio))
		return 1;
	if (bpf_core_field_exists(((struct folio___pre66 *)folio)->_folio_order))
		return 1UL << folio_order_of(folio);
	return 1UL << (folio->_flags_1 & 0xff);
}

/* folio->swap from 6.6, folio->private before (6.1: Debian 12's kernel) */
static __always_inline __u64 folio_swap_entry(struct folio *folio)
{
	if (bpf_core_field_exists(folio->swap))
		return BPF_CORE_READ(folio, swap.val);
	return (__u64)BPF_CORE_READ((struct folio___pre66 *)folio, private);
}

static __always_inline __u32 entry_type(__u64 entry)
{
	return entry >> SWP_TYPE_SHIFT;
}

static __always_inline __u64 entry_offset(__u64 entry)
{
	return entry & ((1UL << SWP_TYPE_SHIFT) - 1);
}

/*
 * The in-use count of the kernel variant's swap_info_struct (6.12: an
 * unsigned int; later kernels made it an atomic64_t, which CO-RE cannot
 * relocate an unsigned int read to; the swapoff events exist only on the
 * 6.12 variant).
 */
struct swap_info_struct___vswap {
	unsigned int inuse_pages;
} __attribute__((preserve_access_index));

static __always_inline __u64 inuse_pages(struct swap_info_struct *si)
{
	return BPF_CORE_READ((struct swap_info_struct___vswap *)si, inuse_pages);
}

/* ---- tier 1: the vswap events ---------------------------------------- */

SEC("tp_btf/vswap_alloc")
int BPF_PROG(tp_alloc, struct folio *folio, unsigned int type,
	     unsigned long offset, int path, u64 lat_ns)
{
	if (folio_in_target(folio))
		record(VS_OP_ALLOC, path, type, lat_ns, folio_pages_btf(folio));
	return 0;
}

SEC("tp_btf/vswap_free")
int BPF_PROG(tp_free, unsigned int type, unsigned long offset,
	     unsigned int nr, int path, u64 lat_ns)
{
	if (task_in_target())
		record(VS_OP_FREE, path, type, lat_ns, nr);
	return 0;
}

SEC("tp_btf/vswap_swapout")
int BPF_PROG(tp_swapout, struct folio *folio, unsigned int type,
	     unsigned long offset, unsigned int nr_pages, int from, int to,
	     u64 lat_ns)
{
	if (folio_in_target(folio))
		record(VS_OP_SWAPOUT, to, type, lat_ns, nr_pages);
	return 0;
}

SEC("tp_btf/vswap_swapin")
int BPF_PROG(tp_swapin, struct folio *folio, unsigned int type,
	     unsigned long offset, unsigned int nr_pages, int from, int to,
	     u64 lat_ns)
{
	if (folio_in_target(folio))
		record(VS_OP_SWAPIN, from, type, lat_ns, nr_pages);
	return 0;
}

/*
 * The kernel's sampled twins of the two (patch 15): the kernel chose the
 * record, which stands for @ops operations of @pages pages, the others
 * of its backend on its CPU since the previous record.  A cgroup filter
 * takes or leaves a record whole, so its counts are then an estimate.
 */
static __always_inline void record_sampled(__u8 op, __u8 sub, __u32 dev, __u64 lat_ns,
					   __u32 ops, __u32 pages)
{
	struct vs_hist *h = hist_of(op, sub, dev);

	if (!h)
		return;
	h->ops += ops;
	h->pages += pages;
	add_sample(h, lat_ns);
}

SEC("tp_btf/vswap_swapout_sampled")
int BPF_PROG(tp_swapout_sampled, struct folio *folio, unsigned int type,
	     unsigned long offset, unsigned int nr_pages, int from, int to,
	     u64 lat_ns, unsigned int ops, unsigned int pages)
{
	if (folio_in_target(folio))
		record_sampled(VS_OP_SWAPOUT, to, type, lat_ns, ops, pages);
	return 0;
}

SEC("tp_btf/vswap_swapin_sampled")
int BPF_PROG(tp_swapin_sampled, struct folio *folio, unsigned int type,
	     unsigned long offset, unsigned int nr_pages, int from, int to,
	     u64 lat_ns, unsigned int ops, unsigned int pages)
{
	if (folio_in_target(folio))
		record_sampled(VS_OP_SWAPIN, from, type, lat_ns, ops, pages);
	return 0;
}

SEC("tp_btf/vswap_zswap_writeback")
int BPF_PROG(tp_zswap_wb, struct folio *folio, unsigned int type,
	     unsigned long offset, unsigned int nr_pages, int from, int to,
	     u64 lat_ns)
{
	if (folio_in_target(folio))
		record(VS_OP_ZSWAP_WB, 0, type, lat_ns, nr_pages);
	return 0;
}

SEC("tp_btf/vswap_swapoff_end")
int BPF_PROG(tp_swapoff, struct swap_info_struct *si, int ret,
	     unsigned long moved, u64 lat_ns)
{
	__u32 type = BPF_CORE_READ(si, type);
	struct vs_swapoff *st = bpf_map_lookup_elem(&swapoffs, &type);

	record(VS_OP_SWAPOFF, ret != 0, type, lat_ns, moved);
	if (st) {
		st->remaining = inuse_pages(si);
		st->end_ns = bpf_ktime_get_ns();
		st->ret = ret;
		st->state = VS_SWAPOFF_DONE;
	}
	return 0;
}

static __always_inline void track_lock(__s32 type, __s32 cluster, __u32 kind,
				       __u64 wait_ns)
{
	struct vs_lock_key key = { .type = type, .cluster = cluster, .kind = kind };
	static const struct vs_lock_stat zero;
	struct vs_lock_stat *st;

	st = bpf_map_lookup_elem(&locks, &key);
	if (!st) {
		bpf_map_update_elem(&locks, &key, &zero, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&locks, &key);
		if (!st) {
			count_stat(VS_STAT_LOCKS_FULL);
			return;
		}
	}
	st->count++;
	st->wait_ns += wait_ns;
	update_max(&st->emax, wait_ns);
}

SEC("tp_btf/vswap_lock_contended")
int BPF_PROG(tp_lock, struct swap_info_struct *si, int lock, int cluster,
	     u64 wait_ns)
{
	__s32 type = si ? BPF_CORE_READ(si, type) : -1;

	if (!task_in_target())
		return 0;
	record(VS_OP_LOCK, lock, type, wait_ns, 1);
	if (track_locks)
		track_lock(type, cluster, lock, wait_ns);
	return 0;
}

/*
 * A virtual swap slot got or lost a physical slot (the virtual swap
 * device of the kernel variant, patch 10 on).  Counted by the physical
 * device (@ptype): the virtual device is one, and the time is spent on
 * the physical one, under its lock.  No folio: the filter goes by the
 * task, as for frees.
 */
SEC("tp_btf/vswap_bind")
int BPF_PROG(tp_bind, unsigned int type, unsigned long offset, unsigned int ptype,
	     unsigned long poffset, int reason, u64 lat_ns)
{
	if (task_in_target())
		record(VS_OP_BIND, reason, ptype, lat_ns, 1);
	return 0;
}

SEC("tp_btf/vswap_unbind")
int BPF_PROG(tp_unbind, unsigned int type, unsigned long offset, unsigned int ptype,
	     unsigned long poffset, int reason, u64 lat_ns)
{
	if (task_in_target())
		record(VS_OP_UNBIND, reason, ptype, lat_ns, 1);
	return 0;
}

/* Swapoff progress: begin, progress and end keep one record per type. */
SEC("tp_btf/vswap_swapoff_begin")
int BPF_PROG(tp_swapoff_begin, struct swap_info_struct *si)
{
	__u32 type = BPF_CORE_READ(si, type);
	struct vs_swapoff st = {
		.start_ns = bpf_ktime_get_ns(),
		.total = inuse_pages(si),
		.state = VS_SWAPOFF_RUNNING,
	};

	st.remaining = st.total;
	bpf_map_update_elem(&swapoffs, &type, &st, BPF_ANY);
	return 0;
}

SEC("tp_btf/vswap_swapoff_progress")
int BPF_PROG(tp_swapoff_progress, struct swap_info_struct *si)
{
	__u32 type = BPF_CORE_READ(si, type);
	struct vs_swapoff *st = bpf_map_lookup_elem(&swapoffs, &type);

	if (st)
		st->remaining = inuse_pages(si);
	return 0;
}

/* ---- tiers 2 and 3: function entry and exit ----------------------------
 *
 * start() remembers when a thread entered a function (keyed by thread and
 * pair, so nested pairs such as a swap cache free inside an unmap free do
 * not clash); finish() turns the matching exit into a histogram sample.
 */
static __always_inline struct start_key thread_key(__u32 what)
{
	struct start_key key = { .id = bpf_get_current_pid_tgid(), .what = what };

	return key;
}

/* @pages: a kprobe's folio size, for its return (0 where the exit has it) */
static __always_inline void start_pages(__u32 what, __u64 entry, __u32 sub, __u32 pages)
{
	struct start_key key = thread_key(what);
	struct start_val val = { .ts = bpf_ktime_get_ns(), .entry = entry, .sub = sub,
				 .pages = pages };

	if (bpf_map_update_elem(&starts, &key, &val, BPF_ANY))
		count_stat(VS_STAT_START_FULL);
}

static __always_inline void start(__u32 what, __u64 entry, __u32 sub)
{
	start_pages(what, entry, sub, 0);
}

static __always_inline struct start_val *started(__u32 what)
{
	struct start_key key = thread_key(what);

	return bpf_map_lookup_elem(&starts, &key);
}

/* Record the pair @what as @op; returns false if its entry was missed. */
static __always_inline bool finish(__u32 what, __u8 op, __u8 sub, __u64 entry,
				   __u64 pages)
{
	struct start_key key = thread_key(what);
	struct start_val *val = bpf_map_lookup_elem(&starts, &key);
	__u64 lat;

	if (!val) {
		count_stat(VS_STAT_NO_START);
		return false;
	}
	lat = bpf_ktime_get_ns() - val->ts;
	if (!entry)
		entry = val->entry;
	if (sub == VS_SUB_ANY && val->sub != VS_SUB_ANY)
		sub = val->sub;
	bpf_map_delete_elem(&starts, &key);
	record(op, sub, entry ? entry_type(entry) : VS_DEV_NONE, lat, pages);
	return true;
}

/*
 * Allocation below tp_btf: add_to_swap(folio) (6.12), or folio_alloc_swap()
 * where later kernels folded add_to_swap() into it.  Both leave the entry
 * in folio->swap on success, whatever they return; the path inside is not
 * visible.  (fentry cannot attach to 6.12's folio_alloc_swap() itself: it
 * returns a struct.)
 */
static __always_inline void alloc_enter(struct folio *folio)
{
	if (folio_in_target(folio))
		start(START_ALLOC, (__u64)folio, VS_SUB_ANY);
}

static __always_inline void alloc_exit(void)
{
	struct start_val *val = started(START_ALLOC);
	struct folio *folio;
	__u64 entry;

	if (!val)
		return;
	folio = (struct folio *)val->entry;
	entry = folio_swap_entry(folio);
	val->entry = entry;
	finish(START_ALLOC, VS_OP_ALLOC, entry ? VS_SUB_ANY : VS_ALLOC_FAIL,
	       entry, folio_pages(folio));
}

/* The three free paths: entry and count are the functions' arguments. */
static __always_inline void free_enter(__u32 what, __u64 entry, __u64 nr)
{
	if (task_in_target())
		start(what, entry, nr);
}

static __always_inline void free_exit(__u32 what, __u8 path)
{
	struct start_val *val = started(what);

	if (val)
		finish(what, VS_OP_FREE, path, 0, val->sub);
}

/*
 * swap_writepage()/swap_writeout(): the backend is what happens inside.
 * zswap_store() returning true means zswap, __swap_writepage() means
 * disk; neither means no I/O, which is a zero-filled folio (or one of
 * the rare early exits, such as a folio whose swap was freed meanwhile).
 */
static __always_inline void swapout_enter(struct folio *folio, __u32 pages)
{
	if (folio_in_target(folio))
		start_pages(START_SWAPOUT, folio_swap_entry(folio), VS_BACKEND_ZERO, pages);
}

static __always_inline void swapout_saw(__u32 backend)
{
	struct start_val *val = started(START_SWAPOUT);

	if (val)
		val->sub = backend;
}

static __always_inline void swapout_exit(struct folio *folio)
{
	if (started(START_SWAPOUT))
		finish(START_SWAPOUT, VS_OP_SWAPOUT, VS_SUB_ANY, 0,
		       folio_pages(folio));
}

/*
 * swap_read_folio(): zswap if zswap_load() returned true, zero if the
 * entry's zeromap bit is set (read through swap_info, whose address user
 * space found in kallsyms), else disk.  For asynchronous devices the exit
 * comes at submission, before the I/O completes.
 */
static __always_inline bool entry_is_zero(__u64 entry)
{
	struct swap_info_struct *si = NULL;
	unsigned long *zeromap, word = 0;
	__u64 offset = entry_offset(entry);

	if (!swap_info_addr || !bpf_core_field_exists(si->zeromap))
		return false;
	bpf_probe_read_kernel(&si, sizeof(si),
			      (void *)(swap_info_addr + entry_type(entry) * sizeof(si)));
	if (!si)
		return false;
	zeromap = BPF_CORE_READ(si, zeromap);
	if (!zeromap)
		return false;
	bpf_probe_read_kernel(&word, sizeof(word), zeromap + offset / 64);
	return word & (1UL << (offset % 64));
}

static __always_inline void swapin_enter(struct folio *folio, __u32 pages)
{
	__u64 entry = folio_swap_entry(folio);
	bool zero = swapin_zero_by_io || entry_is_zero(entry);

	if (folio_in_target(folio))
		start_pages(START_SWAPIN, entry, zero ? VS_BACKEND_ZERO : VS_BACKEND_DISK,
			    pages);
}

/* swap_add_folio(ctx, folio, rw): a swap-in that queues a read is disk's */
static __always_inline void swapin_saw_io(int rw)
{
	struct start_val *val;

	if (rw != 0)		/* READ */
		return;
	val = started(START_SWAPIN);
	if (val && val->sub == VS_BACKEND_ZERO)
		val->sub = VS_BACKEND_DISK;
}

static __always_inline void swapin_saw_zswap(bool loaded)
{
	struct start_val *val = started(START_SWAPIN);

	if (val && loaded)
		val->sub = VS_BACKEND_ZSWAP;
}

/*
 * An asynchronous disk read ends after swap_read_folio() has returned (on
 * 7.x, whose swap_read_folio() only queues the read, before it even
 * starts), in the end_io of its bio: end_swap_bio_read(), or
 * swap_bio_read_end_io() (7.x).  Where that is attached, a disk swap-in
 * whose folio is not done at swap_read_folio()'s exit waits in
 * swapin_reads, under the folio's address, for the end_io's exit, so
 * that it is timed to the read's completion as the vswap event is.
 *
 * Done is uptodate, or unlocked (a failed read unlocks, not uptodate).
 * The end_io marks its folios before its exit; a read ending while the
 * swap-in's exit parks it is seen by one side at least, as each side
 * writes (the kernel its flag, the exit the map) with a locked
 * instruction before it reads what the other writes.  If both see it,
 * deleting the parked swap-in decides which records it.  A swap-in
 * whose end_io ran no program (kprobes do not nest) stays parked, and
 * counted at exit (count_unended_swapins); should they fill the map, a
 * swap-in is timed to its submission again, and the start counted lost.
 * Not an LRU map: that may evict live entries before it is full, when
 * one CPU's free list runs dry while another's holds the free entries,
 * and a swap-in evicted so would be lost without a word.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);			/* the folio */
	__type(value, struct start_val);
} swapin_reads SEC(".maps");

static __always_inline bool folio_read_done(__u64 folio)
{
	unsigned long flags = 0;

	bpf_probe_read_kernel(&flags, sizeof(flags), (void *)folio);
	return (flags & (1UL << bpf_core_enum_value(enum pageflags, PG_uptodate))) ||
	       !(flags & (1UL << bpf_core_enum_value(enum pageflags, PG_locked)));
}

static __always_inline void swapin_read_end(__u64 folio)
{
	struct start_val *parked = bpf_map_lookup_elem(&swapin_reads, &folio);
	struct start_val val;

	if (!parked)
		return;
	val = *parked;
	if (bpf_map_delete_elem(&swapin_reads, &folio))
		return;		/* the other side recorded it */
	record(VS_OP_SWAPIN, val.sub, val.entry ? entry_type(val.entry) : VS_DEV_NONE,
	       bpf_ktime_get_ns() - val.ts, val.pages);
}

/* Disk swap-in pages parked and never ended, found when the folio came back */
__u64 unended_swapin_stale;

static __always_inline void swapin_exit(__u64 folio, __u64 pages)
{
	struct start_key key = thread_key(START_SWAPIN);
	struct start_val *val = bpf_map_lookup_elem(&starts, &key), *stale;

	if (!val)
		return;
	if (!swapin_to_end || val->sub != VS_BACKEND_DISK || folio_read_done(folio)) {
		finish(START_SWAPIN, VS_OP_SWAPIN, VS_SUB_ANY, 0, pages);
		return;
	}
	val->pages = pages;
	/* a folio is read once at a time: a swap-in still parked here was lost */
	stale = bpf_map_lookup_elem(&swapin_reads, &folio);
	if (stale)
		__sync_fetch_and_add(&unended_swapin_stale, stale->pages);
	if (bpf_map_update_elem(&swapin_reads, &folio, val, BPF_ANY)) {
		count_stat(VS_STAT_START_FULL);
		finish(START_SWAPIN, VS_OP_SWAPIN, VS_SUB_ANY, 0, pages);
		return;
	}
	bpf_map_delete_elem(&starts, &key);
	if (folio_read_done(folio))
		swapin_read_end(folio);
}

/*
 * The folios of a swap read's bio, taken at the end_io's entry: by its
 * exit the bio is gone (end_swap_bio_read() puts it; 7.x's frees the
 * struct swap_iocb it is part of), and only its address is left, as the
 * key.  One folio before 7.x; there, up to a swap_iocb's 32 bio_vecs,
 * which it fills itself: bi_vcnt stays 0, nr_bvecs counts them.
 */
#define SWAPIN_BIO_FOLIOS	32

struct swapin_bio {
	__u64 folios[SWAPIN_BIO_FOLIOS];
	__u32 nr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);			/* the bio */
	__type(value, struct swapin_bio);
} swapin_bios SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct swapin_bio);
} swapin_bio_scratch SEC(".maps");

struct swap_iocb___vswap {
	union {
		struct kiocb iocb;
		struct bio bio;
	};
	int nr_bvecs;
} __attribute__((preserve_access_index));

static __always_inline void swapin_end_enter(__u64 bio)
{
	struct swap_iocb___vswap *sio;
	struct bio *b = (void *)bio;
	struct swapin_bio *sb;
	struct bio_vec *vec;
	__u32 zero = 0, nr;

	if (!swapin_to_end)
		return;
	sb = bpf_map_lookup_elem(&swapin_bio_scratch, &zero);
	if (!sb)
		return;
	vec = BPF_CORE_READ(b, bi_io_vec);
	nr = BPF_CORE_READ(b, bi_vcnt);
	if (bpf_core_field_exists(struct swap_iocb___vswap, nr_bvecs)) {
		sio = (void *)(bio - bpf_core_field_offset(struct swap_iocb___vswap, bio));
		nr = BPF_CORE_READ(sio, nr_bvecs);
	}
	sb->nr = 0;
	for (__u32 i = 0; i < SWAPIN_BIO_FOLIOS && i < nr; i++) {
		/* a swap folio takes one bio_vec, whose page is the folio's first */
		bpf_probe_read_kernel(&sb->folios[i], sizeof(sb->folios[i]),
				      (void *)vec + i * bpf_core_type_size(struct bio_vec) +
				      bpf_core_field_offset(struct bio_vec, bv_page));
		sb->nr = i + 1;
	}
	bpf_map_update_elem(&swapin_bios, &bio, sb, BPF_ANY);
}

static __always_inline void swapin_end_exit(__u64 bio)
{
	struct swapin_bio *sb = bpf_map_lookup_elem(&swapin_bios, &bio);

	if (!sb)
		return;
	for (__u32 i = 0; i < SWAPIN_BIO_FOLIOS && i < sb->nr; i++)
		swapin_read_end(sb->folios[i]);
	bpf_map_delete_elem(&swapin_bios, &bio);
}

/* mm/zswap.c's entry, not in every vmlinux.h */
struct zswap_entry___vswap {
	swp_entry_t swpentry;
	struct list_head lru;
} __attribute__((preserve_access_index));

/*
 * zswap_writeback_entry(entry, swpentry) -> 0 on success, or around it
 * shrink_memcg_cb(&entry->lru, ...) -> LRU_REMOVED_RETRY when it wrote the
 * entry back.  The callback also turns down entries on their second
 * chance (LRU_ROTATE): those are not writebacks and not recorded.  The
 * arguments are numbers (bpf_get_func_arg(), a kprobe's registers): the
 * entry is found by subtracting from a pointer.
 */
static __always_inline void zswap_wb_enter(__u64 arg0, __u64 arg1)
{
	struct zswap_entry___vswap *entry;
	__u64 swpentry = arg1;

	if (zswap_wb_lru_cb) {
		entry = (void *)(arg0 - bpf_core_field_offset(struct zswap_entry___vswap, lru));
		swpentry = 0;
		bpf_probe_read_kernel(&swpentry, sizeof(swpentry), &entry->swpentry);
	}
	start(START_ZSWAP_WB, swpentry, 0);
}

static __always_inline void zswap_wb_exit(long ret)
{
	struct start_key key = thread_key(START_ZSWAP_WB);
	bool written = zswap_wb_lru_cb ?
		(int)ret == bpf_core_enum_value(enum lru_status, LRU_REMOVED_RETRY) : !ret;

	if (written)
		finish(START_ZSWAP_WB, VS_OP_ZSWAP_WB, 0, 0, 1);
	else
		bpf_map_delete_elem(&starts, &key);
}

/* the swapoff system call */
static __always_inline void swapoff_exit(long ret)
{
	struct start_val *val = started(START_SWAPOFF);

	if (val)
		finish(START_SWAPOFF, VS_OP_SWAPOFF, ret != 0, 0, 0);
}

/*
 * The programs around the handlers above: each function's entry and exit
 * as fentry/fexit (targets set by user space from BTF) and as
 * kprobe/kretprobe (attached by user space to the chosen symbol).  One
 * line makes both forms of a handler wherever they read the function's
 * arguments alike: @args are its parameters, @call the handler's call on
 * them; an exit's @call may use the function's return value as ret.  A
 * kretprobe is bound to no function at load, so one serves every
 * function whose exit means the same (the free paths' old and new
 * names): those functions have their fexit alone.
 */
#define FENTRY(func, name, call, args...)		\
	SEC("fentry/" func)				\
	int BPF_PROG(name, ##args)			\
	{						\
		call;					\
		return 0;				\
	}

#define KPROBE(name, call, args...)			\
	SEC("kprobe")					\
	int BPF_KPROBE(name, ##args)			\
	{						\
		call;					\
		return 0;				\
	}

#define FEXIT(func, name, call)				\
	SEC("fexit/" func)				\
	int BPF_PROG(name)				\
	{						\
		call;					\
		return 0;				\
	}

#define KRETPROBE(name, call)				\
	SEC("kretprobe")				\
	int BPF_KRETPROBE(name)				\
	{						\
		call;					\
		return 0;				\
	}

/* the return value, read through bpf_get_func_ret(), which the verifier inlines */
#define FEXIT_RET(func, name, call)			\
	SEC("fexit/" func)				\
	int BPF_PROG(name)				\
	{						\
		__u64 ret_value = 0;			\
		long ret;				\
							\
		bpf_get_func_ret(ctx, &ret_value);	\
		ret = ret_value;			\
		call;					\
		return 0;				\
	}

#define KRETPROBE_RET(name, call)			\
	SEC("kretprobe")				\
	int BPF_KRETPROBE(name, long ret)		\
	{						\
		call;					\
		return 0;				\
	}

#define ENTRY_PROBES(func, fe, kp, call, args...)	\
	FENTRY(func, fe, call, ##args)			\
	KPROBE(kp, call, ##args)

#define EXIT_PROBES(func, fx, kr, call)			\
	FEXIT(func, fx, call)				\
	KRETPROBE(kr, call)

#define RETURN_PROBES(func, fx, kr, call)		\
	FEXIT_RET(func, fx, call)			\
	KRETPROBE_RET(kr, call)

/*
 * Argument @n of the probed function, as a number: read through
 * bpf_get_func_arg(), which the verifier inlines, where the functions
 * tried differ in their arguments (a BTF prototype may have fewer than
 * another kernel's: Debian's 6.12 swap_read_folio() has one, and a read
 * of a second from the context would not load there; 0 if absent), or
 * where a pointer is wanted for arithmetic, not as a typed pointer.
 */
static __always_inline __u64 func_arg(void *ctx, __u32 n)
{
	__u64 arg = 0;

	bpf_get_func_arg(ctx, n, &arg);
	return arg;
}

/*
 * A kretprobe has no arguments: the folio's size is read at entry and
 * kept with the start (a large folio, a THP or mTHP, is one call).
 */
static __always_inline __u64 kprobe_pages(const struct start_val *val)
{
	return val->pages ? val->pages : 1;
}

/* ---- allocation ---- */

ENTRY_PROBES("add_to_swap", fe_alloc, kp_alloc, alloc_enter(folio), struct folio *folio)
EXIT_PROBES("add_to_swap", fx_alloc, kr_alloc, alloc_exit())

/* ---- free ---- */

ENTRY_PROBES("free_swap_and_cache_nr", fe_free_unmap, kp_free_unmap,
	     free_enter(START_FREE_UNMAP, entry, nr), unsigned long entry, int nr)
EXIT_PROBES("free_swap_and_cache_nr", fx_free_unmap, kr_free_unmap,
	    free_exit(START_FREE_UNMAP, VS_FREE_UNMAP))

ENTRY_PROBES("swap_free_nr", fe_free_swapin, kp_free_swapin,
	     free_enter(START_FREE_SWAPIN, entry, nr), unsigned long entry, int nr)
EXIT_PROBES("swap_free_nr", fx_free_swapin, kr_free_swapin,
	    free_exit(START_FREE_SWAPIN, VS_FREE_SWAPIN))

/*
 * swapcache_clear(si, entry[, nr]) (6.8 on, and stable backports): a
 * swap-in that bypassed the swap cache (synchronous devices: zram) lets
 * go of the cache pin it took on its entries, after swap_free_nr()
 * dropped their map count.  Its fentry reads nr only where the kernel
 * has it (swapcache_clear_nr): a read of a third argument from the
 * context would not load on a kernel whose function takes two.
 */
FENTRY("swapcache_clear", fe_free_clear,
       free_enter(START_FREE_SWAPIN, entry, swapcache_clear_nr ? (int)func_arg(ctx, 2) : 1),
       void *si, unsigned long entry)
KPROBE(kp_free_clear, free_enter(START_FREE_SWAPIN, entry, swapcache_clear_nr ? nr : 1),
       void *si, unsigned long entry, int nr)
FEXIT("swapcache_clear", fx_free_clear, free_exit(START_FREE_SWAPIN, VS_FREE_SWAPIN))

/* Before the _nr functions (6.10): one entry each, as on 6.1 */
ENTRY_PROBES("free_swap_and_cache", fe_free_unmap1, kp_free_unmap1,
	     free_enter(START_FREE_UNMAP, entry, 1), unsigned long entry)
FEXIT("free_swap_and_cache", fx_free_unmap1, free_exit(START_FREE_UNMAP, VS_FREE_UNMAP))

ENTRY_PROBES("swap_free", fe_free_swapin1, kp_free_swapin1,
	     free_enter(START_FREE_SWAPIN, entry, 1), unsigned long entry)
FEXIT("swap_free", fx_free_swapin1, free_exit(START_FREE_SWAPIN, VS_FREE_SWAPIN))

/*
 * folio_put_swap(folio, page) of later kernels, where swap_free_nr() was:
 * a swap-in mapped @page of the folio (one entry), or all of it (NULL).
 */
static __always_inline void free_folio_enter(struct folio *folio, struct page *page)
{
	free_enter(START_FREE_SWAPIN, folio_swap_entry(folio),
		   page ? 1 : folio_pages(folio));
}

ENTRY_PROBES("folio_put_swap", fe_free_swapin_folio, kp_free_swapin_folio,
	     free_folio_enter(folio, page), struct folio *folio, struct page *page)
FEXIT("folio_put_swap", fx_free_swapin_folio, free_exit(START_FREE_SWAPIN, VS_FREE_SWAPIN))

/*
 * __swap_cache_del_folio(ci, folio, entry, shadow, ...) of later kernels,
 * where put_swap_folio() was: the swap cache let a folio go, after its
 * write-out or after a swap-in, and freed the entries nothing else held.
 */
ENTRY_PROBES("__swap_cache_del_folio", fe_free_cache_del, kp_free_cache_del,
	     free_enter(START_FREE_CACHE, entry, folio_pages(folio)),
	     void *ci, struct folio *folio, unsigned long entry)
FEXIT("__swap_cache_del_folio", fx_free_cache_del, free_exit(START_FREE_CACHE, VS_FREE_CACHE))

ENTRY_PROBES("put_swap_folio", fe_free_cache, kp_free_cache,
	     free_enter(START_FREE_CACHE, entry, folio_pages(folio)),
	     struct folio *folio, unsigned long entry)
EXIT_PROBES("put_swap_folio", fx_free_cache, kr_free_cache,
	    free_exit(START_FREE_CACHE, VS_FREE_CACHE))

/* ---- swap-out ---- */

/*
 * The folio argument of a swap I/O function: the first, or the second
 * after a struct swap_io_ctx * (7.x).
 */
static __always_inline struct folio *folio_arg(void *ctx, bool second)
{
	return (struct folio *)func_arg(ctx, second);
}

/*
 * swap_writepage(struct page *, ...) in 6.12, swap_writeout(struct folio *,
 * ...) later, swap_writeout(struct swap_io_ctx *, struct folio *) later
 * still.  The fexit reads the folio's size from its arguments, the
 * kretprobe from the start (kprobe_pages()).
 */
FENTRY("swap_writepage", fe_swapout, swapout_enter(folio_arg(ctx, swapout_folio_second), 0))
FEXIT("swap_writepage", fx_swapout, swapout_exit(folio_arg(ctx, swapout_folio_second)))

static __always_inline void kp_swapout_enter(struct folio *arg0, struct folio *arg1)
{
	struct folio *folio = swapout_folio_second ? arg1 : arg0;

	swapout_enter(folio, folio_pages(folio));
}

static __always_inline void kr_swapout_exit(void)
{
	struct start_val *val = started(START_SWAPOUT);

	if (val)
		finish(START_SWAPOUT, VS_OP_SWAPOUT, VS_SUB_ANY, 0, kprobe_pages(val));
}

KPROBE(kp_swapout, kp_swapout_enter(arg0, arg1), struct folio *arg0, struct folio *arg1)
KRETPROBE(kr_swapout, kr_swapout_exit())

RETURN_PROBES("zswap_store", fx_swapout_zswap, kr_swapout_zswap,
	      if (ret & 0xff) swapout_saw(VS_BACKEND_ZSWAP))
ENTRY_PROBES("__swap_writepage", fe_swapout_disk, kp_swapout_disk, swapout_saw(VS_BACKEND_DISK))

/* ---- swap-in ---- */

/* swap_read_folio(folio, ...), or (ctx, folio) as swap_writeout() */
static __always_inline void fx_swapin_exit(void *ctx)
{
	struct folio *folio = folio_arg(ctx, swapin_folio_second);

	swapin_exit((__u64)folio, folio_pages(folio));
}

FENTRY("swap_read_folio", fe_swapin, swapin_enter(folio_arg(ctx, swapin_folio_second), 0))
FEXIT("swap_read_folio", fx_swapin, fx_swapin_exit(ctx))

static __always_inline void kp_swapin_enter(struct folio *arg0, struct folio *arg1)
{
	struct folio *folio = swapin_folio_second ? arg1 : arg0;

	swapin_enter(folio, folio_pages(folio));
	/* the return needs the folio to park a read in flight */
	if (swapin_to_end && started(START_SWAPIN))
		start(START_SWAPIN_FOLIO, (__u64)folio, 0);
}

static __always_inline void kr_swapin_exit(void)
{
	struct start_key key = thread_key(START_SWAPIN_FOLIO);
	struct start_val *val = started(START_SWAPIN);
	struct start_val *folio = swapin_to_end ? started(START_SWAPIN_FOLIO) : NULL;

	if (val)
		swapin_exit(folio ? folio->entry : 0, kprobe_pages(val));
	if (folio)
		bpf_map_delete_elem(&starts, &key);
}

KPROBE(kp_swapin, kp_swapin_enter(arg0, arg1), struct folio *arg0, struct folio *arg1)
KRETPROBE(kr_swapin, kr_swapin_exit())

/*
 * The end_io's bio: an argument of its fexit, but for a kretprobe kept
 * from its entry, per thread; an interrupt's on an idle CPU runs as the
 * idle task, whose id is 0 on every CPU: per CPU there (an interrupt
 * does not move).
 */
static __always_inline struct start_key end_io_key(void)
{
	struct start_key key = thread_key(START_SWAPIN_END);

	if (!key.id)
		key.id = ~0ULL - bpf_get_smp_processor_id();
	return key;
}

static __always_inline void kp_swapin_end_enter(struct bio *bio)
{
	struct start_key key = end_io_key();
	struct start_val val = { .entry = (__u64)bio };

	swapin_end_enter((__u64)bio);
	if (bpf_map_update_elem(&starts, &key, &val, BPF_ANY))
		count_stat(VS_STAT_START_FULL);
}

static __always_inline void kr_swapin_end_exit(void)
{
	struct start_key key = end_io_key();
	struct start_val *val = bpf_map_lookup_elem(&starts, &key);
	__u64 bio;

	if (!val)
		return;
	bio = val->entry;
	bpf_map_delete_elem(&starts, &key);
	swapin_end_exit(bio);
}

FENTRY("end_swap_bio_read", fe_swapin_end, swapin_end_enter(func_arg(ctx, 0)))
FEXIT("end_swap_bio_read", fx_swapin_end, swapin_end_exit(func_arg(ctx, 0)))
KPROBE(kp_swapin_end, kp_swapin_end_enter(bio), struct bio *bio)
KRETPROBE(kr_swapin_end, kr_swapin_end_exit())

ENTRY_PROBES("swap_add_folio", fe_swapin_io, kp_swapin_io, swapin_saw_io(rw),
	     void *io_ctx, struct folio *folio, int rw)

/* zswap_load(): true if it loaded the folio; later, 0, or -ENOENT if not in zswap */
static __always_inline bool zswap_loaded(long ret)
{
	return zswap_load_errno ? (int)ret != -ENOENT : (ret & 0xff);
}

RETURN_PROBES("zswap_load", fx_swapin_zswap, kr_swapin_zswap,
	      swapin_saw_zswap(zswap_loaded(ret)))

/* ---- zswap writeback ---- */

FENTRY("zswap_writeback_entry", fe_zswap_wb, zswap_wb_enter(func_arg(ctx, 0), func_arg(ctx, 1)))
KPROBE(kp_zswap_wb, zswap_wb_enter((__u64)arg0, arg1), void *arg0, unsigned long arg1)
RETURN_PROBES("zswap_writeback_entry", fx_zswap_wb, kr_zswap_wb, zswap_wb_exit((int)ret))

/* ---- swapoff: the system call, by its name on the architecture built for ---- */

ENTRY_PROBES(VS_SYSCALL(swapoff), fe_swapoff, kp_swapoff, start(START_SWAPOFF, 0, 0))
RETURN_PROBES(VS_SYSCALL(swapoff), fx_swapoff, kr_swapoff, swapoff_exit(ret))

/* ---- tier 4: tracepoints every kernel has ---------------------------- */

static __always_inline void thread_begin(__u32 what)
{
	if (task_in_target())
		start(what, 0, 0);
}

static __always_inline void thread_end(__u32 what, __u8 op)
{
	if (started(what))
		finish(what, op, 0, 0, 0);
}

SEC("raw_tp/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(tp_reclaim_begin)
{
	thread_begin(START_RECLAIM_DIRECT);
	return 0;
}

SEC("raw_tp/mm_vmscan_direct_reclaim_end")
int BPF_PROG(tp_reclaim_end, unsigned long nr_reclaimed)
{
	thread_end(START_RECLAIM_DIRECT, VS_OP_RECLAIM_DIRECT);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_begin")
int BPF_PROG(tp_memcg_reclaim_begin)
{
	thread_begin(START_RECLAIM_MEMCG);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_end")
int BPF_PROG(tp_memcg_reclaim_end, unsigned long nr_reclaimed)
{
	thread_end(START_RECLAIM_MEMCG, VS_OP_RECLAIM_MEMCG);
	return 0;
}

/*
 * Block I/O of the swap devices, from queueing to completion, per bio.
 * The queueing side is tp_btf, not raw_tp: the bio's fields are plain
 * loads there, where raw_tp needs a bpf_probe_read_kernel() call for each
 * of the four it reads, on every bio of every device.  The completion
 * reads no field, and raw_tp gives it the bio's address as a number.
 *
 * A bio is in flight for microseconds, and the swap devices see one per
 * swapped folio: a hash map insert and delete for each would be the most
 * expensive thing vswaplat does.  In-flight bios claim a slot of an array
 * instead, picked by hashing the bio pointer and taken with a
 * compare-and-swap; only when the slot is busy with another bio does the
 * start go to the hash map.
 */
#define BIO_SLOTS	4096

/* Bios whose start went to the start map: their slot was taken. */
__u64 bios_in_starts;

struct bio_slot {
	__u64 bio;		/* owner, 0 if free */
	struct start_val val;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BIO_SLOTS);
	__type(key, __u32);
	__type(value, struct bio_slot);
} bio_slots SEC(".maps");

/* The swap type of block device @dev, VS_DEV_NONE if it holds no swap. */
static __always_inline __u32 swap_bdev_type(__u32 dev)
{
	/* read once: user space may rewrite the table (swapon, swapoff) */
	__u32 nr = *(volatile __u32 *)&swap_bdevs.nr;

	for (__u32 i = 0; i < VS_MAX_SWAP_BDEVS && i < nr; i++)
		if (swap_bdevs.kdev[i] == dev)
			return swap_bdevs.type[i];
	return VS_DEV_NONE;
}

static __always_inline struct bio_slot *bio_slot_of(__u64 bio)
{
	/* Fibonacci hashing: bios from one slab page spread out */
	__u32 index = (bio * 0x9E3779B97F4A7C15ULL) >> 52;

	return bpf_map_lookup_elem(&bio_slots, &index);
}

/*
 * The address a pointer argument of a tp_btf program holds, as a number
 * to hash.  The verifier allows no arithmetic on a pointer it tracks, but
 * lets a program loaded with CAP_PERFMON (vswaplat runs as root) store
 * one to map memory, and what is loaded back from there is a number.  A
 * per-CPU slot and two moves, where bpf_probe_read_kernel() of the
 * context was a helper call on every bio.
 *
 * Only the queue program uses it: a program does not interrupt itself
 * (BPF skips a nested run), so its store and load are never split by
 * another store to the slot.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ptr_scratch SEC(".maps");

static __always_inline __u64 ptr_value(const void *ptr)
{
	__u32 zero = 0;
	__u64 *scratch = bpf_map_lookup_elem(&ptr_scratch, &zero);

	if (!scratch)
		return 0;
	*scratch = (__u64)ptr;
	/* make the compiler store and load, not forward the pointer */
	asm volatile("" ::: "memory");
	return *(volatile __u64 *)scratch;
}

SEC("tp_btf/block_bio_queue")
int BPF_PROG(tp_bio_queue, struct bio *bio)
{
	__u32 dev = bio->bi_bdev->bd_dev, type;
	struct start_key key;
	struct start_val val;
	struct bio_vec *vec;
	struct folio *folio;
	struct bio_slot *slot;
	__u64 owner;
	bool claimed;
	__u32 op;
	long err;

	type = swap_bdev_type(dev);
	if (type == VS_DEV_NONE)
		return 0;
	/*
	 * Filter by the memory the I/O moves (a swap bio carries one folio,
	 * charged to its owner's memcg), not by the submitter, which for
	 * swap-out may be kswapd or another cgroup's reclaim.
	 */
	if (target_cgroup) {
		vec = bio->bi_io_vec;
		folio = vec ? (struct folio *)vec->bv_page : NULL;
		if (!folio_in_target(folio))
			return 0;
	}
	op = bio->bi_opf & ((1U << REQ_OP_BITS) - 1);
	if (op > 1)		/* REQ_OP_READ 0, REQ_OP_WRITE 1: swap is nothing else */
		return 0;
	/* only now: other devices' bios need not pay for any of this */
	val = (struct start_val){
		.entry = bio->bi_iter.bi_size / 4096,
		.sub = op == 1 ? VS_IO_WRITE : VS_IO_READ,
		.dev = type,
	};
	/*
	 * Sampling: the bio is counted here, and only a sampled one is
	 * timed.  The others skip what costs (the locked claim of a slot,
	 * the clock); their completion finds no slot.  Its pages are in
	 * the counts whether or not its end is seen, so an end unseen
	 * costs a sample, not pages (no VS_STAT_IO_UNSEEN).
	 */
	if (sample_period > 1) {
		struct vs_hist *h = hist_of(VS_OP_DEVIO, val.sub, type);

		if (!h || !count_op(h, val.entry))
			return 0;
	}
	key = (struct start_key){ .id = ptr_value(bio), .what = START_BIO };
	slot = bio_slot_of(key.id);
	/*
	 * A start still held for this very address is of a bio that ended
	 * unseen: a bio's memory is reused only after its end.  Seen on a
	 * 6.18 kernel, where about one block_rq_complete in 14,000 ran no
	 * BPF program at all (docs/vswaplat.md, OUTPUT).  Its pages are
	 * counted as lost, and this bio takes its place: ending it with the
	 * old start would record the whole time in between as one I/O.
	 */
	owner = slot ? __sync_val_compare_and_swap(&slot->bio, 0, key.id) : 0;
	claimed = slot && (!owner || owner == key.id);
	/*
	 * The clock after the compare-and-swap, not before: the clock read's
	 * lfence waits for the loads in flight, and so does the locked
	 * instruction; the one that comes second finds them done.  On a
	 * Xeon this program ran 50 ns shorter per bio (bench-progs on the
	 * host, docs/benchmarks.md).
	 */
	val.ts = bpf_ktime_get_ns();
	if (claimed) {
		if (owner && sample_period <= 1)
			add_stat(VS_STAT_IO_UNSEEN, slot->val.entry);
		slot->val = val;
		return 0;
	}
	err = bpf_map_update_elem(&starts, &key, &val, BPF_NOEXIST);
	if (err == -EEXIST) {
		struct start_val *stale = bpf_map_lookup_elem(&starts, &key);

		if (stale) {
			if (sample_period <= 1)
				add_stat(VS_STAT_IO_UNSEEN, stale->entry);
			*stale = val;
			return 0;
		}
		err = bpf_map_update_elem(&starts, &key, &val, BPF_NOEXIST);
	}
	if (err)
		count_stat(VS_STAT_START_FULL);
	else
		__sync_fetch_and_add(&bios_in_starts, 1);
	return 0;
}

/*
 * The end of a bio's I/O, if its queueing was measured.  Runs for the
 * bios of every device, so a bio that is not in its slot looks in the
 * start map only when some bio is there at all.
 */
static __always_inline void bio_record(const struct start_val *val)
{
	__u64 lat_ns = bpf_ktime_get_ns() - val->ts;
	struct vs_hist *h = hist_of(VS_OP_DEVIO, val->sub, val->dev);

	if (!h)
		return;
	/* sampled, the bio was counted when queued (tp_bio_queue()) */
	if (sample_period <= 1)
		count_op(h, val->entry);
	add_sample(h, lat_ns);
}

static __always_inline void bio_done(__u64 bio)
{
	struct start_key key = { .id = bio, .what = START_BIO };
	struct bio_slot *slot = bio_slot_of(bio);
	struct start_val *val;

	if (slot && slot->bio == bio) {
		bio_record(&slot->val);
		/* release the slot only after reading it */
		__sync_fetch_and_and(&slot->bio, 0);
		return;
	}
	if (!*(volatile __u64 *)&bios_in_starts)
		return;
	val = bpf_map_lookup_elem(&starts, &key);
	if (!val)
		return;
	bio_record(val);
	if (!bpf_map_delete_elem(&starts, &key))
		__sync_fetch_and_sub(&bios_in_starts, 1);
}

/* Bio-based devices (zram, device mapper, md) complete each bio. */
SEC("raw_tp/block_bio_complete")
int BPF_PROG(tp_bio_complete, struct request_queue *q, struct bio *bio)
{
	bio_done((__u64)bio);
	return 0;
}

/*
 * Request-based devices (NVMe, SCSI, virtio-blk) complete requests, each
 * of one or more bios, and block_bio_complete never fires for those: the
 * block layer reports the request's end instead.  A call may complete
 * only the first @nr_bytes of the request; a bio past them ends in a
 * later call.
 *
 * Swap merges neighbouring slots into one request, a 4K bio each, as
 * many as max_sectors_kb allows (1280K by default, 320 bios; raised up
 * to max_hw_sectors_kb: 4M, 1024 bios, on a virtio disk).  A request of
 * more bios than walked here is counted as lost, not dropped silently.
 */
#define RQ_MAX_BIOS	4096

/*
 * One bio of a completing request, as bpf_loop()'s callback: the
 * verifier checks it once, where a loop of RQ_MAX_BIOS in the program
 * exceeded its limits on 6.12.  The bios are followed as addresses
 * (probe reads), which a callback can keep in its context.
 */
struct rq_walk {
	__u64 bio;		/* the next bio's address, 0 at the end */
	__u64 done;		/* bytes of the bios walked so far */
	__u64 nr_bytes;		/* bytes this call completes */
};

static long rq_walk_bio(__u64 i, void *ctx)
{
	struct rq_walk *w = ctx;
	struct bio *bio = (struct bio *)w->bio;

	if (!bio)
		return 1;
	w->done += BPF_CORE_READ(bio, bi_iter.bi_size);
	if (w->done > w->nr_bytes) {
		w->bio = 0;
		return 1;
	}
	bio_done(w->bio);
	w->bio = (__u64)BPF_CORE_READ(bio, bi_next);
	return 0;
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(tp_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
	struct rq_walk w = { .nr_bytes = nr_bytes };

	w.bio = (__u64)BPF_CORE_READ(rq, bio);
	bpf_loop(RQ_MAX_BIOS, rq_walk_bio, &w, 0);
	if (w.bio)
		count_stat(VS_STAT_RQ_TOO_LONG);
	return 0;
}

/*
 * Before 6.3 the swap I/O of a device with ->rw_page (zram, brd, pmem)
 * went a page at a time through bdev_read_page() and bdev_write_page(),
 * with no bio and so no block tracepoint.  They return 0 when the driver
 * took the page, by then read or written (these drivers copy in the
 * call); anything else sends the caller to a bio, which the tracepoints
 * above measure.  zram refuses a huge page there, so a THP's swap-out is
 * a bio.  The device and the direction are known at entry, the outcome
 * only at exit: the start is kept per thread, and only for swap devices.
 */
static __always_inline void rw_page_enter(struct block_device *bdev, struct page *page,
					  __u32 dir)
{
	struct start_key key = thread_key(START_RW_PAGE);
	struct start_val val = { .sub = dir };

	val.dev = swap_bdev_type(BPF_CORE_READ(bdev, bd_dev));
	if (val.dev == VS_DEV_NONE ||
	    (target_cgroup && !folio_in_target((struct folio *)page)))
		return;
	val.entry = folio_pages((struct folio *)page);	/* pages, as for a bio */
	val.ts = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&starts, &key, &val, BPF_ANY))
		count_stat(VS_STAT_START_FULL);
}

static __always_inline void rw_page_exit(long ret)
{
	struct start_key key = thread_key(START_RW_PAGE);
	struct start_val *val = bpf_map_lookup_elem(&starts, &key);

	if (!val)
		return;
	if (!ret)
		record(VS_OP_DEVIO, val->sub, val->dev, bpf_ktime_get_ns() - val->ts,
		       val->entry);
	bpf_map_delete_elem(&starts, &key);
}

ENTRY_PROBES("bdev_read_page", fe_rw_read, kp_rw_read, rw_page_enter(bdev, page, VS_IO_READ),
	     struct block_device *bdev, sector_t sector, struct page *page)
ENTRY_PROBES("bdev_write_page", fe_rw_write, kp_rw_write, rw_page_enter(bdev, page, VS_IO_WRITE),
	     struct block_device *bdev, sector_t sector, struct page *page)
/* both return an int: 0 if the driver took the page */
FEXIT_RET("bdev_read_page", fx_rw_read, rw_page_exit((int)ret))
FEXIT_RET("bdev_write_page", fx_rw_write, rw_page_exit((int)ret))
KRETPROBE_RET(kr_rw_page, rw_page_exit((int)ret))

/* ---- on demand: swap I/O not seen to end ---------------------------------
 *
 * Run by user space with BPF_PROG_TEST_RUN (never attached) when it stops:
 * the pages of the swap bios whose start is still held, in their slots or
 * in the start map.  They are in flight, or ended unseen with no bio
 * queued at their address since (tp_bio_queue() counts the others in
 * VS_STAT_IO_UNSEEN).  With the histograms and that count, they add up to
 * the pages the kernel counted as swapped in and out.
 */
__u64 unended_pages;

static long count_unended_slot(__u64 i, void *ctx)
{
	__u32 index = i;
	struct bio_slot *slot = bpf_map_lookup_elem(&bio_slots, &index);

	if (slot && slot->bio)
		*(__u64 *)ctx += slot->val.entry;
	return 0;
}

static long count_unended_start(struct bpf_map *map, struct start_key *key,
				struct start_val *val, void *ctx)
{
	if (key->what == START_BIO)
		*(__u64 *)ctx += val->entry;
	return 0;
}

SEC("raw_tp")
int count_unended_bios(void *ctx)
{
	__u64 pages = 0;

	/* sampled: every bio's pages are counted when it is queued */
	if (sample_period > 1) {
		unended_pages = 0;
		return 0;
	}
	bpf_loop(BIO_SLOTS, count_unended_slot, &pages, 0);
	bpf_for_each_map_elem(&starts, count_unended_start, &pages, 0);
	unended_pages = pages;
	return 0;
}

/*
 * The disk swap-in pages still waiting for their read's end_io: in
 * flight, or their end_io ran no program (a kprobe that fired while
 * another kprobe's handler ran on the CPU, which the kernel skips and
 * counts only in the kprobe).
 */
__u64 unended_swapin_pages;

static long count_unended_swapin(struct bpf_map *map, __u64 *folio, struct start_val *val,
				 void *ctx)
{
	*(__u64 *)ctx += val->pages;
	return 0;
}

SEC("raw_tp")
int count_unended_swapins(void *ctx)
{
	__u64 pages = 0;

	bpf_for_each_map_elem(&swapin_reads, count_unended_swapin, &pages, 0);
	unended_swapin_pages = pages + unended_swapin_stale;
	return 0;
}

/* ---- on demand: the swap type of each device ----------------------------
 *
 * Run by user space with BPF_PROG_TEST_RUN (never attached).  /proc/swaps
 * lists the devices in swap type order but skips the types not in use,
 * so after a lower type was swapped off its line numbers are no longer
 * types.  This reads every swap_info[] slot /proc/swaps would list
 * (SWP_USED, with a swap_map, as swap_next() has it) with what identifies
 * its line: the block device, or the inode of the device node or file.
 */
#define SWP_USED_FLAG	1	/* SWP_USED, an anonymous enum in linux/swap.h */

struct vs_swap_type swap_types[VS_MAX_SWAP_BDEVS];
__s32 swap_types_err;

SEC("raw_tp")
int read_swap_types(void *ctx)
{
	swap_types_err = -1;
	if (!swap_info_addr)
		return 0;
	for (__u32 i = 0; i < VS_MAX_SWAP_BDEVS; i++) {
		struct swap_info_struct *si = NULL;
		struct vs_swap_type *t = &swap_types[i];
		struct inode *inode;

		bpf_probe_read_kernel(&si, sizeof(si),
				      (void *)(swap_info_addr + i * sizeof(si)));
		t->used = si && (BPF_CORE_READ(si, flags) & SWP_USED_FLAG) &&
			  BPF_CORE_READ(si, swap_map);
		if (!t->used)
			continue;
		t->flags = BPF_CORE_READ(si, flags);
		t->bdev = BPF_CORE_READ(si, bdev, bd_dev);
		inode = BPF_CORE_READ(si, swap_file, f_inode);
		t->ino = BPF_CORE_READ(inode, i_ino);
		t->sdev = BPF_CORE_READ(inode, i_sb, s_dev);
	}
	swap_types_err = 0;
	return 0;
}

/* ---- on demand: entries in a device's zeromap --------------------------
 *
 * Run by user space with BPF_PROG_TEST_RUN (never attached): counts the
 * set bits of swap_info[zeromap_type]->zeromap, the entries whose data
 * is a zero-filled page.  No kernel counter holds this number.
 */
__u32 zeromap_type;
__u64 zeromap_count;
__s32 zeromap_err;

struct zeromap_walk {
	unsigned long *map;
	__u64 count;
};

static long count_word(__u64 i, void *ctx)
{
	struct zeromap_walk *w = ctx;
	unsigned long word = 0;

	if (bpf_probe_read_kernel(&word, sizeof(word), w->map + i))
		return 1;
	w->count += __builtin_popcountll(word);
	return 0;
}

SEC("raw_tp")
int count_zeromap(void *ctx)
{
	struct swap_info_struct *si = NULL;
	struct zeromap_walk w = {};
	__u64 max;

	zeromap_err = -1;
	if (!swap_info_addr || zeromap_type >= 32 ||
	    !bpf_core_field_exists(si->zeromap))
		return 0;
	bpf_probe_read_kernel(&si, sizeof(si),
			      (void *)(swap_info_addr + zeromap_type * sizeof(si)));
	if (!si)
		return 0;
	w.map = BPF_CORE_READ(si, zeromap);
	max = BPF_CORE_READ(si, max);
	if (!w.map)
		return 0;
	bpf_loop((max + 63) / 64, count_word, &w, 0);
	zeromap_count = w.count;
	zeromap_err = 0;
	return 0;
}

/* ---- on demand: virtual slots bound to a physical slot ------------------
 *
 * Run by user space with BPF_PROG_TEST_RUN (never attached): counts the
 * nonzero words of swap_info[bound_type]->vswap_bind, the binding of each
 * slot of the virtual swap device (the kernel variant, with
 * CONFIG_VSWAP_VIRTUAL), read a page of words at a time.  Exact at any
 * time, where binds - unbinds counts only what happened since attach.
 */
struct swap_info_struct___virtual {
	unsigned long *vswap_bind;
} __attribute__((preserve_access_index));

#define BIND_CHUNK	512	/* words per read: 4 KiB */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, unsigned long[BIND_CHUNK]);
} bind_chunk SEC(".maps");

__u32 bound_type;
__u64 bound_count;
__s32 bound_err;

struct bound_walk {
	unsigned long *map;
	__u64 words;
	__u64 count;
};

static long count_bound_chunk(__u64 i, void *ctx)
{
	struct bound_walk *w = ctx;
	__u64 first = i * BIND_CHUNK, n;
	__u32 zero = 0;
	unsigned long *buf = bpf_map_lookup_elem(&bind_chunk, &zero);

	if (!buf || first >= w->words)
		return 1;
	n = w->words - first;
	if (n > BIND_CHUNK)
		n = BIND_CHUNK;
	if (!n || bpf_probe_read_kernel(buf, n * sizeof(*buf), w->map + first))
		return 1;
	for (__u32 k = 0; k < BIND_CHUNK && k < n; k++)
		w->count += buf[k] != 0;
	return 0;
}

SEC("raw_tp")
int count_bound(void *ctx)
{
	struct swap_info_struct___virtual *vsi;
	struct swap_info_struct *si = NULL;
	struct bound_walk w = {};

	bound_err = -1;
	vsi = (void *)si;
	if (!swap_info_addr || bound_type >= 32 || !bpf_core_field_exists(vsi->vswap_bind))
		return 0;
	bpf_probe_read_kernel(&si, sizeof(si),
			      (void *)(swap_info_addr + bound_type * sizeof(si)));
	if (!si)
		return 0;
	vsi = (void *)si;
	w.map = BPF_CORE_READ(vsi, vswap_bind);
	w.words = BPF_CORE_READ(si, max);
	if (!w.map)
		return 0;
	bpf_loop((w.words + BIND_CHUNK - 1) / BIND_CHUNK, count_bound_chunk, &w, 0);
	bound_count = w.count;
	bound_err = 0;
	return 0;
}
