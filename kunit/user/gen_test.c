// SPDX-License-Identifier: GPL-2.0
/*
 * User-space unit tests of iodmacmd/segment_gen.c: hand-written cases from
 * the behaviour spec here, randomised comparisons against the reference
 * model in gen_random.c.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "model.h"
#include "gen_tests.h"

#define SZ_4K	0x1000ULL
#define SZ_64K	0x10000ULL
#define SZ_4G	0x100000000ULL

struct exp_seg {
	u64 addr;
	u64 len;
};

static struct iodmacmd_run run_storage[64];
static struct rec_seg rec_storage[4096];

/* Build a table from (addr, len) pairs; every append must succeed. */
static bool build(struct iodmacmd_run_table *t, const struct model_piece *p,
		  size_t n)
{
	size_t i;

	iodmacmd_runs_init(t, run_storage, 64);
	for (i = 0; i < n; i++) {
		enum iodmacmd_gen_status st =
			iodmacmd_runs_append(t, p[i].addr, p[i].len);

		EXPECT(st == IODMACMD_GEN_OK, "append %zu (0x%llx, 0x%llx) = %d",
		       i, (unsigned long long)p[i].addr,
		       (unsigned long long)p[i].len, st);
	}
	return true;
}

/*
 * Walk [start, win_len) with @num slots per call until the end or an
 * error; returns the last status and leaves the offset reached in *end.
 */
static enum iodmacmd_gen_status walk(const struct iodmacmd_run_table *t,
				     const struct iodmacmd_limits *lim,
				     u64 win_off, u64 win_len,
				     unsigned int flags, u64 start, u32 num,
				     struct recorder *rec, u64 *end)
{
	struct iodmacmd_gen_cursor cur;
	enum iodmacmd_gen_status st = IODMACMD_GEN_OK;
	u64 off = start;

	iodmacmd_gen_cursor_reset(&cur);
	while (off < win_len) {
		u32 n = num;

		rec_begin_call(rec);
		st = iodmacmd_gen_walk(t, lim, win_off, win_len, flags,
				       &cur, &off, &n, rec_emit, rec);
		if (st != IODMACMD_GEN_OK)
			break;
	}
	*end = off;
	return st;
}

static bool check_segs(const struct recorder *rec, const struct exp_seg *e,
		       size_t n)
{
	size_t i;

	EXPECT(!rec->bad_index, "emit saw a non-sequential index");
	if (rec->n != n) {
		diag("got %zu segments, want %zu:", rec->n, n);
		for (i = 0; i < rec->n; i++)
			diag("  got [%zu] 0x%llx/0x%llx", i,
			     (unsigned long long)rec->segs[i].addr,
			     (unsigned long long)rec->segs[i].len);
		return false;
	}
	for (i = 0; i < n; i++) {
		EXPECT(rec->segs[i].addr == e[i].addr &&
		       rec->segs[i].len == e[i].len,
		       "segment %zu: got 0x%llx/0x%llx, want 0x%llx/0x%llx", i,
		       (unsigned long long)rec->segs[i].addr,
		       (unsigned long long)rec->segs[i].len,
		       (unsigned long long)e[i].addr,
		       (unsigned long long)e[i].len);
	}
	return true;
}

static u64 direct_storage[2 * 4096];

/*
 * The same walk without an emit callback: the generator stores each
 * segment's address and length at ctx[2n], ctx[2n + 1] itself.
 */
static bool expect_direct_walk(const struct iodmacmd_run_table *t,
			       const struct iodmacmd_limits *lim, u32 num,
			       const struct exp_seg *e, size_t n)
{
	struct iodmacmd_gen_cursor cur;
	size_t got = 0, i;
	u64 off = 0;

	iodmacmd_gen_cursor_reset(&cur);
	while (off < t->length) {
		u32 k = num;

		EXPECT(got + num <= 4096, "more than 4096 segments");
		EXPECT_EQ(iodmacmd_gen_walk(t, lim, 0, t->length, 0, &cur, &off, &k,
					    NULL, &direct_storage[2 * got]),
			  IODMACMD_GEN_OK);
		got += k;
	}
	EXPECT_EQ(got, n);
	for (i = 0; i < n; i++)
		EXPECT(direct_storage[2 * i] == e[i].addr && direct_storage[2 * i + 1] == e[i].len,
		       "direct segment %zu: got 0x%llx/0x%llx, want 0x%llx/0x%llx", i,
		       (unsigned long long)direct_storage[2 * i],
		       (unsigned long long)direct_storage[2 * i + 1],
		       (unsigned long long)e[i].addr, (unsigned long long)e[i].len);
	return true;
}

/*
 * Full walk of the whole table, 1, 2 and 64 slots per call, through an
 * emit callback and through the generator's own stores, must give @e.
 */
static bool expect_walk(const struct iodmacmd_run_table *t,
			const struct iodmacmd_limits *lim,
			const struct exp_seg *e, size_t n)
{
	static const u32 nums[] = { 1, 2, 64 };
	struct recorder rec;
	size_t i;
	u64 end;

	for (i = 0; i < ARRAY_SIZE(nums); i++) {
		rec_init(&rec, rec_storage, 4096);
		EXPECT_EQ(walk(t, lim, 0, t->length, 0, 0, nums[i], &rec, &end),
			  IODMACMD_GEN_OK);
		EXPECT_EQ(end, t->length);
		if (!check_segs(&rec, e, n) || !expect_direct_walk(t, lim, nums[i], e, n)) {
			diag("with %u slots per call", nums[i]);
			return false;
		}
	}
	return true;
}

static bool test_spec_example_internal_4k(void)
{
	static const struct model_piece p[] = { { 0x1800, 0x2000 } };
	static const struct exp_seg e[] = {
		{ 0x1800, 0x800 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	lim.max_segment_size = 0x1000;
	lim.internal_align_mask = 0xfff;
	return build(&t, p, 1) && expect_walk(&t, &lim, e, 3);
}

static bool test_spec_example_internal_1(void)
{
	static const struct model_piece p[] = { { 0x1800, 0x2000 } };
	static const struct exp_seg e[] = {
		{ 0x1800, 0x1000 }, { 0x2800, 0x1000 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	lim.max_segment_size = 0x1000;
	return build(&t, p, 1) && expect_walk(&t, &lim, e, 2);
}

/* Spec 5: a restart at an arbitrary offset begins exactly at that byte. */
static bool test_restart_mid_segment(void)
{
	static const struct model_piece p[] = { { 0x1800, 0x2000 } };
	static const struct exp_seg e[] = {
		{ 0x1900, 0x700 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 end;

	lim.max_segment_size = 0x1000;
	lim.internal_align_mask = 0xfff;
	if (!build(&t, p, 1))
		return false;
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0, t.length, 0, 0x100, 8, &rec, &end),
		  IODMACMD_GEN_OK);
	return check_segs(&rec, e, 3);
}

static bool test_coalesce_contiguous(void)
{
	static const struct model_piece p[] = {
		{ 0x1000, 0x1000 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 },
		{ 0x3800, 0x1 }, { 0x3801, 0x7ff },
	};
	static const struct exp_seg e[] = { { 0x1000, 0x3000 } };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	if (!build(&t, p, 5))
		return false;
	EXPECT_EQ(t.nr_runs, 1);
	EXPECT_EQ(t.length, 0x3000);
	EXPECT_EQ(t.runs[0].bus_addr, 0x1000);
	EXPECT_EQ(iodmacmd_run_length(&t, 0), 0x3000);
	EXPECT_EQ(iodmacmd_run_start(&t, 0), 0);
	EXPECT_EQ(t.runs[0].end, 0x3000);
	return expect_walk(&t, &lim, e, 1);
}

static bool test_noncontiguous_runs(void)
{
	static const struct model_piece p[] = {
		{ 0x5000, 0x1000 }, { 0x1000, 0x1000 },	/* backwards */
		{ 0x2000, 0x800 },			/* merges */
		{ 0x9000, 0x10 }, { 0x9000, 0x10 },	/* repeat */
	};
	static const struct exp_seg e[] = {
		{ 0x5000, 0x1000 }, { 0x1000, 0x1800 },
		{ 0x9000, 0x10 }, { 0x9000, 0x10 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	if (!build(&t, p, 5))
		return false;
	EXPECT_EQ(t.nr_runs, 4);
	EXPECT_EQ(iodmacmd_run_start(&t, 1), 0x1000);
	EXPECT_EQ(iodmacmd_run_start(&t, 2), 0x2800);
	EXPECT_EQ(iodmacmd_run_start(&t, 3), 0x2810);
	EXPECT_EQ(t.runs[3].end, 0x2820);
	return expect_walk(&t, &lim, e, 4);
}

/* max_last follows appends and merges; always_fits needs it and no rules. */
static bool test_always_fits(void)
{
	struct iodmacmd_limits lim = { .addr_mask = 0xffffffff,
				       .max_segment_size = U64_MAX };
	struct iodmacmd_run st[3];
	struct iodmacmd_run_table t;

	iodmacmd_runs_init(&t, st, 3);
	EXPECT_EQ(t.max_last, 0);
	EXPECT(iodmacmd_gen_always_fits(&t, &lim), "empty table");
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x8000, 0x1000), IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x1000, 0x1000), IODMACMD_GEN_OK);
	EXPECT_EQ(t.max_last, 0x8fff);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x2000, 0xffffe000), IODMACMD_GEN_OK);
	EXPECT_EQ(t.nr_runs, 2);
	EXPECT_EQ(t.max_last, 0xffffffff);
	EXPECT(iodmacmd_gen_always_fits(&t, &lim), "ends at the limit");
	lim.align_mask = 0xfff;
	EXPECT(!iodmacmd_gen_always_fits(&t, &lim), "alignment rule");
	lim.align_mask = 0;
	lim.length_align_mask = 1;
	EXPECT(!iodmacmd_gen_always_fits(&t, &lim), "length alignment rule");
	lim.length_align_mask = 0;
	lim.internal_align_mask = 3;
	EXPECT(!iodmacmd_gen_always_fits(&t, &lim), "internal alignment rule");
	lim.internal_align_mask = 0;
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x100000000ULL, 1), IODMACMD_GEN_OK);
	EXPECT(!iodmacmd_gen_always_fits(&t, &lim), "a byte above the limit");
	EXPECT(!iodmacmd_gen_always_fits(NULL, &lim), "no table");
	return true;
}

static bool test_append_errors(void)
{
	struct iodmacmd_run st[2];
	struct iodmacmd_run_table t;

	EXPECT_EQ(iodmacmd_runs_append(NULL, 0x1000, 1),
		  IODMACMD_GEN_BAD_ARGUMENT);

	iodmacmd_runs_init(&t, st, 2);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x1000, 0),
		  IODMACMD_GEN_BAD_ARGUMENT);
	/* addr + len == 2^64 + 1: one byte past the top. */
	EXPECT_EQ(iodmacmd_runs_append(&t, U64_MAX, 2),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_runs_append(&t, 2, U64_MAX),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(t.nr_runs, 0);
	/* Ending exactly at 2^64 is fine. */
	EXPECT_EQ(iodmacmd_runs_append(&t, 1, U64_MAX), IODMACMD_GEN_OK);
	EXPECT_EQ(t.length, U64_MAX);
	iodmacmd_runs_init(&t, st, 2);
	EXPECT_EQ(t.nr_runs, 0);
	EXPECT_EQ(t.length, 0);

	/* Capacity: two runs fit, a third needs a slot, a merge does not. */
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x1000, 0x1000), IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x8000, 0x1000), IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x20000, 0x1000),
		  IODMACMD_GEN_NO_SPACE);
	EXPECT_EQ(t.nr_runs, 2);
	EXPECT_EQ(t.length, 0x2000);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x9000, 0x1000), IODMACMD_GEN_OK);
	EXPECT_EQ(t.nr_runs, 2);
	EXPECT_EQ(iodmacmd_run_length(&t, 1), 0x2000);
	EXPECT_EQ(t.length, 0x3000);

	/* Total length may not overflow u64, even when merging. */
	iodmacmd_runs_init(&t, st, 2);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0, U64_MAX), IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_runs_append(&t, U64_MAX, 1),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x1000, 1),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(t.nr_runs, 1);
	EXPECT_EQ(t.length, U64_MAX);

	/* No storage at all: only NO_SPACE. */
	iodmacmd_runs_init(&t, NULL, 5);
	EXPECT_EQ(t.capacity, 0);
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x1000, 1), IODMACMD_GEN_NO_SPACE);
	return true;
}

static bool test_append_top_of_space(void)
{
	static const struct model_piece p[] = {
		{ U64_MAX - 0xfff, 0x1000 },	/* ends exactly at 2^64 */
		{ 0, 0x1000 },			/* must not wrap-merge */
		{ U64_MAX, 1 },			/* the very last byte */
	};
	static const struct exp_seg e[] = {
		{ U64_MAX - 0xfff, 0x1000 }, { 0, 0x1000 }, { U64_MAX, 1 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	if (!build(&t, p, 3))
		return false;
	EXPECT_EQ(t.nr_runs, 3);
	if (!expect_walk(&t, &lim, e, 3))
		return false;
	/* The same with alignment and boundary rules on: nothing wraps. */
	lim.max_segment_size = 0x300;
	lim.internal_align_mask = 0xff;
	lim.length_align_mask = 0xf;
	lim.boundary_mask = 0x7ff;
	{
		static const struct exp_seg e2[] = {
			{ U64_MAX - 0xfff, 0x300 }, { U64_MAX - 0xcff, 0x300 },
			{ U64_MAX - 0x9ff, 0x200 }, { U64_MAX - 0x7ff, 0x300 },
			{ U64_MAX - 0x4ff, 0x300 }, { U64_MAX - 0x1ff, 0x200 },
			{ 0, 0x300 }, { 0x300, 0x300 }, { 0x600, 0x200 },
			{ 0x800, 0x300 }, { 0xb00, 0x300 }, { 0xe00, 0x200 },
			{ U64_MAX, 1 },
		};

		return expect_walk(&t, &lim, e2, 13);
	}
}

static bool test_runs_find_boundaries(void)
{
	static const struct model_piece p[] = {
		{ 0x1000, 1 }, { 0x3000, 0x1000 }, { 0x9000, 2 },
		{ 0x20000, 0x10000 }, { 0x5, 3 }, { 0x50000, 1 },
	};
	struct iodmacmd_run_table t;
	u32 i;

	if (!build(&t, p, 6))
		return false;
	EXPECT_EQ(t.nr_runs, 6);
	for (i = 0; i < t.nr_runs; i++) {
		u64 start = iodmacmd_run_start(&t, i), len = iodmacmd_run_length(&t, i);

		EXPECT_EQ(iodmacmd_runs_find(&t, start), i);
		EXPECT_EQ(iodmacmd_runs_find(&t, start + len - 1), i);
		EXPECT_EQ(iodmacmd_runs_find(&t, start + len), i + 1);
		if (len > 2)
			EXPECT_EQ(iodmacmd_runs_find(&t, start + 1), i);
	}
	EXPECT_EQ(iodmacmd_runs_find(&t, t.length), t.nr_runs);
	EXPECT_EQ(iodmacmd_runs_find(&t, U64_MAX), t.nr_runs);

	iodmacmd_runs_init(&t, run_storage, 64);
	EXPECT_EQ(iodmacmd_runs_find(&t, 0), 0);
	return true;
}

static bool test_boundary_4g(void)
{
	static const struct model_piece p[] = { { SZ_4G - SZ_4K, 3 * SZ_4K } };
	static const struct exp_seg e[] = {
		{ SZ_4G - SZ_4K, SZ_4K }, { SZ_4G, 2 * SZ_4K },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	lim.boundary_mask = SZ_4G - 1;
	return build(&t, p, 1) && expect_walk(&t, &lim, e, 2);
}

static bool test_boundary_64k_with_max_size(void)
{
	static const struct model_piece p[] = { { 0xf800, 0x20000 } };
	static const struct exp_seg e[] = {
		{ 0xf800, 0x800 }, { 0x10000, 0x8000 }, { 0x18000, 0x8000 },
		{ 0x20000, 0x8000 }, { 0x28000, 0x7800 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	lim.boundary_mask = SZ_64K - 1;
	lim.max_segment_size = 0x8000;
	return build(&t, p, 1) && expect_walk(&t, &lim, e, 5);
}

/* A boundary cut is a deferral: the alignment trims apply to it too. */
static bool test_boundary_then_trims(void)
{
	static const struct model_piece p[] = { { 0xff03, 0x200 } };
	/*
	 * The boundary at 0x10000 cuts 0xfd, the length alignment (8) trims
	 * it to 0xf8, and the internal alignment (0x10) to 0xed.
	 */
	static const struct exp_seg e[] = {
		{ 0xff03, 0xed }, { 0xfff0, 0x10 }, { 0x10000, 0x100 },
		{ 0x10100, 0x3 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	lim.boundary_mask = 0xffff;
	lim.max_segment_size = 0x100;
	lim.length_align_mask = 0x7;
	lim.internal_align_mask = 0xf;
	return build(&t, p, 1) && expect_walk(&t, &lim, e, 4);
}

static bool test_boundary_near_top(void)
{
	static const struct model_piece p[] = { { U64_MAX - 0x1fff, 0x2000 } };
	static const struct exp_seg e1[] = {
		{ U64_MAX - 0x1fff, 0x1000 }, { U64_MAX - 0xfff, 0x1000 },
	};
	static const struct exp_seg e2[] = { { U64_MAX - 0x1fff, 0x2000 } };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	if (!build(&t, p, 1))
		return false;
	lim.boundary_mask = 0xfff;
	if (!expect_walk(&t, &lim, e1, 2))
		return false;
	/* A 2^64 boundary can never be crossed. */
	lim.boundary_mask = U64_MAX;
	if (!expect_walk(&t, &lim, e2, 1))
		return false;
	lim.boundary_mask = (1ULL << 63) - 1;
	return expect_walk(&t, &lim, e2, 1);
}

static bool test_length_align_trims(void)
{
	static const struct model_piece p[] = {
		{ 0x1000, 0x1003 }, { 0x8000, 0x2 }, { 0x9001, 0x1001 },
	};
	/*
	 * With a 4-byte length alignment and max 0x1003: 0x1003 trims to
	 * 0x1000 and leaves 3, too short to trim; 2 stays 2; 0x1001 trims to
	 * 0x1000 and leaves 1.
	 */
	static const struct exp_seg e0[] = {
		{ 0x1000, 0x1000 }, { 0x2000, 0x3 }, { 0x8000, 0x2 },
		{ 0x9001, 0x1000 }, { 0xa001, 0x1 },
	};
	/* With max 0x801 every cut is trimmed from 0x801 to 0x800. */
	static const struct exp_seg e1[] = {
		{ 0x1000, 0x800 }, { 0x1800, 0x800 }, { 0x2000, 0x3 },
		{ 0x8000, 0x2 }, { 0x9001, 0x800 }, { 0x9801, 0x800 },
		{ 0xa001, 0x1 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;

	if (!build(&t, p, 3))
		return false;
	lim.length_align_mask = 0x3;
	lim.max_segment_size = 0x1003;
	if (!expect_walk(&t, &lim, e0, 5))
		return false;
	lim.max_segment_size = 0x801;
	return expect_walk(&t, &lim, e1, 7);
}

static bool test_address_limit(void)
{
	static const struct model_piece p[] = {
		{ 0xffffe000, 0x1000 }, { 0x10000f000ULL, 0x100 },
		{ 0xfffff000, 0x2000 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	struct iodmacmd_gen_cursor cur;
	struct recorder rec;
	enum iodmacmd_gen_status st;
	u64 off;
	u32 num;

	if (!build(&t, p, 3))
		return false;
	lim.addr_mask = 0xffffffff;
	lim.max_segment_size = 0x1000;
	iodmacmd_gen_cursor_reset(&cur);

	/* The second run lies wholly above 4 GiB: fails, nothing updated. */
	rec_init(&rec, rec_storage, 4096);
	off = 0;
	num = 8;
	st = iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur, &off, &num,
			       rec_emit, &rec);
	EXPECT_EQ(st, IODMACMD_GEN_TOO_LARGE);
	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 8);
	EXPECT_EQ(rec.n, 1);
	EXPECT_EQ(rec.segs[0].addr, 0xffffe000);

	/* One slot: succeeds, stopping before the bad segment. */
	num = 1;
	st = iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur, &off, &num,
			       rec_emit, &rec);
	EXPECT_EQ(st, IODMACMD_GEN_OK);
	EXPECT_EQ(off, 0x1000);
	EXPECT_EQ(num, 1);

	/* The third run's first page is fine, its second crosses 4 GiB. */
	rec_init(&rec, rec_storage, 4096);
	off = 0x1100;
	num = 8;
	st = iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur, &off, &num,
			       rec_emit, &rec);
	EXPECT_EQ(st, IODMACMD_GEN_TOO_LARGE);
	EXPECT_EQ(off, 0x1100);
	EXPECT_EQ(num, 8);
	EXPECT_EQ(rec.n, 1);
	EXPECT_EQ(rec.segs[0].addr, 0xfffff000);

	/* The last byte below the limit is reachable; one more is not. */
	lim.addr_mask = 0xffffffffffULL;
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0, t.length, 0, 0, 3, &rec, &off),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(off, t.length);

	lim.addr_mask = 0xffffffff;
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, t.length, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(pf.over_limit, "preflight missed the limit");
	EXPECT_EQ(pf.first_over_limit_offset, 0x1000);
	EXPECT_EQ(pf.nr_segments, 4);
	EXPECT(!pf.misaligned, "not misaligned");

	/* A window that avoids the high pages is clean. */
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0x1100, 0x1000, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(!pf.over_limit, "window below the limit");
	EXPECT_EQ(pf.first_over_limit_offset, 0x1000);
	EXPECT_EQ(pf.nr_segments, 1);
	return true;
}

static bool never_called(void *ctx, u64 a, u64 l, u32 i)
{
	(void)a;
	(void)l;
	(void)i;
	*(int *)ctx = 1;
	return true;
}

static bool test_bad_arguments(void)
{
	static const struct model_piece p[] = { { 0x1000, 0x1000 } };
	struct iodmacmd_limits lim = limits_none(), bad;
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	int called = 0;
	u64 off = 0;
	u32 num = 4, zero = 0;

	if (!build(&t, p, 1))
		return false;

#define GEN(tt, ll, wo, wl, fl, o, n, fn)				\
	iodmacmd_gen_walk(tt, ll, wo, wl, fl, NULL, o, n, fn, &called)

	EXPECT_EQ(GEN(&t, &lim, 0, 0x1000, 0, NULL, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, &lim, 0, 0x1000, 0, &off, NULL, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	/* No emit stores into ctx, which must then be there. */
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, 0x1000, 0, NULL, &off, &num, NULL, NULL),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, &lim, 0, 0x1000, 0, &off, &zero, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(zero, 0);
	EXPECT_EQ(GEN(NULL, &lim, 0, 0x1000, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, NULL, 0, 0x1000, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, &lim, 0, 0x1000, 0x2, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	/* Windows outside the table, including u64 wrap-around. */
	EXPECT_EQ(GEN(&t, &lim, 0, 0x1001, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, &lim, 0x1001, 0, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(GEN(&t, &lim, 0x800, U64_MAX, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	/* BAD_ARGUMENT wins over OVERRUN. */
	off = 0x5000;
	EXPECT_EQ(GEN(&t, &lim, 0, 0x1000, 0, &off, &zero, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	off = 0;

	bad = lim;
	bad.max_segment_size = 0;
	EXPECT_EQ(GEN(&t, &bad, 0, 0x1000, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &bad, 0, 0x1000, &pf),
		  IODMACMD_GEN_BAD_ARGUMENT);
	bad = lim;
	bad.align_mask = 0x5;
	EXPECT(!iodmacmd_limits_valid(&bad), "0x5 is not a mask");
	EXPECT_EQ(GEN(&t, &bad, 0, 0x1000, 0, &off, &num, never_called),
		  IODMACMD_GEN_BAD_ARGUMENT);
	bad = lim;
	bad.addr_mask = 0xfffffffe;
	EXPECT(!iodmacmd_limits_valid(&bad), "addr mask");
	bad = lim;
	bad.boundary_mask = 0x1000;
	EXPECT(!iodmacmd_limits_valid(&bad), "boundary mask");
	bad = lim;
	bad.length_align_mask = 0x2;
	EXPECT(!iodmacmd_limits_valid(&bad), "length mask");
	bad = lim;
	bad.internal_align_mask = U64_MAX - 1;
	EXPECT(!iodmacmd_limits_valid(&bad), "internal mask");
	EXPECT(!iodmacmd_limits_valid(NULL), "NULL limits");
	EXPECT(iodmacmd_limits_valid(&lim), "unlimited is valid");
#undef GEN

	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 4);
	EXPECT_EQ(called, 0);

	EXPECT_EQ(iodmacmd_gen_preflight(NULL, &lim, 0, 0x1000, &pf),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, NULL, 0, 0x1000, &pf),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, 0x1000, NULL),
		  IODMACMD_GEN_BAD_ARGUMENT);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 1, 0x1000, &pf),
		  IODMACMD_GEN_BAD_ARGUMENT);
	return true;
}

static bool test_overrun_untouched(void)
{
	static const struct model_piece p[] = { { 0x1000, 0x1000 } };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	int called = 0;
	u64 off;
	u32 num;

	if (!build(&t, p, 1))
		return false;

	off = 0x800;
	num = 7;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0x800, 0x800, 0, NULL,
				    &off, &num, never_called, &called),
		  IODMACMD_GEN_OVERRUN);
	EXPECT_EQ(off, 0x800);
	EXPECT_EQ(num, 7);

	off = U64_MAX;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, 0x1000, 0, NULL,
				    &off, &num, never_called, &called),
		  IODMACMD_GEN_OVERRUN);
	EXPECT_EQ(off, U64_MAX);
	EXPECT_EQ(num, 7);

	/* An empty window: every offset overruns, preflight is empty. */
	off = 0;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0x1000, 0, 0, NULL,
				    &off, &num, never_called, &called),
		  IODMACMD_GEN_OVERRUN);
	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 7);
	EXPECT_EQ(called, 0);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0x1000, 0, &pf),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(pf.nr_segments, 0);
	EXPECT(!pf.over_limit && !pf.misaligned, "empty window is clean");
	EXPECT_EQ(pf.first_over_limit_offset, 0);

	/* An empty table. */
	iodmacmd_runs_init(&t, run_storage, 64);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, 0, 0, NULL,
				    &off, &num, never_called, &called),
		  IODMACMD_GEN_OVERRUN);
	EXPECT_EQ(called, 0);
	return true;
}

static bool test_output_failed_mid_call(void)
{
	static const struct model_piece p[] = { { 0x1800, 0x2000 } };
	static const struct exp_seg e[] = {
		{ 0x1800, 0x800 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;
	struct iodmacmd_gen_cursor cur;
	struct recorder rec;
	u64 off = 0;
	u32 num = 8;

	lim.max_segment_size = 0x1000;
	lim.internal_align_mask = 0xfff;
	if (!build(&t, p, 1))
		return false;
	iodmacmd_gen_cursor_reset(&cur);

	rec_init(&rec, rec_storage, 4096);
	rec.fail_at = 2;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OUTPUT_FAILED);
	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 8);
	EXPECT_EQ(rec.calls, 3);
	if (!check_segs(&rec, e, 2))
		return false;

	/* Retrying at the untouched offset gives the same segments. */
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(off, t.length);
	EXPECT_EQ(num, 3);
	if (!check_segs(&rec, e, 3))
		return false;

	/* Failing on the very first emit. */
	rec_init(&rec, rec_storage, 4096);
	rec.fail_at = 0;
	off = 0x800;
	num = 2;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, &cur,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OUTPUT_FAILED);
	EXPECT_EQ(off, 0x800);
	EXPECT_EQ(num, 2);
	EXPECT_EQ(rec.n, 0);
	return true;
}

static bool test_one_slot_left(void)
{
	static const struct model_piece p[] = {
		{ 0x1000, 0x1000 }, { 0x4000, 0x1000 }, { 0x8000, 0x1000 },
		{ 0xc000, 0x1000 }, { 0x10000, 0x1000 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 off = 0;
	u32 num = 1;

	if (!build(&t, p, 5))
		return false;
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, NULL,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 1);
	EXPECT_EQ(off, 0x1000);

	num = 3;
	rec_begin_call(&rec);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, NULL,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 3);
	EXPECT_EQ(off, 0x4000);

	/* More slots than segments: stops at the window end. */
	num = 100;
	rec_begin_call(&rec);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, NULL,
				    &off, &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 1);
	EXPECT_EQ(off, 0x5000);
	EXPECT_EQ(rec.n, 5);
	EXPECT(!rec.bad_index, "indices restart at 0 each call");
	return true;
}

static bool test_window_mid_run(void)
{
	static const struct model_piece p[] = {
		{ 0x10000, 0x3000 }, { 0x20000, 0x3000 },
	};
	static const struct exp_seg e1[] = {
		{ 0x11800, 0x1800 }, { 0x20000, 0x1800 },
	};
	static const struct exp_seg e2[] = {
		{ 0x11800, 0x800 }, { 0x12000, 0x1000 }, { 0x20000, 0x1000 },
		{ 0x21000, 0x800 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 end;

	if (!build(&t, p, 2))
		return false;
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0x1800, 0x3000, 0, 0, 4, &rec, &end),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(end, 0x3000);
	if (!check_segs(&rec, e1, 2))
		return false;

	lim.max_segment_size = 0x1000;
	lim.internal_align_mask = 0xfff;
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0x1800, 0x3000, 0, 0, 1, &rec, &end),
		  IODMACMD_GEN_OK);
	if (!check_segs(&rec, e2, 4))
		return false;
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0x1800, 0x3000, &pf),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(pf.nr_segments, 4);

	/* A window inside one run, resumed in its middle. */
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0x3100, 0x1e00, 0, 0x10, 2, &rec, &end),
		  IODMACMD_GEN_OK);
	{
		static const struct exp_seg e3[] = {
			{ 0x20110, 0xef0 }, { 0x21000, 0xf00 },
		};

		return check_segs(&rec, e3, 2);
	}
}

static bool test_validate_first_vs_later(void)
{
	static const struct model_piece p[] = { { 0x1000, 0x3000 } };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 off = 0;
	u32 num = 8;

	if (!build(&t, p, 1))
		return false;
	/* Segments 0x1000, 0x2000, 0x3000 (each 0x1000 long). */
	lim.max_segment_size = 0x1000;
	lim.internal_align_mask = 0x1fff;

	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_NOT_ALIGNED);
	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 8);
	EXPECT_EQ(rec.n, 2);	/* 0x1000 passes align_mask 0, 0x2000 0x1fff */

	/* Without VALIDATE the same walk succeeds... */
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length, 0, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 3);
	/* ...and the preflight reports it as misaligned. */
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, t.length, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(pf.misaligned, "0x3000 breaks the internal mask");

	/* A new call at 0x3000 checks it against align_mask (0) instead. */
	rec_init(&rec, rec_storage, 4096);
	off = 0x2000;
	num = 8;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 1);

	/* The first segment against align_mask. */
	lim.align_mask = 0x1fff;
	lim.internal_align_mask = 0;
	rec_init(&rec, rec_storage, 4096);
	off = 0;
	num = 8;
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_NOT_ALIGNED);
	EXPECT_EQ(rec.n, 0);
	off = 0x1000;	/* starts at 0x2000 */
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(num, 2);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0x1000, 0x2000, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(!pf.misaligned, "window starting at 0x2000 is aligned");
	return true;
}

static bool test_validate_length(void)
{
	static const struct model_piece p[] = { { 0x1000, 0x1800 } };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 off = 0;
	u32 num = 8;

	if (!build(&t, p, 1))
		return false;
	lim.length_align_mask = 0xfff;

	/* 0x1800 trims to 0x1000; the 0x800 left cannot be trimmed. */
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_NOT_ALIGNED);
	EXPECT_EQ(rec.n, 1);
	EXPECT_EQ(rec.segs[0].len, 0x1000);
	EXPECT_EQ(off, 0);
	EXPECT_EQ(num, 8);

	/* The window clamp also counts: an 0x1000-long window is fine. */
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, 0x1000,
				    IODMACMD_GEN_VALIDATE, NULL, &off,
				    &num, rec_emit, &rec),
		  IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, 0x1000, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(!pf.misaligned, "aligned window");
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, 0x1800, &pf),
		  IODMACMD_GEN_OK);
	EXPECT(pf.misaligned, "0x800 tail");
	EXPECT_EQ(pf.nr_segments, 2);
	return true;
}

/* The cursor is a hint: garbage, stale or absent cursors change nothing. */
static bool test_cursor_is_only_a_cache(void)
{
	static const struct model_piece p[] = {
		{ 0x1000, 0x1000 }, { 0x4000, 0x1000 }, { 0x8000, 0x1000 },
	};
	static const u32 junk[] = { 0, 1, 2, 3, 7, U32_MAX, U32_MAX - 1 };
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_run_table t;
	struct iodmacmd_gen_cursor cur;
	struct recorder rec;
	size_t i;

	if (!build(&t, p, 3))
		return false;
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		u64 starts[] = { 0, 0x800, 0x1000, 0x1fff, 0x2000, 0x2fff };
		size_t j;

		for (j = 0; j < ARRAY_SIZE(starts); j++) {
			u64 off = starts[j];
			u32 num = 1;
			u64 want_addr = p[off >> 12].addr + (off & 0xfff);

			cur.run = junk[i];
			rec_init(&rec, rec_storage, 4096);
			EXPECT_EQ(iodmacmd_gen_walk(&t, &lim, 0, t.length,
						    0, &cur, &off, &num,
						    rec_emit, &rec),
			      IODMACMD_GEN_OK);
			EXPECT_EQ(rec.segs[0].addr, want_addr);
			EXPECT_EQ(rec.segs[0].len, 0x1000 - (starts[j] & 0xfff));
			EXPECT_EQ(off, (starts[j] | 0xfff) + 1);
			/* The hint now names the run holding the new offset. */
			EXPECT_EQ(cur.run, iodmacmd_runs_find(&t, off));
		}
	}
	return true;
}

static bool test_huge_lengths(void)
{
	static const struct model_piece p[] = {
		{ 1ULL << 63, 1ULL << 63 }, { 0x1000, (1ULL << 62) + 1 },
	};
	struct iodmacmd_limits lim = limits_none();
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_run_table t;
	struct recorder rec;
	u64 end;

	if (!build(&t, p, 2))
		return false;
	EXPECT_EQ(t.length, (1ULL << 63) + (1ULL << 62) + 1);
	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0, t.length, 0, 0, 4, &rec, &end),
		  IODMACMD_GEN_OK);
	{
		static const struct exp_seg e[] = {
			{ 1ULL << 63, 1ULL << 63 },
			{ 0x1000, (1ULL << 62) + 1 },
		};

		if (!check_segs(&rec, e, 2))
			return false;
	}

	lim.max_segment_size = 1ULL << 61;
	lim.internal_align_mask = (1ULL << 60) - 1;
	lim.boundary_mask = (1ULL << 62) - 1;
	lim.length_align_mask = 0xfff;
	lim.addr_mask = (1ULL << 63) - 1;
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, t.length, &pf),
		  IODMACMD_GEN_OK);
	/*
	 * Four segments of 2^61 up high; the low run gives 2^61 - 0x1000
	 * (internal cut), 2^61, 0x1000 (length trim) and a 1-byte tail.
	 */
	EXPECT_EQ(pf.nr_segments, 8);
	EXPECT(pf.over_limit, "the top half is over a 63-bit limit");
	EXPECT_EQ(pf.first_over_limit_offset, 0);
	EXPECT(pf.misaligned, "1-byte tail");

	rec_init(&rec, rec_storage, 4096);
	EXPECT_EQ(walk(&t, &lim, 0, t.length, 0, 1ULL << 63, 3, &rec, &end),
		  IODMACMD_GEN_OK);
	{
		static const struct exp_seg e[] = {
			{ 0x1000, (1ULL << 61) - 0x1000 },
			{ 1ULL << 61, 1ULL << 61 },
			{ 1ULL << 62, 0x1000 },
			{ (1ULL << 62) + 0x1000, 1 },
		};

		return check_segs(&rec, e, 4);
	}
}

/*
 * The distance to a boundary of 2^64 from an address with its low bits
 * clear does not fit a u64: it once wrapped to 0, and mapping.c's splitter
 * looped for ever over memory at physical address 0.
 */
static bool test_bytes_to_boundary(void)
{
	EXPECT_EQ(iodmacmd_bytes_to_boundary(0, U64_MAX), U64_MAX);
	EXPECT_EQ(iodmacmd_bytes_to_boundary(1, U64_MAX), U64_MAX);
	EXPECT_EQ(iodmacmd_bytes_to_boundary(U64_MAX, U64_MAX), 1);
	EXPECT_EQ(iodmacmd_bytes_to_boundary(0, 0xffff), 0x10000);
	EXPECT_EQ(iodmacmd_bytes_to_boundary(0x1fff0, 0xffff), 0x10);
	EXPECT_EQ(iodmacmd_bytes_to_boundary(0x12345, 0), 1);
	return true;
}

/* The entries iodmacmd_entry_add() made: what mapping.c's sg table gets. */
struct entry_log {
	struct exp_seg e[16];
	unsigned int n;
	bool overflow;
};

static void log_cut(void *ctx, u64 phys, u64 len, bool begins)
{
	struct entry_log *log = ctx;

	if (begins) {
		if (log->n == 16) {
			log->overflow = true;
			return;
		}
		log->e[log->n].addr = phys;
		log->e[log->n++].len = len;
	} else if (log->n) {
		log->e[log->n - 1].len += len;
	}
}

static bool check_entries(const struct iodmacmd_entry_builder *b,
			  const struct entry_log *log, const struct exp_seg *want,
			  unsigned int n)
{
	unsigned int i;

	EXPECT(!log->overflow, "more than 16 entries");
	EXPECT_EQ(log->n, n);
	EXPECT_EQ(b->nents, n);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(log->e[i].addr, want[i].addr);
		EXPECT_EQ(log->e[i].len, want[i].len);
	}
	return true;
}

/*
 * Memory at physical address 0 (normal on arm64) under the default
 * segment boundary, all ones: the splitter once looped for ever there,
 * because the distance to the boundary wrapped to 0.
 */
static bool test_entries_from_address_0(void)
{
	struct iodmacmd_entry_builder b = {
		.max_entry = 0xfffff000, .boundary_mask = U64_MAX,
	};
	struct entry_log log = { .n = 0 };
	const struct exp_seg want[] = { { 0, 4 * SZ_4K } };

	iodmacmd_entry_add(&b, 0, 2 * SZ_4K, log_cut, &log);
	iodmacmd_entry_add(&b, 2 * SZ_4K, 2 * SZ_4K, log_cut, &log);
	return check_entries(&b, &log, want, 1);
}

/* Pieces that continue each other share an entry up to max_entry. */
static bool test_entries_merge_and_cut(void)
{
	struct iodmacmd_entry_builder b = {
		.max_entry = 3 * SZ_4K, .boundary_mask = U64_MAX,
	};
	struct entry_log log = { .n = 0 };
	const struct exp_seg want[] = {
		{ SZ_64K, 3 * SZ_4K }, { SZ_64K + 3 * SZ_4K, SZ_4K }, { 4 * SZ_64K, SZ_4K },
	};

	iodmacmd_entry_add(&b, SZ_64K, 2 * SZ_4K, log_cut, &log);
	iodmacmd_entry_add(&b, SZ_64K + 2 * SZ_4K, 2 * SZ_4K, log_cut, &log);
	iodmacmd_entry_add(&b, 4 * SZ_64K, SZ_4K, log_cut, &log);
	return check_entries(&b, &log, want, 3);
}

/* No entry crosses a boundary, merged or not, from address 0 too. */
static bool test_entries_cut_at_boundary(void)
{
	struct iodmacmd_entry_builder b = {
		.max_entry = SZ_4G, .boundary_mask = SZ_64K - 1,
	};
	struct entry_log log = { .n = 0 };
	const struct exp_seg want[] = {
		{ 0, SZ_64K }, { SZ_64K, SZ_64K }, { 2 * SZ_64K, SZ_4K },
	};

	iodmacmd_entry_add(&b, 0, SZ_64K - SZ_4K, log_cut, &log);
	iodmacmd_entry_add(&b, SZ_64K - SZ_4K, SZ_64K + 2 * SZ_4K, log_cut, &log);
	return check_entries(&b, &log, want, 3);
}

/* An entry ending at 2^64 is continued by nothing, address 0 included. */
static bool test_entries_top_of_space(void)
{
	struct iodmacmd_entry_builder b = {
		.max_entry = SZ_4G, .boundary_mask = U64_MAX,
	};
	struct entry_log log = { .n = 0 };
	const struct exp_seg want[] = { { 0ULL - SZ_4K, SZ_4K }, { 0, SZ_4K } };

	iodmacmd_entry_add(&b, 0ULL - SZ_4K, SZ_4K, log_cut, &log);
	iodmacmd_entry_add(&b, 0, SZ_4K, log_cut, &log);
	return check_entries(&b, &log, want, 2);
}

/* Counting (no callback) counts what filling makes. */
static bool test_entries_count_matches_fill(void)
{
	struct iodmacmd_entry_builder count = {
		.max_entry = 2 * SZ_4K, .boundary_mask = SZ_64K - 1,
	}, fill = count;
	struct entry_log log = { .n = 0 };
	u64 addr[] = { 0, 3 * SZ_4K, 5 * SZ_4K, SZ_64K - SZ_4K, 9 * SZ_64K };
	u64 len[] = { 3 * SZ_4K, 2 * SZ_4K, SZ_4K, 3 * SZ_4K, 1 };
	unsigned int i;

	for (i = 0; i < 5; i++) {
		iodmacmd_entry_add(&count, addr[i], len[i], NULL, NULL);
		iodmacmd_entry_add(&fill, addr[i], len[i], log_cut, &log);
	}
	EXPECT(!log.overflow, "more than 16 entries");
	EXPECT_EQ(count.nents, fill.nents);
	EXPECT_EQ(count.nents, log.n);
	return true;
}

/* A preflight over millions of segments yields the CPU as it goes. */
static bool test_preflight_yields(void)
{
	struct iodmacmd_run_table t;
	struct iodmacmd_limits lim = {
		.addr_mask = U64_MAX, .max_segment_size = 1,
	};
	struct iodmacmd_gen_preflight pf;
	unsigned long before = iodmacmd_gen_resched_calls;

	iodmacmd_runs_init(&t, run_storage, ARRAY_SIZE(run_storage));
	EXPECT_EQ(iodmacmd_runs_append(&t, 0x100000, 1 << 20), IODMACMD_GEN_OK);
	EXPECT_EQ(iodmacmd_gen_preflight(&t, &lim, 0, t.length, &pf), IODMACMD_GEN_OK);
	EXPECT_EQ(pf.nr_segments, 1 << 20);
	EXPECT_EQ(iodmacmd_gen_resched_calls - before,
		  (1 << 20) / IODMACMD_GEN_RESCHED_EVERY);
	return true;
}

int main(void)
{
	harness_start();

	run_test("spec example: internal alignment 0x1000",
		 test_spec_example_internal_4k);
	run_test("spec example: internal alignment 1",
		 test_spec_example_internal_1);
	run_test("restart mid-segment begins at that byte",
		 test_restart_mid_segment);
	run_test("append coalesces contiguous runs", test_coalesce_contiguous);
	run_test("non-contiguous runs stay apart", test_noncontiguous_runs);
	run_test("append errors", test_append_errors);
	run_test("runs at the top of the address space",
		 test_append_top_of_space);
	run_test("runs_find at every boundary", test_runs_find_boundaries);
	run_test("boundary: 4 GiB", test_boundary_4g);
	run_test("boundary: 64 KiB with max segment size",
		 test_boundary_64k_with_max_size);
	run_test("boundary cut is trimmed by the alignments",
		 test_boundary_then_trims);
	run_test("boundary near 2^64", test_boundary_near_top);
	run_test("length alignment trims", test_length_align_trims);
	run_test("address limit: TOO_LARGE, nothing updated",
		 test_address_limit);
	run_test("bad arguments", test_bad_arguments);
	run_test("overrun leaves offset and num untouched",
		 test_overrun_untouched);
	run_test("output failure mid-call", test_output_failed_mid_call);
	run_test("one slot left", test_one_slot_left);
	run_test("window not at 0, ending mid-run", test_window_mid_run);
	run_test("validate: first vs later segment masks",
		 test_validate_first_vs_later);
	run_test("validate: length alignment", test_validate_length);
	run_test("cursor is only a cache", test_cursor_is_only_a_cache);
	run_test("lengths up to 2^63", test_huge_lengths);
	run_test("max_last and always_fits", test_always_fits);
	run_test("bytes to a 2^64 boundary from address 0", test_bytes_to_boundary);
	run_test("a long preflight yields the CPU", test_preflight_yields);
	run_test("entries from physical address 0", test_entries_from_address_0);
	run_test("entries merge and cut at max_entry", test_entries_merge_and_cut);
	run_test("entries cut at a boundary", test_entries_cut_at_boundary);
	run_test("an entry ending at 2^64 continues into nothing", test_entries_top_of_space);
	run_test("entries counted as filled", test_entries_count_matches_fill);

	run_random_tests();

	return harness_finish();
}
