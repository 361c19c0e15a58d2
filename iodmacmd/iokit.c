// SPDX-License-Identifier: GPL-2.0
/*
 * The Apple-named face: IODMACommand, IOMemoryDescriptor and its
 * subclasses as C functions, for drivers ported from macOS
 * (<IOKit/IODMACommand.h>, <IOKit/IOMemoryDescriptor.h>,
 * <IOKit/IOBufferMemoryDescriptor.h>, <IOKit/IOSubMemoryDescriptor.h>,
 * <IOKit/IOMultiMemoryDescriptor.h>).
 *
 * IOKit's objects are the Linux face's objects: an IODMACommand is a
 * struct iodmacmd_cmd and an IOMemoryDescriptor a struct iodmacmd_md, so a
 * ported driver can mix both faces. Each function here is a thin call into
 * the core and returns the core's IOReturn unchanged; factories return
 * NULL on failure, as Apple's do.
 *
 * C naming: Class::method(args) becomes ClassMethod(object, args), so
 * cmd->genIOVMSegments(&off, segs, &n) is
 * IODMACommandGenIOVMSegments(cmd, &off, segs, &n). An overload gets a
 * suffix naming what tells it apart (IODMACommandWithSegmentOptions,
 * IODMACommandGenIOVMSegmentsWithFunction), and C++ default arguments are
 * written out by the caller.
 *
 * Where iodmacmd deliberately differs from IOKit (a failed prepare rolls
 * back, clones keep their alignments, 32-bit outputs refuse instead of
 * truncating, ...), each function's comment says so.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/log2.h>
#include <linux/mmzone.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "checks.h"
#include "md.h"
#include "cmd.h"

/* --- IOMemoryDescriptor --- */

#define MD_ACCEPTED_OPTIONS (kIOMemoryDirectionMask | kIOMemoryTypeMask | \
			     kIOMemoryAsReference | kIOMemoryMapperNone | kIOMemoryThreadSafe)

#define MD_PREPARE_FLAGS (kIODirectionPrepareToPhys32 | kIODirectionPrepareNoFault | \
			  kIODirectionPrepareNonCoherent)
#define MD_COMPLETE_FLAGS (kIODirectionCompleteWithError | kIODirectionCompleteWithDataValid)

/**
 * IOMemoryDescriptorWithAddress() - describe one range of kernel memory
 * @address: kernel virtual address (kmalloc, vmalloc, page_address()), not
 *	on the stack
 * @length: bytes
 * @dir: kIODirection* value
 *
 * IOKit: IOMemoryDescriptor::withAddress(). Linux face:
 * iodmacmd_md_create_kernel().
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL for an empty range, a
 * range that is not kernel memory (logged) or an unknown direction, or when
 * out of memory.
 */
IOMemoryDescriptor *IOMemoryDescriptorWithAddress(void *address, IOByteCount length,
						  IODirection dir)
{
	struct iodmacmd_range range = { .address = (uintptr_t)address, .length = length };
	IOReturn ret;

	return __iodmacmd_md_create_kernel(&range, 1, dir, &ret);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorWithAddress, IODMACMD_NS);

/**
 * IOMemoryDescriptorWithAddressRanges() - describe ranges of a task's memory
 * @ranges: the ranges, copied
 * @range_count: entries in @ranges
 * @options: a kIODirection* value or'ed with kIOMemoryAsReference,
 *	kIOMemoryMapperNone, kIOMemoryThreadSafe (all without effect here) and
 *	optionally the type the task implies
 * @task: kernel_task for kernel virtual addresses, NULL for CPU physical
 *	addresses of RAM, any other task (current, or another process) for
 *	user virtual addresses in its address space
 *
 * IOKit: IOMemoryDescriptor::withAddressRanges(). Linux face:
 * iodmacmd_md_create_kernel(), iodmacmd_md_create_phys() or
 * iodmacmd_md_create_user(). A user task's pages are pinned by the first
 * IOMemoryDescriptorPrepare() and unpinned by the last
 * IOMemoryDescriptorComplete(); until then nothing is copied
 * (IOMemoryDescriptorReadBytes() returns 0) and a command's prepare returns
 * kIOReturnNotReady (IOKit panics). Differs from IOKit: other option bits
 * and a type that contradicts @task are refused instead of ignored; user
 * ranges must be user memory of a task with an address space when the
 * descriptor is made (checked then, logged).
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL: for the reasons of
 * the Linux face's function, and for a NULL or error-pointer @ranges or an
 * error-pointer @task (logged once).
 */
IOMemoryDescriptor *IOMemoryDescriptorWithAddressRanges(IOAddressRange *ranges,
							UInt32 range_count,
							IOOptionBits options, task_t task)
{
	u32 type = options & kIOMemoryTypeMask;
	u32 dir = options & kIOMemoryDirectionMask;
	IOReturn ret;

	/* A NULL task is a valid one: physical addresses. */
	if (iodmacmd_bad_ptr(ranges) || (IS_ERR(task) && iodmacmd_bad_ptr(task)))
		return NULL;
	if (options & ~MD_ACCEPTED_OPTIONS) {
		pr_warn_ratelimited("unsupported IOMemoryDescriptor options %#x\n",
				    options & ~MD_ACCEPTED_OPTIONS);
		return NULL;
	}
	if (type && type != (task ? kIOMemoryTypeVirtual64 : kIOMemoryTypePhysical64)) {
		pr_warn_ratelimited("IOMemoryDescriptor type %#x does not match the %s task\n",
				    type, !task ? "NULL (physical)" :
				    task == kernel_task ? "kernel" : "user");
		return NULL;
	}
	if (!task)
		return __iodmacmd_md_create_phys(ranges, range_count, dir, &ret);
	if (task == kernel_task)
		return __iodmacmd_md_create_kernel(ranges, range_count, dir, &ret);
	return __iodmacmd_md_create_user(task, ranges, range_count, dir, &ret);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorWithAddressRanges, IODMACMD_NS);

/**
 * IOMemoryDescriptorWithAddressRange() - describe one range of a task's memory
 * @address: kernel virtual, CPU physical or user virtual address, by @task
 * @length: bytes
 * @options: as for IOMemoryDescriptorWithAddressRanges()
 * @task: as for IOMemoryDescriptorWithAddressRanges()
 *
 * IOKit: IOMemoryDescriptor::withAddressRange(). Differs from IOKit as
 * IOMemoryDescriptorWithAddressRanges() does.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL.
 */
IOMemoryDescriptor *IOMemoryDescriptorWithAddressRange(mach_vm_address_t address,
						       mach_vm_size_t length,
						       IOOptionBits options, task_t task)
{
	IOAddressRange range = { .address = address, .length = length };

	return IOMemoryDescriptorWithAddressRanges(&range, 1, options, task);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorWithAddressRange, IODMACMD_NS);

/**
 * IOMemoryDescriptorWithPhysicalAddress() - describe one range of RAM
 * @address: CPU physical address
 * @length: bytes
 * @dir: kIODirection* value
 *
 * IOKit: IOMemoryDescriptor::withPhysicalAddress(). Linux face:
 * iodmacmd_md_create_phys(). Differs from IOKit: the range must be RAM
 * with struct pages (device memory is dma_map_resource()'s business).
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL for an empty or
 * non-RAM range or an unknown direction, or when out of memory.
 */
IOMemoryDescriptor *IOMemoryDescriptorWithPhysicalAddress(IOPhysicalAddress address,
							  IOByteCount length,
							  IODirection dir)
{
	struct iodmacmd_range range = { .address = address, .length = length };
	IOReturn ret;

	return __iodmacmd_md_create_phys(&range, 1, dir, &ret);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorWithPhysicalAddress, IODMACMD_NS);

/**
 * IOMemoryDescriptorRetain() - take a reference
 * @md: the descriptor
 *
 * IOKit: OSObject::retain(). Linux face: iodmacmd_md_get().
 *
 * A NULL or error-pointer @md is refused (logged once) and nothing is done.
 *
 * Context: any context.
 */
void IOMemoryDescriptorRetain(IOMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return;
	iodmacmd_md_get(md);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorRetain, IODMACMD_NS);

/**
 * IOMemoryDescriptorRelease() - drop a reference
 * @md: the descriptor, NULL or an error pointer
 *
 * IOKit: OSObject::release(). Linux face: iodmacmd_md_put(). The last
 * reference frees the descriptor; one still prepared is completed first,
 * with a warning. NULL and error pointers are ignored, as IOKit's
 * OSSafeReleaseNULL() ignores NULL.
 *
 * Context: process context, may sleep.
 */
void IOMemoryDescriptorRelease(IOMemoryDescriptor *md)
{
	iodmacmd_md_put(md);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorRelease, IODMACMD_NS);

/**
 * IOMemoryDescriptorPrepare() - make the memory resident for DMA
 * @md: the descriptor
 * @for_direction: kIODirectionNone for the descriptor's own direction, or a
 *	kIODirection* value, optionally with the kIODirectionPrepare* flags
 *
 * IOKit: IOMemoryDescriptor::prepare(). Linux face: iodmacmd_md_prepare().
 * Calls nest and must be paired with IOMemoryDescriptorComplete(). The
 * first pins a user task's pages; a sub or multi descriptor prepares what
 * it is made of (a multi rolls back on failure). Kernel, physical and
 * buffer memory is always resident, so for it this only counts. The
 * kIODirectionPrepare* flags have no effect.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnBadArgument for unknown bits in
 * @for_direction, or for user memory kIOReturnVMError (pages not mapped or
 * not writable as the direction needs, or the process has exited) or
 * another pinning error as an IOReturn (kIOReturnNoMemory, ...).
 * kIOReturnBadArgument for a NULL or error-pointer @md (logged once).
 */
IOReturn IOMemoryDescriptorPrepare(IOMemoryDescriptor *md, IODirection for_direction)
{
	if (iodmacmd_bad_ptr(md))
		return kIOReturnBadArgument;
	return __iodmacmd_md_prepare(md, for_direction & ~MD_PREPARE_FLAGS);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorPrepare, IODMACMD_NS);

/**
 * IOMemoryDescriptorComplete() - undo one IOMemoryDescriptorPrepare()
 * @md: the descriptor
 * @for_direction: as given to IOMemoryDescriptorPrepare(), optionally with
 *	the kIODirectionComplete* flags (no effect here)
 *
 * IOKit: IOMemoryDescriptor::complete(). Linux face: iodmacmd_md_complete().
 * Differs from IOKit: completing a descriptor that is not prepared is an
 * error (IOKit asserts, then returns success), physical descriptors
 * included (IOKit does not count their prepares).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnNotReady when not prepared, or
 * kIOReturnBadArgument for unknown bits in @for_direction.
 * kIOReturnBadArgument for a NULL or error-pointer @md (logged once).
 */
IOReturn IOMemoryDescriptorComplete(IOMemoryDescriptor *md, IODirection for_direction)
{
	if (iodmacmd_bad_ptr(md))
		return kIOReturnBadArgument;
	return __iodmacmd_md_complete(md, for_direction & ~MD_COMPLETE_FLAGS);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorComplete, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetLength() - total bytes described
 * @md: the descriptor
 *
 * IOKit: IOMemoryDescriptor::getLength(). Linux face: iodmacmd_md_length().
 *
 * Context: any context.
 * Return: the length.
 * 0 for a NULL or error-pointer @md (logged once).
 */
IOByteCount IOMemoryDescriptorGetLength(const IOMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return iodmacmd_md_length(md);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetLength, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetDirection() - the direction given at creation
 * @md: the descriptor
 *
 * IOKit: IOMemoryDescriptor::getDirection(). Linux face:
 * iodmacmd_md_direction().
 *
 * Context: any context.
 * Return: the kIODirection* value (the low three option bits).
 * kIODirectionNone for a NULL or error-pointer @md (logged once).
 */
IODirection IOMemoryDescriptorGetDirection(const IOMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return kIODirectionNone;
	return iodmacmd_md_direction(md);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetDirection, IODMACMD_NS);

/**
 * IOMemoryDescriptorReadBytes() - copy bytes out of the described memory
 * @md: the descriptor
 * @offset: first byte
 * @bytes: destination
 * @length: bytes to copy
 *
 * IOKit: IOMemoryDescriptor::readBytes(). Linux face: iodmacmd_md_read().
 * As in current xnu, nothing is copied unless the whole range is inside.
 *
 * Context: any context that may touch the memory.
 * Return: bytes copied: @length, or 0.
 * 0 also for a NULL or error-pointer @md (logged once).
 */
IOByteCount IOMemoryDescriptorReadBytes(IOMemoryDescriptor *md, IOByteCount offset,
					void *bytes, IOByteCount length)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return iodmacmd_md_read(md, offset, bytes, length);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorReadBytes, IODMACMD_NS);

/**
 * IOMemoryDescriptorWriteBytes() - copy bytes into the described memory
 * @md: the descriptor
 * @offset: first byte
 * @bytes: source, or NULL to write zeros (as IOKit does)
 * @length: bytes to copy
 *
 * IOKit: IOMemoryDescriptor::writeBytes(). Linux face: iodmacmd_md_write().
 *
 * Context: any context that may touch the memory.
 * Return: bytes copied: @length, or 0 for a range that is not inside.
 * 0 also for a NULL or error-pointer @md (logged once), and for memory the CPU
 * must not write (user memory described for Out only, logged).
 */
IOByteCount IOMemoryDescriptorWriteBytes(IOMemoryDescriptor *md, IOByteCount offset,
					 const void *bytes, IOByteCount length)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return iodmacmd_md_write(md, offset, bytes, length);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorWriteBytes, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetPhysicalSegment() - CPU physical address of a byte
 * @md: the descriptor
 * @offset: the byte
 * @length: set to the bytes physically contiguous from there; may be NULL
 * @options: kIOMemoryMapperNone or 0
 *
 * IOKit: IOMemoryDescriptor::getPhysicalSegment(). Linux face:
 * iodmacmd_md_phys_segment(). Differs from IOKit: the result is always the
 * CPU physical address, as with kIOMemoryMapperNone; without that option
 * IOKit returns the system IOMMU's address, but on Linux a device's
 * addresses come only from a command's segments.
 *
 * Context: any context.
 * Return: the physical address, or 0 (and *@length 0) past the end, for
 * user memory that is not prepared, or for a NULL or error-pointer @md
 * (logged once).
 */
IOPhysicalAddress IOMemoryDescriptorGetPhysicalSegment(IOMemoryDescriptor *md,
						       IOByteCount offset,
						       IOByteCount *length,
						       IOOptionBits options)
{
	if (iodmacmd_bad_ptr(md)) {
		if (length)
			*length = 0;
		return 0;
	}
	return iodmacmd_md_phys_segment(md, offset, length);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetPhysicalSegment, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetPhysicalAddress() - CPU physical address of byte 0
 * @md: the descriptor
 *
 * IOKit: IOMemoryDescriptor::getPhysicalAddress(). Differs from IOKit as
 * IOMemoryDescriptorGetPhysicalSegment() does.
 *
 * Context: any context.
 * Return: the physical address of the first byte.
 * 0 for a NULL or error-pointer @md (logged once).
 */
IOPhysicalAddress IOMemoryDescriptorGetPhysicalAddress(IOMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return iodmacmd_md_phys_segment(md, 0, NULL);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetPhysicalAddress, IODMACMD_NS);

/* --- IOBufferMemoryDescriptor --- */

#define BMD_CONTIGUOUS (kIOMemoryPhysicallyContiguous | kIOMemoryHostPhysicallyContiguous)
#define BMD_ACCEPTED_OPTIONS (kIOMemoryDirectionMask | BMD_CONTIGUOUS | kIOMemoryPageable | \
			      kIOMemoryMapperNone | kIOMemoryThreadSafe | kIOMapCacheMask)

/*
 * Every factory ends here: IOKit's initWithPhysicalMask(), for the kernel
 * task only. The options become the Linux face's; an alignment of 0 or 1
 * means none, as in IOKit. Bit 0x800 is both kIOMemoryMapperNone and part
 * of IOKit's cache mode field: it is taken as the former, as drivers mean
 * it (newer xnu also reads it as kIOMapPostedReordered).
 */
static IOBufferMemoryDescriptor *buffer_create(task_t task, IOOptionBits options, u64 capacity,
					       u64 alignment, u64 physical_mask)
{
	u32 cache = options & kIOMapCacheMask & ~kIOMemoryMapperNone;
	u32 linux_options = options & kIOMemoryDirectionMask;
	IOReturn ret;

	if (IS_ERR(task) && iodmacmd_bad_ptr(task))
		return NULL;
	/* NULL is newer xnu's "not mapped anywhere": the kernel's map will do. */
	if (task && task != kernel_task) {
		pr_warn_ratelimited("buffers in a user task are not supported\n");
		return NULL;
	}
	if (options & ~BMD_ACCEPTED_OPTIONS) {
		pr_warn_ratelimited("unsupported IOBufferMemoryDescriptor options %#x\n",
				    options & ~BMD_ACCEPTED_OPTIONS);
		return NULL;
	}
	if (cache != kIOMapDefaultCache && cache != kIOMapCopybackCache) {
		pr_warn_ratelimited("IOBufferMemoryDescriptor cache mode %#x is not supported: buffers are cached memory\n",
				    cache);
		return NULL;
	}
	if (options & BMD_CONTIGUOUS)
		linux_options |= IODMACMD_BUFFER_CONTIGUOUS;
	return __iodmacmd_buffer_create(linux_options, capacity, alignment > 1 ? alignment : 0,
					physical_mask, &ret);
}

/**
 * IOBufferMemoryDescriptorWithCapacity() - allocate a buffer for a direction
 * @capacity: bytes, above 0
 * @dir: kIODirection* value
 * @contiguous: physically contiguous, aligned to its capacity
 *
 * IOKit: IOBufferMemoryDescriptor::withCapacity(), which is withOptions()
 * with kIOMemoryPhysicallyContiguous and an alignment of @capacity when
 * @contiguous, of 1 otherwise. Linux face: iodmacmd_buffer_create().
 * Differs from IOKit: the alignment is @capacity rounded up to a power of
 * two (every buddy block is aligned to its size; IOKit masks with
 * @capacity - 1, which for other sizes aligns to less than @capacity); a
 * contiguous buffer is at most one buddy block (4 MiB with 4 KiB pages),
 * larger ones fail (logged).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL for a zero capacity, an unknown direction, a contiguous buffer
 * beyond a buddy block, or when out of memory.
 */
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithCapacity(IOByteCount capacity,
							       IODirection dir,
							       bool contiguous)
{
	u64 alignment = 1;

	/* Beyond a buddy block the buffer code refuses the size itself. */
	if (contiguous && capacity && capacity <= (u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT)
		alignment = roundup_pow_of_two(capacity);
	return buffer_create(kernel_task, dir | (contiguous ? kIOMemoryPhysicallyContiguous : 0),
			     capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorWithCapacity, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorWithOptions() - allocate a buffer in the kernel
 * @options: a kIODirection* value or'ed with the buffer options of
 *	<IOKit/IOBufferMemoryDescriptor.h>
 * @capacity: bytes, above 0
 * @alignment: alignment of the first byte, a power of two; 0 or 1 for
 *	none (a buffer always starts on a page); above a page it makes the
 *	buffer physically contiguous, as in IOKit
 *
 * IOKit: IOBufferMemoryDescriptor::withOptions(). Linux face:
 * iodmacmd_buffer_create(). Differs from IOKit: an alignment that is not a
 * power of two, kIOMemoryPurgeable, kIOMemoryKernelUserShared, the inhibit,
 * write-through and write-combine cache modes and unknown option bits are
 * refused (logged where the reason is not obvious); a pageable buffer is
 * resident; a contiguous buffer is at most one buddy block (4 MiB with
 * 4 KiB pages).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL when refused or out of memory.
 */
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithOptions(IOOptionBits options,
							      IOByteCount capacity,
							      IOByteCount alignment)
{
	return buffer_create(kernel_task, options, capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorWithOptions, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorInTaskWithOptions() - allocate a buffer in a task
 * @inTask: kernel_task (or NULL, taken as kernel_task)
 * @options: as for IOBufferMemoryDescriptorWithOptions()
 * @capacity: bytes, above 0
 * @alignment: as for IOBufferMemoryDescriptorWithOptions() (IOKit's
 *	default 1)
 *
 * IOKit: IOBufferMemoryDescriptor::inTaskWithOptions(). Differs from IOKit
 * as IOBufferMemoryDescriptorWithOptions() does, and: a user task is
 * refused (logged: "buffers in a user task are not supported"); NULL, for
 * which newer xnu makes a buffer with no CPU mapping whose getBytesNoCopy()
 * returns NULL, makes an ordinary kernel buffer.
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL when refused (an error-pointer @inTask too, logged once) or out of
 * memory.
 */
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorInTaskWithOptions(task_t inTask,
								    IOOptionBits options,
								    IOByteCount capacity,
								    IOByteCount alignment)
{
	return buffer_create(inTask, options, capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorInTaskWithOptions, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorInTaskWithPhysicalMask() - allocate a buffer the device can reach
 * @inTask: as for IOBufferMemoryDescriptorInTaskWithOptions()
 * @options: as for IOBufferMemoryDescriptorWithOptions()
 * @capacity: bytes, above 0
 * @physicalMask: 0 for any memory, or a run of ones above a run of zeros
 *	(0xFFFFF000: below 4 GiB, page aligned): every byte's physical address
 *	fits the ones, the zeros set the alignment (at least a page)
 *
 * IOKit: IOBufferMemoryDescriptor::inTaskWithPhysicalMask(). Linux face:
 * iodmacmd_buffer_create(). The mask is met page by page: the buffer is not
 * contiguous unless the options ask for it. Differs from IOKit as
 * IOBufferMemoryDescriptorInTaskWithOptions() does, and: a mask with a hole
 * in its ones is refused (logged); under an IOMMU, IOKit turns the mask
 * into a limit on the buffer's IOVAs and allocates anywhere, while here it
 * always bounds the physical memory (bus addresses are the command's
 * business: its address bits).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL when refused (an error-pointer @inTask too, logged once) or when the
 * mask allows no memory that can be had.
 */
IOBufferMemoryDescriptor *
IOBufferMemoryDescriptorInTaskWithPhysicalMask(task_t inTask, IOOptionBits options,
					       mach_vm_size_t capacity,
					       mach_vm_address_t physicalMask)
{
	return buffer_create(inTask, options, capacity, 0, physicalMask);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorInTaskWithPhysicalMask, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorGetBytesNoCopy() - the buffer's kernel address
 * @md: a buffer
 *
 * IOKit: IOBufferMemoryDescriptor::getBytesNoCopy(). Linux face:
 * iodmacmd_buffer_bytes(). The address covers the whole capacity and is
 * valid as long as the buffer.
 *
 * Context: any context.
 * Return: the address of the first byte, or NULL when @md is not a buffer.
 * NULL also for a NULL or error-pointer @md (logged once).
 */
void *IOBufferMemoryDescriptorGetBytesNoCopy(IOBufferMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return NULL;
	return iodmacmd_buffer_bytes(md);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorGetBytesNoCopy, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorGetBytesNoCopyRange() - the kernel address of a range
 * @md: a buffer
 * @start: first byte
 * @withLength: bytes from @start that must lie inside the length
 *
 * IOKit: IOBufferMemoryDescriptor::getBytesNoCopy(start, withLength), with
 * its rule: @start must be below the current length (not the capacity) and
 * the range must end inside it.
 *
 * Context: any context.
 * Return: the address of byte @start, or NULL when the range is not inside
 * the length (or wraps), @md is not a buffer, or is NULL or an error
 * pointer (logged once).
 */
void *IOBufferMemoryDescriptorGetBytesNoCopyRange(IOBufferMemoryDescriptor *md,
						  vm_size_t start, vm_size_t withLength)
{
	u8 *bytes;
	u64 length;

	if (iodmacmd_bad_ptr(md))
		return NULL;
	bytes = iodmacmd_buffer_bytes(md);
	length = iodmacmd_md_length(md);
	if (!bytes || start >= length || withLength > length - start)
		return NULL;
	return bytes + start;
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorGetBytesNoCopyRange, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorSetLength() - change the bytes the buffer describes
 * @md: a buffer, not prepared by a command
 * @length: the new length, at most the capacity; 0 is allowed
 *
 * IOKit: IOBufferMemoryDescriptor::setLength(). Linux face:
 * iodmacmd_buffer_set_length(). IOMemoryDescriptorGetLength(), copies and
 * the range a command prepares follow. As in IOKit (after its assert), a
 * length above the capacity changes nothing; so does a descriptor that is
 * not a buffer.
 *
 * A NULL or error-pointer @md is refused (logged once) and nothing is done.
 *
 * Context: process context, may sleep.
 */
void IOBufferMemoryDescriptorSetLength(IOBufferMemoryDescriptor *md, vm_size_t length)
{
	if (iodmacmd_bad_ptr(md))
		return;
	iodmacmd_buffer_set_length(md, length);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorSetLength, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorGetCapacity() - bytes allocated
 * @md: a buffer
 *
 * IOKit: IOBufferMemoryDescriptor::getCapacity(). Linux face:
 * iodmacmd_buffer_capacity().
 *
 * Context: any context.
 * Return: the capacity asked for at creation, or 0 when @md is not a buffer.
 * 0 also for a NULL or error-pointer @md (logged once).
 */
vm_size_t IOBufferMemoryDescriptorGetCapacity(const IOBufferMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	/* Only read: IOKit's method is const, the Linux face's argument is not. */
	return iodmacmd_buffer_capacity((IOBufferMemoryDescriptor *)md);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorGetCapacity, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorAppendBytes() - copy bytes to the end, growing the length
 * @md: a buffer, not prepared by a command
 * @bytes: the source, or NULL to append zeros (a Linux addition)
 * @withLength: bytes
 *
 * IOKit: IOBufferMemoryDescriptor::appendBytes(). Linux face:
 * iodmacmd_buffer_append(). Differs from IOKit: bytes that do not all fit
 * in the capacity are refused whole and false is returned; IOKit copies
 * what fits and returns true.
 *
 * Context: process context, may sleep.
 * Return: true when the bytes were appended (also for 0 bytes), false when
 * they do not fit or @md is not a buffer.
 * false also for a NULL or error-pointer @md (logged once).
 */
bool IOBufferMemoryDescriptorAppendBytes(IOBufferMemoryDescriptor *md, const void *bytes,
					 vm_size_t withLength)
{
	if (iodmacmd_bad_ptr(md))
		return false;
	return iodmacmd_buffer_append(md, bytes, withLength);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorAppendBytes, IODMACMD_NS);

/* --- IOSubMemoryDescriptor and IOMultiMemoryDescriptor --- */

#define SUB_ACCEPTED_OPTIONS (kIOMemoryDirectionMask | kIOMemoryThreadSafe)

/**
 * IOSubMemoryDescriptorWithSubRange() - describe a window on another descriptor
 * @of: the parent, referenced until the window is released
 * @offset: the window's first byte in @of
 * @length: bytes, above 0; the window must end inside @of
 * @options: the window's kIODirection* value in the low bits, optionally
 *	or'ed with kIOMemoryThreadSafe (no effect: every descriptor has its
 *	own lock)
 *
 * IOKit: IOSubMemoryDescriptor::withSubRange(). Linux face:
 * iodmacmd_md_create_sub(). Copies, physical segments and DMA mappings see
 * @of's bytes from @offset on, clipped to the window; the window's first
 * IOMemoryDescriptorPrepare() prepares @of, its last
 * IOMemoryDescriptorComplete() completes it. Differs from IOKit: an empty
 * window and other option bits are refused; windows and multi descriptors
 * nest at most eight deep.
 *
 * Context: process context, may sleep.
 * Return: the window with one reference, or NULL for a NULL @of, a window
 * that is empty or does not end inside @of, other option bits, nesting
 * deeper than eight, or when out of memory.
 * NULL also for an error-pointer @of (logged once).
 */
IOSubMemoryDescriptor *IOSubMemoryDescriptorWithSubRange(IOMemoryDescriptor *of,
							 IOByteCount offset,
							 IOByteCount length,
							 IOOptionBits options)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(of))
		return NULL;
	if (options & ~SUB_ACCEPTED_OPTIONS) {
		pr_warn_ratelimited("unsupported IOSubMemoryDescriptor options %#x\n",
				    options & ~SUB_ACCEPTED_OPTIONS);
		return NULL;
	}
	return __iodmacmd_md_create_sub(of, offset, length, options & kIOMemoryDirectionMask,
					&ret);
}
EXPORT_SYMBOL_NS_GPL(IOSubMemoryDescriptorWithSubRange, IODMACMD_NS);

/**
 * IOMultiMemoryDescriptorWithDescriptors() - describe descriptors one after another
 * @descriptors: the members, in order; each is referenced until the multi
 *	descriptor is released
 * @withCount: entries in @descriptors, above 0
 * @withDirection: the multi descriptor's kIODirection* value
 * @asReference: accepted, without effect: IOKit then uses the caller's
 *	array in place instead of copying it; the array is always copied here,
 *	so the caller may free it at once either way
 *
 * IOKit: IOMultiMemoryDescriptor::withDescriptors(). Linux face:
 * iodmacmd_md_create_multi(). The length is the sum of the members' lengths
 * when it is made. The first IOMemoryDescriptorPrepare() prepares every
 * member in order and, when one fails, completes those already prepared and
 * returns that member's error; the last IOMemoryDescriptorComplete()
 * completes them all. Differs from IOKit: the members' directions are not
 * compared with @withDirection (IOKit asserts they are equal); a total
 * length of 0 is refused; windows and multi descriptors nest at most eight
 * deep.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL for no or a NULL
 * member, a total length of 0, an unknown direction, nesting deeper than
 * eight, or when out of memory.
 * NULL also for a NULL or error-pointer @descriptors (logged once) or an
 * error-pointer member (logged).
 */
IOMultiMemoryDescriptor *IOMultiMemoryDescriptorWithDescriptors(IOMemoryDescriptor **descriptors,
								UInt32 withCount,
								IODirection withDirection,
								bool asReference)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(descriptors))
		return NULL;
	return __iodmacmd_md_create_multi(descriptors, withCount, withDirection, &ret);
}
EXPORT_SYMBOL_NS_GPL(IOMultiMemoryDescriptorWithDescriptors, IODMACMD_NS);

/* --- IODMACommand --- */

/* IOKit's eight-argument form: length alignment 1, internal = alignment. */
static void spec_from_args(struct iodmacmd_spec *spec, IODMACommandSegmentFunction out_seg_func,
			   UInt8 num_address_bits, UInt64 max_segment_size,
			   UInt32 mapping_options, UInt64 max_transfer_size, UInt32 alignment)
{
	*spec = (struct iodmacmd_spec) {
		.output = out_seg_func,
		.address_bits = num_address_bits,
		.max_segment_size = max_segment_size,
		.max_transfer_size = max_transfer_size,
		.alignment = alignment,
		.alignment_length = 1,
		.alignment_internal = alignment,
		.mapping_options = mapping_options,
	};
}

static IOReturn spec_from_options(struct iodmacmd_spec *spec,
				  IODMACommandSegmentFunction out_seg_func,
				  const IODMACommandSegmentOptions *opts, UInt32 mapping_options)
{
	if (!opts)
		return kIOReturnBadArgument;
	*spec = (struct iodmacmd_spec) {
		.output = out_seg_func,
		.address_bits = opts->fNumAddressBits,
		.max_segment_size = opts->fMaxSegmentSize,
		.max_transfer_size = opts->fMaxTransferSize,
		.alignment = opts->fAlignment,
		.alignment_length = opts->fAlignmentLength,
		.alignment_internal = opts->fAlignmentInternalSegments,
		.mapping_options = mapping_options,
	};
	return kIOReturnSuccess;
}

/*
 * A Linux command's device is fixed at creation: a later mapper may only
 * name it again, or be NULL (IOKit's default) for the same device.
 */
static bool same_device(const struct iodmacmd_cmd *cmd, struct device *mapper)
{
	return !mapper || mapper == cmd->dev;
}

/**
 * IODMACommandWithSpecification() - create a command with a device's constraints
 * @out_seg_func: output function (kIODMACommandOutput* or the driver's own)
 * @num_address_bits: bus address width; 0 means 64, or 32 with a 32-bit output
 * @max_segment_size: largest segment; 0 means unlimited
 * @mapping_options: kIODMAMapOption* type and flags (IOKit's default is
 *	kIODMAMapOptionMapped)
 * @max_transfer_size: largest prepared length; 0 means unlimited
 * @alignment: start alignment of every segment (power of two; 0 means 1)
 * @mapper: the device the command maps memory for; required for the Mapped
 *	and NonCoherent types, optional for Bypassed and Unmapped
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(), the eight-argument form: the
 * length alignment is 1 and later segments are aligned like the first.
 * Linux face: iodmacmd_cmd_create(). Differs from IOKit: @mapper is the
 * Linux device (IOKit's NULL "system mapper" does not exist: a Mapped
 * command without a device fails); alignments that are not powers of two
 * and more than 64 address bits are refused (the reason is logged).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for an invalid specification, an
 * error-pointer @mapper (logged once) or when out of memory.
 */
IODMACommand *IODMACommandWithSpecification(IODMACommandSegmentFunction out_seg_func,
					    UInt8 num_address_bits, UInt64 max_segment_size,
					    UInt32 mapping_options, UInt64 max_transfer_size,
					    UInt32 alignment, struct device *mapper,
					    void *refcon)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	/* NULL is a valid mapper (no device); an error pointer is not. */
	if (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper))
		return NULL;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return __iodmacmd_cmd_create(mapper, &spec, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithSpecification, IODMACMD_NS);

/**
 * IODMACommandWithSegmentOptions() - create a command from SegmentOptions
 * @out_seg_func: output function
 * @segment_options: the constraints, all three alignments included
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: the device, as for IODMACommandWithSpecification()
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(outSegFunc, segmentOptions,
 * mappingOptions, mapper, refCon). Linux face: iodmacmd_cmd_create(), whose
 * struct iodmacmd_spec also reaches the Linux extensions (segment boundary,
 * maximum segment count). Differs from IOKit as
 * IODMACommandWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for a NULL or error-pointer @segment_options
 * (logged once), an invalid specification, an error-pointer @mapper (logged
 * once), or when out of memory.
 */
IODMACommand *IODMACommandWithSegmentOptions(IODMACommandSegmentFunction out_seg_func,
					     const IODMACommandSegmentOptions *segment_options,
					     UInt32 mapping_options, struct device *mapper,
					     void *refcon)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	if (iodmacmd_bad_ptr(segment_options) || (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper)))
		return NULL;
	if (spec_from_options(&spec, out_seg_func, segment_options, mapping_options))
		return NULL;
	return __iodmacmd_cmd_create(mapper, &spec, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithSegmentOptions, IODMACMD_NS);

/**
 * IODMACommandWeakWithSpecification() - create a command, reporting an IOReturn
 * @new_command: set to the command, or to NULL on failure
 * @out_seg_func: as for IODMACommandWithSpecification()
 * @num_address_bits: as for IODMACommandWithSpecification()
 * @max_segment_size: as for IODMACommandWithSpecification()
 * @mapping_options: as for IODMACommandWithSpecification()
 * @max_transfer_size: as for IODMACommandWithSpecification()
 * @alignment: as for IODMACommandWithSpecification()
 * @mapper: as for IODMACommandWithSpecification()
 * @refcon: as for IODMACommandWithSpecification()
 *
 * IOKit: IODMACommand::weakWithSpecification(). The class always exists
 * here, so kIOReturnUnsupported is never returned.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a NULL or
 * error-pointer @new_command (logged once); kIOReturnError when the command
 * cannot be created (invalid specification, an error-pointer @mapper, or no
 * memory).
 */
IOReturn IODMACommandWeakWithSpecification(IODMACommand **new_command,
					   IODMACommandSegmentFunction out_seg_func,
					   UInt8 num_address_bits, UInt64 max_segment_size,
					   UInt32 mapping_options, UInt64 max_transfer_size,
					   UInt32 alignment, struct device *mapper,
					   void *refcon)
{
	if (iodmacmd_bad_ptr(new_command))
		return kIOReturnBadArgument;
	*new_command = IODMACommandWithSpecification(out_seg_func, num_address_bits,
						     max_segment_size, mapping_options,
						     max_transfer_size, alignment, mapper, refcon);
	return *new_command ? kIOReturnSuccess : kIOReturnError;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWeakWithSpecification, IODMACMD_NS);

/**
 * IODMACommandWithRefCon() - create a command to specify later
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withRefCon(). IODMACommandPrepare() returns
 * kIOReturnNotReady until IODMACommandPrepareWithSpecification() supplies
 * a specification. The command has no device, so only the Bypassed and
 * Unmapped types can be specified; see IODMACommandWithDeviceAndRefCon().
 * Linux face: iodmacmd_cmd_create_unspecified(NULL, @refcon).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL when out of memory.
 */
IODMACommand *IODMACommandWithRefCon(void *refcon)
{
	IOReturn ret;

	return __iodmacmd_cmd_create(NULL, NULL, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithRefCon, IODMACMD_NS);

/**
 * IODMACommandWithDeviceAndRefCon() - create a command for a device, to specify later
 * @device: the device the command will map memory for
 * @refcon: the caller's pointer
 *
 * A Linux addition to IOKit's withRefCon(): a command's device is fixed at
 * creation, so one that a later IODMACommandPrepareWithSpecification() gives
 * a Mapped type needs it now. Linux face: iodmacmd_cmd_create_unspecified().
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for an error-pointer @device (logged once)
 * or when out of memory.
 */
IODMACommand *IODMACommandWithDeviceAndRefCon(struct device *device, void *refcon)
{
	IOReturn ret;

	if (IS_ERR(device) && iodmacmd_bad_ptr(device))
		return NULL;
	return __iodmacmd_cmd_create(device, NULL, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithDeviceAndRefCon, IODMACMD_NS);

/**
 * IODMACommandCloneCommand() - a new command with the same specification
 * @cmd: the command to copy
 * @refcon: the new command's pointer
 *
 * IOKit: IODMACommand::cloneCommand(): the same specification, mapping
 * options and device, none of the state. Linux face: iodmacmd_cmd_clone().
 * Differs from IOKit: IOKit swaps the length and internal-segment
 * alignments and drops a device passed as the mapper; the clone keeps both.
 *
 * Context: process context, may sleep.
 * Return: the new command, or NULL when out of memory.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
IODMACommand *IODMACommandCloneCommand(IODMACommand *cmd, void *refcon)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return __iodmacmd_cmd_clone(cmd, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandCloneCommand, IODMACMD_NS);

/**
 * IODMACommandRelease() - free a command
 * @cmd: the command, NULL or an error pointer
 *
 * IOKit: OSObject::release() of the last reference, which runs free(): a
 * command has a single owner here, so this always destroys it. Linux face:
 * iodmacmd_cmd_destroy(). Differs from IOKit: IOKit's free() leaves the
 * descriptor attached and leaks its reference; this completes a prepared
 * command (with a warning) and detaches the descriptor. NULL and error
 * pointers are ignored, as OSSafeReleaseNULL() ignores NULL.
 *
 * Context: process context, may sleep.
 */
void IODMACommandRelease(IODMACommand *cmd)
{
	if (!IS_ERR_OR_NULL(cmd))
		iodmacmd_cmd_destroy(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandRelease, IODMACMD_NS);

/**
 * IODMACommandPrepareWithSpecification() - set a new specification, then prepare
 * @cmd: the command, not prepared
 * @out_seg_func: as for IODMACommandWithSpecification()
 * @num_address_bits: as for IODMACommandWithSpecification()
 * @max_segment_size: as for IODMACommandWithSpecification()
 * @mapping_options: as for IODMACommandWithSpecification()
 * @max_transfer_size: as for IODMACommandWithSpecification()
 * @alignment: as for IODMACommandWithSpecification()
 * @mapper: NULL or the command's own device
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(), the eight-argument
 * form. Linux face: iodmacmd_prepare_with_spec(). Differs from IOKit: the
 * device cannot change after creation, so @mapper must be NULL or the
 * device the command was created with.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnNotPermitted while prepared;
 * kIOReturnBadArgument for another device or an invalid specification; or
 * the error of IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first.
 */
IOReturn IODMACommandPrepareWithSpecification(IODMACommand *cmd,
					      IODMACommandSegmentFunction out_seg_func,
					      UInt8 num_address_bits, UInt64 max_segment_size,
					      UInt32 mapping_options, UInt64 max_transfer_size,
					      UInt32 alignment, struct device *mapper,
					      UInt64 offset, UInt64 length,
					      bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	/* IOKit checks the state before the arguments. */
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (!same_device(cmd, mapper))
		return kIOReturnBadArgument;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return __iodmacmd_prepare_with_spec(cmd, &spec, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepareWithSpecification, IODMACMD_NS);

/**
 * IODMACommandPrepareWithSegmentOptions() - set new SegmentOptions, then prepare
 * @cmd: the command, not prepared
 * @out_seg_func: output function
 * @segment_options: the constraints
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: NULL or the command's own device
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(outSegFunc,
 * segmentOptions, ...). Differs from IOKit as
 * IODMACommandPrepareWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnNotPermitted while prepared;
 * kIOReturnBadArgument for a NULL @segment_options, another device or an
 * invalid specification; or the error of IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first, or an error-pointer @segment_options.
 */
IOReturn IODMACommandPrepareWithSegmentOptions(IODMACommand *cmd,
					       IODMACommandSegmentFunction out_seg_func,
					       const IODMACommandSegmentOptions *segment_options,
					       UInt32 mapping_options, struct device *mapper,
					       UInt64 offset, UInt64 length,
					       bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd) || iodmacmd_bad_ptr(segment_options))
		return kIOReturnBadArgument;
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (!same_device(cmd, mapper))
		return kIOReturnBadArgument;
	ret = spec_from_options(&spec, out_seg_func, segment_options, mapping_options);
	if (ret)
		return ret;
	return __iodmacmd_prepare_with_spec(cmd, &spec, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepareWithSegmentOptions, IODMACMD_NS);

/**
 * IODMACommandGetNumAddressBits() - the address width the command enforces
 * @cmd: the command
 *
 * IOKit: IODMACommand::getNumAddressBits(): 32 when 0 was given with a
 * 32-bit output function, and 0 for unlimited.
 *
 * Context: any context.
 * Return: the number of address bits, 0 for unlimited or no specification.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt8 IODMACommandGetNumAddressBits(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->address_bits : 0;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetNumAddressBits, IODMACMD_NS);

/**
 * IODMACommandGetAlignment() - the start alignment of the first segment
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignment().
 *
 * Context: any context.
 * Return: the alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignment(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignment, IODMACMD_NS);

/**
 * IODMACommandGetAlignmentLength() - the multiple every segment length is of
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignmentLength().
 *
 * Context: any context.
 * Return: the length alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignmentLength(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment_length : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignmentLength, IODMACMD_NS);

/**
 * IODMACommandGetAlignmentInternalSegments() - the start alignment of later segments
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignmentInternalSegments().
 *
 * Context: any context.
 * Return: the alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignmentInternalSegments(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment_internal : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignmentInternalSegments, IODMACMD_NS);

/**
 * IODMACommandGetRefCon() - the caller's pointer
 * @cmd: the command
 *
 * IOKit: the public field IODMACommand::fRefCon. Linux face:
 * iodmacmd_cmd_refcon().
 *
 * Context: any context.
 * Return: the pointer.
 * NULL for a NULL or error-pointer @cmd (logged once).
 */
void *IODMACommandGetRefCon(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_cmd_refcon(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetRefCon, IODMACMD_NS);

/**
 * IODMACommandSetRefCon() - replace the caller's pointer
 * @cmd: the command
 * @refcon: the new pointer
 *
 * IOKit: assigning the public field IODMACommand::fRefCon. Linux face:
 * iodmacmd_cmd_set_refcon().
 *
 * A NULL or error-pointer @cmd is refused (logged once) and nothing is done.
 *
 * Context: any context.
 */
void IODMACommandSetRefCon(IODMACommand *cmd, void *refcon)
{
	if (iodmacmd_bad_ptr(cmd))
		return;
	iodmacmd_cmd_set_refcon(cmd, refcon);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSetRefCon, IODMACMD_NS);

/**
 * IODMACommandGetActive() - the prepare nesting depth
 * @cmd: the command
 *
 * IOKit: the public field IODMACommand::fActive, read-only here.
 *
 * Context: any context.
 * Return: 0 when not prepared, else the number of prepares to complete.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetActive(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return cmd->active;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetActive, IODMACMD_NS);

/**
 * IODMACommandSetMemoryDescriptor() - attach a descriptor
 * @cmd: the command
 * @mem: the descriptor, retained while attached; NULL only detaches
 * @auto_prepare: prepare the whole descriptor at once (IOKit's default true)
 *
 * IOKit: IODMACommand::setMemoryDescriptor(). Linux face: iodmacmd_set_md().
 * Attaching the descriptor already attached adds no prepare level; with
 * @auto_prepare false it completes the command fully. A failed automatic
 * prepare detaches the descriptor again. As in IOKit, the command does not
 * prepare (wire) the descriptor itself: call IOMemoryDescriptorPrepare()
 * first.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBusy when another descriptor is
 * attached and prepared; or the error of IODMACommandPrepare().
 * kIOReturnBadArgument for a NULL or error-pointer @cmd or an error-pointer
 * @mem (logged once), nothing changed.
 */
IOReturn IODMACommandSetMemoryDescriptor(IODMACommand *cmd, const IOMemoryDescriptor *mem,
					 bool auto_prepare)
{
	if (iodmacmd_bad_ptr(cmd) || (IS_ERR(mem) && iodmacmd_bad_ptr(mem)))
		return kIOReturnBadArgument;
	/* Retained, so not const in C: IOKit's const is about the memory. */
	return __iodmacmd_set_md(cmd, (IOMemoryDescriptor *)mem, auto_prepare);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSetMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandClearMemoryDescriptor() - detach the descriptor
 * @cmd: the command
 * @auto_complete: complete a prepared command fully first (IOKit's default
 *	true)
 *
 * IOKit: IODMACommand::clearMemoryDescriptor(). Linux face:
 * iodmacmd_clear_md(). Succeeds when nothing is attached.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or kIOReturnNotReady when prepared and
 * @auto_complete is false.
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandClearMemoryDescriptor(IODMACommand *cmd, bool auto_complete)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_clear_md(cmd, auto_complete);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandClearMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandGetMemoryDescriptor() - the attached descriptor
 * @cmd: the command
 *
 * IOKit: IODMACommand::getMemoryDescriptor(). Linux face: iodmacmd_get_md().
 *
 * Context: any context.
 * Return: the descriptor (not retained) or NULL.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
const IOMemoryDescriptor *IODMACommandGetMemoryDescriptor(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_get_md(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandGetIOMemoryDescriptor() - the descriptor the device accesses
 * @cmd: the command
 *
 * IOKit: IODMACommand::getIOMemoryDescriptor(), which returns the copy
 * buffer while whole-buffer bouncing is in use. Differs from IOKit:
 * iodmacmd's bounce memory is not a descriptor, so this is always the
 * attached descriptor; IODMACommandReadBytes() and IODMACommandWriteBytes()
 * reach the memory the device sees.
 *
 * Context: any context.
 * Return: the descriptor (not retained) or NULL.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
IOMemoryDescriptor *IODMACommandGetIOMemoryDescriptor(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_get_md(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetIOMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandPrepare() - map the attached descriptor for DMA
 * @cmd: the command
 * @offset: first byte of the range, in the descriptor (IOKit's default 0)
 * @length: bytes; 0 means the descriptor's whole length (IOKit's default)
 * @flush_cache: for a NonCoherent command, make the memory visible to the
 *	device (IOKit's default true)
 * @synchronize: copy into bounce memory when the descriptor's direction
 *	includes Out or is None (IOKit's default true)
 *
 * IOKit: IODMACommand::prepare(). Linux face: iodmacmd_prepare(). Calls
 * nest; a nested call must name the same range. A range the device cannot
 * take as it is (beyond the address bits, misaligned, out of the device's
 * reach, or forced by IODMACommandSynchronize()) is bounced: segments,
 * IODMACommandReadBytes() and IODMACommandWriteBytes() then use bounce
 * memory. As in IOKit, the command does not prepare the descriptor: user
 * memory must be prepared first. Differs from IOKit: a failed prepare
 * changes nothing (IOKit leaves the nesting count raised); a range past
 * the descriptor's end is refused.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or
 * * kIOReturnNotReady: no specification or descriptor, a descriptor of user
 *   memory that is not prepared, or a nested call names another range;
 * * kIOReturnBadArgument: the range passes the descriptor's end;
 * * kIOReturnNoSpace: longer than max_transfer_size (or more segments than
 *   the Linux maximum segment count);
 * * kIOReturnNotAligned: the length is not a multiple of alignmentLength;
 * * kIOReturnNoResources: no bounce memory that fits (logged);
 * * kIOReturnUnderrun: the copy into bounce memory fell short;
 * * the DMA API's error as an IOReturn (kIOReturnNoMemory, ...).
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandPrepare(IODMACommand *cmd, UInt64 offset, UInt64 length,
			     bool flush_cache, bool synchronize)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_prepare(cmd, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepare, IODMACMD_NS);

/**
 * IODMACommandComplete() - end one level of IODMACommandPrepare()
 * @cmd: the command
 * @invalidate_cache: for a NonCoherent command, make the device's writes
 *	visible to the CPU (IOKit's default true)
 * @synchronize: copy back from bounce memory when the descriptor's
 *	direction includes In or is None (IOKit's default true)
 *
 * IOKit: IODMACommand::complete(). Linux face: iodmacmd_complete(). The
 * last level frees the bounce memory, if any.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnNotReady when not prepared, or
 * kIOReturnUnderrun when the copy back fell short (the command is
 * completed all the same).
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandComplete(IODMACommand *cmd, bool invalidate_cache, bool synchronize)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_complete(cmd, invalidate_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandComplete, IODMACMD_NS);

/**
 * IODMACommandGetPreparedOffsetAndLength() - the prepared range
 * @cmd: the command
 * @offset: set to the first byte, in the descriptor; may be NULL
 * @length: set to the length; may be NULL
 *
 * IOKit: IODMACommand::getPreparedOffsetAndLength(). Linux face:
 * iodmacmd_prepared_range().
 *
 * Context: any context.
 * Return: kIOReturnSuccess, or kIOReturnNotReady when not prepared.
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandGetPreparedOffsetAndLength(const IODMACommand *cmd, UInt64 *offset,
						UInt64 *length)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_prepared_range(cmd, offset, length);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetPreparedOffsetAndLength, IODMACMD_NS);

/**
 * IODMACommandSynchronize() - copy between the descriptor and the bounce memory
 * @cmd: a prepared command
 * @options: kIODirectionIn (bounce memory to the descriptor, after the
 *	device wrote), kIODirectionOut (the descriptor to bounce memory, before
 *	the device reads), or kForceDoubleBuffer (bounce the prepared range
 *	from now on)
 *
 * IOKit: IODMACommand::synchronize(). Linux face: iodmacmd_synchronize().
 * In and Out copy whatever the descriptor's direction; when the range is
 * not bounced they have nothing to do. kForceDoubleBuffer completes the
 * command and prepares the same range again, bounced (direction bits are
 * then ignored); a command already bounced stays as it is. If that prepare
 * fails, the command is left not prepared, as in IOKit. Differs from IOKit:
 * forcing works on every command but IterateOnly ones (IOKit ignores it in
 * its cursor mode, and leaves the request pending for a later prepare);
 * forcing a command prepared more than once is kIOReturnBusy (IOKit
 * silently does nothing); unknown option bits are refused.
 *
 * Context: process context, may sleep.
 * Return: the core's IOReturn unchanged: kIOReturnSuccess, or
 * * kIOReturnBadArgument: kIODirectionIn with kIODirectionOut (checked
 *   first, as in IOKit), or an unknown option bit;
 * * kIOReturnNotReady: the command is not prepared;
 * * kIOReturnUnderrun: a copy fell short;
 * * with kForceDoubleBuffer, kIOReturnBusy when prepared more than once,
 *   or the errors of IODMACommandComplete() and IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandSynchronize(IODMACommand *cmd, IOOptionBits options)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_synchronize(cmd, options);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSynchronize, IODMACMD_NS);

/**
 * IODMACommandReadBytes() - read the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @bytes: destination
 * @length: bytes; clamped to the end of the prepared range
 *
 * IOKit: IODMACommand::readBytes(). Linux face: iodmacmd_cmd_read(). When
 * the range is bounced this reads the bounce memory, so data a device
 * wrote there is seen before IODMACommandComplete() or
 * IODMACommandSynchronize(kIODirectionIn), while
 * IOMemoryDescriptorReadBytes() still sees the descriptor's own memory;
 * otherwise it reads the descriptor's memory.
 *
 * Context: process context.
 * Return: bytes copied; 0 when the command is not prepared, @offset is at
 * or past the prepared length, or @bytes is NULL.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt64 IODMACommandReadBytes(IODMACommand *cmd, UInt64 offset, void *bytes, UInt64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return __iodmacmd_cmd_rw(cmd, offset, bytes, length, false);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandReadBytes, IODMACMD_NS);

/**
 * IODMACommandWriteBytes() - write the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @bytes: source
 * @length: bytes; clamped to the end of the prepared range
 *
 * IOKit: IODMACommand::writeBytes(). Linux face: iodmacmd_cmd_write(). When
 * the range is bounced this writes the bounce memory only: the descriptor
 * sees the bytes after IODMACommandSynchronize(kIODirectionIn) or a
 * completion that copies back.
 *
 * Context: process context.
 * Return: bytes copied; 0 when the command is not prepared, @offset is at
 * or past the prepared length, or @bytes is NULL.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt64 IODMACommandWriteBytes(IODMACommand *cmd, UInt64 offset, const void *bytes,
			      UInt64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	/* Only read from: the core's argument serves both directions. */
	return __iodmacmd_cmd_rw(cmd, offset, (void *)bytes, length, true);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWriteBytes, IODMACMD_NS);

/**
 * IODMACommandGenIOVMSegmentsWithFunction() - the next segments, through an output function
 * @cmd: a prepared command
 * @out_seg_func: writes each segment into @segments for this call only
 * @offset: in: where to continue, relative to the prepared offset (0 at
 *	first); out: the end of the last segment written
 * @segments: the caller's array, passed to @out_seg_func
 * @num_segments: in: room in @segments; out: segments written (at least 1)
 *
 * IOKit: IODMACommand::genIOVMSegments(SegmentFunction, ...). Linux face:
 * iodmacmd_gen_segments_with(), which returns a count instead. The transfer
 * is complete when *@offset equals the prepared length. Differs from IOKit:
 * a 32-bit output refuses a segment that needs more bits instead of
 * truncating it.
 *
 * Context: any context, unless @out_seg_func sleeps.
 * Return: kIOReturnSuccess, or
 * * kIOReturnNotReady: the command is not prepared;
 * * kIOReturnBadArgument: a NULL pointer or *@num_segments 0;
 * * kIOReturnOverrun: *@offset is at or past the end of the prepared range;
 * * kIOReturnMessageTooLarge: @out_seg_func refused a segment, or an
 *   IterateOnly segment lies beyond the address bits;
 * * kIOReturnNotAligned: an IterateOnly segment breaks an alignment.
 * On error *@offset and *@num_segments are unchanged; entries written
 * before the error stay written.
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandGenIOVMSegmentsWithFunction(IODMACommand *cmd,
						 IODMACommandSegmentFunction out_seg_func,
						 UInt64 *offset, void *segments,
						 UInt32 *num_segments)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_gen_segments(cmd, out_seg_func, offset, segments, num_segments);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGenIOVMSegmentsWithFunction, IODMACMD_NS);

/**
 * IODMACommandGenIOVMSegments() - the next segments, through the command's output
 * @cmd: a prepared command
 * @offset: as for IODMACommandGenIOVMSegmentsWithFunction()
 * @segments: array of entries of the command's output function
 * @num_segments: as for IODMACommandGenIOVMSegmentsWithFunction()
 *
 * IOKit: IODMACommand::genIOVMSegments(UInt64 *, void *, UInt32 *). Linux
 * face: iodmacmd_gen_segments_with(cmd, <the command's output>, ...).
 *
 * Context: any context, unless the output function sleeps.
 * Return: as IODMACommandGenIOVMSegmentsWithFunction(); kIOReturnNotReady
 * also for a command without a specification.
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first.
 */
IOReturn IODMACommandGenIOVMSegments(IODMACommand *cmd, UInt64 *offset, void *segments,
				     UInt32 *num_segments)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!iodmacmd_cmd_spec(cmd))
		return kIOReturnNotReady;
	return __iodmacmd_gen_segments(cmd, iodmacmd_cmd_spec(cmd)->output, offset, segments,
				       num_segments);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGenIOVMSegments, IODMACMD_NS);
