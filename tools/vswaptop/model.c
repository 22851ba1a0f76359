// SPDX-License-Identifier: GPL-2.0
/*
 * vswaptop's model (model.h): the order of the contention rows, the
 * names, bounds and derived values of a snapshot, and the formatting of
 * its numbers, with "-" for what could not be measured.
 */
#define _GNU_SOURCE		/* qsort_r */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include "vswap.h"
#include "hist.h"
#include "names.h"
#include "model.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- sorting ------------------------------------------------------------ */

static const char *const sort_names[TOP_NR_SORTS] = {
	[SORT_WAIT] = "wait",
	[SORT_COUNT] = "count",
	[SORT_MAX] = "max",
	[SORT_CLUSTER] = "cluster",
};

const char *top_sort_name(enum top_sort key)
{
	return (unsigned int)key < TOP_NR_SORTS ? sort_names[key] : "?";
}

int top_sort_parse(const char *s)
{
	for (int key = 0; key < TOP_NR_SORTS; key++)
		if (!strcmp(s, sort_names[key]))
			return key;
	return -1;
}

static int desc_u64(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int asc_int(int a, int b)
{
	return a < b ? -1 : a > b;
}

/* Where the lock is: (type, cluster, kind), ascending. */
static int by_place(const struct top_lock *a, const struct top_lock *b)
{
	return asc_int(a->type, b->type) ?: asc_int(a->cluster, b->cluster) ?:
	       asc_int(a->kind, b->kind);
}

static int cmp_lock(const void *pa, const void *pb, void *arg)
{
	const struct top_lock *a = pa, *b = pb;
	enum top_sort key = *(const enum top_sort *)arg;
	int r;

	/*
	 * The key first, then the other measures, then the place: the place
	 * is unique for the rows of one snapshot, so the order is total and
	 * does not depend on the order qsort() got the rows in.
	 */
	switch (key) {
	case SORT_COUNT:
		r = desc_u64(a->contended, b->contended) ?: desc_u64(a->wait_ns, b->wait_ns) ?:
		    desc_u64(a->max_ns, b->max_ns) ?: by_place(a, b);
		break;
	case SORT_MAX:
		r = desc_u64(a->max_ns, b->max_ns) ?: desc_u64(a->wait_ns, b->wait_ns) ?:
		    desc_u64(a->contended, b->contended) ?: by_place(a, b);
		break;
	case SORT_CLUSTER:
		r = by_place(a, b) ?: desc_u64(a->wait_ns, b->wait_ns) ?:
		    desc_u64(a->contended, b->contended) ?: desc_u64(a->max_ns, b->max_ns);
		break;
	case SORT_WAIT:
	default:
		r = desc_u64(a->wait_ns, b->wait_ns) ?: desc_u64(a->contended, b->contended) ?:
		    desc_u64(a->max_ns, b->max_ns) ?: by_place(a, b);
		break;
	}
	if (!r)		/* duplicates of a place, only from a broken source */
		r = a->share < b->share ? 1 : a->share > b->share ? -1 : 0;
	return r;
}

void top_sort_locks(struct top_lock *locks, int n, enum top_sort key)
{
	if (locks && n > 1)
		qsort_r(locks, n, sizeof(*locks), cmp_lock, &key);
}

int top_sorted_locks(struct top_lock *out, const struct top_lock *in, int n, int max,
		     enum top_sort key)
{
	n = top_clamp(n, max);
	if (n)
		memcpy(out, in, n * sizeof(*in));
	top_sort_locks(out, n, key);
	return n;
}

/* ---- the snapshot's values -------------------------------------------------- */

const struct top_dev *top_dev_of(const struct top_snapshot *s, int type)
{
	int n = top_clamp(s->nr_devs, SWAPS_MAX);

	for (int i = 0; i < n; i++)
		if (s->devs[i].type == type)
			return &s->devs[i];
	return NULL;
}

long top_page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? p : 4096;
}

double top_mib_per_s(double pages_per_s)
{
	/* TOP_NONE stays TOP_NONE: NaN times anything */
	return pages_per_s * top_page_size() / 1048576;
}

/* ---- names ------------------------------------------------------------------- */

const char *top_field(char *buf, size_t len, const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

const char *top_dev_name(const struct top_snapshot *s, int type, char *buf, size_t len)
{
	const struct top_dev *d = top_dev_of(s, type);

	if (type == -1)
		snprintf(buf, len, "global");
	else if (d && d->swap.path[0])
		top_field(buf, len, d->swap.path, sizeof(d->swap.path));
	else
		snprintf(buf, len, "type:%d", type);
	return buf;
}

const char *top_dev_kind(const struct top_dev *d, bool brief)
{
	if (d->virtual)
		return brief ? "virt" : "virtual";
	if (d->swap.partition)
		return brief ? "part" : "partition";
	return "file";
}

/* The kernel's names: what a developer greps the source for. */
const char *top_lock_name(int kind)
{
	const char *name = kind >= 0 ? vs_lock_symbol(kind) : NULL;

	return name ? name : "lock?";
}

const char *top_lock_kind(int kind)
{
	return kind >= 0 ? vs_lock_name(kind) : NULL;
}

const char *top_backend_name(enum top_backend b)
{
	static const unsigned int vs_backend[TOP_NR_BACKENDS] = {
		[TOP_ZERO] = VS_BACKEND_ZERO,
		[TOP_ZSWAP] = VS_BACKEND_ZSWAP,
		[TOP_DISK] = VS_BACKEND_DISK,
	};

	return (unsigned int)b < TOP_NR_BACKENDS ? vs_backend_name(vs_backend[b]) : NULL;
}

const char *top_why(char *buf, size_t len, const char *why, size_t size)
{
	top_field(buf, len, why, size);
	if (!buf[0])
		snprintf(buf, len, "no data source on this kernel");
	return buf;
}

/* ---- formatting ----------------------------------------------------------- */

/* "-" for a value that was not measured; true if it was printed. */
static bool unknown(char *buf, size_t len, double v)
{
	if (top_known(v))
		return false;
	snprintf(buf, len, "-");
	return true;
}

const char *top_fmt_size(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;
	double v;

	if (unknown(buf, len, bytes))
		return buf;
	if (!(bytes >= 0))
		bytes = 0;
	if (bytes < 1024) {
		snprintf(buf, len, "%.0fB", bytes);
		return buf;
	}
	for (v = bytes / 1024; v >= 1024 && u + 1 < ARRAY_SIZE(units); u++)
		v /= 1024;
	/* three significant digits, like fmt_duration() */
	snprintf(buf, len, "%.*f%s", v < 10 ? 2 : v < 100 ? 1 : 0, v, units[u]);
	return buf;
}

const char *top_fmt_rate(char *buf, size_t len, double v)
{
	if (unknown(buf, len, v))
		return buf;
	if (!isfinite(v) || v < 0)
		v = 0;
	if (v == 0)
		snprintf(buf, len, "0");
	else if (v < 10)
		snprintf(buf, len, "%.2f", v);
	else if (v < 1000)
		snprintf(buf, len, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.1fM", v / 1e6);
	else
		snprintf(buf, len, "%.1fG", v / 1e9);
	return buf;
}

const char *top_fmt_fixed(char *buf, size_t len, double v, int prec)
{
	if (!unknown(buf, len, v))
		snprintf(buf, len, "%.*f", prec, v);
	return buf;
}

const char *top_fmt_duration(char *buf, size_t len, double ns)
{
	return unknown(buf, len, ns) ? buf : fmt_duration(buf, len, ns);
}

const char *top_fmt_eta(char *buf, size_t len, double s)
{
	if (unknown(buf, len, s))
		return buf;
	if (!(s >= 0) || !isfinite(s))
		snprintf(buf, len, "unknown");
	else if (s < 60)
		fmt_duration(buf, len, s * 1e9);
	else if (s < 3600)
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
	else if (s < 1e8)
		snprintf(buf, len, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
	else
		snprintf(buf, len, "years");
	return buf;
}

const char *top_bar(char *buf, int width, double percent)
{
	int fill;

	if (width < 0)
		width = 0;
	if (!(percent >= 0))
		percent = 0;
	if (percent > 100)
		percent = 100;
	/* rounded down: a bar looks full only when the work is done */
	fill = (int)(percent * width / 100);
	buf[0] = '[';
	for (int i = 0; i < width; i++)
		buf[1 + i] = i < fill ? '#' : '-';
	buf[width + 1] = ']';
	buf[width + 2] = '\0';
	return buf;
}
