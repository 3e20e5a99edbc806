// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: the virtio transport and the device side of its rings.
 */

/**
 * DOC: Transport
 *
 * Each simulated device is a platform device, "virtio-gpu-sim.N", bound
 * to this module's platform driver, which registers a &struct
 * virtio_device with its own &struct virtio_config_ops on the virtio
 * bus: the same shape as a virtio-mmio transport. A guest driver binds to
 * it as to any other virtio-gpu device and cannot tell the difference: it
 * reads configuration space, negotiates features, gets its virtqueues
 * from find_vqs() and kicks them. Unbinding the platform device from
 * sysfs unregisters the virtio device, as pulling a virtio-mmio device
 * does, and binding it again registers a new one; the simulated host's
 * state (regions, counters, faults) belongs to the platform device and
 * lives on, and the new driver instance finds it reset.
 *
 * The driver side of every virtqueue is a normal split ring made by
 * vring_create_virtqueue(). The device side reads the same ring with
 * vringh, through an identity IOTLB: the device does not negotiate
 * VIRTIO_F_ACCESS_PLATFORM, so descriptors carry guest-physical
 * addresses, which in a guest kernel are also the addresses the
 * simulator reads.
 *
 * A kick queues the device's work on an ordered workqueue, which takes
 * one chain at a time from each queue, runs the command, writes the
 * response and marks it used. Used-buffer and config-change interrupts
 * are raised through hard irq_work, so the driver's callbacks run in
 * hard interrupt context as they do behind a real interrupt line, and
 * lockdep sees them there.
 *
 * Faults are applied here, after a command ran, because they are about
 * what reaches the driver: an error instead of the answer, a reply too
 * short or claiming too many bytes, a wrong response type, a wrong
 * fence id, or no completion at all. A stall keeps a command before it
 * runs, so that what it would have changed stays as it was; a slow
 * command runs late, and the commands after it wait. A command kept back
 * is dropped when the driver resets the device.
 *
 * Why not the vDPA simulator core: virtio_vdpa has no shared memory
 * regions, which the host-visible region and the heap need, and vDPA
 * devices are created over netlink with a tool the test guest would have
 * to carry. The transport here is small, and vringh does the ring
 * parsing for it. The guest kernel enables CONFIG_VDPA_SIM only because
 * in 6.12 that is the lightest option that builds vringh.
 */

#define pr_fmt(fmt) "virtio-gpu-sim: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#include "../vgh_compat.h"
#include "vgs.h"

/* Vendor id reported by the device: "VGSM" */
#define VGS_VENDOR_ID	0x4d534756

/*
 * The virtio device of one binding of the platform device. It is freed
 * on its last reference, which a driver may hold after the unbind, so it
 * does not carry the simulated host.
 */
struct vgs_vdev {
	struct virtio_device vdev;
	struct vgs_device *sim;
};

static struct vgs_device *vdev_to_vgs(struct virtio_device *vdev)
{
	return container_of(vdev, struct vgs_vdev, vdev)->sim;
}

static DEFINE_IDA(vgs_ida);

static void vgs_cfg_get(struct virtio_device *vdev, unsigned int offset,
			void *buf, unsigned int len)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	size_t size = sizeof(struct virtio_gpu_config);
	unsigned long flags;

	if (sim->cfg.features & BIT_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT))
		size = sizeof(sim->config);
	if (offset > size || len > size - offset) {
		dev_warn_ratelimited(&vdev->dev,
				     "config read of %u bytes at %u, beyond %zu\n",
				     len, offset, size);
		memset(buf, 0, len);
		return;
	}
	spin_lock_irqsave(&sim->cfg_lock, flags);
	memcpy(buf, (u8 *)&sim->config + offset, len);
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
}

static void vgs_cfg_set(struct virtio_device *vdev, unsigned int offset,
			const void *buf, unsigned int len)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned long flags;
	__le32 val;

	/* Only events_clear is writable. */
	if (offset != offsetof(struct virtio_gpu_config, events_clear) ||
	    len != sizeof(val)) {
		dev_warn_ratelimited(&vdev->dev,
				     "config write of %u bytes at %u ignored\n",
				     len, offset);
		return;
	}
	memcpy(&val, buf, sizeof(val));
	spin_lock_irqsave(&sim->cfg_lock, flags);
	sim->config.events_read &= ~val;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
}

static u32 vgs_generation(struct virtio_device *vdev)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned long flags;
	u32 gen;

	spin_lock_irqsave(&sim->cfg_lock, flags);
	gen = sim->generation;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
	return gen;
}

static u8 vgs_get_status(struct virtio_device *vdev)
{
	return vgs_status(vdev_to_vgs(vdev));
}

static void vgs_set_status(struct virtio_device *vdev, u8 status)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned long flags;

	spin_lock_irqsave(&sim->cfg_lock, flags);
	sim->status = status;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
}

static void vgs_sync_irqs(struct vgs_device *sim)
{
	unsigned int i;

	for (i = 0; i < VGS_NUM_QUEUES; i++)
		irq_work_sync(&sim->queues[i].irq);
	irq_work_sync(&sim->config_irq);
}

/* Stop processing and wait until no command and no interrupt is running. */
static void vgs_quiesce(struct vgs_device *sim)
{
	mutex_lock(&sim->lock);
	sim->live = false;
	mutex_unlock(&sim->lock);
	cancel_work_sync(&sim->work);
	vgs_sync_irqs(sim);
}

static void vgs_reset(struct virtio_device *vdev)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned long flags;
	unsigned int i;

	vgs_quiesce(sim);
	mutex_lock(&sim->lock);
	for (i = 0; i < VGS_NUM_QUEUES; i++)
		sim->queues[i].held = 0;
	for (i = 0; i < VGS_MAX_SCANOUTS; i++) {
		if (sim->scanouts[i].resource_id) {
			sim->live_scanout_resets++;
			break;
		}
	}
	vgs_check_guest_pages(sim);
	vgs_state_reset(sim);
	mutex_unlock(&sim->lock);

	spin_lock_irqsave(&sim->cfg_lock, flags);
	sim->config.events_read = 0;
	sim->status = 0;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
}

static bool vgs_vq_notify(struct virtqueue *vq)
{
	struct vgs_device *sim = vdev_to_vgs(vq->vdev);

	queue_work(sim->wq, &sim->work);
	return true;
}

static void vgs_vq_irq(struct irq_work *work)
{
	struct vgs_queue *q = container_of(work, struct vgs_queue, irq);

	if (q->vq)
		vring_interrupt(0, q->vq);
}

static void vgs_config_irq(struct irq_work *work)
{
	struct vgs_device *sim = container_of(work, struct vgs_device,
					      config_irq);
	struct virtio_device *vdev = READ_ONCE(sim->vdev);

	/* queued only while a driver has the device (DRIVER_OK) */
	if (vdev)
		virtio_config_changed(vdev);
}

static void vgs_del_vqs(struct virtio_device *vdev)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned int i;

	vgs_quiesce(sim);
	for (i = 0; i < VGS_NUM_QUEUES; i++) {
		struct vgs_queue *q = &sim->queues[i];

		if (q->vq)
			vring_del_virtqueue(q->vq);
		q->vq = NULL;
		vringh_kiov_cleanup(&q->riov);
		vringh_kiov_cleanup(&q->wiov);
	}
}

static int vgs_setup_vq(struct virtio_device *vdev, unsigned int index,
			struct virtqueue_info *info, struct virtqueue **out)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	struct vgs_queue *q = &sim->queues[index];
	struct virtqueue *vq;
	int ret;

	vq = vring_create_virtqueue(index, VGS_QUEUE_SIZE, SMP_CACHE_BYTES,
				    vdev, true, true, info->ctx,
				    vgs_vq_notify, info->callback, info->name);
	if (!vq)
		return -ENOMEM;

	ret = vringh_init_iotlb(&q->vrh, vdev->features,
				virtqueue_get_vring_size(vq), false,
				(void *)(uintptr_t)virtqueue_get_desc_addr(vq),
				(void *)(uintptr_t)virtqueue_get_avail_addr(vq),
				(void *)(uintptr_t)virtqueue_get_used_addr(vq));
	if (ret) {
		vring_del_virtqueue(vq);
		return ret;
	}
	vringh_set_iotlb(&q->vrh, &sim->iotlb, &sim->iotlb_lock);
	vringh_kiov_init(&q->riov, NULL, 0);
	vringh_kiov_init(&q->wiov, NULL, 0);
	q->held = 0;
	q->vq = vq;
	*out = vq;
	return 0;
}

static int vgs_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			struct virtqueue *vqs[],
			struct virtqueue_info vqs_info[],
			struct irq_affinity *desc)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);
	unsigned int i, index = 0;
	int ret;

	for (i = 0; i < nvqs; i++) {
		vqs[i] = NULL;
		if (!vqs_info[i].name)
			continue;
		if (index >= VGS_NUM_QUEUES) {
			ret = -ENOENT;
			goto err;
		}
		ret = vgs_setup_vq(vdev, index++, &vqs_info[i], &vqs[i]);
		if (ret)
			goto err;
	}
	mutex_lock(&sim->lock);
	sim->live = true;
	mutex_unlock(&sim->lock);
	return 0;

err:
	vgs_del_vqs(vdev);
	return ret;
}

#if !VGH_HAVE_VIRTQUEUE_INFO
/* The transport operation where each queue's name and callback come apart. */
static int vgs_find_vqs_split(struct virtio_device *vdev, unsigned int nvqs,
			      struct virtqueue *vqs[], vq_callback_t *callbacks[],
			      const char * const names[], const bool *ctx,
			      struct irq_affinity *desc)
{
	struct virtqueue_info info[VGS_NUM_QUEUES + 1] = {};
	unsigned int i;

	if (nvqs > ARRAY_SIZE(info))
		return -ENOENT;
	for (i = 0; i < nvqs; i++) {
		info[i].name = names[i];
		info[i].callback = callbacks[i];
		info[i].ctx = ctx && ctx[i];
	}
	return vgs_find_vqs(vdev, nvqs, vqs, info, desc);
}
#endif

static void vgs_synchronize_cbs(struct virtio_device *vdev)
{
	vgs_sync_irqs(vdev_to_vgs(vdev));
}

/**
 * vgs_offered_features() - the feature bits the device offers
 * @sim: the device
 *
 * Return: &vgs_config.features, with VIRTIO_F_VERSION_1 unless legacy.
 */
u64 vgs_offered_features(const struct vgs_device *sim)
{
	u64 features = sim->cfg.features;

	if (!sim->cfg.legacy)
		features |= BIT_ULL(VIRTIO_F_VERSION_1);
	return features;
}

static u64 vgs_get_features(struct virtio_device *vdev)
{
	return vgs_offered_features(vdev_to_vgs(vdev));
}

static int vgs_finalize_features(struct virtio_device *vdev)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);

	vring_transport_features(vdev);
	if (vdev->features & ~vgs_get_features(vdev)) {
		dev_err(&vdev->dev, "driver accepted features never offered: 0x%llx\n",
			vdev->features & ~vgs_get_features(vdev));
		return -EINVAL;
	}
	mutex_lock(&sim->lock);
	sim->negotiated = vdev->features;
	mutex_unlock(&sim->lock);
	return 0;
}

static const char *vgs_bus_name(struct virtio_device *vdev)
{
	return dev_name(vdev->dev.parent);
}

static bool vgs_get_shm_region(struct virtio_device *vdev,
			       struct virtio_shm_region *region, u8 id)
{
	struct vgs_device *sim = vdev_to_vgs(vdev);

	if (id == VIRTIO_GPU_SHM_ID_HOST_VISIBLE && sim->cfg.hostvis_size) {
		region->addr = sim->cfg.hostvis_base;
		region->len = sim->cfg.hostvis_size;
		return true;
	}
	if (id == VIRTIO_GPU_SHM_ID_HEAP && sim->cfg.heap_size) {
		mutex_lock(&sim->lock);
		*region = sim->heap_reported;
		mutex_unlock(&sim->lock);
		return true;
	}
	return false;
}

static const struct virtio_config_ops vgs_config_ops = {
	.get = vgs_cfg_get,
	.set = vgs_cfg_set,
	.generation = vgs_generation,
	.get_status = vgs_get_status,
	.set_status = vgs_set_status,
	.reset = vgs_reset,
#if VGH_HAVE_VIRTQUEUE_INFO
	.find_vqs = vgs_find_vqs,
#else
	.find_vqs = vgs_find_vqs_split,
#endif
	.del_vqs = vgs_del_vqs,
	.synchronize_cbs = vgs_synchronize_cbs,
	.get_features = vgs_get_features,
	.finalize_features = vgs_finalize_features,
	.bus_name = vgs_bus_name,
	.get_shm_region = vgs_get_shm_region,
};

/*
 * Turn a correct reply into the armed fault, if it applies to @type.
 * Returns the length to report as written, or -1 to keep the command.
 */
static long vgs_apply_fault(struct vgs_device *sim, struct vgs_queue *q,
			    u32 type, const struct virtio_gpu_ctrl_hdr *req,
			    struct vgs_reply *reply, size_t room)
{
	struct vgs_fault *f = &sim->fault;
	struct virtio_gpu_ctrl_hdr *hdr = reply->buf;
	long len = reply->len;

	if (f->kind == VGS_FAULT_NONE || (f->cmd && f->cmd != type) ||
	    reply->len < sizeof(*hdr))
		return len;
	if (f->kind == VGS_FAULT_FENCE_ID &&
	    !(req->flags & cpu_to_le32(VIRTIO_GPU_FLAG_FENCE)))
		return len;

	switch (f->kind) {
	case VGS_FAULT_ERROR:
		hdr->type = cpu_to_le32(f->resp);
		len = sizeof(*hdr);
		break;
	case VGS_FAULT_SHORT:
		len = sizeof(*hdr) / 2;
		break;
	case VGS_FAULT_OVERSIZED:
		len = room + 64;
		break;
	case VGS_FAULT_BAD_TYPE:
		if (hdr->type == cpu_to_le32(VIRTIO_GPU_RESP_OK_NODATA)) {
			hdr->type = cpu_to_le32(VIRTIO_GPU_RESP_OK_DISPLAY_INFO);
		} else {
			hdr->type = cpu_to_le32(VIRTIO_GPU_RESP_OK_NODATA);
			len = sizeof(*hdr);
		}
		break;
	case VGS_FAULT_FENCE_ID:
		le64_add_cpu(&hdr->fence_id, 1ULL << 32);
		break;
	case VGS_FAULT_HANG:
		len = -1;
		break;
	case VGS_FAULT_STRAY:
		q->stray = true;
		break;
	default:
		return len;
	}
	sim->faults++;
	if (f->count && !--f->count)
		f->kind = VGS_FAULT_NONE;
	return len;
}

/*
 * Whether the armed fault, of @kind, hits a command of @type before it
 * runs; counts the hit. Returns the fault's &vgs_fault.resp, or 0.
 */
static u32 vgs_fault_before(struct vgs_device *sim, enum vgs_fault_kind kind,
			    u32 type)
{
	struct vgs_fault *f = &sim->fault;
	u32 resp = f->resp;

	if (f->kind != kind || (f->cmd && f->cmd != type))
		return 0;
	sim->faults++;
	if (f->count && !--f->count)
		f->kind = VGS_FAULT_NONE;
	return resp ?: 1;
}

static void vgs_complete(struct vgs_queue *q, u16 head, u32 len)
{
	if (vringh_complete_iotlb(&q->vrh, head, len))
		dev_err_ratelimited(&q->sim->pdev->dev,
				    "queue %u: cannot mark chain %u used\n",
				    q->index, head);
	if (vringh_need_notify_iotlb(&q->vrh) > 0)
		irq_work_queue(&q->irq);
}

/* Run one command chain of @q. Returns false when the queue is empty. */
static bool vgs_queue_one(struct vgs_device *sim, struct vgs_queue *q)
{
	struct virtio_gpu_ctrl_hdr req_hdr = {};
	struct vgs_reply reply = {};
	size_t req_len, room;
	void *req = NULL;
	long len;
	u32 slow;
	u16 head;
	int ret;

	mutex_lock(&sim->lock);
	if (!sim->live || !q->vq) {
		mutex_unlock(&sim->lock);
		return false;
	}
	ret = vringh_getdesc_iotlb(&q->vrh, &q->riov, &q->wiov, &head,
				   GFP_KERNEL);
	if (ret <= 0) {
		if (ret < 0) {
			dev_err(&sim->pdev->dev,
				"queue %u: malformed chain (%d), device stops\n",
				q->index, ret);
			sim->live = false;
		}
		mutex_unlock(&sim->lock);
		return false;
	}
	if (sim->delay_ms) {
		u32 ms = sim->delay_ms;

		mutex_unlock(&sim->lock);
		msleep(ms);
		mutex_lock(&sim->lock);
		if (!sim->live) {
			mutex_unlock(&sim->lock);
			return false;
		}
	}

	req_len = vringh_kiov_length(&q->riov);
	room = vringh_kiov_length(&q->wiov);
	reply.cap = max_t(size_t, room, PAGE_SIZE);
	reply.buf = kzalloc(reply.cap, GFP_KERNEL);
	if (req_len <= VGS_MAX_REQUEST)
		req = kvmalloc(max(req_len, sizeof(req_hdr)), GFP_KERNEL);
	if (!reply.buf || !req) {
		len = 0;
		goto complete;
	}
	if (vringh_iov_pull_iotlb(&q->vrh, &q->riov, req, req_len) != req_len) {
		dev_err_ratelimited(&sim->pdev->dev,
				    "queue %u: cannot read request\n", q->index);
		len = 0;
		goto complete;
	}
	if (req_len >= sizeof(req_hdr))
		memcpy(&req_hdr, req, sizeof(req_hdr));
	if (vgs_fault_before(sim, VGS_FAULT_STALL, le32_to_cpu(req_hdr.type))) {
		q->held++;
		goto out;
	}
	slow = vgs_fault_before(sim, VGS_FAULT_SLOW, le32_to_cpu(req_hdr.type));
	if (slow) {
		mutex_unlock(&sim->lock);
		msleep(slow);
		mutex_lock(&sim->lock);
		/* a reset meanwhile: the chain went back with the ring */
		if (!sim->live)
			goto out;
	}

	vgs_handle(sim, q->index, req, req_len, &reply);
	len = vgs_apply_fault(sim, q, le32_to_cpu(req_hdr.type), &req_hdr,
			      &reply, room);
	if (len < 0) {
		q->held++;
		goto out;
	}
	if (vringh_iov_push_iotlb(&q->vrh, &q->wiov, reply.buf,
				  min_t(size_t, len, room)) < 0)
		dev_err_ratelimited(&sim->pdev->dev,
				    "queue %u: cannot write response\n",
				    q->index);
complete:
	vgs_complete(q, head, len);
	if (q->stray) {
		q->stray = false;
		vgs_complete(q, q->vrh.vring.num, 0);
	}
out:
	mutex_unlock(&sim->lock);
	kvfree(req);
	kfree(reply.buf);
	return true;
}

static void vgs_work(struct work_struct *work)
{
	struct vgs_device *sim = container_of(work, struct vgs_device, work);
	bool more;
	unsigned int i;

	do {
		more = false;
		for (i = 0; i < VGS_NUM_QUEUES; i++)
			more |= vgs_queue_one(sim, &sim->queues[i]);
		cond_resched();
	} while (more);
}

/**
 * vgs_config_event() - raise a config-change interrupt
 * @sim: the device
 * @events: VIRTIO_GPU_EVENT_* bits to set in events_read
 */
void vgs_config_event(struct vgs_device *sim, u32 events)
{
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&sim->cfg_lock, flags);
	sim->config.events_read |= cpu_to_le32(events);
	sim->generation++;
	ready = sim->status & VIRTIO_CONFIG_S_DRIVER_OK;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
	if (ready)
		irq_work_queue(&sim->config_irq);
}
EXPORT_SYMBOL_NS_GPL(vgs_config_event, VIRTIO_GPU_SIM);

/**
 * vgs_set_fault() - arm a fault, or disarm with %VGS_FAULT_NONE
 * @sim: the device
 * @fault: what to do wrong and when
 */
void vgs_set_fault(struct vgs_device *sim, const struct vgs_fault *fault)
{
	mutex_lock(&sim->lock);
	sim->fault = *fault;
	mutex_unlock(&sim->lock);
}
EXPORT_SYMBOL_NS_GPL(vgs_set_fault, VIRTIO_GPU_SIM);

/**
 * vgs_sync() - wait until the device has run what the driver queued
 * @sim: the device
 *
 * Returns once every command chain made available before the call has
 * been run, except those an armed fault holds back: what the guest sent
 * before is then in the device's counters, scanouts and resources.
 */
void vgs_sync(struct vgs_device *sim)
{
	flush_work(&sim->work);
}

/**
 * vgs_set_delay() - delay every later command
 * @sim: the device
 * @delay_ms: milliseconds to wait before running each command
 */
void vgs_set_delay(struct vgs_device *sim, u32 delay_ms)
{
	mutex_lock(&sim->lock);
	sim->delay_ms = delay_ms;
	mutex_unlock(&sim->lock);
}
EXPORT_SYMBOL_NS_GPL(vgs_set_delay, VIRTIO_GPU_SIM);

/**
 * vgs_set_layout_lie() - make RESOURCE_QUERY_LAYOUT answer wrong
 * @sim: the device
 * @lie: what to get wrong from now on; %VGS_LIE_NONE for the truth
 *
 * Return: 0, or -EINVAL for a value out of range.
 */
int vgs_set_layout_lie(struct vgs_device *sim, enum vgs_layout_lie lie)
{
	if (lie >= VGS_LIE_COUNT)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->layout_lie = lie;
	mutex_unlock(&sim->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vgs_set_layout_lie, VIRTIO_GPU_SIM);

/**
 * vgs_hotplug() - connect, disconnect or change the mode of a scanout
 * @sim: the device
 * @scanout: scanout index
 * @connected: whether a display is attached
 * @mode: new preferred mode, or NULL to keep it
 *
 * Raises VIRTIO_GPU_EVENT_DISPLAY.
 *
 * Return: 0, or -EINVAL for a bad scanout index or mode.
 */
int vgs_hotplug(struct vgs_device *sim, u32 scanout, bool connected,
		const struct vgs_mode *mode)
{
	if (scanout >= sim->cfg.num_scanouts)
		return -EINVAL;
	if (mode && (mode->width < VGS_MODE_MIN || mode->width > VGS_MODE_MAX ||
		     mode->height < VGS_MODE_MIN || mode->height > VGS_MODE_MAX))
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->scanouts[scanout].connected = connected;
	if (mode)
		sim->scanouts[scanout].mode = *mode;
	mutex_unlock(&sim->lock);
	vgs_config_event(sim, VIRTIO_GPU_EVENT_DISPLAY);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vgs_hotplug, VIRTIO_GPU_SIM);

static u64 vgs_count(struct vgs_device *sim, const u64 *table, u32 type)
{
	int idx = vgs_cmd_index(type);
	u64 n;

	if (idx < 0)
		return 0;
	mutex_lock(&sim->lock);
	n = table[idx];
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vgs_cmd_count() - commands of one type the device received
 * @sim: the device
 * @type: VIRTIO_GPU_CMD_*
 *
 * Return: the count since the device was created.
 */
u64 vgs_cmd_count(struct vgs_device *sim, u32 type)
{
	return vgs_count(sim, sim->cmds, type);
}
EXPORT_SYMBOL_NS_GPL(vgs_cmd_count, VIRTIO_GPU_SIM);

/**
 * vgs_error_count() - error responses sent for one command type
 * @sim: the device
 * @type: VIRTIO_GPU_CMD_*
 *
 * Injected faults are not counted here.
 *
 * Return: the count since the device was created.
 */
u64 vgs_error_count(struct vgs_device *sim, u32 type)
{
	return vgs_count(sim, sim->errors, type);
}
EXPORT_SYMBOL_NS_GPL(vgs_error_count, VIRTIO_GPU_SIM);

/**
 * vgs_fault_count() - faults injected
 * @sim: the device
 *
 * Return: how many commands an armed fault has hit since the device was
 * created.
 */
u64 vgs_fault_count(struct vgs_device *sim)
{
	u64 n;

	mutex_lock(&sim->lock);
	n = sim->faults;
	mutex_unlock(&sim->lock);
	return n;
}
EXPORT_SYMBOL_NS_GPL(vgs_fault_count, VIRTIO_GPU_SIM);

/**
 * vgs_status() - the device status the driver last set
 * @sim: the device
 *
 * Return: VIRTIO_CONFIG_S_* bits; 0 after a reset.
 */
u8 vgs_status(struct vgs_device *sim)
{
	unsigned long flags;
	u8 status;

	spin_lock_irqsave(&sim->cfg_lock, flags);
	status = sim->status;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);
	return status;
}
EXPORT_SYMBOL_NS_GPL(vgs_status, VIRTIO_GPU_SIM);

/**
 * vgs_negotiated_features() - the features the device agreed to
 * @sim: the device
 *
 * Return: the feature bits the driver accepted, or those
 * vgs_set_negotiated() set; 0 before either.
 */
u64 vgs_negotiated_features(struct vgs_device *sim)
{
	u64 features;

	mutex_lock(&sim->lock);
	features = sim->negotiated;
	mutex_unlock(&sim->lock);
	return features;
}
EXPORT_SYMBOL_NS_GPL(vgs_negotiated_features, VIRTIO_GPU_SIM);

/**
 * vgs_set_negotiated() - decide what was negotiated, without a driver
 * @sim: a device no driver is bound to
 * @features: feature bits the device then acts on
 *
 * For tests that hand commands straight to the device with vgs_exec();
 * a driver binding later negotiates again.
 */
void vgs_set_negotiated(struct vgs_device *sim, u64 features)
{
	mutex_lock(&sim->lock);
	sim->negotiated = features;
	mutex_unlock(&sim->lock);
}
EXPORT_SYMBOL_NS_GPL(vgs_set_negotiated, VIRTIO_GPU_SIM);

/**
 * vgs_exec() - run one command on a device without a driver
 * @sim: a device no driver is bound to
 * @queue: the queue the command arrives on, &enum vgh_queue_id
 * @req: request bytes
 * @req_len: their number
 * @reply: response buffer; on return @reply->len bytes are the response
 *
 * Runs the command as the device would had it arrived on @queue, under
 * the device lock; armed faults and the delay do not apply.
 *
 * Return: the response type.
 */
u32 vgs_exec(struct vgs_device *sim, unsigned int queue, const void *req,
	     size_t req_len, struct vgs_reply *reply)
{
	u32 resp;

	mutex_lock(&sim->lock);
	resp = vgs_handle(sim, queue, req, req_len, reply);
	mutex_unlock(&sim->lock);
	return resp;
}
EXPORT_SYMBOL_NS_GPL(vgs_exec, VIRTIO_GPU_SIM);

/**
 * vgs_resource_copied() - bytes TRANSFER commands moved for a resource
 * @sim: the device
 * @id: resource id
 *
 * Return: the count since the resource was created; 0 also for a
 * resource that does not exist.
 */
u64 vgs_resource_copied(struct vgs_device *sim, u32 id)
{
	struct vgs_resource *res;
	u64 n = 0;

	mutex_lock(&sim->lock);
	res = xa_load(&sim->resources, id);
	if (res)
		n = res->copied;
	mutex_unlock(&sim->lock);
	return n;
}
EXPORT_SYMBOL_NS_GPL(vgs_resource_copied, VIRTIO_GPU_SIM);

/**
 * vgs_resource_read() - copy bytes out of a resource's host storage
 * @sim: the device
 * @id: resource id
 * @offset: byte offset into the storage
 * @dst: destination
 * @len: bytes to copy
 *
 * The storage is the host copy of a 2D resource or the host memory of a
 * HOST3D blob, read from the host-visible region while the blob is
 * mapped there.
 *
 * Return: 0, -ENOENT for an unknown resource or one without host
 * storage, -EINVAL for a range beyond its end.
 */
int vgs_resource_read(struct vgs_device *sim, u32 id, u64 offset, void *dst,
		      size_t len)
{
	struct vgs_resource *res;
	int ret = 0;

	mutex_lock(&sim->lock);
	res = xa_load(&sim->resources, id);
	if (!res || !res->host)
		ret = -ENOENT;
	else if (offset > res->size || len > res->size - offset)
		ret = -EINVAL;
	else
		memcpy(dst, (res->mapped ? res->map : res->host) + offset, len);
	mutex_unlock(&sim->lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vgs_resource_read, VIRTIO_GPU_SIM);

/**
 * vgs_virtio() - the virtio device a driver binds to
 * @sim: the device
 *
 * Return: the virtio device, valid until vgs_destroy() or until the
 * platform device is unbound from sysfs; NULL while it is unbound.
 */
struct virtio_device *vgs_virtio(struct vgs_device *sim)
{
	struct virtio_device *vdev;

	device_lock(&sim->pdev->dev);
	vdev = sim->vdev;
	device_unlock(&sim->pdev->dev);
	return vdev;
}
EXPORT_SYMBOL_NS_GPL(vgs_virtio, VIRTIO_GPU_SIM);

/**
 * vgs_driver_bound() - whether a given driver is bound to the device
 * @sim: the device
 * @name: driver name, or NULL for any driver
 *
 * Return: true when a driver (named @name) is bound.
 */
bool vgs_driver_bound(struct vgs_device *sim, const char *name)
{
	struct device_driver *drv;
	bool bound = false;

	device_lock(&sim->pdev->dev);
	if (sim->vdev) {
		device_lock(&sim->vdev->dev);
		drv = sim->vdev->dev.driver;
		bound = drv && (!name || !strcmp(drv->name, name));
		device_unlock(&sim->vdev->dev);
	}
	device_unlock(&sim->pdev->dev);
	return bound;
}
EXPORT_SYMBOL_NS_GPL(vgs_driver_bound, VIRTIO_GPU_SIM);

static int vgs_check_region(const char *what, phys_addr_t base, u64 size)
{
	if (!size)
		return 0;
	if (!PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) || base + size < base) {
		pr_err("%s region %pa+0x%llx is not page aligned\n",
		       what, &base, size);
		return -EINVAL;
	}
	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("%s region %pa+0x%llx overlaps kernel memory; boot the guest with mem= below it\n",
		       what, &base, size);
		return -EINVAL;
	}
	return 0;
}

static int vgs_check_config(const struct vgs_config *cfg)
{
	u32 i;
	int ret;

	if (!cfg->num_scanouts || cfg->num_scanouts > VGS_MAX_SCANOUTS) {
		pr_err("%u scanouts, want 1 to %u\n",
		       cfg->num_scanouts, VGS_MAX_SCANOUTS);
		return -EINVAL;
	}
	for (i = 0; i < cfg->num_scanouts; i++) {
		const struct vgs_mode *m = &cfg->modes[i];

		if (m->width < VGS_MODE_MIN || m->width > VGS_MODE_MAX ||
		    m->height < VGS_MODE_MIN || m->height > VGS_MODE_MAX) {
			pr_err("scanout %u mode %ux%u out of range\n",
			       i, m->width, m->height);
			return -EINVAL;
		}
	}
	if (!is_power_of_2(cfg->stride_align)) {
		pr_err("layout stride alignment %u is not a power of two\n",
		       cfg->stride_align);
		return -EINVAL;
	}
	if (!is_power_of_2(cfg->layout_align) || cfg->layout_align > SZ_1M) {
		pr_err("layout alignment %u is not a power of two up to 1 MiB\n",
		       cfg->layout_align);
		return -EINVAL;
	}
	if (cfg->capsets & ~VGS_CAPSETS_KNOWN) {
		pr_err("unknown capsets 0x%x\n",
		       cfg->capsets & ~VGS_CAPSETS_KNOWN);
		return -EINVAL;
	}
	if ((cfg->features & BIT_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT)) &&
	    (!is_power_of_2(cfg->blob_alignment) ||
	     cfg->blob_alignment < PAGE_SIZE)) {
		pr_err("blob alignment %u is not a power of two of at least a page\n",
		       cfg->blob_alignment);
		return -EINVAL;
	}
	ret = vgs_check_region("host-visible", cfg->hostvis_base,
			       cfg->hostvis_size);
	if (!ret)
		ret = vgs_check_region("heap", cfg->heap_base, cfg->heap_size);
	if (ret)
		return ret;
	if (cfg->hostvis_size && cfg->heap_size &&
	    cfg->hostvis_base < cfg->heap_base + cfg->heap_size &&
	    cfg->heap_base < cfg->hostvis_base + cfg->hostvis_size) {
		pr_err("heap and host-visible regions overlap\n");
		return -EINVAL;
	}
	return 0;
}

/* Frees everything vgs_create() set up; safe on a partly built device. */
static void vgs_free(struct vgs_device *sim)
{
	vgs_sync_irqs(sim);
	vgs_state_reset(sim);
	xa_destroy(&sim->resources);
	xa_destroy(&sim->contexts);
	if (sim->wq)
		destroy_workqueue(sim->wq);
	if (sim->hostvis)
		memunmap(sim->hostvis);
	if (sim->heap)
		memunmap(sim->heap);
	vhost_iotlb_reset(&sim->iotlb);
	ida_free(&vgs_ida, sim->id);
	mutex_destroy(&sim->lock);
	kfree(sim);
}

static void vgs_release(struct device *dev)
{
	kfree(container_of(dev_to_virtio(dev), struct vgs_vdev, vdev));
}

static int vgs_pdev_probe(struct platform_device *pdev)
{
	struct vgs_device *const *pdata = dev_get_platdata(&pdev->dev);
	struct vgs_device *sim = *pdata;
	struct vgs_vdev *v;
	int ret;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->sim = sim;
	v->vdev.dev.parent = &pdev->dev;
	v->vdev.dev.release = vgs_release;
	v->vdev.id.device = VIRTIO_ID_GPU;
	v->vdev.id.vendor = VGS_VENDOR_ID;
	v->vdev.config = &vgs_config_ops;
	platform_set_drvdata(pdev, sim);
	/* before the driver probes: it may see a config change at once */
	WRITE_ONCE(sim->vdev, &v->vdev);
	ret = register_virtio_device(&v->vdev);
	if (ret) {
		WRITE_ONCE(sim->vdev, NULL);
		/* The release callback frees it. */
		put_device(&v->vdev.dev);
	}
	return ret;
}

static void vgs_pdev_teardown(struct platform_device *pdev)
{
	struct vgs_device *sim = platform_get_drvdata(pdev);
	struct virtio_device *vdev = sim->vdev;

	/*
	 * Unregistering resets the device, so no config-change interrupt
	 * is queued after it; one queued before must not find the virtio
	 * device freed.
	 */
	get_device(&vdev->dev);
	unregister_virtio_device(vdev);
	irq_work_sync(&sim->config_irq);
	WRITE_ONCE(sim->vdev, NULL);
	put_device(&vdev->dev);
}

#if !VGH_HAVE_PLATFORM_DRIVER_REMOVE_VOID
/* where .remove returns an int that the driver core ignores */
static int vgs_pdev_remove(struct platform_device *pdev)
{
	vgs_pdev_teardown(pdev);
	return 0;
}
#endif

static struct platform_driver vgs_pdrv = {
	.probe = vgs_pdev_probe,
#if VGH_HAVE_PLATFORM_DRIVER_REMOVE_VOID
	.remove = vgs_pdev_teardown,
#else
	.remove = vgs_pdev_remove,
#endif
	.driver.name = "virtio-gpu-sim",
};

/**
 * vgs_transport_register() - register the transport's platform driver
 *
 * Called once at module load, before any vgs_create().
 *
 * Return: 0 or a negative errno.
 */
int vgs_transport_register(void)
{
	return platform_driver_register(&vgs_pdrv);
}

/**
 * vgs_transport_unregister() - unregister the platform driver
 *
 * Called at module unload, after the last vgs_destroy().
 */
void vgs_transport_unregister(void)
{
	platform_driver_unregister(&vgs_pdrv);
}

static void *vgs_map_region(const char *what, phys_addr_t base, u64 size)
{
	void *p = memremap(base, size, MEMREMAP_WB);

	if (!p)
		pr_err("cannot map %s region %pa+0x%llx\n",
		       what, &base, size);
	return p;
}

/**
 * vgs_create() - create a simulated device and register it
 * @cfg: what the device offers; copied
 *
 * A driver for virtio-gpu that is already loaded binds before this
 * returns.
 *
 * Return: the device, or an ERR_PTR: -EINVAL for a bad @cfg, -ENOMEM.
 */
struct vgs_device *vgs_create(const struct vgs_config *cfg)
{
	struct vgs_device *sim;
	unsigned int i;
	int ret;

	ret = vgs_check_config(cfg);
	if (ret)
		return ERR_PTR(ret);
	sim = kzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return ERR_PTR(-ENOMEM);
	ret = ida_alloc(&vgs_ida, GFP_KERNEL);
	if (ret < 0) {
		kfree(sim);
		return ERR_PTR(ret);
	}
	sim->id = ret;
	sim->cfg = *cfg;
	sim->fault = cfg->fault;
	spin_lock_init(&sim->cfg_lock);
	spin_lock_init(&sim->iotlb_lock);
	mutex_init(&sim->lock);
	xa_init(&sim->resources);
	xa_init(&sim->contexts);
	vhost_iotlb_init(&sim->iotlb, 2, 0);
	INIT_WORK(&sim->work, vgs_work);
	sim->config_irq = IRQ_WORK_INIT_HARD(vgs_config_irq);
	for (i = 0; i < VGS_NUM_QUEUES; i++) {
		sim->queues[i].sim = sim;
		sim->queues[i].index = i;
		sim->queues[i].irq = IRQ_WORK_INIT_HARD(vgs_vq_irq);
	}
	sim->config.num_scanouts = cpu_to_le32(cfg->num_scanouts);
	sim->config.num_capsets = cpu_to_le32(hweight32(cfg->capsets));
	if (cfg->features & BIT_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT))
		sim->config.blob_alignment = cpu_to_le32(cfg->blob_alignment);
	for (i = 0; i < cfg->num_scanouts; i++) {
		sim->scanouts[i].connected = true;
		sim->scanouts[i].mode = cfg->modes[i];
	}

	ret = vhost_iotlb_add_range(&sim->iotlb, 0, ULONG_MAX, 0, VHOST_MAP_RW);
	if (ret)
		goto err_free;
	ret = -ENOMEM;
	sim->wq = alloc_ordered_workqueue("virtio-gpu-sim%u", 0, sim->id);
	if (!sim->wq)
		goto err_free;
	if (cfg->hostvis_size) {
		sim->hostvis = vgs_map_region("host-visible", cfg->hostvis_base,
					      cfg->hostvis_size);
		if (!sim->hostvis)
			goto err_free;
	}
	if (cfg->heap_size) {
		sim->heap = vgs_map_region("heap", cfg->heap_base,
					   cfg->heap_size);
		if (!sim->heap)
			goto err_free;
		sim->heap_reported.addr = cfg->heap_base;
		sim->heap_reported.len = cfg->heap_size;
	}
	/* the platform data is a copy of the pointer */
	sim->pdev = platform_device_register_data(NULL, "virtio-gpu-sim",
						  sim->id, &sim, sizeof(sim));
	if (IS_ERR(sim->pdev)) {
		ret = PTR_ERR(sim->pdev);
		goto err_free;
	}
	if (!vgs_virtio(sim)) {
		pr_err("%s: the transport did not bind\n", dev_name(&sim->pdev->dev));
		platform_device_unregister(sim->pdev);
		ret = -ENODEV;
		goto err_free;
	}
	vgs_debugfs_init(sim, vgs_debugfs_root);
	return sim;

err_free:
	vgs_free(sim);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(vgs_create, VIRTIO_GPU_SIM);

/**
 * vgs_destroy() - unbind the driver and remove a simulated device
 * @sim: the device from vgs_create()
 */
void vgs_destroy(struct vgs_device *sim)
{
	debugfs_remove_recursive(sim->debugfs);
	sim->debugfs = NULL;
	platform_device_unregister(sim->pdev);
	vgs_free(sim);
}
EXPORT_SYMBOL_NS_GPL(vgs_destroy, VIRTIO_GPU_SIM);
