/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Mode setting of the virtio-gpu-heap driver.
 */
#ifndef VGH_KMS_H
#define VGH_KMS_H

#include <linux/types.h>

struct drm_crtc_state;
struct drm_display_mode;
struct drm_framebuffer;
struct drm_gem_object;
struct drm_printer;
struct vgh_device;

u64 vgh_mode_frame_ns(const struct drm_display_mode *mode);
u32 vgh_crtc_scanout(const struct drm_crtc_state *state);
u32 vgh_fb_resource_id(struct drm_framebuffer *fb);
struct drm_gem_object *vgh_fb_shadow(struct drm_framebuffer *fb);
bool vgh_fb_direct(struct drm_framebuffer *fb);

int vgh_kms_init(struct vgh_device *vgdev);
void vgh_kms_hotplug(struct vgh_device *vgdev);
void vgh_kms_print_vblank(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_KMS_H */
