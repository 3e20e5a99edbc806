/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The host-visible memory region: the interface the GEM code uses.
 */
#ifndef VGH_HOSTVIS_H
#define VGH_HOSTVIS_H

#include <linux/types.h>

struct drm_printer;
struct vgh_device;
struct vgh_hostvis_map;
struct vgh_range;

int vgh_hostvis_init(struct vgh_device *vgdev);
bool vgh_hostvis_present(const struct vgh_device *vgdev);
bool vgh_hostvis_can_map(const struct vgh_device *vgdev);
int vgh_hostvis_map(struct vgh_device *vgdev, u32 res_id, u64 size,
		    struct vgh_hostvis_map **out);
void vgh_hostvis_unmap(struct vgh_device *vgdev, struct vgh_hostvis_map *map);
void vgh_hostvis_range(const struct vgh_hostvis_map *map,
		       struct vgh_range *range);
void vgh_hostvis_print(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_HOSTVIS_H */
