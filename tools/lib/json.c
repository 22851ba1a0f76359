// SPDX-License-Identifier: GPL-2.0
/*
 * JSON for every tool: one writer, so that a name with a quote or a
 * control character in it is escaped the same way everywhere, and the
 * reader vswaplat compare needs.
 *
 * Recordings are a few thousand short lines of our own making, but they
 * are also files people edit (jq) and truncate (a killed run), so the
 * reader checks every line as JSON in full, and bounds it.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

/* ---- writing ---------------------------------------------------------------- */

void json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_u64(FILE *f, uint64_t v)
{
	fprintf(f, "%llu", (unsigned long long)v);
}

void json_double(FILE *f, double v)
{
	char buf[32];

	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, f);
}

void json_number(FILE *f, const char *fmt, double v, bool valid)
{
	if (valid && isfinite(v))
		fprintf(f, fmt, v);
	else
		fputs("null", f);
}

void jw_init(struct json_writer *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

/* The comma before a container's next element; none after a key. */
static void before_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->nonempty[w->depth])
		fputc(',', w->f);
	w->nonempty[w->depth] = true;
}

static void open_container(struct json_writer *w, char open, char close)
{
	before_value(w);
	fputc(open, w->f);
	/* deeper than anyone writes: the commas stay right, the ends may not */
	if (w->depth < JSON_MAX_DEPTH)
		w->depth++;
	w->nonempty[w->depth] = false;
	w->close[w->depth] = close;
}

void jw_object(struct json_writer *w)
{
	open_container(w, '{', '}');
}

void jw_array(struct json_writer *w)
{
	open_container(w, '[', ']');
}

void jw_end(struct json_writer *w)
{
	if (!w->depth)
		return;
	fputc(w->close[w->depth--], w->f);
	if (!w->depth) {
		fputc('\n', w->f);
		w->nonempty[0] = false;	/* the next line is a value of its own */
	}
}

void jw_key(struct json_writer *w, const char *key)
{
	before_value(w);
	json_string(w->f, key);
	fputc(':', w->f);
	w->after_key = true;
}

void jw_string(struct json_writer *w, const char *s)
{
	before_value(w);
	json_string(w->f, s);
}

void jw_u64(struct json_writer *w, uint64_t v)
{
	before_value(w);
	json_u64(w->f, v);
}

void jw_i64(struct json_writer *w, long long v)
{
	before_value(w);
	fprintf(w->f, "%lld", v);
}

void jw_bool(struct json_writer *w, bool v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->f);
}

void jw_null(struct json_writer *w)
{
	before_value(w);
	fputs("null", w->f);
}

void jw_double(struct json_writer *w, double v)
{
	before_value(w);
	json_double(w->f, v);
}

void jw_number(struct json_writer *w, const char *fmt, double v, bool valid)
{
	before_value(w);
	json_number(w->f, fmt, v, valid);
}

void jw_kstr(struct json_writer *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_string(w, s);
}

void jw_ku64(struct json_writer *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_u64(w, v);
}

void jw_ki64(struct json_writer *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_i64(w, v);
}

void jw_knum(struct json_writer *w, const char *key, const char *fmt, double v, bool valid)
{
	jw_key(w, key);
	jw_number(w, fmt, v, valid);
}

/* ---- reading ----------------------------------------------------------------- */

long json_read_line(FILE *f, char *buf, size_t cap)
{
	size_t len = 0;
	int c;

	for (;;) {
		c = getc_unlocked(f);
		if (c == EOF) {
			if (ferror(f))
				return JSON_LINE_ERROR;
			if (!len)
				return JSON_LINE_EOF;
			break;		/* a last line without its newline */
		}
		if (c == '\n')
			break;
		if (!c)
			return JSON_LINE_NUL;
		if (len + 1 >= cap)
			return JSON_LINE_TOO_LONG;
		buf[len++] = c;
	}
	if (len && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return len;
}

void json_parser_init(struct json_parser *p, const char *line)
{
	p->s = p->line = line;
	p->err[0] = '\0';
}

bool json_fail(struct json_parser *p, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	if (p->err[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, sizeof(p->err), "column %ld: %s", (long)(p->s - p->line) + 1, msg);
	return false;
}

void json_skip_ws(struct json_parser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')
		p->s++;
}

bool json_accept(struct json_parser *p, char c)
{
	json_skip_ws(p);
	if (*p->s != c)
		return false;
	p->s++;
	return true;
}

bool json_literal(struct json_parser *p, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(p->s, word, len))
		return json_fail(p, "invalid JSON value");
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

static bool hex4(struct json_parser *p, unsigned int *cp)
{
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		int v = hexval(p->s[i]);

		if (v < 0)
			return json_fail(p, "invalid \\u escape");
		*cp = *cp << 4 | v;
	}
	p->s += 4;
	return true;
}

/* A decoded string being built: past @cap it only notes that it was cut. */
struct sbuf {
	char *buf;
	size_t cap, len;
	bool cut;
};

static void put(struct sbuf *b, unsigned int c)
{
	if (!b->buf)
		return;
	if (b->len + 1 < b->cap)
		b->buf[b->len++] = c;
	else
		b->cut = true;
}

static void put_utf8(struct sbuf *b, unsigned int cp)
{
	if (cp < 0x80) {
		put(b, cp);
	} else if (cp < 0x800) {
		put(b, 0xc0 | cp >> 6);
		put(b, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		put(b, 0xe0 | cp >> 12);
		put(b, 0x80 | (cp >> 6 & 0x3f));
		put(b, 0x80 | (cp & 0x3f));
	} else {
		put(b, 0xf0 | cp >> 18);
		put(b, 0x80 | (cp >> 12 & 0x3f));
		put(b, 0x80 | (cp >> 6 & 0x3f));
		put(b, 0x80 | (cp & 0x3f));
	}
}

bool json_parse_string(struct json_parser *p, char *buf, size_t cap, bool *too_long)
{
	struct sbuf b = { .buf = cap ? buf : NULL, .cap = cap };

	if (*p->s != '"')
		return json_fail(p, "expected a string");
	p->s++;
	for (;;) {
		unsigned char c = *p->s;

		if (c == '"')
			break;
		if (!c)
			return json_fail(p, "unterminated string");
		if (c < 0x20)
			return json_fail(p, "control character in a string");
		p->s++;
		if (c != '\\') {
			put(&b, c);
			continue;
		}
		c = *p->s++;
		switch (c) {
		case '"': case '\\': case '/':
			put(&b, c);
			break;
		case 'b': put(&b, '\b'); break;
		case 'f': put(&b, '\f'); break;
		case 'n': put(&b, '\n'); break;
		case 'r': put(&b, '\r'); break;
		case 't': put(&b, '\t'); break;
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
			/* a NUL would cut the name short where it is used */
			put_utf8(&b, cp ? cp : 0xfffd);
			break;
		}
		default:
			p->s--;
			return json_fail(p, "invalid escape in a string");
		}
	}
	p->s++;
	if (b.buf)
		b.buf[b.len] = '\0';
	if (too_long)
		*too_long = b.cut;
	return true;
}

bool json_parse_number(struct json_parser *p, double *d, uint64_t *u, bool *is_uint)
{
	const char *start = p->s;
	bool plain = true;

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
		return json_fail(p, "invalid JSON value");
	}
	if (*p->s == '.') {
		plain = false;
		p->s++;
		if (*p->s < '0' || *p->s > '9')
			return json_fail(p, "invalid number");
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	if (*p->s == 'e' || *p->s == 'E') {
		plain = false;
		p->s++;
		if (*p->s == '+' || *p->s == '-')
			p->s++;
		if (*p->s < '0' || *p->s > '9')
			return json_fail(p, "invalid number");
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	*d = strtod(start, NULL);
	*is_uint = false;
	*u = 0;
	if (plain) {
		errno = 0;
		*u = strtoull(start, NULL, 10);
		*is_uint = !errno;
	}
	return true;
}

bool json_parse_count(struct json_parser *p, const char *field, uint64_t *out)
{
	double d;
	bool is_uint;

	json_skip_ws(p);
	if (!json_parse_number(p, &d, out, &is_uint))
		return false;
	if (is_uint)
		return true;
	if (!(d >= 0) || d != floor(d) || d >= 18446744073709551616.0)
		return json_fail(p, "\"%s\": not a count", field);
	*out = (uint64_t)d;
	return true;
}

bool json_parse_name(struct json_parser *p, const char *field, char *buf, size_t cap, bool *null)
{
	bool too_long;

	json_skip_ws(p);
	if (null)
		*null = false;
	if (null && *p->s == 'n') {
		*null = true;
		buf[0] = '\0';
		return json_literal(p, "null");
	}
	if (*p->s != '"')
		return json_fail(p, "\"%s\": expected a string%s", field, null ? " or null" : "");
	if (!json_parse_string(p, buf, cap, &too_long))
		return false;
	if (too_long)
		return json_fail(p, "\"%s\": longer than %zu bytes", field, cap - 1);
	return true;
}

static bool skip_container(struct json_parser *p, int depth, char close, bool object)
{
	if (depth > JSON_MAX_DEPTH)
		return json_fail(p, "nested too deeply");
	p->s++;
	if (json_accept(p, close))
		return true;
	for (;;) {
		if (object) {
			json_skip_ws(p);
			if (!json_parse_string(p, NULL, 0, NULL))
				return false;
			if (!json_accept(p, ':'))
				return json_fail(p, "expected ':'");
		}
		if (!json_skip_value(p, depth + 1))
			return false;
		if (json_accept(p, close))
			return true;
		if (!json_accept(p, ','))
			return json_fail(p, "expected ',' or '%c'", close);
	}
}

bool json_skip_value(struct json_parser *p, int depth)
{
	double d;
	uint64_t u;
	bool is_uint;

	json_skip_ws(p);
	switch (*p->s) {
	case '{': return skip_container(p, depth, '}', true);
	case '[': return skip_container(p, depth, ']', false);
	case '"': return json_parse_string(p, NULL, 0, NULL);
	case 't': return json_literal(p, "true");
	case 'f': return json_literal(p, "false");
	case 'n': return json_literal(p, "null");
	default: return json_parse_number(p, &d, &u, &is_uint);
	}
}
