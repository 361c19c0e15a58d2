// SPDX-License-Identifier: GPL-2.0
/*
 * A descriptor as a device sees it: the thin adapter between descriptors
 * and the kernel DMA API.
 *
 * The descriptor's pieces become one struct sg_table whose entries respect
 * what the DMA API promises to handle for this device: no entry longer than
 * dma_max_mapping_size() (the swiotlb slot limit when swiotlb may bounce)
 * or dma_get_max_seg_size() (which dma-debug enforces), and none crossing
 * dma_get_seg_boundary(). The table is mapped once with dma_map_sgtable();
 * the mapped entries (nents, which an IOMMU may have merged) are appended to
 * a run table, where contiguous entries coalesce again, and the segment
 * generator splits the runs to each command's own limits.
 *
 * For the physical mapping types there is no DMA API call at all: the runs
 * are the pieces' CPU physical addresses.
 *
 * What is mapped. Normally the whole descriptor, shared by every command
 * that prepares any part of it for the same device. When the DMA API may
 * bounce the device's mappings through swiotlb (dma_max_mapping_size() is
 * finite: swiotlb=force, a confidential-computing guest, an addressing-
 * limited device), mapping the whole descriptor would copy all of it for a
 * command that prepared a page, and a descriptor larger than the swiotlb
 * pool could never be prepared: then only the command's window is mapped,
 * and shared by commands whose windows lie inside it.
 *
 * Syncing follows the DMA API's ownership rules. A command owns its window
 * between prepare and complete and syncs exactly that window: for the
 * device when it starts using a mapping that was already mapped, for the
 * CPU when it completes, while it still holds its reference. Unmapping then
 * skips the CPU sync (DMA_ATTR_SKIP_CPU_SYNC): every byte a device could
 * have written was synced by the command that owned it, and a sync at unmap
 * would copy a swiotlb slot's stale bytes over whatever the CPU wrote since
 * (a bounced command's data, copied back at its complete, was lost that
 * way under swiotlb=force). A device that is coherent and never bounced
 * has nothing to sync: its mappings are made with DMA_ATTR_SKIP_CPU_SYNC
 * and its commands skip the sync calls, each of which would only walk the
 * table to do nothing (see map_sgtable()).
 *
 * A mapping a device may write is mapped DMA_BIDIRECTIONAL even for an In
 * descriptor: swiotlb copies memory to its slot on a sync for the device
 * only for TO_DEVICE and BIDIRECTIONAL, and a kept mapping must see what
 * the CPU wrote between two transfers. Before such a mapping is made for a
 * device whose mappings need syncs (not coherent, or bounced by swiotlb),
 * its cache lines are claimed (sharing.c): two writable mappings of the
 * same memory are refused and the command bounces instead. For any other
 * device the memory is mapped as it is and a second mapping is harmless.
 *
 * A mapping outlives the command that made it in two ways. While the
 * descriptor is prepared (iodmacmd_md_prepare(), IOKit's usual sequence) it
 * stays mapped, as IOKit keeps a whole-descriptor mapping until the
 * descriptor's last complete(). Once unmapped, a descriptor whose pages
 * cannot change keeps the built table, so that the next prepare is one
 * dma_map_sgtable() call: building the table costs as much as mapping it.
 *
 * Locking: &iodmacmd_md.lock protects the descriptor's list of mappings and
 * each mapping's @users and @mapped (see mapping.h). A command's reference
 * (@users) keeps the mapping mapped and allocated, so syncs run without the
 * lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>

#include "md.h"
#include "mapping.h"
#include "sharing.h"
#include "spec.h"
#include "stats.h"

/*
 * Splits pieces into table entries (iodmacmd_entry_add(), pure C, tested
 * in user space). Run once to count and once to fill, with the same
 * limits, so both passes agree on every cut.
 */
struct sg_builder {
	struct iodmacmd_entry_builder cut;
	bool fill;			/* false while counting */
	struct scatterlist *next;	/* the next entry to begin */
	struct scatterlist *last;	/* the entry being filled */
};

static void sg_fill_cut(void *ctx, u64 phys, u64 len, bool begins)
{
	struct sg_builder *b = ctx;

	if (begins) {
		sg_set_page(b->next, pfn_to_page(PHYS_PFN(phys)), len, offset_in_page(phys));
		b->last = b->next;
		b->next = sg_next(b->next);
	} else {
		b->last->length += len;
	}
}

static int sg_build_piece(void *ctx, phys_addr_t phys, u64 len)
{
	struct sg_builder *b = ctx;

	iodmacmd_entry_add(&b->cut, phys, len, b->fill ? sg_fill_cut : NULL, b);
	return 0;
}

static IOReturn build_sgtable(struct iodmacmd_mapping *map)
{
	struct iodmacmd_md *md = map->md;
	struct device *dev = map->dev;
	/* sg lengths are unsigned int; keep whole pages per entry */
	u64 max_entry = min3((u64)dma_max_mapping_size(dev), (u64)dma_get_max_seg_size(dev),
			     (u64)(UINT_MAX & PAGE_MASK));
	struct sg_builder b = {
		.cut.max_entry = max_t(u64, max_entry, PAGE_SIZE),
		.cut.boundary_mask = dma_get_seg_boundary(dev),
	};

	if (md->ops->walk(md, map->offset, map->length, sg_build_piece, &b))
		return kIOReturnNotReady;
	if (sg_alloc_table(&map->sgt, b.cut.nents, GFP_KERNEL | __GFP_NOWARN))
		return kIOReturnNoMemory;
	/* The second pass fills the entries the first one counted. */
	b.fill = true;
	b.next = map->sgt.sgl;
	b.cut.start = 0;
	b.cut.len = 0;
	b.cut.nents = 0;
	md->ops->walk(md, map->offset, map->length, sg_build_piece, &b);
	return kIOReturnSuccess;
}

/* Room for @capacity runs, keeping the storage when it is large enough. */
static IOReturn reserve_runs(struct iodmacmd_mapping *map, unsigned int capacity)
{
	struct iodmacmd_run *runs = map->runs.runs;

	if (!runs || map->runs.capacity < capacity) {
		runs = kvmalloc_array(capacity, sizeof(*runs), GFP_KERNEL);
		if (!runs)
			return kIOReturnNoMemory;
		kvfree(map->runs.runs);
	} else {
		capacity = map->runs.capacity;
	}
	iodmacmd_runs_init(&map->runs, runs, capacity);
	return kIOReturnSuccess;
}

static int count_piece(void *ctx, phys_addr_t phys, u64 len)
{
	(*(unsigned int *)ctx)++;
	return 0;
}

static int append_piece(void *ctx, phys_addr_t phys, u64 len)
{
	return iodmacmd_runs_append(ctx, phys, len) == IODMACMD_GEN_OK ? 0 : -ENOSPC;
}

/*
 * Out descriptors are only read by devices. Everything else is mapped
 * bidirectionally: see the comment at the top of this file.
 */
static enum dma_data_direction md_dma_dir(const struct iodmacmd_md *md)
{
	if ((md->direction & IODMACMD_DIR_INOUT) == IODMACMD_DIR_OUT)
		return DMA_TO_DEVICE;
	return DMA_BIDIRECTIONAL;
}

/*
 * Whether a sync can ever do something for this device's streaming
 * mappings: it is not DMA-coherent (cache maintenance), swiotlb may bounce
 * its mappings (dma_max_mapping_size() is finite: swiotlb=force, a
 * confidential guest, an addressing-limited device, an untrusted device
 * behind an IOMMU), or DMA ops other than the IOMMU's map it (Xen's
 * swiotlb, say). Anything else maps memory as it is: a mapping is the
 * memory itself, with nothing to copy or flush.
 */
static bool device_mappings_sync(struct device *dev)
{
	if (!dev_is_dma_coherent(dev) || dma_max_mapping_size(dev) != SIZE_MAX)
		return true;
	/* An IOMMU bounces an untrusted device's partial pages through swiotlb. */
	if (dev_is_pci(dev) && to_pci_dev(dev)->untrusted)
		return true;
	return get_dma_ops(dev) && !iodmacmd_device_translated(dev);
}

/*
 * Maps the built table and describes the mapped entries (nents, which an
 * IOMMU may have merged, and which may differ from one mapping to the next)
 * to the generator.
 *
 * Memory a device may write is claimed first (sharing.c) where a sync can
 * do something, because there two writable mappings of the same cache
 * lines corrupt each other. Elsewhere a second writable mapping is the
 * same memory seen twice, as harmless as one: nothing is claimed (a claim
 * costs an allocation, a global lock and 48 bytes per entry) and the
 * table is mapped with DMA_ATTR_SKIP_CPU_SYNC, which changes nothing for
 * such a device and tells dma-debug that overlapping mappings are meant
 * (it reports them otherwise). Nor do commands sync their windows of it:
 * a sync of such a mapping does nothing but walk the table.
 */
static IOReturn map_sgtable(struct iodmacmd_mapping *map)
{
	unsigned long attrs = 0;
	struct scatterlist *sg;
	IOReturn ret;
	unsigned int i;
	int err;

	map->syncs = device_mappings_sync(map->dev);
	if (!map->syncs) {
		attrs = DMA_ATTR_SKIP_CPU_SYNC;
	} else if (map->dir != DMA_TO_DEVICE) {
		map->claim = iodmacmd_claim_sgtable(&map->sgt, &err);
		if (!map->claim)
			return err == -EBUSY ? kIOReturnExclusiveAccess : kIOReturnNoMemory;
	}
	err = dma_map_sgtable(map->dev, &map->sgt, map->dir, attrs);
	if (err) {
		dev_warn_ratelimited(map->dev, "iodmacmd: dma_map_sgtable of %llu bytes in %u entries failed: %d\n",
				     map->length, map->sgt.orig_nents, err);
		ret = iodmacmd_errno_to_ioreturn(err);
		goto unclaim;
	}
	ret = reserve_runs(map, map->sgt.nents);
	if (ret)
		goto unmap;
	for_each_sgtable_dma_sg(&map->sgt, sg, i) {
		if (iodmacmd_runs_append(&map->runs, sg_dma_address(sg), sg_dma_len(sg))) {
			ret = kIOReturnInternalError;
			goto unmap;
		}
	}
	map->mapped = true;
	iodmacmd_obs_mapping_map(map);
	return kIOReturnSuccess;

unmap:
	dma_unmap_sgtable(map->dev, &map->sgt, map->dir, DMA_ATTR_SKIP_CPU_SYNC);
unclaim:
	iodmacmd_claim_release(map->claim);
	map->claim = NULL;
	return ret;
}

/* Every user synced its window for the CPU before it let go: see above. */
static void unmap_sgtable(struct iodmacmd_mapping *map)
{
	if (map->coherent || map->source)
		return;
	/* dma_unmap_sgtable() uses orig_nents, as unmapping requires. */
	dma_unmap_sgtable(map->dev, &map->sgt, map->dir, DMA_ATTR_SKIP_CPU_SYNC);
	iodmacmd_obs_mapping_unmap(map);
	iodmacmd_claim_release(map->claim);
	map->claim = NULL;
	map->mapped = false;
}

/*
 * The bus address runs of [@offset, @offset + @length) when all of it is
 * memory already DMA-coherent for @dev (shared buffers made for it, and
 * windows on and concatenations of them), appended to @runs unless it is
 * %NULL. Return: how many pieces, 0 when some of the range is not that.
 */
static unsigned int coherent_runs(struct iodmacmd_md *md, struct device *dev, u64 offset,
				  u64 length, struct iodmacmd_run_table *runs)
{
	unsigned int pieces = 0;
	u64 bus, len;

	if (!md->ops->device_address)
		return 0;
	while (length) {
		if (!md->ops->device_address(md, dev, offset, &bus, &len) || !len)
			return 0;
		len = min(len, length);
		if (runs && iodmacmd_runs_append(runs, bus, len))
			return 0;
		pieces++;
		offset += len;
		length -= len;
	}
	return pieces;
}

/*
 * Memory that is DMA-coherent for the device already needs no mapping: its
 * runs are the coherent bus addresses (one per shared buffer it spans).
 * Return: false when the memory is not that; else true with *@ret set.
 */
static bool build_coherent(struct iodmacmd_mapping *map, IOReturn *ret)
{
	unsigned int pieces = coherent_runs(map->md, map->dev, map->offset, map->length, NULL);

	if (!pieces)
		return false;
	*ret = reserve_runs(map, pieces);
	if (*ret)
		return true;
	if (coherent_runs(map->md, map->dev, map->offset, map->length, &map->runs) != pieces) {
		*ret = kIOReturnInternalError;
		return true;
	}
	map->coherent = true;
	map->mapped = true;
	return true;
}

static IOReturn build_dma(struct iodmacmd_mapping *map)
{
	IOReturn ret;

	if (build_coherent(map, &ret))
		return ret;
	ret = build_sgtable(map);
	if (ret)
		return ret;
	map->dir = md_dma_dir(map->md);
	ret = map_sgtable(map);
	if (ret)
		sg_free_table(&map->sgt);
	return ret;
}

static IOReturn build_physical(struct iodmacmd_mapping *map)
{
	struct iodmacmd_md *md = map->md;
	unsigned int pieces = 0;
	IOReturn ret;

	if (md->ops->walk(md, map->offset, map->length, count_piece, &pieces))
		return kIOReturnNotReady;
	ret = reserve_runs(map, pieces);
	if (ret)
		return ret;
	if (md->ops->walk(md, map->offset, map->length, append_piece, &map->runs))
		return kIOReturnInternalError;
	return kIOReturnSuccess;
}

static void mapping_free(struct iodmacmd_mapping *map)
{
	iodmacmd_obs_mapping_destroy(map);
	if (map->source)
		iodmacmd_mapping_put(map->source);
	if (map->mapped)
		unmap_sgtable(map);
	if (map->dma)
		sg_free_table(&map->sgt);
	kvfree(map->runs.runs);
	put_device(map->dev);
	kfree(map);
}

/*
 * Whether the DMA API may copy this device's mappings through swiotlb:
 * then only windows are mapped (see the top of this file).
 */
static bool device_maps_windows(struct device *dev)
{
	return dma_max_mapping_size(dev) != SIZE_MAX;
}

static bool mapping_covers(const struct iodmacmd_mapping *map, u64 offset, u64 length)
{
	return offset >= map->offset && offset - map->offset + length <= map->length;
}

/* Built for a buffer's earlier length: never used again. */
static bool mapping_stale(const struct iodmacmd_mapping *map)
{
	return map->md_length != map->md->length;
}

struct reach_ctx {
	struct device *dev;
	u64 limit;
};

static int piece_unreachable(void *ctx, phys_addr_t phys, u64 len)
{
	struct reach_ctx *r = ctx;

	return (u64)phys_to_dma(r->dev, phys) + len - 1 > r->limit;
}

/* Asks the DMA API again when anything its answer depends on changed. */
static void reach_refresh(struct device *dev, struct iodmacmd_reach *r)
{
	u64 mask = dma_get_mask(dev);
	const void *ops = get_dma_ops(dev);
	unsigned long pages = totalram_pages();

	if (r->valid && r->dev == dev && r->dma_mask == mask &&
	    r->bus_dma_limit == dev->bus_dma_limit && r->dma_ops == ops && r->ram_pages == pages)
		return;
	r->dev = dev;
	r->dma_mask = mask;
	r->bus_dma_limit = dev->bus_dma_limit;
	r->dma_ops = ops;
	r->ram_pages = pages;
	r->translated = iodmacmd_device_translated(dev);
	r->limited = !r->translated && dma_addressing_limited(dev);
	r->valid = true;
}

/**
 * iodmacmd_mapping_reaches() - whether a device can map memory without swiotlb
 * @dev: the device
 * @md: the descriptor
 * @offset: the window's first byte
 * @length: the window's bytes
 * @known: what the DMA API said of @dev before, kept by the caller and
 *	refreshed here when it may have changed; %NULL to ask afresh
 *
 * Only a device the DMA API says is addressing-limited and that no IOMMU
 * translates for can fail, and not for a shared buffer made for it: its
 * own view of a page's bus address (phys_to_dma()) is checked against its
 * mask. Such a device may not reach swiotlb's pool either (a 28-bit device
 * never reaches it above 256 MiB), so mapping would WARN and fail; under
 * swiotlb=force every mapping of it goes to that pool.
 *
 * Return: 0 reachable, 1 not, or a negative errno when the memory cannot be
 * walked (user memory nobody prepared).
 */
int iodmacmd_mapping_reaches(struct device *dev, struct iodmacmd_md *md, u64 offset,
			     u64 length, struct iodmacmd_reach *known)
{
	struct iodmacmd_reach fresh = { };
	struct reach_ctx r = { .dev = dev };

	if (!known)
		known = &fresh;
	reach_refresh(dev, known);
	/* A device that reaches all of memory needs no look at each page. */
	if (!known->limited)
		return 0;
	/* Memory made coherent for this device is where it can reach. */
	if (coherent_runs(md, dev, offset, length, NULL))
		return 0;
	if (is_swiotlb_force_bounce(dev))
		return 1;
	r.limit = min_not_zero(*dev->dma_mask, dev->bus_dma_limit);
	return md->ops->walk(md, offset, length, piece_unreachable, &r);
}

/*
 * The mapping @md's parent (or member) has of the same bytes for the same
 * device, with one more user; else NULL. Takes that descriptor's lock
 * inside @md's: composites' locks nest above their parts' (see
 * descriptor_compose.c).
 */
static struct iodmacmd_mapping *source_get(struct iodmacmd_md *md, struct device *dev,
					   u64 offset, u64 length, u64 *delta)
{
	struct iodmacmd_mapping *src = NULL, *m;
	u64 at = offset;
	struct iodmacmd_md *parent = iodmacmd_md_window_source(md, &at, length);

	if (!parent)
		return NULL;
	mutex_lock(&parent->lock);
	list_for_each_entry(m, &parent->mappings, node) {
		/* A device-read-only mapping never serves a window it may write. */
		if (m->dev == dev && m->dma && m->mapped && !mapping_stale(m) &&
		    mapping_covers(m, at, length) &&
		    (m->coherent || m->dir == DMA_BIDIRECTIONAL ||
		     md_dma_dir(md) == DMA_TO_DEVICE)) {
			m->users++;
			src = m;
			break;
		}
	}
	mutex_unlock(&parent->lock);
	*delta = at - offset;
	return src;
}

/*
 * A window of a composite descriptor whose parent or member the device
 * has mapped already (a sub-descriptor of a prepared buffer, IOKit's usual
 * way) uses that mapping, as IOKit's composites ask their parts for their
 * addresses: a mapping of its own would map the same memory twice, which
 * the sharing rule refuses for writable memory (the command would bounce)
 * and which doubles the swiotlb copies. Return: false when there is no
 * such mapping; else true, with *@ret set and, on success, @map built.
 */
static bool borrow_source(struct iodmacmd_mapping *map, u64 offset, u64 length, IOReturn *ret)
{
	struct iodmacmd_mapping *src;
	u64 delta, from, end, pos = 0;
	u32 i;

	src = source_get(map->md, map->dev, offset, length, &delta);
	if (!src)
		return false;
	map->source = src;
	map->source_delta = delta;
	map->offset = offset;
	map->length = length;
	*ret = reserve_runs(map, src->runs.nr_runs);
	if (*ret)
		goto drop;
	/* The source's runs over [offset + delta, + length), in order. */
	from = offset + delta - src->offset;
	end = from + length;
	for (i = 0; i < src->runs.nr_runs; i++) {
		u64 start = iodmacmd_run_start(&src->runs, i);
		u64 lo = max(from, start), hi = min(end, src->runs.runs[i].end);

		if (lo >= hi)
			continue;
		if (iodmacmd_runs_append(&map->runs, src->runs.runs[i].bus_addr + (lo - start),
					 hi - lo)) {
			*ret = kIOReturnInternalError;
			goto drop;
		}
		pos += hi - lo;
	}
	if (pos != length) {
		*ret = kIOReturnInternalError;
		goto drop;
	}
	map->mapped = true;
	*ret = kIOReturnSuccess;
	/* The source's earlier user synced for the CPU: this user takes it back. */
	iodmacmd_mapping_sync(src, offset + delta, length, true);
	return true;

drop:
	kvfree(map->runs.runs);
	map->runs.runs = NULL;
	map->source = NULL;
	iodmacmd_mapping_put(src);
	return true;
}

/**
 * iodmacmd_mapping_get() - a mapping of a descriptor window for a device
 * @md: the descriptor
 * @dev: the device; may be %NULL when @dma is false
 * @dma: map with the DMA API (Mapped, NonCoherent) rather than use CPU
 *	physical addresses (Bypassed, Unmapped)
 * @offset: the window's first byte, in the descriptor
 * @length: the window's bytes, not 0
 * @ret: set to the IOReturn on failure
 *
 * An existing mapping of @md for the same device and address type that
 * covers the window is shared, and the window synced for the device (its
 * earlier user synced it for the CPU); otherwise one is built and mapped,
 * which the DMA API syncs itself. A kept mapping made before a buffer
 * changed its length is replaced.
 *
 * Context: process context, may sleep.
 * Return: the mapping with one more user, or %NULL with *@ret set;
 * kIOReturnExclusiveAccess means another writable mapping holds the memory
 * (the caller bounces).
 */
struct iodmacmd_mapping *iodmacmd_mapping_get(struct iodmacmd_md *md, struct device *dev,
					      bool dma, u64 offset, u64 length, IOReturn *ret)
{
	struct iodmacmd_mapping *map, *next, *old;
	bool sync = false;
	LIST_HEAD(stale);

	mutex_lock(&md->lock);
	list_for_each_entry_safe(map, next, &md->mappings, node) {
		if (map->dev != dev || map->dma != dma)
			continue;
		if (mapping_stale(map)) {
			if (!map->users)
				list_move(&map->node, &stale);
			continue;
		}
		if (!mapping_covers(map, offset, length))
			continue;
		if (dma && !map->mapped) {
			/* Parked: the table is built, only the mapping is missing. */
			*ret = map_sgtable(map);
			if (*ret) {
				map = NULL;
				goto unlock;
			}
		} else if (dma) {
			sync = true;
		}
		map->users++;
		goto unlock;
	}
	*ret = kIOReturnNoMemory;
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		goto unlock;
	map->md = md;
	map->dev = get_device(dev);
	map->dma = dma;
	map->md_length = md->length;
	if (dma && borrow_source(map, offset, length, ret)) {
		if (*ret) {
			put_device(map->dev);
			kfree(map);
			map = NULL;
			goto unlock;
		}
		map->users = 1;
		list_add(&map->node, &md->mappings);
		iodmacmd_obs_mapping_create(map);
		goto unlock;
	}
	if (dma && device_maps_windows(dev)) {
		map->offset = offset;
		map->length = length;
	} else {
		map->length = md->length;
	}
	*ret = dma ? build_dma(map) : build_physical(map);
	if (*ret) {
		kvfree(map->runs.runs);
		put_device(map->dev);
		kfree(map);
		map = NULL;
		goto unlock;
	}
	map->users = 1;
	list_add(&map->node, &md->mappings);
	iodmacmd_obs_mapping_create(map);
unlock:
	mutex_unlock(&md->lock);
	list_for_each_entry_safe(old, next, &stale, node)
		mapping_free(old);
	if (sync)
		iodmacmd_mapping_sync(map, offset, length, true);
	return map;
}

/*
 * What becomes of a mapping its last user gave back, under the descriptor's
 * lock. While the descriptor is prepared the mapping stays, as IOKit keeps
 * a whole-descriptor mapping until the descriptor's last complete(): a bus
 * address a driver stored (a descriptor ring, a USB transfer) stays valid
 * after clearMemoryDescriptor(), and the next command skips the work. Else
 * it is unmapped; the table stays built ("parked") when the descriptor's
 * pages cannot change, so the next prepare only maps it again. Return:
 * true when the caller must free it (already off the list).
 */
static bool mapping_idle_locked(struct iodmacmd_mapping *map)
{
	struct iodmacmd_md *md = map->md;

	lockdep_assert_held(&md->lock);
	if (md->wire_count && !mapping_stale(map))
		return false;
	if (md->stable_layout && !mapping_stale(map) && !map->source) {
		if (map->mapped)
			unmap_sgtable(map);
		return false;
	}
	list_del(&map->node);
	return true;
}

/**
 * iodmacmd_mapping_put() - drop one user
 * @map: the mapping; the caller synced its window for the CPU if it
 *	needed the device's writes (iodmacmd_mapping_sync())
 *
 * The last user leaves it as mapping_idle_locked() decides.
 *
 * Context: process context, may sleep.
 */
void iodmacmd_mapping_put(struct iodmacmd_mapping *map)
{
	struct iodmacmd_md *md = map->md;
	bool free = false;

	mutex_lock(&md->lock);
	if (!--map->users)
		free = mapping_idle_locked(map);
	mutex_unlock(&md->lock);
	if (free)
		mapping_free(map);
}

/**
 * iodmacmd_mapping_release_idle_locked() - end the mappings no command uses
 * @md: the descriptor, locked, at its last complete (wire count 0)
 *
 * Called before the descriptor's memory is unwired: nothing may stay
 * mapped to memory that is about to be unpinned.
 */
void iodmacmd_mapping_release_idle_locked(struct iodmacmd_md *md)
{
	struct iodmacmd_mapping *map, *next;

	lockdep_assert_held(&md->lock);
	list_for_each_entry_safe(map, next, &md->mappings, node)
		if (!map->users && mapping_idle_locked(map))
			mapping_free(map);
}

/**
 * iodmacmd_mapping_drop_idle_locked() - free the mappings no command uses
 * @md: the descriptor, locked, not prepared, about to describe other memory
 *	or another direction
 *
 * Return: how many mappings commands use; when not 0, nothing is freed
 * (the caller refuses the change).
 */
unsigned int iodmacmd_mapping_drop_idle_locked(struct iodmacmd_md *md)
{
	struct iodmacmd_mapping *map, *next;
	unsigned int used = 0;

	lockdep_assert_held(&md->lock);
	list_for_each_entry(map, &md->mappings, node)
		used += !!map->users;
	if (used)
		return used;
	list_for_each_entry_safe(map, next, &md->mappings, node) {
		list_del(&map->node);
		mapping_free(map);
	}
	return 0;
}

/**
 * iodmacmd_mapping_forget_user() - drop a user of a descriptor being freed
 * @map: the descriptor's own mapping (iodmacmd_md.own_map)
 *
 * A descriptor released while prepared still holds its own mapping: the
 * mapping is freed with the descriptor's others right after this.
 */
void iodmacmd_mapping_forget_user(struct iodmacmd_mapping *map)
{
	map->users--;
}

/* Byte @offset of the descriptor in @map's runs: its bus address and the rest of the run. */
static void run_address(const struct iodmacmd_mapping *map, u64 offset, u64 *bus, u64 *len)
{
	u64 rel = offset - map->offset;
	u32 i = iodmacmd_runs_find(&map->runs, rel);

	if (i == map->runs.nr_runs) {
		*len = 0;
		return;
	}
	*bus = map->runs.runs[i].bus_addr + (rel - iodmacmd_run_start(&map->runs, i));
	*len = map->runs.runs[i].end - rel;
}

/**
 * iodmacmd_mapping_bus_address() - the bus address a device uses for a byte
 * @md: the descriptor
 * @offset: the byte, inside the descriptor
 * @bus: set to the address
 * @len: set to the bytes bus-contiguous from there, within the mapping
 *
 * Which device, when several: shared memory made for a device is that
 * device's; else the descriptor's own mapper while it is prepared; else the
 * device of the oldest DMA mapping a command made that covers @offset.
 *
 * Context: process context, may sleep (takes the descriptor's lock).
 * Return: false when no device has the byte mapped.
 */
bool iodmacmd_mapping_bus_address(struct iodmacmd_md *md, u64 offset, u64 *bus, u64 *len)
{
	struct iodmacmd_mapping *map, *found = NULL;

	if (md->ops->device_address && md->ops->device_address(md, NULL, offset, bus, len))
		return true;
	mutex_lock(&md->lock);
	if (md->own_map && md->own_map->mapped && mapping_covers(md->own_map, offset, 1)) {
		found = md->own_map;
	} else {
		/* Newest first: the last match is the oldest. */
		list_for_each_entry(map, &md->mappings, node)
			if (map->dma && map->mapped && !mapping_stale(map) &&
			    mapping_covers(map, offset, 1))
				found = map;
	}
	if (found)
		run_address(found, offset, bus, len);
	mutex_unlock(&md->lock);
	return found && *len;
}

/**
 * iodmacmd_mapping_release_all() - free every mapping of a released descriptor
 * @md: the descriptor, with no references left
 *
 * Return: the number of mappings commands still used (a bug: a command
 * holds a reference on its descriptor); they are freed too.
 */
unsigned int iodmacmd_mapping_release_all(struct iodmacmd_md *md)
{
	struct iodmacmd_mapping *map, *next;
	unsigned int used = 0;

	list_for_each_entry_safe(map, next, &md->mappings, node) {
		used += !!map->users;
		list_del(&map->node);
		mapping_free(map);
	}
	return used;
}

/**
 * __iodmacmd_mapping_sync() - hand a window of a mapping to one side
 * @map: the mapping, with a user held by the caller
 * @offset: the window's first byte, in the descriptor
 * @length: bytes
 * @for_device: true before the device accesses it, false after
 *
 * Only the window: other commands may be using the rest of the mapping,
 * and a sync copies under swiotlb. What the DMA API does is its business
 * (a copy when swiotlb bounced an entry, cache maintenance on a
 * non-coherent device): it is asked whenever the device's mappings can
 * need it, and never for a coherent device that is never bounced, where
 * the answer is always nothing (see map_sgtable()). Each mapped entry is
 * synced separately, as dma-debug checks syncs per entry. Callers use
 * iodmacmd_mapping_sync(), which skips the call where nothing would be
 * synced.
 *
 * Context: any context that may touch the memory.
 */
void __iodmacmd_mapping_sync(struct iodmacmd_mapping *map, u64 offset, u64 length,
			     bool for_device)
{
	struct scatterlist *sg;
	u64 pos = 0, end;
	unsigned int i;

	if (map->source) {
		iodmacmd_mapping_sync(map->source, offset + map->source_delta, length, for_device);
		return;
	}
	if (!map->mapped || map->coherent || !map->syncs || !length)
		return;
	offset -= map->offset;
	end = offset + length;
	for_each_sgtable_dma_sg(&map->sgt, sg, i) {
		u64 len = sg_dma_len(sg), from, to;

		if (pos >= end)
			break;
		if (pos + len > offset) {
			from = max(pos, offset) - pos;
			to = min(pos + len, end) - pos;
			if (for_device)
				dma_sync_single_for_device(map->dev, sg_dma_address(sg) + from,
							   to - from, map->dir);
			else
				dma_sync_single_for_cpu(map->dev, sg_dma_address(sg) + from,
							to - from, map->dir);
		}
		pos += len;
	}
}
