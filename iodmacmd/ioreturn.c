// SPDX-License-Identifier: GPL-2.0
/*
 * IOReturn names, Apple's messages, and the translation to and from Linux
 * errno values.
 *
 * The IOReturn -> errno direction is IOService::errnoFromReturn()'s table
 * (xnu-4903 to xnu-11417 have the same one) code for code, so a ported
 * driver that hands an errno to user space keeps the meaning it had on
 * macOS. The numbers are Linux's (ETIMEDOUT is 110 here, 60 on Darwin).
 * Where Linux has no errno of Apple's name, the closest one stands in:
 *
 *   kIOReturnNoPower     EPWROFF   -> -ENODEV
 *   kIOReturnDeviceError EDEVERR   -> -EIO
 *   kIOReturnRLDError    EBADMACHO -> -ENOEXEC
 *   kIOReturnUnsupported ENOTSUP   -> -EOPNOTSUPP (the kernel has no ENOTSUP
 *                                     name; Linux user space's ENOTSUP is
 *                                     this number)
 *
 * The errno -> IOReturn direction covers what the kernel's DMA, memory and
 * pinning calls return, so a failure deep in Linux surfaces as the IOReturn
 * a macOS driver would expect for the same cause.
 *
 * The core speaks IOReturn and the Linux face converts back, so an errno
 * from below must survive errno -> IOReturn -> errno where callers act on
 * its exact value: -EINTR and -ERESTARTSYS (a signal stopped the call: the
 * system call must return them for the kernel to restart it or report
 * EINTR), -EAGAIN (try again), -EREMOTEIO (peer-to-peer memory this device
 * cannot reach). No IOKit code brings them back (errnoFromReturn() turns
 * kIOReturnAborted into EBUSY and kIOReturnDMAError into EIO), so they
 * travel as Mach's own encoding of a Unix error in a kern_return_t,
 * unix_err(errno) of <mach/error.h>: system 0, subsystem 3, the errno as
 * the code. errnoFromReturn() returns the code of such a value unchanged,
 * before its table, and so does iodmacmd_ioreturn_to_errno(), except for
 * unix_err(0) and codes above MAX_ERRNO, which are no Linux error (Apple
 * would return 0, "no error", for a failure, or a number IS_ERR() does
 * not recognise): they give -EIO, Apple's default. The code is
 * the Linux errno, which is not always Darwin's (EAGAIN is 11 here, 35
 * there): a ported driver compares the value with a unix_err() of its own
 * only through iodmacmd_errno_to_ioreturn().
 *
 * -ERESTARTSYS and the other restart codes are the kernel's private
 * values: they must reach user space only as the return of the system call
 * that was interrupted, where the signal code turns them into a restart or
 * -EINTR. A driver that stores a translated status for user space to read
 * later (a completion record, an ioctl's output field) must store -EINTR
 * in their place.
 *
 * Messages are IOService::stringFromReturn()'s. Apple has text for 50 of
 * the 53 codes (none for kIOReturnIsoTooOld, IsoTooNew and NotFound); for
 * any value without text IOFindNameForValue() prints "0x%x (UNDEFINED)"
 * into one static buffer, which the next call overwrites. Here that text
 * is written once per value into a slot of a fixed pool and never changed
 * nor freed while the module is loaded, so the pointer may be kept and
 * the call is safe on any CPU in any context; see
 * iodmacmd_ioreturn_string().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <IOKit/IOReturn.h>

#include "compat.h"

struct ioreturn_info {
	IOReturn value;
	const char *name;
	const char *message;	/* NULL: Apple has none, "0x%x (UNDEFINED)" */
	int err;
};

#define IORETURN(value, msg, errno_value) { value, #value, msg, errno_value }

/* Messages: IOService::stringFromReturn(); errnos: errnoFromReturn(). */
static const struct ioreturn_info ioreturn_table[] = {
	IORETURN(kIOReturnSuccess, "success", 0),
	IORETURN(kIOReturnError, "general error", -EIO),
	IORETURN(kIOReturnNoMemory, "memory allocation error", -ENOMEM),
	IORETURN(kIOReturnNoResources, "resource shortage", -ENOMEM),
	IORETURN(kIOReturnIPCError, "Mach IPC failure", -EIO),
	IORETURN(kIOReturnNoDevice, "no such device", -ENXIO),
	IORETURN(kIOReturnNotPrivileged, "privilege violation", -EACCES),
	IORETURN(kIOReturnBadArgument, "invalid argument", -EINVAL),
	IORETURN(kIOReturnLockedRead, "device is read locked", -EACCES),
	IORETURN(kIOReturnLockedWrite, "device is write locked", -EACCES),
	IORETURN(kIOReturnExclusiveAccess, "device is exclusive access", -EACCES),
	IORETURN(kIOReturnBadMessageID, "bad IPC message ID", -EINVAL),
	/* Apple: ENOTSUP, which is EOPNOTSUPP on Linux. */
	IORETURN(kIOReturnUnsupported, "unsupported function", -EOPNOTSUPP),
	IORETURN(kIOReturnVMError, "virtual memory error", -EFAULT),
	IORETURN(kIOReturnInternalError, "internal driver error", -EIO),
	IORETURN(kIOReturnIOError, "I/O error", -EIO),
	IORETURN(kIOReturnCannotLock, "cannot acquire lock", -ENOLCK),
	IORETURN(kIOReturnNotOpen, "device is not open", -EACCES),
	IORETURN(kIOReturnNotReadable, "device is not readable", -EACCES),
	IORETURN(kIOReturnNotWritable, "device is not writeable", -EROFS),
	IORETURN(kIOReturnNotAligned, "alignment error", -EINVAL),
	IORETURN(kIOReturnBadMedia, "media error", -ENXIO),
	IORETURN(kIOReturnStillOpen, "device is still open", -EEXIST),
	/* Apple: EBADMACHO, which Linux lacks. */
	IORETURN(kIOReturnRLDError, "rld failure", -ENOEXEC),
	IORETURN(kIOReturnDMAError, "DMA failure", -EIO),
	IORETURN(kIOReturnBusy, "device is busy", -EBUSY),
	IORETURN(kIOReturnTimeout, "I/O timeout", -ETIMEDOUT),
	IORETURN(kIOReturnOffline, "device is offline", -EBUSY),
	IORETURN(kIOReturnNotReady, "device is not ready", -EBUSY),
	IORETURN(kIOReturnNotAttached, "device/channel is not attached", -ENXIO),
	IORETURN(kIOReturnNoChannels, "no DMA channels available", -EIO),
	IORETURN(kIOReturnNoSpace, "no space for data", -ENOSPC),
	IORETURN(kIOReturnPortExists, "device port already exists", -EEXIST),
	IORETURN(kIOReturnCannotWire, "cannot wire physical memory", -ENOMEM),
	IORETURN(kIOReturnNoInterrupt, "no interrupt attached", -EIO),
	IORETURN(kIOReturnNoFrames, "no DMA frames enqueued", -EIO),
	IORETURN(kIOReturnMessageTooLarge, "message is too large", -EMSGSIZE),
	IORETURN(kIOReturnNotPermitted, "operation is not permitted", -EPERM),
	/* Apple: EPWROFF, which Linux lacks. */
	IORETURN(kIOReturnNoPower, "device is without power", -ENODEV),
	IORETURN(kIOReturnNoMedia, "media is not present", -ENXIO),
	IORETURN(kIOReturnUnformattedMedia, "media is not formatted", -ENXIO),
	IORETURN(kIOReturnUnsupportedMode, "unsupported mode", -EIO),
	IORETURN(kIOReturnUnderrun, "data underrun", -EIO),
	IORETURN(kIOReturnOverrun, "data overrun", -EIO),
	/* Apple: EDEVERR, which Linux lacks. */
	IORETURN(kIOReturnDeviceError, "device error", -EIO),
	IORETURN(kIOReturnNoCompletion, "no completion routine", -EINVAL),
	IORETURN(kIOReturnAborted, "operation was aborted", -EBUSY),
	IORETURN(kIOReturnNoBandwidth, "bus bandwidth would be exceeded", -EIO),
	IORETURN(kIOReturnNotResponding, "device is not responding", -EBUSY),
	IORETURN(kIOReturnIsoTooOld, NULL, -EIO),
	IORETURN(kIOReturnIsoTooNew, NULL, -EIO),
	IORETURN(kIOReturnNotFound, NULL, -EIO),
	IORETURN(kIOReturnInvalid, "unanticipated driver error", -EIO),
};

/* Linux errno -> the IOReturn a macOS driver sees for the same cause. */
static const struct {
	int err;
	IOReturn value;
} errno_table[] = {
	{ -ENOMEM, kIOReturnNoMemory },
	{ -ENOBUFS, kIOReturnNoResources },
	{ -ENOSPC, kIOReturnNoSpace },
	{ -EINVAL, kIOReturnBadArgument },
	{ -EFAULT, kIOReturnVMError },
	{ -EIO, kIOReturnIOError },
	{ -ENODEV, kIOReturnNoDevice },
	{ -ENXIO, kIOReturnNoDevice },
	{ -EPERM, kIOReturnNotPermitted },
	{ -EACCES, kIOReturnNotPrivileged },
	{ -EROFS, kIOReturnNotWritable },
	{ -EBUSY, kIOReturnBusy },
	{ -ETIMEDOUT, kIOReturnTimeout },
	{ -EMSGSIZE, kIOReturnMessageTooLarge },
	{ -E2BIG, kIOReturnMessageTooLarge },
	{ -ERANGE, kIOReturnOverrun },
	{ -EOVERFLOW, kIOReturnOverrun },
	{ -ENODATA, kIOReturnUnderrun },
	{ -ENOLCK, kIOReturnCannotLock },
	{ -EOPNOTSUPP, kIOReturnUnsupported },
	{ -ENOTSUPP, kIOReturnUnsupported },
	{ -ECANCELED, kIOReturnAborted },
	{ -ENOENT, kIOReturnNotFound },
	{ -EEXIST, kIOReturnStillOpen },
	{ -ENOEXEC, kIOReturnRLDError },
};

/*
 * unix_err(e) of <mach/error.h>: err_kern (system 0) | err_sub(3) | e, the
 * code being the low 14 bits (err_get_code()).
 */
#define UNIX_ERR_BASE	0x0000c000u
#define UNIX_ERR_CODE	0x00003fffu

static bool is_unix_err(int ioret)
{
	return ((u32)ioret & ~UNIX_ERR_CODE) == UNIX_ERR_BASE;
}

/*
 * The errno is the code: iodmacmd_errno_to_ioreturn() reads it there.
 * Apple has no message for them: they print as "0x%x (UNDEFINED)".
 */
#define UNIX_ERR(e) { UNIX_ERR_BASE | (e), "unix_err(" #e ")", NULL, 0 }

/* The errnos that travel as unix_err(): see the top of this file. */
static const struct ioreturn_info unix_err_table[] = {
	UNIX_ERR(EINTR),
	UNIX_ERR(EAGAIN),
	UNIX_ERR(EREMOTEIO),
	UNIX_ERR(ERESTARTSYS),
	UNIX_ERR(ERESTARTNOINTR),
	UNIX_ERR(ERESTARTNOHAND),
	UNIX_ERR(ERESTART_RESTARTBLOCK),
};

static const struct ioreturn_info *ioreturn_lookup(int ioret)
{
	const struct ioreturn_info *table = ioreturn_table;
	size_t i, n = ARRAY_SIZE(ioreturn_table);

	if (is_unix_err(ioret)) {
		table = unix_err_table;
		n = ARRAY_SIZE(unix_err_table);
	}
	for (i = 0; i < n; i++)
		if (table[i].value == ioret)
			return &table[i];
	return NULL;
}

/*
 * Apple's text for a value without a message, IOFindNameForValue()'s
 * "0x%x" of the value as an int, kept in a pool of slots that are written
 * once and never reused. A caller claims a free slot with the counter,
 * writes the text, then publishes it by storing the value with release
 * semantics; a reader loads the value with acquire semantics before it
 * trusts the text. No lock, so any context (hard IRQ, NMI) may call. A
 * value without text is never 0 (kIOReturnSuccess has one), so 0 marks a
 * slot claimed but not yet published. Two callers racing on the same new
 * value may fill two slots with the same text: harmless.
 */
#define IORETURN_UNDEFINED_FMT		"0x%x (UNDEFINED)"
#define IORETURN_UNDEFINED_SLOTS	256
/* Once every slot is taken: the text with the value left out. */
#define IORETURN_UNDEFINED_FULL		"IOReturn (UNDEFINED)"

struct ioreturn_undefined {
	IOReturn value;
	char text[sizeof("0xffffffff (UNDEFINED)")];
};

static struct ioreturn_undefined ioreturn_undefined[IORETURN_UNDEFINED_SLOTS];
static atomic_t ioreturn_undefined_used = ATOMIC_INIT(0);

static const char *ioreturn_undefined_text(int ioret)
{
	struct ioreturn_undefined *slot;
	int i, n;

	n = min(atomic_read(&ioreturn_undefined_used), IORETURN_UNDEFINED_SLOTS);
	for (i = 0; i < n; i++)
		/* Pairs with the release below: the text is there once the value is. */
		if (smp_load_acquire(&ioreturn_undefined[i].value) == ioret)
			return ioreturn_undefined[i].text;

	i = atomic_fetch_add_unless(&ioreturn_undefined_used, 1, IORETURN_UNDEFINED_SLOTS);
	if (i >= IORETURN_UNDEFINED_SLOTS) {
		pr_warn_once("more than %d IOReturn values without a message: 0x%x and later new ones print as \"%s\"\n",
			     IORETURN_UNDEFINED_SLOTS, (u32)ioret, IORETURN_UNDEFINED_FULL);
		return IORETURN_UNDEFINED_FULL;
	}
	slot = &ioreturn_undefined[i];
	snprintf(slot->text, sizeof(slot->text), IORETURN_UNDEFINED_FMT, (u32)ioret);
	/* Publish: a reader that sees the value sees the whole text. */
	smp_store_release(&slot->value, ioret);
	return slot->text;
}

/**
 * iodmacmd_ioreturn_name() - symbolic name of an IOReturn code
 * @ioret: the code
 *
 * Context: any context.
 * Return: Apple's constant name, e.g. "kIOReturnBadArgument"; for an errno
 * carried as unix_err() (see iodmacmd_errno_to_ioreturn()) its spelling,
 * e.g. "unix_err(EINTR)"; or "kIOReturn(unknown)" for any other value.
 */
const char *iodmacmd_ioreturn_name(int ioret)
{
	const struct ioreturn_info *info = ioreturn_lookup(ioret);

	return info ? info->name : "kIOReturn(unknown)";
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_ioreturn_name, IODMACMD_NS);

/**
 * iodmacmd_ioreturn_string() - Apple's message for an IOReturn code
 * @ioret: the code
 *
 * The text IOService::stringFromReturn() gives on macOS, so log lines read
 * as a porter knows them: Apple's message for the 50 codes that have one,
 * otherwise "0x%x (UNDEFINED)" with @ioret as an unsigned hex number, e.g.
 * "0xe00002f0 (UNDEFINED)" for kIOReturnNotFound and "0xc004 (UNDEFINED)"
 * for unix_err(EINTR), as Apple's IOFindNameForValue() prints it.
 *
 * Unlike Apple's, whose UNDEFINED text lives in one static buffer that the
 * next call on any CPU overwrites, the text returned here is never changed
 * nor freed while iodmacmd.ko is loaded: a caller may keep the pointer and
 * read it later, and calls may run concurrently on every CPU. The UNDEFINED
 * texts are written once per value into a pool of 256 slots; when more than
 * 256 distinct values without a message have been asked for since the
 * module was loaded, a further new one gives "IOReturn (UNDEFINED)" (and a
 * warning, once).
 *
 * Context: any context, hard IRQ and NMI included: no lock, no allocation.
 * Return: a NUL-terminated string, never NULL.
 */
const char *iodmacmd_ioreturn_string(int ioret)
{
	const struct ioreturn_info *info = ioreturn_lookup(ioret);

	if (info && info->message)
		return info->message;
	return ioreturn_undefined_text(ioret);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_ioreturn_string, IODMACMD_NS);

/**
 * iodmacmd_ioreturn_to_errno() - translate an IOReturn to a Linux errno
 * @ioret: the code
 *
 * IOService::errnoFromReturn()'s table, negated, with the substitutions
 * listed at the top of ioreturn.c for the errnos Linux lacks (EPWROFF,
 * EDEVERR, EBADMACHO). Several IOReturn codes share one errno, so the
 * translation loses detail by design. As Apple's does first, a
 * unix_err(e) value gives its errno e back, which is how the errnos
 * iodmacmd_errno_to_ioreturn() cannot express as IOKit codes (-EINTR,
 * -ERESTARTSYS, -EAGAIN, -EREMOTEIO) survive the round trip.
 * -ERESTARTSYS may come back: a caller returns it from the interrupted
 * system call, never stores it for user space (see the top of ioreturn.c).
 *
 * Context: any context.
 * Return: 0 for kIOReturnSuccess, otherwise a negative errno (never 0, and
 * always one IS_ERR_VALUE() accepts, so ERR_PTR() of it is an error
 * pointer); -e for unix_err(e) with e from 1 to MAX_ERRNO; -EIO for an
 * unknown code, as Apple does, and for unix_err(0) or a code beyond
 * MAX_ERRNO, where Apple returns the code (0 would say "no error").
 */
int iodmacmd_ioreturn_to_errno(int ioret)
{
	const struct ioreturn_info *info;
	u32 code;

	if (ioret == kIOReturnSuccess)
		return 0;
	if (is_unix_err(ioret)) {
		code = (u32)ioret & UNIX_ERR_CODE;
		return code && code <= MAX_ERRNO ? -(int)code : -EIO;
	}
	info = ioreturn_lookup(ioret);

	return info ? info->err : -EIO;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_ioreturn_to_errno, IODMACMD_NS);

/**
 * iodmacmd_errno_to_ioreturn() - translate a Linux errno to an IOReturn
 * @err: 0 or a negative errno, as kernel functions return them
 *
 * An errno with an IOKit counterpart becomes that code (-ENOMEM is
 * kIOReturnNoMemory). One whose exact value callers act on and that no
 * IOKit code carries back (-EINTR, -ERESTARTSYS and the other restart
 * codes, -EAGAIN, -EREMOTEIO) becomes unix_err(-@err), which
 * iodmacmd_ioreturn_to_errno() and IOService::errnoFromReturn() turn back
 * into the same errno.
 *
 * Context: any context.
 * Return: kIOReturnSuccess for 0, the IOReturn for a known errno,
 * unix_err(-@err) for the errnos above, kIOReturnError for any other
 * negative value, and kIOReturnInvalid for a positive value (a caller that
 * forgot the sign: never a valid errno here).
 */
int iodmacmd_errno_to_ioreturn(int err)
{
	size_t i;

	if (err == 0)
		return kIOReturnSuccess;
	if (err > 0)
		return kIOReturnInvalid;
	for (i = 0; i < ARRAY_SIZE(unix_err_table); i++)
		if ((u32)-err == ((u32)unix_err_table[i].value & UNIX_ERR_CODE))
			return unix_err_table[i].value;
	for (i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (errno_table[i].err == err)
			return errno_table[i].value;
	return kIOReturnError;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_errno_to_ioreturn, IODMACMD_NS);
