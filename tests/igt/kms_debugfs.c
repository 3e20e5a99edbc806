// SPDX-License-Identifier: MIT
/*
 * kms_debugfs: every file of the device's debugfs directory can be read,
 * to its end, with every display off and with every display on (one
 * output per pipe, a pattern on its primary plane, as some files look at
 * the framebuffer of an active pipe). IGT reads each file once and stops
 * quietly at the first that fails; here a file that cannot be read fails
 * the subtest too, but for the error DRM core gives on purpose
 * (output_bpc and vrr_range of a connector that is not connected:
 * ENODEV).
 */
#include <limits.h>
#include <unistd.h>

#include "kms.h"
#include "readall.h"

static int fd;
static struct kms k;
static char dir[PATH_MAX];

static void setup(void)
{
	fd = drm_open_master();
	igt_require_f(drm_debugfs_dir(fd, dir, sizeof(dir)) == 0,
		      "no debugfs directory for the device (%s)", dir);
	kms_init(&k, fd);
	kms_require_output(&k);
}

static void display_off_read_all(void)
{
	kms_reset_display(&k);
	igt_assert_lt(0, read_all_files(dir, drm_debugfs_allowed(fd)));
}

static void display_on_read_all(void)
{
	struct output outs[MAX_CRTCS];
	struct kfb fbs[MAX_CRTCS];
	int i, n = kms_single_outputs(&k, outs, MAX_CRTCS);
	struct areq a;
	int ret;

	igt_assert_lt(0, n);
	for (i = 0; i < n; i++) {
		kfb_create(fd, outs[i].mode.hdisplay, outs[i].mode.vdisplay,
			   DRM_FORMAT_XRGB8888, &fbs[i]);
		igt_info("pipe-%c-%s: %ux%u", 'A' + outs[i].pipe, outs[i].name,
			 outs[i].mode.hdisplay, outs[i].mode.vdisplay);
	}
	if (k.atomic) {
		areq_init(&a, fd);
		for (i = 0; i < n; i++)
			areq_output_on(&a, &outs[i], &fbs[i]);
		/* as IGT: skip only when the modes do not fit together */
		ret = areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET | DRM_MODE_ATOMIC_TEST_ONLY,
				  NULL);
		igt_require_f(ret != -ENOSPC, "the modes of all outputs do not fit together");
		do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
		areq_free(&a);
	} else {
		for (i = 0; i < n; i++)
			output_set_legacy(&k, &outs[i], &fbs[i]);
	}
	igt_assert_lt(0, read_all_files(dir, drm_debugfs_allowed(fd)));
}

IGT_MAIN(setup,
	{ "display-off-read-all", display_off_read_all },
	{ "display-on-read-all", display_on_read_all },
)
