/* SPDX-License-Identifier: GPL-2.0 */
/* What the command-line tools share: one-line errors, checks, parsing. */
#ifndef VSWAP_CLI_H
#define VSWAP_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

void set_progname(const char *name);
const char *progname(void);

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

/* Root, and a kernel with BTF: the tools need both. */
void check_privileges(void);

/* A positive number (fractions allowed), or a usage error naming @what. */
double parse_positive(const char *s, const char *what);

/* The id of the cgroup at @path (v1 or v2 directory), or die. */
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
