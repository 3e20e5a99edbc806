// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host resources of the virtio-gpu-heap driver's buffer objects, and the
 * commands that make, fill, show and release them.
 */

/**
 * DOC: Host resources
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
 */

#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/idr.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_gem.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_submit.h"

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

/* A resource id the device may still hold: never handed out again. */
static void vgh_retire_res_id(struct vgh_device *vgdev, u32 res_id)
{
	atomic_inc(&vgdev->res_retired);
	drm_dbg_driver(&vgdev->drm, "resource id %u retired\n", res_id);
}

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
	bool dma = bo->dev_dma;
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

/**
 * vgh_bo_make_resource() - the object's own host resource
 * @bo: the object, under its &vgh_bo.res_lock
 * @p: the resource
 *
 * Pins the memory for the device, when the backend has guest memory, and
 * makes the resource over it.
 *
 * Return: 0, or the error of pinning or of making the resource; memory
 * the device may still use is then retired when the object goes.
 */
int vgh_bo_make_resource(struct vgh_bo *bo, const struct vgh_bo_params *p)
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
	bo->host_drawn = p->virgl;
	return 0;
}

/**
 * vgh_bo_release_resource() - unreference the object's own host resource
 * @bo: the object, being freed
 *
 * The host lets go of the memory with the resource. When it does not
 * confirm, the id is retired and &vgh_bo.host_lost set, so that the
 * backend retires the memory too. -ENODEV: the device went away before
 * it could be asked; it may use the memory until remove resets it.
 */
void vgh_bo_release_resource(struct vgh_bo *bo)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	int ret;

	if (!bo->res_id)
		return;
	ret = vgh_resource_unref(vgdev, bo->res_id);
	if (ret && ret != -ENODEV)
		drm_err_ratelimited(&vgdev->drm, "resource %u: unref failed: %d\n",
				    bo->res_id, ret);
	if (!ret || ret == -ENODEV)
		ida_free(&vgdev->res_ida, bo->res_id);
	else
		vgh_retire_res_id(vgdev, bo->res_id);
	/* set already when another resource over the memory was lost */
	bo->host_lost |= ret != 0;
	bo->res_id = 0;
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
	u32 rows = pitch ? min_t(u64, obj->size / pitch, VGH_MAX_DIM) : 0;
	struct vgh_bo_params p = {
		.width = pitch / 4,
		.height = rows,
		.format = format,
	};
	struct vgh_bo *bo = to_vgh_bo(obj);
	int ret = 0;

	if (!pitch || pitch % 4 || pitch / 4 > VGH_MAX_DIM || rows < height)
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
 * @how: wait for the host's answer, or only queue the command, which is
 *	enough when a later command on the control queue depends on it,
 *	since the host takes them in order (&enum vgh_send)
 *
 * Return: 0 or the error of queueing the command (and with
 * %VGH_SEND_WAIT, the host's answer).
 */
int vgh_bo_transfer_to_host(struct drm_gem_object *obj, u32 res_id,
			    const struct vgh_rect *rect, u64 offset,
			    enum vgh_send how)
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
	ret = vgh_cmd_send(vgdev, cmd, how);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_bo_flush() - ask the host to show a rectangle of a resource
 * @obj: the buffer object
 * @res_id: a host resource over @obj's memory
 * @rect: the rectangle, in resource pixels
 * @how: %VGH_SEND_WAIT to wait for the host's answer, so that the frame
 *	is on the display when this returns (&enum vgh_send)
 *
 * Return: 0 or the error of queueing RESOURCE_FLUSH (and with
 * %VGH_SEND_WAIT, the host's answer).
 */
int vgh_bo_flush(struct drm_gem_object *obj, u32 res_id,
		 const struct vgh_rect *rect, enum vgh_send how)
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
	ret = vgh_cmd_send(vgdev, cmd, how);
	vgh_cmd_put(cmd);
	return ret;
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
