# Sampled latency (vswaplat --sample): the scenario's vswaplat samples 1
# in 16, and its counts must reconcile exactly as an unsampled one's do
# (reconcile_common: the kernel's hist triggers and /proc/vmstat).  A
# second vswaplat, unsampled, measures the same load at the same time:
# per histogram the operations are equal, about 1 in 16 are samples, and
# p50 and p99 lie within one log2 slot of the unsampled ones, or, where
# the distribution has a cliff at the quantile (free's p99 fell 2 slots
# apart in one run of five), inside the sampled run's 99.9% interval.  A third,
# --canary, must measure its preset on this kernel, with swap-out and
# swap-in from the events the kernel samples (vswap.sample_period): their
# operations are the unsampled run's but for those a CPU has not reported
# yet, fewer than 2 * 16 per backend, and their quantiles pass the same
# test.  vswaptop --sample 16 must count every operation too.
zram_on 512M
cgroup_on 64M
VSWAPLAT_SAMPLE=16
scenario sample
vswaplat -j >$SCENARIO_DIR/full.json 2>$SCENARIO_DIR/full.err &
full=$!
wait_tool_started $full '"type":"op"' $SCENARIO_DIR/full.json $SCENARIO_DIR/full.err vswaplat ||
	full=
vswaptop -j -d 1 --sample 16 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err &
top=$!
wait_tool_started $top . $SCENARIO_DIR/top.json $SCENARIO_DIR/top.err vswaptop || top=
vswaplat -j --canary >$SCENARIO_DIR/canary.json 2>$SCENARIO_DIR/canary.err &
canary=$!
wait_tool_started $canary '"type":"op"' $SCENARIO_DIR/canary.json $SCENARIO_DIR/canary.err vswaplat ||
	canary=
check_cmd "swapload 96M seq fill+verify in a 64M cgroup, sampled and unsampled vswaplat" \
	in_cgroup swapload -q -r 1 96M
scenario_end
VSWAPLAT_SAMPLE=
stop_tool "$full" "unsampled vswaplat"
stop_tool "$canary" "vswaplat --canary"
# after the quiesce of scenario_end: its last snapshot came after the load
stop_tool "$top" "vswaptop --sample 16"

# vswaptop --sample: its operation counts are every operation
top_ops() { jq -s --arg op $1 '[.[] | .latency[]? | select(.op == $op) | .count // 0] | add // 0' \
	$SCENARIO_DIR/top.json; }
for op in swapout swapin; do
	check_eq "vswaptop --sample 16: $op operations vs the unsampled vswaplat's" $(top_ops $op) \
		$(jq -s --arg op $op '[.[] | select(.type == "hist" and .op == $op) | .ops] | add // 0' \
			$SCENARIO_DIR/full.json)
done
check_cmd "vswaptop --sample 16: p50 and p99 where it saw operations" jq -se \
	'[.[] | .latency[]? | select(.count > 50) | .p50_ns != null and .p99_ns != null] | all' \
	$SCENARIO_DIR/top.json

# --canary on the vswap kernel: what it measures, and that it said so
check_eq "--canary: its operations" \
	"$(jq -sr '[.[] | select(.type == "op" and .tier != null) | .op] | sort | join(",")' $SCENARIO_DIR/canary.json)" \
	lock,memcg_reclaim,reclaim,swapin,swapoff,swapout,zswap_wb
check_eq "--canary: what it says on stderr" "$(head -1 $SCENARIO_DIR/canary.err)" \
	"vswaplat: --canary: not measured: alloc, free, devio, bind, unbind; latency of 1 in 16 operations, swap-out and swap-in 1 in 16 by the kernel (vswap.sample_period), every one counted"
check_eq "vswap.sample_period: the kernel's default" \
	"$(cat /sys/module/vswap/parameters/sample_period)" 16
for op in swapout swapin; do
	check_eq "--canary: $op from the kernel's sampled event" \
		"$(jq -sr --arg op $op '[.[] | select(.type == "op" and .op == $op) | .targets] | first' \
			$SCENARIO_DIR/canary.json)" vswap_${op}_sampled
done

# key FILE OP SUB FIELD: FIELD of the one histogram of OP and SUB (no
# interval: vswaplat wrote one line per histogram, at its end)
key() {
	jq -s --arg op $2 --arg sub $3 --arg f $4 \
		'[.[] | select(.type == "hist" and .op == $op and .sub == $sub) | .[$f]] | first // 0' $1
}
# slot Q_NS: the log2 slot (us) a quantile in nanoseconds lies in
slot() { awk -v v=$1 'BEGIN { v /= 1000; s = 0; while (v >= 2) { v /= 2; s++ } print s }'; }
# check_quantiles FILE WHAT: p50 and p99 of $op $sub in the sampled
# recording FILE against the unsampled one's, within one slot or inside
# FILE's 99.9% interval
check_quantiles() {
	local file=$1 what=$2 q name s f
	for q in 0.5 0.99; do
		name=p${q#0.}
		[ $name = p5 ] && name=p50
		s=$(slot $(key $file $op $sub ${name}_ns))
		f=$(slot $(key $SCENARIO_DIR/full.json $op $sub ${name}_ns))
		# the slots of the sampled run's 99.9% interval of the quantile
		set -- $(key $file $op $sub slots | jq -r --argjson q $q '
			[foreach .[] as $c (0; . + $c)] as $cum | ($cum[-1]) as $n |
			(3.29 * ($q * (1 - $q) / $n | sqrt)) as $h |
			[($q - $h), ([$q + $h, 1] | min)] |
			map((. * $n) as $r | [$cum[] | . >= $r] | index(true)) | join(" ")')
		if [ $((s - f)) -le 1 ] && [ $((f - s)) -le 1 ]; then
			pass "$what: sampled $name in slot $s, unsampled in $f"
		elif [ "$f" -ge "$1" ] && [ "$f" -le "$2" ]; then
			# a cliff in the distribution: sampling error, as stated
			pass "$what: sampled $name in slot $s, unsampled in $f: more than one apart," \
				"inside the sampled run's 99.9% interval (slots $1-$2)"
		else
			fail "$what: sampled $name in slot $s, unsampled in $f: outside the" \
				"sampled run's 99.9% interval (slots $1-$2)"
		fi
		[ $((s - f)) -le 1 ] && [ $((f - s)) -le 1 ] ||
			tap "# $op $sub slots, sampled: $(key $file $op $sub slots | jq -c .)" \
				"unsampled: $(key $SCENARIO_DIR/full.json $op $sub slots | jq -c .)"
	done
}
for k in swapout:disk swapin:disk alloc:pcpu free:swapin; do
	op=${k%:*}
	sub=${k#*:}
	ops=$(key $SCENARIO_DIR/vswaplat.json $op $sub ops)
	full_ops=$(key $SCENARIO_DIR/full.json $op $sub ops)
	n=$(key $SCENARIO_DIR/vswaplat.json $op $sub count)
	check_eq "$op $sub: sampled run's operations vs the unsampled run's" $ops $full_ops
	case $op in
	swapout|swapin)
		# not reported yet: fewer than 2 * 16 - 1 per CPU
		c=$(key $SCENARIO_DIR/canary.json $op $sub ops)
		if [ $c -le $full_ops ] && [ $((full_ops - c)) -le $(($(nproc) * 30)) ]; then
			pass "$op $sub: --canary's $c operations, the unsampled run's $full_ops but for the unreported"
		else
			fail "$op $sub: --canary's $c operations against the unsampled run's $full_ops"
		fi
		check_eq "$op $sub: --canary's sampling period" $(key $SCENARIO_DIR/canary.json $op $sub sample) 16 ;;
	esac
	check_gt "$op $sub: operations" $ops 5000
	if [ $((n * 16 * 10)) -ge $((ops * 7)) ] && [ $((n * 16 * 10)) -le $((ops * 13)) ]; then
		pass "$op $sub: $n samples of $ops, about 1 in 16"
	else
		fail "$op $sub: $n samples of $ops, not about 1 in 16"
	fi
	check_quantiles $SCENARIO_DIR/vswaplat.json "$op $sub"
	case $op in
	swapout|swapin) check_quantiles $SCENARIO_DIR/canary.json "$op $sub, --canary" ;;
	esac
done

# the kernel's parameter refuses what is out of its range, and keeps its value
P=/sys/module/vswap/parameters/sample_period
for v in 0 65537 abc -1 ''; do
	if echo "$v" >$P 2>/dev/null; then
		fail "vswap.sample_period took '$v'"
	else
		pass "vswap.sample_period refuses '$v'"
	fi
done
check_eq "vswap.sample_period after the refused writes" "$(cat $P)" 16
echo 65536 >$P
check_eq "vswap.sample_period takes its maximum" "$(cat $P)" 65536
echo 16 >$P

cgroup_off
zram_off
