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
 */
#ifndef _IOKIT_IOMEMORYDESCRIPTOR_H
#define _IOKIT_IOMEMORYDESCRIPTOR_H

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
 * Accepted, with no effect: ranges are always copied, a descriptor is never
 * IOMMU-mapped by itself (commands map it), and every descriptor has its
 * own lock. Other option bits are refused.
 */
#define kIOMemoryAsReference		0x00000100
#define kIOMemoryMapperNone		0x00000800
#define kIOMemoryThreadSafe		0x00100000

IOMemoryDescriptor *IOMemoryDescriptorWithAddress(void *address, IOByteCount length,
						  IODirection dir);
IOMemoryDescriptor *IOMemoryDescriptorWithAddressRange(mach_vm_address_t address,
						       mach_vm_size_t length,
						       IOOptionBits options, task_t task);
IOMemoryDescriptor *IOMemoryDescriptorWithAddressRanges(IOAddressRange *ranges,
							UInt32 range_count,
							IOOptionBits options, task_t task);
IOMemoryDescriptor *IOMemoryDescriptorWithPhysicalAddress(IOPhysicalAddress address,
							  IOByteCount length,
							  IODirection dir);
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

#endif /* _IOKIT_IOMEMORYDESCRIPTOR_H */
