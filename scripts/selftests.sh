#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel's own swap selftests from the same source tree as the
# test kernel (Debian's linux-source-6.12), static, for the guest:
# cgroup/test_zswap and mm/cow (guest/tests/74-virtual-selftests.sh).
#
#   scripts/selftests.sh OUTDIR
#
# The tests are the tree's, unchanged.  What they need that Debian 12's
# 6.1 userspace headers lack (PAGEMAP_SCAN's PAGE_IS_SWAPPED, newer
# userfaultfd ioctls) comes from the tree's own uapi headers: those two
# files only, ahead of the system's, so the rest stays glibc's.
set -euo pipefail

out=$(realpath -m "$1")
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
[ -r "$tarball" ] || { echo "selftests: $tarball missing: run 'make deps'" >&2; exit 1; }

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
top=linux-source-6.12
tar -C "$src" --strip-components=1 -xJf "$tarball" --wildcards \
	"$top/tools/testing/selftests/cgroup/*" "$top/tools/testing/selftests/mm/*" \
	"$top/tools/testing/selftests/kselftest*" "$top/tools/testing/selftests/clone3/*" \
	"$top/mm/gup_test.h" \
	"$top/include/uapi/linux/fs.h" "$top/include/uapi/linux/userfaultfd.h"

inc=$src/override
mkdir -p "$inc/linux"
cp "$src/include/uapi/linux/fs.h" "$src/include/uapi/linux/userfaultfd.h" "$inc/linux/"
# the selftests' Makefile writes this from a probe for liburing: none here
: >"$inc/local_config.h"

st=$src/tools/testing/selftests
mkdir -p "$out"
cc() { gcc -static -O2 -w -I"$st" -I"$inc" "$@"; }
cc -o "$out/test_zswap.tmp" "$st/cgroup/test_zswap.c" "$st/cgroup/cgroup_util.c"
cc -o "$out/cow.tmp" "$st/mm/cow.c" "$st/mm/vm_util.c" "$st/mm/thp_settings.c"
mv "$out/test_zswap.tmp" "$out/test_zswap"
mv "$out/cow.tmp" "$out/cow"
echo "selftests: $out/test_zswap $out/cow"
