// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of real DMA API mappings: dma_map_sgtable() for a KUnit
 * device and for QEMU's edu PCI device, with and without an IOMMU, and the
 * IOMMU's merged entries split back to each command's limits.
 *
 * The guest configurations decide what the DMA API does (direct, swiotlb
 * forced, Intel IOMMU); each test checks what must hold in all of them and,
 * where the IOMMU translates, what translation adds.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

#define BUF_PAGES	16
/* 64 with 4 KiB pages; the buffers are counted in pages, so 256 with 16 KiB. */
#define MAX_SEGS	(64 * (PAGE_SIZE / SZ_4K))

/* A vmalloc buffer: physically scattered, so merging is visible. */
static struct iodmacmd_md *vmalloc_md(struct kunit *test, size_t size, u32 dir)
{
	void *mem = iodmacmd_test_vmalloc(test, size);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = size };

	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

/* Generates every segment; checks coverage and the command's limits. */
static int walk_all(struct kunit *test, struct iodmacmd_cmd *cmd, u64 length,
		    u64 max_seg, u64 addr_limit, struct iodmacmd_segment *segs)
{
	u64 off = 0, total = 0;
	int n, count = 0, i;

	while ((n = iodmacmd_gen_segments(cmd, &off, segs + count, MAX_SEGS - count)) > 0) {
		for (i = count; i < count + n; i++) {
			KUNIT_EXPECT_LE(test, segs[i].len, max_seg);
			KUNIT_EXPECT_GT(test, segs[i].len, 0);
			KUNIT_EXPECT_LE(test, segs[i].addr + segs[i].len - 1, addr_limit);
			total += segs[i].len;
		}
		count += n;
		KUNIT_ASSERT_LT(test, count, MAX_SEGS);
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, total, length);
	KUNIT_EXPECT_EQ(test, off, length);
	return count;
}

/* Any device, any configuration: segments fit and cover the buffer. */
static void iodmacmd_dma_test_map_kunit_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.max_segment_size = 2048,
	};
	struct iodmacmd_segment *segs = kunit_kcalloc(test, MAX_SEGS, sizeof(*segs), GFP_KERNEL);
	struct iodmacmd_md *md = vmalloc_md(test, 8 * PAGE_SIZE, IODMACMD_DIR_OUT);
	struct iodmacmd_cmd *cmd;
	int count;

	KUNIT_ASSERT_NOT_NULL(test, segs);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	count = walk_all(test, cmd, 8 * PAGE_SIZE, 2048, U64_MAX, segs);
	/* 2 KiB segments of 4 KiB pages: at least two per page. */
	KUNIT_EXPECT_GE(test, count, 16);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * Two commands on one descriptor share one mapping: the same bus addresses,
 * split differently. Under a translating IOMMU the scattered pages are one
 * contiguous IOVA range, which each command splits to its own limit.
 */
static void iodmacmd_dma_test_iommu_merge_split(struct kunit *test)
{
	struct iodmacmd_spec whole = { .output = iodmacmd_output_host64 };
	struct iodmacmd_spec pages = { .output = iodmacmd_output_host64,
				       .max_segment_size = PAGE_SIZE };
	struct iodmacmd_segment *a = kunit_kcalloc(test, MAX_SEGS, sizeof(*a), GFP_KERNEL);
	struct iodmacmd_segment *b = kunit_kcalloc(test, MAX_SEGS, sizeof(*b), GFP_KERNEL);
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *c1, *c2;
	struct device *dev;
	int n1, n2, i;
	u64 pos;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	dev = &iodmacmd_test_edu->dev;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
	md = vmalloc_md(test, BUF_PAGES * PAGE_SIZE, IODMACMD_DIR_INOUT);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &whole, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &pages, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md, true), 0);
	n1 = walk_all(test, c1, BUF_PAGES * PAGE_SIZE, U64_MAX, U64_MAX, a);
	n2 = walk_all(test, c2, BUF_PAGES * PAGE_SIZE, PAGE_SIZE, U64_MAX, b);
	KUNIT_EXPECT_EQ(test, n2, BUF_PAGES);
	/* The page-limited command walks the very same bus addresses. */
	for (i = 0, pos = 0; i < n1; i++) {
		u64 covered = 0;

		while (covered < a[i].len) {
			KUNIT_ASSERT_LT(test, pos, (u64)n2);
			KUNIT_EXPECT_EQ(test, b[pos].addr, a[i].addr + covered);
			covered += b[pos++].len;
		}
	}
	if (iodmacmd_test_translated(dev)) {
		/* iommu-dma merged 16 scattered pages into one IOVA range. */
		KUNIT_EXPECT_EQ(test, n1, 1);
		for (i = 1; i < n2; i++)
			KUNIT_EXPECT_EQ(test, b[i].addr, b[0].addr + i * PAGE_SIZE);
	}
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c1, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c2, true), 0);
}

/*
 * The edu device's real limit: 28 address bits, 4 KiB segments. Memory from
 * ZONE_DMA is reachable directly; under an IOMMU the IOVAs are allocated
 * below the mask; under swiotlb=force, whose pool a 28-bit device cannot
 * reach, iodmacmd bounces into the device's own memory instead.
 */
static void iodmacmd_dma_test_edu_28bit(struct kunit *test)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64, .address_bits = 28,
				      .max_segment_size = 4096 };
	struct iodmacmd_segment *segs = kunit_kcalloc(test, MAX_SEGS, sizeof(*segs), GFP_KERNEL);
	struct iodmacmd_test_buf *buf;
	struct iodmacmd_range r;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct device *dev;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	dev = &iodmacmd_test_edu->dev;
	KUNIT_ASSERT_NOT_NULL(test, segs);
	iodmacmd_test_set_masks(test, dev, 28);
	buf = kunit_kzalloc(test, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->order = 2;
	buf->page = alloc_pages(GFP_KERNEL | GFP_DMA, buf->order);
	KUNIT_ASSERT_NOT_NULL(test, buf->page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iodmacmd_test_buf_free, buf), 0);
	r.address = (uintptr_t)page_address(buf->page) + 0x100;
	r.length = 3 * PAGE_SIZE;
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_EXPECT_GE(test, walk_all(test, cmd, 3 * PAGE_SIZE, 4096, (1ULL << 28) - 1, segs), 3);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	KUNIT_EXPECT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
}

/* The bus address of a descriptor's first byte for a fresh command. */
static u64 first_bus_addr(struct kunit *test, struct device *dev, struct iodmacmd_md *md)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	struct iodmacmd_segment seg;
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	cmd = iodmacmd_cmd_create(dev, &spec, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 1);
	iodmacmd_cmd_destroy(cmd);
	return seg.addr;
}

/*
 * Drivers keep a prepared buffer's bus address for a ring's life, also
 * after clearMemoryDescriptor(): the mapping must last until the buffer's
 * last complete. Under the IOMMU, the IOVA must still translate to the
 * buffer's page until then, and not after; without one, every command gets
 * the very same address back.
 */
static void iodmacmd_dma_test_buffer_mapping_lifetime(struct kunit *test)
{
	struct iodmacmd_md *buf;
	struct iommu_domain *domain;
	struct device *dev;
	u64 bus, phys;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	dev = &iodmacmd_test_edu->dev;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
	buf = iodmacmd_test_md(test, iodmacmd_buffer_create(IODMACMD_DIR_INOUT, 4 * PAGE_SIZE,
							    0, 0));
	phys = iodmacmd_md_phys_segment(buf, 0, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(buf, 0), 0);
	bus = first_bus_addr(test, dev, buf);
	/* The command is gone; the buffer is still prepared. */
	KUNIT_EXPECT_EQ(test, first_bus_addr(test, dev, buf), bus);
	domain = iommu_get_domain_for_dev(dev);
	if (iodmacmd_test_translated(dev))
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, bus), phys);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(buf, 0), 0);
	if (iodmacmd_test_translated(dev))
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, bus), 0);
}

/* The edu device behind a translating IOMMU, with 64-bit masks; or skip. */
static struct device *translated_edu(struct kunit *test)
{
	struct device *dev;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	dev = &iodmacmd_test_edu->dev;
	if (!iodmacmd_test_translated(dev))
		kunit_skip(test, "no IOMMU: bus addresses are physical ones");
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
	return dev;
}

/*
 * Any prepared descriptor keeps its mapping after its commands, until its
 * last complete, as IOKit's descriptors do: under the IOMMU the IOVA still
 * translates, and the next command gets it back.
 */
static void iodmacmd_dma_test_prepared_mapping_lifetime(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem, PAGE_SIZE };
	struct iommu_domain *domain;
	struct iodmacmd_md *md;
	struct device *dev;
	u64 bus;

	dev = translated_edu(test);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	domain = iommu_get_domain_for_dev(dev);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	bus = first_bus_addr(test, dev, md);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, bus), virt_to_phys(mem));
	KUNIT_EXPECT_EQ(test, first_bus_addr(test, dev, md), bus);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, bus), 0);
}

/*
 * A descriptor nobody prepared is unmapped with its last command; its
 * table stays built, and the next command maps it again correctly.
 */
static void iodmacmd_dma_test_unprepared_mapping_lifetime(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem + PAGE_SIZE / 2, PAGE_SIZE };
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	struct iodmacmd_segment seg;
	struct iommu_domain *domain;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	struct device *dev;
	int round;
	u64 off;

	dev = translated_edu(test);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	domain = iommu_get_domain_for_dev(dev);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	for (round = 0; round < 3; round++) {
		KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
		off = 0;
		KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 1);
		KUNIT_EXPECT_EQ(test, seg.len, PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, seg.addr),
				virt_to_phys(mem + PAGE_SIZE / 2));
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, seg.addr + PAGE_SIZE - 1),
				virt_to_phys(mem + PAGE_SIZE / 2 + PAGE_SIZE - 1));
		KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(domain, seg.addr), 0);
	}
}

static int iodmacmd_dma_suite_init(struct kunit_suite *suite)
{
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_dma_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
}

static struct kunit_case iodmacmd_dma_test_cases[] = {
	KUNIT_CASE(iodmacmd_dma_test_map_kunit_device),
	KUNIT_CASE(iodmacmd_dma_test_iommu_merge_split),
	KUNIT_CASE(iodmacmd_dma_test_edu_28bit),
	KUNIT_CASE(iodmacmd_dma_test_buffer_mapping_lifetime),
	KUNIT_CASE(iodmacmd_dma_test_prepared_mapping_lifetime),
	KUNIT_CASE(iodmacmd_dma_test_unprepared_mapping_lifetime),
	{}
};

static struct kunit_suite iodmacmd_dma_test_suite = {
	.name = "iodmacmd_dma",
	.suite_init = iodmacmd_dma_suite_init,
	.suite_exit = iodmacmd_dma_suite_exit,
	.test_cases = iodmacmd_dma_test_cases,
};

kunit_test_suite(iodmacmd_dma_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's DMA API mappings");
IODMACMD_IMPORT_NS();
