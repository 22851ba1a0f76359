# vswaptop in batch JSON mode over four processes swapping in random
# order (the load of 40-concurrent), then a swapoff with the pages of four
# other processes out: contended clusters show up, the swap-out/swap-in
# rates add up to the /proc/vmstat deltas, the per-entry overhead rows
# equal the sizes computed here from BTF and /proc/swaps, and the swapoff
# progress reaches 100%.
SCENARIO=vswaptop
SCENARIO_DIR=$WORK/vswaptop
mkdir -p $SCENARIO_DIR
rm -f $WORK/go*
zram_on 512M
cgroup_on 64M
sed -n 2p /proc/swaps >$SCENARIO_DIR/swaps

vmstat_snapshot $SCENARIO_DIR/vm.before
vswaptop -j -d 1 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err &
top=$!
# Its counters start when it is loaded, seconds later under TCG: the load
# waits for the first snapshot.
t=0
while [ ! -s $SCENARIO_DIR/top.json ] && [ $t -lt 60 ]; do
	sleep 1
	t=$((t + 1))
done
check_cmd "vswaptop sampling before the load starts" test -s $SCENARIO_DIR/top.json
# Contention is a race (see 40-concurrent): up to three rounds of the
# load, until vswaptop has shown a contended cluster.
clusters_seen() {
	jq -s '[.[] | .contention.clusters | length] | max // 0' $SCENARIO_DIR/top.json 2>/dev/null
}
vswaptop_saw_contention() {
	sleep 2		# vswaptop's next snapshot
	[ "$(clusters_seen)" -gt 0 ] 2>/dev/null
}
race_rounds 3 vswaptop_saw_contention "swapload 4 x 20M random, data intact" \
	in_cgroup swapload -q -n 4 -p rand -r 1 20M
in_cgroup swapload -q -n 4 -p rand -r 1 -P $WORK/go 20M >$SCENARIO_DIR/load.out 2>&1 &
load=$!
wait_swapload_paused $WORK/go 4
echo max >$CGROUP_DIR/memory.max
sleep 2
check_cmd "swapoff /dev/zram0 with the pages of 4 processes out" swapoff /dev/zram0
touch $WORK/go
wait $load
check_eq "swapload: data intact after swapoff (exit status)" $? 0
quiesce $SCENARIO_DIR/vm.after
sleep 2
kill -INT $top
wait $top
check_eq "vswaptop exit status after SIGINT" $? 0
cat $SCENARIO_DIR/top.err

check_gt "snapshots" $(wc -l <$SCENARIO_DIR/top.json) 5
check_cmd "every snapshot is one JSON object" jq -e . $SCENARIO_DIR/top.json >/dev/null

# rates x interval, summed over the snapshots, in pages
sum() { jq -s "[.[] | ($1) * .interval_s] | add | round" $SCENARIO_DIR/top.json; }
check_eq "swap-out pages to disk (vswaptop) vs pswpout" \
	$(sum '.rates.out_pages_per_s.disk') $(scenario_vmstat_delta pswpout)
check_eq "swap-in pages from disk (vswaptop) vs pswpin" \
	$(sum '.rates.in_pages_per_s.disk') $(scenario_vmstat_delta pswpin)
check_eq "swap-out total (vmstat rates in vswaptop) vs vmstat" \
	$(sum '.rates.out_total_per_s') $(($(scenario_vmstat_delta pswpout) + $(scenario_vmstat_delta swpout_zero)))
check_gt "contended clusters seen" "$(clusters_seen)" 0
check_gt "cluster lock waits (ns)" \
	$(jq -s '[.[] | .contention.clusters[]?.wait_ns] | add // 0' $SCENARIO_DIR/top.json) 0
# the lock table is sized for the devices: none lost, and told (not null)
check_eq "contentions the lock table could not keep" \
	$(jq -s '[.[] | .contention.lost // -1000000] | add' $SCENARIO_DIR/top.json) 0
check_eq "swapoff reached 100%" \
	$(jq -s '[.[] | select(.swapoff.done == true and .swapoff.percent == 100)] | length' $SCENARIO_DIR/top.json) 1
check_gt "swapoff seen while running" \
	$(jq -s '[.[] | select(.swapoff.active == true)] | length' $SCENARIO_DIR/top.json) 0

# The overhead rows, recomputed from BTF and /proc/swaps.
btf_size() {
	bpftool btf dump file /sys/kernel/btf/vmlinux |
		sed -n "s/.*STRUCT '$1' size=\([0-9]*\).*/\1/p" | head -1
}
slots=$(( $(awk '{ print $3 }' $SCENARIO_DIR/swaps) / 4 + 1 ))
ci=$(btf_size swap_cluster_info)
sc=$(btf_size swap_cgroup)
si=$(btf_size swap_info_struct)
# the first snapshot with the device on
jq -c -s '[.[] | select(.devices | length == 1)][0].overhead.rows[] |
	[.name, .total_bytes]' $SCENARIO_DIR/top.json >$SCENARIO_DIR/rows
row() { sed -n "s/^\[\"$1\",\([0-9]*\)\]$/\1/p" $SCENARIO_DIR/rows; }
check_eq "overhead: swap_map bytes" "$(row swap_map)" $slots
check_eq "overhead: cluster info bytes ($ci-byte struct swap_cluster_info)" \
	"$(row 'cluster info')" $(( (slots + 511) / 512 * ci ))
check_eq "overhead: zeromap bytes" "$(row zeromap)" $(( (slots + 63) / 64 * 8 ))
check_eq "overhead: swap_cgroup bytes ($sc-byte struct swap_cgroup, whole pages)" \
	"$(row swap_cgroup)" $(( (slots * sc + 4095) / 4096 * 4096 ))
check_eq "overhead: swap_info_struct bytes" "$(row swap_info_struct)" $si

cgroup_off
zram_off
