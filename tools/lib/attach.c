// SPDX-License-Identifier: GPL-2.0
/* Per-operation attach tiers: probe, plan, attach, report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "attach.h"
#include "cli.h"

/* The functions, renamed across kernels, are tried in order. */
#define ALLOC_FUNCS	{ "add_to_swap", "folio_alloc_swap" }
#define SWAPOUT_FUNCS	{ "swap_writepage", "swap_writeout" }
/* swap_readpage(struct page *, ...) before 6.6: its first page is the folio */
#define SWAPIN_FUNCS	{ "swap_read_folio", "swap_readpage" }
#define SWAPOFF_FUNCS	{ "__x64_sys_swapoff", "__arm64_sys_swapoff" }
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
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_swapout", NULL, { "vswap_swapout" } } } },
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
		[VS_TIER_TP_BTF] = { VS_TIER_TP_BTF, { { "tp_swapin", NULL, { "vswap_swapin" } } } },
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
};

int tier_parse_opt(const char *s)
{
	int tier = vs_tier_parse(s);

	if (tier < 0)
		usage_error("unknown tier '%s' (tp_btf, fentry, kprobe, tracepoint)", s);
	return tier;
}

static bool impl_exists(const struct attach_impl *impl)
{
	return impl->points[0].entry || impl->points[0].exit;
}

static int nr_points(const struct attach_impl *impl)
{
	int n = 0;

	while (n < ATTACH_MAX_POINTS && (impl->points[n].entry || impl->points[n].exit))
		n++;
	return n;
}

/* ---- probing ------------------------------------------------------------ */

unsigned long kallsyms_lookup(const char *name)
{
	char line[512], sym[256], type;
	unsigned long addr, found = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name)) {
			found = addr;
			break;
		}
	}
	fclose(f);
	return found;
}

static bool kallsyms_has_text(const char *name)
{
	char line[512], sym[256], type;
	unsigned long addr;
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%lx %c %255s", &addr, &type, sym) == 3 &&
			(type == 't' || type == 'T') && !strcmp(sym, name);
	fclose(f);
	return found;
}

/*
 * fentry can be in BTF and still not attach (function tracing off,
 * notrace functions): load a two-instruction program and attach it.
 */
static int fentry_try(struct btf *btf, const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	int prog, link, err;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = BPF_TRACE_FENTRY,
		.attach_btf_id = id,
	);

	if (id < 0)
		return -ENOENT;
	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "vswap_probe", "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
	if (prog < 0)
		return -errno;
	link = bpf_raw_tracepoint_open(NULL, prog);
	err = link < 0 ? -errno : 0;
	if (link >= 0)
		close(link);
	close(prog);
	return err;
}

/* The prototype of kernel function @func, NULL if not in BTF */
static const struct btf_type *btf_func_proto(const struct btf *btf, const char *func)
{
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);

	return id < 0 ? NULL : btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
}

/* Type @id with its modifiers and typedefs skipped, and through one pointer */
static const struct btf_type *btf_pointee(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));

	if (t && btf_is_ptr(t))
		t = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
	return t;
}

bool btf_func_param_points_to(const struct btf *btf, const char *func, int idx,
			      const char *type)
{
	const struct btf_type *proto = btf_func_proto(btf, func), *t;

	if (!proto || idx >= btf_vlen(proto))
		return false;
	t = btf_pointee(btf, btf_params(proto)[idx].type);
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), type);
}

int btf_func_nr_params(const struct btf *btf, const char *func)
{
	const struct btf_type *proto = btf_func_proto(btf, func);

	return proto ? btf_vlen(proto) : -1;
}

bool btf_func_returns(const struct btf *btf, const char *func, const char *type)
{
	const struct btf_type *proto = btf_func_proto(btf, func), *t;

	if (!proto)
		return false;
	t = btf__type_by_id(btf, btf__resolve_type(btf, proto->type));
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), type);
}

bool btf_struct_has_member(const struct btf *btf, const char *type, const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_type *t = id < 0 ? NULL : btf__type_by_id(btf, id);
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), member))
			return true;
	return false;
}

bool btf_has_tracepoint(const struct btf *btf, const char *name)
{
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf__find_by_name_kind(btf, type, BTF_KIND_TYPEDEF) >= 0;
}

/*
 * Find the target of one point for @tier; returns its name, or NULL with
 * the reason in @why.  For tracepoints with two names (begin/end), both
 * must exist and the first is returned.
 */
static enum vs_tier point_kind(const struct attach_point *pt, enum vs_tier tier)
{
	return pt->tracepoint ? VS_TIER_TRACEPOINT : tier;
}

/* "@what not in @where" for one target, "none of @what, ... in @where" */
static void none_found(const struct attach_point *pt, const char *where, char *why, size_t len)
{
	int n = 0, off;

	while (n < ATTACH_MAX_TARGETS && pt->targets[n])
		n++;
	off = snprintf(why, len, "%s", n > 1 ? "none of " : "");
	for (int i = 0; i < n && off >= 0 && (size_t)off < len; i++)
		off += snprintf(why + off, len - off, "%s%s", i ? ", " : "", pt->targets[i]);
	if (off >= 0 && (size_t)off < len)
		snprintf(why + off, len - off, "%s in %s", n > 1 ? "" : " not", where);
}

static const char *probe_point(struct attach_ctx *ctx, enum vs_tier tier,
			       const struct attach_point *pt, char *why, size_t len)
{
	int err = -ENOENT, i;

	switch (point_kind(pt, tier)) {
	case VS_TIER_TP_BTF:
		if (btf_has_tracepoint(ctx->btf, pt->targets[0]))
			return pt->targets[0];
		snprintf(why, len, "no %s event (not the vswap kernel)", pt->targets[0]);
		return NULL;
	case VS_TIER_TRACEPOINT:
		for (int i = 0; i < ATTACH_MAX_TARGETS && pt->targets[i]; i++) {
			if (!btf_has_tracepoint(ctx->btf, pt->targets[i])) {
				snprintf(why, len, "no %s tracepoint", pt->targets[i]);
				return NULL;
			}
		}
		return pt->targets[0];
	case VS_TIER_FENTRY:
		for (i = 0; i < ATTACH_MAX_TARGETS && pt->targets[i]; i++) {
			err = fentry_try(ctx->btf, pt->targets[i]);
			if (!err)
				return pt->targets[i];
			if (err != -ENOENT)
				break;
		}
		if (err == -ENOENT)
			none_found(pt, "BTF", why, len);
		else
			snprintf(why, len, "fentry on %s: %s", pt->targets[i], strerror(-err));
		return NULL;
	case VS_TIER_KPROBE:
		for (i = 0; i < ATTACH_MAX_TARGETS && pt->targets[i]; i++)
			if (kallsyms_has_text(pt->targets[i]))
				return pt->targets[i];
		none_found(pt, "kallsyms", why, len);
		return NULL;
	default:
		return NULL;
	}
}

/* Probe every point of one tier; on success, set up its programs. */
static bool plan_tier(struct attach_ctx *ctx, const struct attach_impl *impl,
		      const char **target, char *why, size_t len)
{
	int n = nr_points(impl), found = 0;
	char reason[96] = "", first[96] = "";

	for (int i = 0; i < n; i++) {
		const struct attach_point *pt = &impl->points[i];

		target[i] = probe_point(ctx, impl->tier, pt, reason, sizeof(reason));
		if (target[i])
			found++;
		else if (!pt->optional) {
			snprintf(why, len, "%s", reason);
			return false;
		} else if (!first[0]) {
			snprintf(first, sizeof(first), "%s", reason);
		}
	}
	if (!found) {
		/* all optional: the first point's reason, the main function's */
		snprintf(why, len, "%s", first);
		return false;
	}
	for (int i = 0; i < n; i++) {
		const struct attach_point *pt = &impl->points[i];
		const char *progs[2] = { pt->entry, pt->exit };

		for (int p = 0; p < 2; p++) {
			struct bpf_program *prog;

			if (!progs[p] || !target[i])
				continue;
			prog = bpf_object__find_program_by_name(ctx->obj, progs[p]);
			if (!prog)
				continue;
			bpf_program__set_autoload(prog, true);
			if (point_kind(pt, impl->tier) == VS_TIER_FENTRY)
				bpf_program__set_attach_target(prog, 0, target[i]);
		}
	}
	return true;
}

int attach_plan(struct attach_ctx *ctx)
{
	struct bpf_program *prog;

	btf__free(ctx->btf);		/* planned again after a failed load */
	ctx->btf = btf__load_vmlinux_btf();
	if (!ctx->btf)
		return -ENOENT;
	bpf_object__for_each_program(prog, ctx->obj)
		bpf_program__set_autoload(prog, false);

	for (int op = 0; op < VS_NR_OPS; op++) {
		struct attach_state *st = &ctx->state[op];

		st->tier = VS_TIER_NONE;
		if (!ctx->wanted[op])
			continue;
		for (int t = 0; t < VS_NR_TIERS; t++) {
			const struct attach_impl *impl = &attach_ops[op].impls[t];

			if (ctx->force_tier >= 0 && t != ctx->force_tier) {
				snprintf(st->why[t], sizeof(st->why[t]), "not the forced tier");
				continue;
			}
			if (!impl_exists(impl)) {
				snprintf(st->why[t], sizeof(st->why[t]), "no %s implementation",
					 vs_tier_name(t));
				continue;
			}
			if (ctx->dropped[op][t][0]) {
				memcpy(st->why[t], ctx->dropped[op][t], sizeof(st->why[t]));
				continue;
			}
			/*
			 * tp_btf and fentry programs only load with their
			 * target present: keep the first usable tier, and the
			 * kprobe and tracepoint tiers below it as fallbacks.
			 */
			if (st->tier != VS_TIER_NONE &&
			    (t == VS_TIER_TP_BTF || t == VS_TIER_FENTRY))
				continue;
			if (plan_tier(ctx, impl, st->chosen[t], st->why[t], sizeof(st->why[t])) &&
			    st->tier == VS_TIER_NONE)
				st->tier = t;
		}
	}
	return 0;
}

bool attach_planned(const struct attach_ctx *ctx, int op, const char *target)
{
	const struct attach_state *st = &ctx->state[op];

	for (int i = 0; st->tier != VS_TIER_NONE && i < ATTACH_MAX_POINTS; i++)
		if (st->chosen[st->tier][i] && !strcmp(st->chosen[st->tier][i], target))
			return true;
	return false;
}

bool attach_in_use(const struct attach_ctx *ctx, int op, const char *target)
{
	const struct attach_state *st = &ctx->state[op];

	for (int i = 0; st->tier != VS_TIER_NONE && i < ATTACH_MAX_POINTS; i++)
		if (st->attached[i] && !strcmp(st->attached[i], target))
			return true;
	return false;
}

/* ---- attaching ------------------------------------------------------------ */

static struct bpf_link *attach_prog(struct bpf_program *prog, enum vs_tier tier,
				    const char *target, bool exit)
{
	switch (tier) {
	case VS_TIER_KPROBE:
		return bpf_program__attach_kprobe(prog, exit, target);
	case VS_TIER_TRACEPOINT:
		/* tp_btf programs of this tier name their tracepoint in SEC() */
		if (bpf_program__type(prog) == BPF_PROG_TYPE_TRACING)
			return bpf_program__attach(prog);
		return bpf_program__attach_raw_tracepoint(prog, target);
	default:
		return bpf_program__attach(prog);
	}
}

static void detach_op(struct attach_state *st)
{
	for (int i = 0; i < st->nr_links; i++)
		bpf_link__destroy(st->links[i]);
	st->nr_links = 0;
	st->targets[0] = '\0';
	memset(st->attached, 0, sizeof(st->attached));
}

static void add_target(struct attach_state *st, const char *target)
{
	size_t len = strlen(st->targets);

	if (strstr(st->targets, target))
		return;
	snprintf(st->targets + len, sizeof(st->targets) - len, "%s%s",
		 len ? ", " : "", target);
}

/*
 * Attach one tier of an operation.  A point attaches whole (entry and
 * exit) or not at all; a failed required point fails the tier, leaving
 * nothing of it attached.  Points planning found no function for are
 * optional ones (a required one fails the plan): they are skipped, and
 * the reason kept is the first failure's, the main function's.
 */
static bool attach_tier(struct attach_ctx *ctx, int op, enum vs_tier t)
{
	const struct attach_impl *impl = &attach_ops[op].impls[t];
	struct attach_state *st = &ctx->state[op];
	int n = nr_points(impl), attached = 0;
	bool why_set = false;

	for (int i = 0; i < n; i++) {
		const struct attach_point *pt = &impl->points[i];
		enum vs_tier kind = point_kind(pt, t);
		const char *progs[2] = { pt->entry, pt->exit };
		struct bpf_link *links[2];
		int nr = 0, wanted = 0;
		bool failed = false;

		if (!st->chosen[t][i])
			continue;
		for (int p = 0; p < 2 && !failed; p++) {
			struct bpf_program *prog;
			const char *target;

			if (!progs[p])
				continue;
			prog = bpf_object__find_program_by_name(ctx->obj, progs[p]);
			if (!prog || !bpf_program__autoload(prog))
				continue;
			wanted++;
			/* tracepoint pairs name begin and end separately */
			if (kind == VS_TIER_TRACEPOINT && p == 1 && pt->targets[1])
				target = pt->targets[1];
			else
				target = st->chosen[t][i];
			links[nr] = attach_prog(prog, kind, target, p == 1);
			if (!links[nr]) {
				if (!why_set) {
					snprintf(st->why[t], sizeof(st->why[t]), "attach %s: %s",
						 target, strerror(errno));
					why_set = true;
				}
				failed = true;
				break;
			}
			nr++;
		}
		if (failed || !wanted) {
			while (nr)
				bpf_link__destroy(links[--nr]);
			if (pt->optional)
				continue;
			detach_op(st);
			return false;
		}
		for (int k = 0; k < nr; k++)
			st->links[st->nr_links++] = links[k];
		add_target(st, st->chosen[t][i]);
		st->attached[i] = st->chosen[t][i];
		attached++;
	}
	if (!attached) {
		detach_op(st);
		return false;
	}
	return true;
}

static const char *impl_note(const struct attach_ctx *ctx, const struct attach_state *st,
			     const struct attach_impl *impl)
{
	if (impl->note_unless_point && st->attached[impl->note_unless_point - 1])
		return NULL;
	if (impl->note_if_func &&
	    btf__find_by_name_kind(ctx->btf, impl->note_if_func, BTF_KIND_FUNC) >= 0)
		return impl->note_if;
	return impl->note;
}

int attach_all(struct attach_ctx *ctx)
{
	int nr = 0;

	for (int op = 0; op < VS_NR_OPS; op++) {
		struct attach_state *st = &ctx->state[op];
		int planned = st->tier;

		if (!ctx->wanted[op] || planned == VS_TIER_NONE)
			continue;
		st->tier = VS_TIER_NONE;
		for (int t = planned; t < VS_NR_TIERS; t++) {
			if (ctx->force_tier >= 0 && t != ctx->force_tier)
				continue;
			if (!impl_exists(&attach_ops[op].impls[t]))
				continue;
			if (attach_tier(ctx, op, t)) {
				st->tier = t;
				st->note = impl_note(ctx, st, &attach_ops[op].impls[t]);
				nr++;
				break;
			}
		}
	}
	return nr;
}

/* ---- loading what loads ---------------------------------------------------- */

bool attach_verbose;

/* The last program libbpf failed to load, and the verifier's reason. */
static char failed_prog[64];
static char failed_why[72];

/*
 * The reason in a verifier log: a CO-RE relocation that did not resolve
 * names the field; else the log's last line before its statistics.
 */
static void note_load_log(const char *log)
{
	const char *core = strstr(log, "failed to resolve CO-RE relocation");
	const char *line = log, *last = NULL, *end;

	if (core) {
		/* "... <byte_off> [428] struct folio.swap.val (0:0:0:4:1:0 @ offset 40)" */
		const char *what = strchr(core, ']');

		end = what ? strchr(what, '(') : NULL;
		if (what && end && end > what + 2) {
			snprintf(failed_why, sizeof(failed_why), "no %.*s in its BTF",
				 (int)(end - what - 3), what + 2);
			return;
		}
	}
	for (; (end = strchr(line, '\n')); line = end + 1)
		if (end > line && strncmp(line, "processed ", 10) &&
		    strncmp(line, "-- END", 6))
			last = line;
	if (last) {
		end = strchr(last, '\n');
		snprintf(failed_why, sizeof(failed_why), "%.*s", (int)(end - last), last);
	}
}

int attach_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char msg[16384];
	const char *log;
	va_list copy;
	int n;

	va_copy(copy, args);
	vsnprintf(msg, sizeof(msg), fmt, copy);
	va_end(copy);
	/* libbpf: "prog 'NAME': -- BEGIN PROG LOAD LOG --\n...", then "prog 'NAME': failed to load: -22" */
	if (level == LIBBPF_WARN && !strncmp(msg, "libbpf: prog '", 14)) {
		const char *name = msg + 14, *q = strchr(name, '\'');

		if (q && (log = strstr(q, "-- BEGIN PROG LOAD LOG --\n")))
			note_load_log(log + 26);
		if (q && strstr(q, "': failed to load")) {
			n = q - name < (int)sizeof(failed_prog) ? q - name : 0;
			snprintf(failed_prog, sizeof(failed_prog), "%.*s", n, name);
		}
	}
	return attach_verbose ? vfprintf(stderr, fmt, args) : 0;
}

static bool impl_uses(const struct attach_impl *impl, const char *prog)
{
	for (int i = 0; i < ATTACH_MAX_POINTS; i++) {
		const struct attach_point *pt = &impl->points[i];

		if ((pt->entry && !strcmp(pt->entry, prog)) ||
		    (pt->exit && !strcmp(pt->exit, prog)))
			return true;
	}
	return false;
}

bool attach_drop_failed(struct attach_ctx *ctx)
{
	if (!failed_prog[0] || ctx->nr_dropped_progs == ATTACH_MAX_DROPPED ||
	    !bpf_object__find_program_by_name(ctx->obj, failed_prog) ||
	    attach_prog_dropped(ctx, failed_prog))
		return false;
	for (int op = 0; op < VS_NR_OPS; op++)
		for (int t = 0; t < VS_NR_TIERS; t++)
			if (impl_uses(&attach_ops[op].impls[t], failed_prog))
				snprintf(ctx->dropped[op][t], sizeof(ctx->dropped[op][t]),
					 "%s does not load: %s", failed_prog,
					 failed_why[0] ? failed_why : "rejected");
	ctx->dropped_progs[ctx->nr_dropped_progs] = strdup(failed_prog);
	if (!ctx->dropped_progs[ctx->nr_dropped_progs++])
		die("out of memory");
	failed_prog[0] = failed_why[0] = '\0';
	return true;
}

bool attach_prog_dropped(const struct attach_ctx *ctx, const char *name)
{
	for (int i = 0; i < ctx->nr_dropped_progs; i++)
		if (!strcmp(ctx->dropped_progs[i], name))
			return true;
	return false;
}

/*
 * The kernel runs a tracing program at most once at a time per CPU: an
 * event that fires while the program already runs there (an interrupt's
 * I/O completion during a task's) is skipped, and counted in the
 * program's recursion_misses (5.12+).  Nothing of such an event reaches
 * the maps, so only this count says it happened.
 */
__u64 attach_runs_missed(const struct attach_ctx *ctx)
{
	struct bpf_program *prog;
	__u64 sum = 0;

	bpf_object__for_each_program(prog, ctx->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			sum += info.recursion_misses;
	}
	return sum;
}

void attach_destroy(struct attach_ctx *ctx)
{
	for (int op = 0; op < VS_NR_OPS; op++)
		detach_op(&ctx->state[op]);
	for (int i = 0; i < ctx->nr_dropped_progs; i++)
		free(ctx->dropped_progs[i]);
	ctx->nr_dropped_progs = 0;
	btf__free(ctx->btf);
	ctx->btf = NULL;
}

void attach_report(FILE *f, const struct attach_ctx *ctx, bool verbose)
{
	fprintf(f, "%-14s %-10s %s\n", "OPERATION", "TIER", "ATTACHED TO / WHY NOT");
	for (int op = 0; op < VS_NR_OPS; op++) {
		const struct attach_state *st = &ctx->state[op];

		if (!ctx->wanted[op])
			continue;
		if (st->tier != VS_TIER_NONE) {
			fprintf(f, "%-14s %-10s %s%s%s%s\n", vs_op_name(op),
				vs_tier_name(st->tier), st->targets,
				st->note ? " (" : "", st->note ? st->note : "",
				st->note ? ")" : "");
		} else {
			fprintf(f, "%-14s %-10s unavailable:", vs_op_name(op), "-");
			for (int t = 0; t < VS_NR_TIERS; t++)
				if (st->why[t][0] && strncmp(st->why[t], "no ", 3) == 0 &&
				    strstr(st->why[t], "implementation"))
					continue;
				else if (st->why[t][0])
					fprintf(f, " %s: %s;", vs_tier_name(t), st->why[t]);
			fputc('\n', f);
		}
		if (verbose && st->tier != VS_TIER_NONE) {
			for (int t = 0; t < (int)st->tier; t++)
				if (st->why[t][0] && !strstr(st->why[t], "implementation"))
					fprintf(f, "%-14s %-10s   not %s: %s\n", "", "",
						vs_tier_name(t), st->why[t]);
		}
	}
}

void attach_report_missing(FILE *f, const struct attach_ctx *ctx)
{
	for (int op = 0; op < VS_NR_OPS; op++) {
		const struct attach_state *st = &ctx->state[op];
		char why[512] = "";
		size_t len = 0;

		if (!ctx->wanted[op] || st->tier != VS_TIER_NONE)
			continue;
		for (int t = 0; t < VS_NR_TIERS; t++)
			if (st->why[t][0] && !strstr(st->why[t], "implementation") &&
			    !strstr(st->why[t], "forced") && len < sizeof(why))
				len += snprintf(why + len, sizeof(why) - len, "%s%s: %s",
						len ? "; " : "", vs_tier_name(t), st->why[t]);
		fprintf(f, "%s: %s (%s) unavailable: %s\n", progname(),
			vs_op_name(op), attach_ops[op].what, len ? why : "no tier");
	}
}
