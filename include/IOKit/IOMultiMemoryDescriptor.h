/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMultiMemoryDescriptor for porters: descriptors one after another.
 *
 * An IOMultiMemoryDescriptor is the same object as an IOMemoryDescriptor
 * (iodmacmd's struct iodmacmd_md, the Linux face's
 * iodmacmd_md_create_multi()), so every IOMemoryDescriptor function takes
 * it and IOMemoryDescriptorRelease() frees it. It references its members;
 * its first prepare prepares them in order (rolling back on failure) and
 * its last complete completes them.
 */
#ifndef _IOKIT_IOMULTIMEMORYDESCRIPTOR_H
#define _IOKIT_IOMULTIMEMORYDESCRIPTOR_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>

typedef struct iodmacmd_md IOMultiMemoryDescriptor;

IOMultiMemoryDescriptor *IOMultiMemoryDescriptorWithDescriptors(IOMemoryDescriptor **descriptors,
								UInt32 withCount,
								IODirection withDirection,
								bool asReference);

#endif /* _IOKIT_IOMULTIMEMORYDESCRIPTOR_H */
