/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd: the descriptor kinds beyond kernel, physical, page and sg_table
 * memory. Included by <iodmacmd/iodmacmd.h>; every descriptor made here is
 * a struct iodmacmd_md like any other, used with the iodmacmd_md_*()
 * functions and released with iodmacmd_md_put().
 */
#ifndef _IODMACMD_DESCRIPTORS_H
#define _IODMACMD_DESCRIPTORS_H

#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>

struct task_struct;

/*
 * User memory (IOMemoryDescriptor::withAddressRanges() with a user task):
 * ranges of a process's address space, pinned by the first
 * iodmacmd_md_prepare() and unpinned by the last iodmacmd_md_complete().
 * Nothing can be copied or mapped before the first prepare.
 */
struct iodmacmd_md *iodmacmd_md_create_user(struct task_struct *task,
					    const struct iodmacmd_range *ranges,
					    u32 count, u32 direction);

/*
 * Buffers (IOBufferMemoryDescriptor): zeroed kernel memory the descriptor
 * allocates itself, always resident, whose length can change up to its
 * capacity. The options are an IODMACMD_DIR_* direction in the low bits,
 * or-ed with these flags, with IOKit's values (kIOMemory*).
 */
#define IODMACMD_BUFFER_CONTIGUOUS	0x10	/* physically contiguous */
/* Shared buffers only: write-combining for the CPU (kIOMapWriteCombineCache) */
#define IODMACMD_BUFFER_WRITE_COMBINE	0x400

struct iodmacmd_md *iodmacmd_buffer_create(u32 options, u64 capacity, u64 alignment,
					   u64 physical_mask);
void *iodmacmd_buffer_bytes(struct iodmacmd_md *md);
u64 iodmacmd_buffer_capacity(struct iodmacmd_md *md);
int iodmacmd_buffer_set_length(struct iodmacmd_md *md, u64 length);
bool iodmacmd_buffer_append(struct iodmacmd_md *md, const void *bytes, u64 len);

/*
 * Shared buffers: memory a device and the CPU use at the same time with no
 * sync call (descriptor rings, status blocks), DMA-coherent memory for
 * @dev from dma_alloc_attrs(). A command preparing it for @dev uses the
 * coherent bus address, and iodmacmd_md_bus_segment() returns it.
 */
struct iodmacmd_md *iodmacmd_buffer_create_coherent(struct device *dev, u32 options,
						    u64 capacity, u64 alignment,
						    u64 physical_mask);

/*
 * The address a device uses for a byte (IOKit's getPhysicalSegment() with
 * no options), and the descriptor's own device mapping while prepared
 * (IOKit's system mapper).
 */
u64 iodmacmd_md_bus_segment(struct iodmacmd_md *md, u64 offset, u64 *length);
int iodmacmd_md_set_mapper(struct iodmacmd_md *md, struct device *dev);

/*
 * Descriptors of descriptors: a window on a parent (IOSubMemoryDescriptor)
 * and a concatenation (IOMultiMemoryDescriptor). Both reference what they
 * are made of and forward prepare and complete to it.
 */
struct iodmacmd_md *iodmacmd_md_create_sub(struct iodmacmd_md *parent, u64 offset,
					   u64 length, u32 direction);
struct iodmacmd_md *iodmacmd_md_create_multi(struct iodmacmd_md **mds, u32 count,
					     u32 direction);

#endif /* _IODMACMD_DESCRIPTORS_H */
