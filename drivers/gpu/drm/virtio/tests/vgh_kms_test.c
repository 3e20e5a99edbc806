// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the virtio-gpu-heap mode-setting arithmetic: frame
 * durations of modes and the host formats of DRM formats.
 */

#include <kunit/test.h>

#include <linux/virtio_gpu.h>

#include <drm/drm_fourcc.h>
#include <drm/drm_modes.h>

#include "vgh_kunit_compat.h"
#include "../vgh_kms.h"
#include "../vgh_plane.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct vgh_frame_case {
	const char *name;
	u16 htotal;
	u16 vtotal;
	u16 vscan;
	int clock_khz;
	u64 frame_ns;
};

static const struct vgh_frame_case vgh_frame_cases[] = {
	/* CVT 1280x800@60: 1680 x 831 at 83.5 MHz */
	{ "cvt-1280x800", 1680, 831, 0, 83500, 16719520 },
	/* CEA 1920x1080@60: 2200 x 1125 at 148.5 MHz, exactly 60 Hz */
	{ "cea-1920x1080", 2200, 1125, 1, 148500, 16666666 },
	{ "vscan-doubles", 2200, 1125, 2, 148500, 33333333 },
	/* largest timings the uAPI carries: no overflow */
	{ "max-timings", 65535, 65535, 65535, 1000, 281462092005375000ULL },
	{ "max-timings-min-clock", 65535, 65535, 65535, 1, U64_MAX },
	{ "int-max-clock", 1728, 828, 0, INT_MAX, 666 },
	{ "zero-clock", 1680, 831, 0, 0, 0 },
	{ "negative-clock", 1680, 831, 0, -5, 0 },
	{ "zero-total", 0, 831, 0, 83500, 0 },
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
		.htotal = c->htotal,
		.vtotal = c->vtotal,
		.vscan = c->vscan,
		.clock = c->clock_khz,
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
