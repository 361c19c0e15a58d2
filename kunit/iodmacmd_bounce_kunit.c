// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for bouncing: data integrity for every direction and every
 * reason to bounce, on a KUnit device (never behind an IOMMU) and on QEMU's
 * edu device (behind the IOMMU in the iommu guest), no stale data, the
 * prepared offset honoured, 32-bit commands over memory above 4 GiB, the
 * edu device's 28-bit limit, and running out of bounce memory.
 *
 * The device is simulated through the device-visible side,
 * iodmacmd_cmd_read() and iodmacmd_cmd_write(), which is exactly what a
 * bounce-buffer copy bug would corrupt.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

/* The command's kept reach answer, read by one case. */
#include "../iodmacmd/cmd.h"

#include "iodmacmd_kunit_helpers.h"

#define BUF_SIZE	SZ_2M
#define PREP_OFF	0x280
#define PREP_LEN	(5 * PAGE_SIZE + 0x100)
#define MAX_SEGS	64

enum bounce_kind { BY_ADDRESS, BY_ALIGNMENT, BY_FORCE };

struct bounce_case {
	const char *name;
	u32 dir;
	enum bounce_kind kind;
	bool edu;
	bool driver_prepared;
};

/*
 * Every direction x every reason, on a KUnit device and on edu; then each
 * again in IOKit's usual sequence, where the driver prepares the descriptor
 * itself first (md->prepare(), so the descriptor keeps its mapping) and
 * completes it after the command: under swiotlb=force, unmapping that kept
 * mapping once copied a stale swiotlb slot over the bounced data.
 */
static const struct bounce_case bounce_cases[] = {
	{ "kunit in address", IODMACMD_DIR_IN, BY_ADDRESS, false },
	{ "kunit in alignment", IODMACMD_DIR_IN, BY_ALIGNMENT, false },
	{ "kunit in forced", IODMACMD_DIR_IN, BY_FORCE, false },
	{ "kunit out address", IODMACMD_DIR_OUT, BY_ADDRESS, false },
	{ "kunit out alignment", IODMACMD_DIR_OUT, BY_ALIGNMENT, false },
	{ "kunit out forced", IODMACMD_DIR_OUT, BY_FORCE, false },
	{ "kunit inout address", IODMACMD_DIR_INOUT, BY_ADDRESS, false },
	{ "kunit inout alignment", IODMACMD_DIR_INOUT, BY_ALIGNMENT, false },
	{ "kunit inout forced", IODMACMD_DIR_INOUT, BY_FORCE, false },
	{ "edu in address", IODMACMD_DIR_IN, BY_ADDRESS, true },
	{ "edu in alignment", IODMACMD_DIR_IN, BY_ALIGNMENT, true },
	{ "edu in forced", IODMACMD_DIR_IN, BY_FORCE, true },
	{ "edu out address", IODMACMD_DIR_OUT, BY_ADDRESS, true },
	{ "edu out alignment", IODMACMD_DIR_OUT, BY_ALIGNMENT, true },
	{ "edu out forced", IODMACMD_DIR_OUT, BY_FORCE, true },
	{ "edu inout address", IODMACMD_DIR_INOUT, BY_ADDRESS, true },
	{ "edu inout alignment", IODMACMD_DIR_INOUT, BY_ALIGNMENT, true },
	{ "edu inout forced", IODMACMD_DIR_INOUT, BY_FORCE, true },
	{ "kunit in address md-prepared", IODMACMD_DIR_IN, BY_ADDRESS, false, true },
	{ "kunit in alignment md-prepared", IODMACMD_DIR_IN, BY_ALIGNMENT, false, true },
	{ "kunit in forced md-prepared", IODMACMD_DIR_IN, BY_FORCE, false, true },
	{ "kunit out address md-prepared", IODMACMD_DIR_OUT, BY_ADDRESS, false, true },
	{ "kunit out alignment md-prepared", IODMACMD_DIR_OUT, BY_ALIGNMENT, false, true },
	{ "kunit out forced md-prepared", IODMACMD_DIR_OUT, BY_FORCE, false, true },
	{ "kunit inout address md-prepared", IODMACMD_DIR_INOUT, BY_ADDRESS, false, true },
	{ "kunit inout alignment md-prepared", IODMACMD_DIR_INOUT, BY_ALIGNMENT, false, true },
	{ "kunit inout forced md-prepared", IODMACMD_DIR_INOUT, BY_FORCE, false, true },
	{ "edu in address md-prepared", IODMACMD_DIR_IN, BY_ADDRESS, true, true },
	{ "edu in alignment md-prepared", IODMACMD_DIR_IN, BY_ALIGNMENT, true, true },
	{ "edu in forced md-prepared", IODMACMD_DIR_IN, BY_FORCE, true, true },
	{ "edu out address md-prepared", IODMACMD_DIR_OUT, BY_ADDRESS, true, true },
	{ "edu out alignment md-prepared", IODMACMD_DIR_OUT, BY_ALIGNMENT, true, true },
	{ "edu out forced md-prepared", IODMACMD_DIR_OUT, BY_FORCE, true, true },
	{ "edu inout address md-prepared", IODMACMD_DIR_INOUT, BY_ADDRESS, true, true },
	{ "edu inout alignment md-prepared", IODMACMD_DIR_INOUT, BY_ALIGNMENT, true, true },
	{ "edu inout forced md-prepared", IODMACMD_DIR_INOUT, BY_FORCE, true, true },
};

static void bounce_case_desc(const struct bounce_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bounce, bounce_cases, bounce_case_desc);

static void pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed ^ (i * 13 + (i >> 7)));
}

static void restore_masks(void *data)
{
	struct device *dev = data;

	dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
}

/*
 * The device for a case. A narrow command is served by bounce memory only
 * when the device's coherent mask is no wider (README: the policy).
 */
static struct device *case_device(struct kunit *test, bool edu, unsigned int coherent_bits)
{
	struct device *dev;

	if (edu) {
		if (!iodmacmd_test_edu)
			kunit_skip(test, "no edu device");
		dev = &iodmacmd_test_edu->dev;
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, restore_masks, dev), 0);
		KUNIT_ASSERT_EQ(test, dma_set_mask(dev, DMA_BIT_MASK(64)), 0);
	} else {
		dev = iodmacmd_test_device(test, 64);
	}
	KUNIT_ASSERT_EQ(test, dma_set_coherent_mask(dev, DMA_BIT_MASK(coherent_bits)), 0);
	return dev;
}

static void clear_min_align(void *data)
{
	dma_set_min_align_mask(data, 0);
}

/*
 * Under swiotlb only the prepared window is mapped, and swiotlb places a
 * window of a page or more on a page: the offset that makes the range
 * misaligned would vanish, and nothing would need a bounce. A device that
 * keeps the page offset (as NVMe asks with its min_align_mask) keeps the
 * range misaligned in every configuration.
 */
static void keep_page_offset(struct kunit *test, struct device *dev)
{
	if (!dev->dma_parms) {
		dev->dma_parms = kunit_kzalloc(test, sizeof(*dev->dma_parms), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, dev->dma_parms);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, clear_min_align, dev), 0);
	dma_set_min_align_mask(dev, PAGE_SIZE - 1);
}

/* Every segment fits the command and the segments cover the range. */
static void check_segments(struct kunit *test, struct iodmacmd_cmd *cmd,
			   const struct iodmacmd_spec *spec, u64 length)
{
	struct iodmacmd_segment *segs = kunit_kcalloc(test, MAX_SEGS, sizeof(*segs), GFP_KERNEL);
	u64 off = 0, total = 0, limit = spec->address_bits ?
		(1ULL << spec->address_bits) - 1 : U64_MAX;
	int n, i;

	KUNIT_ASSERT_NOT_NULL(test, segs);
	while ((n = iodmacmd_gen_segments(cmd, &off, segs, MAX_SEGS)) > 0) {
		for (i = 0; i < n; i++) {
			KUNIT_EXPECT_LE(test, segs[i].addr + segs[i].len - 1, limit);
			if (spec->alignment)
				KUNIT_EXPECT_EQ(test, segs[i].addr & (spec->alignment - 1), 0);
			total += segs[i].len;
		}
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, total, length);
}

static void iodmacmd_bounce_test_integrity(struct kunit *test)
{
	const struct bounce_case *c = test->param_value;
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = iodmacmd_test_vmalloc(test, BUF_SIZE);
	u8 *orig = kunit_kmalloc(test, BUF_SIZE, GFP_KERNEL);
	u8 *dev_data = kunit_kmalloc(test, PREP_LEN, GFP_KERNEL);
	u8 *seen = kunit_kmalloc(test, PREP_LEN, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = BUF_SIZE };
	unsigned int coherent_bits = 64;
	const char *reason, *expect;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, orig);
	KUNIT_ASSERT_NOT_NULL(test, dev_data);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	dev = case_device(test, c->edu, 64);
	switch (c->kind) {
	case BY_ADDRESS:
		/*
		 * Without an IOMMU, vmalloc memory lies above ZONE_DMA and bounce
		 * memory within it (24 bits on x86, 32 on arm64 virt). With one,
		 * a 2 MiB descriptor's IOVA range is 2 MiB aligned, so never below
		 * 1 MiB: a 20-bit command cannot take the mapping, and its bounce
		 * memory is allocated below.
		 */
		coherent_bits = iodmacmd_test_translated(dev) ? 20 :
				iodmacmd_test_zone_dma_bits(test, dev);
		spec.address_bits = coherent_bits;
		expect = "address bits";
		break;
	case BY_ALIGNMENT:
		/* The prepared range starts 0x280 into a page. */
		spec.alignment = PAGE_SIZE;
		keep_page_offset(test, dev);
		expect = "alignment";
		break;
	default:
		expect = "forced";
		break;
	}
	iodmacmd_test_set_coherent(test, dev, coherent_bits);
	pattern(mem, BUF_SIZE, 0x5a);
	memcpy(orig, mem, BUF_SIZE);
	pattern(dev_data, PREP_LEN, 0xc3);

	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, c->dir));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	if (c->driver_prepared)
		KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, PREP_OFF, PREP_LEN,
					       IODMACMD_FLUSH_CACHE | IODMACMD_SYNCHRONIZE), 0);
	if (c->kind == BY_FORCE)
		KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	reason = iodmacmd_cmd_bounce_reason(cmd);
	KUNIT_ASSERT_NOT_NULL(test, reason);
	KUNIT_EXPECT_STREQ(test, reason, expect);
	check_segments(test, cmd, &spec, PREP_LEN);

	/* What the device reads: the data going out, or nothing stale. */
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, PREP_LEN), PREP_LEN);
	if (c->dir & IODMACMD_DIR_OUT)
		KUNIT_EXPECT_MEMEQ(test, seen, orig + PREP_OFF, PREP_LEN);
	else
		KUNIT_EXPECT_NULL(test, memchr_inv(seen, 0, PREP_LEN));

	/* The device writes; the original is untouched until complete(). */
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_write(cmd, 0, dev_data, PREP_LEN), PREP_LEN);
	KUNIT_EXPECT_MEMEQ(test, mem, orig, BUF_SIZE);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_INVALIDATE | IODMACMD_SYNCHRONIZE),
			0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));

	/* Copied back only for In, only into the prepared range. */
	KUNIT_EXPECT_MEMEQ(test, mem, orig, PREP_OFF);
	KUNIT_EXPECT_MEMEQ(test, mem + PREP_OFF + PREP_LEN, orig + PREP_OFF + PREP_LEN,
			   BUF_SIZE - PREP_OFF - PREP_LEN);
	if (c->dir & IODMACMD_DIR_IN)
		KUNIT_EXPECT_MEMEQ(test, mem + PREP_OFF, dev_data, PREP_LEN);
	else
		KUNIT_EXPECT_MEMEQ(test, mem + PREP_OFF, orig + PREP_OFF, PREP_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	if (!c->driver_prepared)
		return;
	/* The driver's own complete ends the kept mapping: nothing changes. */
	KUNIT_ASSERT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	if (c->dir & IODMACMD_DIR_IN)
		KUNIT_EXPECT_MEMEQ(test, mem + PREP_OFF, dev_data, PREP_LEN);
	else
		KUNIT_EXPECT_MEMEQ(test, mem + PREP_OFF, orig + PREP_OFF, PREP_LEN);
	KUNIT_EXPECT_MEMEQ(test, mem, orig, PREP_OFF);
}

/*
 * Bounce memory reused after an Out transfer must not show its old
 * contents to the device of an In transfer.
 */
static void iodmacmd_bounce_test_no_stale_data(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *out_mem = iodmacmd_test_vmalloc(test, BUF_SIZE);
	u8 *in_mem = iodmacmd_test_vmalloc(test, BUF_SIZE);
	u8 *seen = kunit_kmalloc(test, BUF_SIZE, GFP_KERNEL);
	struct iodmacmd_range ro = { (uintptr_t)out_mem, BUF_SIZE };
	struct iodmacmd_range ri = { (uintptr_t)in_mem, BUF_SIZE };
	struct iodmacmd_md *md_out, *md_in;
	struct iodmacmd_cmd *cmd;
	int round;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	memset(out_mem, 0xee, BUF_SIZE);
	memset(in_mem, 0x77, BUF_SIZE);
	md_out = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&ro, 1, IODMACMD_DIR_OUT));
	md_in = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&ri, 1, IODMACMD_DIR_IN));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	for (round = 0; round < 4; round++) {
		KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md_out, true), 0);
		KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
		KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
		KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md_in, true), 0);
		KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
		KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, BUF_SIZE), BUF_SIZE);
		KUNIT_EXPECT_NULL(test, memchr_inv(seen, 0, BUF_SIZE));
		KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	}
}

/* synchronize(): its direction rules, whatever the descriptor's direction. */
static void iodmacmd_bounce_test_synchronize(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = iodmacmd_test_vmalloc(test, PAGE_SIZE);
	struct iodmacmd_range r = { (uintptr_t)mem, PAGE_SIZE };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	u8 byte;

	memset(mem, 1, PAGE_SIZE);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN | IODMACMD_SYNC_OUT),
			-EINVAL);
	/* Nothing bounced: nothing to copy. */
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	/* Forcing twice is a no-op. */
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	byte = 9;
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_write(cmd, 10, &byte, 1), 1);
	/* In copies back even for an Out descriptor. */
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN), 0);
	KUNIT_EXPECT_EQ(test, mem[10], 9);
	mem[11] = 7;
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_OUT), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 11, &byte, 1), 1);
	KUNIT_EXPECT_EQ(test, byte, 7);
	/* A nested preparation cannot change its buffering. */
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/* Reading and writing the device-visible side clamp to the prepared range. */
static void iodmacmd_bounce_test_cmd_rw_bounds(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = iodmacmd_test_vmalloc(test, PAGE_SIZE);
	struct iodmacmd_range r = { (uintptr_t)mem, PAGE_SIZE };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	u8 buf[64];

	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 0, buf, 8), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 100, 200, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 190, buf, 64), 10);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 200, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(cmd, 0, "xyz", 3), 3);
	/* Unbounced: the device sees the memory itself, at the prepared offset. */
	KUNIT_EXPECT_MEMEQ(test, mem + 100, "xyz", 3);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* A 32-bit command over memory above 4 GiB bounces below it. */
static void iodmacmd_bounce_test_32bit_above_4g(struct kunit *test)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host32 };
	struct iodmacmd_segment32 segs[8];
	struct iodmacmd_test_buf *buf;
	struct iodmacmd_range r;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct device *dev;
	u8 *seen;
	int n, i;
	u64 off = 0;

	dev = iodmacmd_test_device(test, 64);
	KUNIT_ASSERT_EQ(test, dma_set_coherent_mask(dev, DMA_BIT_MASK(32)), 0);
	buf = iodmacmd_test_buf_alloc(test, 1);
	if (buf->phys < SZ_4G)
		kunit_skip(test, "the page allocator gave memory below 4 GiB");
	pattern(buf->va, 2 * PAGE_SIZE, 0x42);
	r.address = (uintptr_t)buf->va;
	r.length = 2 * PAGE_SIZE;
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	/* swiotlb=force already places the mapping low: no need to bounce again. */
	if (!is_swiotlb_force_bounce(dev))
		KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(cmd) ?: "-", "address bits");
	n = iodmacmd_gen_segments_with(cmd, iodmacmd_output_host32, &off, segs, 8);
	KUNIT_ASSERT_GT(test, n, 0);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_LE(test, (u64)segs[i].addr + segs[i].len, SZ_4G);
	KUNIT_EXPECT_EQ(test, off, 2 * PAGE_SIZE);
	seen = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, seen, buf->va, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * The edu device with its real 28-bit masks: IOVAs below 2^28 under the
 * IOMMU; without one the memory is out of its reach and bounced.
 */
static void iodmacmd_bounce_test_edu_28bit(struct kunit *test)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64, .address_bits = 28,
				      .max_segment_size = 4096 };
	u8 *mem = iodmacmd_test_vmalloc(test, BUF_SIZE);
	struct iodmacmd_range r = { (uintptr_t)mem, BUF_SIZE };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct device *dev;
	const char *reason;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	dev = &iodmacmd_test_edu->dev;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, restore_masks, dev), 0);
	iodmacmd_test_set_masks(test, dev, 28);
	pattern(mem, BUF_SIZE, 3);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	reason = iodmacmd_cmd_bounce_reason(cmd);
	if (iodmacmd_test_translated(dev))
		KUNIT_EXPECT_NULL(test, reason);
	else
		KUNIT_EXPECT_STREQ(test, reason ?: "(none)", "device reach");
	check_segments(test, cmd, &spec, BUF_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * A 64-bit command over a page of kernel memory above @bits, for the reach
 * cases: the case is skipped when the page lies within them.
 */
static struct iodmacmd_cmd *reach_command(struct kunit *test, struct device *dev,
					  unsigned int bits, struct iodmacmd_md **md)
{
	static const struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem, PAGE_SIZE };

	KUNIT_ASSERT_NOT_NULL(test, mem);
	if (virt_to_phys(mem) + PAGE_SIZE - 1 <= DMA_BIT_MASK(bits))
		kunit_skip(test, "the buffer lies within %u bits", bits);
	*md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
	return iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
}

/* One transfer of @md: bounced for @reason, or not at all (%NULL). */
static void expect_transfer(struct kunit *test, struct iodmacmd_cmd *cmd,
			    struct iodmacmd_md *md, const char *reason)
{
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	if (reason)
		KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(cmd) ?: "(none)", reason);
	else
		KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/*
 * A command keeps what the DMA API said of its device's reach and asks
 * again when the device's mask changes: memory a 64-bit device reached
 * is out of reach once a driver narrows the mask, and the next transfer
 * bounces; widened again, it maps directly again.
 */
static void iodmacmd_bounce_test_reach_follows_mask_changes(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	unsigned int bits = iodmacmd_test_zone_dma_bits(test, dev);
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = reach_command(test, dev, bits, &md);

	expect_transfer(test, cmd, md, NULL);
	iodmacmd_test_set_masks(test, dev, bits);
	expect_transfer(test, cmd, md, "device reach");
	iodmacmd_test_set_masks(test, dev, 64);
	expect_transfer(test, cmd, md, NULL);
}

/* The same for the bus limit a platform puts on a device. */
static void iodmacmd_bounce_test_reach_follows_bus_limit(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	unsigned int bits = iodmacmd_test_zone_dma_bits(test, dev);
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = reach_command(test, dev, bits, &md);

	/* Bounce memory comes from below the coherent mask. */
	iodmacmd_test_set_coherent(test, dev, bits);
	expect_transfer(test, cmd, md, NULL);
	dev->bus_dma_limit = DMA_BIT_MASK(bits);
	expect_transfer(test, cmd, md, "device reach");
	dev->bus_dma_limit = 0;
	expect_transfer(test, cmd, md, NULL);
}

/*
 * Memory that comes or goes (hotplug, a balloon) can change a device's
 * reach (the DMA API's required mask follows the highest page): the
 * command asks again when the amount of RAM changed. A page taken out of
 * the count as a balloon driver does it (adjust_managed_page_count())
 * stands for the hotplug; the command's kept answer must name the new
 * amount after its next prepare.
 */
static void iodmacmd_bounce_test_reach_asked_again_when_memory_changes(struct kunit *test)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	struct device *dev = iodmacmd_test_device(test, 64);
	u8 *mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem, PAGE_SIZE };
	unsigned long before, during, seen;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	before = cmd->reach.ram_pages;
	KUNIT_EXPECT_EQ(test, before, totalram_pages());
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	adjust_managed_page_count(page, -1);
	during = totalram_pages();
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	seen = cmd->reach.ram_pages;
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	adjust_managed_page_count(page, 1);
	__free_page(page);
	KUNIT_EXPECT_NE(test, during, before);
	KUNIT_EXPECT_EQ(test, seen, during);
}

/*
 * Out of bounce memory: ZONE_DMA (16 MiB) cannot hold 32 MiB. The prepare
 * fails with -ENOMEM (kIOReturnNoResources, logged), leaks nothing
 * (kmemleak checks at the end of the run), and the command still works.
 */
static void iodmacmd_bounce_test_exhaustion(struct kunit *test)
{
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64, .address_bits = 24 };
	u8 *mem = iodmacmd_test_vmalloc(test, SZ_32M);
	struct iodmacmd_range r = { (uintptr_t)mem, SZ_32M };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct device *dev;

	dev = iodmacmd_test_device(test, 64);
	iodmacmd_test_set_coherent(test, dev, 24);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), -ENOMEM);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, SZ_64K, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(cmd), "address bits");
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
}

/* The first bus address of a prepared command's segments. */
static u64 first_segment(struct kunit *test, struct iodmacmd_cmd *cmd)
{
	struct iodmacmd_segment seg;
	u64 off = 0;

	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, &seg, 1), 1);
	return seg.addr;
}

/*
 * A command keeps its bounce memory for the next transfer: a shorter one
 * reuses it, a longer one replaces it, and releasing gives it back.
 */
static void iodmacmd_bounce_test_spare_reused(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = iodmacmd_test_vmalloc(test, SZ_256K);
	u8 *seen = kunit_kmalloc(test, SZ_256K, GFP_KERNEL);
	struct iodmacmd_range r = { (uintptr_t)mem, SZ_256K };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	u64 first;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	pattern(mem, SZ_256K, 0x31);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, SZ_64K, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	first = first_segment(test, cmd);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_64K);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_64K);

	/* Shorter, from another offset: the same memory, the new bytes. */
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, SZ_128K, SZ_16K, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_EXPECT_EQ(test, first_segment(test, cmd), first);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_64K);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, SZ_16K), SZ_16K);
	KUNIT_EXPECT_MEMEQ(test, seen, mem + SZ_128K, SZ_16K);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);

	/* Longer: replaced, not added to. */
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, SZ_256K, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_256K);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, seen, SZ_256K), SZ_256K);
	KUNIT_EXPECT_MEMEQ(test, seen, mem, SZ_256K);
	/* Releasing leaves the memory in use alone. */
	iodmacmd_cmd_release_bounce(cmd);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_256K);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	iodmacmd_cmd_release_bounce(cmd);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
}

/* A new specification drops the spare: its chunks met the old one. */
static void iodmacmd_bounce_test_spare_dropped_by_spec(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_spec spec = { .output = iodmacmd_output_host64 };
	u8 *mem = iodmacmd_test_vmalloc(test, SZ_64K);
	struct iodmacmd_range r = { (uintptr_t)mem, SZ_64K };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;

	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_IN));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), SZ_64K);
	spec.max_segment_size = PAGE_SIZE;
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare_with_spec(cmd, &spec, 0, 0, 0), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static int iodmacmd_bounce_suite_init(struct kunit_suite *suite)
{
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_bounce_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
}

static struct kunit_case iodmacmd_bounce_test_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_bounce_test_integrity, bounce_gen_params),
	KUNIT_CASE(iodmacmd_bounce_test_no_stale_data),
	KUNIT_CASE(iodmacmd_bounce_test_synchronize),
	KUNIT_CASE(iodmacmd_bounce_test_cmd_rw_bounds),
	KUNIT_CASE(iodmacmd_bounce_test_32bit_above_4g),
	KUNIT_CASE(iodmacmd_bounce_test_reach_follows_mask_changes),
	KUNIT_CASE(iodmacmd_bounce_test_reach_follows_bus_limit),
	KUNIT_CASE(iodmacmd_bounce_test_reach_asked_again_when_memory_changes),
	KUNIT_CASE(iodmacmd_bounce_test_edu_28bit),
	KUNIT_CASE(iodmacmd_bounce_test_exhaustion),
	KUNIT_CASE(iodmacmd_bounce_test_spare_reused),
	KUNIT_CASE(iodmacmd_bounce_test_spare_dropped_by_spec),
	{}
};

static struct kunit_suite iodmacmd_bounce_test_suite = {
	.name = "iodmacmd_bounce",
	.suite_init = iodmacmd_bounce_suite_init,
	.suite_exit = iodmacmd_bounce_suite_exit,
	.test_cases = iodmacmd_bounce_test_cases,
};

kunit_test_suite(iodmacmd_bounce_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's bounce buffers");
IODMACMD_IMPORT_NS();
