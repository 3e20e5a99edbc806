/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The range allocator: the interface the heap and the host-visible
 * region use. The allocator and its blocks are private to vgh_mm.c.
 */
#ifndef VGH_MM_H
#define VGH_MM_H

#include <linux/types.h>

struct drm_printer;
struct vgh_mm;
struct vgh_mm_block;

/**
 * struct vgh_mm_stats - what an allocator holds, for debugfs and tests
 * @size: bytes in the range
 * @used: bytes in blocks
 * @largest_free: the largest range a block could still take
 * @blocks: blocks handed out
 * @allocs: allocations that succeeded since the allocator was made
 * @failures: allocations that found no room
 * @clearing: bytes released and not yet cleared (not free yet)
 * @cleared: bytes cleared since the allocator was made
 * @clear_ns: time spent clearing them, in nanoseconds
 */
struct vgh_mm_stats {
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

const char *vgh_mm_range_check(u64 base, u64 size);
struct vgh_mm *vgh_mm_create(phys_addr_t base, u64 size, void *vaddr);
void vgh_mm_destroy(struct vgh_mm *vmm);
struct vgh_mm_block *vgh_mm_alloc(struct vgh_mm *vmm, u64 size, u64 align);
void vgh_mm_free(struct vgh_mm_block *block);
void vgh_mm_retire(struct vgh_mm_block *block);
void vgh_mm_flush(struct vgh_mm *vmm);
phys_addr_t vgh_mm_base(const struct vgh_mm *vmm);
phys_addr_t vgh_mm_block_addr(const struct vgh_mm_block *block);
u64 vgh_mm_block_size(const struct vgh_mm_block *block);
void vgh_mm_get_stats(struct vgh_mm *vmm, struct vgh_mm_stats *st);
void vgh_mm_print(struct vgh_mm *vmm, const char *name, struct drm_printer *p);

#endif /* VGH_MM_H */
