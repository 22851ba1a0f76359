# SPDX-License-Identifier: GPL-2.0
# A scenario: counting starts (hist triggers, vswaplat), a workload
# runs, counting stops and every count is reconciled with the kernel's
# counters; and the start of a test on a stock kernel.  Part of
# guest/lib.sh.

# scenario NAME: start counting (hist triggers, and vswaplat unless
# VSWAPLAT=no; VSWAPLAT_TIER forces its tier)
scenario() {
	SCENARIO=$1
	SCENARIO_TIER=${VSWAPLAT_TIER:-tp_btf}
	echo "=== scenario $1"
	D=$WORK/$1
	mkdir -p $D
	hist_start
	vswaplat_start
	vm_snap $D/vm.before
}

# stock_begin: the start of a test on a stock kernel (no vswap events):
# zram swap, the cgroup, and vswaplat's choice of tiers in $D/list.
# Fails, and returns 1, on a kernel with the events.
stock_begin() {
	if [ -d $EV ]; then
		fail "this kernel has the vswap events: not a stock kernel"
		return 1
	fi
	pass "no vswap events on $(uname -r)"
	zram_on 512M
	cgroup_on 64M
	vswaplat --list >$D/list 2>&1
	check_eq "vswaplat --list exit status" $? 0
	sed 's/^/# /' $D/list
}

# stock_swapload [WHAT SWAPLOAD-ARGS...]: the stock tests' load (by
# default 96M with 30% zero pages) in the cgroup, recorded by vswaplat
# between the snapshots $D/vm.before and $D/vm.after
stock_swapload() {
	[ $# -gt 0 ] || set -- "96M, 30% zero pages" -z 30 96M
	local what=$1
	shift
	vm_snap $D/vm.before
	vswaplat_start
	check_cmd "swapload $what, fill+verify" in_cgroup swapload -q -r 1 "$@"
	quiesce $D/vm.after
	vswaplat_stop
}

# scenario_end: wait for quiescence, collect histograms and counters into
# $D, then run the reconciliations every scenario must pass.
scenario_end() {
	quiesce $D/vm.after
	hist_stop $D
	vswaplat_stop
	vm_snap $D/vm.after2
	if [ -n "$(swap_counters_differ $D/vm.after $D/vm.after2)" ]; then
		fail "swap counters moved while the histograms were read"
	fi
	reconcile_common
	grep -v '^#' $D/vswap_lock_contended | grep . || true
}

vmd() { vm_delta $D/vm.before $D/vm.after "$1"; }

# The reconciliations that hold for every workload.
reconcile_common() {
	local out_zero out_zswap out_disk wb in_zero in_zswap in_disk
	local salloc sfree

	out_zero=$(pages $D/vswap_swapout to=$BE_ZERO)
	out_zswap=$(pages $D/vswap_swapout to=$BE_ZSWAP)
	out_disk=$(pages $D/vswap_swapout to=$BE_DISK)
	wb=$(pages $D/vswap_zswap_writeback)
	in_zero=$(pages $D/vswap_swapin from=$BE_ZERO)
	in_zswap=$(pages $D/vswap_swapin from=$BE_ZSWAP)
	in_disk=$(pages $D/vswap_swapin from=$BE_DISK)

	check_eq "swapout->zero pages vs swpout_zero" $out_zero $(vmd swpout_zero)
	check_eq "swapout->zswap pages vs zswpout" $out_zswap $(vmd zswpout)
	check_eq "swapout->disk + zswap writeback pages vs pswpout" \
		$((out_disk + wb)) $(vmd pswpout)
	check_eq "zswap writeback pages vs zswpwb" $wb $(vmd zswpwb)
	check_eq "swapin<-zero pages vs swpin_zero" $in_zero $(vmd swpin_zero)
	check_eq "swapin<-zswap pages vs zswpin" $in_zswap $(vmd zswpin)
	check_eq "swapin<-disk pages vs pswpin" $in_disk $(vmd pswpin)

	salloc=$(hsum $D/vswap_slot_alloc nr)
	sfree=$(hsum $D/vswap_slot_free nr)
	check_eq "slot alloc - slot free vs change of Used in /proc/swaps" \
		$((salloc - sfree)) $(vmd swap_used)
	[ -s $D/vswaplat.json ] && [ "$SCENARIO_TIER" = tp_btf ] &&
		reconcile_vswaplat
}

# vswaplat on the vswap events counts exactly what the events count.
reconcile_vswaplat() {
	local b name n

	check_eq "vswaplat alloc count vs vswap_alloc" $(vl alloc count) \
		$(hits $D/vswap_alloc)
	check_eq "vswaplat alloc pages vs vswap_alloc nr_pages" $(vl alloc pages) \
		$(hsum $D/vswap_alloc nr_pages)
	check_eq "vswaplat free count vs vswap_free" $(vl free count) \
		$(hits $D/vswap_free)
	check_eq "vswaplat free entries vs vswap_free nr" $(vl free pages) \
		$(hsum $D/vswap_free nr)
	for b in zero:$BE_ZERO zswap:$BE_ZSWAP disk:$BE_DISK; do
		name=${b%:*}
		n=${b#*:}
		check_eq "vswaplat swapout pages to $name" $(vl swapout pages $name) \
			$(pages $D/vswap_swapout to=$n)
		check_eq "vswaplat swapin pages from $name" $(vl swapin pages $name) \
			$(pages $D/vswap_swapin from=$n)
	done
	check_eq "vswaplat zswap writebacks" $(vl zswap_wb count) \
		$(hits $D/vswap_zswap_writeback)
	check_eq "vswaplat swapoffs" $(vl swapoff count) $(hits $D/vswap_swapoff_end)
	check_eq "vswaplat lock waits" $(vl lock count) $(hits $D/vswap_lock_contended)
	# bio by bio, against the kernel's page counts over vswaplat's own
	# window: zram completes bios, the virtio disk requests
	check_eq "vswaplat device I/O write pages vs pswpout" $(vl devio pages write) \
		$(vl_vmstat pswpout)
	check_eq "vswaplat device I/O read pages vs pswpin" $(vl devio pages read) \
		$(vl_vmstat pswpin)
}
