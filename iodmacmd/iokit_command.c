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
#include <IOKit/IODMACommand.h>

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
 * A Linux command's device is fixed at creation: a later mapper may only
 * name it again, or be NULL (IOKit's default) for the same device.
 */
static bool same_device(const struct iodmacmd_cmd *cmd, struct device *mapper)
{
	return !mapper || mapper == cmd->dev;
}

/**
 * IODMACommandWithSpecification() - create a command with a device's constraints
 * @out_seg_func: output function (kIODMACommandOutput* or the driver's own)
 * @num_address_bits: bus address width; 0 means 64, or 32 with a 32-bit output
 * @max_segment_size: largest segment; 0 means unlimited
 * @mapping_options: kIODMAMapOption* type and flags (IOKit's default is
 *	kIODMAMapOptionMapped)
 * @max_transfer_size: largest prepared length; 0 means unlimited
 * @alignment: start alignment of every segment (power of two; 0 means 1)
 * @mapper: the device the command maps memory for; required for the Mapped
 *	and NonCoherent types, optional for Bypassed and Unmapped
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(), the eight-argument form: the
 * length alignment is 1 and later segments are aligned like the first.
 * Linux face: iodmacmd_cmd_create(). Differs from IOKit: @mapper is the
 * Linux device (IOKit's NULL "system mapper" does not exist: a Mapped
 * command without a device fails); alignments that are not powers of two
 * and more than 64 address bits are refused (the reason is logged).
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for an invalid specification, an
 * error-pointer @mapper (logged once) or when out of memory.
 */
IODMACommand *IODMACommandWithSpecification(IODMACommandSegmentFunction out_seg_func,
					    UInt8 num_address_bits, UInt64 max_segment_size,
					    UInt32 mapping_options, UInt64 max_transfer_size,
					    UInt32 alignment, struct device *mapper,
					    void *refcon)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	/* NULL is a valid mapper (no device); an error pointer is not. */
	if (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper))
		return NULL;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return __iodmacmd_cmd_create(mapper, &spec, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithSpecification, IODMACMD_NS);

/**
 * IODMACommandWithSegmentOptions() - create a command from SegmentOptions
 * @out_seg_func: output function
 * @segment_options: the constraints, all three alignments included
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: the device, as for IODMACommandWithSpecification()
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withSpecification(outSegFunc, segmentOptions,
 * mappingOptions, mapper, refCon). Linux face: iodmacmd_cmd_create(), whose
 * struct iodmacmd_spec also reaches the Linux extensions (segment boundary,
 * maximum segment count). Differs from IOKit as
 * IODMACommandWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: the command, or NULL for a NULL or error-pointer @segment_options
 * (logged once), an invalid specification, an error-pointer @mapper (logged
 * once), or when out of memory.
 */
IODMACommand *IODMACommandWithSegmentOptions(IODMACommandSegmentFunction out_seg_func,
					     const IODMACommandSegmentOptions *segment_options,
					     UInt32 mapping_options, struct device *mapper,
					     void *refcon)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	if (iodmacmd_bad_ptr(segment_options) || (IS_ERR(mapper) && iodmacmd_bad_ptr(mapper)))
		return NULL;
	if (spec_from_options(&spec, out_seg_func, segment_options, mapping_options))
		return NULL;
	return __iodmacmd_cmd_create(mapper, &spec, refcon, &ret);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWithSegmentOptions, IODMACMD_NS);

/**
 * IODMACommandWeakWithSpecification() - create a command, reporting an IOReturn
 * @new_command: set to the command, or to NULL on failure
 * @out_seg_func: as for IODMACommandWithSpecification()
 * @num_address_bits: as for IODMACommandWithSpecification()
 * @max_segment_size: as for IODMACommandWithSpecification()
 * @mapping_options: as for IODMACommandWithSpecification()
 * @max_transfer_size: as for IODMACommandWithSpecification()
 * @alignment: as for IODMACommandWithSpecification()
 * @mapper: as for IODMACommandWithSpecification()
 * @refcon: as for IODMACommandWithSpecification()
 *
 * IOKit: IODMACommand::weakWithSpecification(). The class always exists
 * here, so kIOReturnUnsupported is never returned.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a NULL or
 * error-pointer @new_command (logged once); kIOReturnError when the command
 * cannot be created (invalid specification, an error-pointer @mapper, or no
 * memory).
 */
IOReturn IODMACommandWeakWithSpecification(IODMACommand **new_command,
					   IODMACommandSegmentFunction out_seg_func,
					   UInt8 num_address_bits, UInt64 max_segment_size,
					   UInt32 mapping_options, UInt64 max_transfer_size,
					   UInt32 alignment, struct device *mapper,
					   void *refcon)
{
	if (iodmacmd_bad_ptr(new_command))
		return kIOReturnBadArgument;
	*new_command = IODMACommandWithSpecification(out_seg_func, num_address_bits,
						     max_segment_size, mapping_options,
						     max_transfer_size, alignment, mapper, refcon);
	return *new_command ? kIOReturnSuccess : kIOReturnError;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandWeakWithSpecification, IODMACMD_NS);

/**
 * IODMACommandWithRefCon() - create a command to specify later
 * @refcon: the caller's pointer
 *
 * IOKit: IODMACommand::withRefCon(). IODMACommandPrepare() returns
 * kIOReturnNotReady until IODMACommandPrepareWithSpecification() supplies
 * a specification. The command has no device, so only the Bypassed and
 * Unmapped types can be specified; see IODMACommandWithDeviceAndRefCon().
 * Linux face: iodmacmd_cmd_create_unspecified(NULL, @refcon).
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
 * IODMACommandWithDeviceAndRefCon() - create a command for a device, to specify later
 * @device: the device the command will map memory for
 * @refcon: the caller's pointer
 *
 * A Linux addition to IOKit's withRefCon(): a command's device is fixed at
 * creation, so one that a later IODMACommandPrepareWithSpecification() gives
 * a Mapped type needs it now. Linux face: iodmacmd_cmd_create_unspecified().
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
 * IODMACommandRelease() - free a command
 * @cmd: the command, NULL or an error pointer
 *
 * IOKit: OSObject::release() of the last reference, which runs free(): a
 * command has a single owner here, so this always destroys it. Linux face:
 * iodmacmd_cmd_destroy(). Differs from IOKit: IOKit's free() leaves the
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
 * IODMACommandPrepareWithSpecification() - set a new specification, then prepare
 * @cmd: the command, not prepared
 * @out_seg_func: as for IODMACommandWithSpecification()
 * @num_address_bits: as for IODMACommandWithSpecification()
 * @max_segment_size: as for IODMACommandWithSpecification()
 * @mapping_options: as for IODMACommandWithSpecification()
 * @max_transfer_size: as for IODMACommandWithSpecification()
 * @alignment: as for IODMACommandWithSpecification()
 * @mapper: NULL or the command's own device
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(), the eight-argument
 * form. Linux face: iodmacmd_prepare_with_spec(). Differs from IOKit: the
 * device cannot change after creation, so @mapper must be NULL or the
 * device the command was created with.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnNotPermitted while prepared;
 * kIOReturnBadArgument for another device or an invalid specification; or
 * the error of IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first.
 */
IOReturn IODMACommandPrepareWithSpecification(IODMACommand *cmd,
					      IODMACommandSegmentFunction out_seg_func,
					      UInt8 num_address_bits, UInt64 max_segment_size,
					      UInt32 mapping_options, UInt64 max_transfer_size,
					      UInt32 alignment, struct device *mapper,
					      UInt64 offset, UInt64 length,
					      bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;

	if (iodmacmd_bad_ptr(cmd))
		return kIOReturnBadArgument;
	/* IOKit checks the state before the arguments. */
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (!same_device(cmd, mapper))
		return kIOReturnBadArgument;
	spec_from_args(&spec, out_seg_func, num_address_bits, max_segment_size, mapping_options,
		       max_transfer_size, alignment);
	return __iodmacmd_prepare_with_spec(cmd, &spec, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepareWithSpecification, IODMACMD_NS);

/**
 * IODMACommandPrepareWithSegmentOptions() - set new SegmentOptions, then prepare
 * @cmd: the command, not prepared
 * @out_seg_func: output function
 * @segment_options: the constraints
 * @mapping_options: kIODMAMapOption* type and flags
 * @mapper: NULL or the command's own device
 * @offset: as for IODMACommandPrepare()
 * @length: as for IODMACommandPrepare()
 * @flush_cache: as for IODMACommandPrepare()
 * @synchronize: as for IODMACommandPrepare()
 *
 * IOKit: IODMACommand::prepareWithSpecification(outSegFunc,
 * segmentOptions, ...). Differs from IOKit as
 * IODMACommandPrepareWithSpecification() does.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnNotPermitted while prepared;
 * kIOReturnBadArgument for a NULL @segment_options, another device or an
 * invalid specification; or the error of IODMACommandPrepare().
 * kIOReturnBadArgument also for a NULL or error-pointer @cmd (logged once),
 * checked first, or an error-pointer @segment_options.
 */
IOReturn IODMACommandPrepareWithSegmentOptions(IODMACommand *cmd,
					       IODMACommandSegmentFunction out_seg_func,
					       const IODMACommandSegmentOptions *segment_options,
					       UInt32 mapping_options, struct device *mapper,
					       UInt64 offset, UInt64 length,
					       bool flush_cache, bool synchronize)
{
	struct iodmacmd_spec spec;
	IOReturn ret;

	if (iodmacmd_bad_ptr(cmd) || iodmacmd_bad_ptr(segment_options))
		return kIOReturnBadArgument;
	if (cmd->active)
		return kIOReturnNotPermitted;
	if (!same_device(cmd, mapper))
		return kIOReturnBadArgument;
	ret = spec_from_options(&spec, out_seg_func, segment_options, mapping_options);
	if (ret)
		return ret;
	return __iodmacmd_prepare_with_spec(cmd, &spec, offset, length, flush_cache, synchronize);
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepareWithSegmentOptions, IODMACMD_NS);

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
