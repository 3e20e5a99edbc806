// SPDX-License-Identifier: MIT
/*
 * kms_addfb_basic: ADDFB2/ADDFB/RMFB argument checking: unused planes'
 * fields, pitches, buffer objects too small for width x height x pitch,
 * modifiers, legacy depth/bpp pairs, properties on framebuffers and
 * RMFB from another master. Tiling subtests need an Intel GPU.
 */
#include <unistd.h>

#include "kms.h"

#define I915_X_TILED fourcc_mod_code(INTEL, 1)

static int fd;

static void setup(void)
{
	struct drm_mode_fb_cmd2 f = { 0 };
	int err;

	fd = drm_open_master();
	err = -vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f);
	igt_require_f(err != ENOTTY && err != EOPNOTSUPP,
		      "no ADDFB2 (%s): driver without KMS", strerror(err));
}

static uint32_t bo(uint32_t w, uint32_t h)
{
	return dumb_create(fd, w, h, 32, NULL, NULL);
}

static void require_modifiers(void)
{
	uint64_t cap = 0;

	/*
	 * virtio-gpu-heap takes modifiers whatever the device (the in-tree
	 * driver sets fb_modifiers_not_supported and skips here)
	 */
	igt_assert_f(access("/sys/module/virtio_gpu_heap", F_OK) ||
		     (drmGetCap(fd, DRM_CAP_ADDFB2_MODIFIERS, &cap) == 0 && cap),
		     "virtio-gpu-heap without DRM_CAP_ADDFB2_MODIFIERS");
	igt_require_f(drmGetCap(fd, DRM_CAP_ADDFB2_MODIFIERS, &cap) == 0 && cap,
		      "driver does not take framebuffer modifiers");
}

static void require_intel(void)
{
	char name[32];

	drm_driver_name(fd, name, sizeof(name));
	igt_require_f(!strcmp(name, "i915") || !strcmp(name, "xe"),
		      "needs an Intel GPU (tiling, fences, local memory)");
}

static void require_display(void)
{
	drm_require_kms(fd);
}

static void rmfb(uint32_t id)
{
	do_ioctl(fd, DRM_IOCTL_MODE_RMFB, &id);
}

static void addfb_ok(struct drm_mode_fb_cmd2 *f)
{
	do_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, f);
	rmfb(f->fb_id);
	f->fb_id = 0;
}

/* --- invalid_tests: 512x512 XRGB8888, pitch 2048, handle of a 1024x1024 bo */

static void unused_base(struct drm_mode_fb_cmd2 *f)
{
	memset(f, 0, sizeof(*f));
	f->width = 512;
	f->height = 512;
	f->pixel_format = DRM_FORMAT_XRGB8888;
	f->pitches[0] = 512 * 4;
	f->handles[0] = bo(1024, 1024);
	addfb_ok(f);
	f->flags = DRM_MODE_FB_MODIFIERS;
}

static void unused_handle(void)
{
	struct drm_mode_fb_cmd2 f;

	unused_base(&f);
	require_modifiers();
	f.handles[1] = bo(1024, 1023);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void unused_pitches(void)
{
	struct drm_mode_fb_cmd2 f;

	unused_base(&f);
	require_modifiers();
	f.pitches[1] = 512;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void unused_offsets(void)
{
	struct drm_mode_fb_cmd2 f;

	unused_base(&f);
	require_modifiers();
	f.offsets[1] = 512;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void unused_modifier(void)
{
	struct drm_mode_fb_cmd2 f;

	unused_base(&f);
	require_modifiers();
	f.modifier[1] = I915_X_TILED;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void intel_only(void)
{
	require_intel();
	igt_skip("Intel-specific checks are not implemented here");
}

static int legacy_addfb(struct drm_mode_fb_cmd *arg)
{
	int err = vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB, arg);

	if (!err) {
		rmfb(arg->fb_id);
		arg->fb_id = 0;
	}
	return err;
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void legacy_format(void)
{
	static const struct { uint32_t bpp, depth; } known[] = {
		{ 8, 8 }, { 16, 15 }, { 16, 16 }, { 24, 24 },
		{ 32, 24 }, { 32, 30 }, { 32, 32 },
	};
	int expect[7], i, n = 0;
	struct drm_mode_fb_cmd arg = { .width = 512, .height = 512, .pitch = 512 * 4 };
	double end = igt_now() + 1;
	uint32_t seed = 0x12345678;

	arg.handle = bo(1024, 1024);
	/* what the driver says for the known pairs decides the rest */
	for (i = 0; i < 7; i++) {
		arg.bpp = known[i].bpp;
		arg.depth = known[i].depth;
		expect[i] = legacy_addfb(&arg);
		igt_info("bpp %u depth %u -> %d", arg.bpp, arg.depth, expect[i]);
	}
	while (igt_now() < end && n++ < 10000) {
		int want = -EINVAL, got;

		arg.bpp = xorshift(&seed);
		arg.depth = xorshift(&seed);
		for (i = 0; i < 7; i++)
			if (arg.bpp == known[i].bpp && arg.depth == known[i].depth)
				want = expect[i];
		got = legacy_addfb(&arg);
		igt_assert_f(got == want, "bpp %u depth %u: got %d, want %d", arg.bpp,
			     arg.depth, got, want);
	}
	for (i = 0; i < 7; i++) {
		arg.bpp = known[i].bpp;
		arg.depth = known[i].depth;
		igt_assert_eq(legacy_addfb(&arg), expect[i]);
	}
	igt_info("checked %d bpp/depth pairs", n);
}

/* --- pitch_tests: 512x512 XRGB8888 on a 1024x1024 bo */

static void pitch_base(struct drm_mode_fb_cmd2 *f)
{
	memset(f, 0, sizeof(*f));
	f->width = 512;
	f->height = 512;
	f->pixel_format = DRM_FORMAT_XRGB8888;
	f->pitches[0] = 1024 * 4;
}

static void no_handle(void)
{
	struct drm_mode_fb_cmd2 f;

	pitch_base(&f);
	bo(1024, 1024);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void basic(void)
{
	struct drm_mode_fb_cmd2 f;

	pitch_base(&f);
	f.handles[0] = bo(1024, 1024);
	addfb_ok(&f);
}

static void bad_pitch(uint32_t pitch)
{
	struct drm_mode_fb_cmd2 f;

	pitch_base(&f);
	f.handles[0] = bo(1024, 1024);
	f.pitches[0] = pitch;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

#define BAD_PITCH(p) static void bad_pitch_##p(void) { bad_pitch(p); }
BAD_PITCH(0)
BAD_PITCH(32)
BAD_PITCH(63)
BAD_PITCH(128)
BAD_PITCH(256)
BAD_PITCH(1024)
BAD_PITCH(999)
BAD_PITCH(65536)

/* --- prop_tests: properties on a framebuffer object */

static uint32_t fb_1024(void)
{
	struct drm_mode_fb_cmd2 f = { .width = 1024, .height = 1024,
				      .pixel_format = DRM_FORMAT_XRGB8888,
				      .pitches = { 1024 * 4 } };

	f.handles[0] = bo(1024, 1024);
	do_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f);
	return f.fb_id;
}

static void get_prop(uint32_t type)
{
	uint64_t prop, val;
	struct drm_mode_obj_get_properties g = {
		.props_ptr = (uintptr_t)&prop, .prop_values_ptr = (uintptr_t)&val,
		.count_props = 1, .obj_type = type,
	};

	g.obj_id = fb_1024();
	do_ioctl_err(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g, EINVAL);
}

static void set_prop(uint32_t type)
{
	struct drm_mode_obj_set_property s = { .prop_id = 1, .obj_type = type };

	s.obj_id = fb_1024();
	do_ioctl_err(fd, DRM_IOCTL_MODE_OBJ_SETPROPERTY, &s, EINVAL);
}

static void invalid_get_prop_any(void) { get_prop(DRM_MODE_OBJECT_ANY); }
static void invalid_get_prop(void) { get_prop(DRM_MODE_OBJECT_FB); }
static void invalid_set_prop_any(void) { set_prop(DRM_MODE_OBJECT_ANY); }
static void invalid_set_prop(void) { set_prop(DRM_MODE_OBJECT_FB); }

static void master_rmfb(void)
{
	uint32_t id = fb_1024();
	int master2;

	igt_assert_eq(drmDropMaster(fd), 0);
	master2 = drm_open();
	igt_assert_eq(drmSetMaster(master2), 0);
	/* framebuffers are private to the file that made them */
	do_ioctl_err(master2, DRM_IOCTL_MODE_RMFB, &id, ENOENT);
	igt_assert_eq(drmDropMaster(master2), 0);
	close(master2);
	igt_assert_eq(drmSetMaster(fd), 0);
	rmfb(id);
}

/* --- size_tests: a 1024x1024x32bpp bo (4 MiB) and one a row short */

struct sizes {
	struct drm_mode_fb_cmd2 f, f16, f8;
};

static void size_base(struct sizes *s, uint32_t handle)
{
	memset(s, 0, sizeof(*s));
	s->f.width = 1024;
	s->f.height = 1024;
	s->f.pixel_format = DRM_FORMAT_XRGB8888;
	s->f.pitches[0] = 1024 * 4;
	s->f16.width = 1024;
	s->f16.height = 1024 * 2;
	s->f16.pixel_format = DRM_FORMAT_RGB565;
	s->f16.pitches[0] = 1024 * 2;
	s->f8.width = 1024 * 2;
	s->f8.height = 1024 * 2;
	s->f8.pixel_format = DRM_FORMAT_C8;
	s->f8.pitches[0] = 1024 * 2;
	s->f.handles[0] = s->f16.handles[0] = s->f8.handles[0] = handle;
}

static void size_max(void)
{
	struct sizes s;
	struct kms k;

	require_display();
	size_base(&s, bo(1024, 1024));
	addfb_ok(&s.f);
	addfb_ok(&s.f16);
	kms_init(&k, fd);
	if (kms_has_format(&k, DRM_FORMAT_C8))
		addfb_ok(&s.f8);
}

static void too_wide(void)
{
	struct sizes s;

	require_display();
	size_base(&s, bo(1024, 1024));
	s.f.width++;
	s.f16.width++;
	s.f8.width++;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f, EINVAL);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f16, EINVAL);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f8, EINVAL);
}

static void too_high(void)
{
	struct sizes s;

	require_display();
	size_base(&s, bo(1024, 1024));
	s.f.height++;
	s.f16.height++;
	s.f8.height++;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f, EINVAL);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f16, EINVAL);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f8, EINVAL);
}

static void bo_too_small(void)
{
	struct sizes s;

	require_display();
	size_base(&s, bo(1024, 1023));
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &s.f, EINVAL);
}

static void small_bo(void)
{
	struct sizes s;

	require_display();
	size_base(&s, bo(1024, 1023));
	s.f.height = 1020;
	addfb_ok(&s.f);
}

static void size_intel(void)
{
	require_display();
	intel_only();
}

/* --- addfb25: modifiers */

static void addfb25_base(struct drm_mode_fb_cmd2 *f)
{
	require_display();
	memset(f, 0, sizeof(*f));
	f->width = 1024;
	f->height = 1024;
	f->pixel_format = DRM_FORMAT_XRGB8888;
	f->pitches[0] = 1024 * 4;
	f->modifier[0] = DRM_FORMAT_MOD_LINEAR;
	f->handles[0] = bo(1024, 1024);
}

static void addfb25_modifier_no_flag(void)
{
	struct drm_mode_fb_cmd2 f;

	addfb25_base(&f);
	require_modifiers();
	f.modifier[0] = I915_X_TILED;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

static void addfb25_bad_modifier(void)
{
	struct drm_mode_fb_cmd2 f;

	addfb25_base(&f);
	require_modifiers();
	f.flags = DRM_MODE_FB_MODIFIERS;
	f.modifier[0] = DRM_FORMAT_MOD_INVALID;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ADDFB2, &f, EINVAL);
}

IGT_MAIN(setup,
	{ "unused-handle", unused_handle },
	{ "unused-pitches", unused_pitches },
	{ "unused-offsets", unused_offsets },
	{ "unused-modifier", unused_modifier },
	{ "clobberred-modifier", intel_only },
	{ "invalid-smem-bo-on-discrete", intel_only },
	{ "legacy-format", legacy_format },
	{ "no-handle", no_handle },
	{ "basic", basic },
	{ "bad-pitch-0", bad_pitch_0 },
	{ "bad-pitch-32", bad_pitch_32 },
	{ "bad-pitch-63", bad_pitch_63 },
	{ "bad-pitch-128", bad_pitch_128 },
	{ "bad-pitch-256", bad_pitch_256 },
	{ "bad-pitch-1024", bad_pitch_1024 },
	{ "bad-pitch-999", bad_pitch_999 },
	{ "bad-pitch-65536", bad_pitch_65536 },
	{ "invalid-get-prop-any", invalid_get_prop_any },
	{ "invalid-get-prop", invalid_get_prop },
	{ "invalid-set-prop-any", invalid_set_prop_any },
	{ "invalid-set-prop", invalid_set_prop },
	{ "master-rmfb", master_rmfb },
	{ "basic-x-tiled-legacy", intel_only },
	{ "framebuffer-vs-set-tiling", intel_only },
	{ "tile-pitch-mismatch", intel_only },
	{ "basic-y-tiled-legacy", intel_only },
	{ "size-max", size_max },
	{ "too-wide", too_wide },
	{ "too-high", too_high },
	{ "bo-too-small", bo_too_small },
	{ "small-bo", small_bo },
	{ "bo-too-small-due-to-tiling", size_intel },
	{ "addfb25-modifier-no-flag", addfb25_modifier_no_flag },
	{ "addfb25-bad-modifier", addfb25_bad_modifier },
	{ "addfb25-x-tiled-mismatch-legacy", size_intel },
	{ "addfb25-x-tiled-legacy", size_intel },
	{ "addfb25-framebuffer-vs-set-tiling", size_intel },
	{ "addfb25-y-tiled-legacy", size_intel },
	{ "addfb25-yf-tiled-legacy", size_intel },
	{ "addfb25-y-tiled-small-legacy", size_intel },
	{ "addfb25-4-tiled", size_intel },
)
