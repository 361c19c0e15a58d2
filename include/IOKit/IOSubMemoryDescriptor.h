/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOSubMemoryDescriptor for porters: a window on another descriptor.
 *
 * An IOSubMemoryDescriptor is the same object as an IOMemoryDescriptor
 * (iodmacmd's struct iodmacmd_md, the Linux face's
 * iodmacmd_md_create_sub()), so every IOMemoryDescriptor function takes it
 * and IOMemoryDescriptorRelease() frees it. The window references its
 * parent, forwards prepare and complete to it, and clips copies, physical
 * segments and DMA mappings to itself.
 */
#ifndef _IOKIT_IOSUBMEMORYDESCRIPTOR_H
#define _IOKIT_IOSUBMEMORYDESCRIPTOR_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>

typedef struct iodmacmd_md IOSubMemoryDescriptor;

IOSubMemoryDescriptor *IOSubMemoryDescriptorWithSubRange(IOMemoryDescriptor *of,
							 IOByteCount offset,
							 IOByteCount length,
							 IOOptionBits options);

#endif /* _IOKIT_IOSUBMEMORYDESCRIPTOR_H */
