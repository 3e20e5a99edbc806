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

/**
 * define DRM_VIRTGPU_HEAP_QUERY - ioctl number of the driver's queries
 *
 * Far above the last number of <drm/virtgpu_drm.h> (0x0b,
 * CONTEXT_INIT), so that the numbers upstream adds next stay free.
 */
#define DRM_VIRTGPU_HEAP_QUERY		0x20

/**
 * enum drm_virtgpu_heap_query_type - what DRM_IOCTL_VIRTGPU_HEAP_QUERY asks
 */
enum drm_virtgpu_heap_query_type {
	/**
	 * @DRM_VIRTGPU_HEAP_QUERY_LAYOUT: the layout of a buffer;
	 * &struct drm_virtgpu_heap_layout
	 */
	DRM_VIRTGPU_HEAP_QUERY_LAYOUT = 0,
};

/**
 * struct drm_virtgpu_heap_query - arguments of DRM_IOCTL_VIRTGPU_HEAP_QUERY
 *
 * The structure at @pointer is read and written with the size userspace
 * gives, so that it can grow: fields past @size read as zero, and bytes
 * past the driver's structure must be zero (else -E2BIG) and are left
 * alone. With @pointer 0 the driver only writes its own size to @size.
 */
struct drm_virtgpu_heap_query {
	/** @type: a &enum drm_virtgpu_heap_query_type; others are -EINVAL */
	__u32 type;
	/**
	 * @size: bytes at @pointer; in and out: the driver's size when
	 * @pointer is 0
	 */
	__u32 size;
	/** @pointer: user address of the structure of @type */
	__u64 pointer;
};

/* Uses of a buffer, &drm_virtgpu_heap_layout.usage */
/** define DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT - the host's display shows it */
#define DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT		0x0001
/** define DRM_VIRTGPU_HEAP_LAYOUT_RENDER - the host's GPU renders or samples it */
#define DRM_VIRTGPU_HEAP_LAYOUT_RENDER		0x0002
/** define DRM_VIRTGPU_HEAP_LAYOUT_LINEAR - the guest's CPU writes it row by row */
#define DRM_VIRTGPU_HEAP_LAYOUT_LINEAR		0x0004

/* Where an answer came from, &drm_virtgpu_heap_layout.flags */
/**
 * define DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST - the host's answer
 *
 * Without it, the layout is the guest's rule (linear, rows padded to 4
 * bytes, size in pages): the device has no layout query, or it refused
 * this format or use (then %DRM_VIRTGPU_HEAP_LAYOUT_REFUSED is set).
 */
#define DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST	0x0001
/** define DRM_VIRTGPU_HEAP_LAYOUT_CACHED - a kept answer; the host was not asked now */
#define DRM_VIRTGPU_HEAP_LAYOUT_CACHED		0x0002
/** define DRM_VIRTGPU_HEAP_LAYOUT_REFUSED - the host was asked and answered with an error */
#define DRM_VIRTGPU_HEAP_LAYOUT_REFUSED		0x0004

/**
 * struct drm_virtgpu_heap_layout - DRM_VIRTGPU_HEAP_QUERY_LAYOUT
 *
 * How a buffer of @width x @height pixels of @fourcc, used as @usage,
 * must lie in memory for the host to use it where it lies: the host's
 * answer to RESOURCE_QUERY_LAYOUT, checked by the driver, or the guest's
 * rule. Userspace sizes blobs with @size and draws with @strides and
 * @offsets. The answer covers a size class (width and height rounded up
 * to 16 pixels), so buffers of nearby sizes share it.
 *
 * Userspace cannot work this out itself: the rule belongs to the host's
 * GPU and display engine, which the guest neither sees nor can name, and
 * it differs between hosts behind the same virtio device.
 *
 * Errors: -EINVAL for a format other than XRGB8888, ARGB8888, XBGR8888,
 * ABGR8888, RGB565 and NV12, a width or height of 0 or above 16384, or
 * an unknown @usage bit; -EPROTO when the host's answer failed the
 * driver's checks (logged); -EFAULT; -E2BIG.
 */
struct drm_virtgpu_heap_layout {
	/** @width: in: width in pixels */
	__u32 width;
	/** @height: in: height in pixels */
	__u32 height;
	/** @fourcc: in: DRM_FORMAT_* of the pixels */
	__u32 fourcc;
	/** @usage: in: DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT, _RENDER, _LINEAR */
	__u32 usage;
	/** @flags: out: DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST, _CACHED, _REFUSED */
	__u32 flags;
	/** @num_planes: out: planes of @fourcc, 1 or 2 */
	__u32 num_planes;
	/** @modifier: out: DRM format modifier (0, linear, with _LINEAR) */
	__u64 modifier;
	/** @size: out: bytes of the whole buffer, a multiple of @alignment */
	__u64 size;
	/** @alignment: out: alignment of the buffer's start and size */
	__u32 alignment;
	/**
	 * @stride_align: out: the strides are multiples of it; for a
	 * linear layout, any such stride of at least a row is accepted too
	 */
	__u32 stride_align;
	/** @strides: out: bytes per row of each plane; 0 past @num_planes */
	__u32 strides[4];
	/** @offsets: out: byte offset of each plane; 0 past @num_planes */
	__u64 offsets[4];
};

/**
 * define DRM_IOCTL_VIRTGPU_HEAP_QUERY - ask the driver about the device
 *
 * Takes &struct drm_virtgpu_heap_query. Allowed on render nodes.
 */
#define DRM_IOCTL_VIRTGPU_HEAP_QUERY					\
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_HEAP_QUERY,		\
		 struct drm_virtgpu_heap_query)

#if defined(__cplusplus)
}
#endif

#endif /* VIRTGPU_HEAP_DRM_H */
