// SPDX-License-Identifier: MIT
/*
 * kms_concurrent: atomic commits from two processes sharing one DRM file
 * at once. A forked child puts every plane of the pipe on (cursor planes
 * 128x128 ARGB8888, others 256x256 XRGB8888 at random positions, the
 * primary plane the mode's size) with one commit whose result, as in
 * IGT, only lowers the number of planes its next try would use; the
 * parent meanwhile switches the output to a lower resolution and back,
 * each commit of which must succeed. One iteration each, as IGT runs by
 * default; then everything goes off.
 *
 * IGT's subtest walks the valid outputs of a pipe variable it never sets
 * (each is a dynamic subtest pipe-<P>-<output>); here that pipe is the
 * first one, A.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kms.h"

#define SIZE_PLANE 256
#define SIZE_CURSOR 128

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	igt_require_f(k.atomic, "driver has no atomic modesetting");
	kms_require_output(&k);
}

/* black rectangles where the other planes lie, on a blue primary */
static void paint_primary(struct kfb *fb, const int *x, const int *y, const int *size,
			  const bool *used, int n)
{
	uint32_t *p = dumb_map(fb->fd, fb->handle, fb->size, PROT_READ | PROT_WRITE);
	uint32_t row, col;
	int i;

	for (row = 0; row < fb->height; row++)
		for (col = 0; col < fb->width; col++)
			p[row * (fb->pitch / 4) + col] = 0xff0000ff;
	for (i = 0; i < n; i++) {
		if (!used[i])
			continue;
		for (row = y[i]; row < (uint32_t)(y[i] + size[i]) && row < fb->height; row++)
			for (col = x[i]; col < (uint32_t)(x[i] + size[i]) && col < fb->width; col++)
				p[row * (fb->pitch / 4) + col] = 0xff000000;
	}
	munmap(p, fb->size);
}

/* The child: every plane on at once, one try. */
static void plane_positions(const struct output *o)
{
	uint32_t ids[MAX_PLANES];
	int n = kms_planes_on_pipe(&k, o->pipe, ids, MAX_PLANES);
	int x[MAX_PLANES], y[MAX_PLANES], size[MAX_PLANES];
	bool used[MAX_PLANES] = { false };
	struct kfb fbs[MAX_PLANES], primary;
	struct areq a;
	int i, ret;

	areq_init(&a, fd);
	areq_output_on(&a, o, NULL);
	for (i = 0; i < n; i++) {
		uint32_t type = kms_plane_type(fd, ids[i]);

		if (type == DRM_PLANE_TYPE_PRIMARY)
			continue;
		size[i] = type == DRM_PLANE_TYPE_CURSOR ? SIZE_CURSOR : SIZE_PLANE;
		x[i] = rand() % (o->mode.hdisplay - size[i]);
		y[i] = rand() % (o->mode.vdisplay - size[i]);
		kfb_create_color(fd, size[i], size[i],
				 type == DRM_PLANE_TYPE_CURSOR ? DRM_FORMAT_ARGB8888 :
				 DRM_FORMAT_XRGB8888, 0x0000ff, &fbs[i]);
		areq_plane(&a, ids[i], o->crtc_id, &fbs[i], x[i], y[i]);
		used[i] = true;
	}
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &primary);
	paint_primary(&primary, x, y, size, used, n);
	areq_plane(&a, o->primary, o->crtc_id, &primary, 0, 0);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	igt_info("child: %d planes on, commit %s", n, ret ? strerror(-ret) : "ok");
	areq_free(&a);
	for (i = 0; i < n; i++)
		if (used[i])
			kfb_remove(&fbs[i]);
	kfb_remove(&primary);
}

/*
 * IGT's choice: the first mode of the connector more than 256 lines
 * lower than the default one; without one, the VESA 1024x768 timing at
 * the default mode's refresh rate, unless the default mode is narrower
 * than 1024 pixels (then IGT skips).
 */
static void lowres_mode(const struct output *o, drmModeModeInfo *lo)
{
	int i, vrefresh = o->mode.vrefresh ? o->mode.vrefresh : 60;

	for (i = 0; i < o->conn->count_modes; i++) {
		if (o->conn->modes[i].vdisplay < o->mode.vdisplay - SIZE_PLANE) {
			*lo = o->conn->modes[i];
			return;
		}
	}
	igt_require_f(o->mode.hdisplay >= 1024, "No suitable resolution was found");
	memset(lo, 0, sizeof(*lo));
	lo->clock = 65000 * vrefresh / 60;
	lo->hdisplay = 1024;
	lo->hsync_start = 1048;
	lo->hsync_end = 1184;
	lo->htotal = 1344;
	lo->vdisplay = 768;
	lo->vsync_start = 771;
	lo->vsync_end = 777;
	lo->vtotal = 806;
	lo->vrefresh = vrefresh;
	lo->flags = DRM_MODE_FLAG_NHSYNC | DRM_MODE_FLAG_NVSYNC;
	lo->type = DRM_MODE_TYPE_USERDEF;
	snprintf(lo->name, sizeof(lo->name), "Custom 1024x768");
}

/*
 * The output in mode; planes_off: with the pipe's planes off too, as the
 * parent's first commit carries IGT's reset plane state.
 */
static void commit_mode(const struct output *o, const drmModeModeInfo *mode, bool planes_off)
{
	uint32_t ids[MAX_PLANES];
	struct output m = *o;
	struct areq a;
	int i, n, ret;

	m.mode = *mode;
	areq_init(&a, fd);
	areq_output_on(&a, &m, NULL);
	n = planes_off ? kms_planes_on_pipe(&k, o->pipe, ids, MAX_PLANES) : 0;
	for (i = 0; i < n; i++)
		areq_plane_off(&a, ids[i]);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	igt_assert_f(ret == 0, "%ux%u on %s: %s", mode->hdisplay, mode->vdisplay, o->name,
		     strerror(-ret));
	areq_free(&a);
}

/* The parent: to the low resolution and back. */
static void resolution(const struct output *o, const drmModeModeInfo *lo)
{
	igt_info("switching %ux%u -> %ux%u (%s) -> back", o->mode.hdisplay, o->mode.vdisplay,
		 lo->hdisplay, lo->vdisplay, lo->name);
	commit_mode(o, lo, true);
	commit_mode(o, &o->mode, false);
}

static void run_test(const struct output *o)
{
	unsigned int seed = time(NULL);
	drmModeModeInfo lo;
	int status;
	pid_t pid;

	igt_info("Testing resolution with connector %s using pipe %c with seed %u", o->name,
		 'A' + o->pipe, seed);
	kms_reset_display(&k);
	/* before the child starts: a skip here leaves nothing running */
	lowres_mode(o, &lo);
	srand(seed);
	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		plane_positions(o);
		fflush(stdout);
		_exit(0);
	}
	resolution(o, &lo);
	igt_assert(waitpid(pid, &status, 0) == pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "the plane child failed (status %#x)", status);
	/* IGT's test_fini: the other planes off, the output off */
	kms_reset_display(&k);
}

static void multi_plane_atomic_lowres(void)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS), ran = 0;
	uint32_t ids[MAX_PLANES];

	for (i = 0; i < n; i++) {
		if (outs[i].pipe != 0)
			continue;
		igt_require(kms_planes_on_pipe(&k, 0, ids, MAX_PLANES) > 0);
		run_test(&outs[i]);
		ran++;
	}
	igt_require_f(ran, "no valid output on pipe A");
}

IGT_MAIN(setup,
	{ "multi-plane-atomic-lowres", multi_plane_atomic_lowres },
)
