// SPDX-License-Identifier: GPL-2.0
/*
 * IOReturn names, Apple's messages, and the translation to and from Linux
 * errno values.
 *
 * The IOReturn -> errno direction follows Apple's IOService::errnoFromReturn()
 * code for code, so a ported driver that hands an errno to user space keeps
 * the value it had on macOS. Three of Apple's targets do not exist on Linux
 * (EPWROFF, EDEVERR, EBADMACHO); they become -ENODEV, -EIO and -ENOEXEC.
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
 * before its table, and so does iodmacmd_ioreturn_to_errno(). The code is
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
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <IOKit/IOReturn.h>

#include "compat.h"

struct ioreturn_info {
	IOReturn value;
	const char *name;
	const char *message;
	int err;
};

#define IORETURN(value, msg, errno_value) { value, #value, msg, errno_value }

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
	IORETURN(kIOReturnUnsupported, "unsupported function", -EOPNOTSUPP),
	IORETURN(kIOReturnVMError, "virtual memory error", -EFAULT),
	IORETURN(kIOReturnInternalError, "internal driver error", -EIO),
	IORETURN(kIOReturnIOError, "I/O error", -EIO),
	IORETURN(kIOReturnCannotLock, "cannot acquire lock", -ENOLCK),
	IORETURN(kIOReturnNotOpen, "device is not open", -EACCES),
	IORETURN(kIOReturnNotReadable, "device is not readable", -EACCES),
	IORETURN(kIOReturnNotWritable, "device is not writeable", -EROFS),
	IORETURN(kIOReturnNotAligned, "alignment error", -EINVAL),
	IORETURN(kIOReturnBadMedia, "media error", -EIO),
	IORETURN(kIOReturnStillOpen, "device is still open", -EEXIST),
	IORETURN(kIOReturnRLDError, "rld failure", -ENOEXEC),
	IORETURN(kIOReturnDMAError, "DMA failure", -EIO),
	IORETURN(kIOReturnBusy, "device is busy", -EBUSY),
	IORETURN(kIOReturnTimeout, "I/O timeout", -ETIMEDOUT),
	IORETURN(kIOReturnOffline, "device is offline", -EBUSY),
	IORETURN(kIOReturnNotReady, "device is not ready", -EBUSY),
	IORETURN(kIOReturnNotAttached, "device/channel is not attached", -EACCES),
	IORETURN(kIOReturnNoChannels, "no DMA channels available", -EIO),
	IORETURN(kIOReturnNoSpace, "no space for data", -ENOSPC),
	IORETURN(kIOReturnPortExists, "device port already exists", -EEXIST),
	IORETURN(kIOReturnCannotWire, "cannot wire physical memory", -ENOMEM),
	IORETURN(kIOReturnNoInterrupt, "no interrupt attached", -EIO),
	IORETURN(kIOReturnNoFrames, "no DMA frames enqueued", -EIO),
	IORETURN(kIOReturnMessageTooLarge, "message is too large", -EMSGSIZE),
	IORETURN(kIOReturnNotPermitted, "operation is not permitted", -EPERM),
	IORETURN(kIOReturnNoPower, "device is without power", -ENODEV),
	IORETURN(kIOReturnNoMedia, "media is not present", -EIO),
	IORETURN(kIOReturnUnformattedMedia, "media is not formatted", -EIO),
	IORETURN(kIOReturnUnsupportedMode, "unsupported mode", -EIO),
	IORETURN(kIOReturnUnderrun, "data underrun", -EIO),
	IORETURN(kIOReturnOverrun, "data overrun", -EIO),
	IORETURN(kIOReturnDeviceError, "device error", -EIO),
	IORETURN(kIOReturnNoCompletion, "no completion routine", -EINVAL),
	IORETURN(kIOReturnAborted, "operation was aborted", -EBUSY),
	IORETURN(kIOReturnNoBandwidth, "bus bandwidth would be exceeded", -EIO),
	IORETURN(kIOReturnNotResponding, "device is not responding", -EBUSY),
	IORETURN(kIOReturnIsoTooOld, "isochronous I/O request for distant past", -EIO),
	IORETURN(kIOReturnIsoTooNew, "isochronous I/O request for distant future", -EIO),
	IORETURN(kIOReturnNotFound, "data was not found", -EIO),
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

/* The errno is the code: iodmacmd_errno_to_ioreturn() reads it there. */
#define UNIX_ERR(e, msg) { UNIX_ERR_BASE | (e), "unix_err(" #e ")", msg, 0 }

/* The errnos that travel as unix_err(): see the top of this file. */
static const struct ioreturn_info unix_err_table[] = {
	UNIX_ERR(EINTR, "interrupted system call"),
	UNIX_ERR(EAGAIN, "try again"),
	UNIX_ERR(EREMOTEIO, "remote I/O error"),
	UNIX_ERR(ERESTARTSYS, "interrupted, to be restarted"),
	UNIX_ERR(ERESTARTNOINTR, "interrupted, to be restarted"),
	UNIX_ERR(ERESTARTNOHAND, "interrupted, to be restarted"),
	UNIX_ERR(ERESTART_RESTARTBLOCK, "interrupted, to be restarted"),
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
 * The same text IOService::stringFromReturn() gives on macOS, so log lines
 * read as a porter knows them.
 *
 * Context: any context.
 * Return: the message, or "unknown IOReturn" for an unknown value.
 */
const char *iodmacmd_ioreturn_string(int ioret)
{
	const struct ioreturn_info *info = ioreturn_lookup(ioret);

	return info ? info->message : "unknown IOReturn";
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_ioreturn_string, IODMACMD_NS);

/**
 * iodmacmd_ioreturn_to_errno() - translate an IOReturn to a Linux errno
 * @ioret: the code
 *
 * Follows IOService::errnoFromReturn(): several IOReturn codes share one
 * errno, so the translation loses detail by design; and, as Apple's does
 * first, a unix_err(e) value gives its errno e back, which is how the
 * errnos iodmacmd_errno_to_ioreturn() cannot express as IOKit codes
 * (-EINTR, -ERESTARTSYS, -EAGAIN, -EREMOTEIO) survive the round trip.
 * -ERESTARTSYS may come back: a caller returns it from the interrupted
 * system call, never stores it for user space (see the top of ioreturn.c).
 *
 * Context: any context.
 * Return: 0 for kIOReturnSuccess, otherwise a negative errno; -e for
 * unix_err(e) with e from 1 to MAX_ERRNO; -EIO for an unknown code, as
 * Apple does, and for unix_err(0) or a code beyond MAX_ERRNO, which Apple
 * passes on but which are no Linux error.
 */
int iodmacmd_ioreturn_to_errno(int ioret)
{
	const struct ioreturn_info *info;
	u32 code;

	/* Every successful call of the Linux face comes through here. */
	if (likely(ioret == kIOReturnSuccess))
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
