// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vswaplat compare (tools/vswaplat/compare.c) and of the
 * --prom file (prom.c): the Mann-Whitney U test against examples worked
 * by hand, the verdicts, loading recordings, and the Prometheus text.
 * Built with ASan and UBSan by "make unit-tests".  TAP output.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include "compare.h"
#include "json.h"
#include "output.h"
#include "hist.h"
#include "prom.h"
#include "names.h"
#include "tap.h"


static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* A histogram from (slot, count) pairs, ended by a negative slot. */
static struct vs_hist mkhist(const int *pairs)
{
	struct vs_hist h = { 0 };

	for (; pairs[0] >= 0; pairs += 2) {
		h.slots[pairs[0]] += pairs[1];
		h.count += pairs[1];
	}
	return h;
}

static void test_mann_whitney(void)
{
	struct mw_result r, s;
	struct vs_hist a, b;

	/*
	 * A = {1, 2, 2, 3}, B = {2, 3, 3, 4} (slots).  Midranks of the
	 * pooled sample: slot 1 -> 1, slot 2 -> 3, slot 3 -> 6, slot 4 -> 8;
	 * B's rank sum 3 + 6 + 6 + 8 = 23, U = 23 - 4 * 5 / 2 = 13 of 16
	 * pairs.  Ties 3 and 3: sum(t^3 - t) = 48, so Var(U) =
	 * 16 / 12 * (9 - 48 / 56) = 10.857142..., z = 5 / 3.295017 = 1.517442,
	 * one-sided p = 1 - Phi(z) = 0.0645775.
	 */
	a = mkhist((int[]){ 1, 1, 2, 2, 3, 1, -1 });
	b = mkhist((int[]){ 2, 1, 3, 2, 4, 1, -1 });
	CHECK(!mann_whitney(&a, &b, &r), "small example: computed");
	CHECK(r.n_a == 4 && r.n_b == 4, "small example: n_a = n_b = 4");
	CHECK(near(r.u, 13, 1e-12), "small example: U = 13 (midranks, ties) (got %g)", r.u);
	CHECK(near(r.a12, 0.8125, 1e-12), "small example: A12 = 13/16 (got %g)", r.a12);
	CHECK(near(r.z, 1.51744244666721, 1e-9), "small example: tie-corrected z = 1.517442 (got %.9f)",
	      r.z);
	CHECK(near(r.p, 0.06457750699503405, 1e-9), "small example: one-sided p = 0.064578 (got %.9f)",
	      r.p);
	CHECK(near(r.p + r.p_lower, 1, 1e-12), "small example: the two one-sided p add up to 1");

	/* swapping the runs mirrors everything */
	mann_whitney(&b, &a, &s);
	CHECK(near(s.a12, 1 - r.a12, 1e-12) && near(s.z, -r.z, 1e-12) && near(s.p, r.p_lower, 1e-12),
	      "A against B mirrors B against A");

	/* identical histograms: no direction at all */
	a = mkhist((int[]){ 3, 10, 4, 20, 9, 5, -1 });
	CHECK(!mann_whitney(&a, &a, &r) && r.a12 == 0.5 && r.z == 0 && r.p == 0.5,
	      "identical histograms: A12 = 0.5, z = 0, p = 0.5 (got %g %g %g)", r.a12, r.z, r.p);

	/* every sample of both runs in one slot: all ties, Var(U) = 0 */
	a = mkhist((int[]){ 7, 500, -1 });
	b = mkhist((int[]){ 7, 300, -1 });
	CHECK(!mann_whitney(&a, &b, &r) && r.a12 == 0.5 && r.z == 0 && r.p == 0.5,
	      "all samples tied: A12 = 0.5 and p = 0.5, no division by zero");

	/* one slot up: every B above every A */
	a = mkhist((int[]){ 5, 1000, -1 });
	b = mkhist((int[]){ 6, 1000, -1 });
	mann_whitney(&a, &b, &r);
	CHECK(r.a12 == 1 && r.z > 40 && r.p < 1e-300, "one slot up, narrow: A12 = 1, z = %.1f, p = %g",
	      r.z, r.p);
	CHECK(r.p_lower > 0.999999, "one slot up: the 'faster' p is 1");

	/* two slots each, one slot up: P(B > A) = 3/4, P(tie) = 1/4 */
	a = mkhist((int[]){ 5, 500, 6, 500, -1 });
	b = mkhist((int[]){ 6, 500, 7, 500, -1 });
	mann_whitney(&a, &b, &r);
	CHECK(near(r.a12, 0.875, 1e-12) && r.p < 1e-100,
	      "two slots, one up: A12 = 7/8, tiny p (got %g, %g)", r.a12, r.p);

	/*
	 * Four slots, 100 each, one up: P(B > A) = 10/16, P(tie) = 3/16,
	 * A12 = 23/32; U = 115000, Var(U) = 10137672.09 with ties 100, 200,
	 * 200, 200, 100: z = 35000 / 3183.9711 = 10.992562.
	 */
	a = mkhist((int[]){ 3, 100, 4, 100, 5, 100, 6, 100, -1 });
	b = mkhist((int[]){ 4, 100, 5, 100, 6, 100, 7, 100, -1 });
	mann_whitney(&a, &b, &r);
	CHECK(near(r.a12, 0.71875, 1e-12) && near(r.u, 115000, 1e-6),
	      "four slots, one up: A12 = 23/32, U = 115000 (got %g, %g)", r.a12, r.u);
	CHECK(near(r.z, 10.99256201952422, 1e-8), "four slots, one up: z = 10.992562 (got %.9f)", r.z);
	CHECK(r.p > 1.9e-28 && r.p < 2.2e-28, "four slots, one up: p = 2.07e-28 (got %g)", r.p);

	/* an empty side has no statistics */
	b = (struct vs_hist){ 0 };
	CHECK(mann_whitney(&a, &b, &r) == -1 && r.n_a == 400 && r.n_b == 0,
	      "an empty run: no test, counts still set");
}

static void test_verdicts(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	struct mw_result r = { .n_a = 1000, .n_b = 1000, .a12 = 0.8, .p = 1e-5, .p_lower = 1 };
	struct vs_hist a, b;

	CHECK(compare_verdict(&r, &o) == VERDICT_REGRESSED, "p < alpha, A12 >= threshold: REGRESSED");
	r.p = 0.001;
	CHECK(compare_verdict(&r, &o) == VERDICT_OK, "p = alpha is not below alpha: ok");
	r.p = 1e-5;
	r.a12 = 0.71;
	CHECK(compare_verdict(&r, &o) == VERDICT_REGRESSED, "A12 = threshold: REGRESSED");
	r.a12 = 0.7099;
	CHECK(compare_verdict(&r, &o) == VERDICT_OK, "A12 just below the threshold: ok");
	o.threshold = 0.6;
	CHECK(compare_verdict(&r, &o) == VERDICT_REGRESSED, "--threshold 0.6 flags it");
	o.threshold = 0.71;
	r.a12 = 0.9;
	o.alpha = 1e-6;
	CHECK(compare_verdict(&r, &o) == VERDICT_OK, "--alpha 1e-6: p = 1e-5 is not enough");
	o.alpha = 0.001;
	r.n_b = 99;
	CHECK(compare_verdict(&r, &o) == VERDICT_FEW, "99 samples in B: too few samples");
	r.n_b = 1000;
	r.n_a = 99;
	CHECK(compare_verdict(&r, &o) == VERDICT_FEW, "99 samples in A: too few samples");
	o.min_count = 50;
	CHECK(compare_verdict(&r, &o) == VERDICT_REGRESSED, "--min-count 50 judges 99 samples");
	o.min_count = 0;
	r.n_a = 0;
	CHECK(compare_verdict(&r, &o) == VERDICT_FEW, "--min-count 0: an empty run is still too few");
	o.min_count = 100;
	r = (struct mw_result){ .n_a = 1000, .n_b = 1000, .a12 = 0.2, .p = 1, .p_lower = 1e-9 };
	CHECK(compare_verdict(&r, &o) == VERDICT_IMPROVED, "B faster, A12 <= 1 - threshold: IMPROVED");
	r.a12 = 0.3;
	CHECK(compare_verdict(&r, &o) == VERDICT_OK, "B slightly faster: ok");
	CHECK(!strcmp(verdict_name(VERDICT_REGRESSED), "REGRESSED") &&
	      !strcmp(verdict_name(VERDICT_FEW), "too few samples"), "verdict names");
	CHECK(!strcmp(verdict_id(VERDICT_REGRESSED), "regressed") &&
	      !strcmp(verdict_id(VERDICT_IMPROVED), "improved") && !strcmp(verdict_id(VERDICT_OK), "ok") &&
	      !strcmp(verdict_id(VERDICT_FEW), "too_few_samples"), "verdicts for JSON");

	/*
	 * The point of the effect size: two million samples a side, 4% of
	 * them moved up a slot.  Highly significant, and irrelevant.
	 */
	a = mkhist((int[]){ 10, 1000000, 11, 1000000, -1 });
	b = mkhist((int[]){ 10, 960000, 11, 1040000, -1 });
	mann_whitney(&a, &b, &r);
	CHECK(r.p < 1e-20 && r.a12 < 0.52 && compare_verdict(&r, &o) == VERDICT_OK,
	      "huge counts, tiny shift: p = %.2g but A12 = %.3f: ok, not flagged", r.p, r.a12);
}

/* ---- recordings ---------------------------------------------------------- */

static char tmpdir[] = "/tmp/test-compare-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

#define META_US	"{\"type\":\"meta\",\"kernel\":\"6.12.0-test\",\"time\":1700000000,"	\
		"\"unit\":\"us\",\"argv\":\"vswaplat -o a.jsonl 1\"}\n"
#define OP_LINE	"{\"type\":\"op\",\"op\":\"devio\",\"tier\":\"tracepoint\"," \
		"\"targets\":\"block_bio_queue\"}\n"

/* a hist line of vswaplat's own making */
static char *hist_line(char *buf, size_t len, const char *op, const char *sub, const char *unit,
		       const char *slots, unsigned long long count, unsigned long long max_ns)
{
	snprintf(buf, len, "{\"type\":\"hist\",\"time\":1700000001,\"interval_s\":1.000,"
		 "\"op\":\"%s\",\"sub\":%s,\"dev\":null,\"tier\":\"tracepoint\",\"unit\":\"%s\","
		 "\"count\":%llu,\"pages\":%llu,\"sum_ns\":%llu,\"avg_ns\":0,\"p50_ns\":0,"
		 "\"p90_ns\":0,\"p99_ns\":0,\"max_ns\":%llu,\"slots\":[%s]}\n",
		 op, sub, unit, count, count, count * 3000, max_ns, slots);
	return buf;
}

static void test_load(void)
{
	char l1[512], l2[512], l3[512], l4[512], text[4096], err[512];
	struct recording r;
	const char *path;
	struct rec_entry *w = NULL, *rc = NULL;

	snprintf(text, sizeof(text), "%s%s%s%s%s\n%s{\"type\":\"lost\",\"what\":\"start map full\","
		 "\"count\":7}\n{\"type\":\"future\",\"x\":[1,{\"y\":null}]}\n",
		 META_US, OP_LINE,
		 hist_line(l1, sizeof(l1), "devio", "\"write\"", "us", "0,5,10", 15, 7000),
		 hist_line(l2, sizeof(l2), "devio", "\"write\"", "us", "0,0,10,1", 11, 15000),
		 hist_line(l3, sizeof(l3), "reclaim", "null", "us", "1,2,3", 6, 7000),
		 hist_line(l4, sizeof(l4), "devio", "\"read\"", "us", "", 0, 0));
	path = write_file("good.jsonl", text);
	CHECK(!recording_load(path, &r, err, sizeof(err)), "a good recording loads: %s",
	      r.n ? "" : err);
	for (int i = 0; i < r.n; i++) {
		if (!strcmp(r.e[i].key.op, "devio") && !strcmp(r.e[i].key.sub, "write"))
			w = &r.e[i];
		if (!strcmp(r.e[i].key.op, "reclaim"))
			rc = &r.e[i];
	}
	CHECK(r.n == 3 && r.nr_hist == 4, "three keys from four hist lines (got %d, %ld)", r.n,
	      r.nr_hist);
	CHECK(w && w->hist.slots[1] == 5 && w->hist.slots[2] == 20 && w->hist.slots[3] == 1 &&
	      w->hist.count == 26, "intervals of one key merged slot by slot");
	CHECK(w && w->hist.max_ns == 15000 && w->hist.sum_ns == 26 * 3000 && w->hist.pages == 26,
	      "max kept, sums and pages added");
	CHECK(w && !strcmp(w->tier, "tracepoint") && w->key.has_sub && !w->key.has_dev,
	      "tier, sub and a null dev");
	CHECK(rc && !rc->key.has_sub, "a null sub stays null");
	CHECK(r.unit == &hist_units[1] && r.has_meta && !strcmp(r.kernel, "6.12.0-test") &&
	      r.time == 1700000000 && !strcmp(r.argv, "vswaplat -o a.jsonl 1"), "meta line read");
	CHECK(r.lost == 7, "lost events summed");
	CHECK(w && w->hist.ops == 26, "a recording without \"ops\": every operation a sample");
	recording_free(&r);

	/* --sample 16: ops count every operation, the slots the samples */
	snprintf(text, sizeof(text), "%s{\"type\":\"hist\",\"op\":\"swapin\",\"sub\":\"zswap\","
		 "\"unit\":\"us\",\"count\":3,\"ops\":40,\"sample\":16,\"pages\":40,"
		 "\"sum_ns\":9000,\"max_ns\":3500,\"slots\":[0,3]}\n"
		 "{\"type\":\"hist\",\"op\":\"swapin\",\"sub\":\"zswap\",\"unit\":\"us\","
		 "\"count\":1,\"ops\":20,\"sample\":16,\"pages\":20,\"sum_ns\":3000,"
		 "\"max_ns\":3000,\"slots\":[0,1]}\n", META_US);
	path = write_file("sampled.jsonl", text);
	CHECK(!recording_load(path, &r, err, sizeof(err)) && r.n == 1 && r.e[0].hist.ops == 60 &&
	      r.e[0].hist.count == 4 && r.e[0].hist.pages == 60,
	      "a sampled recording: 60 operations, 4 samples, intervals merged");
	recording_free(&r);
	path = write_file("opsbad.jsonl", META_US "{\"type\":\"hist\",\"op\":\"swapin\","
			  "\"unit\":\"us\",\"ops\":-1,\"slots\":[1]}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "\"ops\": not a count"),
	      "\"ops\" that is not a count: %s", err);
	recording_free(&r);

	/* vswaplat's own reasons run to 84 bytes */
	path = write_file("lost.jsonl", META_US "{\"type\":\"lost\",\"what\":\"disk swap-in pages whose "
			  "read was not seen to end (in flight, or its end_io skipped)\",\"count\":3}\n"
			  "{\"type\":\"lost\",\"what\":\"events while their program ran on the same CPU "
			  "(skipped by the kernel)\",\"count\":4}\n");
	CHECK(!recording_load(path, &r, err, sizeof(err)) && r.lost == 7,
	      "lost lines with vswaplat's longest reasons load: %s", r.lost == 7 ? "" : err);
	path = write_file("lostnum.jsonl", META_US "{\"type\":\"lost\",\"what\":5,\"count\":3}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "\"what\": expected a string"),
	      "a reason that is not a string: %s", err);
	recording_free(&r);

	/* jq-shifted slots leave max_ns below the data: dropped, not clamping */
	path = write_file("shifted.jsonl", hist_line(l1, sizeof(l1), "devio", "\"write\"", "us",
						     "0,0,0,0,5,10", 15, 7000));
	CHECK(!recording_load(path, &r, err, sizeof(err)) && r.n == 1 && r.e[0].hist.max_ns == 0,
	      "a max below the last slot is dropped");
	recording_free(&r);

	/* a line cut short, as by a full disk */
	snprintf(text, sizeof(text), "%s%s{\"type\":\"hist\",\"op\":\"devio\",\"slots\":[1,2\n",
		 META_US, OP_LINE);
	path = write_file("cut.jsonl", text);
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "cut.jsonl:3: ") &&
	      !strchr(err, '\n'), "a truncated line: error with file and line: %s", err);
	path = write_file("garbage.jsonl", META_US "this is not json\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "garbage.jsonl:2: invalid"),
	      "a line of text: %s", err);
	path = write_file("trailing.jsonl", META_US "{\"type\":\"op\"} x\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "text after"),
	      "text after the object: %s", err);
	path = write_file("neg.jsonl", hist_line(l1, sizeof(l1), "devio", "\"write\"", "us",
						 "1,-2", 3, 0));
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "not a count"),
	      "a negative slot: %s", err);
	path = write_file("many.jsonl", hist_line(l1, sizeof(l1), "devio", "\"write\"", "us",
		"0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
		"0,0,0,0,0,0,0,0,1", 1, 0));
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "more than 48"),
	      "49 slots: %s", err);
	path = write_file("noop.jsonl", "{\"type\":\"hist\",\"unit\":\"us\",\"slots\":[1]}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "\"op\""),
	      "a hist line without op: %s", err);
	path = write_file("units.jsonl", META_US "{\"type\":\"hist\",\"op\":\"devio\",\"unit\":\"ns\","
			  "\"slots\":[1]}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "units.jsonl:2: unit"),
	      "two units in one recording: %s", err);
	path = write_file("furlong.jsonl", "{\"type\":\"meta\",\"unit\":\"furlong\"}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "unknown unit"),
	      "an unknown unit: %s", err);
	path = write_file("empty.jsonl", "");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "empty"),
	      "an empty file: %s", err);
	path = write_file("other.jsonl", "{\"type\":\"something\"}\n");
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "not a recording"),
	      "JSON, but not ours: %s", err);
	CHECK(recording_load("/nonexistent/run.jsonl", &r, err, sizeof(err)) &&
	      strstr(err, "cannot open /nonexistent/run.jsonl: No such file"), "a missing file: %s", err);

	/* escapes decode; a name too long for the key is an error, not a cut */
	path = write_file("esc.jsonl", "{\"type\":\"hist\",\"op\":\"devio\",\"sub\":\"w\\u00e9\\n\","
			  "\"dev\":\"/dev/\\\"q\\\"\",\"unit\":\"us\",\"slots\":[1]}\n");
	CHECK(!recording_load(path, &r, err, sizeof(err)) && r.n == 1 &&
	      !strcmp(r.e[0].key.sub, "w\xc3\xa9\n") && !strcmp(r.e[0].key.dev, "/dev/\"q\""),
	      "JSON escapes decoded");
	recording_free(&r);
	memset(text, 'x', 200);
	snprintf(text + 200, sizeof(text) - 200, "\",\"unit\":\"us\",\"slots\":[1]}\n");
	memcpy(text, "{\"type\":\"hist\",\"op\":\"", 21);
	path = write_file("long.jsonl", text);
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "longer than"),
	      "an operation name too long: %s", err);
}

/* ---- comparing -------------------------------------------------------------- */

static char *capture_text(const struct recording *a, const struct recording *b,
			  const struct compare_row *rows, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	compare_print_text(f, a, b, rows, n);
	fclose(f);
	return buf;
}

static char *capture_json(const struct recording *a, const struct recording *b,
			  const struct compare_opts *o, const struct compare_row *rows, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	compare_print_json(f, a, b, o, rows, n);
	fclose(f);
	return buf;
}

/*
 * The virtual swap device's bind and unbind (added after devio): a
 * recording with them loads, and against one of an older vswaplat or
 * kernel without them they are rows of their own, after devio, missing
 * from the older run, and the other rows compare as before.
 */
static void test_bind_ops(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	char l[5][512], text[4096], err[512];
	struct recording a, b;
	struct compare_row *rows;
	int n;

	snprintf(text, sizeof(text), "%s%s", META_US,
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us", "0,0,300,300", 600, 15999));
	CHECK(!recording_load(write_file("old.jsonl", text), &a, err, sizeof(err)),
	      "a recording without bind ops loads: %s", a.n ? "" : err);
	snprintf(text, sizeof(text), "%s%s%s%s%s", META_US,
		 hist_line(l[1], sizeof(l[1]), "unbind", "\"free\"", "us", "0,400", 400, 3000),
		 hist_line(l[2], sizeof(l[2]), "bind", "\"swapout\"", "us", "0,0,500", 500, 7000),
		 hist_line(l[3], sizeof(l[3]), "devio", "\"write\"", "us", "0,0,300,300", 600, 15999),
		 hist_line(l[4], sizeof(l[4]), "bind", "\"swapout\"", "us", "0,0,100", 100, 6000));
	CHECK(!recording_load(write_file("new.jsonl", text), &b, err, sizeof(err)),
	      "a recording with bind and unbind loads: %s", b.n ? "" : err);
	CHECK(b.n == 3 && b.nr_hist == 4, "bind swapout's two intervals merged (got %d keys)", b.n);
	n = compare_recordings(&a, &b, &o, &rows, err, sizeof(err));
	CHECK(n == 3, "devio, bind and unbind compared (got %d)", n);
	if (n == 3) {
		CHECK(!strcmp(rows[0].key.op, "devio") && !strcmp(rows[1].key.op, "bind") &&
		      !strcmp(rows[2].key.op, "unbind"), "rows in operation order: devio, bind, unbind");
		CHECK(!strcmp(rows[1].key.sub, "swapout") && rows[1].b.count == 600 &&
		      rows[1].verdict == VERDICT_ONLY_B, "bind swapout: 600 samples, only in B");
		CHECK(!strcmp(rows[2].key.sub, "free") && rows[2].verdict == VERDICT_ONLY_B,
		      "unbind free: only in B");
		CHECK(rows[0].verdict == VERDICT_OK, "devio unchanged: ok");
	}
	free(rows);
	recording_free(&a);
	recording_free(&b);
}

static void test_compare(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	char l[6][512], text[4096], err[512], *out;
	struct recording a, b, c;
	struct compare_row *rows;
	const char *pa, *pb, *pc;
	int n;

	/* A: devio write in slots 2-3, reclaim in 5-6, free in slot 1 (few) */
	snprintf(text, sizeof(text), "%s%s%s%s", META_US,
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us", "0,0,300,300", 600, 15999),
		 hist_line(l[1], sizeof(l[1]), "reclaim", "null", "us", "0,0,0,0,0,200,200", 400,
			   120000),
		 hist_line(l[2], sizeof(l[2]), "free", "\"unmap\"", "us", "0,50", 50, 3000));
	pa = write_file("a.jsonl", text);
	/* B: devio write three slots up (x8), reclaim the same, swapin new */
	snprintf(text, sizeof(text), "%s%s%s%s", META_US,
		 hist_line(l[3], sizeof(l[3]), "devio", "\"write\"", "us", "0,0,0,0,0,300,300", 600,
			   127999),
		 hist_line(l[4], sizeof(l[4]), "reclaim", "null", "us", "0,0,0,0,0,200,200", 400,
			   120000),
		 hist_line(l[5], sizeof(l[5]), "swapin", "\"disk\"", "us", "0,0,0,500", 500, 15000));
	pb = write_file("b.jsonl", text);
	CHECK(!recording_load(pa, &a, err, sizeof(err)) && !recording_load(pb, &b, err, sizeof(err)),
	      "A and B load");
	n = compare_recordings(&a, &b, &o, &rows, err, sizeof(err));
	CHECK(n == 4, "every key of either run compared (got %d)", n);
	if (n != 4)
		return;
	CHECK(!strcmp(rows[0].key.op, "free") && !strcmp(rows[1].key.op, "swapin") &&
	      !strcmp(rows[2].key.op, "reclaim") && !strcmp(rows[3].key.op, "devio"),
	      "rows in vswaplat's operation order");
	CHECK(rows[3].verdict == VERDICT_REGRESSED && rows[3].mw.a12 == 1,
	      "devio write x8: REGRESSED, A12 = 1");
	CHECK(rows[2].verdict == VERDICT_OK && rows[2].mw.a12 == 0.5, "reclaim unchanged: ok");
	CHECK(rows[0].verdict == VERDICT_FEW && rows[0].have_stats == false && rows[0].b.count == 0,
	      "free only in A, 50 samples: too few samples");
	CHECK(rows[1].verdict == VERDICT_ONLY_B && rows[1].a.count == 0 && rows[1].b.count == 500,
	      "swapin only in B, 500 samples: its own verdict, missing from A");
	/* quantiles: A's p50 of devio write is the top of slot 2: 8us */
	CHECK(near(rows[3].q_a[0], hist_quantile(&a.e[0].hist, 0.5, 1000) * 1000, 1e-9) &&
	      near(rows[3].q_a[0], 8000, 1e-6), "p50 A = 8us (got %g)", rows[3].q_a[0]);
	CHECK(near(rows[3].q_b[0], 64000, 1e-6), "p50 B = 64us, eight times A (got %g)",
	      rows[3].q_b[0]);
	CHECK(near(rows[3].q_b[2], hist_quantile(&b.e[0].hist, 0.99, 1000) * 1000, 1e-9) &&
	      near(rows[3].q_b[2] / rows[3].q_a[2], 8, 1e-9), "p99 B = 8 x p99 A");

	out = capture_text(&a, &b, rows, n);
	CHECK(strstr(out, "Δp50%") && strstr(out, "countA") && strstr(out, "verdict"),
	      "text: the header");
	CHECK(strstr(out, "+700.0%"), "text: Δp50%% of devio write is +700%%");
	CHECK(strstr(out, "8.00us") && strstr(out, "64.0us"), "text: durations by fmt_duration");
	CHECK(strstr(out, "REGRESSED\n") && strstr(out, "too few samples\n"), "text: verdicts");
	CHECK(strstr(out, "\n4 operations compared, 1 regressed, 1 missing from A\n"),
	      "text: the closing line counts the key missing from A");
	CHECK(strstr(out, "NOT IN A\n"), "text: the row of a key B alone has says so");
	CHECK(strstr(out, "kernel 6.12.0-test"), "text: the runs' kernels");
	free(out);

	out = capture_json(&a, &b, &o, rows, n);
	CHECK(strstr(out, "\"op\":\"devio\",\"sub\":\"write\",\"dev\":null") &&
	      strstr(out, "\"p50_a_ns\":8000,\"p50_b_ns\":64000,\"p50_delta_ns\":56000,"
		     "\"p50_delta_pct\":700.00") && strstr(out, "\"verdict\":\"regressed\""),
	      "JSON: a row with its quantile deltas");
	CHECK(strstr(out, "\"count_a\":0,\"count_b\":500,\"p50_a_ns\":null") &&
	      strstr(out, "\"a12\":null") && strstr(out, "\"verdict\":\"too_few_samples\""),
	      "JSON: nulls for a run without samples");
	CHECK(strstr(out, "\"total_a_ns\":0,\"total_b_ns\":1500000,\"total_delta_ns\":1500000,") &&
	      strstr(out, "\"total_a_ns\":1800000,\"total_b_ns\":1800000,\"total_delta_ns\":0,"),
	      "JSON: each run's total time in the operation, and the difference");
	CHECK(strstr(out, "{\"type\":\"summary\"") && strstr(out, "\"compared\":4,\"regressed\":1,"),
	      "JSON: the summary");
	CHECK(strstr(out, "\"verdict\":\"missing_a\"") &&
	      strstr(out, ",\"missing_a\":1,\"missing_b\":0,\"hist_a\":3,\"hist_b\":3,\"status\":3}\n"),
	      "JSON: the missing key's verdict, and the summary's counts and exit status");
	free(out);
	free(rows);

	/* a run with itself */
	n = compare_recordings(&a, &a, &o, &rows, err, sizeof(err));
	out = capture_text(&a, &a, rows, n);
	CHECK(strstr(out, "3 operations compared, 0 regressed"), "a run against itself: 0 regressed");
	free(out);
	free(rows);

	/* the same runs in nanoseconds cannot be compared */
	snprintf(text, sizeof(text), "%s",
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "ns", "0,0,300,300", 600, 15));
	pc = write_file("c.jsonl", text);
	CHECK(!recording_load(pc, &c, err, sizeof(err)), "a recording in ns loads");
	CHECK(compare_recordings(&a, &c, &o, &rows, err, sizeof(err)) == -1 &&
	      strstr(err, "a.jsonl is in us") && strstr(err, "c.jsonl in ns"),
	      "different units: an error: %s", err);
	recording_free(&a);
	recording_free(&b);
	recording_free(&c);
}

/* ---- compare as a canary gate -------------------------------------------------- */

static int gate(const char *pa, const char *pb, const struct compare_opts *o, char **text)
{
	struct recording a, b;
	struct compare_row *rows;
	struct compare_summary s;
	char err[512];
	int n, status;

	*text = NULL;
	if (recording_load(pa, &a, err, sizeof(err)))
		return -1;
	if (recording_load(pb, &b, err, sizeof(err))) {
		recording_free(&a);
		return -1;
	}
	n = compare_recordings(&a, &b, o, &rows, err, sizeof(err));
	if (n < 0) {
		status = -2;
	} else {
		*text = capture_text(&a, &b, rows, n);
		compare_summarize(rows, n, &s);
		status = compare_exit_status(&a, &b, &s);
	}
	free(rows);
	recording_free(&a);
	recording_free(&b);
	return status;
}

static void test_gate(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	char l[3][512], text[4096], *out;
	const char *real, *none, *few;
	int status;

	snprintf(text, sizeof(text), "%s%s%s%s", META_US, OP_LINE,
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us", "0,0,300,300", 600, 15999),
		 hist_line(l[1], sizeof(l[1]), "reclaim", "null", "us", "0,0,0,0,0,200,200", 400,
			   120000));
	real = write_file("gate-real.jsonl", text);
	/* a run that measured nothing: a meta and op lines, no histogram */
	none = write_file("gate-none.jsonl", META_US OP_LINE);

	status = gate(real, none, &o, &out);
	CHECK(status == COMPARE_EXIT_MISSING, "a run without histograms against a real one: "
	      "exit %d, not 0 (got %d)", COMPARE_EXIT_MISSING, status);
	CHECK(out && strstr(out, "2 operations compared, 0 regressed, 2 missing from B\n") &&
	      strstr(out, "note: B has no histograms") && strstr(out, "NOT IN B\n"),
	      "... and says so: %s", out ? strrchr(out, '\n') - 40 : "(none)");
	free(out);
	status = gate(none, real, &o, &out);
	CHECK(status == COMPARE_EXIT_MISSING && out && strstr(out, "2 missing from A\n"),
	      "the other way round: missing from A, exit 4 (got %d)", status);
	free(out);
	status = gate(none, none, &o, &out);
	CHECK(status == COMPARE_EXIT_MISSING && out && strstr(out, "0 operations compared"),
	      "two runs without histograms: nothing compared is no data, exit 4 (got %d)", status);
	free(out);
	status = gate(real, real, &o, &out);
	CHECK(status == COMPARE_EXIT_OK && out && strstr(out, "2 operations compared, 0 regressed\n"),
	      "a run against itself: exit 0, the closing line as before (got %d)", status);
	free(out);

	/* a rare key in one run only is too few samples to miss */
	snprintf(text, sizeof(text), "%s%s%s", META_US,
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us", "0,0,300,300", 600, 15999),
		 hist_line(l[1], sizeof(l[1]), "reclaim", "null", "us", "0,0,0,0,0,200,200", 400,
			   120000));
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s",
		 hist_line(l[2], sizeof(l[2]), "swapin", "\"zero\"", "us", "0,3", 3, 3000));
	few = write_file("gate-few.jsonl", text);
	status = gate(real, few, &o, &out);
	CHECK(status == COMPARE_EXIT_OK && out && strstr(out, "too few samples\n"),
	      "3 samples of a key in B only: too few samples, exit 0 (got %d)", status);
	free(out);
	o.min_count = 2;
	status = gate(real, few, &o, &out);
	CHECK(status == COMPARE_EXIT_MISSING && out && strstr(out, "1 missing from A\n"),
	      "--min-count 2: the same key is missing from A, exit 4 (got %d)", status);
	free(out);
}

/* ---- counts that cannot be trusted ---------------------------------------------- */

static void test_untrusted(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	char l[2][512], text[4096], err[512], *out;
	struct vs_hist a, b;
	struct mw_result r;
	struct recording rec;
	const char *p, *real;
	int status;

	/* slots that add up past 2^64 in one line, or over two intervals */
	p = write_file("wrap1.jsonl", hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us",
						"18446744073709551615,2", 1, 0));
	CHECK(recording_load(p, &rec, err, sizeof(err)) && strstr(err, "wrap1.jsonl:1: ") &&
	      strstr(err, "past 2^64"), "slots of one line past 2^64: an error: %s", err);
	snprintf(text, sizeof(text), "%s%s",
		 hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us", "9223372036854775808", 1, 0),
		 hist_line(l[1], sizeof(l[1]), "devio", "\"write\"", "us", "9223372036854775808", 1, 0));
	p = write_file("wrap2.jsonl", text);
	CHECK(recording_load(p, &rec, err, sizeof(err)) && strstr(err, "wrap2.jsonl:2: ") &&
	      strstr(err, "past 2^64"), "two intervals past 2^64: an error naming the line: %s", err);

	/* the largest counts that do fit compare as numbers, not NaN */
	p = write_file("big.jsonl", hist_line(l[0], sizeof(l[0]), "devio", "\"write\"", "us",
					      "9223372036854775807,9223372036854775807", 1, 0));
	real = write_file("big-real.jsonl", hist_line(l[1], sizeof(l[1]), "devio", "\"write\"",
						      "us", "0,0,300,300", 600, 15999));
	status = gate(real, p, &o, &out);
	CHECK(status == COMPARE_EXIT_OK || status == COMPARE_EXIT_REGRESSED,
	      "counts near 2^64 that fit: a verdict (got %d)", status);
	CHECK(out && !strstr(out, "nan"), "... and no NaN in the report");
	free(out);

	/* mann_whitney on its own: a wrapped total is no test and never ok */
	a = mkhist((int[]){ 3, 10, -1 });
	memset(&b, 0, sizeof(b));
	b.slots[1] = UINT64_MAX;
	b.slots[2] = 2;
	CHECK(mann_whitney(&a, &b, &r) == -ERANGE, "mann_whitney: slots past 2^64: -ERANGE");
	CHECK(compare_verdict(&r, &o) == VERDICT_INVALID,
	      "... and its result is not ok but INVALID (got %s)", verdict_name(compare_verdict(&r, &o)));
	r = (struct mw_result){ .n_a = 1000, .n_b = 1000, .a12 = NAN, .p = NAN, .p_lower = NAN };
	CHECK(compare_verdict(&r, &o) == VERDICT_INVALID, "a NaN p-value: INVALID, not ok");

	/* a time no calendar shows: localtime() would give NULL */
	p = write_file("time.jsonl", "{\"type\":\"meta\",\"time\":9000000000000000000,\"unit\":\"us\"}\n");
	CHECK(recording_load(p, &rec, err, sizeof(err)) && strstr(err, "not a time"),
	      "a meta time of 9e18: an error, not a crash: %s", err);
}

/* ---- bounds: line length, keys --------------------------------------------------- */

static void test_bounds(void)
{
	char err[512], path[300], l[512];
	struct recording r;
	struct timespec t0, t1;
	FILE *f;
	int keys;

	/* a line of 2 MiB: an error at its first megabyte, naming the line */
	snprintf(path, sizeof(path), "%s/long-line.jsonl", tmpdir);
	f = fopen(path, "w");
	fputs(META_US, f);
	for (int i = 0; i < 2 << 20; i++)
		fputc('x', f);
	fclose(f);
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "long-line.jsonl:2: ") &&
	      strstr(err, "longer than 1048576 bytes"), "a 2 MiB line: %s", err);
	CHECK(recording_load("/dev/zero", &r, err, sizeof(err)) &&
	      strstr(err, "/dev/zero:1: a NUL byte"), "/dev/zero: stops at its first byte: %s", err);

	/* more keys than vswaplat writes: a limit, not minutes */
	snprintf(path, sizeof(path), "%s/keys.jsonl", tmpdir);
	f = fopen(path, "w");
	fputs(META_US, f);
	for (int i = 0; i <= REC_MAX_KEYS; i++) {
		char sub[32];

		snprintf(sub, sizeof(sub), "\"s%d\"", i);
		fputs(hist_line(l, sizeof(l), "devio", sub, "us", "1,2", 3, 3000), f);
	}
	fclose(f);
	CHECK(recording_load(path, &r, err, sizeof(err)) && strstr(err, "more than 16384 histograms") &&
	      strstr(err, "keys.jsonl:16386: "), "%d keys: a limit error: %s", REC_MAX_KEYS + 1, err);

	/* as many as allowed: each found by hash, not by a walk of all */
	snprintf(path, sizeof(path), "%s/keys-max.jsonl", tmpdir);
	f = fopen(path, "w");
	fputs(META_US, f);
	for (int rep = 0; rep < 2; rep++)
		for (int i = 0; i < REC_MAX_KEYS; i++) {
			char sub[32];

			snprintf(sub, sizeof(sub), "\"s%d\"", i);
			fputs(hist_line(l, sizeof(l), "devio", sub, "us", "1,2", 3, 3000), f);
		}
	fclose(f);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	keys = recording_load(path, &r, err, sizeof(err)) ? -1 : r.n;
	if (keys > 0) {
		struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
		struct compare_row *rows;
		int n = compare_recordings(&r, &r, &o, &rows, err, sizeof(err));

		CHECK(n == REC_MAX_KEYS && rows[0].a.count == 6 && rows[0].verdict == VERDICT_FEW,
		      "%d keys over two intervals: merged, compared with itself (got %d)",
		      REC_MAX_KEYS, n);
		free(rows);
		recording_free(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(keys == REC_MAX_KEYS, "%d keys load (got %d: %s)", REC_MAX_KEYS, keys,
	      keys < 0 ? err : "");
	printf("# %d keys, 2 intervals: loaded and compared in %.2f s\n", REC_MAX_KEYS,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

/* ---- names in the text report ------------------------------------------------------ */

static void test_escape(void)
{
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	char *out;
	const char *p;
	int status;

	p = write_file("ctl.jsonl", "{\"type\":\"meta\",\"kernel\":\"6.12\\u001b]0;pwned\\u0007\","
		       "\"time\":1700000000,\"unit\":\"us\"}\n"
		       "{\"type\":\"hist\",\"op\":\"devio\",\"sub\":\"w\\u001b[31mred\","
		       "\"dev\":\"/dev/a\\nb\\u00e9\\u009b\",\"tier\":\"tp\\u0008\",\"unit\":\"us\","
		       "\"slots\":[0,0,300,300]}\n");
	status = gate(p, p, &o, &out);
	CHECK(status == COMPARE_EXIT_OK && out, "a recording with control characters in its names "
	      "compares (got %d)", status);
	CHECK(out && !strchr(out, '\x1b') && !strchr(out, '\a') && !strchr(out, '\b') &&
	      !strstr(out, "\xc2\x9b"), "text: no control character reaches the terminal");
	CHECK(out && strstr(out, "w\\x1b[31mred") && strstr(out, "/dev/a\\nb\xc3\xa9\\xc2\\x9b") &&
	      strstr(out, "kernel 6.12\\x1b]0;pwned\\x07"),
	      "text: controls escaped as \\xHH and \\n, UTF-8 kept");
	free(out);
}

/* ---- the JSON writer ----------------------------------------------------------------- */

static char *capture_writer(void (*fn)(struct json_writer *w))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w;

	jw_init(&w, f);
	fn(&w);
	fclose(f);
	return buf;
}

static void write_nested(struct json_writer *w)
{
	jw_object(w);
	jw_key(w, "s");
	jw_string(w, "a\"b\\c\n\x01\x1f\x7f");
	jw_key(w, "n");
	jw_null(w);
	jw_key(w, "x");
	jw_number(w, "%.1f", NAN, true);
	jw_key(w, "y");
	jw_number(w, "%.1f", 2.25, false);
	jw_key(w, "d");
	jw_double(w, 0.1);
	jw_key(w, "a");
	jw_array(w);
	jw_u64(w, UINT64_MAX);
	jw_i64(w, -3);
	jw_array(w);
	jw_end(w);
	jw_object(w);
	jw_end(w);
	jw_bool(w, true);
	jw_end(w);
	jw_key(w, "e");
	jw_string(w, NULL);
	jw_end(w);
	jw_object(w);
	jw_end(w);
}

static void test_json_writer(void)
{
	char *out = capture_writer(write_nested);

	CHECK(out && !strcmp(out, "{\"s\":\"a\\\"b\\\\c\\u000a\\u0001\\u001f\x7f\",\"n\":null,"
			     "\"x\":null,\"y\":null,\"d\":0.1,\"a\":[18446744073709551615,-3,[],{},"
			     "true],\"e\":null}\n{}\n"),
	      "writer: escapes, nulls, commas in nested objects and arrays, a line per value");
	free(out);
}

/* ---- the Prometheus file ------------------------------------------------------ */

/* Checks the text like a scraper would; returns the number of problems. */
static int check_prom_text(const char *text, double *sum_out, unsigned long long *count_out)
{
	char *copy = strdup(text), *save = NULL, *line;
	char prev_series[512] = "";
	unsigned long long prev = 0, inf = 0;
	int bad = 0, lines = 0;
	bool eof = false;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128], labels[512], *le;
		unsigned long long v;
		double d;

		lines++;
		if (eof)
			bad++;		/* nothing after # EOF */
		if (!strcmp(line, "# EOF")) {
			eof = true;
			continue;
		}
		if (line[0] == '#') {
			bad += strncmp(line, "# HELP ", 7) && strncmp(line, "# TYPE ", 7);
			continue;
		}
		if (sscanf(line, "%127[a-z_]{%511[^}]} %lf", name, labels, &d) != 3) {
			bad++;
			continue;
		}
		if (!strcmp(name, "vswap_latency_seconds_bucket")) {
			le = strstr(labels, ",le=\"");
			if (!le) {
				bad++;
				continue;
			}
			v = (unsigned long long)d;
			if (!strncmp(labels, prev_series, le - labels) && prev_series[le - labels] == '\0') {
				bad += v < prev;	/* buckets never decrease */
			} else {
				snprintf(prev_series, sizeof(prev_series), "%.*s", (int)(le - labels),
					 labels);
			}
			prev = v;
			if (!strcmp(le, ",le=\"+Inf\""))
				inf = v;
		} else if (!strcmp(name, "vswap_latency_seconds_count")) {
			bad += strcmp(labels, prev_series) || (unsigned long long)d != inf;
			*count_out = (unsigned long long)d;
		} else if (!strcmp(name, "vswap_latency_seconds_sum")) {
			*sum_out = d;
		}
	}
	free(copy);
	return bad + !eof + !lines;
}

static char *prom_text(const struct prom *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	prom_print(f, p);
	fclose(f);
	return buf;
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)))
		/* hidden ones too: a temporary file left behind would be one */
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void test_prom(void)
{
	struct vs_hist_key k1 = { .op = VS_OP_DEVIO, .sub = VS_IO_WRITE, .dev = VS_DEV_NONE };
	struct vs_hist_key k2 = { .op = VS_OP_SWAPIN, .sub = VS_BACKEND_DISK, .dev = 0 };
	struct vs_hist h = mkhist((int[]){ 0, 2, 3, 5, 4, 1, -1 });
	char path[300], tmp[310], *text, *file;
	unsigned long long count = 0;
	double sum = 0;
	struct prom p;
	FILE *f;
	long len;

	h.sum_ns = 123456789;
	h.pages = 8;
	h.ops = 128;		/* sampled: more operations than samples */
	prom_init(&p, path, 1000);
	prom_add(&p, &k1, "devio", "write", NULL, "tracepoint", &h);
	prom_add(&p, &k2, "swapin", "disk", "/dev/zram0", "tp_btf", &h);
	prom_add(&p, &k1, "devio", "write", "ignored", "tracepoint", &h);	/* a second interval */
	prom_set_lost(&p, "hist_map_full", 0);
	prom_set_lost(&p, "no_start", 3);
	text = prom_text(&p);
	CHECK(check_prom_text(text, &sum, &count) == 0,
	      "every line a sample, HELP/TYPE or the final # EOF; buckets non-decreasing; +Inf = _count");
	CHECK(p.n == 2 && !strcmp(p.s[0].op, "swapin"), "series sorted by key, one per key");
	CHECK(strstr(text, "# TYPE vswap_latency_seconds histogram\n") &&
	      strstr(text, "# TYPE vswap_pages_total counter\n") &&
	      strstr(text, "# TYPE vswap_lost_events_total counter\n"), "TYPE lines");
	CHECK(strstr(text, "vswap_latency_seconds_bucket{op=\"devio\",sub=\"write\",dev=\"\","
		     "tier=\"tracepoint\",le=\"2e-06\"} 4\n"),
	      "slot 0 in us: le = 2e-06 s, cumulative over two intervals");
	CHECK(strstr(text, "le=\"1.6e-05\"} 14\n") && strstr(text, "le=\"3.2e-05\"} 16\n"),
	      "slot 3: le = 16us, slot 4: le = 32us, cumulative");
	CHECK(strstr(text, "tier=\"tracepoint\",le=\"+Inf\"} 16\n") &&
	      strstr(text, "vswap_latency_seconds_count{op=\"devio\",sub=\"write\",dev=\"\","
		     "tier=\"tracepoint\"} 16\n"), "+Inf = _count = 16");
	CHECK(strstr(text, "# TYPE vswap_operations_total counter\n") &&
	      strstr(text, "vswap_operations_total{op=\"devio\",sub=\"write\",dev=\"\","
		     "tier=\"tracepoint\"} 256\n"),
	      "vswap_operations_total: every operation, sampled or not (2 x 128)");
	CHECK(!strstr(text, "le=\"6.4e-05\""), "no bucket past the last non-empty slot");
	CHECK(strstr(text, "vswap_latency_seconds_sum{op=\"devio\",sub=\"write\",dev=\"\","
		     "tier=\"tracepoint\"} 0.246913578\n"), "_sum in seconds from sum_ns");
	CHECK(strstr(text, "vswap_pages_total{op=\"swapin\",sub=\"disk\",dev=\"/dev/zram0\","
		     "tier=\"tp_btf\"} 8\n"), "pages counter with the device label");
	CHECK(strstr(text, "vswap_lost_events_total{what=\"no_start\"} 3\n") &&
	      strstr(text, "vswap_lost_events_total{what=\"hist_map_full\"} 0\n"), "lost events");
	len = strlen(text);
	CHECK(len > 6 && !strcmp(text + len - 6, "# EOF\n"), "ends with # EOF");
	free(text);

	/* label values escaped */
	prom_add(&p, &(struct vs_hist_key){ .op = VS_OP_LOCK, .dev = 1 }, "lock", "cluster",
		 "/swap \"a\\b\"", "tp_btf", &h);
	text = prom_text(&p);
	CHECK(strstr(text, "dev=\"/swap \\\"a\\\\b\\\"\""), "quotes and backslashes escaped");
	free(text);

	/* the virtual swap device's binds: op and reason labels, after devio */
	prom_add(&p, &(struct vs_hist_key){ .op = VS_OP_BIND, .sub = VS_BIND_SWAPOUT, .dev = 1 },
		 vs_op_name(VS_OP_BIND), vs_sub_name(VS_OP_BIND, VS_BIND_SWAPOUT), "/dev/vda",
		 "tp_btf", &h);
	text = prom_text(&p);
	CHECK(check_prom_text(text, &sum, &count) == 0 &&
	      strstr(text, "vswap_latency_seconds_count{op=\"bind\",sub=\"swapout\",dev=\"/dev/vda\","
		     "tier=\"tp_btf\"} 8\n") &&
	      strstr(text, "vswap_pages_total{op=\"bind\",sub=\"swapout\",dev=\"/dev/vda\","
		     "tier=\"tp_btf\"} 8\n"), "bind swapout: a series with its reason and device");
	free(text);

	/* the file: written whole, by rename, nothing left behind */
	snprintf(path, sizeof(path), "%s/prom/vswap.prom", tmpdir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	CHECK(prom_write(&p) == -ENOENT && access(tmp, F_OK), "a missing directory: -ENOENT, no .tmp");
	snprintf(tmp, sizeof(tmp), "%s/prom", tmpdir);
	mkdir(tmp, 0755);
	f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);
	CHECK(prom_write(&p) == 0, "written");
	CHECK(count_files(tmp) == 1, "only the file in its directory: no .tmp left behind");
	f = fopen(path, "r");
	file = calloc(1, 1 << 16);
	len = fread(file, 1, (1 << 16) - 1, f);
	fclose(f);
	text = prom_text(&p);
	CHECK(len > 0 && !strcmp(file, text), "the file replaced, and holds the text");
	CHECK(check_prom_text(file, &sum, &count) == 0, "the file parses");
	free(text);
	free(file);
	prom_add(&p, &k1, "devio", "write", NULL, "tracepoint", &h);
	CHECK(prom_write(&p) == 0 && count_files(tmp) == 1, "rewritten, still no .tmp");
	f = fopen(path, "r");
	file = calloc(1, 1 << 16);
	len = fread(file, 1, (1 << 16) - 1, f);
	fclose(f);
	CHECK(strstr(file, "tier=\"tracepoint\",le=\"+Inf\"} 24\n"), "the counts keep growing: 24");
	free(file);
	prom_free(&p);
}

/* ---- what --prom may replace ---------------------------------------------------------- */

static bool file_is(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f)
		return false;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	return !strcmp(buf, text);
}

static mode_t st_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static void test_output(void)
{
	char dir[300], path[400], victim[400], tmplink[420], other[400];
	struct output o;
	struct prom p;
	struct stat st;
	int err;

	snprintf(dir, sizeof(dir), "%s/out", tmpdir);
	mkdir(dir, 0755);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	write_file("out/victim", "precious\n");
	prom_init(&p, path, 1000);
	prom_set_lost(&p, "no_start", 1);

	/* a FIFO, a symlink, a device node at the path: refused, left alone */
	snprintf(path, sizeof(path), "%s/fifo.prom", dir);
	mkfifo(path, 0644);
	err = prom_write(&p);
	CHECK(err == -OUTPUT_ENOTREG && !lstat(path, &st) && S_ISFIFO(st.st_mode),
	      "--prom onto a FIFO: refused, the FIFO stays (%s)", output_strerror(err));
	snprintf(path, sizeof(path), "%s/link.prom", dir);
	CHECK(!symlink(victim, path), "a symlink to a victim file");
	err = prom_write(&p);
	CHECK(err == -OUTPUT_ENOTREG && !lstat(path, &st) && S_ISLNK(st.st_mode) &&
	      file_is(victim, "precious\n"), "--prom onto a symlink: refused, link and victim stay");
	snprintf(path, sizeof(path), "%s/null.prom", dir);
	if (!mknod(path, S_IFCHR | 0644, makedev(1, 3))) {
		err = prom_write(&p);
		CHECK(err == -OUTPUT_ENOTREG && !lstat(path, &st) && S_ISCHR(st.st_mode),
		      "--prom onto a device node: refused, the node stays");
	} else {
		CHECK(true, "# SKIP --prom onto a device node: mknod: %s", strerror(errno));
	}
	CHECK(!strcmp(output_strerror(-OUTPUT_ENOTREG), "not a regular file: not replaced"),
	      "the refusal in words");

	/* a link planted where the old code wrote PATH.tmp is not followed */
	snprintf(path, sizeof(path), "%s/x.prom", dir);
	snprintf(tmplink, sizeof(tmplink), "%s.tmp", path);
	CHECK(!symlink(victim, tmplink), "x.prom.tmp: a symlink to the victim");
	err = prom_write(&p);
	CHECK(!err && file_is(victim, "precious\n") && !lstat(tmplink, &st) && S_ISLNK(st.st_mode),
	      "--prom x.prom: written (%d), the victim behind x.prom.tmp untouched", err);
	CHECK(!stat(path, &st) && S_ISREG(st.st_mode) && (st.st_mode & 0777) == (0644 & ~st_umask()),
	      "x.prom: a regular file of mode 0644 less the umask");
	CHECK(count_files(dir) == 6, "no temporary file left behind (%d files)", count_files(dir));

	/* one file for two outputs */
	snprintf(other, sizeof(other), "%s/./../out/x.prom", dir);
	CHECK(output_same_file(path, other), "the same file by another path: same");
	snprintf(path, sizeof(path), "%s/new.jsonl", dir);
	snprintf(other, sizeof(other), "%s/../out/new.jsonl", dir);
	CHECK(output_same_file(path, other), "a file not yet there, by two paths: same");
	snprintf(other, sizeof(other), "%s/new2.jsonl", dir);
	CHECK(!output_same_file(path, other), "two files: not the same");
	snprintf(path, sizeof(path), "%s/hard", dir);
	CHECK(!link(victim, path) && output_same_file(path, victim), "a hard link: the same file");

	/* a write that cannot be done is an error, at the latest at close */
	err = output_open(&o, "/dev/full");
	if (!err) {
		fputs("lost\n", o.f);
		err = output_close(&o);
		CHECK(err == -ENOSPC, "-o /dev/full: the lost write is an error at close (%d)", err);
	}
	prom_free(&p);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_mann_whitney();
	test_verdicts();
	test_load();
	test_compare();
	test_bind_ops();
	test_gate();
	test_untrusted();
	test_bounds();
	test_escape();
	test_json_writer();
	test_prom();
	test_output();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
