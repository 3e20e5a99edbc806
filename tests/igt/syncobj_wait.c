// SPDX-License-Identifier: MIT
/*
 * syncobj_wait: the DRM core's binary syncobj wait, reset and signal
 * ioctls, as IGT's syncobj_wait checks them, with sw_sync timelines as
 * the fences a device would attach: errnos for bad arguments, waits on
 * unsubmitted, submitted and signalled syncobjs alone and in groups
 * (any / all, with and without WAIT_FOR_SUBMIT), fences attached and
 * signalled while a wait runs, a wait that snapshots its fences, and
 * waits under a storm of signals.
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

static int fd = -1;

static void fixture(void)
{
	fd = syncobj_open(DRM_CAP_SYNCOBJ);
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

/* a sw_sync fence at 1 on a new timeline becomes the syncobj's fence */
static int attach_sw_sync(uint32_t handle)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);

	syncobj_import_sync_file(fd, handle, fence);
	close(fence);
	return timeline;
}

static void trigger(uint32_t handle)
{
	int timeline = attach_sw_sync(handle);

	sw_sync_timeline_inc(timeline, 1);
	close(timeline);
}

/* after a delay, in another thread: what IGT's SIGEV_THREAD timers do */
enum delayed_op { INC_TIMELINE, TRIGGER, RESET_AND_TRIGGER };

struct delayed {
	pthread_t thread;
	enum delayed_op op;
	uint64_t delay_ns;
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
		trigger(d->handle);
		break;
	}
	return NULL;
}

static void delayed_start(struct delayed *d, enum delayed_op op, int timeline,
			  uint32_t handle, uint64_t delay_ns)
{
	d->op = op;
	d->timeline = timeline;
	d->handle = handle;
	d->delay_ns = delay_ns;
	igt_assert_eq(pthread_create(&d->thread, NULL, delayed_fn, d), 0);
}

static void delayed_join(struct delayed *d)
{
	pthread_join(d->thread, NULL);
}

/* ------------------------------------------------------------ invalid */

static void wait_bad_flags(void)
{
	struct drm_syncobj_wait w = { .flags = 0xdeadbeef };

	igt_assert_eq(__syncobj_wait(fd, &w), -EINVAL);
}

/* an empty wait is accepted (current IGT and Linux; it once was EINVAL) */
static void wait_zero_handles(void)
{
	struct drm_syncobj_wait w = {};

	igt_assert_eq(__syncobj_wait(fd, &w), 0);
}

static void wait_illegal_handle(void)
{
	uint32_t handle = 0;
	struct drm_syncobj_wait w = { .count_handles = 1, .handles = (uintptr_t)&handle };

	igt_assert_eq(__syncobj_wait(fd, &w), -ENOENT);
}

static int array_err(unsigned long req, uint32_t *handles, uint32_t count, uint32_t pad)
{
	struct drm_syncobj_array a = {
		.handles = (uintptr_t)handles,
		.count_handles = count,
		.pad = pad,
	};

	return vgh_ioctl(fd, req, &a);
}

static void reset_zero_handles(void)
{
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_RESET, NULL, 0, 0), -EINVAL);
}

static void reset_illegal_handle(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_RESET, &handle, 1, 0), -ENOENT);
}

static void reset_one_illegal_handle(void)
{
	uint32_t s[3];

	s[0] = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	s[1] = 0;
	s[2] = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	igt_assert_eq(syncobj_wait_err(fd, &s[0], 1, 0, 0), 0);
	igt_assert_eq(syncobj_wait_err(fd, &s[2], 1, 0, 0), 0);
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_RESET, s, 3, 0), -ENOENT);
	/* nothing was reset */
	igt_assert_eq(syncobj_wait_err(fd, &s[0], 1, 0, 0), 0);
	igt_assert_eq(syncobj_wait_err(fd, &s[2], 1, 0, 0), 0);
	syncobj_destroy(fd, s[0]);
	syncobj_destroy(fd, s[2]);
}

static void reset_bad_pad(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_RESET, &handle, 1, 0xdeadbeef), -EINVAL);
}

static void signal_zero_handles(void)
{
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_SIGNAL, NULL, 0, 0), -EINVAL);
}

static void signal_illegal_handle(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_SIGNAL, &handle, 1, 0), -ENOENT);
}

static void signal_one_illegal_handle(void)
{
	uint32_t s[3];

	s[0] = syncobj_create(fd, 0);
	s[1] = 0;
	s[2] = syncobj_create(fd, 0);
	igt_assert_eq(syncobj_wait_err(fd, &s[0], 1, 0, 0), -EINVAL);
	igt_assert_eq(syncobj_wait_err(fd, &s[2], 1, 0, 0), -EINVAL);
	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_SIGNAL, s, 3, 0), -ENOENT);
	/* nothing was signalled */
	igt_assert_eq(syncobj_wait_err(fd, &s[0], 1, 0, 0), -EINVAL);
	igt_assert_eq(syncobj_wait_err(fd, &s[2], 1, 0, 0), -EINVAL);
	syncobj_destroy(fd, s[0]);
	syncobj_destroy(fd, s[2]);
}

static void signal_bad_pad(void)
{
	uint32_t handle = 0;

	igt_assert_eq(array_err(DRM_IOCTL_SYNCOBJ_SIGNAL, &handle, 1, 0xdeadbeef), -EINVAL);
}

/* ------------------------------------------------------------- waits */

#define WAIT_FOR_SUBMIT		(1 << 0)
#define WAIT_ALL		(1 << 1)
#define WAIT_UNSUBMITTED	(1 << 2)
#define WAIT_SUBMITTED		(1 << 3)
#define WAIT_SIGNALED		(1 << 4)
#define WAIT_FLAGS_MAX		((1 << 5) - 1)

static uint32_t kernel_flags(uint32_t test_flags)
{
	uint32_t flags = 0;

	if (test_flags & WAIT_FOR_SUBMIT)
		flags |= DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
	if (test_flags & WAIT_ALL)
		flags |= DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
	return flags;
}

static void single_wait(uint32_t test_flags, int expect)
{
	uint32_t s = syncobj_create(fd, 0), flags = kernel_flags(test_flags);
	int timeline = -1;

	if (test_flags & (WAIT_SUBMITTED | WAIT_SIGNALED))
		timeline = attach_sw_sync(s);
	if (test_flags & WAIT_SIGNALED)
		sw_sync_timeline_inc(timeline, 1);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, flags), expect);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, short_timeout(), flags), expect);
	if (expect != -ETIME)
		igt_assert_eq(syncobj_wait_err(fd, &s, 1, UINT64_MAX, flags), expect);
	syncobj_destroy(fd, s);
	if (timeline != -1)
		close(timeline);
}

static void multi_wait(uint32_t test_flags, int expect)
{
	uint32_t s[3], tflag, flags = kernel_flags(test_flags);
	int i, timeline = -1;

	for (i = 0; i < 3; i++)
		s[i] = syncobj_create(fd, 0);
	test_flags &= ~(WAIT_ALL | WAIT_FOR_SUBMIT);
	/* one state per syncobj, the lowest first, the last one repeated */
	for (i = 0; i < 3; i++) {
		tflag = 1u << (ffs(test_flags) - 1);
		if (test_flags & ~tflag)
			test_flags &= ~tflag;
		if (tflag & (WAIT_SUBMITTED | WAIT_SIGNALED))
			timeline = attach_sw_sync(s[i]);
		if (tflag & WAIT_SIGNALED)
			sw_sync_timeline_inc(timeline, 1);
	}
	igt_assert_eq(syncobj_wait_err(fd, s, 3, 0, flags), expect);
	igt_assert_eq(syncobj_wait_err(fd, s, 3, short_timeout(), flags), expect);
	if (expect != -ETIME)
		igt_assert_eq(syncobj_wait_err(fd, s, 3, UINT64_MAX, flags), expect);
	for (i = 0; i < 3; i++)
		syncobj_destroy(fd, s[i]);
}

static void wait_delayed_signal(uint32_t test_flags)
{
	uint32_t s = syncobj_create(fd, 0), flags = kernel_flags(test_flags);
	struct delayed d;
	int timeline = -1;

	if (test_flags & WAIT_FOR_SUBMIT) {
		delayed_start(&d, TRIGGER, -1, s, SHORT_TIME_NSEC);
	} else {
		timeline = attach_sw_sync(s);
		delayed_start(&d, INC_TIMELINE, timeline, s, SHORT_TIME_NSEC);
	}
	igt_assert(syncobj_wait(fd, &s, 1, vgh_now_ns() + SHORT_TIME_NSEC * 2,
				flags, NULL));
	delayed_join(&d);
	if (timeline != -1)
		close(timeline);
	syncobj_destroy(fd, s);
}

static void reset_unsignaled(void)
{
	uint32_t s = syncobj_create(fd, 0);

	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, 0), -EINVAL);
	syncobj_reset(fd, &s, 1);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, 0), -EINVAL);
	syncobj_destroy(fd, s);
}

static void reset_signaled(void)
{
	uint32_t s = syncobj_create(fd, 0);

	trigger(s);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, 0), 0);
	syncobj_reset(fd, &s, 1);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, 0), -EINVAL);
	syncobj_destroy(fd, s);
}

static void reset_multiple_signaled(void)
{
	uint32_t s[3];
	int i;

	for (i = 0; i < 3; i++) {
		s[i] = syncobj_create(fd, 0);
		trigger(s[i]);
	}
	igt_assert_eq(syncobj_wait_err(fd, s, 3, 0, 0), 0);
	syncobj_reset(fd, s, 3);
	for (i = 0; i < 3; i++) {
		igt_assert_eq(syncobj_wait_err(fd, &s[i], 1, 0, 0), -EINVAL);
		syncobj_destroy(fd, s[i]);
	}
}

static void reset_during_wait_for_submit(void)
{
	uint32_t s = syncobj_create(fd, 0);
	struct delayed d;

	delayed_start(&d, RESET_AND_TRIGGER, -1, s, SHORT_TIME_NSEC);
	/* a reset in the middle of a wait for submit changes nothing */
	igt_assert(syncobj_wait(fd, &s, 1, vgh_now_ns() + SHORT_TIME_NSEC * 2,
				DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, NULL));
	delayed_join(&d);
	syncobj_destroy(fd, s);
}

static void signal_(void)
{
	uint32_t s = syncobj_create(fd, 0), flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;

	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, 0), -EINVAL);
	igt_assert_eq(syncobj_wait_err(fd, &s, 1, 0, flags), -ETIME);
	syncobj_signal(fd, &s, 1);
	igt_assert(syncobj_wait(fd, &s, 1, 0, 0, NULL));
	igt_assert(syncobj_wait(fd, &s, 1, 0, flags, NULL));
	syncobj_destroy(fd, s);
}

struct waiter {
	pthread_t thread;
	struct drm_syncobj_wait wait;
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;

	igt_assert_eq(__syncobj_wait(fd, &w->wait), 0);
	return NULL;
}

static void wait_snapshot(uint32_t test_flags)
{
	struct waiter w = {};
	uint32_t s[2];
	int t[3] = { -1, -1, -1 };

	s[0] = syncobj_create(fd, 0);
	s[1] = syncobj_create(fd, 0);
	if (!(test_flags & WAIT_FOR_SUBMIT)) {
		t[0] = attach_sw_sync(s[0]);
		t[1] = attach_sw_sync(s[1]);
	}
	w.wait.handles = (uintptr_t)s;
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
			trigger(s[0]);
		else
			sw_sync_timeline_inc(t[0], 1);
	} else if (test_flags & WAIT_FOR_SUBMIT) {
		t[0] = attach_sw_sync(s[0]);
	}
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* ... reset it ... */
	syncobj_reset(fd, &s[0], 1);
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* ... and give it a fence that never signals: the wait must not see it */
	t[2] = attach_sw_sync(s[0]);
	sleep_nsec(SHORT_TIME_NSEC / 5);
	/* the second syncobj completes the wait */
	if (t[1] == -1)
		trigger(s[1]);
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
	struct waiter w = {};
	uint32_t s[8], first = ~0u, num_signaled = 0;
	enum stage stage[8];
	int i, t[8];
	unsigned int j;

	for (i = 0; i < 8; i++) {
		stage[i] = UNSUBMITTED;
		s[i] = syncobj_create(fd, 0);
		t[i] = test_flags & WAIT_FOR_SUBMIT ? -1 : attach_sw_sync(s[i]);
	}
	w.wait.handles = (uintptr_t)s;
	w.wait.count_handles = 2;	/* as IGT: the wait covers the first two */
	w.wait.timeout_nsec = vgh_now_ns() + NSECS_PER_SEC;
	w.wait.flags = kernel_flags(test_flags);
	igt_assert_eq(pthread_create(&w.thread, NULL, waiter_fn, &w), 0);
	sleep_nsec(NSECS_PER_SEC / 50);
	for (j = 0; j < sizeof(shuffled) / sizeof(shuffled[0]); j++) {
		i = shuffled[j];
		switch (stage[i]++) {
		case UNSUBMITTED:
			if (!(test_flags & WAIT_FOR_SUBMIT)) {
				igt_assert_neq(t[i], -1);
				break;
			}
			t[i] = attach_sw_sync(s[i]);
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
			t[i] = attach_sw_sync(s[i]);
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
static void interrupted_wait(struct drm_syncobj_wait *w)
{
	igt_fork_signal_helper();
	igt_assert_eq(__syncobj_wait(fd, w), -ETIME);
	igt_stop_signal_helper();
}

static void wait_interrupted(uint32_t test_flags)
{
	uint32_t s = syncobj_create(fd, 0);
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&s,
		.count_handles = 1,
		.flags = kernel_flags(test_flags),
	};
	int timeline;

	if (test_flags & WAIT_FOR_SUBMIT) {
		w.timeout_nsec = short_timeout();
		interrupted_wait(&w);
	}
	timeline = attach_sw_sync(s);
	w.timeout_nsec = short_timeout();
	interrupted_wait(&w);
	syncobj_destroy(fd, s);
	close(timeline);
}

/* --------------------------------------------------- the subtest table */

static uint32_t flags_of(const char *name, const char *prefix)
{
	static const struct { const char *word; uint32_t flag; } words[] = {
		{ "-all", WAIT_ALL }, { "-for-submit", WAIT_FOR_SUBMIT },
		{ "-unsubmitted", WAIT_UNSUBMITTED }, { "-submitted", WAIT_SUBMITTED },
		{ "-signaled", WAIT_SIGNALED },
	};
	const char *p = strstr(name, prefix) + strlen(prefix);
	uint32_t flags = 0;
	unsigned int i;

	while (*p) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strncmp(p, words[i].word, strlen(words[i].word)) &&
			    (p[strlen(words[i].word)] == '-' || !p[strlen(words[i].word)]))
				break;
		igt_assert(i < sizeof(words) / sizeof(words[0]));
		flags |= words[i].flag;
		p += strlen(words[i].word);
	}
	return flags;
}

static int single_expect(uint32_t flags)
{
	if ((flags & WAIT_UNSUBMITTED) && !(flags & WAIT_FOR_SUBMIT))
		return -EINVAL;
	return flags & WAIT_SIGNALED ? 0 : -ETIME;
}

static int multi_expect(uint32_t flags)
{
	if ((flags & WAIT_UNSUBMITTED) && !(flags & WAIT_FOR_SUBMIT))
		return -EINVAL;
	if (flags & WAIT_ALL)
		return flags & (WAIT_UNSUBMITTED | WAIT_SUBMITTED) ? -ETIME : 0;
	return flags & WAIT_SIGNALED ? 0 : -ETIME;
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

#define MAX_TESTS 128
static struct igt_subtest tests[MAX_TESTS];
static char names[MAX_TESTS][64];
static size_t ntests;

static void add(const char *name, void (*run)(void))
{
	igt_assert(ntests < MAX_TESTS);
	snprintf(names[ntests], sizeof(names[0]), "%s", name);
	tests[ntests].name = names[ntests];
	tests[ntests].run = run;
	ntests++;
}

/* IGT's generated names: [invalid-]KIND[-all][-for-submit][-unsubmitted]... */
static void add_generated(const char *kind, bool multi)
{
	unsigned int flags;
	char name[64];

	for (flags = 0; flags < WAIT_FLAGS_MAX; flags++) {
		uint32_t modes = flags & (WAIT_UNSUBMITTED | WAIT_SUBMITTED | WAIT_SIGNALED);
		int err;

		if (multi ? !modes : __builtin_popcount(modes) != 1)
			continue;
		err = multi ? multi_expect(flags) : single_expect(flags);
		snprintf(name, sizeof(name), "%s%s%s%s%s%s%s", err == -EINVAL ? "invalid-" : "",
			 kind, flags & WAIT_ALL ? "-all" : "",
			 flags & WAIT_FOR_SUBMIT ? "-for-submit" : "",
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
	add("invalid-reset-zero-handles", reset_zero_handles);
	add("invalid-reset-illegal-handle", reset_illegal_handle);
	add("invalid-reset-one-illegal-handle", reset_one_illegal_handle);
	add("invalid-reset-bad-pad", reset_bad_pad);
	add("invalid-signal-zero-handles", signal_zero_handles);
	add("invalid-signal-illegal-handle", signal_illegal_handle);
	add("invalid-signal-one-illegal-handle", signal_one_illegal_handle);
	add("invalid-signal-bad-pad", signal_bad_pad);
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
	return igt_run(argc, argv, __FILE__, tests, ntests, fixture);
}
