/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of iodmacmd.ko and by nothing else.
 *
 * The core (descriptor.c, mapping.c, command.c) returns IOReturn codes,
 * because the behaviour drivers rely on is specified in them. The Linux face
 * converts them to errno at its boundary; the Apple face (iokit.c) passes
 * them through.
 */
#ifndef _IODMACMD_INTERNAL_H
#define _IODMACMD_INTERNAL_H

#include <linux/dma-direction.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>
#include <IOKit/IOReturn.h>

#include "compat.h"
#include "segment_gen.h"

/*
 * Calls @fn for each physically contiguous piece of a descriptor range, in
 * order. A non-zero return from @fn stops the walk and is returned.
 */
typedef int (*iodmacmd_piece_fn)(void *ctx, phys_addr_t phys, u64 len);

/**
 * struct iodmacmd_md_ops - what differs between descriptor kinds
 * @walk: call a piece function over [@offset, @offset + @len)
 * @wire: make the memory resident for DMA (first prepare), returning an
 *	IOReturn; may be %NULL
 * @unwire: undo @wire (last complete); may be %NULL
 * @release: free the kind's own data after the last reference
 */
struct iodmacmd_md_ops {
	int (*walk)(struct iodmacmd_md *md, u64 offset, u64 len,
		    iodmacmd_piece_fn fn, void *ctx);
	int (*wire)(struct iodmacmd_md *md);
	void (*unwire)(struct iodmacmd_md *md);
	void (*release)(struct iodmacmd_md *md);
};

/**
 * struct iodmacmd_md - a memory descriptor
 * @ref: references; the last iodmacmd_md_put() frees
 * @ops: the kind's operations
 * @length: total bytes
 * @direction: IODMACMD_DIR_* given at creation
 * @lock: protects @wire_count and @mappings
 * @wire_count: nesting depth of iodmacmd_md_prepare()
 * @mappings: struct iodmacmd_mapping, one per device and address type (and
 *	per length, for a buffer whose length changed while mapped)
 * @stable_layout: the pages never change while the descriptor exists (no
 *	@ops->unwire), so an unmapped table can be kept for the next mapping
 */
struct iodmacmd_md {
	struct kref ref;
	const struct iodmacmd_md_ops *ops;
	u64 length;
	u32 direction;
	struct mutex lock;	/* wire_count and mappings */
	unsigned int wire_count;
	struct list_head mappings;
	bool stable_layout;
};

/**
 * struct iodmacmd_mapping - a descriptor as one device sees it
 * @node: entry in &iodmacmd_md.mappings
 * @md: the descriptor (not referenced: the mapping dies first)
 * @dev: the device, or %NULL for CPU physical addresses
 * @dma: the DMA API maps it (@sgt is built); else @runs are CPU physical
 * @mapped: @sgt is mapped for @dev now
 * @dir: the DMA direction @sgt is mapped with
 * @users: commands using it, under &iodmacmd_md.lock
 * @sgt: the descriptor's pages, split to the device's limits
 * @runs: the bus-address runs the segment generator walks
 *
 * The descriptor owns the mapping and commands share it, as IOKit caches a
 * whole-descriptor IOMMU mapping in the descriptor: one dma_map_sgtable()
 * however many commands prepare the same memory for the same device. See
 * mapping.c for what becomes of it when no command uses it.
 */
struct iodmacmd_mapping {
	struct list_head node;
	struct iodmacmd_md *md;
	struct device *dev;
	bool dma;
	bool mapped;
	enum dma_data_direction dir;
	unsigned int users;
	struct sg_table sgt;
	struct iodmacmd_run_table runs;
};

/* Why a prepared range was bounced (see bounce.c). */
enum iodmacmd_bounce_reason {
	IODMACMD_BOUNCE_NONE,
	IODMACMD_BOUNCE_ADDRESS,	/* an address beyond the command's bits */
	IODMACMD_BOUNCE_ALIGNMENT,	/* a segment would break an alignment */
	IODMACMD_BOUNCE_REACH,		/* the device cannot reach the memory */
	IODMACMD_BOUNCE_FORCED,		/* kForceDoubleBuffer */
};

/**
 * struct iodmacmd_bounce_chunk - one contiguous piece of bounce memory
 * @cpu: its kernel address, from dma_alloc_coherent()
 * @dma: its DMA address for the device
 * @bus: the address the command's segments use: @dma, or for the physical
 *	mapping types the CPU physical address
 * @size: bytes allocated
 */
struct iodmacmd_bounce_chunk {
	void *cpu;
	dma_addr_t dma;
	u64 bus;
	size_t size;
};

/**
 * struct iodmacmd_bounce - bounce memory of a command
 * @dev: the device the memory belongs to
 * @capacity: bytes allocated, the sum of the chunk sizes
 * @length: bytes in use, the prepared length
 * @runs: the used bytes' bus addresses, for the generator; room for
 *	@max_chunks runs
 * @clean: every byte is zero, as dma_alloc_coherent() returns it
 * @nr_chunks: entries in use in @chunks
 * @max_chunks: entries allocated in @chunks
 * @chunks: the memory
 */
struct iodmacmd_bounce {
	struct device *dev;
	u64 capacity;
	u64 length;
	struct iodmacmd_run_table runs;
	bool clean;
	unsigned int nr_chunks;
	unsigned int max_chunks;
	struct iodmacmd_bounce_chunk chunks[];
};

/**
 * struct iodmacmd_cmd - a DMA command
 * @dev: the device the command maps for; may be %NULL for physical types
 * @refcon: the caller's pointer (IOKit's fRefCon)
 * @has_spec: a specification is set (not so after create_unspecified)
 * @spec: the specification as given, normalised (zeros resolved)
 * @limits: the generator's view of @spec
 * @map_type: @spec.mapping_options & IODMACMD_MAP_TYPE_MASK
 * @md: the attached descriptor, referenced
 * @active: prepare nesting depth (IOKit's fActive)
 * @prep_offset: prepared range start, in descriptor bytes
 * @prep_length: prepared range length
 * @mapping: the mapping the prepared range is walked in, unless bounced
 * @bounce: the bounce memory the prepared range is walked in, if bounced
 * @spare_bounce: bounce memory kept from the last bounced transfer
 * @bounce_reason: why, an enum iodmacmd_bounce_reason value
 * @force_bounce: the next prepare bounces (synchronize(kForceDoubleBuffer))
 * @cursor: generator cache for sequential calls
 */
struct iodmacmd_cmd {
	struct device *dev;
	void *refcon;
	bool has_spec;
	struct iodmacmd_spec spec;
	struct iodmacmd_limits limits;
	u32 map_type;
	struct iodmacmd_md *md;
	unsigned int active;
	u64 prep_offset;
	u64 prep_length;
	struct iodmacmd_mapping *mapping;
	struct iodmacmd_bounce *bounce;
	struct iodmacmd_bounce *spare_bounce;
	unsigned int bounce_reason;
	bool force_bounce;
	struct iodmacmd_gen_cursor cursor;
};

struct task_struct;

/*
 * Writes a segment in the Host64 format (struct iodmacmd_segment, possibly
 * unaligned): iodmacmd_output_host64(), and the generator's direct path
 * for it, which saves an indirect call per segment.
 */
static inline void iodmacmd_put_host64(void *segments, u32 index, u64 addr, u64 len)
{
	u8 *entry = (u8 *)segments + (size_t)index * 16;

	put_unaligned(addr, (u64 *)entry);
	put_unaligned(len, (u64 *)(entry + 8));
}

/* descriptor.c, descriptor_user.c, buffer.c, descriptor_compose.c */
void iodmacmd_md_init(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
		      u64 length, u32 direction);
struct iodmacmd_md *__iodmacmd_md_create_kernel(const struct iodmacmd_range *ranges,
						u32 count, u32 direction, IOReturn *ret);
struct iodmacmd_md *__iodmacmd_md_create_phys(const struct iodmacmd_range *ranges,
					      u32 count, u32 direction, IOReturn *ret);
struct iodmacmd_md *__iodmacmd_md_create_pages(struct page **pages, u32 nr_pages,
					       u32 offset, u64 length, u32 direction,
					       IOReturn *ret);
struct iodmacmd_md *__iodmacmd_md_create_user(struct task_struct *task,
					      const struct iodmacmd_range *ranges,
					      u32 count, u32 direction, IOReturn *ret);
struct iodmacmd_md *__iodmacmd_buffer_create(u32 options, u64 capacity, u64 alignment,
					     u64 physical_mask, IOReturn *ret);
struct iodmacmd_md *__iodmacmd_md_create_sub(struct iodmacmd_md *parent, u64 offset,
					     u64 length, u32 direction, IOReturn *ret);
struct iodmacmd_md *__iodmacmd_md_create_multi(struct iodmacmd_md **mds, u32 count,
					       u32 direction, IOReturn *ret);
IOReturn __iodmacmd_md_prepare(struct iodmacmd_md *md, u32 direction);
IOReturn __iodmacmd_md_complete(struct iodmacmd_md *md, u32 direction);

/* mapping.c */
struct iodmacmd_mapping *iodmacmd_mapping_get(struct iodmacmd_md *md, struct device *dev,
					      bool dma, IOReturn *ret);
void iodmacmd_mapping_put(struct iodmacmd_mapping *map);
void iodmacmd_mapping_release_idle_locked(struct iodmacmd_md *md);
unsigned int iodmacmd_mapping_release_all(struct iodmacmd_md *md);
void iodmacmd_mapping_sync(struct iodmacmd_mapping *map, bool for_device);

/* bounce.c */
struct iodmacmd_bounce *iodmacmd_bounce_get(struct iodmacmd_cmd *cmd, u64 length,
					    IOReturn *ret);
void iodmacmd_bounce_put(struct iodmacmd_cmd *cmd, struct iodmacmd_bounce *b);
void iodmacmd_bounce_free(struct iodmacmd_bounce *b);
u64 iodmacmd_bounce_fill(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset);
u64 iodmacmd_bounce_drain(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset);
u64 iodmacmd_bounce_read(struct iodmacmd_bounce *b, u64 offset, void *buf, u64 len);
u64 iodmacmd_bounce_write(struct iodmacmd_bounce *b, u64 offset, const void *buf, u64 len);
const char *iodmacmd_bounce_reason_name(unsigned int reason);

/* command.c */
struct iodmacmd_cmd *__iodmacmd_cmd_create(struct device *dev,
					   const struct iodmacmd_spec *spec,
					   void *refcon, IOReturn *ret);
IOReturn __iodmacmd_set_spec(struct iodmacmd_cmd *cmd, const struct iodmacmd_spec *spec);
IOReturn __iodmacmd_set_md(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md,
			   bool auto_prepare);
IOReturn __iodmacmd_clear_md(struct iodmacmd_cmd *cmd, bool auto_complete);
IOReturn __iodmacmd_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
			    bool flush_cache, bool synchronize);
IOReturn __iodmacmd_prepare_with_spec(struct iodmacmd_cmd *cmd,
				      const struct iodmacmd_spec *spec, u64 offset,
				      u64 length, bool flush_cache, bool synchronize);
IOReturn __iodmacmd_complete(struct iodmacmd_cmd *cmd, bool invalidate_cache,
			     bool synchronize);
IOReturn __iodmacmd_gen_segments(struct iodmacmd_cmd *cmd, iodmacmd_output_t output,
				 u64 *offset, void *segments, u32 *num);
IOReturn __iodmacmd_prepared_range(const struct iodmacmd_cmd *cmd, u64 *offset,
				   u64 *length);
IOReturn __iodmacmd_synchronize(struct iodmacmd_cmd *cmd, u32 options);
u64 __iodmacmd_cmd_rw(struct iodmacmd_cmd *cmd, u64 offset, void *buf, u64 len, bool write);
bool iodmacmd_output_is_32bit(iodmacmd_output_t output);

#endif /* _IODMACMD_INTERNAL_H */
