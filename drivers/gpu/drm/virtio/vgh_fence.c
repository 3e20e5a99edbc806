// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fences of the virtio-gpu-heap driver.
 */

/**
 * DOC: Fences
 *
 * A command sent with VIRTIO_GPU_FLAG_FENCE is answered by the device
 * only once the work it stands for is done, so the answer is the signal.
 * The driver keeps one timeline per device: vgh_fence_emit() gives a
 * fence the next seqno and writes it into the command header as the
 * fence id, under the queue lock so that ids reach the device in order.
 *
 * When the device returns a fenced command, vgh_fence_complete() signals
 * that fence and every older one still pending: a DMA fence context must
 * never show a later fence signalled before an earlier one. Teardown
 * completes the leftovers with -ENODEV.
 *
 * A fence whose command could not be queued never reached the device;
 * vgh_fence_cancel() takes it back off the timeline and signals it alone
 * with the error, leaving older fences pending. Fenced commands go only
 * on the control queue, whose lock serialises emission, so the cancelled
 * fence is always the newest one.
 */

#include <linux/slab.h>

#include <kunit/visibility.h>

#include "vgh_drv.h"

static const char *vgh_fence_driver_name(struct dma_fence *f)
{
	return VGH_DRIVER_NAME;
}

static const char *vgh_fence_timeline_name(struct dma_fence *f)
{
	return "control";
}

static const struct dma_fence_ops vgh_fence_ops = {
	.get_driver_name = vgh_fence_driver_name,
	.get_timeline_name = vgh_fence_timeline_name,
};

/**
 * vgh_fence_ctx_init() - set up a device's fence timeline
 * @ctx: the timeline
 */
void vgh_fence_ctx_init(struct vgh_fence_ctx *ctx)
{
	ctx->context = dma_fence_context_alloc(1);
	spin_lock_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->pending);
	ctx->last_seqno = 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_ctx_init);

/**
 * vgh_fence_alloc() - allocate a fence on a device's timeline
 * @ctx: the timeline
 *
 * The fence gets its seqno only when vgh_fence_emit() queues it; until
 * then it may be dropped with dma_fence_put().
 *
 * Return: the fence with one reference for the caller, or NULL when out
 * of memory.
 */
struct vgh_fence *vgh_fence_alloc(struct vgh_fence_ctx *ctx)
{
	struct vgh_fence *fence = kzalloc(sizeof(*fence), GFP_KERNEL);

	if (!fence)
		return NULL;
	INIT_LIST_HEAD(&fence->node);
	dma_fence_init(&fence->base, &vgh_fence_ops, &ctx->lock, ctx->context, 0);
	return fence;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_alloc);

/**
 * vgh_fence_emit() - put a fence on the timeline and into a command
 * @ctx: the timeline
 * @fence: a fence from vgh_fence_alloc(), not emitted before
 * @hdr: header of the command that carries it
 *
 * Assigns the next seqno. Nobody but the submitter can see the fence
 * before this, so giving it its seqno now is safe. The timeline keeps a
 * reference until the fence is signalled.
 */
void vgh_fence_emit(struct vgh_fence_ctx *ctx, struct vgh_fence *fence,
		    struct virtio_gpu_ctrl_hdr *hdr)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	fence->base.seqno = ++ctx->last_seqno;
	dma_fence_get(&fence->base);
	list_add_tail(&fence->node, &ctx->pending);
	spin_unlock_irqrestore(&ctx->lock, flags);

	hdr->flags |= cpu_to_le32(VIRTIO_GPU_FLAG_FENCE);
	hdr->fence_id = cpu_to_le64(fence->base.seqno);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_emit);

/**
 * vgh_fence_cancel() - withdraw the newest fence after a failed submission
 * @ctx: the timeline
 * @fence: the fence vgh_fence_emit() just emitted, under the same lock
 * @error: negative errno recorded in @fence
 */
void vgh_fence_cancel(struct vgh_fence_ctx *ctx, struct vgh_fence *fence,
		      int error)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	if (!WARN_ON(fence->base.seqno != ctx->last_seqno))
		ctx->last_seqno--;
	list_del_init(&fence->node);
	dma_fence_set_error(&fence->base, error);
	dma_fence_signal_locked(&fence->base);
	spin_unlock_irqrestore(&ctx->lock, flags);
	dma_fence_put(&fence->base);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_cancel);

/**
 * vgh_fence_complete() - signal a fence and every older pending one
 * @ctx: the timeline
 * @fence: the fence whose command the device returned
 * @error: 0, or a negative errno recorded in @fence
 */
void vgh_fence_complete(struct vgh_fence_ctx *ctx, struct vgh_fence *fence,
			int error)
{
	struct vgh_fence *f, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	list_for_each_entry_safe(f, tmp, &ctx->pending, node) {
		if (f->base.seqno > fence->base.seqno)
			break;
		if (error && f == fence)
			dma_fence_set_error(&f->base, error);
		dma_fence_signal_locked(&f->base);
		list_del_init(&f->node);
		dma_fence_put(&f->base);
	}
	spin_unlock_irqrestore(&ctx->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_fence_complete);
