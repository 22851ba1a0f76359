# The regression hunt, end to end: record the same load twice with
# vswaplat, then with a delay injected into one swap operation (patch 9,
# CONFIG_VSWAP_DELAY_INJECT), and let "vswaplat compare" find it.  It
# must flag the injected operation as regressed, and nothing else, at its
# default thresholds.  Done for swap-in (100 us per call, about eight
# medians) and for the unmap free path (500 us: it is called once per
# batch of up to a page table's worth of entries, takes ~200 us per call
# and spreads widely, p90 3x p50).  Two processes: one gives too few
# unmap batches to judge.
#
# Not in the default set: "make regress-test" boots the guest for this
# alone in QEMU's icount mode (run-guest.sh -I 0), where guest time counts
# guest instructions.  Under multi-threaded TCG the guest's clock is the
# host's, and two clean runs of this load differed with A12 up to 0.65 on
# whole groups of operations (devio read, swap-in, free), as the host's
# other work came and went; with a delay injected, one such run-level
# shift crossed the 0.71 gate (devio read, CI of 9526c7c).  Under icount
# the rows no delay was injected into stay between A12 0.42 and 0.57, and
# the injected rows reach 0.95 to 0.998: the test then says what compare
# does, not what the host did.
#
# Lock rows are left out of the verdict checks (not of the recording):
# in this two-process load swap lock waits come in run-level modes, not
# as independent samples (clean runs gave lock device counts of 13 to
# 513 and medians of 134 us to 1.8 ms), and near the 100-sample minimum
# such a flip turns into a large effect.  Neither that nor its absence
# says anything about compare.
INJ=/sys/kernel/debug/vswap
if [ ! -w $INJ/inject_op ]; then
	tap "not ok - regress: no $INJ/inject_op (CONFIG_VSWAP_DELAY_INJECT)"
	return 0
fi
SCENARIO=regress
SCENARIO_DIR=$WORK/regress
mkdir -p $SCENARIO_DIR
zram_on 512M
cgroup_on 64M

# record NAME: one run of the load, recorded
record() {
	vswaplat -j -o $SCENARIO_DIR/$1.jsonl >/dev/null 2>$SCENARIO_DIR/$1.err &
	pid=$!
	wait_tool_started $pid '"type":"op"' $SCENARIO_DIR/$1.jsonl $SCENARIO_DIR/$1.err "vswaplat ($1)" || return 1
	in_cgroup swapload -q -r 1 -n 2 64M >/dev/null
	check_eq "swapload exit status ($1)" $? 0
	kill -INT $pid
	wait $pid
}

# regressed A B: the rows compare flags, as "op sub" lines, lock rows
# aside; all flagged rows go to A-B.rows, compare's exit status to
# A-B.status
regressed() {
	vswaplat compare -j $SCENARIO_DIR/$1.jsonl $SCENARIO_DIR/$2.jsonl >$SCENARIO_DIR/$1-$2.json
	echo $? >$SCENARIO_DIR/$1-$2.status
	grep '"verdict":"regressed"' $SCENARIO_DIR/$1-$2.json |
		sed 's/.*"op":"\([a-z_]*\)","sub":"\{0,1\}\([a-z_]*\).*/\1 \2/' |
		sort -u >$SCENARIO_DIR/$1-$2.rows
	grep -v '^lock ' $SCENARIO_DIR/$1-$2.rows
}

# want_status A B: the exit status compare owes for the rows it flagged
want_status() {
	if [ -s $SCENARIO_DIR/$1-$2.rows ]; then echo 3; else echo 0; fi
}

record base
record base2
check_eq "compare: two clean runs, nothing regressed" "$(regressed base base2)" ""
check_eq "compare: exit status for two clean runs (3 only for a lock row)" $(cat $SCENARIO_DIR/base-base2.status) \
	$(want_status base base2)

for inj in swapin:100 free:500; do
	op=${inj%:*}
	us=${inj#*:}
	echo $op >$INJ/inject_op
	echo $us >$INJ/inject_delay_us
	record inj-$op
	echo 0 >$INJ/inject_delay_us
	echo none >$INJ/inject_op
	got=$(regressed base inj-$op | tr '\n' ' ')
	# the table a person reads, for the console log and docs/regressions.md
	vswaplat compare $SCENARIO_DIR/base.jsonl $SCENARIO_DIR/inj-$op.jsonl
	check_eq "compare: exit status with ${us}us injected into $op" \
		$(cat $SCENARIO_DIR/base-inj-$op.status) 3
	case $op in
	free)	want="free unmap " ;;
	swapin)	want="swapin disk " ;;
	esac
	check_eq "compare: regressed rows with ${us}us injected into $op" "$got" "$want"
done

cgroup_off
zram_off
