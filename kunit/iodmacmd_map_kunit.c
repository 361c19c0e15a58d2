// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: CPU mappings of descriptors (iodmacmd_md_map(),
 * IOMemoryDescriptorMap(), IOMemoryMap), one behaviour per case.
 *
 * Every descriptor kind is mapped, read and written through the map's
 * address, and the bytes are checked through the descriptor's own copies
 * (iodmacmd_md_read() / iodmacmd_md_write()). Protections and cache modes
 * are checked in the page table entry of the mapping (x86, where the
 * guests run), never by faulting. User memory comes from kunit_vm_mmap().
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>
#include <iodmacmd/map.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IOMemoryMap.h>

#include "iodmacmd_kunit_helpers.h"

#define LEN		(3 * PAGE_SIZE - 200)
#define DIR		IODMACMD_DIR_INOUT

static void fill_pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

static u8 *pattern(struct kunit *test, size_t len, u8 seed)
{
	u8 *p = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	fill_pattern(p, len, seed);
	return p;
}

static void map_put_action(void *map)
{
	iodmacmd_map_put(map);
}

/* Released when the test ends; registered after its descriptor, so first. */
static struct iodmacmd_map *test_map(struct kunit *test, struct iodmacmd_map *map)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, map_put_action, map), 0);
	return map;
}

static struct iodmacmd_md *kernel_md(struct kunit *test, void *p, u64 len)
{
	struct iodmacmd_range r = { .address = (uintptr_t)p, .length = len };

	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, DIR));
}

static void sg_free_action(void *sgt)
{
	sg_free_table(sgt);
}

static void complete_action(void *md)
{
	iodmacmd_md_complete(md, 0);
}

static unsigned long user_map(struct kunit *test, unsigned long pages)
{
	unsigned long addr = iodmacmd_test_vm_mmap(test, pages * PAGE_SIZE,
						   PROT_READ | PROT_WRITE);

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	return addr;
}

static struct iodmacmd_md *user_md(struct kunit *test, unsigned long addr, u64 len, u32 dir)
{
	struct iodmacmd_range r = { .address = addr, .length = len };

	return iodmacmd_test_md(test, iodmacmd_md_create_user(current, &r, 1, dir));
}

/* --- descriptors of every kind, LEN bytes each --- */

enum kind {
	K_KMALLOC, K_VMALLOC, K_PAGES, K_PHYS, K_SGTABLE, K_BUFFER, K_CONTIG_BUFFER,
	K_SUB, K_MULTI, K_USER, NR_KINDS,
};

static const char *const kind_names[NR_KINDS] = {
	"kmalloc", "vmalloc", "pages", "phys", "sg_table", "buffer", "contiguous buffer",
	"sub", "multi", "user (prepared)",
};

static struct iodmacmd_md *make_kind(struct kunit *test, enum kind kind)
{
	struct iodmacmd_test_buf *b[3];
	struct iodmacmd_md *md, *mds[2];
	struct iodmacmd_range r;
	struct sg_table *sgt;
	struct scatterlist *sg;
	struct page *pages[3];
	u8 *mem;
	int i;

	switch (kind) {
	case K_KMALLOC:
		mem = kunit_kmalloc(test, LEN, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, mem);
		return kernel_md(test, mem, LEN);
	case K_VMALLOC:
		mem = iodmacmd_test_vmalloc(test, 4 * PAGE_SIZE);
		return kernel_md(test, mem + 300, LEN);
	case K_PAGES:
		for (i = 0; i < 3; i++)
			pages[i] = iodmacmd_test_buf_alloc(test, 0)->page;
		return iodmacmd_test_md(test, iodmacmd_md_create_pages(pages, 3, 100, LEN, DIR));
	case K_PHYS:
		b[0] = iodmacmd_test_buf_alloc(test, 2);
		r = (struct iodmacmd_range){ .address = b[0]->phys + 123, .length = LEN };
		return iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, DIR));
	case K_SGTABLE:
		for (i = 0; i < 3; i++)
			b[i] = iodmacmd_test_buf_alloc(test, 0);
		sgt = kunit_kzalloc(test, sizeof(*sgt), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, sgt);
		KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 3, GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sg_free_action, sgt), 0);
		sg = sgt->sgl;
		sg_set_page(sg, b[0]->page, PAGE_SIZE - 100, 100);
		sg = sg_next(sg);
		sg_set_page(sg, b[1]->page, PAGE_SIZE, 0);
		sg_set_page(sg_next(sg), b[2]->page, LEN - (2 * PAGE_SIZE - 100), 0);
		return iodmacmd_test_md(test, iodmacmd_md_create_sgtable(sgt, DIR));
	case K_BUFFER:
		return iodmacmd_test_md(test, iodmacmd_buffer_create(DIR, LEN, 0, 0));
	case K_CONTIG_BUFFER:
		md = iodmacmd_buffer_create(DIR | IODMACMD_BUFFER_CONTIGUOUS, LEN, 0, 0);
		return iodmacmd_test_md(test, md);
	case K_SUB:
		md = make_kind(test, K_VMALLOC);
		return iodmacmd_test_md(test, iodmacmd_md_create_sub(md, 0, LEN, DIR));
	case K_MULTI:
		/* Members joining on a page boundary. */
		mem = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE);
		mds[0] = kernel_md(test, mem + 100, PAGE_SIZE - 100);
		mem = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE);
		mds[1] = kernel_md(test, mem, LEN - (PAGE_SIZE - 100));
		return iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, DIR));
	case K_USER:
		md = user_md(test, user_map(test, 3) + 50, LEN, DIR);
		KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, complete_action, md), 0);
		return md;
	default:
		KUNIT_FAIL_AND_ABORT(test, "no kind %d", kind);
		return NULL;
	}
}

/* A descriptor of @kind holding a pattern. */
static struct iodmacmd_md *make_md(struct kunit *test, enum kind kind, u8 **bytes)
{
	struct iodmacmd_md *md = make_kind(test, kind);

	*bytes = pattern(test, LEN, kind + 1);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_length(md), LEN);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_write(md, 0, *bytes, LEN), LEN);
	return md;
}

struct kind_param {
	enum kind kind;
	u32 flags;
};

static const struct kind_param kind_params[] = {
	{ K_KMALLOC, 0 }, { K_VMALLOC, 0 }, { K_PAGES, 0 }, { K_PHYS, 0 }, { K_SGTABLE, 0 },
	{ K_BUFFER, 0 }, { K_CONTIG_BUFFER, 0 }, { K_SUB, 0 }, { K_MULTI, 0 }, { K_USER, 0 },
	{ K_KMALLOC, IODMACMD_CPU_MAP_UNIQUE }, { K_VMALLOC, IODMACMD_CPU_MAP_UNIQUE },
	{ K_PAGES, IODMACMD_CPU_MAP_UNIQUE }, { K_PHYS, IODMACMD_CPU_MAP_UNIQUE },
	{ K_SGTABLE, IODMACMD_CPU_MAP_UNIQUE }, { K_BUFFER, IODMACMD_CPU_MAP_UNIQUE },
	{ K_CONTIG_BUFFER, IODMACMD_CPU_MAP_UNIQUE }, { K_SUB, IODMACMD_CPU_MAP_UNIQUE },
	{ K_MULTI, IODMACMD_CPU_MAP_UNIQUE }, { K_USER, IODMACMD_CPU_MAP_UNIQUE },
	{ K_VMALLOC, IODMACMD_CPU_MAP_UNCACHED }, { K_USER, IODMACMD_CPU_MAP_WRITE_COMBINE },
};

static void kind_param_desc(const struct kind_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, flags %#x", kind_names[p->kind], p->flags);
}

KUNIT_ARRAY_PARAM(kind, kind_params, kind_param_desc);

/* The map shows the descriptor's bytes, and what is stored through it lands there. */
static void iodmacmd_map_test_read_write(struct kunit *test)
{
	const struct kind_param *p = test->param_value;
	struct iodmacmd_map *map;
	u8 *before, *after, *now;
	struct iodmacmd_md *md = make_md(test, p->kind, &before);

	map = test_map(test, iodmacmd_md_map(md, 0, 0, p->flags));
	KUNIT_ASSERT_NOT_NULL(test, iodmacmd_map_address(map));
	KUNIT_EXPECT_EQ(test, iodmacmd_map_length(map), LEN);
	KUNIT_EXPECT_MEMEQ(test, iodmacmd_map_address(map), before, LEN);

	after = pattern(test, LEN, 0x80 + p->kind);
	memcpy(iodmacmd_map_address(map), after, LEN);
	now = pattern(test, LEN, 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_read(md, 0, now, LEN), LEN);
	KUNIT_EXPECT_MEMEQ(test, now, after, LEN);
}

/* A window: the address is the byte at the offset, the length the one asked for. */
static void iodmacmd_map_test_subrange(struct kunit *test)
{
	u8 *bytes, *now = pattern(test, 1000, 0);
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 1500, 4000, 0));
	u8 *va = iodmacmd_map_address(map);

	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, iodmacmd_map_length(map), 4000);
	KUNIT_EXPECT_MEMEQ(test, va, bytes + 1500, 4000);
	memset(va + 3000, 0x3c, 1000);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_read(md, 4500, now, 1000), 1000);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(now, 0x3c, 1000));
}

/* A length of 0 maps from the offset to the end. */
static void iodmacmd_map_test_length_zero_to_end(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_PAGES, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 700, 0, 0));

	KUNIT_EXPECT_EQ(test, iodmacmd_map_length(map), LEN - 700);
	KUNIT_EXPECT_MEMEQ(test, iodmacmd_map_address(map), bytes + 700, LEN - 700);
}

/* The last byte alone can be mapped. */
static void iodmacmd_map_test_last_byte(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_SGTABLE, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, LEN - 1, 1, 0));
	u8 *va = iodmacmd_map_address(map);

	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, *va, bytes[LEN - 1]);
}

#ifdef CONFIG_X86
/* The page table entry of a kernel address. */
static pteval_t pte_of(struct kunit *test, const void *va)
{
	unsigned int level;
	pte_t *pte = lookup_address((unsigned long)va, &level);

	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_ASSERT_TRUE(test, pte_present(*pte));
	return pte_val(*pte);
}
#endif

/* A read-only map is mapped read-only, in every page. */
static void iodmacmd_map_test_read_only_pte(struct kunit *test)
{
#ifdef CONFIG_X86
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 0, 0,
							   IODMACMD_CPU_MAP_READ_ONLY));
	u8 *va = iodmacmd_map_address(map);
	u64 off;

	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_MEMEQ(test, va, bytes, LEN);
	for (off = 0; off < LEN; off += PAGE_SIZE)
		KUNIT_EXPECT_FALSE(test, pte_of(test, va + off) & _PAGE_RW);
	KUNIT_EXPECT_FALSE(test, pte_of(test, va + LEN - 1) & _PAGE_RW);
#else
	kunit_skip(test, "page table entries are checked on x86 only");
#endif
}

/* A read-only map never reuses the memory's own (writable) address. */
static void iodmacmd_map_test_read_only_new_address(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct iodmacmd_md *md;
	struct iodmacmd_map *map;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	md = kernel_md(test, mem, 512);
	map = test_map(test, iodmacmd_md_map(md, 0, 0, IODMACMD_CPU_MAP_READ_ONLY));
	KUNIT_EXPECT_PTR_NE(test, iodmacmd_map_address(map), (void *)mem);
	KUNIT_EXPECT_FALSE(test, iodmacmd_map_flags(map) & IODMACMD_CPU_MAP_EXISTING);
	KUNIT_EXPECT_TRUE(test, iodmacmd_map_flags(map) & IODMACMD_CPU_MAP_READ_ONLY);
}

static const u32 cache_modes[] = {
	IODMACMD_CPU_MAP_CACHE_DEFAULT, IODMACMD_CPU_MAP_UNCACHED,
	IODMACMD_CPU_MAP_WRITE_THROUGH, IODMACMD_CPU_MAP_COPYBACK,
	IODMACMD_CPU_MAP_WRITE_COMBINE,
};

static void cache_mode_desc(const u32 *mode, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "cache mode %#x", *mode);
}

KUNIT_ARRAY_PARAM(cache_mode, cache_modes, cache_mode_desc);

#ifdef CONFIG_X86
static pgprot_t expected_pgprot(u32 mode)
{
	switch (mode) {
	case IODMACMD_CPU_MAP_UNCACHED:
		return pgprot_noncached(PAGE_KERNEL);
	case IODMACMD_CPU_MAP_WRITE_THROUGH:
		return pgprot_writethrough(PAGE_KERNEL);
	case IODMACMD_CPU_MAP_WRITE_COMBINE:
		return pgprot_writecombine(PAGE_KERNEL);
	default:
		return PAGE_KERNEL;
	}
}
#endif

/* Each cache mode is accepted and gives its memory type in the mapping. */
static void iodmacmd_map_test_cache_mode_pte(struct kunit *test)
{
#ifdef CONFIG_X86
	const u32 *mode = test->param_value;
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_BUFFER, &bytes);
	/* Unique: a new mapping whose entries show the mode. */
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 0, 0,
							   *mode | IODMACMD_CPU_MAP_UNIQUE));
	u8 *va = iodmacmd_map_address(map);

	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, pte_of(test, va) & _PAGE_CACHE_MASK,
			pgprot_val(expected_pgprot(*mode)) & _PAGE_CACHE_MASK);
	KUNIT_EXPECT_TRUE(test, pte_of(test, va) & _PAGE_RW);
	KUNIT_EXPECT_MEMEQ(test, va, bytes, LEN);
#else
	kunit_skip(test, "page table entries are checked on x86 only");
#endif
}

/* Cache modes beyond write-combine (ARM memory types) are refused. */
static void iodmacmd_map_test_cache_mode_unsupported(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(md, 0, 0, kIOMapPostedWrite)), -EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, kIOMapCopybackInnerCache));
	test_map(test, iodmacmd_md_map(md, 0, 0, 0));
}

/* A buffer mapped whole with the default mode is its own address (IOKit). */
static void iodmacmd_map_test_buffer_own_address(struct kunit *test)
{
	IOBufferMemoryDescriptor *bmd = iodmacmd_test_md(test,
		IOBufferMemoryDescriptorWithOptions(kIODirectionInOut, 3 * PAGE_SIZE, 0));
	IOMemoryMap *map = test_map(test, IOMemoryDescriptorMap(bmd, kIOMapDefaultCache));

	KUNIT_EXPECT_EQ(test, IOMemoryMapGetAddress(map),
			(uintptr_t)IOBufferMemoryDescriptorGetBytesNoCopy(bmd));
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetMapOptions(map), kIOMapAnywhere | kIOMapStatic);
}

/* kmalloc memory in one piece is reached at its own linear-map address. */
static void iodmacmd_map_test_kmalloc_own_address(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 700, GFP_KERNEL);
	struct iodmacmd_map *map;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	map = test_map(test, iodmacmd_md_map(kernel_md(test, mem, 700), 100, 0, 0));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_map_address(map), (void *)(mem + 100));
	KUNIT_EXPECT_TRUE(test, iodmacmd_map_flags(map) & IODMACMD_CPU_MAP_EXISTING);
}

/* kIOMapUnique always makes a new mapping, of the same bytes. */
static void iodmacmd_map_test_unique_new_address(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_BUFFER, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 0, 0,
							   IODMACMD_CPU_MAP_UNIQUE));
	u8 *own = iodmacmd_buffer_bytes(md), *va = iodmacmd_map_address(map);

	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_PTR_NE(test, va, own);
	KUNIT_EXPECT_FALSE(test, iodmacmd_map_flags(map) & IODMACMD_CPU_MAP_EXISTING);
	va[10] = 0xee;
	KUNIT_EXPECT_EQ(test, own[10], 0xee);
}

/* User memory that is not prepared is refused, and maps once prepared. */
static void iodmacmd_map_test_user_unprepared(struct kunit *test)
{
	struct iodmacmd_md *md = user_md(test, user_map(test, 2), 2 * PAGE_SIZE, DIR);

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(md, 0, 0, 0)), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, complete_action, md), 0);
	test_map(test, iodmacmd_md_map(md, 0, 0, 0));
}

/* A window on unprepared user memory is refused too. */
static void iodmacmd_map_test_user_sub_unprepared(struct kunit *test)
{
	struct iodmacmd_md *user = user_md(test, user_map(test, 2), 2 * PAGE_SIZE, DIR);
	struct iodmacmd_md *sub = iodmacmd_test_md(test, iodmacmd_md_create_sub(user, 100, 300,
										 DIR));

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(sub, 0, 0, 0)), -EBUSY);
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(sub, 0));
}

/* The map keeps user memory prepared: the driver's complete does not unpin it. */
static void iodmacmd_map_test_user_stays_pinned(struct kunit *test)
{
	struct iodmacmd_md *md = user_md(test, user_map(test, 2), 2 * PAGE_SIZE, DIR);
	struct iodmacmd_map *map;
	u8 byte;

	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	map = iodmacmd_md_map(md, 0, 0, IODMACMD_CPU_MAP_UNIQUE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	/* Still pinned: the descriptor can be read. */
	*(u8 *)iodmacmd_map_address(map) = 0x77;
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, &byte, 1), 1);
	KUNIT_EXPECT_EQ(test, byte, 0x77);
	iodmacmd_map_put(map);
	/* The map's prepare was the last one: unpinned now. */
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), -EBUSY);
}

/* User memory pinned read-only (Out) maps read-only, never writable. */
static void iodmacmd_map_test_user_out_read_only(struct kunit *test)
{
	unsigned long addr = user_map(test, 1);
	struct iodmacmd_md *md;
	struct iodmacmd_map *map;
	u8 *in = pattern(test, 64, 9);

	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, in, 64), 0);
	md = user_md(test, addr, 64, IODMACMD_DIR_OUT);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, complete_action, md), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(md, 0, 0, 0)), -EROFS);
	map = test_map(test, iodmacmd_md_map(md, 0, 0, IODMACMD_CPU_MAP_READ_ONLY));
	KUNIT_EXPECT_MEMEQ(test, iodmacmd_map_address(map), in, 64);
}

/* Pieces joining inside a page cannot be mapped contiguously: refused. */
static void iodmacmd_map_test_unaligned_pieces(struct kunit *test)
{
	u8 *a = kunit_kzalloc(test, 100, GFP_KERNEL), *b = kunit_kzalloc(test, 100, GFP_KERNEL);
	struct iodmacmd_md *mds[2], *multi;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	mds[0] = kernel_md(test, a, 100);
	mds[1] = kernel_md(test, b, 100);
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, DIR));
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(multi, 0, 0, 0)), -EINVAL);
	/* Each member alone maps, and so does the concatenation's first half. */
	test_map(test, iodmacmd_md_map(multi, 0, 100, 0));
	test_map(test, iodmacmd_md_map(multi, 100, 100, IODMACMD_CPU_MAP_UNIQUE));
}

/* Pieces that continue each other inside a page are one run: mapped. */
static void iodmacmd_map_test_adjacent_pieces(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct iodmacmd_md *mds[2], *multi;
	struct iodmacmd_map *map;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	mds[0] = kernel_md(test, mem, 128);
	mds[1] = kernel_md(test, mem + 128, 128);
	multi = iodmacmd_test_md(test, iodmacmd_md_create_multi(mds, 2, DIR));
	map = test_map(test, iodmacmd_md_map(multi, 0, 0, IODMACMD_CPU_MAP_UNIQUE));
	((u8 *)iodmacmd_map_address(map))[200] = 0x42;
	KUNIT_EXPECT_EQ(test, mem[200], 0x42);
}

/* --- bad input to the Linux face --- */

struct bad_range {
	const char *name;
	u64 offset;
	u64 length;
	u32 flags;
	long err;
};

static const struct bad_range bad_ranges[] = {
	{ "offset at the end", LEN, 0, 0, -EINVAL },
	{ "offset past the end", LEN + 1, 1, 0, -EINVAL },
	{ "offset U64_MAX", U64_MAX, 1, 0, -EINVAL },
	{ "length one past the end", 0, LEN + 1, 0, -EINVAL },
	{ "offset + length wraps", 1, U64_MAX, 0, -EINVAL },
	{ "length U64_MAX", 0, U64_MAX, 0, -EINVAL },
	{ "unknown flag", 0, 0, 0x2000, -EINVAL },
	{ "kIOMapAnywhere is not a Linux flag", 0, 0, kIOMapAnywhere, -EINVAL },
	{ "kIOMapStatic", 0, 0, kIOMapStatic, -EINVAL },
	{ "cache mode 9", 0, 0, 0x900, -EOPNOTSUPP },
};

static void bad_range_desc(const struct bad_range *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_range, bad_ranges, bad_range_desc);

/* Each bad request gets its error, and the descriptor maps afterwards. */
static void iodmacmd_map_test_bad_range(struct kunit *test)
{
	const struct bad_range *r = test->param_value;
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	struct iodmacmd_map *map;

	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(md, r->offset, r->length, r->flags)),
			r->err);
	map = test_map(test, iodmacmd_md_map(md, 0, 0, 0));
	KUNIT_EXPECT_MEMEQ(test, iodmacmd_map_address(map), bytes, LEN);
}

/* A NULL or error-pointer descriptor is refused with -EINVAL. */
static void iodmacmd_map_test_bad_md(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(NULL, 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(ERR_PTR(-ENOMEM), 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(NULL, 0));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(ERR_PTR(-EINVAL), 0));
}

/* A zero-length descriptor (an emptied buffer) has nothing to map. */
static void iodmacmd_map_test_zero_length_md(struct kunit *test)
{
	struct iodmacmd_md *md = iodmacmd_test_md(test, iodmacmd_buffer_create(DIR, 100, 0, 0));

	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 0), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_md_map(md, 0, 0, 0)), -EINVAL);
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, 0));
	KUNIT_ASSERT_EQ(test, iodmacmd_buffer_set_length(md, 100), 0);
	test_map(test, iodmacmd_md_map(md, 0, 0, 0));
}

/* Accessors refuse NULL and error-pointer maps; releases ignore them. */
static void iodmacmd_map_test_bad_map(struct kunit *test)
{
	u64 len = 5;

	KUNIT_EXPECT_NULL(test, iodmacmd_map_address(NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_map_length(ERR_PTR(-EINVAL)), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_map_flags(NULL), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_map_md(ERR_PTR(-ENOMEM)));
	KUNIT_EXPECT_EQ(test, iodmacmd_map_phys_segment(NULL, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryMapUnmap(NULL), kIOReturnBadArgument);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetAddress(ERR_PTR(-EINVAL)), 0);
	KUNIT_EXPECT_NULL(test, IOMemoryMapGetAddressTask(NULL));
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetMapOptions(NULL), 0);
	iodmacmd_map_get(NULL);
	iodmacmd_map_unmap(ERR_PTR(-EINVAL));
	iodmacmd_map_put(NULL);
	iodmacmd_map_put(ERR_PTR(-ENOMEM));
	IOMemoryMapRetain(NULL);
	IOMemoryMapRelease(NULL);
}

/* --- the Apple face's refusals --- */

/* createMappingInTask(), shorter. */
static IOMemoryMap *map_in(IOMemoryDescriptor *md, task_t task, mach_vm_address_t at,
			   IOOptionBits options, mach_vm_size_t offset, mach_vm_size_t length)
{
	return IOMemoryDescriptorCreateMappingInTask(md, task, at, options, offset, length);
}

/* A mapping into a user task is not supported. */
static void iodmacmd_map_test_user_task(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);

	KUNIT_EXPECT_NULL(test, map_in(md, current, 0, kIOMapAnywhere, 0, 0));
	KUNIT_EXPECT_NULL(test, map_in(md, NULL, 0, kIOMapAnywhere, 0, 0));
	test_map(test, map_in(md, kernel_task, 0, kIOMapAnywhere, 0, 0));
}

/* A mapping at a fixed address (no kIOMapAnywhere) is not supported. */
static void iodmacmd_map_test_fixed_address(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	IOMemoryMap *map;

	KUNIT_EXPECT_NULL(test, map_in(md, kernel_task, 0xffffc90000000000ULL,
				       kIOMapDefaultCache, 0, 0));
	map = test_map(test, map_in(md, kernel_task, 0, kIOMapAnywhere, 100, 200));
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(map), 200);
}

/* Reference, overwrite and guarded maps are refused. */
static void iodmacmd_map_test_unsupported_options(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);

	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, kIOMapReference));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, kIOMapOverwrite));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, kIOMapGuardedSmall));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, kIOMapStatic));
	KUNIT_EXPECT_NULL(test, IOMemoryDescriptorMap(md, 0x2000));
	test_map(test, IOMemoryDescriptorMap(md, kIOMapPrefault));
}

/* --- IOMemoryMap's accessors --- */

/* The accessors say what was mapped, where and how. */
static void iodmacmd_map_test_accessors(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	IOMemoryMap *map = test_map(test, map_in(md, kernel_task, 0,
						 kIOMapAnywhere | kIOMapInhibitCache, 1000, 3000));

	KUNIT_EXPECT_NE(test, IOMemoryMapGetAddress(map), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetVirtualAddress(map), IOMemoryMapGetAddress(map));
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetSize(map), 3000);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(map), 3000);
	KUNIT_EXPECT_PTR_EQ(test, IOMemoryMapGetAddressTask(map), kernel_task);
	KUNIT_EXPECT_PTR_EQ(test, IOMemoryMapGetMemoryDescriptor(map), md);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetMapOptions(map), kIOMapAnywhere | kIOMapInhibitCache);
	KUNIT_EXPECT_MEMEQ(test, (void *)(uintptr_t)IOMemoryMapGetAddress(map), bytes + 1000,
			   3000);
}

/* Physical segments are the descriptor's, from the map's offset, clipped to the map. */
static void iodmacmd_map_test_physical_segment(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_range r = { .address = buf->phys, .length = 4 * PAGE_SIZE };
	struct iodmacmd_md *md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, DIR));
	IOMemoryMap *map = test_map(test, map_in(md, kernel_task, 0, kIOMapAnywhere, 500, 2000));
	IOByteCount len = 0;

	KUNIT_EXPECT_EQ(test, IOMemoryMapGetPhysicalSegment(map, 100, &len, 0), buf->phys + 600);
	KUNIT_EXPECT_EQ(test, len, 1900);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetPhysicalAddress(map), buf->phys + 500);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetPhysicalSegment(map, 2000, &len, 0), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
}

/* Physical segments of a scattered map follow its pages. */
static void iodmacmd_map_test_physical_segment_scattered(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	struct iodmacmd_map *map = test_map(test, iodmacmd_md_map(md, 200, 0, 0));
	u8 *va = iodmacmd_map_address(map);
	u64 len, md_len;

	KUNIT_EXPECT_EQ(test, iodmacmd_map_phys_segment(map, 10, &len),
			iodmacmd_md_phys_segment(md, 210, &md_len));
	KUNIT_EXPECT_EQ(test, len, md_len);
	KUNIT_EXPECT_EQ(test, iodmacmd_map_phys_segment(map, 10, NULL),
			page_to_phys(vmalloc_to_page(va + 10)) + offset_in_page(va + 10));
}

/* After unmap the address and segments are 0; the rest stays; twice is harmless. */
static void iodmacmd_map_test_unmap(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	IOMemoryMap *map = test_map(test, IOMemoryDescriptorMap(md, kIOMapWriteCombineCache));
	IOByteCount len = 7;

	KUNIT_EXPECT_EQ(test, IOMemoryMapUnmap(map), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetAddress(map), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetVirtualAddress(map), 0);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetPhysicalSegment(map, 0, &len, 0), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetLength(map), LEN);
	KUNIT_EXPECT_PTR_EQ(test, IOMemoryMapGetMemoryDescriptor(map), md);
	KUNIT_EXPECT_EQ(test, IOMemoryMapUnmap(map), kIOReturnSuccess);
	KUNIT_EXPECT_EQ(test, IOMemoryMapGetAddress(map), 0);
}

/* Unmapping gives user memory back: the driver's complete then unpins it. */
static void iodmacmd_map_test_unmap_releases_prepare(struct kunit *test)
{
	struct iodmacmd_md *md = user_md(test, user_map(test, 1), 100, DIR);
	struct iodmacmd_map *map;
	u8 byte;

	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, 0), 0);
	map = test_map(test, iodmacmd_md_map(md, 0, 0, 0));
	iodmacmd_map_unmap(map);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_read(md, 0, &byte, 1), 0);
}

/* A retained map stays mapped after one release; the last release unmaps. */
static void iodmacmd_map_test_retain_release(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_VMALLOC, &bytes);
	IOMemoryMap *map = IOMemoryDescriptorMap(md, kIOMapUnique);

	KUNIT_ASSERT_NOT_NULL(test, map);
	IOMemoryMapRetain(map);
	IOMemoryMapRelease(map);
	KUNIT_EXPECT_NE(test, IOMemoryMapGetAddress(map), 0);
	KUNIT_EXPECT_MEMEQ(test, (void *)(uintptr_t)IOMemoryMapGetAddress(map), bytes, LEN);
	IOMemoryMapRelease(map);
}

/* The map holds the descriptor: it outlives the creator's reference. */
static void iodmacmd_map_test_holds_descriptor(struct kunit *test)
{
	u8 *mem = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE);
	struct iodmacmd_range r = { .address = (uintptr_t)mem, .length = 2 * PAGE_SIZE };
	struct iodmacmd_md *md = iodmacmd_md_create_kernel(&r, 1, DIR);
	struct iodmacmd_map *map;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	map = iodmacmd_md_map(md, 0, 0, 0);
	iodmacmd_md_put(md);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_length(iodmacmd_map_md(map)), 2 * PAGE_SIZE);
	((u8 *)iodmacmd_map_address(map))[PAGE_SIZE + 1] = 0x99;
	KUNIT_EXPECT_EQ(test, mem[PAGE_SIZE + 1], 0x99);
	iodmacmd_map_put(map);
}

/* Two maps of one descriptor are independent: unmapping one leaves the other. */
static void iodmacmd_map_test_two_maps(struct kunit *test)
{
	u8 *bytes;
	struct iodmacmd_md *md = make_md(test, K_USER, &bytes);
	struct iodmacmd_map *a = test_map(test, iodmacmd_md_map(md, 0, 0, 0));
	struct iodmacmd_map *b = test_map(test, iodmacmd_md_map(md, 0, 0, 0));

	iodmacmd_map_unmap(a);
	KUNIT_EXPECT_NULL(test, iodmacmd_map_address(a));
	KUNIT_EXPECT_MEMEQ(test, iodmacmd_map_address(b), bytes, LEN);
}

static struct kunit_case iodmacmd_map_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_map_test_read_write, kind_gen_params),
	KUNIT_CASE(iodmacmd_map_test_subrange),
	KUNIT_CASE(iodmacmd_map_test_length_zero_to_end),
	KUNIT_CASE(iodmacmd_map_test_last_byte),
	KUNIT_CASE(iodmacmd_map_test_read_only_pte),
	KUNIT_CASE(iodmacmd_map_test_read_only_new_address),
	KUNIT_CASE_PARAM(iodmacmd_map_test_cache_mode_pte, cache_mode_gen_params),
	KUNIT_CASE(iodmacmd_map_test_cache_mode_unsupported),
	KUNIT_CASE(iodmacmd_map_test_buffer_own_address),
	KUNIT_CASE(iodmacmd_map_test_kmalloc_own_address),
	KUNIT_CASE(iodmacmd_map_test_unique_new_address),
	KUNIT_CASE(iodmacmd_map_test_user_unprepared),
	KUNIT_CASE(iodmacmd_map_test_user_sub_unprepared),
	KUNIT_CASE(iodmacmd_map_test_user_stays_pinned),
	KUNIT_CASE(iodmacmd_map_test_user_out_read_only),
	KUNIT_CASE(iodmacmd_map_test_unaligned_pieces),
	KUNIT_CASE(iodmacmd_map_test_adjacent_pieces),
	KUNIT_CASE_PARAM(iodmacmd_map_test_bad_range, bad_range_gen_params),
	KUNIT_CASE(iodmacmd_map_test_bad_md),
	KUNIT_CASE(iodmacmd_map_test_zero_length_md),
	KUNIT_CASE(iodmacmd_map_test_bad_map),
	KUNIT_CASE(iodmacmd_map_test_user_task),
	KUNIT_CASE(iodmacmd_map_test_fixed_address),
	KUNIT_CASE(iodmacmd_map_test_unsupported_options),
	KUNIT_CASE(iodmacmd_map_test_accessors),
	KUNIT_CASE(iodmacmd_map_test_physical_segment),
	KUNIT_CASE(iodmacmd_map_test_physical_segment_scattered),
	KUNIT_CASE(iodmacmd_map_test_unmap),
	KUNIT_CASE(iodmacmd_map_test_unmap_releases_prepare),
	KUNIT_CASE(iodmacmd_map_test_retain_release),
	KUNIT_CASE(iodmacmd_map_test_holds_descriptor),
	KUNIT_CASE(iodmacmd_map_test_two_maps),
	{}
};

static struct kunit_suite iodmacmd_map_suite = {
	.name = "iodmacmd_map",
	.test_cases = iodmacmd_map_cases,
};

kunit_test_suite(iodmacmd_map_suite);

MODULE_LICENSE("GPL");
IODMACMD_IMPORT_NS();
MODULE_DESCRIPTION("KUnit tests for iodmacmd's CPU mappings of descriptors (IOMemoryMap)");
