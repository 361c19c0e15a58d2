/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory cursors: IOKit's IOMemoryCursor, the older way (before
 * IODMACommand) of cutting a memory descriptor into the segments a DMA
 * engine takes, with a largest segment and a largest transfer, and no
 * mapping, bouncing or address limit. A cursor only reads the addresses
 * a device uses for the descriptor (those of iodmacmd_md_bus_segment(),
 * through IOMemoryDescriptorGetPhysicalSegment() with no option, as IOKit
 * reads getPhysicalSegment()), merges the contiguous ones, splits
 * them at the largest segment size and hands each segment to an output
 * function. The caller prepares the descriptor and syncs it.
 *
 * A cursor is a reference-counted object with an immutable-between-calls
 * specification; any number of contexts may generate segments with one
 * cursor at the same time.
 */
#ifndef _IODMACMD_CURSOR_H
#define _IODMACMD_CURSOR_H

#include <linux/types.h>

struct iodmacmd_md;
struct iodmacmd_cursor;

/**
 * struct iodmacmd_cursor_segment - one segment: IOKit's PhysicalSegment
 * @location: the address of the first byte (natural byte order, except in
 *	the arrays the big- and little-endian output functions write)
 * @length: the number of bytes
 *
 * The layout of IOKit's IOMemoryCursor::PhysicalSegment on 64-bit macOS.
 */
struct iodmacmd_cursor_segment {
	u64 location;
	u64 length;
};

/*
 * An output function: stores @segment as entry @index of the caller's
 * @segments array, in whatever format the device reads (IOKit's
 * IOMemoryCursor::SegmentFunction).
 */
typedef void (*iodmacmd_cursor_output_t)(struct iodmacmd_cursor_segment segment,
					 void *segments, u32 index);

void iodmacmd_cursor_output_natural(struct iodmacmd_cursor_segment segment,
				    void *segments, u32 index);
void iodmacmd_cursor_output_big(struct iodmacmd_cursor_segment segment,
				void *segments, u32 index);
void iodmacmd_cursor_output_little(struct iodmacmd_cursor_segment segment,
				   void *segments, u32 index);

struct iodmacmd_cursor *iodmacmd_cursor_create(iodmacmd_cursor_output_t output,
					       u64 max_segment_size,
					       u64 max_transfer_size, u64 alignment);
int iodmacmd_cursor_set_spec(struct iodmacmd_cursor *cursor,
			     iodmacmd_cursor_output_t output, u64 max_segment_size,
			     u64 max_transfer_size, u64 alignment);
void iodmacmd_cursor_get(struct iodmacmd_cursor *cursor);
void iodmacmd_cursor_put(struct iodmacmd_cursor *cursor);
int iodmacmd_cursor_gen(struct iodmacmd_cursor *cursor, struct iodmacmd_md *md,
			u64 from, void *segments, u32 max_segments,
			u32 max_transfer_size, u64 *transfer_size);

#endif /* _IODMACMD_CURSOR_H */
