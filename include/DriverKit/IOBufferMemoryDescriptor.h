/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IOBufferMemoryDescriptor for ported dexts: memory the
 * descriptor allocates, zeroed and resident, that the dext reads and
 * writes through GetAddressRange() while the device uses it.
 * IOBufferMemoryDescriptor::Create(options, capacity, alignment, &bmd)
 * becomes IOBufferMemoryDescriptorCreate(options, capacity, alignment,
 * &bmd), and bmd->SetLength(len) IOBufferMemoryDescriptorSetLength(bmd, len).
 *
 * A buffer is an IOMemoryDescriptor (the same object), so every function of
 * <DriverKit/IOMemoryDescriptor.h> takes it, and IOMemoryDescriptorRelease()
 * or OSSafeReleaseNULL() frees it.
 *
 * Memory shared with the device. A dext uses its buffers with no sync
 * call: DriverKit has none, and the device and the CPU see the same bytes
 * while the buffer is prepared (PrepareForDMA() to CompleteDMA()), rings
 * included. On Linux that holds for memory allocated for the device with
 * dma_alloc_coherent() (uncached on a non-coherent arm64 device, never
 * bounced by swiotlb, decrypted in a confidential guest). So a module that
 * bound its device in probe, as the dext's Start() received it:
 *
 *	IOServiceBindProvider(&pdev->dev);
 *
 * gets every buffer as DMA-coherent memory for that device, and a command
 * for that device prepares it without a mapping or a copy. A module with no
 * provider gets ordinary memory (physically contiguous when it can), which
 * a command maps, and bounces when it must: the device then sees the bytes
 * copied at PrepareForDMA() and the dext the bytes copied back at
 * CompleteDMA() only (logged when it happens).
 */
#ifndef _DRIVERKIT_IOBUFFERMEMORYDESCRIPTOR_H
#define _DRIVERKIT_IOBUFFERMEMORYDESCRIPTOR_H

#include <linux/module.h>
#include <DriverKit/IOMemoryDescriptor.h>

typedef struct iodmacmd_md IOBufferMemoryDescriptor;

kern_return_t __IOBufferMemoryDescriptorCreate(struct module *owner, uint64_t options,
					       uint64_t capacity, uint64_t alignment,
					       IOBufferMemoryDescriptor **memory);
kern_return_t IOBufferMemoryDescriptorGetAddressRange(IOBufferMemoryDescriptor *memory,
						      IOAddressSegment *range);
kern_return_t __IOBufferMemoryDescriptorSetLengthStatus(IOBufferMemoryDescriptor *memory,
							uint64_t length);

/*
 * IOBufferMemoryDescriptor::Create(): passes the calling module, whose
 * provider the memory is shared with (see __IOBufferMemoryDescriptorCreate()).
 */
static inline kern_return_t IOBufferMemoryDescriptorCreate(uint64_t options, uint64_t capacity,
							   uint64_t alignment,
							   IOBufferMemoryDescriptor **memory)
{
	return __IOBufferMemoryDescriptorCreate(THIS_MODULE, options, capacity, alignment,
						memory);
}

/*
 * IOBufferMemoryDescriptor::SetLength(), which returns a status (IOKit's
 * setLength() returns nothing): see __IOBufferMemoryDescriptorSetLengthStatus().
 */
static inline kern_return_t IOBufferMemoryDescriptorSetLength(IOBufferMemoryDescriptor *memory,
							      uint64_t length)
{
	return __IOBufferMemoryDescriptorSetLengthStatus(memory, length);
}

#endif /* _DRIVERKIT_IOBUFFERMEMORYDESCRIPTOR_H */
