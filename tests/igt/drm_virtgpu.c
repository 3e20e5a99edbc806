// SPDX-License-Identifier: MIT
/*
 * drm_virtgpu: each virtio-gpu ioctl once on its success path, as IGT's
 * drm_virtgpu exercises them: a 64x64 RGBA texture made with
 * RESOURCE_CREATE, mapped, described, transferred both ways, waited on
 * and listed in an empty EXECBUFFER; a guest blob; the VIRGL and VIRGL2
 * capsets (and no capset 3 or 9999); a context on capset 1 with a debug
 * name; every GETPARAM.
 *
 * IGT fails execbuffer, get-caps and context-init on a device without
 * 3D (QEMU without virgl) whatever the driver; here they skip, saying
 * why, and virtgpu_uapi checks the errnos such a device must give.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "igt.h"
#include "virtgpu.h"

static void map(void)
{
	struct drm_virtgpu_resource_create rc;
	int fd = virtgpu_open();
	uint8_t *p;

	virtgpu_res_create(fd, &rc);
	p = virtgpu_map(fd, rc.bo_handle, 4096);
	memset(p, 0xaa, 4096);
	igt_assert_eq(p[0], 0xaa);
	igt_assert_eq(p[4095], 0xaa);
	munmap(p, 4096);
	close(fd);
}

static void execbuffer(void)
{
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_execbuffer eb = { .fence_fd = -1 };
	int fd = virtgpu_open();

	virtgpu_require_3d(fd);
	virtgpu_res_create(fd, &rc);
	eb.bo_handles = (uintptr_t)&rc.bo_handle;
	eb.num_bo_handles = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb), 0);
	close(fd);
}

static void resource_info(void)
{
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_resource_info ri = {};
	int fd = virtgpu_open();

	virtgpu_res_create(fd, &rc);
	ri.bo_handle = rc.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &ri), 0);
	igt_assert_eq(ri.res_handle, rc.res_handle);
	igt_assert_lt(0, ri.size);
	igt_info("size %u res_handle %u blob_mem %u", ri.size, ri.res_handle,
		 ri.blob_mem);
	close(fd);
}

static void transfer_to_host(void)
{
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_3d_transfer_to_host t = {};
	int fd = virtgpu_open();

	virtgpu_res_create(fd, &rc);
	t.bo_handle = rc.bo_handle;
	t.box.w = rc.width;
	t.box.h = rc.height;
	t.box.d = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t), 0);
	close(fd);
}

static void transfer_from_host(void)
{
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_3d_transfer_from_host t = {};
	int fd = virtgpu_open();

	virtgpu_require_3d(fd);
	virtgpu_res_create(fd, &rc);
	t.bo_handle = rc.bo_handle;
	t.box.w = rc.width;
	t.box.h = rc.height;
	t.box.d = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &t), 0);
	close(fd);
}

static void wait_3d(void)
{
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_3d_wait w = {};
	int fd = virtgpu_open();

	virtgpu_res_create(fd, &rc);
	w.handle = rc.bo_handle;
	/* a new resource has nothing pending */
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), 0);
	close(fd);
}

static void resource_create(void)
{
	struct drm_virtgpu_resource_create rc;
	int fd = virtgpu_open();

	virtgpu_res_create(fd, &rc);
	close(fd);
}

static void resource_create_blob(void)
{
	struct drm_virtgpu_resource_create_blob b;
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
				   VIRTGPU_BLOB_FLAG_USE_SHAREABLE, 4096, 0, &b), 0);
	igt_assert_neq(b.res_handle, 0);
	close(fd);
}

static int get_caps(int fd, uint32_t id)
{
	static uint8_t buf[4096];
	struct drm_virtgpu_get_caps c = {
		.cap_set_id = id,
		.size = sizeof(buf),
		.addr = (uintptr_t)buf,
	};

	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GET_CAPS, &c);
}

static void get_caps_test(void)
{
	int fd = virtgpu_open();

	virtgpu_require_3d(fd);
	igt_assert_eq(get_caps(fd, 1), 0);
	igt_assert_eq(get_caps(fd, 2), 0);
	igt_assert_neq(get_caps(fd, 3), 0);
	igt_assert_neq(get_caps(fd, 9999), 0);
	close(fd);
}

static void context_init(void)
{
	struct drm_virtgpu_context_set_param p[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_DEBUG_NAME, (uintptr_t)"IGT-style context" },
	};
	int fd = virtgpu_open(), ret;

	virtgpu_require_3d(fd);
	ret = virtgpu_ctx_init(fd, p, 2);
	igt_assert(ret == 0 || ret == -EEXIST);
	close(fd);
}

static void getparam(void)
{
	int fd = virtgpu_open(), value, ok = 0;
	uint64_t param;

	for (param = VIRTGPU_PARAM_3D_FEATURES;
	     param <= VIRTGPU_PARAM_EXPLICIT_DEBUG_NAME; param++) {
		if (!virtgpu_getparam(fd, param, &value)) {
			igt_info("param %llu = %d", (unsigned long long)param, value);
			ok++;
		}
	}
	igt_assert_lt(0, ok);
	close(fd);
}

IGT_MAIN(NULL,
	{ "drm-virtgpu-map", map },
	{ "drm-virtgpu-execbuffer", execbuffer },
	{ "drm-virtgpu-resource-info", resource_info },
	{ "drm-virtgpu-3d-transfer-to-host", transfer_to_host },
	{ "drm-virtgpu-3d-transfer-from-host", transfer_from_host },
	{ "drm-virtgpu-3d-wait", wait_3d },
	{ "drm-virtgpu-resource-create", resource_create },
	{ "drm-virtgpu-resource-create-blob", resource_create_blob },
	{ "drm-virtgpu-get-caps", get_caps_test },
	{ "drm-virtgpu-context-init", context_init },
	{ "drm-virtgpu-getparam", getparam },
)
