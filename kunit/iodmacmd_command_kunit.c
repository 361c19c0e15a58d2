// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the DMA command: specification checks, the prepare /
 * complete state machine and genIOVMSegments(), through the Linux face.
 *
 * Segment tests use Unmapped commands over a physically contiguous buffer,
 * so the expected bus addresses are known exactly; iodmacmd_dma_kunit
 * covers real DMA API mappings.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

static const struct iodmacmd_spec host64_unmapped = {
	.output = iodmacmd_output_host64,
	.mapping_options = IODMACMD_MAP_UNMAPPED,
};

/* An Unmapped command and a physical descriptor over [buf+off, +len). */
static struct iodmacmd_cmd *phys_cmd(struct kunit *test, const struct iodmacmd_spec *spec,
				     struct iodmacmd_test_buf *buf, u64 off, u64 len,
				     struct iodmacmd_md **mdp)
{
	struct iodmacmd_range r = { .address = buf->phys + off, .length = len };
	struct iodmacmd_md *md;
	struct iodmacmd_cmd *cmd;

	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_INOUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, spec, NULL));
	if (mdp)
		*mdp = md;
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	return cmd;
}

/* --- specification --- */

static void iodmacmd_spec_test_requires_output(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;

	spec.output = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, NULL, NULL)), -EINVAL);
}

static void iodmacmd_spec_test_address_bits(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped, got;
	struct iodmacmd_cmd *cmd;

	spec.address_bits = PAGE_SHIFT - 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.address_bits = 65;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.address_bits = PAGE_SHIFT;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, PAGE_SHIFT);
	/* 0 stays 0: unlimited, as getNumAddressBits() reports it. */
	spec.address_bits = 0;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 0);
}

static void iodmacmd_spec_test_32bit_output(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped, got;
	struct iodmacmd_cmd *cmd;

	spec.output = iodmacmd_output_big32;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 32);
	spec.address_bits = 33;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	/* A custom output is never taken for a 32-bit one. */
	spec.output = iodmacmd_output_host64;
	spec.address_bits = 0;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 0);
}

static void iodmacmd_spec_test_zero_defaults(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped, got;
	struct iodmacmd_cmd *cmd;

	spec.alignment = 64;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), 0);
	KUNIT_EXPECT_EQ(test, got.max_segment_size, U64_MAX);
	KUNIT_EXPECT_EQ(test, got.max_transfer_size, U64_MAX);
	KUNIT_EXPECT_EQ(test, got.alignment, 64);
	KUNIT_EXPECT_EQ(test, got.alignment_length, 1);
	/* The internal-segment alignment defaults to the alignment. */
	KUNIT_EXPECT_EQ(test, got.alignment_internal, 64);
}

static void iodmacmd_spec_test_alignment_power_of_two(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;

	spec.alignment = 24;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.alignment = 0;
	spec.alignment_length = 3;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.alignment_length = 0;
	spec.alignment_internal = 0x1800;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.alignment_internal = 0;
	spec.segment_boundary = 0x3000;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
}

static void iodmacmd_spec_test_mapping_type(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;

	spec.mapping_options = 4;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.mapping_options = IODMACMD_MAP_UNMAPPED | 0x100;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	/* Mapped types map for a device: one is required. */
	spec.mapping_options = IODMACMD_MAP_MAPPED;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.mapping_options = IODMACMD_MAP_NONCOHERENT;
	KUNIT_EXPECT_EQ(test, PTR_ERR(iodmacmd_cmd_create(NULL, &spec, NULL)), -EINVAL);
	spec.mapping_options = IODMACMD_MAP_MAPPED;
	iodmacmd_test_cmd(test, iodmacmd_cmd_create(iodmacmd_test_device(test, 64), &spec, NULL));
	/* The no-effect flags are accepted, as on macOS. */
	spec.mapping_options = IODMACMD_MAP_UNMAPPED | IODMACMD_MAP_NO_CACHE_STORE |
			       IODMACMD_MAP_ON_CHIP;
	iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
}

static void iodmacmd_spec_test_refcon_and_device(struct kunit *test)
{
	struct device *dev = iodmacmd_test_device(test, 64);
	struct iodmacmd_cmd *cmd;
	int cookie;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(dev, &host64_unmapped, &cookie));
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_refcon(cmd), (void *)&cookie);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_device(cmd), dev);
	iodmacmd_cmd_set_refcon(cmd, NULL);
	KUNIT_EXPECT_NULL(test, iodmacmd_cmd_refcon(cmd));
}

/* IOKit's cloneCommand() swaps two alignments; ours must not. */
static void iodmacmd_spec_test_clone_keeps_alignments(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped, got;
	struct iodmacmd_cmd *cmd, *clone;
	int cookie;

	spec.address_bits = 40;
	spec.max_segment_size = 0x10000;
	spec.alignment = 8;
	spec.alignment_length = 4;
	spec.alignment_internal = 0x1000;
	spec.segment_boundary = SZ_4G;
	spec.max_segments = 17;
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	clone = iodmacmd_test_cmd(test, iodmacmd_cmd_clone(cmd, &cookie));
	KUNIT_ASSERT_EQ(test, iodmacmd_cmd_get_spec(clone, &got), 0);
	KUNIT_EXPECT_EQ(test, got.address_bits, 40);
	KUNIT_EXPECT_EQ(test, got.max_segment_size, 0x10000);
	KUNIT_EXPECT_EQ(test, got.alignment, 8);
	KUNIT_EXPECT_EQ(test, got.alignment_length, 4);
	KUNIT_EXPECT_EQ(test, got.alignment_internal, 0x1000);
	KUNIT_EXPECT_EQ(test, got.segment_boundary, SZ_4G);
	KUNIT_EXPECT_EQ(test, got.max_segments, 17);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_cmd_refcon(clone), (void *)&cookie);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(clone));
}

static void iodmacmd_spec_test_unspecified(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = buf->phys, .length = PAGE_SIZE };
	struct iodmacmd_spec got;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;

	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create_unspecified(NULL, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_cmd_get_spec(cmd, &got), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &host64_unmapped, 0, 0, 0), 0);
	/* A prepared command cannot change its specification. */
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare_with_spec(cmd, &host64_unmapped, 0, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_spec_test_bypassed_under_iommu(struct kunit *test)
{
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;
	struct device *dev;

	if (!iodmacmd_test_edu)
		kunit_skip(test, "no edu device");
	dev = &iodmacmd_test_edu->dev;
	spec.mapping_options = IODMACMD_MAP_BYPASSED;
	cmd = iodmacmd_cmd_create(dev, &spec, NULL);
	if (iodmacmd_test_translated(dev)) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(cmd), -EINVAL);
	} else {
		KUNIT_EXPECT_FALSE(test, IS_ERR(cmd));
		iodmacmd_test_cmd(test, cmd);
	}
}

/* --- the prepare / complete state machine --- */

static void iodmacmd_state_test_prepare_needs_md(struct kunit *test)
{
	struct iodmacmd_cmd *cmd;

	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, false), 0);
}

static void iodmacmd_state_test_nesting(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_cmd *cmd;
	u64 off, len;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, 2 * PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0x100, 0x800, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0x100, 0x800, 0), 0);
	/* A nested prepare of another range fails and changes nothing. */
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 0x800, 0), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepared_range(cmd, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, 0x100);
	KUNIT_EXPECT_EQ(test, len, 0x800);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, &len), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), -EBUSY);
}

/* IOKit: length 0 means the whole descriptor; past the end is refused. */
static void iodmacmd_state_test_range_checks(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_cmd *cmd;
	u64 len;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, 2 * PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0x10, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 2 * PAGE_SIZE + 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 2 * PAGE_SIZE, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, U64_MAX, 2, 0), -EINVAL);
	/* Failed prepares roll back: the command is not prepared. */
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepared_range(cmd, NULL, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_state_test_max_transfer(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.max_transfer_size = PAGE_SIZE;
	cmd = phys_cmd(test, &spec, buf, 0, 2 * PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, PAGE_SIZE + 1, 0), -ENOSPC);
	/* Strictly greater than: exactly the maximum is fine. */
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, PAGE_SIZE, PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_state_test_length_alignment(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.alignment_length = 512;
	cmd = phys_cmd(test, &spec, buf, 0, 2 * PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 1000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 512, 1024, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_state_test_max_segments(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;

	spec.max_segment_size = PAGE_SIZE;
	spec.max_segments = 3;
	cmd = phys_cmd(test, &spec, buf, 0, 4 * PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 4 * PAGE_SIZE, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepare(cmd, 0, 3 * PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static void iodmacmd_state_test_set_md_busy(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_range r = { .address = buf->phys, .length = PAGE_SIZE };
	struct iodmacmd_md *md, *other;
	struct iodmacmd_cmd *cmd;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, PAGE_SIZE, &md);
	other = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_IN));
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, other, true), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(cmd, true), 0);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(cmd));
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, other, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), 0);
}

/* IOKit: re-attaching the same descriptor adds no prepare level. */
static void iodmacmd_state_test_set_same_md(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, PAGE_SIZE, &md);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), -EBUSY);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	/* ...and with auto_prepare false completes every level. */
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, false), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_prepared_range(cmd, NULL, NULL), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, iodmacmd_get_md(cmd), md);
}

/* A failed automatic prepare leaves nothing attached. */
static void iodmacmd_state_test_auto_prepare_fails(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = buf->phys, .length = 100 };
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;

	spec.alignment_length = 64;
	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &spec, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(cmd, md, true), -EINVAL);
	KUNIT_EXPECT_NULL(test, iodmacmd_get_md(cmd));
}

/*
 * Destroying a prepared command completes and detaches (IOKit leaks the
 * descriptor). Were the mapping kept, freeing the descriptor at the end of
 * the test would WARN; were the reference kept, kmemleak would report the
 * descriptor: the harness fails the run on either.
 */
static void iodmacmd_state_test_destroy_prepared(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_range r = { .address = buf->phys, .length = PAGE_SIZE };
	struct iodmacmd_cmd *cmd, *other;
	struct iodmacmd_md *md;

	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(&r, 1, IODMACMD_DIR_OUT));
	cmd = iodmacmd_cmd_create(NULL, &host64_unmapped, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	iodmacmd_cmd_destroy(cmd);
	/* The descriptor is free for another command. */
	other = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
	KUNIT_EXPECT_EQ(test, iodmacmd_set_md(other, md, true), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_clear_md(other, true), 0);
}

/* --- genIOVMSegments --- */

static void iodmacmd_gen_test_not_prepared(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_segment seg[2];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 2), -EBUSY);
}

static void iodmacmd_gen_test_bad_arguments(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_segment seg[2];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, NULL, seg, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, NULL, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments_with(cmd, NULL, &off, seg, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* At the end of the range too: the quick "0, done" never hides them. */
	off = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, NULL, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments_with(cmd, NULL, &off, seg, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE);
}

/* At the end: 0 segments and nothing touched; beyond it: -ERANGE. */
static void iodmacmd_gen_test_overrun(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_segment seg[1] = { { .addr = 0x55, .len = 0x66 } };
	struct iodmacmd_cmd *cmd;
	u64 off;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	off = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 1), 0);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE);
	off = PAGE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, off, PAGE_SIZE + 1);
	KUNIT_EXPECT_EQ(test, seg[0].addr, 0x55);
	KUNIT_EXPECT_EQ(test, seg[0].len, 0x66);
}

struct split_case {
	const char *name;
	u32 internal;
	unsigned int nsegs;
	u64 expect[3][2];	/* offset from the buffer, length */
};

/* The splitting example of the behaviour spec, section 5. */
static const struct split_case split_cases[] = {
	{ "internal 0x1000", 0x1000, 3,
	  { { 0x1800, 0x800 }, { 0x2000, 0x1000 }, { 0x3000, 0x800 } } },
	{ "internal 1", 1, 2, { { 0x1800, 0x1000 }, { 0x2800, 0x1000 } } },
};

static void split_case_desc(const struct split_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(split, split_cases, split_case_desc);

static void iodmacmd_gen_test_split_example(struct kunit *test)
{
	const struct split_case *c = test->param_value;
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 3);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg[4];
	struct iodmacmd_cmd *cmd;
	unsigned int i;
	u64 off = 0;

	spec.max_segment_size = 0x1000;
	spec.alignment = 1;
	spec.alignment_internal = c->internal;
	/* A run at 0x1800 (relative to a 32 KiB aligned buffer), 0x2000 long. */
	cmd = phys_cmd(test, &spec, buf, 0x1800, 0x2000, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, ARRAY_SIZE(seg)), c->nsegs);
	for (i = 0; i < c->nsegs; i++) {
		KUNIT_EXPECT_EQ_MSG(test, seg[i].addr - buf->phys, c->expect[i][0],
				    "segment %u", i);
		KUNIT_EXPECT_EQ_MSG(test, seg[i].len, c->expect[i][1], "segment %u", i);
	}
	KUNIT_EXPECT_EQ(test, off, 0x2000);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* The offset advances to the end of the last segment; one slot at a time. */
static void iodmacmd_gen_test_one_slot(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg;
	struct iodmacmd_cmd *cmd;
	u64 off = 0, expect = 0x100;
	int n, calls = 0;

	spec.max_segment_size = PAGE_SIZE;
	cmd = phys_cmd(test, &spec, buf, 0x100, 3 * PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	while ((n = iodmacmd_gen_segments(cmd, &off, &seg, 1)) > 0) {
		KUNIT_EXPECT_EQ(test, n, 1);
		KUNIT_EXPECT_EQ(test, seg.addr, buf->phys + expect);
		KUNIT_EXPECT_EQ(test, off, expect + seg.len - 0x100);
		expect += seg.len;
		calls++;
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, calls, 3);
	KUNIT_EXPECT_EQ(test, off, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* A prepared window: offsets are relative to it and segments stay inside. */
static void iodmacmd_gen_test_prepared_window(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_segment seg[4];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	cmd = phys_cmd(test, &host64_unmapped, buf, 0, 4 * PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0x1234, 0x2000, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 4), 1);
	KUNIT_EXPECT_EQ(test, seg[0].addr, buf->phys + 0x1234);
	KUNIT_EXPECT_EQ(test, seg[0].len, 0x2000);
	/* Restarting anywhere begins exactly at that byte. */
	off = 0x10;
	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 4), 1);
	KUNIT_EXPECT_EQ(test, seg[0].addr, buf->phys + 0x1244);
	KUNIT_EXPECT_EQ(test, seg[0].len, 0x1ff0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* Contiguous ranges coalesce into one segment; a gap separates them. */
static void iodmacmd_gen_test_coalesce_ranges(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_range r[3] = {
		{ buf->phys, 0x800 }, { buf->phys + 0x800, 0x1800 }, { buf->phys + 0x3000, 0x100 },
	};
	struct iodmacmd_segment seg[4];
	struct iodmacmd_cmd *cmd;
	struct iodmacmd_md *md;
	u64 off = 0;

	md = iodmacmd_test_md(test, iodmacmd_md_create_phys(r, 3, IODMACMD_DIR_OUT));
	cmd = iodmacmd_test_cmd(test, iodmacmd_cmd_create(NULL, &host64_unmapped, NULL));
	KUNIT_ASSERT_EQ(test, iodmacmd_set_md(cmd, md, true), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 4), 2);
	KUNIT_EXPECT_EQ(test, seg[0].addr, buf->phys);
	KUNIT_EXPECT_EQ(test, seg[0].len, 0x2000);
	KUNIT_EXPECT_EQ(test, seg[1].addr, buf->phys + 0x3000);
	KUNIT_EXPECT_EQ(test, seg[1].len, 0x100);
	KUNIT_EXPECT_EQ(test, off, 0x2100);
}

/* The boundary extension: no segment crosses it. */
static void iodmacmd_gen_test_boundary(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 3);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg[4];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	spec.segment_boundary = 0x2000;
	cmd = phys_cmd(test, &spec, buf, 0x1000, 0x4000, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 4), 3);
	KUNIT_EXPECT_EQ(test, seg[0].addr, buf->phys + 0x1000);
	KUNIT_EXPECT_EQ(test, seg[0].len, 0x1000);
	KUNIT_EXPECT_EQ(test, seg[1].addr, buf->phys + 0x2000);
	KUNIT_EXPECT_EQ(test, seg[1].len, 0x2000);
	KUNIT_EXPECT_EQ(test, seg[2].len, 0x1000);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static bool refuse_second(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			  void *segments, u32 index)
{
	if (index == 1)
		return false;
	return iodmacmd_output_host64(cmd, seg, segments, index);
}

/* A refusing output: an error, earlier entries written, offset unchanged. */
static void iodmacmd_gen_test_output_refuses(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 2);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg[4] = {};
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	spec.max_segment_size = PAGE_SIZE;
	cmd = phys_cmd(test, &spec, buf, 0, 3 * PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments_with(cmd, refuse_second, &off, seg, 4),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, seg[0].addr, buf->phys);
	KUNIT_EXPECT_EQ(test, seg[0].len, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, seg[1].len, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* The byte layout of each built-in output function. */
static void iodmacmd_gen_test_output_layouts(struct kunit *test)
{
	struct iodmacmd_segment s = { .addr = 0x11223344, .len = 0x5566 };
	struct iodmacmd_segment big = { .addr = 0x100000000ULL, .len = 8 };
	u8 out[32];

	memset(out, 0xff, sizeof(out));
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_big32(NULL, s, out, 1));
	KUNIT_EXPECT_EQ(test, out[8], 0x11);
	KUNIT_EXPECT_EQ(test, out[11], 0x44);
	KUNIT_EXPECT_EQ(test, out[14], 0x55);
	KUNIT_EXPECT_EQ(test, out[15], 0x66);
	KUNIT_EXPECT_EQ(test, out[0], 0xff);
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_little32(NULL, s, out, 0));
	KUNIT_EXPECT_EQ(test, out[0], 0x44);
	KUNIT_EXPECT_EQ(test, out[3], 0x11);
	KUNIT_EXPECT_EQ(test, out[4], 0x66);
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_host32(NULL, s, out, 0));
	KUNIT_EXPECT_EQ(test, ((struct iodmacmd_segment32 *)out)->fIOVMAddr, 0x11223344);
	KUNIT_EXPECT_EQ(test, ((struct iodmacmd_segment32 *)out)->fLength, 0x5566);
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_big64(NULL, s, out, 1));
	KUNIT_EXPECT_EQ(test, out[16 + 4], 0x11);
	KUNIT_EXPECT_EQ(test, out[16 + 15], 0x66);
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_little64(NULL, s, out, 0));
	KUNIT_EXPECT_EQ(test, out[0], 0x44);
	KUNIT_EXPECT_EQ(test, out[8], 0x66);
	KUNIT_ASSERT_TRUE(test, iodmacmd_output_host64(NULL, s, out, 0));
	KUNIT_EXPECT_EQ(test, ((struct iodmacmd_segment *)out)->fIOVMAddr, 0x11223344);
	/* IOKit truncates here; a wrong address must never reach a device. */
	KUNIT_EXPECT_FALSE(test, iodmacmd_output_host32(NULL, big, out, 0));
	KUNIT_EXPECT_FALSE(test, iodmacmd_output_big32(NULL, big, out, 0));
	KUNIT_EXPECT_FALSE(test, iodmacmd_output_little32(NULL, big, out, 0));
}

/* IterateOnly never bounces: an unaligned start is an error at generation. */
static void iodmacmd_gen_test_iterate_only_alignment(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 1);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg[2];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	spec.mapping_options |= IODMACMD_MAP_ITERATE_ONLY;
	spec.alignment = 0x100;
	cmd = phys_cmd(test, &spec, buf, 0x80, 0x1000, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* From an aligned byte it succeeds. */
	off = 0x80;
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 2), 1);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

/* Without bouncing, a command that cannot reach the memory refuses it. */
static void iodmacmd_gen_test_address_limit(struct kunit *test)
{
	struct iodmacmd_test_buf *buf = iodmacmd_test_buf_alloc(test, 0);
	struct iodmacmd_spec spec = host64_unmapped;
	struct iodmacmd_segment seg[2];
	struct iodmacmd_cmd *cmd;
	u64 off = 0;

	/* Every page lies above 4 KiB: 12 address bits reach none of them. */
	spec.address_bits = PAGE_SHIFT;
	spec.mapping_options |= IODMACMD_MAP_ITERATE_ONLY;
	cmd = phys_cmd(test, &spec, buf, 0, PAGE_SIZE, NULL);
	KUNIT_ASSERT_EQ(test, iodmacmd_prepare(cmd, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_gen_segments(cmd, &off, seg, 2), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, iodmacmd_complete(cmd, 0), 0);
}

static struct kunit_case iodmacmd_spec_test_cases[] = {
	KUNIT_CASE(iodmacmd_spec_test_requires_output),
	KUNIT_CASE(iodmacmd_spec_test_address_bits),
	KUNIT_CASE(iodmacmd_spec_test_32bit_output),
	KUNIT_CASE(iodmacmd_spec_test_zero_defaults),
	KUNIT_CASE(iodmacmd_spec_test_alignment_power_of_two),
	KUNIT_CASE(iodmacmd_spec_test_mapping_type),
	KUNIT_CASE(iodmacmd_spec_test_refcon_and_device),
	KUNIT_CASE(iodmacmd_spec_test_clone_keeps_alignments),
	KUNIT_CASE(iodmacmd_spec_test_unspecified),
	KUNIT_CASE(iodmacmd_spec_test_bypassed_under_iommu),
	{}
};

static int iodmacmd_spec_suite_init(struct kunit_suite *suite)
{
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_spec_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
}

static struct kunit_suite iodmacmd_spec_test_suite = {
	.name = "iodmacmd_spec",
	.suite_init = iodmacmd_spec_suite_init,
	.suite_exit = iodmacmd_spec_suite_exit,
	.test_cases = iodmacmd_spec_test_cases,
};

static struct kunit_case iodmacmd_state_test_cases[] = {
	KUNIT_CASE(iodmacmd_state_test_prepare_needs_md),
	KUNIT_CASE(iodmacmd_state_test_nesting),
	KUNIT_CASE(iodmacmd_state_test_range_checks),
	KUNIT_CASE(iodmacmd_state_test_max_transfer),
	KUNIT_CASE(iodmacmd_state_test_length_alignment),
	KUNIT_CASE(iodmacmd_state_test_max_segments),
	KUNIT_CASE(iodmacmd_state_test_set_md_busy),
	KUNIT_CASE(iodmacmd_state_test_set_same_md),
	KUNIT_CASE(iodmacmd_state_test_auto_prepare_fails),
	KUNIT_CASE(iodmacmd_state_test_destroy_prepared),
	{}
};

static struct kunit_suite iodmacmd_state_test_suite = {
	.name = "iodmacmd_state",
	.test_cases = iodmacmd_state_test_cases,
};

static struct kunit_case iodmacmd_gen_test_cases[] = {
	KUNIT_CASE(iodmacmd_gen_test_not_prepared),
	KUNIT_CASE(iodmacmd_gen_test_bad_arguments),
	KUNIT_CASE(iodmacmd_gen_test_overrun),
	KUNIT_CASE_PARAM(iodmacmd_gen_test_split_example, split_gen_params),
	KUNIT_CASE(iodmacmd_gen_test_one_slot),
	KUNIT_CASE(iodmacmd_gen_test_prepared_window),
	KUNIT_CASE(iodmacmd_gen_test_coalesce_ranges),
	KUNIT_CASE(iodmacmd_gen_test_boundary),
	KUNIT_CASE(iodmacmd_gen_test_output_refuses),
	KUNIT_CASE(iodmacmd_gen_test_output_layouts),
	KUNIT_CASE(iodmacmd_gen_test_iterate_only_alignment),
	KUNIT_CASE(iodmacmd_gen_test_address_limit),
	{}
};

static struct kunit_suite iodmacmd_gen_test_suite = {
	.name = "iodmacmd_gen",
	.test_cases = iodmacmd_gen_test_cases,
};

kunit_test_suites(&iodmacmd_spec_test_suite, &iodmacmd_state_test_suite,
		  &iodmacmd_gen_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for iodmacmd's DMA command");
IODMACMD_IMPORT_NS();
