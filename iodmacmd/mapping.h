/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A descriptor window as one device sees it (mapping.c).
 */
#ifndef _IODMACMD_MAPPING_H
#define _IODMACMD_MAPPING_H

#include <linux/dma-direction.h>
#include <linux/list.h>
#include <linux/scatterlist.h>
#include <linux/types.h>
#include <IOKit/IOReturn.h>

#include "segment_gen.h"

struct device;
struct iodmacmd_md;
struct iodmacmd_claim;

/**
 * struct iodmacmd_mapping - a descriptor window as one device sees it
 * @node: entry in &iodmacmd_md.mappings; under &iodmacmd_md.lock
 * @md: the descriptor (not referenced: the mapping dies first)
 * @dev: the device, referenced; %NULL for CPU physical addresses
 * @dma: the DMA API maps it (@sgt is built); else @runs are CPU physical
 * @offset: the first descriptor byte mapped
 * @length: bytes mapped: the whole descriptor, or under swiotlb a window
 * @md_length: the descriptor's length when this was built (a buffer's
 *	length can change; a mapping of another length is never reused)
 * @mapped: @sgt is mapped for @dev now; under &iodmacmd_md.lock, and
 *	stays true while @users is not 0
 * @coherent: the memory is DMA-coherent for @dev already (a shared
 *	buffer): @runs hold its bus address, nothing is mapped, synced or
 *	unmapped, and @mapped stays true; set once
 * @source: for a window of a composite descriptor, the mapping of the
 *	parent or member that holds its bytes, with a user held for this
 *	mapping: @runs are a slice of its runs, syncs go to it, nothing is
 *	mapped here and @mapped stays true; set once
 * @source_delta: the byte of @source's descriptor that is this
 *	descriptor's byte 0 (to translate offsets); set once
 * @dir: the DMA direction @sgt is mapped with; set once
 * @syncs: a sync of @sgt can do something for @dev (not coherent, or
 *	bounced by swiotlb); set each time @sgt is mapped, under
 *	&iodmacmd_md.lock, before any user syncs
 * @users: commands using it; under &iodmacmd_md.lock. Each user keeps the
 *	mapping allocated and mapped, so it syncs its window without the lock
 * @claim: the cache lines claimed while mapped writable (sharing.c)
 * @sgt: the window's pages, split to the device's limits; set once
 * @runs: the bus-address runs the segment generator walks, offsets
 *	relative to @offset; written only while mapping, under the lock, with
 *	no user
 *
 * The descriptor owns the mapping and commands share it, as IOKit caches a
 * whole-descriptor IOMMU mapping in the descriptor: one dma_map_sgtable()
 * however many commands prepare the same memory for the same device.
 */
struct iodmacmd_mapping {
	struct list_head node;
	struct iodmacmd_md *md;
	struct device *dev;
	bool dma;
	u64 offset;
	u64 length;
	u64 md_length;
	bool mapped;
	bool coherent;
	struct iodmacmd_mapping *source;
	u64 source_delta;
	enum dma_data_direction dir;
	bool syncs;
	unsigned int users;
	struct iodmacmd_claim *claim;
	struct sg_table sgt;
	struct iodmacmd_run_table runs;
};

/**
 * struct iodmacmd_reach - what the DMA API said of a device's reach, kept
 * @dev: the device asked about (not referenced: only compared)
 * @dma_mask: the device's streaming mask when it was asked
 * @bus_dma_limit: the device's bus limit then
 * @dma_ops: the device's DMA ops then
 * @ram_pages: totalram_pages() then: memory that came or went (hotplug, a
 *	balloon) may change the answer
 * @valid: the answer below was computed
 * @translated: an IOMMU translates for the device
 * @limited: dma_addressing_limited(): some memory may lie beyond the
 *	device's reach
 *
 * The answer depends on nothing else, and asking costs several calls into
 * the DMA API on every prepare: a command keeps the last answer for its
 * device and asks again when one of these changed.
 */
struct iodmacmd_reach {
	const struct device *dev;
	u64 dma_mask;
	u64 bus_dma_limit;
	const void *dma_ops;
	unsigned long ram_pages;
	bool valid;
	bool translated;
	bool limited;
};

struct iodmacmd_mapping *iodmacmd_mapping_get(struct iodmacmd_md *md, struct device *dev,
					      bool dma, u64 offset, u64 length, IOReturn *ret);
void iodmacmd_mapping_put(struct iodmacmd_mapping *map);
void iodmacmd_mapping_release_idle_locked(struct iodmacmd_md *md);
unsigned int iodmacmd_mapping_release_all(struct iodmacmd_md *md);
int iodmacmd_mapping_reaches(struct device *dev, struct iodmacmd_md *md, u64 offset,
			     u64 length, struct iodmacmd_reach *known);
unsigned int iodmacmd_mapping_drop_idle_locked(struct iodmacmd_md *md);
void iodmacmd_mapping_forget_user(struct iodmacmd_mapping *map);
bool iodmacmd_mapping_bus_address(struct iodmacmd_md *md, u64 offset, u64 *bus, u64 *len);
void __iodmacmd_mapping_sync(struct iodmacmd_mapping *map, u64 offset, u64 length,
			     bool for_device);

/**
 * iodmacmd_mapping_sync() - hand a window of a mapping to one side
 * @map: the mapping, with a user held by the caller
 * @offset: the window's first byte, in the descriptor
 * @length: bytes
 * @for_device: true before the device accesses it, false after
 *
 * __iodmacmd_mapping_sync(), called only where a sync can do something:
 * the mapping's own syncs, or those of the mapping it borrows.
 */
static inline void iodmacmd_mapping_sync(struct iodmacmd_mapping *map, u64 offset, u64 length,
					 bool for_device)
{
	if (map->syncs || map->source)
		__iodmacmd_mapping_sync(map, offset, length, for_device);
}

#endif /* _IODMACMD_MAPPING_H */
