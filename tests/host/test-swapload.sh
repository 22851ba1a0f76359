#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test for swapload.  Needs neither root nor swap: it checks the
# options, the output formats, the verifier (via the test-only
# --corrupt-page) and the process handling on plain memory.
#
# usage: tests/host/test-swapload.sh /path/to/swapload

set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 /path/to/swapload" >&2
	exit 2
fi
BIN=$1

if ! command -v jq >/dev/null; then
	echo "test-swapload.sh: jq is required" >&2
	exit 2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err
PAGE_SIZE=$(getconf PAGESIZE)
RC=0

MiB=$((1 << 20))

. "$(dirname "$0")/../tap.sh"

# explain LINE...: why the last check failed, so that a failure can be
# diagnosed from the log alone
explain() {
	local line
	for line in "$@"; do
		echo "#   $line"
	done
	echo "#   exit status: $RC"
	sed 's/^/#   stdout: /' "$OUT" | head -n 10
	sed 's/^/#   stderr: /' "$ERR" | head -n 10
}

# check_all DESCRIPTION CONDITION... : every condition is a shell snippet
check_all() {
	local desc=$1 cond
	shift
	for cond in "$@"; do
		if ! eval "$cond"; then
			nok "$desc"
			explain "failed: $cond"
			return
		fi
	done
	ok "$desc"
}

# run ARGS...: swapload ARGS, killed after RUN_TIMEOUT seconds (exit 124)
run() {
	timeout "${RUN_TIMEOUT:-600}" "$BIN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

lines() {
	wc -l <"$1"
}

# jq_all FILTER: FILTER must hold for every line of JSON output
jq_all() {
	jq -e -s "all(.[]; $1)" "$OUT" >/dev/null 2>&1
}

# jq_summary FILTER: FILTER must hold for the summary object
jq_summary() {
	jq -e -s ".[] | select(.type == \"summary\") | $1" "$OUT" \
		>/dev/null 2>&1
}

PROC_RE='^proc [0-9]+: fill [0-9]+ bytes in [0-9]+ usecs = [0-9]+ KB/s; verify [0-9]+ bytes in [0-9]+ usecs = [0-9]+ KB/s; [0-9]+ usecs to free memory$'
SUMMARY_RE='^swapload: [0-9]+ procs, [0-9]+[KMGT]? each, pattern (seq|rand), zero [0-9]+%: fill [0-9]+ KB/s \(sum\), verify [0-9]+ KB/s \(sum\), free [0-9]+ usecs \(max\), sys [0-9]+ usecs, (OK|FAILED)$'
CORRUPT_RE='^swapload: data corruption: proc [0-9]+ page [0-9]+ offset [0-9]+ expected 0x[0-9a-f]{2} got 0x[0-9a-f]{2} \(pass [0-9]+\)$'

# ---- help --------------------------------------------------------------

run -h
check_all "-h prints usage and exits 0" \
	'[ $RC -eq 0 ]' \
	'grep -q "^usage: swapload" "$OUT"' \
	'grep -q -- "--corrupt-page" "$OUT"' \
	'grep -qi "test only" "$OUT"' \
	'[ ! -s "$ERR" ]'

# ---- text output -------------------------------------------------------

run -n 4 32M
check_all "seq, 4 procs, 32M: text output and OK" \
	'[ $RC -eq 0 ]' \
	'[ "$(lines "$OUT")" -eq 5 ]' \
	'[ "$(grep -cE "$PROC_RE" "$OUT")" -eq 4 ]' \
	'head -n 4 "$OUT" | cut -d: -f1 | paste -sd, - | grep -qx "proc 0,proc 1,proc 2,proc 3"' \
	'tail -n 1 "$OUT" | grep -qE "$SUMMARY_RE"' \
	'tail -n 1 "$OUT" | grep -q "^swapload: 4 procs, 32M each, pattern seq, zero 0%: .*, OK$"' \
	'grep -q "^proc 0: fill 33554432 bytes .* verify 33554432 bytes" "$OUT"' \
	'[ ! -s "$ERR" ]'

run -n 3 -p rand -r 2 16M
check_all "rand, 3 procs, 2 passes: OK" \
	'[ $RC -eq 0 ]' \
	'[ "$(grep -cE "$PROC_RE" "$OUT")" -eq 3 ]' \
	'grep -q "^proc 2: fill 16777216 bytes .* verify 33554432 bytes" "$OUT"' \
	'tail -n 1 "$OUT" | grep -q "^swapload: 3 procs, 16M each, pattern rand, zero 0%: .*, OK$"'

run -q -n 2 8M
check_all "-q prints only the summary" \
	'[ $RC -eq 0 ]' \
	'[ "$(lines "$OUT")" -eq 1 ]' \
	'grep -qE "$SUMMARY_RE" "$OUT"'

run 5000
check_all "SIZE is rounded up to whole pages" \
	'[ $RC -eq 0 ]' \
	'grep -q "^proc 0: fill $(( (5000 + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE )) bytes" "$OUT"'

# ---- JSON output -------------------------------------------------------

run -j -n 3 16M
check_all "-j: one object per proc plus summary, all ok" \
	'[ $RC -eq 0 ]' \
	'[ "$(lines "$OUT")" -eq 4 ]' \
	'while read -r l; do jq -e . <<<"$l" >/dev/null || exit 1; done <"$OUT"' \
	'jq -e -s "[.[] | select(.type == \"proc\") | .proc] == [0,1,2]" "$OUT" >/dev/null' \
	'jq_all ".ok == true"' \
	'jq_all "(.fill_bytes | type) == \"number\""' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; has(\"fill_usecs\") and has(\"fill_kbps\") and has(\"verify_bytes\") and has(\"verify_usecs\") and has(\"verify_kbps\") and has(\"free_usecs\") and has(\"passes\"))" "$OUT" >/dev/null' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; .fill_bytes == 16*1048576 and .verify_bytes == 16*1048576 and .passes == 1)" "$OUT" >/dev/null' \
	'jq_summary ".procs == 3 and .fill_bytes == 48*1048576 and .ok == true and .failed == 0"' \
	'[ ! -s "$ERR" ]'

run -j -q -n 2 8M
check_all "-j -q: only the summary object" \
	'[ $RC -eq 0 ]' \
	'[ "$(lines "$OUT")" -eq 1 ]' \
	'jq_summary ".ok == true"'

# ---- zero pages --------------------------------------------------------

run -j -n 2 -z 100 16M
check_all "-z 100: every page is zero, verified" \
	'[ $RC -eq 0 ]' \
	'jq_all ".ok == true"' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; .pages == 4096 * 4096 / $PAGE_SIZE and .zero_pages == .pages)" "$OUT" >/dev/null'

run -j -n 2 -z 50 -p rand 32M
check_all "-z 50: about half the pages are zero, verified" \
	'[ $RC -eq 0 ]' \
	'jq_all ".ok == true"' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; .zero_pages > .pages * 0.4 and .zero_pages < .pages * 0.6)" "$OUT" >/dev/null'

run -j -z 0 8M
check_all "-z 0: no zero pages" \
	'[ $RC -eq 0 ]' \
	'jq -e -s ".[0].zero_pages == 0" "$OUT" >/dev/null'

zero_pages() {
	jq -s -c '[.[] | select(.type == "proc") | .zero_pages]' "$OUT"
}
run -j -S 42 -z 30 -n 2 8M
z1=$(zero_pages)
run -j -S 42 -z 30 -n 2 8M
z2=$(zero_pages)
run -j -S 43 -z 30 -n 2 8M
z3=$(zero_pages)
check_all "zero pages are a function of seed and process" \
	'[ $RC -eq 0 ]' \
	'[ "$z1" = "$z2" ]' \
	'[ "$z1" != "$z3" ]' \
	'[ "$(jq -r ".[0]" <<<"$z1")" != "$(jq -r ".[1]" <<<"$z1")" ]'

# ---- passes and rewrite ------------------------------------------------

run -j -n 2 -p rand -w -r 3 -z 25 16M
check_all "-w -r 3 rand: 3 passes with rewrite, verified" \
	'[ $RC -eq 0 ]' \
	'jq_all ".ok == true"' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; .passes == 3 and .verify_bytes == 3 * 16 * 1048576)" "$OUT" >/dev/null'

run -j -r 0 8M
check_all "-r 0: fill only" \
	'[ $RC -eq 0 ]' \
	'jq -e -s ".[0].passes == 0 and .[0].verify_bytes == 0 and .[1].ok == true" "$OUT" >/dev/null'

# Without swap pressure no entry is out: the path runs and must pass (the
# guest's virtual swap test runs it with pages out).
run -j -n 2 --madv-free -r 1 8M
check_all "--madv-free: MADV_FREE before munmap, VmSwap 0 after it" \
	'[ $RC -eq 0 ]' \
	'jq_all ".ok == true"' \
	'[ ! -s "$ERR" ]'

# The deadline counts from the start of the verify phase; verify_usecs
# sums the passes only (the setup between passes is not load), so it
# may end a few hundred microseconds short of the 2 s.
start=$(date +%s%N)
run -j -n 2 -t 2 -w 16M
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check_all "-t 2: runs at least 2 seconds, several passes" \
	'[ $RC -eq 0 ]' \
	'[ $elapsed_ms -ge 2000 ]' \
	'jq_all ".ok == true"' \
	'jq -e -s "[.[] | select(.type == \"proc\")] | all(.[]; .passes >= 2 and .verify_usecs >= 1900000)" "$OUT" >/dev/null'

run -j -t 0 -r 5 8M
check_all "-t 0: exactly one pass (and overrides -r)" \
	'[ $RC -eq 0 ]' \
	'jq -e -s ".[0].passes == 1" "$OUT" >/dev/null'

# ---- THP advice ----------------------------------------------------------

if [ -e /sys/kernel/mm/transparent_hugepage/enabled ]; then
	run -H -n 2 -p rand 16M
	check_all "-H: MADV_HUGEPAGE run verifies" '[ $RC -eq 0 ]' \
		'tail -n 1 "$OUT" | grep -q ", OK$"'
else
	ok "-H: # SKIP no THP support in this kernel"
fi
run -N -n 2 16M
check_all "-N: MADV_NOHUGEPAGE run verifies" '[ $RC -eq 0 ]' \
	'tail -n 1 "$OUT" | grep -q ", OK$"'

# ---- the verifier must catch corruption --------------------------------

run --corrupt-page 5 -n 2 8M
check_all "--corrupt-page 5: exit 1, one corruption line naming page 5" \
	'[ $RC -eq 1 ]' \
	'[ "$(lines "$ERR")" -eq 1 ]' \
	'grep -qE "$CORRUPT_RE" "$ERR"' \
	'grep -q "^swapload: data corruption: proc 0 page 5 offset [0-9]* .*(pass 1)$" "$ERR"' \
	'grep -q "^proc 0: FAILED (data corruption)$" "$OUT"' \
	'grep -qE "^proc 1: fill" "$OUT"' \
	'tail -n 1 "$OUT" | grep -q ", FAILED$"'

run --corrupt-page 100 -p rand -w -r 3 -z 50 -n 3 -j 8M
check_all "--corrupt-page 100 with rand/-w/-z 50/-j: exit 1, page 100, ok:false" \
	'[ $RC -eq 1 ]' \
	'[ "$(lines "$ERR")" -eq 1 ]' \
	'grep -qE "$CORRUPT_RE" "$ERR"' \
	'grep -q "^swapload: data corruption: proc 0 page 100 offset " "$ERR"' \
	'jq -e -s ".[0].ok == false and .[0].error == \"data corruption\" and .[1].ok == true and .[2].ok == true" "$OUT" >/dev/null' \
	'jq_summary ".ok == false and .failed == 1"'

run --corrupt-page 3 -z 100 8M
check_all "--corrupt-page on a zero page: expected 0x00" \
	'[ $RC -eq 1 ]' \
	'grep -q "^swapload: data corruption: proc 0 page 3 offset [0-9]* expected 0x00 got 0xff (pass 1)$" "$ERR"'

last=$((8 * MiB / PAGE_SIZE - 1))
run --corrupt-page $last -t 0.2 8M
check_all "--corrupt-page on the last page with -t: exit 1" \
	'[ $RC -eq 1 ]' \
	'grep -q "^swapload: data corruption: proc 0 page $last offset " "$ERR"'

# ---- a child killed by a signal (as by the OOM killer) ------------------

"$BIN" -n 2 -t 2 16M >"$OUT" 2>"$ERR" &
parent=$!
victim=
for _ in $(seq 50); do
	kids=$(cat /proc/$parent/task/$parent/children 2>/dev/null ||
	       ps -o pid= --ppid $parent)
	set -- $kids
	if [ $# -eq 2 ]; then
		victim=$1
		break
	fi
	sleep 0.1
done
[ -n "$victim" ] && kill -KILL "$victim"
wait $parent
RC=$?
check_all "child killed by SIGKILL: parent exits 1 and says so" \
	'[ -n "$victim" ]' \
	'[ $RC -eq 1 ]' \
	'grep -qE "^swapload: proc [01] killed by signal 9$" "$ERR"' \
	'grep -qE "^proc [01]: FAILED \(killed by signal 9\)$" "$OUT"' \
	'tail -n 1 "$OUT" | grep -q ", FAILED$"'

# ---- usage errors: exit 2, one line on stderr ----------------------------

bad_usage() {
	local desc=$1
	shift
	run "$@"
	check_all "usage error exits 2 with one line: $desc" \
		'[ $RC -eq 2 ]' \
		'[ "$(lines "$ERR")" -eq 1 ]' \
		'grep -q "^swapload: " "$ERR"' \
		'[ ! -s "$OUT" ]'
}

bad_usage "unknown option -x" -x 8M
bad_usage "unknown long option" --bogus 8M
bad_usage "missing SIZE"
bad_usage "extra argument" 8M 8M
bad_usage "bad SIZE 12Q" 12Q
bad_usage "SIZE 0" 0
bad_usage "negative SIZE" -- -8M
bad_usage "-n abc" -n abc 8M
bad_usage "-n 0" -n 0 8M
bad_usage "-n without argument" 8M -n
bad_usage "-r -1" -r -1 8M
bad_usage "-z 101" -z 101 8M
bad_usage "-p zigzag" -p zigzag 8M
bad_usage "-t abc" -t abc 8M
bad_usage "-S 1x" -S 1x 8M
bad_usage "-H with -N" -H -N 8M
bad_usage "--corrupt-page beyond SIZE" --corrupt-page $((8 * MiB / PAGE_SIZE)) 8M
# a corruption no pass reads back must not pass for verified
bad_usage "--corrupt-page with -r 0 (nothing verified)" --corrupt-page 3 -r 0 8M
# -P: a PATH.P no process can create is refused at once, not waited on
RUN_TIMEOUT=20 bad_usage "-P in a directory that does not exist" -P /proc/x/y 8M
RUN_TIMEOUT=20 bad_usage "-P in a file, not a directory" -P /dev/null/go 8M
RUN_TIMEOUT=20 bad_usage "-P empty" -P "" 8M
RUN_TIMEOUT=20 bad_usage "-P longer than PATH_MAX" -P "$TMP/$(printf 'p%.0s' $(seq 4100))" 8M

# ---- what swapload checks up front, and its pause --------------------------

run --corrupt-page 3 -t 0 -r 0 8M
check_all "--corrupt-page with -t 0 -r 0: the one timed pass catches it" \
	'[ $RC -eq 1 ]' \
	'grep -q "^swapload: data corruption: proc 0 page 3 offset " "$ERR"'

# A SIZE the kernel will not map: one line from the parent, not one per
# process.  Only where the kernel refuses mappings beyond RAM and swap
# (overcommit_memory 0 or 2); with 1 the processes would fill 16T.
if [ "$(cat /proc/sys/vm/overcommit_memory 2>/dev/null)" != 1 ] &&
   [ "$(awk '/^(MemTotal|SwapTotal):/ { s += $2 } END { print s }' /proc/meminfo)" -lt $((8 << 30)) ]; then
	RUN_TIMEOUT=20 run -n 3 16383G
	check_all "SIZE beyond memory and swap: exit 1 at once, one line" \
		'[ $RC -eq 1 ]' \
		'[ "$(lines "$ERR")" -eq 1 ]' \
		'grep -q "^swapload: cannot map 16383G for a process: " "$ERR"' \
		'[ ! -s "$OUT" ]'
else
	skip "SIZE beyond memory and swap: overcommit_memory is 1 or memory is huge"
fi

RUN_TIMEOUT=20 "$BIN" 8M >/dev/full 2>"$ERR"
RC=$?
check_all "stdout unwritable: exit 1, one line" \
	'[ $RC -eq 1 ]' \
	'[ "$(lines "$ERR")" -eq 1 ]' \
	'grep -q "^swapload: write error on stdout: " "$ERR"'

# -P PATH: each process writes PATH.P and waits for PATH; the check of
# PATH up front leaves nothing behind
rm -f "$TMP"/go*
timeout 60 "$BIN" -q -n 2 -P "$TMP/go" 8M >"$OUT" 2>"$ERR" &
load=$!
for _ in $(seq 100); do
	[ -e "$TMP/go.0" ] && [ -e "$TMP/go.1" ] && break
	sleep 0.1
done
paused=$(cd "$TMP" && ls go.* 2>/dev/null | xargs)
alive=no
kill -0 $load 2>/dev/null && alive=yes
touch "$TMP/go"
wait $load
RC=$?
check_all "-P: both processes pause, go on when PATH appears, exit 0" \
	'[ "$paused" = "go.0 go.1" ]' \
	'[ $alive = yes ]' \
	'[ "$(cat "$TMP/go.0")" -gt 0 ]' \
	'[ $RC -eq 0 ]' \
	'grep -q ", OK$" "$OUT"' \
	'[ ! -s "$ERR" ]'

tap_summary
