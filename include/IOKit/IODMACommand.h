/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IODMACommand for porters: the class's methods as C functions named
 * IODMACommand<Method>, taking the command first. cmd->prepare() becomes
 * IODMACommandPrepare(cmd, 0, 0, true, true): C has no default arguments,
 * so each call spells out Apple's defaults. Overloads get a suffix naming
 * what tells them apart (WithSegmentOptions, WithFunction).
 *
 * An IODMACommand is iodmacmd's struct iodmacmd_cmd, and its segments and
 * output functions are iodmacmd's, so both faces work on the same objects.
 * The functions return Apple's IOReturn codes unchanged. Where IOKit takes
 * an IOMapper, a Linux driver passes its struct device (IOMapper is a
 * struct device here): the command maps memory for that device with the
 * DMA API, which uses the IOMMU if any. A NULL mapper with the Mapped or
 * NonCoherent type is IOKit's system mapper: the provider the calling
 * module bound in probe with IOServiceBindProvider(dev).
 */
#ifndef _IOKIT_IODMACOMMAND_H
#define _IOKIT_IODMACOMMAND_H

#include <linux/module.h>
#include <IOKit/IOTypes.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOService.h>

typedef struct iodmacmd_cmd IODMACommand;

/* IODMACommand::Segment32 and Segment64, with fIOVMAddr and fLength. */
typedef struct iodmacmd_segment32 IODMACommandSegment32;
typedef struct iodmacmd_segment IODMACommandSegment64;

/* IODMACommand::SegmentFunction */
typedef iodmacmd_output_t IODMACommandSegmentFunction;

/* The built-in output functions. */
#define kIODMACommandOutputHost32	iodmacmd_output_host32
#define kIODMACommandOutputBig32	iodmacmd_output_big32
#define kIODMACommandOutputLittle32	iodmacmd_output_little32
#define kIODMACommandOutputHost64	iodmacmd_output_host64
#define kIODMACommandOutputBig64	iodmacmd_output_big64
#define kIODMACommandOutputLittle64	iodmacmd_output_little64

/* IODMACommand::MappingOptions */
#define kIODMAMapOptionMapped		IODMACMD_MAP_MAPPED
#define kIODMAMapOptionBypassed		IODMACMD_MAP_BYPASSED
#define kIODMAMapOptionNonCoherent	IODMACMD_MAP_NONCOHERENT
#define kIODMAMapOptionUnmapped		IODMACMD_MAP_UNMAPPED
#define kIODMAMapOptionTypeMask		IODMACMD_MAP_TYPE_MASK
#define kIODMAMapOptionNoCacheStore	IODMACMD_MAP_NO_CACHE_STORE
#define kIODMAMapOptionOnChip		IODMACMD_MAP_ON_CHIP
#define kIODMAMapOptionIterateOnly	IODMACMD_MAP_ITERATE_ONLY

/*
 * IODMACommand::kForceDoubleBuffer (0x01000000), an option of
 * IODMACommandSynchronize() besides kIODirectionIn and kIODirectionOut:
 * the Linux face's IODMACMD_FORCE_DOUBLE_BUFFER. Both spellings work.
 */
#define kIODMACommandForceDoubleBuffer	IODMACMD_FORCE_DOUBLE_BUFFER
#define kForceDoubleBuffer		kIODMACommandForceDoubleBuffer

/**
 * struct IODMACommandSegmentOptions - IODMACommand::SegmentOptions
 * @fStructSize: the caller's sizeof(); not read, as in IOKit
 * @fNumAddressBits: bus address width; 0 means 64, or 32 with a 32-bit output
 * @fMaxSegmentSize: largest segment; 0 means unlimited
 * @fMaxTransferSize: largest prepared length; 0 means unlimited
 * @fAlignment: start alignment of the first segment (power of two; 0 = 1)
 * @fAlignmentLength: every segment length is a multiple of it (0 = 1)
 * @fAlignmentInternalSegments: start alignment of later segments
 *	(0 = @fAlignment)
 *
 * Apple's field names and order; the layout is the natural C one.
 */
struct IODMACommandSegmentOptions {
	u8 fStructSize;
	u8 fNumAddressBits;
	u64 fMaxSegmentSize;
	u64 fMaxTransferSize;
	u32 fAlignment;
	u32 fAlignmentLength;
	u32 fAlignmentInternalSegments;
};

typedef struct IODMACommandSegmentOptions IODMACommandSegmentOptions;

/*
 * The functions that take a mapper exist as __IODMACommand<Method>(owner,
 * ...), and drivers call them through the inline IODMACommand<Method>(...)
 * below, which passes the calling module (THIS_MODULE), as
 * pci_register_driver() does: IOKit's NULL mapper, the system mapper, is
 * the device that module bound with IOServiceBindProvider() (see
 * <IOKit/IOService.h>). Each is documented at its __ function.
 */

/* Creation, the object model and destruction */
IODMACommand *__IODMACommandWithSpecification(struct module *owner,
					      IODMACommandSegmentFunction out_seg_func,
					      UInt8 num_address_bits, UInt64 max_segment_size,
					      UInt32 mapping_options, UInt64 max_transfer_size,
					      UInt32 alignment, IOMapper *mapper, void *refcon);
IODMACommand *__IODMACommandWithSegmentOptions(struct module *owner,
					       IODMACommandSegmentFunction out_seg_func,
					       const IODMACommandSegmentOptions *segment_options,
					       UInt32 mapping_options, IOMapper *mapper,
					       void *refcon);
IOReturn __IODMACommandWeakWithSpecification(struct module *owner,
					     IODMACommand **new_command,
					     IODMACommandSegmentFunction out_seg_func,
					     UInt8 num_address_bits, UInt64 max_segment_size,
					     UInt32 mapping_options, UInt64 max_transfer_size,
					     UInt32 alignment, IOMapper *mapper, void *refcon);
bool __IODMACommandInitWithSpecification(struct module *owner, IODMACommand *cmd,
					 IODMACommandSegmentFunction out_seg_func,
					 UInt8 num_address_bits, UInt64 max_segment_size,
					 UInt32 mapping_options, UInt64 max_transfer_size,
					 UInt32 alignment, IOMapper *mapper, void *refcon);
bool __IODMACommandInitWithSegmentOptions(struct module *owner, IODMACommand *cmd,
					  IODMACommandSegmentFunction out_seg_func,
					  const IODMACommandSegmentOptions *segment_options,
					  UInt32 mapping_options, IOMapper *mapper, void *refcon);
IODMACommand *IODMACommandWithRefCon(void *refcon);
IODMACommand *IODMACommandWithDeviceAndRefCon(struct device *device, void *refcon);
IODMACommand *IODMACommandAlloc(void);
bool IODMACommandInitWithRefCon(IODMACommand *cmd, void *refcon);
IODMACommand *IODMACommandCloneCommand(IODMACommand *cmd, void *refcon);
void IODMACommandRetain(IODMACommand *cmd);
void IODMACommandRelease(IODMACommand *cmd);

/* IODMACommand::withSpecification(), eight-argument form */
static inline IODMACommand *
IODMACommandWithSpecification(IODMACommandSegmentFunction out_seg_func, UInt8 num_address_bits,
			      UInt64 max_segment_size, UInt32 mapping_options,
			      UInt64 max_transfer_size, UInt32 alignment, IOMapper *mapper,
			      void *refcon)
{
	return __IODMACommandWithSpecification(THIS_MODULE, out_seg_func, num_address_bits,
					       max_segment_size, mapping_options,
					       max_transfer_size, alignment, mapper, refcon);
}

/* IODMACommand::withSpecification(outSegFunc, segmentOptions, ...) */
static inline IODMACommand *
IODMACommandWithSegmentOptions(IODMACommandSegmentFunction out_seg_func,
			       const IODMACommandSegmentOptions *segment_options,
			       UInt32 mapping_options, IOMapper *mapper, void *refcon)
{
	return __IODMACommandWithSegmentOptions(THIS_MODULE, out_seg_func, segment_options,
						mapping_options, mapper, refcon);
}

/* IODMACommand::weakWithSpecification() */
static inline IOReturn
IODMACommandWeakWithSpecification(IODMACommand **new_command,
				  IODMACommandSegmentFunction out_seg_func,
				  UInt8 num_address_bits, UInt64 max_segment_size,
				  UInt32 mapping_options, UInt64 max_transfer_size,
				  UInt32 alignment, IOMapper *mapper, void *refcon)
{
	return __IODMACommandWeakWithSpecification(THIS_MODULE, new_command, out_seg_func,
						   num_address_bits, max_segment_size,
						   mapping_options, max_transfer_size, alignment,
						   mapper, refcon);
}

/* IODMACommand::initWithSpecification(), eight-argument form, on IODMACommandAlloc() */
static inline bool
IODMACommandInitWithSpecification(IODMACommand *cmd, IODMACommandSegmentFunction out_seg_func,
				  UInt8 num_address_bits, UInt64 max_segment_size,
				  UInt32 mapping_options, UInt64 max_transfer_size,
				  UInt32 alignment, IOMapper *mapper, void *refcon)
{
	return __IODMACommandInitWithSpecification(THIS_MODULE, cmd, out_seg_func,
						   num_address_bits, max_segment_size,
						   mapping_options, max_transfer_size, alignment,
						   mapper, refcon);
}

/* IODMACommand::initWithSpecification(outSegFunc, segmentOptions, ...) */
static inline bool
IODMACommandInitWithSegmentOptions(IODMACommand *cmd, IODMACommandSegmentFunction out_seg_func,
				   const IODMACommandSegmentOptions *segment_options,
				   UInt32 mapping_options, IOMapper *mapper, void *refcon)
{
	return __IODMACommandInitWithSegmentOptions(THIS_MODULE, cmd, out_seg_func,
						    segment_options, mapping_options, mapper,
						    refcon);
}

/* Specification */
IOReturn __IODMACommandPrepareWithSpecification(struct module *owner, IODMACommand *cmd,
						IODMACommandSegmentFunction out_seg_func,
						UInt8 num_address_bits, UInt64 max_segment_size,
						UInt32 mapping_options, UInt64 max_transfer_size,
						UInt32 alignment, IOMapper *mapper,
						UInt64 offset, UInt64 length,
						bool flush_cache, bool synchronize);
IOReturn __IODMACommandPrepareWithSegmentOptions(struct module *owner, IODMACommand *cmd,
						 IODMACommandSegmentFunction out_seg_func,
						 const IODMACommandSegmentOptions *segment_options,
						 UInt32 mapping_options, IOMapper *mapper,
						 UInt64 offset, UInt64 length,
						 bool flush_cache, bool synchronize);

/* IODMACommand::prepareWithSpecification(), eight-argument form */
static inline IOReturn
IODMACommandPrepareWithSpecification(IODMACommand *cmd, IODMACommandSegmentFunction out_seg_func,
				     UInt8 num_address_bits, UInt64 max_segment_size,
				     UInt32 mapping_options, UInt64 max_transfer_size,
				     UInt32 alignment, IOMapper *mapper, UInt64 offset,
				     UInt64 length, bool flush_cache, bool synchronize)
{
	return __IODMACommandPrepareWithSpecification(THIS_MODULE, cmd, out_seg_func,
						      num_address_bits, max_segment_size,
						      mapping_options, max_transfer_size, alignment,
						      mapper, offset, length, flush_cache,
						      synchronize);
}

/* IODMACommand::prepareWithSpecification(outSegFunc, segmentOptions, ...) */
static inline IOReturn
IODMACommandPrepareWithSegmentOptions(IODMACommand *cmd, IODMACommandSegmentFunction out_seg_func,
				      const IODMACommandSegmentOptions *segment_options,
				      UInt32 mapping_options, IOMapper *mapper, UInt64 offset,
				      UInt64 length, bool flush_cache, bool synchronize)
{
	return __IODMACommandPrepareWithSegmentOptions(THIS_MODULE, cmd, out_seg_func,
						       segment_options, mapping_options, mapper,
						       offset, length, flush_cache, synchronize);
}

UInt8 IODMACommandGetNumAddressBits(const IODMACommand *cmd);
UInt32 IODMACommandGetAlignment(const IODMACommand *cmd);
UInt32 IODMACommandGetAlignmentLength(const IODMACommand *cmd);
UInt32 IODMACommandGetAlignmentInternalSegments(const IODMACommand *cmd);
void *IODMACommandGetRefCon(const IODMACommand *cmd);
void IODMACommandSetRefCon(IODMACommand *cmd, void *refcon);
UInt32 IODMACommandGetActive(const IODMACommand *cmd);

/* Memory and the prepare / complete state machine */
IOReturn IODMACommandSetMemoryDescriptor(IODMACommand *cmd, const IOMemoryDescriptor *mem,
					 bool auto_prepare);
IOReturn IODMACommandClearMemoryDescriptor(IODMACommand *cmd, bool auto_complete);
const IOMemoryDescriptor *IODMACommandGetMemoryDescriptor(const IODMACommand *cmd);
IOMemoryDescriptor *IODMACommandGetIOMemoryDescriptor(const IODMACommand *cmd);
IOReturn IODMACommandPrepare(IODMACommand *cmd, UInt64 offset, UInt64 length,
			     bool flush_cache, bool synchronize);
IOReturn IODMACommandComplete(IODMACommand *cmd, bool invalidate_cache, bool synchronize);
IOReturn IODMACommandGetPreparedOffsetAndLength(const IODMACommand *cmd, UInt64 *offset,
						UInt64 *length);

/* Bounce memory: the memory the device sees */
bool IODMACommandCreateCopyBuffer(IODMACommand *cmd, IODirection direction, UInt64 length);
IOReturn IODMACommandSynchronize(IODMACommand *cmd, IOOptionBits options);
UInt64 IODMACommandReadBytes(IODMACommand *cmd, UInt64 offset, void *bytes, UInt64 length);
UInt64 IODMACommandWriteBytes(IODMACommand *cmd, UInt64 offset, const void *bytes,
			      UInt64 length);

/* Segments */
IOReturn IODMACommandGenIOVMSegments(IODMACommand *cmd, UInt64 *offset, void *segments,
				     UInt32 *num_segments);
IOReturn IODMACommandGenIOVMSegmentsWithFunction(IODMACommand *cmd,
						 IODMACommandSegmentFunction out_seg_func,
						 UInt64 *offset, void *segments,
						 UInt32 *num_segments);

/**
 * IODMACommandGen32IOVMSegments() - IODMACommandGenIOVMSegments() into Segment32s
 * @cmd: a prepared command whose output function writes 32-bit entries
 * @offset: as for IODMACommandGenIOVMSegments()
 * @segments: array of *@num_segments entries
 * @num_segments: as for IODMACommandGenIOVMSegments()
 *
 * IOKit: IODMACommand::gen32IOVMSegments(), which only gives the array its
 * type: the command's own output function must be a 32-bit one.
 *
 * Context: any context (never sleeps).
 * Return: as IODMACommandGenIOVMSegments().
 */
static inline IOReturn IODMACommandGen32IOVMSegments(IODMACommand *cmd, UInt64 *offset,
						     IODMACommandSegment32 *segments,
						     UInt32 *num_segments)
{
	return IODMACommandGenIOVMSegments(cmd, offset, segments, num_segments);
}

/**
 * IODMACommandGen64IOVMSegments() - IODMACommandGenIOVMSegments() into Segment64s
 * @cmd: a prepared command whose output function writes 64-bit entries
 * @offset: as for IODMACommandGenIOVMSegments()
 * @segments: array of *@num_segments entries
 * @num_segments: as for IODMACommandGenIOVMSegments()
 *
 * IOKit: IODMACommand::gen64IOVMSegments(), which only gives the array its
 * type: the command's own output function must be a 64-bit one.
 *
 * Context: any context (never sleeps).
 * Return: as IODMACommandGenIOVMSegments().
 */
static inline IOReturn IODMACommandGen64IOVMSegments(IODMACommand *cmd, UInt64 *offset,
						     IODMACommandSegment64 *segments,
						     UInt32 *num_segments)
{
	return IODMACommandGenIOVMSegments(cmd, offset, segments, num_segments);
}

#endif /* _IOKIT_IODMACOMMAND_H */
