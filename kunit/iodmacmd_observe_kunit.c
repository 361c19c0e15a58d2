// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for what iodmacmd shows of itself: the counters and listings
 * of /sys/kernel/debug/iodmacmd/, read through the files as root reads
 * them, and the trace events, seen by probes attached to them.
 *
 * Each case reads the counters before and after one operation and checks
 * that each moved by exactly what the operation must add: nothing else
 * uses iodmacmd while a suite runs. Cases whose outcome depends on the
 * guest (the edu device behind an IOMMU or not) compute what the
 * configuration must produce and check that, in every guest.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <iodmacmd/iodmacmd.h>

/* The bounce reasons and bounce memory the events carry. */
#include "../iodmacmd/bounce.h"
#include <trace/events/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

#define DEBUGFS_DIR	"/sys/kernel/debug/iodmacmd/"
#define LISTING_MAX	SZ_256K
#define XFER_LEN	(3 * PAGE_SIZE)

static const struct iodmacmd_spec spec64 = {
	.output = iodmacmd_output_host64,
	.address_bits = 64,
};

/* A debugfs file of iodmacmd's, whole and NUL-terminated, freed with the test. */
static char *read_debugfs(struct kunit *test, const char *name)
{
	char *buf = iodmacmd_test_vmalloc(test, LISTING_MAX);
	char path[64];
	size_t len = 0;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	snprintf(path, sizeof(path), DEBUGFS_DIR "%s", name);
	f = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "cannot open %s: %ld", path, PTR_ERR(f));
	do {
		n = kernel_read(f, buf + len, LISTING_MAX - 1 - len, &pos);
		if (n > 0)
			len += n;
	} while (n > 0 && len < LISTING_MAX - 1);
	filp_close(f, NULL);
	KUNIT_ASSERT_GE_MSG(test, n, 0, "reading %s failed", path);
	KUNIT_ASSERT_LT_MSG(test, len, (size_t)LISTING_MAX - 1, "%s is too long", path);
	buf[len] = '\0';
	return buf;
}

/* The value of the "name value" line @name of the counters file. */
static u64 read_counter(struct kunit *test, const char *text, const char *name)
{
	size_t name_len = strlen(name);
	const char *line;
	char num[24];
	u64 value;

	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *end;

		if (strncmp(line, name, name_len) || line[name_len] != ' ')
			continue;
		end = strchrnul(line, '\n');
		KUNIT_ASSERT_LT(test, (size_t)(end - line - name_len - 1), sizeof(num));
		memcpy(num, line + name_len + 1, end - line - name_len - 1);
		num[end - line - name_len - 1] = '\0';
		KUNIT_ASSERT_EQ(test, kstrtou64(num, 10, &value), 0);
		return value;
	}
	KUNIT_FAIL_AND_ABORT(test, "no counter \"%s\" in counters", name);
	return 0;
}

struct counters {
	u64 prepares, completes, bounces, address_bits, alignment, device_reach, forced,
	    shared_memory, bounce_allocs, bounce_bytes, hiwater, alloc_failures, gen_errors;
};

static void read_counters(struct kunit *test, struct counters *c)
{
	const char *text = read_debugfs(test, "counters");

	c->prepares = read_counter(test, text, "prepares");
	c->completes = read_counter(test, text, "completes");
	c->bounces = read_counter(test, text, "bounces");
	c->address_bits = read_counter(test, text, "bounces_address_bits");
	c->alignment = read_counter(test, text, "bounces_alignment");
	c->device_reach = read_counter(test, text, "bounces_device_reach");
	c->forced = read_counter(test, text, "bounces_forced");
	c->shared_memory = read_counter(test, text, "bounces_shared_memory");
	c->bounce_allocs = read_counter(test, text, "bounce_allocs");
	c->bounce_bytes = read_counter(test, text, "bounce_bytes");
	c->hiwater = read_counter(test, text, "bounce_bytes_hiwater");
	c->alloc_failures = read_counter(test, text, "alloc_failures");
	c->gen_errors = read_counter(test, text, "gen_errors");
}

/* Every counter of @b minus @a must equal @delta's (zero unless set). */
static void expect_moved(struct kunit *test, const struct counters *a, const struct counters *b,
			 const struct counters *delta)
{
	KUNIT_EXPECT_EQ_MSG(test, b->prepares - a->prepares, delta->prepares,
			    "prepares");
	KUNIT_EXPECT_EQ_MSG(test, b->completes - a->completes, delta->completes,
			    "completes");
	KUNIT_EXPECT_EQ_MSG(test, b->bounces - a->bounces, delta->bounces,
			    "bounces");
	KUNIT_EXPECT_EQ_MSG(test, b->address_bits - a->address_bits, delta->address_bits,
			    "address_bits");
	KUNIT_EXPECT_EQ_MSG(test, b->alignment - a->alignment, delta->alignment,
			    "alignment");
	KUNIT_EXPECT_EQ_MSG(test, b->device_reach - a->device_reach, delta->device_reach,
			    "device_reach");
	KUNIT_EXPECT_EQ_MSG(test, b->forced - a->forced, delta->forced,
			    "forced");
	KUNIT_EXPECT_EQ_MSG(test, b->shared_memory - a->shared_memory, delta->shared_memory,
			    "shared_memory");
	KUNIT_EXPECT_EQ_MSG(test, b->bounce_allocs - a->bounce_allocs, delta->bounce_allocs,
			    "bounce_allocs");
	KUNIT_EXPECT_EQ_MSG(test, b->bounce_bytes - a->bounce_bytes, delta->bounce_bytes,
			    "bounce_bytes");
	KUNIT_EXPECT_EQ_MSG(test, b->alloc_failures - a->alloc_failures, delta->alloc_failures,
			    "alloc_failures");
	KUNIT_EXPECT_EQ_MSG(test, b->gen_errors - a->gen_errors, delta->gen_errors,
			    "gen_errors");
}

/* A kernel descriptor over fresh memory, released with the test. */
static struct iodmacmd_md *test_md(struct kunit *test, size_t len, u32 dir)
{
	void *mem = iodmacmd_test_vmalloc(test, len);
	struct iodmacmd_range r = { (uintptr_t)mem, len };

	memset(mem, 0x5a, len);
	return iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, dir));
}

/* A command on a 64-bit KUnit device, attached to @md and not prepared. */
static struct iodmacmd_cmd *test_cmd(struct kunit *test, const char *dev_name,
				     struct iodmacmd_md *md)
{
	struct device *dev = iodmacmd_test_named_device(test, dev_name, 64);
	struct iodmacmd_cmd *cmd;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec64, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	return cmd;
}

/* A prepare and its complete count once each; nested levels do not. */
static void iodmacmd_observe_test_prepare_complete_counted(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct counters c0, c1, c2, delta = { .prepares = 1 };

	read_counters(test, &c0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, XFER_LEN, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c1);
	/* A 64-bit device reaches all memory: no configuration bounces it. */
	expect_moved(test, &c0, &c1, &delta);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c2);
	delta = (struct counters){ .completes = 1 };
	expect_moved(test, &c1, &c2, &delta);
}

/*
 * A forced double buffer counts a bounce for its reason and the bounce
 * memory allocated; the memory stays counted while the command keeps it as
 * its spare, and leaves the count when given back.
 */
static void iodmacmd_observe_test_forced_bounce_counted(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct counters c0, c1, c2, c3, delta;
	u64 held;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	held = iodmacmd_cmd_bounce_bytes(cmd);
	KUNIT_ASSERT_GE(test, held, (u64)XFER_LEN);
	read_counters(test, &c1);
	delta = (struct counters){ .bounces = 1, .forced = 1, .bounce_allocs = 1,
				   .bounce_bytes = held };
	expect_moved(test, &c0, &c1, &delta);
	KUNIT_EXPECT_GE(test, c1.hiwater, c1.bounce_bytes);

	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c2);
	delta = (struct counters){ .completes = 1 };
	expect_moved(test, &c1, &c2, &delta);

	iodmacmd_cmd_release_bounce(cmd);
	read_counters(test, &c3);
	KUNIT_EXPECT_EQ(test, c3.bounce_bytes, c0.bounce_bytes);
}

/* A second bounced transfer reuses the command's spare: no allocation counted. */
static void iodmacmd_observe_test_spare_not_counted_again(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_OUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct counters c0, c1, delta = { .prepares = 1, .completes = 1, .bounces = 1,
					  .forced = 1 };

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c1);
	expect_moved(test, &c0, &c1, &delta);
}

static void restore_edu_masks(void *data)
{
	dma_set_mask_and_coherent(data, DMA_BIT_MASK(64));
}

/*
 * The edu device with its 28-bit masks over memory above 256 MiB: without
 * an IOMMU (dma-direct, and swiotlb=force, whose pool a 28-bit device may
 * not reach either) the memory is out of its reach and the transfer is
 * bounced for "device reach"; behind the IOMMU the IOVAs fit and nothing
 * bounces. Each guest must count exactly its own case.
 */
static void iodmacmd_observe_test_device_reach_by_config(struct kunit *test)
{
	const struct iodmacmd_spec spec = { .output = iodmacmd_output_host64,
					    .address_bits = 28 };
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_range r = { (uintptr_t)buf->va, 4 * PAGE_SIZE };
	struct counters c0, c1, delta = { .prepares = 1, .completes = 1 };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;
	struct device *dev;
	bool translated;

	KUNIT_ASSERT_NOT_NULL_MSG(test, iodmacmd_test_edu, "every guest has an edu device");
	dev = &iodmacmd_test_edu->dev;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, restore_edu_masks, dev), 0);
	iodmacmd_test_set_masks(test, dev, 28);
	KUNIT_ASSERT_GE_MSG(test, buf->phys, (phys_addr_t)SZ_256M,
			    "a 6 GiB guest's page allocator gives memory above 256 MiB");
	translated = iodmacmd_test_translated(dev);
	if (!translated) {
		delta.bounces = 1;
		delta.device_reach = 1;
		delta.bounce_allocs = 1;
	}
	kunit_info(test, "edu %s, swiotlb=force %s: expecting %llu device-reach bounce(s)\n",
		   translated ? "behind the IOMMU" : "without an IOMMU",
		   is_swiotlb_force_bounce(dev) ? "on" : "off", delta.device_reach);

	md = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_INOUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	read_counters(test, &c0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	if (!translated) {
		KUNIT_EXPECT_STREQ(test, iodmacmd_cmd_bounce_reason(cmd) ?: "(none)",
				   "device reach");
		delta.bounce_bytes = iodmacmd_cmd_bounce_bytes(cmd);
		KUNIT_EXPECT_GE(test, delta.bounce_bytes, (u64)(4 * PAGE_SIZE));
	} else {
		KUNIT_EXPECT_NULL(test, iodmacmd_cmd_bounce_reason(cmd));
	}
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c1);
	expect_moved(test, &c0, &c1, &delta);
	iodmacmd_cmd_release_bounce(cmd);
}

/*
 * No bounce memory (16 MiB of ZONE_DMA cannot hold 32 MiB for a 24-bit
 * coherent mask): one allocation failure, no prepare, no bytes held.
 */
static void iodmacmd_observe_test_alloc_failure_counted(struct kunit *test)
{
	const struct iodmacmd_spec spec = { .output = iodmacmd_output_host64,
					    .address_bits = 24 };
	struct iodmacmd_md *md = test_md(test, SZ_32M, IODMACMD_DIR_OUT);
	struct counters c0, c1, delta = { .alloc_failures = 1 };
	struct iodmacmd_cmd *cmd;
	struct device *dev;

	dev = iodmacmd_test_named_device(test, "iodmacmd-observe", 64);
	iodmacmd_test_set_coherent(test, dev, 24);
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	read_counters(test, &c0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), -ENOMEM);
	read_counters(test, &c1);
	expect_moved(test, &c0, &c1, &delta);
}

/* An output function that refuses every segment. */
static bool refuse_segment(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			   void *segments, u32 index)
{
	return false;
}

/* A generation that fails inside the range counts once; the end does not. */
static void iodmacmd_observe_test_gen_error_counted(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_OUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct counters c0, c1, delta = { .gen_errors = 1 };
	struct iodmacmd_segment segs[8];
	u64 offset = 0;

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	read_counters(test, &c0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments_with(cmd, refuse_segment, &offset, segs,
							 ARRAY_SIZE(segs)), -EMSGSIZE);
	offset = XFER_LEN;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &offset, segs, ARRAY_SIZE(segs)), 0);
	read_counters(test, &c1);
	expect_moved(test, &c0, &c1, &delta);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
}

/*
 * The high-water mark rises with the bounce memory held and stays when the
 * memory is given back. The transfer is sized to pass the mark as the
 * suites before left it, so that it must move.
 */
static void iodmacmd_observe_test_hiwater_kept(struct kunit *test)
{
	struct counters c0, c1, c2;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	size_t len;

	read_counters(test, &c0);
	KUNIT_ASSERT_GE(test, c0.hiwater, c0.bounce_bytes);
	len = PAGE_ALIGN(c0.hiwater - c0.bounce_bytes + SZ_64K);
	KUNIT_ASSERT_LE_MSG(test, len, (size_t)SZ_64M, "the high-water mark is implausibly high");
	md = test_md(test, len, IODMACMD_DIR_OUT);
	cmd = test_cmd(test, "iodmacmd-observe", md);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	read_counters(test, &c1);
	KUNIT_EXPECT_EQ(test, c1.bounce_bytes, c0.bounce_bytes + iodmacmd_cmd_bounce_bytes(cmd));
	KUNIT_EXPECT_GT(test, c1.hiwater, c0.hiwater);
	KUNIT_EXPECT_EQ(test, c1.hiwater, c1.bounce_bytes);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	iodmacmd_cmd_release_bounce(cmd);
	read_counters(test, &c2);
	KUNIT_EXPECT_EQ(test, c2.bounce_bytes, c0.bounce_bytes);
	KUNIT_EXPECT_EQ(test, c2.hiwater, c1.hiwater);
}

/*
 * The line of the first command listed under device @name (a KUnit device's
 * name is "<case>.<name given>") in a commands
 * listing (cut at its end, in place), or %NULL when the device has none.
 */
static char *command_line(char *listing, const char *name)
{
	char header[128];
	char *line, *end;

	snprintf(header, sizeof(header), "%s:\n", name);
	for (line = listing; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (!strncmp(line, header, strlen(header)))
			break;
	if (!line)
		return NULL;
	line += strlen(header);
	if (strncmp(line, "  cmd ", 6))
		return NULL;
	end = strchrnul(line, '\n');
	*end = '\0';
	return line;
}

/* A live command is listed under its device with its state, and not after its end. */
static void iodmacmd_observe_test_debugfs_lists_command(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_INOUT);
	struct device *dev = iodmacmd_test_named_device(test, "iodmacmd-observe-cmd", 64);
	struct iodmacmd_cmd *cmd = iodmacmd_cmd_create(dev, &spec64, NULL);
	char want[64];
	char *line;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	line = command_line(read_debugfs(test, "commands"), dev_name(dev));
	KUNIT_EXPECT_NOT_NULL(test, line);
	if (line)
		KUNIT_EXPECT_NOT_NULL_MSG(test,
					  strstr(line, ": idle md=0 bounce_bytes=0 type=mapped "),
					  "line: %s", line);

	if (iodmacmd_set_md(cmd, md, true) == 0) {
		snprintf(want, sizeof(want), ": prepared=1 range=0x0+%#lx bounce=\"none\"",
			 (unsigned long)XFER_LEN);
		line = command_line(read_debugfs(test, "commands"), dev_name(dev));
		KUNIT_EXPECT_NOT_NULL(test, line);
		if (line) {
			kunit_info(test, "listed:%s\n", line);
			KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, want), "line: %s", line);
		}
		KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	} else {
		KUNIT_FAIL(test, "set_md failed");
	}
	iodmacmd_cmd_destroy(cmd);
	line = command_line(read_debugfs(test, "commands"), dev_name(dev));
	KUNIT_EXPECT_NULL_MSG(test, line, "a destroyed command is still listed: %s", line);
}

/* The line in a descriptors listing of a mapping for device @name, or %NULL. */
static char *mapping_line(char *listing, const char *name)
{
	char key[128];
	char *line;

	snprintf(key, sizeof(key), "  mapping dev=%s ", name);
	line = strstr(listing, key);
	if (line)
		*strchrnul(line, '\n') = '\0';
	return line;
}

/*
 * A descriptor's mapping is listed while it is mapped, parked (unmapped,
 * table kept) after the command's complete, and gone with the descriptor.
 */
static void iodmacmd_observe_test_debugfs_lists_mapping(struct kunit *test)
{
	void *mem = iodmacmd_test_vmalloc(test, XFER_LEN);
	struct iodmacmd_range r = { (uintptr_t)mem, XFER_LEN };
	struct device *dev = iodmacmd_test_named_device(test, "iodmacmd-observe-map", 64);
	struct iodmacmd_cmd *cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &spec64, NULL));
	struct iodmacmd_md *md = iodmacmd_md_create_kernel(&r, 1, IODMACMD_DIR_OUT);
	char *line;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, md);
	if (iodmacmd_set_md(cmd, md, true)) {
		iodmacmd_md_put(md);
		KUNIT_FAIL_AND_ABORT(test, "set_md failed");
	}
	line = mapping_line(read_debugfs(test, "descriptors"), dev_name(dev));
	KUNIT_EXPECT_NOT_NULL(test, line);
	if (line) {
		kunit_info(test, "listed:%s\n", line);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, " users=1 dma mapped"), "%s", line);
	}
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	line = mapping_line(read_debugfs(test, "descriptors"), dev_name(dev));
	KUNIT_EXPECT_NOT_NULL(test, line);
	if (line)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, " users=0 dma unmapped"), "%s", line);
	iodmacmd_md_put(md);
	line = mapping_line(read_debugfs(test, "descriptors"), dev_name(dev));
	KUNIT_EXPECT_NULL_MSG(test, line, "a freed descriptor's mapping is listed: %s", line);
}

/* What a probe on a transfer event saw. */
struct xfer_seen {
	const struct iodmacmd_cmd *cmd;
	unsigned int calls;
	u64 offset, length;
	unsigned int reason;
	u32 status;
};

static void probe_xfer(void *data, const struct iodmacmd_cmd *cmd, u64 offset, u64 length,
		       unsigned int reason, u32 status)
{
	struct xfer_seen *seen = data;

	if (cmd != seen->cmd)
		return;
	seen->calls++;
	seen->offset = offset;
	seen->length = length;
	seen->reason = reason;
	seen->status = status;
}

static void unregister_prepare_probe(void *data)
{
	unregister_trace_iodmacmd_prepare(probe_xfer, data);
	tracepoint_synchronize_unregister();
}

static void unregister_complete_probe(void *data)
{
	unregister_trace_iodmacmd_complete(probe_xfer, data);
	tracepoint_synchronize_unregister();
}

/* The prepare and complete events fire once each, with the range and the reason. */
static void iodmacmd_observe_test_trace_prepare_complete(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, 2 * XFER_LEN, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct xfer_seen *prep = kunit_kzalloc(test, sizeof(*prep), GFP_KERNEL);
	struct xfer_seen *comp = kunit_kzalloc(test, sizeof(*comp), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, prep);
	KUNIT_ASSERT_NOT_NULL(test, comp);
	prep->cmd = cmd;
	comp->cmd = cmd;
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_prepare(probe_xfer, prep), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_prepare_probe, prep), 0);
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_complete(probe_xfer, comp), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_complete_probe, comp), 0);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, PAGE_SIZE, XFER_LEN, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, prep->calls, 1);
	KUNIT_EXPECT_EQ(test, prep->offset, (u64)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, prep->length, (u64)XFER_LEN);
	KUNIT_EXPECT_EQ(test, prep->reason, IODMACMD_BOUNCE_NONE);
	KUNIT_EXPECT_EQ(test, prep->status, 0);
	KUNIT_EXPECT_EQ(test, comp->calls, 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, comp->calls, 1);
	KUNIT_EXPECT_EQ(test, comp->offset, (u64)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, comp->length, (u64)XFER_LEN);
	KUNIT_EXPECT_EQ(test, comp->reason, IODMACMD_BOUNCE_FORCED);
	KUNIT_EXPECT_EQ(test, comp->status, 0);
	KUNIT_EXPECT_EQ(test, prep->calls, 1);
}

/* What probes on the bounce events saw. */
struct bounce_seen {
	const struct iodmacmd_cmd *cmd;
	unsigned int allocs, frees, to_bounce, from_bounce, clears;
	u64 alloc_bytes, free_bytes, copied_to, copied_from;
};

static void probe_bounce_alloc(void *data, const struct iodmacmd_bounce *b)
{
	struct bounce_seen *seen = data;

	if (b->owner != seen->cmd)
		return;
	seen->allocs++;
	seen->alloc_bytes = b->capacity;
}

static void probe_bounce_free(void *data, const struct iodmacmd_bounce *b)
{
	struct bounce_seen *seen = data;

	if (b->owner != seen->cmd)
		return;
	seen->frees++;
	seen->free_bytes = b->capacity;
}

static void probe_bounce_copy(void *data, const struct iodmacmd_bounce *b, u64 md_offset,
			      u64 bytes, unsigned int kind)
{
	struct bounce_seen *seen = data;

	if (b->owner != seen->cmd)
		return;
	if (kind == IODMACMD_COPY_TO_BOUNCE) {
		seen->to_bounce++;
		seen->copied_to = bytes;
	} else if (kind == IODMACMD_COPY_FROM_BOUNCE) {
		seen->from_bounce++;
		seen->copied_from = bytes;
	} else {
		seen->clears++;
	}
}

static void unregister_bounce_probes(void *data)
{
	unregister_trace_iodmacmd_bounce_alloc(probe_bounce_alloc, data);
	unregister_trace_iodmacmd_bounce_free(probe_bounce_free, data);
	unregister_trace_iodmacmd_bounce_copy(probe_bounce_copy, data);
	tracepoint_synchronize_unregister();
}

/*
 * A bounced InOut transfer: the allocation, the copy in at the bounce and
 * out at complete, and the memory's end, each once, with its size.
 */
static void iodmacmd_observe_test_trace_bounce(struct kunit *test)
{
	struct iodmacmd_md *md = test_md(test, XFER_LEN, IODMACMD_DIR_INOUT);
	struct iodmacmd_cmd *cmd = test_cmd(test, "iodmacmd-observe", md);
	struct bounce_seen *seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	u64 held;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	seen->cmd = cmd;
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_bounce_alloc(probe_bounce_alloc, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_bounce_free(probe_bounce_free, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_bounce_copy(probe_bounce_copy, seen), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_bounce_probes, seen), 0);

	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_synchronize(cmd, IODMACMD_FORCE_DOUBLE_BUFFER), 0);
	held = iodmacmd_cmd_bounce_bytes(cmd);
	KUNIT_EXPECT_EQ(test, seen->allocs, 1);
	KUNIT_EXPECT_EQ(test, seen->alloc_bytes, held);
	KUNIT_EXPECT_EQ(test, seen->to_bounce, 1);
	KUNIT_EXPECT_EQ(test, seen->copied_to, (u64)XFER_LEN);
	KUNIT_ASSERT_EQ(test, iodmacmd_complete(cmd, IODMACMD_SYNCHRONIZE), 0);
	KUNIT_EXPECT_EQ(test, seen->from_bounce, 1);
	KUNIT_EXPECT_EQ(test, seen->copied_from, (u64)XFER_LEN);
	KUNIT_EXPECT_EQ(test, seen->frees, 0);
	iodmacmd_cmd_release_bounce(cmd);
	KUNIT_EXPECT_EQ(test, seen->frees, 1);
	KUNIT_EXPECT_EQ(test, seen->free_bytes, held);
	KUNIT_EXPECT_EQ(test, seen->clears, 0);
}

/* What probes on the command events saw. */
struct cmd_seen {
	const struct iodmacmd_cmd *created, *destroyed;
	unsigned int creates, destroys;
};

static void probe_cmd_create(void *data, const struct iodmacmd_cmd *cmd)
{
	struct cmd_seen *seen = data;

	seen->creates++;
	seen->created = cmd;
}

static void probe_cmd_destroy(void *data, const struct iodmacmd_cmd *cmd)
{
	struct cmd_seen *seen = data;

	seen->destroys++;
	seen->destroyed = cmd;
}

static void unregister_cmd_probes(void *data)
{
	unregister_trace_iodmacmd_cmd_create(probe_cmd_create, data);
	unregister_trace_iodmacmd_cmd_destroy(probe_cmd_destroy, data);
	tracepoint_synchronize_unregister();
}

/* A command's creation and its last reference each fire their event once. */
static void iodmacmd_observe_test_trace_cmd_lifetime(struct kunit *test)
{
	struct device *dev = iodmacmd_test_named_device(test, "iodmacmd-observe", 64);
	struct cmd_seen *seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	struct iodmacmd_cmd *cmd;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_cmd_create(probe_cmd_create, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_iodmacmd_cmd_destroy(probe_cmd_destroy, seen), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_cmd_probes, seen), 0);

	cmd = iodmacmd_cmd_create(dev, &spec64, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_EXPECT_EQ(test, seen->creates, 1);
	KUNIT_EXPECT_PTR_EQ(test, seen->created, cmd);
	iodmacmd_cmd_get(cmd);
	iodmacmd_cmd_destroy(cmd);
	KUNIT_EXPECT_EQ(test, seen->destroys, 0);
	iodmacmd_cmd_destroy(cmd);
	KUNIT_EXPECT_EQ(test, seen->destroys, 1);
	KUNIT_EXPECT_PTR_EQ(test, seen->destroyed, cmd);
}

static int iodmacmd_observe_suite_init(struct kunit_suite *suite)
{
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_observe_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
}

static struct kunit_case iodmacmd_observe_test_cases[] = {
	KUNIT_CASE(iodmacmd_observe_test_prepare_complete_counted),
	KUNIT_CASE(iodmacmd_observe_test_forced_bounce_counted),
	KUNIT_CASE(iodmacmd_observe_test_spare_not_counted_again),
	KUNIT_CASE(iodmacmd_observe_test_device_reach_by_config),
	KUNIT_CASE(iodmacmd_observe_test_alloc_failure_counted),
	KUNIT_CASE(iodmacmd_observe_test_gen_error_counted),
	KUNIT_CASE(iodmacmd_observe_test_hiwater_kept),
	KUNIT_CASE(iodmacmd_observe_test_debugfs_lists_command),
	KUNIT_CASE(iodmacmd_observe_test_debugfs_lists_mapping),
	KUNIT_CASE(iodmacmd_observe_test_trace_prepare_complete),
	KUNIT_CASE(iodmacmd_observe_test_trace_bounce),
	KUNIT_CASE(iodmacmd_observe_test_trace_cmd_lifetime),
	{}
};

static struct kunit_suite iodmacmd_observe_test_suite = {
	.name = "iodmacmd_observe",
	.suite_init = iodmacmd_observe_suite_init,
	.suite_exit = iodmacmd_observe_suite_exit,
	.test_cases = iodmacmd_observe_test_cases,
};

kunit_test_suite(iodmacmd_observe_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's counters, debugfs listings and trace events");
IODMACMD_IMPORT_NS();
