# 64K mTHP folios are swapped out whole and, on zram (synchronous I/O,
# zswap never enabled), swapped in whole: vswap events report 16 pages
# per folio and match the per-size mTHP counter (6.12 counts swpout
# only; swap-ins are checked against pswpin by the common checks).
THP=/sys/kernel/mm/transparent_hugepage
S64=$THP/hugepages-64kB
if [ ! -d $S64 ]; then
	tap "ok - mthp: # SKIP no 64K mTHP support"
	return 0
fi
echo never >$THP/hugepages-2048kB/enabled
echo always >$S64/enabled
zram_on 512M
cgroup_on 64M
swpout0=$(cat $S64/stats/swpout)
scenario mthp
check_cmd "swapload 96M in 64K folios, fill+verify" \
	in_cgroup swapload -q -r 1 96M
scenario_end
swpout=$(($(cat $S64/stats/swpout) - swpout0))

check_gt "64K folios swapped out (mTHP stats)" $swpout 100
check_eq "16-page swap-out events vs mTHP swpout" \
	$(hist_sum $SCENARIO_DIR/vswap_swapout hitcount nr_pages=16) $swpout
check_gt "16-page swap-in events" $(hist_sum $SCENARIO_DIR/vswap_swapin hitcount nr_pages=16) 100
check_ge "pages allocated by the cluster allocator directly" \
	$(hist_sum $SCENARIO_DIR/vswap_alloc nr_pages path=$ALLOC_DIRECT) $((16 * swpout))

echo never >$S64/enabled
cgroup_off
zram_off
