// SPDX-License-Identifier: GPL-2.0
/*
 * iodmacmd: Apple IOKit's IODMACommand model of DMA for Linux drivers.
 *
 * Module entry points. Each subsystem that needs set-up gets a step in the
 * init ladder below, unwound in reverse order on failure and at exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <iodmacmd/version.h>

#include "debugfs.h"
#include "provider.h"

static int __init iodmacmd_init(void)
{
	int err;

	err = iodmacmd_provider_setup();
	if (err)
		return err;
	/* Last: nothing can fail after it, so it is never unwound here. */
	iodmacmd_debugfs_init();
	return 0;
}

static void __exit iodmacmd_exit(void)
{
	iodmacmd_debugfs_exit();
	iodmacmd_provider_teardown();
}

module_init(iodmacmd_init);
module_exit(iodmacmd_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The iodmacmd developers");
MODULE_DESCRIPTION("IODMACommand-style DMA commands, memory descriptors and bounce buffers");
MODULE_VERSION(IODMACMD_VERSION_STRING);
