/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-gpu wire protocol: parts of the specification newer than the
 * kernel headers this code builds against, and the additions of the
 * virtio-gpu-heap project. Include after <linux/virtio_gpu.h>.
 *
 * Numbers from the virtio specification, device-types/gpu (2025 text,
 * "Device configuration layout" and "Feature bits"); Linux gained them
 * in 7.2.
 */
#ifndef _UAPI_LINUX_VIRTIO_GPU_HEAP_H
#define _UAPI_LINUX_VIRTIO_GPU_HEAP_H

#include <linux/types.h>

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

#endif /* _UAPI_LINUX_VIRTIO_GPU_HEAP_H */
