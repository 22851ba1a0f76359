# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest test suite (busybox sh).  Sourced by /init and by
# every test in /tests.
#
# Results go to fd 3 (the second serial port, read by the host) as TAP
# lines; everything else goes to the console log.

TR=/sys/kernel/tracing
EV=$TR/events/vswap
# The guest mounts cgroup v2; scripts/bench-host.sh runs the benchmarks
# on hosts that may have only the v1 memory controller.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	CG=/sys/fs/cgroup/vswap-test CG_LIMIT=memory.max CG_NOLIMIT=max
else
	CG=/sys/fs/cgroup/memory/vswap-test CG_LIMIT=memory.limit_in_bytes CG_NOLIMIT=-1
fi
PAGE_KB=$(($(getconf PAGESIZE 2>/dev/null || echo 4096) / 1024))
WORK=${WORK:-/tmp/vswap}
mkdir -p $WORK

# param NAME [DEFAULT]: the value of NAME=VALUE on the kernel command
# line, or in $PARAMS when a host script runs a guest benchmark
param() {
	local v
	v=$(echo " ${PARAMS-$(cat /proc/cmdline)} " | tr ' ' '\n' |
		sed -n "s/^$1=//p" | tail -1)
	echo "${v:-$2}"
}

# Every event of the ABI; the suite checks that each one fired somewhere.
ALL_EVENTS="vswap_slot_alloc vswap_slot_free vswap_alloc vswap_free
vswap_swapout vswap_swapin vswap_zswap_writeback vswap_zswap_invalidate
vswap_swapoff_begin vswap_swapoff_progress vswap_swapoff_end
vswap_lock_contended"

# ---- TAP --------------------------------------------------------------

SCENARIO=
tap() {
	echo "$*" >&3
	echo "[$SCENARIO] $*"
}

pass() { tap "ok - $SCENARIO: $*"; }
fail() { tap "not ok - $SCENARIO: $*"; }

# check_eq WHAT GOT WANT [why]
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1 = $2"
	else
		fail "$1: got $2, want $3${4:+ ($4)}"
	fi
}

# check_gt WHAT GOT MIN: GOT > MIN
check_gt() {
	if [ "$2" -gt "$3" ] 2>/dev/null; then
		pass "$1 = $2 (> $3)"
	else
		fail "$1: got $2, want more than $3"
	fi
}

# check_ge WHAT GOT MIN
check_ge() {
	if [ "$2" -ge "$3" ] 2>/dev/null; then
		pass "$1 = $2 (>= $3)"
	else
		fail "$1: got $2, want at least $3"
	fi
}

# check_cmd WHAT CMD...: the command must succeed
check_cmd() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$what"
	else
		fail "$what: '$*' failed: $(echo "$out" | tail -3 | tr '\n' ' ')"
	fi
	echo "$out"
}

# race_rounds N COND WHAT CMD...: for a load whose effect is a race
# between the vCPUs (lock contention): check_cmd WHAT CMD, up to N
# rounds, until COND (a command) succeeds.  The checks of the effect
# come after, and still fail if no round won the race.
race_rounds() {
	local n=$1 cond=$2 what=$3 round=1
	shift 3
	while :; do
		check_cmd "$what (round $round)" "$@"
		if $cond || [ $round -ge $n ]; then
			return 0
		fi
		echo "$cond: not after round $round, once more"
		round=$((round + 1))
	done
}

# ---- kernel counters ----------------------------------------------------

# vm_snap FILE: /proc/vmstat plus the swap pages in use, as "name value"
vm_snap() {
	{
		cat /proc/vmstat
		echo "swap_used $(swap_used)"
	} >"$1"
}

# swap_used: pages in use over all swap devices (the /proc/swaps column)
swap_used() {
	awk -v kb=$PAGE_KB 'NR > 1 { used += $4 } END { print used / kb + 0 }' /proc/swaps
}

# vm_delta BEFORE AFTER NAME
vm_delta() {
	awk -v n="$3" '
		FNR == NR && $1 == n { a = $2 }
		FNR != NR && $1 == n { b = $2 }
		END { print b - a }' "$1" "$2"
}

# Wait until nothing swaps any more: two vmstat reads a second apart agree
# on every swap counter.  Leaves the final snapshot in $1.
quiesce() {
	local i=0
	vm_snap $WORK/q1
	while [ $i -lt 30 ]; do
		sleep 1
		vm_snap "$1"
		if diff -q $WORK/q1 "$1" >/dev/null 2>&1 ||
		   [ -z "$(swap_counters_differ $WORK/q1 "$1")" ]; then
			return 0
		fi
		cp "$1" $WORK/q1
		i=$((i + 1))
	done
	echo "quiesce: swap counters still moving after 30 s"
}

# ---- the tools attached during a benchmark run ------------------------------
#
# attach MODE DIR: start the tools of MODE, and wait until they trace;
# prints their pids.  Modes: none, vswaplat (every operation), vswaptop
# (-d 1), both, events (vswaplat on the vswap events only), nodevio
# (vswaplat on all but swap device I/O), only-OP+OP... (vswaplat -O
# OP,OP...), floor (tpfloor: empty programs where vswaplat attaches, the
# kernel's part of the cost), floor-tp (tpfloor -T: the same on the
# tracepoints every kernel has).  alt-MODE: MODE with the tools of
# another build, from the directory bench.alt names (an A/B of two
# builds in one run).  vswaplat's JSON lines go to DIR/vl.json,
# vswaptop's to DIR/vt.json.
attach() {
	local pids= ops= d=$2 bin= vl= vt=
	rm -f $d/vl.json $d/vt.json
	case $1 in
	alt-*)
		# without bench.alt the tools do not start: started() says so
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
		# stdout is the pid list: started's console line goes to stderr
		started $! attached $d/floor.out $d/floor.out tpfloor >&2 ;;
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
		started $vl '"type":"op"' $d/vl.json $d/vl.err vswaplat >&2 ;;
	esac
	case $1 in
	vswaptop|both) started $vt . $d/vt.json $d/vt.err vswaptop >&2 ;;
	esac
	echo $pids
}

# detach PIDS...: stop the tools, then wait for the CPUs to go idle
detach() {
	[ $# -gt 0 ] && kill -INT "$@" && wait "$@" 2>/dev/null
	cpus_idle
}

# rotate ROUND MODES...: MODES, starting at the ROUND-th (1-based, modulo)
rotate() {
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

swap_counters_differ() {
	awk '
		$1 ~ /^(pswp|zswp|swpin|swpout|swap_used|thp_swpout)/ {
			if (FNR == NR) a[$1] = $2; else if (a[$1] != $2) print $1
		}' "$1" "$2"
}

# ---- vswap events through tracefs hist triggers ---------------------------
#
# A hist trigger aggregates in the kernel (no ring buffer to overflow), so
# the sums below are exact.  Each event gets one trigger, keyed by the
# field that names its path or backend.

hist_spec() {
	case $1 in
	vswap_slot_alloc|vswap_slot_free) echo "keys=type:vals=hitcount,nr" ;;
	vswap_alloc) echo "keys=path:vals=hitcount,nr_pages" ;;
	vswap_free) echo "keys=path:vals=hitcount,nr" ;;
	vswap_swapout|vswap_swapin|vswap_zswap_writeback|vswap_zswap_invalidate)
		echo "keys=from,to,nr_pages:vals=hitcount" ;;
	vswap_lock_contended) echo "keys=lock:vals=hitcount,wait_ns" ;;
	vswap_swapoff_*) echo "keys=type:vals=hitcount" ;;
	esac
}

hist_start() {
	local e
	for e in $ALL_EVENTS; do
		echo "hist:$(hist_spec $e):size=4096" >$EV/$e/trigger ||
			fail "cannot attach a hist trigger to $e"
	done
}

# hist_stop DIR: save every histogram into DIR/<event>, detach triggers
hist_stop() {
	local e
	mkdir -p "$1"
	for e in $ALL_EVENTS; do
		cat $EV/$e/hist >"$1/$e"
		echo "!hist:$(hist_spec $e):size=4096" >$EV/$e/trigger
		hits "$1/$e" >>$WORK/hits.$e
	done
}

# hsum FILE FIELD [KEY=VALUE...]: sum FIELD over the histogram entries
# whose keys match.  FIELD "pages" is hitcount * nr_pages, for the
# transition events whose nr_pages is a key.  Enum keys are numbers.
hsum() {
	local file=$1 field=$2
	shift 2
	awk -v field="$field" -v filter="$*" '
		BEGIN { nf = split(filter, f, " ") }
		/^\{/ {
			line = $0
			gsub(/[{},]/, " ", line)
			gsub(/: */, "=", line)
			n = split(line, tok, " ")
			delete v
			for (i = 1; i <= n; i++) {
				split(tok[i], kv, "=")
				v[kv[1]] = kv[2]
			}
			for (i = 1; i <= nf; i++) {
				split(f[i], kv, "=")
				if (v[kv[1]] != kv[2])
					next
			}
			sum += field == "pages" ? v["hitcount"] * v["nr_pages"] : v[field]
		}
		END { print sum + 0 }' "$file"
}

# Enum values (include/linux/vswap.h)
BE_FREE=0 BE_SWAPCACHE=1 BE_ZERO=2 BE_ZSWAP=3 BE_DISK=4
ALLOC_PCPU=0 ALLOC_REFILL=1 ALLOC_DIRECT=2 ALLOC_FAIL=3
FREE_UNMAP=0 FREE_SWAPIN=1 FREE_CACHE=2 FREE_SWAPOFF=3
LOCK_CLUSTER=0 LOCK_DEVICE=1 LOCK_AVAIL=2

# pages FILE [KEY=VALUE...]: pages moved by a transition event
pages() {
	local file=$1
	shift
	hsum "$file" pages "$@"
}

# ---- scenarios --------------------------------------------------------------

# scenario NAME: start counting (hist triggers, and vswaplat unless
# VSWAPLAT=no; VSWAPLAT_TIER forces its tier)
scenario() {
	SCENARIO=$1
	SCENARIO_TIER=${VSWAPLAT_TIER:-tp_btf}
	echo "=== scenario $1"
	D=$WORK/$1
	mkdir -p $D
	hist_start
	vswaplat_start
	vm_snap $D/vm.before
}

# stock_begin: the start of a test on a stock kernel (no vswap events):
# zram swap, the cgroup, and vswaplat's choice of tiers in $D/list.
# Fails, and returns 1, on a kernel with the events.
stock_begin() {
	if [ -d $EV ]; then
		fail "this kernel has the vswap events: not a stock kernel"
		return 1
	fi
	pass "no vswap events on $(uname -r)"
	zram_on 512M
	cgroup_on 64M
	vswaplat --list >$D/list 2>&1
	check_eq "vswaplat --list exit status" $? 0
	sed 's/^/# /' $D/list
}

# stock_swapload [WHAT SWAPLOAD-ARGS...]: the stock tests' load (by
# default 96M with 30% zero pages) in the cgroup, recorded by vswaplat
# between the snapshots $D/vm.before and $D/vm.after
stock_swapload() {
	[ $# -gt 0 ] || set -- "96M, 30% zero pages" -z 30 96M
	local what=$1
	shift
	vm_snap $D/vm.before
	vswaplat_start
	check_cmd "swapload $what, fill+verify" in_cgroup swapload -q -r 1 "$@"
	quiesce $D/vm.after
	vswaplat_stop
}

# vswaplat in the background, JSON into $D/vswaplat.json; returns once it
# is attached (it prints its operations' tiers then).
VSWAPLAT_PID=
vswaplat_start() {
	[ "${VSWAPLAT:-yes}" = no ] && return 0
	vswaplat -j ${VSWAPLAT_TIER:+-t $VSWAPLAT_TIER} >$D/vswaplat.json \
		2>$D/vswaplat.err &
	VSWAPLAT_PID=$!
	started $VSWAPLAT_PID '"type":"op"' $D/vswaplat.json $D/vswaplat.err vswaplat ||
		VSWAPLAT_PID=
}

vswaplat_stop() {
	stop_tool "$VSWAPLAT_PID" vswaplat
	VSWAPLAT_PID=
	cat $D/vswaplat.err
}

# started PID PATTERN OUT ERR NAME: wait (2 minutes at most) until the
# tool PID, started in the background, prints PATTERN into OUT; if it
# does not, fail with what it printed into ERR and return 1
started() {
	local t=0
	while ! grep -q "$2" $3 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		if [ $t -gt 120 ] || ! kill -0 $1 2>/dev/null; then
			fail "$5 did not start: $(cat $4)"
			return 1
		fi
	done
}

# stop_tool PID NAME: interrupt a tool (none if PID is empty), check
# that it exits 0
stop_tool() {
	[ -n "$1" ] || return 0
	kill -INT $1
	wait $1
	check_eq "$2 exit status after SIGINT" $? 0
}

# vl OP FIELD [SUB]: sum of FIELD (count, pages) over vswaplat's
# histograms of OP (and SUB)
vl() {
	awk -v op="\"op\":\"$1\"" -v part="${3:+\"sub\":\"$3\"}" -v f="\"$2\":" '
		index($0, "\"type\":\"hist\"") && index($0, op) &&
		(part == "" || index($0, part)) {
			i = index($0, f)
			s += substr($0, i + length(f)) + 0
		}
		END { print s + 0 }' $D/vswaplat.json
}

# vl_lost WHAT: the count of vswaplat's lost line whose "what" starts with WHAT
vl_lost() {
	awk -v what="\"what\":\"$1" '
		index($0, "\"type\":\"lost\"") && index($0, what) {
			i = index($0, "\"count\":")
			s += substr($0, i + 8) + 0
		}
		END { print s + 0 }' $D/vswaplat.json
}

# vl_unended_swapins: disk swap-in pages whose read's end_io vswaplat did
# not see.  Through kprobes a few: kprobes do not nest, and an end_io in
# an interrupt on another kprobe's handler runs no program.
vl_unended_swapins() {
	vl_lost "disk swap-in pages whose read was not seen to end"
}

# vl_tier OP: the tier vswaplat used for OP ("null" if unavailable)
vl_tier() {
	sed -n 's/.*"op":"'$1'","tier":"\{0,1\}\([a-z_]*\).*/\1/p' $D/vswaplat.json | head -1
}

# scenario_end: wait for quiescence, collect histograms and counters into
# $D, then run the reconciliations every scenario must pass.
scenario_end() {
	quiesce $D/vm.after
	hist_stop $D
	vswaplat_stop
	vm_snap $D/vm.after2
	if [ -n "$(swap_counters_differ $D/vm.after $D/vm.after2)" ]; then
		fail "swap counters moved while the histograms were read"
	fi
	reconcile_common
	grep -v '^#' $D/vswap_lock_contended | grep . || true
}

vmd() { vm_delta $D/vm.before $D/vm.after "$1"; }

# The reconciliations that hold for every workload.
reconcile_common() {
	local out_zero out_zswap out_disk wb in_zero in_zswap in_disk
	local salloc sfree

	out_zero=$(pages $D/vswap_swapout to=$BE_ZERO)
	out_zswap=$(pages $D/vswap_swapout to=$BE_ZSWAP)
	out_disk=$(pages $D/vswap_swapout to=$BE_DISK)
	wb=$(pages $D/vswap_zswap_writeback)
	in_zero=$(pages $D/vswap_swapin from=$BE_ZERO)
	in_zswap=$(pages $D/vswap_swapin from=$BE_ZSWAP)
	in_disk=$(pages $D/vswap_swapin from=$BE_DISK)

	check_eq "swapout->zero pages vs swpout_zero" $out_zero $(vmd swpout_zero)
	check_eq "swapout->zswap pages vs zswpout" $out_zswap $(vmd zswpout)
	check_eq "swapout->disk + zswap writeback pages vs pswpout" \
		$((out_disk + wb)) $(vmd pswpout)
	check_eq "zswap writeback pages vs zswpwb" $wb $(vmd zswpwb)
	check_eq "swapin<-zero pages vs swpin_zero" $in_zero $(vmd swpin_zero)
	check_eq "swapin<-zswap pages vs zswpin" $in_zswap $(vmd zswpin)
	check_eq "swapin<-disk pages vs pswpin" $in_disk $(vmd pswpin)

	salloc=$(hsum $D/vswap_slot_alloc nr)
	sfree=$(hsum $D/vswap_slot_free nr)
	check_eq "slot alloc - slot free vs change of Used in /proc/swaps" \
		$((salloc - sfree)) $(vmd swap_used)
	[ -s $D/vswaplat.json ] && [ "$SCENARIO_TIER" = tp_btf ] &&
		reconcile_vswaplat
}

# vswaplat on the vswap events counts exactly what the events count.
reconcile_vswaplat() {
	local b name n

	check_eq "vswaplat alloc count vs vswap_alloc" $(vl alloc count) \
		$(hits $D/vswap_alloc)
	check_eq "vswaplat alloc pages vs vswap_alloc nr_pages" $(vl alloc pages) \
		$(hsum $D/vswap_alloc nr_pages)
	check_eq "vswaplat free count vs vswap_free" $(vl free count) \
		$(hits $D/vswap_free)
	check_eq "vswaplat free entries vs vswap_free nr" $(vl free pages) \
		$(hsum $D/vswap_free nr)
	for b in zero:$BE_ZERO zswap:$BE_ZSWAP disk:$BE_DISK; do
		name=${b%:*}
		n=${b#*:}
		check_eq "vswaplat swapout pages to $name" $(vl swapout pages $name) \
			$(pages $D/vswap_swapout to=$n)
		check_eq "vswaplat swapin pages from $name" $(vl swapin pages $name) \
			$(pages $D/vswap_swapin from=$n)
	done
	check_eq "vswaplat zswap writebacks" $(vl zswap_wb count) \
		$(hits $D/vswap_zswap_writeback)
	check_eq "vswaplat swapoffs" $(vl swapoff count) $(hits $D/vswap_swapoff_end)
	check_eq "vswaplat lock waits" $(vl lock count) $(hits $D/vswap_lock_contended)
	# bio by bio, against the kernel's page counts over vswaplat's own
	# window: zram completes bios, the virtio disk requests
	check_eq "vswaplat device I/O write pages vs pswpout" $(vl devio pages write) \
		$(vl_vmstat pswpout)
	check_eq "vswaplat device I/O read pages vs pswpin" $(vl devio pages read) \
		$(vl_vmstat pswpin)
}

# vl_vmstat COUNTER: COUNTER's change over vswaplat's run (its vmstat lines)
vl_vmstat() {
	awk -v f="\"$1\":" 'index($0, "\"type\":\"vmstat\"") && (i = index($0, f)) {
		s += substr($0, i + length(f)) + 0 } END { print s + 0 }' $D/vswaplat.json
}

# hits HIST: how often the event of a saved histogram fired
hits() {
	awk '/^ *Hits:/ { print $2 }' "$1"
}

# ---- set-up -------------------------------------------------------------------

# zram_on [SIZE]: a zram swap device
zram_on() {
	# a device left set up (not as swap: callers check) takes no new size
	echo 1 >/sys/block/zram0/reset
	# lzo-rle where the kernel has it (the test kernel); else its default
	if grep -qw lzo-rle /sys/block/zram0/comp_algorithm; then
		echo lzo-rle >/sys/block/zram0/comp_algorithm
	fi
	echo "${1:-512M}" >/sys/block/zram0/disksize &&
	mkswap /dev/zram0 >/dev/null &&
	swapon /dev/zram0 ||
	fail "cannot set up zram swap"
}

zram_off() {
	swapoff /dev/zram0 2>/dev/null
	echo 1 >/sys/block/zram0/reset
}

# disk_on: the virtio disk as swap device
disk_on() {
	mkswap /dev/vda >/dev/null && swapon /dev/vda ||
	fail "cannot set up /dev/vda as swap"
}

disk_off() {
	swapoff /dev/vda 2>/dev/null
}

# cgroup_on LIMIT: the memory cgroup the workloads run in
cgroup_on() {
	mkdir -p $CG
	echo "$1" >$CG/$CG_LIMIT
}

cgroup_off() {
	echo $CG_NOLIMIT >$CG/$CG_LIMIT
	rmdir $CG 2>/dev/null
}

# in_cgroup CMD...: run CMD inside the test cgroup
in_cgroup() {
	sh -c 'echo $$ >'$CG'/cgroup.procs && exec "$@"' sh "$@"
}

# devnum DEV: "major:minor" of a block device
devnum() {
	cat /sys/class/block/$(basename "$1")/dev
}

# wait_ready PATH N: wait for "swapload -P PATH" processes 0..N-1 to pause
wait_ready() {
	local i=0 t=0
	while [ $i -lt "$2" ]; do
		if [ -e "$1.$i" ]; then
			i=$((i + 1))
			continue
		fi
		sleep 1
		t=$((t + 1))
		if [ $t -gt 600 ]; then
			fail "swapload did not reach its pause in 600 s"
			return 1
		fi
	done
}

# swapped_pages PID...: swap entries mapped by the processes (VmSwap),
# in pages.  An entry shared after fork counts once per process.
swapped_pages() {
	local p files=
	for p in "$@"; do
		files="$files /proc/$p/status"
	done
	awk -v kb=$PAGE_KB '/^VmSwap/ { s += $2 } END { print s / kb + 0 }' $files
}

# memcg_snap FILE: the test cgroup's memory.stat.  Reading it flushes
# the per-CPU counters only past a threshold; the periodic flush every
# 2 s catches the rest, so wait that out first.
memcg_snap() {
	sleep 3
	cat $CG/memory.stat >"$1"
}

# artifact NAME FILE: send FILE to the host, which writes it to
# OUTDIR/artifacts/NAME (scripts/run-guest.sh)
artifact() {
	sed "s|^|@ $1 |" "$2" >&3
}
