/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The dedicated heap offered to other drivers and to user space as a
 * DMA-BUF heap. Its state is private to vgh_dma_heap.c.
 */
#ifndef VGH_DMA_HEAP_H
#define VGH_DMA_HEAP_H

struct drm_printer;
struct vgh_device;

int vgh_dma_heap_init(struct vgh_device *vgdev);
void vgh_dma_heap_show(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_DMA_HEAP_H */
