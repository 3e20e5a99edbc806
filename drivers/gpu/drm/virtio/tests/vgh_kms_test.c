// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the virtio-gpu-heap mode-setting tables: the host
 * formats of DRM formats.
 */

#include <kunit/test.h>

#include <linux/virtio_gpu.h>

#include <drm/drm_fourcc.h>

#include "../vgh_plane.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

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
	KUNIT_CASE(vgh_test_formats),
	{}
};

static struct kunit_suite vgh_kms_suite = {
	.name = "vgh_kms",
	.test_cases = vgh_kms_tests,
};

kunit_test_suite(vgh_kms_suite);
