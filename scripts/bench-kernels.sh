#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The same load on two kernels, booted alternately RUNS times each (a
# boot per run, so neither kernel always runs first).  Prints every run
# and, per kernel and mode, the median and min-max of system time and
# throughput, and the ratio A/B.  By default A is the patched kernel and
# B the unpatched 6.12 built with the same config, with nothing attached.
#
#   scripts/bench-kernels.sh [-I SHIFT] [-L A,B] [-m MODES] A_BZIMAGE B_BZIMAGE INITRAMFS OUTDIR [RUNS]
#
# -I SHIFT: the guests in icount mode (scripts/run-guest.sh).
# -L A,B: the kernels' names in the output (default patched,baseline).
# -m MODES: bench-overhead's modes in each boot, comma-separated
#    (default none: tracing off; e.g. none,vswaplat for tracing on too).
set -euo pipefail

guest=()
name_a=patched name_b=baseline modes=none
while [ $# -gt 0 ]; do
	case $1 in
	-I) guest=(-I "$2"); shift 2 ;;
	-L) name_a=${2%%,*} name_b=${2#*,}; shift 2 ;;
	-m) modes=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 4 ] || { sed -n '10,15p' "$0" >&2; exit 2; }
kernel_a=$1 kernel_b=$2 initrd=$3 out=$4 runs=${5:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
: >"$out/results"

for i in $(seq "$runs"); do
	if [ $((i % 2)) = 1 ]; then order="$name_a $name_b"; else order="$name_b $name_a"; fi
	for k in $order; do
		kernel=$kernel_a
		[ "$k" = "$name_b" ] && kernel=$kernel_b
		"$top/scripts/run-guest.sh" "${guest[@]}" -k "$kernel" -i "$initrd" -o "$out/$k" \
			-t bench-overhead -a "bench.runs=1 bench.modes=$modes" -T 1800 >"$out/$k.log" || true
		# "# bench overhead run 1 MODE k=v..." -> "KERNEL I MODE k=v..."
		sed -n 's/^# bench overhead run 1 \([^ ]*\) \(.*\)/\1 \2/p' "$out/$k.log" |
			sed "s/^/$k $i /" | tee -a "$out/results"
	done
done

# stat KERNEL MODE COLUMN -> "median min max n"
stat() {
	awk -v k="$1" -v m="$2" -v c="$3" '$1 == k && $3 == m {
			for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == c) print kv[2] }
		}' "$out/results" | sort -n | awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - - 0"; exit }
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR], NR }'
}
for mode in ${modes//,/ }; do
	for col in fill_kbps verify_kbps sys_usecs; do
		read -r am amin amax an < <(stat "$name_a" "$mode" $col)
		read -r bm bmin bmax bn < <(stat "$name_b" "$mode" $col)
		printf '# bench kernels %s %s %s=%s [%s-%s] %s=%s [%s-%s] ratio=%s (%s runs each)\n' \
			"$mode" "$col" "$name_a" "$am" "$amin" "$amax" "$name_b" "$bm" "$bmin" "$bmax" \
			"$(awk -v a="$am" -v b="$bm" 'BEGIN { if (b + 0) printf "%.4f", a / b; else print "-" }')" \
			"$an"
	done
done
