// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat --prom: cumulative histograms as a Prometheus text file.
 *
 * Prometheus histograms are counters since the process started, while
 * vswaplat empties the BPF maps every interval; so the series are summed
 * here, in user space, and the whole file is written again each time.
 *
 * The format is the Prometheus text format that node_exporter's textfile
 * collector parses, ended by OpenMetrics' "# EOF" (a comment to that
 * parser).  Counter families are TYPE'd with their _total name, as the
 * text format wants: with OpenMetrics' bare family name, the textfile
 * collector would take the _total samples for an untyped metric.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "output.h"
#include "prom.h"

void prom_init(struct prom *p, const char *path, uint64_t unit_div)
{
	memset(p, 0, sizeof(*p));
	p->path = path;
	p->unit_div = unit_div;
}

void prom_free(struct prom *p)
{
	free(p->s);
	p->s = NULL;
	p->n = p->cap = 0;
}

static int cmp_key(const struct vs_hist_key *x, const struct vs_hist_key *y)
{
	if (x->op != y->op)
		return x->op - y->op;
	if (x->sub != y->sub)
		return x->sub - y->sub;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

void prom_add(struct prom *p, const struct vs_hist_key *key, const char *op,
	      const char *sub, const char *dev, const char *tier, const struct vs_hist *h)
{
	struct prom_series *s;
	int i;

	/* few series, added once: a sorted array keeps the file's order stable */
	for (i = 0; i < p->n; i++) {
		int c = cmp_key(&p->s[i].key, key);

		if (!c) {
			hist_add(&p->s[i].hist, h);
			return;
		}
		if (c > 0)
			break;
	}
	if (p->n == p->cap) {
		int cap = p->cap ? 2 * p->cap : 32;

		s = realloc(p->s, cap * sizeof(*s));
		if (!s)
			die("out of memory");
		p->s = s;
		p->cap = cap;
	}
	memmove(&p->s[i + 1], &p->s[i], (p->n - i) * sizeof(*s));
	p->n++;
	s = &p->s[i];
	memset(s, 0, sizeof(*s));
	s->key = *key;
	snprintf(s->op, sizeof(s->op), "%s", op ? op : "");
	snprintf(s->sub, sizeof(s->sub), "%s", sub ? sub : "");
	snprintf(s->dev, sizeof(s->dev), "%s", dev ? dev : "");
	snprintf(s->tier, sizeof(s->tier), "%s", tier ? tier : "");
	hist_add(&s->hist, h);
}

void prom_set_lost(struct prom *p, const char *what, uint64_t total)
{
	int i;

	for (i = 0; i < p->nr_lost; i++)
		if (!strcmp(p->lost[i].what, what))
			break;
	if (i == p->nr_lost) {
		if (i == PROM_MAX_LOST)
			return;
		p->lost[p->nr_lost++].what = what;
	}
	p->lost[i].count = total;
}

void prom_set_missed(struct prom *p, const char *op, const char *tier, bool known,
		     uint64_t total)
{
	int i;

	for (i = 0; i < p->nr_missed; i++)
		if (!strcmp(p->missed[i].op, op))
			break;
	if (i == p->nr_missed) {
		if (i == PROM_MAX_MISSED)
			return;
		p->missed[p->nr_missed++].op = op;
	}
	p->missed[i].tier = tier;
	p->missed[i].known = known;
	p->missed[i].count = total;
}

/* A label value: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void labels(FILE *f, const struct prom_series *s)
{
	fputs("op=", f);
	label_value(f, s->op);
	fputs(",sub=", f);
	label_value(f, s->sub);
	fputs(",dev=", f);
	label_value(f, s->dev);
	fputs(",tier=", f);
	label_value(f, s->tier);
}

void prom_print(FILE *f, const struct prom *p)
{
	fputs("# HELP vswap_latency_seconds Latency of swap operations since vswaplat started.\n"
	      "# TYPE vswap_latency_seconds histogram\n", f);
	for (int i = 0; i < p->n; i++) {
		const struct prom_series *s = &p->s[i];
		int last = hist_last_slot(&s->hist);
		uint64_t cum = 0;

		/*
		 * Slot i counts values below 2^(i+1) units: that bound, in
		 * seconds, is the bucket's "le".  Empty slots past the last
		 * sample would only repeat its count.
		 */
		for (int b = 0; b <= last; b++) {
			cum += s->hist.slots[b];
			fputs("vswap_latency_seconds_bucket{", f);
			labels(f, s);
			fprintf(f, ",le=\"%.12g\"} %llu\n",
				ldexp((double)p->unit_div, b + 1) / 1e9, (unsigned long long)cum);
		}
		/* _count is the slots' total, so that it always equals +Inf */
		fputs("vswap_latency_seconds_bucket{", f);
		labels(f, s);
		fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
		fputs("vswap_latency_seconds_sum{", f);
		labels(f, s);
		fprintf(f, "} %.9f\n", s->hist.sum_ns / 1e9);
		fputs("vswap_latency_seconds_count{", f);
		labels(f, s);
		fprintf(f, "} %llu\n", (unsigned long long)cum);
	}
	fputs("# HELP vswap_pages_total Pages (or swap entries) the swap operations moved.\n"
	      "# TYPE vswap_pages_total counter\n", f);
	for (int i = 0; i < p->n; i++) {
		fputs("vswap_pages_total{", f);
		labels(f, &p->s[i]);
		fprintf(f, "} %llu\n", (unsigned long long)p->s[i].hist.pages);
	}
	fputs("# HELP vswap_operations_total Swap operations, each counted even when its "
	      "latency is not sampled.\n"
	      "# TYPE vswap_operations_total counter\n", f);
	for (int i = 0; i < p->n; i++) {
		fputs("vswap_operations_total{", f);
		labels(f, &p->s[i]);
		fprintf(f, "} %llu\n", (unsigned long long)p->s[i].hist.ops);
	}
	fputs("# HELP vswap_lost_events_total Swap events vswaplat could not record.\n"
	      "# TYPE vswap_lost_events_total counter\n", f);
	for (int i = 0; i < p->nr_lost; i++) {
		fputs("vswap_lost_events_total{what=", f);
		label_value(f, p->lost[i].what);
		fprintf(f, "} %llu\n", (unsigned long long)p->lost[i].count);
	}
	fputs("# HELP vswap_missed_events_total Swap events whose BPF program the kernel did not "
	      "run, as it already ran on that CPU.\n"
	      "# TYPE vswap_missed_events_total counter\n", f);
	for (int i = 0; i < p->nr_missed; i++) {
		if (!p->missed[i].known)
			continue;
		fputs("vswap_missed_events_total{op=", f);
		label_value(f, p->missed[i].op);
		fputs(",tier=", f);
		label_value(f, p->missed[i].tier);
		fprintf(f, "} %llu\n", (unsigned long long)p->missed[i].count);
	}
	fputs("# EOF\n", f);
}

int prom_write(const struct prom *p)
{
	struct output o;
	int err = output_replace(&o, p->path);

	if (err)
		return err;
	prom_print(o.f, p);
	return output_close(&o);
}
