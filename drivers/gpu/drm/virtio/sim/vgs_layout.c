// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: the host's buffer layouts, RESOURCE_QUERY_LAYOUT.
 */

/**
 * DOC: Buffer layouts
 *
 * With VIRTIO_GPU_F_RESOURCE_LAYOUT (provisional, bit 50) the device
 * answers RESOURCE_QUERY_LAYOUT the way a host whose GPU and display
 * engine have rules of their own would: for a width, height, DRM fourcc
 * and intended use, or for an existing 2D resource (described as the
 * linear scanout buffer it is).
 *
 * The rule is set when the device is created: every stride is the row
 * rounded up to ``stride_align`` bytes (64 for a GPU that wants
 * cache-line rows, 256 for AMD-style display engines), planes follow one
 * another at that alignment, and the size is rounded up to
 * ``layout_align`` (16 KiB for a host with 16 KiB pages). With
 * ``layout_tiled``, a buffer of one plane that the guest's CPU does not
 * write (no VIRTIO_GPU_LAYOUT_USE_LINEAR) gets a tiled layout instead:
 * modifier DRM_FORMAT_MOD_VIVANTE_TILED, 4x4 pixel tiles, width and
 * height padded to whole tiles.
 *
 * The formats known are XRGB8888, ARGB8888, XBGR8888, ABGR8888, RGB565
 * and NV12; others, a zero or too large size, unknown use bits or a
 * nonzero padding get ERR_INVALID_PARAMETER.
 *
 * For testing a driver's checks, the device can lie (the ``layout_lie``
 * debugfs file, &enum vgs_layout_lie): after computing the true answer
 * it breaks one property of it.
 */

#include <linux/log2.h>
#include <linux/math.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <drm/drm_fourcc.h>

#include "vgs.h"

/* Largest side of a buffer the device describes. */
#define VGS_LAYOUT_MAX_SIDE	16384
/* Side of a tile of the tiled layout, in pixels. */
#define VGS_TILE		4

#define VGS_LAYOUT_USES		(VIRTIO_GPU_LAYOUT_USE_SCANOUT | \
				 VIRTIO_GPU_LAYOUT_USE_RENDER |	 \
				 VIRTIO_GPU_LAYOUT_USE_LINEAR)

/*
 * The formats the device lays out; their planes, bytes per pixel and
 * subsampling are drm_format_info()'s.
 */
static const u32 vgs_fourccs[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_ARGB8888,
	DRM_FORMAT_XBGR8888,
	DRM_FORMAT_ABGR8888,
	DRM_FORMAT_RGB565,
	DRM_FORMAT_NV12,
};

static const char *const vgs_layout_lie_names[VGS_LIE_COUNT] = {
	[VGS_LIE_NONE] = "none",
	[VGS_LIE_SMALL_STRIDE] = "small-stride",
	[VGS_LIE_NPOT_ALIGN] = "npot-align",
	[VGS_LIE_STRIDE_ALIGN] = "stride-align",
	[VGS_LIE_OFFSET_PAST] = "offset-past",
	[VGS_LIE_HUGE_SIZE] = "huge-size",
	[VGS_LIE_WRAP_OFFSET] = "wrap-offset",
	[VGS_LIE_OVERLAP] = "overlap",
	[VGS_LIE_PLANES] = "planes",
	[VGS_LIE_TILED_LINEAR] = "tiled-linear",
};

/**
 * vgs_layout_lie_name() - the debugfs name of a lie
 * @lie: the lie
 *
 * Return: its name, or NULL for a value out of range.
 */
const char *vgs_layout_lie_name(enum vgs_layout_lie lie)
{
	return lie < VGS_LIE_COUNT ? vgs_layout_lie_names[lie] : NULL;
}

/**
 * vgs_layout_lie_parse() - a lie by its debugfs name
 * @name: the name
 *
 * Return: the lie, or -EINVAL for an unknown name.
 */
int vgs_layout_lie_parse(const char *name)
{
	return sysfs_match_string(vgs_layout_lie_names, name);
}

static const struct drm_format_info *vgs_fourcc_find(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgs_fourccs); i++)
		if (vgs_fourccs[i] == fourcc)
			return drm_format_info(fourcc);
	return NULL;
}

/* The fourcc of a 2D resource's virtio format; 0 for one without. */
static u32 vgs_virtio_to_fourcc(u32 format)
{
	switch (format) {
	case VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM:
		return DRM_FORMAT_XRGB8888;
	case VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM:
		return DRM_FORMAT_ARGB8888;
	case VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM:
		return DRM_FORMAT_XBGR8888;
	case VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM:
		return DRM_FORMAT_ABGR8888;
	}
	return 0;
}

struct vgs_layout {
	u64 modifier;
	u64 size;
	u32 alignment;
	u32 stride_align;
	u32 num_planes;
	u64 offset[VIRTIO_GPU_LAYOUT_MAX_PLANES];
	u32 stride[VIRTIO_GPU_LAYOUT_MAX_PLANES];
};

/* The true answer under the device's rule. */
static void vgs_layout_compute(const struct vgs_config *cfg,
			       const struct drm_format_info *f, u32 w, u32 h,
			       u32 usage, struct vgs_layout *l)
{
	bool tiled = cfg->layout_tiled && f->num_planes == 1 &&
		     !(usage & VIRTIO_GPU_LAYOUT_USE_LINEAR);
	u64 end = 0;
	unsigned int i;

	memset(l, 0, sizeof(*l));
	l->alignment = cfg->layout_align;
	l->stride_align = cfg->stride_align;
	l->num_planes = f->num_planes;
	if (tiled) {
		w = ALIGN(w, VGS_TILE);
		h = ALIGN(h, VGS_TILE);
		l->modifier = DRM_FORMAT_MOD_VIVANTE_TILED;
	}
	for (i = 0; i < f->num_planes; i++) {
		u64 row = (u64)drm_format_info_plane_width(f, w, i) * f->cpp[i];

		l->stride[i] = ALIGN(row, cfg->stride_align);
		l->offset[i] = ALIGN(end, cfg->stride_align);
		end = l->offset[i] + (u64)l->stride[i] *
		      drm_format_info_plane_height(f, h, i);
	}
	l->size = ALIGN(end, cfg->layout_align);
}

/* Break one property of a true answer. */
static void vgs_layout_lie(enum vgs_layout_lie lie, const struct drm_format_info *f,
			   u32 w, struct vgs_layout *l)
{
	unsigned int last = l->num_planes - 1;

	switch (lie) {
	case VGS_LIE_NONE:
	case VGS_LIE_COUNT:
		break;
	case VGS_LIE_SMALL_STRIDE:
		/* half a row: smaller than width x bytes per pixel */
		l->stride[0] = w * f->cpp[0] / 2;
		break;
	case VGS_LIE_NPOT_ALIGN:
		l->alignment = 3 * SZ_4K;
		l->size = ALIGN(l->size, 3 * SZ_4K);
		break;
	case VGS_LIE_STRIDE_ALIGN:
		l->stride_align = 96;
		break;
	case VGS_LIE_OFFSET_PAST:
		l->offset[last] = l->size;
		break;
	case VGS_LIE_HUGE_SIZE:
		/* as if size arithmetic had overflowed */
		l->size = ALIGN_DOWN(U64_MAX, l->alignment);
		break;
	case VGS_LIE_WRAP_OFFSET:
		/* offset + rows wraps around in 64 bits */
		l->offset[last] = U64_MAX - l->stride[last] + 1;
		break;
	case VGS_LIE_OVERLAP:
		/* a later plane over the first one's second row */
		if (!last) {
			last = 1;
			l->num_planes = 2;
			l->stride[1] = l->stride[0];
		}
		l->offset[last] = l->offset[0] + l->stride[0];
		break;
	case VGS_LIE_PLANES:
		l->num_planes = VIRTIO_GPU_LAYOUT_MAX_PLANES + 1;
		break;
	case VGS_LIE_TILED_LINEAR:
		l->modifier = DRM_FORMAT_MOD_VIVANTE_TILED;
		break;
	}
}

/**
 * vgs_layout_answer() - run RESOURCE_QUERY_LAYOUT
 * @sim: the device, its lock held
 * @cmd: the request, checked for size
 * @res: the resource @cmd names, NULL when its resource_id is 0
 * @resp: the response to fill in
 *
 * Return: 0 with @resp filled in, or a VIRTIO_GPU_RESP_ERR_* type.
 */
u32 vgs_layout_answer(struct vgs_device *sim,
		      const struct virtio_gpu_resource_query_layout *cmd,
		      const struct vgs_resource *res,
		      struct virtio_gpu_resp_resource_layout *resp)
{
	u32 w = le32_to_cpu(cmd->width), h = le32_to_cpu(cmd->height);
	u32 fourcc = le32_to_cpu(cmd->drm_fourcc);
	u32 usage = le32_to_cpu(cmd->usage);
	const struct drm_format_info *f;
	struct vgs_layout l;
	unsigned int i;

	lockdep_assert_held(&sim->lock);
	if (cmd->padding)
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
	if (res) {
		/* only a 2D resource has a format the host knows here */
		if (res->kind != VGS_RES_2D)
			return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
		w = res->width;
		h = res->height;
		fourcc = vgs_virtio_to_fourcc(res->format);
		usage = VIRTIO_GPU_LAYOUT_USE_SCANOUT |
			VIRTIO_GPU_LAYOUT_USE_LINEAR;
	}
	f = vgs_fourcc_find(fourcc);
	if (!f || !w || !h || w > VGS_LAYOUT_MAX_SIDE ||
	    h > VGS_LAYOUT_MAX_SIDE || (usage & ~VGS_LAYOUT_USES))
		return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;

	vgs_layout_compute(&sim->cfg, f, w, h, usage, &l);
	vgs_layout_lie(sim->layout_lie, f, w, &l);

	resp->modifier = cpu_to_le64(l.modifier);
	resp->size = cpu_to_le64(l.size);
	resp->alignment = cpu_to_le32(l.alignment);
	resp->stride_align = cpu_to_le32(l.stride_align);
	resp->num_planes = cpu_to_le32(l.num_planes);
	for (i = 0; i < min(l.num_planes, VIRTIO_GPU_LAYOUT_MAX_PLANES); i++) {
		resp->planes[i].offset = cpu_to_le64(l.offset[i]);
		resp->planes[i].stride = cpu_to_le32(l.stride[i]);
	}
	return 0;
}
