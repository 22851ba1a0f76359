# The virtual swap device (docs/virtual-swap.md) with no swap disk at
# all: created by swapon of a header-only file, backed by the zero page
# and zswap.  Every load verifies every page; every scenario reconciles
# the events with /proc/vmstat and /proc/swaps (reconcile_common), and
# ends with every slot and the cgroup's swap charge back at exactly 0.
Z=/sys/module/zswap/parameters
ZD=/sys/kernel/debug/zswap
swapoff -a 2>/dev/null
virtual_mount

# bad_swapon WHAT ERRNO-TEXT LOGLINE FILE: swapon FILE must fail with
# ERRNO-TEXT and log LOGLINE exactly once more ("" for none)
bad_swapon() {
	local before out rc
	before=$(klog_count "$3")
	out=$(swapon "$4" 2>&1)
	rc=$?
	check_eq "$1: swapon fails" $([ $rc -ne 0 ] && echo yes || echo "no: $out") yes
	case $out in
	*"$2"*) pass "$1: error '$2'" ;;
	*) fail "$1: error '$out', want '$2'" ;;
	esac
	if [ -n "$3" ]; then
		check_eq "$1: kernel log lines '$3'" $(($(klog_count "$3") - before)) 1
	fi
	swaps_line "$4" | grep -q . && { fail "$1: $4 is in /proc/swaps"; swapoff "$4"; }
}

SCENARIO=virtual
# ---- create, show, remove while empty ---------------------------------
virtual_file $VIRTUAL_DEV 512M
check_cmd "swapon of a header-only file (virtual device)" swapon $VIRTUAL_DEV
check_eq "/proc/swaps type" "$(swaps_line $VIRTUAL_DEV | awk '{ print $2 }')" virtual
check_eq "/proc/swaps size (KiB)" "$(swaps_line $VIRTUAL_DEV | awk '{ print $3 }')" \
	$((512 * 1024 - PAGE_KB))
check_eq "kernel log names the virtual device" \
	$(klog_count "vswap: $VIRTUAL_DEV is a virtual swap device") 1
check_cmd "swapoff of the empty virtual device" swapoff $VIRTUAL_DEV
check_eq "removed from /proc/swaps" "$(swaps_line $VIRTUAL_DEV)" ""

# ---- bad input ----------------------------------------------------------
check_cmd "swapon of the virtual device again" swapon $VIRTUAL_DEV
virtual_file $VIRTUAL_DIR/dev2 64M
bad_swapon "a second virtual device" "busy" \
	"vswap: a virtual swap device exists already" $VIRTUAL_DIR/dev2
check_cmd "swapoff" swapoff $VIRTUAL_DEV
virtual_file $VIRTUAL_DIR/huge 64G
bad_swapon "64G of virtual slots on $(($(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024)) MiB of RAM" \
	"nvalid" "vswap: virtual swap device of" $VIRTUAL_DIR/huge
virtual_file $VIRTUAL_DIR/bad 64M
printf 'NOTASWAP!!' | dd of=$VIRTUAL_DIR/bad bs=1 seek=4086 conv=notrunc 2>/dev/null
bad_swapon "a header-only file without the swap signature" "nvalid" \
	"Unable to find swap-space signature" $VIRTUAL_DIR/bad
mkdir -p /tmp/vt
virtual_file /tmp/vt/dev 64M
bad_swapon "a header-only file on tmpfs (no ->read_folio)" "nvalid" "" /tmp/vt/dev
rm -rf /tmp/vt $VIRTUAL_DIR/dev2 $VIRTUAL_DIR/huge $VIRTUAL_DIR/bad
# Not root: swapon needs CAP_SYS_ADMIN, which user nobody has not.
grep -q '^nobody:' /etc/passwd 2>/dev/null ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
grep -q '^nogroup:' /etc/group 2>/dev/null || echo 'nogroup:x:65534:' >>/etc/group
if why=$(su -s /bin/sh nobody -c true 2>&1); then
	out=$(su -s /bin/sh nobody -c "swapon $VIRTUAL_DEV" 2>&1)
	check_eq "swapon by user nobody fails" $([ $? -ne 0 ] && echo yes || echo no) yes
	case $out in
	*"ermi"*) pass "swapon by user nobody: error '$out'" ;;
	*) fail "swapon by user nobody: error '$out', want EPERM" ;;
	esac
	check_eq "swapon by user nobody creates nothing" "$(swaps_line $VIRTUAL_DEV)" ""
else
	tap "ok - virtual: unprivileged swapon # SKIP su cannot become nobody: $why"
fi

# ---- zswap with no swap disk at all -------------------------------------
echo 1 >$Z/enabled
echo 20 >$Z/max_pool_percent
check_cmd "swapon the virtual device, no other swap" swapon $VIRTUAL_DEV
check_eq "swap devices in /proc/swaps" $(($(wc -l </proc/swaps) - 1)) 1
cgroup_on 64M
memcg_snapshot $WORK/virtual.memcg.before
scenario virtual-zswap
check_cmd "swapload 112M, 4:1 compressible, fill+verify, through zswap only" \
	in_cgroup swapload -q -c 25 -r 1 112M
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
check_eq "bindings (no disk to bind to)" $(hist_hits $SCENARIO_DIR/vswap_bind) 0
check_eq "zswap stores vs the cgroup's zswpout" $in $(mcg zswpout)
check_eq "zswap loads vs the cgroup's zswpin" $load $(mcg zswpin)
drained_zero "after the load exited" $VIRTUAL_DEV
check_eq "zswap stored_pages after the load exited" $(cat $ZD/stored_pages) 0

# ---- zero-filled pages: no storage at all ---------------------------------
scenario virtual-zero
check_cmd "swapload 96M all zero pages, fill+verify" \
	in_cgroup swapload -q -z 100 -r 1 96M
scenario_end
out=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO)
check_gt "pages swapped out as zero pages" $out 5000
check_gt "zero pages swapped in" $(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZERO) 5000
check_ge "zero swap-outs vs 100 x zswap swap-outs" $out \
	$((100 * $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)))
drained_zero "after the load exited" $VIRTUAL_DEV

# ---- pages zswap rejects stay in memory -----------------------------------
# Half zero pages (swapped out), half random (zswap rejects them; with no
# storage behind the slot they stay resident): 40M random fits in 64M.
# zswap counts an incompressible page in one of these (the compressor's
# error decides which)
rejects() {
	echo $(($(cat $ZD/reject_compress_poor) + $(cat $ZD/reject_compress_fail)))
}
rej0=$(rejects)
scenario virtual-reject
check_cmd "swapload 80M, half zero, half incompressible, fill+verify" \
	in_cgroup swapload -q -z 50 -r 1 80M
scenario_end
check_gt "pages zswap rejected (reject_compress_poor + _fail)" \
	$(($(rejects) - rej0)) 100
check_gt "pages swapped out as zero pages" $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO) 5000
check_eq "swap-outs to disk" $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK) 0
drained_zero "after the load exited" $VIRTUAL_DEV

# ---- MADV_FREE drops virtual entries ----------------------------------------
# Fill only: every page that is out when MADV_FREE comes is a virtual
# entry in zswap or the zeromap; swapload fails unless VmSwap is 0 after.
scenario virtual-madvfree
check_cmd "swapload 96M, 30% zero, 4:1 compressible, fill, MADV_FREE" \
	in_cgroup swapload -q -z 30 -c 25 -r 0 --madv-free 96M
scenario_end
check_gt "pages out before MADV_FREE (zswap + zero swap-outs)" \
	$(($(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP) +
	   $(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO))) 5000
check_gt "entries freed by the zap path (MADV_FREE, munmap)" \
	$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_UNMAP) 5000
drained_zero "after MADV_FREE" $VIRTUAL_DEV
check_eq "zswap stored_pages after MADV_FREE" $(cat $ZD/stored_pages) 0

# ---- memory.swap.max holds for virtual entries --------------------------------
# 64M of memory and 32M of swap for a 80M load: it fits only if every
# virtual entry is charged once, and the charge never passes the limit.
# A new cgroup: memory.swap.peak counts from its creation.
cgroup_off
cgroup_on 64M
echo 32M >$CGROUP_DIR/memory.swap.max
max0=$(awk '$1 == "max" { print $2 }' $CGROUP_DIR/memory.swap.events)
rm -f $WORK/mgo*
scenario virtual-swapmax
in_cgroup swapload -q -c 25 -r 1 -P $WORK/mgo 80M >$WORK/swapmax.out 2>&1 &
loadpid=$!
wait_swapload_paused $WORK/mgo 1
charged=$(($(cat $CGROUP_DIR/memory.swap.current) / 4096))
vused=$(swaps_used $VIRTUAL_DEV)
touch $WORK/mgo
wait $loadpid
check_eq "swapload 80M under memory.swap.max 32M verifies every page (exit status)" $? 0
# the pause files are tmpfs pages the load's cgroup was charged for:
# swapped out too, they would hold virtual slots until removed
rm -f $WORK/mgo*
show_output $WORK/swapmax.out
scenario_end
check_gt "swap pages charged while paused" $charged 1000
check_ge "memory.swap.max in pages vs memory.swap.current" $((32 * 256)) $charged
peak=$(cat $CGROUP_DIR/memory.swap.peak)
check_ge "memory.swap.max vs memory.swap.peak" $((32 * 1024 * 1024)) $peak
check_gt "memory.swap.peak (pages)" $((peak / 4096)) 1000
# slots taken but not yet charged: at most the slot caches' 64 per CPU
check_ge "virtual slots used vs pages charged + slot caches (one charge each)" \
	$((charged + 64 * $(nproc))) $vused
check_ge "pages charged vs virtual slots used (every entry charged)" $charged \
	$((vused - 64 * $(nproc)))
echo "memory.swap.events max: $max0 -> $(awk '$1 == "max" { print $2 }' $CGROUP_DIR/memory.swap.events)"
echo max >$CGROUP_DIR/memory.swap.max
drained_zero "after the load exited" $VIRTUAL_DEV

# ---- large folios are split for the virtual device ---------------------------
S64=/sys/kernel/mm/transparent_hugepage/hugepages-64kB
if [ -d $S64 ]; then
	echo always >$S64/enabled
	fb0=$(cat $S64/stats/swpout_fallback)
	out0=$(cat $S64/stats/swpout)
	scenario virtual-mthp
	check_cmd "swapload 96M in 64K folios, 4:1 compressible, fill+verify" \
		in_cgroup swapload -q -c 25 -r 1 96M
	scenario_end
	echo never >$S64/enabled
	check_eq "64K folios swapped out whole (mTHP swpout)" \
		$(($(cat $S64/stats/swpout) - out0)) 0
	check_gt "64K folios split to swap out (mTHP swpout_fallback)" \
		$(($(cat $S64/stats/swpout_fallback) - fb0)) 100
	check_eq "16-page swap-out events" $(hist_sum $SCENARIO_DIR/vswap_swapout hitcount nr_pages=16) 0
	drained_zero "after the load exited" $VIRTUAL_DEV
else
	tap "ok - virtual-mthp: # SKIP no 64K mTHP support"
fi

# ---- hibernation never picks the virtual device ----------------------------------
# /dev/snapshot's open looks the resume device up among the swap devices
# (swap_type_of()); the virtual device has no block device to compare,
# and must be skipped, not dereferenced.
SCENARIO=virtual-hibernate
if [ -c /dev/snapshot ] && [ -e /sys/power/resume ]; then
	echo "$(devnum /dev/vda)" >/sys/power/resume 2>/dev/null
	check_cmd "open and close /dev/snapshot with only the virtual device on" \
		sh -c ': </dev/snapshot'
	echo 0:0 >/sys/power/resume 2>/dev/null
else
	tap "ok - virtual-hibernate: # SKIP no /dev/snapshot"
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
	swapoff $VIRTUAL_DEV
touch $WORK/vgo
wait $loadpid
check_eq "swapload verifies every page after swapoff (exit status)" $? 0
# the pause files are tmpfs pages the load's cgroup was charged for:
# swapped out too, they would hold virtual slots until removed
rm -f $WORK/vgo*
show_output $WORK/vswapoff.out
scenario_end
check_ge "entries dropped by swapoff vs the load's VmSwap" \
	$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPOFF) $swapped
check_eq "swapoff_end events" $(hist_hits $SCENARIO_DIR/vswap_swapoff_end) 1
check_eq "zswap stored_pages after swapoff" $(cat $ZD/stored_pages) 0
check_eq "removed from /proc/swaps" "$(swaps_line $VIRTUAL_DEV)" ""
check_eq "kernel log: removed" $(klog_count "vswap: virtual swap device removed") 3

cgroup_off
echo 0 >$Z/enabled
virtual_umount
