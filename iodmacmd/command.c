// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA command: IODMACommand's prepare/complete state machine and
 * genIOVMSegments().
 *
 * A command holds the state of one transfer; its constraints are a tag
 * (spec.c), shared with its clones and replaced whole by a new
 * specification. prepare() asks bounce.c's planning step how the device
 * gets the range (mapped as it is, through a mapping shared with other
 * commands on the same memory, or bounced) and records the range;
 * genIOVMSegments() then only walks runs.
 *
 * Where IOKit's behaviour is a bug this file does the right thing, and says
 * so where it does: a failed prepare() rolls back instead of leaving the
 * nesting count raised; a range past the descriptor's end is
 * kIOReturnBadArgument; alignments that are not powers of two and more than
 * 64 address bits are refused; cloning keeps both alignments where they
 * belong; a 32-bit output that cannot hold a segment fails instead of
 * truncating.
 *
 * A command belongs to one context at a time, as in IOKit: its callers
 * serialise calls on it. Descriptors and mappings have their own lock and may
 * be shared between commands.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/module.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>

#include "errno_face.h"
#include "md.h"
#include "bounce.h"
#include "checks.h"
#include "cmd.h"
#include "mapping.h"
#include "stats.h"

void iodmacmd_cmd_warn(const struct iodmacmd_cmd *cmd, const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (cmd->dev)
		dev_warn(cmd->dev, "iodmacmd: %pV", &vaf);
	else
		pr_warn("%pV", &vaf);
	va_end(args);
}

static struct iodmacmd_cmd *cmd_alloc(struct device *dev, struct iodmacmd_tag *tag,
				      void *refcon, IOReturn *ret)
{
	struct iodmacmd_cmd *cmd;

	*ret = kIOReturnNoMemory;
	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return NULL;
	kref_init(&cmd->ref);
	mutex_init(&cmd->dext_lock);
	cmd->dev = get_device(dev);
	cmd->tag = tag;
	cmd->refcon = refcon;
	iodmacmd_gen_cursor_reset(&cmd->cursor);
	/*
	 * A live command keeps iodmacmd loaded: a client that unloads without
	 * destroying it leaks it (kmemleak names the allocation), but never
	 * leaves it to code that is gone.
	 */
	__module_get(THIS_MODULE);
	iodmacmd_obs_cmd_create(cmd);
	*ret = kIOReturnSuccess;
	return cmd;
}

struct iodmacmd_cmd *__iodmacmd_cmd_create(struct device *dev,
					   const struct iodmacmd_spec *spec,
					   void *refcon, IOReturn *ret)
{
	struct iodmacmd_tag *tag = NULL;
	struct iodmacmd_cmd *cmd;

	/* A NULL device is a physical-address command; an error pointer is a bug. */
	if ((dev && iodmacmd_bad_ptr(dev)) || (spec && iodmacmd_bad_ptr(spec))) {
		*ret = kIOReturnBadArgument;
		return NULL;
	}
	if (spec) {
		tag = iodmacmd_tag_create(dev, spec, ret);
		if (!tag)
			return NULL;
	}
	cmd = cmd_alloc(dev, tag, refcon, ret);
	if (!cmd)
		iodmacmd_tag_put(tag);
	return cmd;
}

/*
 * IOKit's initWithSpecification() and initWithRefCon() (@spec %NULL) on a
 * command the caller allocated. IOKit's init zeroes the command's state
 * whatever it holds, leaking a descriptor still attached and its bounce
 * memory; here only a command in its first state, with neither a
 * specification nor a descriptor, is initialised, and any other is refused
 * (logged) and left as it was. @dev, when not %NULL, is the device the
 * specification maps for: a command without one adopts it, one with
 * another refuses it. A failed init changes nothing, the refcon included.
 */
IOReturn __iodmacmd_cmd_init(struct iodmacmd_cmd *cmd, struct device *dev,
			     const struct iodmacmd_spec *spec, void *refcon)
{
	struct iodmacmd_tag *tag = NULL;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd) || (dev && iodmacmd_bad_ptr(dev)) ||
	    (spec && iodmacmd_bad_ptr(spec)))
		return kIOReturnBadArgument;
	if (cmd->tag || cmd->md) {
		iodmacmd_cmd_warn(cmd, "init of a command that already has a %s refused: release it and allocate another\n",
				  cmd->tag ? "specification" : "memory descriptor");
		return kIOReturnNotPermitted;
	}
	if (dev && cmd->dev && dev != cmd->dev) {
		iodmacmd_cmd_warn(cmd, "init names %s, not the command's device: refused\n",
				  dev_name(dev));
		return kIOReturnBadArgument;
	}
	if (spec) {
		tag = iodmacmd_tag_create(dev ?: cmd->dev, spec, &ret);
		if (!tag)
			return ret;
	}
	if (!cmd->dev)
		cmd->dev = get_device(dev);
	cmd->tag = tag;
	cmd->refcon = refcon;
	return kIOReturnSuccess;
}

struct iodmacmd_cmd *__iodmacmd_cmd_clone(struct iodmacmd_cmd *cmd, void *refcon,
					  IOReturn *ret)
{
	struct iodmacmd_cmd *clone;

	/* The tag is immutable: the clone shares it. */
	clone = cmd_alloc(cmd->dev, cmd->tag ? iodmacmd_tag_get(cmd->tag) : NULL, refcon, ret);
	if (!clone && cmd->tag)
		iodmacmd_tag_put(cmd->tag);
	return clone;
}

/**
 * iodmacmd_cmd_create() - create a command with a device's constraints
 * @dev: the device the command maps memory for; required for the Mapped
 *	and NonCoherent types, optional for Bypassed and Unmapped
 * @spec: the constraints (IOKit's withSpecification() arguments)
 * @refcon: the caller's pointer, returned by iodmacmd_cmd_refcon()
 *
 * The command takes a reference on @dev until it is destroyed.
 *
 * Context: process context, may sleep.
 * Return: the command, ERR_PTR(-EINVAL) for an invalid specification (the
 * reason is logged), a %NULL or error-pointer @spec or an error-pointer
 * @dev, or ERR_PTR(-ENOMEM).
 */
struct iodmacmd_cmd *iodmacmd_cmd_create(struct device *dev,
					 const struct iodmacmd_spec *spec, void *refcon)
{
	struct iodmacmd_cmd *cmd;
	IOReturn ret;

	if (iodmacmd_bad_ptr(spec))
		return ERR_PTR(-EINVAL);
	cmd = __iodmacmd_cmd_create(dev, spec, refcon, &ret);
	return cmd ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_create, IODMACMD_NS);

/**
 * iodmacmd_cmd_create_unspecified() - create a command to specify later
 * @dev: the device, as for iodmacmd_cmd_create()
 * @refcon: the caller's pointer
 *
 * IOKit's withRefCon(): prepare() returns -EBUSY (kIOReturnNotReady) until
 * iodmacmd_prepare_with_spec() supplies a specification.
 *
 * Context: process context, may sleep.
 * Return: the command, ERR_PTR(-EINVAL) for an error-pointer @dev, or
 * ERR_PTR(-ENOMEM).
 */
struct iodmacmd_cmd *iodmacmd_cmd_create_unspecified(struct device *dev, void *refcon)
{
	struct iodmacmd_cmd *cmd;
	IOReturn ret;

	cmd = __iodmacmd_cmd_create(dev, NULL, refcon, &ret);
	return cmd ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_create_unspecified, IODMACMD_NS);

/**
 * iodmacmd_cmd_clone() - a new command with the same specification
 * @cmd: the command to copy
 * @refcon: the new command's pointer
 *
 * IOKit's cloneCommand(): the same device, specification and mapping type,
 * none of the state. IOKit swaps the length and internal-segment alignments
 * when cloning; this keeps each where it was.
 *
 * The clone shares the original's constraints, which never change.
 *
 * Context: process context, may sleep.
 * Return: the new command, ERR_PTR(-EINVAL) when @cmd is %NULL or an error
 * pointer, or ERR_PTR(-ENOMEM).
 */
struct iodmacmd_cmd *iodmacmd_cmd_clone(struct iodmacmd_cmd *cmd, void *refcon)
{
	struct iodmacmd_cmd *clone;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return ERR_PTR(-EINVAL);
	clone = __iodmacmd_cmd_clone(cmd, refcon, &ret);
	return clone ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_clone, IODMACMD_NS);

/**
 * iodmacmd_cmd_get() - take a reference on a command
 * @cmd: the command
 *
 * IOKit's retain(). Each reference is dropped by one
 * iodmacmd_cmd_destroy(); the command lives until the last. References say
 * who may free the command, not who may use it: its calls are still
 * serialised by its users, as in IOKit. A %NULL or error @cmd is refused
 * with a log line.
 *
 * Context: any context.
 * Return: @cmd.
 */
struct iodmacmd_cmd *iodmacmd_cmd_get(struct iodmacmd_cmd *cmd)
{
	if (!iodmacmd_bad_ptr(cmd))
		kref_get(&cmd->ref);
	return cmd;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_get, IODMACMD_NS);

static void cmd_release(struct kref *ref)
{
	struct iodmacmd_cmd *cmd = container_of(ref, struct iodmacmd_cmd, ref);

	iodmacmd_obs_cmd_destroy(cmd);
	if (cmd->active) {
		if (cmd->dev)
			dev_warn(cmd->dev, "iodmacmd: command destroyed while prepared: completing it\n");
		else
			pr_warn("command destroyed while prepared: completing it\n");
	}
	__iodmacmd_clear_md(cmd, true);
	iodmacmd_bounce_free(cmd->spare_bounce);
	iodmacmd_tag_put(cmd->tag);
	put_device(cmd->dev);
	mutex_destroy(&cmd->dext_lock);
	kfree(cmd);
	module_put(THIS_MODULE);
}

/**
 * iodmacmd_cmd_destroy() - drop a reference on a command; the last frees it
 * @cmd: the command; %NULL and error pointers are ignored
 *
 * IOKit's release(). A command is created with one reference, so without
 * iodmacmd_cmd_get() this frees it at once. A reference that is not the
 * last only goes away: the command keeps its descriptor and its prepared
 * state for the holders of the others. The last one frees the command;
 * IOKit's free() then leaves the descriptor attached and leaks its
 * reference, this clears it, completing a prepared command first with a
 * warning.
 *
 * Context: process context, may sleep.
 */
void iodmacmd_cmd_destroy(struct iodmacmd_cmd *cmd)
{
	if (IS_ERR_OR_NULL(cmd))
		return;
	kref_put(&cmd->ref, cmd_release);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_destroy, IODMACMD_NS);

/**
 * iodmacmd_cmd_get_spec() - the specification a command enforces
 * @cmd: the command
 * @spec: filled with the normalised specification: zeros replaced by what
 *	they mean (unlimited sizes read U64_MAX, alignments at least 1, the
 *	address width 32 for a 32-bit output given 0, and 0 for 64 bits when
 *	0 was given)
 *
 * IOKit's getNumAddressBits(), getAlignment(), getAlignmentLength() and
 * getAlignmentInternalSegments() read these fields.
 *
 * Context: any context.
 * Return: 0, -EINVAL for a %NULL or error pointer, or -EBUSY
 * (kIOReturnNotReady) for a command without a specification.
 */
int iodmacmd_cmd_get_spec(const struct iodmacmd_cmd *cmd, struct iodmacmd_spec *spec)
{
	if (iodmacmd_bad_ptr(cmd) || iodmacmd_bad_ptr(spec))
		return -EINVAL;
	if (!cmd->tag)
		return iodmacmd_errno(kIOReturnNotReady);
	*spec = cmd->tag->spec;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_get_spec, IODMACMD_NS);

/**
 * iodmacmd_cmd_refcon() - the caller's pointer given at creation
 * @cmd: the command
 *
 * Context: any context.
 * Return: the pointer (IOKit's fRefCon); %NULL for a %NULL or error @cmd.
 */
void *iodmacmd_cmd_refcon(const struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return cmd->refcon;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_refcon, IODMACMD_NS);

/**
 * iodmacmd_cmd_set_refcon() - replace the caller's pointer
 * @cmd: the command
 * @refcon: the new pointer
 *
 * A %NULL or error @cmd is refused with a log line.
 *
 * Context: any context.
 */
void iodmacmd_cmd_set_refcon(struct iodmacmd_cmd *cmd, void *refcon)
{
	if (iodmacmd_bad_ptr(cmd))
		return;
	cmd->refcon = refcon;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_set_refcon, IODMACMD_NS);

/**
 * iodmacmd_cmd_device() - the device a command maps for
 * @cmd: the command
 *
 * Context: any context.
 * Return: the device, or %NULL for a physical-address command without one
 * (or a %NULL or error @cmd).
 */
struct device *iodmacmd_cmd_device(const struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return cmd->dev;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_device, IODMACMD_NS);

IOReturn __iodmacmd_set_md(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md,
			   bool auto_prepare)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd) || (md && iodmacmd_bad_ptr(md)))
		return kIOReturnBadArgument;
	if (md && md == cmd->md) {
		/* IOKit: re-attaching completes when not asked to prepare. */
		while (!auto_prepare && cmd->active)
			__iodmacmd_complete(cmd, false, true);
		return kIOReturnSuccess;
	}
	if (cmd->md && cmd->active)
		return kIOReturnBusy;
	if (cmd->md)
		__iodmacmd_clear_md(cmd, true);
	if (!md)
		return kIOReturnSuccess;
	iodmacmd_md_get(md);
	cmd->md = md;
	iodmacmd_obs_cmd_attach(cmd, md);
	iodmacmd_gen_cursor_reset(&cmd->cursor);
	if (!auto_prepare)
		return kIOReturnSuccess;
	ret = __iodmacmd_prepare(cmd, 0, 0, true, true);
	if (ret)
		__iodmacmd_clear_md(cmd, true);
	return ret;
}

/*
 * Detaching gives back what attaching took: the reference, and the prepare
 * of the descriptor a DriverKit PrepareForDMA() made (whose error, if any,
 * is returned).
 */
IOReturn __iodmacmd_clear_md(struct iodmacmd_cmd *cmd, bool auto_complete)
{
	IOReturn ret = kIOReturnSuccess;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (cmd->active && !auto_complete)
		return kIOReturnNotReady;
	while (cmd->active)
		__iodmacmd_complete(cmd, true, true);
	if (cmd->md_wired) {
		cmd->md_wired = false;
		ret = __iodmacmd_md_complete(cmd->md, IODMACMD_DIR_NONE);
	}
	iodmacmd_md_put(cmd->md);
	cmd->md = NULL;
	iodmacmd_obs_cmd_attach(cmd, NULL);
	return ret;
}

/**
 * iodmacmd_set_md() - attach a descriptor to a command
 * @cmd: the command
 * @md: the descriptor, referenced while attached; %NULL only detaches
 * @auto_prepare: prepare the whole descriptor at once
 *
 * IOKit's setMemoryDescriptor(). Attaching the descriptor that is already
 * attached adds no prepare level; with @auto_prepare false it completes the
 * command fully. A failed automatic prepare detaches the descriptor again.
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL for a %NULL or error @cmd or an error pointer @md;
 * -EBUSY when another descriptor is attached and prepared; or the error of
 * iodmacmd_prepare().
 */
int iodmacmd_set_md(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md, bool auto_prepare)
{
	return iodmacmd_errno(__iodmacmd_set_md(cmd, md, auto_prepare));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_set_md, IODMACMD_NS);

/**
 * iodmacmd_clear_md() - detach the descriptor
 * @cmd: the command
 * @auto_complete: complete a prepared command fully first
 *
 * IOKit's clearMemoryDescriptor(). Succeeds when nothing is attached.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a %NULL or error @cmd, or -EBUSY
 * (kIOReturnNotReady) when prepared and @auto_complete is false.
 */
int iodmacmd_clear_md(struct iodmacmd_cmd *cmd, bool auto_complete)
{
	return iodmacmd_errno(__iodmacmd_clear_md(cmd, auto_complete));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_clear_md, IODMACMD_NS);

/**
 * iodmacmd_get_md() - the attached descriptor
 * @cmd: the command
 *
 * Context: any context.
 * Return: the descriptor (no reference is taken) or %NULL (also for a
 * %NULL or error @cmd).
 */
struct iodmacmd_md *iodmacmd_get_md(const struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return cmd->md;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_get_md, IODMACMD_NS);

/*
 * Everything prepare() checks before it changes state: an error here
 * leaves the command exactly as it was.
 */
static IOReturn check_range(struct iodmacmd_cmd *cmd, u64 offset, u64 *length)
{
	u64 md_len = cmd->md->length;

	/* IOKit: 0 means the descriptor's whole length, even from an offset. */
	if (!*length)
		*length = md_len;
	if (offset > md_len || *length > md_len - offset) {
		iodmacmd_cmd_log(cmd, "prepare range %#llx+%#llx past the descriptor's end\n",
				 offset, *length);
		return kIOReturnBadArgument;
	}
	if (*length > cmd->tag->spec.max_transfer_size)
		return kIOReturnNoSpace;
	return kIOReturnSuccess;
}

IOReturn __iodmacmd_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
			    bool flush_cache, bool synchronize)
{
	struct iodmacmd_mapping *map = NULL;
	unsigned int reason = IODMACMD_BOUNCE_NONE;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!cmd->tag || !cmd->md)
		return kIOReturnNotReady;
	ret = check_range(cmd, offset, &length);
	if (ret)
		return ret;
	if (cmd->active) {
		/* A nested prepare must name the range already prepared. */
		if (offset != cmd->prep_offset || length != cmd->prep_length)
			return kIOReturnNotReady;
		cmd->active++;
		return kIOReturnSuccess;
	}
	if (length & cmd->tag->limits.length_align_mask)
		return kIOReturnNotAligned;
	/* An empty descriptor (a buffer of length 0) has nothing to map. */
	if (length) {
		/*
		 * The planning step syncs the window for the device whenever the
		 * command starts using a mapping: flush_cache (NonCoherent's
		 * request) is always honoured.
		 */
		ret = iodmacmd_plan_transfer(cmd, offset, length, &map, &reason);
		if (ret)
			goto out;
	}
	if (reason) {
		ret = iodmacmd_bounce_prepare(cmd, offset, length, synchronize, reason);
		if (ret)
			goto out;
	}
	cmd->mapping = map;
	cmd->prep_offset = offset;
	cmd->prep_length = length;
	cmd->active = 1;
	iodmacmd_gen_cursor_reset(&cmd->cursor);
out:
	iodmacmd_obs_prepare(cmd, offset, length, reason, ret);
	return ret;
}

/**
 * iodmacmd_prepare() - map the attached descriptor for DMA
 * @cmd: the command
 * @offset: first byte of the range, in the descriptor
 * @length: bytes; 0 means the descriptor's whole length (as in IOKit, so
 *	only with @offset 0)
 * @flags: IODMACMD_FLUSH_CACHE, IODMACMD_SYNCHRONIZE
 *
 * IOKit's prepare(). Calls nest; a nested call must name the same range.
 * The first maps the descriptor for the command's device (sharing a
 * mapping other commands already made) and checks the range against every
 * constraint; a range the device cannot take as it is (beyond the address
 * bits, misaligned, out of the device's reach, or forced) is bounced, and
 * with IODMACMD_SYNCHRONIZE copied into the bounce memory when the
 * descriptor's direction includes Out. Unlike IOKit, a failed prepare
 * changes nothing.
 *
 * Context: process context, may sleep.
 * Return: 0, or
 * * -EBUSY (kIOReturnNotReady): no specification or descriptor, or a nested
 *   call names another range;
 * * -EINVAL: the range passes the descriptor's end (kIOReturnBadArgument),
 *   or its length breaks the length alignment (kIOReturnNotAligned);
 * * -ENOSPC (kIOReturnNoSpace): longer than the maximum transfer size, or
 *   more segments than the maximum segment count;
 * * -ENOMEM: no memory, or no bounce memory that fits (kIOReturnNoResources,
 *   logged with the device, size and reason); the command stays usable;
 * * the DMA API's error (-EIO, -EREMOTEIO as their IOReturn).
 */
int iodmacmd_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length, unsigned int flags)
{
	return iodmacmd_errno(__iodmacmd_prepare(cmd, offset, length,
							     flags & IODMACMD_FLUSH_CACHE,
							     flags & IODMACMD_SYNCHRONIZE));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_prepare, IODMACMD_NS);

/*
 * @dev: %NULL for the command's own device; a command without one adopts
 * @dev if the prepare succeeds; one with another device refuses it.
 */
IOReturn __iodmacmd_prepare_with_spec(struct iodmacmd_cmd *cmd, struct device *dev,
				      const struct iodmacmd_spec *spec, u64 offset,
				      u64 length, bool flush_cache, bool synchronize)
{
	struct iodmacmd_bounce *old_spare;
	struct iodmacmd_tag *tag, *old_tag;
	bool adopt;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (iodmacmd_bad_ptr(spec) || (dev && iodmacmd_bad_ptr(dev)))
		return kIOReturnBadArgument;
	if (dev && cmd->dev && dev != cmd->dev)
		return kIOReturnBadArgument;
	adopt = dev && !cmd->dev;
	tag = iodmacmd_tag_create(dev ?: cmd->dev, spec, &ret);
	if (!tag)
		return ret;
	/*
	 * The spare bounce memory was checked against the old constraints:
	 * set it aside with them, and give both back if the prepare fails.
	 * A command without a device has none (it cannot bounce).
	 */
	old_tag = cmd->tag;
	old_spare = cmd->spare_bounce;
	cmd->tag = tag;
	cmd->spare_bounce = NULL;
	if (adopt)
		cmd->dev = get_device(dev);
	ret = __iodmacmd_prepare(cmd, offset, length, flush_cache, synchronize);
	if (ret) {
		iodmacmd_bounce_free(cmd->spare_bounce);
		cmd->spare_bounce = old_spare;
		cmd->tag = old_tag;
		iodmacmd_tag_put(tag);
		if (adopt) {
			put_device(cmd->dev);
			cmd->dev = NULL;
		}
		return ret;
	}
	iodmacmd_bounce_free(old_spare);
	iodmacmd_tag_put(old_tag);
	return kIOReturnSuccess;
}

/**
 * iodmacmd_prepare_with_spec() - set a new specification, then prepare
 * @cmd: the command, not prepared
 * @spec: the specification
 * @offset: as for iodmacmd_prepare()
 * @length: as for iodmacmd_prepare()
 * @flags: as for iodmacmd_prepare()
 *
 * IOKit's prepareWithSpecification(). When it fails, the command keeps its
 * previous specification (IOKit installs the new one anyway).
 *
 * Context: process context, may sleep.
 * Return: 0, -EPERM (kIOReturnNotPermitted) while prepared, -EINVAL for an
 * invalid specification, a %NULL or error @cmd or @spec, or the error of
 * iodmacmd_prepare().
 */
int iodmacmd_prepare_with_spec(struct iodmacmd_cmd *cmd, const struct iodmacmd_spec *spec,
			       u64 offset, u64 length, unsigned int flags)
{
	IOReturn ret;

	ret = __iodmacmd_prepare_with_spec(cmd, NULL, spec, offset, length,
					   flags & IODMACMD_FLUSH_CACHE,
					   flags & IODMACMD_SYNCHRONIZE);
	return iodmacmd_errno(ret);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_prepare_with_spec, IODMACMD_NS);

IOReturn __iodmacmd_complete(struct iodmacmd_cmd *cmd, bool invalidate_cache,
			     bool synchronize)
{
	IOReturn ret = kIOReturnSuccess;
	unsigned int reason;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!cmd->active)
		return kIOReturnNotReady;
	if (--cmd->active)
		return kIOReturnSuccess;
	reason = cmd->bounce ? cmd->bounce_reason : IODMACMD_BOUNCE_NONE;
	if (cmd->bounce) {
		ret = iodmacmd_bounce_complete(cmd, synchronize);
	} else if (cmd->mapping) {
		/*
		 * The window goes back to the CPU while the command still holds
		 * the mapping: nobody else may unmap it under the sync. A
		 * NonCoherent command skips it unless asked to invalidate.
		 */
		if (cmd->tag->map_type != IODMACMD_MAP_NONCOHERENT || invalidate_cache)
			iodmacmd_mapping_sync(cmd->mapping, cmd->prep_offset, cmd->prep_length,
					      false);
		iodmacmd_mapping_put(cmd->mapping);
		cmd->mapping = NULL;
	}
	iodmacmd_obs_complete(cmd, reason, ret);
	return ret;
}

/**
 * iodmacmd_complete() - end one level of iodmacmd_prepare()
 * @cmd: the command
 * @flags: IODMACMD_INVALIDATE, IODMACMD_SYNCHRONIZE
 *
 * IOKit's complete(). The last level hands the memory back to the CPU
 * (syncing or unmapping as the DMA API needs) and releases the command's
 * hold on the mapping; a bounced range is copied back first, with
 * IODMACMD_SYNCHRONIZE, when the descriptor's direction includes In, and
 * its bounce memory freed.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a %NULL or error @cmd, -EBUSY (kIOReturnNotReady)
 * when not prepared, or -EIO (kIOReturnUnderrun) when the copy back fell
 * short.
 */
int iodmacmd_complete(struct iodmacmd_cmd *cmd, unsigned int flags)
{
	return iodmacmd_errno(__iodmacmd_complete(cmd, flags & IODMACMD_INVALIDATE,
							      flags & IODMACMD_SYNCHRONIZE));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_complete, IODMACMD_NS);

IOReturn __iodmacmd_prepared_range(const struct iodmacmd_cmd *cmd, u64 *offset, u64 *length)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!cmd->active)
		return kIOReturnNotReady;
	if (offset)
		*offset = cmd->prep_offset;
	if (length)
		*length = cmd->prep_length;
	return kIOReturnSuccess;
}

/**
 * iodmacmd_prepared_range() - the range the command is prepared for
 * @cmd: the command
 * @offset: set to the first byte, in the descriptor; may be %NULL
 * @length: set to the length; may be %NULL
 *
 * IOKit's getPreparedOffsetAndLength().
 *
 * Context: any context.
 * Return: 0, -EINVAL for a %NULL or error @cmd, or -EBUSY
 * (kIOReturnNotReady) when not prepared.
 */
int iodmacmd_prepared_range(const struct iodmacmd_cmd *cmd, u64 *offset, u64 *length)
{
	return iodmacmd_errno(__iodmacmd_prepared_range(cmd, offset, length));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_prepared_range, IODMACMD_NS);

struct emit_ctx {
	struct iodmacmd_cmd *cmd;
	iodmacmd_output_t output;
	void *segments;
};

static bool emit_segment(void *ctx, u64 bus_addr, u64 length, u32 index)
{
	struct emit_ctx *e = ctx;
	struct iodmacmd_segment seg = { .addr = bus_addr, .len = length };

	if (e->output == iodmacmd_output_host64) {
		iodmacmd_put_host64(e->segments, index, bus_addr, length);
		return true;
	}
	return e->output(e->cmd, seg, e->segments, index);
}

static const IOReturn gen_status_to_ioreturn[] = {
	[IODMACMD_GEN_OK] = kIOReturnSuccess,
	[IODMACMD_GEN_BAD_ARGUMENT] = kIOReturnBadArgument,
	[IODMACMD_GEN_OVERRUN] = kIOReturnOverrun,
	[IODMACMD_GEN_TOO_LARGE] = kIOReturnMessageTooLarge,
	[IODMACMD_GEN_NOT_ALIGNED] = kIOReturnNotAligned,
	[IODMACMD_GEN_OUTPUT_FAILED] = kIOReturnMessageTooLarge,
	[IODMACMD_GEN_NO_SPACE] = kIOReturnInternalError,
};

IOReturn __iodmacmd_gen_segments(struct iodmacmd_cmd *cmd, iodmacmd_output_t output,
				 u64 *offset, void *segments, u32 *num)
{
	struct emit_ctx e = { .cmd = cmd, .output = output, .segments = segments };
	iodmacmd_gen_emit_t emit = emit_segment;
	void *ctx = &e;
	unsigned int flags = 0;
	enum iodmacmd_gen_status st;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!cmd->active)
		return kIOReturnNotReady;
	if (!output || !offset || !segments || !num || !*num || !cmd->md)
		return kIOReturnBadArgument;
	/* The usual end of a loop over the segments: no walk to say so. */
	if (*offset >= cmd->prep_length)
		return kIOReturnOverrun;
	/* Never bounced: an IterateOnly range that breaks a rule is an error. */
	if (!cmd->tag->may_bounce)
		flags |= IODMACMD_GEN_VALIDATE;
	/* Host64 into an aligned array: the generator stores the pairs itself. */
	static_assert(sizeof(struct iodmacmd_segment) == 2 * sizeof(u64) &&
		      offsetof(struct iodmacmd_segment, len) == sizeof(u64));
	if (output == iodmacmd_output_host64 && IS_ALIGNED((unsigned long)segments, 8)) {
		emit = NULL;
		ctx = segments;
	}
	/* Bounce memory holds the prepared range alone, from its offset 0. */
	if (cmd->bounce)
		st = iodmacmd_gen_walk(&cmd->bounce->runs, &cmd->tag->limits, 0,
				       cmd->prep_length, flags, &cmd->cursor, offset, num,
				       emit, ctx);
	else
		st = iodmacmd_gen_walk(&cmd->mapping->runs, &cmd->tag->limits,
				       cmd->prep_offset - cmd->mapping->offset,
				       cmd->prep_length, flags, &cmd->cursor, offset, num,
				       emit, ctx);
	ret = st < ARRAY_SIZE(gen_status_to_ioreturn) ? gen_status_to_ioreturn[st] :
							 kIOReturnInternalError;
	if (ret)
		iodmacmd_obs_gen_error(cmd, *offset, ret);
	return ret;
}

/*
 * The Linux face returns a count: 0 at the end of the prepared range, and
 * an error only for a real one (an offset beyond the end included).
 */
static int gen_count(struct iodmacmd_cmd *cmd, iodmacmd_output_t output, u64 *offset,
		     void *segments, u32 max_segments)
{
	u32 num = max_segments;
	IOReturn ret;

	ret = __iodmacmd_gen_segments(cmd, output, offset, segments, &num);
	if (ret == kIOReturnOverrun && offset)
		return *offset == cmd->prep_length ? 0 : -ERANGE;
	if (ret)
		return iodmacmd_errno(ret);
	return num;
}

/**
 * iodmacmd_gen_segments() - the next bus-address segments of a transfer
 * @cmd: a prepared command
 * @offset: in: where to continue, relative to the prepared offset (0 at
 *	first); out: the end of the last segment returned
 * @segments: array of @max_segments entries
 * @max_segments: room in @segments
 *
 * IOKit's genIOVMSegments() with the Host64 output. Each segment satisfies
 * every constraint of the command. Calls in sequence cost O(1) per segment;
 * any other @offset is found in O(log n) of the mapped entries.
 *
 * Context: any context (never sleeps).
 * Return: the number of segments written (at least 1), 0 when @offset is
 * the end of the prepared range, or
 * * -EBUSY (kIOReturnNotReady): the command is not prepared;
 * * -EINVAL: a %NULL pointer or @max_segments 0 (kIOReturnBadArgument), or
 *   an IterateOnly range that breaks an alignment (kIOReturnNotAligned);
 * * -ERANGE: @offset is beyond the end of the prepared range;
 * * -EMSGSIZE (kIOReturnMessageTooLarge): an IterateOnly segment beyond the
 *   command's address bits.
 * On error *@offset is unchanged; entries written before it stay written.
 */
int iodmacmd_gen_segments(struct iodmacmd_cmd *cmd, u64 *offset,
			  struct iodmacmd_segment *segments, u32 max_segments)
{
	return gen_count(cmd, iodmacmd_output_host64, offset, segments, max_segments);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_gen_segments, IODMACMD_NS);

/**
 * iodmacmd_gen_segments_with() - the next segments, through an output function
 * @cmd: a prepared command
 * @output: writes each segment into @segments (one of iodmacmd_output_*()
 *	or the caller's own)
 * @offset: as for iodmacmd_gen_segments()
 * @segments: the caller's array, passed to @output untouched
 * @max_segments: room in @segments
 *
 * IOKit's genIOVMSegments(SegmentFunction, ...).
 *
 * Context: any context, unless @output sleeps.
 * Return: as iodmacmd_gen_segments(), plus -EMSGSIZE when @output refuses a
 * segment (a 32-bit output given a segment that needs more bits).
 */
int iodmacmd_gen_segments_with(struct iodmacmd_cmd *cmd, iodmacmd_output_t output,
			       u64 *offset, void *segments, u32 max_segments)
{
	return gen_count(cmd, output, offset, segments, max_segments);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_gen_segments_with, IODMACMD_NS);

/*
 * kForceDoubleBuffer on a mapped command: the bounce memory is made and
 * filled before the mapping is let go, so a failure leaves the command
 * prepared as it was.
 */
static IOReturn force_double_buffer(struct iodmacmd_cmd *cmd)
{
	struct iodmacmd_mapping *map = cmd->mapping;
	IOReturn ret;

	if (cmd->bounce || !cmd->tag->may_bounce || !cmd->prep_length)
		return kIOReturnSuccess;
	/* IOKit silently ignores this when nested; say so instead. */
	if (cmd->active > 1)
		return kIOReturnBusy;
	/* What the device wrote so far is in the memory the bounce copies. */
	iodmacmd_mapping_sync(map, cmd->prep_offset, cmd->prep_length, false);
	ret = iodmacmd_bounce_prepare(cmd, cmd->prep_offset, cmd->prep_length, true,
				      IODMACMD_BOUNCE_FORCED);
	if (ret) {
		iodmacmd_mapping_sync(map, cmd->prep_offset, cmd->prep_length, true);
		return ret;
	}
	iodmacmd_mapping_put(map);
	cmd->mapping = NULL;
	iodmacmd_gen_cursor_reset(&cmd->cursor);
	return kIOReturnSuccess;
}

IOReturn __iodmacmd_synchronize(struct iodmacmd_cmd *cmd, u32 options)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if ((options & IODMACMD_SYNC_IN) && (options & IODMACMD_SYNC_OUT))
		return kIOReturnBadArgument;
	if (options & ~(IODMACMD_SYNC_IN | IODMACMD_SYNC_OUT | IODMACMD_FORCE_DOUBLE_BUFFER))
		return kIOReturnBadArgument;
	if (!cmd->active)
		return kIOReturnNotReady;
	if (options & IODMACMD_FORCE_DOUBLE_BUFFER)
		return force_double_buffer(cmd);
	if (!cmd->bounce)
		return kIOReturnSuccess;
	if ((options & IODMACMD_SYNC_IN) &&
	    iodmacmd_bounce_drain(cmd->bounce, cmd->md, cmd->prep_offset) != cmd->prep_length)
		return kIOReturnUnderrun;
	if ((options & IODMACMD_SYNC_OUT) &&
	    iodmacmd_bounce_fill(cmd->bounce, cmd->md, cmd->prep_offset) != cmd->prep_length)
		return kIOReturnUnderrun;
	return kIOReturnSuccess;
}

/**
 * iodmacmd_synchronize() - copy between the memory and its bounce copy
 * @cmd: a prepared command
 * @options: IODMACMD_SYNC_IN (bounce memory to the descriptor, after the
 *	device wrote), IODMACMD_SYNC_OUT (the descriptor to bounce memory,
 *	before the device reads), or IODMACMD_FORCE_DOUBLE_BUFFER (bounce the
 *	prepared range from now on, for testing a driver's bounce path)
 *
 * IOKit's synchronize(). IN and OUT copy whatever the descriptor's
 * direction; without bounce memory they have nothing to do. Unlike IOKit,
 * forcing a double buffer works on every command but IterateOnly ones, and
 * refuses a nested preparation rather than ignoring the request; when no
 * bounce memory can be had the command stays prepared as it was.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL for IN with OUT, an unknown option or a %NULL or
 * error @cmd, -EBUSY when
 * not prepared (kIOReturnNotReady) or, forcing, when prepared more than
 * once (kIOReturnBusy), -EIO for a short copy (kIOReturnUnderrun), or the
 * errors of iodmacmd_prepare() when forcing.
 */
int iodmacmd_synchronize(struct iodmacmd_cmd *cmd, u32 options)
{
	return iodmacmd_errno(__iodmacmd_synchronize(cmd, options));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_synchronize, IODMACMD_NS);

u64 __iodmacmd_cmd_rw(struct iodmacmd_cmd *cmd, u64 offset, void *buf, u64 len, bool write)
{
	u64 at;

	if (iodmacmd_bad_ptr(cmd) || !cmd->active || !buf || offset >= cmd->prep_length)
		return 0;
	len = min(len, cmd->prep_length - offset);
	if (cmd->bounce)
		return write ? iodmacmd_bounce_write(cmd->bounce, offset, buf, len) :
			       iodmacmd_bounce_read(cmd->bounce, offset, buf, len);
	/* Hand exactly these bytes to the CPU and back, as the DMA API requires. */
	at = cmd->prep_offset + offset;
	iodmacmd_mapping_sync(cmd->mapping, at, len, false);
	if (write)
		len = iodmacmd_md_write(cmd->md, at, buf, len);
	else
		len = iodmacmd_md_read(cmd->md, at, buf, len);
	iodmacmd_mapping_sync(cmd->mapping, at, len, true);
	return len;
}

/**
 * iodmacmd_cmd_read() - read the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @buf: destination
 * @len: bytes; clamped to the prepared range
 *
 * IOKit's IODMACommand::readBytes(): the bounce memory when the range is
 * bounced (so data a device wrote is visible before complete()), otherwise
 * the descriptor's memory.
 *
 * Context: process context.
 * Return: bytes copied; 0 when not prepared or @offset is past the range.
 */
u64 iodmacmd_cmd_read(struct iodmacmd_cmd *cmd, u64 offset, void *buf, u64 len)
{
	return __iodmacmd_cmd_rw(cmd, offset, buf, len, false);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_read, IODMACMD_NS);

/**
 * iodmacmd_cmd_write() - write the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @buf: source
 * @len: bytes; clamped to the prepared range
 *
 * IOKit's IODMACommand::writeBytes().
 *
 * Context: process context.
 * Return: bytes copied; 0 when not prepared or @offset is past the range.
 */
u64 iodmacmd_cmd_write(struct iodmacmd_cmd *cmd, u64 offset, const void *buf, u64 len)
{
	return __iodmacmd_cmd_rw(cmd, offset, (void *)buf, len, true);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_write, IODMACMD_NS);

/**
 * iodmacmd_cmd_bounce_reason() - whether and why the prepared range bounced
 * @cmd: the command
 *
 * Context: any context.
 * Return: %NULL when the command is not prepared or walks the memory itself
 * (or @cmd is %NULL or an error pointer), else "address bits", "alignment",
 * "device reach", "forced" or "shared memory" (another mapping a device
 * may write holds the memory).
 */
const char *iodmacmd_cmd_bounce_reason(const struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return cmd->bounce ? iodmacmd_bounce_reason_name(cmd->bounce_reason) : NULL;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_bounce_reason, IODMACMD_NS);

/**
 * iodmacmd_cmd_bounce_bytes() - bounce memory a command holds
 * @cmd: the command
 *
 * A command keeps the bounce memory of its last bounced transfer for the
 * next one (see iodmacmd_cmd_release_bounce()). This is what it holds now,
 * in use or spare, for drivers that account for their DMA memory.
 *
 * Context: any context; serialised with the command's other calls.
 * Return: bytes of coherent memory allocated for the command; 0 for a
 * %NULL or error @cmd.
 */
u64 iodmacmd_cmd_bounce_bytes(const struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return (cmd->bounce ? cmd->bounce->capacity : 0) +
	       (cmd->spare_bounce ? cmd->spare_bounce->capacity : 0);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_bounce_bytes, IODMACMD_NS);

/**
 * iodmacmd_cmd_release_bounce() - give spare bounce memory back to the device
 * @cmd: the command
 *
 * For a driver going idle, or one whose device's DMA zone is scarce (a
 * 24-bit device's ZONE_DMA). Memory a prepared command uses stays; the next
 * bounced transfer allocates again.
 *
 * Context: process context, may sleep; serialised with the command's other
 * calls.
 */
void iodmacmd_cmd_release_bounce(struct iodmacmd_cmd *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return;
	iodmacmd_bounce_free(cmd->spare_bounce);
	cmd->spare_bounce = NULL;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_cmd_release_bounce, IODMACMD_NS);

/*
 * IOKit's createCopyBuffer(), as a request: bounce memory for transfers of
 * up to @length bytes, made now and kept as the command's spare, so that a
 * later prepare that bounces that much allocates nothing. Checked against
 * the command's specification, so a new one gives it back (as it does any
 * spare), as do iodmacmd_cmd_release_bounce() and the command's end.
 */
IOReturn __iodmacmd_cmd_reserve_bounce(struct iodmacmd_cmd *cmd, u64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!cmd->tag) {
		iodmacmd_cmd_warn(cmd, "copy buffer for a command without a specification refused\n");
		return kIOReturnNotReady;
	}
	if (cmd->active) {
		iodmacmd_cmd_warn(cmd, "copy buffer for a prepared command refused: complete it first\n");
		return kIOReturnNotPermitted;
	}
	if (!cmd->tag->may_bounce) {
		iodmacmd_cmd_warn(cmd, "copy buffer for an IterateOnly command refused: it never bounces\n");
		return kIOReturnUnsupported;
	}
	if (!length || length > cmd->tag->spec.max_transfer_size) {
		iodmacmd_cmd_warn(cmd, "copy buffer of %llu bytes refused: 1 to the maximum transfer size (%llu)\n",
				  length, cmd->tag->spec.max_transfer_size);
		return kIOReturnBadArgument;
	}
	return iodmacmd_bounce_reserve(cmd, length);
}
