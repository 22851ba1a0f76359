#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Work on the patch series with git.
#
#   scripts/kernel-dev.sh checkout DIR   DIR becomes a git tree of
#                                        linux-source-6.12 (tag "base")
#                                        with the series applied as commits
#                                        (tag "production"), then the
#                                        test-only series
#   scripts/kernel-dev.sh export DIR     write DIR's commits base..production
#                                        back to kernel-patches/ and its
#                                        series file, production..HEAD to
#                                        kernel-patches/test/ and its own
#
# Edit, rebase and amend in DIR as in any kernel tree (a new production
# patch goes before the tag "production": git tag -f production), then
# export; the next "make kernel" picks the change up (the cache key is the
# content).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '4,20p' "$0" >&2; exit 2; }

# patches SERIES: the patch files SERIES names, in order
patches() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1"; }

# export_series RANGE DIR START HEADER...: RANGE's commits as patches
# numbered from START into DIR, and DIR/series naming them
export_series() {
	local range=$1 out=$2 start=$3
	shift 3
	rm -f "$out"/*.patch
	# a fixed abbreviation: the index lines, and the cache key, do not
	# change with the size of the object store
	git -c core.abbrev=9 format-patch -q --zero-commit --no-signature --start-number "$start" \
		-o "$out" "$range"
	(
		printf '%s\n' "$@"
		cd "$out" && ls -- *.patch 2>/dev/null
	) >"$out/series.tmp"
	mv "$out/series.tmp" "$out/series"
	cat "$out/series"
}

case $cmd in
checkout)
	[ ! -e "$dir" ] || { echo "kernel-dev: $dir exists" >&2; exit 1; }
	mkdir -p "$dir"
	tar -C "$dir" --strip-components=1 -xf "$tarball"
	cd "$dir"
	git init -q
	# Debian's packaging .gitignore ignores the whole top level: force.
	git add -A -f
	git commit -qm "linux-source-6.12"
	git tag base
	patches "$top/kernel-patches/series" |
		while read -r p; do git am -q "$top/kernel-patches/$p"; done
	git tag production
	patches "$top/kernel-patches/test/series" |
		while read -r p; do git am -q "$top/kernel-patches/test/$p"; done
	git log --oneline base..HEAD
	;;
export)
	cd "$dir"
	git rev-parse -q --verify production >/dev/null ||
		{ echo "kernel-dev: $dir has no tag 'production'" >&2; exit 1; }
	export_series base..production "$top/kernel-patches" 1 \
		"# The vswap kernel variant, in order, on Debian's linux-source-6.12."
	export_series production..HEAD "$top/kernel-patches/test" \
		$(( $(git rev-list --count base..production) + 1 )) \
		"# Test-only patches, applied after ../series for the test kernel only" \
		"# (scripts/kernel-build.sh; not for --bench or --baseline kernels)."
	;;
*)
	echo "kernel-dev: unknown command '$cmd' (checkout or export)" >&2
	exit 2
	;;
esac
