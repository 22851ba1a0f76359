// SPDX-License-Identifier: GPL-2.0
/* Log2 latency histograms in user space: merge, quantiles, printing. */
#include <math.h>
#include <string.h>
#include "hist.h"

const struct hist_unit hist_units[] = {
	{ "nsecs", "ns", 1 },
	{ "usecs", "us", 1000 },
	{ "msecs", "ms", 1000000 },
};

void hist_add(struct vs_hist *dst, const struct vs_hist *src)
{
	for (int i = 0; i < VS_HIST_SLOTS; i++)
		dst->slots[i] += src->slots[i];
	dst->count += src->count;
	dst->sum_ns += src->sum_ns;
	dst->pages += src->pages;
	dst->ops += src->ops;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
}

int hist_last_slot(const struct vs_hist *h)
{
	for (int i = VS_HIST_SLOTS - 1; i >= 0; i--)
		if (h->slots[i])
			return i;
	return -1;
}

/* Slot i holds the values [lo, hi): [0, 2) for slot 0, else [2^i, 2^(i+1)) */
static double slot_lo(int i)
{
	return i ? ldexp(1.0, i) : 0.0;
}

static double slot_hi(int i)
{
	return ldexp(1.0, i + 1);
}

double hist_quantile(const struct vs_hist *h, double q, uint64_t unit_div)
{
	uint64_t total = 0, seen = 0;
	double rank, max = (double)h->max_ns / unit_div;

	for (int i = 0; i < VS_HIST_SLOTS; i++)
		total += h->slots[i];
	if (!total)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	rank = q * total;
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		double v;

		if (!h->slots[i])
			continue;
		if (seen + h->slots[i] >= rank) {
			v = slot_lo(i) + (slot_hi(i) - slot_lo(i)) *
				(rank - seen) / h->slots[i];
			/* max is exact; interpolation must not pass it */
			return h->max_ns && v > max ? max : v;
		}
		seen += h->slots[i];
	}
	return max;
}

void hist_quantile_ci(const struct vs_hist *h, double q, uint64_t unit_div,
		      double *lo, double *hi)
{
	double n = 0, half;

	for (int i = 0; i < VS_HIST_SLOTS; i++)
		n += (double)h->slots[i];
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	half = n ? 1.96 * sqrt(q * (1 - q) / n) : 0;
	*lo = hist_quantile(h, q - half, unit_div);
	*hi = hist_quantile(h, q + half, unit_div);
}

double hist_mean_ns(const struct vs_hist *h)
{
	return h->count ? (double)h->sum_ns / h->count : 0;
}

const char *fmt_duration(char *buf, size_t len, double ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%.0fns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.*fus", ns < 1e4 ? 2 : ns < 1e5 ? 1 : 0, ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.*fms", ns < 1e7 ? 2 : ns < 1e8 ? 1 : 0, ns / 1e6);
	else
		snprintf(buf, len, "%.2fs", ns / 1e9);
	return buf;
}

#define BAR_WIDTH	40

static void print_bar(FILE *f, uint64_t val, uint64_t max)
{
	int stars = max ? (int)((val * BAR_WIDTH + max - 1) / max) : 0;

	if (val && !stars)
		stars = 1;
	fputc('|', f);
	for (int i = 0; i < BAR_WIDTH; i++)
		fputc(i < stars ? '*' : ' ', f);
	fputc('|', f);
}

void hist_print(FILE *f, const struct vs_hist *h, const struct hist_unit *u)
{
	int last = hist_last_slot(h);
	uint64_t max = 0;
	int first = 0;

	if (last < 0)
		return;
	for (int i = 0; i <= last; i++)
		if (h->slots[i] > max)
			max = h->slots[i];
	while (!h->slots[first])
		first++;
	fprintf(f, "%20s%10s : count    distribution\n", u->name, "");
	for (int i = first; i <= last; i++) {
		uint64_t lo = i ? 1ULL << i : 0, hi = (1ULL << (i + 1)) - 1;

		fprintf(f, "%*llu -> %-*llu : %-8llu ", 16, (unsigned long long)lo,
			10, (unsigned long long)hi, (unsigned long long)h->slots[i]);
		print_bar(f, h->slots[i], max);
		fputc('\n', f);
	}
}

void hist_print_summary(FILE *f, const struct vs_hist *h, uint64_t unit_div, bool sampled)
{
	char avg[16], p50[16], p90[16], p99[16], max[16], lo[16], hi[16];
	double qlo, qhi;

	if (sampled && !h->count) {
		fprintf(f, "count %llu (none sampled)\n", (unsigned long long)h->ops);
		return;
	}
	if (sampled)
		fprintf(f, "count %llu (%llu sampled)", (unsigned long long)h->ops,
			(unsigned long long)h->count);
	else
		fprintf(f, "count %llu", (unsigned long long)h->count);
	fprintf(f, "  avg %s  p50 %s  p90 %s  p99 %s",
		fmt_duration(avg, sizeof(avg), hist_mean_ns(h)),
		fmt_duration(p50, sizeof(p50), hist_quantile(h, 0.50, unit_div) * unit_div),
		fmt_duration(p90, sizeof(p90), hist_quantile(h, 0.90, unit_div) * unit_div),
		fmt_duration(p99, sizeof(p99), hist_quantile(h, 0.99, unit_div) * unit_div));
	if (sampled) {
		hist_quantile_ci(h, 0.99, unit_div, &qlo, &qhi);
		fprintf(f, " [%s-%s]", fmt_duration(lo, sizeof(lo), qlo * unit_div),
			fmt_duration(hi, sizeof(hi), qhi * unit_div));
	}
	fprintf(f, "  max %s\n", fmt_duration(max, sizeof(max), (double)h->max_ns));
}
