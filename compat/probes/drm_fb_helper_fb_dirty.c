// SPDX-License-Identifier: GPL-2.0
/*
 * The fbdev helper owns the fb_info and its deferred I/O, and hands the
 * driver the damage through drm_fb_helper_funcs.fb_dirty
 */
#include <drm/drm_fb_helper.h>
#include <linux/fb.h>

static int vgh_probe_dirty(struct drm_fb_helper *helper, struct drm_clip_rect *clip)
{
	return helper->info->fbdefio == &helper->fbdefio;
}

static const struct drm_fb_helper_funcs vgh_probe_funcs __maybe_unused = {
	.fb_dirty = vgh_probe_dirty,
};

static __maybe_unused void vgh_probe(struct drm_fb_helper *helper)
{
	drm_fb_helper_unregister_info(helper);
	drm_fb_helper_unprepare(helper);
}
