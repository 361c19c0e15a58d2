/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DriverKit's IOReturn.h: the same codes as IOKit's, kern_return_t and
 * IOReturn, from <IOKit/IOReturn.h>. Every DriverKit-face function returns
 * one of them. To return one from a Linux function (probe, module_init),
 * convert it with iodmacmd_ioreturn_to_errno(), which gives the negative
 * errno Linux expects; IOServiceErrnoFromReturn() gives Apple's positive
 * one.
 */
#ifndef _DRIVERKIT_IORETURN_H
#define _DRIVERKIT_IORETURN_H

#include <IOKit/IOReturn.h>

#endif /* _DRIVERKIT_IORETURN_H */
