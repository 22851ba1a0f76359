# SPDX-License-Identifier: GPL-2.0
# Setting up what the workloads run on: zram and disk swap, the memory
# cgroup; waiting for swapload; sending a file to the host.  Part of
# guest/lib.sh.

# zram_on [SIZE]: a zram swap device
zram_on() {
	# a device left set up (not as swap: callers check) takes no new size
	echo 1 >/sys/block/zram0/reset
	# lzo-rle where the kernel has it (the test kernel); else its default
	if grep -qw lzo-rle /sys/block/zram0/comp_algorithm; then
		echo lzo-rle >/sys/block/zram0/comp_algorithm
	fi
	echo "${1:-512M}" >/sys/block/zram0/disksize &&
	mkswap /dev/zram0 >/dev/null &&
	swapon /dev/zram0 ||
	fail "cannot set up zram swap"
}

zram_off() {
	swapoff /dev/zram0 2>/dev/null
	echo 1 >/sys/block/zram0/reset
}

# disk_on: the virtio disk as swap device
disk_on() {
	mkswap /dev/vda >/dev/null && swapon /dev/vda ||
	fail "cannot set up /dev/vda as swap"
}

disk_off() {
	swapoff /dev/vda 2>/dev/null
}

# cgroup_on LIMIT: the memory cgroup the workloads run in
cgroup_on() {
	mkdir -p $CGROUP_DIR
	echo "$1" >$CGROUP_DIR/$CGROUP_LIMIT_FILE
}

cgroup_off() {
	echo $CGROUP_NO_LIMIT >$CGROUP_DIR/$CGROUP_LIMIT_FILE
	rmdir $CGROUP_DIR 2>/dev/null
}

# in_cgroup CMD...: run CMD inside the test cgroup
in_cgroup() {
	sh -c 'echo $$ >'$CGROUP_DIR'/cgroup.procs && exec "$@"' sh "$@"
}

# devnum DEV: "major:minor" of a block device
devnum() {
	cat /sys/class/block/$(basename "$1")/dev
}

# wait_swapload_paused PATH N: wait for "swapload -P PATH" processes 0..N-1 to pause
wait_swapload_paused() {
	local i=0 t=0
	while [ $i -lt "$2" ]; do
		if [ -e "$1.$i" ]; then
			i=$((i + 1))
			continue
		fi
		sleep 1
		t=$((t + 1))
		if [ $t -gt 600 ]; then
			fail "swapload did not reach its pause in 600 s"
			return 1
		fi
	done
}

# artifact NAME FILE: send FILE to the host, which writes it to
# OUTDIR/artifacts/NAME (scripts/run-guest.sh)
artifact() {
	sed "s|^|@ $1 |" "$2" >&3
}
