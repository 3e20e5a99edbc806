// SPDX-License-Identifier: MIT
/*
 * Dumb buffers at the ioctl level; see vgh.h.
 */
#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "vgh.h"

int vgh_dumb_create(int fd, struct drm_mode_create_dumb *c)
{
	return vgh_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, c);
}

int vgh_dumb_map(int fd, uint32_t handle, uint64_t *offset)
{
	struct drm_mode_map_dumb m = { .handle = handle };
	int ret = vgh_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m);

	*offset = ret ? 0 : m.offset;
	return ret;
}

int vgh_dumb_destroy(int fd, uint32_t handle)
{
	struct drm_mode_destroy_dumb d = { .handle = handle };

	return vgh_ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
}
