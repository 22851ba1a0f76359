#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl --strict on every patch of the series,
# kernel-patches/series and the test-only kernel-patches/test/series.
# checkpatch and its data files come from linux-source-6.12 itself and
# are cached in $VSWAP_CACHE/checkpatch.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VSWAP_CACHE:-$HOME/.cache/vswap}/checkpatch
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}

if [ ! -x "$cache/scripts/checkpatch.pl" ]; then
	[ -r "$tarball" ] || { echo "checkpatch: $tarball missing: run 'make deps'" >&2; exit 1; }
	rm -rf "$cache.tmp"
	mkdir -p "$cache.tmp"
	tar -C "$cache.tmp" --strip-components=1 -xf "$tarball" \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	rm -rf "$cache"
	mv "$cache.tmp" "$cache"
fi

. "$top/tests/tap.sh"
while read -r patch; do
	if out=$(cd "$cache" && scripts/checkpatch.pl --strict --no-tree -q \
			"$top/kernel-patches/$patch" 2>&1); then
		ok "checkpatch --strict: $patch"
	else
		nok "checkpatch --strict: $patch"
		echo "$out" | sed 's/^/# /'
	fi
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/kernel-patches/series"
	 sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's|^|test/|' "$top/kernel-patches/test/series")
[ "$failed" -eq 0 ]
