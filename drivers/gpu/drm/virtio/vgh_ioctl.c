// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The virtio-gpu uAPI of the virtio-gpu-heap driver.
 */

/**
 * DOC: uAPI
 *
 * The driver implements the ioctls of <drm/virtgpu_drm.h> with their
 * numbers, structures and errnos, so that Mesa (virgl, Venus, native
 * contexts), crosvm's and QEMU's guest tools and IGT work unchanged.
 * Every argument from userspace is checked here and nowhere else; the
 * blocks behind (GEM, contexts and submission, the host-visible region)
 * get only values that passed.
 *
 * Where the Linux driver leaves a case unchecked, this one is stricter
 * and says so with -EINVAL: non-zero padding, counts or sizes that
 * would make the kernel allocate more than it ever can (the Linux
 * driver warns in the allocator there), DRM_IOCTL_VIRTGPU_MAP of a
 * HOST3D blob that was not made mappable (Linux fails only the mmap).
 *
 * GETPARAM writes an int through the pointer in &drm_virtgpu_getparam.value,
 * as the Linux driver does; readers that pass a pre-zeroed __u64 read
 * the same value on little-endian machines.
 *
 * GET_CAPS answers from a cache: the first request for a capset id and
 * version asks the host (GET_CAPSET) and keeps the answer for the
 * device's lifetime, since a capset does not change while the device
 * exists.
 *
 * DRM_IOCTL_VIRTGPU_HEAP_QUERY (<drm/virtgpu_heap_drm.h>) is the one
 * ioctl the driver adds: a query whose structure carries its own size,
 * as panthor's DEV_QUERY does, so that it can grow. Its first type
 * returns buffer layouts (vgh_layout.c).
 */

#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/virtgpu_heap_drm.h>

#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_ioctl.h"
#include "vgh_layout.h"
#include "vgh_submit.h"

/* Largest capset id a context may ask for: the mask is 64 bits. */
#define VGH_MAX_CAPSET_ID	63
/* Context parameters there are; each may be given once. */
#define VGH_CTX_PARAMS		4

static bool vgh_3d(const struct vgh_device *vgdev)
{
	return vgh_has_feature(vgdev, VIRTIO_GPU_F_VIRGL);
}

static u64 vgh_capset_mask(const struct vgh_device *vgdev)
{
	u64 mask = 0;
	u32 i;

	for (i = 0; vgdev->capsets && i < vgdev->num_capsets; i++)
		if (vgdev->capsets[i].id <= VGH_MAX_CAPSET_ID)
			mask |= BIT_ULL(vgdev->capsets[i].id);
	return mask;
}

static int vgh_ioctl_getparam(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct drm_virtgpu_getparam *args = data;
	int value;

	switch (args->param) {
	case VIRTGPU_PARAM_3D_FEATURES:
		value = vgh_3d(vgdev);
		break;
	case VIRTGPU_PARAM_CAPSET_QUERY_FIX:
		value = 1;
		break;
	case VIRTGPU_PARAM_RESOURCE_BLOB:
		value = vgh_blobs(vgdev);
		break;
	case VIRTGPU_PARAM_HOST_VISIBLE:
		value = vgh_hostvis_present(vgdev);
		break;
	case VIRTGPU_PARAM_CROSS_DEVICE:
		value = vgh_has_feature(vgdev, VIRTIO_GPU_F_RESOURCE_UUID);
		break;
	case VIRTGPU_PARAM_CONTEXT_INIT:
	case VIRTGPU_PARAM_EXPLICIT_DEBUG_NAME:
		value = vgh_has_feature(vgdev, VIRTIO_GPU_F_CONTEXT_INIT);
		break;
	case VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs:
		/* an int, as the Linux driver answers */
		value = (int)vgh_capset_mask(vgdev);
		break;
	case VIRTGPU_PARAM_GUEST_VRAM:
		/*
		 * Venus reads "GUEST_VRAM blobs work", Linux 7.2 the blob
		 * alignment: in heap mode the alignment answers both, and
		 * otherwise no answer is right for both.
		 */
		if (!vgh_heap_blobs(vgdev))
			return -ENOENT;
		value = vgh_heap_align(vgdev);
		break;
	case VIRTGPU_HEAP_PARAM_GUEST_VRAM:
		value = vgh_heap_blobs(vgdev);
		break;
	case VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT:
		value = vgh_heap_align(vgdev);
		break;
	default:
		return -EINVAL;
	}
	if (copy_to_user(u64_to_user_ptr(args->value), &value, sizeof(value)))
		return -EFAULT;
	return 0;
}

/**
 * struct vgh_caps_entry - one capset blob the host sent
 * @node: entry in &vgh_device.caps_cache
 * @id: capset id
 * @version: capset version asked for
 * @size: bytes at @data
 * @data: the blob
 */
struct vgh_caps_entry {
	struct list_head node;
	u32 id;
	u32 version;
	u32 size;
	u8 data[];
};

static void vgh_caps_fini(struct drm_device *drm, void *data)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct vgh_caps_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &vgdev->caps_cache, node)
		kfree(e);
	ida_destroy(&vgdev->ctx_ida);
}

/**
 * vgh_caps_init() - set up the capset cache and the context id allocator
 * @vgdev: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vgh_caps_init(struct vgh_device *vgdev)
{
	int ret;

	ret = drmm_mutex_init(&vgdev->drm, &vgdev->caps_lock);
	if (ret)
		return ret;
	INIT_LIST_HEAD(&vgdev->caps_cache);
	ida_init(&vgdev->ctx_ida);
	return drmm_add_action_or_reset(&vgdev->drm, vgh_caps_fini, NULL);
}

static struct vgh_caps_entry *vgh_caps_fetch(struct vgh_device *vgdev,
					     const struct vgh_capset *cap,
					     u32 version)
{
	struct virtio_gpu_get_capset *req;
	struct vgh_caps_entry *e;
	struct vgh_cmd *cmd;
	size_t resp_len;
	int ret;

	/* The device's claim of the size, checked before it sizes a buffer. */
	if (check_add_overflow(sizeof(struct virtio_gpu_resp_capset),
			       (size_t)cap->max_size, &resp_len) ||
	    resp_len > VGH_MAX_CMD_REPLY)
		return ERR_PTR(-EPROTO);
	e = kzalloc(struct_size(e, data, cap->max_size), GFP_KERNEL);
	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_GET_CAPSET, sizeof(*req), resp_len,
			    GFP_KERNEL);
	if (!e || !cmd) {
		ret = -ENOMEM;
		goto err;
	}
	req = vgh_cmd_req(cmd);
	req->capset_id = cpu_to_le32(cap->id);
	req->capset_version = cpu_to_le32(version);
	ret = vgh_cmd_exec(vgdev, cmd);
	if (ret)
		goto err;
	e->id = cap->id;
	e->version = version;
	e->size = cap->max_size;
	memcpy(e->data, ((struct virtio_gpu_resp_capset *)vgh_cmd_resp(cmd))->capset_data,
	       cap->max_size);
	vgh_cmd_put(cmd);
	return e;

err:
	vgh_cmd_put(cmd);
	kfree(e);
	return ERR_PTR(ret);
}

static int vgh_ioctl_get_caps(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct drm_virtgpu_get_caps *args = data;
	const struct vgh_capset *cap = NULL;
	struct vgh_caps_entry *e;
	int ret = 0;
	u32 i;

	if (!vgdev->num_capsets || !vgdev->capsets)
		return -ENOSYS;
	if (!args->size || args->pad)
		return -EINVAL;
	for (i = 0; i < vgdev->num_capsets; i++) {
		if (vgdev->capsets[i].id == args->cap_set_id &&
		    vgdev->capsets[i].max_version >= args->cap_set_ver) {
			cap = &vgdev->capsets[i];
			break;
		}
	}
	if (!cap)
		return -EINVAL;

	mutex_lock(&vgdev->caps_lock);
	list_for_each_entry(e, &vgdev->caps_cache, node)
		if (e->id == cap->id && e->version == args->cap_set_ver)
			goto found;
	e = vgh_caps_fetch(vgdev, cap, args->cap_set_ver);
	if (IS_ERR(e)) {
		ret = PTR_ERR(e);
		goto out;
	}
	list_add_tail(&e->node, &vgdev->caps_cache);
found:
	if (copy_to_user(u64_to_user_ptr(args->addr), e->data,
			 min(args->size, e->size)))
		ret = -EFAULT;
out:
	mutex_unlock(&vgdev->caps_lock);
	return ret;
}

static int vgh_ioctl_context_init(struct drm_device *drm, void *data,
				  struct drm_file *file)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct drm_virtgpu_context_init *args = data;
	struct drm_virtgpu_context_set_param p[VGH_CTX_PARAMS];
	struct vgh_ctx_params params = {};
	bool seen[VGH_CTX_PARAMS + 1] = {};
	long len;
	u32 i;

	if (!vgh_3d(vgdev) || !vgh_has_feature(vgdev, VIRTIO_GPU_F_CONTEXT_INIT))
		return -EINVAL;
	if (args->num_params > VGH_CTX_PARAMS || args->pad)
		return -EINVAL;
	if (copy_from_user(p, u64_to_user_ptr(args->ctx_set_params),
			   args->num_params * sizeof(p[0])))
		return -EFAULT;

	for (i = 0; i < args->num_params; i++) {
		u64 value = p[i].value;

		if (p[i].param < 1 || p[i].param > VGH_CTX_PARAMS ||
		    seen[p[i].param])
			return -EINVAL;
		seen[p[i].param] = true;
		switch (p[i].param) {
		case VIRTGPU_CONTEXT_PARAM_CAPSET_ID:
			if (!value || value > VGH_MAX_CAPSET_ID ||
			    !(vgh_capset_mask(vgdev) & BIT_ULL(value)))
				return -EINVAL;
			params.capset_id = value;
			break;
		case VIRTGPU_CONTEXT_PARAM_NUM_RINGS:
			if (value > VGH_MAX_RINGS)
				return -EINVAL;
			params.num_rings = value;
			break;
		case VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK:
			params.poll_rings_mask = value;
			break;
		case VIRTGPU_CONTEXT_PARAM_DEBUG_NAME:
			len = strncpy_from_user(params.name, u64_to_user_ptr(value),
						sizeof(params.name) - 1);
			if (len < 0)
				return len;
			params.named = true;
			break;
		}
	}
	/* only rings that exist can be polled */
	if (params.num_rings < 64 &&
	    params.poll_rings_mask >> params.num_rings)
		return -EINVAL;
	return vgh_ctx_init(file, &params);
}

/*
 * Hands a new object to userspace: its handle and host resource id, or
 * the error of making it. The handle keeps the object; the creation
 * reference goes.
 */
static int vgh_new_handle(struct drm_file *file, struct drm_gem_object *obj,
			  u32 *bo_handle, u32 *res_handle)
{
	u32 handle;
	int ret;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	*res_handle = vgh_bo_res_id(obj);
	ret = drm_gem_handle_create(file, obj, &handle);
	drm_gem_object_put(obj);
	if (!ret)
		*bo_handle = handle;
	return ret;
}

static int vgh_ioctl_resource_create(struct drm_device *drm, void *data,
				     struct drm_file *file)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct drm_virtgpu_resource_create *args = data;
	/* the 3D fields count only when the device has 3D */
	struct vgh_bo_params params = {
		.size = args->size ?: PAGE_SIZE,
		.width = args->width,
		.height = args->height,
		.format = args->format,
		.virgl = vgh_3d(vgdev),
		.target = args->target,
		.bind = args->bind,
		.depth = args->depth,
		.array_size = args->array_size,
		.last_level = args->last_level,
		.nr_samples = args->nr_samples,
		.flags = args->flags,
	};
	u32 ctx_id;
	int ret;

	if (params.virgl) {
		/* the host makes a 3D resource within the file's context */
		ret = vgh_ctx_get(file, &ctx_id);
		if (ret)
			return ret;
	} else if (args->depth > 1 || args->nr_samples > 1 ||
		   args->last_level > 1 || args->target != 2 ||
		   args->array_size > 1) {
		/* without 3D only a plain 2D texture can be made */
		return -EINVAL;
	}

	params.client = vgh_file_client(file);
	return vgh_new_handle(file, vgh_bo_create(vgdev, &params),
			      &args->bo_handle, &args->res_handle);
}

static int vgh_ioctl_resource_info(struct drm_device *drm, void *data,
				   struct drm_file *file)
{
	struct drm_virtgpu_resource_info *args = data;
	struct drm_gem_object *obj;

	obj = drm_gem_object_lookup(file, args->bo_handle);
	if (!obj)
		return -ENOENT;
	args->res_handle = vgh_bo_res_id(obj);
	args->size = obj->size;
	args->blob_mem = vgh_bo_blob_mem(obj);
	drm_gem_object_put(obj);
	return 0;
}

/* Transfers move data between guest memory and a resource that has both. */
static int vgh_transfer(struct drm_device *drm, struct drm_file *file,
			bool to_host, u32 handle,
			const struct drm_virtgpu_3d_box *box, u32 level,
			u32 offset, u32 stride, u32 layer_stride)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct vgh_box b = {
		.x = box->x, .y = box->y, .z = box->z,
		.w = box->w, .h = box->h, .d = box->d,
	};
	struct drm_gem_object *obj;
	u32 blob_mem, ctx_id;
	int ret;

	if (!to_host && !vgh_3d(vgdev))
		return -ENOSYS;
	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;
	blob_mem = vgh_bo_blob_mem(obj);
	ret = -EINVAL;
	/* the host reads guest and heap blobs where they lie */
	if (blob_mem == VIRTIO_GPU_BLOB_MEM_GUEST ||
	    blob_mem == VIRTIO_GPU_BLOB_MEM_GUEST_VRAM)
		goto out;
	if (!vgh_3d(vgdev)) {
		struct vgh_rect r = {
			.x = box->x, .y = box->y, .width = box->w, .height = box->h,
		};

		ret = vgh_bo_transfer_to_host(obj, vgh_bo_res_id(obj), &r,
					      offset, VGH_SEND_QUEUE);
		goto out;
	}
	/* only blobs say how their guest memory is laid out */
	if (!blob_mem && (stride || layer_stride))
		goto out;
	ret = vgh_ctx_get(file, &ctx_id);
	if (!ret)
		ret = vgh_bo_transfer_3d(obj, ctx_id, to_host, &b, level, offset,
					 stride, layer_stride);
out:
	drm_gem_object_put(obj);
	return ret;
}

static int vgh_ioctl_transfer_from_host(struct drm_device *drm, void *data,
					struct drm_file *file)
{
	struct drm_virtgpu_3d_transfer_from_host *args = data;

	return vgh_transfer(drm, file, false, args->bo_handle, &args->box,
			    args->level, args->offset, args->stride,
			    args->layer_stride);
}

static int vgh_ioctl_transfer_to_host(struct drm_device *drm, void *data,
				      struct drm_file *file)
{
	struct drm_virtgpu_3d_transfer_to_host *args = data;

	return vgh_transfer(drm, file, true, args->bo_handle, &args->box,
			    args->level, args->offset, args->stride,
			    args->layer_stride);
}

/* How long a blocking WAIT waits before it says -EBUSY, as on Linux. */
#define VGH_WAIT_TIMEOUT	(15 * HZ)

static int vgh_ioctl_wait(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct drm_virtgpu_3d_wait *args = data;
	struct drm_gem_object *obj;
	long ret;

	if (args->flags & ~VIRTGPU_WAIT_NOWAIT)
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	if (args->flags & VIRTGPU_WAIT_NOWAIT)
		ret = dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_READ);
	else
		ret = dma_resv_wait_timeout(obj->resv, DMA_RESV_USAGE_READ, true,
					    VGH_WAIT_TIMEOUT);
	drm_gem_object_put(obj);
	if (ret < 0)
		return ret;
	return ret ? 0 : -EBUSY;
}

static int vgh_blob_check(struct vgh_device *vgdev,
			  const struct drm_virtgpu_resource_create_blob_hints *h)
{
	const struct drm_virtgpu_resource_create_blob *b = &h->base;
	bool host3d;

	if (!vgh_blobs(vgdev))
		return -EINVAL;
	if (b->pad || h->pad2 ||
	    h->blob_hints & ~VIRTGPU_BLOB_HINT_DEFER_MAPPING)
		return -EINVAL;
	if (b->blob_flags & ~(VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
			      VIRTGPU_BLOB_FLAG_USE_SHAREABLE |
			      VIRTGPU_BLOB_FLAG_USE_CROSS_DEVICE))
		return -EINVAL;
	if ((b->blob_flags & VIRTGPU_BLOB_FLAG_USE_CROSS_DEVICE) &&
	    !vgh_has_feature(vgdev, VIRTIO_GPU_F_RESOURCE_UUID))
		return -EINVAL;
	switch (b->blob_mem) {
	case VIRTGPU_BLOB_MEM_GUEST:
		host3d = false;
		break;
	case VIRTGPU_BLOB_MEM_HOST3D:
		/* seen through the host-visible region, or the heap */
		if ((b->blob_flags & VIRTGPU_BLOB_FLAG_USE_MAPPABLE) &&
		    !vgh_hostvis_can_map(vgdev))
			return -EINVAL;
		fallthrough;
	case VIRTGPU_BLOB_MEM_HOST3D_GUEST:
		host3d = true;
		break;
	case VIRTGPU_BLOB_MEM_GUEST_VRAM:
		/* a heap block; a context object too when 3D names one */
		if (!vgh_heap_blobs(vgdev))
			return -EINVAL;
		host3d = vgh_3d(vgdev);
		break;
	default:
		return -EINVAL;
	}
	if (host3d && (!vgh_3d(vgdev) || b->cmd_size % 4))
		return -EINVAL;
	if (!host3d && (b->blob_id || b->cmd_size))
		return -EINVAL;
	if (!b->size || b->size > VGH_MAX_BO_SIZE || b->cmd_size > VGH_MAX_CMD_STREAM)
		return -EINVAL;
	return 0;
}

static int vgh_ioctl_resource_create_blob(struct drm_device *drm, void *data,
					  struct drm_file *file)
{
	struct drm_virtgpu_resource_create_blob_hints *h = data;
	struct drm_virtgpu_resource_create_blob *args = &h->base;
	struct vgh_device *vgdev = to_vgh(drm);
	struct vgh_bo_params params = {
		.size = args->size,
		.blob_mem = args->blob_mem,
		.blob_flags = args->blob_flags,
		.blob_id = args->blob_id,
		.defer_map = h->blob_hints & VIRTGPU_BLOB_HINT_DEFER_MAPPING,
	};
	void *buf;
	int ret;

	ret = vgh_blob_check(vgdev, h);
	if (ret)
		return ret;
	if (vgh_3d(vgdev)) {
		ret = vgh_ctx_get(file, &params.ctx_id);
		if (ret)
			return ret;
	}
	if (args->blob_mem == VIRTGPU_BLOB_MEM_GUEST)
		params.ctx_id = 0;
	if (args->cmd_size) {
		buf = vmemdup_user(u64_to_user_ptr(args->cmd), args->cmd_size);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
		ret = vgh_ctx_submit(file, buf, args->cmd_size);
		if (ret)
			return ret;
	}

	params.client = vgh_file_client(file);
	return vgh_new_handle(file, vgh_bo_create(vgdev, &params),
			      &args->bo_handle, &args->res_handle);
}

static int vgh_ioctl_map(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct drm_virtgpu_map *args = data;
	struct drm_gem_object *obj;
	int ret;

	if (args->pad)
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	ret = -EINVAL;
	if (vgh_bo_host_mappable(obj))
		ret = drm_gem_create_mmap_offset(obj);
	if (!ret)
		args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return ret;
}

static int vgh_ioctl_execbuffer(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_virtgpu_execbuffer *args = data;

	if (!vgh_3d(to_vgh(drm)))
		return -ENOSYS;
	if (args->flags & ~VIRTGPU_EXECBUF_FLAGS)
		return -EINVAL;
	if ((args->flags & VIRTGPU_EXECBUF_RING_IDX) &&
	    args->ring_idx >= vgh_ctx_num_rings(file))
		return -EINVAL;
	if (args->size > VGH_MAX_CMD_STREAM || args->num_bo_handles > VGH_MAX_LIST ||
	    args->num_in_syncobjs > VGH_MAX_LIST ||
	    args->num_out_syncobjs > VGH_MAX_LIST)
		return -EINVAL;
	return vgh_execbuffer(file, args);
}

static int vgh_query_layout(struct vgh_device *vgdev,
			    struct drm_virtgpu_heap_query *q)
{
	void __user *ptr = u64_to_user_ptr(q->pointer);
	struct drm_virtgpu_heap_layout args;
	u32 how;
	struct vgh_layout l;
	unsigned int i;
	int ret;

	/* the fields userspace fills in must be there */
	if (q->size < offsetofend(struct drm_virtgpu_heap_layout, usage))
		return -EINVAL;
	ret = copy_struct_from_user(&args, sizeof(args), ptr, q->size);
	if (ret)
		return ret;
	ret = vgh_layout_get(vgdev, args.fourcc, args.width, args.height,
			     args.usage, &l, &how);
	if (ret)
		return ret;

	args.flags = how;
	args.num_planes = l.num_planes;
	args.modifier = l.modifier;
	args.size = l.size;
	args.alignment = l.alignment;
	args.stride_align = l.stride_align;
	for (i = 0; i < ARRAY_SIZE(args.strides); i++) {
		args.strides[i] = i < l.num_planes ? l.planes[i].stride : 0;
		args.offsets[i] = i < l.num_planes ? l.planes[i].offset : 0;
	}
	if (copy_to_user(ptr, &args, min_t(size_t, q->size, sizeof(args))))
		return -EFAULT;
	return 0;
}

static int vgh_ioctl_heap_query(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_virtgpu_heap_query *q = data;

	switch (q->type) {
	case DRM_VIRTGPU_HEAP_QUERY_LAYOUT:
		if (!q->pointer) {
			q->size = sizeof(struct drm_virtgpu_heap_layout);
			return 0;
		}
		return vgh_query_layout(to_vgh(drm), q);
	}
	return -EINVAL;
}

#define VGH_IOCTL(name, func) \
	DRM_IOCTL_DEF_DRV(VIRTGPU_##name, func, DRM_RENDER_ALLOW)

/* The numbers of <drm/virtgpu_drm.h>, in their order, then ours. */
const struct drm_ioctl_desc vgh_ioctls[VGH_NUM_IOCTLS] = {
	VGH_IOCTL(MAP, vgh_ioctl_map),
	VGH_IOCTL(EXECBUFFER, vgh_ioctl_execbuffer),
	VGH_IOCTL(GETPARAM, vgh_ioctl_getparam),
	VGH_IOCTL(RESOURCE_CREATE, vgh_ioctl_resource_create),
	VGH_IOCTL(RESOURCE_INFO, vgh_ioctl_resource_info),
	VGH_IOCTL(TRANSFER_FROM_HOST, vgh_ioctl_transfer_from_host),
	VGH_IOCTL(TRANSFER_TO_HOST, vgh_ioctl_transfer_to_host),
	VGH_IOCTL(WAIT, vgh_ioctl_wait),
	VGH_IOCTL(GET_CAPS, vgh_ioctl_get_caps),
	/* the Linux 7.2 size; older userspace passes fewer bytes */
	VGH_IOCTL(RESOURCE_CREATE_BLOB_HINTS, vgh_ioctl_resource_create_blob),
	VGH_IOCTL(CONTEXT_INIT, vgh_ioctl_context_init),
	VGH_IOCTL(HEAP_QUERY, vgh_ioctl_heap_query),
};
