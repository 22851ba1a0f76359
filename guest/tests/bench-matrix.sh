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
	local name=$1-$2-$3-$4 start end pids
	pids=$(bench_attach $4 $SCENARIO_DIR)
	start=$(date +%s)
	case $1 in
	memhog)	# memhog reports nothing: time it (busybox time: wall, sys)
		in_cgroup time -f "%e %S" memhog 160M 2>$SCENARIO_DIR/time >/dev/null
		# (the last line: memhog warns about NUMA calls before it)
		tail -1 $SCENARIO_DIR/time | awk '{ printf "{\"fill_kbps\":%d,\"verify_kbps\":0,\"free_usecs\":0,\"sys_usecs\":%d}\n",
			160 * 1024 / ($1 > 0 ? $1 : 0.01), $2 * 1e6 }' >$SCENARIO_DIR/load.json ;;
	seq)	in_cgroup swapload -q -j -r 1 160M >$SCENARIO_DIR/load.json ;;
	rand)	in_cgroup swapload -q -j -n 4 -p rand -r 1 24M >$SCENARIO_DIR/load.json ;;
	zero)	in_cgroup swapload -q -j -z 100 -r 1 128M >$SCENARIO_DIR/load.json ;;
	esac
	end=$(date +%s)
	bench_detach $pids
	[ -s $SCENARIO_DIR/vl.json ] && artifact $name.jsonl $SCENARIO_DIR/vl.json
	sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"free_usecs":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/\1 \2 \3 \4/p' \
		$SCENARIO_DIR/load.json | while read fill verify free sys; do
		echo "$1 $2 $4 $3 $fill $verify $free $sys $((end - start))" >>$SCENARIO_DIR/results
		tap "# bench matrix $1 $2 $4 run $3 fill_kbps=$fill verify_kbps=$verify free_usecs=$free sys_usecs=$sys wall_s=$((end - start))"
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

# stat LOAD BACKEND MODE COLUMN: "median min max"
stat() {
	awk -v l=$1 -v b=$2 -v m=$3 -v c=$4 '$1 == l && $2 == b && $3 == m { print $c }' $SCENARIO_DIR/results |
		sort -n | awk '{ v[NR] = $1 } END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR] }'
}
set -- $modes
base=$1
for backend in zram zswap; do
	for load in memhog seq rand zero; do
		for mode in $modes; do
			line="# bench matrix median $load $backend $mode"
			for col in 5:fill_kbps 6:verify_kbps 7:free_usecs 8:sys_usecs 9:wall_s; do
				set -- $(stat $load $backend $mode ${col%:*})
				line="$line ${col#*:}=$1[$2-$3]"
				[ $nmodes -gt 1 ] || continue
				b=$(stat $load $backend $base ${col%:*} | cut -d' ' -f1)
				line="$line($(awk -v a=$1 -v b=$b 'BEGIN { if (b > 0) printf "x%.3f", a / b; else printf "-" }'))"
			done
			tap "$line"
		done
	done
done
check_eq "benchmark runs completed" $(wc -l <$SCENARIO_DIR/results) $((8 * runs * nmodes))
cgroup_off
