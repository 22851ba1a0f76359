# Debian 12's own 6.1 cloud kernel (opt-in: run by make test with that
# kernel).  Older than the names and fields the fentry tier was written
# for: struct folio has no swap field (the entry is in ->private) and no
# order in _flags_1, swap-in is swap_readpage(), frees take one entry
# (swap_free, free_swap_and_cache, not the _nr functions),
# zswap_writeback_entry does not exist, and zram does its swap I/O
# without bios, through bdev_read_page()/bdev_write_page().  The same binary must load what loads, say why the rest
# does not, and measure swap-out and swap-in there with counts that match
# /proc/vmstat.
SCENARIO=stock61
SCENARIO_DIR=$WORK/stock61
mkdir -p $SCENARIO_DIR
stock_begin || return 0
check_cmd "alloc from fentry on add_to_swap (folio->private, not ->swap)" \
	grep -Eq "^alloc +fentry +add_to_swap" $SCENARIO_DIR/list >/dev/null
check_cmd "swapout from fentry on swap_writepage" \
	grep -Eq "^swapout +fentry +swap_writepage" $SCENARIO_DIR/list >/dev/null
check_cmd "swapin from fentry on swap_readpage" \
	grep -Eq "^swapin +fentry +swap_readpage" $SCENARIO_DIR/list >/dev/null
check_cmd "free from fentry on the one-entry functions (no _nr ones yet)" \
	grep -Eq "^free +fentry +swapcache_clear, put_swap_folio, free_swap_and_cache, swap_free " \
	$SCENARIO_DIR/list >/dev/null
check_cmd "zswap writeback unavailable, and why" \
	grep -Eq "^zswap_wb +- +unavailable: .*none of zswap_writeback_entry, shrink_memcg_cb in BTF" $SCENARIO_DIR/list >/dev/null
check_cmd "device I/O from block tracepoints and fentry on the rw_page functions" \
	grep -Eq "^devio +fentry +block_bio_queue, block_rq_complete, bdev_read_page, bdev_write_page" \
	$SCENARIO_DIR/list >/dev/null
vswaplat --list -t tracepoint -O devio >$SCENARIO_DIR/list-tp 2>&1
check_cmd "devio from the tracepoints alone tells it misses the rw_page I/O" \
	grep -Eq "^devio +tracepoint .*not I/O through bdev_read_page" $SCENARIO_DIR/list-tp >/dev/null

# stock61_reconcile TIER: what one run of the load counts through TIER,
# against /proc/vmstat
stock61_reconcile() {
	local pswpin sfree

	pswpin=$(scenario_vmstat_delta pswpin)
	check_eq "$1: swap-out pages (all to the device) vs pswpout" \
		$(vswaplat_sum swapout pages) $(scenario_vmstat_delta pswpout)
	check_eq "$1: swap-in pages vs pswpin" $(vswaplat_sum swapin pages) $pswpin
	# zram on 6.1 reads and writes a page through ->rw_page, a THP (which
	# zram's rw_page refuses) through a bio: together, every page the
	# kernel counted
	check_eq "$1: device write pages (rw_page and bios) vs pswpout" \
		$(vswaplat_sum devio pages write) $(scenario_vmstat_delta pswpout)
	check_eq "$1: device read pages (rw_page and bios) vs pswpin" \
		$(vswaplat_sum devio pages read) $pswpin
	# zram skips the swap cache: each swap-in fault drops its entry's map
	# count through swap_free() and the cache pin it took through
	# swapcache_clear() (the stable race fix, backported to 6.1), one
	# page each; what is left is freed at exit through
	# free_swap_and_cache(): at most twice pswpin, and nearly all of it
	sfree=$(vswaplat_sum free count swapin)
	check_ge "$1: swap-in frees (swap_free, swapcache_clear) within 2x pswpin" \
		$(( 2 * pswpin )) $sfree
	check_ge "$1: ... and at least 99% of it" $sfree $(( 2 * pswpin * 99 / 100 ))
	check_eq "$1: ... one page each" $(vswaplat_sum free pages swapin) $sfree
	check_gt "$1: unmap frees (free_swap_and_cache) at exit" $(vswaplat_sum free count unmap) 1000
}

stock_swapload

check_gt "pages swapped out (pswpout)" $(scenario_vmstat_delta pswpout) 5000
check_gt "pages swapped in (pswpin)" $(scenario_vmstat_delta pswpin) 5000
# no zeromap before 6.12: zram takes zero pages as any other
stock61_reconcile fentry
check_ge "allocations measured vs pswpout (one per folio)" $(vswaplat_sum alloc count) \
	$(( $(scenario_vmstat_delta pswpout) / 2 ))
check_eq "nothing lost" "$(grep -c '"type":"lost"' $SCENARIO_DIR/vswaplat.json)" 0

# The same load through the kprobe tier, the fallback below fentry (the
# folio's size read at entry: THPs swap out whole here too)
SCENARIO_DIR=$WORK/stock61/kprobe
mkdir -p $SCENARIO_DIR
VSWAPLAT_TIER=kprobe
stock_swapload
VSWAPLAT_TIER=
stock61_reconcile kprobe
SCENARIO_DIR=$WORK/stock61

vswaptop -b -j -n 2 -d 1 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err
check_eq "vswaptop -b -j exit status" $? 0
check_cmd "vswaptop measures swap-out and swap-in through fentry" \
	grep -q '"source":"fentry"' $SCENARIO_DIR/top.json

cgroup_off
zram_off
