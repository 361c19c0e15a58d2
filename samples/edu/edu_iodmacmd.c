// SPDX-License-Identifier: GPL-2.0
/*
 * edu_iodmacmd: a sample driver for QEMU's "edu" PCI device (1234:11e8),
 * written the way a driver ported from macOS is: through iodmacmd's porting
 * face (IOService, IODMACommand, IOMemoryDescriptor,
 * IOBufferMemoryDescriptor). Probe does what a kext's start(provider) does:
 * it binds the PCI device as the provider (IOServiceBindProvider()), and
 * from then on commands are created with a NULL mapper and buffers name no
 * device, as with IOKit's system mapper.
 *
 * The device has a 4 KiB buffer at device address 0x40000 and a DMA engine
 * that reaches 28 bits of bus address (dma_bits). One transfer writes a
 * pattern from a source descriptor into the device (RAM to device) and
 * reads it back into a destination descriptor (device to RAM), one 2 KiB
 * chunk at a time, one device DMA per segment that the commands generate,
 * each completed by an interrupt, and compares the two descriptors.
 *
 * The ring: a small block of DMA-coherent memory the driver shares with the
 * device (an IOBufferMemoryDescriptor that is physically contiguous, cache
 * inhibited and below the device's 28-bit mask), as a real driver's
 * descriptor and status ring. Each transfer posts a descriptor (a sequence
 * number, a magic, the bus address of its status slot) with plain CPU
 * stores; the device fetches it into its buffer before the data and writes
 * it back into the slot's status after the data; the driver reads the
 * status with plain loads. No sync call anywhere, under an IOMMU or
 * swiotlb=force too: coherent memory needs none. The "ring" kind posts N
 * descriptors in batches, wrapping around the ring.
 *
 * Root runs transfers through debugfs:
 *
 *	echo "vmalloc 65539 3" >/sys/kernel/debug/edu_iodmacmd/run
 *	cat /sys/kernel/debug/edu_iodmacmd/run
 *
 * (kinds: kmalloc, vmalloc, multi, buffer, high; and "ring N 0", N
 * descriptors round the ring), and over a process's own memory by write()
 * on /dev/edu_iodmacmd, whose read() returns the result. Every result is
 * also logged as one "edu transfer ..." line, whose ring=V/P field counts
 * the ring descriptors posted (P) and found written back intact (V).
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <IOKit/IOBufferMemoryDescriptor.h>
#include <IOKit/IODMACommand.h>
#include <IOKit/IOMemoryDescriptor.h>
#include <IOKit/IOMultiMemoryDescriptor.h>
#include <IOKit/IOReturn.h>
#include <IOKit/IOService.h>

/* BAR0 registers (QEMU hw/misc/edu.c) */
#define EDU_REG_ID		0x00
#define EDU_REG_LIVENESS	0x04
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_VENDOR		0x1234	/* QEMU */
#define EDU_DEVICE		0x11e8
#define EDU_ID_MAGIC		0xed
#define EDU_DMA_START		0x1
#define EDU_DMA_TO_RAM		0x2	/* clear: RAM to device */
#define EDU_DMA_IRQ		0x4
#define EDU_IRQ_DMA		0x100

#define EDU_BUF_ADDR		0x40000	/* the device's buffer, device address */
#define EDU_BUF_SIZE		SZ_4K
/*
 * A transfer moves through the buffer this much at a time. QEMU up to 7.2
 * refuses, and aborts the whole machine on, a DMA that ends exactly at the
 * buffer's end (its range check is off by one), so a chunk never fills
 * the buffer: half of it keeps chunks and segments round numbers.
 */
#define EDU_CHUNK		(EDU_BUF_SIZE / 2)
/*
 * The engine's reach in address bits: 28 as QEMU's edu.txt documents, or
 * what the machine gave it with "-device edu,dma_mask=..." (arm64's virt
 * machine has no RAM below 1 GiB, so its guests without an IOMMU give the
 * device 32 bits and load the sample with dma_bits=32).
 */
static unsigned int dma_bits = 28;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "the edu device's DMA reach in bits, as QEMU's dma_mask property (28)");
#define EDU_DMA_TIMEOUT_MS	10000

#define EDU_MAX_TRANSFER	SZ_1M

/*
 * The ring: EDU_RING_SLOTS descriptors, then as many status slots, in one
 * coherent block. The device keeps fetched descriptors in its buffer's
 * upper half, which data chunks never touch.
 */
#define EDU_RING_SLOTS		16
#define EDU_RING_STATUS		(EDU_RING_SLOTS * sizeof(struct edu_ring_desc))
#define EDU_RING_SIZE		(2 * EDU_RING_STATUS)
#define EDU_RING_DEV_ADDR	(EDU_BUF_ADDR + EDU_CHUNK)
#define EDU_RING_MAGIC		0xed0d15c0U
#define EDU_RING_MAX		1024	/* descriptors of one "ring" run */
/* What IOKit asks for a ring the device reads: in its reach, 256-byte aligned. */
#define EDU_RING_MASK		(DMA_BIT_MASK(dma_bits) & ~0xFFull)
#define EDU_RING_POLL_US	1000
#define EDU_REPORT_SEGS		3	/* segments listed per direction */
#define EDU_RESULT_SIZE		1024

enum edu_dir { EDU_OUT, EDU_IN };

/**
 * struct edu_ring_desc - a ring descriptor, and its status as written back
 * @seq: the sequence number, never 0 (a poisoned status slot has 0)
 * @magic: EDU_RING_MAGIC (a poisoned status slot has its complement)
 * @status: the bus address of the descriptor's status slot
 *
 * The device does not parse it: it only moves it. The driver checks that
 * what came back is what it posted.
 */
struct edu_ring_desc {
	u32 seq;
	u32 magic;
	u64 status;
};

/**
 * struct edu_report - what one transfer did, for its result line
 * @kind: the memory's kind
 * @size: bytes transferred
 * @offset: where they start in the kind's allocation
 * @nsegs: segments generated, per direction (EDU_OUT, EDU_IN)
 * @segs: the first segments, per direction
 * @bounce: a reason the command bounced, per direction ("none" if never)
 * @verified: bytes found equal after the round trip
 * @ring_posted: ring descriptors posted
 * @ring_ok: ring descriptors whose status came back equal to them
 * @ns: time from the first prepare to the last compare
 * @err: 0, or the first error
 */
struct edu_report {
	const char *kind;
	u64 size;
	u64 offset;
	u32 nsegs[2];
	IODMACommandSegment64 segs[2][EDU_REPORT_SEGS];
	const char *bounce[2];
	u64 verified;
	u32 ring_posted;
	u32 ring_ok;
	u64 ns;
	int err;
};

/**
 * struct edu_mem - one side of a transfer: a descriptor and its memory
 * @md: the descriptor
 * @md_off: where the transfer starts in @md
 * @mem: kmalloc or vmalloc allocations (kvfree)
 * @pages: pages of the "high" kind
 * @npages: entries of @pages
 */
struct edu_mem {
	IOMemoryDescriptor *md;
	u64 md_off;
	void *mem[3];
	struct page **pages;
	unsigned int npages;
};

/**
 * struct edu_dev - one edu device
 * @pdev: the PCI device
 * @mmio: BAR0
 * @irq: the Linux IRQ of vector 0
 * @done: completed by the DMA interrupt
 * @lock: serialises transfers and @result
 * @cmd_out: the command of RAM-to-device DMAs
 * @cmd_in: the command of device-to-RAM DMAs, a clone of @cmd_out
 * @ring: the ring's coherent buffer
 * @ring_va: its CPU address: descriptors, then status slots
 * @ring_bus: its bus address, as the device sees it
 * @ring_head: the next slot to post
 * @ring_seq: the last sequence number posted
 * @debugfs: our debugfs directory
 * @misc: /dev/edu_iodmacmd
 * @result: the last result lines
 */
struct edu_dev {
	struct pci_dev *pdev;
	void __iomem *mmio;
	int irq;
	struct completion done;
	struct mutex lock;	/* transfers and the result */
	IODMACommand *cmd_out;
	IODMACommand *cmd_in;
	IOBufferMemoryDescriptor *ring;
	struct edu_ring_desc *ring_va;
	u64 ring_bus;
	unsigned int ring_head;
	u32 ring_seq;
	struct dentry *debugfs;
	struct miscdevice misc;
	char result[EDU_RESULT_SIZE];
};

/* The driver serves one device: debugfs and the misc device name it. */
static struct edu_dev *edu_the;
static DEFINE_MUTEX(edu_the_lock);

static irqreturn_t edu_irq(int irq, void *data)
{
	struct edu_dev *edu = data;
	u32 status = readl(edu->mmio + EDU_REG_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;	/* a shared INTx line, not ours */
	writel(status, edu->mmio + EDU_REG_IRQ_ACK);
	if (status & EDU_IRQ_DMA)
		complete(&edu->done);
	return IRQ_HANDLED;
}

/* One device DMA of @len bytes; waits for its interrupt. */
static int edu_dma(struct edu_dev *edu, u64 src, u64 dst, u64 len, bool to_ram)
{
	u64 cmd = EDU_DMA_START | EDU_DMA_IRQ | (to_ram ? EDU_DMA_TO_RAM : 0);
	u64 v;

	reinit_completion(&edu->done);
	writeq(src, edu->mmio + EDU_REG_DMA_SRC);
	writeq(dst, edu->mmio + EDU_REG_DMA_DST);
	writeq(len, edu->mmio + EDU_REG_DMA_COUNT);
	writeq(cmd, edu->mmio + EDU_REG_DMA_CMD);
	if (wait_for_completion_timeout(&edu->done, msecs_to_jiffies(EDU_DMA_TIMEOUT_MS)))
		return 0;
	/* Never complete (unmap) memory the device may still be writing. */
	if (readq_poll_timeout(edu->mmio + EDU_REG_DMA_CMD, v, !(v & EDU_DMA_START),
			       1000, 5 * USEC_PER_SEC))
		dev_err(&edu->pdev->dev, "DMA still running after its timeout\n");
	dev_err(&edu->pdev->dev, "no DMA interrupt within %d ms\n", EDU_DMA_TIMEOUT_MS);
	return -ETIMEDOUT;
}

/* Lists one more segment of direction @dir in @r (the first ones only). */
static void edu_report_seg(struct edu_report *r, enum edu_dir dir, u64 addr, u64 len)
{
	if (r->nsegs[dir] < EDU_REPORT_SEGS) {
		r->segs[dir][r->nsegs[dir]].fIOVMAddr = addr;
		r->segs[dir][r->nsegs[dir]].fLength = len;
	}
	r->nsegs[dir]++;
}

/**
 * struct edu_ring_batch - descriptors posted together
 * @slot: the first one's slot
 * @n: how many (they never wrap round the ring's end)
 * @seq: the first one's sequence number; the others follow
 */
struct edu_ring_batch {
	unsigned int slot;
	unsigned int n;
	u32 seq;
};

/* The bus address of descriptor @slot, or of its status slot. */
static u64 edu_ring_bus(struct edu_dev *edu, unsigned int slot, bool status)
{
	return edu->ring_bus + (status ? EDU_RING_STATUS : 0) +
	       slot * sizeof(struct edu_ring_desc);
}

static struct edu_ring_desc *edu_ring_status(struct edu_dev *edu, unsigned int slot)
{
	return &edu->ring_va[EDU_RING_SLOTS + slot];
}

/*
 * Posts @n descriptors at the ring's head, which must not wrap: plain CPU
 * stores into the coherent ring, each status slot poisoned with the
 * complement of its descriptor (so that neither an unwritten slot nor one
 * of an earlier lap can pass), then the device fetches the descriptors
 * into its buffer. No sync call: the memory is coherent, and writeq()
 * orders the stores before the device starts.
 */
static int edu_ring_post(struct edu_dev *edu, unsigned int n, struct edu_ring_batch *b,
			 struct edu_report *r)
{
	const size_t sz = sizeof(struct edu_ring_desc);
	struct edu_ring_desc *d, *st;
	unsigned int i, slot;
	u64 status;
	int err;

	b->slot = edu->ring_head;
	b->n = n;
	b->seq = edu->ring_seq + 1;
	for (i = 0; i < n; i++) {
		slot = b->slot + i;
		d = &edu->ring_va[slot];
		st = edu_ring_status(edu, slot);
		status = edu_ring_bus(edu, slot, true);
		WRITE_ONCE(d->seq, b->seq + i);
		WRITE_ONCE(d->magic, EDU_RING_MAGIC);
		WRITE_ONCE(d->status, status);
		WRITE_ONCE(st->seq, ~(b->seq + i));
		WRITE_ONCE(st->magic, ~EDU_RING_MAGIC);
		WRITE_ONCE(st->status, ~status);
	}
	edu->ring_seq += n;
	edu->ring_head = (b->slot + n) % EDU_RING_SLOTS;
	err = edu_dma(edu, edu_ring_bus(edu, b->slot, false), EDU_RING_DEV_ADDR + b->slot * sz,
		      n * sz, false);
	if (!err)
		r->ring_posted += n;
	return err;
}

static u32 edu_ring_seq(const struct edu_ring_desc *st)
{
	return READ_ONCE(st->seq);
}

/*
 * The device writes batch @b's descriptors back into their status slots;
 * the driver reads them with plain loads and checks each against what it
 * posted. Returns 0, -EILSEQ if one differs, or the DMA's error.
 */
static int edu_ring_reap(struct edu_dev *edu, const struct edu_ring_batch *b,
			 struct edu_report *r)
{
	const size_t sz = sizeof(struct edu_ring_desc);
	struct edu_ring_desc *st;
	u32 want, seq, magic;
	unsigned int i;
	u64 status;
	int err;

	err = edu_dma(edu, EDU_RING_DEV_ADDR + b->slot * sz, edu_ring_bus(edu, b->slot, true),
		      b->n * sz, true);
	if (err)
		return err;
	for (i = 0; i < b->n; i++) {
		st = edu_ring_status(edu, b->slot + i);
		want = b->seq + i;
		/* A completion's sequence number first, as drivers poll it. */
		read_poll_timeout(edu_ring_seq, seq, seq == want, 0, EDU_RING_POLL_US, false, st);
		dma_rmb();	/* the rest of the slot after its sequence number */
		magic = READ_ONCE(st->magic);
		status = READ_ONCE(st->status);
		if (seq != want || magic != EDU_RING_MAGIC ||
		    status != edu_ring_bus(edu, b->slot + i, true)) {
			dev_err(&edu->pdev->dev,
				"ring slot %u: status seq %#x magic %#x at %#llx, posted seq %#x magic %#x at %#llx\n",
				b->slot + i, seq, magic, status, want, EDU_RING_MAGIC,
				edu_ring_bus(edu, b->slot + i, true));
			err = -EILSEQ;
			continue;
		}
		r->ring_ok++;
	}
	return err;
}

/*
 * Moves bytes [@off, @off + @len) of @m between RAM and the device's buffer
 * (@len <= EDU_CHUNK): prepare that range, one device DMA per generated
 * segment, complete.
 */
static int edu_chunk(struct edu_dev *edu, enum edu_dir dir, struct edu_mem *m,
		     u64 off, u64 len, struct edu_report *r)
{
	IODMACommand *cmd = dir == EDU_OUT ? edu->cmd_out : edu->cmd_in;
	IODMACommandSegment64 segs[8];
	u64 pos = 0, devaddr = EDU_BUF_ADDR;
	const char *why;
	IOReturn ret;
	UInt32 n, i;
	int err = 0;

	ret = IODMACommandPrepare(cmd, m->md_off + off, len, true, true);
	if (ret != kIOReturnSuccess) {
		dev_err(&edu->pdev->dev, "prepare: %s\n", IOServiceStringFromReturn(ret));
		return -IOServiceErrnoFromReturn(ret);
	}
	/* The bounce reason is Linux-face only; the report wants it. */
	why = iodmacmd_cmd_bounce_reason(cmd);
	if (why && strcmp(why, "none"))
		r->bounce[dir] = why;

	while (!err && pos < len) {
		n = ARRAY_SIZE(segs);
		ret = IODMACommandGenIOVMSegments(cmd, &pos, segs, &n);
		if (ret != kIOReturnSuccess) {
			dev_err(&edu->pdev->dev, "genIOVMSegments: %s\n",
				IOServiceStringFromReturn(ret));
			err = -IOServiceErrnoFromReturn(ret);
			break;
		}
		for (i = 0; i < n && !err; i++) {
			u64 a = segs[i].fIOVMAddr, l = segs[i].fLength;

			edu_report_seg(r, dir, a, l);
			/* The command's promise, checked before the device sees it. */
			if (!l || l > EDU_BUF_SIZE || a + l > BIT_ULL(dma_bits) ||
			    devaddr + l > EDU_BUF_ADDR + EDU_CHUNK) {
				dev_err(&edu->pdev->dev, "bad segment %#llx+%#llx\n", a, l);
				err = -ERANGE;
				break;
			}
			if (dir == EDU_OUT)
				err = edu_dma(edu, a, devaddr, l, false);
			else
				err = edu_dma(edu, devaddr, a, l, true);
			devaddr += l;
		}
	}
	ret = IODMACommandComplete(cmd, true, true);
	if (ret != kIOReturnSuccess && !err) {
		dev_err(&edu->pdev->dev, "complete: %s\n", IOServiceStringFromReturn(ret));
		err = -IOServiceErrnoFromReturn(ret);
	}
	return err;
}

static void edu_pattern(u8 *p, u64 pos, u64 len, u8 seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)((pos + i) * 7 + seed) ^ (u8)((pos + i) >> 8);
}

/*
 * Copies @src to the device and back into @dst, chunk by chunk, and
 * compares. With @fill, @src first gets a pattern; @dst always starts as
 * the complement of @src, so a byte the device never wrote cannot match.
 * A ring descriptor is posted before the first chunk and written back
 * after the last, as a driver's command and its completion.
 */
static void edu_transfer(struct edu_dev *edu, struct edu_mem *src, struct edu_mem *dst,
			 u64 len, bool fill, struct edu_report *r)
{
	struct edu_ring_batch ring;
	u8 *a = NULL, *b = NULL;
	u64 off, n, i;
	IOReturn ret;
	ktime_t t0;
	int err;

	r->bounce[EDU_OUT] = "none";
	r->bounce[EDU_IN] = "none";
	a = kmalloc(EDU_BUF_SIZE, GFP_KERNEL);
	b = kmalloc(EDU_BUF_SIZE, GFP_KERNEL);
	if (!a || !b) {
		r->err = -ENOMEM;
		goto out_free;
	}
	for (off = 0; off < len; off += n) {
		n = min_t(u64, EDU_BUF_SIZE, len - off);
		if (fill) {
			edu_pattern(a, off, n, (u8)len);
			IOMemoryDescriptorWriteBytes(src->md, src->md_off + off, a, n);
		} else {
			IOMemoryDescriptorReadBytes(src->md, src->md_off + off, a, n);
		}
		for (i = 0; i < n; i++)
			a[i] = ~a[i];
		IOMemoryDescriptorWriteBytes(dst->md, dst->md_off + off, a, n);
	}

	t0 = ktime_get();
	ret = IODMACommandSetMemoryDescriptor(edu->cmd_out, src->md, false);
	if (ret != kIOReturnSuccess) {
		r->err = -IOServiceErrnoFromReturn(ret);
		goto out_free;
	}
	ret = IODMACommandSetMemoryDescriptor(edu->cmd_in, dst->md, false);
	if (ret != kIOReturnSuccess) {
		r->err = -IOServiceErrnoFromReturn(ret);
		goto out_clear_out;
	}
	err = edu_ring_post(edu, 1, &ring, r);
	if (err)
		r->err = err;
	for (off = 0; !r->err && off < len; off += n) {
		n = min_t(u64, EDU_CHUNK, len - off);
		err = edu_chunk(edu, EDU_OUT, src, off, n, r);
		if (!err)
			err = edu_chunk(edu, EDU_IN, dst, off, n, r);
		if (err) {
			r->err = err;
			break;
		}
		if (IOMemoryDescriptorReadBytes(src->md, src->md_off + off, a, n) != n ||
		    IOMemoryDescriptorReadBytes(dst->md, dst->md_off + off, b, n) != n) {
			r->err = -EIO;
			break;
		}
		for (i = 0; i < n && a[i] == b[i]; i++)
			;
		r->verified += i;
		if (i < n) {
			dev_err(&edu->pdev->dev, "%s: byte %llu is %#x, expected %#x\n",
				r->kind, off + i, b[i], a[i]);
			r->err = -EILSEQ;
			break;
		}
	}
	/* The completion, unless the device is gone or never got the command. */
	if (!err && r->err != -ETIMEDOUT) {
		err = edu_ring_reap(edu, &ring, r);
		if (err && !r->err)
			r->err = err;
	}
	r->ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	IODMACommandClearMemoryDescriptor(edu->cmd_in, false);
out_clear_out:
	IODMACommandClearMemoryDescriptor(edu->cmd_out, false);
out_free:
	kfree(b);
	kfree(a);
}

/* Appends @r as one line to edu->result and to the kernel log. */
static void edu_report(struct edu_dev *edu, const struct edu_report *r)
{
	size_t used = strlen(edu->result);
	char *p = edu->result + used;
	size_t room = sizeof(edu->result) - used;
	int d, i, w;

	w = scnprintf(p, room, "edu transfer kind=%s size=%llu offset=%llu", r->kind,
		      r->size, r->offset);
	for (d = EDU_OUT; d <= EDU_IN; d++) {
		w += scnprintf(p + w, room - w, " %s=%u[", d == EDU_OUT ? "out" : "in",
			       r->nsegs[d]);
		for (i = 0; i < min_t(u32, r->nsegs[d], EDU_REPORT_SEGS); i++)
			w += scnprintf(p + w, room - w, "%s%#llx:%llu", i ? "," : "",
				       r->segs[d][i].fIOVMAddr, r->segs[d][i].fLength);
		w += scnprintf(p + w, room - w, "%s]",
			       r->nsegs[d] > EDU_REPORT_SEGS ? ",..." : "");
	}
	w += scnprintf(p + w, room - w,
		       " bounce-out=\"%s\" bounce-in=\"%s\" verified=%llu ring=%u/%u ns=%llu %s",
		       r->bounce[EDU_OUT] ?: "none", r->bounce[EDU_IN] ?: "none", r->verified,
		       r->ring_ok, r->ring_posted, r->ns,
		       !r->err && r->verified == r->size && r->ring_posted &&
		       r->ring_ok == r->ring_posted ? "OK" : "FAIL");
	if (r->err)
		w += scnprintf(p + w, room - w, " err=%d", r->err);
	dev_info(&edu->pdev->dev, "%s\n", p);
	scnprintf(p + w, room - w, "\n");
}

static void edu_mem_free(struct edu_mem *m)
{
	unsigned int i;

	if (m->md)
		IOMemoryDescriptorRelease(m->md);
	for (i = 0; i < ARRAY_SIZE(m->mem); i++)
		kvfree(m->mem[i]);
	for (i = 0; i < m->npages; i++)
		__free_page(m->pages[i]);
	kfree(m->pages);
	memset(m, 0, sizeof(*m));
}

/* Pages above 4 GiB, out of reach of a 28-bit device without an IOMMU. */
static int edu_mem_high(struct edu_mem *m, u64 len, u64 offset, IODirection dir)
{
	unsigned int want = DIV_ROUND_UP(len + offset, PAGE_SIZE), tries = want + 4096;
	IOAddressRange *ranges;
	struct page *page;
	LIST_HEAD(low);
	unsigned int i;
	u64 left = len;

	m->pages = kcalloc(want, sizeof(*m->pages), GFP_KERNEL);
	ranges = kcalloc(want, sizeof(*ranges), GFP_KERNEL);
	if (!m->pages || !ranges)
		goto fail;
	while (m->npages < want && tries--) {
		page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
		if (!page)
			break;
		if (page_to_phys(page) >= SZ_4G)
			m->pages[m->npages++] = page;
		else
			list_add(&page->lru, &low);
	}
	while (!list_empty(&low)) {
		page = list_first_entry(&low, struct page, lru);
		list_del(&page->lru);
		__free_page(page);
	}
	if (m->npages < want)
		goto fail;
	for (i = 0; i < want; i++) {
		u64 start = i ? 0 : offset;

		ranges[i].address = page_to_phys(m->pages[i]) + start;
		ranges[i].length = min_t(u64, left, PAGE_SIZE - start);
		left -= ranges[i].length;
	}
	/* A NULL task: the ranges are CPU physical addresses. */
	m->md = IOMemoryDescriptorWithAddressRanges(ranges, want, dir, NULL);
	kfree(ranges);
	return m->md ? 0 : -ENOMEM;
fail:
	kfree(ranges);
	return -ENOMEM;
}

/*
 * Two layouts of three pieces (kmalloc, vmalloc, kmalloc): one descriptor
 * with three ranges for the source, a multi descriptor of one descriptor
 * per piece for the destination.
 */
static int edu_mem_multi(struct edu_mem *m, u64 len, u64 offset, IODirection dir,
			 bool as_multi)
{
	u64 piece[3] = { len / 3, len / 3, len - 2 * (len / 3) };
	IOMemoryDescriptor *members[3];
	IOAddressRange ranges[3];
	unsigned int i, n = 0;

	for (i = 0; i < 3; i++) {
		u64 skip = n ? 0 : offset;	/* the offset is the first piece's */

		if (!piece[i])
			continue;
		if (i == 1)
			m->mem[i] = vmalloc(piece[i] + skip);
		else
			m->mem[i] = kmalloc(piece[i] + skip, GFP_KERNEL);
		if (!m->mem[i])
			return -ENOMEM;
		ranges[n].address = (uintptr_t)m->mem[i] + skip;
		ranges[n].length = piece[i];
		n++;
	}
	if (!as_multi) {
		m->md = IOMemoryDescriptorWithAddressRanges(ranges, n, dir, kernel_task);
		return m->md ? 0 : -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		members[i] = IOMemoryDescriptorWithAddress((void *)(uintptr_t)ranges[i].address,
							   ranges[i].length, dir);
		if (!members[i])
			break;
	}
	if (i == n)
		m->md = IOMultiMemoryDescriptorWithDescriptors(members, n, dir, false);
	/* The multi descriptor holds its own references. */
	while (i--)
		IOMemoryDescriptorRelease(members[i]);
	return m->md ? 0 : -ENOMEM;
}

static int edu_mem_alloc(struct edu_mem *m, const char *kind, u64 len, u64 offset,
			 IODirection dir, bool second)
{
	if (!strcmp(kind, "kmalloc") || !strcmp(kind, "vmalloc")) {
		if (kind[0] == 'k')
			m->mem[0] = kmalloc(len + offset, GFP_KERNEL);
		else
			m->mem[0] = vmalloc(len + offset);
		if (!m->mem[0])
			return -ENOMEM;
		m->md = IOMemoryDescriptorWithAddress(m->mem[0] + offset, len, dir);
		return m->md ? 0 : -ENOMEM;
	}
	if (!strcmp(kind, "buffer")) {
		/* The whole buffer; the transfer is prepared at the offset. */
		m->md = IOBufferMemoryDescriptorWithOptions(dir, len + offset, 1);
		m->md_off = offset;
		return m->md ? 0 : -ENOMEM;
	}
	if (!strcmp(kind, "multi"))
		return edu_mem_multi(m, len, offset, dir, second);
	if (!strcmp(kind, "high"))
		return edu_mem_high(m, len, offset, dir);
	return -EINVAL;
}

/* Runs one kernel-memory transfer of @kind; appends its result line. */
static int edu_run_kernel(struct edu_dev *edu, const char *kind, u64 len, u64 offset)
{
	struct edu_mem src = {}, dst = {};
	struct edu_report r = {};
	int err;

	r.kind = kind;
	r.size = len;
	r.offset = offset;
	err = edu_mem_alloc(&src, kind, len, offset, kIODirectionOut, false);
	if (err)
		goto out;
	err = edu_mem_alloc(&dst, kind, len, offset, kIODirectionIn, true);
	if (err)
		goto out;
	/* What a macOS driver does first: wire the memory down. */
	err = -IOServiceErrnoFromReturn(IOMemoryDescriptorPrepare(src.md, kIODirectionOut));
	if (err)
		goto out;
	err = -IOServiceErrnoFromReturn(IOMemoryDescriptorPrepare(dst.md, kIODirectionIn));
	if (err)
		goto out_complete_src;
	edu_transfer(edu, &src, &dst, len, true, &r);
	IOMemoryDescriptorComplete(dst.md, kIODirectionIn);
out_complete_src:
	IOMemoryDescriptorComplete(src.md, kIODirectionOut);
out:
	if (err)
		r.err = err;
	edu_mem_free(&dst);
	edu_mem_free(&src);
	edu_report(edu, &r);
	return 0;
}

/*
 * @count descriptors round the ring, in batches that stop at its end: the
 * device fetches a batch, then writes it back into the status slots. The
 * result line lists the batches' descriptor (out) and status (in) ranges;
 * its size and verified are bytes of descriptors.
 */
static int edu_run_ring(struct edu_dev *edu, u64 count)
{
	const size_t sz = sizeof(struct edu_ring_desc);
	struct edu_report r = { .kind = "ring", .size = count * sz };
	struct edu_ring_batch b;
	unsigned int n, ok;
	ktime_t t0;
	int err;

	r.bounce[EDU_OUT] = "none";
	r.bounce[EDU_IN] = "none";
	t0 = ktime_get();
	while (count && !r.err) {
		n = min_t(u64, count, EDU_RING_SLOTS - edu->ring_head);
		err = edu_ring_post(edu, n, &b, &r);
		if (err) {
			r.err = err;
			break;
		}
		edu_report_seg(&r, EDU_OUT, edu_ring_bus(edu, b.slot, false), n * sz);
		ok = r.ring_ok;
		r.err = edu_ring_reap(edu, &b, &r);
		edu_report_seg(&r, EDU_IN, edu_ring_bus(edu, b.slot, true), n * sz);
		r.verified += (r.ring_ok - ok) * sz;
		count -= n;
	}
	r.ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	edu_report(edu, &r);
	return 0;
}

/*
 * A process's memory, both ways: the device reads the user buffer and the
 * result lands in kernel memory ("user-out"); then the device writes the
 * complement of that data back into the user buffer ("user-in"), which the
 * process can check.
 */
static int edu_run_user(struct edu_dev *edu, const char __user *buf, size_t len)
{
	struct edu_mem user = {}, kern = {};
	struct edu_report r = { .kind = "user-out", .size = len };
	IOReturn ret;
	u8 *k;
	size_t i;

	r.offset = offset_in_page(buf);
	user.md = IOMemoryDescriptorWithAddressRange((uintptr_t)buf, len, kIODirectionOutIn,
						     current);
	kern.mem[0] = vmalloc(len);
	if (!user.md || !kern.mem[0]) {
		r.err = -ENOMEM;
		goto out;
	}
	kern.md = IOMemoryDescriptorWithAddress(kern.mem[0], len, kIODirectionOutIn);
	if (!kern.md) {
		r.err = -ENOMEM;
		goto out;
	}
	ret = IOMemoryDescriptorPrepare(user.md, kIODirectionOutIn);
	if (ret != kIOReturnSuccess) {
		r.err = -IOServiceErrnoFromReturn(ret);
		goto out;
	}
	edu_transfer(edu, &user, &kern, len, false, &r);
	if (!r.err) {
		edu_report(edu, &r);
		memset(&r, 0, sizeof(r));
		r.kind = "user-in";
		r.size = len;
		r.offset = offset_in_page(buf);
		k = kern.mem[0];
		for (i = 0; i < len; i++)
			k[i] = ~k[i];
		edu_transfer(edu, &kern, &user, len, false, &r);
	}
	IOMemoryDescriptorComplete(user.md, kIODirectionOutIn);
out:
	edu_mem_free(&kern);
	edu_mem_free(&user);
	edu_report(edu, &r);
	return r.err;
}

static ssize_t edu_run_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	struct edu_dev *edu = file->private_data;
	char line[64], kind[16];
	u64 len, offset;
	int err;

	if (count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	if (sscanf(line, "%15s %llu %llu", kind, &len, &offset) != 3 ||
	    !len || len > EDU_MAX_TRANSFER || offset >= PAGE_SIZE)
		return -EINVAL;
	if (!strcmp(kind, "ring")) {
		/* "ring N 0": N descriptors */
		if (len > EDU_RING_MAX || offset)
			return -EINVAL;
	} else if (strcmp(kind, "kmalloc") && strcmp(kind, "vmalloc") &&
		   strcmp(kind, "multi") && strcmp(kind, "buffer") && strcmp(kind, "high")) {
		return -EINVAL;
	}
	mutex_lock(&edu->lock);
	edu->result[0] = '\0';
	if (!strcmp(kind, "ring"))
		err = edu_run_ring(edu, len);
	else
		err = edu_run_kernel(edu, kind, len, offset);
	mutex_unlock(&edu->lock);
	return err ? err : count;
}

static ssize_t edu_result_read(struct edu_dev *edu, char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&edu->lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, edu->result, strlen(edu->result));
	mutex_unlock(&edu->lock);
	return ret;
}

static ssize_t edu_run_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	return edu_result_read(file->private_data, ubuf, count, ppos);
}

static const struct file_operations edu_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = edu_run_read,
	.write = edu_run_write,
	.llseek = default_llseek,
};

static struct edu_dev *edu_from_misc(struct file *file)
{
	return container_of(file->private_data, struct edu_dev, misc);
}

static ssize_t edu_misc_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	struct edu_dev *edu = edu_from_misc(file);
	int err;

	if (!count || count > EDU_MAX_TRANSFER)
		return -EINVAL;
	mutex_lock(&edu->lock);
	edu->result[0] = '\0';
	err = edu_run_user(edu, ubuf, count);
	mutex_unlock(&edu->lock);
	return err ? err : count;
}

static ssize_t edu_misc_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	return edu_result_read(edu_from_misc(file), ubuf, count, ppos);
}

static const struct file_operations edu_misc_fops = {
	.owner = THIS_MODULE,
	.read = edu_misc_read,
	.write = edu_misc_write,
	.llseek = default_llseek,
};

/*
 * The ring, as a kext allocates one: a contiguous, uncached buffer below the
 * device's mask, prepared, its bus address read back. iodmacmd makes it
 * coherent memory of the bound provider (the IOVA under an IOMMU).
 */
static int edu_ring_create(struct edu_dev *edu)
{
	IOOptionBits options = kIODirectionInOut | kIOMemoryPhysicallyContiguous |
			       kIOMemoryHostPhysicallyContiguous | kIOMapInhibitCache;
	IOByteCount len = 0;
	IOReturn ret;
	int err;

	edu->ring = IOBufferMemoryDescriptorInTaskWithPhysicalMask(kernel_task, options,
								   EDU_RING_SIZE, EDU_RING_MASK);
	if (!edu->ring)
		return -ENOMEM;
	ret = IOMemoryDescriptorPrepare(edu->ring, kIODirectionNone);
	if (ret != kIOReturnSuccess) {
		err = -IOServiceErrnoFromReturn(ret);
		goto err_release;
	}
	edu->ring_va = IOBufferMemoryDescriptorGetBytesNoCopy(edu->ring);
	edu->ring_bus = IOMemoryDescriptorGetPhysicalSegment(edu->ring, 0, &len, 0);
	/* The mask's promise, checked before the device sees the ring. */
	if (!edu->ring_va || len < EDU_RING_SIZE || (edu->ring_bus & ~EDU_RING_MASK) ||
	    edu->ring_bus + EDU_RING_SIZE > BIT_ULL(dma_bits)) {
		dev_err(&edu->pdev->dev, "ring at bus %#llx+%llu is out of the device's reach\n",
			edu->ring_bus, (u64)len);
		err = -ERANGE;
		goto err_complete;
	}
	return 0;

err_complete:
	IOMemoryDescriptorComplete(edu->ring, kIODirectionNone);
err_release:
	IOMemoryDescriptorRelease(edu->ring);
	edu->ring = NULL;
	return err;
}

static void edu_ring_destroy(struct edu_dev *edu)
{
	IOMemoryDescriptorComplete(edu->ring, kIODirectionNone);
	IOMemoryDescriptorRelease(edu->ring);
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_dev *edu;
	u32 ident;
	int err;

	mutex_lock(&edu_the_lock);
	if (edu_the) {
		mutex_unlock(&edu_the_lock);
		dev_info(&pdev->dev, "only the first edu device is served\n");
		return -EBUSY;
	}
	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu) {
		err = -ENOMEM;
		goto err_unlock;
	}
	edu->pdev = pdev;
	init_completion(&edu->done);
	mutex_init(&edu->lock);

	err = pci_enable_device(pdev);
	if (err)
		goto err_free;
	err = pci_request_regions(pdev, KBUILD_MODNAME);
	if (err)
		goto err_disable;
	edu->mmio = pci_iomap(pdev, 0, 0);
	if (!edu->mmio) {
		err = -ENOMEM;
		goto err_regions;
	}
	ident = readl(edu->mmio + EDU_REG_ID);
	writel(0x5a5a1234, edu->mmio + EDU_REG_LIVENESS);
	if ((ident & 0xff) != EDU_ID_MAGIC ||
	    readl(edu->mmio + EDU_REG_LIVENESS) != ~0x5a5a1234U) {
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
	/* The DMA engine drives dma_bits address bits: streaming and coherent. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(dma_bits));
	if (err)
		goto err_unmap;
	/* A kext's start(provider): NULL mappers and buffers now mean pdev. */
	err = -IOServiceErrnoFromReturn(IOServiceBindProvider(&pdev->dev));
	if (err)
		goto err_unmap;

	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (err < 0)
		goto err_unbind;
	edu->irq = pci_irq_vector(pdev, 0);
	err = request_irq(edu->irq, edu_irq, IRQF_SHARED, KBUILD_MODNAME, edu);
	if (err)
		goto err_vectors;

	/*
	 * IODMACommand::withSpecification() with the device's limits and a
	 * NULL mapper: the system mapper, which is the bound provider.
	 */
	edu->cmd_out = IODMACommandWithSpecification(kIODMACommandOutputHost64,
						     dma_bits, EDU_BUF_SIZE,
						     kIODMAMapOptionMapped, EDU_BUF_SIZE,
						     1, NULL, edu);
	if (!edu->cmd_out) {
		err = -ENOMEM;
		goto err_irq;
	}
	edu->cmd_in = IODMACommandCloneCommand(edu->cmd_out, edu);
	if (!edu->cmd_in) {
		err = -ENOMEM;
		goto err_cmd_out;
	}
	err = edu_ring_create(edu);
	if (err)
		goto err_cmd_in;

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = KBUILD_MODNAME;
	edu->misc.fops = &edu_misc_fops;
	edu->misc.mode = 0600;
	err = misc_register(&edu->misc);
	if (err)
		goto err_ring;
	edu->debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("run", 0600, edu->debugfs, edu, &edu_run_fops);

	pci_set_drvdata(pdev, edu);
	edu_the = edu;
	mutex_unlock(&edu_the_lock);
	dev_info(&pdev->dev,
		 "edu %#x, %s irq %d, %d-bit DMA through IODMACommand, ring of %u slots at bus %#llx\n",
		 ident >> 16, pdev->msi_enabled ? "MSI" : "INTx", edu->irq, dma_bits,
		 EDU_RING_SLOTS, edu->ring_bus);
	return 0;

err_ring:
	edu_ring_destroy(edu);
err_cmd_in:
	IODMACommandRelease(edu->cmd_in);
err_cmd_out:
	IODMACommandRelease(edu->cmd_out);
err_irq:
	free_irq(edu->irq, edu);
err_vectors:
	pci_free_irq_vectors(pdev);
err_unbind:
	IOServiceUnbindProvider(&pdev->dev);
err_unmap:
	pci_iounmap(pdev, edu->mmio);
err_regions:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(edu);
err_unlock:
	mutex_unlock(&edu_the_lock);
	return err;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	mutex_lock(&edu_the_lock);
	edu_the = NULL;
	mutex_unlock(&edu_the_lock);
	debugfs_remove_recursive(edu->debugfs);
	misc_deregister(&edu->misc);
	edu_ring_destroy(edu);
	IODMACommandRelease(edu->cmd_in);
	IODMACommandRelease(edu->cmd_out);
	free_irq(edu->irq, edu);
	pci_free_irq_vectors(pdev);
	IOServiceUnbindProvider(&pdev->dev);
	pci_clear_master(pdev);
	pci_iounmap(pdev, edu->mmio);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	mutex_destroy(&edu->lock);
	kfree(edu);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};
module_pci_driver(edu_driver);

IODMACMD_IMPORT_NS();
MODULE_DESCRIPTION("QEMU edu device through iodmacmd's IODMACommand: a sample driver");
MODULE_LICENSE("GPL");
