// SPDX-License-Identifier: GPL-2.0
/* Opening and loading bpf/vswap.bpf.c, leaving out what does not load. */
#include <errno.h>
#include <string.h>
#include "cli.h"
#include "load.h"
#include "maps.h"

/* beyond 2^16 a histogram of a day's swap-ins would hold a few samples */
const struct num_spec sample_spec = {
	.what = "--sample", .min = 1, .max = 65536, .whole = true,
};

static bool swapin_by_function(const struct attach_ctx *ctx)
{
	enum vs_tier t = ctx->state[VS_OP_SWAPIN].tier;

	return t == VS_TIER_FENTRY || t == VS_TIER_KPROBE;
}

static void set_opts(struct vswap_bpf *skel, const struct vswap_opts *opts,
		     unsigned long swap_info)
{
	int err = 0;

	skel->rodata->unit_div = opts->unit_div;
	skel->rodata->sample_period = opts->sample_period ? opts->sample_period : 1;
	skel->rodata->split_dev = opts->split_dev;
	skel->rodata->track_locks = opts->track_locks;
	skel->rodata->target_cgroup = opts->target_cgroup;
	skel->rodata->swap_info_addr = swap_info;
	swap_bdevs_follow(NULL, &skel->bss->swap_bdevs);
	if (opts->locks_entries)
		err = bpf_map__set_max_entries(skel->maps.locks, opts->locks_entries);
	if (!err && opts->hists_entries)
		err = bpf_map__set_max_entries(skel->maps.hists, opts->hists_entries);
	if (err)
		die_bpf("cannot size the BPF maps", err);
}

/*
 * What the function tiers' programs read where: from the signatures in
 * the running kernel's BTF, not its version.
 */
static void kernel_shape_probe(struct vswap_bpf *skel, const struct attach_ctx *ctx)
{
	const struct btf *btf = ctx->btf;

	skel->rodata->swapout_folio_second =
		btf_func_param_points_to(btf, "swap_writeout", 0, "swap_io_ctx");
	skel->rodata->swapin_folio_second =
		btf_func_param_points_to(btf, "swap_read_folio", 0, "swap_io_ctx");
	skel->rodata->zswap_load_errno = btf_func_returns(btf, "zswap_load", "int");
	skel->rodata->swapin_zero_by_io =
		!btf_struct_has_member(btf, "swap_info_struct", "zeromap") &&
		attach_planned(ctx, VS_OP_SWAPIN, "swap_add_folio");
	skel->rodata->zswap_wb_lru_cb = attach_planned(ctx, VS_OP_ZSWAP_WB, "shrink_memcg_cb");
	skel->rodata->swapcache_clear_nr = btf_func_nr_params(btf, "swapcache_clear") > 2;
	/* the swap-ins waiting for their read's end_io: function tiers only */
	if (!swapin_by_function(ctx)) {
		bpf_map__set_max_entries(skel->maps.swapin_reads, 1);
		bpf_map__set_max_entries(skel->maps.swapin_bios, 1);
	}
}

/* An on-demand program loads if wanted, usable and not refused before. */
static void on_demand(const struct attach_ctx *ctx, struct bpf_program *prog, bool load)
{
	bpf_program__set_autoload(prog, load && !attach_prog_dropped(ctx, bpf_program__name(prog)));
}

struct vswap_bpf *vswap_load(struct attach_ctx *ctx, const struct vswap_opts *opts)
{
	unsigned long swap_info;
	struct vswap_bpf *skel;
	const char *name;
	int err;

	/* with the kprobe tier's functions, in the same read of kallsyms */
	kallsyms_want("swap_info");
	for (;;) {
		skel = vswap_bpf__open();
		if (!skel)
			die("cannot open the BPF object: %s", strerror(errno));
		ctx->obj = skel->obj;
		err = attach_check_programs(skel->obj, &name);
		if (err)
			die("program %s %s", name, err == -ENOENT ?
			    "of the tier table is not in the BPF object" :
			    "of the BPF object is in no tier and not run on demand");
		err = attach_plan(ctx);
		if (err == -ENOENT)
			die("cannot read the kernel's BTF: %s", strerror(-err));
		if (err)
			die("cannot plan the attach tiers: %s", strerror(-err));
		swap_info = kallsyms_lookup("swap_info");
		set_opts(skel, opts, swap_info);
		kernel_shape_probe(skel, ctx);
		on_demand(ctx, skel->progs.read_swap_types, opts->swap_types && swap_info);
		on_demand(ctx, skel->progs.count_zeromap, opts->zeromap && swap_info);
		on_demand(ctx, skel->progs.count_bound, opts->bound && swap_info &&
			  btf_struct_has_member(ctx->btf, "swap_info_struct", "vswap_bind"));
		on_demand(ctx, skel->progs.count_unended_bios,
			  opts->unended && ctx->state[VS_OP_DEVIO].tier != VS_TIER_NONE);
		on_demand(ctx, skel->progs.count_unended_swapins,
			  opts->unended && swapin_by_function(ctx));
		err = vswap_bpf__load(skel);
		if (!err)
			return skel;
		if (!attach_drop_failed(ctx))
			die_bpf("cannot load the BPF programs", err);
		vswap_bpf__destroy(skel);
	}
}

int vswap_attach(struct vswap_bpf *skel, struct attach_ctx *ctx)
{
	static const char *const ends[] = SWAPIN_END_FUNCS;
	int nr = attach_all(ctx);

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (attach_in_use(ctx, VS_OP_SWAPIN, ends[i]))
			skel->bss->swapin_to_end = true;
	return nr;
}
