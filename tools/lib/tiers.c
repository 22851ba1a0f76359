// SPDX-License-Identifier: GPL-2.0
/* The attach tiers: which programs attach where, per operation and tier. */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "tiers.h"
#include "vswap_syscall.h"

/* The functions, renamed across kernels, are tried in order. */
#define ALLOC_FUNCS	{ "add_to_swap", "folio_alloc_swap" }
#define SWAPOUT_FUNCS	{ "swap_writepage", "swap_writeout" }
/* swap_readpage(struct page *, ...) before 6.6: its first page is the folio */
#define SWAPIN_FUNCS	{ "swap_read_folio", "swap_readpage" }
/* the system call, by its name on the architecture built for */
#define SWAPOFF_FUNCS	{ VS_SYSCALL(swapoff) }
/*
 * Unless the end_io of swap reads (the 4th point) is probed, a disk
 * swap-in is timed to swap_read_folio()'s return: the submission, and
 * where it queues its read for swap_read_submit() (the swap_io_ctx
 * kernels), not even that.
 */
#define SWAPIN_NOTE	"async disk reads: submission only", "swap_read_submit", \
			"disk reads: queueing only, the device time is devio's", 4
/* a zap of swap PTEs, (entry, nr) either way */
#define UNMAP_FREE_FUNCS { "free_swap_and_cache_nr", "swap_put_entries_direct" }
/* zswap_writeback_entry() is inlined into its LRU walk's callback on 7.x */
#define ZSWAP_WB_FUNCS	{ "zswap_writeback_entry", "shrink_memcg_cb" }
/* a swap bio from its queueing to its completion, of a bio or a request */
#define DEVIO_BIO_POINTS(among_funcs) \
	{ "tp_bio_queue", "tp_bio_complete", { "block_bio_queue", "block_bio_complete" }, \
	  false, among_funcs }, \
	{ "tp_rq_complete", NULL, { "block_rq_complete" }, false, among_funcs }

const struct attach_op attach_ops[VS_NR_OPS] = {
	[VS_OP_ALLOC] = { VS_OP_ALLOC, "swap entry allocation for a folio", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_alloc", NULL, { "vswap_alloc" } } } },
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, { { "fe_alloc", "fx_alloc", ALLOC_FUNCS } },
				     "no path split; anonymous folios" },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, { { "kp_alloc", "kr_alloc", ALLOC_FUNCS } },
				     "no path split; anonymous folios" },
	} },
	[VS_OP_FREE] = { VS_OP_FREE, "swap entry free, by path", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_free", NULL, { "vswap_free" } } } },
		/* the one-entry functions before the _nr ones (6.10), the swap table's later */
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, {
			{ "fe_free_unmap", "fx_free_unmap", UNMAP_FREE_FUNCS, true },
			{ "fe_free_swapin", "fx_free_swapin", { "swap_free_nr" }, true },
			{ "fe_free_clear", "fx_free_clear", { "swapcache_clear" }, true },
			{ "fe_free_swapin_folio", "fx_free_swapin_folio", { "folio_put_swap" }, true },
			{ "fe_free_cache", "fx_free_cache", { "put_swap_folio" }, true },
			{ "fe_free_cache_del", "fx_free_cache_del", { "__swap_cache_del_folio" }, true },
			{ "fe_free_unmap1", "fx_free_unmap1", { "free_swap_and_cache" }, true },
			{ "fe_free_swapin1", "fx_free_swapin1", { "swap_free" }, true } },
			"swapoff frees count as swapin" },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, {
			{ "kp_free_unmap", "kr_free_unmap", UNMAP_FREE_FUNCS, true },
			{ "kp_free_swapin", "kr_free_swapin", { "swap_free_nr" }, true },
			{ "kp_free_clear", "kr_free_swapin", { "swapcache_clear" }, true },
			{ "kp_free_swapin_folio", "kr_free_swapin", { "folio_put_swap" }, true },
			{ "kp_free_cache", "kr_free_cache", { "put_swap_folio" }, true },
			{ "kp_free_cache_del", "kr_free_cache", { "__swap_cache_del_folio" }, true },
			{ "kp_free_unmap1", "kr_free_unmap", { "free_swap_and_cache" }, true },
			{ "kp_free_swapin1", "kr_free_swapin", { "swap_free" }, true } },
			"swapoff frees count as swapin" },
	} },
	[VS_OP_SWAPOUT] = { VS_OP_SWAPOUT, "swap-out, by backend", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_swapout", NULL, { "vswap_swapout" },
			.sampled_entry = "tp_swapout_sampled",
			.sampled_target = "vswap_swapout_sampled" } } },
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, {
			{ "fe_swapout", "fx_swapout", SWAPOUT_FUNCS },
			{ NULL, "fx_swapout_zswap", { "zswap_store" }, true },
			{ "fe_swapout_disk", NULL, { "__swap_writepage" }, true } },
			"no-I/O exits count as zero" },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, {
			{ "kp_swapout", "kr_swapout", SWAPOUT_FUNCS },
			{ NULL, "kr_swapout_zswap", { "zswap_store" }, true },
			{ "kp_swapout_disk", NULL, { "__swap_writepage" }, true } },
			"no-I/O exits count as zero" },
	} },
	[VS_OP_SWAPIN] = { VS_OP_SWAPIN, "swap-in, by source", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_swapin", NULL, { "vswap_swapin" },
			.sampled_entry = "tp_swapin_sampled",
			.sampled_target = "vswap_swapin_sampled" } } },
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, {
			{ "fe_swapin", "fx_swapin", SWAPIN_FUNCS },
			{ NULL, "fx_swapin_zswap", { "zswap_load" }, true },
			{ "fe_swapin_io", NULL, { "swap_add_folio" }, true },
			{ "fe_swapin_end", "fx_swapin_end", SWAPIN_END_FUNCS, true } },
			SWAPIN_NOTE },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, {
			{ "kp_swapin", "kr_swapin", SWAPIN_FUNCS },
			{ NULL, "kr_swapin_zswap", { "zswap_load" }, true },
			{ "kp_swapin_io", NULL, { "swap_add_folio" }, true },
			{ "kp_swapin_end", "kr_swapin_end", SWAPIN_END_FUNCS, true } },
			SWAPIN_NOTE },
	} },
	[VS_OP_ZSWAP_WB] = { VS_OP_ZSWAP_WB, "zswap writeback to disk", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_zswap_wb", NULL, { "vswap_zswap_writeback" } } } },
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, { { "fe_zswap_wb", "fx_zswap_wb", ZSWAP_WB_FUNCS } } },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, { { "kp_zswap_wb", "kr_zswap_wb", ZSWAP_WB_FUNCS } } },
	} },
	[VS_OP_SWAPOFF] = { VS_OP_SWAPOFF, "swapoff duration", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, {
			{ "tp_swapoff", NULL, { "vswap_swapoff_end" } },
			{ "tp_swapoff_begin", NULL, { "vswap_swapoff_begin" }, true },
			{ "tp_swapoff_progress", NULL, { "vswap_swapoff_progress" }, true } } },
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, { { "fe_swapoff", "fx_swapoff", SWAPOFF_FUNCS } },
				     "whole system call" },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, { { "kp_swapoff", "kr_swapoff", SWAPOFF_FUNCS } },
				     "whole system call" },
	} },
	[VS_OP_LOCK] = { VS_OP_LOCK, "swap lock wait when contended", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_lock", NULL, { "vswap_lock_contended" } } } },
	} },
	[VS_OP_RECLAIM_DIRECT] = { VS_OP_RECLAIM_DIRECT, "direct reclaim", {
		[VS_TIER_TRACEPOINT] = { VS_TIER_TRACEPOINT, {
			{ "tp_reclaim_begin", "tp_reclaim_end",
			  { "mm_vmscan_direct_reclaim_begin", "mm_vmscan_direct_reclaim_end" } } } },
	} },
	[VS_OP_RECLAIM_MEMCG] = { VS_OP_RECLAIM_MEMCG, "memcg limit reclaim", {
		[VS_TIER_TRACEPOINT] = { VS_TIER_TRACEPOINT, {
			{ "tp_memcg_reclaim_begin", "tp_memcg_reclaim_end",
			  { "mm_vmscan_memcg_reclaim_begin", "mm_vmscan_memcg_reclaim_end" } } } },
	} },
	/*
	 * Before 6.3 a synchronous swap device (zram, brd, pmem) was read
	 * and written a page at a time through its ->rw_page, with no bio
	 * and so no block tracepoint (on Debian 12's 6.1 with zram, the
	 * bios are about half the writes and no reads).  Where the kernel
	 * has those functions, the function tiers probe them besides the
	 * block tracepoints; the tracepoint tier alone says what it misses.
	 */
	[VS_OP_DEVIO] = { VS_OP_DEVIO, "swap device I/O, queue to completion", {
		[VS_TIER_FENTRY] = { VS_TIER_FENTRY, {
			DEVIO_BIO_POINTS(true),
			{ "fe_rw_read", "fx_rw_read", { "bdev_read_page" } },
			{ "fe_rw_write", "fx_rw_write", { "bdev_write_page" } } },
			"block devices only" },
		[VS_TIER_KPROBE] = { VS_TIER_KPROBE, {
			DEVIO_BIO_POINTS(true),
			{ "kp_rw_read", "kr_rw_page", { "bdev_read_page" } },
			{ "kp_rw_write", "kr_rw_page", { "bdev_write_page" } } },
			"block devices only" },
		[VS_TIER_TRACEPOINT] = { VS_TIER_TRACEPOINT, { DEVIO_BIO_POINTS(false) },
			"block devices only", "bdev_read_page",
			"block devices only; not I/O through bdev_read_page/bdev_write_page (zram, brd)" },
	} },
	/* the virtual swap device's events: absent before it (patch 10) */
	[VS_OP_BIND] = { VS_OP_BIND, "physical slot bound to a virtual slot, by reason", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_bind", NULL, { "vswap_bind" } } } },
	} },
	[VS_OP_UNBIND] = { VS_OP_UNBIND, "physical slot of a virtual slot freed, by reason", {
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_unbind", NULL, { "vswap_unbind" } } } },
	} },
};

const char *const attach_on_demand[] = {
	"read_swap_types",		/* each device's swap type */
	"count_unended_bios",		/* swap I/O not seen to end, at exit */
	"count_unended_swapins",	/* swap-ins waiting for their read's end_io */
	"count_zeromap",		/* zero-filled entries (vswaptop) */
	"count_bound",			/* virtual slots with a physical slot (vswaptop) */
	NULL
};

bool impl_exists(const struct attach_impl *impl)
{
	return impl->points[0].entry || impl->points[0].exit;
}

int impl_nr_points(const struct attach_impl *impl)
{
	int n = 0;

	while (n < ATTACH_MAX_POINTS && (impl->points[n].entry || impl->points[n].exit))
		n++;
	return n;
}

bool impl_uses(const struct attach_impl *impl, const char *prog)
{
	for (int i = 0; i < ATTACH_MAX_POINTS; i++) {
		const struct attach_point *pt = &impl->points[i];
		const char *progs[3] = { pt->entry, pt->exit, pt->sampled_entry };

		for (int p = 0; p < 3; p++)
			if (progs[p] && !strcmp(progs[p], prog))
				return true;
	}
	return false;
}

static bool in_table(const char *prog)
{
	for (int op = 0; op < VS_NR_OPS; op++)
		for (int t = 0; t < VS_NR_TIERS; t++)
			if (impl_uses(&attach_ops[op].impls[t], prog))
				return true;
	for (int i = 0; attach_on_demand[i]; i++)
		if (!strcmp(attach_on_demand[i], prog))
			return true;
	return false;
}

int attach_check_programs(const struct bpf_object *obj, const char **prog_name)
{
	struct bpf_program *prog;

	for (int op = 0; op < VS_NR_OPS; op++) {
		for (int t = 0; t < VS_NR_TIERS; t++) {
			const struct attach_impl *impl = &attach_ops[op].impls[t];

			for (int i = 0; i < impl_nr_points(impl); i++) {
				const struct attach_point *pt = &impl->points[i];
				const char *progs[3] = { pt->entry, pt->exit, pt->sampled_entry };

				for (int p = 0; p < 3; p++) {
					if (progs[p] &&
					    !bpf_object__find_program_by_name(obj, progs[p])) {
						*prog_name = progs[p];
						return -ENOENT;
					}
				}
			}
		}
	}
	for (int i = 0; attach_on_demand[i]; i++) {
		if (!bpf_object__find_program_by_name(obj, attach_on_demand[i])) {
			*prog_name = attach_on_demand[i];
			return -ENOENT;
		}
	}
	bpf_object__for_each_program(prog, obj) {
		if (!in_table(bpf_program__name(prog))) {
			*prog_name = bpf_program__name(prog);
			return -EINVAL;
		}
	}
	return 0;
}
