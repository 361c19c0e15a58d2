/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where iodmacmd adapts to kernel differences. Each difference
 * is probed at build time by iodmacmd/Kbuild, from the headers of the kernel
 * being built against, and never inferred from a version number.
 */
#ifndef _IODMACMD_COMPAT_H
#define _IODMACMD_COMPAT_H

#include <linux/export.h>

/*
 * v6.13 (commit cdd30ebb1b9f, "module: Convert symbol namespace to string
 * literal"): EXPORT_SYMBOL_NS_GPL() takes a string literal; 6.1 and 6.12
 * stringify a bare identifier. Kbuild defines IODMACMD_HAVE_NS_STRING when
 * the kernel's export.h no longer stringifies.
 */
#ifdef IODMACMD_HAVE_NS_STRING
#define IODMACMD_NS	"IODMACMD"
#else
#define IODMACMD_NS	IODMACMD
#endif

/*
 * v6.12 (commit 5f60d5f6bbc1): <asm/unaligned.h> moved to <linux/unaligned.h>.
 */
#ifdef IODMACMD_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * v6.5 ("mm/gup: remove vmas parameter from pin_user_pages_remote()"): the
 * vmas argument went away. Kbuild defines IODMACMD_HAVE_PIN_REMOTE_VMAS when
 * the kernel's declaration still has it.
 */
#ifdef IODMACMD_HAVE_PIN_REMOTE_VMAS
#define iodmacmd_pin_user_pages_remote(mm, start, nr_pages, gup_flags, pages, locked) \
	pin_user_pages_remote(mm, start, nr_pages, gup_flags, pages, NULL, locked)
#else
#define iodmacmd_pin_user_pages_remote(mm, start, nr_pages, gup_flags, pages, locked) \
	pin_user_pages_remote(mm, start, nr_pages, gup_flags, pages, locked)
#endif

#endif /* _IODMACMD_COMPAT_H */
