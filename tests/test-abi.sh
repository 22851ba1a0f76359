#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The enum values the BPF programs and tools use (bpf/vswap.h, VS_*) must
# be those of the kernel variant (include/linux/vswap.h, VSWAP_*), which
# this test rebuilds from the patch series.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

mkdir -p "$work/tree"
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/kernel-patches/series" | while read -r p; do
	git -C "$work/tree" apply --include='include/linux/vswap.h' \
		"$top/kernel-patches/$p" 2>/dev/null
done
kernel_h=$work/tree/include/linux/vswap.h
if [ ! -s "$kernel_h" ]; then
	echo "not ok - include/linux/vswap.h not found in the series"
	echo "0 passed, 1 failed"
	exit 1
fi

# enumerators NAME FILE: the members of "enum NAME" in order
enumerators() {
	awk -v e="enum $1 {" '
		index($0, e) == 1 { on = 1; next }
		on && /^};/ { exit }
		on && match($0, /[A-Z][A-Z_0-9]+/) {
			printf "%s%s", sep, substr($0, RSTART, RLENGTH)
			sep = " "
		}' "$2"
	echo
}

for pair in vswap_backend:vs_backend vswap_alloc_path:vs_alloc_path \
	    vswap_free_path:vs_free_path vswap_lock:vs_lock; do
	k=$(enumerators "${pair%%:*}" "$kernel_h")
	b=$(enumerators "${pair##*:}" "$top/bpf/vswap.h" | sed 's/ *VS_NR_[A-Z_]*//g')
	k=$(echo "$k" | sed 's/VSWAP_/VS_/g')
	if [ -n "$k" ] && [ "$k" = "$b" ]; then
		echo "ok - enum ${pair%%:*}: $k"
		passed=$((passed + 1))
	else
		echo "not ok - enum ${pair%%:*}: kernel '$k', bpf/vswap.h '$b'"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
