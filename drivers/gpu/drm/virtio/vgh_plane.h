/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Planes of the virtio-gpu-heap driver.
 */
#ifndef VGH_PLANE_H
#define VGH_PLANE_H

#include <linux/types.h>

#include <drm/drm_plane.h>

struct vgh_device;

/* The cursor images the host takes, in pixels on each side. */
#define VGH_CURSOR_SIZE	64

u32 vgh_format_to_virtio(u32 drm_format);
void vgh_plane_scanout_off(struct vgh_device *vgdev, u32 scanout);
void vgh_plane_scanouts_release(struct vgh_device *vgdev);
struct drm_plane *vgh_plane_create(struct vgh_device *vgdev,
				   enum drm_plane_type type, u32 scanout);

#endif /* VGH_PLANE_H */
