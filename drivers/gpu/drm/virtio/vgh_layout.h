/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Buffer layouts: how a buffer of some size and format lies in memory,
 * the guest's own rule for it, and the checks a host's answer must pass.
 * The interface other blocks use.
 */
#ifndef VGH_LAYOUT_H
#define VGH_LAYOUT_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/virtio_gpu_heap.h>

struct vgh_device;
struct drm_printer;

/* Planes a layout describes at most (as RESOURCE_QUERY_LAYOUT does). */
#define VGH_LAYOUT_MAX_PLANES	4

/* Uses of a buffer: the bits RESOURCE_QUERY_LAYOUT carries. */
#define VGH_LAYOUT_SCANOUT	VIRTIO_GPU_LAYOUT_USE_SCANOUT
#define VGH_LAYOUT_RENDER	VIRTIO_GPU_LAYOUT_USE_RENDER
#define VGH_LAYOUT_LINEAR	VIRTIO_GPU_LAYOUT_USE_LINEAR
#define VGH_LAYOUT_USES		(VGH_LAYOUT_SCANOUT | VGH_LAYOUT_RENDER | \
				 VGH_LAYOUT_LINEAR)

/* Where a layout came from: vgh_layout_get()'s @how. */
#define VGH_LAYOUT_FROM_HOST	BIT(0)
#define VGH_LAYOUT_CACHED	BIT(1)
#define VGH_LAYOUT_REFUSED	BIT(2)

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
 * @stride_align: every stride is a multiple of it, a power of two; for a
 *	linear layout, any such stride of at least a row is accepted too
 * @num_planes: planes of the format
 * @planes: the planes
 */
struct vgh_layout {
	u64 modifier;
	u64 size;
	u32 alignment;
	u32 stride_align;
	u32 num_planes;
	struct vgh_layout_plane planes[VGH_LAYOUT_MAX_PLANES];
};

int vgh_layout_linear(u32 fourcc, u32 width, u32 height, u32 pitch_align,
		      u32 alignment, struct vgh_layout *l);
int vgh_layout_check(u32 fourcc, u32 width, u32 height, u32 usage,
		     const struct vgh_layout *l, const char **why);

int vgh_layout_init(struct vgh_device *vgdev);
int vgh_layout_get(struct vgh_device *vgdev, u32 fourcc, u32 width,
		   u32 height, u32 usage, struct vgh_layout *l, u32 *how);
void vgh_layout_print(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_LAYOUT_H */
