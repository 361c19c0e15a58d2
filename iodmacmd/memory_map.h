/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU mappings of descriptors (memory_map.c), for the faces that need the
 * IOReturn of a refused map rather than the Linux face's errno.
 */
#ifndef _IODMACMD_MEMORY_MAP_H
#define _IODMACMD_MEMORY_MAP_H

#include <linux/types.h>
#include <IOKit/IOReturn.h>

struct iodmacmd_md;
struct iodmacmd_map;

struct iodmacmd_map *__iodmacmd_md_map(struct iodmacmd_md *md, u64 offset, u64 length,
				       u32 flags, IOReturn *ret);

#endif /* _IODMACMD_MEMORY_MAP_H */
