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
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <IOKit/IOReturn.h>

#include "iodmacmd_internal.h"

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
	{ -EREMOTEIO, kIOReturnDMAError },
	{ -ENODEV, kIOReturnNoDevice },
	{ -ENXIO, kIOReturnNoDevice },
	{ -EPERM, kIOReturnNotPermitted },
	{ -EACCES, kIOReturnNotPrivileged },
	{ -EROFS, kIOReturnNotWritable },
	{ -EBUSY, kIOReturnBusy },
	{ -EAGAIN, kIOReturnBusy },
	{ -ETIMEDOUT, kIOReturnTimeout },
	{ -EMSGSIZE, kIOReturnMessageTooLarge },
	{ -E2BIG, kIOReturnMessageTooLarge },
	{ -ERANGE, kIOReturnOverrun },
	{ -EOVERFLOW, kIOReturnOverrun },
	{ -ENODATA, kIOReturnUnderrun },
	{ -ENOLCK, kIOReturnCannotLock },
	{ -EOPNOTSUPP, kIOReturnUnsupported },
	{ -ENOTSUPP, kIOReturnUnsupported },
	{ -EINTR, kIOReturnAborted },
	{ -ERESTARTSYS, kIOReturnAborted },
	{ -ECANCELED, kIOReturnAborted },
	{ -ENOENT, kIOReturnNotFound },
	{ -EEXIST, kIOReturnStillOpen },
	{ -ENOEXEC, kIOReturnRLDError },
};

static const struct ioreturn_info *ioreturn_lookup(int ioret)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ioreturn_table); i++)
		if (ioreturn_table[i].value == ioret)
			return &ioreturn_table[i];
	return NULL;
}

/**
 * iodmacmd_ioreturn_name() - symbolic name of an IOReturn code
 * @ioret: the code
 *
 * Context: any context.
 * Return: Apple's constant name, e.g. "kIOReturnBadArgument", or
 * "kIOReturn(unknown)" for a value that is not one of IOKit's common codes.
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
 * errno, so the translation loses detail by design.
 *
 * Context: any context.
 * Return: 0 for kIOReturnSuccess, otherwise a negative errno; -EIO for an
 * unknown code, as Apple does.
 */
int iodmacmd_ioreturn_to_errno(int ioret)
{
	const struct ioreturn_info *info;

	/* Every successful call of the Linux face comes through here. */
	if (likely(ioret == kIOReturnSuccess))
		return 0;
	info = ioreturn_lookup(ioret);

	return info ? info->err : -EIO;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_ioreturn_to_errno, IODMACMD_NS);

/**
 * iodmacmd_errno_to_ioreturn() - translate a Linux errno to an IOReturn
 * @err: 0 or a negative errno, as kernel functions return them
 *
 * Context: any context.
 * Return: kIOReturnSuccess for 0, the IOReturn for a known errno,
 * kIOReturnError for any other negative value, and kIOReturnInvalid for a
 * positive value (a caller that forgot the sign: never a valid errno here).
 */
int iodmacmd_errno_to_ioreturn(int err)
{
	size_t i;

	if (err == 0)
		return kIOReturnSuccess;
	if (err > 0)
		return kIOReturnInvalid;
	for (i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (errno_table[i].err == err)
			return errno_table[i].value;
	return kIOReturnError;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_errno_to_ioreturn, IODMACMD_NS);
