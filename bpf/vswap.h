/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the BPF programs in bpf/ and the tools in tools/: the
 * operations the programs measure, the values of the kernel's vswap
 * enums, and the layout of the in-kernel aggregates.
 */
#ifndef VSWAP_BPF_VSWAP_H
#define VSWAP_BPF_VSWAP_H

/*
 * The values of the kernel variant's enums (include/linux/vswap.h in
 * kernel-patches/): vswap_backend, vswap_alloc_path, vswap_free_path,
 * vswap_lock and vswap_bind_reason.  Prefixed VS_ so they never clash with a vmlinux.h made
 * from a kernel that has them; tests/test-abi.sh checks the values.
 */
enum vs_backend {
	VS_BACKEND_FREE,
	VS_BACKEND_SWAPCACHE,
	VS_BACKEND_ZERO,
	VS_BACKEND_ZSWAP,
	VS_BACKEND_DISK,
	VS_NR_BACKENDS,
};

enum vs_alloc_path {
	VS_ALLOC_PCPU,
	VS_ALLOC_REFILL,
	VS_ALLOC_DIRECT,
	VS_ALLOC_FAIL,
	VS_NR_ALLOC_PATHS,
};

enum vs_free_path {
	VS_FREE_UNMAP,
	VS_FREE_SWAPIN,
	VS_FREE_CACHE,
	VS_FREE_SWAPOFF,
	VS_NR_FREE_PATHS,
};

enum vs_lock {
	VS_LOCK_CLUSTER,
	VS_LOCK_DEVICE,
	VS_LOCK_AVAIL,
	VS_NR_LOCKS,
};

/* Why a virtual swap slot got or lost its physical slot (vswap_bind, vswap_unbind). */
enum vs_bind_reason {
	VS_BIND_SWAPOUT,
	VS_BIND_WRITEBACK,
	VS_BIND_FREE,
	VS_BIND_OVERWRITE,
	VS_BIND_SWAPOFF,
	VS_BIND_SWAPIN,
	VS_NR_BIND_REASONS,
};

/* The operations with a latency histogram. */
enum vs_op {
	VS_OP_ALLOC,		/* sub: enum vs_alloc_path, or VS_SUB_ANY */
	VS_OP_FREE,		/* sub: enum vs_free_path */
	VS_OP_SWAPOUT,		/* sub: enum vs_backend it went to */
	VS_OP_SWAPIN,		/* sub: enum vs_backend it came from */
	VS_OP_ZSWAP_WB,		/* sub: 0 */
	VS_OP_SWAPOFF,		/* sub: 0 done, 1 failed */
	VS_OP_LOCK,		/* sub: enum vs_lock */
	VS_OP_RECLAIM_DIRECT,	/* sub: 0 */
	VS_OP_RECLAIM_MEMCG,	/* sub: 0 */
	VS_OP_DEVIO,		/* sub: VS_IO_READ or VS_IO_WRITE */
	/*
	 * A virtual swap slot got / lost a physical slot; sub: enum
	 * vs_bind_reason, device: the physical one.  Appended: op numbers
	 * index the BPF histograms, never reorder them.
	 */
	VS_OP_BIND,
	VS_OP_UNBIND,
	VS_NR_OPS,
};

/* sub of an operation whose attach tier cannot tell the path. */
#define VS_SUB_ANY	0xff

enum vs_io_dir {
	VS_IO_READ,
	VS_IO_WRITE,
};

/* Where an operation is measured from; the order is the order of trial. */
enum vs_tier {
	VS_TIER_TP_BTF,		/* the kernel variant's vswap events */
	VS_TIER_FENTRY,		/* fentry/fexit on swap functions */
	VS_TIER_KPROBE,		/* kprobe/kretprobe on the same */
	VS_TIER_TRACEPOINT,	/* tracepoints every kernel has */
	VS_NR_TIERS,
	VS_TIER_NONE = VS_NR_TIERS,
};

/*
 * The block devices that hold swap, kept by user space in the BPF side's
 * global data (set before load, rewritten after swapon and swapoff): the
 * kernel's dev_t of each and its swap type.  Compared in a loop over the
 * devices there are, not looked up in a map: the lookup, a helper call
 * and a hash, ran on every bio of every device.
 */
#define VS_MAX_SWAP_BDEVS	32	/* MAX_SWAPFILES */

struct vs_swap_bdevs {
	__u32 nr;
	__u32 kdev[VS_MAX_SWAP_BDEVS];
	__u32 type[VS_MAX_SWAP_BDEVS];
};

/*
 * The kernel's swap devices, read from swap_info[] on demand
 * (read_swap_types): what user space needs to match each line of
 * /proc/swaps to its swap type, which /proc/swaps does not print.
 */
struct vs_swap_type {
	__u32 used;		/* listed in /proc/swaps: SWP_USED, a swap_map */
	__u32 bdev;		/* kernel dev_t of its block device (a file's: its fs's) */
	__u32 sdev;		/* kernel dev_t of the filesystem holding the node or file */
	__u32 flags;		/* swap_info_struct::flags, low 32 bits (SWP_*) */
	__u64 ino;		/* inode number of the device node or file */
};

/* No swap device: global locks, or operations split by nothing. */
#define VS_DEV_NONE	0xffffffffu

/*
 * The histograms live in a per-CPU array (no hashing on the hot path),
 * indexed by device slot, operation and sub (VS_SUB_ANY in the last sub
 * slot).  Device slot 0 is VS_DEV_NONE and slot t + 1 swap type t, so
 * the histograms that are not split by device are the first
 * VS_NR_HISTS_NODEV: a map of that size is enough without the split.
 */
#define VS_MAX_SUBS	8
#define VS_MAX_DEVS	33
#define VS_NR_HISTS_NODEV	(VS_NR_OPS * VS_MAX_SUBS)
#define VS_NR_HISTS	(VS_NR_HISTS_NODEV * VS_MAX_DEVS)

static inline __u32 vs_hist_index(__u32 op, __u32 sub, __u32 dev)
{
	__u32 dslot = dev >= VS_MAX_DEVS - 1 ? 0 : dev + 1;

	if (sub >= VS_MAX_SUBS - 1)
		sub = VS_MAX_SUBS - 1;
	return (dslot * VS_NR_OPS + op) * VS_MAX_SUBS + sub;
}

/* The key of histogram @index, VS_SUB_ANY and VS_DEV_NONE included. */
static inline void vs_hist_key_of(__u32 index, __u8 *op, __u8 *sub, __u32 *dev)
{
	__u32 dslot = index / VS_MAX_SUBS / VS_NR_OPS;

	*sub = index % VS_MAX_SUBS;
	*op = index / VS_MAX_SUBS % VS_NR_OPS;
	*dev = dslot ? dslot - 1 : VS_DEV_NONE;
	if (*sub == VS_MAX_SUBS - 1)
		*sub = VS_SUB_ANY;
}

/* Log2 slots of a histogram: slot i counts values in [2^i, 2^(i+1)). */
#define VS_HIST_SLOTS	48

/*
 * floor(log2(v)) for v > 0, and 0 for 0, without a branch: v's top bit is
 * smeared into every bit below it, which leaves one of 64 values, and the
 * top six bits of their product with this constant differ for each (a
 * de Bruijn-style perfect hash), so a table maps them back.  About 20 BPF
 * instructions per event where a binary search took 40; tests/unit checks
 * it against a loop.
 */
#define VS_LOG2_MAGIC	0x03f79d71b4cb0a89ULL

static const __u8 vs_log2_table[64] = {
	0, 47, 1, 56, 48, 27, 2, 60, 57, 49, 41, 37, 28, 16, 3, 61,
	54, 58, 35, 52, 50, 42, 21, 44, 38, 32, 29, 23, 17, 11, 4, 62,
	46, 55, 26, 59, 40, 36, 15, 53, 34, 51, 20, 43, 31, 22, 10, 45,
	25, 39, 14, 33, 19, 30, 9, 24, 13, 18, 8, 12, 7, 6, 5, 63,
};

static inline __u32 vs_log2(__u64 v)
{
	v |= v >> 1;
	v |= v >> 2;
	v |= v >> 4;
	v |= v >> 8;
	v |= v >> 16;
	v |= v >> 32;
	return vs_log2_table[(v * VS_LOG2_MAGIC) >> 58];
}

struct vs_hist_key {
	__u8 op;		/* enum vs_op */
	__u8 sub;		/* path, backend, lock, direction */
	__u16 pad;
	__u32 dev;		/* swap type, dev_t for VS_OP_DEVIO, or VS_DEV_NONE */
};

/*
 * One histogram, per CPU.  slots[] is in the unit user space asked for
 * (ns, us or ms); sum and max stay in nanoseconds.  Everything but the
 * maximum only grows: user space takes intervals as differences, because
 * zeroing a per-CPU value from user space races with the CPU updating it
 * and loses its events.  A maximum cannot be subtracted: the BPF side
 * keeps one per interval_epoch, for the current epoch and the one before
 * (indexed by the epoch's parity), so user space reads a closed epoch's
 * maximum while the next one is being kept.
 *
 * With sampling (sample_period > 1, vswap.bpf.c) ops and pages count
 * every operation and the rest only the sampled ones; without it, ops
 * equals count once the programs are quiet.
 */
struct vs_epoch_max {
	__u64 max_ns[2];
	__u64 epoch[2];
};

struct vs_hist {
	__u64 slots[VS_HIST_SLOTS];
	__u64 count;		/* samples: the values in slots[] */
	__u64 sum_ns;		/* of the samples */
	__u64 max_ns;		/* of the samples; filled in by user space from emax */
	__u64 pages;		/* pages (or entries) every operation moved */
	__u64 ops;		/* every operation, sampled or not */
	__u64 skip;		/* BPF only: operations to pass over before a sample */
	struct vs_epoch_max emax;
};

/* Contention of one swap lock (vswaptop). */
struct vs_lock_key {
	__s32 type;		/* swap type, -1 for swap_avail_lock */
	__s32 cluster;		/* -1 unless a cluster lock */
	__u32 kind;		/* enum vs_lock */
	__u32 pad;
};

/* As struct vs_hist: count and wait_ns only grow, the maximum per epoch. */
struct vs_lock_stat {
	__u64 count;
	__u64 wait_ns;
	struct vs_epoch_max emax;
};

enum vs_swapoff_state {
	VS_SWAPOFF_NONE,
	VS_SWAPOFF_RUNNING,
	VS_SWAPOFF_DONE,
};

/* A swapoff, from the vswap swapoff events (vswaptop's progress bar). */
struct vs_swapoff {
	__u64 start_ns;		/* bpf_ktime_get_ns() at begin */
	__u64 end_ns;
	__u64 total;		/* pages in use at begin */
	__u64 remaining;	/* pages in use at the last event */
	__s32 ret;
	__u32 state;		/* enum vs_swapoff_state */
};

/* Per-CPU counters of what could not be recorded. */
enum vs_stat {
	VS_STAT_HIST_FULL,	/* histogram map full: event dropped */
	VS_STAT_START_FULL,	/* start-time map full: exit unmatched */
	VS_STAT_NO_START,	/* exit without a recorded start */
	VS_STAT_RQ_TOO_LONG,	/* bios of a request past the ones walked */
	VS_STAT_IO_UNSEEN,	/* pages of swap bios whose end ran no program */
	VS_STAT_LOCKS_FULL,	/* per-lock map full: contention not kept per lock */
	VS_NR_STATS,
};

#endif /* VSWAP_BPF_VSWAP_H */
