// SPDX-License-Identifier: GPL-2.0
/* drm_dbg_printer(): a printer to the debug log of one device */
#include <drm/drm_print.h>

static __maybe_unused struct drm_printer vgh_probe(struct drm_device *dev)
{
	return drm_dbg_printer(dev, DRM_UT_DRIVER, NULL);
}
