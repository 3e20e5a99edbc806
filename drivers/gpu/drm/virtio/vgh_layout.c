// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Buffer layouts of the virtio-gpu-heap driver.
 */

/**
 * DOC: Buffer layouts
 *
 * A layout says how a buffer of a given width, height and DRM format lies
 * in memory: the format modifier, per plane the offset and the stride,
 * the total size and the alignment of start and size. The guest has a
 * rule of its own (vgh_layout_linear(): linear planes, rows padded to a
 * pitch alignment, planes one after the other), and a host that knows
 * what its GPU and display want can answer with another. Userspace cannot
 * work this out alone: the rule belongs to the host's GPU and display
 * engine, which the guest does not see, and differs between hosts behind
 * the same virtio device.
 *
 * A host's answer is checked before anything uses it
 * (vgh_layout_check()): the right number of planes; a linear layout when
 * the guest's CPU writes the buffer; an alignment that is a power of two
 * up to 1 MiB; a stride alignment that is a power of two up to 64 KiB,
 * which every stride is a multiple of; a size that is not zero, at most
 * 2 GiB (the largest buffer object) and a multiple of the alignment;
 * every stride at least a row of its plane; every plane inside the size;
 * no two planes whose ranges, first byte to last, overlap. All arithmetic
 * is in 64 bits on 32-bit inputs, so nothing in it can wrap. A layout
 * that fails is refused with the reason; the driver never maps or hands
 * out memory sized by an answer it did not check.
 *
 * The driver asks with RESOURCE_QUERY_LAYOUT (provisional feature bit
 * 50, VIRTIO_GPU_F_RESOURCE_LAYOUT) and waits for the answer, so the
 * query is not on the path of every allocation: answers are kept per
 * format, use and size class (width and height rounded up to 16 pixels;
 * the host is asked about the rounded size, whose strides and size cover
 * every buffer of the class), 32 of them, the oldest replaced first. No
 * lock is held while the host answers: a client whose question the host
 * is slow to answer holds up no other client's cached answer (an ADDFB,
 * a dumb buffer); two clients asking the same new question both ask,
 * and the first answer is kept. The ``layout_cache`` module parameter
 * turns the cache off, for measuring.
 * When the device lacks the query, or refuses a format or use, the
 * guest's rule stands in (rows of whole pixels padded to 4 bytes, size
 * in pages); a malformed or unchecked answer fails the request with
 * -EPROTO and one log line. vgh_layout_get() says which it was.
 *
 * The layout matters where the host reads a buffer where it lies: dumb
 * buffers that are heap blobs scanned out with SET_SCANOUT_BLOB get the
 * host's pitch and size, and a framebuffer shown that way must have
 * strides the host's scanout rule accepts. A 2D resource is copied into
 * the host's own image, whose layout is the host's business; its rows
 * stay the width in pixels times four bytes, as TRANSFER_TO_HOST_2D
 * reads them. Userspace that creates blobs asks through
 * DRM_IOCTL_VIRTGPU_HEAP_QUERY and sizes them with the answer.
 */

#include <linux/array_size.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/string_choices.h>

#include <kunit/visibility.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_layout.h"

/* The uAPI's uses are the wire's: the driver passes them through. */
static_assert(DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT == VIRTIO_GPU_LAYOUT_USE_SCANOUT);
static_assert(DRM_VIRTGPU_HEAP_LAYOUT_RENDER == VIRTIO_GPU_LAYOUT_USE_RENDER);
static_assert(DRM_VIRTGPU_HEAP_LAYOUT_LINEAR == VIRTIO_GPU_LAYOUT_USE_LINEAR);

/* The guest's rule: rows padded to this many bytes, sizes to pages. */
#define VGH_LAYOUT_GUEST_PITCH	4
/* Size classes: answers are kept per 16 x 16 pixels. */
#define VGH_LAYOUT_CLASS	16
#define VGH_LAYOUT_SLOTS	32
/* Kinds of wrong answer counted apart, more than vgh_layout_check() has. */
#define VGH_LAYOUT_WHYS		16

static bool layout_cache = true;
module_param(layout_cache, bool, 0644);
MODULE_PARM_DESC(layout_cache,
		 "keep the host's buffer layouts per format and size class (default: on)");

/*
 * Formats a layout can be made or checked for: those the planes show and
 * those host GPUs render video into. drm_format_info() warns about a
 * format it does not know, so only these reach it.
 */
static const u32 vgh_layout_formats[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_ARGB8888,
	DRM_FORMAT_XBGR8888,
	DRM_FORMAT_ABGR8888,
	DRM_FORMAT_RGB565,
	DRM_FORMAT_NV12,
};

static const struct drm_format_info *vgh_layout_format(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgh_layout_formats); i++)
		if (vgh_layout_formats[i] == fourcc)
			return drm_format_info(fourcc);
	return NULL;
}

/* Bytes of one row of plane @i, and its rows. */
static void vgh_plane_dims(const struct drm_format_info *info, unsigned int i,
			   u32 width, u32 height, u64 *row, u32 *rows)
{
	*row = (u64)drm_format_info_plane_width(info, width, i) * info->cpp[i];
	*rows = drm_format_info_plane_height(info, height, i);
}

/**
 * vgh_layout_linear() - the guest's own layout of a buffer
 * @fourcc: DRM_FORMAT_* of the buffer: XRGB8888, ARGB8888, XBGR8888,
 *	ABGR8888, RGB565 or NV12
 * @width: width in pixels, 1 to 16384
 * @height: height in pixels, 1 to 16384
 * @pitch_align: alignment of every stride and plane offset, a power of two
 * @alignment: alignment of the size, a power of two
 * @l: filled in on success
 *
 * Linear planes one after the other, each row padded to @pitch_align.
 *
 * Return: 0; -EINVAL for another format, a size
 * out of range, an alignment that is not a power of two, or a buffer
 * larger than 2 GiB.
 */
int vgh_layout_linear(u32 fourcc, u32 width, u32 height, u32 pitch_align,
		      u32 alignment, struct vgh_layout *l)
{
	const struct drm_format_info *info = vgh_layout_format(fourcc);
	u64 offset = 0, row, stride;
	unsigned int i;
	u32 rows;

	if (!info || !width || width > VGH_MAX_DIM || !height ||
	    height > VGH_MAX_DIM || !is_power_of_2(pitch_align) ||
	    !is_power_of_2(alignment))
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->modifier = DRM_FORMAT_MOD_LINEAR;
	l->alignment = alignment;
	l->stride_align = pitch_align;
	l->num_planes = info->num_planes;
	for (i = 0; i < info->num_planes; i++) {
		vgh_plane_dims(info, i, width, height, &row, &rows);
		stride = round_up(row, pitch_align);
		if (stride > U32_MAX)
			return -EINVAL;
		offset = round_up(offset, pitch_align);
		l->planes[i].offset = offset;
		l->planes[i].stride = stride;
		offset += stride * rows;
	}
	l->size = round_up(offset, alignment);
	return l->size > VGH_MAX_BO_SIZE ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_layout_linear);

/* Bytes from plane @i's offset to the end of its last row. */
static u64 vgh_plane_span(const struct vgh_layout *l, unsigned int i, u64 row,
			  u32 rows)
{
	return (u64)l->planes[i].stride * (rows - 1) + row;
}

/**
 * vgh_layout_check() - whether a layout from the host can be used
 * @fourcc: DRM_FORMAT_* of the buffer asked about
 * @width: its width in pixels
 * @height: its height in pixels
 * @usage: the uses asked for, bits of %VGH_LAYOUT_USES
 * @l: the layout the host answered
 * @why: on failure, what is wrong, for the log
 *
 * Return: 0 when @l describes a buffer of @width x @height pixels of
 * @fourcc that fits its own size; -EINVAL for a request the guest would
 * not make; -EPROTO for a layout that does not hold.
 */
int vgh_layout_check(u32 fourcc, u32 width, u32 height, u32 usage,
		     const struct vgh_layout *l, const char **why)
{
	const struct drm_format_info *info = vgh_layout_format(fourcc);
	u64 row[VGH_LAYOUT_MAX_PLANES], span, start_i, start_j;
	u32 rows[VGH_LAYOUT_MAX_PLANES];
	unsigned int i, j;

	*why = "a request the guest would not make";
	if (!info || !width || width > VGH_MAX_DIM || !height ||
	    height > VGH_MAX_DIM || (usage & ~VGH_LAYOUT_USES))
		return -EINVAL;
	*why = "a plane count other than the format's";
	if (l->num_planes != info->num_planes)
		return -EPROTO;
	*why = "a tiled layout for a buffer the CPU writes";
	if ((usage & DRM_VIRTGPU_HEAP_LAYOUT_LINEAR) &&
	    l->modifier != DRM_FORMAT_MOD_LINEAR)
		return -EPROTO;
	*why = "an alignment that is not a power of two up to 1 MiB";
	if (!is_power_of_2(l->alignment) || l->alignment > VGH_MAX_BLOB_ALIGN)
		return -EPROTO;
	*why = "a stride alignment that is not a power of two up to 64 KiB";
	if (!is_power_of_2(l->stride_align) ||
	    l->stride_align > VGH_MAX_STRIDE_ALIGN)
		return -EPROTO;
	*why = "a size of 0, above 2 GiB or not a multiple of the alignment";
	if (!l->size || l->size > VGH_MAX_BO_SIZE ||
	    !IS_ALIGNED(l->size, l->alignment))
		return -EPROTO;
	for (i = 0; i < l->num_planes; i++) {
		vgh_plane_dims(info, i, width, height, &row[i], &rows[i]);
		*why = "a stride smaller than a row";
		if (l->planes[i].stride < row[i])
			return -EPROTO;
		*why = "a stride that is not a multiple of the stride alignment";
		if (!IS_ALIGNED(l->planes[i].stride, l->stride_align))
			return -EPROTO;
		*why = "a plane that reaches past the size";
		span = vgh_plane_span(l, i, row[i], rows[i]);
		if (l->planes[i].offset > l->size ||
		    span > l->size - l->planes[i].offset)
			return -EPROTO;
	}
	*why = "planes that overlap";
	for (i = 0; i < l->num_planes; i++) {
		start_i = l->planes[i].offset;
		for (j = i + 1; j < l->num_planes; j++) {
			start_j = l->planes[j].offset;
			if (start_i < start_j + vgh_plane_span(l, j, row[j], rows[j]) &&
			    start_j < start_i + vgh_plane_span(l, i, row[i], rows[i]))
				return -EPROTO;
		}
	}
	*why = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_layout_check);

/* What an answer is kept under. */
struct vgh_layout_key {
	u32 fourcc;
	u32 usage;
	u32 width;
	u32 height;
};

/**
 * struct vgh_layout_cache - the host's answers, for DRM_IOCTL_VIRTGPU_HEAP_QUERY
 *	and the buffers the driver creates
 * @lock: protects the members; never held across a query, so that a
 *	slow answer for one key does not hold up the others; two clients
 *	asking about the same new key may both ask, the first answer is kept
 * @used: slots filled so far
 * @next: the slot to replace next, the oldest
 * @keys: what each slot answers
 * @layouts: the checked answers
 * @hits: answers served from the cache
 * @queries: RESOURCE_QUERY_LAYOUT commands sent
 * @refused: queries the host answered with an error
 * @bad: answers that failed vgh_layout_check()
 * @whys: for debugfs, what was wrong with them: vgh_layout_check()'s
 *	reasons (its static strings), each with @why_count
 * @why_count: answers refused for each of @whys
 * @first_ns: time the first query took, for the figures in debugfs
 */
struct vgh_layout_cache {
	struct mutex lock; /* everything below */
	unsigned int used;
	unsigned int next;
	struct vgh_layout_key keys[VGH_LAYOUT_SLOTS];
	struct vgh_layout layouts[VGH_LAYOUT_SLOTS];
	u64 hits;
	u64 queries;
	u64 refused;
	u64 bad;
	const char *whys[VGH_LAYOUT_WHYS];
	u64 why_count[VGH_LAYOUT_WHYS];
	u64 first_ns;
};

/**
 * vgh_layout_init() - set up the answer cache
 * @vgdev: the device, at probe, with its features negotiated
 *
 * A device without the layout query gets none: nothing will be asked.
 *
 * Return: 0 or -ENOMEM.
 */
int vgh_layout_init(struct vgh_device *vgdev)
{
	struct vgh_layout_cache *cache;
	int ret;

	if (!vgh_has_feature(vgdev, VIRTIO_GPU_F_RESOURCE_LAYOUT))
		return 0;
	cache = drmm_kzalloc(&vgdev->drm, sizeof(*cache), GFP_KERNEL);
	if (!cache)
		return -ENOMEM;
	ret = drmm_mutex_init(&vgdev->drm, &cache->lock);
	if (ret)
		return ret;
	vgdev->layouts = cache;
	return 0;
}

/* Send RESOURCE_QUERY_LAYOUT for @key and decode the answer, unchecked. */
static int vgh_layout_ask(struct vgh_device *vgdev,
			  const struct vgh_layout_key *key, struct vgh_layout *l)
{
	const struct virtio_gpu_resp_resource_layout *resp;
	struct virtio_gpu_resource_query_layout *req;
	struct vgh_cmd *cmd;
	unsigned int i;
	int ret;

	cmd = vgh_cmd_alloc(VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT, sizeof(*req),
			    sizeof(*resp), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->width = cpu_to_le32(key->width);
	req->height = cpu_to_le32(key->height);
	req->drm_fourcc = cpu_to_le32(key->fourcc);
	req->usage = cpu_to_le32(key->usage);
	ret = vgh_cmd_exec(vgdev, cmd);
	if (!ret) {
		resp = vgh_cmd_resp(cmd);
		memset(l, 0, sizeof(*l));
		l->modifier = le64_to_cpu(resp->modifier);
		l->size = le64_to_cpu(resp->size);
		l->alignment = le32_to_cpu(resp->alignment);
		l->stride_align = le32_to_cpu(resp->stride_align);
		l->num_planes = le32_to_cpu(resp->num_planes);
		for (i = 0; i < min(l->num_planes, VGH_LAYOUT_MAX_PLANES); i++) {
			l->planes[i].offset = le64_to_cpu(resp->planes[i].offset);
			l->planes[i].stride = le32_to_cpu(resp->planes[i].stride);
		}
	}
	vgh_cmd_put(cmd);
	return ret;
}

static int vgh_layout_lookup_locked(struct vgh_layout_cache *cache,
				    const struct vgh_layout_key *key)
{
	unsigned int i;

	lockdep_assert_held(&cache->lock);
	for (i = 0; i < cache->used; i++)
		if (!memcmp(&cache->keys[i], key, sizeof(*key)))
			return i;
	return -ENOENT;
}

static void vgh_layout_insert_locked(struct vgh_layout_cache *cache,
				     const struct vgh_layout_key *key,
				     const struct vgh_layout *l)
{
	unsigned int slot;

	lockdep_assert_held(&cache->lock);
	if (cache->used < VGH_LAYOUT_SLOTS) {
		slot = cache->used++;
	} else {
		slot = cache->next;
		cache->next = (cache->next + 1) % VGH_LAYOUT_SLOTS;
	}
	cache->keys[slot] = *key;
	cache->layouts[slot] = *l;
}

static void vgh_layout_count_bad_locked(struct vgh_layout_cache *cache,
					const char *why)
{
	unsigned int i;

	lockdep_assert_held(&cache->lock);
	cache->bad++;
	for (i = 0; i < VGH_LAYOUT_WHYS; i++) {
		if (!cache->whys[i])
			cache->whys[i] = why;
		if (cache->whys[i] == why) {
			cache->why_count[i]++;
			return;
		}
	}
}

/*
 * Ask the host about @key and check the answer, without the cache lock:
 * the host may take its time. The lock is taken for the counters after.
 */
static int vgh_layout_from_host(struct vgh_device *vgdev,
				const struct vgh_layout_key *key,
				struct vgh_layout *l)
{
	struct vgh_layout_cache *cache = vgdev->layouts;
	const char *why = NULL;
	u64 start = ktime_get_ns(), took;
	int ret, asked;

	asked = vgh_layout_ask(vgdev, key, l);
	took = ktime_get_ns() - start;
	ret = asked;
	if (!ret)
		ret = vgh_layout_check(key->fourcc, key->width, key->height,
				       key->usage, l, &why);

	mutex_lock(&cache->lock);
	if (!cache->queries++)
		cache->first_ns = took;
	if (asked == -EINVAL || asked == -EIO) {
		cache->refused++;
		ret = -EOPNOTSUPP;
	} else if (!asked && ret) {
		vgh_layout_count_bad_locked(cache, why);
	}
	mutex_unlock(&cache->lock);
	if (!asked && ret) {
		dev_warn_ratelimited(vgdev->drm.dev,
				     "host layout of %p4cc %ux%u use 0x%x refused: %s\n",
				     &key->fourcc, key->width, key->height,
				     key->usage, why);
		return -EPROTO;
	}
	return ret;
}

/**
 * vgh_layout_get() - the layout of a buffer the driver or userspace creates
 * @vgdev: the device
 * @fourcc: DRM_FORMAT_* of the buffer, one vgh_layout_linear() knows
 * @width: width in pixels, 1 to 16384
 * @height: height in pixels, 1 to 16384
 * @usage: uses, bits of %VGH_LAYOUT_USES
 * @l: filled in on success
 * @how: on success, %DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST when the host's
 *	answer (then with %DRM_VIRTGPU_HEAP_LAYOUT_CACHED when it was kept
 *	from before), else the guest's rule, with
 *	%DRM_VIRTGPU_HEAP_LAYOUT_REFUSED when the host was asked and answered
 *	with an error
 *
 * The host's answer covers the size class of @width x @height; see the
 * DOC section.
 *
 * Return: 0; -EINVAL for a request out of range; -EPROTO for an answer
 * that failed the checks; -ENOMEM; or the error of a device that did not
 * answer.
 */
int vgh_layout_get(struct vgh_device *vgdev, u32 fourcc, u32 width,
		   u32 height, u32 usage, struct vgh_layout *l, u32 *how)
{
	struct vgh_layout_cache *cache = vgdev->layouts;
	struct vgh_layout_key key = {
		.fourcc = fourcc,
		.usage = usage,
		.width = round_up(width, VGH_LAYOUT_CLASS),
		.height = round_up(height, VGH_LAYOUT_CLASS),
	};
	bool use_cache;
	int ret, slot;

	if (!vgh_layout_format(fourcc) || !width || width > VGH_MAX_DIM ||
	    !height || height > VGH_MAX_DIM || (usage & ~VGH_LAYOUT_USES))
		return -EINVAL;
	*how = 0;
	if (!cache)
		goto guest;

	use_cache = READ_ONCE(layout_cache);
	if (use_cache) {
		mutex_lock(&cache->lock);
		slot = vgh_layout_lookup_locked(cache, &key);
		if (slot >= 0) {
			*l = cache->layouts[slot];
			cache->hits++;
		}
		mutex_unlock(&cache->lock);
		if (slot >= 0) {
			*how = DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST | DRM_VIRTGPU_HEAP_LAYOUT_CACHED;
			return 0;
		}
	}
	ret = vgh_layout_from_host(vgdev, &key, l);
	if (!ret) {
		*how = DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST;
		/* another client may have asked the same meanwhile */
		if (use_cache) {
			mutex_lock(&cache->lock);
			if (vgh_layout_lookup_locked(cache, &key) < 0)
				vgh_layout_insert_locked(cache, &key, l);
			mutex_unlock(&cache->lock);
		}
	}
	if (ret != -EOPNOTSUPP)
		return ret;
	*how = DRM_VIRTGPU_HEAP_LAYOUT_REFUSED;
guest:
	return vgh_layout_linear(fourcc, width, height, VGH_LAYOUT_GUEST_PITCH,
				 PAGE_SIZE, l);
}

/**
 * vgh_layout_print() - the answer cache, for debugfs
 * @vgdev: the device
 * @p: where to print
 */
void vgh_layout_print(struct vgh_device *vgdev, struct drm_printer *p)
{
	struct vgh_layout_cache *cache = vgdev->layouts;
	unsigned int i;

	if (!cache) {
		drm_printf(p, "no layout query: the guest's rule\n");
		return;
	}
	mutex_lock(&cache->lock);
	drm_printf(p, "cache %s hits %llu queries %llu refused %llu bad %llu\n",
		   str_on_off(READ_ONCE(layout_cache)), cache->hits,
		   cache->queries, cache->refused, cache->bad);
	drm_printf(p, "first_query_us %llu\n",
		   div_u64(cache->first_ns, NSEC_PER_USEC));
	for (i = 0; i < VGH_LAYOUT_WHYS && cache->whys[i]; i++)
		drm_printf(p, "refused %llu: %s\n", cache->why_count[i],
			   cache->whys[i]);
	for (i = 0; i < cache->used; i++) {
		const struct vgh_layout_key *k = &cache->keys[i];
		const struct vgh_layout *l = &cache->layouts[i];

		drm_printf(p, "%p4cc %ux%u use 0x%x: modifier 0x%llx size %llu",
			   &k->fourcc, k->width, k->height, k->usage,
			   l->modifier, l->size);
		drm_printf(p, " align %u stride_align %u strides %u %u\n",
			   l->alignment, l->stride_align, l->planes[0].stride,
			   l->planes[1].stride);
	}
	mutex_unlock(&cache->lock);
}
