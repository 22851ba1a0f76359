/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What --version prints, the same three lines on every tool:
 *
 *   vswaplat vswap v0.1-12-gf429f7e
 *   libbpf 1.1
 *   bpf vswap.bpf.o sha256 9f2c...
 *
 * The version is "git describe --tags --always --dirty" when built from
 * a git tree, else the first line of a VERSION file at the top of the
 * source (a release tarball carries one), else "unknown" (Makefile).
 */
#ifndef VSWAP_VERSION_H
#define VSWAP_VERSION_H

#include <stdio.h>

/* The project's version, as the build found it. */
extern const char vswap_version[];

/*
 * The three lines, for a tool that uses no BPF (swapload): "libbpf
 * none", "bpf none".  0, or -1 if stdout could not be written.
 */
int version_print(const char *tool);

/*
 * The three lines, for a tool built on the BPF object @object (its file
 * name under bpf/, e.g. "vswap.bpf.o") whose build id is @sha256 (the
 * Makefile's BPF_SHA256_<name>), and the libbpf it is linked with.
 */
int version_print_bpf(const char *tool, const char *object, const char *sha256);

/* The three lines as given (both functions above end here). */
int version_lines(const char *tool, const char *libbpf, const char *bpf);

#endif /* VSWAP_VERSION_H */
