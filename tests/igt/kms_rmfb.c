// SPDX-License-Identifier: MIT
/*
 * kms_rmfb: removing a framebuffer (RMFB, or closing the file that made
 * it) takes it off every plane that shows it.
 */
#include <unistd.h>

#include "kms.h"

static int fd, other_fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	/* keep the device open so nothing restores a console mode */
	other_fd = open(drm_device_path(), O_RDWR | O_CLOEXEC);
	kms_init(&k, fd);
	kms_require_output(&k);
}

static int enable_plane(struct output *o, uint32_t plane, struct kfb *fb, uint32_t type)
{
	struct areq a;
	int ret;

	if (!k.atomic) {
		if (type == DRM_PLANE_TYPE_PRIMARY) {
			uint32_t conn = o->conn_id;

			return set_crtc(fd, o->crtc_id, fb->id, 0, 0, &conn, 1, &o->mode);
		}
		return drmModeSetPlane(fd, plane, o->crtc_id, fb->id, 0, 0, 0, fb->width,
				       fb->height, 0, 0, fb->width << 16, fb->height << 16);
	}
	areq_init(&a, fd);
	if (type == DRM_PLANE_TYPE_PRIMARY)
		areq_output_on(&a, o, fb);
	else
		areq_plane(&a, plane, o->crtc_id, fb, 0, 0);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	areq_free(&a);
	return ret;
}

static void test_rmfb(struct output *o, bool reopen)
{
	uint64_t cw = 64, ch = 64;
	struct kfb fb, argb;
	uint32_t planes[MAX_PLANES];
	int i, n, active = 0;
	drmModeCrtc *crtc;

	kms_reset_display(&k);
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_WIDTH, &cw));
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_HEIGHT, &ch));
	kfb_create(fd, cw, ch, DRM_FORMAT_ARGB8888, &argb);
	/* primary first, so that the CRTC is on for the other planes */
	enable_plane(o, o->primary, &fb, DRM_PLANE_TYPE_PRIMARY);
	n = kms_planes_on_pipe(&k, o->pipe, planes, MAX_PLANES);
	for (i = 0; i < n; i++) {
		uint32_t type = kms_plane_type(fd, planes[i]);
		int ret = enable_plane(o, planes[i],
				       type == DRM_PLANE_TYPE_CURSOR ? &argb : &fb, type);

		if (ret)
			igt_info("plane %u (type %u) not enabled: %s", planes[i], type,
				 strerror(-ret));
		else
			active++;
	}
	igt_assert_lt(0, active);
	crtc = drmModeGetCrtc(fd, o->crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, fb.id);
	drmModeFreeCrtc(crtc);
	if (reopen) {
		close(fd);
		fd = drm_open_master();
		drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
		drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1);
	} else {
		kfb_remove(&fb);
		kfb_remove(&argb);
	}
	crtc = drmModeGetCrtc(fd, o->crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, 0);
	drmModeFreeCrtc(crtc);
	for (i = 0; i < n; i++) {
		drmModePlane *p = drmModeGetPlane(fd, planes[i]);

		igt_assert(p);
		igt_assert_f(p->fb_id == 0, "plane %u still shows fb %u", planes[i], p->fb_id);
		drmModeFreePlane(p);
	}
}

static void run(bool reopen)
{
	struct output outs[MAX_CRTCS];
	int i, n = kms_single_outputs(&k, outs, MAX_CRTCS);

	for (i = 0; i < n; i++) {
		igt_info("pipe-%c-%s", 'A' + outs[i].pipe, outs[i].name);
		if (reopen && i > 0) {
			kms_fini(&k);
			kms_init(&k, fd);
		}
		test_rmfb(&outs[i], reopen);
	}
}

static void rmfb_ioctl(void)
{
	run(false);
}

static void close_fd(void)
{
	run(true);
}

IGT_MAIN(setup,
	{ "rmfb-ioctl", rmfb_ioctl },
	{ "close-fd", close_fd },
)
