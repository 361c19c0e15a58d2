/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMemoryCursor for porters: IOMemoryCursor and its subclasses
 * IONaturalMemoryCursor, IOBigMemoryCursor and IOLittleMemoryCursor as C
 * functions named after their methods.
 * cursor->getPhysicalSegments(md, pos, segs, n) becomes
 * IONaturalMemoryCursorGetPhysicalSegments(cursor, md, pos, segs, n, 0, NULL):
 * C has no default arguments, so the caller writes Apple's (0, NULL, an
 * alignment of 1).
 *
 * A cursor is iodmacmd's struct iodmacmd_cursor (<iodmacmd/cursor.h>): the
 * four class names are the same object type, and every IOMemoryCursor
 * function takes a cursor of any of them, as C++ converts a subclass to
 * its base. Factories return NULL on failure and the cursor with one
 * reference on success; IOMemoryCursorRelease() drops it.
 *
 * A cursor reads the addresses of a descriptor with
 * IOMemoryDescriptorGetPhysicalSegment(md, offset, &length, 0), as IOKit's
 * reads getPhysicalSegment(offset, &length), so its segments carry what
 * that function returns: the address a device uses (the system mapper's
 * IOVA while the descriptor is prepared, when there is one), else the CPU
 * physical address. It never maps, bounces or syncs: the driver prepares
 * the descriptor (IOMemoryDescriptorPrepare()) first. A driver
 * whose device has an address limit or sits behind an IOMMU wants
 * IODMACommand (<IOKit/IODMACommand.h>) instead, as on macOS.
 *
 * Apple's semantics, kept: the segments of one call cover the bytes
 * [fromPosition, fromPosition + *transferSize) of the descriptor in order;
 * physically contiguous pieces are merged, then cut at maxSegmentSize; a
 * call stops at the transfer limit (its maxTransferSize, even above the
 * cursor's, or the cursor's when it passes 0; the cursor's 0 means
 * 4 GiB - 1, as a UInt32 does) or when the last of maxSegments segments is written, whichever comes
 * first. The next call resumes at fromPosition + *transferSize. A call
 * returns the number of segments written, 0 at or past the end of the
 * descriptor. The alignment is accepted and not applied ("not currently
 * implemented" in IOKit too); a maxSegmentSize above 4 GiB - 1 is taken as
 * 4 GiB - 1, as IOKit's initWithSpecification() does.
 *
 * Where iodmacmd differs from IOKit, because IOKit's behaviour is unsafe:
 * - a maxSegmentSize of 0 (IOMemoryCursorWithSpecification()'s default)
 *   means no limit (4 GiB - 1); IOKit then writes maxSegments segments of
 *   length 0 and a transferSize of 0, on which a driver loops forever;
 * - every call that returns 0 sets *transferSize to 0 (IOKit leaves it
 *   unwritten when maxSegments is 0 or the descriptor is NULL);
 * - a NULL or error-pointer cursor or descriptor, a NULL segment array
 *   given to a built-in output function, or a typed call
 *   (IOBigMemoryCursorGetPhysicalSegments()...) on a cursor of another
 *   class returns 0 with a log line instead of crashing, or writing
 *   another byte order than the caller expects;
 * - a descriptor that has no address for a byte before its end (user
 *   memory not prepared) ends the call there with a log line; IOKit
 *   asserts, or loops;
 * - a segment at bus address 0 is a segment; IOKit takes address 0 for
 *   "no segment".
 */
#ifndef _IOKIT_IOMEMORYCURSOR_H
#define _IOKIT_IOMEMORYCURSOR_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <iodmacmd/cursor.h>

typedef struct iodmacmd_cursor IOMemoryCursor;
typedef struct iodmacmd_cursor IONaturalMemoryCursor;
typedef struct iodmacmd_cursor IOBigMemoryCursor;
typedef struct iodmacmd_cursor IOLittleMemoryCursor;

/*
 * IOMemoryCursor::PhysicalSegment {location, length} (IOPhysicalSegment),
 * 16 bytes, as inherited by each subclass.
 */
typedef struct iodmacmd_cursor_segment IOMemoryCursorPhysicalSegment;
typedef IOMemoryCursorPhysicalSegment IOPhysicalSegment;
typedef IOMemoryCursorPhysicalSegment IONaturalMemoryCursorPhysicalSegment;
typedef IOMemoryCursorPhysicalSegment IOBigMemoryCursorPhysicalSegment;
typedef IOMemoryCursorPhysicalSegment IOLittleMemoryCursorPhysicalSegment;

/* IOMemoryCursor::SegmentFunction (OutputSegmentFunc) */
typedef iodmacmd_cursor_output_t IOMemoryCursorSegmentFunction;
typedef IOMemoryCursorSegmentFunction OutputSegmentFunc;

/*
 * The subclasses' output functions, IONaturalMemoryCursor::outputSegment
 * (naturalOutputSegment), IOBigMemoryCursor::outputSegment
 * (bigOutputSegment) and IOLittleMemoryCursor::outputSegment
 * (littleOutputSegment): both fields of entry segmentIndex of an array of
 * PhysicalSegment, in host, big-endian and little-endian byte order.
 */
#define IONaturalMemoryCursorOutputSegment	iodmacmd_cursor_output_natural
#define IOBigMemoryCursorOutputSegment		iodmacmd_cursor_output_big
#define IOLittleMemoryCursorOutputSegment	iodmacmd_cursor_output_little
#define naturalOutputSegment			IONaturalMemoryCursorOutputSegment
#define bigOutputSegment			IOBigMemoryCursorOutputSegment
#define littleOutputSegment			IOLittleMemoryCursorOutputSegment

/* IOMemoryCursor */
IOMemoryCursor *IOMemoryCursorWithSpecification(IOMemoryCursorSegmentFunction outSegFunc,
						IOPhysicalLength maxSegmentSize,
						IOPhysicalLength maxTransferSize,
						IOPhysicalLength alignment);
bool IOMemoryCursorInitWithSpecification(IOMemoryCursor *cursor,
					 IOMemoryCursorSegmentFunction outSegFunc,
					 IOPhysicalLength maxSegmentSize,
					 IOPhysicalLength maxTransferSize,
					 IOPhysicalLength alignment);
UInt32 IOMemoryCursorGenPhysicalSegments(IOMemoryCursor *cursor,
					 IOMemoryDescriptor *descriptor,
					 IOByteCount fromPosition, void *segments,
					 UInt32 maxSegments, UInt32 maxTransferSize,
					 IOByteCount *transferSize);
void IOMemoryCursorRetain(IOMemoryCursor *cursor);
void IOMemoryCursorRelease(IOMemoryCursor *cursor);

/* IONaturalMemoryCursor */
IONaturalMemoryCursor *IONaturalMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
							      IOPhysicalLength maxTransferSize,
							      IOPhysicalLength alignment);
bool IONaturalMemoryCursorInitWithSpecification(IONaturalMemoryCursor *cursor,
						IOPhysicalLength maxSegmentSize,
						IOPhysicalLength maxTransferSize,
						IOPhysicalLength alignment);
UInt32 IONaturalMemoryCursorGetPhysicalSegments(IONaturalMemoryCursor *cursor,
						IOMemoryDescriptor *descriptor,
						IOByteCount fromPosition,
						IONaturalMemoryCursorPhysicalSegment *segments,
						UInt32 maxSegments, UInt32 inMaxTransferSize,
						IOByteCount *transferSize);

/* IOBigMemoryCursor */
IOBigMemoryCursor *IOBigMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
						      IOPhysicalLength maxTransferSize,
						      IOPhysicalLength alignment);
bool IOBigMemoryCursorInitWithSpecification(IOBigMemoryCursor *cursor,
					    IOPhysicalLength maxSegmentSize,
					    IOPhysicalLength maxTransferSize,
					    IOPhysicalLength alignment);
UInt32 IOBigMemoryCursorGetPhysicalSegments(IOBigMemoryCursor *cursor,
					    IOMemoryDescriptor *descriptor,
					    IOByteCount fromPosition,
					    IOBigMemoryCursorPhysicalSegment *segments,
					    UInt32 maxSegments, UInt32 inMaxTransferSize,
					    IOByteCount *transferSize);

/* IOLittleMemoryCursor */
IOLittleMemoryCursor *IOLittleMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
							    IOPhysicalLength maxTransferSize,
							    IOPhysicalLength alignment);
bool IOLittleMemoryCursorInitWithSpecification(IOLittleMemoryCursor *cursor,
					       IOPhysicalLength maxSegmentSize,
					       IOPhysicalLength maxTransferSize,
					       IOPhysicalLength alignment);
UInt32 IOLittleMemoryCursorGetPhysicalSegments(IOLittleMemoryCursor *cursor,
					       IOMemoryDescriptor *descriptor,
					       IOByteCount fromPosition,
					       IOLittleMemoryCursorPhysicalSegment *segments,
					       UInt32 maxSegments, UInt32 inMaxTransferSize,
					       IOByteCount *transferSize);

#endif /* _IOKIT_IOMEMORYCURSOR_H */
