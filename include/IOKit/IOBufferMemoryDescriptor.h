/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOBufferMemoryDescriptor for porters: a descriptor that allocates its own
 * memory, zeroed and always resident, as C functions named after the
 * class's methods. bmd->getBytesNoCopy() becomes
 * IOBufferMemoryDescriptorGetBytesNoCopy(bmd).
 *
 * An IOBufferMemoryDescriptor is the same object as an IOMemoryDescriptor
 * (iodmacmd's struct iodmacmd_md, the Linux face's iodmacmd_buffer_*()),
 * so every IOMemoryDescriptor function takes it and
 * IOMemoryDescriptorRelease() frees it. Factories return NULL on failure
 * and the descriptor with one reference on success. The length starts at
 * the capacity.
 */
#ifndef _IOKIT_IOBUFFERMEMORYDESCRIPTOR_H
#define _IOKIT_IOBUFFERMEMORYDESCRIPTOR_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>

typedef struct iodmacmd_md IOBufferMemoryDescriptor;

/* mach/vm_types.h, with the size of 64-bit macOS. */
typedef u64 vm_size_t;

/*
 * Options of the factories: a direction (kIODirection*) or'ed with these,
 * Apple's values. A contiguous buffer of a module with a provider
 * (<IOKit/IOService.h>) is memory shared with that device (DMA-coherent:
 * see IOBufferMemoryDescriptorWithOptions()); without a provider, one
 * physically contiguous buddy block (at most 4 MiB with 4 KiB pages). A
 * pageable buffer is accepted and is resident like any other.
 * kIOMemoryThreadSafe and kIOMemoryUnshared (0) are accepted without
 * effect; kIOMemoryMapperNone means ordinary memory and CPU physical
 * segments. kIOMemoryPurgeable, kIOMemoryKernelUserShared and any other
 * bit are refused (logged).
 */
#define kIOMemoryPhysicallyContiguous		0x00000010
#define kIOMemoryPageable			0x00000020
#define kIOMemoryPurgeable			0x00000040
#define kIOMemoryHostPhysicallyContiguous	0x00000080
#define kIOMemoryKernelUserShared		0x00010000
#define kIOMemoryUnshared			0x00000000

/*
 * Cache modes (IOKit's IOTypes.h), in the options' bits 8 to 11. Default
 * and copy-back give ordinary cached memory (shared with the provider when
 * contiguous). Inhibit, write-through and write-combine give memory shared
 * with the provider, from dma_alloc_attrs(): on x86 and on an I/O-coherent
 * arm64 device it is cached memory the device snoops (Inhibit and
 * WriteThru then mean no more than coherent), on a non-coherent arm64
 * device it is mapped uncached; write-combine asks for DMA_ATTR_WRITE_COMBINE
 * (write-combining where the architecture has it). Bit 11 (0x800) is taken
 * as kIOMemoryMapperNone, which shares it.
 */
/* kIOMapCacheMask, kIOMapInhibitCache, ...: <IOKit/IOMemoryMap.h>, via IOMemoryDescriptor.h. */

/* Creation: inline wrappers passing the calling module, for its provider. */
struct module;

IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithCapacity(struct module *owner,
								 IOByteCount capacity,
								 IODirection dir,
								 bool contiguous);
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithOptions(struct module *owner,
								IOOptionBits options,
								IOByteCount capacity,
								IOByteCount alignment);
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorInTaskWithOptions(struct module *owner,
								      task_t inTask,
								      IOOptionBits options,
								      IOByteCount capacity,
								      IOByteCount alignment);
IOBufferMemoryDescriptor *
__IOBufferMemoryDescriptorInTaskWithPhysicalMask(struct module *owner, task_t inTask,
						 IOOptionBits options, mach_vm_size_t capacity,
						 mach_vm_address_t physicalMask);
IOBufferMemoryDescriptor *__IOBufferMemoryDescriptorWithBytes(struct module *owner,
							      const void *bytes,
							      vm_size_t withLength,
							      IODirection withDirection,
							      bool withContiguousMemory);

static inline IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithCapacity(IOByteCount capacity,
									     IODirection dir,
									     bool contiguous)
{
	return __IOBufferMemoryDescriptorWithCapacity(THIS_MODULE, capacity, dir, contiguous);
}

static inline IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithOptions(IOOptionBits options,
									    IOByteCount capacity,
									    IOByteCount alignment)
{
	return __IOBufferMemoryDescriptorWithOptions(THIS_MODULE, options, capacity, alignment);
}

static inline IOBufferMemoryDescriptor *
IOBufferMemoryDescriptorInTaskWithOptions(task_t inTask, IOOptionBits options,
					  IOByteCount capacity, IOByteCount alignment)
{
	return __IOBufferMemoryDescriptorInTaskWithOptions(THIS_MODULE, inTask, options, capacity,
							   alignment);
}

static inline IOBufferMemoryDescriptor *
IOBufferMemoryDescriptorInTaskWithPhysicalMask(task_t inTask, IOOptionBits options,
					       mach_vm_size_t capacity,
					       mach_vm_address_t physicalMask)
{
	return __IOBufferMemoryDescriptorInTaskWithPhysicalMask(THIS_MODULE, inTask, options,
								capacity, physicalMask);
}

static inline IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithBytes(const void *bytes,
									  vm_size_t withLength,
									  IODirection withDirection,
									  bool withContiguousMemory)
{
	return __IOBufferMemoryDescriptorWithBytes(THIS_MODULE, bytes, withLength, withDirection,
						   withContiguousMemory);
}

/* The memory and its length */
void *IOBufferMemoryDescriptorGetBytesNoCopy(IOBufferMemoryDescriptor *md);
void *IOBufferMemoryDescriptorGetBytesNoCopyRange(IOBufferMemoryDescriptor *md,
						  vm_size_t start, vm_size_t withLength);
void IOBufferMemoryDescriptorSetLength(IOBufferMemoryDescriptor *md, vm_size_t length);
vm_size_t IOBufferMemoryDescriptorGetCapacity(const IOBufferMemoryDescriptor *md);
bool IOBufferMemoryDescriptorAppendBytes(IOBufferMemoryDescriptor *md, const void *bytes,
					 vm_size_t withLength);
void IOBufferMemoryDescriptorSetDirection(IOBufferMemoryDescriptor *md, IODirection direction);

#endif /* _IOKIT_IOBUFFERMEMORYDESCRIPTOR_H */
