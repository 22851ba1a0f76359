// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the tools' user-space library (tools/lib): histogram
 * quantiles and printing, durations, JSON strings, command-line numbers,
 * sleeping, /proc/swaps and /proc/vmstat parsing, the names of
 * operations and their subs.
 * Built with ASan and UBSan by "make test".  TAP output.
 */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>
#include "cli.h"
#include "json.h"
#include "hist.h"
#include "names.h"
#include "swaps.h"
#include "vmstat.h"
#include "tap.h"


static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* Capture what a printing function writes. */
static char *capture(void (*fn)(FILE *, void *), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, arg);
	fclose(f);
	return buf;
}

static void print_json_arg(FILE *f, void *arg)
{
	json_string(f, arg);
}

static void print_hist_arg(FILE *f, void *arg)
{
	hist_print(f, arg, &hist_units[1]);
}

static void test_quantiles(void)
{
	struct vs_hist h = { 0 };

	CHECK(hist_quantile(&h, 0.5, 1) == 0, "empty histogram: p50 is 0");
	CHECK(hist_last_slot(&h) == -1, "empty histogram: no last slot");

	/* 100 samples, all in slot 3 = [8, 16) */
	h.slots[3] = 100;
	h.count = 100;
	h.sum_ns = 1200;
	h.max_ns = 15;
	CHECK(near(hist_quantile(&h, 0.5, 1), 12, 1e-9),
	      "one slot: p50 interpolates to the middle of [8,16)");
	CHECK(near(hist_quantile(&h, 1.0, 1), 15, 1e-9),
	      "one slot: p100 is clamped to the exact max");
	CHECK(near(hist_mean_ns(&h), 12, 1e-9), "mean from the nanosecond sum");

	/* 90 fast samples in [1024, 2048) ns, 10 slow in [65536, 131072) */
	memset(&h, 0, sizeof(h));
	h.slots[10] = 90;
	h.slots[16] = 10;
	h.count = 100;
	h.max_ns = 131071;
	CHECK(near(hist_quantile(&h, 0.5, 1), 1024 + 1024 * 50.0 / 90, 1e-6),
	      "two slots: p50 inside the fast slot");
	CHECK(near(hist_quantile(&h, 0.9, 1), 2048, 1e-6),
	      "two slots: p90 at the top of the fast slot");
	CHECK(near(hist_quantile(&h, 0.99, 1), 65536 + 65536 * 0.9, 1e-6),
	      "two slots: p99 inside the slow slot");
	h.max_ns = 100000;
	CHECK(near(hist_quantile(&h, 0.99, 1), 100000, 1e-9),
	      "p99 past the max is clamped to it");
	/* the same slots read as microseconds: the max clamps in that unit */
	h.max_ns = 131071000;
	CHECK(near(hist_quantile(&h, 0.9, 1000), 2048, 1e-6),
	      "quantiles are in the histogram's unit");
	h.max_ns = 1500000;
	CHECK(near(hist_quantile(&h, 0.99, 1000), 1500, 1e-6),
	      "the max clamps in the histogram's unit");
	CHECK(hist_last_slot(&h) == 16, "last slot found");
}

/* The 95% interval of a sampled quantile narrows as the samples grow. */
static void test_quantile_ci(void)
{
	struct vs_hist h = { 0 };
	double lo, hi, lo2, hi2;

	hist_quantile_ci(&h, 0.99, 1, &lo, &hi);
	CHECK(lo == 0 && hi == 0, "empty histogram: the interval is 0-0");
	/* 99 in [1024, 2048), 1 in [65536, 131072): p99 on the edge */
	h.slots[10] = 99;
	h.slots[16] = 1;
	h.max_ns = 131071;
	hist_quantile_ci(&h, 0.99, 1, &lo, &hi);
	CHECK(lo < hist_quantile(&h, 0.99, 1) && hi > hist_quantile(&h, 0.99, 1) &&
	      lo >= 1024 && hi <= 131071,
	      "100 samples: p99's interval spans both slots (%.0f-%.0f)", lo, hi);
	h.slots[10] = 99000;
	h.slots[16] = 1000;
	hist_quantile_ci(&h, 0.99, 1, &lo2, &hi2);
	CHECK(lo2 > lo && hi2 < hi, "100000 samples: narrower (%.0f-%.0f)", lo2, hi2);
	/* rank 0.99 -+ 1.96 * sqrt(0.0099 / 100000) = 0.99 -+ 0.000617 */
	CHECK(near(hi2, hist_quantile(&h, 0.99 + 1.96 * sqrt(0.99 * 0.01 / 100000), 1), 1e-9) &&
	      near(lo2, hist_quantile(&h, 0.99 - 1.96 * sqrt(0.99 * 0.01 / 100000), 1), 1e-9),
	      "the bounds are the quantiles at q -+ 1.96 sqrt(q(1-q)/n)");
	hist_quantile_ci(&h, 1.0, 1, &lo, &hi);
	CHECK(near(lo, 131071, 1e-9) && near(hi, 131071, 1e-9), "q = 1: the maximum, both ends");
}

/* Sampled: the summary counts every operation and says how many were sampled. */
static void print_sampled_arg(FILE *f, void *arg)
{
	hist_print_summary(f, arg, 1000, true);
}

static void print_unsampled_arg(FILE *f, void *arg)
{
	hist_print_summary(f, arg, 1000, false);
}

static void test_summary_sampled(void)
{
	struct vs_hist h = { .count = 100, .ops = 1600, .sum_ns = 100 * 3000, .max_ns = 3900 };
	char *buf;

	h.slots[1] = 100;
	buf = capture(print_sampled_arg, &h);
	CHECK(!strncmp(buf, "count 1600 (100 sampled)  avg 3.00us", 36) && strstr(buf, "p99 3.")
	      && strstr(buf, " [") && strstr(buf, "]  max 3.90us\n"),
	      "sampled summary: %s", buf);
	free(buf);
	buf = capture(print_unsampled_arg, &h);
	CHECK(!strncmp(buf, "count 100  avg 3.00us", 21) && !strstr(buf, "["),
	      "unsampled summary: %s", buf);
	free(buf);
	memset(&h, 0, sizeof(h));
	h.ops = 7;
	buf = capture(print_sampled_arg, &h);
	CHECK(!strcmp(buf, "count 7 (none sampled)\n"), "sampled, no samples: no latency: %s", buf);
	free(buf);
}

static void test_add(void)
{
	struct vs_hist a = { .count = 2, .sum_ns = 10, .max_ns = 7, .pages = 3 };
	struct vs_hist b = { .count = 1, .sum_ns = 20, .max_ns = 20, .pages = 1 };

	a.slots[2] = 2;
	b.slots[2] = 1;
	b.slots[4] = 1;
	hist_add(&a, &b);
	CHECK(a.count == 3 && a.sum_ns == 30 && a.pages == 4, "add sums counters");
	CHECK(a.max_ns == 20, "add keeps the larger max");
	CHECK(a.slots[2] == 3 && a.slots[4] == 1, "add sums slots");
}

static void test_print(void)
{
	struct vs_hist h = { 0 };
	char *out;

	h.slots[0] = 1;
	h.slots[2] = 40;
	out = capture(print_hist_arg, &h);
	CHECK(strstr(out, "usecs") && strstr(out, "distribution"), "header names the unit");
	CHECK(strstr(out, "0 -> 1") && strstr(out, "4 -> 7"), "slot ranges printed");
	CHECK(strstr(out, "|****************************************|"),
	      "the largest slot gets the full bar");
	CHECK(strstr(out, "2 -> 3") != NULL, "empty slots between are printed");
	free(out);
}

static void test_durations(void)
{
	char b[16];

	CHECK(!strcmp(fmt_duration(b, sizeof(b), 812), "812ns"), "812ns");
	CHECK(!strcmp(fmt_duration(b, sizeof(b), 3140), "3.14us"), "3.14us");
	CHECK(!strcmp(fmt_duration(b, sizeof(b), 45600), "45.6us"), "45.6us");
	CHECK(!strcmp(fmt_duration(b, sizeof(b), 1200000), "1.20ms"), "1.20ms");
	CHECK(!strcmp(fmt_duration(b, sizeof(b), 2.5e9), "2.50s"), "2.50s");
}

static void test_json(void)
{
	char *out;

	out = capture(print_json_arg, "a\"b\\c\n");
	CHECK(!strcmp(out, "\"a\\\"b\\\\c\\u000a\""), "JSON string escaping: %s", out);
	free(out);
	out = capture(print_json_arg, NULL);
	CHECK(!strcmp(out, "null"), "NULL is JSON null");
	free(out);
}

static bool parses(const char *s, const struct num_spec *spec, double want)
{
	double v = -1;

	return num_parse(s, spec, &v) && v == want;
}

static bool refused(const char *s, const struct num_spec *spec)
{
	double v = -1;

	return !num_parse(s, spec, &v) && v == -1;
}

/* The one parser of every number on the tools' command lines. */
static void test_numbers(void)
{
	static const struct num_spec interval = {
		.what = "interval", .min = 0.1, .max = 86400, .unit = "seconds",
	};
	static const struct num_spec count = {
		.what = "count", .min = 1, .max = 1e9, .whole = true,
	};
	static const struct num_spec size = {
		.what = "size", .min = 4096, .max = 1ULL << 40, .unit = "bytes", .size = true,
	};
	static const char *const garbage[] = {
		"", " 1", "1 ", "+1", "-1", "1s", "1x", "0x10", "nan", "NaN", "inf",
		"-inf", "infinity", ".", "e3", "1e", "1e+", "1..2", "1.2.3", "١",
	};
	bool all = true;
	char buf[128];

	CHECK(parses("1", &interval, 1) && parses("0.5", &interval, 0.5) &&
	      parses(".25", &interval, 0.25) && parses("2.", &interval, 2) &&
	      parses("1e1", &interval, 10) && parses("86400", &interval, 86400),
	      "intervals: whole, fractions, exponents");
	CHECK(parses("0.1", &interval, 0.1), "interval: the lower bound itself");
	{
		static const struct num_spec fraction = {
			.what = "--alpha", .min = 0, .above_min = true, .max = 1,
		};
		double v;

		CHECK(parses("1e-9", &fraction, 1e-9) && parses("1", &fraction, 1) &&
		      !num_parse("0", &fraction, &v) && !num_parse("0.0", &fraction, &v),
		      "an excluded lower bound: more than 0, up to 1");
		num_spec_describe(buf, sizeof(buf), &fraction);
		CHECK(!strcmp(buf, "more than 0, up to 1"), "its range in words: '%s'", buf);
	}
	CHECK(refused("1e19", &interval), "interval 1e19 refused (it overflowed a long)");
	CHECK(refused("1e400", &interval), "interval 1e400 (inf from strtod) refused");
	CHECK(refused("0.0001", &interval) && refused("0", &interval) &&
	      refused("0.09", &interval), "interval below 0.1 s refused");
	CHECK(refused("86400.5", &interval), "interval above a day refused");
	CHECK(refused("1e-400", &interval), "interval underflowing to 0 refused");
	for (size_t i = 0; i < sizeof(garbage) / sizeof(*garbage); i++)
		if (!refused(garbage[i], &interval) || !refused(garbage[i], &count) ||
		    !refused(garbage[i], &size)) {
			all = false;
			printf("# accepted '%s'\n", garbage[i]);
		}
	CHECK(all, "blanks, signs, trailing garbage, hex, NaN and inf refused");
	CHECK(parses("1", &count, 1) && parses("1000000000", &count, 1e9) &&
	      parses("007", &count, 7), "counts");
	CHECK(refused("0", &count), "count 0 refused (it meant no limit)");
	CHECK(refused("0.5", &count) && refused("1.0", &count) && refused("1e3", &count),
	      "a fraction or an exponent where a whole number is meant refused");
	CHECK(refused("1000000001", &count) && refused("99999999999999999999999", &count),
	      "counts past the range, and past 2^64, refused");
	CHECK(parses("4096", &size, 4096) && parses("4k", &size, 4096) &&
	      parses("2M", &size, 2 << 20) && parses("1G", &size, 1 << 30) &&
	      parses("1T", &size, 1ULL << 40), "sizes, with binary suffixes");
	CHECK(refused("1K", &size) && refused("2T", &size) && refused("1.5M", &size) &&
	      refused("1MB", &size) && refused("1P", &size), "sizes out of range or malformed refused");
	CHECK(refused(NULL, &count), "no string refused");

	num_spec_describe(buf, sizeof(buf), &interval);
	CHECK(!strcmp(buf, "0.1..86400 seconds"), "interval range said: '%s'", buf);
	num_spec_describe(buf, sizeof(buf), &count);
	CHECK(!strcmp(buf, "a whole number 1..1000000000"), "count range said: '%s'", buf);
	num_spec_describe(buf, sizeof(buf), &size);
	CHECK(!strcmp(buf, "a size 4096..1099511627776 bytes (K, M, G, T: binary multiples)"),
	      "size range said: '%s'", buf);
}

static double elapsed_s(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void test_sleep(void)
{
	struct timespec t = { .tv_sec = 5, .tv_nsec = 900000000L }, start, end, deadline;
	volatile sig_atomic_t stop = 0;
	int fd = open("/proc/swaps", O_RDONLY);

	t = timespec_after(t, 1.25);
	CHECK(t.tv_sec == 7 && t.tv_nsec == 150000000L, "timespec_after carries into seconds");

	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = timespec_after(start, 0.05);
	/* /proc/swaps is always readable: only a swapon or swapoff may wake us */
	CHECK(!sleep_until(&deadline, &stop, fd), "no swapon: sleep_until sleeps to the deadline");
	clock_gettime(CLOCK_MONOTONIC, &end);
	CHECK(elapsed_s(&start, &end) >= 0.05, "slept %.3f s of 0.05", elapsed_s(&start, &end));

	stop = 1;
	deadline = timespec_after(end, 10);
	CHECK(!sleep_until(&deadline, &stop, fd), "a stop set returns at once");
	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK(elapsed_s(&end, &start) < 1, "without sleeping");
	if (fd >= 0)
		close(fd);
}

static void test_swaps(void)
{
	char path[] = "/tmp/test-swaps-XXXXXX";
	struct swap_dev devs[4];
	int fd = mkstemp(path), n;
	FILE *f = fdopen(fd, "w");

	fputs("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
	      "/dev/zram0                              partition\t2097148\t\t1024\t\t100\n"
	      "/swapfile                               file\t\t1048572\t\t0\t\t-2\n", f);
	fclose(f);
	n = swaps_read(path, devs, 4);
	unlink(path);
	CHECK(n == 2, "two swap devices parsed");
	CHECK(n == 2 && devs[0].partition && !devs[1].partition, "partition and file told apart");
	CHECK(n == 2 && devs[0].size_kb == 2097148 && devs[0].used_kb == 1024 &&
	      devs[0].prio == 100, "sizes and priority");
	CHECK(n == 2 && !strcmp(devs[1].path, "/swapfile"), "file path");
	CHECK(n == 2 && devs[0].type == 0 && devs[1].type == 1,
	      "unresolved, a device's swap type is its line number");
	CHECK(swaps_read("/nonexistent/swaps", devs, 4) < 0, "missing file is an error");
	CHECK(kdev_encode(makedev(253, 1)) == ((253u << 20) | 1),
	      "dev_t encoded like the kernel's MKDEV");
}

static void test_vmstat(void)
{
	char path[] = "/tmp/test-vmstat-XXXXXX";
	uint64_t vm[VM_NR_COUNTERS];
	int fd = mkstemp(path), present;
	FILE *f = fdopen(fd, "w");

	/* a kernel before 6.12: no swpin_zero, swpout_zero */
	fputs("nr_free_pages 1000\npswpin 12\npswpout 18446744073709551615\n"
	      "zswpin 3\nzswpout 4\nzswpwb 5\nswap_ra 9\n", f);
	fclose(f);
	present = vmstat_read(path, vm);
	unlink(path);
	CHECK(present == ((1 << VM_PSWPIN) | (1 << VM_PSWPOUT) | (1 << VM_ZSWPIN) |
			  (1 << VM_ZSWPOUT) | (1 << VM_ZSWPWB)), "counters present told");
	CHECK(vm[VM_PSWPIN] == 12 && vm[VM_PSWPOUT] == UINT64_MAX && vm[VM_ZSWPWB] == 5,
	      "values, up to 2^64-1");
	CHECK(vm[VM_SWPIN_ZERO] == 0 && vm[VM_SWPOUT_ZERO] == 0, "absent counters read 0");
	CHECK(vmstat_read("/nonexistent/vmstat", vm) < 0, "missing file is an error");
	present = vmstat_read(NULL, vm);
	CHECK(present >= 0 && (present & (1 << VM_PSWPOUT)), "this kernel's /proc/vmstat");
}

/* Every key has its own index, and one without a device is in the first block. */
static void test_hist_index(void)
{
	static bool seen[VS_NR_HISTS];
	bool unique = true, roundtrip = true, nodev_first = true;

	for (__u32 op = 0; op < VS_NR_OPS; op++)
		for (__u32 sub = 0; sub < VS_MAX_SUBS; sub++)
			for (__u32 d = 0; d < VS_MAX_DEVS; d++) {
				__u32 s = sub == VS_MAX_SUBS - 1 ? VS_SUB_ANY : sub;
				__u32 dev = d == VS_MAX_DEVS - 1 ? VS_DEV_NONE : d;
				__u32 i = vs_hist_index(op, s, dev);
				__u8 kop, ksub;
				__u32 kdev;

				if (i >= VS_NR_HISTS || seen[i])
					unique = false;
				else
					seen[i] = true;
				vs_hist_key_of(i, &kop, &ksub, &kdev);
				if (kop != op || ksub != s || kdev != dev)
					roundtrip = false;
				if (dev == VS_DEV_NONE && i >= VS_NR_HISTS_NODEV)
					nodev_first = false;
			}
	CHECK(unique, "histogram indexes: one per key, all below VS_NR_HISTS");
	CHECK(roundtrip, "histogram indexes: the key comes back");
	CHECK(nodev_first, "histograms without a device: the first VS_NR_HISTS_NODEV");
	CHECK(vs_hist_index(0, 0, 40) == vs_hist_index(0, 0, VS_DEV_NONE),
	      "a swap type past the device slots counts as no device");
}

/*
 * Every operation has a name that parses back, and the numbers the
 * histograms are indexed by only grow: an operation added later comes
 * after devio, so the older ones keep theirs.
 */
static void test_names(void)
{
	static const char *const bind_reasons[] = {
		"swapout", "writeback", "free", "overwrite", "swapoff", "swapin",
	};
	bool roundtrip = true;

	for (int op = 0; op < VS_NR_OPS; op++)
		if (!vs_op_name(op) || vs_op_parse(vs_op_name(op)) != op)
			roundtrip = false;
	CHECK(roundtrip, "every operation's name parses back to it");
	CHECK(!vs_op_name(VS_NR_OPS) && vs_op_parse("bogus") < 0, "no name past the operations");
	CHECK(VS_OP_DEVIO == 9 && VS_OP_BIND == 10 && VS_OP_UNBIND == 11 && VS_NR_OPS == 12,
	      "the operation numbers: bind and unbind after devio");
	CHECK(!strcmp(vs_op_name(VS_OP_BIND), "bind") && !strcmp(vs_op_name(VS_OP_UNBIND), "unbind"),
	      "bind and unbind are named");
	for (int r = 0; r < VS_NR_BIND_REASONS; r++)
		CHECK(!strcmp(vs_sub_name(VS_OP_BIND, r), bind_reasons[r]) &&
		      !strcmp(vs_sub_name(VS_OP_UNBIND, r), bind_reasons[r]),
		      "bind and unbind reason %d is %s", r, bind_reasons[r]);
	CHECK(VS_NR_BIND_REASONS == 6 && !vs_sub_name(VS_OP_BIND, VS_NR_BIND_REASONS) &&
	      !strcmp(vs_sub_name(VS_OP_UNBIND, VS_SUB_ANY), "any"),
	      "no reason past swapin; VS_SUB_ANY is any");
	CHECK(VS_NR_BIND_REASONS < VS_MAX_SUBS, "every reason has a histogram of its own");
}

/* The branch-free log2 of the BPF side, against a loop. */
static void test_log2(void)
{
	bool exact = true;

	for (int k = 0; k < 64; k++) {
		__u64 lo = 1ULL << k, hi = lo | (lo - 1);

		/* both ends of [2^k, 2^(k+1)) and a value in between */
		if (vs_log2(lo) != (__u32)k || vs_log2(hi) != (__u32)k ||
		    vs_log2(lo | (hi >> 1 & 0x5555555555555555ULL)) != (__u32)k)
			exact = false;
	}
	CHECK(exact, "vs_log2: floor(log2) of every power of two, and below the next");
	CHECK(vs_log2(0) == 0, "vs_log2(0) is 0");
	for (__u64 v = 1, n = 0; n < 100000; n++, v = v * 6364136223846793005ULL + 1442695040888963407ULL) {
		__u32 want = 0;

		for (__u64 x = v; x >>= 1; )
			want++;
		if (v && vs_log2(v) != want) {
			exact = false;
			break;
		}
	}
	CHECK(exact, "vs_log2: 100000 pseudo-random values");
}

int main(void)
{
	test_quantiles();
	test_quantile_ci();
	test_summary_sampled();
	test_add();
	test_print();
	test_durations();
	test_json();
	test_numbers();
	test_sleep();
	test_swaps();
	test_vmstat();
	test_hist_index();
	test_log2();
	test_names();
	return tap_done();
}
