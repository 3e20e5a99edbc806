/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The virtio-gpu uAPI of the virtio-gpu-heap driver.
 */
#ifndef VGH_IOCTL_H
#define VGH_IOCTL_H

#include <drm/drm_ioctl.h>
#include <drm/virtgpu_drm.h>
#include <drm/virtgpu_heap_drm.h>

struct vgh_device;

/*
 * Driver ioctls: every number of <drm/virtgpu_drm.h>, then the one of
 * <drm/virtgpu_heap_drm.h>; the numbers between have none.
 */
#define VGH_NUM_IOCTLS		(DRM_VIRTGPU_HEAP_QUERY + 1)

extern const struct drm_ioctl_desc vgh_ioctls[VGH_NUM_IOCTLS];

int vgh_caps_init(struct vgh_device *vgdev);

#endif /* VGH_IOCTL_H */
