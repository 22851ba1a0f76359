// SPDX-License-Identifier: GPL-2.0
/* Opening and loading bpf/vswap.bpf.c, leaving out what does not load. */
#include <errno.h>
#include <string.h>
#include "cli.h"
#include "load.h"

/*
 * What the function tiers' programs read where: from the signatures in
 * the running kernel's BTF (attach_plan() loaded it), not its version.
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
	if (ctx->state[VS_OP_SWAPIN].tier != VS_TIER_FENTRY &&
	    ctx->state[VS_OP_SWAPIN].tier != VS_TIER_KPROBE) {
		bpf_map__set_max_entries(skel->maps.swapin_reads, 1);
		bpf_map__set_max_entries(skel->maps.swapin_bios, 1);
	}
}

struct vswap_bpf *vswap_load(struct attach_ctx *ctx, vswap_configure_fn configure)
{
	struct vswap_bpf *skel;
	int err;

	for (;;) {
		skel = vswap_bpf__open();
		if (!skel)
			die("cannot open the BPF object: %s", strerror(errno));
		ctx->obj = skel->obj;
		configure(skel, ctx);
		if (ctx->btf)
			kernel_shape_probe(skel, ctx);
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
