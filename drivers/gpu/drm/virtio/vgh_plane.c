// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Planes of the virtio-gpu-heap driver.
 */

/**
 * DOC: Planes
 *
 * Each scanout has a primary plane and a cursor plane.
 *
 * The primary plane shows a framebuffer's host resource with SET_SCANOUT;
 * the source rectangle of the plane is the rectangle of the resource the
 * host shows. The host keeps its own copy of a 2D resource, so pixels
 * reach it only through TRANSFER_TO_HOST_2D: on every update the driver
 * walks the damage clips of the plane (the whole plane after a modeset,
 * a new framebuffer or a moved source) and transfers and flushes exactly
 * those rectangles. Transfers are queued without waiting. When the commit
 * shows a new framebuffer, is a modeset or asks for an event, the last
 * flush is waited for, so the commit completes once the host has the
 * frame. Damage alone on the framebuffer already shown (DIRTYFB, the
 * console, FB_DAMAGE_CLIPS without an event) is queued and not waited
 * for: such a client is held back only by the queue filling up, never
 * to one host round trip, let alone one frame, per rectangle.
 *
 * A heap blob (heap mode) is shown with SET_SCANOUT_BLOB instead, and the
 * host reads it where it lies: its updates are the flushes of the damaged
 * rectangles, and nothing is copied.
 *
 * The cursor plane takes 64x64 ARGB8888 framebuffers. A new image (or
 * hotspot) is transferred to the host and waited for, then set with
 * UPDATE_CURSOR on the cursor queue; a position change alone is a
 * MOVE_CURSOR. The cursor queue has no replies, and the two queues are
 * not ordered with respect to each other, hence the wait.
 *
 * The host applies cursor commands as they come, with no vertical blank
 * to wait for, and so does the driver: a legacy cursor update (the
 * cursor ioctls, or SETPLANE on the cursor plane) that moves the cursor
 * or changes its image on an active CRTC is an asynchronous update
 * (&drm_plane_helper_funcs.atomic_async_update). It is sent at once and
 * written into the plane's current state, its framebuffer swapped in,
 * without waiting for a page flip pending on the CRTC or for its vblank.
 * Everything else takes the normal commit: turning the cursor on or off,
 * moving it to another CRTC, a cursor on an inactive CRTC, any atomic
 * commit, and also an update while a modeset of the CRTC has not
 * completed (its event not sent yet), so that a cursor update never
 * jumps ahead of a modeset, and a new image whose buffer still has
 * writes pending, whose fences only the normal commit waits for.
 */

#include <linux/dma-resv.h>

#include <kunit/visibility.h>

#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_plane.h>
#include <drm/drm_print.h>
#include <drm/drm_vblank.h>

#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_kms.h"
#include "vgh_plane.h"

static const u32 vgh_primary_formats[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_ARGB8888,
	DRM_FORMAT_RGB565,	/* through a shadow buffer */
};

static const u32 vgh_cursor_formats[] = {
	DRM_FORMAT_ARGB8888,
};

/**
 * vgh_format_to_virtio() - the host format of a DRM format
 * @drm_format: DRM_FORMAT_* fourcc
 *
 * Return: the VIRTIO_GPU_FORMAT_* with the same memory layout, or 0 for
 * a format the host has no 2D format for.
 */
u32 vgh_format_to_virtio(u32 drm_format)
{
	switch (drm_format) {
	case DRM_FORMAT_XRGB8888:
		return VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM;
	case DRM_FORMAT_ARGB8888:
		return VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vgh_format_to_virtio);

/*
 * Show @fb on @scanout, or nothing without @fb: SET_SCANOUT with the
 * framebuffer's resource, or SET_SCANOUT_BLOB for a framebuffer the host
 * reads where it lies, sent as @how says; @final for one of remove's last
 * commands, after unplug.
 */
static int vgh_show(struct vgh_device *vgdev, u32 scanout,
		    struct drm_framebuffer *fb, const struct vgh_rect *r,
		    enum vgh_send how, bool final)
{
	bool blob = fb && vgh_fb_direct(fb);
	struct virtio_gpu_set_scanout_blob *sb;
	struct virtio_gpu_set_scanout *so;
	struct vgh_cmd *cmd;
	int ret;

	if (blob)
		cmd = vgh_cmd_new(VIRTIO_GPU_CMD_SET_SCANOUT_BLOB, sizeof(*sb));
	else
		cmd = vgh_cmd_new(VIRTIO_GPU_CMD_SET_SCANOUT, sizeof(*so));
	if (!cmd)
		return -ENOMEM;
	if (blob) {
		sb = vgh_cmd_req(cmd);
		sb->scanout_id = cpu_to_le32(scanout);
		sb->resource_id = cpu_to_le32(vgh_fb_resource_id(fb));
		sb->width = cpu_to_le32(fb->width);
		sb->height = cpu_to_le32(fb->height);
		sb->format = cpu_to_le32(vgh_format_to_virtio(fb->format->format));
		sb->strides[0] = cpu_to_le32(fb->pitches[0]);
		sb->offsets[0] = cpu_to_le32(fb->offsets[0]);
		vgh_rect_to_wire(&sb->r, r);
	} else {
		so = vgh_cmd_req(cmd);
		so->scanout_id = cpu_to_le32(scanout);
		so->resource_id = cpu_to_le32(fb ? vgh_fb_resource_id(fb) : 0);
		vgh_rect_to_wire(&so->r, r);
	}
	cmd->final = final;
	ret = vgh_cmd_send(vgdev, cmd, how);
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_plane_scanout_off() - make the host show nothing on a scanout
 * @vgdev: the device
 * @scanout: the scanout id
 *
 * SET_SCANOUT without a resource, waited for: the scanout is dark when
 * this returns. For the CRTC's disable, whatever planes stay attached.
 * A failure is logged; on an unplugged device nothing is sent.
 */
void vgh_plane_scanout_off(struct vgh_device *vgdev, u32 scanout)
{
	static const struct vgh_rect none;
	int ret, idx;

	if (!drm_dev_enter(&vgdev->drm, &idx))
		return;
	ret = vgh_show(vgdev, scanout, NULL, &none, VGH_SEND_WAIT, false);
	if (ret)
		drm_err_ratelimited(&vgdev->drm, "scanout %u: turning off failed: %d\n",
				    scanout, ret);
	drm_dev_exit(idx);
}

/**
 * vgh_plane_scanouts_release() - leave every scanout dark before a reset
 * @vgdev: the device, unplugged, its queues still up
 *
 * Remove's last display commands. Unplug keeps the atomic shutdown that
 * follows it from reaching the device, but a host must not be left
 * scanning out a resource that the reset then destroys under it: each
 * scanout gets a SET_SCANOUT without a resource, waited for.
 */
void vgh_plane_scanouts_release(struct vgh_device *vgdev)
{
	static const struct vgh_rect none;
	u32 scanout;
	int ret;

	for (scanout = 0; scanout < vgdev->num_scanouts; scanout++) {
		ret = vgh_show(vgdev, scanout, NULL, &none, VGH_SEND_WAIT,
			       true);
		if (ret)
			drm_dbg_driver(&vgdev->drm, "scanout %u: not released: %d\n",
				       scanout, ret);
		/* a device that does not answer is not waited for again */
		if (ret == -ETIMEDOUT)
			break;
	}
}

static int vgh_primary_atomic_check(struct drm_plane *plane,
				    struct drm_atomic_state *state)
{
	struct drm_plane_state *old = drm_atomic_get_old_plane_state(state, plane);
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state = NULL;

	/* Damage is relative to the old framebuffer; a new one is sent whole. */
	vgh_plane_ignore_damage(new, old->fb != new->fb);
	if (new->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	return drm_atomic_helper_check_plane_state(new, crtc_state,
						   DRM_PLANE_NO_SCALING,
						   DRM_PLANE_NO_SCALING,
						   false, true);
}

static void vgh_rect_from_drm(struct vgh_rect *r, const struct drm_rect *d)
{
	r->x = d->x1;
	r->y = d->y1;
	r->width = drm_rect_width(d);
	r->height = drm_rect_height(d);
}

/* Widen the RGB565 pixels of @clip into the XRGB8888 shadow. */
static int vgh_convert_rgb565(struct drm_framebuffer *fb,
			      struct drm_gem_object *shadow,
			      const struct drm_rect *clip)
{
	struct iosys_map src[DRM_FORMAT_MAX_PLANES], dst;
	u32 x, y;
	int ret;

	ret = drm_gem_fb_vmap(fb, src, NULL);
	if (ret)
		return ret;
	ret = drm_gem_vmap_unlocked(shadow, &dst);
	if (ret)
		goto out_src;
	for (y = clip->y1; y < clip->y2; y++) {
		const __le16 *in = src[0].vaddr + fb->offsets[0] +
				   (size_t)y * fb->pitches[0];
		__le32 *out = dst.vaddr + (size_t)y * fb->width * 4;

		for (x = clip->x1; x < clip->x2; x++) {
			u32 p = le16_to_cpu(in[x]);
			u32 r = (p >> 11) & 0x1f, g = (p >> 5) & 0x3f, b = p & 0x1f;

			out[x] = cpu_to_le32(((r << 3 | r >> 2) << 16) |
					     ((g << 2 | g >> 4) << 8) |
					     (b << 3 | b >> 2));
		}
	}
	drm_gem_vunmap_unlocked(shadow, &dst);
out_src:
	drm_gem_fb_vunmap(fb, src);
	return ret;
}

/*
 * Transfer and flush each damaged rectangle, from the framebuffer's
 * memory or, for a format the host lacks, from its converted shadow;
 * with @wait, wait for the last flush. A framebuffer the host reads
 * directly, or whose image the host renders (a 3D resource), only needs
 * the flushes. The device is notified once, by the last flush (or at
 * the end, of the caller's batched commands): on a hypervisor each
 * notification is an exit, which may also have to wait for the host's
 * thread that is copying the previous frame.
 */
static int vgh_primary_push_damage(struct drm_plane_state *old,
				   struct drm_plane_state *new, bool wait)
{
	struct drm_framebuffer *fb = new->fb;
	struct drm_gem_object *shadow = vgh_fb_shadow(fb);
	struct drm_gem_object *obj = shadow ?: fb->obj[0];
	u32 res_id = vgh_fb_resource_id(fb);
	struct drm_atomic_helper_damage_iter iter;
	bool flush_only = vgh_fb_direct(fb) || vgh_bo_host_drawn(fb->obj[0]);
	struct drm_rect clip, last;
	struct vgh_rect r;
	bool any = false;
	u64 offset;
	int ret = 0;

	drm_atomic_helper_damage_iter_init(&iter, old, new);
	drm_atomic_for_each_plane_damage(&iter, &clip) {
		if (any) {
			vgh_rect_from_drm(&r, &last);
			ret = vgh_bo_flush(obj, res_id, &r, VGH_SEND_BATCH);
			if (ret)
				break;
		}
		last = clip;
		any = true;
		if (flush_only)
			continue;
		if (shadow) {
			ret = vgh_convert_rgb565(fb, shadow, &clip);
			offset = ((u64)clip.y1 * fb->width + clip.x1) * 4;
		} else {
			offset = fb->offsets[0] + (u64)clip.y1 * fb->pitches[0] +
				 clip.x1 * fb->format->cpp[0];
		}
		if (ret)
			break;
		vgh_rect_from_drm(&r, &clip);
		ret = vgh_bo_transfer_to_host(obj, res_id, &r, offset,
					      VGH_SEND_BATCH);
		if (ret)
			break;
	}
	if (!ret && any) {
		vgh_rect_from_drm(&r, &last);
		ret = vgh_bo_flush(obj, res_id, &r,
				   wait ? VGH_SEND_WAIT : VGH_SEND_QUEUE);
	}
	/*
	 * What was queued before a failure, or the caller's batched
	 * SET_SCANOUT when there was no damage, still reaches the device.
	 */
	if (ret || !any)
		vgh_cmd_kick(to_vgh(fb->dev));
	return ret;
}

static void vgh_primary_atomic_update(struct drm_plane *plane,
				      struct drm_atomic_state *state)
{
	struct drm_plane_state *old = drm_atomic_get_old_plane_state(state, plane);
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct vgh_device *vgdev = to_vgh(plane->dev);
	struct drm_crtc_state *crtc_state;
	bool new_frame;
	struct vgh_rect src;
	int ret = 0, idx;
	u32 scanout;

	if (!new->fb || !new->crtc || !new->visible)
		return;
	if (!drm_dev_enter(plane->dev, &idx))
		return;

	crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	scanout = vgh_crtc_scanout(crtc_state);
	vgh_rect_from_drm(&src, &new->src);
	src.x >>= 16;
	src.y >>= 16;
	src.width >>= 16;
	src.height >>= 16;
	new_frame = old->fb != new->fb || !drm_rect_equals(&old->src, &new->src) ||
		    !old->visible || drm_atomic_crtc_needs_modeset(crtc_state);
	if (new_frame)
		ret = vgh_show(vgdev, scanout, new->fb, &src, VGH_SEND_BATCH,
			       false);
	/* the helpers' own event, which no client waits for, has no file */
	if (!ret)
		ret = vgh_primary_push_damage(old, new, new_frame ||
					      (crtc_state->event &&
					       crtc_state->event->base.file_priv));
	if (ret)
		drm_err_ratelimited(plane->dev, "scanout %u: update failed: %d\n",
				    scanout, ret);
	drm_dev_exit(idx);
}

static void vgh_primary_atomic_disable(struct drm_plane *plane,
				       struct drm_atomic_state *state)
{
	struct drm_plane_state *old = drm_atomic_get_old_plane_state(state, plane);
	static const struct vgh_rect none;
	struct drm_crtc_state *crtc_state;
	int idx;

	if (!old->crtc)
		return;
	/* A CRTC that goes off has turned its scanout off already. */
	crtc_state = drm_atomic_get_new_crtc_state(state, old->crtc);
	if (WARN_ON(!crtc_state) || !crtc_state->active)
		return;
	if (!drm_dev_enter(plane->dev, &idx))
		return;
	vgh_show(to_vgh(plane->dev), vgh_crtc_scanout(crtc_state), NULL, &none,
		 VGH_SEND_QUEUE, false);
	drm_dev_exit(idx);
}

static const struct drm_plane_helper_funcs vgh_primary_helper_funcs = {
	.atomic_check = vgh_primary_atomic_check,
	.atomic_update = vgh_primary_atomic_update,
	.atomic_disable = vgh_primary_atomic_disable,
};

/* Cursor */

static int vgh_cursor_send(struct vgh_device *vgdev, u32 type, u32 scanout,
			   u32 res_id, int x, int y, u32 hot_x, u32 hot_y)
{
	struct virtio_gpu_update_cursor *req;
	struct vgh_cmd *cmd;
	int ret;

	cmd = vgh_cmd_alloc(type, sizeof(*req), 0, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	req = vgh_cmd_req(cmd);
	req->pos.scanout_id = cpu_to_le32(scanout);
	req->pos.x = cpu_to_le32(x);
	req->pos.y = cpu_to_le32(y);
	req->resource_id = cpu_to_le32(res_id);
	req->hot_x = cpu_to_le32(hot_x);
	req->hot_y = cpu_to_le32(hot_y);
	ret = vgh_cmd_submit(vgdev, cmd, NULL);
	vgh_cmd_put(cmd);
	return ret;
}

static int vgh_cursor_atomic_check(struct drm_plane *plane,
				   struct drm_atomic_state *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state = NULL;
	int ret;

	if (new->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	ret = drm_atomic_helper_check_plane_state(new, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  true, true);
	if (ret || !new->fb)
		return ret;
	if (new->fb->width != VGH_CURSOR_SIZE ||
	    new->fb->height != VGH_CURSOR_SIZE ||
	    new->src_x || new->src_y) {
		drm_dbg_atomic(plane->dev, "cursor must be a whole %ux%u image\n",
			       VGH_CURSOR_SIZE, VGH_CURSOR_SIZE);
		return -EINVAL;
	}
	return 0;
}

/*
 * Bring the host's cursor from @old to @new. A new image or hotspot, or
 * a cursor that was hidden, is transferred (and waited for, since the
 * cursor queue does not wait for the control queue) and set with
 * UPDATE_CURSOR; a move alone is a MOVE_CURSOR; an invisible cursor is
 * an UPDATE_CURSOR without a resource. Nothing here waits for a vblank.
 */
static void vgh_cursor_show(struct drm_plane *plane, u32 scanout,
			    const struct drm_plane_state *old,
			    const struct drm_plane_state *new)
{
	struct vgh_device *vgdev = to_vgh(plane->dev);
	struct drm_framebuffer *fb = new->fb;
	static const struct vgh_rect all = {
		.width = VGH_CURSOR_SIZE, .height = VGH_CURSOR_SIZE,
	};
	u32 res_id = 0, type = VIRTIO_GPU_CMD_UPDATE_CURSOR;
	int ret = 0, idx;

	if (!drm_dev_enter(plane->dev, &idx))
		return;
	if (fb && new->visible) {
		res_id = vgh_fb_resource_id(fb);
		if (fb == old->fb && old->visible && old->crtc == new->crtc &&
		    vgh_plane_hotspot_x(old) == vgh_plane_hotspot_x(new) &&
		    vgh_plane_hotspot_y(old) == vgh_plane_hotspot_y(new))
			type = VIRTIO_GPU_CMD_MOVE_CURSOR;
		else
			ret = vgh_bo_transfer_to_host(fb->obj[0], res_id, &all,
						      fb->offsets[0], VGH_SEND_WAIT);
	}
	if (!ret)
		ret = vgh_cursor_send(vgdev, type, scanout, res_id,
				      new->crtc_x, new->crtc_y,
				      vgh_plane_hotspot_x(new),
				      vgh_plane_hotspot_y(new));
	if (ret)
		drm_err_ratelimited(plane->dev, "scanout %u: cursor update failed: %d\n",
				    scanout, ret);
	drm_dev_exit(idx);
}

static void vgh_cursor_atomic_update(struct drm_plane *plane,
				     struct drm_atomic_state *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);

	if (!new->crtc)
		return;
	vgh_cursor_show(plane,
			vgh_crtc_scanout(drm_atomic_get_new_crtc_state(state, new->crtc)),
			drm_atomic_get_old_plane_state(state, plane), new);
}

/*
 * Legacy cursor updates (DRM_IOCTL_MODE_CURSOR and the cursor plane
 * through SETPLANE) that only move the cursor or change its image on an
 * active CRTC skip the commit machinery: no wait for a pending page flip
 * or vblank. The helper has refused a change of CRTC, a disable, a
 * modeset and an explicit fence already. Left to the normal commit: an
 * inactive CRTC, a modeset of the CRTC that has not completed (its event
 * not sent), and a new image whose buffer still has writes pending
 * (implicit fences, which only the normal path waits for).
 */
static int vgh_cursor_atomic_async_check(struct drm_plane *plane,
					 struct drm_atomic_state *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *crtc_state, *cur_crtc_state;

	if (!new->crtc || !new->fb)
		return -EINVAL;
	crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	if (!crtc_state || !crtc_state->active)
		return -EINVAL;
	cur_crtc_state = new->crtc->state;
	if (drm_atomic_crtc_needs_modeset(cur_crtc_state) &&
	    cur_crtc_state->commit &&
	    !try_wait_for_completion(&cur_crtc_state->commit->flip_done))
		return -EBUSY;
	if (new->fb != plane->state->fb &&
	    !dma_resv_test_signaled(new->fb->obj[0]->resv,
				    DMA_RESV_USAGE_WRITE))
		return -EBUSY;
	return 0;
}

/*
 * Send the update, then make it the plane's current state in place. The
 * framebuffers are swapped, as the helpers expect: the current state
 * takes the new framebuffer's reference and the update's state, freed
 * by the caller, drops the old one's.
 */
static void vgh_cursor_atomic_async_update(struct drm_plane *plane,
					   struct drm_atomic_state *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_plane_state *cur = plane->state;

	/* an active CRTC whose modeset is complete: its state is current */
	vgh_cursor_show(plane, vgh_crtc_scanout(new->crtc->state), cur, new);
	cur->crtc_x = new->crtc_x;
	cur->crtc_y = new->crtc_y;
	cur->crtc_w = new->crtc_w;
	cur->crtc_h = new->crtc_h;
	cur->src_x = new->src_x;
	cur->src_y = new->src_y;
	cur->src_w = new->src_w;
	cur->src_h = new->src_h;
	vgh_plane_copy_hotspot(cur, new);
	cur->src = new->src;
	cur->dst = new->dst;
	cur->visible = new->visible;
	swap(cur->fb, new->fb);
}

static void vgh_cursor_atomic_disable(struct drm_plane *plane,
				      struct drm_atomic_state *state)
{
	struct drm_plane_state *old = drm_atomic_get_old_plane_state(state, plane);
	struct drm_crtc_state *crtc_state;
	int idx;

	if (!old->crtc)
		return;
	crtc_state = drm_atomic_get_old_crtc_state(state, old->crtc);
	if (WARN_ON(!crtc_state) || !drm_dev_enter(plane->dev, &idx))
		return;
	vgh_cursor_send(to_vgh(plane->dev), VIRTIO_GPU_CMD_UPDATE_CURSOR,
			vgh_crtc_scanout(crtc_state), 0, 0, 0, 0, 0);
	drm_dev_exit(idx);
}

static const struct drm_plane_helper_funcs vgh_cursor_helper_funcs = {
	.atomic_check = vgh_cursor_atomic_check,
	.atomic_update = vgh_cursor_atomic_update,
	.atomic_disable = vgh_cursor_atomic_disable,
	.atomic_async_check = vgh_cursor_atomic_async_check,
	.atomic_async_update = vgh_cursor_atomic_async_update,
};

/*
 * Both kinds of plane keep the core's plain plane state; the legacy
 * SETPLANE entry points become atomic commits. Planes are drm-managed,
 * so there is no destroy hook.
 */
static const struct drm_plane_funcs vgh_plane_funcs = {
	.reset = drm_atomic_helper_plane_reset,
	.atomic_destroy_state = drm_atomic_helper_plane_destroy_state,
	.atomic_duplicate_state = drm_atomic_helper_plane_duplicate_state,
	.disable_plane = drm_atomic_helper_disable_plane,
	.update_plane = drm_atomic_helper_update_plane,
};

/**
 * vgh_plane_create() - create the primary or cursor plane of a scanout
 * @vgdev: the device
 * @type: DRM_PLANE_TYPE_PRIMARY or DRM_PLANE_TYPE_CURSOR
 * @scanout: index of the scanout, and of its CRTC
 *
 * Return: the plane, freed with the DRM device, or an ERR_PTR.
 */
struct drm_plane *vgh_plane_create(struct vgh_device *vgdev,
				   enum drm_plane_type type, u32 scanout)
{
	bool cursor = type == DRM_PLANE_TYPE_CURSOR;
	struct drm_plane *plane;

	plane = __drmm_universal_plane_alloc(&vgdev->drm, sizeof(*plane), 0,
					     BIT(scanout), &vgh_plane_funcs,
					     cursor ? vgh_cursor_formats :
						      vgh_primary_formats,
					     cursor ? ARRAY_SIZE(vgh_cursor_formats) :
						      ARRAY_SIZE(vgh_primary_formats),
					     NULL, type, NULL);
	if (IS_ERR(plane))
		return plane;
	drm_plane_helper_add(plane, cursor ? &vgh_cursor_helper_funcs :
					     &vgh_primary_helper_funcs);
	if (!cursor)
		drm_plane_enable_fb_damage_clips(plane);
	return plane;
}
