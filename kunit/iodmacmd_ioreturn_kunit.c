// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for IOReturn: Apple's exact values, their names and messages,
 * the translation to and from Linux errno values, and the other constants
 * and types of IOReturn.h and IOTypes.h.
 *
 * The expected values are written out here from Apple's sources (xnu's
 * iokit/IOKit/IOReturn.h, iokit/Kernel/IOService.cpp errnoFromReturn() and
 * stringFromReturn(), IOLib.cpp IOFindNameForValue(), libkern/OSTypes.h)
 * rather than derived from our headers, so a typo on either side fails a
 * case.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <IOKit/IOReturn.h>
#include <IOKit/IOTypes.h>
#include <iodmacmd/iodmacmd.h>

struct ioreturn_case {
	IOReturn value;
	u32 expected;
	const char *name;
	const char *message;	/* IOService::stringFromReturn() */
	int err;		/* IOService::errnoFromReturn(), positive */
};

/*
 * All 53 codes of Apple's IOReturn.h. The errnos are Apple's, with Linux's
 * numbers; where Linux has no errno of Apple's name the comment gives
 * Apple's and the entry the documented stand-in. Apple has no message for
 * IsoTooOld, IsoTooNew and NotFound: IOFindNameForValue() prints
 * "0x%x (UNDEFINED)".
 */
static const struct ioreturn_case ioreturn_cases[] = {
	{ kIOReturnSuccess, 0x0, "kIOReturnSuccess",
	  "success", 0 },
	{ kIOReturnError, 0xE00002BC, "kIOReturnError",
	  "general error", EIO },
	{ kIOReturnNoMemory, 0xE00002BD, "kIOReturnNoMemory",
	  "memory allocation error", ENOMEM },
	{ kIOReturnNoResources, 0xE00002BE, "kIOReturnNoResources",
	  "resource shortage", ENOMEM },
	{ kIOReturnIPCError, 0xE00002BF, "kIOReturnIPCError",
	  "Mach IPC failure", EIO },
	{ kIOReturnNoDevice, 0xE00002C0, "kIOReturnNoDevice",
	  "no such device", ENXIO },
	{ kIOReturnNotPrivileged, 0xE00002C1, "kIOReturnNotPrivileged",
	  "privilege violation", EACCES },
	{ kIOReturnBadArgument, 0xE00002C2, "kIOReturnBadArgument",
	  "invalid argument", EINVAL },
	{ kIOReturnLockedRead, 0xE00002C3, "kIOReturnLockedRead",
	  "device is read locked", EACCES },
	{ kIOReturnLockedWrite, 0xE00002C4, "kIOReturnLockedWrite",
	  "device is write locked", EACCES },
	{ kIOReturnExclusiveAccess, 0xE00002C5, "kIOReturnExclusiveAccess",
	  "device is exclusive access", EACCES },
	{ kIOReturnBadMessageID, 0xE00002C6, "kIOReturnBadMessageID",
	  "bad IPC message ID", EINVAL },
	{ kIOReturnUnsupported, 0xE00002C7, "kIOReturnUnsupported",
	  "unsupported function", EOPNOTSUPP }, /* Apple: ENOTSUP */
	{ kIOReturnVMError, 0xE00002C8, "kIOReturnVMError",
	  "virtual memory error", EFAULT },
	{ kIOReturnInternalError, 0xE00002C9, "kIOReturnInternalError",
	  "internal driver error", EIO },
	{ kIOReturnIOError, 0xE00002CA, "kIOReturnIOError",
	  "I/O error", EIO },
	{ kIOReturnCannotLock, 0xE00002CC, "kIOReturnCannotLock",
	  "cannot acquire lock", ENOLCK },
	{ kIOReturnNotOpen, 0xE00002CD, "kIOReturnNotOpen",
	  "device is not open", EACCES },
	{ kIOReturnNotReadable, 0xE00002CE, "kIOReturnNotReadable",
	  "device is not readable", EACCES },
	{ kIOReturnNotWritable, 0xE00002CF, "kIOReturnNotWritable",
	  "device is not writeable", EROFS },
	{ kIOReturnNotAligned, 0xE00002D0, "kIOReturnNotAligned",
	  "alignment error", EINVAL },
	{ kIOReturnBadMedia, 0xE00002D1, "kIOReturnBadMedia",
	  "media error", ENXIO },
	{ kIOReturnStillOpen, 0xE00002D2, "kIOReturnStillOpen",
	  "device is still open", EEXIST },
	{ kIOReturnRLDError, 0xE00002D3, "kIOReturnRLDError",
	  "rld failure", ENOEXEC }, /* Apple: EBADMACHO */
	{ kIOReturnDMAError, 0xE00002D4, "kIOReturnDMAError",
	  "DMA failure", EIO },
	{ kIOReturnBusy, 0xE00002D5, "kIOReturnBusy",
	  "device is busy", EBUSY },
	{ kIOReturnTimeout, 0xE00002D6, "kIOReturnTimeout",
	  "I/O timeout", ETIMEDOUT },
	{ kIOReturnOffline, 0xE00002D7, "kIOReturnOffline",
	  "device is offline", EBUSY },
	{ kIOReturnNotReady, 0xE00002D8, "kIOReturnNotReady",
	  "device is not ready", EBUSY },
	{ kIOReturnNotAttached, 0xE00002D9, "kIOReturnNotAttached",
	  "device/channel is not attached", ENXIO },
	{ kIOReturnNoChannels, 0xE00002DA, "kIOReturnNoChannels",
	  "no DMA channels available", EIO },
	{ kIOReturnNoSpace, 0xE00002DB, "kIOReturnNoSpace",
	  "no space for data", ENOSPC },
	{ kIOReturnPortExists, 0xE00002DD, "kIOReturnPortExists",
	  "device port already exists", EEXIST },
	{ kIOReturnCannotWire, 0xE00002DE, "kIOReturnCannotWire",
	  "cannot wire physical memory", ENOMEM },
	{ kIOReturnNoInterrupt, 0xE00002DF, "kIOReturnNoInterrupt",
	  "no interrupt attached", EIO },
	{ kIOReturnNoFrames, 0xE00002E0, "kIOReturnNoFrames",
	  "no DMA frames enqueued", EIO },
	{ kIOReturnMessageTooLarge, 0xE00002E1, "kIOReturnMessageTooLarge",
	  "message is too large", EMSGSIZE },
	{ kIOReturnNotPermitted, 0xE00002E2, "kIOReturnNotPermitted",
	  "operation is not permitted", EPERM },
	{ kIOReturnNoPower, 0xE00002E3, "kIOReturnNoPower",
	  "device is without power", ENODEV }, /* Apple: EPWROFF */
	{ kIOReturnNoMedia, 0xE00002E4, "kIOReturnNoMedia",
	  "media is not present", ENXIO },
	{ kIOReturnUnformattedMedia, 0xE00002E5, "kIOReturnUnformattedMedia",
	  "media is not formatted", ENXIO },
	{ kIOReturnUnsupportedMode, 0xE00002E6, "kIOReturnUnsupportedMode",
	  "unsupported mode", EIO }, /* Apple: default */
	{ kIOReturnUnderrun, 0xE00002E7, "kIOReturnUnderrun",
	  "data underrun", EIO },
	{ kIOReturnOverrun, 0xE00002E8, "kIOReturnOverrun",
	  "data overrun", EIO },
	{ kIOReturnDeviceError, 0xE00002E9, "kIOReturnDeviceError",
	  "device error", EIO }, /* Apple: EDEVERR */
	{ kIOReturnNoCompletion, 0xE00002EA, "kIOReturnNoCompletion",
	  "no completion routine", EINVAL },
	{ kIOReturnAborted, 0xE00002EB, "kIOReturnAborted",
	  "operation was aborted", EBUSY },
	{ kIOReturnNoBandwidth, 0xE00002EC, "kIOReturnNoBandwidth",
	  "bus bandwidth would be exceeded", EIO },
	{ kIOReturnNotResponding, 0xE00002ED, "kIOReturnNotResponding",
	  "device is not responding", EBUSY },
	{ kIOReturnIsoTooOld, 0xE00002EE, "kIOReturnIsoTooOld",
	  "0xe00002ee (UNDEFINED)", EIO }, /* Apple: default */
	{ kIOReturnIsoTooNew, 0xE00002EF, "kIOReturnIsoTooNew",
	  "0xe00002ef (UNDEFINED)", EIO }, /* Apple: default */
	{ kIOReturnNotFound, 0xE00002F0, "kIOReturnNotFound",
	  "0xe00002f0 (UNDEFINED)", EIO }, /* Apple: default */
	{ kIOReturnInvalid, 0xE0000001, "kIOReturnInvalid",
	  "unanticipated driver error", EIO },
};

static void ioreturn_case_desc(const struct ioreturn_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ioreturn, ioreturn_cases, ioreturn_case_desc);

/* Apple's exact bit pattern: 0xE0000000 | code, as a signed 32-bit value. */
static void iodmacmd_ioreturn_test_value(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, (u32)c->value, c->expected);
	KUNIT_EXPECT_EQ(test, sizeof(c->value), (size_t)4);
}

static void iodmacmd_ioreturn_test_name(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_name(c->value), c->name);
}

/* The Linux face: Apple's text. */
static void iodmacmd_ioreturn_test_string(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_string(c->value), c->message);
}

/* The Apple face: IOService::stringFromReturn(). */
static void iodmacmd_ioreturn_test_string_from_return(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, IOServiceStringFromReturn(c->value), c->message);
}

/* The Apple face: IOService::errnoFromReturn() returns the positive value. */
static void iodmacmd_ioreturn_test_errno_from_return(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(c->value), c->err);
}

/* The Linux face: the same table, negated. */
static void iodmacmd_ioreturn_test_to_errno(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(c->value), -c->err);
}

/*
 * Values that are none of Apple's 53 codes: Apple passes a unix_err()
 * value's errno through before its table, gives EIO for anything else, and
 * prints all of them as "0x%x (UNDEFINED)".
 */
static const struct ioreturn_case other_cases[] = {
	{ unix_err(EINTR), 0xC004, "unix_err(EINTR)", "0xc004 (UNDEFINED)", EINTR },
	{ unix_err(ENOENT), 0xC002, "kIOReturn(unknown)", "0xc002 (UNDEFINED)", ENOENT },
	{ iokit_common_err(0x2cb), 0xE00002CB, "kIOReturn(unknown)",
	  "0xe00002cb (UNDEFINED)", EIO },
	{ iokit_family_err(sub_iokit_usb, 0x4f), 0xE000404F, "kIOReturn(unknown)",
	  "0xe000404f (UNDEFINED)", EIO },
	{ 0x1234, 0x1234, "kIOReturn(unknown)", "0x1234 (UNDEFINED)", EIO },
	{ -1, 0xFFFFFFFF, "kIOReturn(unknown)", "0xffffffff (UNDEFINED)", EIO },
};

static void other_case_desc(const struct ioreturn_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%#x", c->expected);
}

KUNIT_ARRAY_PARAM(other, other_cases, other_case_desc);

/* The documented example: kIOReturnError is -536870212 as a signed int. */
static void iodmacmd_ioreturn_test_signed(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kIOReturnError, -536870212);
	KUNIT_EXPECT_LT(test, kIOReturnBadArgument, 0);
	KUNIT_EXPECT_EQ(test, iokit_common_err(0x2c2), kIOReturnBadArgument);
}

static void iodmacmd_ioreturn_test_unique(struct kunit *test)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ioreturn_cases); i++)
		for (j = i + 1; j < ARRAY_SIZE(ioreturn_cases); j++)
			KUNIT_EXPECT_NE_MSG(test, ioreturn_cases[i].value,
					    ioreturn_cases[j].value, "%s == %s",
					    ioreturn_cases[i].name,
					    ioreturn_cases[j].name);
}

/*
 * Apple's UNDEFINED text lives in one static buffer, which the next call
 * overwrites; ours is written once: a pointer kept across other calls
 * still reads its own value's text, and the same value gives it again.
 */
static void iodmacmd_ioreturn_test_undefined_kept(struct kunit *test)
{
	const char *kept = IOServiceStringFromReturn(kIOReturnIsoTooOld);

	KUNIT_EXPECT_STREQ(test, IOServiceStringFromReturn(kIOReturnIsoTooNew),
			   "0xe00002ef (UNDEFINED)");
	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_string(iokit_common_err(0x2dc)),
			   "0xe00002dc (UNDEFINED)");
	KUNIT_EXPECT_STREQ(test, kept, "0xe00002ee (UNDEFINED)");
	KUNIT_EXPECT_PTR_EQ(test, IOServiceStringFromReturn(kIOReturnIsoTooOld), kept);
}

struct ioreturn_irq {
	struct irq_work work;
	struct completion done;
	bool in_hardirq;
	const char *text;
};

static void ioreturn_irq_fn(struct irq_work *work)
{
	struct ioreturn_irq *irq = container_of(work, struct ioreturn_irq, work);

	irq->in_hardirq = in_hardirq();
	irq->text = IOServiceStringFromReturn(iokit_vendor_specific_err(0x1ab));
	complete(&irq->done);
}

/* A hard interrupt handler may log an IOReturn: no lock, no allocation. */
static void iodmacmd_ioreturn_test_string_hardirq(struct kunit *test)
{
	struct ioreturn_irq irq = { .work = IRQ_WORK_INIT_HARD(ioreturn_irq_fn) };

	init_completion(&irq.done);
	KUNIT_ASSERT_TRUE(test, irq_work_queue(&irq.work));
	irq_work_sync(&irq.work);
	wait_for_completion(&irq.done);
	KUNIT_EXPECT_TRUE(test, irq.in_hardirq);
	KUNIT_EXPECT_STREQ(test, irq.text, "0xe3ff81ab (UNDEFINED)");
}

#define CONCURRENT_VALUES	8
#define CONCURRENT_ROUNDS	2000

struct ioreturn_thread {
	int base;
	int wrong;
	struct completion done;
	const char *first[CONCURRENT_VALUES];
};

static int ioreturn_thread_fn(void *data)
{
	struct ioreturn_thread *t = data;
	char want[sizeof("0xffffffff (UNDEFINED)")];
	const char *text;
	int round, i;

	for (round = 0; round < CONCURRENT_ROUNDS; round++) {
		for (i = 0; i < CONCURRENT_VALUES; i++) {
			snprintf(want, sizeof(want), "0x%x (UNDEFINED)", t->base + i);
			text = iodmacmd_ioreturn_string(t->base + i);
			if (strcmp(text, want))
				t->wrong++;
			if (!round)
				t->first[i] = text;
		}
		cond_resched();
	}
	complete(&t->done);
	return 0;
}

/*
 * Two CPUs asking for different UNDEFINED values at once each read their
 * own value's text, during the run and after it (Apple's shared buffer
 * mixes them up).
 */
static void iodmacmd_ioreturn_test_string_concurrent(struct kunit *test)
{
	struct ioreturn_thread t[2] = { { .base = 0x70000 }, { .base = 0x70100 } };
	char want[sizeof("0xffffffff (UNDEFINED)")];
	struct task_struct *task[2];
	int i, j;

	for (i = 0; i < 2; i++) {
		init_completion(&t[i].done);
		task[i] = kthread_create(ioreturn_thread_fn, &t[i], "ioreturn_kunit/%d", i);
	}
	if (IS_ERR(task[0]) || IS_ERR(task[1])) {
		/* Never woken: stopping them does not run the function. */
		for (i = 0; i < 2; i++)
			if (!IS_ERR(task[i]))
				kthread_stop(task[i]);
		KUNIT_FAIL(test, "kthread_create failed");
		return;
	}
	for (i = 0; i < 2; i++) {
		if (cpu_online(i))
			kthread_bind(task[i], i);
		wake_up_process(task[i]);
	}
	for (i = 0; i < 2; i++)
		wait_for_completion(&t[i].done);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, t[i].wrong, 0);
		for (j = 0; j < CONCURRENT_VALUES; j++) {
			snprintf(want, sizeof(want), "0x%x (UNDEFINED)", t[i].base + j);
			KUNIT_EXPECT_STREQ(test, t[i].first[j], want);
		}
	}
}

struct errno_case {
	int err;
	IOReturn expected;
};

static const struct errno_case errno_cases[] = {
	{ 0, kIOReturnSuccess },
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
	{ -ENODATA, kIOReturnUnderrun },
	{ -ENOLCK, kIOReturnCannotLock },
	{ -EOPNOTSUPP, kIOReturnUnsupported },
	{ -ENOTSUPP, kIOReturnUnsupported },
	{ -ECANCELED, kIOReturnAborted },
	/*
	 * No IOKit code brings these back through errnoFromReturn()
	 * (kIOReturnAborted gives EBUSY, kIOReturnDMAError EIO), and callers
	 * act on their exact value (a signal, a retry, peer-to-peer memory):
	 * they travel as Mach's unix_err(), which errnoFromReturn() undoes.
	 */
	{ -EINTR, unix_err(EINTR) },
	{ -ERESTARTSYS, unix_err(ERESTARTSYS) },
	{ -EAGAIN, unix_err(EAGAIN) },
	{ -EREMOTEIO, unix_err(EREMOTEIO) },
	{ -ENOENT, kIOReturnNotFound },
	{ -EEXIST, kIOReturnStillOpen },
	/* Unknown negative errno: the generic error, as Apple's default. */
	{ -EXDEV, kIOReturnError },
	{ -4000, kIOReturnError },
	/* A positive value is a caller bug, never a valid errno here. */
	{ EINVAL, kIOReturnInvalid },
};

static void errno_case_desc(const struct errno_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "errno %d", c->err);
}

KUNIT_ARRAY_PARAM(errno, errno_cases, errno_case_desc);

static void iodmacmd_ioreturn_test_from_errno(struct kunit *test)
{
	const struct errno_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, iodmacmd_errno_to_ioreturn(c->err), c->expected,
			    "got %s",
			    iodmacmd_ioreturn_name(iodmacmd_errno_to_ioreturn(c->err)));
}

/*
 * Where Apple's table is a one-to-one match, IOReturn -> errno -> IOReturn
 * must come back to the same code.
 */
static void iodmacmd_ioreturn_test_round_trip(struct kunit *test)
{
	static const IOReturn exact[] = {
		kIOReturnSuccess, kIOReturnNoMemory, kIOReturnNoDevice,
		kIOReturnVMError, kIOReturnNotPermitted, kIOReturnNotPrivileged,
		kIOReturnIOError, kIOReturnNotWritable, kIOReturnBadArgument,
		kIOReturnUnsupported, kIOReturnBusy, kIOReturnTimeout,
		kIOReturnMessageTooLarge, kIOReturnNoSpace, kIOReturnCannotLock,
	};
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(exact); i++) {
		err = iodmacmd_ioreturn_to_errno(exact[i]);
		KUNIT_EXPECT_EQ_MSG(test, iodmacmd_errno_to_ioreturn(err), exact[i],
				    "%s", iodmacmd_ioreturn_name(exact[i]));
	}
}

struct constant_case {
	const char *name;
	u32 value;
	u32 expected;
};

/* Compared as 32-bit patterns, as Apple's headers print them. */
#define CONSTANT_CASE(c, v)	{ #c, (u32)(c), (v) }

/* Apple's IOReturn.h and <mach/error.h>, evaluated by hand. */
static const struct constant_case constant_cases[] = {
	CONSTANT_CASE(sys_iokit, 0xE0000000),
	CONSTANT_CASE(err_system(0x38), 0xE0000000),
	CONSTANT_CASE(err_sub(3), 0xc000),
	CONSTANT_CASE(err_get_system(kIOReturnNotFound), 0x38),
	CONSTANT_CASE(err_get_sub(iokit_family_err(sub_iokit_scsi, 1)), 16),
	CONSTANT_CASE(err_get_code(kIOReturnNotFound), 0x2f0),
	CONSTANT_CASE(err_max_system, 0x3f),
	CONSTANT_CASE(system_emask, 0xFC000000),
	CONSTANT_CASE(sub_emask, 0x3ffc000),
	CONSTANT_CASE(code_emask, 0x3fff),
	CONSTANT_CASE(err_none, 0),
	CONSTANT_CASE(ERR_SUCCESS, 0),
	CONSTANT_CASE(unix_err(EINTR), 0xc004),
	CONSTANT_CASE(sub_iokit_common, 0),
	CONSTANT_CASE(sub_iokit_usb, 0x4000),
	CONSTANT_CASE(sub_iokit_firewire, 0x8000),
	CONSTANT_CASE(sub_iokit_block_storage, 0x10000),
	CONSTANT_CASE(sub_iokit_graphics, 0x14000),
	CONSTANT_CASE(sub_iokit_networking, 0x18000),
	CONSTANT_CASE(sub_iokit_bluetooth, 0x20000),
	CONSTANT_CASE(sub_iokit_pmu, 0x24000),
	CONSTANT_CASE(sub_iokit_acpi, 0x28000),
	CONSTANT_CASE(sub_iokit_smbus, 0x2c000),
	CONSTANT_CASE(sub_iokit_ahci, 0x30000),
	CONSTANT_CASE(sub_iokit_powermanagement, 0x34000),
	CONSTANT_CASE(sub_iokit_hidsystem, 0x38000),
	CONSTANT_CASE(sub_iokit_scsi, 0x40000),
	CONSTANT_CASE(sub_iokit_usbaudio, 0x44000),
	CONSTANT_CASE(sub_iokit_wirelesscharging, 0x48000),
	CONSTANT_CASE(sub_iokit_nvme, 0x70000),
	CONSTANT_CASE(sub_iokit_thunderbolt, 0x74000),
	CONSTANT_CASE(sub_iokit_graphics_acceleration, 0x78000),
	CONSTANT_CASE(sub_iokit_keystore, 0x7c000),
	CONSTANT_CASE(sub_iokit_smc, 0x80000),
	CONSTANT_CASE(sub_iokit_apfs, 0x84000),
	CONSTANT_CASE(sub_iokit_acpiec, 0x88000),
	CONSTANT_CASE(sub_iokit_timesync_avb, 0x8c000),
	CONSTANT_CASE(sub_iokit_platform, 0xa8000),
	CONSTANT_CASE(sub_iokit_audio_video, 0x114000),
	CONSTANT_CASE(sub_iokit_cec, 0x118000),
	CONSTANT_CASE(sub_iokit_arc, 0x11c000),
	CONSTANT_CASE(sub_iokit_baseband, 0x200000),
	CONSTANT_CASE(sub_iokit_HDA, 0x3f8000),
	CONSTANT_CASE(sub_iokit_hsic, 0x51c000),
	CONSTANT_CASE(sub_iokit_sdio, 0x5d0000),
	CONSTANT_CASE(sub_iokit_wlan, 0x820000),
	CONSTANT_CASE(sub_iokit_appleembeddedsleepwakehandler, 0x824000),
	CONSTANT_CASE(sub_iokit_appleppm, 0x828000),
	CONSTANT_CASE(sub_iokit_vendor_specific, 0x3ff8000),
	CONSTANT_CASE(sub_iokit_reserved, 0x3ffc000),
	/* IOUSBFamily's kIOUSBPipeStalled, iokit_usb_err(0x4f). */
	CONSTANT_CASE(iokit_family_err(sub_iokit_usb, 0x4f), 0xE000404F),
	CONSTANT_CASE(iokit_vendor_specific_err(1), 0xE3FF8001),
	CONSTANT_CASE(iokit_common_err(0x2bc), 0xE00002BC),
};

static void constant_case_desc(const struct constant_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(constant, constant_cases, constant_case_desc);

static void iodmacmd_ioreturn_test_constant(struct kunit *test)
{
	const struct constant_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->value, c->expected);
}

/* OSTypes.h: Boolean is _Bool, so any non-zero value stores true. */
static void iodmacmd_ioreturn_test_boolean(struct kunit *test)
{
	Boolean b = 2;

	KUNIT_EXPECT_EQ(test, b, true);
	KUNIT_EXPECT_EQ(test, (int)b, 1);
	KUNIT_EXPECT_EQ(test, sizeof(Boolean), (size_t)1);
}

/* IOTypes.h: the scalar types' widths, pointer-sized where Apple's are. */
static void iodmacmd_ioreturn_test_scalar_types(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(addr64_t), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(vm_offset_t), sizeof(void *));
	KUNIT_EXPECT_EQ(test, sizeof(vm_address_t), sizeof(void *));
	KUNIT_EXPECT_EQ(test, sizeof(IOVirtualAddress), sizeof(void *));
	KUNIT_EXPECT_TRUE(test, __same_type(IOLogicalAddress, IOVirtualAddress));
	KUNIT_EXPECT_EQ(test, sizeof(IOByteCount32), (size_t)4);
	KUNIT_EXPECT_EQ(test, sizeof(IOByteCount64), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(IOPhysicalLength32), (size_t)4);
	KUNIT_EXPECT_EQ(test, sizeof(IOPhysicalLength64), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(IOFixed), (size_t)4);
	KUNIT_EXPECT_LT(test, (IOFixed)(-1), 0);
	KUNIT_EXPECT_EQ(test, sizeof(IOVersion), (size_t)4);
	KUNIT_EXPECT_EQ(test, sizeof(IOCacheMode), (size_t)4);
	KUNIT_EXPECT_EQ(test, sizeof(IOAlignment), (size_t)4);
}

/* IOTypes.h: IOPhysicalRange is {address, length}, 16 bytes as on macOS. */
static void iodmacmd_ioreturn_test_physical_range(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(IOPhysicalRange, address), (size_t)0);
	KUNIT_EXPECT_EQ(test, offsetof(IOPhysicalRange, length), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(IOPhysicalRange), (size_t)16);
}

/*
 * IOTypes.h: on 64-bit macOS IOAddressRange is IOVirtualRange, {64-bit
 * address, 64-bit length}, so a driver may pass either where the other is
 * expected.
 */
static void iodmacmd_ioreturn_test_virtual_range(struct kunit *test)
{
	IOVirtualRange range = { .address = 0x123456789ull, .length = 16 };

	KUNIT_EXPECT_TRUE(test, __same_type(IOVirtualRange, IOAddressRange));
	KUNIT_EXPECT_EQ(test, offsetof(IOVirtualRange, length), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(IOVirtualRange), (size_t)16);
	KUNIT_EXPECT_EQ(test, range.address, 0x123456789ull);
}

static struct kunit_case iodmacmd_ioreturn_test_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_value, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_name, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_string, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_string_from_return, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_errno_from_return, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_to_errno, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_value, other_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_name, other_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_string, other_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_string_from_return, other_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_errno_from_return, other_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_to_errno, other_gen_params),
	KUNIT_CASE(iodmacmd_ioreturn_test_signed),
	KUNIT_CASE(iodmacmd_ioreturn_test_unique),
	KUNIT_CASE(iodmacmd_ioreturn_test_undefined_kept),
	KUNIT_CASE(iodmacmd_ioreturn_test_string_hardirq),
	KUNIT_CASE(iodmacmd_ioreturn_test_string_concurrent),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_from_errno, errno_gen_params),
	KUNIT_CASE(iodmacmd_ioreturn_test_round_trip),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_constant, constant_gen_params),
	KUNIT_CASE(iodmacmd_ioreturn_test_boolean),
	KUNIT_CASE(iodmacmd_ioreturn_test_scalar_types),
	KUNIT_CASE(iodmacmd_ioreturn_test_physical_range),
	KUNIT_CASE(iodmacmd_ioreturn_test_virtual_range),
	{}
};

static struct kunit_suite iodmacmd_ioreturn_test_suite = {
	.name = "iodmacmd_ioreturn",
	.test_cases = iodmacmd_ioreturn_test_cases,
};

kunit_test_suite(iodmacmd_ioreturn_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's IOReturn values, errno mapping and IOTypes");
IODMACMD_IMPORT_NS();
