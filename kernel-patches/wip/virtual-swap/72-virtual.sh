# The virtual swap device (docs/virtual-swap.md): created by swapon of a
# header-only file, backed by the zero page and zswap with no swap disk
# at all.  Every load verifies every page; every scenario reconciles the
# events with /proc/vmstat and /proc/swaps (reconcile_common) and, where
# it runs in the cgroup, with memory.stat.
Z=/sys/module/zswap/parameters
VD=/vswap
swapoff -a 2>/dev/null
mkdir -p $VD
mount -t ramfs ramfs $VD

# vfile PATH SIZE: a virtual device's file, a swap header for SIZE alone
vfile() {
	rm -f "$1"
	truncate -s "$2" "$1" && mkswap "$1" >/dev/null && truncate -s 4096 "$1"
}

# vline PATH: the /proc/swaps line of PATH
vline() {
	awk -v p="$1" '$1 == p' /proc/swaps
}

# used_of PATH: its Used column, in pages
used_of() {
	vline "$1" | awk -v kb=$PAGE_KB '{ print $4 / kb + 0 }'
}

# settle: reclaim what an exited load left in the swap cache (swap frees
# those entries lazily, stock or virtual), before the scenario ends
settle() {
	echo 512M >$CGROUP_DIR/memory.reclaim 2>/dev/null
	sleep 1
}

# used_ok WHAT PATH: after settle, only the per-CPU slot caches (64 slots
# per CPU, counted as used by /proc/swaps) may hold slots of PATH
used_ok() {
	check_ge "$1: slot cache capacity (64 x $(nproc) CPUs) vs slots used" \
		$((64 * $(nproc))) $(used_of "$2")
}

# klog PATTERN: kernel log lines matching PATTERN
klog() {
	dmesg | grep -c "$1"
}

# bad_swapon WHAT ERRNO-TEXT LOGLINE FILE: swapon FILE must fail with
# ERRNO-TEXT and log LOGLINE exactly once more ("" for none)
bad_swapon() {
	local before out rc
	before=$(klog "$3")
	out=$(swapon "$4" 2>&1)
	rc=$?
	check_eq "$1: swapon fails" $([ $rc -ne 0 ] && echo yes || echo "no: $out") yes
	case $out in
	*"$2"*) pass "$1: error '$2'" ;;
	*) fail "$1: error '$out', want '$2'" ;;
	esac
	if [ -n "$3" ]; then
		check_eq "$1: kernel log lines '$3'" $(($(klog "$3") - before)) 1
	fi
	vline "$4" | grep -q . && { fail "$1: $4 is in /proc/swaps"; swapoff "$4"; }
}

SCENARIO=virtual
# ---- create, show, remove while empty ---------------------------------
vfile $VD/dev 512M
check_cmd "swapon of a header-only file (virtual device)" swapon $VD/dev
check_eq "/proc/swaps type" "$(vline $VD/dev | awk '{ print $2 }')" virtual
check_eq "/proc/swaps size (KiB)" "$(vline $VD/dev | awk '{ print $3 }')" \
	$((512 * 1024 - PAGE_KB))
check_eq "kernel log names the virtual device" \
	$(klog "vswap: $VD/dev is a virtual swap device") 1
check_cmd "swapoff of the empty virtual device" swapoff $VD/dev
check_eq "removed from /proc/swaps" "$(vline $VD/dev)" ""

# ---- bad input ----------------------------------------------------------
check_cmd "swapon of the virtual device again" swapon $VD/dev
vfile $VD/dev2 64M
bad_swapon "a second virtual device" "busy" \
	"vswap: a virtual swap device exists already" $VD/dev2
check_cmd "swapoff" swapoff $VD/dev
vfile $VD/huge 64G
bad_swapon "64G of virtual slots on $(($(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024)) MiB of RAM" \
	"nvalid" "vswap: virtual swap device of" $VD/huge
vfile $VD/bad 64M
printf 'NOTASWAP!!' | dd of=$VD/bad bs=1 seek=4086 conv=notrunc 2>/dev/null
bad_swapon "a header-only file without the swap signature" "nvalid" \
	"Unable to find swap-space signature" $VD/bad
mkdir -p /tmp/vt
vfile /tmp/vt/dev 64M
bad_swapon "a header-only file on tmpfs (no ->read_folio)" "nvalid" "" /tmp/vt/dev
rm -rf /tmp/vt $VD/dev2 $VD/huge $VD/bad

# ---- zswap with no swap disk at all -------------------------------------
echo 1 >$Z/enabled
echo 20 >$Z/max_pool_percent
check_cmd "swapon the virtual device, no other swap" swapon $VD/dev
check_eq "swap devices in /proc/swaps" $(($(wc -l </proc/swaps) - 1)) 1
cgroup_on 64M
memcg_snapshot $WORK/virtual.memcg.before
scenario virtual-zswap
check_cmd "swapload 160M, 4:1 compressible, fill+verify, through zswap only" \
	in_cgroup swapload -q -c 25 -r 1 160M
settle
scenario_end
memcg_snapshot $WORK/virtual.memcg.after
mcg() { vmstat_delta $WORK/virtual.memcg.before $WORK/virtual.memcg.after $1; }
in=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)
load=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZSWAP)
check_gt "pages stored in zswap" $in 10000
check_gt "pages loaded from zswap" $load 10000
check_eq "swap-outs to disk" $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK) 0
check_eq "pswpout" $(scenario_vmstat_delta pswpout) 0
check_eq "pswpin" $(scenario_vmstat_delta pswpin) 0
check_eq "zswpwb (no disk to write back to)" $(scenario_vmstat_delta zswpwb) 0
check_eq "zswap stores vs the cgroup's zswpout" $in $(mcg zswpout)
check_eq "zswap loads vs the cgroup's zswpin" $load $(mcg zswpin)
used_ok "virtual device after the load exited" $VD/dev
check_eq "zswap stored_pages after the load exited" \
	$(cat /sys/kernel/debug/zswap/stored_pages) 0
check_eq "cgroup memory.swap.current after the load exited" \
	$(cat $CGROUP_DIR/memory.swap.current) 0

# ---- zero-filled pages: no storage at all ---------------------------------
scenario virtual-zero
check_cmd "swapload 128M all zero pages, fill+verify" \
	in_cgroup swapload -q -z 100 -r 1 128M
settle
scenario_end
out=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO)
check_gt "pages swapped out as zero pages" $out 10000
check_gt "zero pages swapped in" $(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZERO) 10000
check_ge "zero swap-outs vs 100 x zswap swap-outs" $out \
	$((100 * $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)))
used_ok "virtual device after the load exited" $VD/dev

# ---- pages zswap rejects stay in memory -----------------------------------
# Half zero pages (swapped out), half random (zswap rejects them; with no
# storage behind the slot they stay resident): 40M random fits in 64M.
# zswap counts an incompressible page in one of these (the compressor's
# error decides which)
rejects() {
	echo $(($(cat /sys/kernel/debug/zswap/reject_compress_poor) +
		$(cat /sys/kernel/debug/zswap/reject_compress_fail)))
}
rej0=$(rejects)
scenario virtual-reject
check_cmd "swapload 80M, half zero, half incompressible, fill+verify" \
	in_cgroup swapload -q -z 50 -r 2 80M
settle
scenario_end
check_gt "pages zswap rejected (reject_compress_poor + _fail)" \
	$(($(rejects) - rej0)) 100
check_gt "pages swapped out as zero pages" $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO) 5000
check_eq "swap-outs to disk" $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK) 0
used_ok "virtual device after the load exited" $VD/dev

# ---- large folios are split for the virtual device ---------------------------
S64=/sys/kernel/mm/transparent_hugepage/hugepages-64kB
if [ -d $S64 ]; then
	echo always >$S64/enabled
	fb0=$(cat $S64/stats/swpout_fallback)
	out0=$(cat $S64/stats/swpout)
	scenario virtual-mthp
	check_cmd "swapload 96M in 64K folios, 4:1 compressible, fill+verify" \
		in_cgroup swapload -q -c 25 -r 1 96M
	settle
	scenario_end
	echo never >$S64/enabled
	check_eq "64K folios swapped out whole (mTHP swpout)" \
		$(($(cat $S64/stats/swpout) - out0)) 0
	check_gt "64K folios split to swap out (mTHP swpout_fallback)" \
		$(($(cat $S64/stats/swpout_fallback) - fb0)) 100
	check_eq "16-page swap-out events" $(hist_sum $SCENARIO_DIR/vswap_swapout hitcount nr_pages=16) 0
	used_ok "virtual device after the load exited" $VD/dev
else
	tap "ok - virtual-mthp: # SKIP no 64K mTHP support"
fi

# ---- swapoff of the virtual device with pages out -------------------------
rm -f $WORK/vgo*
scenario virtual-swapoff
in_cgroup swapload -q -z 30 -c 25 -r 1 -P $WORK/vgo 96M >$WORK/vswapoff.out 2>&1 &
loadpid=$!
wait_swapload_paused $WORK/vgo 1
swapped=$(swapped_pages $(cat $WORK/vgo.0))
check_gt "pages out when swapoff starts (VmSwap)" $swapped 5000
echo max >$CGROUP_DIR/memory.max
check_cmd "swapoff of the virtual device with pages in zswap and zero" \
	swapoff $VD/dev
touch $WORK/vgo
wait $loadpid
check_eq "swapload verifies every page after swapoff (exit status)" $? 0
cat $WORK/vswapoff.out
scenario_end
check_ge "entries dropped by swapoff vs the load's VmSwap" \
	$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPOFF) $swapped
check_eq "swapoff_end events" $(hist_hits $SCENARIO_DIR/vswap_swapoff_end) 1
check_eq "zswap stored_pages after swapoff" \
	$(cat /sys/kernel/debug/zswap/stored_pages) 0
check_eq "removed from /proc/swaps" "$(vline $VD/dev)" ""
check_eq "kernel log: removed" $(klog "vswap: virtual swap device removed") 3

cgroup_off
echo 0 >$Z/enabled
umount $VD
