/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command's constraints, made once and never changed (spec.c).
 */
#ifndef _IODMACMD_SPEC_H
#define _IODMACMD_SPEC_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>
#include <IOKit/IOReturn.h>

#include "segment_gen.h"

struct device;

/**
 * struct iodmacmd_tag - the constraints of commands, immutable
 * @ref: commands using it: a clone shares its original's tag
 * @dev: the device mapped for, referenced; %NULL for a physical-address
 *	command without one
 * @spec: the specification as given, normalised (zeros resolved)
 * @limits: the generator's view of @spec
 * @map_type: @spec.mapping_options & IODMACMD_MAP_TYPE_MASK
 * @dma_api: @map_type maps with the DMA API (Mapped, NonCoherent)
 * @may_bounce: the command may bounce a range that does not fit: it is not
 *	IterateOnly (bounce memory also needs a device: see bounce.c)
 * @rcu: the tag is freed after a grace period, so that debugfs may read a
 *	command's tag under rcu_read_lock() while the command replaces it
 *
 * FreeBSD's busdma tag, for IODMACommand: everything a command derives
 * from its specification and device, checked once, then only read, so
 * commands and their clones share it without a lock. A new specification
 * (prepareWithSpecification()) is a new tag.
 */
struct iodmacmd_tag {
	struct kref ref;
	struct device *dev;
	struct iodmacmd_spec spec;
	struct iodmacmd_limits limits;
	u32 map_type;
	bool dma_api;
	bool may_bounce;
	struct rcu_head rcu;
};

struct iodmacmd_tag *iodmacmd_tag_create(struct device *dev, const struct iodmacmd_spec *spec,
					 IOReturn *ret);
void iodmacmd_tag_put(struct iodmacmd_tag *tag);

/**
 * iodmacmd_tag_get() - share a tag
 * @tag: the tag
 *
 * Return: @tag.
 */
static inline struct iodmacmd_tag *iodmacmd_tag_get(struct iodmacmd_tag *tag)
{
	kref_get(&tag->ref);
	return tag;
}

bool iodmacmd_output_is_32bit(iodmacmd_output_t output);
bool iodmacmd_device_translated(struct device *dev);

#endif /* _IODMACMD_SPEC_H */
