/* SPDX-License-Identifier: MIT */
/*
 * The virtio-gpu DRM uAPI, as this driver implements it on every kernel
 * it builds for.
 */
#ifndef VIRTGPU_DRM_H
#define VIRTGPU_DRM_H

#include <drm/drm.h>

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: virtio-gpu uAPI
 *
 * The names, numbers and layouts are the ABI of the kernel's uAPI header
 * of the same name as of Linux 6.12 (the header Mesa's
 * virgl and Venus drivers, and libdrm, are built against). They are
 * declared here so that the driver offers that whole ABI on kernels whose
 * own header is older (Linux 6.1 has no syncobjs in EXECBUFFER and no
 * context debug names): the module's build puts this directory ahead of
 * the kernel's headers. ``make check`` compares every structure's size,
 * every member's offset and every number with the kernel's header
 * (scripts/uapi-abi-check.py), so the two cannot drift apart.
 *
 * Additions of this driver live in <drm/virtgpu_heap_drm.h>.
 */

/* Driver ioctl numbers, offsets from DRM_COMMAND_BASE. */
#define DRM_VIRTGPU_MAP			0x01
#define DRM_VIRTGPU_EXECBUFFER		0x02
#define DRM_VIRTGPU_GETPARAM		0x03
#define DRM_VIRTGPU_RESOURCE_CREATE	0x04
#define DRM_VIRTGPU_RESOURCE_INFO	0x05
#define DRM_VIRTGPU_TRANSFER_FROM_HOST	0x06
#define DRM_VIRTGPU_TRANSFER_TO_HOST	0x07
#define DRM_VIRTGPU_WAIT		0x08
#define DRM_VIRTGPU_GET_CAPS		0x09
#define DRM_VIRTGPU_RESOURCE_CREATE_BLOB	0x0a
#define DRM_VIRTGPU_CONTEXT_INIT	0x0b

/**
 * struct drm_virtgpu_map - DRM_IOCTL_VIRTGPU_MAP: where to mmap a buffer
 * @offset: out: the offset to pass to mmap() on the DRM file
 * @handle: in: the GEM handle
 * @pad: zero
 */
struct drm_virtgpu_map {
	__u64 offset;
	__u32 handle;
	__u32 pad;
};

/* drm_virtgpu_execbuffer.flags */
#define VIRTGPU_EXECBUF_FENCE_FD_IN	0x01	/* wait for @fence_fd first */
#define VIRTGPU_EXECBUF_FENCE_FD_OUT	0x02	/* return a sync file in @fence_fd */
#define VIRTGPU_EXECBUF_RING_IDX	0x04	/* submit on ring @ring_idx */
#define VIRTGPU_EXECBUF_FLAGS		(VIRTGPU_EXECBUF_FENCE_FD_IN | \
					 VIRTGPU_EXECBUF_FENCE_FD_OUT | \
					 VIRTGPU_EXECBUF_RING_IDX)

/* drm_virtgpu_execbuffer_syncobj.flags */
#define VIRTGPU_EXECBUF_SYNCOBJ_RESET	0x01	/* in-syncobj: reset after waiting */
#define VIRTGPU_EXECBUF_SYNCOBJ_FLAGS	VIRTGPU_EXECBUF_SYNCOBJ_RESET

/**
 * struct drm_virtgpu_execbuffer_syncobj - one syncobj of an EXECBUFFER
 * @handle: the syncobj handle
 * @flags: VIRTGPU_EXECBUF_SYNCOBJ_* (in-syncobjs only)
 * @point: the timeline point; zero for a binary syncobj
 */
struct drm_virtgpu_execbuffer_syncobj {
	__u32 handle;
	__u32 flags;
	__u64 point;
};

/**
 * struct drm_virtgpu_execbuffer - DRM_IOCTL_VIRTGPU_EXECBUFFER
 * @flags: VIRTGPU_EXECBUF_* bits
 * @size: bytes of the command stream at @command
 * @command: user pointer to the command stream
 * @bo_handles: user pointer to @num_bo_handles __u32 GEM handles the
 *	commands use
 * @num_bo_handles: number of handles at @bo_handles
 * @fence_fd: in: a sync file to wait for (FENCE_FD_IN); out: a sync file
 *	of this submission (FENCE_FD_OUT)
 * @ring_idx: the context's ring (RING_IDX)
 * @syncobj_stride: the size userspace gives each
 *	&struct drm_virtgpu_execbuffer_syncobj
 * @num_in_syncobjs: syncobjs to wait for first
 * @num_out_syncobjs: syncobjs this submission signals
 * @in_syncobjs: user pointer to the in-syncobj array
 * @out_syncobjs: user pointer to the out-syncobj array
 */
struct drm_virtgpu_execbuffer {
	__u32 flags;
	__u32 size;
	__u64 command;
	__u64 bo_handles;
	__u32 num_bo_handles;
	__s32 fence_fd;
	__u32 ring_idx;
	__u32 syncobj_stride;
	__u32 num_in_syncobjs, num_out_syncobjs;
	__u64 in_syncobjs, out_syncobjs;
};

/* drm_virtgpu_getparam.param */
#define VIRTGPU_PARAM_3D_FEATURES		1 /* the device has 3D (virgl) */
#define VIRTGPU_PARAM_CAPSET_QUERY_FIX		2 /* GET_CAPS answers any version */
#define VIRTGPU_PARAM_RESOURCE_BLOB		3 /* RESOURCE_CREATE_BLOB works */
#define VIRTGPU_PARAM_HOST_VISIBLE		4 /* host blobs can be mapped */
#define VIRTGPU_PARAM_CROSS_DEVICE		5 /* resources have host uuids */
#define VIRTGPU_PARAM_CONTEXT_INIT		6 /* CONTEXT_INIT works */
#define VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs	7 /* bit N: capset N offered */
#define VIRTGPU_PARAM_EXPLICIT_DEBUG_NAME	8 /* CONTEXT_PARAM_DEBUG_NAME works */

/**
 * struct drm_virtgpu_getparam - DRM_IOCTL_VIRTGPU_GETPARAM
 * @param: in: a VIRTGPU_PARAM_* number
 * @value: in: user pointer to an int (the answer is written there)
 */
struct drm_virtgpu_getparam {
	__u64 param;
	__u64 value;
};

/**
 * struct drm_virtgpu_resource_create - DRM_IOCTL_VIRTGPU_RESOURCE_CREATE
 * @target: the host's texture target (a Gallium pipe_texture_target)
 * @format: the host's format (a virgl format number)
 * @bind: the host's bind flags
 * @width: width in pixels
 * @height: height in pixels
 * @depth: depth in pixels
 * @array_size: number of array layers
 * @last_level: last mip level
 * @nr_samples: samples per pixel
 * @flags: host resource flags
 * @bo_handle: out: the GEM handle
 * @res_handle: out: the host resource id
 * @size: in: bytes of guest backing (zero: one page)
 * @stride: in: row pitch the host may assume; not checked
 */
struct drm_virtgpu_resource_create {
	__u32 target, format, bind;
	__u32 width, height, depth, array_size, last_level, nr_samples;
	__u32 flags;
	__u32 bo_handle, res_handle;
	__u32 size, stride;
};

/**
 * struct drm_virtgpu_resource_info - DRM_IOCTL_VIRTGPU_RESOURCE_INFO
 * @bo_handle: in: the GEM handle
 * @res_handle: out: the host resource id
 * @size: out: the buffer's size (low 32 bits)
 * @blob_mem: out: the blob's VIRTGPU_BLOB_MEM_*, zero for other resources
 */
struct drm_virtgpu_resource_info {
	__u32 bo_handle;
	__u32 res_handle;
	__u32 size;
	__u32 blob_mem;
};

/**
 * struct drm_virtgpu_3d_box - a box of texels
 * @x: first column
 * @y: first row
 * @z: first slice
 * @w: columns
 * @h: rows
 * @d: slices
 */
struct drm_virtgpu_3d_box {
	__u32 x, y, z;
	__u32 w, h, d;
};

/**
 * struct drm_virtgpu_3d_transfer_to_host - DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST
 * @bo_handle: the GEM handle
 * @box: the texels to copy
 * @level: the mip level
 * @offset: byte offset of the box in the guest buffer
 * @stride: row pitch in the guest buffer (zero: the host's)
 * @layer_stride: slice pitch in the guest buffer (zero: the host's)
 */
struct drm_virtgpu_3d_transfer_to_host {
	__u32 bo_handle;
	struct drm_virtgpu_3d_box box;
	__u32 level, offset;
	__u32 stride, layer_stride;
};

/**
 * struct drm_virtgpu_3d_transfer_from_host - DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST
 * @bo_handle: the GEM handle
 * @box: the texels to copy
 * @level: the mip level
 * @offset: byte offset of the box in the guest buffer
 * @stride: row pitch in the guest buffer (zero: the host's)
 * @layer_stride: slice pitch in the guest buffer (zero: the host's)
 */
struct drm_virtgpu_3d_transfer_from_host {
	__u32 bo_handle;
	struct drm_virtgpu_3d_box box;
	__u32 level, offset;
	__u32 stride, layer_stride;
};

/* drm_virtgpu_3d_wait.flags */
#define VIRTGPU_WAIT_NOWAIT	1	/* only ask whether the buffer is idle */

/**
 * struct drm_virtgpu_3d_wait - DRM_IOCTL_VIRTGPU_WAIT
 * @handle: the GEM handle (zero is not one)
 * @flags: VIRTGPU_WAIT_*
 */
struct drm_virtgpu_3d_wait {
	__u32 handle;
	__u32 flags;
};

/**
 * struct drm_virtgpu_get_caps - DRM_IOCTL_VIRTGPU_GET_CAPS
 * @cap_set_id: the capset (VIRTIO_GPU_CAPSET_*)
 * @cap_set_ver: its version
 * @addr: user pointer to the buffer for the capset's bytes
 * @size: bytes at @addr
 * @pad: zero
 */
struct drm_virtgpu_get_caps {
	__u32 cap_set_id;
	__u32 cap_set_ver;
	__u64 addr;
	__u32 size;
	__u32 pad;
};

/* drm_virtgpu_resource_create_blob.blob_mem: where the blob's memory is */
#define VIRTGPU_BLOB_MEM_GUEST		0x0001	/* guest pages only */
#define VIRTGPU_BLOB_MEM_HOST3D		0x0002	/* host memory of a 3D context */
#define VIRTGPU_BLOB_MEM_HOST3D_GUEST	0x0003	/* guest pages a 3D context uses */

/* drm_virtgpu_resource_create_blob.blob_flags */
#define VIRTGPU_BLOB_FLAG_USE_MAPPABLE		0x0001	/* userspace maps it */
#define VIRTGPU_BLOB_FLAG_USE_SHAREABLE		0x0002	/* it may be exported */
#define VIRTGPU_BLOB_FLAG_USE_CROSS_DEVICE	0x0004	/* other virtio devices use it */

/**
 * struct drm_virtgpu_resource_create_blob - DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB
 * @blob_mem: VIRTGPU_BLOB_MEM_* (zero is invalid)
 * @blob_flags: VIRTGPU_BLOB_FLAG_* bits
 * @bo_handle: out: the GEM handle
 * @res_handle: out: the host resource id
 * @size: bytes, a multiple of the page size
 * @pad: zero
 * @cmd_size: bytes at @cmd, a multiple of 4
 * @cmd: user pointer to commands the context runs first (zero for guest
 *	blobs)
 * @blob_id: the context's id for host memory (HOST3D, HOST3D_GUEST);
 *	zero otherwise
 */
struct drm_virtgpu_resource_create_blob {
	__u32 blob_mem;
	__u32 blob_flags;
	__u32 bo_handle;
	__u32 res_handle;
	__u64 size;
	__u32 pad;
	__u32 cmd_size;
	__u64 cmd;
	__u64 blob_id;
};

/* drm_virtgpu_context_set_param.param */
#define VIRTGPU_CONTEXT_PARAM_CAPSET_ID		0x0001	/* the context's capset */
#define VIRTGPU_CONTEXT_PARAM_NUM_RINGS		0x0002	/* rings, at most 64 */
#define VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK	0x0003	/* rings with fence events */
#define VIRTGPU_CONTEXT_PARAM_DEBUG_NAME	0x0004	/* user pointer to a name */

/**
 * struct drm_virtgpu_context_set_param - one parameter of CONTEXT_INIT
 * @param: VIRTGPU_CONTEXT_PARAM_*
 * @value: its value
 */
struct drm_virtgpu_context_set_param {
	__u64 param;
	__u64 value;
};

/**
 * struct drm_virtgpu_context_init - DRM_IOCTL_VIRTGPU_CONTEXT_INIT
 * @num_params: entries at @ctx_set_params
 * @pad: zero
 * @ctx_set_params: user pointer to an array of
 *	&struct drm_virtgpu_context_set_param
 */
struct drm_virtgpu_context_init {
	__u32 num_params;
	__u32 pad;
	__u64 ctx_set_params;
};

/*
 * The type of the DRM event read() returns when a fence of a ring in
 * VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK signals.
 */
#define VIRTGPU_EVENT_FENCE_SIGNALED	0x90000000

#define DRM_IOCTL_VIRTGPU_MAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_MAP, struct drm_virtgpu_map)
#define DRM_IOCTL_VIRTGPU_EXECBUFFER \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_EXECBUFFER, \
		 struct drm_virtgpu_execbuffer)
#define DRM_IOCTL_VIRTGPU_GETPARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_GETPARAM, \
		 struct drm_virtgpu_getparam)
#define DRM_IOCTL_VIRTGPU_RESOURCE_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_CREATE, \
		 struct drm_virtgpu_resource_create)
#define DRM_IOCTL_VIRTGPU_RESOURCE_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_INFO, \
		 struct drm_virtgpu_resource_info)
#define DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_TRANSFER_FROM_HOST, \
		 struct drm_virtgpu_3d_transfer_from_host)
#define DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_TRANSFER_TO_HOST, \
		 struct drm_virtgpu_3d_transfer_to_host)
#define DRM_IOCTL_VIRTGPU_WAIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_WAIT, struct drm_virtgpu_3d_wait)
#define DRM_IOCTL_VIRTGPU_GET_CAPS \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_GET_CAPS, \
		 struct drm_virtgpu_get_caps)
#define DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_CREATE_BLOB, \
		 struct drm_virtgpu_resource_create_blob)
#define DRM_IOCTL_VIRTGPU_CONTEXT_INIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_CONTEXT_INIT, \
		 struct drm_virtgpu_context_init)

#if defined(__cplusplus)
}
#endif

#endif /* VIRTGPU_DRM_H */
