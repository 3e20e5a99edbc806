// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The host-visible memory region of the virtio-gpu-heap driver.
 */

/**
 * DOC: Host-visible memory
 *
 * A device may offer a shared memory region (id VIRTIO_GPU_SHM_ID_HOST_VISIBLE)
 * through which the guest sees memory of HOST3D blobs. Upstream has no
 * feature bit for it: the region exists or not. The driver asks the
 * transport once at probe and trusts only what it answers with true,
 * and only after checking it: a region of zero length, one that wraps
 * around the address space, one that is not page aligned, or one that
 * another driver already claimed is reported and ignored.
 *
 * The guest decides where in the region each blob goes. The region is
 * managed by a range allocator (&struct vgh_mm) without a kernel mapping:
 * the memory is the host's, which the guest does not clear. A blob
 * mapped with RESOURCE_MAP_BLOB gets a block of its size, and the command
 * carries the block's offset in the region. The device's answer says how the guest
 * must map the memory (map_info): cached, uncached or write-combined. An
 * answer with another value is a protocol error and the mapping fails,
 * since mapping memory with the wrong attributes corrupts it silently.
 * The answer carries no offset: where a blob lies is the guest's choice
 * alone, so the device cannot make the guest map anything outside the
 * range it gave that blob.
 *
 * In heap mode a device has no such region, and the dedicated heap takes
 * its place: a mappable HOST3D blob gets a heap block, and MAP_BLOB
 * carries the block's offset in the device's heap region.
 *
 * Userspace maps the blob with mmap() of its GEM offset; the pages are
 * the region's, so writes reach the host without a copy. Another device
 * that imports the blob as a dma-buf gets the same range, DMA-mapped
 * for it as a resource (dma_map_resource()): there are no struct pages
 * behind the region.
 */

#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_client.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_mm.h"

/**
 * struct vgh_hostvis - the host-visible region
 * @base: guest-physical address of the region
 * @size: its length in bytes
 * @mm: the allocator of its blocks; a mapping the device would not take
 *	back is retired there, its range never reused
 */
struct vgh_hostvis {
	phys_addr_t base;
	u64 size;
	struct vgh_mm *mm;
};

/**
 * struct vgh_hostvis_map - one blob mapped into the region, or in heap
 *	mode into the heap
 * @block: where in the region, or in the heap
 * @addr: guest-physical address of the blob's memory
 * @offset: offset the device was given, in its region
 * @size: bytes mapped
 * @res_id: the blob's resource id
 * @map_info: VIRTIO_GPU_MAP_CACHE_* the device answered
 */
struct vgh_hostvis_map {
	struct vgh_mm_block *block;
	phys_addr_t addr;
	u64 offset;
	u64 size;
	u32 res_id;
	u32 map_info;
};

/* Every blob unmapped itself when it was freed; retired ranges go here. */
static void vgh_hostvis_fini(struct drm_device *drm, void *data)
{
	struct vgh_hostvis *hv = data;

	vgh_mm_destroy(hv->mm);
}

/**
 * vgh_hostvis_init() - find and check the host-visible region
 * @vgdev: the device
 *
 * Return: 0, also when there is no usable region; -ENOMEM.
 */
int vgh_hostvis_init(struct vgh_device *vgdev)
{
	struct virtio_shm_region region = {};
	struct drm_device *drm = &vgdev->drm;
	struct vgh_hostvis *hv;
	const char *bad;

	if (!vgh_blobs(vgdev) ||
	    !virtio_get_shm_region(vgdev->vdev, &region,
				   VIRTIO_GPU_SHM_ID_HOST_VISIBLE))
		return 0;
	bad = vgh_mm_range_check(region.addr, region.len);
	if (bad) {
		drm_warn(drm, "host-visible region %#llx+%#llx %s, ignored\n",
			 region.addr, region.len, bad);
		return 0;
	}
	if (!devm_request_mem_region(&vgdev->vdev->dev, region.addr, region.len,
				     "virtio-gpu host-visible")) {
		drm_warn(drm, "host-visible region %#llx+%#llx is taken, ignored\n",
			 region.addr, region.len);
		return 0;
	}

	hv = drmm_kzalloc(drm, sizeof(*hv), GFP_KERNEL);
	if (!hv)
		return -ENOMEM;
	hv->mm = vgh_mm_create(region.addr, region.len, NULL);
	if (IS_ERR(hv->mm))
		return PTR_ERR(hv->mm);
	hv->base = region.addr;
	hv->size = region.len;
	vgdev->hostvis = hv;
	drm_info(drm, "host-visible region %pa+%#llx\n", &hv->base, hv->size);
	return drmm_add_action_or_reset(drm, vgh_hostvis_fini, hv);
}

/**
 * vgh_hostvis_present() - whether the device offers a usable region
 * @vgdev: the device
 *
 * Return: true when blobs can be mapped (VIRTGPU_PARAM_HOST_VISIBLE).
 */
bool vgh_hostvis_present(const struct vgh_device *vgdev)
{
	return vgdev->hostvis;
}

static int vgh_map_blob(struct vgh_device *vgdev, u32 res_id, u64 offset,
			u32 *map_info)
{
	struct virtio_gpu_resource_map_blob *req;
	struct virtio_gpu_resp_map_info *resp;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_MAP_BLOB, sizeof(*req),
			    sizeof(*resp), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->offset = cpu_to_le64(offset);
	ret = vgh_cmd_exec(vgdev, cmd);
	if (!ret) {
		resp = vgh_cmd_resp(cmd);
		/* little endian on the wire, whatever the header's type says */
		*map_info = le32_to_cpu((__force __le32)resp->map_info);
	}
	vgh_cmd_put(cmd);
	return ret;
}

static int vgh_unmap_blob(struct vgh_device *vgdev, u32 res_id)
{
	struct virtio_gpu_resource_unmap_blob *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_UNMAP_BLOB, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	return vgh_cmd_run(vgdev, cmd);
}

/* Give the range back, or with @lost keep it taken for good. */
static void vgh_hostvis_release(struct vgh_hostvis_map *map, bool lost)
{
	if (lost)
		vgh_mm_retire(map->block);
	else
		vgh_mm_free(map->block);
	kfree(map);
}

/*
 * A block for @map: of the region, or in heap mode of the heap, whose
 * region the device then maps the blob into.
 */
static int vgh_hostvis_place(struct vgh_device *vgdev,
			     struct vgh_hostvis_map *map, u64 size)
{
	struct vgh_mm *mm = vgdev->hostvis ? vgdev->hostvis->mm :
			    vgh_heap_mm(vgdev);
	struct vgh_mm_block *block;

	block = vgh_mm_alloc(mm, size, vgh_heap_align(vgdev));
	if (IS_ERR(block))
		return PTR_ERR(block);
	map->block = block;
	map->addr = vgh_mm_block_addr(block);
	map->offset = map->addr - vgh_mm_base(mm);
	return 0;
}

static bool vgh_map_info_ok(u32 map_info)
{
	switch (map_info) {
	case VIRTIO_GPU_MAP_CACHE_CACHED:
	case VIRTIO_GPU_MAP_CACHE_UNCACHED:
	case VIRTIO_GPU_MAP_CACHE_WC:
		return true;
	default:
		return false;
	}
}

/**
 * vgh_hostvis_can_map() - whether HOST3D blobs can be mapped
 * @vgdev: the device
 *
 * Return: true with a host-visible region, or in heap mode, where the
 * heap takes its place.
 */
bool vgh_hostvis_can_map(const struct vgh_device *vgdev)
{
	return vgdev->hostvis || vgdev->heap_mode;
}

/**
 * vgh_hostvis_map() - map a HOST3D blob into the region
 * @vgdev: the device
 * @res_id: the blob's resource id
 * @size: the blob's size, page aligned
 * @out: the mapping, for vgh_hostvis_range() and vgh_hostvis_unmap()
 *
 * Without a host-visible region, in heap mode, the range is a heap block
 * and the offset the device gets is the block's in the heap region.
 *
 * Return: 0; -ENODEV without a region or heap; -ENOSPC when it is full;
 * -EPROTO for a map_info the driver cannot honour; -ENOMEM; or the
 * device's answer to RESOURCE_MAP_BLOB.
 */
int vgh_hostvis_map(struct vgh_device *vgdev, u32 res_id, u64 size,
		    struct vgh_hostvis_map **out)
{
	struct vgh_hostvis_map *map;
	int ret;

	if (!vgh_hostvis_can_map(vgdev))
		return -ENODEV;
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map->res_id = res_id;
	map->size = size;
	ret = vgh_hostvis_place(vgdev, map, size);
	if (ret) {
		kfree(map);
		return ret;
	}

	ret = vgh_map_blob(vgdev, res_id, map->offset, &map->map_info);
	if (!ret && !vgh_map_info_ok(map->map_info)) {
		drm_err_ratelimited(&vgdev->drm,
				    "resource %u: device answered map_info %#x\n",
				    res_id, map->map_info);
		/* The device mapped it: it must let go before reuse. */
		vgh_hostvis_release(map, vgh_unmap_blob(vgdev, res_id));
		return -EPROTO;
	}
	if (ret) {
		vgh_hostvis_release(map, false);
		return ret;
	}
	/* dma-buf mapping reads it without the object's lock */
	WRITE_ONCE(*out, map);
	return 0;
}

/**
 * vgh_hostvis_unmap() - take a blob out of the region
 * @vgdev: the device
 * @map: what vgh_hostvis_map() gave
 *
 * When the device fails RESOURCE_UNMAP_BLOB, the range is never reused:
 * the host may still write it.
 */
void vgh_hostvis_unmap(struct vgh_device *vgdev, struct vgh_hostvis_map *map)
{
	int ret = vgh_unmap_blob(vgdev, map->res_id);

	if (ret && ret != -ENODEV)
		drm_err_ratelimited(&vgdev->drm,
				    "resource %u: unmap failed (%d), %#llx+%#llx of the region stays taken\n",
				    map->res_id, ret, map->offset, map->size);
	vgh_hostvis_release(map, ret && ret != -ENODEV);
}

/**
 * vgh_hostvis_range() - where a mapped blob lies, and how to map it
 * @map: the blob's mapping
 * @range: filled in
 */
void vgh_hostvis_range(const struct vgh_hostvis_map *map,
		       struct vgh_range *range)
{
	range->addr = map->addr;
	range->size = map->size;
	range->map_info = map->map_info;
}

/**
 * vgh_hostvis_print() - the region and its allocations, for debugfs
 * @vgdev: the device
 * @p: where to print
 */
void vgh_hostvis_print(struct vgh_device *vgdev, struct drm_printer *p)
{
	struct vgh_hostvis *hv = vgdev->hostvis;
	struct vgh_mm_stats st;

	if (!hv) {
		drm_printf(p, "no host-visible region\n");
		return;
	}
	vgh_mm_get_stats(hv->mm, &st);
	drm_printf(p, "region %pa+%#llx, %llu bytes mapped\n", &hv->base,
		   hv->size, st.used);
	vgh_mm_print(hv->mm, "blocks", p);
}

/*
 * host-visible backend: a HOST3D blob's memory is the host's, seen
 * through the host-visible region once mapped there.
 */

/* In heap mode the mapping takes a heap block, charged to the maker. */
static struct vgh_client *vgh_hostvis_heap_client(struct vgh_bo *bo)
{
	return to_vgh(bo->shmem.base.dev)->hostvis ? NULL : bo->client;
}

static void vgh_hostvis_host_release(struct vgh_bo *bo)
{
	if (bo->hostvis) {
		vgh_hostvis_unmap(to_vgh(bo->shmem.base.dev), bo->hostvis);
		vgh_client_uncharge_heap(vgh_hostvis_heap_client(bo),
					 bo->shmem.base.size);
	}
	bo->hostvis = NULL;
}

/* Maps the blob into the region on first use when creation did not. */
static int vgh_hostvis_get_locked(struct vgh_bo *bo)
{
	struct vgh_client *client = vgh_hostvis_heap_client(bo);
	u64 size = bo->shmem.base.size;
	int ret;

	lockdep_assert_held(&bo->res_lock);
	if (!(bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		return -EINVAL;
	if (bo->hostvis)
		return 0;
	ret = vgh_client_charge_heap(client, size);
	if (ret)
		return ret;
	ret = vgh_hostvis_map(to_vgh(bo->shmem.base.dev), bo->res_id, size,
			      &bo->hostvis);
	if (ret)
		vgh_client_uncharge_heap(client, size);
	return ret;
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

static int vgh_hostvis_created_locked(struct vgh_bo *bo,
				      const struct vgh_bo_params *params)
{
	if (params->defer_map ||
	    !(params->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		return 0;
	return vgh_hostvis_get_locked(bo);
}

/* A HOST3D blob made without USE_MAPPABLE has nothing to map. */
static bool vgh_hostvis_cpu_mappable(const struct vgh_bo *bo)
{
	return bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE;
}

/* Importers of a mappable HOST3D blob get its region range. */
static int vgh_hostvis_export_locked(struct vgh_bo *bo)
{
	if (!(bo->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE))
		return 0;
	return vgh_hostvis_get_locked(bo);
}

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

const struct vgh_bo_backend vgh_hostvis_backend = {
	.name = "host-visible",
	.funcs = &vgh_hostvis_funcs,
	.created_locked = vgh_hostvis_created_locked,
	.host_release = vgh_hostvis_host_release,
	.free = vgh_shmem_free,
	.cpu_mappable = vgh_hostvis_cpu_mappable,
	.export_locked = vgh_hostvis_export_locked,
	.map_dma_buf = vgh_hostvis_map_dma_buf,
	.unmap_dma_buf = vgh_range_dma_unmap,
};
