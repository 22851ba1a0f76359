# Exit of a process with pages out: the unmap path drops the swap entries
# its page tables hold (VmSwap).  The swapload parent, in the same
# cgroup, may have a few pages out too; it wakes up (faulting some back)
# and exits later, so its share is a bound, not an exact count.
zram_on 512M
cgroup_on 64M
rm -f $WORK/go*
scenario unmap
in_cgroup swapload -q -r 0 -P $WORK/go 128M >$WORK/unmap.out 2>&1 &
wait_swapload_paused $WORK/go 1
child=$(cat $WORK/go.0)
swapped=$(swapped_pages $child)
all=$(swapped_pages $(pidof swapload))
touch $WORK/go
wait $!
check_eq "swapload exit status" $? 0
scenario_end

unmap=$(hist_sum $SCENARIO_DIR/vswap_free nr path=$FREE_UNMAP)
check_gt "pages of the load swapped out before exit (VmSwap)" $swapped 10000
check_ge "entries dropped by unmap vs the load's VmSwap" $unmap $swapped
check_ge "VmSwap of load and parent vs entries dropped by unmap" $all $unmap

cgroup_off
zram_off
