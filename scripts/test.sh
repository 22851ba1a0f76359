#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command (make test): every suite, host and guest.
# Each suite prints TAP-style "ok - ..." / "not ok - ..." lines; a suite
# that fails without saying which check failed counts as one failure.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
#
# GUEST_TESTS=a,b limits the guest suite to those tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0

# suite NAME CMD...: run CMD, echo its output, count its results.
suite() {
	local name=$1 status ok nok
	shift
	echo "=== $name: $*"
	"$@" >"$logs/$name.log" 2>&1
	status=$?
	cat "$logs/$name.log"
	ok=$(grep -c '^ok' "$logs/$name.log")
	nok=$(grep -c '^not ok' "$logs/$name.log")
	if [ "$status" -ne 0 ] && [ "$nok" -eq 0 ]; then
		echo "not ok - $name: exited with status $status"
		nok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
}

# step NAME CMD...: a build step; one result, its output only on failure.
step() {
	local name=$1
	shift
	echo "=== $name: $*"
	if "$@" >"$logs/$name.log" 2>&1; then
		tail -3 "$logs/$name.log"
		echo "ok - $name"
		passed=$((passed + 1))
	else
		tail -40 "$logs/$name.log"
		echo "not ok - $name"
		failed=$((failed + 1))
		return 1
	fi
}

step build-tools make -s tools unit-tests
suite unit build/san/test-lib
suite unit-compare build/san/test-compare
suite unit-render build/san/test-render
suite unit-attach build/san/test-attach
suite unit-missed build/san/test-missed
suite abi tests/test-abi.sh
suite reconcile tests/test-reconcile.sh
suite swapload tests/host/test-swapload.sh build/bin/swapload
suite swapload-asan tests/host/test-swapload.sh build/san/swapload
suite vswaplat-host tests/host/test-vswaplat.sh build/bin/vswaplat build/bin/swapload build/bin/vswaptop
suite vswaplat-host-asan tests/host/test-vswaplat.sh build/san/vswaplat build/san/swapload build/san/vswaptop
suite compare-host tests/host/test-compare.sh build/bin/vswaplat
suite compare-host-asan tests/host/test-compare.sh build/san/vswaplat
suite plot tests/host/test-plot.sh build/bin/vswaplat
suite plot-asan tests/host/test-plot.sh build/san/vswaplat
suite vswaptop-ui tests/host/test-vswaptop-ui.sh build/bin/vswaptop -d 0.5
suite vswaptop-ui-asan tests/host/test-vswaptop-ui.sh build/san/vswaptop -d 0.5
# the screen on ui-demo's fake source: the contended clusters to sort that
# vswaptop has none of on the development machines
suite vswaptop-ui-demo tests/host/test-vswaptop-ui.sh build/san/ui-demo -d 0.5
suite tpfloor-host tests/host/test-tpfloor.sh build/bin/tpfloor
suite tpfloor-host-asan tests/host/test-tpfloor.sh build/san/tpfloor
# the host benchmarks, one short round each: they must keep working (what
# they measure takes 15 rounds: make bench-host)
suite bench-host scripts/bench-host.sh bench.runs=1 bench.size=384M bench.limit=128M \
	bench.modes=none,vswaplat,floor-tp
suite bench-host-progs scripts/bench-host.sh -t bench-progs bench.size=384M bench.limit=128M
# make install into a temporary DESTDIR: files, man pages, --help, --version, completion
suite install tests/host/test-install.sh
suite checkpatch make -s checkpatch
# The guest suites are the Makefile's targets; the kernel and the
# initramfs first, as steps of their own (make finds them done after).
if step kernel make -s kernel &&
   step initramfs make -s initramfs; then
	suite guest make -s guest-test GUEST_TESTS="${GUEST_TESTS:-}"
	# its own boot, in icount mode
	[ -n "${GUEST_TESTS:-}" ] ||
		suite guest-regress make -s regress-test
fi
# Debian's stock kernels (the Makefile's stock_kernel)
for name in stock stock61 stock-latest; do
	if step $name-kernel make -s $name-kernel &&
	   step $name-initramfs make -s $name-initramfs; then
		suite guest-$name make -s $name-test
	fi
done

# make kernel-deb's parts that fit in CI: the test configuration packaged,
# Debian's configured and its touched files compiled with W=1
suite kernel-deb tests/host/test-kernel-deb.sh
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
