// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat compare: is run B slower than run A?  Loads two recordings
 * (the JSON lines of vswaplat -j or -o), merges each operation's
 * histograms over the intervals, and tests each pair with a Mann-Whitney
 * U test and the Vargha-Delaney A12 effect size.  docs/vswaplat.md says
 * why these and how the verdicts are reached.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "json.h"
#include "names.h"
#include "compare.h"

const double compare_quantiles[3] = { 0.50, 0.90, 0.99 };

/* ---- a JSON reader for one line --------------------------------------------
 *
 * Recordings are a few thousand short lines of our own making, but they
 * are also files people edit (jq) and truncate (a killed run), so every
 * line is checked as JSON in full, not scanned for the fields we need.
 */

#define JSON_MAX_DEPTH	32

struct jp {
	const char *s;		/* the next character */
	const char *line;	/* for the column of an error */
	char err[160];
};

static bool jp_fail(struct jp *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool jp_fail(struct jp *p, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	/* the first error is the one to report: later ones are its echoes */
	if (p->err[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, sizeof(p->err), "column %ld: %s", (long)(p->s - p->line) + 1, msg);
	return false;
}

static void skip_ws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')
		p->s++;
}

static bool lit(struct jp *p, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(p->s, word, len))
		return jp_fail(p, "invalid JSON value");
	p->s += len;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(struct jp *p, unsigned int *cp)
{
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		int v = hexval(p->s[i]);

		if (v < 0)
			return jp_fail(p, "invalid \\u escape");
		*cp = *cp << 4 | v;
	}
	p->s += 4;
	return true;
}

/* Append @c to @buf (capacity @cap) at *@len; past the end sets *@long_. */
static void put(char *buf, size_t cap, size_t *len, bool *long_, char c)
{
	if (!buf)
		return;
	if (*len + 1 < cap)
		buf[(*len)++] = c;
	else
		*long_ = true;
}

static void put_utf8(char *buf, size_t cap, size_t *len, bool *long_, unsigned int cp)
{
	if (cp < 0x80) {
		put(buf, cap, len, long_, cp);
	} else if (cp < 0x800) {
		put(buf, cap, len, long_, 0xc0 | cp >> 6);
		put(buf, cap, len, long_, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		put(buf, cap, len, long_, 0xe0 | cp >> 12);
		put(buf, cap, len, long_, 0x80 | (cp >> 6 & 0x3f));
		put(buf, cap, len, long_, 0x80 | (cp & 0x3f));
	} else {
		put(buf, cap, len, long_, 0xf0 | cp >> 18);
		put(buf, cap, len, long_, 0x80 | (cp >> 12 & 0x3f));
		put(buf, cap, len, long_, 0x80 | (cp >> 6 & 0x3f));
		put(buf, cap, len, long_, 0x80 | (cp & 0x3f));
	}
}

/*
 * A string, decoded into @buf (NUL-terminated) unless @buf is NULL.
 * *@too_long tells that it did not fit: the caller decides whether a
 * truncated value is good enough.
 */
static bool parse_string(struct jp *p, char *buf, size_t cap, bool *too_long)
{
	size_t len = 0;
	bool long_ = false;

	if (*p->s != '"')
		return jp_fail(p, "expected a string");
	p->s++;
	for (;;) {
		unsigned char c = *p->s;

		if (c == '"')
			break;
		if (!c)
			return jp_fail(p, "unterminated string");
		if (c < 0x20)
			return jp_fail(p, "control character in a string");
		p->s++;
		if (c != '\\') {
			put(buf, cap, &len, &long_, c);
			continue;
		}
		c = *p->s++;
		switch (c) {
		case '"': case '\\': case '/':
			put(buf, cap, &len, &long_, c);
			break;
		case 'b': put(buf, cap, &len, &long_, '\b'); break;
		case 'f': put(buf, cap, &len, &long_, '\f'); break;
		case 'n': put(buf, cap, &len, &long_, '\n'); break;
		case 'r': put(buf, cap, &len, &long_, '\r'); break;
		case 't': put(buf, cap, &len, &long_, '\t'); break;
		case 'u': {
			unsigned int cp, lo;

			if (!hex4(p, &cp))
				return false;
			if (cp >= 0xd800 && cp < 0xdc00 && p->s[0] == '\\' && p->s[1] == 'u') {
				p->s += 2;
				if (!hex4(p, &lo))
					return false;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					cp = 0xfffd;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd;	/* a lone surrogate */
			}
			put_utf8(buf, cap, &len, &long_, cp);
			break;
		}
		default:
			p->s--;
			return jp_fail(p, "invalid escape in a string");
		}
	}
	p->s++;
	if (buf)
		buf[len] = '\0';
	if (too_long)
		*too_long = long_;
	return true;
}

/*
 * A number, by JSON's grammar.  Counts come back exact in *@u when the
 * number is a plain non-negative integer (*@is_uint); anything else only
 * as a double.
 */
static bool parse_number(struct jp *p, double *d, uint64_t *u, bool *is_uint)
{
	const char *start = p->s;
	bool plain = true;
	char *end;

	if (*p->s == '-') {
		plain = false;
		p->s++;
	}
	if (*p->s == '0') {
		p->s++;
	} else if (*p->s >= '1' && *p->s <= '9') {
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	} else {
		return jp_fail(p, "invalid JSON value");
	}
	if (*p->s == '.') {
		plain = false;
		p->s++;
		if (*p->s < '0' || *p->s > '9')
			return jp_fail(p, "invalid number");
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	if (*p->s == 'e' || *p->s == 'E') {
		plain = false;
		p->s++;
		if (*p->s == '+' || *p->s == '-')
			p->s++;
		if (*p->s < '0' || *p->s > '9')
			return jp_fail(p, "invalid number");
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	*d = strtod(start, &end);
	*is_uint = false;
	if (plain) {
		errno = 0;
		*u = strtoull(start, &end, 10);
		*is_uint = !errno;
	}
	return true;
}

static bool skip_value(struct jp *p, int depth);

static bool skip_container(struct jp *p, int depth, char close, bool object)
{
	if (depth > JSON_MAX_DEPTH)
		return jp_fail(p, "nested too deeply");
	p->s++;
	skip_ws(p);
	if (*p->s == close) {
		p->s++;
		return true;
	}
	for (;;) {
		if (object) {
			if (!parse_string(p, NULL, 0, NULL))
				return false;
			skip_ws(p);
			if (*p->s != ':')
				return jp_fail(p, "expected ':'");
			p->s++;
		}
		if (!skip_value(p, depth + 1))
			return false;
		skip_ws(p);
		if (*p->s == close) {
			p->s++;
			return true;
		}
		if (*p->s != ',')
			return jp_fail(p, "expected ',' or '%c'", close);
		p->s++;
		skip_ws(p);
	}
}

/* Check and step over any value. */
static bool skip_value(struct jp *p, int depth)
{
	double d;
	uint64_t u;
	bool is_uint;

	skip_ws(p);
	switch (*p->s) {
	case '{': return skip_container(p, depth, '}', true);
	case '[': return skip_container(p, depth, ']', false);
	case '"': return parse_string(p, NULL, 0, NULL);
	case 't': return lit(p, "true");
	case 'f': return lit(p, "false");
	case 'n': return lit(p, "null");
	default: return parse_number(p, &d, &u, &is_uint);
	}
}

/* A count: a non-negative integer (jq may write big ones as 1.5e+19). */
static bool parse_count(struct jp *p, const char *field, uint64_t *out)
{
	double d;
	bool is_uint;

	skip_ws(p);
	if (!parse_number(p, &d, out, &is_uint))
		return false;
	if (is_uint)
		return true;
	if (!(d >= 0) || d != floor(d) || d >= 18446744073709551616.0)
		return jp_fail(p, "\"%s\": not a count", field);
	*out = (uint64_t)d;
	return true;
}

/* A string or null (*@null); too long for @buf is an error. */
static bool parse_name(struct jp *p, const char *field, char *buf, size_t cap, bool *null)
{
	bool too_long;

	skip_ws(p);
	if (null)
		*null = false;
	if (null && *p->s == 'n') {
		*null = true;
		buf[0] = '\0';
		return lit(p, "null");
	}
	if (*p->s != '"')
		return jp_fail(p, "\"%s\": expected a string%s", field, null ? " or null" : "");
	if (!parse_string(p, buf, cap, &too_long))
		return false;
	if (too_long)
		return jp_fail(p, "\"%s\": longer than %zu bytes", field, cap - 1);
	return true;
}

/* ---- recordings ------------------------------------------------------------ */

/* What one line of a recording says, as far as compare cares. */
struct rec_line {
	char type[16];
	struct rec_key key;
	bool has_op, has_slots;
	char tier[16];
	char unit[8];
	char kernel[128];
	char argv[512];
	char what[64];
	long long time;
	uint64_t count, sum_ns, max_ns, pages;
	uint64_t slots[VS_HIST_SLOTS];
};

static bool parse_slots(struct jp *p, struct rec_line *l)
{
	int n = 0;

	skip_ws(p);
	if (*p->s != '[')
		return jp_fail(p, "\"slots\": expected an array");
	p->s++;
	skip_ws(p);
	if (*p->s == ']') {
		p->s++;
		return true;
	}
	for (;;) {
		if (n == VS_HIST_SLOTS)
			return jp_fail(p, "\"slots\": more than %d slots", VS_HIST_SLOTS);
		if (!parse_count(p, "slots", &l->slots[n++]))
			return false;
		skip_ws(p);
		if (*p->s == ']') {
			p->s++;
			return true;
		}
		if (*p->s != ',')
			return jp_fail(p, "\"slots\": expected ',' or ']'");
		p->s++;
	}
}

static bool parse_field(struct jp *p, const char *name, struct rec_line *l)
{
	struct rec_key *k = &l->key;
	bool null, too_long;
	uint64_t v;

	if (!strcmp(name, "type"))
		return parse_name(p, name, l->type, sizeof(l->type), NULL);
	if (!strcmp(name, "op")) {
		l->has_op = true;
		return parse_name(p, name, k->op, sizeof(k->op), NULL);
	}
	if (!strcmp(name, "sub")) {
		if (!parse_name(p, name, k->sub, sizeof(k->sub), &null))
			return false;
		k->has_sub = !null;
		return true;
	}
	if (!strcmp(name, "dev")) {
		if (!parse_name(p, name, k->dev, sizeof(k->dev), &null))
			return false;
		k->has_dev = !null;
		return true;
	}
	if (!strcmp(name, "tier"))
		return parse_name(p, name, l->tier, sizeof(l->tier), &null);
	if (!strcmp(name, "unit"))
		return parse_name(p, name, l->unit, sizeof(l->unit), NULL);
	if (!strcmp(name, "what"))
		return parse_name(p, name, l->what, sizeof(l->what), NULL);
	/* only shown to the reader: a truncated one is fine */
	if (!strcmp(name, "kernel") || !strcmp(name, "argv")) {
		char *buf = name[0] == 'k' ? l->kernel : l->argv;
		size_t cap = name[0] == 'k' ? sizeof(l->kernel) : sizeof(l->argv);

		skip_ws(p);
		if (*p->s == 'n')
			return lit(p, "null");
		return parse_string(p, buf, cap, &too_long);
	}
	if (!strcmp(name, "slots")) {
		l->has_slots = true;
		return parse_slots(p, l);
	}
	if (!strcmp(name, "count"))
		return parse_count(p, name, &l->count);
	if (!strcmp(name, "sum_ns"))
		return parse_count(p, name, &l->sum_ns);
	if (!strcmp(name, "max_ns"))
		return parse_count(p, name, &l->max_ns);
	if (!strcmp(name, "pages"))
		return parse_count(p, name, &l->pages);
	if (!strcmp(name, "time")) {
		if (!parse_count(p, name, &v))
			return false;
		l->time = (long long)v;
		return true;
	}
	/* avg_ns, p50_ns, interval_s, targets...: derived or not needed */
	return skip_value(p, 1);
}

/* One line, which must be a JSON object; false with the reason in p->err. */
static bool parse_line(struct jp *p, struct rec_line *l)
{
	char name[32];
	bool too_long;

	memset(l, 0, sizeof(*l));
	skip_ws(p);
	if (*p->s != '{')
		return jp_fail(p, "not a JSON object");
	p->s++;
	skip_ws(p);
	if (*p->s == '}') {
		p->s++;
	} else {
		for (;;) {
			if (!parse_string(p, name, sizeof(name), &too_long))
				return false;
			skip_ws(p);
			if (*p->s != ':')
				return jp_fail(p, "expected ':'");
			p->s++;
			if (too_long ? !skip_value(p, 1) : !parse_field(p, name, l))
				return false;
			skip_ws(p);
			if (*p->s == '}') {
				p->s++;
				break;
			}
			if (*p->s != ',')
				return jp_fail(p, "expected ',' or '}'");
			p->s++;
			skip_ws(p);
		}
	}
	skip_ws(p);
	if (*p->s)
		return jp_fail(p, "text after the JSON object");
	if (!l->type[0])
		return jp_fail(p, "no \"type\"");
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

static struct rec_entry *rec_find(struct recording *r, const struct rec_key *k, bool add)
{
	for (int i = 0; i < r->n; i++)
		if (key_eq(&r->e[i].key, k))
			return &r->e[i];
	if (!add)
		return NULL;
	if (r->n == r->cap) {
		int cap = r->cap ? 2 * r->cap : 32;
		struct rec_entry *e = realloc(r->e, cap * sizeof(*e));

		if (!e)
			return NULL;
		r->e = e;
		r->cap = cap;
	}
	memset(&r->e[r->n], 0, sizeof(r->e[r->n]));
	r->e[r->n].key = *k;
	return &r->e[r->n++];
}

/* Slot i holds [2^i, 2^(i+1)) units; slot 0 also 0. */
static double slot_lo_ns(int i, uint64_t div)
{
	return i ? ldexp((double)div, i) : 0;
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
		r->time = l->time;
		snprintf(r->kernel, sizeof(r->kernel), "%s", l->kernel);
		snprintf(r->argv, sizeof(r->argv), "%s", l->argv);
	} else if (!strcmp(l->type, "lost")) {
		r->lost += l->count;
	} else if (!strcmp(l->type, "hist")) {
		if (!l->has_op || !l->has_slots) {
			snprintf(why, len, "a \"hist\" line needs \"op\" and \"slots\"");
			return -1;
		}
		if (!r->unit) {
			snprintf(why, len, "a \"hist\" line without a \"unit\"");
			return -1;
		}
		e = rec_find(r, &l->key, true);
		if (!e) {
			snprintf(why, len, "out of memory");
			return -1;
		}
		/*
		 * The count comes from the slots, not from "count": the
		 * statistics work on the slots, and a histogram read while
		 * CPUs update it may have a count a few samples off.
		 */
		memcpy(h.slots, l->slots, sizeof(h.slots));
		for (int i = 0; i < VS_HIST_SLOTS; i++)
			h.count += h.slots[i];
		h.sum_ns = l->sum_ns;
		h.max_ns = l->max_ns;
		h.pages = l->pages;
		hist_add(&e->hist, &h);
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
	r->e = NULL;
	r->n = r->cap = 0;
}

int recording_load(const char *path, struct recording *r, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct rec_line *l = malloc(sizeof(*l));
	char *line = NULL, why[200];
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, known = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		free(l);
		return -1;
	}
	if (!l) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct jp p = { .s = line, .line = line };

		lineno++;
		if ((size_t)len != strlen(line)) {
			snprintf(err, errlen, "%s:%ld: a NUL byte: not a recording", path, lineno);
			goto out;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
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
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		goto out;
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

/* ---- the statistics -------------------------------------------------------- */

int mann_whitney(const struct vs_hist *a, const struct vs_hist *b, struct mw_result *r)
{
	long double below = 0, u = 0, ties = 0, na, nb, n, var;
	int occupied = 0;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		r->n_a += a->slots[i];
		r->n_b += b->slots[i];
	}
	if (!r->n_a || !r->n_b)
		return -1;
	/*
	 * The samples of one slot are indistinguishable, so they are ties
	 * and share their midrank.  Summing B's midranks and subtracting
	 * n_b (n_b + 1) / 2 is the same as counting, for each sample of B,
	 * the samples of A below its slot plus half those in it: that form
	 * needs no ranks and keeps the numbers small.
	 */
	for (int i = 0; i < VS_HIST_SLOTS; i++) {
		long double ai = a->slots[i], bi = b->slots[i], t = ai + bi;

		u += bi * (below + ai / 2);
		below += ai;
		ties += (t - 1) * t * (t + 1);
		occupied += t > 0;
	}
	na = r->n_a;
	nb = r->n_b;
	n = na + nb;
	r->u = (double)u;
	r->a12 = (double)(u / (na * nb));
	/* every sample in one slot: nothing tells the runs apart */
	if (occupied < 2) {
		r->z = 0;
		r->p = r->p_lower = 0.5;
		return 0;
	}
	/* Var(U) with ties: n_a n_b / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))) */
	var = na * nb / 12 * ((n + 1) - ties / (n * (n - 1)));
	r->z = (double)((u - na * nb / 2) / sqrtl(var));
	/* erfc keeps the far tail precise, where 1 - Phi(z) would be 0 */
	r->p = 0.5 * erfc(r->z / M_SQRT2);
	r->p_lower = 0.5 * erfc(-r->z / M_SQRT2);
	return 0;
}

enum verdict compare_verdict(const struct mw_result *r, const struct compare_opts *o)
{
	uint64_t min = o->min_count ? o->min_count : 1;

	if (r->n_a < min || r->n_b < min)
		return VERDICT_FEW;
	if (r->p < o->alpha && r->a12 >= o->threshold)
		return VERDICT_REGRESSED;
	if (r->p_lower < o->alpha && r->a12 <= 1 - o->threshold)
		return VERDICT_IMPROVED;
	return VERDICT_OK;
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_REGRESSED: return "REGRESSED";
	case VERDICT_IMPROVED: return "IMPROVED";
	case VERDICT_FEW: return "too few samples";
	default: return "ok";
	}
}

/* The same for programs: lower case, no spaces. */
const char *verdict_id(enum verdict v)
{
	switch (v) {
	case VERDICT_REGRESSED: return "regressed";
	case VERDICT_IMPROVED: return "improved";
	case VERDICT_FEW: return "too_few_samples";
	default: return "ok";
	}
}

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

int compare_recordings(const struct recording *a, const struct recording *b,
		       const struct compare_opts *o, struct compare_row **rows,
		       char *err, size_t errlen)
{
	const struct hist_unit *unit = a->unit ? a->unit : b->unit;
	struct compare_row *r;
	int n = 0;

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
	for (int i = 0; i < a->n; i++) {
		r[n].key = a->e[i].key;
		r[n].tier_a = a->e[i].tier;
		r[n].tier_b = "";
		r[n].a = a->e[i].hist;
		n++;
	}
	for (int i = 0; i < b->n; i++) {
		int j;

		for (j = 0; j < n; j++)
			if (key_eq(&r[j].key, &b->e[i].key))
				break;
		if (j == n) {
			r[n].key = b->e[i].key;
			r[n].tier_a = "";
			n++;
		}
		r[j].tier_b = b->e[i].tier;
		r[j].b = b->e[i].hist;
	}
	for (int i = 0; i < n; i++) {
		for (int q = 0; q < 3; q++) {
			r[i].q_a[q] = hist_quantile(&r[i].a, compare_quantiles[q], unit->div) *
				      unit->div;
			r[i].q_b[q] = hist_quantile(&r[i].b, compare_quantiles[q], unit->div) *
				      unit->div;
		}
		r[i].have_stats = !mann_whitney(&r[i].a, &r[i].b, &r[i].mw);
		r[i].verdict = compare_verdict(&r[i].mw, o);
	}
	qsort(r, n, sizeof(*r), cmp_row);
	*rows = r;
	return n;
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

/* wide enough for a device path */
#define CELL	sizeof(((struct rec_key *)0)->dev)

/* Columns on screen: UTF-8 continuation bytes take none. */
static int width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
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

	snprintf(cells[COL_OP], CELL, "%s", k->op);
	snprintf(cells[COL_SUB], CELL, "%s", k->has_sub ? k->sub : "-");
	snprintf(cells[COL_DEV], CELL, "%s", k->has_dev ? k->dev : "-");
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
		if (r->mw.p < 1e-300)
			snprintf(cells[COL_P], CELL, "<1e-300");
		else
			snprintf(cells[COL_P], CELL, "%.2g", r->mw.p);
	} else {
		snprintf(cells[COL_A12], CELL, "-");
		snprintf(cells[COL_P], CELL, "-");
	}
	snprintf(cells[COL_VERDICT], CELL, "%s", verdict_name(r->verdict));
}

static void print_run(FILE *f, const char *name, const struct recording *r)
{
	char when[32] = "";
	time_t t = r->time;

	fprintf(f, "%s: %s", name, r->path);
	if (r->has_meta) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&t));
		fprintf(f, "  kernel %s  recorded %s", r->kernel[0] ? r->kernel : "?", when);
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
	char (*cells)[NR_COLS][CELL] = calloc(n + 1, sizeof(*cells));
	const char *noted = NULL;
	int w[NR_COLS], regressed = 0;

	if (!cells)
		die("out of memory");
	print_run(f, "A", a);
	print_run(f, "B", b);
	fputc('\n', f);
	for (int c = 0; c < NR_COLS; c++)
		w[c] = width(col_names[c]);
	for (int i = 0; i < n; i++) {
		fill_cells(cells[i], &rows[i]);
		for (int c = 0; c < NR_COLS; c++)
			if (width(cells[i][c]) > w[c])
				w[c] = width(cells[i][c]);
		regressed += rows[i].verdict == VERDICT_REGRESSED;
	}
	/* names and the verdict to the left, numbers to the right */
	for (int i = -1; i < n; i++) {
		for (int c = 0; c < NR_COLS; c++) {
			const char *s = i < 0 ? col_names[c] : cells[i][c];
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
		fprintf(f, "note: %s is measured from %s in A, from %s in B\n",
			r->key.op, r->tier_a, r->tier_b);
		noted = r->key.op;	/* rows are sorted: once per operation */
	}
	fprintf(f, "\n%d operations compared, %d regressed\n", n, regressed);
	free(cells);
}

static void json_num(FILE *f, const char *fmt, double v, bool valid)
{
	if (valid && isfinite(v))
		fprintf(f, fmt, v);
	else
		fputs("null", f);
}

void compare_print_json(FILE *f, const struct recording *a, const struct recording *b,
			const struct compare_opts *o, const struct compare_row *rows, int n)
{
	static const char *const qname[3] = { "p50", "p90", "p99" };
	int regressed = 0, improved = 0, few = 0;

	for (int i = 0; i < n; i++) {
		const struct compare_row *r = &rows[i];
		bool both = r->a.count && r->b.count;

		fprintf(f, "{\"type\":\"compare\",\"op\":");
		json_string(f, r->key.op);
		fprintf(f, ",\"sub\":");
		json_string(f, r->key.has_sub ? r->key.sub : NULL);
		fprintf(f, ",\"dev\":");
		json_string(f, r->key.has_dev ? r->key.dev : NULL);
		fprintf(f, ",\"tier_a\":");
		json_string(f, r->tier_a[0] ? r->tier_a : NULL);
		fprintf(f, ",\"tier_b\":");
		json_string(f, r->tier_b[0] ? r->tier_b : NULL);
		fprintf(f, ",\"count_a\":%llu,\"count_b\":%llu",
			(unsigned long long)r->a.count, (unsigned long long)r->b.count);
		for (int q = 0; q < 3; q++) {
			fprintf(f, ",\"%s_a_ns\":", qname[q]);
			json_num(f, "%.0f", r->q_a[q], r->a.count);
			fprintf(f, ",\"%s_b_ns\":", qname[q]);
			json_num(f, "%.0f", r->q_b[q], r->b.count);
			fprintf(f, ",\"%s_delta_ns\":", qname[q]);
			json_num(f, "%.0f", r->q_b[q] - r->q_a[q], both);
			fprintf(f, ",\"%s_delta_pct\":", qname[q]);
			json_num(f, "%.2f", (r->q_b[q] - r->q_a[q]) / r->q_a[q] * 100,
				 both && r->q_a[q] > 0);
		}
		fprintf(f, ",\"a12\":");
		json_num(f, "%.4f", r->mw.a12, r->have_stats);
		fprintf(f, ",\"z\":");
		json_num(f, "%.3f", r->mw.z, r->have_stats);
		fprintf(f, ",\"p\":");
		json_num(f, "%.3g", r->mw.p, r->have_stats);
		fprintf(f, ",\"p_improved\":");
		json_num(f, "%.3g", r->mw.p_lower, r->have_stats);
		fprintf(f, ",\"verdict\":\"%s\"}\n", verdict_id(r->verdict));
		regressed += r->verdict == VERDICT_REGRESSED;
		improved += r->verdict == VERDICT_IMPROVED;
		few += r->verdict == VERDICT_FEW;
	}
	fprintf(f, "{\"type\":\"summary\",\"a\":");
	json_string(f, a->path);
	fprintf(f, ",\"b\":");
	json_string(f, b->path);
	fprintf(f, ",\"unit\":");
	json_string(f, a->unit ? a->unit->suffix : b->unit ? b->unit->suffix : NULL);
	fprintf(f, ",\"alpha\":%g,\"threshold\":%g,\"min_count\":%llu,\"compared\":%d,"
		"\"regressed\":%d,\"improved\":%d,\"too_few\":%d,\"lost_a\":%llu,\"lost_b\":%llu}\n",
		o->alpha, o->threshold, (unsigned long long)o->min_count, n, regressed,
		improved, few, (unsigned long long)a->lost, (unsigned long long)b->lost);
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
"  -h, --help             this help\n"
"\n"
"Exit status: 0 no regression, 3 a regression, 1 an error, 2 a usage error.\n";

static double parse_fraction(const char *s, const char *what, double lo, double hi,
			     bool lo_incl)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v > hi || v < lo || (!lo_incl && v == lo))
		usage_error("invalid %s '%s' (want %s%g to %g)", what, s,
			    lo_incl ? "" : "more than ", lo, hi);
	return v;
}

static uint64_t parse_count_arg(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || s[0] == '+')
		usage_error("invalid %s '%s' (want a whole number)", what, s);
	return v;
}

int compare_main(int argc, char **argv)
{
	enum { OPT_ALPHA = 0x100, OPT_THRESHOLD, OPT_MIN_COUNT };
	static const struct option opts[] = {
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "min-count", required_argument, NULL, OPT_MIN_COUNT },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct compare_opts o = { .alpha = 0.001, .threshold = 0.71, .min_count = 100 };
	struct recording a, b;
	struct compare_row *rows;
	char err[512];
	bool json = false;
	int c, n, regressed = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ALPHA:
			o.alpha = parse_fraction(optarg, "--alpha", 0, 1, false);
			if (o.alpha == 1)
				usage_error("invalid --alpha '%s' (want less than 1)", optarg);
			break;
		case OPT_THRESHOLD:
			o.threshold = parse_fraction(optarg, "--threshold", 0.5, 1, true);
			break;
		case OPT_MIN_COUNT:
			o.min_count = parse_count_arg(optarg, "--min-count");
			break;
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

	if (recording_load(argv[optind], &a, err, sizeof(err)))
		die("%s", err);
	if (recording_load(argv[optind + 1], &b, err, sizeof(err)))
		die("%s", err);
	n = compare_recordings(&a, &b, &o, &rows, err, sizeof(err));
	if (n < 0)
		die("%s", err);
	if (json)
		compare_print_json(stdout, &a, &b, &o, rows, n);
	else
		compare_print_text(stdout, &a, &b, rows, n);
	for (int i = 0; i < n; i++)
		regressed += rows[i].verdict == VERDICT_REGRESSED;
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the report: %s", strerror(errno));
	free(rows);
	recording_free(&a);
	recording_free(&b);
	return regressed ? 3 : 0;
}
