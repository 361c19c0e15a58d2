/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd's trace events: commands, their transfers, descriptor mappings
 * and bounce memory. "trace-cmd record -e iodmacmd" or
 * /sys/kernel/tracing/events/iodmacmd/ switch them on.
 *
 * Each event names the device ("-" for none) and the command or
 * descriptor by the number its debugfs listing shows, so a trace and
 * /sys/kernel/debug/iodmacmd/ can be read side by side. The events are
 * defined (CREATE_TRACE_POINTS) in iodmacmd/trace.c, which includes the
 * private headers the assignments below read; any other includer sees only
 * the declarations, and the objects stay opaque.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM iodmacmd

/* Read once, not again with the events (define_trace.h reads twice). */
#ifndef _TRACE_IODMACMD_ONCE_H
#define _TRACE_IODMACMD_ONCE_H

#include <linux/device.h>

struct iodmacmd_cmd;
struct iodmacmd_mapping;
struct iodmacmd_bounce;

/* Room for a device name; longer names are cut, never overrun. */
#define IODMACMD_TRACE_DEV_LEN	32

/* A device's name in an event: "-" for none (a physical-address command). */
static inline const char *iodmacmd_trace_dev_name(const struct device *dev)
{
	return dev ? dev_name(dev) : "-";
}

#endif /* _TRACE_IODMACMD_ONCE_H */

#if !defined(_TRACE_IODMACMD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IODMACMD_H

#include <linux/tracepoint.h>
#include <linux/types.h>

TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_NONE);
TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_ADDRESS);
TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_ALIGNMENT);
TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_REACH);
TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_FORCED);
TRACE_DEFINE_ENUM(IODMACMD_BOUNCE_SHARED);

#define iodmacmd_show_bounce_reason(reason)				\
	__print_symbolic(reason,					\
			 { IODMACMD_BOUNCE_NONE, "none" },		\
			 { IODMACMD_BOUNCE_ADDRESS, "address-bits" },	\
			 { IODMACMD_BOUNCE_ALIGNMENT, "alignment" },	\
			 { IODMACMD_BOUNCE_REACH, "device-reach" },	\
			 { IODMACMD_BOUNCE_FORCED, "forced" },		\
			 { IODMACMD_BOUNCE_SHARED, "shared-memory" })

/* A command's creation and its end (the last reference dropped). */
DECLARE_EVENT_CLASS(iodmacmd_cmd_class,
	TP_PROTO(const struct iodmacmd_cmd *cmd),
	TP_ARGS(cmd),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, cmd)
		__field(u8, address_bits)
		__field(u64, max_segment_size)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(cmd->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->cmd = cmd->live.id;
		__entry->address_bits = cmd->tag ? cmd->tag->spec.address_bits : 0;
		__entry->max_segment_size = cmd->tag ? cmd->tag->spec.max_segment_size : 0;
	),

	TP_printk("dev=%s cmd=%llu bits=%u max_segment=%#llx",
		  __entry->dev, __entry->cmd, __entry->address_bits,
		  __entry->max_segment_size)
);

DEFINE_EVENT(iodmacmd_cmd_class, iodmacmd_cmd_create,
	TP_PROTO(const struct iodmacmd_cmd *cmd),
	TP_ARGS(cmd)
);

DEFINE_EVENT(iodmacmd_cmd_class, iodmacmd_cmd_destroy,
	TP_PROTO(const struct iodmacmd_cmd *cmd),
	TP_ARGS(cmd)
);

/*
 * A command's first-level prepare (successful or not: @status is its
 * IOReturn) and its last-level complete, with the range and why it
 * bounced.
 */
DECLARE_EVENT_CLASS(iodmacmd_xfer_class,
	TP_PROTO(const struct iodmacmd_cmd *cmd, u64 offset, u64 length,
		 unsigned int reason, u32 status),
	TP_ARGS(cmd, offset, length, reason, status),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, cmd)
		__field(u64, md)
		__field(u64, offset)
		__field(u64, length)
		__field(unsigned int, reason)
		__field(u32, status)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(cmd->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->cmd = cmd->live.id;
		__entry->md = cmd->live.md_id;
		__entry->offset = offset;
		__entry->length = length;
		__entry->reason = reason;
		__entry->status = status;
	),

	TP_printk("dev=%s cmd=%llu md=%llu range=%#llx+%#llx bounce=%s status=%#x",
		  __entry->dev, __entry->cmd, __entry->md, __entry->offset,
		  __entry->length, iodmacmd_show_bounce_reason(__entry->reason),
		  __entry->status)
);

DEFINE_EVENT(iodmacmd_xfer_class, iodmacmd_prepare,
	TP_PROTO(const struct iodmacmd_cmd *cmd, u64 offset, u64 length,
		 unsigned int reason, u32 status),
	TP_ARGS(cmd, offset, length, reason, status)
);

DEFINE_EVENT(iodmacmd_xfer_class, iodmacmd_complete,
	TP_PROTO(const struct iodmacmd_cmd *cmd, u64 offset, u64 length,
		 unsigned int reason, u32 status),
	TP_ARGS(cmd, offset, length, reason, status)
);

/* genIOVMSegments() that failed inside the prepared range. */
TRACE_EVENT(iodmacmd_gen_error,
	TP_PROTO(const struct iodmacmd_cmd *cmd, u64 offset, u32 status),
	TP_ARGS(cmd, offset, status),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, cmd)
		__field(u64, offset)
		__field(u32, status)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(cmd->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->cmd = cmd->live.id;
		__entry->offset = offset;
		__entry->status = status;
	),

	TP_printk("dev=%s cmd=%llu offset=%#llx status=%#x",
		  __entry->dev, __entry->cmd, __entry->offset, __entry->status)
);

/*
 * A descriptor window's mapping for one device: made (create), mapped with
 * the DMA API (map: also a kept table mapped again), unmapped, freed.
 */
DECLARE_EVENT_CLASS(iodmacmd_mapping_class,
	TP_PROTO(const struct iodmacmd_mapping *map),
	TP_ARGS(map),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, md)
		__field(u64, offset)
		__field(u64, length)
		__field(u32, entries)
		__field(bool, dma)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(map->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->md = map->md->live.id;
		__entry->offset = map->offset;
		__entry->length = map->length;
		__entry->entries = map->runs.nr_runs;
		__entry->dma = map->dma;
	),

	TP_printk("dev=%s md=%llu window=%#llx+%#llx entries=%u %s",
		  __entry->dev, __entry->md, __entry->offset, __entry->length,
		  __entry->entries, __entry->dma ? "dma" : "physical")
);

DEFINE_EVENT(iodmacmd_mapping_class, iodmacmd_mapping_create,
	TP_PROTO(const struct iodmacmd_mapping *map),
	TP_ARGS(map)
);

DEFINE_EVENT(iodmacmd_mapping_class, iodmacmd_mapping_map,
	TP_PROTO(const struct iodmacmd_mapping *map),
	TP_ARGS(map)
);

DEFINE_EVENT(iodmacmd_mapping_class, iodmacmd_mapping_unmap,
	TP_PROTO(const struct iodmacmd_mapping *map),
	TP_ARGS(map)
);

DEFINE_EVENT(iodmacmd_mapping_class, iodmacmd_mapping_destroy,
	TP_PROTO(const struct iodmacmd_mapping *map),
	TP_ARGS(map)
);

/* A command's bounce memory allocated from, or given back to, its device. */
DECLARE_EVENT_CLASS(iodmacmd_bounce_class,
	TP_PROTO(const struct iodmacmd_bounce *b),
	TP_ARGS(b),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, cmd)
		__field(u64, bytes)
		__field(unsigned long, chunks)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(b->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->cmd = b->owner->live.id;
		__entry->bytes = b->capacity;
		__entry->chunks = b->nr_chunks;
	),

	TP_printk("dev=%s cmd=%llu bytes=%llu chunks=%lu",
		  __entry->dev, __entry->cmd, __entry->bytes, __entry->chunks)
);

DEFINE_EVENT(iodmacmd_bounce_class, iodmacmd_bounce_alloc,
	TP_PROTO(const struct iodmacmd_bounce *b),
	TP_ARGS(b)
);

DEFINE_EVENT(iodmacmd_bounce_class, iodmacmd_bounce_free,
	TP_PROTO(const struct iodmacmd_bounce *b),
	TP_ARGS(b)
);

TRACE_DEFINE_ENUM(IODMACMD_COPY_TO_BOUNCE);
TRACE_DEFINE_ENUM(IODMACMD_COPY_FROM_BOUNCE);
TRACE_DEFINE_ENUM(IODMACMD_COPY_CLEAR);

/* A copy into or out of bounce memory (enum iodmacmd_bounce_copy), or a clearing. */
TRACE_EVENT(iodmacmd_bounce_copy,
	TP_PROTO(const struct iodmacmd_bounce *b, u64 md_offset, u64 bytes,
		 unsigned int kind),
	TP_ARGS(b, md_offset, bytes, kind),

	TP_STRUCT__entry(
		__array(char, dev, IODMACMD_TRACE_DEV_LEN)
		__field(u64, cmd)
		__field(u64, md_offset)
		__field(u64, bytes)
		__field(unsigned int, kind)
	),

	TP_fast_assign(
		strscpy(__entry->dev, iodmacmd_trace_dev_name(b->dev), IODMACMD_TRACE_DEV_LEN);
		__entry->cmd = b->owner->live.id;
		__entry->md_offset = md_offset;
		__entry->bytes = bytes;
		__entry->kind = kind;
	),

	TP_printk("dev=%s cmd=%llu %s md_offset=%#llx bytes=%llu",
		  __entry->dev, __entry->cmd,
		  __print_symbolic(__entry->kind,
				   { IODMACMD_COPY_TO_BOUNCE, "to-bounce" },
				   { IODMACMD_COPY_FROM_BOUNCE, "from-bounce" },
				   { IODMACMD_COPY_CLEAR, "clear" }),
		  __entry->md_offset, __entry->bytes)
);

#endif /* _TRACE_IODMACMD_H */

/*
 * Out of tree, define_trace.h must find this header again: it includes
 * "TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h", looked up next to itself in
 * the kernel's include/trace/ (no iodmacmd.h there) and then on the include
 * path. iodmacmd/Kbuild puts this directory on the path of trace.c, the one
 * file that defines the events, by its place in our tree ($(src)), so it is
 * found in a source tree, a DKMS tree or any copy, never a stale install.
 */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iodmacmd

/* This part must be outside protection */
#include <trace/define_trace.h>
