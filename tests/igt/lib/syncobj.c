// SPDX-License-Identifier: MIT
/*
 * DRM syncobj helpers for the IGT-style tests.
 */
#include <errno.h>
#include <string.h>

#include "igt.h"
#include "syncobj.h"
#include "virtgpu.h"

int syncobj_open(uint64_t cap)
{
	struct drm_syncobj_wait w = {};
	int fd = virtgpu_open();
	uint32_t handle = 0;
	uint64_t value = 0;

	igt_assert_f(!drmGetCap(fd, cap, &value) && value,
		     "virtio_gpu without syncobj capability %#llx (it has it since Linux 6.6)",
		     (unsigned long long)cap);
	/* the probe IGT's fixtures make: handle 0 is no syncobj */
	w.count_handles = 1;
	w.handles = (uintptr_t)&handle;
	igt_assert_eq(__syncobj_wait(fd, &w), -ENOENT);
	return fd;
}

uint32_t syncobj_create(int fd, uint32_t flags)
{
	struct drm_syncobj_create c = { .flags = flags };

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), 0);
	igt_assert_neq(c.handle, 0);
	return c.handle;
}

int __syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

void syncobj_destroy(int fd, uint32_t handle)
{
	igt_assert_eq(__syncobj_destroy(fd, handle), 0);
}

int __syncobj_wait(int fd, struct drm_syncobj_wait *wait)
{
	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, wait);
}

int syncobj_wait_err(int fd, uint32_t *handles, uint32_t count,
		     uint64_t abs_timeout_nsec, uint32_t flags)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)handles,
		.count_handles = count,
		.timeout_nsec = (int64_t)abs_timeout_nsec,
		.flags = flags,
	};

	return __syncobj_wait(fd, &w);
}

bool syncobj_wait(int fd, uint32_t *handles, uint32_t count,
		  uint64_t abs_timeout_nsec, uint32_t flags, uint32_t *first)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)handles,
		.count_handles = count,
		.timeout_nsec = (int64_t)abs_timeout_nsec,
		.flags = flags,
	};
	int ret = __syncobj_wait(fd, &w);

	if (ret == -ETIME)
		return false;
	igt_assert_eq(ret, 0);
	if (first)
		*first = w.first_signaled;
	return true;
}

static void array_ioctl(int fd, unsigned long req, uint32_t *handles, uint32_t count)
{
	struct drm_syncobj_array a = {
		.handles = (uintptr_t)handles,
		.count_handles = count,
	};

	igt_assert_eq(vgh_ioctl(fd, req, &a), 0);
}

void syncobj_reset(int fd, uint32_t *handles, uint32_t count)
{
	array_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, handles, count);
}

void syncobj_signal(int fd, uint32_t *handles, uint32_t count)
{
	array_ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, handles, count);
}

void syncobj_import_sync_file(int fd, uint32_t handle, int sync_file)
{
	struct drm_syncobj_handle h = {
		.handle = handle,
		.fd = sync_file,
		.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE,
	};

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &h), 0);
}

int __syncobj_timeline_wait_ioctl(int fd, struct drm_syncobj_timeline_wait *wait)
{
	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, wait);
}

int syncobj_timeline_wait_err(int fd, uint32_t *handles, uint64_t *points,
			      uint32_t count, uint64_t abs_timeout_nsec, uint32_t flags)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
		.timeout_nsec = (int64_t)abs_timeout_nsec,
		.flags = flags,
	};

	return __syncobj_timeline_wait_ioctl(fd, &w);
}

bool syncobj_timeline_wait(int fd, uint32_t *handles, uint64_t *points,
			   uint32_t count, uint64_t abs_timeout_nsec, uint32_t flags,
			   uint32_t *first)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
		.timeout_nsec = (int64_t)abs_timeout_nsec,
		.flags = flags,
	};
	int ret = __syncobj_timeline_wait_ioctl(fd, &w);

	if (ret == -ETIME)
		return false;
	igt_assert_eq(ret, 0);
	if (first)
		*first = w.first_signaled;
	return true;
}

static void timeline_array(int fd, unsigned long req, uint32_t *handles,
			   uint64_t *points, uint32_t count)
{
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
	};

	igt_assert_eq(vgh_ioctl(fd, req, &a), 0);
}

void syncobj_timeline_signal(int fd, uint32_t *handles, uint64_t *points,
			     uint32_t count)
{
	timeline_array(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, handles, points, count);
}

void syncobj_timeline_query(int fd, uint32_t *handles, uint64_t *points,
			    uint32_t count)
{
	timeline_array(fd, DRM_IOCTL_SYNCOBJ_QUERY, handles, points, count);
}

void syncobj_timeline_to_timeline(int fd, uint32_t dst, uint64_t dst_point,
				  uint32_t src, uint64_t src_point)
{
	struct drm_syncobj_transfer t = {
		.src_handle = src,
		.dst_handle = dst,
		.src_point = src_point,
		.dst_point = dst_point,
	};

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &t), 0);
}

void syncobj_binary_to_timeline(int fd, uint32_t timeline, uint64_t point,
				uint32_t binary)
{
	syncobj_timeline_to_timeline(fd, timeline, point, binary, 0);
}

int __syncobj_eventfd(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		      int event_fd)
{
	struct drm_syncobj_eventfd e = {
		.handle = handle,
		.flags = flags,
		.point = point,
		.fd = event_fd,
	};

	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_EVENTFD, &e);
}

void syncobj_eventfd(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		     int event_fd)
{
	igt_assert_eq(__syncobj_eventfd(fd, handle, point, flags, event_fd), 0);
}
