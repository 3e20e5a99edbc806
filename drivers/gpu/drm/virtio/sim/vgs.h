/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * virtio-gpu-sim: a simulated virtio-gpu host for tests.
 */
#ifndef VGS_H
#define VGS_H

#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/vhost_iotlb.h>
#include <linux/virtio.h>
#include <linux/virtio_gpu.h>
#include <linux/virtio_config.h>
#include <linux/virtio_gpu_heap.h>
#include <linux/vringh.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "../vgh_wire.h"

struct dentry;
struct platform_device;

#define VGS_MAX_SCANOUTS	VIRTIO_GPU_MAX_SCANOUTS
#define VGS_NUM_QUEUES		VGH_NUM_QUEUES
#define VGS_QUEUE_SIZE		256
/* Largest request the device reads; SUBMIT_3D and backing lists fit. */
#define VGS_MAX_REQUEST		SZ_1M
#define VGS_EDID_SIZE		128
#define VGS_MODE_MIN		32
#define VGS_MODE_MAX		4095

/*
 * The native context (capset VIRTIO_GPU_CAPSET_DRM) as virglrenderer
 * speaks it (its drm_hw.h): the capset's size, wire format and context
 * type (MSM); the shared memory page, its HOST3D blob with blob_id 0,
 * starts with the last sequence number the host ran and the offset of
 * the host's responses in the page.
 */
#define VGS_DRM_CAPSET_SIZE	80
#define VGS_DRM_WIRE_FORMAT	1
#define VGS_DRM_CONTEXT_MSM	1
#define VGS_DRM_RSP_OFFSET	64

/* Capsets the device can offer, as bits of &vgs_config.capsets. */
#define VGS_CAPSET_BIT(id)	(1U << (id))
#define VGS_CAPSETS_KNOWN	(VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VIRGL) | \
				 VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VIRGL2) | \
				 VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VENUS) | \
				 VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_DRM))

/**
 * enum vgs_fault_kind - ways the device can misbehave on purpose
 * @VGS_FAULT_NONE: answer correctly
 * @VGS_FAULT_ERROR: answer with the error response &vgs_fault.resp
 * @VGS_FAULT_SHORT: write only half of the response header
 * @VGS_FAULT_OVERSIZED: report more bytes written than the driver gave
 * @VGS_FAULT_BAD_TYPE: answer OK_NODATA where data was due, or
 *	OK_DISPLAY_INFO where none was
 * @VGS_FAULT_FENCE_ID: answer a fenced command with another fence id
 * @VGS_FAULT_HANG: keep the command and never complete it
 * @VGS_FAULT_STRAY: answer, then also return a chain the driver never
 *	made available (an id past the end of the ring)
 * @VGS_FAULT_STALL: keep the command without carrying it out, as a host
 *	stuck before it would: whatever it names stays as it was (a
 *	RESOURCE_UNREF leaves the resource and its backing in place)
 * @VGS_FAULT_SLOW: carry the command out &vgs_fault.resp milliseconds
 *	late, as a host busy with it would; later commands wait behind it
 * @VGS_FAULT_COUNT: number of kinds
 */
enum vgs_fault_kind {
	VGS_FAULT_NONE,
	VGS_FAULT_ERROR,
	VGS_FAULT_SHORT,
	VGS_FAULT_OVERSIZED,
	VGS_FAULT_BAD_TYPE,
	VGS_FAULT_FENCE_ID,
	VGS_FAULT_HANG,
	VGS_FAULT_STRAY,
	VGS_FAULT_STALL,
	VGS_FAULT_SLOW,
	VGS_FAULT_COUNT,
};

/**
 * enum vgs_layout_lie - what RESOURCE_QUERY_LAYOUT gets wrong on purpose
 * @VGS_LIE_NONE: answer truthfully
 * @VGS_LIE_SMALL_STRIDE: the first stride is half a row
 * @VGS_LIE_NPOT_ALIGN: an alignment of 12 KiB, not a power of two
 * @VGS_LIE_STRIDE_ALIGN: a stride alignment of 96, not a power of two
 * @VGS_LIE_OFFSET_PAST: the last plane starts at the end of the buffer
 * @VGS_LIE_HUGE_SIZE: a size near 2^64, as if its arithmetic overflowed
 * @VGS_LIE_WRAP_OFFSET: the last plane's offset wraps around 2^64 within
 *	a row
 * @VGS_LIE_OVERLAP: the last plane starts on the first plane's second
 *	row (a format of one plane gets a second one there)
 * @VGS_LIE_PLANES: more planes than the answer can hold
 * @VGS_LIE_TILED_LINEAR: a tiled modifier even when a linear layout was
 *	asked for
 * @VGS_LIE_COUNT: number of lies
 */
enum vgs_layout_lie {
	VGS_LIE_NONE,
	VGS_LIE_SMALL_STRIDE,
	VGS_LIE_NPOT_ALIGN,
	VGS_LIE_STRIDE_ALIGN,
	VGS_LIE_OFFSET_PAST,
	VGS_LIE_HUGE_SIZE,
	VGS_LIE_WRAP_OFFSET,
	VGS_LIE_OVERLAP,
	VGS_LIE_PLANES,
	VGS_LIE_TILED_LINEAR,
	VGS_LIE_COUNT,
};

/**
 * struct vgs_fault - an armed fault
 * @kind: what to do wrong
 * @cmd: command type it applies to, 0 for any command
 * @count: how many more commands to hit; 0 means every one
 * @resp: response type for %VGS_FAULT_ERROR; milliseconds for
 *	%VGS_FAULT_SLOW
 */
struct vgs_fault {
	enum vgs_fault_kind kind;
	u32 cmd;
	u32 count;
	u32 resp;
};

/**
 * struct vgs_mode - a scanout's preferred mode
 * @width: in pixels
 * @height: in pixels
 */
struct vgs_mode {
	u32 width;
	u32 height;
};

/**
 * struct vgs_config - what a simulated device offers
 * @features: virtio-gpu feature bits offered (VIRTIO_F_VERSION_1 is
 *	added unless @legacy)
 * @legacy: leave out VIRTIO_F_VERSION_1, as a legacy transport would
 * @num_scanouts: 1 to %VGS_MAX_SCANOUTS
 * @modes: preferred mode of each scanout
 * @capsets: offered capset ids, as %VGS_CAPSET_BIT() bits
 * @blob_alignment: value of the config field when
 *	VIRTIO_GPU_F_BLOB_ALIGNMENT is offered; a power of two
 * @hostvis_base: guest-physical base of the host-visible region
 * @hostvis_size: its size; 0 offers no region
 * @heap_base: guest-physical base of the dedicated heap region
 * @heap_size: its size; 0 offers no heap
 * @host_mem_limit: bytes of host memory resources may use in all
 * @map_cache: map_info answered by MAP_BLOB, VIRTIO_GPU_MAP_CACHE_*
 * @stride_align: row alignment in bytes that RESOURCE_QUERY_LAYOUT
 *	answers with; a power of two
 * @layout_align: size alignment of its answers; a power of two up to 1 MiB
 * @layout_tiled: answer a tiled layout where the guest's CPU does not
 *	write the buffer
 * @fault: fault armed from the start, before a driver probes
 */
struct vgs_config {
	u64 features;
	bool legacy;
	u32 num_scanouts;
	struct vgs_mode modes[VGS_MAX_SCANOUTS];
	u32 capsets;
	u32 blob_alignment;
	phys_addr_t hostvis_base;
	u64 hostvis_size;
	phys_addr_t heap_base;
	u64 heap_size;
	u64 host_mem_limit;
	u32 map_cache;
	u32 stride_align;
	u32 layout_align;
	bool layout_tiled;
	struct vgs_fault fault;
};

/**
 * struct vgs_entry - one guest memory range backing a resource
 * @addr: guest-physical address
 * @len: length in bytes
 */
struct vgs_entry {
	u64 addr;
	u32 len;
};

/**
 * enum vgs_res_kind - how a resource was created
 * @VGS_RES_2D: RESOURCE_CREATE_2D; has a host copy
 * @VGS_RES_3D: RESOURCE_CREATE_3D; nothing is rendered into it
 * @VGS_RES_BLOB: RESOURCE_CREATE_BLOB
 */
enum vgs_res_kind {
	VGS_RES_2D,
	VGS_RES_3D,
	VGS_RES_BLOB,
};

/**
 * struct vgs_resource - a resource as the host knows it
 * @id: resource id chosen by the driver
 * @kind: how it was created
 * @format: VIRTIO_GPU_FORMAT_*, 0 for blobs
 * @width: width in pixels, 0 for blobs
 * @height: height in pixels, 0 for blobs
 * @blob_mem: VIRTIO_GPU_BLOB_MEM_*, for blobs
 * @blob_flags: VIRTIO_GPU_BLOB_FLAG_*, for blobs
 * @blob_id: host blob id, for blobs
 * @size: blob size, or bytes of the host copy
 * @entries: guest backing, NULL when detached
 * @nr_entries: number of @entries
 * @backing_len: total length of @entries
 * @host: host copy (2D) or host storage (HOST3D blobs), or NULL
 * @mapped: whether MAP_BLOB placed it in the mapping window (the
 *	host-visible region, or the heap region when there is none)
 * @map_offset: offset in the window while @mapped
 * @map: where the simulator sees it while @mapped
 * @uuid: exported uuid, valid when @has_uuid
 * @has_uuid: RESOURCE_ASSIGN_UUID was answered for it
 * @ctx_refs: contexts it is attached to
 * @copied: bytes TRANSFER commands copied into or out of it
 */
struct vgs_resource {
	u32 id;
	enum vgs_res_kind kind;
	u32 format;
	u32 width;
	u32 height;
	u32 blob_mem;
	u32 blob_flags;
	u64 blob_id;
	u64 size;
	struct vgs_entry *entries;
	u32 nr_entries;
	u64 backing_len;
	void *host;
	bool mapped;
	u64 map_offset;
	void *map;
	uuid_t uuid;
	bool has_uuid;
	u32 ctx_refs;
	u64 copied;
};

/**
 * struct vgs_scanout - state of one scanout
 * @connected: reported enabled in GET_DISPLAY_INFO
 * @mode: preferred mode
 * @resource_id: resource shown, 0 when disabled
 * @blob: set by SET_SCANOUT_BLOB rather than SET_SCANOUT
 * @rect: area of the resource shown
 * @format: blob scanout format
 * @stride: blob scanout stride in bytes
 * @offset: blob scanout offset of the first pixel
 * @flushes: RESOURCE_FLUSH commands that covered this scanout
 * @last_flush: the rectangle of the latest of them, as the guest sent it
 */
struct vgs_scanout {
	bool connected;
	struct vgs_mode mode;
	u32 resource_id;
	bool blob;
	struct virtio_gpu_rect rect;
	u32 format;
	u32 stride;
	u32 offset;
	u64 flushes;
	struct virtio_gpu_rect last_flush;
};

/**
 * struct vgs_ctx - a rendering context
 * @id: context id chosen by the driver
 * @capset_id: capset given in CTX_CREATE's context_init, 0 for none
 * @submits: SUBMIT_3D commands received
 * @name: debug name
 */
struct vgs_ctx {
	u32 id;
	u32 capset_id;
	u64 submits;
	char name[64];
};

/**
 * struct vgs_queue - device side of one virtqueue
 * @sim: owning device
 * @index: which queue, &enum vgh_queue_id
 * @vq: driver side, created by find_vqs
 * @vrh: device-side view of the same ring
 * @riov: driver-readable part of the current chain
 * @wiov: device-writable part of the current chain
 * @irq: raises the used-buffer interrupt in hard-irq context
 * @held: commands kept back by %VGS_FAULT_HANG or %VGS_FAULT_STALL
 * @stray: %VGS_FAULT_STRAY hit the current command; a chain id past the
 *	ring follows its answer
 */
struct vgs_queue {
	struct vgs_device *sim;
	unsigned int index;
	struct virtqueue *vq;
	struct vringh vrh;
	struct vringh_kiov riov;
	struct vringh_kiov wiov;
	struct irq_work irq;
	unsigned int held;
	bool stray;
};

/**
 * struct vgs_image_ref - what a scanoutN.ppm debugfs file shows
 * @sim: the device
 * @scanout: scanout index
 */
struct vgs_image_ref {
	struct vgs_device *sim;
	u32 scanout;
};

/**
 * struct vgs_device - one simulated virtio-gpu device
 * @vdev: the virtio device the guest driver binds to, made each time the
 *	transport's platform device @pdev is bound (see vgs_virtio()); NULL
 *	while it is unbound; set and cleared under @pdev's device lock
 * @pdev: the transport's platform device, so that the virtio device sits
 *	on a bus like real transports and can be unbound and bound again
 *	from sysfs as virtio-mmio's can
 * @id: instance number, used in names
 * @cfg: what the device offers
 * @cfg_lock: protects @config, @status and @generation
 * @config: configuration space
 * @status: virtio device status
 * @generation: bumped on every config change
 * @negotiated: features the driver accepted; under @lock
 * @iotlb: identity translation: guest-physical is host-physical here
 * @iotlb_lock: lock vringh takes around @iotlb
 * @queues: control and cursor queue
 * @wq: ordered workqueue running @work
 * @work: drains both queues
 * @config_irq: raises the config-change interrupt in hard-irq context
 * @lock: protects @negotiated, and everything below
 * @live: queues exist and the device processes them
 * @fault: armed fault
 * @delay_ms: sleep before each command
 * @resources: &vgs_resource by id
 * @contexts: &vgs_ctx by id
 * @scanouts: scanout state
 * @cursor: last UPDATE_CURSOR or MOVE_CURSOR position
 * @cursor_resource: resource of the last UPDATE_CURSOR, 0 for none
 * @cursor_updates: UPDATE_CURSOR commands
 * @cursor_moves: MOVE_CURSOR commands
 * @host_mem: host memory in use by resources
 * @copied: bytes all TRANSFER commands copied
 * @cmds: commands received, by &enum vgh_cmd_index
 * @errors: error responses sent, by &enum vgh_cmd_index
 * @faults: faults injected
 * @live_scanout_resets: device resets that found a scanout still showing
 *	a resource, which a real host then stops showing under the guest's
 *	feet (and QEMU 7.2 with a GL display does from the vCPU thread)
 * @layout_lie: what RESOURCE_QUERY_LAYOUT answers wrong
 * @hostvis: mapping of the host-visible region
 * @heap: mapping of the heap region
 * @heap_reported: the heap region get_shm_region() reports, which a test
 *	may move after the driver probed (debugfs ``heap_region``); the
 *	simulator itself keeps using &vgs_config.heap_base
 * @debugfs: this device's debugfs directory
 * @images: private data of the scanoutN.ppm files
 */
struct vgs_device {
	struct virtio_device *vdev;
	struct platform_device *pdev;
	unsigned int id;
	struct vgs_config cfg;

	spinlock_t cfg_lock;	/* config space, status, generation */
	struct virtio_gpu_heap_config config;
	u8 status;
	u32 generation;
	u64 negotiated;

	struct vhost_iotlb iotlb;
	spinlock_t iotlb_lock;	/* taken by vringh around iotlb lookups */
	struct vgs_queue queues[VGS_NUM_QUEUES];
	struct workqueue_struct *wq;
	struct work_struct work;
	struct irq_work config_irq;

	struct mutex lock;	/* device state; one command at a time */
	bool live;
	struct vgs_fault fault;
	u32 delay_ms;
	struct xarray resources;
	struct xarray contexts;
	struct vgs_scanout scanouts[VGS_MAX_SCANOUTS];
	struct virtio_gpu_cursor_pos cursor;
	u32 cursor_resource;
	u64 cursor_updates;
	u64 cursor_moves;
	u64 host_mem;
	u64 copied;
	u64 cmds[VGH_CMD_COUNT];
	u64 errors[VGH_CMD_COUNT];
	u64 faults;
	u64 live_scanout_resets;
	enum vgs_layout_lie layout_lie;

	void *hostvis;
	void *heap;
	struct virtio_shm_region heap_reported;
	struct dentry *debugfs;
	struct vgs_image_ref images[VGS_MAX_SCANOUTS];
};

/**
 * struct vgs_reply - a response being built
 * @buf: response bytes
 * @len: bytes of @buf that are valid
 * @cap: size of @buf
 */
struct vgs_reply {
	void *buf;
	size_t len;
	size_t cap;
};

/* vgs_transport.c */
int vgs_transport_register(void);
void vgs_transport_unregister(void);
u64 vgs_offered_features(const struct vgs_device *sim);
struct vgs_device *vgs_create(const struct vgs_config *cfg);
void vgs_destroy(struct vgs_device *sim);
void vgs_config_event(struct vgs_device *sim, u32 events);
void vgs_set_fault(struct vgs_device *sim, const struct vgs_fault *fault);
void vgs_set_delay(struct vgs_device *sim, u32 delay_ms);
void vgs_sync(struct vgs_device *sim);
int vgs_set_layout_lie(struct vgs_device *sim, enum vgs_layout_lie lie);
int vgs_hotplug(struct vgs_device *sim, u32 scanout, bool connected,
		const struct vgs_mode *mode);
u64 vgs_cmd_count(struct vgs_device *sim, u32 type);
u64 vgs_error_count(struct vgs_device *sim, u32 type);
u64 vgs_fault_count(struct vgs_device *sim);
u8 vgs_status(struct vgs_device *sim);
u64 vgs_negotiated_features(struct vgs_device *sim);
void vgs_set_negotiated(struct vgs_device *sim, u64 features);
u32 vgs_exec(struct vgs_device *sim, unsigned int queue, const void *req,
	     size_t req_len, struct vgs_reply *reply);
u64 vgs_resource_copied(struct vgs_device *sim, u32 id);
int vgs_resource_read(struct vgs_device *sim, u32 id, u64 offset, void *dst,
		      size_t len);
struct virtio_device *vgs_virtio(struct vgs_device *sim);
bool vgs_driver_bound(struct vgs_device *sim, const char *name);
u64 vgs_kunit_region_base(void);
unsigned int vgs_kunit_max_probe_ms(void);

/* vgs_gpu.c */
int vgs_handle(struct vgs_device *sim, unsigned int queue, const void *req,
	       size_t req_len, struct vgs_reply *reply);
void vgs_state_reset(struct vgs_device *sim);
u64 vgs_guest_pages_free(const struct vgs_resource *res, u64 *pages);
void vgs_check_guest_pages(struct vgs_device *sim);
extern const struct vgh_wire_cmd vgs_wire_cmds[VGH_CMD_COUNT];
int vgs_cmd_index(u32 type);
void *vgs_guest_ptr(struct vgs_device *sim, u64 addr, u64 len);
int vgs_backing_read(struct vgs_device *sim, const struct vgs_resource *res,
		     u64 offset, void *dst, size_t len);

/* vgs_layout.c */
u32 vgs_layout_answer(struct vgs_device *sim,
		      const struct virtio_gpu_resource_query_layout *cmd,
		      const struct vgs_resource *res,
		      struct virtio_gpu_resp_resource_layout *resp);
const char *vgs_layout_lie_name(enum vgs_layout_lie lie);
int vgs_layout_lie_parse(const char *name);

/* vgs_display.c */
void vgs_fill_display_info(struct vgs_device *sim,
			   struct virtio_gpu_resp_display_info *info);
void vgs_build_edid(const struct vgs_device *sim, u32 scanout, u8 *edid);
int vgs_scanout_image(struct vgs_device *sim, u32 scanout, void **data,
		      size_t *len);
const char *vgs_scanout_source(struct vgs_device *sim,
			       const struct vgs_scanout *so);

/* vgs_main.c */
extern struct dentry *vgs_debugfs_root;

/* vgs_debugfs.c */
void vgs_debugfs_init(struct vgs_device *sim, struct dentry *root);
int vgs_parse_modes(const char *s, struct vgs_mode *modes, u32 max);

#endif /* VGS_H */
