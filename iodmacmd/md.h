/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory descriptors: the object every kind shares (descriptor.c) and the
 * kinds' constructors (descriptor.c, descriptor_user.c, buffer.c,
 * descriptor_compose.c).
 *
 * The core returns IOReturn codes, because the behaviour drivers rely on
 * is specified in them. The Linux face converts them to errno at its
 * boundary; the Apple face (iokit_*.c) passes them through.
 */
#ifndef _IODMACMD_MD_H
#define _IODMACMD_MD_H

#include <linux/dma-direction.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>
#include <IOKit/IOReturn.h>

#include "compat.h"
#include "debugfs.h"
#include "segment_gen.h"

struct device;
struct iodmacmd_mapping;

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
 * @device_address: for memory already DMA-coherent for a device (a shared
 *	buffer), which needs no mapping: true with the bus address of byte
 *	@offset and the bytes contiguous from there, when @dev is that device
 *	or %NULL; may be %NULL
 * @cpu_address: the kernel virtual address of byte 0 when the kind has one
 *	mapping the whole memory that copies must use (a shared buffer's may
 *	be uncached while the linear map's is not); may be %NULL
 */
struct iodmacmd_md_ops {
	int (*walk)(struct iodmacmd_md *md, u64 offset, u64 len,
		    iodmacmd_piece_fn fn, void *ctx);
	int (*wire)(struct iodmacmd_md *md);
	void (*unwire)(struct iodmacmd_md *md);
	void (*release)(struct iodmacmd_md *md);
	bool (*device_address)(struct iodmacmd_md *md, struct device *dev, u64 offset,
			       u64 *bus, u64 *len);
	void *(*cpu_address)(struct iodmacmd_md *md);
};

/**
 * struct iodmacmd_md - a memory descriptor
 * @ref: references; the last iodmacmd_md_put() frees
 * @ops: the kind's operations; set once, except that re-initialising a
 *	descriptor of ranges (initWithOptions()) switches between the kernel
 *	and physical kinds, under @lock while it is neither prepared nor used
 * @length: total bytes; set once, except a buffer's, which changes under
 *	@lock (read without it with READ_ONCE() semantics by its own kind), and
 *	a re-initialised descriptor's (as @ops)
 * @direction: IODMACMD_DIR_* given at creation; changed only by
 *	setDirection() and re-initialisation, under @lock while the descriptor
 *	is neither prepared nor used by a command
 * @lock: protects @wire_count, @mappings, and each mapping's users and
 *	mapped state (see mapping.h)
 * @wire_count: nesting depth of iodmacmd_md_prepare(); under @lock
 * @mappings: struct iodmacmd_mapping, one per device, address type and
 *	window (and per length, for a buffer whose length changed while
 *	mapped); under @lock
 * @stable_layout: the pages never change while the descriptor exists (no
 *	@ops->unwire), so an unmapped table can be kept for the next mapping;
 *	set once
 * @cpu_writable: iodmacmd_md_write() may store into the memory (not user
 *	memory pinned read-only); set once
 * @mapper: the device the descriptor maps itself for while prepared
 *	(IOKit's system mapper, or withOptions()' mapper), referenced; %NULL
 *	for none; set at creation or by a re-initialisation, under @lock
 * @own_map: the mapping of the whole descriptor for @mapper, held from the
 *	first prepare to the last complete; under @lock
 * @tag: IOKit's setTag()/getTag() value, the driver's; READ_ONCE/WRITE_ONCE
 * @live: its entry in the registry of live descriptors (debugfs.h)
 */
struct iodmacmd_md {
	struct kref ref;
	const struct iodmacmd_md_ops *ops;
	u64 length;
	u32 direction;
	struct mutex lock;	/* wire_count, mappings, each mapping's users */
	unsigned int wire_count;
	struct list_head mappings;
	bool stable_layout;
	bool cpu_writable;
	struct device *mapper;
	struct iodmacmd_mapping *own_map;
	u32 tag;
	struct iodmacmd_live_md live;
};

/* descriptor.c, descriptor_user.c, buffer.c, descriptor_compose.c */
void iodmacmd_md_init(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
		      u64 length, u32 direction);
void iodmacmd_md_init_class(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
			    u64 length, u32 direction, struct lock_class_key *key,
			    const char *name);
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
struct iodmacmd_md *__iodmacmd_md_create_empty(u32 direction, IOReturn *ret);
IOReturn __iodmacmd_md_reinit_ranges(struct iodmacmd_md *md, const struct iodmacmd_range *ranges,
				     u32 count, u32 direction, bool physical);
bool iodmacmd_md_is_ranges(const struct iodmacmd_md *md);
void iodmacmd_md_set_mapper_new(struct iodmacmd_md *md, struct device *mapper);
IOReturn __iodmacmd_md_set_direction(struct iodmacmd_md *md, u32 direction);
struct iodmacmd_md *__iodmacmd_buffer_create_coherent(struct device *dev, u32 options,
						      u64 capacity, u64 alignment,
						      u64 physical_mask, IOReturn *ret);
u64 __iodmacmd_md_bus_segment(struct iodmacmd_md *md, u64 offset, u64 *length);
struct iodmacmd_md *iodmacmd_md_sub_parent(struct iodmacmd_md *md, u64 *offset);
struct iodmacmd_md *iodmacmd_md_window_source(struct iodmacmd_md *md, u64 *offset, u64 length);
IOReturn __iodmacmd_md_prepare(struct iodmacmd_md *md, u32 direction);
IOReturn __iodmacmd_md_complete(struct iodmacmd_md *md, u32 direction);

#endif /* _IODMACMD_MD_H */
