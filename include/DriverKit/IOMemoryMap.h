/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IOMemoryMap for ported dexts: the mapping
 * IOMemoryDescriptorCreateMapping() returns. map->GetAddress() becomes
 * IOMemoryMapGetAddress(map). The address is a kernel virtual address: a
 * ported dext runs in the kernel, where DriverKit mapped into the dext's
 * process. OSSafeReleaseNULL() or IOMemoryMapRelease() drops the map, and
 * the last reference unmaps. The object is the kext face's IOMemoryMap
 * and the Linux face's struct iodmacmd_map.
 */
#ifndef _DRIVERKIT_IOMEMORYMAP_H
#define _DRIVERKIT_IOMEMORYMAP_H

#include <DriverKit/IOMemoryDescriptor.h>
#include <iodmacmd/map.h>

typedef struct iodmacmd_map IOMemoryMap;

uint64_t IOMemoryMapGetAddress(IOMemoryMap *map);
uint64_t IOMemoryMapGetLength(IOMemoryMap *map);
uint64_t IOMemoryMapGetOffset(IOMemoryMap *map);
void IOMemoryMapRetain(IOMemoryMap *map);
void IOMemoryMapRelease(IOMemoryMap *map);

#endif /* _DRIVERKIT_IOMEMORYMAP_H */
