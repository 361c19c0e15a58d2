// SPDX-License-Identifier: GPL-2.0
/*
 * hello_iokit: a client of iodmacmd's porting face (<IOKit/...>), the
 * template of samples/client/ for a driver ported from macOS. At load it
 * makes an IOBufferMemoryDescriptor, writes and reads it, and releases it.
 * A ported kext's start(provider) becomes its probe, which binds the
 * device (IOServiceBindProvider()) and goes on with
 * IODMACommandWithSpecification(), IODMACommandSetMemoryDescriptor() and
 * IODMACommandGenIOVMSegments() (README.md, samples/edu/).
 *
 * IOReturn is Apple's code, never an errno: IOServiceErrnoFromReturn()
 * gives Apple's errno, positive as on macOS, so a Linux entry point
 * returns it negated.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IOReturn.h>
#include <iodmacmd/iodmacmd.h>

static int __init hello_iokit_init(void)
{
	static const char msg[] = "hello, IOKit";
	IOBufferMemoryDescriptor *bmd;
	IOReturn ret = kIOReturnSuccess;
	char out[sizeof(msg)];

	bmd = IOBufferMemoryDescriptorWithCapacity(PAGE_SIZE, kIODirectionInOut, false);
	if (!bmd)
		return -IOServiceErrnoFromReturn(kIOReturnNoMemory);	/* -ENOMEM */
	if (IOMemoryDescriptorWriteBytes(bmd, 0, msg, sizeof(msg)) != sizeof(msg) ||
	    IOMemoryDescriptorReadBytes(bmd, 0, out, sizeof(out)) != sizeof(out) ||
	    memcmp(msg, out, sizeof(msg)))
		ret = kIOReturnIOError;
	else
		pr_info("hello_iokit: a %llu-byte IOBufferMemoryDescriptor\n",
			IOMemoryDescriptorGetLength(bmd));
	IOMemoryDescriptorRelease(bmd);
	return -IOServiceErrnoFromReturn(ret);	/* 0 for kIOReturnSuccess */
}

static void __exit hello_iokit_exit(void)
{
}

module_init(hello_iokit_init);
module_exit(hello_iokit_exit);

IODMACMD_IMPORT_NS();
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Template of a client of iodmacmd's porting face");
