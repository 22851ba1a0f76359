#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An interactive top-like screen driven in tmux the way a user drives it:
# start, sort keys, pause, help, resizes, a terminal too small, 'q',
# Ctrl-C, SIGTERM and SIGHUP; after each way out, the terminal modes
# (stty -g) must be those from before the start and the shell prompt
# must be back.  Then its window closed: it must end as on SIGHUP.
#
#   tests/host/test-vswaptop-ui.sh BINARY [ARGS...]
#   e.g. tests/host/test-vswaptop-ui.sh build/san/ui-demo -d 0.5
#        tests/host/test-vswaptop-ui.sh build/bin/vswaptop -d 0.5    (root)
#
# What it relies on (tools/vswaptop/ui.c): line 1 of the screen is the
# header, "vswaptop ... HH:MM:SS ... sort: KEY [PAUSED] ... h:help q:quit";
# the help screen contains "Keys"; contention rows contain "cluster N"; a
# small terminal shows "too small".  If line 2 says "interval Xs", the
# waits follow X, else they assume 1 s.
set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 BINARY [ARGS...]" >&2
	exit 2
fi
BIN=$(realpath "$1")
shift
WORK=$(mktemp -d)
SOCK=vswaptop-ui-test-$$
W=120 H=40
PROMPT='TESTPROMPT$'
interval=1

. "$(dirname "$0")/../tap.sh"
# after each failure, the screen
TAP_ON_FAIL=dump

# A tmux server of our own: the user's sessions and tmux.conf stay out.
T() { tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	local sock
	# kill-server leaves the socket file behind
	sock=$(T display-message -p '#{socket_path}' 2>/dev/null)
	T kill-server 2>/dev/null
	[ -n "$sock" ] && rm -f "$sock"
	rm -rf "$WORK"
}
trap cleanup EXIT

# The screen; -J joins lines that wrapped, so a line the program let
# wrap shows up longer than the width.
pane() { T capture-pane -p -J -t main; }
header() { pane | head -1; }
clock() { header | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}' | head -1; }
sort_key() { header | sed -nE 's/.*sort: *([a-z]+).*/\1/p'; }
rows() { pane | grep -E 'cluster [0-9]+'; }
has() { pane | grep -qE "$1"; }
lacks() { ! pane | grep -qE "$1"; }
header_ok() { header | grep -qE '^vswaptop .*h:help q:quit'; }
paused() { header | grep -q PAUSED; }
running() { ! header | grep -q PAUSED; }
clock_is_not() { local c; c=$(clock); [ -n "$c" ] && [ "$c" != "$1" ]; }
key_is_not() { local k; k=$(sort_key); [ -n "$k" ] && [ "$k" != "$1" ]; }
# the last line with text is the prompt
prompt_back() { [ "$(T capture-pane -p -t main | sed '/^ *$/d' | tail -1)" = "$PROMPT" ]; }

# The screen as TAP comments, to see what went wrong.
dump() {
	T capture-pane -p -t main 2>/dev/null | sed 's/^/#   /'
}

# until_ok SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
# (%.0f: mawk's %d stops at 2^31-1, which made every wait 2.1 s.)
until_ok() {
	local deadline
	deadline=$(($(date +%s%N) + $(awk -v s="$1" 'BEGIN { printf "%.0f", s * 1e9 }')))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# size W H: resize the window and give the program time to redraw.
size() {
	T resize-window -t main -x "$1" -y "$2"
	sleep 0.5
}

# No line longer than the width, no more lines than the height.
fits() {
	local w=$1 h=$2
	pane | awk -v w="$w" -v h="$h" '
		length($0) > w { bad = 1 }
		END { exit bad || NR > h }'
}

# One header, at the top: no leftovers of the screen before the resize.
clean_header() {
	header_ok && [ "$(pane | grep -cE '^vswaptop .*h:help')" -eq 1 ]
}

# start TAG: run the program in the shell; saves stty -g before it and
# after it, and its exit status, under $WORK/*.TAG.
start() {
	local cmd
	cmd="stty -g >$WORK/stty-before.$1; $(printf '%q ' "$BIN" "${ARGS[@]}")"
	cmd+="; echo EXIT=\$? >$WORK/exit.$1; stty -g >$WORK/stty-after.$1"
	T send-keys -t main "clear" Enter
	T send-keys -t main "$cmd" Enter
	until_ok 15 header_ok
}

# restored TAG WHAT: the program ended, modes and prompt are back.
restored() {
	local tag=$1 what=$2 status
	if ! until_ok 10 test -s "$WORK/stty-after.$tag"; then
		nok "$what: the program did not exit"
		return
	fi
	status=$(sed 's/EXIT=//' "$WORK/exit.$tag")
	if [ "$status" -eq 0 ]; then
		ok "$what: exit status 0"
	else
		nok "$what: exit status $status"
	fi
	if cmp -s "$WORK/stty-before.$tag" "$WORK/stty-after.$tag"; then
		ok "$what: stty -g is the same as before the start"
	else
		nok "$what: stty -g was $(cat "$WORK/stty-before.$tag"), is $(cat "$WORK/stty-after.$tag")"
	fi
	if until_ok 3 prompt_back && lacks '^vswaptop .*h:help'; then
		ok "$what: the shell prompt is back, no screen left over"
	else
		nok "$what: no clean prompt"
	fi
	# a terminal with echo and line editing back answers a command
	T send-keys -t main "echo alive-\$((6 * 7))" Enter
	check "$what: the shell takes commands again" until_ok 3 has '^alive-42$'
}

ARGS=("$@")
if ! command -v tmux >/dev/null; then
	nok "tmux is installed"
	tap_summary
	exit 1
fi
T new-session -d -s main -x $W -y $H \
	"env PS1='$PROMPT ' HISTFILE=/dev/null bash --norc --noprofile -i"
if ! until_ok 5 prompt_back; then
	nok "a shell in tmux"
	tap_summary
	exit 1
fi

# ---- start --------------------------------------------------------------
if ! start q; then
	nok "starts: no header 'vswaptop ... h:help q:quit' in 15 s"
	T send-keys -t main q
	tap_summary
	exit 1
fi
ok "starts: header '$(header | tr -s ' ' | sed 's/ $//')'"
iv=$(pane | sed -n 2p | grep -oE '^interval [0-9.]+' | awk '{ print $2 }')
[ -n "$iv" ] && interval=$iv
# the wait that shows a HH:MM:SS clock stopped: two intervals, and more
# than one second
hold=$(awk -v i="$interval" 'BEGIN { h = 2 * i + 0.3; print h < 2.2 ? 2.2 : h }')
patience=$(awk -v i="$interval" 'BEGIN { print 3 * i + 3 }')

t0=$(clock)
check "the clock in the header advances while running ($t0)" until_ok "$patience" clock_is_not "$t0"
until_ok "$patience" rows >/dev/null
# ui-demo (tests/unit/ui-demo.c) has a device whose rates have no source
if pane | sed -n 2p | grep -q 'source demo'; then
	check "a device's unmeasured rates are -, not 0" \
		[ "$(pane | awk '/swapfile/ && $2 ~ /B$/ { print $5, $6, $7, $8; exit }')" = "- - - -" ]
fi

# ---- pause ----------------------------------------------------------------
T send-keys -t main p
if until_ok 2 paused; then
	ok "p: PAUSED in the header"
else
	nok "p: no PAUSED in the header"
fi
t1=$(clock)
sleep "$hold"
t2=$(clock)
if [ -n "$t1" ] && [ "$t1" = "$t2" ]; then
	ok "paused: the header's time stays at $t1 for ${hold}s"
else
	nok "paused: the header's time went from '$t1' to '$t2'"
fi

# ---- sort, while paused so that only the key moves the rows ---------------
k0=$(sort_key)
keys=$k0
orders=()
orders[0]=$(rows)
for i in 1 2 3 4; do
	prev=$(sort_key)
	T send-keys -t main s
	until_ok 2 key_is_not "$prev"
	sleep 0.2
	keys+=" $(sort_key)"
	orders[$i]=$(rows)
done
distinct=$(echo "$keys" | tr ' ' '\n' | head -4 | sort -u | wc -l)
if [ -n "$k0" ] && [ "$distinct" -eq 4 ] && [ "$(sort_key)" = "$k0" ]; then
	ok "s: cycles the sort key in the header: $keys"
else
	nok "s: sort keys in the header: '$keys'"
fi
nrows=$(printf '%s\n' "${orders[0]}" | grep -c 'cluster')
if [ "$nrows" -lt 2 ]; then
	skip "s: reorders the contention rows (only $nrows rows on this system)"
else
	changed=0
	for i in 1 2 3; do
		[ "${orders[$i]}" != "${orders[0]}" ] && changed=1
	done
	if [ $changed -eq 1 ] && [ "${orders[4]}" = "${orders[0]}" ]; then
		ok "s: reorders the $nrows contention rows, and back after a full cycle"
	else
		nok "s: the contention rows kept their order through the sort keys"
	fi
fi
# the sorted rows never change while paused
rows_now=$(rows)
sleep "$interval"
check "paused: the rows do not change" [ "$(rows)" = "$rows_now" ]

T send-keys -t main p
check "p again: PAUSED is gone" until_ok 2 running
t3=$(clock)
check "p again: sampling resumes, the time moves on from $t3" \
	until_ok "$patience" clock_is_not "$t3"

# ---- help -------------------------------------------------------------------
T send-keys -t main h
check "h: shows the help (Keys)" until_ok 2 has 'Keys'
check "help: the header stays" header_ok
T send-keys -t main h
if until_ok 2 lacks 'Keys' && header_ok; then
	ok "h again: hides the help"
else
	nok "h again: the help is still there"
fi

# ---- resize -------------------------------------------------------------------
size 80 24
check "resized to 80x24: one clean header" clean_header
check "resized to 80x24: no line longer than 80, no more than 24 lines" fits 80 24
size $W $H
check "back to ${W}x$H: one clean header" clean_header
check "back to ${W}x$H: nothing wraps" fits $W $H
if [ "$nrows" -gt 0 ]; then
	check "back to ${W}x$H: the contention rows are back" until_ok "$patience" rows
else
	skip "back to ${W}x$H: the contention rows are back (none on this system)"
fi
size 40 10
check "40x10: says the terminal is too small" until_ok 2 has 'too small'
check "40x10: nothing wraps" fits 40 10
size $W $H
check "back from 40x10: the header again" until_ok 2 clean_header

# ---- ways out ---------------------------------------------------------------------
T send-keys -t main q
restored q "q"

if start int; then
	sleep 0.5
	T send-keys -t main C-c
	restored int "Ctrl-C"
else
	nok "second start: no header"
fi

# signalled NAME SIGNAL WHICH: a start that SIGNAL ends, as q does
signalled() {
	local shell pid

	if ! start "$1"; then
		nok "$3 start: no header"
		return
	fi
	sleep 0.5
	shell=$(T display-message -p -t main '#{pane_pid}')
	pid=$(pgrep -n -P "$shell")
	if [ -n "$pid" ]; then
		kill -"$2" "$pid"
		restored "$1" "SIG$2"
	else
		nok "SIG$2: no process under the shell"
	fi
}

signalled term TERM third
signalled hup HUP fourth

# The terminal gone: its window closed.  The shell that would pass the
# hangup's SIGHUP on ignores it here, so the program sees only the dead
# terminal, and must end as on SIGHUP (exit 0, nothing lost on stderr).
T new-window -d -t main -n gone "bash -c 'trap \"\" HUP; $(printf '%q ' "$BIN" "${ARGS[@]}") \
	2>$WORK/gone.err; echo EXIT=\$? >$WORK/exit.gone'"
if until_ok 15 eval 'T capture-pane -p -t main:gone | head -1 | grep -qE "^vswaptop .*h:help q:quit"'; then
	T kill-window -t main:gone
	if until_ok 5 test -s "$WORK/exit.gone"; then
		check "window closed: exits with $(cat "$WORK/exit.gone"), as on SIGHUP" \
			grep -qx 'EXIT=0' "$WORK/exit.gone"
		check "window closed: no error on stderr" \
			[ "$(grep -vc 'ui-demo: exited' "$WORK/gone.err")" -eq 0 ]
		sed 's/^/# /' "$WORK/gone.err"
	else
		nok "window closed: still running 5 s later"
	fi
else
	nok "window closed: no header in its own window"
	T kill-window -t main:gone 2>/dev/null
fi

tap_summary
