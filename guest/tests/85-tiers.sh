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
		check_eq "$op measured from $tier" "$(vl_tier $op)" $tier
	done
	check_eq "lock unavailable from $tier" "$(vl_tier lock)" null
	n=$(vl alloc count)
	check_ge "vswap_alloc vs add_to_swap calls" $(hits $D/vswap_alloc) $n
	check_ge "add_to_swap calls vs 99% of vswap_alloc" $((100 * n)) \
		$((99 * $(hits $D/vswap_alloc)))
	check_eq "unmap frees vs vswap_free unmap" $(vl free count unmap) \
		$(hsum $D/vswap_free hitcount path=$FREE_UNMAP)
	check_eq "swap cache frees vs vswap_free cache" $(vl free count cache) \
		$(hsum $D/vswap_free hitcount path=$FREE_CACHE)
	check_eq "swap_free_nr and swapcache_clear calls vs vswap_free swapin" \
		$(vl free count swapin) $(hsum $D/vswap_free hitcount path=$FREE_SWAPIN)
	check_eq "... and their pages" $(vl free pages swapin) \
		$(hsum $D/vswap_free nr path=$FREE_SWAPIN)
	check_gt "swap_free_nr and swapcache_clear calls" $(vl free count swapin) 1000
	check_eq "disk swap-outs vs vswap_swapout to disk" $(vl swapout count disk) \
		$(hsum $D/vswap_swapout hitcount to=$BE_DISK)
	check_ge "no-I/O swap-outs vs vswap_swapout to zero" $(vl swapout count zero) \
		$(hsum $D/vswap_swapout hitcount to=$BE_ZERO)
	check_gt "zero swap-outs" $(vl swapout count zero) 1000
	check_eq "disk swap-ins vs vswap_swapin from disk" $(vl swapin count disk) \
		$(hsum $D/vswap_swapin hitcount from=$BE_DISK)
	check_eq "zero swap-ins vs vswap_swapin from zero" $(vl swapin count zero) \
		$(hsum $D/vswap_swapin hitcount from=$BE_ZERO)
	check_eq "swapoff system calls vs vswap_swapoff_end" $(vl swapoff count) \
		$(hits $D/vswap_swapoff_end)

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
	mkdir -p $D/events
	vswaplat -j -O swapin >$D/events/vswaplat.json 2>$D/events/vswaplat.err &
	events=$!
	started $events '"type":"op"' $D/events/vswaplat.json $D/events/vswaplat.err vswaplat
	check_cmd "swapload 160M, 4:1 compressible, fill+verify" \
		in_cgroup swapload -q -c 25 -r 1 160M
	stop_tool $events vswaplat
	check_cmd "swapoff /dev/vda" swapoff /dev/vda
	scenario_end

	check_eq "zswap_wb measured from $tier" "$(vl_tier zswap_wb)" $tier
	check_gt "zswap writebacks" $(pages $D/vswap_zswap_writeback) 100
	check_eq "zswap writeback pages vs vswap_zswap_writeback" $(vl zswap_wb pages) \
		$(pages $D/vswap_zswap_writeback)
	check_eq "zswap swap-out pages vs vswap_swapout to zswap" $(vl swapout pages zswap) \
		$(pages $D/vswap_swapout to=$BE_ZSWAP)
	check_eq "zswap swap-in pages vs vswap_swapin from zswap" $(vl swapin pages zswap) \
		$(pages $D/vswap_swapin from=$BE_ZSWAP)
	# virtio reads end in an interrupt after swap_read_folio() returned:
	# timed to end_swap_bio_read(), as the event is, they take as long
	check_eq "zero swap-in pages vs vswap_swapin from zero" $(vl swapin pages zero) \
		$(pages $D/vswap_swapin from=$BE_ZERO)
	grep '"type":"lost"' $D/vswaplat.json | sed 's/^/# /'
	unended=$(vl_unended_swapins)
	[ $tier = fentry ] && check_eq "every disk swap-in's read seen to end" $unended 0
	check_eq "disk swap-in pages (and those not seen to end) vs vswap_swapin from disk" \
		$(( $(vl swapin pages disk) + unended )) $(pages $D/vswap_swapin from=$BE_DISK)
	ours=$(vl swapin sum_ns disk)
	theirs=$(D=$D/events; vl swapin sum_ns disk)
	check_ge "disk swap-in time (ns) vs 90% of the events'" $ours $((theirs * 9 / 10))
	check_ge "... and 110% of the events' vs it" $((theirs * 11 / 10)) $ours
	cgroup_off
done
echo 0 >$Z/enabled
