// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the mapping core's ownership rules, each a bug that once
 * lost data or crashed:
 *
 * - a command syncs exactly its window of a shared mapping, so preparing
 *   one window never copies over another window a device is writing;
 * - writable memory has one mapping at a time where a sync does something
 *   (a non-coherent device, swiotlb): a second device, or a second
 *   descriptor over the same memory, bounces instead of overlapping; a
 *   coherent device that is never bounced shares it;
 * - specifications that can never work are refused at creation, a failed
 *   new specification leaves the old one, a failed forced double buffer
 *   leaves the command prepared;
 * - under swiotlb only the prepared window is mapped, and a bounce larger
 *   than the machine is refused before anything is sized.
 *
 * The device is simulated by writing at the bus address a segment gives:
 * for a device without an IOMMU that is the memory the DMA API handed it,
 * the swiotlb slot under swiotlb=force.
 */
#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <iodmacmd/descriptors.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

static const struct iodmacmd_spec host64 = { .output = iodmacmd_output_host64 };

/* The device writes @len bytes of @byte at the start of its first segment. */
static void device_writes(struct kunit *test, struct iodmacmd_cmd *cmd, u8 byte, size_t len)
{
	struct iodmacmd_segment seg;
	u64 off = 0;

	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 1);
	KUNIT_ASSERT_GE(test, seg.len, len);
	memset(phys_to_virt(dma_to_phys(iodmacmd_cmd_device(cmd), seg.addr)), byte, len);
}

static struct iodmacmd_md *kernel_md(struct kunit *test, void *buf, u64 len, u32 dir)
{
	struct iodmacmd_range r = { (uintptr_t)buf, len };

	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

/*
 * Command B preparing its window must not copy the memory over command A's
 * window, which A's device has written but A has not completed: under
 * swiotlb=force that copy replaced the device's bytes with stale ones.
 */
static void iodmacmd_core_test_window_sync_leaves_other_window(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *buf = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_cmd *a, *b;
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x11, 2 * PAGE_SIZE);
	md = kernel_md(test, buf, 2 * PAGE_SIZE, IODMACMD_DIR_INOUT);
	a = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	b = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	/* IOKit's sequence: the driver prepares the descriptor itself. */
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(a, md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(b, md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(a, 0, PAGE_SIZE, 0), 0);
	device_writes(test, a, 0xa5, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(b, PAGE_SIZE, PAGE_SIZE, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(b, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(a, 0), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0xa5, PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + PAGE_SIZE, 0x11, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(a, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(b, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0xa5, PAGE_SIZE));
}

/*
 * An In descriptor prepared for a second device while the first may write
 * it, where a sync does something (a non-coherent device, swiotlb=force):
 * the second bounces ("shared memory") rather than map the same cache
 * lines writable twice, and its data still arrives.
 */
static void iodmacmd_core_test_second_device_bounces_where_mappings_sync(struct kunit *test)
{
	struct device *dev1 = iodmacmd_test_device(test, 64);
	struct device *dev2 = iodmacmd_test_named_device(test, "iodmacmd-test2", 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u8 *data = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_cmd *c1, *c2;
	struct iodmacmd_md *md;

	if (!iodmacmd_test_mappings_sync(dev1))
		kunit_skip(test, "coherent and never bounced: the memory is shared");
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, data);
	memset(data, 0x3c, PAGE_SIZE);
	md = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_IN);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev1, &host64, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev2, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c1));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md, true), 0);
	KUNIT_ASSERT_NOT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(c2), "shared memory");
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_write(c2, 0, data, PAGE_SIZE), PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(c2, true), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, data, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(c1, true), 0);
	/* With the first mapping gone, the second device maps directly. */
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c2, true), 0);
}

/*
 * The same for a coherent device that is never bounced: a mapping is the
 * memory itself, so both devices map it directly (no bounce, no copy), each
 * one's writes arrive, and dma-debug reports no overlap (the harness fails
 * a guest whose log has one).
 */
static void iodmacmd_core_test_second_device_shares_coherent_memory(struct kunit *test)
{
	struct device *dev1 = iodmacmd_test_device(test, 64);
	struct device *dev2 = iodmacmd_test_named_device(test, "iodmacmd-test2", 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_cmd *c1, *c2;
	struct iodmacmd_md *md;

	if (iodmacmd_test_mappings_sync(dev1))
		kunit_skip(test, "the device's mappings need syncs: the memory is not shared");
	KUNIT_ASSERT_NOT_NULL(test, buf);
	md = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_IN);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev1, &host64, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev2, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c1));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	device_writes(test, c2, 0x3c, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(c2, true), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0x3c, PAGE_SIZE));
	device_writes(test, c1, 0xc3, PAGE_SIZE / 2);
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(c1, true), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0xc3, PAGE_SIZE / 2));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + PAGE_SIZE / 2, 0x3c, PAGE_SIZE / 2));
}

/*
 * Two descriptors over the same memory are the same memory: where a sync
 * does something, the second bounces.
 */
static void iodmacmd_core_test_second_descriptor_bounces_where_mappings_sync(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_md *md1, *md2;
	struct iodmacmd_cmd *c1, *c2;

	if (!iodmacmd_test_mappings_sync(dev))
		kunit_skip(test, "coherent and never bounced: the memory is shared");
	KUNIT_ASSERT_NOT_NULL(test, buf);
	md1 = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_INOUT);
	/* Overlapping by one cache line is overlapping. */
	md2 = kernel_md(test, buf + PAGE_SIZE - L1_CACHE_BYTES, L1_CACHE_BYTES,
			IODMACMD_DIR_IN);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md1, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md2, true), 0);
	KUNIT_ASSERT_NOT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(c2), "shared memory");
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c2, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c1, true), 0);
}

/* The same on a coherent device that is never bounced: both map directly. */
static void iodmacmd_core_test_second_descriptor_shares_coherent_memory(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_md *md1, *md2;
	struct iodmacmd_cmd *c1, *c2;

	if (iodmacmd_test_mappings_sync(dev))
		kunit_skip(test, "the device's mappings need syncs: the memory is not shared");
	KUNIT_ASSERT_NOT_NULL(test, buf);
	md1 = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_INOUT);
	md2 = kernel_md(test, buf + PAGE_SIZE - L1_CACHE_BYTES, L1_CACHE_BYTES,
			IODMACMD_DIR_IN);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md1, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md2, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	device_writes(test, c2, 0x5e, L1_CACHE_BYTES);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c2, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c1, true), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + PAGE_SIZE - L1_CACHE_BYTES, 0x5e,
					   L1_CACHE_BYTES));
}

/* Devices only reading memory may share it: nothing bounces. */
static void iodmacmd_core_test_readers_share(struct kunit *test)
{
	struct device *dev1 = iodmacmd_test_device(test, 64);
	struct device *dev2 = iodmacmd_test_named_device(test, "iodmacmd-test2", 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_cmd *c1, *c2;
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	md = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_OUT);
	c1 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev1, &host64, NULL));
	c2 = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev2, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c1, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(c2, md, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c1));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(c2));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c1, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(c2, true), 0);
}

/* The DMA API WARNs and maps nothing for a device whose mask was never set. */
static void iodmacmd_core_test_device_without_mask_refused(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "iodmacmd-nomask");
	struct iodmacmd_spec unmapped = {
		.output = iodmacmd_output_host64, .mapping_options = IODMACMD_MAP_UNMAPPED,
	};
	struct iodmacmd_cmd *cmd;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	/* As a platform device no bus code gave a mask. */
	dev->dma_mask = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(dev, &host64, NULL)), -EINVAL);
	/* Physical addresses need no mask. */
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &unmapped, NULL));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
}

struct bad_spec_case {
	const char *name;
	struct iodmacmd_spec spec;
};

static const struct bad_spec_case bad_spec_cases[] = {
	{ "boundary of one byte",
	  { .output = iodmacmd_output_host64, .segment_boundary = 1 } },
	{ "boundary below the alignment",
	  { .output = iodmacmd_output_host64, .segment_boundary = 512, .alignment = 4096 } },
	{ "boundary below the length alignment",
	  { .output = iodmacmd_output_host64, .segment_boundary = 512,
	    .alignment_length = 1024 } },
	{ "boundary below the internal alignment",
	  { .output = iodmacmd_output_host64, .segment_boundary = 256,
	    .alignment_internal = 4096 } },
	{ "max segment below the length alignment",
	  { .output = iodmacmd_output_host64, .max_segment_size = 256,
	    .alignment_length = 512 } },
	{ "max segment below the internal alignment",
	  { .output = iodmacmd_output_host64, .max_segment_size = 100,
	    .alignment_internal = 128 } },
};

static void bad_spec_desc(const struct bad_spec_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_spec, bad_spec_cases, bad_spec_desc);

/* Constraints that can never all be met are refused when given. */
static void iodmacmd_core_test_impossible_spec_refused(struct kunit *test)
{
	const struct bad_spec_case *c = test->param_value;
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_cmd *cmd;

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(dev, &c->spec, NULL)), -EINVAL);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &c->spec, 0, 0, 0), -EINVAL);
}

/* A buffer whose length is 0 prepares, with no segment. */
static void iodmacmd_core_test_empty_buffer_prepares(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_segment seg;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	u64 off = 0, len = 1;

	md = iodmacmd_test_md(test, iodmacmd_buffer_create(IODMACMD_DIR_INOUT, PAGE_SIZE, 0,
							   0));
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 0), 0);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * prepare_with_spec() that fails, for a bad specification or a bad range,
 * leaves the command with the specification it had.
 */
static void iodmacmd_core_test_failed_prepare_with_spec_keeps_spec(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec old = { .output = iodmacmd_output_host64, .address_bits = 48,
				     .max_segment_size = SZ_64K };
	struct iodmacmd_spec new = { .output = iodmacmd_output_host64, .address_bits = 40 };
	struct iodmacmd_spec bad = { .output = iodmacmd_output_host64, .alignment = 3 };
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_spec got;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	md = kernel_md(test, buf, PAGE_SIZE, IODMACMD_DIR_OUT);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &old, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &bad, 0, 0, 0), -EINVAL);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 48);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &new, 0, 2 * PAGE_SIZE, 0),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 48);
	KUNIT_EXPECT_EQ(test, got.max_segment_size, SZ_64K);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &new, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 40);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * kForceDoubleBuffer without bounce memory to be had (here: a device with
 * no coherent mask) fails and leaves the command prepared as it was.
 */
static void iodmacmd_core_test_failed_force_stays_prepared(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *buf = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_segment seg;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	u64 off = 0, len = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	md = kernel_md(test, buf, 2 * PAGE_SIZE, IODMACMD_DIR_INOUT);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, PAGE_SIZE, PAGE_SIZE, 0), 0);
	dev->coherent_dma_mask = 0;
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), -ENOMEM);
	dev->coherent_dma_mask = DMA_BIT_MASK(64);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	off = 0;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * A page of a descriptor larger than the whole swiotlb pool prepares: only
 * the window is mapped (and copied) when swiotlb bounces the device.
 */
static void iodmacmd_core_test_large_descriptor_small_window(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	size_t size = SZ_64M + SZ_32M;
	u8 *mem = iodmacmd_test_vmalloc(test, size);
	u8 *seen = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem, size };
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	memset(mem + SZ_32M, 0x77, PAGE_SIZE);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, SZ_32M, PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, memchr_inv(seen, 0x77, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

static void free_high_pages(void *page)
{
	__free_pages(page, 8);
}

/*
 * A bounce of 2^44 bytes (a descriptor composed of itself) is refused
 * before its bookkeeping is sized: a 32-bit chunk count once wrapped to 0
 * and the allocation loop ran off the heap.
 */
static void iodmacmd_core_test_huge_bounce_refused(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 32);
	struct iodmacmd_md **members;
	struct iodmacmd_md *md, *level;
	struct iodmacmd_cmd *cmd;
	struct page *page;
	unsigned int i;

	page = alloc_pages(GFP_KERNEL, 8);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_high_pages, page), 0);
	if (page_to_phys(page) < SZ_4G && !is_swiotlb_force_bounce(dev))
		kunit_skip(test, "the page allocator gave memory below 4 GiB");
	members = kunit_kcalloc(test, 1024, sizeof(*members), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, members);
	md = kernel_md(test, page_address(page), SZ_1M, IODMACMD_DIR_IN);
	/* 1 MiB -> 1 GiB -> 1 TiB -> 16 TiB */
	for (level = md, i = 0; i < 3; i++) {
		unsigned int n = i < 2 ? 1024 : 16, j;

		for (j = 0; j < n; j++)
			members[j] = level;
		level = iodmacmd_test_md(test, iodmacmd_md_create_multi(members, n,
									IODMACMD_DIR_IN));
	}
	KUNIT_ASSERT_EQ(test, iodmacmd_md_length(level), 1ULL << 44);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, level, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), -ENOMEM);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
	/* Still usable: a small range bounces. */
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, PAGE_SIZE, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

static const iodmacmd_output_t outputs[] = {
	iodmacmd_output_host32, iodmacmd_output_big32, iodmacmd_output_little32,
	iodmacmd_output_host64, iodmacmd_output_big64, iodmacmd_output_little64,
};

/* An output function given no array refuses the segment instead of oopsing. */
static void iodmacmd_core_test_output_refuses_null_array(struct kunit *test)
{
	struct iodmacmd_segment seg = { .addr = 0x1000, .len = 0x100 };
	struct iodmacmd_segment out[1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(outputs); i++) {
		KUNIT_EXPECT_FALSE(test, outputs[i](NULL, seg, NULL, 0));
		KUNIT_EXPECT_FALSE(test, outputs[i](NULL, seg, ERR_PTR(-ENOMEM), 0));
		KUNIT_EXPECT_TRUE(test, outputs[i](NULL, seg, out, 0));
	}
}

/* iodmacmd, found as the module this test module depends on. */
static struct module *iodmacmd_module(struct kunit *test)
{
	struct module_use *use;

	list_for_each_entry(use, &THIS_MODULE->target_list, target_list)
		if (!strcmp(use->target->name, "iodmacmd"))
			return use->target;
	KUNIT_FAIL(test, "this module does not depend on iodmacmd");
	return NULL;
}

/*
 * Live objects keep iodmacmd loaded: a client that unloads without freeing
 * them must not leave them to code that is gone.
 */
static void iodmacmd_core_test_objects_pin_module(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct module *mod = iodmacmd_module(test);
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	int before;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, mod);
	before = module_refcount(mod);
	md = iodmacmd_md_create_kernel(&(struct iodmacmd_range){ (uintptr_t)buf, PAGE_SIZE }, 1,
				       IODMACMD_DIR_OUT);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), before + 1);
	cmd = iodmacmd_cmd_create(dev, &host64, NULL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(cmd));
	KUNIT_EXPECT_EQ(test, module_refcount(mod), before + 2);
	iodmacmd_cmd_destroy(cmd);
	iodmacmd_md_put(md);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), before);
}

static struct kunit_case iodmacmd_core_cases[] = {
	KUNIT_CASE(iodmacmd_core_test_window_sync_leaves_other_window),
	KUNIT_CASE(iodmacmd_core_test_second_device_bounces_where_mappings_sync),
	KUNIT_CASE(iodmacmd_core_test_second_device_shares_coherent_memory),
	KUNIT_CASE(iodmacmd_core_test_second_descriptor_bounces_where_mappings_sync),
	KUNIT_CASE(iodmacmd_core_test_second_descriptor_shares_coherent_memory),
	KUNIT_CASE(iodmacmd_core_test_readers_share),
	KUNIT_CASE(iodmacmd_core_test_device_without_mask_refused),
	KUNIT_CASE_PARAM(iodmacmd_core_test_impossible_spec_refused, bad_spec_gen_params),
	KUNIT_CASE(iodmacmd_core_test_empty_buffer_prepares),
	KUNIT_CASE(iodmacmd_core_test_failed_prepare_with_spec_keeps_spec),
	KUNIT_CASE(iodmacmd_core_test_failed_force_stays_prepared),
	KUNIT_CASE(iodmacmd_core_test_large_descriptor_small_window),
	KUNIT_CASE(iodmacmd_core_test_huge_bounce_refused),
	KUNIT_CASE(iodmacmd_core_test_objects_pin_module),
	KUNIT_CASE(iodmacmd_core_test_output_refuses_null_array),
	{}
};

static struct kunit_suite iodmacmd_core_suite = {
	.name = "iodmacmd_core",
	.test_cases = iodmacmd_core_cases,
};

kunit_test_suite(iodmacmd_core_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's mapping ownership and specification checks");
IODMACMD_IMPORT_NS();
