/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOService and IOMapper for porters: only what DMA needs, the provider.
 *
 * An IOService (the provider a kext's start() receives) is the Linux
 * struct device; an IOMapper is the device whose DMA mappings are made
 * (the DMA API picks the IOMMU, if any). Bind the provider once, where the
 * kext's start(provider) ran (probe), and every NULL mapper and every
 * buffer of the module means that device, as IOKit's system mapper does:
 *
 *	IOServiceBindProvider(&pdev->dev);	in probe (kext: start)
 *	IOServiceUnbindProvider(&pdev->dev);	in remove (kext: stop)
 *
 * A module driving several devices binds each, and wraps each instance's
 * set-up in IOServiceEnterProvider(dev) / IOServiceExitProvider() so that
 * calls made by that task name the right one. The rule in full is in
 * <iodmacmd/provider.h>.
 */
#ifndef _IOKIT_IOSERVICE_H
#define _IOKIT_IOSERVICE_H

#include <linux/device.h>
#include <IOKit/IOTypes.h>
#include <iodmacmd/provider.h>

typedef struct device IOService;
typedef struct device IOMapper;

/* Bind @provider as the calling module's device (kext: start(provider)). */
static inline IOReturn IOServiceBindProvider(IOService *provider)
{
	return iodmacmd_errno_to_ioreturn(iodmacmd_provider_bind(THIS_MODULE, provider));
}

/* Drop the binding (kext: stop(provider)). */
static inline void IOServiceUnbindProvider(IOService *provider)
{
	iodmacmd_provider_unbind(THIS_MODULE, provider);
}

/* Calls by this task name @provider until IOServiceExitProvider(). */
static inline IOReturn IOServiceEnterProvider(IOService *provider)
{
	return iodmacmd_errno_to_ioreturn(iodmacmd_provider_enter(THIS_MODULE, provider));
}

static inline void IOServiceExitProvider(void)
{
	iodmacmd_provider_exit(THIS_MODULE);
}

/*
 * IOMapper::copyMapperForDevice(): the mapper of @device is @device itself
 * (the DMA API decides whether an IOMMU translates), referenced; release it
 * with IOMapperRelease(). Returns NULL for a NULL device.
 */
static inline IOMapper *IOMapperCopyMapperForDevice(IOService *device)
{
	return device ? get_device(device) : NULL;
}

static inline void IOMapperRelease(IOMapper *mapper)
{
	put_device(mapper);
}

#endif /* _IOKIT_IOSERVICE_H */
