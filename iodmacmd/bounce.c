// SPDX-License-Identifier: GPL-2.0
/*
 * Map or bounce: the one place that decides how a command's device gets a
 * prepared range, and the bounce memory it gets when not as it is.
 *
 * Planning (iodmacmd_plan_transfer(), once per prepare): a device the
 * memory is out of reach of (no IOMMU, and
 * a DMA mask that misses some page) bounces before anything is mapped,
 * because the DMA API would lean on swiotlb, whose pool such a device may
 * not reach either, and WARN; otherwise the range is mapped (mapping.c) and
 * the mapped addresses decide: a segment beyond the command's address bits
 * or breaking one of its alignments bounces, the segment budget is checked,
 * and memory another device's writable mapping holds bounces too
 * (sharing.c).
 *
 * A prepared range is bounced, whole, when a mapped address lies beyond the
 * command's address bits, when a segment would break one of its alignments,
 * when the device cannot reach the memory directly and no IOMMU translates
 * for it, or when the driver asks (kForceDoubleBuffer). The bounce memory is
 * the device's own, from dma_alloc_coherent(): the one DMA API allocator
 * bounded by the device's coherent mask both with and without an IOMMU
 * (dma_alloc_pages() maps with the streaming mask under an IOMMU). That
 * makes the policy simple: a driver whose commands are narrower than its
 * device sets the coherent mask to the narrowest command's width. Every
 * chunk's bus address is still checked against the command's own limits,
 * because the DMA API knows only the device's. Coherent memory needs no
 * sync calls around the copies.
 *
 * Chunks are as large as the page allocator gives (up to 4 MiB, halving on
 * failure down to a page), so a bounced transfer stays a few segments
 * rather than one per page. The copy into bounce memory happens at prepare
 * when the descriptor's direction includes Out (the device reads memory),
 * the copy back at complete when it includes In; memory a device may read
 * before anything was copied into it is cleared first, so no stale kernel
 * data ever reaches a device.
 *
 * A command keeps its bounce memory after complete() as a spare for its
 * next transfer, as a busdma map keeps its bounce pages: allocating and
 * zeroing coherent memory costs about as much as the two copies, and a
 * driver that bounced once will bounce again. The spare goes back to the
 * device when a longer transfer needs more, when the specification changes
 * (its chunks were checked against the old one) and when the command is
 * destroyed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>

#include "md.h"
#include "bounce.h"
#include "cmd.h"
#include "mapping.h"
#include "stats.h"

/* Largest chunk: order 10, which every supported kernel's allocator serves. */
#define BOUNCE_CHUNK_MAX	(PAGE_SIZE << 10)

static const char * const bounce_reason_names[] = {
	[IODMACMD_BOUNCE_NONE] = "none",
	[IODMACMD_BOUNCE_ADDRESS] = "address bits",
	[IODMACMD_BOUNCE_ALIGNMENT] = "alignment",
	[IODMACMD_BOUNCE_REACH] = "device reach",
	[IODMACMD_BOUNCE_FORCED] = "forced",
	[IODMACMD_BOUNCE_SHARED] = "shared memory",
};

/**
 * iodmacmd_bounce_reason_name() - a bounce reason in words
 * @reason: an enum iodmacmd_bounce_reason value
 *
 * Return: a constant string, "none" for %IODMACMD_BOUNCE_NONE.
 */
const char *iodmacmd_bounce_reason_name(unsigned int reason)
{
	if (reason >= ARRAY_SIZE(bounce_reason_names))
		return "unknown";
	return bounce_reason_names[reason];
}

static void bounce_log(const struct iodmacmd_cmd *cmd, u64 length, const char *why)
{
	if (cmd->dev)
		dev_warn_ratelimited(cmd->dev, "iodmacmd: no bounce memory for %llu bytes: %s\n",
				     length, why);
	else
		pr_warn_ratelimited("no bounce memory for %llu bytes: %s\n", length, why);
}

/**
 * iodmacmd_bounce_free() - return bounce memory to the device
 * @b: the bounce buffer, or %NULL
 */
void iodmacmd_bounce_free(struct iodmacmd_bounce *b)
{
	unsigned long i;

	if (!b)
		return;
	iodmacmd_obs_bounce_free(b);
	for (i = 0; i < b->nr_chunks; i++)
		dma_free_coherent(b->dev, b->chunks[i].size, b->chunks[i].cpu, b->chunks[i].dma);
	kvfree(b->runs.runs);
	kvfree(b);
}

/*
 * The address the command's segments use for a chunk: the DMA address, or
 * for the physical types the CPU physical one (the same without an IOMMU,
 * where memory from the linear map is all the allocator returns).
 */
static u64 chunk_bus_addr(const struct iodmacmd_cmd *cmd, const struct iodmacmd_bounce_chunk *c)
{
	if (cmd->tag->dma_api || is_vmalloc_addr(c->cpu))
		return c->dma;
	return virt_to_phys(c->cpu);
}

/*
 * Every chunk must fit the command, whole, so that a later and longer
 * transfer can reuse it: the address bits, the first chunk's alignment
 * and the later ones' internal alignment.
 */
static const char *chunk_misfit(const struct iodmacmd_cmd *cmd,
				const struct iodmacmd_bounce_chunk *c, bool first)
{
	const struct iodmacmd_limits *lim = &cmd->tag->limits;
	u64 mask = first ? lim->align_mask : lim->internal_align_mask;

	if (c->bus + c->size - 1 > lim->addr_mask)
		return "it lies beyond the command's address bits (narrow the coherent DMA mask)";
	if (c->bus & mask)
		return "it does not meet the command's alignment";
	return NULL;
}

/* Describes the first @length bytes of the chunks to the generator. */
static IOReturn bounce_set_length(struct iodmacmd_bounce *b, u64 length)
{
	unsigned long i;
	u64 pos = 0;

	iodmacmd_runs_init(&b->runs, b->runs.runs, b->max_chunks);
	for (i = 0; i < b->nr_chunks && pos < length; i++) {
		u64 used = min_t(u64, b->chunks[i].size, length - pos);

		if (iodmacmd_runs_append(&b->runs, b->chunks[i].bus, used))
			return kIOReturnInternalError;
		pos += used;
	}
	b->length = length;
	return kIOReturnSuccess;
}

/*
 * The bounce memory a transfer could need is bounded by the machine's RAM;
 * a larger request (a descriptor composed of itself many times over) is
 * refused before its bookkeeping is sized, which would overflow or WARN.
 */
static bool bounce_length_possible(u64 length, unsigned long *pages)
{
	u64 n = (length >> PAGE_SHIFT) + !!(length & ~PAGE_MASK);

	if (n > totalram_pages() || n > U32_MAX)
		return false;
	*pages = n;
	return true;
}

static struct iodmacmd_bounce *bounce_alloc(struct iodmacmd_cmd *cmd, u64 length,
					    IOReturn *ret)
{
	size_t chunk = BOUNCE_CHUNK_MAX;
	struct iodmacmd_bounce *b;
	struct iodmacmd_run *runs;
	unsigned long max_chunks;
	const char *misfit;
	u64 pos = 0;

	*ret = kIOReturnNoResources;
	if (!bounce_length_possible(length, &max_chunks)) {
		bounce_log(cmd, length, "larger than the machine's memory");
		return NULL;
	}
	*ret = kIOReturnNoMemory;
	b = kvzalloc(struct_size(b, chunks, max_chunks), GFP_KERNEL | __GFP_NOWARN);
	runs = kvmalloc_array(max_chunks, sizeof(*runs), GFP_KERNEL | __GFP_NOWARN);
	if (!b || !runs) {
		kvfree(b);
		kvfree(runs);
		return NULL;
	}
	b->owner = cmd;
	b->dev = cmd->dev;
	b->max_chunks = max_chunks;
	b->runs.runs = runs;

	*ret = kIOReturnNoResources;
	while (pos < length) {
		struct iodmacmd_bounce_chunk *c = &b->chunks[b->nr_chunks];
		size_t want = min_t(u64, PAGE_ALIGN(length - pos), chunk);

		want = PAGE_SIZE << get_order(want);
		c->cpu = dma_alloc_coherent(cmd->dev, want, &c->dma, GFP_KERNEL | __GFP_NOWARN);
		if (!c->cpu) {
			if (chunk > PAGE_SIZE) {
				chunk /= 2;
				continue;
			}
			bounce_log(cmd, length, "the device's DMA allocator is exhausted");
			goto fail;
		}
		c->size = want;
		c->bus = chunk_bus_addr(cmd, c);
		b->nr_chunks++;
		misfit = chunk_misfit(cmd, c, pos == 0);
		if (misfit) {
			bounce_log(cmd, length, misfit);
			goto fail;
		}
		pos += want;
		cond_resched();
	}
	b->capacity = pos;
	iodmacmd_obs_bounce_alloc(b);
	/* dma_alloc_coherent() returns zeroed memory. */
	b->clean = true;
	*ret = bounce_set_length(b, length);
	if (*ret)
		goto fail;
	return b;

fail:
	iodmacmd_bounce_free(b);
	return NULL;
}

/* Whether the command's device can have bounce memory (logged when not). */
static bool bounce_device_ok(const struct iodmacmd_cmd *cmd, u64 length)
{
	if (!cmd->dev) {
		bounce_log(cmd, length, "a command without a device cannot bounce");
		return false;
	}
	/* dma_alloc_coherent() WARNs for a device without a coherent mask. */
	if (!cmd->dev->coherent_dma_mask) {
		bounce_log(cmd, length, "the device has no coherent DMA mask");
		return false;
	}
	return true;
}

/*
 * The command's spare bounce memory, the last transfer's, serves again when
 * it is large enough: allocating and zeroing coherent memory costs as much
 * as the copies themselves. Otherwise the spare goes back to the device and
 * new memory is allocated for @length.
 */
static struct iodmacmd_bounce *bounce_get(struct iodmacmd_cmd *cmd, u64 length, IOReturn *ret)
{
	struct iodmacmd_bounce *b = cmd->spare_bounce;

	if (!bounce_device_ok(cmd, length)) {
		*ret = kIOReturnNoResources;
		return NULL;
	}
	cmd->spare_bounce = NULL;
	if (b && b->capacity >= length) {
		*ret = bounce_set_length(b, length);
		if (!*ret)
			return b;
	}
	iodmacmd_bounce_free(b);
	return bounce_alloc(cmd, length, ret);
}

/**
 * iodmacmd_bounce_reserve() - give a command spare bounce memory ahead of time
 * @cmd: the command, with a specification that may bounce, not prepared
 * @length: bytes the spare must hold
 *
 * IOKit's createCopyBuffer(): a spare that already holds @length stays;
 * otherwise new memory replaces it (the old spare stays if none can be had).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnNoResources (no device, or no memory
 * that fits; logged) or kIOReturnNoMemory.
 */
IOReturn iodmacmd_bounce_reserve(struct iodmacmd_cmd *cmd, u64 length)
{
	struct iodmacmd_bounce *b;
	IOReturn ret;

	if (!bounce_device_ok(cmd, length))
		return kIOReturnNoResources;
	if (cmd->spare_bounce && cmd->spare_bounce->capacity >= length)
		return kIOReturnSuccess;
	b = bounce_alloc(cmd, length, &ret);
	if (!b) {
		iodmacmd_obs_alloc_failed();
		return ret;
	}
	iodmacmd_bounce_free(cmd->spare_bounce);
	cmd->spare_bounce = b;
	return kIOReturnSuccess;
}

/*
 * Keeps a command's bounce memory for its next transfer. The memory may
 * hold the last transfer's bytes: the next user overwrites or clears what
 * the device may read (see bounce_copy()).
 */
static void bounce_keep_spare(struct iodmacmd_cmd *cmd, struct iodmacmd_bounce *b)
{
	b->clean = false;
	iodmacmd_bounce_free(cmd->spare_bounce);
	cmd->spare_bounce = b;
}

/*
 * Copies the whole buffer to or from the descriptor. A descriptor that
 * yields fewer bytes (it never should) ends the copy: the caller reports an
 * underrun.
 */
static u64 bounce_copy(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset,
		       bool to_bounce)
{
	u64 pos = 0;
	unsigned int i;

	for (i = 0; i < b->nr_chunks; i++) {
		struct iodmacmd_bounce_chunk *c = &b->chunks[i];
		void *va = c->cpu;
		u64 used = min_t(u64, c->size, b->length - pos), n;

		if (!to_bounce) {
			n = iodmacmd_md_write(md, md_offset + pos, va, used);
		} else if (md) {
			b->clean = false;
			n = iodmacmd_md_read(md, md_offset + pos, va, used);
		} else {
			if (!b->clean)
				memset(va, 0, used);
			n = used;
		}
		pos += n;
		if (n != used)
			break;
	}
	iodmacmd_obs_bounce_copy(b, md_offset, pos, !to_bounce ? IODMACMD_COPY_FROM_BOUNCE :
				 md ? IODMACMD_COPY_TO_BOUNCE : IODMACMD_COPY_CLEAR);
	return pos;
}

/**
 * iodmacmd_bounce_fill() - copy a descriptor range into bounce memory
 * @b: the bounce buffer
 * @md: the descriptor, or %NULL to clear the bounce memory instead
 * @md_offset: descriptor offset of the bounce buffer's first byte
 *
 * Return: bytes written, b->length unless the descriptor fell short.
 */
u64 iodmacmd_bounce_fill(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset)
{
	return bounce_copy(b, md, md_offset, true);
}

/**
 * iodmacmd_bounce_drain() - copy bounce memory back into a descriptor range
 * @b: the bounce buffer
 * @md: the descriptor
 * @md_offset: descriptor offset of the bounce buffer's first byte
 *
 * Return: bytes written back, b->length unless the descriptor fell short.
 */
u64 iodmacmd_bounce_drain(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset)
{
	return bounce_copy(b, md, md_offset, false);
}

static u64 bounce_rw(struct iodmacmd_bounce *b, u64 offset, void *buf, u64 len, bool write)
{
	u64 pos = 0, done = 0;
	unsigned int i;

	for (i = 0; i < b->nr_chunks && done < len; i++) {
		struct iodmacmd_bounce_chunk *c = &b->chunks[i];
		u64 used = min_t(u64, c->size, b->length - pos);
		u64 start, n;

		if (offset + done >= pos + used) {
			pos += used;
			continue;
		}
		start = offset + done - pos;
		n = min(used - start, len - done);
		if (write) {
			b->clean = false;
			memcpy(c->cpu + start, (u8 *)buf + done, n);
		} else {
			memcpy((u8 *)buf + done, c->cpu + start, n);
		}
		done += n;
		pos += used;
	}
	return done;
}

/**
 * iodmacmd_bounce_read() - read the device-visible bytes of a bounce buffer
 * @b: the bounce buffer
 * @offset: first byte
 * @buf: destination
 * @len: bytes, within the buffer
 *
 * Return: bytes copied.
 */
u64 iodmacmd_bounce_read(struct iodmacmd_bounce *b, u64 offset, void *buf, u64 len)
{
	return bounce_rw(b, offset, buf, len, false);
}

/**
 * iodmacmd_bounce_write() - write the device-visible bytes of a bounce buffer
 * @b: the bounce buffer
 * @offset: first byte
 * @buf: source
 * @len: bytes, within the buffer
 *
 * Return: bytes copied.
 */
u64 iodmacmd_bounce_write(struct iodmacmd_bounce *b, u64 offset, const void *buf, u64 len)
{
	return bounce_rw(b, offset, (void *)buf, len, true);
}

/*
 * Whether the DMA API can hand this device the memory without swiotlb
 * (iodmacmd_mapping_reaches()); iodmacmd bounces into memory allocated for
 * the device instead when it cannot.
 * Return: 0 reachable, 1 not, or a negative errno when the memory cannot be
 * walked (user memory nobody prepared: IOKit never wires for a command).
 */
static int device_reaches(struct iodmacmd_cmd *cmd, u64 offset, u64 length)
{
	if (!cmd->tag->dma_api)
		return 0;
	return iodmacmd_mapping_reaches(cmd->dev, cmd->md, offset, length, &cmd->reach);
}

/*
 * Whether prepare must walk the range's segments: to find one that breaks
 * a rule, or to count them against the maximum segment count (which a
 * range cannot exceed when it has fewer bytes than the count).
 */
static bool preflight_needed(const struct iodmacmd_tag *tag, const struct iodmacmd_run_table *t,
			     u64 length)
{
	if (tag->spec.max_segments && tag->spec.max_segments < length)
		return true;
	return !iodmacmd_gen_always_fits(t, &tag->limits);
}

static bool segment_budget_ok(struct iodmacmd_cmd *cmd, const struct iodmacmd_gen_preflight *pf)
{
	u64 max = cmd->tag->spec.max_segments;

	if (!max || pf->nr_segments <= max)
		return true;
	iodmacmd_cmd_log(cmd, "transfer needs %llu segments, the command allows %llu\n",
			 pf->nr_segments, max);
	return false;
}

/**
 * iodmacmd_plan_transfer() - map a command's range, or decide to bounce it
 * @cmd: the command, with a tag and a descriptor
 * @offset: the range's first byte, in the descriptor
 * @length: its bytes, not 0
 * @map: set to the mapping, its window synced for the device, when the
 *	range is used as it is
 * @reason: set to why the range must bounce, or %IODMACMD_BOUNCE_NONE
 *
 * IterateOnly commands never bounce: their generator reports violations.
 * A forced bounce (kForceDoubleBuffer) needs no plan: the command asks
 * iodmacmd_bounce_prepare() for it directly.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess with either *@map or *@reason set, or
 * kIOReturnNotReady (user memory not prepared), kIOReturnNoSpace (more
 * segments than allowed), kIOReturnBusy (an IterateOnly command over memory
 * another device may write) or the mapping's error.
 */
IOReturn iodmacmd_plan_transfer(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
				struct iodmacmd_mapping **map, unsigned int *reason)
{
	const struct iodmacmd_tag *tag = cmd->tag;
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_mapping *m;
	IOReturn ret;
	int reach;

	*map = NULL;
	*reason = IODMACMD_BOUNCE_NONE;
	reach = device_reaches(cmd, offset, length);
	if (reach < 0)
		return kIOReturnNotReady;
	if (reach && tag->may_bounce) {
		*reason = IODMACMD_BOUNCE_REACH;
		return kIOReturnSuccess;
	}
	m = iodmacmd_mapping_get(cmd->md, cmd->dev, tag->dma_api, offset, length, &ret);
	if (!m) {
		if (ret != kIOReturnExclusiveAccess)
			return ret;
		if (!tag->may_bounce)
			return kIOReturnBusy;
		*reason = IODMACMD_BOUNCE_SHARED;
		return kIOReturnSuccess;
	}
	if (!preflight_needed(tag, &m->runs, length))
		goto mapped;
	ret = kIOReturnInternalError;
	if (iodmacmd_gen_preflight(&m->runs, &tag->limits, offset - m->offset, length, &pf))
		goto put_map;
	if (tag->may_bounce && pf.over_limit)
		*reason = IODMACMD_BOUNCE_ADDRESS;
	else if (tag->may_bounce && pf.misaligned)
		*reason = IODMACMD_BOUNCE_ALIGNMENT;
	if (*reason) {
		ret = kIOReturnSuccess;
		goto put_map;
	}
	ret = kIOReturnNoSpace;
	if (!segment_budget_ok(cmd, &pf))
		goto put_map;
mapped:
	*map = m;
	return kIOReturnSuccess;

put_map:
	/* No device touched the window since it was synced for one. */
	iodmacmd_mapping_put(m);
	return ret;
}

static bool direction_copies_out(u32 dir)
{
	return (dir & IODMACMD_DIR_OUT) || !(dir & IODMACMD_DIR_INOUT);
}

static bool direction_copies_in(u32 dir)
{
	return (dir & IODMACMD_DIR_IN) || !(dir & IODMACMD_DIR_INOUT);
}

/**
 * iodmacmd_bounce_prepare() - bounce a command's range
 * @cmd: the command; on success its @bounce and @bounce_reason are set
 * @offset: the range's first byte, in the descriptor
 * @length: its bytes, not 0
 * @synchronize: copy the descriptor's bytes in when its direction has Out
 * @reason: why, for iodmacmd_cmd_bounce_reason()
 *
 * Memory for the device, checked against the command, filled from the
 * descriptor when the device is to read it and cleared otherwise, so no
 * stale kernel data reaches a device. On failure the command is unchanged
 * (its spare bounce memory may have been replaced).
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, kIOReturnNoResources (no bounce memory that
 * fits; logged), kIOReturnNoMemory, kIOReturnNoSpace (more segments than
 * allowed) or kIOReturnUnderrun (the descriptor could not be read).
 */
IOReturn iodmacmd_bounce_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
				 bool synchronize, unsigned int reason)
{
	struct iodmacmd_gen_preflight pf;
	struct iodmacmd_bounce *b;
	IOReturn ret;

	b = bounce_get(cmd, length, &ret);
	if (!b) {
		iodmacmd_obs_alloc_failed();
		return ret;
	}
	ret = kIOReturnInternalError;
	if (iodmacmd_gen_preflight(&b->runs, &cmd->tag->limits, 0, length, &pf))
		goto keep_spare;
	ret = kIOReturnNoResources;
	if (pf.over_limit || pf.misaligned) {
		iodmacmd_cmd_log(cmd, "bounce memory for %#llx bytes at %#llx is misaligned\n",
				 length, offset);
		goto keep_spare;
	}
	ret = kIOReturnNoSpace;
	if (!segment_budget_ok(cmd, &pf))
		goto keep_spare;
	ret = kIOReturnUnderrun;
	if (synchronize && direction_copies_out(cmd->md->direction)) {
		if (iodmacmd_bounce_fill(b, cmd->md, offset) != length)
			goto keep_spare;
	} else {
		iodmacmd_bounce_fill(b, NULL, 0);
	}
	cmd->bounce = b;
	cmd->bounce_reason = reason;
	iodmacmd_obs_bounced(reason);
	return kIOReturnSuccess;

keep_spare:
	bounce_keep_spare(cmd, b);
	return ret;
}

/**
 * iodmacmd_bounce_complete() - end a command's bounced transfer
 * @cmd: the command, bounced
 * @synchronize: copy the bounce memory back when the direction has In
 *
 * The memory stays with the command as its spare.
 *
 * Context: process context, may sleep.
 * Return: kIOReturnSuccess, or kIOReturnUnderrun when the copy back fell
 * short (an Out-only user descriptor refuses CPU writes, say).
 */
IOReturn iodmacmd_bounce_complete(struct iodmacmd_cmd *cmd, bool synchronize)
{
	u64 copied = cmd->prep_length;

	if (synchronize && direction_copies_in(cmd->md->direction))
		copied = iodmacmd_bounce_drain(cmd->bounce, cmd->md, cmd->prep_offset);
	bounce_keep_spare(cmd, cmd->bounce);
	cmd->bounce = NULL;
	cmd->bounce_reason = IODMACMD_BOUNCE_NONE;
	return copied == cmd->prep_length ? kIOReturnSuccess : kIOReturnUnderrun;
}
