/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IOMemoryDescriptor for ported dexts, as C functions named
 * ClassMethod(object, args): memory->GetLength(&len) becomes
 * IOMemoryDescriptorGetLength(memory, &len), and the static
 * IOMemoryDescriptor::CreateSubMemoryDescriptor(...) becomes
 * IOMemoryDescriptorCreateSubMemoryDescriptor(...). Every function returns
 * a kern_return_t (an IOReturn code), as DriverKit's do, and a created
 * object comes back through the last argument with one reference.
 *
 * An IOMemoryDescriptor is the kext face's and the Linux face's object
 * (struct iodmacmd_md): one core under three faces. The constants are
 * DriverKit's own, with DriverKit's values, which are not always the kext
 * face's: kIOMemoryMapCacheModeCopyback is 0x200 here and kIOMapCopybackCache
 * 0x300 there. Each function translates them; none is an alias.
 *
 * One face per file: DriverKit and IOKit name two functions alike with
 * different arguments (IOMemoryDescriptorGetLength(), which returns the
 * length in IOKit and a status here, and IOBufferMemoryDescriptorSetLength()),
 * so a file includes either <IOKit/...> or <DriverKit/...> descriptor
 * headers. Different files of one module may use different faces.
 */
#ifndef _DRIVERKIT_IOMEMORYDESCRIPTOR_H
#define _DRIVERKIT_IOMEMORYDESCRIPTOR_H

#ifdef _IOKIT_IOMEMORYDESCRIPTOR_H
#error "<DriverKit/IOMemoryDescriptor.h> after <IOKit/IOMemoryDescriptor.h>: a file uses one face"
#endif

#include <linux/err.h>
#include <linux/types.h>
#include <DriverKit/IOReturn.h>
#include <DriverKit/IOService.h>
#include <iodmacmd/iodmacmd.h>

typedef struct iodmacmd_md IOMemoryDescriptor;
typedef struct iodmacmd_map IOMemoryMap;

/* IOMemoryDescriptor create options: the direction, DriverKit's values. */
enum {
	kIOMemoryDirectionNone		= 0x00000000,
	kIOMemoryDirectionIn		= 0x00000001,	/* the device writes the memory */
	kIOMemoryDirectionOut		= 0x00000002,	/* the device reads the memory */
	kIOMemoryDirectionOutIn		= kIOMemoryDirectionIn | kIOMemoryDirectionOut,
	kIOMemoryDirectionInOut		= kIOMemoryDirectionOutIn,
	/* For IOUserClient memory only, which iodmacmd has not: refused. */
	kIOMemoryDisableCopyOnWrite	= 0x00000010,
};

/* IOMemoryDescriptorCreateMapping() options, DriverKit's values. */
enum {
	kIOMemoryMapFixedAddress		= 0x00000001,
	kIOMemoryMapReadOnly			= 0x00000002,
	kIOMemoryMapGuardedMask			= 0x0000001C,
	kIOMemoryMapGuardedDefault		= 0x00000000,
	kIOMemoryMapGuardedNone			= 0x00000004,
	kIOMemoryMapGuardedSmall		= 0x00000008,
	kIOMemoryMapGuardedLarge		= 0x0000000C,
	kIOMemoryMapCacheModeDefault		= 0x00000000,
	kIOMemoryMapCacheModeInhibit		= 0x00000100,
	kIOMemoryMapCacheModeCopyback		= 0x00000200,
	kIOMemoryMapCacheModeWriteThrough	= 0x00000400,
	kIOMemoryMapCacheModeRealTime		= 0x00000800,
};

/**
 * struct IOAddressSegment - an address range: a DMA segment or a CPU range
 * @address: the bus address (PrepareForDMA()) or kernel virtual address
 *	(GetAddressRange())
 * @length: bytes
 *
 * DriverKit's layout, 16 bytes, the same as struct iodmacmd_segment and
 * IOKit's IODMACommand::Segment64.
 */
struct IOAddressSegment {
	uint64_t address;
	uint64_t length;
};

typedef struct IOAddressSegment IOAddressSegment;

kern_return_t IOMemoryDescriptorCreateMapping(IOMemoryDescriptor *memory, uint64_t options,
					      uint64_t address, uint64_t offset, uint64_t length,
					      uint64_t alignment, IOMemoryMap **map);
kern_return_t IOMemoryDescriptorCreateSubMemoryDescriptor(uint64_t memoryDescriptorCreateOptions,
							  uint64_t offset, uint64_t length,
							  IOMemoryDescriptor *ofDescriptor,
							  IOMemoryDescriptor **memory);
kern_return_t
IOMemoryDescriptorCreateWithMemoryDescriptors(uint64_t memoryDescriptorCreateOptions,
					      uint32_t withDescriptorsCount,
					      IOMemoryDescriptor *const *withDescriptors,
					      IOMemoryDescriptor **memory);

/* OSObject's retain() and release(); see also <DriverKit/OSObject.h>. */
void IOMemoryDescriptorRetain(IOMemoryDescriptor *md);
void IOMemoryDescriptorRelease(IOMemoryDescriptor *md);

/**
 * IOMemoryDescriptorGetLength() - the length of the memory described
 * @memory: the descriptor
 * @returnLength: set to the length in bytes
 *
 * DriverKit: IOMemoryDescriptor::GetLength(). Linux face:
 * iodmacmd_md_length().
 *
 * Context: any context.
 * Return: kIOReturnSuccess, or kIOReturnBadArgument for a %NULL or error
 * pointer @memory or a %NULL @returnLength.
 */
static inline kern_return_t IOMemoryDescriptorGetLength(IOMemoryDescriptor *memory,
							uint64_t *returnLength)
{
	if (IS_ERR_OR_NULL(memory) || !returnLength)
		return kIOReturnBadArgument;
	*returnLength = iodmacmd_md_length(memory);
	return kIOReturnSuccess;
}

#endif /* _DRIVERKIT_IOMEMORYDESCRIPTOR_H */
