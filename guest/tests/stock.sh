# Debian's stock 6.12 cloud kernel, unpatched (opt-in: run by make test
# with that kernel).  The same vswaplat binary (CO-RE) measures swap-out
# and swap-in through the fallback tiers, and its counts match
# /proc/vmstat, on zram and on a disk.
SCENARIO=stock
SCENARIO_DIR=$WORK/stock
mkdir -p $SCENARIO_DIR
stock_begin || return 0
for op in free swapout swapin swapoff; do
	check_cmd "$op from fentry" grep -Eq "^$op +fentry " $SCENARIO_DIR/list >/dev/null
done
check_cmd "alloc from fentry on add_to_swap" \
	grep -Eq "^alloc +fentry +add_to_swap" $SCENARIO_DIR/list >/dev/null
check_cmd "lock waits unavailable without the vswap events" \
	grep -Eq "^lock +- +unavailable" $SCENARIO_DIR/list >/dev/null
check_cmd "device I/O from block tracepoints" \
	grep -Eq "^devio +tracepoint " $SCENARIO_DIR/list >/dev/null

stock_swapload

check_gt "pages swapped out (pswpout)" $(scenario_vmstat_delta pswpout) 5000
check_eq "disk swap-out pages (fentry) vs pswpout" $(vswaplat_sum swapout pages disk) $(scenario_vmstat_delta pswpout)
check_eq "disk swap-in pages (fentry) vs pswpin" $(vswaplat_sum swapin pages disk) $(scenario_vmstat_delta pswpin)
check_eq "zero swap-in pages (zeromap bit) vs swpin_zero" $(vswaplat_sum swapin pages zero) \
	$(scenario_vmstat_delta swpin_zero)
check_ge "no-I/O swap-out pages vs swpout_zero" $(vswaplat_sum swapout pages zero) $(scenario_vmstat_delta swpout_zero)
check_gt "zero swap-outs" $(scenario_vmstat_delta swpout_zero) 1000
check_eq "device write pages (block tracepoints) vs pswpout" \
	$(vswaplat_sum devio pages write) $(scenario_vmstat_delta pswpout)
check_eq "device read pages (block tracepoints) vs pswpin" \
	$(vswaplat_sum devio pages read) $(scenario_vmstat_delta pswpin)
check_gt "allocations measured" $(vswaplat_sum alloc count) 1000
check_gt "frees measured" $(vswaplat_sum free count) 1000
# every page swapped in drops its map count (swap_free_nr), and on zram
# nearly every one bypassed the swap cache and drops its cache pin too
# (swapcache_clear; not those that found their entry in the cache)
in=$(( $(scenario_vmstat_delta pswpin) + $(scenario_vmstat_delta swpin_zero) ))
check_ge "swap-in frees (swap_free_nr, swapcache_clear) vs 2x swap-ins" \
	$((2 * in)) $(vswaplat_sum free pages swapin)
check_ge "... within 1% of it" $(vswaplat_sum free pages swapin) $((2 * in * 99 / 100))

# The virtio disk: its reads end in an interrupt after swap_read_folio()
# returned, and a swap-in is timed to end_swap_bio_read(), as the vswap
# event is.  Each read's bio is part of its swap-in: the swap-ins take
# at least as long as their bios (devio), which a swap-in timed to its
# submission only would not.
check_cmd "swapin from fentry, to the reads' end_io" \
	grep -Eq "^swapin +fentry +swap_read_folio, end_swap_bio_read\$" $SCENARIO_DIR/list >/dev/null
zram_off
disk_on
SCENARIO_DIR=$WORK/stock/disk
mkdir -p $SCENARIO_DIR
stock_swapload
check_eq "disk: disk swap-in pages vs pswpin" $(vswaplat_sum swapin pages disk) $(scenario_vmstat_delta pswpin)
check_eq "disk: zero swap-in pages vs swpin_zero" $(vswaplat_sum swapin pages zero) $(scenario_vmstat_delta swpin_zero)
check_eq "disk: disk swap-out pages vs pswpout" $(vswaplat_sum swapout pages disk) $(scenario_vmstat_delta pswpout)
check_eq "disk: device read pages vs pswpin" $(vswaplat_sum devio pages read) $(scenario_vmstat_delta pswpin)
check_ge "disk: disk swap-in time (ns) vs its reads' device time" \
	$(vswaplat_sum swapin sum_ns disk) $(vswaplat_sum devio sum_ns read)
check_eq "disk: nothing lost" "$(grep -c '"type":"lost"' $SCENARIO_DIR/vswaplat.json)" 0
disk_off

cgroup_off
