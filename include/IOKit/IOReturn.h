/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOReturn for porters: Apple's type and constants with Apple's exact
 * values, so that code comparing against kIOReturn* or printing the hex
 * value behaves as on macOS.
 *
 * An IOReturn is a kern_return_t laid out as system(6) | subsystem(12) |
 * code(14); IOKit's system is 0x38 and the common subsystem is 0, hence
 * 0xE0000000 | code.
 */
#ifndef _IOKIT_IORETURN_H
#define _IOKIT_IORETURN_H

#include <iodmacmd/ioreturn.h>

typedef int kern_return_t;
typedef kern_return_t IOReturn;

#define KERN_SUCCESS			0

/*
 * <mach/error.h>: the fields of a kern_return_t, system(6) | subsystem(12)
 * | code(14), with Apple's definitions and values.
 */
#ifndef err_system
#define err_none			((kern_return_t)0)
#define ERR_SUCCESS			((kern_return_t)0)
#define err_system(x)			((int)((((unsigned int)(x)) & 0x3f) << 26))
#define err_sub(x)			(((x) & 0xfff) << 14)
#define err_get_system(err)		(((err) >> 26) & 0x3f)
#define err_get_sub(err)		(((err) >> 14) & 0xfff)
#define err_get_code(err)		((err) & 0x3fff)
#define err_max_system			0x3f
#define system_emask			(err_system(err_max_system))
#define sub_emask			(err_sub(0xfff))
#define code_emask			(0x3fff)
#endif

/* err_system(0x38), written out for the Linux face's header. */
#ifndef sys_iokit
#define sys_iokit			IODMACMD_IORETURN_SYS_IOKIT
#endif

/* IOKit's subsystems: Apple's IOReturn.h, the same values. */
#define sub_iokit_common		err_sub(0)
#define sub_iokit_usb			err_sub(1)
#define sub_iokit_firewire		err_sub(2)
#define sub_iokit_block_storage		err_sub(4)
#define sub_iokit_graphics		err_sub(5)
#define sub_iokit_networking		err_sub(6)
#define sub_iokit_bluetooth		err_sub(8)
#define sub_iokit_pmu			err_sub(9)
#define sub_iokit_acpi			err_sub(10)
#define sub_iokit_smbus			err_sub(11)
#define sub_iokit_ahci			err_sub(12)
#define sub_iokit_powermanagement	err_sub(13)
#define sub_iokit_hidsystem		err_sub(14)
#define sub_iokit_scsi			err_sub(16)
#define sub_iokit_usbaudio		err_sub(17)
#define sub_iokit_wirelesscharging	err_sub(18)
#define sub_iokit_nvme			err_sub(28)	/* PRIVATE in xnu */
#define sub_iokit_thunderbolt		err_sub(29)
#define sub_iokit_graphics_acceleration	err_sub(30)
#define sub_iokit_keystore		err_sub(31)
#define sub_iokit_smc			err_sub(32)	/* PRIVATE in xnu */
#define sub_iokit_apfs			err_sub(33)
#define sub_iokit_acpiec		err_sub(34)
#define sub_iokit_timesync_avb		err_sub(35)
#define sub_iokit_platform		err_sub(0x2A)
#define sub_iokit_audio_video		err_sub(0x45)
#define sub_iokit_cec			err_sub(0x46)
#define sub_iokit_arc			err_sub(0x47)
#define sub_iokit_baseband		err_sub(0x80)
#define sub_iokit_HDA			err_sub(0xFE)
#define sub_iokit_hsic			err_sub(0x147)
#define sub_iokit_sdio			err_sub(0x174)
#define sub_iokit_wlan			err_sub(0x208)
#define sub_iokit_appleembeddedsleepwakehandler	err_sub(0x209)
#define sub_iokit_appleppm		err_sub(0x20A)
#define sub_iokit_vendor_specific	err_sub(-2)
#define sub_iokit_reserved		err_sub(-1)

#define iokit_common_err(code)		((IOReturn)(sys_iokit | sub_iokit_common | (code)))
#define iokit_family_err(sub, code)	((IOReturn)(sys_iokit | (sub) | (code)))
#define iokit_vendor_specific_err(code)	((IOReturn)(sys_iokit | sub_iokit_vendor_specific | (code)))

#define kIOReturnSuccess		KERN_SUCCESS
#define kIOReturnError			iokit_common_err(0x2bc)
#define kIOReturnNoMemory		iokit_common_err(0x2bd)
#define kIOReturnNoResources		iokit_common_err(0x2be)
#define kIOReturnIPCError		iokit_common_err(0x2bf)
#define kIOReturnNoDevice		iokit_common_err(0x2c0)
#define kIOReturnNotPrivileged		iokit_common_err(0x2c1)
#define kIOReturnBadArgument		iokit_common_err(0x2c2)
#define kIOReturnLockedRead		iokit_common_err(0x2c3)
#define kIOReturnLockedWrite		iokit_common_err(0x2c4)
#define kIOReturnExclusiveAccess	iokit_common_err(0x2c5)
#define kIOReturnBadMessageID		iokit_common_err(0x2c6)
#define kIOReturnUnsupported		iokit_common_err(0x2c7)
#define kIOReturnVMError		iokit_common_err(0x2c8)
#define kIOReturnInternalError		iokit_common_err(0x2c9)
#define kIOReturnIOError		iokit_common_err(0x2ca)
#define kIOReturnCannotLock		iokit_common_err(0x2cc)
#define kIOReturnNotOpen		iokit_common_err(0x2cd)
#define kIOReturnNotReadable		iokit_common_err(0x2ce)
#define kIOReturnNotWritable		iokit_common_err(0x2cf)
#define kIOReturnNotAligned		iokit_common_err(0x2d0)
#define kIOReturnBadMedia		iokit_common_err(0x2d1)
#define kIOReturnStillOpen		iokit_common_err(0x2d2)
#define kIOReturnRLDError		iokit_common_err(0x2d3)
#define kIOReturnDMAError		iokit_common_err(0x2d4)
#define kIOReturnBusy			iokit_common_err(0x2d5)
#define kIOReturnTimeout		iokit_common_err(0x2d6)
#define kIOReturnOffline		iokit_common_err(0x2d7)
#define kIOReturnNotReady		iokit_common_err(0x2d8)
#define kIOReturnNotAttached		iokit_common_err(0x2d9)
#define kIOReturnNoChannels		iokit_common_err(0x2da)
#define kIOReturnNoSpace		iokit_common_err(0x2db)
#define kIOReturnPortExists		iokit_common_err(0x2dd)
#define kIOReturnCannotWire		iokit_common_err(0x2de)
#define kIOReturnNoInterrupt		iokit_common_err(0x2df)
#define kIOReturnNoFrames		iokit_common_err(0x2e0)
#define kIOReturnMessageTooLarge	iokit_common_err(0x2e1)
#define kIOReturnNotPermitted		iokit_common_err(0x2e2)
#define kIOReturnNoPower		iokit_common_err(0x2e3)
#define kIOReturnNoMedia		iokit_common_err(0x2e4)
#define kIOReturnUnformattedMedia	iokit_common_err(0x2e5)
#define kIOReturnUnsupportedMode	iokit_common_err(0x2e6)
#define kIOReturnUnderrun		iokit_common_err(0x2e7)
#define kIOReturnOverrun		iokit_common_err(0x2e8)
#define kIOReturnDeviceError		iokit_common_err(0x2e9)
#define kIOReturnNoCompletion		iokit_common_err(0x2ea)
#define kIOReturnAborted		iokit_common_err(0x2eb)
#define kIOReturnNoBandwidth		iokit_common_err(0x2ec)
#define kIOReturnNotResponding		iokit_common_err(0x2ed)
#define kIOReturnIsoTooOld		iokit_common_err(0x2ee)
#define kIOReturnIsoTooNew		iokit_common_err(0x2ef)
#define kIOReturnNotFound		iokit_common_err(0x2f0)
#define kIOReturnInvalid		iokit_common_err(0x1)

/*
 * IOService::stringFromReturn(): Apple's message for @rtn, or, for a value
 * Apple has none for (kIOReturnIsoTooOld, IsoTooNew, NotFound, a family's
 * code, any other value), Apple's "0x%x (UNDEFINED)", e.g.
 * "0xe00002f0 (UNDEFINED)". Apple prints that into one static buffer; here
 * the string is never overwritten nor freed while iodmacmd.ko is loaded,
 * so the pointer may be kept, and any context may call (see
 * iodmacmd_ioreturn_string() for the one limit: 256 distinct UNDEFINED
 * values).
 */
#define IOServiceStringFromReturn(rtn)	iodmacmd_ioreturn_string(rtn)
/*
 * Mach's unix_err(): a Unix error carried in a kern_return_t. iodmacmd
 * carries the Linux errnos no IOKit code brings back this way (EINTR,
 * ERESTARTSYS, EAGAIN, EREMOTEIO); the code is the Linux value.
 */
#ifndef unix_err
#define unix_err(err)			((kern_return_t)(0x0000c000 | (err)))
#endif

/*
 * IOService::errnoFromReturn(): Apple's table code for code, positive like
 * Apple's, with Linux's errno numbers (ETIMEDOUT is 110, not Darwin's 60).
 * The only differences are where Linux has no errno of Apple's name:
 *
 *   kIOReturnNoPower     EPWROFF   -> ENODEV
 *   kIOReturnDeviceError EDEVERR   -> EIO
 *   kIOReturnRLDError    EBADMACHO -> ENOEXEC
 *   kIOReturnUnsupported ENOTSUP   -> EOPNOTSUPP (Linux's ENOTSUP)
 *
 * and, as Apple's does first, unix_err(e) gives e; but unix_err(0) and an
 * e above MAX_ERRNO (4095) give EIO, where Apple returns e: 0 would read
 * as success, and no Linux errno is that large. e can be ERESTARTSYS
 * (512), the kernel's own: return it negated from the interrupted system
 * call only, never store it where user space reads it.
 */
#define IOServiceErrnoFromReturn(rtn)	(-iodmacmd_ioreturn_to_errno(rtn))

#endif /* _IOKIT_IORETURN_H */
