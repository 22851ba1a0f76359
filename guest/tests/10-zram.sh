# A sequential load on zram swap under a 64M memory cgroup: the basic
# swap-out/swap-in cycle, reconciled with /proc/vmstat and /proc/swaps.
zram_on 512M
cgroup_on 64M
scenario zram
check_cmd "swapload 160M seq fill+verify in a 64M cgroup" \
	in_cgroup swapload -q -r 1 160M
scenario_end

out=$(pages $D/vswap_swapout to=$BE_DISK)
check_gt "pages swapped out to zram" $out 10000
check_gt "pages swapped in from zram" $(pages $D/vswap_swapin from=$BE_DISK) 10000
# Each swap-out needs an entry; a fill+read load never rewrites a page
# that still has one, so allocations cover every swap-out.
alloc=$(hsum $D/vswap_alloc nr_pages path=$ALLOC_PCPU)
alloc=$((alloc + $(hsum $D/vswap_alloc nr_pages path=$ALLOC_REFILL)))
alloc=$((alloc + $(hsum $D/vswap_alloc nr_pages path=$ALLOC_DIRECT)))
check_ge "pages given swap entries (vswap_alloc) vs swapped out" $alloc $out
check_gt "per-CPU slot cache hits" $(hsum $D/vswap_alloc hitcount path=$ALLOC_PCPU) 0
check_gt "slot cache refills" $(hsum $D/vswap_alloc hitcount path=$ALLOC_REFILL) 0
check_gt "entries freed by swap-in" $(hsum $D/vswap_free nr path=$FREE_SWAPIN) 0
check_gt "entries freed by unmap" $(hsum $D/vswap_free nr path=$FREE_UNMAP) 0

cgroup_off
zram_off
