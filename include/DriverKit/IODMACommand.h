/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IODMACommand for ported dexts: a command made for a device,
 * which maps a descriptor range for it and returns the bus addresses in
 * one call. command->PrepareForDMA(...) becomes
 * IODMACommandPrepareForDMA(command, ...), IODMACommand::Create(...)
 * IODMACommandCreate(...):
 *
 *	IODMACommandSpecification spec = { .maxAddressBits = 64 };
 *	IOAddressSegment segs[32];
 *	uint32_t count = 32;
 *	uint64_t flags;
 *
 *	ret = IODMACommandCreate(&pdev->dev, kIODMACommandCreateNoOptions,
 *				 &spec, &cmd);
 *	ret = IODMACommandPrepareForDMA(cmd, kIODMACommandPrepareForDMANoOptions,
 *					buffer, 0, len, &flags, &count, segs);
 *	... the device uses segs[0 .. count - 1] ...
 *	ret = IODMACommandCompleteDMA(cmd, kIODMACommandCompleteDMANoOptions);
 *	OSSafeReleaseNULL(cmd);
 *
 * The command is the kext face's IODMACommand and the Linux face's struct
 * iodmacmd_cmd: Host64 segments, the given address bits, no size limits,
 * alignment 1, mapped with the DMA API for the device (through its IOMMU,
 * if any). Every function returns a kern_return_t (an IOReturn code).
 */
#ifndef _DRIVERKIT_IODMACOMMAND_H
#define _DRIVERKIT_IODMACOMMAND_H

#include <linux/module.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOService.h>

typedef struct iodmacmd_cmd IODMACommand;

/* Options of the functions below, DriverKit's values. */
enum {
	kIODMACommandCreateNoOptions = 0,
};

enum {
	kIODMACommandPrepareForDMANoOptions = 0,
};

enum {
	kIODMACommandCompleteDMANoOptions = 0,
};

enum {
	kIODMACommandPerformOperationOptionRead		= 0x00000001,
	kIODMACommandPerformOperationOptionWrite	= 0x00000002,
	kIODMACommandPerformOperationOptionZero		= 0x00000004,
};

enum {
	kIODMACommandSpecificationNoOptions = 0,
};

/**
 * struct IODMACommandSpecification - what the device can address
 * @options: kIODMACommandSpecificationNoOptions; not read, as in DriverKit
 * @maxAddressBits: the bus address width the device drives, 0 to 255;
 *	0 and anything above 64 mean 64
 * @_resv: reserved; not read
 *
 * DriverKit's layout, 144 bytes.
 */
struct IODMACommandSpecification {
	uint64_t options;
	uint64_t maxAddressBits;
	uint64_t _resv[16];
};

typedef struct IODMACommandSpecification IODMACommandSpecification;

kern_return_t __IODMACommandCreate(struct module *owner, IOService *device, uint64_t options,
				   const IODMACommandSpecification *specification,
				   IODMACommand **command);
kern_return_t IODMACommandPrepareForDMA(IODMACommand *command, uint64_t options,
					IOMemoryDescriptor *memory, uint64_t offset,
					uint64_t length, uint64_t *flags,
					uint32_t *segmentsCount, IOAddressSegment *segments);
kern_return_t IODMACommandCompleteDMA(IODMACommand *command, uint64_t options);
kern_return_t IODMACommandGetPreparation(IODMACommand *command, uint64_t *offset,
					 uint64_t *length, IOMemoryDescriptor **memory);
kern_return_t IODMACommandPerformOperation(IODMACommand *command, uint64_t options,
					   uint64_t dmaOffset, uint64_t length,
					   uint64_t dataOffset, IOMemoryDescriptor *data);
void IODMACommandRetain(IODMACommand *cmd);
void IODMACommandRelease(IODMACommand *cmd);

/*
 * IODMACommand::Create(): passes the calling module, whose provider a NULL
 * @device stands for (see __IODMACommandCreate()).
 */
static inline kern_return_t IODMACommandCreate(IOService *device, uint64_t options,
					       const IODMACommandSpecification *specification,
					       IODMACommand **command)
{
	return __IODMACommandCreate(THIS_MODULE, device, options, specification, command);
}

#endif /* _DRIVERKIT_IODMACOMMAND_H */
