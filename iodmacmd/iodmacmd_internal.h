/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of iodmacmd.ko and by nothing else.
 */
#ifndef _IODMACMD_INTERNAL_H
#define _IODMACMD_INTERNAL_H

#include "compat.h"

#endif /* _IODMACMD_INTERNAL_H */
