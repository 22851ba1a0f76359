// SPDX-License-Identifier: GPL-2.0
/*
 * The files the tools write.  --prom's file is replaced every interval
 * while node_exporter reads it, so it goes through a temporary file and
 * a rename; that must not become a way to replace, or write through,
 * whatever sits at the path or next to it (a device node, a FIFO, a
 * symlink to a file of root's), so the temporary file is created
 * exclusively under a random name and the target must be a regular file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "output.h"

static int open_stream(struct output *o, const char *path, int fd)
{
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int err = -errno;

		close(fd);
		return err;
	}
	o->path = path;
	return 0;
}

int output_open(struct output *o, const char *path)
{
	int fd;

	memset(o, 0, sizeof(*o));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	return open_stream(o, path, fd);
}

/* 0 if @path is a regular file or nothing, else the error. */
static int check_target(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	return S_ISREG(st.st_mode) ? 0 : -OUTPUT_ENOTREG;
}

int output_replace(struct output *o, const char *path)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	const char *base = strrchr(path, '/');
	int dirlen, err, fd = -1;

	memset(o, 0, sizeof(*o));
	err = check_target(path);
	if (err)
		return err;
	base = base ? base + 1 : path;
	dirlen = base - path;
	if (!*base)
		return -EISDIR;
	/* hidden and not *.prom: a textfile collector skips it */
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		unsigned char rnd[10];
		char suffix[sizeof(rnd) + 1];

		if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
			return -EIO;
		for (size_t i = 0; i < sizeof(rnd); i++)
			suffix[i] = digits[rnd[i] % (sizeof(digits) - 1)];
		suffix[sizeof(rnd)] = '\0';
		if ((size_t)snprintf(o->tmp, sizeof(o->tmp), "%.*s.%s.%s.tmp", dirlen, path, base,
				     suffix) >= sizeof(o->tmp))
			return -ENAMETOOLONG;
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	err = open_stream(o, path, fd);
	if (err)
		unlink(o->tmp);
	return err;
}

int output_flush(struct output *o)
{
	errno = 0;
	if (fflush(o->f) || ferror(o->f))
		return errno ? -errno : -EIO;
	return 0;
}

int output_close(struct output *o)
{
	int err = output_flush(o);

	/* the data on disk before the name points at it */
	if (!err && o->tmp[0] && fsync(fileno(o->f)))
		err = -errno;
	if (fclose(o->f) && !err)
		err = -errno;
	o->f = NULL;
	if (o->tmp[0]) {
		if (!err)
			err = check_target(o->path);
		if (!err && rename(o->tmp, o->path))
			err = -errno;
		if (err)
			unlink(o->tmp);
		o->tmp[0] = '\0';
	}
	return err;
}

const char *output_strerror(int err)
{
	if (err == -OUTPUT_ENOTREG)
		return "not a regular file: not replaced";
	return strerror(-err);
}

/* @path with its directory resolved (the file itself need not exist). */
static bool resolve(const char *path, char *out, size_t len)
{
	const char *base = strrchr(path, '/');
	char dir[PATH_MAX], *real;

	if (!base) {
		snprintf(dir, sizeof(dir), ".");
		base = path;
	} else {
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - path) ? (int)(base - path) : 1, path);
		base++;
	}
	real = realpath(dir, NULL);
	if (!real)
		return false;
	snprintf(out, len, "%s/%s", real, base);
	free(real);
	return true;
}

bool output_same_file(const char *a, const char *b)
{
	char ra[2 * PATH_MAX], rb[2 * PATH_MAX];
	struct stat sa, sb;

	if (!stat(a, &sa) && !stat(b, &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (resolve(a, ra, sizeof(ra)) && resolve(b, rb, sizeof(rb)))
		return !strcmp(ra, rb);
	return !strcmp(a, b);
}
