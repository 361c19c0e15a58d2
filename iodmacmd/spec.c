// SPDX-License-Identifier: GPL-2.0
/*
 * Specifications: IODMACommand's setSpecification(), as an immutable tag.
 *
 * A specification is validated and normalised once, into the limits the
 * segment generator reads and the facts prepare needs (does the command
 * map with the DMA API, can it bounce), as FreeBSD's busdma tag is. Where
 * IOKit accepts a specification that cannot work, this refuses it at once
 * with a log line saying why, rather than letting prepare fail later with a
 * misleading error: alignments that are not powers of two, more than 64
 * address bits, a segment boundary or maximum segment size too small for
 * the alignments, and a mapped command for a device whose DMA mask was
 * never set.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <linux/slab.h>

#include "spec.h"

#define KNOWN_MAP_FLAGS (IODMACMD_MAP_TYPE_MASK | IODMACMD_MAP_NO_CACHE_STORE | \
			 IODMACMD_MAP_ON_CHIP | IODMACMD_MAP_ITERATE_ONLY)

static bool map_type_uses_dma_api(u32 type)
{
	return type == IODMACMD_MAP_MAPPED || type == IODMACMD_MAP_NONCOHERENT;
}

/**
 * iodmacmd_device_translated() - whether an IOMMU translates for a device
 * @dev: the device, or %NULL
 *
 * Physical addresses mean nothing to a device behind a translating IOMMU,
 * and the memory it reaches is whatever the IOMMU maps.
 *
 * Return: true for a device in a translating IOMMU domain.
 */
bool iodmacmd_device_translated(struct device *dev)
{
	struct iommu_domain *domain = dev ? iommu_get_domain_for_dev(dev) : NULL;

	return domain && domain->type != IOMMU_DOMAIN_IDENTITY;
}

static bool pow2_or_zero(u64 v)
{
	return !v || is_power_of_2(v);
}

static IOReturn spec_error(struct device *dev, const char *why)
{
	if (dev)
		dev_warn_ratelimited(dev, "iodmacmd: invalid DMA specification: %s\n", why);
	else
		pr_warn_ratelimited("invalid DMA specification: %s\n", why);
	return kIOReturnBadArgument;
}

static IOReturn normalise_bits(struct device *dev, const struct iodmacmd_spec *in,
			       struct iodmacmd_spec *out)
{
	unsigned int bits = in->address_bits;

	if (iodmacmd_output_is_32bit(in->output)) {
		if (!bits)
			bits = 32;
		else if (bits > 32)
			return spec_error(dev, "more than 32 address bits for a 32-bit output");
	}
	if (bits && bits < PAGE_SHIFT)
		return spec_error(dev, "fewer address bits than a page");
	if (bits > 64)
		return spec_error(dev, "more than 64 address bits");
	out->address_bits = bits;
	return kIOReturnSuccess;
}

/*
 * Sizes and alignments that can never all be met are refused here: prepare
 * would otherwise fail on every transfer with an error that names memory.
 */
static IOReturn normalise_sizes(struct device *dev, struct iodmacmd_spec *out)
{
	u64 widest;

	if (!out->max_segment_size)
		out->max_segment_size = U64_MAX;
	if (!out->max_transfer_size)
		out->max_transfer_size = U64_MAX;
	if (!out->alignment)
		out->alignment = 1;
	if (!out->alignment_length)
		out->alignment_length = 1;
	if (!out->alignment_internal)
		out->alignment_internal = out->alignment;
	if (!is_power_of_2(out->alignment) || !is_power_of_2(out->alignment_length) ||
	    !is_power_of_2(out->alignment_internal))
		return spec_error(dev, "an alignment is not a power of two");
	if (!pow2_or_zero(out->segment_boundary))
		return spec_error(dev, "the segment boundary is not a power of two");
	/* A boundary of 1 would be stored as "none" and silently ignored. */
	if (out->segment_boundary == 1)
		return spec_error(dev, "a segment boundary of one byte");
	widest = max3(out->alignment, out->alignment_length, out->alignment_internal);
	if (out->segment_boundary && out->segment_boundary < widest)
		return spec_error(dev, "the segment boundary is smaller than an alignment");
	if (out->max_segment_size < max(out->alignment_length, out->alignment_internal))
		return spec_error(dev, "the maximum segment size is smaller than an alignment");
	return kIOReturnSuccess;
}

static IOReturn check_mapping(struct device *dev, struct iodmacmd_spec *out, u32 *type)
{
	*type = out->mapping_options & IODMACMD_MAP_TYPE_MASK;
	if (*type > IODMACMD_MAP_UNMAPPED || (out->mapping_options & ~KNOWN_MAP_FLAGS))
		return spec_error(dev, "unknown mapping options");
	if (map_type_uses_dma_api(*type) && !dev)
		return spec_error(dev, "a mapped command needs a struct device");
	/* The DMA API WARNs and maps nothing for a device without a mask. */
	if (map_type_uses_dma_api(*type) && (!dev->dma_mask || !*dev->dma_mask))
		return spec_error(dev, "the device has no DMA mask: set one first");
	if (*type == IODMACMD_MAP_BYPASSED && iodmacmd_device_translated(dev))
		return spec_error(dev, "Bypassed under an IOMMU");
	return kIOReturnSuccess;
}

/**
 * iodmacmd_tag_create() - validate a specification into a tag
 * @dev: the device, or %NULL for the physical types
 * @spec: the specification
 * @ret: set to kIOReturnBadArgument (logged with the reason) or
 *	kIOReturnNoMemory on failure
 *
 * Context: process context, may sleep.
 * Return: the tag with one reference and a reference on @dev, or %NULL.
 */
struct iodmacmd_tag *iodmacmd_tag_create(struct device *dev, const struct iodmacmd_spec *spec,
					 IOReturn *ret)
{
	struct iodmacmd_tag *tag;
	struct iodmacmd_spec s;
	struct iodmacmd_limits *lim;

	*ret = kIOReturnBadArgument;
	if (!spec || !spec->output)
		return NULL;
	s = *spec;
	*ret = normalise_bits(dev, spec, &s);
	if (!*ret)
		*ret = normalise_sizes(dev, &s);
	if (*ret)
		return NULL;
	tag = kzalloc(sizeof(*tag), GFP_KERNEL);
	if (!tag) {
		*ret = kIOReturnNoMemory;
		return NULL;
	}
	*ret = check_mapping(dev, &s, &tag->map_type);
	if (*ret) {
		kfree(tag);
		return NULL;
	}
	kref_init(&tag->ref);
	tag->dev = get_device(dev);
	tag->spec = s;
	tag->dma_api = map_type_uses_dma_api(tag->map_type);
	tag->may_bounce = !(s.mapping_options & IODMACMD_MAP_ITERATE_ONLY);
	lim = &tag->limits;
	lim->addr_mask = (!s.address_bits || s.address_bits == 64) ? U64_MAX :
			 (1ULL << s.address_bits) - 1;
	lim->max_segment_size = s.max_segment_size;
	lim->align_mask = s.alignment - 1;
	lim->length_align_mask = s.alignment_length - 1;
	lim->internal_align_mask = s.alignment_internal - 1;
	lim->boundary_mask = s.segment_boundary ? s.segment_boundary - 1 : 0;
	return tag;
}

static void tag_free(struct kref *ref)
{
	struct iodmacmd_tag *tag = container_of(ref, struct iodmacmd_tag, ref);

	put_device(tag->dev);
	kfree_rcu(tag, rcu);
}

/**
 * iodmacmd_tag_put() - drop a reference
 * @tag: the tag, or %NULL
 *
 * Context: process context.
 */
void iodmacmd_tag_put(struct iodmacmd_tag *tag)
{
	if (tag)
		kref_put(&tag->ref, tag_free);
}
