# SPDX-License-Identifier: GPL-2.0
# vswaplat in the background of a scenario, and what its JSON lines
# say; starting and stopping any tool.  Part of guest/lib.sh.

# vswaplat in the background, JSON into $SCENARIO_DIR/vswaplat.json; returns once it
# is attached (it prints its operations' tiers then).  VSWAPLAT_TIER
# forces its tier, VSWAPLAT_SAMPLE=N samples the latency of 1 in N.
VSWAPLAT_PID=
vswaplat_start() {
	[ "${VSWAPLAT:-yes}" = no ] && return 0
	vswaplat -j ${VSWAPLAT_TIER:+-t $VSWAPLAT_TIER} ${VSWAPLAT_SAMPLE:+--sample $VSWAPLAT_SAMPLE} \
		>$SCENARIO_DIR/vswaplat.json \
		2>$SCENARIO_DIR/vswaplat.err &
	VSWAPLAT_PID=$!
	wait_tool_started $VSWAPLAT_PID '"type":"op"' $SCENARIO_DIR/vswaplat.json $SCENARIO_DIR/vswaplat.err vswaplat ||
		VSWAPLAT_PID=
}

vswaplat_stop() {
	stop_tool "$VSWAPLAT_PID" vswaplat
	VSWAPLAT_PID=
	cat $SCENARIO_DIR/vswaplat.err
}

# wait_tool_started PID PATTERN OUT ERR NAME: wait (2 minutes at most) until the
# tool PID, started in the background, prints PATTERN into OUT; if it
# does not, fail with what it printed into ERR and return 1
wait_tool_started() {
	local t=0
	while ! grep -q "$2" $3 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		if [ $t -gt 120 ] || ! kill -0 $1 2>/dev/null; then
			fail "$5 did not start: $(cat $4)"
			return 1
		fi
	done
}

# stop_tool PID NAME: interrupt a tool (none if PID is empty), check
# that it exits 0
stop_tool() {
	[ -n "$1" ] || return 0
	kill -INT $1
	wait $1
	check_eq "$2 exit status after SIGINT" $? 0
}

# vswaplat_sum OP FIELD [SUB]: sum of FIELD (ops, count, pages) over vswaplat's
# histograms of OP (and SUB)
vswaplat_sum() {
	awk -v op="\"op\":\"$1\"" -v part="${3:+\"sub\":\"$3\"}" -v f="\"$2\":" '
		index($0, "\"type\":\"hist\"") && index($0, op) &&
		(part == "" || index($0, part)) {
			i = index($0, f)
			s += substr($0, i + length(f)) + 0
		}
		END { print s + 0 }' $SCENARIO_DIR/vswaplat.json
}

# vswaplat_missed OP: the events of OP whose program the kernel did not
# run, as it already ran on that CPU (BPF recursion protection: a disk
# read's end_io softirq interrupting the same program), summed over
# vswaplat's {"type":"missed"} lines; "null" if the kernel does not count them
vswaplat_missed() {
	awk -v op="\"$1\":" '
		index($0, "\"type\":\"missed\"") && (i = index($0, op)) {
			v = substr($0, i + length(op))
			if (v ~ /^null/)
				unknown = 1
			s += v + 0
		}
		END { print unknown ? "null" : s + 0 }' $SCENARIO_DIR/vswaplat.json
}

# vswaplat_lost WHAT: the count of vswaplat's lost line whose "what" starts with WHAT
vswaplat_lost() {
	awk -v what="\"what\":\"$1" '
		index($0, "\"type\":\"lost\"") && index($0, what) {
			i = index($0, "\"count\":")
			s += substr($0, i + 8) + 0
		}
		END { print s + 0 }' $SCENARIO_DIR/vswaplat.json
}

# vswaplat_unended_swapins: disk swap-in pages whose read's end_io vswaplat did
# not see.  Through kprobes a few: kprobes do not nest, and an end_io in
# an interrupt on another kprobe's handler runs no program.
vswaplat_unended_swapins() {
	vswaplat_lost "disk swap-in pages whose read was not seen to end"
}

# vswaplat_tier OP: the tier vswaplat used for OP ("null" if unavailable)
vswaplat_tier() {
	sed -n 's/.*"op":"'$1'","tier":"\{0,1\}\([a-z_]*\).*/\1/p' $SCENARIO_DIR/vswaplat.json | head -1
}

# vswaplat_vmstat_delta COUNTER: COUNTER's change over vswaplat's run (its vmstat lines)
vswaplat_vmstat_delta() {
	awk -v f="\"$1\":" 'index($0, "\"type\":\"vmstat\"") && (i = index($0, f)) {
		s += substr($0, i + length(f)) + 0 } END { print s + 0 }' $SCENARIO_DIR/vswaplat.json
}
