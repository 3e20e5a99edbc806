// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the layout math: the guest's own rule for every format
 * the driver shows and a two-plane one, its limits, and every way a
 * host's answer can be wrong.
 */

#include <kunit/test.h>

#include <linux/sizes.h>

#include <drm/drm_fourcc.h>

#include "vgh_kunit_compat.h"
#include "../vgh_layout.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct vgh_linear_case {
	const char *name;
	u32 fourcc, width, height, pitch_align, alignment;
	u64 size;
	u32 stride0, stride1;
	u64 offset1;
};

static const struct vgh_linear_case vgh_linear_cases[] = {
	{ "xrgb8888 tight", DRM_FORMAT_XRGB8888, 1024, 768, 1, SZ_4K,
	  1024 * 768 * 4, 4096, 0, 0 },
	{ "argb8888 64-byte pitch", DRM_FORMAT_ARGB8888, 1001, 3, 64, SZ_4K,
	  12288, 4032, 0, 0 },
	{ "xrgb8888 256-byte pitch, 16 KiB", DRM_FORMAT_XRGB8888, 1920, 1080,
	  256, SZ_16K, 8306688, 7680, 0, 0 },
	{ "rgb565 odd width", DRM_FORMAT_RGB565, 3, 2, 1, SZ_4K, SZ_4K, 6, 0, 0 },
	{ "nv12 two planes", DRM_FORMAT_NV12, 640, 480, 64, SZ_4K,
	  462848, 640, 640, 307200 },
	{ "nv12 odd size", DRM_FORMAT_NV12, 5, 3, 64, 1, 320, 64, 64, 192 },
};

static void vgh_linear_desc(const struct vgh_linear_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vgh_linear, vgh_linear_cases, vgh_linear_desc);

static void vgh_test_layout_linear(struct kunit *test)
{
	const struct vgh_linear_case *c = test->param_value;
	struct vgh_layout l;
	const char *why;

	KUNIT_ASSERT_EQ(test, vgh_layout_linear(c->fourcc, c->width, c->height,
						c->pitch_align, c->alignment, &l), 0);
	KUNIT_EXPECT_EQ(test, l.modifier, DRM_FORMAT_MOD_LINEAR);
	KUNIT_EXPECT_EQ(test, l.size, c->size);
	KUNIT_EXPECT_EQ(test, l.alignment, c->alignment);
	KUNIT_EXPECT_EQ(test, l.stride_align, c->pitch_align);
	KUNIT_EXPECT_EQ(test, l.planes[0].offset, 0);
	KUNIT_EXPECT_EQ(test, l.planes[0].stride, c->stride0);
	if (c->stride1) {
		KUNIT_EXPECT_EQ(test, l.num_planes, 2);
		KUNIT_EXPECT_EQ(test, l.planes[1].stride, c->stride1);
		KUNIT_EXPECT_EQ(test, l.planes[1].offset, c->offset1);
	} else {
		KUNIT_EXPECT_EQ(test, l.num_planes, 1);
	}
	/* the guest's own layouts pass the checks a host's must pass */
	KUNIT_EXPECT_EQ(test, vgh_layout_check(c->fourcc, c->width, c->height,
					       VGH_LAYOUT_DUMB, &l, &why), 0);
}

static void vgh_test_layout_linear_rejects(struct kunit *test)
{
	struct vgh_layout l;

	KUNIT_EXPECT_EQ(test, vgh_layout_linear(0, 64, 64, 1, SZ_4K, &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_C8, 64, 64, 1, SZ_4K, &l),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 0, 64, 1,
						SZ_4K, &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 64, 16385, 1,
						SZ_4K, &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 64, 64, 3,
						SZ_4K, &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 64, 64, 64,
						12288, &l), -EINVAL);
	/* 16384 x 16384 x 4 is 1 GiB; 2 GiB still fits, 4 GiB does not */
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 16384, 16384,
						1, SZ_4K, &l), 0);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 16384, 16384,
						SZ_128K, SZ_4K, &l), 0);
	KUNIT_EXPECT_EQ(test, l.size, (u64)SZ_2G);
	KUNIT_EXPECT_EQ(test, vgh_layout_linear(DRM_FORMAT_XRGB8888, 16384, 16384,
						SZ_256K, SZ_4K, &l), -EINVAL);
}

/* A good host answer for 1920x1080 XRGB8888, changed one way per case. */
static void vgh_good(struct vgh_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->modifier = DRM_FORMAT_MOD_LINEAR;
	l->alignment = SZ_16K;
	l->stride_align = 256;
	l->num_planes = 1;
	l->planes[0].stride = 7936;	/* 7680 rounded to 256 */
	l->size = round_up(7936ULL * 1080, SZ_16K);
}

static void vgh_test_layout_host_good(struct kunit *test)
{
	struct vgh_layout l;
	const char *why;

	vgh_good(&l);
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_XRGB8888, 1920, 1080,
					       DRM_VIRTGPU_HEAP_LAYOUT_LINEAR, &l, &why), 0);
	KUNIT_EXPECT_NULL(test, why);
	/* a tiled layout with a larger stride and alignment, not for the CPU */
	l.modifier = DRM_FORMAT_MOD_VIVANTE_TILED;
	l.alignment = SZ_64K;
	l.size = round_up(8192ULL * 1088, SZ_64K);
	l.planes[0].stride = 8192;
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_XRGB8888, 1920, 1080,
					       DRM_VIRTGPU_HEAP_LAYOUT_RENDER, &l, &why), 0);
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_XRGB8888, 1920, 1080,
					       DRM_VIRTGPU_HEAP_LAYOUT_RENDER |
					       DRM_VIRTGPU_HEAP_LAYOUT_LINEAR,
					       &l, &why), -EPROTO);
	KUNIT_EXPECT_STREQ(test, why, "a tiled layout for a buffer the CPU writes");
	/* uses the guest does not know are a request it would not make */
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_XRGB8888, 1920, 1080,
					       BIT(3), &l, &why), -EINVAL);
}

static void vgh_test_layout_host_lies(struct kunit *test)
{
	struct vgh_layout l;
	const char *why;

#define VGH_EXPECT_LIE(change)							\
	do {									\
		vgh_good(&l);							\
		change;								\
		KUNIT_EXPECT_EQ_MSG(test, vgh_layout_check(DRM_FORMAT_XRGB8888,	\
							   1920, 1080,		\
							   DRM_VIRTGPU_HEAP_LAYOUT_LINEAR, \
							   &l, &why),		\
				    -EPROTO, "accepted: %s", #change);		\
		KUNIT_EXPECT_NOT_NULL(test, why);				\
	} while (0)

	VGH_EXPECT_LIE(l.planes[0].stride = 7676);		/* below a row */
	VGH_EXPECT_LIE(l.alignment = 12288);			/* not 2^n */
	VGH_EXPECT_LIE(l.alignment = 0);
	VGH_EXPECT_LIE(l.alignment = SZ_2M);			/* above 1 MiB */
	VGH_EXPECT_LIE(l.size = 0);
	VGH_EXPECT_LIE(l.size += SZ_4K);			/* not aligned */
	VGH_EXPECT_LIE(l.size = 523ULL * SZ_16K);		/* a row short */
	VGH_EXPECT_LIE(l.size = (u64)SZ_2G + SZ_16K);		/* above 2 GiB */
	VGH_EXPECT_LIE(l.planes[0].offset = l.size);		/* past the end */
	VGH_EXPECT_LIE(l.planes[0].offset = U64_MAX - 100);	/* wraps */
	VGH_EXPECT_LIE(l.planes[0].stride = U32_MAX);		/* span wraps nothing */
	VGH_EXPECT_LIE(l.num_planes = 2);
	VGH_EXPECT_LIE(l.num_planes = 0);
	VGH_EXPECT_LIE(l.num_planes = VGH_LAYOUT_MAX_PLANES + 1);
	VGH_EXPECT_LIE(l.stride_align = 96);			/* not 2^n */
	VGH_EXPECT_LIE(l.stride_align = 0);
	VGH_EXPECT_LIE(l.stride_align = SZ_128K);		/* above 64 KiB */
	VGH_EXPECT_LIE(l.stride_align = 512);			/* 7936 is not */
	VGH_EXPECT_LIE(l.modifier = DRM_FORMAT_MOD_VIVANTE_TILED);
#undef VGH_EXPECT_LIE
}

static void vgh_test_layout_host_overlap(struct kunit *test)
{
	struct vgh_layout l;
	const char *why;

	KUNIT_ASSERT_EQ(test, vgh_layout_linear(DRM_FORMAT_NV12, 640, 480, 64,
						SZ_4K, &l), 0);
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_NV12, 640, 480, 0, &l,
					       &why), 0);
	/* the chroma plane starts inside the luma plane's last row */
	l.planes[1].offset = 640 * 479 + 1;
	KUNIT_EXPECT_EQ(test, vgh_layout_check(DRM_FORMAT_NV12, 640, 480, 0, &l,
					       &why), -EPROTO);
	KUNIT_EXPECT_STREQ(test, why, "planes that overlap");
	/* the same request asked for another format */
	KUNIT_EXPECT_EQ(test, vgh_layout_check(0, 640, 480, 0, &l, &why), -EINVAL);
}

static struct kunit_case vgh_layout_cases[] = {
	KUNIT_CASE_PARAM(vgh_test_layout_linear, vgh_linear_gen_params),
	KUNIT_CASE(vgh_test_layout_linear_rejects),
	KUNIT_CASE(vgh_test_layout_host_good),
	KUNIT_CASE(vgh_test_layout_host_lies),
	KUNIT_CASE(vgh_test_layout_host_overlap),
	{}
};

static struct kunit_suite vgh_layout_suite = {
	.name = "vgh_layout",
	.test_cases = vgh_layout_cases,
};

kunit_test_suite(vgh_layout_suite);
