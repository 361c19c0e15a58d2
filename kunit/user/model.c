// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model of the segment generator; see model.h.  Deliberately
 * naive: if this file and segment_gen.c agree on random inputs, the masks,
 * overflow guards and cursor tricks in segment_gen.c are right.
 */
#include "model.h"

void model_build(struct model *m, const struct model_piece *p, size_t n)
{
	size_t i;

	m->nr_runs = 0;
	m->total = 0;
	for (i = 0; i < n; i++) {
		struct model_run *last = m->nr_runs ?
					 &m->runs[m->nr_runs - 1] : NULL;

		/* In 128 bits a run ending at 2^64 never meets address 0. */
		if (last && last->addr + last->len == (u128)p[i].addr) {
			last->len += p[i].len;
		} else {
			m->runs[m->nr_runs].addr = p[i].addr;
			m->runs[m->nr_runs].len = p[i].len;
			m->runs[m->nr_runs].off = m->total;
			m->nr_runs++;
		}
		m->total += p[i].len;
	}
}

size_t model_find(const struct model *m, u128 off)
{
	size_t i;

	for (i = 0; i < m->nr_runs; i++)
		if (off >= m->runs[i].off && off < m->runs[i].off + m->runs[i].len)
			return i;
	return m->nr_runs;
}

/* The segment starting at window offset o, following the rules verbatim. */
static void model_form(const struct model *m,
		       const struct iodmacmd_limits *lim,
		       u128 win_off, u128 win_len, u128 o,
		       u128 *seg_addr, u128 *seg_len)
{
	u128 pos = win_off + o;
	const struct model_run *r = &m->runs[model_find(m, pos)];
	u128 a = r->addr + (pos - r->off);
	u128 len = r->off + r->len - pos;	/* to the end of the run */
	int deferred = 0;

	/* 3. max segment size */
	if (len > (u128)lim->max_segment_size) {
		len = lim->max_segment_size;
		deferred = 1;
	}

	/* 3b. boundary: the next multiple of the boundary above a */
	if (lim->boundary_mask) {
		u128 b = (u128)lim->boundary_mask + 1;
		u128 next = (a / b + 1) * b;

		if (a + len > next) {
			len = next - a;
			deferred = 1;
		}
	}

	/* 4. length alignment, unless that would leave nothing */
	{
		u128 la = (u128)lim->length_align_mask + 1;
		u128 rem = len % la;

		if (rem != 0 && len - rem > 0) {
			len -= rem;
			deferred = 1;
		}
	}

	/* 5. internal alignment of the deferred piece */
	if (deferred) {
		u128 ia = (u128)lim->internal_align_mask + 1;
		u128 rem = (a + len) % ia;

		if (rem != 0 && len > rem)
			len -= rem;
	}

	/* 7. clamp to the window */
	if (len > win_len - o)
		len = win_len - o;

	*seg_addr = a;
	*seg_len = len;
}

size_t model_walk(const struct model *m, const struct iodmacmd_limits *lim,
		  u64 win_off, u64 win_len, u64 start,
		  struct model_seg *out, size_t cap, u64 *end)
{
	u128 o = start;
	size_t n = 0;

	while (o < win_len && n < cap) {
		u128 a, len;

		model_form(m, lim, win_off, win_len, o, &a, &len);
		out[n].addr = (u64)a;
		out[n].len = (u64)len;
		out[n].off = (u64)o;
		n++;
		o += len;
	}
	*end = (u64)o;
	return n;
}

int model_over_limit(const struct iodmacmd_limits *lim,
		     const struct model_seg *s)
{
	return (u128)s->addr + s->len - 1 > (u128)lim->addr_mask;
}

int model_misaligned(const struct iodmacmd_limits *lim,
		     const struct model_seg *s, int first)
{
	u128 align = (u128)(first ? lim->align_mask :
				    lim->internal_align_mask) + 1;

	return s->addr % align != 0 ||
	       s->len % ((u128)lim->length_align_mask + 1) != 0;
}

int model_pieces_map(const struct model_piece *p, size_t n, u128 off,
		     u128 len, u128 addr)
{
	u128 po = 0, covered = 0;
	size_t i;

	for (i = 0; i < n; po += p[i].len, i++) {
		u128 lo = po > off ? po : off;
		u128 hi = po + p[i].len < off + len ? po + p[i].len : off + len;

		if (lo >= hi)
			continue;
		if ((u128)p[i].addr + (lo - po) != addr + (lo - off))
			return 0;
		covered += hi - lo;
	}
	return covered == len;
}
