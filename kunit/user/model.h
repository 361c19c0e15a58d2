/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of the segment generator for the user-space tests.
 *
 * Written independently of segment_gen.c and as plainly as possible: 128-bit
 * arithmetic so nothing can overflow, division and modulo instead of masks,
 * and a linear scan for every lookup.  Only the constraint struct is shared.
 */
#ifndef _IODMACMD_TEST_MODEL_H
#define _IODMACMD_TEST_MODEL_H

#include <stddef.h>
#include "segment_gen.h"

typedef unsigned __int128 u128;

/* One (bus address, length) entry as the kernel would append it. */
struct model_piece {
	u64 addr;
	u64 len;
};

/* A maximal run after coalescing. */
struct model_run {
	u128 addr;
	u128 len;
	u128 off;
};

#define MODEL_MAX_RUNS 256

struct model {
	struct model_run runs[MODEL_MAX_RUNS];
	size_t nr_runs;
	u128 total;
};

/* One segment; off is window-relative. */
struct model_seg {
	u64 addr;
	u64 len;
	u64 off;
};

/* Coalesce pieces (at most MODEL_MAX_RUNS, all with len > 0). */
void model_build(struct model *m, const struct model_piece *p, size_t n);

/* Index of the run holding table offset off, or nr_runs; linear scan. */
size_t model_find(const struct model *m, u128 off);

/*
 * Form segments of the window [win_off, win_off + win_len) starting at
 * window offset start, writing at most cap of them.  Returns the number
 * written; *end is the window offset reached (win_len when complete).
 */
size_t model_walk(const struct model *m, const struct iodmacmd_limits *lim,
		  u64 win_off, u64 win_len, u64 start,
		  struct model_seg *out, size_t cap, u64 *end);

/* The rule checks, written with modulo. */
int model_over_limit(const struct iodmacmd_limits *lim,
		     const struct model_seg *s);
int model_misaligned(const struct iodmacmd_limits *lim,
		     const struct model_seg *s, int first);

/*
 * 1 if table bytes [off, off + len) map, piece by piece, onto the bus
 * bytes [addr, addr + len) according to the raw (uncoalesced) pieces.
 */
int model_pieces_map(const struct model_piece *p, size_t n, u128 off,
		     u128 len, u128 addr);

#endif /* _IODMACMD_TEST_MODEL_H */
