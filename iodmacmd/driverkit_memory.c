// SPDX-License-Identifier: GPL-2.0
/*
 * The DriverKit face of the memory classes (<DriverKit/IOMemoryDescriptor.h>,
 * <DriverKit/IOBufferMemoryDescriptor.h>, <DriverKit/IOMemoryMap.h>): the
 * methods a dext calls on descriptors, buffers and maps, as C functions
 * over the core descriptor, buffer and CPU map the other faces use.
 *
 * DriverKit's option values are its own: directions equal IOKit's, but the
 * map options do not (kIOMemoryMapCacheModeCopyback is 0x200 where IOKit's
 * kIOMapCopybackCache is 0x300, kIOMemoryMapReadOnly 0x2 where IOKit's is
 * 0x1000, and kIOMemoryMapFixedAddress 0x1 has the opposite sense of
 * IOKit's kIOMapAnywhere). Every option is translated here, one value at a
 * time; unknown bits are refused, never passed on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/log2.h>
#include <linux/mmzone.h>
#include <linux/overflow.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOMemoryMap.h>

#include "checks.h"
#include "md.h"
#include "memory_map.h"

static_assert(kIOMemoryDirectionIn == IODMACMD_DIR_IN);
static_assert(kIOMemoryDirectionOut == IODMACMD_DIR_OUT);
static_assert(kIOMemoryDirectionInOut == IODMACMD_DIR_INOUT);

/* --- IOBufferMemoryDescriptor --- */

/*
 * Ordinary memory for a buffer nobody shares: one buddy block when it fits
 * (a dext expects one segment, as the DART gives it on Apple silicon, and
 * without an IOMMU only contiguous memory is one segment), else page by
 * page.
 */
static struct iodmacmd_md *plain_buffer(u32 direction, u64 capacity, u64 alignment,
					IOReturn *ret)
{
	struct iodmacmd_md *md = NULL;

	if (capacity > PAGE_SIZE && capacity <= (u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT)
		md = __iodmacmd_buffer_create(direction | IODMACMD_BUFFER_CONTIGUOUS, capacity,
					      alignment, 0, ret);
	if (!md)
		md = __iodmacmd_buffer_create(direction, capacity, alignment, 0, ret);
	return md;
}

/**
 * __IOBufferMemoryDescriptorCreate() - allocate a buffer
 * @owner: the calling module, whose provider the memory is shared with
 *	(IOBufferMemoryDescriptorCreate() passes THIS_MODULE)
 * @options: the direction: kIOMemoryDirectionIn, kIOMemoryDirectionOut,
 *	kIOMemoryDirectionInOut, or kIOMemoryDirectionNone
 * @capacity: bytes, above 0
 * @alignment: 0 for none, or a power of two the buffer's start meets
 *	(a buffer always starts on a page)
 * @memory: set to the buffer, zeroed, its length @capacity, with one
 *	reference; %NULL on failure
 *
 * DriverKit: IOBufferMemoryDescriptor::Create(). As Apple's kernel side
 * does, the length starts at the capacity (the .iig comment says 0).
 *
 * In a module that bound a provider (IOServiceBindProvider()), the buffer
 * is DMA-coherent memory for that device (Linux face:
 * iodmacmd_buffer_create_coherent()): a command for the device prepares it
 * without a mapping, a sync or a bounce, and the device and the dext see
 * the same bytes while it is prepared, as in DriverKit. When the DMA API
 * cannot allocate that much coherent memory (beyond the largest contiguous
 * block without an IOMMU), the buffer is ordinary memory instead (logged).
 * Without a provider, ordinary memory (Linux face: iodmacmd_buffer_create()),
 * physically contiguous when it fits in one buddy block.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other @options
 * (logged), a @capacity of 0 or beyond what one descriptor holds, an
 * @alignment that is not a power of two, or a %NULL @memory;
 * kIOReturnNoMemory when out of memory.
 */
kern_return_t __IOBufferMemoryDescriptorCreate(struct module *owner, uint64_t options,
					       uint64_t capacity, uint64_t alignment,
					       IOBufferMemoryDescriptor **memory)
{
	u32 direction = options & kIOMemoryDirectionOutIn;
	struct iodmacmd_md *md = NULL;
	struct device *provider;
	IOReturn ret;

	if (iodmacmd_bad_ptr(memory))
		return kIOReturnBadArgument;
	*memory = NULL;
	if (options & ~(uint64_t)kIOMemoryDirectionOutIn) {
		pr_warn_ratelimited("IOBufferMemoryDescriptorCreate: unknown options %#llx\n",
				    options);
		return kIOReturnBadArgument;
	}
	if (!capacity || (alignment && !is_power_of_2(alignment)))
		return kIOReturnBadArgument;
	provider = iodmacmd_provider_get(owner, NULL);
	if (provider) {
		md = __iodmacmd_buffer_create_coherent(provider, direction, capacity, alignment,
						       0, &ret);
		if (!md && ret != kIOReturnBadArgument)
			dev_info_ratelimited(provider, "iodmacmd: no coherent memory for a buffer of %#llx bytes: ordinary memory, which the device sees as copied at PrepareForDMA and CompleteDMA if it bounces\n",
					     capacity);
		put_device(provider);
		if (!md && ret == kIOReturnBadArgument)
			return ret;
	}
	if (!md)
		md = plain_buffer(direction, capacity, alignment, &ret);
	if (!md)
		return ret;
	*memory = md;
	return kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorCreate, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorGetAddressRange() - where the dext reads and writes the buffer
 * @memory: a buffer
 * @range: set to the buffer's kernel virtual address and its length
 *
 * DriverKit: IOBufferMemoryDescriptor::GetAddressRange(), which gives the
 * buffer's address in the dext's process; a ported dext runs in the kernel.
 * Kext face: IOBufferMemoryDescriptorGetBytesNoCopy() and
 * IOMemoryDescriptorGetLength(). For a buffer shared with the provider it
 * is the address the DMA API gave (uncached where the device needs it).
 *
 * Context: any context.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a %NULL or error
 * pointer argument or a descriptor that is not a buffer.
 */
kern_return_t IOBufferMemoryDescriptorGetAddressRange(IOBufferMemoryDescriptor *memory,
						      IOAddressSegment *range)
{
	void *address;

	if (iodmacmd_bad_ptr(memory) || iodmacmd_bad_ptr(range))
		return kIOReturnBadArgument;
	address = iodmacmd_buffer_bytes(memory);
	if (!address)
		return kIOReturnBadArgument;
	range->address = (uintptr_t)address;
	range->length = iodmacmd_md_length(memory);
	return kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorGetAddressRange, IODMACMD_NS);

/**
 * __IOBufferMemoryDescriptorSetLengthStatus() - set the valid length
 * @memory: a buffer
 * @length: bytes, at most the capacity; 0 is allowed
 *
 * DriverKit: IOBufferMemoryDescriptor::SetLength(), which dexts call as
 * IOBufferMemoryDescriptorSetLength() (this name only keeps it apart from
 * the kext face's, which returns nothing). Linux face:
 * iodmacmd_buffer_set_length(). Set the length before a command prepares
 * the buffer: a prepared range keeps the length it was prepared with.
 * Differs from Apple, which ignores a length above the capacity and
 * returns success: that is refused.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a %NULL or error
 * pointer @memory (logged once), a descriptor that is not a buffer, or a
 * @length above the capacity (the length is then unchanged).
 */
kern_return_t __IOBufferMemoryDescriptorSetLengthStatus(IOBufferMemoryDescriptor *memory,
							uint64_t length)
{
	return iodmacmd_errno_to_ioreturn(iodmacmd_buffer_set_length(memory, length));
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorSetLengthStatus, IODMACMD_NS);

/* --- IOMemoryDescriptor --- */

#define DK_MAP_CACHE_MASK	0xff00
#define DK_MAP_OPTIONS		(kIOMemoryMapFixedAddress | kIOMemoryMapReadOnly | \
				 kIOMemoryMapGuardedMask | DK_MAP_CACHE_MASK)

/*
 * DriverKit's cache mode (one value, not bits) as the Linux face's CPU map
 * flag, which carries IOKit's value. Return: false for anything else.
 */
static bool map_cache_flags(uint64_t mode, u32 *flags)
{
	switch (mode) {
	case kIOMemoryMapCacheModeDefault:
		*flags = IODMACMD_CPU_MAP_CACHE_DEFAULT;
		return true;
	case kIOMemoryMapCacheModeInhibit:
		*flags = IODMACMD_CPU_MAP_UNCACHED;
		return true;
	case kIOMemoryMapCacheModeCopyback:
		*flags = IODMACMD_CPU_MAP_COPYBACK;
		return true;
	case kIOMemoryMapCacheModeWriteThrough:
		*flags = IODMACMD_CPU_MAP_WRITE_THROUGH;
		return true;
	default:
		return false;
	}
}

/**
 * IOMemoryDescriptorCreateMapping() - map a descriptor range for the CPU
 * @memory: the descriptor
 * @options: a cache mode (kIOMemoryMapCacheModeDefault, _Inhibit,
 *	_Copyback or _WriteThrough), or-ed with kIOMemoryMapReadOnly and a
 *	guard (kIOMemoryMapGuardedDefault, _None, _Small or _Large)
 * @address: the address asked for with kIOMemoryMapFixedAddress; else not read
 * @offset: the first byte to map
 * @length: bytes; 0 maps from @offset to the end
 * @alignment: 0, or a power of two the mapping's address must meet
 * @map: set to the map, with one reference; %NULL on failure
 *
 * DriverKit: IOMemoryDescriptor::CreateMapping(). Kext face:
 * IOMemoryDescriptorCreateMappingInTask(md, kernel_task, 0, kIOMapAnywhere
 * | translated options, @offset, @length). Linux face: iodmacmd_md_map().
 * The map is in the kernel, where a ported dext runs; a buffer mapped with
 * the default or copy-back mode is its own address (GetAddressRange()).
 * The guard options are accepted and mean nothing more: every vmap() area
 * is followed by a guard page.
 *
 * Differs from Apple: a fixed address, the real-time cache mode and
 * unknown option bits are refused, where Apple maps at the fixed address,
 * maps real-time memory and ignores unknown bits; @alignment is checked,
 * where Apple ignores it; a descriptor whose direction is Out is mapped
 * writable unless kIOMemoryMapReadOnly is given (Apple maps it read-only
 * for a process that did not create it).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a %NULL or error
 * pointer @memory or @map, unknown option bits or cache modes, an
 * @alignment that is not a power of two, or a range past the end;
 * kIOReturnUnsupported for kIOMemoryMapFixedAddress or
 * kIOMemoryMapCacheModeRealTime (logged); kIOReturnNotAligned when the
 * address does not meet @alignment; or the error of the map (see
 * iodmacmd_md_map()).
 */
kern_return_t IOMemoryDescriptorCreateMapping(IOMemoryDescriptor *memory, uint64_t options,
					      uint64_t address, uint64_t offset, uint64_t length,
					      uint64_t alignment, IOMemoryMap **map)
{
	struct iodmacmd_map *new_map;
	u32 flags;
	IOReturn ret;

	if (iodmacmd_bad_ptr(map))
		return kIOReturnBadArgument;
	*map = NULL;
	if (iodmacmd_bad_ptr(memory))
		return kIOReturnBadArgument;
	if (options & ~(uint64_t)DK_MAP_OPTIONS ||
	    (alignment && !is_power_of_2(alignment))) {
		pr_warn_ratelimited("CreateMapping: unknown options %#llx or alignment %#llx\n",
				    options, alignment);
		return kIOReturnBadArgument;
	}
	if (options & kIOMemoryMapFixedAddress) {
		pr_warn_ratelimited("CreateMapping at a fixed address (%#llx) is not supported\n",
				    address);
		return kIOReturnUnsupported;
	}
	if ((options & DK_MAP_CACHE_MASK) == kIOMemoryMapCacheModeRealTime) {
		pr_warn_ratelimited("CreateMapping: the real-time cache mode is not supported\n");
		return kIOReturnUnsupported;
	}
	if (!map_cache_flags(options & DK_MAP_CACHE_MASK, &flags))
		return kIOReturnBadArgument;
	if (options & kIOMemoryMapReadOnly)
		flags |= IODMACMD_CPU_MAP_READ_ONLY;
	new_map = __iodmacmd_md_map(memory, offset, length, flags, &ret);
	if (!new_map)
		return ret;
	if (alignment && !IS_ALIGNED((uintptr_t)iodmacmd_map_address(new_map), alignment)) {
		iodmacmd_map_put(new_map);
		return kIOReturnNotAligned;
	}
	*map = new_map;
	return kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorCreateMapping, IODMACMD_NS);

/**
 * IOMemoryDescriptorCreateSubMemoryDescriptor() - a window on a descriptor
 * @memoryDescriptorCreateOptions: the window's direction
 *	(kIOMemoryDirection*)
 * @offset: the window's first byte in @ofDescriptor
 * @length: bytes, above 0; the window ends inside @ofDescriptor
 * @ofDescriptor: the parent, referenced until the window is released
 * @memory: set to the window, with one reference; %NULL on failure
 *
 * DriverKit: IOMemoryDescriptor::CreateSubMemoryDescriptor(). Kext face:
 * IOSubMemoryDescriptorWithSubRange(). Linux face: iodmacmd_md_create_sub().
 * As in Apple, the window is checked against the parent's length, without
 * overflow. Differs from Apple: an empty window is refused.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other options, a
 * %NULL or error pointer @ofDescriptor or @memory, an empty window or one
 * past the parent's end, or nesting deeper than eight; kIOReturnNoMemory
 * when out of memory.
 */
kern_return_t IOMemoryDescriptorCreateSubMemoryDescriptor(uint64_t memoryDescriptorCreateOptions,
							  uint64_t offset, uint64_t length,
							  IOMemoryDescriptor *ofDescriptor,
							  IOMemoryDescriptor **memory)
{
	u64 end;
	IOReturn ret;

	if (iodmacmd_bad_ptr(memory))
		return kIOReturnBadArgument;
	*memory = NULL;
	if (iodmacmd_bad_ptr(ofDescriptor) ||
	    memoryDescriptorCreateOptions & ~(uint64_t)kIOMemoryDirectionOutIn ||
	    check_add_overflow(offset, length, &end) || end > iodmacmd_md_length(ofDescriptor))
		return kIOReturnBadArgument;
	*memory = __iodmacmd_md_create_sub(ofDescriptor, offset, length,
					   memoryDescriptorCreateOptions, &ret);
	return *memory ? kIOReturnSuccess : ret;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorCreateSubMemoryDescriptor, IODMACMD_NS);

/**
 * IOMemoryDescriptorCreateWithMemoryDescriptors() - descriptors one after another
 * @memoryDescriptorCreateOptions: the result's direction
 *	(kIOMemoryDirection*); each member's direction must include it
 * @withDescriptorsCount: entries in @withDescriptors, above 0 (Apple's
 *	array has 32; a larger one is taken at its word)
 * @withDescriptors: the members, in order; each is referenced until the
 *	result is released, the array is not kept
 * @memory: set to the result, with one reference; %NULL on failure
 *
 * DriverKit: IOMemoryDescriptor::CreateWithMemoryDescriptors(). Kext face:
 * IOMultiMemoryDescriptorWithDescriptors(). Linux face:
 * iodmacmd_md_create_multi(). Differs from Apple: a member whose direction
 * lacks one the result asks for is refused (logged), as the .iig says it
 * must be and Apple does not check; a total length of 0 is refused.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other options, no
 * members, a %NULL or error pointer member, array or @memory, a member's
 * direction as above, a total length of 0, or nesting deeper than eight;
 * kIOReturnNoMemory when out of memory.
 */
kern_return_t
IOMemoryDescriptorCreateWithMemoryDescriptors(uint64_t memoryDescriptorCreateOptions,
					      uint32_t withDescriptorsCount,
					      IOMemoryDescriptor *const *withDescriptors,
					      IOMemoryDescriptor **memory)
{
	u32 direction = memoryDescriptorCreateOptions & kIOMemoryDirectionOutIn;
	IOReturn ret;
	u32 i;

	if (iodmacmd_bad_ptr(memory))
		return kIOReturnBadArgument;
	*memory = NULL;
	if (iodmacmd_bad_ptr(withDescriptors) || !withDescriptorsCount ||
	    memoryDescriptorCreateOptions & ~(uint64_t)kIOMemoryDirectionOutIn)
		return kIOReturnBadArgument;
	for (i = 0; i < withDescriptorsCount; i++) {
		if (iodmacmd_bad_ptr(withDescriptors[i]))
			return kIOReturnBadArgument;
		if (direction & ~iodmacmd_md_direction(withDescriptors[i])) {
			pr_warn_ratelimited("CreateWithMemoryDescriptors: member %u's direction %#x lacks %#x\n",
					    i, iodmacmd_md_direction(withDescriptors[i]),
					    direction);
			return kIOReturnBadArgument;
		}
	}
	/* The core copies the array and only reads it. */
	*memory = __iodmacmd_md_create_multi((struct iodmacmd_md **)withDescriptors,
					     withDescriptorsCount, direction, &ret);
	return *memory ? kIOReturnSuccess : ret;
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorCreateWithMemoryDescriptors, IODMACMD_NS);

/* --- IOMemoryMap --- */

/**
 * IOMemoryMapGetOffset() - where the map starts in its descriptor
 * @map: the map
 *
 * DriverKit: IOMemoryMap::GetOffset(). Linux face: iodmacmd_map_offset().
 * IOMemoryMapGetAddress() and IOMemoryMapGetLength() are the kext face's.
 *
 * Context: any context.
 * Return: the offset given to IOMemoryDescriptorCreateMapping(), or 0 for
 * a %NULL or error pointer @map (logged once).
 */
uint64_t IOMemoryMapGetOffset(IOMemoryMap *map)
{
	return iodmacmd_map_offset(map);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryMapGetOffset, IODMACMD_NS);
