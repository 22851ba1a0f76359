# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest test suite (busybox sh).  Sourced by /init and by
# every test in /tests.
#
# Results go to fd 3 (the second serial port, read by the host) as TAP
# lines; everything else goes to the console log.

TRACEFS=/sys/kernel/tracing
VSWAP_EVENTS_DIR=$TRACEFS/events/vswap
# The guest mounts cgroup v2; scripts/bench-host.sh runs the benchmarks
# on hosts that may have only the v1 memory controller.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	CGROUP_DIR=/sys/fs/cgroup/vswap-test CGROUP_LIMIT_FILE=memory.max CGROUP_NO_LIMIT=max
else
	CGROUP_DIR=/sys/fs/cgroup/memory/vswap-test CGROUP_LIMIT_FILE=memory.limit_in_bytes CGROUP_NO_LIMIT=-1
fi
PAGE_KB=$(($(getconf PAGESIZE 2>/dev/null || echo 4096) / 1024))
WORK=${WORK:-/tmp/vswap}
mkdir -p $WORK

# param NAME [DEFAULT]: the value of NAME=VALUE on the kernel command
# line, or in $PARAMS when a host script runs a guest benchmark
param() {
	local v
	v=$(echo " ${PARAMS-$(cat /proc/cmdline)} " | tr ' ' '\n' |
		sed -n "s/^$1=//p" | tail -1)
	echo "${v:-$2}"
}

# The pieces, by job: in the guest in /lib/vswap (scripts/mkinitramfs.sh),
# on a host (scripts/bench-host.sh) GUEST_LIB=guest/lib of the tree and
# TAP_SH=tests/tap.sh.
GUEST_LIB=${GUEST_LIB:-/lib/vswap}
. ${TAP_SH:-$GUEST_LIB/tap.sh}	# ok, nok: TAP lines, counted
. $GUEST_LIB/checks.sh		# where results go; check_eq and the like
. $GUEST_LIB/abi.sh		# the events and their enum values
. $GUEST_LIB/counters.sh	# /proc/vmstat, /proc/swaps, memory.stat
. $GUEST_LIB/hist.sh		# the vswap events' hist triggers
. $GUEST_LIB/vswaplat.sh	# vswaplat in the background, its JSON
. $GUEST_LIB/scenario.sh	# start, end and reconcile a scenario
. $GUEST_LIB/bench.sh		# the tools attached during a benchmark
. $GUEST_LIB/setup.sh		# zram, disk, cgroup; artifacts
. $GUEST_LIB/virtual.sh		# the virtual swap device
