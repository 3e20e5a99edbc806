/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fbdev emulation of the virtio-gpu-heap driver.
 */
#ifndef VGH_FBDEV_H
#define VGH_FBDEV_H

struct drm_device;

#if IS_ENABLED(CONFIG_DRM_FBDEV_EMULATION)
void vgh_fbdev_setup(struct drm_device *drm);
#else
static inline void vgh_fbdev_setup(struct drm_device *drm)
{
}
#endif

#endif /* VGH_FBDEV_H */
