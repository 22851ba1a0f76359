# Zero-filled pages: swapped out to the zeromap (no I/O), read back as
# zeros.  Also reconciled per memory cgroup (memory.stat).
zram_on 512M
cgroup_on 64M
memcg_snapshot $WORK/zero.memcg.before
scenario zero
check_cmd "swapload 128M all zero pages, fill+verify" \
	in_cgroup swapload -q -z 100 -r 1 128M
scenario_end
memcg_snapshot $WORK/zero.memcg.after

out=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO)
in=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZERO)
check_gt "pages swapped out as zero pages" $out 10000
check_gt "zero pages swapped in" $in 10000
# Only the program's own few non-zero pages may go to zram.
check_ge "zero swap-outs vs 100 x disk swap-outs" $out \
	$((100 * $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK)))
check_eq "zero swap-outs vs the cgroup's swpout_zero" $out \
	$(vmstat_delta $WORK/zero.memcg.before $WORK/zero.memcg.after swpout_zero)
check_eq "zero swap-ins vs the cgroup's swpin_zero" $in \
	$(vmstat_delta $WORK/zero.memcg.before $WORK/zero.memcg.after swpin_zero)

cgroup_off
zram_off
