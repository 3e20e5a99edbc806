/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-gpu wire protocol: parts of the specification newer than the
 * kernel headers this code builds against, and the additions of the
 * virtio-gpu-heap project.
 *
 * Numbers from the virtio specification, device-types/gpu (2025 text,
 * "Device configuration layout" and "Feature bits"); Linux gained them
 * in 7.2.
 */
#ifndef _UAPI_LINUX_VIRTIO_GPU_HEAP_H
#define _UAPI_LINUX_VIRTIO_GPU_HEAP_H

#include <linux/types.h>
#include <linux/virtio_gpu.h>

/*
 * Capset ids the virtio specification assigns (5.7.6.8, "capset id")
 * that the headers of older kernels (6.1) do not name yet.
 */
#ifndef VIRTIO_GPU_CAPSET_VENUS
#define VIRTIO_GPU_CAPSET_VENUS		4
#endif
#ifndef VIRTIO_GPU_CAPSET_DRM
#define VIRTIO_GPU_CAPSET_DRM		6
#endif

#ifndef VIRTIO_GPU_F_BLOB_ALIGNMENT
/*
 * The device gives a blob alignment in its configuration space; blob
 * sizes and MAP_BLOB offsets must be multiples of it. Needs
 * VIRTIO_GPU_F_RESOURCE_BLOB.
 */
#define VIRTIO_GPU_F_BLOB_ALIGNMENT	5
#endif

/**
 * struct virtio_gpu_heap_config - device configuration space
 * @events_read: pending events, VIRTIO_GPU_EVENT_*
 * @events_clear: written by the driver to acknowledge events
 * @num_scanouts: number of scanouts, 1 to 16
 * @num_capsets: number of capability sets
 * @blob_alignment: with VIRTIO_GPU_F_BLOB_ALIGNMENT, the alignment in
 *	bytes of blob sizes and mapping offsets; a power of two
 *
 * The first four fields are struct virtio_gpu_config; @blob_alignment
 * follows them and is valid only when its feature bit was negotiated.
 */
struct virtio_gpu_heap_config {
	__le32 events_read;
	__le32 events_clear;
	__le32 num_scanouts;
	__le32 num_capsets;
	__le32 blob_alignment;
};

/*
 * Additions of virtio-gpu-heap, provisional: the numbers below may change
 * until the protocol text in Documentation/gpu/ is final. Feature bits
 * come from the device-specific range above 50, away from where upstream
 * grows (bits 6 and up).
 */

/* The device answers RESOURCE_QUERY_LAYOUT. */
#define VIRTIO_GPU_F_RESOURCE_LAYOUT	50

/*
 * Shared memory region id of the dedicated heap: guest memory that the
 * host can also reach, fixed for the life of the device. The guest
 * sub-allocates it. A device that offers it and no host-visible region
 * places HOST3D blobs that RESOURCE_MAP_BLOB maps at that offset of the
 * heap, the range the guest chose for them.
 */
#define VIRTIO_GPU_SHM_ID_HEAP		2

/*
 * Blob memory that is one contiguous chunk of the heap region, given as
 * the single memory entry of RESOURCE_CREATE_BLOB. With a context and a
 * blob_id, the host binds that context object to it, as for
 * HOST3D_GUEST. The number is virglrenderer's
 * VIRGL_RENDERER_BLOB_MEM_GUEST_VRAM.
 */
#ifndef VIRTIO_GPU_BLOB_MEM_GUEST_VRAM
#define VIRTIO_GPU_BLOB_MEM_GUEST_VRAM	0x0004
#endif

/*
 * Command and response numbers follow the last upstream 3D command
 * (RESOURCE_UNMAP_BLOB, 0x0209) and OK response (OK_MAP_INFO, 0x1106),
 * as an earlier public proposal for the same query did.
 */
#define VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT	0x020a
#define VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT	0x1107

#define VIRTIO_GPU_LAYOUT_MAX_PLANES	4

/*
 * Intended uses of a buffer, RESOURCE_QUERY_LAYOUT's @usage. The host
 * answers with a layout that serves all uses asked for.
 */
/* The host's display engine scans the buffer out. */
#define VIRTIO_GPU_LAYOUT_USE_SCANOUT	0x0001
/* The host's GPU renders into the buffer or samples from it. */
#define VIRTIO_GPU_LAYOUT_USE_RENDER	0x0002
/* The guest's CPU reads and writes it row by row: the layout is linear. */
#define VIRTIO_GPU_LAYOUT_USE_LINEAR	0x0004

/**
 * struct virtio_gpu_resource_query_layout - RESOURCE_QUERY_LAYOUT request
 * @hdr: header; type VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT
 * @resource_id: an existing resource to describe, or 0 to describe a
 *	buffer of @width, @height and @drm_fourcc not created yet
 * @width: width in pixels, when @resource_id is 0
 * @height: height in pixels, when @resource_id is 0
 * @drm_fourcc: DRM_FORMAT_* of the pixels (include/uapi/drm/drm_fourcc.h),
 *	when @resource_id is 0
 * @usage: VIRTIO_GPU_LAYOUT_USE_* bits, when @resource_id is 0
 * @padding: zero
 *
 * A DRM fourcc rather than a VIRTIO_GPU_FORMAT_*: the 2D formats have no
 * multi-planar entries, and the host imports buffers by fourcc and
 * modifier (EGL_EXT_image_dma_buf_import, VK_EXT_image_drm_format_modifier).
 */
struct virtio_gpu_resource_query_layout {
	struct virtio_gpu_ctrl_hdr hdr;
	__le32 resource_id;
	__le32 width;
	__le32 height;
	__le32 drm_fourcc;
	__le32 usage;
	__le32 padding;
};

/**
 * struct virtio_gpu_layout_plane - where one plane lies in a buffer
 * @offset: byte offset of the plane's first row
 * @stride: bytes from one row to the next
 * @padding: zero
 */
struct virtio_gpu_layout_plane {
	__le64 offset;
	__le32 stride;
	__le32 padding;
};

/**
 * struct virtio_gpu_resp_resource_layout - RESOURCE_QUERY_LAYOUT answer
 * @hdr: header; type VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT
 * @modifier: DRM format modifier of the layout (0 is linear)
 * @size: bytes of the whole buffer, a multiple of @alignment
 * @alignment: alignment of the buffer's start and size in guest memory,
 *	a power of two
 * @stride_align: for a linear layout, every stride the host accepts for
 *	such a buffer is a multiple of it and at least a row; a power of
 *	two that the strides given are multiples of
 * @num_planes: planes described, 1 to %VIRTIO_GPU_LAYOUT_MAX_PLANES
 * @padding: zero
 * @planes: the planes; entries beyond @num_planes are zero
 *
 * Every field lies at its natural alignment; the structure is 120 bytes.
 */
struct virtio_gpu_resp_resource_layout {
	struct virtio_gpu_ctrl_hdr hdr;
	__le64 modifier;
	__le64 size;
	__le32 alignment;
	__le32 stride_align;
	__le32 num_planes;
	__le32 padding;
	struct virtio_gpu_layout_plane planes[VIRTIO_GPU_LAYOUT_MAX_PLANES];
};

#endif /* _UAPI_LINUX_VIRTIO_GPU_HEAP_H */
