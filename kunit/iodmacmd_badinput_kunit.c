// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: bad input to the Linux face, one behaviour per case.
 *
 * Every documented error of the exported functions of <iodmacmd/iodmacmd.h>
 * and <iodmacmd/descriptors.h>: NULL and error-pointer objects, offsets and
 * lengths past the end or wrapping u64, unprepared and busy objects,
 * windows past their parents, bad alignments and bit counts, huge counts
 * and sizes, and memory that is not what the call says. Each case checks
 * the exact error, that the object did not change (length, prepared
 * state, contents), and that a valid call on it succeeds afterwards.
 * Where the shape repeats the cases are rows of a table, one KUnit
 * parameter each.
 *
 * Suites: iodmacmd_badinput_ptr (NULL and error pointers),
 * iodmacmd_badinput_range (offsets and lengths on every descriptor kind),
 * iodmacmd_badinput_create (constructors), iodmacmd_badinput_state
 * (prepare and complete, user memory, buffers), iodmacmd_badinput_huge
 * (counts and sizes beyond the allocator), iodmacmd_badinput_errno (the
 * errno round trip) and iodmacmd_badinput_cmd (commands).
 *
 * User memory comes from kunit_vm_mmap(), which gives the test's kernel
 * thread an address space of its own.
 */
#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_badinput.h"
#include "iodmacmd_kunit_helpers.h"

static const struct iodmacmd_spec host64_unmapped = {
	.output = iodmacmd_output_host64,
	.mapping_options = IODMACMD_MAP_UNMAPPED,
};

static const struct iodmacmd_spec host64_mapped = {
	.output = iodmacmd_output_host64,
	.mapping_options = IODMACMD_MAP_MAPPED,
};

/* Read-only data of this module: not memory a descriptor may describe. */
static const u8 module_rodata[64] = "iodmacmd badinput: module rodata";

/*
 * A constructor's result must be ERR_PTR(@err). A descriptor made anyway
 * (by code that lets the input through) is released, so the failure is
 * reported without a leak.
 */
static void expect_md_err(struct kunit *test, struct iodmacmd_md *md, long err)
{
	KUNIT_EXPECT_TRUE_MSG(test, IS_ERR(md), "the call made a descriptor: %p", md);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(md), err);
	if (!IS_ERR_OR_NULL(md))
		iodmacmd_md_put(md);
}

static void expect_cmd_err(struct kunit *test, struct iodmacmd_cmd *cmd, long err)
{
	KUNIT_EXPECT_TRUE_MSG(test, IS_ERR(cmd), "the call made a command: %p", cmd);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(cmd), err);
	if (!IS_ERR_OR_NULL(cmd))
		iodmacmd_cmd_destroy(cmd);
}

static struct iodmacmd_range range_of(const void *p, u64 len)
{
	return (struct iodmacmd_range){ .address = (uintptr_t)p, .length = len };
}

static struct iodmacmd_md *kmalloc_md(struct kunit *test, size_t len, u32 dir)
{
	u8 *mem = test_alloc(test, len, 0);
	struct iodmacmd_range r = range_of(mem, len);

	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

/* --- user memory --- */

/* Anonymous private memory in the test thread's own address space. */
static unsigned long user_map(struct kunit *test, unsigned long pages, unsigned long prot)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, pages * PAGE_SIZE, prot);

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	return addr;
}

/* @len bytes of a pattern at @addr, returned. */
static u8 *user_fill(struct kunit *test, unsigned long addr, size_t len, u8 seed)
{
	u8 *in = test_alloc(test, len, 0);

	fill_pattern(in, len, seed);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, in, len), 0);
	return in;
}

static struct iodmacmd_md *user_md(struct kunit *test, unsigned long addr, size_t len, u32 dir)
{
	struct iodmacmd_range r = { .address = addr, .length = len };

	return iodmacmd_test_md(test, iodmacmd_md_create_user(current, &r, 1, dir));
}

/* The user memory still holds @expected. */
static void expect_user_bytes(struct kunit *test, unsigned long addr, const u8 *expected,
			      size_t len)
{
	u8 *now = test_alloc(test, len, 0);

	KUNIT_ASSERT_EQ(test, copy_from_user(now, (void __user *)addr, len), 0);
	KUNIT_EXPECT_MEMEQ(test, now, expected, len);
}

static void complete_action(void *md)
{
	iodmacmd_md_complete(md, 0);
}

/* Prepared for the rest of the test, completed before it is released. */
static void prepare_for_test(struct kunit *test, struct iodmacmd_md *md)
{
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, complete_action, md), 0);
}

/* --- descriptors of every kind --- */

enum md_kind {
	KIND_KMALLOC, KIND_VMALLOC, KIND_PAGES, KIND_PHYS, KIND_SGTABLE,
	KIND_BUFFER, KIND_SUB, KIND_MULTI, KIND_USER, NR_KINDS,
};

static const char *const kind_names[NR_KINDS] = {
	"kmalloc", "vmalloc", "pages", "phys", "sg_table", "buffer", "sub", "multi", "user",
};

static void free_page_action(void *page)
{
	__free_page(page);
}

static void sg_free_action(void *sgt)
{
	sg_free_table(sgt);
}

static struct page **test_pages(struct kunit *test, unsigned int n)
{
	struct page **pages = kunit_kcalloc(test, n, sizeof(*pages), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_page_action,
								pages[i]), 0);
	}
	return pages;
}

static struct iodmacmd_md *make_raw_md(struct kunit *test, enum md_kind kind)
{
	const u32 dir = IODMACMD_DIR_INOUT;
	struct iodmacmd_md *md = NULL, *mds[2];
	struct iodmacmd_test_buf *buf;
	struct scatterlist *sg;
	struct iodmacmd_range r;
	struct sg_table *sgt;
	unsigned long addr;
	u8 *mem;

	switch (kind) {
	case KIND_KMALLOC:
		return kmalloc_md(test, MD_LEN, dir);
	case KIND_VMALLOC:
		mem = iodmacmd_test_vmalloc(test, 3 * PAGE_SIZE);
		r = range_of(mem + 100, MD_LEN);
		return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
	case KIND_PAGES:
		return iodmacmd_test_md(test, iodmacmd_md_create_pages(test_pages(test, 2), 2, 100,
								       MD_LEN, dir));
	case KIND_PHYS:
		buf = iodmacmd_test_buf_alloc(test, 1);
		r = (struct iodmacmd_range){ .address = buf->phys + 100, .length = MD_LEN };
		return iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, dir));
	case KIND_SGTABLE:
		sgt = kunit_kzalloc(test, sizeof(*sgt), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, sgt);
		KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 2, GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sg_free_action, sgt), 0);
		sg = sgt->sgl;
		sg_set_buf(sg, test_alloc(test, 2000, 0), 2000);
		sg_set_buf(sg_next(sg), test_alloc(test, MD_LEN - 2000, 0), MD_LEN - 2000);
		return iodmacmd_test_md(test, iodmacmd_md_create_sgtable(sgt, dir));
	case KIND_BUFFER:
		return iodmacmd_test_md(test, iodmacmd_buffer_create(dir, MD_LEN, 0, 0));
	case KIND_SUB:
		md = kmalloc_md(test, MD_LEN + 200, dir);
		return iodmacmd_test_md(test, iodmacmd_md_create_sub(md, 100, MD_LEN, dir));
	case KIND_MULTI:
		mds[0] = kmalloc_md(test, 2000, dir);
		mds[1] = make_raw_md(test, KIND_VMALLOC);
		mds[1] = iodmacmd_test_md(test, iodmacmd_md_create_sub(mds[1], 0, MD_LEN - 2000,
								       dir));
		return iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, dir));
	case KIND_USER:
		addr = user_map(test, 3, PROT_READ | PROT_WRITE);
		md = user_md(test, addr + 100, MD_LEN, dir);
		prepare_for_test(test, md);
		return md;
	default:
		KUNIT_FAIL_AND_ABORT(test, "no descriptor kind %d", kind);
		return NULL;
	}
}

/* A writable descriptor of MD_LEN bytes of @kind, holding a pattern. */
static struct iodmacmd_md *make_md(struct kunit *test, enum md_kind kind)
{
	struct iodmacmd_md *md = make_raw_md(test, kind);
	u8 *pattern = test_alloc(test, MD_LEN, 0);

	fill_pattern(pattern, MD_LEN, kind);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_length(md), MD_LEN);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_write(md, 0, pattern, MD_LEN), MD_LEN);
	return md;
}

static u8 *md_snapshot(struct kunit *test, struct iodmacmd_md *md)
{
	u64 len = iodmacmd_md_length(md);
	u8 *copy = test_alloc(test, len, 0);

	KUNIT_ASSERT_EQ(test, iodmacmd_md_read(md, 0, copy, len), len);
	return copy;
}

/* Nothing changed: the same length and the same bytes. */
static void expect_md_unchanged(struct kunit *test, struct iodmacmd_md *md, const u8 *before,
				u64 len)
{
	u8 *now = test_alloc(test, len, 0);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), len);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, now, len), len);
	KUNIT_EXPECT_MEMEQ(test, now, before, len);
}

/* Still usable: a byte written at the end reads back; the old one is restored. */
static void expect_md_usable(struct kunit *test, struct iodmacmd_md *md)
{
	u64 last = iodmacmd_md_length(md) - 1;
	u8 old = 0, mark = 0x3c, got = 0;

	KUNIT_ASSERT_EQ(test, iodmacmd_md_read(md, last, &old, 1), 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, last, &mark, 1), 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, last, &got, 1), 1);
	KUNIT_EXPECT_EQ(test, got, mark);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, last, &old, 1), 1);
}

/* Not prepared by the test: a complete finds nothing to undo. */
static void expect_md_not_prepared(struct kunit *test, struct iodmacmd_md *md)
{
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
}

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_ptr: NULL and error pointers                          */
/* ---------------------------------------------------------------------- */

static void p_md_get(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	iodmacmd_md_get(bad);
	iodmacmd_md_get(md);
	iodmacmd_md_put(md);
	expect_md_usable(test, md);
}

static void p_md_put(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	iodmacmd_md_put(bad);
	iodmacmd_md_get(md);
	iodmacmd_md_put(md);
	expect_md_usable(test, md);
}

static void p_md_length(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(bad), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), MD_LEN);
}

static void p_md_direction(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(bad), IODMACMD_DIR_NONE);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_direction(md), IODMACMD_DIR_INOUT);
}

static void p_md_prepare(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(bad, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
}

static void p_md_complete(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(bad, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	expect_md_not_prepared(test, md);
}

static void p_md_read(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	u8 *buf = test_alloc(test, 16, SENTINEL);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(bad, 0, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, buf, 16), 16);
}

static void p_md_write(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	u8 *buf = test_alloc(test, 16, JUNK);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(bad, 0, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(bad, 0, NULL, 16), 0);
	expect_md_usable(test, md);
}

static void p_md_phys_segment(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	u64 len = 1;

	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(bad, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(bad, 0, NULL), 0);
	KUNIT_EXPECT_NE(test, iodmacmd_md_phys_segment(md, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, MD_LEN);
}

static void p_buffer_bytes(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);

	KUNIT_EXPECT_NULL(test, iodmacmd_buffer_bytes(bad));
	KUNIT_EXPECT_NOT_NULL(test, iodmacmd_buffer_bytes(md));
}

static void p_buffer_capacity(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);

	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(bad), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(md), MD_LEN);
}

static void p_buffer_set_length(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);

	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(bad, 10), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 10), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 10);
}

static void p_buffer_append(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);

	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(bad, "abc", 3));
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 0), 0);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, "abc", 3));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), 3);
}

static void p_md_create_sub(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	expect_md_err(test, iodmacmd_md_create_sub(bad, 0, 1, IODMACMD_DIR_INOUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_sub(md, 0, 1, IODMACMD_DIR_INOUT));
}

static void p_md_create_multi(struct kunit *test, void *bad)
{
	struct iodmacmd_md *mds[1] = { make_md(test, KIND_KMALLOC) };

	expect_md_err(test, iodmacmd_md_create_multi(bad, 1, IODMACMD_DIR_INOUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 1, IODMACMD_DIR_INOUT));
}

/* A member that is a failed constructor's result, after a good one. */
static void p_md_create_multi_member(struct kunit *test, void *bad)
{
	struct iodmacmd_md *good = make_md(test, KIND_KMALLOC);
	struct iodmacmd_md *mds[2] = { good, bad };

	expect_md_err(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_not_prepared(test, good);
	expect_md_usable(test, good);
	mds[1] = good;
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT));
}

static void p_md_create_kernel(struct kunit *test, void *bad)
{
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_range r = range_of(mem, 64);

	expect_md_err(test, iodmacmd_md_create_kernel(bad, 1, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
}

static void p_md_create_phys(struct kunit *test, void *bad)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = buf->phys, .length = 64 };

	expect_md_err(test, iodmacmd_md_create_phys(bad, 1, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
}

static void p_md_create_pages(struct kunit *test, void *bad)
{
	struct page **pages = test_pages(test, 1);

	expect_md_err(test, iodmacmd_md_create_pages(bad, 1, 0, 64, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 1, 0, 64, IODMACMD_DIR_OUT));
}

static void p_md_create_pages_member(struct kunit *test, void *bad)
{
	struct page **pages = test_pages(test, 2);
	struct page *second = pages[1];

	pages[1] = bad;
	expect_md_err(test, iodmacmd_md_create_pages(pages, 2, 0, PAGE_SIZE + 1,
						     IODMACMD_DIR_OUT), -EINVAL);
	pages[1] = second;
	iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 2, 0, PAGE_SIZE + 1,
							IODMACMD_DIR_OUT));
}

static void p_md_create_sgtable(struct kunit *test, void *bad)
{
	expect_md_err(test, iodmacmd_md_create_sgtable(bad, IODMACMD_DIR_OUT), -EINVAL);
	make_md(test, KIND_SGTABLE);
}

static void p_md_create_user_task(struct kunit *test, void *bad)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_range r = { .address = addr, .length = 64 };

	expect_md_err(test, iodmacmd_md_create_user(bad, &r, 1, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_user(current, &r, 1, IODMACMD_DIR_OUT));
}

static void p_md_create_user_ranges(struct kunit *test, void *bad)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_range r = { .address = addr, .length = 64 };

	expect_md_err(test, iodmacmd_md_create_user(current, bad, 1, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_user(current, &r, 1, IODMACMD_DIR_OUT));
}

static const struct ptr_fn ptr_cases[] = {
	PTR_FN(md_get),
	PTR_FN(md_put),
	PTR_FN(md_length),
	PTR_FN(md_direction),
	PTR_FN(md_prepare),
	PTR_FN(md_complete),
	PTR_FN(md_read),
	PTR_FN(md_write),
	PTR_FN(md_phys_segment),
	PTR_FN(buffer_bytes),
	PTR_FN(buffer_capacity),
	PTR_FN(buffer_set_length),
	PTR_FN(buffer_append),
	PTR_FN(md_create_sub),
	PTR_FN(md_create_multi),
	PTR_FN(md_create_multi_member),
	PTR_FN(md_create_kernel),
	PTR_FN(md_create_phys),
	PTR_FN(md_create_pages),
	PTR_FN(md_create_pages_member),
	PTR_FN(md_create_sgtable),
	PTR_FN(md_create_user_task),
	PTR_FN(md_create_user_ranges),
};

PTR_PARAMS(ptr);

static void iodmacmd_badinput_ptr_test(struct kunit *test)
{
	run_ptr_param(test);
}

static struct kunit_case iodmacmd_badinput_ptr_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_ptr_test, ptr_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_ptr_suite = {
	.name = "iodmacmd_badinput_ptr",
	.test_cases = iodmacmd_badinput_ptr_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_range: offsets and lengths on every kind              */
/* ---------------------------------------------------------------------- */

enum range_op { OP_READ, OP_WRITE, OP_ZERO, OP_SUB, OP_PHYS, NR_RANGE_OPS };

static const char *const range_op_names[NR_RANGE_OPS] = {
	"md_read", "md_write", "md_write(NULL)", "md_create_sub", "md_phys_segment",
};

/* A physical segment takes an offset only: the ranges whose offset is past the end. */
static bool range_applies(unsigned int kind, unsigned int op, const struct bad_range *r)
{
	return op != OP_PHYS || r->offset >= MD_LEN;
}

RANGE_PARAMS(range);

static void iodmacmd_badinput_range_test(struct kunit *test)
{
	const struct range_param *p = test->param_value;
	u64 off = p->range->offset, len = p->range->length, seg = 1;
	struct iodmacmd_md *md = make_md(test, p->kind);
	u8 *before = md_snapshot(test, md);
	u8 *buf = test_alloc(test, 2 * MD_LEN, SENTINEL);

	switch (p->op) {
	case OP_READ:
		KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, off, buf, len), 0);
		KUNIT_EXPECT_TRUE(test, all_bytes(buf, 2 * MD_LEN, SENTINEL));
		break;
	case OP_WRITE:
		memset(buf, JUNK, 2 * MD_LEN);
		KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, off, buf, len), 0);
		break;
	case OP_ZERO:
		KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, off, NULL, len), 0);
		break;
	case OP_SUB:
		expect_md_err(test, iodmacmd_md_create_sub(md, off, len, IODMACMD_DIR_INOUT),
			      -EINVAL);
		break;
	case OP_PHYS:
		KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, off, &seg), 0);
		KUNIT_EXPECT_EQ(test, seg, 0);
		break;
	default:
		KUNIT_FAIL(test, "no operation %d", p->op);
	}
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static struct kunit_case iodmacmd_badinput_range_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_range_test, range_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_range_suite = {
	.name = "iodmacmd_badinput_range",
	.test_cases = iodmacmd_badinput_range_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_create: constructors                                  */
/* ---------------------------------------------------------------------- */

static void run_fn_case(struct kunit *test)
{
	const struct fn_case *c = test->param_value;

	c->run(test);
}

/* One name per table in the reports. */
static void iodmacmd_badinput_create_test(struct kunit *test)
{
	run_fn_case(test);
}

static void iodmacmd_badinput_state_test(struct kunit *test)
{
	run_fn_case(test);
}

static void iodmacmd_badinput_huge_test(struct kunit *test)
{
	run_fn_case(test);
}

static void iodmacmd_badinput_cmd_test(struct kunit *test)
{
	run_fn_case(test);
}

/* A kernel range must be refused; a kmalloc one still works afterwards. */
static void expect_kernel_refused(struct kunit *test, u64 addr, u64 len)
{
	struct iodmacmd_range r = { .address = addr, .length = len };
	u8 *mem = test_alloc(test, 64, 0);

	expect_md_err(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT), -EINVAL);
	r = range_of(mem, 64);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
}

static void c_kernel_count_0(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_range r = range_of(mem, 64);

	expect_md_err(test, iodmacmd_md_create_kernel(&r, 0, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
}

static void c_kernel_empty_range(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_range r[2] = { range_of(mem, 64), range_of(mem, 0) };

	expect_md_err(test, iodmacmd_md_create_kernel(r, 2, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(r, 1, IODMACMD_DIR_OUT));
}

static void c_kernel_wrapping(struct kunit *test)
{
	expect_kernel_refused(test, U64_MAX - 10, 100);
}

static void c_kernel_length_u64_max(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);

	expect_kernel_refused(test, (uintptr_t)mem, U64_MAX);
}

static void c_kernel_direction(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_range r = range_of(mem, 64);

	expect_md_err(test, iodmacmd_md_create_kernel(&r, 1, 0x8), -EINVAL);
	expect_md_err(test, iodmacmd_md_create_kernel(&r, 1, U32_MAX), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_MASK));
}

/* A count above the maximum is refused before the array is read. */
static void c_kernel_count_over_max(struct kunit *test)
{
	struct iodmacmd_range *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	*r = range_of(test_alloc(test, 64, 0), 64);
	expect_md_err(test, iodmacmd_md_create_kernel(r, IODMACMD_MAX_RANGES + 1,
						      IODMACMD_DIR_OUT), -EINVAL);
	expect_md_err(test, iodmacmd_md_create_kernel(r, U32_MAX, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(r, 1, IODMACMD_DIR_OUT));
}

static void c_kernel_stack(struct kunit *test)
{
	u8 on_stack[64] = {};

	expect_kernel_refused(test, (uintptr_t)on_stack, sizeof(on_stack));
}

static void c_kernel_text(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)kfree, 64);
}

static void c_kernel_rodata(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)_ctype, 64);
}

/* The kernel image's rodata through its alias in the linear map. */
static void c_kernel_rodata_alias(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)lm_alias(_ctype), 64);
}

static void c_kernel_text_alias(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)lm_alias(kfree), 64);
}

/* The kernel image's data: the DMA API forbids every part of the image. */
static void c_kernel_data(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)&init_task, 64);
}

static void c_kernel_module_rodata(struct kunit *test)
{
	expect_kernel_refused(test, (uintptr_t)module_rodata, sizeof(module_rodata));
}

/* vmalloc memory running into the guard page after its area. */
static void c_kernel_vmalloc_into_guard(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE);

	expect_kernel_refused(test, (uintptr_t)mem + 2 * PAGE_SIZE - 16, 32);
}

/* A range wholly in the guard page: vmalloc address space with no page. */
static void c_kernel_vmalloc_guard(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE);

	expect_kernel_refused(test, (uintptr_t)mem + 2 * PAGE_SIZE, 16);
}

/* A vmalloc area and the guard page after it, first and last byte mapped. */
static void c_kernel_vmalloc_across_guard(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, 4 * PAGE_SIZE);
	u8 *next = iodmacmd_test_vmalloc(test, 4 * PAGE_SIZE);
	u8 *lo = min(mem, next), *hi = max(mem, next);

	/* Areas are not always adjacent; any mapped end past a guard will do. */
	expect_kernel_refused(test, (uintptr_t)lo, (uintptr_t)hi - (uintptr_t)lo + 16);
}

/* The ISA hole (640 KiB - 1 MiB) is in the linear map, but is no RAM. */
static void c_kernel_isa_hole(struct kunit *test)
{
	void *va = __va(0xa0000);

	if (!virt_addr_valid(va) || page_is_ram(PHYS_PFN(0xa0000)))
		kunit_skip(test, "no linear-map alias of a non-RAM page at 640 KiB");
	expect_kernel_refused(test, (uintptr_t)va, 64);
}

/*
 * The first RAM page above 16 MiB that is followed by a hole (not RAM),
 * and a RAM page after the hole, both in the linear map: the range between
 * them has valid first and last bytes and no memory in the middle.
 */
static bool find_ram_hole(unsigned long *last_ram, unsigned long *next_ram)
{
	const unsigned long step = SZ_2M >> PAGE_SHIFT, limit = PHYS_PFN(SZ_64G);
	unsigned long pfn, hole;

	for (pfn = PHYS_PFN(SZ_16M); pfn < limit && page_is_ram(pfn); pfn += step)
		;
	if (pfn >= limit)
		return false;
	for (hole = pfn; hole > pfn - step && !page_is_ram(hole - 1); hole--)
		;
	if (!page_is_ram(hole - 1))
		return false;
	*last_ram = hole - 1;
	for (; pfn < limit && !page_is_ram(pfn); pfn += step)
		;
	if (pfn >= limit)
		return false;
	*next_ram = pfn;
	return virt_addr_valid(__va(PFN_PHYS(*last_ram))) &&
	       virt_addr_valid(__va(PFN_PHYS(*next_ram)));
}

static void c_kernel_ram_hole(struct kunit *test)
{
	unsigned long last_ram, next_ram;
	u64 start, end;

	if (!find_ram_hole(&last_ram, &next_ram))
		kunit_skip(test, "no hole between RAM in the linear map below 64 GiB");
	start = (uintptr_t)__va(PFN_PHYS(last_ram));
	end = (uintptr_t)__va(PFN_PHYS(next_ram)) + PAGE_SIZE;
	expect_kernel_refused(test, start, end - start);
}

static void c_kernel_user_address(struct kunit *test)
{
	expect_kernel_refused(test, 0x10000, 64);
}

static void c_kernel_address_0(struct kunit *test)
{
	expect_kernel_refused(test, 0, 64);
}

static void c_kernel_noncanonical(struct kunit *test)
{
	expect_kernel_refused(test, 1ULL << 63, 64);
}

/* One bad range among good ones fails the whole call. */
static void c_kernel_second_range_bad(struct kunit *test)
{
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_range r[2] = {
		range_of(mem, 64), { .address = (uintptr_t)kfree, .length = 64 },
	};

	expect_md_err(test, iodmacmd_md_create_kernel(r, 2, IODMACMD_DIR_OUT), -EINVAL);
	r[1] = r[0];
	iodmacmd_test_md(test, iodmacmd_md_create_kernel(r, 2, IODMACMD_DIR_OUT));
}

static void c_phys_count_0(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = buf->phys, .length = 64 };

	expect_md_err(test, iodmacmd_md_create_phys(&r, 0, IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
}

static void expect_phys_refused(struct kunit *test, u64 addr, u64 len, u32 dir)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = addr, .length = len };

	expect_md_err(test, iodmacmd_md_create_phys(&r, 1, dir), -EINVAL);
	r = (struct iodmacmd_range){ .address = buf->phys, .length = 64 };
	iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
}

static void c_phys_empty(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_phys_refused(test, buf->phys, 0, IODMACMD_DIR_OUT);
}

static void c_phys_wrapping(struct kunit *test)
{
	expect_phys_refused(test, U64_MAX - 10, 100, IODMACMD_DIR_OUT);
}

static void c_phys_not_ram(struct kunit *test)
{
	expect_phys_refused(test, 1ULL << 52, PAGE_SIZE, IODMACMD_DIR_OUT);
}

static void c_phys_length_u64_max(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_phys_refused(test, buf->phys, U64_MAX, IODMACMD_DIR_OUT);
}

static void c_phys_direction(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);

	expect_phys_refused(test, buf->phys, 64, 0x10);
}

static void c_phys_count_over_max(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	*r = (struct iodmacmd_range){ .address = buf->phys, .length = 64 };
	expect_md_err(test, iodmacmd_md_create_phys(r, IODMACMD_MAX_RANGES + 1,
						    IODMACMD_DIR_OUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_phys(r, 1, IODMACMD_DIR_OUT));
}

/* A page array must hold @length after @offset; else refused. */
static void expect_pages_refused(struct kunit *test, unsigned int nr, u32 offset, u64 length,
				 u32 dir)
{
	struct page **pages = test_pages(test, 2);

	expect_md_err(test, iodmacmd_md_create_pages(pages, nr, offset, length, dir), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 2, 0, 2 * PAGE_SIZE,
							IODMACMD_DIR_OUT));
}

static void c_pages_nr_0(struct kunit *test)
{
	expect_pages_refused(test, 0, 0, 64, IODMACMD_DIR_OUT);
}

static void c_pages_length_0(struct kunit *test)
{
	expect_pages_refused(test, 2, 0, 0, IODMACMD_DIR_OUT);
}

static void c_pages_offset_page_size(struct kunit *test)
{
	expect_pages_refused(test, 2, PAGE_SIZE, 64, IODMACMD_DIR_OUT);
}

static void c_pages_offset_u32_max(struct kunit *test)
{
	expect_pages_refused(test, 2, U32_MAX, 64, IODMACMD_DIR_OUT);
}

static void c_pages_one_past(struct kunit *test)
{
	expect_pages_refused(test, 2, 1, 2 * PAGE_SIZE, IODMACMD_DIR_OUT);
}

/* Issue 10 item 5: offset 1 with length U64_MAX wrapped the end check. */
static void c_pages_length_u64_max_offset_1(struct kunit *test)
{
	expect_pages_refused(test, 2, 1, U64_MAX, IODMACMD_DIR_OUT);
}

static void c_pages_end_wraps_to_small(struct kunit *test)
{
	expect_pages_refused(test, 2, PAGE_SIZE - 1, U64_MAX - PAGE_SIZE + 3, IODMACMD_DIR_OUT);
}

static void c_pages_length_u64_max(struct kunit *test)
{
	expect_pages_refused(test, 2, 0, U64_MAX, IODMACMD_DIR_OUT);
}

static void c_pages_direction(struct kunit *test)
{
	expect_pages_refused(test, 2, 0, 64, 0x8);
}

/* A count above the maximum is refused before the array is read. */
static void c_pages_nr_over_max(struct kunit *test)
{
	expect_pages_refused(test, IODMACMD_MAX_PAGES + 1, 0, PAGE_SIZE, IODMACMD_DIR_OUT);
}

static void c_pages_null_page(struct kunit *test)
{
	struct page **pages = test_pages(test, 2);
	struct page *second = pages[1];

	pages[1] = NULL;
	expect_md_err(test, iodmacmd_md_create_pages(pages, 2, 0, 64, IODMACMD_DIR_OUT), -EINVAL);
	pages[1] = second;
	iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 2, 0, 64, IODMACMD_DIR_OUT));
}

static void c_sgtable_empty(struct kunit *test)
{
	struct sg_table sgt = {};

	expect_md_err(test, iodmacmd_md_create_sgtable(&sgt, IODMACMD_DIR_OUT), -EINVAL);
	make_md(test, KIND_SGTABLE);
}

static void c_sgtable_empty_entry(struct kunit *test)
{
	struct sg_table *sgt = kunit_kzalloc(test, sizeof(*sgt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 2, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sg_free_action, sgt), 0);
	sg_set_buf(sgt->sgl, test_alloc(test, 64, 0), 64);
	sg_set_page(sg_next(sgt->sgl), virt_to_page(test_alloc(test, 64, 0)), 0, 0);
	expect_md_err(test, iodmacmd_md_create_sgtable(sgt, IODMACMD_DIR_OUT), -EINVAL);
	make_md(test, KIND_SGTABLE);
}

static void c_sgtable_direction(struct kunit *test)
{
	struct sg_table *sgt = kunit_kzalloc(test, sizeof(*sgt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 1, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sg_free_action, sgt), 0);
	sg_set_buf(sgt->sgl, test_alloc(test, 64, 0), 64);
	expect_md_err(test, iodmacmd_md_create_sgtable(sgt, 0x8), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_sgtable(sgt, IODMACMD_DIR_OUT));
}

/* User ranges of current's address space must be refused; good ones work. */
static void expect_user_refused(struct kunit *test, struct task_struct *task,
				const struct iodmacmd_range *r, u32 count, u32 dir)
{
	unsigned long addr;
	struct iodmacmd_range good;

	expect_md_err(test, iodmacmd_md_create_user(task, r, count, dir), -EINVAL);
	addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	good = (struct iodmacmd_range){ .address = addr, .length = 64 };
	iodmacmd_test_md(test, iodmacmd_md_create_user(current, &good, 1, IODMACMD_DIR_OUT));
}

/* A kernel thread has no address space: nothing to describe. */
static void c_user_task_without_mm(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = 64 };

	KUNIT_ASSERT_NULL(test, current->mm);
	expect_user_refused(test, current, &r, 1, IODMACMD_DIR_OUT);
}

static void c_user_init_task(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = 64 };

	expect_user_refused(test, &init_task, &r, 1, IODMACMD_DIR_OUT);
}

static void c_user_count_0(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = 64 };

	expect_user_refused(test, current, &r, 0, IODMACMD_DIR_OUT);
}

static void c_user_empty(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = 0 };

	expect_user_refused(test, current, &r, 1, IODMACMD_DIR_OUT);
}

static void c_user_wrapping(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = U64_MAX };

	expect_user_refused(test, current, &r, 1, IODMACMD_DIR_OUT);
}

static void c_user_kernel_address(struct kunit *test)
{
	struct iodmacmd_range r = range_of(test_alloc(test, 64, 0), 64);

	expect_user_refused(test, current, &r, 1, IODMACMD_DIR_OUT);
}

static void c_user_direction(struct kunit *test)
{
	struct iodmacmd_range r = { .address = 0x10000, .length = 64 };

	expect_user_refused(test, current, &r, 1, 0x8);
}

static void c_user_count_over_max(struct kunit *test)
{
	struct iodmacmd_range *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	*r = (struct iodmacmd_range){ .address = 0x10000, .length = 64 };
	expect_user_refused(test, current, r, IODMACMD_MAX_RANGES + 1, IODMACMD_DIR_OUT);
}

/* More pages than a descriptor pins: refused before the page array exists. */
static void c_user_pages_over_max(struct kunit *test)
{
	struct iodmacmd_range r = {
		.address = SZ_1G,
		.length = ((u64)IODMACMD_MAX_PAGES + 1) << PAGE_SHIFT,
	};

	expect_user_refused(test, current, &r, 1, IODMACMD_DIR_OUT);
}

/* A buffer must be refused with @err; a small one works afterwards. */
static void expect_buffer_refused(struct kunit *test, u32 options, u64 capacity, u64 alignment,
				  u64 mask, long err)
{
	expect_md_err(test, iodmacmd_buffer_create(options, capacity, alignment, mask), err);
	iodmacmd_test_md(test, iodmacmd_buffer_create(IODMACMD_DIR_INOUT, 64, 0, 0));
}

static void c_buffer_unknown_option(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN | 0x20, 64, 0, 0, -EINVAL);
}

static void c_buffer_high_option(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN | 0x80000000, 64, 0, 0, -EINVAL);
}

static void c_buffer_capacity_0(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 0, 0, 0, -EINVAL);
}

static void c_buffer_alignment_3(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 64, 3, 0, -EINVAL);
}

static void c_buffer_alignment_u64_max(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 64, U64_MAX, 0, -EINVAL);
}

/* An alignment no buddy block has: a contiguous block that cannot exist. */
static void c_buffer_alignment_2_63(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 64, 1ULL << 63, 0, -ENOMEM);
}

static void c_buffer_mask_hole(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 64, 0, 0xf0f0f000, -EINVAL);
}

/* Below 4 KiB: page 0 is never allocator memory. */
static void c_buffer_mask_unreachable(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN, 64, 0, 0xfff, -ENOMEM);
}

static void c_buffer_contiguous_8m(struct kunit *test)
{
	/* Twice the largest page block: 8 MiB with 4 KiB pages, 64 MiB with 16 KiB. */
	expect_buffer_refused(test, IODMACMD_DIR_IN | IODMACMD_BUFFER_CONTIGUOUS,
			      2 * ((u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT), 0, 0, -ENOMEM);
}

static void c_buffer_contiguous_block_and_a_page(struct kunit *test)
{
	expect_buffer_refused(test, IODMACMD_DIR_IN | IODMACMD_BUFFER_CONTIGUOUS,
			      ((u64)MAX_ORDER_NR_PAGES + 1) << PAGE_SHIFT, 0, 0, -ENOMEM);
}

/* Sub windows: the direction and the nesting limit (ranges: _range suite). */
static void c_sub_direction(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	expect_md_err(test, iodmacmd_md_create_sub(md, 0, 1, 0x8), -EINVAL);
	expect_md_not_prepared(test, md);
	iodmacmd_test_md(test, iodmacmd_md_create_sub(md, 0, 1, IODMACMD_DIR_OUT));
}

static void c_sub_nesting(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC), *top = md;
	unsigned int i;

	for (i = 0; i < 8; i++)
		top = iodmacmd_test_md(test, iodmacmd_md_create_sub(top, 1, MD_LEN - 2 - 2 * i,
								    IODMACMD_DIR_INOUT));
	expect_md_err(test, iodmacmd_md_create_sub(top, 0, 1, IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_usable(test, top);
	expect_md_usable(test, md);
}

static void c_multi_count_0(struct kunit *test)
{
	struct iodmacmd_md *mds[1] = { make_md(test, KIND_KMALLOC) };

	expect_md_err(test, iodmacmd_md_create_multi(mds, 0, IODMACMD_DIR_INOUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 1, IODMACMD_DIR_INOUT));
}

static void c_multi_null_member(struct kunit *test)
{
	struct iodmacmd_md *good = make_md(test, KIND_KMALLOC);
	struct iodmacmd_md *mds[3] = { good, good, NULL };

	expect_md_err(test, iodmacmd_md_create_multi(mds, 3, IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_usable(test, good);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT));
}

/* Issue 10 item 11: a failed constructor's ERR_PTR() among the members. */
static void c_multi_err_member(struct kunit *test)
{
	struct iodmacmd_md *good = make_md(test, KIND_KMALLOC);
	struct iodmacmd_md *mds[3] = { good, ERR_PTR(-ENOMEM), good };

	expect_md_err(test, iodmacmd_md_create_multi(mds, 3, IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_not_prepared(test, good);
	expect_md_usable(test, good);
	mds[1] = good;
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 3, IODMACMD_DIR_INOUT));
}

static void c_multi_empty_members(struct kunit *test)
{
	struct iodmacmd_md *buf = make_md(test, KIND_BUFFER);
	struct iodmacmd_md *mds[2] = { buf, buf };

	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(buf, 0), 0);
	expect_md_err(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT), -EINVAL);
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(buf, MD_LEN), 0);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT));
}

static void c_multi_direction(struct kunit *test)
{
	struct iodmacmd_md *mds[1] = { make_md(test, KIND_KMALLOC) };

	expect_md_err(test, iodmacmd_md_create_multi(mds, 1, 0x8), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 1, IODMACMD_DIR_INOUT));
}

/* A count above the maximum is refused before the array is read. */
static void c_multi_count_over_max(struct kunit *test)
{
	struct iodmacmd_md **mds = kunit_kcalloc(test, 1, sizeof(*mds), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mds);
	mds[0] = make_md(test, KIND_KMALLOC);
	expect_md_err(test, iodmacmd_md_create_multi(mds, IODMACMD_MAX_RANGES + 1,
						     IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_err(test, iodmacmd_md_create_multi(mds, U32_MAX, IODMACMD_DIR_INOUT), -EINVAL);
	iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 1, IODMACMD_DIR_INOUT));
}

static void c_multi_nesting(struct kunit *test)
{
	struct iodmacmd_md *top = make_md(test, KIND_KMALLOC);
	unsigned int i;

	for (i = 0; i < 8; i++)
		top = iodmacmd_test_md(test, iodmacmd_md_create_multi(&top, 1,
								      IODMACMD_DIR_INOUT));
	expect_md_err(test, iodmacmd_md_create_multi(&top, 1, IODMACMD_DIR_INOUT), -EINVAL);
	expect_md_usable(test, top);
}

static const struct fn_case create_cases[] = {
	{ "kernel: no ranges", c_kernel_count_0 },
	{ "kernel: an empty range", c_kernel_empty_range },
	{ "kernel: a range wrapping the address space", c_kernel_wrapping },
	{ "kernel: length U64_MAX", c_kernel_length_u64_max },
	{ "kernel: unknown direction bits", c_kernel_direction },
	{ "kernel: more ranges than IODMACMD_MAX_RANGES", c_kernel_count_over_max },
	{ "kernel: the stack", c_kernel_stack },
	{ "kernel: kernel text", c_kernel_text },
	{ "kernel: kernel rodata", c_kernel_rodata },
	{ "kernel: kernel rodata, linear alias", c_kernel_rodata_alias },
	{ "kernel: kernel text, linear alias", c_kernel_text_alias },
	{ "kernel: kernel data", c_kernel_data },
	{ "kernel: module rodata", c_kernel_module_rodata },
	{ "kernel: vmalloc into its guard page", c_kernel_vmalloc_into_guard },
	{ "kernel: vmalloc guard page", c_kernel_vmalloc_guard },
	{ "kernel: across two vmalloc areas", c_kernel_vmalloc_across_guard },
	{ "kernel: the ISA hole", c_kernel_isa_hole },
	{ "kernel: linear map across a RAM hole", c_kernel_ram_hole },
	{ "kernel: a user address", c_kernel_user_address },
	{ "kernel: address 0", c_kernel_address_0 },
	{ "kernel: a non-canonical address", c_kernel_noncanonical },
	{ "kernel: a bad range after a good one", c_kernel_second_range_bad },
	{ "phys: no ranges", c_phys_count_0 },
	{ "phys: an empty range", c_phys_empty },
	{ "phys: a range wrapping", c_phys_wrapping },
	{ "phys: not RAM", c_phys_not_ram },
	{ "phys: length U64_MAX", c_phys_length_u64_max },
	{ "phys: unknown direction bits", c_phys_direction },
	{ "phys: more ranges than IODMACMD_MAX_RANGES", c_phys_count_over_max },
	{ "pages: no pages", c_pages_nr_0 },
	{ "pages: length 0", c_pages_length_0 },
	{ "pages: offset PAGE_SIZE", c_pages_offset_page_size },
	{ "pages: offset U32_MAX", c_pages_offset_u32_max },
	{ "pages: one byte past the pages", c_pages_one_past },
	{ "pages: offset 1 length U64_MAX", c_pages_length_u64_max_offset_1 },
	{ "pages: end wrapping to a small value", c_pages_end_wraps_to_small },
	{ "pages: length U64_MAX", c_pages_length_u64_max },
	{ "pages: unknown direction bits", c_pages_direction },
	{ "pages: more pages than IODMACMD_MAX_PAGES", c_pages_nr_over_max },
	{ "pages: a NULL page", c_pages_null_page },
	{ "sg_table: no entries", c_sgtable_empty },
	{ "sg_table: an empty entry", c_sgtable_empty_entry },
	{ "sg_table: unknown direction bits", c_sgtable_direction },
	{ "user: a task without an address space", c_user_task_without_mm },
	{ "user: init_task", c_user_init_task },
	{ "user: no ranges", c_user_count_0 },
	{ "user: an empty range", c_user_empty },
	{ "user: a range wrapping", c_user_wrapping },
	{ "user: a kernel address", c_user_kernel_address },
	{ "user: unknown direction bits", c_user_direction },
	{ "user: more ranges than IODMACMD_MAX_RANGES", c_user_count_over_max },
	{ "user: more pages than IODMACMD_MAX_PAGES", c_user_pages_over_max },
	{ "buffer: an unknown option", c_buffer_unknown_option },
	{ "buffer: option bit 31", c_buffer_high_option },
	{ "buffer: capacity 0", c_buffer_capacity_0 },
	{ "buffer: alignment 3", c_buffer_alignment_3 },
	{ "buffer: alignment U64_MAX", c_buffer_alignment_u64_max },
	{ "buffer: alignment 2^63", c_buffer_alignment_2_63 },
	{ "buffer: a mask with a hole", c_buffer_mask_hole },
	{ "buffer: a mask below a page", c_buffer_mask_unreachable },
	{ "buffer: contiguous, two page blocks", c_buffer_contiguous_8m },
	{ "buffer: contiguous, a page above a block", c_buffer_contiguous_block_and_a_page },
	{ "sub: unknown direction bits", c_sub_direction },
	{ "sub: nested nine deep", c_sub_nesting },
	{ "multi: no members", c_multi_count_0 },
	{ "multi: a NULL member", c_multi_null_member },
	{ "multi: an ERR_PTR member", c_multi_err_member },
	{ "multi: members of length 0", c_multi_empty_members },
	{ "multi: unknown direction bits", c_multi_direction },
	{ "multi: more members than IODMACMD_MAX_RANGES", c_multi_count_over_max },
	{ "multi: nested nine deep", c_multi_nesting },
};

KUNIT_ARRAY_PARAM(create, create_cases, fn_case_desc);

static struct kunit_case iodmacmd_badinput_create_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_create_test, create_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_create_suite = {
	.name = "iodmacmd_badinput_create",
	.test_cases = iodmacmd_badinput_create_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_state: prepare and complete, user memory, buffers     */
/* ---------------------------------------------------------------------- */

static void s_complete_unprepared(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	expect_md_usable(test, md);
}

static void s_double_complete(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
	/* The count did not go below zero: one prepare, one complete. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	expect_md_not_prepared(test, md);
}

static void s_prepare_bad_direction(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0x8), -EINVAL);
	expect_md_not_prepared(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_IN), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, IODMACMD_DIR_IN), 0);
}

static void s_complete_bad_direction(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, U32_MAX), -EINVAL);
	/* Still prepared, once. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	expect_md_not_prepared(test, md);
}

/* A user descriptor nobody prepared cannot be touched. */
static void s_user_unprepared_read(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 3000, 1), *buf = test_alloc(test, 3000, SENTINEL);
	struct iodmacmd_md *md = user_md(test, addr, 3000, IODMACMD_DIR_INOUT);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, buf, 3000), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 3000, SENTINEL));
	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, buf, 3000), 3000);
	KUNIT_EXPECT_MEMEQ(test, buf, in, 3000);
}

static void s_user_unprepared_write(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 3000, 2), *junk = test_alloc(test, 3000, JUNK);
	struct iodmacmd_md *md = user_md(test, addr, 3000, IODMACMD_DIR_INOUT);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, junk, 3000), 0);
	expect_user_bytes(test, addr, in, 3000);
	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, junk, 3000), 3000);
	expect_user_bytes(test, addr, junk, 3000);
}

static void s_user_unprepared_phys(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md = user_md(test, addr, 64, IODMACMD_DIR_INOUT);
	u64 len = 1;

	user_fill(test, addr, 64, 3);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_phys_segment(md, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	prepare_for_test(test, md);
	KUNIT_EXPECT_NE(test, iodmacmd_md_phys_segment(md, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 64);
}

static void s_user_prepare_unmapped(struct kunit *test)
{
	unsigned long addr = user_map(test, 3, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md;

	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	md = user_md(test, addr, 3 * PAGE_SIZE, IODMACMD_DIR_INOUT);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	expect_md_not_prepared(test, md);
	md = user_md(test, addr, PAGE_SIZE, IODMACMD_DIR_INOUT);
	prepare_for_test(test, md);
}

/* The device would write read-only memory: refused at prepare. */
static void s_user_in_read_only(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ);
	struct iodmacmd_md *md = user_md(test, addr, 64, IODMACMD_DIR_IN);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_prepare(md, 0), -EFAULT);
	expect_md_not_prepared(test, md);
	md = user_md(test, addr, 64, IODMACMD_DIR_OUT);
	prepare_for_test(test, md);
}

/*
 * Issue 10 item 8: user memory described for Out only is pinned read-only;
 * the CPU must not write it through the descriptor either.
 */
static void s_user_out_write(struct kunit *test)
{
	unsigned long addr = user_map(test, 2, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr + 8, 3000, 4), *junk = test_alloc(test, 3000, JUNK);
	u8 *buf = test_alloc(test, 3000, 0);
	struct iodmacmd_md *md = user_md(test, addr + 8, 3000, IODMACMD_DIR_OUT);

	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, junk, 3000), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 2999, junk, 1), 0);
	expect_user_bytes(test, addr + 8, in, 3000);
	/* Reading is what Out memory is for. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, buf, 3000), 3000);
	KUNIT_EXPECT_MEMEQ(test, buf, in, 3000);
}

static void s_user_out_write_zeros(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 64, 5);
	struct iodmacmd_md *md = user_md(test, addr, 64, IODMACMD_DIR_OUT);

	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, NULL, 64), 0);
	expect_user_bytes(test, addr, in, 64);
}

/*
 * Memory never written reads as the shared zero page: a write through a
 * read-only pin of it would change every process's zeros.
 */
static void s_user_out_zero_page(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ);
	u8 *junk = test_alloc(test, PAGE_SIZE, JUNK), *zeros = test_alloc(test, PAGE_SIZE, 0);
	struct iodmacmd_md *md = user_md(test, addr, PAGE_SIZE, IODMACMD_DIR_OUT);
	u8 *zero_page = page_address(ZERO_PAGE(0));
	bool clean;

	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, junk, PAGE_SIZE), 0);
	clean = all_bytes(zero_page, PAGE_SIZE, 0);
	/* Repair the guest for the tests that follow, then report. */
	if (!clean)
		memset(zero_page, 0, PAGE_SIZE);
	KUNIT_EXPECT_TRUE_MSG(test, clean, "the shared zero page was written");
	expect_user_bytes(test, addr, zeros, PAGE_SIZE);
}

static void s_sub_of_user_out(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 256, 6), *junk = test_alloc(test, 256, JUNK);
	struct iodmacmd_md *md = user_md(test, addr, 256, IODMACMD_DIR_OUT), *sub;

	sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(md, 16, 128, IODMACMD_DIR_INOUT));
	prepare_for_test(test, sub);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(sub, 0, junk, 128), 0);
	expect_user_bytes(test, addr, in, 256);
}

static void s_multi_with_user_out(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 256, 7), *junk = test_alloc(test, 256 + MD_LEN, JUNK);
	struct iodmacmd_md *mds[2] = {
		make_md(test, KIND_KMALLOC), user_md(test, addr, 256, IODMACMD_DIR_OUT),
	};
	struct iodmacmd_md *multi;
	u8 *before = md_snapshot(test, mds[0]);

	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, IODMACMD_DIR_INOUT));
	prepare_for_test(test, multi);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(multi, 0, junk, MD_LEN + 256), 0);
	expect_user_bytes(test, addr, in, 256);
	expect_md_unchanged(test, mds[0], before, MD_LEN);
	/* Only the concatenation is read-only: its writable member is not. */
	expect_md_usable(test, mds[0]);
}

/* In and None user memory stays writable: the refusal is Out's alone. */
static void s_user_inout_write(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md = user_md(test, addr, 64, IODMACMD_DIR_NONE);
	u8 *junk = test_alloc(test, 64, JUNK);

	user_fill(test, addr, 64, 8);
	prepare_for_test(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_write(md, 0, junk, 64), 64);
	expect_user_bytes(test, addr, junk, 64);
}

static void s_read_null_buffer(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, NULL, 16), 0);
	expect_md_usable(test, md);
}

static void s_buffer_length_over_capacity(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *before = md_snapshot(test, md);

	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, MD_LEN + 1), -EINVAL);
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static void s_buffer_length_u64_max(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *before = md_snapshot(test, md);

	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, U64_MAX), -EINVAL);
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static void s_buffer_append_past_capacity(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *junk = test_alloc(test, 200, JUNK), *bytes = iodmacmd_buffer_bytes(md);
	u8 *whole = test_alloc(test, MD_LEN, 0);

	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, MD_LEN - 100), 0);
	memcpy(whole, bytes, MD_LEN);
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, junk, 101));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), MD_LEN - 100);
	/* Nothing landed, up to the capacity either. */
	KUNIT_EXPECT_MEMEQ(test, bytes, whole, MD_LEN);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, junk, 100));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), MD_LEN);
}

static void s_buffer_append_u64_max(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *before;

	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 10), 0);
	before = md_snapshot(test, md);
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, NULL, U64_MAX));
	expect_md_unchanged(test, md, before, 10);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, NULL, 1));
}

static void s_buffer_append_when_full(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *before = md_snapshot(test, md);

	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, "x", 1));
	expect_md_unchanged(test, md, before, MD_LEN);
	KUNIT_EXPECT_TRUE(test, iodmacmd_buffer_append(md, "x", 0));
}

/* A buffer's length bounds reads, whatever the capacity. */
static void s_buffer_read_past_length(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_BUFFER);
	u8 *buf = test_alloc(test, 16, SENTINEL);

	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 100), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 100, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 90, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 84, buf, 16), 16);
}

/* The buffer functions on a descriptor that is not a buffer. */
static void s_not_buffer(struct kunit *test)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	u8 *before = md_snapshot(test, md);

	KUNIT_EXPECT_NULL(test, iodmacmd_buffer_bytes(md));
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(md), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_set_length(md, 1), -EINVAL);
	KUNIT_EXPECT_FALSE(test, iodmacmd_buffer_append(md, "x", 1));
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_md_usable(test, md);
}

static const struct fn_case state_cases[] = {
	{ "complete without prepare", s_complete_unprepared },
	{ "complete twice", s_double_complete },
	{ "prepare with unknown direction bits", s_prepare_bad_direction },
	{ "complete with unknown direction bits", s_complete_bad_direction },
	{ "user: read before prepare", s_user_unprepared_read },
	{ "user: write before prepare", s_user_unprepared_write },
	{ "user: physical segment before prepare", s_user_unprepared_phys },
	{ "user: prepare over unmapped memory", s_user_prepare_unmapped },
	{ "user: In over read-only memory", s_user_in_read_only },
	{ "user: write into Out memory", s_user_out_write },
	{ "user: zeros into Out memory", s_user_out_write_zeros },
	{ "user: write into the zero page", s_user_out_zero_page },
	{ "user: write through a window on Out memory", s_sub_of_user_out },
	{ "user: write through a concatenation with Out memory", s_multi_with_user_out },
	{ "user: direction None stays writable", s_user_inout_write },
	{ "read into NULL", s_read_null_buffer },
	{ "buffer: length above capacity", s_buffer_length_over_capacity },
	{ "buffer: length U64_MAX", s_buffer_length_u64_max },
	{ "buffer: append past capacity", s_buffer_append_past_capacity },
	{ "buffer: append U64_MAX bytes", s_buffer_append_u64_max },
	{ "buffer: append to a full buffer", s_buffer_append_when_full },
	{ "buffer: read past the length", s_buffer_read_past_length },
	{ "buffer: functions on another kind", s_not_buffer },
};

KUNIT_ARRAY_PARAM(state, state_cases, fn_case_desc);

static struct kunit_case iodmacmd_badinput_state_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_state_test, state_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_state_suite = {
	.name = "iodmacmd_badinput_state",
	.test_cases = iodmacmd_badinput_state_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_huge: counts and sizes beyond the allocator           */
/* ---------------------------------------------------------------------- */

#define HUGE_COUNT	300000
#define HUGE_PAGES	600000

static void kvfree_action(void *p)
{
	kvfree(p);
}

static void *test_kvcalloc(struct kunit *test, size_t n, size_t size)
{
	void *p = kvcalloc(n, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action, p), 0);
	return p;
}

/* The first and the last range read back as themselves. */
static void expect_ends(struct kunit *test, struct iodmacmd_md *md, const u8 *mem, u64 each)
{
	u64 len = iodmacmd_md_length(md);
	u8 *buf = test_alloc(test, each, 0);

	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, buf, each), each);
	KUNIT_EXPECT_MEMEQ(test, buf, mem, each);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, len - each, buf, each), each);
	KUNIT_EXPECT_MEMEQ(test, buf, mem, each);
}

/*
 * Issue 10 item 9: 300,000 ranges are an array beyond kmalloc's largest
 * block; it must come from vmalloc, not a page-allocator warning.
 */
static void h_kernel_ranges(struct kunit *test)
{
	struct iodmacmd_range *r = test_kvcalloc(test, HUGE_COUNT, sizeof(*r));
	u8 *mem = test_alloc(test, 64, 0);
	struct iodmacmd_md *md;
	unsigned int i;

	fill_pattern(mem, 64, 9);
	for (i = 0; i < HUGE_COUNT; i++)
		r[i] = range_of(mem, 64);
	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(r, HUGE_COUNT, IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), (u64)HUGE_COUNT * 64);
	expect_ends(test, md, mem, 64);
}

static void h_phys_ranges(struct kunit *test)
{
	struct iodmacmd_range *r = test_kvcalloc(test, HUGE_COUNT, sizeof(*r));
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_md *md;
	unsigned int i;

	fill_pattern(buf->va, 64, 10);
	for (i = 0; i < HUGE_COUNT; i++)
		r[i] = (struct iodmacmd_range){ .address = buf->phys, .length = 64 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(r, HUGE_COUNT, IODMACMD_DIR_OUT));
	expect_ends(test, md, buf->va, 64);
}

static void h_multi_members(struct kunit *test)
{
	struct iodmacmd_md **mds = test_kvcalloc(test, HUGE_COUNT, sizeof(*mds));
	struct iodmacmd_md *member = kmalloc_md(test, 64, IODMACMD_DIR_OUT), *multi;
	u8 *mem = test_alloc(test, 64, 0);
	unsigned int i;

	fill_pattern(mem, 64, 11);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_write(member, 0, mem, 64), 64);
	for (i = 0; i < HUGE_COUNT; i++)
		mds[i] = member;
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, HUGE_COUNT,
								IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(multi), (u64)HUGE_COUNT * 64);
	expect_ends(test, multi, mem, 64);
}

/* 600,000 page pointers: one page, described over and over. */
static void h_pages(struct kunit *test)
{
	struct page **pages = test_kvcalloc(test, HUGE_PAGES, sizeof(*pages));
	struct page *page = test_pages(test, 1)[0];
	struct iodmacmd_md *md;
	unsigned int i;

	fill_pattern(page_address(page), PAGE_SIZE, 12);
	for (i = 0; i < HUGE_PAGES; i++)
		pages[i] = page;
	md = iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, HUGE_PAGES, 0,
							     (u64)HUGE_PAGES * PAGE_SIZE,
							     IODMACMD_DIR_OUT));
	expect_ends(test, md, page_address(page), PAGE_SIZE);
}

static void h_user_ranges(struct kunit *test)
{
	struct iodmacmd_range *r = test_kvcalloc(test, HUGE_COUNT, sizeof(*r));
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md;
	unsigned int i;

	for (i = 0; i < HUGE_COUNT; i++)
		r[i] = (struct iodmacmd_range){ .address = addr, .length = 64 };
	md = iodmacmd_test_md(test, iodmacmd_md_create_user(current, r, HUGE_COUNT,
							    IODMACMD_DIR_OUT));
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), (u64)HUGE_COUNT * 64);
}

/* A buffer must fail with -ENOMEM, no allocation warning; a small one works. */
static void expect_buffer_nomem(struct kunit *test, u32 options, u64 capacity)
{
	expect_buffer_refused(test, options, capacity, 0, 0, -ENOMEM);
}

static void h_buffer_4t(struct kunit *test)
{
	expect_buffer_nomem(test, IODMACMD_DIR_INOUT, SZ_4T);
}

static void h_buffer_u64_max(struct kunit *test)
{
	expect_buffer_nomem(test, IODMACMD_DIR_INOUT, U64_MAX);
}

/* More than the machine's RAM is refused at once (no OOM killer). */
static void h_buffer_above_ram(struct kunit *test)
{
	expect_buffer_nomem(test, IODMACMD_DIR_INOUT, ((u64)totalram_pages() + 1) << PAGE_SHIFT);
}

static void h_buffer_max_pages(struct kunit *test)
{
	expect_buffer_nomem(test, IODMACMD_DIR_INOUT, ((u64)IODMACMD_MAX_PAGES + 1) << PAGE_SHIFT);
}

static void h_buffer_contiguous_4t(struct kunit *test)
{
	expect_buffer_nomem(test, IODMACMD_DIR_INOUT | IODMACMD_BUFFER_CONTIGUOUS, SZ_4T);
}

static const struct fn_case huge_cases[] = {
	{ "300,000 kernel ranges", h_kernel_ranges },
	{ "300,000 physical ranges", h_phys_ranges },
	{ "300,000 members", h_multi_members },
	{ "600,000 pages", h_pages },
	{ "300,000 user ranges", h_user_ranges },
	{ "a 4 TiB buffer", h_buffer_4t },
	{ "a buffer of U64_MAX bytes", h_buffer_u64_max },
	{ "a buffer above the machine's memory", h_buffer_above_ram },
	{ "a buffer above IODMACMD_MAX_PAGES", h_buffer_max_pages },
	{ "a contiguous 4 TiB buffer", h_buffer_contiguous_4t },
};

KUNIT_ARRAY_PARAM(huge, huge_cases, fn_case_desc);

static struct kunit_case iodmacmd_badinput_huge_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_huge_test, huge_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_huge_suite = {
	.name = "iodmacmd_badinput_huge",
	.test_cases = iodmacmd_badinput_huge_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_errno: errno -> IOReturn -> errno                    */
/* ---------------------------------------------------------------------- */

#define ERRNO_CASE(e)	{ #e, -(e) }

/*
 * Errnos the Linux face passes up from the kernel, which must come back
 * unchanged: the first seven ride in unix_err() (Issue 10 item 12).
 */
static const struct errno_case errno_cases[] = {
	ERRNO_CASE(EINTR), ERRNO_CASE(ERESTARTSYS), ERRNO_CASE(EAGAIN), ERRNO_CASE(EREMOTEIO),
	ERRNO_CASE(ERESTARTNOINTR), ERRNO_CASE(ERESTARTNOHAND),
	ERRNO_CASE(ERESTART_RESTARTBLOCK),
	ERRNO_CASE(ENOMEM), ERRNO_CASE(EINVAL), ERRNO_CASE(EFAULT), ERRNO_CASE(EIO),
	ERRNO_CASE(ENXIO), ERRNO_CASE(EPERM), ERRNO_CASE(EACCES), ERRNO_CASE(EROFS),
	ERRNO_CASE(EBUSY), ERRNO_CASE(ETIMEDOUT), ERRNO_CASE(EMSGSIZE), ERRNO_CASE(ENOSPC),
	ERRNO_CASE(ENOLCK), ERRNO_CASE(EOPNOTSUPP), ERRNO_CASE(EEXIST), ERRNO_CASE(ENOEXEC),
};

KUNIT_ARRAY_PARAM(errno, errno_cases, errno_case_desc);

static void iodmacmd_badinput_errno_round_trip(struct kunit *test)
{
	const struct errno_case *c = test->param_value;
	int ioret = iodmacmd_errno_to_ioreturn(c->err);

	KUNIT_EXPECT_NE(test, ioret, 0);
	KUNIT_EXPECT_EQ_MSG(test, iodmacmd_ioreturn_to_errno(ioret), c->err, "via %s (%#x)",
			    iodmacmd_ioreturn_name(ioret), ioret);
}

/* Mach's unix_err(): 0xc000 | errno, as IOService::errnoFromReturn() reads it. */
static void iodmacmd_badinput_errno_unix_err(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, iodmacmd_errno_to_ioreturn(-EINTR), 0xc000 | EINTR);
	KUNIT_EXPECT_EQ(test, iodmacmd_errno_to_ioreturn(-ERESTARTSYS), 0xc000 | ERESTARTSYS);
	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_name(0xc000 | EINTR), "unix_err(EINTR)");
	/* Any unix_err() value gives its errno, as Apple's does. */
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(0xc000 | ENOENT), -ENOENT);
	/* unix_err(0) and codes beyond MAX_ERRNO are no Linux error. */
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(0xc000), -EIO);
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(0xc000 | (MAX_ERRNO + 1)), -EIO);
}

static struct kunit_case iodmacmd_badinput_errno_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_errno_round_trip, errno_gen_params),
	KUNIT_CASE(iodmacmd_badinput_errno_unix_err),
	{}
};

static struct kunit_suite iodmacmd_badinput_errno_suite = {
	.name = "iodmacmd_badinput_errno",
	.test_cases = iodmacmd_badinput_errno_cases,
};

/* ---------------------------------------------------------------------- */
/* iodmacmd_badinput_cmd: commands                                         */
/* ---------------------------------------------------------------------- */

/* An Unmapped command with a MD_LEN-byte kmalloc descriptor attached. */
static struct iodmacmd_cmd *attached_cmd(struct kunit *test, const struct iodmacmd_spec *spec,
					 struct iodmacmd_md **mdp)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, spec, NULL));

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	if (mdp)
		*mdp = md;
	return cmd;
}

/* Prepared (or not, @offset U64_MAX) for exactly [@offset, +@length). */
static void expect_prepared(struct kunit *test, struct iodmacmd_cmd *cmd, u64 offset, u64 length)
{
	u64 off = SENTINEL, len = SENTINEL;

	if (offset == U64_MAX) {
		KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, &off, &len), -EBUSY);
		KUNIT_EXPECT_EQ(test, off, SENTINEL);
		KUNIT_EXPECT_EQ(test, len, SENTINEL);
		return;
	}
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, offset);
	KUNIT_EXPECT_EQ(test, len, length);
}

#define NOT_PREPARED	U64_MAX

/* A whole cycle works: prepare, every segment, complete. */
static void expect_cmd_usable(struct kunit *test, struct iodmacmd_cmd *cmd)
{
	struct iodmacmd_md *md = iodmacmd_get_md(cmd);
	struct iodmacmd_segment segs[8];
	u64 off = 0, total = 0;
	int n, i;

	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	while ((n = iodmacmd_gen_segments(cmd, &off, segs, ARRAY_SIZE(segs))) > 0)
		for (i = 0; i < n; i++)
			total += segs[i].len;
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, total, iodmacmd_md_length(md));
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
}

/* NULL and error-pointer commands (guards in command.c). */

static void p_cmd_clone(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	expect_cmd_err(test, iodmacmd_cmd_clone(bad, NULL), -EINVAL);
	iodmacmd_test_cmd(test, iodmacmd_cmd_clone(cmd, NULL));
}

static void p_cmd_destroy(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	iodmacmd_cmd_destroy(bad);
	expect_cmd_usable(test, cmd);
}

static void p_cmd_get_spec(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_spec spec;

	memset(&spec, SENTINEL, sizeof(spec));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_get_spec(bad, &spec), -EINVAL);
	KUNIT_EXPECT_TRUE(test, all_bytes((u8 *)&spec, sizeof(spec), SENTINEL));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_get_spec(cmd, &spec), 0);
}

static void p_cmd_refcon(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL,
						&host64_unmapped, test));

	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_refcon(bad));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_refcon(cmd), (void *)test);
}

static void p_cmd_set_refcon(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	iodmacmd_cmd_set_refcon(bad, test);
	iodmacmd_cmd_set_refcon(cmd, test);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_refcon(cmd), (void *)test);
}

static void p_cmd_device(struct kunit *test, void *bad)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64_mapped,
									       NULL));

	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_device(bad));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
}

static void p_set_md(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md = make_md(test, KIND_KMALLOC);
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL,
						&host64_unmapped, NULL));

	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(bad, md, true), -EINVAL);
	expect_md_not_prepared(test, md);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	expect_cmd_usable(test, cmd);
}

/* An error-pointer descriptor (NULL detaches, a valid request). */
static void p_set_md_md(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);

	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, bad, true), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	expect_cmd_usable(test, cmd);
}

static void p_clear_md(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);

	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(bad, true), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(cmd));
}

static void p_get_md(struct kunit *test, void *bad)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);

	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(bad));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
}

static void p_prepare(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(bad, 0, 0, 0), -EINVAL);
	expect_cmd_usable(test, cmd);
}

static void p_prepare_with_spec(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(bad, &host64_unmapped, 0, 0, 0), -EINVAL);
	expect_cmd_usable(test, cmd);
}

static void p_prepare_with_spec_spec(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, bad, 0, 0, 0), -EINVAL);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	expect_cmd_usable(test, cmd);
}

static void p_complete(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(bad, 0), -EINVAL);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void p_prepared_range(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	u64 off = SENTINEL, len = SENTINEL;

	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(bad, &off, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, SENTINEL);
	KUNIT_EXPECT_EQ(test, len, SENTINEL);
	expect_cmd_usable(test, cmd);
}

static void p_gen_segments(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_segment segs[2];
	u64 off = 0;

	memset(segs, SENTINEL, sizeof(segs));
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(bad, &off, segs, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_TRUE(test, all_bytes((u8 *)segs, sizeof(segs), SENTINEL));
	expect_cmd_usable(test, cmd);
}

static void p_gen_segments_with(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_segment segs[2];
	u64 off = 0;

	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments_with(bad, iodmacmd_output_host64, &off, segs,
							 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, 0);
	expect_cmd_usable(test, cmd);
}

static void p_synchronize(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(bad, IODMACMD_SYNC_IN), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(bad, IODMACMD_FORCE_DOUBLE_BUFFER), -EINVAL);
	expect_cmd_usable(test, cmd);
}

static void p_cmd_read(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	u8 *buf = test_alloc(test, 16, SENTINEL);

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(bad, 0, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	expect_cmd_usable(test, cmd);
}

static void p_cmd_write(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	u8 *buf = test_alloc(test, 16, JUNK);

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(bad, 0, buf, 16), 0);
	expect_cmd_usable(test, cmd);
}

static void p_cmd_bounce_reason(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(bad));
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
}

static void p_cmd_bounce_bytes(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(bad), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(cmd), 0);
}

static void p_cmd_release_bounce(struct kunit *test, void *bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	iodmacmd_cmd_release_bounce(bad);
	iodmacmd_cmd_release_bounce(cmd);
	expect_cmd_usable(test, cmd);
}

static void p_cmd_create(struct kunit *test, void *bad)
{
	expect_cmd_err(test, iodmacmd_cmd_create(NULL, bad, NULL), -EINVAL);
	iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
}

/* An error-pointer device (NULL is a command without one). */
static void p_cmd_create_dev(struct kunit *test, void *bad)
{
	expect_cmd_err(test, iodmacmd_cmd_create(bad, &host64_unmapped, NULL), -EINVAL);
	iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
}

static void p_cmd_create_unspecified(struct kunit *test, void *bad)
{
	expect_cmd_err(test, iodmacmd_cmd_create_unspecified(bad, NULL), -EINVAL);
	iodmacmd_test_cmd(test, iodmacmd_cmd_create_unspecified(NULL, NULL));
}

static const struct ptr_fn cmd_ptr_cases[] = {
	PTR_FN(cmd_clone),
	PTR_FN(cmd_destroy),
	PTR_FN(cmd_get_spec),
	PTR_FN(cmd_refcon),
	PTR_FN(cmd_set_refcon),
	PTR_FN(cmd_device),
	PTR_FN(set_md),
	ERR_FN(set_md_md),
	PTR_FN(clear_md),
	PTR_FN(get_md),
	PTR_FN(prepare),
	PTR_FN(prepare_with_spec),
	PTR_FN(prepare_with_spec_spec),
	PTR_FN(complete),
	PTR_FN(prepared_range),
	PTR_FN(gen_segments),
	PTR_FN(gen_segments_with),
	PTR_FN(synchronize),
	PTR_FN(cmd_read),
	PTR_FN(cmd_write),
	PTR_FN(cmd_bounce_reason),
	PTR_FN(cmd_bounce_bytes),
	PTR_FN(cmd_release_bounce),
	PTR_FN(cmd_create),
	ERR_FN(cmd_create_dev),
	ERR_FN(cmd_create_unspecified),
};

PTR_PARAMS(cmd_ptr);

/* Invalid specifications, for iodmacmd_cmd_create() and prepare_with_spec(). */
struct spec_case {
	const char *name;
	struct iodmacmd_spec spec;
};

#define UNMAPPED	.output = iodmacmd_output_host64, .mapping_options = IODMACMD_MAP_UNMAPPED

static const struct spec_case spec_cases[] = {
	{ "no output", { .mapping_options = IODMACMD_MAP_UNMAPPED } },
	{ "alignment 3", { UNMAPPED, .alignment = 3 } },
	{ "alignment 0x80000001", { UNMAPPED, .alignment = 0x80000001 } },
	{ "length alignment 6", { UNMAPPED, .alignment_length = 6 } },
	{ "internal alignment 5", { UNMAPPED, .alignment_internal = 5 } },
	{ "65 address bits", { UNMAPPED, .address_bits = 65 } },
	{ "255 address bits", { UNMAPPED, .address_bits = 255 } },
	{ "fewer address bits than a page", { UNMAPPED, .address_bits = PAGE_SHIFT - 1 } },
	{ "1 address bit", { UNMAPPED, .address_bits = 1 } },
	{ "33 bits with a 32-bit output", { .output = iodmacmd_output_host32, .address_bits = 33,
					    .mapping_options = IODMACMD_MAP_UNMAPPED } },
	{ "segment boundary 3", { UNMAPPED, .segment_boundary = 3 } },
	{ "segment boundary U64_MAX", { UNMAPPED, .segment_boundary = U64_MAX } },
	{ "mapping type 4", { .output = iodmacmd_output_host64, .mapping_options = 4 } },
	{ "mapping type 15", { .output = iodmacmd_output_host64, .mapping_options = 15 } },
	{ "unknown mapping flag", { .output = iodmacmd_output_host64,
				    .mapping_options = IODMACMD_MAP_UNMAPPED | 0x80 } },
	{ "Mapped without a device", { .output = iodmacmd_output_host64,
				       .mapping_options = IODMACMD_MAP_MAPPED } },
	{ "NonCoherent without a device", { .output = iodmacmd_output_host64,
					    .mapping_options = IODMACMD_MAP_NONCOHERENT } },
};

static void spec_case_desc(const struct spec_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(spec, spec_cases, spec_case_desc);

static void iodmacmd_badinput_cmd_create_spec(struct kunit *test)
{
	const struct spec_case *c = test->param_value;

	expect_cmd_err(test, iodmacmd_cmd_create(NULL, &c->spec, NULL), -EINVAL);
	expect_cmd_usable(test, attached_cmd(test, &host64_unmapped, NULL));
}

/* The same specifications on an existing command: its own spec stays. */
static void iodmacmd_badinput_prepare_with_spec(struct kunit *test)
{
	const struct spec_case *c = test->param_value;
	struct iodmacmd_spec want = host64_unmapped, got;
	struct iodmacmd_cmd *cmd;

	want.alignment = 4;
	cmd = attached_cmd(test, &want, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &c->spec, 0, 0, 0), -EINVAL);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.alignment, 4);
	KUNIT_EXPECT_PTR_EQ(test, got.output, want.output);
	expect_cmd_usable(test, cmd);
}

/* State and range errors of commands. */

static void k_prepare_without_md(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL,
						&host64_unmapped, NULL));

	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -EBUSY);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, make_md(test, KIND_KMALLOC), false), 0);
	expect_cmd_usable(test, cmd);
}

static void k_prepare_unspecified(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create_unspecified(NULL,
											 NULL));
	struct iodmacmd_spec spec;

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, make_md(test, KIND_KMALLOC), false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_get_spec(cmd, &spec), -EBUSY);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare_with_spec(cmd, &host64_unmapped, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_complete_unprepared(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), -EBUSY);
	expect_cmd_usable(test, cmd);
}

static void k_double_complete(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), -EBUSY);
	expect_cmd_usable(test, cmd);
}

static void k_prepared_range_unprepared(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	expect_cmd_usable(test, cmd);
}

static void k_gen_unprepared(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_segment segs[2];
	u64 off = 0;

	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, segs, 2), -EBUSY);
	KUNIT_EXPECT_EQ(test, off, 0);
	expect_cmd_usable(test, cmd);
}

/* gen with one bad argument on a prepared command: -EINVAL, nothing moved. */
enum gen_bad { GEN_NULL_OFFSET, GEN_NULL_SEGMENTS, GEN_NO_ROOM, GEN_NULL_OUTPUT };

static void expect_gen_refused(struct kunit *test, enum gen_bad what)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_segment segs[2];
	u64 off = 0;
	int ret;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	memset(segs, SENTINEL, sizeof(segs));
	switch (what) {
	case GEN_NULL_OFFSET:
		ret = iodmacmd_gen_segments(cmd, NULL, segs, 2);
		break;
	case GEN_NULL_SEGMENTS:
		ret = iodmacmd_gen_segments(cmd, &off, NULL, 2);
		break;
	case GEN_NO_ROOM:
		ret = iodmacmd_gen_segments(cmd, &off, segs, 0);
		break;
	default:
		ret = iodmacmd_gen_segments_with(cmd, NULL, &off, segs, 2);
		break;
	}
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_TRUE(test, all_bytes((u8 *)segs, sizeof(segs), SENTINEL));
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_gen_null_offset(struct kunit *test)
{
	expect_gen_refused(test, GEN_NULL_OFFSET);
}

static void k_gen_null_segments(struct kunit *test)
{
	expect_gen_refused(test, GEN_NULL_SEGMENTS);
}

static void k_gen_no_room(struct kunit *test)
{
	expect_gen_refused(test, GEN_NO_ROOM);
}

static void k_gen_null_output(struct kunit *test)
{
	expect_gen_refused(test, GEN_NULL_OUTPUT);
}

/* An offset past the prepared range: -ERANGE, the offset left as it was. */
static void expect_gen_offset_refused(struct kunit *test, u64 bad)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_segment segs[2];
	u64 off = bad;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, segs, 2), -ERANGE);
	KUNIT_EXPECT_EQ(test, off, bad);
	/* At the end exactly: the loop's normal end, not an error. */
	off = MD_LEN;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, segs, 2), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_gen_offset_past_end(struct kunit *test)
{
	expect_gen_offset_refused(test, MD_LEN + 1);
}

static void k_gen_offset_u64_max(struct kunit *test)
{
	expect_gen_offset_refused(test, U64_MAX);
}

static void k_sync_unprepared(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), -EBUSY);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	expect_cmd_usable(test, cmd);
}

static void expect_sync_refused(struct kunit *test, u32 options, int err)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, options), err);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_sync_in_and_out(struct kunit *test)
{
	expect_sync_refused(test, IODMACMD_SYNC_IN | IODMACMD_SYNC_OUT, -EINVAL);
}

static void k_sync_unknown_option(struct kunit *test)
{
	expect_sync_refused(test, 0x4, -EINVAL);
}

static void k_sync_force_with_in_and_out(struct kunit *test)
{
	expect_sync_refused(test, IODMACMD_FORCE_DOUBLE_BUFFER | IODMACMD_SYNC_IN |
			    IODMACMD_SYNC_OUT, -EINVAL);
}

/* Forcing a double buffer under a nested prepare is refused, not ignored. */
static void k_sync_force_nested(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), -EBUSY);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_clear_while_prepared(struct kunit *test)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, false), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_set_md_while_prepared(struct kunit *test)
{
	struct iodmacmd_md *md, *other = make_md(test, KIND_BUFFER);
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, other, true), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, other, false), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_nested_other_range(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 100, 200, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 100, 201, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -EBUSY);
	expect_prepared(test, cmd, 100, 200);
	/* Once: a single complete ends it. */
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_length_alignment(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.alignment_length = 8;
	cmd = attached_cmd(test, &spec, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 13, 0), -EINVAL);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 16, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void k_max_transfer(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.max_transfer_size = MD_LEN - 1;
	cmd = attached_cmd(test, &spec, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -ENOSPC);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 1, MD_LEN - 1, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* Segments of at most 1 KiB: MD_LEN bytes need five, the budget is one. */
static void k_max_segments(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.max_segment_size = SZ_1K;
	spec.max_segments = 1;
	cmd = attached_cmd(test, &spec, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -ENOSPC);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 16, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void k_prepare_with_spec_while_prepared(struct kunit *test)
{
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, NULL);
	struct iodmacmd_spec other = host64_unmapped, got;

	other.alignment = 8;
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &other, 0, 0, 0), -EPERM);
	expect_prepared(test, cmd, 0, MD_LEN);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.alignment, 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

static void k_rw_unprepared(struct kunit *test)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);
	u8 *buf = test_alloc(test, 16, SENTINEL), *before = md_snapshot(test, md);

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 0, buf, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	memset(buf, JUNK, 16);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(cmd, 0, buf, 16), 0);
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_cmd_usable(test, cmd);
}

/* Read and write past the prepared range, or into NULL. */
static void k_rw_out_of_range(struct kunit *test)
{
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);
	u8 *buf = test_alloc(test, 16, SENTINEL), *before = md_snapshot(test, md);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 100, 200, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 200, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, U64_MAX, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 0, NULL, 16), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(buf, 16, SENTINEL));
	memset(buf, JUNK, 16);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(cmd, 200, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(cmd, U64_MAX, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_write(cmd, 0, NULL, 16), 0);
	expect_md_unchanged(test, md, before, MD_LEN);
	/* Clamped at the end of the prepared range, never past it. */
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_read(cmd, 190, buf, 16), 10);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_cmd_usable(test, cmd);
}

/* A command never prepares the user memory itself (IOKit panics here). */
static void k_user_unprepared(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	struct iodmacmd_md *md = user_md(test, addr, 64, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL,
						&host64_unmapped, NULL));

	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), -EBUSY);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(cmd));
	expect_md_not_prepared(test, md);
	prepare_for_test(test, md);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	expect_cmd_usable(test, cmd);
}

/*
 * Issue 10 item 8 through a command: the copy back from bounce memory into
 * Out user memory is refused (a short copy, -EIO), and the memory keeps
 * its bytes.
 */
static void k_user_out_sync_in(struct kunit *test)
{
	unsigned long addr = user_map(test, 1, PROT_READ | PROT_WRITE);
	u8 *in = user_fill(test, addr, 256, 13), *junk = test_alloc(test, 256, JUNK);
	struct iodmacmd_md *md = user_md(test, addr, 256, IODMACMD_DIR_OUT);
	struct device *dev = iodmacmd_test_device(test, 64);
	/* Bounce memory is the device's: the command needs one. */
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64_mapped,
									       NULL));

	prepare_for_test(test, md);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_ASSERT_NOT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	/* What a device would have written into the bounce memory. */
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_write(cmd, 0, junk, 256), 256);
	KUNIT_EXPECT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_SYNC_IN), -EIO);
	expect_user_bytes(test, addr, in, 256);
	expect_prepared(test, cmd, 0, 256);
	/* Out: the complete copies nothing back, and succeeds. */
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	expect_user_bytes(test, addr, in, 256);
	expect_cmd_usable(test, cmd);
}

static const struct fn_case cmd_cases[] = {
	{ "prepare without a descriptor", k_prepare_without_md },
	{ "prepare without a specification", k_prepare_unspecified },
	{ "complete without prepare", k_complete_unprepared },
	{ "complete twice", k_double_complete },
	{ "prepared range when not prepared", k_prepared_range_unprepared },
	{ "segments when not prepared", k_gen_unprepared },
	{ "segments: NULL offset", k_gen_null_offset },
	{ "segments: NULL array", k_gen_null_segments },
	{ "segments: no room", k_gen_no_room },
	{ "segments: NULL output", k_gen_null_output },
	{ "segments: offset past the end", k_gen_offset_past_end },
	{ "segments: offset U64_MAX", k_gen_offset_u64_max },
	{ "synchronize when not prepared", k_sync_unprepared },
	{ "synchronize: In with Out", k_sync_in_and_out },
	{ "synchronize: an unknown option", k_sync_unknown_option },
	{ "synchronize: force with In and Out", k_sync_force_with_in_and_out },
	{ "synchronize: force under a nested prepare", k_sync_force_nested },
	{ "clear while prepared", k_clear_while_prepared },
	{ "attach another while prepared", k_set_md_while_prepared },
	{ "nested prepare of another range", k_nested_other_range },
	{ "a length that breaks the length alignment", k_length_alignment },
	{ "longer than the maximum transfer", k_max_transfer },
	{ "more segments than the maximum", k_max_segments },
	{ "new specification while prepared", k_prepare_with_spec_while_prepared },
	{ "read and write when not prepared", k_rw_unprepared },
	{ "read and write outside the prepared range", k_rw_out_of_range },
	{ "user memory nobody prepared", k_user_unprepared },
	{ "copy back into Out user memory", k_user_out_sync_in },
};

KUNIT_ARRAY_PARAM(cmd, cmd_cases, fn_case_desc);

/*
 * prepare() with every bad range of the range suite but the empty one:
 * length 0 means the whole descriptor, a valid request, as in IOKit.
 */
static const void *prepare_range_gen_params(const void *prev, char *desc)
{
	const struct bad_range *r = prev ? (const struct bad_range *)prev + 1 : bad_ranges;

	for (; r < bad_ranges + ARRAY_SIZE(bad_ranges); r++) {
		if (r->length) {
			strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
			return r;
		}
	}
	return NULL;
}

static void iodmacmd_badinput_prepare_range(struct kunit *test)
{
	const struct bad_range *r = test->param_value;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd = attached_cmd(test, &host64_unmapped, &md);
	u8 *before = md_snapshot(test, md);

	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, r->offset, r->length, IODMACMD_SYNCHRONIZE),
			-EINVAL);
	expect_prepared(test, cmd, NOT_PREPARED, 0);
	expect_md_unchanged(test, md, before, MD_LEN);
	expect_cmd_usable(test, cmd);
}

static void iodmacmd_badinput_cmd_ptr_test(struct kunit *test)
{
	run_ptr_param(test);
}

static struct kunit_case iodmacmd_badinput_cmd_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_badinput_cmd_ptr_test, cmd_ptr_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_badinput_cmd_create_spec, spec_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_badinput_prepare_with_spec, spec_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_badinput_prepare_range, prepare_range_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_badinput_cmd_test, cmd_gen_params),
	{}
};

static struct kunit_suite iodmacmd_badinput_cmd_suite = {
	.name = "iodmacmd_badinput_cmd",
	.test_cases = iodmacmd_badinput_cmd_cases,
};

kunit_test_suites(&iodmacmd_badinput_ptr_suite, &iodmacmd_badinput_range_suite,
		  &iodmacmd_badinput_create_suite, &iodmacmd_badinput_state_suite,
		  &iodmacmd_badinput_huge_suite, &iodmacmd_badinput_errno_suite,
		  &iodmacmd_badinput_cmd_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's Linux face given bad input");
IODMACMD_IMPORT_NS();
