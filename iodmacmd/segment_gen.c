// SPDX-License-Identifier: GPL-2.0
/*
 * Segment generator for iodmacmd, the Linux re-implementation of IOKit's
 * IODMACommand.
 *
 * The kernel side maps a memory descriptor with the DMA API and appends
 * every mapped (bus address, length) entry, in order, to a run table.  This
 * file turns the window [win_off, win_off + win_len) of that table into
 * segments that fit one command's limits, with IODMACommand's rules:
 *
 * - Runs are coalesced when they are appended.  IOKit merges bus-contiguous
 *   memory across pages, ranges and sub-descriptors before it cuts anything,
 *   so doing it once at append time makes every run maximal and lets a
 *   segment be formed from a single run, without looking ahead.
 *
 * - A segment starting at window offset o begins at the bus address of that
 *   byte and extends to the end of its run.  It is then cut, in IOKit's
 *   order: to max_segment_size; to the length alignment; and, only if one of
 *   those cuts left something for a later segment, earlier still so that the
 *   next segment starts on the internal alignment.  The boundary extension
 *   (a Linux segment boundary, which IOKit lacks) is a cut of the same kind
 *   as the max-size one and is applied with it, so the alignment trims that
 *   follow also apply to a boundary cut.  Finally the segment is clamped to
 *   the window end.  Each cut only shortens the segment and never to zero.
 *
 * - Because formation depends only on o, a walk restarted at any offset
 *   yields exactly the segments of the continuous walk from there.  The
 *   cursor passed between calls is therefore only a cache of where the last
 *   call stopped: it is validated on every use and, on a miss, the run is
 *   found again by binary search.  Sequential calls cost O(1) per segment;
 *   a random offset costs O(log n) once.
 *
 * The address limit is not a cut: a segment ending above it is reported
 * (IODMACMD_GEN_TOO_LARGE), and the caller decides whether to bounce.
 *
 * The file has no libc or kernel dependencies beyond the types in
 * gen_shim.h, so the user-space unit tests build the very same code.
 */

#include "segment_gen.h"

/**
 * iodmacmd_runs_init() - start an empty run table on caller-owned storage
 * @t: table to initialise.
 * @storage: array of @capacity runs; may be NULL when @capacity is 0.
 * @capacity: number of entries in @storage.
 */
void iodmacmd_runs_init(struct iodmacmd_run_table *t,
			struct iodmacmd_run *storage, u32 capacity)
{
	t->runs = storage;
	t->nr_runs = 0;
	t->capacity = storage ? capacity : 0;
	t->length = 0;
	t->max_last = 0;
}

/**
 * iodmacmd_runs_append() - append one mapped range to a run table
 * @t: table built by iodmacmd_runs_init().
 * @bus_addr: bus address of the range.
 * @length: length of the range in bytes.
 *
 * A range that starts exactly where the last run ends on the bus is merged
 * into that run, so runs are always maximal.  A range ending at 2^64 is
 * accepted but never merged with one starting at 0.
 *
 * Return: %IODMACMD_GEN_OK; %IODMACMD_GEN_BAD_ARGUMENT if @t is NULL,
 * @length is 0, the range wraps past 2^64 or the table length would
 * overflow; %IODMACMD_GEN_NO_SPACE if a new entry is needed and the table is
 * full.  The table is unchanged on error.
 */
enum iodmacmd_gen_status iodmacmd_runs_append(struct iodmacmd_run_table *t,
					      u64 bus_addr, u64 length)
{
	struct iodmacmd_run *run;

	if (!t || !length)
		return IODMACMD_GEN_BAD_ARGUMENT;
	/* The last byte, bus_addr + length - 1, must not wrap. */
	if (length - 1 > U64_MAX - bus_addr)
		return IODMACMD_GEN_BAD_ARGUMENT;
	/* Offsets and the total are u64; keep every run end representable. */
	if (length > U64_MAX - t->length)
		return IODMACMD_GEN_BAD_ARGUMENT;

	if (t->nr_runs) {
		u64 last_byte;

		run = &t->runs[t->nr_runs - 1];
		last_byte = run->bus_addr +
			    (iodmacmd_run_length(t, t->nr_runs - 1) - 1);
		if (last_byte != U64_MAX && last_byte + 1 == bus_addr) {
			t->length += length;
			run->end = t->length;
			goto track_last;
		}
	}

	if (t->nr_runs >= t->capacity)
		return IODMACMD_GEN_NO_SPACE;

	run = &t->runs[t->nr_runs++];
	run->bus_addr = bus_addr;
	t->length += length;
	run->end = t->length;
track_last:
	if (bus_addr + (length - 1) > t->max_last)
		t->max_last = bus_addr + (length - 1);
	return IODMACMD_GEN_OK;
}

/**
 * iodmacmd_runs_find() - find the run holding a table offset
 * @t: run table.
 * @offset: byte offset from the start of the table.
 *
 * Binary search over the run ends, O(log n).
 *
 * Return: the index of the run containing @offset, or @t->nr_runs if
 * @offset is not below @t->length.
 */
u32 iodmacmd_runs_find(const struct iodmacmd_run_table *t, u64 offset)
{
	u32 lo = 0, hi, mid;

	if (offset >= t->length)
		return t->nr_runs;

	/*
	 * A non-zero length implies at least one run, and the last one ends
	 * at t->length; look for the first run ending after @offset.
	 */
	hi = t->nr_runs - 1;
	while (lo < hi) {
		mid = lo + ((hi - lo) >> 1);
		if (t->runs[mid].end > offset)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static bool mask_ok(u64 mask)
{
	/* 2^k - 1, including 0 and U64_MAX (where mask + 1 wraps to 0). */
	return !(mask & (mask + 1));
}

/* Checked on every call: inline, as the walk's own first step. */
static iodmacmd_gen_inline bool limits_valid(const struct iodmacmd_limits *lim)
{
	return lim && lim->max_segment_size &&
	       mask_ok(lim->addr_mask) && mask_ok(lim->align_mask) &&
	       mask_ok(lim->length_align_mask) &&
	       mask_ok(lim->internal_align_mask) &&
	       mask_ok(lim->boundary_mask);
}

/**
 * iodmacmd_limits_valid() - check that limits are normalised
 * @lim: limits to check.
 *
 * The generator and the preflight refuse anything else, because a zero
 * maximum segment size would never make progress.
 *
 * Return: true if every mask is a power of two minus one and
 * @lim->max_segment_size is not 0.
 */
bool iodmacmd_limits_valid(const struct iodmacmd_limits *lim)
{
	return limits_valid(lim);
}

/**
 * iodmacmd_bytes_to_boundary() - bytes from an address to the next boundary
 * @addr: the address.
 * @boundary_mask: boundary - 1, a power of two minus one; %U64_MAX for
 *	"no boundary below 2^64".
 *
 * The distance from an address whose low bits are all zero to a boundary
 * of 2^64 is 2^64 itself, which a u64 cannot hold: it is clipped to
 * %U64_MAX rather than wrapping to 0, which made a caller splitting memory
 * at physical address 0 (normal on arm64) loop for ever.
 *
 * Return: bytes up to the boundary, at least 1.
 */
u64 iodmacmd_bytes_to_boundary(u64 addr, u64 boundary_mask)
{
	u64 left = boundary_mask - (addr & boundary_mask);

	return left == U64_MAX ? U64_MAX : left + 1;
}

/*
 * Whether @phys continues the entry being filled: right after its last
 * byte (an entry ending at 2^64 continues nothing), with room left, and in
 * the same boundary block as its first byte.
 */
static bool entry_continues(const struct iodmacmd_entry_builder *b, u64 phys)
{
	return b->nents && b->len <= U64_MAX - b->start && b->start + b->len == phys &&
	       b->len < b->max_entry && !((b->start ^ phys) & ~b->boundary_mask);
}

/**
 * iodmacmd_entry_add() - add one physically contiguous piece to the entries
 * @b: the builder.
 * @phys: the piece's first byte.
 * @len: its bytes; @phys + @len <= 2^64.
 * @emit: called for each cut, in order; may be NULL (counting only).
 * @ctx: passed to @emit.
 *
 * A piece continuing the entry being filled joins it, as
 * sg_alloc_table_from_pages_segment() merges neighbouring pages, so that
 * fewer entries are mapped; the rest is cut at @b->max_entry and at every
 * boundary. Every cut is at least one byte long, so the walk ends for any
 * piece, the one at physical address 0 under a 2^64 boundary included.
 */
void iodmacmd_entry_add(struct iodmacmd_entry_builder *b, u64 phys, u64 len,
			iodmacmd_entry_emit_t emit, void *ctx)
{
	while (len) {
		bool extend = entry_continues(b, phys);
		u64 room = extend ? b->max_entry - b->len : b->max_entry;
		u64 step = iodmacmd_bytes_to_boundary(phys, b->boundary_mask);

		if (step > room)
			step = room;
		if (step > len)
			step = len;
		if (extend) {
			b->len += step;
		} else {
			b->start = phys;
			b->len = step;
			b->nents++;
		}
		if (emit)
			emit(ctx, phys, step, !extend);
		phys += step;
		len -= step;
	}
}

static bool window_ok(const struct iodmacmd_run_table *t, u64 win_off,
		      u64 win_len)
{
	return win_off <= t->length && win_len <= t->length - win_off;
}

static bool run_contains(const struct iodmacmd_run_table *t, u32 i, u64 pos)
{
	return pos >= iodmacmd_run_start(t, i) && pos < t->runs[i].end;
}

/*
 * The run holding @pos, which is inside the table: the cursor's when it
 * holds it (sequential calls), the first when it does (a walk restarted
 * from the window's start, as IOKit's callers do), else by binary search.
 */
static u32 seek_run(const struct iodmacmd_run_table *t,
		    const struct iodmacmd_gen_cursor *cur, u64 pos)
{
	if (cur && cur->run < t->nr_runs && run_contains(t, cur->run, pos))
		return cur->run;
	if (pos < t->runs[0].end)
		return 0;
	return iodmacmd_runs_find(t, pos);
}

/*
 * Form the segment starting at table offset @pos, which lies in run @i,
 * with @room bytes left in the window.  Return its length (never 0) and
 * its bus address in *@addr.  Nothing here can overflow: the run ends at or
 * below 2^64 on the bus, and every cut only shortens the segment.
 */
static iodmacmd_gen_inline u64 form_segment(const struct iodmacmd_run_table *t, u32 i,
					    u64 pos, u64 room,
					    const struct iodmacmd_limits *lim, u64 *addr)
{
	u64 a = t->runs[i].bus_addr + (pos - iodmacmd_run_start(t, i));
	u64 len = t->runs[i].end - pos;
	u64 next, trimmed, last;
	bool deferred = false;

	if (len > lim->max_segment_size) {
		len = lim->max_segment_size;
		deferred = true;
	}

	if (lim->boundary_mask) {
		/* 0 when a's boundary block reaches 2^64: nothing to cross. */
		next = (a | lim->boundary_mask) + 1;
		if (next && len > next - a) {
			len = next - a;
			deferred = true;
		}
	}

	/* IOKit keeps a length shorter than the alignment rather than 0. */
	trimmed = len & ~lim->length_align_mask;
	if (trimmed && trimmed != len) {
		len = trimmed;
		deferred = true;
	}

	/*
	 * When a piece is left over for the next segment, make that piece
	 * start on the internal alignment if this one stays non-empty.
	 * last + 1 cannot wrap: an unaligned last byte is below U64_MAX.
	 */
	if (deferred) {
		last = a + (len - 1);
		if ((last & lim->internal_align_mask) !=
		    lim->internal_align_mask) {
			next = (last + 1) & ~lim->internal_align_mask;
			if (next > a)
				len = next - a;
		}
	}

	*addr = a;
	return len < room ? len : room;
}

static bool over_limit(const struct iodmacmd_limits *lim, u64 addr, u64 len)
{
	return addr + (len - 1) > lim->addr_mask;
}

static bool misaligned(const struct iodmacmd_limits *lim, u64 addr, u64 len,
		       bool first)
{
	u64 mask = first ? lim->align_mask : lim->internal_align_mask;

	return (addr & mask) || (len & lim->length_align_mask);
}

/**
 * iodmacmd_gen_walk() - generate the next segments of a window
 * @t: run table of the mapping.
 * @lim: constraints; see iodmacmd_limits_valid().
 * @win_off: table offset of the window (the prepared range).
 * @win_len: window length in bytes.
 * @flags: 0 or %IODMACMD_GEN_VALIDATE.
 * @cur: speed-only cache between calls; may be NULL.
 * @offset: in: window-relative offset to start at; out: end of the last
 *	segment written.
 * @num: in: output slots available (at least 1); out: segments written.
 * @emit: called once per segment, with slot indices 0, 1, ...; or NULL to
 *	store segment n's address and length at ((u64 *)@ctx)[2n] and [2n + 1]
 *	(the Host64 layout), which spares a call per segment.
 * @ctx: passed to @emit, or the u64-aligned array it stores into; not NULL.
 *
 * Segments are formed as described at the top of this file and emitted
 * until the window ends or the slots run out.  Before a segment is emitted
 * it is checked against @lim->addr_mask and, with %IODMACMD_GEN_VALIDATE
 * (IOKit's cursor or IterateOnly mode), against the alignments: the first
 * segment of the call against @lim->align_mask, later ones against
 * @lim->internal_align_mask, and every length against
 * @lim->length_align_mask.  Any start offset is valid and gives the same
 * segments whatever @cur holds.
 *
 * Context: any; never sleeps, allocates or takes locks.
 * Return: %IODMACMD_GEN_OK with *@num >= 1 and *@offset advanced;
 * %IODMACMD_GEN_BAD_ARGUMENT for a NULL pointer (but @emit), *@num == 0,
 * an unknown flag, invalid @lim or a window outside @t; %IODMACMD_GEN_OVERRUN if
 * *@offset >= @win_len; %IODMACMD_GEN_TOO_LARGE if a segment ends above
 * the address limit; %IODMACMD_GEN_NOT_ALIGNED for an alignment violation
 * while validating; %IODMACMD_GEN_OUTPUT_FAILED if @emit returned false.
 * On any error *@offset and *@num are untouched, and the segments emitted
 * before the failing one stay emitted.
 */
enum iodmacmd_gen_status
iodmacmd_gen_walk(const struct iodmacmd_run_table *t,
		  const struct iodmacmd_limits *lim,
		  u64 win_off, u64 win_len, unsigned int flags,
		  struct iodmacmd_gen_cursor *cur,
		  u64 *offset, u32 *num,
		  iodmacmd_gen_emit_t emit, void *ctx)
{
	u64 o, pos, addr, len;
	u32 idx, n = 0, max;

	if (!offset || !num || !ctx || !*num)
		return IODMACMD_GEN_BAD_ARGUMENT;
	if (!t || (flags & ~IODMACMD_GEN_VALIDATE) ||
	    !limits_valid(lim) || !window_ok(t, win_off, win_len))
		return IODMACMD_GEN_BAD_ARGUMENT;

	o = *offset;
	if (o >= win_len)
		return IODMACMD_GEN_OVERRUN;

	max = *num;
	pos = win_off + o;
	idx = seek_run(t, cur, pos);
	/* A retry at the same *offset after an error stays O(1). */
	if (cur)
		cur->run = idx;

	do {
		len = form_segment(t, idx, pos, win_len - o, lim, &addr);

		if (over_limit(lim, addr, len))
			return IODMACMD_GEN_TOO_LARGE;
		if ((flags & IODMACMD_GEN_VALIDATE) &&
		    misaligned(lim, addr, len, n == 0))
			return IODMACMD_GEN_NOT_ALIGNED;
		if (!emit) {
			((u64 *)ctx)[2 * n] = addr;
			((u64 *)ctx)[2 * n + 1] = len;
		} else if (!emit(ctx, addr, len, n)) {
			return IODMACMD_GEN_OUTPUT_FAILED;
		}

		n++;
		o += len;
		pos += len;
		if (pos == t->runs[idx].end)
			idx++;
	} while (o < win_len && n < max);

	if (cur)
		cur->run = idx;
	*offset = o;
	*num = n;
	return IODMACMD_GEN_OK;
}

/**
 * iodmacmd_gen_preflight() - summarise how a window will be segmented
 * @t: run table of the mapping.
 * @lim: constraints; see iodmacmd_limits_valid().
 * @win_off: table offset of the window.
 * @win_len: window length in bytes; 0 gives an empty summary.
 * @out: the summary.
 *
 * Walks the whole window with the same formation as
 * iodmacmd_gen_walk() from offset 0, so prepare can decide whether to
 * bounce and can enforce a segment count.  It costs O(segments), not
 * O(runs).
 *
 * Context: process context in the kernel: it yields the CPU every
 * %IODMACMD_GEN_RESCHED_EVERY segments; never allocates or takes locks.
 * Return: %IODMACMD_GEN_OK, or %IODMACMD_GEN_BAD_ARGUMENT for a NULL
 * pointer, invalid @lim or a window outside @t (then @out is untouched).
 */
enum iodmacmd_gen_status
iodmacmd_gen_preflight(const struct iodmacmd_run_table *t,
		       const struct iodmacmd_limits *lim,
		       u64 win_off, u64 win_len,
		       struct iodmacmd_gen_preflight *out)
{
	u64 o = 0, pos = win_off, addr, len;
	u32 idx;

	if (!t || !out || !limits_valid(lim) ||
	    !window_ok(t, win_off, win_len))
		return IODMACMD_GEN_BAD_ARGUMENT;

	out->nr_segments = 0;
	out->first_over_limit_offset = win_len;
	out->misaligned = false;
	out->over_limit = false;

	idx = iodmacmd_runs_find(t, pos);
	while (o < win_len) {
		len = form_segment(t, idx, pos, win_len - o, lim, &addr);

		if (!out->over_limit && over_limit(lim, addr, len)) {
			out->over_limit = true;
			out->first_over_limit_offset = o;
		}
		if (!out->misaligned &&
		    misaligned(lim, addr, len, out->nr_segments == 0))
			out->misaligned = true;

		out->nr_segments++;
		o += len;
		pos += len;
		if (pos == t->runs[idx].end)
			idx++;
		/* A window of millions of segments must not hog the CPU. */
		if (!(out->nr_segments % IODMACMD_GEN_RESCHED_EVERY))
			iodmacmd_gen_resched();
	}
	return IODMACMD_GEN_OK;
}
