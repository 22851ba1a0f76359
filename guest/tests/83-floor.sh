# tpfloor, the instrument behind the "floor" rows of docs/benchmarks.md:
# empty programs where vswaplat attaches.  Its numbers mean something only
# while the two attach to the same tracepoints, so that is checked from
# the kernel's side (bpftool's list of BPF links), for the full set, for
# -B (no block I/O) and for -T (the tracepoint tier only).  Then its
# empty programs must run once per event of a swap load: the kernel's run
# counts (kernel.bpf_stats_enabled) against the hist triggers' hits,
# which the scenario reconciles with /proc/vmstat.

# links: the tracepoints BPF links are attached to now, one line, sorted
links() {
	bpftool link -j | jq -r '.[] | select(.type == "raw_tracepoint") | .tp_name' |
		sort | tr '\n' ' '
}

# vswaplat_links [ARGS...]: the tracepoints vswaplat ARGS attaches to;
# it prints its operations' tiers (-j) once everything is attached.
# stdout is the answer: the checks' console lines go to stderr.
vswaplat_links() {
	local pid
	vswaplat -j "$@" >$SCENARIO_DIR/links.json 2>$SCENARIO_DIR/links.err &
	pid=$!
	wait_tool_started $pid '"type":"op"' $SCENARIO_DIR/links.json $SCENARIO_DIR/links.err "vswaplat${*:+ $*}" >&2 &&
		links
	stop_tool $pid "vswaplat${*:+ $*}" >&2
}

# floor_start [-B]: tpfloor in the background, returns once attached
FLOOR_PID=
floor_start() {
	tpfloor "$@" >$SCENARIO_DIR/tpfloor.out 2>&1 &
	FLOOR_PID=$!
	wait_tool_started $FLOOR_PID attached $SCENARIO_DIR/tpfloor.out $SCENARIO_DIR/tpfloor.out "tpfloor $*" ||
		FLOOR_PID=
}

floor_stop() {
	stop_tool "$FLOOR_PID" tpfloor
	FLOOR_PID=
}

# runs PROG: how often the program named PROG ran (0 if never)
runs() {
	jq -r --arg n "$1" '[.[] | select(.name == $n) | .run_cnt // 0] | add // 0' \
		$SCENARIO_DIR/progs.json
}

SCENARIO=floor
SCENARIO_DIR=$WORK/floor
mkdir -p $SCENARIO_DIR
check_eq "BPF links before" "$(links)" ""

want=$(vswaplat_links)
check_eq "BPF links after vswaplat" "$(links)" ""
echo "# vswaplat attaches to: $want"
check_gt "tracepoints vswaplat attaches to" $(echo $want | wc -w) 10

floor_start
check_eq "tpfloor attaches where vswaplat does" "$(links)" "$want"
floor_stop
floor_start -B
check_eq "tpfloor -B attaches where vswaplat does but block I/O" "$(links)" \
	"$(echo $want | tr ' ' '\n' | grep -v '^block_' | tr '\n' ' ')"
floor_stop

# -T: where vswaplat's tracepoint tier attaches (-t tracepoint, the
# operations every kernel can measure)
want_tp=$(vswaplat_links -t tracepoint)
echo "# vswaplat -t tracepoint attaches to: $want_tp"
floor_start -T
check_eq "tpfloor -T attaches where vswaplat -t tracepoint does" "$(links)" "$want_tp"
floor_stop
check_eq "BPF links after tpfloor" "$(links)" ""

zram_on 512M
cgroup_on 64M
VSWAPLAT=no scenario floor
sysctl -qw kernel.bpf_stats_enabled=1
floor_start
in_cgroup swapload -q -n 2 -r 1 48M >/dev/null
check_eq "swapload exit status" $? 0
quiesce $SCENARIO_DIR/vm.q
bpftool prog show -j >$SCENARIO_DIR/progs.json
floor_stop
sysctl -qw kernel.bpf_stats_enabled=0
scenario_end

check_eq "floor_alloc runs vs vswap_alloc hits" $(runs floor_alloc) $(hist_hits $SCENARIO_DIR/vswap_alloc)
check_eq "floor_free runs vs vswap_free hits" $(runs floor_free) $(hist_hits $SCENARIO_DIR/vswap_free)
check_eq "floor_swapout runs vs vswap_swapout hits" $(runs floor_swapout) \
	$(hist_hits $SCENARIO_DIR/vswap_swapout)
check_eq "floor_swapin runs vs vswap_swapin hits" $(runs floor_swapin) \
	$(hist_hits $SCENARIO_DIR/vswap_swapin)
check_gt "floor_swapin runs" $(runs floor_swapin) 1000
check_eq "floor_lock runs vs vswap_lock_contended hits" $(runs floor_lock) \
	$(hist_hits $SCENARIO_DIR/vswap_lock_contended)
# every swap-out to and swap-in from zram is a bio; nothing else does I/O
check_ge "floor_bio_queue runs vs pswpout + pswpin" $(runs floor_bio_queue) \
	$(($(scenario_vmstat_delta pswpout) + $(scenario_vmstat_delta pswpin)))
check_eq "floor_bio_complete runs vs floor_bio_queue runs" \
	$(runs floor_bio_complete) $(runs floor_bio_queue)
check_gt "floor_memcg_reclaim_begin runs" $(runs floor_memcg_reclaim_begin) 0

cgroup_off
zram_off
