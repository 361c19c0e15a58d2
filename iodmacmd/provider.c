// SPDX-License-Identifier: GPL-2.0
/*
 * The provider device: the struct device a module bound in probe(), which
 * calls that name no device (IOKit's NULL "system mapper", buffers made
 * with no device at all) stand for. The rule is documented in
 * <iodmacmd/provider.h>.
 *
 * Two lists, both short (a driver binds one device per instance, and a
 * task enters one at a time): the module bindings and the entries of tasks
 * that entered a provider. A module's bindings and entries go when it
 * unloads, so a driver that forgot to unbind leaves neither a device
 * reference nor a dangling module pointer behind.
 *
 * Locking: provider_lock (a spinlock: look-ups are short, and the Apple
 * face may resolve a provider with preemption disabled) protects both
 * lists and every field of their entries.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <iodmacmd/iodmacmd.h>

#include "checks.h"
#include "compat.h"
#include "provider.h"

/**
 * struct provider_binding - a device a module bound
 * @node: entry in provider_bindings; under provider_lock
 * @owner: the module (%NULL for built-in code); set once
 * @dev: the device, referenced; set once
 */
struct provider_binding {
	struct list_head node;
	struct module *owner;
	struct device *dev;
};

/**
 * struct provider_entry - a task working for one of a module's devices
 * @node: entry in provider_entries; under provider_lock
 * @owner: the module; set once
 * @task: the task, referenced, so that its pointer is never reused while
 *	the entry exists; set once
 * @dev: the device, referenced; set once
 */
struct provider_entry {
	struct list_head node;
	struct module *owner;
	struct task_struct *task;
	struct device *dev;
};

static DEFINE_SPINLOCK(provider_lock);	/* both lists and their entries */
static LIST_HEAD(provider_bindings);
static LIST_HEAD(provider_entries);

static const char *owner_name(struct module *owner)
{
	return owner ? owner->name : "(built-in)";
}

static struct provider_binding *find_binding_locked(struct module *owner, struct device *dev)
{
	struct provider_binding *b;

	lockdep_assert_held(&provider_lock);
	list_for_each_entry(b, &provider_bindings, node)
		if (b->owner == owner && b->dev == dev)
			return b;
	return NULL;
}

static struct provider_entry *find_entry_locked(struct module *owner, struct task_struct *task)
{
	struct provider_entry *e;

	lockdep_assert_held(&provider_lock);
	list_for_each_entry(e, &provider_entries, node)
		if (e->owner == owner && e->task == task)
			return e;
	return NULL;
}

/**
 * iodmacmd_provider_bind() - bind a device as a module's provider
 * @owner: the module (THIS_MODULE: use iodmacmd_bind_provider())
 * @dev: the device, as the kext's start(provider) received it
 *
 * Calls from @owner that name no device use @dev from now on (the rule,
 * with several devices, is in <iodmacmd/provider.h>). The binding holds a
 * reference on @dev until iodmacmd_provider_unbind() or until @owner
 * unloads.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a %NULL or error-pointer @dev (logged once);
 * -EEXIST when @dev is already bound to @owner; -ENOMEM.
 */
int iodmacmd_provider_bind(struct module *owner, struct device *dev)
{
	struct provider_binding *b;
	int err = 0;

	if (iodmacmd_bad_ptr(dev))
		return -EINVAL;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->owner = owner;
	b->dev = get_device(dev);
	spin_lock(&provider_lock);
	if (find_binding_locked(owner, dev))
		err = -EEXIST;
	else
		list_add_tail(&b->node, &provider_bindings);
	spin_unlock(&provider_lock);
	if (err) {
		dev_warn(dev, "iodmacmd: already the provider of module %s\n", owner_name(owner));
		put_device(b->dev);
		kfree(b);
	}
	return err;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_provider_bind, IODMACMD_NS);

/**
 * iodmacmd_provider_unbind() - undo iodmacmd_provider_bind()
 * @owner: the module (THIS_MODULE: use iodmacmd_unbind_provider())
 * @dev: the bound device
 *
 * Objects made while @dev was bound keep their own references to it;
 * only later calls stop finding it. A device that is not bound is logged
 * and ignored.
 *
 * Context: process context.
 */
void iodmacmd_provider_unbind(struct module *owner, struct device *dev)
{
	struct provider_binding *b;

	if (iodmacmd_bad_ptr(dev))
		return;
	spin_lock(&provider_lock);
	b = find_binding_locked(owner, dev);
	if (b)
		list_del(&b->node);
	spin_unlock(&provider_lock);
	if (!b) {
		dev_warn(dev, "iodmacmd: unbind: not a provider of module %s\n", owner_name(owner));
		return;
	}
	put_device(b->dev);
	kfree(b);
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_provider_unbind, IODMACMD_NS);

/**
 * iodmacmd_provider_enter() - name the provider of the calling task's calls
 * @owner: the module (THIS_MODULE: use iodmacmd_enter_provider())
 * @dev: the device this task is working for
 *
 * For a module with several devices: between this and
 * iodmacmd_provider_exit(), calls from @owner made by the current task
 * that name no device use @dev, whatever is bound. @dev need not be bound.
 * Entering again replaces the device; entries do not nest.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a %NULL or error-pointer @dev (logged once);
 * -ENOMEM.
 */
int iodmacmd_provider_enter(struct module *owner, struct device *dev)
{
	struct provider_entry *e, *old;

	if (iodmacmd_bad_ptr(dev))
		return -EINVAL;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->owner = owner;
	e->task = current;
	get_task_struct(e->task);
	e->dev = get_device(dev);
	spin_lock(&provider_lock);
	old = find_entry_locked(owner, current);
	if (old)
		list_del(&old->node);
	list_add(&e->node, &provider_entries);
	spin_unlock(&provider_lock);
	if (old) {
		put_device(old->dev);
		put_task_struct(old->task);
		kfree(old);
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_provider_enter, IODMACMD_NS);

/**
 * iodmacmd_provider_exit() - end iodmacmd_provider_enter()
 * @owner: the module (THIS_MODULE: use iodmacmd_exit_provider())
 *
 * Does nothing when the current task entered no provider for @owner.
 *
 * Context: process context.
 */
void iodmacmd_provider_exit(struct module *owner)
{
	struct provider_entry *e;

	spin_lock(&provider_lock);
	e = find_entry_locked(owner, current);
	if (e)
		list_del(&e->node);
	spin_unlock(&provider_lock);
	if (e) {
		put_device(e->dev);
		put_task_struct(e->task);
		kfree(e);
	}
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_provider_exit, IODMACMD_NS);

/**
 * iodmacmd_provider_get() - the device a call from a module stands for
 * @owner: the calling module (THIS_MODULE: use iodmacmd_get_provider())
 * @what: the call, for the log line when there is none; %NULL for a
 *	quiet look-up (a descriptor that only may use a provider)
 *
 * The device the current task entered for @owner, else @owner's only
 * bound device. When there is none, or several are bound and the task
 * entered none, the log says so and what to do.
 *
 * Context: any context.
 * Return: the device with a reference (put_device() it), or %NULL.
 */
struct device *iodmacmd_provider_get(struct module *owner, const char *what)
{
	struct provider_binding *b, *found = NULL;
	struct device *dev = NULL;
	struct provider_entry *e;
	unsigned int bound = 0;

	spin_lock(&provider_lock);
	e = find_entry_locked(owner, current);
	if (e) {
		dev = get_device(e->dev);
	} else {
		list_for_each_entry(b, &provider_bindings, node) {
			if (b->owner == owner) {
				found = b;
				bound++;
			}
		}
		if (bound == 1)
			dev = get_device(found->dev);
	}
	spin_unlock(&provider_lock);
	if (dev || !what)
		return dev;
	if (!bound)
		pr_warn_ratelimited("%s: no device given and module %s has no provider: bind one in probe with IOServiceBindProvider(dev) (iodmacmd_bind_provider()), or pass the device\n",
				    what, owner_name(owner));
	else
		pr_warn_ratelimited("%s: no device given and module %s has %u providers: call IOServiceEnterProvider(dev) (iodmacmd_enter_provider()) around this instance's calls, or pass the device\n",
				    what, owner_name(owner), bound);
	return NULL;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_provider_get, IODMACMD_NS);

/* Moves @owner's bindings and entries to the two lists given. */
static unsigned int take_module_locked(struct module *owner, struct list_head *bindings,
				       struct list_head *entries)
{
	struct provider_binding *b, *nb;
	struct provider_entry *e, *ne;
	unsigned int n = 0;

	lockdep_assert_held(&provider_lock);
	list_for_each_entry_safe(b, nb, &provider_bindings, node) {
		if (b->owner == owner) {
			list_move(&b->node, bindings);
			n++;
		}
	}
	list_for_each_entry_safe(e, ne, &provider_entries, node) {
		if (e->owner == owner) {
			list_move(&e->node, entries);
			n++;
		}
	}
	return n;
}

static void free_taken(struct list_head *bindings, struct list_head *entries)
{
	struct provider_binding *b, *nb;
	struct provider_entry *e, *ne;

	list_for_each_entry_safe(b, nb, bindings, node) {
		put_device(b->dev);
		kfree(b);
	}
	list_for_each_entry_safe(e, ne, entries, node) {
		put_device(e->dev);
		put_task_struct(e->task);
		kfree(e);
	}
}

/* A module unloading with bindings or entries left: drop them, say so. */
static int provider_module_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct module *mod = data;
	LIST_HEAD(bindings);
	LIST_HEAD(entries);
	unsigned int n;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	spin_lock(&provider_lock);
	n = take_module_locked(mod, &bindings, &entries);
	spin_unlock(&provider_lock);
	if (n) {
		pr_warn("module %s unloaded with %u provider bindings or entries: dropped (unbind in remove)\n",
			mod->name, n);
		free_taken(&bindings, &entries);
	}
	return NOTIFY_OK;
}

static struct notifier_block provider_module_nb = {
	.notifier_call = provider_module_notify,
};

int iodmacmd_provider_setup(void)
{
	return register_module_notifier(&provider_module_nb);
}

void iodmacmd_provider_teardown(void)
{
	LIST_HEAD(bindings);
	LIST_HEAD(entries);
	struct provider_binding *b;
	struct provider_entry *e;

	unregister_module_notifier(&provider_module_nb);
	/* Modules that bound devices import our symbols: they are gone. */
	spin_lock(&provider_lock);
	list_for_each_entry(b, &provider_bindings, node)
		pr_warn("provider %s of built-in code still bound at unload\n", dev_name(b->dev));
	list_splice_init(&provider_bindings, &bindings);
	list_for_each_entry(e, &provider_entries, node)
		pr_warn("provider entry for %s still set at unload\n", dev_name(e->dev));
	list_splice_init(&provider_entries, &entries);
	spin_unlock(&provider_lock);
	free_taken(&bindings, &entries);
}
