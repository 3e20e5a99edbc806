/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Buffer layouts: how a buffer of some size and format lies in memory,
 * the guest's own rule for it, and the checks a host's answer must pass.
 * The interface other blocks use.
 */
#ifndef VGH_LAYOUT_H
#define VGH_LAYOUT_H

#include <linux/types.h>

/* Planes a layout describes at most (as RESOURCE_QUERY_LAYOUT does). */
#define VGH_LAYOUT_MAX_PLANES	4

/**
 * struct vgh_layout_plane - where one plane of a buffer lies
 * @offset: byte offset of its first row
 * @stride: bytes from one row to the next
 */
struct vgh_layout_plane {
	u64 offset;
	u32 stride;
};

/**
 * struct vgh_layout - how a buffer lies in memory
 * @modifier: DRM format modifier (DRM_FORMAT_MOD_LINEAR is 0)
 * @size: bytes of the whole buffer, a multiple of @alignment
 * @alignment: alignment of the buffer's start and size, a power of two
 * @num_planes: planes of the format
 * @planes: the planes
 */
struct vgh_layout {
	u64 modifier;
	u64 size;
	u32 alignment;
	u32 num_planes;
	struct vgh_layout_plane planes[VGH_LAYOUT_MAX_PLANES];
};

int vgh_layout_linear(u32 fourcc, u32 width, u32 height, u32 pitch_align,
		      u32 alignment, struct vgh_layout *l);
int vgh_layout_check(u32 fourcc, u32 width, u32 height,
		     const struct vgh_layout *l, const char **why);

#endif /* VGH_LAYOUT_H */
