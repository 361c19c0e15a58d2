/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A DMA command: the state of one transfer (command.c).
 */
#ifndef _IODMACMD_CMD_H
#define _IODMACMD_CMD_H

#include <linux/dev_printk.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>
#include <IOKit/IOReturn.h>

#include "compat.h"
#include "debugfs.h"
#include "mapping.h"
#include "segment_gen.h"
#include "spec.h"

struct device;
struct iodmacmd_md;
struct iodmacmd_mapping;
struct iodmacmd_bounce;

/**
 * struct iodmacmd_cmd - a DMA command
 * @ref: references: the creator's, plus one per iodmacmd_cmd_get()
 *	(IOKit's retain()); the last iodmacmd_cmd_destroy() frees
 * @dev: the device given at creation, referenced; %NULL for a
 *	physical-address command without one. A command created without
 *	one adopts the device its first specification names (IOKit's
 *	initWithSpecification() and prepareWithSpecification()), and keeps it
 * @refcon: the caller's pointer (IOKit's fRefCon)
 * @tag: the constraints, shared with clones; %NULL until a specification
 *	is set (IOKit's withRefCon())
 * @md: the attached descriptor, referenced
 * @active: prepare nesting depth (IOKit's fActive)
 * @prep_offset: prepared range start, in descriptor bytes
 * @prep_length: prepared range length; 0 for an empty descriptor, which
 *	has neither @mapping nor @bounce
 * @mapping: the mapping the prepared range is walked in, unless bounced
 * @bounce: the bounce memory the prepared range is walked in, if bounced
 * @spare_bounce: bounce memory kept from the last bounced transfer, fit
 *	for @tag
 * @bounce_reason: why @bounce, an enum iodmacmd_bounce_reason value
 * @cursor: generator cache for sequential calls
 * @reach: what the DMA API last said of @dev's reach (mapping.h), asked
 *	again when @dev's mask, bus limit, DMA ops or the memory changed
 * @dext_lock: serialises the DriverKit face's calls on the command
 *	(PrepareForDMA(), CompleteDMA(), GetPreparation(), PerformOperation()),
 *	as Apple's DextOwner lock does: a dext may make them from any queue
 * @md_wired: the command holds a prepare of @md (DriverKit's
 *	PrepareForDMA() prepares the descriptor itself): detaching @md
 *	completes it, so CompleteDMA() and the last release both give it back
 * @live: its entry in the registry of live commands (debugfs.h)
 *
 * Everything here but @ref, @tag and @dext_lock is one transfer's state. A
 * command belongs to one context at a time, as in IOKit: its callers
 * serialise calls on it, so the core takes no lock of its own (@ref is
 * atomic: a reference may be dropped from anywhere in process context);
 * only the DriverKit face, whose callers do not serialise, takes
 * @dext_lock around its calls.
 */
struct iodmacmd_cmd {
	struct kref ref;
	struct device *dev;
	void *refcon;
	struct iodmacmd_tag *tag;
	struct iodmacmd_md *md;
	unsigned int active;
	u64 prep_offset;
	u64 prep_length;
	struct iodmacmd_mapping *mapping;
	struct iodmacmd_bounce *bounce;
	struct iodmacmd_bounce *spare_bounce;
	unsigned int bounce_reason;
	struct iodmacmd_gen_cursor cursor;
	struct iodmacmd_reach reach;
	struct mutex dext_lock;	/* the DriverKit face's calls */
	bool md_wired;
	struct iodmacmd_live_cmd live;
};

/**
 * iodmacmd_cmd_spec() - the normalised specification of a command
 * @cmd: the command
 *
 * Return: the specification, or %NULL before one is set.
 */
static inline const struct iodmacmd_spec *iodmacmd_cmd_spec(const struct iodmacmd_cmd *cmd)
{
	return cmd->tag ? &cmd->tag->spec : NULL;
}

IOReturn __iodmacmd_set_md(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md,
			   bool auto_prepare);
IOReturn __iodmacmd_clear_md(struct iodmacmd_cmd *cmd, bool auto_complete);
/*
 * A rate-limited line about a command's transfer, for its driver to read
 * (each call site has its own limit); a command without a device has
 * nobody to tell.
 */
#define iodmacmd_cmd_log(cmd, fmt, ...)					\
do {									\
	const struct iodmacmd_cmd *__cmd = (cmd);			\
									\
	if (__cmd->dev)							\
		dev_info_ratelimited(__cmd->dev, "iodmacmd: " fmt, ##__VA_ARGS__); \
} while (0)

/*
 * A warning about a call on a command, for its driver to read, with or
 * without a device to name (rate-limited).
 */
__printf(2, 3) void iodmacmd_cmd_warn(const struct iodmacmd_cmd *cmd, const char *fmt, ...);

struct iodmacmd_cmd *__iodmacmd_cmd_create(struct device *dev,
					   const struct iodmacmd_spec *spec,
					   void *refcon, IOReturn *ret);
IOReturn __iodmacmd_cmd_init(struct iodmacmd_cmd *cmd, struct device *dev,
			     const struct iodmacmd_spec *spec, void *refcon);
IOReturn __iodmacmd_cmd_reserve_bounce(struct iodmacmd_cmd *cmd, u64 length);
struct iodmacmd_cmd *__iodmacmd_cmd_clone(struct iodmacmd_cmd *orig, void *refcon,
					  IOReturn *ret);
IOReturn __iodmacmd_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
			    bool flush_cache, bool synchronize);
IOReturn __iodmacmd_prepare_with_spec(struct iodmacmd_cmd *cmd, struct device *dev,
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

#endif /* _IODMACMD_CMD_H */
