#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel with the test initramfs under QEMU (TCG, 2 vCPUs) and run
# the guest test suite (guest/tests).
#
#   scripts/run-guest.sh -k BZIMAGE -i INITRAMFS -o OUTDIR [-t a,b,c]
#                        [-m MEM] [-s SMP] [-T TIMEOUT] [-a "KERNEL ARGS"]
#                        [-I SHIFT]
#
# -I runs the guest in QEMU's icount mode: its clock advances 2^SHIFT ns
# per guest instruction, so the CPU time a guest process is charged
# counts the instructions it ran, not how busy the host was (the
# benchmarks' low-noise mode, docs/benchmarks.md).  One host thread runs
# all vCPUs, a few times slower than the default multi-threaded TCG.
#
# OUTDIR gets console.log (the kernel's serial console) and results.tap
# (the tests' TAP lines, from the second serial port).  Prints the TAP
# lines, then fails if a test failed, if the guest did not finish, or if
# the kernel log has a WARN, BUG, Oops, lockdep, KASAN or UBSAN report.
set -euo pipefail

kernel= initrd= out= tests= mem=768M smp=2 timeout=1800 extra=
accel=(-accel tcg,thread=multi)
while getopts k:i:o:t:m:s:T:a:I: opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	i) initrd=$OPTARG ;;
	o) out=$OPTARG ;;
	t) tests=$OPTARG ;;
	m) mem=$OPTARG ;;
	s) smp=$OPTARG ;;
	T) timeout=$OPTARG ;;
	a) extra=$OPTARG ;;
	I) accel=(-accel tcg,thread=single -icount "shift=$OPTARG,sleep=off") ;;
	*) echo "usage: $0 -k BZIMAGE -i INITRAMFS -o OUTDIR [-t TESTS]" >&2; exit 2 ;;
	esac
done
[ -r "$kernel" ] && [ -r "$initrd" ] && [ -n "$out" ] ||
	{ echo "run-guest: need -k BZIMAGE, -i INITRAMFS and -o OUTDIR" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "run-guest: qemu-system-x86_64 missing: run 'make deps'" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out/console.log" "$out/results.tap" "$out/console-boot-panic.log"

boot() {
	rm -f "$out/console.log" "$out/results.tap"
	# The disk behind zswap: sparse, recreated each run.
	rm -f "$out/swapdisk.img"
	truncate -s 512M "$out/swapdisk.img"
	status=0
	timeout --foreground "$timeout" qemu-system-x86_64 \
		"${accel[@]}" -cpu max -smp "$smp" -m "$mem" \
		-display none -monitor none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=6 vswap.tests=$tests $extra" \
		-serial "file:$out/console.log" -serial "file:$out/results.tap" \
		-drive "file=$out/swapdisk.img,format=raw,if=virtio,cache=unsafe" \
		</dev/null >"$out/qemu.log" 2>&1 || status=$?
}

start=$(date +%s)
boot
# A panic before the first test line is the boot's, not a test's: seen
# once in Debian's 6.12 at 1.3 s, an int3 in run_timer_softirq with RIP
# inside a jump being patched, when multi-threaded TCG runs one vCPU
# through code another is rewriting.  Boot once more, and keep the log;
# a kernel that cannot boot fails the second time too.
if ! grep -q '^\(not \)\{0,1\}ok ' "$out/results.tap" 2>/dev/null &&
   grep -q 'Kernel panic' "$out/console.log" 2>/dev/null; then
	mv "$out/console.log" "$out/console-boot-panic.log"
	echo "# guest: the kernel panicked while booting, before any test; booting again" \
		"(first console: $out/console-boot-panic.log)"
	{ grep -m1 -A3 -E 'Oops|BUG:|Kernel panic' "$out/console-boot-panic.log" || :; } | sed 's/^/#   /'
	boot
fi
elapsed=$(( $(date +%s) - start ))

touch "$out/results.tap"
# Files the guest sent back ("@ NAME line"), then the TAP lines.
if grep -q '^@ ' "$out/results.tap"; then
	rm -rf "$out/artifacts"
	mkdir -p "$out/artifacts"
	awk -v dir="$out/artifacts" '/^@ / {
		name = $2
		sub(/^@ [^ ]+ /, "")
		print > (dir "/" name)
	}' "$out/results.tap"
fi
grep -v '^@ ' "$out/results.tap" || : # nothing, if the guest died early
fail=0
if [ "$status" -ne 0 ]; then
	echo "not ok - guest: qemu exited with status $status after ${elapsed} s (124: timeout)"
	fail=1
fi
if ! grep -q '^# guest done' "$out/results.tap"; then
	echo "not ok - guest: the suite did not finish (see $out/console.log)"
	tail -20 "$out/console.log" | sed 's/^/# /'
	fail=1
fi
splats='WARNING:|BUG:|Oops|Kernel panic|general protection fault|'\
'possible circular locking|possible recursive locking|inconsistent lock state|'\
'KASAN:|UBSAN:|soft lockup|hard LOCKUP|rcu_sched self-detected stall'
if grep -Eq "$splats" "$out/console.log"; then
	echo "not ok - guest: kernel reported a problem (see $out/console.log):"
	grep -E -A5 "$splats" "$out/console.log" | head -40 | sed 's/^/# /'
	fail=1
else
	echo "ok - guest: no WARN/BUG/Oops/lockdep/KASAN/UBSAN in the kernel log"
fi
echo "# guest run took ${elapsed} s"
grep -q '^not ok' "$out/results.tap" && fail=1
exit $fail
