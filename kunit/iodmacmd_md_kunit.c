// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for memory descriptors: each kind, copying in and out,
 * physical segments, the prepare/complete count and bad arguments.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

static void fill_pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

static void sg_free_table_action(void *sgt)
{
	sg_free_table(sgt);
}

static void iodmacmd_md_test_kmalloc(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 3000, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 3000 };
	struct iodmacmd_md *md;
	u64 len;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_IN));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 3000);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(md), IODMACMD_DIR_IN);
	/* kmalloc memory is physically contiguous: one segment. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &len), virt_to_phys(mem));
	KUNIT_EXPECT_EQ(test, len, 3000);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 100, &len), virt_to_phys(mem + 100));
	KUNIT_EXPECT_EQ(test, len, 2900);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 3000, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
}

static void iodmacmd_md_test_vmalloc(struct kunit *test)
{
	size_t size = 5 * PAGE_SIZE;
	u8 *mem = iodmacmd_test_vmalloc(test, size);
	struct iodmacmd_range r = { .address = (uintptr_t)mem + 10, .length = size - 20 };
	struct iodmacmd_md *md;
	u8 *out;
	u64 len, off, total = 0;

	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	fill_pattern(mem, size, 3);
	out = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, size - 20), size - 20);
	KUNIT_EXPECT_MEMEQ(test, out, mem + 10, size - 20);
	/* Each physical segment is the page behind that virtual address. */
	for (off = 0; off < size - 20; off += len) {
		u64 phys = iodmacmd_md_phys_segment(md, off, &len);

		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_EQ(test, phys, page_to_phys(vmalloc_to_page(mem + 10 + off)) +
				offset_in_page(mem + 10 + off));
		total += len;
	}
	KUNIT_EXPECT_EQ(test, total, size - 20);
}

/* Several ranges read back as one stream, in order. */
static void iodmacmd_md_test_multi_range(struct kunit *test)
{
	u8 *a = kunit_kmalloc(test, 100, GFP_KERNEL), *b = kunit_kmalloc(test, 300, GFP_KERNEL);
	struct iodmacmd_range r[2];
	struct iodmacmd_md *md;
	u8 out[400], in[400];

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	r[0] = (struct iodmacmd_range){ (uintptr_t)a, 100 };
	r[1] = (struct iodmacmd_range){ (uintptr_t)b, 300 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(r, 2, IODMACMD_DIR_INOUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 400);
	fill_pattern(in, sizeof(in), 9);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, in, 400), 400);
	KUNIT_EXPECT_MEMEQ(test, a, in, 100);
	KUNIT_EXPECT_MEMEQ(test, b, in + 100, 300);
	/* Across the range boundary, from an odd offset. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 95, out, 10), 10);
	KUNIT_EXPECT_MEMEQ(test, out, in + 95, 10);
	/* A NULL source fills with zeros. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 98, NULL, 4), 4);
	KUNIT_EXPECT_EQ(test, a[98] | a[99] | b[0] | b[1], 0);
}

/* As current xnu: nothing is copied unless the whole range is inside. */
static void iodmacmd_md_test_copy_bounds(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 64 };
	struct iodmacmd_md *md;
	u8 out[80];

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, 65), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 64, out, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 10, out, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, U64_MAX, out, 2), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 60, out, 5), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, NULL, 4), 0);
}

static void iodmacmd_md_test_pages(struct kunit *test)
{
	u8 *in = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	struct page *pages[3];
	struct iodmacmd_md *md;
	unsigned int i;
	u64 len;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);

	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

		pages[i] = buf->page;
	}
	md = iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 3, 100, 2 * PAGE_SIZE,
							     IODMACMD_DIR_IN));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &len),
			page_to_phys(pages[0]) + 100);
	KUNIT_EXPECT_GE(test, len, PAGE_SIZE - 100);
	fill_pattern(in, 2 * PAGE_SIZE, 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, in, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)page_address(pages[1]), in + PAGE_SIZE - 100, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, out, in, 2 * PAGE_SIZE);
	/* Bad shapes. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_pages(pages, 3, PAGE_SIZE, 1, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_pages(pages, 3, 1, 3 * PAGE_SIZE, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_pages(NULL, 3, 0, 1, 0)), -EINVAL);
}

static void iodmacmd_md_test_sgtable(struct kunit *test)
{
	u8 *a = kunit_kmalloc(test, 700, GFP_KERNEL), *b = kunit_kmalloc(test, 500, GFP_KERNEL);
	struct sg_table *sgt = kunit_kzalloc(test, sizeof(*sgt), GFP_KERNEL);
	u8 *in = kunit_kmalloc(test, 1200, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, 1200, GFP_KERNEL);
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 2, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sg_free_table_action, sgt), 0);
	sg_set_buf(sgt->sgl, a, 700);
	sg_set_buf(sg_next(sgt->sgl), b, 500);
	md = iodmacmd_test_md(test, iodmacmd_md_create_sgtable(sgt, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 1200);
	fill_pattern(in, 1200, 5);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, in, 1200), 1200);
	KUNIT_EXPECT_MEMEQ(test, b, in + 700, 500);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 650, out, 100), 100);
	KUNIT_EXPECT_MEMEQ(test, out, in + 650, 100);
}

static void iodmacmd_md_test_phys(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_range r = { .address = buf->phys + 8, .length = PAGE_SIZE + 8 };
	struct iodmacmd_md *md;
	u64 len;

	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &len), buf->phys + 8);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE + 8);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, PAGE_SIZE, "abcd", 4), 4);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)buf->va + PAGE_SIZE + 8, "abcd", 4);
}

static void iodmacmd_md_test_bad_arguments(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 64 };
	struct iodmacmd_range zero = { .address = (uintptr_t)mem, .length = 0 };
	struct iodmacmd_range wrap = { .address = U64_MAX - 10, .length = 100 };
	u8 on_stack[64];
	struct iodmacmd_range stack = { .address = (uintptr_t)on_stack, .length = 64 };
	struct iodmacmd_range user = { .address = 0x10000, .length = 64 };

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(NULL, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&r, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&zero, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&wrap, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&r, 1, 8)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&stack, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_kernel(&user, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_phys(&wrap, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_create_sgtable(NULL, 0)), -EINVAL);
}

static void iodmacmd_md_test_prepare_nesting(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 64 };
	struct iodmacmd_md *md;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_OUT), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 9), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
}

/* References: the descriptor lives until the last put. */
static void iodmacmd_md_test_refcount(struct kunit *test)
{
	u8 *mem = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 64 };
	struct iodmacmd_md *md;
	u8 out[4];

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
	iodmacmd_md_get(md);
	iodmacmd_md_put(md);
	/* Still alive (KASAN would report a use after free here). */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, out, 4), 4);
	iodmacmd_md_put(NULL);
}

static struct kunit_case iodmacmd_md_test_cases[] = {
	KUNIT_CASE(iodmacmd_md_test_kmalloc),
	KUNIT_CASE(iodmacmd_md_test_vmalloc),
	KUNIT_CASE(iodmacmd_md_test_multi_range),
	KUNIT_CASE(iodmacmd_md_test_copy_bounds),
	KUNIT_CASE(iodmacmd_md_test_pages),
	KUNIT_CASE(iodmacmd_md_test_sgtable),
	KUNIT_CASE(iodmacmd_md_test_phys),
	KUNIT_CASE(iodmacmd_md_test_bad_arguments),
	KUNIT_CASE(iodmacmd_md_test_prepare_nesting),
	KUNIT_CASE(iodmacmd_md_test_refcount),
	{}
};

static struct kunit_suite iodmacmd_md_test_suite = {
	.name = "iodmacmd_md",
	.test_cases = iodmacmd_md_test_cases,
};

kunit_test_suite(iodmacmd_md_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's memory descriptors");
IODMACMD_IMPORT_NS();
