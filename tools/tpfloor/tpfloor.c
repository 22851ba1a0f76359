// SPDX-License-Identifier: GPL-2.0
/*
 * tpfloor: attach empty BPF programs where vswaplat attaches on the vswap
 * kernel, until SIGINT or SIGTERM.  A benchmark instrument: the cost a
 * load pays with tpfloor attached is the floor under any tool's cost on
 * those events (docs/benchmarks.md).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "tpfloor.skel.h"
#include "tpfloor.bpf.id.h"
#include "probe.h"
#include "cli.h"
#include "version.h"

static const char usage_text[] =
"usage: tpfloor [-B] [-T] [-e EVENTS]\n"
"\n"
"Attach empty BPF programs to the vswap events vswaplat measures, to the\n"
"reclaim and to the block I/O tracepoints, and wait for SIGINT or SIGTERM.\n"
"\n"
"  -B, --no-devio          leave out the block I/O tracepoints\n"
"  -T, --tracepoints-only  leave out the vswap events: the tracepoints\n"
"                          every kernel has (vswaplat's tracepoint tier)\n"
"  -e, --events LIST       only these tracepoints, comma separated\n"
"                          (vswap_swapin,vswap_swapout: the floor of a set)\n"
"  -h, --help              this help\n"
"      --version           the version, libbpf and BPF object id\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/*
 * The events of a kernel built with the virtual swap device
 * (CONFIG_VSWAP_VIRTUAL): vswaplat attaches to them where they exist,
 * and so does tpfloor.
 */
static bool optional_event(const char *event)
{
	return !strcmp(event, "vswap_bind") || !strcmp(event, "vswap_unbind");
}

/*
 * Every tp_btf program's event must be in the kernel's BTF: say which is
 * missing, where a failed load would only say EINVAL.  Programs left out
 * of the load are not checked; optional events missing are left out.
 */
static void check_events(struct tpfloor_bpf *skel)
{
	struct btf *btf = btf__load_vmlinux_btf();
	struct bpf_program *prog;
	const char *sec, *event;

	if (!btf)
		die("no kernel BTF (/sys/kernel/btf/vmlinux): %s", strerror(errno));
	bpf_object__for_each_program(prog, skel->obj) {
		sec = bpf_program__section_name(prog);
		if (strncmp(sec, "tp_btf/", 7) || !bpf_program__autoload(prog))
			continue;
		event = sec + 7;
		if (btf_has_tracepoint(btf, event))
			continue;
		if (optional_event(event)) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		btf__free(btf);
		die("no %s event in this kernel (not the vswap kernel)", event);
	}
	btf__free(btf);
}

/* The tracepoint of a program's section: "vswap_swapin" of "tp_btf/vswap_swapin". */
static const char *sec_event(const char *sec)
{
	const char *slash = strchr(sec, '/');

	return slash ? slash + 1 : sec;
}

static bool in_list(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
	}
	return false;
}

/* -e: every name must be a tracepoint tpfloor has a program for. */
static void check_list(struct tpfloor_bpf *skel, const char *list)
{
	char *copy, *tok, *save = NULL;
	struct bpf_program *prog;
	bool found;

	if (!list[0] || list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,"))
		usage_error("-e: an empty name in '%s'", list);
	copy = strdup(list);
	if (!copy)
		die("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		found = false;
		bpf_object__for_each_program(prog, skel->obj)
			found |= !strcmp(sec_event(bpf_program__section_name(prog)), tok);
		/* usage_error() exits: copy goes with the process */
		if (!found)
			usage_error("no program for '%s' in -e", tok);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	enum { OPT_VERSION = 0x100 };
	static const struct option longopts[] = {
		{ "no-devio", no_argument, NULL, 'B' },
		{ "tracepoints-only", no_argument, NULL, 'T' },
		{ "events", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ 0 },
	};
	struct tpfloor_bpf *skel;
	struct bpf_program *prog;
	bool devio = true, vswap = true;
	const char *sec, *events = NULL;
	int c, err, n = 0;

	set_progname("tpfloor");
	while ((c = getopt_long(argc, argv, ":BTe:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'B':
			devio = false;
			break;
		case 'T':
			vswap = false;
			break;
		case 'e':
			events = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case OPT_VERSION:
			return version_print_bpf("tpfloor", "tpfloor.bpf.o", BPF_SHA256_tpfloor) ? 1 : 0;
		default:
			bad_option(c, argv, NULL);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	check_privileges();
	libbpf_set_print(quiet);
	/*
	 * Before attaching: a signal that comes while it attaches must stop
	 * it too (a shell's background job starts with SIGINT ignored).
	 */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	skel = tpfloor_bpf__open();
	if (!skel)
		die_bpf("open", -errno);
	if (events)
		check_list(skel, events);
	bpf_object__for_each_program(prog, skel->obj) {
		sec = bpf_program__section_name(prog);
		if ((!devio && strstr(sec, "/block_")) ||
		    (!vswap && strstr(sec, "/vswap_")) ||
		    (events && !in_list(events, sec_event(sec))))
			bpf_program__set_autoload(prog, false);
	}
	check_events(skel);
	err = tpfloor_bpf__load(skel);
	if (err)
		die_bpf("load", err);
	err = tpfloor_bpf__attach(skel);
	if (err)
		die_bpf("attach", err);
	bpf_object__for_each_program(prog, skel->obj)
		n += bpf_program__autoload(prog);
	printf("tpfloor: %d empty programs attached\n", n);
	fflush(stdout);
	/* no periodic wakeup: a floor must not add work of its own */
	while (!stop)
		sleep_interval(3600 * 24, &stop);
	tpfloor_bpf__destroy(skel);
	return 0;
}
