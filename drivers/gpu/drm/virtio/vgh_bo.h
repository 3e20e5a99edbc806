/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The buffer object and its backends, shared by the files of the GEM
 * block only (vgh_gem.c, vgh_resource.c, vgh_prime.c and the backends in
 * vgh_shmem.c, vgh_heap.c and vgh_hostvis.c). Other blocks use vgh_gem.h.
 */
#ifndef VGH_BO_H
#define VGH_BO_H

#include <linux/dma-direction.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include <drm/drm_gem_shmem_helper.h>

struct device;
struct dma_buf;
struct drm_file;
struct drm_printer;
struct sg_table;
struct vgh_bo;
struct vgh_bo_params;
struct vgh_client;
struct vgh_device;
struct vgh_hostvis_map;
struct vgh_mm_block;
struct vgh_range;
struct vm_area_struct;

/**
 * struct vgh_bo_backend - where a buffer object's memory comes from
 * @name: shown in debugfs
 * @funcs: the GEM object functions: the common ones, with CPU mapping,
 *	pinning and importer access as this memory allows
 * @from_heap: the memory is a block of the dedicated heap, so the
 *	backend exists only in heap mode, and sizes follow the heap's
 *	alignment as blobs do
 * @init: optional; set up a new object before it gets any memory
 * @device_sgt: pin the memory and return how the device sees it, with
 *	&vgh_bo.dev_dma set when the table lists DMA addresses; NULL for
 *	memory the guest does not provide
 * @device_release: undo @device_sgt
 * @created_locked: optional; the host resource was just made for
 *	@params, under &vgh_bo.res_lock
 * @host_release: optional; let go of what the backend holds on the host
 *	side of the resource, before the resource is unreferenced
 * @free: free the memory and the object
 * @cpu_mappable: optional; whether user space may map the object (the
 *	default: always)
 * @export_locked: optional; make the memory ready for importers before
 *	a dma-buf is made, under &vgh_bo.res_lock
 * @map_dma_buf: optional; how a dma-buf importer sees memory that has
 *	no pages (the default lends the pages from @funcs' get_sg_table)
 * @unmap_dma_buf: undo @map_dma_buf
 * @print_info: optional; more of the object for debugfs
 */
struct vgh_bo_backend {
	const char *name;
	const struct drm_gem_object_funcs *funcs;
	bool from_heap;
	void (*init)(struct vgh_bo *bo);
	struct sg_table *(*device_sgt)(struct vgh_bo *bo);
	void (*device_release)(struct vgh_bo *bo);
	int (*created_locked)(struct vgh_bo *bo,
			      const struct vgh_bo_params *params);
	void (*host_release)(struct vgh_bo *bo);
	void (*free)(struct vgh_bo *bo);
	bool (*cpu_mappable)(const struct vgh_bo *bo);
	int (*export_locked)(struct vgh_bo *bo);
	struct sg_table *(*map_dma_buf)(struct vgh_bo *bo, struct device *dev,
					enum dma_data_direction dir);
	void (*unmap_dma_buf)(struct vgh_bo *bo, struct device *dev,
			      struct sg_table *sgt, enum dma_data_direction dir);
	void (*print_info)(const struct vgh_bo *bo, struct drm_printer *p,
			   unsigned int indent);
};

/**
 * struct vgh_bo - a buffer object
 * @shmem: GEM object and shmem state; first, so that the shmem helpers
 *	may free it
 * @backend: where the memory comes from
 * @res_lock: serialises creation of the host resource
 * @res_id: host resource id, 0 while there is none
 * @width: width of the host resource
 * @height: height of the host resource
 * @format: VIRTIO_GPU_FORMAT_* of the host resource
 * @dev_sgt: the memory as the device sees it, while attached
 * @dev_dma: @dev_sgt lists DMA addresses (a DMA mapping, an import, a
 *	heap block), not the physical addresses of pages
 * @dma_dev: the device @dev_sgt is DMA-mapped for, or NULL
 * @uuid: the uuid the host gave the resource for sharing
 * @has_uuid: @uuid is valid
 * @blob_mem: VIRTIO_GPU_BLOB_MEM_* of a blob, 0 for other resources
 * @blob_flags: VIRTIO_GPU_BLOB_FLAG_* of a blob
 * @host_drawn: a 3D resource: the host renders its image, the guest's
 *	memory is only staging for explicit 3D transfers
 * @hostvis: where a HOST3D blob is mapped in the host-visible region,
 *	or NULL while it is not
 * @block: the heap block of a GUEST_VRAM blob
 * @align: alignment of @block and of the size: the blob alignment, or
 *	the larger one the host's layout asked for
 * @host_size: bytes of the blob or heap block as the host knows it; at
 *	least the object's size, larger where the host's layout asks for
 *	more than the object holds
 * @vaddr: kernel mapping of @block while @vmap_count is not zero
 * @vmap_count: kernel mappings of @block, under the reservation lock
 * @host_lost: the host would not let go of the resource; memory it may
 *	still write is never reused
 * @client: the client its heap block is charged to, or NULL
 */
struct vgh_bo {
	struct drm_gem_shmem_object shmem;
	const struct vgh_bo_backend *backend;
	struct mutex res_lock; /* res_id, width, height, format, dev_sgt */
	u32 res_id;
	u32 width;
	u32 height;
	u32 format;
	struct sg_table *dev_sgt;
	bool dev_dma;
	struct device *dma_dev;
	uuid_t uuid;
	bool has_uuid;
	u32 blob_mem;
	u32 blob_flags;
	bool host_drawn;
	struct vgh_hostvis_map *hostvis;
	struct vgh_mm_block *block;
	u64 align;
	u64 host_size;
	void *vaddr;
	unsigned int vmap_count;
	bool host_lost;
	struct vgh_client *client;
};

static inline struct vgh_bo *to_vgh_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct vgh_bo, shmem.base);
}

extern const struct vgh_bo_backend vgh_shmem_backend;
extern const struct vgh_bo_backend vgh_heap_backend;
extern const struct vgh_bo_backend vgh_hostvis_backend;

/* vgh_gem.c: the GEM functions every backend's table starts with */
void vgh_gem_free(struct drm_gem_object *obj);
int vgh_gem_open(struct drm_gem_object *obj, struct drm_file *file);
void vgh_gem_close(struct drm_gem_object *obj, struct drm_file *file);
void vgh_gem_print_info(struct drm_printer *p, unsigned int indent,
			const struct drm_gem_object *obj);

/* vgh_gem.c: memory without struct pages (heap blocks, host memory) */
extern const struct vm_operations_struct vgh_range_vm_ops;
int vgh_range_mmap(const struct vgh_range *r, struct vm_area_struct *vma);
struct sg_table *vgh_range_dma_map(const struct vgh_range *r,
				   struct device *dev,
				   enum dma_data_direction dir);
void vgh_range_dma_unmap(struct vgh_bo *bo, struct device *dev,
			 struct sg_table *sgt, enum dma_data_direction dir);

/* vgh_resource.c */
int vgh_bo_make_resource(struct vgh_bo *bo, const struct vgh_bo_params *p);
void vgh_bo_release_resource(struct vgh_bo *bo);

/* vgh_prime.c */
struct dma_buf *vgh_gem_prime_export(struct drm_gem_object *obj, int flags);

/* vgh_shmem.c */
struct device *vgh_dma_dev(struct vgh_device *vgdev);
void vgh_shmem_free(struct vgh_bo *bo);

#endif /* VGH_BO_H */
