// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The shmem backend of the virtio-gpu-heap driver's buffer objects, and
 * the memory retired while the device may still use it.
 */

/**
 * DOC: Shmem backend
 *
 * The shmem backend takes its pages from drm_gem_shmem. Before the host
 * may use them they are pinned and described to the device with
 * RESOURCE_ATTACH_BACKING, one entry per contiguous run. When the
 * virtio transport uses the DMA API (VIRTIO_F_ACCESS_PLATFORM, or an
 * IOMMU in front of the device) the pages are DMA-mapped for the
 * transport's DMA device, which is the one the virtqueues use; the
 * virtio device itself does no DMA. Otherwise the device sees guest
 * physical addresses. Imported dma-bufs are attached to the same DMA
 * device, so their addresses are the ones the host can use. With dma32
 * the pages come from below 4 GiB.
 */

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/virtio.h>

#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_gem.h"

/* Retired imports are detached by the driver itself. */
MODULE_IMPORT_NS(DMA_BUF);

/**
 * vgh_dma_dev() - the device the transport does DMA for
 * @vgdev: the device
 *
 * Return: the virtqueues' DMA device, or NULL when the device sees
 * guest-physical addresses.
 */
struct device *vgh_dma_dev(struct vgh_device *vgdev)
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

	if (shmem->base.import_attach) {
		bo->dev_dma = true;
		return shmem->sgt;
	}

	ret = drm_gem_shmem_pin(shmem);
	if (ret)
		return ERR_PTR(ret);
	sgt = drm_gem_shmem_get_sg_table(shmem);
	if (IS_ERR(sgt))
		goto err_unpin;

	bo->dma_dev = vgh_dma_dev(vgdev);
	bo->dev_dma = !!bo->dma_dev;
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

/**
 * vgh_shmem_free() - free an object and its pages
 * @bo: the object
 *
 * Also the &vgh_bo_backend.free of the backends whose memory is not the
 * object's pages (a heap block, host memory): their object has no pages
 * and frees as one.
 */
void vgh_shmem_free(struct vgh_bo *bo)
{
	if (bo->shmem.base.import_attach && bo->host_lost)
		vgh_shmem_retire_import(bo);
	drm_gem_shmem_free(&bo->shmem);
}

/* Pages the device reads come from below 4 GiB. */
static void vgh_shmem_init(struct vgh_bo *bo)
{
	if (vgh_dma32())
		mapping_set_gfp_mask(bo->shmem.base.filp->f_mapping,
				     GFP_USER | __GFP_DMA32 |
				     __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
}

static void vgh_shmem_print_info(const struct vgh_bo *bo,
				 struct drm_printer *p, unsigned int indent)
{
	drm_gem_shmem_print_info(&bo->shmem, p, indent);
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

const struct vgh_bo_backend vgh_shmem_backend = {
	.name = "shmem",
	.funcs = &vgh_shmem_funcs,
	.init = vgh_shmem_init,
	.device_sgt = vgh_shmem_device_sgt,
	.device_release = vgh_shmem_device_release,
	.free = vgh_shmem_free,
	.print_info = vgh_shmem_print_info,
};
