// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the DriverKit face, called the way ported dexts call it:
 * only <DriverKit/...> headers for the Apple calls, Apple's values for
 * every constant, the option translation, partial segment lists, rollback,
 * and data moved by a real device.
 *
 * The device side is QEMU's edu device, whose DMA engine copies between RAM
 * and its own 4 KiB buffer: behind the IOMMU in the iommu guest, through
 * swiotlb in the swiotlb guest, and with a 28-bit reach everywhere, so the
 * bounce path is real in every configuration. The Linux face
 * (<iodmacmd/iodmacmd.h>) is used only to look at what the DriverKit calls
 * did (wire counts, bounce state, physical addresses).
 */
#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <DriverKit/DriverKit.h>

#include "iodmacmd_kunit_helpers.h"

/* QEMU hw/misc/edu.c */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF			0x40000
#define XFER			256	/* never to the end of edu's buffer (QEMU <= 7.2 aborts) */

/* PerformOperation()'s options, short enough for one line a call. */
#define OP_READ			kIODMACommandPerformOperationOptionRead
#define OP_WRITE		kIODMACommandPerformOperationOptionWrite
#define OP_ZERO			kIODMACommandPerformOperationOptionZero
#define ZEROED			(PAGE_SIZE + 1)	/* bytes the Zero test clears */

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

/* The device copies the bytes the segments describe, in order. */
static void edu_dma_segments(struct kunit *test, const IOAddressSegment *segs, u32 count,
			     u32 dev_off, bool to_ram)
{
	u32 i;

	for (i = 0; i < count; i++) {
		KUNIT_ASSERT_LE(test, dev_off + segs[i].length, (u64)XFER * 8);
		KUNIT_ASSERT_EQ(test, edu_dma(segs[i].address, dev_off, segs[i].length, to_ram), 0);
		dev_off += segs[i].length;
	}
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
	IOMemoryDescriptor *object = md;

	OSSafeReleaseNULL(object);
}

static void release_cmd(void *cmd)
{
	IODMACommand *object = cmd;

	OSSafeReleaseNULL(object);
}

static void release_map(void *map)
{
	IOMemoryMap *object = map;

	OSSafeReleaseNULL(object);
}

static IOBufferMemoryDescriptor *buffer(struct kunit *test, uint64_t options, uint64_t capacity)
{
	IOBufferMemoryDescriptor *bmd = NULL;

	KUNIT_ASSERT_EQ(test, IOBufferMemoryDescriptorCreate(options, capacity, 0, &bmd),
			kIOReturnSuccess);
	KUNIT_ASSERT_NOT_NULL(test, bmd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, bmd), 0);
	return bmd;
}

static IODMACommand *command(struct kunit *test, struct device *dev, uint64_t bits)
{
	IODMACommandSpecification spec = { .maxAddressBits = bits };
	IODMACommand *cmd = NULL;

	KUNIT_ASSERT_EQ(test, IODMACommandCreate(dev, kIODMACommandCreateNoOptions, &spec, &cmd),
			kIOReturnSuccess);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_cmd, cmd), 0);
	return cmd;
}

static void *cpu_address(struct kunit *test, IOBufferMemoryDescriptor *bmd)
{
	IOAddressSegment range;

	KUNIT_ASSERT_EQ(test, IOBufferMemoryDescriptorGetAddressRange(bmd, &range),
			kIOReturnSuccess);
	return (void *)(uintptr_t)range.address;
}

static void fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = seed + i * 7;
}

/* PrepareForDMA with a 32-entry array, as dexts call it; returns the count. */
static u32 prepare(struct kunit *test, IODMACommand *cmd, IOMemoryDescriptor *md, u64 offset,
		   u64 length, IOAddressSegment *segs)
{
	uint32_t count = 32;
	uint64_t flags = 0;

	KUNIT_ASSERT_EQ(test, IODMACommandPrepareForDMA(cmd, kIODMACommandPrepareForDMANoOptions,
							md, offset, length, &flags, &count, segs),
			kIOReturnSuccess);
	return count;
}

static u64 segments_total(const IOAddressSegment *segs, u32 count)
{
	u64 total = 0;
	u32 i;

	for (i = 0; i < count; i++)
		total += segs[i].length;
	return total;
}

/* Whether @md is prepared: completing an unprepared descriptor is refused. */
static bool md_prepared(struct kunit *test, IOMemoryDescriptor *md)
{
	int err = iodmacmd_md_complete(md, IODMACMD_DIR_NONE);

	if (err)
		return false;
	/* It was: put the prepare back. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_NONE), 0);
	return true;
}

/* --- constants and layouts: Apple's values --- */

static void iodmacmd_driverkit_test_command_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kIODMACommandCreateNoOptions, 0);
	KUNIT_EXPECT_EQ(test, kIODMACommandPrepareForDMANoOptions, 0);
	KUNIT_EXPECT_EQ(test, kIODMACommandCompleteDMANoOptions, 0);
	KUNIT_EXPECT_EQ(test, kIODMACommandSpecificationNoOptions, 0);
	KUNIT_EXPECT_EQ(test, kIODMACommandPerformOperationOptionRead, 0x1);
	KUNIT_EXPECT_EQ(test, kIODMACommandPerformOperationOptionWrite, 0x2);
	KUNIT_EXPECT_EQ(test, kIODMACommandPerformOperationOptionZero, 0x4);
}

static void iodmacmd_driverkit_test_direction_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionNone, 0x0);
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionIn, 0x1);
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionOut, 0x2);
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionOutIn, 0x3);
	KUNIT_EXPECT_EQ(test, kIOMemoryDirectionInOut, 0x3);
	KUNIT_EXPECT_EQ(test, kIOMemoryDisableCopyOnWrite, 0x10);
}

static void iodmacmd_driverkit_test_map_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kIOMemoryMapFixedAddress, 0x1);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapReadOnly, 0x2);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapGuardedMask, 0x1c);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapGuardedDefault, 0x0);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapGuardedNone, 0x4);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapGuardedSmall, 0x8);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapGuardedLarge, 0xc);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapCacheModeDefault, 0x0);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapCacheModeInhibit, 0x100);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapCacheModeCopyback, 0x200);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapCacheModeWriteThrough, 0x400);
	KUNIT_EXPECT_EQ(test, kIOMemoryMapCacheModeRealTime, 0x800);
}

static void iodmacmd_driverkit_test_struct_layouts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(IODMACommandSpecification), 144);
	KUNIT_EXPECT_EQ(test, offsetof(IODMACommandSpecification, options), 0);
	KUNIT_EXPECT_EQ(test, offsetof(IODMACommandSpecification, maxAddressBits), 8);
	KUNIT_EXPECT_EQ(test, offsetof(IODMACommandSpecification, _resv), 16);
	KUNIT_EXPECT_EQ(test, sizeof(IOAddressSegment), 16);
	KUNIT_EXPECT_EQ(test, offsetof(IOAddressSegment, address), 0);
	KUNIT_EXPECT_EQ(test, offsetof(IOAddressSegment, length), 8);
}

/* --- IODMACommandCreate --- */

static void iodmacmd_driverkit_test_create_takes_address_bits(struct kunit *test)
{
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 32);
	struct iodmacmd_spec spec;

	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &spec), 0);
	KUNIT_EXPECT_EQ(test, spec.address_bits, 32);
	KUNIT_EXPECT_EQ(test, spec.alignment, 1);
	KUNIT_EXPECT_EQ(test, spec.max_segment_size, U64_MAX);
	KUNIT_EXPECT_EQ(test, spec.max_transfer_size, U64_MAX);
	KUNIT_EXPECT_EQ(test, spec.mapping_options, IODMACMD_MAP_MAPPED);
	KUNIT_EXPECT_PTR_EQ(test, (void *)spec.output, (void *)iodmacmd_output_host64);
}

static void iodmacmd_driverkit_test_create_wide_address_bits_mean_64(struct kunit *test)
{
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 255);
	struct iodmacmd_spec spec;

	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &spec), 0);
	KUNIT_EXPECT_EQ(test, spec.address_bits, 64);
}

static void iodmacmd_driverkit_test_create_refuses_256_address_bits(struct kunit *test)
{
	IODMACommandSpecification spec = { .maxAddressBits = 256 };
	IODMACommand *cmd = (IODMACommand *)1;

	KUNIT_EXPECT_EQ(test, IODMACommandCreate(iodmacmd_test_device(test, 64), 0, &spec, &cmd),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, cmd);
}

static void iodmacmd_driverkit_test_create_refuses_options(struct kunit *test)
{
	IODMACommandSpecification spec = { .maxAddressBits = 64 };
	IODMACommand *cmd = NULL;

	KUNIT_EXPECT_EQ(test, IODMACommandCreate(iodmacmd_test_device(test, 64), 1, &spec, &cmd),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, cmd);
}

static void iodmacmd_driverkit_test_create_refuses_null_arguments(struct kunit *test)
{
	IODMACommandSpecification spec = { .maxAddressBits = 64 };
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommand *cmd = NULL;

	KUNIT_EXPECT_EQ(test, IODMACommandCreate(dev, 0, NULL, &cmd), kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, cmd);
	KUNIT_EXPECT_EQ(test, IODMACommandCreate(dev, 0, &spec, NULL), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandCreate(ERR_PTR(-ENODEV), 0, &spec, &cmd),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, cmd);
}

static void iodmacmd_driverkit_test_create_ignores_spec_options(struct kunit *test)
{
	IODMACommandSpecification spec = { .options = 0x5a, .maxAddressBits = 64 };
	IODMACommand *cmd = NULL;

	memset(spec._resv, 0xa5, sizeof(spec._resv));
	KUNIT_EXPECT_EQ(test, IODMACommandCreate(iodmacmd_test_device(test, 64), 0, &spec, &cmd),
			kIOReturnSuccess);
	OSSafeReleaseNULL(cmd);
}

static void iodmacmd_driverkit_test_create_null_device_without_provider(struct kunit *test)
{
	IODMACommandSpecification spec = { .maxAddressBits = 64 };
	IODMACommand *cmd = NULL;

	KUNIT_EXPECT_EQ(test, IODMACommandCreate(NULL, 0, &spec, &cmd), kIOReturnNoDevice);
	KUNIT_EXPECT_NULL(test, cmd);
}

static void iodmacmd_driverkit_test_create_null_device_is_provider(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	IODMACommand *cmd;

	bind(test, dev);
	cmd = command(test, NULL, 64);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
}

/* --- IODMACommandPrepareForDMA --- */

static void iodmacmd_driverkit_test_prepare_segments_cover_range(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 3 * PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	u32 count = prepare(test, cmd, bmd, 100, 2 * PAGE_SIZE, segs);

	KUNIT_EXPECT_GE(test, count, 1);
	KUNIT_EXPECT_EQ(test, segments_total(segs, count), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_prepare_flags_follow_direction(struct kunit *test)
{
	static const struct {
		uint64_t direction, flags;
	} cases[] = {
		{ kIOMemoryDirectionIn, kIOMemoryDirectionIn },
		{ kIOMemoryDirectionOut, kIOMemoryDirectionOut },
		{ kIOMemoryDirectionInOut, kIOMemoryDirectionIn | kIOMemoryDirectionOut },
		{ kIOMemoryDirectionNone, 0 },
	};
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		IOBufferMemoryDescriptor *bmd = buffer(test, cases[i].direction, PAGE_SIZE);
		uint64_t flags = ~0ull;
		uint32_t count = 32;

		KUNIT_ASSERT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, &count,
								segs), kIOReturnSuccess);
		KUNIT_EXPECT_EQ_MSG(test, flags, cases[i].flags, "direction %#llx",
				    cases[i].direction);
		KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	}
}

static void iodmacmd_driverkit_test_prepare_length_zero_is_to_the_end(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 2 * PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	uint64_t offset, length;
	u32 count = prepare(test, cmd, bmd, 100, 0, segs);

	KUNIT_EXPECT_EQ(test, segments_total(segs, count), 2 * PAGE_SIZE - 100);
	KUNIT_ASSERT_EQ(test, IODMACommandGetPreparation(cmd, &offset, &length, NULL),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, offset, 100);
	KUNIT_EXPECT_EQ(test, length, 2 * PAGE_SIZE - 100);
}

static void iodmacmd_driverkit_test_prepare_past_end_rolls_back(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	uint32_t count = 32;
	uint64_t flags;

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 1, PAGE_SIZE, &flags, &count,
							segs), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, count, 32);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparation(cmd, NULL, NULL, NULL),
			kIOReturnNotReady);
	/* The command is as it was: a good call works. */
	prepare(test, cmd, bmd, 0, 0, segs);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_prepare_refuses_options(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	uint32_t count = 32;
	uint64_t flags;

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 1, bmd, 0, 0, &flags, &count, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnNotReady);
}

static void iodmacmd_driverkit_test_prepare_refuses_bad_arguments(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	uint32_t count = 32, none = 0;
	uint64_t flags;

	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(NULL, 0, bmd, 0, 0, &flags, &count, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, NULL, 0, 0, &flags, &count, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, NULL, &count, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, NULL, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, &count, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, &none, segs),
			kIOReturnBadArgument);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
}

static void iodmacmd_driverkit_test_prepare_twice_is_busy(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	uint32_t count = 32;
	uint64_t flags;

	prepare(test, cmd, bmd, 0, 0, segs);
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, &count, segs),
			kIOReturnBusy);
	/* One CompleteDMA gives everything back: a second has nothing to do. */
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnNotReady);
}

/*
 * Two pages in descending physical order: two segments for a device that
 * sees physical addresses, unless the range is bounced (swiotlb=force),
 * which makes it one.
 */
static void iodmacmd_driverkit_test_prepare_refuses_partial_list(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct page *pages[2] = { buf->page + 1, buf->page };
	IODMACommand *cmd = command(test, dev, 64);
	IOAddressSegment segs[32];
	IOMemoryDescriptor *md;
	uint32_t count = 1;
	uint64_t flags;

	md = iodmacmd_md_create_pages(pages, 2, 0, 2 * PAGE_SIZE, IODMACMD_DIR_INOUT);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, md), 0);
	if (is_swiotlb_force_bounce(dev)) {
		/* Bounced into one chunk: one entry is enough, and it is all. */
		KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, md, 0, 0, &flags, &count,
								segs), kIOReturnSuccess);
		KUNIT_EXPECT_EQ(test, count, 1);
		KUNIT_EXPECT_EQ(test, segs[0].length, 2 * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
		return;
	}
	KUNIT_EXPECT_EQ(test, IODMACommandPrepareForDMA(cmd, 0, md, 0, 0, &flags, &count, segs),
			kIOReturnNoSpace);
	KUNIT_EXPECT_EQ(test, count, 2);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, md));
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparation(cmd, NULL, NULL, NULL),
			kIOReturnNotReady);
	/* With the count it asked for, the same call works. */
	KUNIT_EXPECT_EQ(test, prepare(test, cmd, md, 0, 0, segs), 2);
	KUNIT_EXPECT_EQ(test, segs[0].address, (u64)page_to_phys(buf->page + 1));
	KUNIT_EXPECT_EQ(test, segs[1].address, (u64)page_to_phys(buf->page));
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

/* Blocks of ZONE_DMA a test holds, so that what it frees is not adjacent. */
#define HOLES_ORDER	(22 - PAGE_SHIFT)	/* 4 MiB, a bounce chunk */
#define HOLES_MAX	8

struct zone_dma_holes {
	struct page *held[HOLES_MAX];
};

static void zone_dma_holes_free(void *data)
{
	struct zone_dma_holes *holes = data;
	unsigned int i;

	for (i = 0; i < HOLES_MAX; i++)
		if (holes->held[i])
			__free_pages(holes->held[i], HOLES_ORDER);
}

/*
 * Takes every free 4 MiB block of ZONE_DMA (below 16 MiB) and gives every
 * other one back: the next 4 MiB allocations for a 24-bit device are then
 * blocks with a held one between them, which no bus address run joins.
 */
static void zone_dma_make_holes(struct kunit *test)
{
	struct zone_dma_holes *holes = kunit_kzalloc(test, sizeof(*holes), GFP_KERNEL);
	struct page *taken[2 * HOLES_MAX] = {};
	unsigned int n = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, holes);
	while (n < ARRAY_SIZE(taken)) {
		taken[n] = alloc_pages(GFP_DMA | __GFP_NOWARN | __GFP_NORETRY, HOLES_ORDER);
		if (!taken[n])
			break;
		n++;
	}
	for (i = 0; i < n; i++) {
		if (i % 2 || i / 2 >= HOLES_MAX)
			__free_pages(taken[i], HOLES_ORDER);
		else
			holes->held[i / 2] = taken[i];
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, zone_dma_holes_free, holes), 0);
}

/*
 * A refused PrepareForDMA() leaves the memory as it was: bounce memory of
 * an In range holds zeros, which must not be copied back over the caller's
 * bytes. 4 MiB and 64 KiB above 16 MiB bounce for a 24-bit device into
 * ZONE_DMA: a 4 MiB block with held ones around it, and 64 KiB elsewhere,
 * two segments for one entry. (ZONE_DMA holds 16 MiB at most: the test
 * asks for little more than one block.)
 */
static void iodmacmd_driverkit_test_refused_prepare_keeps_memory(struct kunit *test)
{
	const u64 size = SZ_4M + SZ_64K;
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionIn, size);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 24), 24);
	u8 *cpu = cpu_address(test, bmd);
	IOAddressSegment segs[1];
	uint32_t count = 1;
	uint64_t flags;
	kern_return_t ret;
	u64 len;

	KUNIT_ASSERT_GT(test, iodmacmd_md_phys_segment(bmd, 0, &len), (u64)SZ_16M);
	memset(cpu, 0x5a, size);
	zone_dma_make_holes(test);
	ret = IODMACommandPrepareForDMA(cmd, 0, bmd, 0, 0, &flags, &count, segs);
	if (ret == kIOReturnSuccess) {
		KUNIT_EXPECT_EQ(test, segs[0].length, size);
		KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
		kunit_skip(test, "the bounce memory was one run: nothing to refuse");
	}
	KUNIT_EXPECT_EQ(test, ret, kIOReturnNoSpace);
	KUNIT_EXPECT_GT(test, count, 1);
	KUNIT_EXPECT_NULL(test, memchr_inv(cpu, 0x5a, size));
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
}

static void iodmacmd_driverkit_test_prepare_wires_descriptor(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];

	prepare(test, cmd, bmd, 0, 0, segs);
	KUNIT_EXPECT_TRUE(test, md_prepared(test, bmd));
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
}

static void iodmacmd_driverkit_test_release_while_prepared_completes(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommandSpecification spec = { .maxAddressBits = 64 };
	IOAddressSegment segs[32];
	IODMACommand *cmd = NULL;

	KUNIT_ASSERT_EQ(test, IODMACommandCreate(iodmacmd_test_device(test, 64), 0, &spec, &cmd),
			kIOReturnSuccess);
	prepare(test, cmd, bmd, 0, 0, segs);
	OSSafeReleaseNULL(cmd);
	KUNIT_EXPECT_NULL(test, cmd);
	KUNIT_EXPECT_FALSE(test, md_prepared(test, bmd));
}

/* --- IODMACommandCompleteDMA and GetPreparation --- */

static void iodmacmd_driverkit_test_complete_refuses_options(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];

	prepare(test, cmd, bmd, 0, 0, segs);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 1), kIOReturnBadArgument);
	/* Still prepared. */
	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparation(cmd, NULL, NULL, NULL),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_complete_unprepared_not_ready(struct kunit *test)
{
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);

	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(NULL, 0), kIOReturnBadArgument);
}

static void iodmacmd_driverkit_test_get_preparation_retains_memory(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 2 * PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOMemoryDescriptor *memory = NULL;
	IOAddressSegment segs[32];
	uint64_t offset = 0, length = 0;

	prepare(test, cmd, bmd, 512, 1024, segs);
	KUNIT_ASSERT_EQ(test, IODMACommandGetPreparation(cmd, &offset, &length, &memory),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, offset, 512);
	KUNIT_EXPECT_EQ(test, length, 1024);
	KUNIT_EXPECT_PTR_EQ(test, memory, bmd);
	/* The caller's reference: dropping it and the command's leaves ours (KASAN). */
	OSSafeReleaseNULL(memory);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(bmd), 2 * PAGE_SIZE);
}

static void iodmacmd_driverkit_test_get_preparation_unprepared(struct kunit *test)
{
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOMemoryDescriptor *memory = (IOMemoryDescriptor *)1;
	uint64_t offset = 7;

	KUNIT_EXPECT_EQ(test, IODMACommandGetPreparation(cmd, &offset, NULL, &memory),
			kIOReturnNotReady);
	KUNIT_EXPECT_EQ(test, offset, 7);
	KUNIT_EXPECT_PTR_EQ(test, memory, (IOMemoryDescriptor *)1);
}

/* --- the device: data through PrepareForDMA, with and without a provider --- */

static void iodmacmd_driverkit_test_device_round_trip(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *out = buffer(test, kIOMemoryDirectionOut, XFER);
	IOBufferMemoryDescriptor *in = buffer(test, kIOMemoryDirectionIn, XFER);
	IODMACommand *cmd = command(test, dev, edu_dma_bits);
	u8 *src = cpu_address(test, out), *dst = cpu_address(test, in);
	IOAddressSegment segs[32];
	u32 count;

	fill(src, XFER, 0x31);
	count = prepare(test, cmd, out, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, false);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	count = prepare(test, cmd, in, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, true);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, XFER), 0);
}

/* A ring: prepared once, used many times, never synced (DriverKit has no sync). */
static void iodmacmd_driverkit_test_provider_ring_needs_no_sync(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *ring;
	IOAddressSegment segs[32];
	IODMACommand *cmd;
	u8 *cpu, expect[XFER];
	int round;

	bind(test, dev);
	ring = buffer(test, kIOMemoryDirectionInOut, 2 * XFER);
	cmd = command(test, dev, edu_dma_bits);
	cpu = cpu_address(test, ring);
	KUNIT_ASSERT_EQ(test, prepare(test, cmd, ring, 0, 0, segs), 1);
	for (round = 0; round < 3; round++) {
		/* The CPU writes the first half, the device copies it to the second. */
		fill(cpu, XFER, 0x40 + round);
		memcpy(expect, cpu, XFER);
		KUNIT_ASSERT_EQ(test, edu_dma(segs[0].address, 0, XFER, false), 0);
		KUNIT_ASSERT_EQ(test, edu_dma(segs[0].address + XFER, 0, XFER, true), 0);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(cpu + XFER, expect, XFER), 0, "round %d", round);
	}
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_provider_buffer_is_its_bus_address(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *bmd;
	IOAddressSegment segs[32];
	IODMACommand *cmd;
	u64 bus, len = 0;

	bind(test, dev);
	bmd = buffer(test, kIOMemoryDirectionInOut, 3 * PAGE_SIZE);
	cmd = command(test, dev, edu_dma_bits);
	bus = iodmacmd_md_bus_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, len, 3 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, prepare(test, cmd, bmd, 0, 0, segs), 1);
	KUNIT_EXPECT_EQ(test, segs[0].address, bus);
	KUNIT_EXPECT_EQ(test, segs[0].length, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

/*
 * Shared buffers put together (CreateWithMemoryDescriptors(), as litepcie
 * does) are still shared memory: their segments are the members' own bus
 * addresses, mapped by nobody and never bounced, and the device moves the
 * bytes with no sync call.
 */
static void iodmacmd_driverkit_test_provider_multi_is_members_bus_addresses(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOMemoryDescriptor *members[2], *multi = NULL;
	IOBufferMemoryDescriptor *a, *b, *copy;
	IOAddressSegment segs[32], copy_segs[32];
	IODMACommand *cmd, *copy_cmd;
	u64 bus_a, bus_b, len;
	u8 expect[2 * XFER];
	u32 count, copy_count;

	bind(test, dev);
	a = buffer(test, kIOMemoryDirectionInOut, XFER);
	b = buffer(test, kIOMemoryDirectionInOut, XFER);
	copy = buffer(test, kIOMemoryDirectionIn, 2 * XFER);
	cmd = command(test, dev, edu_dma_bits);
	copy_cmd = command(test, dev, edu_dma_bits);
	members[0] = a;
	members[1] = b;
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(kIOMemoryDirectionInOut,
									    2, members, &multi),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, multi), 0);
	fill(cpu_address(test, a), XFER, 0x21);
	fill(cpu_address(test, b), XFER, 0x77);
	memcpy(expect, cpu_address(test, a), XFER);
	memcpy(expect + XFER, cpu_address(test, b), XFER);
	bus_a = iodmacmd_md_bus_segment(a, 0, &len);
	bus_b = iodmacmd_md_bus_segment(b, 0, &len);

	count = prepare(test, cmd, multi, 0, 0, segs);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, segs[0].address, bus_a);
	if (bus_b == bus_a + XFER) {
		KUNIT_EXPECT_EQ(test, count, 1);
	} else {
		KUNIT_ASSERT_EQ(test, count, 2);
		KUNIT_EXPECT_EQ(test, segs[1].address, bus_b);
	}
	copy_count = prepare(test, copy_cmd, copy, 0, 0, copy_segs);
	edu_dma_segments(test, segs, count, 0, false);
	edu_dma_segments(test, copy_segs, copy_count, 0, true);
	KUNIT_EXPECT_EQ(test, memcmp(cpu_address(test, copy), expect, 2 * XFER), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(copy_cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

/*
 * Without a provider, a buffer is ordinary memory: it bounces exactly where
 * the device cannot reach it (swiotlb=force, or above edu's 28 bits without
 * an IOMMU), and never behind the IOMMU.
 */
static void iodmacmd_driverkit_test_plain_buffer_bounces_only_out_of_reach(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 2 * PAGE_SIZE);
	IODMACommand *cmd = command(test, dev, edu_dma_bits);
	IOAddressSegment segs[32];
	bool expect_bounce;
	u64 phys, len = 0;

	phys = iodmacmd_md_phys_segment(bmd, 0, &len);
	KUNIT_ASSERT_EQ(test, len, 2 * PAGE_SIZE);
	if (iodmacmd_test_translated(dev))
		expect_bounce = false;
	else
		expect_bounce = is_swiotlb_force_bounce(dev) ||
				phys + len - 1 > DMA_BIT_MASK(edu_dma_bits);
	prepare(test, cmd, bmd, 0, 0, segs);
	KUNIT_EXPECT_EQ(test, !!iodmacmd_cmd_bounce_reason(cmd), expect_bounce);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_sub_descriptor_round_trip(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *parent = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, dev, edu_dma_bits);
	u8 *cpu = cpu_address(test, parent), expect[XFER];
	IOMemoryDescriptor *out = NULL, *in = NULL;
	IOAddressSegment segs[32];
	u32 count;

	fill(cpu, PAGE_SIZE, 0x17);
	memcpy(expect, cpu + 64, XFER);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(kIOMemoryDirectionOut,
									  64, XFER, parent, &out),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, out), 0);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(kIOMemoryDirectionIn,
									  2048, XFER, parent, &in),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_md, in), 0);
	count = prepare(test, cmd, out, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, false);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	count = prepare(test, cmd, in, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, true);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, memcmp(cpu + 2048, expect, XFER), 0);
}

/* --- IODMACommandPerformOperation --- */

static void iodmacmd_driverkit_test_perform_read_sees_device_writes(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *out = buffer(test, kIOMemoryDirectionOut, XFER);
	IOBufferMemoryDescriptor *in = buffer(test, kIOMemoryDirectionIn, XFER);
	IOBufferMemoryDescriptor *data = buffer(test, kIOMemoryDirectionInOut, XFER);
	IODMACommand *cmd = command(test, dev, edu_dma_bits);
	u8 *src = cpu_address(test, out);
	IOAddressSegment segs[32];
	u32 count;

	fill(src, XFER, 0x5c);
	count = prepare(test, cmd, out, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, false);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	/* Before CompleteDMA, the data is where the device put it (bounce or not). */
	count = prepare(test, cmd, in, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, true);
	KUNIT_ASSERT_EQ(test, IODMACommandPerformOperation(cmd, OP_READ, 0, XFER, 0, data),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, memcmp(cpu_address(test, data), src, XFER), 0);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_perform_write_reaches_device(struct kunit *test)
{
	struct device *dev = edu_device(test);
	IOBufferMemoryDescriptor *dma = buffer(test, kIOMemoryDirectionInOut, XFER);
	IOBufferMemoryDescriptor *in = buffer(test, kIOMemoryDirectionIn, XFER);
	IOBufferMemoryDescriptor *data = buffer(test, kIOMemoryDirectionInOut, 2 * XFER);
	IODMACommand *cmd = command(test, dev, edu_dma_bits);
	u8 *src = cpu_address(test, data);
	IOAddressSegment segs[32];
	u32 count;

	fill(src, 2 * XFER, 0x66);
	count = prepare(test, cmd, dma, 0, 0, segs);
	/* After the prepare: the bytes reach the device only through the command. */
	KUNIT_ASSERT_EQ(test, IODMACommandPerformOperation(cmd, OP_WRITE, 0, XFER, XFER, data),
			kIOReturnSuccess);
	edu_dma_segments(test, segs, count, 0, false);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	count = prepare(test, cmd, in, 0, 0, segs);
	edu_dma_segments(test, segs, count, 0, true);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, memcmp(cpu_address(test, in), src + XFER, XFER), 0);
}

static void iodmacmd_driverkit_test_perform_zero_clears_range(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 3 * PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	u8 *cpu = cpu_address(test, bmd);
	IOAddressSegment segs[32];

	memset(cpu, 0xff, 3 * PAGE_SIZE);
	prepare(test, cmd, bmd, PAGE_SIZE, 0, segs);
	KUNIT_ASSERT_EQ(test, IODMACommandPerformOperation(cmd, OP_ZERO, 100, ZEROED, 0, NULL),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, cpu[PAGE_SIZE + 99], 0xff);
	KUNIT_EXPECT_NULL(test, memchr_inv(cpu + PAGE_SIZE + 100, 0, ZEROED));
	KUNIT_EXPECT_EQ(test, cpu[2 * PAGE_SIZE + 101], 0xff);
}

static void iodmacmd_driverkit_test_perform_refuses_options(struct kunit *test)
{
	static const uint64_t bad[] = { 0, 3, 5, 6, 7, 8, 1ull << 32 };
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOBufferMemoryDescriptor *data = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOAddressSegment segs[32];
	size_t i;

	prepare(test, cmd, bmd, 0, 0, segs);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, IODMACommandPerformOperation(cmd, bad[i], 0, 16, 0, data),
				    kIOReturnBadArgument, "options %#llx", bad[i]);
	KUNIT_EXPECT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
}

static void iodmacmd_driverkit_test_perform_unprepared_not_ready(struct kunit *test)
{
	IOBufferMemoryDescriptor *data = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);

	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_READ, 0, 16, 0, data),
			kIOReturnNotReady);
}

static void iodmacmd_driverkit_test_perform_checks_ranges_first(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOBufferMemoryDescriptor *data = buffer(test, kIOMemoryDirectionInOut, 256);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	u8 *cpu = cpu_address(test, bmd), *bytes = cpu_address(test, data);
	IOAddressSegment segs[32];

	memset(cpu, 0xee, PAGE_SIZE);
	memset(bytes, 0x11, 256);
	prepare(test, cmd, bmd, 0, 1024, segs);
	/* Past the prepared range: refused before a byte moves. */
	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_WRITE, 1000, 100, 0, data),
			kIOReturnUnderrun);
	/* Past @data's end, counting its offset. */
	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_WRITE, 0, 200, 100, data),
			kIOReturnUnderrun);
	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_WRITE, 0, 512, 0, data),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_READ, 0, 16, 0, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IODMACommandPerformOperation(cmd, OP_READ, 0, U64_MAX, 0, data),
			kIOReturnBadArgument);
	KUNIT_ASSERT_EQ(test, IODMACommandCompleteDMA(cmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_NULL(test, memchr_inv(cpu, 0xee, PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0x11, 256));
}

/* --- IOBufferMemoryDescriptor --- */

static void iodmacmd_driverkit_test_buffer_length_starts_at_capacity(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 5000);
	IOAddressSegment range;
	uint64_t length = 0;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd, &length), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, length, 5000);
	KUNIT_ASSERT_EQ(test, IOBufferMemoryDescriptorGetAddressRange(bmd, &range),
			kIOReturnSuccess);
	KUNIT_EXPECT_NE(test, range.address, 0);
	KUNIT_EXPECT_EQ(test, range.length, 5000);
	KUNIT_EXPECT_NULL(test, memchr_inv((void *)(uintptr_t)range.address, 0, 5000));
}

static void iodmacmd_driverkit_test_buffer_refuses_options(struct kunit *test)
{
	static const uint64_t bad[] = { kIOMemoryDisableCopyOnWrite, 0x4, 0x100, 1ull << 40 };
	IOBufferMemoryDescriptor *bmd = (IOBufferMemoryDescriptor *)1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		kern_return_t ret = IOBufferMemoryDescriptorCreate(bad[i], PAGE_SIZE, 0, &bmd);

		KUNIT_EXPECT_EQ_MSG(test, ret, kIOReturnBadArgument, "options %#llx", bad[i]);
		KUNIT_EXPECT_NULL(test, bmd);
	}
}

static void iodmacmd_driverkit_test_buffer_refuses_bad_sizes(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = NULL;

	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorCreate(kIOMemoryDirectionIn, 0, 0, &bmd),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorCreate(kIOMemoryDirectionIn, 64, 3, &bmd),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorCreate(kIOMemoryDirectionIn, 64, 0, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NE(test, IOBufferMemoryDescriptorCreate(kIOMemoryDirectionIn, U64_MAX, 0,
							     &bmd), kIOReturnSuccess);
	KUNIT_EXPECT_NULL(test, bmd);
}

static void iodmacmd_driverkit_test_buffer_is_contiguous_when_it_fits(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 16 * PAGE_SIZE);
	u64 len = 0;

	iodmacmd_md_phys_segment(bmd, 0, &len);
	KUNIT_EXPECT_EQ(test, len, 16 * PAGE_SIZE);
}

static void iodmacmd_driverkit_test_set_length(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	uint64_t length = 0;

	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorSetLength(bmd, 100), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd, &length), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, length, 100);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorSetLength(bmd, PAGE_SIZE + 1),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(bmd), 100);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorSetLength(bmd, 0), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(bmd), 0);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorSetLength(NULL, 0), kIOReturnBadArgument);
}

static void iodmacmd_driverkit_test_get_length_bad_arguments(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOAddressSegment range = { 1, 1 };
	uint64_t length = 9;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(NULL, &length), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, length, 9);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(bmd, NULL), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetAddressRange(NULL, &range),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetAddressRange(bmd, NULL),
			kIOReturnBadArgument);
}

static void iodmacmd_driverkit_test_address_range_of_non_buffer(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOMemoryDescriptor *sub = NULL;
	IOAddressSegment range = { 1, 1 };

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, 0, 64, bmd, &sub),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOBufferMemoryDescriptorGetAddressRange(sub, &range),
			kIOReturnBadArgument);
	OSSafeReleaseNULL(sub);
}

/* --- CreateSubMemoryDescriptor and CreateWithMemoryDescriptors --- */

static void iodmacmd_driverkit_test_sub_is_window(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	u8 *cpu = cpu_address(test, bmd), bytes[32];
	IOMemoryDescriptor *sub = NULL;
	uint64_t length = 0;

	fill(cpu, PAGE_SIZE, 3);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(kIOMemoryDirectionIn,
									  1000, 32, bmd, &sub),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(sub, &length), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, length, 32);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(sub), IODMACMD_DIR_IN);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(sub, 0, bytes, 32), 32);
	KUNIT_EXPECT_EQ(test, memcmp(bytes, cpu + 1000, 32), 0);
	OSSafeReleaseNULL(sub);
}

static void iodmacmd_driverkit_test_sub_refuses_bad_ranges(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOMemoryDescriptor *sub = (IOMemoryDescriptor *)1;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, 1, PAGE_SIZE, bmd,
									  &sub),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, sub);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, U64_MAX, 2, bmd,
									  &sub),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, 0, 0, bmd, &sub),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, 0, 16, NULL, &sub),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateSubMemoryDescriptor(0, 0, 16, bmd, NULL),
			kIOReturnBadArgument);
}

static void iodmacmd_driverkit_test_sub_refuses_options(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	uint64_t options = kIOMemoryDisableCopyOnWrite;
	IOMemoryDescriptor *sub = NULL;
	kern_return_t ret;

	ret = IOMemoryDescriptorCreateSubMemoryDescriptor(options, 0, 16, bmd, &sub);
	KUNIT_EXPECT_EQ(test, ret, kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, sub);
}

static void iodmacmd_driverkit_test_multi_concatenates(struct kunit *test)
{
	IOBufferMemoryDescriptor *a = buffer(test, kIOMemoryDirectionInOut, 100);
	IOBufferMemoryDescriptor *b = buffer(test, kIOMemoryDirectionInOut, 200);
	IOMemoryDescriptor *members[2] = { a, b }, *multi = NULL;
	u8 bytes[20], expect[20];
	uint64_t length = 0;

	fill(cpu_address(test, a), 100, 1);
	fill(cpu_address(test, b), 200, 9);
	memcpy(expect, (u8 *)cpu_address(test, a) + 90, 10);
	memcpy(expect + 10, cpu_address(test, b), 10);
	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(kIOMemoryDirectionInOut,
									    2, members, &multi),
			kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorGetLength(multi, &length), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, length, 300);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(multi, 90, bytes, 20), 20);
	KUNIT_EXPECT_EQ(test, memcmp(bytes, expect, 20), 0);
	OSSafeReleaseNULL(multi);
}

static void iodmacmd_driverkit_test_multi_member_lacks_direction(struct kunit *test)
{
	IOBufferMemoryDescriptor *a = buffer(test, kIOMemoryDirectionInOut, 100);
	IOBufferMemoryDescriptor *b = buffer(test, kIOMemoryDirectionOut, 100);
	IOMemoryDescriptor *members[2] = { a, b }, *multi = (IOMemoryDescriptor *)1;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(kIOMemoryDirectionIn,
									    2, members, &multi),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, multi);
	/* Out is in both: accepted. */
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(kIOMemoryDirectionOut,
									    2, members, &multi),
			kIOReturnSuccess);
	OSSafeReleaseNULL(multi);
}

static void iodmacmd_driverkit_test_multi_refuses_bad_arguments(struct kunit *test)
{
	IOBufferMemoryDescriptor *a = buffer(test, kIOMemoryDirectionInOut, 100);
	IOMemoryDescriptor *members[2] = { a, NULL }, *multi = NULL;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(0, 2, members, &multi),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(0, 0, members, &multi),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(0, 1, NULL, &multi),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(0x10, 1, members,
									    &multi),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateWithMemoryDescriptors(0, 1, members, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, multi);
}

/* --- CreateMapping and IOMemoryMap --- */

static IOMemoryMap *map(struct kunit *test, IOMemoryDescriptor *md, uint64_t options,
			uint64_t offset, uint64_t length)
{
	IOMemoryMap *m = NULL;

	KUNIT_ASSERT_EQ(test, IOMemoryDescriptorCreateMapping(md, options, 0, offset, length, 0,
							      &m),
			kIOReturnSuccess);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_map, m), 0);
	return m;
}

static void iodmacmd_driverkit_test_mapping_default_is_buffer_address(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 2 * PAGE_SIZE);
	IOMemoryMap *m = map(test, bmd, kIOMemoryMapCacheModeDefault, 0, 0);

	KUNIT_EXPECT_EQ(test, IOMemoryMapGetAddress(m), (uintptr_t)cpu_address(test, bmd));
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(m), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetOffset(m), 0);
}

static void iodmacmd_driverkit_test_mapping_offset_and_length(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, 2 * PAGE_SIZE);
	IOMemoryMap *m = map(test, bmd, 0, 0x100, 0x200);
	u8 *cpu = cpu_address(test, bmd);

	fill(cpu, 2 * PAGE_SIZE, 5);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetOffset(m), 0x100);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(m), 0x200);
	KUNIT_EXPECT_EQ(test, memcmp((void *)(uintptr_t)IOMemoryMapGetAddress(m), cpu + 0x100,
				     0x200), 0);
}

/* Each DriverKit option becomes IOKit's value, never the same bits. */
static void iodmacmd_driverkit_test_mapping_translates_options(struct kunit *test)
{
	static const struct {
		uint64_t driverkit;
		u32 linux_flags;
	} cases[] = {
		{ kIOMemoryMapCacheModeInhibit, IODMACMD_CPU_MAP_UNCACHED },		/* 0x100 */
		{ kIOMemoryMapCacheModeCopyback, IODMACMD_CPU_MAP_COPYBACK },		/* 0x300 */
		{ kIOMemoryMapCacheModeWriteThrough, IODMACMD_CPU_MAP_WRITE_THROUGH },	/* 0x200 */
		{ kIOMemoryMapReadOnly, IODMACMD_CPU_MAP_READ_ONLY },			/* 0x1000 */
		{ kIOMemoryMapCacheModeCopyback | kIOMemoryMapReadOnly,
		  IODMACMD_CPU_MAP_COPYBACK | IODMACMD_CPU_MAP_READ_ONLY },
	};
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		IOMemoryMap *m = map(test, bmd, cases[i].driverkit, 0, 0);
		u32 flags = iodmacmd_map_flags(m) & (IODMACMD_CPU_MAP_CACHE_MASK |
						     IODMACMD_CPU_MAP_READ_ONLY);

		KUNIT_EXPECT_EQ_MSG(test, flags, cases[i].linux_flags, "options %#llx",
				    cases[i].driverkit);
	}
}

static void iodmacmd_driverkit_test_mapping_accepts_guards(struct kunit *test)
{
	static const uint64_t guards[] = { kIOMemoryMapGuardedDefault, kIOMemoryMapGuardedNone,
					   kIOMemoryMapGuardedSmall, kIOMemoryMapGuardedLarge };
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(guards); i++)
		KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(map(test, bmd, guards[i], 0, 0)),
				PAGE_SIZE);
}

static void iodmacmd_driverkit_test_mapping_refuses_options(struct kunit *test)
{
	static const struct {
		uint64_t options;
		kern_return_t ret;
	} cases[] = {
		{ kIOMemoryMapFixedAddress, kIOReturnUnsupported },
		{ kIOMemoryMapCacheModeRealTime, kIOReturnUnsupported },
		{ 0x300, kIOReturnBadArgument },	/* two cache modes */
		{ 0x1000, kIOReturnBadArgument },	/* IOKit's kIOMapReadOnly */
		{ 0x20, kIOReturnBadArgument },
		{ 1ull << 33, kIOReturnBadArgument },
	};
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		IOMemoryMap *m = (IOMemoryMap *)1;

		KUNIT_EXPECT_EQ_MSG(test, IOMemoryDescriptorCreateMapping(bmd, cases[i].options,
									  0x1000, 0, 0, 0, &m),
				    cases[i].ret, "options %#llx", cases[i].options);
		KUNIT_EXPECT_NULL(test, m);
	}
}

static void iodmacmd_driverkit_test_mapping_checks_alignment(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOMemoryMap *m = NULL;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, 0x10, 0, 3, &m),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, 0x10, 0, PAGE_SIZE, &m),
			kIOReturnNotAligned);
	KUNIT_EXPECT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, 0x10, 0, 16, &m),
			kIOReturnSuccess);
	OSSafeReleaseNULL(m);
	KUNIT_EXPECT_NULL(test, m);
}

static void iodmacmd_driverkit_test_mapping_refuses_bad_ranges(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IOMemoryMap *m = NULL;

	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, PAGE_SIZE, 0, 0, &m),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, 0, PAGE_SIZE + 1, 0, &m),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(NULL, 0, 0, 0, 0, 0, &m),
			kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryDescriptorCreateMapping(bmd, 0, 0, 0, 0, 0, NULL),
			kIOReturnBadArgument);
	KUNIT_EXPECT_NULL(test, m);
}

/* --- OSObject --- */

static void iodmacmd_driverkit_test_retain_release_every_class(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = buffer(test, kIOMemoryDirectionInOut, PAGE_SIZE);
	IODMACommand *cmd = command(test, iodmacmd_test_device(test, 64), 64);
	IOMemoryMap *m = map(test, bmd, 0, 0, 0);
	IOMemoryDescriptor *md = bmd;

	/* Each extra reference and its release: KASAN and kmemleak check the count. */
	OSObjectRetain(cmd);
	OSObjectRetain(md);
	OSObjectRetain(m);
	OSObjectRelease(cmd);
	OSObjectRelease(md);
	OSObjectRelease(m);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(m), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), PAGE_SIZE);
	KUNIT_EXPECT_NOT_NULL(test, iodmacmd_cmd_device(cmd));
}

static void iodmacmd_driverkit_test_safe_release_null(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = NULL;
	IODMACommand *cmd = NULL;

	OSSafeReleaseNULL(bmd);
	KUNIT_EXPECT_NULL(test, bmd);
	KUNIT_ASSERT_EQ(test, IOBufferMemoryDescriptorCreate(0, 64, 0, &bmd), kIOReturnSuccess);
	OSSafeReleaseNULL(bmd);
	KUNIT_EXPECT_NULL(test, bmd);
	OSSafeReleaseNULL(cmd);
	KUNIT_EXPECT_NULL(test, cmd);
}

static int iodmacmd_driverkit_suite_init(struct kunit_suite *suite)
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

static void iodmacmd_driverkit_suite_exit(struct kunit_suite *suite)
{
	if (edu_regs) {
		pci_iounmap(iodmacmd_test_edu, edu_regs);
		edu_regs = NULL;
		pci_clear_master(iodmacmd_test_edu);
		pci_disable_device(iodmacmd_test_edu);
	}
	iodmacmd_test_edu_unbind();
}

static struct kunit_case iodmacmd_driverkit_test_cases[] = {
	KUNIT_CASE(iodmacmd_driverkit_test_command_constants),
	KUNIT_CASE(iodmacmd_driverkit_test_direction_constants),
	KUNIT_CASE(iodmacmd_driverkit_test_map_constants),
	KUNIT_CASE(iodmacmd_driverkit_test_struct_layouts),
	KUNIT_CASE(iodmacmd_driverkit_test_create_takes_address_bits),
	KUNIT_CASE(iodmacmd_driverkit_test_create_wide_address_bits_mean_64),
	KUNIT_CASE(iodmacmd_driverkit_test_create_refuses_256_address_bits),
	KUNIT_CASE(iodmacmd_driverkit_test_create_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_create_refuses_null_arguments),
	KUNIT_CASE(iodmacmd_driverkit_test_create_ignores_spec_options),
	KUNIT_CASE(iodmacmd_driverkit_test_create_null_device_without_provider),
	KUNIT_CASE(iodmacmd_driverkit_test_create_null_device_is_provider),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_segments_cover_range),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_flags_follow_direction),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_length_zero_is_to_the_end),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_past_end_rolls_back),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_refuses_bad_arguments),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_twice_is_busy),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_refuses_partial_list),
	KUNIT_CASE(iodmacmd_driverkit_test_refused_prepare_keeps_memory),
	KUNIT_CASE(iodmacmd_driverkit_test_prepare_wires_descriptor),
	KUNIT_CASE(iodmacmd_driverkit_test_release_while_prepared_completes),
	KUNIT_CASE(iodmacmd_driverkit_test_complete_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_complete_unprepared_not_ready),
	KUNIT_CASE(iodmacmd_driverkit_test_get_preparation_retains_memory),
	KUNIT_CASE(iodmacmd_driverkit_test_get_preparation_unprepared),
	KUNIT_CASE(iodmacmd_driverkit_test_device_round_trip),
	KUNIT_CASE(iodmacmd_driverkit_test_provider_ring_needs_no_sync),
	KUNIT_CASE(iodmacmd_driverkit_test_provider_buffer_is_its_bus_address),
	KUNIT_CASE(iodmacmd_driverkit_test_provider_multi_is_members_bus_addresses),
	KUNIT_CASE(iodmacmd_driverkit_test_plain_buffer_bounces_only_out_of_reach),
	KUNIT_CASE(iodmacmd_driverkit_test_sub_descriptor_round_trip),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_read_sees_device_writes),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_write_reaches_device),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_zero_clears_range),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_unprepared_not_ready),
	KUNIT_CASE(iodmacmd_driverkit_test_perform_checks_ranges_first),
	KUNIT_CASE(iodmacmd_driverkit_test_buffer_length_starts_at_capacity),
	KUNIT_CASE(iodmacmd_driverkit_test_buffer_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_buffer_refuses_bad_sizes),
	KUNIT_CASE(iodmacmd_driverkit_test_buffer_is_contiguous_when_it_fits),
	KUNIT_CASE(iodmacmd_driverkit_test_set_length),
	KUNIT_CASE(iodmacmd_driverkit_test_get_length_bad_arguments),
	KUNIT_CASE(iodmacmd_driverkit_test_address_range_of_non_buffer),
	KUNIT_CASE(iodmacmd_driverkit_test_sub_is_window),
	KUNIT_CASE(iodmacmd_driverkit_test_sub_refuses_bad_ranges),
	KUNIT_CASE(iodmacmd_driverkit_test_sub_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_multi_concatenates),
	KUNIT_CASE(iodmacmd_driverkit_test_multi_member_lacks_direction),
	KUNIT_CASE(iodmacmd_driverkit_test_multi_refuses_bad_arguments),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_default_is_buffer_address),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_offset_and_length),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_translates_options),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_accepts_guards),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_refuses_options),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_checks_alignment),
	KUNIT_CASE(iodmacmd_driverkit_test_mapping_refuses_bad_ranges),
	KUNIT_CASE(iodmacmd_driverkit_test_retain_release_every_class),
	KUNIT_CASE(iodmacmd_driverkit_test_safe_release_null),
	{}
};

static struct kunit_suite iodmacmd_driverkit_test_suite = {
	.name = "iodmacmd_driverkit",
	.suite_init = iodmacmd_driverkit_suite_init,
	.suite_exit = iodmacmd_driverkit_suite_exit,
	.test_cases = iodmacmd_driverkit_test_cases,
};

kunit_test_suite(iodmacmd_driverkit_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's DriverKit face, as ported dexts call it");
IODMACMD_IMPORT_NS();
