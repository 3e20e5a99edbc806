// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: what the host does with each command.
 */

/**
 * DOC: Device behaviour
 *
 * Commands run one at a time, in the order the driver queued them, under
 * &vgs_device.lock. The commands the device knows, the OK response each
 * gets and the queue each must arrive on come from vgh_wire.h, the list
 * the driver builds its tables from too.
 *
 * Every request is checked as a careful host would check it: a request
 * shorter than its structure, a command whose feature was not
 * negotiated, a command on the wrong queue, or a command the device does
 * not know gets ERR_UNSPEC; unknown resources, contexts and scanouts get
 * their INVALID_* error; out-of-range rectangles, sizes, formats and
 * offsets get ERR_INVALID_PARAMETER; running out of the host memory
 * budget gets ERR_OUT_OF_MEMORY. Where QEMU picks a particular error the
 * simulator picks the same, so that drivers see the errors they will see
 * in the field.
 *
 * 2D resources own a host copy that TRANSFER_TO_HOST_2D fills from the
 * guest backing; a scanout of a 2D resource shows the host copy. Blob
 * resources of type GUEST are scanned out from guest memory directly,
 * with no copy; a TRANSFER_TO_HOST_2D naming a blob is accepted and does
 * nothing, as QEMU does. HOST3D blobs own host storage, which MAP_BLOB places at
 * the driver's offset in the host-visible region (the region holds the
 * data while it is mapped) and UNMAP_BLOB takes back.
 *
 * The host may use the pages a resource lists until the resource is
 * unreferenced or the device reset. At a reset the simulator says in the
 * log (at notice level) which resources list pages the guest had freed
 * before: a driver that gave memory back too early.
 *
 * 3D contexts, 3D resources and SUBMIT_3D are accepted, checked and
 * fenced, but nothing is rendered. Fenced commands are answered with the
 * same fence id, context and (with CONTEXT_INIT) ring index.
 *
 * The cursor queue gets no responses, as with QEMU: cursor commands are
 * recorded and their chains completed with nothing written.
 *
 * With VIRTIO_GPU_F_RESOURCE_LAYOUT (provisional, bit 50) the device
 * answers RESOURCE_QUERY_LAYOUT; its rules are in vgs_layout.c.
 *
 * The dedicated heap, when configured, is announced as shared memory
 * region VIRTIO_GPU_SHM_ID_HEAP and accepted as guest memory in backing
 * entries. A GUEST_VRAM blob (blob memory type 4) is one entry inside the
 * heap, aligned as blobs are and overlapping no other GUEST_VRAM blob or
 * blob mapped there; it is read where it lies, like a GUEST blob, and
 * with a context and blob_id it needs the context to exist. Without a
 * host-visible region, MAP_BLOB places a HOST3D blob at the offset the
 * driver gives in the heap instead.
 *
 * A context on the DRM capset (6, the native context) gets, for its
 * HOST3D blob with blob_id 0, the shared memory page virglrenderer gives
 * it: the host writes the offset of its response area into the page's
 * header, which the guest reads through its mapping, from the
 * host-visible region or, without one, from the heap.
 */

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_config.h>

#include "vgs.h"

/* Largest 2D resource side, and most backing entries in one command. */
#define VGS_MAX_SIDE		16384
#define VGS_MAX_ENTRIES		16384
#define VGS_BPP			4

/*
 * How the device runs one command: the request size, the feature it needs
 * (-1 for none), where the id of the resource it acts on sits (0 when it
 * does not act on an existing one), and the handler. A handler returns 0
 * when the command succeeded, which the device answers with the
 * command's OK response from vgh_wire.h, or a VIRTIO_GPU_RESP_ERR_* type.
 */
struct vgs_cmd_desc {
	size_t res_off;
	u32 (*run)(struct vgs_device *sim, const void *req, size_t len,
		   struct vgs_resource *res, struct vgs_reply *reply);
};

static bool vgs_negotiated(const struct vgs_device *sim, unsigned int bit)
{
	return sim->negotiated & BIT_ULL(bit);
}

static bool vgs_format_ok(u32 format)
{
	switch (format) {
	case VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM:
	case VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM:
	case VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM:
	case VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM:
	case VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM:
	case VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM:
	case VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM:
	case VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM:
		return true;
	}
	return false;
}

/* Whether @r lies inside a @width x @height surface. */
static bool vgs_rect_ok(const struct virtio_gpu_rect *r, u32 width,
			u32 height)
{
	u64 x = le32_to_cpu(r->x), y = le32_to_cpu(r->y);

	return x + le32_to_cpu(r->width) <= width &&
	       y + le32_to_cpu(r->height) <= height;
}

static struct vgs_resource *vgs_res(struct vgs_device *sim, __le32 id)
{
	return xa_load(&sim->resources, le32_to_cpu(id));
}

/**
 * vgs_guest_ptr() - where the simulator reads a guest-physical range
 * @sim: the device
 * @addr: guest-physical address
 * @len: length, not 0
 *
 * Return: a kernel pointer, or NULL when the range is not entirely guest
 * RAM, the host-visible region or the heap region.
 */
void *vgs_guest_ptr(struct vgs_device *sim, u64 addr, u64 len)
{
	const struct vgs_config *cfg = &sim->cfg;

	if (!len || addr + len < addr)
		return NULL;
	if (cfg->hostvis_size && addr >= cfg->hostvis_base &&
	    addr + len <= cfg->hostvis_base + cfg->hostvis_size)
		return sim->hostvis + (addr - cfg->hostvis_base);
	if (cfg->heap_size && addr >= cfg->heap_base &&
	    addr + len <= cfg->heap_base + cfg->heap_size)
		return sim->heap + (addr - cfg->heap_base);
	if (addr + len - 1 > PHYS_ADDR_MAX)
		return NULL;
	if (region_intersects(addr, len, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS)
		return NULL;
	if (!pfn_valid(PHYS_PFN(addr)) || !pfn_valid(PHYS_PFN(addr + len - 1)))
		return NULL;
	return phys_to_virt(addr);
}

/**
 * vgs_backing_read() - copy bytes out of a resource's guest backing
 * @sim: the device
 * @res: the resource
 * @offset: byte offset into the backing, as if its entries were one buffer
 * @dst: destination
 * @len: bytes to copy
 *
 * Return: 0, -ENOENT without backing, -EINVAL beyond its end.
 */
int vgs_backing_read(struct vgs_device *sim, const struct vgs_resource *res,
		     u64 offset, void *dst, size_t len)
{
	u32 i;

	if (!res->entries)
		return -ENOENT;
	for (i = 0; i < res->nr_entries && len; i++) {
		const struct vgs_entry *e = &res->entries[i];
		size_t chunk;
		void *src;

		if (offset >= e->len) {
			offset -= e->len;
			continue;
		}
		chunk = min_t(u64, e->len - offset, len);
		src = vgs_guest_ptr(sim, e->addr + offset, chunk);
		if (!src)
			return -EINVAL;
		memcpy(dst, src, chunk);
		dst += chunk;
		len -= chunk;
		offset = 0;
	}
	return len ? -EINVAL : 0;
}

static void vgs_res_free(struct vgs_device *sim, struct vgs_resource *res)
{
	if (res->host)
		sim->host_mem -= res->size;
	kvfree(res->host);
	kvfree(res->entries);
	kfree(res);
}

/**
 * vgs_guest_pages_free() - how much of a resource's backing the guest freed
 * @res: the resource
 * @pages: set to the pages of its backing that are guest RAM
 *
 * A guest that gave back pages the host still holds for a resource shows
 * here: its page allocator has them free (no reference on them).
 *
 * Return: how many of those pages are free.
 */
u64 vgs_guest_pages_free(const struct vgs_resource *res, u64 *pages)
{
	unsigned long pfn, last;
	u64 free = 0;
	u32 i;

	*pages = 0;
	for (i = 0; i < res->nr_entries; i++) {
		if (!res->entries[i].len)
			continue;
		pfn = PHYS_PFN(res->entries[i].addr);
		last = PHYS_PFN(res->entries[i].addr + res->entries[i].len - 1);
		for (; pfn <= last; pfn++) {
			if (!pfn_valid(pfn) || !page_is_ram(pfn))
				continue;
			(*pages)++;
			free += !page_count(pfn_to_page(pfn));
		}
	}
	return free;
}

/**
 * vgs_check_guest_pages() - say which resources list pages the guest freed
 * @sim: the device, locked, about to be reset
 *
 * Until the reset the host may still use every page a resource lists: a
 * guest driver that freed some before is told about in the log, one line
 * per resource.
 */
void vgs_check_guest_pages(struct vgs_device *sim)
{
	struct vgs_resource *res;
	unsigned long id;
	u64 pages, free;

	lockdep_assert_held(&sim->lock);
	xa_for_each(&sim->resources, id, res) {
		free = vgs_guest_pages_free(res, &pages);
		if (free)
			dev_notice(&sim->pdev->dev,
				   "reset: resource %u lists %llu guest pages the guest already freed, of %llu\n",
				   res->id, free, pages);
	}
}

/**
 * vgs_state_reset() - forget every resource, context and scanout setting
 * @sim: the device, locked or not yet live
 *
 * Connection state and modes of scanouts survive, as displays stay
 * plugged in across a device reset.
 */
void vgs_state_reset(struct vgs_device *sim)
{
	struct vgs_resource *res;
	struct vgs_ctx *ctx;
	unsigned long id;
	u32 i;

	xa_for_each(&sim->resources, id, res) {
		xa_erase(&sim->resources, id);
		vgs_res_free(sim, res);
	}
	xa_for_each(&sim->contexts, id, ctx) {
		xa_erase(&sim->contexts, id);
		kfree(ctx);
	}
	for (i = 0; i < VGS_MAX_SCANOUTS; i++) {
		struct vgs_scanout *so = &sim->scanouts[i];

		so->resource_id = 0;
		so->blob = false;
		so->flushes = 0;
		memset(&so->last_flush, 0, sizeof(so->last_flush));
	}
	memset(&sim->cursor, 0, sizeof(sim->cursor));
	sim->cursor_resource = 0;
}

static int vgs_res_insert(struct vgs_device *sim, struct vgs_resource *res)
{
	int ret = xa_insert(&sim->resources, res->id, res, GFP_KERNEL);

	if (ret == -EBUSY)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	return ret ? VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY : 0;
}

/* Host memory for @size bytes, within the device's budget. */
static void *vgs_host_alloc(struct vgs_device *sim, u64 size)
{
	void *p;

	if (size > sim->cfg.host_mem_limit - sim->host_mem)
		return NULL;
	p = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (p)
		sim->host_mem += size;
	return p;
}

/* Copy in and check @nr backing entries that follow a request. */
static u32 vgs_read_entries(struct vgs_device *sim, const void *req,
			    size_t len, size_t head, u32 nr,
			    struct vgs_entry **out, u64 *total)
{
	const struct virtio_gpu_mem_entry *src = req + head;
	struct vgs_entry *e;
	u32 i;

	*total = 0;
	if (!nr || nr > VGS_MAX_ENTRIES)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	if ((len - head) / sizeof(*src) < nr)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	e = kvcalloc(nr, sizeof(*e), GFP_KERNEL);
	if (!e)
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	for (i = 0; i < nr; i++) {
		e[i].addr = le64_to_cpu(src[i].addr);
		e[i].len = le32_to_cpu(src[i].length);
		if (!vgs_guest_ptr(sim, e[i].addr, e[i].len)) {
			dev_warn_ratelimited(&sim->pdev->dev,
					     "backing entry %u at 0x%llx+0x%x is not guest memory\n",
					     i, e[i].addr, e[i].len);
			kvfree(e);
			return VIRTIO_GPU_RESP_ERR_UNSPEC;
		}
		*total += e[i].len;
	}
	*out = e;
	return 0;
}

static u32 vgs_get_display_info(struct vgs_device *sim, const void *req,
				size_t len, struct vgs_resource *res,
				struct vgs_reply *reply)
{
	vgs_fill_display_info(sim, reply->buf);
	reply->len = sizeof(struct virtio_gpu_resp_display_info);
	return 0;
}

static u32 vgs_get_edid(struct vgs_device *sim, const void *req,
			size_t len, struct vgs_resource *res,
			struct vgs_reply *reply)
{
	const struct virtio_gpu_cmd_get_edid *cmd = req;
	struct virtio_gpu_resp_edid *resp = reply->buf;
	u32 scanout = le32_to_cpu(cmd->scanout);

	if (scanout >= sim->cfg.num_scanouts)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	vgs_build_edid(sim, scanout, resp->edid);
	resp->size = cpu_to_le32(VGS_EDID_SIZE);
	reply->len = sizeof(*resp);
	return 0;
}

static const struct {
	u32 version;
	u32 size;
} vgs_capset_shape[] = {
	[VIRTIO_GPU_CAPSET_VIRGL] = { 1, 308 },
	[VIRTIO_GPU_CAPSET_VIRGL2] = { 2, 1024 },
	[VIRTIO_GPU_CAPSET_VENUS] = { 0, 160 },
	[VIRTIO_GPU_CAPSET_DRM] = { 0, VGS_DRM_CAPSET_SIZE },
};

/*
 * The native context's capset (virglrenderer's drm_hw.h): its wire
 * format, the host DRM driver's version, the context type and a pad,
 * then the type's own fields, left zero here. The simulated host
 * claims an MSM (Adreno) context, Mesa's first native-context driver.
 */
static void vgs_drm_capset(__le32 *data)
{
	data[0] = cpu_to_le32(VGS_DRM_WIRE_FORMAT);
	data[1] = cpu_to_le32(1);
	data[2] = cpu_to_le32(12);
	data[3] = cpu_to_le32(0);
	data[4] = cpu_to_le32(VGS_DRM_CONTEXT_MSM);
}

/* The id of the @index-th offered capset, or 0. */
static u32 vgs_capset_id(const struct vgs_device *sim, u32 index)
{
	unsigned long caps = sim->cfg.capsets;
	unsigned int bit;

	for_each_set_bit(bit, &caps, BITS_PER_LONG)
		if (!index--)
			return bit;
	return 0;
}

static u32 vgs_get_capset_info(struct vgs_device *sim, const void *req,
			       size_t len, struct vgs_resource *res,
			       struct vgs_reply *reply)
{
	const struct virtio_gpu_get_capset_info *cmd = req;
	struct virtio_gpu_resp_capset_info *resp = reply->buf;
	u32 id = vgs_capset_id(sim, le32_to_cpu(cmd->capset_index));

	if (!id)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	resp->capset_id = cpu_to_le32(id);
	resp->capset_max_version = cpu_to_le32(vgs_capset_shape[id].version);
	resp->capset_max_size = cpu_to_le32(vgs_capset_shape[id].size);
	reply->len = sizeof(*resp);
	return 0;
}

static u32 vgs_get_capset(struct vgs_device *sim, const void *req,
			  size_t len, struct vgs_resource *res,
			  struct vgs_reply *reply)
{
	const struct virtio_gpu_get_capset *cmd = req;
	struct virtio_gpu_resp_capset *resp = reply->buf;
	u32 id = le32_to_cpu(cmd->capset_id);
	__le32 *data = (__le32 *)resp->capset_data;
	u32 size;

	if (id >= ARRAY_SIZE(vgs_capset_shape) ||
	    !(sim->cfg.capsets & VGS_CAPSET_BIT(id)) ||
	    le32_to_cpu(cmd->capset_version) > vgs_capset_shape[id].version)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	size = vgs_capset_shape[id].size;
	if (sizeof(*resp) + size > reply->cap)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	if (id == VIRTIO_GPU_CAPSET_DRM) {
		vgs_drm_capset(data);
	} else {
		/* Shaped like virgl's caps: the highest version comes first. */
		data[0] = cpu_to_le32(vgs_capset_shape[id].version);
	}
	reply->len = sizeof(*resp) + size;
	return 0;
}

static u32 vgs_create_2d(struct vgs_device *sim, const void *req,
			 size_t len, struct vgs_resource *res,
			 struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_create_2d *cmd = req;
	u32 id = le32_to_cpu(cmd->resource_id);
	u32 w = le32_to_cpu(cmd->width), h = le32_to_cpu(cmd->height);
	u32 err;

	if (!id || xa_load(&sim->resources, id))
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (!vgs_format_ok(le32_to_cpu(cmd->format)) || !w || !h ||
	    w > VGS_MAX_SIDE || h > VGS_MAX_SIDE)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	res->id = id;
	res->kind = VGS_RES_2D;
	res->format = le32_to_cpu(cmd->format);
	res->width = w;
	res->height = h;
	res->size = (u64)w * h * VGS_BPP;
	res->host = vgs_host_alloc(sim, res->size);
	if (!res->host) {
		kfree(res);
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	}
	err = vgs_res_insert(sim, res);
	if (err)
		vgs_res_free(sim, res);
	return err;
}

static u32 vgs_unref(struct vgs_device *sim, const void *req,
		     size_t len, struct vgs_resource *res,
		     struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_unref *cmd = req;
	u32 id = le32_to_cpu(cmd->resource_id);
	u32 i;

	res = xa_erase(&sim->resources, id);
	if (!res)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	for (i = 0; i < VGS_MAX_SCANOUTS; i++)
		if (sim->scanouts[i].resource_id == id)
			sim->scanouts[i].resource_id = 0;
	if (sim->cursor_resource == id)
		sim->cursor_resource = 0;
	vgs_res_free(sim, res);
	return 0;
}

static u32 vgs_attach_backing(struct vgs_device *sim, const void *req,
			      size_t len, struct vgs_resource *res,
			      struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_attach_backing *cmd = req;
	u64 total;
	u32 err;

	if (res->entries || res->blob_mem)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	err = vgs_read_entries(sim, req, len, sizeof(*cmd),
			       le32_to_cpu(cmd->nr_entries), &res->entries,
			       &total);
	if (err)
		return err;
	res->nr_entries = le32_to_cpu(cmd->nr_entries);
	res->backing_len = total;
	return 0;
}

static u32 vgs_detach_backing(struct vgs_device *sim, const void *req,
			      size_t len, struct vgs_resource *res,
			      struct vgs_reply *reply)
{
	if (!res->entries || res->blob_mem)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	kvfree(res->entries);
	res->entries = NULL;
	res->nr_entries = 0;
	res->backing_len = 0;
	return 0;
}

static u32 vgs_transfer_2d(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	const struct virtio_gpu_transfer_to_host_2d *cmd = req;
	u32 x = le32_to_cpu(cmd->r.x), y = le32_to_cpu(cmd->r.y);
	u32 w = le32_to_cpu(cmd->r.width), h = le32_to_cpu(cmd->r.height);
	u64 offset = le64_to_cpu(cmd->offset);
	size_t stride, row;
	u32 i;

	if (res->kind == VGS_RES_3D)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	/* Like QEMU: a blob has no host copy to fill; accept and do nothing. */
	if (res->blob_mem)
		return 0;
	if (!vgs_rect_ok(&cmd->r, res->width, res->height))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	if (!res->entries)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	stride = (size_t)res->width * VGS_BPP;
	row = (size_t)w * VGS_BPP;
	/* Check the whole range first: a refused transfer copies nothing. */
	if (h && (offset > res->backing_len ||
		  (u64)(h - 1) * stride + row > res->backing_len - offset))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	for (i = 0; i < h; i++) {
		void *dst = res->host + (size_t)(y + i) * stride + (size_t)x * VGS_BPP;

		if (vgs_backing_read(sim, res, offset + (u64)i * stride, dst, row))
			return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		res->copied += row;
		sim->copied += row;
	}
	return 0;
}

static u32 vgs_flush(struct vgs_device *sim, const void *req,
		     size_t len, struct vgs_resource *res,
		     struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_flush *cmd = req;
	u32 i;

	if (!res->blob_mem && !vgs_rect_ok(&cmd->r, res->width, res->height))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	for (i = 0; i < sim->cfg.num_scanouts; i++)
		if (sim->scanouts[i].resource_id == res->id) {
			sim->scanouts[i].flushes++;
			sim->scanouts[i].last_flush = cmd->r;
		}
	return 0;
}

static u32 vgs_set_scanout(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	const struct virtio_gpu_set_scanout *cmd = req;
	u32 scanout = le32_to_cpu(cmd->scanout_id);
	struct vgs_scanout *so;

	if (scanout >= sim->cfg.num_scanouts)
		return VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID;
	so = &sim->scanouts[scanout];
	if (!cmd->resource_id) {
		so->resource_id = 0;
		return 0;
	}
	res = vgs_res(sim, cmd->resource_id);
	if (!res || res->blob_mem)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (!vgs_rect_ok(&cmd->r, res->width, res->height) ||
	    !cmd->r.width || !cmd->r.height)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	so->resource_id = res->id;
	so->blob = false;
	so->rect = cmd->r;
	so->format = res->format;
	so->stride = res->width * VGS_BPP;
	so->offset = 0;
	return 0;
}

static u32 vgs_set_scanout_blob(struct vgs_device *sim, const void *req,
				size_t len, struct vgs_resource *res,
				struct vgs_reply *reply)
{
	const struct virtio_gpu_set_scanout_blob *cmd = req;
	u32 scanout = le32_to_cpu(cmd->scanout_id);
	u32 w = le32_to_cpu(cmd->width), h = le32_to_cpu(cmd->height);
	u32 stride = le32_to_cpu(cmd->strides[0]);
	u64 offset = le32_to_cpu(cmd->offsets[0]);
	struct vgs_scanout *so;

	if (scanout >= sim->cfg.num_scanouts)
		return VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID;
	so = &sim->scanouts[scanout];
	if (!cmd->resource_id) {
		so->resource_id = 0;
		return 0;
	}
	res = vgs_res(sim, cmd->resource_id);
	if (!res || !res->blob_mem)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (!vgs_format_ok(le32_to_cpu(cmd->format)) || !w || !h ||
	    stride < (u64)w * VGS_BPP ||
	    offset + (u64)stride * (h - 1) + (u64)w * VGS_BPP > res->size ||
	    !vgs_rect_ok(&cmd->r, w, h) || !cmd->r.width || !cmd->r.height)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	so->resource_id = res->id;
	so->blob = true;
	so->rect = cmd->r;
	so->format = le32_to_cpu(cmd->format);
	so->stride = stride;
	so->offset = offset;
	return 0;
}

static u32 vgs_assign_uuid(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	struct virtio_gpu_resp_resource_uuid *resp = reply->buf;

	if (!res->has_uuid) {
		uuid_gen(&res->uuid);
		res->has_uuid = true;
	}
	memcpy(resp->uuid, &res->uuid, sizeof(resp->uuid));
	reply->len = sizeof(*resp);
	return 0;
}

/*
 * The window MAP_BLOB places blobs in: the host-visible region, or on a
 * device without one, the heap region, where the driver chooses the
 * range from the heap it manages.
 */
static void *vgs_map_window(struct vgs_device *sim, u64 *size)
{
	if (sim->hostvis) {
		*size = sim->cfg.hostvis_size;
		return sim->hostvis;
	}
	*size = sim->cfg.heap_size;
	return sim->heap;
}

/*
 * Whether [@offset, @offset + @size) of the heap region (@heap) or of the
 * host-visible region is taken: by a blob mapped there, or in the heap,
 * by a GUEST_VRAM blob's memory.
 */
static bool vgs_range_busy(struct vgs_device *sim, bool heap, u64 offset,
			   u64 size)
{
	struct vgs_resource *res;
	unsigned long id;
	u64 start;

	xa_for_each(&sim->resources, id, res) {
		if (res->mapped && heap == !sim->hostvis &&
		    offset < res->map_offset + res->size &&
		    res->map_offset < offset + size)
			return true;
		if (!heap || res->blob_mem != VIRTIO_GPU_BLOB_MEM_GUEST_VRAM)
			continue;
		start = res->entries[0].addr - sim->cfg.heap_base;
		if (offset < start + res->entries[0].len && start < offset + size)
			return true;
	}
	return false;
}

/*
 * A GUEST_VRAM chunk lies in the heap region, aligned as blobs are, and
 * shares no byte with another GUEST_VRAM blob or a blob mapped there.
 */
static bool vgs_vram_ok(struct vgs_device *sim, const struct vgs_entry *e)
{
	u64 align = PAGE_SIZE;

	if (vgs_negotiated(sim, VIRTIO_GPU_F_BLOB_ALIGNMENT))
		align = max_t(u64, align, sim->cfg.blob_alignment);
	return e->addr >= sim->cfg.heap_base && e->len &&
	       e->addr - sim->cfg.heap_base <= sim->cfg.heap_size - e->len &&
	       IS_ALIGNED(e->addr - sim->cfg.heap_base, align) &&
	       !vgs_range_busy(sim, true, e->addr - sim->cfg.heap_base, e->len);
}

/*
 * A native context's blob 0 is its shared memory page, which the host
 * sets up: the sequence number of the last command it ran, then where
 * its responses start, little endian as on the wire.
 */
static void vgs_drm_shmem_init(struct vgs_resource *res)
{
	__le32 *hdr = res->host;

	if (res->size < VGS_DRM_RSP_OFFSET)
		return;
	hdr[0] = cpu_to_le32(0);
	hdr[1] = cpu_to_le32(VGS_DRM_RSP_OFFSET);
}

static u32 vgs_create_blob(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_create_blob *cmd = req;
	u32 id = le32_to_cpu(cmd->resource_id);
	u32 mem = le32_to_cpu(cmd->blob_mem);
	u32 flags = le32_to_cpu(cmd->blob_flags);
	u32 nr = le32_to_cpu(cmd->nr_entries);
	u64 size = le64_to_cpu(cmd->size);
	struct vgs_ctx *ctx = NULL;
	u64 total = 0;
	u32 err;

	if (!id || xa_load(&sim->resources, id))
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (!size || flags & ~(VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE |
			       VIRTIO_GPU_BLOB_FLAG_USE_SHAREABLE |
			       VIRTIO_GPU_BLOB_FLAG_USE_CROSS_DEVICE))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	if (vgs_negotiated(sim, VIRTIO_GPU_F_BLOB_ALIGNMENT) &&
	    !IS_ALIGNED(size, sim->cfg.blob_alignment))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	switch (mem) {
	case VIRTIO_GPU_BLOB_MEM_GUEST:
		break;
	case VIRTIO_GPU_BLOB_MEM_GUEST_VRAM:
		/* one chunk of the heap; a context object when it names one */
		if (!sim->heap || nr != 1)
			return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		if (!cmd->blob_id && !cmd->hdr.ctx_id)
			break;
		fallthrough;
	case VIRTIO_GPU_BLOB_MEM_HOST3D:
	case VIRTIO_GPU_BLOB_MEM_HOST3D_GUEST:
		ctx = xa_load(&sim->contexts, le32_to_cpu(cmd->hdr.ctx_id));
		if (!ctx)
			return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
		break;
	default:
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	}
	/* HOST3D blobs live in the host; the others come with their pages. */
	if (mem == VIRTIO_GPU_BLOB_MEM_HOST3D ? nr : !nr)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	res->id = id;
	res->kind = VGS_RES_BLOB;
	res->blob_mem = mem;
	res->blob_flags = flags;
	res->blob_id = le64_to_cpu(cmd->blob_id);
	res->size = size;
	if (nr) {
		err = vgs_read_entries(sim, req, len, sizeof(*cmd), nr,
				       &res->entries, &total);
		if (!err && total < size)
			err = VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		if (!err && mem == VIRTIO_GPU_BLOB_MEM_GUEST_VRAM &&
		    !vgs_vram_ok(sim, &res->entries[0]))
			err = VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		if (err)
			goto err_free;
		res->nr_entries = nr;
		res->backing_len = total;
	} else {
		res->host = vgs_host_alloc(sim, size);
		err = VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
		if (!res->host)
			goto err_free;
		if (ctx && ctx->capset_id == VIRTIO_GPU_CAPSET_DRM &&
		    !res->blob_id)
			vgs_drm_shmem_init(res);
	}
	err = vgs_res_insert(sim, res);
	if (err)
		goto err_free;
	return 0;

err_free:
	vgs_res_free(sim, res);
	return err;
}

static u32 vgs_map_blob(struct vgs_device *sim, const void *req,
			size_t len, struct vgs_resource *res,
			struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_map_blob *cmd = req;
	struct virtio_gpu_resp_map_info *resp = reply->buf;
	u64 offset = le64_to_cpu(cmd->offset);
	u64 align = PAGE_SIZE, size;
	void *window = vgs_map_window(sim, &size);

	if (!window)
		return VIRTIO_GPU_RESP_ERR_UNSPEC;
	if (vgs_negotiated(sim, VIRTIO_GPU_F_BLOB_ALIGNMENT))
		align = max_t(u64, align, sim->cfg.blob_alignment);
	if (res->blob_mem != VIRTIO_GPU_BLOB_MEM_HOST3D ||
	    !(res->blob_flags & VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE) ||
	    res->mapped || !IS_ALIGNED(offset, align) || offset > size ||
	    res->size > size - offset ||
	    vgs_range_busy(sim, !sim->hostvis, offset, res->size))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	memcpy(window + offset, res->host, res->size);
	res->mapped = true;
	res->map_offset = offset;
	res->map = window + offset;
	/* Little endian on the wire; the kernel header types it __u32. */
	resp->map_info = (__force __u32)cpu_to_le32(sim->cfg.map_cache);
	reply->len = sizeof(*resp);
	return 0;
}

static u32 vgs_unmap_blob(struct vgs_device *sim, const void *req,
			  size_t len, struct vgs_resource *res,
			  struct vgs_reply *reply)
{
	if (!res->mapped)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	memcpy(res->host, res->map, res->size);
	res->mapped = false;
	res->map = NULL;
	return 0;
}

static u32 vgs_ctx_create(struct vgs_device *sim, const void *req,
			  size_t len, struct vgs_resource *res,
			  struct vgs_reply *reply)
{
	const struct virtio_gpu_ctx_create *cmd = req;
	u32 id = le32_to_cpu(cmd->hdr.ctx_id);
	u32 capset = le32_to_cpu(cmd->context_init) &
		     VIRTIO_GPU_CONTEXT_INIT_CAPSET_ID_MASK;
	u32 nlen = le32_to_cpu(cmd->nlen);
	struct vgs_ctx *ctx;
	int ret;

	if (!id || xa_load(&sim->contexts, id))
		return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
	if (nlen > sizeof(cmd->debug_name) ||
	    le32_to_cpu(cmd->context_init) & ~VIRTIO_GPU_CONTEXT_INIT_CAPSET_ID_MASK)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	if (capset && (!vgs_negotiated(sim, VIRTIO_GPU_F_CONTEXT_INIT) ||
		       capset >= 32 || !(sim->cfg.capsets & VGS_CAPSET_BIT(capset))))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	ctx->id = id;
	ctx->capset_id = capset;
	memcpy(ctx->name, cmd->debug_name, nlen);
	ret = xa_insert(&sim->contexts, id, ctx, GFP_KERNEL);
	if (ret) {
		kfree(ctx);
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	}
	return 0;
}

static u32 vgs_ctx_destroy(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	const struct virtio_gpu_ctx_destroy *cmd = req;
	struct vgs_ctx *ctx = xa_erase(&sim->contexts,
				       le32_to_cpu(cmd->hdr.ctx_id));

	if (!ctx)
		return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
	kfree(ctx);
	return 0;
}

static u32 vgs_ctx_resource(struct vgs_device *sim, const void *req,
			    size_t len, struct vgs_resource *res,
			    struct vgs_reply *reply)
{
	const struct virtio_gpu_ctx_resource *cmd = req;

	if (!xa_load(&sim->contexts, le32_to_cpu(cmd->hdr.ctx_id)))
		return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
	res = vgs_res(sim, cmd->resource_id);
	if (!res)
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (cmd->hdr.type == cpu_to_le32(VIRTIO_GPU_CMD_CTX_ATTACH_RESOURCE)) {
		res->ctx_refs++;
	} else {
		if (!res->ctx_refs)
			return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		res->ctx_refs--;
	}
	return 0;
}

static u32 vgs_create_3d(struct vgs_device *sim, const void *req,
			 size_t len, struct vgs_resource *res,
			 struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_create_3d *cmd = req;
	u32 id = le32_to_cpu(cmd->resource_id);
	u32 err;

	if (!id || xa_load(&sim->resources, id))
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	if (!cmd->width || !cmd->height ||
	    le32_to_cpu(cmd->width) > VGS_MAX_SIDE ||
	    le32_to_cpu(cmd->height) > VGS_MAX_SIDE)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
	res->id = id;
	res->kind = VGS_RES_3D;
	res->format = le32_to_cpu(cmd->format);
	res->width = le32_to_cpu(cmd->width);
	res->height = le32_to_cpu(cmd->height);
	err = vgs_res_insert(sim, res);
	if (err)
		vgs_res_free(sim, res);
	return err;
}

static u32 vgs_transfer_3d(struct vgs_device *sim, const void *req,
			   size_t len, struct vgs_resource *res,
			   struct vgs_reply *reply)
{
	const struct virtio_gpu_transfer_host_3d *cmd = req;
	u64 bytes;

	if (cmd->hdr.ctx_id &&
	    !xa_load(&sim->contexts, le32_to_cpu(cmd->hdr.ctx_id)))
		return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
	/* Nothing is rendered; count what a host would move. */
	bytes = (u64)le32_to_cpu(cmd->box.w) * le32_to_cpu(cmd->box.h) *
		max(le32_to_cpu(cmd->box.d), 1U) * VGS_BPP;
	res->copied += bytes;
	sim->copied += bytes;
	return 0;
}

static u32 vgs_submit_3d(struct vgs_device *sim, const void *req,
			 size_t len, struct vgs_resource *res,
			 struct vgs_reply *reply)
{
	const struct virtio_gpu_cmd_submit *cmd = req;
	struct vgs_ctx *ctx = xa_load(&sim->contexts,
				      le32_to_cpu(cmd->hdr.ctx_id));

	if (!ctx)
		return VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID;
	if (le32_to_cpu(cmd->size) > len - sizeof(*cmd))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	ctx->submits++;
	return 0;
}

static u32 vgs_query_layout(struct vgs_device *sim, const void *req,
			    size_t len, struct vgs_resource *res,
			    struct vgs_reply *reply)
{
	const struct virtio_gpu_resource_query_layout *cmd = req;
	u32 ret;

	if (cmd->resource_id) {
		res = vgs_res(sim, cmd->resource_id);
		if (!res)
			return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	}
	ret = vgs_layout_answer(sim, cmd, res, reply->buf);
	if (!ret)
		reply->len = sizeof(struct virtio_gpu_resp_resource_layout);
	return ret;
}

static u32 vgs_cursor(struct vgs_device *sim, const void *req,
		      size_t len, struct vgs_resource *res,
		      struct vgs_reply *reply)
{
	const struct virtio_gpu_update_cursor *cmd = req;

	if (le32_to_cpu(cmd->pos.scanout_id) >= sim->cfg.num_scanouts)
		return VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID;
	if (cmd->hdr.type == cpu_to_le32(VIRTIO_GPU_CMD_MOVE_CURSOR)) {
		sim->cursor.scanout_id = cmd->pos.scanout_id;
		sim->cursor.x = cmd->pos.x;
		sim->cursor.y = cmd->pos.y;
		sim->cursor_moves++;
		return 0;
	}
	if (cmd->resource_id && !vgs_res(sim, cmd->resource_id))
		return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	sim->cursor = cmd->pos;
	sim->cursor_resource = le32_to_cpu(cmd->resource_id);
	sim->cursor_updates++;
	return 0;
}

/* What vgh_wire.h says about each command. */
const struct vgh_wire_cmd vgs_wire_cmds[VGH_CMD_COUNT] = {
#define VGH_WIRE_CMD VGH_WIRE_CMD_ENTRY
#include "../vgh_wire.h"
};

/* A command's handler. */
#define VGS_CMD(t, fn) \
	[VGH_CMD_##t] = { 0, fn }
/* A command on an existing resource: the dispatcher looks it up. */
#define VGS_CMD_RES(t, req, fn) \
	[VGH_CMD_##t] = { offsetof(struct virtio_gpu_##req, resource_id), fn }

/*
 * Indexed by enum vgh_cmd_index; every command of vgh_wire.h has one.
 * Its request size and the feature it needs are vgs_wire_cmds[]'s.
 */
static const struct vgs_cmd_desc vgs_cmds[VGH_CMD_COUNT] = {
	VGS_CMD(GET_DISPLAY_INFO, vgs_get_display_info),
	VGS_CMD(RESOURCE_CREATE_2D, vgs_create_2d),
	VGS_CMD(RESOURCE_UNREF, vgs_unref),
	VGS_CMD(SET_SCANOUT, vgs_set_scanout),
	VGS_CMD_RES(RESOURCE_FLUSH, resource_flush, vgs_flush),
	VGS_CMD_RES(TRANSFER_TO_HOST_2D, transfer_to_host_2d, vgs_transfer_2d),
	VGS_CMD_RES(RESOURCE_ATTACH_BACKING, resource_attach_backing, vgs_attach_backing),
	VGS_CMD_RES(RESOURCE_DETACH_BACKING, resource_detach_backing, vgs_detach_backing),
	VGS_CMD(GET_CAPSET_INFO, vgs_get_capset_info),
	VGS_CMD(GET_CAPSET, vgs_get_capset),
	VGS_CMD(GET_EDID, vgs_get_edid),
	VGS_CMD_RES(RESOURCE_ASSIGN_UUID, resource_assign_uuid, vgs_assign_uuid),
	VGS_CMD(RESOURCE_CREATE_BLOB, vgs_create_blob),
	VGS_CMD(SET_SCANOUT_BLOB, vgs_set_scanout_blob),
	VGS_CMD(CTX_CREATE, vgs_ctx_create),
	VGS_CMD(CTX_DESTROY, vgs_ctx_destroy),
	VGS_CMD(CTX_ATTACH_RESOURCE, vgs_ctx_resource),
	VGS_CMD(CTX_DETACH_RESOURCE, vgs_ctx_resource),
	VGS_CMD(RESOURCE_CREATE_3D, vgs_create_3d),
	VGS_CMD_RES(TRANSFER_TO_HOST_3D, transfer_host_3d, vgs_transfer_3d),
	VGS_CMD_RES(TRANSFER_FROM_HOST_3D, transfer_host_3d, vgs_transfer_3d),
	VGS_CMD(SUBMIT_3D, vgs_submit_3d),
	VGS_CMD_RES(RESOURCE_MAP_BLOB, resource_map_blob, vgs_map_blob),
	VGS_CMD_RES(RESOURCE_UNMAP_BLOB, resource_unmap_blob, vgs_unmap_blob),
	VGS_CMD(RESOURCE_QUERY_LAYOUT, vgs_query_layout),
	VGS_CMD(UPDATE_CURSOR, vgs_cursor),
	VGS_CMD(MOVE_CURSOR, vgs_cursor),
};

/*
 * Run a checked request. Commands on an existing resource get it looked
 * up here, so that an unknown id gets the same answer everywhere.
 */
static u32 vgs_dispatch(struct vgs_device *sim, const struct vgs_cmd_desc *desc,
			const void *req, size_t len, struct vgs_reply *reply)
{
	struct vgs_resource *res = NULL;
	__le32 id;

	if (desc->res_off) {
		memcpy(&id, req + desc->res_off, sizeof(id));
		res = vgs_res(sim, id);
		if (!res)
			return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
	}
	return desc->run(sim, req, len, res, reply);
}

/**
 * vgs_cmd_index() - dense index of a command type
 * @type: VIRTIO_GPU_CMD_*
 *
 * Return: the &enum vgh_cmd_index value, or -EINVAL for a type that is
 * not in vgh_wire.h.
 */
int vgs_cmd_index(u32 type)
{
	return vgh_wire_cmd_index(vgs_wire_cmds, type);
}

/**
 * vgs_handle() - run one command and build its response
 * @sim: the device, locked
 * @queue: the queue it arrived on, &enum vgh_queue_id
 * @req: request bytes
 * @req_len: their number
 * @reply: response buffer; on return @reply->len bytes are the response
 *
 * Return: the response type.
 */
int vgs_handle(struct vgs_device *sim, unsigned int queue, const void *req,
	       size_t req_len, struct vgs_reply *reply)
{
	const struct virtio_gpu_ctrl_hdr *in = req;
	struct virtio_gpu_ctrl_hdr *out = reply->buf;
	const struct vgs_cmd_desc *desc = NULL;
	u32 resp, type = 0;
	int idx = -EINVAL;

	lockdep_assert_held(&sim->lock);
	reply->len = sizeof(*out);
	if (req_len >= sizeof(*in)) {
		type = le32_to_cpu(in->type);
		idx = vgs_cmd_index(type);
	}
	if (idx >= 0 && vgs_cmds[idx].run)
		desc = &vgs_cmds[idx];

	if (!desc || req_len < vgs_wire_cmds[idx].req_size ||
	    vgs_wire_cmds[idx].queue != queue ||
	    (vgs_wire_cmds[idx].feature >= 0 &&
	     !vgs_negotiated(sim, vgs_wire_cmds[idx].feature))) {
		dev_warn_ratelimited(&sim->pdev->dev,
				     "queue %u: %s command 0x%x of %zu bytes refused\n",
				     queue, desc ? "unexpected" : "unknown",
				     type, req_len);
		resp = VIRTIO_GPU_RESP_ERR_UNSPEC;
	} else {
		resp = vgs_dispatch(sim, desc, req, req_len, reply) ?:
		       vgs_wire_cmds[idx].reply;
	}

	if (idx >= 0) {
		sim->cmds[idx]++;
		if (resp >= VIRTIO_GPU_RESP_ERR_UNSPEC)
			sim->errors[idx]++;
	}
	if (resp >= VIRTIO_GPU_RESP_ERR_UNSPEC) {
		memset(reply->buf, 0, reply->len);
		reply->len = sizeof(*out);
	}
	if (queue == VGH_QUEUE_CURSOR) {
		/* Cursor commands get no response. */
		reply->len = 0;
		return resp;
	}

	out->type = cpu_to_le32(resp);
	if (req_len >= sizeof(*in) &&
	    (in->flags & cpu_to_le32(VIRTIO_GPU_FLAG_FENCE))) {
		out->flags = cpu_to_le32(VIRTIO_GPU_FLAG_FENCE);
		out->fence_id = in->fence_id;
		out->ctx_id = in->ctx_id;
		if (vgs_negotiated(sim, VIRTIO_GPU_F_CONTEXT_INIT) &&
		    (in->flags & cpu_to_le32(VIRTIO_GPU_FLAG_INFO_RING_IDX))) {
			out->flags |= cpu_to_le32(VIRTIO_GPU_FLAG_INFO_RING_IDX);
			out->ring_idx = in->ring_idx;
		}
	}
	return resp;
}
