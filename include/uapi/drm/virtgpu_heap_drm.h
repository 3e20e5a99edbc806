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
 * define VIRTGPU_PARAM_GUEST_VRAM - size of the dedicated heap
 *
 * A &drm_virtgpu_getparam.param value, the one Mesa Venus reads. Linux
 * 7.2 gives the same number to VIRTGPU_PARAM_BLOB_ALIGNMENT; see
 * Documentation/gpu/virtio-gpu-heap.rst for how the driver answers both
 * readers.
 */
#ifndef VIRTGPU_PARAM_GUEST_VRAM
#define VIRTGPU_PARAM_GUEST_VRAM	9
#endif

#if defined(__cplusplus)
}
#endif

#endif /* VIRTGPU_HEAP_DRM_H */
