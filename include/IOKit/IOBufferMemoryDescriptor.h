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
 * Apple's values. Both contiguity options give one physically contiguous
 * block (a buddy block: at most 4 MiB with 4 KiB pages), under an IOMMU
 * too. A pageable buffer is accepted and is resident like any other.
 * kIOMemoryThreadSafe and kIOMemoryMapperNone are accepted without effect.
 * kIOMemoryPurgeable, kIOMemoryKernelUserShared and any other bit are
 * refused (logged).
 */
#define kIOMemoryPhysicallyContiguous		0x00000010
#define kIOMemoryPageable			0x00000020
#define kIOMemoryPurgeable			0x00000040
#define kIOMemoryHostPhysicallyContiguous	0x00000080
#define kIOMemoryKernelUserShared		0x00010000

/*
 * Cache modes (IOKit's IOTypes.h), in the options' bits 8 to 11. A buffer
 * is always ordinary cached memory: the default and copy-back modes are
 * accepted, the others refused (logged). Bit 11 (0x800) is taken as
 * kIOMemoryMapperNone, which shares it.
 */
#ifndef kIOMapCacheMask
#define kIOMapCacheMask				0x00000f00
#define kIOMapCacheShift			8
#define kIOMapDefaultCache			0x00000000
#define kIOMapInhibitCache			0x00000100
#define kIOMapWriteThruCache			0x00000200
#define kIOMapCopybackCache			0x00000300
#define kIOMapWriteCombineCache			0x00000400
#endif

/* Creation */
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithCapacity(IOByteCount capacity,
							       IODirection dir,
							       bool contiguous);
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorWithOptions(IOOptionBits options,
							      IOByteCount capacity,
							      IOByteCount alignment);
IOBufferMemoryDescriptor *IOBufferMemoryDescriptorInTaskWithOptions(task_t inTask,
								    IOOptionBits options,
								    IOByteCount capacity,
								    IOByteCount alignment);
IOBufferMemoryDescriptor *
IOBufferMemoryDescriptorInTaskWithPhysicalMask(task_t inTask, IOOptionBits options,
					       mach_vm_size_t capacity,
					       mach_vm_address_t physicalMask);

/* The memory and its length */
void *IOBufferMemoryDescriptorGetBytesNoCopy(IOBufferMemoryDescriptor *md);
void *IOBufferMemoryDescriptorGetBytesNoCopyRange(IOBufferMemoryDescriptor *md,
						  vm_size_t start, vm_size_t withLength);
void IOBufferMemoryDescriptorSetLength(IOBufferMemoryDescriptor *md, vm_size_t length);
vm_size_t IOBufferMemoryDescriptorGetCapacity(const IOBufferMemoryDescriptor *md);
bool IOBufferMemoryDescriptorAppendBytes(IOBufferMemoryDescriptor *md, const void *bytes,
					 vm_size_t withLength);

#endif /* _IOKIT_IOBUFFERMEMORYDESCRIPTOR_H */
