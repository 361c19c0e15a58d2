// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised tests: thousands of random run tables, constraint sets and
 * windows, each checked against the reference model in model.c.  Every
 * case derives its own stream from the run's seed, so SEED=<n> reproduces
 * a failure, whose diagnostics print the whole scenario.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "model.h"
#include "gen_tests.h"

#define MAX_PIECES	48
#define SEG_CAP		1024	/* model segments per window, at most */
#define BASE_ITERS	2000

struct scenario {
	u64 iter;
	struct model_piece p[MAX_PIECES];
	size_t np;
	struct iodmacmd_run runs[MAX_PIECES];
	struct iodmacmd_run_table t;
	struct model m;
	struct iodmacmd_limits lim;
	u64 win_off;
	u64 win_len;
	struct model_seg segs[SEG_CAP];	/* the model's walk from offset 0 */
	size_t nsegs;
};

static struct scenario sc;
static struct model_seg alt[SEG_CAP];
static struct rec_seg rec_buf[SEG_CAP];

static u64 iterations(void)
{
	u64 n = (u64)BASE_ITERS * test_iters_pct / 100;

	return n ? n : 1;
}

static void dump_scenario(const struct scenario *s)
{
	size_t i;

	diag("iteration %llu: %zu pieces, %u runs, table length 0x%llx",
	     (unsigned long long)s->iter, s->np, s->t.nr_runs,
	     (unsigned long long)s->t.length);
	for (i = 0; i < s->np; i++)
		diag("  piece %zu: 0x%llx/0x%llx", i,
		     (unsigned long long)s->p[i].addr,
		     (unsigned long long)s->p[i].len);
	diag("limits: addr %#llx maxseg %#llx align %#llx len %#llx int %#llx bound %#llx",
	     (unsigned long long)s->lim.addr_mask,
	     (unsigned long long)s->lim.max_segment_size,
	     (unsigned long long)s->lim.align_mask,
	     (unsigned long long)s->lim.length_align_mask,
	     (unsigned long long)s->lim.internal_align_mask,
	     (unsigned long long)s->lim.boundary_mask);
	diag("window 0x%llx + 0x%llx, model: %zu segments",
	     (unsigned long long)s->win_off, (unsigned long long)s->win_len,
	     s->nsegs);
}

static u64 rand_len(struct rng *r, unsigned int mode)
{
	switch (mode) {
	case 0:
		return 1 + rng_below(r, 0x40);
	case 1:
		return 1 + rng_below(r, 0x3000);
	case 2:
		return 0x1000 * (1 + rng_below(r, 4));
	default:
		if (rng_pct(r, 3))
			return 1 + rng_below(r, 1ULL << 63);
		if (rng_pct(r, 10))
			return 1 + rng_below(r, 1ULL << 40);
		return 1 + rng_below(r, 0x10000);
	}
}

static u64 rand_addr(struct rng *r)
{
	switch (rng_below(r, 5)) {
	case 0:
		return rng_below(r, 1ULL << 20);
	case 1:
		return (1ULL << 32) - rng_below(r, 0x20000);
	case 2:
		return U64_MAX - rng_below(r, 1ULL << 24);
	case 3:
		return rng_next(r);
	default:
		return rng_below(r, 1ULL << 40) & ~0xfffULL;
	}
}

static void gen_pieces(struct rng *r, struct scenario *s)
{
	unsigned int mode = (unsigned int)rng_below(r, 4);
	u128 total = 0;
	size_t n, i;

	if (rng_pct(r, 10))
		n = 1;
	else if (rng_pct(r, 35))
		n = 2 + rng_below(r, 3);
	else
		n = 1 + rng_below(r, MAX_PIECES);

	s->np = 0;
	for (i = 0; i < n; i++) {
		u64 len = rand_len(r, mode), addr;

		if (i == 0) {
			addr = rand_addr(r);
		} else {
			const struct model_piece *prev = &s->p[s->np - 1];
			u128 end = (u128)prev->addr + prev->len;
			unsigned int how = (unsigned int)rng_below(r, 100);

			if (how < 50)		/* contiguous, or wrap to 0 */
				addr = (u64)end;
			else if (how < 65)	/* a small gap */
				addr = (u64)(end + 1 + rng_below(r, 0x2000));
			else if (how < 75)	/* backwards */
				addr = prev->addr - rng_below(r, 0x3000);
			else if (how < 85)	/* the same bus address again */
				addr = prev->addr;
			else
				addr = rand_addr(r);
		}
		/* Keep addr + len <= 2^64 and the total below 2^64. */
		if (addr && len - 1 > U64_MAX - addr)
			len = U64_MAX - addr + 1;
		if ((u128)len > (u128)U64_MAX - total)
			len = (u64)((u128)U64_MAX - total);
		if (!len)
			break;
		s->p[s->np].addr = addr;
		s->p[s->np].len = len;
		s->np++;
		total += len;
	}
}

static void gen_limits(struct rng *r, struct iodmacmd_limits *l)
{
	unsigned int x;

	x = (unsigned int)rng_below(r, 100);
	l->addr_mask = x < 40 ? U64_MAX : x < 60 ? 0xffffffffULL :
		       rng_mask(r, 12, 64);

	x = (unsigned int)rng_below(r, 100);
	if (x < 25)
		l->max_segment_size = U64_MAX;
	else if (x < 50)
		l->max_segment_size = 1ULL << rng_below(r, 21);
	else if (x < 80)
		l->max_segment_size = 1 + rng_below(r, 0x5000);
	else if (x < 90)
		l->max_segment_size = 1 + rng_below(r, 1ULL << 40);
	else
		l->max_segment_size = 1 + rng_below(r, U64_MAX);

	l->align_mask = rng_pct(r, 50) ? 0 : rng_pct(r, 90) ?
			rng_mask(r, 1, 16) : rng_mask(r, 17, 64);
	l->length_align_mask = rng_pct(r, 55) ? 0 : rng_pct(r, 95) ?
			       rng_mask(r, 1, 12) : rng_mask(r, 13, 64);

	x = (unsigned int)rng_below(r, 100);
	l->internal_align_mask = x < 35 ? 0 : x < 55 ? l->align_mask :
				 rng_mask(r, 1, 16);

	x = (unsigned int)rng_below(r, 100);
	if (x < 45)
		l->boundary_mask = 0;
	else if (x < 55)
		l->boundary_mask = 0xffff;
	else if (x < 65)
		l->boundary_mask = 0xffffffffULL;
	else if (x < 95)
		l->boundary_mask = rng_mask(r, 1, 63);
	else
		l->boundary_mask = U64_MAX;
}

static void gen_window(struct rng *r, struct scenario *s)
{
	u64 total = s->t.length, room, end;

	if (rng_pct(r, 20)) {
		s->win_off = 0;
		s->win_len = total;
	} else {
		unsigned int x = (unsigned int)rng_below(r, 100);

		if (x < 30) {
			s->win_off = 0;
		} else if (x < 60) {
			u32 i = (u32)rng_below(r, s->t.nr_runs);

			s->win_off = iodmacmd_run_start(&s->t, i);
			if (rng_pct(r, 30) && iodmacmd_run_length(&s->t, i) > 1)
				s->win_off++;
		} else {
			s->win_off = rng_below(r, total);
		}
		room = total - s->win_off;
		x = (unsigned int)rng_below(r, 100);
		if (x < 30)
			s->win_len = room;
		else if (x < 60)
			s->win_len = 1 + rng_below(r, room < 0x40 ? room : 0x40);
		else if (x < 80)
			s->win_len = 1 + rng_below(r, room < 0x10000 ?
						   room : 0x10000);
		else
			s->win_len = 1 + rng_below(r, room);
	}

	/*
	 * Keep the model's walk within SEG_CAP segments by ending the window
	 * where the cap was reached (or earlier).  Formation from an offset
	 * does not depend on the window end, so this just drops the tail.
	 */
	s->nsegs = model_walk(&s->m, &s->lim, s->win_off, s->win_len, 0,
			      s->segs, SEG_CAP, &end);
	if (end < s->win_len) {
		s->win_len = rng_pct(r, 50) ? end : 1 + rng_below(r, end);
		s->nsegs = model_walk(&s->m, &s->lim, s->win_off, s->win_len,
				      0, s->segs, SEG_CAP, &end);
	}
}

/* A complete random scenario; returns false if the table build failed. */
static bool gen_scenario(struct rng *r, struct scenario *s, u64 iter)
{
	size_t i;

	s->iter = iter;
	gen_pieces(r, s);
	model_build(&s->m, s->p, s->np);
	iodmacmd_runs_init(&s->t, s->runs, MAX_PIECES);
	for (i = 0; i < s->np; i++) {
		EXPECT(iodmacmd_runs_append(&s->t, s->p[i].addr,
					    s->p[i].len) == IODMACMD_GEN_OK,
		       "append of piece %zu failed", i);
	}
	gen_limits(r, &s->lim);
	gen_window(r, s);
	return true;
}

static u32 rand_num(struct rng *r)
{
	unsigned int x = (unsigned int)rng_below(r, 100);

	if (x < 5)
		return 1;
	if (x < 65)
		return 1 + (u32)rng_below(r, 4);
	if (x < 90)
		return 1 + (u32)rng_below(r, 64);
	return U32_MAX;
}

static void tamper_cursor(struct rng *r, struct iodmacmd_gen_cursor *cur,
			  const struct scenario *s)
{
	unsigned int x = (unsigned int)rng_below(r, 100);

	if (x < 10)
		iodmacmd_gen_cursor_reset(cur);
	else if (x < 15)
		cur->run = (u32)rng_next(r);
	else if (x < 20)
		cur->run = (u32)rng_below(r, s->t.nr_runs + 2);
}

static bool check_seg_eq(const struct rec_seg *got,
			 const struct model_seg *want, size_t i)
{
	EXPECT(got->addr == want->addr && got->len == want->len,
	       "segment %zu at window offset 0x%llx: got 0x%llx/0x%llx, model 0x%llx/0x%llx",
	       i, (unsigned long long)want->off,
	       (unsigned long long)got->addr, (unsigned long long)got->len,
	       (unsigned long long)want->addr,
	       (unsigned long long)want->len);
	return true;
}

/*
 * One generator call at window offset @start with @num slots, checked
 * against @exp, the model's segments from @start (@nexp of them, covering
 * at least min(@num, rest of window)).  On success *@off_out and
 * *@n_out are the call's results; *@st_out is its status.
 */
static bool check_call(const struct scenario *s, const struct model_seg *exp,
		       size_t nexp, u64 start, u32 num, unsigned int flags,
		       struct iodmacmd_gen_cursor *cur,
		       enum iodmacmd_gen_status *st_out, u64 *off_out,
		       u32 *n_out)
{
	enum iodmacmd_gen_status want = IODMACMD_GEN_OK, st;
	struct recorder rec;
	size_t j;
	u64 off = start;
	u32 n = num;

	for (j = 0; j < nexp && j < num; j++) {
		if (model_over_limit(&s->lim, &exp[j])) {
			want = IODMACMD_GEN_TOO_LARGE;
			break;
		}
		if ((flags & IODMACMD_GEN_VALIDATE) &&
		    model_misaligned(&s->lim, &exp[j], j == 0)) {
			want = IODMACMD_GEN_NOT_ALIGNED;
			break;
		}
	}

	rec_init(&rec, rec_buf, SEG_CAP);
	st = iodmacmd_gen_walk(&s->t, &s->lim, s->win_off, s->win_len,
			       flags, cur, &off, &n, rec_emit, &rec);
	*st_out = st;
	EXPECT(st == want, "call at 0x%llx num %u flags %u: status %d, want %d",
	       (unsigned long long)start, num, flags, st, want);
	EXPECT(!rec.bad_index && !rec.full, "emit index/overflow");
	EXPECT(rec.n == j, "call at 0x%llx num %u: emitted %zu, want %zu",
	       (unsigned long long)start, num, rec.n, j);
	for (j = 0; j < rec.n; j++)
		if (!check_seg_eq(&rec.segs[j], &exp[j], j))
			return false;
	if (st != IODMACMD_GEN_OK) {
		EXPECT(off == start && n == num,
		       "error must leave offset/num untouched: 0x%llx/%u",
		       (unsigned long long)off, n);
		return true;
	}
	EXPECT_EQ(n, rec.n);
	EXPECT_EQ(off, exp[n - 1].off + exp[n - 1].len);
	if (cur)
		EXPECT(cur->run == iodmacmd_runs_find(&s->t, s->win_off + off),
		       "cursor hint %u does not name the run at 0x%llx",
		       cur->run, (unsigned long long)(s->win_off + off));
	*off_out = off;
	*n_out = n;
	return true;
}

/* Next scenario of a case's stream; on failure the scenario is dumped. */
static bool next_scenario(struct rng *r, u64 iter)
{
	if (gen_scenario(r, &sc, iter))
		return true;
	dump_scenario(&sc);
	return false;
}

static bool test_random_append(void)
{
	struct iodmacmd_run st[MAX_PIECES];
	struct iodmacmd_run_table t;
	size_t i;
	u32 cap;
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "append");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		if (sc.t.nr_runs != sc.m.nr_runs || sc.t.length != sc.m.total) {
			diag("runs %u vs model %zu", sc.t.nr_runs,
			     sc.m.nr_runs);
			dump_scenario(&sc);
			return false;
		}
		for (i = 0; i < sc.m.nr_runs; i++) {
			const struct model_run *b = &sc.m.runs[i];

			if (sc.t.runs[i].bus_addr != b->addr ||
			    iodmacmd_run_length(&sc.t, (u32)i) != b->len ||
			    iodmacmd_run_start(&sc.t, (u32)i) != b->off) {
				diag("run %zu differs from the model", i);
				dump_scenario(&sc);
				return false;
			}
		}

		/*
		 * Too little capacity, with invalid appends mixed in: NO_SPACE
		 * exactly when a new run is needed and none is left, and no
		 * failing call changes the table.
		 */
		cap = (u32)rng_below(&r, sc.m.nr_runs);
		iodmacmd_runs_init(&t, st, cap);
		for (i = 0; i < sc.np; i++) {
			struct iodmacmd_run_table before = t;
			enum iodmacmd_gen_status s;

			if (rng_pct(&r, 10)) {
				s = rng_pct(&r, 50) ?
				    iodmacmd_runs_append(&t, rng_next(&r), 0) :
				    iodmacmd_runs_append(&t, U64_MAX -
					rng_below(&r, 16), 17);
				EXPECT(s == IODMACMD_GEN_BAD_ARGUMENT &&
				       !memcmp(&before, &t, sizeof(t)),
				       "bad append accepted or changed table");
			}
			s = iodmacmd_runs_append(&t, sc.p[i].addr,
						 sc.p[i].len);
			if (s == IODMACMD_GEN_NO_SPACE) {
				EXPECT(!memcmp(&before, &t, sizeof(t)),
				       "NO_SPACE changed the table");
				EXPECT(t.nr_runs == cap, "NO_SPACE with room");
				break;
			}
			EXPECT(s == IODMACMD_GEN_OK, "append %zu: %d", i, s);
		}
		EXPECT(i < sc.np, "capacity %u never ran out (model %zu runs)",
		       cap, sc.m.nr_runs);
	}
	return true;
}

static bool test_random_find(void)
{
	u32 i;
	int k;
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "find");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		for (i = 0; i < sc.t.nr_runs; i++) {
			u64 start = iodmacmd_run_start(&sc.t, (u32)i);
			u64 probes[3] = {
				start, sc.t.runs[i].end - 1, sc.t.runs[i].end,
			};

			for (k = 0; k < 3; k++) {
				u32 got = iodmacmd_runs_find(&sc.t, probes[k]);
				size_t want = model_find(&sc.m, probes[k]);

				if (got != want) {
					diag("find(0x%llx) = %u, model %zu",
					     (unsigned long long)probes[k],
					     got, want);
					dump_scenario(&sc);
					return false;
				}
			}
		}
		for (k = 0; k < 8; k++) {
			u64 o = rng_below(&r, sc.t.length + (u64)(k == 7));

			if (iodmacmd_runs_find(&sc.t, o) != model_find(&sc.m, o)) {
				diag("find(0x%llx) differs from the model",
				     (unsigned long long)o);
				dump_scenario(&sc);
				return false;
			}
		}
	}
	return true;
}

static bool test_random_preflight(void)
{
	struct iodmacmd_gen_preflight pf;
	bool mis, over;
	u64 first_over;
	size_t i;
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "preflight");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		mis = false;
		over = false;
		first_over = sc.win_len;
		for (i = 0; i < sc.nsegs; i++) {
			mis |= model_misaligned(&sc.lim, &sc.segs[i], i == 0);
			if (!over && model_over_limit(&sc.lim, &sc.segs[i])) {
				over = true;
				first_over = sc.segs[i].off;
			}
		}
		if (iodmacmd_gen_preflight(&sc.t, &sc.lim, sc.win_off,
					   sc.win_len, &pf) != IODMACMD_GEN_OK ||
		    pf.nr_segments != sc.nsegs || pf.misaligned != mis ||
		    pf.over_limit != over ||
		    pf.first_over_limit_offset != first_over) {
			diag("preflight: %llu mis %d over %d first %#llx; model %zu %d %d %#llx",
			     (unsigned long long)pf.nr_segments, pf.misaligned,
			     pf.over_limit,
			     (unsigned long long)pf.first_over_limit_offset,
			     sc.nsegs, mis, over,
			     (unsigned long long)first_over);
			dump_scenario(&sc);
			return false;
		}
		/* The shortcut may only claim what the walk confirms. */
		if (iodmacmd_gen_always_fits(&sc.t, &sc.lim) && (mis || over)) {
			diag("always_fits, but the model finds mis %d over %d", mis, over);
			dump_scenario(&sc);
			return false;
		}
	}
	return true;
}

/* Walk the window in random chunks; every call must match the model. */
static bool chunked_walk(struct rng *r, unsigned int flags)
{
	struct iodmacmd_gen_cursor cur;
	size_t k = 0;
	u64 off = 0;

	iodmacmd_gen_cursor_reset(&cur);
	while (off < sc.win_len) {
		enum iodmacmd_gen_status st;
		bool use_cur = !rng_pct(r, 5);
		u32 num = rand_num(r), n = 0;
		u64 next = 0;

		tamper_cursor(r, &cur, &sc);
		if (!check_call(&sc, sc.segs + k, sc.nsegs - k, off, num, flags,
				use_cur ? &cur : NULL, &st, &next, &n)) {
			diag("chunked walk, model segment %zu", k);
			dump_scenario(&sc);
			return false;
		}
		if (st != IODMACMD_GEN_OK)
			return true;
		k += n;
		off = next;
	}
	if (k != sc.nsegs) {
		diag("walk gave %zu segments, model %zu", k, sc.nsegs);
		dump_scenario(&sc);
		return false;
	}
	/* The end is an overrun that touches nothing. */
	{
		u64 o = off;
		u32 n = 3;
		struct recorder rec;

		rec_init(&rec, rec_buf, SEG_CAP);
		EXPECT(iodmacmd_gen_walk(&sc.t, &sc.lim, sc.win_off,
					 sc.win_len, flags, &cur, &o, &n,
					 rec_emit, &rec) ==
		       IODMACMD_GEN_OVERRUN && o == off && n == 3 && !rec.n,
		       "overrun at the window end");
	}
	return true;
}

static bool test_random_walk(void)
{
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "walk");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		if (!chunked_walk(&r, 0))
			return false;
	}
	return true;
}

static bool test_random_validate_walk(void)
{
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "validate");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		if (!chunked_walk(&r, IODMACMD_GEN_VALIDATE))
			return false;
	}
	return true;
}

/* Restart anywhere: the model's segments from exactly that byte. */
static bool test_random_resume(void)
{
	struct iodmacmd_gen_cursor cur;
	int k;
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "resume");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		iodmacmd_gen_cursor_reset(&cur);
		for (k = 0; k < 4; k++) {
			unsigned int flags = rng_pct(&r, 30) ?
					     IODMACMD_GEN_VALIDATE : 0;
			enum iodmacmd_gen_status st;
			u64 start, end, next;
			u32 num = rand_num(&r), n;
			size_t nalt;

			/*
			 * From an arbitrary byte the walk may need a few more
			 * segments than from 0; keep them within the recorder.
			 */
			if (num > SEG_CAP)
				num = SEG_CAP;
			start = rng_pct(&r, 20) && sc.nsegs ?
				sc.segs[rng_below(&r, sc.nsegs)].off :
				rng_below(&r, sc.win_len);
			nalt = model_walk(&sc.m, &sc.lim, sc.win_off,
					  sc.win_len, start, alt,
					  num < SEG_CAP ? num : SEG_CAP, &end);
			tamper_cursor(&r, &cur, &sc);
			if (!check_call(&sc, alt, nalt, start, num, flags,
					rng_pct(&r, 90) ? &cur : NULL, &st,
					&next, &n)) {
				diag("resume at 0x%llx", (unsigned long long)start);
				dump_scenario(&sc);
				return false;
			}
		}
	}
	return true;
}

/*
 * Properties of the emitted segments checked without the model: limits,
 * coverage of the window in order (translated back through the raw
 * pieces), and agreement with the preflight.
 */
static bool test_random_invariants(void)
{
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_gen_cursor cur;
	enum iodmacmd_gen_status st;
	struct recorder rec;
	u64 off, pos;
	size_t i;
	struct rng r;
	u64 it;

	rng_seed(&r, test_seed, "invariants");
	for (it = 0; it < iterations(); it++) {
		if (!next_scenario(&r, it))
			return false;
		EXPECT(iodmacmd_gen_preflight(&sc.t, &sc.lim, sc.win_off,
					      sc.win_len, &pf) ==
		       IODMACMD_GEN_OK, "preflight");
		rec_init(&rec, rec_buf, SEG_CAP);
		iodmacmd_gen_cursor_reset(&cur);
		st = IODMACMD_GEN_OK;
		off = 0;
		pos = 0;
		while (off < sc.win_len) {
			u32 num = rand_num(&r);

			rec_begin_call(&rec);
			st = iodmacmd_gen_walk(&sc.t, &sc.lim, sc.win_off,
					       sc.win_len, 0, &cur, &off,
					       &num, rec_emit, &rec);
			if (st != IODMACMD_GEN_OK)
				break;
		}
		for (i = 0; i < rec.n; i++) {
			u64 a = rec.segs[i].addr, len = rec.segs[i].len;
			const struct iodmacmd_limits *l = &sc.lim;
			bool ok = len && len <= l->max_segment_size &&
				  a + (len - 1) <= l->addr_mask &&
				  (!l->boundary_mask ||
				   (a & ~l->boundary_mask) ==
				   ((a + (len - 1)) & ~l->boundary_mask)) &&
				  len <= sc.win_len - pos &&
				  model_pieces_map(sc.p, sc.np,
						   (u128)sc.win_off + pos,
						   len, a);

			if (ok && !pf.misaligned)
				ok = !(a & (i ? l->internal_align_mask :
						l->align_mask)) &&
				     !(len & l->length_align_mask);
			if (!ok) {
				diag("segment %zu 0x%llx/0x%llx at 0x%llx breaks a rule",
				     i, (unsigned long long)a,
				     (unsigned long long)len,
				     (unsigned long long)pos);
				dump_scenario(&sc);
				return false;
			}
			pos += len;
		}
		if (st == IODMACMD_GEN_OK) {
			EXPECT(!rec.bad_index && pos == sc.win_len &&
			       rec.n == pf.nr_segments && !pf.over_limit,
			       "complete walk: %zu segs to 0x%llx, preflight %llu",
			       rec.n, (unsigned long long)pos,
			       (unsigned long long)pf.nr_segments);
		} else {
			EXPECT(st == IODMACMD_GEN_TOO_LARGE && pf.over_limit &&
			       pf.first_over_limit_offset == pos,
			       "walk stopped with %d at 0x%llx, preflight over %d at 0x%llx",
			       st, (unsigned long long)pos, pf.over_limit,
			       (unsigned long long)pf.first_over_limit_offset);
		}
	}
	return true;
}

void run_random_tests(void)
{
	run_test("random: append coalesces like the model",
		 test_random_append);
	run_test("random: runs_find matches a linear search",
		 test_random_find);
	run_test("random: preflight matches the model",
		 test_random_preflight);
	run_test("random: chunked walk matches the model", test_random_walk);
	run_test("random: chunked VALIDATE walk matches the model",
		 test_random_validate_walk);
	run_test("random: resume at any offset matches the model",
		 test_random_resume);
	run_test("random: segments obey the limits and tile the window",
		 test_random_invariants);
}
