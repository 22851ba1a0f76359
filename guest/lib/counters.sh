# SPDX-License-Identifier: GPL-2.0
# The kernel's own counters: /proc/vmstat and /proc/swaps snapshots and
# their differences, the pages processes have out, a memcg's memory.stat.
# Part of guest/lib.sh.

# vmstat_snapshot FILE: /proc/vmstat plus the swap pages in use, as "name value"
vmstat_snapshot() {
	{
		cat /proc/vmstat
		echo "swap_used $(swap_used)"
	} >"$1"
}

# swap_used: pages in use over all swap devices (the /proc/swaps column)
swap_used() {
	awk -v kb=$PAGE_KB 'NR > 1 { used += $4 } END { print used / kb + 0 }' /proc/swaps
}

# vmstat_delta BEFORE AFTER NAME
vmstat_delta() {
	awk -v n="$3" '
		FNR == NR && $1 == n { a = $2 }
		FNR != NR && $1 == n { b = $2 }
		END { print b - a }' "$1" "$2"
}

# Wait until nothing swaps any more: two vmstat reads a second apart agree
# on every swap counter.  Leaves the final snapshot in $1.
quiesce() {
	local i=0
	vmstat_snapshot $WORK/q1
	while [ $i -lt 30 ]; do
		sleep 1
		vmstat_snapshot "$1"
		if diff -q $WORK/q1 "$1" >/dev/null 2>&1 ||
		   [ -z "$(swap_counters_differ $WORK/q1 "$1")" ]; then
			return 0
		fi
		cp "$1" $WORK/q1
		i=$((i + 1))
	done
	echo "quiesce: swap counters still moving after 30 s"
}

swap_counters_differ() {
	awk '
		$1 ~ /^(pswp|zswp|swpin|swpout|swap_used|thp_swpout)/ {
			if (FNR == NR) a[$1] = $2; else if (a[$1] != $2) print $1
		}' "$1" "$2"
}

# swapped_pages PID...: swap entries mapped by the processes (VmSwap),
# in pages.  An entry shared after fork counts once per process.
swapped_pages() {
	local p files=
	for p in "$@"; do
		files="$files /proc/$p/status"
	done
	awk -v kb=$PAGE_KB '/^VmSwap/ { s += $2 } END { print s / kb + 0 }' $files
}

# memcg_snapshot FILE: the test cgroup's memory.stat.  Reading it flushes
# the per-CPU counters only past a threshold; the periodic flush every
# 2 s catches the rest, so wait that out first.
memcg_snapshot() {
	sleep 3
	cat $CGROUP_DIR/memory.stat >"$1"
}
