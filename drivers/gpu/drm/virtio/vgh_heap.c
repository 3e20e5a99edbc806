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
 * without a device; the driver ties its lifetime to the DRM device.
 *
 * The pool is found at probe (vgh_heap_init()): from the bring-up module
 * parameters heap_base and heap_size, else from the device tree (a
 * memory-region phandle on the device's node to a no-map reserved-memory
 * node), else from the device's shared memory region
 * VIRTIO_GPU_SHM_ID_HEAP. It is refused, with one log line saying why,
 * when it wraps, is not page aligned, overlaps System RAM, or, while
 * the dma32 parameter is set (the default), reaches above 4 GiB; the driver then
 * works on without a heap. Heap mode is on when there is a pool and no
 * host-visible region (heap_mode=1 forces it, 0 turns the heap off).
 *
 * In heap mode the buffers userspace makes for the host come from the
 * heap: GUEST_VRAM blobs, mappable HOST3D blobs (mapped at their block's
 * offset in the heap region), and dumb buffers. On a device that takes
 * blobs a dumb buffer is a GUEST_VRAM blob that the host scans out where
 * it lies; on one that does not, it backs a 2D resource and reaches the
 * host by transfers, which the driver says once at probe.
 *
 * Every block must be freed before the heap is destroyed: a block left
 * over is a leak, which the destroy reports and then takes back. A block
 * the host would not let go of (its resource's unref failed) is retired
 * instead: never reused, and freed with the heap.
 *
 * No client may see another's bytes, so every block is zero when it is
 * handed out. Clearing is done on release, not on allocation, to keep
 * it off the allocating caller's path: vgh_heap_free() only queues the
 * block, which stays in the drm_mm (taken, and counted as clearing)
 * until a worker has zeroed it through the pool's kernel mapping; only
 * then does its range go back to the allocator. Callers free a block
 * once nothing can reach it any more: the host has let go of its
 * resource and no CPU mapping, kernel mapping or dma-buf of its object
 * is left. An allocation that finds no room while blocks are being
 * cleared waits for them before it gives up. The pool's content at
 * probe is unknown (an earlier driver instance, or firmware, may have
 * used it), so a new heap starts with the whole pool queued for
 * clearing, in chunks that become usable one by one.
 */

#include <linux/dma-resv.h>
#include <linux/io.h>
#include <linux/iosys-map.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <kunit/visibility.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <drm/drm_mm.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"

/* The pool's content at probe is cleared in chunks of this size. */
#define VGH_HEAP_CLEAR_CHUNK	SZ_4M

/**
 * struct vgh_heap - the pool and its allocator
 * @base: guest-physical address of the pool
 * @vaddr: kernel mapping of the pool, through which released blocks are
 *	cleared; NULL for a heap whose memory is never read (unit tests of
 *	the allocator)
 * @lock: protects @mm and the counters below
 * @mm: free and used ranges, as guest-physical addresses
 * @size: bytes in the pool
 * @used: bytes in blocks
 * @blocks: blocks handed out
 * @allocs: successful allocations
 * @failures: allocations that found no room
 * @retired: blocks given up for good (vgh_heap_retire())
 * @retired_list: those blocks, freed with the heap
 * @dirty_list: released blocks waiting to be cleared
 * @clearing: bytes in blocks released and not yet cleared
 * @cleared: bytes cleared since the heap was made
 * @clear_ns: time spent clearing them
 * @clear_seq: bumped each time a cleared block's range is given back
 * @clear_wq: where allocations wait for @clear_seq to move
 * @clear_work: clears the blocks on @dirty_list
 * @dying: the heap is being destroyed; @clear_work stops
 * @from_device: the pool is the device's shared memory region
 * @moved_reported: the device was found to report another region
 */
struct vgh_heap {
	phys_addr_t base;
	void *vaddr;
	/* mm, the counters, retired_list, dirty_list and dying */
	struct mutex lock;
	struct drm_mm mm;
	u64 size;
	u64 used;
	u64 blocks;
	u64 allocs;
	u64 failures;
	u64 retired;
	struct list_head retired_list;
	struct list_head dirty_list;
	u64 clearing;
	u64 cleared;
	u64 clear_ns;
	u64 clear_seq;
	wait_queue_head_t clear_wq;
	struct work_struct clear_work;
	bool dying;
	bool from_device;
	bool moved_reported;
};

/**
 * struct vgh_heap_block - one contiguous range of the pool
 * @node: the range in &vgh_heap.mm
 * @heap: the heap it came from
 * @retired: entry in &vgh_heap.retired_list once retired
 * @dirty: entry in &vgh_heap.dirty_list while it waits to be cleared
 */
struct vgh_heap_block {
	struct drm_mm_node node;
	struct vgh_heap *heap;
	struct list_head retired;
	struct list_head dirty;
};

static int vgh_heap_insert_locked(struct vgh_heap *heap,
				  struct vgh_heap_block *block, u64 size,
				  u64 align)
{
	int ret;

	lockdep_assert_held(&heap->lock);
	ret = drm_mm_insert_node_generic(&heap->mm, &block->node, size, align,
					 0, DRM_MM_INSERT_BEST);
	if (ret)
		return ret;
	heap->used += size;
	heap->blocks++;
	heap->allocs++;
	return 0;
}

/* Takes a block that is no longer handed out nor clearing off the pool. */
static void vgh_heap_remove_locked(struct vgh_heap *heap,
				   struct vgh_heap_block *block)
{
	lockdep_assert_held(&heap->lock);
	if (!list_empty(&block->retired)) {
		list_del(&block->retired);
		heap->retired--;
		heap->used -= block->node.size;
		heap->blocks--;
	}
	drm_mm_remove_node(&block->node);
}

/**
 * vgh_heap_destroy() - free a heap
 * @heap: the heap, or NULL
 *
 * Clearing still pending stops; the next heap over the same memory
 * clears it all before use. Retired blocks go with it. Blocks still
 * allocated are reported as leaks and taken back.
 */
void vgh_heap_destroy(struct vgh_heap *heap)
{
	struct vgh_heap_block *block, *tmp;
	struct drm_mm_node *node, *next;

	if (!heap)
		return;
	mutex_lock(&heap->lock);
	heap->dying = true;
	mutex_unlock(&heap->lock);
	cancel_work_sync(&heap->clear_work);

	mutex_lock(&heap->lock);
	list_for_each_entry_safe(block, tmp, &heap->dirty_list, dirty) {
		list_del(&block->dirty);
		heap->clearing -= block->node.size;
		vgh_heap_remove_locked(heap, block);
		kfree(block);
	}
	list_for_each_entry_safe(block, tmp, &heap->retired_list, retired) {
		vgh_heap_remove_locked(heap, block);
		kfree(block);
	}
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

static struct vgh_heap_block *vgh_heap_block_new(struct vgh_heap *heap)
{
	struct vgh_heap_block *block;

	block = kzalloc(sizeof(*block), GFP_KERNEL);
	if (!block)
		return NULL;
	block->heap = heap;
	INIT_LIST_HEAD(&block->retired);
	INIT_LIST_HEAD(&block->dirty);
	return block;
}

/* Queues a taken block for clearing; its range is not free until then. */
static void vgh_heap_dirty_locked(struct vgh_heap *heap,
				  struct vgh_heap_block *block)
{
	lockdep_assert_held(&heap->lock);
	list_add_tail(&block->dirty, &heap->dirty_list);
	heap->clearing += block->node.size;
	queue_work(system_unbound_wq, &heap->clear_work);
}

/* The whole pool, in chunks, queued for clearing before first use. */
static int vgh_heap_dirty_pool(struct vgh_heap *heap)
{
	struct vgh_heap_block *block;
	u64 off, len;
	int ret = 0;

	mutex_lock(&heap->lock);
	for (off = 0; off < heap->size; off += len) {
		len = min_t(u64, heap->size - off, VGH_HEAP_CLEAR_CHUNK);
		block = vgh_heap_block_new(heap);
		if (!block) {
			ret = -ENOMEM;
			break;
		}
		block->node.start = heap->base + off;
		block->node.size = len;
		ret = drm_mm_reserve_node(&heap->mm, &block->node);
		if (WARN_ON(ret)) {
			kfree(block);
			break;
		}
		vgh_heap_dirty_locked(heap, block);
	}
	mutex_unlock(&heap->lock);
	return ret;
}

/* Zeroes @block through the pool's mapping, a piece at a time. */
static void vgh_heap_clear_block(struct vgh_heap *heap,
				 struct vgh_heap_block *block)
{
	u64 off = block->node.start - heap->base, end = off + block->node.size;
	u64 len;

	if (!heap->vaddr)
		return;
	for (; off < end; off += len) {
		len = min_t(u64, end - off, SZ_1M);
		memset(heap->vaddr + off, 0, len);
		cond_resched();
	}
	/* the zeroes are in memory before anyone can be given the range */
	wmb();
}

static void vgh_heap_clear_work(struct work_struct *work)
{
	struct vgh_heap *heap = container_of(work, struct vgh_heap, clear_work);
	struct vgh_heap_block *block;
	ktime_t start;

	for (;;) {
		mutex_lock(&heap->lock);
		block = list_first_entry_or_null(&heap->dirty_list,
						 struct vgh_heap_block, dirty);
		if (!block || heap->dying) {
			mutex_unlock(&heap->lock);
			return;
		}
		list_del_init(&block->dirty);
		mutex_unlock(&heap->lock);

		start = ktime_get();
		vgh_heap_clear_block(heap, block);

		mutex_lock(&heap->lock);
		heap->clear_ns += ktime_to_ns(ktime_sub(ktime_get(), start));
		heap->cleared += block->node.size;
		heap->clearing -= block->node.size;
		vgh_heap_remove_locked(heap, block);
		heap->clear_seq++;
		mutex_unlock(&heap->lock);
		kfree(block);
		wake_up_all(&heap->clear_wq);
	}
}

/**
 * vgh_heap_create() - a heap over a physical range
 * @base: guest-physical start, page aligned
 * @size: length in bytes, page aligned and not zero
 * @vaddr: a kernel mapping of the whole range, or NULL
 *
 * The caller has checked that the range is the pool's and usable. With
 * @vaddr, released blocks are cleared through it, and so is the whole
 * range before any of it is handed out; the mapping must outlive the
 * heap. Without it the heap only allocates addresses.
 *
 * Return: the heap, or an ERR_PTR: -EINVAL for a range that is not page
 * aligned or wraps, -ENOMEM.
 */
struct vgh_heap *vgh_heap_create(phys_addr_t base, u64 size, void *vaddr)
{
	struct vgh_heap *heap;
	u64 end;
	int ret;

	if (!size || !PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) ||
	    check_add_overflow((u64)base, size, &end))
		return ERR_PTR(-EINVAL);
	heap = kzalloc(sizeof(*heap), GFP_KERNEL);
	if (!heap)
		return ERR_PTR(-ENOMEM);
	heap->base = base;
	heap->vaddr = vaddr;
	heap->size = size;
	mutex_init(&heap->lock);
	INIT_LIST_HEAD(&heap->retired_list);
	INIT_LIST_HEAD(&heap->dirty_list);
	init_waitqueue_head(&heap->clear_wq);
	INIT_WORK(&heap->clear_work, vgh_heap_clear_work);
	drm_mm_init(&heap->mm, base, size);
	if (vaddr) {
		ret = vgh_heap_dirty_pool(heap);
		if (ret) {
			vgh_heap_destroy(heap);
			return ERR_PTR(ret);
		}
	}
	return heap;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_create);

/**
 * vgh_heap_alloc() - take a contiguous block of the pool
 * @heap: the heap
 * @size: bytes, a multiple of the page size
 * @align: alignment of the block's address, a power of two of at least
 *	the page size
 *
 * The block's memory is zero. When no free range fits while released
 * blocks are still being cleared, the allocation waits for them.
 *
 * Return: the block, or an ERR_PTR: -EINVAL for a size or alignment that
 * is not one, -ENOSPC when no free range fits (also when @size exceeds
 * the pool), -ENOMEM.
 */
struct vgh_heap_block *vgh_heap_alloc(struct vgh_heap *heap, u64 size,
				      u64 align)
{
	struct vgh_heap_block *block;
	bool pending;
	u64 seq;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || align < PAGE_SIZE ||
	    !is_power_of_2(align))
		return ERR_PTR(-EINVAL);
	block = vgh_heap_block_new(heap);
	if (!block)
		return ERR_PTR(-ENOMEM);
	for (;;) {
		mutex_lock(&heap->lock);
		ret = vgh_heap_insert_locked(heap, block, size, align);
		pending = ret == -ENOSPC && heap->clearing && !heap->dying;
		seq = heap->clear_seq;
		if (ret && !pending)
			heap->failures++;
		mutex_unlock(&heap->lock);
		if (!pending)
			break;
		wait_event(heap->clear_wq, READ_ONCE(heap->clear_seq) != seq);
	}
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
 *
 * Only once neither the host nor any mapping can reach the block's
 * memory: the block is cleared, off the caller's path, and its range is
 * free again after that.
 */
void vgh_heap_free(struct vgh_heap_block *block)
{
	struct vgh_heap *heap;

	if (IS_ERR_OR_NULL(block))
		return;
	heap = block->heap;
	mutex_lock(&heap->lock);
	heap->used -= block->node.size;
	heap->blocks--;
	vgh_heap_dirty_locked(heap, block);
	mutex_unlock(&heap->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_free);

/**
 * vgh_heap_flush() - wait until every released block is cleared
 * @heap: the heap
 *
 * For tests and statistics that need the free ranges as they will be.
 */
void vgh_heap_flush(struct vgh_heap *heap)
{
	flush_work(&heap->clear_work);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_flush);

/**
 * vgh_heap_retire() - give a block up without reusing its range
 * @block: the block
 *
 * For a block the host may still write, because it would not let go of
 * the resource on it: the range stays taken until the heap is destroyed,
 * and is counted in debugfs. The caller no longer owns @block.
 */
void vgh_heap_retire(struct vgh_heap_block *block)
{
	struct vgh_heap *heap = block->heap;

	mutex_lock(&heap->lock);
	list_add_tail(&block->retired, &heap->retired_list);
	heap->retired++;
	mutex_unlock(&heap->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_retire);

/**
 * vgh_heap_base() - where the pool starts
 * @heap: the heap
 *
 * Return: the pool's guest-physical address; a block's offset in the
 * device's heap region is its address minus this.
 */
phys_addr_t vgh_heap_base(const struct vgh_heap *heap)
{
	return heap->base;
}

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
	st->clearing = heap->clearing;
	st->cleared = heap->cleared;
	st->clear_ns = heap->clear_ns;
	mutex_unlock(&heap->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_heap_get_stats);

/**
 * vgh_heap_print() - the accounting and the drm_mm dump, for debugfs
 * @heap: the heap
 * @p: where to print
 *
 * One line "pool BASE+SIZE size S used U free F largest_free L blocks B
 * allocs A failures X retired R", where used and blocks are what is
 * handed out and largest_free does not count ranges still being cleared;
 * one line "clearing C cleared D clear_us T": bytes released and not yet
 * cleared, bytes cleared since the heap was made and the time that took;
 * then drm_mm_print()'s lines, where blocks being cleared are taken.
 */
void vgh_heap_print(struct vgh_heap *heap, struct drm_printer *p)
{
	mutex_lock(&heap->lock);
	drm_printf(p, "pool %pa+%#llx size %llu used %llu free %llu ",
		   &heap->base, heap->size, heap->size, heap->used,
		   heap->size - heap->used);
	drm_printf(p, "largest_free %llu blocks %llu allocs %llu failures %llu retired %llu\n",
		   vgh_heap_largest_free_locked(heap), heap->blocks,
		   heap->allocs, heap->failures, heap->retired);
	drm_printf(p, "clearing %llu cleared %llu clear_us %llu\n",
		   heap->clearing, heap->cleared,
		   div_u64(heap->clear_ns, NSEC_PER_USEC));
	drm_mm_print(&heap->mm, p);
	mutex_unlock(&heap->lock);
}

/*
 * Pool discovery. The pool comes from the first source that names one:
 * the heap_base/heap_size module parameters (bring-up), the device tree,
 * or the device's shared memory region VIRTIO_GPU_SHM_ID_HEAP. Every
 * source goes through the same checks before a heap is made over it.
 */

static unsigned long long heap_base;
module_param(heap_base, ullong, 0444);
MODULE_PARM_DESC(heap_base, "guest-physical base of the dedicated heap, for bring-up (with heap_size)");
static unsigned long long heap_size;
module_param(heap_size, ullong, 0444);
MODULE_PARM_DESC(heap_size, "size of the dedicated heap, for bring-up (0: ask the device)");
static int heap_mode = -1;
module_param(heap_mode, int, 0444);
MODULE_PARM_DESC(heap_mode, "-1: heap mode when there is a pool and no host-visible region (default), 0: never, 1: whenever there is a pool");

/* One line saying why, and no heap. */
static bool vgh_pool_ok(struct vgh_device *vgdev, const char *from,
			u64 base, u64 size)
{
	struct drm_device *drm = &vgdev->drm;
	u64 end;

	if (!size || check_add_overflow(base, size, &end) ||
	    (phys_addr_t)(end - 1) != end - 1) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s does not fit the address space, no heap\n",
			 base, size, from);
		return false;
	}
	if (!PAGE_ALIGNED(base) || !PAGE_ALIGNED(size)) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s is not page aligned, no heap\n",
			 base, size, from);
		return false;
	}
	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s overlaps memory the kernel owns, no heap\n",
			 base, size, from);
		return false;
	}
	if (vgh_dma32() && end > SZ_4G) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s lies above 4 GiB while DMA32 is required (dma32), no heap\n",
			 base, size, from);
		return false;
	}
	return true;
}

/*
 * The device's firmware node names the pool with a memory-region phandle
 * to a reserved-memory node (Documentation/devicetree/bindings/gpu/
 * virtio-gpu-heap.yaml); for virtio-mmio that is the transport's node.
 */
static bool vgh_pool_from_dt(struct vgh_device *vgdev, u64 *base, u64 *size)
{
	struct device *dev = vgdev->vdev->dev.parent;
	struct reserved_mem *rmem;
	struct device_node *np;

	if (!dev || !dev->of_node)
		return false;
	np = of_parse_phandle(dev->of_node, "memory-region", 0);
	if (!np)
		return false;
	rmem = of_reserved_mem_lookup(np);
	if (!rmem) {
		drm_warn(&vgdev->drm, "heap: memory-region %pOF of %pOF is not reserved memory, no heap from the device tree\n",
			 np, dev->of_node);
		of_node_put(np);
		return false;
	}
	of_node_put(np);
	*base = rmem->base;
	*size = rmem->size;
	return true;
}

/**
 * struct vgh_pool - what the driver holds of the pool for the heap's life
 * @heap: the allocator
 * @vaddr: the pool's kernel mapping, through which blocks are cleared
 * @res: the pool's claim in the physical address space
 * @link: entry in the list of pools this module holds
 */
struct vgh_pool {
	struct vgh_heap *heap;
	void *vaddr;
	struct resource *res;
	struct list_head link;
};

/*
 * The pools claimed by this module's DRM devices, live or unplugged, so
 * that a pool found taken can be told apart: still held by an earlier
 * instance of the same device, which a client keeps open after a hot
 * unbind, or claimed by something else.
 */
static LIST_HEAD(vgh_pools);
static DEFINE_MUTEX(vgh_pools_lock);

static bool vgh_pool_held_by_us(u64 base, u64 size)
{
	struct vgh_pool *pool;
	bool held = false;

	mutex_lock(&vgh_pools_lock);
	list_for_each_entry(pool, &vgh_pools, link)
		if (base <= pool->res->end && pool->res->start <= base + size - 1)
			held = true;
	mutex_unlock(&vgh_pools_lock);
	return held;
}

/*
 * Runs when the last user of the DRM device is gone, which may be long
 * after the virtio device was removed: until then mappings and
 * dma-bufs may still name blocks, so the pool stays claimed and no new
 * heap is made over it.
 */
static void vgh_pool_release(struct drm_device *drm, void *data)
{
	struct vgh_pool *pool = data;

	mutex_lock(&vgh_pools_lock);
	list_del(&pool->link);
	mutex_unlock(&vgh_pools_lock);
	vgh_heap_destroy(pool->heap);
	memunmap(pool->vaddr);
	release_mem_region(pool->res->start, resource_size(pool->res));
}

/* Heap blocks reach the device as guest-physical addresses. */
static bool vgh_pool_addressable(struct vgh_device *vgdev)
{
	struct virtqueue *vq = vgdev->queues[VGH_QUEUE_CONTROL].vq;

	if (!virtqueue_dma_dev(vq))
		return true;
	drm_warn(&vgdev->drm, "heap: the transport translates device addresses (VIRTIO_F_ACCESS_PLATFORM or an IOMMU), so heap blocks would reach the device untranslated: no heap\n");
	return false;
}

static int vgh_pool_claim(struct vgh_device *vgdev, const char *from,
			  u64 base, u64 size)
{
	struct drm_device *drm = &vgdev->drm;
	struct vgh_pool *pool;

	pool = drmm_kzalloc(drm, sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	pool->res = request_mem_region(base, size, "virtio-gpu heap");
	if (!pool->res) {
		/*
		 * A hot rebind while a client still holds the unplugged
		 * instance: expected, and this instance works from shmem.
		 */
		if (vgh_pool_held_by_us(base, size))
			drm_info(drm, "heap: pool %#llx+%#llx from the %s is still held by an unplugged instance of this driver (open files, mappings or dma-bufs), no heap until the device is bound again after they are gone\n",
				 base, size, from);
		else
			drm_warn(drm, "heap: pool %#llx+%#llx from the %s is taken, no heap\n",
				 base, size, from);
		return 0;
	}
	pool->vaddr = memremap(base, size, MEMREMAP_WC);
	if (!pool->vaddr) {
		drm_warn(drm, "heap: pool %#llx+%#llx from the %s cannot be mapped to clear it, no heap\n",
			 base, size, from);
		release_mem_region(base, size);
		return 0;
	}
	pool->heap = vgh_heap_create(base, size, pool->vaddr);
	if (IS_ERR(pool->heap)) {
		memunmap(pool->vaddr);
		release_mem_region(base, size);
		return PTR_ERR(pool->heap);
	}
	vgdev->heap = pool->heap;
	mutex_lock(&vgh_pools_lock);
	list_add(&pool->link, &vgh_pools);
	mutex_unlock(&vgh_pools_lock);
	return drmm_add_action_or_reset(drm, vgh_pool_release, pool);
}

/**
 * vgh_heap_init() - find the pool, check it and make the heap
 * @vgdev: the device, after the host-visible region was looked for
 *
 * A pool that fails a check is reported in one log line and the driver
 * goes on without a heap. The pool is claimed and mapped for as long as
 * the DRM device lives, and its whole content is cleared before any of
 * it is handed out.
 *
 * Return: 0, also without a heap; -ENOMEM.
 */
int vgh_heap_init(struct vgh_device *vgdev)
{
	struct virtio_shm_region region = {};
	struct drm_device *drm = &vgdev->drm;
	const char *from = "module parameters";
	u64 base = heap_base, size = heap_size;
	int ret;

	if (!heap_mode)
		return 0;
	if (!size && vgh_pool_from_dt(vgdev, &base, &size))
		from = "device tree";
	if (!size) {
		if (!virtio_get_shm_region(vgdev->vdev, &region,
					   VIRTIO_GPU_SHM_ID_HEAP))
			return 0;
		from = "device";
		base = region.addr;
		size = region.len;
	}
	if (!vgh_pool_ok(vgdev, from, base, size) ||
	    !vgh_pool_addressable(vgdev))
		return 0;
	ret = vgh_pool_claim(vgdev, from, base, size);
	if (ret || !vgdev->heap)
		return ret;
	vgdev->heap->from_device = region.len != 0;
	vgdev->heap_mode = heap_mode == 1 || !vgh_hostvis_present(vgdev);
	drm_info(drm, "heap: pool %#llx+%#llx from the %s, heap mode %s\n",
		 base, size, from, vgdev->heap_mode ? "on" : "off");
	/* without blobs the host copies heap buffers like any other */
	if (vgdev->heap_mode && !vgh_heap_blobs(vgdev))
		drm_info(drm, "heap: the device takes no blobs: no GUEST_VRAM blobs, and scanout buffers from the heap are copied to the host by transfers\n");
	return 0;
}

/**
 * vgh_heap_blobs() - whether GUEST_VRAM blobs can be made
 * @vgdev: the device
 *
 * Return: true in heap mode on a device that takes blob resources.
 */
bool vgh_heap_blobs(const struct vgh_device *vgdev)
{
	return vgdev->heap_mode && vgh_blobs(vgdev);
}

/**
 * vgh_heap_align() - alignment of heap blocks and of heap blob sizes
 * @vgdev: the device
 *
 * Return: the blob alignment (the page size, or the device's larger
 * VIRTIO_GPU_F_BLOB_ALIGNMENT), a power of two.
 */
u64 vgh_heap_align(const struct vgh_device *vgdev)
{
	return vgdev->blob_align ?: PAGE_SIZE;
}

/**
 * vgh_heap_recheck() - refuse a heap region the device moved after probe
 * @vgdev: the device, after a configuration change
 *
 * The pool is fixed for the life of the driver: memory in it is handed
 * out and mapped. A device that now reports another heap region is
 * broken or hostile; that is said once, and the heap stays where it was.
 */
void vgh_heap_recheck(struct vgh_device *vgdev)
{
	struct virtio_shm_region region = {};
	struct vgh_heap *heap = vgdev->heap;

	if (!heap || !heap->from_device || heap->moved_reported ||
	    !virtio_get_shm_region(vgdev->vdev, &region, VIRTIO_GPU_SHM_ID_HEAP))
		return;
	if (region.addr == heap->base && region.len == heap->size)
		return;
	heap->moved_reported = true;
	drm_err(&vgdev->drm, "heap: the device now reports its heap region at %#llx+%#llx, not %pa+%#llx as at probe: refused, the heap stays where it was\n",
		region.addr, region.len, &heap->base, heap->size);
}

/**
 * vgh_heap_show() - the heap for debugfs, or that there is none
 * @vgdev: the device
 * @p: where to print
 */
void vgh_heap_show(struct vgh_device *vgdev, struct drm_printer *p)
{
	if (!vgdev->heap) {
		drm_printf(p, "no heap\n");
		return;
	}
	drm_printf(p, "heap mode %s\n", vgdev->heap_mode ? "on" : "off");
	vgh_heap_print(vgdev->heap, p);
}

/*
 * heap backend: in heap mode a GUEST_VRAM blob, or a dumb buffer, is one
 * block of the dedicated heap. The device gets the block as the single
 * memory entry of the blob (or of the 2D resource it backs on a device
 * without blobs), user space maps it write-combined, and the host reads
 * a blob where it lies.
 */

static void vgh_heap_range(struct vgh_bo *bo, struct vgh_range *r)
{
	r->addr = vgh_heap_block_addr(bo->block);
	r->size = bo->shmem.base.size;
	r->map_info = VIRTIO_GPU_MAP_CACHE_WC;
}

/* The block as the device sees it: its guest-physical range. */
static struct sg_table *vgh_heap_device_sgt(struct vgh_bo *bo)
{
	struct vgh_device *vgdev = to_vgh(bo->shmem.base.dev);
	struct vgh_heap_block *block;
	struct sg_table *sgt;

	block = vgh_heap_alloc(vgdev->heap, bo->host_size, bo->align);
	if (IS_ERR(block))
		return ERR_CAST(block);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt || sg_alloc_table(sgt, 1, GFP_KERNEL)) {
		kfree(sgt);
		vgh_heap_free(block);
		return ERR_PTR(-ENOMEM);
	}
	sgt->sgl->length = bo->host_size;
	sg_dma_address(sgt->sgl) = vgh_heap_block_addr(block);
	sg_dma_len(sgt->sgl) = bo->host_size;
	bo->block = block;
	return sgt;
}

static void vgh_heap_device_release(struct vgh_bo *bo)
{
	sg_free_table(bo->dev_sgt);
	kfree(bo->dev_sgt);
	if (bo->host_lost)
		vgh_heap_retire(bo->block);
	else
		vgh_heap_free(bo->block);
	bo->block = NULL;
}

/*
 * Once the device is gone its heap is no longer shared with anyone: new
 * mappings are refused (existing ones were zapped at removal), also
 * through a dma-buf that outlived the device.
 */
static int vgh_heap_bo_mmap(struct drm_gem_object *obj,
			    struct vm_area_struct *vma)
{
	struct vgh_range r;
	int idx, ret;

	if (!drm_dev_enter(obj->dev, &idx))
		return -ENODEV;
	vma->vm_pgoff -= drm_vma_node_start(&obj->vma_node);
	vgh_heap_range(to_vgh_bo(obj), &r);
	ret = vgh_range_mmap(&r, vma);
	drm_dev_exit(idx);
	return ret;
}

/* Kernel mappings (fbdev, cursor images) share one of the block. */
static int vgh_heap_bo_vmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	dma_resv_assert_held(obj->resv);
	if (!bo->vmap_count) {
		bo->vaddr = memremap(vgh_heap_block_addr(bo->block), obj->size,
				     MEMREMAP_WC);
		if (!bo->vaddr)
			return -ENOMEM;
	}
	bo->vmap_count++;
	iosys_map_set_vaddr(map, bo->vaddr);
	return 0;
}

static void vgh_heap_bo_vunmap(struct drm_gem_object *obj,
			       struct iosys_map *map)
{
	struct vgh_bo *bo = to_vgh_bo(obj);

	dma_resv_assert_held(obj->resv);
	if (WARN_ON(!bo->vmap_count) || --bo->vmap_count)
		return;
	memunmap(bo->vaddr);
	bo->vaddr = NULL;
}

static struct sg_table *vgh_heap_map_dma_buf(struct vgh_bo *bo,
					     struct device *dev,
					     enum dma_data_direction dir)
{
	struct vgh_range r;

	vgh_heap_range(bo, &r);
	return vgh_range_dma_map(&r, dev, dir);
}

static void vgh_heap_bo_print_info(const struct vgh_bo *bo,
				   struct drm_printer *p, unsigned int indent)
{
	if (bo->block)
		drm_printf_indent(p, indent, "heap block=%#llx\n",
				  (u64)vgh_heap_block_addr(bo->block));
}

/*
 * Heap memory has no pages either; the kernel maps it on demand, user
 * space directly, importers through its DMA address.
 */
static const struct drm_gem_object_funcs vgh_heap_funcs = {
	.free = vgh_gem_free,
	.open = vgh_gem_open,
	.close = vgh_gem_close,
	.export = vgh_gem_prime_export,
	.print_info = vgh_gem_print_info,
	.mmap = vgh_heap_bo_mmap,
	.vm_ops = &vgh_range_vm_ops,
	.vmap = vgh_heap_bo_vmap,
	.vunmap = vgh_heap_bo_vunmap,
};

const struct vgh_bo_backend vgh_heap_backend = {
	.name = "heap",
	.funcs = &vgh_heap_funcs,
	.from_heap = true,
	.device_sgt = vgh_heap_device_sgt,
	.device_release = vgh_heap_device_release,
	.free = vgh_shmem_free,
	.map_dma_buf = vgh_heap_map_dma_buf,
	.unmap_dma_buf = vgh_range_dma_unmap,
	.print_info = vgh_heap_bo_print_info,
};
