/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswaptop's model of a snapshot, shared by its three users: the sampler
 * (collect.c) sorts the contention rows it keeps, the batch renderers
 * (render.c) and the screen (ui.c) name, clamp, derive and format the
 * values.  Nothing here draws or prints.
 */
#ifndef VSWAPTOP_MODEL_H
#define VSWAPTOP_MODEL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include "top.h"

/* ---- sorting ---- */

/* "wait", "count", "max", "cluster"; "?" out of range. */
const char *top_sort_name(enum top_sort key);
/* The sort key named @s, or -1. */
int top_sort_parse(const char *s);
void top_sort_locks(struct top_lock *locks, int n, enum top_sort key);

/*
 * The first @n (clamped to @max) rows of @in, copied to @out and sorted
 * by @key: the snapshot stays const.  Returns the rows copied.
 */
int top_sorted_locks(struct top_lock *out, const struct top_lock *in, int n, int max,
		     enum top_sort key);

/* ---- the snapshot's values ---- */

/* Clamp a snapshot's count to its array size (the snapshot is not trusted). */
static inline int top_clamp(int n, int max)
{
	return n < 0 ? 0 : n > max ? max : n;
}

/* False for TOP_NONE: a value the source could not measure. */
static inline bool top_known(double v)
{
	return !isnan(v);
}

/* The device of swap type @type, NULL if the snapshot does not have it. */
const struct top_dev *top_dev_of(const struct top_snapshot *s, int type);

/* Per-second pages as MiB/s, TOP_NONE if the rate is. */
double top_mib_per_s(double pages_per_s);

/* The page size the snapshot's page counts are in. */
long top_page_size(void);

/* ---- names ---- */

/*
 * The path of swap type @type among the snapshot's devices, "global" for
 * -1 (swap_avail_lock), else "type:N".  Never contains a space.
 */
const char *top_dev_name(const struct top_snapshot *s, int type, char *buf,
			 size_t len);

/*
 * What a device is: "partition", "file", or "virtual" (the virtual swap
 * device, a file with no storage behind its slots); with @brief, the
 * screen's four letters ("part", "file", "virt").
 */
const char *top_dev_kind(const struct top_dev *d, bool brief);

/* The kernel's name of a lock kind (enum vs_lock): "ci->lock", ... */
const char *top_lock_name(int kind);
/* names.h's short name of a lock kind ("cluster"), NULL if unknown. */
const char *top_lock_kind(int kind);
/* names.h's name of a backend (enum top_backend): "zero", "zswap", "disk". */
const char *top_backend_name(enum top_backend b);

/* A bounded copy of a fixed-size string field the source may not have ended. */
const char *top_field(char *buf, size_t len, const char *s, size_t size);

/* A panel's why string, bounded, or a generic reason if it is empty. */
const char *top_why(char *buf, size_t len, const char *why, size_t size);

/* ---- formatting: each gives "-" for TOP_NONE, but top_bar() ---- */

/* Human readable bytes: "812B", "4.00KiB", "12.0MiB", "1.14GiB". */
const char *top_fmt_size(char *buf, size_t len, double bytes);

/* A per-second rate in at most 6 characters: "0", "3.50", "812", "12.3k". */
const char *top_fmt_rate(char *buf, size_t len, double per_s);

/* @v with @prec decimals: "12.5". */
const char *top_fmt_fixed(char *buf, size_t len, double v, int prec);

/* A duration in nanoseconds, as fmt_duration(): "812ns", "1.20us". */
const char *top_fmt_duration(char *buf, size_t len, double ns);

/*
 * Time left: "unknown" if negative (no progress to extrapolate), else
 * "42.0s", "3m05s", "2h10m".
 */
const char *top_fmt_eta(char *buf, size_t len, double seconds);

/*
 * "[#####-----]": @width cells, filled in proportion to @percent (0..100,
 * clamped, rounded down so 100% is only shown when done).  @buf must hold
 * width + 3 bytes.
 */
const char *top_bar(char *buf, int width, double percent);

#endif /* VSWAPTOP_MODEL_H */
