// SPDX-License-Identifier: GPL-2.0
/*
 * vswaplat: latency histograms of swap operations, aggregated in the
 * kernel by bpf/vswap.bpf.c.  On the vswap kernel variant from its trace
 * events, elsewhere from fentry, kprobes or tracepoints (see --list).
 * Also records them (-o), exports them to Prometheus (--prom), and
 * compares two recordings ("vswaplat compare", compare.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "vswap.h"		/* the types of the skeleton's rodata */
#include "vswap.skel.h"
#include "vswap.bpf.id.h"
#include "attach.h"
#include "cli.h"
#include "names.h"
#include "compare.h"
#include "hist.h"
#include "json.h"
#include "load.h"
#include "maps.h"
#include "missed.h"
#include "output.h"
#include "probe.h"
#include "prom.h"
#include "swaps.h"
#include "tiers.h"
#include "vmstat.h"
#include "version.h"

static const char usage_text[] =
"usage: vswaplat [options] [interval [count]]\n"
"       vswaplat compare [options] A.jsonl B.jsonl   (see compare --help)\n"
"\n"
"Latency histograms of swap operations: allocation, free, swap-out by\n"
"backend, swap-in by source, zswap writeback, swapoff, swap lock waits,\n"
"direct and memcg reclaim, swap device I/O, and the physical slots of\n"
"virtual swap slots bound and unbound.  Prints the histograms every\n"
"INTERVAL seconds (COUNT times), or once at Ctrl-C.\n"
"\n"
"  -m, --msec          histograms in milliseconds\n"
"  -u, --usec          histograms in microseconds (default)\n"
"  -n, --nsec          histograms in nanoseconds\n"
"  -T, --timestamp     print a timestamp with each interval\n"
"  -c, --cgroup PATH   only swap charged to this memory cgroup (v1 or v2\n"
"                      directory) and its descendants\n"
"  -D, --per-device    a histogram per swap device\n"
"  -O, --ops LIST      only these operations (comma separated): alloc,\n"
"                      free, swapout, swapin, zswap_wb, swapoff, lock,\n"
"                      reclaim, memcg_reclaim, devio, bind, unbind\n"
"  -t, --tier TIER     measure only from TIER: tp_btf, fentry, kprobe or\n"
"                      tracepoint (to test fallbacks)\n"
"  -l, --list          print where each operation is measured from, or why\n"
"                      it cannot be, and exit\n"
"  -s, --summary       summary lines only, no bars\n"
"  -j, --json          JSON lines (one object per histogram and interval)\n"
"  -o, --output FILE   also write the JSON lines to FILE (a recording for\n"
"                      vswaplat compare), whatever the terminal gets\n"
"      --sample N      the latency of one operation in N (on average, per\n"
"                      histogram and CPU); every operation is still counted\n"
"      --canary        what costs least and still says where swap time goes:\n"
"                      on the vswap kernel swap-out, swap-in, zswap\n"
"                      writeback, swapoff, locks and reclaim, else reclaim\n"
"                      and devio; latency sampled 1 in 16 unless --sample\n"
"                      says otherwise, swap-out and swap-in by the kernel\n"
"                      where it can (vswap.sample_period)\n"
"      --prom FILE     rewrite FILE every interval with the histograms\n"
"                      since start, for Prometheus (node_exporter's\n"
"                      textfile collector); needs an interval\n"
"  -v, --verbose       libbpf debug output\n"
"  -h, --help          this help\n"
"      --version       the version, libbpf and BPF object id\n";

static struct env {
	const struct hist_unit *unit;
	bool timestamp;
	const char *cgroup;
	bool per_dev;
	bool wanted[VS_NR_OPS];
	int force_tier;
	bool list;
	bool summary;
	bool json;
	bool verbose;
	const char *output;
	const char *prom;
	double interval;
	long count;
	unsigned int sample;	/* --sample; 0 until main() settles it */
	bool canary;
	/* --canary on a kernel that samples swap-out and swap-in: its period */
	unsigned int kernel_sample;
	bool ops_given;		/* -O */
} env = {
	.unit = &hist_units[1],
	.force_tier = -1,
	.interval = 0,
	.count = -1,
};

static volatile sig_atomic_t exiting;

/* Where the JSON lines go: stdout with -j, the -o file. */
static FILE *json_out[2];
static int nr_json_out;
static struct output output;

static struct prom prom;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static void parse_ops(const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;

	if (!copy)
		die("out of memory");
	memset(env.wanted, 0, sizeof(env.wanted));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int op = vs_op_parse(tok);

		if (op < 0)
			usage_error("unknown operation '%s' for -O", tok);
		env.wanted[op] = true;
	}
	free(copy);
}

/*
 * Below 0.1 s the reads of the maps would be most of the work; above a
 * day, an interval is no longer a rate.  A count of 0 is not "for ever":
 * that is no count.
 */
static const struct num_spec interval_spec = {
	.what = "interval", .min = 0.1, .max = 86400, .unit = "seconds",
};
static const struct num_spec count_spec = {
	.what = "count", .min = 1, .max = 1e9, .whole = true,
};
/* --canary's sampling when --sample is not given (docs/vswaplat.md says why) */
#define CANARY_SAMPLE	16

static void parse_args(int argc, char **argv)
{
	enum { OPT_PROM = 0x100, OPT_VERSION, OPT_SAMPLE, OPT_CANARY };
	static const struct option opts[] = {
		{ "msec", no_argument, NULL, 'm' },
		{ "usec", no_argument, NULL, 'u' },
		{ "nsec", no_argument, NULL, 'n' },
		{ "timestamp", no_argument, NULL, 'T' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "per-device", no_argument, NULL, 'D' },
		{ "ops", required_argument, NULL, 'O' },
		{ "tier", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "summary", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "prom", required_argument, NULL, OPT_PROM },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "canary", no_argument, NULL, OPT_CANARY },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{}
	};
	int c;

	for (int op = 0; op < VS_NR_OPS; op++)
		env.wanted[op] = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":munTc:DO:t:lsjvo:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': env.unit = &hist_units[2]; break;
		case 'u': env.unit = &hist_units[1]; break;
		case 'n': env.unit = &hist_units[0]; break;
		case 'T': env.timestamp = true; break;
		case 'c': env.cgroup = optarg; break;
		case 'D': env.per_dev = true; break;
		case 'O': parse_ops(optarg); env.ops_given = true; break;
		case 't': env.force_tier = tier_parse_opt(optarg); break;
		case 'l': env.list = true; break;
		case 's': env.summary = true; break;
		case 'j': env.json = true; break;
		case 'v': env.verbose = true; break;
		case 'o': env.output = optarg; break;
		case OPT_PROM: env.prom = optarg; break;
		case OPT_SAMPLE: env.sample = (unsigned int)parse_num(optarg, &sample_spec); break;
		case OPT_CANARY: env.canary = true; break;
		case OPT_VERSION:
			exit(version_print_bpf("vswaplat", "vswap.bpf.o", BPF_SHA256_vswap) ? 1 : 0);
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			bad_option(c, argv, NULL);
		}
	}
	if (optind < argc) {
		env.interval = parse_num(argv[optind++], &interval_spec);
		if (optind < argc)
			env.count = (long)parse_num(argv[optind++], &count_spec);
		if (optind < argc)
			usage_error("unexpected argument '%s'", argv[optind]);
	}
	if (env.canary && env.ops_given)
		usage_error("--canary chooses the operations: give it or -O, not both");
	/* Without an interval the file would appear only at the end. */
	if (env.prom && !env.interval)
		usage_error("--prom needs an interval (it rewrites the file every interval)");
	/* the recording would be replaced by the Prometheus file */
	if (env.output && env.prom && output_same_file(env.output, env.prom))
		usage_error("-o and --prom both name %s: give each its own file", env.prom);
}

/*
 * --canary: the operations a tool left on for good can afford.  With the
 * vswap events, swap-out and swap-in (one event per page each: the
 * least that says which backend got slower) and the rare ones: zswap
 * writeback, swapoff, reclaim, and lock waits, whose event costs a
 * trylock per acquisition (0.1 point of swap-in throughput).  Left out:
 * alloc (one more event per page, 0.45 point), free (three per swap-in),
 * devio (its time is inside swap-in and swap-out latency there), bind
 * and unbind (one more per page under the virtual device).  Without the
 * events (a stock kernel, or -t tracepoint): the tracepoints every
 * kernel has, reclaim and devio.  The function tiers are left out: a
 * kprobe pair costs more than an event.  Where the kernel samples
 * swap-out and swap-in itself, their sampled events, which cost a
 * program run only for the records the kernel keeps.  docs/benchmarks.md,
 * "A canary under 1%", has the measurements.
 */
static void choose_canary(void)
{
	static const int with_events[] = {
		VS_OP_SWAPOUT, VS_OP_SWAPIN, VS_OP_ZSWAP_WB, VS_OP_SWAPOFF,
		VS_OP_LOCK, VS_OP_RECLAIM_DIRECT, VS_OP_RECLAIM_MEMCG,
	};
	static const int without[] = {
		VS_OP_RECLAIM_DIRECT, VS_OP_RECLAIM_MEMCG, VS_OP_DEVIO,
	};
	struct btf *btf = btf__load_vmlinux_btf();
	bool events = btf && btf_has_tracepoint(btf, VSWAP_FIRST_EVENT) &&
		      (env.force_tier < 0 || env.force_tier == VS_TIER_TP_BTF);
	const int *ops = events ? with_events : without;
	size_t n = events ? sizeof(with_events) / sizeof(*ops) : sizeof(without) / sizeof(*ops);
	char left[256] = "", how[160] = "";
	size_t len = 0;

	/*
	 * Where the kernel samples swap-out and swap-in itself (patch 15),
	 * their events cost a program run only for the records it keeps:
	 * the floor of an event per page is gone, not only the program.
	 */
	if (events && btf_has_tracepoint(btf, "vswap_swapout_sampled") &&
	    btf_has_tracepoint(btf, "vswap_swapin_sampled"))
		env.kernel_sample = kernel_sample_period();
	btf__free(btf);
	memset(env.wanted, 0, sizeof(env.wanted));
	for (size_t i = 0; i < n; i++)
		env.wanted[ops[i]] = true;
	if (!env.sample)
		env.sample = CANARY_SAMPLE;
	for (int op = 0; op < VS_NR_OPS && len < sizeof(left); op++)
		if (!env.wanted[op])
			len += snprintf(left + len, sizeof(left) - len, "%s%s", len ? ", " : "",
					vs_op_name(op));
	if (env.kernel_sample)
		snprintf(how, sizeof(how), ", swap-out and swap-in 1 in %u by the kernel "
			 "(vswap.sample_period)", env.kernel_sample);
	if (!env.list)
		fprintf(stderr, "vswaplat: --canary%s: not measured: %s; latency of 1 in %u "
			"operations%s, every one counted\n",
			events ? "" : " (no vswap events)", left, env.sample, how);
}

/* ---- reading and printing the histograms --------------------------------- */

static struct swap_dev swaps[SWAPS_MAX];
static int nr_swaps;
static struct swap_type_reader swap_types = { .prog_fd = -1 };

/*
 * -D names each histogram by a device, from its swap type.  /proc/swaps's
 * line numbers are types only until a lower type is swapped off: taken
 * for types, one device's I/O was reported as another's (a zram swapoff's
 * reads under /dev/loop0).  So -D needs the types from swap_info[]
 * itself, through its address in kallsyms, or refuses.
 */
static const char no_types[] =
	"-D needs each swap device's type from the kernel's swap_info[]";


/*
 * The devices the last read of swap_info[] saw, -1 if it failed.  A slot
 * it could not read (a wrong address) reads as unused: a read is only
 * good if it saw as many as /proc/swaps lists.
 */
static int swap_types_seen(const struct swap_type_reader *r)
{
	int used = 0;

	if (*r->err)
		return -1;
	for (int t = 0; t < VS_MAX_SWAP_BDEVS; t++)
		used += r->types[t].used;
	return used;
}

/*
 * After load (whose one pass over kallsyms found swap_info, or not): the
 * address, and the program that reads swap_info[] loaded, runs, and sees.
 */
static void check_swap_types(const struct swap_type_reader *r)
{
	struct swap_dev devs[SWAPS_MAX];
	int n;

	if (!kallsyms_lookup("swap_info"))
		die("%s, and /proc/kallsyms gives no address for swap_info "
		    "(CONFIG_KALLSYMS_ALL off, or addresses hidden by kptr_restrict "
		    "without CAP_SYSLOG)", no_types);
	if (r->prog_fd < 0)
		die("%s, and its reader (read_swap_types) did not load", no_types);
	n = swaps_read_typed(r, devs, SWAPS_MAX);
	if (n < 0)
		die("cannot read /proc/swaps: %s", strerror(-n));
	if (swap_types_seen(r) < 0)
		die("%s, and its reader (read_swap_types) failed", no_types);
	if (swap_types_seen(r) != n)
		die("%s, and it shows %d devices where /proc/swaps lists %d",
		    no_types, swap_types_seen(r), n);
}

static const char *dev_name(char *buf, size_t len, __u32 dev)
{
	if (dev == VS_DEV_NONE)
		return NULL;
	for (int i = 0; i < nr_swaps; i++)
		if (swaps[i].type == (int)dev) {
			snprintf(buf, len, "%s", swaps[i].path);
			return buf;
		}
	snprintf(buf, len, "type %u", dev);
	return buf;
}

/* The sampling period of @op: the kernel's where it samples the op's event */
static unsigned int op_sample(const struct attach_ctx *ctx, int op)
{
	return attach_kernel_sampled(ctx, op) ? env.kernel_sample : env.sample;
}

/*
 * A histogram read between an operation's count and its sample has
 * operations and no samples; unsampled, it waits for the next interval
 * as before, sampled it is a key whose operations went unsampled.
 */
static bool shown(const struct attach_ctx *ctx, int op, const struct vs_hist *h)
{
	return h->count || op_sample(ctx, op) > 1;
}

static void print_text(const struct attach_ctx *ctx, const struct hist_entry *e, int n)
{
	char dbuf[64];

	for (int i = 0; i < n; i++) {
		const struct vs_hist_key *k = &e[i].key;
		const char *sub = vs_sub_name(k->op, k->sub);
		const char *dev = dev_name(dbuf, sizeof(dbuf), k->dev);

		if (!shown(ctx, k->op, &e[i].hist))
			continue;
		printf("\n%s", vs_op_name(k->op));
		if (sub)
			printf(" %s", sub);
		if (dev)
			printf(" [%s]", dev);
		printf(" (%s)\n", vs_tier_name(ctx->state[k->op].tier));
		if (!env.summary)
			hist_print(stdout, &e[i].hist, env.unit);
		printf("    ");
		hist_print_summary(stdout, &e[i].hist, env.unit->div, op_sample(ctx, k->op) > 1);
	}
}

static void print_json(FILE *f, const struct attach_ctx *ctx, const struct hist_entry *e,
		       int n, double interval, time_t now)
{
	char dbuf[64];

	for (int i = 0; i < n; i++) {
		const struct vs_hist_key *k = &e[i].key;
		const struct vs_hist *h = &e[i].hist;
		const char *sub = vs_sub_name(k->op, k->sub);
		const char *dev = dev_name(dbuf, sizeof(dbuf), k->dev);
		int last = hist_last_slot(h);
		uint64_t div = env.unit->div;
		struct json_writer w;

		if (!shown(ctx, k->op, h))
			continue;
		jw_init(&w, f);
		jw_object(&w);
		jw_kstr(&w, "type", "hist");
		jw_ki64(&w, "time", now);
		jw_knum(&w, "interval_s", "%.3f", interval, true);
		jw_kstr(&w, "op", vs_op_name(k->op));
		jw_kstr(&w, "sub", sub);
		jw_kstr(&w, "dev", dev);
		jw_kstr(&w, "tier", vs_tier_name(ctx->state[k->op].tier));
		jw_kstr(&w, "unit", env.unit->suffix);
		jw_ku64(&w, "count", h->count);
		jw_ku64(&w, "ops", h->ops);
		jw_ku64(&w, "sample", op_sample(ctx, k->op));
		jw_ku64(&w, "pages", h->pages);
		jw_ku64(&w, "sum_ns", h->sum_ns);
		/* a value that is not a number is written null, never nan */
		/* no samples: no latency, null rather than 0 */
		jw_knum(&w, "avg_ns", "%.0f", hist_mean_ns(h), h->count);
		jw_knum(&w, "p50_ns", "%.0f", hist_quantile(h, 0.50, div) * div, h->count);
		jw_knum(&w, "p90_ns", "%.0f", hist_quantile(h, 0.90, div) * div, h->count);
		jw_knum(&w, "p99_ns", "%.0f", hist_quantile(h, 0.99, div) * div, h->count);
		jw_ku64(&w, "max_ns", h->max_ns);
		jw_key(&w, "slots");
		jw_array(&w);
		for (int s = 0; s <= last; s++)
			jw_u64(&w, h->slots[s]);
		jw_end(&w);
		jw_end(&w);
	}
}

/*
 * stdout holds the report (or, with -j, the recording): a write lost there
 * is the run lost, so it ends the run, as a full disk or a closed pipe
 * must not pass for a run that measured nothing.
 */
static void flush_stdout(void)
{
	int err = fflush(stdout) ? errno : 0;

	if (!err && ferror(stdout))
		err = EIO;
	if (err)
		die("cannot write stdout: %s", strerror(err));
}

/*
 * Before any open: with fd 1 closed, the first file opened would become
 * "stdout" (the -o file, a BPF map), and the report would go into it.
 */
static void check_stdout(void)
{
	int fl = fcntl(STDOUT_FILENO, F_GETFL);

	if (fl < 0)
		die("cannot write stdout: %s", strerror(errno));
	if ((fl & O_ACCMODE) == O_RDONLY)
		die("cannot write stdout: it is open read-only");
}

/* The -o file: flushed every interval, so a recording is never far behind. */
static void flush_output(void)
{
	int err = output.f ? output_flush(&output) : 0;

	if (err)
		die("cannot write %s: %s", env.output, output_strerror(err));
}

/* the last --prom write's error: the exit status if it is the final one */
static int prom_err;

/* Tell a write failure once, not every interval, and its end. */
static void write_prom(void)
{
	int err = prom_write(&prom);

	if (err && err != prom_err)
		warn_msg("cannot write %s: %s", env.prom, output_strerror(err));
	else if (!err && prom_err)
		warn_msg("%s written again", env.prom);
	prom_err = err;
}

static void add_prom(const struct attach_ctx *ctx, const struct hist_entry *e, int n)
{
	char dbuf[64];

	for (int i = 0; i < n; i++) {
		const struct vs_hist_key *k = &e[i].key;

		prom_add(&prom, k, vs_op_name(k->op), vs_sub_name(k->op, k->sub),
			 dev_name(dbuf, sizeof(dbuf), k->dev),
			 vs_tier_name(ctx->state[k->op].tier), &e[i].hist);
	}
}

/*
 * What could not be recorded, never reset: the stats map's per-CPU
 * counters below VS_STAT_LOCKS_FULL (the ones from there on are
 * vswaptop's, which alone keeps per-lock records), and the events the
 * kernel did not run a program for because it was running on that CPU
 * already (attach_runs_missed()).
 */
enum { LOSS_NESTED = VS_STAT_LOCKS_FULL, NR_LOSSES };

static const char *const loss_what[NR_LOSSES] = {
	[VS_STAT_HIST_FULL] = "histogram map full",
	[VS_STAT_START_FULL] = "start map full",
	[VS_STAT_NO_START] = "exits without a seen entry",
	[VS_STAT_RQ_TOO_LONG] = "requests of more bios than walked",
	[VS_STAT_IO_UNSEEN] = "pages of swap I/O that ended unseen (no program ran)",
	[LOSS_NESTED] = "events while their program ran on the same CPU (skipped by the kernel)",
};

/* The same as Prometheus label values: short, no spaces. */
static const char *const loss_label[NR_LOSSES] = {
	[VS_STAT_HIST_FULL] = "hist_map_full",
	[VS_STAT_START_FULL] = "start_map_full",
	[VS_STAT_NO_START] = "no_start",
	[VS_STAT_RQ_TOO_LONG] = "rq_too_long",
	[VS_STAT_IO_UNSEEN] = "io_unseen",
	[LOSS_NESTED] = "nested_runs",
};

static void read_losses(struct vswap_bpf *skel, const struct attach_ctx *ctx,
			__u64 sums[NR_LOSSES])
{
	__u64 stats[VS_NR_STATS];

	statmap_read(bpf_map__fd(skel->maps.stats), stats);
	memcpy(sums, stats, LOSS_NESTED * sizeof(*sums));
	sums[LOSS_NESTED] = attach_runs_missed(ctx);
}

static void update_prom_losses(struct vswap_bpf *skel, const struct attach_ctx *ctx)
{
	__u64 sums[NR_LOSSES];

	read_losses(skel, ctx, sums);
	for (int s = 0; s < NR_LOSSES; s++)
		prom_set_lost(&prom, loss_label[s], sums[s]);
}

/*
 * Per operation, the events its programs did not run for (missed.h),
 * read at every report: counted from load, as the histograms are.
 */
static struct missed missed;

static void read_missed(const struct attach_ctx *ctx)
{
	for (int op = 0; op < VS_NR_OPS; op++) {
		__u64 total;
		int err;

		if (!ctx->wanted[op] || ctx->state[op].tier == VS_TIER_NONE)
			continue;
		err = attach_op_missed(ctx, op, &total);
		missed_update(&missed, op, err, total);
		if (env.prom)
			prom_set_missed(&prom, vs_op_name(op), vs_tier_name(ctx->state[op].tier),
					!err, total);
	}
}

/* Once at start: operations whose shortfall the kernel cannot tell. */
static void warn_missed_unknown(const struct attach_ctx *ctx)
{
	char ops[256] = "";
	size_t len = 0;

	for (int op = 0; op < VS_NR_OPS && len < sizeof(ops); op++) {
		__u64 total;

		if (!ctx->wanted[op] || ctx->state[op].tier == VS_TIER_NONE ||
		    !attach_op_missed(ctx, op, &total))
			continue;
		len += snprintf(ops + len, sizeof(ops) - len, "%s%s", len ? ", " : "",
				vs_op_name(op));
	}
	if (ops[0])
		warn_msg("cannot read how many events the kernel skipped (BPF recursion "
			 "protection; recursion_misses needs Linux 5.12): %s may count short, "
			 "by an unknown number", ops);
}

/*
 * The kernel's own swap counters over the same window as the histograms,
 * so that a reader (and the tests) can reconcile the two without racing
 * a snapshot taken by another process.  Read at attach, and again at the
 * end of every printed window.
 */
static uint64_t vm_last[VM_NR_COUNTERS];
static int vm_present;

static void vmstat_window(uint64_t delta[VM_NR_COUNTERS])
{
	uint64_t vm[VM_NR_COUNTERS];
	int present = vmstat_read(NULL, vm);

	for (int i = 0; i < VM_NR_COUNTERS; i++)
		delta[i] = vm[i] - vm_last[i];
	memcpy(vm_last, vm, sizeof(vm));
	/* a counter must be there at both ends */
	vm_present &= present < 0 ? 0 : present;
}

static void print_vmstat_json(FILE *f, const uint64_t *delta, double interval, time_t now)
{
	struct json_writer w;

	jw_init(&w, f);
	jw_object(&w);
	jw_kstr(&w, "type", "vmstat");
	jw_ki64(&w, "time", now);
	jw_knum(&w, "interval_s", "%.3f", interval, true);
	for (int i = 0; i < VM_NR_COUNTERS; i++)
		if (vm_present & (1 << i)) {
			jw_ku64(&w, vm_counter_names[i], delta[i]);
		}
	jw_end(&w);
}

static void print_vmstat_text(const uint64_t *delta)
{
	if (!vm_present)
		return;
	printf("\nkernel swap counters, pages (/proc/vmstat, whole system):\n   ");
	for (int i = 0; i < VM_NR_COUNTERS; i++)
		if (vm_present & (1 << i))
			printf(" %s %llu", vm_counter_names[i], (unsigned long long)delta[i]);
	printf("\n");
}

/* @iv: the interval since the last call, NULL for the totals since load */
static void print_interval(struct vswap_bpf *skel, const struct attach_ctx *ctx,
			   double interval, struct hist_interval *iv)
{
	uint64_t vm[VM_NR_COUNTERS];
	struct hist_entry *e;
	int n;

	if (iv)
		hist_interval_end(iv);
	n = histmap_read(bpf_map__fd(skel->maps.hists), &e, iv);
	vmstat_window(vm);
	time_t now = time(NULL);

	read_missed(ctx);
	nr_swaps = swaps_read_typed(&swap_types, swaps, SWAPS_MAX);
	/* types not read this time: name no device rather than the wrong one */
	if (nr_swaps < 0 || (env.per_dev && swap_types_seen(&swap_types) != nr_swaps))
		nr_swaps = 0;
	/* the same lines, time included, on every JSON stream */
	for (int i = 0; i < nr_json_out; i++) {
		print_json(json_out[i], ctx, e, n, interval, now);
		missed_print_json(json_out[i], &missed, now, interval);
		print_vmstat_json(json_out[i], vm, interval, now);
	}
	if (!env.json) {
		if (env.timestamp) {
			char ts[32];

			strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&now));
			printf("\n%s\n", ts);
		}
		if (!n)
			printf("\n(no swap operations)\n");
		print_text(ctx, e, n);
		missed_print_text(stdout, &missed);
		print_vmstat_text(vm);
	}
	flush_stdout();
	flush_output();
	if (env.prom) {
		add_prom(ctx, e, n);
		update_prom_losses(skel, ctx);
		write_prom();
	}
	free(e);
}

static void print_lost(const char *what, __u64 count)
{
	for (int i = 0; i < nr_json_out; i++) {
		struct json_writer w;

		jw_init(&w, json_out[i]);
		jw_object(&w);
		jw_kstr(&w, "type", "lost");
		jw_kstr(&w, "what", what);
		jw_ku64(&w, "count", count);
		jw_end(&w);
	}
	if (!env.json)
		warn_msg("%llu events not recorded: %s", (unsigned long long)count, what);
}

/*
 * What could not be recorded, like perf lock's closing report.  Also the
 * pages of swap I/O not seen to end by now (count_unended_bios): in
 * flight, or ended unseen; and the same of disk swap-ins waiting for
 * their read's end_io (count_unended_swapins).  They are not losses of the run as the others
 * are, but without them its device I/O would not add up to the kernel's
 * pswpin and pswpout.
 */
static void print_losses(struct vswap_bpf *skel, const struct attach_ctx *ctx)
{
	int fd = bpf_program__fd(skel->progs.count_unended_bios);
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	__u64 sums[NR_LOSSES];

	read_losses(skel, ctx, sums);
	for (int s = 0; s < NR_LOSSES; s++)
		if (sums[s])
			print_lost(loss_what[s], sums[s]);
	if (fd >= 0 && !bpf_prog_test_run_opts(fd, &opts) && skel->bss->unended_pages)
		print_lost("pages of swap I/O not seen to end by exit (in flight, or ended unseen)",
			   skel->bss->unended_pages);
	fd = bpf_program__fd(skel->progs.count_unended_swapins);
	if (fd >= 0 && !bpf_prog_test_run_opts(fd, &opts) && skel->bss->unended_swapin_pages)
		print_lost("disk swap-in pages whose read was not seen to end (in flight, or its end_io skipped)",
			   skel->bss->unended_swapin_pages);
	if (env.prom) {
		update_prom_losses(skel, ctx);
		write_prom();
	}
}

/*
 * The first line of a recording: what compare shows of each run, and the
 * unit it checks both runs share.
 */
static void print_meta(FILE *f, int argc, char **argv, time_t start)
{
	struct utsname u;
	char *args = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&args, &len);
	struct json_writer w;

	if (!m)
		die("out of memory");
	for (int i = 0; i < argc; i++)
		fprintf(m, "%s%s", i ? " " : "", argv[i]);
	fclose(m);
	if (uname(&u))
		u.release[0] = '\0';
	jw_init(&w, f);
	jw_object(&w);
	jw_kstr(&w, "type", "meta");
	jw_kstr(&w, "kernel", u.release[0] ? u.release : NULL);
	jw_ki64(&w, "time", start);
	jw_kstr(&w, "unit", env.unit->suffix);
	jw_kstr(&w, "argv", args);
	jw_end(&w);
	free(args);
}

static void print_tiers_json(FILE *f, const struct attach_ctx *ctx)
{
	for (int op = 0; op < VS_NR_OPS; op++) {
		const struct attach_state *st = &ctx->state[op];
		const char *progs[2 * ATTACH_MAX_POINTS];
		struct json_writer w;
		int nr;

		if (!ctx->wanted[op])
			continue;
		jw_init(&w, f);
		jw_object(&w);
		jw_kstr(&w, "type", "op");
		jw_kstr(&w, "op", vs_op_name(op));
		jw_kstr(&w, "tier", st->tier == VS_TIER_NONE ? NULL : vs_tier_name(st->tier));
		jw_kstr(&w, "targets", st->tier == VS_TIER_NONE ? NULL : st->targets);
		/* whose recursion_misses are the op's "missed" events */
		jw_key(&w, "programs");
		nr = attach_op_progs(ctx, op, progs, 2 * ATTACH_MAX_POINTS);
		if (st->tier == VS_TIER_NONE) {
			jw_null(&w);
		} else {
			jw_array(&w);
			for (int i = 0; i < nr; i++)
				jw_string(&w, progs[i]);
			jw_end(&w);
		}
		jw_end(&w);
	}
}

/*
 * The block devices among @devs, those devio measures, as a JSON line at
 * start and, on the terminal too, after a swapon or swapoff changed them.
 */
static void print_swap_devices(const struct swap_dev *devs, int n, time_t now,
			       bool changed)
{
	bool text = changed && !env.json;
	struct json_writer w[sizeof(json_out) / sizeof(json_out[0])];
	int shown = 0;

	for (int i = 0; i < nr_json_out; i++) {
		jw_init(&w[i], json_out[i]);
		jw_object(&w[i]);
		jw_kstr(&w[i], "type", "swap_devices");
		jw_ki64(&w[i], "time", now);
		jw_key(&w[i], "devio");
		jw_array(&w[i]);
	}
	if (text)
		fprintf(stderr, "%s: swap devices changed; devio measures:", progname());
	for (int d = 0; d < n; d++) {
		if (!devs[d].kdev)	/* a file: its I/O is the filesystem's */
			continue;
		for (int i = 0; i < nr_json_out; i++)
			jw_string(&w[i], devs[d].path);
		if (text)
			fprintf(stderr, " %s", devs[d].path);
		shown++;
	}
	for (int i = 0; i < nr_json_out; i++) {
		jw_end(&w[i]);
		jw_end(&w[i]);
	}
	if (text)
		fputs(shown ? "\n" : " no block device\n", stderr);
}

/* After a swapon or swapoff: the BPF side's device table follows. */
static void follow_swaps(struct vswap_bpf *skel, const struct attach_ctx *ctx)
{
	struct swap_dev devs[SWAPS_MAX];
	int n = swaps_read_typed(&swap_types, devs, SWAPS_MAX);

	if (!swap_bdevs_set(&skel->bss->swap_bdevs, devs, n) ||
	    ctx->state[VS_OP_DEVIO].tier == VS_TIER_NONE)
		return;
	print_swap_devices(devs, n, time(NULL), true);
	flush_stdout();
	flush_output();
}

/*
 * -c names a memory cgroup, or the run measures nothing (another
 * controller's cgroup) or everything (a root): checked before the load,
 * and said once, since a path alone does not say which hierarchy.
 */
static void check_cgroup(void)
{
	struct cgroup_info cg;
	char why[2 * PATH_MAX];

	if (cgroup_resolve(env.cgroup, &cg, why, sizeof(why)))
		die("%s", why);
	if (cg.version == 2)
		fprintf(stderr, "%s: -c: memory cgroup %s and its descendants, of cgroup v2 "
			"at %s (id %llu)\n", progname(), cg.name, cg.mount,
			(unsigned long long)cg.id);
	else
		fprintf(stderr, "%s: -c: memory cgroup %s and its descendants, of the cgroup "
			"v1 hierarchy '%s' at %s (id %llu)\n", progname(), cg.name,
			cg.controllers, cg.mount, (unsigned long long)cg.id);
}

/* What vswaplat wants of the BPF object (vswap_load()) */
static struct vswap_opts load_opts(void)
{
	return (struct vswap_opts){
		.unit_div = env.unit->div,
		.sample_period = env.sample,
		.split_dev = env.per_dev,
		.target_cgroup = env.cgroup ? cgroup_id(env.cgroup) : 0,
		/* without -D every histogram is one of the first VS_NR_HISTS_NODEV */
		.hists_entries = env.per_dev ? 0 : VS_NR_HISTS_NODEV,
		/*
		 * Per-lock totals are vswaptop's: a map of one entry instead
		 * of a preallocated per-CPU 65536 (megabytes per CPU,
		 * allocated at load and freed by a kworker after exit).
		 */
		.locks_entries = 1,
		/* to find each device's swap type, and at exit the swap I/O not seen to end */
		.swap_types = true,
		.unended = true,
	};
}

int main(int argc, char **argv)
{
	struct attach_ctx ctx = { .force_tier = -1 };
	struct vswap_opts opts;
	struct hist_interval iv = { 0 };
	struct vswap_bpf *skel = NULL;
	struct timespec start, now, deadline;
	int err, nr, swaps_watch;
	double period;
	time_t begun;
	long printed = 0;

	set_progname("vswaplat");
	/* compare reads files: no BPF, no root */
	if (argc > 1 && !strcmp(argv[1], "compare"))
		return compare_main(argc - 1, argv + 1);
	parse_args(argc, argv);
	if (env.canary)
		choose_canary();
	if (!env.sample)
		env.sample = 1;
	check_stdout();
	check_privileges();
	attach_verbose = env.verbose;
	libbpf_set_print(attach_libbpf_print);

	/* Files first: a wrong path should not cost a BPF load. */
	if (env.cgroup)
		check_cgroup();
	if (env.json)
		json_out[nr_json_out++] = stdout;
	if (env.output && !env.list) {
		err = output_open(&output, env.output);
		if (err)
			die("cannot create %s: %s", env.output, output_strerror(err));
		json_out[nr_json_out++] = output.f;
	}
	if (env.prom && !env.list) {
		prom_init(&prom, env.prom, env.unit->div);
		for (int s = 0; s < NR_LOSSES; s++)
			prom_set_lost(&prom, loss_label[s], 0);
		err = prom_write(&prom);
		if (err)
			die("cannot write %s: %s", env.prom, output_strerror(err));
	}

	/*
	 * Open before reading: /proc/swaps polls POLLPRI for every swapon
	 * and swapoff after its open, so none is missed in between.
	 */
	swaps_watch = open("/proc/swaps", O_RDONLY | O_CLOEXEC);
	ctx.force_tier = env.force_tier;
	ctx.kernel_sample = env.kernel_sample != 0;
	memcpy(ctx.wanted, env.wanted, sizeof(ctx.wanted));
	opts = load_opts();
	skel = vswap_load(&ctx, &opts);
	hist_interval_init(&iv, &skel->bss->interval_epoch);
	swap_types = swap_type_reader(skel->progs.read_swap_types, skel->bss->swap_types,
				      &skel->bss->swap_types_err);
	if (env.per_dev && !env.list)
		check_swap_types(&swap_types);
	/* the table was read before load, when the types were line numbers */
	swap_bdevs_follow(&swap_types, &skel->bss->swap_bdevs);

	nr = vswap_attach(skel, &ctx);
	if (env.list) {
		attach_report(stdout, &ctx, true);
		flush_stdout();
		err = nr ? 0 : 1;
		goto cleanup;
	}
	if (!nr)
		attach_die_unmeasured(&ctx);
	/* right after attaching: the window of the kernel's counters */
	vm_present = vmstat_read(NULL, vm_last);
	if (vm_present < 0)
		vm_present = 0;
	begun = time(NULL);
	for (int i = 0; i < nr_json_out; i++) {
		print_meta(json_out[i], argc, argv, begun);
		print_tiers_json(json_out[i], &ctx);
	}
	if (ctx.state[VS_OP_DEVIO].tier != VS_TIER_NONE) {
		struct swap_dev devs[SWAPS_MAX];

		print_swap_devices(devs, swaps_read(NULL, devs, SWAPS_MAX), begun, false);
	}
	if (!env.json)
		attach_report_missing(stderr, &ctx);
	warn_missed_unknown(&ctx);
	/* The tiers line tells a waiting script that tracing has started. */
	flush_stdout();
	flush_output();

	/* a hangup (the terminal or ssh gone) ends the run as Ctrl-C does */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (!env.json)
		fprintf(stderr, "Tracing %d swap operations... Hit Ctrl-C to end.\n", nr);

	/* without an interval, wake once a day only to go on sleeping */
	period = env.interval ? env.interval : 3600 * 24;
	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = timespec_after(start, period);
	while (!exiting) {
		double waited;

		if (sleep_until(&deadline, &exiting, swaps_watch)) {
			follow_swaps(skel, &ctx);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
		start = now;
		deadline = timespec_after(now, period);
		if (!env.interval && !exiting)
			continue;
		print_interval(skel, &ctx, waited, env.interval > 0 ? &iv : NULL);
		printed++;
		if (env.count > 0 && printed >= env.count)
			break;
	}
	print_losses(skel, &ctx);
	flush_stdout();
	flush_output();
	/* a --prom file whose last write failed is lost output (said once) */
	err = env.prom && prom_err ? 1 : 0;

cleanup:
	if (output.f) {
		int cerr = output_close(&output);

		if (cerr) {
			warn_msg("cannot write %s: %s", env.output, output_strerror(cerr));
			err = 1;
		}
	}
	prom_free(&prom);
	hist_interval_free(&iv);
	attach_destroy(&ctx);
	vswap_bpf__destroy(skel);
	if (swaps_watch >= 0)
		close(swaps_watch);
	/* the last chance to hear of a lost write (NFS reports some at close) */
	if (fclose(stdout) && !err)
		die("cannot write stdout: %s", strerror(errno));
	return err;
}
