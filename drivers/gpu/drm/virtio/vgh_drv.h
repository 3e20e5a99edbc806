/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Private header of the virtio-gpu-heap DRM driver.
 */
#ifndef VGH_DRV_H
#define VGH_DRV_H

#include <linux/completion.h>
#include <linux/dma-fence.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio_gpu.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <drm/drm_device.h>

#include "vgh_wire.h"

struct virtio_device;
struct virtqueue;
struct vgh_dma_heap;
struct vgh_heap;
struct vgh_layout_cache;

struct vgh_hostvis;

/*
 * The driver's limits, in one place. Each keeps a size computation far
 * from overflow or a device's or a caller's claim from sizing an
 * allocation; none is a limit of the protocol.
 */
/* Largest buffer object, blob or buffer layout. */
#define VGH_MAX_BO_SIZE		SZ_2G
/* Largest resource edge; the mode-setting limits are below it. */
#define VGH_MAX_DIM		16384
/* Largest blob alignment a device may ask for. */
#define VGH_MAX_BLOB_ALIGN	SZ_1M
/* Largest stride alignment a host's layout may ask for. */
#define VGH_MAX_STRIDE_ALIGN	SZ_64K
/* Largest command stream one EXECBUFFER or blob creation carries. */
#define VGH_MAX_CMD_STREAM	SZ_1M
/* Most buffer objects or syncobjs one EXECBUFFER lists. */
#define VGH_MAX_LIST		SZ_64K
/* Largest request or response of a command, payload aside. */
#define VGH_MAX_CMD_REPLY	SZ_64K

#define VGH_DRIVER_NAME		"virtio_gpu"
#define VGH_MAX_SCANOUTS	VIRTIO_GPU_MAX_SCANOUTS
#define VGH_EDID_MAX		1024

/* Index of the features the driver knows in vgh_features[]. */
enum vgh_feature_index {
#define VGH_WIRE_FEATURE(NAME, ...) VGH_FEATURE_##NAME,
#include "vgh_wire.h"
	VGH_NUM_FEATURES,
};

/**
 * struct vgh_cmd_stats - counters of one command type
 * @sent: commands placed on a virtqueue
 * @ok: completions with an OK response of the expected type
 * @failed: completions with an error response or a malformed reply
 * @timedout: waits that gave up before the device answered
 */
struct vgh_cmd_stats {
	atomic64_t sent;
	atomic64_t ok;
	atomic64_t failed;
	atomic64_t timedout;
};

/**
 * struct vgh_timeline - a DMA fence context of the driver
 * @ref: one reference for the owner and one per fence on it
 * @context: DMA fence context number
 * @lock: protects @last_seqno and @pending, and is the fences' lock
 * @last_seqno: seqno of the most recently emitted fence
 * @pending: emitted, unsignalled fences in seqno order
 * @name: timeline name the fences report
 * @rcu: frees the timeline after RCU readers of its fences
 */
struct vgh_timeline {
	struct kref ref;
	u64 context;
	spinlock_t lock; /* last_seqno, pending; the fences' lock */
	u64 last_seqno;
	struct list_head pending;
	char name[32];
	struct rcu_head rcu;
};

/**
 * struct vgh_fence - a fence the device signals by answering a command
 * @base: the DMA fence
 * @node: entry in &vgh_timeline.pending
 * @tl: the timeline, referenced
 * @ring: ring index the device is told, or -1
 */
struct vgh_fence {
	struct dma_fence base;
	struct list_head node;
	struct vgh_timeline *tl;
	int ring;
};

/**
 * enum vgh_send - how a display command is sent
 * @VGH_SEND_QUEUE: queued, the device notified; not waited for
 * @VGH_SEND_WAIT: queued and waited for: the host has answered on return
 * @VGH_SEND_BATCH: queued without notifying the device, for a command
 *	that a later one of the same update follows; if that one is not
 *	sent after all, vgh_cmd_kick()
 */
enum vgh_send {
	VGH_SEND_QUEUE,
	VGH_SEND_WAIT,
	VGH_SEND_BATCH,
};

/**
 * struct vgh_cmd - one command and the buffer for its response
 * @ref: one reference for the submitter, one while the device owns it
 * @done: completed when the device has answered or the queue was torn down
 * @type: wire command number, CPU order
 * @idx: &enum vgh_cmd_index of @type, looked up once at allocation; -1
 *	for a command the table does not know
 * @resp_type: the OK response type that a successful reply carries
 * @req_len: bytes of request at @buf
 * @resp_len: bytes of response space after the request
 * @got: bytes the device wrote into the response
 * @status: 0, or a negative errno set when the queue is torn down
 * @fence: fence signalled on completion, or NULL
 * @payload: optional data sent between request and response, or NULL;
 *	kmalloc'ed or vmalloc'ed, freed with the command
 * @payload_len: bytes at @payload
 * @reclaimed: entry in a list of commands taken back from the device,
 *	finished after the queue's lock is dropped
 * @final: one of remove's last commands, sent after the DRM device was
 *	unplugged and before the reset (see vgh_cmd_submit())
 * @batch: queued without notifying the device: a later command of the
 *	same update notifies it of both (see vgh_cmd_kick())
 * @buf: request, then response at vgh_cmd_resp()
 */
struct vgh_cmd {
	struct kref ref;
	struct completion done;
	u32 type;
	int idx;
	u32 resp_type;
	u32 req_len;
	u32 resp_len;
	u32 got;
	int status;
	struct vgh_fence *fence;
	void *payload;
	u32 payload_len;
	struct list_head reclaimed;
	bool final;
	bool batch;
	u8 buf[] __aligned(8);
};

/**
 * struct vgh_queue - a virtqueue and the state to feed it
 * @vq: the virtqueue
 * @lock: serialises adding to and harvesting from @vq, and fence emission
 *        so that fence seqnos follow queue order; process context only
 * @space: woken when the device returned descriptors
 * @fence_id: the last fence id given to the device on this queue
 * @done_work: takes returned commands back and finishes them, queued by
 *        the virtqueue callback
 */
struct vgh_queue {
	struct virtqueue *vq;
	spinlock_t lock; /* adding to and harvesting from vq; fence_id */
	wait_queue_head_t space;
	u64 fence_id;
	struct work_struct done_work;
};

/**
 * struct vgh_output - what the device reports for one scanout
 * @x: horizontal position of the preferred mode
 * @y: vertical position of the preferred mode
 * @width: preferred width in pixels, 0 if unknown
 * @height: preferred height in pixels, 0 if unknown
 * @enabled: the host has a display attached to this scanout
 * @edid: EDID blob from GET_EDID, or NULL
 * @edid_len: bytes at @edid
 */
struct vgh_output {
	u32 x;
	u32 y;
	u32 width;
	u32 height;
	bool enabled;
	u8 *edid;
	size_t edid_len;
};

/**
 * struct vgh_capset - one capability set the device offers
 * @id: capset id (VIRTIO_GPU_CAPSET_*)
 * @max_version: highest version the device supports
 * @max_size: size of the capset blob in bytes
 */
struct vgh_capset {
	u32 id;
	u32 max_version;
	u32 max_size;
};

/**
 * struct vgh_device - one virtio-gpu device bound to this driver
 * @drm: the DRM device, embedded
 * @vdev: the virtio device
 * @queues: control and cursor queues
 * @control: timeline of fenced commands without a ring
 * @stats: per-command counters, indexed by &enum vgh_cmd_index
 * @offered: features the device offered, read at probe
 * @num_scanouts: scanouts in the device config, clamped to VGH_MAX_SCANOUTS
 * @num_capsets: capsets in the device config
 * @capsets: what GET_CAPSET_INFO returned, @num_capsets entries
 * @display_lock: protects @outputs
 * @outputs: per-scanout display information
 * @config_work: handles a config-change interrupt
 * @display_events: display-change events handled
 * @res_ida: host resource ids in use; 0 is never one
 * @res_retired: resource ids kept in @res_ida because the device did not
 *	confirm that it let go of them (see vgh_resource.c)
 * @retire_lock: protects @retired, @retired_bytes and @reset_done
 * @retired: memory the device may still use although its resource is
 *	gone, kept until the device is reset
 * @retired_bytes: bytes in @retired
 * @reset_done: the device has been reset: it holds nothing any more
 * @ctx_ida: host context ids in use; 0 is never one
 * @caps_lock: protects @caps_cache
 * @caps_cache: capset blobs fetched with GET_CAPSET, see vgh_ioctl.c
 * @hostvis: the host-visible region, or NULL
 * @heap: the dedicated heap, or NULL without a usable pool
 * @heap_mode: buffers the host touches come from @heap
 * @dma_heap: @heap as a DMA-BUF heap, or NULL (see vgh_dma_heap.c)
 * @blob_align: alignment of blob sizes, MAP_BLOB offsets and heap blocks:
 *	the page size, or the device's larger VIRTIO_GPU_F_BLOB_ALIGNMENT;
 *	0 when the device gave an unusable one (no blobs then)
 * @layouts: the host's buffer layouts, see vgh_layout.c
 */
struct vgh_device {
	struct drm_device drm;
	struct virtio_device *vdev;
	struct vgh_queue queues[VGH_NUM_QUEUES];
	struct vgh_timeline *control;
	struct vgh_cmd_stats stats[VGH_CMD_COUNT];
	u64 offered;
	u32 num_scanouts;
	u32 num_capsets;
	struct vgh_capset *capsets;
	struct mutex display_lock; /* outputs */
	struct vgh_output outputs[VGH_MAX_SCANOUTS];
	struct work_struct config_work;
	atomic_t display_events;
	struct ida res_ida;
	atomic_t res_retired;
	struct mutex retire_lock; /* retired, retired_bytes, reset_done */
	struct list_head retired;
	u64 retired_bytes;
	bool reset_done;
	struct ida ctx_ida;
	struct mutex caps_lock; /* caps_cache */
	struct list_head caps_cache;
	struct vgh_hostvis *hostvis;
	struct vgh_heap *heap;
	bool heap_mode;
	struct vgh_dma_heap *dma_heap;
	u32 blob_align;
	struct vgh_layout_cache *layouts;
};

static inline struct vgh_device *to_vgh(struct drm_device *drm)
{
	return container_of(drm, struct vgh_device, drm);
}

/* vgh_device.c */
extern const unsigned int vgh_features[VGH_NUM_FEATURES];
bool vgh_has_feature(const struct vgh_device *vgdev, unsigned int bit);
bool vgh_dma32(void);
u32 vgh_read_blob_align(struct vgh_device *vgdev);
bool vgh_blobs(const struct vgh_device *vgdev);
const char *vgh_feature_name(unsigned int bit);

/* vgh_vq.c */
int vgh_cmd_index(u32 type);
u32 vgh_cmd_type_at(unsigned int idx);
enum vgh_queue_id vgh_cmd_queue(u32 type);
const char *vgh_cmd_name(u32 type);
const char *vgh_resp_name(u32 type);
int vgh_resp_errno(u32 type);
u32 vgh_resp_type_for(u32 cmd_type);
struct vgh_cmd *vgh_cmd_alloc(u32 type, size_t req_len, size_t resp_len,
			      gfp_t gfp);
void vgh_cmd_put(struct vgh_cmd *cmd);
int vgh_cmd_check_reply(const struct vgh_cmd *cmd, size_t min_len);
int vgh_cmd_submit(struct vgh_device *vgdev, struct vgh_cmd *cmd,
		   struct vgh_fence *fence);
int vgh_cmd_exec(struct vgh_device *vgdev, struct vgh_cmd *cmd);
int vgh_cmd_send(struct vgh_device *vgdev, struct vgh_cmd *cmd,
		 enum vgh_send how);
void vgh_cmd_kick(struct vgh_device *vgdev);
struct vgh_cmd *vgh_cmd_new(u32 type, size_t req_len);
int vgh_cmd_run(struct vgh_device *vgdev, struct vgh_cmd *cmd);
int vgh_queues_init(struct vgh_device *vgdev);
void vgh_queue_init(struct vgh_queue *q);
struct vgh_cmd *vgh_encode_get_display_info(void);
struct vgh_cmd *vgh_encode_get_edid(u32 scanout);
struct vgh_cmd *vgh_encode_get_capset_info(u32 index);
void vgh_decode_display_one(const struct virtio_gpu_display_one *one,
			    struct vgh_output *out);
int vgh_decode_edid(const struct virtio_gpu_resp_edid *resp, u32 *size);
void vgh_decode_capset_info(const struct virtio_gpu_resp_capset_info *resp,
			    struct vgh_capset *cap);
void vgh_queues_fini(struct vgh_device *vgdev);

/**
 * vgh_cmd_req() - the request part of a command
 * @cmd: the command
 *
 * Return: pointer to the request, which starts with a control header.
 */
static inline void *vgh_cmd_req(struct vgh_cmd *cmd)
{
	return cmd->buf;
}

/**
 * vgh_cmd_resp() - the response part of a command
 * @cmd: the command
 *
 * Return: pointer to the response buffer the device writes.
 */
static inline void *vgh_cmd_resp(const struct vgh_cmd *cmd)
{
	return (void *)(cmd->buf + ALIGN(cmd->req_len, 8));
}

/* vgh_fence.c */
struct vgh_timeline *vgh_timeline_create(const char *name);
void vgh_timeline_put(struct vgh_timeline *tl);
struct vgh_fence *vgh_fence_alloc(struct vgh_timeline *tl, int ring);
void vgh_fence_emit(struct vgh_fence *fence, u64 id,
		    struct virtio_gpu_ctrl_hdr *hdr);
void vgh_fence_complete(struct vgh_fence *fence, int error);
void vgh_fence_cancel(struct vgh_fence *fence, int error);
bool vgh_fence_on_timeline(struct dma_fence *f, const struct vgh_timeline *tl);

/**
 * vgh_fence_get() - take a reference to a fence
 * @fence: the fence
 *
 * Return: @fence.
 */
static inline struct vgh_fence *vgh_fence_get(struct vgh_fence *fence)
{
	dma_fence_get(&fence->base);
	return fence;
}

/* vgh_display.c */
int vgh_display_init(struct vgh_device *vgdev);
int vgh_display_query(struct vgh_device *vgdev);
int vgh_capsets_query(struct vgh_device *vgdev);

/* vgh_debugfs.c */
void vgh_debugfs_init(struct vgh_device *vgdev);
void vgh_debugfs_minor_init(struct drm_minor *minor);
void vgh_print_summary(struct vgh_device *vgdev);

#endif /* VGH_DRV_H */
