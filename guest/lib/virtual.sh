# SPDX-License-Identifier: GPL-2.0
# The virtual swap device (docs/virtual-swap.md): its file, its
# /proc/swaps line, and the counts that must come back to zero after a
# load.  Part of guest/lib.sh.

VIRTUAL_DIR=/vswap
VIRTUAL_DEV=$VIRTUAL_DIR/dev

# virtual_file PATH SIZE: a virtual device's file, one page holding a
# swap header for SIZE
virtual_file() {
	rm -f "$1"
	truncate -s "$2" "$1" && mkswap "$1" >/dev/null && truncate -s 4096 "$1"
}

# virtual_mount: the filesystem the device's file lives on (ramfs: it has
# ->read_folio, which swapon needs to read the header; tmpfs has not)
virtual_mount() {
	mkdir -p $VIRTUAL_DIR
	mount -t ramfs ramfs $VIRTUAL_DIR
}

virtual_umount() {
	rm -f $VIRTUAL_DIR/*
	umount $VIRTUAL_DIR
}

# swaps_line PATH: the /proc/swaps line of PATH
swaps_line() {
	awk -v p="$1" '$1 == p' /proc/swaps
}

# swaps_used PATH: its Used column, in pages ("" if PATH is not swap)
swaps_used() {
	swaps_line "$1" | awk -v kb=$PAGE_KB '{ print $4 / kb }'
}

# klog_count PATTERN: kernel log lines matching PATTERN
klog_count() {
	dmesg | grep -c "$1"
}

# drain_slot_caches: make swap give back the slots it holds for later.
# Each CPU keeps up to 64 allocated and 64 freed slots in its slot cache
# (mm/swap_slots.c); they count as used in /proc/swaps and, freed ones,
# in memory.swap.current, until a batch fills.  Any swapoff drains every
# CPU's cache: swap on a spare 1M zram device and swap it off again.
drain_slot_caches() {
	local n
	n=$(cat /sys/class/zram-control/hot_add) || {
		fail "drain_slot_caches: no zram device to add"
		return 1
	}
	echo 1M >/sys/block/zram$n/disksize &&
	mkswap /dev/zram$n >/dev/null &&
	swapon /dev/zram$n &&
	swapoff /dev/zram$n ||
	fail "drain_slot_caches: swapon/swapoff of /dev/zram$n failed"
	echo $n >/sys/class/zram-control/hot_remove
}

# swap_cached_pages: pages in the swap cache now (/proc/meminfo)
swap_cached_pages() {
	awk -v kb=$PAGE_KB '$1 == "SwapCached:" { print $2 / kb }' /proc/meminfo
}

# drained_zero WHAT PATH...: once what the exited load left in the swap
# cache is reclaimed (swap frees such entries lazily, stock or virtual:
# the folio was locked when the exit tried to free it) and the slot
# caches are drained, every PATH's slots in use and the cgroup's swap
# charge are exactly 0
drained_zero() {
	local what=$1 p
	shift
	drain_slot_caches
	echo "$what: before reclaim: used $(for p in "$@"; do echo "$p=$(swaps_used $p)"; done)," \
		"swap cache $(swap_cached_pages) pages"
	[ -d $CGROUP_DIR ] && echo 64M >$CGROUP_DIR/memory.reclaim 2>/dev/null
	drain_slot_caches
	for p in "$@"; do
		check_eq "$what: slots used on $p" "$(swaps_used $p)" 0
	done
	[ -d $CGROUP_DIR ] &&
		check_eq "$what: the cgroup's memory.swap.current" \
			$(cat $CGROUP_DIR/memory.swap.current) 0
}

# show_output FILE: print a load's output file and remove it: written by
# the load, it is a tmpfs page of the load's cgroup, and once swapped out
# it would hold a virtual slot until removed
show_output() {
	cat "$1"
	rm -f "$1"
}

# bindings_held: virtual slots bound to a physical slot now, from the
# scenario's histograms (binds - unbinds)
bindings_held() {
	echo $(($(hist_hits $SCENARIO_DIR/vswap_bind) - $(hist_hits $SCENARIO_DIR/vswap_unbind)))
}

# binds EVENT REASON: how often EVENT (vswap_bind or vswap_unbind) fired
# with REASON (BIND_*)
binds() {
	hist_sum $SCENARIO_DIR/$1 hitcount reason=$2
}
