# Swap types with a hole: the disk takes type 0 and zram type 1, then the
# disk is swapped off, so /proc/swaps lists zram on its first line while
# the kernel's events say type 1.  vswaplat -D and vswaptop must give
# type 1 to /dev/zram0 (read from the kernel's swap_info[], not guessed
# from the line number): every histogram of the device under its name,
# vswaptop's rates for it equal to /proc/vmstat, its zeromap found.
SCENARIO=types
D=$WORK/types
mkdir -p $D
rm -f $WORK/go*
disk_on
zram_on 256M
swapoff /dev/vda
check_eq "zram on the first line of /proc/swaps, the disk swapped off" \
	"$(awk 'NR > 1 { print $1 }' /proc/swaps)" /dev/zram0
cgroup_on 64M

vswaplat -j -D >$D/vl.json 2>$D/vl.err &
vl=$!
started $vl '"type":"op"' $D/vl.json $D/vl.err vswaplat
vswaptop -j -d 1 >$D/top.json 2>$D/top.err &
top=$!
started $top '"devices"' $D/top.json $D/top.err vswaptop
vm_snap $D/vm.before
# a quarter of the pages zero-filled: the zeromap has entries while the
# load is paused with its pages out
in_cgroup swapload -q -r 1 -z 25 -P $WORK/go 96M >$D/load.out 2>&1 &
load=$!
wait_ready $WORK/go 1
sleep 3
touch $WORK/go
wait $load
check_eq "swapload 96M fill+verify: data intact (exit status)" $? 0
quiesce $D/vm.after
sleep 2
stop_tool $vl vswaplat
stop_tool $top vswaptop
cat $D/vl.err $D/top.err

check_eq "vswaptop: the kernel's swap type of /dev/zram0" \
	"$(jq -s -r '[.[] | .devices[] | select(.path == "/dev/zram0") | .type] | unique | join(",")' $D/top.json)" 1
check_gt "vswaptop: zero-filled entries found in its zeromap" \
	"$(jq -s '[.[] | .devices[] | select(.path == "/dev/zram0") | .zero_entries // 0] | max' $D/top.json)" 0
sum() { jq -s "[.[] | ($1) * .interval_s] | add | round" $D/top.json; }
check_eq "vswaptop: swap-out pages of /dev/zram0 vs pswpout + swpout_zero" \
	$(sum '[.devices[] | select(.path == "/dev/zram0") | .out_pages_per_s] | add') \
	$(($(vmd pswpout) + $(vmd swpout_zero)))

hists() { jq -s "[.[] | select(.type == \"hist\" and .dev != null) | $1]" $D/vl.json; }
check_gt "vswaplat -D: histograms split by device" "$(hists 1 | jq length)" 3
check_eq "vswaplat -D: every device histogram named /dev/zram0" \
	"$(hists .dev | jq -r 'unique | join(",")')" /dev/zram0
vout=$(jq -s '[.[] | select(.type == "hist" and .op == "swapout") | .pages] | add' $D/vl.json)
check_eq "vswaplat -D: swap-out pages of /dev/zram0 vs pswpout + swpout_zero" \
	$vout $(($(jq -s '[.[] | select(.type == "vmstat") | .pswpout + .swpout_zero] | add' $D/vl.json)))

cgroup_off
zram_off
