// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat compare: is run B slower than run A?  Loads two recordings
 * (recording.c), tests each operation's pair of merged histograms
 * (stats.c), and reports: a table, or JSON lines, and an exit status a
 * canary gate can act on.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "json.h"
#include "names.h"
#include "compare.h"
#include "output.h"
#include "plot.h"

const double compare_quantiles[3] = { 0.50, 0.90, 0.99 };

/* ---- comparing -------------------------------------------------------------- */

/* vswaplat's order of the operations (enum vs_op); others sort after. */
static int op_rank(const char *op)
{
	int rank = vs_op_parse(op);

	return rank < 0 ? VS_NR_OPS : rank;
}

/* null before any name */
static int cmp_opt(bool has_a, const char *a, bool has_b, const char *b)
{
	if (has_a != has_b)
		return has_a - has_b;
	return strcmp(a, b);
}

static int cmp_row(const void *x, const void *y)
{
	const struct rec_key *a = &((const struct compare_row *)x)->key;
	const struct rec_key *b = &((const struct compare_row *)y)->key;
	int c = op_rank(a->op) - op_rank(b->op);

	if (!c)
		c = strcmp(a->op, b->op);
	if (!c)
		c = cmp_opt(a->has_sub, a->sub, b->has_sub, b->sub);
	if (!c)
		c = cmp_opt(a->has_dev, a->dev, b->has_dev, b->dev);
	return c;
}

/* A row of @k: A's side from @ea, B's from @eb (either may be NULL). */
static void fill_row(struct compare_row *r, const struct rec_key *k, const struct rec_entry *ea,
		     const struct rec_entry *eb)
{
	r->key = *k;
	r->tier_a = ea ? ea->tier : "";
	r->tier_b = eb ? eb->tier : "";
	if (ea)
		r->a = ea->hist;
	if (eb)
		r->b = eb->hist;
}

int compare_recordings(const struct recording *a, const struct recording *b,
		       const struct compare_opts *o, struct compare_row **rows,
		       char *err, size_t errlen)
{
	const struct hist_unit *unit = a->unit ? a->unit : b->unit;
	uint64_t min = o->min_count ? o->min_count : 1;
	struct compare_row *r;
	int n = 0, rc;

	*rows = NULL;
	if (a->unit && b->unit && a->unit != b->unit) {
		snprintf(err, errlen, "%s is in %s, %s in %s: compare recordings made "
			 "with the same unit (-n, -u or -m)",
			 a->path, a->unit->suffix, b->path, b->unit->suffix);
		return -1;
	}
	r = calloc(a->n + b->n + 1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* each key once: A's, then B's that A lacks, found by hash */
	for (int i = 0; i < a->n; i++)
		fill_row(&r[n++], &a->e[i].key, &a->e[i], recording_find(b, &a->e[i].key));
	for (int i = 0; i < b->n; i++)
		if (!recording_find(a, &b->e[i].key))
			fill_row(&r[n++], &b->e[i].key, NULL, &b->e[i]);
	for (int i = 0; i < n; i++) {
		bool in_a = recording_find(a, &r[i].key) != NULL;
		bool in_b = recording_find(b, &r[i].key) != NULL;

		for (int q = 0; q < 3; q++) {
			r[i].q_a[q] = hist_quantile(&r[i].a, compare_quantiles[q], unit->div) *
				      unit->div;
			r[i].q_b[q] = hist_quantile(&r[i].b, compare_quantiles[q], unit->div) *
				      unit->div;
		}
		rc = mann_whitney(&r[i].a, &r[i].b, &r[i].mw);
		if (rc == -ERANGE) {
			snprintf(err, errlen, "%s: the samples of %s add up past 2^64: counts "
				 "that cannot be trusted", in_a ? a->path : b->path, r[i].key.op);
			free(r);
			return -1;
		}
		r[i].have_stats = !rc;
		r[i].verdict = compare_verdict(&r[i].mw, o);
		/*
		 * In one run only: no data to compare, unless what the other
		 * run has is too few samples to miss (a rare event).
		 */
		if (!in_b && r[i].a.count >= min)
			r[i].verdict = VERDICT_ONLY_A;
		else if (!in_a && r[i].b.count >= min)
			r[i].verdict = VERDICT_ONLY_B;
	}
	qsort(r, n, sizeof(*r), cmp_row);
	*rows = r;
	return n;
}

void compare_summarize(const struct compare_row *rows, int n, struct compare_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->rows = n;
	for (int i = 0; i < n; i++) {
		switch (rows[i].verdict) {
		case VERDICT_REGRESSED: s->regressed++; break;
		case VERDICT_IMPROVED: s->improved++; break;
		case VERDICT_FEW: s->few++; break;
		case VERDICT_ONLY_A: s->only_a++; break;
		case VERDICT_ONLY_B: s->only_b++; break;
		case VERDICT_INVALID: s->invalid++; break;
		default: break;
		}
	}
}

int compare_exit_status(const struct recording *a, const struct recording *b,
			const struct compare_summary *s)
{
	if (s->invalid)
		return COMPARE_EXIT_ERROR;
	if (s->regressed)
		return COMPARE_EXIT_REGRESSED;
	/* a run without histograms compares as nothing lost: it is no data */
	if (s->only_a || s->only_b || !a->nr_hist || !b->nr_hist)
		return COMPARE_EXIT_MISSING;
	return COMPARE_EXIT_OK;
}

/* ---- printing --------------------------------------------------------------- */

enum {
	COL_OP, COL_SUB, COL_DEV, COL_NA, COL_NB, COL_P50A, COL_P50B, COL_DP50,
	COL_P90A, COL_P90B, COL_P99A, COL_P99B, COL_A12, COL_P, COL_VERDICT, NR_COLS,
};

static const char *const col_names[NR_COLS] = {
	"op", "sub", "dev", "countA", "countB", "p50A", "p50B", "Δp50%",
	"p90A", "p90B", "p99A", "p99B", "A12", "p", "verdict",
};

/* wide enough for a device path with every byte escaped */
#define CELL	(4 * sizeof(((struct rec_key *)0)->dev) + 1)

/* Columns on screen: UTF-8 continuation bytes take none. */
static int width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

int printable_utf8(const unsigned char *s)
{
	int len;

	if (*s >= 0x20 && *s < 0x7f)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf)
		len = 2;
	else if (*s >= 0xe0 && *s <= 0xef)
		len = 3;
	else if (*s >= 0xf0 && *s <= 0xf4)
		len = 4;
	else
		return 0;	/* C0 controls, DEL, stray continuation bytes */
	for (int i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* C1 controls (U+0080 to U+009F: CSI among them) */
	if (s[0] == 0xc2 && s[1] < 0xa0)
		return 0;
	return len;
}

/*
 * @s for a terminal: a name from a recording is anybody's bytes, and an
 * escape sequence in it would be run by the terminal.  Controls and
 * bytes that are not UTF-8 become \n, \t, \r or \xHH.
 */
static void term_escape(char *buf, size_t cap, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = 0;

	while (*u && len + 5 < cap) {
		int n = printable_utf8(u);

		if (n) {
			memcpy(buf + len, u, n);
			len += n;
			u += n;
			continue;
		}
		if (*u == '\n' || *u == '\t' || *u == '\r') {
			buf[len++] = '\\';
			buf[len++] = *u == '\n' ? 'n' : *u == '\t' ? 't' : 'r';
		} else {
			len += snprintf(buf + len, cap - len, "\\x%02x", *u);
		}
		u++;
	}
	buf[len] = '\0';
}

const char *fmt_p(char *buf, size_t len, double p)
{
	if (p < 1e-300)
		snprintf(buf, len, "<1e-300");
	else
		snprintf(buf, len, "%.2g", p);
	return buf;
}

static void dur_cell(char *buf, double ns, uint64_t count)
{
	if (!count)
		snprintf(buf, CELL, "-");
	else
		fmt_duration(buf, CELL, ns);
}

static void fill_cells(char cells[NR_COLS][CELL], const struct compare_row *r)
{
	const struct rec_key *k = &r->key;

	term_escape(cells[COL_OP], CELL, k->op);
	term_escape(cells[COL_SUB], CELL, k->has_sub ? k->sub : "-");
	term_escape(cells[COL_DEV], CELL, k->has_dev ? k->dev : "-");
	snprintf(cells[COL_NA], CELL, "%llu", (unsigned long long)r->a.count);
	snprintf(cells[COL_NB], CELL, "%llu", (unsigned long long)r->b.count);
	dur_cell(cells[COL_P50A], r->q_a[0], r->a.count);
	dur_cell(cells[COL_P50B], r->q_b[0], r->b.count);
	if (r->a.count && r->b.count && r->q_a[0] > 0)
		snprintf(cells[COL_DP50], CELL, "%+.1f%%", (r->q_b[0] - r->q_a[0]) / r->q_a[0] * 100);
	else
		snprintf(cells[COL_DP50], CELL, "-");
	dur_cell(cells[COL_P90A], r->q_a[1], r->a.count);
	dur_cell(cells[COL_P90B], r->q_b[1], r->b.count);
	dur_cell(cells[COL_P99A], r->q_a[2], r->a.count);
	dur_cell(cells[COL_P99B], r->q_b[2], r->b.count);
	if (r->have_stats) {
		snprintf(cells[COL_A12], CELL, "%.3f", r->mw.a12);
		fmt_p(cells[COL_P], CELL, r->mw.p);
	} else {
		snprintf(cells[COL_A12], CELL, "-");
		snprintf(cells[COL_P], CELL, "-");
	}
	snprintf(cells[COL_VERDICT], CELL, "%s", verdict_name(r->verdict));
}

static void print_run(FILE *f, const char *name, const struct recording *r)
{
	char when[32] = "?", buf[4 * sizeof(r->argv) + 1];
	time_t t = r->time;
	struct tm tm;

	term_escape(buf, sizeof(buf), r->path);
	fprintf(f, "%s: %s", name, buf);
	if (r->has_meta) {
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		term_escape(buf, sizeof(buf), r->kernel[0] ? r->kernel : "?");
		fprintf(f, "  kernel %s  recorded %s", buf, when);
	}
	if (r->unit)
		fprintf(f, "  unit %s", r->unit->suffix);
	if (r->lost)
		fprintf(f, "  (%llu events lost)", (unsigned long long)r->lost);
	fputc('\n', f);
}

void compare_print_text(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_row *rows, int n)
{
	char (*cells)[CELL] = malloc(NR_COLS * CELL);
	char ta[4 * sizeof(((struct rec_entry *)0)->tier) + 1], tb[sizeof(ta)];
	const char *noted = NULL;
	struct compare_summary sum;
	int w[NR_COLS];

	if (!cells)
		die("out of memory");
	print_run(f, "A", a);
	print_run(f, "B", b);
	fputc('\n', f);
	/* the widths first, then each row again: one row of cells in memory */
	for (int c = 0; c < NR_COLS; c++)
		w[c] = width(col_names[c]);
	for (int i = 0; i < n; i++) {
		fill_cells(cells, &rows[i]);
		for (int c = 0; c < NR_COLS; c++)
			if (width(cells[c]) > w[c])
				w[c] = width(cells[c]);
	}
	/* names and the verdict to the left, numbers to the right */
	for (int i = -1; i < n; i++) {
		if (i >= 0)
			fill_cells(cells, &rows[i]);
		for (int c = 0; c < NR_COLS; c++) {
			const char *s = i < 0 ? col_names[c] : cells[c];
			int pad = w[c] - width(s);
			bool left = c <= COL_DEV || c == COL_VERDICT;

			if (c == COL_VERDICT) {
				fprintf(f, "%s\n", s);
				break;
			}
			fprintf(f, "%*s%s%*s  ", left ? 0 : pad, "", s, left ? pad : 0, "");
		}
	}
	/* Latencies from different tiers measure different spans. */
	for (int i = 0; i < n; i++) {
		const struct compare_row *r = &rows[i];

		if (!r->tier_a[0] || !r->tier_b[0] || !strcmp(r->tier_a, r->tier_b) ||
		    (noted && !strcmp(noted, r->key.op)))
			continue;
		term_escape(cells[0], CELL, r->key.op);
		term_escape(ta, sizeof(ta), r->tier_a);
		term_escape(tb, sizeof(tb), r->tier_b);
		fprintf(f, "note: %s is measured from %s in A, from %s in B\n", cells[0], ta, tb);
		noted = r->key.op;	/* rows are sorted: once per operation */
	}
	if (!a->nr_hist)
		fprintf(f, "note: A has no histograms: nothing to compare it with\n");
	if (!b->nr_hist)
		fprintf(f, "note: B has no histograms: nothing to compare it with\n");
	compare_summarize(rows, n, &sum);
	fprintf(f, "\n%d operations compared, %d regressed", n, sum.regressed);
	if (sum.only_a)
		fprintf(f, ", %d missing from B", sum.only_a);
	if (sum.only_b)
		fprintf(f, ", %d missing from A", sum.only_b);
	if (sum.invalid)
		fprintf(f, ", %d with statistics that are not numbers", sum.invalid);
	fputc('\n', f);
	free(cells);
}

void compare_print_json(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_opts *o, const struct compare_row *rows, int n)
{
	static const char *const qname[3] = { "p50", "p90", "p99" };
	struct compare_summary sum;
	struct json_writer w;
	char key[32];

	jw_init(&w, f);
	for (int i = 0; i < n; i++) {
		const struct compare_row *r = &rows[i];
		bool both = r->a.count && r->b.count;

		jw_object(&w);
		jw_kstr(&w, "type", "compare");
		jw_kstr(&w, "op", r->key.op);
		jw_kstr(&w, "sub", r->key.has_sub ? r->key.sub : NULL);
		jw_kstr(&w, "dev", r->key.has_dev ? r->key.dev : NULL);
		jw_kstr(&w, "tier_a", r->tier_a[0] ? r->tier_a : NULL);
		jw_kstr(&w, "tier_b", r->tier_b[0] ? r->tier_b : NULL);
		jw_ku64(&w, "count_a", r->a.count);
		jw_ku64(&w, "count_b", r->b.count);
		for (int q = 0; q < 3; q++) {
			snprintf(key, sizeof(key), "%s_a_ns", qname[q]);
			jw_knum(&w, key, "%.0f", r->q_a[q], r->a.count);
			snprintf(key, sizeof(key), "%s_b_ns", qname[q]);
			jw_knum(&w, key, "%.0f", r->q_b[q], r->b.count);
			snprintf(key, sizeof(key), "%s_delta_ns", qname[q]);
			jw_knum(&w, key, "%.0f", r->q_b[q] - r->q_a[q], both);
			snprintf(key, sizeof(key), "%s_delta_pct", qname[q]);
			jw_knum(&w, key, "%.2f", (r->q_b[q] - r->q_a[q]) / r->q_a[q] * 100,
				  both && r->q_a[q] > 0);
		}
		/*
		 * Each run's total time in the operation: what a difference in
		 * system time between two runs of one load splits into.
		 */
		jw_ku64(&w, "total_a_ns", r->a.sum_ns);
		jw_ku64(&w, "total_b_ns", r->b.sum_ns);
		jw_knum(&w, "total_delta_ns", "%.0f", (double)r->b.sum_ns - (double)r->a.sum_ns, true);
		jw_knum(&w, "a12", "%.4f", r->mw.a12, r->have_stats);
		jw_knum(&w, "z", "%.3f", r->mw.z, r->have_stats);
		jw_knum(&w, "p", "%.3g", r->mw.p, r->have_stats);
		jw_knum(&w, "p_improved", "%.3g", r->mw.p_lower, r->have_stats);
		jw_kstr(&w, "verdict", verdict_id(r->verdict));
		jw_end(&w);
	}
	compare_summarize(rows, n, &sum);
	jw_object(&w);
	jw_kstr(&w, "type", "summary");
	jw_kstr(&w, "a", a->path);
	jw_kstr(&w, "b", b->path);
	jw_kstr(&w, "unit", a->unit ? a->unit->suffix : b->unit ? b->unit->suffix : NULL);
	jw_knum(&w, "alpha", "%g", o->alpha, true);
	jw_knum(&w, "threshold", "%g", o->threshold, true);
	jw_ku64(&w, "min_count", o->min_count);
	jw_ki64(&w, "compared", n);
	jw_ki64(&w, "regressed", sum.regressed);
	jw_ki64(&w, "improved", sum.improved);
	jw_ki64(&w, "too_few", sum.few);
	jw_ku64(&w, "lost_a", a->lost);
	jw_ku64(&w, "lost_b", b->lost);
	/* added after the fields of earlier versions, which readers know */
	jw_ki64(&w, "missing_a", sum.only_b);
	jw_ki64(&w, "missing_b", sum.only_a);
	jw_ki64(&w, "hist_a", a->nr_hist);
	jw_ki64(&w, "hist_b", b->nr_hist);
	jw_ki64(&w, "status", compare_exit_status(a, b, &sum));
	jw_end(&w);
}

/* ---- the subcommand --------------------------------------------------------- */

static const char compare_usage[] =
"usage: vswaplat compare [options] A.jsonl B.jsonl\n"
"\n"
"Compares two recordings of vswaplat (-j or -o): per operation, path and\n"
"device, the sample counts, p50/p90/p99 and a Mann-Whitney U test of\n"
"whether B is slower than A.  An operation REGRESSED if B is slower with\n"
"p < ALPHA and an effect size A12 >= THRESHOLD; then the exit status is 3.\n"
"\n"
"      --alpha P          significance level, 0 < P < 1 (default 0.001)\n"
"      --threshold A12    smallest effect flagged, 0.5 to 1 (default 0.71:\n"
"                         a large effect)\n"
"      --min-count N      samples each run needs to be judged (default 100)\n"
"  -j, --json             one JSON object per operation, then a summary\n"
"      --plot FILE        also draw each operation that changed, A over B,\n"
"                         as SVG into FILE (replaced whole)\n"
"  -h, --help             this help\n"
"\n"
"Exit status: 0 no regression, 3 a regression, 4 no regression but data\n"
"missing: an operation in one run only, or a run without histograms;\n"
"1 an error, 2 a usage error.\n";

/* What compare's options may be (cli.h's one parser). */
static const struct num_spec alpha_spec = {
	.what = "--alpha", .min = 0, .above_min = true, .max = 1,
};
static const struct num_spec threshold_spec = {
	.what = "--threshold", .min = 0.5, .max = 1,
};
static const struct num_spec min_count_spec = {
	.what = "--min-count", .min = 0, .max = 1e12, .whole = true,
};

int compare_main(int argc, char **argv)
{
	enum { OPT_ALPHA = 0x100, OPT_THRESHOLD, OPT_MIN_COUNT, OPT_PLOT };
	static const struct option opts[] = {
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "min-count", required_argument, NULL, OPT_MIN_COUNT },
		{ "json", no_argument, NULL, 'j' },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	struct recording a, b;
	struct compare_row *rows;
	char err[512];
	const char *plot = NULL;
	bool json = false;
	struct compare_summary sum;
	int c, n, status;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ALPHA:
			o.alpha = parse_num(optarg, &alpha_spec);
			if (o.alpha == 1)
				usage_error("invalid --alpha '%s' (want less than 1)", optarg);
			break;
		case OPT_THRESHOLD:
			o.threshold = parse_num(optarg, &threshold_spec);
			break;
		case OPT_MIN_COUNT:
			o.min_count = parse_num(optarg, &min_count_spec);
			break;
		case OPT_PLOT: plot = optarg; break;
		case 'j': json = true; break;
		case 'h':
			fputs(compare_usage, stdout);
			return 0;
		default:
			bad_option(c, argv, "compare");
		}
	}
	if (argc - optind != 2)
		usage_error("compare needs two recordings, A and B (%d given)", argc - optind);
	/* the plot would replace a recording */
	for (int i = optind; plot && i < argc; i++)
		if (output_same_file(plot, argv[i]))
			usage_error("--plot %s is a recording compared: give the plot its own file",
				    plot);

	if (recording_load(argv[optind], &a, err, sizeof(err)))
		die("%s", err);
	if (recording_load(argv[optind + 1], &b, err, sizeof(err)))
		die("%s", err);
	n = compare_recordings(&a, &b, &o, &rows, err, sizeof(err));
	if (n < 0)
		die("%s", err);
	/* the plot first: a plot that cannot be written is the one error reported */
	if (plot) {
		int perr = compare_plot(plot, &a, &b, rows, n);

		if (perr)
			die("cannot write %s: %s", plot, output_strerror(perr));
	}
	if (json)
		compare_print_json(stdout, &a, &b, &o, rows, n);
	else
		compare_print_text(stdout, &a, &b, rows, n);
	compare_summarize(rows, n, &sum);
	status = compare_exit_status(&a, &b, &sum);
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the report: %s", strerror(errno ? errno : EIO));
	if (status == COMPARE_EXIT_ERROR)
		die("%d operations with statistics that are not numbers", sum.invalid);
	free(rows);
	recording_free(&a);
	recording_free(&b);
	return status;
}
