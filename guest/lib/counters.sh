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

# vmstat_value NAME: its value in /proc/vmstat now
vmstat_value() {
	awk -v n="$1" '$1 == n { print $2 }' /proc/vmstat
}

# vmstat_at SNAPSHOT NAME: NAME's value in a vmstat_snapshot file
vmstat_at() {
	awk -v n="$2" '$1 == n { print $2 }' "$1"
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

# fault_in_all: every process's private memory back in from swap, read
# through /proc/PID/mem (the kernel faults it in for the reader): its
# anonymous mappings and the pages written in its private file mappings
# (a program's data, relocated read-only data).  For a scenario whose
# load swapped out the harness itself: else the harness's own forks and
# exits (each child takes and then drops a reference to every swap entry
# of the shell) and swap-ins move the counts while scenario_end reads them.
fault_in_all() {
	local p range perms rest start end pg=$((PAGE_KB * 1024))
	for p in /proc/[0-9]*; do
		{ while read -r range perms rest; do
			case $perms in r??p) ;; *) continue ;; esac
			start=$((0x${range%-*}))
			end=$((0x${range#*-}))
			dd if=$p/mem of=/dev/null bs=$pg skip=$((start / pg)) \
				count=$(((end - start) / pg))
		done <$p/maps; } 2>/dev/null
	done
}

# swapped_out: "NAME[PID]=PAGES" of every process with pages in swap (VmSwap)
swapped_out() {
	awk -v kb=$PAGE_KB '
		FNR == 1 { name = "" }
		$1 == "Name:" { name = $2 }
		$1 == "Pid:" { pid = $2 }
		$1 == "VmSwap:" && $2 > 0 { printf "%s[%s]=%d ", name, pid, $2 / kb }
	' /proc/[0-9]*/status 2>/dev/null
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
