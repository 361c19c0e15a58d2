/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iodmacmd: the provider device, IOKit's "system mapper" for a driver.
 * Included by <iodmacmd/iodmacmd.h>.
 *
 * A macOS driver learns its device once, in start(provider), and from then
 * on creates commands with a NULL mapper and buffers with no device at all:
 * IOKit fills in the system mapper. A Linux driver ported that way binds
 * its struct device once, in probe(), and iodmacmd fills it in where a
 * call names no device:
 *
 *	probe:	err = iodmacmd_bind_provider(&pdev->dev);
 *	remove:	iodmacmd_unbind_provider(&pdev->dev);
 *
 * The binding belongs to the calling module (THIS_MODULE, captured by the
 * macros below and by the Apple face's inline wrappers). Which device a
 * call gets, in order:
 *  1. the device the calling task entered with iodmacmd_enter_provider()
 *     for that module, if any (a driver with several devices wraps each
 *     instance's set-up in enter/exit);
 *  2. else the module's bound device, if exactly one is bound;
 *  3. else none: the call fails and the log says which module and what to
 *     do (bind one, enter one, or pass the device).
 * Bindings left at module unload are dropped (and logged).
 */
#ifndef _IODMACMD_PROVIDER_H
#define _IODMACMD_PROVIDER_H

#include <linux/module.h>

struct device;

int iodmacmd_provider_bind(struct module *owner, struct device *dev);
void iodmacmd_provider_unbind(struct module *owner, struct device *dev);
int iodmacmd_provider_enter(struct module *owner, struct device *dev);
void iodmacmd_provider_exit(struct module *owner);
struct device *iodmacmd_provider_get(struct module *owner, const char *what);

#define iodmacmd_bind_provider(dev)	iodmacmd_provider_bind(THIS_MODULE, dev)
#define iodmacmd_unbind_provider(dev)	iodmacmd_provider_unbind(THIS_MODULE, dev)
#define iodmacmd_enter_provider(dev)	iodmacmd_provider_enter(THIS_MODULE, dev)
#define iodmacmd_exit_provider()	iodmacmd_provider_exit(THIS_MODULE)
/* The calling module's provider, referenced (put_device() it), or NULL. */
#define iodmacmd_get_provider()		iodmacmd_provider_get(THIS_MODULE, __func__)

#endif /* _IODMACMD_PROVIDER_H */
