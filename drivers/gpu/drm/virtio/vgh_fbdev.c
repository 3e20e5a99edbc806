// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fbdev emulation of the virtio-gpu-heap driver.
 */

/**
 * DOC: fbdev emulation
 *
 * The framebuffer console and /dev/fb0 draw into a shadow of the console
 * framebuffer in vmalloc memory; the framebuffer itself is a dumb buffer
 * like any client's, from whichever backend makes them (shmem pages, or a
 * block of the heap). fbdev's deferred I/O notes the pages that writes
 * through a mapping of /dev/fb0 touch; those, and what the console draws,
 * are copied row by row into the framebuffer's object and go to the host
 * as damage of the framebuffer, the same path as DIRTYFB.
 *
 * The object is never mapped through /dev/fb0 itself: deferred I/O takes
 * over the page->mapping of each page it maps, which shmem pages need
 * for themselves (the buffer's release would then never end), and a heap
 * block has no pages for it at all.
 *
 * Kernels whose fbdev helper does not yet own the fb_info and report
 * damage through &drm_fb_helper_funcs.fb_dirty (Linux 6.1; see the
 * probes in compat/probes/) get the DRM core's generic emulation
 * instead. That one keeps a shadow buffer too, because the driver's
 * framebuffers have a dirty callback, and sends its damage through that
 * callback: the same result, with the core's code.
 */

#include <linux/fb.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <drm/drm_client.h>
#include <drm/drm_drv.h>
#include <drm/drm_fb_helper.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_print.h>

#include "vgh_compat.h"
#include "vgh_fbdev.h"

#if VGH_HAVE_DRM_FB_HELPER_FB_DIRTY && VGH_HAVE_DRM_FB_HELPER_PREPARE_BPP && \
	VGH_HAVE_FB_GEN_DEFAULT_DEFERRED_SYSMEM_OPS

FB_GEN_DEFAULT_DEFERRED_SYSMEM_OPS(vgh_fbdev, drm_fb_helper_damage_range,
				   drm_fb_helper_damage_area);

/* The last user of the fb_info is gone: free the shadow and the buffer. */
static void vgh_fbdev_fb_destroy(struct fb_info *info)
{
	struct drm_fb_helper *helper = info->par;
	void *shadow = info->screen_buffer;

	if (!helper->dev)
		return;
	fb_deferred_io_cleanup(info);
	drm_fb_helper_fini(helper);
	vfree(shadow);
	drm_client_buffer_vunmap(helper->buffer);
	drm_client_framebuffer_delete(helper->buffer);
	drm_client_release(&helper->client);
	drm_fb_helper_unprepare(helper);
	kfree(helper);
}

/*
 * An open of /dev/fb0 keeps the module; the console does not, it lets go
 * of the fb_info when the device is unregistered.
 */
static int vgh_fbdev_fb_open(struct fb_info *info, int user)
{
	return !user || try_module_get(THIS_MODULE) ? 0 : -ENODEV;
}

static int vgh_fbdev_fb_release(struct fb_info *info, int user)
{
	if (user)
		module_put(THIS_MODULE);
	return 0;
}

static const struct fb_ops vgh_fbdev_fb_ops = {
	.fb_open = vgh_fbdev_fb_open,
	.fb_release = vgh_fbdev_fb_release,
	FB_DEFAULT_DEFERRED_OPS(vgh_fbdev),
	DRM_FB_HELPER_DEFAULT_OPS,
	.fb_destroy = vgh_fbdev_fb_destroy,
};

static int vgh_fbdev_fb_probe(struct drm_fb_helper *helper,
			      struct drm_fb_helper_surface_size *sizes)
{
	struct drm_device *drm = helper->dev;
	struct fb_info *info = helper->info;
	struct drm_client_buffer *buffer;
	struct iosys_map map;
	size_t size;
	void *shadow;
	u32 format;
	int ret;

	format = drm_driver_legacy_fb_format(drm, sizes->surface_bpp,
					     sizes->surface_depth);
	buffer = drm_client_framebuffer_create(&helper->client,
					       sizes->surface_width,
					       sizes->surface_height, format);
	if (IS_ERR(buffer))
		return PTR_ERR(buffer);
	/* mapped for as long as the console exists */
	ret = drm_client_buffer_vmap(buffer, &map);
	if (ret)
		goto err_delete;
	size = (size_t)buffer->fb->pitches[0] * sizes->surface_height;
	shadow = vzalloc(PAGE_ALIGN(size));
	if (!shadow) {
		ret = -ENOMEM;
		goto err_vunmap;
	}

	helper->buffer = buffer;
	helper->fb = buffer->fb;
	drm_fb_helper_fill_info(info, helper, sizes);
	info->fbops = &vgh_fbdev_fb_ops;
	info->flags |= FBINFO_VIRTFB | FBINFO_READS_FAST;
	info->screen_buffer = shadow;
	info->screen_size = size;
	info->fix.smem_len = size;

	helper->fbdefio.delay = HZ / 20;
	helper->fbdefio.deferred_io = drm_fb_helper_deferred_io;
	info->fbdefio = &helper->fbdefio;
	ret = fb_deferred_io_init(info);
	if (ret)
		goto err_shadow;
	return 0;

err_shadow:
	helper->fb = NULL;
	helper->buffer = NULL;
	info->screen_buffer = NULL;
	vfree(shadow);
err_vunmap:
	drm_client_buffer_vunmap(buffer);
err_delete:
	drm_client_framebuffer_delete(buffer);
	drm_err(drm, "console framebuffer %ux%u: %d\n", sizes->surface_width,
		sizes->surface_height, ret);
	return ret;
}

/*
 * Copy the damaged rectangle from the shadow into the framebuffer's
 * object, then send it to the host as the framebuffer's damage.
 */
static int vgh_fbdev_fb_dirty(struct drm_fb_helper *helper,
			      struct drm_clip_rect *clip)
{
	struct drm_framebuffer *fb = helper->fb;
	unsigned int cpp = fb->format->cpp[0];
	size_t pitch = fb->pitches[0], len;
	struct iosys_map dst = helper->buffer->map;
	const u8 *src = helper->info->screen_buffer;
	unsigned int y;

	if (clip->x1 >= clip->x2 || clip->y1 >= clip->y2)
		return 0;
	len = (size_t)(clip->x2 - clip->x1) * cpp;
	src += clip->y1 * pitch + clip->x1 * cpp;
	iosys_map_incr(&dst, clip->y1 * pitch + clip->x1 * cpp);
	for (y = clip->y1; y < clip->y2; y++) {
		iosys_map_memcpy_to(&dst, 0, src, len);
		iosys_map_incr(&dst, pitch);
		src += pitch;
	}
	return fb->funcs->dirty ? fb->funcs->dirty(fb, NULL, 0, 0, clip, 1) : 0;
}

static const struct drm_fb_helper_funcs vgh_fbdev_helper_funcs = {
	.fb_probe = vgh_fbdev_fb_probe,
	.fb_dirty = vgh_fbdev_fb_dirty,
};

static void vgh_fbdev_client_unregister(struct drm_client_dev *client)
{
	struct drm_fb_helper *helper = drm_fb_helper_from_client(client);

	/* with a console, its fb_destroy frees the rest */
	if (helper->info) {
		drm_fb_helper_unregister_info(helper);
		return;
	}
	drm_client_release(client);
	drm_fb_helper_unprepare(helper);
	kfree(helper);
}

#if VGH_HAVE_DRM_CLIENT_RESTORE_FORCE
static int vgh_fbdev_client_restore(struct drm_client_dev *client, bool force)
{
	drm_fb_helper_restore_fbdev_mode_unlocked(client->dev->fb_helper, force);
	return 0;
}
#else
static int vgh_fbdev_client_restore(struct drm_client_dev *client)
{
	drm_fb_helper_restore_fbdev_mode_unlocked(client->dev->fb_helper);
	return 0;
}
#endif

/* The first hotplug with a connected output creates the console. */
static int vgh_fbdev_client_hotplug(struct drm_client_dev *client)
{
	struct drm_fb_helper *helper = drm_fb_helper_from_client(client);
	struct drm_device *drm = client->dev;
	int ret;

	if (drm->fb_helper)
		return drm_fb_helper_hotplug_event(drm->fb_helper);
	ret = drm_fb_helper_init(drm, helper);
	if (ret)
		goto err;
	ret = drm_fb_helper_initial_config(helper);
	if (ret) {
		drm_fb_helper_fini(helper);
		goto err;
	}
	return 0;

err:
	drm_err(drm, "fbdev console: %d\n", ret);
	return ret;
}

static const struct drm_client_funcs vgh_fbdev_client_funcs = {
	.owner = THIS_MODULE,
	.unregister = vgh_fbdev_client_unregister,
	.restore = vgh_fbdev_client_restore,
	.hotplug = vgh_fbdev_client_hotplug,
};

/**
 * vgh_fbdev_setup() - start the fbdev emulation of a registered device
 * @drm: the DRM device
 *
 * The console appears once an output is connected; it goes away with
 * drm_dev_unregister(). A failure is logged and leaves the device
 * without a console, nothing else.
 */
void vgh_fbdev_setup(struct drm_device *drm)
{
	struct drm_fb_helper *helper;
	int ret;

	helper = kzalloc(sizeof(*helper), GFP_KERNEL);
	if (!helper)
		return;
	drm_fb_helper_prepare(drm, helper, 32, &vgh_fbdev_helper_funcs);
	ret = drm_client_init(drm, &helper->client, "vgh-fbdev",
			      &vgh_fbdev_client_funcs);
	if (ret) {
		drm_err(drm, "fbdev client: %d\n", ret);
		drm_fb_helper_unprepare(helper);
		kfree(helper);
		return;
	}
	drm_client_register(&helper->client);
}

#else /* the DRM core's generic fbdev emulation */

void vgh_fbdev_setup(struct drm_device *drm)
{
	drm_fbdev_generic_setup(drm, 32);
}

#endif
