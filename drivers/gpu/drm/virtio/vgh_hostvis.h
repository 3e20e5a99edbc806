/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The host-visible memory region: the interface the GEM code uses.
 */
#ifndef VGH_HOSTVIS_H
#define VGH_HOSTVIS_H

#include <linux/types.h>

#include <linux/dma-direction.h>

struct device;
struct drm_printer;
struct sg_table;
struct vgh_device;
struct vgh_hostvis_map;
struct vm_area_struct;

int vgh_hostvis_init(struct vgh_device *vgdev);
bool vgh_hostvis_present(const struct vgh_device *vgdev);
int vgh_hostvis_map(struct vgh_device *vgdev, u32 res_id, u64 size,
		    struct vgh_hostvis_map **out);
void vgh_hostvis_unmap(struct vgh_device *vgdev, struct vgh_hostvis_map *map);
int vgh_hostvis_mmap(struct vgh_hostvis_map *map, struct vm_area_struct *vma,
		     u64 offset);
struct sg_table *vgh_hostvis_dma_map(struct vgh_hostvis_map *map,
				     struct device *dev,
				     enum dma_data_direction dir);
void vgh_hostvis_dma_unmap(struct device *dev, struct sg_table *sgt,
			   enum dma_data_direction dir);
void vgh_hostvis_print(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_HOSTVIS_H */
