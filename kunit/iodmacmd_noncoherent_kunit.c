// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the cache maintenance iodmacmd asks of the DMA API, on a
 * device that is not DMA-coherent: there every sync the API requires is
 * cache maintenance, and a missing one is stale data the device or the CPU
 * reads. Emulated machines have no caches to go stale (QEMU's TCG makes
 * every access coherent), so comparing bytes cannot catch a missing sync;
 * what iodmacmd asks of the DMA API can be seen, through probes on the DMA
 * API's own trace events (dma_map_sg, dma_sync_*; Linux 6.12 on). Each case
 * runs one step of a transfer and checks that the syncs of that step cover
 * every byte of every segment the command generated, in the mapping's
 * direction, and never a byte outside the prepared window; dma-debug, on in
 * every test guest, checks the rest (each sync inside a mapping, in its
 * direction).
 *
 * The device is marked non-coherent where the architecture has per-device
 * coherency (arm64: a KUnit device is non-coherent anyway). x86 has none:
 * every device is coherent, and the same contract holds there under
 * swiotlb=force, where every mapping bounces and every sync is a copy.
 * A coherent device that swiotlb never bounces needs no sync at all, and
 * iodmacmd asks for none (each would do nothing but walk the table): the
 * cases that expect syncs are skipped there, and one case checks that
 * nothing is synced.
 *
 * IOKit's two types: Mapped (the command syncs at prepare and complete)
 * and NonCoherent (the driver asks: IODMACMD_FLUSH_CACHE on prepare,
 * IODMACMD_INVALIDATE on complete; iodmacmd always syncs at prepare).
 */
#include <kunit/test.h>
#include <linux/dma-map-ops.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

#define XFER_PAGES	5
#define XFER_LEN	(XFER_PAGES * PAGE_SIZE)
#define MAX_SEGS	(4 * XFER_PAGES)
#define MAX_SYNCS	256

/* What the probes record: the ranges one step of a transfer synced. */
enum sync_kind {
	SYNC_FOR_DEVICE,	/* dma_map_sg() or dma_sync_*_for_device() */
	SYNC_FOR_CPU,		/* dma_sync_*_for_cpu() or an unmap that syncs */
};

struct sync_range {
	enum sync_kind kind;
	enum dma_data_direction dir;
	u64 addr;
	u64 len;
};

/*
 * The log, filled by the probes in whatever context the DMA API runs (with
 * preemption off), read by the test between steps.
 * @dev: the only device whose events are recorded; NULL records nothing
 * @ranges: what was synced, in order
 * @count: entries of @ranges used
 * @overflow: ranges that found @ranges full
 */
static struct {
	spinlock_t lock;	/* guards every field below */
	struct device *dev;
	struct sync_range ranges[MAX_SYNCS];
	unsigned int count;
	unsigned int overflow;
} sync_log = {
	.lock = __SPIN_LOCK_UNLOCKED(sync_log.lock),
};

static void log_range(struct device *dev, enum sync_kind kind, enum dma_data_direction dir,
		      u64 addr, u64 len)
{
	unsigned long flags;

	spin_lock_irqsave(&sync_log.lock, flags);
	if (dev == sync_log.dev) {
		if (sync_log.count < MAX_SYNCS)
			sync_log.ranges[sync_log.count++] = (struct sync_range){
				.kind = kind, .dir = dir, .addr = addr, .len = len,
			};
		else
			sync_log.overflow++;
	}
	spin_unlock_irqrestore(&sync_log.lock, flags);
}

static void log_sg(struct device *dev, enum sync_kind kind, enum dma_data_direction dir,
		   struct scatterlist *sgl, int nents)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i)
		log_range(dev, kind, dir, sg_dma_address(sg), sg_dma_len(sg));
}

/* The probes: the prototypes of include/trace/events/dma.h, data first. */
static void probe_map_sg(void *data, struct device *dev, struct scatterlist *sgl, int nents,
			 int ents, enum dma_data_direction dir, unsigned long attrs)
{
	/* Mapping is a sync for the device unless told to skip it. */
	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		log_sg(dev, SYNC_FOR_DEVICE, dir, sgl, ents);
}

static void probe_unmap_sg(void *data, struct device *dev, struct scatterlist *sgl, int nents,
			   enum dma_data_direction dir, unsigned long attrs)
{
	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		log_sg(dev, SYNC_FOR_CPU, dir, sgl, nents);
}

static void probe_sync_single_for_cpu(void *data, struct device *dev, dma_addr_t addr,
				      size_t size, enum dma_data_direction dir)
{
	log_range(dev, SYNC_FOR_CPU, dir, addr, size);
}

static void probe_sync_single_for_device(void *data, struct device *dev, dma_addr_t addr,
					 size_t size, enum dma_data_direction dir)
{
	log_range(dev, SYNC_FOR_DEVICE, dir, addr, size);
}

static void probe_sync_sg_for_cpu(void *data, struct device *dev, struct scatterlist *sgl,
				  int nents, enum dma_data_direction dir)
{
	log_sg(dev, SYNC_FOR_CPU, dir, sgl, nents);
}

static void probe_sync_sg_for_device(void *data, struct device *dev, struct scatterlist *sgl,
				     int nents, enum dma_data_direction dir)
{
	log_sg(dev, SYNC_FOR_DEVICE, dir, sgl, nents);
}

/*
 * The DMA API's events are the kernel's, with no register_trace_*() a
 * module can call: each is found by name and given its probe directly.
 */
static struct dma_event {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool registered;
} dma_events[] = {
	{ "dma_map_sg", probe_map_sg },
	{ "dma_unmap_sg", probe_unmap_sg },
	{ "dma_sync_single_for_cpu", probe_sync_single_for_cpu },
	{ "dma_sync_single_for_device", probe_sync_single_for_device },
	{ "dma_sync_sg_for_cpu", probe_sync_sg_for_cpu },
	{ "dma_sync_sg_for_device", probe_sync_sg_for_device },
};

static bool dma_events_ready;

static void find_dma_event(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dma_events); i++)
		if (!strcmp(tp->name, dma_events[i].name))
			dma_events[i].tp = tp;
}

static void unregister_dma_events(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dma_events); i++) {
		if (dma_events[i].registered)
			tracepoint_probe_unregister(dma_events[i].tp, dma_events[i].probe, NULL);
		dma_events[i].registered = false;
	}
	tracepoint_synchronize_unregister();
	dma_events_ready = false;
}

static int iodmacmd_noncoherent_suite_init(struct kunit_suite *suite)
{
	unsigned int i;
	int err;

	for_each_kernel_tracepoint(find_dma_event, NULL);
	for (i = 0; i < ARRAY_SIZE(dma_events); i++)
		if (!dma_events[i].tp)
			return 0;	/* before 6.12: the cases skip, saying why */
	for (i = 0; i < ARRAY_SIZE(dma_events); i++) {
		err = tracepoint_probe_register(dma_events[i].tp, dma_events[i].probe, NULL);
		if (err) {
			unregister_dma_events();
			return err;
		}
		dma_events[i].registered = true;
	}
	dma_events_ready = true;
	return 0;
}

static void iodmacmd_noncoherent_suite_exit(struct kunit_suite *suite)
{
	unregister_dma_events();
}

/* Records @dev's events from now on, in an empty log (NULL: nobody's). */
static void log_device(struct device *dev)
{
	spin_lock_irq(&sync_log.lock);
	sync_log.dev = dev;
	sync_log.count = 0;
	sync_log.overflow = 0;
	spin_unlock_irq(&sync_log.lock);
}

static void stop_logging(void *unused)
{
	log_device(NULL);
}

/* Forget what was recorded: the next step starts a new log. */
static void log_reset(void)
{
	log_device(sync_log.dev);
}

/*
 * The device under test: 64-bit, non-coherent where the architecture
 * lets a device be, its DMA API events recorded from now on.
 */
static struct device *noncoherent_device(struct kunit *test)
{
	struct device *dev;

	if (!dma_events_ready)
		kunit_skip(test, "no DMA API trace events to probe (they came in Linux 6.12)");
	dev = iodmacmd_test_named_device(test, "iodmacmd-noncoherent", 64);
#if defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_DEVICE) || \
	defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_CPU) || \
	defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_CPU_ALL)
	dev->dma_coherent = false;
#endif
	log_device(dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, stop_logging, NULL), 0);
	return dev;
}

/*
 * The device under test where a sync does something for its mappings (it
 * is not coherent, or swiotlb bounces them); the case is skipped elsewhere.
 */
static struct device *syncing_device(struct kunit *test)
{
	struct device *dev = noncoherent_device(test);

	if (!iodmacmd_test_mappings_sync(dev))
		kunit_skip(test, "coherent and never bounced: nothing to sync");
	return dev;
}

/* Physically scattered kernel memory, so that the mapping has entries. */
static struct iodmacmd_md *scattered_md(struct kunit *test, u32 dir)
{
	struct iodmacmd_range r = {
		.address = (uintptr_t)iodmacmd_test_vmalloc(test, XFER_LEN),
		.length = XFER_LEN,
	};

	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

static struct iodmacmd_cmd *command(struct kunit *test, struct device *dev, u32 map_type)
{
	struct iodmacmd_spec spec = {
		.output = iodmacmd_output_host64,
		.address_bits = 64,
		.mapping_options = map_type,
	};

	return iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
}

struct segments {
	struct iodmacmd_segment seg[MAX_SEGS];
	unsigned int n;
};

static struct segments *new_segments(struct kunit *test)
{
	struct segments *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* Every segment of the prepared range (offsets count from its start). */
static void generate(struct kunit *test, struct iodmacmd_cmd *cmd, struct segments *s)
{
	u64 offset, length, pos = 0;
	int n;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepared_range(cmd, &offset, &length), 0);
	n = iodmacmd_gen_segments(cmd, &pos, s->seg, MAX_SEGS);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_ASSERT_EQ_MSG(test, pos, length, "%d segments did not cover the range", n);
	s->n = n;
}

/* The first range of @kind in the log holding @addr, or NULL. */
static const struct sync_range *range_holding(enum sync_kind kind, u64 addr)
{
	unsigned int i;

	for (i = 0; i < sync_log.count; i++) {
		const struct sync_range *r = &sync_log.ranges[i];

		if (r->kind == kind && addr >= r->addr && addr - r->addr < r->len)
			return r;
	}
	return NULL;
}

/*
 * Every byte of every segment lies in a range of @kind synced in @dir: the
 * union of the synced ranges is walked from each segment's first byte.
 */
static void expect_segments_synced(struct kunit *test, const struct segments *s,
				   enum sync_kind kind, enum dma_data_direction dir)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, sync_log.overflow, 0);
	for (i = 0; i < s->n; i++) {
		u64 pos = s->seg[i].addr, end = s->seg[i].addr + s->seg[i].len;

		while (pos < end) {
			const struct sync_range *r = range_holding(kind, pos);

			KUNIT_ASSERT_NOT_NULL_MSG(test, r,
						  "segment %u [%#llx, %#llx): byte %#llx never synced for the %s",
						  i, s->seg[i].addr, end, pos,
						  kind == SYNC_FOR_DEVICE ? "device" : "CPU");
			KUNIT_EXPECT_EQ(test, r->dir, dir);
			pos = r->addr + r->len;
		}
	}
}

/* No range of @kind was synced at all. */
static void expect_nothing_synced(struct kunit *test, enum sync_kind kind)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, sync_log.overflow, 0);
	for (i = 0; i < sync_log.count; i++)
		KUNIT_EXPECT_NE_MSG(test, sync_log.ranges[i].kind, kind,
				    "[%#llx, +%#llx) synced, which nothing asked for",
				    sync_log.ranges[i].addr, sync_log.ranges[i].len);
}

/* Every synced byte lies in one of the segments: nothing outside the window. */
static void expect_syncs_inside(struct kunit *test, const struct segments *s)
{
	unsigned int i, j;

	for (i = 0; i < sync_log.count; i++) {
		const struct sync_range *r = &sync_log.ranges[i];
		u64 pos = r->addr, end = r->addr + r->len;

		while (pos < end) {
			for (j = 0; j < s->n; j++)
				if (pos >= s->seg[j].addr && pos - s->seg[j].addr < s->seg[j].len)
					break;
			KUNIT_ASSERT_LT_MSG(test, j, s->n,
					    "sync [%#llx, %#llx) reaches %#llx, outside the window",
					    r->addr, end, pos);
			pos = min(end, s->seg[j].addr + s->seg[j].len);
		}
	}
}

static void iodmacmd_noncoherent_test_device_not_coherent(struct kunit *test)
{
	struct device *dev = noncoherent_device(test);

	if (dev_is_dma_coherent(dev))
		kunit_skip(test, "every device is DMA-coherent on this architecture");
	KUNIT_EXPECT_FALSE(test, dev_is_dma_coherent(dev));
}

static void iodmacmd_noncoherent_test_mapped_prepare_syncs_for_device(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_INOUT), false),
			0);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	generate(test, cmd, s);
	expect_segments_synced(test, s, SYNC_FOR_DEVICE, DMA_BIDIRECTIONAL);
	expect_nothing_synced(test, SYNC_FOR_CPU);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_noncoherent_test_mapped_complete_syncs_for_cpu(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_IN), true), 0);
	generate(test, cmd, s);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_segments_synced(test, s, SYNC_FOR_CPU, DMA_BIDIRECTIONAL);
	expect_nothing_synced(test, SYNC_FOR_DEVICE);
}

/* An Out transfer syncs towards the device in DMA_TO_DEVICE. */
static void iodmacmd_noncoherent_test_mapped_out_syncs_to_device(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_OUT), true), 0);
	generate(test, cmd, s);
	expect_segments_synced(test, s, SYNC_FOR_DEVICE, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/*
 * IOKit's usual sequence: the driver prepares the descriptor once, and each
 * cycle of a command over it finds the mapping made. The mapping is not
 * made again, so the command itself must sync, every cycle.
 */
static void iodmacmd_noncoherent_test_kept_mapping_syncs_every_cycle(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_md *md = scattered_md(test, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);
	int cycle;

	KUNIT_ASSERT_EQ(test, iodmacmd_md_set_mapper(md, dev), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_INOUT), 0);
	for (cycle = 0; cycle < 3; cycle++) {
		log_reset();
		KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
		generate(test, cmd, s);
		expect_segments_synced(test, s, SYNC_FOR_DEVICE, DMA_BIDIRECTIONAL);
		log_reset();
		KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
		expect_segments_synced(test, s, SYNC_FOR_CPU, DMA_BIDIRECTIONAL);
	}
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, IODMACMD_DIR_INOUT), 0);
}

/*
 * A command over part of a mapping others may be using syncs its window,
 * not the whole mapping: a sync for the CPU of someone else's window
 * would throw away what their device wrote.
 */
static void iodmacmd_noncoherent_test_window_syncs_only_window(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_md *md = scattered_md(test, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_md_set_mapper(md, dev), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_INOUT), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	log_reset();
	/* From the middle of the first page to the middle of the fourth. */
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, PAGE_SIZE / 2, 3 * PAGE_SIZE, 0), 0);
	generate(test, cmd, s);
	expect_segments_synced(test, s, SYNC_FOR_DEVICE, DMA_BIDIRECTIONAL);
	expect_syncs_inside(test, s);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_segments_synced(test, s, SYNC_FOR_CPU, DMA_BIDIRECTIONAL);
	expect_syncs_inside(test, s);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, IODMACMD_DIR_INOUT), 0);
}

static void iodmacmd_noncoherent_test_noncoherent_flush_syncs_for_device(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_NONCOHERENT);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_OUT), false),
			0);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_FLUSH_CACHE), 0);
	generate(test, cmd, s);
	expect_segments_synced(test, s, SYNC_FOR_DEVICE, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, IODMACMD_INVALIDATE), 0);
}

/*
 * NonCoherent without IODMACMD_INVALIDATE: the driver said it maintains
 * the caches itself, and complete leaves them alone.
 */
static void iodmacmd_noncoherent_test_noncoherent_complete_leaves_cache(struct kunit *test)
{
	struct device *dev = noncoherent_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_NONCOHERENT);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_IN), false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_FLUSH_CACHE), 0);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	expect_nothing_synced(test, SYNC_FOR_CPU);
}

static void iodmacmd_noncoherent_test_noncoherent_invalidate_syncs_for_cpu(struct kunit *test)
{
	struct device *dev = syncing_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_NONCOHERENT);
	struct segments *s = new_segments(test);

	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, scattered_md(test, IODMACMD_DIR_IN), false), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_FLUSH_CACHE), 0);
	generate(test, cmd, s);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_INVALIDATE), 0);
	expect_segments_synced(test, s, SYNC_FOR_CPU, DMA_BIDIRECTIONAL);
}

/*
 * A shared buffer (a ring) is DMA-coherent memory: the device and the CPU
 * use it with no sync, and neither prepare nor complete asks for one.
 */
static void iodmacmd_noncoherent_test_shared_buffer_needs_no_sync(struct kunit *test)
{
	struct device *dev = noncoherent_device(test);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct iodmacmd_md *ring;
	struct segments *s = new_segments(test);
	u64 len;

	ring = iodmacmd_test_md(test, iodmacmd_buffer_create_coherent(dev, IODMACMD_DIR_INOUT,
								      2 * PAGE_SIZE, 0, 0));
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, ring, true), 0);
	generate(test, cmd, s);
	KUNIT_EXPECT_EQ(test, s->n, 1u);
	KUNIT_EXPECT_EQ(test, s->seg[0].addr, iodmacmd_md_bus_segment(ring, 0, &len));
	KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	KUNIT_EXPECT_EQ(test, sync_log.count, 0u);
}

/*
 * A coherent device whose mappings swiotlb never bounces: no sync can do
 * anything, so neither mapping nor a kept descriptor's cycles ask for one,
 * and the mapping tells dma-debug that it skips them.
 */
static void iodmacmd_noncoherent_test_coherent_device_is_not_synced(struct kunit *test)
{
	struct device *dev = noncoherent_device(test);
	struct iodmacmd_md *md = scattered_md(test, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = command(test, dev, IODMACMD_MAP_MAPPED);
	struct segments *s = new_segments(test);
	int cycle;

	if (iodmacmd_test_mappings_sync(dev))
		kunit_skip(test, "the device's mappings need syncs here");
	KUNIT_ASSERT_EQ(test, iodmacmd_md_set_mapper(md, dev), 0);
	log_reset();
	KUNIT_ASSERT_EQ(test, iodmacmd_md_prepare(md, IODMACMD_DIR_INOUT), 0);
	for (cycle = 0; cycle < 2; cycle++) {
		KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
		generate(test, cmd, s);
		KUNIT_ASSERT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	}
	KUNIT_EXPECT_EQ(test, iodmacmd_md_complete(md, IODMACMD_DIR_INOUT), 0);
	KUNIT_EXPECT_EQ(test, sync_log.count, 0u);
}

static struct kunit_case iodmacmd_noncoherent_test_cases[] = {
	KUNIT_CASE(iodmacmd_noncoherent_test_device_not_coherent),
	KUNIT_CASE(iodmacmd_noncoherent_test_mapped_prepare_syncs_for_device),
	KUNIT_CASE(iodmacmd_noncoherent_test_mapped_complete_syncs_for_cpu),
	KUNIT_CASE(iodmacmd_noncoherent_test_mapped_out_syncs_to_device),
	KUNIT_CASE(iodmacmd_noncoherent_test_kept_mapping_syncs_every_cycle),
	KUNIT_CASE(iodmacmd_noncoherent_test_window_syncs_only_window),
	KUNIT_CASE(iodmacmd_noncoherent_test_noncoherent_flush_syncs_for_device),
	KUNIT_CASE(iodmacmd_noncoherent_test_noncoherent_complete_leaves_cache),
	KUNIT_CASE(iodmacmd_noncoherent_test_noncoherent_invalidate_syncs_for_cpu),
	KUNIT_CASE(iodmacmd_noncoherent_test_shared_buffer_needs_no_sync),
	KUNIT_CASE(iodmacmd_noncoherent_test_coherent_device_is_not_synced),
	{}
};

static struct kunit_suite iodmacmd_noncoherent_test_suite = {
	.name = "iodmacmd_noncoherent",
	.suite_init = iodmacmd_noncoherent_suite_init,
	.suite_exit = iodmacmd_noncoherent_suite_exit,
	.test_cases = iodmacmd_noncoherent_test_cases,
};

kunit_test_suite(iodmacmd_noncoherent_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the DMA API syncs iodmacmd makes for a non-coherent device");
IODMACMD_IMPORT_NS();
