// SPDX-License-Identifier: GPL-2.0
/* drm_crtc_vblank_crtc(): a CRTC's vblank state */
#include <drm/drm_vblank.h>

static __maybe_unused u64 vgh_probe(struct drm_crtc *crtc)
{
	return drm_crtc_vblank_crtc(crtc)->framedur_ns;
}
