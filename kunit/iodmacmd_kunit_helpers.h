/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixtures shared by iodmacmd's KUnit modules: devices that can map DMA,
 * and a contiguous buffer whose physical addresses the tests know.
 */
#ifndef _IODMACMD_KUNIT_HELPERS_H
#define _IODMACMD_KUNIT_HELPERS_H

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/sched/mm.h>
#include <linux/dma-map-ops.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

/*
 * True when no RAM at all lies below 2^@bits: QEMU's arm64 virt machine
 * starts its RAM at 1 GiB, so a 24- or 28-bit device can reach memory only
 * through an IOMMU, and the DMA API refuses such a mask for a device without
 * one. A test of such a device is then skipped, saying why; x86 always has
 * RAM from 0, where the mask must be accepted.
 */
static inline bool iodmacmd_test_no_ram_below(unsigned int bits)
{
	return bits < 64 &&
	       PFN_PHYS(node_start_pfn(first_online_node)) > DMA_BIT_MASK(bits);
}

/*
 * The address bits of a command that must bounce for want of reach: the
 * narrowest mask whose memory is all ZONE_DMA's, 24 bits where RAM starts
 * at 0 (x86's ZONE_DMA is the first 16 MiB), else 32 (arm64 virt's RAM
 * starts at 1 GiB and its ZONE_DMA ends at 4 GiB). Bounce memory for @dev
 * comes from ZONE_DMA, and ordinary allocations (ZONE_NORMAL first) lie
 * above its reach. The test is skipped where swiotlb=force already maps
 * @dev's memory within it (swiotlb's buffer lies below 4 GiB).
 */
static inline unsigned int iodmacmd_test_zone_dma_bits(struct kunit *test, struct device *dev)
{
	unsigned int bits = iodmacmd_test_no_ram_below(24) ? 32 : 24;

	if (bits == 32 && is_swiotlb_force_bounce(dev))
		kunit_skip(test, "swiotlb=force maps below 4 GiB: in reach");
	return bits;
}

/* dma_set_mask_and_coherent(), or the test skipped where no RAM is below. */
static inline void iodmacmd_test_set_masks(struct kunit *test, struct device *dev,
					   unsigned int bits)
{
	phys_addr_t ram = PFN_PHYS(node_start_pfn(first_online_node));
	int err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));

	if (err && iodmacmd_test_no_ram_below(bits))
		kunit_skip(test, "no RAM below 2^%u (RAM from %pa): a %u-bit device needs an IOMMU",
			   bits, &ram, bits);
	KUNIT_ASSERT_EQ(test, err, 0);
}

/*
 * Whether a sync can do something for @dev's streaming mappings, as the
 * tests see it: the device is not DMA-coherent (arm64's KUnit devices), or
 * swiotlb=force bounces every mapping of it. KUnit devices are neither
 * addressing-limited nor behind an IOMMU, so nothing else applies to them.
 */
static inline bool iodmacmd_test_mappings_sync(struct device *dev)
{
	return !dev_is_dma_coherent(dev) || is_swiotlb_force_bounce(dev);
}

/* dma_set_coherent_mask(), or the test skipped where no RAM is below. */
static inline void iodmacmd_test_set_coherent(struct kunit *test, struct device *dev,
					      unsigned int bits)
{
	int err = dma_set_coherent_mask(dev, DMA_BIT_MASK(bits));

	if (err && iodmacmd_test_no_ram_below(bits))
		kunit_skip(test, "no RAM below 2^%u: no %u-bit coherent memory here", bits, bits);
	KUNIT_ASSERT_EQ(test, err, 0);
}

/*
 * A KUnit device has no DMA mask, and the DMA API refuses such a device:
 * give it a streaming mask of its own (so the coherent one can differ) and
 * set both to @bits.
 */
static inline struct device *iodmacmd_test_named_device(struct kunit *test, const char *name,
							unsigned int bits)
{
	struct device *dev = kunit_device_register(test, name);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	dev->dma_mask = kunit_kzalloc(test, sizeof(*dev->dma_mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev->dma_mask);
	iodmacmd_test_set_masks(test, dev, bits);
	return dev;
}

/* The usual test device; a test needing two names the second one itself. */
static inline struct device *iodmacmd_test_device(struct kunit *test, unsigned int bits)
{
	return iodmacmd_test_named_device(test, "iodmacmd-test", bits);
}

/* True when @dev's DMA goes through a translating IOMMU domain. */
static inline bool iodmacmd_test_translated(struct device *dev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

	return domain && domain->type != IOMMU_DOMAIN_IDENTITY;
}

/*
 * kunit_vm_mmap(): anonymous private memory in the test thread's own address
 * space, without the reference KUnit leaks. Up to at least 6.12,
 * kunit_attach_mm() allocates the thread's mm and adopts it with
 * kthread_use_mm(), which takes a reference of its own; the thread's exit
 * drops that one and the allocation's stays, so every test thread's
 * mm_struct, page tables and counters are never freed (kmemleak reports
 * them on arm64; x86's pgd list keeps them referenced). When this call is
 * the one that attached the mm and both references are there (a KUnit that
 * hands its reference over leaves one), drop the allocation's.
 */
static inline unsigned long iodmacmd_test_vm_mmap(struct kunit *test, unsigned long len,
						  unsigned long prot)
{
	bool attached = !current->mm;
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, len, prot,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	if (attached && current->mm && atomic_read(&current->mm->mm_count) == 2)
		mmdrop(current->mm);
	return addr;
}

/*
 * QEMU's edu device (1234:11e8), bound to a driver of the test module for
 * the length of a suite: only a device bound to a driver gets its IOMMU DMA
 * operations, so this is how a test reaches the IOMMU path.
 */
static struct pci_dev *iodmacmd_test_edu;

/*
 * The edu device's DMA reach in address bits: 28 as QEMU's edu.txt says,
 * unless the guest gave the device more ("-device edu,dma_mask=...": arm64
 * virt has no RAM below 1 GiB), which scripts/guest/init passes on here.
 */
static unsigned int edu_dma_bits = 28;
module_param(edu_dma_bits, uint, 0444);
MODULE_PARM_DESC(edu_dma_bits, "the edu device's DMA reach in bits (28)");

static int iodmacmd_test_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	iodmacmd_test_edu = pdev;
	return 0;
}

static void iodmacmd_test_edu_remove(struct pci_dev *pdev)
{
	iodmacmd_test_edu = NULL;
}

static const struct pci_device_id iodmacmd_test_edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{}
};

static struct pci_driver iodmacmd_test_edu_driver = {
	.name = KBUILD_MODNAME "_edu",
	.id_table = iodmacmd_test_edu_ids,
	.probe = iodmacmd_test_edu_probe,
	.remove = iodmacmd_test_edu_remove,
};

static inline int iodmacmd_test_edu_bind(void)
{
	return pci_register_driver(&iodmacmd_test_edu_driver);
}

static inline void iodmacmd_test_edu_unbind(void)
{
	pci_unregister_driver(&iodmacmd_test_edu_driver);
}

static void iodmacmd_test_vfree(void *mem)
{
	vfree(mem);
}

/* vmalloc memory (physically scattered) freed when the test ends. */
static inline void *iodmacmd_test_vmalloc(struct kunit *test, size_t size)
{
	void *mem = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iodmacmd_test_vfree, mem), 0);
	return mem;
}

/* A physically contiguous, naturally aligned buffer of 2^@order pages. */
struct iodmacmd_test_buf {
	struct page *page;
	unsigned int order;
	phys_addr_t phys;
	void *va;
};

static void iodmacmd_test_buf_free(void *data)
{
	struct iodmacmd_test_buf *buf = data;

	__free_pages(buf->page, buf->order);
}

static inline struct iodmacmd_test_buf *
iodmacmd_test_buf_alloc(struct kunit *test, unsigned int order)
{
	struct iodmacmd_test_buf *buf = kunit_kzalloc(test, sizeof(*buf), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->order = order;
	buf->page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	KUNIT_ASSERT_NOT_NULL(test, buf->page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iodmacmd_test_buf_free, buf), 0);
	buf->phys = page_to_phys(buf->page);
	buf->va = page_address(buf->page);
	return buf;
}

static void iodmacmd_test_md_put(void *md)
{
	iodmacmd_md_put(md);
}

/* Releases the descriptor when the test ends, however it ends. */
static inline struct iodmacmd_md *iodmacmd_test_md(struct kunit *test, struct iodmacmd_md *md)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iodmacmd_test_md_put, md), 0);
	return md;
}

static void iodmacmd_test_cmd_destroy(void *cmd)
{
	iodmacmd_cmd_destroy(cmd);
}

static inline struct iodmacmd_cmd *iodmacmd_test_cmd(struct kunit *test, struct iodmacmd_cmd *cmd)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iodmacmd_test_cmd_destroy, cmd), 0);
	return cmd;
}

#endif /* _IODMACMD_KUNIT_HELPERS_H */
