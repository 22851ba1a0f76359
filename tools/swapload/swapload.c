// SPDX-License-Identifier: GPL-2.0
/*
 * swapload - anonymous memory load generator that detects data corruption
 *
 * In the spirit of usemem from vm-scalability: each of N processes maps
 * SIZE bytes of private anonymous memory, writes every page, reads every
 * page back one or more times and finally unmaps the region, reporting the
 * throughput of each phase.  Run inside a memory cgroup whose limit is
 * below the total working set, this drives swap-out on the fill and
 * swap-in on every verify pass.
 *
 * Unlike usemem, every byte read back is checked against a pattern that is
 * a pure function of (seed, process, page, generation), so a swap bug that
 * loses or mixes up data is reported with the exact page and offset.
 * Pages are either entirely zero (to exercise the kernel's zero-page swap
 * detection) or filled with distinct 64-bit words, so they are never
 * "same-filled" and always take the real swap path.
 *
 * Only the kernel is needed at run time: link it statically for an
 * initramfs.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "version.h"

/* PMD size on x86-64 and 4K-page arm64: lets the region use THPs */
#define THP_ALIGN		(2UL << 20)
#define MAX_PROCS		4096
#define MAX_PASSES		100000000ULL
#define MAX_SECONDS		1e7
#define DEFAULT_SEED		1
/* Odd and not word-aligned, so the byte-locating code gets exercised */
#define CORRUPT_OFFSET		1445
/* 2^64 / golden ratio; odd, so i * GOLDEN is distinct for every i */
#define GOLDEN			0x9e3779b97f4a7c15ULL
#define ZERO_SALT		0x7a65726f7061676eULL

enum access_order { ORDER_SEQ, ORDER_RAND };
enum thp_advice { THP_DEFAULT, THP_HUGE, THP_NOHUGE };

/* Why a child failed, as told to the parent through the result array */
enum proc_error { PROC_OK, PROC_CORRUPT, PROC_SETUP, PROC_PAUSE, PROC_FREE };

struct config {
	size_t page_size;
	size_t size;			/* per process, whole pages */
	size_t npages;
	unsigned int nprocs;
	enum access_order order;
	uint64_t passes;		/* verify passes when !timed */
	bool timed;
	double seconds;			/* verify phase length when timed */
	bool rewrite;
	unsigned int zero_pct;
	unsigned int random_pct;	/* share of each page that is random */
	const char *pause_path;		/* wait for it between fill and verify */
	uint64_t seed;
	enum thp_advice thp;
	bool json;
	bool quiet;
	bool corrupt;
	uint64_t corrupt_page;
	bool madv_free;		/* MADV_FREE the region before munmap */
};

/* One slot per child in a MAP_SHARED array; read by the parent after wait */
struct proc_result {
	uint64_t pages;
	uint64_t zero_pages;
	uint64_t fill_bytes;
	uint64_t fill_usecs;
	uint64_t verify_bytes;
	uint64_t verify_usecs;
	uint64_t free_usecs;
	uint64_t passes;
	int error;
};

/* Per-child working state */
struct worker {
	const struct config *cfg;
	unsigned int idx;
	uint64_t *mem;
	size_t words_per_page;
	size_t random_words;		/* leading random words of a page */
	uint32_t *order;		/* NULL for sequential access */
	uint64_t key;			/* mixes seed and process index */
	uint64_t zero_key;
	uint64_t gen;			/* pattern generation now in memory */
	struct proc_result *res;
};

static const char usage_text[] =
"usage: swapload [options] SIZE\n"
"\n"
"Each of N processes maps SIZE bytes of private anonymous memory, writes\n"
"every page, verifies every byte of every page, then unmaps it, and reports\n"
"the throughput of each phase.  Run it in a memory-limited cgroup to drive\n"
"swap-out and swap-in; any data corruption is reported and fails the run.\n"
"\n"
"SIZE is per process: a number of bytes with an optional K, M, G or T\n"
"suffix (binary units), rounded up to whole pages.\n"
"\n"
"  -n N          number of processes (default 1)\n"
"  -p seq|rand   page access order (default seq); rand uses a fresh random\n"
"                permutation per process and per pass\n"
"  -r PASSES     verify passes after the fill (default 1; 0 = fill only)\n"
"  -t SECONDS    instead of -r, repeat verify passes until SECONDS have\n"
"                elapsed since the start of the verify phase (at least one)\n"
"  -w            rewrite each page with a new pattern after verifying it,\n"
"                so it is dirtied and swapped out again\n"
"  -z PCT        percentage of pages that are all zero, 0..100 (default 0)\n"
"  -c PCT        percentage of each non-zero page that is random, 1..100\n"
"                (default 100: incompressible); the rest repeats one word\n"
"                of the page, so e.g. -c 25 compresses about 4:1 (zswap)\n"
"  -P PATH       after the fill, write the pid to PATH.P (P: process index)\n"
"                and wait until PATH exists (lets a test act while pages\n"
"                are out); a PATH.P that cannot be created is a usage error\n"
"  -S SEED       seed for patterns, zero pages and permutations (default 1)\n"
"  -H            madvise(MADV_HUGEPAGE) on the region\n"
"  -N            madvise(MADV_NOHUGEPAGE) on the region\n"
"  -j            JSON: one object per process, then a summary object\n"
"  -q            quiet: print only the summary\n"
"  --madv-free   free the region with madvise(MADV_FREE) before unmapping\n"
"                it, and fail unless that left no page swapped out\n"
"                (/proc/self/pagemap)\n"
"  -h, --help    show this help\n"
"      --version the version, and that swapload uses no BPF\n"
"\n"
"Test only:\n"
"  --corrupt-page N\n"
"                in process 0, flip one byte of page N after the fill, to\n"
"                prove that verification catches lost data (needs a verify\n"
"                pass: not with -r 0)\n"
"\n"
"Exit status: 0 all data verified; 1 data corruption, or a process failed\n"
"or was killed; 2 usage error.\n";

/* ---- helpers ---------------------------------------------------------- */

/* Print one "swapload: ..." line with a single write(), so lines from
 * concurrent processes never interleave.
 */
static void __attribute__((format(printf, 1, 2))) msg(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;

	len = snprintf(buf, sizeof(buf), "swapload: ");
	va_start(ap, fmt);
	len += vsnprintf(buf + len, sizeof(buf) - len - 1, fmt, ap);
	va_end(ap);
	if (len > (int)sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	if (write(STDERR_FILENO, buf, len) < 0) {
		/* nowhere left to report it */
	}
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	msg("%s (try -h)", buf);
	exit(2);
}

static uint64_t now_usecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t kbps(uint64_t bytes, uint64_t usecs)
{
	if (!usecs)
		usecs = 1;
	return (uint64_t)((double)bytes / 1024.0 * 1e6 / (double)usecs);
}

/* splitmix64 finalizer: a bijection, so distinct inputs give distinct words */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* ---- option parsing --------------------------------------------------- */

static uint64_t parse_number(const char *opt, const char *s, int base,
			     uint64_t min, uint64_t max)
{
	unsigned long long v;
	char *end;

	/* strtoull() would accept blanks and a minus sign; we do not */
	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v < min || v > max)
		goto bad;
	return v;
bad:
	usage_error("bad number '%s' for %s (want %" PRIu64 "..%" PRIu64 ")",
		    s, opt, min, max);
}

static double parse_seconds(const char *s)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)s[0]) && s[0] != '.')
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > MAX_SECONDS)
		goto bad;
	return v;
bad:
	usage_error("bad number '%s' for -t (want seconds, 0..%.0f)",
		    s, MAX_SECONDS);
}

static size_t parse_size(const char *s, size_t page_size)
{
	/* Keep the page count within the uint32_t permutation array */
	uint64_t max = (uint64_t)UINT32_MAX * page_size;
	unsigned int shift = 0;
	unsigned long long v;
	char *end;

	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4;
	max -= max % page_size;

	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end || v == 0 || v > (max >> shift))
		goto bad;
	v <<= shift;
	return (v + page_size - 1) / page_size * page_size;
bad:
	usage_error("bad SIZE '%s' (want 1..%" PRIu64 " bytes, optional K/M/G/T suffix)",
		    s, max);
}

/*
 * -P PATH: each process creates PATH.P, then polls for PATH.  Try the
 * creation once here, with a name of the same length as the longest
 * PATH.P, so that a path no process could create is one usage error
 * instead of processes that wait forever.
 */
static void check_pause_path(const char *path)
{
	char probe[PATH_MAX];
	int fd, len;

	if (!*path)
		usage_error("empty PATH for -P");
	len = snprintf(probe, sizeof(probe), "%s.%u", path, MAX_PROCS - 1);
	if (len < 0 || (size_t)len >= sizeof(probe))
		usage_error("PATH for -P too long: '%.40s...'", path);
	/* PATH.----: a name no process uses (the caller may watch PATH.P) */
	memset(probe + strlen(path) + 1, '-', len - strlen(path) - 1);
	fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd < 0 && errno != EEXIST)
		usage_error("cannot use -P %s: cannot create %s.0: %s",
			    path, path, strerror(errno));
	if (fd >= 0) {
		close(fd);
		unlink(probe);
	}
}

enum { OPT_CORRUPT_PAGE = 256, OPT_MADV_FREE, OPT_HELP, OPT_VERSION };

static void parse_args(int argc, char **argv, struct config *cfg)
{
	static const struct option longopts[] = {
		{ "corrupt-page", required_argument, NULL, OPT_CORRUPT_PAGE },
		{ "madv-free", no_argument, NULL, OPT_MADV_FREE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *corrupt_arg = NULL;
	int c;

	*cfg = (struct config) {
		.nprocs = 1,
		.order = ORDER_SEQ,
		.passes = 1,
		.seed = DEFAULT_SEED,
		.random_pct = 100,
		.thp = THP_DEFAULT,
	};
	cfg->page_size = sysconf(_SC_PAGESIZE);

	/* We print our own one-line messages */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:p:r:t:wz:c:P:S:HNjqh",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			cfg->nprocs = parse_number("-n", optarg, 10, 1, MAX_PROCS);
			break;
		case 'p':
			if (!strcmp(optarg, "seq"))
				cfg->order = ORDER_SEQ;
			else if (!strcmp(optarg, "rand"))
				cfg->order = ORDER_RAND;
			else
				usage_error("bad access order '%s' for -p (want seq or rand)",
					    optarg);
			break;
		case 'r':
			cfg->passes = parse_number("-r", optarg, 10, 0, MAX_PASSES);
			break;
		case 't':
			cfg->timed = true;
			cfg->seconds = parse_seconds(optarg);
			break;
		case 'w':
			cfg->rewrite = true;
			break;
		case 'z':
			cfg->zero_pct = parse_number("-z", optarg, 10, 0, 100);
			break;
		case 'c':
			cfg->random_pct = parse_number("-c", optarg, 10, 1, 100);
			break;
		case 'P':
			cfg->pause_path = optarg;
			break;
		case 'S':
			cfg->seed = parse_number("-S", optarg, 0, 0, UINT64_MAX);
			break;
		case 'H':
		case 'N':
			if (cfg->thp != THP_DEFAULT)
				usage_error("-H and -N are mutually exclusive");
			cfg->thp = c == 'H' ? THP_HUGE : THP_NOHUGE;
			break;
		case 'j':
			cfg->json = true;
			break;
		case 'q':
			cfg->quiet = true;
			break;
		case 'h':
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(0);
		case OPT_VERSION:
			exit(version_print("swapload") ? 1 : 0);
		case OPT_CORRUPT_PAGE:
			corrupt_arg = optarg;
			break;
		case OPT_MADV_FREE:
			cfg->madv_free = true;
			break;
		case ':':
			usage_error("option %s requires an argument",
				    argv[optind - 1]);
		default:
			if (optopt)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}

	if (optind >= argc)
		usage_error("missing SIZE");
	if (optind + 1 < argc)
		usage_error("unexpected argument '%s'", argv[optind + 1]);
	cfg->size = parse_size(argv[optind], cfg->page_size);
	cfg->npages = cfg->size / cfg->page_size;

	/* Parsed last: its range depends on SIZE */
	if (corrupt_arg) {
		cfg->corrupt = true;
		cfg->corrupt_page = parse_number("--corrupt-page", corrupt_arg,
						 10, 0, cfg->npages - 1);
		/* a corruption nothing reads back would pass unseen */
		if (!cfg->timed && !cfg->passes)
			usage_error("--corrupt-page needs a verify pass (not -r 0)");
	}
	if (cfg->pause_path)
		check_pause_path(cfg->pause_path);
}

/* ---- page patterns ---------------------------------------------------- */

/* Zero pages depend only on (seed, process, page): every generation agrees */
static bool page_is_zero(const struct worker *w, uint64_t page)
{
	return mix64(w->zero_key + page) % 100 < w->cfg->zero_pct;
}

static uint64_t page_key(const struct worker *w, uint64_t page, uint64_t gen)
{
	return mix64(mix64(w->key + page) + gen * GOLDEN);
}

static uint64_t *page_words(const struct worker *w, uint64_t page)
{
	return w->mem + page * w->words_per_page;
}

/*
 * Word i of a non-zero page is mix64(key + i * GOLDEN) for the leading
 * random_words, then mix64(key) repeated.  The random inputs are distinct
 * and mix64() is a bijection, so the page can never be mistaken for a
 * same-filled one, yet the repeated tail compresses.
 */
static uint64_t page_word(const struct worker *w, uint64_t key, size_t i)
{
	return mix64(key + (i < w->random_words ? i : 0) * GOLDEN);
}

static void write_page(const struct worker *w, uint64_t page, uint64_t gen)
{
	uint64_t *words = page_words(w, page);
	size_t n = w->words_per_page;
	uint64_t key;

	if (page_is_zero(w, page)) {
		/* Really store zeros: a read fault would only map the zero page */
		memset(words, 0, n * sizeof(*words));
		return;
	}
	key = page_key(w, page, gen);
	for (size_t i = 0; i < n; i++)
		words[i] = page_word(w, key, i);
}

/*
 * Return the index of the first wrong word, or -1 if the page is intact.
 * On a mismatch, *want and *got hold the expected and actual word.
 */
static ssize_t check_page(const struct worker *w, uint64_t page, uint64_t gen,
			  uint64_t *want, uint64_t *got)
{
	const uint64_t *words = page_words(w, page);
	size_t n = w->words_per_page;
	uint64_t key, expect, v;

	if (page_is_zero(w, page)) {
		for (size_t i = 0; i < n; i++) {
			v = words[i];
			if (v) {
				*want = 0;
				*got = v;
				return i;
			}
		}
		return -1;
	}
	key = page_key(w, page, gen);
	for (size_t i = 0; i < n; i++) {
		expect = page_word(w, key, i);
		v = words[i];
		if (v != expect) {
			*want = expect;
			*got = v;
			return i;
		}
	}
	return -1;
}

/* Name the first wrong byte in memory order, whatever the endianness */
static void report_corruption(const struct worker *w, uint64_t page,
			      size_t word, uint64_t want, uint64_t got,
			      uint64_t pass)
{
	unsigned char wb[sizeof(want)], gb[sizeof(got)];
	size_t b = 0;

	memcpy(wb, &want, sizeof(wb));
	memcpy(gb, &got, sizeof(gb));
	while (b < sizeof(wb) - 1 && wb[b] == gb[b])
		b++;
	msg("data corruption: proc %u page %" PRIu64 " offset %zu expected 0x%02x got 0x%02x (pass %" PRIu64 ")",
	    w->idx, page, word * sizeof(uint64_t) + b, wb[b], gb[b], pass);
}

/* ---- access order ----------------------------------------------------- */

/*
 * Fisher-Yates shuffle of the current order.  Any permutation shuffled
 * uniformly gives a uniform permutation, so there is no need to reset it.
 * The modulo bias is irrelevant for a load generator.
 */
static void shuffle_order(struct worker *w, uint64_t pass)
{
	uint64_t state = mix64(w->key ^ (pass * GOLDEN));

	for (size_t i = w->cfg->npages - 1; i > 0; i--) {
		size_t j = mix64(state += GOLDEN) % (i + 1);
		uint32_t tmp = w->order[i];

		w->order[i] = w->order[j];
		w->order[j] = tmp;
	}
}

static uint64_t nth_page(const struct worker *w, size_t i)
{
	return w->order ? w->order[i] : i;
}

/* ---- child phases ----------------------------------------------------- */

static int map_region(struct worker *w)
{
	const struct config *cfg = w->cfg;
	size_t align = cfg->page_size > THP_ALIGN ? cfg->page_size : THP_ALIGN;
	size_t len = cfg->size + align;
	uintptr_t start, aligned;
	char *raw;

	/* Over-allocate, then trim both ends to a THP-aligned region */
	raw = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		msg("proc %u: mmap %zu bytes: %s", w->idx, len, strerror(errno));
		return -1;
	}
	start = (uintptr_t)raw;
	aligned = (start + align - 1) & ~(uintptr_t)(align - 1);
	if (aligned > start)
		munmap(raw, aligned - start);
	if (aligned + cfg->size < start + len)
		munmap((char *)aligned + cfg->size,
		       start + len - aligned - cfg->size);
	w->mem = (uint64_t *)aligned;

	if (cfg->thp != THP_DEFAULT) {
		int advice = cfg->thp == THP_HUGE ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;

		if (madvise(w->mem, cfg->size, advice)) {
			msg("proc %u: madvise(%s): %s", w->idx,
			    cfg->thp == THP_HUGE ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE",
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Everything that allocates happens here, before the start barrier */
static int setup_worker(struct worker *w)
{
	const struct config *cfg = w->cfg;

	w->words_per_page = cfg->page_size / sizeof(uint64_t);
	/* Two distinct words at least, so no page is ever same-filled */
	w->random_words = w->words_per_page * cfg->random_pct / 100;
	if (w->random_words < 2)
		w->random_words = 2;
	w->key = mix64(mix64(cfg->seed) + w->idx);
	w->zero_key = mix64(w->key ^ ZERO_SALT);
	w->res->pages = cfg->npages;

	if (cfg->order == ORDER_RAND) {
		w->order = malloc(cfg->npages * sizeof(*w->order));
		if (!w->order) {
			msg("proc %u: cannot allocate the page order", w->idx);
			return -1;
		}
		for (size_t i = 0; i < cfg->npages; i++)
			w->order[i] = i;
	}
	return map_region(w);
}

static void fill_phase(struct worker *w)
{
	struct proc_result *res = w->res;
	uint64_t start, zero = 0;

	if (w->order)
		shuffle_order(w, 0);
	start = now_usecs();
	for (size_t i = 0; i < w->cfg->npages; i++)
		write_page(w, nth_page(w, i), 0);
	res->fill_usecs = now_usecs() - start;
	res->fill_bytes = w->cfg->size;

	for (size_t i = 0; i < w->cfg->npages; i++)
		zero += page_is_zero(w, i);
	res->zero_pages = zero;
}

/* One verify pass (1-based @pass); returns -1 on the first corruption */
static int verify_pass(struct worker *w, uint64_t pass)
{
	uint64_t want, got, start;
	ssize_t word;

	/* Shuffling is setup, not load: keep it out of the timing */
	if (w->order)
		shuffle_order(w, pass);
	start = now_usecs();
	for (size_t i = 0; i < w->cfg->npages; i++) {
		uint64_t page = nth_page(w, i);

		word = check_page(w, page, w->gen, &want, &got);
		if (word >= 0) {
			report_corruption(w, page, word, want, got, pass);
			return -1;
		}
		if (w->cfg->rewrite)
			write_page(w, page, w->gen + 1);
	}
	w->res->verify_usecs += now_usecs() - start;
	w->res->verify_bytes += w->cfg->size;
	w->res->passes = pass;
	if (w->cfg->rewrite)
		w->gen++;
	return 0;
}

static int verify_phase(struct worker *w)
{
	const struct config *cfg = w->cfg;
	uint64_t deadline = now_usecs() + (uint64_t)(cfg->seconds * 1e6);

	for (uint64_t pass = 1; ; pass++) {
		if (!cfg->timed && pass > cfg->passes)
			break;
		if (verify_pass(w, pass))
			return -1;
		if (cfg->timed && now_usecs() >= deadline)
			break;
	}
	return 0;
}

/* Simulate a swap bug for the tests: process 0 loses one byte */
static void corrupt_for_test(const struct worker *w)
{
	unsigned char *page;

	if (!w->cfg->corrupt || w->idx != 0)
		return;
	page = (unsigned char *)page_words(w, w->cfg->corrupt_page);
	page[CORRUPT_OFFSET % w->cfg->page_size] ^= 0xff;
}

/*
 * Tell the test that process @idx reached the pause by writing its pid
 * to "@path.@idx", then poll for @path to appear: the cue to go on.
 */
static int pause_at(const char *path, unsigned int idx)
{
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
	char ready[PATH_MAX];
	int fd;

	if (!path)
		return 0;
	snprintf(ready, sizeof(ready), "%s.%u", path, idx);
	fd = open(ready, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0) {
		/* nobody could tell that we wait: do not */
		msg("proc %u: cannot create %s: %s", idx, ready, strerror(errno));
		return -1;
	}
	dprintf(fd, "%d\n", (int)getpid());
	close(fd);
	while (access(path, F_OK)) {
		if (errno != ENOENT) {
			msg("proc %u: cannot wait for %s: %s", idx, path,
			    strerror(errno));
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}

/*
 * Pages of the region whose page table entry is a swap entry, from
 * /proc/self/pagemap (bit 62), or -1.  Exact, where VmSwap is not: the
 * kernel sums that counter per CPU and reads it without the sum.
 */
static long swapped_in_region(const struct worker *w)
{
	const size_t chunk = 4096;
	uint64_t *ent = malloc(chunk * sizeof(*ent));
	uintptr_t first = (uintptr_t)w->mem / w->cfg->page_size;
	long swapped = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || !ent) {
		msg("proc %u: cannot read /proc/self/pagemap: %s", w->idx,
		    fd < 0 ? strerror(errno) : "out of memory");
		swapped = -1;
		goto out;
	}
	for (size_t done = 0; done < w->cfg->npages; ) {
		size_t n = w->cfg->npages - done < chunk ? w->cfg->npages - done : chunk;
		ssize_t got = pread(fd, ent, n * sizeof(*ent),
				    (off_t)((first + done) * sizeof(*ent)));

		if (got != (ssize_t)(n * sizeof(*ent))) {
			msg("proc %u: short read of /proc/self/pagemap", w->idx);
			swapped = -1;
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			swapped += (ent[i] >> 62) & 1;
		done += n;
	}
out:
	if (fd >= 0)
		close(fd);
	free(ent);
	return swapped;
}

/*
 * MADV_FREE drops the swap entries of the pages that are out (and lets
 * reclaim drop the others): a test of that free path.  Returns -1 if a
 * swap entry is left.
 */
static int madv_free_region(const struct worker *w)
{
	long left;

	if (madvise(w->mem, w->cfg->size, MADV_FREE)) {
		msg("proc %u: madvise(MADV_FREE): %s", w->idx, strerror(errno));
		return -1;
	}
	left = swapped_in_region(w);
	if (left) {
		if (left > 0)
			msg("proc %u: %ld pages still swapped out after MADV_FREE, want 0",
			    w->idx, left);
		return -1;
	}
	return 0;
}

static int free_phase(struct worker *w)
{
	uint64_t start = now_usecs();
	int ret = 0;

	if (w->cfg->madv_free)
		ret = madv_free_region(w);
	munmap(w->mem, w->cfg->size);
	w->res->free_usecs = now_usecs() - start;
	w->mem = NULL;
	return ret;
}

/* Signal the parent that setup is done, then block until it says go */
static void wait_for_start(int ready_fd, int go_fd)
{
	char c = 0;
	ssize_t ret;

	while (write(ready_fd, &c, 1) < 0 && errno == EINTR)
		;
	/* Closing lets the parent see EOF once every child is ready or dead */
	close(ready_fd);
	do {
		ret = read(go_fd, &c, 1);
	} while (ret < 0 && errno == EINTR);
	close(go_fd);
}

static int run_child(const struct config *cfg, unsigned int idx,
		     struct proc_result *res, int ready_fd, int go_fd)
{
	struct worker w = { .cfg = cfg, .idx = idx, .res = res };

	if (setup_worker(&w)) {
		res->error = PROC_SETUP;
		close(ready_fd);
		return 1;
	}
	wait_for_start(ready_fd, go_fd);

	fill_phase(&w);
	corrupt_for_test(&w);
	if (pause_at(cfg->pause_path, idx)) {
		res->error = PROC_PAUSE;
		return 1;
	}
	if (verify_phase(&w)) {
		res->error = PROC_CORRUPT;
		return 1;
	}
	if (free_phase(&w)) {
		res->error = PROC_FREE;
		return 1;
	}
	free(w.order);
	return 0;
}

/* ---- parent ----------------------------------------------------------- */

static void kill_children(const pid_t *pids, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
	}
}

/* Fork all children; they block until the go pipe is closed */
static int spawn_children(const struct config *cfg, struct proc_result *results,
			  pid_t *pids)
{
	int ready[2], go[2];
	pid_t parent = getpid();
	char c;

	if (pipe(ready) || pipe(go)) {
		msg("pipe: %s", strerror(errno));
		return -1;
	}
	for (unsigned int i = 0; i < cfg->nprocs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			msg("fork: %s", strerror(errno));
			kill_children(pids, i);
			return -1;
		}
		if (pids[i] == 0) {
			/* Do not outlive an interrupted parent */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(1);
			close(ready[0]);
			close(go[1]);
			_exit(run_child(cfg, i, &results[i], ready[1], go[0]));
		}
	}
	close(ready[1]);
	close(go[0]);
	/* EOF once every child has finished setup (or died trying) */
	for (;;) {
		ssize_t ret = read(ready[0], &c, 1);

		if (ret == 0 || (ret < 0 && errno != EINTR))
			break;
	}
	close(ready[0]);
	close(go[1]);
	return 0;
}

struct proc_status {
	bool ok;
	char error[64];
};

static void reap_children(const struct config *cfg, const pid_t *pids,
			  const struct proc_result *results,
			  struct proc_status *st)
{
	for (unsigned int i = 0; i < cfg->nprocs; i++) {
		const struct proc_result *res = &results[i];
		int status;

		while (waitpid(pids[i], &status, 0) < 0) {
			if (errno != EINTR) {
				status = 0xff00;	/* exit status 255 */
				break;
			}
		}
		st[i].ok = false;
		if (WIFSIGNALED(status)) {
			msg("proc %u killed by signal %d", i, WTERMSIG(status));
			snprintf(st[i].error, sizeof(st[i].error),
				 "killed by signal %d", WTERMSIG(status));
		} else if (res->error == PROC_CORRUPT) {
			snprintf(st[i].error, sizeof(st[i].error), "data corruption");
		} else if (res->error == PROC_SETUP) {
			snprintf(st[i].error, sizeof(st[i].error), "setup failed");
		} else if (res->error == PROC_PAUSE) {
			snprintf(st[i].error, sizeof(st[i].error), "pause failed");
		} else if (res->error == PROC_FREE) {
			snprintf(st[i].error, sizeof(st[i].error),
				 "swap entries left after MADV_FREE");
		} else if (WEXITSTATUS(status)) {
			snprintf(st[i].error, sizeof(st[i].error), "exit status %d",
				 WEXITSTATUS(status));
		} else {
			st[i].ok = true;
		}
	}
}

static void print_proc(const struct config *cfg, unsigned int i,
		       const struct proc_result *r, const struct proc_status *st)
{
	if (cfg->json) {
		printf("{\"type\":\"proc\",\"proc\":%u,\"pages\":%" PRIu64
		       ",\"zero_pages\":%" PRIu64 ",\"fill_bytes\":%" PRIu64
		       ",\"fill_usecs\":%" PRIu64 ",\"fill_kbps\":%" PRIu64
		       ",\"verify_bytes\":%" PRIu64 ",\"verify_usecs\":%" PRIu64
		       ",\"verify_kbps\":%" PRIu64 ",\"free_usecs\":%" PRIu64
		       ",\"passes\":%" PRIu64 ",\"ok\":%s",
		       i, r->pages, r->zero_pages, r->fill_bytes, r->fill_usecs,
		       kbps(r->fill_bytes, r->fill_usecs), r->verify_bytes,
		       r->verify_usecs, kbps(r->verify_bytes, r->verify_usecs),
		       r->free_usecs, r->passes, st->ok ? "true" : "false");
		if (!st->ok)
			printf(",\"error\":\"%s\"", st->error);
		printf("}\n");
		return;
	}
	if (!st->ok) {
		printf("proc %u: FAILED (%s)\n", i, st->error);
		return;
	}
	printf("proc %u: fill %" PRIu64 " bytes in %" PRIu64 " usecs = %" PRIu64
	       " KB/s; verify %" PRIu64 " bytes in %" PRIu64 " usecs = %" PRIu64
	       " KB/s; %" PRIu64 " usecs to free memory\n",
	       i, r->fill_bytes, r->fill_usecs, kbps(r->fill_bytes, r->fill_usecs),
	       r->verify_bytes, r->verify_usecs,
	       kbps(r->verify_bytes, r->verify_usecs), r->free_usecs);
}

/* "64M" rather than 67108864 when the size is a whole number of units */
static void format_size(char *buf, size_t len, uint64_t size)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && size % 1024 == 0) {
		size /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, size);
	else
		snprintf(buf, len, "%" PRIu64 "%c", size, units[u]);
}

static void print_summary(const struct config *cfg,
			  const struct proc_result *results,
			  const struct proc_status *st)
{
	uint64_t fill_bytes = 0, fill_kbps = 0, fill_usecs = 0;
	uint64_t verify_bytes = 0, verify_kbps = 0, verify_usecs = 0;
	uint64_t free_usecs = 0, passes = 0;
	const char *order = cfg->order == ORDER_RAND ? "rand" : "seq";
	unsigned int failed = 0;
	uint64_t sys_usecs, user_usecs;
	struct rusage ru;
	char size[32];

	/* CPU time of all the workers, the kernel's share included */
	getrusage(RUSAGE_CHILDREN, &ru);
	sys_usecs = ru.ru_stime.tv_sec * 1000000ULL + ru.ru_stime.tv_usec;
	user_usecs = ru.ru_utime.tv_sec * 1000000ULL + ru.ru_utime.tv_usec;

	/* Throughputs add up across processes; latencies take the worst */
	for (unsigned int i = 0; i < cfg->nprocs; i++) {
		const struct proc_result *r = &results[i];

		fill_bytes += r->fill_bytes;
		fill_kbps += kbps(r->fill_bytes, r->fill_usecs);
		verify_bytes += r->verify_bytes;
		verify_kbps += kbps(r->verify_bytes, r->verify_usecs);
		passes += r->passes;
		if (r->fill_usecs > fill_usecs)
			fill_usecs = r->fill_usecs;
		if (r->verify_usecs > verify_usecs)
			verify_usecs = r->verify_usecs;
		if (r->free_usecs > free_usecs)
			free_usecs = r->free_usecs;
		failed += !st[i].ok;
	}

	if (cfg->json) {
		printf("{\"type\":\"summary\",\"procs\":%u,\"size\":%zu"
		       ",\"pattern\":\"%s\",\"zero_pct\":%u,\"fill_bytes\":%" PRIu64
		       ",\"fill_usecs\":%" PRIu64 ",\"fill_kbps\":%" PRIu64
		       ",\"verify_bytes\":%" PRIu64 ",\"verify_usecs\":%" PRIu64
		       ",\"verify_kbps\":%" PRIu64 ",\"free_usecs\":%" PRIu64
		       ",\"passes\":%" PRIu64 ",\"sys_usecs\":%" PRIu64
		       ",\"user_usecs\":%" PRIu64 ",\"failed\":%u,\"ok\":%s}\n",
		       cfg->nprocs, cfg->size, order, cfg->zero_pct, fill_bytes,
		       fill_usecs, fill_kbps, verify_bytes, verify_usecs,
		       verify_kbps, free_usecs, passes, sys_usecs, user_usecs,
		       failed, failed ? "false" : "true");
		return;
	}
	format_size(size, sizeof(size), cfg->size);
	printf("swapload: %u procs, %s each, pattern %s, zero %u%%: fill %" PRIu64
	       " KB/s (sum), verify %" PRIu64 " KB/s (sum), free %" PRIu64
	       " usecs (max), sys %" PRIu64 " usecs, %s\n",
	       cfg->nprocs, size, order, cfg->zero_pct, fill_kbps, verify_kbps,
	       free_usecs, sys_usecs, failed ? "FAILED" : "OK");
}

/*
 * A mapping of one process's size, tried once before any process starts:
 * a SIZE the kernel refuses is one line, not one per process.
 */
static int check_mappable(const struct config *cfg)
{
	size_t align = cfg->page_size > THP_ALIGN ? cfg->page_size : THP_ALIGN;
	char size[32];
	void *p;

	p = mmap(NULL, cfg->size + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		format_size(size, sizeof(size), cfg->size);
		msg("cannot map %s for a process: %s", size, strerror(errno));
		return -1;
	}
	munmap(p, cfg->size + align);
	return 0;
}

int main(int argc, char **argv)
{
	struct proc_result *results;
	struct proc_status *status;
	struct config cfg;
	bool all_ok = true;
	pid_t *pids;
	int ret = 1;

	parse_args(argc, argv, &cfg);
	if (check_mappable(&cfg))
		return 1;
	/* An inherited SIG_IGN would make the kernel reap children for us */
	signal(SIGCHLD, SIG_DFL);

	/* Shared so children can hand back their numbers without a protocol */
	results = mmap(NULL, cfg.nprocs * sizeof(*results),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pids = calloc(cfg.nprocs, sizeof(*pids));
	status = calloc(cfg.nprocs, sizeof(*status));
	if (results == MAP_FAILED || !pids || !status) {
		msg("out of memory");
		goto out;
	}

	/* Nothing buffered may be duplicated into the children */
	fflush(NULL);
	if (spawn_children(&cfg, results, pids))
		goto out;
	reap_children(&cfg, pids, results, status);

	for (unsigned int i = 0; i < cfg.nprocs; i++) {
		if (!cfg.quiet)
			print_proc(&cfg, i, &results[i], &status[i]);
		all_ok &= status[i].ok;
	}
	print_summary(&cfg, results, status);

	ret = all_ok ? 0 : 1;
	if (fflush(stdout) || ferror(stdout)) {
		msg("write error on stdout: %s", strerror(errno));
		ret = 1;
	}
out:
	free(pids);
	free(status);
	if (results != MAP_FAILED)
		munmap(results, cfg.nprocs * sizeof(*results));
	return ret;
}
