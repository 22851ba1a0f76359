# Swap types with a hole: the disk takes type 0 and zram type 1, then the
# disk is swapped off, so /proc/swaps lists zram on its first line while
# the kernel's events say type 1.  vswaplat -D and vswaptop must give
# type 1 to /dev/zram0 (read from the kernel's swap_info[], not guessed
# from the line number): every histogram of the device under its name,
# vswaptop's rates for it equal to /proc/vmstat, its zeromap found.
SCENARIO=types
SCENARIO_DIR=$WORK/types
mkdir -p $SCENARIO_DIR
rm -f $WORK/go*
disk_on
zram_on 256M
swapoff /dev/vda
check_eq "zram on the first line of /proc/swaps, the disk swapped off" \
	"$(awk 'NR > 1 { print $1 }' /proc/swaps)" /dev/zram0
cgroup_on 64M

vswaplat -j -D >$SCENARIO_DIR/vl.json 2>$SCENARIO_DIR/vl.err &
vl=$!
wait_tool_started $vl '"type":"op"' $SCENARIO_DIR/vl.json $SCENARIO_DIR/vl.err vswaplat
vswaptop -j -d 1 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err &
top=$!
wait_tool_started $top '"devices"' $SCENARIO_DIR/top.json $SCENARIO_DIR/top.err vswaptop
vmstat_snapshot $SCENARIO_DIR/vm.before
# a quarter of the pages zero-filled: the zeromap has entries while the
# load is paused with its pages out
in_cgroup swapload -q -r 1 -z 25 -P $WORK/go 96M >$SCENARIO_DIR/load.out 2>&1 &
load=$!
wait_swapload_paused $WORK/go 1
sleep 3
touch $WORK/go
wait $load
check_eq "swapload 96M fill+verify: data intact (exit status)" $? 0
quiesce $SCENARIO_DIR/vm.after
sleep 2
stop_tool $vl vswaplat
stop_tool $top vswaptop
cat $SCENARIO_DIR/vl.err $SCENARIO_DIR/top.err

check_eq "vswaptop: the kernel's swap type of /dev/zram0" \
	"$(jq -s -r '[.[] | .devices[] | select(.path == "/dev/zram0") | .type] | unique | join(",")' $SCENARIO_DIR/top.json)" 1
check_gt "vswaptop: zero-filled entries found in its zeromap" \
	"$(jq -s '[.[] | .devices[] | select(.path == "/dev/zram0") | .zero_entries // 0] | max' $SCENARIO_DIR/top.json)" 0
sum() { jq -s "[.[] | ($1) * .interval_s] | add | round" $SCENARIO_DIR/top.json; }
check_eq "vswaptop: swap-out pages of /dev/zram0 vs pswpout + swpout_zero" \
	$(sum '[.devices[] | select(.path == "/dev/zram0") | .out_pages_per_s] | add') \
	$(($(scenario_vmstat_delta pswpout) + $(scenario_vmstat_delta swpout_zero)))

hists() { jq -s "[.[] | select(.type == \"hist\" and .dev != null) | $1]" $SCENARIO_DIR/vl.json; }
check_gt "vswaplat -D: histograms split by device" "$(hists 1 | jq length)" 3
check_eq "vswaplat -D: every device histogram named /dev/zram0" \
	"$(hists .dev | jq -r 'unique | join(",")')" /dev/zram0
vout=$(jq -s '[.[] | select(.type == "hist" and .op == "swapout") | .pages] | add' $SCENARIO_DIR/vl.json)
check_eq "vswaplat -D: swap-out pages of /dev/zram0 vs pswpout + swpout_zero" \
	$vout $(($(jq -s '[.[] | select(.type == "vmstat") | .pswpout + .swpout_zero] | add' $SCENARIO_DIR/vl.json)))

cgroup_off
zram_off
