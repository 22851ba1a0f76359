#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Work on the patch series with git.
#
#   scripts/kernel-dev.sh checkout DIR   DIR becomes a git tree of
#                                        linux-source-6.12 (tag "base")
#                                        with the series applied as commits
#   scripts/kernel-dev.sh export DIR     write DIR's commits since "base"
#                                        back to kernel-patches/ and the
#                                        series file
#
# Edit, rebase and amend in DIR as in any kernel tree, then export; the
# next "make kernel" picks the change up (the cache key is the content).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '4,14p' "$0" >&2; exit 2; }

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
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/kernel-patches/series" |
		while read -r p; do git am -q "$top/kernel-patches/$p"; done
	git log --oneline base..HEAD
	;;
export)
	cd "$dir"
	rm -f "$top"/kernel-patches/*.patch
	git format-patch -q --zero-commit --no-signature \
		-o "$top/kernel-patches" base..HEAD
	{
		echo "# The vswap kernel variant, in order, on Debian's linux-source-6.12."
		cd "$top/kernel-patches" && ls -- *.patch
	} >"$top/kernel-patches/series.tmp"
	mv "$top/kernel-patches/series.tmp" "$top/kernel-patches/series"
	cat "$top/kernel-patches/series"
	;;
*)
	echo "kernel-dev: unknown command '$cmd' (checkout or export)" >&2
	exit 2
	;;
esac
