#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's stock 6.12 cloud kernel (the unpatched comparison kernel
# and the target of the fallback-tier tests) into the cache, with the
# modules the guest needs, uncompressed, in load order.
#
#   scripts/stock-kernel.sh OUT_DIR
#
# OUT_DIR gets vmlinuz, config and modules/ (*.ko plus an "order" file).
set -euo pipefail

out=$(realpath -m "${1:?usage: stock-kernel.sh OUT_DIR}")
cache=${VSWAP_CACHE:-$HOME/.cache/vswap}/stock
# The newest 6.12 cloud image Debian has; pin with STOCK_KERNEL=.
pkg=${STOCK_KERNEL:-$(apt-cache search --names-only \
	'^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$' |
	awk '{ print $1 }' | sort -V | tail -1)}
[ -n "$pkg" ] || { echo "stock-kernel: no linux-image-6.12 cloud package (apt-get update?)" >&2; exit 1; }

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
	file=$(find "$moddir/kernel" -name "$name.ko.xz" | head -1)
	[ -n "$file" ] || { echo "stock-kernel: no module $name" >&2; exit 1; }
	xz -dc "$file" >"$out/modules/$name.ko"
	for dep in $(modinfo -F depends "$out/modules/$name.ko" | tr , ' '); do
		add "$dep"
	done
	echo "$name.ko" >>"$out/modules/order"
}
# zram for swap, the virtio disk for the swap partition
add zram
add virtio_blk
echo "stock-kernel: $pkg in $out ($(tr '\n' ' ' <"$out/modules/order"))"
