#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel variant as Debian packages for a canary host: Debian's
# linux-source-6.12 plus kernel-patches/series (the production patches;
# the test-only delay injection is left out), built by the kernel's own
# bindeb-pkg.
#
#   scripts/kernel-deb.sh [--config debian|test|FILE] [--out DIR] [--suffix S]
#   scripts/kernel-deb.sh --check [--config debian|test|FILE] [--out DIR]
#
# --config is what the configuration starts from:
#   debian  (the default) Debian's own amd64 configuration of the same
#           release, from the linux-config-6.12 package: the file its
#           linux-image-6.12-amd64 was built with, 1.7 MB to download
#           where the image package is 107 MB
#   test    the test kernel's: tinyconfig plus kernel-patches/vswap-test.config,
#           without the test-only option (a build of minutes, for CI)
#   FILE    any .config, e.g. the canary's /boot/config-$(uname -r)
# kernel-patches/vswap-deb.config is merged in.  Each of its options is
# reported with its value before and after; one that olddefconfig drops
# is an error.  The local version suffix (default -vswap) goes into
# CONFIG_LOCALVERSION, so the release reads 6.12.N-vswap.
#
# The packages land in DIR (default build/kernel-deb):
# linux-image-<release>_*.deb, and linux-headers-<release>_*.deb with
# modules.  Debian's whole configuration takes hours on 2 cores and about
# 30 GB of disk (its debug info).
#
# --check configures only, then compiles the C files the series touches
# with W=1 on that configuration, and fails on a warning the series adds
# (against the same files, W=1, without the series): minutes, where the
# whole build takes hours.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VSWAP_CACHE:-$HOME/.cache/vswap}
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
debian_config=${DEBIAN_KCONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
config=debian
out=$top/build/kernel-deb
suffix=-vswap
check=

die() { echo "kernel-deb: $*" >&2; exit 1; }
. "$top/scripts/kernel-tree.sh"

while [ $# -gt 0 ]; do
	case $1 in
	--config) [ $# -ge 2 ] || die "--config needs debian, test or a file"; config=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || die "--out needs a directory"; out=$(realpath -m "$2"); shift 2 ;;
	--suffix) [ $# -ge 2 ] || die "--suffix needs a value"; suffix=$2; shift 2 ;;
	--check) check=1; shift ;;
	*) die "unknown argument '$1' (see the comment at the top of $0)" ;;
	esac
done
# a Debian package name and a kernel release: lower case, digits, + . -
[[ $suffix =~ ^-[a-z0-9][a-z0-9.+-]*$ ]] ||
	die "--suffix '$suffix': want a '-' then lower-case letters, digits, '.', '+' or '-'"
[ -r "$tarball" ] || die "$tarball missing: run 'make deps' (package linux-source-6.12)"
case $config in
debian) [ -r "$debian_config" ] || die "$debian_config missing: run 'make deps' (package linux-config-6.12)" ;;
test) ;;
*) [ -r "$config" ] || die "--config $config: no such file"
   config=$(realpath "$config") ;;
esac
[ -n "$check" ] || command -v dpkg-buildpackage >/dev/null ||
	die "dpkg-buildpackage missing: run 'make deps' (package dpkg-dev)"

mkdir -p "$cache" "$out"
mapfile -t patches < <(series_patches "$top/kernel-patches/series")
kernel_tree "${patches[@]}"

fragment=$top/kernel-patches/vswap-deb.config
# value CONFIG FILE: the option's line in FILE, "not set" without one
value() {
	local v
	v=$(grep -E "^$1=" "$2" | cut -d= -f2-) || true
	echo "${v:-not set}"
}

# configure OBJ: OBJ/.config from the chosen start, the fragment merged,
# olddefconfig; prints what the fragment changed
configure() {
	local o=$1 opt want before after dropped=
	mkdir -p "$o"
	case $config in
	debian) xz -dc "$debian_config" >"$o/.config" ;;
	test)
		tree_make "$o" tinyconfig >/dev/null
		grep -v '^CONFIG_VSWAP_DELAY_INJECT=' "$top/kernel-patches/vswap-test.config" \
			>"$o/test.config"
		"$src/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" "$o/test.config" >/dev/null
		;;
	*) cp "$config" "$o/.config" ;;
	esac
	cp "$o/.config" "$o/start.config"
	# A distribution's signing key list names a file of its own tree.
	want=$(value CONFIG_SYSTEM_TRUSTED_KEYS "$o/.config")
	if [ "$want" != "not set" ] && [ "$want" != '""' ] && [ ! -e "$src/${want//\"/}" ]; then
		echo "kernel-deb: CONFIG_SYSTEM_TRUSTED_KEYS=$want is not in this tree: cleared"
		"$src/scripts/config" --file "$o/.config" --set-str SYSTEM_TRUSTED_KEYS ""
	fi
	"$src/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" "$fragment" >/dev/null
	# the release is 6.12.N plus the suffix, without a git hash
	"$src/scripts/config" --file "$o/.config" --set-str LOCALVERSION "$suffix" \
		-d LOCALVERSION_AUTO
	tree_make "$o" olddefconfig >/dev/null
	while read -r line; do
		opt=${line%%=*}
		before=$(value "$opt" "$o/start.config")
		after=$(value "$opt" "$o/.config")
		if [ "$after" != "${line#*=}" ]; then
			dropped="$dropped $opt"
		elif [ "$before" = "$after" ]; then
			echo "kernel-deb: $opt=$after (as it was)"
		else
			echo "kernel-deb: $opt=$after (was $before)"
		fi
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment")
	[ -z "$dropped" ] || die "olddefconfig dropped:$dropped (a dependency the configuration lacks)"
}

# w1_warnings OBJ FILE...: the W=1 warnings compiling FILEs, without
# line and column (they move with the patches)
w1_warnings() {
	local o=$1
	shift
	tree_make "$o" -j"$(nproc)" prepare >/dev/null
	(cd "$src" && touch "$@")
	tree_make "$o" W=1 "${@/%.c/.o}" >"$o/w1.log" 2>&1 ||
		{ tail -20 "$o/w1.log" >&2; die "W=1 compile failed: $o/w1.log"; }
	{ grep -E 'warning:' "$o/w1.log" || true; } |
		sed -E 's/^([^:]+):[0-9]+:[0-9]+:/\1:/' | sort
}

obj=$out/obj
configure "$obj"

if [ -n "$check" ]; then
	mapfile -t touched < <(touched_c "${patches[@]}")
	[ ${#touched[@]} -gt 0 ] || die "the series touches no C file"
	start=$(date +%s)
	w1_warnings "$obj" "${touched[@]}" >"$out/w1.series"
	if [ -s "$out/w1.series" ]; then
		# the same files as Debian ships them: which warnings are ours?
		kernel_tree
		base_obj=$out/obj-base
		mkdir -p "$base_obj" && cp "$obj/.config" "$base_obj/.config"
		tree_make "$base_obj" olddefconfig >/dev/null
		mapfile -t existing < <(cd "$src" && ls "${touched[@]}" 2>/dev/null)
		w1_warnings "$base_obj" "${existing[@]}" >"$out/w1.base"
		new=$(comm -23 "$out/w1.series" "$out/w1.base")
		[ -z "$new" ] || die "W=1 warnings the series adds on this configuration:
$new"
		echo "kernel-deb: W=1: $(wc -l <"$out/w1.series") warnings, all in the files as Debian ships them:"
		sed 's/^/kernel-deb:   /' "$out/w1.series"
	fi
	echo "kernel-deb: W=1 clean on this configuration ($(( $(date +%s) - start )) s): ${touched[*]}"
	exit 0
fi

# LOCALVERSION set, to nothing: else setlocalversion appends a '+' for a
# tree that is not at a release tag
release=$(tree_make "$obj" kernelversion)$suffix
rm -f "$out"/linux-*.deb "$out"/linux-*.buildinfo "$out"/linux-*.changes
start=$(date +%s)
echo "kernel-deb: building $release with bindeb-pkg ($(nproc) jobs)"
# the package version: the release's, not a hash of the cache's git tree
tree_make "$obj" -j"$(nproc)" LOCALVERSION= KDEB_PKGVERSION="${release%$suffix}-1" \
	bindeb-pkg >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log" >&2; die "bindeb-pkg failed: $out/build.log"; }
echo "kernel-deb: built in $(( $(date +%s) - start )) s"
# bindeb-pkg writes the packages beside the object tree
ls "$out"/linux-image-"$release"_*.deb >/dev/null 2>&1 ||
	die "bindeb-pkg made no linux-image-${release}_*.deb in $out"
for f in "$out"/linux-*.deb; do echo "kernel-deb: $f"; done
