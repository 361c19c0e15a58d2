/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registries of live commands and descriptors, and the debugfs directory
 * that lists them (debugfs.c).
 *
 * Each object kind has a list and a mutex, touched only when an object is
 * made or freed, never by prepare, complete or genIOVMSegments(). Both
 * mutexes are leaves: nothing is locked under them but a descriptor's lock
 * with mutex_trylock() (which orders nothing), so they may be taken with
 * any of iodmacmd's locks held or not. An object leaves its registry first
 * thing when it is freed, so a reader holding the registry's mutex never
 * sees freed memory, and never holds a reference: debugfs keeps nothing
 * alive.
 */
#ifndef _IODMACMD_DEBUGFS_H
#define _IODMACMD_DEBUGFS_H

#include <linux/list.h>
#include <linux/types.h>

struct iodmacmd_cmd;
struct iodmacmd_md;

#ifndef IODMACMD_NO_STATS

/**
 * struct iodmacmd_live_cmd - a command's entry in the command registry
 * @node: in the registry's list; under its mutex
 * @id: the command's number in debugfs and trace events, from 1; set once
 * @md_id: the attached descriptor's @id, 0 for none; written by the
 *	command's (serialised) calls, read with READ_ONCE() by debugfs
 * @bounce_bytes: bounce memory the command holds, in use or spare; as
 *	@md_id
 * @listed: the debugfs read that last printed it; under the registry's
 *	mutex
 */
struct iodmacmd_live_cmd {
	struct list_head node;
	u64 id;
	u64 md_id;
	u64 bounce_bytes;
	unsigned long listed;
};

/**
 * struct iodmacmd_live_md - a descriptor's entry in the descriptor registry
 * @node: in the registry's list; under its mutex
 * @id: the descriptor's number in debugfs and trace events, from 1; set
 *	once
 */
struct iodmacmd_live_md {
	struct list_head node;
	u64 id;
};

void iodmacmd_live_cmd_add(struct iodmacmd_cmd *cmd);
void iodmacmd_live_cmd_del(struct iodmacmd_cmd *cmd);
void iodmacmd_live_md_add(struct iodmacmd_md *md);
void iodmacmd_live_md_del(struct iodmacmd_md *md);
void iodmacmd_debugfs_init(void);
void iodmacmd_debugfs_exit(void);

#else /* IODMACMD_NO_STATS: nothing recorded, nothing listed */

struct iodmacmd_live_cmd {};
struct iodmacmd_live_md {};

static inline void iodmacmd_live_cmd_add(struct iodmacmd_cmd *cmd) {}
static inline void iodmacmd_live_cmd_del(struct iodmacmd_cmd *cmd) {}
static inline void iodmacmd_live_md_add(struct iodmacmd_md *md) {}
static inline void iodmacmd_live_md_del(struct iodmacmd_md *md) {}
static inline void iodmacmd_debugfs_init(void) {}
static inline void iodmacmd_debugfs_exit(void) {}

#endif /* IODMACMD_NO_STATS */

#endif /* _IODMACMD_DEBUGFS_H */
