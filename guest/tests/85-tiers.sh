# The fallback tiers on the vswap kernel itself.  The vswap events
# (counted by hist triggers) are the truth; vswaplat forced to fentry,
# then to kprobe, must count the same operations exactly where its
# function covers the same ground as the event, and within the stated
# bound where it does not:
#  - free/swapin: swap_free_nr() and swapcache_clear() (the end of a
#    swap-in that bypassed the swap cache, zram) are the event's calls;
#  - swapout/zero: swap_writepage() calls that did no I/O include the
#    rare early exits (folio_free_swap()), so at least as many;
#  - alloc: add_to_swap() sees anonymous folios only; the event also
#    counts shmem swap-outs (the guest's /tmp is tmpfs), a handful here;
#  - lock: no function to probe: unavailable below tp_btf.
# Then zswap in front of a disk, where the zswap functions count exactly
# and the disk reads, asynchronous, are timed to their end_io.
for tier in fentry kprobe; do
	zram_on 512M
	cgroup_on 64M
	VSWAPLAT_TIER=$tier scenario tier-$tier
	check_cmd "swapload 96M, 30% zero pages, fill+verify" \
		in_cgroup swapload -q -z 30 -r 1 96M
	check_cmd "swapoff /dev/zram0" swapoff /dev/zram0
	scenario_end

	for op in alloc free swapout swapin swapoff; do
		check_eq "$op measured from $tier" "$(vswaplat_tier $op)" $tier
	done
	check_eq "lock unavailable from $tier" "$(vswaplat_tier lock)" null
	n=$(vswaplat_sum alloc count)
	check_ge "vswap_alloc vs add_to_swap calls" $(hist_hits $SCENARIO_DIR/vswap_alloc) $n
	check_ge "add_to_swap calls vs 99% of vswap_alloc" $((100 * n)) \
		$((99 * $(hist_hits $SCENARIO_DIR/vswap_alloc)))
	check_eq "unmap frees vs vswap_free unmap" $(vswaplat_sum free count unmap) \
		$(hist_sum $SCENARIO_DIR/vswap_free hitcount path=$FREE_UNMAP)
	check_eq "swap cache frees vs vswap_free cache" $(vswaplat_sum free count cache) \
		$(hist_sum $SCENARIO_DIR/vswap_free hitcount path=$FREE_CACHE)
	check_eq "swap_free_nr and swapcache_clear calls vs vswap_free swapin" \
		$(vswaplat_sum free count swapin) $(hist_sum $SCENARIO_DIR/vswap_free hitcount path=$FREE_SWAPIN)
	check_eq "... and their pages" $(vswaplat_sum free pages swapin) \
		$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPIN)
	check_gt "swap_free_nr and swapcache_clear calls" $(vswaplat_sum free count swapin) 1000
	check_eq "disk swap-outs vs vswap_swapout to disk" $(vswaplat_sum swapout count disk) \
		$(hist_sum $SCENARIO_DIR/vswap_swapout hitcount to=$BACKEND_DISK)
	check_ge "no-I/O swap-outs vs vswap_swapout to zero" $(vswaplat_sum swapout count zero) \
		$(hist_sum $SCENARIO_DIR/vswap_swapout hitcount to=$BACKEND_ZERO)
	check_gt "zero swap-outs" $(vswaplat_sum swapout count zero) 1000
	check_eq "disk swap-ins vs vswap_swapin from disk" $(vswaplat_sum swapin count disk) \
		$(hist_sum $SCENARIO_DIR/vswap_swapin hitcount from=$BACKEND_DISK)
	check_eq "zero swap-ins vs vswap_swapin from zero" $(vswaplat_sum swapin count zero) \
		$(hist_sum $SCENARIO_DIR/vswap_swapin hitcount from=$BACKEND_ZERO)
	check_eq "swapoff system calls vs vswap_swapoff_end" $(vswaplat_sum swapoff count) \
		$(hist_hits $SCENARIO_DIR/vswap_swapoff_end)

	cgroup_off
	zram_off
done

# zswap in front of the disk, a pool small enough to force writeback (as
# in the zswap test): the stores, loads and writebacks zswap_store(),
# zswap_load() and zswap_writeback_entry() see are the events'.
Z=/sys/module/zswap/parameters
echo 1 >$Z/enabled
echo 3 >$Z/max_pool_percent
for tier in fentry kprobe; do
	disk_on
	cgroup_on 64M
	VSWAPLAT_TIER=$tier scenario tier-zswap-$tier
	# the events' own latencies beside it, to compare the disk reads'
	mkdir -p $SCENARIO_DIR/events
	vswaplat -j -O swapin >$SCENARIO_DIR/events/vswaplat.json 2>$SCENARIO_DIR/events/vswaplat.err &
	events=$!
	wait_tool_started $events '"type":"op"' $SCENARIO_DIR/events/vswaplat.json $SCENARIO_DIR/events/vswaplat.err vswaplat
	check_cmd "swapload 160M, 4:1 compressible, fill+verify" \
		in_cgroup swapload -q -c 25 -r 1 160M
	stop_tool $events vswaplat
	check_cmd "swapoff /dev/vda" swapoff /dev/vda
	scenario_end

	check_eq "zswap_wb measured from $tier" "$(vswaplat_tier zswap_wb)" $tier
	check_gt "zswap writebacks" $(hist_pages $SCENARIO_DIR/vswap_zswap_writeback) 100
	check_eq "zswap writeback pages vs vswap_zswap_writeback" $(vswaplat_sum zswap_wb pages) \
		$(hist_pages $SCENARIO_DIR/vswap_zswap_writeback)
	check_eq "zswap swap-out pages vs vswap_swapout to zswap" $(vswaplat_sum swapout pages zswap) \
		$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)
	check_eq "zswap swap-in pages vs vswap_swapin from zswap" $(vswaplat_sum swapin pages zswap) \
		$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZSWAP)
	# virtio reads end in an interrupt after swap_read_folio() returned:
	# timed to end_swap_bio_read(), as the event is, they take as long
	check_eq "zero swap-in pages vs vswap_swapin from zero" $(vswaplat_sum swapin pages zero) \
		$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZERO)
	grep '"type":"lost"' $SCENARIO_DIR/vswaplat.json | sed 's/^/# /'
	unended=$(vswaplat_unended_swapins)
	[ $tier = fentry ] && check_eq "every disk swap-in's read seen to end" $unended 0
	check_eq "disk swap-in pages (and those not seen to end) vs vswap_swapin from disk" \
		$(( $(vswaplat_sum swapin pages disk) + unended )) $(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_DISK)
	ours=$(vswaplat_sum swapin sum_ns disk)
	theirs=$(SCENARIO_DIR=$SCENARIO_DIR/events; vswaplat_sum swapin sum_ns disk)
	check_ge "disk swap-in time (ns) vs 90% of the events'" $ours $((theirs * 9 / 10))
	check_ge "... and 110% of the events' vs it" $((theirs * 11 / 10)) $ours
	cgroup_off
done
echo 0 >$Z/enabled
