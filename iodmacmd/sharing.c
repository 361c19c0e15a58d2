// SPDX-License-Identifier: GPL-2.0
/*
 * Writable memory has one device at a time.
 *
 * The DMA API does not support two streaming mappings that a device may
 * write (DMA_FROM_DEVICE or DMA_BIDIRECTIONAL) over the same cache line:
 * on a non-coherent system the CPU's cache maintenance for one mapping
 * destroys what the device wrote through the other, and under swiotlb each
 * mapping has its own bounce slot, so whichever is unmapped last overwrites
 * the other's data. dma-debug reports the overlap ("cacheline tracking
 * EEXIST"). It happens with iodmacmd when one In/InOut descriptor is
 * prepared for two devices, when two descriptors describe the same memory,
 * and when a window of a descriptor is mapped while an overlapping window
 * is (under swiotlb only windows are mapped, see mapping.c).
 *
 * Before a writable table is mapped for a device whose mappings need syncs
 * (one that is not DMA-coherent, or whose mappings swiotlb may bounce),
 * mapping.c claims the cache lines of its entries here. A coherent device
 * that is never bounced maps memory as it is: two mappings of it are the
 * same bytes, nothing is claimed (see mapping.c's map_sgtable()). A claim
 * that overlaps a live one (or two entries of one table sharing a line) is
 * refused, and the command bounces that transfer into memory of its own
 * instead (reason "shared memory"): the data stays right and nothing is
 * refused to the driver. The registry is an interval
 * tree of cache-line numbers, global because the memory is.
 */
#include <linux/cache.h>
#include <linux/interval_tree_generic.h>
#include <linux/rbtree_augmented.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sharing.h"

/**
 * struct claim_node - the cache lines of one table entry
 * @rb: node in &claims
 * @first: first cache-line number (physical address >> L1_CACHE_SHIFT)
 * @last: last cache-line number
 * @subtree_last: the interval tree's augmentation
 */
struct claim_node {
	struct rb_node rb;
	unsigned long first;
	unsigned long last;
	unsigned long subtree_last;
};

#define CLAIM_FIRST(n)	((n)->first)
#define CLAIM_LAST(n)	((n)->last)

INTERVAL_TREE_DEFINE(struct claim_node, rb, unsigned long, subtree_last,
		     CLAIM_FIRST, CLAIM_LAST, static __maybe_unused, claim_tree)

/**
 * struct iodmacmd_claim - the cache lines one writable mapping holds
 * @nr_nodes: entries of @nodes in the tree
 * @nodes: one per table entry
 */
struct iodmacmd_claim {
	unsigned int nr_nodes;
	struct claim_node nodes[];
};

/* Protects claims: every node of every live claim. */
static DEFINE_SPINLOCK(claims_lock);
static struct rb_root_cached claims = RB_ROOT_CACHED;

static void remove_nodes_locked(struct iodmacmd_claim *claim, unsigned int nr)
{
	lockdep_assert_held(&claims_lock);
	while (nr)
		claim_tree_remove(&claim->nodes[--nr], &claims);
}

/**
 * iodmacmd_claim_sgtable() - claim the memory of a table a device may write
 * @sgt: the table, built (orig_nents entries) but not yet mapped
 * @err: set to -EBUSY when another mapping holds a line, -ENOMEM when out
 *	of memory
 *
 * Context: process context, may sleep (allocates).
 * Return: the claim, to release after the table is unmapped, or %NULL.
 */
struct iodmacmd_claim *iodmacmd_claim_sgtable(const struct sg_table *sgt, int *err)
{
	struct iodmacmd_claim *claim;
	struct scatterlist *sg;
	unsigned int i;

	claim = kvmalloc(struct_size(claim, nodes, sgt->orig_nents), GFP_KERNEL);
	if (!claim) {
		*err = -ENOMEM;
		return NULL;
	}
	claim->nr_nodes = 0;
	spin_lock(&claims_lock);
	for_each_sgtable_sg(sgt, sg, i) {
		struct claim_node *n = &claim->nodes[i];
		phys_addr_t phys = sg_phys(sg);

		n->first = phys >> L1_CACHE_SHIFT;
		n->last = (phys + sg->length - 1) >> L1_CACHE_SHIFT;
		if (claim_tree_iter_first(&claims, n->first, n->last)) {
			remove_nodes_locked(claim, i);
			spin_unlock(&claims_lock);
			kvfree(claim);
			*err = -EBUSY;
			return NULL;
		}
		claim_tree_insert(n, &claims);
		claim->nr_nodes = i + 1;
	}
	spin_unlock(&claims_lock);
	return claim;
}

/**
 * iodmacmd_claim_release() - give the memory of an unmapped table back
 * @claim: from iodmacmd_claim_sgtable(), or %NULL
 *
 * Context: process context.
 */
void iodmacmd_claim_release(struct iodmacmd_claim *claim)
{
	if (!claim)
		return;
	spin_lock(&claims_lock);
	remove_nodes_locked(claim, claim->nr_nodes);
	spin_unlock(&claims_lock);
	kvfree(claim);
}
