// SPDX-License-Identifier: MIT
/*
 * kms_getfb: GETFB and GETFB2: bad ids, fresh handles on every call,
 * multi-planar formats, GETFB2 output fed back to ADDFB2, and no handles
 * for callers that are neither master nor root.
 */
#include <unistd.h>

#include "kms.h"

static int fd;
static struct kms k;

static void setup(void)
{
	struct drm_mode_fb_cmd arg = { 0 };
	int err;

	fd = drm_open_master();
	err = -vgh_ioctl(fd, DRM_IOCTL_MODE_GETFB, &arg);
	igt_require_f(err != ENOTTY && err != EOPNOTSUPP, "no GETFB: driver without KMS");
	kms_init(&k, fd);
}

static uint32_t any_prop_id(void)
{
	int i;

	for (i = 0; i < k.n_conns; i++) {
		uint32_t id = prop_id(fd, k.conns[i]->connector_id,
				      DRM_MODE_OBJECT_CONNECTOR, "DPMS");
		if (id)
			return id;
	}
	return 0;
}

static void getfb_handle_zero(void)
{
	struct drm_mode_fb_cmd get = { .fb_id = 0 };

	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB, &get, ENOENT);
}

static void getfb_handle_valid(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd get = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	get.fb_id = fb.id;
	do_ioctl(fd, DRM_IOCTL_MODE_GETFB, &get);
	igt_assert_neq(get.handle, 0);
	igt_assert_eq(get.width, fb.width);
	igt_assert_eq(get.height, fb.height);
	igt_assert_eq(get.pitch, fb.pitch);
	igt_assert_eq(get.depth, 24);
	igt_assert_eq(get.bpp, 32);
	gem_close(fd, get.handle);
}

static void getfb_handle_closed(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd get = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	get.fb_id = fb.id;
	kfb_remove(&fb);
	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB, &get, ENOENT);
}

static void getfb_handle_not_fb(void)
{
	struct drm_mode_fb_cmd get = { .fb_id = any_prop_id() };

	igt_require(get.fb_id > 0);
	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB, &get, ENOENT);
}

static void getfb_addfb_different_handles(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd get = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	get.fb_id = fb.id;
	do_ioctl(fd, DRM_IOCTL_MODE_GETFB, &get);
	igt_assert_neq(get.handle, fb.handle);
	gem_close(fd, get.handle);
}

static void getfb_repeated_different_handles(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd a = { 0 }, b = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	a.fb_id = b.fb_id = fb.id;
	do_ioctl(fd, DRM_IOCTL_MODE_GETFB, &a);
	do_ioctl(fd, DRM_IOCTL_MODE_GETFB, &b);
	igt_assert_neq(a.handle, b.handle);
	gem_close(fd, a.handle);
	gem_close(fd, b.handle);
}

static void require_nv12(void)
{
	igt_require_f(kms_has_format(&k, DRM_FORMAT_NV12), "no plane scans out NV12");
	igt_skip("NV12 framebuffers are not implemented here");
}

static void getfb2_handle_zero(void)
{
	struct drm_mode_fb_cmd2 get = { 0 };

	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB2, &get, ENOENT);
}

static void getfb2_handle_closed(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd2 get = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	get.fb_id = fb.id;
	kfb_remove(&fb);
	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB2, &get, ENOENT);
}

static void getfb2_handle_not_fb(void)
{
	struct drm_mode_fb_cmd2 get = { .fb_id = any_prop_id() };

	igt_require(get.fb_id > 0);
	do_ioctl_err(fd, DRM_IOCTL_MODE_GETFB2, &get, ENOENT);
}

static void getfb2_into_addfb2(void)
{
	struct kfb fb;
	struct drm_mode_fb_cmd2 cmd = { 0 };

	kfb_create(fd, 1024, 1024, DRM_FORMAT_XRGB8888, &fb);
	cmd.fb_id = fb.id;
	do_ioctl(fd, DRM_IOCTL_MODE_GETFB2, &cmd);
	igt_assert_neq(cmd.handles[0], 0);
	do_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &cmd);
	do_ioctl(fd, DRM_IOCTL_MODE_RMFB, &cmd.fb_id);
	gem_close(fd, cmd.handles[0]);
}

static int user_fd;
static uint32_t user_fb;

static void protection_setup(void)
{
	struct drm_mode_fb_cmd2 add = { .width = 1024, .height = 1024,
					.pixel_format = DRM_FORMAT_XRGB8888,
					.pitches = { 1024 * 4 } };

	user_fd = drm_open();
	igt_assert(!drm_is_master(user_fd));
	add.handles[0] = dumb_create(user_fd, 1024, 1024, 32, NULL, NULL);
	do_ioctl(user_fd, DRM_IOCTL_MODE_ADDFB2, &add);
	user_fb = add.fb_id;
}

static void getfb_unprivileged(void *arg)
{
	struct drm_mode_fb_cmd get = { .fb_id = user_fb };

	(void)arg;
	igt_drop_root();
	do_ioctl(user_fd, DRM_IOCTL_MODE_GETFB, &get);
	igt_assert_eq(get.handle, 0);
}

static void getfb2_unprivileged(void *arg)
{
	struct drm_mode_fb_cmd2 get = { .fb_id = user_fb };
	int i;

	(void)arg;
	igt_drop_root();
	do_ioctl(user_fd, DRM_IOCTL_MODE_GETFB2, &get);
	for (i = 0; i < 4; i++)
		igt_assert_eq(get.handles[i], 0);
}

static void getfb_handle_protection(void)
{
	protection_setup();
	igt_fork_run(getfb_unprivileged, NULL);
}

static void getfb2_handle_protection(void)
{
	protection_setup();
	igt_fork_run(getfb2_unprivileged, NULL);
}

IGT_MAIN(setup,
	{ "getfb-handle-zero", getfb_handle_zero },
	{ "getfb-handle-valid", getfb_handle_valid },
	{ "getfb-handle-closed", getfb_handle_closed },
	{ "getfb-handle-not-fb", getfb_handle_not_fb },
	{ "getfb-addfb-different-handles", getfb_addfb_different_handles },
	{ "getfb-repeated-different-handles", getfb_repeated_different_handles },
	{ "getfb-reject-nv12", require_nv12 },
	{ "getfb2-handle-zero", getfb2_handle_zero },
	{ "getfb2-handle-closed", getfb2_handle_closed },
	{ "getfb2-handle-not-fb", getfb2_handle_not_fb },
	{ "getfb2-accept-nv12", require_nv12 },
	{ "getfb2-into-addfb2", getfb2_into_addfb2 },
	{ "getfb-handle-protection", getfb_handle_protection },
	{ "getfb2-handle-protection", getfb2_handle_protection },
)
