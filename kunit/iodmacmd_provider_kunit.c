// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what a driver ported from macOS does with no device in
 * its calls: a bound provider (IOServiceBindProvider()), buffers shared
 * with the device (rings), descriptors the system mapper maps while
 * prepared, and the physical segments a driver writes into hardware.
 *
 * The device side is real: QEMU's edu device copies with its DMA engine
 * between RAM and its own 4 KiB buffer, so a test checks what the device
 * read and wrote, behind the IOMMU in the iommu guest and through swiotlb
 * in the swiotlb guest. No test calls a sync function: the point of shared
 * memory is that a driver needs none.
 */
#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOService.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "iodmacmd_kunit_helpers.h"

/* QEMU hw/misc/edu.c */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF			0x40000
#define RING_SIZE		SZ_4K
#define XFER			256	/* never to the end of edu's buffer (QEMU <= 7.2 aborts) */

static void __iomem *edu_regs;

/* One edu DMA: RAM at @bus to (or from) the device's buffer at @dev_off. */
static int edu_dma(u64 bus, u32 dev_off, u32 len, bool to_ram)
{
	u32 cmd;

	if (to_ram) {
		writeq(EDU_BUF + dev_off, edu_regs + EDU_DMA_SRC);
		writeq(bus, edu_regs + EDU_DMA_DST);
	} else {
		writeq(bus, edu_regs + EDU_DMA_SRC);
		writeq(EDU_BUF + dev_off, edu_regs + EDU_DMA_DST);
	}
	writeq(len, edu_regs + EDU_DMA_COUNT);
	writeq(EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0), edu_regs + EDU_DMA_CMD);
	/* QEMU runs the copy from a 100 ms timer. */
	return readl_poll_timeout(edu_regs + EDU_DMA_CMD, cmd, !(cmd & EDU_DMA_RUN), 1000,
				  5 * USEC_PER_SEC);
}

static struct device *edu_device(struct kunit *test)
{
	if (!iodmacmd_test_edu || !edu_regs)
		kunit_skip(test, "no edu device, or no RAM below 2^%u for its mask and no IOMMU",
			   edu_dma_bits);
	return &iodmacmd_test_edu->dev;
}

static void unbind_action(void *dev)
{
	IOServiceUnbindProvider(dev);
}

static void bind(struct kunit *test, struct device *dev)
{
	KUNIT_ASSERT_EQ(test, IOServiceBindProvider(dev), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unbind_action, dev), 0);
}

static void release_md(void *md)
{
	IOMemoryDescriptorRelease(md);
}

static IOMemoryDescriptor *keep(struct kunit *test, IOMemoryDescriptor *md)
{
	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, md), 0);
	return md;
}

/* A ring as the Mieze drivers and itlwm allocate theirs. */
static IOBufferMemoryDescriptor *ring(struct kunit *test, IOOptionBits cache)
{
	return keep(test, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task,
		kIODirectionInOut | kIOMemoryPhysicallyContiguous |
		kIOMemoryHostPhysicallyContiguous | cache, RING_SIZE,
		DMA_BIT_MASK(edu_dma_bits) & ~0xffull));
}

static void fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = seed + i * 7;
}

/* --- the provider --- */

static void iodmacmd_provider_test_bound_device_is_found(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64), *found;

	bind(test, dev);
	found = iodmacmd_get_provider();
	KUNIT_EXPECT_PTR_EQ(test, found, dev);
	put_device(found);
}

static void iodmacmd_provider_test_none_bound_finds_none(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
}

static void iodmacmd_provider_test_unbind_forgets(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);

	KUNIT_ASSERT_EQ(test, IOServiceBindProvider(dev), kIOReturnSuccess);
	IOServiceUnbindProvider(dev);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
}

static void iodmacmd_provider_test_bind_twice_refused(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64), *found;

	bind(test, dev);
	KUNIT_EXPECT_NE(test, IOServiceBindProvider(dev), kIOReturnSuccess);
	/* Still bound once: one unbind (the action) leaves nothing behind. */
	found = iodmacmd_get_provider();
	KUNIT_EXPECT_PTR_EQ(test, found, dev);
	put_device(found);
}

static void iodmacmd_provider_test_two_bound_is_ambiguous(struct kunit *test)
{
	struct device *a = iodmacmd_test_named_device(test, "iodmacmd-test-a", 64);
	struct device *b = iodmacmd_test_named_device(test, "iodmacmd-test-b", 64);

	bind(test, a);
	bind(test, b);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
}

static void exit_action(void *unused)
{
	IOServiceExitProvider();
}

static void iodmacmd_provider_test_entered_device_wins(struct kunit *test)
{
	struct device *a = iodmacmd_test_named_device(test, "iodmacmd-test-a", 64);
	struct device *b = iodmacmd_test_named_device(test, "iodmacmd-test-b", 64);
	struct device *found;

	bind(test, a);
	bind(test, b);
	KUNIT_ASSERT_EQ(test, IOServiceEnterProvider(b), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, exit_action, NULL), 0);
	found = iodmacmd_get_provider();
	KUNIT_EXPECT_PTR_EQ(test, found, b);
	put_device(found);
	IOServiceExitProvider();
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
}

static void iodmacmd_provider_test_copy_mapper_for_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	IOMapper *mapper = IOMapperCopyMapperForDevice(dev);

	KUNIT_EXPECT_PTR_EQ(test, mapper, dev);
	IOMapperRelease(mapper);
	KUNIT_EXPECT_NULL(test, IOMapperCopyMapperForDevice(NULL));
}

/* --- shared buffers (rings) --- */

static void iodmacmd_provider_test_inhibit_cache_needs_provider(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionInOut |
								    kIOMapInhibitCache,
								    PAGE_SIZE, 1));
}

static void iodmacmd_provider_test_inhibit_cache_with_mapper_none_refused(struct kunit *test)
{
	bind(test, iodmacmd_test_device(test, 64));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithOptions(kIODirectionInOut |
								    kIOMapInhibitCache |
								    kIOMemoryMapperNone,
								    PAGE_SIZE, 1));
}

static void iodmacmd_provider_test_every_cache_mode_accepted(struct kunit *test)
{
	static const IOOptionBits modes[] = {
		kIOMapDefaultCache, kIOMapInhibitCache, kIOMapWriteThruCache,
		kIOMapCopybackCache, kIOMapWriteCombineCache,
	};
	unsigned int i;

	bind(test, iodmacmd_test_device(test, 64));
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		IOOptionBits options = kIODirectionInOut | modes[i];
		IOBufferMemoryDescriptor *md;
		u8 *p;

		md = IOBufferMemoryDescriptorWithOptions(options, PAGE_SIZE, 1);

		KUNIT_ASSERT_NOT_NULL_MSG(test, md, "cache mode %#x", modes[i]);
		p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
		KUNIT_EXPECT_NOT_NULL(test, p);
		if (p) {
			KUNIT_EXPECT_EQ(test, p[0], 0);	/* zeroed */
			p[1] = 0x5a;
			KUNIT_EXPECT_EQ(test, p[1], 0x5a);
		}
		IOMemoryDescriptorRelease(md);
	}
}

/* The CPU writes the ring, the device reads it: no sync call. */
static void iodmacmd_provider_test_ring_device_reads_cpu_writes(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	u8 *p, expect[XFER];
	u64 bus;

	bind(test, dev);
	md = ring(test, kIOMapInhibitCache);
	p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	bus = IOMemoryDescriptorGetPhysicalAddress(md);
	fill(p, XFER, 0x11);
	memcpy(expect, p, XFER);
	/* Device: ring[0..] into its buffer, then back into ring[2048..]. */
	KUNIT_ASSERT_EQ(test, edu_dma(bus, 0, XFER, false), 0);
	KUNIT_ASSERT_EQ(test, edu_dma(bus + 2048, 0, XFER, true), 0);
	KUNIT_EXPECT_MEMEQ(test, p + 2048, expect, XFER);
}

/* The device writes the ring, the CPU reads it, again and again. */
static void iodmacmd_provider_test_ring_cpu_reads_device_writes(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	u64 bus;
	u8 *p;
	int round;

	bind(test, dev);
	md = ring(test, kIOMapInhibitCache);
	p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	bus = IOMemoryDescriptorGetPhysicalAddress(md);
	for (round = 0; round < 3; round++) {
		/* The CPU's new slot goes to the device, which writes it to the status slot. */
		WRITE_ONCE(p[0], 0xc0 + round);
		KUNIT_ASSERT_EQ(test, edu_dma(bus, 512, 1, false), 0);
		KUNIT_ASSERT_EQ(test, edu_dma(bus + 1024, 512, 1, true), 0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(p[1024]), 0xc0 + round);
	}
}

static void iodmacmd_provider_test_write_combine_ring_round_trip(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	u8 *p, expect[XFER];
	u64 bus;

	bind(test, dev);
	md = ring(test, kIOMapWriteCombineCache);
	p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	bus = IOMemoryDescriptorGetPhysicalAddress(md);
	fill(expect, XFER, 0x33);
	memcpy(p, expect, XFER);
	wmb();	/* write-combined stores are posted: drivers fence before the doorbell */
	KUNIT_ASSERT_EQ(test, edu_dma(bus, 0, XFER, false), 0);
	KUNIT_ASSERT_EQ(test, edu_dma(bus + 1024, 0, XFER, true), 0);
	KUNIT_EXPECT_MEMEQ(test, p + 1024, expect, XFER);
}

/* A contiguous buffer with the default cache mode is shared as well. */
static void iodmacmd_provider_test_contiguous_default_ring_is_shared(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	u8 *p, expect[XFER];
	u64 bus;

	bind(test, dev);
	md = keep(test, IOBufferMemoryDescriptorWithCapacity(RING_SIZE, kIODirectionInOut, true));
	p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	bus = IOMemoryDescriptorGetPhysicalAddress(md);
	fill(expect, XFER, 0x55);
	memcpy(p, expect, XFER);
	KUNIT_ASSERT_EQ(test, edu_dma(bus, 0, XFER, false), 0);
	KUNIT_ASSERT_EQ(test, edu_dma(bus + 2048, 0, XFER, true), 0);
	KUNIT_EXPECT_MEMEQ(test, p + 2048, expect, XFER);
}

/* genIOVMSegments and getPhysicalSegment agree on a ring's address. */
static void iodmacmd_provider_test_ring_segment_matches_physical_segment(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IODMACommandSegment64 seg;
	IOBufferMemoryDescriptor *md;
	UInt32 n = 1;
	UInt64 off = 0;
	IODMACommand *cmd;
	IOByteCount len;
	u64 bus;

	bind(test, dev);
	md = ring(test, kIOMapInhibitCache);
	bus = IOMemoryDescriptorGetPhysicalSegment(md, 0, &len, 0);
	KUNIT_EXPECT_EQ(test, len, (IOByteCount)RING_SIZE);
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, edu_dma_bits, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	/* Never bounced, swiotlb=force included: coherent memory is the device's. */
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, n, 1u);
	KUNIT_EXPECT_EQ(test, seg.fIOVMAddr, bus);
	KUNIT_EXPECT_EQ(test, seg.fLength, (u64)RING_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	IODMACommandRelease(cmd);
}

static void iodmacmd_provider_test_ring_window_has_parent_address(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	IOSubMemoryDescriptor *sub;
	IOByteCount len;

	bind(test, dev);
	md = ring(test, kIOMapInhibitCache);
	sub = keep(test, IOSubMemoryDescriptorWithSubRange(md, 512, 256, kIODirectionInOut));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(sub, 16, &len, 0),
			IOMemoryDescriptorGetPhysicalAddress(md) + 512 + 16);
	KUNIT_EXPECT_EQ(test, len, (IOByteCount)(256 - 16));
}

/* kIOMemoryMapperNone always gives the CPU's physical address. */
static void iodmacmd_provider_test_mapper_none_is_cpu_physical(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *md;
	struct page *page;
	u8 *p;

	bind(test, dev);
	md = ring(test, kIOMapInhibitCache);
	p = IOBufferMemoryDescriptorGetBytesNoCopy(md);
	page = is_vmalloc_addr(p) ? vmalloc_to_page(p) : virt_to_page(p);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalSegment(md, 0, NULL,
								   kIOMemoryMapperNone),
			(u64)page_to_phys(page));
}

/* --- the system mapper: descriptors prepared for the provider --- */

static void kfree_action(void *p)
{
	kfree(p);
}

/* Never crosses a page (kmalloc aligns these sizes to themselves). */
static u8 *test_kmalloc(struct kunit *test, size_t len)
{
	u8 *p = kmalloc(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kfree_action, p), 0);
	return p;
}

/*
 * Streaming mappings under swiotlb=force land in bounce slots far above
 * edu's 28 bits, so these tests play the device with the CPU, reading and
 * writing where the bus address leads: through the IOMMU's page table for
 * edu behind the IOMMU, else through dma_to_phys() for a 64-bit device.
 */
static struct device *mapper_device(struct kunit *test)
{
	struct device *edu = edu_device(test);

	return iodmacmd_test_translated(edu) ? edu : iodmacmd_test_device(test, 64);
}

static void *bus_to_virt(struct device *dev, u64 bus)
{
	if (iodmacmd_test_translated(dev))
		return phys_to_virt(iommu_iova_to_phys(iommu_get_domain_for_dev(dev), bus));
	return phys_to_virt(dma_to_phys(dev, bus));
}

/* The device reads what the address getPhysicalSegment gave names. */
static void iodmacmd_provider_test_prepared_segment_is_device_address(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IOMemoryDescriptor *md;
	IOByteCount len;
	u8 *data;
	u64 bus;

	bind(test, dev);
	data = test_kmalloc(test, XFER);
	fill(data, XFER, 0x77);
	md = keep(test, IOMemoryDescriptorWithAddress(data, XFER, kIODirectionOut));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	bus = IOMemoryDescriptorGetPhysicalSegment(md, 0, &len, 0);
	KUNIT_EXPECT_EQ(test, len, (IOByteCount)XFER);
	if (iodmacmd_test_translated(dev))
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(iommu_get_domain_for_dev(dev), bus),
				virt_to_phys(data));
	KUNIT_EXPECT_MEMEQ(test, bus_to_virt(dev, bus), data, XFER);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/* What the device wrote at that address is the CPU's after complete(). */
static void iodmacmd_provider_test_complete_brings_device_writes(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IOMemoryDescriptor *md;
	u8 *data, expect[XFER];

	bind(test, dev);
	fill(expect, XFER, 0x99);
	data = test_kmalloc(test, XFER);
	memset(data, 0, XFER);
	md = keep(test, IOMemoryDescriptorWithAddress(data, XFER, kIODirectionIn));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	memcpy(bus_to_virt(dev, IOMemoryDescriptorGetPhysicalAddress(md)), expect, XFER);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_MEMEQ(test, data, expect, XFER);
}

/* A command for the provider uses the mapping the prepared descriptor has. */
static void iodmacmd_provider_test_command_shares_prepared_mapping(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IODMACommandSegment64 seg;
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 1;
	u8 *data;

	bind(test, dev);
	data = test_kmalloc(test, XFER);
	md = keep(test, IOMemoryDescriptorWithAddress(data, XFER, kIODirectionOut));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, seg.fIOVMAddr, IOMemoryDescriptorGetPhysicalAddress(md));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	IODMACommandRelease(cmd);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/*
 * A provider that cannot reach the memory (24 bits, no IOMMU) is not mapped
 * at prepare, which would send the mapping to a swiotlb pool it cannot
 * reach either and WARN: the prepare succeeds, the segment stays the CPU's,
 * and a command in IOKit's sequence bounces.
 */
static void iodmacmd_provider_test_unreachable_provider_prepare_bounces(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 24);
	IODMACommandSegment64 seg;
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 1;
	u8 *data;

	bind(test, dev);
	data = test_kmalloc(test, XFER);
	KUNIT_ASSERT_GT(test, (u64)virt_to_phys(data), (u64)DMA_BIT_MASK(24));
	md = keep(test, IOMemoryDescriptorWithAddress(data, XFER, kIODirectionOut));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(md), (u64)virt_to_phys(data));
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 24, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_LE(test, seg.fIOVMAddr + seg.fLength - 1, (u64)DMA_BIT_MASK(24));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	IODMACommandRelease(cmd);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/*
 * IOKit's usual sequence for requests: the driver prepares a big buffer
 * once and hands windows of it to commands. The windows use the buffer's
 * own mapping; mapping the same writable memory again would make every In
 * command bounce ("shared memory").
 */
static void iodmacmd_provider_test_window_uses_prepared_parent_mapping(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IODMACommandSegment64 seg;
	IOMemoryDescriptor *md, *sub;
	u8 *data, expect[XFER];
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 1;

	bind(test, dev);
	data = test_kmalloc(test, 4 * XFER);
	memset(data, 0, 4 * XFER);
	fill(expect, XFER, 0x3c);
	md = keep(test, IOMemoryDescriptorWithAddress(data, 4 * XFER, kIODirectionIn));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	sub = keep(test, IOSubMemoryDescriptorWithSubRange(md, XFER, XFER, kIODirectionIn));
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, sub, true), kIOReturnSuccess);
	/* Not bounced (it would be for "shared memory"). */
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, seg.fIOVMAddr,
			IOMemoryDescriptorGetPhysicalSegment(md, XFER, NULL, 0));
	/* The device writes the window; the command's complete hands it to the CPU. */
	memcpy(bus_to_virt(dev, seg.fIOVMAddr), expect, XFER);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	KUNIT_EXPECT_MEMEQ(test, data + XFER, expect, XFER);
	IODMACommandRelease(cmd);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/* The same for a concatenation's window inside one member. */
static void iodmacmd_provider_test_multi_window_uses_member_mapping(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IOMemoryDescriptor *members[2], *multi;
	IODMACommandSegment64 seg;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 1;
	u8 *a, *b;

	bind(test, dev);
	a = test_kmalloc(test, XFER);
	b = test_kmalloc(test, XFER);
	members[0] = keep(test, IOMemoryDescriptorWithAddress(a, XFER, kIODirectionIn));
	members[1] = keep(test, IOMemoryDescriptorWithAddress(b, XFER, kIODirectionIn));
	multi = IOMultiMemoryDescriptorWithDescriptors(members, 2, kIODirectionIn, false);
	keep(test, multi);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(multi, kIODirectionNone),
			kIOReturnSuccess);
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, multi, false), kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepare(cmd, XFER, XFER, true, true), kIOReturnSuccess);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	/* Segment offsets count from the prepared offset. */
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, seg.fIOVMAddr,
			IOMemoryDescriptorGetPhysicalAddress(members[1]));
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	IODMACommandRelease(cmd);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(multi, kIODirectionNone),
			kIOReturnSuccess);
}

/* Without a provider nothing maps itself: the CPU physical address. */
static void iodmacmd_provider_test_no_provider_segment_is_physical(struct kunit *test)
{
	IOMemoryDescriptor *md;
	u8 *data = test_kmalloc(test, XFER);

	md = keep(test, IOMemoryDescriptorWithAddress(data, XFER, kIODirectionOut));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetPhysicalAddress(md), (u64)virt_to_phys(data));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/* --- the remaining descriptor calls --- */

static void iodmacmd_provider_test_empty_descriptor_prepares_and_ends(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommandSegment64 seg;
	IOMemoryDescriptor *md;
	IODMACommand *cmd;
	UInt64 off = 0;
	UInt32 n = 1;
	u8 byte;

	md = keep(test, IOMemoryDescriptorWithAddress(&byte, 0, kIODirectionOut));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 0ull);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	cmd = IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, 0,
					    kIODMAMapOptionMapped, 0, 1, dev, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_EXPECT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, md, true), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandGenIOVMSegments(cmd, &off, &seg, &n), kIOReturnOverrun);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
	IODMACommandRelease(cmd);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

static void iodmacmd_provider_test_tag_round_trips(struct kunit *test)
{
	u8 *data = test_kmalloc(test, 64);
	IOMemoryDescriptor *md = keep(test, IOMemoryDescriptorWithAddress(data, 64,
									  kIODirectionOut));

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetTag(md), 0u);
	IOMemoryDescriptorSetTag(md, 0xa5a5);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetTag(md), 0xa5a5u);
}

static void iodmacmd_provider_test_with_bytes_copies(struct kunit *test)
{
	static const char text[] = "firmware image";
	IOBufferMemoryDescriptor *md;

	md = keep(test, IOBufferMemoryDescriptorWithBytes(text, sizeof(text), kIODirectionOut,
							  false));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), (IOByteCount)sizeof(text));
	KUNIT_EXPECT_MEMEQ(test, IOBufferMemoryDescriptorGetBytesNoCopy(md), text, sizeof(text));
}

static void iodmacmd_provider_test_set_direction_changes_it(struct kunit *test)
{
	IOBufferMemoryDescriptor *md;

	md = keep(test, IOBufferMemoryDescriptorWithCapacity(PAGE_SIZE, kIODirectionOut, false));

	IOBufferMemoryDescriptorSetDirection(md, kIODirectionIn);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), (IODirection)kIODirectionIn);
}

static void iodmacmd_provider_test_set_direction_refused_while_prepared(struct kunit *test)
{
	IOBufferMemoryDescriptor *md;

	md = keep(test, IOBufferMemoryDescriptorWithCapacity(PAGE_SIZE, kIODirectionOut, false));

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	IOBufferMemoryDescriptorSetDirection(md, kIODirectionIn);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), (IODirection)kIODirectionOut);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/* Mieze's per-packet recycling: one object, new memory each time. */
static void iodmacmd_provider_test_init_with_options_recycles(struct kunit *test)
{
	u8 *a = test_kmalloc(test, 128), *b = test_kmalloc(test, 64), out[64];
	IOAddressRange range = { .address = (uintptr_t)a, .length = 128 };
	IOMemoryDescriptor *md;

	memset(a, 0xaa, 128);
	memset(b, 0xbb, 64);
	md = keep(test, IOMemoryDescriptorWithOptions(&range, 1, 0, kernel_task,
						      kIODirectionOut | kIOMemoryTypeVirtual,
						      NULL));
	IOMemoryDescriptorSetTag(md, 1);
	range = (IOAddressRange){ .address = (uintptr_t)b, .length = 64 };
	KUNIT_ASSERT_TRUE(test, IOMemoryDescriptorInitWithOptions(md, &range, 1, 0, kernel_task,
								  kIODirectionIn |
								  kIOMemoryTypeVirtual, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 64ull);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), (IODirection)kIODirectionIn);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorReadBytes(md, 0, out, 64), 64ull);
	KUNIT_EXPECT_MEMEQ(test, out, b, 64);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetTag(md), 1u);
}

static void iodmacmd_provider_test_init_with_options_refused_while_prepared(struct kunit *test)
{
	u8 *a = test_kmalloc(test, 128), *b = test_kmalloc(test, 64);
	IOAddressRange range = { .address = (uintptr_t)a, .length = 128 };
	IOMemoryDescriptor *md;

	md = keep(test, IOMemoryDescriptorWithOptions(&range, 1, 0, kernel_task,
						      kIODirectionOut, NULL));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	range = (IOAddressRange){ .address = (uintptr_t)b, .length = 64 };
	KUNIT_EXPECT_FALSE(test, IOMemoryDescriptorInitWithOptions(md, &range, 1, 0, kernel_task,
								   kIODirectionOut, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 128ull);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

static void iodmacmd_provider_test_init_with_options_more_ranges_refused(struct kunit *test)
{
	u8 *a = test_kmalloc(test, 128);
	IOAddressRange ranges[2] = {
		{ .address = (uintptr_t)a, .length = 64 },
		{ .address = (uintptr_t)a + 64, .length = 64 },
	};
	IOMemoryDescriptor *md;

	md = keep(test, IOMemoryDescriptorWithOptions(ranges, 1, 0, kernel_task,
						      kIODirectionOut, NULL));
	KUNIT_EXPECT_FALSE(test, IOMemoryDescriptorInitWithOptions(md, ranges, 2, 0, kernel_task,
								   kIODirectionOut, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(md), 64ull);
}

static void iodmacmd_provider_test_with_options_mapper_maps_for_it(struct kunit *test)
{
	struct device *dev = mapper_device(test);
	IOAddressRange range;
	IOMemoryDescriptor *md;
	u8 *data;

	/* No provider bound: the mapper argument alone names the device. */
	data = test_kmalloc(test, XFER);
	fill(data, XFER, 0x21);
	range = (IOAddressRange){ .address = (uintptr_t)data, .length = XFER };
	md = keep(test, IOMemoryDescriptorWithOptions(&range, 1, 0, kernel_task,
						      kIODirectionOut, dev));
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_MEMEQ(test, bus_to_virt(dev, IOMemoryDescriptorGetPhysicalAddress(md)), data,
			   XFER);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
}

/* --- bad input: the documented error, and the object still works --- */

static void iodmacmd_provider_test_bind_bad_device_refused(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, IOServiceBindProvider(NULL), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOServiceBindProvider(ERR_PTR(-ENODEV)), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOServiceEnterProvider(NULL), kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
	/* Unbinding what is not bound, and exiting without entering, change nothing. */
	IOServiceUnbindProvider(iodmacmd_test_device(test, 64));
	IOServiceExitProvider();
	KUNIT_EXPECT_NULL(test, iodmacmd_get_provider());
}

static void iodmacmd_provider_test_coherent_buffer_bad_input(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_md *md;

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(NULL, IODMACMD_DIR_IN,
								      PAGE_SIZE, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN, 0,
								      0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN,
								      PAGE_SIZE, 3, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN,
								      PAGE_SIZE, 0,
								      0xff00ff00)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, 0x10000,
								      PAGE_SIZE, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN,
								      U64_MAX, 0, 0)), -ENOMEM);
	/* The device still gets a buffer afterwards. */
	md = iodmacmd_test_md(test, iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN,
								    PAGE_SIZE, 0, 0));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), (u64)PAGE_SIZE);
}

static void iodmacmd_provider_test_device_without_coherent_mask_refused(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);

	dev->coherent_dma_mask = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_IN,
								      PAGE_SIZE, 0, 0)), -ENOMEM);
}

static void iodmacmd_provider_test_bus_segment_bad_input(struct kunit *test)
{
	u8 *data = test_kmalloc(test, 64);
	struct iodmacmd_md *md;
	u64 len = 1;

	KUNIT_EXPECT_EQ(test, iodmacmd_md_bus_segment(NULL, 0, &len), 0ull);
	KUNIT_EXPECT_EQ(test, len, 0ull);
	len = 1;
	KUNIT_EXPECT_EQ(test, iodmacmd_md_bus_segment(ERR_PTR(-EINVAL), 0, &len), 0ull);
	KUNIT_EXPECT_EQ(test, len, 0ull);
	md = keep(test, IOMemoryDescriptorWithAddress(data, 64, kIODirectionOut));
	len = 1;
	KUNIT_EXPECT_EQ(test, iodmacmd_md_bus_segment(md, 64, &len), 0ull);
	KUNIT_EXPECT_EQ(test, len, 0ull);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_bus_segment(md, 0, &len), (u64)virt_to_phys(data));
	KUNIT_EXPECT_EQ(test, len, 64ull);
}

static void iodmacmd_provider_test_set_mapper_refused_while_prepared(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *data = test_kmalloc(test, 64);
	IOMemoryDescriptor *md = keep(test, IOMemoryDescriptorWithAddress(data, 64,
									  kIODirectionOut));

	KUNIT_EXPECT_EQ(test, iodmacmd_md_set_mapper(NULL, dev), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_set_mapper(md, ERR_PTR(-ENODEV)), -EINVAL);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorPrepare(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_set_mapper(md, dev), -EBUSY);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorComplete(md, kIODirectionNone), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_set_mapper(md, dev), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_set_mapper(md, NULL), 0);
}

static void iodmacmd_provider_test_with_options_bad_input(struct kunit *test)
{
	u8 *data = test_kmalloc(test, 64);
	IOAddressRange range = { .address = (uintptr_t)data, .length = 64 };

	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithOptions(NULL, 1, 0, kernel_task,
							      kIODirectionOut, NULL));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithOptions(&range, 1, 4, kernel_task,
							      kIODirectionOut, NULL));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithOptions(&range, 1, 0, kernel_task,
							      kIODirectionOut,
							      ERR_PTR(-ENODEV)));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithOptions(&range, 1, 0, kernel_task,
							      kIODirectionOut | 0x40000000, NULL));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorWithOptions(&range, 1, 0, NULL,
							      kIODirectionOut |
							      kIOMemoryTypeVirtual, NULL));
}

static void iodmacmd_provider_test_init_with_options_other_kinds_refused(struct kunit *test)
{
	u8 *data = test_kmalloc(test, 64);
	IOAddressRange range = { .address = (uintptr_t)data, .length = 64 };
	IOBufferMemoryDescriptor *buf;

	buf = keep(test, IOBufferMemoryDescriptorWithCapacity(PAGE_SIZE, kIODirectionOut, false));

	KUNIT_EXPECT_FALSE(test, IOMemoryDescriptorInitWithOptions(buf, &range, 1, 0, kernel_task,
								   kIODirectionOut, NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(buf), (IOByteCount)PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, IOMemoryDescriptorInitWithOptions(NULL, &range, 1, 0, kernel_task,
								   kIODirectionOut, NULL));
	KUNIT_EXPECT_FALSE(test, IOMemoryDescriptorInitWithOptions(buf, NULL, 1, 0, kernel_task,
								   kIODirectionOut, NULL));
}

static void iodmacmd_provider_test_tag_and_bytes_bad_input(struct kunit *test)
{
	IOMemoryDescriptorSetTag(NULL, 1);
	IOMemoryDescriptorSetTag(ERR_PTR(-EINVAL), 1);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetTag(NULL), 0u);
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithBytes(NULL, 16, kIODirectionOut,
								  false));
	KUNIT_EXPECT_NULL(test, IOBufferMemoryDescriptorWithBytes("x", 0, kIODirectionOut,
								  false));
	IOBufferMemoryDescriptorSetDirection(NULL, kIODirectionIn);
}

static void iodmacmd_provider_test_set_direction_on_non_buffer_refused(struct kunit *test)
{
	u8 *data = test_kmalloc(test, 64);
	IOMemoryDescriptor *md = keep(test, IOMemoryDescriptorWithAddress(data, 64,
									  kIODirectionOut));

	IOBufferMemoryDescriptorSetDirection(md, kIODirectionIn);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetDirection(md), (IODirection)kIODirectionOut);
}

static int iodmacmd_provider_suite_init(struct kunit_suite *suite)
{
	int err = iodmacmd_test_edu_bind();

	if (err || !iodmacmd_test_edu)
		return err;
	err = pci_enable_device(iodmacmd_test_edu);
	if (err)
		return err;
	pci_set_master(iodmacmd_test_edu);
	err = dma_set_mask_and_coherent(&iodmacmd_test_edu->dev, DMA_BIT_MASK(edu_dma_bits));
	/* No RAM below its reach (arm64 virt) and no IOMMU: edu_regs stays NULL. */
	if (err && iodmacmd_test_no_ram_below(edu_dma_bits))
		return 0;
	if (err)
		return err;
	edu_regs = pci_iomap(iodmacmd_test_edu, 0, 0);
	return edu_regs ? 0 : -ENOMEM;
}

static void iodmacmd_provider_suite_exit(struct kunit_suite *suite)
{
	if (edu_regs) {
		pci_iounmap(iodmacmd_test_edu, edu_regs);
		edu_regs = NULL;
		pci_clear_master(iodmacmd_test_edu);
		pci_disable_device(iodmacmd_test_edu);
	}
	iodmacmd_test_edu_unbind();
}

static struct kunit_case iodmacmd_provider_test_cases[] = {
	KUNIT_CASE(iodmacmd_provider_test_bound_device_is_found),
	KUNIT_CASE(iodmacmd_provider_test_none_bound_finds_none),
	KUNIT_CASE(iodmacmd_provider_test_unbind_forgets),
	KUNIT_CASE(iodmacmd_provider_test_bind_twice_refused),
	KUNIT_CASE(iodmacmd_provider_test_two_bound_is_ambiguous),
	KUNIT_CASE(iodmacmd_provider_test_entered_device_wins),
	KUNIT_CASE(iodmacmd_provider_test_copy_mapper_for_device),
	KUNIT_CASE(iodmacmd_provider_test_inhibit_cache_needs_provider),
	KUNIT_CASE(iodmacmd_provider_test_inhibit_cache_with_mapper_none_refused),
	KUNIT_CASE(iodmacmd_provider_test_every_cache_mode_accepted),
	KUNIT_CASE(iodmacmd_provider_test_ring_device_reads_cpu_writes),
	KUNIT_CASE(iodmacmd_provider_test_ring_cpu_reads_device_writes),
	KUNIT_CASE(iodmacmd_provider_test_write_combine_ring_round_trip),
	KUNIT_CASE(iodmacmd_provider_test_contiguous_default_ring_is_shared),
	KUNIT_CASE(iodmacmd_provider_test_ring_segment_matches_physical_segment),
	KUNIT_CASE(iodmacmd_provider_test_ring_window_has_parent_address),
	KUNIT_CASE(iodmacmd_provider_test_mapper_none_is_cpu_physical),
	KUNIT_CASE(iodmacmd_provider_test_prepared_segment_is_device_address),
	KUNIT_CASE(iodmacmd_provider_test_complete_brings_device_writes),
	KUNIT_CASE(iodmacmd_provider_test_command_shares_prepared_mapping),
	KUNIT_CASE(iodmacmd_provider_test_unreachable_provider_prepare_bounces),
	KUNIT_CASE(iodmacmd_provider_test_window_uses_prepared_parent_mapping),
	KUNIT_CASE(iodmacmd_provider_test_multi_window_uses_member_mapping),
	KUNIT_CASE(iodmacmd_provider_test_no_provider_segment_is_physical),
	KUNIT_CASE(iodmacmd_provider_test_empty_descriptor_prepares_and_ends),
	KUNIT_CASE(iodmacmd_provider_test_tag_round_trips),
	KUNIT_CASE(iodmacmd_provider_test_with_bytes_copies),
	KUNIT_CASE(iodmacmd_provider_test_set_direction_changes_it),
	KUNIT_CASE(iodmacmd_provider_test_set_direction_refused_while_prepared),
	KUNIT_CASE(iodmacmd_provider_test_init_with_options_recycles),
	KUNIT_CASE(iodmacmd_provider_test_init_with_options_refused_while_prepared),
	KUNIT_CASE(iodmacmd_provider_test_init_with_options_more_ranges_refused),
	KUNIT_CASE(iodmacmd_provider_test_with_options_mapper_maps_for_it),
	KUNIT_CASE(iodmacmd_provider_test_bind_bad_device_refused),
	KUNIT_CASE(iodmacmd_provider_test_coherent_buffer_bad_input),
	KUNIT_CASE(iodmacmd_provider_test_device_without_coherent_mask_refused),
	KUNIT_CASE(iodmacmd_provider_test_bus_segment_bad_input),
	KUNIT_CASE(iodmacmd_provider_test_set_mapper_refused_while_prepared),
	KUNIT_CASE(iodmacmd_provider_test_with_options_bad_input),
	KUNIT_CASE(iodmacmd_provider_test_init_with_options_other_kinds_refused),
	KUNIT_CASE(iodmacmd_provider_test_tag_and_bytes_bad_input),
	KUNIT_CASE(iodmacmd_provider_test_set_direction_on_non_buffer_refused),
	{}
};

static struct kunit_suite iodmacmd_provider_test_suite = {
	.name = "iodmacmd_provider",
	.suite_init = iodmacmd_provider_suite_init,
	.suite_exit = iodmacmd_provider_suite_exit,
	.test_cases = iodmacmd_provider_test_cases,
};

kunit_test_suite(iodmacmd_provider_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's provider device, shared buffers and bus addresses");
IODMACMD_IMPORT_NS();
