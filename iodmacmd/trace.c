// SPDX-License-Identifier: GPL-2.0
/*
 * The one place iodmacmd's trace events are defined. Their assignments
 * read the objects, so the private headers come first.
 */
#include <linux/device.h>
#include <linux/string.h>

#include "bounce.h"
#include "cmd.h"
#include "mapping.h"
#include "md.h"

#define CREATE_TRACE_POINTS
#include <trace/events/iodmacmd.h>

/* For modules that attach probes: iodmacmd's KUnit suite, a driver's own tools. */
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_cmd_create);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_cmd_destroy);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_prepare);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_complete);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_gen_error);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_mapping_create);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_mapping_map);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_mapping_unmap);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_mapping_destroy);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_bounce_alloc);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_bounce_free);
EXPORT_TRACEPOINT_SYMBOL_GPL(iodmacmd_bounce_copy);
