/* SPDX-License-Identifier: GPL-2.0 */
/* Opening and loading bpf/vswap.bpf.c, leaving out what does not load. */
#ifndef VSWAP_LOAD_H
#define VSWAP_LOAD_H

#include "attach.h"
#include "vswap.skel.h"

/*
 * Set up a freshly opened object before its load: global data, map
 * sizes, attach_plan() on @ctx, the autoload of programs run on demand.
 */
typedef void (*vswap_configure_fn)(struct vswap_bpf *skel, struct attach_ctx *ctx);

/*
 * Open, configure and load the BPF object.  A program the running kernel
 * rejects costs the operations that use it, not the run: it is left out
 * (attach_drop_failed()) and the object opened and loaded again.  Dies
 * with one line on stderr if it cannot load at all.
 */
struct vswap_bpf *vswap_load(struct attach_ctx *ctx, vswap_configure_fn configure);

/*
 * attach_all(), then turn on what needs its programs attached first (the
 * swap-in's wait for its read's end_io).  Returns attach_all()'s count.
 */
int vswap_attach(struct vswap_bpf *skel, struct attach_ctx *ctx);

#endif /* VSWAP_LOAD_H */
