// SPDX-License-Identifier: MIT
/*
 * syncobj_eventfd: DRM_IOCTL_SYNCOBJ_EVENTFD as IGT's syncobj_eventfd
 * checks it: bad flags, handles, eventfds and padding are refused, and an
 * eventfd registered on a binary syncobj or a timeline point is signalled
 * when the fence signals, or with WAIT_AVAILABLE as soon as a fence is
 * there, whether the fence came before the eventfd, after it, or had
 * already signalled.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "igt.h"
#include "sw_sync.h"
#include "syncobj.h"
#include "virtgpu.h"

static int fd = -1;

static void fixture(void)
{
	fd = syncobj_open(DRM_CAP_SYNCOBJ_TIMELINE);
	/* IGT's probe: an eventfd on handle 0 is ENOENT */
	igt_assert_eq(__syncobj_eventfd(fd, 0, 0, 0, -1), -ENOENT);
	igt_require_sw_sync();
}

static int attach_sw_sync(uint32_t handle, uint64_t point)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);

	if (point == 0) {
		syncobj_import_sync_file(fd, handle, fence);
	} else {
		uint32_t tmp = syncobj_create(fd, 0);

		syncobj_import_sync_file(fd, tmp, fence);
		syncobj_binary_to_timeline(fd, handle, point, tmp);
		syncobj_destroy(fd, tmp);
	}
	close(fence);
	return timeline;
}

static int ev_read(int ev)
{
	uint64_t v;
	ssize_t n = read(ev, &v, sizeof(v));

	if (n < 0)
		return -errno;
	igt_assert_eq(n, sizeof(v));
	return 0;
}

/* 5 s for an eventfd that must become readable, 10 ms for one that must not */
static void ev_poll_in(int ev, bool avail)
{
	struct pollfd p = { .fd = ev, .events = POLLIN };
	int ret = poll(&p, 1, avail ? 5000 : 10);

	if (avail) {
		igt_assert(ret >= 0);
		igt_assert(p.revents & POLLIN);
	} else {
		igt_assert_eq(ret, 0);
	}
}

static void ev_unsignaled(int ev)
{
	ev_poll_in(ev, false);
	igt_assert_eq(ev_read(ev), -EAGAIN);
}

static void ev_signaled(int ev)
{
	ev_poll_in(ev, true);
	igt_assert_eq(ev_read(ev), 0);
}

static void bad_flags(void)
{
	uint32_t s = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	int ev = eventfd(0, EFD_NONBLOCK);

	igt_assert_eq(__syncobj_eventfd(fd, s, 0, 0xdeadbeef, ev), -EINVAL);
	close(ev);
	syncobj_destroy(fd, s);
}

static void illegal_handle(void)
{
	int ev = eventfd(0, EFD_NONBLOCK);

	igt_assert_eq(__syncobj_eventfd(fd, 0, 0, 0, ev), -ENOENT);
	close(ev);
}

static void illegal_eventfd(void)
{
	uint32_t s = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	int null = open("/dev/null", O_RDWR);

	igt_assert(null >= 0);
	igt_assert_eq(__syncobj_eventfd(fd, s, 0, 0, null), -EINVAL);
	close(null);
	syncobj_destroy(fd, s);
}

static void bad_pad(void)
{
	struct drm_syncobj_eventfd e = {
		.handle = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED),
		.fd = eventfd(0, EFD_NONBLOCK),
		.pad = 0xdeadbeef,
	};

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_EVENTFD, &e), -EINVAL);
}

/* the fence is there before the eventfds */
static void wait(bool timeline_point)
{
	uint64_t point = timeline_point ? 1 : 0;
	uint32_t s = syncobj_create(fd, 0);
	int timeline = attach_sw_sync(s, point);
	int ev_wait = eventfd(0, EFD_NONBLOCK), ev_avail = eventfd(0, EFD_NONBLOCK);

	syncobj_eventfd(fd, s, point, 0, ev_wait);
	syncobj_eventfd(fd, s, point, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, ev_avail);
	ev_unsignaled(ev_wait);
	ev_signaled(ev_avail);
	sw_sync_timeline_inc(timeline, 1);
	ev_signaled(ev_wait);
	close(ev_wait);
	close(ev_avail);
	close(timeline);
	syncobj_destroy(fd, s);
}

/* the eventfds are there before the fence */
static void wait_before_signal(bool timeline_point)
{
	uint64_t point = timeline_point ? 1 : 0;
	uint32_t s = syncobj_create(fd, 0);
	int ev_wait = eventfd(0, EFD_NONBLOCK), ev_avail = eventfd(0, EFD_NONBLOCK);
	int timeline;

	syncobj_eventfd(fd, s, point, 0, ev_wait);
	syncobj_eventfd(fd, s, point, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, ev_avail);
	ev_unsignaled(ev_wait);
	ev_unsignaled(ev_avail);
	timeline = attach_sw_sync(s, point);
	ev_unsignaled(ev_wait);
	ev_signaled(ev_avail);
	sw_sync_timeline_inc(timeline, 1);
	ev_signaled(ev_wait);
	close(ev_wait);
	close(ev_avail);
	close(timeline);
	syncobj_destroy(fd, s);
}

/* the fence signalled before the eventfds came */
static void wait_signaled(bool timeline_point)
{
	uint64_t point = timeline_point ? 1 : 0;
	uint32_t s = syncobj_create(fd, 0);
	int ev_wait = eventfd(0, EFD_NONBLOCK), ev_avail = eventfd(0, EFD_NONBLOCK);
	int timeline = attach_sw_sync(s, point);

	sw_sync_timeline_inc(timeline, 1);
	syncobj_eventfd(fd, s, point, 0, ev_wait);
	syncobj_eventfd(fd, s, point, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, ev_avail);
	ev_signaled(ev_wait);
	ev_signaled(ev_avail);
	close(ev_wait);
	close(ev_avail);
	close(timeline);
	syncobj_destroy(fd, s);
}

static void binary_wait(void) { wait(false); }
static void binary_wait_before_signal(void) { wait_before_signal(false); }
static void binary_wait_signaled(void) { wait_signaled(false); }
static void timeline_wait(void) { wait(true); }
static void timeline_wait_before_signal(void) { wait_before_signal(true); }
static void timeline_wait_signaled(void) { wait_signaled(true); }

IGT_MAIN(fixture,
	{ "invalid-bad-flags", bad_flags },
	{ "invalid-illegal-handle", illegal_handle },
	{ "invalid-illegal-eventfd", illegal_eventfd },
	{ "invalid-bad-pad", bad_pad },
	{ "binary-wait", binary_wait },
	{ "binary-wait-before-signal", binary_wait_before_signal },
	{ "binary-wait-signaled", binary_wait_signaled },
	{ "timeline-wait", timeline_wait },
	{ "timeline-wait-before-signal", timeline_wait_before_signal },
	{ "timeline-wait-signaled", timeline_wait_signaled },
)
