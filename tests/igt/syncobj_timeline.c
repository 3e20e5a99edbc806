// SPDX-License-Identifier: MIT
/*
 * syncobj_timeline: the DRM core's timeline syncobjs, as IGT's
 * syncobj_timeline checks them, with sw_sync timelines as the fences a
 * device would attach: errnos for bad arguments of wait, query, signal
 * and transfer; waits on points unsubmitted, submitted (and available)
 * and signalled, alone and mixed with binary syncobjs; fences attached,
 * reset and signalled while a wait runs; points signalled by the host
 * and by a device out of order; sequence numbers across the 32-bit limit.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "igt.h"
#include "sw_sync.h"
#include "syncobj.h"
#include "virtgpu.h"

#define SHORT_TIME_NSEC 100000000ull	/* a tenth of a second, IGT's */
#define NSECS_PER_SEC 1000000000ull
#define SNAPSHOT_DEADLINE_NSEC (5 * SHORT_TIME_NSEC)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define WAIT_FOR_SUBMIT		(1 << 0)
#define WAIT_ALL		(1 << 1)
#define WAIT_AVAILABLE		(1 << 2)
#define WAIT_UNSUBMITTED	(1 << 3)
#define WAIT_SUBMITTED		(1 << 4)
#define WAIT_SIGNALED		(1 << 5)
#define WAIT_FLAGS_MAX		((1 << 6) - 1)

static int fd = -1;

static void fixture(void)
{
	fd = syncobj_open(DRM_CAP_SYNCOBJ_TIMELINE);
	igt_require_sw_sync();
}

static uint64_t short_timeout(void)
{
	return vgh_now_ns() + SHORT_TIME_NSEC;
}

static void sleep_nsec(uint64_t ns)
{
	struct timespec t = { .tv_sec = ns / NSECS_PER_SEC, .tv_nsec = ns % NSECS_PER_SEC };

	igt_assert_eq(nanosleep(&t, NULL), 0);
}

/*
 * A sw_sync fence at 1 on a new timeline becomes the syncobj's fence
 * (point 0) or its point (through a binary syncobj and a transfer).
 */
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

static void trigger(uint32_t handle, uint64_t point)
{
	int timeline = attach_sw_sync(handle, point);

	sw_sync_timeline_inc(timeline, 1);
	close(timeline);
}

/* after a delay, in another thread: what IGT's SIGEV_THREAD timers do */
enum delayed_op { INC_TIMELINE, TRIGGER, RESET_AND_TRIGGER };

struct delayed {
	pthread_t thread;
	enum delayed_op op;
	uint64_t delay_ns, point;
	int timeline;
	uint32_t handle;
};

static void *delayed_fn(void *arg)
{
	struct delayed *d = arg;

	sleep_nsec(d->delay_ns);
	switch (d->op) {
	case INC_TIMELINE:
		sw_sync_timeline_inc(d->timeline, 1);
		break;
	case RESET_AND_TRIGGER:
		syncobj_reset(fd, &d->handle, 1);
		/* fall through */
	case TRIGGER:
		trigger(d->handle, d->point);
		break;
	}
	return NULL;
}

static void delayed_start(struct delayed *d, enum delayed_op op, int timeline,
			  uint32_t handle, uint64_t point, uint64_t delay_ns)
{
	d->op = op;
	d->timeline = timeline;
	d->handle = handle;
	d->point = point;
	d->delay_ns = delay_ns;
	igt_assert_eq(pthread_create(&d->thread, NULL, delayed_fn, d), 0);
}

/* ------------------------------------------------------------ invalid */

static void wait_bad_flags(void)
{
	struct drm_syncobj_timeline_wait w = { .flags = 0xdeadbeef };

	igt_assert_eq(__syncobj_timeline_wait_ioctl(fd, &w), -EINVAL);
}

/* an empty wait is accepted (current IGT and Linux; it once was EINVAL) */
static void wait_zero_handles(void)
{
	struct drm_syncobj_timeline_wait w = {};

	igt_assert_eq(__syncobj_timeline_wait_ioctl(fd, &w), 0);
}

static void wait_illegal_handle(void)
{
	uint32_t handle = 0;
	struct drm_syncobj_timeline_wait w = {
		.count_handles = 1,
		.handles = (uintptr_t)&handle,
	};

	igt_assert_eq(__syncobj_timeline_wait_ioctl(fd, &w), -ENOENT);
}

static int array_err(unsigned long req, uint32_t *handles, uint64_t *points,
		     uint32_t count, uint32_t flags)
{
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
		.flags = flags,
	};

	return vgh_ioctl(fd, req, &a);
}

static void query_zero_handles(void)
{
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_QUERY, NULL, NULL, 0, 0), -EINVAL);
}

static void query_illegal_handle(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_QUERY, &handle, NULL, 1, 0), -ENOENT);
}

/* signal ioctl or query ioctl on three handles, the middle one 0 */
static void one_illegal_handle(unsigned long req)
{
	uint64_t initial = 1;
	uint32_t s[3];

	s[0] = syncobj_create(fd, 0);
	s[1] = 0;
	s[2] = syncobj_create(fd, 0);
	syncobj_timeline_signal(fd, &s[0], &initial, 1);
	syncobj_timeline_signal(fd, &s[2], &initial, 1);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s[0], &initial, 1, 0, 0), 0);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s[2], &initial, 1, 0, 0), 0);
	/* IGT passes no points array: the handles are looked up first */
	igt_assert_eq(array_err(req, s, NULL, 3, 0), -ENOENT);
	syncobj_destroy(fd, s[0]);
	syncobj_destroy(fd, s[2]);
}

static void query_one_illegal_handle(void)
{
	one_illegal_handle(DRM_IOCTL_SYNCOBJ_QUERY);
}

static void query_bad_pad(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_QUERY, &handle, NULL, 1, 0xdeadbeef),
		      -EINVAL);
}

static void signal_zero_handles(void)
{
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, NULL, NULL, 0, 0),
		      -EINVAL);
}

static void signal_illegal_handle(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &handle, NULL, 1, 0),
		      -ENOENT);
}

static void signal_illegal_point(void)
{
	uint32_t handle = 1;
	uint64_t point = 0;

	/* handle 1 was never created on this file */
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &handle, &point, 1, 0),
		      -ENOENT);
}

static void signal_one_illegal_handle(void)
{
	one_illegal_handle(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL);
}

static void signal_bad_pad(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &handle, NULL, 1,
				0xdeadbeef), -EINVAL);
}

static void signal_array(void)
{
	uint64_t points[4] = { 1, 1, 1, 0 };
	uint32_t s[4];
	int i;

	for (i = 0; i < 4; i++)
		s[i] = syncobj_create(fd, 0);
	syncobj_timeline_signal(fd, s, points, 4);
	igt_assert_eq(syncobj_timeline_wait_err(fd, s, points, 3, 0, 0), 0);
	igt_assert_eq(syncobj_wait_err(fd, &s[3], 1, 0, 0), 0);
	for (i = 0; i < 4; i++)
		syncobj_destroy(fd, s[i]);
}

static int transfer_err(struct drm_syncobj_transfer *t)
{
	return vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, t);
}

static void transfer_illegal_handle(void)
{
	uint32_t handle = 0;
	/* IGT puts the address of a handle into the handle fields */
	struct drm_syncobj_transfer t = {
		.src_handle = (uint32_t)(uintptr_t)&handle,
		.dst_handle = (uint32_t)(uintptr_t)&handle,
		.src_point = 1,
		.dst_point = 0,
	};

	igt_assert_eq(transfer_err(&t), -ENOENT);
}

static void transfer_bad_pad(void)
{
	uint32_t handle = 0;
	struct drm_syncobj_transfer t = {
		.src_handle = (uint32_t)(uintptr_t)&handle,
		.dst_handle = (uint32_t)(uintptr_t)&handle,
		.pad = 0xdeadbeef,
	};

	igt_assert_eq(transfer_err(&t), -EINVAL);
}

static void transfer_nonexistent_point(void)
{
	uint32_t handle = syncobj_create(fd, 0);
	uint64_t value = 63;
	struct drm_syncobj_transfer t = {
		.src_handle = handle,
		.dst_handle = handle,
		.src_point = value,	/* no such point: the last one before it */
		.dst_point = value + 11,
	};

	syncobj_timeline_signal(fd, &handle, &value, 1);
	igt_assert_eq(transfer_err(&t), 0);
	syncobj_destroy(fd, handle);
}

static void transfer_point(void)
{
	int timeline = sw_sync_timeline_create();
	uint32_t handle = syncobj_create(fd, 0);
	uint64_t value;
	int fence = sw_sync_timeline_create_fence(timeline, 1);
	uint32_t tmp = syncobj_create(fd, 0);

	syncobj_import_sync_file(fd, tmp, fence);
	syncobj_binary_to_timeline(fd, handle, 1, tmp);
	close(fence);
	syncobj_destroy(fd, tmp);
	syncobj_timeline_query(fd, &handle, &value, 1);
	igt_assert_eq(value, 0);
	/* IGT passes its WAIT_ALL test flag (2), which is WAIT_FOR_SUBMIT */
	value = 1;
	igt_assert_eq(syncobj_timeline_wait_err(fd, &handle, &value, 1, 0, WAIT_ALL), -ETIME);
	sw_sync_timeline_inc(timeline, 1);
	syncobj_timeline_query(fd, &handle, &value, 1);
	igt_assert_eq(value, 1);
	igt_assert(syncobj_timeline_wait(fd, &handle, &value, 1, 0, WAIT_ALL, NULL));
	value = 2;
	syncobj_timeline_signal(fd, &handle, &value, 1);
	syncobj_timeline_to_timeline(fd, handle, 3, handle, 2);
	syncobj_timeline_query(fd, &handle, &value, 1);
	igt_assert_eq(value, 3);
	syncobj_destroy(fd, handle);
	close(timeline);
}

/* ------------------------------------------------------------- waits */

static uint32_t kernel_flags(uint32_t test_flags)
{
	uint32_t flags = 0;

	if (test_flags & WAIT_FOR_SUBMIT)
		flags |= DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
	if (test_flags & WAIT_AVAILABLE)
		flags |= DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	if (test_flags & WAIT_ALL)
		flags |= DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
	return flags;
}

static void single_wait(uint32_t test_flags, int expect)
{
	uint32_t s = syncobj_create(fd, 0), flags = kernel_flags(test_flags);
	uint64_t point = 1;
	int timeline = -1;

	if (test_flags & (WAIT_SUBMITTED | WAIT_SIGNALED))
		timeline = attach_sw_sync(s, point);
	if (test_flags & WAIT_SIGNALED)
		sw_sync_timeline_inc(timeline, 1);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, flags), expect);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, short_timeout(), flags),
		      expect);
	if (expect != -ETIME)
		igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, UINT64_MAX, flags),
			      expect);
	syncobj_destroy(fd, s);
	if (timeline != -1)
		close(timeline);
}

static void multi_wait(uint32_t test_flags, int expect)
{
	uint64_t points[5] = {
		1 + rand() % 1000,
		0,			/* a binary syncobj */
		1 + rand() % 1000,
		1 + rand() % 1000,
		0,			/* a binary syncobj */
	};
	uint32_t s[5], tflag, flags = kernel_flags(test_flags);
	int i, timeline = -1;

	for (i = 0; i < 5; i++)
		s[i] = syncobj_create(fd, 0);
	test_flags &= ~(WAIT_ALL | WAIT_FOR_SUBMIT | WAIT_AVAILABLE);
	/* one state per syncobj, the lowest first, the last one repeated */
	for (i = 0; i < 5; i++) {
		tflag = 1u << (ffs(test_flags) - 1);
		if (test_flags & ~tflag)
			test_flags &= ~tflag;
		if (tflag & (WAIT_SUBMITTED | WAIT_SIGNALED))
			timeline = attach_sw_sync(s[i], points[i]);
		if (tflag & WAIT_SIGNALED)
			sw_sync_timeline_inc(timeline, 1);
	}
	igt_assert_eq(syncobj_timeline_wait_err(fd, s, points, 5, 0, flags), expect);
	igt_assert_eq(syncobj_timeline_wait_err(fd, s, points, 5, short_timeout(), flags),
		      expect);
	if (expect != -ETIME)
		igt_assert_eq(syncobj_timeline_wait_err(fd, s, points, 5, UINT64_MAX, flags),
			      expect);
	for (i = 0; i < 5; i++)
		syncobj_destroy(fd, s[i]);
}

static void wait_delayed_signal(uint32_t test_flags)
{
	uint32_t s = syncobj_create(fd, 0), flags = kernel_flags(test_flags);
	uint64_t point = 1;
	struct delayed d;
	int timeline = -1;

	if (test_flags & WAIT_FOR_SUBMIT) {
		delayed_start(&d, TRIGGER, -1, s, point, SHORT_TIME_NSEC);
	} else {
		timeline = attach_sw_sync(s, point);
		delayed_start(&d, INC_TIMELINE, timeline, s, point, SHORT_TIME_NSEC);
	}
	igt_assert(syncobj_timeline_wait(fd, &s, &point, 1,
					 vgh_now_ns() + SHORT_TIME_NSEC * 2, flags, NULL));
	pthread_join(d.thread, NULL);
	if (timeline != -1)
		close(timeline);
	syncobj_destroy(fd, s);
}

static void reset_unsignaled(void)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t point = 1;

	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, 0), -EINVAL);
	syncobj_reset(fd, &s, 1);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, 0), -EINVAL);
	syncobj_destroy(fd, s);
}

static void reset_signaled(void)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t point = 1;

	trigger(s, point);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, 0), 0);
	syncobj_reset(fd, &s, 1);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, 0), -EINVAL);
	syncobj_destroy(fd, s);
}

static void reset_multiple_signaled(void)
{
	uint64_t points[3] = { 1, 1, 1 };
	uint32_t s[3];
	int i;

	for (i = 0; i < 3; i++) {
		s[i] = syncobj_create(fd, 0);
		trigger(s[i], points[i]);
	}
	igt_assert_eq(syncobj_timeline_wait_err(fd, s, points, 3, 0, 0), 0);
	syncobj_reset(fd, s, 3);
	for (i = 0; i < 3; i++) {
		igt_assert_eq(syncobj_timeline_wait_err(fd, &s[i], &points[i], 1, 0, 0),
			      -EINVAL);
		syncobj_destroy(fd, s[i]);
	}
}

static void reset_during_wait_for_submit(void)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t point = 1;
	struct delayed d;

	delayed_start(&d, RESET_AND_TRIGGER, -1, s, point, SHORT_TIME_NSEC);
	/* a reset in the middle of a wait for submit changes nothing */
	igt_assert(syncobj_timeline_wait(fd, &s, &point, 1,
					 vgh_now_ns() + SHORT_TIME_NSEC * 2,
					 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, NULL));
	pthread_join(d.thread, NULL);
	syncobj_destroy(fd, s);
}

static void signal_(void)
{
	uint32_t s = syncobj_create(fd, 0), flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
	uint64_t point = 1;

	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, 0), -EINVAL);
	igt_assert_eq(syncobj_timeline_wait_err(fd, &s, &point, 1, 0, flags), -ETIME);
	syncobj_timeline_signal(fd, &s, &point, 1);
	igt_assert(syncobj_timeline_wait(fd, &s, &point, 1, 0, 0, NULL));
	igt_assert(syncobj_timeline_wait(fd, &s, &point, 1, 0, flags, NULL));
	syncobj_destroy(fd, s);
}

static void signal_point_0(void)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t point = 0;

	syncobj_timeline_signal(fd, &s, &point, 1);
	igt_assert(syncobj_timeline_wait(fd, &s, &point, 1, 0, 0, NULL));
	igt_assert(syncobj_wait(fd, &s, 1, 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, NULL));
	syncobj_destroy(fd, s);
}

struct waiter {
	pthread_t thread;
	struct drm_syncobj_timeline_wait wait;
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;

	igt_assert_eq(__syncobj_timeline_wait_ioctl(fd, &w->wait), 0);
	return NULL;
}

static void wait_snapshot(uint32_t test_flags)
{
	uint64_t points[2] = { 1, 1 };
	struct waiter w = {};
	int t[3] = { -1, -1, -1 };
	uint32_t s[2];

	s[0] = syncobj_create(fd, 0);
	s[1] = syncobj_create(fd, 0);
	if (!(test_flags & WAIT_FOR_SUBMIT)) {
		t[0] = attach_sw_sync(s[0], points[0]);
		t[1] = attach_sw_sync(s[1], points[1]);
	}
	w.wait.handles = (uintptr_t)s;
	w.wait.points = (uintptr_t)points;
	w.wait.count_handles = 2;
	/*
	 * IGT gives the wait 100 ms for four 20 ms steps; under TCG a 20 ms
	 * sleep took up to 47 ms here. The deadline is longer, the steps are
	 * IGT's: a wait that took the fence attached after the reset still
	 * times out, since that fence never signals.
	 */
	w.wait.timeout_nsec = vgh_now_ns() + SNAPSHOT_DEADLINE_NSEC;
	w.wait.flags = kernel_flags(test_flags);
	igt_assert_eq(pthread_create(&w.thread, NULL, waiter_fn, &w), 0);
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* signal (for WAIT_ALL) or submit the first syncobj ... */
	if (test_flags & WAIT_ALL) {
		if (t[0] == -1)
			trigger(s[0], points[0]);
		else
			sw_sync_timeline_inc(t[0], 1);
	} else if (test_flags & WAIT_FOR_SUBMIT) {
		t[0] = attach_sw_sync(s[0], points[0]);
	}
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* ... reset it ... */
	syncobj_reset(fd, &s[0], 1);
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* ... and give it a fence that never signals: the wait must not see it */
	t[2] = attach_sw_sync(s[0], points[0]);
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* the second syncobj completes the wait */
	if (t[1] == -1)
		trigger(s[1], points[1]);
	else
		sw_sync_timeline_inc(t[1], 1);
	pthread_join(w.thread, NULL);
	if (!(test_flags & WAIT_ALL))
		igt_assert_eq(w.wait.first_signaled, 1);
	close(t[0]);
	close(t[1]);
	close(t[2]);
	syncobj_destroy(fd, s[0]);
	syncobj_destroy(fd, s[1]);
}

/* the numbers 0-7, each four times, shuffled (IGT's order) */
static const unsigned int shuffled[] = {
	2, 0, 6, 1, 1, 4, 5, 2, 0, 7, 1, 7, 6, 3, 4, 5,
	0, 2, 7, 3, 5, 4, 0, 6, 7, 3, 2, 5, 6, 1, 4, 3,
};

enum stage { UNSUBMITTED, SUBMITTED, SIGNALED, RESET, RESUBMITTED };

static void wait_complex(uint32_t test_flags)
{
	uint64_t points[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	uint32_t s[8], first = ~0u, num_signaled = 0;
	struct waiter w = {};
	enum stage stage[8];
	unsigned int j;
	int i, t[8];

	for (i = 0; i < 8; i++) {
		stage[i] = UNSUBMITTED;
		s[i] = syncobj_create(fd, 0);
	}
	for (i = 0; i < 8; i++)
		t[i] = test_flags & WAIT_FOR_SUBMIT ? -1 : attach_sw_sync(s[i], points[i]);
	w.wait.handles = (uintptr_t)s;
	w.wait.points = (uintptr_t)points;
	w.wait.count_handles = 2;	/* as IGT: the wait covers the first two */
	w.wait.timeout_nsec = vgh_now_ns() + NSECS_PER_SEC;
	w.wait.flags = kernel_flags(test_flags);
	igt_assert_eq(pthread_create(&w.thread, NULL, waiter_fn, &w), 0);
	sleep_nsec(NSECS_PER_SEC / 50);
	for (j = 0; j < ARRAY_SIZE(shuffled); j++) {
		i = shuffled[j];
		switch (stage[i]++) {
		case UNSUBMITTED:
			if (!(test_flags & WAIT_FOR_SUBMIT)) {
				igt_assert_neq(t[i], -1);
				break;
			}
			t[i] = attach_sw_sync(s[i], points[i]);
			break;
		case SUBMITTED:
			igt_assert_neq(t[i], -1);
			sw_sync_timeline_inc(t[i], 1);
			close(t[i]);
			t[i] = -1;
			if (num_signaled == 0)
				first = i;
			num_signaled++;
			break;
		case SIGNALED:
			syncobj_reset(fd, &s[i], 1);
			break;
		case RESET:
			t[i] = attach_sw_sync(s[i], points[i]);
			break;
		case RESUBMITTED:
			igt_fail("syncobj %d went past its last stage", i);
		}
		if (test_flags & WAIT_ALL ? num_signaled == 8 : num_signaled > 0)
			break;
		sleep_nsec(NSECS_PER_SEC / 100);
	}
	pthread_join(w.thread, NULL);
	if (test_flags & WAIT_ALL) {
		igt_assert_eq(num_signaled, 8);
	} else {
		igt_assert_eq(num_signaled, 1);
		igt_assert_eq(w.wait.first_signaled, first);
	}
	for (i = 0; i < 8; i++) {
		close(t[i]);
		syncobj_destroy(fd, s[i]);
	}
}

/* IGT's igt_while_interruptible: the wait runs under a storm of signals */
static void interrupted_wait(struct drm_syncobj_timeline_wait *w)
{
	igt_fork_signal_helper();
	igt_assert_eq(__syncobj_timeline_wait_ioctl(fd, w), -ETIME);
	igt_stop_signal_helper();
}

static void wait_interrupted(uint32_t test_flags)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t point = 1;
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&s,
		.points = (uintptr_t)&point,
		.count_handles = 1,
		.flags = kernel_flags(test_flags),
	};
	int timeline;

	if (test_flags & WAIT_FOR_SUBMIT) {
		w.timeout_nsec = short_timeout();
		interrupted_wait(&w);
	}
	timeline = attach_sw_sync(s, point);
	w.timeout_nsec = short_timeout();
	interrupted_wait(&w);
	syncobj_destroy(fd, s);
	close(timeline);
}

/* ------------------------------------------------- host and device order */

/*
 * IGT passes its test flags here as the kernel's wait flags: its
 * WAIT_FOR_SUBMIT (1) is the kernel's WAIT_ALL and its WAIT_ALL (2) the
 * kernel's WAIT_FOR_SUBMIT. The values are kept.
 */
static void host_signal_points(void)
{
	uint32_t s = syncobj_create(fd, 0);
	uint64_t value = 0;
	int i;

	for (i = 0; i < 100; i++) {
		uint64_t q = 0;

		value += rand();
		syncobj_timeline_signal(fd, &s, &value, 1);
		syncobj_timeline_query(fd, &s, &q, 1);
		igt_assert_eq(q, value);
		igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_FOR_SUBMIT, NULL));
		q -= 1;
		igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_ALL, NULL));
	}
	syncobj_destroy(fd, s);
}

/* point i+1 of the syncobj is a fence at fence_seqno(i) of the timeline */
static void chain_points(uint32_t s, int timeline, const uint64_t *points, int n,
			 const int *fences)
{
	int i;

	for (i = 0; i < n; i++) {
		uint32_t tmp = syncobj_create(fd, 0);

		syncobj_import_sync_file(fd, tmp, fences[i]);
		syncobj_binary_to_timeline(fd, s, points[i], tmp);
		syncobj_destroy(fd, tmp);
	}
	(void)timeline;
}

static void device_signal_unordered(void)
{
	static const int idx[] = { 0, 2, 1, 4, 3 };
	uint64_t points[ARRAY_SIZE(idx)], value = 0;
	bool signaled[ARRAY_SIZE(idx)] = {};
	int fences[ARRAY_SIZE(idx)], timeline = sw_sync_timeline_create();
	uint32_t s = syncobj_create(fd, 0);
	unsigned int i, j;

	/* point idx[i]+1 signals i-th */
	for (i = 0; i < ARRAY_SIZE(idx); i++)
		fences[idx[i]] = sw_sync_timeline_create_fence(timeline, i + 1);
	for (i = 0; i < ARRAY_SIZE(idx); i++)
		points[i] = i + 1;
	chain_points(s, timeline, points, ARRAY_SIZE(idx), fences);
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		uint64_t q = 0, min_value = 0;

		sw_sync_timeline_inc(timeline, 1);
		signaled[idx[i]] = true;
		/* at least the point before the first one still pending */
		for (j = 0; j < ARRAY_SIZE(signaled); j++) {
			if (!signaled[j])
				break;
			min_value = j;
		}
		syncobj_timeline_query(fd, &s, &q, 1);
		igt_assert(q >= min_value);
		igt_assert(q >= value);
		igt_info("signalled point %d, timeline value %llu", idx[i] + 1,
			 (unsigned long long)q);
		value = q > value ? q : value;
		igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_FOR_SUBMIT, NULL));
		igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_ALL, NULL));
	}
	for (i = 0; i < ARRAY_SIZE(idx); i++)
		close(fences[i]);
	syncobj_destroy(fd, s);
	close(timeline);
}

static void device_submit_unordered(void)
{
	uint64_t points[] = { 1, 5, 3, 6, 7 }, q;
	int fences[ARRAY_SIZE(points)], timeline = sw_sync_timeline_create();
	uint32_t s = syncobj_create(fd, 0);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(points); i++)
		fences[i] = sw_sync_timeline_create_fence(timeline, i + 1);
	chain_points(s, timeline, points, ARRAY_SIZE(points), fences);
	for (i = 0; i < ARRAY_SIZE(points); i++)
		close(fences[i]);
	/* points 1, 5 and 3 signal; nothing else is at or below 5 */
	sw_sync_timeline_inc(timeline, 3);
	syncobj_timeline_query(fd, &s, &q, 1);
	igt_assert_eq(q, 5);
	igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_FOR_SUBMIT, NULL));
	igt_assert(syncobj_timeline_wait(fd, &s, &q, 1, 0, WAIT_ALL, NULL));
	syncobj_destroy(fd, s);
	close(timeline);
}

static void host_signal_ordered(void)
{
	uint64_t points[5] = { 1, 2, 3, 4, 5 }, host = 8, q;
	int fences[5], timeline = sw_sync_timeline_create();
	uint32_t s = syncobj_create(fd, 0);
	int i;

	for (i = 0; i < 5; i++)
		fences[i] = sw_sync_timeline_create_fence(timeline, i + 1);
	chain_points(s, timeline, points, 5, fences);
	for (i = 0; i < 5; i++)
		close(fences[i]);
	sw_sync_timeline_inc(timeline, 3);
	syncobj_timeline_query(fd, &s, &q, 1);
	igt_assert_eq(q, 3);
	/* the host's point 8 waits behind the device's 4 and 5 */
	syncobj_timeline_signal(fd, &s, &host, 1);
	syncobj_timeline_query(fd, &s, &q, 1);
	igt_assert_eq(q, 3);
	sw_sync_timeline_inc(timeline, 5);
	syncobj_timeline_query(fd, &s, &q, 1);
	igt_assert_eq(q, 8);
	syncobj_destroy(fd, s);
	close(timeline);
}

struct checker {
	uint32_t s;
	volatile bool running, started;
};

static void *checker_fn(void *arg)
{
	struct checker *c = arg;
	uint64_t value, last = 0;

	while (c->running) {
		syncobj_timeline_query(fd, &c->s, &value, 1);
		c->started = true;
		igt_assert(last <= value);
		last = value;
	}
	return NULL;
}

/* 64-bit sequence numbers: points more than 2^31 apart stay ordered */
static void bits32_limit(void)
{
	uint64_t limit = (1ull << 31) - 1;
	uint64_t points[] = { 1, 5, limit + 5, limit + 6, limit * 2 };
	int fences[ARRAY_SIZE(points)], timeline = sw_sync_timeline_create();
	struct checker c = { .s = syncobj_create(fd, 0), .running = true };
	uint64_t value, last = 0;
	pthread_t thread;
	unsigned int i;

	igt_assert_eq(pthread_create(&thread, NULL, checker_fn, &c), 0);
	while (!c.started)
		;
	for (i = 0; i < ARRAY_SIZE(points); i++)
		fences[i] = sw_sync_timeline_create_fence(timeline, i + 1);
	chain_points(c.s, timeline, points, ARRAY_SIZE(points), fences);
	for (i = 0; i < ARRAY_SIZE(points); i++)
		close(fences[i]);
	for (i = 0; i < ARRAY_SIZE(points); i++) {
		sw_sync_timeline_inc(timeline, 1);
		syncobj_timeline_query(fd, &c.s, &value, 1);
		igt_assert(last <= value);
		last = value;
	}
	c.running = false;
	pthread_join(thread, NULL);
	syncobj_destroy(fd, c.s);
	close(timeline);
}

/* --------------------------------------------------- the subtest table */

static uint32_t flags_of(const char *name, const char *kind)
{
	static const struct { const char *word; uint32_t flag; } words[] = {
		{ "-all", WAIT_ALL }, { "-for-submit", WAIT_FOR_SUBMIT },
		{ "-available", WAIT_AVAILABLE }, { "-unsubmitted", WAIT_UNSUBMITTED },
		{ "-submitted", WAIT_SUBMITTED }, { "-signaled", WAIT_SIGNALED },
	};
	const char *p = strstr(name, kind) + strlen(kind);
	uint32_t flags = 0;
	unsigned int i;

	while (*p) {
		for (i = 0; i < ARRAY_SIZE(words); i++) {
			size_t n = strlen(words[i].word);

			if (!strncmp(p, words[i].word, n) && (p[n] == '-' || !p[n]))
				break;
		}
		igt_assert(i < ARRAY_SIZE(words));
		flags |= words[i].flag;
		p += strlen(words[i].word);
	}
	return flags;
}

/* without WAIT_FOR_SUBMIT or WAIT_AVAILABLE an unsubmitted point is EINVAL */
static int single_expect(uint32_t flags)
{
	if ((flags & WAIT_UNSUBMITTED) && !(flags & (WAIT_FOR_SUBMIT | WAIT_AVAILABLE)))
		return -EINVAL;
	if (!(flags & WAIT_SIGNALED) &&
	    !((flags & WAIT_SUBMITTED) && (flags & WAIT_AVAILABLE)))
		return -ETIME;
	return 0;
}

static int multi_expect(uint32_t flags)
{
	int err = 0;

	if ((flags & WAIT_UNSUBMITTED) && !(flags & (WAIT_FOR_SUBMIT | WAIT_AVAILABLE)))
		return -EINVAL;
	if (flags & WAIT_ALL) {
		if (flags & (WAIT_UNSUBMITTED | WAIT_SUBMITTED))
			err = -ETIME;
		if (!(flags & WAIT_UNSUBMITTED) && (flags & WAIT_SUBMITTED) &&
		    (flags & WAIT_AVAILABLE))
			err = 0;
	} else if (!(flags & WAIT_SIGNALED) &&
		   !((flags & WAIT_SUBMITTED) && (flags & WAIT_AVAILABLE))) {
		err = -ETIME;
	}
	return err;
}

static void single_wait_named(void)
{
	uint32_t flags = flags_of(igt_subtest_name(), "single-wait");

	single_wait(flags, single_expect(flags));
}

static void multi_wait_named(void)
{
	uint32_t flags = flags_of(igt_subtest_name(), "multi-wait");

	multi_wait(flags, multi_expect(flags));
}

#define F(name, fn, arg) static void name(void) { fn(arg); }
F(wait_delayed, wait_delayed_signal, 0)
F(wait_for_submit_delayed, wait_delayed_signal, WAIT_FOR_SUBMIT)
F(wait_all_delayed, wait_delayed_signal, WAIT_ALL)
F(wait_all_for_submit_delayed, wait_delayed_signal, WAIT_ALL | WAIT_FOR_SUBMIT)
F(any_snapshot, wait_snapshot, 0)
F(all_snapshot, wait_snapshot, WAIT_ALL)
F(for_submit_snapshot, wait_snapshot, WAIT_FOR_SUBMIT)
F(all_for_submit_snapshot, wait_snapshot, WAIT_ALL | WAIT_FOR_SUBMIT)
F(any_complex, wait_complex, 0)
F(all_complex, wait_complex, WAIT_ALL)
F(for_submit_complex, wait_complex, WAIT_FOR_SUBMIT)
F(all_for_submit_complex, wait_complex, WAIT_ALL | WAIT_FOR_SUBMIT)
F(any_interrupted, wait_interrupted, 0)
F(all_interrupted, wait_interrupted, WAIT_ALL)

#define MAX_TESTS 192
static struct igt_subtest tests[MAX_TESTS];
static char names[MAX_TESTS][80];
static size_t ntests;

static void add(const char *name, void (*run)(void))
{
	igt_assert(ntests < MAX_TESTS);
	snprintf(names[ntests], sizeof(names[0]), "%s", name);
	tests[ntests].name = names[ntests];
	tests[ntests].run = run;
	ntests++;
}

/* IGT's generated names: [invalid-|etime-]KIND[-all][-for-submit]... */
static void add_generated(const char *kind, bool multi)
{
	unsigned int flags;
	char name[80];

	for (flags = 0; flags < WAIT_FLAGS_MAX; flags++) {
		uint32_t modes = flags & (WAIT_UNSUBMITTED | WAIT_SUBMITTED | WAIT_SIGNALED);
		int err;

		if (multi ? !modes : __builtin_popcount(modes) != 1)
			continue;
		err = multi ? multi_expect(flags) : single_expect(flags);
		snprintf(name, sizeof(name), "%s%s%s%s%s%s%s%s",
			 err == -EINVAL ? "invalid-" : err == -ETIME ? "etime-" : "",
			 kind, flags & WAIT_ALL ? "-all" : "",
			 flags & WAIT_FOR_SUBMIT ? "-for-submit" : "",
			 flags & WAIT_AVAILABLE ? "-available" : "",
			 flags & WAIT_UNSUBMITTED ? "-unsubmitted" : "",
			 flags & WAIT_SUBMITTED ? "-submitted" : "",
			 flags & WAIT_SIGNALED ? "-signaled" : "");
		add(name, multi ? multi_wait_named : single_wait_named);
	}
}

int main(int argc, char **argv)
{
	add("invalid-wait-bad-flags", wait_bad_flags);
	add("wait-zero-handles", wait_zero_handles);
	add("invalid-wait-illegal-handle", wait_illegal_handle);
	add("invalid-query-zero-handles", query_zero_handles);
	add("invalid-query-illegal-handle", query_illegal_handle);
	add("invalid-query-one-illegal-handle", query_one_illegal_handle);
	add("invalid-query-bad-pad", query_bad_pad);
	add("invalid-signal-zero-handles", signal_zero_handles);
	add("invalid-signal-illegal-handle", signal_illegal_handle);
	add("invalid-signal-illegal-point", signal_illegal_point);
	add("invalid-signal-one-illegal-handle", signal_one_illegal_handle);
	add("invalid-signal-bad-pad", signal_bad_pad);
	add("signal-array", signal_array);
	add("invalid-transfer-illegal-handle", transfer_illegal_handle);
	add("invalid-transfer-bad-pad", transfer_bad_pad);
	add("invalid-transfer-non-existent-point", transfer_nonexistent_point);
	add("transfer-timeline-point", transfer_point);
	add_generated("single-wait", false);
	add("wait-delayed-signal", wait_delayed);
	add("wait-for-submit-delayed-submit", wait_for_submit_delayed);
	add("wait-all-delayed-signal", wait_all_delayed);
	add("wait-all-for-submit-delayed-submit", wait_all_for_submit_delayed);
	add("reset-unsignaled", reset_unsignaled);
	add("reset-signaled", reset_signaled);
	add("reset-multiple-signaled", reset_multiple_signaled);
	add("reset-during-wait-for-submit", reset_during_wait_for_submit);
	add("signal", signal_);
	add("signal-point-0", signal_point_0);
	add_generated("multi-wait", true);
	add("wait-any-snapshot", any_snapshot);
	add("wait-all-snapshot", all_snapshot);
	add("wait-for-submit-snapshot", for_submit_snapshot);
	add("wait-all-for-submit-snapshot", all_for_submit_snapshot);
	add("wait-any-complex", any_complex);
	add("wait-all-complex", all_complex);
	add("wait-for-submit-complex", for_submit_complex);
	add("wait-all-for-submit-complex", all_for_submit_complex);
	add("wait-any-interrupted", any_interrupted);
	add("wait-all-interrupted", all_interrupted);
	add("host-signal-points", host_signal_points);
	add("device-signal-unordered", device_signal_unordered);
	add("device-submit-unordered", device_submit_unordered);
	add("host-signal-ordered", host_signal_ordered);
	add("32bits-limit", bits32_limit);
	return igt_run(argc, argv, __FILE__, tests, ntests, fixture);
}
