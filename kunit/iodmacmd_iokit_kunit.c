// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the Apple-named face, <IOKit/IODMACommand.h>,
 * <IOKit/IOMemoryDescriptor.h> and the descriptor subclasses
 * (<IOKit/IOBufferMemoryDescriptor.h>, <IOKit/IOSubMemoryDescriptor.h>,
 * <IOKit/IOMultiMemoryDescriptor.h>), called only through Apple's names, as
 * a ported driver calls them: every function, the exact IOReturn of every
 * error path, and the behaviour of the behaviour spec's examples.
 *
 * Segment tests use Unmapped commands over physically contiguous buffers,
 * so the expected bus addresses are known exactly. Bounce tests use Mapped
 * commands on a KUnit device; user memory comes from kunit_vm_mmap().
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/log2.h>
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
#include <IOKit/IOService.h>
#include <IOKit/IOSubMemoryDescriptor.h>

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

	KUNIT_EXPECT_EQ(test, sizeof(vm_size_t), 8);
	KUNIT_EXPECT_EQ(test, kIOMemoryPhysicallyContiguous, 0x10);
	KUNIT_EXPECT_EQ(test, kIOMemoryPageable, 0x20);
	KUNIT_EXPECT_EQ(test, kIOMemoryPurgeable, 0x40);
	KUNIT_EXPECT_EQ(test, kIOMemoryHostPhysicallyContiguous, 0x80);
	KUNIT_EXPECT_EQ(test, kIOMemoryKernelUserShared, 0x10000);
	KUNIT_EXPECT_EQ(test, kIOMapCacheMask, 0xf00);
	KUNIT_EXPECT_EQ(test, kIOMapCacheShift, 8);
	KUNIT_EXPECT_EQ(test, kIOMapDefaultCache, 0);
	KUNIT_EXPECT_EQ(test, kIOMapInhibitCache, 0x100);
	KUNIT_EXPECT_EQ(test, kIOMapWriteThruCache, 0x200);
	KUNIT_EXPECT_EQ(test, kIOMapCopybackCache, 0x300);
	KUNIT_EXPECT_EQ(test, kIOMapWriteCombineCache, 0x400);

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

	/* Without a device or a provider only the physical types can be specified. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionMapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));

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
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts,
								    kIODMAMapOptionUnmapped,
								    NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 512);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 0);
	/* The physical types took no device. */
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
}

/* A command without a device takes the one prepareWithSpecification() names, for good. */
static void iodmacmd_iokit_test_prepare_spec_takes_mapper(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct device *other = iodmacmd_test_named_device(test, "iodmacmd-other", 64);
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	IOMemoryDescriptor *md;
	IODMACommand *cmd;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, PAGE_SIZE, kIODirectionOut));
	cmd = test_cmd(test, IODMACommandWithRefCon(NULL));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, dev, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	/* Then NULL means it, and another device is refused. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, other, 0, 0, true, true),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* A failed prepareWithSpecification() leaves a command without a device without one. */
static void iodmacmd_iokit_test_prepare_spec_failure_takes_no_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fMaxTransferSize = 512,
	};
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	IOMemoryDescriptor *md;
	IODMACommand *cmd;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, PAGE_SIZE, kIODirectionOut));
	cmd = test_cmd(test, IODMACommandWithRefCon(NULL));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	/* A page is longer than the maximum transfer. */
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								    &opts, kIODMAMapOptionMapped,
								    dev, 0, 0, true, true),
			kIOReturnNoSpace);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
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

/*
 * Two contiguous pages below 4 GiB, where a 32-bit output can reach them:
 * ZONE_DMA32's, or ZONE_DMA's where that zone ends at 4 GiB and there is
 * no ZONE_DMA32 (the arm64 test kernel).
 */
static phys_addr_t low_pages(struct kunit *test)
{
	gfp_t zone = IS_ENABLED(CONFIG_ZONE_DMA32) ? GFP_DMA32 : GFP_DMA;
	struct page *page = alloc_pages(GFP_KERNEL | zone | __GFP_ZERO, 1);

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

	/* Length 0 is an empty descriptor, as in IOKit. */
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, 0, kIODirectionOut));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 0);
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddress(mem, 256, 0x10));
}

/* The task picks the kind: kernel_task virtual, NULL physical (users below). */
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
	/* A user task's ranges must be user memory. */
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
	/* Length 0 is an empty descriptor, as in IOKit. */
	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, 0, kIODirectionIn));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 0);
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

static void fill_pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* A user task's memory: current's, from kunit_vm_mmap(). */
static void iodmacmd_iokit_test_md_user_task(struct kunit *test)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	u8 *in = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	IODMACommandSegment64 seg[4];
	IOAddressRange r[2];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = ARRAY_SIZE(seg);
	u8 out[32];

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_NOT_NULL(test, in);
	fill_pattern(in, 2 * PAGE_SIZE, 5);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, in, 2 * PAGE_SIZE), 0);

	md = test_md(test, IOMemoryDescriptorWithAddressRange(addr + 100, PAGE_SIZE,
							      kIODirectionInOut |
							      kIOMemoryTypeVirtual, current));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), kIODirectionInOut);
	/* Nothing is reached before prepare(), not even by a command. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, out, 8), 0);
	cmd = host64_cmd(test, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnNotReady);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 7, out, 32), 32);
	KUNIT_EXPECT_MEMEQ(test, out, in + 107, 32);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, PAGE_SIZE - 200, "xyz", 3), 3);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, IOMemoryDescriptorGetPhysicalAddress(md));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	/* The process sees what the kernel wrote. */
	KUNIT_ASSERT_EQ(test, copy_from_user(out, (void __user *)(addr + PAGE_SIZE - 100), 3), 0);
	KUNIT_EXPECT_MEMEQ(test, out, "xyz", 3);

	/* Several ranges, read across the seam. */
	r[0].address = addr + 1;
	r[0].length = 10;
	r[1].address = addr + PAGE_SIZE + 5;
	r[1].length = 20;
	md = test_md(test, IOMemoryDescriptorWithAddressRanges(r, 2, kIODirectionOut, current));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 30);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 8, out, 4), 4);
	KUNIT_EXPECT_MEMEQ(test, out, in + 9, 2);
	KUNIT_EXPECT_MEMEQ(test, out + 2, in + PAGE_SIZE + 5, 2);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);

	/* A user task's ranges are user memory, of the virtual type. */
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRange((uintptr_t)in, 16,
								   kIODirectionOut, current));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithAddressRange(addr, 16, kIODirectionOut |
								   kIOMemoryTypePhysical,
								   current));
}

/* --- IOBufferMemoryDescriptor --- */

static IOPhysicalAddress phys_segment(IOMemoryDescriptor *md, IOByteCount offset,
				      IOByteCount *length)
{
	return IOMemoryDescriptorGetPhysicalSegment(md, offset, length, kIOMemoryMapperNone);
}

static void iodmacmd_iokit_test_buffer_with_capacity(struct kunit *test)
{
	u64 cap = 3 * PAGE_SIZE + 5;
	IOBufferMemoryDescriptor *bmd;
	IOPhysicalAddress phys;
	IOByteCount len;
	u8 *bytes;

	bmd = test_md(test, IOBufferMemoryDescriptorWithCapacity(3000, kIODirectionOut, false));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 3000);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(bmd), 3000);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(bmd), kIODirectionOut);
	bytes = IOBufferMemoryDescriptorGetBytesNoCopy(bmd);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, 3000));

	/* Contiguous: one run, aligned to the capacity's power of two. */
	bmd = test_md(test, IOBufferMemoryDescriptorWithCapacity(cap, kIODirectionInOut, true));
	bytes = IOBufferMemoryDescriptorGetBytesNoCopy(bmd);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, cap));
	phys = phys_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, phys, virt_to_phys(bytes));
	KUNIT_EXPECT_EQ(test, len, cap);
	KUNIT_EXPECT_EQ(test, phys & (roundup_pow_of_two(cap) - 1), 0);
	bmd = test_md(test, IOBufferMemoryDescriptorWithCapacity(SZ_64K, kIODirectionIn, true));
	phys = phys_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, phys & (SZ_64K - 1), 0);
	KUNIT_EXPECT_EQ(test, len, SZ_64K);

	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithCapacity(0, kIODirectionIn, false));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithCapacity(100, 8, false));
	/* Contiguous beyond the largest buddy block. */
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithCapacity(((u64)MAX_ORDER_NR_PAGES <<
								      PAGE_SHIFT) + 1,
								     kIODirectionIn, true));
}

static void iodmacmd_iokit_test_buffer_with_options(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd;
	IOPhysicalAddress phys;
	IOByteCount len;

	/* An alignment above a page makes the buffer contiguous, as in IOKit. */
	bmd = test_md(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut, 3 * PAGE_SIZE,
								SZ_64K));
	phys = phys_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, phys & (SZ_64K - 1), 0);
	KUNIT_EXPECT_EQ(test, len, 3 * PAGE_SIZE);
	bmd = test_md(test, IOBufferMemoryDescriptorWithOptions(kIODirectionIn |
								kIOMemoryHostPhysicallyContiguous |
								kIOMemoryThreadSafe,
								2 * PAGE_SIZE + 1, 1));
	phys_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, len, 2 * PAGE_SIZE + 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(bmd), kIODirectionIn);
	/* Pageable is resident all the same: prepare only counts. */
	bmd = test_md(test, IOBufferMemoryDescriptorWithOptions(kIODirectionInOut |
								kIOMemoryPageable |
								kIOMapCopybackCache |
								kIOMemoryMapperNone, 100, 0));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 100);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(bmd, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(bmd, kIODirectionNone), kIOReturnSuccess);

	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut, 0, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut, 100, 3));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut |
								    kIOMapInhibitCache, 100, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut |
								    kIOMapWriteCombineCache,
								    100, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut |
								    kIOMemoryPageable |
								    kIOMemoryPurgeable, 100, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut |
								    kIOMemoryKernelUserShared,
								    100, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionOut | 0x1000,
								    100, 0));

	/* In a task: the kernel's (NULL stands for it), never a user task's. */
	bmd = test_md(test, IOBufferMemoryDescriptorInTaskWithOptions(kernel_task,
								      kIODirectionOut, 1000, 1));
	KUNIT_EXPECT_NOT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(bmd));
	bmd = test_md(test, IOBufferMemoryDescriptorInTaskWithOptions(NULL, kIODirectionOut,
								      1000, 0));
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(bmd), 1000);
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorInTaskWithOptions(current,
									  kIODirectionOut |
									  kIOMemoryPageable,
									  1000, 1));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(current,
									       kIODirectionOut,
									       1000, 0xFFFFF000));
}

/* IOKit's usual 32-bit buffer: below 4 GiB, page aligned, for a 32-bit device. */
static void iodmacmd_iokit_test_buffer_physical_mask(struct kunit *test)
{
	u64 cap = 3 * PAGE_SIZE + 1;
	IODMACommandSegment32 seg[8];
	IOBufferMemoryDescriptor *bmd, *other;
	IOPhysicalAddress phys;
	IOByteCount off, len;
	IODMACommand *cmd;
	IOOptionBits options;
	UInt64 goff = 0;
	UInt32 n = ARRAY_SIZE(seg), i;

	bmd = test_md(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task,
									   kIODirectionInOut,
									   cap, 0xFFFFF000));
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(bmd), cap);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), cap);
	KUNIT_ASSERT_NOT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(bmd));
	KUNIT_EXPECT_NULL(test, memchr_inv(IOBufferMemoryDescriptorGetBytesNoCopy(bmd), 0, cap));
	for (off = 0; off < cap; off += len) {
		phys = phys_segment(bmd, off, &len);
		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_EQ(test, offset_in_page(phys), 0);
		KUNIT_EXPECT_LE(test, phys + len - 1, 0xFFFFFFFF);
	}
	/* Contiguous when asked: one run, still below the mask. */
	options = kIODirectionOut | kIOMemoryPhysicallyContiguous;
	other = test_md(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(NULL, options, cap,
									     0xFFFFF000));
	phys = phys_segment(other, 0, &len);
	KUNIT_EXPECT_EQ(test, len, cap);
	KUNIT_EXPECT_LE(test, phys + cap - 1, 0xFFFFFFFF);
	/* The mask's low zeros are an alignment. */
	other = test_md(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task,
									     kIODirectionOut,
									     100, 0xFFFF0000));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(other) & 0xFFFF, 0);
	/* A hole in the ones. */
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task,
									       kIODirectionOut,
									       100, 0xFFFF0FFF));

	/* A 32-bit command takes it as it is. */
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost32, 32, 0,
							   kIODMAMapOptionUnmapped, 0, 1,
							   NULL, NULL));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(bmd, kIODirectionNone), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, bmd, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGen32IOVMSegments(cmd, &goff, seg, &n),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, goff, cap);
	for (i = 0, off = 0; i < n; off += seg[i].fLength, i++) {
		KUNIT_EXPECT_EQ(test, seg[i].fIOVMAddr, (u32)phys_segment(bmd, off, &len));
		KUNIT_EXPECT_EQ(test, seg[i].fLength, len);
	}
	KUNIT_EXPECT_EQ(test, off, cap);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(bmd, kIODirectionNone), kIOReturnSuccess);
}

static void iodmacmd_iokit_test_buffer_accessors(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 64, GFP_KERNEL);
	IOBufferMemoryDescriptor *bmd;
	IOMemoryDescriptor *md;
	u8 in[64], out[64];
	u8 *bytes;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	bmd = test_md(test, IOBufferMemoryDescriptorWithCapacity(1000, kIODirectionInOut, false));
	bytes = IOBufferMemoryDescriptorGetBytesNoCopy(bmd);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	/* The ranged form: inside the length, or NULL. */
	KUNIT_EXPECT_PTR_EQ(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 0, 1000),
			    (void *)bytes);
	KUNIT_EXPECT_PTR_EQ(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 999, 1),
			    (void *)(bytes + 999));
	KUNIT_EXPECT_PTR_EQ(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 999, 0),
			    (void *)(bytes + 999));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 999, 2));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 1000, 0));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 1,
									    (vm_size_t)-1));

	/* setLength(): the length, not the capacity, bounds everything. */
	IOBufferMemoryDescriptorSetLength(bmd, 100);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 100);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(bmd), 1000);
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 100, 1));
	KUNIT_EXPECT_PTR_EQ(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 99, 1),
			    (void *)(bytes + 99));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(bmd, 99, out, 2), 0);
	/* Above the capacity: nothing changes (IOKit asserts first). */
	IOBufferMemoryDescriptorSetLength(bmd, 1001);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 100);

	/* appendBytes() copies to the end and grows the length. */
	fill_pattern(in, sizeof(in), 9);
	KUNIT_EXPECT_TRUE(test, IOBufferMemoryDescriptorAppendBytes(bmd, in, 50));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 150);
	KUNIT_EXPECT_MEMEQ(test, bytes + 100, in, 50);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(bmd, 101, out, 49), 49);
	KUNIT_EXPECT_MEMEQ(test, out, in + 1, 49);
	/* Past the capacity: false and nothing appended (IOKit copies what fits). */
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(bmd, in, 851));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 150);
	memset(bytes + 150, 0xff, 850);
	KUNIT_EXPECT_TRUE(test, IOBufferMemoryDescriptorAppendBytes(bmd, NULL, 850));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 1000);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes + 150, 0, 850));
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(bmd, in, 1));
	KUNIT_EXPECT_TRUE(test, IOBufferMemoryDescriptorAppendBytes(bmd, in, 0));
	IOBufferMemoryDescriptorSetLength(bmd, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd), 0);
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(bmd, 0, 0));
	KUNIT_EXPECT_PTR_EQ(test, IOBufferMemoryDescriptorGetBytesNoCopy(bmd), (void *)bytes);

	/* Another kind of descriptor is no buffer. */
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, 64, kIODirectionOut));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopy(md));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorGetBytesNoCopyRange(md, 0, 1));
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetCapacity(md), 0);
	KUNIT_EXPECT_FALSE(test, IOBufferMemoryDescriptorAppendBytes(md, in, 1));
	IOBufferMemoryDescriptorSetLength(md, 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 64);
}

/* --- IOSubMemoryDescriptor and IOMultiMemoryDescriptor --- */

static void iodmacmd_iokit_test_sub(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 3000, GFP_KERNEL);
	IOSubMemoryDescriptor *sub, *subsub;
	IOMemoryDescriptor *parent;
	u8 out[512];

	KUNIT_ASSERT_NOT_NULL(test, mem);
	fill_pattern(mem, 3000, 1);
	parent = test_md(test, IOMemoryDescriptorWithAddress(mem, 3000, kIODirectionInOut));
	sub = test_md(test, IOSubMemoryDescriptorWithSubRange(parent, 333, 1001,
							      kIODirectionOut |
							      kIOMemoryThreadSafe));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(sub), 1001);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(sub), kIODirectionOut);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(sub, 7, out, 501), 501);
	KUNIT_EXPECT_MEMEQ(test, out, mem + 340, 501);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(sub, 995, out, 7), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(sub, 994, out, 7), 7);
	KUNIT_EXPECT_MEMEQ(test, out, mem + 333 + 994, 7);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(sub, 999, "ab", 2), 2);
	KUNIT_EXPECT_MEMEQ(test, mem + 333 + 999, "ab", 2);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(sub, 1000, "cd", 2), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(sub, 5, NULL,
								   kIOMemoryMapperNone),
			virt_to_phys(mem + 338));

	/* A window on a window. */
	subsub = test_md(test, IOSubMemoryDescriptorWithSubRange(sub, 101, 3, kIODirectionIn));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(subsub, 1, out, 2), 2);
	KUNIT_EXPECT_MEMEQ(test, out, mem + 333 + 101 + 1, 2);

	/* prepare() and complete() go through to the parent. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(parent, kIODirectionNone),
			kIOReturnNotReady);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(subsub, kIODirectionNone),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(parent, kIODirectionNone),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(parent, kIODirectionNone),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(subsub, kIODirectionNone),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(parent, kIODirectionNone),
			kIOReturnNotReady);

	KUNIT_EXPECT_NULL(test, IOSubMemoryDescriptorWithSubRange(parent, 2999, 2, kIODirectionIn));
	KUNIT_EXPECT_NULL(test, IOSubMemoryDescriptorWithSubRange(parent, 3000, 1, kIODirectionIn));
	KUNIT_EXPECT_NULL(test, IOSubMemoryDescriptorWithSubRange(parent, 0, 0, kIODirectionIn));
	KUNIT_EXPECT_NULL(test, IOSubMemoryDescriptorWithSubRange(parent, 0, 10,
								  kIODirectionIn | 0x1000));
	KUNIT_EXPECT_NULL(test, IOSubMemoryDescriptorWithSubRange(NULL, 0, 1, kIODirectionIn));
}

static void iodmacmd_iokit_test_multi(struct kunit *test)
{
	u8 *a = kunit_kmalloc(test, 100, GFP_KERNEL);
	u8 *c = kunit_kmalloc(test, 700, GFP_KERNEL);
	IOMultiMemoryDescriptor *multi;
	IOMemoryDescriptor *mds[3], *first;
	IODMACommand *cmd;
	u8 out[16], *b;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, c);
	fill_pattern(a, 100, 1);
	fill_pattern(c, 700, 2);
	mds[0] = test_md(test, IOMemoryDescriptorWithAddress(a, 100, kIODirectionInOut));
	mds[1] = test_md(test, IOBufferMemoryDescriptorWithCapacity(5000, kIODirectionInOut,
								    false));
	b = IOBufferMemoryDescriptorGetBytesNoCopy(mds[1]);
	KUNIT_ASSERT_NOT_NULL(test, b);
	fill_pattern(b, 5000, 3);
	mds[2] = test_md(test, IOMemoryDescriptorWithAddress(c, 700, kIODirectionInOut));
	mds[2] = test_md(test, IOSubMemoryDescriptorWithSubRange(mds[2], 1, 699,
								 kIODirectionInOut));
	multi = test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 3, kIODirectionInOut,
								     false));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(multi), 100 + 5000 + 699);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(multi), kIODirectionInOut);

	/* Across members, at odd offsets. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(multi, 97, out, 7), 7);
	KUNIT_EXPECT_MEMEQ(test, out, a + 97, 3);
	KUNIT_EXPECT_MEMEQ(test, out + 3, b, 4);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(multi, 5097, out, 9), 9);
	KUNIT_EXPECT_MEMEQ(test, out, b + 4997, 3);
	KUNIT_EXPECT_MEMEQ(test, out + 3, c + 1, 6);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(multi, 5793, out, 6), 6);
	KUNIT_EXPECT_MEMEQ(test, out, c + 1 + 693, 6);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(multi, 5794, out, 6), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(multi, 95, "0123456789a", 11), 11);
	KUNIT_EXPECT_MEMEQ(test, a + 95, "01234", 5);
	KUNIT_EXPECT_MEMEQ(test, b, "56789a", 6);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(multi, 5099, "xyz", 3), 3);
	KUNIT_EXPECT_EQ(test, b[4999], 'x');
	KUNIT_EXPECT_MEMEQ(test, c + 1, "yz", 2);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(multi, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(multi, kIODirectionNone),
			kIOReturnSuccess);

	/* What a command sees of a range prepared at an odd offset. */
	cmd = host64_cmd(test, 0, 0, NULL);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, multi, false),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 99, 5003, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 0, out, 3), 3);
	KUNIT_EXPECT_EQ(test, out[0], a[99]);
	KUNIT_EXPECT_MEMEQ(test, out + 1, b, 2);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 5001, out, 8), 2);
	KUNIT_EXPECT_MEMEQ(test, out, c + 1, 2);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);

	/* asReference changes nothing: the array is copied all the same. */
	first = mds[0];
	multi = test_md(test, IOMultiMemoryDescriptorWithDescriptors(mds, 2, kIODirectionOut,
								     true));
	mds[0] = NULL;
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(multi), 5100);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(multi, 0, out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0], a[0]);

	KUNIT_EXPECT_NULL(test, IOMultiMemoryDescriptorWithDescriptors(mds, 2, kIODirectionOut,
								       false));
	mds[0] = first;
	KUNIT_EXPECT_NULL(test, IOMultiMemoryDescriptorWithDescriptors(mds, 0, kIODirectionOut,
								       false));
	KUNIT_EXPECT_NULL(test, IOMultiMemoryDescriptorWithDescriptors(NULL, 1, kIODirectionOut,
								       false));
	KUNIT_EXPECT_NULL(test, IOMultiMemoryDescriptorWithDescriptors(mds, 1, 0x10, false));
}

/* --- bounce memory: synchronize(), readBytes(), writeBytes() --- */

/* A Mapped Host64 command for a 64-bit KUnit device. */
static IODMACommand *mapped_cmd(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);

	return test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							    kIODMAMapOptionMapped, 0, 1,
							    dev, NULL));
}

static void iodmacmd_iokit_test_synchronize(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	IODMACommand *cmd = mapped_cmd(test);
	IOMemoryDescriptor *md;
	u8 out[8], seven = 7;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	memset(mem, 1, PAGE_SIZE);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, PAGE_SIZE, kIODirectionOut));
	/* In with Out is checked first, then the state. */
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn | kIODirectionOut),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer),
			kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 0, out, 1), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 0, out, 1), 0);

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 5, out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0], 1);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn | kIODirectionOut),
			kIOReturnBadArgument);
	/* Unknown options are refused (IOKit ignores them). */
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, 0x100), kIOReturnBadArgument);
	/* Not bounced: nothing to copy, the command sees the memory itself. */
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionOut), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionNone), kIOReturnSuccess);

	/* Forced: prepared again, bounced, filled from the Out descriptor. */
	KUNIT_ASSERT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 0, out, 8), 8);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 1, 8));
	/* The device's side and the descriptor differ until synchronized. */
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 13, "xyz", 3), 3);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 13, out, 3), 3);
	KUNIT_EXPECT_MEMEQ(test, out, "xyz", 3);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 13, out, 3), 3);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 1, 3));
	/* Forcing again does nothing, and ignores direction bits. */
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer | kIODirectionIn),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, mem[13], 1);
	/* In copies back, even for an Out descriptor. */
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionIn), kIOReturnSuccess);
	KUNIT_EXPECT_MEMEQ(test, mem + 13, "xyz", 3);
	/* Out copies the descriptor to the device's side. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorWriteBytes(md, 20, &seven, 1), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 20, out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0], 1);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kIODirectionOut), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 20, out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0], 7);
	/* Clamped to the prepared range. */
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, PAGE_SIZE - 2, out, 8), 2);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, PAGE_SIZE, out, 1), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 0, NULL, 1), 0);
	/* complete() copies back only for In: the Out descriptor keeps its bytes. */
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 30, "q", 1), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, mem[30], 1);
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 0, out, 1), 0);

	/* Forcing a nested preparation: kIOReturnBusy (IOKit does nothing). */
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer), kIOReturnBusy);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* A forced bounce of part of an In descriptor: offset 0 is the prepared offset. */
static void iodmacmd_iokit_test_force_double_buffer_range(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	IODMACommand *cmd = mapped_cmd(test);
	IOMemoryDescriptor *md;
	UInt64 off, len;
	u8 out[8];

	KUNIT_ASSERT_NOT_NULL(test, mem);
	memset(mem, 2, PAGE_SIZE);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, PAGE_SIZE, kIODirectionIn));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, 100, 200, true, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandSynchronize(cmd, kForceDoubleBuffer), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGetPreparedOffsetAndLength(cmd, &off, &len),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, 100);
	KUNIT_EXPECT_EQ(test, len, 200);
	/* Nothing is copied in for an In descriptor. */
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, 0, out, 8), 8);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 0, 8));
	/* A device write reaches the descriptor at complete, at the prepared offset. */
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 0, "abc", 3), 3);
	KUNIT_EXPECT_EQ(test, IODMACommandWriteBytes(cmd, 198, "zzzz", 4), 2);
	KUNIT_EXPECT_EQ(test, mem[100], 2);
	KUNIT_EXPECT_EQ(test, IODMACommandComplete(cmd, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_MEMEQ(test, mem + 100, "abc", 3);
	KUNIT_EXPECT_MEMEQ(test, mem + 298, "zz", 2);
	KUNIT_EXPECT_EQ(test, mem[99], 2);
	KUNIT_EXPECT_EQ(test, mem[300], 2);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* --- the provider: IOKit's NULL "system mapper" --- */

static void provider_unbind_action(void *dev)
{
	IOServiceUnbindProvider(dev);
}

/* A 64-bit KUnit device bound as this module's provider until the test ends. */
static struct device *bound_provider(struct kunit *test)
{
	struct device *dev = iodmacmd_test_named_device(test, "iodmacmd-provider", 64);

	KUNIT_ASSERT_EQ(test, IOServiceBindProvider(dev), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, provider_unbind_action, dev), 0);
	return dev;
}

/* Kernel memory spread over several pages, attached and prepared. */
static IOMemoryDescriptor *scattered_md(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, 3 * PAGE_SIZE);

	memset(mem, 0x42, 3 * PAGE_SIZE);
	return test_md(test, IOMemoryDescriptorWithAddress(mem + 0x80, 2 * PAGE_SIZE,
							   kIODirectionOutIn));
}

/* Room for 8 segments per 4 KiB page of the buffers below: 32 with 16 KiB pages. */
#define GEN_ROOM	(8 * (PAGE_SIZE / SZ_4K))

/* Prepares @md on @cmd and collects its segments into @seg (GEN_ROOM). */
static UInt32 gen_all(struct kunit *test, IODMACommand *cmd, IOMemoryDescriptor *md,
		      IODMACommandSegment64 *seg)
{
	UInt64 off = 0;
	UInt32 n = GEN_ROOM;

	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, off, IOMemoryDescriptorGetLength(md));
	return n;
}

/* Mapped with a NULL mapper: the provider's DMA addresses, as if it were named. */
static void iodmacmd_iokit_test_null_mapper_is_provider(struct kunit *test)
{
	struct device *dev = bound_provider(test);
	IOMemoryDescriptor *md = scattered_md(test);
	IODMACommandSegment64 a[GEN_ROOM], b[GEN_ROOM];
	IODMACommand *implicit, *named;
	UInt32 na, nb;

	implicit = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
								PAGE_SIZE, kIODMAMapOptionMapped,
								0, 1, NULL, NULL));
	named = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
							     PAGE_SIZE, kIODMAMapOptionMapped,
							     0, 1, dev, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(implicit), dev);
	na = gen_all(test, implicit, md, a);
	nb = gen_all(test, named, md, b);
	KUNIT_ASSERT_EQ(test, na, nb);
	KUNIT_EXPECT_MEMEQ(test, a, b, na * sizeof(a[0]));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(implicit, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(named, true), kIOReturnSuccess);
}

/* The SegmentOptions and weak factories resolve a NULL mapper the same way. */
static void iodmacmd_iokit_test_null_mapper_other_factories(struct kunit *test)
{
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fMaxSegmentSize = PAGE_SIZE,
	};
	struct device *dev = bound_provider(test);
	IODMACommand *cmd;

	cmd = test_cmd(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							    kIODMAMapOptionMapped, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	KUNIT_ASSERT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionMapped,
								0, 1, NULL, NULL),
			kIOReturnSuccess);
	test_cmd(test, cmd);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
}

/* No provider bound: a Mapped command with a NULL mapper is refused (and logged). */
static void iodmacmd_iokit_test_null_mapper_without_provider(struct kunit *test)
{
	IODMACommandSegmentOptions opts = { .fStructSize = sizeof(opts) };
	IODMACommand *cmd = (IODMACommand *)test;

	KUNIT_EXPECT_NULL(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							      kIODMAMapOptionMapped, 0, 1,
							      NULL, NULL));
	KUNIT_EXPECT_NULL(test, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &opts,
							       kIODMAMapOptionNonCoherent, NULL,
							       NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64,
								64, 0, kIODMAMapOptionMapped,
								0, 1, NULL, NULL),
			kIOReturnError);
	KUNIT_EXPECT_NULL(test, cmd);
}

/* NonCoherent with a NULL mapper maps for the provider too. */
static void iodmacmd_iokit_test_null_mapper_noncoherent(struct kunit *test)
{
	struct device *dev = bound_provider(test);
	IOMemoryDescriptor *md = scattered_md(test);
	IODMACommandSegment64 seg[GEN_ROOM];
	IODMACommand *cmd;
	UInt32 n, i;
	UInt64 total = 0;

	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
							   PAGE_SIZE, kIODMAMapOptionNonCoherent,
							   0, 1, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	n = gen_all(test, cmd, md, seg);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_LE(test, seg[i].fLength, PAGE_SIZE);
		total += seg[i].fLength;
	}
	KUNIT_EXPECT_EQ(test, total, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* Bypassed and Unmapped with a NULL mapper take no device, provider or not. */
static void iodmacmd_iokit_test_null_mapper_physical_types(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	IODMACommandSegment64 seg[GEN_ROOM];
	IOMemoryDescriptor *md;
	IODMACommand *cmd;

	bound_provider(test);
	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							   kIODMAMapOptionUnmapped, 0, 1,
							   NULL, NULL));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_EQ(test, gen_all(test, cmd, md, seg), 1);
	KUNIT_EXPECT_EQ(test, seg[0].fIOVMAddr, buf->phys);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
							   kIODMAMapOptionBypassed, 0, 1,
							   NULL, NULL));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
}

/* withRefCon(), then prepareWithSpecification() with a NULL mapper: the provider. */
static void iodmacmd_iokit_test_prepare_spec_null_mapper(struct kunit *test)
{
	struct device *dev = bound_provider(test);
	IOMemoryDescriptor *md = scattered_md(test);
	IODMACommandSegment64 a[GEN_ROOM], b[GEN_ROOM];
	IODMACommand *cmd, *named;
	UInt64 off = 0;
	UInt32 n = 8, nb;

	named = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64,
							     PAGE_SIZE, kIODMAMapOptionMapped,
							     0, 1, dev, NULL));
	nb = gen_all(test, named, md, b);
	cmd = test_cmd(test, IODMACommandWithRefCon(NULL));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, PAGE_SIZE,
								   kIODMAMapOptionMapped, 0, 1,
								   NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	KUNIT_ASSERT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, a, &n), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, n, nb);
	KUNIT_EXPECT_MEMEQ(test, a, b, n * sizeof(a[0]));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(named, true), kIOReturnSuccess);
}

/* --- retain and release --- */

/* A command holds two references on its device: its own and its specification's. */
static unsigned int device_refs(struct device *dev)
{
	return kref_read(&dev->kobj.kref);
}

/* After a retain, one release leaves the command whole; the second frees it. */
static void iodmacmd_iokit_test_retain_release(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned int refs;
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	int cookie;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = test_md(test, IOMemoryDescriptorWithAddress(mem, PAGE_SIZE, kIODirectionOut));
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, &cookie);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	IODMACommandRetain(cmd);
	IODMACommandRelease(cmd);
	/* Still whole: prepared, its descriptor, its device and refcon. */
	KUNIT_EXPECT_EQ(test, IODMACommandGetActive(cmd), 1);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	refs = device_refs(dev);
	IODMACommandRelease(cmd);
	/* The last release freed it, and with it its two device references. */
	KUNIT_EXPECT_EQ(test, device_refs(dev), refs - 2);
}

/* --- the object model: IODMACommandAlloc() and the init functions --- */

static void iodmacmd_iokit_test_alloc_is_unspecified(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());

	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 1);
	KUNIT_EXPECT_NULL(test, IODMACommandGetMemoryDescriptor(cmd));
}

static void iodmacmd_iokit_test_init_with_specification(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	IODMACommandSegment64 seg[GEN_ROOM];
	IOMemoryDescriptor *md;
	int cookie;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	KUNIT_ASSERT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  40, 0x400,
								  kIODMAMapOptionUnmapped, 0, 64,
								  NULL, &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 40);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 64);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 1);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 64);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
	KUNIT_EXPECT_EQ(test, gen_all(test, cmd, md, seg), PAGE_SIZE / 0x400);
	KUNIT_EXPECT_EQ(test, seg[1].fIOVMAddr, buf->phys + 0x400);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

static void iodmacmd_iokit_test_init_with_segment_options(struct kunit *test)
{
	IODMACommandSegmentOptions opts = {
		.fStructSize = sizeof(opts),
		.fNumAddressBits = 48,
		.fMaxSegmentSize = 0x10000,
		.fAlignment = 8,
		.fAlignmentLength = 4,
		.fAlignmentInternalSegments = 0x1000,
	};
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	int cookie;

	KUNIT_ASSERT_TRUE(test, IODMACommandInitWithSegmentOptions(cmd, kIODMACommandOutputHost64,
								   &opts, kIODMAMapOptionUnmapped,
								   NULL, &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 48);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 8);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentLength(cmd), 4);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignmentInternalSegments(cmd), 0x1000);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
}

/* initWithRefCon(): a refcon, still no specification until prepareWithSpecification(). */
static void iodmacmd_iokit_test_init_with_refcon(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	IOMemoryDescriptor *md;
	int cookie;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	KUNIT_ASSERT_TRUE(test, IODMACommandInitWithRefCon(cmd, &cookie));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/*
 * MacHyperVSupport's HyperVStorage through IOSCSIParallelFamily: the family
 * allocates the task and runs init(), the driver's
 * InitializeDMASpecification() runs initWithSpecification() with IOKit's
 * default (NULL) mapper, and the transfer gets page-sized segments.
 */
static void iodmacmd_iokit_test_init_hyperv_sequence(struct kunit *test)
{
	struct device *dev = bound_provider(test);
	IOMemoryDescriptor *md = scattered_md(test);
	IODMACommandSegment64 seg[GEN_ROOM];
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	UInt32 n, i;

	KUNIT_ASSERT_TRUE(test, IODMACommandInitWithRefCon(cmd, NULL));
	KUNIT_ASSERT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, PAGE_SIZE,
								  kIODMAMapOptionMapped,
								  32 * PAGE_SIZE, PAGE_SIZE,
								  NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	n = gen_all(test, cmd, md, seg);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, seg[i].fIOVMAddr & (PAGE_SIZE - 1), 0);
		KUNIT_EXPECT_LE(test, seg[i].fLength, PAGE_SIZE);
	}
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

/* A command that already has a specification refuses either init, unchanged. */
static void iodmacmd_iokit_test_init_refuses_specified(struct kunit *test)
{
	IODMACommand *cmd;
	int cookie;

	cmd = test_cmd(test, IODMACommandWithSpecification(kIODMACommandOutputHost64, 40, 0,
							   kIODMAMapOptionUnmapped, 0, 8,
							   NULL, &cookie));
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   48, 0,
								   kIODMAMapOptionUnmapped, 0, 16,
								   NULL, NULL));
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithRefCon(cmd, NULL));
	KUNIT_EXPECT_EQ(test, IODMACommandGetNumAddressBits(cmd), 40);
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 8);
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)&cookie);
}

/* A command with a descriptor attached refuses init, the descriptor kept. */
static void iodmacmd_iokit_test_init_refuses_attached(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	IOMemoryDescriptor *md;

	md = test_md(test, IOMemoryDescriptorWithPhysicalAddress(buf->phys, PAGE_SIZE,
								 kIODirectionOut));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, false), kIOReturnSuccess);
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   0, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithRefCon(cmd, test));
	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetMemoryDescriptor(cmd), md);
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandPrepare(cmd, 0, 0, true, true), kIOReturnNotReady);
}

/* A failed init (no provider here) changes nothing; the command can be set up after. */
static void iodmacmd_iokit_test_init_failure_changes_nothing(struct kunit *test)
{
	IODMACommand *cmd = test_cmd(test, IODMACommandAlloc());
	int cookie;

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, NULL, &cookie));
	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 3, NULL, &cookie));
	KUNIT_EXPECT_NULL(test, IODMACommandGetRefCon(cmd));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(cmd));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionUnmapped,
								  0, 4, NULL, &cookie));
	KUNIT_EXPECT_EQ(test, IODMACommandGetAlignment(cmd), 4);
}

/* A command created for a device: NULL means it, another device is refused. */
static void iodmacmd_iokit_test_init_keeps_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct device *other = iodmacmd_test_named_device(test, "iodmacmd-other", 64);
	IODMACommand *cmd = test_cmd(test, IODMACommandWithDeviceAndRefCon(dev, NULL));

	KUNIT_EXPECT_FALSE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionMapped,
								   0, 1, other, NULL));
	KUNIT_EXPECT_TRUE(test, IODMACommandInitWithSpecification(cmd, kIODMACommandOutputHost64,
								  64, 0, kIODMAMapOptionMapped,
								  0, 1, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
}

/* --- createCopyBuffer --- */

/* The copy buffer is the command's bounce memory, made now, for @length bytes. */
static void iodmacmd_iokit_test_create_copy_buffer(struct kunit *test)
{
	IODMACommand *cmd = mapped_cmd(test);

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
	KUNIT_ASSERT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOutIn,
							     2 * PAGE_SIZE + 1));
	KUNIT_EXPECT_GE(test, iodmacmd_cmd_bounce_bytes(cmd), 3 * PAGE_SIZE);
	/* A smaller request keeps it; a larger one replaces it. */
	KUNIT_ASSERT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionIn, PAGE_SIZE));
	KUNIT_EXPECT_GE(test, iodmacmd_cmd_bounce_bytes(cmd), 3 * PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut,
							     8 * PAGE_SIZE));
	KUNIT_EXPECT_GE(test, iodmacmd_cmd_bounce_bytes(cmd), 8 * PAGE_SIZE);
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * A forced double buffer after createCopyBuffer() allocates nothing: with
 * the task's next allocation set to fail (fail-nth), it succeeds and the
 * injection is still pending.
 */
static void iodmacmd_iokit_test_copy_buffer_serves_prepare(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	IODMACommand *cmd = mapped_cmd(test);
	IOMemoryDescriptor *md;
	unsigned int left;
	IOReturn ret;
	u8 out[4];
	void *probe;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	memset(mem, 0x77, 2 * PAGE_SIZE);
	/* Injection reaches this task's sleeping allocations (the guest's set-up). */
	WRITE_ONCE(current->fail_nth, 1);
	probe = kmalloc(16, GFP_KERNEL);
	WRITE_ONCE(current->fail_nth, 0);
	kfree(probe);
	if (probe)
		kunit_skip(test, "fail-nth does not reach GFP_KERNEL allocations here");

	md = test_md(test, IOMemoryDescriptorWithAddress(mem, 2 * PAGE_SIZE, kIODirectionOut));
	KUNIT_ASSERT_TRUE(test, IODMACommandCreateCopyBuffer(cmd, kIODirectionOut,
							     2 * PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	WRITE_ONCE(current->fail_nth, 1);
	ret = IODMACommandSynchronize(cmd, kForceDoubleBuffer);
	left = READ_ONCE(current->fail_nth);
	WRITE_ONCE(current->fail_nth, 0);
	KUNIT_ASSERT_EQ(test, ret, kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, left, 1);
	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(cmd), "forced");
	KUNIT_EXPECT_EQ(test, IODMACommandReadBytes(cmd, PAGE_SIZE, out, 4), 4);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 0x77, 4));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}
#else
static void iodmacmd_iokit_test_copy_buffer_serves_prepare(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
}
#endif

static struct kunit_case iodmacmd_iokit_test_cases[] = {
	KUNIT_CASE(iodmacmd_iokit_test_constants),
	KUNIT_CASE(iodmacmd_iokit_test_with_specification),
	KUNIT_CASE(iodmacmd_iokit_test_with_segment_options),
	KUNIT_CASE(iodmacmd_iokit_test_clone_keeps_alignments),
	KUNIT_CASE(iodmacmd_iokit_test_weak_with_specification),
	KUNIT_CASE(iodmacmd_iokit_test_with_refcon),
	KUNIT_CASE(iodmacmd_iokit_test_with_device_and_refcon),
	KUNIT_CASE(iodmacmd_iokit_test_prepare_spec_takes_mapper),
	KUNIT_CASE(iodmacmd_iokit_test_prepare_spec_failure_takes_no_device),
	KUNIT_CASE(iodmacmd_iokit_test_state_errors),
	KUNIT_CASE(iodmacmd_iokit_test_gen_errors),
	KUNIT_CASE(iodmacmd_iokit_test_gen32_host32),
	KUNIT_CASE_PARAM(iodmacmd_iokit_test_split_example, split_gen_params),
	KUNIT_CASE(iodmacmd_iokit_test_output_refuses),
	KUNIT_CASE(iodmacmd_iokit_test_md_kernel),
	KUNIT_CASE(iodmacmd_iokit_test_md_address_range),
	KUNIT_CASE(iodmacmd_iokit_test_usual_sequence),
	KUNIT_CASE(iodmacmd_iokit_test_md_user_task),
	KUNIT_CASE(iodmacmd_iokit_test_buffer_with_capacity),
	KUNIT_CASE(iodmacmd_iokit_test_buffer_with_options),
	KUNIT_CASE(iodmacmd_iokit_test_buffer_physical_mask),
	KUNIT_CASE(iodmacmd_iokit_test_buffer_accessors),
	KUNIT_CASE(iodmacmd_iokit_test_sub),
	KUNIT_CASE(iodmacmd_iokit_test_multi),
	KUNIT_CASE(iodmacmd_iokit_test_synchronize),
	KUNIT_CASE(iodmacmd_iokit_test_force_double_buffer_range),
	KUNIT_CASE(iodmacmd_iokit_test_null_mapper_is_provider),
	KUNIT_CASE(iodmacmd_iokit_test_null_mapper_other_factories),
	KUNIT_CASE(iodmacmd_iokit_test_null_mapper_without_provider),
	KUNIT_CASE(iodmacmd_iokit_test_null_mapper_noncoherent),
	KUNIT_CASE(iodmacmd_iokit_test_null_mapper_physical_types),
	KUNIT_CASE(iodmacmd_iokit_test_prepare_spec_null_mapper),
	KUNIT_CASE(iodmacmd_iokit_test_retain_release),
	KUNIT_CASE(iodmacmd_iokit_test_alloc_is_unspecified),
	KUNIT_CASE(iodmacmd_iokit_test_init_with_specification),
	KUNIT_CASE(iodmacmd_iokit_test_init_with_segment_options),
	KUNIT_CASE(iodmacmd_iokit_test_init_with_refcon),
	KUNIT_CASE(iodmacmd_iokit_test_init_hyperv_sequence),
	KUNIT_CASE(iodmacmd_iokit_test_init_refuses_specified),
	KUNIT_CASE(iodmacmd_iokit_test_init_refuses_attached),
	KUNIT_CASE(iodmacmd_iokit_test_init_failure_changes_nothing),
	KUNIT_CASE(iodmacmd_iokit_test_init_keeps_device),
	KUNIT_CASE(iodmacmd_iokit_test_create_copy_buffer),
	KUNIT_CASE(iodmacmd_iokit_test_copy_buffer_serves_prepare),
	{}
};

static struct kunit_suite iodmacmd_iokit_test_suite = {
	.name = "iodmacmd_iokit",
	.test_cases = iodmacmd_iokit_test_cases,
};

kunit_test_suite(iodmacmd_iokit_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's Apple-named face (IODMACommand and descriptors)");
IODMACMD_IMPORT_NS();
