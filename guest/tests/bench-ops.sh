# Which operations cost what (opt-in, a development aid): the same load
# without vswaplat and with one operation set at a time.
SCENARIO=bench-ops
zram_on 512M
cgroup_on 64M
D=$WORK/bench-ops
mkdir -p $D
for ops in ${BENCH_OPS:-none all none all none all}; do
	pid=
	if [ $ops != none ]; then
		if [ $ops = all ]; then vswaplat -j >$D/vl.json 2>&1 & else vswaplat -j -O $ops >$D/vl.json 2>&1 & fi
		pid=$!
		while ! grep -q '"type":"op"' $D/vl.json 2>/dev/null; do sleep 1; done
	fi
	in_cgroup swapload -q -j -r 1 96M >$D/load.json
	[ -n "$pid" ] && kill -INT $pid && wait $pid
	tap "# bench ops=$ops $(sed -n 's/.*"fill_kbps":\([0-9]*\).*"verify_kbps":\([0-9]*\).*"sys_usecs":\([0-9]*\).*/fill=\1 verify=\2 sys=\3/p' $D/load.json)"
done
cgroup_off
zram_off
