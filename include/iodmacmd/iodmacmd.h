/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd: Apple IOKit's IODMACommand model of DMA for Linux drivers.
 *
 * The Linux face. A driver describes memory with a descriptor
 * (struct iodmacmd_md), creates a command (struct iodmacmd_cmd) with its
 * device's constraints, attaches the descriptor, prepares it and pulls
 * bus-address segments that fit those constraints:
 *
 *	md = iodmacmd_md_create_kernel(&range, 1, IODMACMD_DIR_OUT);
 *	cmd = iodmacmd_cmd_create(&pdev->dev, &spec, NULL);
 *	err = iodmacmd_set_md(cmd, md, true);	(prepares the whole buffer)
 *	while ((n = iodmacmd_gen_segments(cmd, &offset, segs, 16)) > 0)
 *		program n segments;
 *	iodmacmd_clear_md(cmd, true);		(completes)
 *
 * Functions return 0 or a negative errno; those that create an object
 * return it or an ERR_PTR(). Every function documents its errors in its
 * kernel-doc. A module that calls them puts IODMACMD_IMPORT_NS() in its
 * source. The same objects serve <IOKit/IODMACommand.h>, the Apple-named
 * face for ported macOS drivers.
 */
#ifndef _IODMACMD_IODMACMD_H
#define _IODMACMD_IODMACMD_H

#include <linux/module.h>
#include <linux/types.h>
#include <iodmacmd/ioreturn.h>

struct device;
struct page;
struct sg_table;

/*
 * iodmacmd exports its symbols in the IODMACMD namespace. The import is
 * spelled as the modinfo tag itself, which every kernel reads the same way,
 * because MODULE_IMPORT_NS() takes an identifier before v6.13 and a string
 * literal from v6.13 on.
 */
#define IODMACMD_IMPORT_NS()	MODULE_INFO(import_ns, "IODMACMD")

/* Transfer direction, with IOKit's values (kIODirection*). */
#define IODMACMD_DIR_NONE	0x0	/* no data moves */
#define IODMACMD_DIR_IN		0x1	/* the device writes memory */
#define IODMACMD_DIR_OUT	0x2	/* the device reads memory */
#define IODMACMD_DIR_INOUT	0x3
#define IODMACMD_DIR_MASK	0x7

/* Mapping options, with IOKit's values (kIODMAMapOption*). */
#define IODMACMD_MAP_MAPPED		0x00	/* DMA API addresses (IOVA under an IOMMU) */
#define IODMACMD_MAP_BYPASSED		0x01	/* CPU physical addresses; refused under an IOMMU */
#define IODMACMD_MAP_NONCOHERENT	0x02	/* as MAPPED, plus explicit cache maintenance */
#define IODMACMD_MAP_UNMAPPED		0x03	/* CPU physical addresses, no DMA API */
#define IODMACMD_MAP_TYPE_MASK		0x0f
#define IODMACMD_MAP_NO_CACHE_STORE	0x10	/* accepted, no effect (as on macOS) */
#define IODMACMD_MAP_ON_CHIP		0x20	/* accepted, no effect (as on macOS) */
#define IODMACMD_MAP_ITERATE_ONLY	0x40	/* never bounce; violations are errors */

/**
 * struct iodmacmd_range - one range of a descriptor
 * @address: kernel virtual or CPU physical address, by descriptor kind
 * @length: bytes
 *
 * The layout of IOKit's IOAddressRange.
 */
struct iodmacmd_range {
	u64 address;
	u64 length;
};

/**
 * struct iodmacmd_segment - one bus-address segment
 * @addr: bus address (IOVA under an IOMMU)
 * @len: bytes
 * @fIOVMAddr: IOKit's name for @addr
 * @fLength: IOKit's name for @len
 *
 * IOKit's IODMACommand::Segment64 is this very type, so output functions
 * written for either face are interchangeable.
 */
struct iodmacmd_segment {
	union {
		u64 addr;
		u64 fIOVMAddr;
	};
	union {
		u64 len;
		u64 fLength;
	};
};

/**
 * struct iodmacmd_segment32 - the 32-bit segment written by the *32 outputs
 * @addr: bus address
 * @len: bytes
 * @fIOVMAddr: IOKit's name for @addr
 * @fLength: IOKit's name for @len
 */
struct iodmacmd_segment32 {
	union {
		u32 addr;
		u32 fIOVMAddr;
	};
	union {
		u32 len;
		u32 fLength;
	};
};

struct iodmacmd_md;
struct iodmacmd_cmd;

/*
 * Writes segment @seg into slot @index of the caller's array @segments.
 * Returns false when the segment cannot be encoded (the generator then
 * stops with -EMSGSIZE / kIOReturnMessageTooLarge). IOKit's SegmentFunction.
 */
typedef bool (*iodmacmd_output_t)(struct iodmacmd_cmd *cmd,
				  struct iodmacmd_segment seg,
				  void *segments, u32 index);

/* The six built-in output functions (kIODMACommandOutput*). */
bool iodmacmd_output_host32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			    void *segments, u32 index);
bool iodmacmd_output_big32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			   void *segments, u32 index);
bool iodmacmd_output_little32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			      void *segments, u32 index);
bool iodmacmd_output_host64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			    void *segments, u32 index);
bool iodmacmd_output_big64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			   void *segments, u32 index);
bool iodmacmd_output_little64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			      void *segments, u32 index);

/**
 * struct iodmacmd_spec - a command's constraints, fixed at creation
 * @output: output function; %NULL is invalid
 * @address_bits: bus address width; 0 means 64, or 32 with a 32-bit output
 * @max_segment_size: largest segment; 0 means unlimited
 * @max_transfer_size: largest prepared length; 0 means unlimited
 * @alignment: start alignment of the first segment (power of two; 0 = 1)
 * @alignment_length: every segment length is a multiple of it (0 = 1)
 * @alignment_internal: start alignment of later segments (0 = @alignment)
 * @mapping_options: IODMACMD_MAP_* type and flags
 * @segment_boundary: Linux extension: a power-of-two boundary no segment
 *	crosses (e.g. 4 GiB, or 64 KiB for xHCI); 0 for none
 * @max_segments: Linux extension: prepare fails when the prepared range
 *	needs more segments than this; 0 for no limit
 *
 * The first eight fields are IOKit's SegmentOptions plus the mapping type;
 * IOKit's eight-argument form fills them with @alignment_length 1 and
 * @alignment_internal = @alignment.
 */
struct iodmacmd_spec {
	iodmacmd_output_t output;
	u8 address_bits;
	u64 max_segment_size;
	u64 max_transfer_size;
	u32 alignment;
	u32 alignment_length;
	u32 alignment_internal;
	u32 mapping_options;
	u64 segment_boundary;
	u32 max_segments;
};

/* iodmacmd_synchronize() options, with IOKit's values */
#define IODMACMD_SYNC_IN		0x1		/* bounce memory -> descriptor */
#define IODMACMD_SYNC_OUT		0x2		/* descriptor -> bounce memory */
#define IODMACMD_FORCE_DOUBLE_BUFFER	0x01000000	/* kForceDoubleBuffer */

/* prepare() and complete() flags */
#define IODMACMD_FLUSH_CACHE	0x1	/* prepare: sync a NonCoherent command for the device */
#define IODMACMD_INVALIDATE	0x1	/* complete: sync a NonCoherent command for the CPU */
#define IODMACMD_SYNCHRONIZE	0x2	/* copy to/from bounce memory as the direction says */

/*
 * The longest arrays a descriptor takes: IODMACMD_MAX_RANGES ranges of a
 * kernel, physical or user descriptor or members of a concatenation, and
 * IODMACMD_MAX_PAGES pages of a page array, a user descriptor's ranges or
 * a buffer. A count above them is refused before anything is allocated;
 * below them the arrays come from kvmalloc(), so a long one needs no
 * physically contiguous memory and never trips the page allocator's
 * warning for an order it cannot give.
 */
#define IODMACMD_MAX_RANGES	0x100000U	/* 2^20 */
#define IODMACMD_MAX_PAGES	0x4000000U	/* 2^26: 256 GiB of 4 KiB pages */

/* Memory descriptors */
struct iodmacmd_md *iodmacmd_md_create_kernel(const struct iodmacmd_range *ranges,
					      u32 count, u32 direction);
struct iodmacmd_md *iodmacmd_md_create_phys(const struct iodmacmd_range *ranges,
					    u32 count, u32 direction);
struct iodmacmd_md *iodmacmd_md_create_pages(struct page **pages, u32 nr_pages,
					     u32 offset, u64 length, u32 direction);
struct iodmacmd_md *iodmacmd_md_create_sgtable(struct sg_table *sgt, u32 direction);
void iodmacmd_md_get(struct iodmacmd_md *md);
void iodmacmd_md_put(struct iodmacmd_md *md);
u64 iodmacmd_md_length(const struct iodmacmd_md *md);
u32 iodmacmd_md_direction(const struct iodmacmd_md *md);
int iodmacmd_md_prepare(struct iodmacmd_md *md, u32 direction);
int iodmacmd_md_complete(struct iodmacmd_md *md, u32 direction);
u64 iodmacmd_md_read(struct iodmacmd_md *md, u64 offset, void *buf, u64 len);
u64 iodmacmd_md_write(struct iodmacmd_md *md, u64 offset, const void *buf, u64 len);
u64 iodmacmd_md_phys_segment(struct iodmacmd_md *md, u64 offset, u64 *length);

/* Commands */
struct iodmacmd_cmd *iodmacmd_cmd_create(struct device *dev,
					 const struct iodmacmd_spec *spec,
					 void *refcon);
struct iodmacmd_cmd *iodmacmd_cmd_create_unspecified(struct device *dev, void *refcon);
struct iodmacmd_cmd *iodmacmd_cmd_clone(struct iodmacmd_cmd *cmd, void *refcon);
struct iodmacmd_cmd *iodmacmd_cmd_get(struct iodmacmd_cmd *cmd);
void iodmacmd_cmd_destroy(struct iodmacmd_cmd *cmd);
int iodmacmd_cmd_get_spec(const struct iodmacmd_cmd *cmd, struct iodmacmd_spec *spec);
void *iodmacmd_cmd_refcon(const struct iodmacmd_cmd *cmd);
void iodmacmd_cmd_set_refcon(struct iodmacmd_cmd *cmd, void *refcon);
struct device *iodmacmd_cmd_device(const struct iodmacmd_cmd *cmd);

int iodmacmd_set_md(struct iodmacmd_cmd *cmd, struct iodmacmd_md *md, bool auto_prepare);
int iodmacmd_clear_md(struct iodmacmd_cmd *cmd, bool auto_complete);
struct iodmacmd_md *iodmacmd_get_md(const struct iodmacmd_cmd *cmd);
int iodmacmd_prepare(struct iodmacmd_cmd *cmd, u64 offset, u64 length, unsigned int flags);
int iodmacmd_prepare_with_spec(struct iodmacmd_cmd *cmd, const struct iodmacmd_spec *spec,
			       u64 offset, u64 length, unsigned int flags);
int iodmacmd_complete(struct iodmacmd_cmd *cmd, unsigned int flags);
int iodmacmd_prepared_range(const struct iodmacmd_cmd *cmd, u64 *offset, u64 *length);
int iodmacmd_gen_segments(struct iodmacmd_cmd *cmd, u64 *offset,
			  struct iodmacmd_segment *segments, u32 max_segments);
int iodmacmd_gen_segments_with(struct iodmacmd_cmd *cmd, iodmacmd_output_t output,
			       u64 *offset, void *segments, u32 max_segments);
int iodmacmd_synchronize(struct iodmacmd_cmd *cmd, u32 options);
u64 iodmacmd_cmd_read(struct iodmacmd_cmd *cmd, u64 offset, void *buf, u64 len);
u64 iodmacmd_cmd_write(struct iodmacmd_cmd *cmd, u64 offset, const void *buf, u64 len);
const char *iodmacmd_cmd_bounce_reason(const struct iodmacmd_cmd *cmd);
u64 iodmacmd_cmd_bounce_bytes(const struct iodmacmd_cmd *cmd);
void iodmacmd_cmd_release_bounce(struct iodmacmd_cmd *cmd);

#include <iodmacmd/descriptors.h>
#include <iodmacmd/provider.h>
#include <iodmacmd/cursor.h>
#include <iodmacmd/map.h>
#include <iodmacmd/version.h>

#endif /* _IODMACMD_IODMACMD_H */
