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
	SCENARIO_DIR=$WORK/$1
	mkdir -p $SCENARIO_DIR
	hist_start
	vswaplat_start
	vmstat_snapshot $SCENARIO_DIR/vm.before
}

# stock_begin: the start of a test on a stock kernel (no vswap events):
# zram swap, the cgroup, and vswaplat's choice of tiers in $SCENARIO_DIR/list.
# Fails, and returns 1, on a kernel with the events.
stock_begin() {
	if [ -d $VSWAP_EVENTS_DIR ]; then
		fail "this kernel has the vswap events: not a stock kernel"
		return 1
	fi
	pass "no vswap events on $(uname -r)"
	zram_on 512M
	cgroup_on 64M
	vswaplat --list >$SCENARIO_DIR/list 2>&1
	check_eq "vswaplat --list exit status" $? 0
	sed 's/^/# /' $SCENARIO_DIR/list
}

# stock_swapload [WHAT SWAPLOAD-ARGS...]: the stock tests' load (by
# default 96M with 30% zero pages) in the cgroup, recorded by vswaplat
# between the snapshots $SCENARIO_DIR/vm.before and $SCENARIO_DIR/vm.after
stock_swapload() {
	[ $# -gt 0 ] || set -- "96M, 30% zero pages" -z 30 96M
	local what=$1
	shift
	vmstat_snapshot $SCENARIO_DIR/vm.before
	vswaplat_start
	check_cmd "swapload $what, fill+verify" in_cgroup swapload -q -r 1 "$@"
	quiesce $SCENARIO_DIR/vm.after
	vswaplat_stop
}

# scenario_end: wait for quiescence, collect histograms and counters into
# $SCENARIO_DIR, then run the reconciliations every scenario must pass.
scenario_end() {
	local moved
	quiesce $SCENARIO_DIR/vm.after
	hist_stop $SCENARIO_DIR
	vswaplat_stop
	vmstat_snapshot $SCENARIO_DIR/vm.after2
	moved=$(swap_counters_differ $SCENARIO_DIR/vm.after $SCENARIO_DIR/vm.after2 | xargs)
	[ -z "$moved" ] || fail "swap counters moved while the histograms were read: $moved"
	reconcile_common
	grep -v '^#' $SCENARIO_DIR/vswap_lock_contended | grep . || true
}

scenario_vmstat_delta() { vmstat_delta $SCENARIO_DIR/vm.before $SCENARIO_DIR/vm.after "$1"; }

# The reconciliations that hold for every workload.
reconcile_common() {
	local out_zero out_zswap out_disk wb in_zero in_zswap in_disk
	local salloc sfree

	out_zero=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZERO)
	out_zswap=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_ZSWAP)
	out_disk=$(hist_pages $SCENARIO_DIR/vswap_swapout to=$BACKEND_DISK)
	wb=$(hist_pages $SCENARIO_DIR/vswap_zswap_writeback)
	in_zero=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZERO)
	in_zswap=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_ZSWAP)
	in_disk=$(hist_pages $SCENARIO_DIR/vswap_swapin from=$BACKEND_DISK)

	check_eq "swapout->zero pages vs swpout_zero" $out_zero $(scenario_vmstat_delta swpout_zero)
	check_eq "swapout->zswap pages vs zswpout" $out_zswap $(scenario_vmstat_delta zswpout)
	check_eq "swapout->disk + zswap writeback pages vs pswpout" \
		$((out_disk + wb)) $(scenario_vmstat_delta pswpout)
	check_eq "zswap writeback pages vs zswpwb" $wb $(scenario_vmstat_delta zswpwb)
	check_eq "swapin<-zero pages vs swpin_zero" $in_zero $(scenario_vmstat_delta swpin_zero)
	check_eq "swapin<-zswap pages vs zswpin" $in_zswap $(scenario_vmstat_delta zswpin)
	check_eq "swapin<-disk pages vs pswpin" $in_disk $(scenario_vmstat_delta pswpin)

	reconcile_sampled swapout to $BACKEND_ZERO $BACKEND_ZSWAP $BACKEND_DISK
	reconcile_sampled swapin from $BACKEND_ZERO $BACKEND_ZSWAP $BACKEND_DISK

	salloc=$(hist_sum $SCENARIO_DIR/vswap_slot_alloc nr)
	sfree=$(hist_sum $SCENARIO_DIR/vswap_slot_free nr)
	check_eq "slot alloc - slot free vs change of Used in /proc/swaps" \
		$((salloc - sfree)) $(scenario_vmstat_delta swap_used)
	[ -s $SCENARIO_DIR/vswaplat.json ] && [ "$SCENARIO_TIER" = tp_btf ] &&
		reconcile_vswaplat
}

# reconcile_sampled OP KEY BACKEND...: per backend, the operations and
# pages the sampled event's records stand for are the per-operation
# event's, but for those a CPU has not reported yet: fewer than 2 *
# vswap.sample_period - 1 operations per CPU, of a folio each at most.
# Both events were enabled at the scenario's start, the sampled one's
# counts reset with it.
reconcile_sampled() {
	local op=$1 key=$2 b ops pages want_ops want_pages tail
	local period=$(cat /sys/module/vswap/parameters/sample_period)
	shift 2
	tail=$(( $(nproc) * (2 * period - 2) ))
	for b in "$@"; do
		ops=$(hist_sum $SCENARIO_DIR/vswap_${op}_sampled ops $key=$b)
		pages=$(hist_sum $SCENARIO_DIR/vswap_${op}_sampled pages $key=$b)
		want_ops=$(hist_sum $SCENARIO_DIR/vswap_$op hitcount $key=$b)
		want_pages=$(hist_pages $SCENARIO_DIR/vswap_$op $key=$b)
		if [ $ops -le $want_ops ] && [ $((want_ops - ops)) -le $tail ] &&
		   [ $pages -le $want_pages ] &&
		   [ $((want_pages - pages)) -le $((tail * PAGES_PER_EVENT_MAX)) ]; then
			pass "${op}_sampled $key=$b: $ops operations, $pages pages of $want_ops, $want_pages"
		else
			fail "${op}_sampled $key=$b: $ops operations, $pages pages, want $want_ops," \
				"$want_pages less at most $tail unreported operations"
		fi
	done
}

# The most pages one event can move: a PMD-sized folio, or entries of one.
PAGES_PER_EVENT_MAX=512

# check_short WHAT OURS THEIRS MISSED PER: OURS counts what THEIRS does
# but for the MISSED events whose program did not run, PER at most each:
# OURS <= THEIRS <= OURS + MISSED * PER; exactly equal when none was missed
check_short() {
	if [ "$4" -eq 0 ]; then
		check_eq "$1" $2 $3
	elif [ $2 -le $3 ] && [ $3 -le $(($2 + $4 * $5)) ]; then
		pass "$1 = $2, $3 with $4 events missed (recursion protection, at most $5 each)"
	else
		fail "$1: got $2, want $3, or up to $4 x $5 less for the $4 events missed"
	fi
}

# check_hits WHAT OURS HITS MISSED: a count of one program's event is
# its hits less the events the program missed, exactly
check_hits() {
	check_eq "$1" $2 $(($3 - $4)) "$3 hits, $4 missed"
}

# vswaplat on the vswap events counts exactly what the events count, but
# for the events whose program the kernel did not run (BPF recursion
# protection: vswap_swapin fires in process context and in a disk read's
# end_io softirq, which may interrupt the same program on its CPU).
# vswaplat counts those per operation; every check allows for them.
# Operations are "ops": every one, also where the latency is sampled.
reconcile_vswaplat() {
	local b name n m op
	local m_alloc m_free m_swapout m_swapin m_zswap_wb m_swapoff m_lock m_devio

	for op in alloc free swapout swapin zswap_wb swapoff lock devio; do
		m=$(vswaplat_missed $op)
		if [ "$m" = null ]; then
			fail "vswaplat cannot say how many $op events its programs missed"
			m=0
		fi
		eval m_$op=$m
	done
	check_hits "vswaplat alloc count vs vswap_alloc" $(vswaplat_sum alloc ops) \
		$(hist_hits $SCENARIO_DIR/vswap_alloc) $m_alloc
	check_short "vswaplat alloc pages vs vswap_alloc nr_pages" $(vswaplat_sum alloc pages) \
		$(hist_sum $SCENARIO_DIR/vswap_alloc nr_pages) $m_alloc $PAGES_PER_EVENT_MAX
	check_hits "vswaplat free count vs vswap_free" $(vswaplat_sum free ops) \
		$(hist_hits $SCENARIO_DIR/vswap_free) $m_free
	check_short "vswaplat free entries vs vswap_free nr" $(vswaplat_sum free pages) \
		$(hist_sum $SCENARIO_DIR/vswap_free nr) $m_free $PAGES_PER_EVENT_MAX
	check_hits "vswaplat swapout count vs vswap_swapout" $(vswaplat_sum swapout ops) \
		$(hist_hits $SCENARIO_DIR/vswap_swapout) $m_swapout
	check_hits "vswaplat swapin count vs vswap_swapin" $(vswaplat_sum swapin ops) \
		$(hist_hits $SCENARIO_DIR/vswap_swapin) $m_swapin
	# a missed event's backend is unknown: each backend's pages are
	# bounded by all the missed events, at its largest folio
	for b in zero:$BACKEND_ZERO zswap:$BACKEND_ZSWAP disk:$BACKEND_DISK; do
		name=${b%:*}
		n=${b#*:}
		check_short "vswaplat swapout pages to $name" $(vswaplat_sum swapout pages $name) \
			$(hist_pages $SCENARIO_DIR/vswap_swapout to=$n) $m_swapout \
			$(hist_max $SCENARIO_DIR/vswap_swapout nr_pages to=$n)
		check_short "vswaplat swapin pages from $name" $(vswaplat_sum swapin pages $name) \
			$(hist_pages $SCENARIO_DIR/vswap_swapin from=$n) $m_swapin \
			$(hist_max $SCENARIO_DIR/vswap_swapin nr_pages from=$n)
	done
	check_hits "vswaplat zswap writebacks" $(vswaplat_sum zswap_wb ops) \
		$(hist_hits $SCENARIO_DIR/vswap_zswap_writeback) $m_zswap_wb
	# swapoff's missed events include its begin and progress programs'
	check_short "vswaplat swapoffs" $(vswaplat_sum swapoff ops) \
		$(hist_hits $SCENARIO_DIR/vswap_swapoff_end) $m_swapoff 1
	check_hits "vswaplat lock waits" $(vswaplat_sum lock ops) \
		$(hist_hits $SCENARIO_DIR/vswap_lock_contended) $m_lock
	# bio by bio, against the kernel's page counts over vswaplat's own
	# window: zram completes bios, the virtio disk requests
	check_short "vswaplat device I/O write pages vs pswpout" $(vswaplat_sum devio pages write) \
		$(vswaplat_vmstat_delta pswpout) $m_devio $PAGES_PER_EVENT_MAX
	check_short "vswaplat device I/O read pages vs pswpin" $(vswaplat_sum devio pages read) \
		$(vswaplat_vmstat_delta pswpin) $m_devio $PAGES_PER_EVENT_MAX
}
