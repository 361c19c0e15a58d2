// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the Apple-named face, <IOKit/IODMACommand.h> and
 * <IOKit/IOMemoryDescriptor.h>, called only through Apple's names, as a
 * ported driver calls them: every function, the exact IOReturn of every
 * error path, and the behaviour of the behaviour spec's examples.
 *
 * Segment tests use Unmapped commands over physically contiguous buffers,
 * so the expected bus addresses are known exactly.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>

#include "iodmacmd_kunit_helpers.h"

static void md_release_action(void *md)
{
	IOMemoryDescriptorRelease(md);
}

/* Releases the descriptor when the test ends, however it ends. */
static IOMemoryDescriptor *test_md(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, md_release_action, md), 0);
	return md;
}

static void cmd_release_action(void *cmd)
{
	IODMACommandRelease(cmd);
}

static IODMACommand *test_cmd(struct kunit *test, IODMACommand *cmd)
{
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cmd_release_action, cmd), 0);
	return cmd;
}

/* An Unmapped Host64 command, IOKit's eight-argument form. */
static IODMACommand *host64_cmd(struct kunit *test, UInt64 max_segment_size,
				UInt64 max_transfer_size, void *refcon)
{
	return test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 0,
							    max_segment_size,
							    kIODMAMapOptionUnmapped,
							    max_transfer_size, 1, NULL, refcon));
}

/* --- types and constants --- */

static void iodmacmd_iokit_test_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(IODMACommandSegment32), 8);
	KUNIT_EXPECT_EQ(test, sizeof(IODMACommandSegment64), 16);
	KUNIT_EXPECT_EQ(test, sizeof(IOAddressRange), 16);
	KUNIT_EXPECT_EQ(test, sizeof(IOPhysicalAddress), 8);
	KUNIT_EXPECT_EQ(test, sizeof(IOByteCount), 8);
	KUNIT_EXPECT_EQ(test, sizeof(SInt8), 1);
	KUNIT_EXPECT_EQ(test, sizeof(UInt16), 2);
	KUNIT_EXPECT_EQ(test, sizeof(SInt32), 4);
	KUNIT_EXPECT_EQ(test, sizeof(UInt64), 8);
	KUNIT_EXPECT_EQ(test, sizeof(Boolean), 1);

	KUNIT_EXPECT_EQ(test, kIODirectionNone, 0);
	KUNIT_EXPECT_EQ(test, kIODirectionIn, 1);
	KUNIT_EXPECT_EQ(test, kIODirectionOut, 2);
	KUNIT_EXPECT_EQ(test, kIODirectionOutIn, 3);
	KUNIT_EXPECT_EQ(test, kIODirectionInOut, 3);
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionMask, 7);

	KUNIT_EXPECT_EQ(test, kIODMAMapOptionMapped, 0x0);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionBypassed, 0x1);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionNonCoherent, 0x2);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionUnmapped, 0x3);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionTypeMask, 0xf);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionNoCacheStore, 0x10);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionOnChip, 0x20);
	KUNIT_EXPECT_EQ(test, kIODMAMapOptionIterateOnly, 0x40);
	KUNIT_EXPECT_EQ(test, kForceDoubleBuffer, 0x01000000);
	KUNIT_EXPECT_EQ(test, kIODMACommandForceDoubleBuffer, 0x01000000);

	KUNIT_EXPECT_EQ(test, kIOMemoryTypeMask, 0xf0);
	KUNIT_EXPECT_EQ(test, kIOMemoryAsReference, 0x100);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapperNone, 0x800);
	KUNIT_EXPECT_EQ(test, kIOMemoryThreadSafe, 0x100000);

	KUNIT_EXPECT_PTR_EQ(test, kernel_task, &init_task);
	KUNIT_EXPECT_PTR_NE(test, kernel_task, current);
}

/* --- creation and the specification --- */

/* The eight-argument form: length alignment 1, internal = alignment. */
static void iodmacmd_iokit_test_with_specification(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommand *cmd;
	int cookie;

	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 40, 0x1000,
							   kIODMAMapOptionUnmapped, 0, 64,
							   NULL, &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 40);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 64);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 64);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));
	IODMACommandSetRefCon(cmd, NULL);
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));

	/* 0 address bits: 32 with a 32-bit output, else 0 for unlimited. */
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost32, 0, 0,
							   kIODMAMapOptionUnmapped, 0, 1,
							   NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 32);
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputBig32, 0, 0,
							   kIODMAMapOptionUnmapped, 0, 1,
							   NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 32);
	cmd = host64_cmd(test, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 0);
	/* Alignment 0 means 1. */
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputBig64, 0, 0,
							   kIODMAMapOptionUnmapped, 0, 0,
							   NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 1);

	/* Factories return NULL for an invalid specification. */
	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(NULL, 0, 0, kIODMAMapOptionUnmapped,
							      0, 1, NULL, NULL));
	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(kIODMACommandOutputHost64,
							      PAGE_SHIFT - 1, 0,
							      kIODMAMapOptionUnmapped, 0, 1,
							      NULL, NULL));
	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(kIODMACommandOutputLittle32, 33, 0,
							      kIODMAMapOptionUnmapped, 0, 1,
							      NULL, NULL));
	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 0, 0,
							      kIODMAMapOptionUnmapped, 0, 24,
							      NULL, NULL));
	/* A Mapped command maps for a device: IOKit's NULL mapper is refused. */
	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 0, 0,
							      kIODMAMapOptionMapped, 0, 1,
							      NULL, NULL));
	test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputLittle64, 64, 0,
						     kIODMAMapOptionMapped, 0, 1, dev, NULL));
}

static void iodmacmd_iokit_test_with_segment_options(struct kunit *test)
{
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fNumAddressBits = 48,
		.fMaxSegmentSize = 0x10000,
		.fMaxTransferSize = 0x100000,
		.fAlignment = 8,
		.fAlignmentLength = 4,
		.fAlignmentInternalSegments = 0x1000,
	};
	IODMACommand *cmd;
	int cookie;

	cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							    kIODMAMapOptionUnmapped, NULL,
							    &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 48);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 8);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 4);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 0x1000);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);

	/* 0 for the internal alignment means fAlignment. */
	opts.fAlignmentInternalSegments = 0;
	cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							    kIODMAMapOptionUnmapped |
							    kIODMAMapOptionNoCacheStore |
							    kIODMAMapOptionOnChip, NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 8);

	KUNIT_EXPECT_NULL(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, NULL,
							       kIODMAMapOptionUnmapped, NULL,
							       NULL));
	opts.fAlignmentLength = 3;
	KUNIT_EXPECT_NULL(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							       kIODMAMapOptionUnmapped, NULL,
							       NULL));
	opts.fAlignmentLength = 4;
	KUNIT_EXPECT_NULL(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							       4, NULL, NULL));
}

/* IOKit's cloneCommand() swaps the two newer alignments; ours must not. */
static void iodmacmd_iokit_test_clone_keeps_alignments(struct kunit *test)
{
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fNumAddressBits = 40,
		.fMaxSegmentSize = 0x10000,
		.fAlignment = 8,
		.fAlignmentLength = 4,
		.fAlignmentInternalSegments = 0x1000,
	};
	IODMACommand *cmd, *clone;
	int cookie;

	cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							    kIODMAMapOptionUnmapped, NULL, NULL));
	clone = test_cmd(test, IODMACommandCloneCommand(cmd, &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(clone), 40);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(clone), 8);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(clone), 4);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(clone), 0x1000);
	KUNIT_EXPECT_NE(test, IODMACommandGetAlignmentLength(clone), 0x1000);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(clone), (void *)&cookie);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(clone));
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(clone), 0);

	/* A command without a specification clones into another one. */
	cmd = test_cmd(test, IODMACommandWithRefCon(NULL));
	clone = test_cmd(test, IODMACommandCloneCommand(cmd, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(clone), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(clone, 0, 0, true, true), kIOReturnNotReady);
}

static void iodmacmd_iokit_test_weak_with_specification(struct kunit *test)
{
	static int sentinel;
	IODMACommand *cmd;
	int cookie;

	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(NULL, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionUnmapped,
								0, 1, NULL, NULL),
			kIOReturnBadArgument);
	/* An init failure is kIOReturnError, and *newCommand NULL. */
	cmd = (IODMACommand *)&sentinel;
	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(&cmd, NULL, 64, 0,
								kIODMAMapOptionUnmapped,
								0, 1, NULL, NULL),
			kIOReturnError);
	KUNIT_EXPECT_NULL(test, cmd);
	cmd = (IODMACommand *)&sentinel;
	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								0, 0, kIODMAMapOptionMapped,
								0, 1, NULL, NULL),
			kIOReturnError);
	KUNIT_EXPECT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								64, 0x1000,
								kIODMAMapOptionUnmapped,
								0, 16, NULL, &cookie),
			kIOReturnSuccess);
	test_cmd(test, cmd);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 16);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
}

/* withRefCon(): no specification until prepareWithSpecification(). */
static void iodmacmd_iokit_test_with_refcon(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fAlignmentLength = 512,
	};
	IODMACommandSegment64 seg[2];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 2;
	int cookie;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	cmd = test_cmd(test, IODMACommandWithRefCon(&cookie));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 1);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnNotReady);

	/* Without a device only the physical types can be specified. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionMapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	/* The device cannot change after creation. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionUnmapped,
								   0, 1, dev, 0, 0, true, true),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	/* A prepared command cannot change its specification. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnNotPermitted);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts,
								    kIODMAMapOptionUnmapped,
								    NULL, 0, 0, true, true),
			kIOReturnNotPermitted);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, buf->phys);
	KUNIT_EXPECT_EQ(test, seg[0].fLength, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    NULL,
								    kIODMAMapOptionUnmapped,
								    NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts,
								    kIODMAMapOptionUnmapped,
								    dev, 0, 0, true, true),
			kIOReturnBadArgument);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts,
								    kIODMAMapOptionUnmapped,
								    NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 512);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
}

/* The Linux addition: a device at creation, a Mapped type later. */
static void iodmacmd_iokit_test_with_device_and_refcon(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommandSegment64 seg[8];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off, total;
	UInt32 n, i;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 2 * PAGE_SIZE,
								 kIODirectionOutIn));
	cmd = test_cmd(test, IODMACommandWithDeviceAndRefCon(dev, NULL));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, PAGE_SIZE,
								   kIODMAMapOptionMapped, 0, 1,
								   dev, 0, 0, true, true),
			kIOReturnSuccess);
	off = 0;
	n = ARRAY_SIZE(seg);
	KUNIT_ASSERT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, 2 * PAGE_SIZE);
	for (i = 0, total = 0; i < n; i++) {
		KUNIT_EXPECT_LE(test, seg[i].fLength, PAGE_SIZE);
		total += seg[i].fLength;
	}
	KUNIT_EXPECT_EQ(test, total, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	/* NULL, IOKit's default mapper, stands for the command's device. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* --- the prepare / complete state machine --- */

static void iodmacmd_iokit_test_state_errors(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fMaxTransferSize = PAGE_SIZE,
		.fAlignmentLength = 512,
	};
	IOMemoryDescriptor *md, *other;
	UInt64 off, len;
	IODMACommand *cmd;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 2 * PAGE_SIZE,
								 kIODirectionOutIn));
	other = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								    kIODirectionIn));
	cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							    kIODMAMapOptionUnmapped, NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, &off, &len),
			kIOReturnNotReady);
	/* No descriptor yet. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetIOMemoryDescriptor(cmd), md);
	/* Longer than maxTransferSize (strictly). */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, PAGE_SIZE + 512, true, true),
			kIOReturnNoSpace);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNoSpace);
	/* Not a multiple of alignmentLength. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 1000, true, true), kIOReturnNotAligned);
	/* Past the descriptor's end (IOKit does not check). */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 2 * PAGE_SIZE, 512, true, true),
			kIOReturnBadArgument);
	/* Failed prepares roll back (IOKit leaves fActive raised). */
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);

	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0x200, 0x400, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0x200, 0x400, false, false),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 2);
	/* A nested prepare must name the same range. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0x400, true, true), kIOReturnNotReady);
	KUNIT_ASSERT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, &off, &len),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, 0x200);
	KUNIT_EXPECT_EQ(test, len, 0x400);
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, NULL, NULL),
			kIOReturnSuccess);

	/* Another descriptor while prepared. */
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, other, true), kIOReturnBusy);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, false), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, false), kIOReturnSuccess);

	/* Auto-prepare; re-attaching without it completes every level. */
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, other, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, other, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, other, false), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), other);
	/* A failed automatic prepare detaches again. */
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnNoSpace);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));
}

/* --- genIOVMSegments --- */

static void iodmacmd_iokit_test_gen_errors(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	IODMACommandSegment64 seg[2] = { { .fIOVMAddr = 0x55, .fLength = 0x66 } };
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 2;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	cmd = host64_cmd(test, 0, 0, NULL);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	/* Not prepared. */
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
			kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegmentsWithFunction(cmd,
								      kIODMACommandOutputHost64,
								      &off, seg, &n),
			kIOReturnNotReady);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);

	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, NULL, seg, &n),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, NULL, &n),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegmentsWithFunction(cmd, NULL, &off, seg, &n),
			kIOReturnBadArgument);
	n = 0;
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, off, 0);

	/* At the end, and beyond: Overrun, *offset and *numSegments untouched. */
	off = PAGE_SIZE;
	n = 2;
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnOverrun);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, n, 2);
	off = PAGE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
			kIOReturnOverrun);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE + 1);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, 0x55);
	KUNIT_EXPECT_EQ(test, seg[0].fLength, 0x66);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
}

static void low_pages_free(void *page)
{
	__free_pages(page, 1);
}

/* Two contiguous pages below 4 GiB, where a 32-bit output can reach them. */
static phys_addr_t low_pages(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, 1);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, low_pages_free, page), 0);
	if (page_to_phys(page) + 2 * PAGE_SIZE - 1 > U32_MAX)
		kunit_skip(test, "no memory below 4 GiB");
	return page_to_phys(page);
}

/* gen32IOVMSegments() with the Host32 output: 8-byte Segment32 entries. */
static void iodmacmd_iokit_test_gen32_host32(struct kunit *test)
{
	phys_addr_t phys = low_pages(test);
	IODMACommandSegment32 seg32[4];
	IODMACommandSegment64 seg64[4];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = ARRAY_SIZE(seg32);

	memset(seg32, 0xa5, sizeof(seg32));
	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(phys + 0x100, PAGE_SIZE + 0x100,
								 kIODirectionOutIn));
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost32, 0,
							   PAGE_SIZE, kIODMAMapOptionUnmapped,
							   0, 1, NULL, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 32);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGen32IOVMSegments(cmd, &off, seg32, &n),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, seg32[0].fIOVMAddr, (u32)(phys + 0x100));
	KUNIT_EXPECT_EQ(test, seg32[0].fLength, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, seg32[1].fIOVMAddr, (u32)(phys + PAGE_SIZE + 0x100));
	KUNIT_EXPECT_EQ(test, seg32[1].fLength, 0x100);
	KUNIT_EXPECT_EQ(test, seg32[2].fIOVMAddr, 0xa5a5a5a5);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE + 0x100);

	/* Another output function for one call: 16-byte Segment64 entries. */
	off = 0;
	n = ARRAY_SIZE(seg64);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegmentsWithFunction(cmd,
								      kIODMACommandOutputHost64,
								      &off, seg64, &n),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, seg64[0].fIOVMAddr, phys + 0x100);
	KUNIT_EXPECT_EQ(test, seg64[1].fLength, 0x100);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

struct split_case {
	const char *name;
	bool segment_options;	/* else the eight-argument form (internal = 1) */
	UInt32 nsegs;
	u64 expect[3][2];	/* offset from the buffer, length */
};

/* The splitting example of the behaviour spec, section 5. */
static const struct split_case split_cases[] = {
	{ "SegmentOptions, internal 0x1000", true, 3,
	  { { 0x1800, 0x800 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 } } },
	{ "withSpecification, alignment 1", false, 2,
	  { { 0x1800, 0x1000 }, { 0x2800, 0x1000 } } },
};

static void split_case_desc(const struct split_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(split, split_cases, split_case_desc);

static void iodmacmd_iokit_test_split_example(struct kunit *test)
{
	const struct split_case *c = test->param_value;
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 3);
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fMaxSegmentSize = 0x1000,
		.fAlignment = 1,
		.fAlignmentInternalSegments = 0x1000,
	};
	IODMACommandSegment64 seg[4];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = ARRAY_SIZE(seg), i;

	/* A run at 0x1800 of a 32 KiB aligned buffer, 0x2000 long. */
	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys + 0x1800, 0x2000,
								 kIODirectionOutIn));
	if (c->segment_options)
		cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64,
								    &opts,
								    kIODMAMapOptionUnmapped,
								    NULL, NULL));
	else
		cmd = host64_cmd(test, 0x1000, 0, NULL);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, n, c->nsegs);
	for (i = 0; i < c->nsegs; i++) {
		KUNIT_EXPECT_EQ_MSG(test, seg[i].fIOVMAddr - buf->phys, c->expect[i][0],
				    "segment %u", i);
		KUNIT_EXPECT_EQ_MSG(test, seg[i].fLength, c->expect[i][1], "segment %u", i);
	}
	KUNIT_EXPECT_EQ(test, off, 0x2000);
	/* The transfer is done: Overrun, nothing touched. */
	n = ARRAY_SIZE(seg);
	KUNIT_EXPECT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
			kIOReturnOverrun);
	KUNIT_EXPECT_EQ(test, n, ARRAY_SIZE(seg));
	KUNIT_EXPECT_EQ(test, off, 0x2000);

	/* One slot at a time gives the same segments. */
	for (off = 0, i = 0; off < 0x2000 && i < c->nsegs; i++) {
		n = 1;
		KUNIT_ASSERT_EQ(test, IODMACommandGen64IOVMSegments(cmd, &off, seg, &n),
				kIOReturnSuccess);
		KUNIT_EXPECT_EQ(test, n, 1);
		KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr - buf->phys, c->expect[i][0]);
		KUNIT_EXPECT_EQ(test, off, c->expect[i][0] + c->expect[i][1] - 0x1800);
	}
	KUNIT_EXPECT_EQ(test, off, 0x2000);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

static bool refuse_second(IODMACommand *cmd, IODMACommandSegment64 seg, void *segments,
			  UInt32 index)
{
	if (index == 1)
		return false;
	return kIODMACommandOutputHost64(cmd, seg, segments, index);
}

/* A refusing output: MessageTooLarge, earlier entries written, nothing else. */
static void iodmacmd_iokit_test_output_refuses(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	IODMACommandSegment64 seg[4] = {};
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = ARRAY_SIZE(seg);

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 3 * PAGE_SIZE,
								 kIODirectionOut));
	cmd = host64_cmd(test, PAGE_SIZE, 0, NULL);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegmentsWithFunction(cmd, refuse_second, &off,
								      seg, &n),
			kIOReturnMessageTooLarge);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, n, ARRAY_SIZE(seg));
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, buf->phys);
	KUNIT_EXPECT_EQ(test, seg[1].fLength, 0);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* --- IOMemoryDescriptor --- */

static void iodmacmd_iokit_test_md_kernel(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 256, GFP_KERNEL);
	u8 in[16], out[16];
	IOMemoryDescriptor *md;
	IOByteCount len;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, 256, kIODirectionOutIn));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 256);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), kIODirectionOutIn);

	memcpy(in, "0123456789abcdef", sizeof(in));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 16, in, sizeof(in)), sizeof(in));
	KUNIT_EXPECT_MEMEQ(test, mem + 16, in, sizeof(in));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 16, out, sizeof(out)), sizeof(out));
	KUNIT_EXPECT_MEMEQ(test, out, in, sizeof(in));
	/* Nothing is copied unless the whole range is inside. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 250, out, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 256, in, 1), 0);
	/* A NULL source writes zeros. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 16, NULL, 16), 16);
	KUNIT_EXPECT_EQ(test, mem[16] | mem[31], 0);

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, 8, &len,
								   kIOMemoryMapperNone),
			virt_to_phys(mem + 8));
	KUNIT_EXPECT_EQ(test, len, 248);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, 256, &len, 0), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(md), virt_to_phys(mem));

	/* prepare() and complete() nest; the prepare/complete flags are accepted. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionOut |
							kIODirectionPrepareNoFault |
							kIODirectionPrepareNonCoherent |
							kIODirectionPrepareToPhys32),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, 0x1000), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionCompleteWithDataValid),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionCompleteWithError),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnNotReady);

	/* Retain and release balance; the test's own release frees it. */
	IOMemoryDescriptorRetain(md);
	IOMemoryDescriptorRelease(md);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 256);

	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddress(mem, 0, kIODirectionOut));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddress(mem, 256, 0x10));
}

/* The task picks the kind: kernel_task virtual, NULL physical, others not yet. */
static void iodmacmd_iokit_test_md_address_range(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	u8 *mem = kunit_kzalloc(test, 512, GFP_KERNEL);
	IOAddressRange r[2] = {
		{ .address = buf->phys, .length = 0x800 },
		{ .address = buf->phys + PAGE_SIZE, .length = 0x800 },
	};
	u8 in[4] = { 1, 2, 3, 4 };
	IOMemoryDescriptor *md;
	IOByteCount len;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = test_md(test, IOMemoryDescriptorWithAddressRange((uintptr_t)mem, 512,
							      kIODirectionOut |
							      kIOMemoryAsReference |
							      kIOMemoryThreadSafe,
							      kernel_task));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 512);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), kIODirectionOut);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(md), virt_to_phys(mem));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 100, in, 4), 4);
	KUNIT_EXPECT_MEMEQ(test, mem + 100, in, 4);

	md = test_md(test, IOMemoryDescriptorWithAddressRange(buf->phys, PAGE_SIZE,
							      kIODirectionIn |
							      kIOMemoryMapperNone, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(md), buf->phys);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 8, in, 4), 4);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)buf->va + 8, in, 4);

	/* A type given with the options must agree with the task. */
	test_md(test, IOMemoryDescriptorWithAddressRange(buf->phys, PAGE_SIZE,
							 kIODirectionInOut |
							 kIOMemoryTypePhysical64, NULL));
	test_md(test, IOMemoryDescriptorWithAddressRange((uintptr_t)mem, 512,
							 kIODirectionOut | kIOMemoryTypeVirtual,
							 kernel_task));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRange(buf->phys, PAGE_SIZE,
								   kIODirectionIn |
								   kIOMemoryTypeVirtual, NULL));
	/* Options with an effect iodmacmd does not provide are refused. */
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRange(buf->phys, PAGE_SIZE,
								   kIODirectionIn | 0x1000, NULL));
	/* User tasks are not supported yet. */
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRange((uintptr_t)mem, 512,
								   kIODirectionOut, current));

	md = test_md(test, IOMemoryDescriptorWithAddressRanges(r, 2, kIODirectionOutIn, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 0x1000);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, 0x400, &len,
								   kIOMemoryMapperNone),
			buf->phys + 0x400);
	KUNIT_EXPECT_EQ(test, len, 0x400);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, 0x800, &len,
								   kIOMemoryMapperNone),
			buf->phys + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, len, 0x800);
	/* Physical descriptors count prepares too. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);

	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRanges(r, 0, kIODirectionIn, NULL));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 0,
								      kIODirectionIn));
}

/* The usual IOKit sequence, end to end, over kernel memory. */
static void iodmacmd_iokit_test_usual_sequence(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	IODMACommandSegment64 seg[4];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = ARRAY_SIZE(seg);

	md = test_md(test, IOMemoryDescriptorWithAddress((u8 *)buf->va + 0x10, PAGE_SIZE,
							 kIODirectionOut));
	cmd = host64_cmd(test, 0, 0, NULL);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, buf->phys + 0x10);
	KUNIT_EXPECT_EQ(test, seg[0].fLength, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

static struct kunit_case iodmacmd_iokit_test_cases[] = {
	KUNIT_CASE(iodmacmd_iokit_test_constants),
	KUNIT_CASE(iodmacmd_iokit_test_with_specification),
	KUNIT_CASE(iodmacmd_iokit_test_with_segment_options),
	KUNIT_CASE(iodmacmd_iokit_test_clone_keeps_alignments),
	KUNIT_CASE(iodmacmd_iokit_test_weak_with_specification),
	KUNIT_CASE(iodmacmd_iokit_test_with_refcon),
	KUNIT_CASE(iodmacmd_iokit_test_with_device_and_refcon),
	KUNIT_CASE(iodmacmd_iokit_test_state_errors),
	KUNIT_CASE(iodmacmd_iokit_test_gen_errors),
	KUNIT_CASE(iodmacmd_iokit_test_gen32_host32),
	KUNIT_CASE_PARAM(iodmacmd_iokit_test_split_example, split_gen_params),
	KUNIT_CASE(iodmacmd_iokit_test_output_refuses),
	KUNIT_CASE(iodmacmd_iokit_test_md_kernel),
	KUNIT_CASE(iodmacmd_iokit_test_md_address_range),
	KUNIT_CASE(iodmacmd_iokit_test_usual_sequence),
	{}
};

static struct kunit_suite iodmacmd_iokit_test_suite = {
	.name = "iodmacmd_iokit",
	.test_cases = iodmacmd_iokit_test_cases,
};

kunit_test_suite(iodmacmd_iokit_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's Apple-named face (IODMACommand, IOMemoryDescriptor)");
IODMACMD_IMPORT_NS();
