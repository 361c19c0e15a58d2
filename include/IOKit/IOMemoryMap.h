/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMemoryMap and IOMemoryDescriptor::map() for porters: a CPU mapping of a
 * descriptor's memory, as C functions named after the methods.
 * md->map(options) becomes IOMemoryDescriptorMap(md, options) and
 * map->getAddress() IOMemoryMapGetAddress(map).
 *
 * An IOMemoryMap is iodmacmd's struct iodmacmd_map (the Linux face's
 * iodmacmd_md_map(), <iodmacmd/map.h>). Factories return NULL on failure
 * and the map with one reference on success; IOMemoryMapRelease() drops
 * it, and the last release unmaps.
 *
 * Mappings are made in kernel_task only: a mapping into a user task is
 * refused (kIOReturnUnsupported, logged once).
 */
#ifndef _IOKIT_IOMEMORYMAP_H
#define _IOKIT_IOMEMORYMAP_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <iodmacmd/map.h>

typedef struct iodmacmd_map IOMemoryMap;

/* Cache modes (IOMapTypes.h), Apple's values. */
#define kIODefaultCache				0
#define kIOInhibitCache				1
#define kIOWriteThruCache			2
#define kIOCopybackCache			3
#define kIOWriteCombineCache			4
#define kIOCopybackInnerCache			5
#define kIOPostedWrite				6
#define kIORealTimeCache			7
#define kIOPostedReordered			8
#define kIOPostedCombinedReordered		9

/*
 * Mapping options (IOMapTypes.h), Apple's values.
 *
 * Accepted: kIOMapAnywhere (required: a mapping is never placed at a
 * caller's address), the cache modes kIOMapDefaultCache to
 * kIOMapWriteCombineCache, kIOMapReadOnly, kIOMapUnique (never the
 * memory's existing address), kIOMapPrefault (no effect: every page is
 * mapped at once). Refused with kIOReturnUnsupported (logged): the other
 * cache modes (ARM memory types), kIOMapStatic, kIOMapReference,
 * kIOMapOverwrite and the guard options. Any other bit is refused with
 * kIOReturnBadArgument.
 */
#define kIOMapAnywhere				0x00000001

#define kIOMapCacheMask				0x00000f00
#define kIOMapCacheShift			8
#define kIOMapDefaultCache			0x00000000
#define kIOMapInhibitCache			0x00000100
#define kIOMapWriteThruCache			0x00000200
#define kIOMapCopybackCache			0x00000300
#define kIOMapWriteCombineCache			0x00000400
#define kIOMapCopybackInnerCache		(kIOCopybackInnerCache << kIOMapCacheShift)
#define kIOMapPostedWrite			(kIOPostedWrite << kIOMapCacheShift)
#define kIOMapRealTimeCache			(kIORealTimeCache << kIOMapCacheShift)
#define kIOMapPostedReordered			(kIOPostedReordered << kIOMapCacheShift)
#define kIOMapPostedCombinedReordered		(kIOPostedCombinedReordered << kIOMapCacheShift)

#define kIOMapUserOptionsMask			0x00000fff

#define kIOMapReadOnly				0x00001000

#define kIOMapStatic				0x01000000
#define kIOMapReference				0x02000000
#define kIOMapUnique				0x04000000
#define kIOMapPrefault				0x10000000
#define kIOMapOverwrite				0x20000000
#define kIOMapGuardedMask			0xC0000000
#define kIOMapGuardedSmall			0x40000000
#define kIOMapGuardedLarge			0x80000000

/* IOMemoryDescriptor */
IOMemoryMap *IOMemoryDescriptorMap(IOMemoryDescriptor *md, IOOptionBits options);
IOMemoryMap *IOMemoryDescriptorCreateMappingInTask(IOMemoryDescriptor *md, task_t intoTask,
						   mach_vm_address_t atAddress,
						   IOOptionBits options,
						   mach_vm_size_t offset,
						   mach_vm_size_t length);

/* IOMemoryMap */
void IOMemoryMapRetain(IOMemoryMap *map);
void IOMemoryMapRelease(IOMemoryMap *map);
IOReturn IOMemoryMapUnmap(IOMemoryMap *map);
IOVirtualAddress IOMemoryMapGetVirtualAddress(IOMemoryMap *map);
mach_vm_address_t IOMemoryMapGetAddress(IOMemoryMap *map);
mach_vm_size_t IOMemoryMapGetSize(IOMemoryMap *map);
IOByteCount IOMemoryMapGetLength(IOMemoryMap *map);
IOPhysicalAddress IOMemoryMapGetPhysicalSegment(IOMemoryMap *map, IOByteCount offset,
						IOByteCount *length, IOOptionBits options);
IOPhysicalAddress IOMemoryMapGetPhysicalAddress(IOMemoryMap *map);
task_t IOMemoryMapGetAddressTask(IOMemoryMap *map);
IOMemoryDescriptor *IOMemoryMapGetMemoryDescriptor(IOMemoryMap *map);
IOOptionBits IOMemoryMapGetMapOptions(IOMemoryMap *map);

#endif /* _IOKIT_IOMEMORYMAP_H */
