// SPDX-License-Identifier: GPL-2.0
/*
 * iodmacmd_bench: what the IODMACommand adapter costs over the DMA code a
 * Linux driver writes by hand, measured inside the guest when the module
 * is loaded. scripts/bench boots the guests, loads it and reads the kernel
 * log: one JSON object per line, prefixed "iodmacmd_bench: ".
 *
 * Every comparison is a set of items timed side by side: after a warm-up
 * each item gets a batch size worth about @batch_us microseconds, then the
 * items run in turn (A, B, C, A, B, C...) for @rounds rounds, each round
 * giving one sample per item. The host computes medians, spreads and the
 * ratios of paired rounds. Timing uses ktime_get_ns() in process context
 * with preemption enabled; nothing here is a pass/fail test.
 *
 * Module parameters: tests (comma-separated: cycle, parts, seq, rand,
 * bounce, mem; default all), rounds (11), batch_us (20000), max_entries (65536).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/prandom.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>

#include "md.h"
#include "cmd.h"
#include "mapping.h"

IODMACMD_IMPORT_NS();

static char *tests = "cycle,parts,seq,rand,bounce,mem";
module_param(tests, charp, 0444);
MODULE_PARM_DESC(tests, "comma-separated: cycle, parts, seq, rand, bounce, mem");
static unsigned int rounds = 11;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "interleaved rounds per comparison (1..64)");
static unsigned int batch_us = 20000;
module_param(batch_us, uint, 0444);
MODULE_PARM_DESC(batch_us, "target duration of one item's batch, microseconds");
static unsigned int max_entries = 65536;
module_param(max_entries, uint, 0444);
MODULE_PARM_DESC(max_entries, "largest entry count of the seq and rand tests");

#define BENCH_MAX_ROUNDS	64
#define BENCH_MAX_ITEMS		8
#define BENCH_SEGS		64

/* One thing timed: @fn runs @iters iterations of @units units each. */
struct bench_item {
	const char *variant;
	int (*fn)(void *ctx, unsigned int iters);
	void *ctx;
	u64 units;		/* units (cycles, segments, calls) per iteration */
	unsigned int iters;	/* batch size, from the warm-up */
	u64 *ps;		/* picoseconds per unit, per round */
	int err;
};

/* Keeps the compiler from dropping the work whose result nobody reads. */
static u64 bench_sink;

static struct pci_dev *bench_edu;

static int bench_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	bench_edu = pdev;
	return 0;
}

static void bench_edu_remove(struct pci_dev *pdev)
{
	bench_edu = NULL;
}

static const struct pci_device_id bench_edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{}
};

static struct pci_driver bench_edu_driver = {
	.name = KBUILD_MODNAME "_edu",
	.id_table = bench_edu_ids,
	.probe = bench_edu_probe,
	.remove = bench_edu_remove,
};

static bool want(const char *name)
{
	size_t len = strlen(name);
	const char *p = tests;

	while (p && *p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static bool dev_translated(struct device *dev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

	return domain && domain->type != IOMMU_DOMAIN_IDENTITY;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 time_batch(struct bench_item *it, unsigned int iters)
{
	u64 t0, t1;
	int err;

	t0 = ktime_get_ns();
	err = it->fn(it->ctx, iters);
	t1 = ktime_get_ns();
	if (err && !it->err)
		it->err = err;
	return t1 - t0;
}

/* Prints "name":[v0,v1,...] of picosecond samples into @buf. */
static int print_samples(char *buf, size_t size, const u64 *v, unsigned int n)
{
	int len = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		len += scnprintf(buf + len, size - len, "%s%llu", i ? "," : "", v[i]);
	return len;
}

/*
 * Times @n items side by side and prints one JSON line per item:
 * {"test":..., <@extra of the item>, "variant":..., "unit":..., samples}.
 */
static void run_items(const char *test, const char *unit, const char * const *extra,
		      struct bench_item *items, unsigned int n)
{
	unsigned int i, r, nr = clamp(rounds, 1U, (unsigned int)BENCH_MAX_ROUNDS);
	u64 target = (u64)batch_us * NSEC_PER_USEC;
	u64 *samples = kcalloc(n + 1, nr * sizeof(u64), GFP_KERNEL);
	u64 *sorted = samples + n * nr;
	char *buf = kmalloc(1024, GFP_KERNEL);

	if (!buf || !samples)
		goto out;
	for (i = 0; i < n; i++)
		items[i].ps = samples + i * nr;
	/* Warm up: caches, IOVA caches, slabs; then size each item's batch. */
	for (i = 0; i < n; i++) {
		struct bench_item *it = &items[i];
		u64 t = 0, iters = 1;

		time_batch(it, 1);
		while (!it->err && iters < (1U << 24)) {
			t = time_batch(it, iters);
			if (t >= target / 4)
				break;
			iters *= 4;
		}
		it->iters = max_t(u64, 1, div64_u64(iters * target, max_t(u64, t, 1)));
		it->iters = min_t(u64, it->iters, iters * 8);
		cond_resched();
	}
	for (r = 0; r < nr; r++) {
		for (i = 0; i < n; i++) {
			struct bench_item *it = &items[i];
			u64 t = time_batch(it, it->iters);

			it->ps[r] = div64_u64(t * 1000, (u64)it->iters * it->units);
			cond_resched();
		}
	}
	for (i = 0; i < n; i++) {
		struct bench_item *it = &items[i];
		int len;

		memcpy(sorted, it->ps, nr * sizeof(u64));
		sort(sorted, nr, sizeof(u64), cmp_u64, NULL);
		len = scnprintf(buf, 1024, "{\"test\":\"%s\",%s,\"variant\":\"%s\",",
				test, extra[i] ? extra[i] : "\"x\":0", it->variant);
		len += scnprintf(buf + len, 1024 - len,
				 "\"unit\":\"%s\",\"err\":%d,\"iters\":%u,\"units\":%llu,",
				 unit, it->err, it->iters, it->units);
		len += scnprintf(buf + len, 1024 - len,
				 "\"median_ns\":%llu.%03llu,\"min_ns\":%llu.%03llu,",
				 sorted[nr / 2] / 1000, sorted[nr / 2] % 1000,
				 sorted[0] / 1000, sorted[0] % 1000);
		len += scnprintf(buf + len, 1024 - len, "\"max_ns\":%llu.%03llu,\"samples_ps\":[",
				 sorted[nr - 1] / 1000, sorted[nr - 1] % 1000);
		len += print_samples(buf + len, 1024 - len, it->ps, nr);
		scnprintf(buf + len, 1024 - len, "]}");
		pr_info("%s\n", buf);
	}
out:
	kfree(samples);
	kfree(buf);
}

static void free_page_array(struct page **pages, unsigned int n)
{
	unsigned int i;

	if (!pages)
		return;
	for (i = 0; i < n; i++)
		if (pages[i])
			__free_page(pages[i]);
	kvfree(pages);
}

/* @n pages of alloc_page() each; with @high, only pages above 4 GiB. */
static struct page **alloc_page_array(unsigned int n, bool high)
{
	struct page **pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL);
	struct page *low = NULL, *p;
	unsigned int i = 0, tries = 0;

	if (!pages)
		return NULL;
	while (i < n && tries++ < 8 * n + 64) {
		p = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!p)
			break;
		if (high && page_to_phys(p) < SZ_4G) {
			/* Keep low pages aside, so that the allocator moves on. */
			p->lru.next = (void *)low;
			low = p;
			continue;
		}
		pages[i++] = p;
	}
	while (low) {
		p = (struct page *)low->lru.next;
		low->lru.next = NULL;
		__free_page(low);
		low = p;
	}
	if (i < n) {
		free_page_array(pages, n);
		return NULL;
	}
	return pages;
}

/* ---- 1. Full cycle: iodmacmd vs a hand-written sg_table mapping ---- */

struct cycle_ctx {
	struct device *dev;
	struct page **pages;
	unsigned int nr;
	unsigned int max_seg;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_segment *segs;
	u64 segments;		/* counted on the last iteration */
	u64 dma_entries;
};

static int gen_all(struct cycle_ctx *c)
{
	u64 offset = 0, sum = 0, count = 0;
	int n, i;

	while ((n = iodmacmd_gen_segments(c->cmd, &offset, c->segs, BENCH_SEGS)) > 0) {
		for (i = 0; i < n; i++)
			sum += c->segs[i].addr + c->segs[i].len;
		count += n;
	}
	WRITE_ONCE(bench_sink, sum);
	c->segments = count;
	return n;
}

static int cycle_iodmacmd(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	int err = 0;

	while (iters--) {
		err = iodmacmd_set_md(c->cmd, c->md, true);
		if (err)
			return err;
		err = gen_all(c);
		iodmacmd_clear_md(c->cmd, true);
		if (err)
			return err;
	}
	return 0;
}

static int cycle_iodmacmd_create(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	struct iodmacmd_md *md;
	int err = 0;

	while (iters--) {
		md = iodmacmd_md_create_pages(c->pages, c->nr, 0, (u64)c->nr << PAGE_SHIFT,
					      IODMACMD_DIR_INOUT);
		if (IS_ERR(md))
			return PTR_ERR(md);
		err = iodmacmd_set_md(c->cmd, md, true);
		if (!err)
			err = gen_all(c);
		iodmacmd_clear_md(c->cmd, true);
		iodmacmd_md_put(md);
		if (err)
			return err;
	}
	return 0;
}

/*
 * IOKit's usual sequence: the driver prepares the descriptor once, commands
 * come and go. The descriptor keeps its mapping, so a cycle is a sync for
 * the device, the segments and a sync for the CPU. The first cycle of each
 * batch maps, the batch's end unmaps. A driver knows its transfer's
 * length: it stops asking for segments when the offset reaches it, as
 * IOKit drivers do, rather than make one more call that finds the end.
 */
static int cycle_iodmacmd_kept(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	u64 len = (u64)c->nr << PAGE_SHIFT, offset, sum = 0;
	int err, n, i;

	err = iodmacmd_md_prepare(c->md, 0);
	if (err)
		return err;
	while (iters--) {
		err = iodmacmd_set_md(c->cmd, c->md, true);
		if (err)
			break;
		for (offset = 0; offset < len; ) {
			n = iodmacmd_gen_segments(c->cmd, &offset, c->segs, BENCH_SEGS);
			if (n <= 0) {
				err = n ?: -EIO;
				break;
			}
			for (i = 0; i < n; i++)
				sum += c->segs[i].addr + c->segs[i].len;
		}
		iodmacmd_clear_md(c->cmd, true);
		if (err)
			break;
	}
	WRITE_ONCE(bench_sink, sum);
	iodmacmd_md_complete(c->md, 0);
	return err;
}

/* The same through the kext face, as a ported driver calls it. */
static int cycle_iokit_kept(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	IODMACommandSegment64 *segs = c->segs;
	UInt64 len = (UInt64)c->nr << PAGE_SHIFT, offset, sum = 0;
	IOReturn ret;
	UInt32 n, i;

	ret = IOMemoryDescriptorPrepare(c->md, kIODirectionNone);
	if (ret)
		return -EIO;
	while (iters--) {
		ret = IODMACommandSetMemoryDescriptor(c->cmd, c->md, true);
		if (ret)
			break;
		for (offset = 0; offset < len; ) {
			n = BENCH_SEGS;
			ret = IODMACommandGenIOVMSegments(c->cmd, &offset, segs, &n);
			if (ret)
				break;
			for (i = 0; i < n; i++)
				sum += segs[i].fIOVMAddr + segs[i].fLength;
		}
		IODMACommandClearMemoryDescriptor(c->cmd, true);
		if (ret)
			break;
	}
	WRITE_ONCE(bench_sink, sum);
	IOMemoryDescriptorComplete(c->md, kIODirectionNone);
	return ret ? -EIO : 0;
}

/* What the same driver writes by hand: the table mapped once per batch. */
static int cycle_native_kept(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	struct scatterlist *sg;
	struct sg_table sgt;
	u64 sum = 0;
	unsigned int i;
	int err;

	err = sg_alloc_table_from_pages_segment(&sgt, c->pages, c->nr, 0,
						(unsigned long)c->nr << PAGE_SHIFT,
						c->max_seg, GFP_KERNEL);
	if (err)
		return err;
	err = dma_map_sgtable(c->dev, &sgt, DMA_BIDIRECTIONAL, 0);
	if (err)
		goto free;
	while (iters--) {
		dma_sync_sgtable_for_device(c->dev, &sgt, DMA_BIDIRECTIONAL);
		for_each_sgtable_dma_sg(&sgt, sg, i)
			sum += sg_dma_address(sg) + sg_dma_len(sg);
		dma_sync_sgtable_for_cpu(c->dev, &sgt, DMA_BIDIRECTIONAL);
	}
	dma_unmap_sgtable(c->dev, &sgt, DMA_BIDIRECTIONAL, 0);
	WRITE_ONCE(bench_sink, sum);
free:
	sg_free_table(&sgt);
	return err;
}

static int cycle_native(void *ctx, unsigned int iters)
{
	struct cycle_ctx *c = ctx;
	struct scatterlist *sg;
	struct sg_table sgt;
	u64 sum = 0, count = 0;
	unsigned int i;
	int err;

	while (iters--) {
		err = sg_alloc_table_from_pages_segment(&sgt, c->pages, c->nr, 0,
							(unsigned long)c->nr << PAGE_SHIFT,
							c->max_seg, GFP_KERNEL);
		if (err)
			return err;
		err = dma_map_sgtable(c->dev, &sgt, DMA_BIDIRECTIONAL, 0);
		if (err) {
			sg_free_table(&sgt);
			return err;
		}
		count = 0;
		for_each_sgtable_dma_sg(&sgt, sg, i) {
			sum += sg_dma_address(sg) + sg_dma_len(sg);
			count++;
		}
		dma_unmap_sgtable(c->dev, &sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&sgt);
	}
	WRITE_ONCE(bench_sink, sum);
	c->dma_entries = count;
	return 0;
}

static void bench_cycle(struct device *dev)
{
	static const unsigned int sizes[] = { 1, 16, 256, 4096 };
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = 64,
		.mapping_options = IODMACMD_MAP_MAPPED,
	};
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		struct cycle_ctx c = { .dev = dev, .nr = sizes[s] };
		struct bench_item items[] = {
			{ .variant = "iodmacmd", .fn = cycle_iodmacmd, .ctx = &c, .units = 1 },
			{ .variant = "native", .fn = cycle_native, .ctx = &c, .units = 1 },
			{ .variant = "iodmacmd+create", .fn = cycle_iodmacmd_create, .ctx = &c,
			  .units = 1 },
			{ .variant = "iodmacmd-kept", .fn = cycle_iodmacmd_kept, .ctx = &c,
			  .units = 1 },
			{ .variant = "iokit-kept", .fn = cycle_iokit_kept, .ctx = &c, .units = 1 },
			{ .variant = "native-kept", .fn = cycle_native_kept, .ctx = &c,
			  .units = 1 },
		};
		char extra[96];
		const char *ex[ARRAY_SIZE(items)] = { extra, extra, extra, extra, extra, extra };

		c.max_seg = min_t(u64, dma_get_max_seg_size(dev), dma_max_mapping_size(dev)) &
			    PAGE_MASK;
		c.pages = alloc_page_array(c.nr, false);
		c.segs = kcalloc(BENCH_SEGS, sizeof(*c.segs), GFP_KERNEL);
		if (!c.pages || !c.segs)
			goto next;
		c.md = iodmacmd_md_create_pages(c.pages, c.nr, 0, (u64)c.nr << PAGE_SHIFT,
						IODMACMD_DIR_INOUT);
		c.cmd = iodmacmd_cmd_create(dev, &spec, NULL);
		if (IS_ERR(c.md) || IS_ERR(c.cmd)) {
			pr_err("cycle: create failed\n");
			goto next;
		}
		/* One untimed pass of each to learn the segment and entry counts. */
		cycle_iodmacmd(&c, 1);
		cycle_native(&c, 1);
		scnprintf(extra, sizeof(extra),
			  "\"pages\":%u,\"segments\":%llu,\"dma_entries\":%llu",
			  c.nr, c.segments, c.dma_entries);
		run_items("cycle", "cycle", ex, items, ARRAY_SIZE(items));
next:
		if (!IS_ERR_OR_NULL(c.cmd))
			iodmacmd_cmd_destroy(c.cmd);
		if (!IS_ERR_OR_NULL(c.md))
			iodmacmd_md_put(c.md);
		kfree(c.segs);
		free_page_array(c.pages, c.nr);
	}
}

/*
 * ---- 1c. Where a kept cycle's time goes ----
 *
 * The steps of IOKit's kept-descriptor sequence timed one by one, beside
 * the kernel calls they are built on, to show what the layer adds: an
 * exported call that does nothing (the floor of any call into iodmacmd), a
 * mutex round trip, the device-reach question and a sync pair.
 */
struct parts_ctx {
	struct device *dev;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_segment seg;
	struct mutex lock;	/* only timed: guards nothing */
	dma_addr_t dma;
};

static int part_attach(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;

	while (iters--) {
		iodmacmd_set_md(c->cmd, c->md, false);
		iodmacmd_clear_md(c->cmd, false);
	}
	return 0;
}

static int part_prepare(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;
	int err = iodmacmd_set_md(c->cmd, c->md, false);

	while (!err && iters--) {
		err = iodmacmd_prepare(c->cmd, 0, 0, 0);
		if (!err)
			err = iodmacmd_complete(c->cmd, 0);
	}
	iodmacmd_clear_md(c->cmd, true);
	return err;
}

static int part_gen(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;
	int err = iodmacmd_set_md(c->cmd, c->md, true);
	u64 offset;

	while (!err && iters--) {
		offset = 0;
		if (iodmacmd_gen_segments(c->cmd, &offset, &c->seg, 1) != 1)
			err = -EIO;
	}
	iodmacmd_clear_md(c->cmd, true);
	return err;
}

static int part_call(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;

	while (iters--)
		WRITE_ONCE(bench_sink, (uintptr_t)iodmacmd_get_md(c->cmd));
	return 0;
}

static int part_mutex(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;

	while (iters--) {
		mutex_lock(&c->lock);
		mutex_unlock(&c->lock);
	}
	return 0;
}

static int part_reach(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;

	while (iters--)
		WRITE_ONCE(bench_sink, dma_addressing_limited(c->dev));
	return 0;
}

static int part_sync(void *ctx, unsigned int iters)
{
	struct parts_ctx *c = ctx;

	while (iters--) {
		dma_sync_single_for_device(c->dev, c->dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
		dma_sync_single_for_cpu(c->dev, c->dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	}
	return 0;
}

static void bench_parts(struct device *dev)
{
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = 64,
		.mapping_options = IODMACMD_MAP_MAPPED,
	};
	struct parts_ctx c = { .dev = dev };
	struct bench_item items[] = {
		{ .variant = "attach+detach", .fn = part_attach, .ctx = &c, .units = 1 },
		{ .variant = "prepare+complete", .fn = part_prepare, .ctx = &c, .units = 1 },
		{ .variant = "gen", .fn = part_gen, .ctx = &c, .units = 1 },
		{ .variant = "empty call", .fn = part_call, .ctx = &c, .units = 1 },
		{ .variant = "mutex", .fn = part_mutex, .ctx = &c, .units = 1 },
		{ .variant = "dma_addressing_limited", .fn = part_reach, .ctx = &c, .units = 1 },
		{ .variant = "sync pair", .fn = part_sync, .ctx = &c, .units = 1 },
	};
	const char *ex[ARRAY_SIZE(items)] = { NULL };
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	mutex_init(&c.lock);
	if (!page)
		return;
	c.md = iodmacmd_md_create_pages(&page, 1, 0, PAGE_SIZE, IODMACMD_DIR_INOUT);
	c.cmd = iodmacmd_cmd_create(dev, &spec, NULL);
	c.dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (IS_ERR(c.md) || IS_ERR(c.cmd) || dma_mapping_error(dev, c.dma) ||
	    iodmacmd_md_prepare(c.md, 0)) {
		pr_err("parts: setup failed\n");
		goto out;
	}
	run_items("parts", "call", ex, items, ARRAY_SIZE(items));
	iodmacmd_md_complete(c.md, 0);
out:
	if (!dma_mapping_error(dev, c.dma))
		dma_unmap_page(dev, c.dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (!IS_ERR_OR_NULL(c.cmd))
		iodmacmd_cmd_destroy(c.cmd);
	if (!IS_ERR_OR_NULL(c.md))
		iodmacmd_md_put(c.md);
	__free_page(page);
	mutex_destroy(&c.lock);
}

/* ---- 2 and 3. Segment generation: sequential, random, re-walk ---- */

#define RAND_OFFSETS	1024

struct gen_ctx {
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	unsigned int nr;
	struct iodmacmd_segment *segs;
	u64 *offsets;		/* RAND_OFFSETS page-aligned offsets */
	unsigned int next;
};

static int gen_seq(void *ctx, unsigned int iters)
{
	struct gen_ctx *g = ctx;
	u64 sum = 0;
	int n;

	while (iters--) {
		u64 offset = 0;

		while ((n = iodmacmd_gen_segments(g->cmd, &offset, g->segs, BENCH_SEGS)) > 0)
			sum += g->segs[n - 1].addr;
		if (n < 0)
			return n;
	}
	WRITE_ONCE(bench_sink, sum);
	return 0;
}

static int gen_rand(void *ctx, unsigned int iters)
{
	struct gen_ctx *g = ctx;
	u64 sum = 0;
	int n;

	while (iters--) {
		u64 offset = g->offsets[g->next++ % RAND_OFFSETS];

		n = iodmacmd_gen_segments(g->cmd, &offset, g->segs, 1);
		if (n != 1)
			return n < 0 ? n : -EIO;
		sum += g->segs[0].addr;
	}
	WRITE_ONCE(bench_sink, sum);
	return 0;
}

/* What a generator without random access pays: walk from 0 to the offset. */
static int gen_rewalk(void *ctx, unsigned int iters)
{
	struct gen_ctx *g = ctx;
	u64 sum = 0;
	int n;

	while (iters--) {
		u64 target = g->offsets[g->next++ % RAND_OFFSETS], offset = 0;

		while (offset < target) {
			u64 left = (target - offset) >> PAGE_SHIFT;

			n = iodmacmd_gen_segments(g->cmd, &offset, g->segs,
						  min_t(u64, left, BENCH_SEGS));
			if (n <= 0)
				return n < 0 ? n : -EIO;
		}
		n = iodmacmd_gen_segments(g->cmd, &offset, g->segs, 1);
		if (n != 1)
			return n < 0 ? n : -EIO;
		sum += g->segs[0].addr;
	}
	WRITE_ONCE(bench_sink, sum);
	return 0;
}

static void gen_teardown(struct gen_ctx *g)
{
	if (!IS_ERR_OR_NULL(g->cmd))
		iodmacmd_cmd_destroy(g->cmd);
	if (!IS_ERR_OR_NULL(g->md))
		iodmacmd_md_put(g->md);
	kfree(g->segs);
	kfree(g->offsets);
}

/*
 * An Unmapped command over @nr page-array entries alternating between two
 * non-adjacent pages: @nr runs, one segment of PAGE_SIZE each.
 */
static int gen_setup(struct gen_ctx *g, struct page *base, unsigned int nr, u32 seed)
{
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = 64,
		.max_segment_size = PAGE_SIZE,
		.mapping_options = IODMACMD_MAP_UNMAPPED,
	};
	struct rnd_state rnd;
	struct page **pages;
	unsigned int i;
	int err;

	g->nr = nr;
	g->segs = kcalloc(BENCH_SEGS, sizeof(*g->segs), GFP_KERNEL);
	g->offsets = kcalloc(RAND_OFFSETS, sizeof(*g->offsets), GFP_KERNEL);
	pages = kvcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!g->segs || !g->offsets || !pages) {
		kvfree(pages);
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++)
		pages[i] = base + (i & 1) * 2;
	g->md = iodmacmd_md_create_pages(pages, nr, 0, (u64)nr << PAGE_SHIFT,
					 IODMACMD_DIR_INOUT);
	kvfree(pages);
	if (IS_ERR(g->md))
		return PTR_ERR(g->md);
	g->cmd = iodmacmd_cmd_create(NULL, &spec, NULL);
	if (IS_ERR(g->cmd))
		return PTR_ERR(g->cmd);
	err = iodmacmd_set_md(g->cmd, g->md, true);
	if (err)
		return err;
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < RAND_OFFSETS; i++)
		g->offsets[i] = (u64)(prandom_u32_state(&rnd) % nr) << PAGE_SHIFT;
	return 0;
}

static void bench_gen(bool seq, bool rnd)
{
	static const unsigned int all[] = { 16, 256, 4096, 65536 };
	struct gen_ctx g[ARRAY_SIZE(all)] = {};
	struct bench_item items[BENCH_MAX_ITEMS];
	char extra[ARRAY_SIZE(all)][32];
	const char *ex[BENCH_MAX_ITEMS];
	unsigned int n = 0, i;
	struct page *base;

	/* Pages 0 and 2 of four: never adjacent, whichever comes first. */
	base = alloc_pages(GFP_KERNEL, 2);
	if (!base)
		return;
	for (i = 0; i < ARRAY_SIZE(all) && all[i] <= max_entries; i++, n++) {
		if (gen_setup(&g[i], base, all[i], 42 + i)) {
			pr_err("gen: setup of %u entries failed\n", all[i]);
			goto out;
		}
		scnprintf(extra[i], sizeof(extra[i]), "\"entries\":%u", all[i]);
	}
	if (seq) {
		for (i = 0; i < n; i++) {
			items[i] = (struct bench_item){ .variant = "sequential", .fn = gen_seq,
							.ctx = &g[i], .units = g[i].nr };
			ex[i] = extra[i];
		}
		run_items("seq", "segment", ex, items, n);
	}
	if (rnd) {
		for (i = 0; i < n; i++) {
			items[i] = (struct bench_item){ .variant = "random", .fn = gen_rand,
							.ctx = &g[i], .units = 1 };
			ex[i] = extra[i];
			items[n + i] = (struct bench_item){ .variant = "rewalk", .fn = gen_rewalk,
							    .ctx = &g[i], .units = 1 };
			ex[n + i] = extra[i];
		}
		run_items("rand", "call", ex, items, 2 * n);
	}
out:
	for (i = 0; i < ARRAY_SIZE(all); i++)
		gen_teardown(&g[i]);
	__free_pages(base, 2);
}

/* ---- 4. Bouncing: iodmacmd's bounce vs memcpy vs swiotlb ---- */

struct bounce_ctx {
	struct device *dev;
	struct page **pages;
	unsigned int nr;
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_segment *segs;
	void *buf;		/* memcpy's contiguous side */
	unsigned int max_seg;	/* longest sg entry the device takes */
	const char *reason;
	bool force;		/* bounce with synchronize(kForceDoubleBuffer) */
	bool swiotlb_bounced;
};

static int bounce_iodmacmd(void *ctx, unsigned int iters)
{
	struct bounce_ctx *b = ctx;
	u64 offset;
	int err, n;

	while (iters--) {
		err = iodmacmd_set_md(b->cmd, b->md, true);
		if (!err && b->force)
			err = iodmacmd_synchronize(b->cmd, IODMACMD_FORCE_DOUBLE_BUFFER);
		if (err) {
			iodmacmd_clear_md(b->cmd, true);
			return err;
		}
		b->reason = iodmacmd_cmd_bounce_reason(b->cmd);
		offset = 0;
		while ((n = iodmacmd_gen_segments(b->cmd, &offset, b->segs, BENCH_SEGS)) > 0)
			WRITE_ONCE(bench_sink, b->segs[0].addr);
		iodmacmd_clear_md(b->cmd, true);
		if (n < 0)
			return n;
	}
	return 0;
}

/*
 * The baseline: the kernel's memcpy() of every page, in and back out. The
 * length is read at run time, as every copy routine's is (swiotlb's, ours):
 * given a constant 4096 the compiler emits an inline "rep movs" instead,
 * which QEMU's TCG runs about four times faster than the kernel's memcpy().
 * That form is timed too (memcpy-inline), for information. Always inlined,
 * so that the constant reaches memcpy() in the inline variant.
 */
static __always_inline void copy_pages_both_ways(struct bounce_ctx *b, size_t len)
{
	unsigned int i;

	for (i = 0; i < b->nr; i++)
		memcpy(b->buf + i * PAGE_SIZE, page_address(b->pages[i]), len);
	for (i = 0; i < b->nr; i++)
		memcpy(page_address(b->pages[i]), b->buf + i * PAGE_SIZE, len);
}

static size_t bench_page_size = PAGE_SIZE;

static int bounce_memcpy(void *ctx, unsigned int iters)
{
	while (iters--)
		copy_pages_both_ways(ctx, READ_ONCE(bench_page_size));
	return 0;
}

static int bounce_memcpy_inline(void *ctx, unsigned int iters)
{
	while (iters--)
		copy_pages_both_ways(ctx, PAGE_SIZE);
	return 0;
}

/* The part of a bounce that is dma_alloc_coherent() (zeroing included). */
static int bounce_alloc(void *ctx, unsigned int iters)
{
	struct bounce_ctx *b = ctx;
	size_t size = (size_t)b->nr << PAGE_SHIFT;
	dma_addr_t dma;
	void *cpu;

	while (iters--) {
		cpu = dma_alloc_coherent(b->dev, size, &dma, GFP_KERNEL);
		if (!cpu)
			return -ENOMEM;
		dma_free_coherent(b->dev, size, cpu, dma);
	}
	return 0;
}

static int bounce_swiotlb(void *ctx, unsigned int iters)
{
	struct bounce_ctx *b = ctx;
	struct sg_table sgt;
	int err;

	while (iters--) {
		err = sg_alloc_table_from_pages_segment(&sgt, b->pages, b->nr, 0,
							(unsigned long)b->nr << PAGE_SHIFT,
							b->max_seg, GFP_KERNEL);
		if (err)
			return err;
		err = dma_map_sgtable(b->dev, &sgt, DMA_BIDIRECTIONAL, 0);
		if (err) {
			sg_free_table(&sgt);
			return err;
		}
		b->swiotlb_bounced = sg_dma_address(sgt.sgl) != page_to_phys(b->pages[0]) &&
				     !dev_translated(b->dev);
		dma_unmap_sgtable(b->dev, &sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&sgt);
	}
	return 0;
}

/*
 * The memory is above 4 GiB and the device's masks are 32 bits: without an
 * IOMMU iodmacmd bounces for "device reach" (no mapping is made first) and
 * the DMA API bounces through swiotlb. Under an IOMMU every IOVA fits, so
 * the bounce is forced with synchronize(kForceDoubleBuffer) after the
 * prepare: that cycle also maps and unmaps once. The reason is printed.
 */
static void bench_bounce(struct device *dev)
{
	static const unsigned int sizes[] = { 16, 256, 1024 };	/* 64 KiB, 1, 4 MiB */
	bool translated = dev_translated(dev);
	unsigned int bits = translated ? 64 : 32;
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = bits,
		.mapping_options = IODMACMD_MAP_MAPPED,
	};
	unsigned int s;

	if (dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits))) {
		pr_err("bounce: cannot set the DMA masks\n");
		goto restore;
	}
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		struct bounce_ctx b = { .dev = dev, .nr = sizes[s], .force = translated };
		struct bench_item items[] = {
			{ .variant = "iodmacmd", .fn = bounce_iodmacmd, .ctx = &b,
			  .units = (u64)b.nr << PAGE_SHIFT },
			{ .variant = "memcpy", .fn = bounce_memcpy, .ctx = &b,
			  .units = (u64)b.nr << PAGE_SHIFT },
			{ .variant = "dma_map_sgtable", .fn = bounce_swiotlb, .ctx = &b,
			  .units = (u64)b.nr << PAGE_SHIFT },
			{ .variant = "dma_alloc_coherent", .fn = bounce_alloc, .ctx = &b,
			  .units = (u64)b.nr << PAGE_SHIFT },
			{ .variant = "memcpy-inline", .fn = bounce_memcpy_inline, .ctx = &b,
			  .units = (u64)b.nr << PAGE_SHIFT },
		};
		char extra[160];
		const char *ex[ARRAY_SIZE(items)] = { extra, extra, extra, extra, extra };

		b.max_seg = min_t(u64, dma_get_max_seg_size(dev), dma_max_mapping_size(dev)) &
			    PAGE_MASK;
		b.pages = alloc_page_array(b.nr, true);
		b.segs = kcalloc(BENCH_SEGS, sizeof(*b.segs), GFP_KERNEL);
		b.buf = vmalloc((unsigned long)b.nr << PAGE_SHIFT);
		if (!b.pages || !b.segs || !b.buf) {
			pr_err("bounce: no memory for %u pages above 4 GiB\n", b.nr);
			goto next;
		}
		b.md = iodmacmd_md_create_pages(b.pages, b.nr, 0, (u64)b.nr << PAGE_SHIFT,
						IODMACMD_DIR_INOUT);
		b.cmd = iodmacmd_cmd_create(dev, &spec, NULL);
		if (IS_ERR(b.md) || IS_ERR(b.cmd))
			goto next;
		bounce_iodmacmd(&b, 1);
		bounce_swiotlb(&b, 1);
		scnprintf(extra, sizeof(extra),
			  "\"bytes\":%u,\"address_bits\":%u,\"reason\":\"%s\",\"swiotlb_bounced\":%s",
			  b.nr << PAGE_SHIFT, bits, b.reason ? b.reason : "none",
			  b.swiotlb_bounced ? "true" : "false");
		run_items("bounce", "byte", ex, items, ARRAY_SIZE(items));
next:
		if (!IS_ERR_OR_NULL(b.cmd))
			iodmacmd_cmd_destroy(b.cmd);
		if (!IS_ERR_OR_NULL(b.md))
			iodmacmd_md_put(b.md);
		vfree(b.buf);
		kfree(b.segs);
		free_page_array(b.pages, b.nr);
	}
restore:
	dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
}

/* ---- 5. Memory held by a prepared command ---- */

/* Bytes sg_alloc_table() takes for @nents entries (chunks of one page). */
static u64 sg_table_bytes(unsigned int nents)
{
	u64 bytes = 0;

	while (nents) {
		unsigned int chunk = nents > SG_MAX_SINGLE_ALLOC ? SG_MAX_SINGLE_ALLOC : nents;

		if (chunk == SG_MAX_SINGLE_ALLOC)
			bytes += PAGE_SIZE;
		else
			bytes += kmalloc_size_roundup(chunk * sizeof(struct scatterlist));
		/* A full chunk's last entry chains to the next one. */
		nents -= nents > SG_MAX_SINGLE_ALLOC ? SG_MAX_SINGLE_ALLOC - 1 : chunk;
	}
	return bytes;
}

/*
 * What kvmalloc() takes for @size: a slab object up to the largest kmalloc
 * cache; above it, whole pages from the page allocator, a power of two of
 * them (kvmalloc() tries kmalloc() first, which succeeds on a machine with
 * memory to spare; only when it fails does vmalloc() take whole pages).
 */
static u64 kv_bytes(size_t size)
{
	return size > KMALLOC_MAX_CACHE_SIZE ? PAGE_SIZE << get_order(size) :
					       kmalloc_size_roundup(size);
}

static void bench_mem(struct device *dev)
{
	static const unsigned int sizes[] = { 1, 16, 256, 4096 };
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = 64,
		.mapping_options = IODMACMD_MAP_MAPPED,
	};
	unsigned int s;

	pr_info("{\"test\":\"sizes\",\"cmd\":%zu,\"mapping\":%zu,\"md\":%zu,\"run\":%zu,\"scatterlist\":%zu,\"sg_table\":%zu,\"segment\":%zu}\n",
		sizeof(struct iodmacmd_cmd), sizeof(struct iodmacmd_mapping),
		sizeof(struct iodmacmd_md), sizeof(struct iodmacmd_run),
		sizeof(struct scatterlist), sizeof(struct sg_table),
		sizeof(struct iodmacmd_segment));
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		unsigned int nr = sizes[s];
		struct page **pages = alloc_page_array(nr, false);
		struct iodmacmd_md *md = NULL;
		struct iodmacmd_cmd *cmd = NULL;
		struct iodmacmd_mapping *map;
		u64 sg, runs, fixed, md_bytes, claim;
		unsigned int native_entries;
		struct sg_table native;

		if (!pages)
			continue;
		/* What the hand-written driver's table holds for the same pages. */
		if (sg_alloc_table_from_pages_segment(&native, pages, nr, 0,
						      (unsigned long)nr << PAGE_SHIFT,
						      min_t(u64, dma_get_max_seg_size(dev),
							    dma_max_mapping_size(dev)) & PAGE_MASK,
						      GFP_KERNEL)) {
			free_page_array(pages, nr);
			continue;
		}
		native_entries = native.orig_nents;
		sg_free_table(&native);
		md = iodmacmd_md_create_pages(pages, nr, 0, (u64)nr << PAGE_SHIFT,
					      IODMACMD_DIR_INOUT);
		cmd = iodmacmd_cmd_create(dev, &spec, NULL);
		if (IS_ERR(md) || IS_ERR(cmd) || iodmacmd_set_md(cmd, md, true))
			goto next;
		map = cmd->mapping;
		sg = sg_table_bytes(map->sgt.orig_nents);
		runs = kv_bytes(map->runs.capacity * sizeof(struct iodmacmd_run));
		fixed = kmalloc_size_roundup(sizeof(struct iodmacmd_cmd)) +
			kmalloc_size_roundup(sizeof(struct iodmacmd_mapping));
		/* The page-array descriptor: its header and a copy of the array. */
		md_bytes = kv_bytes(sizeof(struct iodmacmd_md) + 2 * sizeof(u32) +
				    nr * sizeof(struct page *));
		/*
		 * The claim on writable memory, made only where the device's
		 * mappings need syncs: its allocation, when the slab or page
		 * allocator made it (a vmalloc()ed one is flagged, not sized).
		 */
		claim = map->claim && !is_vmalloc_addr(map->claim) ? ksize(map->claim) : 0;
		pr_info("{\"test\":\"mem\",\"pages\":%u,\"sg_entries\":%u,\"dma_entries\":%u,\"runs\":%u,\"sg_bytes\":%llu,\"run_bytes\":%llu,\"claim_bytes\":%llu,\"claim_vmalloc\":%d,\"cmd_mapping_bytes\":%llu,\"md_bytes\":%llu,\"native_sg_entries\":%u,\"native_sg_bytes\":%llu}\n",
			nr, map->sgt.orig_nents, map->sgt.nents, map->runs.capacity, sg, runs,
			claim, map->claim && is_vmalloc_addr(map->claim), fixed, md_bytes,
			native_entries, sg_table_bytes(native_entries));
		iodmacmd_clear_md(cmd, true);
next:
		if (!IS_ERR_OR_NULL(cmd))
			iodmacmd_cmd_destroy(cmd);
		if (!IS_ERR_OR_NULL(md))
			iodmacmd_md_put(md);
		free_page_array(pages, nr);
	}
}

static int __init iodmacmd_bench_init(void)
{
	struct device *dev;
	int err;

	err = pci_register_driver(&bench_edu_driver);
	if (err)
		return err;
	if (!bench_edu) {
		pr_err("no edu device (1234:11e8): boot QEMU with -device edu\n");
		pci_unregister_driver(&bench_edu_driver);
		return -ENODEV;
	}
	dev = &bench_edu->dev;
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err) {
		pci_unregister_driver(&bench_edu_driver);
		return err;
	}
	pr_info("{\"test\":\"env\",\"release\":\"%s\",\"version\":\"%s\",\"device\":\"%s\",\"iommu\":%s,\"swiotlb_force\":%s,\"page_size\":%lu,\"rounds\":%u,\"batch_us\":%u,\"max_entries\":%u,\"tests\":\"%s\"}\n",
		init_utsname()->release, init_utsname()->version, dev_name(dev),
		dev_translated(dev) ? "true" : "false",
		is_swiotlb_force_bounce(dev) ? "true" : "false", PAGE_SIZE,
		rounds, batch_us, max_entries, tests);
	if (want("cycle"))
		bench_cycle(dev);
	if (want("parts"))
		bench_parts(dev);
	if (want("seq") || want("rand"))
		bench_gen(want("seq"), want("rand"));
	if (want("bounce"))
		bench_bounce(dev);
	if (want("mem"))
		bench_mem(dev);
	pr_info("{\"test\":\"done\"}\n");
	return 0;
}

static void __exit iodmacmd_bench_exit(void)
{
	pci_unregister_driver(&bench_edu_driver);
}

module_init(iodmacmd_bench_init);
module_exit(iodmacmd_bench_exit);

MODULE_DESCRIPTION("iodmacmd benchmark: the adapter's cost over hand-written DMA code");
MODULE_LICENSE("GPL");
