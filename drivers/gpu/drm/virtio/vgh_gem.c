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
 * destruction are the same code for every backend.
 *
 * The shmem backend takes its pages from drm_gem_shmem. Before the host
 * may use them they are pinned and described to the device with
 * RESOURCE_ATTACH_BACKING, one entry per contiguous run. When the
 * virtio transport uses the DMA API (VIRTIO_F_ACCESS_PLATFORM, or an
 * IOMMU in front of the device) the pages are DMA-mapped for the
 * transport's DMA device, which is the one the virtqueues use; the
 * virtio device itself does no DMA. Otherwise the device sees guest
 * physical addresses. Imported dma-bufs are attached to the same DMA
 * device, so their addresses are the ones the host can use.
 *
 * Every host resource is created synchronously: the host's answer to
 * RESOURCE_CREATE_2D and RESOURCE_ATTACH_BACKING reaches the caller as
 * an errno, and a failure on either side leaves nothing behind (a
 * resource the host created is unreferenced again, its id returned).
 * Destruction waits for the host's answer to RESOURCE_UNREF before the
 * pages go back, so the host never reads memory the guest reuses. When
 * the host does not confirm (the unref fails or times out, or the
 * device is going away and cannot be asked), the resource id is never
 * handed out again and the memory is retired: own pages stay allocated
 * and an imported buffer stays attached until the device is reset at
 * remove (heap blocks are retired by the heap). The same holds for a
 * framebuffer's own resource over an object's memory, and for a
 * creating command that timed out, which the device may still carry
 * out. debugfs ``vgh_retired`` counts both.
 *
 * PRIME export makes a virtio dma-buf. When the device offers
 * VIRTIO_GPU_F_RESOURCE_UUID, the resource first gets a uuid from the
 * host (RESOURCE_ASSIGN_UUID), which other virtio devices can use to
 * find the same host resource. Importing one of our own dma-bufs gives
 * back the same GEM object; a foreign dma-buf is attached to the
 * transport's DMA device and gets a host resource when it is first used
 * for display.
 *
 * Dumb buffers are 32 bits per pixel, the one depth the virtio-gpu 2D
 * formats have; their pitch is the width times four and their host
 * resource is B8G8R8X8 of the same width and height.
 */

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/io.h>
#include <linux/iosys-map.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <linux/virtio.h>
#include <linux/virtio_dma_buf.h>

#include <drm/drm_drv.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>
#include <drm/drm_print.h>

#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_layout.h"
#include "vgh_submit.h"

/* Retired imports are detached by the driver itself. */
MODULE_IMPORT_NS(DMA_BUF);

/* Largest buffer object: keeps every size computation far from overflow. */
#define VGH_BO_MAX_SIZE		SZ_2G
/* Largest resource edge; the mode-setting limits are below it. */
#define VGH_BO_MAX_DIM		16384

struct vgh_bo;

/**
 * struct vgh_bo_backend - where a buffer object's memory comes from
 * @name: shown in debugfs
 * @device_sgt: pin the memory and return how the device sees it: DMA
 *	addresses after a DMA mapping, else CPU physical addresses; NULL
 *	for memory the guest does not provide
 * @device_release: undo @device_sgt
 * @host_release: optional; let go of what the backend holds on the host
 *	side of the resource, before the resource is unreferenced
 * @free: free the memory and the object
 * @funcs: the GEM object functions: the common ones, with CPU mapping,
 *	pinning and importer access as this memory allows
 * @map_dma_buf: optional; how a dma-buf importer sees memory that has
 *	no pages (the default lends the pages from @funcs' get_sg_table)
 * @unmap_dma_buf: undo @map_dma_buf
 */
struct vgh_bo_backend {
	const char *name;
	struct sg_table *(*device_sgt)(struct vgh_bo *bo);
	void (*device_release)(struct vgh_bo *bo);
	void (*host_release)(struct vgh_bo *bo);
	void (*free)(struct vgh_bo *bo);
	const struct drm_gem_object_funcs *funcs;
	struct sg_table *(*map_dma_buf)(struct vgh_bo *bo, struct device *dev,
					enum dma_data_direction dir);
	void (*unmap_dma_buf)(struct vgh_bo *bo, struct device *dev,
			      struct sg_table *sgt, enum dma_data_direction dir);
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
 * @dma_dev: the device @dev_sgt is DMA-mapped for, or NULL
 * @uuid: the uuid the host gave the resource for sharing
 * @has_uuid: @uuid is valid
 * @blob_mem: VIRTIO_GPU_BLOB_MEM_* of a blob, 0 for other resources
 * @blob_flags: VIRTIO_GPU_BLOB_FLAG_* of a blob
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
	struct device *dma_dev;
	uuid_t uuid;
	bool has_uuid;
	u32 blob_mem;
	u32 blob_flags;
	struct vgh_hostvis_map *hostvis;
	struct vgh_heap_block *block;
	u64 align;
	u64 host_size;
	void *vaddr;
	unsigned int vmap_count;
	bool host_lost;
};

static inline struct vgh_bo *to_vgh_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct vgh_bo, shmem.base);
}

static int vgh_cmd_send(struct vgh_device *vgdev, struct vgh_cmd *cmd,
			bool wait)
{
	return wait ? vgh_cmd_exec(vgdev, cmd) : vgh_cmd_submit(vgdev, cmd, NULL);
}

/**
 * vgh_rect_to_wire() - a rectangle as commands carry it
 * @w: the wire rectangle to fill
 * @r: the rectangle
 */
void vgh_rect_to_wire(struct virtio_gpu_rect *w, const struct vgh_rect *r)
{
	w->x = cpu_to_le32(r->x);
	w->y = cpu_to_le32(r->y);
	w->width = cpu_to_le32(r->width);
	w->height = cpu_to_le32(r->height);
}

static struct device *vgh_dma_dev(struct vgh_device *vgdev)
{
	return virtqueue_dma_dev(vgdev->queues[VGH_QUEUE_CONTROL].vq);
}

/*
 * Retired memory: what a device was given for a resource it did not
 * confirm it let go of (RESOURCE_UNREF timed out or failed, or the
 * device went away before it could be asked) may still be read or
 * written by it. Such memory is kept out of the page allocator, and an
 * imported buffer stays attached, until the device is reset.
 */

/**
 * struct vgh_retired - memory kept from reuse until the device is reset
 * @node: entry in &vgh_device.retired
 * @sgt: the memory as the device was given it
 * @dma_dev: the device @sgt is DMA-mapped for, or NULL; for own pages
 * @attach: the attachment of an imported buffer, which holds the
 *	dma-buf, and through which @sgt was mapped; NULL for own pages,
 *	which hold a page reference each
 * @size: bytes, for debugfs
 */
struct vgh_retired {
	struct list_head node;
	struct sg_table *sgt;
	struct device *dma_dev;
	struct dma_buf_attachment *attach;
	u64 size;
};

static void vgh_retired_release(struct vgh_retired *r)
{
	struct sg_page_iter iter;
	struct dma_buf *dmabuf;

	if (r->attach) {
		dmabuf = r->attach->dmabuf;
		dma_buf_unmap_attachment_unlocked(r->attach, r->sgt,
						  DMA_BIDIRECTIONAL);
		dma_buf_detach(dmabuf, r->attach);
		dma_buf_put(dmabuf);
	} else {
		if (r->dma_dev)
			dma_unmap_sgtable(r->dma_dev, r->sgt, DMA_BIDIRECTIONAL, 0);
		for_each_sgtable_page(r->sgt, &iter, 0)
			put_page(sg_page_iter_page(&iter));
		sg_free_table(r->sgt);
		kfree(r->sgt);
	}
	kfree(r);
}

/* Keeps @r until the device is reset; at once when it already was. */
static void vgh_retire(struct vgh_device *vgdev, struct vgh_retired *r)
{
	mutex_lock(&vgdev->retire_lock);
	if (!vgdev->reset_done) {
		list_add_tail(&r->node, &vgdev->retired);
		vgdev->retired_bytes += r->size;
		r = NULL;
	}
	mutex_unlock(&vgdev->retire_lock);
	if (r)
		vgh_retired_release(r);
}

/* A resource id the device may still hold: never handed out again. */
static void vgh_retire_res_id(struct vgh_device *vgdev, u32 res_id)
{
	atomic_inc(&vgdev->res_retired);
	drm_dbg_driver(&vgdev->drm, "resource id %u retired\n", res_id);
}

/**
 * vgh_gem_device_reset() - release what only the device still used
 * @vgdev: the device, just reset
 *
 * After a reset the device holds no resource: the memory retired for it
 * goes back, and memory retired later is released at once.
 */
void vgh_gem_device_reset(struct vgh_device *vgdev)
{
	struct vgh_retired *r, *tmp;
	LIST_HEAD(list);

	mutex_lock(&vgdev->retire_lock);
	vgdev->reset_done = true;
	list_splice_init(&vgdev->retired, &list);
	vgdev->retired_bytes = 0;
	mutex_unlock(&vgdev->retire_lock);
	list_for_each_entry_safe(r, tmp, &list, node)
		vgh_retired_release(r);
}

/**
 * vgh_gem_print_retired() - what is retired, for debugfs
 * @vgdev: the device
 * @p: where to print
 *
 * Prints "resource_ids N" (ids never handed out again) and "memory M
 * bytes B" (buffers kept until the device is reset).
 */
void vgh_gem_print_retired(struct vgh_device *vgdev, struct drm_printer *p)
{
	struct vgh_retired *r;
	unsigned int n = 0;
	u64 bytes;

	mutex_lock(&vgdev->retire_lock);
	list_for_each_entry(r, &vgdev->retired, node)
		n++;
	bytes = vgdev->retired_bytes;
	mutex_unlock(&vgdev->retire_lock);
	drm_printf(p, "resource_ids %d\n", atomic_read(&vgdev->res_retired));
	drm_printf(p, "memory %u bytes %llu\n", n, bytes);
}

/* shmem backend */

static struct sg_table *vgh_shmem_device_sgt(struct vgh_bo *bo)
{
	struct drm_gem_shmem_object *shmem = &bo->shmem;
	struct vgh_device *vgdev = to_vgh(shmem->base.dev);
	struct sg_table *sgt;
	int ret;

	if (shmem->base.import_attach)
		return shmem->sgt;

	ret = drm_gem_shmem_pin(shmem);
	if (ret)
		return ERR_PTR(ret);
	sgt = drm_gem_shmem_get_sg_table(shmem);
	if (IS_ERR(sgt))
		goto err_unpin;

	bo->dma_dev = vgh_dma_dev(vgdev);
	if (bo->dma_dev) {
		ret = dma_map_sgtable(bo->dma_dev, sgt, DMA_BIDIRECTIONAL, 0);
		if (ret) {
			bo->dma_dev = NULL;
			sg_free_table(sgt);
			kfree(sgt);
			sgt = ERR_PTR(ret);
			goto err_unpin;
		}
	}
	return sgt;

err_unpin:
	drm_gem_shmem_unpin(shmem);
	return sgt;
}

/*
 * Pages the device may still use: the device's view of them, still
 * DMA-mapped, and a reference to each page go to the retired list; the
 * object lets go of its pin as usual.
 */
static void vgh_shmem_retire_pages(struct vgh_bo *bo)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	struct sg_page_iter iter;
	struct vgh_retired *r;

	for_each_sgtable_page(bo->dev_sgt, &iter, 0)
		get_page(sg_page_iter_page(&iter));
	/* without memory for the record the pages are never freed */
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (r) {
		r->sgt = bo->dev_sgt;
		r->dma_dev = bo->dma_dev;
		r->size = bo->shmem.base.size;
		vgh_retire(vgdev, r);
	}
	bo->dma_dev = NULL;
	drm_gem_shmem_unpin(&bo->shmem);
}

static void vgh_shmem_device_release(struct vgh_bo *bo)
{
	/* an imported buffer stays attached as long as the object lives */
	if (bo->shmem.base.import_attach)
		return;
	if (bo->host_lost) {
		vgh_shmem_retire_pages(bo);
		return;
	}
	if (bo->dma_dev)
		dma_unmap_sgtable(bo->dma_dev, bo->dev_sgt, DMA_BIDIRECTIONAL, 0);
	bo->dma_dev = NULL;
	sg_free_table(bo->dev_sgt);
	kfree(bo->dev_sgt);
	drm_gem_shmem_unpin(&bo->shmem);
}

/*
 * An imported buffer the device may still use keeps its attachment, and
 * so the exporter's memory, until the device is reset; the object goes
 * as one that was never attached.
 */
static void vgh_shmem_retire_import(struct vgh_bo *bo)
{
	struct drm_gem_object *obj = &bo->shmem.base;
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct vgh_retired *r;

	/* without memory for the record the buffer stays attached for good */
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (r) {
		r->attach = obj->import_attach;
		r->sgt = bo->shmem.sgt;
		r->size = obj->size;
		vgh_retire(vgdev, r);
	}
	obj->import_attach = NULL;
	bo->shmem.sgt = NULL;
}

static void vgh_shmem_free(struct vgh_bo *bo)
{
	if (bo->shmem.base.import_attach && bo->host_lost)
		vgh_shmem_retire_import(bo);
	drm_gem_shmem_free(&bo->shmem);
}

static const struct drm_gem_object_funcs vgh_shmem_funcs;

static const struct vgh_bo_backend vgh_shmem_backend = {
	.name = "shmem",
	.device_sgt = vgh_shmem_device_sgt,
	.device_release = vgh_shmem_device_release,
	.free = vgh_shmem_free,
	.funcs = &vgh_shmem_funcs,
};

/*
 * Memory without struct pages (the host-visible region, the heap): user
 * space maps it with the caching the device asked for, and an importer
 * gets it DMA-mapped as a resource. Partial mappings at any page offset
 * inside the range work; one that reaches past it fails with -EINVAL.
 */

static int vgh_range_mmap(const struct vgh_range *r, struct vm_area_struct *vma)
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

static struct sg_table *vgh_range_dma_map(const struct vgh_range *r,
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

static void vgh_range_dma_unmap(struct vgh_bo *bo, struct device *dev,
				struct sg_table *sgt,
				enum dma_data_direction dir)
{
	dma_unmap_resource(dev, sg_dma_address(sgt->sgl), sg_dma_len(sgt->sgl),
			   dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(sgt);
	kfree(sgt);
}

static const struct vm_operations_struct vgh_range_vm_ops = {
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

/*
 * host-visible backend: a HOST3D blob's memory is the host's, seen
 * through the host-visible region once mapped there.
 */

static void vgh_hostvis_host_release(struct vgh_bo *bo)
{
	if (bo->hostvis)
		vgh_hostvis_unmap(to_vgh(bo->shmem.base.dev), bo->hostvis);
	bo->hostvis = NULL;
}

/* Maps the blob into the region on first use when creation did not. */
static int vgh_hostvis_get_locked(struct vgh_bo *bo)
{
	lockdep_assert_held(&bo->res_lock);
	if (!(bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		return -EINVAL;
	if (bo->hostvis)
		return 0;
	return vgh_hostvis_map(to_vgh(bo->shmem.base.dev), bo->res_id,
			       bo->shmem.base.size, &bo->hostvis);
}

static int vgh_hostvis_bo_mmap(struct drm_gem_object *obj,
			       struct vm_area_struct *vma)
{
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct vgh_range r;
	int idx, ret;

	/* the region is the device's: gone with it, as in vgh_heap_bo_mmap() */
	if (!drm_dev_enter(obj->dev, &idx))
		return -ENODEV;
	vma->vm_pgoff -= drm_vma_node_start(&obj->vma_node);
	mutex_lock(&bo->res_lock);
	ret = vgh_hostvis_get_locked(bo);
	if (!ret) {
		vgh_hostvis_range(bo->hostvis, &r);
		ret = vgh_range_mmap(&r, vma);
	}
	mutex_unlock(&bo->res_lock);
	drm_dev_exit(idx);
	return ret;
}

/*
 * Called with the reservation lock held, which ranks after res_lock: the
 * mapping exists since the export (vgh_gem_prime_export()) and lasts as
 * long as the object.
 */
static struct sg_table *vgh_hostvis_map_dma_buf(struct vgh_bo *bo,
						struct device *dev,
						enum dma_data_direction dir)
{
	struct vgh_hostvis_map *map = READ_ONCE(bo->hostvis);
	struct vgh_range r;

	if (!map)
		return ERR_PTR(-EINVAL);
	vgh_hostvis_range(map, &r);
	return vgh_range_dma_map(&r, dev, dir);
}

static const struct drm_gem_object_funcs vgh_hostvis_funcs;

static const struct vgh_bo_backend vgh_hostvis_backend = {
	.name = "host-visible",
	.host_release = vgh_hostvis_host_release,
	.free = vgh_shmem_free,
	.funcs = &vgh_hostvis_funcs,
	.map_dma_buf = vgh_hostvis_map_dma_buf,
	.unmap_dma_buf = vgh_range_dma_unmap,
};

/*
 * heap backend: in heap mode a GUEST_VRAM blob, or a dumb buffer, is one
 * block of the dedicated heap. The device gets the block as the single
 * memory entry of the blob (or of the 2D resource it backs on a device
 * without blobs), user space maps it write-combined, and the host reads
 * a blob where it lies.
 */

static void vgh_heap_range(struct vgh_bo *bo, struct vgh_range *r)
{
	r->addr = vgh_heap_block_addr(bo->block);
	r->size = bo->shmem.base.size;
	r->map_info = VIRTIO_GPU_MAP_CACHE_WC;
}

/* The block as the device sees it: its guest-physical range. */
static struct sg_table *vgh_heap_device_sgt(struct vgh_bo *bo)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	struct vgh_heap_block *block;
	struct sg_table *sgt;

	block = vgh_heap_alloc(vgdev->heap, bo->host_size, bo->align);
	if (IS_ERR(block))
		return ERR_CAST(block);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt || sg_alloc_table(sgt, 1, GFP_KERNEL)) {
		kfree(sgt);
		vgh_heap_free(block);
		return ERR_PTR(-ENOMEM);
	}
	sgt->sgl->length = bo->host_size;
	sg_dma_address(sgt->sgl) = vgh_heap_block_addr(block);
	sg_dma_len(sgt->sgl) = bo->host_size;
	bo->block = block;
	return sgt;
}

static void vgh_heap_device_release(struct vgh_bo *bo)
{
	sg_free_table(bo->dev_sgt);
	kfree(bo->dev_sgt);
	if (bo->host_lost)
		vgh_heap_retire(bo->block);
	else
		vgh_heap_free(bo->block);
	bo->block = NULL;
}

/*
 * Once the device is gone its heap is no longer shared with anyone: new
 * mappings are refused (existing ones were zapped at removal), also
 * through a dma-buf that outlived the device.
 */
static int vgh_heap_bo_mmap(struct drm_gem_object *obj,
			    struct vm_area_struct *vma)
{
	struct vgh_range r;
	int idx, ret;

	if (!drm_dev_enter(obj->dev, &idx))
		return -ENODEV;
	vma->vm_pgoff -= drm_vma_node_start(&obj->vma_node);
	vgh_heap_range(to_vgh_bo(obj), &r);
	ret = vgh_range_mmap(&r, vma);
	drm_dev_exit(idx);
	return ret;
}

/* Kernel mappings (fbdev, cursor images) share one of the block. */
static int vgh_heap_bo_vmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	dma_resv_assert_held(obj->resv);
	if (!bo->vmap_count) {
		bo->vaddr = memremap(vgh_heap_block_addr(bo->block), obj->size,
				     MEMREMAP_WC);
		if (!bo->vaddr)
			return -ENOMEM;
	}
	bo->vmap_count++;
	iosys_map_set_vaddr(map, bo->vaddr);
	return 0;
}

static void vgh_heap_bo_vunmap(struct drm_gem_object *obj,
			       struct iosys_map *map)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	dma_resv_assert_held(obj->resv);
	if (WARN_ON(!bo->vmap_count) || --bo->vmap_count)
		return;
	memunmap(bo->vaddr);
	bo->vaddr = NULL;
}

static struct sg_table *vgh_heap_map_dma_buf(struct vgh_bo *bo,
					     struct device *dev,
					     enum dma_data_direction dir)
{
	struct vgh_range r;

	vgh_heap_range(bo, &r);
	return vgh_range_dma_map(&r, dev, dir);
}

static const struct drm_gem_object_funcs vgh_heap_funcs;

static const struct vgh_bo_backend vgh_heap_backend = {
	.name = "heap",
	.device_sgt = vgh_heap_device_sgt,
	.device_release = vgh_heap_device_release,
	.free = vgh_shmem_free,
	.funcs = &vgh_heap_funcs,
	.map_dma_buf = vgh_heap_map_dma_buf,
	.unmap_dma_buf = vgh_range_dma_unmap,
};

/* Host resources */

static int vgh_resource_unref(struct vgh_device *vgdev, u32 res_id)
{
	struct virtio_gpu_resource_unref *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_UNREF, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	return vgh_cmd_run(vgdev, cmd);
}

static int vgh_resource_create_2d(struct vgh_device *vgdev, u32 res_id,
				  u32 format, u32 width, u32 height)
{
	struct virtio_gpu_resource_create_2d *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->format = cpu_to_le32(format);
	req->width = cpu_to_le32(width);
	req->height = cpu_to_le32(height);
	return vgh_cmd_run(vgdev, cmd);
}

static int vgh_resource_create_3d(struct vgh_device *vgdev, u32 res_id,
				  const struct vgh_bo_params *p)
{
	struct virtio_gpu_resource_create_3d *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_CREATE_3D, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->target = cpu_to_le32(p->target);
	req->format = cpu_to_le32(p->format);
	req->bind = cpu_to_le32(p->bind);
	req->width = cpu_to_le32(p->width);
	req->height = cpu_to_le32(p->height);
	req->depth = cpu_to_le32(p->depth);
	req->array_size = cpu_to_le32(p->array_size);
	req->last_level = cpu_to_le32(p->last_level);
	req->nr_samples = cpu_to_le32(p->nr_samples);
	req->flags = cpu_to_le32(p->flags);
	return vgh_cmd_run(vgdev, cmd);
}

/*
 * The memory entries of @sgt become @cmd's payload, one per DMA segment:
 * the device sees addresses, not pages. Without @sgt there are none.
 */
static int vgh_cmd_add_entries(struct vgh_cmd *cmd, struct sg_table *sgt,
			       bool dma, u32 *count)
{
	struct virtio_gpu_mem_entry *ents;
	struct scatterlist *sg;
	unsigned int i, n;

	*count = 0;
	if (!sgt)
		return 0;
	n = dma ? sgt->nents : sgt->orig_nents;
	ents = kvmalloc_array(n, sizeof(*ents), GFP_KERNEL);
	if (!ents)
		return -ENOMEM;
	if (dma) {
		for_each_sgtable_dma_sg(sgt, sg, i) {
			ents[i].addr = cpu_to_le64(sg_dma_address(sg));
			ents[i].length = cpu_to_le32(sg_dma_len(sg));
			ents[i].padding = 0;
		}
	} else {
		for_each_sgtable_sg(sgt, sg, i) {
			ents[i].addr = cpu_to_le64(sg_phys(sg));
			ents[i].length = cpu_to_le32(sg->length);
			ents[i].padding = 0;
		}
	}
	cmd->payload = ents;
	cmd->payload_len = n * sizeof(*ents);
	*count = n;
	return 0;
}

static int vgh_resource_attach(struct vgh_device *vgdev, u32 res_id,
			       struct sg_table *sgt, bool dma)
{
	struct virtio_gpu_resource_attach_backing *req;
	struct vgh_cmd *cmd;
	u32 n;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, sizeof(*req));
	if (!cmd || vgh_cmd_add_entries(cmd, sgt, dma, &n)) {
		vgh_cmd_put(cmd);
		return -ENOMEM;
	}
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->nr_entries = cpu_to_le32(n);
	return vgh_cmd_run(vgdev, cmd);
}

/* A blob; with @sgt its memory is the guest's, listed in the command. */
static int vgh_resource_create_blob(struct vgh_device *vgdev, u32 res_id,
				    const struct vgh_bo_params *p, u64 size,
				    struct sg_table *sgt, bool dma)
{
	struct virtio_gpu_resource_create_blob *req;
	struct vgh_cmd *cmd;
	u32 n;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_CREATE_BLOB, sizeof(*req));
	if (!cmd || vgh_cmd_add_entries(cmd, sgt, dma, &n)) {
		vgh_cmd_put(cmd);
		return -ENOMEM;
	}
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(p->ctx_id);
	req->resource_id = cpu_to_le32(res_id);
	req->blob_mem = cpu_to_le32(p->blob_mem);
	req->blob_flags = cpu_to_le32(p->blob_flags);
	req->nr_entries = cpu_to_le32(n);
	req->blob_id = cpu_to_le64(p->blob_id);
	req->size = cpu_to_le64(size);
	return vgh_cmd_run(vgdev, cmd);
}

/* The device's view of the memory, pinned on first use. */
static int vgh_bo_pin_device_locked(struct vgh_bo *bo)
{
	struct sg_table *sgt;

	lockdep_assert_held(&bo->res_lock);
	if (bo->dev_sgt || !bo->backend->device_sgt)
		return 0;
	sgt = bo->backend->device_sgt(bo);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	bo->dev_sgt = sgt;
	return 0;
}

static void vgh_bo_unpin_device_locked(struct vgh_bo *bo)
{
	lockdep_assert_held(&bo->res_lock);
	if (!bo->dev_sgt)
		return;
	bo->backend->device_release(bo);
	bo->dev_sgt = NULL;
}

/*
 * With dma32, memory the device cannot reach is refused, with a line
 * saying where it lies: the driver's own pages are below 4 GiB, but an
 * imported buffer may not be.
 */
static int vgh_check_dma32(struct vgh_bo *bo, bool dma)
{
	struct scatterlist *sg;
	unsigned int i;
	u64 end = 0;

	if (!bo->dev_sgt || !vgh_dma32())
		return 0;
	if (dma) {
		for_each_sgtable_dma_sg(bo->dev_sgt, sg, i)
			end = max_t(u64, end, sg_dma_address(sg) + sg_dma_len(sg));
	} else {
		for_each_sgtable_sg(bo->dev_sgt, sg, i)
			end = max_t(u64, end, sg_phys(sg) + sg->length);
	}
	if (end <= SZ_4G)
		return 0;
	drm_err_ratelimited(bo->shmem.base.dev,
			    "buffer memory reaches %#llx, above the 4 GiB the device can address (dma32): refused\n",
			    end);
	return -EINVAL;
}

/*
 * A new host resource of the kind @p describes, backed by @bo's memory
 * when the kind has guest memory. On failure nothing is left on either
 * side; only an id the host might still hold (a creating command timed
 * out, or the unref after a failed attach failed) stays allocated, and
 * @bo's memory is then retired when it is released.
 */
static int vgh_resource_new_locked(struct vgh_bo *bo,
				   const struct vgh_bo_params *p, u32 *res_id)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	/* heap blocks are listed by address, as DMA mappings are */
	bool dma = bo->dma_dev || bo->shmem.base.import_attach || bo->block;
	int id, ret;

	lockdep_assert_held(&bo->res_lock);
	ret = vgh_check_dma32(bo, dma);
	if (ret)
		return ret;
	id = ida_alloc_min(&vgdev->res_ida, 1, GFP_KERNEL);
	if (id < 0)
		return id;
	if (p->blob_mem) {
		ret = vgh_resource_create_blob(vgdev, id, p, bo->host_size,
					       bo->dev_sgt, dma);
		if (ret)
			goto err_id;
		*res_id = id;
		return 0;
	}
	if (p->virgl)
		ret = vgh_resource_create_3d(vgdev, id, p);
	else
		ret = vgh_resource_create_2d(vgdev, id, p->format, p->width,
					     p->height);
	if (ret)
		goto err_id;
	ret = vgh_resource_attach(vgdev, id, bo->dev_sgt, dma);
	if (ret)
		goto err_unref;
	*res_id = id;
	return 0;

err_unref:
	if (!vgh_resource_unref(vgdev, id)) {
		ida_free(&vgdev->res_ida, id);
		return ret;
	}
	/* the resource may still list the memory given to it */
	vgh_retire_res_id(vgdev, id);
	bo->host_lost = true;
	return ret;

err_id:
	if (ret != -ETIMEDOUT) {
		ida_free(&vgdev->res_ida, id);
		return ret;
	}
	/*
	 * A command that timed out is still queued and the device may yet
	 * carry it out: the id is not free, nor is the memory a blob lists.
	 */
	vgh_retire_res_id(vgdev, id);
	if (p->blob_mem)
		bo->host_lost = true;
	return ret;
}

static int vgh_bo_make_resource(struct vgh_bo *bo, const struct vgh_bo_params *p)
{
	int ret;

	lockdep_assert_held(&bo->res_lock);
	ret = vgh_bo_pin_device_locked(bo);
	if (ret)
		return ret;
	ret = vgh_resource_new_locked(bo, p, &bo->res_id);
	if (ret) {
		/* memory the device may still use is retired (host_lost) */
		vgh_bo_unpin_device_locked(bo);
		return ret;
	}
	bo->width = p->width;
	bo->height = p->height;
	bo->format = p->format;
	bo->blob_mem = p->blob_mem;
	bo->blob_flags = p->blob_flags;
	return 0;
}

/**
 * vgh_bo_fb_resource() - the host resource a framebuffer shows
 * @obj: the framebuffer's buffer object
 * @pitch: bytes per row of the framebuffer
 * @width: framebuffer width in pixels
 * @height: framebuffer height in pixels
 * @format: VIRTIO_GPU_FORMAT_* of the framebuffer
 * @res_id: the resource id
 *
 * The host copies a 2D resource's rows with the resource's own stride,
 * and framebuffer pixel (x, y) becomes resource pixel (x, y). When the
 * object's own resource has @pitch as its stride and holds the
 * framebuffer, that is the one; a heap blob is always the one, since
 * the host shows it directly (see vgh_bo_scanout_direct()). Otherwise
 * the framebuffer gets a resource of its own over the same memory,
 * which the caller releases
 * with vgh_bo_fb_resource_put(). An imported object has no resource of
 * its own yet: it gets one here, as wide as @pitch allows and as high
 * as the object holds.
 *
 * Return: 1 when the framebuffer got its own resource, 0 when it shares
 * the object's, -EINVAL for a pitch the host cannot express, or the
 * error of creating a resource.
 */
int vgh_bo_fb_resource(struct drm_gem_object *obj, u32 pitch, u32 width,
		       u32 height, u32 format, u32 *res_id)
{
	u32 rows = pitch ? min_t(u64, obj->size / pitch, VGH_BO_MAX_DIM) : 0;
	struct vgh_bo_params p = {
		.width = pitch / 4,
		.height = rows,
		.format = format,
	};
	struct vgh_bo *bo = to_vgh_bo(obj);
	int ret = 0;

	if (!pitch || pitch % 4 || pitch / 4 > VGH_BO_MAX_DIM || rows < height)
		return -EINVAL;
	mutex_lock(&bo->res_lock);
	if (!bo->res_id)
		ret = vgh_bo_make_resource(bo, &p);
	if (ret)
		goto out;
	/* a heap blob is scanned out as it is, at any pitch */
	if (bo->blob_mem == VIRTIO_GPU_BLOB_MEM_GUEST_VRAM ||
	    (!bo->blob_mem && bo->width * 4 == pitch && bo->height >= height)) {
		*res_id = bo->res_id;
		goto out;
	}
	ret = -EINVAL;
	if (bo->backend->device_sgt)
		ret = vgh_resource_new_locked(bo, &p, res_id);
	if (!ret)
		ret = 1;
out:
	mutex_unlock(&bo->res_lock);
	return ret;
}

/**
 * vgh_bo_fb_resource_put() - release a framebuffer's own resource
 * @obj: the framebuffer's buffer object
 * @res_id: what vgh_bo_fb_resource() returned with 1
 */
void vgh_bo_fb_resource_put(struct drm_gem_object *obj, u32 res_id)
{
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct vgh_bo *bo = to_vgh_bo(obj);
	int ret = vgh_resource_unref(vgdev, res_id);

	if (!ret || ret == -ENODEV) {
		ida_free(&vgdev->res_ida, res_id);
	} else {
		drm_err_ratelimited(obj->dev, "resource %u: unref failed: %d\n",
				    res_id, ret);
		vgh_retire_res_id(vgdev, res_id);
	}
	/*
	 * The resource still lists the object's memory; also after -ENODEV:
	 * the device was not asked and may use it until it is reset.
	 */
	if (!ret)
		return;
	mutex_lock(&bo->res_lock);
	bo->host_lost = true;
	mutex_unlock(&bo->res_lock);
}

/**
 * vgh_bo_transfer_to_host() - copy a rectangle of guest memory to the host
 * @obj: the buffer object
 * @res_id: a host resource over @obj's memory
 * @rect: the rectangle, in resource pixels
 * @offset: byte offset in the object of the rectangle's first row
 * @wait: wait for the host's answer; without it the command is only
 *	queued, which is enough when a later command on the control queue
 *	depends on it, since the host takes them in order
 *
 * Return: 0 or the error of queueing the command (and with @wait, the
 * host's answer).
 */
int vgh_bo_transfer_to_host(struct drm_gem_object *obj, u32 res_id,
			    const struct vgh_rect *rect, u64 offset, bool wait)
{
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct virtio_gpu_transfer_to_host_2d *req;
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct vgh_cmd *cmd;
	int ret;

	/* A DMA mapping through bounce buffers needs the CPU's writes. */
	if (bo->dma_dev)
		dma_sync_sgtable_for_device(bo->dma_dev, bo->dev_sgt,
					    DMA_TO_DEVICE);
	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->offset = cpu_to_le64(offset);
	vgh_rect_to_wire(&req->r, rect);
	ret = vgh_cmd_send(vgdev, cmd, wait);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_bo_flush() - ask the host to show a rectangle of a resource
 * @obj: the buffer object
 * @res_id: a host resource over @obj's memory
 * @rect: the rectangle, in resource pixels
 * @wait: wait for the host's answer, so that the frame is on the display
 *	when this returns
 *
 * Return: 0 or the error of queueing RESOURCE_FLUSH (and with @wait, the
 * host's answer).
 */
int vgh_bo_flush(struct drm_gem_object *obj, u32 res_id,
		 const struct vgh_rect *rect, bool wait)
{
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct virtio_gpu_resource_flush *req;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_FLUSH, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	vgh_rect_to_wire(&req->r, rect);
	ret = vgh_cmd_send(vgdev, cmd, wait);
	vgh_cmd_put(cmd);
	return ret;
}

/* PRIME */

static int vgh_resource_assign_uuid(struct vgh_device *vgdev, u32 res_id,
				    uuid_t *uuid)
{
	struct virtio_gpu_resource_assign_uuid *req;
	struct virtio_gpu_resp_resource_uuid *resp;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_ASSIGN_UUID, sizeof(*req),
			    sizeof(*resp), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	ret = vgh_cmd_exec(vgdev, cmd);
	if (!ret) {
		resp = vgh_cmd_resp(cmd);
		import_uuid(uuid, resp->uuid);
	}
	vgh_cmd_put(cmd);
	return ret;
}

static int vgh_dmabuf_get_uuid(struct dma_buf *dmabuf, uuid_t *uuid)
{
	struct vgh_bo *bo = to_vgh_bo(dmabuf->priv);
	int ret = -ENOENT;

	mutex_lock(&bo->res_lock);
	if (bo->has_uuid) {
		uuid_copy(uuid, &bo->uuid);
		ret = 0;
	}
	mutex_unlock(&bo->res_lock);
	return ret;
}

static struct sg_table *vgh_dmabuf_map(struct dma_buf_attachment *attach,
				       enum dma_data_direction dir)
{
	struct vgh_bo *bo = to_vgh_bo(attach->dmabuf->priv);

	if (bo->backend->map_dma_buf)
		return bo->backend->map_dma_buf(bo, attach->dev, dir);
	return drm_gem_map_dma_buf(attach, dir);
}

static void vgh_dmabuf_unmap(struct dma_buf_attachment *attach,
			     struct sg_table *sgt, enum dma_data_direction dir)
{
	struct vgh_bo *bo = to_vgh_bo(attach->dmabuf->priv);

	if (bo->backend->unmap_dma_buf)
		bo->backend->unmap_dma_buf(bo, attach->dev, sgt, dir);
	else
		drm_gem_unmap_dma_buf(attach, sgt, dir);
}

static const struct virtio_dma_buf_ops vgh_dmabuf_ops = {
	.ops = {
		.cache_sgt_mapping = true,
		.attach = virtio_dma_buf_attach,
		.detach = drm_gem_map_detach,
		.map_dma_buf = vgh_dmabuf_map,
		.unmap_dma_buf = vgh_dmabuf_unmap,
		.release = drm_gem_dmabuf_release,
		.mmap = drm_gem_dmabuf_mmap,
		.vmap = drm_gem_dmabuf_vmap,
		.vunmap = drm_gem_dmabuf_vunmap,
	},
	.device_attach = drm_gem_map_attach,
	.get_uuid = vgh_dmabuf_get_uuid,
};

/*
 * A host error on ASSIGN_UUID fails the export, as does one on mapping
 * a HOST3D blob whose mapping was deferred.
 */
static struct dma_buf *vgh_gem_prime_export(struct drm_gem_object *obj, int flags)
{
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct dma_buf_export_info info = {
		.exp_name = KBUILD_MODNAME,
		.owner = THIS_MODULE,
		.ops = &vgh_dmabuf_ops.ops,
		.size = obj->size,
		.flags = flags,
		.priv = obj,
		.resv = obj->resv,
	};
	struct dma_buf *dmabuf;
	int ret = 0;

	mutex_lock(&bo->res_lock);
	if (bo->res_id && !bo->has_uuid &&
	    vgh_has_feature(vgdev, VIRTIO_GPU_F_RESOURCE_UUID)) {
		ret = vgh_resource_assign_uuid(vgdev, bo->res_id, &bo->uuid);
		bo->has_uuid = !ret;
	}
	/* importers of a mappable HOST3D blob get its region range */
	if (!ret && bo->backend == &vgh_hostvis_backend &&
	    (bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		ret = vgh_hostvis_get_locked(bo);
	mutex_unlock(&bo->res_lock);
	if (ret)
		return ERR_PTR(ret);

	dmabuf = virtio_dma_buf_export(&info);
	if (IS_ERR(dmabuf))
		return dmabuf;
	/* What drm_gem_dmabuf_release() gives back. */
	drm_dev_get(obj->dev);
	drm_gem_object_get(obj);
	dmabuf->file->f_mapping = obj->dev->anon_inode->i_mapping;
	return dmabuf;
}

/* GEM object functions */

static void vgh_gem_free(struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct vgh_device *vgdev = to_vgh(obj->dev);
	int ret;

	if (bo->backend->host_release)
		bo->backend->host_release(bo);
	if (bo->res_id) {
		/* The host lets go of the pages with the resource. */
		ret = vgh_resource_unref(vgdev, bo->res_id);
		if (ret && ret != -ENODEV)
			drm_err_ratelimited(obj->dev, "resource %u: unref failed: %d\n",
					    bo->res_id, ret);
		if (!ret || ret == -ENODEV)
			ida_free(&vgdev->res_ida, bo->res_id);
		else
			vgh_retire_res_id(vgdev, bo->res_id);
		/*
		 * Set already when another resource over the memory was lost.
		 * -ENODEV: the device went away before it could be asked; it
		 * may use the memory until remove resets it.
		 */
		bo->host_lost |= ret != 0;
	}
	if (bo->dev_sgt)
		bo->backend->device_release(bo);
	mutex_destroy(&bo->res_lock);
	bo->backend->free(bo);
}

/* A 3D context sees the resources of the handles its file holds. */
static int vgh_gem_open(struct drm_gem_object *obj, struct drm_file *file)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	if (!vgh_has_feature(to_vgh(obj->dev), VIRTIO_GPU_F_VIRGL) || !bo->res_id)
		return 0;
	return vgh_ctx_attach_resource(file, bo->res_id);
}

static void vgh_gem_close(struct drm_gem_object *obj, struct drm_file *file)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	if (vgh_has_feature(to_vgh(obj->dev), VIRTIO_GPU_F_VIRGL) && bo->res_id)
		vgh_ctx_detach_resource(file, bo->res_id);
}

static void vgh_gem_print_info(struct drm_printer *p, unsigned int indent,
			       const struct drm_gem_object *obj)
{
	const struct vgh_bo *bo = container_of(obj, struct vgh_bo, shmem.base);

	drm_printf_indent(p, indent, "backend=%s\n", bo->backend->name);
	drm_printf_indent(p, indent, "resource=%u %ux%u format=%u blob_mem=%u\n",
			  bo->res_id, bo->width, bo->height, bo->format,
			  bo->blob_mem);
	if (bo->backend == &vgh_shmem_backend)
		drm_gem_shmem_print_info(&bo->shmem, p, indent);
	else if (bo->block)
		drm_printf_indent(p, indent, "heap block=%#llx\n",
				  (u64)vgh_heap_block_addr(bo->block));
}

/*
 * Lifetime, handles, debugfs and export are ours; the CPU mappings and
 * the pages a dma-buf importer gets are the shmem helpers'.
 */
static const struct drm_gem_object_funcs vgh_shmem_funcs = {
	.free = vgh_gem_free,
	.open = vgh_gem_open,
	.close = vgh_gem_close,
	.export = vgh_gem_prime_export,
	.print_info = vgh_gem_print_info,
	.mmap = drm_gem_shmem_object_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
};

/*
 * Host memory has no pages for the kernel to map or lend: user space
 * maps it, nothing else does.
 */
static const struct drm_gem_object_funcs vgh_hostvis_funcs = {
	.free = vgh_gem_free,
	.open = vgh_gem_open,
	.close = vgh_gem_close,
	.export = vgh_gem_prime_export,
	.print_info = vgh_gem_print_info,
	.mmap = vgh_hostvis_bo_mmap,
	.vm_ops = &vgh_range_vm_ops,
};

/*
 * Heap memory has no pages either; the kernel maps it on demand, user
 * space directly, importers through its DMA address.
 */
static const struct drm_gem_object_funcs vgh_heap_funcs = {
	.free = vgh_gem_free,
	.open = vgh_gem_open,
	.close = vgh_gem_close,
	.export = vgh_gem_prime_export,
	.print_info = vgh_gem_print_info,
	.mmap = vgh_heap_bo_mmap,
	.vm_ops = &vgh_range_vm_ops,
	.vmap = vgh_heap_bo_vmap,
	.vunmap = vgh_heap_bo_vunmap,
};

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

	if (!params->size || params->size > VGH_BO_MAX_SIZE ||
	    params->host_size > VGH_BO_MAX_SIZE)
		return ERR_PTR(-EINVAL);
	if (backend == &vgh_heap_backend && !vgdev->heap_mode)
		return ERR_PTR(-EINVAL);
	if (params->align && !is_power_of_2(params->align))
		return ERR_PTR(-EINVAL);
	/*
	 * blobs and heap blocks follow the device's blob alignment, and the
	 * host's layout where it asks for more; an object whose host size
	 * was given keeps its own size in pages
	 */
	if ((params->blob_mem || backend == &vgh_heap_backend) &&
	    !params->host_size)
		size = ALIGN(params->size, align);
	host_size = size;
	if (params->host_size)
		host_size = ALIGN(max(params->host_size, size), align);
	if (size > VGH_BO_MAX_SIZE || host_size > VGH_BO_MAX_SIZE)
		return ERR_PTR(-EINVAL);
	/* a 3D buffer resource is as wide as it has bytes: the host checks */
	if (!params->blob_mem && !params->virgl &&
	    (!params->width || params->width > VGH_BO_MAX_DIM ||
	     !params->height || params->height > VGH_BO_MAX_DIM))
		return ERR_PTR(-EINVAL);

	shmem = drm_gem_shmem_create(&vgdev->drm, size);
	if (IS_ERR(shmem))
		return ERR_CAST(shmem);
	/* pages the device reads come from below 4 GiB */
	if (backend == &vgh_shmem_backend && vgh_dma32())
		mapping_set_gfp_mask(shmem->base.filp->f_mapping,
				     GFP_USER | __GFP_DMA32 |
				     __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	bo = container_of(shmem, struct vgh_bo, shmem);
	bo->backend = backend;
	bo->align = align;
	bo->host_size = host_size;
	shmem->base.funcs = bo->backend->funcs;

	mutex_lock(&bo->res_lock);
	ret = vgh_bo_make_resource(bo, params);
	if (!ret && bo->backend == &vgh_hostvis_backend && !params->defer_map &&
	    (params->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		ret = vgh_hostvis_map(vgdev, bo->res_id, shmem->base.size,
				      &bo->hostvis);
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

	return bo->backend != &vgh_hostvis_backend ||
	       (bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE);
}

/**
 * vgh_bo_transfer_3d() - copy a box between guest memory and a 3D resource
 * @obj: the object, with a resource and guest memory
 * @ctx_id: the context the transfer is for, or 0
 * @to_host: TRANSFER_TO_HOST_3D, else TRANSFER_FROM_HOST_3D
 * @box: the box
 * @level: mipmap level
 * @offset: byte offset of the box in the guest memory
 * @stride: bytes per row in guest memory, 0 for the resource's own
 * @layer_stride: bytes per layer in guest memory, 0 for the resource's own
 *
 * The command is fenced; the fence goes into the object's reservation
 * object, so DRM_IOCTL_VIRTGPU_WAIT and implicit sync wait for it.
 *
 * Return: 0 once queued, -EINTR, -ENOMEM, or the error of queueing.
 */
int vgh_bo_transfer_3d(struct drm_gem_object *obj, u32 ctx_id, bool to_host,
		       const struct vgh_box *box, u32 level, u64 offset,
		       u32 stride, u32 layer_stride)
{
	struct vgh_device *vgdev = to_vgh(obj->dev);
	struct virtio_gpu_transfer_host_3d *req;
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct vgh_fence *fence;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_new(to_host ? VIRTIO_GPU_CMD_TRANSFER_TO_HOST_3D :
			  VIRTIO_GPU_CMD_TRANSFER_FROM_HOST_3D, sizeof(*req));
	fence = vgh_fence_alloc(vgdev->control, -1);
	if (!cmd || !fence) {
		ret = -ENOMEM;
		goto out;
	}
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(ctx_id);
	req->box.x = cpu_to_le32(box->x);
	req->box.y = cpu_to_le32(box->y);
	req->box.z = cpu_to_le32(box->z);
	req->box.w = cpu_to_le32(box->w);
	req->box.h = cpu_to_le32(box->h);
	req->box.d = cpu_to_le32(box->d);
	req->offset = cpu_to_le64(offset);
	req->resource_id = cpu_to_le32(vgh_bo_res_id(obj));
	req->level = cpu_to_le32(level);
	req->stride = cpu_to_le32(stride);
	req->layer_stride = cpu_to_le32(layer_stride);

	ret = dma_resv_lock_interruptible(obj->resv, NULL);
	if (ret)
		goto out;
	ret = dma_resv_reserve_fences(obj->resv, 1);
	if (ret)
		goto out_unlock;
	if (to_host && bo->dma_dev)
		dma_sync_sgtable_for_device(bo->dma_dev, bo->dev_sgt,
					    DMA_TO_DEVICE);
	ret = vgh_cmd_submit(vgdev, cmd, fence);
	if (!ret)
		dma_resv_add_fence(obj->resv, &fence->base,
				   to_host ? DMA_RESV_USAGE_READ :
				   DMA_RESV_USAGE_WRITE);
out_unlock:
	dma_resv_unlock(obj->resv);
out:
	if (fence)
		dma_fence_put(&fence->base);
	vgh_cmd_put(cmd);
	return ret;
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
	if (!args->width || args->width > VGH_BO_MAX_DIM ||
	    !args->height || args->height > VGH_BO_MAX_DIM)
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
		if (vgh_heap_blobs(vgdev)) {
			struct vgh_layout l;
			u32 how;

			params.blob_mem = VIRTIO_GPU_BLOB_MEM_GUEST_VRAM;
			ret = vgh_layout_get(vgdev, DRM_FORMAT_XRGB8888,
					     args->width, args->height,
					     VGH_LAYOUT_SCANOUT | VGH_LAYOUT_LINEAR,
					     &l, &how);
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

/**
 * vgh_gem_prime_import() - import a dma-buf
 * @drm: the DRM device
 * @dmabuf: the buffer
 *
 * One of our own dma-bufs gives back its GEM object. Anything else is
 * attached to the transport's DMA device, the one that can reach the
 * host, not to the virtio device, which does no DMA of its own.
 *
 * Return: the GEM object or an ERR_PTR.
 */
struct drm_gem_object *vgh_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dmabuf)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct drm_gem_object *obj;

	if (dmabuf->ops == &vgh_dmabuf_ops.ops) {
		obj = dmabuf->priv;
		if (obj->dev == drm) {
			drm_gem_object_get(obj);
			return obj;
		}
	}
	return drm_gem_prime_import_dev(drm, dmabuf, vgdev->vdev->dev.parent);
}

static void vgh_gem_fini(struct drm_device *drm, void *data)
{
	struct vgh_device *vgdev = to_vgh(drm);

	/* the device was reset at remove, or never given anything */
	vgh_gem_device_reset(vgdev);
	mutex_destroy(&vgdev->retire_lock);
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
	ida_init(&vgdev->res_ida);
	mutex_init(&vgdev->retire_lock);
	INIT_LIST_HEAD(&vgdev->retired);
	return drmm_add_action_or_reset(&vgdev->drm, vgh_gem_fini, NULL);
}
