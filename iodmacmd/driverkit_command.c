// SPDX-License-Identifier: GPL-2.0
/*
 * The DriverKit face of IODMACommand (<DriverKit/IODMACommand.h>), for
 * drivers ported from dexts: Create(), PrepareForDMA(), CompleteDMA(),
 * GetPreparation() and PerformOperation() as C functions over the core
 * command, the one the kext face (iokit_command.c) and the Linux face use.
 *
 * DriverKit gives a dext one call where a kext makes four: PrepareForDMA()
 * prepares the descriptor, attaches it, prepares the command and generates
 * the segments into the caller's array; CompleteDMA() undoes all of it.
 * The command remembers that it prepared the descriptor (md_wired), so
 * that CompleteDMA(), a failure half way and the last release all give
 * that prepare back, as Apple's DextOwner command does on free().
 *
 * Where this differs from Apple's kernel side (IOUserServer.cpp), the
 * function's comment says so. The main difference: a range that needs more
 * segments than the caller's array holds is refused (kIOReturnNoSpace,
 * with the count it needs), where Apple returns success with a list that
 * covers only part of it. A dext written for Apple silicon, where the DART
 * maps any buffer as one segment, reads segs[0] and moves on; on Linux
 * without an IOMMU the same buffer can be several segments, and the device
 * would silently miss the rest.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <DriverKit/IODMACommand.h>

#include "checks.h"
#include "cmd.h"
#include "md.h"

/* A device can drive at most 64 address bits, whatever it claims. */
#define DK_MAX_ADDRESS_BITS	64
/* DriverKit's limit: a uint8_t holds the address bit count. */
#define DK_ADDRESS_BITS_LIMIT	255
/* Segments generated per call while counting what a range needs. */
#define DK_COUNT_BATCH		16

/**
 * __IODMACommandCreate() - create a command for a device
 * @owner: the calling module, whose provider a %NULL @device stands for
 *	(IODMACommandCreate() passes THIS_MODULE)
 * @device: the device that does the DMA (a dext's IOPCIDevice: &pdev->dev),
 *	or %NULL for the provider @owner bound with IOServiceBindProvider()
 * @options: kIODMACommandCreateNoOptions
 * @specification: the device's address width in @maxAddressBits (0 or
 *	above 64 mean 64); its options and reserved words are not read, as in
 *	DriverKit
 * @command: set to the command, with one reference; %NULL on failure
 *
 * DriverKit: IODMACommand::Create(). Apple builds a Host64 command with the
 * given address bits, no segment or transfer size limit, alignment 1, and
 * the Mapped type for the device's mapper; so does this, with the DMA API
 * for @device as the mapper (the IOMMU if one translates). Kext face:
 * IODMACommandWithSegmentOptions(kIODMACommandOutputHost64, ...,
 * kIODMAMapOptionMapped, @device, NULL). Linux face: iodmacmd_cmd_create().
 * A command's address width beyond the device's DMA mask is bounded by the
 * mask: set the mask in probe (dma_set_mask_and_coherent()) to what the
 * hardware drives.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other @options, more
 * than 255 address bits, a %NULL @specification or @command, or an error
 * pointer @device (logged); kIOReturnNoDevice for a %NULL @device in a
 * module with no provider (logged, saying what to do); kIOReturnNoMemory
 * when out of memory.
 */
kern_return_t __IODMACommandCreate(struct module *owner, IOService *device, uint64_t options,
				   const IODMACommandSpecification *specification,
				   IODMACommand **command)
{
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.alignment = 1,
		.alignment_length = 1,
		.alignment_internal = 1,
		.mapping_options = IODMACMD_MAP_MAPPED,
	};
	struct iodmacmd_cmd *cmd;
	struct device *dev;
	IOReturn ret;

	if (iodmacmd_bad_ptr(command))
		return kIOReturnBadArgument;
	*command = NULL;
	if (options != kIODMACommandCreateNoOptions) {
		pr_warn_ratelimited("IODMACommandCreate: unknown options %#llx\n", options);
		return kIOReturnBadArgument;
	}
	if (iodmacmd_bad_ptr(specification) || (device && iodmacmd_bad_ptr(device)))
		return kIOReturnBadArgument;
	if (specification->maxAddressBits > DK_ADDRESS_BITS_LIMIT) {
		pr_warn_ratelimited("IODMACommandCreate: %llu address bits: at most 255\n",
				    specification->maxAddressBits);
		return kIOReturnBadArgument;
	}
	/* 0 means 64 to the core, as a width beyond 64 does to a device. */
	spec.address_bits = min_t(u64, specification->maxAddressBits, DK_MAX_ADDRESS_BITS);
	dev = device ? get_device(device) : iodmacmd_provider_get(owner, "IODMACommandCreate");
	if (!dev)
		return kIOReturnNoDevice;
	cmd = __iodmacmd_cmd_create(dev, &spec, NULL, &ret);
	put_device(dev);
	if (!cmd)
		return ret;
	*command = cmd;
	return kIOReturnSuccess;
}
EXPORT_SYMBOL_NS_GPL(__IODMACommandCreate, IODMACMD_NS);

/*
 * Counts the segments of the prepared range from @offset on, into a small
 * scratch array: what a refused PrepareForDMA() tells the caller it needs.
 * Return: the count, at least @done; @done when generation fails.
 */
static u32 count_segments(struct iodmacmd_cmd *cmd, u64 offset, u32 done)
{
	struct iodmacmd_segment scratch[DK_COUNT_BATCH];
	u32 n;

	while (offset < cmd->prep_length) {
		n = ARRAY_SIZE(scratch);
		if (__iodmacmd_gen_segments(cmd, iodmacmd_output_host64, &offset, scratch, &n))
			break;
		done += n;
	}
	return done;
}

/* DriverKit's flags: what the device may do with the memory. */
static uint64_t direction_flags(const struct iodmacmd_md *md)
{
	uint64_t flags = 0;

	if (md->direction & IODMACMD_DIR_OUT)
		flags |= kIOMemoryDirectionOut;
	if (md->direction & IODMACMD_DIR_IN)
		flags |= kIOMemoryDirectionIn;
	return flags;
}

/* Everything PrepareForDMA() checks before it changes anything. */
static IOReturn check_prepare_args(IODMACommand *command, uint64_t options,
				   IOMemoryDescriptor *memory, uint64_t *flags,
				   uint32_t *segmentsCount, IOAddressSegment *segments)
{
	if (options != kIODMACommandPrepareForDMANoOptions) {
		iodmacmd_cmd_warn(command, "PrepareForDMA: unknown options %#llx\n", options);
		return kIOReturnBadArgument;
	}
	if (iodmacmd_bad_ptr(memory) || iodmacmd_bad_ptr(flags) ||
	    iodmacmd_bad_ptr(segmentsCount) || iodmacmd_bad_ptr(segments))
		return kIOReturnBadArgument;
	if (!*segmentsCount) {
		iodmacmd_cmd_warn(command, "PrepareForDMA: an array of 0 segments\n");
		return kIOReturnBadArgument;
	}
	if (!command->tag)
		return kIOReturnNotReady;
	return kIOReturnSuccess;
}

/*
 * The range PrepareForDMA() prepares: DriverKit's length 0 is the whole
 * memory, which from a non-zero offset can only mean up to its end.
 */
static IOReturn prepare_range(IOMemoryDescriptor *memory, u64 offset, u64 *length)
{
	u64 md_length = READ_ONCE(memory->length);

	if (*length)
		return kIOReturnSuccess;
	if (offset > md_length)
		return kIOReturnBadArgument;
	*length = md_length - offset;
	/* Nothing left from a non-zero offset: the core takes 0 as "all". */
	return *length || !offset ? kIOReturnSuccess : kIOReturnBadArgument;
}

/* PrepareForDMA() under the command's lock, rolled back on failure. */
static IOReturn prepare_for_dma(IODMACommand *command, IOMemoryDescriptor *memory,
				u64 offset, u64 length, uint64_t *flags,
				uint32_t *segmentsCount, IOAddressSegment *segments)
{
	u32 n = *segmentsCount;
	u64 gen_offset = 0;
	IOReturn ret;

	if (command->active) {
		iodmacmd_cmd_warn(command, "PrepareForDMA on a prepared command: CompleteDMA first\n");
		return kIOReturnBusy;
	}
	ret = prepare_range(memory, offset, &length);
	if (ret)
		return ret;
	ret = __iodmacmd_md_prepare(memory, IODMACMD_DIR_NONE);
	if (ret)
		return ret;
	ret = __iodmacmd_set_md(command, memory, false);
	if (ret) {
		__iodmacmd_md_complete(memory, IODMACMD_DIR_NONE);
		return ret;
	}
	/* From here, detaching the descriptor completes it. */
	command->md_wired = true;
	ret = __iodmacmd_prepare(command, offset, length, true, true);
	if (ret)
		goto err_detach;
	static_assert(sizeof(IOAddressSegment) == sizeof(struct iodmacmd_segment));
	ret = __iodmacmd_gen_segments(command, iodmacmd_output_host64, &gen_offset, segments, &n);
	if (ret)
		goto err_complete;
	if (gen_offset < command->prep_length) {
		n = count_segments(command, gen_offset, n);
		iodmacmd_cmd_warn(command, "PrepareForDMA: %#llx bytes need %u segments, the array holds %u: refused (macOS would return a partial list)\n",
				  command->prep_length, n, *segmentsCount);
		*segmentsCount = n;
		ret = kIOReturnNoSpace;
		goto err_complete;
	}
	if (command->bounce)
		iodmacmd_cmd_log(command,
				 "PrepareForDMA bounced (%s): the device sees the data as copied now, the CPU as copied back at CompleteDMA\n",
				 iodmacmd_cmd_bounce_reason(command));
	*flags = direction_flags(memory);
	*segmentsCount = n;
	return kIOReturnSuccess;

err_complete:
	/*
	 * Without copying back: no device ran, and bounce memory of an In
	 * range holds zeros, not the caller's bytes.
	 */
	__iodmacmd_complete(command, false, false);
err_detach:
	__iodmacmd_clear_md(command, true);
	return ret;
}

/**
 * IODMACommandPrepareForDMA() - map a descriptor range and return its segments
 * @command: a command from IODMACommandCreate(), not prepared
 * @options: kIODMACommandPrepareForDMANoOptions
 * @memory: the descriptor; prepared by this call (its direction decides
 *	the copies, if the range is bounced) until IODMACommandCompleteDMA()
 * @offset: the first byte of the range in @memory
 * @length: bytes; 0 means from @offset to the end of @memory
 * @flags: set to what the device may do: kIOMemoryDirectionOut (read the
 *	memory) and kIOMemoryDirectionIn (write it), from @memory's direction
 * @segmentsCount: in, the entries @segments holds (Apple's array has 32;
 *	a larger one is taken at its word); out, the entries filled. When the
 *	range needs more, the count it needs
 * @segments: filled with the bus address and length of each segment, in
 *	order; together they cover the range exactly
 *
 * DriverKit: IODMACommand::PrepareForDMA(). Kext face: the
 * IOMemoryDescriptorPrepare(), IODMACommandSetMemoryDescriptor(cmd, md,
 * false), IODMACommandPrepare(cmd, @offset, @length) and
 * IODMACommandGenIOVMSegments() calls it makes, undone in reverse on any
 * failure. While prepared, the device uses the segments and the dext the
 * memory's own address (GetAddressRange()), with no sync call: see
 * <DriverKit/IOBufferMemoryDescriptor.h> for when they are the same bytes.
 *
 * Differs from Apple: a range that needs more segments than @segmentsCount
 * is refused with kIOReturnNoSpace and the count it needs, where Apple
 * returns success with a partial list (a device given only part of a range
 * loses data silently); a prepared command is refused with kIOReturnBusy,
 * where Apple prepares the same descriptor a second time and leaks the
 * first; a @length of 0 from a non-zero @offset prepares to the end, where
 * Apple prepares past it.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other @options, a
 * %NULL or error pointer argument, a @segmentsCount of 0, or a range past
 * the end of @memory; kIOReturnNotReady for a command without a
 * specification (one made with the kext face's IODMACommandAlloc());
 * kIOReturnBusy when already prepared; kIOReturnNoSpace when the range
 * needs more segments than @segmentsCount (logged); or the error of the
 * descriptor's prepare or the command's (see iodmacmd_prepare()). On
 * failure @command and @memory are as they were.
 */
kern_return_t IODMACommandPrepareForDMA(IODMACommand *command, uint64_t options,
					IOMemoryDescriptor *memory, uint64_t offset,
					uint64_t length, uint64_t *flags,
					uint32_t *segmentsCount, IOAddressSegment *segments)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(command))
		return kIOReturnBadArgument;
	ret = check_prepare_args(command, options, memory, flags, segmentsCount, segments);
	if (ret)
		return ret;
	mutex_lock(&command->dext_lock);
	ret = prepare_for_dma(command, memory, offset, length, flags, segmentsCount, segments);
	mutex_unlock(&command->dext_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPrepareForDMA, IODMACMD_NS);

/**
 * IODMACommandCompleteDMA() - end what IODMACommandPrepareForDMA() began
 * @command: the command
 * @options: kIODMACommandCompleteDMANoOptions
 *
 * DriverKit: IODMACommand::CompleteDMA(). Completes the command (copying
 * back from bounce memory when the descriptor's direction includes In),
 * detaches the descriptor and completes it. Kext face:
 * IODMACommandClearMemoryDescriptor(cmd, true) and
 * IOMemoryDescriptorComplete(). A command prepared with the kext face is
 * completed and cleared too; its descriptor, which the command did not
 * prepare, is not completed.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other @options or a
 * %NULL or error pointer @command; kIOReturnNotReady when not prepared; or
 * the descriptor's complete error (the command is cleared even then).
 */
kern_return_t IODMACommandCompleteDMA(IODMACommand *command, uint64_t options)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(command))
		return kIOReturnBadArgument;
	if (options != kIODMACommandCompleteDMANoOptions) {
		iodmacmd_cmd_warn(command, "CompleteDMA: unknown options %#llx\n", options);
		return kIOReturnBadArgument;
	}
	mutex_lock(&command->dext_lock);
	ret = command->active ? __iodmacmd_clear_md(command, true) : kIOReturnNotReady;
	mutex_unlock(&command->dext_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandCompleteDMA, IODMACMD_NS);

/**
 * IODMACommandGetPreparation() - what the command is prepared for
 * @command: the command
 * @offset: set to the first prepared byte in the descriptor; may be %NULL
 * @length: set to the prepared length; may be %NULL
 * @memory: set to the descriptor, with a reference the caller releases
 *	(OSSafeReleaseNULL()); may be %NULL
 *
 * DriverKit: IODMACommand::GetPreparation() (the only name Apple has for
 * it). Kext face: IODMACommandGetPreparedOffsetAndLength() and
 * IODMACommandGetIOMemoryDescriptor().
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for a %NULL or error
 * pointer @command; kIOReturnNotReady when not prepared (the outputs are
 * left alone).
 */
kern_return_t IODMACommandGetPreparation(IODMACommand *command, uint64_t *offset,
					 uint64_t *length, IOMemoryDescriptor **memory)
{
	IOReturn ret;

	if (iodmacmd_bad_ptr(command))
		return kIOReturnBadArgument;
	mutex_lock(&command->dext_lock);
	ret = __iodmacmd_prepared_range(command, offset, length);
	if (!ret && memory) {
		iodmacmd_md_get(command->md);
		*memory = command->md;
	}
	mutex_unlock(&command->dext_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandGetPreparation, IODMACMD_NS);

/* The range checks of PerformOperation(), before any byte moves. */
static IOReturn check_operation(IODMACommand *command, uint64_t options, u64 dma_offset,
				u64 length, u64 data_offset, IOMemoryDescriptor *data)
{
	if (options != kIODMACommandPerformOperationOptionRead &&
	    options != kIODMACommandPerformOperationOptionWrite &&
	    options != kIODMACommandPerformOperationOptionZero) {
		iodmacmd_cmd_warn(command, "PerformOperation: options %#llx: one of Read, Write or Zero\n",
				  options);
		return kIOReturnBadArgument;
	}
	if (!command->active)
		return kIOReturnNotReady;
	if (length > command->md->length)
		return kIOReturnBadArgument;
	if (dma_offset > command->prep_length || length > command->prep_length - dma_offset)
		return kIOReturnUnderrun;
	if (options == kIODMACommandPerformOperationOptionZero)
		return kIOReturnSuccess;
	if (iodmacmd_bad_ptr(data) || length > READ_ONCE(data->length))
		return kIOReturnBadArgument;
	if (data_offset > READ_ONCE(data->length) - length)
		return kIOReturnUnderrun;
	return kIOReturnSuccess;
}

/* One piece of PerformOperation(), through @bounce. */
static IOReturn operation_piece(IODMACommand *command, uint64_t options, u64 dma_offset,
				u64 len, u64 data_offset, IOMemoryDescriptor *data, void *bounce)
{
	switch (options) {
	case kIODMACommandPerformOperationOptionWrite:
		if (iodmacmd_md_read(data, data_offset, bounce, len) != len)
			return kIOReturnUnderrun;
		fallthrough;
	case kIODMACommandPerformOperationOptionZero:
		if (__iodmacmd_cmd_rw(command, dma_offset, bounce, len, true) != len)
			return kIOReturnUnderrun;
		return kIOReturnSuccess;
	default:
		if (__iodmacmd_cmd_rw(command, dma_offset, bounce, len, false) != len ||
		    iodmacmd_md_write(data, data_offset, bounce, len) != len)
			return kIOReturnUnderrun;
		return kIOReturnSuccess;
	}
}

/**
 * IODMACommandPerformOperation() - CPU access to the memory the device sees
 * @command: a prepared command
 * @options: one of kIODMACommandPerformOperationOptionRead (copy from the
 *	DMA range into @data), kIODMACommandPerformOperationOptionWrite (copy
 *	from @data into the DMA range) or kIODMACommandPerformOperationOptionZero
 *	(zero the DMA range)
 * @dmaOffset: the first byte, relative to the prepared range
 * @length: bytes; 0 does nothing
 * @dataOffset: the first byte in @data
 * @data: the caller's descriptor; %NULL for Zero
 *
 * DriverKit: IODMACommand::PerformOperation(). The DMA side is what the
 * device sees: the bounce memory when the range is bounced, the memory
 * itself otherwise (kext face: IODMACommandReadBytes() and
 * IODMACommandWriteBytes()). Copies go through a page at a time, where
 * Apple allocates @length bytes at once.
 *
 * Differs from Apple: every range is checked before a byte moves, so a
 * refused operation changes nothing (Apple copies what fits before it
 * returns kIOReturnUnderrun), and @dataOffset counts in the check on @data
 * (Apple checks @length alone).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess; kIOReturnBadArgument for other @options, a
 * %NULL or error pointer @command, or @data for Read and Write, or a
 * @length beyond the command's descriptor or @data; kIOReturnNotReady when
 * not prepared; kIOReturnUnderrun for a range that ends past the prepared
 * range or past @data; kIOReturnNoMemory when out of memory.
 */
kern_return_t IODMACommandPerformOperation(IODMACommand *command, uint64_t options,
					   uint64_t dmaOffset, uint64_t length,
					   uint64_t dataOffset, IOMemoryDescriptor *data)
{
	u64 done, len;
	void *bounce;
	IOReturn ret;

	if (iodmacmd_bad_ptr(command))
		return kIOReturnBadArgument;
	mutex_lock(&command->dext_lock);
	ret = check_operation(command, options, dmaOffset, length, dataOffset, data);
	if (ret || !length)
		goto out;
	ret = kIOReturnNoMemory;
	bounce = kzalloc(min_t(u64, length, PAGE_SIZE), GFP_KERNEL);
	if (!bounce)
		goto out;
	for (done = 0; done < length; done += len) {
		len = min_t(u64, length - done, PAGE_SIZE);
		ret = operation_piece(command, options, dmaOffset + done, len, dataOffset + done,
				      data, bounce);
		if (ret)
			break;
	}
	kfree(bounce);
out:
	mutex_unlock(&command->dext_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(IODMACommandPerformOperation, IODMACMD_NS);
