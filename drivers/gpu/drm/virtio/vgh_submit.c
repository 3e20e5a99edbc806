// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Rendering contexts and command submission of the virtio-gpu-heap
 * driver.
 */

/**
 * DOC: Contexts and submission
 *
 * Every open DRM file has a &struct vgh_file. On a device with 3D
 * (VIRTIO_GPU_F_VIRGL) it owns one host rendering context, whose id is
 * reserved at open and which the host learns about (CTX_CREATE) the
 * first time the file needs it: at DRM_IOCTL_VIRTGPU_CONTEXT_INIT, which
 * chooses the capset, the rings and the debug name, or else implicitly
 * at the first ioctl that uses the context, with the device's default
 * capset and no rings. The host's answer to CTX_CREATE is waited for,
 * so an error (an unknown capset, for example) reaches the caller.
 *
 * A context with rings has one fence timeline per ring
 * (&struct vgh_timeline); submissions without a ring use the device's
 * control timeline. The host runs a ring's submissions in order, so a
 * dependency on an earlier fence of the same timeline needs no wait;
 * any other dependency (a sync file, a syncobj, another ring's or
 * another driver's fence) is waited for before the command is queued.
 *
 * Every buffer object a file holds a handle to is attached to its
 * context (CTX_ATTACH_RESOURCE), and detached when the handle goes, so
 * the host lets the context use exactly those resources.
 *
 * DRM_IOCTL_VIRTGPU_EXECBUFFER queues SUBMIT_3D with the command stream
 * userspace wrote. Its fence, when anybody can observe it, is put into
 * the reservation objects of the listed buffers (implicit sync), into a
 * sync file (VIRTGPU_EXECBUF_FENCE_FD_OUT), into syncobjs (binary or at
 * a timeline point), and for a ring in the context's poll mask it sends
 * a DRM event of type VIRTGPU_EVENT_FENCE_SIGNALED when it signals, which
 * userspace reads from the DRM file after poll().
 */

#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sync_file.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/virtgpu_drm.h>

#include "vgh_client.h"
#include "vgh_drv.h"
#include "vgh_submit.h"

/**
 * struct vgh_file - per-file state
 * @vgdev: the device
 * @lock: protects @created, @params and @rings
 * @ctx_id: the file's host context id, 0 on a device without 3D
 * @created: the host has the context
 * @params: how the context is made
 * @rings: one timeline per ring, @params.num_rings of them, once created
 * @client: what the file's buffers hold of the heap (vgh_client.c)
 */
struct vgh_file {
	struct vgh_device *vgdev;
	struct mutex lock; /* created, params, rings */
	u32 ctx_id;
	bool created;
	struct vgh_ctx_params params;
	struct vgh_timeline **rings;
	struct vgh_client *client;
};

static struct vgh_file *to_vgh_file(struct drm_file *file)
{
	return file->driver_priv;
}

/**
 * vgh_file_client() - the client a DRM file's buffers are charged to
 * @file: the file
 *
 * Return: the client, valid while the file is open.
 */
struct vgh_client *vgh_file_client(struct drm_file *file)
{
	return to_vgh_file(file)->client;
}

/**
 * vgh_file_open() - the &drm_driver.open hook
 * @drm: the DRM device
 * @file: the new file
 *
 * Return: 0, -ENOMEM, or -ENOSPC when no context id is left.
 */
int vgh_file_open(struct drm_device *drm, struct drm_file *file)
{
	struct vgh_device *vgdev = to_vgh(drm);
	struct vgh_file *vf;
	int id;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	vf->vgdev = vgdev;
	vf->client = vgh_client_new();
	if (!vf->client) {
		kfree(vf);
		return -ENOMEM;
	}
	mutex_init(&vf->lock);
	if (vgh_has_feature(vgdev, VIRTIO_GPU_F_VIRGL)) {
		id = ida_alloc_min(&vgdev->ctx_ida, 1, GFP_KERNEL);
		if (id < 0) {
			mutex_destroy(&vf->lock);
			vgh_client_put(vf->client);
			kfree(vf);
			return id;
		}
		vf->ctx_id = id;
	}
	file->driver_priv = vf;
	return 0;
}

static void vgh_rings_free(struct vgh_timeline **rings, u32 n)
{
	u32 i;

	if (!rings)
		return;
	for (i = 0; i < n; i++)
		vgh_timeline_put(rings[i]);
	kfree(rings);
}

static int vgh_ctx_destroy(struct vgh_device *vgdev, u32 ctx_id)
{
	struct virtio_gpu_ctx_destroy *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_CTX_DESTROY, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(ctx_id);
	return vgh_cmd_run(vgdev, cmd);
}

/**
 * vgh_file_postclose() - the &drm_driver.postclose hook
 * @drm: the DRM device
 * @file: the file being closed; its handles are gone already
 */
void vgh_file_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct vgh_file *vf = to_vgh_file(file);
	struct vgh_device *vgdev = vf->vgdev;
	int ret = 0;

	if (vf->created) {
		ret = vgh_ctx_destroy(vgdev, vf->ctx_id);
		if (ret && ret != -ENODEV)
			drm_err_ratelimited(drm, "context %u: destroy failed: %d\n",
					    vf->ctx_id, ret);
	}
	/* An id the host may still use is never handed out again. */
	if (vf->ctx_id && (!ret || ret == -ENODEV))
		ida_free(&vgdev->ctx_ida, vf->ctx_id);
	vgh_rings_free(vf->rings, vf->params.num_rings);
	mutex_destroy(&vf->lock);
	vgh_client_put(vf->client);
	kfree(vf);
	file->driver_priv = NULL;
}

static int vgh_ctx_create_cmd(struct vgh_device *vgdev, u32 ctx_id,
			      u32 capset_id, const char *name)
{
	struct virtio_gpu_ctx_create *req;
	struct vgh_cmd *cmd;
	size_t len = strnlen(name, sizeof(req->debug_name));

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_CTX_CREATE, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(ctx_id);
	req->context_init = cpu_to_le32(capset_id);
	req->nlen = cpu_to_le32(len);
	memcpy(req->debug_name, name, len);
	return vgh_cmd_run(vgdev, cmd);
}

static int vgh_ctx_create_locked(struct vgh_file *vf)
{
	const struct vgh_ctx_params *p = &vf->params;
	struct vgh_timeline **rings = NULL;
	char name[VGH_CTX_NAME_LEN];
	char tl_name[32];
	int ret;
	u32 i;

	lockdep_assert_held(&vf->lock);
	if (vf->created)
		return 0;
	if (!vf->ctx_id)
		return -EOPNOTSUPP;

	if (p->named) {
		strscpy(name, p->name, sizeof(name));
	} else {
		char comm[TASK_COMM_LEN];

		get_task_comm(comm, current);
		strscpy(name, comm, sizeof(name));
	}

	if (p->num_rings) {
		rings = kcalloc(p->num_rings, sizeof(*rings), GFP_KERNEL);
		if (!rings)
			return -ENOMEM;
		for (i = 0; i < p->num_rings; i++) {
			snprintf(tl_name, sizeof(tl_name), "ctx%u-ring%u",
				 vf->ctx_id, i);
			rings[i] = vgh_timeline_create(tl_name);
			if (!rings[i]) {
				vgh_rings_free(rings, p->num_rings);
				return -ENOMEM;
			}
		}
	}

	ret = vgh_ctx_create_cmd(vf->vgdev, vf->ctx_id, p->capset_id, name);
	if (ret) {
		vgh_rings_free(rings, p->num_rings);
		return ret;
	}
	vf->rings = rings;
	vf->created = true;
	return 0;
}

/**
 * vgh_ctx_init() - make the file's context as userspace asked
 * @file: the file
 * @params: checked parameters
 *
 * Return: 0; -EEXIST when the context exists already; -ENOMEM; or the
 * host's answer to CTX_CREATE.
 */
int vgh_ctx_init(struct drm_file *file, const struct vgh_ctx_params *params)
{
	struct vgh_file *vf = to_vgh_file(file);
	int ret;

	mutex_lock(&vf->lock);
	if (vf->created) {
		ret = -EEXIST;
	} else {
		vf->params = *params;
		ret = vgh_ctx_create_locked(vf);
		if (ret)
			memset(&vf->params, 0, sizeof(vf->params));
	}
	mutex_unlock(&vf->lock);
	return ret;
}

/**
 * vgh_ctx_get() - the file's context, made now if it does not exist
 * @file: the file
 * @ctx_id: the context id
 *
 * Return: 0; -EOPNOTSUPP on a device without 3D; or the error of making it.
 */
int vgh_ctx_get(struct drm_file *file, u32 *ctx_id)
{
	struct vgh_file *vf = to_vgh_file(file);
	int ret;

	mutex_lock(&vf->lock);
	ret = vgh_ctx_create_locked(vf);
	mutex_unlock(&vf->lock);
	*ctx_id = vf->ctx_id;
	return ret;
}

/**
 * vgh_ctx_num_rings() - rings of the file's context
 * @file: the file
 *
 * Return: the number of rings CONTEXT_INIT asked for, 0 without.
 */
u32 vgh_ctx_num_rings(struct drm_file *file)
{
	struct vgh_file *vf = to_vgh_file(file);
	u32 n;

	mutex_lock(&vf->lock);
	n = vf->params.num_rings;
	mutex_unlock(&vf->lock);
	return n;
}

/* Queued, not waited for: the host takes the control queue in order. */
static int vgh_ctx_resource(struct vgh_device *vgdev, u32 type, u32 ctx_id,
			    u32 res_id)
{
	struct virtio_gpu_ctx_resource *req;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_new(type, sizeof(*req));
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(ctx_id);
	req->resource_id = cpu_to_le32(res_id);
	ret = vgh_cmd_submit(vgdev, cmd, NULL);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_ctx_attach_resource() - let the file's context use a resource
 * @file: the file, which just got a handle to the resource's object
 * @res_id: the resource
 *
 * Return: 0 or the error of making the context or queueing the command.
 */
int vgh_ctx_attach_resource(struct drm_file *file, u32 res_id)
{
	struct vgh_file *vf = to_vgh_file(file);
	u32 ctx_id;
	int ret;

	ret = vgh_ctx_get(file, &ctx_id);
	if (ret)
		return ret;
	return vgh_ctx_resource(vf->vgdev, VIRTIO_GPU_CMD_CTX_ATTACH_RESOURCE,
				ctx_id, res_id);
}

/**
 * vgh_ctx_detach_resource() - the file's context stops using a resource
 * @file: the file, whose handle to the resource's object went away
 * @res_id: the resource
 */
void vgh_ctx_detach_resource(struct drm_file *file, u32 res_id)
{
	struct vgh_file *vf = to_vgh_file(file);
	bool created;

	mutex_lock(&vf->lock);
	created = vf->created;
	mutex_unlock(&vf->lock);
	if (created)
		vgh_ctx_resource(vf->vgdev, VIRTIO_GPU_CMD_CTX_DETACH_RESOURCE,
				 vf->ctx_id, res_id);
}

static struct vgh_cmd *vgh_submit_cmd(u32 ctx_id, void *buf, u32 size)
{
	struct virtio_gpu_cmd_submit *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_new(VIRTIO_GPU_CMD_SUBMIT_3D, sizeof(*req));
	if (!cmd)
		return NULL;
	req = vgh_cmd_req(cmd);
	req->hdr.ctx_id = cpu_to_le32(ctx_id);
	req->size = cpu_to_le32(size);
	if (size) {
		cmd->payload = buf;
		cmd->payload_len = size;
	} else {
		kvfree(buf);
	}
	return cmd;
}

/**
 * vgh_ctx_submit() - queue a command stream for the file's context
 * @file: the file
 * @buf: the stream, kvmalloc'ed; always consumed
 * @size: its length in bytes
 *
 * Used for the command a blob creation carries; not fenced.
 *
 * Return: 0 once queued, or the error of making the context or queueing.
 */
int vgh_ctx_submit(struct drm_file *file, void *buf, u32 size)
{
	struct vgh_file *vf = to_vgh_file(file);
	struct vgh_cmd *cmd;
	u32 ctx_id;
	int ret;

	ret = vgh_ctx_get(file, &ctx_id);
	if (ret) {
		kvfree(buf);
		return ret;
	}
	cmd = vgh_submit_cmd(ctx_id, buf, size);
	if (!cmd) {
		kvfree(buf);
		return -ENOMEM;
	}
	ret = vgh_cmd_submit(vf->vgdev, cmd, NULL);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * struct vgh_fence_event - a DRM event sent when a ring fence signals
 * @base: the pending DRM event
 * @event: what userspace reads
 * @cb: callback on the fence
 * @drm: the device
 */
struct vgh_fence_event {
	struct drm_pending_event base;
	struct drm_event event;
	struct dma_fence_cb cb;
	struct drm_device *drm;
};

static void vgh_fence_event_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct vgh_fence_event *e = container_of(cb, struct vgh_fence_event, cb);

	drm_send_event(e->drm, &e->base);
}

/**
 * struct vgh_out_syncobj - a syncobj that gets the submission's fence
 * @syncobj: the syncobj, referenced
 * @chain: link for a timeline point, or NULL for a binary syncobj
 * @point: the timeline point
 */
struct vgh_out_syncobj {
	struct drm_syncobj *syncobj;
	struct dma_fence_chain *chain;
	u64 point;
};

/**
 * struct vgh_submit - one DRM_IOCTL_VIRTGPU_EXECBUFFER on its way
 * @file: the caller
 * @vf: its per-file state
 * @args: the ioctl arguments
 * @tl: the timeline of the submission's fence
 * @ring: the ring index, -1 without
 * @ctx_id: the context
 * @fence: the submission's fence, or NULL when nobody can observe it
 * @event: DRM event for a polled ring, or NULL
 * @objs: the listed buffer objects
 * @num_objs: entries in @objs
 * @buf: the command stream
 * @out_fd: reserved fd for the out fence, or -1
 * @sync_file: the out fence's sync file, or NULL
 * @resets: syncobjs to reset after the submission, @num_resets of them
 * @num_resets: entries in @resets
 * @outs: syncobjs to get the fence, @num_outs of them
 * @num_outs: entries in @outs
 */
struct vgh_submit {
	struct drm_file *file;
	struct vgh_file *vf;
	struct drm_virtgpu_execbuffer *args;
	struct vgh_timeline *tl;
	int ring;
	u32 ctx_id;
	struct vgh_fence *fence;
	struct vgh_fence_event *event;
	struct drm_gem_object **objs;
	u32 num_objs;
	void *buf;
	int out_fd;
	struct sync_file *sync_file;
	struct drm_syncobj **resets;
	u32 num_resets;
	struct vgh_out_syncobj *outs;
	u32 num_outs;
};

/* Wait for what the host cannot order by itself. */
static int vgh_submit_await(struct vgh_submit *s, struct dma_fence *fence)
{
	struct dma_fence_unwrap iter;
	struct dma_fence *f;
	int ret;

	dma_fence_unwrap_for_each(f, &iter, fence) {
		if (vgh_fence_on_timeline(f, s->tl))
			continue;
		ret = dma_fence_wait(f, true);
		if (ret)
			return ret;
	}
	return 0;
}

static int vgh_submit_syncobj_desc(struct vgh_submit *s, u64 array, u32 i,
				   struct drm_virtgpu_execbuffer_syncobj *d)
{
	u32 stride = s->args->syncobj_stride;

	/* A shorter entry reads as zeroes beyond its end, a longer one is cut. */
	memset(d, 0, sizeof(*d));
	if (copy_from_user(d, u64_to_user_ptr(array + (u64)i * stride),
			   min_t(u32, stride, sizeof(*d))))
		return -EFAULT;
	return 0;
}

static int vgh_submit_in_syncobjs(struct vgh_submit *s)
{
	struct drm_virtgpu_execbuffer *args = s->args;
	struct drm_virtgpu_execbuffer_syncobj d;
	struct dma_fence *fence;
	int ret;
	u32 i;

	if (!args->num_in_syncobjs)
		return 0;
	s->resets = kvcalloc(args->num_in_syncobjs, sizeof(*s->resets),
			     GFP_KERNEL);
	if (!s->resets)
		return -ENOMEM;
	for (i = 0; i < args->num_in_syncobjs; i++) {
		ret = vgh_submit_syncobj_desc(s, args->in_syncobjs, i, &d);
		if (ret)
			return ret;
		if (d.flags & ~VIRTGPU_EXECBUF_SYNCOBJ_FLAGS)
			return -EINVAL;
		ret = drm_syncobj_find_fence(s->file, d.handle, d.point, 0,
					     &fence);
		if (ret)
			return ret;
		ret = vgh_submit_await(s, fence);
		dma_fence_put(fence);
		if (ret)
			return ret;
		if (d.flags & VIRTGPU_EXECBUF_SYNCOBJ_RESET) {
			s->resets[s->num_resets] = drm_syncobj_find(s->file,
								    d.handle);
			if (!s->resets[s->num_resets])
				return -EINVAL;
			s->num_resets++;
		}
	}
	return 0;
}

static int vgh_submit_out_syncobjs(struct vgh_submit *s)
{
	struct drm_virtgpu_execbuffer *args = s->args;
	struct drm_virtgpu_execbuffer_syncobj d;
	struct vgh_out_syncobj *o;
	int ret;
	u32 i;

	if (!args->num_out_syncobjs)
		return 0;
	s->outs = kvcalloc(args->num_out_syncobjs, sizeof(*s->outs),
			   GFP_KERNEL);
	if (!s->outs)
		return -ENOMEM;
	for (i = 0; i < args->num_out_syncobjs; i++) {
		ret = vgh_submit_syncobj_desc(s, args->out_syncobjs, i, &d);
		if (ret)
			return ret;
		/* No flag means anything for a syncobj that is signalled. */
		if (d.flags)
			return -EINVAL;
		o = &s->outs[s->num_outs];
		o->syncobj = drm_syncobj_find(s->file, d.handle);
		if (!o->syncobj)
			return -EINVAL;
		s->num_outs++;
		o->point = d.point;
		if (d.point) {
			o->chain = dma_fence_chain_alloc();
			if (!o->chain)
				return -ENOMEM;
		}
	}
	return 0;
}

static void vgh_submit_cleanup(struct vgh_submit *s)
{
	u32 i;

	for (i = 0; i < s->num_resets; i++)
		drm_syncobj_put(s->resets[i]);
	kvfree(s->resets);
	for (i = 0; i < s->num_outs; i++) {
		dma_fence_chain_free(s->outs[i].chain);
		drm_syncobj_put(s->outs[i].syncobj);
	}
	kvfree(s->outs);
	if (s->objs) {
		for (i = 0; i < s->num_objs; i++)
			drm_gem_object_put(s->objs[i]);
		kvfree(s->objs);
	}
	kvfree(s->buf);
	if (s->out_fd >= 0)
		put_unused_fd(s->out_fd);
	if (s->sync_file)
		fput(s->sync_file->file);
	if (s->event)
		drm_event_cancel_free(s->file->minor->dev, &s->event->base);
	if (s->fence)
		dma_fence_put(&s->fence->base);
}

static int vgh_submit_prepare(struct vgh_submit *s)
{
	struct drm_virtgpu_execbuffer *args = s->args;
	struct drm_device *drm = s->file->minor->dev;
	bool poll = s->ring >= 0 && s->vf->params.poll_rings_mask &
		    BIT_ULL(s->ring);
	int ret;

	if ((args->flags & VIRTGPU_EXECBUF_FENCE_FD_OUT) ||
	    args->num_out_syncobjs || args->num_bo_handles || poll) {
		s->fence = vgh_fence_alloc(s->tl, s->ring);
		if (!s->fence)
			return -ENOMEM;
	}
	if (poll) {
		s->event = kzalloc(sizeof(*s->event), GFP_KERNEL);
		if (!s->event)
			return -ENOMEM;
		s->event->event.type = VIRTGPU_EVENT_FENCE_SIGNALED;
		s->event->event.length = sizeof(s->event->event);
		s->event->drm = drm;
		ret = drm_event_reserve_init(drm, s->file, &s->event->base,
					     &s->event->event);
		if (ret) {
			kfree(s->event);
			s->event = NULL;
			return ret;
		}
	}
	if (args->num_bo_handles) {
		ret = drm_gem_objects_lookup(s->file,
					     u64_to_user_ptr(args->bo_handles),
					     args->num_bo_handles, &s->objs);
		/* the lookup leaves the array for us to free, also on error */
		s->num_objs = s->objs ? args->num_bo_handles : 0;
		if (ret)
			return ret;
	}
	s->buf = vmemdup_user(u64_to_user_ptr(args->command), args->size);
	if (IS_ERR(s->buf)) {
		ret = PTR_ERR(s->buf);
		s->buf = NULL;
		return ret;
	}
	if (args->flags & VIRTGPU_EXECBUF_FENCE_FD_OUT) {
		s->out_fd = get_unused_fd_flags(O_CLOEXEC);
		if (s->out_fd < 0)
			return s->out_fd;
		s->sync_file = sync_file_create(&s->fence->base);
		if (!s->sync_file)
			return -ENOMEM;
	}
	ret = vgh_submit_out_syncobjs(s);
	if (ret)
		return ret;
	ret = vgh_submit_in_syncobjs(s);
	if (ret)
		return ret;
	if (args->flags & VIRTGPU_EXECBUF_FENCE_FD_IN) {
		struct dma_fence *in = sync_file_get_fence(args->fence_fd);

		if (!in)
			return -EINVAL;
		ret = vgh_submit_await(s, in);
		dma_fence_put(in);
	}
	return ret;
}

/* After the command is queued: hand the fence to whoever asked for it. */
static void vgh_submit_publish(struct vgh_submit *s)
{
	struct dma_fence *fence = s->fence ? &s->fence->base : NULL;
	u32 i;

	if (s->sync_file) {
		s->args->fence_fd = s->out_fd;
		fd_install(s->out_fd, s->sync_file->file);
		s->out_fd = -1;
		s->sync_file = NULL;
	}
	for (i = 0; i < s->num_outs; i++) {
		struct vgh_out_syncobj *o = &s->outs[i];

		if (o->chain) {
			drm_syncobj_add_point(o->syncobj, o->chain, fence,
					      o->point);
			o->chain = NULL;
		} else {
			drm_syncobj_replace_fence(o->syncobj, fence);
		}
	}
	for (i = 0; i < s->num_resets; i++)
		drm_syncobj_replace_fence(s->resets[i], NULL);
	if (s->event) {
		if (dma_fence_add_callback(fence, &s->event->cb,
					   vgh_fence_event_cb))
			vgh_fence_event_cb(fence, &s->event->cb);
		s->event = NULL;
	}
}

static int vgh_submit_queue(struct vgh_submit *s)
{
	struct vgh_device *vgdev = s->vf->vgdev;
	struct ww_acquire_ctx ticket;
	struct vgh_cmd *cmd;
	u32 i;
	int ret;

	if (s->num_objs) {
		ret = drm_gem_lock_reservations(s->objs, s->num_objs, &ticket);
		if (ret)
			return ret;
		for (i = 0; i < s->num_objs; i++) {
			ret = dma_resv_reserve_fences(s->objs[i]->resv, 1);
			if (ret)
				goto out_unlock;
		}
	}
	cmd = vgh_submit_cmd(s->ctx_id, s->buf, s->args->size);
	s->buf = NULL;
	if (!cmd) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	ret = vgh_cmd_submit(vgdev, cmd, s->fence);
	vgh_cmd_put(cmd);
	if (!ret)
		for (i = 0; i < s->num_objs; i++)
			dma_resv_add_fence(s->objs[i]->resv, &s->fence->base,
					   DMA_RESV_USAGE_WRITE);
out_unlock:
	if (s->num_objs)
		drm_gem_unlock_reservations(s->objs, s->num_objs, &ticket);
	return ret;
}

/**
 * vgh_execbuffer() - DRM_IOCTL_VIRTGPU_EXECBUFFER after its flag checks
 * @file: the caller
 * @args: the arguments, with flags and ring index checked
 *
 * Return: 0, with @args->fence_fd set when an out fence was asked for;
 * -ENOENT for an unknown buffer handle or syncobj; -EINVAL for bad
 * syncobj flags or a timeline point that has no fence, or an in fence fd
 * that is not a sync file; -EFAULT; -ENOMEM; -ERESTARTSYS while waiting
 * for dependencies; or the error of queueing the command.
 */
int vgh_execbuffer(struct drm_file *file, struct drm_virtgpu_execbuffer *args)
{
	struct vgh_file *vf = to_vgh_file(file);
	struct vgh_submit s = {
		.file = file,
		.vf = vf,
		.args = args,
		.tl = vf->vgdev->control,
		.ring = -1,
		.out_fd = -1,
	};
	int ret;

	ret = vgh_ctx_get(file, &s.ctx_id);
	if (ret)
		return ret;
	if (args->flags & VIRTGPU_EXECBUF_RING_IDX) {
		/* rings are fixed once the context exists */
		if (args->ring_idx >= vf->params.num_rings)
			return -EINVAL;
		s.ring = args->ring_idx;
		s.tl = vf->rings[s.ring];
	}
	ret = vgh_submit_prepare(&s);
	if (!ret)
		ret = vgh_submit_queue(&s);
	if (!ret)
		vgh_submit_publish(&s);
	vgh_submit_cleanup(&s);
	return ret;
}
