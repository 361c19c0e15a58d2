// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the descriptor family beyond kernel and physical memory:
 * user memory (pinned at prepare), buffers (IOBufferMemoryDescriptor),
 * windows (IOSubMemoryDescriptor) and concatenations
 * (IOMultiMemoryDescriptor), alone, nested, and under commands.
 *
 * User memory comes from kunit_vm_mmap(), which gives the test's kernel
 * thread an address space of its own.
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
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

static const struct iodmacmd_spec host64_unmapped = {
	.output = iodmacmd_output_host64,
	.mapping_options = IODMACMD_MAP_UNMAPPED,
};

static const struct iodmacmd_spec host64_mapped = {
	.output = iodmacmd_output_host64,
	.mapping_options = IODMACMD_MAP_MAPPED,
};

static void fill_pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* Anonymous private memory in the test thread's own address space. */
static unsigned long user_map(struct kunit *test, unsigned long pages, unsigned long prot)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, pages * PAGE_SIZE, prot);

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	return addr;
}

/* A user descriptor for current over @len bytes at @addr, with a pattern. */
static struct iodmacmd_md *user_md(struct kunit *test, unsigned long addr, size_t len,
				   u32 dir, u8 seed, u8 **pattern)
{
	struct iodmacmd_range r = { .address = addr, .length = len };
	u8 *in = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	fill_pattern(in, len, seed);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, in, len), 0);
	if (pattern)
		*pattern = in;
	return iodmacmd_test_md(test, iodmacmd_md_create_user(current, &r, 1, dir));
}

static struct iodmacmd_md *kmalloc_md(struct kunit *test, size_t len, u32 dir, u8 **mem)
{
	struct iodmacmd_range r;

	*mem = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *mem);
	r = (struct iodmacmd_range){ (uintptr_t)*mem, len };
	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

static struct iodmacmd_md *buffer_md(struct kunit *test, u32 options, u64 capacity,
				     u64 alignment, u64 mask)
{
	return iodmacmd_test_md(test, iodmacmd_buffer_create(options, capacity, alignment, mask));
}

/* Every byte's CPU physical address is at most @limit. */
static void expect_below(struct kunit *test, struct iodmacmd_md *md, u64 limit)
{
	u64 off, len, phys;

	for (off = 0; off < iodmacmd_md_length(md); off += len) {
		phys = iodmacmd_md_phys_segment(md, off, &len);
		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_LE(test, phys + len - 1, limit);
	}
}

/*
 * Prepares @md on @cmd and generates all its segments: they must cover
 * the descriptor, and with @physical each must be the descriptor's own
 * physical segment at that offset.
 */
static void expect_segments_cover(struct kunit *test, struct iodmacmd_cmd *cmd,
				  struct iodmacmd_md *md, bool physical)
{
	struct iodmacmd_segment segs[8];
	u64 off = 0, total = 0, len;
	int n, i;

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	while ((n = iodmacmd_gen_segments(cmd, &off, segs, ARRAY_SIZE(segs))) > 0) {
		for (i = 0; i < n; i++) {
			KUNIT_EXPECT_GT(test, segs[i].len, 0);
			if (physical) {
				KUNIT_EXPECT_EQ(test, segs[i].addr,
						iodmacmd_md_phys_segment(md, total, &len));
				KUNIT_EXPECT_EQ(test, segs[i].len, len);
			}
			total += segs[i].len;
		}
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, off, iodmacmd_md_length(md));
	KUNIT_EXPECT_EQ(test, total, iodmacmd_md_length(md));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

/* --- user memory --- */

/* Pinned at prepare: the kernel reads and writes what the process sees. */
static void iodmacmd_family_test_user_roundtrip(struct kunit *test)
{
	size_t len = 2 * PAGE_SIZE + 50;
	unsigned long addr = user_map(test, 3, PROT_READ | PROT_WRITE);
	u8 *out = kunit_kzalloc(test, len, GFP_KERNEL), *in;
	struct iodmacmd_md *md;
	u64 seg;

	KUNIT_ASSERT_NOT_NULL(test, out);
	md = user_md(test, addr + 100, len, IODMACMD_DIR_INOUT, 1, &in);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), len);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(md), IODMACMD_DIR_INOUT);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, len), len);
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
	KUNIT_EXPECT_NE(test, iodmacmd_md_phys_segment(md, 0, &seg), 0);
	KUNIT_EXPECT_GE(test, seg, PAGE_SIZE - 100);
	fill_pattern(in, len, 77);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, in, len), len);
	KUNIT_EXPECT_EQ(test, copy_from_user(out, (void __user *)(addr + 100), len), 0);
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
}

struct remote_prepare {
	struct work_struct work;
	struct iodmacmd_md *md;
	bool had_mm;
	int ret;
};

static void remote_prepare_fn(struct work_struct *work)
{
	struct remote_prepare *rp = container_of(work, struct remote_prepare, work);

	rp->had_mm = !!current->mm;
	rp->ret = iodmacmd_md_prepare(rp->md, 0);
}

/* Prepared from a work item, outside the process: pinned remotely. */
static void iodmacmd_family_test_user_remote_prepare(struct kunit *test)
{
	size_t len = PAGE_SIZE + 300;
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 *out = kunit_kzalloc(test, len, GFP_KERNEL), *in;
	struct remote_prepare rp = {};

	KUNIT_ASSERT_NOT_NULL(test, out);
	rp.md = user_md(test, addr + 10, len, IODMACMD_DIR_IN, 3, &in);
	INIT_WORK_ONSTACK(&rp.work, remote_prepare_fn);
	queue_work(system_unbound_wq, &rp.work);
	flush_work(&rp.work);
	destroy_work_on_stack(&rp.work);
	KUNIT_EXPECT_FALSE(test, rp.had_mm);
	KUNIT_ASSERT_EQ(test, rp.ret, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(rp.md, 0, out, len), len);
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
	fill_pattern(in, len, 99);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(rp.md, 0, in, len), len);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(rp.md, 0), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(out, (void __user *)(addr + 10), len), 0);
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
}

/* Before prepare nothing touches user memory, and nothing is copied. */
static void iodmacmd_family_test_user_unprepared(struct kunit *test)
{
	size_t len = 200;
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	u8 *out = kunit_kzalloc(test, len, GFP_KERNEL), *in;
	u8 *junk = kunit_kmalloc(test, len, GFP_KERNEL);
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	u64 seg = 1, nread, nwritten;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, junk);
	md = user_md(test, addr, len, IODMACMD_DIR_INOUT, 5, &in);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg, 0);
	/* A command cannot map it either. */
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
	KUNIT_EXPECT_NE(test, iodmacmd_set_md(cmd, md, true), 0);
	nread = iodmacmd_md_read(md, 0, out, len);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 0, len));
	memset(junk, 0xa5, len);
	nwritten = iodmacmd_md_write(md, 0, junk, len);
	KUNIT_EXPECT_EQ(test, copy_from_user(out, (void __user *)addr, len), 0);
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
	/* Nothing moved, and the counts say so. */
	KUNIT_EXPECT_EQ(test, nread, 0);
	KUNIT_EXPECT_EQ(test, nwritten, 0);
}

static void iodmacmd_family_test_user_bad_ranges(struct kunit *test)
{
	u8 *kmem = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct iodmacmd_range r = { .address = 0x10000, .length = 64 };
	struct iodmacmd_range bad;
	unsigned long addr;

	KUNIT_ASSERT_NOT_NULL(test, kmem);
	/* The test thread has no address space until its first mmap. */
	KUNIT_ASSERT_NULL(test, current->mm);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &r, 1, 0)), -EINVAL);
	addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	r.address = addr;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(NULL, &r, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, NULL, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &r, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &r, 1, 8)), -EINVAL);
	/* Kernel memory is not user memory. */
	bad = (struct iodmacmd_range){ (uintptr_t)kmem, 64 };
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &bad, 1, 0)), -EINVAL);
	bad = (struct iodmacmd_range){ addr, 0 };
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &bad, 1, 0)), -EINVAL);
	bad = (struct iodmacmd_range){ U64_MAX - 10, 100 };
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_user(current, &bad, 1, 0)), -EINVAL);
}

/* Memory that cannot be pinned fails at prepare, with nothing left pinned. */
static void iodmacmd_family_test_user_unmapped(struct kunit *test)
{
	unsigned long addr = user_map(test, 3, PROT_READ | PROT_WRITE);
	unsigned long none = user_map(test, 1, PROT_NONE);
	unsigned long ro = user_map(test, 1, PROT_READ);
	struct iodmacmd_range r[2];
	struct iodmacmd_md *md;

	/* A hole in the middle of a range. */
	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	r[0] = (struct iodmacmd_range){ addr, 3 * PAGE_SIZE };
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, 1, IODMACMD_DIR_IN));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
	/* A good range, then the hole: the first range's pins are rolled back. */
	r[0] = (struct iodmacmd_range){ addr + 8, 100 };
	r[1] = (struct iodmacmd_range){ addr + PAGE_SIZE + 8, 16 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, 2, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
	/* No access at all. */
	r[0] = (struct iodmacmd_range){ none, 64 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, 1, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	/* Read-only memory: the device may read it, not write it. */
	r[0] = (struct iodmacmd_range){ ro, 64 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, 1, IODMACMD_DIR_IN));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, 1, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
}

/* A Mapped command over prepared user memory: the driver's usual path. */
static void iodmacmd_family_test_user_mapped_command(struct kunit *test)
{
	unsigned long addr = user_map(test, 4, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md = user_md(test, addr + 512, 3 * PAGE_SIZE, IODMACMD_DIR_INOUT,
					 7, NULL);
	struct iodmacmd_cmd *cmd;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(iodmacmd_test_device(test, 64),
							  &host64_mapped, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	expect_segments_cover(test, cmd, md, false);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
}

/* --- buffers --- */

static void iodmacmd_family_test_buffer_accessors(struct kunit *test)
{
	struct iodmacmd_md *md = buffer_md(test, IODMACMD_DIR_INOUT, 3000, 0, 0);
	u8 *bytes = iodmacmd_buffer_bytes(md);
	u8 in[64], out[64];

	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 3000);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(md), 3000);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(md), IODMACMD_DIR_INOUT);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, 3000));
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 100), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 100);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 3001), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 100);
	fill_pattern(in, sizeof(in), 11);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, in, 50));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 150);
	KUNIT_EXPECT_MEMEQ(test, bytes + 100, in, 50);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 100, out, 50), 50);
	KUNIT_EXPECT_MEMEQ(test, out, in, 50);
	/* Past the capacity: refused whole. */
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, NULL, 3000 - 150 + 1));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 150);
	memset(bytes + 150, 0xff, 3000 - 150);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, NULL, 3000 - 150));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 3000);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes + 150, 0, 3000 - 150));
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, in, 1));
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, in, 0));
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, 1), 0);
}

/*
 * A buffer's length changes between commands: the table kept for the old
 * length never serves the new one, whether the buffer is prepared or not.
 */
static void iodmacmd_family_test_buffer_length_between_commands(struct kunit *test)
{
	u64 cap = 5 * PAGE_SIZE + 10;
	struct iodmacmd_md *md = buffer_md(test, IODMACMD_DIR_OUT, cap, 0, 0);
	struct iodmacmd_cmd *cmd;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(iodmacmd_test_device(test, 64),
							  &host64_mapped, NULL));
	expect_segments_cover(test, cmd, md, false);
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 2 * PAGE_SIZE + 1), 0);
	expect_segments_cover(test, cmd, md, false);
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, cap), 0);
	expect_segments_cover(test, cmd, md, false);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	expect_segments_cover(test, cmd, md, false);
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 7), 0);
	expect_segments_cover(test, cmd, md, false);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	expect_segments_cover(test, cmd, md, false);
}

static void iodmacmd_family_test_buffer_bad_arguments(struct kunit *test)
{
	u8 *mem;
	struct iodmacmd_md *md = kmalloc_md(test, 64, IODMACMD_DIR_OUT, &mem);

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create(0, 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create(0, 100, 3, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create(0x100, 100, 0, 0)), -EINVAL);
	/* A hole in the mask's ones. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_buffer_create(0, 100, 0, 0xFFFF0FFF)), -EINVAL);
	/* The accessors know a buffer from other descriptors. */
	KUNIT_EXPECT_NULL(test, iodmacmd_buffer_bytes(md));
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(md), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 1), -EINVAL);
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, mem, 1));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 64);
}

/* Not contiguous: zeroed pages, the CPU's view and the physical one agree. */
static void iodmacmd_family_test_buffer_paged(struct kunit *test)
{
	u64 cap = 5 * PAGE_SIZE + 10, off, len, total = 0;
	struct iodmacmd_md *md = buffer_md(test, IODMACMD_DIR_OUT, cap, 0, 0);
	u8 *bytes = iodmacmd_buffer_bytes(md);

	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, cap));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, PAGE_SIZE - 3, "0123456789", 10), 10);
	KUNIT_EXPECT_MEMEQ(test, bytes + PAGE_SIZE - 3, "0123456789", 10);
	for (off = 0; off < cap; off += len) {
		u64 phys = iodmacmd_md_phys_segment(md, off, &len);

		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_EQ(test, phys, page_to_phys(vmalloc_to_page(bytes + off)) +
				offset_in_page(off));
		total += len;
	}
	KUNIT_EXPECT_EQ(test, total, cap);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
}

static void iodmacmd_family_test_buffer_contiguous(struct kunit *test)
{
	u64 cap = 5 * PAGE_SIZE + 123, len;
	struct iodmacmd_md *md;
	u8 *bytes;

	md = buffer_md(test, IODMACMD_BUFFER_CONTIGUOUS | IODMACMD_DIR_IN, cap, 0, 0);
	bytes = iodmacmd_buffer_bytes(md);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, cap));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &len), virt_to_phys(bytes));
	KUNIT_EXPECT_EQ(test, len, cap);
	md = buffer_md(test, IODMACMD_BUFFER_CONTIGUOUS, SZ_1M, 0, 0);
	KUNIT_EXPECT_NE(test, iodmacmd_md_phys_segment(md, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, SZ_1M);
	/* Beyond the largest block of the page allocator. */
	len = ((u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT) + 1;
	md = iodmacmd_buffer_create(IODMACMD_BUFFER_CONTIGUOUS, len, 0, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(md), -ENOMEM);
}

static void iodmacmd_family_test_buffer_masked(struct kunit *test)
{
	static const u64 masks[] = { 0xFFFFFFFF, 0xFFFFF000, 0x0FFFFFFF, 0x00FFFFFF };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		struct iodmacmd_md *paged, *contig;
		u64 limit = masks[i] | 0xFFF;

		/* arm64 virt: no RAM below 2^28 at all, so no such buffer. */
		if (iodmacmd_test_no_ram_below(fls64(masks[i]))) {
			kunit_info(test, "mask %#llx: no RAM below it here, not tried\n", masks[i]);
			continue;
		}
		paged = buffer_md(test, IODMACMD_DIR_INOUT, 3 * PAGE_SIZE, 0, masks[i]);
		contig = buffer_md(test, IODMACMD_BUFFER_CONTIGUOUS, 3 * PAGE_SIZE - 1, 0,
				   masks[i]);
		expect_below(test, paged, limit);
		expect_below(test, contig, limit);
		KUNIT_EXPECT_NULL(test, memchr_inv(iodmacmd_buffer_bytes(paged), 0, 3 * PAGE_SIZE));
		KUNIT_EXPECT_NULL(test, memchr_inv(iodmacmd_buffer_bytes(contig), 0,
						   3 * PAGE_SIZE - 1));
	}
}

static void iodmacmd_family_test_buffer_alignment(struct kunit *test)
{
	struct iodmacmd_md *md;
	u64 phys, len;

	/* Above a page: contiguous, naturally aligned. */
	md = buffer_md(test, 0, 3 * PAGE_SIZE, SZ_64K, 0);
	phys = iodmacmd_md_phys_segment(md, 0, &len);
	KUNIT_EXPECT_EQ(test, phys & (SZ_64K - 1), 0);
	KUNIT_EXPECT_EQ(test, len, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (uintptr_t)iodmacmd_buffer_bytes(md) & (SZ_64K - 1), 0);
	/* The mask's low zeros are an alignment too. */
	md = buffer_md(test, 0, 100, 0, 0xFFFF0000);
	phys = iodmacmd_md_phys_segment(md, 0, &len);
	KUNIT_EXPECT_EQ(test, phys & (SZ_64K - 1), 0);
	KUNIT_EXPECT_LE(test, phys + 99, 0xFFFFFFFF);
	/* Below a page: a buffer always starts on one. */
	md = buffer_md(test, 0, 2 * PAGE_SIZE, 16, 0);
	KUNIT_EXPECT_EQ(test, offset_in_page(iodmacmd_md_phys_segment(md, 0, &len)), 0);
}

/* --- windows and concatenations --- */

static void iodmacmd_family_test_sub_window(struct kunit *test)
{
	u8 *mem, out[456];
	struct iodmacmd_md *parent = kmalloc_md(test, 1000, IODMACMD_DIR_INOUT, &mem);
	struct iodmacmd_md *sub;
	u64 len;

	fill_pattern(mem, 1000, 21);
	sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(parent, 123, 456, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(sub), 456);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(sub), IODMACMD_DIR_OUT);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(sub, 0, out, 456), 456);
	KUNIT_EXPECT_MEMEQ(test, out, mem + 123, 456);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(sub, 10, "abcdefghij", 10), 10);
	KUNIT_EXPECT_MEMEQ(test, mem + 133, "abcdefghij", 10);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(sub, 450, out, 7), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, 0, &len), virt_to_phys(mem + 123));
	KUNIT_EXPECT_EQ(test, len, 456);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, 455, &len), virt_to_phys(mem + 578));
	KUNIT_EXPECT_EQ(test, len, 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, 456, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	/* The window must end inside the parent. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(parent, 900, 101, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(parent, 1000, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(parent, 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(parent, U64_MAX, 2, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(parent, 0, 1, 8)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(NULL, 0, 1, 0)), -EINVAL);
}

/* A window's segments stop at its end even where the memory goes on. */
static void iodmacmd_family_test_sub_clipped(struct kunit *test)
{
	struct iodmacmd_md *parent = buffer_md(test, IODMACMD_BUFFER_CONTIGUOUS, 3 * PAGE_SIZE,
					       0, 0);
	u64 base = iodmacmd_md_phys_segment(parent, 0, NULL), len;
	struct iodmacmd_md *sub;

	sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(parent, PAGE_SIZE - 5,
							    PAGE_SIZE + 10, 0));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, 0, &len), base + PAGE_SIZE - 5);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE + 10);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, PAGE_SIZE + 5, &len),
			base + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, len, 5);
}

/* A window's prepare and complete are its parent's (seen on user memory). */
static void iodmacmd_family_test_sub_forwards_prepare(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 out[64], *in;
	struct iodmacmd_md *parent = user_md(test, addr, 5000, IODMACMD_DIR_INOUT, 31, &in);
	struct iodmacmd_md *sub;

	sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(parent, 4000, 1000,
							    IODMACMD_DIR_INOUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(parent, 0), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(sub, 0), 0);
	/* The parent is pinned: readable through itself and the window. */
	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(parent, 4090, out, 20), 20);
	KUNIT_EXPECT_MEMEQ(test, out, in + 4090, 20);
	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(sub, 90, out, 20), 20);
	KUNIT_EXPECT_MEMEQ(test, out, in + 4090, 20);
	/* Nested: the parent's own prepare outlives the window's. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(parent, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(sub, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(sub, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(parent, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(parent, 0), -EBUSY);
}

static void iodmacmd_family_test_multi_concat(struct kunit *test)
{
	u8 *a, *b, *c, in[477], out[477];
	struct iodmacmd_md *mds[3], *multi, *bad[2];
	struct iodmacmd_range r;
	u64 len;

	a = kunit_kzalloc(test, 100, GFP_KERNEL);
	b = kunit_kzalloc(test, 300, GFP_KERNEL);
	c = kunit_kzalloc(test, 77, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, c);
	r = (struct iodmacmd_range){ (uintptr_t)a, 100 };
	mds[0] = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT);
	r = (struct iodmacmd_range){ (uintptr_t)b, 300 };
	mds[1] = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT);
	r = (struct iodmacmd_range){ (uintptr_t)c, 77 };
	mds[2] = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mds[0]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mds[1]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mds[2]);
	multi = iodmacmd_md_create_multi(mds, 3, IODMACMD_DIR_INOUT);
	/* The concatenation holds its own references. */
	iodmacmd_md_put(mds[0]);
	iodmacmd_md_put(mds[1]);
	iodmacmd_md_put(mds[2]);
	iodmacmd_test_md(test, multi);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(multi), 477);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(multi), IODMACMD_DIR_INOUT);
	fill_pattern(in, sizeof(in), 41);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(multi, 0, in, 477), 477);
	KUNIT_EXPECT_MEMEQ(test, a, in, 100);
	KUNIT_EXPECT_MEMEQ(test, b, in + 100, 300);
	KUNIT_EXPECT_MEMEQ(test, c, in + 400, 77);
	/* Across each boundary, from odd offsets. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(multi, 95, out, 10), 10);
	KUNIT_EXPECT_MEMEQ(test, out, in + 95, 10);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(multi, 395, out, 82), 82);
	KUNIT_EXPECT_MEMEQ(test, out, in + 395, 82);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(multi, 1, out, 477), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(multi, 98, NULL, 4), 4);
	KUNIT_EXPECT_EQ(test, a[98] | a[99] | b[0] | b[1], 0);
	/* Physical segments stop at each member's end. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(multi, 0, &len), virt_to_phys(a));
	KUNIT_EXPECT_EQ(test, len, 100);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(multi, 150, &len), virt_to_phys(b + 50));
	KUNIT_EXPECT_EQ(test, len, 250);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(multi, 420, &len), virt_to_phys(c + 20));
	KUNIT_EXPECT_EQ(test, len, 57);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(multi, 477, &len), 0);
	/* Bad shapes. */
	bad[0] = multi;
	bad[1] = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_multi(NULL, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_multi(bad, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_multi(bad, 2, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_multi(bad, 1, 8)), -EINVAL);
}

/* A member that cannot be prepared undoes the members before it. */
static void iodmacmd_family_test_multi_rollback(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	struct iodmacmd_range hole = { .address = addr + PAGE_SIZE, .length = 64 };
	struct iodmacmd_md *mds[4], *multi, *good;
	u8 *mem, out[16], *in;

	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	mds[0] = kmalloc_md(test, 100, IODMACMD_DIR_OUT, &mem);
	mds[1] = kmalloc_md(test, 33, IODMACMD_DIR_OUT, &mem);
	mds[2] = iodmacmd_test_md(test, iodmacmd_md_create_user(current, &hole, 1,
								IODMACMD_DIR_OUT));
	mds[3] = kmalloc_md(test, 10, IODMACMD_DIR_OUT, &mem);
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 4, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(multi, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(multi, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[0], 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[1], 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[2], 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[3], 0), -EBUSY);
	/* With mapped user memory instead, every member is prepared, then completed. */
	good = user_md(test, addr + 8, 100, IODMACMD_DIR_OUT, 51, &in);
	mds[2] = good;
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 4, IODMACMD_DIR_OUT));
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(multi, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(multi, 133 + 40, out, 16), 16);
	KUNIT_EXPECT_MEMEQ(test, out, in + 40, 16);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(multi, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(good, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[0], 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[3], 0), -EBUSY);
}

/* A window across the members of a concatenation: two levels of forwarding. */
static void iodmacmd_family_test_sub_of_multi(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 *x, *in, out[300], data[300];
	struct iodmacmd_md *mds[2], *multi, *sub;
	u64 len;

	mds[0] = kmalloc_md(test, 200, IODMACMD_DIR_INOUT, &x);
	mds[1] = user_md(test, addr + 16, 5000, IODMACMD_DIR_INOUT, 61, &in);
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT));
	sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(multi, 150, 300,
							    IODMACMD_DIR_INOUT));
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(sub, 0), 0);
	fill_pattern(x, 200, 71);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(sub, 0, out, 300), 300);
	KUNIT_EXPECT_MEMEQ(test, out, x + 150, 50);
	KUNIT_EXPECT_MEMEQ(test, out + 50, in, 250);
	fill_pattern(data, sizeof(data), 81);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(sub, 0, data, 300), 300);
	KUNIT_EXPECT_MEMEQ(test, x + 150, data, 50);
	KUNIT_EXPECT_EQ(test, copy_from_user(out, (void __user *)(addr + 16), 250), 0);
	KUNIT_EXPECT_MEMEQ(test, out, data + 50, 250);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(sub, 0, &len), virt_to_phys(x + 150));
	KUNIT_EXPECT_EQ(test, len, 50);
	KUNIT_EXPECT_NE(test, iodmacmd_md_phys_segment(sub, 50, &len), 0);
	KUNIT_EXPECT_LE(test, len, 250);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(sub, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(multi, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[1], 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(mds[0], 0), -EBUSY);
}

/* Windows and concatenations nest only so deep. */
static void iodmacmd_family_test_nesting_limit(struct kunit *test)
{
	u8 *mem;
	struct iodmacmd_md *md = kmalloc_md(test, 64, IODMACMD_DIR_OUT, &mem);
	unsigned int i;

	for (i = 0; i < 8; i++)
		md = iodmacmd_test_md(test, i % 2 ? iodmacmd_md_create_sub(md, 1, 64 - 1 - i, 0) :
				      iodmacmd_md_create_multi(&md, 1, 0));
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sub(md, 0, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_multi(&md, 1, 0)), -EINVAL);
	/* Eight levels prepare and read through. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, "xy", 2), 2);
	KUNIT_EXPECT_MEMEQ(test, mem + 4, "xy", 2);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
}

/* --- commands --- */

static struct iodmacmd_md *composite_of(struct kunit *test, unsigned int which, u32 dir)
{
	struct iodmacmd_md *mds[3], *buf;
	u8 *mem;

	switch (which) {
	case 0:		/* a window at odd offsets on a contiguous buffer */
		buf = buffer_md(test, IODMACMD_BUFFER_CONTIGUOUS | dir, 4 * PAGE_SIZE, 0, 0);
		return iodmacmd_test_md(test, iodmacmd_md_create_sub(buf, 333,
								     2 * PAGE_SIZE + 77, dir));
	case 1:		/* three kmalloc descriptors of odd sizes */
		mds[0] = kmalloc_md(test, 100, dir, &mem);
		mds[1] = kmalloc_md(test, 3000, dir, &mem);
		mds[2] = kmalloc_md(test, 77, dir, &mem);
		return iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 3, dir));
	default:	/* a buffer of scattered pages */
		return buffer_md(test, dir, 5 * PAGE_SIZE + 99, 0, 0);
	}
}

static void iodmacmd_family_test_unmapped_command(struct kunit *test)
{
	struct iodmacmd_cmd *cmd;
	unsigned int i;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
	for (i = 0; i < 3; i++)
		expect_segments_cover(test, cmd, composite_of(test, i, IODMACMD_DIR_INOUT), true);
}

/*
 * Mapped for a device: direct, swiotlb or IOMMU by configuration. Out only,
 * since small kmalloc members may share a cache line, which dma-debug
 * refuses for memory the device writes.
 */
static void iodmacmd_family_test_mapped_command(struct kunit *test)
{
	struct iodmacmd_cmd *cmd;
	unsigned int i;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(iodmacmd_test_device(test, 64),
							  &host64_mapped, NULL));
	for (i = 0; i < 3; i++)
		expect_segments_cover(test, cmd, composite_of(test, i, IODMACMD_DIR_OUT), false);
}

static struct kunit_case iodmacmd_family_test_cases[] = {
	KUNIT_CASE(iodmacmd_family_test_user_roundtrip),
	KUNIT_CASE(iodmacmd_family_test_user_remote_prepare),
	KUNIT_CASE(iodmacmd_family_test_user_unprepared),
	KUNIT_CASE(iodmacmd_family_test_user_bad_ranges),
	KUNIT_CASE(iodmacmd_family_test_user_unmapped),
	KUNIT_CASE(iodmacmd_family_test_user_mapped_command),
	KUNIT_CASE(iodmacmd_family_test_buffer_accessors),
	KUNIT_CASE(iodmacmd_family_test_buffer_bad_arguments),
	KUNIT_CASE(iodmacmd_family_test_buffer_length_between_commands),
	KUNIT_CASE(iodmacmd_family_test_buffer_paged),
	KUNIT_CASE(iodmacmd_family_test_buffer_contiguous),
	KUNIT_CASE(iodmacmd_family_test_buffer_masked),
	KUNIT_CASE(iodmacmd_family_test_buffer_alignment),
	KUNIT_CASE(iodmacmd_family_test_sub_window),
	KUNIT_CASE(iodmacmd_family_test_sub_clipped),
	KUNIT_CASE(iodmacmd_family_test_sub_forwards_prepare),
	KUNIT_CASE(iodmacmd_family_test_multi_concat),
	KUNIT_CASE(iodmacmd_family_test_multi_rollback),
	KUNIT_CASE(iodmacmd_family_test_sub_of_multi),
	KUNIT_CASE(iodmacmd_family_test_nesting_limit),
	KUNIT_CASE(iodmacmd_family_test_unmapped_command),
	KUNIT_CASE(iodmacmd_family_test_mapped_command),
	{}
};

static struct kunit_suite iodmacmd_family_test_suite = {
	.name = "iodmacmd_family",
	.test_cases = iodmacmd_family_test_cases,
};

kunit_test_suite(iodmacmd_family_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's user, buffer, sub and multi descriptors");
IODMACMD_IMPORT_NS();
