// SPDX-License-Identifier: MIT
/*
 * kms_flip_event_leak: a second DRM file becomes master, queues a page
 * flip with an event and is closed before the flip completes. The kernel
 * must drop the pending event with the file: as in IGT, the subtest
 * itself checks only that each step succeeds, and a leaked event shows
 * as a kernel warning (which the runner counts as a failure) or, on a
 * kernel with kmemleak, as a leak. Run on every valid pipe and output.
 */
#include <unistd.h>

#include "kms.h"

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	kms_require_output(&k);
}

static void test(const struct output *o)
{
	struct kfb fb0, fb1;
	int fd2, ret;

	igt_info("pipe-%c-%s", 'A' + o->pipe, o->name);
	/* IGT's legacy commit: the mode with fb0, the cursor off */
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &fb0);
	output_set_legacy(&k, o, &fb0);
	drmModeSetCursor(fd, o->crtc_id, 0, 0, 0);

	fd2 = drm_open();
	igt_assert_f(drmDropMaster(fd) == 0, "dropping master: %s", strerror(errno));
	/* IGT skips here if another client holds master; nothing else runs */
	igt_assert_f(drmSetMaster(fd2) == 0, "the second file cannot become master: %s",
		     strerror(errno));

	kfb_create(fd2, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &fb1);
	ret = drmModePageFlip(fd2, o->crtc_id, fb1.id, DRM_MODE_PAGE_FLIP_EVENT, &k);
	igt_assert_eq(ret, 0);

	/* closed with the flip and its event still pending */
	igt_assert_eq(close(fd2), 0);

	igt_assert_f(drmSetMaster(fd) == 0, "the first file cannot become master again: %s",
		     strerror(errno));
	do_or_die(set_crtc(fd, o->crtc_id, 0, 0, 0, NULL, 0, NULL));
	kfb_remove(&fb0);
}

static void basic(void)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS);

	igt_require_f(n > 0, "no valid pipe and output");
	for (i = 0; i < n; i++)
		test(&outs[i]);
}

IGT_MAIN(setup,
	{ "basic", basic },
)
