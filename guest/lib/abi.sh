# SPDX-License-Identifier: GPL-2.0
# The vswap trace event ABI as the guest tests use it: every event, and
# the enum values hist triggers key on (include/linux/vswap.h, the same as
# bpf/vswap.h's VS_*; tests/test-abi.sh checks every copy of them under
# guest/).  Part of guest/lib.sh.

# Every event of the ABI; the suite checks that each one fired somewhere.
ALL_EVENTS="vswap_slot_alloc vswap_slot_free vswap_alloc vswap_free
vswap_swapout vswap_swapin vswap_zswap_writeback vswap_zswap_invalidate
vswap_swapoff_begin vswap_swapoff_progress vswap_swapoff_end
vswap_lock_contended vswap_bind vswap_unbind
vswap_swapout_sampled vswap_swapin_sampled"

# Enum values (include/linux/vswap.h)
BACKEND_FREE=0 BACKEND_SWAPCACHE=1 BACKEND_ZERO=2 BACKEND_ZSWAP=3 BACKEND_DISK=4
ALLOC_PCPU=0 ALLOC_REFILL=1 ALLOC_DIRECT=2 ALLOC_FAIL=3
FREE_UNMAP=0 FREE_SWAPIN=1 FREE_CACHE=2 FREE_SWAPOFF=3
LOCK_CLUSTER=0 LOCK_DEVICE=1 LOCK_AVAIL=2
BIND_SWAPOUT=0 BIND_WRITEBACK=1 BIND_FREE=2 BIND_OVERWRITE=3 BIND_SWAPOFF=4 BIND_SWAPIN=5
