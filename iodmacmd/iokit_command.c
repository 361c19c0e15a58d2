// SPDX-License-Identifier: GPL-2.0
/*
 * The Apple-named face of IODMACommand (<IOKit/IODMACommand.h>): the
 * class's methods as C functions over iodmacmd's commands. The descriptor
 * classes are in iokit_memory.c; the conventions (naming, IOReturn passed
 * through, NULL from failed factories) are described there.
 *
 * Where iodmacmd deliberately differs from IOKit (a failed prepare rolls
 * back, clones keep their alignments, 32-bit outputs refuse instead of
 * truncating, ...), each function's comment says so.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/module.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOService.h>

#include "checks.h"
#include "cmd.h"

/* IOKit's eight-argument form: length alignment 1, internal = alignment. */
static void spec_from_args(struct iodmacmd_spec *spec, IODMACommandSegmentFunction out_seg_func,
			   UInt8 num_address_bits, UInt64 max_segment_size,
			   UInt32 mapping_options, UInt64 max_transfer_size, UInt32 alignment)
{
	*spec = (struct iodmacmd_spec) {
		.output = out_seg_func,
		.address_bits = num_address_bits,
		.max_segment_size = max_segment_size,
		.max_transfer_size = max_transfer_size,
		.alignment = alignment,
		.alignment_length = 1,
		.alignment_internal = alignment,
		.mapping_options = mapping_options,
	};
}

static IOReturn spec_from_options(struct iodmacmd_spec *spec,
				  IODMACommandSegmentFunction out_seg_func,
				  const IODMACommandSegmentOptions *opts, UInt32 mapping_options)
{
	if (!opts)
		return kIOReturnBadArgument;
	*spec = (struct iodmacmd_spec) {
		.output = out_seg_func,
		.address_bits = opts->fNumAddressBits,
		.max_segment_size = opts->fMaxSegmentSize,
		.max_transfer_size = opts->fMaxTransferSize,
		.alignment = opts->fAlignment,
		.alignment_length = opts->fAlignmentLength,
		.alignment_internal = opts->fAlignmentInternalSegments,
		.mapping_options = mapping_options,
	};
	return kIOReturnSuccess;
}

/*
 * The device a specification maps for, referenced (put_device() it) in
 * *@dev: @mapper itself when given; else none when @cmd already has a
 * device (NULL names it, as today) or the type is a physical one
 * (Bypassed, Unmapped) or not a type at all (the specification check
 * refuses it); else, for Mapped and NonCoherent, IOKit's system mapper:
 * the calling module's provider. False when there is none; the provider
 * look-up logged what the driver must do (bind one in probe with
 * IOServiceBindProvider(), or pass the device).
 */
static bool resolve_mapper(struct module *owner, const char *what,
			   const struct iodmacmd_cmd *cmd, IOMapper *mapper,
			   UInt32 mapping_options, struct device **dev)
{
	UInt32 type = mapping_options & kIODMAMapOptionTypeMask;

	*dev = NULL;
	if (mapper) {
		*dev = get_device(mapper);
		return true;
	}
	if ((cmd && cmd->dev) ||
	    (type != kIODMAMapOptionMapped && type != kIODMAMapOptionNonCoherent))
		return true;
	*dev = iodmacmd_provider_get(owner, what);
	return *dev;
}

/* A command's device never changes: a mapper may only name it again. */
static bool other_device(const struct iodmacmd_cmd *cmd, IOMapper *mapper)
{
	return mapper && cmd->dev && mapper != cmd->dev;
}

static IODMACommand *create_cmd(struct module *owner, const char *what,
				const struct iodmacmd_spec *spec, IOMapper *mapper,
				void *refcon)
{
	struct iodmacmd_cmd *cmd;
	struct device *dev;
	IOReturn ret;

	if (!resolve_mapper(owner, what, NULL, mapper, spec->mapping_options, &dev))
		return NULL;
	cmd = __iodmacmd_cmd_create(dev, spec, refcon, &ret);
	put_device(dev);
	return cmd;
}

/**
 * __IODMACommandWithSpecification() - create a command with a device's constraints
 * @owner: the calling module, whose provider a NULL @mapper stands for
 *	(IODMACommandWithSpecification() passes THIS_MODULE)
 * @out_seg_func: output function (kIODMACommandOutput* or the driver's own)
 * @num_address_bits: bus address width; 0 means 64, or 32 with a 32-bit output
 * @max_segment_size: largest segment; 0 means unlimited
 * @mapping_options: kIODMAMapOption* type and flags (IOKit's default is
 *	kIODMAMapOptionMapped)
 * @max_transfer_size: largest prepared length; 0 means unlimited
 * @alignment: start alignment of every segment (power of two; 0 means 1)
 * @mapper: the device the command maps memory for, or NULL: IOKit's system
 *	mapper, the provider @owner bound with IOServiceBindProvider(), for
 *	the Mapped and NonCoherent types; no device for Bypassed and Unmapped
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(), the eight-argument form: the
 * length alignment is 1 and later segments are aligned like the first.
 * Drivers call it as IODMACommandWithSpecification(), without @owner.
 * Linux face: iodmacmd_cmd_create(). Differs from IOKit: @mapper is the
 * Linux device whose DMA API (and IOMMU, if any) maps; a Mapped or
 * NonCoherent command with a NULL @mapper in a module that bound no
 * provider fails, and the log says what to do; alignments that are not
 * powers of two and more than 64 address bits are refused (the reason is
 * logged).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for an invalid specification, an
 * error-pointer @mapper (logged once), no provider for a NULL @mapper
 * (logged), or when out of memory.
 */
IODMACommand *__IODMACommandWithSpecification(struct module *owner,
					      IODMACommandSegmentFunction out_seg_func,
					      UInt8 num_address_bits, UInt64 max_segment_size,
					      UInt32 mapping_options, UInt64 max_transfer_size,
					      UInt32 alignment, IOMapper *mapper, void *refcon)
{
	struct iodmacmd_spec spec;

	/* NULL is a valid mapper (the system mapper); an error pointer is not. */
	if (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper))
		return NULL;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return create_cmd(owner, "IODMACommandWithSpecification", &spec, mapper, refcon);
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandWithSpecification, IODMACMD_NS);

/**
 * __IODMACommandWithSegmentOptions() - create a command from SegmentOptions
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @out_seg_func: output function
 * @segment_options: the constraints, all three alignments included
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: the device, or NULL, as for __IODMACommandWithSpecification()
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(outSegFunc, segmentOptions,
 * mappingOptions, mapper, refCon). Drivers call it as
 * IODMACommandWithSegmentOptions(). Linux face: iodmacmd_cmd_create(), whose
 * struct iodmacmd_spec also reaches the Linux extensions (segment boundary,
 * maximum segment count). Differs from IOKit as
 * __IODMACommandWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for a NULL or error-pointer @segment_options
 * (logged once), an invalid specification, an error-pointer @mapper (logged
 * once), no provider for a NULL @mapper (logged), or when out of memory.
 */
IODMACommand *__IODMACommandWithSegmentOptions(struct module *owner,
					       IODMACommandSegmentFunction out_seg_func,
					       const IODMACommandSegmentOptions *segment_options,
					       UInt32 mapping_options, IOMapper *mapper,
					       void *refcon)
{
	struct iodmacmd_spec spec;

	if (iodmacmd_bad_ptr(segment_options) || (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper)))
		return NULL;
	if (spec_from_options(&spec, out_seg_func, segment_options, mapping_options))
		return NULL;
	return create_cmd(owner, "IODMACommandWithSegmentOptions", &spec, mapper, refcon);
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandWithSegmentOptions, IODMACMD_NS);

/**
 * __IODMACommandWeakWithSpecification() - create a command, reporting an IOReturn
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @new_command: set to the command, or to NULL on failure
 * @out_seg_func: as for __IODMACommandWithSpecification()
 * @num_address_bits: as for __IODMACommandWithSpecification()
 * @max_segment_size: as for __IODMACommandWithSpecification()
 * @mapping_options: as for __IODMACommandWithSpecification()
 * @max_transfer_size: as for __IODMACommandWithSpecification()
 * @alignment: as for __IODMACommandWithSpecification()
 * @mapper: as for __IODMACommandWithSpecification()
 * @refcon: as for __IODMACommandWithSpecification()
 *
 * IOKit: IODMACommand::weakWithSpecification(). Drivers call it as
 * IODMACommandWeakWithSpecification(). The class always exists here, so
 * kIOReturnUnsupported is never returned.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a NULL or
 * error-pointer @new_command (logged once); kIOReturnError when the command
 * cannot be created (invalid specification, an error-pointer @mapper, no
 * provider for a NULL @mapper, or no memory).
 */
IOReturn __IODMACommandWeakWithSpecification(struct module *owner,
					     IODMACommand **new_command,
					     IODMACommandSegmentFunction out_seg_func,
					     UInt8 num_address_bits, UInt64 max_segment_size,
					     UInt32 mapping_options, UInt64 max_transfer_size,
					     UInt32 alignment, IOMapper *mapper, void *refcon)
{
	if (iodmacmd_bad_ptr(new_command))
		return kIOReturnBadArgument;
	*new_command = __IODMACommandWithSpecification(owner, out_seg_func, num_address_bits,
						       max_segment_size, mapping_options,
						       max_transfer_size, alignment, mapper,
						       refcon);
	return *new_command ? kIOReturnSuccess : kIOReturnError;
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandWeakWithSpecification, IODMACMD_NS);

/**
 * IODMACommandWithRefCon() - create a command to specify later
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withRefCon(). IODMACommandPrepare() returns
 * kIOReturnNotReady until IODMACommandPrepareWithSpecification() supplies
 * a specification, and with it the device: the mapper it names, or for a
 * Mapped or NonCoherent type and a NULL mapper the calling module's
 * provider. Linux face: iodmacmd_cmd_create_unspecified(NULL, @refcon).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL when out of memory.
 */
IODMACommand *IODMACommandWithRefCon(void *refcon)
{
	IOReturn ret;

	return __iodmacmd_cmd_create(NULL, NULL, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithRefCon, IODMACMD_NS);

/**
 * IODMACommandAlloc() - a command for an init function to set up
 * @void: no arguments
 *
 * IOKit: new IODMACommand, the allocation a driver or a family makes before
 * calling initWithSpecification() or initWithRefCon() itself: a command
 * with no specification, no device and a NULL refcon, like
 * IODMACommandWithRefCon(NULL). Set it up with
 * IODMACommandInitWithSpecification(), IODMACommandInitWithSegmentOptions()
 * or IODMACommandInitWithRefCon(), and free it with IODMACommandRelease()
 * whether the init succeeded or not, as in IOKit. Linux face:
 * iodmacmd_cmd_create_unspecified(NULL, NULL).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL when out of memory.
 */
IODMACommand *IODMACommandAlloc(void)
{
	IOReturn ret;

	return __iodmacmd_cmd_create(NULL, NULL, NULL, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandAlloc, IODMACMD_NS);

/*
 * Initialises a command in its first state. The state is checked before the
 * mapper is resolved, so that a refused init looks up no provider.
 */
static bool init_cmd(struct module *owner, const char *what, IODMACommand *cmd,
		     const struct iodmacmd_spec *spec, IOMapper *mapper, void *refcon)
{
	struct device *dev = NULL;
	IOReturn ret;

	if (!cmd->tag && !cmd->md &&
	    !resolve_mapper(owner, what, cmd, mapper, spec->mapping_options, &dev))
		return false;
	ret = __iodmacmd_cmd_init(cmd, dev, spec, refcon);
	put_device(dev);
	return ret == kIOReturnSuccess;
}

/**
 * __IODMACommandInitWithSpecification() - give an allocated command its specification
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @cmd: a command from IODMACommandAlloc() (or IODMACommandWithRefCon()),
 *	with neither a specification nor a descriptor
 * @out_seg_func: as for __IODMACommandWithSpecification()
 * @num_address_bits: as for __IODMACommandWithSpecification()
 * @max_segment_size: as for __IODMACommandWithSpecification()
 * @mapping_options: as for __IODMACommandWithSpecification()
 * @max_transfer_size: as for __IODMACommandWithSpecification()
 * @alignment: as for __IODMACommandWithSpecification()
 * @mapper: the device, or NULL: the command's own device if it has one,
 *	else as for __IODMACommandWithSpecification()
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::initWithSpecification(), the eight-argument form,
 * on a command the caller allocated (IOSCSIParallelFamily's
 * InitializeDMASpecification()). Drivers call it as
 * IODMACommandInitWithSpecification(). A command without a device takes
 * the one @mapper names or stands for. Differs from IOKit: IOKit
 * re-initialises a command whatever it holds, zeroing its state under a
 * descriptor still attached; here a command that already has a
 * specification or a descriptor is refused (logged) and left as it was, and
 * so is one whose device @mapper does not name. A failed init changes
 * nothing, @refcon included; the command is released as usual.
 *
 * Context: process context, may sleep.
 * Return: true, or false for a NULL or error-pointer @cmd or @mapper
 * (logged once), a command already initialised (logged), another device,
 * an invalid specification, no provider for a NULL @mapper (logged) or no
 * memory.
 */
bool __IODMACommandInitWithSpecification(struct module *owner, IODMACommand *cmd,
					 IODMACommandSegmentFunction out_seg_func,
					 UInt8 num_address_bits, UInt64 max_segment_size,
					 UInt32 mapping_options, UInt64 max_transfer_size,
					 UInt32 alignment, IOMapper *mapper, void *refcon)
{
	struct iodmacmd_spec spec;

	if (iodmacmd_bad_ptr(cmd) || (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper)))
		return false;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return init_cmd(owner, "IODMACommandInitWithSpecification", cmd, &spec, mapper, refcon);
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandInitWithSpecification, IODMACMD_NS);

/**
 * __IODMACommandInitWithSegmentOptions() - give an allocated command SegmentOptions
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @cmd: as for __IODMACommandInitWithSpecification()
 * @out_seg_func: output function
 * @segment_options: the constraints, all three alignments included
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: as for __IODMACommandInitWithSpecification()
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::initWithSpecification(outSegFunc, segmentOptions,
 * mappingOptions, mapper, refCon). Drivers call it as
 * IODMACommandInitWithSegmentOptions(). Differs from IOKit as
 * __IODMACommandInitWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: as __IODMACommandInitWithSpecification(); false also for a NULL
 * or error-pointer @segment_options (logged once).
 */
bool __IODMACommandInitWithSegmentOptions(struct module *owner, IODMACommand *cmd,
					  IODMACommandSegmentFunction out_seg_func,
					  const IODMACommandSegmentOptions *segment_options,
					  UInt32 mapping_options, IOMapper *mapper, void *refcon)
{
	struct iodmacmd_spec spec;

	if (iodmacmd_bad_ptr(cmd) || iodmacmd_bad_ptr(segment_options) ||
	    (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper)))
		return false;
	if (spec_from_options(&spec, out_seg_func, segment_options, mapping_options))
		return false;
	return init_cmd(owner, "IODMACommandInitWithSegmentOptions", cmd, &spec, mapper, refcon);
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandInitWithSegmentOptions, IODMACMD_NS);

/**
 * IODMACommandInitWithRefCon() - initialise an allocated command without a specification
 * @cmd: a command from IODMACommandAlloc(), with neither a specification
 *	nor a descriptor
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::initWithRefCon(): the command stays without a
 * specification (as IODMACommandWithRefCon() makes one) until
 * IODMACommandPrepareWithSpecification(); only @refcon is set. Differs from
 * IOKit as __IODMACommandInitWithSpecification() does: a command that
 * already has a specification or a descriptor is refused (logged) and left
 * as it was.
 *
 * Context: any context.
 * Return: true, or false for a NULL or error-pointer @cmd (logged once) or
 * a command already initialised (logged).
 */
bool IODMACommandInitWithRefCon(IODMACommand *cmd, void *refcon)
{
	if (iodmacmd_bad_ptr(cmd))
		return false;
	return __iodmacmd_cmd_init(cmd, NULL, NULL, refcon) == kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandInitWithRefCon, IODMACMD_NS);

/**
 * IODMACommandWithDeviceAndRefCon() - create a command for a device, to specify later
 * @device: the device the command will map memory for
 * @refcon: the caller's pointer
 *
 * A Linux addition to IOKit's withRefCon(), for a module that drives
 * several devices: the command's device is fixed now, and a NULL mapper
 * given to IODMACommandPrepareWithSpecification() then means @device.
 * Linux face: iodmacmd_cmd_create_unspecified().
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for an error-pointer @device (logged once)
 * or when out of memory.
 */
IODMACommand *IODMACommandWithDeviceAndRefCon(struct device *device, void *refcon)
{
	IOReturn ret;

	if (IS_ERR(device) && iodmacmd_bad_ptr(device))
		return NULL;
	return __iodmacmd_cmd_create(device, NULL, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithDeviceAndRefCon, IODMACMD_NS);

/**
 * IODMACommandCloneCommand() - a new command with the same specification
 * @cmd: the command to copy
 * @refcon: the new command's pointer
 *
 * IOKit: IODMACommand::cloneCommand(): the same specification, mapping
 * options and device, none of the state. Linux face: iodmacmd_cmd_clone().
 * Differs from IOKit: IOKit swaps the length and internal-segment
 * alignments and drops a device passed as the mapper; the clone keeps both.
 *
 * Context: process context, may sleep.
 * Return: the new command, or NULL when out of memory.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
IODMACommand *IODMACommandCloneCommand(IODMACommand *cmd, void *refcon)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return __iodmacmd_cmd_clone(cmd, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandCloneCommand, IODMACMD_NS);

/**
 * IODMACommandRetain() - take a reference on a command
 * @cmd: the command
 *
 * IOKit: OSObject::retain(). Each reference is dropped by one
 * IODMACommandRelease(); the command lives until the last. Linux face:
 * iodmacmd_cmd_get(). A NULL or error-pointer @cmd is refused (logged
 * once) and nothing is done.
 *
 * Context: any context.
 */
void IODMACommandRetain(IODMACommand *cmd)
{
	if (!iodmacmd_bad_ptr(cmd))
		iodmacmd_cmd_get(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandRetain, IODMACMD_NS);

/**
 * IODMACommandRelease() - drop a reference on a command; the last frees it
 * @cmd: the command, NULL or an error pointer
 *
 * IOKit: OSObject::release(). A command is created with one reference, so
 * without IODMACommandRetain() this frees it. A reference that is not the
 * last only goes away: the command keeps its descriptor and its prepared
 * state for the other holders. Linux face: iodmacmd_cmd_destroy(). Differs
 * from IOKit: the last release of a command IOKit frees leaves the
 * descriptor attached and leaks its reference; this completes a prepared
 * command (with a warning) and detaches the descriptor. NULL and error
 * pointers are ignored, as OSSafeReleaseNULL() ignores NULL.
 *
 * Context: process context, may sleep.
 */
void IODMACommandRelease(IODMACommand *cmd)
{
	if (!IS_ERR_OR_NULL(cmd))
		iodmacmd_cmd_destroy(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandRelease, IODMACMD_NS);

/**
 * IODMACommandCreateCopyBuffer() - make the command's copy buffer ahead of a prepare
 * @cmd: a command with a specification that may bounce (not IterateOnly),
 *	a device, and not prepared
 * @direction: kIODirectionIn, kIODirectionOut, kIODirectionOutIn or
 *	kIODirectionNone; the buffer serves every direction
 * @length: bytes, from 1 to the command's maximum transfer size
 *
 * IOKit: IODMACommand::createCopyBuffer(), the virtual method prepare()
 * calls for a whole-buffer copy; a subclass overrides it to supply the
 * memory. Here the driver calls it ahead of time instead: it makes the
 * command's bounce memory (its spare, see iodmacmd_cmd_bounce_bytes()) hold
 * @length bytes, so that a later prepare that bounces up to @length bytes
 * (misaligned, out of the device's reach, or kForceDoubleBuffer) allocates
 * nothing. A spare already that large is kept. A new specification gives
 * it back, as do iodmacmd_cmd_release_bounce() and the command's last
 * release. Differs from IOKit: it returns whether the memory is there, not
 * a buffer descriptor (the bounce memory is not one, see
 * IODMACommandGetIOMemoryDescriptor()). No Linux-face twin: iodmacmd's
 * bounce memory is made on demand.
 *
 * Context: process context, may sleep.
 * Return: true, or false (logged) for a NULL or error-pointer @cmd, unknown
 * @direction bits, a command without a specification or a device, a
 * prepared or IterateOnly command, a @length of 0 or above the maximum
 * transfer size, or no bounce memory that fits the command.
 */
bool IODMACommandCreateCopyBuffer(IODMACommand *cmd, IODirection direction, UInt64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return false;
	if (direction & ~kIODirectionOutIn) {
		iodmacmd_cmd_warn(cmd, "copy buffer with unknown direction bits %#x refused\n",
				  direction);
		return false;
	}
	return __iodmacmd_cmd_reserve_bounce(cmd, length) == kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandCreateCopyBuffer, IODMACMD_NS);

/*
 * Everything prepareWithSpecification() checks before the specification,
 * in IOKit's order (the state first), and the device it maps for.
 */
static IOReturn prepare_spec_device(struct module *owner, const char *what, IODMACommand *cmd,
				    IOMapper *mapper, UInt32 mapping_options,
				    struct device **dev)
{
	*dev = NULL;
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper))
		return kIOReturnBadArgument;
	if (other_device(cmd, mapper)) {
		iodmacmd_cmd_warn(cmd, "%s: mapper %s is not the command's device: refused\n",
				  what, dev_name(mapper));
		return kIOReturnBadArgument;
	}
	if (!resolve_mapper(owner, what, cmd, mapper, mapping_options, dev))
		return kIOReturnBadArgument;
	return kIOReturnSuccess;
}

/**
 * __IODMACommandPrepareWithSpecification() - set a new specification, then prepare
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @cmd: the command, not prepared
 * @out_seg_func: as for __IODMACommandWithSpecification()
 * @num_address_bits: as for __IODMACommandWithSpecification()
 * @max_segment_size: as for __IODMACommandWithSpecification()
 * @mapping_options: as for __IODMACommandWithSpecification()
 * @max_transfer_size: as for __IODMACommandWithSpecification()
 * @alignment: as for __IODMACommandWithSpecification()
 * @mapper: NULL or the command's own device; for a command without a
 *	device (IODMACommandWithRefCon()), the device to take, and NULL
 *	stands for the provider as in __IODMACommandWithSpecification()
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(), the eight-argument
 * form. Drivers call it as IODMACommandPrepareWithSpecification(). Linux
 * face: iodmacmd_prepare_with_spec(). A command without a device keeps the
 * device it takes here once the prepare succeeds. Differs from IOKit: a
 * command's device never changes, so once it has one @mapper must be NULL
 * or that device; when the prepare fails the command keeps its previous
 * specification (IOKit installs the new one anyway).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnNotPermitted while prepared;
 * kIOReturnBadArgument for another device (logged), an error-pointer
 * @mapper (logged once), no provider for a NULL @mapper (logged) or an
 * invalid specification; or the error of IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first.
 */
IOReturn __IODMACommandPrepareWithSpecification(struct module *owner, IODMACommand *cmd,
						IODMACommandSegmentFunction out_seg_func,
						UInt8 num_address_bits, UInt64 max_segment_size,
						UInt32 mapping_options, UInt64 max_transfer_size,
						UInt32 alignment, IOMapper *mapper,
						UInt64 offset, UInt64 length,
						bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;
	struct device *dev;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	ret = prepare_spec_device(owner, "IODMACommandPrepareWithSpecification", cmd, mapper,
				  mapping_options, &dev);
	if (ret)
		return ret;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	ret = __iodmacmd_prepare_with_spec(cmd, dev, &spec, offset, length, flush_cache,
					   synchronize);
	put_device(dev);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandPrepareWithSpecification, IODMACMD_NS);

/**
 * __IODMACommandPrepareWithSegmentOptions() - set new SegmentOptions, then prepare
 * @owner: the calling module, as for __IODMACommandWithSpecification()
 * @cmd: the command, not prepared
 * @out_seg_func: output function
 * @segment_options: the constraints
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: as for __IODMACommandPrepareWithSpecification()
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(outSegFunc,
 * segmentOptions, ...). Drivers call it as
 * IODMACommandPrepareWithSegmentOptions(). Differs from IOKit as
 * __IODMACommandPrepareWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: as __IODMACommandPrepareWithSpecification();
 * kIOReturnBadArgument also for a NULL or error-pointer @segment_options
 * (logged once).
 */
IOReturn __IODMACommandPrepareWithSegmentOptions(struct module *owner, IODMACommand *cmd,
						 IODMACommandSegmentFunction out_seg_func,
						 const IODMACommandSegmentOptions *segment_options,
						 UInt32 mapping_options, IOMapper *mapper,
						 UInt64 offset, UInt64 length,
						 bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;
	struct device *dev;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd) || iodmacmd_bad_ptr(segment_options))
		return kIOReturnBadArgument;
	ret = prepare_spec_device(owner, "IODMACommandPrepareWithSegmentOptions", cmd, mapper,
				  mapping_options, &dev);
	if (ret)
		return ret;
	ret = spec_from_options(&spec, out_seg_func, segment_options, mapping_options);
	if (!ret)
		ret = __iodmacmd_prepare_with_spec(cmd, dev, &spec, offset, length, flush_cache,
						   synchronize);
	put_device(dev);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandPrepareWithSegmentOptions, IODMACMD_NS);

/**
 * IODMACommandGetNumAddressBits() - the address width the command enforces
 * @cmd: the command
 *
 * IOKit: IODMACommand::getNumAddressBits(): 32 when 0 was given with a
 * 32-bit output function, and 0 for unlimited.
 *
 * Context: any context.
 * Return: the number of address bits, 0 for unlimited or no specification.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt8 IODMACommandGetNumAddressBits(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->address_bits : 0;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetNumAddressBits, IODMACMD_NS);

/**
 * IODMACommandGetAlignment() - the start alignment of the first segment
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignment().
 *
 * Context: any context.
 * Return: the alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignment(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignment, IODMACMD_NS);

/**
 * IODMACommandGetAlignmentLength() - the multiple every segment length is of
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignmentLength().
 *
 * Context: any context.
 * Return: the length alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignmentLength(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment_length : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignmentLength, IODMACMD_NS);

/**
 * IODMACommandGetAlignmentInternalSegments() - the start alignment of later segments
 * @cmd: the command
 *
 * IOKit: IODMACommand::getAlignmentInternalSegments().
 *
 * Context: any context.
 * Return: the alignment in bytes, at least 1.
 * 0 for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetAlignmentInternalSegments(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return iodmacmd_cmd_spec(cmd) ? iodmacmd_cmd_spec(cmd)->alignment_internal : 1;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetAlignmentInternalSegments, IODMACMD_NS);

/**
 * IODMACommandGetRefCon() - the caller's pointer
 * @cmd: the command
 *
 * IOKit: the public field IODMACommand::fRefCon. Linux face:
 * iodmacmd_cmd_refcon().
 *
 * Context: any context.
 * Return: the pointer.
 * NULL for a NULL or error-pointer @cmd (logged once).
 */
void *IODMACommandGetRefCon(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_cmd_refcon(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetRefCon, IODMACMD_NS);

/**
 * IODMACommandSetRefCon() - replace the caller's pointer
 * @cmd: the command
 * @refcon: the new pointer
 *
 * IOKit: assigning the public field IODMACommand::fRefCon. Linux face:
 * iodmacmd_cmd_set_refcon().
 *
 * A NULL or error-pointer @cmd is refused (logged once) and nothing is done.
 *
 * Context: any context.
 */
void IODMACommandSetRefCon(IODMACommand *cmd, void *refcon)
{
	if (iodmacmd_bad_ptr(cmd))
		return;
	iodmacmd_cmd_set_refcon(cmd, refcon);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSetRefCon, IODMACMD_NS);

/**
 * IODMACommandGetActive() - the prepare nesting depth
 * @cmd: the command
 *
 * IOKit: the public field IODMACommand::fActive, read-only here.
 *
 * Context: any context.
 * Return: 0 when not prepared, else the number of prepares to complete.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt32 IODMACommandGetActive(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return cmd->active;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetActive, IODMACMD_NS);

/**
 * IODMACommandSetMemoryDescriptor() - attach a descriptor
 * @cmd: the command
 * @mem: the descriptor, retained while attached; NULL only detaches
 * @auto_prepare: prepare the whole descriptor at once (IOKit's default true)
 *
 * IOKit: IODMACommand::setMemoryDescriptor(). Linux face: iodmacmd_set_md().
 * Attaching the descriptor already attached adds no prepare level; with
 * @auto_prepare false it completes the command fully. A failed automatic
 * prepare detaches the descriptor again. As in IOKit, the command does not
 * prepare (wire) the descriptor itself: call IOMemoryDescriptorPrepare()
 * first.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBusy when another descriptor is
 * attached and prepared; or the error of IODMACommandPrepare().
 * kIOReturnBadArgument for a NULL or error-pointer @cmd or an error-pointer
 * @mem (logged once), nothing changed.
 */
IOReturn IODMACommandSetMemoryDescriptor(IODMACommand *cmd, const IOMemoryDescriptor *mem,
					 bool auto_prepare)
{
	if (iodmacmd_bad_ptr(cmd) || (IS_ERR(mem) && iodmacmd_bad_ptr(mem)))
		return kIOReturnBadArgument;
	/* Retained, so not const in C: IOKit's const is about the memory. */
	return __iodmacmd_set_md(cmd, (IOMemoryDescriptor *)mem, auto_prepare);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSetMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandClearMemoryDescriptor() - detach the descriptor
 * @cmd: the command
 * @auto_complete: complete a prepared command fully first (IOKit's default
 *	true)
 *
 * IOKit: IODMACommand::clearMemoryDescriptor(). Linux face:
 * iodmacmd_clear_md(). Succeeds when nothing is attached.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or kIOReturnNotReady when prepared and
 * @auto_complete is false.
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandClearMemoryDescriptor(IODMACommand *cmd, bool auto_complete)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_clear_md(cmd, auto_complete);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandClearMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandGetMemoryDescriptor() - the attached descriptor
 * @cmd: the command
 *
 * IOKit: IODMACommand::getMemoryDescriptor(). Linux face: iodmacmd_get_md().
 *
 * Context: any context.
 * Return: the descriptor (not retained) or NULL.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
const IOMemoryDescriptor *IODMACommandGetMemoryDescriptor(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_get_md(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandGetIOMemoryDescriptor() - the descriptor the device accesses
 * @cmd: the command
 *
 * IOKit: IODMACommand::getIOMemoryDescriptor(), which returns the copy
 * buffer while whole-buffer bouncing is in use. Differs from IOKit:
 * iodmacmd's bounce memory is not a descriptor, so this is always the
 * attached descriptor; IODMACommandReadBytes() and IODMACommandWriteBytes()
 * reach the memory the device sees.
 *
 * Context: any context.
 * Return: the descriptor (not retained) or NULL.
 * NULL also for a NULL or error-pointer @cmd (logged once).
 */
IOMemoryDescriptor *IODMACommandGetIOMemoryDescriptor(const IODMACommand *cmd)
{
	if (iodmacmd_bad_ptr(cmd))
		return NULL;
	return iodmacmd_get_md(cmd);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetIOMemoryDescriptor, IODMACMD_NS);

/**
 * IODMACommandPrepare() - map the attached descriptor for DMA
 * @cmd: the command
 * @offset: first byte of the range, in the descriptor (IOKit's default 0)
 * @length: bytes; 0 means the descriptor's whole length (IOKit's default)
 * @flush_cache: for a NonCoherent command, make the memory visible to the
 *	device (IOKit's default true)
 * @synchronize: copy into bounce memory when the descriptor's direction
 *	includes Out or is None (IOKit's default true)
 *
 * IOKit: IODMACommand::prepare(). Linux face: iodmacmd_prepare(). Calls
 * nest; a nested call must name the same range. A range the device cannot
 * take as it is (beyond the address bits, misaligned, out of the device's
 * reach, or forced by IODMACommandSynchronize()) is bounced: segments,
 * IODMACommandReadBytes() and IODMACommandWriteBytes() then use bounce
 * memory. As in IOKit, the command does not prepare the descriptor: user
 * memory must be prepared first. Differs from IOKit: a failed prepare
 * changes nothing (IOKit leaves the nesting count raised); a range past
 * the descriptor's end is refused.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or
 * * kIOReturnNotReady: no specification or descriptor, a descriptor of user
 *   memory that is not prepared, or a nested call names another range;
 * * kIOReturnBadArgument: the range passes the descriptor's end;
 * * kIOReturnNoSpace: longer than max_transfer_size (or more segments than
 *   the Linux maximum segment count);
 * * kIOReturnNotAligned: the length is not a multiple of alignmentLength;
 * * kIOReturnNoResources: no bounce memory that fits (logged);
 * * kIOReturnUnderrun: the copy into bounce memory fell short;
 * * the DMA API's error as an IOReturn (kIOReturnNoMemory, ...).
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandPrepare(IODMACommand *cmd, UInt64 offset, UInt64 length,
			     bool flush_cache, bool synchronize)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_prepare(cmd, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepare, IODMACMD_NS);

/**
 * IODMACommandComplete() - end one level of IODMACommandPrepare()
 * @cmd: the command
 * @invalidate_cache: for a NonCoherent command, make the device's writes
 *	visible to the CPU (IOKit's default true)
 * @synchronize: copy back from bounce memory when the descriptor's
 *	direction includes In or is None (IOKit's default true)
 *
 * IOKit: IODMACommand::complete(). Linux face: iodmacmd_complete(). The
 * last level frees the bounce memory, if any.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnNotReady when not prepared, or
 * kIOReturnUnderrun when the copy back fell short (the command is
 * completed all the same).
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandComplete(IODMACommand *cmd, bool invalidate_cache, bool synchronize)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_complete(cmd, invalidate_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandComplete, IODMACMD_NS);

/**
 * IODMACommandGetPreparedOffsetAndLength() - the prepared range
 * @cmd: the command
 * @offset: set to the first byte, in the descriptor; may be NULL
 * @length: set to the length; may be NULL
 *
 * IOKit: IODMACommand::getPreparedOffsetAndLength(). Linux face:
 * iodmacmd_prepared_range().
 *
 * Context: any context.
 * Return: kIOReturnSuccess, or kIOReturnNotReady when not prepared.
 * kIOReturnBadArgument for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandGetPreparedOffsetAndLength(const IODMACommand *cmd, UInt64 *offset,
						UInt64 *length)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_prepared_range(cmd, offset, length);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetPreparedOffsetAndLength, IODMACMD_NS);

/**
 * IODMACommandSynchronize() - copy between the descriptor and the bounce memory
 * @cmd: a prepared command
 * @options: kIODirectionIn (bounce memory to the descriptor, after the
 *	device wrote), kIODirectionOut (the descriptor to bounce memory, before
 *	the device reads), or kForceDoubleBuffer (bounce the prepared range
 *	from now on)
 *
 * IOKit: IODMACommand::synchronize(). Linux face: iodmacmd_synchronize().
 * In and Out copy whatever the descriptor's direction; when the range is
 * not bounced they have nothing to do. kForceDoubleBuffer completes the
 * command and prepares the same range again, bounced (direction bits are
 * then ignored); a command already bounced stays as it is. If that prepare
 * fails, the command is left not prepared, as in IOKit. Differs from IOKit:
 * forcing works on every command but IterateOnly ones (IOKit ignores it in
 * its cursor mode, and leaves the request pending for a later prepare);
 * forcing a command prepared more than once is kIOReturnBusy (IOKit
 * silently does nothing); unknown option bits are refused.
 *
 * Context: process context, may sleep.
 * Return: the core's IOReturn unchanged: kIOReturnSuccess, or
 * * kIOReturnBadArgument: kIODirectionIn with kIODirectionOut (checked
 *   first, as in IOKit), or an unknown option bit;
 * * kIOReturnNotReady: the command is not prepared;
 * * kIOReturnUnderrun: a copy fell short;
 * * with kForceDoubleBuffer, kIOReturnBusy when prepared more than once,
 *   or the errors of IODMACommandComplete() and IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandSynchronize(IODMACommand *cmd, IOOptionBits options)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_synchronize(cmd, options);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandSynchronize, IODMACMD_NS);

/**
 * IODMACommandReadBytes() - read the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @bytes: destination
 * @length: bytes; clamped to the end of the prepared range
 *
 * IOKit: IODMACommand::readBytes(). Linux face: iodmacmd_cmd_read(). When
 * the range is bounced this reads the bounce memory, so data a device
 * wrote there is seen before IODMACommandComplete() or
 * IODMACommandSynchronize(kIODirectionIn), while
 * IOMemoryDescriptorReadBytes() still sees the descriptor's own memory;
 * otherwise it reads the descriptor's memory.
 *
 * Context: process context.
 * Return: bytes copied; 0 when the command is not prepared, @offset is at
 * or past the prepared length, or @bytes is NULL.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt64 IODMACommandReadBytes(IODMACommand *cmd, UInt64 offset, void *bytes, UInt64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	return __iodmacmd_cmd_rw(cmd, offset, bytes, length, false);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandReadBytes, IODMACMD_NS);

/**
 * IODMACommandWriteBytes() - write the memory the device sees
 * @cmd: a prepared command
 * @offset: first byte, relative to the prepared offset
 * @bytes: source
 * @length: bytes; clamped to the end of the prepared range
 *
 * IOKit: IODMACommand::writeBytes(). Linux face: iodmacmd_cmd_write(). When
 * the range is bounced this writes the bounce memory only: the descriptor
 * sees the bytes after IODMACommandSynchronize(kIODirectionIn) or a
 * completion that copies back.
 *
 * Context: process context.
 * Return: bytes copied; 0 when the command is not prepared, @offset is at
 * or past the prepared length, or @bytes is NULL.
 * 0 also for a NULL or error-pointer @cmd (logged once).
 */
UInt64 IODMACommandWriteBytes(IODMACommand *cmd, UInt64 offset, const void *bytes,
			      UInt64 length)
{
	if (iodmacmd_bad_ptr(cmd))
		return 0;
	/* Only read from: the core's argument serves both directions. */
	return __iodmacmd_cmd_rw(cmd, offset, (void *)bytes, length, true);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWriteBytes, IODMACMD_NS);

/**
 * IODMACommandGenIOVMSegmentsWithFunction() - the next segments, through an output function
 * @cmd: a prepared command
 * @out_seg_func: writes each segment into @segments for this call only
 * @offset: in: where to continue, relative to the prepared offset (0 at
 *	first); out: the end of the last segment written
 * @segments: the caller's array, passed to @out_seg_func
 * @num_segments: in: room in @segments; out: segments written (at least 1)
 *
 * IOKit: IODMACommand::genIOVMSegments(SegmentFunction, ...). Linux face:
 * iodmacmd_gen_segments_with(), which returns a count instead. The transfer
 * is complete when *@offset equals the prepared length. Differs from IOKit:
 * a 32-bit output refuses a segment that needs more bits instead of
 * truncating it.
 *
 * Context: any context, unless @out_seg_func sleeps.
 * Return: kIOReturnSuccess, or
 * * kIOReturnNotReady: the command is not prepared;
 * * kIOReturnBadArgument: a NULL pointer or *@num_segments 0;
 * * kIOReturnOverrun: *@offset is at or past the end of the prepared range;
 * * kIOReturnMessageTooLarge: @out_seg_func refused a segment, or an
 *   IterateOnly segment lies beyond the address bits;
 * * kIOReturnNotAligned: an IterateOnly segment breaks an alignment.
 * On error *@offset and *@num_segments are unchanged; entries written
 * before the error stay written.
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once).
 */
IOReturn IODMACommandGenIOVMSegmentsWithFunction(IODMACommand *cmd,
						 IODMACommandSegmentFunction out_seg_func,
						 UInt64 *offset, void *segments,
						 UInt32 *num_segments)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	return __iodmacmd_gen_segments(cmd, out_seg_func, offset, segments, num_segments);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGenIOVMSegmentsWithFunction, IODMACMD_NS);

/**
 * IODMACommandGenIOVMSegments() - the next segments, through the command's output
 * @cmd: a prepared command
 * @offset: as for IODMACommandGenIOVMSegmentsWithFunction()
 * @segments: array of entries of the command's output function
 * @num_segments: as for IODMACommandGenIOVMSegmentsWithFunction()
 *
 * IOKit: IODMACommand::genIOVMSegments(UInt64 *, void *, UInt32 *). Linux
 * face: iodmacmd_gen_segments_with(cmd, <the command's output>, ...).
 *
 * Context: any context, unless the output function sleeps.
 * Return: as IODMACommandGenIOVMSegmentsWithFunction(); kIOReturnNotReady
 * also for a command without a specification.
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first.
 */
IOReturn IODMACommandGenIOVMSegments(IODMACommand *cmd, UInt64 *offset, void *segments,
				     UInt32 *num_segments)
{
	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	if (!iodmacmd_cmd_spec(cmd))
		return kIOReturnNotReady;
	return __iodmacmd_gen_segments(cmd, iodmacmd_cmd_spec(cmd)->output, offset, segments,
				       num_segments);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGenIOVMSegments, IODMACMD_NS);
