// SPDX-License-Identifier: GPL-2.0
/* FB_GEN_DEFAULT_DEFERRED_SYSMEM_OPS(): fb_ops of a deferred-I/O shadow */
#include <drm/drm_fb_helper.h>
#include <linux/fb.h>

FB_GEN_DEFAULT_DEFERRED_SYSMEM_OPS(vgh_probe, drm_fb_helper_damage_range,
				   drm_fb_helper_damage_area);

static const struct fb_ops vgh_probe_ops __maybe_unused = {
	__FB_DEFAULT_DEFERRED_OPS_RDWR(vgh_probe),
	__FB_DEFAULT_DEFERRED_OPS_DRAW(vgh_probe),
};
