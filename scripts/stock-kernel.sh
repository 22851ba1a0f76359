#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's stock 6.12 cloud kernel (the unpatched comparison kernel
# and the target of the fallback-tier tests) into the cache, with the
# modules the guest needs, uncompressed, in load order.  With --6.1,
# Debian 12's own 6.1 kernel instead: older than the fentry tier's
# function names and struct folio's swap field.
#
#   scripts/stock-kernel.sh [--6.1] OUT_DIR
#
# OUT_DIR gets vmlinuz, config and modules/ (*.ko plus an "order" file).
set -euo pipefail

series='6\.12\.[0-9]+\+deb12'
if [ "${1:-}" = --6.1 ]; then
	series='6\.1\.0-[0-9]+'
	shift
fi
out=$(realpath -m "${1:?usage: stock-kernel.sh [--6.1] OUT_DIR}")
cache=${VSWAP_CACHE:-$HOME/.cache/vswap}/stock
# The newest such cloud image Debian has; pin with STOCK_KERNEL=.
pkg=${STOCK_KERNEL:-$(apt-cache search --names-only \
	"^linux-image-$series-cloud-amd64-unsigned\$" |
	awk '{ print $1 }' | sort -V | tail -1)}
[ -n "$pkg" ] || { echo "stock-kernel: no linux-image cloud package $series (apt-get update?)" >&2; exit 1; }

dir=$cache/$pkg
if [ ! -d "$dir/root" ]; then
	mkdir -p "$dir.tmp"
	(cd "$dir.tmp" && apt-get download "$pkg" >/dev/null 2>&1) ||
		{ echo "stock-kernel: cannot download $pkg" >&2; exit 1; }
	dpkg -x "$dir.tmp"/*.deb "$dir.tmp/root"
	rm -f "$dir.tmp"/*.deb
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi

mkdir -p "$out/modules"
cp "$dir"/root/boot/vmlinuz-* "$out/vmlinuz"
cp "$dir"/root/boot/config-* "$out/config"
moddir=$(ls -d "$dir"/root/lib/modules/*)
: >"$out/modules/order"

# add NAME: the module's dependencies first (modinfo), then the module
add() {
	local name=$1 file dep
	grep -qx "$name.ko" "$out/modules/order" && return
	# compressed from Debian's 6.2 kernels on, plain before
	file=$(find "$moddir/kernel" -name "$name.ko.xz" -o -name "$name.ko" | head -1)
	[ -n "$file" ] || { echo "stock-kernel: no module $name" >&2; exit 1; }
	case $file in
	*.xz) xz -dc "$file" >"$out/modules/$name.ko" ;;
	*) cp "$file" "$out/modules/$name.ko" ;;
	esac
	for dep in $(modinfo -F depends "$out/modules/$name.ko" | tr , ' '); do
		add "$dep"
	done
	echo "$name.ko" >>"$out/modules/order"
}
# zram for swap, the virtio disk for the swap partition
add zram
add virtio_blk
# zram's default compressor, where it is a module (6.1)
if [ -n "$(find "$moddir/kernel/crypto" -name 'lzo-rle.ko*')" ]; then
	add lzo-rle
fi
echo "stock-kernel: $pkg in $out ($(tr '\n' ' ' <"$out/modules/order"))"
