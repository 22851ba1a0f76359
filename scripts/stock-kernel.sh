#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's stock 6.12 cloud kernel (the unpatched comparison kernel
# and the target of the fallback-tier tests) into the cache, with the
# modules the guest needs, uncompressed, in load order.  With --6.1,
# Debian 12's own 6.1 kernel instead: older than the fentry tier's
# function names and struct folio's swap field.  With --latest, the
# newest cloud kernel of trixie-backports: the renamed swap functions of
# later kernels, which the fallback tiers probe for.
#
#   scripts/stock-kernel.sh [--6.1|--latest] OUT_DIR
#
# OUT_DIR gets vmlinuz, config (where the package has one) and modules/
# (*.ko plus an "order" file).
set -euo pipefail

mode=6.12
case ${1:-} in
--6.1 | --latest) mode=${1#--}; shift ;;
esac
out=$(realpath -m "${1:?usage: stock-kernel.sh [--6.1|--latest] OUT_DIR}")
cache=${VSWAP_CACHE:-$HOME/.cache/vswap}/stock
mkdir -p "$cache"

apt=(apt-get)
apt_cache=(apt-cache)
case $mode in
6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$' ;;
6.1) pattern='^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' ;;
latest)
	# A suite the machine's own sources do not list: apt with its own
	# source list and state in the cache, checked against Debian's
	# archive keyring as any apt source is.
	state=$cache/apt-trixie-backports
	mkdir -p "$state/lists/partial" "$state/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"http://deb.debian.org/debian trixie-backports main" >"$state/sources.list"
	opts=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
	      -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state")
	apt=(apt-get "${opts[@]}")
	apt_cache=(apt-cache "${opts[@]}")
	"${apt[@]}" -qq update >/dev/null 2>&1 ||
		{ echo "stock-kernel: cannot read trixie-backports from deb.debian.org" >&2; exit 1; }
	# from 7.0 the kernel and its modules are packages of their own
	pattern='^linux-binary-unsigned-[0-9.]+\+deb13-cloud-amd64$'
	;;
esac
# The newest such package; pin with STOCK_KERNEL=.
pkg=${STOCK_KERNEL:-$("${apt_cache[@]}" search --names-only "$pattern" |
	awk '{ print $1 }' | sort -V | tail -1)}
[ -n "$pkg" ] || { echo "stock-kernel: no package $pattern (apt-get update?)" >&2; exit 1; }
pkgs=("$pkg")
[ "$mode" = latest ] && pkgs+=("linux-modules-${pkg#linux-binary-unsigned-}")

dir=$cache/$pkg
if [ ! -d "$dir/root" ]; then
	mkdir -p "$dir.tmp"
	(cd "$dir.tmp" && "${apt[@]}" download "${pkgs[@]}" >/dev/null 2>&1) ||
		{ echo "stock-kernel: cannot download ${pkgs[*]}" >&2; exit 1; }
	for deb in "$dir.tmp"/*.deb; do
		dpkg -x "$deb" "$dir.tmp/root"
	done
	rm -f "$dir.tmp"/*.deb
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi

mkdir -p "$out/modules"
# /boot and /lib until Debian 12, /usr/lib/modules/VERSION from 7.0
root=$dir/root
for moddir in "$root"/lib/modules/* "$root"/usr/lib/modules/*; do
	[ -d "$moddir" ] && break
done
for vmlinuz in "$root"/boot/vmlinuz-* "$moddir"/vmlinuz*; do
	[ -e "$vmlinuz" ] && break
done
cp "$vmlinuz" "$out/vmlinuz"
rm -f "$out/config"
for config in "$root"/boot/config-*; do
	[ -e "$config" ] && cp "$config" "$out/config"
done
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
