// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The dedicated heap's allocator of the virtio-gpu-heap driver.
 */

/**
 * DOC: Heap allocator
 *
 * The dedicated heap is one physically contiguous pool, fixed at probe,
 * that the guest and the host both see. Every buffer the host must touch
 * in heap mode is one block of it, so a blob reaches the host as a single
 * memory entry and the host never copies it.
 *
 * A &struct drm_mm manages the pool, over the pool's guest-physical
 * addresses, so that alignment is of the address the device sees;
 * &struct vgh_heap_block wraps its node so that no caller sees
 * drm_mm. One mutex, &vgh_heap.lock, protects the drm_mm and the
 * accounting; the functions that need it held end in _locked and assert
 * it. Blocks are placed best fit, which keeps the largest free range
 * large under a mix of sizes. An allocation that finds no room fails
 * with -ENOSPC and is counted.
 *
 * A heap is made and destroyed explicitly, so that unit tests can use one
 * without a device; the driver ties its lifetime to the DRM device. Every
 * block must be freed before the heap is destroyed: a block left over is
 * a leak, which the destroy reports and then takes back.
 */

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include <drm/drm_mm.h>
#include <drm/drm_print.h>

#include "vgh_heap.h"

/**
 * struct vgh_heap - the pool and its allocator
 * @base: guest-physical address of the pool
 * @lock: protects @mm and the counters below
 * @mm: free and used ranges, as guest-physical addresses
 * @size: bytes in the pool
 * @used: bytes in blocks
 * @blocks: blocks handed out
 * @allocs: successful allocations
 * @failures: allocations that found no room
 */
struct vgh_heap {
	phys_addr_t base;
	struct mutex lock; /* mm and the counters */
	struct drm_mm mm;
	u64 size;
	u64 used;
	u64 blocks;
	u64 allocs;
	u64 failures;
};

/**
 * struct vgh_heap_block - one contiguous range of the pool
 * @node: the range in &vgh_heap.mm
 * @heap: the heap it came from
 */
struct vgh_heap_block {
	struct drm_mm_node node;
	struct vgh_heap *heap;
};

/**
 * vgh_heap_create() - a heap over a physical range
 * @base: guest-physical start, page aligned
 * @size: length in bytes, page aligned and not zero
 *
 * The caller has checked that the range is the pool's and usable.
 *
 * Return: the heap, or an ERR_PTR: -EINVAL for a range that is not page
 * aligned or wraps, -ENOMEM.
 */
struct vgh_heap *vgh_heap_create(phys_addr_t base, u64 size)
{
	struct vgh_heap *heap;
	u64 end;

	if (!size || !PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) ||
	    check_add_overflow((u64)base, size, &end))
		return ERR_PTR(-EINVAL);
	heap = kzalloc(sizeof(*heap), GFP_KERNEL);
	if (!heap)
		return ERR_PTR(-ENOMEM);
	heap->base = base;
	heap->size = size;
	mutex_init(&heap->lock);
	drm_mm_init(&heap->mm, base, size);
	return heap;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_create);

/**
 * vgh_heap_destroy() - free a heap
 * @heap: the heap, or NULL
 *
 * Blocks still allocated are reported as leaks and taken back.
 */
void vgh_heap_destroy(struct vgh_heap *heap)
{
	struct drm_mm_node *node, *next;

	if (!heap)
		return;
	mutex_lock(&heap->lock);
	if (WARN(heap->blocks, "virtio-gpu-heap: %llu heap blocks leaked\n",
		 heap->blocks)) {
		drm_mm_for_each_node_safe(node, next, &heap->mm) {
			drm_mm_remove_node(node);
			kfree(container_of(node, struct vgh_heap_block, node));
		}
	}
	drm_mm_takedown(&heap->mm);
	mutex_unlock(&heap->lock);
	mutex_destroy(&heap->lock);
	kfree(heap);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_destroy);

static int vgh_heap_insert_locked(struct vgh_heap *heap,
				  struct vgh_heap_block *block, u64 size,
				  u64 align)
{
	int ret;

	lockdep_assert_held(&heap->lock);
	ret = drm_mm_insert_node_generic(&heap->mm, &block->node, size, align,
					 0, DRM_MM_INSERT_BEST);
	if (ret) {
		heap->failures++;
		return ret;
	}
	heap->used += size;
	heap->blocks++;
	heap->allocs++;
	return 0;
}

static void vgh_heap_remove_locked(struct vgh_heap *heap,
				   struct vgh_heap_block *block)
{
	lockdep_assert_held(&heap->lock);
	heap->used -= block->node.size;
	heap->blocks--;
	drm_mm_remove_node(&block->node);
}

/**
 * vgh_heap_alloc() - take a contiguous block of the pool
 * @heap: the heap
 * @size: bytes, a multiple of the page size
 * @align: alignment of the block's address, a power of two of at least
 *	the page size
 *
 * Return: the block, or an ERR_PTR: -EINVAL for a size or alignment the
 * heap cannot honour, -ENOSPC when no free range fits, -ENOMEM.
 */
struct vgh_heap_block *vgh_heap_alloc(struct vgh_heap *heap, u64 size,
				      u64 align)
{
	struct vgh_heap_block *block;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || size > heap->size ||
	    align < PAGE_SIZE || !is_power_of_2(align))
		return ERR_PTR(-EINVAL);
	block = kzalloc(sizeof(*block), GFP_KERNEL);
	if (!block)
		return ERR_PTR(-ENOMEM);
	block->heap = heap;
	mutex_lock(&heap->lock);
	ret = vgh_heap_insert_locked(heap, block, size, align);
	mutex_unlock(&heap->lock);
	if (ret) {
		kfree(block);
		return ERR_PTR(ret);
	}
	return block;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_alloc);

/**
 * vgh_heap_free() - give a block back
 * @block: the block, or NULL or an ERR_PTR
 */
void vgh_heap_free(struct vgh_heap_block *block)
{
	struct vgh_heap *heap;

	if (IS_ERR_OR_NULL(block))
		return;
	heap = block->heap;
	mutex_lock(&heap->lock);
	vgh_heap_remove_locked(heap, block);
	mutex_unlock(&heap->lock);
	kfree(block);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_free);

/**
 * vgh_heap_block_addr() - where a block lies
 * @block: the block
 *
 * Return: its guest-physical address.
 */
phys_addr_t vgh_heap_block_addr(const struct vgh_heap_block *block)
{
	return block->node.start;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_block_addr);

/**
 * vgh_heap_block_size() - how large a block is
 * @block: the block
 *
 * Return: its size in bytes.
 */
u64 vgh_heap_block_size(const struct vgh_heap_block *block)
{
	return block->node.size;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_block_size);

static u64 vgh_heap_largest_free_locked(struct vgh_heap *heap)
{
	struct drm_mm_node *hole;
	u64 start, end, largest = 0;

	lockdep_assert_held(&heap->lock);
	drm_mm_for_each_hole(hole, &heap->mm, start, end)
		largest = max(largest, end - start);
	return largest;
}

/**
 * vgh_heap_get_stats() - a snapshot of the heap's accounting
 * @heap: the heap
 * @st: filled in
 */
void vgh_heap_get_stats(struct vgh_heap *heap, struct vgh_heap_stats *st)
{
	mutex_lock(&heap->lock);
	st->size = heap->size;
	st->used = heap->used;
	st->largest_free = vgh_heap_largest_free_locked(heap);
	st->blocks = heap->blocks;
	st->allocs = heap->allocs;
	st->failures = heap->failures;
	mutex_unlock(&heap->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_get_stats);

/**
 * vgh_heap_print() - the accounting and the drm_mm dump, for debugfs
 * @heap: the heap
 * @p: where to print
 *
 * One line "pool BASE+SIZE size S used U free F largest_free L blocks B
 * allocs A failures X", then drm_mm_print()'s lines.
 */
void vgh_heap_print(struct vgh_heap *heap, struct drm_printer *p)
{
	mutex_lock(&heap->lock);
	drm_printf(p, "pool %pa+%#llx size %llu used %llu free %llu ",
		   &heap->base, heap->size, heap->size, heap->used,
		   heap->size - heap->used);
	drm_printf(p, "largest_free %llu blocks %llu allocs %llu failures %llu\n",
		   vgh_heap_largest_free_locked(heap), heap->blocks,
		   heap->allocs, heap->failures);
	drm_mm_print(&heap->mm, p);
	mutex_unlock(&heap->lock);
}
