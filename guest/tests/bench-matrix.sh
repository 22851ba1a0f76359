# The benchmark matrix (opt-in, make bench): the report's kind of loads
# on the vswap kernel, each run recorded by vswaplat.
#
# loads:     memhog 160M (one fill, timed), seq (swapload 160M, fill +
#            verify), rand (swapload 4 x 24M random, fill + verify),
#            zero (swapload 128M of zero-filled pages)
# backends:  zram; zswap (10% pool) in front of the virtio disk
# runs:      vswap.bench.runs=N rounds (default 3), loads interleaved
#
# Prints per load and backend the median and min-max of fill and verify
# throughput, time to free and system time; sends the recordings to the
# host (build/bench/matrix/artifacts).
runs=$(sed -n 's/.*bench\.runs=\([0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-3}
SCENARIO=bench-matrix
D=$WORK/matrix
mkdir -p $D
: >$D/results
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

# run LOAD BACKEND ROUND
run() {
	local name=$1-$2-$3 start end pid
	vswaplat -o $D/$name.jsonl >/dev/null 2>&1 &
	pid=$!
	while ! grep -q '"type":"op"' $D/$name.jsonl 2>/dev/null; do sleep 1; done
	start=$(date +%s)
	case $1 in
	memhog)	# memhog reports nothing: time it (busybox time: wall, sys)
		in_cgroup time -f "%e %S" memhog 160M 2>$D/time >/dev/null
		# (the last line: memhog warns about NUMA calls before it)
		tail -1 $D/time | awk '{ printf "{\"fill_kbps\":%d,\"verify_kbps\":0,\"free_usecs\":0,\"sys_usecs\":%d}\n",
			160 * 1024 / ($1 > 0 ? $1 : 0.01), $2 * 1e6 }' >$D/load.json ;;
	seq)	in_cgroup swapload -q -j -r 1 160M >$D/load.json ;;
	rand)	in_cgroup swapload -q -j -n 4 -p rand -r 1 24M >$D/load.json ;;
	zero)	in_cgroup swapload -q -j -z 100 -r 1 128M >$D/load.json ;;
	esac
	end=$(date +%s)
	kill -INT $pid
	wait $pid
	artifact $name.jsonl $D/$name.jsonl
	sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"free_usecs":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/\1 \2 \3 \4/p' \
		$D/load.json | while read fill verify free sys; do
		echo "$1 $2 $3 $fill $verify $free $sys $((end - start))" >>$D/results
		tap "# bench matrix $1 $2 run $3 fill_kbps=$fill verify_kbps=$verify free_usecs=$free sys_usecs=$sys wall_s=$((end - start))"
	done
}

for backend in zram zswap; do
	backend_on $backend
	r=1
	while [ $r -le $runs ]; do
		for load in memhog seq rand zero; do
			run $load $backend $r
		done
		r=$((r + 1))
	done
	backend_off $backend
done

# stat LOAD BACKEND COLUMN: "median min max"
stat() {
	awk -v l=$1 -v b=$2 -v c=$3 '$1 == l && $2 == b { print $c }' $D/results | sort -n |
		awk '{ v[NR] = $1 } END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR] }'
}
for backend in zram zswap; do
	for load in memhog seq rand zero; do
		line="# bench matrix median $load $backend"
		for col in 4:fill_kbps 5:verify_kbps 6:free_usecs 7:sys_usecs 8:wall_s; do
			set -- $(stat $load $backend ${col%:*})
			line="$line ${col#*:}=$1[$2-$3]"
		done
		tap "$line"
	done
done
check_eq "benchmark runs completed" $(wc -l <$D/results) $((8 * runs))
cgroup_off
