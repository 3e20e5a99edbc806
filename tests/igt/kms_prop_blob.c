// SPDX-License-Identifier: MIT
/*
 * kms_prop_blob: user-created property blobs: contents, size checks,
 * who may destroy them, cleanup when their creator closes the device,
 * and property ioctls on blob objects.
 */
#include <unistd.h>

#include "kms.h"

static const struct drm_mode_modeinfo mode = {
	.clock = 1234, .hdisplay = 640, .hsync_start = 641, .hsync_end = 642,
	.htotal = 643, .vdisplay = 480, .vsync_start = 481, .vsync_end = 482,
	.vtotal = 483, .vrefresh = 60000, .name = "FROMUSER",
};

static int fd;

static void setup(void)
{
	struct drm_mode_create_blob c = { 0 };
	struct drm_mode_destroy_blob d = { 0 };
	uint32_t data = 0;
	int ret;

	fd = drm_open();
	c.data = (uintptr_t)&data;
	c.length = sizeof(data);
	ret = vgh_ioctl(fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &c);
	igt_require_f(ret == 0, "cannot create property blobs: %s", strerror(-ret));
	d.blob_id = c.blob_id;
	igt_require(vgh_ioctl(fd, DRM_IOCTL_MODE_DESTROYPROPBLOB, &d) == 0);
}

/* 0, or the errno of the failed step; ENOMEM for a wrong size */
static int validate(int f, uint32_t id)
{
	struct drm_mode_get_blob g = { .blob_id = id };
	struct drm_mode_modeinfo back;
	int ret = vgh_ioctl(f, DRM_IOCTL_MODE_GETPROPBLOB, &g);

	if (ret)
		return -ret;
	if (g.length != sizeof(mode))
		return ENOMEM;
	g.data = (uintptr_t)&back;
	ret = vgh_ioctl(f, DRM_IOCTL_MODE_GETPROPBLOB, &g);
	if (ret)
		return -ret;
	return memcmp(&back, &mode, sizeof(mode)) ? EINVAL : 0;
}

static uint32_t create(int f)
{
	struct drm_mode_create_blob c = { .length = sizeof(mode),
					  .data = (uintptr_t)&mode };

	do_ioctl(f, DRM_IOCTL_MODE_CREATEPROPBLOB, &c);
	igt_assert_neq(c.blob_id, 0);
	return c.blob_id;
}

static int destroy(int f, uint32_t id)
{
	struct drm_mode_destroy_blob d = { .blob_id = id };

	return -vgh_ioctl(f, DRM_IOCTL_MODE_DESTROYPROPBLOB, &d);
}

static void basic(void)
{
	igt_assert_eq(destroy(fd, create(fd)), 0);
}

static void blob_prop_core(void)
{
	uint32_t id = create(fd);

	igt_assert_eq(validate(fd, id), 0);
	igt_assert_eq(destroy(fd, id), 0);
	igt_assert_eq(validate(fd, 0xffffffff), ENOENT);
	igt_assert_eq(validate(fd, 0), ENOENT);
}

static void blob_prop_validate(void)
{
	struct drm_mode_create_blob c;
	struct drm_mode_get_blob g;
	char small[32] = { 0 };

	c.length = 0x10000;	/* more than the buffer holds */
	c.data = (uintptr_t)small;
	do_ioctl_err(fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &c, EFAULT);
	c.length = sizeof(mode);
	c.data = (uintptr_t)0xdeadbeee;
	do_ioctl_err(fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &c, EFAULT);
	/* a short read reports the real length */
	g.blob_id = create(fd);
	g.length = sizeof(small);
	g.data = (uintptr_t)small;
	do_ioctl(fd, DRM_IOCTL_MODE_GETPROPBLOB, &g);
	igt_assert_eq(g.length, sizeof(mode));
	do_ioctl_err(fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &c, EFAULT);
}

static void blob_prop_lifetime(void)
{
	int fd2 = drm_open();
	uint32_t id = create(fd), id2;

	igt_assert_eq(validate(fd, id), 0);
	igt_assert_eq(validate(fd2, id), 0);
	igt_assert_eq(destroy(fd2, id), EPERM);
	id2 = create(fd2);
	igt_assert_eq(validate(fd2, id2), 0);
	igt_assert_eq(destroy(fd2, id2), 0);
	igt_assert_eq(validate(fd2, id2), ENOENT);
	igt_assert_eq(validate(fd, id2), ENOENT);
	id2 = create(fd2);
	igt_assert_eq(validate(fd, id2), 0);
	igt_assert_eq(close(fd2), 0);
	igt_assert_eq(validate(fd, id2), ENOENT);
	igt_assert_eq(validate(fd, id), 0);
	igt_assert_eq(destroy(fd, id), 0);
	igt_assert_eq(validate(fd, id), ENOENT);
}

static void blob_multiple(void)
{
	uint32_t ids[5];
	int i, fd2 = drm_open();

	for (i = 0; i < 5; i++) {
		ids[i] = create(fd2);
		igt_assert_eq(validate(fd, ids[i]), 0);
		igt_assert_eq(validate(fd2, ids[i]), 0);
	}
	for (i = 0; i < 5; i++) {
		igt_assert_eq(destroy(fd2, ids[i]), 0);
		igt_assert_eq(validate(fd2, ids[i]), ENOENT);
	}
	igt_assert_eq(close(fd2), 0);
	fd2 = drm_open();
	for (i = 0; i < 5; i++) {
		ids[i] = create(fd2);
		igt_assert_eq(validate(fd, ids[i]), 0);
		igt_assert_eq(validate(fd2, ids[i]), 0);
	}
	igt_assert_eq(close(fd2), 0);
	for (i = 0; i < 5; i++)
		igt_assert_eq(validate(fd, ids[i]), ENOENT);
}

static void get_prop(uint32_t type)
{
	uint64_t prop, val;
	struct drm_mode_obj_get_properties g = {
		.props_ptr = (uintptr_t)&prop, .prop_values_ptr = (uintptr_t)&val,
		.count_props = 1, .obj_type = type,
	};

	g.obj_id = create(fd);
	do_ioctl_err(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g, EINVAL);
}

static void set_prop(uint32_t type)
{
	struct drm_mode_obj_set_property s = { .prop_id = 1, .obj_type = type };

	s.obj_id = create(fd);
	do_ioctl_err(fd, DRM_IOCTL_MODE_OBJ_SETPROPERTY, &s, EINVAL);
}

static void invalid_get_prop_any(void) { get_prop(0); }
static void invalid_get_prop(void) { get_prop(DRM_MODE_OBJECT_BLOB); }
static void invalid_set_prop_any(void) { set_prop(0); }
static void invalid_set_prop(void) { set_prop(DRM_MODE_OBJECT_BLOB); }

IGT_MAIN(setup,
	{ "basic", basic },
	{ "blob-prop-core", blob_prop_core },
	{ "blob-prop-validate", blob_prop_validate },
	{ "blob-prop-lifetime", blob_prop_lifetime },
	{ "blob-multiple", blob_multiple },
	{ "invalid-get-prop-any", invalid_get_prop_any },
	{ "invalid-get-prop", invalid_get_prop },
	{ "invalid-set-prop-any", invalid_set_prop_any },
	{ "invalid-set-prop", invalid_set_prop },
)
