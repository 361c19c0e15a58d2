/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMemoryDescriptor for porters: the part of the class a DMA driver needs,
 * as C functions named after its methods. md->readBytes(o, b, l) becomes
 * IOMemoryDescriptorReadBytes(md, o, b, l).
 *
 * An IOMemoryDescriptor is iodmacmd's struct iodmacmd_md, so the functions
 * of <iodmacmd/iodmacmd.h> accept it too. Factories return NULL on failure
 * and the descriptor with one reference on success;
 * IOMemoryDescriptorRelease() drops it.
 *
 * The system mapper. A descriptor made by a module that bound a provider
 * (<IOKit/IOService.h>) is mapped for that device from its first
 * IOMemoryDescriptorPrepare() to its last IOMemoryDescriptorComplete(), as
 * IOKit maps a prepared descriptor into the system IOMMU, and
 * IOMemoryDescriptorGetPhysicalSegment() returns the device's addresses.
 * The factories are inline wrappers that pass the calling module
 * (THIS_MODULE) to the exported __IOMemoryDescriptor*() functions.
 */
#ifndef _IOKIT_IOMEMORYDESCRIPTOR_H
#define _IOKIT_IOMEMORYDESCRIPTOR_H

/* DriverKit names two functions alike with other arguments: one face per file. */
#ifdef _DRIVERKIT_IOMEMORYDESCRIPTOR_H
#error "<IOKit/IOMemoryDescriptor.h> after <DriverKit/IOMemoryDescriptor.h>: a file uses one face"
#endif

#include <IOKit/IOTypes.h>

typedef struct iodmacmd_md IOMemoryDescriptor;

/*
 * Options of IOMemoryDescriptorWithAddressRange(s): a direction
 * (kIODirection*) or'ed with these, Apple's values. The type follows from
 * the task (virtual for kernel_task and user tasks, physical for NULL); a
 * type given anyway must agree with it.
 *
 * A user task's ranges are pinned by the first IOMemoryDescriptorPrepare()
 * and unpinned by the last IOMemoryDescriptorComplete(): until then nothing
 * can be read, written or prepared by a command, as in IOKit.
 */
#define kIOMemoryTypeVirtual		0x00000010
#define kIOMemoryTypePhysical		0x00000020
#define kIOMemoryTypeVirtual64		kIOMemoryTypeVirtual
#define kIOMemoryTypePhysical64		kIOMemoryTypePhysical
#define kIOMemoryTypeMask		0x000000f0

/*
 * kIOMemoryMapperNone: no system mapper (CPU physical segments). Accepted
 * with no effect: ranges are always copied, and every descriptor has its
 * own lock. Other option bits are refused.
 */
#define kIOMemoryAsReference		0x00000100
#define kIOMemoryMapperNone		0x00000800
#define kIOMemoryThreadSafe		0x00100000

struct module;
typedef struct device IOMapper;

IOMemoryDescriptor *__IOMemoryDescriptorWithAddress(struct module *owner, void *address,
						    IOByteCount length, IODirection dir);
IOMemoryDescriptor *__IOMemoryDescriptorWithAddressRange(struct module *owner,
							 mach_vm_address_t address,
							 mach_vm_size_t length,
							 IOOptionBits options, task_t task);
IOMemoryDescriptor *__IOMemoryDescriptorWithAddressRanges(struct module *owner,
							  IOAddressRange *ranges,
							  UInt32 range_count,
							  IOOptionBits options, task_t task);
IOMemoryDescriptor *__IOMemoryDescriptorWithPhysicalAddress(struct module *owner,
							    IOPhysicalAddress address,
							    IOByteCount length, IODirection dir);
IOMemoryDescriptor *__IOMemoryDescriptorWithOptions(struct module *owner, void *buffers,
						    UInt32 count, UInt32 offset, task_t task,
						    IOOptionBits options, IOMapper *mapper);
bool __IOMemoryDescriptorInitWithOptions(struct module *owner, IOMemoryDescriptor *md,
					 void *buffers, UInt32 count, UInt32 offset,
					 task_t task, IOOptionBits options, IOMapper *mapper);

static inline IOMemoryDescriptor *IOMemoryDescriptorWithAddress(void *address,
								IOByteCount length,
								IODirection dir)
{
	return __IOMemoryDescriptorWithAddress(THIS_MODULE, address, length, dir);
}

static inline IOMemoryDescriptor *IOMemoryDescriptorWithAddressRange(mach_vm_address_t address,
								     mach_vm_size_t length,
								     IOOptionBits options,
								     task_t task)
{
	return __IOMemoryDescriptorWithAddressRange(THIS_MODULE, address, length, options, task);
}

static inline IOMemoryDescriptor *IOMemoryDescriptorWithAddressRanges(IOAddressRange *ranges,
								      UInt32 range_count,
								      IOOptionBits options,
								      task_t task)
{
	return __IOMemoryDescriptorWithAddressRanges(THIS_MODULE, ranges, range_count, options,
						     task);
}

static inline IOMemoryDescriptor *IOMemoryDescriptorWithPhysicalAddress(IOPhysicalAddress address,
									IOByteCount length,
									IODirection dir)
{
	return __IOMemoryDescriptorWithPhysicalAddress(THIS_MODULE, address, length, dir);
}

/* IOMemoryDescriptor::withOptions(); a NULL @mapper is the system mapper. */
static inline IOMemoryDescriptor *IOMemoryDescriptorWithOptions(void *buffers, UInt32 count,
								UInt32 offset, task_t task,
								IOOptionBits options,
								IOMapper *mapper)
{
	return __IOMemoryDescriptorWithOptions(THIS_MODULE, buffers, count, offset, task, options,
					       mapper);
}

/* IOMemoryDescriptor::initWithOptions() on an existing descriptor. */
static inline bool IOMemoryDescriptorInitWithOptions(IOMemoryDescriptor *md, void *buffers,
						     UInt32 count, UInt32 offset, task_t task,
						     IOOptionBits options, IOMapper *mapper)
{
	return __IOMemoryDescriptorInitWithOptions(THIS_MODULE, md, buffers, count, offset, task,
						   options, mapper);
}

void IOMemoryDescriptorRetain(IOMemoryDescriptor *md);
void IOMemoryDescriptorRelease(IOMemoryDescriptor *md);
IOReturn IOMemoryDescriptorPrepare(IOMemoryDescriptor *md, IODirection for_direction);
IOReturn IOMemoryDescriptorComplete(IOMemoryDescriptor *md, IODirection for_direction);
IOByteCount IOMemoryDescriptorGetLength(const IOMemoryDescriptor *md);
IODirection IOMemoryDescriptorGetDirection(const IOMemoryDescriptor *md);
IOByteCount IOMemoryDescriptorReadBytes(IOMemoryDescriptor *md, IOByteCount offset,
					void *bytes, IOByteCount length);
IOByteCount IOMemoryDescriptorWriteBytes(IOMemoryDescriptor *md, IOByteCount offset,
					 const void *bytes, IOByteCount length);
IOPhysicalAddress IOMemoryDescriptorGetPhysicalSegment(IOMemoryDescriptor *md,
						       IOByteCount offset,
						       IOByteCount *length,
						       IOOptionBits options);
IOPhysicalAddress IOMemoryDescriptorGetPhysicalAddress(IOMemoryDescriptor *md);
void IOMemoryDescriptorSetTag(IOMemoryDescriptor *md, IOOptionBits tag);
IOOptionBits IOMemoryDescriptorGetTag(IOMemoryDescriptor *md);

/* IOMemoryMap and the kIOMap* options, which refer back to this header. */
#include <IOKit/IOMemoryMap.h>

#endif /* _IOKIT_IOMEMORYDESCRIPTOR_H */
