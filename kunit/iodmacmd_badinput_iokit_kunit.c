// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: bad input to the porting face, one behaviour per case.
 *
 * The functions of <IOKit/IOMemoryDescriptor.h>, <IOKit/IOBufferMemoryDescriptor.h>,
 * <IOKit/IOSubMemoryDescriptor.h>, <IOKit/IOMultiMemoryDescriptor.h> and
 * <IOKit/IODMACommand.h> given NULL and error-pointer objects, offsets and
 * lengths past the end or wrapping, options iodmacmd refuses, and calls in
 * the wrong state. Each case checks the exact IOReturn (NULL for a
 * factory, 0 for a count), that the object did not change, and that a
 * valid call on it then succeeds. iodmacmd_badinput_kunit.c covers the
 * Linux face the same way.
 *
 * Suites: iodmacmd_badinput_iokit_ptr, iodmacmd_badinput_iokit_range,
 * iodmacmd_badinput_iokit_args and iodmacmd_badinput_iokit_errno.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "iodmacmd_badinput.h"
#include "iodmacmd_kunit_helpers.h"

static void md_release_action(void *md)
{
	IOMemoryDescriptorRelease(md);
}

/* Released when the test ends, however it ends. */
static IOMemoryDescriptor *test_md(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, md_release_action, md), 0);
	return md;
}

static void cmd_release_action(void *cmd)
{
	IODMACommandRelease(cmd);
}

static IODMACommand *test_cmd(struct kunit *test, IODMACommand *cmd)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cmd_release_action, cmd), 0);
	return cmd;
}

/* A factory must have failed (NULL); a descriptor made anyway is released. */
static void expect_no_md(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_EXPECT_NULL(test, md);
	if (!IS_ERR_OR_NULL(md))
		IOMemoryDescriptorRelease(md);
}

static void expect_no_cmd(struct kunit *test, IODMACommand *cmd)
{
	KUNIT_EXPECT_NULL(test, cmd);
	if (!IS_ERR_OR_NULL(cmd))
		IODMACommandRelease(cmd);
}

/* MD_LEN bytes of kmalloc memory holding a pattern. */
static IOMemoryDescriptor *kernel_md(struct kunit *test)
{
	u8 *mem = test_alloc(test, MD_LEN, 0);

	fill_pattern(mem, MD_LEN, 1);
	return test_md(test, IOMemoryDescriptorWithAddress(mem, MD_LEN, kIODirectionOutIn));
}

static IOBufferMemoryDescriptor *buffer_md(struct kunit *test)
{
	IOBufferMemoryDescriptor *md = test_md(test, IOBufferMemoryDescriptorWithCapacity(MD_LEN,
							kIODirectionOutIn, false));

	fill_pattern(IOBufferMemoryDescriptorGetBytesNoCopy(md), MD_LEN, 2);
	return md;
}

static u8 *md_snapshot(struct kunit *test, IOMemoryDescriptor *md)
{
	IOByteCount len = IOMemoryDescriptorGetLength(md);
	u8 *copy = test_alloc(test, len, 0);

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, copy, len), len);
	return copy;
}

static void expect_md_unchanged(struct kunit *test, IOMemoryDescriptor *md, const u8 *before,
				IOByteCount len)
{
	u8 *now = test_alloc(test, len, 0);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), len);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, now, len), len);
	KUNIT_EXPECT_MEMEQ(test, now, before, len);
}

/* A byte written at the end reads back; the old one is restored. */
static void expect_md_usable(struct kunit *test, IOMemoryDescriptor *md)
{
	IOByteCount last = IOMemoryDescriptorGetLength(md) - 1;
	u8 old = 0, mark = 0x3c, got = 0;

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorReadBytes(md, last, &old, 1), 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, last, &mark, 1), 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, last, &got, 1), 1);
	KUNIT_EXPECT_EQ(test, got, mark);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, last, &old, 1), 1);
}

static void expect_md_not_prepared(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone),
			kIOReturnNotReady);
}

/* An Unmapped Host64 command, with a kernel descriptor attached. */
static IODMACommand *attached_cmd(struct kunit *test, IOMemoryDescriptor **mdp)
{
	IOMemoryDescriptor *md = kernel_md(test);
	IODMACommand *cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							64, 0, kIODMAMapOptionUnmapped,
							0, 1, NULL, NULL));

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	if (mdp)
		*mdp = md;
	return cmd;
}

static void expect_not_prepared(struct kunit *test, IODMACommand *cmd)
{
	UInt64 off = SENTINEL, len = SENTINEL;

	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, &off, &len),
			kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, off, SENTINEL);
	KUNIT_EXPECT_EQ(test, len, SENTINEL);
}

static void expect_prepared(struct kunit *test, IODMACommand *cmd, UInt64 offset,
			    UInt64 length, UInt32 active)
{
	UInt64 off = SENTINEL, len = SENTINEL;

	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), active);
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, &off, &len),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, offset);
	KUNIT_EXPECT_EQ(test, len, length);
}

/* A whole cycle works: prepare, every segment, complete. */
static void expect_cmd_usable(struct kunit *test, IODMACommand *cmd)
{
	const IOMemoryDescriptor *md = IODMACommandGetMemoryDescriptor(cmd);
	IODMACommandSegment64 segs[8];
	UInt64 off = 0, total = 0;
	UInt32 n, i;

	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	while (off < IOMemoryDescriptorGetLength(md)) {
		n = ARRAY_SIZE(segs);
		KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, segs, &n),
				kIOReturnSuccess);
		for (i = 0; i < n; i++)
			total += segs[i].fLength;
	}
	KUNIT_EXPECT_EQ(test, total, IOMemoryDescriptorGetLength(md));
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_not_prepared(test, cmd);
}

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_iokit_ptr: NULL and error pointers                    */
/* ---------------------------------------------------------------------- */

static void p_IOMemoryDescriptorRetain(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	IOMemoryDescriptorRetain(bad);
	IOMemoryDescriptorRetain(md);
	IOMemoryDescriptorRelease(md);
	expect_md_usable(test, md);
}

static void p_IOMemoryDescriptorRelease(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	IOMemoryDescriptorRelease(bad);
	expect_md_usable(test, md);
}

static void p_IOMemoryDescriptorPrepare(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(bad, kIODirectionNone),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

static void p_IOMemoryDescriptorComplete(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(bad, kIODirectionNone),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	expect_md_not_prepared(test, md);
}

static void p_IOMemoryDescriptorGetLength(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bad), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), MD_LEN);
}

static void p_IOMemoryDescriptorGetDirection(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(bad), kIODirectionNone);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), kIODirectionOutIn);
}

static void p_IOMemoryDescriptorReadBytes(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);
	u8 *buf = test_alloc(test, 16, SENTINEL);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(bad, 0, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, buf, 16), 16);
}

static void p_IOMemoryDescriptorWriteBytes(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);
	u8 *buf = test_alloc(test, 16, JUNK);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(bad, 0, buf, 16), 0);
	expect_md_usable(test, md);
}

static void p_IOMemoryDescriptorGetPhysicalSegment(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);
	IOByteCount len = 1;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(bad, 0, &len,
								   kIOMemoryMapperNone), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_NE(test, IOMemoryDescriptorGetPhysicalSegment(md, 0, &len,
								   kIOMemoryMapperNone), 0);
	KUNIT_EXPECT_EQ(test, len, MD_LEN);
}

static void p_IOMemoryDescriptorGetPhysicalAddress(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(bad), 0);
	KUNIT_EXPECT_NE(test, IOMemoryDescriptorGetPhysicalAddress(md), 0);
}

static void p_IOMemoryDescriptorWithAddressRanges(struct kunit *test, void *bad)
{
	u8 *mem = test_alloc(test, 64, 0);
	IOAddressRange r = { .address = (uintptr_t)mem, .length = 64 };

	expect_no_md(test, IOMemoryDescriptorWithAddressRanges(bad, 1, kIODirectionOut,
							       kernel_task));
	test_md(test, IOMemoryDescriptorWithAddressRanges(&r, 1, kIODirectionOut, kernel_task));
}

static void p_IOMemoryDescriptorWithAddressRanges_task(struct kunit *test, void *bad)
{
	u8 *mem = test_alloc(test, 64, 0);
	IOAddressRange r = { .address = (uintptr_t)mem, .length = 64 };

	expect_no_md(test, IOMemoryDescriptorWithAddressRanges(&r, 1, kIODirectionOut, bad));
	test_md(test, IOMemoryDescriptorWithAddressRanges(&r, 1, kIODirectionOut, kernel_task));
}

static void p_IOBufferMemoryDescriptorGetBytesNoCopy(struct kunit *test, void *bad)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);

	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(bad));
	KUNIT_EXPECT_NOT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(md));
}

static void p_IOBufferMemoryDescriptorGetBytesNoCopyRange(struct kunit *test, void *bad)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);

	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bad, 0, 1));
	KUNIT_EXPECT_NOT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(md, 0, 1));
}

static void p_IOBufferMemoryDescriptorSetLength(struct kunit *test, void *bad)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);

	IOBufferMemoryDescriptorSetLength(bad, 10);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), MD_LEN);
	IOBufferMemoryDescriptorSetLength(md, 10);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 10);
}

static void p_IOBufferMemoryDescriptorGetCapacity(struct kunit *test, void *bad)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);

	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(bad), 0);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(md), MD_LEN);
}

static void p_IOBufferMemoryDescriptorAppendBytes(struct kunit *test, void *bad)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);

	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(bad, "abc", 3));
	IOBufferMemoryDescriptorSetLength(md, 0);
	KUNIT_EXPECT_TRUE(test, IOBufferMemoryDescriptorAppendBytes(md, "abc", 3));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 3);
}

static void p_IOBufferMemoryDescriptorInTaskWithOptions(struct kunit *test, void *bad)
{
	expect_no_md(test, IOBufferMemoryDescriptorInTaskWithOptions(bad, kIODirectionIn, 64, 1));
	test_md(test, IOBufferMemoryDescriptorInTaskWithOptions(kernel_task, kIODirectionIn, 64,
								1));
}

static void p_IOBufferMemoryDescriptorInTaskWithPhysicalMask(struct kunit *test, void *bad)
{
	expect_no_md(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(bad, kIODirectionIn, 64,
									  0xfffff000));
	test_md(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task, kIODirectionIn,
								     64, 0xfffff000));
}

static void p_IOSubMemoryDescriptorWithSubRange(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);

	expect_no_md(test, IOSubMemoryDescriptorWithSubRange(bad, 0, 1, kIODirectionOut));
	test_md(test, IOSubMemoryDescriptorWithSubRange(md, 0, 1, kIODirectionOut));
}

static void p_IOMultiMemoryDescriptorWithDescriptors(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *mds[1] = { kernel_md(test) };

	expect_no_md(test, IOMultiMemoryDescriptorWithDescriptors(bad, 1, kIODirectionOut,
								  false));
	test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 1, kIODirectionOut, false));
}

static void p_IOMultiMemoryDescriptorWithDescriptors_member(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *good = kernel_md(test);
	IOMemoryDescriptor *mds[2] = { good, bad };

	expect_no_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 2, kIODirectionOut,
								  false));
	expect_md_not_prepared(test, good);
	expect_md_usable(test, good);
	mds[1] = good;
	test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 2, kIODirectionOut, false));
}

static void p_IODMACommandWithSpecification(struct kunit *test, void *bad)
{
	expect_no_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							  kIODMAMapOptionUnmapped, 0, 1, bad,
							  NULL));
	test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
						     kIODMAMapOptionUnmapped, 0, 1, NULL, NULL));
}

static const IODMACommandSegmentOptions unmapped_options = {
	.fStructSize = sizeof(IODMACommandSegmentOptions),
	.fNumAddressBits = 64,
	.fAlignment = 1,
	.fAlignmentLength = 1,
	.fAlignmentInternalSegments = 1,
};

static void p_IODMACommandWithSegmentOptions(struct kunit *test, void *bad)
{
	expect_no_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, bad,
							   kIODMAMapOptionUnmapped, NULL, NULL));
	test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &unmapped_options,
						      kIODMAMapOptionUnmapped, NULL, NULL));
}

static void p_IODMACommandWithSegmentOptions_mapper(struct kunit *test, void *bad)
{
	expect_no_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64,
							   &unmapped_options,
							   kIODMAMapOptionUnmapped, bad, NULL));
	test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &unmapped_options,
						      kIODMAMapOptionUnmapped, NULL, NULL));
}

static void p_IODMACommandWeakWithSpecification(struct kunit *test, void *bad)
{
	IODMACommand *cmd = NULL;

	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(bad, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionUnmapped,
								0, 1, NULL, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionUnmapped,
								0, 1, NULL, NULL),
			kIOReturnSuccess);
	test_cmd(test, cmd);
}

static void p_IODMACommandWithDeviceAndRefCon(struct kunit *test, void *bad)
{
	expect_no_cmd(test, IODMACommandWithDeviceAndRefCon(bad, NULL));
	test_cmd(test, IODMACommandWithDeviceAndRefCon(iodmacmd_test_device(test, 64), NULL));
}

static void p_IODMACommandCloneCommand(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	expect_no_cmd(test, IODMACommandCloneCommand(bad, NULL));
	test_cmd(test, IODMACommandCloneCommand(cmd, NULL));
}

static void p_IODMACommandRelease(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	IODMACommandRelease(bad);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandRetain(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	IODMACommandRetain(bad);
	IODMACommandRetain(cmd);
	IODMACommandRelease(cmd);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandInitWithSpecification(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(bad, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionUnmapped,
								  0, 1, NULL, NULL));
}

static void p_IODMACommandInitWithSpecification_mapper(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, bad, NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionUnmapped,
								  0, 1, NULL, NULL));
}

static void p_IODMACommandInitWithSegmentOptions(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSegmentOptions(bad, kIODMACommandOutputHost64,
								    &unmapped_options,
								    kIODMAMapOptionUnmapped, NULL,
								    NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								   &unmapped_options,
								   kIODMAMapOptionUnmapped, NULL,
								   NULL));
}

static void p_IODMACommandInitWithSegmentOptions_options(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    bad, kIODMAMapOptionUnmapped,
								    NULL, NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								   &unmapped_options,
								   kIODMAMapOptionUnmapped, NULL,
								   NULL));
}

static void p_IODMACommandInitWithSegmentOptions_mapper(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &unmapped_options,
								    kIODMAMapOptionUnmapped, bad,
								    NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								   &unmapped_options,
								   kIODMAMapOptionUnmapped, NULL,
								   NULL));
}

static void p_IODMACommandInitWithRefCon(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithRefCon(bad, test));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithRefCon(cmd, test));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)test);
}

static void p_IODMACommandCreateCopyBuffer(struct kunit *test, void *bad)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							64, 0, kIODMAMapOptionMapped,
							0, 1, iodmacmd_test_device(test, 64),
							NULL));

	KUNIT_EXPECT_FALSE(test, IODMACommandCreateCopyBuffer(bad, kIODirectionOut, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut, PAGE_SIZE));
}

static void p_IODMACommandPrepareWithSpecification_mapper(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, bad, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_not_prepared(test, cmd);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandPrepareWithSpecification(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(bad,
								   kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandPrepareWithSegmentOptions(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(bad,
								    kIODMACommandOutputHost64,
								    &unmapped_options,
								    kIODMAMapOptionUnmapped, NULL,
								    0, 0, true, true),
			kIOReturnBadArgument);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandPrepareWithSegmentOptions_options(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd,
								    kIODMACommandOutputHost64,
								    bad, kIODMAMapOptionUnmapped,
								    NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_not_prepared(test, cmd);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandGetNumAddressBits(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(bad), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 64);
}

static void p_IODMACommandGetAlignment(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(bad), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
}

static void p_IODMACommandGetAlignmentLength(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(bad), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 1);
}

static void p_IODMACommandGetAlignmentInternalSegments(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(bad), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 1);
}

static void p_IODMACommandGetRefCon(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	IODMACommandSetRefCon(cmd, test);
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(bad));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)test);
}

static void p_IODMACommandSetRefCon(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	IODMACommandSetRefCon(bad, test);
	IODMACommandSetRefCon(cmd, test);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)test);
}

static void p_IODMACommandGetActive(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(bad), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
}

static void p_IODMACommandSetMemoryDescriptor(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md = kernel_md(test);
	IODMACommand *cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							64, 0, kIODMAMapOptionUnmapped,
							0, 1, NULL, NULL));

	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(bad, md, true),
			kIOReturnBadArgument);
	expect_md_not_prepared(test, md);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandSetMemoryDescriptor_mem(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md;
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, bad, true),
			kIOReturnBadArgument);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	expect_not_prepared(test, cmd);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandClearMemoryDescriptor(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md;
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(bad, true), kIOReturnBadArgument);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));
}

static void p_IODMACommandGetMemoryDescriptor(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md;
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(bad));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
}

static void p_IODMACommandGetIOMemoryDescriptor(struct kunit *test, void *bad)
{
	IOMemoryDescriptor *md;
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_EXPECT_NULL(test, IODMACommandGetIOMemoryDescriptor(bad));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetIOMemoryDescriptor(cmd), md);
}

static void p_IODMACommandPrepare(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(bad, 0, 0, true, true), kIOReturnBadArgument);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandComplete(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(bad, true, true), kIOReturnBadArgument);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandGetPreparedOffsetAndLength(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	UInt64 off = SENTINEL, len = SENTINEL;

	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparedOffsetAndLength(bad, &off, &len),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, off, SENTINEL);
	KUNIT_EXPECT_EQ(test, len, SENTINEL);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandSynchronize(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(bad, kIODirectionIn), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(bad, kForceDoubleBuffer),
			kIOReturnBadArgument);
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandReadBytes(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	u8 *buf = test_alloc(test, 16, SENTINEL);

	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(bad, 0, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandWriteBytes(struct kunit *test, void *bad)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	u8 *buf = test_alloc(test, 16, JUNK);

	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(bad, 0, buf, 16), 0);
	expect_cmd_usable(test, cmd);
}

/* The segment functions: -BadArgument, the offset and count unchanged. */
enum gen_fn { GEN_PLAIN, GEN_WITH_FUNCTION, GEN_32, GEN_64 };

static void expect_gen_bad_cmd(struct kunit *test, void *bad, enum gen_fn fn)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	IODMACommandSegment64 segs[2];
	UInt64 off = 0;
	UInt32 n = 2;
	IOReturn ret;

	memset(segs, SENTINEL, sizeof(segs));
	switch (fn) {
	case GEN_PLAIN:
		ret = IODMACommandGenIOVMSegments(bad, &off, segs, &n);
		break;
	case GEN_WITH_FUNCTION:
		ret = IODMACommandGenIOVMSegmentsWithFunction(bad, kIODMACommandOutputHost64, &off,
							      segs, &n);
		break;
	case GEN_32:
		ret = IODMACommandGen32IOVMSegments(bad, &off, (IODMACommandSegment32 *)segs, &n);
		break;
	default:
		ret = IODMACommandGen64IOVMSegments(bad, &off, segs, &n);
		break;
	}
	KUNIT_EXPECT_EQ(test, ret, kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_TRUE(test, all_bytes(segs, sizeof(segs), SENTINEL));
	expect_cmd_usable(test, cmd);
}

static void p_IODMACommandGenIOVMSegments(struct kunit *test, void *bad)
{
	expect_gen_bad_cmd(test, bad, GEN_PLAIN);
}

static void p_IODMACommandGenIOVMSegmentsWithFunction(struct kunit *test, void *bad)
{
	expect_gen_bad_cmd(test, bad, GEN_WITH_FUNCTION);
}

static void p_IODMACommandGen32IOVMSegments(struct kunit *test, void *bad)
{
	expect_gen_bad_cmd(test, bad, GEN_32);
}

static void p_IODMACommandGen64IOVMSegments(struct kunit *test, void *bad)
{
	expect_gen_bad_cmd(test, bad, GEN_64);
}

static const struct ptr_fn ptr_cases[] = {
	PTR_FN(IOMemoryDescriptorRetain),
	PTR_FN(IOMemoryDescriptorRelease),
	PTR_FN(IOMemoryDescriptorPrepare),
	PTR_FN(IOMemoryDescriptorComplete),
	PTR_FN(IOMemoryDescriptorGetLength),
	PTR_FN(IOMemoryDescriptorGetDirection),
	PTR_FN(IOMemoryDescriptorReadBytes),
	PTR_FN(IOMemoryDescriptorWriteBytes),
	PTR_FN(IOMemoryDescriptorGetPhysicalSegment),
	PTR_FN(IOMemoryDescriptorGetPhysicalAddress),
	PTR_FN(IOMemoryDescriptorWithAddressRanges),
	ERR_FN(IOMemoryDescriptorWithAddressRanges_task),
	PTR_FN(IOBufferMemoryDescriptorGetBytesNoCopy),
	PTR_FN(IOBufferMemoryDescriptorGetBytesNoCopyRange),
	PTR_FN(IOBufferMemoryDescriptorSetLength),
	PTR_FN(IOBufferMemoryDescriptorGetCapacity),
	PTR_FN(IOBufferMemoryDescriptorAppendBytes),
	ERR_FN(IOBufferMemoryDescriptorInTaskWithOptions),
	ERR_FN(IOBufferMemoryDescriptorInTaskWithPhysicalMask),
	PTR_FN(IOSubMemoryDescriptorWithSubRange),
	PTR_FN(IOMultiMemoryDescriptorWithDescriptors),
	PTR_FN(IOMultiMemoryDescriptorWithDescriptors_member),
	ERR_FN(IODMACommandWithSpecification),
	PTR_FN(IODMACommandWithSegmentOptions),
	ERR_FN(IODMACommandWithSegmentOptions_mapper),
	PTR_FN(IODMACommandWeakWithSpecification),
	ERR_FN(IODMACommandWithDeviceAndRefCon),
	PTR_FN(IODMACommandCloneCommand),
	PTR_FN(IODMACommandRelease),
	PTR_FN(IODMACommandRetain),
	PTR_FN(IODMACommandInitWithSpecification),
	ERR_FN(IODMACommandInitWithSpecification_mapper),
	PTR_FN(IODMACommandInitWithSegmentOptions),
	PTR_FN(IODMACommandInitWithSegmentOptions_options),
	ERR_FN(IODMACommandInitWithSegmentOptions_mapper),
	PTR_FN(IODMACommandInitWithRefCon),
	PTR_FN(IODMACommandCreateCopyBuffer),
	ERR_FN(IODMACommandPrepareWithSpecification_mapper),
	PTR_FN(IODMACommandPrepareWithSpecification),
	PTR_FN(IODMACommandPrepareWithSegmentOptions),
	PTR_FN(IODMACommandPrepareWithSegmentOptions_options),
	PTR_FN(IODMACommandGetNumAddressBits),
	PTR_FN(IODMACommandGetAlignment),
	PTR_FN(IODMACommandGetAlignmentLength),
	PTR_FN(IODMACommandGetAlignmentInternalSegments),
	PTR_FN(IODMACommandGetRefCon),
	PTR_FN(IODMACommandSetRefCon),
	PTR_FN(IODMACommandGetActive),
	PTR_FN(IODMACommandSetMemoryDescriptor),
	ERR_FN(IODMACommandSetMemoryDescriptor_mem),
	PTR_FN(IODMACommandClearMemoryDescriptor),
	PTR_FN(IODMACommandGetMemoryDescriptor),
	PTR_FN(IODMACommandGetIOMemoryDescriptor),
	PTR_FN(IODMACommandPrepare),
	PTR_FN(IODMACommandComplete),
	PTR_FN(IODMACommandGetPreparedOffsetAndLength),
	PTR_FN(IODMACommandSynchronize),
	PTR_FN(IODMACommandReadBytes),
	PTR_FN(IODMACommandWriteBytes),
	PTR_FN(IODMACommandGenIOVMSegments),
	PTR_FN(IODMACommandGenIOVMSegmentsWithFunction),
	PTR_FN(IODMACommandGen32IOVMSegments),
	PTR_FN(IODMACommandGen64IOVMSegments),
};

PTR_PARAMS(ptr);

static void iodmacmd_badinput_iokit_ptr_test(struct kunit *test)
{
	run_ptr_param(test);
}

static struct kunit_case iodmacmd_badinput_iokit_ptr_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_iokit_ptr_test, ptr_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_iokit_ptr_suite = {
	.name = "iodmacmd_badinput_iokit_ptr",
	.test_cases = iodmacmd_badinput_iokit_ptr_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_iokit_range: offsets and lengths                      */
/* ---------------------------------------------------------------------- */

enum md_kind { KIND_KERNEL, KIND_BUFFER, NR_KINDS };

static const char *const kind_names[NR_KINDS] = { "kernel", "buffer" };

enum range_op {
	OP_READ, OP_WRITE, OP_ZERO, OP_PHYS, OP_SUB, OP_BYTES, OP_PREPARE, NR_RANGE_OPS,
};

static const char *const range_op_names[NR_RANGE_OPS] = {
	"ReadBytes", "WriteBytes", "WriteBytes(NULL)", "GetPhysicalSegment", "WithSubRange",
	"GetBytesNoCopyRange", "IODMACommandPrepare",
};

/*
 * What each operation refuses: a physical segment takes an offset only
 * (those past the end); getBytesNoCopy(start, 0) and prepare(0, 0) are
 * valid (an empty range inside the buffer, the whole descriptor); only a
 * buffer has bytes.
 */
static bool range_applies(unsigned int kind, unsigned int op, const struct bad_range *r)
{
	switch (op) {
	case OP_PHYS:
		return r->offset >= MD_LEN;
	case OP_BYTES:
		return kind == KIND_BUFFER && r->length;
	case OP_PREPARE:
		return r->length;
	default:
		return true;
	}
}

RANGE_PARAMS(range);

static void iodmacmd_badinput_iokit_range_test(struct kunit *test)
{
	const struct range_param *p = test->param_value;
	UInt64 off = p->range->offset, len = p->range->length;
	IOMemoryDescriptor *md = p->kind == KIND_BUFFER ? buffer_md(test) : kernel_md(test);
	u8 *before = md_snapshot(test, md), *buf = test_alloc(test, 2 * MD_LEN, SENTINEL);
	IOByteCount seg = 1;
	IODMACommand *cmd;

	switch (p->op) {
	case OP_READ:
		KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, off, buf, len), 0);
		KUNIT_EXPECT_TRUE(test, all_bytes(buf, 2 * MD_LEN, SENTINEL));
		break;
	case OP_WRITE:
		memset(buf, JUNK, 2 * MD_LEN);
		KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, off, buf, len), 0);
		break;
	case OP_ZERO:
		KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, off, NULL, len), 0);
		break;
	case OP_PHYS:
		KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, off, &seg,
									   kIOMemoryMapperNone), 0);
		KUNIT_EXPECT_EQ(test, seg, 0);
		break;
	case OP_SUB:
		expect_no_md(test, IOSubMemoryDescriptorWithSubRange(md, off, len,
								     kIODirectionOutIn));
		break;
	case OP_BYTES:
		KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(md, off, len));
		break;
	case OP_PREPARE:
		cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
								   kIODMAMapOptionUnmapped, 0, 1,
								   NULL, NULL));
		KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false),
				kIOReturnSuccess);
		KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, off, len, true, true),
				kIOReturnBadArgument);
		expect_not_prepared(test, cmd);
		expect_cmd_usable(test, cmd);
		break;
	default:
		KUNIT_FAIL(test, "no operation %d", p->op);
	}
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static struct kunit_case iodmacmd_badinput_iokit_range_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_iokit_range_test, range_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_iokit_range_suite = {
	.name = "iodmacmd_badinput_iokit_range",
	.test_cases = iodmacmd_badinput_iokit_range_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_iokit_args: factories, options and state              */
/* ---------------------------------------------------------------------- */

/* A kernel range must be refused; a kmalloc one still works afterwards. */
static void expect_address_refused(struct kunit *test, mach_vm_address_t address,
				   mach_vm_size_t length, IOOptionBits options, task_t task)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_no_md(test, IOMemoryDescriptorWithAddressRange(address, length, options, task));
	test_md(test, IOMemoryDescriptorWithAddressRange((uintptr_t)mem, 64, kIODirectionOut,
							 kernel_task));
}

static void a_with_address_null(struct kunit *test)
{
	expect_no_md(test, IOMemoryDescriptorWithAddress(NULL, 64, kIODirectionOut));
	kernel_md(test);
}

/* An empty descriptor, as IOKit makes one: length 0, it prepares and completes. */
static void expect_empty_md(struct kunit *test, IOMemoryDescriptor *md)
{
	test_md(test, md);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	expect_md_not_prepared(test, md);
}

static void a_with_address_length_0(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_empty_md(test, IOMemoryDescriptorWithAddress(mem, 0, kIODirectionOut));
	test_md(test, IOMemoryDescriptorWithAddress(mem, 64, kIODirectionOut));
}

static void a_with_address_direction(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_no_md(test, IOMemoryDescriptorWithAddress(mem, 64, 0x8));
	test_md(test, IOMemoryDescriptorWithAddress(mem, 64, kIODirectionOut));
}

static void a_with_address_kernel_text(struct kunit *test)
{
	expect_address_refused(test, (uintptr_t)kfree, 64, kIODirectionOut, kernel_task);
}

static void a_with_address_vmalloc_guard(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, PAGE_SIZE);

	expect_address_refused(test, (uintptr_t)mem + PAGE_SIZE - 8, 16, kIODirectionOut,
			       kernel_task);
}

static void a_range_unknown_option(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_address_refused(test, (uintptr_t)mem, 64, kIODirectionOut | 0x1000, kernel_task);
}

static void a_range_physical_type_kernel_task(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_address_refused(test, (uintptr_t)mem, 64, kIODirectionOut | kIOMemoryTypePhysical,
			       kernel_task);
}

static void a_range_virtual_type_no_task(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_address_refused(test, buf->phys, 64, kIODirectionOut | kIOMemoryTypeVirtual, NULL);
}

static void a_range_user_task_kernel_address(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	iodmacmd_test_vm_mmap(test, PAGE_SIZE, PROT_READ);
	expect_address_refused(test, (uintptr_t)mem, 64, kIODirectionOut, current);
}

static void a_ranges_count_0(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);
	IOAddressRange r = { .address = (uintptr_t)mem, .length = 64 };

	expect_no_md(test, IOMemoryDescriptorWithAddressRanges(&r, 0, kIODirectionOut,
							       kernel_task));
	test_md(test, IOMemoryDescriptorWithAddressRanges(&r, 1, kIODirectionOut, kernel_task));
}

static void a_physical_not_ram(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_no_md(test, IOMemoryDescriptorWithPhysicalAddress(1ULL << 52, 64, kIODirectionOut));
	test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 64, kIODirectionOut));
}

static void a_physical_length_0(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_empty_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 0,
								    kIODirectionOut));
	test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 64, kIODirectionOut));
}

/* A buffer factory refused; an ordinary buffer works afterwards. */
static void expect_buffer_refused(struct kunit *test, IOBufferMemoryDescriptor *md)
{
	expect_no_md(test, md);
	buffer_md(test);
}

static void a_buffer_capacity_0(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithCapacity(0, kIODirectionIn, false));
}

static void a_buffer_contiguous_8m(struct kunit *test)
{
	/* Twice the largest page block: 8 MiB with 4 KiB pages, 64 MiB with 16 KiB. */
	vm_size_t two_blocks = 2 * (MAX_ORDER_NR_PAGES << PAGE_SHIFT);

	expect_buffer_refused(test, IOBufferMemoryDescriptorWithCapacity(two_blocks,
									 kIODirectionIn, true));
}

static void a_buffer_4t(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithCapacity(SZ_4T, kIODirectionIn,
									 false));
}

static void a_buffer_purgeable(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									kIOMemoryPurgeable,
									64, 1));
}

static void a_buffer_user_shared(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									kIOMemoryKernelUserShared,
									64, 1));
}

static void a_buffer_inhibit_cache(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									kIOMapInhibitCache,
									64, 1));
}

static void a_buffer_write_through(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									kIOMapWriteThruCache,
									64, 1));
}

static void a_buffer_write_combine(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									kIOMapWriteCombineCache,
									64, 1));
}

static void a_buffer_unknown_option(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
									0x40000000, 64, 1));
}

static void a_buffer_alignment_3(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn, 64, 3));
}

static void a_buffer_user_task(struct kunit *test)
{
	expect_buffer_refused(test, IOBufferMemoryDescriptorInTaskWithOptions(current,
									      kIODirectionIn,
									      64, 1));
}

static void a_buffer_mask_hole(struct kunit *test)
{
	IOBufferMemoryDescriptor *md;

	md = IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task, kIODirectionIn, 64,
							    0xf0f0f000);
	expect_buffer_refused(test, md);
}

static void a_sub_unknown_option(struct kunit *test)
{
	IOMemoryDescriptor *md = kernel_md(test);

	expect_no_md(test, IOSubMemoryDescriptorWithSubRange(md, 0, 1, kIODirectionOut |
							     kIOMemoryAsReference));
	expect_md_not_prepared(test, md);
	test_md(test, IOSubMemoryDescriptorWithSubRange(md, 0, 1, kIODirectionOut |
							kIOMemoryThreadSafe));
}

static void a_multi_count_0(struct kunit *test)
{
	IOMemoryDescriptor *mds[1] = { kernel_md(test) };

	expect_no_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 0, kIODirectionOut, false));
	test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 1, kIODirectionOut, false));
}

static void a_multi_direction(struct kunit *test)
{
	IOMemoryDescriptor *mds[1] = { kernel_md(test) };

	expect_no_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 1, 0x8, false));
	test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 1, kIODirectionOut, false));
}

/* A command factory refused; a valid command works afterwards. */
static void expect_command_refused(struct kunit *test, IODMACommand *cmd)
{
	expect_no_cmd(test, cmd);
	expect_cmd_usable(test, attached_cmd(test, NULL));
}

static void a_cmd_no_output(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(NULL, 64, 0,
								   kIODMAMapOptionUnmapped, 0, 1,
								   NULL, NULL));
}

static void a_cmd_alignment_3(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   3, NULL, NULL));
}

static void a_cmd_65_bits(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 65,
								   0, kIODMAMapOptionUnmapped, 0,
								   1, NULL, NULL));
}

static void a_cmd_33_bits_32_bit_output(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(kIODMACommandOutputHost32, 33,
								   0, kIODMAMapOptionUnmapped, 0,
								   1, NULL, NULL));
}

static void a_cmd_mapped_without_device(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionMapped, 0, 1,
								   NULL, NULL));
}

static void a_cmd_unknown_mapping_option(struct kunit *test)
{
	expect_command_refused(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped |
								   0x80, 0, 1, NULL, NULL));
}

static void a_cmd_segment_options_alignment(struct kunit *test)
{
	IODMACommandSegmentOptions opts = unmapped_options;

	opts.fAlignmentLength = 6;
	expect_command_refused(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64,
								    &opts, kIODMAMapOptionUnmapped,
								    NULL, NULL));
}

static void a_cmd_weak_invalid(struct kunit *test)
{
	IODMACommand *cmd = (IODMACommand *)test;

	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionUnmapped,
								0, 3, NULL, NULL),
			kIOReturnError);
	KUNIT_EXPECT_NULL(test, cmd);
	expect_cmd_usable(test, attached_cmd(test, NULL));
}

static void a_prepare_spec_while_prepared(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   8, NULL, 0, 0, true, true),
			kIOReturnNotPermitted);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_prepare_spec_other_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct device *other = iodmacmd_test_named_device(test, "iodmacmd-other", 64);
	IODMACommand *cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							64, 0, kIODMAMapOptionUnmapped,
							0, 1, dev, NULL));

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), false),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   1, other, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_not_prepared(test, cmd);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	expect_cmd_usable(test, cmd);
}

static void a_prepare_spec_invalid(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   3, NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_not_prepared(test, cmd);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	expect_cmd_usable(test, cmd);
}

static void a_init_specified(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 8, NULL, test));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	expect_cmd_usable(test, cmd);
}

static void a_init_segment_options_specified(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	IODMACommandSegmentOptions opts = unmapped_options;

	opts.fAlignment = 8;
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts, kIODMAMapOptionUnmapped,
								    NULL, test));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	expect_cmd_usable(test, cmd);
}

static void a_init_refcon_specified(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithRefCon(cmd, test));
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	expect_cmd_usable(test, cmd);
}

/* A command with a descriptor but no specification: init is refused too. */
static void a_init_with_descriptor(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionUnmapped,
								  0, 1, NULL, NULL));
}

static void a_init_other_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct device *other = iodmacmd_test_named_device(test, "iodmacmd-other", 64);
	IODMACommand *cmd = test_cmd(test, IODMACommandWithDeviceAndRefCon(dev, NULL));

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, other, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionMapped,
								  0, 1, dev, NULL));
}

static void a_init_alignment_3(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 3, NULL, test));
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionUnmapped,
								  0, 4, NULL, test));
}

/* This module binds no provider: a NULL mapper has nothing to stand for. */
static void a_init_mapped_without_provider(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &unmapped_options,
								    kIODMAMapOptionNonCoherent,
								    NULL, NULL));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								   &unmapped_options,
								   kIODMAMapOptionUnmapped, NULL,
								   NULL));
}

static void a_prepare_spec_mapped_without_provider(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandWithRefCon(NULL));

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), false),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionMapped, 0,
								   1, NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	expect_not_prepared(test, cmd);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

/* A Mapped command on a 64-bit KUnit device, for the copy-buffer refusals. */
static IODMACommand *copy_cmd(struct kunit *test, UInt32 mapping_options, UInt64 max_transfer)
{
	return test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							    mapping_options, max_transfer, 1,
							    iodmacmd_test_device(test, 64), NULL));
}

/* A refused copy buffer leaves no bounce memory; a valid one is then made. */
static void expect_copy_refused(struct kunit *test, IODMACommand *cmd, IODirection dir,
				UInt64 length)
{
	KUNIT_EXPECT_FALSE(test, IODMACommandCreateCopyBuffer(cmd, dir, length));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
}

static void a_copy_unspecified(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test,
				     IODMACommandWithDeviceAndRefCon(iodmacmd_test_device(test, 64),
								     NULL));

	expect_copy_refused(test, cmd, kIODirectionOut, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), false),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionMapped, 0,
								   1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut, PAGE_SIZE));
}

static void a_copy_prepared(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped, 0);

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), true),
			kIOReturnSuccess);
	expect_copy_refused(test, cmd, kIODirectionOut, PAGE_SIZE);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut, PAGE_SIZE));
	expect_cmd_usable(test, cmd);
}

static void a_copy_iterate_only(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped | kIODMAMapOptionIterateOnly, 0);

	expect_copy_refused(test, cmd, kIODirectionOut, PAGE_SIZE);
}

static void a_copy_length_0(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped, 0);

	expect_copy_refused(test, cmd, kIODirectionOut, 0);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut, 1));
}

static void a_copy_beyond_max_transfer(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped, PAGE_SIZE);

	expect_copy_refused(test, cmd, kIODirectionOut, PAGE_SIZE + 1);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut, PAGE_SIZE));
}

static void a_copy_length_u64_max(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped, 0);

	expect_copy_refused(test, cmd, kIODirectionInOut, U64_MAX);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionInOut, PAGE_SIZE));
}

static void a_copy_unknown_direction(struct kunit *test)
{
	IODMACommand *cmd = copy_cmd(test, kIODMAMapOptionMapped, 0);

	expect_copy_refused(test, cmd, kIODirectionPrepareToPhys32 | kIODirectionOut, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionNone, PAGE_SIZE));
}

/* A command without a device has nowhere to allocate bounce memory. */
static void a_copy_no_device(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	expect_copy_refused(test, cmd, kIODirectionOut, PAGE_SIZE);
	expect_cmd_usable(test, cmd);
}

/* Releasing a retained prepared command keeps it prepared for the other holder. */
static void a_release_retained_prepared(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	IODMACommandRetain(cmd);
	IODMACommandRelease(cmd);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_prepare_without_md(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							64, 0, kIODMAMapOptionUnmapped,
							0, 1, NULL, NULL));

	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
	expect_not_prepared(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), false),
			kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_complete_unprepared(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnNotReady);
	expect_cmd_usable(test, cmd);
}

static void a_gen_unprepared(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	IODMACommandSegment64 segs[2];
	UInt64 off = 0;
	UInt32 n = 2;

	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, segs, &n), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, n, 2);
	expect_cmd_usable(test, cmd);
}

static void a_gen_unspecified(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandWithRefCon(NULL));
	IODMACommandSegment64 segs[2];
	UInt64 off = 0;
	UInt32 n = 2;

	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, segs, &n), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, kernel_md(test), false),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd,
								   kIODMACommandOutputHost64, 64,
								   0, kIODMAMapOptionUnmapped, 0,
								   1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

/* One bad argument of genIOVMSegments on a prepared command. */
static void expect_gen_refused(struct kunit *test, bool null_offset, UInt32 num, UInt64 at,
			       IOReturn err)
{
	IODMACommand *cmd = attached_cmd(test, NULL);
	IODMACommandSegment64 segs[2];
	UInt64 off = at;
	UInt32 n = num;

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	memset(segs, SENTINEL, sizeof(segs));
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, null_offset ? NULL : &off, segs,
							  &n), err);
	KUNIT_EXPECT_EQ(test, off, at);
	KUNIT_EXPECT_EQ(test, n, num);
	KUNIT_EXPECT_TRUE(test, all_bytes(segs, sizeof(segs), SENTINEL));
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_gen_no_room(struct kunit *test)
{
	expect_gen_refused(test, false, 0, 0, kIOReturnBadArgument);
}

static void a_gen_null_offset(struct kunit *test)
{
	expect_gen_refused(test, true, 2, 0, kIOReturnBadArgument);
}

static void a_gen_at_end(struct kunit *test)
{
	expect_gen_refused(test, false, 2, MD_LEN, kIOReturnOverrun);
}

static void a_gen_past_end(struct kunit *test)
{
	expect_gen_refused(test, false, 2, U64_MAX, kIOReturnOverrun);
}

static void a_sync_in_and_out(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn | kIODirectionOut),
			kIOReturnBadArgument);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_sync_unprepared(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer), kIOReturnNotReady);
	expect_cmd_usable(test, cmd);
}

static void a_sync_force_nested(struct kunit *test)
{
	IODMACommand *cmd = attached_cmd(test, NULL);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer), kIOReturnBusy);
	expect_prepared(test, cmd, 0, MD_LEN, 2);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_set_md_while_prepared(struct kunit *test)
{
	IOMemoryDescriptor *md, *other = kernel_md(test);
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, other, true), kIOReturnBusy);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_clear_while_prepared(struct kunit *test)
{
	IOMemoryDescriptor *md;
	IODMACommand *cmd = attached_cmd(test, &md);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, false), kIOReturnNotReady);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	expect_prepared(test, cmd, 0, MD_LEN, 1);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	expect_cmd_usable(test, cmd);
}

static void a_md_complete_unprepared(struct kunit *test)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

static void a_md_prepare_unknown_bits(struct kunit *test)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, 0x100), kIOReturnBadArgument);
	expect_md_not_prepared(test, md);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionPrepareNoFault),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionCompleteWithError),
			kIOReturnSuccess);
}

static void a_buffer_set_length_over_capacity(struct kunit *test)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);
	u8 *before = md_snapshot(test, md);

	IOBufferMemoryDescriptorSetLength(md, MD_LEN + 1);
	expect_md_unchanged(test, md, before, MD_LEN);
	IOBufferMemoryDescriptorSetLength(md, U64_MAX);
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static void a_buffer_append_past_capacity(struct kunit *test)
{
	IOBufferMemoryDescriptor *md = buffer_md(test);
	u8 *bytes = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	u8 *whole = test_alloc(test, MD_LEN, 0);

	IOBufferMemoryDescriptorSetLength(md, MD_LEN - 10);
	memcpy(whole, bytes, MD_LEN);
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(md, "0123456789a", 11));
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(md, NULL, U64_MAX));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), MD_LEN - 10);
	KUNIT_EXPECT_MEMEQ(test, bytes, whole, MD_LEN);
	KUNIT_EXPECT_TRUE(test, IOBufferMemoryDescriptorAppendBytes(md, "0123456789", 10));
}

static void a_bytes_no_copy_range_not_buffer(struct kunit *test)
{
	IOMemoryDescriptor *md = kernel_md(test);

	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(md));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(md, 0, 1));
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(md), 0);
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(md, "x", 1));
	IOBufferMemoryDescriptorSetLength(md, 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), MD_LEN);
	expect_md_usable(test, md);
}

/* Issue 10 item 8 through writeBytes(): Out user memory is read-only. */
static void a_user_out_write_bytes(struct kunit *test)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, PAGE_SIZE, PROT_READ | PROT_WRITE);
	u8 *in = test_alloc(test, 64, 0), *now = test_alloc(test, 64, 0);
	IOMemoryDescriptor *md;

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	fill_pattern(in, 64, 3);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, in, 64), 0);
	md = test_md(test, IOMemoryDescriptorWithAddressRange(addr, 64, kIODirectionOut, current));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 0, "junk", 4), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, now, 64), 64);
	KUNIT_EXPECT_MEMEQ(test, now, in, 64);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, copy_from_user(now, (void __user *)addr, 64), 0);
	KUNIT_EXPECT_MEMEQ(test, now, in, 64);
}

static const struct fn_case args_cases[] = {
	{ "WithAddress: NULL", a_with_address_null },
	{ "WithAddress: length 0 (an empty descriptor)", a_with_address_length_0 },
	{ "WithAddress: unknown direction bits", a_with_address_direction },
	{ "WithAddress: kernel text", a_with_address_kernel_text },
	{ "WithAddress: into a vmalloc guard page", a_with_address_vmalloc_guard },
	{ "WithAddressRange: an unknown option", a_range_unknown_option },
	{ "WithAddressRange: physical type, kernel_task", a_range_physical_type_kernel_task },
	{ "WithAddressRange: virtual type, no task", a_range_virtual_type_no_task },
	{ "WithAddressRange: a kernel address in a user task", a_range_user_task_kernel_address },
	{ "WithAddressRanges: no ranges", a_ranges_count_0 },
	{ "WithPhysicalAddress: not RAM", a_physical_not_ram },
	{ "WithPhysicalAddress: length 0 (an empty descriptor)", a_physical_length_0 },
	{ "Buffer WithCapacity: 0", a_buffer_capacity_0 },
	{ "Buffer WithCapacity: contiguous, two page blocks", a_buffer_contiguous_8m },
	{ "Buffer WithCapacity: 4 TiB", a_buffer_4t },
	{ "Buffer WithOptions: purgeable", a_buffer_purgeable },
	{ "Buffer WithOptions: kernel-user shared", a_buffer_user_shared },
	{ "Buffer WithOptions: inhibit cache", a_buffer_inhibit_cache },
	{ "Buffer WithOptions: write-through", a_buffer_write_through },
	{ "Buffer WithOptions: write-combine", a_buffer_write_combine },
	{ "Buffer WithOptions: an unknown option", a_buffer_unknown_option },
	{ "Buffer WithOptions: alignment 3", a_buffer_alignment_3 },
	{ "Buffer InTaskWithOptions: a user task", a_buffer_user_task },
	{ "Buffer InTaskWithPhysicalMask: a hole in the mask", a_buffer_mask_hole },
	{ "Sub: an option it does not take", a_sub_unknown_option },
	{ "Multi: no members", a_multi_count_0 },
	{ "Multi: unknown direction bits", a_multi_direction },
	{ "Command: no output function", a_cmd_no_output },
	{ "Command: alignment 3", a_cmd_alignment_3 },
	{ "Command: 65 address bits", a_cmd_65_bits },
	{ "Command: 33 bits with a 32-bit output", a_cmd_33_bits_32_bit_output },
	{ "Command: Mapped without a device", a_cmd_mapped_without_device },
	{ "Command: an unknown mapping option", a_cmd_unknown_mapping_option },
	{ "Command: SegmentOptions length alignment 6", a_cmd_segment_options_alignment },
	{ "Command: weakWithSpecification refused", a_cmd_weak_invalid },
	{ "PrepareWithSpecification while prepared", a_prepare_spec_while_prepared },
	{ "PrepareWithSpecification: another device", a_prepare_spec_other_device },
	{ "PrepareWithSpecification: alignment 3", a_prepare_spec_invalid },
	{ "PrepareWithSpecification: Mapped, no provider", a_prepare_spec_mapped_without_provider },
	{ "InitWithSpecification: already specified", a_init_specified },
	{ "InitWithSegmentOptions: already specified", a_init_segment_options_specified },
	{ "InitWithRefCon: already specified", a_init_refcon_specified },
	{ "InitWithSpecification: a descriptor attached", a_init_with_descriptor },
	{ "InitWithSpecification: another device", a_init_other_device },
	{ "InitWithSpecification: alignment 3", a_init_alignment_3 },
	{ "InitWithSegmentOptions: NonCoherent, no provider", a_init_mapped_without_provider },
	{ "CreateCopyBuffer: no specification", a_copy_unspecified },
	{ "CreateCopyBuffer: prepared", a_copy_prepared },
	{ "CreateCopyBuffer: IterateOnly", a_copy_iterate_only },
	{ "CreateCopyBuffer: length 0", a_copy_length_0 },
	{ "CreateCopyBuffer: past the maximum transfer", a_copy_beyond_max_transfer },
	{ "CreateCopyBuffer: length U64_MAX", a_copy_length_u64_max },
	{ "CreateCopyBuffer: unknown direction bits", a_copy_unknown_direction },
	{ "CreateCopyBuffer: no device", a_copy_no_device },
	{ "Release of a retained prepared command", a_release_retained_prepared },
	{ "Prepare without a descriptor", a_prepare_without_md },
	{ "Complete without prepare", a_complete_unprepared },
	{ "GenIOVMSegments when not prepared", a_gen_unprepared },
	{ "GenIOVMSegments without a specification", a_gen_unspecified },
	{ "GenIOVMSegments: no room", a_gen_no_room },
	{ "GenIOVMSegments: NULL offset", a_gen_null_offset },
	{ "GenIOVMSegments: at the end", a_gen_at_end },
	{ "GenIOVMSegments: offset U64_MAX", a_gen_past_end },
	{ "Synchronize: In with Out", a_sync_in_and_out },
	{ "Synchronize when not prepared", a_sync_unprepared },
	{ "Synchronize: force under a nested prepare", a_sync_force_nested },
	{ "SetMemoryDescriptor while prepared", a_set_md_while_prepared },
	{ "ClearMemoryDescriptor while prepared", a_clear_while_prepared },
	{ "IOMemoryDescriptorComplete without prepare", a_md_complete_unprepared },
	{ "IOMemoryDescriptorPrepare: unknown bits", a_md_prepare_unknown_bits },
	{ "Buffer SetLength above capacity", a_buffer_set_length_over_capacity },
	{ "Buffer AppendBytes past capacity", a_buffer_append_past_capacity },
	{ "Buffer functions on another kind", a_bytes_no_copy_range_not_buffer },
	{ "WriteBytes into Out user memory", a_user_out_write_bytes },
};

KUNIT_ARRAY_PARAM(args, args_cases, fn_case_desc);

static void iodmacmd_badinput_iokit_args_test(struct kunit *test)
{
	const struct fn_case *c = test->param_value;

	c->run(test);
}

static struct kunit_case iodmacmd_badinput_iokit_args_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_iokit_args_test, args_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_iokit_args_suite = {
	.name = "iodmacmd_badinput_iokit_args",
	.test_cases = iodmacmd_badinput_iokit_args_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_iokit_errno: IOService::errnoFromReturn()             */
/* ---------------------------------------------------------------------- */

#define UNIX_ERR_CASE(e)	{ "unix_err(" #e ")", e }

/* Issue 10 item 12: the errnos that ride in unix_err() come back as they went. */
static const struct errno_case errno_cases[] = {
	UNIX_ERR_CASE(EINTR),
	UNIX_ERR_CASE(ERESTARTSYS),
	UNIX_ERR_CASE(EAGAIN),
	UNIX_ERR_CASE(EREMOTEIO),
	UNIX_ERR_CASE(ERESTARTNOINTR),
	UNIX_ERR_CASE(ERESTARTNOHAND),
	UNIX_ERR_CASE(ERESTART_RESTARTBLOCK),
};

KUNIT_ARRAY_PARAM(errno, errno_cases, errno_case_desc);

static void iodmacmd_badinput_iokit_errno_unix_err(struct kunit *test)
{
	const struct errno_case *c = test->param_value;
	IOReturn ioret = unix_err(c->err);
	char undefined[sizeof("0xffffffff (UNDEFINED)")];

	KUNIT_EXPECT_EQ(test, iodmacmd_errno_to_ioreturn(-c->err), ioret);
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(ioret), c->err);
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(ioret), -c->err);
	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_name(ioret), c->name);
	/* Apple has no message for a unix_err(): IOFindNameForValue()'s text. */
	snprintf(undefined, sizeof(undefined), "0x%x (UNDEFINED)", 0xc000 | c->err);
	KUNIT_EXPECT_STREQ(test, IOServiceStringFromReturn(ioret), undefined);
}

/* Apple's own codes keep Apple's errno: the table is not bent to round-trip. */
static void iodmacmd_badinput_iokit_errno_apple_codes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(kIOReturnAborted), EBUSY);
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(kIOReturnDMAError), EIO);
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(kIOReturnBusy), EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_errno_to_ioreturn(-ECANCELED), kIOReturnAborted);
}

/* unix_err(0) is no error code and beyond MAX_ERRNO is no Linux errno. */
static void iodmacmd_badinput_iokit_errno_not_errno(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(unix_err(0)), EIO);
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(unix_err(MAX_ERRNO + 1)), EIO);
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(unix_err(ENOENT)), ENOENT);
}

static struct kunit_case iodmacmd_badinput_iokit_errno_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_iokit_errno_unix_err, errno_gen_params),
	KUNIT_CASE(iodmacmd_badinput_iokit_errno_apple_codes),
	KUNIT_CASE(iodmacmd_badinput_iokit_errno_not_errno),
	{}
};

static struct kunit_suite iodmacmd_badinput_iokit_errno_suite = {
	.name = "iodmacmd_badinput_iokit_errno",
	.test_cases = iodmacmd_badinput_iokit_errno_cases,
};

kunit_test_suites(&iodmacmd_badinput_iokit_ptr_suite, &iodmacmd_badinput_iokit_range_suite,
		  &iodmacmd_badinput_iokit_args_suite, &iodmacmd_badinput_iokit_errno_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's IOKit face given bad input");
IODMACMD_IMPORT_NS();
