// SPDX-License-Identifier: GPL-2.0
/*
 * The events the kernel ran no program for (BPF recursion protection),
 * per operation: which programs count for an operation (attach.c, from
 * the attach tables), and how vswaplat renders their misses (missed.c,
 * prom.c): JSON, the text warning, the Prometheus counter.  A count the
 * kernel cannot give is null or absent, never 0.  TAP output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "attach.h"
#include "missed.h"
#include "prom.h"
#include "tap.h"

static char *capture(void (*fn)(FILE *f, const struct missed *m), const struct missed *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, m);
	fclose(f);
	return buf;
}

static void json_at(FILE *f, const struct missed *m)
{
	missed_print_json(f, m, 1796174612, 5.0);
}

static void test_progs(void)
{
	static struct attach_ctx ctx = { .force_tier = -1 };
	const char *progs[2 * ATTACH_MAX_POINTS];
	struct attach_state *st;
	int n;

	for (int op = 0; op < VS_NR_OPS; op++)
		ctx.state[op].tier = VS_TIER_NONE;
	CHECK(attach_op_progs(&ctx, VS_OP_SWAPIN, progs, 16) == 0,
	      "an operation not attached has no programs");

	st = &ctx.state[VS_OP_SWAPIN];
	st->tier = VS_TIER_TP_BTF;
	st->attached[0] = "vswap_swapin";
	n = attach_op_progs(&ctx, VS_OP_SWAPIN, progs, 16);
	CHECK(n == 1 && !strcmp(progs[0], "tp_swapin"), "swapin on tp_btf: tp_swapin");

	/* the kprobe tier's free: one kretprobe serves several points */
	st = &ctx.state[VS_OP_FREE];
	st->tier = VS_TIER_KPROBE;
	st->attached[1] = "swap_free_nr";
	st->attached[2] = "swapcache_clear";
	st->attached[3] = "folio_put_swap";
	n = attach_op_progs(&ctx, VS_OP_FREE, progs, 16);
	CHECK(n == 4 && !strcmp(progs[0], "kp_free_swapin") && !strcmp(progs[1], "kr_free_swapin") &&
	      !strcmp(progs[2], "kp_free_clear") && !strcmp(progs[3], "kp_free_swapin_folio"),
	      "kprobe free: the attached points' programs, kr_free_swapin once (%d)", n);
	CHECK(attach_op_progs(&ctx, VS_OP_FREE, progs, 2) == 2, "never more than asked for");

	/* devio's tracepoints: queue and completion pairs */
	st = &ctx.state[VS_OP_DEVIO];
	st->tier = VS_TIER_TRACEPOINT;
	st->attached[0] = "block_bio_queue";
	st->attached[1] = "block_rq_complete";
	n = attach_op_progs(&ctx, VS_OP_DEVIO, progs, 16);
	CHECK(n == 3 && !strcmp(progs[0], "tp_bio_queue") && !strcmp(progs[1], "tp_bio_complete") &&
	      !strcmp(progs[2], "tp_rq_complete"), "devio on tracepoints: its three programs");
}

static void test_render(void)
{
	struct missed m = { 0 };
	char *out;

	out = capture(json_at, &m);
	CHECK(out && !strcmp(out, "{\"type\":\"missed\",\"time\":1796174612,\"interval_s\":5.000,"
			     "\"missed\":{}}\n"), "JSON: nothing attached, an empty object");
	free(out);
	out = capture(missed_print_text, &m);
	CHECK(out && !out[0], "text: nothing attached, nothing said");
	free(out);

	missed_update(&m, VS_OP_SWAPIN, 0, 13);
	missed_update(&m, VS_OP_FREE, 0, 0);
	missed_update(&m, VS_OP_DEVIO, -EOPNOTSUPP, 0);
	out = capture(json_at, &m);
	CHECK(out && !strcmp(out, "{\"type\":\"missed\",\"time\":1796174612,\"interval_s\":5.000,"
			     "\"missed\":{\"free\":0,\"swapin\":13,\"devio\":null}}\n"),
	      "JSON: 0 where none was missed, the count, null where unknown");
	free(out);
	out = capture(missed_print_text, &m);
	CHECK(out && !strcmp(out, "\nwarning: 13 events of swapin not measured: the program was "
			     "already running on that CPU (BPF recursion protection)\n"),
	      "text: one warning, for the operation that missed events");
	free(out);

	/* the next report: the interval's own misses, from the totals */
	missed_update(&m, VS_OP_SWAPIN, 0, 20);
	missed_update(&m, VS_OP_FREE, 0, 0);
	CHECK(m.interval[VS_OP_SWAPIN] == 7 && m.total[VS_OP_SWAPIN] == 20,
	      "an interval counts what was missed since the last report");
	missed_update(&m, VS_OP_SWAPIN, 0, 20);
	out = capture(missed_print_text, &m);
	CHECK(out && !out[0], "text: an interval without misses says nothing");
	free(out);
}

static void test_prom(void)
{
	struct prom p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	prom_init(&p, "/nonexistent/vswap.prom", 1000);
	prom_set_missed(&p, "swapin", "tp_btf", true, 13);
	prom_set_missed(&p, "free", "tp_btf", true, 0);
	prom_set_missed(&p, "devio", "tracepoint", false, 0);
	prom_set_missed(&p, "swapin", "tp_btf", true, 20);	/* a later interval */
	f = open_memstream(&buf, &len);
	prom_print(f, &p);
	fclose(f);
	CHECK(buf && strstr(buf, "# TYPE vswap_missed_events_total counter\n"),
	      "prom: a counter family");
	CHECK(buf && strstr(buf, "vswap_missed_events_total{op=\"swapin\",tier=\"tp_btf\"} 20\n") &&
	      !strstr(buf, "} 13\n"), "prom: the total since start, one series per operation");
	CHECK(buf && strstr(buf, "vswap_missed_events_total{op=\"free\",tier=\"tp_btf\"} 0\n"),
	      "prom: 0 where the kernel counted none");
	CHECK(buf && !strstr(buf, "op=\"devio\""), "prom: no series where the count is unknown");
	CHECK(buf && len > 6 && !strcmp(buf + len - 6, "# EOF\n"), "prom: still ends with # EOF");
	free(buf);
	prom_free(&p);
}

int main(void)
{
	test_progs();
	test_render();
	test_prom();
	return tap_done();
}
