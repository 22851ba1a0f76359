# The virtual swap device in front of a real one (higher priority) (docs/virtual-swap.md):
# pages zswap does not take are bound to a physical slot on the virtio
# disk, at swap-out or at zswap writeback; bindings are released on every
# free path; swapoff of the disk moves the bound pages without walking a
# page table.  Every load verifies every page; every scenario reconciles
# the events with /proc/vmstat and /proc/swaps (reconcile_common), and the
# bind/unbind events with the counters they stand for.
Z=/sys/module/zswap/parameters
VD=/vswap
swapoff -a 2>/dev/null
mkdir -p $VD
mount -t ramfs ramfs $VD
rm -f $VD/dev
truncate -s 512M $VD/dev && mkswap $VD/dev >/dev/null && truncate -s 4096 $VD/dev
# Bind reasons (include/linux/vswap.h)
BIND_SWAPOUT=0 BIND_WRITEBACK=1 BIND_FREE=2 BIND_OVERWRITE=3 BIND_SWAPOFF=4

used_of() {
	awk -v p="$1" -v kb=$PAGE_KB '$1 == p { print $4 / kb + 0 }' /proc/swaps
}

# settle: reclaim what an exited load left in the swap cache (swap frees
# those entries lazily), before the scenario ends
settle() {
	echo 512M >$CGROUP_DIR/memory.reclaim 2>/dev/null
	sleep 1
}

used_ok() {
	check_ge "$1: slot cache capacity (64 x $(nproc) CPUs) vs slots used" \
		$((64 * $(nproc))) $(used_of "$2")
}

# bind_start / bind_stop: hist triggers on vswap_bind and vswap_unbind,
# keyed by reason and physical type, saved into $SCENARIO_DIR
bind_start() {
	local e
	for e in vswap_bind vswap_unbind; do
		echo 'hist:keys=reason,ptype:vals=hitcount:size=256' >$VSWAP_EVENTS_DIR/$e/trigger ||
			fail "cannot attach a hist trigger to $e"
	done
}
bind_stop() {
	local e
	for e in vswap_bind vswap_unbind; do
		cat $VSWAP_EVENTS_DIR/$e/hist >$SCENARIO_DIR/$e
		echo '!hist:keys=reason,ptype:vals=hitcount:size=256' >$VSWAP_EVENTS_DIR/$e/trigger
	done
}
# binds EVENT REASON: how often EVENT fired with REASON
binds() {
	hist_sum $SCENARIO_DIR/$1 hitcount reason=$2
}

SCENARIO=virtual-disk
echo 1 >$Z/enabled
echo 20 >$Z/max_pool_percent
# busybox swapon has no -p: the first swapon gets the higher priority
check_cmd "swapon the virtual device first (higher priority)" swapon $VD/dev
mkswap /dev/vda >/dev/null
check_cmd "swapon /dev/vda second (lower priority)" swapon /dev/vda
cgroup_on 64M

# ---- incompressible pages: bound at swap-out -------------------------------
rm -f $WORK/bgo*
scenario virtual-bind
bind_start
in_cgroup swapload -q -c 100 -r 1 -P $WORK/bgo 128M >$WORK/bind.out 2>&1 &
loadpid=$!
wait_swapload_paused $WORK/bgo 1
sleep 3
swapped=$(swapped_pages $(cat $WORK/bgo.0))
vused=$(used_of $VD/dev)
pused=$(used_of /dev/vda)
charged=$(($(cat $CGROUP_DIR/memory.swap.current) / 4096))
touch $WORK/bgo
wait $loadpid
check_eq "swapload 128M incompressible verifies every page (exit status)" $? 0
cat $WORK/bind.out
settle
scenario_end
bind_stop
check_gt "pages out while paused (VmSwap)" $swapped 5000
check_gt "physical slots used while paused" $pused 5000
check_ge "virtual slots used while paused vs VmSwap" $vused $swapped
# one charge per virtual entry: never one more for its physical slot
check_ge "cgroup swap pages charged vs VmSwap" $charged $swapped
check_ge "virtual slots used vs cgroup swap pages charged (single charge)" \
	$vused $charged
out_disk=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK)
check_gt "swap-outs to disk (through the binding)" $out_disk 5000
check_eq "binds at swap-out vs pswpout - zswpwb" $(binds vswap_bind $BIND_SWAPOUT) \
	$(($(scenario_vmstat_delta pswpout) - $(scenario_vmstat_delta zswpwb)))
check_eq "binds - unbinds (all released after exit)" \
	$(($(hist_hits $SCENARIO_DIR/vswap_bind) - $(hist_hits $SCENARIO_DIR/vswap_unbind))) 0
check_eq "physical slots used after the load exited" $(used_of /dev/vda) 0
used_ok "virtual device after the load exited" $VD/dev

# ---- zswap writeback binds ---------------------------------------------------
# A pool of 3% of RAM forces writeback during the fill, as in the zswap
# test: each written-back virtual slot gets a physical slot, no PTE moves.
echo 3 >$Z/max_pool_percent
scenario virtual-writeback
bind_start
check_cmd "swapload 160M, 4:1 compressible, fill+verify" \
	in_cgroup swapload -q -c 25 -r 1 160M
settle
scenario_end
bind_stop
echo 20 >$Z/max_pool_percent
wb=$(hist_pages $SCENARIO_DIR/vswap_zswap_writeback)
check_gt "zswap writeback pages" $wb 100
check_eq "writeback binds - undone writeback binds vs zswpwb" \
	$(($(binds vswap_bind $BIND_WRITEBACK) - $(binds vswap_unbind $BIND_WRITEBACK))) $(scenario_vmstat_delta zswpwb)
check_eq "binds - unbinds (all released after exit)" \
	$(($(hist_hits $SCENARIO_DIR/vswap_bind) - $(hist_hits $SCENARIO_DIR/vswap_unbind))) 0
check_eq "physical slots used after the load exited" $(used_of /dev/vda) 0

# ---- swapoff of the disk under the virtual device: no page-table walk -----------
rm -f $WORK/ogo*
scenario virtual-physoff
bind_start
in_cgroup swapload -q -c 100 -r 1 -P $WORK/ogo 96M >$WORK/off.out 2>&1 &
loadpid=$!
wait_swapload_paused $WORK/ogo 1
sleep 3
pused=$(used_of /dev/vda)
swapped=$(swapped_pages $(cat $WORK/ogo.0))
echo max >$CGROUP_DIR/memory.max
check_cmd "swapoff /dev/vda with pages bound to it" swapoff /dev/vda
after=$(swapped_pages $(cat $WORK/ogo.0))
touch $WORK/ogo
wait $loadpid
check_eq "swapload verifies every page after the disk's swapoff (exit status)" $? 0
cat $WORK/off.out
settle
scenario_end
bind_stop
check_gt "physical slots bound when swapoff started" $pused 5000
check_eq "unbinds by swapoff vs physical slots used at its start" \
	$(binds vswap_unbind $BIND_SWAPOFF) $pused
check_eq "entries mapped back by a page-table walk (vswap_free swapoff)" \
	$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPOFF) 0
check_eq "the paused load's VmSwap across the swapoff (no PTE touched)" $after $swapped
check_eq "/dev/vda gone from /proc/swaps" "$(used_of /dev/vda)" ""
used_ok "virtual device after the load exited" $VD/dev

# ---- 4 processes, random order, pages rewritten, small zswap pool -------------
# Every kind of binding change at once: binds at swap-out and writeback,
# overwrites when a rewritten page goes to zswap, frees at swap-in and exit.
check_cmd "swapon /dev/vda again (lower priority)" swapon /dev/vda
echo 64M >$CGROUP_DIR/memory.max
echo 3 >$Z/max_pool_percent
scenario virtual-concurrent
bind_start
check_cmd "swapload 4 x 24M random, rewritten, 2:1 compressible, fill+verify" \
	in_cgroup swapload -q -n 4 -p rand -w -c 50 -r 1 24M
settle
scenario_end
bind_stop
echo 20 >$Z/max_pool_percent
check_gt "binds at swap-out" $(binds vswap_bind $BIND_SWAPOUT) 100
# a rewritten page that kept its swap entry is written in place: no bind
check_ge "pswpout - zswpwb vs binds at swap-out" \
	$(($(scenario_vmstat_delta pswpout) - $(scenario_vmstat_delta zswpwb))) $(binds vswap_bind $BIND_SWAPOUT)
check_eq "writeback binds - undone writeback binds vs zswpwb" \
	$(($(binds vswap_bind $BIND_WRITEBACK) - $(binds vswap_unbind $BIND_WRITEBACK))) $(scenario_vmstat_delta zswpwb)
check_eq "binds - unbinds (all released after exit)" \
	$(($(hist_hits $SCENARIO_DIR/vswap_bind) - $(hist_hits $SCENARIO_DIR/vswap_unbind))) 0
check_eq "physical slots used after the loads exited" $(used_of /dev/vda) 0
used_ok "virtual device after the loads exited" $VD/dev

# ---- shmem (tmpfs) pages through the virtual device, then the disk's swapoff --------
mkdir -p /shm
mount -t tmpfs -o size=200M tmpfs /shm
scenario virtual-shmem
bind_start
check_cmd "96M of random data into tmpfs in the 64M cgroup" \
	in_cgroup dd if=/dev/urandom of=/shm/data bs=1M count=96
sum1=$(in_cgroup md5sum /shm/data | cut -d' ' -f1)
pused=$(used_of /dev/vda)
echo max >$CGROUP_DIR/memory.max
check_cmd "swapoff /dev/vda with shmem pages bound to it" swapoff /dev/vda
sum2=$(in_cgroup md5sum /shm/data | cut -d' ' -f1)
rm -f /shm/data
settle
scenario_end
bind_stop
umount /shm
check_gt "shmem pages bound to the disk before its swapoff" $pused 1000
check_eq "tmpfs data after swap-out, read-back and the disk's swapoff (md5)" "$sum2" "$sum1"
check_eq "unbinds by swapoff vs physical slots used at its start" \
	$(binds vswap_unbind $BIND_SWAPOFF) $pused
check_eq "binds - unbinds (all released after rm)" \
	$(($(hist_hits $SCENARIO_DIR/vswap_bind) - $(hist_hits $SCENARIO_DIR/vswap_unbind))) 0
used_ok "virtual device after rm" $VD/dev

check_cmd "swapoff the virtual device" swapoff $VD/dev
cgroup_off
echo 0 >$Z/enabled
umount $VD
