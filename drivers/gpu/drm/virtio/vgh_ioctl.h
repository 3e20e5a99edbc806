/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The virtio-gpu uAPI of the virtio-gpu-heap driver.
 */
#ifndef VGH_IOCTL_H
#define VGH_IOCTL_H

#include <drm/drm_ioctl.h>
#include <drm/virtgpu_drm.h>

struct vgh_device;

/* Driver ioctls: every number of <drm/virtgpu_drm.h>, none added. */
#define VGH_NUM_IOCTLS		(DRM_VIRTGPU_CONTEXT_INIT + 1)

extern const struct drm_ioctl_desc vgh_ioctls[VGH_NUM_IOCTLS];

int vgh_caps_init(struct vgh_device *vgdev);

#endif /* VGH_IOCTL_H */
