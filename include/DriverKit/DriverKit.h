/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <DriverKit/DriverKit.h>, which dexts include: every DMA header of the
 * DriverKit face (IODMACommand, IOMemoryDescriptor,
 * IOBufferMemoryDescriptor, IOMemoryMap, IOService, OSObject, IOReturn).
 */
#ifndef _DRIVERKIT_DRIVERKIT_H
#define _DRIVERKIT_DRIVERKIT_H

#include <DriverKit/IOReturn.h>
#include <DriverKit/IOService.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/IOMemoryMap.h>
#include <DriverKit/IODMACommand.h>
#include <DriverKit/OSObject.h>

#endif /* _DRIVERKIT_DRIVERKIT_H */
