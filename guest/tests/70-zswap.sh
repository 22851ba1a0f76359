# zswap in front of a disk swap device, with a pool small enough to force
# writeback.  After the load exits and the disk is swapped off, every page
# that entered zswap left it by exactly one of load, writeback or
# invalidation.  Runs after the mTHP test: enabling zswap disables large
# folio swap-in for the rest of the boot.
Z=/sys/module/zswap/parameters
echo 1 >$Z/enabled
echo 3 >$Z/max_pool_percent
disk_on
cgroup_on 64M
memcg_snapshot $WORK/zswap.memcg.before
scenario zswap
check_cmd "swapload 160M, 4:1 compressible, fill+verify" \
	in_cgroup swapload -q -c 25 -r 1 160M
check_cmd "swapoff /dev/vda" swapoff /dev/vda
scenario_end
memcg_snapshot $WORK/zswap.memcg.after

in=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)
load=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZSWAP)
wb=$(hist_pages $SCENARIO_DIR/vswap_zswap_writeback)
inval=$(hist_pages $SCENARIO_DIR/vswap_zswap_invalidate)
check_gt "pages stored in zswap" $in 1000
check_gt "pages loaded from zswap" $load 100
check_gt "pages written back from zswap to disk" $wb 100
check_gt "pages swapped in from disk" $(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_DISK) 0
check_eq "zswap pages in vs out (load + writeback + invalidate)" \
	$in $((load + wb + inval))
check_eq "zswap stored_pages after swapoff" \
	$(cat /sys/kernel/debug/zswap/stored_pages) 0
mcg() { vmstat_delta $WORK/zswap.memcg.before $WORK/zswap.memcg.after $1; }
check_eq "zswap stores vs the cgroup's zswpout" $in $(mcg zswpout)
check_eq "zswap loads vs the cgroup's zswpin" $load $(mcg zswpin)
check_eq "zswap writebacks vs the cgroup's zswpwb" $wb $(mcg zswpwb)

cgroup_off
echo 0 >$Z/enabled
