/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the IGT-style virtio-gpu uAPI tests.
 */
#ifndef VGH_IGT_VIRTGPU_H
#define VGH_IGT_VIRTGPU_H

#include <stdbool.h>
#include <stdint.h>

#include <drm/virtgpu_heap_drm.h>

/* /dev/dri/cardN of the driver called @name, or -1 */
int drm_open_by_name(const char *name);
/* /dev/dri/cardN of the virtio_gpu driver; skips when there is none. */
int virtgpu_open(void);
/* 0 with *value set, or -errno */
int virtgpu_getparam(int fd, uint64_t param, int *value);
/* the value of a parameter, 0 when the query fails */
int virtgpu_param(int fd, uint64_t param);
/* skip unless the device has 3D (virgl) */
void virtgpu_require_3d(int fd);
/* skip unless the device has blobs */
void virtgpu_require_blob(int fd);
/* skip unless HOST3D blobs can be mapped */
void virtgpu_require_host_visible(int fd);
/* 0 or -errno, retrying on EINTR */
int virtgpu_ioctl(int fd, unsigned long request, void *arg);
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
/* a parameter of the simulated device, 0 when it is not loaded */
unsigned long long virtgpu_sim_param(const char *name);
/* "cmd NAME: N errors M" of the simulator's state: N, or -1 */
long long virtgpu_sim_cmds(const char *name);
/* write a line to one of the simulator's debugfs files; 0 or -errno */
int virtgpu_sim_write(const char *file, const char *line);
/* wait until a sync file signals, at most ms; true when it did */
bool virtgpu_fence_wait(int fence_fd, int ms);

#endif /* VGH_IGT_VIRTGPU_H */
