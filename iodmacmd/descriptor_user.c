// SPDX-License-Identifier: GPL-2.0
/*
 * User memory descriptors: IOMemoryDescriptor::withAddressRanges() for the
 * ranges of a process's address space.
 *
 * A user descriptor records the process's mm and the ranges, and touches no
 * user memory until its first prepare (the wire op), which pins every page
 * of every range (FOLL_PIN, the pinning meant for DMA: the pages stay put as
 * IOKit's wiring keeps them); its last complete (unwire) unpins them. The
 * pins are FOLL_LONGTERM: a prepared descriptor may stay prepared for as
 * long as a driver likes (a ring kept across calls), so the pages are
 * first moved out of ZONE_MOVABLE and CMA, where a pin would block memory
 * hot-unplug and contiguous allocations. Only a
 * pinned descriptor can be walked, so copying, physical segments and DMA
 * mapping need a prepare first, as in IOKit, where walking an unwired
 * virtual descriptor panics; here the walk fails instead.
 *
 * Pages are pinned writable unless the device only reads them (direction
 * Out), as xnu's wireVirtual() asks for write access unless the direction is
 * exactly kIODirectionOut, and they are marked dirty when unpinned on the
 * same condition: the device may have written them. A direction of None
 * counts as both ways, as the DMA mapping of such a descriptor does. Pages
 * pinned read-only may be shared (the zero page, a copy-on-write page), so
 * such a descriptor tells iodmacmd_md_write() that the CPU must not write
 * it either (&iodmacmd_md.cpu_writable).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "errno_face.h"
#include "checks.h"
#include "md.h"

/**
 * struct user_range - one user range and its place in the page array
 * @address: first byte, a user virtual address
 * @length: bytes
 * @first_page: index in &md_user.pages of the page holding @address
 * @nr_pages: pages the range touches
 */
struct user_range {
	unsigned long address;
	unsigned long length;
	unsigned long first_page;
	unsigned long nr_pages;
};

/**
 * struct md_user - a user memory descriptor
 * @md: the common part
 * @mm: the address space, mmgrab()ed: the structure stays, the address
 *	space itself may go away with its process (wiring then fails)
 * @pages: the pinned pages of all ranges in order, valid while @wired
 * @nr_pages: entries in @pages
 * @writable: pinned with FOLL_WRITE and unpinned dirty
 * @wired: @pages holds pins; written under &iodmacmd_md.lock, read by walks
 *	without it (walking concurrently with the last complete is a bug of
 *	the caller, as in IOKit)
 * @nr_ranges: entries in @ranges
 * @ranges: the ranges, copied from the caller
 */
struct md_user {
	struct iodmacmd_md md;
	struct mm_struct *mm;
	struct page **pages;
	unsigned long nr_pages;
	bool writable;
	bool wired;
	u32 nr_ranges;
	struct user_range ranges[];
};

static struct md_user *to_md_user(struct iodmacmd_md *md)
{
	return container_of(md, struct md_user, md);
}

/*
 * Calls @fn over @len bytes of the pages from byte @pos of @pages[0] on,
 * one piece per run of physically consecutive pages.
 */
static int walk_page_array(struct page **pages, u64 pos, u64 len,
			   iodmacmd_piece_fn fn, void *ctx)
{
	int ret;

	while (len) {
		phys_addr_t phys = page_to_phys(pages[pos >> PAGE_SHIFT]) + offset_in_page(pos);
		u64 step = min_t(u64, PAGE_SIZE - offset_in_page(pos), len);

		while (step < len &&
		       page_to_phys(pages[(pos + step) >> PAGE_SHIFT]) == phys + step)
			step += min_t(u64, PAGE_SIZE, len - step);
		ret = fn(ctx, phys, step);
		if (ret)
			return ret;
		pos += step;
		len -= step;
	}
	return 0;
}

static int md_user_walk(struct iodmacmd_md *md, u64 offset, u64 len,
			iodmacmd_piece_fn fn, void *ctx)
{
	struct md_user *mu = to_md_user(md);
	u32 i;
	int ret;

	/* Pairs with the release in md_user_wire(): the pages are visible. */
	if (!smp_load_acquire(&mu->wired))
		return -EFAULT;
	for (i = 0; i < mu->nr_ranges && len; i++) {
		const struct user_range *r = &mu->ranges[i];
		u64 step;

		if (offset >= r->length) {
			offset -= r->length;
			continue;
		}
		step = min_t(u64, r->length - offset, len);
		ret = walk_page_array(mu->pages + r->first_page,
				      offset_in_page(r->address) + offset, step, fn, ctx);
		if (ret)
			return ret;
		offset = 0;
		len -= step;
	}
	return 0;
}

/* Pins all of @r or nothing: 0 or a negative errno. */
static long pin_some(struct md_user *mu, unsigned long start, unsigned long nr,
		     unsigned int flags, struct page **pages, bool local)
{
	int locked = 1;
	long pinned;

	if (local)
		/* nr fits an int: checked at creation. */
		return pin_user_pages_fast(start, nr, flags, pages);
	mmap_read_lock(mu->mm);
	pinned = iodmacmd_pin_user_pages_remote(mu->mm, start, nr, flags, pages, &locked);
	/* GUP may have dropped the lock (a fatal signal while retrying). */
	if (locked)
		mmap_read_unlock(mu->mm);
	return pinned;
}

/*
 * GUP reports a failure after the first page as a short count, not as the
 * error: pinning goes on from the first page it did not pin, so the error
 * returned is the real one (-ENOMEM, -EINTR), not a made-up -EFAULT.
 */
static int pin_range(struct md_user *mu, const struct user_range *r, bool local)
{
	unsigned int flags = FOLL_LONGTERM | (mu->writable ? FOLL_WRITE : 0);
	unsigned long start = r->address & PAGE_MASK;
	struct page **pages = mu->pages + r->first_page;
	unsigned long done = 0;
	long pinned;
	int err;

	while (done < r->nr_pages) {
		pinned = pin_some(mu, start + done * PAGE_SIZE, r->nr_pages - done, flags,
				  pages + done, local);
		if (pinned <= 0) {
			err = pinned ? pinned : -EFAULT;
			goto unpin;
		}
		done += pinned;
	}
	return 0;

unpin:
	if (done)
		unpin_user_pages(pages, done);
	return err;
}

/*
 * The first prepare: pins every range, or nothing. The calling task's own
 * address space takes the lockless fast path; another's is pinned remotely
 * under its mmap lock, while an mmget() keeps the address space alive.
 */
static int md_user_wire(struct iodmacmd_md *md)
{
	struct md_user *mu = to_md_user(md);
	bool local = current->mm == mu->mm;
	int err = 0;
	u32 i;

	if (!local && !mmget_not_zero(mu->mm))
		return kIOReturnVMError;	/* the process has exited */
	for (i = 0; i < mu->nr_ranges; i++) {
		err = pin_range(mu, &mu->ranges[i], local);
		if (err) {
			/* The device never saw them: nothing to dirty. */
			unpin_user_pages(mu->pages, mu->ranges[i].first_page);
			break;
		}
	}
	if (!local)
		mmput(mu->mm);
	if (err) {
		pr_debug("pinning user range %u failed: %d\n", i, err);
		return iodmacmd_errno_to_ioreturn(err);
	}
	/* Pairs with the acquire in md_user_walk(). */
	smp_store_release(&mu->wired, true);
	return kIOReturnSuccess;
}

/* The last complete, or the release of a descriptor still prepared. */
static void md_user_unwire(struct iodmacmd_md *md)
{
	struct md_user *mu = to_md_user(md);

	WRITE_ONCE(mu->wired, false);
	unpin_user_pages_dirty_lock(mu->pages, mu->nr_pages, mu->writable);
}

static void md_user_release(struct iodmacmd_md *md)
{
	struct md_user *mu = to_md_user(md);

	kvfree(mu->pages);
	mmdrop(mu->mm);
	kvfree(mu);
}

static const struct iodmacmd_md_ops md_user_ops = {
	.walk = md_user_walk,
	.wire = md_user_wire,
	.unwire = md_user_unwire,
	.release = md_user_release,
};

/*
 * The task's address space, mmgrab()ed, or NULL for a task without one. A
 * kernel thread that adopted an address space (kthread_use_mm()) has one
 * only as current: get_task_mm() never returns a kernel thread's.
 */
static struct mm_struct *grab_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;

	if (task == current) {
		mm = current->mm;
		if (mm)
			mmgrab(mm);
		return mm;
	}
	mm = get_task_mm(task);
	if (mm) {
		mmgrab(mm);
		mmput(mm);
	}
	return mm;
}

/* Checks a user range and counts its pages; false if it is unusable. */
static bool user_range_ok(u64 addr, u64 len, unsigned long *nr_pages)
{
	u64 pages;

	if (!len || addr + len - 1 < addr || addr > ULONG_MAX || len > ULONG_MAX)
		return false;
	if (!access_ok((const void __user *)(uintptr_t)addr, len))
		return false;
	pages = DIV_ROUND_UP(offset_in_page(addr) + len, PAGE_SIZE);
	/* pin_user_pages_fast() counts pages in an int. */
	if (pages > INT_MAX)
		return false;
	*nr_pages = pages;
	return true;
}

struct iodmacmd_md *__iodmacmd_md_create_user(struct task_struct *task,
					      const struct iodmacmd_range *ranges,
					      u32 count, u32 direction, IOReturn *ret)
{
	unsigned long nr_pages = 0;
	struct md_user *mu;
	u64 total = 0;
	u32 i;

	*ret = kIOReturnBadArgument;
	if (IS_ERR_OR_NULL(task) || IS_ERR_OR_NULL(ranges) || !count ||
	    (direction & ~IODMACMD_DIR_MASK))
		return NULL;
	if (count > IODMACMD_MAX_RANGES) {
		pr_warn_ratelimited("%u user ranges: more than the %u a descriptor takes\n",
				    count, IODMACMD_MAX_RANGES);
		return NULL;
	}
	for (i = 0; i < count; i++) {
		u64 addr = ranges[i].address, len = ranges[i].length;
		unsigned long pages;

		if (!user_range_ok(addr, len, &pages) ||
		    check_add_overflow(total, len, &total) ||
		    check_add_overflow(nr_pages, pages, &nr_pages)) {
			pr_warn_ratelimited("user range %u (%#llx+%#llx) is not user memory\n",
					    i, addr, len);
			return NULL;
		}
	}
	/* Checked before the page array is allocated, so never a warning of kvmalloc(). */
	if (nr_pages > IODMACMD_MAX_PAGES) {
		pr_warn_ratelimited("user ranges of %lu pages: more than the %u a descriptor takes\n",
				    nr_pages, IODMACMD_MAX_PAGES);
		return NULL;
	}
	*ret = kIOReturnNoMemory;
	mu = kvzalloc(struct_size(mu, ranges, count), GFP_KERNEL | __GFP_NOWARN);
	if (!mu)
		return NULL;
	mu->pages = kvcalloc(nr_pages, sizeof(*mu->pages), GFP_KERNEL | __GFP_NOWARN);
	if (!mu->pages)
		goto free;
	*ret = kIOReturnBadArgument;
	mu->mm = grab_task_mm(task);
	if (!mu->mm) {
		pr_warn_ratelimited("user descriptor for a task without an address space\n");
		goto free_pages;
	}
	mu->nr_pages = nr_pages;
	mu->writable = (direction & IODMACMD_DIR_INOUT) != IODMACMD_DIR_OUT;
	mu->nr_ranges = count;
	for (i = 0, nr_pages = 0; i < count; i++) {
		struct user_range *r = &mu->ranges[i];

		r->address = ranges[i].address;
		r->length = ranges[i].length;
		r->first_page = nr_pages;
		r->nr_pages = DIV_ROUND_UP(offset_in_page(r->address) + r->length, PAGE_SIZE);
		nr_pages += r->nr_pages;
	}
	iodmacmd_md_init(&mu->md, &md_user_ops, total, direction);
	mu->md.cpu_writable = mu->writable;
	*ret = kIOReturnSuccess;
	return &mu->md;

free_pages:
	kvfree(mu->pages);
free:
	kvfree(mu);
	return NULL;
}

/**
 * iodmacmd_md_create_user() - describe ranges of a process's memory
 * @task: the process whose address space the ranges are in: current (a
 *	process, or a kernel thread that adopted an address space with
 *	kthread_use_mm()) or another user process
 * @ranges: user virtual address ranges, copied
 * @count: number of ranges
 * @direction: IODMACMD_DIR_* value
 *
 * IOKit's withAddressRanges(ranges, count, direction, task) for a user
 * task. Creating the descriptor touches no user memory: the first
 * iodmacmd_md_prepare() pins the pages (writable unless @direction is
 * IODMACMD_DIR_OUT) and the last iodmacmd_md_complete() unpins them,
 * marking them dirty unless @direction is IODMACMD_DIR_OUT. An unprepared
 * user descriptor cannot be copied from or to (iodmacmd_md_read() and
 * iodmacmd_md_write() move nothing), has no physical segments and cannot be
 * prepared by a command. The pages of @task's own address space are pinned
 * with pin_user_pages_fast() when the prepare runs in @task; from any other
 * context (a work item, another process) with pin_user_pages_remote(), as
 * long as @task's address space exists. The descriptor keeps the
 * mm_struct, not the address space: once the process has exited, prepare
 * fails with -EFAULT.
 *
 * The pins are long-term (FOLL_LONGTERM): pages in ZONE_MOVABLE or CMA are
 * migrated before they are pinned, and memory that cannot be pinned for
 * long (a file-backed shared mapping the filesystem writes back itself, on
 * kernels that refuse that) fails the prepare.
 *
 * The kernel must not write through a descriptor whose direction is Out:
 * its pages are pinned read-only and may be shared (the zero page or a
 * copy-on-write page). iodmacmd_md_write() on it copies nothing (logged),
 * and so does a bounce buffer's copy back.
 *
 * Context: process context, may sleep.
 * Return: the descriptor with one reference, ERR_PTR(-EINVAL) for a %NULL
 * or error-pointer @task or @ranges, no or empty ranges, more than
 * IODMACMD_MAX_RANGES ranges or IODMACMD_MAX_PAGES pages, a range that
 * wraps or is not user memory (access_ok() fails), a task without an
 * address space (a kernel thread, an exited process) or an unknown
 * direction; ERR_PTR(-ENOMEM) when out of memory.
 */
struct iodmacmd_md *iodmacmd_md_create_user(struct task_struct *task,
					    const struct iodmacmd_range *ranges,
					    u32 count, u32 direction)
{
	IOReturn ret;
	struct iodmacmd_md *md;

	if (iodmacmd_bad_ptr(task) || iodmacmd_bad_ptr(ranges))
		return ERR_PTR(-EINVAL);
	md = __iodmacmd_md_create_user(task, ranges, count, direction, &ret);
	return md ?: ERR_PTR(iodmacmd_errno(ret));
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_md_create_user, IODMACMD_NS);
