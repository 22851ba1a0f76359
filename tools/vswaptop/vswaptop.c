// SPDX-License-Identifier: GPL-2.0
/*
 * vswaptop: the live view of swap.  Devices and rates, swap lock
 * contention per cluster, metadata bytes per swap entry, latency per
 * operation and swapoff progress, from the same BPF layer as vswaplat.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "cli.h"
#include "collect.h"
#include "load.h"
#include "maps.h"
#include "model.h"
#include "render.h"
#include "ui.h"
#include "version.h"
#include "vswap.bpf.id.h"

static const char usage_text[] =
"usage: vswaptop [options]\n"
"\n"
"A live view of swap: per device size, use and rates; swap-in and\n"
"swap-out by backend; the swap clusters and locks that were contended;\n"
"the metadata bytes each swap entry costs on this kernel; p50/p99 per\n"
"operation; and the progress of a running swapoff.\n"
"\n"
"  -d, --delay SECS     refresh interval (default 1)\n"
"  -n, --iterations N   stop after N refreshes\n"
"  -b, --batch          plain-text snapshots for logs, no terminal UI\n"
"  -j, --json           one JSON object per refresh (implies batch)\n"
"  -s, --sort KEY       contention order: wait (default), count, max, cluster\n"
"  -c, --cgroup PATH    only swap charged to this memory cgroup\n"
"  -t, --tier TIER      measure only from TIER (tp_btf, fentry, kprobe,\n"
"                       tracepoint)\n"
"      --sample N       p50/p99 from the latency of 1 in N operations;\n"
"                       counts and rates still from every one\n"
"  -v, --verbose        libbpf debug output\n"
"  -h, --help           this help\n"
"      --version        the version, libbpf and BPF object id\n"
"\n"
"Keys: q quit, p/space pause, s sort, w/c/m/n sort by wait/count/max/\n"
"cluster, +/- interval, h help.\n";

static struct env {
	double delay;
	long iterations;
	bool batch;
	bool json;
	enum top_sort sort;
	const char *cgroup;
	int force_tier;
	bool verbose;
	unsigned int sample;	/* --sample, 0: every operation */
} env = {
	.delay = 1,
	.force_tier = -1,
	.sort = SORT_WAIT,
};

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static const struct num_spec delay_spec = {
	.what = "delay", .min = 0.1, .max = 3600, .unit = "seconds",
};
static const struct num_spec iterations_spec = {
	.what = "iteration count", .min = 1, .max = 1e9, .whole = true,
};

static void parse_args(int argc, char **argv)
{
	enum { OPT_VERSION = 0x100, OPT_SAMPLE };
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "sort", required_argument, NULL, 's' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "tier", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{}
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:bjs:c:t:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': env.delay = parse_num(optarg, &delay_spec); break;
		case 'n': env.iterations = (long)parse_num(optarg, &iterations_spec); break;
		case 'b': env.batch = true; break;
		case 'j': env.json = env.batch = true; break;
		case 's':
			if (top_sort_parse(optarg) < 0)
				usage_error("unknown sort key '%s' (wait, count, max, cluster)",
					    optarg);
			env.sort = top_sort_parse(optarg);
			break;
		case 'c': env.cgroup = optarg; break;
		case 't': env.force_tier = tier_parse_opt(optarg); break;
		case 'v': env.verbose = true; break;
		case OPT_SAMPLE: env.sample = (unsigned int)parse_num(optarg, &sample_spec); break;
		case OPT_VERSION:
			exit(version_print_bpf("vswaptop", "vswap.bpf.o", BPF_SHA256_vswap) ? 1 : 0);
		case 'h':
			errno = 0;
			fputs(usage_text, stdout);
			if (fflush(stdout) || ferror(stdout))
				die("cannot write the help to stdout: %s",
				    errno ? strerror(errno) : "write error");
			exit(0);
		default:
			bad_option(c, argv, NULL);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
}

/* What vswaptop wants of the BPF object (vswap_load()) */
static struct vswap_opts load_opts(void)
{
	return (struct vswap_opts){
		.unit_div = 1000,
		.sample_period = env.sample,
		.split_dev = true,
		.track_locks = true,
		.target_cgroup = env.cgroup ? cgroup_id(env.cgroup) : 0,
		.locks_entries = locks_map_entries(swap_cluster_slots()),
		/* to count zero-filled entries, and find each device's swap type */
		.zeromap = true,
		.bound = true,
		.swap_types = true,
	};
}

static int sample(void *ctx, struct top_snapshot *s)
{
	return collect_sample(ctx, s);
}

/* A swapon between samples: its device's I/O is measured from now. */
static void idle(void *ctx)
{
	collect_follow_swaps(ctx);
}

/* The UI's sort key decides which clusters survive the cut to the top rows. */
static void set_sort(void *ctx, enum top_sort key)
{
	((struct collector *)ctx)->sort = key;
}

/*
 * stdout after a snapshot: 0, or 1 after one line saying what was lost.
 * A disk full, a closed pipe or a file system error must not end in an
 * exit status of 0 and a log without the snapshots.
 */
static int check_output(long snapshot)
{
	/* errno is 0 before the snapshot: what failed since set it */
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	fprintf(stderr, "%s: cannot write snapshot %ld to stdout: %s; it and any later "
		"ones are lost\n", progname(), snapshot, errno ? strerror(errno) : "write error");
	return 1;
}

/* Batch and JSON modes: a snapshot every delay, until count or a signal. */
static int run_batch(struct collector *col)
{
	struct top_snapshot *s = calloc(1, sizeof(*s));
	int status = 0;
	long i;

	if (!s)
		die("out of memory");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* the terminal gone: end like SIGTERM, the programs detached */
	signal(SIGHUP, on_signal);
	for (i = 0; !exiting && (env.iterations <= 0 || i < env.iterations); i++) {
		struct timespec deadline;

		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline = timespec_after(deadline, env.delay);
		while (sleep_until(&deadline, &exiting, col->swaps_watch))
			collect_follow_swaps(col);
		col->sort = env.sort;
		collect_sample(col, s);
		errno = 0;
		if (env.json)
			render_json(stdout, s);
		else
			render_text(stdout, s, env.sort);
		status = check_output(i + 1);
		if (status)
			break;
	}
	/* what close() reports late (NFS, a full disk with delayed allocation) */
	if (!status && fclose(stdout)) {
		fprintf(stderr, "%s: cannot write to stdout: %s; snapshots up to %ld may be "
			"lost\n", progname(), strerror(errno), i);
		status = 1;
	}
	free(s);
	return status;
}

int main(int argc, char **argv)
{
	struct attach_ctx ctx = { .force_tier = -1 };
	struct vswap_opts opts;
	struct collector col;
	struct top_source src = {
		.sample = sample, .set_sort = set_sort, .idle = idle, .ctx = &col,
	};
	struct vswap_bpf *skel;
	int swaps_watch, err;

	set_progname("vswaptop");
	parse_args(argc, argv);
	/* Fail before touching the terminal or the kernel. */
	if (!env.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		die("interactive mode needs a terminal (use -b for batch mode)");
	check_privileges();
	attach_verbose = env.verbose;
	libbpf_set_print(attach_libbpf_print);

	ctx.force_tier = env.force_tier;
	for (int op = 0; op < VS_NR_OPS; op++)
		ctx.wanted[op] = true;
	/*
	 * Open before the load reads the device table: /proc/swaps polls
	 * POLLPRI for every swapon and swapoff after its open.
	 */
	swaps_watch = open("/proc/swaps", O_RDONLY | O_CLOEXEC);
	opts = load_opts();
	skel = vswap_load(&ctx, &opts);
	if (!vswap_attach(skel, &ctx))
		attach_die_unmeasured(&ctx);
	if (collect_init(&col, skel, &ctx, swaps_watch))
		die("the kernel's BTF has no swap_info_struct");
	col.sort = env.sort;

	if (env.batch)
		err = run_batch(&col);
	else
		err = ui_run(&src, env.delay, env.iterations, env.sort);

	collect_fini(&col);
	attach_destroy(&ctx);
	vswap_bpf__destroy(skel);
	return err;
}
