// SPDX-License-Identifier: GPL-2.0
/*
 * Memory descriptors: the part of IOMemoryDescriptor a DMA command needs.
 *
 * A descriptor is an ordered list of bytes in memory, described by kind:
 * kernel virtual ranges (kmalloc or vmalloc memory), CPU physical ranges of
 * RAM, an array of pages, or an existing sg_table. Every kind reduces to one
 * operation, walk(), which yields the physically contiguous pieces behind a
 * byte range; copying, physical segment look-up and DMA mapping
 * (mapping.c) are built on it once for all kinds.
 *
 * Reference counting follows IOKit's retain/release on a kref; prepare() and
 * complete() nest as IOKit's wire count does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/highmem.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "errno_face.h"
#include "checks.h"
#include "md.h"
#include "mapping.h"
#include "stats.h"

/**
 * iodmacmd_md_init_class() - initialise a descriptor whose lock has a class
 * @md: the descriptor, embedded in its kind's structure, otherwise complete:
 *	from here debugfs lists it
 * @ops: the kind's operations
 * @length: total bytes
 * @direction: IODMACMD_DIR_* value
 * @key: the lockdep class of its lock, or %NULL for the common one
 * @name: the class's name
 */
void iodmacmd_md_init_class(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
			    u64 length, u32 direction, struct lock_class_key *key,
			    const char *name)
{
	kref_init(&md->ref);
	md->ops = ops;
	md->length = length;
	md->direction = direction & IODMACMD_DIR_MASK;
	mutex_init(&md->lock);
	md->wire_count = 0;
	md->stable_layout = !ops->unwire;
	/* The kinds whose memory the CPU must not write clear it after this. */
	md->cpu_writable = true;
	INIT_LIST_HEAD(&md->mappings);
	/* Before it is listed: a listing may take the lock. */
	if (key)
		lockdep_set_class_and_name(&md->lock, key, name);
	/* A live descriptor keeps iodmacmd loaded: its code frees it. */
	__module_get(THIS_MODULE);
	iodmacmd_obs_md_create(md);
}

/**
 * iodmacmd_md_init() - initialise the common part of a descriptor
 * @md: the descriptor, embedded in its kind's structure, otherwise complete
 * @ops: the kind's operations
 * @length: total bytes
 * @direction: IODMACMD_DIR_* value
 */
void iodmacmd_md_init(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
		      u64 length, u32 direction)
{
	iodmacmd_md_init_class(md, ops, length, direction, NULL, NULL);
}

/*
 * Ranges are copied, so the caller's array may be temporary. A descriptor
 * re-initialised in place (IOKit's initWithOptions()) reuses the array:
 * @capacity is what it was allocated for.
 */
struct md_ranges {
	struct iodmacmd_md md;
	u32 nr_ranges;
	u32 capacity;
	struct iodmacmd_range ranges[];
};

static struct md_ranges *to_md_ranges(struct iodmacmd_md *md)
{
	return container_of(md, struct md_ranges, md);
}

static void md_ranges_release(struct iodmacmd_md *md)
{
	kvfree(to_md_ranges(md));
}

/*
 * Walks @ranges over [offset, offset + len), turning each range's bytes
 * into pieces with @to_phys, which also reports how far from @addr the
 * memory stays physically contiguous.
 */
static int walk_ranges(const struct iodmacmd_range *ranges, u32 nr_ranges,
		       u64 offset, u64 len,
		       phys_addr_t (*to_phys)(u64 addr, u64 *contig),
		       iodmacmd_piece_fn fn, void *ctx)
{
	u32 i;
	int ret;

	for (i = 0; i < nr_ranges && len; i++) {
		u64 addr, left;

		if (offset >= ranges[i].length) {
			offset -= ranges[i].length;
			continue;
		}
		addr = ranges[i].address + offset;
		left = min(ranges[i].length - offset, len);
		offset = 0;
		while (left) {
			u64 contig;
			phys_addr_t phys = to_phys(addr, &contig);
			u64 step = min(contig, left);

			ret = fn(ctx, phys, step);
			if (ret)
				return ret;
			addr += step;
			left -= step;
			len -= step;
		}
	}
	return 0;
}

/*
 * The linear map is physically contiguous; vmalloc memory only within a
 * page.
 */
static phys_addr_t kernel_to_phys(u64 addr, u64 *contig)
{
	const void *va = (const void *)(uintptr_t)addr;

	if (is_vmalloc_addr(va)) {
		*contig = PAGE_SIZE - offset_in_page(addr);
		return page_to_phys(vmalloc_to_page(va)) + offset_in_page(addr);
	}
	*contig = U64_MAX;
	return virt_to_phys((void *)va);
}

static phys_addr_t phys_to_phys(u64 addr, u64 *contig)
{
	*contig = U64_MAX;
	return addr;
}

static int md_kernel_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			  iodmacmd_piece_fn fn, void *ctx)
{
	struct md_ranges *mr = to_md_ranges(md);

	return walk_ranges(mr->ranges, mr->nr_ranges, offset, len, kernel_to_phys, fn, ctx);
}

static int md_phys_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			iodmacmd_piece_fn fn, void *ctx)
{
	struct md_ranges *mr = to_md_ranges(md);

	return walk_ranges(mr->ranges, mr->nr_ranges, offset, len, phys_to_phys, fn, ctx);
}

static const struct iodmacmd_md_ops md_kernel_ops = {
	.walk = md_kernel_walk,
	.release = md_ranges_release,
};

static const struct iodmacmd_md_ops md_phys_ops = {
	.walk = md_phys_walk,
	.release = md_ranges_release,
};

/*
 * Memory the page allocator hands out. A reserved page is not: the kernel
 * image (text, rodata, data and bss, which the DMA API forbids as DMA
 * memory), firmware tables, holes in the physical address space that have
 * a struct page. ZONE_DEVICE pages are reserved too, and are DMA memory.
 * @page must be a valid struct page.
 */
static bool page_is_dma_memory(struct page *page)
{
	return !PageReserved(page) || is_zone_device_page(page);
}

/*
 * Why a kernel range cannot be described, or NULL when every page of it can:
 * copies reach each page through its struct page and the DMA API maps
 * pages, so each page must have one and be allocator memory. Checking the
 * first and the last byte is not enough: a vmalloc range can run into a
 * guard page or an unmapped hole, and a linear-map range can span a hole
 * in the physical address space.
 */
static const char *kernel_range_problem(u64 addr, u64 len)
{
	const void *va = (const void *)(uintptr_t)addr;
	u64 last = addr + len - 1;
	bool vmalloc = is_vmalloc_addr(va);
	unsigned long p, end;

	if (last > ULONG_MAX)
		return "beyond the address space";
	if (object_is_on_stack(va) || object_is_on_stack((const void *)(uintptr_t)last))
		return "on the stack (DMA from the stack is not allowed)";
	end = last & PAGE_MASK;
	for (p = addr & PAGE_MASK; ; p += PAGE_SIZE) {
		struct page *page;

		if (vmalloc) {
			if (!is_vmalloc_addr((const void *)p))
				return "vmalloc memory running out of the vmalloc area";
			page = vmalloc_to_page((const void *)p);
			if (!page || !pfn_valid(page_to_pfn(page)))
				return "vmalloc address space without memory behind it";
		} else {
			if (!virt_addr_valid((const void *)p))
				return "not in the kernel's linear map of RAM";
			page = virt_to_page((const void *)p);
		}
		if (!page_is_dma_memory(page))
			return "reserved memory (the kernel image, firmware, a hole)";
		if (p == end)
			break;
		cond_resched();
	}
	return NULL;
}

/* Physical ranges must be RAM with struct pages: the DMA API maps pages. */
static bool phys_range_ok(u64 addr, u64 len)
{
	u64 pfn;

	for (pfn = PHYS_PFN(addr); pfn <= PHYS_PFN(addr + len - 1); pfn++)
		if (!pfn_valid(pfn))
			return false;
	return true;
}

/* Checks @ranges for a kernel or physical descriptor; the total in *@total. */
static IOReturn check_ranges(const struct iodmacmd_range *ranges, u32 count, u32 direction,
			     bool physical, u64 *total)
{
	u32 i;

	*total = 0;
	if (IS_ERR_OR_NULL(ranges) || !count || (direction & ~IODMACMD_DIR_MASK))
		return kIOReturnBadArgument;
	if (count > IODMACMD_MAX_RANGES) {
		pr_warn_ratelimited("%u ranges: more than the %u a descriptor takes\n",
				    count, IODMACMD_MAX_RANGES);
		return kIOReturnBadArgument;
	}
	for (i = 0; i < count; i++) {
		u64 addr = ranges[i].address, len = ranges[i].length;
		const char *why;

		if (!len || addr + len - 1 < addr || check_add_overflow(*total, len, total))
			return kIOReturnBadArgument;
		if (physical)
			why = phys_range_ok(addr, len) ? NULL : "not RAM with struct pages";
		else
			why = kernel_range_problem(addr, len);
		if (why) {
			pr_warn_ratelimited("%s range %u (%#llx+%#llx) refused: %s\n",
					    physical ? "physical" : "kernel", i, addr, len, why);
			return kIOReturnBadArgument;
		}
	}
	return kIOReturnSuccess;
}

static struct iodmacmd_md *create_ranges(const struct iodmacmd_range *ranges, u32 count,
					 u32 direction, bool physical, IOReturn *ret)
{
	struct md_ranges *mr;
	u64 total;

	*ret = check_ranges(ranges, count, direction, physical, &total);
	if (*ret)
		return NULL;
	*ret = kIOReturnNoMemory;
	/* A long array is vmalloc memory rather than a warning from the buddy allocator. */
	mr = kvzalloc(struct_size(mr, ranges, count), GFP_KERNEL | __GFP_NOWARN);
	if (!mr)
		return NULL;
	mr->nr_ranges = count;
	mr->capacity = count;
	memcpy(mr->ranges, ranges, array_size(count, sizeof(*ranges)));
	iodmacmd_md_init(&mr->md, physical ? &md_phys_ops : &md_kernel_ops, total, direction);
	*ret = kIOReturnSuccess;
	return &mr->md;
}

/*
 * IOKit returns a descriptor for an empty range: it prepares and completes,
 * and a command reports its end at once. Room for one range, so that
 * re-initialising it gives it memory.
 */
struct iodmacmd_md *__iodmacmd_md_create_empty(u32 direction, IOReturn *ret)
{
	struct md_ranges *mr;

	*ret = kIOReturnBadArgument;
	if (direction & ~IODMACMD_DIR_MASK)
		return NULL;
	*ret = kIOReturnNoMemory;
	mr = kzalloc(struct_size(mr, ranges, 1), GFP_KERNEL);
	if (!mr)
		return NULL;
	mr->capacity = 1;
	iodmacmd_md_init(&mr->md, &md_kernel_ops, 0, direction);
	*ret = kIOReturnSuccess;
	return &mr->md;
}

/* Kernel or physical ranges: the kinds that can be re-initialised. */
bool iodmacmd_md_is_ranges(const struct iodmacmd_md *md)
{
	return md->ops == &md_kernel_ops || md->ops == &md_phys_ops;
}

/**
 * __iodmacmd_md_reinit_ranges() - describe other memory with the same object
 * @md: a kernel or physical descriptor, not prepared, no command using it
 * @ranges: the new ranges
 * @count: how many; at most what @md was created with
 * @direction: IODMACMD_DIR_* value
 * @physical: @ranges are CPU physical rather than kernel virtual
 *
 * IOKit's initWithOptions() on an existing descriptor, which drivers use
 * to recycle one descriptor per packet. Kept mappings of the old memory are
 * freed; the references and the mapper stay.
 *
 * Return: kIOReturnSuccess; kIOReturnBadArgument for another kind or bad
 * ranges; kIOReturnNoSpace for more ranges than the descriptor has room
 * for; kIOReturnBusy while prepared or used by a command (logged).
 */
IOReturn __iodmacmd_md_reinit_ranges(struct iodmacmd_md *md, const struct iodmacmd_range *ranges,
				     u32 count, u32 direction, bool physical)
{
	struct md_ranges *mr = to_md_ranges(md);
	IOReturn ret;
	u64 total;

	if (!iodmacmd_md_is_ranges(md))
		return kIOReturnBadArgument;
	ret = check_ranges(ranges, count, direction, physical, &total);
	if (ret)
		return ret;
	if (count > mr->capacity) {
		pr_warn_ratelimited("re-initialised with %u ranges: the descriptor was made for %u\n",
				    count, mr->capacity);
		return kIOReturnNoSpace;
	}
	mutex_lock(&md->lock);
	if (md->wire_count || iodmacmd_mapping_drop_idle_locked(md)) {
		mutex_unlock(&md->lock);
		pr_warn_ratelimited("re-initialisation refused: the descriptor is prepared or a command uses it\n");
		return kIOReturnBusy;
	}
	memcpy(mr->ranges, ranges, array_size(count, sizeof(*ranges)));
	mr->nr_ranges = count;
	md->ops = physical ? &md_phys_ops : &md_kernel_ops;
	WRITE_ONCE(md->length, total);
	md->direction = direction & IODMACMD_DIR_MASK;
	mutex_unlock(&md->lock);
	return kIOReturnSuccess;
}

struct iodmacmd_md *__iodmacmd_md_create_kernel(const struct iodmacmd_range *ranges,
						u32 count, u32 direction, IOReturn *ret)
{
	return create_ranges(ranges, count, direction, false, ret);
}

struct iodmacmd_md *__iodmacmd_md_create_phys(const struct iodmacmd_range *ranges,
					      u32 count, u32 direction, IOReturn *ret)
{
	return create_ranges(ranges, count, direction, true, ret);
}

/* The page pointers are copied; the pages themselves stay the caller's. */
struct md_pages {
	struct iodmacmd_md md;
	u32 offset;
	u32 nr_pages;
	struct page *pages[];
};

static struct md_pages *to_md_pages(struct iodmacmd_md *md)
{
	return container_of(md, struct md_pages, md);
}

static int md_pages_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			 iodmacmd_piece_fn fn, void *ctx)
{
	struct md_pages *mp = to_md_pages(md);
	u64 pos = mp->offset + offset;
	int ret;

	while (len) {
		u64 in_page = PAGE_SIZE - offset_in_page(pos);
		u64 step = min(in_page, len);

		ret = fn(ctx, page_to_phys(mp->pages[pos >> PAGE_SHIFT]) + offset_in_page(pos),
			 step);
		if (ret)
			return ret;
		pos += step;
		len -= step;
	}
	return 0;
}

static void md_pages_release(struct iodmacmd_md *md)
{
	kvfree(to_md_pages(md));
}

static const struct iodmacmd_md_ops md_pages_ops = {
	.walk = md_pages_walk,
	.release = md_pages_release,
};

struct iodmacmd_md *__iodmacmd_md_create_pages(struct page **pages, u32 nr_pages,
					       u32 offset, u64 length, u32 direction,
					       IOReturn *ret)
{
	struct md_pages *mp;
	u32 i;

	*ret = kIOReturnBadArgument;
	/*
	 * The end is compared without adding: offset + length wraps for a
	 * length near U64_MAX, and the walk would then run past the array.
	 * The array holds at least one page, so the subtraction cannot wrap.
	 */
	if (IS_ERR_OR_NULL(pages) || !nr_pages || nr_pages > IODMACMD_MAX_PAGES || !length ||
	    offset >= PAGE_SIZE || (direction & ~IODMACMD_DIR_MASK) ||
	    length > ((u64)nr_pages << PAGE_SHIFT) - offset)
		return NULL;
	for (i = 0; i < nr_pages; i++)
		if (IS_ERR_OR_NULL(pages[i]))
			return NULL;
	*ret = kIOReturnNoMemory;
	mp = kvzalloc(struct_size(mp, pages, nr_pages), GFP_KERNEL | __GFP_NOWARN);
	if (!mp)
		return NULL;
	mp->nr_pages = nr_pages;
	mp->offset = offset;
	memcpy(mp->pages, pages, array_size(nr_pages, sizeof(*pages)));
	iodmacmd_md_init(&mp->md, &md_pages_ops, length, direction);
	*ret = kIOReturnSuccess;
	return &mp->md;
}

/* A borrowed sg_table: the caller keeps it alive while the descriptor is. */
struct md_sgtable {
	struct iodmacmd_md md;
	struct sg_table *sgt;
};

static int md_sgtable_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			   iodmacmd_piece_fn fn, void *ctx)
{
	struct md_sgtable *ms = container_of(md, struct md_sgtable, md);
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	for_each_sgtable_sg(ms->sgt, sg, i) {
		u64 step;

		if (!len)
			break;
		if (offset >= sg->length) {
			offset -= sg->length;
			continue;
		}
		step = min_t(u64, sg->length - offset, len);
		ret = fn(ctx, sg_phys(sg) + offset, step);
		if (ret)
			return ret;
		offset = 0;
		len -= step;
	}
	return 0;
}

static void md_sgtable_release(struct iodmacmd_md *md)
{
	kfree(container_of(md, struct md_sgtable, md));
}

static const struct iodmacmd_md_ops md_sgtable_ops = {
	.walk = md_sgtable_walk,
	.release = md_sgtable_release,
};

/**
 * iodmacmd_md_create_kernel() - describe kernel virtual memory
 * @ranges: kernel virtual address ranges (kmalloc, vmalloc, page_address()),
 *	copied; the memory itself must stay allocated while described
 * @count: number of ranges
 * @direction: IODMACMD_DIR_* value
 *
 * IOKit's withAddress() and withAddressRanges(..., kernel_task). Every page
 * of every range is checked: a vmalloc range must be mapped to the end
 * (not run into a guard page or unmapped address space), a linear-map range
 * must be RAM throughout (not span a hole), and no page may be reserved:
 * the kernel image (text, rodata, data, bss) and firmware memory are
 * refused, as the DMA API forbids them; so is the stack. Memory that is
 * not allocator memory but is RAM (a carve-out) can be described with
 * iodmacmd_md_create_phys(). A refused range is logged (rate-limited).
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or ERR_PTR(-EINVAL) for
 * %NULL or error-pointer @ranges, no or empty ranges, more than
 * IODMACMD_MAX_RANGES, a range that wraps or is not kernel memory as
 * above, or an unknown direction; ERR_PTR(-ENOMEM) when out of memory.
 */
struct iodmacmd_md *iodmacmd_md_create_kernel(const struct iodmacmd_range *ranges,
					      u32 count, u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(ranges))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_kernel(ranges, count, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_kernel, IODMACMD_NS);

/**
 * iodmacmd_md_create_phys() - describe CPU physical memory
 * @ranges: CPU physical address ranges of RAM, copied
 * @count: number of ranges
 * @direction: IODMACMD_DIR_* value
 *
 * IOKit's withPhysicalAddress() and withAddressRanges(..., NULL task). The
 * ranges must be RAM with struct pages, because the DMA API maps pages;
 * device memory belongs to dma_map_resource(), not to a descriptor.
 *
 * Context: process context, may sleep.
 * Return: the descriptor, ERR_PTR(-EINVAL) for %NULL or error-pointer
 * @ranges, no ranges, more than IODMACMD_MAX_RANGES, an empty, wrapping or
 * non-RAM range or an unknown direction, or ERR_PTR(-ENOMEM).
 */
struct iodmacmd_md *iodmacmd_md_create_phys(const struct iodmacmd_range *ranges,
					    u32 count, u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(ranges))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_phys(ranges, count, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_phys, IODMACMD_NS);

/**
 * iodmacmd_md_create_pages() - describe part of an array of pages
 * @pages: the pages, in order; the array is copied, the pages are not
 *	referenced and must outlive the descriptor
 * @nr_pages: entries in @pages, at most IODMACMD_MAX_PAGES
 * @offset: offset of the first byte in @pages[0], below PAGE_SIZE
 * @length: bytes, which must fit in the pages after @offset
 * @direction: IODMACMD_DIR_* value
 *
 * Context: process context, may sleep.
 * Return: the descriptor, ERR_PTR(-EINVAL) for %NULL or error-pointer
 * @pages, inconsistent arguments (a @length that does not fit, however
 * large), more than IODMACMD_MAX_PAGES pages, or a %NULL or error-pointer
 * page, or ERR_PTR(-ENOMEM).
 */
struct iodmacmd_md *iodmacmd_md_create_pages(struct page **pages, u32 nr_pages,
					     u32 offset, u64 length, u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(pages))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_pages(pages, nr_pages, offset, length, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_pages, IODMACMD_NS);

/**
 * iodmacmd_md_create_sgtable() - describe the CPU side of an sg_table
 * @sgt: a table whose entries (orig_nents) describe the memory; it is
 *	borrowed, not copied, and must outlive the descriptor unchanged
 * @direction: IODMACMD_DIR_* value
 *
 * A Linux extension: memory another subsystem already gathered (a block
 * request, a dma-buf) can be handed to a command as it is.
 *
 * Context: process context, may sleep.
 * Return: the descriptor, ERR_PTR(-EINVAL) for a %NULL, error-pointer or
 * empty table, an empty entry or an unknown direction, or ERR_PTR(-ENOMEM).
 */
struct iodmacmd_md *iodmacmd_md_create_sgtable(struct sg_table *sgt, u32 direction)
{
	struct md_sgtable *ms;
	struct scatterlist *sg;
	unsigned int i;
	u64 total = 0;

	if (iodmacmd_bad_ptr(sgt))
		return ERR_PTR(-EINVAL);
	if (!sgt->orig_nents || (direction & ~IODMACMD_DIR_MASK))
		return ERR_PTR(-EINVAL);
	for_each_sgtable_sg(sgt, sg, i) {
		if (!sg->length)
			return ERR_PTR(-EINVAL);
		total += sg->length;
	}
	ms = kzalloc(sizeof(*ms), GFP_KERNEL);
	if (!ms)
		return ERR_PTR(-ENOMEM);
	ms->sgt = sgt;
	iodmacmd_md_init(&ms->md, &md_sgtable_ops, total, direction);
	return &ms->md;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_sgtable, IODMACMD_NS);

/**
 * iodmacmd_md_get() - take a reference (IOKit's retain())
 * @md: the descriptor
 *
 * A %NULL or error-pointer @md is refused (logged once), taking nothing.
 *
 * Context: any context.
 */
void iodmacmd_md_get(struct iodmacmd_md *md)
{
	if (iodmacmd_bad_ptr(md))
		return;
	kref_get(&md->ref);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_get, IODMACMD_NS);

static void md_free(struct kref *ref)
{
	struct iodmacmd_md *md = container_of(ref, struct iodmacmd_md, ref);

	iodmacmd_obs_md_destroy(md);
	/* Its own mapping ends with it; commands' ones must be gone. */
	if (md->own_map)
		iodmacmd_mapping_forget_user(md->own_map);
	WARN_ON(iodmacmd_mapping_release_all(md));
	put_device(md->mapper);
	if (md->wire_count) {
		pr_warn("descriptor released while prepared %u times: completing it\n",
			md->wire_count);
		if (md->ops->unwire)
			md->ops->unwire(md);
	}
	mutex_destroy(&md->lock);
	md->ops->release(md);
	module_put(THIS_MODULE);
}

/**
 * iodmacmd_md_put() - drop a reference (IOKit's release())
 * @md: the descriptor, %NULL or an error pointer
 *
 * The last reference frees the descriptor. Releasing one that is still
 * prepared logs a warning and completes it first. %NULL and error
 * pointers (a failed constructor's result) are ignored, as kfree() ignores
 * %NULL, so cleanup paths need no test.
 *
 * Context: process context, may sleep.
 */
void iodmacmd_md_put(struct iodmacmd_md *md)
{
	if (!IS_ERR_OR_NULL(md))
		kref_put(&md->ref, md_free);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_put, IODMACMD_NS);

/**
 * iodmacmd_md_length() - total bytes described
 * @md: the descriptor
 *
 * Context: any context.
 * Return: the length (IOKit's getLength()), or 0 for a %NULL or
 * error-pointer @md (logged once).
 */
u64 iodmacmd_md_length(const struct iodmacmd_md *md)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return md->length;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_length, IODMACMD_NS);

/**
 * iodmacmd_md_direction() - the direction given at creation
 * @md: the descriptor
 *
 * Context: any context.
 * Return: an IODMACMD_DIR_* value (IOKit's getDirection()), or
 * IODMACMD_DIR_NONE for a %NULL or error-pointer @md (logged once).
 */
u32 iodmacmd_md_direction(const struct iodmacmd_md *md)
{
	if (iodmacmd_bad_ptr(md))
		return IODMACMD_DIR_NONE;
	return md->direction;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_direction, IODMACMD_NS);

/* Undoes one prepare, under the lock: the last one lets the memory go. */
static void md_unwire_locked(struct iodmacmd_md *md)
{
	lockdep_assert_held(&md->lock);
	if (!--md->wire_count) {
		/* Unmap what the descriptor kept before its memory is let go. */
		iodmacmd_mapping_release_idle_locked(md);
		if (md->ops->unwire)
			md->ops->unwire(md);
	}
}

/*
 * The first prepare of a descriptor with a mapper maps all of it for that
 * device, as IOKit maps a prepared descriptor into the system mapper: the
 * bus addresses iodmacmd_md_bus_segment() returns exist from then on, and
 * commands for the same device share the mapping.
 */
static IOReturn map_for_mapper(struct iodmacmd_md *md)
{
	struct iodmacmd_mapping *map;
	IOReturn ret;

	/*
	 * Memory the device cannot reach without a bounce, and memory another
	 * writable mapping holds, is not mapped here: the prepare succeeds (a
	 * command for the device bounces it, as IOKit's sequence expects) and
	 * the physical segments stay the CPU's. Only the device's own mapping
	 * failing (no memory, no IOMMU space) fails the prepare.
	 */
	if (iodmacmd_mapping_reaches(md->mapper, md, 0, md->length, NULL)) {
		dev_dbg_ratelimited(md->mapper, "iodmacmd: descriptor of %#llx bytes out of the device's reach: not mapped at prepare (commands bounce it)\n",
				    md->length);
		return kIOReturnSuccess;
	}
	map = iodmacmd_mapping_get(md, md->mapper, true, 0, md->length, &ret);
	if (!map)
		return ret == kIOReturnExclusiveAccess ? kIOReturnSuccess : ret;
	mutex_lock(&md->lock);
	if (md->own_map || md->wire_count != 1) {
		/* A racing prepare or complete got there first: not ours to keep. */
		mutex_unlock(&md->lock);
		iodmacmd_mapping_put(map);
		return kIOReturnSuccess;
	}
	md->own_map = map;
	mutex_unlock(&md->lock);
	return kIOReturnSuccess;
}

IOReturn __iodmacmd_md_prepare(struct iodmacmd_md *md, u32 direction)
{
	IOReturn ret = kIOReturnSuccess;
	bool first;

	if (direction & ~IODMACMD_DIR_MASK)
		return kIOReturnBadArgument;
	mutex_lock(&md->lock);
	first = !md->wire_count;
	if (first && md->ops->wire)
		ret = md->ops->wire(md);
	if (ret == kIOReturnSuccess)
		md->wire_count++;
	first = first && !ret && md->mapper && md->length;
	mutex_unlock(&md->lock);
	if (first) {
		ret = map_for_mapper(md);
		if (ret) {
			mutex_lock(&md->lock);
			md_unwire_locked(md);
			mutex_unlock(&md->lock);
		}
	}
	return ret;
}

IOReturn __iodmacmd_md_complete(struct iodmacmd_md *md, u32 direction)
{
	struct iodmacmd_mapping *own = NULL;
	IOReturn ret = kIOReturnSuccess;

	if (direction & ~IODMACMD_DIR_MASK)
		return kIOReturnBadArgument;
	mutex_lock(&md->lock);
	if (!md->wire_count) {
		mutex_unlock(&md->lock);
		return kIOReturnNotReady;
	}
	if (md->wire_count == 1) {
		own = md->own_map;
		md->own_map = NULL;
	}
	mutex_unlock(&md->lock);
	if (own) {
		/* What the device wrote reaches the CPU, as IOKit's complete(). */
		iodmacmd_mapping_sync(own, 0, own->length, false);
		iodmacmd_mapping_put(own);
	}
	mutex_lock(&md->lock);
	if (md->wire_count)
		md_unwire_locked(md);
	else
		ret = kIOReturnNotReady;
	mutex_unlock(&md->lock);
	return ret;
}

/**
 * iodmacmd_md_set_mapper() - the device a descriptor maps itself for
 * @md: the descriptor, not prepared
 * @dev: the device, or %NULL for none
 *
 * IOKit's withOptions(..., mapper) (and the system mapper every other
 * IOKit descriptor has): from the next first iodmacmd_md_prepare() to the
 * last iodmacmd_md_complete() the whole descriptor is mapped for @dev, and
 * iodmacmd_md_bus_segment() returns @dev's addresses. Commands for @dev
 * share that mapping.
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL for a %NULL or error-pointer @md (logged once) or an
 * error-pointer @dev; -EBUSY while @md is prepared.
 */
int iodmacmd_md_set_mapper(struct iodmacmd_md *md, struct device *dev)
{
	struct device *old;

	if (iodmacmd_bad_ptr(md) || (dev && iodmacmd_bad_ptr(dev)))
		return -EINVAL;
	mutex_lock(&md->lock);
	if (md->wire_count) {
		mutex_unlock(&md->lock);
		return -EBUSY;
	}
	old = md->mapper;
	md->mapper = get_device(dev);
	mutex_unlock(&md->lock);
	put_device(old);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_set_mapper, IODMACMD_NS);

/* For the Apple face's factories: a new descriptor's system mapper. */
void iodmacmd_md_set_mapper_new(struct iodmacmd_md *md, struct device *mapper)
{
	md->mapper = get_device(mapper);
}

/**
 * __iodmacmd_md_set_direction() - change a descriptor's direction
 * @md: the descriptor, not prepared
 * @direction: IODMACMD_DIR_* value
 *
 * IOKit's setDirection(). Kept mappings were made for the old direction and
 * are freed.
 *
 * Return: kIOReturnSuccess; kIOReturnBadArgument for an unknown direction;
 * kIOReturnBusy while prepared or used by a command (logged).
 */
IOReturn __iodmacmd_md_set_direction(struct iodmacmd_md *md, u32 direction)
{
	if (direction & ~IODMACMD_DIR_MASK)
		return kIOReturnBadArgument;
	mutex_lock(&md->lock);
	if (md->wire_count || iodmacmd_mapping_drop_idle_locked(md)) {
		mutex_unlock(&md->lock);
		pr_warn_ratelimited("setDirection refused: the descriptor is prepared or a command uses it\n");
		return kIOReturnBusy;
	}
	md->direction = direction;
	mutex_unlock(&md->lock);
	return kIOReturnSuccess;
}

/**
 * iodmacmd_md_prepare() - make the memory resident for DMA
 * @md: the descriptor
 * @direction: IODMACMD_DIR_* value, or 0 for the descriptor's own
 *
 * Calls nest: the memory stays resident until the matching number of
 * iodmacmd_md_complete() calls. Kernel and physical memory is always
 * resident, so for them this only counts. While prepared, the DMA mappings
 * commands make of the descriptor stay mapped after the commands complete,
 * as in IOKit: a bus address a driver stored stays valid, and later
 * commands only sync.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a %NULL or error-pointer @md (logged once) or an
 * unknown direction, or the error of making user memory resident (-EFAULT
 * for memory that is not mapped as the direction needs, -ENOMEM, or
 * -EINTR / -ERESTARTSYS when a fatal signal stops the pinning).
 */
int iodmacmd_md_prepare(struct iodmacmd_md *md, u32 direction)
{
	if (iodmacmd_bad_ptr(md))
		return -EINVAL;
	return iodmacmd_errno(__iodmacmd_md_prepare(md, direction));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_prepare, IODMACMD_NS);

/**
 * iodmacmd_md_complete() - undo one iodmacmd_md_prepare()
 * @md: the descriptor
 * @direction: IODMACMD_DIR_* value, or 0 for the descriptor's own
 *
 * The last one unmaps the mappings no command is using, then lets the
 * memory go (unpins user memory).
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a %NULL or error-pointer @md (logged once) or an
 * unknown direction, or -EBUSY (kIOReturnNotReady) when the descriptor is
 * not prepared.
 */
int iodmacmd_md_complete(struct iodmacmd_md *md, u32 direction)
{
	if (iodmacmd_bad_ptr(md))
		return -EINVAL;
	return iodmacmd_errno(__iodmacmd_md_complete(md, direction));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_complete, IODMACMD_NS);

struct copy_ctx {
	u8 *buf;
	const u8 *src;
	bool to_memory;
};

static int copy_piece(void *ctx, phys_addr_t phys, u64 len)
{
	struct copy_ctx *c = ctx;

	while (len) {
		u32 off = offset_in_page(phys);
		u32 step = min_t(u64, PAGE_SIZE - off, len);
		void *va = kmap_local_page(pfn_to_page(PHYS_PFN(phys)));

		if (!c->to_memory)
			memcpy(c->buf, va + off, step);
		else if (c->src)
			memcpy(va + off, c->src, step);
		else
			memset(va + off, 0, step);
		kunmap_local(va);
		if (c->to_memory && c->src)
			c->src += step;
		else if (!c->to_memory)
			c->buf += step;
		phys += step;
		len -= step;
	}
	return 0;
}

static bool range_inside(const struct iodmacmd_md *md, u64 offset, u64 len)
{
	return len && offset < md->length && len <= md->length - offset;
}

/**
 * iodmacmd_md_read() - copy bytes out of the described memory
 * @md: the descriptor
 * @offset: first byte
 * @buf: destination
 * @len: bytes
 *
 * As in current xnu, nothing is copied unless the whole range lies inside
 * the descriptor.
 *
 * Context: any context that may touch the memory.
 * Return: bytes copied: @len, or 0 for a range that does not fit (however
 * large @offset and @len are), a %NULL @buf, user memory that is not
 * prepared, or a %NULL or error-pointer @md (logged once).
 */
u64 iodmacmd_md_read(struct iodmacmd_md *md, u64 offset, void *buf, u64 len)
{
	struct copy_ctx c = { .buf = buf, .to_memory = false };

	if (iodmacmd_bad_ptr(md))
		return 0;
	if (!buf || !range_inside(md, offset, len))
		return 0;
	if (md->ops->cpu_address) {
		memcpy(buf, md->ops->cpu_address(md) + offset, len);
		return len;
	}
	/* Walking fails only for memory that is not resident (unwired user memory). */
	if (md->ops->walk(md, offset, len, copy_piece, &c))
		return 0;
	return len;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_read, IODMACMD_NS);

/**
 * iodmacmd_md_write() - copy bytes into the described memory
 * @md: the descriptor
 * @offset: first byte
 * @buf: source, or %NULL to fill with zeros (as IOKit does)
 * @len: bytes
 *
 * User memory described for the Out direction only is pinned read-only and
 * may be shared with other mappings (the zero page, a copy-on-write page):
 * writing it would change memory the process never let the kernel write.
 * Such a descriptor, and a window or concatenation holding one, is refused
 * (logged, rate-limited), so a bounce buffer's copy back into it
 * (iodmacmd_synchronize(IODMACMD_SYNC_IN)) fails short too.
 *
 * Context: any context that may touch the memory.
 * Return: bytes copied: @len, or 0 for a range that does not fit (however
 * large @offset and @len are), memory the CPU must not write (above), user
 * memory that is not prepared, or a %NULL or error-pointer @md (logged
 * once).
 */
u64 iodmacmd_md_write(struct iodmacmd_md *md, u64 offset, const void *buf, u64 len)
{
	struct copy_ctx c = { .src = buf, .to_memory = true };

	if (iodmacmd_bad_ptr(md))
		return 0;
	if (!range_inside(md, offset, len))
		return 0;
	if (!md->cpu_writable) {
		pr_warn_ratelimited("write of %#llx bytes at %#llx refused: user memory pinned read-only (direction Out)\n",
				    len, offset);
		return 0;
	}
	if (md->ops->cpu_address) {
		if (buf)
			memcpy(md->ops->cpu_address(md) + offset, buf, len);
		else
			memset(md->ops->cpu_address(md) + offset, 0, len);
		return len;
	}
	if (md->ops->walk(md, offset, len, copy_piece, &c))
		return 0;
	return len;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_write, IODMACMD_NS);

struct phys_seg_ctx {
	phys_addr_t start;
	u64 len;
};

/* Extends the run while pieces stay physically contiguous. */
static int phys_seg_piece(void *ctx, phys_addr_t phys, u64 len)
{
	struct phys_seg_ctx *c = ctx;

	if (!c->len)
		c->start = phys;
	else if (c->start + c->len != phys)
		return 1;
	c->len += len;
	return 0;
}

/**
 * iodmacmd_md_phys_segment() - CPU physical address of a byte
 * @md: the descriptor
 * @offset: the byte
 * @length: set to the bytes physically contiguous from there; may be %NULL
 *
 * IOKit's getPhysicalSegment(offset, &length, kIOMemoryMapperNone): always
 * the CPU physical address. A device's view of the memory (an IOVA under
 * an IOMMU) comes from a command's segments or iodmacmd_md_bus_segment().
 *
 * Context: any context.
 * Return: the physical address, or 0 (and *@length 0) past the end, for
 * user memory that is not prepared, or for a %NULL or error-pointer @md
 * (logged once).
 */
u64 iodmacmd_md_phys_segment(struct iodmacmd_md *md, u64 offset, u64 *length)
{
	struct phys_seg_ctx c = {};

	if (iodmacmd_bad_ptr(md)) {
		if (length)
			*length = 0;
		return 0;
	}
	if (offset < md->length)
		md->ops->walk(md, offset, md->length - offset, phys_seg_piece, &c);
	if (length)
		*length = c.len;
	return c.len ? c.start : 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_phys_segment, IODMACMD_NS);

u64 __iodmacmd_md_bus_segment(struct iodmacmd_md *md, u64 offset, u64 *length)
{
	u64 at = offset, bus, len;
	struct iodmacmd_md *m;

	might_sleep();
	if (offset >= md->length)
		return iodmacmd_md_phys_segment(md, offset, length);
	/* A window's own mappings first, then its parent's, outwards. */
	for (m = md; m; m = iodmacmd_md_sub_parent(m, &at)) {
		if (iodmacmd_mapping_bus_address(m, at, &bus, &len)) {
			if (length)
				*length = min(len, md->length - offset);
			return bus;
		}
	}
	return iodmacmd_md_phys_segment(md, offset, length);
}

/**
 * iodmacmd_md_bus_segment() - the address a device uses for a byte
 * @md: the descriptor
 * @offset: the byte
 * @length: set to the bytes contiguous for that device from there; may be
 *	%NULL
 *
 * IOKit's getPhysicalSegment(offset, &length, 0), which returns the system
 * mapper's address of a prepared descriptor. Which device, when several
 * have the byte: a shared buffer's own device (always); else the
 * descriptor's mapper (iodmacmd_md_set_mapper(), the Apple face's
 * provider) while the descriptor is prepared; else the device of the
 * oldest mapping a command has made of it (which stays while the
 * descriptor is prepared); a window also looks at its parent's. When no
 * device has it mapped: the CPU physical address, as
 * iodmacmd_md_phys_segment().
 *
 * Context: process context, may sleep.
 * Return: the address, or 0 (and *@length 0) past the end, for user
 * memory that is not prepared, or for a %NULL or error-pointer @md (logged
 * once).
 */
u64 iodmacmd_md_bus_segment(struct iodmacmd_md *md, u64 offset, u64 *length)
{
	if (iodmacmd_bad_ptr(md)) {
		if (length)
			*length = 0;
		return 0;
	}
	return __iodmacmd_md_bus_segment(md, offset, length);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_bus_segment, IODMACMD_NS);
