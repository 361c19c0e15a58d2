/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which memory devices may write right now: the registry that keeps two
 * writable streaming mappings off the same cache lines (sharing.c).
 */
#ifndef _IODMACMD_SHARING_H
#define _IODMACMD_SHARING_H

#include <linux/types.h>

struct sg_table;
struct iodmacmd_claim;

struct iodmacmd_claim *iodmacmd_claim_sgtable(const struct sg_table *sgt, int *err);
void iodmacmd_claim_release(struct iodmacmd_claim *claim);

#endif /* _IODMACMD_SHARING_H */
