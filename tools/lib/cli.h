/* SPDX-License-Identifier: GPL-2.0 */
/* What the command-line tools share: one-line errors, checks, parsing. */
#ifndef VSWAP_CLI_H
#define VSWAP_CLI_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

void set_progname(const char *name);
const char *progname(void);

/* "prog: message" on stderr, for what the run goes on after. */
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "prog: message" on stderr, then exit(1) or, for usage errors, exit(2). */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/*
 * What getopt_long() returns for a bad option, as a usage error: ':' for
 * an option without its argument, anything else for an unknown option
 * (@what names the command, or is NULL).  The optstring starts with ':'.
 */
void bad_option(int c, char *const *argv, const char *what) __attribute__((noreturn));

/* A libbpf error code, in words a user can act on. */
void die_bpf(const char *what, int err) __attribute__((noreturn));

/* CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN), and a kernel with BTF. */
void check_privileges(void);

/*
 * What a number on the command line may be.  Every number a tool parses
 * (intervals, counts, sizes) goes through parse_num() with one of
 * these, so that each is checked the same way and its error says the
 * range: "interval must be 0.1..86400 seconds, got '1e19'".
 */
struct num_spec {
	const char *what;	/* "interval", "count" */
	double min, max;	/* inclusive; a whole or size: below 2^53 */
	bool above_min;		/* min itself excluded: "more than 0, up to 1" */
	const char *unit;	/* "seconds", or NULL */
	bool whole;		/* digits only: no fraction, sign or exponent */
	bool size;		/* whole bytes, with an optional K, M, G or T */
};

/*
 * @s as @spec says, into *@v: true, or false for anything else (empty,
 * a sign, blanks, trailing characters, NaN, inf, hex, a fraction where
 * a whole number is meant, out of range).
 */
bool num_parse(const char *s, const struct num_spec *spec, double *v);

/* "0.1..86400 seconds", "a whole number 1..1000000000": what @spec accepts. */
void num_spec_describe(char *buf, size_t len, const struct num_spec *spec);

/* num_parse(), or a usage error that gives the range. */
double parse_num(const char *s, const struct num_spec *spec);

/* What -c measures: a memory cgroup, and where it is. */
struct cgroup_info {
	uint64_t id;		/* what the BPF side matches */
	int version;		/* 1 or 2 */
	char name[PATH_MAX];	/* its path in its hierarchy: "/vswaplat-test" */
	char mount[PATH_MAX];	/* where its hierarchy is mounted */
	char controllers[256];	/* v1: the hierarchy's ("memory"); v2: "cgroup2" */
};

/*
 * The memory cgroup at @path: a directory of a v1 hierarchy with the
 * memory controller, or of cgroup v2 with memory enabled (its parent's
 * cgroup.subtree_control), and not the hierarchy's root.  0, or -1 with
 * why not (one line) in @why.
 */
int cgroup_resolve(const char *path, struct cgroup_info *cg, char *why, size_t len);

/* cgroup_resolve()'s id, or die saying why not. */
uint64_t cgroup_id(const char *path);

/* Sleep @seconds, returning early once *@stop is set (by a signal). */
void sleep_interval(double seconds, volatile sig_atomic_t *stop);

/*
 * Sleep until @deadline (CLOCK_MONOTONIC), or until *@stop is set; true
 * if it returned early because @fd (unless -1) reported POLLPRI, as
 * /proc/swaps does after each swapon and swapoff.
 */
bool sleep_until(const struct timespec *deadline, volatile sig_atomic_t *stop, int fd);

/* @t plus @seconds. */
struct timespec timespec_after(struct timespec t, double seconds);

#endif /* VSWAP_CLI_H */
