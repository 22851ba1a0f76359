# The events work from perf too: perf stat's counts equal the in-kernel
# hist trigger counts of the same run.
zram_on 512M
cgroup_on 64M
scenario perf
check_cmd "perf stat -e 'vswap:*' over swapload" \
	perf stat -a -x, -o $SCENARIO_DIR/perf.csv -e 'vswap:*' -- \
	sh -c "echo \$\$ >$CGROUP_DIR/cgroup.procs && exec swapload -q -n 2 -r 1 48M"
scenario_end

cat $SCENARIO_DIR/perf.csv
for e in $ALL_EVENTS; do
	p=$(awk -F, -v e="vswap:$e" '$3 == e { print $1 }' $SCENARIO_DIR/perf.csv)
	h=$(hist_hits $SCENARIO_DIR/$e)
	check_eq "perf count of $e vs hist trigger" "${p:-missing}" "$h"
done

cgroup_off
zram_off
