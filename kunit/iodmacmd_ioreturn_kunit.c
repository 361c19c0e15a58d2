// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for IOReturn: Apple's exact values, their names and messages,
 * and the translation to and from Linux errno values.
 *
 * The expected values are written out here from Apple's IOReturn.h rather
 * than derived from our header, so a typo in either side fails a case.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/string.h>
#include <IOKit/IOReturn.h>
#include <iodmacmd/iodmacmd.h>

struct ioreturn_case {
	IOReturn value;
	u32 expected;
	const char *name;
	const char *message;
	int err;
};

static const struct ioreturn_case ioreturn_cases[] = {
	{ kIOReturnSuccess, 0x0, "kIOReturnSuccess", "success", 0 },
	{ kIOReturnError, 0xE00002BC, "kIOReturnError", "general error", -EIO },
	{ kIOReturnNoMemory, 0xE00002BD, "kIOReturnNoMemory", "memory allocation error", -ENOMEM },
	{ kIOReturnNoResources, 0xE00002BE, "kIOReturnNoResources", "resource shortage", -ENOMEM },
	{ kIOReturnIPCError, 0xE00002BF, "kIOReturnIPCError", "Mach IPC failure", -EIO },
	{ kIOReturnNoDevice, 0xE00002C0, "kIOReturnNoDevice", "no such device", -ENXIO },
	{ kIOReturnNotPrivileged, 0xE00002C1, "kIOReturnNotPrivileged",
	  "privilege violation", -EACCES },
	{ kIOReturnBadArgument, 0xE00002C2, "kIOReturnBadArgument", "invalid argument", -EINVAL },
	{ kIOReturnExclusiveAccess, 0xE00002C5, "kIOReturnExclusiveAccess",
	  "device is exclusive access", -EACCES },
	{ kIOReturnUnsupported, 0xE00002C7, "kIOReturnUnsupported",
	  "unsupported function", -EOPNOTSUPP },
	{ kIOReturnVMError, 0xE00002C8, "kIOReturnVMError", "virtual memory error", -EFAULT },
	{ kIOReturnInternalError, 0xE00002C9, "kIOReturnInternalError",
	  "internal driver error", -EIO },
	{ kIOReturnIOError, 0xE00002CA, "kIOReturnIOError", "I/O error", -EIO },
	{ kIOReturnCannotLock, 0xE00002CC, "kIOReturnCannotLock", "cannot acquire lock", -ENOLCK },
	{ kIOReturnNotReadable, 0xE00002CE, "kIOReturnNotReadable",
	  "device is not readable", -EACCES },
	{ kIOReturnNotWritable, 0xE00002CF, "kIOReturnNotWritable",
	  "device is not writeable", -EROFS },
	{ kIOReturnNotAligned, 0xE00002D0, "kIOReturnNotAligned", "alignment error", -EINVAL },
	{ kIOReturnDMAError, 0xE00002D4, "kIOReturnDMAError", "DMA failure", -EIO },
	{ kIOReturnBusy, 0xE00002D5, "kIOReturnBusy", "device is busy", -EBUSY },
	{ kIOReturnTimeout, 0xE00002D6, "kIOReturnTimeout", "I/O timeout", -ETIMEDOUT },
	{ kIOReturnNotReady, 0xE00002D8, "kIOReturnNotReady", "device is not ready", -EBUSY },
	{ kIOReturnNotAttached, 0xE00002D9, "kIOReturnNotAttached",
	  "device/channel is not attached", -EACCES },
	{ kIOReturnNoSpace, 0xE00002DB, "kIOReturnNoSpace", "no space for data", -ENOSPC },
	{ kIOReturnCannotWire, 0xE00002DE, "kIOReturnCannotWire",
	  "cannot wire physical memory", -ENOMEM },
	{ kIOReturnMessageTooLarge, 0xE00002E1, "kIOReturnMessageTooLarge",
	  "message is too large", -EMSGSIZE },
	{ kIOReturnNotPermitted, 0xE00002E2, "kIOReturnNotPermitted",
	  "operation is not permitted", -EPERM },
	{ kIOReturnUnderrun, 0xE00002E7, "kIOReturnUnderrun", "data underrun", -EIO },
	{ kIOReturnOverrun, 0xE00002E8, "kIOReturnOverrun", "data overrun", -EIO },
	{ kIOReturnDeviceError, 0xE00002E9, "kIOReturnDeviceError", "device error", -EIO },
	{ kIOReturnAborted, 0xE00002EB, "kIOReturnAborted", "operation was aborted", -EBUSY },
	{ kIOReturnNotFound, 0xE00002F0, "kIOReturnNotFound", "data was not found", -EIO },
	{ kIOReturnInvalid, 0xE0000001, "kIOReturnInvalid", "unanticipated driver error", -EIO },
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

static void iodmacmd_ioreturn_test_string(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_string(c->value), c->message);
	KUNIT_EXPECT_STREQ(test, IOServiceStringFromReturn(c->value), c->message);
}

static void iodmacmd_ioreturn_test_to_errno(struct kunit *test)
{
	const struct ioreturn_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(c->value), c->err);
	/* Apple's IOService::errnoFromReturn() returns the positive value. */
	KUNIT_EXPECT_EQ(test, IOServiceErrnoFromReturn(c->value), -c->err);
}

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

static void iodmacmd_ioreturn_test_unknown(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_name(0x1234),
			   "kIOReturn(unknown)");
	KUNIT_EXPECT_STREQ(test, iodmacmd_ioreturn_string(iokit_common_err(0x2cb)),
			   "unknown IOReturn");
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(iokit_common_err(0x2dc)), -EIO);
	KUNIT_EXPECT_EQ(test, iodmacmd_ioreturn_to_errno(-1), -EIO);
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

static struct kunit_case iodmacmd_ioreturn_test_cases[] = {
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_value, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_name, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_string, ioreturn_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_to_errno, ioreturn_gen_params),
	KUNIT_CASE(iodmacmd_ioreturn_test_signed),
	KUNIT_CASE(iodmacmd_ioreturn_test_unique),
	KUNIT_CASE(iodmacmd_ioreturn_test_unknown),
	KUNIT_CASE_PARAM(iodmacmd_ioreturn_test_from_errno, errno_gen_params),
	KUNIT_CASE(iodmacmd_ioreturn_test_round_trip),
	{}
};

static struct kunit_suite iodmacmd_ioreturn_test_suite = {
	.name = "iodmacmd_ioreturn",
	.test_cases = iodmacmd_ioreturn_test_cases,
};

kunit_test_suite(iodmacmd_ioreturn_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's IOReturn values and errno mapping");
IODMACMD_IMPORT_NS();
