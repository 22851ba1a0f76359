// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only program (not shipped): vswaptop's interactive screen on a
 * fake source, so the UI can be driven without root, BPF or swap, by
 * tests/host/test-vswaptop-ui.sh (the suite vswaptop-ui-demo): on the
 * development machines vswaptop itself has no contended clusters to
 * sort.  The data changes every snapshot but is a function of the
 * snapshot's number only: three devices, eight contended clusters whose
 * order differs for every sort key, a panel without a source, a device
 * whose rates cannot be measured, and a swapoff going from 0 to 100%.
 *
 *   ui-demo [-d SECS] [-n COUNT] [-s KEY] [-a] [-b|-j]
 *           [--crash-after N] [--abort-after N] [--fail-after N]
 *           [--die-after N] [--ubsan-after N] [--slow MS] [--trace FILE]
 *
 * -a gives every panel and value a source; -b and -j print COUNT (default 3)
 * snapshots with the batch renderers instead; the --*-after options
 * make the Nth sample crash (SIGSEGV), abort, fail (-EIO), call die()
 * or overflow an int (a UBSan report in sanitizer builds), to see the
 * terminal restored and the message printed; --slow makes every sample
 * take MS milliseconds and --trace logs when each one began, to see that
 * the period does not drift.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>
#include "vswap.h"
#include "cli.h"
#include "model.h"
#include "names.h"
#include "render.h"
#include "ui.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct demo {
	long n;			/* samples taken */
	double last;		/* CLOCK_MONOTONIC of the last sample */
	bool all;		/* every panel has a source */
	long crash_after, abort_after, fail_after, die_after, ubsan_after;
	long slow_ms;		/* each sample takes this long */
	FILE *trace;		/* CLOCK_MONOTONIC of each sample */
	enum top_sort sort;	/* what the UI asked for, to cut the rows */
};

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_dev(struct top_snapshot *s, const char *path, bool part, uint64_t size_kb,
		    uint64_t used_kb, int prio)
{
	struct top_dev *d = &s->devs[s->nr_devs];

	snprintf(d->swap.path, sizeof(d->swap.path), "%s", path);
	d->swap.partition = part;
	d->swap.size_kb = size_kb;
	d->swap.used_kb = used_kb;
	d->swap.prio = prio;
	d->type = s->nr_devs++;
}

static void fill(struct demo *dm, struct top_snapshot *s, long k, double interval)
{
	struct top_contention *c = &s->contention;
	static const unsigned int ops[] = {
		VS_OP_ALLOC, VS_OP_FREE, VS_OP_SWAPOUT, VS_OP_SWAPIN, VS_OP_ZSWAP_WB,
	};
	struct top_overhead *o = &s->overhead;
	struct timespec wall;
	long phase = k % 25;	/* a swapoff every 25 snapshots */

	memset(s, 0, sizeof(*s));
	clock_gettime(CLOCK_REALTIME, &wall);
	s->time = wall.tv_sec + wall.tv_nsec / 1e9;
	s->interval_s = interval;
	snprintf(s->kernel, sizeof(s->kernel), "6.12.0-demo");
	snprintf(s->source, sizeof(s->source), "demo (fake data)");

	add_dev(s, "/dev/zram0", true, 4194304, 1048576 + 4096 * (k % 50), 100);
	add_dev(s, "/dev/vdb", true, 2097152, 262144, 10);
	add_dev(s, "/var/lib/swap/swapfile", false, 1048576,
		phase < 20 ? 1048576 * (20 - phase) / 20 : 0, -2);
	for (int i = 0; i < s->nr_devs; i++) {
		struct top_dev *d = &s->devs[i];

		d->has_zero = i == 0;
		d->zero_entries = 2000 + 10 * k;
		d->out_pages_per_s = 1000.0 / (i + 1) + 10 * (k % 7);
		d->in_pages_per_s = 400.0 / (i + 1) + 5 * (k % 5);
		d->alloc_per_s = d->out_pages_per_s;
		d->free_per_s = d->in_pages_per_s * 1.5;
	}
	/* a device whose rates have no source, as on the tracepoint tier */
	if (!dm->all) {
		struct top_dev *d = &s->devs[s->nr_devs - 1];

		d->out_pages_per_s = d->in_pages_per_s = TOP_NONE;
		d->alloc_per_s = d->free_per_s = TOP_NONE;
	}

	s->rates.by_backend = true;
	s->rates.out_pages_per_s[TOP_ZERO] = 50 + k % 10;
	s->rates.out_pages_per_s[TOP_ZSWAP] = 1200 + 30 * (k % 9);
	s->rates.out_pages_per_s[TOP_DISK] = 300 + 20 * (k % 4);
	s->rates.in_pages_per_s[TOP_ZERO] = 12;
	s->rates.in_pages_per_s[TOP_ZSWAP] = 600 + 10 * (k % 6);
	s->rates.in_pages_per_s[TOP_DISK] = 80;
	for (int b = 0; b < TOP_NR_BACKENDS; b++) {
		s->rates.out_total_per_s += s->rates.out_pages_per_s[b];
		s->rates.in_total_per_s += s->rates.in_pages_per_s[b];
	}
	s->rates.zswap_wb_pages_per_s = 25;

	s->backends.used = 300000 + 1000 * (k % 50);
	s->backends.swapcache = 4000;
	s->backends.has_zswap = true;
	s->backends.zswap_stored = 120000;
	s->backends.has_zero = true;
	s->backends.zero = 2000 + 10 * k;

	/*
	 * Eight clusters; each measure is a different permutation of 0..7
	 * (multipliers 5, 3 and 7 are prime to 8), moving with k, so every
	 * sort key gives another order at every snapshot.
	 */
	c->available = true;
	for (int i = 0; i < 8; i++) {
		struct top_lock *l = &c->clusters[i];

		l->type = i % 2;
		l->cluster = 16 * i + 3;
		l->kind = VS_LOCK_CLUSTER;
		l->wait_ns = 100000 * (1 + (i * 5 + 2 * k) % 8);
		l->contended = 10 + 7 * ((i * 3 + k) % 8);
		l->max_ns = 100 * (1 + (i * 7 + 3 * k) % 8);
		l->share = l->wait_ns / (interval * 1e9 * 4);
	}
	c->nr_clusters = c->nr_clusters_total = 8;
	top_sort_locks(c->clusters, c->nr_clusters, dm->sort);
	for (int i = 0; i < 3; i++) {
		struct top_lock *l = &c->device_locks[i];

		l->type = i;
		l->cluster = -1;
		l->kind = VS_LOCK_DEVICE;
		l->contended = 3 + i + k % 3;
		l->wait_ns = 700 * (i + 1);
		l->max_ns = 400;
		l->share = l->wait_ns / (interval * 1e9 * 4);
	}
	c->device_locks[3] = (struct top_lock){ .type = -1, .cluster = -1,
						.kind = VS_LOCK_AVAIL, .contended = 1,
						.wait_ns = 150, .max_ns = 150 };
	c->nr_device_locks = 4;

	/* the panel without a source, unless -a */
	if (dm->all) {
		static const struct top_struct_cost rows[] = {
			{ "swap_map", "unsigned char", 1, 0, 0, false },
			{ "cluster info", "swap_cluster_info", 0.125, 0, 0, false },
			{ "swap_cgroup", "swap_cgroup", 2, 0, 0, false },
			{ "zeromap", "unsigned long", 0.125, 0, 0, false },
			{ "zswap entry", "zswap_entry", 0, 56, 0, true },
		};

		o->available = true;
		o->slots = (4194304 + 2097152 + 1048576) / 4;
		o->used = s->backends.used;
		for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
			struct top_struct_cost *r = &o->rows[o->nr_rows++];

			*r = rows[i];
			r->total_bytes = r->per_used ? r->bytes_per_used * o->used :
				r->bytes_per_slot * o->slots;
			r->bytes_per_used = (double)r->total_bytes / o->used;
			o->total_bytes += r->total_bytes;
		}
		o->total_per_slot = (double)o->total_bytes / o->slots;
		o->total_per_used = (double)o->total_bytes / o->used;
	} else {
		snprintf(o->why, sizeof(o->why),
			 "demo: no BTF sizes (a panel without a data source)");
	}

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		struct top_latency *l = &s->latency[s->nr_latency++];

		l->op = vs_op_name(ops[i]);
		l->available = i < 4 || dm->all;	/* zswap_wb has no source */
		l->count = 500 * (i + 1) + 13 * k;
		l->p50_ns = 800 * (i + 1) + 10 * (k % 10);
		l->p99_ns = l->p50_ns * 12;
	}
	if (!dm->all)
		snprintf(s->latency_why, sizeof(s->latency_why), "zswap_wb: needs fentry (demo)");

	/* 0% at phase 0, +5% a snapshot, done at 20, forgotten after 22 */
	if (phase <= 22) {
		struct top_swapoff *so = &s->swapoff;

		so->active = true;
		so->type = 2;
		snprintf(so->path, sizeof(so->path), "/var/lib/swap/swapfile");
		so->total = 262144;
		so->percent = phase >= 20 ? 100 : 5.0 * phase;
		so->remaining = so->total - (uint64_t)(so->total * so->percent / 100);
		so->done = phase >= 20;
		so->pages_per_s = phase ? so->total * 0.05 / interval : 0;
		so->eta_s = so->done ? 0 : phase ? so->remaining / so->pages_per_s : -1;
		so->exact = true;
	}
	s->lost = k % 10 == 9 ? 3 : 0;
}

static int demo_sample(void *ctx, struct top_snapshot *s)
{
	struct demo *dm = ctx;
	double now = mono(), dt = now - dm->last;

	dm->last = now;
	dm->n++;
	if (dm->trace) {
		fprintf(dm->trace, "%.6f\n", now);
		fflush(dm->trace);
	}
	if (dm->slow_ms) {
		struct timespec ts = { dm->slow_ms / 1000, dm->slow_ms % 1000 * 1000000 };

		nanosleep(&ts, NULL);
	}
	if (dm->crash_after && dm->n >= dm->crash_after)
		*(volatile int *)(uintptr_t)(4096 - 4 * dm->n) = 1;	/* SIGSEGV */
	if (dm->abort_after && dm->n >= dm->abort_after)
		abort();
	if (dm->fail_after && dm->n >= dm->fail_after)
		return -EIO;
	if (dm->die_after && dm->n >= dm->die_after)
		die("demo: die() in a sample (exit with the screen up)");
	if (dm->ubsan_after && dm->n >= dm->ubsan_after) {
		/* a sanitizer report, which exits without a signal */
		volatile int big = 0x7fffffff, one = 1;

		big += one;
	}
	fill(dm, s, dm->n - 1, dt > 0 ? dt : 1e-3);
	return 0;
}

static void demo_set_sort(void *ctx, enum top_sort key)
{
	((struct demo *)ctx)->sort = key;
}

/* vswaptop's ranges (its -d and -n), and the fault injections' */
static const struct num_spec delay_spec = {
	.what = "delay", .min = 0.1, .max = 3600, .unit = "seconds",
};
static const struct num_spec count_spec = {
	.what = "count", .min = 1, .max = 1e9, .whole = true,
};
static const struct num_spec ms_spec = {
	.what = "slow", .min = 1, .max = 60000, .unit = "milliseconds", .whole = true,
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "crash-after", required_argument, NULL, 'C' },
		{ "abort-after", required_argument, NULL, 'A' },
		{ "fail-after", required_argument, NULL, 'F' },
		{ "die-after", required_argument, NULL, 'D' },
		{ "ubsan-after", required_argument, NULL, 'U' },
		{ "slow", required_argument, NULL, 'S' },
		{ "trace", required_argument, NULL, 'T' },
		{}
	};
	struct demo dm = { .last = mono() };
	struct top_source src = { .sample = demo_sample, .ctx = &dm,
				  .set_sort = demo_set_sort };
	double delay = 1;
	long count = 0;
	enum top_sort sort = SORT_WAIT;
	int c, status, batch = 0;

	set_progname("vswaptop-ui-demo");
	while ((c = getopt_long(argc, argv, "d:n:s:abj", opts, NULL)) != -1) {
		switch (c) {
		case 'd': delay = parse_num(optarg, &delay_spec); break;
		case 'n': count = (long)parse_num(optarg, &count_spec); break;
		case 's':
			if (top_sort_parse(optarg) < 0)
				usage_error("unknown sort key '%s'", optarg);
			sort = top_sort_parse(optarg);
			break;
		case 'a': dm.all = true; break;
		case 'b':
		case 'j': batch = c; break;
		case 'C': dm.crash_after = (long)parse_num(optarg, &count_spec); break;
		case 'A': dm.abort_after = (long)parse_num(optarg, &count_spec); break;
		case 'F': dm.fail_after = (long)parse_num(optarg, &count_spec); break;
		case 'D': dm.die_after = (long)parse_num(optarg, &count_spec); break;
		case 'U': dm.ubsan_after = (long)parse_num(optarg, &count_spec); break;
		case 'S': dm.slow_ms = (long)parse_num(optarg, &ms_spec); break;
		case 'T':
			dm.trace = fopen(optarg, "w");
			if (!dm.trace)
				die("%s: %s", optarg, strerror(errno));
			break;
		default: usage_error("bad option");
		}
	}

	if (batch) {
		struct top_snapshot *s = calloc(1, sizeof(*s));

		if (!s)
			die("out of memory");
		dm.sort = sort;
		for (long i = 0; i < (count ? count : 3); i++) {
			fill(&dm, s, i, delay);
			if (batch == 'j')
				render_json(stdout, s);
			else
				render_text(stdout, s, sort);
		}
		free(s);
		return 0;
	}
	status = ui_run(&src, delay, count, sort);
	if (dm.trace)
		fclose(dm.trace);
	fprintf(stderr, "vswaptop-ui-demo: exited\n");
	return status;
}
