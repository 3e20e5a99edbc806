// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fences of the virtio-gpu-heap driver.
 */

/**
 * DOC: Fences
 *
 * A command sent with VIRTIO_GPU_FLAG_FENCE is answered by the device
 * only once the work it stands for is done, so the answer is the signal.
 *
 * Fences live on timelines (&struct vgh_timeline), each its own DMA
 * fence context: the device has one for the commands the driver sends
 * for itself and for userspace without a ring, and a context set up with
 * rings (DRM_IOCTL_VIRTGPU_CONTEXT_INIT) has one per ring. The device
 * may run rings in parallel, so only fences of one timeline complete in
 * order.
 *
 * The command layer gives each fenced command a fence id from one
 * counter per device, under the control queue lock, so ids reach the
 * device in increasing order whichever timeline they belong to; the
 * fence's own seqno counts on its timeline. A ring fence also tells the
 * device its ring (VIRTIO_GPU_FLAG_INFO_RING_IDX).
 *
 * When the device returns a fenced command, vgh_fence_complete() signals
 * that fence and every older one still pending on its timeline: a DMA
 * fence context must never show a later fence signalled before an
 * earlier one. The fence to signal is the one the returned command
 * carries, never one looked up by the id or the ring index in the reply,
 * so a device that answers with a wrong id or ring cannot signal a fence
 * twice or one that is not done; a wrong id is logged. The virtio core
 * itself refuses a used chain the driver never made available, and
 * breaks the queue: commands then fail with -EIO until the device is
 * reset, which completes whatever it still held with -ENODEV.
 *
 * A fence whose command could not be queued never reached the device;
 * vgh_fence_cancel() takes it back off its timeline and signals it alone
 * with the error, leaving older fences pending. Emission happens under
 * the control queue lock and the cancel right after it, so the cancelled
 * fence is always the newest one of its timeline.
 *
 * A fence keeps a reference to its timeline, whose lock it uses: a
 * timeline outlives every fence on it, also when a sync file or a
 * syncobj keeps a fence after its context is gone.
 */

#include <linux/slab.h>

#include <kunit/visibility.h>

#include "vgh_drv.h"

static struct vgh_fence *to_vgh_fence(struct dma_fence *f)
{
	return container_of(f, struct vgh_fence, base);
}

static const char *vgh_fence_driver_name(struct dma_fence *f)
{
	return VGH_DRIVER_NAME;
}

static const char *vgh_fence_timeline_name(struct dma_fence *f)
{
	return to_vgh_fence(f)->tl->name;
}

static void vgh_fence_release(struct dma_fence *f)
{
	struct vgh_timeline *tl = to_vgh_fence(f)->tl;

	dma_fence_free(f);
	vgh_timeline_put(tl);
}

static const struct dma_fence_ops vgh_fence_ops = {
	.get_driver_name = vgh_fence_driver_name,
	.get_timeline_name = vgh_fence_timeline_name,
	.release = vgh_fence_release,
};

/**
 * vgh_timeline_create() - a new fence timeline
 * @name: shown as the fences' timeline name; copied, and cut to fit
 *
 * Return: the timeline with one reference for the caller, or NULL when
 * out of memory.
 */
struct vgh_timeline *vgh_timeline_create(const char *name)
{
	struct vgh_timeline *tl = kzalloc(sizeof(*tl), GFP_KERNEL);

	if (!tl)
		return NULL;
	kref_init(&tl->ref);
	tl->context = dma_fence_context_alloc(1);
	spin_lock_init(&tl->lock);
	INIT_LIST_HEAD(&tl->pending);
	strscpy(tl->name, name, sizeof(tl->name));
	return tl;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_timeline_create);

static void vgh_timeline_release(struct kref *ref)
{
	struct vgh_timeline *tl = container_of(ref, struct vgh_timeline, ref);

	WARN_ON(!list_empty(&tl->pending));
	/* a reader under RCU may still look at a fence's lock */
	kfree_rcu(tl, rcu);
}

/**
 * vgh_timeline_put() - drop a reference to a timeline
 * @tl: the timeline, or NULL
 */
void vgh_timeline_put(struct vgh_timeline *tl)
{
	if (tl)
		kref_put(&tl->ref, vgh_timeline_release);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_timeline_put);

/**
 * vgh_fence_alloc() - allocate a fence on a timeline
 * @tl: the timeline; the fence takes a reference
 * @ring: ring index the device is told, or -1 for a fence without one
 *
 * The fence gets its seqno only when vgh_fence_emit() queues it; until
 * then it may be dropped with dma_fence_put().
 *
 * Return: the fence with one reference for the caller, or NULL when out
 * of memory.
 */
struct vgh_fence *vgh_fence_alloc(struct vgh_timeline *tl, int ring)
{
	struct vgh_fence *fence = kzalloc(sizeof(*fence), GFP_KERNEL);

	if (!fence)
		return NULL;
	INIT_LIST_HEAD(&fence->node);
	kref_get(&tl->ref);
	fence->tl = tl;
	fence->ring = ring;
	dma_fence_init(&fence->base, &vgh_fence_ops, &tl->lock, tl->context, 0);
	return fence;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_alloc);

/**
 * vgh_fence_emit() - put a fence on its timeline and into a command
 * @fence: a fence from vgh_fence_alloc(), not emitted before
 * @id: the fence id the device sees, larger than any id emitted before
 * @hdr: header of the command that carries it
 *
 * Assigns the next seqno of the fence's timeline. Nobody but the
 * submitter can see the fence before this, so giving it its seqno now is
 * safe. The timeline keeps a reference until the fence is signalled.
 */
void vgh_fence_emit(struct vgh_fence *fence, u64 id,
		    struct virtio_gpu_ctrl_hdr *hdr)
{
	struct vgh_timeline *tl = fence->tl;
	unsigned long flags;

	spin_lock_irqsave(&tl->lock, flags);
	fence->base.seqno = ++tl->last_seqno;
	dma_fence_get(&fence->base);
	list_add_tail(&fence->node, &tl->pending);
	spin_unlock_irqrestore(&tl->lock, flags);

	hdr->flags |= cpu_to_le32(VIRTIO_GPU_FLAG_FENCE);
	hdr->fence_id = cpu_to_le64(id);
	if (fence->ring >= 0) {
		hdr->flags |= cpu_to_le32(VIRTIO_GPU_FLAG_INFO_RING_IDX);
		hdr->ring_idx = fence->ring;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_emit);

/**
 * vgh_fence_cancel() - withdraw the newest fence after a failed submission
 * @fence: the fence vgh_fence_emit() just emitted, under the same lock
 * @error: negative errno recorded in @fence
 */
void vgh_fence_cancel(struct vgh_fence *fence, int error)
{
	struct vgh_timeline *tl = fence->tl;
	unsigned long flags;

	spin_lock_irqsave(&tl->lock, flags);
	if (!WARN_ON(fence->base.seqno != tl->last_seqno))
		tl->last_seqno--;
	list_del_init(&fence->node);
	dma_fence_set_error(&fence->base, error);
	dma_fence_signal_locked(&fence->base);
	spin_unlock_irqrestore(&tl->lock, flags);
	dma_fence_put(&fence->base);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_cancel);

/**
 * vgh_fence_complete() - signal a fence and every older pending one
 * @fence: the fence whose command the device returned
 * @error: 0, or a negative errno recorded in @fence
 */
void vgh_fence_complete(struct vgh_fence *fence, int error)
{
	struct vgh_timeline *tl = fence->tl;
	struct vgh_fence *f, *tmp;
	unsigned long flags;
	LIST_HEAD(done);

	spin_lock_irqsave(&tl->lock, flags);
	list_for_each_entry_safe(f, tmp, &tl->pending, node) {
		if (f->base.seqno > fence->base.seqno)
			break;
		if (error && f == fence)
			dma_fence_set_error(&f->base, error);
		dma_fence_signal_locked(&f->base);
		list_move_tail(&f->node, &done);
	}
	spin_unlock_irqrestore(&tl->lock, flags);

	/* The last reference may free the timeline, lock and all. */
	list_for_each_entry_safe(f, tmp, &done, node) {
		list_del_init(&f->node);
		dma_fence_put(&f->base);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_complete);

/**
 * vgh_fence_on_timeline() - whether a DMA fence is one of a timeline's
 * @f: any DMA fence
 * @tl: a timeline
 *
 * Return: true when @f was made by this driver on @tl.
 */
bool vgh_fence_on_timeline(struct dma_fence *f, const struct vgh_timeline *tl)
{
	return f->ops == &vgh_fence_ops && f->context == tl->context;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_on_timeline);
