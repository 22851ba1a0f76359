# SPDX-License-Identifier: GPL-2.0
# One short round of make bench-virtual (guest/tests/bench-virtual.sh),
# to keep it working: every cell of the matrix completes, every load
# verifies every page, the swapoff runs do, and vswaplat compare reads
# the recordings (exit 0, 3 or 4, never an error).  Sizes are cut to
# what still swaps in a 32M cgroup; its numbers are not benchmarks
# (lockdep, no icount).
PARAMS="bench.runs=1 bench.modes=vswaplat bench.limit=32M bench.size=48M bench.procs=4 bench.procsize=12M bench.offsize=80M"
. /tests/bench-virtual.sh
unset PARAMS
