// SPDX-License-Identifier: GPL-2.0
/*
 * Bounce buffers: what a command does when its device cannot take the
 * memory as it is.
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
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "iodmacmd_internal.h"

/* Largest chunk: order 10, which every supported kernel's allocator serves. */
#define BOUNCE_CHUNK_MAX	(PAGE_SIZE << 10)

static const char * const bounce_reason_names[] = {
	[IODMACMD_BOUNCE_NONE] = "none",
	[IODMACMD_BOUNCE_ADDRESS] = "address bits",
	[IODMACMD_BOUNCE_ALIGNMENT] = "alignment",
	[IODMACMD_BOUNCE_REACH] = "device reach",
	[IODMACMD_BOUNCE_FORCED] = "forced",
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
	unsigned int i;

	if (!b)
		return;
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
	if (cmd->map_type == IODMACMD_MAP_MAPPED || cmd->map_type == IODMACMD_MAP_NONCOHERENT ||
	    is_vmalloc_addr(c->cpu))
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
	u64 mask = first ? cmd->limits.align_mask : cmd->limits.internal_align_mask;

	if (c->bus + c->size - 1 > cmd->limits.addr_mask)
		return "it lies beyond the command's address bits (narrow the coherent DMA mask)";
	if (c->bus & mask)
		return "it does not meet the command's alignment";
	return NULL;
}

/* Describes the first @length bytes of the chunks to the generator. */
static IOReturn bounce_set_length(struct iodmacmd_bounce *b, u64 length)
{
	unsigned int i;
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

static struct iodmacmd_bounce *bounce_alloc(struct iodmacmd_cmd *cmd, u64 length,
					    IOReturn *ret)
{
	unsigned int max_chunks = DIV_ROUND_UP(length, PAGE_SIZE);
	size_t chunk = BOUNCE_CHUNK_MAX;
	struct iodmacmd_bounce *b;
	struct iodmacmd_run *runs;
	const char *misfit;
	u64 pos = 0;

	*ret = kIOReturnNoMemory;
	b = kvzalloc(struct_size(b, chunks, max_chunks), GFP_KERNEL);
	runs = kvmalloc_array(max_chunks, sizeof(*runs), GFP_KERNEL);
	if (!b || !runs) {
		kvfree(b);
		kvfree(runs);
		return NULL;
	}
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
	}
	b->capacity = pos;
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

/**
 * iodmacmd_bounce_get() - bounce memory for a command's prepared length
 * @cmd: the command; its device supplies the memory
 * @length: bytes
 * @ret: set to the IOReturn on failure
 *
 * The command's spare bounce memory, the last transfer's, serves again when
 * it is large enough: allocating and zeroing coherent memory costs as much
 * as the copies themselves. Otherwise the spare goes back to the device and
 * new memory is allocated for @length.
 *
 * Return: the bounce buffer, its runs ready for the generator, or %NULL
 * with kIOReturnNoResources (logged, rate-limited, with the device, the size
 * and the reason) or kIOReturnNoMemory.
 */
struct iodmacmd_bounce *iodmacmd_bounce_get(struct iodmacmd_cmd *cmd, u64 length,
					    IOReturn *ret)
{
	struct iodmacmd_bounce *b = cmd->spare_bounce;

	if (!cmd->dev) {
		*ret = kIOReturnNoResources;
		bounce_log(cmd, length, "a command without a device cannot bounce");
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
 * iodmacmd_bounce_put() - keep a command's bounce memory for its next transfer
 * @cmd: the command
 * @b: the bounce memory it no longer uses
 *
 * The memory may hold the last transfer's bytes: the next user overwrites
 * or clears what the device may read (see iodmacmd_bounce_fill()).
 */
void iodmacmd_bounce_put(struct iodmacmd_cmd *cmd, struct iodmacmd_bounce *b)
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
