// SPDX-License-Identifier: GPL-2.0
/*
 * vswaptop's batch output: a plain-text snapshot for logs (one panel title
 * in capitals at the start of a line, then one device or lock per line,
 * so that grep and awk can follow a value over time) and one line of JSON
 * per snapshot with every field, raw units.  What the source could not
 * measure is "-" in the text and null in the JSON.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>
#include "vswap.h"
#include "cli.h"
#include "json.h"
#include "hist.h"
#include "model.h"
#include "render.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Contention rows the text output prints; the JSON has all of them. */
#define TEXT_CLUSTER_ROWS	10
#define TEXT_BAR_WIDTH		20

/* ---- text ------------------------------------------------------------------ */

static void text_header(FILE *f, const struct top_snapshot *s)
{
	char ts[64], kernel[sizeof(s->kernel)], source[sizeof(s->source)];
	time_t t = (time_t)s->time;
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S%z", &tm);
	else
		snprintf(ts, sizeof(ts), "%.0f", s->time);
	top_field(kernel, sizeof(kernel), s->kernel, sizeof(s->kernel));
	top_field(source, sizeof(source), s->source, sizeof(s->source));
	/* the source last: it is the one field with spaces */
	fprintf(f, "vswaptop %s interval %.2fs kernel %s source %s\n", ts,
		s->interval_s, kernel[0] ? kernel : "?", source[0] ? source : "?");
}

static void text_devices(FILE *f, const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_devs, SWAPS_MAX);

	if (!n) {
		fprintf(f, "DEVICES: none (no swap device is on)\n");
		return;
	}
	fprintf(f, "DEVICES\n");
	for (int i = 0; i < n; i++) {
		const struct top_dev *d = &s->devs[i];
		char path[sizeof(d->swap.path)], type[16], size[16], used[16], zero[24];
		char alloc[32], freed[32], out[32], out_mib[32], in[32], in_mib[32];
		double pct = d->swap.size_kb ? 100.0 * d->swap.used_kb / d->swap.size_kb : 0;

		if (d->has_zero)
			snprintf(zero, sizeof(zero), "%llu", (unsigned long long)d->zero_entries);
		else
			snprintf(zero, sizeof(zero), "-");
		if (d->type >= 0)
			snprintf(type, sizeof(type), "%d", d->type);
		else
			snprintf(type, sizeof(type), "-");
		fprintf(f, "  %s type %s %s prio %d size %s used %s %.1f%% zero %s "
			"alloc %s/s free %s/s out %s/s %s MiB/s in %s/s %s MiB/s",
			top_field(path, sizeof(path), d->swap.path, sizeof(d->swap.path)),
			type, top_dev_kind(d, false), d->swap.prio,
			top_fmt_size(size, sizeof(size), d->swap.size_kb * 1024.0),
			top_fmt_size(used, sizeof(used), d->swap.used_kb * 1024.0), pct, zero,
			top_fmt_fixed(alloc, sizeof(alloc), d->alloc_per_s, 1),
			top_fmt_fixed(freed, sizeof(freed), d->free_per_s, 1),
			top_fmt_fixed(out, sizeof(out), d->out_pages_per_s, 1),
			top_fmt_fixed(out_mib, sizeof(out_mib), top_mib_per_s(d->out_pages_per_s), 2),
			top_fmt_fixed(in, sizeof(in), d->in_pages_per_s, 1),
			top_fmt_fixed(in_mib, sizeof(in_mib), top_mib_per_s(d->in_pages_per_s), 2));
		/* a virtual device's slots with a physical slot behind them */
		if (d->virtual && d->has_bound)
			fprintf(f, " bound %llu", (unsigned long long)d->bound);
		else if (d->virtual)
			fputs(" bound -", f);
		fputc('\n', f);
	}
}

static void text_backends(FILE *f, const struct top_snapshot *s)
{
	const struct top_backends *b = &s->backends;
	double page = top_page_size();
	char used[16], cache[16], zswap[16] = "off", zero[16] = "-";

	if (b->has_zswap)
		top_fmt_size(zswap, sizeof(zswap), b->zswap_stored * page);
	if (b->has_zero)
		top_fmt_size(zero, sizeof(zero), b->zero * page);
	fprintf(f, "BACKENDS\n  used %s swapcache %s zswap %s zero %s\n",
		top_fmt_size(used, sizeof(used), b->used * page),
		top_fmt_size(cache, sizeof(cache), b->swapcache * page), zswap, zero);
}

/* "  out 150.0 pages/s 0.59 MiB/s zero 10.0 zswap 100.0 disk 40.0" */
static void text_by_backend(FILE *f, const char *dir, double total, const double *v)
{
	fprintf(f, "  %s %.1f pages/s %.2f MiB/s", dir, total, top_mib_per_s(total));
	for (int b = 0; b < TOP_NR_BACKENDS; b++)
		fprintf(f, " %s %.1f", top_backend_name(b), v[b]);
	fputc('\n', f);
}

static void text_rates(FILE *f, const struct top_snapshot *s)
{
	const struct top_rates *r = &s->rates;
	char why[TOP_WHY], wb[32];

	fprintf(f, "SWAP RATES\n");
	if (r->by_backend) {
		text_by_backend(f, "out", r->out_total_per_s, r->out_pages_per_s);
		text_by_backend(f, "in", r->in_total_per_s, r->in_pages_per_s);
	} else {
		fprintf(f, "  out %.1f pages/s %.2f MiB/s\n  in %.1f pages/s %.2f MiB/s\n",
			r->out_total_per_s, top_mib_per_s(r->out_total_per_s),
			r->in_total_per_s, top_mib_per_s(r->in_total_per_s));
		fprintf(f, "  by backend: unavailable: %s\n",
			top_why(why, sizeof(why), r->why, sizeof(r->why)));
	}
	fprintf(f, "  zswap writeback %s pages/s\n",
		top_fmt_fixed(wb, sizeof(wb), r->zswap_wb_pages_per_s, 1));
}

/* "  <device> [cluster <N>] <lock> contended <n> wait <dur> max <dur> share <pct>%" */
static void text_lock(FILE *f, const struct top_snapshot *s, const struct top_lock *l)
{
	char dev[256], wait[16], max[16];

	fprintf(f, "  %s", top_dev_name(s, l->type, dev, sizeof(dev)));
	if (l->kind == VS_LOCK_CLUSTER)
		fprintf(f, " cluster %d", l->cluster);
	fprintf(f, " %s contended %llu wait %s max %s share %.2f%%\n", top_lock_name(l->kind),
		(unsigned long long)l->contended,
		fmt_duration(wait, sizeof(wait), (double)l->wait_ns),
		fmt_duration(max, sizeof(max), (double)l->max_ns), l->share * 100);
}

static void text_contention(FILE *f, const struct top_snapshot *s, enum top_sort key)
{
	const struct top_contention *c = &s->contention;
	struct top_lock locks[TOP_MAX_CLUSTERS];
	char why[TOP_WHY];
	int n, shown;

	if (!c->available) {
		top_why(why, sizeof(why), c->why, sizeof(c->why));
		fprintf(f, "CLUSTER CONTENTION: unavailable: %s\n", why);
		fprintf(f, "DEVICE-WIDE LOCKS: unavailable: %s\n", why);
		return;
	}
	n = top_sorted_locks(locks, c->clusters, c->nr_clusters, TOP_MAX_CLUSTERS, key);
	shown = n < TEXT_CLUSTER_ROWS ? n : TEXT_CLUSTER_ROWS;
	fprintf(f, "CLUSTER CONTENTION sort %s, %d contended clusters, top %d",
		top_sort_name(key), c->nr_clusters_total > n ? c->nr_clusters_total : n, shown);
	if (c->lost)
		fprintf(f, ", %llu contentions not kept (lock map full)",
			(unsigned long long)c->lost);
	fputc('\n', f);
	for (int i = 0; i < shown; i++)
		text_lock(f, s, &locks[i]);

	n = top_sorted_locks(locks, c->device_locks, c->nr_device_locks,
			 ARRAY_SIZE(c->device_locks), key);
	if (!n) {
		fprintf(f, "DEVICE-WIDE LOCKS: none contended\n");
		return;
	}
	fprintf(f, "DEVICE-WIDE LOCKS\n");
	for (int i = 0; i < n; i++)
		text_lock(f, s, &locks[i]);
}

static void text_overhead(FILE *f, const struct top_snapshot *s)
{
	const struct top_overhead *o = &s->overhead;
	char why[TOP_WHY], size[16], slot[32], used[32];
	int n = top_clamp(o->nr_rows, TOP_MAX_STRUCTS);

	if (!o->available) {
		fprintf(f, "PER-ENTRY OVERHEAD: unavailable: %s\n",
			top_why(why, sizeof(why), o->why, sizeof(o->why)));
		return;
	}
	fprintf(f, "PER-ENTRY OVERHEAD %llu slots %llu used: %s B/slot %s B/used total %s\n",
		(unsigned long long)o->slots, (unsigned long long)o->used,
		top_fmt_fixed(slot, sizeof(slot), o->total_per_slot, 2),
		top_fmt_fixed(used, sizeof(used), o->total_per_used, 2),
		top_fmt_size(size, sizeof(size), (double)o->total_bytes));
	for (int i = 0; i < n; i++) {
		const struct top_struct_cost *r = &o->rows[i];

		fprintf(f, "  %s (%s) %s B/slot %s B/used total %s%s\n",
			r->name ? r->name : "?", r->type ? r->type : "?",
			top_fmt_fixed(slot, sizeof(slot), r->bytes_per_slot, 2),
			top_fmt_fixed(used, sizeof(used), r->bytes_per_used, 2),
			top_fmt_size(size, sizeof(size), (double)r->total_bytes),
			r->per_used ? " per used entry" : "");
	}
	if (o->virtual_slots)
		fprintf(f, "  virtual devices %llu slots %s B/slot fixed\n",
			(unsigned long long)o->virtual_slots,
			top_fmt_fixed(slot, sizeof(slot), o->virtual_per_slot, 2));
}

static void text_latency(FILE *f, const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_latency, TOP_MAX_LAT);
	char why[TOP_WHY], p50[16], p99[16];

	if (!n) {
		fprintf(f, "LATENCY: unavailable: %s\n",
			top_why(why, sizeof(why), s->latency_why, sizeof(s->latency_why)));
		return;
	}
	fprintf(f, "LATENCY\n");
	for (int i = 0; i < n; i++) {
		const struct top_latency *l = &s->latency[i];

		if (!l->available) {
			fprintf(f, "  %s unavailable\n", l->op ? l->op : "?");
			continue;
		}
		fprintf(f, "  %s count %llu p50 %s p99 %s\n", l->op ? l->op : "?",
			(unsigned long long)l->count,
			top_fmt_duration(p50, sizeof(p50), l->p50_ns),
			top_fmt_duration(p99, sizeof(p99), l->p99_ns));
	}
	top_field(why, sizeof(why), s->latency_why, sizeof(s->latency_why));
	if (why[0])
		fprintf(f, "  unavailable: %s\n", why);
}

static void text_swapoff(FILE *f, const struct top_snapshot *s)
{
	const struct top_swapoff *so = &s->swapoff;
	char path[sizeof(so->path)], bar[TEXT_BAR_WIDTH + 3], eta[16], why[TOP_WHY], rate[32];

	top_field(why, sizeof(why), so->why, sizeof(so->why));
	if (!so->active) {
		if (why[0])
			fprintf(f, "SWAPOFF: unavailable: %s\n", why);
		else
			fprintf(f, "SWAPOFF: none running\n");
		return;
	}
	top_field(path, sizeof(path), so->path, sizeof(so->path));
	fprintf(f, "SWAPOFF %s ", path[0] ? path : "?");
	if (so->done && so->ret)
		fprintf(f, "failed (%s) ", strerror(so->ret < 0 ? -so->ret : so->ret));
	else
		fprintf(f, "%s ", so->done ? "done" : "running");
	fprintf(f, "%s %.1f%% %s pages/s ETA %s remaining %llu of %llu pages (%s)\n",
		top_bar(bar, TEXT_BAR_WIDTH, so->percent), so->percent,
		top_fmt_fixed(rate, sizeof(rate), so->pages_per_s, 1),
		top_fmt_eta(eta, sizeof(eta), so->eta_s),
		(unsigned long long)so->remaining, (unsigned long long)so->total,
		so->exact ? "exact" : "estimated from /proc/swaps");
}

void render_text(FILE *f, const struct top_snapshot *s, enum top_sort key)
{
	text_header(f, s);
	text_devices(f, s);
	text_backends(f, s);
	text_rates(f, s);
	text_contention(f, s, key);
	text_overhead(f, s);
	text_latency(f, s);
	text_swapoff(f, s);
	if (s->lost)
		fprintf(f, "LOST %llu events the BPF side could not record\n",
			(unsigned long long)s->lost);
	/* a blank line ends a snapshot */
	fputc('\n', f);
}

/* ---- JSON ------------------------------------------------------------------ */

/* ,"key": */
static void json_key(FILE *f, const char *key, bool first)
{
	fprintf(f, "%s\"%s\":", first ? "" : ",", key);
}

static void json_field(FILE *f, const char *s, size_t size)
{
	char buf[512];

	json_string(f, top_field(buf, sizeof(buf), s, size));
}

/* A why string: null when the source gave none. */
static void json_why(FILE *f, const char *why, size_t size, bool have)
{
	char buf[TOP_WHY];

	top_field(buf, sizeof(buf), why, size);
	if (have && !buf[0])
		fputs("null", f);
	else
		json_string(f, top_why(buf, sizeof(buf), why, size));
}

static void json_devices(FILE *f, const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_devs, SWAPS_MAX);

	fputc('[', f);
	for (int i = 0; i < n; i++) {
		const struct top_dev *d = &s->devs[i];

		fputs(i ? ",{" : "{", f);
		json_key(f, "path", true);
		json_field(f, d->swap.path, sizeof(d->swap.path));
		json_key(f, "type", false);
		if (d->type >= 0)
			fprintf(f, "%d", d->type);
		else
			fputs("null", f);
		fprintf(f, ",\"partition\":%s,\"virtual\":%s,\"kdev\":%u,\"prio\":%d",
			d->swap.partition ? "true" : "false", d->virtual ? "true" : "false",
			d->swap.kdev, d->swap.prio);
		json_key(f, "size_bytes", false);
		json_u64(f, d->swap.size_kb * 1024);
		json_key(f, "used_bytes", false);
		json_u64(f, d->swap.used_kb * 1024);
		json_key(f, "zero_entries", false);
		if (d->has_zero)
			json_u64(f, d->zero_entries);
		else
			fputs("null", f);
		json_key(f, "alloc_per_s", false);
		json_double(f, d->alloc_per_s);
		json_key(f, "free_per_s", false);
		json_double(f, d->free_per_s);
		json_key(f, "out_pages_per_s", false);
		json_double(f, d->out_pages_per_s);
		json_key(f, "in_pages_per_s", false);
		json_double(f, d->in_pages_per_s);
		json_key(f, "bound", false);
		if (d->virtual && d->has_bound)
			json_u64(f, d->bound);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_backends(FILE *f, const struct top_snapshot *s)
{
	const struct top_backends *b = &s->backends;

	fputc('{', f);
	json_key(f, "used_pages", true);
	json_u64(f, b->used);
	json_key(f, "swapcache_pages", false);
	json_u64(f, b->swapcache);
	json_key(f, "zswap_stored_pages", false);
	if (b->has_zswap)
		json_u64(f, b->zswap_stored);
	else
		fputs("null", f);
	json_key(f, "zero_pages", false);
	if (b->has_zero)
		json_u64(f, b->zero);
	else
		fputs("null", f);
	fputc('}', f);
}

static void json_by_backend(FILE *f, const double *v, bool have)
{
	if (!have) {
		fputs("null", f);
		return;
	}
	for (int b = 0; b < TOP_NR_BACKENDS; b++) {
		fprintf(f, "%s\"%s\":", b ? "," : "{", top_backend_name(b));
		json_double(f, v[b]);
	}
	fputc('}', f);
}

static void json_rates(FILE *f, const struct top_snapshot *s)
{
	const struct top_rates *r = &s->rates;

	fputc('{', f);
	json_key(f, "out_total_per_s", true);
	json_double(f, r->out_total_per_s);
	json_key(f, "in_total_per_s", false);
	json_double(f, r->in_total_per_s);
	json_key(f, "zswap_wb_pages_per_s", false);
	json_double(f, r->zswap_wb_pages_per_s);
	fprintf(f, ",\"by_backend\":%s", r->by_backend ? "true" : "false");
	/* {"zero":..,"zswap":..,"disk":..} pages/s, null without by_backend */
	json_key(f, "out_pages_per_s", false);
	json_by_backend(f, r->out_pages_per_s, r->by_backend);
	json_key(f, "in_pages_per_s", false);
	json_by_backend(f, r->in_pages_per_s, r->by_backend);
	json_key(f, "why", false);
	json_why(f, r->why, sizeof(r->why), r->by_backend);
	fputc('}', f);
}

static void json_locks(FILE *f, const struct top_snapshot *s, const struct top_lock *l,
		       int n, int max)
{
	char dev[256];

	n = top_clamp(n, max);
	fputc('[', f);
	for (int i = 0; i < n; i++, l++) {
		fprintf(f, "%s{\"type\":%d,\"device\":", i ? "," : "", l->type);
		/* the path, or null for swap_avail_lock and unknown types */
		json_string(f, l->type >= 0 && top_dev_of(s, l->type) ?
			    top_dev_name(s, l->type, dev, sizeof(dev)) : NULL);
		json_key(f, "cluster", false);
		if (l->kind == VS_LOCK_CLUSTER)
			fprintf(f, "%d", l->cluster);
		else
			fputs("null", f);
		json_key(f, "kind", false);
		json_string(f, top_lock_kind(l->kind));
		json_key(f, "lock", false);
		json_string(f, top_lock_name(l->kind));
		json_key(f, "contended", false);
		json_u64(f, l->contended);
		json_key(f, "wait_ns", false);
		json_u64(f, l->wait_ns);
		json_key(f, "max_ns", false);
		json_u64(f, l->max_ns);
		json_key(f, "share", false);
		json_double(f, l->share);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_contention(FILE *f, const struct top_snapshot *s)
{
	const struct top_contention *c = &s->contention;

	fprintf(f, "{\"available\":%s", c->available ? "true" : "false");
	json_key(f, "why", false);
	json_why(f, c->why, sizeof(c->why), c->available);
	json_key(f, "nr_clusters_total", false);
	if (c->available)
		fprintf(f, "%d", c->nr_clusters_total);
	else
		fputs("null", f);
	json_key(f, "lost", false);
	if (c->available)
		fprintf(f, "%llu", (unsigned long long)c->lost);
	else
		fputs("null", f);
	/* in the source's order: the top rows of its sort key */
	json_key(f, "clusters", false);
	if (c->available)
		json_locks(f, s, c->clusters, c->nr_clusters, TOP_MAX_CLUSTERS);
	else
		fputs("null", f);
	json_key(f, "device_locks", false);
	if (c->available)
		json_locks(f, s, c->device_locks, c->nr_device_locks,
			   ARRAY_SIZE(c->device_locks));
	else
		fputs("null", f);
	fputc('}', f);
}

static void json_overhead(FILE *f, const struct top_snapshot *s)
{
	const struct top_overhead *o = &s->overhead;
	int n = top_clamp(o->nr_rows, TOP_MAX_STRUCTS);

	fprintf(f, "{\"available\":%s", o->available ? "true" : "false");
	json_key(f, "why", false);
	json_why(f, o->why, sizeof(o->why), o->available);
	if (!o->available) {
		fputs(",\"slots\":null,\"used\":null,\"total_per_slot\":null,"
		      "\"total_per_used\":null,\"total_bytes\":null,\"virtual_slots\":null,"
		      "\"virtual_per_slot\":null,\"rows\":null}", f);
		return;
	}
	json_key(f, "slots", false);
	json_u64(f, o->slots);
	json_key(f, "used", false);
	json_u64(f, o->used);
	json_key(f, "total_per_slot", false);
	json_double(f, o->total_per_slot);
	json_key(f, "total_per_used", false);
	json_double(f, o->total_per_used);
	json_key(f, "total_bytes", false);
	json_u64(f, o->total_bytes);
	json_key(f, "virtual_slots", false);
	json_u64(f, o->virtual_slots);
	json_key(f, "virtual_per_slot", false);
	json_double(f, o->virtual_per_slot);
	json_key(f, "rows", false);
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		const struct top_struct_cost *r = &o->rows[i];

		fputs(i ? ",{" : "{", f);
		json_key(f, "name", true);
		json_string(f, r->name);
		json_key(f, "type", false);
		json_string(f, r->type);
		json_key(f, "bytes_per_slot", false);
		json_double(f, r->bytes_per_slot);
		json_key(f, "bytes_per_used", false);
		json_double(f, r->bytes_per_used);
		json_key(f, "total_bytes", false);
		json_u64(f, r->total_bytes);
		fprintf(f, ",\"per_used\":%s}", r->per_used ? "true" : "false");
	}
	fputs("]}", f);
}

static void json_latency(FILE *f, const struct top_snapshot *s)
{
	int n = top_clamp(s->nr_latency, TOP_MAX_LAT);

	fputc('[', f);
	for (int i = 0; i < n; i++) {
		const struct top_latency *l = &s->latency[i];

		fputs(i ? ",{" : "{", f);
		json_key(f, "op", true);
		json_string(f, l->op);
		fprintf(f, ",\"available\":%s", l->available ? "true" : "false");
		if (!l->available) {
			fputs(",\"count\":null,\"p50_ns\":null,\"p99_ns\":null}", f);
			continue;
		}
		json_key(f, "count", false);
		json_u64(f, l->count);
		json_key(f, "p50_ns", false);
		json_double(f, l->p50_ns);
		json_key(f, "p99_ns", false);
		json_double(f, l->p99_ns);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_swapoff(FILE *f, const struct top_snapshot *s)
{
	const struct top_swapoff *so = &s->swapoff;
	char why[TOP_WHY];

	fprintf(f, "{\"active\":%s", so->active ? "true" : "false");
	json_key(f, "why", false);
	top_field(why, sizeof(why), so->why, sizeof(so->why));
	json_string(f, why[0] ? why : NULL);
	if (!so->active) {
		fputs(",\"done\":null,\"ret\":null,\"type\":null,\"path\":null,"
		      "\"total_pages\":null,\"remaining_pages\":null,\"pages_per_s\":null,"
		      "\"eta_s\":null,\"percent\":null,\"exact\":null}", f);
		return;
	}
	fprintf(f, ",\"done\":%s,\"ret\":%d,\"type\":%d", so->done ? "true" : "false",
		so->ret, so->type);
	json_key(f, "path", false);
	json_field(f, so->path, sizeof(so->path));
	json_key(f, "total_pages", false);
	json_u64(f, so->total);
	json_key(f, "remaining_pages", false);
	json_u64(f, so->remaining);
	json_key(f, "pages_per_s", false);
	json_double(f, so->pages_per_s);
	json_key(f, "eta_s", false);
	if (so->eta_s >= 0)
		json_double(f, so->eta_s);
	else
		fputs("null", f);
	json_key(f, "percent", false);
	json_double(f, so->percent);
	fprintf(f, ",\"exact\":%s}", so->exact ? "true" : "false");
}

void render_json(FILE *f, const struct top_snapshot *s)
{
	fputc('{', f);
	json_key(f, "time", true);
	json_double(f, s->time);
	json_key(f, "interval_s", false);
	json_double(f, s->interval_s);
	json_key(f, "kernel", false);
	json_field(f, s->kernel, sizeof(s->kernel));
	json_key(f, "source", false);
	json_field(f, s->source, sizeof(s->source));
	fprintf(f, ",\"page_size\":%ld", top_page_size());
	json_key(f, "lost", false);
	json_u64(f, s->lost);
	json_key(f, "devices", false);
	json_devices(f, s);
	json_key(f, "backends", false);
	json_backends(f, s);
	json_key(f, "rates", false);
	json_rates(f, s);
	json_key(f, "contention", false);
	json_contention(f, s);
	json_key(f, "overhead", false);
	json_overhead(f, s);
	json_key(f, "latency", false);
	json_latency(f, s);
	json_key(f, "latency_why", false);
	json_why(f, s->latency_why, sizeof(s->latency_why), true);
	json_key(f, "swapoff", false);
	json_swapoff(f, s);
	fputs("}\n", f);
}
