// SPDX-License-Identifier: GPL-2.0
/* The names of bpf/vswap.h's values (names.h). */
#include <string.h>
#include "names.h"

#define PICK(names, i) ((i) < sizeof(names) / sizeof(names[0]) ? (names)[i] : NULL)

static const char *const op_names[VS_NR_OPS] = {
	[VS_OP_ALLOC] = "alloc",
	[VS_OP_FREE] = "free",
	[VS_OP_SWAPOUT] = "swapout",
	[VS_OP_SWAPIN] = "swapin",
	[VS_OP_ZSWAP_WB] = "zswap_wb",
	[VS_OP_SWAPOFF] = "swapoff",
	[VS_OP_LOCK] = "lock",
	[VS_OP_RECLAIM_DIRECT] = "reclaim",
	[VS_OP_RECLAIM_MEMCG] = "memcg_reclaim",
	[VS_OP_DEVIO] = "devio",
	[VS_OP_BIND] = "bind",
	[VS_OP_UNBIND] = "unbind",
};

static const char *const alloc_paths[VS_NR_ALLOC_PATHS] = {
	[VS_ALLOC_PCPU] = "pcpu",
	[VS_ALLOC_REFILL] = "refill",
	[VS_ALLOC_DIRECT] = "direct",
	[VS_ALLOC_FAIL] = "fail",
};

static const char *const free_paths[VS_NR_FREE_PATHS] = {
	[VS_FREE_UNMAP] = "unmap",
	[VS_FREE_SWAPIN] = "swapin",
	[VS_FREE_CACHE] = "cache",
	[VS_FREE_SWAPOFF] = "swapoff",
};

static const char *const bind_reasons[VS_NR_BIND_REASONS] = {
	[VS_BIND_SWAPOUT] = "swapout",
	[VS_BIND_WRITEBACK] = "writeback",
	[VS_BIND_FREE] = "free",
	[VS_BIND_OVERWRITE] = "overwrite",
	[VS_BIND_SWAPOFF] = "swapoff",
	[VS_BIND_SWAPIN] = "swapin",
};

static const char *const backends[VS_NR_BACKENDS] = {
	[VS_BACKEND_FREE] = "free",
	[VS_BACKEND_SWAPCACHE] = "swapcache",
	[VS_BACKEND_ZERO] = "zero",
	[VS_BACKEND_ZSWAP] = "zswap",
	[VS_BACKEND_DISK] = "disk",
};

static const char *const locks[VS_NR_LOCKS] = {
	[VS_LOCK_CLUSTER] = "cluster",
	[VS_LOCK_DEVICE] = "device",
	[VS_LOCK_AVAIL] = "avail",
};

/* The kernel's own names of the locks, as vswaptop shows them. */
static const char *const lock_symbols[VS_NR_LOCKS] = {
	[VS_LOCK_CLUSTER] = "ci->lock",
	[VS_LOCK_DEVICE] = "si->lock",
	[VS_LOCK_AVAIL] = "swap_avail_lock",
};

static const char *const io_dirs[] = {
	[VS_IO_READ] = "read",
	[VS_IO_WRITE] = "write",
};

/* VS_OP_SWAPOFF's sub: 0 done, 1 failed. */
static const char *const swapoff_results[] = { "done", "failed" };

static const char *const tier_names[VS_NR_TIERS] = {
	[VS_TIER_TP_BTF] = "tp_btf",
	[VS_TIER_FENTRY] = "fentry",
	[VS_TIER_KPROBE] = "kprobe",
	[VS_TIER_TRACEPOINT] = "tracepoint",
};

const char *vs_op_name(unsigned int op)
{
	return PICK(op_names, op);
}

static int parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return i;
	return -1;
}

int vs_op_parse(const char *s)
{
	return parse(op_names, VS_NR_OPS, s);
}

const char *vs_sub_name(unsigned int op, unsigned int sub)
{
	if (sub == VS_SUB_ANY)
		return "any";
	switch (op) {
	case VS_OP_ALLOC: return PICK(alloc_paths, sub);
	case VS_OP_FREE: return PICK(free_paths, sub);
	case VS_OP_SWAPOUT:
	case VS_OP_SWAPIN: return PICK(backends, sub);
	case VS_OP_LOCK: return PICK(locks, sub);
	case VS_OP_DEVIO: return PICK(io_dirs, sub);
	case VS_OP_SWAPOFF: return PICK(swapoff_results, sub);
	case VS_OP_BIND:
	case VS_OP_UNBIND: return PICK(bind_reasons, sub);
	default: return NULL;
	}
}

const char *vs_backend_name(unsigned int backend)
{
	return PICK(backends, backend);
}

const char *vs_lock_name(unsigned int lock)
{
	return PICK(locks, lock);
}

const char *vs_lock_symbol(unsigned int lock)
{
	return PICK(lock_symbols, lock);
}

const char *vs_tier_name(unsigned int tier)
{
	const char *name = PICK(tier_names, tier);

	return name ? name : "-";
}

int vs_tier_parse(const char *s)
{
	return parse(tier_names, VS_NR_TIERS, s);
}
