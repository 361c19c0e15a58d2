// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: decode the input into a run table, limits and a
 * window, then require the generator to agree with the reference model on
 * a chunked walk, a resume and the preflight.  Any disagreement traps.
 */
#include <stdint.h>
#include <stddef.h>
#include "model.h"

#define MAX_PIECES	32
#define SEG_CAP		512

struct input {
	const uint8_t *p;
	size_t n;
};

static u64 take(struct input *in, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--) {
		v = (v << 8) | (in->n ? *in->p : 0);
		if (in->n) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

static u64 take_mask(struct input *in)
{
	unsigned int k = (unsigned int)(take(in, 1) % 65);

	return k == 64 ? U64_MAX : (1ULL << k) - 1;
}

struct sink {
	struct model_seg got[SEG_CAP];
	u32 n;
};

static bool emit(void *ctx, u64 addr, u64 len, u32 index)
{
	struct sink *s = ctx;

	if (index != s->n || s->n >= SEG_CAP)
		__builtin_trap();
	s->got[s->n].addr = addr;
	s->got[s->n].len = len;
	s->n++;
	return true;
}

#define REQUIRE(c)	do { if (!(c)) __builtin_trap(); } while (0)

static struct model m;
static struct model_seg want[SEG_CAP];

/* One call at @start; compare with the model's walk from @start. */
static u64 one_call(const struct iodmacmd_run_table *t,
		    const struct iodmacmd_limits *lim, u64 wo, u64 wl,
		    unsigned int flags, struct iodmacmd_gen_cursor *cur,
		    u64 start, u32 num, int *stop)
{
	static struct sink sink;
	enum iodmacmd_gen_status st, exp = IODMACMD_GEN_OK;
	u64 off = start, end;
	u32 n = num, j;
	size_t nw = model_walk(&m, lim, wo, wl, start, want, num, &end);

	for (j = 0; j < nw; j++) {
		if (model_over_limit(lim, &want[j])) {
			exp = IODMACMD_GEN_TOO_LARGE;
			break;
		}
		if ((flags & IODMACMD_GEN_VALIDATE) &&
		    model_misaligned(lim, &want[j], j == 0)) {
			exp = IODMACMD_GEN_NOT_ALIGNED;
			break;
		}
	}
	sink.n = 0;
	st = iodmacmd_gen_walk(t, lim, wo, wl, flags, cur, &off, &n, emit,
			       &sink);
	REQUIRE(st == exp && sink.n == j);
	for (j = 0; j < sink.n; j++)
		REQUIRE(sink.got[j].addr == want[j].addr &&
			sink.got[j].len == want[j].len);
	if (st != IODMACMD_GEN_OK) {
		REQUIRE(off == start && n == num);
		*stop = 1;
		return start;
	}
	REQUIRE(n == sink.n && off == want[n - 1].off + want[n - 1].len);
	return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* segment_gen.c yields through this in user space (gen_shim.h). */
unsigned long iodmacmd_gen_resched_calls;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct model_piece p[MAX_PIECES];
	struct iodmacmd_run runs[MAX_PIECES];
	struct iodmacmd_run_table t;
	struct iodmacmd_limits lim;
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_gen_cursor cur;
	size_t np = 1 + take(&in, 1) % MAX_PIECES, i, nseg;
	u128 total = 0;
	u64 wo, wl, end, off;
	unsigned int flags;
	int stop = 0;

	for (i = 0; i < np; i++) {
		unsigned int how = (unsigned int)take(&in, 1);
		u64 addr, len;

		/* Low bits pick contiguity, high bits the length class. */
		if (i && (how & 3) == 0)
			addr = p[i - 1].addr + p[i - 1].len;
		else if ((how & 3) == 1)
			addr = U64_MAX - take(&in, 2);
		else
			addr = take(&in, 8);
		len = (how & 0x80) ? take(&in, 8) : take(&in, 2);
		if (!len)
			len = 1;
		if (addr && len - 1 > U64_MAX - addr)
			len = U64_MAX - addr + 1;
		if ((u128)len > (u128)U64_MAX - total)
			break;
		p[i].addr = addr;
		p[i].len = len;
		total += len;
	}
	np = i;
	if (!np)
		return 0;

	lim.addr_mask = take_mask(&in);
	lim.max_segment_size = take(&in, 1) & 1 ? take(&in, 2) :
			       take(&in, 8);
	if (!lim.max_segment_size)
		lim.max_segment_size = U64_MAX;
	lim.align_mask = take_mask(&in) & 0xffff;
	lim.length_align_mask = take_mask(&in) & 0xfff;
	lim.internal_align_mask = take_mask(&in) & 0xffff;
	lim.boundary_mask = take_mask(&in);
	if (lim.boundary_mask == 1)
		lim.boundary_mask = 0;
	flags = (unsigned int)take(&in, 1) & IODMACMD_GEN_VALIDATE;

	model_build(&m, p, np);
	iodmacmd_runs_init(&t, runs, MAX_PIECES);
	for (i = 0; i < np; i++)
		REQUIRE(iodmacmd_runs_append(&t, p[i].addr, p[i].len) ==
			IODMACMD_GEN_OK);
	REQUIRE(t.length == m.total && t.nr_runs == m.nr_runs);

	wo = take(&in, 8) % t.length;
	wl = 1 + take(&in, 8) % (t.length - wo);
	nseg = model_walk(&m, &lim, wo, wl, 0, want, SEG_CAP, &end);
	if (end < wl)
		wl = end;

	REQUIRE(iodmacmd_gen_preflight(&t, &lim, wo, wl, &pf) ==
		IODMACMD_GEN_OK);
	nseg = model_walk(&m, &lim, wo, wl, 0, want, SEG_CAP, &end);
	REQUIRE(pf.nr_segments == nseg && end == wl);

	iodmacmd_gen_cursor_reset(&cur);
	off = 0;
	while (off < wl && !stop) {
		u32 num = 1 + (u32)(take(&in, 1) % 8);

		cur.run = in.n && (*in.p & 0x80) ? (u32)take(&in, 1) : cur.run;
		off = one_call(&t, &lim, wo, wl, flags, &cur, off, num, &stop);
	}

	/* A resume at an arbitrary byte. */
	stop = 0;
	one_call(&t, &lim, wo, wl, flags, &cur, take(&in, 8) % wl,
		 1 + (u32)(take(&in, 1) % 16), &stop);
	return 0;
}
