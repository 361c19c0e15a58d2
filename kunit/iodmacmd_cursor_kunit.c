// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the memory cursors, <IOKit/IOMemoryCursor.h> (through
 * Apple's names, as a ported driver calls them) and <iodmacmd/cursor.h>.
 *
 * The descriptors are unprepared kernel, physical, page-array, buffer, sub
 * and multi descriptors with no device, so the cursor's segments carry CPU
 * physical addresses, which the tests know: a physically contiguous buffer
 * from the helpers, and vmalloc pages looked up one by one. User memory,
 * prepared with no device, is compared with what
 * IOMemoryDescriptorGetPhysicalSegment() says.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/vmalloc.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IOMemoryCursor.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "iodmacmd_kunit_helpers.h"

/* The contiguous buffer: 16 pages (order 4). */
#define BUF_ORDER	4
#define BUF_LEN		(PAGE_SIZE << BUF_ORDER)
/* A segment size that is not a page multiple. */
#define ODD_SEG		5000
/* What an output argument holds before the call must write it. */
#define UNWRITTEN	0xdeadbeefULL

static void md_release_action(void *md)
{
	IOMemoryDescriptorRelease(md);
}

static IOMemoryDescriptor *test_md(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, md_release_action, md), 0);
	return md;
}

static void cursor_release_action(void *cursor)
{
	IOMemoryCursorRelease(cursor);
}

static IOMemoryCursor *test_cursor(struct kunit *test, IOMemoryCursor *cursor)
{
	KUNIT_ASSERT_NOT_NULL(test, cursor);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cursor_release_action, cursor), 0);
	return cursor;
}

static IONaturalMemoryCursor *natural(struct kunit *test, IOPhysicalLength max_segment_size,
				      IOPhysicalLength max_transfer_size)
{
	return test_cursor(test, IONaturalMemoryCursorWithSpecification(max_segment_size,
									max_transfer_size, 1));
}

static IOMemoryDescriptor *phys_md(struct kunit *test, IOPhysicalAddress phys, IOByteCount len)
{
	return test_md(test, IOMemoryDescriptorWithPhysicalAddress(phys, len, kIODirectionOutIn));
}

/* The contiguous buffer and a physical descriptor over all of it. */
static IOMemoryDescriptor *contig_md(struct kunit *test, struct iodmacmd_test_buf **bufp)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, BUF_ORDER);

	*bufp = buf;
	return phys_md(test, buf->phys, BUF_LEN);
}

/* A 64-bit field read byte by byte, most or least significant byte first. */
static u64 bytes_be(const void *field)
{
	const u8 *b = field;
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static u64 bytes_le(const void *field)
{
	const u8 *b = field;
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* One segment's two fields, in host order. */
static void expect_seg(struct kunit *test, const IOPhysicalSegment *seg, u64 location,
		       u64 length)
{
	KUNIT_EXPECT_EQ(test, seg->location, location);
	KUNIT_EXPECT_EQ(test, seg->length, length);
}

#define EXPECT_SEG(test, seg, loc, len)	expect_seg(test, &(seg), loc, len)

/* IOPhysicalSegment is Apple's {location, length}, two 64-bit fields. */
static void cursor_segment_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(IOPhysicalSegment), 16);
	KUNIT_EXPECT_EQ(test, offsetof(IOPhysicalSegment, location), 0);
	KUNIT_EXPECT_EQ(test, offsetof(IOPhysicalSegment, length), 8);
	KUNIT_EXPECT_EQ(test, sizeof(IOBigMemoryCursorPhysicalSegment), 16);
}

/* Contiguous memory is cut at maxSegmentSize, the last segment shorter. */
static void cursor_splits_at_max_segment_size(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, ODD_SEG, 0);
	/* 32 with 4 KiB pages: the buffer is counted in pages. */
	const u32 room = 32 * (PAGE_SIZE / SZ_4K);
	IONaturalMemoryCursorPhysicalSegment *segs = kunit_kcalloc(test, room, sizeof(*segs),
								   GFP_KERNEL);
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;
	const u64 n = DIV_ROUND_UP(BUF_LEN, ODD_SEG);
	u64 i;

	KUNIT_ASSERT_NOT_NULL(test, segs);
	KUNIT_ASSERT_LT(test, n, room);
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, room, 0,
								       &transfer), n);
	KUNIT_EXPECT_EQ(test, transfer, BUF_LEN);
	for (i = 0; i < n - 1; i++)
		EXPECT_SEG(test, segs[i], buf->phys + i * ODD_SEG, ODD_SEG);
	EXPECT_SEG(test, segs[n - 1], buf->phys + (n - 1) * ODD_SEG, BUF_LEN - (n - 1) * ODD_SEG);
}

/* A maxSegmentSize of 0 means no limit (IOKit would cut length-0 segments). */
static void cursor_zero_max_segment_size_is_unlimited(struct kunit *test)
{
	IOMemoryCursor *cursor =
		test_cursor(test, IOMemoryCursorWithSpecification(naturalOutputSegment, 0, 0, 1));
	IOPhysicalSegment segs[4] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_ASSERT_EQ(test, IOMemoryCursorGenPhysicalSegments(cursor, md, 0, segs, 4, 0,
								&transfer), 1);
	EXPECT_SEG(test, segs[0], buf->phys, BUF_LEN);
	KUNIT_EXPECT_EQ(test, transfer, BUF_LEN);
}

/* The cursor's maxTransferSize ends a call that passes 0, mid-segment. */
static void cursor_stops_at_cursor_max_transfer(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, SZ_4K, 10000);
	IONaturalMemoryCursorPhysicalSegment segs[8] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 8, 0,
								       &transfer), 3);
	KUNIT_EXPECT_EQ(test, transfer, 10000);
	EXPECT_SEG(test, segs[0], buf->phys, SZ_4K);
	EXPECT_SEG(test, segs[1], buf->phys + SZ_4K, SZ_4K);
	EXPECT_SEG(test, segs[2], buf->phys + SZ_8K, 10000 - SZ_8K);
}

/* A call's maxTransferSize wins over the cursor's, smaller or larger. */
static void cursor_call_max_transfer_overrides_cursor(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 0, SZ_4K);
	IONaturalMemoryCursorPhysicalSegment segs[2] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 2,
								       3 * SZ_4K, &transfer), 1);
	EXPECT_SEG(test, segs[0], buf->phys, 3 * SZ_4K);
	KUNIT_EXPECT_EQ(test, transfer, 3 * SZ_4K);

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 100, segs, 2,
								       1000, &transfer), 1);
	EXPECT_SEG(test, segs[0], buf->phys + 100, 1000);
	KUNIT_EXPECT_EQ(test, transfer, 1000);
}

/*
 * Pieces the descriptor gives separately are merged when physically
 * contiguous, and only then: ranges 0-8K and 8K-12K of the buffer merge,
 * a range at 14K does not follow them.
 */
static void cursor_coalesces_contiguous_pieces(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, BUF_ORDER);
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[4] = {};
	IOMemoryDescriptor *parts[3], *md;
	IOByteCount transfer = UNWRITTEN;

	parts[0] = phys_md(test, buf->phys, SZ_8K);
	parts[1] = phys_md(test, buf->phys + SZ_8K, SZ_4K);
	parts[2] = phys_md(test, buf->phys + 14 * SZ_1K, SZ_1K);
	md = test_md(test, IOMultiMemoryDescriptorWithDescriptors(parts, 3, kIODirectionOutIn,
								  false));

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4, 0,
								       &transfer), 2);
	EXPECT_SEG(test, segs[0], buf->phys, 3 * SZ_4K);
	EXPECT_SEG(test, segs[1], buf->phys + 14 * SZ_1K, SZ_1K);
	KUNIT_EXPECT_EQ(test, transfer, 13 * SZ_1K);
}

/* Page-array pages out of physical order merge only where they follow. */
static void cursor_page_array_merges_in_order(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, BUF_ORDER);
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[4] = {};
	IOByteCount transfer = UNWRITTEN;
	struct page *pages[4];
	IOMemoryDescriptor *md;

	pages[0] = buf->page;
	pages[1] = buf->page + 1;
	pages[2] = buf->page + 3;
	pages[3] = buf->page + 2;
	md = test_md(test, iodmacmd_md_create_pages(pages, 4, 0, 4 * PAGE_SIZE,
						    IODMACMD_DIR_INOUT));

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4, 0,
								       &transfer), 3);
	EXPECT_SEG(test, segs[0], buf->phys, 2 * PAGE_SIZE);
	EXPECT_SEG(test, segs[1], buf->phys + 3 * PAGE_SIZE, PAGE_SIZE);
	EXPECT_SEG(test, segs[2], buf->phys + 2 * PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, transfer, 4 * PAGE_SIZE);
}

/* IONaturalMemoryCursor writes both fields in host byte order. */
static void cursor_natural_output_is_host_order(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 3000, 0);
	IONaturalMemoryCursorPhysicalSegment segs[2] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);

	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 8, segs, 2,
								       5000, NULL), 2);
	EXPECT_SEG(test, segs[0], buf->phys + 8, 3000);
	EXPECT_SEG(test, segs[1], buf->phys + 3008, 2000);
}

/* IOBigMemoryCursor writes both fields most significant byte first. */
static void cursor_big_output_is_big_endian(struct kunit *test)
{
	IOBigMemoryCursor *cursor =
		test_cursor(test, IOBigMemoryCursorWithSpecification(3000, 0, 1));
	IOBigMemoryCursorPhysicalSegment segs[2] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);

	KUNIT_ASSERT_EQ(test, IOBigMemoryCursorGetPhysicalSegments(cursor, md, 8, segs, 2, 5000,
								   NULL), 2);
	KUNIT_EXPECT_EQ(test, bytes_be(&segs[0].location), buf->phys + 8);
	KUNIT_EXPECT_EQ(test, bytes_be(&segs[0].length), 3000);
	KUNIT_EXPECT_EQ(test, bytes_be(&segs[1].location), buf->phys + 3008);
	KUNIT_EXPECT_EQ(test, bytes_be(&segs[1].length), 2000);
	/* The last byte of a big-endian 3000 is 3000 & 0xff. */
	KUNIT_EXPECT_EQ(test, ((u8 *)&segs[0].length)[7], 3000 & 0xff);
}

/* IOLittleMemoryCursor writes both fields least significant byte first. */
static void cursor_little_output_is_little_endian(struct kunit *test)
{
	IOLittleMemoryCursor *cursor =
		test_cursor(test, IOLittleMemoryCursorWithSpecification(3000, 0, 1));
	IOLittleMemoryCursorPhysicalSegment segs[2] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);

	KUNIT_ASSERT_EQ(test, IOLittleMemoryCursorGetPhysicalSegments(cursor, md, 8, segs, 2, 5000,
								      NULL), 2);
	KUNIT_EXPECT_EQ(test, bytes_le(&segs[0].location), buf->phys + 8);
	KUNIT_EXPECT_EQ(test, bytes_le(&segs[0].length), 3000);
	KUNIT_EXPECT_EQ(test, bytes_le(&segs[1].location), buf->phys + 3008);
	KUNIT_EXPECT_EQ(test, bytes_le(&segs[1].length), 2000);
	KUNIT_EXPECT_EQ(test, ((u8 *)&segs[0].length)[0], 3000 & 0xff);
}

/*
 * maxSegments ends a call with the bytes of the segments written; the
 * next call resumes at fromPosition + transferSize, inside a cut segment.
 */
static void cursor_max_segments_then_resume(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, ODD_SEG, 0);
	IONaturalMemoryCursorPhysicalSegment segs[2] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount pos = 0, transfer = UNWRITTEN;
	const u64 nsegs = DIV_ROUND_UP(BUF_LEN, ODD_SEG);
	u32 calls = 0, n, i;

	while ((n = IONaturalMemoryCursorGetPhysicalSegments(cursor, md, pos, segs, 2, 0,
							     &transfer)) > 0) {
		u64 expect_n = min_t(u64, 2, nsegs - 2 * calls), bytes = 0;

		KUNIT_ASSERT_EQ(test, n, expect_n);
		for (i = 0; i < n; i++) {
			EXPECT_SEG(test, segs[i], buf->phys + pos + bytes,
				   min_t(u64, ODD_SEG, BUF_LEN - pos - bytes));
			bytes += segs[i].length;
		}
		KUNIT_EXPECT_EQ(test, transfer, bytes);
		pos += transfer;
		calls++;
	}
	KUNIT_EXPECT_EQ(test, calls, DIV_ROUND_UP(nsegs, 2));
	KUNIT_EXPECT_EQ(test, pos, BUF_LEN);
	KUNIT_EXPECT_EQ(test, transfer, 0);
}

/* A call at or past the end writes nothing, returns 0 and transferSize 0. */
static void cursor_from_position_at_end(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[1] = { { UNWRITTEN, UNWRITTEN } };
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, BUF_LEN, segs, 1,
								       0, &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	transfer = UNWRITTEN;
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, BUF_LEN + 1,
								       segs, 1, 0, &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	EXPECT_SEG(test, segs[0], UNWRITTEN, UNWRITTEN);
	/* The last byte is one segment. */
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, BUF_LEN - 1,
								       segs, 1, 0, &transfer), 1);
	EXPECT_SEG(test, segs[0], buf->phys + BUF_LEN - 1, 1);
}

/* maxSegments 0 writes nothing; transferSize is 0 (IOKit leaves it). */
static void cursor_zero_max_segments(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[1] = { { UNWRITTEN, UNWRITTEN } };
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 0, 0,
								       &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	EXPECT_SEG(test, segs[0], UNWRITTEN, UNWRITTEN);
}

/* A NULL or error-pointer cursor: 0, nothing written. */
static void cursor_bad_cursor(struct kunit *test)
{
	IONaturalMemoryCursorPhysicalSegment segs[1] = { { UNWRITTEN, UNWRITTEN } };
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(NULL, md, 0, segs, 1, 0,
								       &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryCursorGenPhysicalSegments(ERR_PTR(-ENOMEM), md, 0, segs, 1, 0,
								NULL), 0);
	EXPECT_SEG(test, segs[0], UNWRITTEN, UNWRITTEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(NULL, md, 0, segs, 1, 0, NULL), -EINVAL);
	KUNIT_EXPECT_FALSE(test, IONaturalMemoryCursorInitWithSpecification(NULL, 0, 0, 1));
	/* Releasing nothing is a no-op, as OSSafeReleaseNULL. */
	IOMemoryCursorRelease(NULL);
	IOMemoryCursorRelease(ERR_PTR(-EINVAL));
}

/* A NULL or error-pointer descriptor: 0, and the cursor still works. */
static void cursor_bad_descriptor(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[1] = { { UNWRITTEN, UNWRITTEN } };
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, NULL, 0, segs, 1, 0,
								       &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, ERR_PTR(-EINVAL), 0,
								       segs, 1, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(cursor, ERR_PTR(-EINVAL), 0, segs, 1, 0, NULL),
			-EINVAL);
	EXPECT_SEG(test, segs[0], UNWRITTEN, UNWRITTEN);
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 1, 0,
								       NULL), 1);
	EXPECT_SEG(test, segs[0], buf->phys, BUF_LEN);
}

/* A built-in output function refuses a NULL or error-pointer array. */
static void cursor_bad_segments(struct kunit *test)
{
	IOBigMemoryCursor *cursor = test_cursor(test, IOBigMemoryCursorWithSpecification(0, 0, 1));
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IOBigMemoryCursorGetPhysicalSegments(cursor, md, 0, NULL, 1, 0,
								   &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryCursorGenPhysicalSegments(cursor, md, 0, ERR_PTR(-ENOMEM), 1,
								0, NULL), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(cursor, md, 0, NULL, 1, 0, NULL), -EINVAL);
	/* Called directly, the function leaves NULL alone. */
	bigOutputSegment((IOPhysicalSegment) { 1, 2 }, NULL, 0);
}

/* A typed call on a cursor of another class is refused, not misformatted. */
static void cursor_wrong_class(struct kunit *test)
{
	IOBigMemoryCursor *cursor = test_cursor(test, IOBigMemoryCursorWithSpecification(0, 0, 1));
	IOPhysicalSegment segs[1] = { { UNWRITTEN, UNWRITTEN } };
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);

	KUNIT_EXPECT_EQ(test, IOLittleMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 1, 0,
								      NULL), 0);
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 1, 0,
								       NULL), 0);
	KUNIT_EXPECT_FALSE(test, IOLittleMemoryCursorInitWithSpecification(cursor, 0, 0, 1));
	EXPECT_SEG(test, segs[0], UNWRITTEN, UNWRITTEN);
	/* The base class's call takes any cursor. */
	KUNIT_EXPECT_EQ(test, IOMemoryCursorGenPhysicalSegments(cursor, md, 0, segs, 1, 0, NULL),
			1);
	KUNIT_EXPECT_EQ(test, bytes_be(&segs[0].location), buf->phys);
}

/* Factories refuse a NULL function and a transfer limit above 4 GiB - 1. */
static void cursor_bad_specification(struct kunit *test)
{
	struct iodmacmd_cursor *lc;

	KUNIT_EXPECT_NULL(test, IOMemoryCursorWithSpecification(NULL, 0, 0, 1));
	KUNIT_EXPECT_NULL(test, IONaturalMemoryCursorWithSpecification(0, (u64)U32_MAX + 1, 1));
	lc = iodmacmd_cursor_create(NULL, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(lc), -EINVAL);
	lc = iodmacmd_cursor_create(iodmacmd_cursor_output_natural, 0, (2 * SZ_4G), 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(lc), -EINVAL);
	/* The largest limit is taken. */
	test_cursor(test, IONaturalMemoryCursorWithSpecification(0, U32_MAX, 1));
}

/* A refused initWithSpecification leaves the cursor as it was. */
static void cursor_init_with_specification(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, SZ_4K, 0);
	IONaturalMemoryCursorPhysicalSegment segs[4] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);

	KUNIT_EXPECT_FALSE(test, IONaturalMemoryCursorInitWithSpecification(cursor, SZ_1K,
									    2 * SZ_4G, 1));
	KUNIT_EXPECT_FALSE(test, IOMemoryCursorInitWithSpecification(cursor, NULL, SZ_1K, 0, 1));
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4,
								       SZ_8K, NULL), 2);
	EXPECT_SEG(test, segs[1], buf->phys + SZ_4K, SZ_4K);

	KUNIT_EXPECT_TRUE(test, IONaturalMemoryCursorInitWithSpecification(cursor, SZ_1K, 0, 1));
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4,
								       SZ_8K, NULL), 4);
	EXPECT_SEG(test, segs[3], buf->phys + 3 * SZ_1K, SZ_1K);
}

/* What a custom output function records: segments is opaque to the cursor. */
struct recorder {
	u32 calls;
	u32 last_index;
	IOPhysicalSegment last;
};

static void record_segment(IOPhysicalSegment segment, void *segments, UInt32 index)
{
	struct recorder *rec = segments;

	rec->calls++;
	rec->last_index = index;
	rec->last = segment;
}

/* The base class hands segments and the array pointer to any function. */
static void cursor_custom_output_function(struct kunit *test)
{
	IOMemoryCursor *cursor = test_cursor(test, IOMemoryCursorWithSpecification(record_segment,
										  SZ_4K, 0, 1));
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	struct recorder rec = {};
	IOByteCount transfer = UNWRITTEN;

	KUNIT_EXPECT_EQ(test, IOMemoryCursorGenPhysicalSegments(cursor, md, 0, &rec, 3, 0,
								&transfer), 3);
	KUNIT_EXPECT_EQ(test, rec.calls, 3);
	KUNIT_EXPECT_EQ(test, rec.last_index, 2);
	EXPECT_SEG(test, rec.last, buf->phys + SZ_8K, SZ_4K);
	KUNIT_EXPECT_EQ(test, transfer, 3 * SZ_4K);
}

/* A sub-descriptor's segments start at its offset in the parent. */
static void cursor_sub_descriptor(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, SZ_4K, 0);
	IONaturalMemoryCursorPhysicalSegment segs[4] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *parent = contig_md(test, &buf);
	IOMemoryDescriptor *md;
	IOByteCount transfer = UNWRITTEN;

	md = test_md(test, IOSubMemoryDescriptorWithSubRange(parent, 1000, 9000,
							     kIODirectionOutIn));
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4, 0,
								       &transfer), 3);
	EXPECT_SEG(test, segs[0], buf->phys + 1000, SZ_4K);
	EXPECT_SEG(test, segs[1], buf->phys + 1000 + SZ_4K, SZ_4K);
	EXPECT_SEG(test, segs[2], buf->phys + 1000 + SZ_8K, 9000 - SZ_8K);
	KUNIT_EXPECT_EQ(test, transfer, 9000);
}

/* A multi-descriptor's members follow one another in their order. */
static void cursor_multi_descriptor(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, BUF_ORDER);
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[4] = {};
	IOMemoryDescriptor *parts[2], *md;
	IOByteCount transfer = UNWRITTEN;

	parts[0] = phys_md(test, buf->phys + SZ_8K, SZ_4K);
	parts[1] = phys_md(test, buf->phys, 100);
	md = test_md(test, IOMultiMemoryDescriptorWithDescriptors(parts, 2, kIODirectionOutIn,
								  false));
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 4, 0,
								       &transfer), 2);
	EXPECT_SEG(test, segs[0], buf->phys + SZ_8K, SZ_4K);
	EXPECT_SEG(test, segs[1], buf->phys, 100);
	KUNIT_EXPECT_EQ(test, transfer, SZ_4K + 100);
}

/* A contiguous IOBufferMemoryDescriptor is one segment at its address. */
static void cursor_buffer_descriptor(struct kunit *test)
{
	IONaturalMemoryCursor *cursor = natural(test, 0, 0);
	IONaturalMemoryCursorPhysicalSegment segs[2] = {};
	IOByteCount transfer = UNWRITTEN;
	IOMemoryDescriptor *md;
	void *va;

	md = test_md(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOutIn |
							       kIOMemoryPhysicallyContiguous,
							       3 * PAGE_SIZE, PAGE_SIZE));
	va = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 2, 0,
								       &transfer), 1);
	EXPECT_SEG(test, segs[0], virt_to_phys(va), 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, transfer, 3 * PAGE_SIZE);
}

/* vmalloc memory: each page-sized segment is that page's address. */
static void cursor_vmalloc_descriptor(struct kunit *test)
{
	const u32 nr = 8;
	u8 *va = iodmacmd_test_vmalloc(test, nr * PAGE_SIZE);
	IONaturalMemoryCursor *cursor = natural(test, PAGE_SIZE, 0);
	IONaturalMemoryCursorPhysicalSegment segs[8] = {};
	IOByteCount transfer = UNWRITTEN;
	IOMemoryDescriptor *md;
	u32 i;

	md = test_md(test, IOMemoryDescriptorWithAddress(va, nr * PAGE_SIZE, kIODirectionOutIn));
	KUNIT_ASSERT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, nr, 0,
								       &transfer), nr);
	for (i = 0; i < nr; i++)
		EXPECT_SEG(test, segs[i], page_to_phys(vmalloc_to_page(va + i * PAGE_SIZE)),
			   PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, transfer, nr * PAGE_SIZE);
}

/*
 * User memory has no address until prepared: the call stops there (IOKit
 * asserts), and covers the memory once the descriptor is prepared.
 */
static void cursor_user_memory_needs_prepare(struct kunit *test)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	IONaturalMemoryCursor *cursor = natural(test, PAGE_SIZE, 0);
	IONaturalMemoryCursorPhysicalSegment segs[2] = {};
	IOByteCount transfer = UNWRITTEN, len = 0;
	IOMemoryDescriptor *md;

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	md = test_md(test, IOMemoryDescriptorWithAddressRange(addr, 2 * PAGE_SIZE,
							      kIODirectionOutIn, current));
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 2, 0,
								       &transfer), 0);
	KUNIT_EXPECT_EQ(test, transfer, 0);

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionOutIn), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IONaturalMemoryCursorGetPhysicalSegments(cursor, md, 0, segs, 2, 0,
								       &transfer), 2);
	KUNIT_EXPECT_EQ(test, transfer, 2 * PAGE_SIZE);
	EXPECT_SEG(test, segs[0], IOMemoryDescriptorGetPhysicalSegment(md, 0, &len, 0), PAGE_SIZE);
	EXPECT_SEG(test, segs[1], IOMemoryDescriptorGetPhysicalSegment(md, PAGE_SIZE, &len, 0),
		   PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionOutIn), kIOReturnSuccess);
}

/* The Linux face: the same walk, counts and -errno. */
static void cursor_linux_face(struct kunit *test)
{
	struct iodmacmd_cursor *cursor;
	struct iodmacmd_cursor_segment segs[4] = {};
	struct iodmacmd_test_buf *buf;
	IOMemoryDescriptor *md = contig_md(test, &buf);
	u64 transfer = UNWRITTEN;

	cursor = iodmacmd_cursor_create(iodmacmd_cursor_output_little, SZ_4K, SZ_8K, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cursor);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cursor_release_action, cursor), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(cursor, md, SZ_4K, segs, 4, 0, &transfer), 2);
	KUNIT_EXPECT_EQ(test, bytes_le(&segs[1].location), buf->phys + SZ_8K);
	KUNIT_EXPECT_EQ(test, transfer, SZ_8K);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_set_spec(cursor, NULL, 0, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_set_spec(cursor, iodmacmd_cursor_output_natural,
						       0, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(cursor, md, 0, segs, 4, 0, &transfer), 1);
	EXPECT_SEG(test, segs[0], buf->phys, BUF_LEN);
	/* A second reference keeps the cursor alive past one put. */
	iodmacmd_cursor_get(cursor);
	iodmacmd_cursor_put(cursor);
	KUNIT_EXPECT_EQ(test, iodmacmd_cursor_gen(cursor, md, 0, segs, 4, 0, NULL), 1);
}

static struct kunit_case iodmacmd_cursor_test_cases[] = {
	KUNIT_CASE(cursor_segment_layout),
	KUNIT_CASE(cursor_splits_at_max_segment_size),
	KUNIT_CASE(cursor_zero_max_segment_size_is_unlimited),
	KUNIT_CASE(cursor_stops_at_cursor_max_transfer),
	KUNIT_CASE(cursor_call_max_transfer_overrides_cursor),
	KUNIT_CASE(cursor_coalesces_contiguous_pieces),
	KUNIT_CASE(cursor_page_array_merges_in_order),
	KUNIT_CASE(cursor_natural_output_is_host_order),
	KUNIT_CASE(cursor_big_output_is_big_endian),
	KUNIT_CASE(cursor_little_output_is_little_endian),
	KUNIT_CASE(cursor_max_segments_then_resume),
	KUNIT_CASE(cursor_from_position_at_end),
	KUNIT_CASE(cursor_zero_max_segments),
	KUNIT_CASE(cursor_bad_cursor),
	KUNIT_CASE(cursor_bad_descriptor),
	KUNIT_CASE(cursor_bad_segments),
	KUNIT_CASE(cursor_wrong_class),
	KUNIT_CASE(cursor_bad_specification),
	KUNIT_CASE(cursor_init_with_specification),
	KUNIT_CASE(cursor_custom_output_function),
	KUNIT_CASE(cursor_sub_descriptor),
	KUNIT_CASE(cursor_multi_descriptor),
	KUNIT_CASE(cursor_buffer_descriptor),
	KUNIT_CASE(cursor_vmalloc_descriptor),
	KUNIT_CASE(cursor_user_memory_needs_prepare),
	KUNIT_CASE(cursor_linux_face),
	{}
};

static struct kunit_suite iodmacmd_cursor_test_suite = {
	.name = "iodmacmd_cursor",
	.test_cases = iodmacmd_cursor_test_cases,
};

kunit_test_suite(iodmacmd_cursor_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's memory cursors (IOMemoryCursor)");
IODMACMD_IMPORT_NS();
