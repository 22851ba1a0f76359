#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A benchmark of the guest on this machine's own kernel and CPU: the
# same script, load and tools, on the wall clock of a real CPU instead of
# TCG's instruction count.  On a kernel without the vswap events vswaplat
# measures what the fallback tiers reach (on a host without fentry and
# kprobes: reclaim and swap device I/O), and the numbers say what those
# programs cost on hardware, to set beside the guest's for the same
# operations.
#
#   scripts/bench-host.sh [-t bench-overhead|bench-progs] [bench.NAME=VALUE...]
#
# bench-overhead (the default): throughput and system time with and
# without the tools; defaults bench.runs=15 bench.size=1G
# bench.limit=256M bench.zram=4G bench.modes=none,vswaplat,only-devio
# (guest/lib/bench.sh's bench_attach modes; alt-MODE runs MODE with the tools in
# bench.alt=DIR, another build, for an A/B of two builds in one run).
# bench-progs: nanoseconds per run of each BPF program;
# bench.progs=vswaplat.
# Needs root, /dev/zram0 unused, and the tools built (make tools).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
die() {
	echo "bench-host: $*" >&2
	exit 1
}

test=bench-overhead
if [ "${1:-}" = -t ]; then
	test=$2
	shift 2
fi
[ -f "$top/guest/tests/$test.sh" ] || die "no such benchmark: $test"
[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$top/build/bin/vswaplat" ] || die "no $top/build/bin/vswaplat: run make tools"
[ -e /sys/block/zram0 ] || die "no /dev/zram0 (modprobe zram)"
! grep -q '^/dev/zram0 ' /proc/swaps || die "/dev/zram0 is already swap"

export PATH=$top/build/bin:$PATH
export PARAMS="bench.runs=15 bench.size=1G bench.limit=256M bench.zram=4G"
case $test in
bench-overhead) PARAMS="$PARAMS bench.modes=none,vswaplat,only-devio" ;;
*) PARAMS="$PARAMS bench.progs=vswaplat" ;;
esac
PARAMS="$PARAMS $*"
WORK=$(mktemp -d /tmp/bench-host.XXXXXX)
export WORK
echo "# bench-host $test, $(uname -r), $(nproc) CPUs, $PARAMS; log in $WORK/log"

# TAP lines (fd 3) to stdout, the console's to the log
(
	GUEST_LIB=$top/guest/lib TAP_SH=$top/tests/tap.sh
	. "$top/guest/lib.sh"
	trap 'zram_off; cgroup_off' EXIT
	. "$top/guest/tests/$test.sh"
) 3>&1 >"$WORK/log" 2>&1 | tee "$WORK/tap"
! grep -q '^not ok' "$WORK/tap"
