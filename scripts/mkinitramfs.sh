#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest's initramfs: busybox-static, the project's static tools
# and the kernel's selftests (scripts/selftests.sh), Debian's perf, memhog,
# jq, bpftool and stress-ng with the shared libraries they load, and the
# guest test suite from guest/.
#
#   scripts/mkinitramfs.sh [--modules DIR] OUT.cpio BIN...
#
# BIN... are the project's binaries (statically linked) to put in /bin.
# --modules DIR adds the kernel modules of a stock kernel (DIR/*.ko and
# DIR/order, see scripts/stock-kernel.sh), which /init loads in order.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
modules=
if [ "${1:-}" = --modules ]; then
	modules=$2
	shift 2
fi
out=$1
shift

die() { echo "mkinitramfs: $*" >&2; exit 1; }
for tool in /bin/busybox /usr/bin/perf /usr/bin/memhog /usr/bin/jq /usr/sbin/bpftool \
	/usr/bin/stress-ng; do
	[ -x "$tool" ] || die "$tool missing: run 'make deps'"
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# mktemp's 0700 would be the guest's /: an unprivileged user could run
# nothing (the virtual test swaps on as user nobody)
chmod 755 "$root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,results,usr/bin,lib64,etc}

cp /bin/busybox "$root/bin/"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

for bin in "$@"; do
	[ -x "$bin" ] || die "$bin is not an executable"
	if ldd "$bin" >/dev/null 2>&1; then
		die "$bin is dynamically linked; the guest tools must be static"
	fi
	cp "$bin" "$root/bin/"
done

# Dynamic programs from Debian, with every library ldd resolves, at the
# same paths, so the guest's dynamic loader finds them.
copy_dynamic() {
	local prog=$1 lib
	cp "$prog" "$root/usr/bin/"
	for lib in $(ldd "$prog" | awk '/=>/ { print $3 } /^\t\// { print $1 }'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_dynamic /usr/bin/perf
copy_dynamic /usr/bin/memhog
# for the tests: JSON checks, and BTF type sizes computed independently
copy_dynamic /usr/bin/jq
copy_dynamic /usr/sbin/bpftool
# Debian's stress-ng: its swap and vm stressors (guest/tests/74-virtual-selftests.sh)
copy_dynamic /usr/bin/stress-ng

if [ -n "$modules" ]; then
	mkdir -p "$root/modules"
	cp "$modules"/*.ko "$modules/order" "$root/modules/"
fi

cp "$top/guest/init" "$root/init"
cp -r "$top/guest/lib.sh" "$top/guest/tests" "$root/"
# the library's pieces, and the host suites' TAP helper (guest/lib.sh)
mkdir -p "$root/lib/vswap"
cp "$top"/guest/lib/*.sh "$top/tests/tap.sh" "$root/lib/vswap/"
chmod +x "$root/init"

( cd "$root" && find . -print0 | cpio --null -o -H newc --quiet ) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -h "$out" | cut -f1))"
