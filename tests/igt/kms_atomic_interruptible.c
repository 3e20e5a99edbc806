// SPDX-License-Identifier: MIT
/*
 * kms_atomic_interruptible: display ioctls interrupted by signals while
 * they wait. A forked child makes a blocking atomic commit that puts a
 * plane on with an in-fence of a sw_sync timeline nobody signals yet
 * (for the modeset subtests, also turning the output off), so that it
 * holds the display's locks; a second child signals the fence after 5
 * seconds. Meanwhile the test runs one ioctl (SETCRTC, an atomic
 * modeset, DPMS off, a page flip and its event, a legacy cursor,
 * SETPLANE on the primary or cursor plane) under IGT's
 * igt_while_interruptible: a timer signal interrupts the ioctl shortly
 * after it starts, the interrupted ioctl is restarted with the timer's
 * delay doubled, and the body runs again with a doubled initial delay
 * while any ioctl of the pass was interrupted. Every ioctl must end up
 * succeeding, both children must succeed, and the display must turn off
 * cleanly afterwards. Run on the first valid pipe and output.
 */
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kms.h"

enum test_type { LEGACY_MODESET, ATOMIC_MODESET, LEGACY_DPMS, SETPLANE, SETCURSOR, PAGEFLIP };

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	igt_require_f(k.atomic, "driver has no atomic modesetting");
	kms_require_output(&k);
	igt_require_f(sw_sync_available(), "needs sw_sync (CONFIG_SW_SYNC, debugfs)");
}

/* ------------------------------------------------- the ioctl interrupter */

static struct {
	timer_t timer;
	struct timespec delay;		/* of the first try of each ioctl */
	volatile sig_atomic_t signals;
	long hit, miss, ioctls;
} si;

static void on_timer(int sig)
{
	(void)sig;
	si.signals++;
}

static void ts_double(struct timespec *t)
{
	t->tv_sec *= 2;
	t->tv_nsec *= 2;
	while (t->tv_nsec >= 1000000000) {
		t->tv_nsec -= 1000000000;
		t->tv_sec++;
	}
}

static void sig_start(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	struct sigaction sa = { .sa_handler = on_timer };	/* no SA_RESTART */
	struct itimerspec off = { 0 };
	struct timespec a, b;

	sigemptyset(&sa.sa_mask);
	igt_assert(sigaction(SIGRTMIN, &sa, NULL) == 0);
	igt_assert(timer_create(CLOCK_MONOTONIC, &sev, &si.timer) == 0);
	/* the first delay: about as long as arming the timer takes */
	clock_gettime(CLOCK_MONOTONIC, &a);
	igt_assert(timer_settime(si.timer, 0, &off, NULL) == 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	si.delay.tv_sec = 0;
	si.delay.tv_nsec = (b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec;
	if (si.delay.tv_nsec < 0)
		si.delay.tv_nsec = 0;
	igt_info("initial delay for interruption: %ld ns", si.delay.tv_nsec);
}

static void sig_stop(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };

	timer_delete(si.timer);
	sigaction(SIGRTMIN, &sa, NULL);
}

/*
 * 0, or -1 with errno: an ioctl that a timer signal interrupts. A raw
 * ioctl() and not vgh_ioctl(), which would retry EINTR unseen: this one
 * must see every EINTR, to count it and to lengthen the timer's delay.
 */
static int sig_ioctl(unsigned long request, void *arg)
{
	struct itimerspec its = { .it_value = si.delay };
	struct itimerspec off = { 0 };
	int err;

	do {
		sig_atomic_t before = si.signals;

		si.ioctls++;
		igt_assert(timer_settime(si.timer, 0, &its, NULL) == 0);
		err = ioctl(fd, request, arg) ? errno : 0;
		if (si.signals == before)
			si.miss++;
		if (err == EINTR) {
			si.hit++;
			ts_double(&its.it_value);
		}
	} while (err == EINTR || err == EAGAIN);
	timer_settime(si.timer, 0, &off, NULL);
	errno = err;
	return err ? -1 : 0;
}

#define sig_do_ioctl(req, arg)                                                \
	do {                                                                  \
		if (sig_ioctl(req, arg))                                      \
			igt_fail("%s failed (errno %d: %s)", #req, errno,     \
				 strerror(errno));                            \
	} while (0)

/* ------------------------------------------------------------- the test */

static void commit_or_die(struct areq *a)
{
	int ret = areq_commit(a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);

	igt_assert_f(ret == 0, "atomic commit: %s", strerror(-ret));
}

/*
 * The blocking child: plane on with fb2 and an in-fence of the timeline
 * (the output off as well for the modesets), committed as IGT's
 * igt_display_commit2() does, which must succeed once the fence signals.
 */
static pid_t block_plane(const struct output *o, enum test_type type, uint32_t plane,
			 const struct kfb *fb2, int timeline)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		struct areq a;
		int fence = sw_sync_fence_create(timeline, 1);

		areq_init(&a, fd);
		if (type == LEGACY_MODESET || type == ATOMIC_MODESET) {
			areq_add(&a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
			areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
			areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
		}
		areq_plane(&a, plane, o->crtc_id, fb2, 0, 0);
		areq_add(&a, plane, DRM_MODE_OBJECT_PLANE, "IN_FENCE_FD", fence);
		commit_or_die(&a);
		areq_free(&a);
		fflush(stdout);
		_exit(0);
	}
	return pid;
}

/* Signals the fence after 5 s, a sleep nothing may cut short. */
static pid_t unblock_later(int timeline)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		igt_assert_f(sleep(5) == 0, "the unblocking child's sleep was interrupted");
		sw_sync_timeline_inc(timeline, 1);
		close(timeline);
		fflush(stdout);
		_exit(0);
	}
	return pid;
}

static void wait_child(pid_t pid, const char *what)
{
	int status;

	igt_assert(waitpid(pid, &status, 0) == pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s failed (status %#x)",
		     what, status);
}

/*
 * The property ids the ioctls use, looked up before the display's locks
 * are held: a property query waits for them uninterruptibly (IGT has
 * them from its display setup).
 */
static struct {
	uint32_t mode_id, active, conn_crtc_id, dpms;
	uint32_t crtc_id, fb_id, src_w, src_h, crtc_w, crtc_h;
} pid;

static uint32_t must_prop(uint32_t obj, uint32_t type, const char *name)
{
	uint32_t id = prop_id(fd, obj, type, name);

	igt_assert_f(id, "object %u has no property %s", obj, name);
	return id;
}

static void lookup_props(const struct output *o, uint32_t plane)
{
	const uint32_t p = DRM_MODE_OBJECT_PLANE;

	pid.mode_id = must_prop(o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	pid.active = must_prop(o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE");
	pid.conn_crtc_id = must_prop(o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID");
	pid.dpms = must_prop(o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "DPMS");
	pid.crtc_id = must_prop(plane, p, "CRTC_ID");
	pid.fb_id = must_prop(plane, p, "FB_ID");
	pid.src_w = must_prop(plane, p, "SRC_W");
	pid.src_h = must_prop(plane, p, "SRC_H");
	pid.crtc_w = must_prop(plane, p, "CRTC_W");
	pid.crtc_h = must_prop(plane, p, "CRTC_H");
}

/* One pass of the interrupted ioctl. */
static void body(enum test_type type, const struct output *o, uint32_t plane,
		 const struct kfb *fb2)
{
	switch (type) {
	case LEGACY_MODESET: {
		uint32_t conn = o->conn_id;
		struct drm_mode_crtc crtc = {
			.set_connectors_ptr = (uintptr_t)&conn,
			.count_connectors = 1,
			.crtc_id = o->crtc_id,
			.fb_id = fb2->id,
			.mode_valid = 1,
		};

		memcpy(&crtc.mode, &o->mode, sizeof(crtc.mode));
		sig_do_ioctl(DRM_IOCTL_MODE_SETCRTC, &crtc);
		break;
	}
	case ATOMIC_MODESET: {
		uint32_t objs[3] = { o->crtc_id, o->conn_id, plane };
		uint32_t count_props[3] = { 2, 1, 6 };
		uint32_t props[9] = {
			pid.mode_id, pid.active, pid.conn_crtc_id, pid.crtc_id, pid.fb_id,
			pid.src_w, pid.src_h, pid.crtc_w, pid.crtc_h,
		};
		uint64_t values[9] = {
			0, 1, o->crtc_id, o->crtc_id, fb2->id,
			(uint64_t)fb2->width << 16, (uint64_t)fb2->height << 16,
			fb2->width, fb2->height,
		};
		struct drm_mode_atomic atomic = {
			.flags = DRM_MODE_ATOMIC_ALLOW_MODESET,
			.count_objs = 3,
			.objs_ptr = (uintptr_t)objs,
			.count_props_ptr = (uintptr_t)count_props,
			.props_ptr = (uintptr_t)props,
			.prop_values_ptr = (uintptr_t)values,
		};
		uint32_t blob = mode_blob(fd, &o->mode);

		values[0] = blob;
		sig_do_ioctl(DRM_IOCTL_MODE_ATOMIC, &atomic);
		do_or_die(drmModeDestroyPropertyBlob(fd, blob));
		break;
	}
	case LEGACY_DPMS: {
		struct drm_mode_connector_set_property p = {
			.value = DRM_MODE_DPMS_OFF,
			.prop_id = pid.dpms,
			.connector_id = o->conn_id,
		};

		sig_do_ioctl(DRM_IOCTL_MODE_SETPROPERTY, &p);
		break;
	}
	case SETCURSOR: {
		struct drm_mode_cursor cur = {
			.flags = DRM_MODE_CURSOR_BO,
			.crtc_id = o->crtc_id,
			.width = fb2->width,
			.height = fb2->height,
			.handle = fb2->handle,
		};

		sig_do_ioctl(DRM_IOCTL_MODE_CURSOR, &cur);
		break;
	}
	case SETPLANE: {
		struct drm_mode_set_plane sp = {
			.plane_id = plane,
			.crtc_id = o->crtc_id,
			.fb_id = fb2->id,
			.crtc_w = fb2->width,
			.crtc_h = fb2->height,
			.src_w = fb2->width << 16,
			.src_h = fb2->height << 16,
		};

		sig_do_ioctl(DRM_IOCTL_MODE_SETPLANE, &sp);
		break;
	}
	case PAGEFLIP: {
		struct drm_mode_crtc_page_flip flip = {
			.crtc_id = o->crtc_id,
			.fb_id = fb2->id,
			.flags = DRM_MODE_PAGE_FLIP_EVENT,
		};
		char ev[1024];

		sig_do_ioctl(DRM_IOCTL_MODE_PAGE_FLIP, &flip);
		/* IGT's drmHandleEvent() blocks until the event is there */
		igt_assert_f(read_event(fd, ev, sizeof(ev), 60000) > 0,
			     "no event for the page flip");
		break;
	}
	}
}

static void run_plane_test(enum test_type type, uint32_t plane_type)
{
	struct output o;
	struct kfb fb, fb2;
	struct areq a;
	uint32_t plane;
	int timeline, pass;
	pid_t blocker, unblocker;

	igt_require_f(kms_valid_outputs(&k, &o, 1) == 1, "no valid pipe and output");
	igt_info("Using (pipe %c + %s) to run the subtest.", 'A' + o.pipe, o.name);

	/* start with everything off, so that the modesets are real ones */
	kms_reset_display(&k);

	plane = plane_type == DRM_PLANE_TYPE_CURSOR ? o.cursor : o.primary;
	igt_require_f(plane, "pipe %c has no plane of type %u", 'A' + o.pipe, plane_type);
	kfb_create(fd, o.mode.hdisplay, o.mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	if (plane_type == DRM_PLANE_TYPE_CURSOR)
		kfb_create(fd, 64, 64, DRM_FORMAT_ARGB8888, &fb2);
	else
		kfb_create(fd, o.mode.hdisplay, o.mode.vdisplay, DRM_FORMAT_XRGB8888, &fb2);

	if (type != LEGACY_MODESET && type != ATOMIC_MODESET)
		output_on(&k, &o, &fb);
	lookup_props(&o, plane);

	timeline = sw_sync_timeline_create();
	blocker = block_plane(&o, type, plane, &fb2, timeline);
	/* time for the child's commit to block */
	sleep(1);
	unblocker = unblock_later(timeline);

	sig_start();
	for (pass = 0;; pass++) {
		si.hit = si.miss = si.ioctls = 0;
		body(type, &o, plane, &fb2);
		igt_info("pass %d: %ld ioctls, %ld interrupted, %ld missed", pass, si.ioctls,
			 si.hit, si.miss);
		/* again with a longer delay while the signals still hit */
		if (!si.hit || si.miss == si.ioctls)
			break;
		ts_double(&si.delay);
	}
	sig_stop();

	wait_child(blocker, "the blocking commit");
	wait_child(unblocker, "the unblocking child");

	/* everything off again */
	areq_init(&a, fd);
	areq_plane_off(&a, plane);
	areq_output_off(&a, &o);
	commit_or_die(&a);
	areq_free(&a);
	kfb_remove(&fb);
	close(timeline);
}

static void legacy_setmode(void)
{
	run_plane_test(LEGACY_MODESET, DRM_PLANE_TYPE_PRIMARY);
}

static void atomic_setmode(void)
{
	run_plane_test(ATOMIC_MODESET, DRM_PLANE_TYPE_PRIMARY);
}

static void legacy_dpms(void)
{
	run_plane_test(LEGACY_DPMS, DRM_PLANE_TYPE_PRIMARY);
}

static void legacy_pageflip(void)
{
	run_plane_test(PAGEFLIP, DRM_PLANE_TYPE_PRIMARY);
}

static void legacy_cursor(void)
{
	run_plane_test(SETCURSOR, DRM_PLANE_TYPE_CURSOR);
}

static void universal_setplane_primary(void)
{
	run_plane_test(SETPLANE, DRM_PLANE_TYPE_PRIMARY);
}

static void universal_setplane_cursor(void)
{
	run_plane_test(SETPLANE, DRM_PLANE_TYPE_CURSOR);
}

IGT_MAIN(setup,
	{ "legacy-setmode", legacy_setmode },
	{ "atomic-setmode", atomic_setmode },
	{ "legacy-dpms", legacy_dpms },
	{ "legacy-pageflip", legacy_pageflip },
	{ "legacy-cursor", legacy_cursor },
	{ "universal-setplane-primary", universal_setplane_primary },
	{ "universal-setplane-cursor", universal_setplane_cursor },
)
