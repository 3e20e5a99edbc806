/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * GEM objects of the virtio-gpu-heap driver: the interface other blocks
 * use. The object layout itself is private to vgh_gem.c.
 */
#ifndef VGH_GEM_H
#define VGH_GEM_H

#include <linux/types.h>

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_gem_object;
struct drm_mode_create_dumb;
struct vgh_device;

/**
 * struct vgh_rect - a rectangle in a resource, in pixels
 * @x: left edge
 * @y: top edge
 * @width: width
 * @height: height
 */
struct vgh_rect {
	u32 x;
	u32 y;
	u32 width;
	u32 height;
};

/**
 * struct vgh_bo_params - what a new buffer object is for
 * @size: bytes of memory; rounded up to whole pages
 * @width: width of the host resource in pixels
 * @height: height of the host resource in pixels
 * @format: VIRTIO_GPU_FORMAT_* of the host resource
 */
struct vgh_bo_params {
	u64 size;
	u32 width;
	u32 height;
	u32 format;
};

int vgh_gem_init(struct vgh_device *vgdev);
struct drm_gem_object *vgh_gem_create_object(struct drm_device *drm,
					     size_t size);
struct drm_gem_object *vgh_bo_create(struct vgh_device *vgdev,
				     const struct vgh_bo_params *params);
int vgh_gem_dumb_create(struct drm_file *file, struct drm_device *drm,
			struct drm_mode_create_dumb *args);
struct drm_gem_object *vgh_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dmabuf);

int vgh_bo_fb_resource(struct drm_gem_object *obj, u32 pitch, u32 width,
		       u32 height, u32 format, u32 *res_id);
void vgh_bo_fb_resource_put(struct drm_gem_object *obj, u32 res_id);
int vgh_bo_transfer_to_host(struct drm_gem_object *obj, u32 res_id,
			    const struct vgh_rect *rect, u64 offset, bool wait);
int vgh_bo_flush(struct drm_gem_object *obj, u32 res_id,
		 const struct vgh_rect *rect, bool wait);

#endif /* VGH_GEM_H */
