// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * GEM objects of the virtio-gpu-heap driver.
 */

/**
 * DOC: GEM objects
 *
 * The driver has one GEM object type, &struct vgh_bo. What differs
 * between buffers is where their memory comes from, and that is the job
 * of a backend (&struct vgh_bo_backend): it pins the memory for the
 * device and says where it lies, maps it for the CPU, exports it, and
 * frees it. Creation, the host resource, mmap offsets, PRIME and
 * destruction are the same code for every backend; what a backend does
 * differently is a field or an operation of its table, never a test of
 * which backend an object has.
 *
 * The files of the GEM block: this one has the object's life, its GEM
 * functions and the dumb-buffer policy; vgh_resource.c the host
 * resources and their commands; vgh_prime.c PRIME; the backends live
 * with what owns their memory: vgh_shmem.c, vgh_heap.c (a block of the
 * dedicated heap) and vgh_hostvis.c (host memory seen through the
 * host-visible region).
 *
 * Dumb buffers are 32 bits per pixel, the one depth the virtio-gpu 2D
 * formats have; their pitch is the width times four and their host
 * resource is B8G8R8X8 of the same width and height.
 */

#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_client.h"
#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_layout.h"
#include "vgh_submit.h"

/*
 * Memory without struct pages (the host-visible region, the heap): user
 * space maps it with the caching the device asked for, and an importer
 * gets it DMA-mapped as a resource. Partial mappings at any page offset
 * inside the range work; one that reaches past it fails with -EINVAL.
 */

/**
 * vgh_range_mmap() - map a range without pages into user space
 * @r: the range
 * @vma: the mapping, its page offset relative to the range
 *
 * Return: 0, -EINVAL for a mapping that reaches past the range, or the
 * error of remapping.
 */
int vgh_range_mmap(const struct vgh_range *r, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	u64 offset = (u64)vma->vm_pgoff << PAGE_SHIFT;

	if (offset > r->size || len > r->size - offset)
		return -EINVAL;
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_page_prot = pgprot_decrypted(vma->vm_page_prot);
	if (r->map_info == VIRTIO_GPU_MAP_CACHE_WC)
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	else if (r->map_info == VIRTIO_GPU_MAP_CACHE_UNCACHED)
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start,
				  PHYS_PFN(r->addr + offset), len,
				  vma->vm_page_prot);
}

/**
 * vgh_range_dma_map() - a range without pages as an importer sees it
 * @r: the range
 * @dev: the importing device
 * @dir: the direction of its DMA
 *
 * Return: a one-entry table with @dev's address of the range, or an
 * ERR_PTR: -EIO when it cannot be mapped, -ENOMEM.
 */
struct sg_table *vgh_range_dma_map(const struct vgh_range *r,
				   struct device *dev,
				   enum dma_data_direction dir)
{
	struct sg_table *sgt;
	dma_addr_t addr;

	/* the importer's address first; the table only carries it */
	addr = dma_map_resource(dev, r->addr, r->size, dir,
				DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(dev, addr))
		return ERR_PTR(-EIO);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt || sg_alloc_table(sgt, 1, GFP_KERNEL)) {
		kfree(sgt);
		dma_unmap_resource(dev, addr, r->size, dir,
				   DMA_ATTR_SKIP_CPU_SYNC);
		return ERR_PTR(-ENOMEM);
	}
	/* one entry with a length and a DMA address, and no page */
	sgt->sgl->length = r->size;
	sg_dma_address(sgt->sgl) = addr;
	sg_dma_len(sgt->sgl) = r->size;
	return sgt;
}

/**
 * vgh_range_dma_unmap() - undo vgh_range_dma_map()
 * @bo: the exported object
 * @dev: the importing device
 * @sgt: what vgh_range_dma_map() returned
 * @dir: the direction it was mapped for
 */
void vgh_range_dma_unmap(struct vgh_bo *bo, struct device *dev,
			 struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_resource(dev, sg_dma_address(sgt->sgl), sg_dma_len(sgt->sgl),
			   dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(sgt);
	kfree(sgt);
}

/* The VMA functions of objects whose mmap is vgh_range_mmap(). */
const struct vm_operations_struct vgh_range_vm_ops = {
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

/* GEM object functions: each backend's table starts with these. */

/**
 * vgh_gem_free() - the &drm_gem_object_funcs.free of every backend
 * @obj: the object, without references
 *
 * The host resource goes first, then the device's view of the memory,
 * then the memory: what the host did not let go of is retired.
 */
void vgh_gem_free(struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	if (bo->backend->host_release)
		bo->backend->host_release(bo);
	vgh_bo_release_resource(bo);
	if (bo->dev_sgt)
		bo->backend->device_release(bo);
	mutex_destroy(&bo->res_lock);
	vgh_client_put(bo->client);
	bo->backend->free(bo);
}

/**
 * vgh_gem_open() - a file got a handle: its 3D context sees the resource
 * @obj: the object
 * @file: the file
 *
 * Return: 0 or the error of attaching the resource to the context.
 */
int vgh_gem_open(struct drm_gem_object *obj, struct drm_file *file)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	if (!vgh_has_feature(to_vgh(obj->dev), VIRTIO_GPU_F_VIRGL) || !bo->res_id)
		return 0;
	return vgh_ctx_attach_resource(file, bo->res_id);
}

/**
 * vgh_gem_close() - undo vgh_gem_open() when the handle goes
 * @obj: the object
 * @file: the file
 */
void vgh_gem_close(struct drm_gem_object *obj, struct drm_file *file)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	if (vgh_has_feature(to_vgh(obj->dev), VIRTIO_GPU_F_VIRGL) && bo->res_id)
		vgh_ctx_detach_resource(file, bo->res_id);
}

/**
 * vgh_gem_print_info() - an object in debugfs' gem_names and framebuffers
 * @p: where to print
 * @indent: the indentation level
 * @obj: the object
 */
void vgh_gem_print_info(struct drm_printer *p, unsigned int indent,
			const struct drm_gem_object *obj)
{
	const struct vgh_bo *bo = container_of(obj, struct vgh_bo, shmem.base);

	drm_printf_indent(p, indent, "backend=%s\n", bo->backend->name);
	drm_printf_indent(p, indent, "resource=%u %ux%u format=%u blob_mem=%u\n",
			  bo->res_id, bo->width, bo->height, bo->format,
			  bo->blob_mem);
	if (bo->backend->print_info)
		bo->backend->print_info(bo, p, indent);
}

/**
 * vgh_gem_create_object() - allocate a buffer object for the shmem helpers
 * @drm: the DRM device
 * @size: object size
 *
 * The &drm_driver.gem_create_object hook: every GEM object of the driver
 * is a &struct vgh_bo, whichever helper creates it.
 *
 * Return: the GEM object inside a new &struct vgh_bo, or an ERR_PTR.
 */
struct drm_gem_object *vgh_gem_create_object(struct drm_device *drm,
					     size_t size)
{
	struct vgh_bo *bo;

	BUILD_BUG_ON(offsetof(struct vgh_bo, shmem) != 0);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->backend = &vgh_shmem_backend;
	mutex_init(&bo->res_lock);
	bo->shmem.base.funcs = bo->backend->funcs;
	return &bo->shmem.base;
}

static const struct vgh_bo_backend *vgh_backend_for(const struct vgh_bo_params *p)
{
	if (p->blob_mem == VIRTIO_GPU_BLOB_MEM_HOST3D)
		return &vgh_hostvis_backend;
	if (p->blob_mem == VIRTIO_GPU_BLOB_MEM_GUEST_VRAM || p->heap)
		return &vgh_heap_backend;
	return &vgh_shmem_backend;
}

/**
 * vgh_bo_create() - create a buffer object and its host resource
 * @vgdev: the device
 * @params: size and host resource
 *
 * The memory comes from the backend the resource kind needs; a mappable
 * HOST3D blob is mapped into the host-visible region here unless
 * @params defers it to the first mmap.
 *
 * Return: the object with one reference, or an ERR_PTR: -EINVAL for a
 * size or resource the driver cannot make, -ENOMEM, -ENOSPC when the
 * host-visible region is full, or the host's answer to creating or
 * mapping the resource.
 */
struct drm_gem_object *vgh_bo_create(struct vgh_device *vgdev,
				     const struct vgh_bo_params *params)
{
	const struct vgh_bo_backend *backend = vgh_backend_for(params);
	struct drm_gem_shmem_object *shmem;
	u64 size = PAGE_ALIGN(params->size), host_size;
	u64 align = max_t(u64, vgh_heap_align(vgdev), params->align);
	struct vgh_bo *bo;
	int ret;

	if (!params->size || params->size > VGH_MAX_BO_SIZE ||
	    params->host_size > VGH_MAX_BO_SIZE)
		return ERR_PTR(-EINVAL);
	if (backend->from_heap && !vgdev->heap_mode)
		return ERR_PTR(-EINVAL);
	if (params->align && !is_power_of_2(params->align))
		return ERR_PTR(-EINVAL);
	/*
	 * blobs and heap blocks follow the device's blob alignment, and the
	 * host's layout where it asks for more; an object whose host size
	 * was given keeps its own size in pages
	 */
	if ((params->blob_mem || backend->from_heap) &&
	    !params->host_size)
		size = ALIGN(params->size, align);
	host_size = size;
	if (params->host_size)
		host_size = ALIGN(max(params->host_size, size), align);
	if (size > VGH_MAX_BO_SIZE || host_size > VGH_MAX_BO_SIZE)
		return ERR_PTR(-EINVAL);
	/* a 3D buffer resource is as wide as it has bytes: the host checks */
	if (!params->blob_mem && !params->virgl &&
	    (!params->width || params->width > VGH_MAX_DIM ||
	     !params->height || params->height > VGH_MAX_DIM))
		return ERR_PTR(-EINVAL);

	shmem = drm_gem_shmem_create(&vgdev->drm, size);
	if (IS_ERR(shmem))
		return ERR_CAST(shmem);
	bo = container_of(shmem, struct vgh_bo, shmem);
	bo->backend = backend;
	bo->align = align;
	bo->host_size = host_size;
	bo->client = vgh_client_get(params->client);
	shmem->base.funcs = bo->backend->funcs;
	if (backend->init)
		backend->init(bo);

	mutex_lock(&bo->res_lock);
	ret = vgh_bo_make_resource(bo, params);
	if (!ret && backend->created_locked)
		ret = backend->created_locked(bo, params);
	mutex_unlock(&bo->res_lock);
	if (ret) {
		drm_gem_object_put(&shmem->base);
		return ERR_PTR(ret);
	}
	return &shmem->base;
}

/**
 * vgh_bo_res_id() - the host resource of a buffer object
 * @obj: the object
 *
 * Return: its resource id, 0 when it has none (an imported buffer not
 * yet shown).
 */
u32 vgh_bo_res_id(struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);
	u32 id;

	mutex_lock(&bo->res_lock);
	id = bo->res_id;
	mutex_unlock(&bo->res_lock);
	return id;
}

/**
 * vgh_bo_blob_mem() - what kind of blob a buffer object is
 * @obj: the object
 *
 * Return: VIRTIO_GPU_BLOB_MEM_* of a blob, 0 for other objects.
 */
u32 vgh_bo_blob_mem(struct drm_gem_object *obj)
{
	return to_vgh_bo(obj)->blob_mem;
}

/**
 * vgh_bo_host_drawn() - whether the host holds a buffer's image
 * @obj: the object
 *
 * A 3D resource is drawn by the host's renderer (a Mesa client's GBM
 * surface, say); its guest memory is only what 3D transfers stage.
 * Scanning it out takes a RESOURCE_FLUSH and no 2D transfer, which would
 * overwrite the rendered image with the guest's copy.
 *
 * Return: true for a 3D resource.
 */
bool vgh_bo_host_drawn(struct drm_gem_object *obj)
{
	return to_vgh_bo(obj)->host_drawn;
}

/**
 * vgh_bo_scanout_direct() - whether the host shows a buffer's own memory
 * @obj: the object
 *
 * A heap blob is scanned out with SET_SCANOUT_BLOB and read by the host
 * where it lies: updates need a RESOURCE_FLUSH and no transfer.
 *
 * Return: true for a heap blob.
 */
bool vgh_bo_scanout_direct(struct drm_gem_object *obj)
{
	return to_vgh_bo(obj)->blob_mem == VIRTIO_GPU_BLOB_MEM_GUEST_VRAM;
}

/**
 * vgh_bo_host_mappable() - whether user space may map a buffer object
 * @obj: the object
 *
 * Return: false only for a HOST3D blob created without
 * VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE; guest memory can always be mapped.
 */
bool vgh_bo_host_mappable(struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	return !bo->backend->cpu_mappable || bo->backend->cpu_mappable(bo);
}

/**
 * vgh_gem_dumb_create() - the DRM_IOCTL_MODE_CREATE_DUMB handler
 * @file: the caller
 * @drm: the DRM device
 * @args: in: width, height, bpp, flags; out: handle, pitch, size
 *
 * Return: 0; -EINVAL for flags, a depth other than 32 bits, or a size
 * out of range; -ENOMEM; or the host's answer to creating the resource.
 */
int vgh_gem_dumb_create(struct drm_file *file, struct drm_device *drm,
			struct drm_mode_create_dumb *args)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct vgh_bo_params params = {
		.width = args->width,
		.height = args->height,
		.format = VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
	};
	struct drm_gem_object *obj;
	size_t size;
	u32 pitch;
	int ret;

	if (args->flags || args->bpp != 32)
		return -EINVAL;
	if (!args->width || args->width > VGH_MAX_DIM ||
	    !args->height || args->height > VGH_MAX_DIM)
		return -EINVAL;
	/* a 2D resource's rows are as TRANSFER_TO_HOST_2D reads them */
	pitch = args->width * 4;
	params.size = (u64)pitch * args->height;
	/*
	 * In heap mode the buffers user space draws into are heap blocks:
	 * GUEST_VRAM blobs the host scans out where they lie, laid out as
	 * the host's display wants them, or on a device without blobs the
	 * backing of a 2D resource. The kernel's own console (an in-kernel
	 * client, without a file) keeps pages: its deferred I/O needs them.
	 */
	if (vgdev->heap_mode && file->filp) {
		params.heap = true;
		params.client = vgh_file_client(file);
		if (vgh_heap_blobs(vgdev)) {
			struct vgh_layout l;
			u32 how;

			params.blob_mem = VIRTIO_GPU_BLOB_MEM_GUEST_VRAM;
			ret = vgh_layout_get(vgdev, DRM_FORMAT_XRGB8888,
					     args->width, args->height,
					     VGH_LAYOUT_DUMB, &l, &how);
			if (ret)
				return ret;
			/*
			 * The host gets the whole layout; the object is as
			 * large as its rows, so that a framebuffer taller
			 * than the buffer is refused as everywhere else.
			 */
			pitch = l.planes[0].stride;
			params.size = (u64)pitch * args->height;
			params.host_size = l.size;
			params.align = l.alignment;
		}
	}

	obj = vgh_bo_create(vgdev, &params);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	/*
	 * Once the handle exists another thread of the caller may close it
	 * and free the object: what is reported is read before.
	 */
	size = obj->size;
	ret = drm_gem_handle_create(file, obj, &args->handle);
	drm_gem_object_put(obj);
	if (ret)
		return ret;
	args->pitch = pitch;
	args->size = size;
	return 0;
}

static void vgh_gem_fini(struct drm_device *drm, void *data)
{
	struct vgh_device *vgdev = to_vgh(drm);

	/* the device was reset at remove, or never given anything */
	vgh_gem_device_reset(vgdev);
	ida_destroy(&vgdev->res_ida);
}

/**
 * vgh_gem_init() - set up the resource id allocator and the retired list
 * @vgdev: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vgh_gem_init(struct vgh_device *vgdev)
{
	int ret;

	ret = drmm_mutex_init(&vgdev->drm, &vgdev->retire_lock);
	if (ret)
		return ret;
	ida_init(&vgdev->res_ida);
	INIT_LIST_HEAD(&vgdev->retired);
	return drmm_add_action_or_reset(&vgdev->drm, vgh_gem_fini, NULL);
}
