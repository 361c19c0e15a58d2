// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/iodmacmd/: what iodmacmd holds and has done, for root.
 *
 *   commands      live commands, grouped by device: state, prepared range,
 *                 bounce reason and memory, specification
 *   descriptors   live descriptors and their mappings, one line each
 *   counters      "name value" lines: the counters of stats.h and the
 *                 number of live objects
 *
 * The registries behind the listings (see debugfs.h) are written when an
 * object is made or freed, never on the transfer path. A listing reads a
 * command's fields without its callers' serialisation, so it is a snapshot
 * that may mix two moments of a command in flight; it never follows a
 * pointer the command may free meanwhile (the specification's tag is freed
 * after an RCU grace period for that reason) and never takes a reference.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>

#include "stats.h"

/*
 * cmd_registry_lock protects cmd_registry, each entry's live.node and
 * live.listed, and cmd_listing.
 */
static DEFINE_MUTEX(cmd_registry_lock);
static LIST_HEAD(cmd_registry);
static unsigned long cmd_listing;
static atomic64_t cmd_last_id = ATOMIC64_INIT(0);

/* md_registry_lock protects md_registry and each entry's live.node. */
static DEFINE_MUTEX(md_registry_lock);
static LIST_HEAD(md_registry);
static atomic64_t md_last_id = ATOMIC64_INIT(0);

static struct dentry *debugfs_dir;

/**
 * iodmacmd_live_cmd_add() - number a new command and list it
 * @cmd: the command, before anyone else can reach it
 *
 * Context: process context, may sleep.
 */
void iodmacmd_live_cmd_add(struct iodmacmd_cmd *cmd)
{
	cmd->live.id = atomic64_inc_return(&cmd_last_id);
	mutex_lock(&cmd_registry_lock);
	list_add_tail(&cmd->live.node, &cmd_registry);
	mutex_unlock(&cmd_registry_lock);
}

/**
 * iodmacmd_live_cmd_del() - stop listing a command
 * @cmd: the command, about to be freed; no listing sees it afterwards
 *
 * Context: process context, may sleep.
 */
void iodmacmd_live_cmd_del(struct iodmacmd_cmd *cmd)
{
	mutex_lock(&cmd_registry_lock);
	list_del(&cmd->live.node);
	mutex_unlock(&cmd_registry_lock);
}

/**
 * iodmacmd_live_md_add() - number a new descriptor and list it
 * @md: the descriptor, complete (its lock's class final)
 *
 * Context: process context, may sleep.
 */
void iodmacmd_live_md_add(struct iodmacmd_md *md)
{
	md->live.id = atomic64_inc_return(&md_last_id);
	mutex_lock(&md_registry_lock);
	list_add_tail(&md->live.node, &md_registry);
	mutex_unlock(&md_registry_lock);
}

/**
 * iodmacmd_live_md_del() - stop listing a descriptor
 * @md: the descriptor, about to be freed
 *
 * Context: process context, may sleep.
 */
void iodmacmd_live_md_del(struct iodmacmd_md *md)
{
	mutex_lock(&md_registry_lock);
	list_del(&md->live.node);
	mutex_unlock(&md_registry_lock);
}

static const char * const map_type_names[] = {
	[IODMACMD_MAP_MAPPED] = "mapped",
	[IODMACMD_MAP_BYPASSED] = "bypassed",
	[IODMACMD_MAP_NONCOHERENT] = "noncoherent",
	[IODMACMD_MAP_UNMAPPED] = "unmapped",
};

static const char *map_type_name(u32 type)
{
	return type < ARRAY_SIZE(map_type_names) && map_type_names[type] ?
	       map_type_names[type] : "?";
}

static const char * const direction_names[] = {
	[IODMACMD_DIR_NONE] = "none",
	[IODMACMD_DIR_IN] = "in",
	[IODMACMD_DIR_OUT] = "out",
	[IODMACMD_DIR_INOUT] = "inout",
};

static const char *direction_name(u32 dir)
{
	return dir < ARRAY_SIZE(direction_names) ? direction_names[dir] : "?";
}

/* One command's line; the caller holds cmd_registry_lock. */
static void show_cmd(struct seq_file *m, const struct iodmacmd_cmd *cmd)
{
	unsigned int active = READ_ONCE(cmd->active);
	u64 md_id = READ_ONCE(cmd->live.md_id);
	const struct iodmacmd_tag *tag;

	seq_printf(m, "  cmd %llu: ", cmd->live.id);
	if (active)
		seq_printf(m, "prepared=%u range=%#llx+%#llx bounce=\"%s\"", active,
			   READ_ONCE(cmd->prep_offset), READ_ONCE(cmd->prep_length),
			   iodmacmd_bounce_reason_name(READ_ONCE(cmd->bounce_reason)));
	else
		seq_puts(m, md_id ? "attached" : "idle");
	seq_printf(m, " md=%llu bounce_bytes=%llu", md_id, READ_ONCE(cmd->live.bounce_bytes));
	/* A new specification may replace the tag meanwhile: it is freed after RCU. */
	rcu_read_lock();
	tag = READ_ONCE(cmd->tag);
	if (tag)
		seq_printf(m, " type=%s%s bits=%u max_segment=%#llx max_transfer=%#llx align=%u/%u/%u boundary=%#llx max_segments=%u",
			   map_type_name(tag->map_type), tag->may_bounce ? "" : ",iterate-only",
			   tag->spec.address_bits, tag->spec.max_segment_size,
			   tag->spec.max_transfer_size, tag->spec.alignment,
			   tag->spec.alignment_length, tag->spec.alignment_internal,
			   tag->spec.segment_boundary, tag->spec.max_segments);
	else
		seq_puts(m, " type=unspecified");
	rcu_read_unlock();
	seq_putc(m, '\n');
}

/*
 * Commands grouped by device: a device's header, then each of its
 * commands. A command printed in this pass is marked, so that each device
 * is printed once in O(commands x devices).
 */
static int commands_show(struct seq_file *m, void *unused)
{
	struct iodmacmd_cmd *cmd, *other;
	unsigned long pass;

	mutex_lock(&cmd_registry_lock);
	pass = ++cmd_listing;
	list_for_each_entry(cmd, &cmd_registry, live.node) {
		struct device *dev = READ_ONCE(cmd->dev);

		if (cmd->live.listed == pass)
			continue;
		seq_printf(m, "%s:\n", dev ? dev_name(dev) : "(no device)");
		other = cmd;
		list_for_each_entry_from(other, &cmd_registry, live.node) {
			if (other != cmd && READ_ONCE(other->dev) != dev)
				continue;
			other->live.listed = pass;
			show_cmd(m, other);
		}
	}
	mutex_unlock(&cmd_registry_lock);
	return 0;
}

/*
 * The descriptor's lock is only tried: a listing never waits for a
 * transfer, and never orders its lock after the registry's (lockdep sees
 * no dependency), so either may be taken first anywhere else.
 */
static void show_md(struct seq_file *m, struct iodmacmd_md *md)
{
	const struct iodmacmd_mapping *map;

	seq_printf(m, "md %llu: length=%llu dir=%s", md->live.id, READ_ONCE(md->length),
		   direction_name(READ_ONCE(md->direction)));
	if (!mutex_trylock(&md->lock)) {
		seq_puts(m, " busy\n");
		return;
	}
	seq_printf(m, " prepared=%u mapper=%s\n", md->wire_count,
		   md->mapper ? dev_name(md->mapper) : "-");
	list_for_each_entry(map, &md->mappings, node)
		seq_printf(m, "  mapping dev=%s window=%#llx+%#llx entries=%u users=%u %s %s%s%s\n",
			   map->dev ? dev_name(map->dev) : "-", map->offset, map->length,
			   map->runs.nr_runs, map->users, map->dma ? "dma" : "physical",
			   map->mapped ? "mapped" : "unmapped",
			   map->coherent ? " coherent" : "", map->source ? " borrowed" : "");
	mutex_unlock(&md->lock);
}

static int descriptors_show(struct seq_file *m, void *unused)
{
	struct iodmacmd_md *md;

	mutex_lock(&md_registry_lock);
	list_for_each_entry(md, &md_registry, live.node)
		show_md(m, md);
	mutex_unlock(&md_registry_lock);
	return 0;
}

/* Counter names, by enum iodmacmd_bounce_reason. */
static const char * const bounce_counter_names[IODMACMD_BOUNCE_NR] = {
	[IODMACMD_BOUNCE_ADDRESS] = "bounces_address_bits",
	[IODMACMD_BOUNCE_ALIGNMENT] = "bounces_alignment",
	[IODMACMD_BOUNCE_REACH] = "bounces_device_reach",
	[IODMACMD_BOUNCE_FORCED] = "bounces_forced",
	[IODMACMD_BOUNCE_SHARED] = "bounces_shared_memory",
};

static size_t count_entries(struct mutex *lock, struct list_head *head)
{
	size_t n;

	mutex_lock(lock);
	n = list_count_nodes(head);
	mutex_unlock(lock);
	return n;
}

static int counters_show(struct seq_file *m, void *unused)
{
	struct iodmacmd_stats s;
	unsigned long total = 0;
	unsigned int r;

	iodmacmd_stats_read(&s);
	seq_printf(m, "prepares %lu\n", s.c.prepares);
	seq_printf(m, "completes %lu\n", s.c.completes);
	for (r = 0; r < IODMACMD_BOUNCE_NR; r++)
		total += s.c.bounces[r];
	seq_printf(m, "bounces %lu\n", total);
	for (r = 0; r < IODMACMD_BOUNCE_NR; r++)
		if (bounce_counter_names[r])
			seq_printf(m, "%s %lu\n", bounce_counter_names[r], s.c.bounces[r]);
	seq_printf(m, "bounce_allocs %lu\n", s.c.bounce_allocs);
	seq_printf(m, "bounce_bytes %llu\n", s.bounce_bytes);
	seq_printf(m, "bounce_bytes_hiwater %llu\n", s.bounce_bytes_hiwater);
	seq_printf(m, "alloc_failures %lu\n", s.c.alloc_failures);
	seq_printf(m, "gen_errors %lu\n", s.c.gen_errors);
	seq_printf(m, "commands %zu\n", count_entries(&cmd_registry_lock, &cmd_registry));
	seq_printf(m, "descriptors %zu\n", count_entries(&md_registry_lock, &md_registry));
	return 0;
}

/*
 * Each file's inode holds its show function. The files are read with
 * read_iter alone, so that kernel_read() works on them too (iodmacmd's
 * KUnit suite reads them as root would); debugfs's full proxy would add a
 * plain read, which kernel_read() refuses. Without the proxy nothing is
 * lost: the listings read only iodmacmd's own static registries, and an
 * open file holds the module (.owner), so removal at module exit never
 * meets a reader.
 */
static int listing_open(struct inode *inode, struct file *file)
{
	return single_open(file, inode->i_private, NULL);
}

static const struct file_operations listing_fops = {
	.owner = THIS_MODULE,
	.open = listing_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * iodmacmd_debugfs_init() - create /sys/kernel/debug/iodmacmd/
 *
 * Without debugfs (not built, or refused at boot) nothing is created and
 * iodmacmd works as ever: debugfs errors are not iodmacmd's.
 *
 * Context: module init.
 */
void iodmacmd_debugfs_init(void)
{
	debugfs_dir = debugfs_create_dir("iodmacmd", NULL);
	debugfs_create_file_unsafe("commands", 0400, debugfs_dir, commands_show, &listing_fops);
	debugfs_create_file_unsafe("descriptors", 0400, debugfs_dir, descriptors_show,
				   &listing_fops);
	debugfs_create_file_unsafe("counters", 0400, debugfs_dir, counters_show, &listing_fops);
}

/**
 * iodmacmd_debugfs_exit() - remove /sys/kernel/debug/iodmacmd/
 *
 * An open file holds the module, so no reader is left when this runs.
 *
 * Context: module exit.
 */
void iodmacmd_debugfs_exit(void)
{
	debugfs_remove(debugfs_dir);
	debugfs_dir = NULL;
}
