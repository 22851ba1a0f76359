// SPDX-License-Identifier: GPL-2.0
/*
 * Empty programs on the attach points vswaplat uses on the vswap kernel:
 * the vswap events it measures (tp_btf), the reclaim tracepoints and the
 * block I/O tracepoints of devio.  What they cost a swap load is the
 * kernel's part of tracing those events (the tracepoint's call into the
 * BPF runner, and the timestamps the vswap events take once enabled),
 * which no program on them can go below; bench-overhead's "floor" mode
 * (docs/benchmarks.md).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define EMPTY(sec, name)			\
	SEC(sec)				\
	int BPF_PROG(name)			\
	{					\
		return 0;			\
	}

EMPTY("tp_btf/vswap_alloc", floor_alloc)
EMPTY("tp_btf/vswap_free", floor_free)
EMPTY("tp_btf/vswap_swapout", floor_swapout)
EMPTY("tp_btf/vswap_swapin", floor_swapin)
EMPTY("tp_btf/vswap_zswap_writeback", floor_zswap_wb)
EMPTY("tp_btf/vswap_swapoff_begin", floor_swapoff_begin)
EMPTY("tp_btf/vswap_swapoff_progress", floor_swapoff_progress)
EMPTY("tp_btf/vswap_swapoff_end", floor_swapoff)
EMPTY("tp_btf/vswap_lock_contended", floor_lock)
/* the virtual swap device's events: only where the kernel has them */
EMPTY("tp_btf/vswap_bind", floor_bind)
EMPTY("tp_btf/vswap_unbind", floor_unbind)
EMPTY("raw_tp/mm_vmscan_direct_reclaim_begin", floor_reclaim_begin)
EMPTY("raw_tp/mm_vmscan_direct_reclaim_end", floor_reclaim_end)
EMPTY("raw_tp/mm_vmscan_memcg_reclaim_begin", floor_memcg_reclaim_begin)
EMPTY("raw_tp/mm_vmscan_memcg_reclaim_end", floor_memcg_reclaim_end)
EMPTY("tp_btf/block_bio_queue", floor_bio_queue)
EMPTY("raw_tp/block_bio_complete", floor_bio_complete)
EMPTY("tp_btf/block_rq_complete", floor_rq_complete)
