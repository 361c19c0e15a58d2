// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptors made of descriptors: IOSubMemoryDescriptor, a window on a
 * parent, and IOMultiMemoryDescriptor, a concatenation of members.
 *
 * Both hold a reference on what they are made of and forward to it: walk()
 * translates offsets and clips to the window or the member, the first
 * prepare prepares the parent or every member (rolling back on failure), the
 * last complete completes them. A composite's own DMA mappings, like any
 * descriptor's, belong to the composite.
 *
 * Lock nesting. __iodmacmd_md_prepare() and __iodmacmd_md_complete() hold a
 * descriptor's lock while they call its wire and unwire ops, and a
 * composite's ops prepare and complete the descriptors below it, taking
 * their locks inside its own. All descriptors' locks are of one lockdep
 * class (the mutex_init() in iodmacmd_md_init()), so lockdep would report
 * that as possible recursive locking. The nesting is safe: a composite is
 * made of descriptors that exist before it, so the descriptors form a graph
 * without cycles in which a lock is only ever taken below one already held.
 * Rather than hide that from lockdep, each composite's lock gets the class
 * of its height in the graph: 1 + the greatest height of what it is made
 * of, leaves keeping height 0 and the default class. Locks are then taken in
 * strictly decreasing class order, which lockdep checks like any lock
 * order. mutex_lock_nested() would not do: the core takes the locks, with
 * plain mutex_lock(), and a subclass is a property of each acquisition,
 * whereas a class set once with lockdep_set_class_and_name() holds for
 * every one. The height is bounded (COMPOSE_MAX_HEIGHT), which also bounds
 * the recursion of walk().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "errno_face.h"
#include "checks.h"
#include "md.h"

#define COMPOSE_MAX_HEIGHT	8

static struct lock_class_key compose_lock_keys[COMPOSE_MAX_HEIGHT];
static const char *const compose_lock_names[COMPOSE_MAX_HEIGHT] = {
	"iodmacmd_md.lock/height1", "iodmacmd_md.lock/height2",
	"iodmacmd_md.lock/height3", "iodmacmd_md.lock/height4",
	"iodmacmd_md.lock/height5", "iodmacmd_md.lock/height6",
	"iodmacmd_md.lock/height7", "iodmacmd_md.lock/height8",
};

/**
 * struct md_sub - a window on a parent
 * @md: the common part
 * @parent: the parent, referenced
 * @offset: the window's first byte in @parent
 * @height: 1 + @parent's height
 */
struct md_sub {
	struct iodmacmd_md md;
	struct iodmacmd_md *parent;
	u64 offset;
	unsigned int height;
};

/**
 * struct md_multi_member - one member of a concatenation
 * @md: the member, referenced
 * @length: its length when the concatenation was made; offsets are
 *	translated with it even if the member's length changes later (a
 *	buffer's iodmacmd_buffer_set_length())
 */
struct md_multi_member {
	struct iodmacmd_md *md;
	u64 length;
};

/**
 * struct md_multi - a concatenation
 * @md: the common part
 * @height: 1 + the greatest height of the members
 * @count: entries in @members
 * @members: the members, in order
 */
struct md_multi {
	struct iodmacmd_md md;
	unsigned int height;
	u32 count;
	struct md_multi_member members[];
};

static const struct iodmacmd_md_ops md_multi_ops;

static struct md_sub *to_md_sub(struct iodmacmd_md *md)
{
	return container_of(md, struct md_sub, md);
}

static struct md_multi *to_md_multi(struct iodmacmd_md *md)
{
	return container_of(md, struct md_multi, md);
}

static int md_sub_walk(struct iodmacmd_md *md, u64 offset, u64 len,
		       iodmacmd_piece_fn fn, void *ctx)
{
	struct md_sub *sub = to_md_sub(md);

	if (offset >= md->length)
		return 0;
	len = min(len, md->length - offset);
	return sub->parent->ops->walk(sub->parent, sub->offset + offset, len, fn, ctx);
}

static int md_sub_wire(struct iodmacmd_md *md)
{
	return __iodmacmd_md_prepare(to_md_sub(md)->parent, IODMACMD_DIR_NONE);
}

static void md_sub_unwire(struct iodmacmd_md *md)
{
	/* Fails only if someone completed the parent once too often. */
	WARN_ON_ONCE(__iodmacmd_md_complete(to_md_sub(md)->parent, IODMACMD_DIR_NONE));
}

static void md_sub_release(struct iodmacmd_md *md)
{
	struct md_sub *sub = to_md_sub(md);

	iodmacmd_md_put(sub->parent);
	kfree(sub);
}

/* A window on shared memory is shared memory, at the parent's addresses. */
static bool md_sub_device_address(struct iodmacmd_md *md, struct device *dev, u64 offset,
				  u64 *bus, u64 *len)
{
	struct md_sub *sub = to_md_sub(md);
	struct iodmacmd_md *parent = sub->parent;

	if (offset >= md->length || !parent->ops->device_address ||
	    !parent->ops->device_address(parent, dev, sub->offset + offset, bus, len))
		return false;
	*len = min(*len, md->length - offset);
	return true;
}

static const struct iodmacmd_md_ops md_sub_ops = {
	.walk = md_sub_walk,
	.wire = md_sub_wire,
	.unwire = md_sub_unwire,
	.release = md_sub_release,
	.device_address = md_sub_device_address,
};

/**
 * iodmacmd_md_window_source() - the descriptor a window's bytes belong to
 * @md: any descriptor
 * @offset: the window's first byte in @md; moved to the same byte of the
 *	descriptor returned
 * @length: the window's bytes
 *
 * For a window on a parent (IOSubMemoryDescriptor), the parent; for a
 * concatenation, the member holding all of the window. IOKit's composite
 * descriptors ask those descriptors for their addresses, so a mapping the
 * parent or member already has serves the window.
 *
 * Return: that descriptor, or %NULL (and *@offset unchanged) for another
 * kind or a window over several members.
 */
struct iodmacmd_md *iodmacmd_md_window_source(struct iodmacmd_md *md, u64 *offset, u64 length)
{
	struct md_multi *multi;
	u64 pos = *offset;
	u32 i;

	if (md->ops == &md_sub_ops)
		return iodmacmd_md_sub_parent(md, offset);
	if (md->ops != &md_multi_ops)
		return NULL;
	multi = to_md_multi(md);
	for (i = 0; i < multi->count; i++) {
		u64 len = multi->members[i].length;

		if (pos < len) {
			if (length > len - pos)
				return NULL;
			*offset = pos;
			return multi->members[i].md;
		}
		pos -= len;
	}
	return NULL;
}

/**
 * iodmacmd_md_sub_parent() - the parent of a window
 * @md: any descriptor
 * @offset: a byte of @md; moved to the same byte of the parent
 *
 * Return: the parent when @md is a window (IOSubMemoryDescriptor), else
 * %NULL and *@offset unchanged.
 */
struct iodmacmd_md *iodmacmd_md_sub_parent(struct iodmacmd_md *md, u64 *offset)
{
	if (md->ops != &md_sub_ops)
		return NULL;
	*offset += to_md_sub(md)->offset;
	return to_md_sub(md)->parent;
}

static int md_multi_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			 iodmacmd_piece_fn fn, void *ctx)
{
	struct md_multi *multi = to_md_multi(md);
	u32 i;
	int ret;

	for (i = 0; i < multi->count && len; i++) {
		struct md_multi_member *m = &multi->members[i];
		u64 step;

		if (offset >= m->length) {
			offset -= m->length;
			continue;
		}
		step = min(m->length - offset, len);
		ret = m->md->ops->walk(m->md, offset, step, fn, ctx);
		if (ret)
			return ret;
		offset = 0;
		len -= step;
	}
	return 0;
}

/* IOMultiMemoryDescriptor::prepare(): in order, undone in reverse on failure. */
static int md_multi_wire(struct iodmacmd_md *md)
{
	struct md_multi *multi = to_md_multi(md);
	IOReturn ret;
	u32 i;

	for (i = 0; i < multi->count; i++) {
		ret = __iodmacmd_md_prepare(multi->members[i].md, IODMACMD_DIR_NONE);
		if (ret) {
			while (i--)
				__iodmacmd_md_complete(multi->members[i].md, IODMACMD_DIR_NONE);
			return ret;
		}
	}
	return kIOReturnSuccess;
}

static void md_multi_unwire(struct iodmacmd_md *md)
{
	struct md_multi *multi = to_md_multi(md);
	u32 i = multi->count;

	while (i--)
		WARN_ON_ONCE(__iodmacmd_md_complete(multi->members[i].md, IODMACMD_DIR_NONE));
}

static void md_multi_release(struct iodmacmd_md *md)
{
	struct md_multi *multi = to_md_multi(md);
	u32 i;

	for (i = 0; i < multi->count; i++)
		iodmacmd_md_put(multi->members[i].md);
	kvfree(multi);
}

/*
 * A member that is shared memory is shared memory within the
 * concatenation, up to its end: a range over several shared members is
 * several runs of coherent bus addresses (see mapping.c).
 */
static bool md_multi_device_address(struct iodmacmd_md *md, struct device *dev, u64 offset,
				    u64 *bus, u64 *len)
{
	struct md_multi *multi = to_md_multi(md);
	u32 i;

	for (i = 0; i < multi->count; i++) {
		struct md_multi_member *m = &multi->members[i];

		if (offset >= m->length) {
			offset -= m->length;
			continue;
		}
		if (!m->md->ops->device_address ||
		    !m->md->ops->device_address(m->md, dev, offset, bus, len))
			return false;
		*len = min(*len, m->length - offset);
		return true;
	}
	return false;
}

static const struct iodmacmd_md_ops md_multi_ops = {
	.walk = md_multi_walk,
	.wire = md_multi_wire,
	.unwire = md_multi_unwire,
	.release = md_multi_release,
	.device_address = md_multi_device_address,
};

/* A descriptor's height among composites: 0 for every other kind. */
static unsigned int md_height(const struct iodmacmd_md *md)
{
	if (md->ops == &md_sub_ops)
		return container_of(md, struct md_sub, md)->height;
	if (md->ops == &md_multi_ops)
		return container_of(md, struct md_multi, md)->height;
	return 0;
}

/* See "Lock nesting" at the top of this file. */
static void compose_init(struct iodmacmd_md *md, const struct iodmacmd_md_ops *ops,
			 u64 length, u32 direction, unsigned int height)
{
	iodmacmd_md_init_class(md, ops, length, direction, &compose_lock_keys[height - 1],
			       compose_lock_names[height - 1]);
}

struct iodmacmd_md *__iodmacmd_md_create_sub(struct iodmacmd_md *parent, u64 offset,
					     u64 length, u32 direction, IOReturn *ret)
{
	unsigned int height;
	struct md_sub *sub;

	*ret = kIOReturnBadArgument;
	if (IS_ERR_OR_NULL(parent) || !length || (direction & ~IODMACMD_DIR_MASK) ||
	    offset >= parent->length || length > parent->length - offset)
		return NULL;
	height = md_height(parent) + 1;
	if (height > COMPOSE_MAX_HEIGHT) {
		pr_warn_ratelimited("descriptors nested deeper than %u\n", COMPOSE_MAX_HEIGHT);
		return NULL;
	}
	*ret = kIOReturnNoMemory;
	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return NULL;
	iodmacmd_md_get(parent);
	sub->parent = parent;
	sub->offset = offset;
	sub->height = height;
	compose_init(&sub->md, &md_sub_ops, length, direction, height);
	/* Writing the window writes the parent: only where the parent allows. */
	sub->md.cpu_writable = parent->cpu_writable;
	*ret = kIOReturnSuccess;
	return &sub->md;
}

struct iodmacmd_md *__iodmacmd_md_create_multi(struct iodmacmd_md **mds, u32 count,
					       u32 direction, IOReturn *ret)
{
	unsigned int height = 0;
	bool cpu_writable = true;
	struct md_multi *multi;
	u64 total = 0;
	u32 i;

	*ret = kIOReturnBadArgument;
	if (IS_ERR_OR_NULL(mds) || !count || (direction & ~IODMACMD_DIR_MASK))
		return NULL;
	if (count > IODMACMD_MAX_RANGES) {
		pr_warn_ratelimited("%u members: more than the %u a descriptor takes\n",
				    count, IODMACMD_MAX_RANGES);
		return NULL;
	}
	for (i = 0; i < count; i++) {
		/* A failed constructor's ERR_PTR() in the array is refused, not used. */
		if (IS_ERR_OR_NULL(mds[i])) {
			pr_warn_ratelimited("member %u is %s\n", i,
					    mds[i] ? "an error pointer" : "NULL");
			return NULL;
		}
		if (check_add_overflow(total, mds[i]->length, &total))
			return NULL;
		height = max(height, md_height(mds[i]));
		cpu_writable &= mds[i]->cpu_writable;
	}
	if (!total)
		return NULL;
	if (++height > COMPOSE_MAX_HEIGHT) {
		pr_warn_ratelimited("descriptors nested deeper than %u\n", COMPOSE_MAX_HEIGHT);
		return NULL;
	}
	*ret = kIOReturnNoMemory;
	/* A long array is vmalloc memory rather than a warning from the buddy allocator. */
	multi = kvzalloc(struct_size(multi, members, count), GFP_KERNEL | __GFP_NOWARN);
	if (!multi)
		return NULL;
	multi->height = height;
	multi->count = count;
	for (i = 0; i < count; i++) {
		iodmacmd_md_get(mds[i]);
		multi->members[i].md = mds[i];
		multi->members[i].length = mds[i]->length;
	}
	compose_init(&multi->md, &md_multi_ops, total, direction, height);
	multi->md.cpu_writable = cpu_writable;
	*ret = kIOReturnSuccess;
	return &multi->md;
}

/**
 * iodmacmd_md_create_sub() - describe a window on another descriptor
 * @parent: the descriptor; referenced until the window is released
 * @offset: the window's first byte in @parent
 * @length: bytes, above 0; the window must end inside @parent
 * @direction: IODMACMD_DIR_* value of the window itself
 *
 * IOKit's IOSubMemoryDescriptor::withSubRange(). Copying, physical segments
 * and DMA mappings see @parent's bytes from @offset on, clipped to the
 * window. The window's first iodmacmd_md_prepare() prepares @parent, its
 * last iodmacmd_md_complete() completes it, so a window on user memory pins
 * it. Windows nest, with multi descriptors, up to eight levels.
 *
 * Writing the window writes @parent, so a window on memory the CPU must not
 * write (user memory described for Out only) cannot be written either.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference; ERR_PTR(-EINVAL) for a %NULL
 * or error-pointer @parent (logged once), an empty window or one that does
 * not end inside @parent (however large @offset and @length are), an
 * unknown direction or nesting deeper than eight levels; ERR_PTR(-ENOMEM).
 */
struct iodmacmd_md *iodmacmd_md_create_sub(struct iodmacmd_md *parent, u64 offset,
					   u64 length, u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(parent))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_sub(parent, offset, length, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_sub, IODMACMD_NS);

/**
 * iodmacmd_md_create_multi() - describe descriptors one after another
 * @mds: the members, in order; the array is copied and each member is
 *	referenced until the concatenation is released
 * @count: entries in @mds
 * @direction: IODMACMD_DIR_* value of the concatenation itself
 *
 * IOKit's IOMultiMemoryDescriptor::withDescriptors(). The length is the sum
 * of the members' lengths when it is made. The first iodmacmd_md_prepare()
 * prepares every member in order and, when one fails, completes the ones
 * already prepared, in reverse, and returns that member's error; the last
 * iodmacmd_md_complete() completes them all. A member may appear more than
 * once. Concatenations nest, with windows, up to eight levels.
 *
 * The concatenation can be written by the CPU only where every member can.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference; ERR_PTR(-EINVAL) for a %NULL
 * or error-pointer @mds (logged once), no members or more than
 * IODMACMD_MAX_RANGES, a %NULL or error-pointer member (logged), a total
 * length of 0 or beyond U64_MAX, an unknown direction or nesting deeper
 * than eight levels; ERR_PTR(-ENOMEM).
 */
struct iodmacmd_md *iodmacmd_md_create_multi(struct iodmacmd_md **mds, u32 count,
					     u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(mds))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_multi(mds, count, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_multi, IODMACMD_NS);
