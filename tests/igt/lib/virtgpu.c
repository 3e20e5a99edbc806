// SPDX-License-Identifier: MIT
/*
 * Helpers of the IGT-style virtio-gpu uAPI tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include "igt.h"
#include "virtgpu.h"

int drm_open_by_name(const char *name)
{
	char path[32];
	int i, fd;

	for (i = 0; i < 16; i++) {
		drmVersionPtr v;
		bool match;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		match = v && !strcmp(v->name, name);
		drmFreeVersion(v);
		if (match)
			return fd;
		close(fd);
	}
	return -1;
}

int virtgpu_open(void)
{
	int fd = drm_open_by_name("virtio_gpu");

	igt_require_f(fd >= 0, "no virtio_gpu device");
	return fd;
}

int virtgpu_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

int virtgpu_getparam(int fd, uint64_t param, int *value)
{
	struct drm_virtgpu_getparam gp = {
		.param = param,
		.value = (uintptr_t)value,
	};

	*value = 0;
	return virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp);
}

int virtgpu_param(int fd, uint64_t param)
{
	int value;

	return virtgpu_getparam(fd, param, &value) ? 0 : value;
}

void virtgpu_require_3d(int fd)
{
	igt_require_f(virtgpu_param(fd, VIRTGPU_PARAM_3D_FEATURES),
		      "the device has no 3D (VIRTGPU_PARAM_3D_FEATURES is 0)");
}

void virtgpu_require_blob(int fd)
{
	igt_require_f(virtgpu_param(fd, VIRTGPU_PARAM_RESOURCE_BLOB),
		      "the device has no blobs (VIRTGPU_PARAM_RESOURCE_BLOB is 0)");
}

void virtgpu_require_host_visible(int fd)
{
	virtgpu_require_blob(fd);
	virtgpu_require_3d(fd);
	igt_require_f(virtgpu_param(fd, VIRTGPU_PARAM_HOST_VISIBLE),
		      "the device has no host-visible region");
}

void virtgpu_res_create(int fd, struct drm_virtgpu_resource_create *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->target = 2;		/* PIPE_TEXTURE_2D */
	rc->format = 67;	/* VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM */
	rc->bind = 1;		/* render target */
	rc->width = 64;
	rc->height = 64;
	rc->depth = 1;
	rc->array_size = 1;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, rc), 0);
	igt_assert_neq(rc->res_handle, 0);
	igt_assert_neq(rc->bo_handle, 0);
}

int virtgpu_blob(int fd, uint32_t mem, uint32_t flags, uint64_t size,
		 uint64_t blob_id, struct drm_virtgpu_resource_create_blob *b)
{
	memset(b, 0, sizeof(*b));
	b->blob_mem = mem;
	b->blob_flags = flags;
	b->size = size;
	b->blob_id = blob_id;
	return virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, b);
}

int virtgpu_ctx_init(int fd, const struct drm_virtgpu_context_set_param *p,
		     uint32_t n)
{
	struct drm_virtgpu_context_init init = {
		.num_params = n,
		.ctx_set_params = (uintptr_t)p,
	};

	return virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init);
}

void *virtgpu_map(int fd, uint32_t handle, uint64_t size)
{
	struct drm_virtgpu_map map = { .handle = handle };
	void *p;

	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), 0);
	igt_assert_neq(map.offset, 0);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, map.offset);
	igt_assert(p != MAP_FAILED);
	return p;
}

bool virtgpu_fence_wait(int fence_fd, int ms)
{
	struct pollfd pfd = { .fd = fence_fd, .events = POLLIN };
	int ret;

	do {
		ret = poll(&pfd, 1, ms);
	} while (ret < 0 && errno == EINTR);
	return ret == 1;
}

void virtgpu_import_into_vgem(int dmabuf_fd)
{
	struct drm_prime_handle imp = { .fd = dmabuf_fd };
	int vgem;

	if (system("modprobe vgem >/dev/null 2>&1"))
		igt_skip("no vgem module");
	vgem = drm_open_by_name("vgem");
	igt_require_f(vgem >= 0, "vgem has no card");
	igt_assert_eq(virtgpu_ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp), 0);
	igt_assert_neq(imp.handle, 0);
	close(vgem);
}

unsigned long long virtgpu_sim_param(const char *name)
{
	char path[128], text[32];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/virtio_gpu_sim/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	/* numbers, and booleans as Y or N */
	if (fgets(text, sizeof(text), f))
		v = text[0] == 'Y' ? 1 : strtoull(text, NULL, 0);
	fclose(f);
	return v;
}

#define SIM_DEBUGFS "/sys/kernel/debug/virtio-gpu-sim/sim0/"

long long virtgpu_sim_cmds(const char *name)
{
	char line[256], want[96];
	long long n = -1;
	FILE *f = fopen(SIM_DEBUGFS "state", "r");

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "cmd %s: %%lld ", name);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, want, &n) == 1)
			break;
	fclose(f);
	return n;
}

int virtgpu_sim_write(const char *file, const char *line)
{
	char path[160];
	int fd, ret = 0;

	snprintf(path, sizeof(path), SIM_DEBUGFS "%s", file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, line, strlen(line)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}
