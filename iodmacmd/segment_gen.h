/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd segment generator: splits a table of mapped bus-address runs into
 * DMA segments that satisfy one command's constraints, the way
 * IODMACommand::genIOVMSegments() does.  Pure C with no allocation, so the
 * same file builds in the module and in the user-space unit tests.
 */
#ifndef _IODMACMD_SEGMENT_GEN_H
#define _IODMACMD_SEGMENT_GEN_H

#include "gen_shim.h"

/**
 * enum iodmacmd_gen_status - result of a generator call
 * @IODMACMD_GEN_OK: success.
 * @IODMACMD_GEN_BAD_ARGUMENT: NULL pointer, zero slot count, unknown flag,
 *	malformed limits, a window outside the table, or (for
 *	iodmacmd_runs_append()) a zero length or a run wrapping past 2^64.
 * @IODMACMD_GEN_OVERRUN: the start offset is at or past the window end.
 * @IODMACMD_GEN_TOO_LARGE: a segment ends above &iodmacmd_limits.addr_mask.
 * @IODMACMD_GEN_NOT_ALIGNED: a segment breaks an alignment rule while
 *	%IODMACMD_GEN_VALIDATE is set.
 * @IODMACMD_GEN_OUTPUT_FAILED: the emit callback returned false.
 * @IODMACMD_GEN_NO_SPACE: the run table is full.
 *
 * The values are positive so that callers can map them one-to-one onto
 * IOReturn codes or errnos; only %IODMACMD_GEN_OK is zero.
 */
enum iodmacmd_gen_status {
	IODMACMD_GEN_OK = 0,
	IODMACMD_GEN_BAD_ARGUMENT,
	IODMACMD_GEN_OVERRUN,
	IODMACMD_GEN_TOO_LARGE,
	IODMACMD_GEN_NOT_ALIGNED,
	IODMACMD_GEN_OUTPUT_FAILED,
	IODMACMD_GEN_NO_SPACE,
};

/**
 * struct iodmacmd_run - one bus-contiguous run of a mapped descriptor
 * @bus_addr: bus (DMA or IOVA) address of the first byte.
 * @end: table offset just past the last byte. A run starts where the one
 *	before it ends (the first at offset 0), so a run is 16 bytes: a
 *	prepared command's only memory per mapped entry beside the
 *	scatterlist. Runs are never empty; @bus_addr + length <= 2^64.
 */
struct iodmacmd_run {
	u64 bus_addr;
	u64 end;
};

/**
 * struct iodmacmd_run_table - ordered, coalesced runs of one mapping
 * @runs: caller-owned storage for @capacity entries.
 * @nr_runs: entries in use.
 * @capacity: entries available in @runs.
 * @length: total bytes described, the sum of all run lengths.
 * @max_last: the highest bus address of any byte in the table (0 when
 *	empty), so that a table wholly within a command's address limit is
 *	recognised without a walk.
 *
 * Build it with iodmacmd_runs_init() and iodmacmd_runs_append() only, so
 * that no two neighbouring runs are bus-contiguous and the offsets are
 * consistent; the generator relies on both.
 */
struct iodmacmd_run_table {
	struct iodmacmd_run *runs;
	u32 nr_runs;
	u32 capacity;
	u64 length;
	u64 max_last;
};

/**
 * struct iodmacmd_limits - immutable DMA constraints of one command
 * @addr_mask: highest bus address the device can reach (2^bits - 1);
 *	%U64_MAX for 64 bits or no limit.
 * @max_segment_size: largest segment in bytes; %U64_MAX for no limit,
 *	never 0.
 * @align_mask: start alignment - 1 of the first segment of a call.
 * @length_align_mask: every segment length must be a multiple of
 *	@length_align_mask + 1.
 * @internal_align_mask: start alignment - 1 of every later segment.
 * @boundary_mask: boundary - 1 that no segment may cross; 0 for none.
 *	This is a Linux extension (dma_get_seg_boundary()), not in IOKit.
 *
 * Every mask is a power of two minus one.  The caller normalises IOKit's
 * "0 means unlimited / 1" conventions before filling this in; see
 * iodmacmd_limits_valid().
 */
struct iodmacmd_limits {
	u64 addr_mask;
	u64 max_segment_size;
	u64 align_mask;
	u64 length_align_mask;
	u64 internal_align_mask;
	u64 boundary_mask;
};

/**
 * iodmacmd_gen_always_fits() - whether no window can break the limits
 * @t: run table.
 * @lim: constraints.
 *
 * True when the limits have no alignment rule and the whole table lies
 * within the address limit: then every segment of every window fits, and
 * a caller that needs no segment count can skip iodmacmd_gen_preflight(),
 * which costs a walk of the window. A 64-bit device without alignment
 * rules, the common case, never pays for that walk.
 *
 * Return: true if iodmacmd_gen_preflight() would report neither
 * over_limit nor misaligned for any window of @t.
 */
static inline bool iodmacmd_gen_always_fits(const struct iodmacmd_run_table *t,
					    const struct iodmacmd_limits *lim)
{
	return t && lim && !lim->align_mask && !lim->internal_align_mask &&
	       !lim->length_align_mask && t->max_last <= lim->addr_mask;
}

/**
 * struct iodmacmd_gen_cursor - speed-only cache between generator calls
 * @run: index of the run expected to hold the next requested offset.
 *
 * A hint, never trusted: it is checked against the table on every use and
 * a miss falls back to a binary search, so a stale, reset or foreign cursor
 * costs O(log n) and never changes a result.
 */
struct iodmacmd_gen_cursor {
	u32 run;
};

/**
 * struct iodmacmd_gen_preflight - summary of a whole-window walk
 * @nr_segments: segments the window splits into.
 * @first_over_limit_offset: window-relative start of the first segment
 *	that ends above the address limit, or the window length if none does.
 * @misaligned: the first segment breaks &iodmacmd_limits.align_mask, a
 *	later one &iodmacmd_limits.internal_align_mask, or some length is not
 *	a multiple of the length alignment.
 * @over_limit: some segment ends above &iodmacmd_limits.addr_mask.
 */
struct iodmacmd_gen_preflight {
	u64 nr_segments;
	u64 first_over_limit_offset;
	bool misaligned;
	bool over_limit;
};

/*
 * Emit one segment into output slot @index (0-based within the call).
 * Return false if the segment cannot be encoded; the call then fails with
 * IODMACMD_GEN_OUTPUT_FAILED.
 */
typedef bool (*iodmacmd_gen_emit_t)(void *ctx, u64 bus_addr, u64 length,
				    u32 index);

/* Check alignment like IOKit's cursor (IterateOnly) mode. */
#define IODMACMD_GEN_VALIDATE	0x1U

/**
 * iodmacmd_run_start() - the table offset of a run's first byte
 * @t: run table.
 * @i: run index, below @t->nr_runs.
 *
 * Return: the end of the run before, or 0 for the first.
 */
static inline u64 iodmacmd_run_start(const struct iodmacmd_run_table *t, u32 i)
{
	return i ? t->runs[i - 1].end : 0;
}

/**
 * iodmacmd_run_length() - the bytes of a run
 * @t: run table.
 * @i: run index, below @t->nr_runs.
 *
 * Return: its length, never 0.
 */
static inline u64 iodmacmd_run_length(const struct iodmacmd_run_table *t, u32 i)
{
	return t->runs[i].end - iodmacmd_run_start(t, i);
}

void iodmacmd_runs_init(struct iodmacmd_run_table *t,
			struct iodmacmd_run *storage, u32 capacity);
enum iodmacmd_gen_status iodmacmd_runs_append(struct iodmacmd_run_table *t,
					      u64 bus_addr, u64 length);
u32 iodmacmd_runs_find(const struct iodmacmd_run_table *t, u64 offset);

bool iodmacmd_limits_valid(const struct iodmacmd_limits *lim);
u64 iodmacmd_bytes_to_boundary(u64 addr, u64 boundary_mask);

/**
 * struct iodmacmd_entry_builder - cuts physical pieces into table entries
 * @max_entry: the longest entry, bytes (at least 1).
 * @boundary_mask: no entry crosses a multiple of (@boundary_mask + 1);
 *	%U64_MAX for none below 2^64.
 * @start: first byte of the entry being filled.
 * @len: bytes in the entry being filled.
 * @nents: entries begun so far.
 *
 * The splitting half of building a scatterlist before mapping it, kept
 * here so that user space tests it: zero-initialise all but the limits,
 * then feed it the pieces in order with iodmacmd_entry_add().
 */
struct iodmacmd_entry_builder {
	u64 max_entry;
	u64 boundary_mask;
	u64 start;
	u64 len;
	u32 nents;
};

/*
 * Receives each cut: @len bytes at @phys that begin a new entry (@begins)
 * or extend the entry being filled.
 */
typedef void (*iodmacmd_entry_emit_t)(void *ctx, u64 phys, u64 len, bool begins);

void iodmacmd_entry_add(struct iodmacmd_entry_builder *b, u64 phys, u64 len,
			iodmacmd_entry_emit_t emit, void *ctx);

/**
 * iodmacmd_gen_cursor_reset() - forget the cached walk position
 * @c: cursor to reset.
 *
 * Optional: an unreset cursor is only slower on its first use, never wrong.
 * Inline, as every prepare calls it.
 */
static inline void iodmacmd_gen_cursor_reset(struct iodmacmd_gen_cursor *c)
{
	c->run = U32_MAX;
}

enum iodmacmd_gen_status
iodmacmd_gen_walk(const struct iodmacmd_run_table *t,
		  const struct iodmacmd_limits *lim,
		  u64 win_off, u64 win_len, unsigned int flags,
		  struct iodmacmd_gen_cursor *cur,
		  u64 *offset, u32 *num,
		  iodmacmd_gen_emit_t emit, void *ctx);

enum iodmacmd_gen_status
iodmacmd_gen_preflight(const struct iodmacmd_run_table *t,
		       const struct iodmacmd_limits *lim,
		       u64 win_off, u64 win_len,
		       struct iodmacmd_gen_preflight *out);

#endif /* _IODMACMD_SEGMENT_GEN_H */
