# Benchmark (opt-in: make bench-overhead): what vswaplat costs a
# swap-heavy workload.  The same load runs without and with vswaplat
# attached (every operation it can measure), interleaved, BENCH_RUNS
# times each, alternating which goes first.  Reports the medians and
# the with/without ratios of system time and throughput.
runs=$(sed -n 's/.*bench\.runs=\([0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-5}
SCENARIO=bench-overhead
zram_on 512M
cgroup_on 64M
D=$WORK/bench
mkdir -p $D
: >$D/results

one_run() {
	local mode=$1 i=$2 pid=
	if [ $mode = on ]; then
		vswaplat -j >$D/vl.$i.json 2>$D/vl.$i.err &
		pid=$!
		while ! grep -q '"type":"op"' $D/vl.$i.json 2>/dev/null; do sleep 1; done
	fi
	in_cgroup swapload -q -j -r 1 160M >$D/load.$mode.$i.json
	[ -n "$pid" ] && kill -INT $pid && wait $pid
	sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/\1 \2 \3/p' \
		$D/load.$mode.$i.json | while read fill verify sys; do
		echo "$mode $i $fill $verify $sys" >>$D/results
		tap "# bench overhead run $i vswaplat=$mode fill_kbps=$fill verify_kbps=$verify sys_usecs=$sys"
	done
}

i=1
while [ $i -le $runs ]; do
	if [ $((i % 2)) = 1 ]; then
		one_run off $i
		one_run on $i
	else
		one_run on $i
		one_run off $i
	fi
	i=$((i + 1))
done

# median MODE COLUMN
median() {
	awk -v m=$1 -v c=$2 '$1 == m { print $c }' $D/results | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for col in 3:fill_kbps 4:verify_kbps 5:sys_usecs; do
	c=${col%:*}
	n=${col#*:}
	off=$(median off $c)
	on=$(median on $c)
	tap "# bench overhead median $n without=$off with=$on ratio=$(awk -v a=$on -v b=$off 'BEGIN { printf "%.4f", a / b }')"
done
check_eq "benchmark runs completed" $(wc -l <$D/results) $((2 * runs))
cgroup_off
zram_off
