// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a recording of vswaplat for compare: each line checked as JSON
 * (json.c), its histogram merged into its key's.  Every number is a count
 * that must fit 64 bits, and so must every sum of them: a total that
 * would wrap is an error naming the line, since a wrapped count would
 * compare as a small one.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "recording.h"
#include "stats.h"

/* What one line of a recording says, as far as compare cares. */
struct rec_line {
	char type[16];
	struct rec_key key;
	bool has_op, has_slots;
	char tier[16];
	char unit[8];
	char kernel[128];
	char argv[512];
	uint64_t time;
	uint64_t count, sum_ns, max_ns, pages, ops;
	bool has_ops;
	uint64_t slots[VS_HIST_SLOTS];
};

static bool parse_slots(struct json_parser *p, struct rec_line *l)
{
	int n = 0;

	if (!json_accept(p, '['))
		return json_fail(p, "\"slots\": expected an array");
	if (json_accept(p, ']'))
		return true;
	for (;;) {
		if (n == VS_HIST_SLOTS)
			return json_fail(p, "\"slots\": more than %d slots", VS_HIST_SLOTS);
		if (!json_parse_count(p, "slots", &l->slots[n++]))
			return false;
		if (json_accept(p, ']'))
			return true;
		if (!json_accept(p, ','))
			return json_fail(p, "\"slots\": expected ',' or ']'");
	}
}

static bool parse_field(struct json_parser *p, const char *name, struct rec_line *l)
{
	struct rec_key *k = &l->key;
	bool null, too_long;

	if (!strcmp(name, "type"))
		return json_parse_name(p, name, l->type, sizeof(l->type), NULL);
	if (!strcmp(name, "op")) {
		l->has_op = true;
		return json_parse_name(p, name, k->op, sizeof(k->op), NULL);
	}
	if (!strcmp(name, "sub")) {
		if (!json_parse_name(p, name, k->sub, sizeof(k->sub), &null))
			return false;
		k->has_sub = !null;
		return true;
	}
	if (!strcmp(name, "dev")) {
		if (!json_parse_name(p, name, k->dev, sizeof(k->dev), &null))
			return false;
		k->has_dev = !null;
		return true;
	}
	if (!strcmp(name, "tier"))
		return json_parse_name(p, name, l->tier, sizeof(l->tier), &null);
	if (!strcmp(name, "unit"))
		return json_parse_name(p, name, l->unit, sizeof(l->unit), NULL);
	/* only shown to the reader: a truncated one is fine */
	/*
	 * The reason of a "lost" line is not compared, only summed over: a
	 * string of any length (vswaplat's own run to 84 bytes).
	 */
	if (!strcmp(name, "what")) {
		json_skip_ws(p);
		if (*p->s != '"')
			return json_fail(p, "\"what\": expected a string");
		return json_parse_string(p, NULL, 0, NULL);
	}
	if (!strcmp(name, "kernel") || !strcmp(name, "argv")) {
		char *buf = name[0] == 'k' ? l->kernel : l->argv;
		size_t cap = name[0] == 'k' ? sizeof(l->kernel) : sizeof(l->argv);

		json_skip_ws(p);
		if (*p->s == 'n')
			return json_literal(p, "null");
		return json_parse_string(p, buf, cap, &too_long);
	}
	if (!strcmp(name, "slots")) {
		l->has_slots = true;
		return parse_slots(p, l);
	}
	if (!strcmp(name, "count"))
		return json_parse_count(p, name, &l->count);
	if (!strcmp(name, "sum_ns"))
		return json_parse_count(p, name, &l->sum_ns);
	if (!strcmp(name, "max_ns"))
		return json_parse_count(p, name, &l->max_ns);
	if (!strcmp(name, "pages"))
		return json_parse_count(p, name, &l->pages);
	if (!strcmp(name, "ops")) {
		l->has_ops = true;
		return json_parse_count(p, name, &l->ops);
	}
	if (!strcmp(name, "time")) {
		if (!json_parse_count(p, name, &l->time))
			return false;
		/* an epoch a calendar can show: below 2^40 s, 30000 years */
		if (l->time >= 1ULL << 40)
			return json_fail(p, "\"time\": not a time");
		return true;
	}
	/* avg_ns, p50_ns, interval_s, targets...: derived or not needed */
	return json_skip_value(p, 1);
}

/* One line, which must be a JSON object; false with the reason in p->err. */
static bool parse_line(struct json_parser *p, struct rec_line *l)
{
	char name[32];
	bool too_long;

	memset(l, 0, sizeof(*l));
	if (!json_accept(p, '{'))
		return json_fail(p, "not a JSON object");
	if (!json_accept(p, '}')) {
		for (;;) {
			json_skip_ws(p);
			if (!json_parse_string(p, name, sizeof(name), &too_long))
				return false;
			if (!json_accept(p, ':'))
				return json_fail(p, "expected ':'");
			/* a long name is none of ours: its value is skipped */
			if (too_long)
				name[0] = '\0';
			if (!parse_field(p, name, l))
				return false;
			if (json_accept(p, '}'))
				break;
			if (!json_accept(p, ','))
				return json_fail(p, "expected ',' or '}'");
		}
	}
	json_skip_ws(p);
	if (*p->s)
		return json_fail(p, "text after the JSON object");
	if (!l->type[0])
		return json_fail(p, "no \"type\"");
	return true;
}

static const struct hist_unit *unit_by_suffix(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(hist_units[i].suffix, s))
			return &hist_units[i];
	return NULL;
}

static bool key_eq(const struct rec_key *a, const struct rec_key *b)
{
	return !strcmp(a->op, b->op) && a->has_sub == b->has_sub && a->has_dev == b->has_dev &&
	       !strcmp(a->sub, b->sub) && !strcmp(a->dev, b->dev);
}

/* FNV-1a over the key's names and which of them are null */
static uint32_t key_hash(const struct rec_key *k)
{
	const char *parts[3] = { k->op, k->sub, k->dev };
	uint32_t h = 2166136261u;

	for (int i = 0; i < 3; i++) {
		for (const char *s = parts[i]; *s; s++)
			h = (h ^ (unsigned char)*s) * 16777619u;
		h = (h ^ (0x100 | i)) * 16777619u;	/* where one name ends */
	}
	return (h ^ (k->has_sub | k->has_dev << 1)) * 16777619u;
}

/* Where @k is in the index, or the empty place it would go. */
static int *index_slot(int *index, int cap, const struct rec_entry *e, const struct rec_key *k)
{
	for (uint32_t i = key_hash(k) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (index[i] < 0 || key_eq(&e[index[i]].key, k))
			return &index[i];
}

const struct rec_entry *recording_find(const struct recording *r, const struct rec_key *k)
{
	int *slot;

	if (!r->index_cap)
		return NULL;
	slot = index_slot(r->index, r->index_cap, r->e, k);
	return *slot < 0 ? NULL : &r->e[*slot];
}

static int grow_index(struct recording *r)
{
	int cap = r->index_cap ? 2 * r->index_cap : 64;
	int *index = malloc(cap * sizeof(*index));

	if (!index)
		return -1;
	for (int i = 0; i < cap; i++)
		index[i] = -1;
	for (int i = 0; i < r->n; i++)
		*index_slot(index, cap, r->e, &r->e[i].key) = i;
	free(r->index);
	r->index = index;
	r->index_cap = cap;
	return 0;
}

/* The entry of @k, added if new; NULL with the reason in @why. */
static struct rec_entry *rec_add(struct recording *r, const struct rec_key *k, char *why,
				 size_t len)
{
	int *slot;

	if (r->index_cap) {
		slot = index_slot(r->index, r->index_cap, r->e, k);
		if (*slot >= 0)
			return &r->e[*slot];
	}
	if (r->n == REC_MAX_KEYS) {
		snprintf(why, len, "more than %d histograms (operation, sub, device): "
			 "not a recording of vswaplat", REC_MAX_KEYS);
		return NULL;
	}
	if (r->n == r->cap) {
		int cap = r->cap ? 2 * r->cap : 32;
		struct rec_entry *e = realloc(r->e, cap * sizeof(*e));

		if (!e)
			goto oom;
		r->e = e;
		r->cap = cap;
	}
	/* at most half full: probes stay short */
	if (2 * (r->n + 1) > r->index_cap && grow_index(r))
		goto oom;
	slot = index_slot(r->index, r->index_cap, r->e, k);
	*slot = r->n;
	memset(&r->e[r->n], 0, sizeof(r->e[r->n]));
	r->e[r->n].key = *k;
	return &r->e[r->n++];
oom:
	snprintf(why, len, "out of memory");
	return NULL;
}

/* Slot i holds [2^i, 2^(i+1)) units; slot 0 also 0. */
static double slot_lo_ns(int i, uint64_t div)
{
	return i ? ldexp((double)div, i) : 0;
}

/* @h into @dst; -1 if a count would wrap. */
static int merge(struct vs_hist *dst, const struct vs_hist *h)
{
	for (int i = 0; i < VS_HIST_SLOTS; i++)
		if (dst->slots[i] + h->slots[i] < dst->slots[i])
			return -1;
	if (dst->count + h->count < dst->count)
		return -1;
	for (int i = 0; i < VS_HIST_SLOTS; i++)
		dst->slots[i] += h->slots[i];
	dst->count += h->count;
	/* neither is compared: a saturated sum does no harm */
	dst->sum_ns = sat_add(dst->sum_ns, h->sum_ns);
	dst->pages = sat_add(dst->pages, h->pages);
	dst->ops = sat_add(dst->ops, h->ops);
	if (h->max_ns > dst->max_ns)
		dst->max_ns = h->max_ns;
	return 0;
}

static int apply_line(struct recording *r, const struct rec_line *l, char *why, size_t len)
{
	const struct hist_unit *u = NULL;
	struct rec_entry *e;
	struct vs_hist h = { 0 };

	if (l->unit[0]) {
		u = unit_by_suffix(l->unit);
		if (!u) {
			snprintf(why, len, "unknown unit \"%s\" (ns, us or ms)", l->unit);
			return -1;
		}
		if (r->unit && r->unit != u) {
			snprintf(why, len, "unit \"%s\" after \"%s\": one recording has one unit",
				 l->unit, r->unit->suffix);
			return -1;
		}
		r->unit = u;
	}
	if (!strcmp(l->type, "meta")) {
		r->has_meta = true;
		r->time = (long long)l->time;
		snprintf(r->kernel, sizeof(r->kernel), "%s", l->kernel);
		snprintf(r->argv, sizeof(r->argv), "%s", l->argv);
	} else if (!strcmp(l->type, "lost")) {
		r->lost = sat_add(r->lost, l->count);
	} else if (!strcmp(l->type, "hist")) {
		if (!l->has_op || !l->has_slots) {
			snprintf(why, len, "a \"hist\" line needs \"op\" and \"slots\"");
			return -1;
		}
		if (!r->unit) {
			snprintf(why, len, "a \"hist\" line without a \"unit\"");
			return -1;
		}
		/*
		 * The count comes from the slots, not from "count": the
		 * statistics work on the slots, and a histogram read while
		 * CPUs update it may have a count a few samples off.
		 */
		memcpy(h.slots, l->slots, sizeof(h.slots));
		for (int i = 0; i < VS_HIST_SLOTS; i++) {
			if (h.count + h.slots[i] < h.count) {
				snprintf(why, len, "\"slots\" add up past 2^64: counts that "
					 "cannot be trusted");
				return -1;
			}
			h.count += h.slots[i];
		}
		h.sum_ns = l->sum_ns;
		h.max_ns = l->max_ns;
		h.pages = l->pages;
		/* recordings from before sampling: every operation a sample */
		h.ops = l->has_ops ? l->ops : h.count;
		e = rec_add(r, &l->key, why, len);
		if (!e)
			return -1;
		if (merge(&e->hist, &h)) {
			snprintf(why, len, "the slots of %s add up past 2^64 over the intervals: "
				 "counts that cannot be trusted", l->key.op);
			return -1;
		}
		if (l->tier[0])
			snprintf(e->tier, sizeof(e->tier), "%s", l->tier);
		r->nr_hist++;
	}
	/* "op" lines and types of later versions carry nothing compared */
	return 0;
}

void recording_free(struct recording *r)
{
	free(r->e);
	free(r->index);
	r->e = NULL;
	r->index = NULL;
	r->n = r->cap = r->index_cap = 0;
}

int recording_load(const char *path, struct recording *r, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct rec_line *l = malloc(sizeof(*l));
	char *line = malloc(JSON_LINE_MAX + 1), why[200];
	long len, lineno = 0, known = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		free(l);
		free(line);
		return -1;
	}
	if (!l || !line) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	while ((len = json_read_line(f, line, JSON_LINE_MAX + 1)) != JSON_LINE_EOF) {
		struct json_parser p;

		lineno++;
		if (len == JSON_LINE_NUL) {
			snprintf(err, errlen, "%s:%ld: a NUL byte: not a recording", path, lineno);
			goto out;
		}
		if (len == JSON_LINE_TOO_LONG) {
			snprintf(err, errlen, "%s:%ld: a line longer than %d bytes: not a recording",
				 path, lineno, JSON_LINE_MAX);
			goto out;
		}
		if (len == JSON_LINE_ERROR) {
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		if (!len)
			continue;
		json_parser_init(&p, line);
		if (!parse_line(&p, l)) {
			snprintf(err, errlen, "%s:%ld: invalid line: %s", path, lineno, p.err);
			goto out;
		}
		if (apply_line(r, l, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%ld: %s", path, lineno, why);
			goto out;
		}
		if (!strcmp(l->type, "meta") || !strcmp(l->type, "hist") ||
		    !strcmp(l->type, "op") || !strcmp(l->type, "lost"))
			known++;
	}
	if (!known) {
		snprintf(err, errlen, "%s: %s", path, lineno ? "no vswaplat line: not a recording" :
			 "empty: not a recording");
		goto out;
	}
	/*
	 * The maximum bounds the quantiles; one below the last slot's lower
	 * bound (slots edited by hand, or by jq) would pin them all to it,
	 * so such a recording's maximum is dropped instead.
	 */
	for (int i = 0; i < r->n; i++) {
		struct vs_hist *h = &r->e[i].hist;
		int last = hist_last_slot(h);

		if (last >= 0 && (double)h->max_ns < slot_lo_ns(last, r->unit->div))
			h->max_ns = 0;
	}
	ret = 0;
out:
	if (ret)
		recording_free(r);
	free(line);
	free(l);
	fclose(f);
	return ret;
}
