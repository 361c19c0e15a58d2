/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types the segment generator needs, so that segment_gen.c
 * builds unchanged in the module and in the user-space unit tests.
 */
#ifndef _IODMACMD_GEN_SHIM_H
#define _IODMACMD_GEN_SHIM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/limits.h>
#include <linux/sched.h>

/* A long preflight walk yields the CPU (it runs in process context). */
#define iodmacmd_gen_resched()	cond_resched()

/* The walk's per-call steps, inlined whatever the compiler's mood. */
#define iodmacmd_gen_inline	__always_inline

#else /* !__KERNEL__ */

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

typedef uint32_t u32;
typedef uint64_t u64;

#ifndef U32_MAX
#define U32_MAX ((u32)~0U)
#endif
#ifndef U64_MAX
#define U64_MAX ((u64)~0ULL)
#endif

/*
 * The unit tests count the yields, to check that a long walk makes them;
 * see gen_test.c.
 */
extern unsigned long iodmacmd_gen_resched_calls;
#define iodmacmd_gen_resched()	(iodmacmd_gen_resched_calls++)

#define iodmacmd_gen_inline	inline

#endif /* __KERNEL__ */

/* Segments a preflight walks between two yields of the CPU. */
#define IODMACMD_GEN_RESCHED_EVERY	4096

#endif /* _IODMACMD_GEN_SHIM_H */
