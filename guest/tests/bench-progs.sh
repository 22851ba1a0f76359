# Benchmark (opt-in, make bench-progs): what each of vswaplat's BPF
# programs costs per run.  kernel.bpf_stats_enabled makes the kernel time
# every run of every program: run_time_ns / run_cnt, printed as
# ns_per_run.  In icount mode (run-guest.sh -I 0) a nanosecond is an
# instruction, so in the guest that is the instructions a program takes
# per event; on a real CPU (scripts/bench-host.sh -t bench-progs) it is
# nanoseconds.  Either includes part of a sched_clock() read of the
# accounting itself, which the same run of tpfloor's empty programs
# measures.  Not the whole cost of an event: the tracepoint's call into
# the program is outside the window (bench-overhead's floor mode
# measures that).
#
#   bench.size=SIZE (default 96M)   bench.progs=a,b: attach modes (vswaplat,floor)
#   bench.zram=SIZE (default 1G)    bench.limit=SIZE: the cgroup's (64M)
size=$(param bench.size 96M)
SCENARIO=bench-progs
modes=$(param bench.progs vswaplat,floor | tr , ' ')
zram_on $(param bench.zram 1G)
cgroup_on $(param bench.limit 64M)
SCENARIO_DIR=$WORK/bench
mkdir -p $SCENARIO_DIR
sysctl -qw kernel.bpf_stats_enabled=1
for mode in $modes; do
	pids=$(bench_attach $mode $SCENARIO_DIR)
	in_cgroup swapload -q -j -r 1 $size >$SCENARIO_DIR/load.json
	bpftool prog show -j >$SCENARIO_DIR/progs.$mode.json
	bench_detach $pids
	# bpftool leaves out the counters of programs that never ran
	jq -r '.[] | select(.run_cnt) |
		"\(.name) runs=\(.run_cnt) ns_per_run=\(.run_time_ns / .run_cnt | floor)"' \
		$SCENARIO_DIR/progs.$mode.json | while read l; do
		tap "# bench progs $mode $l"
	done
	check_gt "$mode programs that ran" \
		$(jq '[.[] | select(.run_cnt)] | length' $SCENARIO_DIR/progs.$mode.json) 0
done
sysctl -qw kernel.bpf_stats_enabled=0
cgroup_off
zram_off
