#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tpfloor on the host: its bad input, and on a kernel without the vswap
# events, which tpfloor must name in one line instead of attaching a
# partial floor, what -T attaches: the tracepoints every kernel has, and
# nothing once it exits (the guest test 83-floor checks what it attaches
# on the vswap kernel).
#
#   tests/host/test-tpfloor.sh TPFLOOR
set -u
BIN=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/lib.sh"

expect_error 2 "unknown option" "$BIN" -x
expect_error 2 "extra argument" "$BIN" 1
expect_error 2 "-e: no such tracepoint" "$BIN" -e vswap_swapin,bogus
check "-e: names it" grep -q "no program for 'bogus' in -e" "$WORK/err"
expect_error 2 "-e: an empty name" "$BIN" -e vswap_swapin,
cp "$BIN" "$WORK/tpfloor" && chmod 755 "$WORK" "$WORK/tpfloor"
expect_error 1 "not root" runuser -u nobody -- "$WORK/tpfloor"
if [ -e /sys/kernel/btf/vmlinux ] &&
   ! grep -qw vswap_alloc /sys/kernel/tracing/available_events 2>/dev/null; then
	expect_error 1 "kernel without the vswap events" "$BIN"
	check "names the missing event" grep -q "no vswap_alloc event" "$WORK/err"
fi
# floor_links: the tracepoints the links of tpfloor's programs attach
# to, sorted, on one line
floor_links() {
	local LC_ALL=C
	bpftool prog show -j | jq -r '.[] | select(.name | startswith("floor_")) | .id' |
		sort >"$WORK/ids"
	bpftool link show -j | jq -r '.[] | select(.tp_name) | "\(.prog_id) \(.tp_name)"' |
		sort | join "$WORK/ids" - | cut -d' ' -f2 | sort | xargs
}

# attached WANT ARGS...: tpfloor ARGS attaches to WANT (tracepoints) and,
# after SIGINT, exits 0 and leaves no link behind
attached() {
	local want=$1 pid t=0
	shift
	"$BIN" "$@" >"$WORK/floor.out" 2>&1 &
	pid=$!
	while ! grep -q attached "$WORK/floor.out" && [ $t -lt 30 ] &&
	      kill -0 $pid 2>/dev/null; do
		sleep 1
		t=$((t + 1))
	done
	check "tpfloor $*: attached to $want, got $(floor_links)" [ "$(floor_links)" = "$want" ]
	kill -INT $pid
	wait $pid
	check "tpfloor $*: exit 0 after SIGINT" [ $? -eq 0 ]
	check "tpfloor $*: no link left" [ -z "$(floor_links)" ]
}

reclaim="mm_vmscan_direct_reclaim_begin mm_vmscan_direct_reclaim_end
mm_vmscan_memcg_reclaim_begin mm_vmscan_memcg_reclaim_end"
if [ -z "$(floor_links)" ]; then
	attached "$(echo block_bio_complete block_bio_queue block_rq_complete $reclaim)" -T
	attached "$(echo $reclaim)" -T -B
	attached "block_bio_queue mm_vmscan_memcg_reclaim_end" -T -e mm_vmscan_memcg_reclaim_end,block_bio_queue
else
	nok "tpfloor -T: another tpfloor is running, cannot tell its links apart"
fi

"$BIN" --help >"$WORK/out" 2>&1
check "--help exits 0" [ $? -eq 0 ]
check "--help prints the usage" grep -q "^usage: tpfloor" "$WORK/out"

tap_summary
