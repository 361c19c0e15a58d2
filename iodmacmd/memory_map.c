// SPDX-License-Identifier: GPL-2.0
/*
 * CPU mappings of descriptors: IOKit's IOMemoryDescriptor::map(),
 * createMappingInTask() and the IOMemoryMap they return, with both faces
 * (<iodmacmd/map.h>, <IOKit/IOMemoryMap.h>) over one core.
 *
 * A map is a kernel virtual address through which the CPU reaches the
 * bytes of a descriptor range, for any descriptor kind. The range's
 * physical pieces come from the descriptor's walk(); their pages are
 * mapped with vmap() and a pgprot from the cache mode, and the map's
 * address is the vmap base plus the first piece's offset in its page. The
 * pieces must join into whole pages: only the first may start inside a page
 * and only the last may end inside one (or a piece continues the previous
 * one in the same page). Otherwise the bytes cannot be made contiguous by
 * the MMU, and the map is refused with kIOReturnNotAligned, as xnu's
 * memoryReferenceMap() refuses an entry whose page offset does not match.
 *
 * No new mapping is made when the memory already has a kernel address of
 * the cache mode asked for (cached, writable, not kIOMapUnique): a buffer
 * returns its own address (iodmacmd_buffer_bytes()), and a range that is
 * one physically contiguous piece of the linear map (kmalloc memory, a
 * contiguous buffer, physical RAM, one page) returns its linear-map
 * address. xnu does the same for a descriptor in the target task whose one
 * range starts the mapping, and says so with kIOMapStatic in the map's
 * options; so does iodmacmd (IODMACMD_CPU_MAP_EXISTING).
 *
 * A map holds a reference on its descriptor. Memory that can be unpinned
 * (user memory, directly or under a window or concatenation: descriptors
 * with a wire op) must already be prepared when it is mapped, and the map
 * then holds one more prepare of its own until it is unmapped, so that a
 * driver's last complete cannot unpin pages the map still shows. (xnu maps
 * the VM object itself and needs no wiring; Linux maps pages, which must
 * stay put.)
 *
 * Cache modes other than the default give a second mapping of RAM with
 * another memory type, beside the linear map's cached one, as the DMA
 * API's own remapping of coherent memory does on the architectures that
 * need it. On x86 the CPU keeps such aliases coherent (self-snoop); on
 * others, use the uncached and write-combined modes for memory the CPU
 * does not also touch through a cached address.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <IOKit/IOMemoryMap.h>

#include "errno_face.h"
#include "checks.h"
#include "md.h"
#include "memory_map.h"

/* The two faces share the option values. */
static_assert(kIOMapInhibitCache == IODMACMD_CPU_MAP_UNCACHED);
static_assert(kIOMapWriteThruCache == IODMACMD_CPU_MAP_WRITE_THROUGH);
static_assert(kIOMapCopybackCache == IODMACMD_CPU_MAP_COPYBACK);
static_assert(kIOMapWriteCombineCache == IODMACMD_CPU_MAP_WRITE_COMBINE);
static_assert(kIOMapCacheMask == IODMACMD_CPU_MAP_CACHE_MASK);
static_assert(kIOMapReadOnly == IODMACMD_CPU_MAP_READ_ONLY);
static_assert(kIOMapUnique == IODMACMD_CPU_MAP_UNIQUE);
static_assert(kIOMapStatic == IODMACMD_CPU_MAP_EXISTING);

#define MAP_ACCEPTED	(kIOMapAnywhere | kIOMapCacheMask | kIOMapReadOnly | kIOMapUnique | \
			 kIOMapPrefault)
#define MAP_UNSUPPORTED	(kIOMapStatic | kIOMapReference | kIOMapOverwrite | kIOMapGuardedMask)
#define LINUX_FLAGS	(IODMACMD_CPU_MAP_CACHE_MASK | IODMACMD_CPU_MAP_READ_ONLY | \
			 IODMACMD_CPU_MAP_UNIQUE)

/**
 * struct iodmacmd_map - a CPU mapping of a descriptor range (IOMemoryMap)
 * @ref: references; the last iodmacmd_map_put() unmaps and frees
 * @lock: serialises unmapping
 * @md: the descriptor, referenced until the map is freed
 * @task: the task whose address space holds the mapping: kernel_task
 * @offset: the first mapped byte of @md
 * @length: bytes mapped
 * @options: the options asked for, plus kIOMapStatic when @address is the
 *	memory's existing address
 * @address: the first byte, %NULL once unmapped; written under @lock
 * @vmap_base: what vmap() returned, %NULL when nothing was vmapped
 * @prepared: the map holds a prepare of @md (memory that can be unpinned)
 */
struct iodmacmd_map {
	struct kref ref;
	struct mutex lock;	/* unmapping */
	struct iodmacmd_md *md;
	struct task_struct *task;
	u64 offset;
	u64 length;
	u32 options;
	void *address;
	void *vmap_base;
	bool prepared;
};

/* Walking fails only for memory that is not resident (unwired user memory). */
static int resident_piece(void *ctx, phys_addr_t phys, u64 len)
{
	return 0;
}

struct collect_ctx {
	struct page **pages;
	unsigned long nr;
	unsigned long max;
	phys_addr_t first;
	phys_addr_t end;	/* of the previous piece; 0 before the first */
	bool started;
};

/*
 * Adds the pages of a piece. A piece that does not continue the previous
 * one must start a page, and the previous one must have ended one.
 */
static int collect_piece(void *ctx, phys_addr_t phys, u64 len)
{
	struct collect_ctx *c = ctx;
	unsigned long pfn = PHYS_PFN(phys), last = PHYS_PFN(phys + len - 1);

	if (!c->started) {
		c->first = phys;
		c->started = true;
	} else if (phys == c->end) {
		if (offset_in_page(phys))
			pfn++;		/* that page is in already */
	} else if (offset_in_page(phys) || offset_in_page(c->end)) {
		return -EINVAL;
	}
	for (; pfn <= last; pfn++) {
		if (c->nr >= c->max)
			return -E2BIG;
		c->pages[c->nr++] = pfn_to_page(pfn);
	}
	c->end = phys + len;
	return 0;
}

struct contig_ctx {
	phys_addr_t start;
	u64 len;
};

/* The physically contiguous run at the start of the range. */
static int contig_piece(void *ctx, phys_addr_t phys, u64 len)
{
	struct contig_ctx *c = ctx;

	if (!c->len)
		c->start = phys;
	else if (c->start + c->len != phys)
		return 1;
	c->len += len;
	return 0;
}

/*
 * The memory's own kernel address for [@offset, @offset + @length), or
 * NULL when it has none that covers the range contiguously.
 */
static void *existing_address(struct iodmacmd_md *md, u64 offset, u64 length)
{
	struct contig_ctx c = {};
	void *va = iodmacmd_buffer_bytes(md);
	struct page *last;

	if (va)
		return va + offset;
	md->ops->walk(md, offset, length, contig_piece, &c);
	if (c.len < length)
		return NULL;
	/* Lowmem lies below highmem: the last page decides for the run. */
	last = pfn_to_page(PHYS_PFN(c.start + length - 1));
	if (PageHighMem(last))
		return NULL;
	return page_address(pfn_to_page(PHYS_PFN(c.start))) + offset_in_page(c.start);
}

static pgprot_t map_pgprot(u32 options)
{
	pgprot_t prot = options & kIOMapReadOnly ? PAGE_KERNEL_RO : PAGE_KERNEL;

	switch (options & kIOMapCacheMask) {
	case kIOMapInhibitCache:
		return pgprot_noncached(prot);
	case kIOMapWriteThruCache:
		return pgprot_writethrough(prot);
	case kIOMapWriteCombineCache:
		return pgprot_writecombine(prot);
	default:
		return prot;
	}
}

/* vmap()s the range's pages; sets @map->address and @map->vmap_base. */
static IOReturn map_pages(struct iodmacmd_map *map)
{
	struct collect_ctx c = {};
	IOReturn ret = kIOReturnNoMemory;
	int err;

	c.max = (map->length >> PAGE_SHIFT) + 2;
	if (c.max > IODMACMD_MAX_PAGES) {
		pr_warn_ratelimited("map of %#llx bytes: more than the %u pages a map takes\n",
				    map->length, IODMACMD_MAX_PAGES);
		return kIOReturnNoMemory;
	}
	c.pages = kvmalloc_array(c.max, sizeof(*c.pages), GFP_KERNEL | __GFP_NOWARN);
	if (!c.pages)
		return kIOReturnNoMemory;
	err = map->md->ops->walk(map->md, map->offset, map->length, collect_piece, &c);
	if (err == -EINVAL) {
		pr_warn_ratelimited("map of %#llx bytes at %#llx refused: a piece of the memory starts or ends inside a page, so the bytes cannot be mapped contiguously\n",
				    map->length, map->offset);
		ret = kIOReturnNotAligned;
		goto out;
	}
	if (err) {
		ret = err == -E2BIG ? kIOReturnInternalError : kIOReturnNotReady;
		goto out;
	}
	map->vmap_base = vmap(c.pages, c.nr, VM_MAP, map_pgprot(map->options));
	if (!map->vmap_base)
		goto out;
	map->address = map->vmap_base + offset_in_page(c.first);
	ret = kIOReturnSuccess;
out:
	kvfree(c.pages);
	return ret;
}

/* Refuses what cannot be mapped, with the error and log line it gets. */
static IOReturn check_request(struct iodmacmd_md *md, struct task_struct *task,
			      u64 at_address, u32 options, u64 offset, u64 *length)
{
	u32 mode = (options & kIOMapCacheMask) >> kIOMapCacheShift;
	u64 md_length = READ_ONCE(md->length);

	if (!task || IS_ERR(task))
		return kIOReturnBadArgument;
	if (task != kernel_task) {
		pr_warn_once("mapping into a user task (pid %d) is not supported: only kernel_task\n",
			     task_pid_nr(task));
		return kIOReturnUnsupported;
	}
	if (options & ~(MAP_ACCEPTED | MAP_UNSUPPORTED)) {
		pr_warn_ratelimited("map options %#x: unknown bits %#x\n", options,
				    options & ~(MAP_ACCEPTED | MAP_UNSUPPORTED));
		return kIOReturnBadArgument;
	}
	if (options & MAP_UNSUPPORTED) {
		pr_warn_ratelimited("map options %#x: static, reference, overwrite and guarded maps (bits %#x) are not supported\n",
				    options, options & MAP_UNSUPPORTED);
		return kIOReturnUnsupported;
	}
	if (mode > kIOWriteCombineCache) {
		pr_warn_ratelimited("map cache mode %u is not supported: only default, inhibit, write-through, copy-back and write-combine\n",
				    mode);
		return kIOReturnUnsupported;
	}
	if (!(options & kIOMapAnywhere)) {
		pr_warn_ratelimited("a map at a fixed address (%#llx) is not supported: pass kIOMapAnywhere\n",
				    at_address);
		return kIOReturnUnsupported;
	}
	if (offset >= md_length)
		return kIOReturnBadArgument;
	if (!*length)
		*length = md_length - offset;
	if (*length > md_length - offset)
		return kIOReturnBadArgument;
	if (!md->cpu_writable && !(options & kIOMapReadOnly)) {
		pr_warn_ratelimited("writable map refused: user memory pinned read-only (direction Out); pass kIOMapReadOnly\n");
		return kIOReturnNotWritable;
	}
	return kIOReturnSuccess;
}

/*
 * createMappingInTask(): the map with one reference, or NULL and the
 * reason in *@ret.
 */
static struct iodmacmd_map *map_create(struct iodmacmd_md *md, struct task_struct *task,
				       u64 at_address, u32 options, u64 offset, u64 length,
				       IOReturn *ret)
{
	struct iodmacmd_map *map;

	*ret = check_request(md, task, at_address, options, offset, &length);
	if (*ret)
		return NULL;
	/* Unprepared user memory: nothing to map, and nothing pinned to map. */
	if (md->ops->walk(md, offset, length, resident_piece, NULL)) {
		pr_warn_ratelimited("map of user memory refused: prepare the descriptor first\n");
		*ret = kIOReturnNotReady;
		return NULL;
	}
	*ret = kIOReturnNoMemory;
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	kref_init(&map->ref);
	mutex_init(&map->lock);
	map->md = md;
	map->task = task;
	map->offset = offset;
	map->length = length;
	map->options = options & ~kIOMapStatic;
	if (md->ops->wire) {
		*ret = __iodmacmd_md_prepare(md, IODMACMD_DIR_NONE);
		if (*ret)
			goto err_free;
		map->prepared = true;
	}
	if (!(options & (kIOMapReadOnly | kIOMapUnique)) &&
	    ((options & kIOMapCacheMask) == kIOMapDefaultCache ||
	     (options & kIOMapCacheMask) == kIOMapCopybackCache))
		map->address = existing_address(md, offset, length);
	if (map->address) {
		map->options |= kIOMapStatic;
	} else {
		*ret = map_pages(map);
		if (*ret)
			goto err_complete;
	}
	iodmacmd_md_get(md);
	*ret = kIOReturnSuccess;
	return map;

err_complete:
	if (map->prepared)
		__iodmacmd_md_complete(md, IODMACMD_DIR_NONE);
err_free:
	mutex_destroy(&map->lock);
	kfree(map);
	return NULL;
}

static void map_unmap(struct iodmacmd_map *map)
{
	mutex_lock(&map->lock);
	if (map->address) {
		WRITE_ONCE(map->address, NULL);
		if (map->vmap_base)
			vunmap(map->vmap_base);
		map->vmap_base = NULL;
		/* Fails only if the driver completed the descriptor once too often. */
		if (map->prepared && __iodmacmd_md_complete(map->md, IODMACMD_DIR_NONE))
			pr_warn_ratelimited("unmap: the descriptor was completed more often than prepared\n");
		map->prepared = false;
	}
	mutex_unlock(&map->lock);
}

static void map_free(struct kref *ref)
{
	struct iodmacmd_map *map = container_of(ref, struct iodmacmd_map, ref);

	map_unmap(map);
	iodmacmd_md_put(map->md);
	mutex_destroy(&map->lock);
	kfree(map);
}

static u64 map_phys_segment(struct iodmacmd_map *map, u64 offset, u64 *length)
{
	u64 len = 0, phys = 0;

	if (READ_ONCE(map->address) && offset < map->length) {
		phys = iodmacmd_md_phys_segment(map->md, map->offset + offset, &len);
		len = min(len, map->length - offset);
	}
	if (length)
		*length = len;
	return len ? phys : 0;
}

/* --- The Linux face --- */

/**
 * iodmacmd_md_map() - map a descriptor range for the CPU
 * @md: the descriptor, of any kind
 * @offset: the first byte to map
 * @length: bytes to map; 0 maps from @offset to the end
 * @flags: a cache mode (IODMACMD_CPU_MAP_CACHE_DEFAULT, _UNCACHED,
 *	_WRITE_THROUGH, _COPYBACK, _WRITE_COMBINE) or-ed with
 *	IODMACMD_CPU_MAP_READ_ONLY and IODMACMD_CPU_MAP_UNIQUE
 *
 * IOKit's createMappingInTask(kernel_task, 0, kIOMapAnywhere | @flags,
 * @offset, @length). The address iodmacmd_map_address() returns reaches
 * the bytes of the range in order, through a new vmap() of their pages
 * with the cache mode and protection asked for; when the memory already
 * has a cached kernel address covering the range (a buffer's own address,
 * or the linear map for one physically contiguous piece) and neither
 * IODMACMD_CPU_MAP_READ_ONLY nor IODMACMD_CPU_MAP_UNIQUE is given, that
 * address is returned and iodmacmd_map_flags() has
 * IODMACMD_CPU_MAP_EXISTING. A read-only map is mapped read-only: a write
 * through it faults.
 *
 * The map references @md. User memory (and a window or concatenation
 * holding some) must be prepared first; the map then keeps it prepared
 * until it is unmapped. User memory pinned read-only (direction Out) can
 * only be mapped read-only. Pieces that start or end inside a page in the
 * middle of the range (a concatenation of unaligned kmalloc buffers)
 * cannot be made contiguous and are refused (logged).
 *
 * Context: process context, may sleep.
 * Return: the map with one reference, or ERR_PTR(-EINVAL) for a %NULL or
 * error-pointer @md (logged once), an unknown flag, an @offset at or past
 * the end, a @length past the end (however large), or pieces not aligned
 * as above; ERR_PTR(-EOPNOTSUPP) for a cache mode above write-combine;
 * ERR_PTR(-EBUSY) for user memory that is not prepared; ERR_PTR(-EROFS)
 * for a writable map of memory pinned read-only; ERR_PTR(-ENOMEM) when
 * out of memory or vmalloc space.
 */
struct iodmacmd_map *iodmacmd_md_map(struct iodmacmd_md *md, u64 offset, u64 length,
				     u32 flags)
{
	struct iodmacmd_map *map;
	IOReturn ret;

	map = __iodmacmd_md_map(md, offset, length, flags, &ret);
	return map ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_map, IODMACMD_NS);

/* iodmacmd_md_map() with the IOReturn, for the DriverKit face. */
struct iodmacmd_map *__iodmacmd_md_map(struct iodmacmd_md *md, u64 offset, u64 length,
				       u32 flags, IOReturn *ret)
{
	*ret = kIOReturnBadArgument;
	if (iodmacmd_bad_ptr(md))
		return NULL;
	if (flags & ~LINUX_FLAGS)
		return NULL;
	return map_create(md, kernel_task, 0, flags | kIOMapAnywhere, offset, length, ret);
}

/**
 * iodmacmd_map_get() - take a reference on a map (IOKit's retain())
 * @map: the map
 *
 * A %NULL or error-pointer @map is refused (logged once), taking nothing.
 *
 * Context: any context.
 */
void iodmacmd_map_get(struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return;
	kref_get(&map->ref);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_get, IODMACMD_NS);

/**
 * iodmacmd_map_put() - drop a reference on a map (IOKit's release())
 * @map: the map, %NULL or an error pointer
 *
 * The last reference unmaps (if iodmacmd_map_unmap() has not), completes
 * the prepare the map held, drops its reference on the descriptor and
 * frees it. %NULL and error pointers are ignored, so cleanup paths need no
 * test.
 *
 * Context: process context, may sleep.
 */
void iodmacmd_map_put(struct iodmacmd_map *map)
{
	if (!IS_ERR_OR_NULL(map))
		kref_put(&map->ref, map_free);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_put, IODMACMD_NS);

/**
 * iodmacmd_map_unmap() - unmap now, whatever the references (unmap())
 * @map: the map
 *
 * The address goes away and user memory is no longer held prepared by the
 * map; the object stays until its last reference: iodmacmd_map_address()
 * and iodmacmd_map_phys_segment() then return %NULL and 0, the length,
 * flags and descriptor stay. Unmapping again does nothing. A %NULL or
 * error-pointer @map is refused (logged once).
 *
 * Context: process context, may sleep.
 */
void iodmacmd_map_unmap(struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return;
	map_unmap(map);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_unmap, IODMACMD_NS);

/**
 * iodmacmd_map_address() - the kernel virtual address of the first byte
 * @map: the map
 *
 * Context: any context.
 * Return: the address (IOKit's getAddress()), or %NULL once unmapped or
 * for a %NULL or error-pointer @map (logged once).
 */
void *iodmacmd_map_address(const struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return NULL;
	return READ_ONCE(map->address);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_address, IODMACMD_NS);

/**
 * iodmacmd_map_offset() - where the map starts in its descriptor
 * @map: the map
 *
 * Context: any context.
 * Return: the offset of the first mapped byte in the descriptor (the
 * @offset given to iodmacmd_md_map()), or 0 for a %NULL or error-pointer
 * @map (logged once).
 */
u64 iodmacmd_map_offset(const struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return 0;
	return map->offset;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_offset, IODMACMD_NS);

/**
 * iodmacmd_map_length() - bytes mapped
 * @map: the map
 *
 * Context: any context.
 * Return: the length (IOKit's getLength()), which stays after unmapping as
 * in IOKit, or 0 for a %NULL or error-pointer @map (logged once).
 */
u64 iodmacmd_map_length(const struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return 0;
	return map->length;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_length, IODMACMD_NS);

/**
 * iodmacmd_map_flags() - the flags the map was made with
 * @map: the map
 *
 * Context: any context.
 * Return: the flags given to iodmacmd_md_map(), with
 * IODMACMD_CPU_MAP_EXISTING when the address is the memory's own, or 0 for
 * a %NULL or error-pointer @map (logged once).
 */
u32 iodmacmd_map_flags(const struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return 0;
	return map->options & (LINUX_FLAGS | IODMACMD_CPU_MAP_EXISTING);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_flags, IODMACMD_NS);

/**
 * iodmacmd_map_md() - the descriptor a map shows
 * @map: the map
 *
 * Context: any context.
 * Return: the descriptor (IOKit's getMemoryDescriptor()), valid while the
 * map is, without a new reference; %NULL for a %NULL or error-pointer
 * @map (logged once).
 */
struct iodmacmd_md *iodmacmd_map_md(const struct iodmacmd_map *map)
{
	if (iodmacmd_bad_ptr(map))
		return NULL;
	return map->md;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_md, IODMACMD_NS);

/**
 * iodmacmd_map_phys_segment() - CPU physical address of a mapped byte
 * @map: the map
 * @offset: the byte, from the start of the map
 * @length: set to the bytes physically contiguous from there, up to the
 *	end of the map; may be %NULL
 *
 * IOKit's getPhysicalSegment(): the descriptor's, at the map's offset plus
 * @offset.
 *
 * Context: any context.
 * Return: the physical address, or 0 (and *@length 0) at or past the end
 * of the map, once unmapped, or for a %NULL or error-pointer @map (logged
 * once).
 */
u64 iodmacmd_map_phys_segment(struct iodmacmd_map *map, u64 offset, u64 *length)
{
	if (iodmacmd_bad_ptr(map)) {
		if (length)
			*length = 0;
		return 0;
	}
	return map_phys_segment(map, offset, length);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_map_phys_segment, IODMACMD_NS);

/* --- The Apple face --- */

/**
 * IOMemoryDescriptorCreateMappingInTask() - map a descriptor range
 * @md: the descriptor
 * @intoTask: kernel_task; a user task is refused (logged once)
 * @atAddress: ignored: the address is chosen (kIOMapAnywhere)
 * @options: kIOMapAnywhere (required), a cache mode from kIOMapDefaultCache
 *	to kIOMapWriteCombineCache, kIOMapReadOnly, kIOMapUnique,
 *	kIOMapPrefault (no effect)
 * @offset: the first byte to map
 * @length: bytes to map; 0 maps from @offset to the end
 *
 * IOKit: IOMemoryDescriptor::createMappingInTask(). Linux face:
 * iodmacmd_md_map(), which says what is mapped and how. Differs from IOKit:
 * a mapping into a user task or at a fixed address (no kIOMapAnywhere) is
 * not supported; user memory must be prepared first (IOKit maps its VM
 * object); a @length of 0 with a non-zero @offset maps to the end (IOKit
 * takes the whole length and then fails); the other cache modes and
 * kIOMapStatic, kIOMapReference, kIOMapOverwrite and the guard options are
 * refused. As in IOKit, a mapping that reuses the memory's own address has
 * kIOMapStatic in IOMemoryMapGetMapOptions().
 *
 * Context: process context, may sleep.
 * Return: the map with one reference, or NULL: for a NULL or error-pointer
 * @md (logged once) or @intoTask, a user task, options as above, an
 * @offset or @length past the end, unaligned pieces, user memory that is
 * not prepared, a writable map of memory pinned read-only, or when out of
 * memory.
 */
IOMemoryMap *IOMemoryDescriptorCreateMappingInTask(IOMemoryDescriptor *md, task_t intoTask,
						   mach_vm_address_t atAddress,
						   IOOptionBits options,
						   mach_vm_size_t offset,
						   mach_vm_size_t length)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(md))
		return NULL;
	return map_create(md, intoTask, atAddress, options, offset, length, &ret);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorCreateMappingInTask, IODMACMD_NS);

/**
 * IOMemoryDescriptorMap() - map a whole descriptor in the kernel
 * @md: the descriptor
 * @options: as IOMemoryDescriptorCreateMappingInTask() takes them;
 *	kIOMapAnywhere is added
 *
 * IOKit: IOMemoryDescriptor::map(options), which is
 * createMappingInTask(kernel_task, 0, options | kIOMapAnywhere, 0, 0).
 * A buffer mapped with the default cache mode returns its own address
 * (IOBufferMemoryDescriptorGetBytesNoCopy()), as in IOKit.
 *
 * Context: process context, may sleep.
 * Return: the map with one reference, or NULL as
 * IOMemoryDescriptorCreateMappingInTask() says (a zero-length descriptor
 * too).
 */
IOMemoryMap *IOMemoryDescriptorMap(IOMemoryDescriptor *md, IOOptionBits options)
{
	return IOMemoryDescriptorCreateMappingInTask(md, kernel_task, 0, options | kIOMapAnywhere,
						     0, 0);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorMap, IODMACMD_NS);

/**
 * IOMemoryMapRetain() - take a reference
 * @map: the map
 *
 * IOKit: retain(). Linux face: iodmacmd_map_get().
 *
 * Context: any context.
 */
void IOMemoryMapRetain(IOMemoryMap *map)
{
	iodmacmd_map_get(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapRetain, IODMACMD_NS);

/**
 * IOMemoryMapRelease() - drop a reference; the last one unmaps
 * @map: the map, NULL or an error pointer (ignored)
 *
 * IOKit: release(). Linux face: iodmacmd_map_put().
 *
 * Context: process context, may sleep.
 */
void IOMemoryMapRelease(IOMemoryMap *map)
{
	iodmacmd_map_put(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapRelease, IODMACMD_NS);

/**
 * IOMemoryMapUnmap() - unmap now, keeping the object
 * @map: the map
 *
 * IOKit: unmap(). Linux face: iodmacmd_map_unmap(). Afterwards the address
 * and physical segments are 0; the length, options, task and descriptor
 * stay, as in IOKit. Unmapping again does nothing.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or kIOReturnBadArgument for a NULL or
 * error-pointer @map (logged once).
 */
IOReturn IOMemoryMapUnmap(IOMemoryMap *map)
{
	if (iodmacmd_bad_ptr(map))
		return kIOReturnBadArgument;
	map_unmap(map);
	return kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapUnmap, IODMACMD_NS);

/**
 * IOMemoryMapGetVirtualAddress() - the address of the first byte
 * @map: the map
 *
 * IOKit: getVirtualAddress(). Linux face: iodmacmd_map_address().
 *
 * Context: any context.
 * Return: the address, or 0 once unmapped or for a NULL or error-pointer
 * @map (logged once).
 */
IOVirtualAddress IOMemoryMapGetVirtualAddress(IOMemoryMap *map)
{
	return (uintptr_t)iodmacmd_map_address(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetVirtualAddress, IODMACMD_NS);

/**
 * IOMemoryMapGetAddress() - the address of the first byte
 * @map: the map
 *
 * IOKit: getAddress(). Linux face: iodmacmd_map_address().
 *
 * Context: any context.
 * Return: the address, or 0 once unmapped or for a NULL or error-pointer
 * @map (logged once).
 */
mach_vm_address_t IOMemoryMapGetAddress(IOMemoryMap *map)
{
	return (uintptr_t)iodmacmd_map_address(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetAddress, IODMACMD_NS);

/**
 * IOMemoryMapGetSize() - bytes mapped
 * @map: the map
 *
 * IOKit: getSize(). Linux face: iodmacmd_map_length().
 *
 * Context: any context.
 * Return: the length, or 0 for a NULL or error-pointer @map (logged once).
 */
mach_vm_size_t IOMemoryMapGetSize(IOMemoryMap *map)
{
	return iodmacmd_map_length(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetSize, IODMACMD_NS);

/**
 * IOMemoryMapGetLength() - bytes mapped
 * @map: the map
 *
 * IOKit: getLength(). Linux face: iodmacmd_map_length().
 *
 * Context: any context.
 * Return: the length, or 0 for a NULL or error-pointer @map (logged once).
 */
IOByteCount IOMemoryMapGetLength(IOMemoryMap *map)
{
	return iodmacmd_map_length(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetLength, IODMACMD_NS);

/**
 * IOMemoryMapGetPhysicalSegment() - CPU physical address of a mapped byte
 * @map: the map
 * @offset: the byte, from the start of the map
 * @length: set to the bytes physically contiguous from there, up to the
 *	end of the map; may be NULL
 * @options: as IOMemoryDescriptorGetPhysicalSegment() takes them
 *
 * IOKit: IOMemoryMap::getPhysicalSegment(), the descriptor's
 * getPhysicalSegment() at the map's offset plus @offset. Linux face:
 * iodmacmd_map_phys_segment(). Differs from IOKit as
 * IOMemoryDescriptorGetPhysicalSegment() does (always the CPU physical
 * address), and stops at the end of the map as IOKit documents (its code
 * reads on into the descriptor).
 *
 * Context: any context.
 * Return: the physical address, or 0 (and *@length 0) at or past the end
 * of the map, once unmapped, or for a NULL or error-pointer @map (logged
 * once).
 */
IOPhysicalAddress IOMemoryMapGetPhysicalSegment(IOMemoryMap *map, IOByteCount offset,
						IOByteCount *length, IOOptionBits options)
{
	return iodmacmd_map_phys_segment(map, offset, length);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetPhysicalSegment, IODMACMD_NS);

/**
 * IOMemoryMapGetPhysicalAddress() - CPU physical address of the first byte
 * @map: the map
 *
 * IOKit: getPhysicalAddress().
 *
 * Context: any context.
 * Return: as IOMemoryMapGetPhysicalSegment() at offset 0.
 */
IOPhysicalAddress IOMemoryMapGetPhysicalAddress(IOMemoryMap *map)
{
	return iodmacmd_map_phys_segment(map, 0, NULL);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetPhysicalAddress, IODMACMD_NS);

/**
 * IOMemoryMapGetAddressTask() - the task the mapping is in
 * @map: the map
 *
 * IOKit: getAddressTask().
 *
 * Context: any context.
 * Return: kernel_task, or NULL for a NULL or error-pointer @map (logged
 * once).
 */
task_t IOMemoryMapGetAddressTask(IOMemoryMap *map)
{
	if (iodmacmd_bad_ptr(map))
		return NULL;
	return map->task;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetAddressTask, IODMACMD_NS);

/**
 * IOMemoryMapGetMemoryDescriptor() - the descriptor the map shows
 * @map: the map
 *
 * IOKit: getMemoryDescriptor(). Linux face: iodmacmd_map_md(). The caller
 * gets no reference: the descriptor is valid while the map is.
 *
 * Context: any context.
 * Return: the descriptor, or NULL for a NULL or error-pointer @map (logged
 * once).
 */
IOMemoryDescriptor *IOMemoryMapGetMemoryDescriptor(IOMemoryMap *map)
{
	return iodmacmd_map_md(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetMemoryDescriptor, IODMACMD_NS);

/**
 * IOMemoryMapGetMapOptions() - the options the map was made with
 * @map: the map
 *
 * IOKit: getMapOptions(): the options given, with kIOMapAnywhere, and
 * kIOMapStatic when the address is the memory's own.
 *
 * Context: any context.
 * Return: the options, or 0 for a NULL or error-pointer @map (logged once).
 */
IOOptionBits IOMemoryMapGetMapOptions(IOMemoryMap *map)
{
	if (iodmacmd_bad_ptr(map))
		return 0;
	return map->options;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetMapOptions, IODMACMD_NS);
