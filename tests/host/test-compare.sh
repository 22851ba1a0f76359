#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswaplat's recordings (-o), "vswaplat compare" and --prom on the host's
# own kernel, with real swap: a zram swap device and a memory cgroup that
# memhog pushes into it, as in test-vswaplat.sh.  On kernels without the
# vswap events, fentry or kprobes, the tracepoint tier still measures
# reclaim and swap device I/O, which is all this needs.
#
#   tests/host/test-compare.sh VSWAPLAT
set -u
BIN=$(realpath "$1")
WORK=$(mktemp -d)
CG= ZN= ZRAM= HOTADDED= PIDS=
umask 022

. "$(dirname "$0")/lib.sh"

cleanup() {
	local p
	# only what this script started, by pid
	for p in $PIDS; do
		kill -INT "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ -n "$ZRAM" ]; then
		swapoff "$ZRAM" 2>/dev/null
		echo 1 >/sys/block/zram$ZN/reset
		[ -n "$HOTADDED" ] && echo "$ZN" >/sys/class/zram-control/hot_remove
	fi
	[ -n "$CG" ] && rmdir "$CG" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
	tap_summary
	exit
}


# ---- swap on zram, a memory cgroup ----------------------------------------
# A zram device of our own if the kernel can add one: the other host test
# uses zram0.
if [ -w /sys/class/zram-control/hot_add ]; then
	ZN=$(cat /sys/class/zram-control/hot_add) && HOTADDED=1
elif [ -e /sys/block/zram0 ] && ! grep -q '^/dev/zram0 ' /proc/swaps; then
	ZN=0
fi
if [ -z "$ZN" ] || [ ! -e /sys/block/zram$ZN ]; then
	nok "no free zram device: cannot run the swap workload"
	finish
fi
echo 1 >/sys/block/zram$ZN/reset
echo 2G >/sys/block/zram$ZN/disksize
mkswap /dev/zram$ZN >/dev/null && swapon -p 32000 /dev/zram$ZN && ZRAM=/dev/zram$ZN
check "zram swap on /dev/zram$ZN" grep -q "^/dev/zram$ZN " /proc/swaps

if [ -d /sys/fs/cgroup/memory ]; then		# cgroup v1
	CG=/sys/fs/cgroup/memory/vswaplat-compare-test
	mkdir -p $CG && echo 256M >$CG/memory.limit_in_bytes
else						# cgroup v2
	CG=/sys/fs/cgroup/vswaplat-compare-test
	mkdir -p $CG && echo 256M >$CG/memory.max
fi

# hog SIZE [ARGS]: memhog in the cgroup, swapping most of SIZE out
hog() { sh -c 'echo $$ >'"$CG"'/cgroup.procs && exec memhog "$@"' memhog "$@" >/dev/null; }

# wait_for FILE PATTERN PID: until FILE holds PATTERN (vswaplat attached)
wait_for() {
	local t=0
	until grep -q "$2" "$1" 2>/dev/null; do
		sleep 0.2
		t=$((t + 1))
		if [ $t -gt 300 ] || ! kill -0 "$3" 2>/dev/null; then
			return 1
		fi
	done
}

# record NAME ARGS...: vswaplat ARGS while memhog swaps; stdout NAME.out
record() {
	local name=$1 pid status
	shift
	"$BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	pid=$!
	PIDS="$PIDS $pid"
	if ! wait_for "$WORK/$name.jsonl" '"type":"op"' $pid; then
		nok "$name: vswaplat did not start: $(head -3 "$WORK/$name.err")"
		return 1
	fi
	hog 768M
	check "$name: memhog 768M in a 256M cgroup" [ $? -eq 0 ]
	sleep 1.5
	# flushed every interval: the histograms are there before the end
	check "$name: the recording has histograms while vswaplat runs" \
		grep -q '"type":"hist"' "$WORK/$name.jsonl"
	kill -INT $pid
	wait $pid
	status=$?
	check "$name: vswaplat exits 0 after SIGINT" [ $status -eq 0 ]
}

# ---- recording: -o ----------------------------------------------------------
record a -o "$WORK/a.jsonl" 1
A=$WORK/a.jsonl
check "a: every line of the recording is JSON" jq -e . "$A"
check "a: the first line is meta, with kernel, time, unit and argv" jq -se \
	--arg k "$(uname -r)" --argjson now "$(date +%s)" \
	'.[0] | .type == "meta" and .kernel == $k and .unit == "us" and
	 (.time | . > $now - 600 and . <= $now) and (.argv | test("-o .*a.jsonl 1$"))' "$A"
check "a: one op line per operation" jq -se '[.[] | select(.type == "op")] | length == 12' "$A"
n=$(jq -s '[.[] | select(.type == "hist" and .op == "devio" and .sub == "write") | .count] | add // 0' "$A")
check "a: device I/O writes recorded ($n)" [ "$n" -gt 1000 ]
check "a: the terminal got the text output" grep -q 'count .* avg .* p50 .* p99 .* max' "$WORK/a.out"
check "a: and no JSON" bash -c "! grep -q '^{' '$WORK/a.out'"

record b -j -o "$WORK/b.jsonl" 1
B=$WORK/b.jsonl
check "b: -j and -o: the terminal and the file get the same lines" cmp "$WORK/b.out" "$B"
check "b: meta first" jq -se '.[0].type == "meta" and ([.[] | select(.type == "meta")] | length == 1)' "$B"

# ---- compare ------------------------------------------------------------------
"$BIN" compare "$A" "$A" >"$WORK/aa" 2>&1
status=$?
check "compare A A: exit 0 (got $status)" [ $status -eq 0 ]
check "compare A A: 0 regressed" grep -Eq '^[0-9]+ operations compared, 0 regressed$' "$WORK/aa"
check "compare A A: no REGRESSED row" bash -c "! grep -q REGRESSED '$WORK/aa'"
"$BIN" compare -j "$A" "$A" >"$WORK/aa.json" 2>&1
check "compare -j A A: A12 = 0.5 and p = 0.5 wherever there is a test" jq -se \
	'[.[] | select(.type == "compare" and .a12 != null) | .a12 == 0.5 and .p == 0.5] | all' "$WORK/aa.json"
sed 's/^/# /' "$WORK/aa"

# Two real runs may truly differ (a busy host): a report, not a verdict.
"$BIN" compare "$A" "$B" >"$WORK/ab" 2>&1
status=$?
check "compare A B, two runs of one workload: a report, exit 0 or 3 (got $status)" \
	[ $status -eq 0 -o $status -eq 3 ]
sed 's/^/# /' "$WORK/ab"

# B8: A with device I/O writes 8 times slower, slots shifted up by 3
jq -c 'if .type == "hist" and .op == "devio" and .sub == "write"
       then .slots = [0, 0, 0] + .slots | .max_ns *= 8 | .sum_ns *= 8 else . end' "$A" >"$WORK/a8.jsonl"
"$BIN" compare "$A" "$WORK/a8.jsonl" >"$WORK/a8" 2>&1
status=$?
check "compare A A-x8: exit 3 (got $status)" [ $status -eq 3 ]
check "compare A A-x8: exactly one row REGRESSED, devio write" \
	[ "$(grep REGRESSED "$WORK/a8" | awk '{ print $1, $2 }')" = "devio write" ]
check "compare A A-x8: 1 regressed" grep -Eq '^[0-9]+ operations compared, 1 regressed$' "$WORK/a8"
sed 's/^/# /' "$WORK/a8"

"$BIN" compare -j "$A" "$WORK/a8.jsonl" >"$WORK/a8.json" 2>&1
status=$?
check "compare -j A A-x8: exit 3 (got $status)" [ $status -eq 3 ]
check "compare -j: every line JSON, a summary last" jq -se \
	'. as $all | ($all[-1] | .type == "summary" and .regressed == 1) and
	 ([$all[] | select(.type == "compare")] | length == $all[-1].compared)' "$WORK/a8.json"
check "compare -j: only devio write regressed, A12 near 1" jq -se \
	'[.[] | select(.verdict == "regressed")] | length == 1 and .[0].op == "devio" and
	 .[0].sub == "write" and .[0].a12 > 0.95 and .[0].p < 0.001' "$WORK/a8.json"
# x8, or more: slot 0 holds [0, 2) units, and its samples move to [8, 16)
check "compare A A-x8: p50 of device writes up 700% or more" [ "$(jq -se \
	'[.[] | select(.op == "devio" and .sub == "write")][0].p50_delta_pct >= 700' "$WORK/a8.json")" = true ]
check "compare -j: the other rows unchanged" jq -se \
	'[.[] | select(.type == "compare" and .sub != "write" and .count_a > 0) |
	  .a12 == 0.5 and .verdict != "regressed"] | all' "$WORK/a8.json"
"$BIN" compare --threshold 1 --alpha 1e-9 "$A" "$WORK/a8.jsonl" >/dev/null 2>&1
status=$?
check "compare --threshold 1: A12 below 1 is not flagged (exit $status)" \
	[ $status -eq "$(jq -se '[.[] | select(.type == "compare" and .op == "devio" and .sub == "write")][0].a12 == 1 | if . then 3 else 0 end' "$WORK/a8.json")" ]
"$BIN" compare --min-count 100000000 "$A" "$WORK/a8.jsonl" >"$WORK/few" 2>&1
status=$?
check "compare --min-count 1e8: too few samples everywhere, exit 0 (got $status)" \
	[ $status -eq 0 -a "$(grep -c 'too few samples' "$WORK/few")" -gt 0 ]

# ---- errors -------------------------------------------------------------------
expect_error 1 "compare: a missing file" "$BIN" compare "$A" "$WORK/missing.jsonl"
printf '{"type":"meta","unit":"us"}\n{"type":"hist","op":"devio","slots":[1,2\n' >"$WORK/cut.jsonl"
expect_error 1 "compare: a cut line" "$BIN" compare "$WORK/cut.jsonl" "$A"
jq -c 'if .unit then .unit = "ns" else . end' "$A" >"$WORK/ns.jsonl"
expect_error 1 "compare: recordings in different units" "$BIN" compare "$A" "$WORK/ns.jsonl"
expect_error 1 "compare: an empty file" "$BIN" compare /dev/null "$A"
expect_error 2 "compare: one file" "$BIN" compare "$A"
expect_error 2 "compare: three files" "$BIN" compare "$A" "$A" "$A"
expect_error 2 "compare: unknown option" "$BIN" compare --bogus "$A" "$A"
expect_error 2 "compare: --alpha 2" "$BIN" compare --alpha 2 "$A" "$A"
expect_error 2 "compare: --alpha 0" "$BIN" compare --alpha 0 "$A" "$A"
expect_error 2 "compare: --threshold 0.3" "$BIN" compare --threshold 0.3 "$A" "$A"
expect_error 2 "compare: --min-count -5" "$BIN" compare --min-count -5 "$A" "$A"
expect_error 2 "compare: --min-count ' -5' (strtoull would wrap it)" "$BIN" compare --min-count ' -5' "$A" "$A"
expect_error 2 "compare: --alpha without a value" "$BIN" compare "$A" "$A" --alpha
expect_error 2 "--prom without an interval" "$BIN" --prom "$WORK/x.prom"
expect_error 1 "-o into a missing directory" "$BIN" -o "$WORK/no/such/dir.jsonl" 1 1
expect_error 1 "--prom into a missing directory" "$BIN" --prom "$WORK/no/such/x.prom" 1 1
check "compare --help: exit 0 and a usage" bash -c "'$BIN' compare --help | grep -q '^usage: vswaplat compare'"

# ---- compare as a canary gate --------------------------------------------------
# a run that measured nothing: its meta and op lines, no histogram
jq -c 'select(.type != "hist")' "$A" >"$WORK/none.jsonl"
"$BIN" compare "$A" "$WORK/none.jsonl" >"$WORK/none" 2>&1
status=$?
check "compare A no-histograms: exit 4, no data, not 0 (got $status)" [ $status -eq 4 ]
check "compare A no-histograms: says B has none, and what is missing" bash -c \
	"grep -q '^note: B has no histograms' '$WORK/none' &&
	 grep -Eq '^[0-9]+ operations compared, 0 regressed, [0-9]+ missing from B$' '$WORK/none'"
"$BIN" compare -j "$WORK/none.jsonl" "$A" >"$WORK/none.json" 2>&1
status=$?
check "compare -j no-histograms A: exit 4, status and missing_a in the summary (got $status)" \
	bash -c "[ $status -eq 4 ] && jq -se '.[-1] | .status == 4 and .missing_a > 0 and .hist_a == 0' '$WORK/none.json'"
# devio write only in A, with all its samples
jq -c 'select(.type != "hist" or .op != "devio" or .sub != "write")' "$A" >"$WORK/nowrite.jsonl"
"$BIN" compare "$A" "$WORK/nowrite.jsonl" >"$WORK/nowrite" 2>&1
status=$?
check "compare A A-without-devio-write: exit 4 (got $status)" [ $status -eq 4 ]
check "compare A A-without-devio-write: that row says NOT IN B" \
	[ "$(grep 'NOT IN B$' "$WORK/nowrite" | awk '{ print $1, $2 }')" = "devio write" ]
# a regression and a key missing: the regression's 3
jq -c 'select(.type != "hist" or .op != "memcg_reclaim")' "$WORK/a8.jsonl" >"$WORK/a8-nomemcg.jsonl"
"$BIN" compare "$A" "$WORK/a8-nomemcg.jsonl" >"$WORK/a8-nomemcg" 2>&1
status=$?
check "compare A A-x8-without-memcg_reclaim: 3 over 4 (got $status)" [ $status -eq 3 ]
check "... and both said" grep -Eq '^[0-9]+ operations compared, 1 regressed, [0-9]+ missing from B$' \
	"$WORK/a8-nomemcg"

# counts near 2^64: an error, never ok with p = -nan
jq -c 'if .type == "hist" and .op == "devio" and .sub == "write"
       then .slots = [9223372036854775808, 9223372036854775808] else . end' "$A" >"$WORK/wrap.jsonl"
expect_error 1 "compare: slots adding up past 2^64" "$BIN" compare "$A" "$WORK/wrap.jsonl"
check "... the error names file and line" grep -q 'wrap.jsonl:[0-9]*: .*past 2^64' "$WORK/err"

# input lines are bounded
expect_error 1 "compare /dev/zero: stops at once" timeout 10 "$BIN" compare /dev/zero "$A"
check "... naming /dev/zero:1" grep -q '/dev/zero:1: ' "$WORK/err"
{ head -1 "$A"; head -c 3000000 /dev/zero | tr '\0' x; echo; } >"$WORK/longline.jsonl"
expect_error 1 "compare: a 3 MB line" "$BIN" compare "$WORK/longline.jsonl" "$A"
check "... naming the file and line 2" grep -q 'longline.jsonl:2: a line longer than' "$WORK/err"

# distinct keys: by hash, and a limit
keys() {
	awk -v n="$1" 'BEGIN {
		print "{\"type\":\"meta\",\"unit\":\"us\"}"
		for (i = 0; i < n; i++)
			printf "{\"type\":\"hist\",\"op\":\"devio\",\"sub\":\"s%d\",\"unit\":\"us\",\"slots\":[1,2]}\n", i
	}'
}
keys 16384 >"$WORK/k16k.jsonl"
t0=$(date +%s.%N)
"$BIN" compare "$WORK/k16k.jsonl" "$WORK/k16k.jsonl" >"$WORK/k16k" 2>&1
status=$?
t1=$(date +%s.%N)
check "compare: 16384 keys a side, exit 0 in $(echo "$t1 - $t0" | bc) s (got $status)" \
	[ $status -eq 0 ]
keys 141000 >"$WORK/k141k.jsonl"
t0=$(date +%s.%N)
expect_error 1 "compare: 141000 keys: a limit" "$BIN" compare "$WORK/k141k.jsonl" "$A"
t1=$(date +%s.%N)
check "... said in $(echo "$t1 - $t0" | bc) s, naming the limit" \
	grep -q 'k141k.jsonl:16386: more than 16384 histograms' "$WORK/err"

# names are anybody's bytes: no escape sequence reaches the terminal
jq -c 'if .type == "hist" and .op == "devio" then .sub = "w\u001b[2J\u001b]0;x\u0007" else . end' \
	"$A" >"$WORK/ctl.jsonl"
"$BIN" compare "$WORK/ctl.jsonl" "$WORK/ctl.jsonl" >"$WORK/ctl" 2>&1
check "compare: control characters in names escaped in the text" bash -c \
	"! grep -q \$'[\x01-\x08\x0b-\x1f\x7f]' '$WORK/ctl' && grep -q 'w\\\\x1b\\[2J' '$WORK/ctl'"

# ---- --prom and -o: what they may replace --------------------------------------------
# (memcg_reclaim alone: it loads at the tracepoint tier on the host)
expect_error 2 "-o X --prom X: one file for two outputs" \
	"$BIN" -O memcg_reclaim -o "$WORK/same" --prom "$WORK/same" 1 1
echo keep >"$WORK/same.jsonl"
expect_error 2 "-o X --prom ./X (X there): one file" \
	"$BIN" -O memcg_reclaim -o "$WORK/same.jsonl" --prom "$WORK/./same.jsonl" 1 1
check "... and X untouched" grep -qx keep "$WORK/same.jsonl"
mknod "$WORK/node" c 1 7
expect_error 1 "--prom onto a device node (/dev/full's)" "$BIN" -O memcg_reclaim --prom "$WORK/node" 1 1
check "... the node stays a device node" [ -c "$WORK/node" ]
mkfifo "$WORK/fifo"
expect_error 1 "--prom onto a FIFO" "$BIN" -O memcg_reclaim --prom "$WORK/fifo" 1 1
check "... the FIFO stays" [ -p "$WORK/fifo" ]
echo precious >"$WORK/victim"
ln -s "$WORK/victim" "$WORK/link.prom"
expect_error 1 "--prom onto a symlink" "$BIN" -O memcg_reclaim --prom "$WORK/link.prom" 1 1
check "... the link and the file behind it stay" bash -c \
	"[ -L '$WORK/link.prom' ] && grep -qx precious '$WORK/victim'"
mkdir "$WORK/pd"
ln -s "$WORK/victim" "$WORK/pd/x.prom.tmp"
"$BIN" -O memcg_reclaim --prom "$WORK/pd/x.prom" 1 1 >/dev/null 2>"$WORK/pd.err"
status=$?
check "--prom x.prom beside a planted x.prom.tmp symlink: exit 0 (got $status)" [ $status -eq 0 ]
check "... the victim behind x.prom.tmp is untouched" grep -qx precious "$WORK/victim"
check "... x.prom written, nothing else left" bash -c \
	"[ -f '$WORK/pd/x.prom' ] && [ \"\$(ls -A '$WORK/pd' | sort | tr '\n' ' ')\" = 'x.prom x.prom.tmp ' ]"
# the target replaced by a FIFO while vswaplat runs: every later write lost
"$BIN" -O memcg_reclaim --prom "$WORK/pd/y.prom" 1 3 >/dev/null 2>"$WORK/lost.err" &
pid=$!
PIDS="$PIDS $pid"
t=0
until [ -f "$WORK/pd/y.prom" ] || [ $t -gt 100 ]; do sleep 0.1; t=$((t + 1)); done
rm -f "$WORK/pd/y.prom"
mkfifo "$WORK/pd/y.prom"
wait $pid
status=$?
check "--prom whose last write is lost: exit 1 (got $status)" [ $status -eq 1 ]
check "... one line naming the file: $(head -2 "$WORK/lost.err" | tr '\n' '|')" bash -c \
	"[ \$(grep -c 'y.prom' '$WORK/lost.err') -eq 1 ] && grep -q 'cannot write .*y.prom: not a regular file' '$WORK/lost.err'"
check "... and the FIFO stays" [ -p "$WORK/pd/y.prom" ]
"$BIN" -O memcg_reclaim -o /dev/full 1 1 >/dev/null 2>"$WORK/full.err"
status=$?
check "-o /dev/full: the lost recording is exit 1 (got $status), naming it" \
	bash -c "[ $status -eq 1 ] && grep -q '^vswaplat: cannot write /dev/full: No space left' '$WORK/full.err'"

# ---- --prom -----------------------------------------------------------------------
# every sample line "name{labels} value", buckets non-decreasing, +Inf =
# _count for every series, and "# EOF" the last line; prints the problems
cat >"$WORK/prom.awk" <<'EOF'
function series(line,   s) {
	s = line
	sub(/ [^ ]+$/, "", s)
	sub(/^[^{]*/, "", s)
	sub(/,le="[^"]*"/, "", s)
	return s
}
eof { bad++; next }
/^# EOF$/ { eof = 1; next }
/^# (HELP|TYPE) [a-z_]+ / { next }
!/^[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\} [0-9][0-9.e+-]*$/ { bad++; next }
/^vswap_latency_seconds_bucket\{/ {
	k = series($0); v = $NF + 0
	if ((k in prev) && v < prev[k]) bad++
	prev[k] = v
	if ($0 ~ /le="\+Inf"/) inf[k] = v
	next
}
/^vswap_latency_seconds_count\{/ { cnt[series($0)] = $NF + 0 }
END {
	for (k in cnt) if (!(k in inf) || inf[k] != cnt[k]) bad++
	for (k in inf) if (!(k in cnt)) bad++
	print (bad == 0 && eof) ? "ok" : "bad " bad + 0 " eof " eof + 0
}
EOF
P=$WORK/prom/vswap.prom
mkdir -p "$WORK/prom"
sh -c 'echo $$ >'"$CG"'/cgroup.procs && exec memhog -r1000 768M' >/dev/null &
hogpid=$!
PIDS="$PIDS $hogpid"
"$BIN" --prom "$P" 1 3 >"$WORK/prom.out" 2>"$WORK/prom.err" &
pid=$!
PIDS="$PIDS $pid"
# what a textfile collector reading at any time would see
i=0
while kill -0 $pid 2>/dev/null; do
	cp "$P" "$WORK/snap.$i" 2>/dev/null && i=$((i + 1))
	sleep 0.05
done
wait $pid
status=$?
kill $hogpid 2>/dev/null
wait $hogpid 2>/dev/null
check "--prom FILE 1 3: exits 0 by itself (got $status)" [ $status -eq 0 ]
check "--prom: the file exists" [ -s "$P" ]
check "--prom: the file parses" [ "$(awk -f "$WORK/prom.awk" "$P")" = ok ]
check "--prom: no FILE.tmp left" [ ! -e "$P.tmp" ]
check "--prom: nothing else in its directory" [ "$(ls -A "$WORK/prom")" = vswap.prom ]
check "--prom: readable by node_exporter (mode 644)" [ "$(stat -c %a "$P")" = 644 ]
check "--prom: HELP and TYPE of the five families" [ "$(grep -c '^# TYPE vswap_' "$P")" -eq 5 ]
check "--prom: device I/O writes, tier label" \
	grep -Eq '^vswap_latency_seconds_count\{op="devio",sub="write",dev="",tier="tracepoint"\} [1-9]' "$P"
check "--prom: pages and lost-event counters" \
	grep -Eq '^vswap_pages_total\{op="devio",sub="write".*\} [1-9]' "$P"
check "--prom: lost events counted by reason" grep -q '^vswap_lost_events_total{what="no_start"} ' "$P"
bad=0
for s in "$WORK"/snap.*; do
	[ "$(awk -f "$WORK/prom.awk" "$s")" = ok ] || bad=$((bad + 1))
done
check "--prom: $i reads during the run, every one whole ($bad bad)" [ "$i" -gt 10 -a "$bad" -eq 0 ]
# cumulative: the device write count never goes down from one read to the next
writes() {
	awk '/^vswap_latency_seconds_count\{op="devio",sub="write"/ { n = $NF } END { print n + 0 }' "$1"
}
prev=0 down=0 seen=
for ((j = 0; j < i; j++)); do
	c=$(writes "$WORK/snap.$j")
	[ "$c" -lt "$prev" ] && down=$((down + 1))
	[ "$c" -ne "$prev" ] && seen="$seen $c"
	prev=$c
done
c=$(writes "$P")
[ "$c" -lt "$prev" ] && down=$((down + 1))
check "--prom: device write counts only grow, interval after interval (${seen# })" \
	[ "$down" -eq 0 -a "$(echo $seen | wc -w)" -ge 2 -a "$c" -ge "$prev" ]
sed 's/^/# /' "$P" | grep -E 'devio|EOF|lost' | head -20

finish
