// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the virtio-gpu-heap mode-setting arithmetic: frame
 * durations for the vblank timer and the host formats of DRM formats.
 */

#include <kunit/test.h>

#include <linux/virtio_gpu.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_modes.h>

#include "../vgh_kms.h"
#include "../vgh_plane.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct vgh_frame_case {
	const char *name;
	int htotal;
	int vtotal;
	int clock_khz;
	u64 frame_ns;
};

static const struct vgh_frame_case vgh_frame_cases[] = {
	/* CVT 1280x800@60: 1680 x 831 at 83.5 MHz */
	{ "cvt-1280x800", 1680, 831, 83500, 16719520 },
	/* CEA 1920x1080@60: 2200 x 1125 at 148.5 MHz, exactly 60 Hz */
	{ "cea-1920x1080", 2200, 1125, 148500, 16666666 },
	/* largest timings the uAPI can carry: no overflow */
	{ "max-timings", 65535, 65535, 1, 4294836225000000ULL },
	{ "zero-clock", 1680, 831, 0, 16666666 },
	{ "negative-clock", 1680, 831, -5, 16666666 },
	{ "zero-total", 0, 831, 83500, 16666666 },
	/* a frame shorter than a nanosecond rounds to 0: 60 Hz instead */
	{ "absurd-clock", 1, 1, INT_MAX, 16666666 },
};

static void vgh_frame_case_desc(const struct vgh_frame_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vgh_frame, vgh_frame_cases, vgh_frame_case_desc);

static void vgh_test_frame_ns(struct kunit *test)
{
	const struct vgh_frame_case *c = test->param_value;
	struct drm_display_mode mode = {
		.crtc_htotal = c->htotal,
		.crtc_vtotal = c->vtotal,
		.crtc_clock = c->clock_khz,
	};

	KUNIT_EXPECT_EQ(test, vgh_mode_frame_ns(&mode), c->frame_ns);
}

static void vgh_test_formats(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vgh_format_to_virtio(DRM_FORMAT_XRGB8888),
			VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM);
	KUNIT_EXPECT_EQ(test, vgh_format_to_virtio(DRM_FORMAT_ARGB8888),
			VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM);
	/* no 2D host format for these */
	KUNIT_EXPECT_EQ(test, vgh_format_to_virtio(DRM_FORMAT_RGB565), 0);
	KUNIT_EXPECT_EQ(test, vgh_format_to_virtio(DRM_FORMAT_XBGR8888), 0);
	KUNIT_EXPECT_EQ(test, vgh_format_to_virtio(0), 0);
}

static struct kunit_case vgh_kms_tests[] = {
	KUNIT_CASE_PARAM(vgh_test_frame_ns, vgh_frame_gen_params),
	KUNIT_CASE(vgh_test_formats),
	{}
};

static struct kunit_suite vgh_kms_suite = {
	.name = "vgh_kms",
	.test_cases = vgh_kms_tests,
};

kunit_test_suite(vgh_kms_suite);
