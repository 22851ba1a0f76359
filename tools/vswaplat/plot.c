// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat compare --plot FILE.svg: for each operation that regressed or
 * improved, A's and B's log2 histograms overlaid (each slot's share of
 * its run's samples), p50 and p99 of each run marked, the verdict in the
 * panel's title.
 *
 * SVG written as text, with no plotting library: the binary stays
 * static and self-contained (gnuplot or cairo would be a run-time
 * dependency on every host that runs a canary gate), a browser shows
 * the file as it is, and the picture is a few hundred lines.  Names
 * from the recordings are anybody's bytes: they are escaped for XML,
 * and what is not printable UTF-8 is written as \xHH.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "hist.h"
#include "output.h"
#include "plot.h"

#define WIDTH		800
#define HEADER_H	64
#define PANEL_H		300
#define PLOT_X0		70	/* the plot area inside a panel */
#define PLOT_X1		(WIDTH - 30)
#define PLOT_Y0		78
#define PLOT_Y1		250
#define COLOR_A		"#1f77b4"
#define COLOR_B		"#ff7f0e"

/* @s as XML text or attribute value. */
static void svg_text(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		int n = printable_utf8(u);

		switch (n == 1 ? *u : 0) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (n)
				fwrite(u, 1, n, f);
			else
				fprintf(f, "\\x%02x", *u);
		}
		u += n ? n : 1;
	}
}

static bool changed(const struct compare_row *r)
{
	return r->verdict == VERDICT_REGRESSED || r->verdict == VERDICT_IMPROVED;
}

/* The slots either run has samples in: [*lo, *hi]. */
static void slot_range(const struct compare_row *r, int *lo, int *hi)
{
	*lo = VS_HIST_SLOTS;
	*hi = -1;
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		if (!r->a.slots[i] && !r->b.slots[i])
			continue;
		if (i < *lo)
			*lo = i;
		*hi = i;
	}
	if (*hi < 0)
		*lo = *hi = 0;
}

static uint64_t slots_total(const struct vs_hist *h)
{
	uint64_t t = 0;

	for (int i = 0; i < VS_HIST_SLOTS; i++)
		t = sat_add(t, h->slots[i]);
	return t;
}

/*
 * Where @ns falls on the slot axis: slot i spans [i, i + 1), a value
 * inside it placed linearly, as hist_quantile() interpolates.
 */
static double slot_pos(double ns, uint64_t div, int lo, int hi)
{
	double v = ns / div, pos;
	int i = v < 2 ? 0 : (int)floor(log2(v));
	double s_lo = i ? ldexp(1, i) : 0, s_hi = ldexp(1, i + 1);

	pos = i + (v - s_lo) / (s_hi - s_lo);
	if (pos < lo)
		pos = lo;
	if (pos > hi + 1)
		pos = hi + 1;
	return pos;
}

static void title(FILE *f, const struct compare_row *r)
{
	bool worse = r->verdict == VERDICT_REGRESSED;

	fputs("<text x=\"20\" y=\"24\" font-size=\"15\" font-weight=\"bold\">", f);
	svg_text(f, r->key.op);
	if (r->key.has_sub) {
		fputc(' ', f);
		svg_text(f, r->key.sub);
	}
	if (r->key.has_dev) {
		fputs(" on ", f);
		svg_text(f, r->key.dev);
	}
	fprintf(f, ": <tspan fill=\"%s\">%s</tspan></text>\n",
		worse ? "#c62828" : "#2e7d32", verdict_name(r->verdict));
}

static void subtitle(FILE *f, const struct compare_row *r)
{
	char a50[32], b50[32], a99[32], b99[32], p[32];

	fmt_duration(a50, sizeof(a50), r->q_a[0]);
	fmt_duration(b50, sizeof(b50), r->q_b[0]);
	fmt_duration(a99, sizeof(a99), r->q_a[2]);
	fmt_duration(b99, sizeof(b99), r->q_b[2]);
	fprintf(f, "<text x=\"20\" y=\"44\" fill=\"#333\">p50 %s \xe2\x86\x92 %s"
		" \xc2\xb7 p99 %s \xe2\x86\x92 %s \xc2\xb7 A12 %.3f \xc2\xb7 p ", a50, b50, a99, b99, r->mw.a12);
	/* the p of the verdict's test: of "B is faster" for an improvement */
	svg_text(f, fmt_p(p, sizeof(p), r->verdict == VERDICT_IMPROVED ? r->mw.p_lower : r->mw.p));
	fprintf(f, " \xc2\xb7 n %llu / %llu</text>\n",
		(unsigned long long)r->a.count, (unsigned long long)r->b.count);
}

/* One run's bars: each slot's share of the run, on a scale of @top. */
static void bars(FILE *f, const struct vs_hist *h, const char *color, int lo, double w,
		 int hi, double top)
{
	uint64_t total = slots_total(h);

	if (!total)
		return;
	fprintf(f, "<g fill=\"%s\" fill-opacity=\"0.5\" stroke=\"%s\">\n", color, color);
	for (int i = lo; i <= hi; i++) {
		double share = (double)h->slots[i] / total, hgt;

		if (!h->slots[i])
			continue;
		hgt = share / top * (PLOT_Y1 - PLOT_Y0);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
			PLOT_X0 + (i - lo) * w + 1, PLOT_Y1 - hgt, w - 2, hgt);
	}
	fputs("</g>\n", f);
}

/* p50 (dashed) and p99 (dotted) of one run, labelled in row @row above the plot. */
static void markers(FILE *f, const double q[3], const char *run, const char *color,
		    uint64_t div, int lo, int hi, double w, int row)
{
	static const struct { int q; const char *name, *dash; } mark[] = {
		{ 0, "p50", "6,3" }, { 2, "p99", "2,3" },
	};

	for (size_t m = 0; m < sizeof(mark) / sizeof(mark[0]); m++) {
		double x = PLOT_X0 + (slot_pos(q[mark[m].q], div, lo, hi) - lo) * w;
		char d[32];

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
			"stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n",
			x, PLOT_Y0 - 12 * row, x, PLOT_Y1, color, mark[m].dash);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\" "
			"text-anchor=\"%s\">%s %s %s</text>\n",
			x + (m ? -3 : 3), PLOT_Y0 - 12 * row - 2, color, m ? "end" : "start",
			run, mark[m].name, fmt_duration(d, sizeof(d), q[mark[m].q]));
	}
}

/* The axes: shares on y (a line every @step up to @top), each slot's lower bound on x. */
static void axes(FILE *f, uint64_t div, int lo, int hi, double w, double top, double step)
{
	int every = (int)ceil(48 / w), lines = (int)lround(top / step);
	char d[32];

	fputs("<g stroke=\"#ccc\">\n", f);
	for (int t = 1; t <= lines; t++) {
		double y = PLOT_Y1 - (double)t / lines * (PLOT_Y1 - PLOT_Y0);

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
			PLOT_X0, y, PLOT_X1, y);
	}
	fputs("</g>\n<g font-size=\"10\" fill=\"#333\" text-anchor=\"end\">\n", f);
	for (int t = 0; t <= lines; t++)
		fprintf(f, "<text x=\"%d\" y=\"%.1f\">%.0f%%</text>\n", PLOT_X0 - 6,
			PLOT_Y1 - (double)t / lines * (PLOT_Y1 - PLOT_Y0) + 3, t * step * 100);
	fputs("</g>\n<g font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">\n", f);
	for (int i = lo; i <= hi + 1; i += every)
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", PLOT_X0 + (i - lo) * w,
			PLOT_Y1 + 14, fmt_duration(d, sizeof(d), i ? ldexp(1, i) * div : 0));
	fprintf(f, "<text x=\"%d\" y=\"%d\">latency (log2 slots: each from its lower bound)</text>\n",
		(PLOT_X0 + PLOT_X1) / 2, PLOT_Y1 + 32);
	fprintf(f, "</g>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
		PLOT_X0, PLOT_Y1, PLOT_X1, PLOT_Y1);
	fprintf(f, "<text x=\"16\" y=\"%d\" font-size=\"10\" fill=\"#333\" "
		"transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">share of the run's samples</text>\n",
		(PLOT_Y0 + PLOT_Y1) / 2, (PLOT_Y0 + PLOT_Y1) / 2);
}

static void panel(FILE *f, const struct compare_row *r, uint64_t div, int y)
{
	uint64_t ta = slots_total(&r->a), tb = slots_total(&r->b);
	double top = 0, step, w;
	int lo, hi;

	slot_range(r, &lo, &hi);
	w = (double)(PLOT_X1 - PLOT_X0) / (hi - lo + 1);
	for (int i = lo; i <= hi; i++) {
		if (ta && (double)r->a.slots[i] / ta > top)
			top = (double)r->a.slots[i] / ta;
		if (tb && (double)r->b.slots[i] / tb > top)
			top = (double)r->b.slots[i] / tb;
	}
	/* a grid of round shares: 5%, 10% or 20% apart */
	step = top <= 0.2 ? 0.05 : top <= 0.6 ? 0.1 : 0.2;
	top = top > 0 ? ceil(top / step - 1e-9) * step : 1;
	fprintf(f, "<g transform=\"translate(0,%d)\">\n", y);
	fprintf(f, "<rect x=\"8\" y=\"2\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ddd\"/>\n",
		WIDTH - 16, PANEL_H - 8);
	title(f, r);
	subtitle(f, r);
	axes(f, div, lo, hi, w, top, step);
	bars(f, &r->a, COLOR_A, lo, w, hi, top);
	bars(f, &r->b, COLOR_B, lo, w, hi, top);
	markers(f, r->q_a, "A", COLOR_A, div, lo, hi, w, 1);
	markers(f, r->q_b, "B", COLOR_B, div, lo, hi, w, 0);
	fputs("</g>\n", f);
}

static void header(FILE *f, const struct recording *a, const struct recording *b,
		   int nchanged, int n, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
		"font-size=\"12\">\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
		WIDTH, height, WIDTH, height, WIDTH, height);
	fprintf(f, "<text x=\"20\" y=\"26\" font-size=\"17\" font-weight=\"bold\">"
		"vswaplat compare: %d of %d operations changed", nchanged, n);
	if (nchanged > PLOT_MAX_PANELS)
		fprintf(f, " (the first %d shown)", PLOT_MAX_PANELS);
	fputs("</text>\n<text x=\"20\" y=\"48\">", f);
	fprintf(f, "<tspan fill=\"%s\" font-weight=\"bold\">A</tspan> ", COLOR_A);
	svg_text(f, a->path);
	fprintf(f, " \xc2\xb7 <tspan fill=\"%s\" font-weight=\"bold\">B</tspan> ", COLOR_B);
	svg_text(f, b->path);
	fputs("</text>\n", f);
}

int compare_plot(const char *path, const struct recording *a, const struct recording *b,
		 const struct compare_row *rows, int n)
{
	const struct hist_unit *unit = a->unit ? a->unit : b->unit;
	uint64_t div = unit ? unit->div : 1;
	struct output o;
	int nchanged = 0, shown, y = HEADER_H, err;

	for (int i = 0; i < n; i++)
		nchanged += changed(&rows[i]);
	shown = nchanged < PLOT_MAX_PANELS ? nchanged : PLOT_MAX_PANELS;
	err = output_replace(&o, path);
	if (err)
		return err;
	header(o.f, a, b, nchanged, n, HEADER_H + (shown ? shown * PANEL_H : 40));
	if (!shown)
		fprintf(o.f, "<text x=\"20\" y=\"%d\" fill=\"#2e7d32\">"
			"no operation regressed or improved</text>\n", HEADER_H + 20);
	for (int i = 0; i < n && shown; i++) {
		if (!changed(&rows[i]))
			continue;
		panel(o.f, &rows[i], div, y);
		y += PANEL_H;
		shown--;
	}
	fputs("</svg>\n", o.f);
	return output_close(&o);
}
