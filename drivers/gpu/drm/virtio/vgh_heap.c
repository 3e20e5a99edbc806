// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The dedicated heap of the virtio-gpu-heap driver: its pool, its policy
 * and the backend of the buffer objects that live in it.
 */

/**
 * DOC: Dedicated heap
 *
 * The dedicated heap is one physically contiguous pool, fixed at probe,
 * that the guest and the host both see. Every buffer the host must touch
 * in heap mode is one block of it, so a blob reaches the host as a single
 * memory entry and the host never copies it. The blocks come from a
 * range allocator (&struct vgh_mm, see "Range allocator") made over the
 * pool with a kernel mapping of it, so every block is zero when it is
 * handed out: no client sees another's bytes.
 *
 * The pool is found at probe (vgh_heap_init()): from the bring-up module
 * parameters heap_base and heap_size, else from the device tree (a
 * memory-region phandle on the device's node to a no-map reserved-memory
 * node), else from the device's shared memory region
 * VIRTIO_GPU_SHM_ID_HEAP. It is refused, with one log line saying why,
 * when it wraps, is not page aligned, overlaps System RAM, or, while the
 * dma32 parameter is set (the default), reaches above 4 GiB; the driver
 * then works on without a heap. Heap mode is on when there is a pool and
 * no host-visible region (heap_mode=1 forces it, 0 turns the heap off).
 *
 * In heap mode the buffers userspace makes for the host come from the
 * heap: GUEST_VRAM blobs, mappable HOST3D blobs (mapped at their block's
 * offset in the heap region), and dumb buffers. On a device that takes
 * blobs a dumb buffer is a GUEST_VRAM blob that the host scans out where
 * it lies; on one that does not, it backs a 2D resource and reaches the
 * host by transfers, which the driver says once at probe.
 *
 * Callers free a block once nothing can reach it any more: the host has
 * let go of its resource and no CPU mapping, kernel mapping or dma-buf of
 * its object is left. A block the host would not let go of (its
 * resource's unref failed) is retired. The pool stays claimed until the
 * last user of the DRM device is gone, also after the device was
 * unplugged; a driver instance bound meanwhile works without a heap.
 */

#include <linux/dma-resv.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_client.h"
#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_mm.h"

/**
 * struct vgh_heap - the pool, what the driver holds of it for the heap's
 *	life
 * @mm: the allocator of its blocks
 * @base: the pool's guest-physical address
 * @size: its length in bytes
 * @vaddr: the pool's kernel mapping, through which blocks are cleared
 * @res: the pool's claim in the physical address space
 * @link: entry in the list of pools this module holds
 * @from_device: the pool is the device's shared memory region
 * @moved_reported: the device was found to report another region
 */
struct vgh_heap {
	struct vgh_mm *mm;
	phys_addr_t base;
	u64 size;
	void *vaddr;
	struct resource *res;
	struct list_head link;
	bool from_device;
	bool moved_reported;
};

/*
 * Pool discovery. The pool comes from the first source that names one:
 * the heap_base/heap_size module parameters (bring-up), the device tree,
 * or the device's shared memory region VIRTIO_GPU_SHM_ID_HEAP. Every
 * source goes through the same checks before a heap is made over it.
 */

static unsigned long long heap_base;
module_param(heap_base, ullong, 0444);
MODULE_PARM_DESC(heap_base, "guest-physical base of the dedicated heap, for bring-up (with heap_size)");
static unsigned long long heap_size;
module_param(heap_size, ullong, 0444);
MODULE_PARM_DESC(heap_size, "size of the dedicated heap, for bring-up (0: ask the device)");
static int heap_mode = -1;
module_param(heap_mode, int, 0444);
MODULE_PARM_DESC(heap_mode, "-1: heap mode when there is a pool and no host-visible region (default), 0: never, 1: whenever there is a pool");

/* One line saying why, and no heap. */
static bool vgh_pool_ok(struct vgh_device *vgdev, const char *from,
			u64 base, u64 size)
{
	struct drm_device *drm = &vgdev->drm;
	const char *bad = vgh_mm_range_check(base, size);

	if (bad) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s %s, no heap\n",
			 base, size, from, bad);
		return false;
	}
	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s overlaps memory the kernel owns, no heap\n",
			 base, size, from);
		return false;
	}
	if (vgh_dma32() && base + size > SZ_4G) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s lies above 4 GiB while DMA32 is required (dma32), no heap\n",
			 base, size, from);
		return false;
	}
	return true;
}

/*
 * The device's firmware node names the pool with a memory-region phandle
 * to a reserved-memory node (Documentation/devicetree/bindings/gpu/
 * virtio-gpu-heap.yaml); for virtio-mmio that is the transport's node.
 */
static bool vgh_pool_from_dt(struct vgh_device *vgdev, u64 *base, u64 *size)
{
	struct device *dev = vgdev->vdev->dev.parent;
	struct reserved_mem *rmem;
	struct device_node *np;

	if (!dev || !dev->of_node)
		return false;
	np = of_parse_phandle(dev->of_node, "memory-region", 0);
	if (!np)
		return false;
	rmem = of_reserved_mem_lookup(np);
	if (!rmem) {
		drm_warn(&vgdev->drm, "heap: memory-region %pOF of %pOF is not reserved memory, no heap from the device tree\n",
			 np, dev->of_node);
		of_node_put(np);
		return false;
	}
	of_node_put(np);
	*base = rmem->base;
	*size = rmem->size;
	return true;
}

/*
 * The pools claimed by this module's DRM devices, live or unplugged, so
 * that a pool found taken can be told apart: still held by an earlier
 * instance of the same device, which a client keeps open after a hot
 * unbind, or claimed by something else.
 */
static LIST_HEAD(vgh_pools);
static DEFINE_MUTEX(vgh_pools_lock);

static bool vgh_pool_held_by_us(u64 base, u64 size)
{
	struct vgh_heap *pool;
	bool held = false;

	mutex_lock(&vgh_pools_lock);
	list_for_each_entry(pool, &vgh_pools, link)
		if (base <= pool->res->end && pool->res->start <= base + size - 1)
			held = true;
	mutex_unlock(&vgh_pools_lock);
	return held;
}

/*
 * Runs when the last user of the DRM device is gone, which may be long
 * after the virtio device was removed: until then mappings and
 * dma-bufs may still name blocks, so the pool stays claimed and no new
 * heap is made over it.
 */
static void vgh_pool_release(struct drm_device *drm, void *data)
{
	struct vgh_heap *pool = data;

	mutex_lock(&vgh_pools_lock);
	list_del(&pool->link);
	mutex_unlock(&vgh_pools_lock);
	vgh_mm_destroy(pool->mm);
	memunmap(pool->vaddr);
	release_mem_region(pool->res->start, resource_size(pool->res));
}

/* Heap blocks reach the device as guest-physical addresses. */
static bool vgh_pool_addressable(struct vgh_device *vgdev)
{
	struct virtqueue *vq = vgdev->queues[VGH_QUEUE_CONTROL].vq;

	if (!virtqueue_dma_dev(vq))
		return true;
	drm_warn(&vgdev->drm, "heap: the transport translates device addresses (VIRTIO_F_ACCESS_PLATFORM or an IOMMU), so heap blocks would reach the device untranslated: no heap\n");
	return false;
}

static int vgh_pool_claim(struct vgh_device *vgdev, const char *from,
			  u64 base, u64 size)
{
	struct drm_device *drm = &vgdev->drm;
	struct vgh_heap *pool;

	pool = drmm_kzalloc(drm, sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	pool->res = request_mem_region(base, size, "virtio-gpu heap");
	if (!pool->res) {
		/*
		 * A hot rebind while a client still holds the unplugged
		 * instance: expected, and this instance works from shmem.
		 */
		if (vgh_pool_held_by_us(base, size))
			drm_info(drm, "heap: pool %#llx+%#llx from the %s is still held by an unplugged instance of this driver (open files, mappings or dma-bufs), no heap until the device is bound again after they are gone\n",
				 base, size, from);
		else
			drm_warn(drm, "heap: pool %#llx+%#llx from the %s is taken, no heap\n",
				 base, size, from);
		return 0;
	}
	pool->vaddr = memremap(base, size, MEMREMAP_WC);
	if (!pool->vaddr) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s cannot be mapped to clear it, no heap\n",
			 base, size, from);
		release_mem_region(base, size);
		return 0;
	}
	pool->mm = vgh_mm_create(base, size, pool->vaddr);
	if (IS_ERR(pool->mm)) {
		memunmap(pool->vaddr);
		release_mem_region(base, size);
		return PTR_ERR(pool->mm);
	}
	pool->base = base;
	pool->size = size;
	vgdev->heap = pool;
	mutex_lock(&vgh_pools_lock);
	list_add(&pool->link, &vgh_pools);
	mutex_unlock(&vgh_pools_lock);
	return drmm_add_action_or_reset(drm, vgh_pool_release, pool);
}

/**
 * vgh_heap_init() - find the pool, check it and make the heap
 * @vgdev: the device, after the host-visible region was looked for
 *
 * A pool that fails a check is reported in one log line and the driver
 * goes on without a heap. The pool is claimed and mapped for as long as
 * the DRM device lives, and its whole content is cleared before any of
 * it is handed out.
 *
 * Return: 0, also without a heap; -ENOMEM.
 */
int vgh_heap_init(struct vgh_device *vgdev)
{
	struct virtio_shm_region region = {};
	struct drm_device *drm = &vgdev->drm;
	const char *from = "module parameters";
	u64 base = heap_base, size = heap_size;
	int ret;

	if (!heap_mode)
		return 0;
	if (!size && vgh_pool_from_dt(vgdev, &base, &size))
		from = "device tree";
	if (!size) {
		if (!virtio_get_shm_region(vgdev->vdev, &region,
					   VIRTIO_GPU_SHM_ID_HEAP))
			return 0;
		from = "device";
		base = region.addr;
		size = region.len;
	}
	if (!vgh_pool_ok(vgdev, from, base, size) ||
	    !vgh_pool_addressable(vgdev))
		return 0;
	ret = vgh_pool_claim(vgdev, from, base, size);
	if (ret || !vgdev->heap)
		return ret;
	vgdev->heap->from_device = region.len != 0;
	vgdev->heap_mode = heap_mode == 1 || !vgh_hostvis_present(vgdev);
	drm_info(drm, "heap: pool %#llx+%#llx from the %s, heap mode %s\n",
		 base, size, from, vgdev->heap_mode ? "on" : "off");
	/* without blobs the host copies heap buffers like any other */
	if (vgdev->heap_mode && !vgh_heap_blobs(vgdev))
		drm_info(drm, "heap: the device takes no blobs: no GUEST_VRAM blobs, and scanout buffers from the heap are copied to the host by transfers\n");
	return 0;
}

/**
 * vgh_heap_mm() - the allocator of the heap's blocks
 * @vgdev: the device
 *
 * Return: the allocator, NULL without a heap.
 */
struct vgh_mm *vgh_heap_mm(const struct vgh_device *vgdev)
{
	return vgdev->heap ? vgdev->heap->mm : NULL;
}

/**
 * vgh_heap_blobs() - whether GUEST_VRAM blobs can be made
 * @vgdev: the device
 *
 * Return: true in heap mode on a device that takes blob resources.
 */
bool vgh_heap_blobs(const struct vgh_device *vgdev)
{
	return vgdev->heap_mode && vgh_blobs(vgdev);
}

/**
 * vgh_heap_align() - alignment of heap blocks and of heap blob sizes
 * @vgdev: the device
 *
 * Return: the blob alignment (the page size, or the device's larger
 * VIRTIO_GPU_F_BLOB_ALIGNMENT), a power of two.
 */
u64 vgh_heap_align(const struct vgh_device *vgdev)
{
	return vgdev->blob_align ?: PAGE_SIZE;
}

/**
 * vgh_heap_recheck() - refuse a heap region the device moved after probe
 * @vgdev: the device, after a configuration change
 *
 * The pool is fixed for the life of the driver: memory in it is handed
 * out and mapped. A device that now reports another heap region is
 * broken or hostile; that is said once, and the heap stays where it was.
 */
void vgh_heap_recheck(struct vgh_device *vgdev)
{
	struct virtio_shm_region region = {};
	struct vgh_heap *heap = vgdev->heap;

	if (!heap || !heap->from_device || heap->moved_reported ||
	    !virtio_get_shm_region(vgdev->vdev, &region, VIRTIO_GPU_SHM_ID_HEAP))
		return;
	if (region.addr == heap->base && region.len == heap->size)
		return;
	heap->moved_reported = true;
	drm_err(&vgdev->drm, "heap: the device now reports its heap region at %#llx+%#llx, not %pa+%#llx as at probe: refused, the heap stays where it was\n",
		region.addr, region.len, &heap->base, heap->size);
}

/**
 * vgh_heap_show() - the heap for debugfs, or that there is none
 * @vgdev: the device
 * @p: where to print
 */
void vgh_heap_show(struct vgh_device *vgdev, struct drm_printer *p)
{
	if (!vgdev->heap) {
		drm_printf(p, "no heap\n");
		return;
	}
	drm_printf(p, "heap mode %s\n", vgdev->heap_mode ? "on" : "off");
	vgh_mm_print(vgdev->heap->mm, "pool", p);
}

/*
 * heap backend: in heap mode a GUEST_VRAM blob, or a dumb buffer, is one
 * block of the dedicated heap. The device gets the block as the single
 * memory entry of the blob (or of the 2D resource it backs on a device
 * without blobs), user space maps it write-combined, and the host reads
 * a blob where it lies.
 */

static void vgh_heap_range(struct vgh_bo *bo, struct vgh_range *r)
{
	r->addr = vgh_mm_block_addr(bo->block);
	r->size = bo->shmem.base.size;
	r->map_info = VIRTIO_GPU_MAP_CACHE_WC;
}

/* The block as the device sees it: its guest-physical range. */
static struct sg_table *vgh_heap_device_sgt(struct vgh_bo *bo)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	struct vgh_mm_block *block;
	struct sg_table *sgt;
	int ret;

	ret = vgh_client_charge_heap(bo->client, bo->host_size);
	if (ret)
		return ERR_PTR(ret);
	block = vgh_mm_alloc(vgdev->heap->mm, bo->host_size, bo->align);
	if (IS_ERR(block)) {
		vgh_client_uncharge_heap(bo->client, bo->host_size);
		return ERR_CAST(block);
	}
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt || sg_alloc_table(sgt, 1, GFP_KERNEL)) {
		kfree(sgt);
		vgh_mm_free(block);
		vgh_client_uncharge_heap(bo->client, bo->host_size);
		return ERR_PTR(-ENOMEM);
	}
	sgt->sgl->length = bo->host_size;
	sg_dma_address(sgt->sgl) = vgh_mm_block_addr(block);
	sg_dma_len(sgt->sgl) = bo->host_size;
	bo->block = block;
	/* listed by address, as DMA mappings are */
	bo->dev_dma = true;
	return sgt;
}

static void vgh_heap_device_release(struct vgh_bo *bo)
{
	sg_free_table(bo->dev_sgt);
	kfree(bo->dev_sgt);
	if (bo->host_lost)
		vgh_mm_retire(bo->block);
	else
		vgh_mm_free(bo->block);
	vgh_client_uncharge_heap(bo->client, bo->host_size);
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
		bo->vaddr = memremap(vgh_mm_block_addr(bo->block), obj->size,
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

static void vgh_heap_bo_print_info(const struct vgh_bo *bo,
				   struct drm_printer *p, unsigned int indent)
{
	if (bo->block)
		drm_printf_indent(p, indent, "heap block=%#llx\n",
				  (u64)vgh_mm_block_addr(bo->block));
}

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

const struct vgh_bo_backend vgh_heap_backend = {
	.name = "heap",
	.funcs = &vgh_heap_funcs,
	.from_heap = true,
	.device_sgt = vgh_heap_device_sgt,
	.device_release = vgh_heap_device_release,
	.free = vgh_shmem_free,
	.map_dma_buf = vgh_heap_map_dma_buf,
	.unmap_dma_buf = vgh_range_dma_unmap,
	.print_info = vgh_heap_bo_print_info,
};
