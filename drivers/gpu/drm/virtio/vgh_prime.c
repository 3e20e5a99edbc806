// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * PRIME of the virtio-gpu-heap driver: virtio dma-bufs out, any dma-buf in.
 */

/**
 * DOC: PRIME
 *
 * PRIME export makes a virtio dma-buf. When the device offers
 * VIRTIO_GPU_F_RESOURCE_UUID, the resource first gets a uuid from the
 * host (RESOURCE_ASSIGN_UUID), which other virtio devices can use to
 * find the same host resource. Importing one of our own dma-bufs gives
 * back the same GEM object; a foreign dma-buf is attached to the
 * transport's DMA device and gets a host resource when it is first used
 * for display.
 */

#include <linux/dma-buf.h>
#include <linux/module.h>
#include <linux/uuid.h>
#include <linux/virtio.h>
#include <linux/virtio_dma_buf.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>

#include "vgh_bo.h"
#include "vgh_drv.h"
#include "vgh_gem.h"

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

/**
 * vgh_gem_prime_export() - the &drm_gem_object_funcs.export of every backend
 * @obj: the object
 * @flags: the dma-buf file's flags
 *
 * Return: a virtio dma-buf, or an ERR_PTR: a host error on ASSIGN_UUID
 * fails the export, as does one on getting the memory ready for
 * importers (mapping a HOST3D blob whose mapping was deferred).
 */
struct dma_buf *vgh_gem_prime_export(struct drm_gem_object *obj, int flags)
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
	if (!ret && bo->backend->export_locked)
		ret = bo->backend->export_locked(bo);
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
