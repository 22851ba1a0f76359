#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How long vswaplat takes to start (docs/benchmarks.md, "Startup"): the
# medians of N launches of
#
#   vswaplat --list    launch to exit, and its peak RSS
#   vswaplat -j 1 1    launch to the tiers line (the first "op" line:
#                      attached, tracing has started), and launch to
#                      the first data line ("hist" or "vmstat") less the
#                      1 s interval, which starts once attached
#
# Times are bash's $EPOCHREALTIME taken before the launch and as each line
# is read from the pipe.  Not a test: it measures, it checks nothing.
# It loads BPF programs: run it under the host lock.
#
#   flock /tmp/vswap-host.lock scripts/bench-startup.sh [-n N] [VSWAPLAT]
set -euo pipefail

runs=11
if [ "${1:-}" = -n ]; then
	runs=$2
	shift 2
fi
bin=${1:-build/bin/vswaplat}
[ -x "$bin" ] || { echo "bench-startup: no $bin (make tools)" >&2; exit 1; }

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# seconds between two $EPOCHREALTIME values
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

rss=$(mktemp)
trap 'rm -f "$rss"' EXIT
list_s= list_kb= op_s= data_s=
for _ in $(seq "$runs"); do
	t0=$EPOCHREALTIME
	/usr/bin/time -o "$rss" -f %M "$bin" --list >/dev/null 2>&1
	list_s+="$(since "$t0" "$EPOCHREALTIME")"$'\n'
	list_kb+="$(tail -1 "$rss")"$'\n'

	t0=$EPOCHREALTIME t_op= t_data=
	while IFS= read -r line; do
		case $line in
		*'"type":"op"'*) [ -n "$t_op" ] || t_op=$EPOCHREALTIME ;;
		*'"type":"hist"'*|*'"type":"vmstat"'*) [ -n "$t_data" ] || t_data=$EPOCHREALTIME ;;
		esac
	done < <("$bin" -j 1 1 2>/dev/null)
	[ -n "$t_op" ] && [ -n "$t_data" ] || { echo "bench-startup: $bin -j 1 1 printed no data" >&2; exit 1; }
	op_s+="$(since "$t0" "$t_op")"$'\n'
	data_s+="$(awk -v a="$t0" -v b="$t_data" 'BEGIN { printf "%.3f\n", b - a - 1 }')"$'\n'
done
printf '%s: medians of %d launches\n' "$bin" "$runs"
printf '  --list:               %s s, peak RSS %s KB\n' \
	"$(printf %s "$list_s" | median)" "$(printf %s "$list_kb" | median)"
printf '  -j 1 1, tiers line:   %s s\n' "$(printf %s "$op_s" | median)"
printf '  -j 1 1, first data:   %s s after launch, less the 1 s interval\n' \
	"$(printf %s "$data_s" | median)"
