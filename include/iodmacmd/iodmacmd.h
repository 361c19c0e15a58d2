/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd: Apple IOKit's IODMACommand model of DMA for Linux drivers.
 * The Linux face: include this header and put IODMACMD_IMPORT_NS() in the
 * module that calls iodmacmd_*().
 */
#ifndef _IODMACMD_IODMACMD_H
#define _IODMACMD_IODMACMD_H

#include <linux/module.h>
#include <iodmacmd/ioreturn.h>

/*
 * iodmacmd exports its symbols in the IODMACMD namespace. The import is
 * spelled as the modinfo tag itself, which every kernel reads the same way,
 * because MODULE_IMPORT_NS() takes an identifier before v6.13 and a string
 * literal from v6.13 on.
 */
#define IODMACMD_IMPORT_NS()	MODULE_INFO(import_ns, "IODMACMD")

#endif /* _IODMACMD_IODMACMD_H */
