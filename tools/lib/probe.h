/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel has, asked of its BTF, kallsyms and its BPF
 * and tracing support; never of its version number.  Each source is
 * read once per run: /proc/kallsyms is read in one pass for every
 * symbol asked for before the first lookup (kallsyms_want()).
 */
#ifndef VSWAP_PROBE_H
#define VSWAP_PROBE_H

#include <stdbool.h>

struct btf;

/*
 * Ask for @name in the next pass over /proc/kallsyms, so that the
 * lookups of many symbols cost one read of it (about 5 MB of text the
 * kernel formats on each read).  @name must outlive the lookups.
 */
void kallsyms_want(const char *name);

/* Address of a kernel symbol from /proc/kallsyms, 0 if not found. */
unsigned long kallsyms_lookup(const char *name);

/* Is @name a function (a text symbol) in /proc/kallsyms? */
bool kallsyms_has_text(const char *name);

/*
 * Can kprobes attach at all: the kprobe PMU (4.17+), or tracefs'
 * kprobe_events, what libbpf attaches through.  A kernel built without
 * CONFIG_KPROBES has neither, and every function is in kallsyms still.
 */
bool kprobes_supported(void);

/*
 * fentry can be in BTF and still not attach (function tracing off,
 * notrace functions): load a two-instruction program on @func and
 * attach it.  0, -ENOENT if @func is not in @btf, or the error.
 */
int fentry_try(const struct btf *btf, const char *func);

/* Does parameter @idx of kernel function @func point to a @type (a struct name)? */
bool btf_func_param_points_to(const struct btf *btf, const char *func, int idx,
			      const char *type);
/* The number of parameters of kernel function @func, -1 if not in BTF */
int btf_func_nr_params(const struct btf *btf, const char *func);
/* Does kernel function @func return @type (a BTF name: "int", "_Bool")? */
bool btf_func_returns(const struct btf *btf, const char *func, const char *type);
/* Is kernel function @func in @btf? */
bool btf_has_func(const struct btf *btf, const char *func);

/* Does struct @type of the kernel's BTF have a member @member (top level)? */
bool btf_struct_has_member(const struct btf *btf, const char *type, const char *member);

/*
 * The value of enumerator @name in any enum of @btf (named or not, as
 * the SWP_* flags), in *@value; false if no enum has it.
 */
bool btf_enum_value(const struct btf *btf, const char *name, long long *value);

/*
 * The size of what pointer member @member of struct @type points to
 * (8 for an unsigned long *); -1 if there is no such pointer member.
 */
long btf_member_pointee_size(const struct btf *btf, const char *type, const char *member);

/* Is tracepoint @name in the kernel's BTF (its btf_trace_ typedef)? */
bool btf_has_tracepoint(const struct btf *btf, const char *name);

/*
 * How many swap-outs and swap-ins of a backend one record of the
 * kernel's sampled events stands for, on average (patch 15's module
 * parameter); 0 if the kernel has no such parameter.
 */
#define KERNEL_SAMPLE_PERIOD_FILE "/sys/module/vswap/parameters/sample_period"
unsigned int kernel_sample_period(void);

#endif /* VSWAP_PROBE_H */
