# The benchmark matrix (opt-in, make bench): the report's kind of loads
# on the vswap kernel, each run recorded by vswaplat.
#
# loads:     memhog 160M (one fill, timed), seq (swapload 160M, fill +
#            verify), rand (swapload 4 x 24M random, fill + verify),
#            zero (swapload 128M of zero-filled pages)
# backends:  zram; zswap (10% pool) in front of the virtio disk
# runs:      bench.runs=N rounds (default 3), loads interleaved
# modes:     bench.modes=a,b what is attached to each run (default
#            vswaplat; none, vswaplat, vswaptop, both, events, nodevio as
#            in guest/lib/bench.sh's bench_attach), the order rotating each round
#
# Prints per load, backend and mode the median and min-max of fill and
# verify throughput, time to free and system time, and with more than
# one mode their ratios to the first; sends vswaplat's recordings to the
# host (build/bench/matrix/artifacts).
runs=$(param bench.runs 3)
modes=$(param bench.modes vswaplat | tr , ' ')
nmodes=$(echo $modes | wc -w)
SCENARIO=bench-matrix
SCENARIO_DIR=$WORK/matrix
mkdir -p $SCENARIO_DIR
: >$SCENARIO_DIR/results
cgroup_on 64M
Z=/sys/module/zswap/parameters

backend_on() {
	case $1 in
	zram)	zram_on 1G ;;
	zswap)	echo 10 >$Z/max_pool_percent; echo 1 >$Z/enabled; disk_on ;;
	esac
}
backend_off() {
	case $1 in
	zram)	zram_off ;;
	zswap)	disk_off; echo 0 >$Z/enabled ;;
	esac
}

# run LOAD BACKEND ROUND MODE
run() {
	local name=$1-$2-$3-$4 start wall pids
	pids=$(bench_attach $4 $SCENARIO_DIR)
	start=$(date +%s)
	bench_load $1 $SCENARIO_DIR
	wall=$(($(date +%s) - start))
	bench_detach $pids
	[ -s $SCENARIO_DIR/vl.json ] && artifact $name.jsonl $SCENARIO_DIR/vl.json
	bench_result $SCENARIO_DIR $wall $1 $2 $4 $3 | while read line; do
		tap "# bench matrix $1 $2 $4 run $3 $line"
	done
}

for backend in zram zswap; do
	backend_on $backend
	r=1
	while [ $r -le $runs ]; do
		for load in memhog seq rand zero; do
			for mode in $(bench_rotate $r $modes); do
				run $load $backend $r $mode
			done
		done
		r=$((r + 1))
	done
	backend_off $backend
done

set -- $modes
base=$1
for backend in zram zswap; do
	for load in memhog seq rand zero; do
		for mode in $modes; do
			tap "# bench matrix median $load $backend $mode$(bench_medians $SCENARIO_DIR/results \
				"$load $backend $mode" "$load $backend $base" \
				5:fill_kbps 6:verify_kbps 7:free_usecs 8:sys_usecs 9:wall_s)"
		done
	done
done
check_eq "benchmark runs completed" $(wc -l <$SCENARIO_DIR/results) $((8 * runs * nmodes))
cgroup_off
