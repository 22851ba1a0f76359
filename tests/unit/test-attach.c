// SPDX-License-Identifier: GPL-2.0
/*
 * Loading what loads (tools/lib/attach.c): from libbpf's messages about a
 * program the kernel refused, the tiers that use it are left out with
 * the reason, and the next plan skips them.  The messages are the ones
 * libbpf 1.1 printed for vswaplat on Debian 12's 6.1 kernel, before the
 * programs learned folio->private.  The object is the tools' own
 * skeleton, opened (never loaded: no privileges needed).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "attach.h"
#include "cli.h"
#include "vswap.skel.h"
#include "tpfloor.skel.h"	/* an object without the table's programs */
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

/*
 * The tier table and the skeleton agree: a name in the table that the
 * object lacks was once passed over without a word, its tier planned
 * with nothing loaded.
 */
static void table_checks(struct vswap_bpf *skel)
{
	struct tpfloor_bpf *other = tpfloor_bpf__open();
	struct attach_ctx ctx = { .force_tier = -1 };
	const char *name = NULL;
	int err = attach_check_programs(skel->obj, &name);

	CHECK(!err, "every program of the tier table is in the skeleton, and every "
	      "program of the skeleton in the table or run on demand (%s)", name ? name : "");
	for (int i = 0; attach_on_demand[i]; i++)
		CHECK(bpf_object__find_program_by_name(skel->obj, attach_on_demand[i]),
		      "on-demand program %s is in the skeleton", attach_on_demand[i]);
	CHECK(other != NULL, "another skeleton opens");
	if (!other)
		return;
	name = NULL;
	err = attach_check_programs(other->obj, &name);
	CHECK(err == -ENOENT && name && !strcmp(name, attach_ops[0].impls[0].points[0].entry),
	      "an object without the table's programs is told, naming the first: %s",
	      name ? name : "(none)");
	ctx.obj = other->obj;
	for (int op = 0; op < VS_NR_OPS; op++)
		ctx.wanted[op] = true;
	CHECK(attach_plan(&ctx) == -ESRCH,
	      "planning a tier whose programs the object lacks is an error, not a silent skip");
	attach_destroy(&ctx);
	tpfloor_bpf__destroy(other);
}

/* One pass over /proc/kallsyms answers every question asked of it. */
static void kallsyms_checks(void)
{
	/* a linker symbol of the kernel's data, there without CONFIG_KALLSYMS_ALL */
	kallsyms_want("vfs_read");
	kallsyms_want("__start_rodata");
	CHECK(kallsyms_has_text("vfs_read") && !kallsyms_has_text("__start_rodata"),
	      "vfs_read is a function in kallsyms, __start_rodata is not");
	CHECK(kallsyms_lookup("__start_rodata") != 0 && kallsyms_lookup("vfs_read") != 0,
	      "kernel symbols have their addresses");
	CHECK(!kallsyms_has_text("no_such_function_vswap") &&
	      !kallsyms_lookup("no_such_function_vswap"),
	      "a symbol asked for after the pass is looked up, and not found");
}

/* What report.c prints, in a string */
static char *report(const struct attach_ctx *ctx, void (*fn)(FILE *, const struct attach_ctx *))
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		exit(1);
	fn(f, ctx);
	fclose(f);
	return out;
}

static void report_list(FILE *f, const struct attach_ctx *ctx)
{
	attach_report(f, ctx, true);
}

/*
 * The reasons are told by their kind, not their words: a reason that
 * happens to say "implementation" or "forced" is a reason still.
 */
static void report_checks(void)
{
	struct attach_ctx ctx = { .force_tier = -1 };
	struct attach_state *alloc = &ctx.state[VS_OP_ALLOC];
	struct attach_state *devio = &ctx.state[VS_OP_DEVIO];
	char *out;
	int lines = 0;

	for (int op = 0; op < VS_NR_OPS; op++)
		ctx.state[op].tier = VS_TIER_NONE;
	ctx.wanted[VS_OP_ALLOC] = ctx.wanted[VS_OP_LOCK] = ctx.wanted[VS_OP_DEVIO] = true;
	snprintf(alloc->why[VS_TIER_TP_BTF], sizeof(alloc->why[0]), "no tp_btf implementation");
	alloc->why_kind[VS_TIER_TP_BTF] = ATTACH_WHY_NO_IMPL;
	snprintf(alloc->why[VS_TIER_FENTRY], sizeof(alloc->why[0]),
		 "none of my_implementation, forced_thing in BTF");
	alloc->why_kind[VS_TIER_FENTRY] = ATTACH_WHY_PROBE;
	devio->tier = VS_TIER_TRACEPOINT;
	snprintf(devio->targets, sizeof(devio->targets), "block_bio_queue");
	snprintf(devio->why[VS_TIER_KPROBE], sizeof(devio->why[0]), "x_implementation not in kallsyms");
	devio->why_kind[VS_TIER_KPROBE] = ATTACH_WHY_PROBE;
	snprintf(devio->why[VS_TIER_FENTRY], sizeof(devio->why[0]), "no fentry implementation");
	devio->why_kind[VS_TIER_FENTRY] = ATTACH_WHY_NO_IMPL;

	out = report(&ctx, report_list);
	CHECK(strstr(out, "unavailable: fentry: none of my_implementation, forced_thing in BTF;\n") &&
	      !strstr(out, "tp_btf: no tp_btf"),
	      "--list: a missing tier is left out by its kind, a reason with its words is kept");
	CHECK(strstr(out, "not kprobe: x_implementation not in kallsyms\n") &&
	      !strstr(out, "not fentry"), "--list -v: the same below the tier in use");
	free(out);

	out = report(&ctx, attach_report_missing);
	for (char *p = out; (p = strchr(p, '\n')); p++)
		lines++;
	CHECK(lines == 1 && !strcmp(out, "test-attach: 2 operations unavailable on this kernel: "
				     "alloc, lock (vswaplat --list says why)\n"),
	      "the operations not measured, in one line on stderr: '%.*s'",
	      (int)strcspn(out, "\n"), out);
	free(out);
	devio->tier = VS_TIER_NONE;
	ctx.wanted[VS_OP_ALLOC] = ctx.wanted[VS_OP_LOCK] = false;
	out = report(&ctx, attach_report_missing);
	CHECK(!strcmp(out, "test-attach: 1 operation unavailable on this kernel: devio "
			   "(vswaplat --list says why)\n"), "one operation: '%.*s'",
	      (int)strcspn(out, "\n"), out);
	free(out);
	ctx.wanted[VS_OP_DEVIO] = false;
	out = report(&ctx, attach_report_missing);
	CHECK(!out[0], "nothing unavailable: nothing said");
	free(out);
}

int main(void)
{
	struct attach_ctx ctx = { .force_tier = -1 };
	struct vswap_bpf *skel;

	set_progname("test-attach");
	skel = vswap_bpf__open();
	CHECK(skel != NULL, "the skeleton opens");
	if (!skel)
		return tap_done();
	table_checks(skel);
	kallsyms_checks();
	report_checks();
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
