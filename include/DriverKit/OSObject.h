/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OSObject's reference counting for the DriverKit face's objects:
 * object->retain() and object->release() become OSObjectRetain(object) and
 * OSObjectRelease(object), which pick the class's function from the
 * object's type, and OSSafeReleaseNULL(object) works as in DriverKit: it
 * releases a non-NULL object and sets the variable to NULL.
 * IOBufferMemoryDescriptor is an IOMemoryDescriptor here, so it needs no
 * entry of its own.
 */
#ifndef _DRIVERKIT_OSOBJECT_H
#define _DRIVERKIT_OSOBJECT_H

#include <DriverKit/IODMACommand.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOMemoryMap.h>

#define OSObjectRetain(object)						\
	_Generic((object),						\
		 IODMACommand *: IODMACommandRetain,			\
		 IOMemoryDescriptor *: IOMemoryDescriptorRetain,		\
		 IOMemoryMap *: IOMemoryMapRetain)(object)

#define OSObjectRelease(object)						\
	_Generic((object),						\
		 IODMACommand *: IODMACommandRelease,			\
		 IOMemoryDescriptor *: IOMemoryDescriptorRelease,	\
		 IOMemoryMap *: IOMemoryMapRelease)(object)

#define OSSafeReleaseNULL(object)					\
do {									\
	if (object)							\
		OSObjectRelease(object);				\
	(object) = NULL;						\
} while (0)

#endif /* _DRIVERKIT_OSOBJECT_H */
