/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files the tools write: a stream written in place (vswaplat -o), or
 * a file replaced whole by a rename (vswaplat --prom), never anything
 * but a regular file, through a temporary file no one else can have
 * made.  Every write is checked: an output lost is an error.
 */
#ifndef VSWAP_OUTPUT_H
#define VSWAP_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/* The error of a target that is not a regular file: it is not replaced. */
#define OUTPUT_ENOTREG	4096

struct output {
	const char *path;
	FILE *f;
	char tmp[PATH_MAX];	/* output_replace(): the file written, renamed at close */
};

/* @path created or truncated, for writing in place: 0 or a negative errno. */
int output_open(struct output *o, const char *path);

/*
 * Start replacing @path: refused (-OUTPUT_ENOTREG) unless it is a
 * regular file or does not exist (a symlink, a device node, a FIFO are
 * left alone); the text goes to a new file of a random name in the same
 * directory (O_EXCL, O_NOFOLLOW: an existing name, or a link planted
 * there, is never written through), mode 0644 less the umask.
 */
int output_replace(struct output *o, const char *path);

/* Flush, and tell whether anything written so far was lost. */
int output_flush(struct output *o);

/*
 * Flush and close; a replacement is then renamed over its path (after
 * checking again that the path is not something else by now), or on
 * any error removed.  0 or a negative errno; @o is closed either way.
 */
int output_close(struct output *o);

/* strerror(-err), and words for -OUTPUT_ENOTREG. */
const char *output_strerror(int err);

/*
 * Whether @a and @b are one file: by device and inode where both exist,
 * else by their paths with the directories resolved.
 */
bool output_same_file(const char *a, const char *b);

#endif /* VSWAP_OUTPUT_H */
