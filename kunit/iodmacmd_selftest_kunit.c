// SPDX-License-Identifier: GPL-2.0
/*
 * The test bed's own test: a suite that must be reported as broken.
 *
 * scripts/test --selftest loads this module (built only with
 * IODMACMD_SELFTEST=m) and passes only if the harness reports each injected
 * defect: a failing case, a kernel WARN, and leaked memory. A harness that
 * stays green here would stay green over real bugs too.
 */
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/slab.h>

/* A case that passes, so a parser that fails everything is caught too. */
static void iodmacmd_selftest_test_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1 + 1, 2);
}

static void iodmacmd_selftest_test_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1 + 1, 3, "deliberate failure (harness self-test)");
}

static void iodmacmd_selftest_test_warns(struct kunit *test)
{
	WARN(1, "iodmacmd selftest: deliberate warning");
	KUNIT_SUCCEED(test);
}

/*
 * Several objects, each pointer overwritten by the next, so that a stale
 * copy on a stack or in a register can hide at most one of them from
 * kmemleak.
 */
static void iodmacmd_selftest_test_leaks(struct kunit *test)
{
	void *leak;
	int i;

	for (i = 0; i < 8; i++) {
		leak = kmalloc(128, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, leak);
		OPTIMIZER_HIDE_VAR(leak);
	}
}

static struct kunit_case iodmacmd_selftest_test_cases[] = {
	KUNIT_CASE(iodmacmd_selftest_test_passes),
	KUNIT_CASE(iodmacmd_selftest_test_fails),
	KUNIT_CASE(iodmacmd_selftest_test_warns),
	KUNIT_CASE(iodmacmd_selftest_test_leaks),
	{}
};

static struct kunit_suite iodmacmd_selftest_test_suite = {
	.name = "iodmacmd_selftest",
	.test_cases = iodmacmd_selftest_test_cases,
};

kunit_test_suite(iodmacmd_selftest_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Deliberately broken suite that proves the iodmacmd test bed fails");
