/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IODMACMD_TEST_GEN_TESTS_H
#define _IODMACMD_TEST_GEN_TESTS_H

/* Randomised comparisons against the reference model (gen_random.c). */
void run_random_tests(void);

#endif /* _IODMACMD_TEST_GEN_TESTS_H */
