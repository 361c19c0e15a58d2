/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The provider device: set-up and teardown for main.c. The look-up,
 * iodmacmd_provider_get(), is part of the Linux face.
 */
#ifndef _IODMACMD_PROVIDER_PRIVATE_H
#define _IODMACMD_PROVIDER_PRIVATE_H

int iodmacmd_provider_setup(void);
void iodmacmd_provider_teardown(void);

#endif /* _IODMACMD_PROVIDER_PRIVATE_H */
