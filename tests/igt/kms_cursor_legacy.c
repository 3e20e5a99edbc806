// SPDX-License-Identifier: MIT
/*
 * kms_cursor_legacy: the legacy cursor ioctl (DRM_IOCTL_MODE_CURSOR)
 * hammered from one process or several, alone and against nonblocking
 * page flips and modesets, on one CRTC or two. A cursor move must never
 * wait for a pending flip or a vblank, a flip must not be delayed by
 * cursor updates, and a cursor update right after a nonblocking modeset
 * must wait for that modeset, whose event is not there when the modeset
 * ioctl returns. Also the cursor plane's hotspot properties of a virtual
 * driver.
 *
 * Subtests, their order, loop counts, durations and assertions are
 * IGT's. "2x-" and "cursorB"/"flipB" subtests need two outputs;
 * varying-size needs a cursor larger than 64x64, atomic-transitions an
 * overlay plane, the busy subtests an Intel GPU and the crc subtests
 * pipe CRCs: a device without them skips them, as IGT does. A subtest
 * that IGT runs per pipe (single-bo and the like) is one result here
 * that runs every pipe and then all pipes together.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kms.h"

#define PAGE_SIZE 4096

static int fd;
static struct kms k;
static int ncpus;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus < 1)
		ncpus = 1;
}

/* ------------------------------------------------------------- helpers */

/* igt_set_timeout(): the subtest fails when the operation takes longer. */
static const char *timeout_what;

static void on_alarm(int sig)
{
	(void)sig;
	igt_fail("Timed out: %s", timeout_what);
}

static void set_timeout(unsigned int seconds, const char *what)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	timeout_what = what;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

static void reset_timeout(void)
{
	alarm(0);
}

/* igt_fork() and igt_waitchildren(): a child that fails fails the test. */
static pid_t children[64];
static int nchildren;

static bool fork_child(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		/* a parent that failed takes its children with it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		nchildren = 0;
		return true;
	}
	igt_assert(nchildren < (int)(sizeof(children) / sizeof(children[0])));
	children[nchildren++] = pid;
	return false;
}

static void child_exit(void)
{
	fflush(stdout);
	_exit(0);
}

static void wait_children(void)
{
	int i, status, failed = 0;

	for (i = 0; i < nchildren; i++) {
		igt_assert(waitpid(children[i], &status, 0) == children[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	nchildren = 0;
	igt_assert_f(!failed, "%d child process(es) failed", failed);
}

static void *shared_page(void)
{
	void *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	memset(p, 0, PAGE_SIZE);
	return p;
}

/*
 * Atomic requests with property ids looked up once, as IGT keeps them:
 * a lookup costs a dozen ioctls, and a flip must be queued well within
 * a frame.
 */
static struct {
	uint32_t obj, id;
	const char *name;
} prop_cache[256];
static int prop_cached;

static uint32_t cached_prop_id(uint32_t obj, uint32_t type, const char *name)
{
	uint32_t id;
	int i;

	for (i = 0; i < prop_cached; i++)
		if (prop_cache[i].obj == obj && !strcmp(prop_cache[i].name, name))
			return prop_cache[i].id;
	id = prop_id(fd, obj, type, name);
	igt_assert_f(id, "object %u has no property %s", obj, name);
	if (prop_cached < (int)(sizeof(prop_cache) / sizeof(prop_cache[0]))) {
		prop_cache[prop_cached].obj = obj;
		prop_cache[prop_cached].name = name;
		prop_cache[prop_cached++].id = id;
	}
	return id;
}

static void padd(struct areq *a, uint32_t obj, uint32_t type, const char *name, uint64_t v)
{
	areq_add_id(a, obj, cached_prop_id(obj, type, name), v);
}

static void pplane(struct areq *a, uint32_t plane, uint32_t crtc, const struct kfb *fb,
		   int x, int y)
{
	const uint32_t t = DRM_MODE_OBJECT_PLANE;

	padd(a, plane, t, "FB_ID", fb->id);
	padd(a, plane, t, "CRTC_ID", crtc);
	padd(a, plane, t, "SRC_X", 0);
	padd(a, plane, t, "SRC_Y", 0);
	padd(a, plane, t, "SRC_W", (uint64_t)fb->width << 16);
	padd(a, plane, t, "SRC_H", (uint64_t)fb->height << 16);
	padd(a, plane, t, "CRTC_X", (uint64_t)(int64_t)x);
	padd(a, plane, t, "CRTC_Y", (uint64_t)(int64_t)y);
	padd(a, plane, t, "CRTC_W", fb->width);
	padd(a, plane, t, "CRTC_H", fb->height);
}

/* as IGT: a plane without fb has a zero-sized rectangle too */
static void pplane_off(struct areq *a, uint32_t plane)
{
	static const char *const names[] = {
		"FB_ID", "CRTC_ID", "SRC_X", "SRC_Y", "SRC_W", "SRC_H",
		"CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		padd(a, plane, DRM_MODE_OBJECT_PLANE, names[i], 0);
}

static void poutput_off(struct areq *a, const struct output *o)
{
	padd(a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
	padd(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
	padd(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
	pplane_off(a, o->primary);
}

/* kmstest_get_vblank(): the CRTC's vblank counter, 0 on error */
static unsigned int get_vblank(int pipe, unsigned int flags)
{
	union drm_wait_vblank v = {
		.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | vbl_pipe_flag(pipe) | flags),
	};

	if (vgh_ioctl(fd, DRM_IOCTL_WAIT_VBLANK, &v))
		return 0;
	return v.reply.sequence;
}

static void cursor_ioctl(struct drm_mode_cursor *arg)
{
	do_ioctl(fd, DRM_IOCTL_MODE_CURSOR, arg);
}

static bool has_overlay(int pipe)
{
	return kms_plane_on_pipe(&k, pipe, DRM_PLANE_TYPE_OVERLAY, 0) != 0;
}

/*
 * find_connected_pipe(): the first, or with @second the second, pipe
 * with a connected output, each output driving one pipe.
 */
static void find_output(bool second, struct output *o)
{
	struct output outs[MAX_CRTCS];
	int n = kms_single_outputs(&k, outs, MAX_CRTCS);

	if (second)
		igt_require_f(n >= 2, "No second valid output found");
	else
		igt_require_f(n >= 1, "No valid outputs found");
	*o = outs[second ? 1 : 0];
}

/*
 * The first commit after igt_display_reset(): every connector, CRTC and
 * plane written, the @n outputs on with their primary framebuffers (none
 * with a NULL fb) and cursors, everything else off.
 */
struct pipe_setup {
	const struct output *o;
	bool on;
	const struct kfb *fb, *cursor;
};

static int commit_setup(const struct pipe_setup *ps, int n, uint32_t flags, bool try)
{
	struct areq a;
	int i, j, ret;

	areq_init(&a, fd);
	for (i = 0; i < k.n_conns; i++) {
		uint32_t crtc = 0;

		for (j = 0; j < n; j++)
			if (ps[j].on && ps[j].o->conn_id == k.conns[i]->connector_id)
				crtc = ps[j].o->crtc_id;
		padd(&a, k.conns[i]->connector_id, DRM_MODE_OBJECT_CONNECTOR,
			 "CRTC_ID", crtc);
	}
	for (i = 0; i < k.n_crtcs; i++) {
		const struct output *on = NULL;

		for (j = 0; j < n; j++)
			if (ps[j].on && ps[j].o->crtc_id == k.crtcs[i])
				on = ps[j].o;
		padd(&a, k.crtcs[i], DRM_MODE_OBJECT_CRTC, "MODE_ID",
			 on ? mode_blob(fd, &on->mode) : 0);
		padd(&a, k.crtcs[i], DRM_MODE_OBJECT_CRTC, "ACTIVE", !!on);
	}
	for (i = 0; i < k.n_planes; i++) {
		uint32_t id = k.planes[i].id;
		bool set = false;

		for (j = 0; j < n && !set; j++) {
			if (id == ps[j].o->primary && ps[j].fb) {
				pplane(&a, id, ps[j].o->crtc_id, ps[j].fb, 0, 0);
				set = true;
			} else if (id == ps[j].o->cursor && ps[j].cursor) {
				pplane(&a, id, ps[j].o->crtc_id, ps[j].cursor, 0, 0);
				set = true;
			}
		}
		if (!set)
			pplane_off(&a, id);
	}
	ret = areq_commit(&a, flags | DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	areq_free(&a);
	if (!try)
		igt_assert_f(ret == 0, "display commit: %s", strerror(-ret));
	return ret;
}

/* The end of a subtest: the outputs and their planes off. */
static void commit_off(const struct output *o, int n)
{
	struct areq a;
	int i;

	areq_init(&a, fd);
	for (i = 0; i < n; i++) {
		poutput_off(&a, &o[i]);
		if (o[i].cursor)
			pplane_off(&a, o[i].cursor);
	}
	do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	areq_free(&a);
}

/* set_fb_on_crtc(): a pattern framebuffer of the output's mode */
static void create_primary_fb(const struct output *o, struct kfb *fb)
{
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, fb);
}

static void create_cursor_fb(struct kfb *fb)
{
	kfb_create_color(fd, 64, 64, DRM_FORMAT_ARGB8888, 0xffffff, fb);
}

static void populate_cursor_args(const struct output *o, struct drm_mode_cursor *arg,
				 const struct kfb *fb)
{
	memset(arg, 0, sizeof(*arg));
	arg->crtc_id = o->crtc_id;
	arg->flags = DRM_MODE_CURSOR_MOVE;
	arg->x = 128;
	arg->y = 128;
	arg->width = fb->width;
	arg->height = fb->height;
	arg->handle = fb->handle;
	arg[1] = arg[0];
}

static void flip_nonblocking(const struct output *o, bool atomic, const struct kfb *fb,
			     void *data)
{
	int ret;

	set_timeout(5, "Scheduling page flip");
	if (!atomic) {
		/* Schedule a nonblocking flip for the next vblank */
		do {
			ret = drmModePageFlip(fd, o->crtc_id, fb->id,
					      DRM_MODE_PAGE_FLIP_EVENT, data);
		} while (ret == -EBUSY);
	} else {
		struct areq a;

		areq_init(&a, fd);
		pplane(&a, o->primary, o->crtc_id, fb, 0, 0);
		do {
			ret = areq_commit(&a, DRM_MODE_ATOMIC_NONBLOCK |
					  DRM_MODE_PAGE_FLIP_EVENT, data);
		} while (ret == -EBUSY);
		areq_free(&a);
	}
	igt_assert_f(!ret, "page flip on pipe %d: %s", o->pipe, strerror(-ret));
	reset_timeout();
}

/* The page flip's event, which must come within a second. */
static void read_flip_event(void)
{
	struct drm_event_vblank vbl;
	ssize_t n;

	set_timeout(1, "Stuck page flip");
	n = read(fd, &vbl, sizeof(vbl));
	(void)n;
	reset_timeout();
}

enum flip_test {
	flip_test_legacy = 0,
	flip_test_varying_size,
	flip_test_toggle_visibility,
	flip_test_atomic,
	flip_test_atomic_transitions,
	flip_test_atomic_transitions_varying_size,
	flip_test_last = flip_test_atomic_transitions_varying_size
};

/* Only Intel display 9+ takes a slow path for cursor moves; we are not Intel. */
static bool cursor_slowpath(enum flip_test mode)
{
	/* cursor moving doesn't take slowpath, everything else does. */
	return !(mode == flip_test_legacy || mode == flip_test_atomic);
}

static bool mode_requires_extra_vblank(enum flip_test mode)
{
	return mode == flip_test_atomic_transitions ||
	       mode == flip_test_atomic_transitions_varying_size;
}

/*
 * Alternate between the primary plane and a full screen overlay (only
 * with an overlay plane, which atomic-transitions requires).
 */
static void transition_nonblocking(const struct output *o, const struct kfb *prim_fb,
				   const struct kfb *argb_fb, bool hide_sprite)
{
	uint32_t sprite = kms_plane_on_pipe(&k, o->pipe, DRM_PLANE_TYPE_OVERLAY, 0);
	uint32_t flags = DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_PAGE_FLIP_EVENT;
	struct areq a;
	int ret;

	areq_init(&a, fd);
	if (hide_sprite) {
		pplane(&a, o->primary, o->crtc_id, prim_fb, 0, 0);
		pplane_off(&a, sprite);
	} else {
		pplane_off(&a, o->primary);
		pplane(&a, sprite, o->crtc_id, argb_fb, 0, 0);
		ret = areq_commit(&a, flags, NULL);
		areq_free(&a);
		if (!ret)
			return;
		igt_assert_eq(ret, -EINVAL);
		areq_init(&a, fd);
		pplane(&a, o->primary, o->crtc_id, prim_fb, 0, 0);
		pplane(&a, sprite, o->crtc_id, prim_fb, 0, 0);
	}
	do_or_die(areq_commit(&a, flags, NULL));
	areq_free(&a);
}

static void flip_or_transition(const struct output *o, enum flip_test mode,
			       const struct kfb *fb, const struct kfb *argb_fb, bool hide)
{
	switch (mode) {
	default:
		flip_nonblocking(o, mode >= flip_test_atomic, fb, NULL);
		break;
	case flip_test_atomic_transitions:
	case flip_test_atomic_transitions_varying_size:
		transition_nonblocking(o, fb, argb_fb, hide);
		break;
	}
}

static void prepare_flip_test(enum flip_test mode, const struct output *flip_o,
			      struct drm_mode_cursor *arg, const struct kfb *prim_fb,
			      struct kfb *argb_fb, struct kfb *cursor_fb2)
{
	memset(argb_fb, 0, sizeof(*argb_fb));
	memset(cursor_fb2, 0, sizeof(*cursor_fb2));

	if (mode == flip_test_varying_size ||
	    mode == flip_test_atomic_transitions_varying_size) {
		uint64_t width, height;

		do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_WIDTH, &width));
		do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_HEIGHT, &height));
		igt_require_f(!(width <= 64 && height <= 64),
			      "the cursor is at most %llux%llu, no larger than 64x64",
			      (unsigned long long)width, (unsigned long long)height);
		kfb_create_color(fd, width, height, DRM_FORMAT_ARGB8888, 0xff00b3,
				 cursor_fb2);
		arg[0].flags = arg[1].flags = DRM_MODE_CURSOR_BO;
		arg[1].handle = cursor_fb2->handle;
		arg[1].width = width;
		arg[1].height = height;
	}
	if (mode == flip_test_legacy || mode == flip_test_atomic) {
		arg[1].x = 192;
		arg[1].y = 192;
	}
	if (mode == flip_test_toggle_visibility) {
		arg[0].flags = arg[1].flags = DRM_MODE_CURSOR_BO;
		arg[1].handle = 0;
		arg[1].width = arg[1].height = 0;
	}
	if (mode == flip_test_atomic_transitions ||
	    mode == flip_test_atomic_transitions_varying_size) {
		igt_require_f(has_overlay(flip_o->pipe), "no overlay plane on pipe %d",
			      flip_o->pipe);
		kfb_create_color(fd, prim_fb->width, prim_fb->height, DRM_FORMAT_ARGB8888,
				 0x1a1a1a, argb_fb);
	}
}

static void remove_extra_fbs(struct kfb *argb_fb, struct kfb *cursor_fb2)
{
	if (argb_fb->handle)
		kfb_remove(argb_fb);
	if (cursor_fb2->handle)
		kfb_remove(cursor_fb2);
}

/* ------------------------------------------------------------- stress */

/*
 * Cursor ioctls on one pipe (@pipe >= 0) or on all, from @num_children
 * processes (negative: as many CPU hogs beside them) for @timeout s.
 */
static void stress(int pipe, int num_children, unsigned int mode, int timeout)
{
	uint32_t crtc_id[MAX_CRTCS] = { 0 };
	struct drm_mode_cursor arg;
	uint64_t *results;
	int n, num_crtcs;
	bool torture = false;

	if (num_children < 0) {
		torture = true;
		num_children = -num_children;
	}
	results = shared_page();
	memset(&arg, 0, sizeof(arg));
	arg.flags = DRM_MODE_CURSOR_BO;
	arg.width = 64;
	arg.height = 64;
	arg.handle = dumb_create(fd, 64, 64, 32, NULL, NULL);

	if (pipe < 0) {
		num_crtcs = k.n_crtcs;
		for (n = 0; n < k.n_crtcs; n++) {
			arg.crtc_id = crtc_id[n] = k.crtcs[n];
			cursor_ioctl(&arg);
		}
	} else {
		num_crtcs = 1;
		arg.crtc_id = crtc_id[0] = k.crtcs[pipe];
		cursor_ioctl(&arg);
	}

	arg.flags = mode;
	for (n = 0; n < num_children; n++) {
		if (fork_child()) {
			struct sched_param rt = { .sched_priority = 99 };
			unsigned int seed = n;
			unsigned long count = 0;
			cpu_set_t allowed;
			double end;

			sched_setscheduler(getpid(), SCHED_RR, &rt);
			CPU_ZERO(&allowed);
			CPU_SET(n, &allowed);
			sched_setaffinity(getpid(), sizeof(allowed), &allowed);
			for (end = igt_now() + timeout; igt_now() <= end; count++) {
				arg.crtc_id = crtc_id[rand_r(&seed) % num_crtcs];
				if (arg.crtc_id)
					cursor_ioctl(&arg);
			}
			results[n] = count;
			child_exit();
		}
	}
	if (torture) {
		for (n = 0; n < num_children; n++) {
			if (fork_child()) {
				struct sched_param rt = { .sched_priority = 1 };
				volatile unsigned long long count = 0;
				cpu_set_t allowed;
				double end;

				sched_setscheduler(getpid(), SCHED_RR, &rt);
				CPU_ZERO(&allowed);
				CPU_SET(n, &allowed);
				sched_setaffinity(getpid(), sizeof(allowed), &allowed);
				for (end = igt_now() + timeout; igt_now() <= end; )
					count++;
				child_exit();
			}
		}
	}
	wait_children();

	results[num_children] = 0;
	for (n = 0; n < num_children; n++)
		results[num_children] += results[n];
	igt_info("Total updates %llu (%d processes)",
		 (unsigned long long)results[num_children], num_children);

	gem_close(fd, arg.handle);
	munmap(results, PAGE_SIZE);
}

/* every pipe, then all pipes together, as IGT's dynamic subtests */
static void stress_all(int num_children, unsigned int mode)
{
	int pipe;

	for (pipe = 0; pipe < k.n_crtcs; pipe++) {
		igt_info("pipe-%c", 'A' + pipe);
		stress(pipe, num_children, mode, 5);
	}
	igt_info("all-pipes");
	stress(-1, num_children, mode, 5);
}

static void single_bo(void) { stress_all(1, DRM_MODE_CURSOR_BO); }
static void single_move(void) { stress_all(1, DRM_MODE_CURSOR_MOVE); }
static void forked_bo(void) { stress_all(ncpus, DRM_MODE_CURSOR_BO); }
static void forked_move(void) { stress_all(ncpus, DRM_MODE_CURSOR_MOVE); }
static void torture_bo(void) { stress_all(-ncpus, DRM_MODE_CURSOR_BO); }
static void torture_move(void) { stress_all(-ncpus, DRM_MODE_CURSOR_MOVE); }

/* ----------------------------------------------- modeset vs cursor */

static void nonblocking_modeset_vs_cursor(int loops)
{
	const uint32_t flags = DRM_MODE_ATOMIC_ALLOW_MODESET | DRM_MODE_ATOMIC_NONBLOCK |
			       DRM_MODE_PAGE_FLIP_EVENT;
	struct drm_mode_cursor arg[2];
	struct kfb fb, cursor_fb;
	struct pipe_setup ps;
	struct output o;
	struct areq a;

	igt_require(k.atomic);
	kms_require_output(&k);
	find_output(false, &o);
	igt_info("Using pipe %c & %s", 'A' + o.pipe, o.name);
	igt_require_f(o.cursor, "no cursor plane on pipe %d", o.pipe);

	create_primary_fb(&o, &fb);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o, arg, &cursor_fb);
	arg[0].flags |= DRM_MODE_CURSOR_BO;

	/*
	 * Start disabled, with the framebuffers on the planes of the
	 * disabled CRTC.
	 */
	ps = (struct pipe_setup){ .o = &o, .on = false, .fb = &fb, .cursor = &cursor_fb };
	commit_setup(&ps, 1, 0, false);

	while (loops--) {
		struct pollfd pfd = { fd, POLLIN, 0 };

		/*
		 * A cursor update after a nonblocking modeset waits for the
		 * modeset to complete.
		 */
		areq_init(&a, fd);
		padd(&a, o.conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", o.crtc_id);
		padd(&a, o.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", mode_blob(fd, &o.mode));
		padd(&a, o.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 1);
		pplane_off(&a, o.cursor);
		do_or_die(areq_commit(&a, flags, NULL));
		areq_free(&a);

		igt_assert_eq(0, poll(&pfd, 1, 0));
		igt_assert_eq(0, pfd.revents);

		cursor_ioctl(&arg[0]);

		igt_assert_eq(1, poll(&pfd, 1, 0));
		igt_assert_eq(POLLIN, pfd.revents);

		read_flip_event();

		areq_init(&a, fd);
		padd(&a, o.conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
		padd(&a, o.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
		padd(&a, o.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
		do_or_die(areq_commit(&a, flags, NULL));
		areq_free(&a);

		igt_assert_eq(0, poll(&pfd, 1, 0));
		igt_assert_eq(0, pfd.revents);

		/* Same for cursor on disabled crtc. */
		cursor_ioctl(&arg[0]);

		igt_assert_eq(1, poll(&pfd, 1, 0));
		igt_assert_eq(POLLIN, pfd.revents);

		read_flip_event();
	}

	commit_off(&o, 1);
	kfb_remove(&fb);
	kfb_remove(&cursor_fb);
}

static void nonblocking_modeset(void) { nonblocking_modeset_vs_cursor(1); }
static void long_nonblocking_modeset(void) { nonblocking_modeset_vs_cursor(16); }

/* ------------------------------------------------------------ hotspot */

static void modeset_atomic_cursor_hotspot(void)
{
	uint64_t init_hot_x, init_hot_y, v;
	const int cursor_w = 64, cursor_h = 64;
	struct pipe_setup ps;
	struct kfb cursor_fb;
	struct output o;
	struct areq a;
	int i;

	igt_require(k.atomic);
	igt_require_f(drmSetClientCap(fd, CLIENT_CAP_CURSOR_PLANE_HOTSPOT, 1) == 0,
		      "the driver has no virtual cursor plane (DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT)");
	kms_require_output(&k);
	find_output(false, &o);
	igt_info("Using pipe %c & %s", 'A' + o.pipe, o.name);
	igt_require_f(o.cursor, "no cursor plane on pipe %d", o.pipe);

	create_cursor_fb(&cursor_fb);
	/* everything off */
	ps = (struct pipe_setup){ .o = &o, .on = false };
	commit_setup(&ps, 1, 0, false);

	igt_require_f(prop_get(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X", &v) ||
		      prop_get(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_Y", &v),
		      "Cursor plane lacks the hotspot property");
	init_hot_x = prop_value(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X");
	init_hot_y = prop_value(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_Y");

	/* Random hotspots; after each commit the properties read them back. */
	srand(time(NULL));
	for (i = 0; i < 20; i++) {
		uint32_t hot_x = rand() % cursor_w, hot_y = rand() % cursor_h;

		areq_init(&a, fd);
		if (i == 0)	/* the cursor goes on with the first commit */
			pplane(&a, o.cursor, o.crtc_id, &cursor_fb, 0, 0);
		padd(&a, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X", hot_x);
		padd(&a, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_Y", hot_y);
		do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
		areq_free(&a);

		igt_assert_eq(prop_value(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X"), hot_x);
		igt_assert_eq(prop_value(fd, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_Y"), hot_y);
	}

	areq_init(&a, fd);
	padd(&a, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_X", init_hot_x);
	padd(&a, o.cursor, DRM_MODE_OBJECT_PLANE, "HOTSPOT_Y", init_hot_y);
	pplane_off(&a, o.cursor);
	padd(&a, o.conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
	do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	areq_free(&a);
	kfb_remove(&cursor_fb);
}

/* --------------------------------------------------------- two screens */

/* Both outputs on, with a TEST_ONLY commit first (try_commit()). */
static void setup_two(const struct output *o, const struct kfb *fb, const struct kfb *cursor)
{
	struct pipe_setup ps[2] = {
		{ .o = &o[0], .on = true, .fb = &fb[0], .cursor = cursor },
		{ .o = &o[1], .on = true, .fb = &fb[1], .cursor = cursor },
	};

	igt_require_f(commit_setup(ps, 2, DRM_MODE_ATOMIC_TEST_ONLY, true) == 0,
		      "No valid mode combo found.");
	commit_setup(ps, 2, 0, false);
}

/*
 * wait_for_modeset(): a commit of what is pending, retried while busy,
 * within @timeout s: a flip of @flip's primary plane to @fb (with @fb),
 * a modeset of @o that turns it @on (with @o), or both.
 */
static void wait_for_modeset(const struct output *flip, const struct kfb *fb,
			     const struct output *o, bool on, uint32_t flags,
			     unsigned int timeout, const char *what)
{
	struct areq a;
	int ret;

	set_timeout(timeout, what);
	do {
		areq_init(&a, fd);
		if (fb)
			pplane(&a, flip->primary, flip->crtc_id, fb, 0, 0);
		if (o) {
			padd(&a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID",
				 on ? o->crtc_id : 0);
			padd(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID",
				 on ? mode_blob(fd, &o->mode) : 0);
			padd(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", on);
		}
		ret = areq_commit(&a, flags, NULL);
		areq_free(&a);
	} while (ret == -EBUSY);
	igt_assert_f(!ret, "%s: %s", what, strerror(-ret));
	reset_timeout();
}

static void two_screens_flip_vs_cursor(int nloops, bool modeset, bool atomic)
{
	const uint32_t mflags = DRM_MODE_ATOMIC_ALLOW_MODESET | DRM_MODE_ATOMIC_NONBLOCK |
				DRM_MODE_PAGE_FLIP_EVENT;
	struct drm_mode_cursor arg1[2], arg2[2];
	struct kfb fb[2], cursor_fb;
	volatile unsigned long *shared;
	struct drm_event_vblank vbl;
	unsigned int vblank_start;
	struct output o[2];
	bool enabled = false;
	int child, ret;

	if (modeset) {
		uint64_t val;

		igt_assert(atomic);
		igt_require(drmGetCap(fd, DRM_CAP_CRTC_IN_VBLANK_EVENT, &val) == 0);
	}
	if (atomic)
		igt_require(k.atomic);
	kms_require_output(&k);
	shared = shared_page();

	find_output(false, &o[0]);
	find_output(true, &o[1]);
	igt_info("Using pipe %c & %s and pipe %c & %s", 'A' + o[0].pipe, o[0].name,
		 'A' + o[1].pipe, o[1].name);
	igt_require_f(o[0].cursor && o[1].cursor, "no cursor plane");

	create_primary_fb(&o[0], &fb[0]);
	create_primary_fb(&o[1], &fb[1]);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o[0], arg1, &cursor_fb);
	arg1[1].x = arg1[1].y = 192;
	populate_cursor_args(&o[1], arg2, &cursor_fb);
	arg2[1].x = arg2[1].y = 192;
	setup_two(o, fb, &cursor_fb);

	for (child = 0; child < 2; child++) {
		if (fork_child()) {
			struct drm_mode_cursor *arg = child ? arg2 : arg1;

			while (!shared[0])
				cursor_ioctl(&arg[!shared[1]]);
			child_exit();
		}
	}

	if (modeset) {
		/* Disable pipe2 */
		{
			struct areq a;

			areq_init(&a, fd);
			padd(&a, o[1].conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
			padd(&a, o[1].crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
			padd(&a, o[1].crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
			do_or_die(areq_commit(&a, mflags, NULL));
			areq_free(&a);
		}
		enabled = false;

		/*
		 * Try a page flip on crtc 1, if we succeed pump page flips and
		 * modesets interleaved, else do a single atomic commit with both.
		 */
		vblank_start = get_vblank(o[0].pipe, _DRM_VBLANK_NEXTONMISS);
		{
			struct areq a;

			areq_init(&a, fd);
			pplane(&a, o[0].primary, o[0].crtc_id, &fb[0], 0, 0);
			ret = areq_commit(&a, mflags, (void *)(uintptr_t)vblank_start);
			areq_free(&a);
		}
		igt_assert(!ret || ret == -EBUSY);

		if (ret == -EBUSY) {
			/* Force completion on both pipes, and generate event. */
			wait_for_modeset(&o[0], &fb[0], NULL, false, mflags, 5,
					 "Stuck with -EBUSY");
			while (nloops--) {
				shared[1] = nloops & 1;

				set_timeout(35, "Stuck modeset");
				igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
				igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
				reset_timeout();
				if (!nloops)
					break;

				/* Commit page flip and modeset simultaneously. */
				wait_for_modeset(&o[0], &fb[0], &o[1], !enabled, mflags, 5,
						 "Scheduling modeset");
				enabled = !enabled;
			}
			goto done;
		}
	} else {
		vblank_start = get_vblank(o[0].pipe, _DRM_VBLANK_NEXTONMISS);
		flip_nonblocking(&o[0], atomic, &fb[0], (void *)(uintptr_t)vblank_start);
		vblank_start = get_vblank(o[1].pipe, _DRM_VBLANK_NEXTONMISS);
		flip_nonblocking(&o[1], atomic, &fb[1], (void *)(uintptr_t)vblank_start);
	}

	while (nloops) {
		shared[1] = nloops & 1;

		if (!modeset || nloops > 1)
			set_timeout(1, "Stuck page flip");
		else
			set_timeout(35, "Stuck modeset");
		igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
		reset_timeout();

		vblank_start = vbl.user_data;
		if (!modeset)
			igt_assert_eq(vbl.sequence, vblank_start + 1);

		/* Do not requeue on the last 2 events. */
		if (nloops <= 2) {
			nloops--;
			continue;
		}

		if (vbl.crtc_id == o[0].crtc_id) {
			vblank_start = get_vblank(o[0].pipe, _DRM_VBLANK_NEXTONMISS);
			flip_nonblocking(&o[0], atomic, &fb[0], (void *)(uintptr_t)vblank_start);
		} else {
			igt_assert_eq(vbl.crtc_id, o[1].crtc_id);
			nloops--;
			if (!modeset) {
				vblank_start = get_vblank(o[1].pipe, _DRM_VBLANK_NEXTONMISS);
				flip_nonblocking(&o[1], atomic, &fb[1],
						 (void *)(uintptr_t)vblank_start);
			} else {
				wait_for_modeset(NULL, NULL, &o[1], !enabled, mflags, 1,
						 "Scheduling modeset");
				enabled = !enabled;
			}
		}
	}

done:
	shared[0] = 1;
	wait_children();

	commit_off(o, 2);
	kfb_remove(&fb[0]);
	kfb_remove(&fb[1]);
	kfb_remove(&cursor_fb);
	munmap((void *)shared, PAGE_SIZE);
}

static void flip_vs_cursor_2x_legacy(void) { two_screens_flip_vs_cursor(8, false, false); }
static void flip_vs_cursor_2x_atomic(void) { two_screens_flip_vs_cursor(8, false, true); }
static void long_flip_vs_cursor_2x_legacy(void) { two_screens_flip_vs_cursor(150, false, false); }
static void long_flip_vs_cursor_2x_atomic(void) { two_screens_flip_vs_cursor(150, false, true); }
static void nonblocking_modeset_2x(void) { two_screens_flip_vs_cursor(4, true, true); }
static void long_nonblocking_modeset_2x(void) { two_screens_flip_vs_cursor(15, true, true); }

/*
 * How many cursor updates fit into one vblank, as a power of two, and a
 * quarter of that.
 */
static int get_cursor_updates_per_vblank(int pipe, struct drm_mode_cursor *arg)
{
	int target;

	for (target = 65536; target; target /= 2) {
		unsigned int vblank_start = get_vblank(pipe, _DRM_VBLANK_NEXTONMISS);
		int n;

		igt_assert_eq(get_vblank(pipe, 0), vblank_start);
		for (n = 0; n < target; n++)
			cursor_ioctl(arg);
		if (get_vblank(pipe, 0) == vblank_start)
			break;
	}
	/* Divide by 4, to handle variations in amount of vblanks. */
	target /= 4;
	igt_require(target > 1);
	igt_info("Using a target of %d cursor updates per quarter-vblank", target);
	return target;
}

static void two_screens_cursor_vs_flip(int nloops, bool atomic)
{
	struct drm_mode_cursor arg[2][2];
	struct drm_event_vblank vbl;
	struct kfb fb[2], cursor_fb;
	volatile unsigned long *shared;
	struct output o[2];
	int target[2], i, child;

	shared = shared_page();
	if (atomic)
		igt_require(k.atomic);
	kms_require_output(&k);
	find_output(false, &o[0]);
	find_output(true, &o[1]);
	igt_info("Using pipe %c & %s and pipe %c & %s", 'A' + o[0].pipe, o[0].name,
		 'A' + o[1].pipe, o[1].name);
	igt_require_f(o[0].cursor && o[1].cursor, "no cursor plane");

	create_primary_fb(&o[0], &fb[0]);
	create_primary_fb(&o[1], &fb[1]);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o[0], arg[0], &cursor_fb);
	arg[0][1].x = arg[0][1].y = 192;
	populate_cursor_args(&o[1], arg[1], &cursor_fb);
	arg[1][1].x = arg[1][1].y = 192;
	setup_two(o, fb, &cursor_fb);

	target[0] = get_cursor_updates_per_vblank(o[0].pipe, &arg[0][0]);
	target[1] = get_cursor_updates_per_vblank(o[1].pipe, &arg[1][0]);

	for (i = 0; i < nloops; i++) {
		unsigned long vrefresh[2] = { o[0].mode.vrefresh, o[1].mode.vrefresh };
		unsigned int vblank_start[2] = { 0 }, vblank_last[2] = { 0 };
		int done[2] = { 0 };
		unsigned long n;

		shared[0] = 0;
		shared[1] = 0;
		for (child = 0; child < 2; child++) {
			if (fork_child()) {
				unsigned long count = 0;

				while (!shared[child]) {
					cursor_ioctl(&arg[child][(i >> child) & 1]);
					count++;
				}
				shared[child] = count;
				child_exit();
			}
		}

		flip_nonblocking(&o[0], atomic, &fb[0], (void *)0UL);
		flip_nonblocking(&o[1], atomic, &fb[1], (void *)1UL);

		for (n = 0; n < vrefresh[0] / 2 + vrefresh[1] / 2; n++) {
			unsigned long c;

			igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
			c = vbl.user_data;
			igt_assert(c < 2);

			if (!done[c]++)
				vblank_start[c] = vbl.sequence;
			else if (vbl.sequence != vblank_last[c] + 1)
				igt_info("page flip %d was delayed, missed %d frames",
					 done[c], vbl.sequence - vblank_last[c] - 1);
			vblank_last[c] = vbl.sequence;

			if (done[c] < (int)(vrefresh[c] / 2)) {
				flip_nonblocking(&o[c], atomic, &fb[c], (void *)c);
			} else {
				igt_assert_lte(vbl.sequence,
					       vblank_start[c] + 5 * vrefresh[c] / 8);
				shared[c] = 1;
			}
		}

		igt_assert_eq(done[0], vrefresh[0] / 2);
		igt_assert_eq(done[1], vrefresh[1] / 2);

		wait_children();
		for (child = 0; child < 2; child++)
			igt_assert_f(shared[child] > vrefresh[child] * target[child] / 2,
				     "completed %lu cursor updated in a period of %lu flips, we expect to complete approximately %lu updates, with the threshold set at %lu",
				     shared[child], vrefresh[child] / 2,
				     vrefresh[child] * target[child],
				     vrefresh[child] * target[child] / 2);
	}

	commit_off(o, 2);
	kfb_remove(&fb[0]);
	kfb_remove(&fb[1]);
	kfb_remove(&cursor_fb);
	munmap((void *)shared, PAGE_SIZE);
}

static void cursor_vs_flip_2x_legacy(void) { two_screens_cursor_vs_flip(8, false); }
static void long_cursor_vs_flip_2x_legacy(void) { two_screens_cursor_vs_flip(50, false); }
static void cursor_vs_flip_2x_atomic(void) { two_screens_cursor_vs_flip(8, true); }
static void long_cursor_vs_flip_2x_atomic(void) { two_screens_cursor_vs_flip(50, true); }

/* --------------------------------------------- needs what we do not have */

static void crc_fixture(void)
{
	igt_require_f(kms_has_pipe_crc(fd), "needs pipe CRC support (debugfs crtc-N/crc)");
	kms_require_output(&k);
	igt_skip("CRC capture is not implemented here");
}

static void flip_vs_cursor_crc(void) { crc_fixture(); }

static void busy_crc(void)
{
	igt_skip("needs an Intel GPU (busy buffers with igt_spin)");
}

/* ----------------------------------------------------- one screen, flips */

static void set_one(const struct output *o, const struct kfb *fb, const struct kfb *cursor)
{
	struct pipe_setup ps = { .o = o, .on = true, .fb = fb, .cursor = cursor };

	commit_setup(&ps, 1, 0, false);
}

#define FLIP_BEFORE_CURSOR 0
#define FLIP_AFTER_CURSOR 1

static void basic_flip_cursor(enum flip_test mode, int order)
{
	struct drm_mode_cursor arg[2];
	struct kfb fb, cursor_fb, cursor_fb2, argb_fb;
	unsigned int vblank_start;
	int i, miss1 = 0, miss2 = 0, delta;
	struct output o;

	if (mode >= flip_test_atomic)
		igt_require(k.atomic);
	kms_require_output(&k);
	find_output(false, &o);
	igt_info("Using pipe %c & %s", 'A' + o.pipe, o.name);
	igt_require_f(o.cursor, "no cursor plane on pipe %d", o.pipe);

	create_primary_fb(&o, &fb);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o, arg, &cursor_fb);
	prepare_flip_test(mode, &o, arg, &fb, &argb_fb, &cursor_fb2);
	set_one(&o, &fb, &cursor_fb);

	/* Quick sanity check that we can update a cursor in a single vblank */
	vblank_start = get_vblank(o.pipe, _DRM_VBLANK_NEXTONMISS);
	igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);
	cursor_ioctl(&arg[0]);
	igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);

	for (i = 0; i < 25; i++) {
		bool miss;

		/* Bind the cursor first to warm up */
		cursor_ioctl(&arg[0]);

		/* Start with a synchronous query to align with the vblank */
		vblank_start = get_vblank(o.pipe, _DRM_VBLANK_NEXTONMISS);

		if (order == FLIP_BEFORE_CURSOR) {
			flip_or_transition(&o, mode, &fb, &argb_fb, false);
			delta = get_vblank(o.pipe, 0) - vblank_start;
			miss = delta != 0;
			cursor_ioctl(&arg[0]);
		} else {
			cursor_ioctl(&arg[0]);
			delta = get_vblank(o.pipe, 0) - vblank_start;
			miss = delta != 0;
			flip_or_transition(&o, mode, &fb, &argb_fb, false);
		}

		delta = get_vblank(o.pipe, 0) - vblank_start;

		if (miss)
			; /* compare nothing, already failed */
		else if (!cursor_slowpath(mode))
			miss = delta != 0;
		else
			miss = delta != 0 && delta != 1;
		miss1 += miss;

		read_flip_event();

		if (miss1)
			continue;

		delta = get_vblank(o.pipe, 0) - vblank_start;
		if (!mode_requires_extra_vblank(mode))
			miss2 += delta != 1;
		else
			miss2 += delta != 1 && delta != 2;
	}

	if (miss1 > 2 || miss1 + miss2 > 5)
		igt_fail("Failed to evade %i vblanks and missed %i page flips", miss1, miss2);
	if (miss1 || miss2)
		igt_info("Failed to evade %i vblanks and missed %i page flips", miss1, miss2);

	commit_off(&o, 1);
	kfb_remove(&fb);
	kfb_remove(&cursor_fb);
	remove_extra_fbs(&argb_fb, &cursor_fb2);
}

static void flip_vs_cursor(enum flip_test mode, int nloops)
{
	struct drm_mode_cursor arg[2];
	struct kfb fb, cursor_fb, cursor_fb2, argb_fb;
	volatile unsigned long *shared = NULL;
	struct drm_event_vblank vbl;
	unsigned int vblank_start;
	cpu_set_t mask, oldmask;
	struct output o;
	int target, cpu, n;

	if (mode >= flip_test_atomic)
		igt_require(k.atomic);
	kms_require_output(&k);
	find_output(false, &o);
	igt_info("Using pipe %c & %s", 'A' + o.pipe, o.name);
	igt_require_f(o.cursor, "no cursor plane on pipe %d", o.pipe);

	create_primary_fb(&o, &fb);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o, arg, &cursor_fb);
	prepare_flip_test(mode, &o, arg, &fb, &argb_fb, &cursor_fb2);
	set_one(&o, &fb, &cursor_fb);

	if (nloops)
		target = get_cursor_updates_per_vblank(o.pipe, &arg[0]);
	else
		target = 1;

	vblank_start = get_vblank(o.pipe, _DRM_VBLANK_NEXTONMISS);
	igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);
	for (n = 0; n < target; n++)
		cursor_ioctl(&arg[0]);
	igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);

	/*
	 * Keep the CPU from lowering its frequency: an idle-priority busy
	 * loop of sched_yield() on the same CPU.
	 */
	if (target > 1) {
		shared = shared_page();
		cpu = sched_getcpu();
		igt_assert_lte(0, cpu);
		CPU_ZERO(&mask);
		CPU_SET(cpu, &mask);
		sched_getaffinity(0, sizeof(oldmask), &oldmask);
		sched_setaffinity(0, sizeof(mask), &mask);
		shared[0] = 0;
		if (fork_child()) {
			struct sched_param parm = { .sched_priority = 0 };

			igt_assert(sched_setscheduler(0, SCHED_IDLE, &parm) == 0);
			while (!shared[0])
				sched_yield();
			child_exit();
		}
	}

	do {
		/* Bind the cursor first to warm up */
		cursor_ioctl(&arg[nloops & 1]);

		/* Start with a synchronous query to align with the vblank */
		vblank_start = get_vblank(o.pipe, _DRM_VBLANK_NEXTONMISS);
		flip_or_transition(&o, mode, &fb, &argb_fb, (nloops & 2) / 2);

		/* The nonblocking flip should not have delayed us */
		igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);
		for (n = 0; n < target; n++)
			cursor_ioctl(&arg[nloops & 1]);

		/* Nor should it have delayed the following cursor update */
		if (!cursor_slowpath(mode))
			igt_assert_eq(get_vblank(o.pipe, 0), vblank_start);
		else if (mode_requires_extra_vblank(mode))
			igt_assert_lte(get_vblank(o.pipe, 0), vblank_start + 2);
		else
			igt_assert_lte(get_vblank(o.pipe, 0), vblank_start + 1);

		set_timeout(1, "Stuck page flip");
		n = read(fd, &vbl, sizeof(vbl));
		(void)n;

		if (!mode_requires_extra_vblank(mode))
			igt_assert_lte(get_vblank(o.pipe, 0), vblank_start + 1);
		else
			igt_assert_lte(get_vblank(o.pipe, 0), vblank_start + 2);
		reset_timeout();
	} while (nloops--);

	if (target > 1) {
		shared[0] = 1;
		wait_children();
		munmap((void *)shared, PAGE_SIZE);
		sched_setaffinity(0, sizeof(oldmask), &oldmask);
	}

	commit_off(&o, 1);
	kfb_remove(&fb);
	kfb_remove(&cursor_fb);
	remove_extra_fbs(&argb_fb, &cursor_fb2);
}

static void cursor_vs_flip(enum flip_test mode, int nloops)
{
	struct drm_mode_cursor arg[2];
	struct kfb fb, cursor_fb, cursor_fb2, argb_fb;
	unsigned int vblank_start, vblank_last, vrefresh;
	volatile unsigned long *shared;
	struct drm_event_vblank vbl;
	int i, fail_count = 0;
	struct output o;
	long target;

	if (mode >= flip_test_atomic)
		igt_require(k.atomic);
	shared = shared_page();
	kms_require_output(&k);
	find_output(false, &o);
	igt_info("Using pipe %c & %s", 'A' + o.pipe, o.name);
	igt_require_f(o.cursor, "no cursor plane on pipe %d", o.pipe);

	create_primary_fb(&o, &fb);
	vrefresh = o.mode.vrefresh;
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&o, arg, &cursor_fb);
	prepare_flip_test(mode, &o, arg, &fb, &argb_fb, &cursor_fb2);
	set_one(&o, &fb, &cursor_fb);

	target = get_cursor_updates_per_vblank(o.pipe, &arg[0]);

	for (i = 0; i < nloops; i++) {
		unsigned int n;

		shared[0] = 0;
		if (fork_child()) {
			unsigned long count = 0;

			while (!shared[0]) {
				cursor_ioctl(&arg[i & 1]);
				count++;
			}
			shared[0] = count;
			child_exit();
		}

		flip_or_transition(&o, mode, &fb, &argb_fb, (i & 2) >> 1);

		igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
		vblank_start = vblank_last = vbl.sequence;
		for (n = 0; n < vrefresh / 2; n++) {
			flip_nonblocking(&o, mode >= flip_test_atomic, &fb, NULL);

			igt_assert_eq(read(fd, &vbl, sizeof(vbl)), sizeof(vbl));
			if (vbl.sequence != vblank_last + 1)
				igt_info("page flip %u was delayed, missed %d frames", n,
					 vbl.sequence - vblank_last - 1);
			vblank_last = vbl.sequence;
		}

		if (!cursor_slowpath(mode))
			igt_assert_lte(vbl.sequence, vblank_start + 5 * vrefresh / 8);

		shared[0] = 1;
		wait_children();
		if (shared[0] <= (unsigned long)(vrefresh * target / 2)) {
			fail_count++;
			igt_info("completed %lu cursor updated in a period of %u flips, we expect to complete approximately %lu updates, with the threshold set at %lu",
				 shared[0], vrefresh / 2, vrefresh * target,
				 vrefresh * target / 2);
		}
	}

	igt_assert_f(fail_count == 0,
		     "Failed to meet cursor update expectations in %d out of %d iterations",
		     fail_count, nloops);

	commit_off(&o, 1);
	kfb_remove(&fb);
	kfb_remove(&cursor_fb);
	munmap((void *)shared, PAGE_SIZE);
	remove_extra_fbs(&argb_fb, &cursor_fb2);
}

/* Cursor ioctls and nonblocking flips from two processes for @timeout s. */
static void flip(int cursor_pipe, int flip_pipe, int timeout, enum flip_test mode)
{
	struct drm_mode_cursor arg[2];
	struct kfb fb, fb2, argb_fb, cursor_fb, cursor_fb2;
	struct output flip_o, cursor_o;
	uint64_t *results;

	results = shared_page();
	kms_require_output(&k);
	find_output(flip_pipe, &flip_o);
	find_output(cursor_pipe, &cursor_o);
	igt_info("Using pipe %c for page flip, pipe %c for cursor", 'A' + flip_o.pipe,
		 'A' + cursor_o.pipe);

	if (mode >= flip_test_atomic)
		igt_require(k.atomic);
	if (mode == flip_test_atomic_transitions ||
	    mode == flip_test_atomic_transitions_varying_size)
		igt_require_f(has_overlay(flip_o.pipe), "no overlay plane on pipe %d",
			      flip_o.pipe);
	igt_require_f(cursor_o.cursor, "no cursor plane on pipe %d", cursor_o.pipe);

	create_primary_fb(&flip_o, &fb);
	memset(&fb2, 0, sizeof(fb2));
	if (flip_o.pipe != cursor_o.pipe)
		create_primary_fb(&cursor_o, &fb2);
	create_cursor_fb(&cursor_fb);
	populate_cursor_args(&cursor_o, arg, &cursor_fb);
	prepare_flip_test(mode, &flip_o, arg, &fb, &argb_fb, &cursor_fb2);

	if (flip_o.pipe != cursor_o.pipe) {
		struct pipe_setup ps[2] = {
			{ .o = &flip_o, .on = true, .fb = &fb },
			{ .o = &cursor_o, .on = true, .fb = &fb2, .cursor = &cursor_fb },
		};

		igt_require_f(commit_setup(ps, 2, DRM_MODE_ATOMIC_TEST_ONLY, true) == 0,
			      "No valid mode combo found.");
		commit_setup(ps, 2, 0, false);
	} else {
		set_one(&flip_o, &fb, &cursor_fb);
	}

	if (fork_child()) {
		unsigned long count = 0;
		double end;

		for (end = igt_now() + timeout; igt_now() <= end; count++)
			cursor_ioctl(&arg[(count & 64) / 64]);
		igt_info("cursor count=%lu", count);
		results[0] = count;
		child_exit();
	}
	if (fork_child()) {
		unsigned long count = 0;
		double end;

		for (end = igt_now() + timeout; igt_now() <= end; count++) {
			char buf[128];

			flip_or_transition(&flip_o, mode, &fb, &argb_fb, count & 1);
			while (read(fd, buf, sizeof(buf)) < 0 &&
			       (errno == EINTR || errno == EAGAIN))
				;
		}
		igt_info("flip count=%lu", count);
		results[1] = count;
		child_exit();
	}
	wait_children();
	munmap(results, PAGE_SIZE);

	if (flip_o.pipe != cursor_o.pipe) {
		struct output both[2] = { flip_o, cursor_o };

		commit_off(both, 2);
		kfb_remove(&fb2);
	} else {
		commit_off(&flip_o, 1);
	}
	kfb_remove(&fb);
	kfb_remove(&cursor_fb);
	remove_extra_fbs(&argb_fb, &cursor_fb2);
}

/* -------------------------------------------------------- the subtests */

static void busy_flip(void)
{
	igt_skip("needs an Intel GPU (busy buffers with igt_spin)");
}

#define MODE_TESTS(m, name)                                                           \
	static void flip_before_##name(void) { basic_flip_cursor(m, FLIP_BEFORE_CURSOR); } \
	static void flip_after_##name(void) { basic_flip_cursor(m, FLIP_AFTER_CURSOR); }   \
	static void cursor_vs_flip_##name(void) { cursor_vs_flip(m, 50); }             \
	static void flip_vs_cursor_##name(void) { flip_vs_cursor(m, 150); }            \
	static void ca_fa_##name(void) { flip(0, 0, 10, m); }                          \
	static void ca_fb_##name(void) { flip(0, 1, 10, m); }                          \
	static void cb_fa_##name(void) { flip(1, 0, 10, m); }                          \
	static void cb_fb_##name(void) { flip(1, 1, 10, m); }

MODE_TESTS(flip_test_legacy, legacy)
MODE_TESTS(flip_test_varying_size, varying_size)
MODE_TESTS(flip_test_toggle_visibility, toggle)
MODE_TESTS(flip_test_atomic, atomic)
MODE_TESTS(flip_test_atomic_transitions, transitions)
MODE_TESTS(flip_test_atomic_transitions_varying_size, transitions_varying_size)

#define BASIC(prefix, s, name)                                                        \
	{ prefix "flip-before-cursor-" s, flip_before_##name },                       \
	{ prefix "busy-flip-before-cursor-" s, busy_flip },                           \
	{ prefix "flip-after-cursor-" s, flip_after_##name }

#define PAIR(s, name)                                                                 \
	{ "cursor-vs-flip-" s, cursor_vs_flip_##name },                               \
	{ "flip-vs-cursor-" s, flip_vs_cursor_##name },                               \
	{ "cursorA-vs-flipA-" s, ca_fa_##name },                                      \
	{ "cursorA-vs-flipB-" s, ca_fb_##name },                                      \
	{ "cursorB-vs-flipA-" s, cb_fa_##name },                                      \
	{ "cursorB-vs-flipB-" s, cb_fb_##name }

IGT_MAIN(setup,
	{ "single-bo", single_bo },
	{ "single-move", single_move },
	{ "forked-bo", forked_bo },
	{ "forked-move", forked_move },
	{ "torture-bo", torture_bo },
	{ "torture-move", torture_move },
	{ "nonblocking-modeset-vs-cursor-atomic", nonblocking_modeset },
	{ "long-nonblocking-modeset-vs-cursor-atomic", long_nonblocking_modeset },
	{ "modeset-atomic-cursor-hotspot", modeset_atomic_cursor_hotspot },
	{ "2x-flip-vs-cursor-legacy", flip_vs_cursor_2x_legacy },
	{ "2x-flip-vs-cursor-atomic", flip_vs_cursor_2x_atomic },
	{ "2x-long-flip-vs-cursor-legacy", long_flip_vs_cursor_2x_legacy },
	{ "2x-long-flip-vs-cursor-atomic", long_flip_vs_cursor_2x_atomic },
	{ "2x-nonblocking-modeset-vs-cursor-atomic", nonblocking_modeset_2x },
	{ "2x-long-nonblocking-modeset-vs-cursor-atomic", long_nonblocking_modeset_2x },
	{ "2x-cursor-vs-flip-legacy", cursor_vs_flip_2x_legacy },
	{ "2x-long-cursor-vs-flip-legacy", long_cursor_vs_flip_2x_legacy },
	{ "2x-cursor-vs-flip-atomic", cursor_vs_flip_2x_atomic },
	{ "2x-long-cursor-vs-flip-atomic", long_cursor_vs_flip_2x_atomic },
	{ "flip-vs-cursor-crc-legacy", flip_vs_cursor_crc },
	{ "flip-vs-cursor-crc-atomic", flip_vs_cursor_crc },
	{ "flip-vs-cursor-busy-crc-legacy", busy_crc },
	{ "flip-vs-cursor-busy-crc-atomic", busy_crc },
	BASIC("basic-", "legacy", legacy),
	BASIC("basic-", "varying-size", varying_size),
	BASIC("short-", "toggle", toggle),
	BASIC("basic-", "atomic", atomic),
	BASIC("short-", "atomic-transitions", transitions),
	BASIC("short-", "atomic-transitions-varying-size", transitions_varying_size),
	PAIR("legacy", legacy),
	PAIR("varying-size", varying_size),
	PAIR("toggle", toggle),
	PAIR("atomic", atomic),
	PAIR("atomic-transitions", transitions),
	PAIR("atomic-transitions-varying-size", transitions_varying_size),
)
