#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cost of the vswap patches with tracing off: the same load on the
# patched kernel and on the unpatched 6.12 built with the same config,
# booted alternately RUNS times each (a boot per run, so neither kernel
# always runs first), nothing attached.  Prints every run and, per
# kernel, the median and min-max of system time and throughput.
#
#   scripts/bench-kernels.sh [-I SHIFT] PATCHED_BZIMAGE BASELINE_BZIMAGE INITRAMFS OUTDIR [RUNS]
#
# -I SHIFT: the guests in icount mode (scripts/run-guest.sh).
set -euo pipefail

guest=()
if [ "${1:-}" = -I ]; then
	guest=(-I "$2")
	shift 2
fi
patched=$1 baseline=$2 initrd=$3 out=$4 runs=${5:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
: >"$out/results"

for i in $(seq "$runs"); do
	if [ $((i % 2)) = 1 ]; then order="patched baseline"; else order="baseline patched"; fi
	for k in $order; do
		kernel=$patched
		[ $k = baseline ] && kernel=$baseline
		"$top/scripts/run-guest.sh" "${guest[@]}" -k "$kernel" -i "$initrd" -o "$out/$k" \
			-t bench-overhead -a "bench.runs=1 bench.modes=none" -T 1800 >"$out/$k.log" || true
		sed -n 's/^# bench overhead run 1 none \(.*\)/\1/p' "$out/$k.log" |
			sed "s/^/$k $i /" | tee -a "$out/results"
	done
done

# kernel column name -> "median min max"
stat() {
	grep "^$1 " "$out/results" | tr ' =' '\n\n' | grep -A1 -x "$2" | grep -v -x -- "$2" |
		grep -v -- -- | sort -n | awk '{ v[NR] = $1 } END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR], NR }'
}
for col in fill_kbps verify_kbps sys_usecs; do
	read -r pm pmin pmax pn < <(stat patched $col)
	read -r bm bmin bmax bn < <(stat baseline $col)
	printf '# bench kernels %s patched=%s [%s-%s] baseline=%s [%s-%s] ratio=%.4f (%s runs each)\n' \
		"$col" "$pm" "$pmin" "$pmax" "$bm" "$bmin" "$bmax" \
		"$(awk -v a="$pm" -v b="$bm" 'BEGIN { print a / b }')" "$pn"
done
