// SPDX-License-Identifier: GPL-2.0
/* Opening and loading bpf/vswap.bpf.c, leaving out what does not load. */
#include <errno.h>
#include <string.h>
#include "cli.h"
#include "load.h"

struct vswap_bpf *vswap_load(struct attach_ctx *ctx, vswap_configure_fn configure)
{
	struct vswap_bpf *skel;
	int err;

	for (;;) {
		skel = vswap_bpf__open();
		if (!skel)
			die("cannot open the BPF object: %s", strerror(errno));
		ctx->obj = skel->obj;
		configure(skel, ctx);
		err = vswap_bpf__load(skel);
		if (!err)
			return skel;
		if (!attach_drop_failed(ctx))
			die_bpf("cannot load the BPF programs", err);
		vswap_bpf__destroy(skel);
	}
}
