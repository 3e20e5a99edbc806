// SPDX-License-Identifier: GPL-2.0
/* The legacy cursor hotspot carried by the framebuffer: hot_x/hot_y */
#include <drm/drm_framebuffer.h>

static __maybe_unused int vgh_probe(const struct drm_framebuffer *fb)
{
	return fb->hot_x + fb->hot_y;
}
