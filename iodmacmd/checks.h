/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Refusing bad object pointers at the exported entry points.
 *
 * A ported driver that ignores a failed factory passes NULL (the Apple
 * face's failure value) or an ERR_PTR() (the Linux face's) to the next
 * call. Release functions take both as no-ops, as IOKit's OSSafeReleaseNULL
 * does; every other entry point refuses them with one log line per call
 * site and its documented error, and never dereferences them. The log line
 * is pr_warn_once(), not WARN(): a warning splat would panic a kernel
 * booted with panic_on_warn for what is a recoverable caller error.
 */
#ifndef _IODMACMD_CHECKS_H
#define _IODMACMD_CHECKS_H

#include <linux/err.h>
#include <linux/printk.h>

/**
 * iodmacmd_bad_ptr() - whether an object pointer is %NULL or an ERR_PTR()
 * @p: the pointer a caller passed
 *
 * Logs the calling function's name once per call site when it is.
 *
 * Return: true when @p must not be used.
 */
#define iodmacmd_bad_ptr(p)						\
({									\
	const void *__ptr = (p);					\
	bool __bad = IS_ERR_OR_NULL(__ptr);				\
									\
	if (unlikely(__bad))						\
		pr_warn_once("%s: called with %s %s\n", __func__,	\
			     __ptr ? "an error pointer for" : "NULL", #p); \
	unlikely(__bad);						\
})

#endif /* _IODMACMD_CHECKS_H */
