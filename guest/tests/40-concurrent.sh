# Four processes swapping in random order: the swap locks get contended.
zram_on 512M
cgroup_on 64M
scenario concurrent
# Contention is a race between the two vCPUs: one round of this load
# contended 139 times in a CI run (113 of them cluster locks), but one
# CI run saw none (most likely the host ran the two vCPU threads in turn
# for that long).  Up to three rounds, in the same scenario (every count
# still reconciles), until a cluster lock has been contended.
cluster_contended() {
	[ "$(hist_sum $VSWAP_EVENTS_DIR/vswap_lock_contended/hist hitcount lock=$LOCK_CLUSTER)" -gt 0 ]
}
race_rounds 3 cluster_contended "swapload 4 x 20M random, fill+verify in a 64M cgroup" \
	in_cgroup swapload -q -n 4 -p rand -r 1 20M
scenario_end

check_gt "swap lock contentions" $(hist_sum $SCENARIO_DIR/vswap_lock_contended hitcount) 0
check_gt "cluster lock contentions" \
	$(hist_sum $SCENARIO_DIR/vswap_lock_contended hitcount lock=$LOCK_CLUSTER) 0
check_gt "lock wait (ns)" $(hist_sum $SCENARIO_DIR/vswap_lock_contended wait_ns) 0

cgroup_off
zram_off
