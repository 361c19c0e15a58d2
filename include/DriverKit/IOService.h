/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IOService, for what DMA needs: the device. An IOService is
 * the Linux struct device (a dext's IOPCIDevice is &pdev->dev), which
 * IODMACommandCreate() maps for. IOServiceBindProvider(), called in probe
 * where the dext's Start() ran, makes that device the module's provider:
 * IOBufferMemoryDescriptorCreate() then allocates memory shared with it
 * (see <DriverKit/IOBufferMemoryDescriptor.h>). The same header as the
 * kext face's: <IOKit/IOService.h>.
 */
#ifndef _DRIVERKIT_IOSERVICE_H
#define _DRIVERKIT_IOSERVICE_H

#include <IOKit/IOService.h>

#endif /* _DRIVERKIT_IOSERVICE_H */
