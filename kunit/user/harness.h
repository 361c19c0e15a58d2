/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP-like harness for the user-space generator tests: one
 * "ok N - name" / "not ok N - name" line per case, "# ..." diagnostics
 * after a failure, and a final "N passed, N failed" line.
 */
#ifndef _IODMACMD_TEST_HARNESS_H
#define _IODMACMD_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include "segment_gen.h"

/* Seed of this run (SEED= in the environment, else a fixed default). */
extern u64 test_seed;
/* Multiplier for randomised iteration counts (ITERS= percent, default 100). */
extern unsigned int test_iters_pct;

void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void run_test(const char *name, bool (*fn)(void));
void harness_start(void);
int harness_finish(void);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			diag("%s:%d: expected %s", __FILE__, __LINE__,	\
			     #cond);					\
			diag(__VA_ARGS__);				\
			return false;					\
		}							\
	} while (0)

#define EXPECT_EQ(got, want)						\
	do {								\
		unsigned long long _g = (unsigned long long)(got);	\
		unsigned long long _w = (unsigned long long)(want);	\
		if (_g != _w) {						\
			diag("%s:%d: %s == %s: got 0x%llx, want 0x%llx",	\
			     __FILE__, __LINE__, #got, #want, _g, _w);	\
			return false;					\
		}							\
	} while (0)

/* splitmix64: small, seedable, good enough for test inputs. */
struct rng {
	u64 s;
};

void rng_seed(struct rng *r, u64 seed, const char *salt);
u64 rng_next(struct rng *r);
/* Uniform-ish in [0, n); n == 0 means the full 64-bit range. */
u64 rng_below(struct rng *r, u64 n);
/* True with probability pct/100. */
bool rng_pct(struct rng *r, unsigned int pct);
/* 2^k - 1 for k uniform in [lo, hi]. */
u64 rng_mask(struct rng *r, unsigned int lo, unsigned int hi);

/* Records emitted segments; can be told to refuse one. */
struct rec_seg {
	u64 addr;
	u64 len;
};

struct recorder {
	struct rec_seg *segs;
	size_t n;
	size_t cap;
	size_t base;		/* n when the current call began */
	long fail_at;		/* call-relative index to refuse, or -1 */
	bool bad_index;		/* an index was not base-relative sequential */
	bool full;		/* emit was called with no room left */
	u64 calls;		/* total emit invocations */
};

void rec_init(struct recorder *r, struct rec_seg *storage, size_t cap);
void rec_begin_call(struct recorder *r);
bool rec_emit(void *ctx, u64 addr, u64 len, u32 index);

/* Limits with no constraint at all. */
struct iodmacmd_limits limits_none(void);

#endif /* _IODMACMD_TEST_HARNESS_H */
