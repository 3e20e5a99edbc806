/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * GEM objects of the virtio-gpu-heap driver: the interface other blocks
 * use. The object and its backends are private to the GEM block
 * (vgh_bo.h).
 */
#ifndef VGH_GEM_H
#define VGH_GEM_H

#include <linux/types.h>

#include "vgh_drv.h"

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_gem_object;
struct drm_mode_create_dumb;
struct drm_printer;
struct vgh_client;
struct vgh_device;
struct virtio_gpu_rect;

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
 * struct vgh_box - a box in a 3D resource, in texels
 * @x: left
 * @y: top
 * @z: front
 * @w: width
 * @h: height
 * @d: depth
 */
struct vgh_box {
	u32 x, y, z;
	u32 w, h, d;
};

/**
 * struct vgh_range - guest-physical memory that has no struct pages
 * @addr: where it starts, page aligned
 * @size: its length, page aligned
 * @map_info: VIRTIO_GPU_MAP_CACHE_* caching CPU mappings must use
 */
struct vgh_range {
	phys_addr_t addr;
	u64 size;
	u32 map_info;
};

/**
 * struct vgh_bo_params - what a new buffer object is for
 * @size: bytes of memory; rounded up to whole pages
 * @width: width of the host resource in pixels
 * @height: height of the host resource in pixels
 * @format: VIRTIO_GPU_FORMAT_* of the host resource
 * @virgl: the resource is made with RESOURCE_CREATE_3D and the fields
 *	below up to @flags; otherwise with RESOURCE_CREATE_2D
 * @target: 3D: texture target
 * @bind: 3D: bind flags
 * @depth: 3D: depth
 * @array_size: 3D: array layers
 * @last_level: 3D: last mipmap level
 * @nr_samples: 3D: samples
 * @flags: 3D: resource flags
 * @blob_mem: non-zero for a blob (VIRTIO_GPU_BLOB_MEM_*), made with
 *	RESOURCE_CREATE_BLOB; @width, @height, @format and @virgl are unused
 * @blob_flags: blob: VIRTIO_GPU_BLOB_FLAG_*
 * @blob_id: blob: the context's object id for HOST3D and HOST3D_GUEST
 * @ctx_id: blob: the context creating a HOST3D or HOST3D_GUEST blob
 * @defer_map: blob: map a mappable HOST3D blob on first mmap, not now
 * @heap: the memory is a block of the dedicated heap (heap mode); always
 *	so for a GUEST_VRAM blob
 * @align: for a blob or heap block, an alignment of its start and size
 *	the host's layout asks for beyond the blob alignment; a power of
 *	two, 0 for none
 * @client: the client the object's heap block is charged to, or NULL
 * @host_size: for a blob or heap block, the bytes the host's layout
 *	needs when that is more than @size; the object keeps @size in
 *	pages and the blob or block gets this, aligned; 0 for the usual
 *	rounding of @size
 */
struct vgh_bo_params {
	u64 size;
	u32 width;
	u32 height;
	u32 format;
	bool virgl;
	u32 target;
	u32 bind;
	u32 depth;
	u32 array_size;
	u32 last_level;
	u32 nr_samples;
	u32 flags;
	u32 blob_mem;
	u32 blob_flags;
	u64 blob_id;
	u32 ctx_id;
	bool defer_map;
	bool heap;
	u32 align;
	struct vgh_client *client;
	u64 host_size;
};

void vgh_rect_to_wire(struct virtio_gpu_rect *w, const struct vgh_rect *r);
int vgh_gem_init(struct vgh_device *vgdev);
void vgh_gem_device_reset(struct vgh_device *vgdev);
void vgh_gem_print_retired(struct vgh_device *vgdev, struct drm_printer *p);
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
			    const struct vgh_rect *rect, u64 offset,
			    enum vgh_send how);
int vgh_bo_flush(struct drm_gem_object *obj, u32 res_id,
		 const struct vgh_rect *rect, enum vgh_send how);
int vgh_bo_transfer_3d(struct drm_gem_object *obj, u32 ctx_id, bool to_host,
		       const struct vgh_box *box, u32 level, u64 offset,
		       u32 stride, u32 layer_stride);
u32 vgh_bo_res_id(struct drm_gem_object *obj);
u32 vgh_bo_blob_mem(struct drm_gem_object *obj);
bool vgh_bo_host_mappable(struct drm_gem_object *obj);
bool vgh_bo_scanout_direct(struct drm_gem_object *obj);
bool vgh_bo_host_drawn(struct drm_gem_object *obj);

#endif /* VGH_GEM_H */
