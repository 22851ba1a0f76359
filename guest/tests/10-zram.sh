# A sequential load on zram swap under a 64M memory cgroup: the basic
# swap-out/swap-in cycle, reconciled with /proc/vmstat and /proc/swaps.
zram_on 512M
cgroup_on 64M
scenario zram
check_cmd "swapload 160M seq fill+verify in a 64M cgroup" \
	in_cgroup swapload -q -r 1 160M
scenario_end

out=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK)
check_gt "pages swapped out to zram" $out 10000
check_gt "pages swapped in from zram" $(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_DISK) 10000
# Each swap-out needs an entry; a fill+read load never rewrites a page
# that still has one, so allocations cover every swap-out.
alloc=$(hist_sum $SCENARIO_DIR/vswap_alloc nr_pages path=$ALLOC_PCPU)
alloc=$((alloc + $(hist_sum $SCENARIO_DIR/vswap_alloc nr_pages path=$ALLOC_REFILL)))
alloc=$((alloc + $(hist_sum $SCENARIO_DIR/vswap_alloc nr_pages path=$ALLOC_DIRECT)))
check_ge "pages given swap entries (vswap_alloc) vs swapped out" $alloc $out
check_gt "per-CPU slot cache hits" $(hist_sum $SCENARIO_DIR/vswap_alloc hitcount path=$ALLOC_PCPU) 0
check_gt "slot cache refills" $(hist_sum $SCENARIO_DIR/vswap_alloc hitcount path=$ALLOC_REFILL) 0
check_gt "entries freed by swap-in" $(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPIN) 0
check_gt "entries freed by unmap" $(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_UNMAP) 0

cgroup_off
zram_off
