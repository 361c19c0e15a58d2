/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Converting between Apple's IOReturn codes and Linux errno values.
 *
 * The IOReturn constants themselves live in <IOKit/IOReturn.h>; a Linux
 * driver needs only these helpers, to log or translate the codes a ported
 * driver produces.
 */
#ifndef _IODMACMD_IORETURN_H
#define _IODMACMD_IORETURN_H

/* The system field of every IOKit error, err_system(0x38): 0xE0000000 as an int. */
#define IODMACMD_IORETURN_SYS_IOKIT	(-0x20000000)

const char *iodmacmd_ioreturn_name(int ioret);
const char *iodmacmd_ioreturn_string(int ioret);
int iodmacmd_ioreturn_to_errno(int ioret);
int iodmacmd_errno_to_ioreturn(int err);

#endif /* _IODMACMD_IORETURN_H */
