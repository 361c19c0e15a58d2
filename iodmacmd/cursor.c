// SPDX-License-Identifier: GPL-2.0
/*
 * Memory cursors (<iodmacmd/cursor.h>) and their Apple face, IOKit's
 * IOMemoryCursor, IONaturalMemoryCursor, IOBigMemoryCursor and
 * IOLittleMemoryCursor (<IOKit/IOMemoryCursor.h>).
 *
 * A cursor walks a descriptor's addresses as
 * IOMemoryDescriptorGetPhysicalSegment(md, offset, &length, 0) gives them,
 * so that it returns what IOKit's cursor returns over getPhysicalSegment():
 * the semantics of a call are described in <IOKit/IOMemoryCursor.h>, with
 * the few places where iodmacmd deliberately differs from IOKit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kref.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <IOKit/IOMemoryCursor.h>

#include "checks.h"
#include "compat.h"

/* The class a cursor was made as, for the typed calls of the Apple face. */
enum cursor_class {
	CURSOR_BASE,		/* IOMemoryCursor, or the Linux face */
	CURSOR_NATURAL,
	CURSOR_BIG,
	CURSOR_LITTLE,
};

/* A cursor's specification, copied whole at the start of every walk. */
struct cursor_spec {
	iodmacmd_cursor_output_t output;
	u64 max_segment_size;	/* 1 .. U32_MAX */
	u32 max_transfer_size;	/* 1 .. U32_MAX */
	u64 alignment;		/* recorded, not applied (as in IOKit) */
};

struct iodmacmd_cursor {
	struct kref ref;
	enum cursor_class class;
	spinlock_t lock;	/* protects spec against a concurrent set_spec */
	struct cursor_spec spec;
};

static const char * const cursor_class_names[] = {
	[CURSOR_BASE] = "IOMemoryCursor",
	[CURSOR_NATURAL] = "IONaturalMemoryCursor",
	[CURSOR_BIG] = "IOBigMemoryCursor",
	[CURSOR_LITTLE] = "IOLittleMemoryCursor",
};

/* --- output functions --- */

/*
 * The built-in output functions write an array of segments: they refuse a
 * NULL array (with one log line), which a custom function may accept.
 */
static bool cursor_output_builtin(iodmacmd_cursor_output_t output)
{
	return output == iodmacmd_cursor_output_natural ||
	       output == iodmacmd_cursor_output_big ||
	       output == iodmacmd_cursor_output_little;
}

/**
 * iodmacmd_cursor_output_natural() - store a segment in host byte order
 * @segment: the segment
 * @segments: an array of struct iodmacmd_cursor_segment
 * @index: the entry of @segments to write
 *
 * IOKit: IONaturalMemoryCursor::outputSegment (naturalOutputSegment).
 *
 * Context: any context.
 * Return: nothing; a NULL or error-pointer @segments is left alone (logged
 * once).
 */
void iodmacmd_cursor_output_natural(struct iodmacmd_cursor_segment segment,
				    void *segments, u32 index)
{
	struct iodmacmd_cursor_segment *out = segments;

	if (iodmacmd_bad_ptr(segments))
		return;
	out[index] = segment;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_output_natural, IODMACMD_NS);

/**
 * iodmacmd_cursor_output_big() - store a segment big-endian
 * @segment: the segment
 * @segments: an array of struct iodmacmd_cursor_segment
 * @index: the entry of @segments to write
 *
 * Both 64-bit fields of the entry are written most significant byte first.
 * IOKit: IOBigMemoryCursor::outputSegment (bigOutputSegment).
 *
 * Context: any context.
 * Return: nothing; a NULL or error-pointer @segments is left alone (logged
 * once).
 */
void iodmacmd_cursor_output_big(struct iodmacmd_cursor_segment segment,
				void *segments, u32 index)
{
	struct iodmacmd_cursor_segment *out = segments;

	if (iodmacmd_bad_ptr(segments))
		return;
	put_unaligned_be64(segment.location, &out[index].location);
	put_unaligned_be64(segment.length, &out[index].length);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_output_big, IODMACMD_NS);

/**
 * iodmacmd_cursor_output_little() - store a segment little-endian
 * @segment: the segment
 * @segments: an array of struct iodmacmd_cursor_segment
 * @index: the entry of @segments to write
 *
 * Both 64-bit fields of the entry are written least significant byte first.
 * IOKit: IOLittleMemoryCursor::outputSegment (littleOutputSegment).
 *
 * Context: any context.
 * Return: nothing; a NULL or error-pointer @segments is left alone (logged
 * once).
 */
void iodmacmd_cursor_output_little(struct iodmacmd_cursor_segment segment,
				   void *segments, u32 index)
{
	struct iodmacmd_cursor_segment *out = segments;

	if (iodmacmd_bad_ptr(segments))
		return;
	put_unaligned_le64(segment.location, &out[index].location);
	put_unaligned_le64(segment.length, &out[index].length);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_output_little, IODMACMD_NS);

/* --- the core --- */

/*
 * IOKit's initWithSpecification(): refuses a NULL output function and a
 * transfer limit above 4 GiB - 1; clamps the segment size to 4 GiB - 1 (its
 * "mseg" default); a transfer limit of 0 means none. A segment size of 0
 * means none too, where IOKit would cut zero-length segments.
 */
static int cursor_make_spec(struct cursor_spec *spec, iodmacmd_cursor_output_t output,
			    u64 max_segment_size, u64 max_transfer_size, u64 alignment)
{
	if (!output) {
		pr_warn_ratelimited("memory cursor: no output function\n");
		return -EINVAL;
	}
	if (max_transfer_size > U32_MAX) {
		pr_warn_ratelimited("memory cursor: transfer size %llu above 4 GiB - 1\n",
				    max_transfer_size);
		return -EINVAL;
	}
	if (alignment > 1)
		pr_notice_once("memory cursor: alignment %llu is not applied, as in IOKit\n",
			       alignment);
	spec->output = output;
	spec->max_segment_size = max_segment_size ? min_t(u64, max_segment_size, U32_MAX) :
				 U32_MAX;
	spec->max_transfer_size = max_transfer_size ? max_transfer_size : U32_MAX;
	spec->alignment = alignment;
	return 0;
}

static struct iodmacmd_cursor *cursor_create(enum cursor_class class,
					     iodmacmd_cursor_output_t output,
					     u64 max_segment_size, u64 max_transfer_size,
					     u64 alignment)
{
	struct iodmacmd_cursor *cursor;
	struct cursor_spec spec;
	int err;

	err = cursor_make_spec(&spec, output, max_segment_size, max_transfer_size, alignment);
	if (err)
		return ERR_PTR(err);
	cursor = kzalloc(sizeof(*cursor), GFP_KERNEL);
	if (!cursor)
		return ERR_PTR(-ENOMEM);
	kref_init(&cursor->ref);
	spin_lock_init(&cursor->lock);
	cursor->class = class;
	cursor->spec = spec;
	return cursor;
}

static int cursor_set_spec(struct iodmacmd_cursor *cursor, iodmacmd_cursor_output_t output,
			   u64 max_segment_size, u64 max_transfer_size, u64 alignment)
{
	struct cursor_spec spec;
	unsigned long flags;
	int err;

	err = cursor_make_spec(&spec, output, max_segment_size, max_transfer_size, alignment);
	if (err)
		return err;
	spin_lock_irqsave(&cursor->lock, flags);
	cursor->spec = spec;
	spin_unlock_irqrestore(&cursor->lock, flags);
	return 0;
}

/* A piece of the descriptor: bytes [location, location + length). */
struct cursor_piece {
	u64 location;
	u64 length;
	bool valid;
};

/*
 * The walk, IOKit's genPhysicalSegments(). @cur is the segment being built
 * and @next a piece not yet taken into it: a piece read from the descriptor
 * that does not follow @cur physically, or what a cut at the segment size
 * left over. @taken counts the bytes in the segments written and in @cur.
 * Returns the number of segments written and sets *@transfer to @taken.
 */
static u32 cursor_walk(const struct cursor_spec *spec, struct iodmacmd_md *md, u64 from,
		       void *segments, u32 max_segments, u32 max_transfer, u64 *transfer)
{
	u64 end = IOMemoryDescriptorGetLength(md), pos = from, limit, taken = 0;
	struct cursor_piece cur = {}, next = {};
	u32 count = 0;

	limit = max_transfer ? max_transfer : spec->max_transfer_size;
	while (next.valid || pos < end) {
		if (!next.valid) {
			IOByteCount length = 0;

			next.location = IOMemoryDescriptorGetPhysicalSegment(md, pos, &length, 0);
			if (!length) {
				pr_warn_ratelimited("memory cursor: no address at offset %llu of %llu (descriptor not prepared?)\n",
						    pos, end);
				break;
			}
			next.length = min(length, end - pos);
			next.valid = true;
			pos += next.length;
		}

		if (!cur.valid || cur.location + cur.length == next.location) {
			if (cur.valid) {
				cur.length += next.length;
			} else {
				cur.location = next.location;
				cur.length = next.length;
				cur.valid = true;
			}
			taken += next.length;
			next.valid = false;

			if (cur.length > spec->max_segment_size) {
				next.location = cur.location + spec->max_segment_size;
				next.length = cur.length - spec->max_segment_size;
				next.valid = true;
				taken -= next.length;
				cur.length = spec->max_segment_size;
			}
			if (taken >= limit) {
				cur.length -= taken - limit;
				taken = limit;
				break;
			}
		}

		if (next.valid) {
			/* The last entry is for @cur, written after the loop. */
			if (count + 1 == max_segments)
				break;
			spec->output((struct iodmacmd_cursor_segment){ cur.location, cur.length },
				     segments, count++);
			cur.valid = false;
		}
	}
	if (cur.valid)
		spec->output((struct iodmacmd_cursor_segment){ cur.location, cur.length },
			     segments, count++);
	*transfer = taken;
	return count;
}

/*
 * Checks, a snapshot of the specification and the walk. @class is the class
 * a typed call requires, or CURSOR_BASE for any.
 */
static s64 cursor_gen(struct iodmacmd_cursor *cursor, enum cursor_class class,
		      struct iodmacmd_md *md, u64 from, void *segments, u32 max_segments,
		      u32 max_transfer, u64 *transfer)
{
	struct cursor_spec spec;
	unsigned long flags;
	u64 taken = 0;
	s64 ret = -EINVAL;

	if (iodmacmd_bad_ptr(cursor) || iodmacmd_bad_ptr(md))
		goto out;
	if (class != CURSOR_BASE && cursor->class != class) {
		pr_warn_ratelimited("%s: getPhysicalSegments on an %s\n",
				    cursor_class_names[class], cursor_class_names[cursor->class]);
		goto out;
	}
	spin_lock_irqsave(&cursor->lock, flags);
	spec = cursor->spec;
	spin_unlock_irqrestore(&cursor->lock, flags);
	if (IS_ERR(segments) || (!segments && cursor_output_builtin(spec.output))) {
		pr_warn_ratelimited("memory cursor: %s segment array\n",
				    segments ? "an error-pointer" : "a NULL");
		goto out;
	}
	ret = 0;
	if (max_segments)
		ret = cursor_walk(&spec, md, from, segments, max_segments, max_transfer, &taken);
out:
	if (transfer)
		*transfer = taken;
	return ret;
}

/* --- the Linux face --- */

/**
 * iodmacmd_cursor_create() - make a memory cursor
 * @output: the function that stores each segment (iodmacmd_cursor_output_*
 *	or the driver's)
 * @max_segment_size: the largest segment; 0 or above 4 GiB - 1 means
 *	4 GiB - 1
 * @max_transfer_size: the transfer limit of a call that gives none; 0 means
 *	4 GiB - 1
 * @alignment: recorded and not applied, as in IOKit (logged once if above 1)
 *
 * IOKit: IOMemoryCursor::withSpecification(). Apple face:
 * IOMemoryCursorWithSpecification() and the subclasses' factories.
 *
 * Context: process context; may sleep.
 * Return: the cursor, with one reference; ERR_PTR(-EINVAL) for a NULL
 * @output or a @max_transfer_size above 4 GiB - 1 (logged),
 * ERR_PTR(-ENOMEM).
 */
struct iodmacmd_cursor *iodmacmd_cursor_create(iodmacmd_cursor_output_t output,
					       u64 max_segment_size,
					       u64 max_transfer_size, u64 alignment)
{
	return cursor_create(CURSOR_BASE, output, max_segment_size, max_transfer_size, alignment);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_create, IODMACMD_NS);

/**
 * iodmacmd_cursor_set_spec() - give a cursor a new specification
 * @cursor: the cursor
 * @output: as for iodmacmd_cursor_create()
 * @max_segment_size: as for iodmacmd_cursor_create()
 * @max_transfer_size: as for iodmacmd_cursor_create()
 * @alignment: as for iodmacmd_cursor_create()
 *
 * A call generating segments at the same time uses the old specification
 * or the new one, whole. IOKit: IOMemoryCursor::initWithSpecification().
 *
 * Context: any context.
 * Return: 0; -EINVAL (the cursor keeps its specification) for a NULL or
 * error-pointer @cursor or as iodmacmd_cursor_create() (logged).
 */
int iodmacmd_cursor_set_spec(struct iodmacmd_cursor *cursor,
			     iodmacmd_cursor_output_t output, u64 max_segment_size,
			     u64 max_transfer_size, u64 alignment)
{
	if (iodmacmd_bad_ptr(cursor))
		return -EINVAL;
	return cursor_set_spec(cursor, output, max_segment_size, max_transfer_size, alignment);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_set_spec, IODMACMD_NS);

/**
 * iodmacmd_cursor_get() - take a reference on a cursor
 * @cursor: the cursor; NULL and error pointers are ignored
 *
 * IOKit: OSObject::retain().
 *
 * Context: any context.
 * Return: nothing.
 */
void iodmacmd_cursor_get(struct iodmacmd_cursor *cursor)
{
	if (!IS_ERR_OR_NULL(cursor))
		kref_get(&cursor->ref);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_get, IODMACMD_NS);

static void cursor_free(struct kref *ref)
{
	kfree(container_of(ref, struct iodmacmd_cursor, ref));
}

/**
 * iodmacmd_cursor_put() - drop a reference on a cursor, freeing it with the last
 * @cursor: the cursor; NULL and error pointers are ignored
 *
 * IOKit: OSObject::release().
 *
 * Context: any context.
 * Return: nothing.
 */
void iodmacmd_cursor_put(struct iodmacmd_cursor *cursor)
{
	if (!IS_ERR_OR_NULL(cursor))
		kref_put(&cursor->ref, cursor_free);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_put, IODMACMD_NS);

/**
 * iodmacmd_cursor_gen() - the next segments of a descriptor
 * @cursor: the cursor
 * @md: the descriptor, prepared by the caller when it needs to be
 * @from: the offset in @md of the first byte
 * @segments: what @cursor's output function writes to (an array of
 *	struct iodmacmd_cursor_segment for the built-in ones, which refuse NULL)
 * @max_segments: the most segments to write; above INT_MAX means INT_MAX
 * @max_transfer_size: the most bytes to cover; 0 means the cursor's
 * @transfer_size: set to the bytes covered (0 when nothing is written); may
 *	be NULL
 *
 * Physically contiguous pieces of @md are merged, cut at the cursor's
 * segment size, and written in order until @max_transfer_size bytes are
 * covered, @max_segments segments are written or @md ends. The next call
 * starts at @from + *@transfer_size. IOKit:
 * IOMemoryCursor::genPhysicalSegments(); see <IOKit/IOMemoryCursor.h>.
 *
 * Context: process context; may sleep, as reading the descriptor's device
 * addresses (IOMemoryDescriptorGetPhysicalSegment()) may.
 * Return: the number of segments written, 0 at or past the end of @md or
 * for a @max_segments of 0; -EINVAL (logged) for a NULL or error-pointer
 * @cursor or @md, an error-pointer @segments, or NULL @segments with a
 * built-in output function.
 */
int iodmacmd_cursor_gen(struct iodmacmd_cursor *cursor, struct iodmacmd_md *md,
			u64 from, void *segments, u32 max_segments,
			u32 max_transfer_size, u64 *transfer_size)
{
	return cursor_gen(cursor, CURSOR_BASE, md, from, segments,
			  min_t(u32, max_segments, INT_MAX), max_transfer_size, transfer_size);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cursor_gen, IODMACMD_NS);

/* --- the Apple face --- */

static IOMemoryCursor *cursor_with_spec(enum cursor_class class, IOMemoryCursorSegmentFunction fn,
					IOPhysicalLength max_segment_size,
					IOPhysicalLength max_transfer_size,
					IOPhysicalLength alignment)
{
	IOMemoryCursor *cursor;

	cursor = cursor_create(class, fn, max_segment_size, max_transfer_size, alignment);
	return IS_ERR(cursor) ? NULL : cursor;
}

/* A typed initWithSpecification(): only on a cursor of that class. */
static bool cursor_init_typed(IOMemoryCursor *cursor, enum cursor_class class,
			      IOMemoryCursorSegmentFunction fn, IOPhysicalLength max_segment_size,
			      IOPhysicalLength max_transfer_size, IOPhysicalLength alignment)
{
	if (iodmacmd_bad_ptr(cursor))
		return false;
	if (cursor->class != class) {
		pr_warn_ratelimited("%s: initWithSpecification on an %s\n",
				    cursor_class_names[class], cursor_class_names[cursor->class]);
		return false;
	}
	return !cursor_set_spec(cursor, fn, max_segment_size, max_transfer_size, alignment);
}

/* The Apple face's count: an error is 0, as IOKit returns for one. */
static UInt32 cursor_gen_apple(IOMemoryCursor *cursor, enum cursor_class class,
			       IOMemoryDescriptor *md, IOByteCount from, void *segments,
			       UInt32 max_segments, UInt32 max_transfer, IOByteCount *transfer)
{
	s64 ret = cursor_gen(cursor, class, md, from, segments, max_segments, max_transfer,
			     transfer);

	return ret < 0 ? 0 : ret;
}

/**
 * IOMemoryCursorWithSpecification() - make a cursor with an output function
 * @outSegFunc: the function that stores each segment
 * @maxSegmentSize: the largest segment (Apple's default 0: see below)
 * @maxTransferSize: the transfer limit of a call that gives none; 0 (the
 *	default) means 4 GiB - 1
 * @alignment: not applied, as in IOKit (the default is 1)
 *
 * IOKit: IOMemoryCursor::withSpecification(). Linux face:
 * iodmacmd_cursor_create(). Differs from IOKit: a @maxSegmentSize of 0
 * means 4 GiB - 1 where IOKit cuts segments of length 0.
 *
 * Context: process context; may sleep.
 * Return: the cursor, or NULL for a NULL @outSegFunc or a @maxTransferSize
 * above 4 GiB - 1 (both logged) or when out of memory.
 */
IOMemoryCursor *IOMemoryCursorWithSpecification(IOMemoryCursorSegmentFunction outSegFunc,
						IOPhysicalLength maxSegmentSize,
						IOPhysicalLength maxTransferSize,
						IOPhysicalLength alignment)
{
	return cursor_with_spec(CURSOR_BASE, outSegFunc, maxSegmentSize, maxTransferSize,
				alignment);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryCursorWithSpecification, IODMACMD_NS);

/**
 * IOMemoryCursorInitWithSpecification() - give a cursor a new specification
 * @cursor: a cursor of any class
 * @outSegFunc: as for IOMemoryCursorWithSpecification()
 * @maxSegmentSize: as for IOMemoryCursorWithSpecification()
 * @maxTransferSize: as for IOMemoryCursorWithSpecification()
 * @alignment: as for IOMemoryCursorWithSpecification()
 *
 * IOKit: IOMemoryCursor::initWithSpecification(), which C++ lets a driver
 * call on a subclass too. Linux face: iodmacmd_cursor_set_spec().
 *
 * Context: any context.
 * Return: true; false (the cursor unchanged) for a NULL or error-pointer
 * @cursor or as IOMemoryCursorWithSpecification() refuses (logged).
 */
bool IOMemoryCursorInitWithSpecification(IOMemoryCursor *cursor,
					 IOMemoryCursorSegmentFunction outSegFunc,
					 IOPhysicalLength maxSegmentSize,
					 IOPhysicalLength maxTransferSize,
					 IOPhysicalLength alignment)
{
	return !iodmacmd_cursor_set_spec(cursor, outSegFunc, maxSegmentSize, maxTransferSize,
					 alignment);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryCursorInitWithSpecification, IODMACMD_NS);

/**
 * IOMemoryCursorGenPhysicalSegments() - the next segments of a descriptor
 * @cursor: a cursor of any class
 * @descriptor: the descriptor
 * @fromPosition: the offset in @descriptor of the first byte
 * @segments: passed to the output function (an array for the built-in
 *	ones, which refuse NULL)
 * @maxSegments: the most segments to write
 * @maxTransferSize: the most bytes to cover; 0 (the default) means the
 *	cursor's
 * @transferSize: set to the bytes covered; may be NULL (the default)
 *
 * IOKit: IOMemoryCursor::genPhysicalSegments(); the semantics are in
 * <IOKit/IOMemoryCursor.h>. Linux face: iodmacmd_cursor_gen().
 *
 * Context: process context; may sleep, as reading the descriptor's device
 * addresses (IOMemoryDescriptorGetPhysicalSegment()) may.
 * Return: the number of segments written; 0 at or past the end of
 * @descriptor, for a @maxSegments of 0, and for a NULL or error-pointer
 * @cursor or @descriptor or a bad @segments (logged).
 */
UInt32 IOMemoryCursorGenPhysicalSegments(IOMemoryCursor *cursor,
					 IOMemoryDescriptor *descriptor,
					 IOByteCount fromPosition, void *segments,
					 UInt32 maxSegments, UInt32 maxTransferSize,
					 IOByteCount *transferSize)
{
	return cursor_gen_apple(cursor, CURSOR_BASE, descriptor, fromPosition, segments,
				maxSegments, maxTransferSize, transferSize);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryCursorGenPhysicalSegments, IODMACMD_NS);

/**
 * IOMemoryCursorRetain() - take a reference on a cursor
 * @cursor: a cursor of any class; NULL and error pointers are ignored
 *
 * IOKit: OSObject::retain(). Linux face: iodmacmd_cursor_get().
 *
 * Context: any context.
 * Return: nothing.
 */
void IOMemoryCursorRetain(IOMemoryCursor *cursor)
{
	iodmacmd_cursor_get(cursor);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryCursorRetain, IODMACMD_NS);

/**
 * IOMemoryCursorRelease() - drop a reference on a cursor
 * @cursor: a cursor of any class; NULL and error pointers are ignored
 *
 * The last reference frees the cursor. IOKit: OSObject::release(). Linux
 * face: iodmacmd_cursor_put().
 *
 * Context: any context.
 * Return: nothing.
 */
void IOMemoryCursorRelease(IOMemoryCursor *cursor)
{
	iodmacmd_cursor_put(cursor);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryCursorRelease, IODMACMD_NS);

/**
 * IONaturalMemoryCursorWithSpecification() - make a host-order cursor
 * @maxSegmentSize: the largest segment; 0 means 4 GiB - 1 (IOKit: length
 *	0 segments)
 * @maxTransferSize: the transfer limit of a call that gives none; 0 means
 *	4 GiB - 1
 * @alignment: not applied, as in IOKit (Apple's default is 1)
 *
 * The cursor writes IONaturalMemoryCursorPhysicalSegment entries in host
 * byte order. IOKit: IONaturalMemoryCursor::withSpecification().
 *
 * Context: process context; may sleep.
 * Return: the cursor, or NULL for a @maxTransferSize above 4 GiB - 1
 * (logged) or when out of memory.
 */
IONaturalMemoryCursor *IONaturalMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
							      IOPhysicalLength maxTransferSize,
							      IOPhysicalLength alignment)
{
	return cursor_with_spec(CURSOR_NATURAL, iodmacmd_cursor_output_natural, maxSegmentSize,
				maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IONaturalMemoryCursorWithSpecification, IODMACMD_NS);

/**
 * IONaturalMemoryCursorInitWithSpecification() - respecify a host-order cursor
 * @cursor: a cursor made by IONaturalMemoryCursorWithSpecification()
 * @maxSegmentSize: as for IONaturalMemoryCursorWithSpecification()
 * @maxTransferSize: as for IONaturalMemoryCursorWithSpecification()
 * @alignment: as for IONaturalMemoryCursorWithSpecification()
 *
 * IOKit: IONaturalMemoryCursor::initWithSpecification().
 *
 * Context: any context.
 * Return: true; false (the cursor unchanged) for a NULL or error-pointer
 * @cursor, a cursor of another class or a bad specification (logged).
 */
bool IONaturalMemoryCursorInitWithSpecification(IONaturalMemoryCursor *cursor,
						IOPhysicalLength maxSegmentSize,
						IOPhysicalLength maxTransferSize,
						IOPhysicalLength alignment)
{
	return cursor_init_typed(cursor, CURSOR_NATURAL, iodmacmd_cursor_output_natural,
				 maxSegmentSize, maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IONaturalMemoryCursorInitWithSpecification, IODMACMD_NS);

/**
 * IONaturalMemoryCursorGetPhysicalSegments() - the next segments, host order
 * @cursor: a cursor made by IONaturalMemoryCursorWithSpecification()
 * @descriptor: the descriptor
 * @fromPosition: the offset in @descriptor of the first byte
 * @segments: the array the segments are written to
 * @maxSegments: the most segments to write
 * @inMaxTransferSize: the most bytes to cover; 0 means the cursor's
 * @transferSize: set to the bytes covered; may be NULL
 *
 * IOKit: IONaturalMemoryCursor::getPhysicalSegments().
 *
 * Context: process context; may sleep, as reading the descriptor's device
 * addresses (IOMemoryDescriptorGetPhysicalSegment()) may.
 * Return: as IOMemoryCursorGenPhysicalSegments(); also 0 (logged) for a
 * cursor of another class.
 */
UInt32 IONaturalMemoryCursorGetPhysicalSegments(IONaturalMemoryCursor *cursor,
						IOMemoryDescriptor *descriptor,
						IOByteCount fromPosition,
						IONaturalMemoryCursorPhysicalSegment *segments,
						UInt32 maxSegments, UInt32 inMaxTransferSize,
						IOByteCount *transferSize)
{
	return cursor_gen_apple(cursor, CURSOR_NATURAL, descriptor, fromPosition, segments,
				maxSegments, inMaxTransferSize, transferSize);
}
EXPORT_SYMBOL_NS_GPL(IONaturalMemoryCursorGetPhysicalSegments, IODMACMD_NS);

/**
 * IOBigMemoryCursorWithSpecification() - make a big-endian cursor
 * @maxSegmentSize: as for IONaturalMemoryCursorWithSpecification()
 * @maxTransferSize: as for IONaturalMemoryCursorWithSpecification()
 * @alignment: as for IONaturalMemoryCursorWithSpecification()
 *
 * The cursor writes IOBigMemoryCursorPhysicalSegment entries whose two
 * fields are big-endian. IOKit: IOBigMemoryCursor::withSpecification().
 *
 * Context: process context; may sleep.
 * Return: the cursor, or NULL as IONaturalMemoryCursorWithSpecification().
 */
IOBigMemoryCursor *IOBigMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
						      IOPhysicalLength maxTransferSize,
						      IOPhysicalLength alignment)
{
	return cursor_with_spec(CURSOR_BIG, iodmacmd_cursor_output_big, maxSegmentSize,
				maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IOBigMemoryCursorWithSpecification, IODMACMD_NS);

/**
 * IOBigMemoryCursorInitWithSpecification() - respecify a big-endian cursor
 * @cursor: a cursor made by IOBigMemoryCursorWithSpecification()
 * @maxSegmentSize: as for IONaturalMemoryCursorWithSpecification()
 * @maxTransferSize: as for IONaturalMemoryCursorWithSpecification()
 * @alignment: as for IONaturalMemoryCursorWithSpecification()
 *
 * IOKit: IOBigMemoryCursor::initWithSpecification().
 *
 * Context: any context.
 * Return: as IONaturalMemoryCursorInitWithSpecification().
 */
bool IOBigMemoryCursorInitWithSpecification(IOBigMemoryCursor *cursor,
					    IOPhysicalLength maxSegmentSize,
					    IOPhysicalLength maxTransferSize,
					    IOPhysicalLength alignment)
{
	return cursor_init_typed(cursor, CURSOR_BIG, iodmacmd_cursor_output_big,
				 maxSegmentSize, maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IOBigMemoryCursorInitWithSpecification, IODMACMD_NS);

/**
 * IOBigMemoryCursorGetPhysicalSegments() - the next segments, big-endian
 * @cursor: a cursor made by IOBigMemoryCursorWithSpecification()
 * @descriptor: the descriptor
 * @fromPosition: the offset in @descriptor of the first byte
 * @segments: the array the segments are written to
 * @maxSegments: the most segments to write
 * @inMaxTransferSize: the most bytes to cover; 0 means the cursor's
 * @transferSize: set to the bytes covered; may be NULL
 *
 * IOKit: IOBigMemoryCursor::getPhysicalSegments().
 *
 * Context: process context; may sleep, as reading the descriptor's device
 * addresses (IOMemoryDescriptorGetPhysicalSegment()) may.
 * Return: as IONaturalMemoryCursorGetPhysicalSegments().
 */
UInt32 IOBigMemoryCursorGetPhysicalSegments(IOBigMemoryCursor *cursor,
					    IOMemoryDescriptor *descriptor,
					    IOByteCount fromPosition,
					    IOBigMemoryCursorPhysicalSegment *segments,
					    UInt32 maxSegments, UInt32 inMaxTransferSize,
					    IOByteCount *transferSize)
{
	return cursor_gen_apple(cursor, CURSOR_BIG, descriptor, fromPosition, segments,
				maxSegments, inMaxTransferSize, transferSize);
}
EXPORT_SYMBOL_NS_GPL(IOBigMemoryCursorGetPhysicalSegments, IODMACMD_NS);

/**
 * IOLittleMemoryCursorWithSpecification() - make a little-endian cursor
 * @maxSegmentSize: as for IONaturalMemoryCursorWithSpecification()
 * @maxTransferSize: as for IONaturalMemoryCursorWithSpecification()
 * @alignment: as for IONaturalMemoryCursorWithSpecification()
 *
 * The cursor writes IOLittleMemoryCursorPhysicalSegment entries whose two
 * fields are little-endian. IOKit: IOLittleMemoryCursor::withSpecification().
 *
 * Context: process context; may sleep.
 * Return: the cursor, or NULL as IONaturalMemoryCursorWithSpecification().
 */
IOLittleMemoryCursor *IOLittleMemoryCursorWithSpecification(IOPhysicalLength maxSegmentSize,
							    IOPhysicalLength maxTransferSize,
							    IOPhysicalLength alignment)
{
	return cursor_with_spec(CURSOR_LITTLE, iodmacmd_cursor_output_little, maxSegmentSize,
				maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IOLittleMemoryCursorWithSpecification, IODMACMD_NS);

/**
 * IOLittleMemoryCursorInitWithSpecification() - respecify a little-endian cursor
 * @cursor: a cursor made by IOLittleMemoryCursorWithSpecification()
 * @maxSegmentSize: as for IONaturalMemoryCursorWithSpecification()
 * @maxTransferSize: as for IONaturalMemoryCursorWithSpecification()
 * @alignment: as for IONaturalMemoryCursorWithSpecification()
 *
 * IOKit: IOLittleMemoryCursor::initWithSpecification().
 *
 * Context: any context.
 * Return: as IONaturalMemoryCursorInitWithSpecification().
 */
bool IOLittleMemoryCursorInitWithSpecification(IOLittleMemoryCursor *cursor,
					       IOPhysicalLength maxSegmentSize,
					       IOPhysicalLength maxTransferSize,
					       IOPhysicalLength alignment)
{
	return cursor_init_typed(cursor, CURSOR_LITTLE, iodmacmd_cursor_output_little,
				 maxSegmentSize, maxTransferSize, alignment);
}
EXPORT_SYMBOL_NS_GPL(IOLittleMemoryCursorInitWithSpecification, IODMACMD_NS);

/**
 * IOLittleMemoryCursorGetPhysicalSegments() - the next segments, little-endian
 * @cursor: a cursor made by IOLittleMemoryCursorWithSpecification()
 * @descriptor: the descriptor
 * @fromPosition: the offset in @descriptor of the first byte
 * @segments: the array the segments are written to
 * @maxSegments: the most segments to write
 * @inMaxTransferSize: the most bytes to cover; 0 means the cursor's
 * @transferSize: set to the bytes covered; may be NULL
 *
 * IOKit: IOLittleMemoryCursor::getPhysicalSegments().
 *
 * Context: process context; may sleep, as reading the descriptor's device
 * addresses (IOMemoryDescriptorGetPhysicalSegment()) may.
 * Return: as IONaturalMemoryCursorGetPhysicalSegments().
 */
UInt32 IOLittleMemoryCursorGetPhysicalSegments(IOLittleMemoryCursor *cursor,
					       IOMemoryDescriptor *descriptor,
					       IOByteCount fromPosition,
					       IOLittleMemoryCursorPhysicalSegment *segments,
					       UInt32 maxSegments, UInt32 inMaxTransferSize,
					       IOByteCount *transferSize)
{
	return cursor_gen_apple(cursor, CURSOR_LITTLE, descriptor, fromPosition, segments,
				maxSegments, inMaxTransferSize, transferSize);
}
EXPORT_SYMBOL_NS_GPL(IOLittleMemoryCursorGetPhysicalSegments, IODMACMD_NS);
