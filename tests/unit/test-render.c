// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vswaptop's batch renderers (tools/vswaptop/render.c): the
 * sort of the contention rows, the text panels and the JSON line, which
 * is checked with jq.  Built with ASan and UBSan.  TAP output.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include "vswap.h"
#include "collect.h"
#include "model.h"
#include "render.h"
#include "tap.h"


#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define WHY_LOCKS	"needs the vswap events (lock contention tracepoint)"
#define WHY_OVERHEAD	"no swap_info_struct in the kernel's BTF"
#define WHY_LATENCY	"swapin, zswap_wb: no fentry on this kernel"
#define WHY_RATES	"by backend needs the vswap events"
#define WHY_SWAPOFF	"progress needs the vswap swapoff events"

static struct top_lock lock(int type, int cluster, int kind, uint64_t contended,
			    uint64_t wait, uint64_t max)
{
	return (struct top_lock){ .type = type, .cluster = cluster, .kind = kind,
				  .contended = contended, .wait_ns = wait, .max_ns = max,
				  .share = wait / 4e9 };
}

/*
 * Two devices, four contended clusters whose order is different for each
 * sort key, two device-wide locks, every panel with data.
 */
static void fixture(struct top_snapshot *s)
{
	struct top_contention *c = &s->contention;
	struct top_overhead *o = &s->overhead;

	memset(s, 0, sizeof(*s));
	s->time = 1714564800.25;
	s->interval_s = 1.0;
	strcpy(s->kernel, "6.12.0-vswap");
	strcpy(s->source, "vswap events");

	s->nr_devs = 2;
	strcpy(s->devs[0].swap.path, "/dev/zram0");
	s->devs[0].swap.partition = true;
	s->devs[0].swap.kdev = (253u << 20) | 0;
	s->devs[0].swap.size_kb = 2097152;
	s->devs[0].swap.used_kb = 524288;
	s->devs[0].swap.prio = 100;
	s->devs[0].type = 0;
	s->devs[0].has_zero = true;
	s->devs[0].zero_entries = 1234;
	s->devs[0].alloc_per_s = 10;
	s->devs[0].free_per_s = 5;
	s->devs[0].out_pages_per_s = 100;
	s->devs[0].in_pages_per_s = 50;
	strcpy(s->devs[1].swap.path, "/swapfile");
	s->devs[1].swap.size_kb = 1048576;
	s->devs[1].swap.prio = -2;
	s->devs[1].type = 1;

	s->rates.by_backend = true;
	s->rates.out_pages_per_s[TOP_ZERO] = 10;
	s->rates.out_pages_per_s[TOP_ZSWAP] = 100;
	s->rates.out_pages_per_s[TOP_DISK] = 40;
	s->rates.in_pages_per_s[TOP_ZSWAP] = 50;
	s->rates.out_total_per_s = 150;
	s->rates.in_total_per_s = 50;
	s->rates.zswap_wb_pages_per_s = 2.5;

	s->backends.used = 131072;
	s->backends.swapcache = 3072;
	s->backends.has_zswap = true;
	s->backends.zswap_stored = 25600;
	s->backends.has_zero = true;
	s->backends.zero = 1234;

	c->available = true;
	c->clusters[0] = lock(0, 5, VS_LOCK_CLUSTER, 10, 5000, 900);
	c->clusters[1] = lock(0, 7, VS_LOCK_CLUSTER, 50, 3000, 200);
	c->clusters[2] = lock(1, 2, VS_LOCK_CLUSTER, 20, 8000, 400);
	c->clusters[3] = lock(0, 9, VS_LOCK_CLUSTER, 5, 1000, 1000);
	c->clusters[0].share = 0.001;
	c->nr_clusters = c->nr_clusters_total = 4;
	c->device_locks[0] = lock(0, -1, VS_LOCK_DEVICE, 3, 700, 300);
	c->device_locks[1] = lock(-1, -1, VS_LOCK_AVAIL, 1, 100, 100);
	c->nr_device_locks = 2;

	o->available = true;
	o->rows[0] = (struct top_struct_cost){ "swap_map", "unsigned char", 1, 4, 786432, false };
	o->rows[1] = (struct top_struct_cost){ "zswap entry", "zswap_entry", 0, 56, 1433600, true };
	o->nr_rows = 2;
	o->slots = 786432;
	o->used = 131072;
	o->total_per_slot = 2.8229166666666665;
	o->total_per_used = 16.9375;
	o->total_bytes = 2220032;

	s->latency[0] = (struct top_latency){ "alloc", 1000, 1200, 10000, true };
	s->latency[1] = (struct top_latency){ "swapin", 0, 0, 0, false };
	s->nr_latency = 2;

	s->swapoff.active = true;
	s->swapoff.type = 1;
	strcpy(s->swapoff.path, "/swapfile");
	s->swapoff.total = 1000;
	s->swapoff.remaining = 380;
	s->swapoff.percent = 62;
	s->swapoff.pages_per_s = 310;
	s->swapoff.eta_s = 380 / 310.0;
	s->swapoff.exact = true;
}

/* Every panel that can lack a source, without one. */
static void unavailable(struct top_snapshot *s)
{
	s->contention.available = false;
	strcpy(s->contention.why, WHY_LOCKS);
	s->overhead.available = false;
	strcpy(s->overhead.why, WHY_OVERHEAD);
	s->nr_latency = 0;
	strcpy(s->latency_why, WHY_LATENCY);
	s->rates.by_backend = false;
	strcpy(s->rates.why, WHY_RATES);
	memset(&s->swapoff, 0, sizeof(s->swapoff));
	strcpy(s->swapoff.why, WHY_SWAPOFF);
}

/*
 * Panels with a source, but values it cannot measure: the tracepoint
 * tier has no swap-out/swap-in/alloc/free or zswap_wb, so no per-device
 * rates; an operation without events has no quantiles; no used entries,
 * no bytes per used entry; a swapoff just begun, no speed yet.
 */
static void unmeasured(struct top_snapshot *s)
{
	for (int i = 0; i < s->nr_devs; i++) {
		s->devs[i].alloc_per_s = s->devs[i].free_per_s = TOP_NONE;
		s->devs[i].out_pages_per_s = s->devs[i].in_pages_per_s = TOP_NONE;
	}
	s->devs[1].type = -1;
	s->rates.zswap_wb_pages_per_s = TOP_NONE;
	s->latency[0].count = 0;
	s->latency[0].p50_ns = s->latency[0].p99_ns = TOP_NONE;
	s->overhead.used = 0;
	s->overhead.total_per_used = TOP_NONE;
	for (int i = 0; i < s->overhead.nr_rows; i++)
		s->overhead.rows[i].bytes_per_used = TOP_NONE;
	s->swapoff.pages_per_s = TOP_NONE;
	s->swapoff.eta_s = -1;
}

/*
 * What a renderer writes, as a string to free.  Not inlined: gcc 12 at -O2
 * takes the result for the address of the local (-Wdangling-pointer).
 */
static __attribute__((noinline)) char *text(const struct top_snapshot *s, enum top_sort key)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	render_text(f, s, key);
	fclose(f);
	return buf;
}

static __attribute__((noinline)) char *json(const struct top_snapshot *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	render_json(f, s);
	fclose(f);
	return buf;
}

/* "cluster A", "cluster B", ... appear in this order. */
static bool in_order(const char *out, const int *clusters, int n)
{
	const char *prev = out;
	char pat[32];

	for (int i = 0; i < n; i++) {
		const char *p;

		snprintf(pat, sizeof(pat), " cluster %d ", clusters[i]);
		p = strstr(out, pat);
		if (!p || p < prev)
			return false;
		prev = p;
	}
	return true;
}

static bool sorted_as(const struct top_lock *l, const int *clusters, int n)
{
	for (int i = 0; i < n; i++)
		if (l[i].cluster != clusters[i])
			return false;
	return true;
}

/* Field by field: memcmp() would compare the padding after the ints too. */
static bool same_locks(const struct top_lock *a, const struct top_lock *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i].type != b[i].type || a[i].cluster != b[i].cluster ||
		    a[i].kind != b[i].kind || a[i].contended != b[i].contended ||
		    a[i].wait_ns != b[i].wait_ns || a[i].max_ns != b[i].max_ns ||
		    a[i].share != b[i].share)
			return false;
	return true;
}

static const int order[TOP_NR_SORTS][4] = {
	[SORT_WAIT] = { 2, 5, 7, 9 },
	[SORT_COUNT] = { 7, 2, 5, 9 },
	[SORT_MAX] = { 9, 5, 2, 7 },
	[SORT_CLUSTER] = { 5, 7, 9, 2 },
};

static void test_sort(void)
{
	static const char *const names[] = { "wait", "count", "max", "cluster" };
	struct top_snapshot *s = calloc(1, sizeof(*s));
	struct top_lock l[8], ref[8];

	for (int k = 0; k < TOP_NR_SORTS; k++)
		CHECK(!strcmp(top_sort_name(k), names[k]), "sort key %d is named %s", k, names[k]);
	CHECK(top_sort_name(TOP_NR_SORTS) && top_sort_name(-1), "bad sort keys have a name");

	fixture(s);
	for (int k = 0; k < TOP_NR_SORTS; k++) {
		memcpy(l, s->contention.clusters, 4 * sizeof(*l));
		top_sort_locks(l, 4, k);
		CHECK(sorted_as(l, order[k], 4), "sort by %s: clusters %d %d %d %d",
		      names[k], l[0].cluster, l[1].cluster, l[2].cluster, l[3].cluster);
	}

	/* ties on the key: the other measures, then the place decide */
	l[0] = lock(1, 3, VS_LOCK_CLUSTER, 10, 500, 50);
	l[1] = lock(0, 8, VS_LOCK_CLUSTER, 20, 500, 50);
	l[2] = lock(0, 4, VS_LOCK_CLUSTER, 10, 500, 90);
	l[3] = lock(0, 6, VS_LOCK_CLUSTER, 10, 500, 50);
	top_sort_locks(l, 4, SORT_WAIT);
	CHECK(sorted_as(l, (int[]){ 8, 4, 6, 3 }, 4),
	      "wait ties: more contended, then longer max, then (type, cluster)");
	l[0] = lock(0, 3, VS_LOCK_CLUSTER, 10, 100, 50);
	l[1] = lock(0, 1, VS_LOCK_CLUSTER, 10, 100, 50);
	l[2] = lock(0, 2, VS_LOCK_CLUSTER, 10, 900, 50);
	top_sort_locks(l, 3, SORT_COUNT);
	CHECK(sorted_as(l, (int[]){ 2, 1, 3 }, 3), "count ties: more wait, then cluster");
	l[0] = lock(1, 0, VS_LOCK_CLUSTER, 1, 10, 70);
	l[1] = lock(0, 0, VS_LOCK_CLUSTER, 1, 10, 70);
	top_sort_locks(l, 2, SORT_MAX);
	CHECK(l[0].type == 0 && l[1].type == 1, "max ties: lower swap type first");
	l[0] = lock(0, 4, VS_LOCK_CLUSTER, 1, 10, 10);
	l[1] = lock(-1, -1, VS_LOCK_AVAIL, 1, 10, 10);
	l[2] = lock(0, -1, VS_LOCK_DEVICE, 1, 10, 10);
	top_sort_locks(l, 3, SORT_CLUSTER);
	CHECK(l[0].kind == VS_LOCK_AVAIL && l[1].kind == VS_LOCK_DEVICE && l[2].cluster == 4,
	      "cluster order: swap_avail_lock (-1), then the device lock, then clusters");

	/* the result does not depend on the order the rows came in */
	for (int k = 0; k < TOP_NR_SORTS; k++) {
		bool same = true;

		for (int i = 0; i < 8; i++)
			ref[i] = lock(i % 2, i / 2, VS_LOCK_CLUSTER, 5 + i % 3, 100 * (i % 2), 50);
		top_sort_locks(ref, 8, k);
		for (int rot = 1; rot < 8; rot++) {
			for (int i = 0; i < 8; i++)
				l[i] = lock((i + rot) % 8 % 2, (i + rot) % 8 / 2, VS_LOCK_CLUSTER,
					    5 + (i + rot) % 8 % 3, 100 * ((i + rot) % 8 % 2), 50);
			/* reversed too */
			if (rot % 2)
				for (int i = 0; i < 4; i++) {
					struct top_lock t = l[i];

					l[i] = l[7 - i];
					l[7 - i] = t;
				}
			top_sort_locks(l, 8, k);
			same &= same_locks(l, ref, 8);
		}
		CHECK(same, "sort by %s with ties is the same for every input order", names[k]);
	}
	top_sort_locks(NULL, 0, SORT_WAIT);
	top_sort_locks(l, 1, SORT_WAIT);
	CHECK(true, "empty and single-row sorts");
	free(s);
}

static void test_format(void)
{
	char b[32];

	CHECK(!strcmp(top_fmt_size(b, sizeof(b), 812), "812B"), "812B");
	CHECK(!strcmp(top_fmt_size(b, sizeof(b), 4096), "4.00KiB"), "4.00KiB");
	CHECK(!strcmp(top_fmt_size(b, sizeof(b), 12.5 * 1048576), "12.5MiB"), "12.5MiB");
	CHECK(!strcmp(top_fmt_size(b, sizeof(b), 2147483648.0), "2.00GiB"), "2.00GiB");
	CHECK(!strcmp(top_fmt_size(b, sizeof(b), 512 * 1048576.0), "512MiB"), "512MiB");
	CHECK(!strcmp(top_fmt_rate(b, sizeof(b), 0), "0") &&
	      !strcmp(top_fmt_rate(b, sizeof(b), 3.5), "3.50") &&
	      !strcmp(top_fmt_rate(b, sizeof(b), 812), "812") &&
	      !strcmp(top_fmt_rate(b, sizeof(b), 12345), "12.3k") &&
	      !strcmp(top_fmt_rate(b, sizeof(b), INFINITY), "0"), "rates: 0 3.50 812 12.3k");
	/* not measured is not 0 */
	CHECK(!strcmp(top_fmt_rate(b, sizeof(b), TOP_NONE), "-"), "an unmeasured rate is -");
	CHECK(!strcmp(top_fmt_fixed(b, sizeof(b), TOP_NONE, 1), "-") &&
	      !strcmp(top_fmt_fixed(b, sizeof(b), 2.25, 1), "2.2") &&
	      !strcmp(top_fmt_fixed(b, sizeof(b), 0, 2), "0.00"), "fixed decimals, - unmeasured");
	CHECK(!strcmp(top_fmt_duration(b, sizeof(b), TOP_NONE), "-") &&
	      !strcmp(top_fmt_duration(b, sizeof(b), 1200), "1.20us"), "durations, - unmeasured");
	CHECK(!strcmp(top_fmt_size(b, sizeof(b), TOP_NONE), "-") &&
	      !strcmp(top_fmt_eta(b, sizeof(b), TOP_NONE), "-"), "sizes and ETAs, - unmeasured");
	CHECK(!top_known(TOP_NONE) && top_known(0) && top_known(-1), "TOP_NONE is not a number");
	CHECK(!strcmp(top_fmt_eta(b, sizeof(b), -1), "unknown") &&
	      !strcmp(top_fmt_eta(b, sizeof(b), 2.5), "2.50s") &&
	      !strcmp(top_fmt_eta(b, sizeof(b), 185), "3m05s") &&
	      !strcmp(top_fmt_eta(b, sizeof(b), 7800), "2h10m"), "ETA: unknown 2.50s 3m05s 2h10m: %s", b);
	CHECK(!strcmp(top_bar(b, 10, 62), "[######----]"), "bar 62%% of 10: %s", b);
	CHECK(!strcmp(top_bar(b, 10, 99.99), "[#########-]"), "bar 99.99%% is not full");
	CHECK(!strcmp(top_bar(b, 4, NAN), "[----]") && !strcmp(top_bar(b, 4, 250), "[####]"),
	      "bar clamps NaN and >100%%");
}

/* Every line is the header, a panel title in capitals, or an indented row. */
static bool greppable(const char *out)
{
	for (const char *line = out; *line; ) {
		const char *end = strchr(line, '\n');

		if (!end)
			return false;
		if (end > line && strncmp(line, "vswaptop ", 9) && strncmp(line, "  ", 2) &&
		    !(line[0] >= 'A' && line[0] <= 'Z'))
			return false;
		if (memchr(line, '\t', end - line))
			return false;
		line = end + 1;
	}
	return true;
}

static void test_text(void)
{
	struct top_snapshot *s = calloc(1, sizeof(*s));
	char *out;

	setenv("TZ", "UTC", 1);
	fixture(s);
	out = text(s, SORT_WAIT);
#define HEADER "vswaptop 2024-05-01T12:00:00+0000 interval 1.00s kernel 6.12.0-vswap " \
	       "source vswap events\n"
	CHECK(!strncmp(out, HEADER, strlen(HEADER)), "header line: %.*s", (int)strlen(HEADER) - 1,
	      out);
	CHECK(strstr(out, "\nDEVICES\n") && strstr(out, "\nBACKENDS\n") &&
	      strstr(out, "\nSWAP RATES\n") && strstr(out, "\nCLUSTER CONTENTION sort wait") &&
	      strstr(out, "\nDEVICE-WIDE LOCKS\n") && strstr(out, "\nPER-ENTRY OVERHEAD ") &&
	      strstr(out, "\nLATENCY\n") && strstr(out, "\nSWAPOFF "), "every panel title");
	CHECK(greppable(out), "lines are titles or indented rows, no tabs");
	CHECK(out[strlen(out) - 1] == '\n' && out[strlen(out) - 2] == '\n',
	      "a blank line ends the snapshot");
	CHECK(strstr(out, "\n  /dev/zram0 type 0 partition prio 100 size 2.00GiB used 512MiB "
		      "25.0% zero 1234 alloc 10.0/s free 5.0/s out 100.0/s 0.39 MiB/s "
		      "in 50.0/s 0.20 MiB/s\n") || getpagesize() != 4096,
	      "device line");
	CHECK(strstr(out, "\n  /swapfile type 1 file prio -2 size 1.00GiB used 0B 0.0% zero -"),
	      "file device without a zeromap");
	CHECK(strstr(out, "\n  used 512MiB swapcache 12.0MiB zswap 100MiB zero 4.82MiB\n") ||
	      getpagesize() != 4096, "backends in bytes");
	CHECK((strstr(out, "\n  out 150.0 pages/s 0.59 MiB/s zero 10.0 zswap 100.0 disk 40.0\n") ||
	       getpagesize() != 4096) &&
	      strstr(out, "\n  zswap writeback 2.5 pages/s\n"), "rates by backend");
	CHECK(strstr(out, "\nCLUSTER CONTENTION sort wait, 4 contended clusters, top 4\n"),
	      "contention title");
	CHECK(strstr(out, "\n  /dev/zram0 cluster 5 ci->lock contended 10 wait 5.00us max 900ns "
		      "share 0.10%\n"), "contention row format");
	CHECK(strstr(out, "\n  /swapfile cluster 2 ci->lock contended 20 wait 8.00us max 400ns"),
	      "row of the second device");
	CHECK(strstr(out, "\n  /dev/zram0 si->lock contended 3 wait 700ns max 300ns") &&
	      strstr(out, "\n  global swap_avail_lock contended 1 wait 100ns max 100ns"),
	      "device-wide locks");
	CHECK(strstr(out, "\nPER-ENTRY OVERHEAD 786432 slots 131072 used: 2.82 B/slot 16.94 B/used "
		      "total 2.12MiB\n") &&
	      strstr(out, "\n  zswap entry (zswap_entry) 0.00 B/slot 56.00 B/used total 1.37MiB "
		     "per used entry\n"), "overhead total and rows");
	CHECK(strstr(out, "\n  alloc count 1000 p50 1.20us p99 10.0us\n") &&
	      strstr(out, "\n  swapin unavailable\n"), "latency p50/p99 and an unavailable op");
	CHECK(strstr(out, "\nSWAPOFF /swapfile running [############--------] 62.0% 310.0 pages/s "
		      "ETA 1.23s remaining 380 of 1000 pages (exact)\n"), "swapoff at 62%%");
	free(out);

	for (int k = 0; k < TOP_NR_SORTS; k++) {
		out = text(s, k);
		CHECK(in_order(out, order[k], 4), "text rows in %s order", top_sort_name(k));
		free(out);
	}

	s->swapoff.percent = 0;
	s->swapoff.remaining = 1000;
	s->swapoff.pages_per_s = 0;
	s->swapoff.eta_s = -1;
	s->swapoff.exact = false;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "running [--------------------] 0.0% 0.0 pages/s ETA unknown "
		      "remaining 1000 of 1000 pages (estimated from /proc/swaps)\n"), "swapoff at 0%%");
	free(out);
	s->swapoff.percent = 100;
	s->swapoff.remaining = 0;
	s->swapoff.done = true;
	s->swapoff.eta_s = 0;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "\nSWAPOFF /swapfile done [####################] 100.0%"),
	      "swapoff done at 100%%");
	free(out);
	s->swapoff.ret = -12;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "\nSWAPOFF /swapfile failed (Cannot allocate memory) "), "swapoff failed");
	free(out);

	/* more rows than the text shows: the top ones of the key */
	for (int i = 0; i < 30; i++)
		s->contention.clusters[i] = lock(0, 100 + i, VS_LOCK_CLUSTER, i, 1000 * i, i);
	s->contention.nr_clusters = 30;
	s->contention.nr_clusters_total = 200;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "CLUSTER CONTENTION sort wait, 200 contended clusters, top 10\n") &&
	      in_order(out, (int[]){ 129, 128, 127 }, 3) && strstr(out, " cluster 120 ") &&
	      !strstr(out, " cluster 119 "), "text shows the top 10 rows of the key");
	free(out);

	/* contentions the per-lock map had no room for are told */
	s->contention.lost = 7;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "CLUSTER CONTENTION sort wait, 200 contended clusters, top 10, "
		      "7 contentions not kept (lock map full)\n"), "text tells lost contentions");
	free(out);
	s->contention.lost = 0;

	/* panels without a source say why */
	fixture(s);
	unavailable(s);
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "\nCLUSTER CONTENTION: unavailable: " WHY_LOCKS "\n") &&
	      strstr(out, "\nDEVICE-WIDE LOCKS: unavailable: " WHY_LOCKS "\n"),
	      "unavailable contention prints its why");
	CHECK(!strstr(out, " cluster 5") && !strstr(out, "contended "),
	      "no contention numbers when unavailable");
	CHECK(strstr(out, "\nPER-ENTRY OVERHEAD: unavailable: " WHY_OVERHEAD "\n") &&
	      !strstr(out, "B/slot"), "unavailable overhead prints its why");
	CHECK(strstr(out, "\nLATENCY: unavailable: " WHY_LATENCY "\n"),
	      "no latency source prints its why");
	CHECK(strstr(out, "\n  out 150.0 pages/s 0.59 MiB/s\n  in 50.0 pages/s 0.20 MiB/s\n"
		      "  by backend: unavailable: " WHY_RATES "\n") || getpagesize() != 4096,
	      "rates without backends print totals and why");
	CHECK(strstr(out, "\nSWAPOFF: unavailable: " WHY_SWAPOFF "\n"), "swapoff why");
	CHECK(greppable(out), "unavailable panels are greppable too");
	free(out);
	s->swapoff.why[0] = '\0';
	s->contention.why[0] = '\0';
	s->nr_devs = 0;
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "\nSWAPOFF: none running\n"), "no swapoff");
	CHECK(strstr(out, "\nCLUSTER CONTENTION: unavailable: no data source on this kernel\n"),
	      "an empty why still says unavailable");
	CHECK(strstr(out, "\nDEVICES: none"), "no devices");
	free(out);

	/* a broken snapshot: unterminated strings, counts out of range */
	fixture(s);
	memset(s->kernel, 'k', sizeof(s->kernel));
	memset(s->devs[0].swap.path, 'p', sizeof(s->devs[0].swap.path));
	s->nr_devs = 1000;
	s->contention.nr_clusters = 1000;
	s->contention.nr_device_locks = -3;
	s->overhead.nr_rows = 99;
	s->nr_latency = 11;
	out = text(s, SORT_WAIT);
	CHECK(out && strstr(out, "kernel kkkkkkkk") && !strstr(out, "DEVICE-WIDE LOCKS\n"),
	      "unterminated strings and bad counts are bounded (ASan checks)");
	free(out);
	out = json(s);
	CHECK(out && strchr(out, '\n') == out + strlen(out) - 1, "same for JSON");
	free(out);
	free(s);
}

/* jq -e @expr on @json: true if it parses and the expression holds. */
static bool jq(const char *json, const char *expr)
{
	char path[] = "/tmp/test-render-XXXXXX", cmd[1024];
	int fd = mkstemp(path), rc;
	FILE *f = fdopen(fd, "w");

	fputs(json, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "jq -e '%s' %s >/dev/null 2>&1", expr, path);
	rc = system(cmd);
	unlink(path);
	return rc == 0;
}

#define JQ(json, expr) CHECK(jq(json, expr), "jq: %s", expr)

/* The number after "@key": in @json, read back with strtod. */
static double number_of(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	return p ? strtod(p + strlen(pat), NULL) : NAN;
}

static void test_json(void)
{
	static const double values[] = { 0.1, 1.0 / 3, 1e-300, 123456789.123456789,
					 DBL_MAX, 5e-324, 2.5, -0.0 };
	struct top_snapshot *s = calloc(1, sizeof(*s));
	bool same = true;
	char *out;

	CHECK(system("jq --version >/dev/null 2>&1") == 0, "jq is installed");
	fixture(s);
	s->contention.clusters[1].share = 0.1234567890123;
	out = json(s);
	CHECK(strchr(out, '\n') == out + strlen(out) - 1, "exactly one line");
	JQ(out, ".");
	JQ(out, "keys == [\"backends\",\"contention\",\"devices\",\"interval_s\",\"kernel\","
		"\"latency\",\"latency_why\",\"lost\",\"overhead\",\"page_size\",\"rates\","
		"\"source\",\"swapoff\",\"time\"]");
	JQ(out, ".time == 1714564800.25 and .interval_s == 1 and .kernel == \"6.12.0-vswap\" "
		"and .source == \"vswap events\" and .lost == 0");
	JQ(out, ".devices | length == 2");
	JQ(out, ".devices[0] == {\"path\":\"/dev/zram0\",\"type\":0,\"partition\":true,"
		"\"virtual\":false,\"kdev\":265289728,\"prio\":100,\"size_bytes\":2147483648,\"used_bytes\":536870912,"
		"\"zero_entries\":1234,\"alloc_per_s\":10,\"free_per_s\":5,\"out_pages_per_s\":100,"
		"\"in_pages_per_s\":50,\"bound\":null}");
	JQ(out, ".devices[1].zero_entries == null and .devices[1].partition == false");
	JQ(out, ".backends == {\"used_pages\":131072,\"swapcache_pages\":3072,"
		"\"zswap_stored_pages\":25600,\"zero_pages\":1234}");
	JQ(out, ".rates.by_backend and .rates.out_pages_per_s == {\"zero\":10,\"zswap\":100,"
		"\"disk\":40} and .rates.out_total_per_s == 150 and .rates.why == null");
	JQ(out, ".contention.available and .contention.why == null and "
		".contention.nr_clusters_total == 4 and (.contention.clusters | length) == 4 and "
		".contention.lost == 0");
	s->contention.lost = 7;
	free(out);
	out = json(s);
	JQ(out, ".contention.lost == 7");
	s->contention.lost = 0;
	JQ(out, ".contention.clusters[0] == {\"type\":0,\"device\":\"/dev/zram0\",\"cluster\":5,"
		"\"kind\":\"cluster\",\"lock\":\"ci->lock\",\"contended\":10,\"wait_ns\":5000,"
		"\"max_ns\":900,\"share\":0.001}");
	JQ(out, ".contention.clusters[1].share == 0.1234567890123");
	JQ(out, ".contention.device_locks | map(.kind) == [\"device\",\"avail\"]");
	JQ(out, ".contention.device_locks[1].device == null and "
		".contention.device_locks[1].cluster == null");
	JQ(out, ".overhead.available and .overhead.total_per_slot == 2.8229166666666665 and "
		".overhead.total_bytes == 2220032 and (.overhead.rows | length) == 2");
	JQ(out, ".overhead.rows[1] == {\"name\":\"zswap entry\",\"type\":\"zswap_entry\","
		"\"bytes_per_slot\":0,\"bytes_per_used\":56,\"total_bytes\":1433600,\"per_used\":true}");
	JQ(out, ".latency == [{\"op\":\"alloc\",\"available\":true,\"count\":1000,\"p50_ns\":1200,"
		"\"p99_ns\":10000},{\"op\":\"swapin\",\"available\":false,\"count\":null,"
		"\"p50_ns\":null,\"p99_ns\":null}] and .latency_why == null");
	JQ(out, ".swapoff == {\"active\":true,\"why\":null,\"done\":false,\"ret\":0,\"type\":1,"
		"\"path\":\"/swapfile\",\"total_pages\":1000,\"remaining_pages\":380,"
		"\"pages_per_s\":310,\"eta_s\":1.2258064516129032,\"percent\":62,\"exact\":true}");
	free(out);

	/* unavailable values are null, with a why */
	unavailable(s);
	s->backends.has_zswap = false;
	s->devs[0].has_zero = false;
	s->rates.in_total_per_s = NAN;
	s->swapoff.eta_s = -1;
	out = json(s);
	JQ(out, ".contention == {\"available\":false,\"why\":\"" WHY_LOCKS "\","
		"\"nr_clusters_total\":null,\"lost\":null,\"clusters\":null,\"device_locks\":null}");
	JQ(out, ".overhead.available == false and .overhead.why == \"no swap_info_struct in the "
		"kernel\\u0027s BTF\" and .overhead.rows == null and .overhead.total_per_slot == null");
	JQ(out, ".latency == [] and .latency_why == \"" WHY_LATENCY "\"");
	JQ(out, ".rates.out_pages_per_s == null and .rates.in_pages_per_s == null and "
		".rates.why == \"" WHY_RATES "\" and .rates.out_total_per_s == 150");
	JQ(out, ".rates.in_total_per_s == null");
	JQ(out, ".swapoff.active == false and .swapoff.why == \"" WHY_SWAPOFF "\" and "
		".swapoff.percent == null and .swapoff.eta_s == null");
	JQ(out, ".backends.zswap_stored_pages == null and .devices[0].zero_entries == null");
	free(out);

	/* strings that need escaping */
	fixture(s);
	strcpy(s->devs[0].swap.path, "/dev/we\"ird\\path\n");
	strcpy(s->source, "tab\there");
	out = json(s);
	JQ(out, ".devices[0].path == \"/dev/we\\\"ird\\\\path\\n\" and "
		".contention.clusters[0].device == .devices[0].path and .source == \"tab\\there\"");
	CHECK(strchr(out, '\n') == out + strlen(out) - 1, "escaped strings keep one line");
	free(out);

	/* numbers round-trip exactly */
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		s->time = values[i];
		out = json(s);
		if (number_of(out, "time") != values[i] ||
		    signbit(number_of(out, "time")) != signbit(values[i])) {
			printf("# %.17g came back as %.17g\n", values[i], number_of(out, "time"));
			same = false;
		}
		free(out);
	}
	CHECK(same, "doubles round-trip through the JSON text");
	s->time = 0.1;
	s->lost = UINT64_MAX;
	s->contention.clusters[0].wait_ns = UINT64_MAX - 1;
	out = json(s);
	CHECK(strstr(out, "\"time\":0.1,") && strstr(out, "\"lost\":18446744073709551615,") &&
	      strstr(out, "\"wait_ns\":18446744073709551614,"),
	      "shortest form for 0.1, 64-bit counters exact");
	JQ(out, ".time == 0.1");
	free(out);
	free(s);
}

/* Unmeasured values are "-" and null, never 0 (nor "nan"). */
/*
 * The virtual swap device's binding words: 8 bytes per slot of the
 * virtual device, and nothing on a physical one.  The sizes are those of
 * the 6.12 test kernel's BTF.
 */
static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void test_overhead_virtual(void)
{
	struct btf_sizes sz = { .swap_info = 440, .cluster_info = 16, .swap_cgroup = 2,
				.xa_node = 576, .has_swap_map = true, .has_zeromap = true,
				.swp_virtual = 1 << 13, .vswap_bind = 8 };
	struct top_overhead phys, virt, old;
	struct top_snapshot *s = calloc(1, sizeof(*s));
	const uint64_t slots = 131072 + 1;	/* 512 MiB and the header */
	bool same = true;

	s->nr_devs = 2;
	strcpy(s->devs[0].swap.path, "/dev/vda");
	s->devs[0].swap.partition = true;
	s->devs[0].swap.size_kb = 524288;
	s->devs[0].type = 1;
	strcpy(s->devs[1].swap.path, "/vswap/dev");
	s->devs[1].swap.size_kb = 524288;
	s->devs[1].type = 0;
	s->backends.used = 1000;

	/* the same two devices, neither virtual: what a stock kernel shows */
	collect_overhead(&sz, s, 512, true, &phys);
	s->devs[1].virtual = true;
	collect_overhead(&sz, s, 512, true, &virt);
	CHECK(phys.virtual_slots == 0 && !top_known(phys.virtual_per_slot),
	      "no virtual device: no virtual slots, their bytes per slot unmeasured");
	CHECK(virt.nr_rows == phys.nr_rows + 1, "one more row with a virtual device (%d, %d)",
	      virt.nr_rows, phys.nr_rows);
	for (int i = 0, j = 0; i < phys.nr_rows && j < virt.nr_rows; i++, j++) {
		if (!strcmp(virt.rows[j].name, "vswap bindings"))
			j++;
		if (strcmp(phys.rows[i].name, virt.rows[j].name) ||
		    phys.rows[i].total_bytes != virt.rows[j].total_bytes)
			same = false;
	}
	CHECK(same, "every other row is the same: physical devices pay nothing more");
	CHECK(virt.nr_rows > 5 && !strcmp(virt.rows[4].name, "vswap bindings") &&
	      !strcmp(virt.rows[4].type, "unsigned long") &&
	      virt.rows[4].total_bytes == slots * 8 && !virt.rows[4].per_used,
	      "vswap bindings: 8 bytes per slot of the virtual device alone");
	CHECK(virt.total_bytes == phys.total_bytes + slots * 8, "the total grows by them");
	/* swap_map 1 + clusters 16/512 + zeromap 1/8 + swap_cgroup 2 + bindings 8, + swap_info */
	CHECK(virt.virtual_slots == slots &&
	      near(virt.virtual_per_slot, (slots + 257 * 16 + 2049 * 8 + 65 * 4096 + slots * 8 + 440) /
					  (double)slots, 1e-9),
	      "the virtual device's fixed bytes per slot: %.2f (11.19 B)", virt.virtual_per_slot);

	/* a virtual device without binding words (the series before them) */
	sz.vswap_bind = -1;
	collect_overhead(&sz, s, 512, true, &old);
	CHECK(old.nr_rows == phys.nr_rows && old.total_bytes == phys.total_bytes &&
	      old.virtual_slots == slots, "no vswap_bind in BTF: no binding row");

	/* the device lines: a virtual device says so, and its bound slots */
	{
		char *out = NULL, *line, *end = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		s->devs[1].has_bound = true;
		s->devs[1].bound = 4242;
		s->overhead = virt;
		render_text(f, s, SORT_WAIT);
		fclose(f);
		CHECK(strstr(out, "\n  /vswap/dev type 0 virtual prio 0 ") &&
		      strstr(out, " bound 4242\n"), "text: the virtual device, its bound slots");
		CHECK(strstr(out, "\n  vswap bindings (unsigned long) ") &&
		      strstr(out, "\n  virtual devices 131073 slots 11.19 B/slot fixed\n"),
		      "text: the binding row and the virtual device's bytes per slot");
		line = strstr(out, "\n  /dev/vda type 1 partition prio 0 ");
		end = line ? strchr(line + 1, '\n') : NULL;
		if (end)
			*end = '\0';
		CHECK(line && end && !strstr(line, "bound"),
		      "text: a physical device's line has no bound count");
		free(out);
	}
	free(s);
}

static void test_unmeasured(void)
{
	struct top_snapshot *s = calloc(1, sizeof(*s));
	char *out;

	setenv("TZ", "UTC", 1);
	fixture(s);
	unmeasured(s);
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "\n  /dev/zram0 type 0 partition prio 100 size 2.00GiB used 512MiB "
		      "25.0% zero 1234 alloc -/s free -/s out -/s - MiB/s in -/s - MiB/s\n"),
	      "text: per-device rates without a source are -");
	CHECK(strstr(out, "\n  /swapfile type - file prio -2 "), "text: an unknown swap type is -");
	CHECK(strstr(out, "\n  zswap writeback - pages/s\n"), "text: zswap writeback unmeasured");
	CHECK(strstr(out, "\n  alloc count 0 p50 - p99 -\n"), "text: no events, no quantiles");
	CHECK(strstr(out, "\nPER-ENTRY OVERHEAD 786432 slots 0 used: 2.82 B/slot - B/used "
		      "total 2.12MiB\n") &&
	      strstr(out, "\n  swap_map (unsigned char) 1.00 B/slot - B/used total"),
	      "text: bytes per used entry, with none used, are -");
	CHECK(strstr(out, "\nSWAPOFF /swapfile running [############--------] 62.0% - pages/s "
		      "ETA unknown remaining 380 of 1000 pages (exact)\n"),
	      "text: a swapoff without a speed yet");
	CHECK(!strstr(out, "nan") && !strstr(out, "inf"), "text: no nan or inf anywhere");
	CHECK(greppable(out), "text: unmeasured values keep the lines greppable");
	/* the contention panel without a source on top: still no 0 for unmeasured */
	unavailable(s);
	free(out);
	out = text(s, SORT_WAIT);
	CHECK(strstr(out, "alloc -/s free -/s out -/s - MiB/s in -/s - MiB/s\n") &&
	      strstr(out, "\nCLUSTER CONTENTION: unavailable: ") && !strstr(out, "nan"),
	      "text: the tracepoint tier's snapshot");
	free(out);

	fixture(s);
	unmeasured(s);
	out = json(s);
	JQ(out, ".devices[0] | .alloc_per_s == null and .free_per_s == null and "
		".out_pages_per_s == null and .in_pages_per_s == null");
	JQ(out, ".devices[1].type == null and .devices[0].type == 0");
	JQ(out, ".rates.zswap_wb_pages_per_s == null and .rates.out_total_per_s == 150");
	JQ(out, ".latency[0] == {\"op\":\"alloc\",\"available\":true,\"count\":0,"
		"\"p50_ns\":null,\"p99_ns\":null}");
	JQ(out, ".overhead.total_per_used == null and .overhead.total_per_slot == 2.8229166666666665"
		" and ([.overhead.rows[].bytes_per_used] | all(. == null))");
	JQ(out, ".swapoff.pages_per_s == null and .swapoff.eta_s == null and .swapoff.percent == 62");
	free(out);
	free(s);
}

int main(void)
{
	test_sort();
	test_format();
	test_text();
	test_json();
	test_unmeasured();
	test_overhead_virtual();
	return tap_done();
}
