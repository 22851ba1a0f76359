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
# tracepoints every kernel has), floor-only-EV+EV... (tpfloor -e EV,EV...:
# the floor of a set), canary (vswaplat --canary).  MODE@N:
# vswaplat's modes with --sample N.  alt-MODE: MODE with the tools of
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
	# MODE@N: vswaplat takes the latency of 1 in N operations
	case $1 in
	*@*)
		ops="--sample ${1#*@}"
		set -- ${1%@*} $2 ;;
	esac
	case $1 in
	events) ops="$ops -O alloc,free,swapout,swapin,zswap_wb,swapoff,lock" ;;
	nodevio) ops="$ops -O alloc,free,swapout,swapin,zswap_wb,swapoff,lock,reclaim,memcg_reclaim" ;;
	only-*) ops="$ops -O $(echo ${1#only-} | tr + ,)" ;;
	canary) ops="$ops --canary" ;;
	esac
	case $1 in
	vswaplat|both|events|nodevio|only-*|canary)
		${bin}vswaplat -j $ops >$d/vl.json 2>$d/vl.err &
		pids="$pids $!"
		vl=$! ;;
	esac
	case $1 in
	floor|floor-tp|floor-only-*)
		case $1 in
		floor-tp) ops=-T ;;
		floor-only-*) ops="-e $(echo ${1#floor-only-} | tr + ,)" ;;
		esac
		${bin}tpfloor $ops >$d/floor.out 2>&1 &
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
	vswaplat|both|events|nodevio|only-*|canary)
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

# The loads of the benchmark matrices, after the public report's
# (memhog and usemem; ../shared/background): BENCH_SEQ is the sequential
# single process's size, BENCH_RAND "N SIZE" the random many-process
# load, BENCH_ZERO the zero-filled load's size; BENCH_LOAD_ARGS goes to
# every swapload (e.g. -c 25, pages zswap takes).
BENCH_SEQ=160M
BENCH_RAND="4 24M"
BENCH_ZERO=128M
BENCH_LOAD_ARGS=

# bench_load LOAD DIR: run LOAD (memhog, seq, rand or zero) in the test
# cgroup; its numbers as one JSON object in DIR/load.json
bench_load() {
	local d=$2
	case $1 in
	memhog)	# memhog reports nothing: time it (busybox time: wall, sys)
		in_cgroup time -f "%e %S" memhog $BENCH_SEQ 2>$d/time >/dev/null
		# (the last line: memhog warns about NUMA calls before it)
		tail -1 $d/time | awk -v kb=$(numfmt_kb $BENCH_SEQ) '{
			printf "{\"fill_kbps\":%d,\"verify_kbps\":0,\"free_usecs\":0,\"sys_usecs\":%d}\n",
			kb / ($1 > 0 ? $1 : 0.01), $2 * 1e6 }' >$d/load.json ;;
	seq)	in_cgroup swapload -q -j -r 1 $BENCH_LOAD_ARGS $BENCH_SEQ >$d/load.json ;;
	rand)	set -- $BENCH_RAND
		in_cgroup swapload -q -j -n $1 -p rand -r 1 $BENCH_LOAD_ARGS $2 >$d/load.json ;;
	zero)	in_cgroup swapload -q -j -z 100 -r 1 $BENCH_ZERO >$d/load.json ;;
	esac
}

# numfmt_kb SIZE: SIZE (a number with K, M or G) in KiB
numfmt_kb() {
	case $1 in
	*K) echo ${1%K} ;;
	*M) echo $((${1%M} * 1024)) ;;
	*G) echo $((${1%G} * 1024 * 1024)) ;;
	*) echo $(($1 / 1024)) ;;
	esac
}

# bench_result DIR WALL FIELDS...: "FIELDS... fill verify free sys WALL"
# from DIR/load.json, appended to DIR/results and printed
bench_result() {
	local d=$1 wall=$2
	shift 2
	sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"free_usecs":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/\1 \2 \3 \4/p' \
		$d/load.json | while read fill verify free sys; do
		echo "$* $fill $verify $free $sys $wall" >>$d/results
		echo "fill_kbps=$fill verify_kbps=$verify free_usecs=$free sys_usecs=$sys wall_s=$wall"
	done
}

# bench_stat RESULTS A B C COLUMN: "median min max" of COLUMN over the
# lines of RESULTS whose first three fields are A B C
bench_stat() {
	awk -v a=$2 -v b=$3 -v c=$4 -v col=$5 '$1 == a && $2 == b && $3 == c { print $col }' $1 |
		sort -n | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "- - -"; exit }
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR] }'
}

# bench_medians RESULTS "A B C" "BASE_A BASE_B BASE_C" COLUMN:NAME...: for
# each column, " NAME=median[min-max]" over the lines of key A B C, and
# "(xRATIO)" to the base key's median unless the base is the key itself
bench_medians() {
	local results=$1 key=$2 base=$3 col out= b
	shift 3
	for col in "$@"; do
		set -- $(bench_stat $results $key ${col%:*})
		out="$out ${col#*:}=$1[$2-$3]"
		[ "$base" = "$key" ] && continue
		b=$(bench_stat $results $base ${col%:*} | cut -d' ' -f1)
		out="$out($(bench_ratio $1 $b))"
	done
	echo "$out"
}

# bench_ratio A B: A / B as "x1.234", or "-" if B is 0 or not a number
bench_ratio() {
	awk -v a=$1 -v b=$2 'BEGIN { if (b + 0 > 0 && a != "-") printf "x%.3f", a / b; else printf "-" }'
}
