// SPDX-License-Identifier: GPL-2.0
/*
 * drm_fb_helper_prepare() takes the preferred depth, and
 * drm_fb_helper_initial_config() no longer does
 */
#include <drm/drm_fb_helper.h>

static __maybe_unused int vgh_probe(struct drm_device *dev, struct drm_fb_helper *helper)
{
	drm_fb_helper_prepare(dev, helper, 32, NULL);
	return drm_fb_helper_initial_config(helper);
}
