// SPDX-License-Identifier: MIT
/*
 * Helpers of the IGT-style virtio-gpu uAPI tests.
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

int virtgpu_getparam(int fd, uint64_t param, int *value)
{
	struct drm_virtgpu_getparam gp = {
		.param = param,
		.value = (uintptr_t)value,
	};

	*value = 0;
	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp);
}

int virtgpu_param(int fd, uint64_t param)
{
	int value;

	return virtgpu_getparam(fd, param, &value) ? 0 : value;
}

/* "offered 0x..." of virtio-gpu-heap's debugfs file vgh_features */
static bool debugfs_offered(uint64_t *features)
{
	char path[64], line[128];
	bool found = false;
	int i;

	for (i = 0; i < 64 && !found; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/vgh_features", i);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (!found && fgets(line, sizeof(line), f))
			found = sscanf(line, "offered %" SCNx64, features) == 1;
		fclose(f);
	}
	return found;
}

/* the virtio core's negotiated bits of the (first) virtio GPU */
static bool sysfs_negotiated(uint64_t *features)
{
	char path[96], text[160];
	bool found = false;
	int i, b;

	for (i = 0; i < 64 && !found; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/virtio%d/device", i);
		f = fopen(path, "r");
		if (!f)
			continue;
		found = fgets(text, sizeof(text), f) && strtoul(text, NULL, 0) == 16;
		fclose(f);
		if (!found)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/virtio%d/features", i);
		f = fopen(path, "r");
		found = f && fgets(text, sizeof(text), f);
		if (f)
			fclose(f);
		*features = 0;
		for (b = 0; found && b < 64 && (text[b] == '0' || text[b] == '1'); b++)
			*features |= (uint64_t)(text[b] == '1') << b;
	}
	return found;
}

/* a debugfs file of the driver under any DRM minor */
static FILE *dri_debugfs(const char *name)
{
	char path[96];
	int i;

	for (i = 0; i < 64; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/%s", i, name);
		f = fopen(path, "r");
		if (f)
			return f;
	}
	return NULL;
}

/* a device-tree virtio-mmio node that names a memory region (the heap) */
static bool dt_heap(void)
{
	return system("ls /sys/firmware/devicetree/base/*/memory-region "
		      ">/dev/null 2>&1") == 0;
}

void virtgpu_device(struct virtgpu_device *d)
{
	memset(d, 0, sizeof(*d));
	if (access(VGH_SIM_PARAMS "/features", R_OK) == 0) {
		d->source = "the simulator's parameters";
		d->sim = true;
		d->features = vgh_sim_param("features");
		d->capsets_known = true;
		d->capsets = vgh_sim_param("capsets");
		d->host_visible = vgh_sim_param("hostvis_size") != 0;
		d->heap = vgh_sim_param("heap_size") != 0;
		return;
	}
	if (debugfs_offered(&d->features)) {
		d->source = "the offered bits in vgh_features";
	} else if (sysfs_negotiated(&d->features)) {
		d->source = "the virtio core's negotiated bits";
	} else {
		d->source = "no record of the device's features";
	}
	d->heap = dt_heap();
	/* a host-visible region: the driver's debugfs shows what it found */
	if (d->features & (1ull << VIRTIO_GPU_F_RESOURCE_BLOB)) {
		FILE *f = dri_debugfs("vgh_hostvis");
		char line[64] = "";

		if (f) {
			d->host_visible = fgets(line, sizeof(line), f) &&
					  strncmp(line, "no host-visible", 15);
			fclose(f);
		} else {
			f = dri_debugfs("virtio-gpu-host-visible-mm");
			d->host_visible = f != NULL;
			if (f)
				fclose(f);
		}
	}
}

bool virtgpu_device_has(unsigned int feature)
{
	struct virtgpu_device d;

	virtgpu_device(&d);
	return d.features & (1ull << feature);
}

bool virtgpu_device_has_host_visible(void)
{
	struct virtgpu_device d;

	virtgpu_device(&d);
	return d.host_visible;
}

bool virtgpu_device_heap_mode(void)
{
	struct virtgpu_device d;

	virtgpu_device(&d);
	return d.heap && !d.host_visible;
}

bool virtgpu_device_guest_vram(void)
{
	struct virtgpu_device d;

	virtgpu_device(&d);
	return d.heap && !d.host_visible &&
	       (d.features & (1ull << VIRTIO_GPU_F_RESOURCE_BLOB));
}

bool virtgpu_driver_is_ours(void)
{
	return access("/sys/module/virtio_gpu_heap", F_OK) == 0;
}

/* skip unless the device offers feature; fail unless param reads 1 */
static void require_feature(int fd, unsigned int feature, uint64_t param,
			    const char *what, const char *param_name)
{
	struct virtgpu_device d;
	int v = 0, ret;

	virtgpu_device(&d);
	igt_require_f(d.features & (1ull << feature),
		      "the device offers no %s (feature bit %u, features %#llx from %s)",
		      what, feature, (unsigned long long)d.features, d.source);
	ret = virtgpu_getparam(fd, param, &v);
	igt_assert_f(ret == 0 && v == 1,
		     "the device offers %s (%s) but %s gives %d (%s)", what, d.source,
		     param_name, v, ret ? strerror(-ret) : "ok");
}

void virtgpu_require_3d(int fd)
{
	require_feature(fd, VIRTIO_GPU_F_VIRGL, VIRTGPU_PARAM_3D_FEATURES, "3D",
			"VIRTGPU_PARAM_3D_FEATURES");
}

void virtgpu_require_blob(int fd)
{
	require_feature(fd, VIRTIO_GPU_F_RESOURCE_BLOB, VIRTGPU_PARAM_RESOURCE_BLOB,
			"blobs", "VIRTGPU_PARAM_RESOURCE_BLOB");
}

void virtgpu_require_context_init(int fd)
{
	require_feature(fd, VIRTIO_GPU_F_CONTEXT_INIT, VIRTGPU_PARAM_CONTEXT_INIT,
			"CONTEXT_INIT", "VIRTGPU_PARAM_CONTEXT_INIT");
}

void virtgpu_require_host_visible(int fd)
{
	struct virtgpu_device d;

	virtgpu_require_blob(fd);
	virtgpu_require_3d(fd);
	virtgpu_device(&d);
	igt_require_f(d.host_visible, "the device has no host-visible region (%s)",
		      d.sim ? d.source : "the driver's debugfs");
	igt_assert_f(virtgpu_param(fd, VIRTGPU_PARAM_HOST_VISIBLE) == 1,
		     "the device has a host-visible region but VIRTGPU_PARAM_HOST_VISIBLE is %d",
		     virtgpu_param(fd, VIRTGPU_PARAM_HOST_VISIBLE));
}

void virtgpu_require_no_feature(int fd, unsigned int feature, uint64_t param,
				const char *what)
{
	struct virtgpu_device d;

	virtgpu_device(&d);
	igt_require_f(!(d.features & (1ull << feature)),
		      "the device offers %s (features %#llx from %s)", what,
		      (unsigned long long)d.features, d.source);
	igt_assert_f(virtgpu_param(fd, param) == 0,
		     "the device offers no %s but GETPARAM %llu gives %d", what,
		     (unsigned long long)param, virtgpu_param(fd, param));
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, rc), 0);
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
	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, b);
}

int virtgpu_ctx_init(int fd, const struct drm_virtgpu_context_set_param *p,
		     uint32_t n)
{
	struct drm_virtgpu_context_init init = {
		.num_params = n,
		.ctx_set_params = (uintptr_t)p,
	};

	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init);
}

void *virtgpu_map(int fd, uint32_t handle, uint64_t size)
{
	struct drm_virtgpu_map map = { .handle = handle };
	void *p;

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), 0);
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
	igt_assert_eq(vgh_ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp), 0);
	igt_assert_neq(imp.handle, 0);
	close(vgem);
}

int virtgpu_card_index(int fd)
{
	struct stat st;

	igt_assert(fstat(fd, &st) == 0);
	return minor(st.st_rdev);
}

void virtgpu_dma_heap_path(int fd, char *path, size_t len)
{
	snprintf(path, len, "/dev/dma_heap/virtio-gpu-heap-card%d",
		 virtgpu_card_index(fd));
}
