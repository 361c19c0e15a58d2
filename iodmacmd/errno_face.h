/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux face's return values: the core speaks IOReturn, the Linux face
 * returns what iodmacmd_ioreturn_to_errno() (ioreturn.c) makes of it.
 */
#ifndef _IODMACMD_ERRNO_FACE_H
#define _IODMACMD_ERRNO_FACE_H

#include <linux/compiler.h>
#include <iodmacmd/ioreturn.h>
#include <IOKit/IOReturn.h>

/**
 * iodmacmd_errno() - the errno a Linux-face call returns for a core result
 * @ret: the core's IOReturn
 *
 * Success, every call's usual result, costs no call into ioreturn.c.
 *
 * Return: 0, or iodmacmd_ioreturn_to_errno(@ret).
 */
static inline int iodmacmd_errno(IOReturn ret)
{
	return likely(ret == kIOReturnSuccess) ? 0 : iodmacmd_ioreturn_to_errno(ret);
}

#endif /* _IODMACMD_ERRNO_FACE_H */
