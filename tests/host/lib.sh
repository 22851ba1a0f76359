# SPDX-License-Identifier: GPL-2.0
# What the host tests share: TAP results (tests/tap.sh) and the one-line
# error check.  Set WORK (a scratch directory) before using expect_error.

. "$(dirname "${BASH_SOURCE[0]}")/../tap.sh"

# expect_error STATUS WHAT ARGS...: exit STATUS, nothing on stdout, and
# one "vswaplat: ..." (or vswaptop, tpfloor, swapload, kernel-deb) line on stderr
expect_error() {
	local want=$1 what=$2 status lines
	shift 2
	"$@" >"$WORK/out" 2>"$WORK/err"
	status=$?
	lines=$(wc -l <"$WORK/err")
	if [ "$status" -eq "$want" ] && [ "$lines" -eq 1 ] &&
	   grep -Eq '^(vswaplat|vswaptop|tpfloor|swapload|kernel-deb): ' "$WORK/err" && [ ! -s "$WORK/out" ]; then
		ok "$what: exit $status, '$(cat "$WORK/err")'"
	else
		nok "$what: exit $status (want $want), $lines stderr lines: $(head -3 "$WORK/err")"
	fi
}
