#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the vswap test kernel: Debian's linux-source-6.12 plus the series in
# kernel-patches/series, then the test-only series in
# kernel-patches/test/series (the delay injection the regression hunt
# needs), configured from tinyconfig plus kernel-patches/vswap-test.config.
#
#   scripts/kernel-build.sh [OUT_DIR] [--series FILE] [--name NAME]
#                           [--baseline] [--bench [--mitigations]]
#
# OUT_DIR (default build/kernel) receives bzImage, config, System.map and
# vmlinux.btf.  The object tree lives in OUT_DIR/obj (out of tree build).
#
# Finished kernels are cached in $VSWAP_CACHE/kernels/<key>, where <key> is
# a hash of everything that goes into the image: the source tarball, the
# patches named by the series, the config fragment, this script and the
# toolchain versions.  An unchanged key skips the build entirely, so a fresh
# clone on a machine that built the kernel before only copies files.  The
# cache is safe to delete at any time; it is rebuilt on demand (with ccache
# in $VSWAP_CACHE/ccache making the rebuild cheap).
#
# --series selects another production series file (e.g. a deliberately
# broken one); the test-only series still follows it.  --baseline builds
# the unpatched kernel with the same configuration (the options the series
# adds, CONFIG_VSWAP_*, left out), for the tracing-off comparison; --bench
# leaves out the debug checks (lockdep, DEBUG_VM), which no production
# kernel runs and which multiply the cost of every lock and timestamp a
# measurement takes, and the test-only series with its delay injection
# (CONFIG_VSWAP_DELAY_INJECT), and compiles with -O2 and jump
# labels as distributions do; --mitigations adds distributions' CPU
# mitigations (CONFIG_CPU_MITIGATIONS: in the TCG guest, retpolines) to a
# bench kernel; --name only changes messages.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/kernel
series=$top/kernel-patches/series
test_series=$top/kernel-patches/test/series
name=vswap
baseline=
bench=
mitigations=
while [ $# -gt 0 ]; do
	case $1 in
	--series) series=$(realpath "$2"); shift 2 ;;
	--baseline) baseline=1; name=baseline; shift ;;
	--bench) bench=1; shift ;;
	--mitigations) mitigations=1; shift ;;
	--name) name=$2; shift 2 ;;
	-*) echo "kernel-build: unknown option $1" >&2; exit 2 ;;
	*) out=$(realpath -m "$1"); shift ;;
	esac
done

cache=${VSWAP_CACHE:-$HOME/.cache/vswap}
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
fragment=$top/kernel-patches/vswap-test.config

die() { echo "kernel-build: $*" >&2; exit 1; }
. "$top/scripts/kernel-tree.sh"
[ -z "$mitigations" ] || [ -n "$bench" ] || die "--mitigations needs --bench"
[ -r "$tarball" ] || die "$tarball missing: run 'make deps' (package linux-source-6.12)"
[ -r "$series" ] || die "series file $series missing"
[ -r "$test_series" ] || die "series file $test_series missing"
mkdir -p "$cache" "$out"

# The production series, then the test-only one but for a bench kernel.
mapfile -t patches < <(series_patches "$series"
	[ -n "$bench" ] || series_patches "$test_series")
if [ -n "$baseline$bench" ]; then
	fragment_used=$(mktemp)
	trap 'rm -f "$fragment_used"' EXIT
	cp "$fragment" "$fragment_used"
	if [ -n "$baseline" ]; then
		patches=()
		sed -i '/^CONFIG_VSWAP_/d' "$fragment_used"
	fi
	if [ -n "$bench" ]; then
		sed -i -E '/^CONFIG_(PROVE_LOCKING|DEBUG_ATOMIC_SLEEP|DEBUG_VM|VSWAP_DELAY_INJECT)=/d' "$fragment_used"
		# Compiled the way distributions compile: tinyconfig optimizes
		# for size (GCC then calls static inline helpers such as
		# trace_*_enabled() out of line) and has no jump labels (every
		# static branch is a load and a test instead of a patched nop).
		printf '%s\n' CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y CONFIG_JUMP_LABEL=y >>"$fragment_used"
		[ -z "$mitigations" ] || echo CONFIG_CPU_MITIGATIONS=y >>"$fragment_used"
	fi
	fragment=$fragment_used
fi
for p in "${patches[@]}"; do
	[ -r "$p" ] || die "patch $p named in a series is missing"
done

key=$( {
	tarball_id
	for p in "${patches[@]}"; do sha256sum <"$p"; done
	sha256sum <"$fragment"
	sha256sum <"$0"
	sha256sum <"$top/scripts/kernel-tree.sh"
	[ -z "$baseline" ] || echo baseline
	gcc --version | head -1
	pahole --version
} | sha256sum | cut -c1-16)
kcache=$cache/kernels/$key
artifacts="bzImage config System.map vmlinux.btf"

install_artifacts() {
	for f in $artifacts; do cp "$kcache/$f" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"; done
	echo "$key" >"$out/key"
}

if [ -s "$kcache/bzImage" ]; then
	install_artifacts
	echo "kernel-build: $name kernel $key is cached, build skipped"
	exit 0
fi

kernel_tree "${patches[@]}"

obj=$out/obj
mkdir -p "$obj"
export KBUILD_BUILD_TIMESTAMP=@0
kmake() { tree_make "$obj" "$@"; }

kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >/dev/null
kmake olddefconfig >/dev/null

# A dependency can silently drop an option; fail instead of building a
# kernel that lacks it.  The series' own options (CONFIG_VSWAP_*) that a
# shorter --series does not define are left out, and said so.
defined() { grep -rqx "config ${1#CONFIG_}" "$src" --include='Kconfig*'; }
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
	opt=${line%%=*}
	if [ "${opt#CONFIG_VSWAP_}" != "$opt" ] && ! defined "$opt"; then
		echo "kernel-build: $opt left out: this series does not define it" >&2
		continue
	fi
	grep -qx "$line" "$obj/.config" || echo "$line"
done)
[ -z "$missing" ] || die "options dropped by Kconfig dependencies: $(echo $missing)"

start=$(date +%s)
echo "kernel-build: building $name kernel $key ($(nproc) jobs)"
kmake -j"$(nproc)" bzImage
echo "kernel-build: built in $(( $(date +%s) - start )) s"

# The series must not add warnings: rebuild the C files it touches with
# W=1 (the pristine files build clean with W=1 too).
touched=$(touched_c "${patches[@]}")
if [ -n "$touched" ]; then
	(cd "$src" && touch $touched)
	warnings=$(kmake W=1 ${touched//.c/.o} 2>&1 | grep -E 'warning:|error:' || true)
	[ -z "$warnings" ] || die "W=1 warnings in files the series touches:
$warnings"
	echo "kernel-build: W=1 clean: $(echo $touched)"

	# ... and with the series' options off: the same files, W=1, in a
	# second object tree with CONFIG_VSWAP_* unset (distributions may
	# build the events without the virtual swap device).
	opts=$(sed -n 's/^\(CONFIG_VSWAP_[A-Z0-9_]*\)=y$/\1/p' "$obj/.config")
	if [ -n "$opts" ]; then
		off=$out/obj-vswap-off
		mkdir -p "$off"
		cp "$obj/.config" "$off/.config"
		for o in $opts; do "$src/scripts/config" --file "$off/.config" -d "${o#CONFIG_}"; done
		offmake() { tree_make "$off" "$@"; }
		offmake olddefconfig >/dev/null
		offmake -j"$(nproc)" prepare >/dev/null
		warnings=$(offmake W=1 ${touched//.c/.o} 2>&1 | grep -E 'warning:|error:' || true)
		[ -z "$warnings" ] || die "W=1 warnings with $(echo $opts) off:
$warnings"
		echo "kernel-build: W=1 clean with $(echo $opts) off: $(echo $touched)"
	fi
fi

mkdir -p "$kcache.tmp"
cp "$obj/arch/x86/boot/bzImage" "$obj/System.map" "$kcache.tmp/"
cp "$obj/.config" "$kcache.tmp/config"
objcopy -O binary --only-section=.BTF "$obj/vmlinux" "$kcache.tmp/vmlinux.btf"
rm -rf "$kcache"
mv "$kcache.tmp" "$kcache"
install_artifacts
