# Sampled latency (vswaplat --sample): the scenario's vswaplat samples 1
# in 16, and its counts must reconcile exactly as an unsampled one's do
# (reconcile_common: the kernel's hist triggers and /proc/vmstat).  A
# second vswaplat, unsampled, measures the same load at the same time:
# per histogram the operations are equal, about 1 in 16 are samples, and
# p50 and p99 lie within one log2 slot of the unsampled ones.  A third,
# --canary, must measure its preset on this kernel and count the same.
zram_on 512M
cgroup_on 64M
VSWAPLAT_SAMPLE=16
scenario sample
vswaplat -j >$SCENARIO_DIR/full.json 2>$SCENARIO_DIR/full.err &
full=$!
wait_tool_started $full '"type":"op"' $SCENARIO_DIR/full.json $SCENARIO_DIR/full.err vswaplat ||
	full=
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

# --canary on the vswap kernel: what it measures, and that it said so
check_eq "--canary: its operations" \
	"$(jq -sr '[.[] | select(.type == "op" and .tier != null) | .op] | sort | join(",")' $SCENARIO_DIR/canary.json)" \
	lock,memcg_reclaim,reclaim,swapin,swapoff,swapout,zswap_wb
check_eq "--canary: what it says on stderr" "$(head -1 $SCENARIO_DIR/canary.err)" \
	"vswaplat: --canary: not measured: alloc, free, devio, bind, unbind; latency of 1 in 16 operations, every one counted"

# key FILE OP SUB FIELD: FIELD of the one histogram of OP and SUB (no
# interval: vswaplat wrote one line per histogram, at its end)
key() {
	jq -s --arg op $2 --arg sub $3 --arg f $4 \
		'[.[] | select(.type == "hist" and .op == $op and .sub == $sub) | .[$f]] | first // 0' $1
}
# slot Q_NS: the log2 slot (us) a quantile in nanoseconds lies in
slot() { awk -v v=$1 'BEGIN { v /= 1000; s = 0; while (v >= 2) { v /= 2; s++ } print s }'; }
for k in swapout:disk swapin:disk alloc:pcpu free:swapin; do
	op=${k%:*}
	sub=${k#*:}
	ops=$(key $SCENARIO_DIR/vswaplat.json $op $sub ops)
	full_ops=$(key $SCENARIO_DIR/full.json $op $sub ops)
	n=$(key $SCENARIO_DIR/vswaplat.json $op $sub count)
	check_eq "$op $sub: sampled run's operations vs the unsampled run's" $ops $full_ops
	case $op in
	swapout|swapin)
		check_eq "$op $sub: --canary's operations vs the unsampled run's" \
			$(key $SCENARIO_DIR/canary.json $op $sub ops) $full_ops ;;
	esac
	check_gt "$op $sub: operations" $ops 5000
	if [ $((n * 16 * 10)) -ge $((ops * 7)) ] && [ $((n * 16 * 10)) -le $((ops * 13)) ]; then
		pass "$op $sub: $n samples of $ops, about 1 in 16"
	else
		fail "$op $sub: $n samples of $ops, not about 1 in 16"
	fi
	for q in p50 p99; do
		s=$(slot $(key $SCENARIO_DIR/vswaplat.json $op $sub ${q}_ns))
		f=$(slot $(key $SCENARIO_DIR/full.json $op $sub ${q}_ns))
		if [ $((s - f)) -le 1 ] && [ $((f - s)) -le 1 ]; then
			pass "$op $sub: sampled $q in slot $s, unsampled in $f"
		else
			fail "$op $sub: sampled $q in slot $s, unsampled in $f: more than one apart"
		fi
	done
done

cgroup_off
zram_off
