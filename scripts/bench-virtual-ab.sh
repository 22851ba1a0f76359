#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The last patches of the series, before and after, on the direct-vs-
# virtual benchmark (guest/tests/bench-virtual.sh): two bench kernels,
# the series without its last N patches and the whole series, booted
# alternately, a boot per round.  Each boot's virtual/direct ratios come
# from its own interleaved runs; the before and after of each ratio is
# then the two kernels' lines side by side.
#
#   scripts/bench-virtual-ab.sh [-n N] [-r ROUNDS] OUTDIR [BENCH_ARGS...]
#
# -n N: how many patches at the end of the series are measured (default 2)
# -r ROUNDS: boots of each kernel (default 1; their order alternates)
# BENCH_ARGS go to bench-virtual (default: bench.runs=3 bench.modes=none
#   bench.cells=zram,zram-virtual bench.loads=memhog,seq).
# Prints the "# bench virtual median" and "swapoff median" lines of each
# boot, prefixed with the kernel's name (before, after) and the round;
# everything a boot printed is in OUTDIR/<kernel>-<round>.log.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
n=2 rounds=1
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	-r) rounds=$2; shift 2 ;;
	-*) echo "bench-virtual-ab: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { sed -n '11,19p' "$0" >&2; exit 2; }
out=$(realpath -m "$1")
shift
args=${*:-bench.runs=3 bench.modes=none bench.cells=zram,zram-virtual bench.loads=memhog,seq}
mkdir -p "$out"

. "$top/scripts/kernel-tree.sh"
mapfile -t patches < <(series_patches "$top/kernel-patches/series")
[ "$n" -gt 0 ] && [ "$n" -lt ${#patches[@]} ] ||
	{ echo "bench-virtual-ab: -n $n: the series has ${#patches[@]} patches" >&2; exit 2; }
printf '%s\n' "${patches[@]:0:${#patches[@]}-n}" >"$out/series-before"
"$top/scripts/kernel-build.sh" "$out/kernel-before" --bench \
	--series "$out/series-before" --name before
"$top/scripts/kernel-build.sh" "$out/kernel-after" --bench --name after
make -s -C "$top" initramfs

: >"$out/results"
for r in $(seq "$rounds"); do
	if [ $((r % 2)) = 1 ]; then order="before after"; else order="after before"; fi
	for k in $order; do
		"$top/scripts/run-guest.sh" -I 0 -k "$out/kernel-$k/bzImage" \
			-i "$top/build/guest/initramfs.cpio" -o "$out/$k-$r" \
			-t bench-virtual -a "$args" -T 14400 >"$out/$k-$r.log" 2>&1 || true
		sed -n 's/^# bench virtual \(median\|swapoff median\)/\1/p' "$out/$k-$r.log" |
			sed "s/^/$k $r /" | tee -a "$out/results"
	done
done
