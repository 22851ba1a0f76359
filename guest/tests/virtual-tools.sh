# The tools on the virtual swap device in front of the virtio disk
# (kernel-patches 0009-0010): incompressible pages are bound to physical
# slots at swap-out.  vswaplat counts the binds and unbinds by reason and
# physical device; vswaptop shows the virtual device, its bound slots and
# its binding words.  Self-contained: the virtual device is set up here.
# Opt-in (no number): about 140 s under TCG, 15 s on a vswap kernel from
# before the bind events, where it checks that the tools say so.
#
#   swap-outs to disk = pswpout - zswpwb (zswap is off: pswpout), and
#   binds at swap-out <= them (a bound page written again keeps its slot)
#   binds - unbinds = slots used on /dev/vda (it holds bindings only)
#   vswaptop: bound = /dev/vda's used slots; bindings = 8 B x slots
SCENARIO=virtual-tools
SCENARIO_DIR=$WORK/virtual-tools
mkdir -p $SCENARIO_DIR

# A vswap kernel from before the bind events (patches 1-8): the tools
# measure the rest, and say so.
if [ ! -d $VSWAP_EVENTS_DIR/vswap_bind ]; then
	vswaplat --list >$SCENARIO_DIR/list 2>&1
	check_eq "vswaplat --list exit status" $? 0
	grep -E "^(alloc|bind|unbind) " $SCENARIO_DIR/list | sed 's/^/# /'
	check_cmd "bind: unavailable on a vswap kernel older than the event" grep -Eq \
		"^bind +- +unavailable: tp_btf: no vswap_bind event \(a vswap kernel older than this event\)" \
		$SCENARIO_DIR/list
	check_cmd "alloc: still from the vswap events" grep -Eq "^alloc +tp_btf +vswap_alloc" \
		$SCENARIO_DIR/list
	zram_on 64M
	vswaplat -O alloc,bind,unbind 0.5 1 >/dev/null 2>$SCENARIO_DIR/err
	check_eq "vswaplat -O alloc,bind,unbind exit status" $? 0
	check_cmd "... names bind and unbind unavailable" grep -q \
		"2 operations unavailable on this kernel: bind, unbind" $SCENARIO_DIR/err
	vswaptop -j -n 1 -d 0.5 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err
	check_eq "vswaptop exit status" $? 0
	check_cmd "vswaptop: no virtual device, no binding row" jq -e \
		'.overhead.virtual_slots == 0 and .overhead.virtual_per_slot == null and
		 ([.overhead.rows[] | select(.name == "vswap bindings")] | length == 0) and
		 ([.devices[] | .virtual] | all(. == false))' $SCENARIO_DIR/top.json
	zram_off
	return 0
fi
Z=/sys/module/zswap/parameters
VDEV=/vswap/dev
swapoff -a 2>/dev/null
zswap_was=$(cat $Z/enabled)
echo 0 >$Z/enabled

# vt_used PATH: pages used on PATH (/proc/swaps)
vt_used() {
	awk -v p="$1" -v kb=$PAGE_KB '$1 == p { print $4 / kb }' /proc/swaps
}

mkdir -p /vswap
mount -t ramfs ramfs /vswap
# a swap header for 512M, the file cut to the header: the virtual device
truncate -s 512M $VDEV && mkswap $VDEV >/dev/null && truncate -s 4096 $VDEV
# busybox swapon has no -p: the first swapon gets the higher priority
check_cmd "swapon the virtual device" swapon $VDEV
check_eq "/proc/swaps: the virtual device's type" \
	"$(awk -v p=$VDEV '$1 == p { print $2 }' /proc/swaps)" virtual
mkswap /dev/vda >/dev/null
check_cmd "swapon /dev/vda behind it" swapon /dev/vda
cgroup_on 64M

vswaplat -j -D -O bind,unbind,swapout -o $SCENARIO_DIR/vswaplat.json 1 \
	>/dev/null 2>$SCENARIO_DIR/vswaplat.err &
lat=$!
vswaptop -j -d 1 >$SCENARIO_DIR/top.json 2>$SCENARIO_DIR/top.err &
top=$!
wait_tool_started $lat '"type":"op"' $SCENARIO_DIR/vswaplat.json $SCENARIO_DIR/vswaplat.err vswaplat
wait_tool_started $top '"time"' $SCENARIO_DIR/top.json $SCENARIO_DIR/top.err vswaptop
check_eq "vswaplat: bind from" "$(vswaplat_tier bind)" tp_btf
check_eq "vswaplat: unbind from" "$(vswaplat_tier unbind)" tp_btf

rm -f $WORK/vtgo*
vmstat_snapshot $SCENARIO_DIR/vm.before
in_cgroup swapload -q -c 100 -r 1 -P $WORK/vtgo 128M >$SCENARIO_DIR/load.out 2>&1 &
load=$!
wait_swapload_paused $WORK/vtgo 1
sleep 3		# a vswaptop snapshot with the pages out
paused_bound=$(jq -s --arg p $VDEV '[.[] | .devices[] | select(.path == $p) | .bound // 0] | max' \
	$SCENARIO_DIR/top.json)
touch $WORK/vtgo
wait $load
check_eq "swapload 128M incompressible verifies every page (exit status)" $? 0
cat $SCENARIO_DIR/load.out
# reclaim what the exited load left in the swap cache, then a quiet kernel
echo 512M >$CGROUP_DIR/memory.reclaim 2>/dev/null
quiesce $SCENARIO_DIR/vm.after
sleep 2		# one more vswaptop snapshot, and a vswaplat interval
pused=$(vt_used /dev/vda)
stop_tool $lat vswaplat
stop_tool $top vswaptop
cat $SCENARIO_DIR/vswaplat.err $SCENARIO_DIR/top.err

# ---- vswaplat: binds and unbinds ----------------------------------------------
pswpout=$(vswaplat_vmstat_delta pswpout)
zswpwb=$(vswaplat_vmstat_delta zswpwb)
binds=$(vswaplat_sum bind count)
unbinds=$(vswaplat_sum unbind count)
echo "# pswpout $pswpout zswpwb $zswpwb, swap-out to disk $(vswaplat_sum swapout pages disk)" \
	"pages; binds: $(for r in swapout writeback; do echo -n " $r $(vswaplat_sum bind count $r)"; done);" \
	"unbinds:$(for r in free overwrite writeback swapoff swapin; do echo -n " $r $(vswaplat_sum unbind count $r)"; done)" >&3
grep '"type":"lost"' $SCENARIO_DIR/vswaplat.json | sed 's/^/# /' >&3
check_gt "binds at swap-out" $(vswaplat_sum bind count swapout) 5000
# Every disk write of a virtual slot goes to its physical slot, but a
# bound page written again keeps its slot: no second bind.  (Seen: 2 of
# 32792 writes here, on the test kernel of 2026-12-02.)
check_eq "swap-outs to disk (events) vs pswpout - zswpwb (vswaplat's window)" \
	$(vswaplat_sum swapout pages disk) $((pswpout - zswpwb))
check_ge "swap-outs to disk vs binds at swap-out" \
	$(vswaplat_sum swapout pages disk) $(vswaplat_sum bind count swapout)
check_eq "binds - unbinds vs slots used on /dev/vda" $((binds - unbinds)) $pused
check_gt "unbinds as the load's pages were freed" $(vswaplat_sum unbind count free) 0
check_eq "binds, by physical device (-D): all on /dev/vda" \
	$(awk '/"type":"hist"/ && /"op":"bind"/ && !/"dev":"\/dev\/vda"/' \
		$SCENARIO_DIR/vswaplat.json | wc -l) 0
check_gt "bind latency recorded (sum_ns)" $(vswaplat_sum bind sum_ns) 0

# ---- vswaptop: the virtual device, its bound slots and binding words ---------
last() { jq -s "last | $1" $SCENARIO_DIR/top.json; }
check_eq "vswaptop: $VDEV is virtual" \
	"$(last "[.devices[] | select(.path == \"$VDEV\") | .virtual] | first")" true
check_eq "vswaptop: /dev/vda is not" \
	"$(last '[.devices[] | select(.path == "/dev/vda") | .virtual] | first')" false
check_eq "vswaptop: /dev/vda has no bound count" \
	"$(last '[.devices[] | select(.path == "/dev/vda") | .bound] | first')" null
check_gt "vswaptop: bound slots while the pages were out" "$paused_bound" 5000
check_eq "vswaptop: bound slots at the end vs used on /dev/vda" \
	"$(last "[.devices[] | select(.path == \"$VDEV\") | .bound] | first")" \
	"$(last '[.devices[] | select(.path == "/dev/vda") | .used_bytes / 4096] | first')"
vslots=$(( $(awk -v p=$VDEV '$1 == p { print $3 }' /proc/swaps) / 4 + 1 ))
bind_size=$(bpftool btf dump file /sys/kernel/btf/vmlinux | awk '
	/STRUCT .swap_info_struct. / { on = 1; next }
	on && /^\[/ { exit }
	on && /.vswap_bind. type_id=/ { print "found" }' | head -1)
check_eq "BTF: swap_info_struct::vswap_bind" "$bind_size" found
check_eq "vswaptop: vswap bindings, 8 B per virtual slot" \
	"$(last '[.overhead.rows[] | select(.name == "vswap bindings") | .total_bytes] | first')" \
	$((vslots * 8))
check_eq "vswaptop: virtual slots" "$(last '.overhead.virtual_slots')" $vslots
check_cmd "vswaptop: the virtual device's fixed bytes per slot, under 12" \
	jq -se 'last | .overhead.virtual_per_slot > 8 and .overhead.virtual_per_slot < 12' \
	$SCENARIO_DIR/top.json
jq -sc --arg p $VDEV 'last | [(.devices[] | select(.path == $p) | {virtual, bound}), (.overhead | {virtual_slots, virtual_per_slot})]' \
	$SCENARIO_DIR/top.json | sed 's/^/# /' >&3

# ---- back to nothing ---------------------------------------------------------
cgroup_off
check_cmd "swapoff the virtual device" swapoff $VDEV
check_eq "slots used on /dev/vda after the virtual device's swapoff" "$(vt_used /dev/vda)" 0
swapoff /dev/vda
umount /vswap
echo "$zswap_was" >$Z/enabled
