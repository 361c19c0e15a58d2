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
#include <IOKit/IOService.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOSubMemoryDescriptor.h>

#include "checks.h"
#include "md.h"

/* --- IOMemoryDescriptor --- */

/*
 * IOKit's system mapper: a descriptor made by a module with a provider
 * maps itself for that device while prepared, so that its physical
 * segments are the device's addresses, unless kIOMemoryMapperNone says
 * otherwise. A module with no provider makes descriptors with none (CPU
 * physical addresses), quietly: most descriptors never meet a device.
 */
static IOMemoryDescriptor *with_system_mapper(struct module *owner, IOMemoryDescriptor *md,
					      IOOptionBits options, IOMapper *mapper)
{
	if (!md || (options & kIOMemoryMapperNone))
		return md;
	if (mapper) {
		iodmacmd_md_set_mapper_new(md, mapper);
		return md;
	}
	mapper = iodmacmd_provider_get(owner, NULL);
	iodmacmd_md_set_mapper_new(md, mapper);
	put_device(mapper);
	return md;
}

#define MD_ACCEPTED_OPTIONS (kIOMemoryDirectionMask | kIOMemoryTypeMask | \
			     kIOMemoryAsReference | kIOMemoryMapperNone | kIOMemoryThreadSafe)

#define MD_PREPARE_FLAGS (kIODirectionPrepareToPhys32 | kIODirectionPrepareNoFault | \
			  kIODirectionPrepareNonCoherent)
#define MD_COMPLETE_FLAGS (kIODirectionCompleteWithError | kIODirectionCompleteWithDataValid)

/**
 * __IOMemoryDescriptorWithAddress() - describe one range of kernel memory
 * @owner: the calling module, whose provider is the system mapper
 *	(IOMemoryDescriptorWithAddress() passes THIS_MODULE)
 * @address: kernel virtual address (kmalloc, vmalloc, page_address()), not
 *	on the stack
 * @length: bytes; 0 makes an empty descriptor, as IOKit does
 * @dir: kIODirection* value
 *
 * IOKit: IOMemoryDescriptor::withAddress(). Linux face:
 * iodmacmd_md_create_kernel() and iodmacmd_md_set_mapper(). An empty
 * descriptor prepares and completes, and a command on it reports its end
 * (kIOReturnOverrun) at once.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL for a range that is
 * not kernel memory (logged) or an unknown direction, or when out of
 * memory.
 */
IOMemoryDescriptor *__IOMemoryDescriptorWithAddress(struct module *owner, void *address,
						    IOByteCount length, IODirection dir)
{
	struct iodmacmd_range range = { .address = (uintptr_t)address, .length = length };
	IOReturn ret;

	if (!length)
		return __iodmacmd_md_create_empty(dir, &ret);
	return with_system_mapper(owner, __iodmacmd_md_create_kernel(&range, 1, dir, &ret), 0,
				  NULL);
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorWithAddress, IODMACMD_NS);

/**
 * __IOMemoryDescriptorWithAddressRanges() - describe ranges of a task's memory
 * @owner: the calling module, whose provider is the system mapper
 *	(IOMemoryDescriptorWithAddressRanges() passes THIS_MODULE)
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
 * descriptor is made (checked then, logged). Ranges whose lengths are all 0
 * make an empty descriptor, as IOKit does; a 0 length among others is
 * refused.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL: for the reasons of
 * the Linux face's function, and for a NULL or error-pointer @ranges or an
 * error-pointer @task (logged once).
 */
IOMemoryDescriptor *__IOMemoryDescriptorWithAddressRanges(struct module *owner,
							  IOAddressRange *ranges,
							  UInt32 range_count,
							  IOOptionBits options, task_t task)
{
	return __IOMemoryDescriptorWithOptions(owner, ranges, range_count, 0, task,
					       options, NULL);
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorWithAddressRanges, IODMACMD_NS);

static bool all_empty(const IOAddressRange *ranges, u32 count)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (ranges[i].length)
			return false;
	return true;
}

/* Checks the options of a descriptor of ranges against its task. */
static bool ranges_options_ok(IOOptionBits options, task_t task)
{
	u32 type = options & kIOMemoryTypeMask;

	if (options & ~MD_ACCEPTED_OPTIONS) {
		pr_warn_ratelimited("unsupported IOMemoryDescriptor options %#x\n",
				    options & ~MD_ACCEPTED_OPTIONS);
		return false;
	}
	if (type && type != (task ? kIOMemoryTypeVirtual64 : kIOMemoryTypePhysical64)) {
		pr_warn_ratelimited("IOMemoryDescriptor type %#x does not match the %s task\n",
				    type, !task ? "NULL (physical)" :
				    task == kernel_task ? "kernel" : "user");
		return false;
	}
	return true;
}

/**
 * __IOMemoryDescriptorWithOptions() - IOKit's general descriptor factory
 * @owner: the calling module, whose provider is the system mapper
 *	(IOMemoryDescriptorWithOptions() passes THIS_MODULE)
 * @buffers: an array of @count IOAddressRange (IOVirtualRange and
 *	IOPhysicalRange have the same layout on 64-bit)
 * @count: entries
 * @offset: IOKit reads it for UPL descriptors only; must be 0
 * @task: as for IOMemoryDescriptorWithAddressRanges()
 * @options: as for IOMemoryDescriptorWithAddressRanges()
 * @mapper: the device the descriptor is mapped for while prepared, whose
 *	addresses IOMemoryDescriptorGetPhysicalSegment() returns; NULL for
 *	the system mapper (the module's provider, if any)
 *
 * IOKit: IOMemoryDescriptor::withOptions(). Linux face: the
 * iodmacmd_md_create_*() functions and iodmacmd_md_set_mapper().
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, or NULL as
 * IOMemoryDescriptorWithAddressRanges(), and for an @offset other than 0
 * (logged).
 */
IOMemoryDescriptor *__IOMemoryDescriptorWithOptions(struct module *owner, void *buffers,
						    UInt32 count, UInt32 offset, task_t task,
						    IOOptionBits options, IOMapper *mapper)
{
	IOAddressRange *ranges = buffers;
	u32 dir = options & kIOMemoryDirectionMask;
	IOMemoryDescriptor *md;
	IOReturn ret;

	/* A NULL task is a valid one: physical addresses. */
	if (iodmacmd_bad_ptr(ranges) || (IS_ERR(task) && iodmacmd_bad_ptr(task)) ||
	    (mapper && iodmacmd_bad_ptr(mapper)))
		return NULL;
	if (offset) {
		pr_warn_ratelimited("IOMemoryDescriptor offset %#x: only UPL descriptors have one\n",
				    offset);
		return NULL;
	}
	if (!ranges_options_ok(options, task))
		return NULL;
	if (count && count <= IODMACMD_MAX_RANGES && all_empty(ranges, count))
		return __iodmacmd_md_create_empty(dir, &ret);
	if (!task)
		md = __iodmacmd_md_create_phys(ranges, count, dir, &ret);
	else if (task == kernel_task)
		md = __iodmacmd_md_create_kernel(ranges, count, dir, &ret);
	else
		md = __iodmacmd_md_create_user(task, ranges, count, dir, &ret);
	return with_system_mapper(owner, md, options, mapper);
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorWithOptions, IODMACMD_NS);

/**
 * __IOMemoryDescriptorInitWithOptions() - re-initialise a descriptor in place
 * @owner: the calling module (IOMemoryDescriptorInitWithOptions() passes
 *	THIS_MODULE)
 * @md: a descriptor of kernel or physical ranges, not prepared, no command
 *	using it
 * @buffers: as for IOMemoryDescriptorWithOptions()
 * @count: entries; at most the number @md was made with (at least 1)
 * @offset: must be 0
 * @task: kernel_task or NULL (physical)
 * @options: as for IOMemoryDescriptorWithOptions()
 * @mapper: as for IOMemoryDescriptorWithOptions()
 *
 * IOKit: IOMemoryDescriptor::initWithOptions() on an existing descriptor,
 * which drivers use to describe each packet with one recycled object. The
 * references, the tag and the object stay; the memory, the direction and
 * the mapper change. Differs from IOKit: user memory and other kinds
 * cannot be re-initialised, and neither can a descriptor that is prepared
 * or that a command uses (logged; IOKit would corrupt it).
 *
 * Context: process context, may sleep.
 * Return: true when @md now describes the new memory; false (and @md
 * unchanged) otherwise.
 */
bool __IOMemoryDescriptorInitWithOptions(struct module *owner, IOMemoryDescriptor *md,
					 void *buffers, UInt32 count, UInt32 offset,
					 task_t task, IOOptionBits options, IOMapper *mapper)
{
	IOAddressRange *ranges = buffers;
	struct device *dev;
	IOReturn ret;
	int err;

	if (iodmacmd_bad_ptr(md) || iodmacmd_bad_ptr(ranges) ||
	    (IS_ERR(task) && iodmacmd_bad_ptr(task)) || (mapper && iodmacmd_bad_ptr(mapper)))
		return false;
	if (offset || !ranges_options_ok(options, task) || (task && task != kernel_task) ||
	    !iodmacmd_md_is_ranges(md)) {
		pr_warn_ratelimited("initWithOptions: only kernel or physical ranges, offset 0, on a descriptor of ranges\n");
		return false;
	}
	/* The memory first: it refuses a prepared or used descriptor, changing nothing. */
	ret = __iodmacmd_md_reinit_ranges(md, ranges, count, options & kIOMemoryDirectionMask,
					  !task);
	if (ret)
		return false;
	dev = (options & kIOMemoryMapperNone) ? NULL :
	      mapper ? get_device(mapper) : iodmacmd_provider_get(owner, NULL);
	/* Fails only if a prepare raced in since: the driver's own bug. */
	err = iodmacmd_md_set_mapper(md, dev);
	put_device(dev);
	return !err;
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorInitWithOptions, IODMACMD_NS);

/**
 * __IOMemoryDescriptorWithAddressRange() - describe one range of a task's memory
 * @owner: the calling module, whose provider is the system mapper
 *	(IOMemoryDescriptorWithAddressRange() passes THIS_MODULE)
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
IOMemoryDescriptor *__IOMemoryDescriptorWithAddressRange(struct module *owner,
							 mach_vm_address_t address,
							 mach_vm_size_t length,
							 IOOptionBits options, task_t task)
{
	IOAddressRange range = { .address = address, .length = length };

	return __IOMemoryDescriptorWithOptions(owner, &range, 1, 0, task, options, NULL);
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorWithAddressRange, IODMACMD_NS);

/**
 * __IOMemoryDescriptorWithPhysicalAddress() - describe one range of RAM
 * @owner: the calling module, whose provider is the system mapper
 *	(IOMemoryDescriptorWithPhysicalAddress() passes THIS_MODULE)
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
IOMemoryDescriptor *__IOMemoryDescriptorWithPhysicalAddress(struct module *owner,
							    IOPhysicalAddress address,
							    IOByteCount length, IODirection dir)
{
	struct iodmacmd_range range = { .address = address, .length = length };
	IOReturn ret;

	if (!length)
		return __iodmacmd_md_create_empty(dir, &ret);
	return with_system_mapper(owner, __iodmacmd_md_create_phys(&range, 1, dir, &ret), 0,
				  NULL);
}
EXPORT_SYMBOL_NS_GPL(__IOMemoryDescriptorWithPhysicalAddress, IODMACMD_NS);

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
 * IOMemoryDescriptorGetPhysicalSegment() - the address a device uses for a byte
 * @md: the descriptor
 * @offset: the byte
 * @length: set to the bytes contiguous from there; may be NULL
 * @options: 0 for the device's address, kIOMemoryMapperNone for the CPU
 *	physical address; other bits are ignored
 *
 * IOKit: IOMemoryDescriptor::getPhysicalSegment(), which returns the
 * system mapper's address of a prepared descriptor. Linux face:
 * iodmacmd_md_bus_segment() and, with kIOMemoryMapperNone,
 * iodmacmd_md_phys_segment(). Without the option: a shared buffer's bus
 * address for its device; else, while the descriptor is prepared, the
 * address of its mapper (the module's provider when it was made, or
 * withOptions()' mapper): the IOVA behind an IOMMU; else the address of
 * the device of the oldest command mapping that covers the byte; else the
 * CPU physical address (no device has it mapped).
 *
 * Context: process context, may sleep; with kIOMemoryMapperNone any
 * context.
 * Return: the address, or 0 (and *@length 0) past the end, for user memory
 * that is not prepared, or for a NULL or error-pointer @md (logged once).
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
	if (options & kIOMemoryMapperNone)
		return iodmacmd_md_phys_segment(md, offset, length);
	return __iodmacmd_md_bus_segment(md, offset, length);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetPhysicalSegment, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetPhysicalAddress() - the address a device uses for byte 0
 * @md: the descriptor
 *
 * IOKit: IOMemoryDescriptor::getPhysicalAddress(), which is
 * getPhysicalSegment(0, NULL, 0): see IOMemoryDescriptorGetPhysicalSegment().
 *
 * Context: process context, may sleep.
 * Return: the address of the first byte; 0 for a NULL or error-pointer @md
 * (logged once).
 */
IOPhysicalAddress IOMemoryDescriptorGetPhysicalAddress(IOMemoryDescriptor *md)
{
	return IOMemoryDescriptorGetPhysicalSegment(md, 0, NULL, 0);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetPhysicalAddress, IODMACMD_NS);

/**
 * IOMemoryDescriptorSetTag() - store the driver's tag
 * @md: the descriptor
 * @tag: any value
 *
 * IOKit: IOMemoryDescriptor::setTag(). Drivers keep a flag there (the
 * Mieze drivers mark a recycled descriptor active). A NULL or error-pointer
 * @md is refused (logged once).
 *
 * Context: any context.
 */
void IOMemoryDescriptorSetTag(IOMemoryDescriptor *md, IOOptionBits tag)
{
	if (iodmacmd_bad_ptr(md))
		return;
	WRITE_ONCE(md->tag, tag);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorSetTag, IODMACMD_NS);

/**
 * IOMemoryDescriptorGetTag() - the driver's tag
 * @md: the descriptor
 *
 * IOKit: IOMemoryDescriptor::getTag().
 *
 * Context: any context.
 * Return: the last value IOMemoryDescriptorSetTag() stored, 0 for a new
 * descriptor, 0 for a NULL or error-pointer @md (logged once).
 */
IOOptionBits IOMemoryDescriptorGetTag(IOMemoryDescriptor *md)
{
	if (iodmacmd_bad_ptr(md))
		return 0;
	return READ_ONCE(md->tag);
}
EXPORT_SYMBOL_NS_GPL(IOMemoryDescriptorGetTag, IODMACMD_NS);

/* --- IOBufferMemoryDescriptor --- */

#define BMD_CONTIGUOUS (kIOMemoryPhysicallyContiguous | kIOMemoryHostPhysicallyContiguous)
#define BMD_ACCEPTED_OPTIONS (kIOMemoryDirectionMask | BMD_CONTIGUOUS | kIOMemoryPageable | \
			      kIOMemoryMapperNone | kIOMemoryThreadSafe | kIOMapCacheMask)

/*
 * Which buffers are memory shared with the device while it runs (rings,
 * status blocks, PRD tables): those a driver asks to be uncached,
 * write-through or write-combined, and those it asks to be physically
 * contiguous, which is how every kext in the corpus allocates what it hands
 * to hardware by address. They become DMA-coherent memory for the
 * provider; without one, an uncached mode cannot be honoured and fails,
 * while a contiguous buffer is ordinary contiguous memory as before.
 */
static bool wants_shared(IOOptionBits options, u32 cache)
{
	if (options & kIOMemoryMapperNone)
		return false;
	return (options & BMD_CONTIGUOUS) ||
	       (cache != kIOMapDefaultCache && cache != kIOMapCopybackCache);
}

/*
 * Every factory ends here: IOKit's initWithPhysicalMask(), for the kernel
 * task only. The options become the Linux face's; an alignment of 0 or 1
 * means none, as in IOKit. Bit 0x800 is both kIOMemoryMapperNone and part
 * of IOKit's cache mode field: it is taken as the former, as drivers mean
 * it (newer xnu also reads it as kIOMapPostedReordered).
 */
static IOBufferMemoryDescriptor *buffer_create(struct module *owner, task_t task,
					       IOOptionBits options, u64 capacity,
					       u64 alignment, u64 physical_mask)
{
	u32 cache = options & kIOMapCacheMask & ~kIOMemoryMapperNone;
	u32 linux_options = options & kIOMemoryDirectionMask;
	bool plain_cache = cache == kIOMapDefaultCache || cache == kIOMapCopybackCache;
	IOBufferMemoryDescriptor *md;
	struct device *provider;
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
	if (!plain_cache && cache != kIOMapInhibitCache && cache != kIOMapWriteThruCache &&
	    cache != kIOMapWriteCombineCache) {
		pr_warn_ratelimited("IOBufferMemoryDescriptor cache mode %#x is not supported\n",
				    cache);
		return NULL;
	}
	if (!plain_cache && (options & kIOMemoryMapperNone)) {
		pr_warn_ratelimited("IOBufferMemoryDescriptor cache mode %#x needs a device: not with kIOMemoryMapperNone\n",
				    cache);
		return NULL;
	}
	if (options & BMD_CONTIGUOUS)
		linux_options |= IODMACMD_BUFFER_CONTIGUOUS;
	alignment = alignment > 1 ? alignment : 0;
	if (wants_shared(options, cache)) {
		/* Only an uncached mode needs the device; it says what to do without. */
		provider = iodmacmd_provider_get(owner, plain_cache ? NULL :
						 "IOBufferMemoryDescriptor cache mode");
		if (provider) {
			if (cache == kIOMapWriteCombineCache)
				linux_options |= IODMACMD_BUFFER_WRITE_COMBINE;
			md = __iodmacmd_buffer_create_coherent(provider, linux_options, capacity,
							       alignment, physical_mask, &ret);
			put_device(provider);
			return md;
		}
		if (!plain_cache)
			return NULL;
	}
	md = __iodmacmd_buffer_create(linux_options, capacity, alignment, physical_mask, &ret);
	return with_system_mapper(owner, md, options, NULL);
}

/**
 * __IOBufferMemoryDescriptorWithCapacity() - allocate a buffer for a direction
 * @owner: the calling module, whose provider shares contiguous buffers
 *	(IOBufferMemoryDescriptorWithCapacity() passes THIS_MODULE)
 * @capacity: bytes, above 0
 * @dir: kIODirection* value
 * @contiguous: physically contiguous, aligned to its capacity
 *
 * IOKit: IOBufferMemoryDescriptor::withCapacity(), which is withOptions()
 * with kIOMemoryPhysicallyContiguous and an alignment of @capacity when
 * @contiguous, of 1 otherwise. Linux face: iodmacmd_buffer_create(), or
 * iodmacmd_buffer_create_coherent() for a contiguous buffer of a module
 * with a provider (see IOBufferMemoryDescriptorWithOptions()). Differs
 * from IOKit: the alignment is @capacity rounded up to a power of two
 * (every buddy block is aligned to its size; IOKit masks with
 * @capacity - 1, which for other sizes aligns to less than @capacity); a
 * contiguous buffer is at most one buddy block (4 MiB with 4 KiB pages),
 * larger ones fail (logged).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL for a zero capacity, an unknown direction, a contiguous buffer
 * beyond a buddy block, or when out of memory.
 */
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithCapacity(struct module *owner,
								 IOByteCount capacity,
								 IODirection dir,
								 bool contiguous)
{
	u64 alignment = 1;

	/* Beyond a buddy block the buffer code refuses the size itself. */
	if (contiguous && capacity && capacity <= (u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT)
		alignment = roundup_pow_of_two(capacity);
	return buffer_create(owner, kernel_task,
			     dir | (contiguous ? kIOMemoryPhysicallyContiguous : 0),
			     capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorWithCapacity, IODMACMD_NS);

/**
 * __IOBufferMemoryDescriptorWithOptions() - allocate a buffer in the kernel
 * @owner: the calling module (IOBufferMemoryDescriptorWithOptions() passes
 *	THIS_MODULE)
 * @options: a kIODirection* value or'ed with the buffer options and one
 *	cache mode of <IOKit/IOBufferMemoryDescriptor.h>
 * @capacity: bytes, above 0
 * @alignment: alignment of the first byte, a power of two; 0 or 1 for
 *	none (a buffer always starts on a page); above a page it makes the
 *	buffer physically contiguous, as in IOKit
 *
 * IOKit: IOBufferMemoryDescriptor::withOptions(). What the buffer is:
 *
 * - shared with the module's provider (DMA-coherent memory for it, from
 *   iodmacmd_buffer_create_coherent()) when it is physically contiguous
 *   (kIOMemoryPhysicallyContiguous, kIOMemoryHostPhysicallyContiguous) or
 *   has the kIOMapInhibitCache, kIOMapWriteThruCache or
 *   kIOMapWriteCombineCache mode: the CPU and the device see each other's
 *   writes with no sync call, under an IOMMU and swiotlb=force too, and its
 *   physical segments are the provider's bus addresses at any time. An
 *   uncached mode without a provider fails (logged with what to do);
 * - otherwise ordinary cached memory (iodmacmd_buffer_create()), whose
 *   system mapper is the provider: mapped for it while prepared.
 *
 * kIOMemoryMapperNone makes ordinary memory with CPU physical segments,
 * and refuses an uncached mode. Differs from IOKit: an alignment that is
 * not a power of two, kIOMemoryPurgeable, kIOMemoryKernelUserShared and
 * unknown option bits are refused (logged where the reason is not
 * obvious); a pageable buffer is resident; a contiguous buffer without a
 * provider is at most one buddy block (4 MiB with 4 KiB pages).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL when refused or out of memory.
 */
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithOptions(struct module *owner,
								IOOptionBits options,
								IOByteCount capacity,
								IOByteCount alignment)
{
	return buffer_create(owner, kernel_task, options, capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorWithOptions, IODMACMD_NS);

/**
 * __IOBufferMemoryDescriptorInTaskWithOptions() - allocate a buffer in a task
 * @owner: the calling module (IOBufferMemoryDescriptorInTaskWithOptions()
 *	passes THIS_MODULE)
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
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorInTaskWithOptions(struct module *owner,
								      task_t inTask,
								      IOOptionBits options,
								      IOByteCount capacity,
								      IOByteCount alignment)
{
	return buffer_create(owner, inTask, options, capacity, alignment, 0);
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorInTaskWithOptions, IODMACMD_NS);

/**
 * __IOBufferMemoryDescriptorInTaskWithPhysicalMask() - allocate a buffer the device can reach
 * @owner: the calling module
 *	(IOBufferMemoryDescriptorInTaskWithPhysicalMask() passes THIS_MODULE)
 * @inTask: as for IOBufferMemoryDescriptorInTaskWithOptions()
 * @options: as for IOBufferMemoryDescriptorWithOptions()
 * @capacity: bytes, above 0
 * @physicalMask: 0 for any memory, or a run of ones above a run of zeros
 *	(0xFFFFF000: below 4 GiB, page aligned): every byte's address fits the
 *	ones, the zeros set the alignment (at least a page)
 *
 * IOKit: IOBufferMemoryDescriptor::inTaskWithPhysicalMask(). For a shared
 * buffer (see IOBufferMemoryDescriptorWithOptions()) the mask bounds the
 * provider's bus addresses, as IOKit bounds the mapper's; if the DMA API
 * allocates above it (the device's coherent mask is wider), the buffer is
 * refused with a log line saying to narrow that mask. For ordinary memory
 * the mask is met page by page in physical memory, and the buffer is not
 * contiguous unless the options ask for it. Differs from IOKit as
 * IOBufferMemoryDescriptorInTaskWithOptions() does, and: a mask with a
 * hole in its ones is refused (logged).
 *
 * Context: process context, may sleep.
 * Return: the buffer, zeroed, its length @capacity, with one reference; or
 * NULL when refused (an error-pointer @inTask too, logged once) or when the
 * mask allows no memory that can be had.
 */
IOBufferMemoryDescriptor *
__IOBufferMemoryDescriptorInTaskWithPhysicalMask(struct module *owner, task_t inTask,
						 IOOptionBits options, mach_vm_size_t capacity,
						 mach_vm_address_t physicalMask)
{
	return buffer_create(owner, inTask, options, capacity, 0, physicalMask);
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorInTaskWithPhysicalMask, IODMACMD_NS);

/**
 * __IOBufferMemoryDescriptorWithBytes() - a buffer holding a copy of bytes
 * @owner: the calling module (IOBufferMemoryDescriptorWithBytes() passes
 *	THIS_MODULE)
 * @bytes: the bytes to copy
 * @withLength: how many, above 0
 * @withDirection: kIODirection* value
 * @withContiguousMemory: as IOBufferMemoryDescriptorWithCapacity()'s
 *	@contiguous
 *
 * IOKit: IOBufferMemoryDescriptor::withBytes().
 *
 * Context: process context, may sleep.
 * Return: the buffer, its length @withLength, with one reference; or NULL
 * for NULL or error-pointer @bytes (logged once) and as
 * IOBufferMemoryDescriptorWithCapacity().
 */
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithBytes(struct module *owner,
							      const void *bytes,
							      vm_size_t withLength,
							      IODirection withDirection,
							      bool withContiguousMemory)
{
	IOBufferMemoryDescriptor *md;

	if (iodmacmd_bad_ptr(bytes))
		return NULL;
	md = __IOBufferMemoryDescriptorWithCapacity(owner, withLength, withDirection,
						    withContiguousMemory);
	if (md)
		iodmacmd_md_write(md, 0, bytes, withLength);
	return md;
}
EXPORT_SYMBOL_NS_GPL(__IOBufferMemoryDescriptorWithBytes, IODMACMD_NS);

/**
 * IOBufferMemoryDescriptorSetDirection() - change a buffer's direction
 * @md: a buffer, not prepared, no command using it
 * @direction: kIODirection* value
 *
 * IOKit: IOBufferMemoryDescriptor::setDirection(), which drivers use to
 * reuse one buffer for reads and writes. Differs from IOKit: refused
 * (logged) while the buffer is prepared or a command uses it, where IOKit
 * would change the direction under them.
 *
 * Context: process context, may sleep.
 */
void IOBufferMemoryDescriptorSetDirection(IOBufferMemoryDescriptor *md, IODirection direction)
{
	if (iodmacmd_bad_ptr(md))
		return;
	if (!iodmacmd_buffer_capacity(md)) {
		pr_warn_ratelimited("setDirection: not a buffer\n");
		return;
	}
	__iodmacmd_md_set_direction(md, direction);
}
EXPORT_SYMBOL_NS_GPL(IOBufferMemoryDescriptorSetDirection, IODMACMD_NS);

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

