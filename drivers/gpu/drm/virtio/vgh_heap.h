/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The dedicated heap's allocator: the interface other blocks use. The
 * heap and its blocks are private to vgh_heap.c.
 */
#ifndef VGH_HEAP_H
#define VGH_HEAP_H

#include <linux/types.h>

struct drm_printer;
struct vgh_device;
struct vgh_heap;
struct vgh_heap_block;

/**
 * struct vgh_heap_stats - what the heap holds, for debugfs and tests
 * @size: bytes in the pool
 * @used: bytes in blocks
 * @largest_free: the largest range a block could still take
 * @blocks: blocks handed out
 * @allocs: allocations that succeeded since the heap was made
 * @failures: allocations that found no room
 * @clearing: bytes released and not yet cleared (not free yet)
 * @cleared: bytes cleared since the heap was made
 * @clear_ns: time spent clearing them, in nanoseconds
 */
struct vgh_heap_stats {
	u64 size;
	u64 used;
	u64 largest_free;
	u64 blocks;
	u64 allocs;
	u64 failures;
	u64 clearing;
	u64 cleared;
	u64 clear_ns;
};

struct vgh_heap *vgh_heap_create(phys_addr_t base, u64 size, void *vaddr);
void vgh_heap_destroy(struct vgh_heap *heap);
struct vgh_heap_block *vgh_heap_alloc(struct vgh_heap *heap, u64 size,
				      u64 align);
void vgh_heap_free(struct vgh_heap_block *block);
void vgh_heap_retire(struct vgh_heap_block *block);
void vgh_heap_flush(struct vgh_heap *heap);
phys_addr_t vgh_heap_base(const struct vgh_heap *heap);
u64 vgh_heap_align(const struct vgh_device *vgdev);
bool vgh_heap_blobs(const struct vgh_device *vgdev);
phys_addr_t vgh_heap_block_addr(const struct vgh_heap_block *block);
u64 vgh_heap_block_size(const struct vgh_heap_block *block);
void vgh_heap_get_stats(struct vgh_heap *heap, struct vgh_heap_stats *st);
void vgh_heap_print(struct vgh_heap *heap, struct drm_printer *p);
int vgh_heap_init(struct vgh_device *vgdev);
void vgh_heap_recheck(struct vgh_device *vgdev);
void vgh_heap_show(struct vgh_device *vgdev, struct drm_printer *p);

#endif /* VGH_HEAP_H */
