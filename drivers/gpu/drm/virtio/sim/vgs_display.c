// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: displays, EDIDs and what the scanouts show.
 */

/**
 * DOC: Displays
 *
 * Each scanout has a preferred mode (set at creation, changed by
 * vgs_hotplug()) and is connected unless unplugged. GET_DISPLAY_INFO
 * reports the mode of connected scanouts with the enabled flag set.
 * GET_EDID answers a 128-byte EDID 1.4 block whose one detailed timing
 * is the preferred mode, with reduced-blanking style timings at 60 Hz,
 * manufacturer "VGS" and the scanout index as serial number.
 *
 * The image a scanout shows can be read back as a binary PPM (P6). It is
 * taken from the same place a host display would take it: the host copy
 * for 2D resources, the guest pages for guest blobs, the host storage
 * (or its place in the host-visible region, while mapped) for HOST3D
 * blobs.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vgs.h"

#define VGS_BPP		4

/* DTD blanking, in pixels and lines; refresh rate. */
#define VGS_HBLANK	160
#define VGS_HSYNC_OFF	48
#define VGS_HSYNC_LEN	32
#define VGS_VBLANK	30
#define VGS_VSYNC_OFF	3
#define VGS_VSYNC_LEN	6
#define VGS_REFRESH	60

/**
 * vgs_fill_display_info() - answer GET_DISPLAY_INFO
 * @sim: the device, locked
 * @info: response to fill; its header is filled by the caller
 */
void vgs_fill_display_info(struct vgs_device *sim,
			   struct virtio_gpu_resp_display_info *info)
{
	u32 i;

	for (i = 0; i < sim->cfg.num_scanouts; i++) {
		const struct vgs_scanout *so = &sim->scanouts[i];
		struct virtio_gpu_display_one *one = &info->pmodes[i];

		one->r.width = cpu_to_le32(so->mode.width);
		one->r.height = cpu_to_le32(so->mode.height);
		one->enabled = cpu_to_le32(so->connected);
	}
}

static void vgs_edid_dtd(u8 *d, u32 w, u32 h)
{
	u32 clock = (w + VGS_HBLANK) * (h + VGS_VBLANK) / 100 * VGS_REFRESH / 100;

	/* The field holds 655.35 MHz; larger modes get a lower refresh. */
	clock = min(clock, 0xffffU);

	d[0] = clock & 0xff;			/* pixel clock, 10 kHz units */
	d[1] = clock >> 8;
	d[2] = w & 0xff;
	d[3] = VGS_HBLANK & 0xff;
	d[4] = ((w >> 8) << 4) | (VGS_HBLANK >> 8);
	d[5] = h & 0xff;
	d[6] = VGS_VBLANK & 0xff;
	d[7] = ((h >> 8) << 4) | (VGS_VBLANK >> 8);
	d[8] = VGS_HSYNC_OFF;
	d[9] = VGS_HSYNC_LEN;
	d[10] = (VGS_VSYNC_OFF << 4) | VGS_VSYNC_LEN;
	d[11] = 0;
	d[17] = 0x1e;				/* digital separate, +hsync +vsync */
}

static void vgs_edid_text(u8 *d, u8 tag, const char *text)
{
	size_t n = min_t(size_t, strlen(text), 13);

	d[3] = tag;
	memset(d + 5, ' ', 13);
	memcpy(d + 5, text, n);
	if (n < 13)
		d[5 + n] = '\n';
}

/**
 * vgs_build_edid() - the EDID of a scanout
 * @sim: the device, locked
 * @scanout: scanout index, below num_scanouts
 * @edid: %VGS_EDID_SIZE bytes to fill
 */
void vgs_build_edid(const struct vgs_device *sim, u32 scanout, u8 *edid)
{
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	/* sRGB primaries and D65 white point, EDID 10-bit encoding. */
	static const u8 chroma[10] = {
		0xee, 0x91, 0xa3, 0x54, 0x4c, 0x99, 0x26, 0x0f, 0x50, 0x54,
	};
	const struct vgs_mode *m = &sim->scanouts[scanout].mode;
	u16 vendor = ('V' - '@') << 10 | ('G' - '@') << 5 | ('S' - '@');
	u8 sum = 0;
	int i;

	memset(edid, 0, VGS_EDID_SIZE);
	memcpy(edid, header, sizeof(header));
	edid[8] = vendor >> 8;
	edid[9] = vendor & 0xff;
	edid[10] = 0x01;			/* product code */
	edid[12] = scanout + 1;			/* serial number */
	edid[16] = 1;				/* week */
	edid[17] = 2026 - 1990;			/* year */
	edid[18] = 1;				/* EDID 1.4 */
	edid[19] = 4;
	edid[20] = 0xa5;			/* digital, 8 bpc, DisplayPort */
	edid[23] = 120;				/* gamma 2.2 */
	edid[24] = 0x06;			/* RGB, preferred timing native */
	memcpy(edid + 25, chroma, sizeof(chroma));
	for (i = 38; i < 54; i++)
		edid[i] = 0x01;			/* no standard timings */
	vgs_edid_dtd(edid + 54, m->width, m->height);
	vgs_edid_text(edid + 72, 0xfc, "virtio-gpu-sim");
	vgs_edid_text(edid + 90, 0xfe, "simulated");
	edid[108 + 3] = 0x10;			/* dummy descriptor */
	for (i = 0; i < VGS_EDID_SIZE - 1; i++)
		sum += edid[i];
	edid[VGS_EDID_SIZE - 1] = -sum;
}

/**
 * vgs_scanout_source() - where a scanout takes its pixels from
 * @sim: the device, locked
 * @so: the scanout
 *
 * Return: "none", "host-copy" (2D resources, filled by transfers),
 * "guest-direct" (guest blob pages, no copy) or "host-memory" (HOST3D
 * blobs).
 */
const char *vgs_scanout_source(struct vgs_device *sim,
			       const struct vgs_scanout *so)
{
	struct vgs_resource *res;

	if (!so->resource_id)
		return "none";
	res = xa_load(&sim->resources, so->resource_id);
	if (!res)
		return "none";
	if (!res->blob_mem)
		return "host-copy";
	return res->entries ? "guest-direct" : "host-memory";
}

/*
 * One row of @w pixels of the scanout's source, at source offset @off:
 * guest memory for a guest blob, the host's own copy for a 2D resource
 * (whose backing the host reads only at transfers), host memory for a
 * host blob.
 */
static int vgs_read_row(struct vgs_device *sim, const struct vgs_resource *res,
			u64 off, u8 *row, u32 w)
{
	size_t len = (size_t)w * VGS_BPP;
	const void *src;

	if (res->blob_mem && res->entries)
		return vgs_backing_read(sim, res, off, row, len);
	if (off + len > res->size)
		return -EINVAL;
	src = res->mapped ? res->map : res->host;
	memcpy(row, src + off, len);
	return 0;
}

/* Byte positions of red, green and blue in a pixel of @format. */
static void vgs_rgb_pos(u32 format, u8 pos[3])
{
	static const u8 bgrx[3] = { 2, 1, 0 }, xrgb[3] = { 1, 2, 3 };
	static const u8 rgbx[3] = { 0, 1, 2 }, xbgr[3] = { 3, 2, 1 };
	const u8 *p;

	switch (format) {
	case VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM:
	case VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM:
		p = xrgb;
		break;
	case VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM:
	case VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM:
		p = rgbx;
		break;
	case VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM:
	case VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM:
		p = xbgr;
		break;
	default:
		p = bgrx;
		break;
	}
	memcpy(pos, p, 3);
}

/**
 * vgs_scanout_image() - what a scanout shows, as a binary PPM
 * @sim: the device
 * @scanout: scanout index
 * @data: on success, a kvmalloc'ed image the caller frees with kvfree()
 * @len: on success, its length
 *
 * Return: 0, -EINVAL for a bad index, -ENODATA when the scanout is off,
 * -EIO when its source cannot be read, -ENOMEM.
 */
int vgs_scanout_image(struct vgs_device *sim, u32 scanout, void **data,
		      size_t *len)
{
	const struct vgs_scanout *so;
	struct vgs_resource *res;
	u32 x, y, w, h;
	u8 *img = NULL, *row = NULL, *px, pos[3];
	size_t hdr;
	char head[32];
	int ret = 0;

	if (scanout >= sim->cfg.num_scanouts)
		return -EINVAL;
	mutex_lock(&sim->lock);
	so = &sim->scanouts[scanout];
	res = so->resource_id ? xa_load(&sim->resources, so->resource_id) : NULL;
	if (!res || (!res->blob_mem && !res->host)) {
		ret = -ENODATA;
		goto out;
	}
	w = le32_to_cpu(so->rect.width);
	h = le32_to_cpu(so->rect.height);
	x = le32_to_cpu(so->rect.x);
	y = le32_to_cpu(so->rect.y);
	hdr = scnprintf(head, sizeof(head), "P6\n%u %u\n255\n", w, h);
	img = kvmalloc(hdr + (size_t)w * h * 3, GFP_KERNEL);
	row = kvmalloc((size_t)w * VGS_BPP, GFP_KERNEL);
	if (!img || !row) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(img, head, hdr);
	px = img + hdr;
	vgs_rgb_pos(so->format, pos);
	for (; h; h--, y++) {
		u64 off = so->offset + (u64)y * so->stride + (u64)x * VGS_BPP;
		u32 i;

		if (vgs_read_row(sim, res, off, row, w)) {
			ret = -EIO;
			goto out;
		}
		for (i = 0; i < w; i++, px += 3) {
			px[0] = row[i * VGS_BPP + pos[0]];
			px[1] = row[i * VGS_BPP + pos[1]];
			px[2] = row[i * VGS_BPP + pos[2]];
		}
	}
	*data = img;
	*len = px - img;
	img = NULL;
out:
	mutex_unlock(&sim->lock);
	kvfree(row);
	kvfree(img);
	return ret;
}
