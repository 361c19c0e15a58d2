/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a command maps or bounces a transfer, and its bounce memory
 * (bounce.c).
 */
#ifndef _IODMACMD_BOUNCE_H
#define _IODMACMD_BOUNCE_H

#include <linux/types.h>
#include <IOKit/IOReturn.h>

#include "segment_gen.h"

struct device;
struct iodmacmd_cmd;
struct iodmacmd_md;
struct iodmacmd_mapping;

/* Why a prepared range was bounced. */
enum iodmacmd_bounce_reason {
	IODMACMD_BOUNCE_NONE,
	IODMACMD_BOUNCE_ADDRESS,	/* an address beyond the command's bits */
	IODMACMD_BOUNCE_ALIGNMENT,	/* a segment would break an alignment */
	IODMACMD_BOUNCE_REACH,		/* the device cannot reach the memory */
	IODMACMD_BOUNCE_FORCED,		/* kForceDoubleBuffer */
	IODMACMD_BOUNCE_SHARED,		/* another device may write the memory */
	IODMACMD_BOUNCE_NR		/* the number of values above */
};

/* What a bounce copy does, for its trace event. */
enum iodmacmd_bounce_copy {
	IODMACMD_COPY_TO_BOUNCE,	/* descriptor -> bounce memory */
	IODMACMD_COPY_FROM_BOUNCE,	/* bounce memory -> descriptor */
	IODMACMD_COPY_CLEAR,		/* bounce memory zeroed */
};

/**
 * struct iodmacmd_bounce_chunk - one contiguous piece of bounce memory
 * @cpu: its kernel address, from dma_alloc_coherent()
 * @dma: its DMA address for the device
 * @bus: the address the command's segments use: @dma, or for the physical
 *	mapping types the CPU physical address
 * @size: bytes allocated
 */
struct iodmacmd_bounce_chunk {
	void *cpu;
	dma_addr_t dma;
	u64 bus;
	size_t size;
};

/**
 * struct iodmacmd_bounce - bounce memory of a command
 * @owner: the command it belongs to, which outlives it
 * @dev: the device the memory belongs to
 * @capacity: bytes allocated, the sum of the chunk sizes
 * @length: bytes in use, the prepared length
 * @runs: the used bytes' bus addresses, for the generator; room for
 *	@max_chunks runs
 * @clean: every byte is zero, as dma_alloc_coherent() returns it
 * @nr_chunks: entries in use in @chunks
 * @max_chunks: entries allocated in @chunks
 * @chunks: the memory
 *
 * Owned by one command (no lock): in use while it is prepared, kept as its
 * spare between transfers.
 */
struct iodmacmd_bounce {
	struct iodmacmd_cmd *owner;
	struct device *dev;
	u64 capacity;
	u64 length;
	struct iodmacmd_run_table runs;
	bool clean;
	unsigned long nr_chunks;
	unsigned long max_chunks;
	struct iodmacmd_bounce_chunk chunks[];
};

IOReturn iodmacmd_plan_transfer(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
				struct iodmacmd_mapping **map, unsigned int *reason);
IOReturn iodmacmd_bounce_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length,
				 bool synchronize, unsigned int reason);
IOReturn iodmacmd_bounce_complete(struct iodmacmd_cmd *cmd, bool synchronize);
IOReturn iodmacmd_bounce_reserve(struct iodmacmd_cmd *cmd, u64 length);
void iodmacmd_bounce_free(struct iodmacmd_bounce *b);
u64 iodmacmd_bounce_fill(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset);
u64 iodmacmd_bounce_drain(struct iodmacmd_bounce *b, struct iodmacmd_md *md, u64 md_offset);
u64 iodmacmd_bounce_read(struct iodmacmd_bounce *b, u64 offset, void *buf, u64 len);
u64 iodmacmd_bounce_write(struct iodmacmd_bounce *b, u64 offset, const void *buf, u64 len);
const char *iodmacmd_bounce_reason_name(unsigned int reason);

#endif /* _IODMACMD_BOUNCE_H */
