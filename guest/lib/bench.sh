# SPDX-License-Identifier: GPL-2.0
# The tools attached during a benchmark run, and the waits between runs.
# Part of guest/lib.sh.
#
# bench_attach MODE DIR: start the tools of MODE, and wait until they trace;
# prints their pids.  Modes: none, vswaplat (every operation), vswaptop
# (-d 1), both, events (vswaplat on the vswap events only), nodevio
# (vswaplat on all but swap device I/O), only-OP+OP... (vswaplat -O
# OP,OP...), floor (tpfloor: empty programs where vswaplat attaches, the
# kernel's part of the cost), floor-tp (tpfloor -T: the same on the
# tracepoints every kernel has).  alt-MODE: MODE with the tools of
# another build, from the directory bench.alt names (an A/B of two
# builds in one run).  vswaplat's JSON lines go to DIR/vl.json,
# vswaptop's to DIR/vt.json.
bench_attach() {
	local pids= ops= d=$2 bin= vl= vt=
	rm -f $d/vl.json $d/vt.json
	case $1 in
	alt-*)
		# without bench.alt the tools do not start: wait_tool_started says so
		bin=$(param bench.alt /no-bench.alt)/
		set -- ${1#alt-} $2 ;;
	esac
	case $1 in
	events) ops="-O alloc,free,swapout,swapin,zswap_wb,swapoff,lock" ;;
	nodevio) ops="-O alloc,free,swapout,swapin,zswap_wb,swapoff,lock,reclaim,memcg_reclaim" ;;
	only-*) ops="-O $(echo ${1#only-} | tr + ,)" ;;
	esac
	case $1 in
	vswaplat|both|events|nodevio|only-*)
		${bin}vswaplat -j $ops >$d/vl.json 2>$d/vl.err &
		pids="$pids $!"
		vl=$! ;;
	esac
	case $1 in
	floor|floor-tp)
		${bin}tpfloor $([ $1 = floor-tp ] && echo -T) >$d/floor.out 2>&1 &
		pids="$pids $!"
		# stdout is the pid list: wait_tool_started's console line goes to stderr
		wait_tool_started $! attached $d/floor.out $d/floor.out tpfloor >&2 ;;
	esac
	case $1 in
	vswaptop|both)
		${bin}vswaptop -j -d 1 >$d/vt.json 2>$d/vt.err &
		pids="$pids $!"
		vt=$! ;;
	esac
	# wait until attached: vswaplat prints its tiers, vswaptop a snapshot
	case $1 in
	vswaplat|both|events|nodevio|only-*)
		wait_tool_started $vl '"type":"op"' $d/vl.json $d/vl.err vswaplat >&2 ;;
	esac
	case $1 in
	vswaptop|both) wait_tool_started $vt . $d/vt.json $d/vt.err vswaptop >&2 ;;
	esac
	echo $pids
}

# bench_detach PIDS...: stop the tools, then wait for the CPUs to go idle
bench_detach() {
	[ $# -gt 0 ] && kill -INT "$@" && wait "$@" 2>/dev/null
	cpus_idle
}

# bench_rotate ROUND MODES...: MODES, starting at the ROUND-th (1-based, modulo)
bench_rotate() {
	local i=$1 m order
	shift
	local all="$*"
	shift $(( (i - 1) % $# ))
	order="$*"
	for m in $all; do
		case " $order " in *" $m "*) ;; *) order="$order $m" ;; esac
	done
	echo $order
}

# Wait until the CPUs are idle: at least 95% idle over a second, 30 s at
# most.  A BPF tool's maps are freed by a kworker after the tool exits;
# a benchmark run must not pay for the previous run's teardown.
cpus_idle() {
	local i=0 a b
	# idle + iowait, and all, in ticks of every CPU
	cpu_ticks() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
	while [ $i -lt 30 ]; do
		a=$(cpu_ticks)
		sleep 1
		b=$(cpu_ticks)
		if echo "$a $b" | awk '{ exit !(($3 - $1) >= 0.95 * ($4 - $2)) }'; then
			return 0
		fi
		i=$((i + 1))
	done
	echo "cpus_idle: still busy after 30 s"
}
