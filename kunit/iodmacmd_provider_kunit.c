// SPDX-License-Identifier: GPL-2.0
/* Placeholder: filled in by the change that introduces this suite. */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("iodmacmd placeholder");
