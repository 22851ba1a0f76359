// SPDX-License-Identifier: GPL-2.0
/*
 * The version of a tool built on a BPF object: the libbpf it is linked
 * with (the static binaries carry their own copy, so this is the one
 * that runs, whatever the host has installed) and the object's id.
 *
 * The object's id is the SHA-256 of the object file, computed by the
 * Makefile when it builds the skeleton that embeds those same bytes:
 * "sha256sum build/bpf/vswap.bpf.o" on the build machine prints it too.
 * Not an ELF build-id: clang writes none into a BPF object (only a
 * linker adds .note.gnu.build-id), and a hash of the bytes changes with
 * any change to the programs, their maps or their BTF.
 */
#include <bpf/libbpf.h>
#include "version.h"

int version_print_bpf(const char *tool, const char *object, const char *sha256)
{
	char libbpf[32], bpf[128];

	snprintf(libbpf, sizeof(libbpf), "%u.%u",
		 libbpf_major_version(), libbpf_minor_version());
	snprintf(bpf, sizeof(bpf), "%s sha256 %s", object, sha256);
	return version_lines(tool, libbpf, bpf);
}
