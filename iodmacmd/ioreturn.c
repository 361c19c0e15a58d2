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

#define IORETURN(code, msg, errno_value) \
	{ kIOReturn##code, "kIOReturn" #code, msg, errno_value }

static const struct ioreturn_info ioreturn_table[] = {
	IORETURN(Success, "success", 0),
	IORETURN(Error, "general error", -EIO),
	IORETURN(NoMemory, "memory allocation error", -ENOMEM),
	IORETURN(NoResources, "resource shortage", -ENOMEM),
	IORETURN(IPCError, "Mach IPC failure", -EIO),
	IORETURN(NoDevice, "no such device", -ENXIO),
	IORETURN(NotPrivileged, "privilege violation", -EACCES),
	IORETURN(BadArgument, "invalid argument", -EINVAL),
	IORETURN(LockedRead, "device is read locked", -EACCES),
	IORETURN(LockedWrite, "device is write locked", -EACCES),
	IORETURN(ExclusiveAccess, "device is exclusive access", -EACCES),
	IORETURN(BadMessageID, "bad IPC message ID", -EINVAL),
	IORETURN(Unsupported, "unsupported function", -EOPNOTSUPP),
	IORETURN(VMError, "virtual memory error", -EFAULT),
	IORETURN(InternalError, "internal driver error", -EIO),
	IORETURN(IOError, "I/O error", -EIO),
	IORETURN(CannotLock, "cannot acquire lock", -ENOLCK),
	IORETURN(NotOpen, "device is not open", -EACCES),
	IORETURN(NotReadable, "device is not readable", -EACCES),
	IORETURN(NotWritable, "device is not writeable", -EROFS),
	IORETURN(NotAligned, "alignment error", -EINVAL),
	IORETURN(BadMedia, "media error", -EIO),
	IORETURN(StillOpen, "device is still open", -EEXIST),
	IORETURN(RLDError, "rld failure", -ENOEXEC),
	IORETURN(DMAError, "DMA failure", -EIO),
	IORETURN(Busy, "device is busy", -EBUSY),
	IORETURN(Timeout, "I/O timeout", -ETIMEDOUT),
	IORETURN(Offline, "device is offline", -EBUSY),
	IORETURN(NotReady, "device is not ready", -EBUSY),
	IORETURN(NotAttached, "device/channel is not attached", -EACCES),
	IORETURN(NoChannels, "no DMA channels available", -EIO),
	IORETURN(NoSpace, "no space for data", -ENOSPC),
	IORETURN(PortExists, "device port already exists", -EEXIST),
	IORETURN(CannotWire, "cannot wire physical memory", -ENOMEM),
	IORETURN(NoInterrupt, "no interrupt attached", -EIO),
	IORETURN(NoFrames, "no DMA frames enqueued", -EIO),
	IORETURN(MessageTooLarge, "message is too large", -EMSGSIZE),
	IORETURN(NotPermitted, "operation is not permitted", -EPERM),
	IORETURN(NoPower, "device is without power", -ENODEV),
	IORETURN(NoMedia, "media is not present", -EIO),
	IORETURN(UnformattedMedia, "media is not formatted", -EIO),
	IORETURN(UnsupportedMode, "unsupported mode", -EIO),
	IORETURN(Underrun, "data underrun", -EIO),
	IORETURN(Overrun, "data overrun", -EIO),
	IORETURN(DeviceError, "device error", -EIO),
	IORETURN(NoCompletion, "no completion routine", -EINVAL),
	IORETURN(Aborted, "operation was aborted", -EBUSY),
	IORETURN(NoBandwidth, "bus bandwidth would be exceeded", -EIO),
	IORETURN(NotResponding, "device is not responding", -EBUSY),
	IORETURN(IsoTooOld, "isochronous I/O request for distant past", -EIO),
	IORETURN(IsoTooNew, "isochronous I/O request for distant future", -EIO),
	IORETURN(NotFound, "data was not found", -EIO),
	IORETURN(Invalid, "unanticipated driver error", -EIO),
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
	{ -ENOSYS, kIOReturnUnsupported },
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
IODMACMD_EXPORT(iodmacmd_ioreturn_name);

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
IODMACMD_EXPORT(iodmacmd_ioreturn_string);

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
	const struct ioreturn_info *info = ioreturn_lookup(ioret);

	return info ? info->err : -EIO;
}
IODMACMD_EXPORT(iodmacmd_ioreturn_to_errno);

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
IODMACMD_EXPORT(iodmacmd_errno_to_ioreturn);
