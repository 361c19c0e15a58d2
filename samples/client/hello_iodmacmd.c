// SPDX-License-Identifier: GPL-2.0
/*
 * hello_iodmacmd: a client of iodmacmd's Linux face (<iodmacmd/iodmacmd.h>),
 * the template of samples/client/. At load it wraps a kmalloc buffer in a
 * descriptor, writes and reads it through the descriptor, and logs the
 * version of iodmacmd it was built against. A driver would go on, in its
 * probe, with iodmacmd_cmd_create(&pdev->dev, &spec, NULL),
 * iodmacmd_set_md() and iodmacmd_gen_segments() (README.md, samples/edu/).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <iodmacmd/iodmacmd.h>
#include <iodmacmd/version.h>

#if !IODMACMD_VERSION_AT_LEAST(0, 1, 0)
#error "hello_iodmacmd needs iodmacmd 0.1.0 or later"
#endif

static int __init hello_iodmacmd_init(void)
{
	static const char msg[] = "hello, iodmacmd";
	struct iodmacmd_range range;
	struct iodmacmd_md *md;
	char out[sizeof(msg)];
	void *buf;
	int err = 0;

	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	range.address = (uintptr_t)buf;
	range.length = PAGE_SIZE;
	md = iodmacmd_md_create_kernel(&range, 1, IODMACMD_DIR_INOUT);
	if (IS_ERR(md)) {
		err = PTR_ERR(md);	/* a negative errno, ready to return */
		goto out_free;
	}
	if (iodmacmd_md_write(md, 0, msg, sizeof(msg)) != sizeof(msg) ||
	    iodmacmd_md_read(md, 0, out, sizeof(out)) != sizeof(out) ||
	    memcmp(msg, out, sizeof(msg)))
		err = -EIO;
	else
		pr_info("hello_iodmacmd: iodmacmd %s, a %llu-byte descriptor\n",
			IODMACMD_VERSION_STRING, iodmacmd_md_length(md));
	iodmacmd_md_put(md);
out_free:
	kfree(buf);
	return err;
}

static void __exit hello_iodmacmd_exit(void)
{
}

module_init(hello_iodmacmd_init);
module_exit(hello_iodmacmd_exit);

IODMACMD_IMPORT_NS();
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Template of a client of iodmacmd's Linux face");
