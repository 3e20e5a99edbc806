/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the IGT-style virtio-gpu uAPI tests. Their ioctls go through
 * vgh_ioctl() (0 or -errno); the simulated device's parameters, counters
 * and control files are read and written with tests/lib's vgh_sim_*().
 */
#ifndef VGH_IGT_VIRTGPU_H
#define VGH_IGT_VIRTGPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm/virtgpu_heap_drm.h>
#include <linux/virtio_gpu.h>

/* /dev/dri/cardN of the driver called @name, or -1 */
int drm_open_by_name(const char *name);
/* /dev/dri/cardN of the virtio_gpu driver; skips when there is none. */
int virtgpu_open(void);
/* 0 with *value set, or -errno */
int virtgpu_getparam(int fd, uint64_t param, int *value);
/* the value of a parameter, 0 when the query fails */
int virtgpu_param(int fd, uint64_t param);
/*
 * What the device offers, read outside the driver's uAPI, so that a
 * subtest skips only for what the device lacks and fails when the driver
 * answers otherwise: the simulator's module parameters when it is loaded,
 * else the offered bits virtio-gpu-heap prints in debugfs (vgh_features),
 * else the bits the virtio core negotiated (/sys/bus/virtio/devices/).
 */
struct virtgpu_device {
	const char *source;	/* where the facts come from, for messages */
	bool sim;		/* the simulated device */
	uint64_t features;	/* feature bits offered (or negotiated) */
	bool capsets_known;	/* only the simulator tells its capset ids */
	uint32_t capsets;	/* capset ids as a bit mask */
	bool host_visible;	/* a host-visible shared memory region */
	bool heap;		/* a dedicated heap region */
};
void virtgpu_device(struct virtgpu_device *d);
bool virtgpu_device_has(unsigned int feature);
bool virtgpu_device_has_host_visible(void);
/* the device offers no host-visible region but a heap: heap mode */
bool virtgpu_device_heap_mode(void);
/* heap mode on a device that takes blobs: GUEST_VRAM blobs can be made */
bool virtgpu_device_guest_vram(void);
/* virtio-gpu-heap is the driver (its module is loaded) */
bool virtgpu_driver_is_ours(void);
/*
 * skip unless the device offers 3D (VIRGL) / blobs / CONTEXT_INIT /
 * a host-visible region; then fail unless the driver's GETPARAM says so
 */
void virtgpu_require_3d(int fd);
void virtgpu_require_blob(int fd);
void virtgpu_require_context_init(int fd);
void virtgpu_require_host_visible(int fd);
/* skip if the device offers the feature; fail if GETPARAM param is not 0 */
void virtgpu_require_no_feature(int fd, unsigned int feature, uint64_t param,
				const char *what);
/* a 64x64 RGBA 2D texture as IGT's drm_virtgpu makes it; asserts */
void virtgpu_res_create(int fd, struct drm_virtgpu_resource_create *rc);
/* a blob; 0 or -errno */
int virtgpu_blob(int fd, uint32_t mem, uint32_t flags, uint64_t size,
		 uint64_t blob_id, struct drm_virtgpu_resource_create_blob *b);
/* CONTEXT_INIT with up to four parameters; 0 or -errno */
int virtgpu_ctx_init(int fd, const struct drm_virtgpu_context_set_param *p,
		     uint32_t n);
/* mmap through DRM_IOCTL_VIRTGPU_MAP; asserts */
void *virtgpu_map(int fd, uint32_t handle, uint64_t size);
/* import a dma-buf into vgem, as another device would; skips without vgem */
void virtgpu_import_into_vgem(int dmabuf_fd);
/* the index N of /dev/dri/cardN that @fd is open on; asserts */
int virtgpu_card_index(int fd);
/* virtio-gpu-heap's DMA-BUF heap node of that card, into @path */
void virtgpu_dma_heap_path(int fd, char *path, size_t len);
/* wait until a sync file signals, at most ms; true when it did */
bool virtgpu_fence_wait(int fence_fd, int ms);

#endif /* VGH_IGT_VIRTGPU_H */
