/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd's version, for a client to test at build time, as it tests
 * LINUX_VERSION_CODE against KERNEL_VERSION():
 *
 *	#include <iodmacmd/version.h>
 *
 *	#if !IODMACMD_VERSION_AT_LEAST(0, 2, 0)
 *	#error "this driver needs iodmacmd 0.2.0 or later"
 *	#endif
 *
 * The three numbers below are the one place the version is written:
 * IODMACMD_VERSION_STRING is the module's MODULE_VERSION() (modinfo shows
 * it), and the Makefile reads them for the DKMS package version
 * (dkms.conf, /usr/src/iodmacmd-<version>/). "make check-version" checks
 * that all three agree.
 */
#ifndef _IODMACMD_VERSION_H
#define _IODMACMD_VERSION_H

#include <linux/stringify.h>

#define IODMACMD_VERSION_MAJOR	0
#define IODMACMD_VERSION_MINOR	1
#define IODMACMD_VERSION_PATCH	0

/* One number per release, ordered as the releases: major, minor, patch. */
#define IODMACMD_VERSION(major, minor, patch) \
	(((major) << 16) + ((minor) << 8) + (patch))

#define IODMACMD_VERSION_CODE						\
	IODMACMD_VERSION(IODMACMD_VERSION_MAJOR, IODMACMD_VERSION_MINOR,	\
			 IODMACMD_VERSION_PATCH)

/* True when iodmacmd is @major.@minor.@patch or later. */
#define IODMACMD_VERSION_AT_LEAST(major, minor, patch) \
	(IODMACMD_VERSION(major, minor, patch) <= IODMACMD_VERSION_CODE)

/* "0.1.0" */
#define IODMACMD_VERSION_STRING					\
	__stringify(IODMACMD_VERSION_MAJOR) "."			\
	__stringify(IODMACMD_VERSION_MINOR) "."			\
	__stringify(IODMACMD_VERSION_PATCH)

#endif /* _IODMACMD_VERSION_H */
