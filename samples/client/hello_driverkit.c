// SPDX-License-Identifier: GPL-2.0
/*
 * hello_driverkit: a client of iodmacmd's DriverKit face (<DriverKit/...>),
 * the template of samples/client/ for a driver ported from a dext. At load
 * it makes a buffer with IOBufferMemoryDescriptorCreate(), writes it
 * through GetAddressRange(), maps it with CreateMapping(), reads it back
 * and releases both with OSSafeReleaseNULL(). A ported dext's Start()
 * becomes its probe, which binds the device (IOServiceBindProvider()) and
 * goes on with IODMACommandCreate() and IODMACommandPrepareForDMA()
 * (README.md, samples/edu-dext/).
 *
 * Every DriverKit call returns a kern_return_t (an IOReturn code);
 * iodmacmd_ioreturn_to_errno() turns it into the negative errno a Linux
 * entry point returns.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <DriverKit/DriverKit.h>
#include <iodmacmd/iodmacmd.h>

static kern_return_t run(void)
{
	static const char msg[] = "hello, DriverKit";
	IOBufferMemoryDescriptor *buffer = NULL;
	IOMemoryMap *map = NULL;
	IOAddressSegment range;
	kern_return_t ret;

	ret = IOBufferMemoryDescriptorCreate(kIOMemoryDirectionInOut, PAGE_SIZE, 0, &buffer);
	if (ret != kIOReturnSuccess)
		return ret;
	ret = IOBufferMemoryDescriptorGetAddressRange(buffer, &range);
	if (ret != kIOReturnSuccess)
		goto out;
	memcpy((void *)(uintptr_t)range.address, msg, sizeof(msg));
	ret = IOMemoryDescriptorCreateMapping(buffer, kIOMemoryMapReadOnly, 0, 0, sizeof(msg), 0,
					      &map);
	if (ret != kIOReturnSuccess)
		goto out;
	if (IOMemoryMapGetLength(map) != sizeof(msg) ||
	    memcmp((void *)(uintptr_t)IOMemoryMapGetAddress(map), msg, sizeof(msg)))
		ret = kIOReturnIOError;
	else
		pr_info("hello_driverkit: a %llu-byte IOBufferMemoryDescriptor, mapped\n",
			range.length);
out:
	OSSafeReleaseNULL(map);
	OSSafeReleaseNULL(buffer);
	return ret;
}

static int __init hello_driverkit_init(void)
{
	return iodmacmd_ioreturn_to_errno(run());	/* 0 for kIOReturnSuccess */
}

static void __exit hello_driverkit_exit(void)
{
}

module_init(hello_driverkit_init);
module_exit(hello_driverkit_exit);

IODMACMD_IMPORT_NS();
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Template of a client of iodmacmd's DriverKit face");
