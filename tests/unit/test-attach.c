// SPDX-License-Identifier: GPL-2.0
/*
 * Loading what loads (tools/lib/attach.c): from libbpf's messages about a
 * program the kernel refused, the tiers that use it are left out with
 * the reason, and the next plan skips them.  The messages are the ones
 * libbpf 1.1 printed for vswaplat on Debian 12's 6.1 kernel, before the
 * programs learned folio->private.  The object is the tools' own
 * skeleton, opened (never loaded: no privileges needed).
 */
#include <stdarg.h>
#include <string.h>
#include <bpf/btf.h>
#include "attach.h"
#include "vswap.skel.h"
#include "tap.h"

static void say(enum libbpf_print_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_libbpf_print(level, fmt, ap);
	va_end(ap);
}

/* What libbpf printed on 6.1, the verifier log abridged. */
static void refuse_fx_alloc(void)
{
	say(LIBBPF_WARN, "libbpf: prog '%s': BPF program load failed: %s\n",
	    "fx_alloc", "Invalid argument");
	say(LIBBPF_WARN, "libbpf: prog '%s': -- BEGIN PROG LOAD LOG --\n%s-- END PROG LOAD LOG --\n",
	    "fx_alloc",
	    "reg type unsupported for arg#0 function fx_alloc#530\n"
	    "0: R1=ctx(off=0,imm=0) R10=fp0\n"
	    "10: (15) if r7 == 0x0 goto pc+177     ; R7_w=map_value(off=0,ks=16,vs=24,imm=0)\n"
	    "11: <invalid CO-RE relocation>\n"
	    "failed to resolve CO-RE relocation <byte_off> [428] struct folio.swap.val "
	    "(0:0:0:4:1:0 @ offset 40)\n"
	    "processed 11 insns (limit 1000000) max_states_per_insn 0 total_states 1\n");
	say(LIBBPF_WARN, "libbpf: prog '%s': failed to load: %d\n", "fx_alloc", -22);
	say(LIBBPF_WARN, "libbpf: failed to load object '%s'\n", "vswap_bpf");
}

/*
 * The BTF questions the loader asks of the running kernel (which
 * argument is the folio, what zswap_load() returns, whether the zeromap
 * is in swap_info_struct), asked of functions and structs every kernel
 * has, in this machine's own BTF.
 */
static void btf_shape_checks(void)
{
	struct btf *btf = btf__load_vmlinux_btf();

	CHECK(btf != NULL, "the running kernel's BTF loads");
	if (!btf)
		return;
	CHECK(btf_func_param_points_to(btf, "vfs_read", 0, "file") &&
	      !btf_func_param_points_to(btf, "vfs_read", 0, "inode"),
	      "vfs_read()'s first parameter points to a struct file, not an inode");
	CHECK(!btf_func_param_points_to(btf, "vfs_read", 9, "file") &&
	      !btf_func_param_points_to(btf, "no_such_function", 0, "file"),
	      "no parameter past the last, nor of an unknown function");
	CHECK(btf_func_nr_params(btf, "vfs_read") == 4 &&
	      btf_func_nr_params(btf, "vfs_fsync") == 2 &&
	      btf_func_nr_params(btf, "no_such_function") == -1,
	      "parameters are counted, and an unknown function has none");
	CHECK(btf_func_returns(btf, "vfs_fsync", "int") &&
	      !btf_func_returns(btf, "vfs_fsync", "_Bool"),
	      "vfs_fsync() returns an int");
	CHECK(btf_struct_has_member(btf, "task_struct", "pid") &&
	      !btf_struct_has_member(btf, "task_struct", "no_such_member") &&
	      !btf_struct_has_member(btf, "no_such_struct", "pid"),
	      "struct members are found by name, and only those");
	btf__free(btf);
}

int main(void)
{
	struct attach_ctx ctx = { .force_tier = -1 };
	struct vswap_bpf *skel = vswap_bpf__open();

	CHECK(skel != NULL, "the skeleton opens");
	if (!skel)
		return tap_done();
	ctx.obj = skel->obj;
	for (int op = 0; op < VS_NR_OPS; op++)
		ctx.wanted[op] = true;

	CHECK(!attach_drop_failed(&ctx), "nothing failed: nothing to leave out");

	refuse_fx_alloc();
	CHECK(attach_drop_failed(&ctx), "a refused program is left out");
	CHECK(!strcmp(ctx.dropped[VS_OP_ALLOC][VS_TIER_FENTRY],
		      "fx_alloc does not load: no struct folio.swap.val in its BTF"),
	      "alloc's fentry tier says which program and which field: '%s'",
	      ctx.dropped[VS_OP_ALLOC][VS_TIER_FENTRY]);
	CHECK(!ctx.dropped[VS_OP_ALLOC][VS_TIER_KPROBE][0] &&
	      !ctx.dropped[VS_OP_SWAPOUT][VS_TIER_FENTRY][0],
	      "other tiers and operations keep their programs");
	CHECK(attach_prog_dropped(&ctx, "fx_alloc") && !attach_prog_dropped(&ctx, "fe_alloc"),
	      "the program, and only it, is noted as dropped");
	CHECK(!attach_drop_failed(&ctx), "the same failure is not left out twice");

	/* the next plan passes over the tier, saying why */
	if (attach_plan(&ctx) == 0) {
		CHECK(!strcmp(ctx.state[VS_OP_ALLOC].why[VS_TIER_FENTRY],
			      ctx.dropped[VS_OP_ALLOC][VS_TIER_FENTRY]) &&
		      ctx.state[VS_OP_ALLOC].tier != VS_TIER_FENTRY,
		      "attach_plan() passes over alloc's fentry tier: '%s'",
		      ctx.state[VS_OP_ALLOC].why[VS_TIER_FENTRY]);
	} else {
		CHECK(0, "attach_plan() needs this machine's BTF");
	}

	/* not a CO-RE field: the log's last line is the reason */
	say(LIBBPF_WARN, "libbpf: prog '%s': -- BEGIN PROG LOAD LOG --\n%s-- END PROG LOAD LOG --\n",
	    "tp_rq_complete",
	    "0: R1=ctx(off=0,imm=0) R10=fp0\n"
	    "12: (85) call bpf_loop#181\n"
	    "unknown func bpf_loop#181\n"
	    "processed 12 insns (limit 1000000)\n");
	say(LIBBPF_WARN, "libbpf: prog '%s': failed to load: %d\n", "tp_rq_complete", -22);
	CHECK(attach_drop_failed(&ctx), "a second refused program is left out");
	CHECK(!strcmp(ctx.dropped[VS_OP_DEVIO][VS_TIER_TRACEPOINT],
		      "tp_rq_complete does not load: unknown func bpf_loop#181"),
	      "devio's tier gives the verifier's last word: '%s'",
	      ctx.dropped[VS_OP_DEVIO][VS_TIER_TRACEPOINT]);

	/* a program outside the tiers (run on demand) is only noted */
	say(LIBBPF_WARN, "libbpf: prog '%s': failed to load: %d\n", "count_unended_bios", -22);
	CHECK(attach_drop_failed(&ctx) && attach_prog_dropped(&ctx, "count_unended_bios"),
	      "an on-demand program is noted, for its caller to leave out");

	/* a name that is not a program of the object: cannot help */
	say(LIBBPF_WARN, "libbpf: prog '%s': failed to load: %d\n", "no_such_prog", -22);
	CHECK(!attach_drop_failed(&ctx), "an unknown program is not a way out");

	btf_shape_checks();
	attach_destroy(&ctx);
	vswap_bpf__destroy(skel);
	return tap_done();
}
