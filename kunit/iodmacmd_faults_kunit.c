// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fault-injection sweep: every allocating path of iodmacmd, failed at
 * each of its allocations in turn.
 *
 * The kernel's fail-nth mechanism (what /proc/thread-self/fail-nth writes)
 * fails the n-th fault-injectable allocation of the task that sets
 * current->fail_nth, and counts the allocations down until then. For each
 * path the case calls it with n = 1, 2, ... until it succeeds with
 * current->fail_nth still non-zero afterwards (fewer than n injection
 * points: nothing was failed). Each injected failure must give an error
 * (-ENOMEM, or the IOKit face's documented failure value) and leave the
 * objects the call was given as they were and usable, and the same call must
 * then succeed; a call that absorbs the failure (a fallback, kmemleak's own
 * pool) must give a result that works. kmemleak, at the end of the guest's
 * run, finds anything a failure path leaked.
 *
 * The guest's /init lets fail-nth reach sleeping, order-0 and highmem
 * allocations, quietly (debugfs failslab and fail_page_alloc:
 * ignore-gfp-wait=N, min-order=0, ignore-gfp-highmem=N, verbose=0); the
 * probability stays 0, so nothing but the task that sets fail_nth is ever
 * failed. A failed vmalloc() still logs warn_alloc()'s report with a stack
 * dump (at most one in 10 s), which scripts/analyze-guest-log accepts in
 * this module's output only.
 *
 * What else allocates in the calling task is counted too: kmemleak's
 * metadata (it falls back to its own pool), KASAN's stack depot, the
 * IOMMU's IOVA and page-table allocations, and dma-debug's cache-line
 * radix tree, whose failure could disable dma-debug for the rest of the
 * run; the sweep keeps every CPU's radix-tree preload pool full, so that
 * dma-debug absorbs it (see fill_radix_preloads()).
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/radix-tree.h>
#include <linux/sched.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

/* A path with more injection points than this never ends: a failure. */
#define FAULT_CAP	2000

#define KMEM_LEN	3000
#define VMEM_PAGES	5
#define VMEM_OFF	0x123
#define VMEM_LEN	(4 * PAGE_SIZE + 77)
#define PHYS_OFF	0x10
#define PHYS_LEN	(2 * PAGE_SIZE - 0x20)
#define NR_PAGES	3
#define PAGES_OFF	0x100
#define PAGES_LEN	(NR_PAGES * PAGE_SIZE - 0x200)
#define USER_PAGES	4
#define USER_OFF	0x40
#define USER_LEN	(PAGE_SIZE + 0x100)
#define SUB_OFF		0x80
#define SUB_LEN		(2 * PAGE_SIZE)
#define BOUNCE_OFF	0x280
#define BOUNCE_LEN	(3 * PAGE_SIZE)
#define BUF_CAP		(5 * PAGE_SIZE + 100)
#define NR_MEMBERS	3
#define MAX_SEGS	32

#ifdef CONFIG_FAULT_INJECTION
static void fail_nth_set(unsigned int n)
{
	WRITE_ONCE(current->fail_nth, n);
}

static unsigned int fail_nth_get(void)
{
	return READ_ONCE(current->fail_nth);
}
#else
static void fail_nth_set(unsigned int n)
{
}

static unsigned int fail_nth_get(void)
{
	return 0;
}
#endif

/* Injection points of every path swept in this run. */
static unsigned int iodmacmd_faults_total;

/*
 * What a path works on. The fixture (memory with a known pattern, a
 * device, a user mapping) and the path's inputs (in_md, in_cmd) outlive the
 * sweep; md, cmd, try_md and the user mapping at try_uaddr are made afresh
 * before each try of a path that changes them; out_md and out_cmd are what
 * the call under test made. try_release() frees every per-try object.
 */
struct fault_ctx {
	struct kunit *test;
	struct device *dev;
	u8 *kmem;
	u8 *vmem;
	struct iodmacmd_test_buf *buf;
	struct page *pages[NR_PAGES];
	struct sg_table *sgt;
	unsigned long uaddr;
	u8 *upattern;
	struct iodmacmd_md *small_md;
	/* what out_md must read */
	const u8 *expect;
	u64 expect_len;
	struct iodmacmd_md *in_md[NR_MEMBERS];
	unsigned int nr_in_md;
	struct iodmacmd_cmd *in_cmd;
	struct iodmacmd_spec spec;
	struct iodmacmd_spec norm;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	unsigned long try_uaddr;
	struct iodmacmd_md *try_md[NR_MEMBERS];
	unsigned int nr_try_md;
	struct mm_struct *mm;
	struct iodmacmd_md *out_md;
	struct iodmacmd_cmd *out_cmd;
	bool out_iokit;
};

/**
 * struct fault_path - one call swept with injected failures
 * @name: what the case reports
 * @init: makes the path's inputs, once; may be %NULL
 * @begin: makes the objects a try changes, before each try; may be %NULL
 * @call: the call faults are injected into: 0 or a negative errno
 * @failed: after a failed call, checks that nothing changed
 * @done: after a successful call, checks that the result works and undoes
 *	it (the try's objects are released afterwards in any case)
 * @optional: the path may reach no injection point (a DMA API mapping that
 *	allocates nothing)
 */
struct fault_path {
	const char *name;
	void (*init)(struct fault_ctx *f);
	void (*begin)(struct fault_ctx *f);
	int (*call)(struct fault_ctx *f);
	void (*failed)(struct fault_ctx *f);
	void (*done)(struct fault_ctx *f);
	bool optional;
};

static void pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 11 + (i >> 9));
}

static bool pattern_ok(const u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (u8)(seed + i * 11 + (i >> 9)))
			return false;
	return true;
}

/* --- the fixture --- */

static void free_page_action(void *page)
{
	__free_page(page);
}

static void free_sgt_action(void *sgt)
{
	sg_free_table(sgt);
}

static void fixture(struct kunit *test, struct fault_ctx *f)
{
	struct iodmacmd_range r;
	int i;

	f->test = test;
	f->dev = iodmacmd_test_device(test, 64);
	f->kmem = kunit_kmalloc(test, KMEM_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->kmem);
	pattern(f->kmem, KMEM_LEN, 1);
	f->vmem = iodmacmd_test_vmalloc(test, VMEM_PAGES * PAGE_SIZE);
	pattern(f->vmem, VMEM_PAGES * PAGE_SIZE, 2);
	f->buf = iodmacmd_test_buf_alloc(test, 1);
	pattern(f->buf->va, 2 * PAGE_SIZE, 3);
	for (i = 0; i < NR_PAGES; i++) {
		f->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, f->pages[i]);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_page_action,
								f->pages[i]), 0);
		pattern(page_address(f->pages[i]), PAGE_SIZE, 4 + i);
	}
	f->sgt = kunit_kzalloc(test, sizeof(*f->sgt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->sgt);
	KUNIT_ASSERT_EQ(test, sg_alloc_table_from_pages(f->sgt, f->pages, NR_PAGES, 0,
							NR_PAGES * PAGE_SIZE, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_sgt_action, f->sgt), 0);
	r.address = (uintptr_t)f->kmem;
	r.length = KMEM_LEN;
	f->small_md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1,
								       IODMACMD_DIR_INOUT));
	f->spec.output = iodmacmd_output_host64;
}

/* The test thread's own address space (kunit_vm_mmap() gives it one). */
static void fixture_user(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	size_t len = USER_PAGES * PAGE_SIZE;

	f->uaddr = iodmacmd_test_vm_mmap(test, len, PROT_READ | PROT_WRITE);
	if (!f->uaddr || IS_ERR_VALUE(f->uaddr))
		kunit_skip(test, "no user mapping for the test thread (%ld)", (long)f->uaddr);
	f->mm = current->mm;
	f->upattern = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->upattern);
	pattern(f->upattern, len, 5);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)f->uaddr, f->upattern, len), 0);
}

static long preload_radix_nodes(void *unused)
{
	if (radix_tree_preload(GFP_KERNEL))
		return -ENOMEM;
	radix_tree_preload_end();
	return 0;
}

/*
 * dma-debug tracks mapped cache lines in a radix tree whose nodes it
 * allocates atomically, in the mapping task. A failed atomic node
 * allocation falls back to the CPU's preloaded nodes, but nothing refills
 * that pool: once it is empty, a failure injected there disables dma-debug
 * for the rest of the run ("cacheline tracking ENOMEM"). Keep every CPU's
 * pool full before each try, so that dma-debug's bookkeeping always absorbs
 * the failure like any allocation with a fallback.
 */
static void fill_radix_preloads(struct kunit *test)
{
	int cpu;

	for_each_online_cpu(cpu)
		KUNIT_ASSERT_EQ(test, work_on_cpu(cpu, preload_radix_nodes, NULL), 0);
}

/* Whatever a try made, released however the try ended. */
static void try_release(void *data)
{
	struct fault_ctx *f = data;

	if (f->out_cmd) {
		iodmacmd_clear_md(f->out_cmd, true);
		iodmacmd_cmd_destroy(f->out_cmd);
	}
	iodmacmd_md_put(f->out_md);
	if (f->cmd) {
		iodmacmd_clear_md(f->cmd, true);
		iodmacmd_cmd_destroy(f->cmd);
	}
	iodmacmd_md_put(f->md);
	while (f->nr_try_md)
		iodmacmd_md_put(f->try_md[--f->nr_try_md]);
	/* Only the test thread can unmap: its address space dies with it. */
	if (f->try_uaddr && current->mm == f->mm)
		vm_munmap(f->try_uaddr, USER_PAGES * PAGE_SIZE);
	f->try_uaddr = 0;
	f->out_cmd = NULL;
	f->out_md = NULL;
	f->cmd = NULL;
	f->md = NULL;
}

/* --- checks shared by the paths --- */

/* @md holds exactly @len bytes equal to @want. */
static void expect_reads(struct kunit *test, struct iodmacmd_md *md, const u8 *want, u64 len)
{
	u8 *got = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), len);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_read(md, 0, got, len), len);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
	kunit_kfree(test, got);
}

/* A descriptor nobody prepared: completing it is refused. */
static void expect_unprepared(struct kunit *test, struct iodmacmd_md *md)
{
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
}

/* The fixture and the path's inputs are as they were before the sweep. */
static void inputs_intact(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	unsigned int i;

	KUNIT_EXPECT_TRUE(test, pattern_ok(f->kmem, KMEM_LEN, 1));
	KUNIT_EXPECT_TRUE(test, pattern_ok(f->vmem, VMEM_PAGES * PAGE_SIZE, 2));
	KUNIT_EXPECT_TRUE(test, pattern_ok(f->buf->va, 2 * PAGE_SIZE, 3));
	KUNIT_EXPECT_EQ(test, f->sgt->orig_nents, f->sgt->nents);
	for (i = 0; i < f->nr_in_md; i++)
		expect_unprepared(test, f->in_md[i]);
	if (f->nr_in_md && f->expect)
		expect_reads(test, f->in_md[0], f->expect, iodmacmd_md_length(f->in_md[0]));
}

/* Every segment of a prepared command, @len bytes in all. */
static void expect_segments(struct kunit *test, struct iodmacmd_cmd *cmd, u64 len)
{
	struct iodmacmd_segment segs[MAX_SEGS];
	u64 off = 0, total = 0;
	int n, i;

	while ((n = iodmacmd_gen_segments(cmd, &off, segs, MAX_SEGS)) > 0)
		for (i = 0; i < n; i++)
			total += segs[i].len;
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, total, len);
}

/* What the device sees of a prepared command is @want. */
static void expect_device_sees(struct kunit *test, struct iodmacmd_cmd *cmd, const u8 *want,
			       u64 len)
{
	u8 *got = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_read(cmd, 0, got, len), len);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
	kunit_kfree(test, got);
}

/* A command works: a whole cycle over the small descriptor. */
static void expect_cycle(struct fault_ctx *f, struct iodmacmd_cmd *cmd)
{
	struct kunit *test = f->test;

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, f->small_md, true), 0);
	expect_segments(test, cmd, KMEM_LEN);
	expect_device_sees(test, cmd, f->kmem, KMEM_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
}

static void expect_spec(struct kunit *test, struct iodmacmd_cmd *cmd,
			const struct iodmacmd_spec *want)
{
	struct iodmacmd_spec s;

	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &s), 0);
	KUNIT_EXPECT_PTR_EQ(test, s.output, want->output);
	KUNIT_EXPECT_EQ(test, s.address_bits, want->address_bits);
	KUNIT_EXPECT_EQ(test, s.max_segment_size, want->max_segment_size);
	KUNIT_EXPECT_EQ(test, s.max_transfer_size, want->max_transfer_size);
	KUNIT_EXPECT_EQ(test, s.alignment, want->alignment);
	KUNIT_EXPECT_EQ(test, s.alignment_length, want->alignment_length);
	KUNIT_EXPECT_EQ(test, s.alignment_internal, want->alignment_internal);
	KUNIT_EXPECT_EQ(test, s.mapping_options, want->mapping_options);
	KUNIT_EXPECT_EQ(test, s.segment_boundary, want->segment_boundary);
	KUNIT_EXPECT_EQ(test, s.max_segments, want->max_segments);
}

/* A constructor's result; never %NULL (the IOKit face's NULL is an error). */
static int md_result(struct fault_ctx *f, struct iodmacmd_md *md)
{
	if (IS_ERR(md))
		return PTR_ERR(md);
	if (!md)
		return f->out_iokit ? -ENOMEM : -EPROTO;
	f->out_md = md;
	return 0;
}

static int cmd_result(struct fault_ctx *f, struct iodmacmd_cmd *cmd)
{
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	if (!cmd)
		return f->out_iokit ? -ENOMEM : -EPROTO;
	f->out_cmd = cmd;
	return 0;
}

/* The result descriptor reads as expected (user memory once prepared). */
static void md_done(struct fault_ctx *f)
{
	expect_reads(f->test, f->out_md, f->expect, f->expect_len);
}

static void md_user_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	u8 byte;

	/* Nothing is pinned before the first prepare: nothing to read. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(f->out_md, 0, &byte, 1), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(f->out_md, 0), 0);
	md_done(f);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(f->out_md, 0), 0);
}

/* --- descriptor constructors --- */

static void init_kmalloc(struct fault_ctx *f)
{
	f->expect = f->kmem;
	f->expect_len = KMEM_LEN;
}

static int call_kmalloc(struct fault_ctx *f)
{
	struct iodmacmd_range r = { (uintptr_t)f->kmem, KMEM_LEN };

	return md_result(f, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT));
}

static void init_vmalloc(struct fault_ctx *f)
{
	f->expect = f->vmem + VMEM_OFF;
	f->expect_len = VMEM_LEN;
}

static int call_vmalloc(struct fault_ctx *f)
{
	struct iodmacmd_range r = { (uintptr_t)f->vmem + VMEM_OFF, VMEM_LEN };

	return md_result(f, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
}

static void init_phys(struct fault_ctx *f)
{
	f->expect = (u8 *)f->buf->va + PHYS_OFF;
	f->expect_len = PHYS_LEN;
}

static int call_phys(struct fault_ctx *f)
{
	struct iodmacmd_range r = { f->buf->phys + PHYS_OFF, PHYS_LEN };

	return md_result(f, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_IN));
}

/* The page array's bytes, in order, for the pages and sg_table paths. */
static void init_pages(struct fault_ctx *f)
{
	u8 *all = kunit_kmalloc(f->test, NR_PAGES * PAGE_SIZE, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(f->test, all);
	for (i = 0; i < NR_PAGES; i++)
		memcpy(all + i * PAGE_SIZE, page_address(f->pages[i]), PAGE_SIZE);
	f->expect = all + PAGES_OFF;
	f->expect_len = PAGES_LEN;
}

static int call_pages(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_md_create_pages(f->pages, NR_PAGES, PAGES_OFF, PAGES_LEN,
						     IODMACMD_DIR_OUT));
}

static void init_sgtable(struct fault_ctx *f)
{
	init_pages(f);
	f->expect -= PAGES_OFF;
	f->expect_len = NR_PAGES * PAGE_SIZE;
}

static int call_sgtable(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_md_create_sgtable(f->sgt, IODMACMD_DIR_INOUT));
}

static void init_user(struct fault_ctx *f)
{
	fixture_user(f);
	f->expect = f->upattern + USER_OFF;
	f->expect_len = USER_LEN;
}

static int call_user(struct fault_ctx *f)
{
	struct iodmacmd_range r = { f->uaddr + USER_OFF, USER_LEN };

	return md_result(f, iodmacmd_md_create_user(current, &r, 1, IODMACMD_DIR_INOUT));
}

static void user_failed(struct fault_ctx *f)
{
	u8 *now = kunit_kmalloc(f->test, USER_PAGES * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(f->test, now);
	KUNIT_ASSERT_EQ(f->test, copy_from_user(now, (void __user *)f->uaddr,
						USER_PAGES * PAGE_SIZE), 0);
	KUNIT_EXPECT_MEMEQ(f->test, now, f->upattern, USER_PAGES * PAGE_SIZE);
	kunit_kfree(f->test, now);
	inputs_intact(f);
}

/* Buffers: zeroed memory of the capacity, and where it must lie. */
static void buffer_zeroed(struct fault_ctx *f, struct iodmacmd_md *md)
{
	struct kunit *test = f->test;
	u8 *bytes = iodmacmd_buffer_bytes(md);

	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_EQ(test, iodmacmd_buffer_capacity(md), BUF_CAP);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(md), BUF_CAP);
	KUNIT_EXPECT_NULL(test, memchr_inv(bytes, 0, BUF_CAP));
	/* Written through the descriptor, read from the memory. */
	KUNIT_ASSERT_EQ(test, iodmacmd_md_write(md, 0, f->kmem, KMEM_LEN), KMEM_LEN);
	KUNIT_EXPECT_MEMEQ(test, bytes, f->kmem, KMEM_LEN);
}

static int call_buffer(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_buffer_create(IODMACMD_DIR_INOUT, BUF_CAP, 0, 0));
}

static void buffer_done(struct fault_ctx *f)
{
	buffer_zeroed(f, f->out_md);
}

static int call_buffer_contiguous(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_buffer_create(IODMACMD_DIR_INOUT | IODMACMD_BUFFER_CONTIGUOUS,
						   BUF_CAP, PAGE_SIZE, 0));
}

static void buffer_contiguous_done(struct fault_ctx *f)
{
	u64 len = 0, phys;

	buffer_zeroed(f, f->out_md);
	phys = iodmacmd_md_phys_segment(f->out_md, 0, &len);
	KUNIT_EXPECT_NE(f->test, phys, 0);
	KUNIT_EXPECT_EQ(f->test, phys & (PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_GE(f->test, len, BUF_CAP);
}

#define BUF_MASK	0xfffff000ULL

static int call_buffer_masked(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_buffer_create(IODMACMD_DIR_INOUT, BUF_CAP, 0, BUF_MASK));
}

static void buffer_masked_done(struct fault_ctx *f)
{
	u64 off = 0, len, phys;

	buffer_zeroed(f, f->out_md);
	while (off < BUF_CAP) {
		len = 0;
		phys = iodmacmd_md_phys_segment(f->out_md, off, &len);
		KUNIT_ASSERT_NE(f->test, len, 0);
		KUNIT_EXPECT_LE(f->test, phys + len - 1, BUF_MASK | (PAGE_SIZE - 1));
		off += len;
	}
}

/* Sub and multi: their inputs are descriptors, which must stay unchanged. */
static void init_sub(struct fault_ctx *f)
{
	struct iodmacmd_range r = { (uintptr_t)f->vmem, VMEM_PAGES * PAGE_SIZE };

	f->in_md[0] = iodmacmd_test_md(f->test, iodmacmd_md_create_kernel(&r, 1,
									  IODMACMD_DIR_INOUT));
	f->nr_in_md = 1;
	f->expect = f->vmem;
	f->expect_len = VMEM_PAGES * PAGE_SIZE;
}

static int call_sub(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_md_create_sub(f->in_md[0], SUB_OFF, SUB_LEN,
						   IODMACMD_DIR_INOUT));
}

static void sub_done(struct fault_ctx *f)
{
	expect_reads(f->test, f->out_md, f->vmem + SUB_OFF, SUB_LEN);
}

static void init_multi(struct fault_ctx *f)
{
	struct iodmacmd_range rv = { (uintptr_t)f->vmem, VMEM_PAGES * PAGE_SIZE };
	struct iodmacmd_range rk = { (uintptr_t)f->kmem, KMEM_LEN };
	struct iodmacmd_range rp = { f->buf->phys, 2 * PAGE_SIZE };
	u8 *all = kunit_kmalloc(f->test, VMEM_PAGES * PAGE_SIZE + KMEM_LEN + 2 * PAGE_SIZE,
				GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(f->test, all);
	f->in_md[0] = iodmacmd_test_md(f->test, iodmacmd_md_create_kernel(&rv, 1,
									  IODMACMD_DIR_INOUT));
	f->in_md[1] = iodmacmd_test_md(f->test, iodmacmd_md_create_kernel(&rk, 1,
									  IODMACMD_DIR_INOUT));
	f->in_md[2] = iodmacmd_test_md(f->test, iodmacmd_md_create_phys(&rp, 1,
									IODMACMD_DIR_INOUT));
	f->nr_in_md = 3;
	memcpy(all, f->vmem, VMEM_PAGES * PAGE_SIZE);
	memcpy(all + VMEM_PAGES * PAGE_SIZE, f->kmem, KMEM_LEN);
	memcpy(all + VMEM_PAGES * PAGE_SIZE + KMEM_LEN, f->buf->va, 2 * PAGE_SIZE);
	f->expect = all;
	f->expect_len = VMEM_PAGES * PAGE_SIZE + KMEM_LEN + 2 * PAGE_SIZE;
}

static int call_multi(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_md_create_multi(f->in_md, NR_MEMBERS, IODMACMD_DIR_INOUT));
}

/* The multi's inputs_intact() reads only the first member: read them all. */
static void multi_failed(struct fault_ctx *f)
{
	inputs_intact(f);
	expect_reads(f->test, f->in_md[1], f->kmem, KMEM_LEN);
	expect_reads(f->test, f->in_md[2], f->buf->va, 2 * PAGE_SIZE);
}

static int call_buffer_coherent(struct fault_ctx *f)
{
	return md_result(f, iodmacmd_buffer_create_coherent(f->dev, IODMACMD_DIR_INOUT, BUF_CAP,
							    0, 0));
}

/* --- the provider and the system mapper --- */

static int call_bind_provider(struct fault_ctx *f)
{
	return iodmacmd_bind_provider(f->dev);
}

static void provider_failed(struct fault_ctx *f)
{
	KUNIT_EXPECT_NULL(f->test, iodmacmd_get_provider());
}

static void provider_done(struct fault_ctx *f)
{
	struct device *dev = iodmacmd_get_provider();

	KUNIT_EXPECT_PTR_EQ(f->test, dev, f->dev);
	put_device(dev);
	iodmacmd_unbind_provider(f->dev);
	provider_failed(f);
}

/* A descriptor that maps itself for its mapper at its first prepare. */
static void begin_mapper_prepare(struct fault_ctx *f)
{
	struct iodmacmd_range r = { (uintptr_t)f->kmem, KMEM_LEN };
	struct iodmacmd_md *md = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, md);
	f->try_md[f->nr_try_md++] = md;
	KUNIT_ASSERT_EQ(f->test, iodmacmd_md_set_mapper(md, f->dev), 0);
}

static void mapper_prepare_failed(struct fault_ctx *f)
{
	expect_unprepared(f->test, f->try_md[0]);
}

static void mapper_prepare_done(struct fault_ctx *f)
{
	struct iodmacmd_md *md = f->try_md[0];
	u64 len = 0;

	KUNIT_EXPECT_NE(f->test, iodmacmd_md_bus_segment(md, 0, &len), 0);
	KUNIT_EXPECT_GT(f->test, len, 0);
	KUNIT_EXPECT_EQ(f->test, iodmacmd_md_complete(md, 0), 0);
	expect_unprepared(f->test, md);
}

/* --- preparing descriptors (user memory is pinned here) --- */

/*
 * Each try pins a fresh mapping nobody touched, so that pinning faults the
 * pages in: page tables, anon_vma and pages are allocated on the way.
 */
static void begin_user_mapping(struct fault_ctx *f)
{
	unsigned long addr = vm_mmap(NULL, 0, USER_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_ANONYMOUS | MAP_PRIVATE, 0);

	KUNIT_ASSERT_FALSE_MSG(f->test, IS_ERR_VALUE(addr), "vm_mmap: %ld", (long)addr);
	f->try_uaddr = addr;
}

static void try_user_md(struct fault_ctx *f, u64 offset, u64 len)
{
	struct iodmacmd_range r = { f->try_uaddr + USER_OFF + offset, len };
	struct iodmacmd_md *md = iodmacmd_md_create_user(current, &r, 1, IODMACMD_DIR_INOUT);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, md);
	f->try_md[f->nr_try_md++] = md;
}

static void begin_user_prepare(struct fault_ctx *f)
{
	begin_user_mapping(f);
	try_user_md(f, 0, USER_LEN);
}

/*
 * A multi of two user descriptors: when the second member's pinning fails,
 * the first one's must be undone.
 */
static void begin_multi_prepare(struct fault_ctx *f)
{
	struct iodmacmd_md *md;

	begin_user_mapping(f);
	try_user_md(f, 0, PAGE_SIZE);
	try_user_md(f, PAGE_SIZE, 2 * PAGE_SIZE);
	md = iodmacmd_md_create_multi(f->try_md, 2, IODMACMD_DIR_INOUT);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, md);
	f->try_md[f->nr_try_md++] = md;
}

static int call_md_prepare(struct fault_ctx *f)
{
	return iodmacmd_md_prepare(f->try_md[f->nr_try_md - 1], 0);
}

/* Nothing pinned: nothing can be read, and nothing is left to complete. */
static void user_prepare_failed(struct fault_ctx *f)
{
	unsigned int i;
	u8 byte;

	for (i = 0; i < f->nr_try_md; i++) {
		KUNIT_EXPECT_EQ(f->test, iodmacmd_md_read(f->try_md[i], 0, &byte, 1), 0);
		expect_unprepared(f->test, f->try_md[i]);
	}
}

/* The pinned pages are the process's: zeroed, and written back to it. */
static void user_prepare_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	struct iodmacmd_md *md = f->try_md[f->nr_try_md - 1];
	u64 len = iodmacmd_md_length(md);
	u8 *got = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, got);
	expect_reads(test, md, got, len);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_write(md, 0, f->upattern, len), len);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	user_prepare_failed(f);
	KUNIT_ASSERT_EQ(test, copy_from_user(got, (void __user *)(f->try_uaddr + USER_OFF), len),
			0);
	KUNIT_EXPECT_MEMEQ(test, got, f->upattern, len);
	kunit_kfree(test, got);
}

/* --- commands --- */

static void init_cmd(struct fault_ctx *f)
{
	struct iodmacmd_cmd *ref;

	f->spec.max_segment_size = SZ_64K;
	f->spec.alignment = 4;
	f->spec.segment_boundary = SZ_4G;
	ref = iodmacmd_test_cmd(f->test, iodmacmd_cmd_create(f->dev, &f->spec, NULL));
	KUNIT_ASSERT_EQ(f->test, iodmacmd_cmd_get_spec(ref, &f->norm), 0);
}

static int call_cmd_create(struct fault_ctx *f)
{
	return cmd_result(f, iodmacmd_cmd_create(f->dev, &f->spec, f));
}

static void cmd_done(struct fault_ctx *f)
{
	expect_spec(f->test, f->out_cmd, &f->norm);
	KUNIT_EXPECT_PTR_EQ(f->test, iodmacmd_cmd_refcon(f->out_cmd), (void *)f);
	KUNIT_EXPECT_PTR_EQ(f->test, iodmacmd_cmd_device(f->out_cmd), f->dev);
	expect_cycle(f, f->out_cmd);
}

static int call_cmd_unspecified(struct fault_ctx *f)
{
	return cmd_result(f, iodmacmd_cmd_create_unspecified(f->dev, f));
}

/* No specification yet: prepare with one. */
static void cmd_unspecified_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	struct iodmacmd_spec s;

	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_get_spec(f->out_cmd, &s), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_refcon(f->out_cmd), (void *)f);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(f->out_cmd, f->small_md, false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare_with_spec(f->out_cmd, &f->spec, 0, 0, 0), 0);
	expect_segments(test, f->out_cmd, KMEM_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(f->out_cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(f->out_cmd, true), 0);
}

static void init_clone(struct fault_ctx *f)
{
	init_cmd(f);
	f->in_cmd = iodmacmd_test_cmd(f->test, iodmacmd_cmd_create(f->dev, &f->spec, NULL));
}

static int call_clone(struct fault_ctx *f)
{
	return cmd_result(f, iodmacmd_cmd_clone(f->in_cmd, f));
}

/* The original: its specification, no descriptor, and it works. */
static void clone_failed(struct fault_ctx *f)
{
	expect_spec(f->test, f->in_cmd, &f->norm);
	KUNIT_EXPECT_NULL(f->test, iodmacmd_get_md(f->in_cmd));
	KUNIT_EXPECT_NULL(f->test, iodmacmd_cmd_refcon(f->in_cmd));
	expect_cycle(f, f->in_cmd);
}

static void clone_done(struct fault_ctx *f)
{
	cmd_done(f);
	clone_failed(f);
}

/* --- prepare: mapped, bounced, through the IOMMU --- */

/* A fresh descriptor and command, so every try maps from scratch. */
static void begin_vmalloc_cmd(struct fault_ctx *f)
{
	struct iodmacmd_range r = { (uintptr_t)f->vmem + VMEM_OFF, VMEM_LEN };
	struct iodmacmd_md *md = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, md);
	f->md = md;
	cmd = iodmacmd_cmd_create(f->dev, &f->spec, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, cmd);
	f->cmd = cmd;
}

static int call_set_md(struct fault_ctx *f)
{
	return iodmacmd_set_md(f->cmd, f->md, true);
}

/* A failed automatic prepare detaches the descriptor, unprepared. */
static void set_md_failed(struct fault_ctx *f)
{
	struct kunit *test = f->test;

	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(f->cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(f->cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(f->cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(f->cmd), 0);
	expect_unprepared(test, f->md);
	expect_reads(test, f->md, f->vmem + VMEM_OFF, VMEM_LEN);
}

static void set_md_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	u64 off, len;

	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(f->cmd), f->md);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepared_range(f->cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, len, VMEM_LEN);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(f->cmd));
	expect_segments(test, f->cmd, VMEM_LEN);
	expect_device_sees(test, f->cmd, f->vmem + VMEM_OFF, VMEM_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(f->cmd, true), 0);
}

/* The descriptor's table is built and parked: the prepare only maps it. */
static void begin_parked(struct fault_ctx *f)
{
	begin_vmalloc_cmd(f);
	KUNIT_ASSERT_EQ(f->test, iodmacmd_set_md(f->cmd, f->md, true), 0);
	KUNIT_ASSERT_EQ(f->test, iodmacmd_clear_md(f->cmd, true), 0);
}

static void init_bounce_alignment(struct fault_ctx *f)
{
	/* A window of a page or more lies at a page in a swiotlb slot. */
	if (is_swiotlb_force_bounce(f->dev))
		kunit_skip(f->test, "swiotlb=force maps the range page-aligned: nothing to bounce");
	f->spec.alignment = PAGE_SIZE;
}

static void begin_bounce(struct fault_ctx *f)
{
	begin_vmalloc_cmd(f);
	KUNIT_ASSERT_EQ(f->test, iodmacmd_set_md(f->cmd, f->md, false), 0);
}

static int call_prepare_bounce(struct fault_ctx *f)
{
	return iodmacmd_prepare(f->cmd, BOUNCE_OFF, BOUNCE_LEN, IODMACMD_SYNCHRONIZE);
}

/* Attached, not prepared, holding no bounce memory. */
static void prepare_failed(struct fault_ctx *f)
{
	struct kunit *test = f->test;

	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(f->cmd), f->md);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(f->cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(f->cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(f->cmd), 0);
	expect_unprepared(test, f->md);
}

static void bounce_done(struct fault_ctx *f, const char *reason)
{
	struct kunit *test = f->test;
	const u8 *src = f->vmem + VMEM_OFF + BOUNCE_OFF;

	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(f->cmd) ?: "(none)", reason);
	expect_segments(test, f->cmd, BOUNCE_LEN);
	expect_device_sees(test, f->cmd, src, BOUNCE_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(f->cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_TRUE(test, pattern_ok(f->vmem, VMEM_PAGES * PAGE_SIZE, 2));
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(f->cmd, true), 0);
}

static void bounce_alignment_done(struct fault_ctx *f)
{
	bounce_done(f, "alignment");
}

/*
 * A command as narrow as ZONE_DMA (24 bits on x86, 32 on arm64 virt):
 * vmalloc memory lies above it and the bounce memory comes from ZONE_DMA
 * (the device's coherent mask says so).
 */
static void init_bounce_address(struct fault_ctx *f)
{
	unsigned int bits = iodmacmd_test_zone_dma_bits(f->test, f->dev);

	f->spec.address_bits = bits;
	iodmacmd_test_set_coherent(f->test, f->dev, bits);
}

static void bounce_address_done(struct fault_ctx *f)
{
	bounce_done(f, "address bits");
}

/* Prepared over the mapping; forcing the double buffer bounces it. */
static void begin_force(struct fault_ctx *f)
{
	begin_vmalloc_cmd(f);
	KUNIT_ASSERT_EQ(f->test, iodmacmd_set_md(f->cmd, f->md, true), 0);
}

static int call_force(struct fault_ctx *f)
{
	return iodmacmd_synchronize(f->cmd, IODMACMD_FORCE_DOUBLE_BUFFER);
}

/* Still prepared over the mapping, which still works. */
static void force_failed(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	u64 off, len;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepared_range(f->cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, len, VMEM_LEN);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(f->cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_bounce_bytes(f->cmd), 0);
	expect_segments(test, f->cmd, VMEM_LEN);
	expect_device_sees(test, f->cmd, f->vmem + VMEM_OFF, VMEM_LEN);
}

static void force_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;

	KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(f->cmd) ?: "(none)", "forced");
	expect_segments(test, f->cmd, VMEM_LEN);
	expect_device_sees(test, f->cmd, f->vmem + VMEM_OFF, VMEM_LEN);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(f->cmd, true), 0);
}

struct saved_masks {
	struct device *dev;
	u64 mask;
	u64 coherent;
};

static void restore_masks(void *data)
{
	struct saved_masks *s = data;

	dma_set_mask(s->dev, s->mask);
	dma_set_coherent_mask(s->dev, s->coherent);
}

/* QEMU's edu device, behind the IOMMU in the iommu guest. */
static void init_iommu(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	struct saved_masks *s;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	if (!iodmacmd_test_translated(&iodmacmd_test_edu->dev))
		kunit_skip(test, "the edu device is not behind a translating IOMMU");
	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->dev = &iodmacmd_test_edu->dev;
	s->mask = dma_get_mask(s->dev);
	s->coherent = s->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, restore_masks, s), 0);
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(s->dev, DMA_BIT_MASK(64)), 0);
	f->dev = s->dev;
}

/* --- the IOKit face's factories --- */

static void init_iokit_md(struct fault_ctx *f)
{
	f->out_iokit = true;
}

static void init_with_address(struct fault_ctx *f)
{
	init_kmalloc(f);
	f->out_iokit = true;
}

static int call_with_address(struct fault_ctx *f)
{
	return md_result(f, IOMemoryDescriptorWithAddress(f->kmem, KMEM_LEN, kIODirectionOut));
}

static void init_with_address_range(struct fault_ctx *f)
{
	init_vmalloc(f);
	f->out_iokit = true;
}

static int call_with_address_range(struct fault_ctx *f)
{
	return md_result(f, IOMemoryDescriptorWithAddressRange((uintptr_t)f->vmem + VMEM_OFF,
							       VMEM_LEN, kIODirectionInOut,
							       kernel_task));
}

static void init_with_user_range(struct fault_ctx *f)
{
	init_user(f);
	f->out_iokit = true;
}

static int call_with_user_range(struct fault_ctx *f)
{
	return md_result(f, IOMemoryDescriptorWithAddressRange(f->uaddr + USER_OFF, USER_LEN,
							       kIODirectionInOut, current));
}

/* Physical ranges: the two halves of the contiguous buffer, swapped. */
static void init_with_ranges(struct fault_ctx *f)
{
	u8 *all = kunit_kmalloc(f->test, 2 * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(f->test, all);
	memcpy(all, (u8 *)f->buf->va + PAGE_SIZE, PAGE_SIZE);
	memcpy(all + PAGE_SIZE, f->buf->va, PAGE_SIZE);
	f->expect = all;
	f->expect_len = 2 * PAGE_SIZE;
	f->out_iokit = true;
}

static int call_with_ranges(struct fault_ctx *f)
{
	IOAddressRange r[2] = {
		{ f->buf->phys + PAGE_SIZE, PAGE_SIZE },
		{ f->buf->phys, PAGE_SIZE },
	};

	return md_result(f, IOMemoryDescriptorWithAddressRanges(r, 2, kIODirectionIn, NULL));
}

static void init_with_physical(struct fault_ctx *f)
{
	init_phys(f);
	f->out_iokit = true;
}

static int call_with_physical(struct fault_ctx *f)
{
	return md_result(f, IOMemoryDescriptorWithPhysicalAddress(f->buf->phys + PHYS_OFF,
								  PHYS_LEN, kIODirectionIn));
}

static int call_bmd_capacity(struct fault_ctx *f)
{
	return md_result(f, IOBufferMemoryDescriptorWithCapacity(BUF_CAP, kIODirectionInOut,
								 false));
}

static int call_bmd_capacity_contiguous(struct fault_ctx *f)
{
	return md_result(f, IOBufferMemoryDescriptorWithCapacity(BUF_CAP, kIODirectionInOut,
								 true));
}

static int call_bmd_options(struct fault_ctx *f)
{
	return md_result(f, IOBufferMemoryDescriptorWithOptions(kIODirectionInOut, BUF_CAP, 0));
}

static int call_bmd_in_task(struct fault_ctx *f)
{
	return md_result(f, IOBufferMemoryDescriptorInTaskWithOptions(kernel_task,
								      kIODirectionInOut |
								      kIOMemoryPhysicallyContiguous,
								      BUF_CAP, PAGE_SIZE));
}

static int call_bmd_mask(struct fault_ctx *f)
{
	return md_result(f, IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task,
									   kIODirectionInOut,
									   BUF_CAP, BUF_MASK));
}

static void init_iokit_sub(struct fault_ctx *f)
{
	init_sub(f);
	f->out_iokit = true;
}

static int call_iokit_sub(struct fault_ctx *f)
{
	return md_result(f, IOSubMemoryDescriptorWithSubRange(f->in_md[0], SUB_OFF, SUB_LEN,
							      kIODirectionInOut));
}

static void init_iokit_multi(struct fault_ctx *f)
{
	init_multi(f);
	f->out_iokit = true;
}

static int call_iokit_multi(struct fault_ctx *f)
{
	return md_result(f, IOMultiMemoryDescriptorWithDescriptors(f->in_md, NR_MEMBERS,
								   kIODirectionInOut, false));
}

static void init_iokit_cmd(struct fault_ctx *f)
{
	struct iodmacmd_cmd *ref;

	f->out_iokit = true;
	f->spec.address_bits = 64;
	f->spec.max_segment_size = SZ_64K;
	f->spec.alignment = 4;
	ref = iodmacmd_test_cmd(f->test, iodmacmd_cmd_create(f->dev, &f->spec, NULL));
	KUNIT_ASSERT_EQ(f->test, iodmacmd_cmd_get_spec(ref, &f->norm), 0);
}

static int call_iokit_spec(struct fault_ctx *f)
{
	return cmd_result(f, IODMACommandWithSpecification(kIODMACommandOutputHost64, 64, SZ_64K,
							   kIODMAMapOptionMapped, 0, 4,
							   f->dev, f));
}

static int call_iokit_segment_options(struct fault_ctx *f)
{
	IODMACommandSegmentOptions o = {
		.fStructSize = sizeof(o),
		.fNumAddressBits = 64,
		.fMaxSegmentSize = SZ_64K,
		.fAlignment = 4,
	};

	return cmd_result(f, IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, &o,
							    kIODMAMapOptionMapped, f->dev, f));
}

/* The weak form reports kIOReturnError and leaves no command. */
static int call_iokit_weak(struct fault_ctx *f)
{
	IODMACommand *cmd = ERR_PTR(-ESRCH);
	IOReturn ret;

	ret = IODMACommandWeakWithSpecification(&cmd, kIODMACommandOutputHost64, 64, SZ_64K,
						kIODMAMapOptionMapped, 0, 4, f->dev, f);
	if (ret == kIOReturnSuccess)
		return cmd_result(f, cmd);
	return ret == kIOReturnError && !cmd ? -ENOMEM : -EPROTO;
}

static int call_iokit_refcon(struct fault_ctx *f)
{
	return cmd_result(f, IODMACommandWithRefCon(f));
}

/* A command without a device: only CPU physical addresses. */
static void iokit_refcon_done(struct fault_ctx *f)
{
	struct kunit *test = f->test;
	IODMACommand *cmd = f->out_cmd;

	KUNIT_EXPECT_PTR_EQ(test, IODMACommandGetRefCon(cmd), (void *)f);
	KUNIT_ASSERT_EQ(test, IODMACommandSetMemoryDescriptor(cmd, f->small_md, false),
			kIOReturnSuccess);
	KUNIT_ASSERT_EQ(test, IODMACommandPrepareWithSpecification(cmd, kIODMACommandOutputHost64,
								   64, 0, kIODMAMapOptionUnmapped,
								   0, 1, NULL, 0, 0, true, true),
			kIOReturnSuccess);
	expect_segments(test, cmd, KMEM_LEN);
	KUNIT_EXPECT_EQ(test, IODMACommandClearMemoryDescriptor(cmd, true), kIOReturnSuccess);
}

static int call_iokit_device_refcon(struct fault_ctx *f)
{
	return cmd_result(f, IODMACommandWithDeviceAndRefCon(f->dev, f));
}

static void init_iokit_clone(struct fault_ctx *f)
{
	init_iokit_cmd(f);
	f->in_cmd = iodmacmd_test_cmd(f->test, iodmacmd_cmd_create(f->dev, &f->spec, NULL));
}

static int call_iokit_clone(struct fault_ctx *f)
{
	return cmd_result(f, IODMACommandCloneCommand(f->in_cmd, f));
}

static const struct fault_path linux_paths[] = {
	{ "md_create_kernel kmalloc", init_kmalloc, NULL, call_kmalloc, inputs_intact,
	  md_done },
	{ "md_create_kernel vmalloc", init_vmalloc, NULL, call_vmalloc, inputs_intact,
	  md_done },
	{ "md_create_phys", init_phys, NULL, call_phys, inputs_intact, md_done },
	{ "md_create_pages", init_pages, NULL, call_pages, inputs_intact, md_done },
	{ "md_create_sgtable", init_sgtable, NULL, call_sgtable, inputs_intact, md_done },
	{ "md_create_user", init_user, NULL, call_user, user_failed, md_user_done },
	{ "buffer_create", NULL, NULL, call_buffer, inputs_intact, buffer_done },
	{ "buffer_create contiguous", NULL, NULL, call_buffer_contiguous, inputs_intact,
	  buffer_contiguous_done },
	{ "buffer_create physical mask", NULL, NULL, call_buffer_masked, inputs_intact,
	  buffer_masked_done },
	{ "buffer_create_coherent", NULL, NULL, call_buffer_coherent, inputs_intact,
	  buffer_done },
	{ "provider bind", NULL, NULL, call_bind_provider, provider_failed, provider_done },
	{ "md_prepare with a mapper", init_kmalloc, begin_mapper_prepare, call_md_prepare,
	  mapper_prepare_failed, mapper_prepare_done },
	{ "md_create_sub", init_sub, NULL, call_sub, inputs_intact, sub_done },
	{ "md_create_multi", init_multi, NULL, call_multi, multi_failed, md_done },
	{ "md_prepare user", fixture_user, begin_user_prepare, call_md_prepare,
	  user_prepare_failed, user_prepare_done },
	{ "md_prepare multi of user", fixture_user, begin_multi_prepare, call_md_prepare,
	  user_prepare_failed, user_prepare_done },
	{ "cmd_create", init_cmd, NULL, call_cmd_create, inputs_intact, cmd_done },
	{ "cmd_create_unspecified", NULL, NULL, call_cmd_unspecified, inputs_intact,
	  cmd_unspecified_done },
	{ "cmd_clone", init_clone, NULL, call_clone, clone_failed, clone_done },
	{ "set_md prepare mapped", NULL, begin_vmalloc_cmd, call_set_md, set_md_failed,
	  set_md_done },
	{ "set_md prepare mapped, table parked", NULL, begin_parked, call_set_md,
	  set_md_failed, set_md_done, true },
	{ "prepare bounced alignment", init_bounce_alignment, begin_bounce,
	  call_prepare_bounce, prepare_failed, bounce_alignment_done },
	{ "prepare bounced address bits", init_bounce_address, begin_bounce,
	  call_prepare_bounce, prepare_failed, bounce_address_done },
	{ "synchronize force double buffer", NULL, begin_force, call_force, force_failed,
	  force_done },
	{ "set_md prepare through the IOMMU", init_iommu, begin_vmalloc_cmd, call_set_md,
	  set_md_failed, set_md_done },
};

static const struct fault_path iokit_paths[] = {
	{ "IOMemoryDescriptorWithAddress", init_with_address, NULL, call_with_address,
	  inputs_intact, md_done },
	{ "IOMemoryDescriptorWithAddressRange kernel_task", init_with_address_range, NULL,
	  call_with_address_range, inputs_intact, md_done },
	{ "IOMemoryDescriptorWithAddressRange user task", init_with_user_range, NULL,
	  call_with_user_range, user_failed, md_user_done },
	{ "IOMemoryDescriptorWithAddressRanges physical", init_with_ranges, NULL,
	  call_with_ranges, inputs_intact, md_done },
	{ "IOMemoryDescriptorWithPhysicalAddress", init_with_physical, NULL, call_with_physical,
	  inputs_intact, md_done },
	{ "IOBufferMemoryDescriptorWithCapacity", init_iokit_md, NULL, call_bmd_capacity,
	  inputs_intact, buffer_done },
	{ "IOBufferMemoryDescriptorWithCapacity contiguous", init_iokit_md, NULL,
	  call_bmd_capacity_contiguous, inputs_intact, buffer_contiguous_done },
	{ "IOBufferMemoryDescriptorWithOptions", init_iokit_md, NULL, call_bmd_options,
	  inputs_intact, buffer_done },
	{ "IOBufferMemoryDescriptorInTaskWithOptions", init_iokit_md, NULL, call_bmd_in_task,
	  inputs_intact, buffer_contiguous_done },
	{ "IOBufferMemoryDescriptorInTaskWithPhysicalMask", init_iokit_md, NULL, call_bmd_mask,
	  inputs_intact, buffer_masked_done },
	{ "IOSubMemoryDescriptorWithSubRange", init_iokit_sub, NULL, call_iokit_sub,
	  inputs_intact, sub_done },
	{ "IOMultiMemoryDescriptorWithDescriptors", init_iokit_multi, NULL, call_iokit_multi,
	  multi_failed, md_done },
	{ "IODMACommandWithSpecification", init_iokit_cmd, NULL, call_iokit_spec,
	  inputs_intact, cmd_done },
	{ "IODMACommandWithSegmentOptions", init_iokit_cmd, NULL, call_iokit_segment_options,
	  inputs_intact, cmd_done },
	{ "IODMACommandWeakWithSpecification", init_iokit_cmd, NULL, call_iokit_weak,
	  inputs_intact, cmd_done },
	{ "IODMACommandWithRefCon", init_iokit_md, NULL, call_iokit_refcon, inputs_intact,
	  iokit_refcon_done },
	{ "IODMACommandWithDeviceAndRefCon", init_iokit_md, NULL, call_iokit_device_refcon,
	  inputs_intact, cmd_unspecified_done },
	{ "IODMACommandCloneCommand", init_iokit_clone, NULL, call_iokit_clone, clone_failed,
	  clone_done },
};

static void fault_path_desc(const struct fault_path *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(linux_paths, linux_paths, fault_path_desc);
KUNIT_ARRAY_PARAM(iokit_paths, iokit_paths, fault_path_desc);

/*
 * The sweep. Whatever a try makes is released at the try's end, or at the
 * case's end when an assertion stops it; fail_nth is never left set across
 * anything but the call.
 */
static void fault_sweep(struct kunit *test, const struct fault_path *p)
{
	struct fault_ctx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int n, left, failed = 0, absorbed = 0;
	bool finished = false;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, f);
	fixture(test, f);
	if (p->init)
		p->init(f);
	for (n = 1; n <= FAULT_CAP && !finished; n++) {
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, try_release, f), 0);
		if (p->begin)
			p->begin(f);
		fill_radix_preloads(test);
		fail_nth_set(n);
		err = p->call(f);
		left = fail_nth_get();
		fail_nth_set(0);
		if (err) {
			KUNIT_ASSERT_EQ_MSG(test, left, 0,
					    "%s failed (%d) with no failure injected (n=%u)",
					    p->name, err, n);
			KUNIT_EXPECT_EQ_MSG(test, err, -ENOMEM,
					    "%s: wrong error for a failed allocation (n=%u)",
					    p->name, n);
			p->failed(f);
			err = p->call(f);
			KUNIT_ASSERT_EQ_MSG(test, err, 0,
					    "%s: fails again after an injected failure (n=%u)",
					    p->name, n);
			failed++;
		} else if (!left) {
			absorbed++;
		} else {
			finished = true;
		}
		p->done(f);
		kunit_release_action(test, try_release, f);
	}
	KUNIT_ASSERT_TRUE_MSG(test, finished, "%s: more than %u injection points", p->name,
			      FAULT_CAP);
	/* The last try had n injection points too few: n - 1 of them. */
	n -= 2;
	iodmacmd_faults_total += n;
	kunit_info(test, "%s: %u injection points (%u failed the call, %u absorbed)",
		   p->name, n, failed, absorbed);
	if (!p->optional)
		KUNIT_EXPECT_GT_MSG(test, n, 0, "%s allocates nothing fail-nth reaches", p->name);
}

static void iodmacmd_faults_test_linux(struct kunit *test)
{
	fault_sweep(test, test->param_value);
}

static void iodmacmd_faults_test_iokit(struct kunit *test)
{
	fault_sweep(test, test->param_value);
}

static void free_pages_action(void *page)
{
	__free_pages(page, 1);
}

/*
 * fail-nth reaches what the sweeps need: sleeping slab allocations,
 * order-0 and highmem-capable page allocations (the guest's /init sets the
 * debugfs knobs); without it every sweep would end at once, finding nothing.
 */
static void iodmacmd_faults_test_reaches_allocations(struct kunit *test)
{
	struct page *page;
	void *p;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	fail_nth_set(1);
	p = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, fail_nth_get(), 0);
	fail_nth_set(0);
	kfree(p);
	KUNIT_EXPECT_NULL_MSG(test, p, "failslab: set ignore-gfp-wait to N");

	fail_nth_set(1);
	page = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, fail_nth_get(), 0);
	fail_nth_set(0);
	if (page)
		__free_page(page);
	KUNIT_EXPECT_NULL_MSG(test, page,
			      "fail_page_alloc: set ignore-gfp-wait to N and min-order to 0");

	fail_nth_set(1);
	page = alloc_pages(GFP_HIGHUSER, 1);
	KUNIT_EXPECT_EQ(test, fail_nth_get(), 0);
	fail_nth_set(0);
	if (page)
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_pages_action, page), 0);
	KUNIT_EXPECT_NULL_MSG(test, page, "fail_page_alloc: set ignore-gfp-highmem to N");
}

static int iodmacmd_faults_suite_init(struct kunit_suite *suite)
{
	iodmacmd_faults_total = 0;
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_faults_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
	kunit_log(KERN_INFO, suite, "# %s: %u injection points in all", suite->name,
		  iodmacmd_faults_total);
}

/* A sweep of hundreds of tries takes seconds under TCG with KASAN. */
static struct kunit_case iodmacmd_faults_test_cases[] = {
	KUNIT_CASE(iodmacmd_faults_test_reaches_allocations),
	KUNIT_CASE_PARAM_ATTR(iodmacmd_faults_test_linux, linux_paths_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(iodmacmd_faults_test_iokit, iokit_paths_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite iodmacmd_faults_test_suite = {
	.name = "iodmacmd_faults",
	.suite_init = iodmacmd_faults_suite_init,
	.suite_exit = iodmacmd_faults_suite_exit,
	.test_cases = iodmacmd_faults_test_cases,
};

kunit_test_suite(iodmacmd_faults_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit fault-injection sweep of iodmacmd's allocating paths");
IODMACMD_IMPORT_NS();
