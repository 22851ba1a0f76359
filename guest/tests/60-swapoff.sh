# swapoff while a process has pages out: begin/end for the right device,
# progress that only goes down and ends at zero, every swapped-out page
# mapped back through the swapoff free path, and the data intact after.
zram_on 512M
cgroup_on 64M
rm -f $WORK/go*
scenario swapoff
in_cgroup swapload -q -r 1 -P $WORK/go 96M >$WORK/swapoff.out 2>&1 &
load=$!
wait_swapload_paused $WORK/go 1
child=$(cat $WORK/go.0)
all=$(swapped_pages $(pidof swapload))
swapped=$(swapped_pages $child)
# Let swapoff bring every page back without hitting the cgroup limit.
echo max >$CGROUP_DIR/memory.max

echo 0 >$TRACEFS/tracing_on
echo >$TRACEFS/trace
echo 8192 >$TRACEFS/buffer_size_kb
for e in begin progress end; do echo 1 >$VSWAP_EVENTS_DIR/vswap_swapoff_$e/enable; done
echo 1 >$TRACEFS/tracing_on
check_cmd "swapoff /dev/zram0 with pages out" swapoff /dev/zram0
echo 0 >$TRACEFS/tracing_on
for e in begin progress end; do echo 0 >$VSWAP_EVENTS_DIR/vswap_swapoff_$e/enable; done
cat $TRACEFS/trace >$SCENARIO_DIR/swapoff.trace

touch $WORK/go
wait $load
check_eq "swapload verifies every page after swapoff (exit status)" $? 0
cat $WORK/swapoff.out
scenario_end

check_gt "pages of the load out when swapoff started (VmSwap)" $swapped 5000
# swapoff maps back every swap PTE of every process: the parent's too
check_eq "entries dropped by swapoff vs VmSwap of load and parent" \
	$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_SWAPOFF) $all
awk '/entries-in-buffer/ { split($3, a, "/"); if (a[1] != a[2]) print "lost" }' \
	$SCENARIO_DIR/swapoff.trace | grep -q lost && fail "trace buffer lost swapoff events"
check_eq "swapoff_begin events" $(grep -c 'vswap_swapoff_begin:' $SCENARIO_DIR/swapoff.trace) 1
check_eq "swapoff_end events" $(grep -c 'vswap_swapoff_end:' $SCENARIO_DIR/swapoff.trace) 1
begin=$(grep 'vswap_swapoff_begin:' $SCENARIO_DIR/swapoff.trace)
end=$(grep 'vswap_swapoff_end:' $SCENARIO_DIR/swapoff.trace)
field() { echo "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }
check_eq "swapoff_begin device" $(field "$begin" dev) $(devnum /dev/zram0)
total=$(field "$begin" inuse)
check_ge "swapoff_begin pages in use vs the load's VmSwap" $total $swapped
check_eq "swapoff_end result" $(field "$end" ret) 0
check_eq "swapoff_end pages moved vs begin" $(field "$end" moved) $total
check_eq "swapoff_end pages left" $(field "$end" inuse) 0
grep 'vswap_swapoff_progress:' $SCENARIO_DIR/swapoff.trace |
	sed -n 's/.* inuse=\([0-9]*\).*/\1/p' >$SCENARIO_DIR/progress
check_gt "swapoff_progress events" $(wc -l <$SCENARIO_DIR/progress) 1
check_eq "swapoff_progress never goes up" \
	"$(awk 'NR > 1 && $1 > last { print "up at " NR } { last = $1 }' $SCENARIO_DIR/progress | head -1)" ""
check_eq "last swapoff_progress" $(tail -1 $SCENARIO_DIR/progress) 0

cgroup_off
zram_off
