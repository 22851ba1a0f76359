# Four processes swapping in random order: the swap locks get contended.
zram_on 512M
cgroup_on 64M
scenario concurrent
check_cmd "swapload 4 x 20M random, fill+verify in a 64M cgroup" \
	in_cgroup swapload -q -n 4 -p rand -r 1 20M
scenario_end

check_gt "swap lock contentions" $(hsum $D/vswap_lock_contended hitcount) 0
check_gt "cluster lock contentions" \
	$(hsum $D/vswap_lock_contended hitcount lock=$LOCK_CLUSTER) 0
check_gt "lock wait (ns)" $(hsum $D/vswap_lock_contended wait_ns) 0

cgroup_off
zram_off
