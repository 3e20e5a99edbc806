/* SPDX-License-Identifier: MIT */
/*
 * Additions of the virtio-gpu-heap driver to the virtio-gpu DRM uAPI.
 */
#ifndef VIRTGPU_HEAP_DRM_H
#define VIRTGPU_HEAP_DRM_H

#include <drm/virtgpu_drm.h>

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: virtio-gpu-heap uAPI
 *
 * The driver registers as "virtio_gpu" and implements the ioctls of
 * <drm/virtgpu_drm.h> with the same numbers and structures. This header
 * only adds what that header lacks; it never renumbers anything there.
 *
 * Rules for growing it, after Documentation/process/botching-up-ioctls.rst:
 *
 * - ioctl, parameter and flag numbers are append-only;
 * - structures are padded to a multiple of 64 bits with explicit pad
 *   fields, which the driver checks are zero;
 * - pointers travel as __u64;
 * - a capability that will grow is reported through a query structure
 *   that carries its own size, so old and new userspace keep working.
 *
 * Values below that other projects already use keep those projects'
 * numbers, so that existing userspace works unchanged.
 */

/**
 * define VIRTGPU_BLOB_MEM_GUEST_VRAM - blob memory from the dedicated heap
 *
 * A &drm_virtgpu_resource_create_blob.blob_mem value: the blob is one
 * contiguous chunk of the host-visible pool the driver reserved at probe.
 * The number is the one Mesa (VIRTGPU_BLOB_MEM_GUEST_VRAM) and
 * virglrenderer (VIRGL_RENDERER_BLOB_MEM_GUEST_VRAM) use.
 */
#ifndef VIRTGPU_BLOB_MEM_GUEST_VRAM
#define VIRTGPU_BLOB_MEM_GUEST_VRAM	0x0004
#endif

/**
 * define VIRTGPU_PARAM_GUEST_VRAM - parameter 9, read two ways
 *
 * A &drm_virtgpu_getparam.param value with two readers that disagree on
 * its meaning: Mesa Venus reads it as "GUEST_VRAM blobs work" (non-zero)
 * and picks GUEST_VRAM blobs when there is no host-visible region; Linux
 * 7.2 named it VIRTGPU_PARAM_BLOB_ALIGNMENT, the alignment in bytes of
 * blob sizes, and fails it with -ENOENT when the device gave none.
 *
 * The driver answers it only in heap mode, with the alignment it
 * applies to heap blobs (a power of two, at least the page size): a
 * right answer for both readers, since GUEST_VRAM blobs then work and
 * the alignment is the one sizes get. Outside heap mode it fails with
 * -ENOENT, which both read as absent: any value would send Venus to
 * GUEST_VRAM blobs that cannot be made.
 *
 * The cost: outside heap mode, a Linux 7.2 reader learns no alignment
 * from parameter 9 and assumes the page size. The driver still rounds
 * every blob it makes to the real alignment (RESOURCE_INFO reports the
 * size it got), and new userspace asks the parameters below, which have
 * one meaning each.
 */
#ifndef VIRTGPU_PARAM_GUEST_VRAM
#define VIRTGPU_PARAM_GUEST_VRAM	9
#endif

/*
 * Parameters of this driver, numbered far above the upstream ones (which
 * grow from 1 one at a time) so that the two never meet. Each is always
 * answered.
 */

/**
 * define VIRTGPU_HEAP_PARAM_GUEST_VRAM - whether GUEST_VRAM blobs work
 *
 * 1 in heap mode, when blobs of %VIRTGPU_BLOB_MEM_GUEST_VRAM can be made,
 * else 0.
 */
#define VIRTGPU_HEAP_PARAM_GUEST_VRAM		0x1001

/**
 * define VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT - alignment of blob sizes
 *
 * The alignment in bytes the driver gives the sizes of all blobs, heap
 * blocks and mapping offsets: the device's VIRTIO_GPU_F_BLOB_ALIGNMENT
 * when it asks for more than the page size, else the page size; a power
 * of two. &drm_virtgpu_resource_info.size reports a blob's rounded size.
 */
#define VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT	0x1002

/**
 * define VIRTGPU_BLOB_HINT_DEFER_MAPPING - map a blob only when it is used
 *
 * A &drm_virtgpu_resource_create_blob_hints.blob_hints bit (Linux 7.2):
 * a mappable HOST3D blob is mapped into the host-visible region at its
 * first mmap() instead of at creation. The driver honours it.
 */
#ifndef VIRTGPU_BLOB_HINT_DEFER_MAPPING
#define VIRTGPU_BLOB_HINT_DEFER_MAPPING	0x0001
#endif

/**
 * struct drm_virtgpu_resource_create_blob_hints - create-blob arguments
 * as Linux 7.2 grew them
 *
 * Linux 7.2 appended two fields to &struct drm_virtgpu_resource_create_blob,
 * which changes the size encoded in DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB
 * but not its number. The driver takes both sizes: from userspace built
 * against older headers, the two fields read as zero.
 */
struct drm_virtgpu_resource_create_blob_hints {
	/** @base: the arguments older userspace passes */
	struct drm_virtgpu_resource_create_blob base;
	/**
	 * @blob_hints: VIRTGPU_BLOB_HINT_* bits; an unknown bit is
	 * rejected with -EINVAL
	 */
	__u32 blob_hints;
	/** @pad2: must be zero */
	__u32 pad2;
};

/**
 * define DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB_HINTS - the 7.2 encoding
 *
 * Same number as DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, with the size of
 * &struct drm_virtgpu_resource_create_blob_hints.
 */
#define DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB_HINTS			\
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_CREATE_BLOB,	\
		 struct drm_virtgpu_resource_create_blob_hints)

#if defined(__cplusplus)
}
#endif

#endif /* VIRTGPU_HEAP_DRM_H */
