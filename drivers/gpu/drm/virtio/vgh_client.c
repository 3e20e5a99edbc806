// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Clients of the virtio-gpu-heap driver: what each holds, in fdinfo, and
 * a limit on what one client may hold of the heap.
 */

/**
 * DOC: Clients
 *
 * Every DRM file and every open file of the DMA-BUF heap is a client.
 * The heap blocks its buffers take (GUEST_VRAM blobs and dumb buffers,
 * HOST3D blobs once mapped) are charged to the client that made
 * them, when they are taken, and given back when the buffer goes,
 * whoever holds the buffer by then: a buffer shared with another process
 * stays its maker's. Buffers the kernel makes for itself belong to no
 * client.
 *
 * One client may hold at most ``heap_client_limit`` bytes of the heap
 * (module parameter, writable at run time; 0, the default, is no limit).
 * An allocation that would take a client past it fails with -ENOSPC, as
 * when the pool is full, while other clients still allocate. The limit
 * is applied when a block is taken: lowering it leaves what clients hold
 * alone. The dmem cgroup controller, which lets an administrator limit
 * device memory per cgroup, is not in the kernels this driver builds for.
 *
 * The fdinfo of a DRM file (/proc/<pid>/fdinfo/<fd>) shows, besides
 * drm-driver and drm-client-id, the buffers the file has handles to, by
 * memory region, in the keys of the kernel's drm-usage-stats.rst:
 * drm-total-, drm-shared-, drm-active- and drm-resident- of ``system``
 * (shmem pages and imported buffers), ``heap`` (blocks of the dedicated
 * heap, at their size in the pool, HOST3D blobs mapped there among them)
 * and ``host`` (HOST3D blobs, host memory, with a host-visible region).
 * Tools such as gputop and nvtop read them to show who holds the pool.
 * A buffer is shared when another file has a handle to it or it was
 * exported; it is active while the device may still use it.
 */

#include <linux/atomic.h>
#include <linux/dma-resv.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_client.h"
#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_submit.h"

static unsigned long long heap_client_limit;
module_param(heap_client_limit, ullong, 0644);
MODULE_PARM_DESC(heap_client_limit, "most bytes of the dedicated heap one client may hold (default 0: no limit)");

/**
 * struct vgh_client - one client's charge against the heap
 * @ref: held by the client's file and by each buffer it made
 * @id: a number no other client of the module has
 * @heap: bytes of the heap its buffers hold
 */
struct vgh_client {
	struct kref ref;
	u64 id;
	atomic64_t heap;
};

/**
 * vgh_client_new() - a client, for a new file
 *
 * Return: the client with one reference, or NULL.
 */
struct vgh_client *vgh_client_new(void)
{
	static atomic64_t next_id;
	struct vgh_client *client = kzalloc(sizeof(*client), GFP_KERNEL);

	if (!client)
		return NULL;
	kref_init(&client->ref);
	client->id = atomic64_inc_return(&next_id);
	atomic64_set(&client->heap, 0);
	return client;
}

/**
 * vgh_client_get() - another reference
 * @client: the client, or NULL
 *
 * Return: @client.
 */
struct vgh_client *vgh_client_get(struct vgh_client *client)
{
	if (client)
		kref_get(&client->ref);
	return client;
}

static void vgh_client_free(struct kref *ref)
{
	struct vgh_client *client = container_of(ref, struct vgh_client, ref);

	WARN_ON(atomic64_read(&client->heap));
	kfree(client);
}

/**
 * vgh_client_put() - drop a reference
 * @client: the client, or NULL
 */
void vgh_client_put(struct vgh_client *client)
{
	if (client)
		kref_put(&client->ref, vgh_client_free);
}

/**
 * vgh_client_charge_heap() - charge a heap block to its client
 * @client: the client, or NULL for the kernel's own buffers
 * @bytes: the block's size
 *
 * Return: 0, or -ENOSPC when the client would hold more than
 * heap_client_limit; nothing is charged then.
 */
int vgh_client_charge_heap(struct vgh_client *client, u64 bytes)
{
	u64 limit = READ_ONCE(heap_client_limit);

	if (!client)
		return 0;
	if (atomic64_add_return(bytes, &client->heap) > limit && limit) {
		atomic64_sub(bytes, &client->heap);
		return -ENOSPC;
	}
	return 0;
}

/**
 * vgh_client_uncharge_heap() - a heap block charged to its client went
 * @client: the client, or NULL
 * @bytes: the block's size
 */
void vgh_client_uncharge_heap(struct vgh_client *client, u64 bytes)
{
	if (client)
		atomic64_sub(bytes, &client->heap);
}

enum vgh_region {
	VGH_REGION_SYSTEM,
	VGH_REGION_HEAP,
	VGH_REGION_HOST,
	VGH_NUM_REGIONS
};

static const char *const vgh_region_names[VGH_NUM_REGIONS] = {
	[VGH_REGION_SYSTEM] = "system",
	[VGH_REGION_HEAP] = "heap",
	[VGH_REGION_HOST] = "host",
};

/* Add one buffer to the statistics of its region. */
static void vgh_client_count(struct drm_memory_stats *stats,
			     struct drm_gem_object *obj)
{
	struct vgh_bo *bo = to_vgh_bo(obj);
	struct drm_memory_stats *s = &stats[VGH_REGION_SYSTEM];
	u64 size = obj->size;
	bool resident;

	if (bo->backend->from_heap) {
		s = &stats[VGH_REGION_HEAP];
		size = bo->host_size;
		resident = READ_ONCE(bo->block);
	} else if (bo->backend == &vgh_hostvis_backend) {
		/* in heap mode the host maps the blob into a heap block */
		if (!to_vgh(obj->dev)->hostvis)
			s = &stats[VGH_REGION_HEAP];
		else
			s = &stats[VGH_REGION_HOST];
		resident = READ_ONCE(bo->hostvis);
	} else {
		resident = obj->import_attach || READ_ONCE(bo->shmem.pages);
	}
	if (obj->handle_count > 1 || obj->dma_buf)
		s->shared += size;
	else
		s->private += size;
	if (resident)
		s->resident += size;
	if (!dma_resv_test_signaled(obj->resv, dma_resv_usage_rw(true)))
		s->active += size;
}

/**
 * vgh_client_show_fdinfo() - the memory a DRM file holds, for its fdinfo
 * @p: where to print
 * @file: the file
 */
void vgh_client_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct drm_memory_stats stats[VGH_NUM_REGIONS] = {};
	struct drm_gem_object *obj;
	int id, r;

	spin_lock(&file->table_lock);
	idr_for_each_entry(&file->object_idr, obj, id)
		vgh_client_count(stats, obj);
	spin_unlock(&file->table_lock);
	for (r = 0; r < VGH_NUM_REGIONS; r++)
		drm_print_memory_stats(p, &stats[r], DRM_GEM_OBJECT_RESIDENT,
				       vgh_region_names[r]);
}

#if !VGH_HAVE_DRM_SHOW_FDINFO
/**
 * vgh_client_show_fdinfo_file() - &file_operations.show_fdinfo of DRM files
 * @m: the fdinfo file
 * @f: the DRM file
 *
 * For kernels whose DRM core prints no fdinfo: the keys it would print,
 * with this driver's client number, then the memory.
 */
void vgh_client_show_fdinfo_file(struct seq_file *m, struct file *f)
{
	struct drm_file *file = f->private_data;
	struct drm_device *drm = file->minor->dev;
	struct drm_printer p = drm_seq_file_printer(m);
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return;
	drm_printf(&p, "drm-driver:\t%s\n", drm->driver->name);
	drm_printf(&p, "drm-client-id:\t%llu\n", vgh_file_client(file)->id);
	vgh_client_show_fdinfo(&p, file);
	drm_dev_exit(idx);
}
#endif
