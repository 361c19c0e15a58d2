// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

/* A generator bug can loop forever; fail the case instead of hanging. */
#define TEST_TIMEOUT_S 120

u64 test_seed = 0x10d3ac3d5eedULL;
unsigned int test_iters_pct = 100;
/* segment_gen.c yields through this in user space (gen_shim.h). */
unsigned long iodmacmd_gen_resched_calls;

static char diag_buf[16384];
static size_t diag_len;
static unsigned int nr_run, nr_failed;
static char timeout_msg[512];
static size_t timeout_len;

static void on_timeout(int sig)
{
	ssize_t ignored;

	(void)sig;
	ignored = write(STDOUT_FILENO, timeout_msg, timeout_len);
	(void)ignored;
	_exit(1);
}

void diag(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (diag_len + 4 >= sizeof(diag_buf))
		return;
	memcpy(diag_buf + diag_len, "# ", 2);
	diag_len += 2;
	va_start(ap, fmt);
	n = vsnprintf(diag_buf + diag_len, sizeof(diag_buf) - diag_len - 1,
		      fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	diag_len += (size_t)n;
	if (diag_len > sizeof(diag_buf) - 2)
		diag_len = sizeof(diag_buf) - 2;
	diag_buf[diag_len++] = '\n';
	diag_buf[diag_len] = '\0';
}

void run_test(const char *name, bool (*fn)(void))
{
	bool ok;

	diag_len = 0;
	diag_buf[0] = '\0';
	/* Formatted now: the signal handler may only write(). */
	snprintf(timeout_msg, sizeof(timeout_msg),
		 "not ok %u - %s\n# timed out after %d s, seed=0x%llx\n1..%u\n%u passed, %u failed\n",
		 nr_run + 1, name, TEST_TIMEOUT_S,
		 (unsigned long long)test_seed, nr_run + 1,
		 nr_run - nr_failed, nr_failed + 1);
	timeout_len = strlen(timeout_msg);
	fflush(stdout);
	alarm(TEST_TIMEOUT_S);
	ok = fn();
	alarm(0);
	nr_run++;
	if (ok) {
		printf("ok %u - %s\n", nr_run, name);
	} else {
		nr_failed++;
		printf("not ok %u - %s\n", nr_run, name);
		printf("# seed=0x%llx (rerun with SEED=0x%llx)\n",
		       (unsigned long long)test_seed,
		       (unsigned long long)test_seed);
		fputs(diag_buf, stdout);
	}
	fflush(stdout);
}

void harness_start(void)
{
	const char *s = getenv("SEED");
	const char *it = getenv("ITERS");

	if (s && *s)
		test_seed = strtoull(s, NULL, 0);
	if (it && *it)
		test_iters_pct = (unsigned int)strtoul(it, NULL, 0);
	signal(SIGALRM, on_timeout);
	printf("# iodmacmd segment generator tests, seed=0x%llx iters=%u%%\n",
	       (unsigned long long)test_seed, test_iters_pct);
}

int harness_finish(void)
{
	printf("1..%u\n", nr_run);
	printf("%u passed, %u failed\n", nr_run - nr_failed, nr_failed);
	return nr_failed ? 1 : 0;
}

void rng_seed(struct rng *r, u64 seed, const char *salt)
{
	/* FNV-1a of the salt, so every test case has its own stream. */
	u64 h = 0xcbf29ce484222325ULL;

	while (salt && *salt)
		h = (h ^ (unsigned char)*salt++) * 0x100000001b3ULL;
	r->s = seed ^ h;
}

u64 rng_next(struct rng *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64 rng_below(struct rng *r, u64 n)
{
	if (!n)
		return rng_next(r);
	return (u64)(((__uint128_t)rng_next(r) * n) >> 64);
}

bool rng_pct(struct rng *r, unsigned int pct)
{
	return rng_below(r, 100) < pct;
}

u64 rng_mask(struct rng *r, unsigned int lo, unsigned int hi)
{
	unsigned int k = lo + (unsigned int)rng_below(r, hi - lo + 1);

	return k >= 64 ? ~0ULL : (1ULL << k) - 1;
}

void rec_init(struct recorder *r, struct rec_seg *storage, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->segs = storage;
	r->cap = cap;
	r->fail_at = -1;
}

void rec_begin_call(struct recorder *r)
{
	r->base = r->n;
}

bool rec_emit(void *ctx, u64 addr, u64 len, u32 index)
{
	struct recorder *r = ctx;

	r->calls++;
	if (index != r->n - r->base)
		r->bad_index = true;
	if (r->fail_at >= 0 && (long)index == r->fail_at)
		return false;
	if (r->n >= r->cap) {
		r->full = true;
		return false;
	}
	r->segs[r->n].addr = addr;
	r->segs[r->n].len = len;
	r->n++;
	return true;
}

struct iodmacmd_limits limits_none(void)
{
	struct iodmacmd_limits l = {
		.addr_mask = U64_MAX,
		.max_segment_size = U64_MAX,
	};

	return l;
}
