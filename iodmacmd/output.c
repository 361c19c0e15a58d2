// SPDX-License-Identifier: GPL-2.0
/*
 * The six built-in output functions: IOKit's kIODMACommandOutputHost32,
 * Big32, Little32, Host64, Big64 and Little64. Each writes segment @seg
 * into slot @index of an array of 8-byte (32-bit) or 16-byte (64-bit)
 * entries, address first, in host, big or little endian byte order.
 *
 * Unlike IOKit, the 32-bit ones refuse a segment whose address or length
 * does not fit in 32 bits instead of truncating it silently, so the
 * generator reports kIOReturnMessageTooLarge rather than handing a device a
 * wrong address. Entries may be unaligned (a device descriptor ring need
 * not be), hence the unaligned stores.
 */
#include <linux/kernel.h>
#include "compat.h"

#include "checks.h"
#include "cmd.h"

static bool fits_32(struct iodmacmd_segment seg)
{
	return seg.addr <= U32_MAX && seg.len <= U32_MAX;
}

/**
 * iodmacmd_output_host32() - write a host-endian 32-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of struct iodmacmd_segment32
 * @index: slot
 *
 * Context: any context.
 * Return: false if the address or length needs more than 32 bits, or for
 * a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_host32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			    void *segments, u32 index)
{
	u8 *entry = (u8 *)segments + (size_t)index * 8;

	if (iodmacmd_bad_ptr(segments))
		return false;
	if (!fits_32(seg))
		return false;
	put_unaligned((u32)seg.addr, (u32 *)entry);
	put_unaligned((u32)seg.len, (u32 *)(entry + 4));
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_host32, IODMACMD_NS);

/**
 * iodmacmd_output_big32() - write a big-endian 32-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of 8-byte entries
 * @index: slot
 *
 * Context: any context.
 * Return: false if the address or length needs more than 32 bits, or for
 * a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_big32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			   void *segments, u32 index)
{
	u8 *entry = (u8 *)segments + (size_t)index * 8;

	if (iodmacmd_bad_ptr(segments))
		return false;
	if (!fits_32(seg))
		return false;
	put_unaligned_be32(seg.addr, entry);
	put_unaligned_be32(seg.len, entry + 4);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_big32, IODMACMD_NS);

/**
 * iodmacmd_output_little32() - write a little-endian 32-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of 8-byte entries
 * @index: slot
 *
 * Context: any context.
 * Return: false if the address or length needs more than 32 bits, or for
 * a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_little32(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			      void *segments, u32 index)
{
	u8 *entry = (u8 *)segments + (size_t)index * 8;

	if (iodmacmd_bad_ptr(segments))
		return false;
	if (!fits_32(seg))
		return false;
	put_unaligned_le32(seg.addr, entry);
	put_unaligned_le32(seg.len, entry + 4);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_little32, IODMACMD_NS);

/**
 * iodmacmd_output_host64() - write a host-endian 64-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of struct iodmacmd_segment
 * @index: slot
 *
 * Context: any context.
 * Return: true; false for a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_host64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			    void *segments, u32 index)
{
	if (iodmacmd_bad_ptr(segments))
		return false;
	iodmacmd_put_host64(segments, index, seg.addr, seg.len);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_host64, IODMACMD_NS);

/**
 * iodmacmd_output_big64() - write a big-endian 64-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of 16-byte entries
 * @index: slot
 *
 * Context: any context.
 * Return: true; false for a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_big64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			   void *segments, u32 index)
{
	u8 *entry = (u8 *)segments + (size_t)index * 16;

	if (iodmacmd_bad_ptr(segments))
		return false;
	put_unaligned_be64(seg.addr, entry);
	put_unaligned_be64(seg.len, entry + 8);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_big64, IODMACMD_NS);

/**
 * iodmacmd_output_little64() - write a little-endian 64-bit segment
 * @cmd: the command (unused)
 * @seg: the segment
 * @segments: array of 16-byte entries
 * @index: slot
 *
 * Context: any context.
 * Return: true; false for a %NULL or error-pointer @segments.
 */
bool iodmacmd_output_little64(struct iodmacmd_cmd *cmd, struct iodmacmd_segment seg,
			      void *segments, u32 index)
{
	u8 *entry = (u8 *)segments + (size_t)index * 16;

	if (iodmacmd_bad_ptr(segments))
		return false;
	put_unaligned_le64(seg.addr, entry);
	put_unaligned_le64(seg.len, entry + 8);
	return true;
}
EXPORT_SYMBOL_NS_GPL(iodmacmd_output_little64, IODMACMD_NS);

/*
 * IOKit recognises its 32-bit outputs by pointer, to default the address
 * width to 32; a custom output function is never taken for 32-bit.
 */
bool iodmacmd_output_is_32bit(iodmacmd_output_t output)
{
	return output == iodmacmd_output_host32 || output == iodmacmd_output_big32 ||
	       output == iodmacmd_output_little32;
}
