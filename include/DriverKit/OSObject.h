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
({									\
	typeof(object) __osobject = (object);				\
									\
	_Generic(__osobject,						\
		 IODMACommand * : IODMACommandRetain,			\
		 IOMemoryDescriptor * : IOMemoryDescriptorRetain,	\
		 IOMemoryMap * : IOMemoryMapRetain)(__osobject);	\
})

#define OSObjectRelease(object)						\
({									\
	typeof(object) __osobject = (object);				\
									\
	_Generic(__osobject,						\
		 IODMACommand * : IODMACommandRelease,			\
		 IOMemoryDescriptor * : IOMemoryDescriptorRelease,	\
		 IOMemoryMap * : IOMemoryMapRelease)(__osobject);	\
})

/* Releases (NULL is no object) and clears the caller's variable. */
#define OSSafeReleaseNULL(object)					\
do {									\
	typeof(object) *__osobject_ref = &(object);			\
									\
	if (*__osobject_ref)						\
		OSObjectRelease(*__osobject_ref);			\
	*__osobject_ref = NULL;						\
} while (0)

#endif /* _DRIVERKIT_OSOBJECT_H */
