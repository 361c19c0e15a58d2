// SPDX-License-Identifier: GPL-2.0
/*
 * edu_dext: a second sample driver for QEMU's "edu" PCI device (1234:11e8),
 * written the way a PCIDriverKit dext does its DMA, through iodmacmd's
 * DriverKit face (<DriverKit/...> headers) only. The kext-style sample is
 * samples/edu; this one is what a porter holding a dext gets when every
 * C++ method call becomes a C function and nothing else changes:
 *
 *	IODMACommand::Create(ivars->pciDevice, kIODMACommandCreateNoOptions,
 *			     &spec, &ivars->dmaCommand)
 *  becomes
 *	IODMACommandCreate(&pdev->dev, kIODMACommandCreateNoOptions,
 *			   &spec, &ivars->dmaCommand)
 *
 * and likewise IOBufferMemoryDescriptor::Create() + SetLength() +
 * GetAddressRange(), command->PrepareForDMA(..., &flags, &count, segments)
 * into an IOAddressSegment[32], CompleteDMA(), PerformOperation(),
 * IOMemoryDescriptor::CreateSubMemoryDescriptor() and
 * CreateWithMemoryDescriptors(), and OSSafeReleaseNULL().
 *
 * EduDext_Start() is the dext's Start(): it binds the PCI device as the
 * module's provider (IOServiceBindProvider(), so that every buffer is
 * memory shared with the device, as in DriverKit), creates its commands
 * with the device's address bits (dma_bits, 28 by default), and prepares
 * a ring once, for good.
 * EduDext_Stop() undoes it. The two ways dexts use DMA are exercised:
 *
 * - The ring: a 2 KiB IOBufferMemoryDescriptor prepared at Start() and
 *   used until Stop() with no sync call. The CPU writes descriptors
 *   through GetAddressRange(); the device reads them at the ring's segment
 *   address into its own buffer, then writes them back into the ring's
 *   completion slots, which the CPU checks with plain loads.
 * - Per-transfer commands: buffers made for one transfer (a buffer, a
 *   sub-descriptor of one, three buffers as one descriptor), prepared with
 *   PrepareForDMA(), moved through the device and back, completed with
 *   CompleteDMA() and compared byte by byte, the bytes around them too; and
 *   PerformOperation() writing, zeroing and reading the prepared ranges.
 *
 * The device has a 4 KiB buffer at device address 0x40000 and a DMA engine
 * of 28 address bits (dma_bits); the sample polls the engine's command
 * register for completion (a dext would take its interrupt through an
 * IOInterruptDispatchSource, which is not DMA's business). QEMU up to 7.2
 * aborts the machine on a DMA that reaches the end of that buffer, so data
 * moves 2 KiB at a time in the lower half and the ring's staging area stops
 * well short of the end.
 *
 * Root runs transfers through debugfs, which stands in for the dext's
 * user client (ExternalMethod()):
 *
 *	echo "buffer 4097 511" >/sys/kernel/debug/edu_dext/run
 *	cat /sys/kernel/debug/edu_dext/run
 *
 * Kinds: ring N 0 (N descriptors round the ring), buffer, sub, multi and
 * perform SIZE OFFSET (samples/edu-dext/transfers says what each does).
 * Each transfer is logged as one "edu-dext transfer ... OK" (or FAIL)
 * line, which scripts/test and scripts/demo judge.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/IODMACommand.h>
#include <DriverKit/IOMemoryDescriptor.h>
#include <DriverKit/IOReturn.h>
#include <DriverKit/IOService.h>
#include <DriverKit/OSObject.h>

/* BAR0 registers (QEMU hw/misc/edu.c) */
#define EDU_REG_ID		0x00
#define EDU_REG_LIVENESS	0x04
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_VENDOR		0x1234	/* QEMU */
#define EDU_DEVICE		0x11e8
#define EDU_ID_MAGIC		0xed
#define EDU_DMA_START		0x1
#define EDU_DMA_TO_RAM		0x2	/* clear: RAM to device */

#define EDU_BUF_ADDR		0x40000	/* the device's buffer, device address */
#define EDU_BUF_SIZE		SZ_4K
#define EDU_CHUNK		(EDU_BUF_SIZE / 2)	/* data: the lower half */
/*
 * The engine's reach in address bits: 28 as QEMU's edu.txt documents, or
 * what the machine gave it with "-device edu,dma_mask=..." (arm64's virt
 * machine has no RAM below 1 GiB, so its guests without an IOMMU give the
 * device 32 bits and load the sample with dma_bits=32).
 */
static unsigned int dma_bits = 28;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "the edu device's DMA reach in bits, as QEMU's dma_mask property (28)");
#define EDU_DMA_POLL_US		1000
#define EDU_DMA_TIMEOUT_US	(10 * USEC_PER_SEC)

/* IODMACommand::PrepareForDMA()'s segment array, as Apple declares it. */
#define EDU_DEXT_SEGMENTS	32
#define EDU_DEXT_MAX_TRANSFER	SZ_1M
/* Bytes after a transfer's range in its buffer: the device must not touch them. */
#define EDU_DEXT_TAIL		64
#define EDU_DEXT_REPORT_SEGS	3	/* segments listed per direction */
#define EDU_DEXT_RESULT_SIZE	1024

/*
 * The ring: EDU_RING_SLOTS descriptors, then as many completion slots, in
 * one buffer of EDU_RING_SIZE bytes (its capacity a page, its length set
 * with SetLength()). The device stages a batch in its buffer's upper half.
 */
#define EDU_RING_SLOTS		16
#define EDU_RING_COMPLETIONS	(EDU_RING_SLOTS * sizeof(struct edu_dext_slot))
#define EDU_RING_SIZE		(2 * EDU_RING_COMPLETIONS)
#define EDU_RING_CAPACITY	SZ_4K
#define EDU_RING_DEV_ADDR	(EDU_BUF_ADDR + EDU_CHUNK)
#define EDU_RING_MAGIC		0xde47c0deU
#define EDU_RING_MAX		1024	/* descriptors of one "ring" run */

enum edu_dext_dir { EDU_OUT, EDU_IN };

/**
 * struct edu_dext_slot - a ring descriptor, and its completion as written back
 * @seq: the sequence number, never 0
 * @magic: EDU_RING_MAGIC
 * @completion: the bus address of the descriptor's completion slot
 * @payload: bytes that follow from @seq
 *
 * The device does not parse it, it only moves it; the driver checks that
 * what came back is what it posted. A completion slot is poisoned with the
 * complement of its descriptor before the device writes it.
 */
struct edu_dext_slot {
	u32 seq;
	u32 magic;
	u64 completion;
	u8 payload[48];
};

static_assert(sizeof(struct edu_dext_slot) == 64);
static_assert(EDU_RING_DEV_ADDR + EDU_RING_COMPLETIONS < EDU_BUF_ADDR + EDU_BUF_SIZE);

/**
 * struct edu_dext_ivars - the dext's instance variables
 * @pciDevice: the PCI device (a dext's IOPCIDevice; its IOService is
 *	&pciDevice->dev)
 * @bar0: BAR0, the registers
 * @lock: serialises transfers, the ring and @result
 * @dmaCommandOut: the command of RAM-to-device DMAs
 * @dmaCommandIn: the command of device-to-RAM DMAs
 * @ringCommand: the command that keeps @ring prepared from Start() to Stop()
 * @ring: the ring's buffer: descriptors, then completion slots
 * @ringRange: the ring's CPU address range (GetAddressRange())
 * @ringSegment: the ring's one DMA segment (PrepareForDMA())
 * @ringFlags: the flags PrepareForDMA() returned for the ring
 * @ringHead: the next slot to post
 * @ringSeq: the last sequence number posted
 * @dmas: device DMAs issued by the current transfer
 * @debugfs: our debugfs directory
 * @result: the last transfer's result line
 */
struct edu_dext_ivars {
	struct pci_dev *pciDevice;
	void __iomem *bar0;
	struct mutex lock;	/* transfers, the ring and the result */
	IODMACommand *dmaCommandOut;
	IODMACommand *dmaCommandIn;
	IODMACommand *ringCommand;
	IOBufferMemoryDescriptor *ring;
	IOAddressSegment ringRange;
	IOAddressSegment ringSegment;
	uint64_t ringFlags;
	unsigned int ringHead;
	u32 ringSeq;
	u32 dmas;
	struct dentry *debugfs;
	char result[EDU_DEXT_RESULT_SIZE];
};

/**
 * struct edu_dext_piece - where some of a transfer's bytes live for the CPU
 * @buffer: the buffer holding them, one reference
 * @range: its address range (GetAddressRange())
 * @capacity: bytes allocated (the guard check reads them all)
 * @start: the piece's first byte in @buffer
 * @length: the piece's bytes
 */
struct edu_dext_piece {
	IOBufferMemoryDescriptor *buffer;
	IOAddressSegment range;
	uint64_t capacity;
	uint64_t start;
	uint64_t length;
};

/**
 * struct edu_dext_side - one side of a transfer
 * @memory: the descriptor PrepareForDMA() gets (a buffer, a sub-descriptor
 *	or several buffers as one), one reference
 * @offset: PrepareForDMA()'s offset in @memory
 * @length: PrepareForDMA()'s length (0: all of @memory)
 * @piece: the transfer's bytes, in order, for the CPU
 * @pieces: entries of @piece
 * @segments: PrepareForDMA()'s segments
 * @segmentsCount: entries of @segments filled
 * @flags: PrepareForDMA()'s flags
 * @prepared: PrepareForDMA() succeeded and CompleteDMA() is due
 */
struct edu_dext_side {
	IOMemoryDescriptor *memory;
	uint64_t offset;
	uint64_t length;
	struct edu_dext_piece piece[3];
	unsigned int pieces;
	IOAddressSegment segments[EDU_DEXT_SEGMENTS];
	uint32_t segmentsCount;
	uint64_t flags;
	bool prepared;
};

/**
 * struct edu_dext_report - what one transfer did, for its result line
 * @kind: the transfer's kind
 * @size: bytes transferred (for the ring: bytes of descriptors)
 * @offset: where they start in the kind's memory
 * @nsegs: segments, per direction (EDU_OUT, EDU_IN)
 * @segs: the first segments, per direction
 * @flags: PrepareForDMA()'s flags, per direction
 * @bounce: a reason a command bounced, per direction (sample
 *	instrumentation, not DriverKit's: "none" when shared)
 * @verified: bytes found right after the round trip
 * @ring_posted: ring descriptors posted
 * @ring_ok: ring descriptors whose completion came back equal to them
 * @dmas: device DMAs issued
 * @ns: time from the first PrepareForDMA() to the last compare
 * @ret: kIOReturnSuccess, or the first failed call's IOReturn
 * @why: %NULL, or what was found wrong
 */
struct edu_dext_report {
	const char *kind;
	u64 size;
	u64 offset;
	u32 nsegs[2];
	IOAddressSegment segs[2][EDU_DEXT_REPORT_SEGS];
	uint64_t flags[2];
	const char *bounce[2];
	u64 verified;
	u32 ring_posted;
	u32 ring_ok;
	u32 dmas;
	u64 ns;
	kern_return_t ret;
	const char *why;
};

/* The driver serves one device: its debugfs directory names it. */
static struct edu_dext_ivars *edu_dext_the;
static DEFINE_MUTEX(edu_dext_the_lock);

static struct device *edu_dext_dev(struct edu_dext_ivars *ivars)
{
	return &ivars->pciDevice->dev;
}

/* Logs a failed call with Apple's name and message for its IOReturn. */
static kern_return_t edu_dext_failed(struct edu_dext_ivars *ivars, const char *what,
				     kern_return_t ret)
{
	dev_err(edu_dext_dev(ivars), "%s: 0x%08x %s (%s)\n", what, ret,
		iodmacmd_ioreturn_name(ret), iodmacmd_ioreturn_string(ret));
	return ret;
}

/*
 * One device DMA of @len bytes; polls the command register until the
 * engine is done. The stores before it reach memory first: writeq()
 * orders them, as a dext's register write through its IOPCIDevice does.
 */
static kern_return_t edu_dext_dma(struct edu_dext_ivars *ivars, u64 src, u64 dst, u64 len,
				  bool toRAM)
{
	u64 cmd = EDU_DMA_START | (toRAM ? EDU_DMA_TO_RAM : 0);
	u64 v;

	writeq(src, ivars->bar0 + EDU_REG_DMA_SRC);
	writeq(dst, ivars->bar0 + EDU_REG_DMA_DST);
	writeq(len, ivars->bar0 + EDU_REG_DMA_COUNT);
	writeq(cmd, ivars->bar0 + EDU_REG_DMA_CMD);
	ivars->dmas++;
	if (readq_poll_timeout(ivars->bar0 + EDU_REG_DMA_CMD, v, !(v & EDU_DMA_START),
			       EDU_DMA_POLL_US, EDU_DMA_TIMEOUT_US)) {
		dev_err(edu_dext_dev(ivars), "DMA %#llx -> %#llx (%llu bytes) still running\n",
			src, dst, len);
		return kIOReturnTimeout;
	}
	/* The device's writes before anything the CPU reads next. */
	dma_rmb();
	return kIOReturnSuccess;
}

/*
 * What PrepareForDMA() promised, checked before the device sees it: the
 * segments cover @length bytes, none empty, all within the device's reach.
 */
static bool edu_dext_segments_ok(struct edu_dext_ivars *ivars, const IOAddressSegment *segs,
				 u32 count, u64 length)
{
	u64 sum = 0, end;
	u32 i;

	for (i = 0; i < count; i++) {
		if (!segs[i].length || check_add_overflow(segs[i].address, segs[i].length, &end) ||
		    end > BIT_ULL(dma_bits)) {
			dev_err(edu_dext_dev(ivars), "segment %u %#llx+%#llx is out of reach\n", i,
				segs[i].address, segs[i].length);
			return false;
		}
		sum += segs[i].length;
	}
	if (sum != length)
		dev_err(edu_dext_dev(ivars), "%u segments cover %llu bytes, not %llu\n", count, sum,
			length);
	return sum == length;
}

/*
 * The device moves bytes [@pos, @pos + @len) of a prepared range between
 * its segments and device address @devaddr: one DMA per segment piece.
 */
static kern_return_t edu_dext_dma_segments(struct edu_dext_ivars *ivars,
					   const struct edu_dext_side *side, u64 pos, u64 len,
					   u64 devaddr, bool toRAM)
{
	u64 segStart = 0, within, n, bus;
	kern_return_t ret;
	u32 i;

	for (i = 0; i < side->segmentsCount && len; i++) {
		const IOAddressSegment *seg = &side->segments[i];

		if (pos < segStart + seg->length) {
			within = pos - segStart;
			n = min(len, seg->length - within);
			bus = seg->address + within;
			if (toRAM)
				ret = edu_dext_dma(ivars, devaddr, bus, n, true);
			else
				ret = edu_dext_dma(ivars, bus, devaddr, n, false);
			if (ret != kIOReturnSuccess)
				return ret;
			pos += n;
			len -= n;
			devaddr += n;
		}
		segStart += seg->length;
	}
	return len ? kIOReturnUnderrun : kIOReturnSuccess;
}

/* Never 0, so that a zeroed byte cannot pass for one the device wrote. */
static u8 edu_dext_pattern(u64 pos, u8 seed)
{
	return 1 + (u8)((pos * 7 + seed + (pos >> 8)) % 255);
}

static u8 *edu_dext_cpu(const struct edu_dext_piece *p)
{
	return (u8 *)(uintptr_t)p->range.address;
}

/* Each transfer byte gets the pattern, or its complement with @complement. */
static void edu_dext_fill(struct edu_dext_side *side, u8 seed, bool complement)
{
	u64 pos = 0, i;
	unsigned int k;

	for (k = 0; k < side->pieces; k++) {
		u8 *cpu = edu_dext_cpu(&side->piece[k]) + side->piece[k].start;

		for (i = 0; i < side->piece[k].length; i++, pos++) {
			cpu[i] = edu_dext_pattern(pos, seed);
			if (complement)
				cpu[i] = ~cpu[i];
		}
	}
}

/*
 * Counts the transfer bytes that hold the pattern, up to the first that
 * does not (logged); and checks that every other byte of the buffers is
 * still 0, as Create() left it. Returns %NULL, or what is wrong.
 */
static const char *edu_dext_verify(struct edu_dext_ivars *ivars, struct edu_dext_side *side,
				   const char *kind, u8 seed, u64 *verified)
{
	const struct edu_dext_piece *p;
	u64 pos = 0, i;
	unsigned int k;
	u8 *cpu;

	*verified = 0;
	for (k = 0; k < side->pieces; k++) {
		p = &side->piece[k];
		cpu = edu_dext_cpu(p);
		for (i = 0; i < p->length; i++, pos++) {
			if (cpu[p->start + i] != edu_dext_pattern(pos, seed)) {
				dev_err(edu_dext_dev(ivars), "%s: byte %llu is %#x, expected %#x\n",
					kind, pos, cpu[p->start + i], edu_dext_pattern(pos, seed));
				return "mismatch";
			}
			(*verified)++;
		}
	}
	for (k = 0; k < side->pieces; k++) {
		p = &side->piece[k];
		cpu = edu_dext_cpu(p);
		for (i = 0; i < p->capacity; i++) {
			if ((i < p->start || i >= p->start + p->length) && cpu[i]) {
				dev_err(edu_dext_dev(ivars), "%s: buffer %u byte %llu outside the transfer is %#x\n",
					kind, k, i, cpu[i]);
				return "guard";
			}
		}
	}
	return NULL;
}

/* Lists one more segment of direction @dir in @r (the first ones only). */
static void edu_dext_report_seg(struct edu_dext_report *r, enum edu_dext_dir dir,
				u64 address, u64 length)
{
	if (r->nsegs[dir] < EDU_DEXT_REPORT_SEGS) {
		r->segs[dir][r->nsegs[dir]].address = address;
		r->segs[dir][r->nsegs[dir]].length = length;
	}
	r->nsegs[dir]++;
}

/* Sets @r's result once: the first failure is the one reported. */
static void edu_dext_fail(struct edu_dext_report *r, kern_return_t ret, const char *why)
{
	if (r->ret == kIOReturnSuccess && !r->why) {
		r->ret = ret;
		r->why = why;
	}
}

static bool edu_dext_ok(const struct edu_dext_report *r)
{
	return r->ret == kIOReturnSuccess && !r->why && r->verified == r->size &&
	       (strcmp(r->kind, "ring") || (r->ring_posted && r->ring_ok == r->ring_posted));
}

/* Sets ivars->result to @r's line and logs it. */
static void edu_dext_report(struct edu_dext_ivars *ivars, const struct edu_dext_report *r)
{
	char *p = ivars->result;
	size_t room = sizeof(ivars->result);
	int d, i, w;

	w = scnprintf(p, room, "edu-dext transfer kind=%s size=%llu offset=%llu", r->kind,
		      r->size, r->offset);
	for (d = EDU_OUT; d <= EDU_IN; d++) {
		w += scnprintf(p + w, room - w, " %s=%u[", d == EDU_OUT ? "out" : "in",
			       r->nsegs[d]);
		for (i = 0; i < min_t(u32, r->nsegs[d], EDU_DEXT_REPORT_SEGS); i++)
			w += scnprintf(p + w, room - w, "%s%#llx:%llu", i ? "," : "",
				       r->segs[d][i].address, r->segs[d][i].length);
		w += scnprintf(p + w, room - w, "%s]",
			       r->nsegs[d] > EDU_DEXT_REPORT_SEGS ? ",..." : "");
	}
	w += scnprintf(p + w, room - w, " flags=%#llx/%#llx bounce-out=\"%s\" bounce-in=\"%s\"",
		       r->flags[EDU_OUT], r->flags[EDU_IN], r->bounce[EDU_OUT] ?: "none",
		       r->bounce[EDU_IN] ?: "none");
	w += scnprintf(p + w, room - w, " verified=%llu ring=%u/%u dmas=%u ns=%llu", r->verified,
		       r->ring_ok, r->ring_posted, r->dmas, r->ns);
	if (r->ret != kIOReturnSuccess)
		w += scnprintf(p + w, room - w, " ret=%s", iodmacmd_ioreturn_name(r->ret));
	if (r->why)
		w += scnprintf(p + w, room - w, " why=%s", r->why);
	w += scnprintf(p + w, room - w, " %s", edu_dext_ok(r) ? "OK" : "FAIL");
	dev_info(edu_dext_dev(ivars), "%s\n", p);
	scnprintf(p + w, room - w, "\n");
}

/* --- The ring: prepared once at Start(), used with no sync call --- */

static struct edu_dext_slot *edu_dext_ring_slot(struct edu_dext_ivars *ivars, unsigned int slot,
						bool completion)
{
	u8 *cpu = (u8 *)(uintptr_t)ivars->ringRange.address;

	return (struct edu_dext_slot *)(cpu + (completion ? EDU_RING_COMPLETIONS : 0) +
					slot * sizeof(struct edu_dext_slot));
}

/* The bus address of descriptor @slot, or of its completion slot. */
static u64 edu_dext_ring_bus(struct edu_dext_ivars *ivars, unsigned int slot, bool completion)
{
	return ivars->ringSegment.address + (completion ? EDU_RING_COMPLETIONS : 0) +
	       slot * sizeof(struct edu_dext_slot);
}

/*
 * Posts @n descriptors from the ring's head (which must not wrap) with
 * plain CPU stores through GetAddressRange()'s address, poisons their
 * completion slots, has the device read them at the ring's bus address
 * into its buffer and write them back into the completion slots, and
 * checks each completion with plain loads.
 */
static void edu_dext_ring_batch(struct edu_dext_ivars *ivars, unsigned int n,
				struct edu_dext_report *r)
{
	const size_t sz = sizeof(struct edu_dext_slot);
	unsigned int first = ivars->ringHead, i, j, slot;
	struct edu_dext_slot *d, *c;
	kern_return_t ret;
	u32 seq;
	u8 *raw;

	for (i = 0; i < n; i++) {
		slot = first + i;
		seq = ivars->ringSeq + 1 + i;
		d = edu_dext_ring_slot(ivars, slot, false);
		c = edu_dext_ring_slot(ivars, slot, true);
		d->seq = seq;
		d->magic = EDU_RING_MAGIC;
		d->completion = edu_dext_ring_bus(ivars, slot, true);
		for (j = 0; j < sizeof(d->payload); j++)
			d->payload[j] = edu_dext_pattern(j, (u8)seq);
		raw = (u8 *)c;
		for (j = 0; j < sz; j++)
			raw[j] = ~((u8 *)d)[j];
	}
	ivars->ringSeq += n;
	ivars->ringHead = (first + n) % EDU_RING_SLOTS;
	edu_dext_report_seg(r, EDU_OUT, edu_dext_ring_bus(ivars, first, false), n * sz);
	edu_dext_report_seg(r, EDU_IN, edu_dext_ring_bus(ivars, first, true), n * sz);

	ret = edu_dext_dma(ivars, edu_dext_ring_bus(ivars, first, false),
			   EDU_RING_DEV_ADDR + first * sz, n * sz, false);
	if (ret != kIOReturnSuccess) {
		edu_dext_fail(r, ret, "dma");
		return;
	}
	r->ring_posted += n;
	ret = edu_dext_dma(ivars, EDU_RING_DEV_ADDR + first * sz,
			   edu_dext_ring_bus(ivars, first, true), n * sz, true);
	if (ret != kIOReturnSuccess) {
		edu_dext_fail(r, ret, "dma");
		return;
	}
	for (i = 0; i < n; i++) {
		d = edu_dext_ring_slot(ivars, first + i, false);
		c = edu_dext_ring_slot(ivars, first + i, true);
		if (memcmp(c, d, sz)) {
			dev_err(edu_dext_dev(ivars),
				"ring slot %u: completion seq %#x magic %#x at %#llx, posted seq %#x magic %#x at %#llx\n",
				first + i, c->seq, c->magic, c->completion, d->seq, d->magic,
				d->completion);
			edu_dext_fail(r, kIOReturnSuccess, "ring");
			continue;
		}
		r->ring_ok++;
		r->verified += sz;
	}
}

/* "ring N 0": @count descriptors round the ring, in batches. */
static void edu_dext_run_ring(struct edu_dext_ivars *ivars, u64 count)
{
	struct edu_dext_report r = {
		.kind = "ring",
		.size = count * sizeof(struct edu_dext_slot),
		.flags = { ivars->ringFlags, ivars->ringFlags },
	};
	ktime_t t0 = ktime_get();
	unsigned int n;

	ivars->dmas = 0;
	while (count && r.ret == kIOReturnSuccess && !r.why) {
		n = min_t(u64, count, EDU_RING_SLOTS - ivars->ringHead);
		edu_dext_ring_batch(ivars, n, &r);
		count -= n;
	}
	r.dmas = ivars->dmas;
	r.ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	edu_dext_report(ivars, &r);
}

/* --- Per-transfer DMA: PrepareForDMA() ... CompleteDMA() --- */

/* Adds a new buffer of @capacity bytes as @side's next piece. */
static kern_return_t edu_dext_add_buffer(struct edu_dext_side *side, uint64_t options,
					 uint64_t capacity, uint64_t start, uint64_t length)
{
	struct edu_dext_piece *p = &side->piece[side->pieces];
	kern_return_t ret;

	ret = IOBufferMemoryDescriptorCreate(options, capacity, 0, &p->buffer);
	if (ret != kIOReturnSuccess)
		return ret;
	side->pieces++;
	ret = IOBufferMemoryDescriptorGetAddressRange(p->buffer, &p->range);
	if (ret != kIOReturnSuccess)
		return ret;
	if (p->range.length != capacity)
		return kIOReturnInternalError;
	p->capacity = capacity;
	p->start = start;
	p->length = length;
	return kIOReturnSuccess;
}

/*
 * Makes one side of a transfer of @kind: @length bytes at @offset, in
 * memory of direction @options (kIOMemoryDirectionOut for the side the
 * device reads, kIOMemoryDirectionIn for the side it writes).
 */
static kern_return_t edu_dext_side_create(struct edu_dext_side *side, const char *kind,
					  uint64_t options, uint64_t length, uint64_t offset)
{
	IOMemoryDescriptor *members[3];
	uint64_t part[3] = { length / 3, length / 3, length - 2 * (length / 3) };
	kern_return_t ret;
	unsigned int i;

	if (!strcmp(kind, "buffer") || !strcmp(kind, "perform")) {
		/* The buffer, prepared at the transfer's offset and length. */
		ret = edu_dext_add_buffer(side, options, offset + length + EDU_DEXT_TAIL, offset,
					  length);
		if (ret != kIOReturnSuccess)
			return ret;
		side->memory = side->piece[0].buffer;
		OSObjectRetain(side->memory);
		side->offset = offset;
		side->length = length;
		return kIOReturnSuccess;
	}
	if (!strcmp(kind, "sub")) {
		/* A window on a larger buffer, prepared whole (length 0). */
		ret = edu_dext_add_buffer(side, options, offset + length + EDU_DEXT_TAIL, offset,
					  length);
		if (ret != kIOReturnSuccess)
			return ret;
		return IOMemoryDescriptorCreateSubMemoryDescriptor(options, offset, length,
								   side->piece[0].buffer,
								   &side->memory);
	}
	/* "multi": three buffers one after another, the offset in the first. */
	for (i = 0; i < ARRAY_SIZE(part); i++) {
		u64 start = side->pieces ? 0 : offset;

		if (!part[i])
			continue;
		ret = edu_dext_add_buffer(side, options, start + part[i], start, part[i]);
		if (ret != kIOReturnSuccess)
			return ret;
		members[side->pieces - 1] = side->piece[side->pieces - 1].buffer;
	}
	ret = IOMemoryDescriptorCreateWithMemoryDescriptors(options, side->pieces, members,
							    &side->memory);
	if (ret != kIOReturnSuccess)
		return ret;
	side->offset = offset;
	side->length = length;
	return kIOReturnSuccess;
}

/* CompleteDMA(), if @side is prepared on @command. */
static void edu_dext_complete(struct edu_dext_ivars *ivars, IODMACommand *command,
			      struct edu_dext_side *side, struct edu_dext_report *r)
{
	kern_return_t ret;

	if (!side->prepared)
		return;
	side->prepared = false;
	ret = IODMACommandCompleteDMA(command, kIODMACommandCompleteDMANoOptions);
	if (ret != kIOReturnSuccess)
		edu_dext_fail(r, edu_dext_failed(ivars, "CompleteDMA", ret), "complete");
}

/* CompleteDMA() if still due, then every reference @side holds. */
static void edu_dext_side_release(struct edu_dext_ivars *ivars, IODMACommand *command,
				  struct edu_dext_side *side, struct edu_dext_report *r)
{
	unsigned int k;

	edu_dext_complete(ivars, command, side, r);
	OSSafeReleaseNULL(side->memory);
	for (k = 0; k < side->pieces; k++)
		OSSafeReleaseNULL(side->piece[k].buffer);
	side->pieces = 0;
}

/*
 * PrepareForDMA() of @side on @command into the IOAddressSegment[32]; the
 * segments and flags checked and noted in @r.
 */
static kern_return_t edu_dext_prepare(struct edu_dext_ivars *ivars, IODMACommand *command,
				      struct edu_dext_side *side, enum edu_dext_dir dir,
				      u64 size, struct edu_dext_report *r)
{
	uint64_t want = dir == EDU_OUT ? kIOMemoryDirectionOut : kIOMemoryDirectionIn;
	const char *why;
	kern_return_t ret;
	u32 i;

	side->segmentsCount = ARRAY_SIZE(side->segments);
	ret = IODMACommandPrepareForDMA(command, kIODMACommandPrepareForDMANoOptions,
					side->memory, side->offset, side->length, &side->flags,
					&side->segmentsCount, side->segments);
	if (ret != kIOReturnSuccess) {
		edu_dext_failed(ivars, "PrepareForDMA", ret);
		edu_dext_fail(r, ret, "prepare");
		return ret;
	}
	side->prepared = true;
	r->flags[dir] = side->flags;
	for (i = 0; i < side->segmentsCount; i++)
		edu_dext_report_seg(r, dir, side->segments[i].address, side->segments[i].length);
	/* Sample instrumentation (the Linux face): did the command bounce? */
	why = iodmacmd_cmd_bounce_reason(command);
	r->bounce[dir] = why ?: "none";
	if (side->flags != want) {
		dev_err(edu_dext_dev(ivars), "PrepareForDMA flags %#llx, expected %#llx\n",
			side->flags, want);
		edu_dext_fail(r, kIOReturnSuccess, "flags");
		return kIOReturnInternalError;
	}
	if (!edu_dext_segments_ok(ivars, side->segments, side->segmentsCount, size)) {
		edu_dext_fail(r, kIOReturnSuccess, "segments");
		return kIOReturnInternalError;
	}
	return kIOReturnSuccess;
}

/* The device reads @size bytes of @src and writes them into @dst, a chunk at a time. */
static kern_return_t edu_dext_round_trip(struct edu_dext_ivars *ivars, struct edu_dext_side *src,
					 struct edu_dext_side *dst, u64 size,
					 struct edu_dext_report *r)
{
	kern_return_t ret = kIOReturnSuccess;
	u64 off, n;

	for (off = 0; off < size && ret == kIOReturnSuccess; off += n) {
		n = min_t(u64, EDU_CHUNK, size - off);
		ret = edu_dext_dma_segments(ivars, src, off, n, EDU_BUF_ADDR, false);
		if (ret == kIOReturnSuccess)
			ret = edu_dext_dma_segments(ivars, dst, off, n, EDU_BUF_ADDR, true);
	}
	if (ret != kIOReturnSuccess)
		edu_dext_fail(r, ret, "dma");
	return ret;
}

/*
 * PerformOperation(): Write puts the pattern from @data into @src's
 * prepared range; Zero clears @dst's, which Read then proves; after the
 * device's round trip, Read brings @dst's range into @data, checked there
 * while the command is still prepared.
 */
static kern_return_t edu_dext_perform(struct edu_dext_ivars *ivars, struct edu_dext_side *src,
				      struct edu_dext_side *dst, struct edu_dext_side *data,
				      u64 size, u8 seed, struct edu_dext_report *r)
{
	u8 *cpu = edu_dext_cpu(&data->piece[0]);
	kern_return_t ret;
	u64 i, verified;

	edu_dext_fill(data, seed, false);
	ret = IODMACommandPerformOperation(ivars->dmaCommandOut,
					   kIODMACommandPerformOperationOptionWrite, 0, size, 0,
					   data->memory);
	if (ret == kIOReturnSuccess)
		ret = IODMACommandPerformOperation(ivars->dmaCommandIn,
						   kIODMACommandPerformOperationOptionZero, 0, size,
						   0, NULL);
	if (ret == kIOReturnSuccess)
		ret = IODMACommandPerformOperation(ivars->dmaCommandIn,
						   kIODMACommandPerformOperationOptionRead, 0, size,
						   0, data->memory);
	if (ret != kIOReturnSuccess) {
		edu_dext_fail(r, edu_dext_failed(ivars, "PerformOperation", ret), "perform");
		return ret;
	}
	for (i = 0; i < size; i++) {
		if (cpu[i]) {
			dev_err(edu_dext_dev(ivars), "perform: byte %llu is %#x after Zero\n", i,
				cpu[i]);
			edu_dext_fail(r, kIOReturnSuccess, "zero");
			return kIOReturnInternalError;
		}
	}
	ret = edu_dext_round_trip(ivars, src, dst, size, r);
	if (ret != kIOReturnSuccess)
		return ret;
	ret = IODMACommandPerformOperation(ivars->dmaCommandIn,
					   kIODMACommandPerformOperationOptionRead, 0, size, 0,
					   data->memory);
	if (ret != kIOReturnSuccess) {
		edu_dext_fail(r, edu_dext_failed(ivars, "PerformOperation", ret), "perform");
		return ret;
	}
	r->why = edu_dext_verify(ivars, data, "perform (read)", seed, &verified);
	return r->why ? kIOReturnInternalError : kIOReturnSuccess;
}

/* One transfer of @kind: @size bytes at @offset; sets ivars->result. */
static void edu_dext_run_transfer(struct edu_dext_ivars *ivars, const char *kind, u64 size,
				  u64 offset)
{
	struct edu_dext_report r = { .kind = kind, .size = size, .offset = offset };
	bool perform = !strcmp(kind, "perform");
	struct edu_dext_side *src, *dst, *data;
	u8 seed = (u8)(size + offset);
	ktime_t t0 = ktime_get();
	kern_return_t ret;
	u64 unused;

	/* Three sides of some 600 bytes each: not on the stack. */
	src = kcalloc(3, sizeof(*src), GFP_KERNEL);
	if (!src) {
		edu_dext_fail(&r, kIOReturnNoMemory, "memory");
		goto out;
	}
	dst = src + 1;
	data = src + 2;
	ivars->dmas = 0;
	ret = edu_dext_side_create(src, kind, kIOMemoryDirectionOut, size, offset);
	if (ret == kIOReturnSuccess)
		ret = edu_dext_side_create(dst, kind, kIOMemoryDirectionIn, size, offset);
	if (ret == kIOReturnSuccess && perform)
		ret = edu_dext_side_create(data, "buffer", kIOMemoryDirectionInOut, size, 0);
	if (ret != kIOReturnSuccess) {
		edu_dext_fail(&r, edu_dext_failed(ivars, kind, ret), "create");
		goto out_release;
	}
	/* What the device reads, and the complement where it will write. */
	if (!perform) {
		edu_dext_fill(src, seed, false);
		edu_dext_fill(dst, seed, true);
	}

	t0 = ktime_get();
	if (edu_dext_prepare(ivars, ivars->dmaCommandOut, src, EDU_OUT, size, &r) ||
	    edu_dext_prepare(ivars, ivars->dmaCommandIn, dst, EDU_IN, size, &r))
		goto out_release;
	if (perform)
		ret = edu_dext_perform(ivars, src, dst, data, size, seed, &r);
	else
		ret = edu_dext_round_trip(ivars, src, dst, size, &r);
	if (ret != kIOReturnSuccess)
		goto out_release;
	/* CompleteDMA(), then the CPU reads what the device wrote. */
	edu_dext_complete(ivars, ivars->dmaCommandIn, dst, &r);
	edu_dext_complete(ivars, ivars->dmaCommandOut, src, &r);
	if (r.ret != kIOReturnSuccess)
		goto out_release;
	r.why = edu_dext_verify(ivars, dst, kind, seed, &r.verified);
	/* The device only read the source (PerformOperation wrote it through the command). */
	if (!r.why && !perform)
		r.why = edu_dext_verify(ivars, src, kind, seed, &unused);
out_release:
	r.ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	r.dmas = ivars->dmas;
	edu_dext_side_release(ivars, ivars->dmaCommandIn, dst, &r);
	edu_dext_side_release(ivars, ivars->dmaCommandOut, src, &r);
	edu_dext_side_release(ivars, NULL, data, &r);
	kfree(src);
out:
	edu_dext_report(ivars, &r);
}

/* --- The user client: debugfs stands in for ExternalMethod() --- */

static bool edu_dext_kind_ok(const char *kind)
{
	return !strcmp(kind, "buffer") || !strcmp(kind, "sub") || !strcmp(kind, "multi") ||
	       !strcmp(kind, "perform");
}

static ssize_t edu_dext_run_write(struct file *file, const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	struct edu_dext_ivars *ivars = file->private_data;
	char line[64], kind[16];
	u64 size, offset;

	if (count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	if (sscanf(line, "%15s %llu %llu", kind, &size, &offset) != 3 || !size ||
	    size > EDU_DEXT_MAX_TRANSFER || offset >= PAGE_SIZE)
		return -EINVAL;
	if (!strcmp(kind, "ring")) {
		/* "ring N 0": N descriptors */
		if (size > EDU_RING_MAX || offset)
			return -EINVAL;
	} else if (!edu_dext_kind_ok(kind)) {
		return -EINVAL;
	}
	mutex_lock(&ivars->lock);
	if (!strcmp(kind, "ring"))
		edu_dext_run_ring(ivars, size);
	else
		edu_dext_run_transfer(ivars, kind, size, offset);
	mutex_unlock(&ivars->lock);
	return count;
}

static ssize_t edu_dext_run_read(struct file *file, char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	struct edu_dext_ivars *ivars = file->private_data;
	ssize_t ret;

	mutex_lock(&ivars->lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, ivars->result, strlen(ivars->result));
	mutex_unlock(&ivars->lock);
	return ret;
}

static const struct file_operations edu_dext_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = edu_dext_run_read,
	.write = edu_dext_run_write,
	.llseek = default_llseek,
};

/* --- Start() and Stop() --- */

/*
 * The dext's Start(): the provider, the commands, and the ring prepared
 * for good. On failure, what was made is left for EduDext_Stop().
 */
static kern_return_t EduDext_Start(struct edu_dext_ivars *ivars)
{
	IODMACommandSpecification spec = {
		.options = kIODMACommandSpecificationNoOptions,
		.maxAddressBits = dma_bits,
	};
	IOAddressSegment segments[EDU_DEXT_SEGMENTS];
	uint32_t segmentsCount = EDU_DEXT_SEGMENTS;
	IOService *device = edu_dext_dev(ivars);
	kern_return_t ret;

	/* Buffers of this module are now memory shared with the device. */
	ret = IOServiceBindProvider(device);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "IOServiceBindProvider", ret);

	ret = IODMACommandCreate(device, kIODMACommandCreateNoOptions, &spec,
				 &ivars->dmaCommandOut);
	if (ret == kIOReturnSuccess)
		ret = IODMACommandCreate(device, kIODMACommandCreateNoOptions, &spec,
					 &ivars->dmaCommandIn);
	if (ret == kIOReturnSuccess)
		ret = IODMACommandCreate(device, kIODMACommandCreateNoOptions, &spec,
					 &ivars->ringCommand);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "IODMACommand::Create", ret);

	ret = IOBufferMemoryDescriptorCreate(kIOMemoryDirectionInOut, EDU_RING_CAPACITY, 0,
					     &ivars->ring);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "IOBufferMemoryDescriptor::Create", ret);
	ret = IOBufferMemoryDescriptorSetLength(ivars->ring, EDU_RING_SIZE);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "SetLength", ret);
	ret = IOBufferMemoryDescriptorGetAddressRange(ivars->ring, &ivars->ringRange);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "GetAddressRange", ret);
	if (ivars->ringRange.length != EDU_RING_SIZE) {
		dev_err(device, "GetAddressRange: %llu bytes after SetLength(%zu)\n",
			ivars->ringRange.length, EDU_RING_SIZE);
		return kIOReturnInternalError;
	}

	ret = IODMACommandPrepareForDMA(ivars->ringCommand, kIODMACommandPrepareForDMANoOptions,
					ivars->ring, 0, EDU_RING_SIZE, &ivars->ringFlags,
					&segmentsCount, segments);
	if (ret != kIOReturnSuccess)
		return edu_dext_failed(ivars, "PrepareForDMA (ring)", ret);
	ivars->ringSegment = segments[0];
	/* The device walks the ring by address: it must be one segment. */
	if (segmentsCount != 1 || ivars->ringFlags != kIOMemoryDirectionInOut ||
	    !edu_dext_segments_ok(ivars, segments, 1, EDU_RING_SIZE)) {
		dev_err(device, "ring: %u segments, flags %#llx: the device needs one in reach, both ways\n",
			segmentsCount, ivars->ringFlags);
		return kIOReturnNoResources;
	}
	return kIOReturnSuccess;
}

/* The dext's Stop(): everything Start() made, in reverse. */
static void EduDext_Stop(struct edu_dext_ivars *ivars)
{
	kern_return_t ret;

	if (ivars->ringSegment.length) {
		ret = IODMACommandCompleteDMA(ivars->ringCommand,
					      kIODMACommandCompleteDMANoOptions);
		if (ret != kIOReturnSuccess)
			edu_dext_failed(ivars, "CompleteDMA (ring)", ret);
		ivars->ringSegment.length = 0;
	}
	OSSafeReleaseNULL(ivars->ring);
	OSSafeReleaseNULL(ivars->ringCommand);
	OSSafeReleaseNULL(ivars->dmaCommandIn);
	OSSafeReleaseNULL(ivars->dmaCommandOut);
	IOServiceUnbindProvider(edu_dext_dev(ivars));
}

/* --- The PCI driver around them --- */

static int edu_dext_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_dext_ivars *ivars;
	kern_return_t ret;
	u32 ident;
	int err;

	mutex_lock(&edu_dext_the_lock);
	if (edu_dext_the) {
		mutex_unlock(&edu_dext_the_lock);
		dev_info(&pdev->dev, "only the first edu device is served\n");
		return -EBUSY;
	}
	ivars = kzalloc(sizeof(*ivars), GFP_KERNEL);
	if (!ivars) {
		err = -ENOMEM;
		goto err_unlock;
	}
	ivars->pciDevice = pdev;
	mutex_init(&ivars->lock);

	/* What a dext's Start() asks of its IOPCIDevice: Open(), BAR0, bus master. */
	err = pci_enable_device(pdev);
	if (err)
		goto err_free;
	err = pci_request_regions(pdev, KBUILD_MODNAME);
	if (err)
		goto err_disable;
	ivars->bar0 = pci_iomap(pdev, 0, 0);
	if (!ivars->bar0) {
		err = -ENOMEM;
		goto err_regions;
	}
	ident = readl(ivars->bar0 + EDU_REG_ID);
	writel(0x5a5a1234, ivars->bar0 + EDU_REG_LIVENESS);
	if ((ident & 0xff) != EDU_ID_MAGIC ||
	    readl(ivars->bar0 + EDU_REG_LIVENESS) != ~0x5a5a1234U) {
		dev_err(&pdev->dev, "not an edu device (id %#x)\n", ident);
		err = -ENODEV;
		goto err_unmap;
	}
	if (dma_bits < 24 || dma_bits > 63) {
		dev_err(&pdev->dev, "dma_bits=%u: the sample takes 24 to 63\n", dma_bits);
		err = -EINVAL;
		goto err_unmap;
	}
	pci_set_master(pdev);
	/* The engine drives dma_bits address bits; the commands say so too. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(dma_bits));
	if (err)
		goto err_master;

	ret = EduDext_Start(ivars);
	if (ret != kIOReturnSuccess) {
		err = iodmacmd_ioreturn_to_errno(ret);
		goto err_stop;
	}
	ivars->debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("run", 0600, ivars->debugfs, ivars, &edu_dext_run_fops);
	pci_set_drvdata(pdev, ivars);
	edu_dext_the = ivars;
	mutex_unlock(&edu_dext_the_lock);
	dev_info(&pdev->dev,
		 "Start: edu %#x, %d-bit DMA through IODMACommand::PrepareForDMA, ring of %u slots prepared at bus %#llx+%llu (flags %#llx)\n",
		 ident >> 16, dma_bits, EDU_RING_SLOTS, ivars->ringSegment.address,
		 ivars->ringSegment.length, ivars->ringFlags);
	return 0;

err_stop:
	EduDext_Stop(ivars);
err_master:
	pci_clear_master(pdev);
err_unmap:
	pci_iounmap(pdev, ivars->bar0);
err_regions:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	mutex_destroy(&ivars->lock);
	kfree(ivars);
err_unlock:
	mutex_unlock(&edu_dext_the_lock);
	return err;
}

static void edu_dext_remove(struct pci_dev *pdev)
{
	struct edu_dext_ivars *ivars = pci_get_drvdata(pdev);

	mutex_lock(&edu_dext_the_lock);
	edu_dext_the = NULL;
	mutex_unlock(&edu_dext_the_lock);
	debugfs_remove_recursive(ivars->debugfs);
	EduDext_Stop(ivars);
	pci_clear_master(pdev);
	pci_iounmap(pdev, ivars->bar0);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	mutex_destroy(&ivars->lock);
	kfree(ivars);
}

static const struct pci_device_id edu_dext_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_dext_ids);

static struct pci_driver edu_dext_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_dext_ids,
	.probe = edu_dext_probe,
	.remove = edu_dext_remove,
};
module_pci_driver(edu_dext_driver);

IODMACMD_IMPORT_NS();
MODULE_DESCRIPTION("QEMU edu device through iodmacmd's DriverKit face: a dext-style sample driver");
MODULE_LICENSE("GPL");
