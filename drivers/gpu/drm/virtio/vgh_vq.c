// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Command layer of the virtio-gpu-heap driver.
 */

/**
 * DOC: Command layer
 *
 * Every request to the device is a &struct vgh_cmd: one allocation that
 * holds the little-endian request, followed by room for the response.
 * Optional payload (for example a backing-page list, or a command stream
 * userspace wrote, which may be vmalloc'ed) travels as a second
 * device-readable buffer between the two.
 *
 * Which commands exist, the OK response each expects and the virtqueue
 * each travels on come from one list, vgh_wire.h, which the simulated
 * host builds its tables from too. Cursor commands go on the cursor
 * queue, carry no fence and get no response; everything else goes on
 * the control queue.
 *
 * A command carries two references while it is in flight: the
 * submitter's and the device's. The device's reference is dropped only
 * when the device hands the buffer back, or when teardown reclaims it
 * after a reset. A waiter that gives up (the wait times out) therefore
 * never frees memory the device may still write.
 *
 * vgh_cmd_submit() queues a command and returns; vgh_cmd_exec() also
 * waits, with the timeout set by the ``cmd_timeout_ms`` module parameter,
 * and returns the decoded result. A fenced command gets a fence id from
 * the driver's timeline right before it is queued, under the queue lock,
 * so ids reach the device in increasing order; the fence is signalled
 * when the device returns the command.
 *
 * Replies are checked before anyone reads them: a reply shorter than a
 * control header, longer than the buffer, shorter than the OK response
 * it claims to be, or of an unexpected OK type is a protocol error
 * (-EPROTO). Device error responses map to errnos:
 *
 * =================================  ===========
 * ERR_UNSPEC                         -EIO
 * ERR_OUT_OF_MEMORY                  -ENOMEM
 * ERR_INVALID_{SCANOUT,RESOURCE,     -ENOENT
 * CONTEXT}_ID
 * ERR_INVALID_PARAMETER              -EINVAL
 * anything else                      -EPROTO
 * =================================  ===========
 *
 * The virtqueue callback, which may run in hard interrupt context, only
 * queues the queue's work item: the device's interrupt stays short, and
 * taking the commands back, recording the replies, signalling fences and
 * waking waiters happen in process context, in the order the device
 * returned the commands.
 */

#include <linux/moduleparam.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_print.h>

#include <kunit/visibility.h>

#include "vgh_compat.h"
#include "vgh_drv.h"

static unsigned int cmd_timeout_ms = 5000;
module_param(cmd_timeout_ms, uint, 0644);
MODULE_PARM_DESC(cmd_timeout_ms,
		 "How long to wait for the device to answer a command (ms, default 5000)");

/* What vgh_wire.h says about each command. */
static const struct vgh_wire_cmd vgh_cmds[VGH_CMD_COUNT] = {
#define VGH_WIRE_CMD VGH_WIRE_CMD_ENTRY
#include "vgh_wire.h"
};

static const char *const vgh_ok_names[] = {
	"OK_NODATA", "OK_DISPLAY_INFO", "OK_CAPSET_INFO", "OK_CAPSET",
	"OK_EDID", "OK_RESOURCE_UUID", "OK_MAP_INFO", "OK_RESOURCE_LAYOUT",
};

static const char *const vgh_err_names[] = {
	"ERR_UNSPEC", "ERR_OUT_OF_MEMORY", "ERR_INVALID_SCANOUT_ID",
	"ERR_INVALID_RESOURCE_ID", "ERR_INVALID_CONTEXT_ID",
	"ERR_INVALID_PARAMETER",
};

/**
 * vgh_cmd_index() - dense index of a wire command number
 * @type: command number, CPU order
 *
 * Return: the &enum vgh_cmd_index value, or -EINVAL for a number the
 * driver does not know.
 */
int vgh_cmd_index(u32 type)
{
	return vgh_wire_cmd_index(vgh_cmds, type);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_index);

/**
 * vgh_cmd_type_at() - wire command number at a dense index
 * @idx: an &enum vgh_cmd_index value
 *
 * Return: the command number, CPU order, or 0 when @idx is out of range.
 */
u32 vgh_cmd_type_at(unsigned int idx)
{
	return idx < VGH_CMD_COUNT ? vgh_cmds[idx].type : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_type_at);

/**
 * vgh_cmd_queue() - the virtqueue a command travels on
 * @type: command number, CPU order
 *
 * Return: %VGH_QUEUE_CURSOR for cursor commands, %VGH_QUEUE_CONTROL for
 * every other command, known or not.
 */
enum vgh_queue_id vgh_cmd_queue(u32 type)
{
	int idx = vgh_cmd_index(type);

	return idx < 0 ? VGH_QUEUE_CONTROL : vgh_cmds[idx].queue;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_queue);

/**
 * vgh_cmd_name() - printable name of a command
 * @type: command number, CPU order
 *
 * Return: the name without its VIRTIO_GPU_CMD_ prefix, or "UNKNOWN".
 */
const char *vgh_cmd_name(u32 type)
{
	int idx = vgh_cmd_index(type);

	return idx < 0 ? "UNKNOWN" : vgh_cmds[idx].name;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_name);

/**
 * vgh_resp_type_for() - the OK response a command expects
 * @cmd_type: command number, CPU order
 *
 * Return: the VIRTIO_GPU_RESP_OK_* type a successful reply carries;
 * OK_NODATA for a command the driver does not know.
 */
u32 vgh_resp_type_for(u32 cmd_type)
{
	int idx = vgh_cmd_index(cmd_type);

	return idx < 0 ? VIRTIO_GPU_RESP_OK_NODATA : vgh_cmds[idx].reply;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_resp_type_for);

/**
 * vgh_resp_name() - printable name of a response type
 * @type: response type, CPU order
 *
 * Return: the name without its VIRTIO_GPU_RESP_ prefix, or "UNKNOWN".
 */
const char *vgh_resp_name(u32 type)
{
	u32 ok = type - VIRTIO_GPU_RESP_OK_NODATA;
	u32 err = type - VIRTIO_GPU_RESP_ERR_UNSPEC;

	if (ok < ARRAY_SIZE(vgh_ok_names))
		return vgh_ok_names[ok];
	if (err < ARRAY_SIZE(vgh_err_names))
		return vgh_err_names[err];
	return "UNKNOWN";
}
EXPORT_SYMBOL_IF_KUNIT(vgh_resp_name);

/**
 * vgh_resp_errno() - errno for a response type
 * @type: response type, CPU order
 *
 * Return: 0 for an OK response, the errno from the table in the DOC
 * section for an error response, -EPROTO for anything else.
 */
int vgh_resp_errno(u32 type)
{
	switch (type) {
	case VIRTIO_GPU_RESP_OK_NODATA ... VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT:
		return 0;
	case VIRTIO_GPU_RESP_ERR_UNSPEC:
		return -EIO;
	case VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY:
		return -ENOMEM;
	case VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID:
	case VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID:
	case VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID:
		return -ENOENT;
	case VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vgh_resp_errno);

/**
 * vgh_cmd_alloc() - allocate a command with room for its response
 * @type: command number, CPU order
 * @req_len: size of the request, at least a control header
 * @resp_len: size of the response, 0 for commands the device does not
 *            answer (cursor queue)
 * @gfp: allocation flags
 *
 * The request is zeroed and its header type set; the caller fills in the
 * rest through vgh_cmd_req().
 *
 * Return: the command with one reference held by the caller, or NULL.
 */
struct vgh_cmd *vgh_cmd_alloc(u32 type, size_t req_len, size_t resp_len,
			      gfp_t gfp)
{
	struct virtio_gpu_ctrl_hdr *hdr;
	struct vgh_cmd *cmd;

	if (WARN_ON(req_len < sizeof(*hdr) || req_len > VGH_MAX_CMD_REPLY ||
		    resp_len > VGH_MAX_CMD_REPLY))
		return NULL;

	cmd = kzalloc(struct_size(cmd, buf, ALIGN(req_len, 8) + resp_len), gfp);
	if (!cmd)
		return NULL;
	kref_init(&cmd->ref);
	init_completion(&cmd->done);
	cmd->type = type;
	cmd->idx = vgh_cmd_index(type);
	cmd->resp_type = cmd->idx < 0 ? VIRTIO_GPU_RESP_OK_NODATA :
					vgh_cmds[cmd->idx].reply;
	cmd->req_len = req_len;
	cmd->resp_len = resp_len;
	hdr = vgh_cmd_req(cmd);
	hdr->type = cpu_to_le32(type);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_alloc);

static void vgh_cmd_release(struct kref *ref)
{
	struct vgh_cmd *cmd = container_of(ref, struct vgh_cmd, ref);

	if (cmd->fence)
		dma_fence_put(&cmd->fence->base);
	kvfree(cmd->payload);
	kfree(cmd);
}

/**
 * vgh_cmd_put() - drop a reference to a command
 * @cmd: the command, or NULL
 */
void vgh_cmd_put(struct vgh_cmd *cmd)
{
	if (cmd)
		kref_put(&cmd->ref, vgh_cmd_release);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_put);

/**
 * vgh_cmd_check_reply() - validate and decode what the device answered
 * @cmd: a command the device has returned
 * @min_len: bytes an OK reply must have at least; 0 for the full
 *           response buffer
 *
 * Return: 0 for a well-formed OK reply of the expected type, the errno of
 * a device error response, -EPROTO for a malformed reply, or the teardown
 * status of a command that never got an answer.
 */
int vgh_cmd_check_reply(const struct vgh_cmd *cmd, size_t min_len)
{
	const struct virtio_gpu_ctrl_hdr *hdr = vgh_cmd_resp(cmd);
	u32 type;
	int ret;

	if (cmd->status)
		return cmd->status;
	if (!cmd->resp_len)
		return 0;
	if (cmd->got < sizeof(*hdr) || cmd->got > cmd->resp_len)
		return -EPROTO;

	type = le32_to_cpu(hdr->type);
	ret = vgh_resp_errno(type);
	if (ret)
		return ret;
	if (type != cmd->resp_type)
		return -EPROTO;
	if (cmd->got < (min_len ? min_len : cmd->resp_len))
		return -EPROTO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_check_reply);

static struct vgh_cmd_stats *vgh_stats(struct vgh_device *vgdev,
				       const struct vgh_cmd *cmd)
{
	return cmd->idx < 0 ? NULL : &vgdev->stats[cmd->idx];
}

/*
 * Record the reply, signal the fence, wake the waiters and drop the
 * device's reference, which may be the last (a vmalloc'ed payload is
 * freed then): in process context, with no lock held.
 */
static void vgh_cmd_finish(struct vgh_device *vgdev, struct vgh_cmd *cmd,
			   u32 len, int status)
{
	struct vgh_cmd_stats *st = vgh_stats(vgdev, cmd);
	const struct virtio_gpu_ctrl_hdr *resp = vgh_cmd_resp(cmd);

	might_sleep();
	cmd->got = len;
	cmd->status = status;
	status = vgh_cmd_check_reply(cmd, 0);
	if (st)
		atomic64_inc(status ? &st->failed : &st->ok);

	if (status && status != -ENODEV)
		drm_err_ratelimited(&vgdev->drm, "%s failed: %s (%u of %u reply bytes)\n",
				    vgh_cmd_name(cmd->type),
				    cmd->got >= sizeof(*resp) ?
				    vgh_resp_name(le32_to_cpu(resp->type)) : "short reply",
				    cmd->got, cmd->resp_len);

	if (cmd->fence) {
		const struct virtio_gpu_ctrl_hdr *req = (const void *)cmd->buf;

		/* Logged only: the fence to signal is the command's own. */
		if (!status && resp->fence_id != req->fence_id)
			drm_err_ratelimited(&vgdev->drm,
					    "%s: device answered fence %llu for fence %llu\n",
					    vgh_cmd_name(cmd->type),
					    le64_to_cpu(resp->fence_id),
					    le64_to_cpu(req->fence_id));
		vgh_fence_complete(cmd->fence, status);
	}
	complete_all(&cmd->done);
	vgh_cmd_put(cmd);
}

/* The virtqueue callback, in the device's interrupt: hand over to the work. */
static void vgh_queue_done(struct virtqueue *vq)
{
	struct vgh_device *vgdev = vq->vdev->priv;

	queue_work(system_wq, &vgdev->queues[vq->index].done_work);
}

/*
 * Take the returned commands back under the queue's lock, then finish
 * them without it, in the order the device returned them: a work item
 * never runs twice at once, so a timeline's fences signal oldest first.
 */
static void vgh_queue_reap(struct work_struct *work)
{
	struct vgh_queue *q = container_of(work, struct vgh_queue, done_work);
	struct virtqueue *vq = q->vq;
	struct vgh_device *vgdev = vq->vdev->priv;
	struct vgh_cmd *cmd, *tmp;
	unsigned int len;
	LIST_HEAD(done);

	spin_lock(&q->lock);
	do {
		virtqueue_disable_cb(vq);
		while ((cmd = virtqueue_get_buf(vq, &len))) {
			cmd->got = len;
			list_add_tail(&cmd->reclaimed, &done);
		}
	} while (!virtqueue_enable_cb(vq));
	spin_unlock(&q->lock);
	if (list_empty(&done))
		return;
	if (wq_has_sleeper(&q->space))
		wake_up_all(&q->space);
	list_for_each_entry_safe(cmd, tmp, &done, reclaimed)
		vgh_cmd_finish(vgdev, cmd, cmd->got, 0);
}

static bool vgh_queue_has_room(struct vgh_queue *q, unsigned int nsg)
{
	return READ_ONCE(q->vq->num_free) >= nsg || virtqueue_is_broken(q->vq);
}

/* Add @cmd to @q, waiting for ring space; emits @fence right before. */
static int vgh_queue_add(struct vgh_device *vgdev, struct vgh_queue *q,
			 struct vgh_cmd *cmd, struct vgh_fence *fence,
			 struct scatterlist **sgs, unsigned int nout,
			 unsigned int nin, unsigned int nsg)
{
	bool notify = false;
	int ret;

	for (;;) {
		spin_lock(&q->lock);
		if (q->vq->num_free >= nsg || virtqueue_is_broken(q->vq))
			break;
		/*
		 * The ring may be full of batched commands the device was not
		 * told about yet: it returns room only once it has been.
		 */
		notify = virtqueue_kick_prepare(q->vq);
		spin_unlock(&q->lock);
		if (notify)
			virtqueue_notify(q->vq);
		notify = false;
		if (!wait_event_timeout(q->space, vgh_queue_has_room(q, nsg),
					msecs_to_jiffies(cmd_timeout_ms)))
			return -ETIMEDOUT;
	}

	/* The header must carry the fence id before the device can see it. */
	if (fence)
		vgh_fence_emit(fence, ++q->fence_id, vgh_cmd_req(cmd));
	ret = virtqueue_add_sgs(q->vq, sgs, nout, nin, cmd, GFP_ATOMIC);
	if (!ret) {
		/* Reaping needs q->lock: no race with it. */
		if (fence)
			cmd->fence = vgh_fence_get(fence);
		if (!cmd->batch)
			notify = virtqueue_kick_prepare(q->vq);
	} else if (fence) {
		vgh_fence_cancel(fence, ret);
	}
	spin_unlock(&q->lock);

	if (notify)
		virtqueue_notify(q->vq);
	return ret;
}

/* One entry per page of a vmalloc'ed payload. */
static int vgh_vmalloc_sgt(struct sg_table *sgt, void *buf, u32 len)
{
	unsigned int off = offset_in_page(buf);
	unsigned int n = DIV_ROUND_UP(off + len, PAGE_SIZE);
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	ret = sg_alloc_table(sgt, n, GFP_KERNEL);
	if (ret)
		return ret;
	for_each_sgtable_sg(sgt, sg, i) {
		unsigned int chunk = min_t(u32, len, PAGE_SIZE - off);

		sg_set_page(sg, vmalloc_to_page(buf), chunk, off);
		buf += chunk;
		len -= chunk;
		off = 0;
	}
	return 0;
}

/**
 * vgh_cmd_submit() - queue a command for the device
 * @vgdev: the device
 * @cmd: the command; the caller keeps its own reference
 * @fence: fence from vgh_fence_alloc() to signal when the device answers,
 *         or NULL; the command takes its own reference. Only control
 *         queue commands carry fences. When this fails the fence is
 *         signalled with the error and older fences stay pending.
 *
 * Sleeps while the ring is full, for at most the command timeout.
 *
 * Return: 0 once queued, -ENODEV after unplug (unless @cmd is final),
 * -ETIMEDOUT when the ring stayed full, -E2BIG for a command larger than
 * the ring, or the error of virtqueue_add_sgs().
 */
int vgh_cmd_submit(struct vgh_device *vgdev, struct vgh_cmd *cmd,
		   struct vgh_fence *fence)
{
	struct vgh_queue *q = &vgdev->queues[cmd->idx < 0 ? VGH_QUEUE_CONTROL :
					     vgh_cmds[cmd->idx].queue];
	struct vgh_cmd_stats *st = vgh_stats(vgdev, cmd);
	struct scatterlist req, payload, resp, *sgs[3];
	unsigned int nout = 0, nin = 0, nsg;
	struct sg_table pages = {};
	int ret, idx;

	might_sleep();
	if (WARN_ON(fence && q != &vgdev->queues[VGH_QUEUE_CONTROL])) {
		ret = -EINVAL;
		goto fail_fence;
	}
	/*
	 * Unplug stops new commands; the queues live on until
	 * vgh_device_stop(), so remove may still send its own last ones.
	 */
	if (cmd->final) {
		idx = -1;
	} else if (!drm_dev_enter(&vgdev->drm, &idx)) {
		ret = -ENODEV;
		goto fail_fence;
	}

	sg_init_one(&req, cmd->buf, cmd->req_len);
	sgs[nout++] = &req;
	nsg = 1;
	if (cmd->payload_len && is_vmalloc_addr(cmd->payload)) {
		ret = vgh_vmalloc_sgt(&pages, cmd->payload, cmd->payload_len);
		if (ret)
			goto fail_exit;
		sgs[nout++] = pages.sgl;
		nsg += pages.nents;
	} else if (cmd->payload_len) {
		sg_init_one(&payload, cmd->payload, cmd->payload_len);
		sgs[nout++] = &payload;
		nsg++;
	}
	if (cmd->resp_len) {
		sg_init_one(&resp, vgh_cmd_resp(cmd), cmd->resp_len);
		sgs[nout + nin++] = &resp;
		nsg++;
	}
	/* More descriptors than the ring has would wait for ever. */
	if (nsg > virtqueue_get_vring_size(q->vq)) {
		ret = -E2BIG;
		goto fail_pages;
	}

	kref_get(&cmd->ref);
	ret = vgh_queue_add(vgdev, q, cmd, fence, sgs, nout, nin, nsg);
	sg_free_table(&pages);
	if (idx >= 0)
		drm_dev_exit(idx);
	if (!ret) {
		if (st)
			atomic64_inc(&st->sent);
		return 0;
	}
	vgh_cmd_put(cmd);
	goto fail_count;

fail_pages:
	sg_free_table(&pages);
fail_exit:
	if (idx >= 0)
		drm_dev_exit(idx);
fail_count:
	if (st)
		atomic64_inc(&st->failed);
fail_fence:
	if (fence && !dma_fence_is_signaled(&fence->base)) {
		dma_fence_set_error(&fence->base, ret);
		dma_fence_signal(&fence->base);
	}
	return ret;
}

/**
 * vgh_cmd_exec() - queue a command and wait for the device's answer
 * @vgdev: the device
 * @cmd: the command; the caller keeps its own reference and may read the
 *       response through vgh_cmd_resp() when this returns 0
 *
 * Return: 0 for a well-formed OK reply, -ETIMEDOUT when the device did not
 * answer in time, or an error from vgh_cmd_submit() or
 * vgh_cmd_check_reply().
 */
int vgh_cmd_exec(struct vgh_device *vgdev, struct vgh_cmd *cmd)
{
	struct vgh_cmd_stats *st = vgh_stats(vgdev, cmd);
	int ret;

	ret = vgh_cmd_submit(vgdev, cmd, NULL);
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&cmd->done,
					 msecs_to_jiffies(cmd_timeout_ms))) {
		if (st)
			atomic64_inc(&st->timedout);
		drm_err_ratelimited(&vgdev->drm, "%s: no answer from the device in %u ms\n",
				    vgh_cmd_name(cmd->type), cmd_timeout_ms);
		return -ETIMEDOUT;
	}
	return vgh_cmd_check_reply(cmd, 0);
}

/**
 * vgh_cmd_send() - send an unfenced command as the caller needs it
 * @vgdev: the device
 * @cmd: the command
 * @how: queue it, queue and wait for it, or queue it in a batch
 *
 * Return: what vgh_cmd_exec() returns for %VGH_SEND_WAIT, else what
 * vgh_cmd_submit() returns.
 */
int vgh_cmd_send(struct vgh_device *vgdev, struct vgh_cmd *cmd,
		 enum vgh_send how)
{
	if (how == VGH_SEND_WAIT)
		return vgh_cmd_exec(vgdev, cmd);
	cmd->batch = how == VGH_SEND_BATCH;
	return vgh_cmd_submit(vgdev, cmd, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_send);

/**
 * vgh_cmd_kick() - notify the device of batched commands
 * @vgdev: the device
 *
 * For an update that queued commands with &vgh_cmd.batch and then did not
 * queue the last one, which would have notified the device of them (it
 * failed, say): without a notification the device need not look at the
 * control queue.
 */
void vgh_cmd_kick(struct vgh_device *vgdev)
{
	struct vgh_queue *q = &vgdev->queues[VGH_QUEUE_CONTROL];
	bool notify;

	spin_lock(&q->lock);
	notify = virtqueue_kick_prepare(q->vq);
	spin_unlock(&q->lock);
	if (notify)
		virtqueue_notify(q->vq);
}

/**
 * vgh_cmd_new() - allocate a command answered by a bare header
 * @type: command number, CPU order
 * @req_len: size of the request
 *
 * For the commands whose OK response is OK_NODATA; see vgh_cmd_alloc().
 *
 * Return: the command with one reference held by the caller, or NULL.
 */
struct vgh_cmd *vgh_cmd_new(u32 type, size_t req_len)
{
	return vgh_cmd_alloc(type, req_len, sizeof(struct virtio_gpu_ctrl_hdr),
			     GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_cmd_new);

/**
 * vgh_cmd_run() - execute a command and let go of it
 * @vgdev: the device
 * @cmd: a command from vgh_cmd_new() or vgh_cmd_alloc(), or NULL when
 *	that allocation failed; the caller's reference is dropped
 *
 * For callers that need only the result, not the response.
 *
 * Return: -ENOMEM for a NULL @cmd, else what vgh_cmd_exec() returns.
 */
int vgh_cmd_run(struct vgh_device *vgdev, struct vgh_cmd *cmd)
{
	int ret;

	if (!cmd)
		return -ENOMEM;
	ret = vgh_cmd_exec(vgdev, cmd);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_queue_init() - set up a queue's lock, wait queue and work item
 * @q: the queue, before its virtqueue is attached
 */
void vgh_queue_init(struct vgh_queue *q)
{
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->space);
	INIT_WORK(&q->done_work, vgh_queue_reap);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_queue_init);

/**
 * vgh_queues_init() - find the device's virtqueues
 * @vgdev: the device
 *
 * Return: 0 or the transport's error.
 */
int vgh_queues_init(struct vgh_device *vgdev)
{
	struct virtqueue_info info[VGH_NUM_QUEUES] = {
		[VGH_QUEUE_CONTROL] = { "control", vgh_queue_done },
		[VGH_QUEUE_CURSOR] = { "cursor", vgh_queue_done },
	};
	struct virtqueue *vqs[VGH_NUM_QUEUES];
	int i, ret;

	for (i = 0; i < VGH_NUM_QUEUES; i++)
		vgh_queue_init(&vgdev->queues[i]);
	ret = vgh_find_vqs(vgdev->vdev, VGH_NUM_QUEUES, vqs, info);
	if (ret)
		return ret;
	for (i = 0; i < VGH_NUM_QUEUES; i++)
		vgdev->queues[i].vq = vqs[i];
	return 0;
}

/**
 * vgh_queues_fini() - reclaim every command and delete the virtqueues
 * @vgdev: the device, already reset so that it no longer uses the rings
 *
 * Commands still owned by the device complete with -ENODEV, which wakes
 * their waiters and signals their fences with that error.
 */
void vgh_queues_fini(struct vgh_device *vgdev)
{
	struct vgh_cmd *cmd, *tmp;
	LIST_HEAD(done);
	int i;

	for (i = 0; i < VGH_NUM_QUEUES; i++) {
		struct vgh_queue *q = &vgdev->queues[i];

		/* what the device returned before the reset, as it answered */
		flush_work(&q->done_work);
		spin_lock(&q->lock);
		while ((cmd = virtqueue_detach_unused_buf(q->vq)))
			list_add_tail(&cmd->reclaimed, &done);
		spin_unlock(&q->lock);
		wake_up_all(&q->space);
	}
	/* the device's reference may be the last: not under the lock */
	list_for_each_entry_safe(cmd, tmp, &done, reclaimed)
		vgh_cmd_finish(vgdev, cmd, 0, -ENODEV);
	vgdev->vdev->config->del_vqs(vgdev->vdev);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_queues_fini);

/**
 * vgh_encode_get_edid() - build a GET_EDID command
 * @scanout: scanout index
 *
 * Return: the command, or NULL when out of memory.
 */
struct vgh_cmd *vgh_encode_get_edid(u32 scanout)
{
	struct virtio_gpu_cmd_get_edid *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_GET_EDID, sizeof(*req),
			    sizeof(struct virtio_gpu_resp_edid), GFP_KERNEL);
	if (cmd) {
		req = vgh_cmd_req(cmd);
		req->scanout = cpu_to_le32(scanout);
	}
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_encode_get_edid);

/**
 * vgh_encode_get_capset_info() - build a GET_CAPSET_INFO command
 * @index: capset index, below the config's num_capsets
 *
 * Return: the command, or NULL when out of memory.
 */
struct vgh_cmd *vgh_encode_get_capset_info(u32 index)
{
	struct virtio_gpu_get_capset_info *req;
	struct vgh_cmd *cmd;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_GET_CAPSET_INFO, sizeof(*req),
			    sizeof(struct virtio_gpu_resp_capset_info),
			    GFP_KERNEL);
	if (cmd) {
		req = vgh_cmd_req(cmd);
		req->capset_index = cpu_to_le32(index);
	}
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_encode_get_capset_info);

/**
 * vgh_encode_get_display_info() - build a GET_DISPLAY_INFO command
 *
 * Return: the command, or NULL when out of memory.
 */
struct vgh_cmd *vgh_encode_get_display_info(void)
{
	return vgh_cmd_alloc(VIRTIO_GPU_CMD_GET_DISPLAY_INFO,
			     sizeof(struct virtio_gpu_ctrl_hdr),
			     sizeof(struct virtio_gpu_resp_display_info),
			     GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_encode_get_display_info);

/**
 * vgh_decode_display_one() - decode one scanout of a display-info reply
 * @one: the wire entry
 * @out: where to store mode and state; the EDID fields are left alone
 */
void vgh_decode_display_one(const struct virtio_gpu_display_one *one,
			    struct vgh_output *out)
{
	out->x = le32_to_cpu(one->r.x);
	out->y = le32_to_cpu(one->r.y);
	out->width = le32_to_cpu(one->r.width);
	out->height = le32_to_cpu(one->r.height);
	out->enabled = !!le32_to_cpu(one->enabled);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_decode_display_one);

/**
 * vgh_decode_edid() - size of the EDID in a GET_EDID reply
 * @resp: a reply that passed vgh_cmd_check_reply()
 * @size: the EDID size in bytes
 *
 * A device may report the whole EDID field as the size (QEMU says 1024
 * bytes for a one-block EDID). The EDID's own length is its base block
 * and the extension blocks the base block counts (its extensions byte), so @size is
 * the smaller of the two: userspace reads the connector's EDID property
 * with no padding after the last block. A size below one block is passed
 * on as it is, for the EDID parser to refuse.
 *
 * Return: 0, or -EPROTO when the size exceeds the reply's EDID field.
 */
int vgh_decode_edid(const struct virtio_gpu_resp_edid *resp, u32 *size)
{
	const struct edid *base = (const struct edid *)resp->edid;

	*size = le32_to_cpu(resp->size);
	if (*size > sizeof(resp->edid))
		return -EPROTO;
	if (*size >= EDID_LENGTH)
		*size = min_t(u32, *size, (1 + base->extensions) * EDID_LENGTH);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_decode_edid);

/**
 * vgh_decode_capset_info() - decode a GET_CAPSET_INFO reply
 * @resp: a reply that passed vgh_cmd_check_reply()
 * @cap: where to store it
 */
void vgh_decode_capset_info(const struct virtio_gpu_resp_capset_info *resp,
			    struct vgh_capset *cap)
{
	cap->id = le32_to_cpu(resp->capset_id);
	cap->max_version = le32_to_cpu(resp->capset_max_version);
	cap->max_size = le32_to_cpu(resp->capset_max_size);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_decode_capset_info);
