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
 * pages go back, so the host never reads memory the guest reuses.
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
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <linux/virtio.h>
#include <linux/virtio_dma_buf.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>
#include <drm/drm_print.h>

#include "vgh_drv.h"
#include "vgh_gem.h"

/* Largest buffer object: keeps every size computation far from overflow. */
#define VGH_BO_MAX_SIZE		SZ_2G
/* Largest resource edge; the mode-setting limits are below it. */
#define VGH_BO_MAX_DIM		16384

struct vgh_bo;

/**
 * struct vgh_bo_backend - where a buffer object's memory comes from
 * @name: shown in debugfs
 * @device_sgt: pin the memory and return how the device sees it: DMA
 *	addresses after a DMA mapping, else CPU physical addresses
 * @device_release: undo @device_sgt
 * @free: free the memory and the object
 */
struct vgh_bo_backend {
	const char *name;
	struct sg_table *(*device_sgt)(struct vgh_bo *bo);
	void (*device_release)(struct vgh_bo *bo);
	void (*free)(struct vgh_bo *bo);
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

static void vgh_rect_to_wire(struct virtio_gpu_rect *w, const struct vgh_rect *r)
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

static void vgh_shmem_device_release(struct vgh_bo *bo)
{
	if (bo->shmem.base.import_attach)
		return;
	if (bo->dma_dev)
		dma_unmap_sgtable(bo->dma_dev, bo->dev_sgt, DMA_BIDIRECTIONAL, 0);
	bo->dma_dev = NULL;
	sg_free_table(bo->dev_sgt);
	kfree(bo->dev_sgt);
	drm_gem_shmem_unpin(&bo->shmem);
}

static void vgh_shmem_free(struct vgh_bo *bo)
{
	drm_gem_shmem_free(&bo->shmem);
}

static const struct vgh_bo_backend vgh_shmem_backend = {
	.name = "shmem",
	.device_sgt = vgh_shmem_device_sgt,
	.device_release = vgh_shmem_device_release,
	.free = vgh_shmem_free,
};

/* Host resources */

static int vgh_resource_unref(struct vgh_device *vgdev, u32 res_id)
{
	struct virtio_gpu_resource_unref *req;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_UNREF, sizeof(*req),
			    sizeof(struct virtio_gpu_ctrl_hdr), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	ret = vgh_cmd_exec(vgdev, cmd);
	vgh_cmd_put(cmd);
	return ret;
}

static int vgh_resource_create_2d(struct vgh_device *vgdev, u32 res_id,
				  u32 format, u32 width, u32 height)
{
	struct virtio_gpu_resource_create_2d *req;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, sizeof(*req),
			    sizeof(struct virtio_gpu_ctrl_hdr), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->format = cpu_to_le32(format);
	req->width = cpu_to_le32(width);
	req->height = cpu_to_le32(height);
	ret = vgh_cmd_exec(vgdev, cmd);
	vgh_cmd_put(cmd);
	return ret;
}

/* One entry per DMA segment; the device sees addresses, not pages. */
static int vgh_resource_attach(struct vgh_device *vgdev, u32 res_id,
			       struct sg_table *sgt, bool dma)
{
	struct virtio_gpu_resource_attach_backing *req;
	struct virtio_gpu_mem_entry *ents;
	unsigned int n = dma ? sgt->nents : sgt->orig_nents;
	struct scatterlist *sg;
	struct vgh_cmd *cmd;
	unsigned int i;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING,
			    sizeof(*req), sizeof(struct virtio_gpu_ctrl_hdr),
			    GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	ents = kmalloc_array(n, sizeof(*ents), GFP_KERNEL | __GFP_NOWARN);
	if (!ents) {
		vgh_cmd_put(cmd);
		return -ENOMEM;
	}
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
	req = vgh_cmd_req(cmd);
	req->resource_id = cpu_to_le32(res_id);
	req->nr_entries = cpu_to_le32(n);
	cmd->payload = ents;
	cmd->payload_len = n * sizeof(*ents);
	ret = vgh_cmd_exec(vgdev, cmd);
	vgh_cmd_put(cmd);
	return ret;
}

/* The device's view of the memory, pinned on first use. */
static int vgh_bo_pin_device_locked(struct vgh_bo *bo)
{
	struct sg_table *sgt;

	lockdep_assert_held(&bo->res_lock);
	if (bo->dev_sgt)
		return 0;
	sgt = bo->backend->device_sgt(bo);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	bo->dev_sgt = sgt;
	return 0;
}

/*
 * A new host resource backed by @bo's memory. On failure nothing is
 * left on either side; only an id the host might still hold (its unref
 * failed) stays allocated.
 */
static int vgh_resource_new_locked(struct vgh_bo *bo, u32 width, u32 height,
				   u32 format, u32 *res_id)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	int id, ret;

	lockdep_assert_held(&bo->res_lock);
	id = ida_alloc_min(&vgdev->res_ida, 1, GFP_KERNEL);
	if (id < 0)
		return id;
	ret = vgh_resource_create_2d(vgdev, id, format, width, height);
	if (ret)
		goto err_id;
	ret = vgh_resource_attach(vgdev, id, bo->dev_sgt,
				  bo->dma_dev || bo->shmem.base.import_attach);
	if (ret)
		goto err_unref;
	*res_id = id;
	return 0;

err_unref:
	if (vgh_resource_unref(vgdev, id))
		return ret;
err_id:
	ida_free(&vgdev->res_ida, id);
	return ret;
}

static int vgh_bo_make_resource(struct vgh_bo *bo, u32 width, u32 height,
				u32 format)
{
	int ret;

	lockdep_assert_held(&bo->res_lock);
	ret = vgh_bo_pin_device_locked(bo);
	if (ret)
		return ret;
	ret = vgh_resource_new_locked(bo, width, height, format, &bo->res_id);
	if (ret) {
		bo->backend->device_release(bo);
		bo->dev_sgt = NULL;
		return ret;
	}
	bo->width = width;
	bo->height = height;
	bo->format = format;
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
 * framebuffer, that is the one. Otherwise the framebuffer gets a
 * resource of its own over the same memory, which the caller releases
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
	struct vgh_bo *bo = to_vgh_bo(obj);
	int ret = 0;

	if (!pitch || pitch % 4 || pitch / 4 > VGH_BO_MAX_DIM || rows < height)
		return -EINVAL;
	mutex_lock(&bo->res_lock);
	if (!bo->res_id)
		ret = vgh_bo_make_resource(bo, pitch / 4, rows, format);
	if (ret)
		goto out;
	if (bo->width * 4 == pitch && bo->height >= height) {
		*res_id = bo->res_id;
		goto out;
	}
	ret = vgh_resource_new_locked(bo, pitch / 4, rows, format, res_id);
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
	int ret = vgh_resource_unref(vgdev, res_id);

	if (ret && ret != -ENODEV)
		drm_err_ratelimited(obj->dev, "resource %u: unref failed: %d\n",
				    res_id, ret);
	else
		ida_free(&vgdev->res_ida, res_id);
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
	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, sizeof(*req),
			    sizeof(struct virtio_gpu_ctrl_hdr), GFP_KERNEL);
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

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_FLUSH, sizeof(*req),
			    sizeof(struct virtio_gpu_ctrl_hdr), GFP_KERNEL);
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

static const struct virtio_dma_buf_ops vgh_dmabuf_ops = {
	.ops = {
		.cache_sgt_mapping = true,
		.attach = virtio_dma_buf_attach,
		.detach = drm_gem_map_detach,
		.map_dma_buf = drm_gem_map_dma_buf,
		.unmap_dma_buf = drm_gem_unmap_dma_buf,
		.release = drm_gem_dmabuf_release,
		.mmap = drm_gem_dmabuf_mmap,
		.vmap = drm_gem_dmabuf_vmap,
		.vunmap = drm_gem_dmabuf_vunmap,
	},
	.device_attach = drm_gem_map_attach,
	.get_uuid = vgh_dmabuf_get_uuid,
};

/* A host error on ASSIGN_UUID fails the export. */
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

/* GEM object functions, the same for every backend */

static void vgh_gem_free(struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct vgh_device *vgdev = to_vgh(obj->dev);
	int ret;

	if (bo->res_id) {
		/* The host lets go of the pages with the resource. */
		ret = vgh_resource_unref(vgdev, bo->res_id);
		if (ret && ret != -ENODEV)
			drm_err_ratelimited(obj->dev, "resource %u: unref failed: %d\n",
					    bo->res_id, ret);
		if (!ret || ret == -ENODEV)
			ida_free(&vgdev->res_ida, bo->res_id);
	}
	if (bo->dev_sgt)
		bo->backend->device_release(bo);
	mutex_destroy(&bo->res_lock);
	bo->backend->free(bo);
}

static void vgh_gem_print_info(struct drm_printer *p, unsigned int indent,
			       const struct drm_gem_object *obj)
{
	const struct vgh_bo *bo = container_of(obj, struct vgh_bo, shmem.base);

	drm_printf_indent(p, indent, "backend=%s\n", bo->backend->name);
	drm_printf_indent(p, indent, "resource=%u %ux%u format=%u\n",
			  bo->res_id, bo->width, bo->height, bo->format);
	drm_gem_shmem_print_info(&bo->shmem, p, indent);
}

/*
 * Ours: lifetime, debugfs and export. The CPU mappings and the pages a
 * dma-buf importer gets are the shmem helpers'.
 */
static const struct drm_gem_object_funcs vgh_gem_funcs = {
	.free = vgh_gem_free,
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
	bo->shmem.base.funcs = &vgh_gem_funcs;
	return &bo->shmem.base;
}

/**
 * vgh_bo_create() - create a buffer object and its host resource
 * @vgdev: the device
 * @params: size and host resource
 *
 * Return: the object with one reference, or an ERR_PTR: -EINVAL for a
 * size or resource the driver cannot make, -ENOMEM, or the host's
 * answer to creating the resource.
 */
struct drm_gem_object *vgh_bo_create(struct vgh_device *vgdev,
				     const struct vgh_bo_params *params)
{
	struct drm_gem_shmem_object *shmem;
	struct vgh_bo *bo;
	int ret;

	if (!params->size || params->size > VGH_BO_MAX_SIZE ||
	    !params->width || params->width > VGH_BO_MAX_DIM ||
	    !params->height || params->height > VGH_BO_MAX_DIM)
		return ERR_PTR(-EINVAL);

	shmem = drm_gem_shmem_create(&vgdev->drm, PAGE_ALIGN(params->size));
	if (IS_ERR(shmem))
		return ERR_CAST(shmem);
	bo = container_of(shmem, struct vgh_bo, shmem);

	mutex_lock(&bo->res_lock);
	ret = vgh_bo_make_resource(bo, params->width, params->height,
				   params->format);
	mutex_unlock(&bo->res_lock);
	if (ret) {
		drm_gem_object_put(&shmem->base);
		return ERR_PTR(ret);
	}
	return &shmem->base;
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
	struct vgh_bo_params params = {
		.width = args->width,
		.height = args->height,
		.format = VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
	};
	struct drm_gem_object *obj;
	u32 pitch;
	int ret;

	if (args->flags || args->bpp != 32)
		return -EINVAL;
	if (check_mul_overflow(args->width, 4U, &pitch))
		return -EINVAL;
	params.size = (u64)pitch * args->height;

	obj = vgh_bo_create(to_vgh(drm), &params);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = drm_gem_handle_create(file, obj, &args->handle);
	drm_gem_object_put(obj);
	if (ret)
		return ret;
	args->pitch = pitch;
	args->size = obj->size;
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
	ida_destroy(&to_vgh(drm)->res_ida);
}

/**
 * vgh_gem_init() - set up the resource id allocator
 * @vgdev: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vgh_gem_init(struct vgh_device *vgdev)
{
	ida_init(&vgdev->res_ida);
	return drmm_add_action_or_reset(&vgdev->drm, vgh_gem_fini, NULL);
}
