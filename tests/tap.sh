# SPDX-License-Identifier: GPL-2.0
# TAP results for the shell suites: "ok - WHAT" and "not ok - WHAT" lines,
# counted, and the "N passed, N failed" line scripts/test.sh reads.
# Sourced by the host suites (bash, tests/host/lib.sh) and by the guest's
# library (busybox sh; scripts/mkinitramfs.sh copies this file into the
# initramfs as /lib/vswap/tap.sh), so it keeps to POSIX sh plus "local".
#
# tap_emit LINE: where a result line goes: stdout; the guest redefines it
# (its results go to the second serial port and the console).
# TAP_ON_FAIL: a command run after each "not ok" (e.g. a dump of state).

passed=0 failed=0

tap_emit() { echo "$*"; }

ok() { tap_emit "ok - $*"; passed=$((passed + 1)); }
nok() { tap_emit "not ok - $*"; failed=$((failed + 1)); ${TAP_ON_FAIL:-:}; }
skip() { ok "$* # SKIP"; }

# check WHAT CMD...: ok if CMD succeeds (its output discarded)
check() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$what"; else nok "$what"; fi
}

# tap_summary: the count line; fails if anything failed
tap_summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
