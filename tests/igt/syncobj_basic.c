// SPDX-License-Identifier: MIT
/*
 * syncobj_basic: the DRM core's syncobj ioctls on this driver, as IGT's
 * syncobj_basic checks them: bad handles, flags, padding and fds give
 * EINVAL; a syncobj made signalled is signalled; exporting and importing
 * a syncobj gives a new handle.
 */
#include <unistd.h>

#include <xf86drm.h>

#include "igt.h"
#include "virtgpu.h"

static int open_syncobj(void)
{
	int fd = virtgpu_open();
	uint64_t cap = 0;

	/* every virtio_gpu driver since Linux 6.6 has syncobjs, whatever the device */
	igt_assert_f(!drmGetCap(fd, DRM_CAP_SYNCOBJ, &cap) && cap,
		     "virtio_gpu without DRM_CAP_SYNCOBJ");
	return fd;
}

static uint32_t create(int fd, uint32_t flags)
{
	struct drm_syncobj_create c = { .flags = flags };

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), 0);
	return c.handle;
}

static int destroy(int fd, uint32_t handle, uint32_t pad)
{
	struct drm_syncobj_destroy d = { .handle = handle, .pad = pad };

	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

static int to_fd(int fd, struct drm_syncobj_handle *h)
{
	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, h);
}

static int from_fd(int fd, struct drm_syncobj_handle *h)
{
	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, h);
}

static void bad_destroy(void)
{
	igt_assert_eq(destroy(open_syncobj(), 0xdeadbeef, 0), -EINVAL);
}

static void bad_create_flags(void)
{
	struct drm_syncobj_create c = { .flags = 0xdeadbeef };

	igt_assert_eq(vgh_ioctl(open_syncobj(), DRM_IOCTL_SYNCOBJ_CREATE, &c),
		      -EINVAL);
}

static void bad_handle_to_fd(void)
{
	struct drm_syncobj_handle h = { .handle = 0xdeadbeef };

	igt_assert_eq(to_fd(open_syncobj(), &h), -EINVAL);
}

static void bad_fd_to_handle(void)
{
	struct drm_syncobj_handle h = { .fd = -1 };

	igt_assert_eq(from_fd(open_syncobj(), &h), -EINVAL);
}

static void bad_flags_handle_to_fd(void)
{
	struct drm_syncobj_handle h = { .flags = 0xdeadbeef };

	igt_assert_eq(to_fd(open_syncobj(), &h), -EINVAL);
}

static void bad_flags_fd_to_handle(void)
{
	struct drm_syncobj_handle h = { .flags = 0xdeadbeef };

	igt_assert_eq(from_fd(open_syncobj(), &h), -EINVAL);
}

static void bad_pad_handle_to_fd(void)
{
	struct drm_syncobj_handle h = { .pad = 0xdeadbeef };

	igt_assert_eq(to_fd(open_syncobj(), &h), -EINVAL);
}

static void bad_pad_fd_to_handle(void)
{
	struct drm_syncobj_handle h = { .pad = 0xdeadbeef };

	igt_assert_eq(from_fd(open_syncobj(), &h), -EINVAL);
}

static void illegal_fd_to_handle(void)
{
	int fd = open_syncobj();
	/* the DRM file itself is no syncobj file */
	struct drm_syncobj_handle h = { .fd = fd };

	igt_assert_eq(from_fd(fd, &h), -EINVAL);
}

static void bad_destroy_pad(void)
{
	int fd = open_syncobj();
	uint32_t handle = create(fd, 0);

	igt_assert_eq(destroy(fd, handle, 0xdeadbeef), -EINVAL);
	igt_assert_eq(destroy(fd, handle, 0), 0);
}

static void create_signaled(void)
{
	int fd = open_syncobj();
	uint32_t handle = create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&handle,
		.count_handles = 1,
		.timeout_nsec = 0,
	};

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w), 0);
	igt_assert_eq(destroy(fd, handle, 0), 0);
}

static void valid_cycle(void)
{
	int fd = open_syncobj();
	uint32_t first = create(fd, 0);
	struct drm_syncobj_handle h = { .handle = first };

	igt_assert_eq(to_fd(fd, &h), 0);
	h.handle = 0;
	igt_assert_eq(from_fd(fd, &h), 0);
	close(h.fd);
	igt_assert_neq(h.handle, first);
	igt_assert_eq(destroy(fd, h.handle, 0), 0);
	igt_assert_eq(destroy(fd, first, 0), 0);
}

IGT_MAIN(NULL,
	{ "bad-destroy", bad_destroy },
	{ "bad-create-flags", bad_create_flags },
	{ "bad-handle-to-fd", bad_handle_to_fd },
	{ "bad-fd-to-handle", bad_fd_to_handle },
	{ "bad-flags-handle-to-fd", bad_flags_handle_to_fd },
	{ "bad-flags-fd-to-handle", bad_flags_fd_to_handle },
	{ "bad-pad-handle-to-fd", bad_pad_handle_to_fd },
	{ "bad-pad-fd-to-handle", bad_pad_fd_to_handle },
	{ "illegal-fd-to-handle", illegal_fd_to_handle },
	{ "bad-destroy-pad", bad_destroy_pad },
	{ "create-signaled", create_signaled },
	{ "test-valid-cycle", valid_cycle },
)
