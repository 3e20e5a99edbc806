// SPDX-License-Identifier: GPL-2.0
/* drm_show_fdinfo(): the DRM core's fdinfo, with the driver's memory stats */
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>

static __maybe_unused void vgh_probe_show(struct drm_printer *p,
					  struct drm_file *file)
{
	struct drm_memory_stats stats = {};

	drm_print_memory_stats(p, &stats, DRM_GEM_OBJECT_RESIDENT, "heap");
}

static __maybe_unused const struct drm_driver vgh_probe = {
	.show_fdinfo = vgh_probe_show,
};
