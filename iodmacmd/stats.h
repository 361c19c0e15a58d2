/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What iodmacmd is doing: counters (stats.c), trace events
 * (include/trace/events/iodmacmd.h) and the registries debugfs lists
 * (debugfs.h), reached from the core through the hooks below, so that the
 * core files carry one line per event.
 *
 * The counters of the fast path (prepare, complete) are per CPU: an
 * increment is one instruction on the local CPU's copy, with no lock and no
 * shared cache line; a read sums the CPUs. Bounce memory is counted with
 * atomics, on the slow path only (allocation and freeing of bounce memory),
 * which also keeps the high-water mark exact. A trace event disabled costs
 * a static branch.
 *
 * Building with IODMACMD_NO_STATS (make IODMACMD_NO_STATS=1) compiles all
 * of it out, for scripts/bench to measure what it costs.
 */
#ifndef _IODMACMD_STATS_H
#define _IODMACMD_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

#include "bounce.h"
#include "cmd.h"
#include "debugfs.h"
#include "mapping.h"
#include "md.h"

#ifndef IODMACMD_NO_STATS

#include <trace/events/iodmacmd.h>

/**
 * struct iodmacmd_counters - one CPU's share of the event counters
 * @prepares: first-level prepares that succeeded
 * @completes: last-level completes
 * @bounces: prepared ranges bounced (forced double buffers included), by
 *	enum iodmacmd_bounce_reason
 * @bounce_allocs: bounce memory allocated (a spare reused is not counted)
 * @alloc_failures: bounce memory that could not be had (the prepare,
 *	forced double buffer or copy-buffer reservation failed with -ENOMEM)
 * @gen_errors: genIOVMSegments() calls that failed inside the prepared
 *	range
 *
 * Summed over the CPUs on read (iodmacmd_stats_read()); unsigned long, so
 * that a read never sees half an update.
 */
struct iodmacmd_counters {
	unsigned long prepares;
	unsigned long completes;
	unsigned long bounces[IODMACMD_BOUNCE_NR];
	unsigned long bounce_allocs;
	unsigned long alloc_failures;
	unsigned long gen_errors;
};

DECLARE_PER_CPU(struct iodmacmd_counters, iodmacmd_counters);

/**
 * struct iodmacmd_stats - the counters summed, and the bounce memory
 * @c: the per-CPU counters, summed
 * @bounce_bytes: bounce memory held now by all commands, in use or spare
 * @bounce_bytes_hiwater: the most @bounce_bytes has been since load
 */
struct iodmacmd_stats {
	struct iodmacmd_counters c;
	u64 bounce_bytes;
	u64 bounce_bytes_hiwater;
};

void iodmacmd_stats_read(struct iodmacmd_stats *s);
void iodmacmd_stats_bounce_alloc(struct iodmacmd_bounce *b);
void iodmacmd_stats_bounce_free(struct iodmacmd_bounce *b);

static inline void iodmacmd_obs_cmd_create(struct iodmacmd_cmd *cmd)
{
	iodmacmd_live_cmd_add(cmd);
	trace_iodmacmd_cmd_create(cmd);
}

static inline void iodmacmd_obs_cmd_destroy(struct iodmacmd_cmd *cmd)
{
	trace_iodmacmd_cmd_destroy(cmd);
	iodmacmd_live_cmd_del(cmd);
}

static inline void iodmacmd_obs_cmd_attach(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md)
{
	WRITE_ONCE(cmd->live.md_id, md ? md->live.id : 0);
}

static inline void iodmacmd_obs_md_create(struct iodmacmd_md *md)
{
	iodmacmd_live_md_add(md);
}

static inline void iodmacmd_obs_md_destroy(struct iodmacmd_md *md)
{
	iodmacmd_live_md_del(md);
}

/* A first-level prepare, successful (@status 0) or not. */
static inline void iodmacmd_obs_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
					unsigned int reason, IOReturn status)
{
	if (!status)
		this_cpu_inc(iodmacmd_counters.prepares);
	trace_iodmacmd_prepare(cmd, offset, length, reason, status);
}

/* A last-level complete of a range that bounced for @reason, or not (0). */
static inline void iodmacmd_obs_complete(struct iodmacmd_cmd *cmd, unsigned int reason,
					 IOReturn status)
{
	this_cpu_inc(iodmacmd_counters.completes);
	trace_iodmacmd_complete(cmd, cmd->prep_offset, cmd->prep_length, reason, status);
}

static inline void iodmacmd_obs_bounced(unsigned int reason)
{
	if (reason < IODMACMD_BOUNCE_NR)
		this_cpu_inc(iodmacmd_counters.bounces[reason]);
}

static inline void iodmacmd_obs_gen_error(struct iodmacmd_cmd *cmd, u64 offset, IOReturn status)
{
	this_cpu_inc(iodmacmd_counters.gen_errors);
	trace_iodmacmd_gen_error(cmd, offset, status);
}

static inline void iodmacmd_obs_bounce_alloc(struct iodmacmd_bounce *b)
{
	iodmacmd_stats_bounce_alloc(b);
	trace_iodmacmd_bounce_alloc(b);
}

/* Memory whose allocation failed half-way (capacity 0) was never counted. */
static inline void iodmacmd_obs_bounce_free(struct iodmacmd_bounce *b)
{
	if (!b->capacity)
		return;
	trace_iodmacmd_bounce_free(b);
	iodmacmd_stats_bounce_free(b);
}

static inline void iodmacmd_obs_alloc_failed(void)
{
	this_cpu_inc(iodmacmd_counters.alloc_failures);
}

static inline void iodmacmd_obs_bounce_copy(struct iodmacmd_bounce *b, u64 md_offset, u64 bytes,
					    unsigned int kind)
{
	trace_iodmacmd_bounce_copy(b, md_offset, bytes, kind);
}

static inline void iodmacmd_obs_mapping_create(struct iodmacmd_mapping *map)
{
	trace_iodmacmd_mapping_create(map);
}

static inline void iodmacmd_obs_mapping_map(struct iodmacmd_mapping *map)
{
	trace_iodmacmd_mapping_map(map);
}

static inline void iodmacmd_obs_mapping_unmap(struct iodmacmd_mapping *map)
{
	trace_iodmacmd_mapping_unmap(map);
}

static inline void iodmacmd_obs_mapping_destroy(struct iodmacmd_mapping *map)
{
	trace_iodmacmd_mapping_destroy(map);
}

#else /* IODMACMD_NO_STATS */

static inline void iodmacmd_obs_cmd_create(struct iodmacmd_cmd *cmd) {}
static inline void iodmacmd_obs_cmd_destroy(struct iodmacmd_cmd *cmd) {}
static inline void iodmacmd_obs_cmd_attach(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md) {}
static inline void iodmacmd_obs_md_create(struct iodmacmd_md *md) {}
static inline void iodmacmd_obs_md_destroy(struct iodmacmd_md *md) {}
static inline void iodmacmd_obs_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
					unsigned int reason, IOReturn status) {}
static inline void iodmacmd_obs_complete(struct iodmacmd_cmd *cmd, unsigned int reason,
					 IOReturn status) {}
static inline void iodmacmd_obs_bounced(unsigned int reason) {}
static inline void iodmacmd_obs_gen_error(struct iodmacmd_cmd *cmd, u64 offset,
					  IOReturn status) {}
static inline void iodmacmd_obs_bounce_alloc(struct iodmacmd_bounce *b) {}
static inline void iodmacmd_obs_bounce_free(struct iodmacmd_bounce *b) {}
static inline void iodmacmd_obs_alloc_failed(void) {}
static inline void iodmacmd_obs_bounce_copy(struct iodmacmd_bounce *b, u64 md_offset,
					    u64 bytes, unsigned int kind) {}
static inline void iodmacmd_obs_mapping_create(struct iodmacmd_mapping *map) {}
static inline void iodmacmd_obs_mapping_map(struct iodmacmd_mapping *map) {}
static inline void iodmacmd_obs_mapping_unmap(struct iodmacmd_mapping *map) {}
static inline void iodmacmd_obs_mapping_destroy(struct iodmacmd_mapping *map) {}

#endif /* IODMACMD_NO_STATS */

#endif /* _IODMACMD_STATS_H */
