// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The dedicated heap of the virtio-gpu-heap driver as a DMA-BUF heap.
 */

/**
 * DOC: DMA-BUF heap
 *
 * In heap mode, on a device that takes blobs, the pool is also a DMA-BUF
 * heap: a camera, a video decoder or any other producer of frames
 * (libcamera, GStreamer's dma-buf allocators) allocates them where the
 * GPU and the display use them in place. The node is
 * ``/dev/dma_heap/virtio-gpu-heap-card<N>``, N the index of the device's
 * DRM card, and answers DMA_HEAP_IOCTL_ALLOC of ``<linux/dma-heap.h>``.
 *
 * Each buffer is a GUEST_VRAM blob of the device made as one through
 * the DRM file is: one block of the pool, so contiguous, below 4 GiB when
 * the dma32 parameter is set, zero when handed out, and counted in the
 * same pool as the buffers of DRM clients. The dma-buf maps into user
 * space and attaches to other devices; imported into this driver
 * (PRIME) it gives back the blob itself, and a framebuffer of it is
 * scanned out where it lies, with nothing copied.
 *
 * The kernel's DMA-BUF heap framework does not export its registration,
 * dma_heap_add(), to modules in the kernels this driver is built for.
 * The node is therefore a misc device at the same path with the same
 * ioctl: user space sees no difference, but in-kernel users of the
 * framework's API do not find this heap.
 *
 * DMA_HEAP_IOCTL_ALLOC fails with -EINVAL for a length of 0 or above the
 * largest buffer object, an fd field that is not 0, fd flags other than
 * O_CLOEXEC and the access mode, or any heap flag; with -ENOSPC when the
 * pool has no room; with -ENODEV once the device is gone. Any other ioctl
 * is -ENOTTY. A failed call leaves no buffer and no file descriptor.
 * The node is created with mode 0600; a udev rule gives it to the users
 * who should allocate from it.
 */

#include <linux/atomic.h>
#include <linux/dma-buf.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/virtio_gpu.h>
#include <uapi/linux/dma-heap.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_bo.h"
#include "vgh_client.h"
#include "vgh_dma_heap.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"

/**
 * struct vgh_dma_heap - the DMA-BUF heap of one device
 * @misc: its node
 * @vgdev: the device
 * @name: the node's name, under /dev/dma_heap and in sysfs
 * @path: its path under /dev
 * @allocs: buffers handed out
 * @failures: allocations that failed
 */
struct vgh_dma_heap {
	struct miscdevice misc;
	struct vgh_device *vgdev;
	char name[32];
	char path[48];
	atomic64_t allocs;
	atomic64_t failures;
};

/**
 * struct vgh_dma_heap_file - an open file of the node
 * @heap: the heap
 * @client: the client its buffers are charged to (vgh_client.c)
 */
struct vgh_dma_heap_file {
	struct vgh_dma_heap *heap;
	struct vgh_client *client;
};

/* misc_open() holds the misc lock: the node, and so the device, is there. */
static int vgh_dma_heap_open(struct inode *inode, struct file *file)
{
	struct vgh_dma_heap *heap = container_of(file->private_data,
						 struct vgh_dma_heap, misc);
	struct vgh_dma_heap_file *hf = kzalloc(sizeof(*hf), GFP_KERNEL);

	if (!hf)
		return -ENOMEM;
	hf->client = vgh_client_new();
	if (!hf->client) {
		kfree(hf);
		return -ENOMEM;
	}
	hf->heap = heap;
	drm_dev_get(&heap->vgdev->drm);
	file->private_data = hf;
	return 0;
}

static int vgh_dma_heap_release(struct inode *inode, struct file *file)
{
	struct vgh_dma_heap_file *hf = file->private_data;

	drm_dev_put(&hf->heap->vgdev->drm);
	vgh_client_put(hf->client);
	kfree(hf);
	return 0;
}

/* A blob of the pool as a dma-buf of @flags' access mode, or an ERR_PTR. */
static struct dma_buf *vgh_dma_heap_buffer(struct vgh_dma_heap_file *hf,
					   u64 len, u32 flags)
{
	struct vgh_bo_params params = {
		.client = hf->client,
		.size = len,
		.heap = true,
		.blob_mem = VIRTIO_GPU_BLOB_MEM_GUEST_VRAM,
		.blob_flags = VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE |
			      VIRTIO_GPU_BLOB_FLAG_USE_SHAREABLE,
	};
	struct drm_gem_object *obj;
	struct dma_buf *dmabuf;

	obj = vgh_bo_create(hf->heap->vgdev, &params);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	dmabuf = vgh_gem_prime_export(obj, flags);
	/* the dma-buf holds the object from here on */
	drm_gem_object_put(obj);
	return dmabuf;
}

static long vgh_dma_heap_alloc(struct vgh_dma_heap_file *hf, void __user *arg)
{
	struct vgh_dma_heap *heap = hf->heap;
	struct dma_heap_allocation_data data;
	struct dma_buf *dmabuf;
	int fd, idx;

	if (copy_from_user(&data, arg, sizeof(data)))
		return -EFAULT;
	if (!data.len || data.fd ||
	    data.fd_flags & ~(u32)DMA_HEAP_VALID_FD_FLAGS ||
	    data.heap_flags & ~DMA_HEAP_VALID_HEAP_FLAGS)
		return -EINVAL;
	if (!drm_dev_enter(&heap->vgdev->drm, &idx))
		return -ENODEV;
	fd = get_unused_fd_flags(data.fd_flags);
	if (fd < 0)
		goto out;
	dmabuf = vgh_dma_heap_buffer(hf, data.len, data.fd_flags);
	if (IS_ERR(dmabuf)) {
		put_unused_fd(fd);
		fd = PTR_ERR(dmabuf);
		goto out;
	}
	data.fd = fd;
	if (copy_to_user(arg, &data, sizeof(data))) {
		put_unused_fd(fd);
		dma_buf_put(dmabuf);
		fd = -EFAULT;
		goto out;
	}
	/* the descriptor takes the dma-buf's reference */
	fd_install(fd, dmabuf->file);
out:
	drm_dev_exit(idx);
	atomic64_inc(fd < 0 ? &heap->failures : &heap->allocs);
	return fd < 0 ? fd : 0;
}

static long vgh_dma_heap_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	if (cmd != DMA_HEAP_IOCTL_ALLOC)
		return -ENOTTY;
	return vgh_dma_heap_alloc(file->private_data, (void __user *)arg);
}

static const struct file_operations vgh_dma_heap_fops = {
	.owner = THIS_MODULE,
	.open = vgh_dma_heap_open,
	.release = vgh_dma_heap_release,
	.unlocked_ioctl = vgh_dma_heap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static void vgh_dma_heap_remove(void *data)
{
	struct vgh_dma_heap *heap = data;

	WRITE_ONCE(heap->vgdev->dma_heap, NULL);
	misc_deregister(&heap->misc);
}

/**
 * vgh_dma_heap_init() - offer the pool as a DMA-BUF heap
 * @vgdev: the device, registered with DRM
 *
 * Only in heap mode on a device that takes blobs. A node that cannot be
 * made is said once; the device works on without it. The node goes at
 * remove, before the device is unplugged.
 *
 * Return: 0, or -ENOMEM when the remove action could not be set up.
 */
int vgh_dma_heap_init(struct vgh_device *vgdev)
{
	struct vgh_dma_heap *heap;
	int ret;

	if (!vgh_heap_blobs(vgdev))
		return 0;
	heap = drmm_kzalloc(&vgdev->drm, sizeof(*heap), GFP_KERNEL);
	if (!heap)
		return -ENOMEM;
	heap->vgdev = vgdev;
	snprintf(heap->name, sizeof(heap->name), "virtio-gpu-heap-card%d",
		 vgdev->drm.primary->index);
	snprintf(heap->path, sizeof(heap->path), "dma_heap/%s", heap->name);
	heap->misc.minor = MISC_DYNAMIC_MINOR;
	heap->misc.name = heap->name;
	heap->misc.nodename = heap->path;
	heap->misc.fops = &vgh_dma_heap_fops;
	ret = misc_register(&heap->misc);
	if (ret) {
		drm_warn(&vgdev->drm, "no DMA-BUF heap /dev/%s: %d\n",
			 heap->path, ret);
		return 0;
	}
	ret = devm_add_action_or_reset(vgdev->drm.dev, vgh_dma_heap_remove,
				       heap);
	if (!ret)
		WRITE_ONCE(vgdev->dma_heap, heap);
	return ret;
}

/**
 * vgh_dma_heap_show() - the DMA-BUF heap for debugfs, or that there is none
 * @vgdev: the device
 * @p: where to print
 */
void vgh_dma_heap_show(struct vgh_device *vgdev, struct drm_printer *p)
{
	/* the heap's memory lives as long as the device; its node may not */
	struct vgh_dma_heap *heap = READ_ONCE(vgdev->dma_heap);

	if (!heap) {
		drm_printf(p, "no dma-buf heap\n");
		return;
	}
	drm_printf(p, "node /dev/%s allocs %lld failures %lld\n", heap->path,
		   (long long)atomic64_read(&heap->allocs),
		   (long long)atomic64_read(&heap->failures));
}
