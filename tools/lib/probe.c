// SPDX-License-Identifier: GPL-2.0
/* Probing the running kernel: kallsyms, BTF, fentry and kprobe support. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "cli.h"
#include "probe.h"

/* ---- kallsyms: one pass for every symbol asked for ------------------------ */

#define KSYMS_MAX	64

static struct ksym {
	const char *name;
	unsigned long addr;	/* of its first line, 0 if none */
	bool text;		/* a 't' or 'T' line among its lines */
	bool scanned;
} ksyms[KSYMS_MAX];
static int nr_ksyms;

static struct ksym *ksym_find(const char *name)
{
	for (int i = 0; i < nr_ksyms; i++)
		if (!strcmp(ksyms[i].name, name))
			return &ksyms[i];
	return NULL;
}

void kallsyms_want(const char *name)
{
	if (ksym_find(name))
		return;
	if (nr_ksyms == KSYMS_MAX)
		die("too many kernel symbols to look up (%d)", KSYMS_MAX);
	ksyms[nr_ksyms++] = (struct ksym){ .name = name };
}

/* One line, "ffffffff81234560 T name\t[module]", against the wanted symbols */
static void ksym_line(const char *line, size_t len)
{
	const char *sym, *end = line + len, *hex = line;
	unsigned long addr = 0;
	char type;
	size_t n;

	while (hex < end && *hex != ' ') {
		int c = *hex++, d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

		addr = addr << 4 | (unsigned long)(d & 0xf);
	}
	if (end - hex < 4)
		return;
	type = hex[1];
	sym = hex + 3;
	for (n = 0; sym + n < end && sym[n] != '\t' && sym[n] != ' '; n++)
		;
	for (int i = 0; i < nr_ksyms; i++) {
		struct ksym *k = &ksyms[i];

		if (k->scanned || strncmp(k->name, sym, n) || k->name[n])
			continue;
		if (!k->addr)
			k->addr = addr;
		k->text |= type == 't' || type == 'T';
	}
}

/* Read /proc/kallsyms once for every symbol not looked up yet. */
static void ksyms_scan(void)
{
	static char buf[1 << 16];
	size_t have = 0;
	ssize_t got;
	int fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);

	while (fd >= 0 && (got = read(fd, buf + have, sizeof(buf) - have)) > 0) {
		char *line = buf, *nl, *end = buf + have + got;

		while ((nl = memchr(line, '\n', end - line))) {
			ksym_line(line, nl - line);
			line = nl + 1;
		}
		have = end - line;
		memmove(buf, line, have);
		if (have == sizeof(buf))	/* no line is that long */
			have = 0;
	}
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < nr_ksyms; i++)
		ksyms[i].scanned = true;
}

static const struct ksym *ksym_get(const char *name)
{
	struct ksym *k;

	kallsyms_want(name);
	k = ksym_find(name);
	if (!k->scanned)
		ksyms_scan();
	return k;
}

unsigned long kallsyms_lookup(const char *name)
{
	return ksym_get(name)->addr;
}

bool kallsyms_has_text(const char *name)
{
	return ksym_get(name)->text;
}

/* ---- kprobes, fentry ---------------------------------------------------- */

bool kprobes_supported(void)
{
	static int supported = -1;

	if (supported < 0)
		supported = !access("/sys/bus/event_source/devices/kprobe/type", F_OK) ||
			    !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
			    !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
	return supported;
}

int fentry_try(const struct btf *btf, const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	int prog, link, err;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = BPF_TRACE_FENTRY,
		.attach_btf_id = id,
	);

	if (id < 0)
		return -ENOENT;
	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "vswap_probe", "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
	if (prog < 0)
		return -errno;
	link = bpf_raw_tracepoint_open(NULL, prog);
	err = link < 0 ? -errno : 0;
	if (link >= 0)
		close(link);
	close(prog);
	return err;
}

/* ---- BTF ------------------------------------------------------------------ */

/* The prototype of kernel function @func, NULL if not in BTF */
static const struct btf_type *btf_func_proto(const struct btf *btf, const char *func)
{
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);

	return id < 0 ? NULL : btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
}

/* Type @id with its modifiers and typedefs skipped, and through one pointer */
static const struct btf_type *btf_pointee(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));

	if (t && btf_is_ptr(t))
		t = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
	return t;
}

bool btf_func_param_points_to(const struct btf *btf, const char *func, int idx,
			      const char *type)
{
	const struct btf_type *proto = btf_func_proto(btf, func), *t;

	if (!proto || idx >= btf_vlen(proto))
		return false;
	t = btf_pointee(btf, btf_params(proto)[idx].type);
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), type);
}

int btf_func_nr_params(const struct btf *btf, const char *func)
{
	const struct btf_type *proto = btf_func_proto(btf, func);

	return proto ? btf_vlen(proto) : -1;
}

bool btf_func_returns(const struct btf *btf, const char *func, const char *type)
{
	const struct btf_type *proto = btf_func_proto(btf, func), *t;

	if (!proto)
		return false;
	t = btf__type_by_id(btf, btf__resolve_type(btf, proto->type));
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), type);
}

bool btf_has_func(const struct btf *btf, const char *func)
{
	return btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) >= 0;
}

bool btf_struct_has_member(const struct btf *btf, const char *type, const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_type *t = id < 0 ? NULL : btf__type_by_id(btf, id);
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), member))
			return true;
	return false;
}

bool btf_enum_value(const struct btf *btf, const char *name, long long *value)
{
	int n = btf__type_cnt(btf);

	for (int id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);

			for (int i = 0; i < btf_vlen(t); i++)
				if (!strcmp(btf__name_by_offset(btf, e[i].name_off), name)) {
					*value = btf_kflag(t) ? (long long)e[i].val : (long long)(__u32)e[i].val;
					return true;
				}
		} else if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t);

			for (int i = 0; i < btf_vlen(t); i++)
				if (!strcmp(btf__name_by_offset(btf, e[i].name_off), name)) {
					*value = (long long)btf_enum64_value(&e[i]);
					return true;
				}
		}
	}
	return false;
}

long btf_member_pointee_size(const struct btf *btf, const char *type, const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_type *t = id < 0 ? NULL : btf__type_by_id(btf, id);
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++) {
		const struct btf_type *p;

		if (strcmp(btf__name_by_offset(btf, m[i].name_off), member))
			continue;
		p = btf__type_by_id(btf, btf__resolve_type(btf, m[i].type));
		if (!p || !btf_is_ptr(p))
			return -1;
		return btf__resolve_size(btf, p->type);
	}
	return -1;
}

unsigned int kernel_sample_period(void)
{
	char buf[32] = "";
	unsigned long v;
	char *end;
	int fd = open(KERNEL_SAMPLE_PERIOD_FILE, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtoul(buf, &end, 10);
	return end != buf && v <= 1u << 20 ? (unsigned int)v : 0;
}

bool btf_has_tracepoint(const struct btf *btf, const char *name)
{
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf__find_by_name_kind(btf, type, BTF_KIND_TYPEDEF) >= 0;
}
