/* SPDX-License-Identifier: MIT */
/*
 * DRM syncobj helpers for the IGT-style tests (the DRM core's
 * DRM_IOCTL_SYNCOBJ_* ioctls), as IGT's lib/igt_syncobj offers them.
 * The double-underscore forms return 0 or -errno; the others assert.
 * Absolute timeouts are on CLOCK_MONOTONIC: vgh_now_ns() of tests/lib.
 */
#ifndef VGH_IGT_SYNCOBJ_H
#define VGH_IGT_SYNCOBJ_H

#include <stdbool.h>
#include <stdint.h>

#include <xf86drm.h>

/* DRM_IOCTL_SYNCOBJ_EVENTFD (Linux 6.6), newer than this libdrm's drm.h */
#ifndef DRM_IOCTL_SYNCOBJ_EVENTFD
struct drm_syncobj_eventfd {
	__u32 handle;
	__u32 flags;
	__u64 point;
	__s32 fd;
	__u32 pad;
};
#define DRM_IOCTL_SYNCOBJ_EVENTFD DRM_IOWR(0xCF, struct drm_syncobj_eventfd)
#endif

/*
 * The virtio_gpu device, with the syncobj capability cap (DRM_CAP_SYNCOBJ
 * or DRM_CAP_SYNCOBJ_TIMELINE). Every virtio_gpu driver since Linux 6.6
 * has both, whatever the device offers, so a driver without one fails
 * here instead of skipping.
 */
int syncobj_open(uint64_t cap);

uint32_t syncobj_create(int fd, uint32_t flags);
int __syncobj_destroy(int fd, uint32_t handle);
void syncobj_destroy(int fd, uint32_t handle);

int __syncobj_wait(int fd, struct drm_syncobj_wait *wait);
int syncobj_wait_err(int fd, uint32_t *handles, uint32_t count,
		     uint64_t abs_timeout_nsec, uint32_t flags);
/* true when signalled, false on -ETIME, fails on anything else */
bool syncobj_wait(int fd, uint32_t *handles, uint32_t count,
		  uint64_t abs_timeout_nsec, uint32_t flags, uint32_t *first);
void syncobj_reset(int fd, uint32_t *handles, uint32_t count);
void syncobj_signal(int fd, uint32_t *handles, uint32_t count);
/* replaces the syncobj's fence with the sync file's */
void syncobj_import_sync_file(int fd, uint32_t handle, int sync_file);

int __syncobj_timeline_wait_ioctl(int fd, struct drm_syncobj_timeline_wait *wait);
int syncobj_timeline_wait_err(int fd, uint32_t *handles, uint64_t *points,
			      uint32_t count, uint64_t abs_timeout_nsec, uint32_t flags);
bool syncobj_timeline_wait(int fd, uint32_t *handles, uint64_t *points,
			   uint32_t count, uint64_t abs_timeout_nsec, uint32_t flags,
			   uint32_t *first);
void syncobj_timeline_signal(int fd, uint32_t *handles, uint64_t *points,
			     uint32_t count);
void syncobj_timeline_query(int fd, uint32_t *handles, uint64_t *points,
			    uint32_t count);
/* the binary syncobj's fence becomes point of the timeline syncobj */
void syncobj_binary_to_timeline(int fd, uint32_t timeline, uint64_t point,
				uint32_t binary);
void syncobj_timeline_to_timeline(int fd, uint32_t dst, uint64_t dst_point,
				  uint32_t src, uint64_t src_point);
int __syncobj_eventfd(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		      int event_fd);
void syncobj_eventfd(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		     int event_fd);

#endif /* VGH_IGT_SYNCOBJ_H */
