// SPDX-License-Identifier: GPL-2.0
/*
 * Loading what loads: which program the kernel refused and why, from
 * libbpf's messages, and the tiers left out for it (attach.h).
 */
#include <stdlib.h>
#include <string.h>
#include "attach.h"
#include "cli.h"

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
