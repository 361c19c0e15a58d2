// SPDX-License-Identifier: GPL-2.0
/*
 * IOBufferMemoryDescriptor: kernel memory the descriptor allocates itself,
 * zeroed and always resident, with a length that can change up to the
 * capacity (setLength(), appendBytes()).
 *
 * The memory is always whole pages, kept in a page array that walk() reads,
 * whatever the layout:
 *
 * - physically contiguous: one buddy block of the order the capacity or the
 *   alignment needs, split into single pages, of which the ones past the
 *   capacity are freed at once (as alloc_pages_exact() does). Buddy blocks
 *   are naturally aligned, which is how an alignment above a page is met.
 *   This layout serves IODMACMD_BUFFER_CONTIGUOUS, any alignment above a
 *   page (only the buddy allocator aligns physical memory beyond a page, so
 *   such a buffer is contiguous whatever the options say, as in xnu) and
 *   any single-page buffer;
 * - otherwise one page at a time, mapped for the CPU with vmap().
 *
 * A physical mask is met page by page in either layout, so a masked buffer
 * does not have to be contiguous (nor limited to the largest buddy block),
 * as xnu's IOKernelAllocateWithPhysicalRestrict() allocates a
 * non-contiguous masked buffer page by page. Each allocation starts in the
 * zone the mask suggests (ZONE_DMA below 16 MiB, ZONE_DMA32 below 4 GiB),
 * is checked against the mask and, when it lies above it, is retried in
 * the next lower zone, as dma-direct's __dma_direct_alloc_pages() does.
 * The mask's low zero bits set the alignment, at least a page (xnu's
 * inTaskWithPhysicalMask()).
 *
 * A shared buffer (iodmacmd_buffer_create_coherent()) is different memory:
 * DMA-coherent memory for one device, from dma_alloc_attrs(), which the
 * CPU and that device use at the same time with no sync call (descriptor
 * rings, status blocks). Only the DMA API knows how to make such memory on
 * every platform: uncached or remapped on a non-coherent arm64 device,
 * contiguous in IOVA space behind an IOMMU, decrypted in a confidential
 * guest, never in swiotlb's bounce slots. Its page array (for walk(), so
 * that other devices and copies still work) comes from dma_get_sgtable();
 * the CPU uses the address the DMA API gave, never the linear map's alias.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "errno_face.h"
#include "checks.h"
#include "md.h"

#define BUFFER_OPTIONS	(IODMACMD_DIR_MASK | IODMACMD_BUFFER_CONTIGUOUS)

/**
 * struct md_buffer - a buffer descriptor
 * @md: the common part; &iodmacmd_md.length is the buffer's length, changed
 *	under &iodmacmd_md.lock
 * @capacity: bytes allocated for the caller (the pages hold more, rounded
 *	up to whole pages)
 * @va: the kernel virtual address of the first byte
 * @vmapped: @va comes from vmap()
 * @nr_pages: entries in @pages
 * @dev: for a shared buffer, the device its memory is coherent for,
 *	referenced; else %NULL
 * @dma: a shared buffer's bus address for @dev
 * @alloc_size: a shared buffer's size as allocated
 * @attrs: a shared buffer's DMA attributes (write-combining)
 * @pages: the memory, in order; each is a single page to free (a shared
 *	buffer's belong to the DMA API)
 *
 * Every field is set once, at creation.
 */
struct md_buffer {
	struct iodmacmd_md md;
	u64 capacity;
	void *va;
	bool vmapped;
	unsigned long nr_pages;
	struct device *dev;
	dma_addr_t dma;
	size_t alloc_size;
	unsigned long attrs;
	struct page *pages[];
};

static const struct iodmacmd_md_ops md_buffer_ops;
static const struct iodmacmd_md_ops md_shared_buffer_ops;

/* @md has passed iodmacmd_bad_ptr(); another kind of descriptor gives NULL. */
static struct md_buffer *to_md_buffer(struct iodmacmd_md *md)
{
	if (md->ops != &md_buffer_ops && md->ops != &md_shared_buffer_ops)
		return NULL;
	return container_of(md, struct md_buffer, md);
}

/* Walks from any byte up to the capacity, even past the current length. */
static int md_buffer_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			  iodmacmd_piece_fn fn, void *ctx)
{
	struct md_buffer *mb = container_of(md, struct md_buffer, md);
	int ret;

	if (offset >= mb->capacity)
		return 0;
	len = min(len, mb->capacity - offset);
	while (len) {
		phys_addr_t phys = page_to_phys(mb->pages[offset >> PAGE_SHIFT]) +
				   offset_in_page(offset);
		u64 step = min_t(u64, PAGE_SIZE - offset_in_page(offset), len);

		/* One piece per run of physically consecutive pages. */
		while (step < len &&
		       page_to_phys(mb->pages[(offset + step) >> PAGE_SHIFT]) == phys + step)
			step += min_t(u64, PAGE_SIZE, len - step);
		ret = fn(ctx, phys, step);
		if (ret)
			return ret;
		offset += step;
		len -= step;
	}
	return 0;
}

static void free_buffer_pages(struct md_buffer *mb)
{
	unsigned long i;

	for (i = 0; i < mb->nr_pages; i++)
		if (mb->pages[i])
			__free_page(mb->pages[i]);
}

static void md_buffer_release(struct iodmacmd_md *md)
{
	struct md_buffer *mb = container_of(md, struct md_buffer, md);

	if (mb->dev) {
		dma_free_attrs(mb->dev, mb->alloc_size, mb->va, mb->dma, mb->attrs);
		put_device(mb->dev);
	} else {
		if (mb->vmapped)
			vunmap(mb->va);
		free_buffer_pages(mb);
	}
	kvfree(mb);
}

static void *md_buffer_cpu_address(struct iodmacmd_md *md)
{
	return container_of(md, struct md_buffer, md)->va;
}

/* Always resident: no wire op, prepare and complete only count. */
static const struct iodmacmd_md_ops md_buffer_ops = {
	.walk = md_buffer_walk,
	.release = md_buffer_release,
	.cpu_address = md_buffer_cpu_address,
};

/* The coherent bus address, for its own device (or when none is named). */
static bool md_shared_buffer_device_address(struct iodmacmd_md *md, struct device *dev,
					    u64 offset, u64 *bus, u64 *len)
{
	struct md_buffer *mb = container_of(md, struct md_buffer, md);

	if ((dev && dev != mb->dev) || offset >= mb->capacity)
		return false;
	*bus = mb->dma + offset;
	*len = mb->capacity - offset;
	return true;
}

static const struct iodmacmd_md_ops md_shared_buffer_ops = {
	.walk = md_buffer_walk,
	.release = md_buffer_release,
	.device_address = md_shared_buffer_device_address,
	.cpu_address = md_buffer_cpu_address,
};

/*
 * 2^@order zeroed pages whose last byte is at most @limit, or NULL: from the
 * zone @limit suggests, then from each lower zone while the memory lands
 * above @limit. Every result is checked, since a zone only bounds it
 * roughly (ZONE_DMA32 ends at 4 GiB, not at a 28-bit mask). A plain failure
 * is final: the allocator has already fallen back to the lower zones. A
 * buffer is a driver's request, never worth the OOM killer: the allocator
 * tries hard (__GFP_RETRY_MAYFAIL) and then fails, silently, and the
 * caller gets -ENOMEM.
 */
static struct page *alloc_below(unsigned int order, u64 limit)
{
	static const gfp_t zones[] = { 0, GFP_DMA32, GFP_DMA };
	unsigned int i = limit < SZ_16M ? 2 : limit <= U32_MAX ? 1 : 0;
	u64 size = (u64)PAGE_SIZE << order;

	for (; i < ARRAY_SIZE(zones); i++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN |
						__GFP_RETRY_MAYFAIL | zones[i], order);

		if (!page || page_to_phys(page) + size - 1 <= limit)
			return page;
		__free_pages(page, order);
	}
	return NULL;
}

static IOReturn alloc_contiguous(struct md_buffer *mb, u64 alignment, u64 limit)
{
	u64 bytes = max_t(u64, (u64)mb->nr_pages << PAGE_SHIFT, alignment);
	unsigned int order;
	struct page *page;
	unsigned long i;

	if (bytes > (u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT) {
		pr_warn_ratelimited("contiguous buffer of %#llx bytes aligned to %#llx: beyond the largest page block\n",
				    mb->capacity, alignment);
		return kIOReturnNoMemory;
	}
	order = get_order(bytes);
	page = alloc_below(order, limit);
	if (!page)
		return kIOReturnNoMemory;
	/* Single pages, so that the tail past the capacity can go back now. */
	split_page(page, order);
	for (i = 0; i < (1UL << order); i++) {
		if (i < mb->nr_pages)
			mb->pages[i] = page + i;
		else
			__free_page(page + i);
	}
	mb->va = page_address(page);
	return kIOReturnSuccess;
}

static IOReturn alloc_paged(struct md_buffer *mb, u64 limit)
{
	unsigned long i;

	for (i = 0; i < mb->nr_pages; i++) {
		mb->pages[i] = alloc_below(0, limit);
		if (!mb->pages[i])
			return kIOReturnNoMemory;
		cond_resched();
	}
	mb->va = vmap(mb->pages, mb->nr_pages, VM_MAP, PAGE_KERNEL);
	if (!mb->va)
		return kIOReturnNoMemory;
	mb->vmapped = true;
	return kIOReturnSuccess;
}

/*
 * A physical mask is a run of ones above a run of zeros (0xFFFFF000): the
 * ones bound the highest address, the zeros set the alignment. Sets
 * *@limit to the highest byte address allowed and raises *@alignment.
 */
static bool mask_ok(u64 mask, u64 *limit, u64 *alignment)
{
	u64 low = ~mask & (mask - 1);	/* the zeros below the lowest one */

	*limit = mask | low;
	if (*limit & (*limit + 1))	/* not 2^n - 1: a hole in the ones */
		return false;
	*alignment = max3(*alignment, low + 1, (u64)PAGE_SIZE);
	return true;
}

/*
 * What every buffer starts with: the arguments checked (@allowed option
 * bits), *@limit and *@alignment set from the mask, and the descriptor
 * with an empty page array for the capacity. Return: it, or NULL with
 * *@ret set.
 */
static struct md_buffer *md_buffer_new(u32 allowed, u32 options, u64 capacity,
				       u64 *alignment, u64 physical_mask, u64 *limit,
				       IOReturn *ret)
{
	struct md_buffer *mb;
	unsigned long nr_pages;

	*limit = U64_MAX;
	*ret = kIOReturnBadArgument;
	if ((options & ~allowed) || !capacity || (*alignment && !is_power_of_2(*alignment)))
		return NULL;
	if (physical_mask && !mask_ok(physical_mask, limit, alignment)) {
		pr_warn_ratelimited("physical mask %#llx is not a run of ones above a run of zeros\n",
				    physical_mask);
		return NULL;
	}
	/*
	 * More than the machine's RAM can never be had, and the page array of
	 * such a capacity is itself beyond kvmalloc(), which warns for it:
	 * refused before anything is allocated. IODMACMD_MAX_PAGES keeps the
	 * array within kvmalloc() and vmap() on machines with more RAM.
	 */
	*ret = kIOReturnNoMemory;
	if (capacity > (u64)totalram_pages() << PAGE_SHIFT ||
	    capacity > (u64)IODMACMD_MAX_PAGES << PAGE_SHIFT) {
		pr_warn_ratelimited("buffer of %#llx bytes: more than %s\n", capacity,
				    capacity > (u64)totalram_pages() << PAGE_SHIFT ?
				    "the machine's memory" : "a buffer's largest size");
		return NULL;
	}
	nr_pages = DIV_ROUND_UP(capacity, PAGE_SIZE);
	mb = kvzalloc(struct_size(mb, pages, nr_pages), GFP_KERNEL | __GFP_NOWARN);
	if (!mb)
		return NULL;
	mb->capacity = capacity;
	mb->nr_pages = nr_pages;
	return mb;
}

struct iodmacmd_md *__iodmacmd_buffer_create(u32 options, u64 capacity, u64 alignment,
					     u64 physical_mask, IOReturn *ret)
{
	struct md_buffer *mb;
	bool contiguous;
	u64 limit;

	mb = md_buffer_new(BUFFER_OPTIONS, options, capacity, &alignment, physical_mask, &limit,
			   ret);
	if (!mb)
		return NULL;
	contiguous = (options & IODMACMD_BUFFER_CONTIGUOUS) || alignment > PAGE_SIZE ||
		     mb->nr_pages == 1;
	*ret = contiguous ? alloc_contiguous(mb, alignment, limit) : alloc_paged(mb, limit);
	if (*ret) {
		free_buffer_pages(mb);
		kvfree(mb);
		return NULL;
	}
	iodmacmd_md_init(&mb->md, &md_buffer_ops, capacity, options & IODMACMD_DIR_MASK);
	return &mb->md;
}

/* Fills the page array of a shared buffer from the DMA API's own table. */
static IOReturn shared_pages(struct md_buffer *mb)
{
	struct sg_table sgt;
	struct sg_page_iter iter;
	unsigned long i = 0;
	int err;

	err = dma_get_sgtable_attrs(mb->dev, &sgt, mb->va, mb->dma, mb->alloc_size, mb->attrs);
	if (err == -ENOMEM)
		return kIOReturnNoMemory;
	if (err) {
		dev_warn_ratelimited(mb->dev, "iodmacmd: shared buffer: the DMA API gives no page table for it (%d)\n",
				     err);
		return kIOReturnUnsupported;
	}
	for_each_sgtable_page(&sgt, &iter, 0) {
		if (i == mb->nr_pages)
			break;
		mb->pages[i++] = sg_page_iter_page(&iter);
	}
	sg_free_table(&sgt);
	return i == mb->nr_pages ? kIOReturnSuccess : kIOReturnInternalError;
}

/*
 * The DMA API allocates for the device's coherent mask, which may be wider
 * than the buffer's mask: the result is checked, and a buffer the mask
 * cannot have is refused with what to do. Its alignment is the DMA API's
 * promise (the smallest power-of-two pages holding the size), so an
 * alignment above the size is met by allocating the alignment's size.
 */
static IOReturn alloc_shared(struct md_buffer *mb, u64 alignment, u64 limit)
{
	u64 size = max_t(u64, (u64)mb->nr_pages << PAGE_SHIFT, alignment);
	IOReturn ret;

	if (!mb->dev->coherent_dma_mask) {
		dev_warn_ratelimited(mb->dev, "iodmacmd: shared buffer refused: the device has no coherent DMA mask (dma_set_coherent_mask())\n");
		return kIOReturnNoResources;
	}
	if (size > SIZE_MAX)
		return kIOReturnNoMemory;
	mb->alloc_size = size;
	mb->va = dma_alloc_attrs(mb->dev, size, &mb->dma, GFP_KERNEL | __GFP_NOWARN, mb->attrs);
	if (!mb->va)
		return kIOReturnNoMemory;
	if (mb->dma + size - 1 > limit || (mb->dma & (alignment - 1))) {
		dev_warn_ratelimited(mb->dev, "iodmacmd: shared buffer at bus %pad+%#llx misses its mask %#llx or alignment %#llx: narrow the device's coherent DMA mask (dma_set_coherent_mask()) to what the buffer needs\n",
				     &mb->dma, size, limit, alignment);
		ret = kIOReturnNoResources;
		goto free;
	}
	ret = shared_pages(mb);
	if (ret)
		goto free;
	return kIOReturnSuccess;

free:
	dma_free_attrs(mb->dev, size, mb->va, mb->dma, mb->attrs);
	mb->va = NULL;
	return ret;
}

struct iodmacmd_md *__iodmacmd_buffer_create_coherent(struct device *dev, u32 options,
						      u64 capacity, u64 alignment,
						      u64 physical_mask, IOReturn *ret)
{
	struct md_buffer *mb;
	u64 limit;

	*ret = kIOReturnBadArgument;
	if (iodmacmd_bad_ptr(dev))
		return NULL;
	mb = md_buffer_new(BUFFER_OPTIONS | IODMACMD_BUFFER_WRITE_COMBINE, options, capacity,
			   &alignment, physical_mask, &limit, ret);
	if (!mb)
		return NULL;
	alignment = max_t(u64, alignment, PAGE_SIZE);
	mb->dev = get_device(dev);
	mb->attrs = (options & IODMACMD_BUFFER_WRITE_COMBINE) ? DMA_ATTR_WRITE_COMBINE : 0;
	*ret = alloc_shared(mb, alignment, limit);
	if (*ret) {
		put_device(mb->dev);
		kvfree(mb);
		return NULL;
	}
	iodmacmd_md_init(&mb->md, &md_shared_buffer_ops, capacity, options & IODMACMD_DIR_MASK);
	return &mb->md;
}

/**
 * iodmacmd_buffer_create_coherent() - allocate a buffer shared with a device
 * @dev: the device that uses the buffer while the CPU does
 * @options: an IODMACMD_DIR_* direction, optionally or-ed with
 *	IODMACMD_BUFFER_CONTIGUOUS (always true of the device's addresses) and
 *	IODMACMD_BUFFER_WRITE_COMBINE (write-combining CPU mapping, where the
 *	architecture has one)
 * @capacity: bytes, above 0
 * @alignment: alignment of the bus address, a power of two, or 0 (a page)
 * @physical_mask: 0, or the mask every bus address of the buffer must fit
 *	(IOKit's inTaskWithPhysicalMask() bounds the mapper's addresses)
 *
 * IOKit's contiguous and uncached buffers (descriptor rings, status blocks)
 * as Linux makes them: DMA-coherent memory for @dev from
 * dma_alloc_attrs(). What the CPU stores through iodmacmd_buffer_bytes()
 * the device reads, and what the device writes the CPU loads, with no sync
 * call, with or without an IOMMU and under swiotlb=force (coherent memory
 * never bounces). The bus address for @dev is one run: a command preparing
 * the buffer for @dev generates it without mapping anything, and
 * iodmacmd_md_bus_segment() returns it at any time. Another device maps
 * the buffer's pages as any memory.
 *
 * The DMA API allocates for @dev's coherent mask: when that is wider than
 * @physical_mask and the memory lands above it, the buffer is refused
 * (logged, saying to narrow the mask), as is a device with no coherent mask.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, zeroed, its length @capacity;
 * ERR_PTR(-EINVAL) for a %NULL or error-pointer @dev (logged once), an
 * unknown option bit, a zero capacity, an alignment that is not a power of
 * two or a mask with a hole; ERR_PTR(-ENOMEM) when the memory cannot be had,
 * including memory that misses the mask or alignment and a device with no
 * coherent mask (kIOReturnNoResources, logged); ERR_PTR(-EOPNOTSUPP) when
 * the DMA API cannot describe the memory's pages (logged).
 */
struct iodmacmd_md *iodmacmd_buffer_create_coherent(struct device *dev, u32 options,
						    u64 capacity, u64 alignment,
						    u64 physical_mask)
{
	IOReturn ret;
	struct iodmacmd_md *md = __iodmacmd_buffer_create_coherent(dev, options, capacity,
								   alignment, physical_mask,
								   &ret);

	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_create_coherent, IODMACMD_NS);

/**
 * iodmacmd_buffer_create() - allocate a buffer and its descriptor
 * @options: an IODMACMD_DIR_* direction, optionally or-ed with
 *	IODMACMD_BUFFER_CONTIGUOUS
 * @capacity: bytes, above 0
 * @alignment: alignment of the first byte, a power of two, or 0 for none
 *	(a buffer always starts on a page); above a page it makes the buffer
 *	physically contiguous
 * @physical_mask: 0 for any memory, or the mask every physical address
 *	of the buffer must fit (0xFFFFF000 is IOKit's usual 32-bit one): its
 *	ones bound the addresses, its low zeros set a minimum alignment, at
 *	least a page
 *
 * IOKit's IOBufferMemoryDescriptor::inTaskWithPhysicalMask(kernel_task,
 * options, capacity, mask) and inTaskWithOptions(kernel_task, options,
 * capacity, alignment) in one. The memory is zeroed and always resident:
 * iodmacmd_md_prepare() only counts. The length starts at @capacity; see
 * iodmacmd_buffer_set_length() and iodmacmd_buffer_append(). A buffer's
 * mappings for a device are kept past a command's complete, so the bus
 * address a driver programmed stays valid (descriptor rings).
 *
 * With IODMACMD_BUFFER_CONTIGUOUS (kIOMemoryPhysicallyContiguous) the
 * buffer is one block of the buddy allocator, at most MAX_ORDER_NR_PAGES
 * pages (4 MiB with 4 KiB pages); otherwise it is allocated page by page
 * and mapped with vmap(). A mask is met page by page in both layouts: a
 * masked buffer need not be contiguous. Under an IOMMU, the mask bounds
 * the physical memory only; bus addresses are the command's business.
 *
 * A capacity above the machine's memory (totalram_pages()) or above
 * IODMACMD_MAX_PAGES pages fails at once; otherwise the pages are allocated
 * without invoking the OOM killer, so a buffer that does not fit fails with
 * -ENOMEM rather than killing processes or logging a warning.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference; ERR_PTR(-EINVAL) for an unknown
 * option bit, a zero capacity, an alignment that is not a power of two or a
 * mask with a hole in its ones; ERR_PTR(-ENOMEM) when the memory cannot be
 * had, including a capacity above the machine's memory or
 * IODMACMD_MAX_PAGES pages, a contiguous buffer beyond the largest block
 * and memory the mask allows that no zone can provide.
 */
struct iodmacmd_md *iodmacmd_buffer_create(u32 options, u64 capacity, u64 alignment,
					   u64 physical_mask)
{
	IOReturn ret;
	struct iodmacmd_md *md = __iodmacmd_buffer_create(options, capacity, alignment,
							  physical_mask, &ret);

	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_create, IODMACMD_NS);

/**
 * iodmacmd_buffer_bytes() - the buffer's kernel virtual address
 * @md: a buffer descriptor
 *
 * IOKit's getBytesNoCopy(). The address covers the whole capacity and stays
 * valid as long as the descriptor.
 *
 * Context: any context.
 * Return: the address, or %NULL when @md is not a buffer, or is %NULL or an
 * error pointer (logged once).
 */
void *iodmacmd_buffer_bytes(struct iodmacmd_md *md)
{
	struct md_buffer *mb;

	if (iodmacmd_bad_ptr(md))
		return NULL;
	mb = to_md_buffer(md);
	return mb ? mb->va : NULL;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_bytes, IODMACMD_NS);

/**
 * iodmacmd_buffer_capacity() - bytes allocated
 * @md: a buffer descriptor
 *
 * IOKit's getCapacity().
 *
 * Context: any context.
 * Return: the capacity, or 0 when @md is not a buffer, or is %NULL or an
 * error pointer (logged once).
 */
u64 iodmacmd_buffer_capacity(struct iodmacmd_md *md)
{
	struct md_buffer *mb;

	if (iodmacmd_bad_ptr(md))
		return 0;
	mb = to_md_buffer(md);
	return mb ? mb->capacity : 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_capacity, IODMACMD_NS);

/**
 * iodmacmd_buffer_set_length() - change the bytes the descriptor describes
 * @md: a buffer descriptor
 * @length: the new length, at most the capacity; 0 is allowed (to fill the
 *	buffer with iodmacmd_buffer_append())
 *
 * IOKit's setLength(): iodmacmd_md_length() and the range a command can
 * prepare follow. Change the length before a command prepares the buffer,
 * not while one has it prepared.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL when @md is not a buffer, is %NULL or an error
 * pointer (logged once), or @length is above its capacity (IOKit asserts
 * instead); the length is then unchanged.
 */
int iodmacmd_buffer_set_length(struct iodmacmd_md *md, u64 length)
{
	struct md_buffer *mb;

	if (iodmacmd_bad_ptr(md))
		return -EINVAL;
	mb = to_md_buffer(md);
	if (!mb || length > mb->capacity)
		return -EINVAL;
	mutex_lock(&md->lock);
	WRITE_ONCE(md->length, length);
	mutex_unlock(&md->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_set_length, IODMACMD_NS);

/**
 * iodmacmd_buffer_append() - copy bytes to the end and grow the length
 * @md: a buffer descriptor
 * @bytes: the source, or %NULL to append zeros
 * @len: bytes
 *
 * IOKit's appendBytes(), except that a copy that does not fit is refused
 * whole: IOKit copies what fits and still returns true.
 *
 * Context: process context, may sleep.
 * Return: true when the @len bytes were appended (also for 0), false when
 * @md is not a buffer, is %NULL or an error pointer (logged once), or the
 * bytes do not fit in its capacity (however large @len is); the length and
 * contents are then unchanged.
 */
bool iodmacmd_buffer_append(struct iodmacmd_md *md, const void *bytes, u64 len)
{
	struct md_buffer *mb;
	u64 at;

	if (iodmacmd_bad_ptr(md))
		return false;
	mb = to_md_buffer(md);
	if (!mb)
		return false;
	mutex_lock(&md->lock);
	at = md->length;
	if (len > mb->capacity - at) {
		mutex_unlock(&md->lock);
		return false;
	}
	if (bytes)
		memcpy(mb->va + at, bytes, len);
	else
		memset(mb->va + at, 0, len);
	WRITE_ONCE(md->length, at + len);
	mutex_unlock(&md->lock);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_buffer_append, IODMACMD_NS);
