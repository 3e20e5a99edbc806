// SPDX-License-Identifier: MIT
/*
 * virtgpu_uapi: the virtio-gpu ioctls beyond their success path: every
 * invalid argument gets its exact errno and leaves nothing behind, fences
 * and syncobjs reach userspace, ring fences send DRM events, blobs map,
 * and a device without 3D or blobs says so with the errnos the Linux
 * driver gives.
 *
 * Where this driver is stricter than Linux 6.12 (non-zero padding, sizes
 * and counts no allocation can hold, unknown WAIT flags, MAP of a HOST3D
 * blob that is not mappable, Linux 7.2's blob hints) the subtest says so;
 * Documentation/gpu/virtio-gpu-heap.rst lists those differences.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include "igt.h"
#include "virtgpu.h"

static uint32_t cmd_words[4];

static int execbuf(int fd, struct drm_virtgpu_execbuffer *eb)
{
	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, eb);
}

static struct drm_virtgpu_execbuffer eb_base(void)
{
	struct drm_virtgpu_execbuffer eb = {
		.size = sizeof(cmd_words),
		.command = (uintptr_t)cmd_words,
		.fence_fd = -1,
	};

	return eb;
}

static int open_3d(void)
{
	int fd = virtgpu_open();

	virtgpu_require_3d(fd);
	return fd;
}

static void gem_close_handle(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c), 0);
}

/* A device without 3D: the Linux driver's errnos for the absent feature. */
static void no_3d_errnos(void)
{
	int fd = virtgpu_open();
	struct drm_virtgpu_execbuffer eb = eb_base();
	struct drm_virtgpu_3d_transfer_from_host t = {};
	struct drm_virtgpu_get_caps caps = { .cap_set_id = 1, .size = 4 };
	struct drm_virtgpu_context_set_param p = { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 };
	struct drm_virtgpu_resource_create_blob b;
	uint32_t buf;

	virtgpu_require_no_feature(fd, VIRTIO_GPU_F_VIRGL, VIRTGPU_PARAM_3D_FEATURES, "3D");
	igt_assert_eq(virtgpu_param(fd, VIRTGPU_PARAM_CONTEXT_INIT), 0);
	igt_assert_eq(virtgpu_param(fd, VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs), 0);
	igt_assert_eq(execbuf(fd, &eb), -ENOSYS);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &t),
		      -ENOSYS);
	caps.addr = (uintptr_t)&buf;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GET_CAPS, &caps), -ENOSYS);
	igt_assert_eq(virtgpu_ctx_init(fd, &p, 1), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D, 0, 4096, 1, &b),
		      -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D_GUEST, 0, 4096, 1, &b),
		      -EINVAL);
	close(fd);
}

static void no_blob_errnos(void)
{
	int fd = virtgpu_open();
	struct drm_virtgpu_resource_create_blob b;

	virtgpu_require_no_feature(fd, VIRTIO_GPU_F_RESOURCE_BLOB,
				   VIRTGPU_PARAM_RESOURCE_BLOB, "blobs");
	igt_assert_eq(virtgpu_param(fd, VIRTGPU_PARAM_HOST_VISIBLE), 0);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, 4096, 0, &b),
		      -EINVAL);
	close(fd);
}

/* Without 3D only a single-level, single-sample 2D texture exists. */
static void resource_create_2d_limits(void)
{
	struct drm_virtgpu_resource_create rc;
	int fd = virtgpu_open();
	int i;

	virtgpu_require_no_feature(fd, VIRTIO_GPU_F_VIRGL, VIRTGPU_PARAM_3D_FEATURES, "3D");
	for (i = 0; i < 5; i++) {
		memset(&rc, 0, sizeof(rc));
		rc.target = 2;
		rc.format = 67;
		rc.width = 64;
		rc.height = 64;
		rc.depth = 1;
		rc.array_size = 1;
		switch (i) {
		case 0: rc.depth = 2; break;
		case 1: rc.nr_samples = 2; break;
		case 2: rc.last_level = 2; break;
		case 3: rc.target = 3; break;
		case 4: rc.array_size = 2; break;
		}
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &rc),
			      -EINVAL);
	}
	close(fd);
}

static void getparam_errors(void)
{
	struct drm_virtgpu_getparam gp = { .param = VIRTGPU_PARAM_3D_FEATURES };
	int fd = virtgpu_open(), value;

	igt_assert_eq(virtgpu_getparam(fd, 0, &value), -EINVAL);
	igt_assert_eq(virtgpu_getparam(fd, 100, &value), -EINVAL);
	igt_assert_eq(virtgpu_getparam(fd, ~0ull, &value), -EINVAL);
	gp.value = 16;	/* no user memory there */
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp), -EFAULT);
	close(fd);
}

static int get_caps(int fd, uint32_t id, uint32_t ver, void *buf, uint32_t size,
		    uint32_t pad)
{
	struct drm_virtgpu_get_caps c = {
		.cap_set_id = id, .cap_set_ver = ver,
		.addr = (uintptr_t)buf, .size = size, .pad = pad,
	};

	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GET_CAPS, &c);
}

/* GETPARAM's capset mask names exactly the capsets GET_CAPS returns. */
static void get_caps_matches_mask(void)
{
	int fd = open_3d();
	uint32_t mask = virtgpu_param(fd, VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs);
	static uint8_t a[4096], b[4096];
	uint32_t id;

	igt_assert_neq(mask, 0);
	for (id = 1; id < 32; id++) {
		int ret;

		/* bytes past the capset's size stay as they were */
		memset(a, 0x55, sizeof(a));
		ret = get_caps(fd, id, 0, a, sizeof(a), 0);

		igt_assert_eq(ret, mask & (1u << id) ? 0 : -EINVAL);
		if (ret)
			continue;
		/* asked again (the cache answers), the same bytes */
		memset(b, 0x55, sizeof(b));
		igt_assert_eq(get_caps(fd, id, 0, b, sizeof(b), 0), 0);
		igt_assert(!memcmp(a, b, sizeof(a)));
	}
	close(fd);
}

static void get_caps_errors(void)
{
	int fd = open_3d();
	uint8_t buf[64];

	igt_assert_eq(get_caps(fd, 1, 0, buf, 0, 0), -EINVAL);
	igt_assert_eq(get_caps(fd, 9999, 0, buf, sizeof(buf), 0), -EINVAL);
	igt_assert_eq(get_caps(fd, 1, 1000, buf, sizeof(buf), 0), -EINVAL);
	igt_assert_eq(get_caps(fd, 1, 0, (void *)16, sizeof(buf), 0), -EFAULT);
	/* stricter than Linux 6.12, which ignores the padding */
	igt_assert_eq(get_caps(fd, 1, 0, buf, sizeof(buf), 1), -EINVAL);
	/* a short buffer gets the start of the capset */
	igt_assert_eq(get_caps(fd, 1, 0, buf, 4, 0), 0);
	close(fd);
}

static void context_init_errors(void)
{
	struct drm_virtgpu_context_set_param p[5] = {};
	struct drm_virtgpu_context_init init = {};
	int fd = open_3d();
	uint32_t mask = virtgpu_param(fd, VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs);
	int unoffered = 1;

	virtgpu_require_context_init(fd);
	while (unoffered < 63 && (mask & (1u << unoffered)))
		unoffered++;

#define CTX_EINVAL(n, ...) do {						\
		struct drm_virtgpu_context_set_param q[] = { __VA_ARGS__ };	\
		igt_assert_eq(virtgpu_ctx_init(fd, q, n), -EINVAL);		\
	} while (0)
	CTX_EINVAL(1, { 9, 1 });
	CTX_EINVAL(1, { 0, 1 });
	CTX_EINVAL(1, { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 0 });
	CTX_EINVAL(1, { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, unoffered });
	CTX_EINVAL(1, { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 64 });
	CTX_EINVAL(1, { VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 65 });
	CTX_EINVAL(2, { VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 2 },
		   { VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK, 0x4 });
	CTX_EINVAL(1, { VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK, 0x1 });
	CTX_EINVAL(2, { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		   { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 });
#undef CTX_EINVAL
	/* more parameters than there are */
	igt_assert_eq(virtgpu_ctx_init(fd, p, 5), -EINVAL);
	init.num_params = 1;
	init.ctx_set_params = 16;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init), -EFAULT);
	p[0].param = VIRTGPU_CONTEXT_PARAM_DEBUG_NAME;
	p[0].value = 16;
	igt_assert_eq(virtgpu_ctx_init(fd, p, 1), -EFAULT);
	/* stricter than Linux 6.12, which ignores the padding */
	init.ctx_set_params = (uintptr_t)p;
	init.num_params = 0;
	init.pad = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init), -EINVAL);

	/* none of that made a context */
	p[0].param = VIRTGPU_CONTEXT_PARAM_CAPSET_ID;
	p[0].value = 1;
	p[1].param = VIRTGPU_CONTEXT_PARAM_NUM_RINGS;
	p[1].value = 64;
	p[2].param = VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK;
	p[2].value = 1ull << 63;
	p[3].param = VIRTGPU_CONTEXT_PARAM_DEBUG_NAME;
	p[3].value = (uintptr_t)"a name longer than the sixty-four bytes the host takes, cut to fit";
	igt_assert_eq(virtgpu_ctx_init(fd, p, 4), 0);
	igt_assert_eq(virtgpu_ctx_init(fd, p, 1), -EEXIST);
	close(fd);
}

/* The first ioctl that needs a context makes one with the defaults. */
static void context_implicit(void)
{
	struct drm_virtgpu_context_set_param p = { VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 };
	struct drm_virtgpu_resource_create rc;
	int fd = open_3d();

	virtgpu_require_context_init(fd);
	virtgpu_res_create(fd, &rc);
	igt_assert_eq(virtgpu_ctx_init(fd, &p, 1), -EEXIST);
	close(fd);
}

static void handle_errors(void)
{
	struct drm_virtgpu_resource_info ri = { .bo_handle = 0xdead };
	struct drm_virtgpu_3d_transfer_to_host to = { .bo_handle = 0xdead };
	struct drm_virtgpu_3d_wait w = { .handle = 0xdead };
	struct drm_virtgpu_map map = { .handle = 0xdead };
	struct drm_virtgpu_resource_create rc;
	int fd = virtgpu_open();

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &ri), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), -ENOENT);

	virtgpu_res_create(fd, &rc);
	/* stricter than Linux 6.12, which ignores the padding */
	map.handle = rc.bo_handle;
	map.pad = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), -EINVAL);
	map.pad = 0;

	/* a handle stops working when it is closed */
	gem_close_handle(fd, rc.bo_handle);
	ri.bo_handle = to.bo_handle = w.handle = map.handle = rc.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &ri), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), -ENOENT);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), -ENOENT);
	if (virtgpu_param(fd, VIRTGPU_PARAM_3D_FEATURES)) {
		struct drm_virtgpu_execbuffer eb = eb_base();

		eb.bo_handles = (uintptr_t)&rc.bo_handle;
		eb.num_bo_handles = 1;
		igt_assert_eq(execbuf(fd, &eb), -ENOENT);
	}
	close(fd);
}

static void transfer_errors(void)
{
	struct drm_virtgpu_3d_transfer_to_host to = {};
	struct drm_virtgpu_3d_transfer_from_host from = {};
	struct drm_virtgpu_resource_create_blob b;
	struct drm_virtgpu_resource_create rc, big;
	int fd = open_3d();

	virtgpu_res_create(fd, &rc);
	/* stricter than Linux 6.12: no object over 2 GiB */
	big = rc;
	big.size = 0xfffff000;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &big), -EINVAL);
	to.bo_handle = from.bo_handle = rc.bo_handle;
	to.box.w = from.box.w = 64;
	to.box.h = from.box.h = 64;
	to.box.d = from.box.d = 1;
	/* only a blob's guest memory can have its own layout */
	to.stride = from.stride = 256;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to), -EINVAL);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &from),
		      -EINVAL);
	to.stride = from.stride = 0;
	to.layer_stride = from.layer_stride = 4096;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to), -EINVAL);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &from),
		      -EINVAL);
	if (virtgpu_param(fd, VIRTGPU_PARAM_RESOURCE_BLOB)) {
		/* a guest blob has no host copy to transfer to or from */
		igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0, 4096, 0, &b), 0);
		to.bo_handle = from.bo_handle = b.bo_handle;
		to.layer_stride = from.layer_stride = 0;
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to),
			      -EINVAL);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &from),
			      -EINVAL);
	}
	close(fd);
}

/* A transfer is fenced: WAIT returns once the host is done with it. */
static void transfer_then_wait(void)
{
	struct drm_virtgpu_3d_transfer_from_host from = {};
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_3d_wait w = {};
	int fd = open_3d(), i;

	virtgpu_res_create(fd, &rc);
	from.bo_handle = rc.bo_handle;
	from.box.w = 64;
	from.box.h = 64;
	from.box.d = 1;
	w.handle = rc.bo_handle;
	for (i = 0; i < 100; i++) {
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &from),
			      0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), 0);
		w.flags = VIRTGPU_WAIT_NOWAIT;
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), 0);
		w.flags = 0;
	}
	/* stricter than Linux 6.12, which ignores unknown flags */
	w.flags = 2;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), -EINVAL);
	close(fd);
}

static void execbuffer_errors(void)
{
	struct drm_virtgpu_execbuffer_syncobj so = {};
	void *big;
	struct drm_virtgpu_execbuffer eb;
	struct drm_syncobj_create sc = {};
	uint32_t bad = 0xdead;
	int fd = open_3d();

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc), 0);

	eb = eb_base();
	eb.flags = 0x8;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	/* no rings without CONTEXT_INIT */
	eb = eb_base();
	eb.flags = VIRTGPU_EXECBUF_RING_IDX;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb = eb_base();
	eb.bo_handles = (uintptr_t)&bad;
	eb.num_bo_handles = 1;
	igt_assert_eq(execbuf(fd, &eb), -ENOENT);
	eb = eb_base();
	eb.bo_handles = 16;
	eb.num_bo_handles = 1;
	igt_assert_eq(execbuf(fd, &eb), -EFAULT);
	eb = eb_base();
	eb.command = 16;
	igt_assert_eq(execbuf(fd, &eb), -EFAULT);
	/* an in fence that is not a sync file */
	eb = eb_base();
	eb.flags = VIRTGPU_EXECBUF_FENCE_FD_IN;
	eb.fence_fd = -1;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb.fence_fd = fd;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);

	eb = eb_base();
	eb.syncobj_stride = sizeof(so);
	eb.in_syncobjs = (uintptr_t)&so;
	eb.num_in_syncobjs = 1;
	so.handle = 0xdead;
	igt_assert_eq(execbuf(fd, &eb), -ENOENT);
	so.handle = sc.handle;
	so.flags = 0x2;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	/* a syncobj with no fence yet */
	so.flags = 0;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb.in_syncobjs = 16;
	igt_assert_eq(execbuf(fd, &eb), -EFAULT);

	eb = eb_base();
	eb.syncobj_stride = sizeof(so);
	eb.out_syncobjs = (uintptr_t)&so;
	eb.num_out_syncobjs = 1;
	so.handle = 0xdead;
	so.flags = 0;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	so.handle = sc.handle;
	so.flags = VIRTGPU_EXECBUF_SYNCOBJ_RESET;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);

	/* stricter than Linux 6.12: counts and sizes no allocation holds */
	eb = eb_base();
	eb.bo_handles = (uintptr_t)&bad;
	eb.num_bo_handles = 0xffffffff;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb = eb_base();
	eb.num_in_syncobjs = 0x80000000;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb = eb_base();
	eb.num_out_syncobjs = 0x80000000;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb = eb_base();
	eb.size = 0xffffffff;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	/* the largest stream is 1 MiB */
	big = calloc(1, (1 << 20) + 4);
	igt_assert(big);
	eb = eb_base();
	eb.command = (uintptr_t)big;
	eb.size = (1 << 20) + 4;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);
	eb.size = 256 << 10;
	igt_assert_eq(execbuf(fd, &eb), 0);
	free(big);
	close(fd);
}

static void execbuffer_fences(void)
{
	struct drm_virtgpu_execbuffer eb = eb_base();
	int fd = open_3d(), first, i;

	eb.flags = VIRTGPU_EXECBUF_FENCE_FD_OUT;
	igt_assert_eq(execbuf(fd, &eb), 0);
	igt_assert_lte(0, eb.fence_fd);
	first = eb.fence_fd;
	/* each submission waits for the one before */
	for (i = 0; i < 50; i++) {
		eb.flags = VIRTGPU_EXECBUF_FENCE_FD_IN | VIRTGPU_EXECBUF_FENCE_FD_OUT;
		igt_assert_eq(execbuf(fd, &eb), 0);
		igt_assert(virtgpu_fence_wait(eb.fence_fd, 5000));
		close(eb.fence_fd == first ? -1 : eb.fence_fd);
		eb.fence_fd = first;
	}
	igt_assert(virtgpu_fence_wait(first, 5000));
	close(first);
	close(fd);
}

/* timeout_nsec is absolute: INT64_MAX waits for ever, 0 not at all */
static int syncobj_wait(int fd, uint32_t handle, uint64_t point, uint32_t flags,
			int64_t timeout_nsec)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&handle,
		.points = (uintptr_t)&point,
		.count_handles = 1,
		.timeout_nsec = timeout_nsec,
		.flags = flags,
	};

	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

static void execbuffer_syncobjs(void)
{
	struct drm_virtgpu_execbuffer_syncobj so[2] = {};
	struct drm_virtgpu_execbuffer eb = eb_base();
	struct drm_syncobj_create bin = {}, tl = {};
	struct { struct drm_virtgpu_execbuffer_syncobj s; uint64_t extra; } wide = {};
	int fd = open_3d();

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &bin), 0);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &tl), 0);

	/* out: a binary syncobj and a timeline point */
	so[0].handle = bin.handle;
	so[1].handle = tl.handle;
	so[1].point = 5;
	eb.syncobj_stride = sizeof(so[0]);
	eb.out_syncobjs = (uintptr_t)so;
	eb.num_out_syncobjs = 2;
	igt_assert_eq(execbuf(fd, &eb), 0);
	igt_assert_eq(syncobj_wait(fd, bin.handle, 0, 0, INT64_MAX), 0);
	igt_assert_eq(syncobj_wait(fd, tl.handle, 5, 0, INT64_MAX), 0);

	/* in, with reset: the binary syncobj is empty afterwards */
	eb = eb_base();
	so[0].flags = VIRTGPU_EXECBUF_SYNCOBJ_RESET;
	eb.syncobj_stride = sizeof(so[0]);
	eb.in_syncobjs = (uintptr_t)so;
	eb.num_in_syncobjs = 2;
	igt_assert_eq(execbuf(fd, &eb), 0);
	igt_assert_eq(syncobj_wait(fd, bin.handle, 0,
				   DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0), -ETIME);
	igt_assert_eq(syncobj_wait(fd, tl.handle, 5, 0, INT64_MAX), 0);

	/* a point that was never submitted */
	so[1].point = 6;
	eb.in_syncobjs = (uintptr_t)&so[1];
	eb.num_in_syncobjs = 1;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);

	/* a larger stride: newer userspace's entries, read as far as known */
	eb = eb_base();
	wide.s.handle = tl.handle;
	wide.s.point = 5;
	wide.extra = ~0ull;
	eb.syncobj_stride = sizeof(wide);
	eb.in_syncobjs = (uintptr_t)&wide;
	eb.num_in_syncobjs = 1;
	igt_assert_eq(execbuf(fd, &eb), 0);
	close(fd);
}

/* Listed buffers carry the fence: WAIT sees the submission. */
static void execbuffer_implicit(void)
{
	struct drm_virtgpu_execbuffer eb = eb_base();
	struct drm_virtgpu_resource_create rc;
	struct drm_virtgpu_3d_wait w = {};
	int fd = open_3d(), i;

	virtgpu_res_create(fd, &rc);
	eb.bo_handles = (uintptr_t)&rc.bo_handle;
	eb.num_bo_handles = 1;
	w.handle = rc.bo_handle;
	for (i = 0; i < 100; i++) {
		igt_assert_eq(execbuf(fd, &eb), 0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w), 0);
	}
	close(fd);
}

static void rings_and_events(void)
{
	struct drm_virtgpu_context_set_param p[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 2 },
		{ VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK, 0x2 },
	};
	struct drm_virtgpu_execbuffer eb;
	struct pollfd pfd;
	struct drm_event ev;
	int fd = open_3d(), ring;

	virtgpu_require_context_init(fd);
	igt_assert_eq(virtgpu_ctx_init(fd, p, 3), 0);
	for (ring = 0; ring < 2; ring++) {
		eb = eb_base();
		eb.flags = VIRTGPU_EXECBUF_RING_IDX | VIRTGPU_EXECBUF_FENCE_FD_OUT;
		eb.ring_idx = ring;
		igt_assert_eq(execbuf(fd, &eb), 0);
		igt_assert(virtgpu_fence_wait(eb.fence_fd, 5000));
		close(eb.fence_fd);
	}
	eb = eb_base();
	eb.flags = VIRTGPU_EXECBUF_RING_IDX;
	eb.ring_idx = 2;
	igt_assert_eq(execbuf(fd, &eb), -EINVAL);

	/* ring 1 is polled: its fence becomes an event on the DRM file */
	pfd.fd = fd;
	pfd.events = POLLIN;
	igt_assert_eq(poll(&pfd, 1, 5000), 1);
	igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
	igt_assert_eq(ev.type, VIRTGPU_EVENT_FENCE_SIGNALED);
	igt_assert_eq(ev.length, sizeof(ev));
	/* ring 0 is not */
	igt_assert_eq(poll(&pfd, 1, 200), 0);

	/* an event for every polled submission, none lost */
	for (ring = 0; ring < 20; ring++) {
		eb = eb_base();
		eb.flags = VIRTGPU_EXECBUF_RING_IDX;
		eb.ring_idx = 1;
		igt_assert_eq(execbuf(fd, &eb), 0);
	}
	for (ring = 0; ring < 20; ring++) {
		igt_assert_eq(poll(&pfd, 1, 5000), 1);
		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.type, VIRTGPU_EVENT_FENCE_SIGNALED);
	}
	igt_assert_eq(poll(&pfd, 1, 200), 0);
	close(fd);
}

static void blob_errors(void)
{
	struct drm_virtgpu_resource_create_blob b;
	int fd = virtgpu_open();
	bool has_3d;

	virtgpu_require_blob(fd);
	has_3d = virtgpu_param(fd, VIRTGPU_PARAM_3D_FEATURES);
	igt_assert_eq(virtgpu_blob(fd, 0, 0, 4096, 0, &b), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, 5, 0, 4096, 0, &b), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, 99, 0, 4096, 0, &b), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0x8, 4096, 0, &b), -EINVAL);
	/* a guest blob has no host object and no command */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0, 4096, 1, &b), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.blob_mem = VIRTGPU_BLOB_MEM_GUEST;
	b.size = 4096;
	b.cmd = (uintptr_t)cmd_words;
	b.cmd_size = 4;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b),
		      -EINVAL);
	if (has_3d) {
		b.blob_mem = VIRTGPU_BLOB_MEM_HOST3D;
		b.cmd_size = 3;
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b),
			      -EINVAL);
		b.cmd_size = 4;
		b.cmd = 16;
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b),
			      -EFAULT);
	}
	/* stricter than Linux 6.12: sizes no allocation holds, padding */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0, 0, 0, &b), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0, ~0ull, 0, &b), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.blob_mem = VIRTGPU_BLOB_MEM_GUEST;
	b.size = 4096;
	b.pad = 1;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b),
		      -EINVAL);
	close(fd);
}

/*
 * A mappable blob of @mem: RESOURCE_INFO describes it, and what one
 * mapping writes another reads.
 */
static void blob_mmap(int fd, uint32_t mem, uint64_t blob_id)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_virtgpu_resource_info ri = {};
	uint32_t *p, *q;
	int i;

	igt_assert_eq(virtgpu_blob(fd, mem, VIRTGPU_BLOB_FLAG_USE_MAPPABLE, 65536,
				   blob_id, &b), 0);
	ri.bo_handle = b.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &ri), 0);
	igt_assert_eq(ri.blob_mem, mem);
	igt_assert_lte(65536, ri.size);
	igt_assert_eq(ri.res_handle, b.res_handle);
	p = virtgpu_map(fd, b.bo_handle, 65536);
	for (i = 0; i < 16384; i++)
		p[i] = i * 2654435761u;
	q = virtgpu_map(fd, b.bo_handle, 65536);
	for (i = 0; i < 16384; i++)
		igt_assert_eq(q[i], (uint32_t)(i * 2654435761u));
	munmap(p, 65536);
	munmap(q, 65536);
	close(fd);
}

static void blob_guest_mmap(void)
{
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	blob_mmap(fd, VIRTGPU_BLOB_MEM_GUEST, 0);
}

/* Guest memory the host's 3D context also knows by its blob id. */
static void blob_host3d_guest_mmap(void)
{
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	virtgpu_require_3d(fd);
	blob_mmap(fd, VIRTGPU_BLOB_MEM_HOST3D_GUEST, 5);
}

/* Host memory, seen through the host-visible region. */
static void blob_host3d_mmap(void)
{
	int fd = virtgpu_open();

	virtgpu_require_host_visible(fd);
	blob_mmap(fd, VIRTGPU_BLOB_MEM_HOST3D, 7);
}

/* Another device imports a host-visible blob: the region's range. */
static void blob_host3d_export(void)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int fd = virtgpu_open();
	uint32_t *p, *q;
	int i;

	virtgpu_require_host_visible(fd);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
				   VIRTGPU_BLOB_FLAG_USE_SHAREABLE, 65536, 11, &b), 0);
	p = virtgpu_map(fd, b.bo_handle, 65536);
	for (i = 0; i < 16384; i++)
		p[i] = ~i;
	exp.handle = b.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
	/* the dma-buf maps the same memory */
	q = mmap(NULL, 65536, PROT_READ, MAP_SHARED, exp.fd, 0);
	igt_assert(q != MAP_FAILED);
	for (i = 0; i < 16384; i++)
		igt_assert_eq(q[i], (uint32_t)~i);
	munmap(q, 65536);
	/* and another device can attach it */
	virtgpu_import_into_vgem(exp.fd);
	close(exp.fd);
	munmap(p, 65536);
	close(fd);
}

static void blob_host3d_not_mappable(void)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_virtgpu_map map = {};
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	virtgpu_require_3d(fd);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D, 0, 65536, 8, &b), 0);
	map.handle = b.bo_handle;
	/* stricter than Linux 6.12, which fails only the mmap */
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), -EINVAL);
	close(fd);
}

/* Linux 7.2's longer create-blob structure */
static int blob_hints(int fd, uint32_t hints, uint32_t pad2,
		      struct drm_virtgpu_resource_create_blob_hints *h)
{
	memset(h, 0, sizeof(*h));
	h->base.blob_mem = VIRTGPU_BLOB_MEM_HOST3D;
	h->base.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE;
	h->base.size = 65536;
	h->base.blob_id = 9;
	h->blob_hints = hints;
	h->pad2 = pad2;
	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB_HINTS, h);
}

static void blob_hints_defer(void)
{
	struct drm_virtgpu_resource_create_blob_hints h;
	int fd = virtgpu_open();
	uint8_t *p;

	virtgpu_require_host_visible(fd);
	igt_assert_eq(blob_hints(fd, VIRTGPU_BLOB_HINT_DEFER_MAPPING, 0, &h), 0);
	igt_assert_neq(h.base.res_handle, 0);
	p = virtgpu_map(fd, h.base.bo_handle, 65536);
	memset(p, 0xc3, 65536);
	igt_assert_eq(p[65535], 0xc3);
	munmap(p, 65536);
	igt_assert_eq(blob_hints(fd, 0, 0, &h), 0);
	igt_assert_eq(blob_hints(fd, 0x2, 0, &h), -EINVAL);
	igt_assert_eq(blob_hints(fd, 0, 1, &h), -EINVAL);
	close(fd);
}

static void blob_with_command(void)
{
	struct drm_virtgpu_resource_create_blob b = {};
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	virtgpu_require_3d(fd);
	b.blob_mem = VIRTGPU_BLOB_MEM_HOST3D;
	b.size = 4096;
	b.blob_id = 3;
	b.cmd = (uintptr_t)cmd_words;
	b.cmd_size = sizeof(cmd_words);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b), 0);
	igt_assert_neq(b.res_handle, 0);
	close(fd);
}

IGT_MAIN(NULL,
	{ "no-3d-errnos", no_3d_errnos },
	{ "no-blob-errnos", no_blob_errnos },
	{ "resource-create-2d-limits", resource_create_2d_limits },
	{ "getparam-errors", getparam_errors },
	{ "get-caps-matches-mask", get_caps_matches_mask },
	{ "get-caps-errors", get_caps_errors },
	{ "context-init-errors", context_init_errors },
	{ "context-implicit", context_implicit },
	{ "handle-errors", handle_errors },
	{ "transfer-errors", transfer_errors },
	{ "transfer-then-wait", transfer_then_wait },
	{ "execbuffer-errors", execbuffer_errors },
	{ "execbuffer-fences", execbuffer_fences },
	{ "execbuffer-syncobjs", execbuffer_syncobjs },
	{ "execbuffer-implicit", execbuffer_implicit },
	{ "rings-and-events", rings_and_events },
	{ "blob-errors", blob_errors },
	{ "blob-guest-mmap", blob_guest_mmap },
	{ "blob-host3d-guest-mmap", blob_host3d_guest_mmap },
	{ "blob-host3d-mmap", blob_host3d_mmap },
	{ "blob-host3d-export", blob_host3d_export },
	{ "blob-host3d-not-mappable", blob_host3d_not_mappable },
	{ "blob-hints-defer", blob_hints_defer },
	{ "blob-with-command", blob_with_command },
)
