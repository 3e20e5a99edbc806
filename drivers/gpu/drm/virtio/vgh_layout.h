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
#include <drm/virtgpu_heap_drm.h>

struct vgh_device;
struct drm_printer;

/* Planes a layout describes at most (as RESOURCE_QUERY_LAYOUT does). */
#define VGH_LAYOUT_MAX_PLANES	4

/*
 * The driver's words for a buffer's uses and for where its layout came
 * from are the uAPI's (DRM_VIRTGPU_HEAP_LAYOUT_*): the layout query hands
 * them through, and the uses go to the host unchanged because the wire's
 * bits (VIRTIO_GPU_LAYOUT_USE_*) have the same values, which vgh_layout.c
 * asserts at build time.
 */
#define VGH_LAYOUT_USES		(DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT | \
				 DRM_VIRTGPU_HEAP_LAYOUT_RENDER | \
				 DRM_VIRTGPU_HEAP_LAYOUT_LINEAR)
/* A buffer the CPU writes and the display shows: dumb buffers. */
#define VGH_LAYOUT_DUMB		(DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT | \
				 DRM_VIRTGPU_HEAP_LAYOUT_LINEAR)

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
