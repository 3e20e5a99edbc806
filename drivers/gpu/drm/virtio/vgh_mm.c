// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The range allocator of the virtio-gpu-heap driver.
 */

/**
 * DOC: Range allocator
 *
 * Memory the guest hands out in pieces that the device reaches as one
 * contiguous range each: the dedicated heap's pool, and the host-visible
 * region where HOST3D blobs are mapped. Both are a &struct vgh_mm, one
 * allocator with two instances.
 *
 * A &struct drm_mm manages the range, over its guest-physical addresses,
 * so that alignment is of the address the device sees; &struct
 * vgh_mm_block wraps its node so that no caller sees drm_mm. One mutex,
 * &vgh_mm.lock, protects the drm_mm and the accounting; the functions
 * that need it held end in _locked and assert it. Blocks are placed best
 * fit, which keeps the largest free range large under a mix of sizes. An
 * allocation that finds no room fails with -ENOSPC and is counted.
 *
 * An allocator is made and destroyed explicitly, so that unit tests can
 * use one without a device; the driver ties its lifetime to the DRM
 * device. Every block must be freed before it is destroyed: a block left
 * over is a leak, which the destroy reports and then takes back. A block
 * the device would not let go of is retired instead (vgh_mm_retire()):
 * never reused, and freed with the allocator.
 *
 * An allocator made with a kernel mapping of its range clears what it
 * hands out, so that no client sees another's bytes. Clearing is done on
 * release, not on allocation, to keep it off the allocating caller's
 * path: vgh_mm_free() only queues the block, which stays in the drm_mm
 * (taken, and counted as clearing) until a worker has zeroed it; only
 * then does its range go back. An allocation that finds no room while
 * blocks are being cleared waits for them before it gives up. The
 * range's content at creation is unknown (an earlier driver instance, or
 * firmware, may have used it), so a new allocator starts with all of it
 * queued for clearing, in chunks that become usable one by one. The
 * host-visible region holds the host's memory, which the guest does not
 * clear: its allocator has no mapping and frees at once.
 */

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <kunit/visibility.h>

#include <drm/drm_mm.h>
#include <drm/drm_print.h>

#include "vgh_mm.h"

/**
 * vgh_mm_range_check() - whether a physical range can be managed
 * @base: guest-physical start
 * @size: length in bytes
 *
 * Return: NULL for a range that is not empty, page aligned and fits the
 * physical address space; else why not, as words that follow the
 * range in a log line.
 */
const char *vgh_mm_range_check(u64 base, u64 size)
{
	u64 end;

	if (!size || check_add_overflow(base, size, &end) ||
	    (phys_addr_t)(end - 1) != end - 1)
		return "does not fit the address space";
	if (!PAGE_ALIGNED(base) || !PAGE_ALIGNED(size))
		return "is not page aligned";
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_range_check);

/* A new range's unknown content is cleared in chunks of this size. */
#define VGH_MM_CLEAR_CHUNK	SZ_4M

/**
 * struct vgh_mm - a range allocator
 * @base: guest-physical address of the range
 * @vaddr: kernel mapping of the range, through which released blocks are
 *	cleared; NULL for memory the guest does not clear (the host's, or
 *	none in unit tests)
 * @lock: protects @mm and the counters below
 * @mm: free and used ranges, as guest-physical addresses
 * @size: bytes in the range
 * @used: bytes in blocks
 * @blocks: blocks handed out
 * @allocs: successful allocations
 * @failures: allocations that found no room
 * @retired: blocks given up for good (vgh_mm_retire())
 * @retired_list: those blocks, freed with the allocator
 * @dirty_list: released blocks waiting to be cleared
 * @clearing: bytes in blocks released and not yet cleared
 * @cleared: bytes cleared since the allocator was made
 * @clear_ns: time spent clearing them
 * @clear_seq: bumped each time a cleared block's range is given back
 * @clear_wq: where allocations wait for @clear_seq to move
 * @clear_work: clears the blocks on @dirty_list
 * @dying: the allocator is being destroyed; @clear_work stops
 */
struct vgh_mm {
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
};

/**
 * struct vgh_mm_block - one contiguous block of the range
 * @node: the range in &vgh_mm.mm
 * @vmm: the allocator it came from
 * @retired: entry in &vgh_mm.retired_list once retired
 * @dirty: entry in &vgh_mm.dirty_list while it waits to be cleared
 */
struct vgh_mm_block {
	struct drm_mm_node node;
	struct vgh_mm *vmm;
	struct list_head retired;
	struct list_head dirty;
};

static int vgh_mm_insert_locked(struct vgh_mm *vmm,
				struct vgh_mm_block *block, u64 size,
				u64 align)
{
	int ret;

	lockdep_assert_held(&vmm->lock);
	ret = drm_mm_insert_node_generic(&vmm->mm, &block->node, size, align,
					 0, DRM_MM_INSERT_BEST);
	if (ret)
		return ret;
	vmm->used += size;
	vmm->blocks++;
	vmm->allocs++;
	return 0;
}

/* Takes a block that is no longer handed out nor clearing off the range. */
static void vgh_mm_remove_locked(struct vgh_mm *vmm,
				 struct vgh_mm_block *block)
{
	lockdep_assert_held(&vmm->lock);
	if (!list_empty(&block->retired)) {
		list_del(&block->retired);
		vmm->retired--;
		vmm->used -= block->node.size;
		vmm->blocks--;
	}
	drm_mm_remove_node(&block->node);
}

/**
 * vgh_mm_destroy() - free an allocator
 * @vmm: the allocator, or NULL
 *
 * Clearing still pending stops; the next allocator over the same memory
 * clears it all before use. Retired blocks go with it. Blocks still
 * allocated are reported as leaks and taken back.
 */
void vgh_mm_destroy(struct vgh_mm *vmm)
{
	struct vgh_mm_block *block, *tmp;
	struct drm_mm_node *node, *next;

	if (!vmm)
		return;
	mutex_lock(&vmm->lock);
	vmm->dying = true;
	mutex_unlock(&vmm->lock);
	cancel_work_sync(&vmm->clear_work);

	mutex_lock(&vmm->lock);
	list_for_each_entry_safe(block, tmp, &vmm->dirty_list, dirty) {
		list_del(&block->dirty);
		vmm->clearing -= block->node.size;
		vgh_mm_remove_locked(vmm, block);
		kfree(block);
	}
	list_for_each_entry_safe(block, tmp, &vmm->retired_list, retired) {
		vgh_mm_remove_locked(vmm, block);
		kfree(block);
	}
	if (WARN(vmm->blocks, "virtio-gpu-heap: %llu blocks leaked\n",
		 vmm->blocks)) {
		drm_mm_for_each_node_safe(node, next, &vmm->mm) {
			drm_mm_remove_node(node);
			kfree(container_of(node, struct vgh_mm_block, node));
		}
	}
	drm_mm_takedown(&vmm->mm);
	mutex_unlock(&vmm->lock);
	mutex_destroy(&vmm->lock);
	kfree(vmm);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_destroy);

static struct vgh_mm_block *vgh_mm_block_new(struct vgh_mm *vmm)
{
	struct vgh_mm_block *block;

	block = kzalloc(sizeof(*block), GFP_KERNEL);
	if (!block)
		return NULL;
	block->vmm = vmm;
	INIT_LIST_HEAD(&block->retired);
	INIT_LIST_HEAD(&block->dirty);
	return block;
}

/* Queues a taken block for clearing; its range is not free until then. */
static void vgh_mm_dirty_locked(struct vgh_mm *vmm,
				struct vgh_mm_block *block)
{
	lockdep_assert_held(&vmm->lock);
	list_add_tail(&block->dirty, &vmm->dirty_list);
	vmm->clearing += block->node.size;
	queue_work(system_unbound_wq, &vmm->clear_work);
}

/* The whole range, in chunks, queued for clearing before first use. */
static int vgh_mm_dirty_all(struct vgh_mm *vmm)
{
	struct vgh_mm_block *block;
	u64 off, len;
	int ret = 0;

	mutex_lock(&vmm->lock);
	for (off = 0; off < vmm->size; off += len) {
		len = min_t(u64, vmm->size - off, VGH_MM_CLEAR_CHUNK);
		block = vgh_mm_block_new(vmm);
		if (!block) {
			ret = -ENOMEM;
			break;
		}
		block->node.start = vmm->base + off;
		block->node.size = len;
		ret = drm_mm_reserve_node(&vmm->mm, &block->node);
		if (WARN_ON(ret)) {
			kfree(block);
			break;
		}
		vgh_mm_dirty_locked(vmm, block);
	}
	mutex_unlock(&vmm->lock);
	return ret;
}

/* Zeroes @block through the range's mapping, a piece at a time. */
static void vgh_mm_clear_block(struct vgh_mm *vmm,
			       struct vgh_mm_block *block)
{
	u64 off = block->node.start - vmm->base, end = off + block->node.size;
	u64 len;

	if (!vmm->vaddr)
		return;
	for (; off < end; off += len) {
		len = min_t(u64, end - off, SZ_1M);
		memset(vmm->vaddr + off, 0, len);
		cond_resched();
	}
	/* the zeroes are in memory before anyone can be given the range */
	wmb();
}

static void vgh_mm_clear_work(struct work_struct *work)
{
	struct vgh_mm *vmm = container_of(work, struct vgh_mm, clear_work);
	struct vgh_mm_block *block;
	ktime_t start;

	for (;;) {
		mutex_lock(&vmm->lock);
		block = list_first_entry_or_null(&vmm->dirty_list,
						 struct vgh_mm_block, dirty);
		if (!block || vmm->dying) {
			mutex_unlock(&vmm->lock);
			return;
		}
		list_del_init(&block->dirty);
		mutex_unlock(&vmm->lock);

		start = ktime_get();
		vgh_mm_clear_block(vmm, block);

		mutex_lock(&vmm->lock);
		vmm->clear_ns += ktime_to_ns(ktime_sub(ktime_get(), start));
		vmm->cleared += block->node.size;
		vmm->clearing -= block->node.size;
		vgh_mm_remove_locked(vmm, block);
		vmm->clear_seq++;
		mutex_unlock(&vmm->lock);
		kfree(block);
		wake_up_all(&vmm->clear_wq);
	}
}

/**
 * vgh_mm_create() - an allocator over a physical range
 * @base: guest-physical start, page aligned
 * @size: length in bytes, page aligned and not zero
 * @vaddr: a kernel mapping of the whole range, or NULL
 *
 * With @vaddr, released blocks are cleared through it, and so is the
 * whole range before any of it is handed out; the mapping must outlive
 * the allocator. Without it the allocator only hands out addresses, and
 * a released block's range is free again at once.
 *
 * Return: the allocator, or an ERR_PTR: -EINVAL for a range that
 * vgh_mm_range_check() refuses, -ENOMEM.
 */
struct vgh_mm *vgh_mm_create(phys_addr_t base, u64 size, void *vaddr)
{
	struct vgh_mm *vmm;
	int ret;

	if (vgh_mm_range_check(base, size))
		return ERR_PTR(-EINVAL);
	vmm = kzalloc(sizeof(*vmm), GFP_KERNEL);
	if (!vmm)
		return ERR_PTR(-ENOMEM);
	vmm->base = base;
	vmm->vaddr = vaddr;
	vmm->size = size;
	mutex_init(&vmm->lock);
	INIT_LIST_HEAD(&vmm->retired_list);
	INIT_LIST_HEAD(&vmm->dirty_list);
	init_waitqueue_head(&vmm->clear_wq);
	INIT_WORK(&vmm->clear_work, vgh_mm_clear_work);
	drm_mm_init(&vmm->mm, base, size);
	if (vaddr) {
		ret = vgh_mm_dirty_all(vmm);
		if (ret) {
			vgh_mm_destroy(vmm);
			return ERR_PTR(ret);
		}
	}
	return vmm;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_create);

/**
 * vgh_mm_alloc() - take a contiguous block of the range
 * @vmm: the allocator
 * @size: bytes, a multiple of the page size
 * @align: alignment of the block's address, a power of two of at least
 *	the page size
 *
 * The block's memory is zero. When no free range fits while released
 * blocks are still being cleared, the allocation waits for them.
 *
 * Return: the block, or an ERR_PTR: -EINVAL for a size or alignment that
 * is not one, -ENOSPC when no free range fits (also when @size exceeds
 * the range), -ENOMEM.
 */
struct vgh_mm_block *vgh_mm_alloc(struct vgh_mm *vmm, u64 size,
				  u64 align)
{
	struct vgh_mm_block *block;
	bool pending;
	u64 seq;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || align < PAGE_SIZE ||
	    !is_power_of_2(align))
		return ERR_PTR(-EINVAL);
	block = vgh_mm_block_new(vmm);
	if (!block)
		return ERR_PTR(-ENOMEM);
	for (;;) {
		mutex_lock(&vmm->lock);
		ret = vgh_mm_insert_locked(vmm, block, size, align);
		pending = ret == -ENOSPC && vmm->clearing && !vmm->dying;
		seq = vmm->clear_seq;
		if (ret && !pending)
			vmm->failures++;
		mutex_unlock(&vmm->lock);
		if (!pending)
			break;
		wait_event(vmm->clear_wq, READ_ONCE(vmm->clear_seq) != seq);
	}
	if (ret) {
		kfree(block);
		return ERR_PTR(ret);
	}
	return block;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_alloc);

/**
 * vgh_mm_free() - give a block back
 * @block: the block, or NULL or an ERR_PTR
 *
 * Only once neither the host nor any mapping can reach the block's
 * memory: the block is cleared, off the caller's path, and its range is
 * free again after that (at once, for an allocator that does not clear).
 */
void vgh_mm_free(struct vgh_mm_block *block)
{
	struct vgh_mm *vmm;

	if (IS_ERR_OR_NULL(block))
		return;
	vmm = block->vmm;
	mutex_lock(&vmm->lock);
	vmm->used -= block->node.size;
	vmm->blocks--;
	if (vmm->vaddr) {
		vgh_mm_dirty_locked(vmm, block);
		block = NULL;
	} else {
		vgh_mm_remove_locked(vmm, block);
	}
	mutex_unlock(&vmm->lock);
	kfree(block);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_free);

/**
 * vgh_mm_flush() - wait until every released block is cleared
 * @vmm: the allocator
 *
 * For tests and statistics that need the free ranges as they will be.
 */
void vgh_mm_flush(struct vgh_mm *vmm)
{
	flush_work(&vmm->clear_work);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_flush);

/**
 * vgh_mm_retire() - give a block up without reusing its range
 * @block: the block
 *
 * For a block the host may still write, because it would not let go of
 * the resource on it: the range stays taken until the allocator is
 * destroyed,
 * and is counted in debugfs. The caller no longer owns @block.
 */
void vgh_mm_retire(struct vgh_mm_block *block)
{
	struct vgh_mm *vmm = block->vmm;

	mutex_lock(&vmm->lock);
	list_add_tail(&block->retired, &vmm->retired_list);
	vmm->retired++;
	mutex_unlock(&vmm->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_retire);

/**
 * vgh_mm_base() - where the range starts
 * @vmm: the allocator
 *
 * Return: the range's guest-physical address; a block's offset in the
 * device's region is its address minus this.
 */
phys_addr_t vgh_mm_base(const struct vgh_mm *vmm)
{
	return vmm->base;
}

/**
 * vgh_mm_block_addr() - where a block lies
 * @block: the block
 *
 * Return: its guest-physical address.
 */
phys_addr_t vgh_mm_block_addr(const struct vgh_mm_block *block)
{
	return block->node.start;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_block_addr);

/**
 * vgh_mm_block_size() - how large a block is
 * @block: the block
 *
 * Return: its size in bytes.
 */
u64 vgh_mm_block_size(const struct vgh_mm_block *block)
{
	return block->node.size;
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_block_size);

static u64 vgh_mm_largest_free_locked(struct vgh_mm *vmm)
{
	struct drm_mm_node *hole;
	u64 start, end, largest = 0;

	lockdep_assert_held(&vmm->lock);
	drm_mm_for_each_hole(hole, &vmm->mm, start, end)
		largest = max(largest, end - start);
	return largest;
}

/**
 * vgh_mm_get_stats() - a snapshot of the allocator's accounting
 * @vmm: the allocator
 * @st: filled in
 */
void vgh_mm_get_stats(struct vgh_mm *vmm, struct vgh_mm_stats *st)
{
	mutex_lock(&vmm->lock);
	st->size = vmm->size;
	st->used = vmm->used;
	st->largest_free = vgh_mm_largest_free_locked(vmm);
	st->blocks = vmm->blocks;
	st->allocs = vmm->allocs;
	st->failures = vmm->failures;
	st->clearing = vmm->clearing;
	st->cleared = vmm->cleared;
	st->clear_ns = vmm->clear_ns;
	mutex_unlock(&vmm->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mm_get_stats);

/**
 * vgh_mm_print() - the accounting and the drm_mm dump, for debugfs
 * @vmm: the allocator
 * @name: what the range is, the first word printed
 * @p: where to print
 *
 * One line "NAME BASE+SIZE size S used U free F largest_free L blocks B
 * allocs A failures X retired R", where used and blocks are what is
 * handed out and largest_free does not count ranges still being cleared;
 * one line "clearing C cleared D clear_us T": bytes released and not yet
 * cleared, bytes cleared since the allocator was made and the time that
 * took; then drm_mm_print()'s lines, where blocks being cleared are taken.
 */
void vgh_mm_print(struct vgh_mm *vmm, const char *name, struct drm_printer *p)
{
	mutex_lock(&vmm->lock);
	drm_printf(p, "%s %pa+%#llx size %llu used %llu free %llu ",
		   name, &vmm->base, vmm->size, vmm->size, vmm->used,
		   vmm->size - vmm->used);
	drm_printf(p, "largest_free %llu blocks %llu allocs %llu failures %llu retired %llu\n",
		   vgh_mm_largest_free_locked(vmm), vmm->blocks,
		   vmm->allocs, vmm->failures, vmm->retired);
	drm_printf(p, "clearing %llu cleared %llu clear_us %llu\n",
		   vmm->clearing, vmm->cleared,
		   div_u64(vmm->clear_ns, NSEC_PER_USEC));
	drm_mm_print(&vmm->mm, p);
	mutex_unlock(&vmm->lock);
}
