// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Buffer layouts of the virtio-gpu-heap driver.
 */

/**
 * DOC: Buffer layouts
 *
 * A layout says how a buffer of a given width, height and DRM format lies
 * in memory: the format modifier, per plane the offset and the stride,
 * the total size and the alignment of start and size. The guest has a
 * rule of its own (vgh_layout_linear(): linear planes, rows padded to a
 * pitch alignment, planes one after the other), and a host that knows
 * what its GPU and display want can answer with another. Userspace cannot
 * work this out alone: the rule belongs to the host's GPU and display
 * engine, which the guest does not see, and differs between hosts behind
 * the same virtio device.
 *
 * A host's answer is checked before anything uses it
 * (vgh_layout_check()): the right number of planes; an alignment that is
 * a power of two up to 1 MiB; a size that is not zero, at most 2 GiB (the
 * largest buffer object) and a multiple of the alignment; every stride
 * at least a row of its plane; every plane inside the size; no two
 * planes whose ranges, first byte to last, overlap. All arithmetic is in 64 bits on 32-bit inputs,
 * so nothing in it can wrap. A layout that fails is refused with the
 * reason; the driver never maps or hands out memory sized by an answer
 * it did not check.
 */

#include <linux/array_size.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include <drm/drm_fourcc.h>

#include "vgh_drv.h"
#include "vgh_layout.h"

/* Largest side of a buffer, and largest buffer, as for buffer objects. */
#define VGH_LAYOUT_MAX_DIM	16384
#define VGH_LAYOUT_MAX_SIZE	SZ_2G

/*
 * Formats a layout can be made or checked for: those the planes show and
 * those host GPUs render video into. drm_format_info() warns about a
 * format it does not know, so only these reach it.
 */
static const u32 vgh_layout_formats[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_ARGB8888,
	DRM_FORMAT_XBGR8888,
	DRM_FORMAT_ABGR8888,
	DRM_FORMAT_RGB565,
	DRM_FORMAT_NV12,
};

static const struct drm_format_info *vgh_layout_format(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgh_layout_formats); i++)
		if (vgh_layout_formats[i] == fourcc)
			return drm_format_info(fourcc);
	return NULL;
}

/* Bytes of one row of plane @i, and its rows. */
static void vgh_plane_dims(const struct drm_format_info *info, unsigned int i,
			   u32 width, u32 height, u64 *row, u32 *rows)
{
	*row = (u64)drm_format_info_plane_width(info, width, i) * info->cpp[i];
	*rows = drm_format_info_plane_height(info, height, i);
}

/**
 * vgh_layout_linear() - the guest's own layout of a buffer
 * @fourcc: DRM_FORMAT_* of the buffer: XRGB8888, ARGB8888, XBGR8888,
 *	ABGR8888, RGB565 or NV12
 * @width: width in pixels, 1 to 16384
 * @height: height in pixels, 1 to 16384
 * @pitch_align: alignment of every stride and plane offset, a power of two
 * @alignment: alignment of the size, a power of two
 * @l: filled in on success
 *
 * Linear planes one after the other, each row padded to @pitch_align.
 *
 * Return: 0; -EINVAL for another format, a size
 * out of range, an alignment that is not a power of two, or a buffer
 * larger than 2 GiB.
 */
int vgh_layout_linear(u32 fourcc, u32 width, u32 height, u32 pitch_align,
		      u32 alignment, struct vgh_layout *l)
{
	const struct drm_format_info *info = vgh_layout_format(fourcc);
	u64 offset = 0, row, stride;
	unsigned int i;
	u32 rows;

	if (!info || !width || width > VGH_LAYOUT_MAX_DIM || !height ||
	    height > VGH_LAYOUT_MAX_DIM || !is_power_of_2(pitch_align) ||
	    !is_power_of_2(alignment))
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->modifier = DRM_FORMAT_MOD_LINEAR;
	l->alignment = alignment;
	l->num_planes = info->num_planes;
	for (i = 0; i < info->num_planes; i++) {
		vgh_plane_dims(info, i, width, height, &row, &rows);
		stride = round_up(row, pitch_align);
		if (stride > U32_MAX)
			return -EINVAL;
		offset = round_up(offset, pitch_align);
		l->planes[i].offset = offset;
		l->planes[i].stride = stride;
		offset += stride * rows;
	}
	l->size = round_up(offset, alignment);
	return l->size > VGH_LAYOUT_MAX_SIZE ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_layout_linear);

/* Bytes from plane @i's offset to the end of its last row. */
static u64 vgh_plane_span(const struct vgh_layout *l, unsigned int i, u64 row,
			  u32 rows)
{
	return (u64)l->planes[i].stride * (rows - 1) + row;
}

/**
 * vgh_layout_check() - whether a layout from the host can be used
 * @fourcc: DRM_FORMAT_* of the buffer asked about
 * @width: its width in pixels
 * @height: its height in pixels
 * @l: the layout the host answered
 * @why: on failure, what is wrong, for the log
 *
 * Return: 0 when @l describes a buffer of @width x @height pixels of
 * @fourcc that fits its own size; -EINVAL for a request the guest would
 * not make; -EPROTO for a layout that does not hold.
 */
int vgh_layout_check(u32 fourcc, u32 width, u32 height,
		     const struct vgh_layout *l, const char **why)
{
	const struct drm_format_info *info = vgh_layout_format(fourcc);
	u64 row[VGH_LAYOUT_MAX_PLANES], span, start_i, start_j;
	u32 rows[VGH_LAYOUT_MAX_PLANES];
	unsigned int i, j;

	*why = "a request the guest would not make";
	if (!info || !width || width > VGH_LAYOUT_MAX_DIM || !height ||
	    height > VGH_LAYOUT_MAX_DIM)
		return -EINVAL;
	*why = "a plane count other than the format's";
	if (l->num_planes != info->num_planes)
		return -EPROTO;
	*why = "an alignment that is not a power of two up to 1 MiB";
	if (!is_power_of_2(l->alignment) || l->alignment > VGH_MAX_BLOB_ALIGN)
		return -EPROTO;
	*why = "a size of 0, above 2 GiB or not a multiple of the alignment";
	if (!l->size || l->size > VGH_LAYOUT_MAX_SIZE ||
	    !IS_ALIGNED(l->size, l->alignment))
		return -EPROTO;
	for (i = 0; i < l->num_planes; i++) {
		vgh_plane_dims(info, i, width, height, &row[i], &rows[i]);
		*why = "a stride smaller than a row";
		if (l->planes[i].stride < row[i])
			return -EPROTO;
		*why = "a plane that reaches past the size";
		span = vgh_plane_span(l, i, row[i], rows[i]);
		if (l->planes[i].offset > l->size ||
		    span > l->size - l->planes[i].offset)
			return -EPROTO;
	}
	*why = "planes that overlap";
	for (i = 0; i < l->num_planes; i++) {
		start_i = l->planes[i].offset;
		for (j = i + 1; j < l->num_planes; j++) {
			start_j = l->planes[j].offset;
			if (start_i < start_j + vgh_plane_span(l, j, row[j], rows[j]) &&
			    start_j < start_i + vgh_plane_span(l, i, row[i], rows[i]))
				return -EPROTO;
		}
	}
	*why = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_layout_check);
