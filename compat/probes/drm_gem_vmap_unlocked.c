// SPDX-License-Identifier: GPL-2.0
/* drm_gem_vmap_unlocked(): map a GEM object, taking its reservation lock */
#include <drm/drm_gem.h>
#include <linux/iosys-map.h>

static __maybe_unused int vgh_probe(struct drm_gem_object *obj, struct iosys_map *map)
{
	int ret = drm_gem_vmap_unlocked(obj, map);

	drm_gem_vunmap_unlocked(obj, map);
	return ret;
}
