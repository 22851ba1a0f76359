#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tpfloor's bad input on the host: the host kernel has no vswap events,
# which tpfloor must name in one line instead of attaching a partial
# floor (the guest test 83-floor checks what it attaches on the vswap
# kernel).
#
#   tests/host/test-tpfloor.sh TPFLOOR
set -u
BIN=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/lib.sh"

expect_error 2 "unknown option" "$BIN" -x
expect_error 2 "extra argument" "$BIN" 1
cp "$BIN" "$WORK/tpfloor" && chmod 755 "$WORK" "$WORK/tpfloor"
expect_error 1 "not root" runuser -u nobody -- "$WORK/tpfloor"
if [ -e /sys/kernel/btf/vmlinux ] &&
   ! grep -qw vswap_alloc /sys/kernel/tracing/available_events 2>/dev/null; then
	expect_error 1 "kernel without the vswap events" "$BIN"
	check "names the missing event" grep -q "no vswap_alloc event" "$WORK/err"
fi
"$BIN" --help >"$WORK/out" 2>&1
check "--help exits 0" [ $? -eq 0 ]
check "--help prints the usage" grep -q "^usage: tpfloor" "$WORK/out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
