/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every name a tool prints or parses for the values of bpf/vswap.h: the
 * operations, their sub-operations (paths, backends, locks, directions),
 * and the attach tiers.  Defined once here; recordings, JSON and the
 * Prometheus file use the same strings, so they are part of the output
 * format and never change.
 */
#ifndef VSWAP_NAMES_H
#define VSWAP_NAMES_H

#include <linux/types.h>
#include "vswap.h"

/* "alloc", "free", ..., "devio", "bind", "unbind"; NULL if @op is out of range. */
const char *vs_op_name(unsigned int op);
/* The operation named @s, or -1. */
int vs_op_parse(const char *s);

/*
 * The name of @op's sub-operation @sub (a path, backend, lock, I/O
 * direction or bind reason): "any" for VS_SUB_ANY, NULL where @op has no subs or @sub
 * is out of range.
 */
const char *vs_sub_name(unsigned int op, unsigned int sub);

const char *vs_backend_name(unsigned int backend);	/* "zswap" */
const char *vs_lock_name(unsigned int lock);		/* "cluster" */
const char *vs_lock_symbol(unsigned int lock);		/* "ci->lock" */

/* "tp_btf", ..., "tracepoint"; "-" for VS_TIER_NONE or out of range. */
const char *vs_tier_name(unsigned int tier);
/* The tier named @s, or -1. */
int vs_tier_parse(const char *s);

#endif /* VSWAP_NAMES_H */
