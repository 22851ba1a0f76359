# SPDX-License-Identifier: GPL-2.0
# The guest's results: TAP lines (tap.sh) to fd 3, the second serial
# port the host reads, and to the console log, prefixed by the scenario;
# and the checks the tests make.  Part of guest/lib.sh.

SCENARIO=
tap_emit() {
	echo "$*" >&3
	echo "[$SCENARIO] $*"
}
# tap LINE: a raw TAP line (e.g. "not ok - boot: ..."), not counted
tap() { tap_emit "$*"; }

pass() { ok "$SCENARIO: $*"; }
fail() { nok "$SCENARIO: $*"; }

# check_eq WHAT GOT WANT [why]
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1 = $2"
	else
		fail "$1: got $2, want $3${4:+ ($4)}"
	fi
}

# check_gt WHAT GOT MIN: GOT > MIN
check_gt() {
	if [ "$2" -gt "$3" ] 2>/dev/null; then
		pass "$1 = $2 (> $3)"
	else
		fail "$1: got $2, want more than $3"
	fi
}

# check_ge WHAT GOT MIN
check_ge() {
	if [ "$2" -ge "$3" ] 2>/dev/null; then
		pass "$1 = $2 (>= $3)"
	else
		fail "$1: got $2, want at least $3"
	fi
}

# check_cmd WHAT CMD...: the command must succeed
check_cmd() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$what"
	else
		fail "$what: '$*' failed: $(echo "$out" | tail -3 | tr '\n' ' ')"
	fi
	echo "$out"
}

# race_rounds N COND WHAT CMD...: for a load whose effect is a race
# between the vCPUs (lock contention): check_cmd WHAT CMD, up to N
# rounds, until COND (a command) succeeds.  The checks of the effect
# come after, and still fail if no round won the race.
race_rounds() {
	local n=$1 cond=$2 what=$3 round=1
	shift 3
	while :; do
		check_cmd "$what (round $round)" "$@"
		if $cond || [ $round -ge $n ]; then
			return 0
		fi
		echo "$cond: not after round $round, once more"
		round=$((round + 1))
	done
}
