/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Mode setting of the virtio-gpu-heap driver.
 */
#ifndef VGH_KMS_H
#define VGH_KMS_H

#include <linux/types.h>

struct drm_display_mode;
struct vgh_device;

u64 vgh_mode_frame_ns(const struct drm_display_mode *mode);
int vgh_kms_init(struct vgh_device *vgdev);
void vgh_kms_hotplug(struct vgh_device *vgdev);

#endif /* VGH_KMS_H */
