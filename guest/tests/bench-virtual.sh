# SPDX-License-Identifier: GPL-2.0
# Direct swap against the virtual swap device (make bench-virtual,
# docs/benchmarks.md "Direct vs virtual"): the public report's matrix
# (../shared/background/vswap-v5-regression-report.txt), scaled to the
# guest, in one boot.
#
# cells:  zram                direct swap to zram (the baseline)
#         zram-virtual        the same zram behind the virtual device
#         zswap-disk          zswap in front of the virtio disk, direct
#         zswap-disk-virtual  the same behind the virtual device
#         zswap-virtual       zswap and no disk at all (virtual only: its
#                             ratio is to zswap-disk)
# loads:  memhog (a fill), seq (swapload, one process, fill + verify),
#         rand (swapload, bench.procs processes, random order)
# modes:  none (the numbers the targets are judged on) and vswaplat
#         (every operation recorded: the recordings that say where the
#         time went), as bench.modes=a,b
#
# Every load runs in a 64M cgroup (bench.limit), 4:1 compressible
# (zswap takes every page, and zswap-virtual needs it to), and verifies
# every byte.  zswap's pool may grow to 40% of memory in every cell.
# Rounds are interleaved: each round runs every load on every cell, the
# cells' order rotating.  Then swapoff of a half-full disk, direct (page-table
# walk) against under the virtual device (no walk).
#
# Prints "# bench virtual" lines: each run, the medians [min-max] with
# the virtual/direct ratios, and vswaplat compare of each pair; sends
# the recordings and comparisons to the host (OUTDIR/artifacts).
runs=$(param bench.runs 3)
modes=$(param bench.modes none,vswaplat | tr , ' ')
cells=$(param bench.cells zram,zram-virtual,zswap-disk,zswap-disk-virtual,zswap-virtual | tr , ' ')
loads=$(param bench.loads memhog,seq,rand | tr , ' ')
BENCH_SEQ=$(param bench.size 160M)
BENCH_RAND="$(param bench.procs 16) $(param bench.procsize 6M)"
BENCH_LOAD_ARGS="-c 25"
offsize=$(param bench.offsize 320M)
limit=$(param bench.limit 64M)
SCENARIO=bench-virtual
SCENARIO_DIR=$WORK/bench-virtual
Z=/sys/module/zswap/parameters
mkdir -p $SCENARIO_DIR
: >$SCENARIO_DIR/results
: >$SCENARIO_DIR/swapoff
swapoff -a 2>/dev/null
virtual_mount
pool0=$(cat $Z/max_pool_percent)
echo 40 >$Z/max_pool_percent
cgroup_on $limit

# cell_on CELL / cell_off CELL: its swap devices, the virtual device
# first (busybox swapon has no -p: the first swapon gets the higher
# priority, and the virtual device must be tried first)
cell_on() {
	case $1 in
	*-virtual)
		virtual_file $VIRTUAL_DEV 1G
		swapon $VIRTUAL_DEV || fail "cannot swapon the virtual device" ;;
	esac
	case $1 in
	zswap*) echo 1 >$Z/enabled ;;
	*) echo 0 >$Z/enabled ;;
	esac
	case $1 in
	zram*) zram_on 1G ;;
	zswap-disk*) disk_on ;;
	esac
}
cell_off() {
	case $1 in
	*-virtual) swapoff $VIRTUAL_DEV || fail "cannot swapoff the virtual device" ;;
	esac
	case $1 in
	zram*) zram_off ;;
	zswap-disk*) disk_off ;;
	esac
	echo 0 >$Z/enabled
	[ -z "$(awk 'NR > 1' /proc/swaps)" ] || fail "$1: swap left on: $(awk 'NR > 1 { print $1 }' /proc/swaps)"
}

# run LOAD CELL MODE ROUND
run() {
	local name=$1-$2-$3-$4 start wall pids
	cell_on $2
	pids=$(bench_attach $3 $SCENARIO_DIR)
	start=$(date +%s)
	bench_load $1 $SCENARIO_DIR
	status=$?
	wall=$(($(date +%s) - start))
	bench_detach $pids
	cell_off $2
	check_eq "$name: the load verifies every page (exit status)" $status 0
	if [ -s $SCENARIO_DIR/vl.json ]; then
		artifact $name.jsonl $SCENARIO_DIR/vl.json
		cat $SCENARIO_DIR/vl.json >>$SCENARIO_DIR/$1-$2-$3.jsonl
	fi
	grep -q '"fill_kbps"' $SCENARIO_DIR/load.json ||
		fail "$name: the load reported nothing: $(cat $SCENARIO_DIR/load.json)"
	bench_result $SCENARIO_DIR $wall $1 $2 $3 $4 | while read line; do
		tap "# bench virtual $1 $2 $3 run $4 $line"
	done
}

r=1
while [ $r -le $runs ]; do
	for load in $loads; do
		for mode in $(bench_rotate $r $modes); do
			for cell in $(bench_rotate $r $cells); do
				run $load $cell $mode $r
			done
		done
	done
	r=$((r + 1))
done
check_eq "benchmark runs completed" $(wc -l <$SCENARIO_DIR/results) \
	$(($(echo $loads | wc -w) * $(echo $cells | wc -w) * $(echo $modes | wc -w) * runs))

# direct CELL: the cell a virtual one is measured against
direct() {
	case $1 in
	zswap-virtual) echo zswap-disk ;;
	*) echo ${1%-virtual} ;;
	esac
}

# medians, and each virtual cell's ratio to its direct one
for mode in $modes; do
	for load in $loads; do
		for cell in $cells; do
			tap "# bench virtual median $load $cell $mode$(bench_medians $SCENARIO_DIR/results \
				"$load $cell $mode" "$load $(direct $cell) $mode" \
				5:fill_kbps 6:verify_kbps 7:free_usecs 8:sys_usecs)"
		done
	done
done

# Where the time went: vswaplat compare of each virtual cell against its
# direct one, all rounds merged.  A row per operation that regressed,
# improved or whose total time changed by 0.1 ms a run or more: its
# verdict, its count per run, and the change of its total time, in ms
# per run.  Operations nest (a swap-out holds its device write): the
# rows overlap and do not add up.  compare exits 4 when a key is in one
# run only: the bind events exist only behind the virtual device.
for load in $loads; do
	for cell in $cells; do
		base=$(direct $cell)
		a=$SCENARIO_DIR/$load-$base-vswaplat.jsonl
		b=$SCENARIO_DIR/$load-$cell-vswaplat.jsonl
		[ $base != $cell ] && [ -s $a ] && [ -s $b ] || continue
		vswaplat compare -j $a $b >$SCENARIO_DIR/cmp.json 2>$SCENARIO_DIR/cmp.err
		status=$?
		artifact compare-$load-$cell.json $SCENARIO_DIR/cmp.json
		case $status in
		0|3|4) pass "vswaplat compare $load $base vs $cell: exit $status" ;;
		*) fail "vswaplat compare $load $base vs $cell: exit $status: $(head -1 $SCENARIO_DIR/cmp.err)" ;;
		esac
		jq -r --argjson runs $runs --arg where "$load $cell" '
			select(.type == "compare") |
			(.total_delta_ns // 0) as $d |
			select(.verdict == "regressed" or .verdict == "improved" or
			       (if $d < 0 then -$d else $d end) >= 1e5 * $runs) |
			"# bench virtual where \($where) \(.op) \(.sub // "-")\(if .dev then ":" + .dev else "" end)" +
			" \(.verdict) count=\(.count_a / $runs | floor)->\(.count_b / $runs | floor)" +
			" total_delta_ms_per_run=\($d / $runs / 1e5 | round / 10)"' \
			$SCENARIO_DIR/cmp.json | while read line; do tap "$line"; done
	done
done

# ---- swapoff of a half-full disk: direct against virtual -----------------
# A paused load holds about offsize - limit of incompressible pages on the
# 512M disk (zswap off).  Direct: try_to_unuse() walks the page tables.
# Virtual: the disk's bound slots are read into the swap cache, no walk.
# Timed by busybox time (wall and system seconds); the load then
# verifies every page.  vswaptop's per-entry overhead, once per side,
# while the pages are out.
swapoff_run() {
	local cell=$1 round=$2 go=$WORK/offgo
	rm -f $go*
	[ $cell = virtual ] && { virtual_file $VIRTUAL_DEV 1G; swapon $VIRTUAL_DEV; }
	disk_on
	in_cgroup swapload -q -c 100 -r 1 -P $go $offsize >$SCENARIO_DIR/off.out 2>&1 &
	loadpid=$!
	wait_swapload_paused $go 1
	sleep 2
	used=$(swaps_used /dev/vda)
	if [ $round = 1 ]; then
		vswaptop -b -j -n 1 >$SCENARIO_DIR/vt-$cell.json 2>&1
		artifact vswaptop-swapoff-$cell.json $SCENARIO_DIR/vt-$cell.json
		tap "# bench virtual overhead $cell $(jq -r 'select(.overhead) | .overhead |
			"slots=\(.slots) used=\(.used) per_slot=\(.total_per_slot)" +
			" per_used=\(.total_per_used) virtual_per_slot=\(.virtual_per_slot)"' \
			$SCENARIO_DIR/vt-$cell.json | tail -1)"
	fi
	echo max >$CGROUP_DIR/memory.max
	time -f "%e %S" swapoff /dev/vda 2>$SCENARIO_DIR/time
	status=$?
	set -- $(tail -1 $SCENARIO_DIR/time)
	local wall=$1 sys=$2
	touch $go
	wait $loadpid
	check_eq "swapoff $cell round $round: swapload $offsize verifies every page (exit status)" $? 0
	rm -f $go*
	cat $SCENARIO_DIR/off.out
	check_eq "swapoff $cell round $round: swapoff /dev/vda exit status" $status 0
	check_gt "swapoff $cell round $round: disk slots used at swapoff" $used \
		$((($(numfmt_kb $offsize) - $(numfmt_kb $limit)) / PAGE_KB / 2))
	echo "swapoff $cell - $round $wall $sys $used" >>$SCENARIO_DIR/swapoff
	tap "# bench virtual swapoff $cell run $round wall_s=$wall sys_s=$sys pages=$used"
	[ $cell = virtual ] && swapoff $VIRTUAL_DEV
	echo $limit >$CGROUP_DIR/memory.max
}

echo 0 >$Z/enabled
r=1
while [ $r -le $runs ]; do
	for cell in $(bench_rotate $r direct virtual); do
		swapoff_run $cell $r
	done
	r=$((r + 1))
done
for col in 5:wall_s 6:sys_s; do
	d=$(bench_stat $SCENARIO_DIR/swapoff swapoff direct - ${col%:*} | cut -d' ' -f1)
	line="# bench virtual swapoff median"
	for cell in direct virtual; do
		set -- $(bench_stat $SCENARIO_DIR/swapoff swapoff $cell - ${col%:*})
		line="$line $cell ${col#*:}=$1[$2-$3]"
	done
	tap "$line($(bench_ratio $1 $d))"
done

cgroup_off
virtual_umount
echo $pool0 >$Z/max_pool_percent
