# Tests others wrote, with and without the virtual swap device: the
# kernel's own selftests from the same source tree (cgroup/test_zswap and
# mm/cow, scripts/selftests.sh) and Debian's stress-ng vm stressors.
# Each runs twice: on the virtio disk alone (stock swap), then with the
# virtual device in front of it.  Every test that passes without the
# virtual device must pass with it.
Z=/sys/module/zswap/parameters
swapoff -a 2>/dev/null
virtual_mount
virtual_file $VIRTUAL_DEV 512M
echo 1 >$Z/enabled
echo 20 >$Z/max_pool_percent
mkswap /dev/vda >/dev/null

# ktap_results FILE: "N_NAME STATUS" per test of a kselftest's output
# (STATUS ok, fail or skip; N the test's number: mm/cow gives many
# tests one name), once each: a test that forks with its stdout buffer
# unflushed prints its earlier lines twice
ktap_results() {
	sed -n 's/^\(not ok\|ok\) \([0-9]*\) \(.*\)$/\1|\2 \3/p' "$1" | awk -F'|' '
		!seen[$0]++ {
			st = $1 == "ok" ? "ok" : "fail"
			name = $2
			if (name ~ /# SKIP/) st = "skip"
			sub(/ *# SKIP.*/, "", name)
			gsub(/ /, "_", name)
			print name, st
		}'
}

# worse_than_stock T: the tests of suite T that pass on stock swap and
# not (or not at all) behind the virtual device
worse_than_stock() {
	ktap_results $WORK/suites.stock.$1 >$WORK/suites.stock.$1.res
	ktap_results $WORK/suites.virtual.$1 >$WORK/suites.virtual.$1.res
	awk 'FNR == NR { v[$1] = $2; next } $2 == "ok" && v[$1] != "ok" { print $1 }' \
		$WORK/suites.virtual.$1.res $WORK/suites.stock.$1.res | xargs
}

# suite_run MODE: every suite's output into $WORK/suites.MODE.*
suite_run() {
	local m=$1
	echo "=== suites on $m: $(awk 'NR > 1 { printf "%s ", $1 }' /proc/swaps)"
	test_zswap >$WORK/suites.$m.zswap 2>&1
	echo $? >$WORK/suites.$m.zswap.rc
	cow >$WORK/suites.$m.cow 2>&1
	echo $? >$WORK/suites.$m.cow.rc
	cgroup_on 64M
	in_cgroup stress-ng --vm 2 --vm-bytes 40M --vm-method all --verify \
		--madvise 1 --mmap 1 --mmap-bytes 24M --timeout 30s --metrics-brief \
		>$WORK/suites.$m.stress 2>&1
	echo $? >$WORK/suites.$m.stress.rc
	cgroup_off
	tail -5 $WORK/suites.$m.zswap $WORK/suites.$m.cow
	tail -8 $WORK/suites.$m.stress
}

SCENARIO=virtual-suites
swapon /dev/vda || fail "cannot swapon /dev/vda"
suite_run stock
swapoff /dev/vda
check_cmd "swapon the virtual device first (higher priority)" swapon $VIRTUAL_DEV
swapon /dev/vda || fail "cannot swapon /dev/vda"
vtype=$(dmesg | sed -n 's/.*vswap: .* is a virtual swap device: type \([0-9]*\),.*/\1/p' | tail -1)
scenario virtual-suites
suite_run virtual
# test_zswap's load of all RAM swapped out the harness too
fault_in_all
check_eq "processes with pages in swap before the counts are read" "$(swapped_out)" ""
# The suites' exited processes leave swap cache folios, whose slots
# reclaim frees at any time, also while scenario_end reads the counts
# (CI: swap_used and one vswap_free moved then).  Both devices off
# inside the scenario: its counts hold the swapoffs, and nothing is left
# in swap to move.
check_cmd "swapoff the virtual device after the suites" swapoff $VIRTUAL_DEV
check_cmd "swapoff /dev/vda after the suites" swapoff /dev/vda
scenario_end
check_gt "slots the suites took on the virtual device (type $vtype)" \
	$(hist_sum $SCENARIO_DIR/vswap_slot_alloc nr type=$vtype) 1000

for t in zswap cow; do
	worse=$(worse_than_stock $t)
	if [ -n "$worse" ] && [ $t = zswap ]; then
		# test_no_kmem_bypass waits 2 s for kswapd to fill zswap from
		# a load of all RAM: under TCG that is timing.  A second run
		# tells it from a regression; both runs are in the log.
		echo "$t: worse with the virtual device on the first run: $worse; once more"
		cp $WORK/suites.virtual.$t $WORK/suites.virtual.$t.first
		swapon $VIRTUAL_DEV && swapon /dev/vda && test_zswap >$WORK/suites.virtual.$t 2>&1
		swapoff /dev/vda
		swapoff $VIRTUAL_DEV
		worse=$(worse_than_stock $t)
	fi
	for m in stock virtual; do
		artifact suites-$m-$t.txt $WORK/suites.$m.$t
	done
	check_gt "$t: tests that pass on stock swap" $(grep -c ' ok$' $WORK/suites.stock.$t.res) 0
	check_eq "$t: tests that pass on stock swap and not with the virtual device" "${worse:-none}" none
	check_eq "$t: tests run, stock vs virtual" $(wc -l <$WORK/suites.virtual.$t.res) \
		$(wc -l <$WORK/suites.stock.$t.res)
done
check_eq "stress-ng vm/madvise/mmap --verify on stock swap (exit status)" \
	$(cat $WORK/suites.stock.stress.rc) 0
check_eq "stress-ng vm/madvise/mmap --verify with the virtual device (exit status)" \
	$(cat $WORK/suites.virtual.stress.rc) 0

echo 0 >$Z/enabled
virtual_umount
