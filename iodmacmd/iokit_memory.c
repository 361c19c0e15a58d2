// SPDX-License-Identifier: GPL-2.0
/*
 * The Apple-named face of the descriptor classes: IOMemoryDescriptor and its
 * subclasses as C functions, for drivers ported from macOS
 * (<IOKit/IOMemoryDescriptor.h>, <IOKit/IOBufferMemoryDescriptor.h>,
 * <IOKit/IOSubMemoryDescriptor.h>, <IOKit/IOMultiMemoryDescriptor.h>).
 * IODMACommand's face is iokit_command.c.
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
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "checks.h"
#include "md.h"

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

