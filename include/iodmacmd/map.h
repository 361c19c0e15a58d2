/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd: CPU mappings of descriptors (IOKit's IOMemoryDescriptor::map()
 * and IOMemoryMap), the Linux face. Included by <iodmacmd/iodmacmd.h>.
 *
 * iodmacmd_md_map() gives a kernel virtual address through which the CPU
 * reads and writes the bytes of a descriptor range, whatever its kind:
 *
 *	map = iodmacmd_md_map(md, 0, 0, IODMACMD_CPU_MAP_UNCACHED);
 *	if (IS_ERR(map))
 *		return PTR_ERR(map);
 *	p = iodmacmd_map_address(map);	(iodmacmd_map_length(map) bytes)
 *	...
 *	iodmacmd_map_put(map);		(the last reference unmaps)
 *
 * The map holds a reference on the descriptor, and keeps memory that has
 * to be pinned (user memory) prepared, until it is unmapped.
 */
#ifndef _IODMACMD_MAP_H
#define _IODMACMD_MAP_H

#include <linux/types.h>
#include <iodmacmd/iodmacmd.h>

struct iodmacmd_map;

/*
 * Flags of iodmacmd_md_map(), with IOKit's values (kIOMap*): a cache mode
 * in bits 8 to 11, or-ed with the others.
 */
#define IODMACMD_CPU_MAP_CACHE_DEFAULT		0x00000000	/* ordinary cached memory */
#define IODMACMD_CPU_MAP_UNCACHED		0x00000100	/* pgprot_noncached() */
#define IODMACMD_CPU_MAP_WRITE_THROUGH		0x00000200	/* pgprot_writethrough() */
#define IODMACMD_CPU_MAP_COPYBACK		0x00000300	/* cached, as the default */
#define IODMACMD_CPU_MAP_WRITE_COMBINE		0x00000400	/* pgprot_writecombine() */
#define IODMACMD_CPU_MAP_CACHE_MASK		0x00000f00
#define IODMACMD_CPU_MAP_READ_ONLY		0x00001000	/* the mapping refuses writes */
#define IODMACMD_CPU_MAP_UNIQUE			0x04000000	/* always a new mapping */

/*
 * Set by iodmacmd_md_map() in iodmacmd_map_flags() (kIOMapStatic): the
 * address is the memory's own kernel address (the buffer's, or the linear
 * map's), not a new mapping.
 */
#define IODMACMD_CPU_MAP_EXISTING		0x01000000

struct iodmacmd_map *iodmacmd_md_map(struct iodmacmd_md *md, u64 offset, u64 length,
				     u32 flags);
void iodmacmd_map_get(struct iodmacmd_map *map);
void iodmacmd_map_put(struct iodmacmd_map *map);
void iodmacmd_map_unmap(struct iodmacmd_map *map);
void *iodmacmd_map_address(const struct iodmacmd_map *map);
u64 iodmacmd_map_offset(const struct iodmacmd_map *map);
u64 iodmacmd_map_length(const struct iodmacmd_map *map);
u32 iodmacmd_map_flags(const struct iodmacmd_map *map);
struct iodmacmd_md *iodmacmd_map_md(const struct iodmacmd_map *map);
u64 iodmacmd_map_phys_segment(struct iodmacmd_map *map, u64 offset, u64 *length);

#endif /* _IODMACMD_MAP_H */
