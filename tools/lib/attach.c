// SPDX-License-Identifier: GPL-2.0
/* Per-operation attach tiers: plan from what probing finds, then attach. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "attach.h"
#include "cli.h"

int tier_parse_opt(const char *s)
{
	int tier = vs_tier_parse(s);

	if (tier < 0)
		usage_error("unknown tier '%s' (tp_btf, fentry, kprobe, tracepoint)", s);
	return tier;
}

static void set_why(struct attach_state *st, int t, enum attach_why kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_why(struct attach_state *st, int t, enum attach_why kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->why[t], sizeof(st->why[t]), fmt, ap);
	va_end(ap);
	st->why_kind[t] = kind;
}

/* ---- probing one tier ----------------------------------------------------- */

/* A tracepoint among function probes is attached as a tracepoint. */
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

/*
 * The entry and exit programs of point @i of @op's tier @t, as probing
 * chose it: the kernel-sampled twin's program in place of the entry.
 */
static void point_progs(const struct attach_state *st, enum vs_tier t, int i,
			const struct attach_point *pt, const char *progs[2])
{
	progs[0] = t == VS_TIER_TP_BTF && st->sampled[i] ? pt->sampled_entry : pt->entry;
	progs[1] = pt->exit;
}

/*
 * Find the target of one point for @tier; returns its name, or NULL with
 * the reason in @why.  For tracepoints with two names (begin/end), both
 * must exist and the first is returned.
 */
static const char *probe_point(const struct attach_ctx *ctx, enum vs_tier tier,
			       const struct attach_point *pt, char *why, size_t len)
{
	int err = -ENOENT, i;

	switch (point_kind(pt, tier)) {
	case VS_TIER_TP_BTF:
		if (btf_has_tracepoint(ctx->btf, pt->targets[0]))
			return pt->targets[0];
		/* a vswap kernel from before the event, or not one at all */
		snprintf(why, len, "no %s event (%s)", pt->targets[0],
			 btf_has_tracepoint(ctx->btf, VSWAP_FIRST_EVENT) ?
			 "a vswap kernel older than this event" : "not the vswap kernel");
		return NULL;
	case VS_TIER_TRACEPOINT:
		for (i = 0; i < ATTACH_MAX_TARGETS && pt->targets[i]; i++) {
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

/*
 * Probe every point of one tier, once per run: whether it is usable, its
 * targets (st->chosen) or why not (st->probe_why).
 */
static bool probe_tier(const struct attach_ctx *ctx, struct attach_state *st,
		       const struct attach_impl *impl)
{
	int t = impl->tier, n = impl_nr_points(impl), found = 0;
	char reason[96] = "", first[96] = "";
	char *why = st->probe_why[t];
	size_t len = sizeof(st->probe_why[t]);

	if (st->probed[t] != PROBE_NOT_YET)
		return st->probed[t] == PROBE_USABLE;
	st->probed[t] = PROBE_UNUSABLE;
	/* no attach trials where none can attach: libbpf's kprobe paths */
	if (t == VS_TIER_KPROBE && !kprobes_supported()) {
		snprintf(why, len, "no kprobes in this kernel (no kprobe PMU, no kprobe_events)");
		return false;
	}
	for (int i = 0; i < n; i++) {
		const struct attach_point *pt = &impl->points[i];

		/* sampled[] is the tp_btf tier's: the other tiers leave it */
		if (t == VS_TIER_TP_BTF)
			st->sampled[i] = ctx->kernel_sample && pt->sampled_target &&
					 btf_has_tracepoint(ctx->btf, pt->sampled_target);
		if (t == VS_TIER_TP_BTF && st->sampled[i])
			st->chosen[t][i] = pt->sampled_target;
		else
			st->chosen[t][i] = probe_point(ctx, impl->tier, pt, reason, sizeof(reason));
		if (st->chosen[t][i])
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
	st->probed[t] = PROBE_USABLE;
	return true;
}

/* The kprobe tier's functions, all looked up in one read of kallsyms. */
static void want_kprobe_targets(const struct attach_ctx *ctx)
{
	if ((ctx->force_tier >= 0 && ctx->force_tier != VS_TIER_KPROBE) || !kprobes_supported())
		return;
	for (int op = 0; op < VS_NR_OPS; op++) {
		const struct attach_impl *impl = &attach_ops[op].impls[VS_TIER_KPROBE];

		for (int i = 0; ctx->wanted[op] && i < impl_nr_points(impl); i++)
			for (int k = 0; k < ATTACH_MAX_TARGETS && impl->points[i].targets[k]; k++)
				kallsyms_want(impl->points[i].targets[k]);
	}
}

/* ---- planning ------------------------------------------------------------- */

/* Load the programs of a usable tier, at the functions probing found. */
static int plan_tier(struct attach_ctx *ctx, struct attach_state *st,
		     const struct attach_impl *impl)
{
	for (int i = 0; i < impl_nr_points(impl); i++) {
		const struct attach_point *pt = &impl->points[i];
		const char *target = st->chosen[impl->tier][i];
		const char *progs[2];

		point_progs(st, impl->tier, i, pt, progs);
		for (int p = 0; p < 2; p++) {
			struct bpf_program *prog;

			if (!progs[p] || !target)
				continue;
			prog = bpf_object__find_program_by_name(ctx->obj, progs[p]);
			if (!prog)
				return -ESRCH;	/* the table names a program the object lacks */
			bpf_program__set_autoload(prog, true);
			if (point_kind(pt, impl->tier) == VS_TIER_FENTRY)
				bpf_program__set_attach_target(prog, 0, target);
		}
	}
	return 0;
}

int attach_plan(struct attach_ctx *ctx)
{
	struct bpf_program *prog;
	int err;

	if (!ctx->btf) {
		ctx->btf = btf__load_vmlinux_btf();
		if (!ctx->btf)
			return -ENOENT;
		want_kprobe_targets(ctx);
	}
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
				set_why(st, t, ATTACH_WHY_NOT_FORCED, "not the forced tier");
				continue;
			}
			if (!impl_exists(impl)) {
				set_why(st, t, ATTACH_WHY_NO_IMPL, "no %s implementation",
					vs_tier_name(t));
				continue;
			}
			if (ctx->dropped[op][t][0]) {
				set_why(st, t, ATTACH_WHY_DROPPED, "%s", ctx->dropped[op][t]);
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
			if (!probe_tier(ctx, st, impl)) {
				set_why(st, t, ATTACH_WHY_PROBE, "%s", st->probe_why[t]);
				continue;
			}
			err = plan_tier(ctx, st, impl);
			if (err)
				return err;
			if (st->tier == VS_TIER_NONE)
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

bool attach_kernel_sampled(const struct attach_ctx *ctx, int op)
{
	const struct attach_state *st = &ctx->state[op];

	for (int i = 0; st->tier == VS_TIER_TP_BTF && i < ATTACH_MAX_POINTS; i++)
		if (st->attached[i] && st->sampled[i])
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
	int n = impl_nr_points(impl), attached = 0;
	bool why_set = false;

	for (int i = 0; i < n; i++) {
		const struct attach_point *pt = &impl->points[i];
		enum vs_tier kind = point_kind(pt, t);
		const char *progs[2];
		struct bpf_link *links[2];
		int nr = 0, wanted = 0;
		bool failed = false;

		if (!st->chosen[t][i])
			continue;
		point_progs(st, t, i, pt, progs);
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
					set_why(st, t, ATTACH_WHY_ATTACH, "attach %s: %s",
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
	if (impl->note_if_func && btf_has_func(ctx->btf, impl->note_if_func))
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

int attach_op_progs(const struct attach_ctx *ctx, int op, const char **progs, int max)
{
	const struct attach_state *st = &ctx->state[op];
	const struct attach_impl *impl;
	int n = 0;

	if (st->tier == VS_TIER_NONE)
		return 0;
	impl = &attach_ops[op].impls[st->tier];
	for (int i = 0; i < impl_nr_points(impl); i++) {
		const char *pair[2];

		if (!st->attached[i])
			continue;
		point_progs(st, st->tier, i, &impl->points[i], pair);
		for (int p = 0; p < 2; p++) {
			bool seen = false;

			if (!pair[p])
				continue;
			for (int k = 0; k < n; k++)
				seen |= !strcmp(progs[k], pair[p]);
			if (!seen && n < max)
				progs[n++] = pair[p];
		}
	}
	return n;
}

/*
 * The kernel runs a tracing program at most once at a time per CPU: an
 * event that fires while the program already runs there (an interrupt's
 * I/O completion during a task's: vswap_swapin fires in both) is
 * skipped, and counted in the program's recursion_misses (5.12+).
 * Nothing of such an event reaches the maps, so only this count says it
 * happened.  A kernel without the field returns a shorter info.
 */
int attach_op_missed(const struct attach_ctx *ctx, int op, __u64 *missed)
{
	const char *progs[2 * ATTACH_MAX_POINTS];
	int n = attach_op_progs(ctx, op, progs, 2 * ATTACH_MAX_POINTS);
	const __u32 need = offsetof(struct bpf_prog_info, recursion_misses) +
			   sizeof(((struct bpf_prog_info *)0)->recursion_misses);

	*missed = 0;
	for (int i = 0; i < n; i++) {
		struct bpf_program *prog = bpf_object__find_program_by_name(ctx->obj, progs[i]);
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = prog ? bpf_program__fd(prog) : -1;

		if (fd < 0)
			return -EBADF;
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		if (len < need)
			return -EOPNOTSUPP;
		*missed += info.recursion_misses;
	}
	return 0;
}

__u64 attach_runs_missed(const struct attach_ctx *ctx)
{
	__u64 sum = 0, missed;

	for (int op = 0; op < VS_NR_OPS; op++)
		if (!attach_op_missed(ctx, op, &missed))
			sum += missed;
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
