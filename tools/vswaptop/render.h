/* SPDX-License-Identifier: GPL-2.0 */
/* vswaptop's batch output (render.c): text for logs, JSON lines. */
#ifndef VSWAPTOP_RENDER_H
#define VSWAPTOP_RENDER_H

#include <stdio.h>
#include "top.h"

/*
 * One snapshot to @f.  Write errors are left in @f's error flag
 * (ferror()): the caller, which knows what @f is, reports them.
 */
void render_text(FILE *f, const struct top_snapshot *s, enum top_sort key);
void render_json(FILE *f, const struct top_snapshot *s);

#endif /* VSWAPTOP_RENDER_H */
