/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON for every tool: a writer (strings escaped, numbers, null for what
 * was not measured, objects and arrays that keep their own commas) and
 * the reader of one line that vswaplat compare needs, with a bounded
 * line length.
 */
#ifndef VSWAP_JSON_H
#define VSWAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- writing ---------------------------------------------------------------- */

/* @s as a JSON string (", \ and every control character escaped), or null. */
void json_string(FILE *f, const char *s);

/* A count. */
void json_u64(FILE *f, uint64_t v);

/*
 * The shortest decimal that reads back as the same double; null for NaN
 * and the infinities, which JSON cannot spell.
 */
void json_double(FILE *f, double v);

/* @v in printf format @fmt ("%.0f"), or null unless @valid and finite. */
void json_number(FILE *f, const char *fmt, double v, bool valid)
	__attribute__((format(printf, 2, 0)));

#define JSON_MAX_DEPTH	32

/*
 * Objects and arrays, their commas kept here: a value after jw_key() is
 * the member's, any other value (or container) in a container is its
 * next element.
 */
struct json_writer {
	FILE *f;
	int depth;
	bool after_key;
	bool nonempty[JSON_MAX_DEPTH + 1];	/* a value written at that depth */
	char close[JSON_MAX_DEPTH + 1];		/* '}' or ']' */
};

void jw_init(struct json_writer *w, FILE *f);
void jw_object(struct json_writer *w);
void jw_array(struct json_writer *w);
/* Closes the innermost container; at depth 0 also ends the line. */
void jw_end(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);
void jw_string(struct json_writer *w, const char *s);
void jw_u64(struct json_writer *w, uint64_t v);
void jw_i64(struct json_writer *w, long long v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);
void jw_double(struct json_writer *w, double v);
void jw_number(struct json_writer *w, const char *fmt, double v, bool valid)
	__attribute__((format(printf, 2, 0)));

/* A member: jw_key() and its value. */
void jw_kstr(struct json_writer *w, const char *key, const char *s);
void jw_ku64(struct json_writer *w, const char *key, uint64_t v);
void jw_ki64(struct json_writer *w, const char *key, long long v);
void jw_knum(struct json_writer *w, const char *key, const char *fmt, double v, bool valid)
	__attribute__((format(printf, 3, 0)));

/* ---- reading ----------------------------------------------------------------- */

/*
 * Longest line json_read_line() takes.  A vswaplat line is well under a
 * kilobyte (a swap_devices line of many long paths a few); the bound is
 * what keeps a file without newlines (/dev/zero) from eating memory.
 */
#define JSON_LINE_MAX	(1 << 20)

enum {
	JSON_LINE_EOF = -1,
	JSON_LINE_TOO_LONG = -2,	/* longer than @cap - 1 bytes */
	JSON_LINE_NUL = -3,		/* a NUL byte: not text */
	JSON_LINE_ERROR = -4,		/* a read error: see errno */
};

/*
 * The next line of @f into @buf (NUL-terminated, the newline and a CR
 * before it removed): its length, or one of JSON_LINE_*.  On TOO_LONG
 * and NUL the rest of the line is not read: the caller stops there.
 */
long json_read_line(FILE *f, char *buf, size_t cap);

/* A parser over one NUL-terminated line. */
struct json_parser {
	const char *s;		/* the next character */
	const char *line;	/* for the column of an error */
	char err[160];		/* the first error: "column 7: ..." */
};

void json_parser_init(struct json_parser *p, const char *line);

/* Records the first error (later ones are its echoes); returns false. */
bool json_fail(struct json_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void json_skip_ws(struct json_parser *p);

/* The next character, after white space, if it is @c (then stepped over). */
bool json_accept(struct json_parser *p, char c);

/* The literal @word (true, false, null). */
bool json_literal(struct json_parser *p, const char *word);

/*
 * A string, decoded into @buf (NUL-terminated) unless @buf is NULL.
 * *@too_long (if not NULL) tells that it did not fit: the caller decides
 * whether a truncated value is good enough.
 */
bool json_parse_string(struct json_parser *p, char *buf, size_t cap, bool *too_long);

/*
 * A number, by JSON's grammar: as a double in *@d, and exact in *@u when
 * it is a plain non-negative integer that fits 64 bits (*@is_uint).
 */
bool json_parse_number(struct json_parser *p, double *d, uint64_t *u, bool *is_uint);

/* A count: a non-negative integer below 2^64 (jq may write 1.5e+19). */
bool json_parse_count(struct json_parser *p, const char *field, uint64_t *out);

/* A string (or null, if @null is not NULL: *@null tells); too long is an error. */
bool json_parse_name(struct json_parser *p, const char *field, char *buf, size_t cap,
		     bool *null);

/* Check and step over any value, nested at most JSON_MAX_DEPTH deep. */
bool json_skip_value(struct json_parser *p, int depth);

#endif /* VSWAP_JSON_H */
