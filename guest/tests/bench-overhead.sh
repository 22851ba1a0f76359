# Benchmark (opt-in, make bench-overhead): what the tools cost a
# swap-heavy load.  The same load runs with nothing attached, with
# vswaplat (every operation), with vswaptop (-j -d 1), and with both,
# interleaved round-robin BENCH runs times (the order rotates each
# round), and reports per mode the median and min-max of system time
# and throughput, and the ratios to "nothing".  Two more modes split
# vswaplat's cost: "events" (only the operations the vswap events
# measure), "nodevio" (every operation but swap device I/O) and
# "only-OP+OP..." (vswaplat -O OP,OP...); "floor" attaches tpfloor.
#
#   bench.runs=N (default 5)   bench.size=SIZE (default 160M)
#   bench.modes=a,b (default none,vswaplat,vswaptop,both)
#   bench.zram=SIZE (default 1G)   bench.limit=SIZE: the cgroup's (64M)
#   bench.profile=1: each run under "perf record -a" (cpu-clock, which
#   in icount mode samples instructions), and per mode the kernel
#   symbols with the most samples, to see where a mode's cost goes
runs=$(param bench.runs 5)
size=$(param bench.size 160M)
modes=$(param bench.modes none,vswaplat,vswaptop,both | tr , ' ')
profile=$(param bench.profile 0)
nmodes=$(echo $modes | wc -w)
SCENARIO=bench-overhead
zram_on $(param bench.zram 1G)
cgroup_on $(param bench.limit 64M)
SCENARIO_DIR=$WORK/bench
mkdir -p $SCENARIO_DIR
: >$SCENARIO_DIR/results

one_run() {
	local mode=$1 i=$2 pids perf
	pids=$(bench_attach $mode $SCENARIO_DIR)
	if [ "$profile" = 1 ]; then
		perf record -q -a -F 20000 -o $SCENARIO_DIR/perf.$mode.$i 2>/dev/null &
		perf=$!
		sleep 1
	fi
	in_cgroup swapload -q -j -r 1 $size >$SCENARIO_DIR/load.json
	[ "$profile" = 1 ] && kill -INT $perf && wait $perf
	bench_detach $pids
	sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/\1 \2 \3/p' \
		$SCENARIO_DIR/load.json | while read fill verify sys; do
		echo "$mode $i $fill $verify $sys" >>$SCENARIO_DIR/results
		tap "# bench overhead run $i $mode fill_kbps=$fill verify_kbps=$verify sys_usecs=$sys"
	done
}

i=1
while [ $i -le $runs ]; do
	# rotate the order so no mode always runs first or last
	for m in $(bench_rotate $i $modes); do
		one_run $m $i
	done
	i=$((i + 1))
done

# stat MODE COLUMN: "median min max"
stat() {
	awk -v m=$1 -v c=$2 '$1 == m { print $c }' $SCENARIO_DIR/results | sort -n |
		awk '{ v[NR] = $1 } END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR] }'
}
for col in 3:fill_kbps 4:verify_kbps 5:sys_usecs; do
	c=${col%:*}
	n=${col#*:}
	base=$(stat none $c | cut -d' ' -f1)
	for m in $modes; do
		set -- $(stat $m $c)
		tap "# bench overhead $n $m median=$1 min=$2 max=$3 ratio=$(awk -v a=$1 -v b=$base 'BEGIN { printf "%.4f", a / b }')"
	done
done
# the symbols of all of a mode's runs, as shares of its samples
if [ "$profile" = 1 ]; then
	for m in $modes; do
		for f in $SCENARIO_DIR/perf.$m.*; do
			perf report -i $f -q --no-children --sort sym -F overhead,sample,sym 2>/dev/null
		done | awk -v m=$m '{ n = $2; $1 = $2 = ""; s[$0] += n; t += n }
			END { for (k in s) printf "%d %.2f%%%s\n", s[k], 100 * s[k] / t, k }' |
			sort -rn | head -40 | while read n pct sym; do
				tap "# bench profile $m $pct $n $sym"
			done
	done
fi
check_eq "benchmark runs completed" $(wc -l <$SCENARIO_DIR/results) $((nmodes * runs))
cgroup_off
zram_off
