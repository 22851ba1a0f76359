#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make kernel-deb's parts that fit in CI (scripts/kernel-deb.sh):
# - bad arguments: one line, non-zero, before any work;
# - the test configuration: a linux-image .deb whose contents hold the
#   kernel, System.map and config, the release with its suffix, the
#   series' option on and the test-only one left out;
# - Debian's own configuration: every option the events need kept by
#   olddefconfig and reported, and the files the series touches
#   compiled with W=1 without a new warning (--check: minutes, where
#   the whole build takes hours);
# - a configuration that cannot hold the options: refused, by name.
#
#   tests/host/test-kernel-deb.sh      (from the top of the tree)
set -u
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
. "$(dirname "$0")/lib.sh"
DEB=scripts/kernel-deb.sh
# next to build/kernel/obj, so that the test kernel's ccache entries hit
OUT=$PWD/build/kernel-deb-test

expect_error 1 "unknown argument" $DEB --frobnicate
expect_error 1 "--suffix with an upper-case letter" $DEB --suffix -VSWAP
expect_error 1 "--suffix without its '-'" $DEB --suffix vswap
expect_error 1 "--config of a missing file" $DEB --config "$WORK/none"
expect_error 1 "--config without a value" $DEB --config

# The test configuration, built and packaged.
start=$(date +%s)
if $DEB --config test --out "$OUT" >"$WORK/test.out" 2>&1; then
	ok "kernel-deb --config test: built in $(( $(date +%s) - start )) s"
else
	nok "kernel-deb --config test: $(tail -5 "$WORK/test.out")"
fi
sed 's/^/# /' "$WORK/test.out"
release=$(sed -n 's/^kernel-deb: building \([^ ]*\) with bindeb-pkg.*/\1/p' "$WORK/test.out")
check "the release ($release) is 6.12.N with the suffix -vswap" \
	grep -Eqx '6\.12\.[0-9]+-vswap' <<<"$release"
image=$(ls "$OUT"/linux-image-"$release"_*.deb 2>/dev/null | head -1)
check "a linux-image-$release .deb" test -f "$image"
dpkg-deb -c "$image" >"$WORK/contents" 2>&1
for f in vmlinuz System.map config; do
	check "the package holds /boot/$f-$release" \
		grep -Eq " \./boot/$f-$release\$" "$WORK/contents"
done
check "its package name is linux-image-$release" \
	[ "$(dpkg-deb -f "$image" Package 2>/dev/null)" = "linux-image-$release" ]
check "its version is the release's, 6.12.N-1 ($(dpkg-deb -f "$image" Version 2>/dev/null))" \
	[ "$(dpkg-deb -f "$image" Version 2>/dev/null)" = "${release%-vswap}-1" ]
dpkg-deb --fsys-tarfile "$image" 2>/dev/null |
	tar -xO "./boot/config-$release" >"$WORK/config" 2>/dev/null
check "its config has the virtual swap device on" grep -qx CONFIG_VSWAP_VIRTUAL=y "$WORK/config"
check "its config has no test-only delay injection" \
	sh -c "! grep -q '^CONFIG_VSWAP_DELAY_INJECT' '$WORK/config'"
check "its config says the local version" grep -qx 'CONFIG_LOCALVERSION="-vswap"' "$WORK/config"
rm -rf "$OUT"

# Debian's own configuration: configure, report, W=1 on the touched files.
start=$(date +%s)
CHECK=$PWD/build/kernel-deb-check
if $DEB --check --out "$CHECK" >"$WORK/debian.out" 2>&1; then
	ok "kernel-deb --check on Debian's configuration ($(( $(date +%s) - start )) s)"
else
	nok "kernel-deb --check on Debian's configuration: $(tail -5 "$WORK/debian.out")"
fi
sed 's/^/# /' "$WORK/debian.out"
for opt in $(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p' kernel-patches/vswap-deb.config); do
	check "$opt reported, kept" grep -Eq "^kernel-deb: $opt=y \((as it was|was not set)\)\$" "$WORK/debian.out"
done
check "Debian's configuration lacks CONFIG_VSWAP_VIRTUAL: said so" \
	grep -qx "kernel-deb: CONFIG_VSWAP_VIRTUAL=y (was not set)" "$WORK/debian.out"
check "W=1 clean on Debian's configuration" grep -q "^kernel-deb: W=1 clean on this configuration" "$WORK/debian.out"
. scripts/kernel-tree.sh
mapfile -t patches < <(series_patches kernel-patches/series)
for c in $(touched_c "${patches[@]}"); do
	check "$c, which the series touches, compiled on it" test -s "$CHECK/obj/${c%.c}.o"
done

# A configuration with no debug info cannot have BTF: refused, by name.
echo CONFIG_64BIT=y >"$WORK/nodebug.config"
$DEB --check --config "$WORK/nodebug.config" --out "$WORK/nodebug" >"$WORK/out" 2>"$WORK/err"
status=$?
check "a configuration without debug info: exit 1 (got $status)" [ "$status" -eq 1 ]
check "... names the option olddefconfig dropped: $(tail -1 "$WORK/err")" \
	grep -q "^kernel-deb: olddefconfig dropped:.* CONFIG_DEBUG_INFO_BTF" "$WORK/err"

rm -rf "$CHECK"
tap_summary
