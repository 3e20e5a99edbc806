/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The dedicated heap: the interface other blocks use. The pool is private
 * to vgh_heap.c; its blocks come from the range allocator (vgh_mm.h).
 */
#ifndef VGH_HEAP_H
#define VGH_HEAP_H

#include <linux/types.h>

struct drm_printer;
struct vgh_device;
struct vgh_mm;

int vgh_heap_init(struct vgh_device *vgdev);
struct vgh_mm *vgh_heap_mm(const struct vgh_device *vgdev);
u64 vgh_heap_align(const struct vgh_device *vgdev);
bool vgh_heap_blobs(const struct vgh_device *vgdev);
void vgh_heap_recheck(struct vgh_device *vgdev);
void vgh_heap_show(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_HEAP_H */
