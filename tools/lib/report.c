// SPDX-License-Identifier: GPL-2.0
/* Saying where each operation is measured from, or why it is not. */
#include <stdlib.h>
#include <string.h>
#include "attach.h"
#include "cli.h"

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
				if (st->why[t][0] && st->why_kind[t] != ATTACH_WHY_NO_IMPL)
					fprintf(f, " %s: %s;", vs_tier_name(t), st->why[t]);
			fputc('\n', f);
		}
		if (verbose && st->tier != VS_TIER_NONE) {
			for (int t = 0; t < (int)st->tier; t++)
				if (st->why[t][0] && st->why_kind[t] != ATTACH_WHY_NO_IMPL)
					fprintf(f, "%-14s %-10s   not %s: %s\n", "", "",
						vs_tier_name(t), st->why[t]);
		}
	}
}

void attach_report_missing(FILE *f, const struct attach_ctx *ctx)
{
	char ops[256] = "";
	size_t len = 0;
	int n = 0;

	for (int op = 0; op < VS_NR_OPS; op++) {
		if (!ctx->wanted[op] || ctx->state[op].tier != VS_TIER_NONE)
			continue;
		if (len < sizeof(ops))
			len += snprintf(ops + len, sizeof(ops) - len, "%s%s", n ? ", " : "",
					vs_op_name(op));
		n++;
	}
	if (n)
		fprintf(f, "%s: %d operation%s unavailable on this kernel: %s"
			" (vswaplat --list says why)\n", progname(), n, n > 1 ? "s" : "", ops);
}

void attach_die_unmeasured(const struct attach_ctx *ctx)
{
	fprintf(stderr, "%s: no swap operation can be measured on this kernel\n", progname());
	attach_report_missing(stderr, ctx);
	exit(1);
}
