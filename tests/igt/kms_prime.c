// SPDX-License-Identifier: MIT
/*
 * kms_prime: buffers shared between two DRM devices through dma-buf
 * (PRIME): scanning out a buffer another device made, and modesets on
 * one device while a second one is active. CRC comparisons need pipe
 * CRC support and skip without it.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kms.h"

static int first_fd;

static void setup(void)
{
	char name[32];

	first_fd = drm_open();
	drm_driver_name(first_fd, name, sizeof(name));
	igt_require_f(strcmp(name, "vgem"), "first device is vgem");
}

/* Another card that is (or is not) vgem; -1 if there is none. */
static int open_second(bool vgem)
{
	char name[32];
	int i, fd;

	for (i = 0; i < 16; i++) {
		fd = drm_open_index(i);
		if (fd < 0)
			continue;
		drm_driver_name(fd, name, sizeof(name));
		if (!strcmp(name, "vgem") == vgem && !(i == 0 && !vgem)) {
			struct stat a, b;

			if (!fstat(fd, &a) && !fstat(first_fd, &b) && a.st_rdev != b.st_rdev)
				return fd;
		}
		close(fd);
	}
	return -1;
}

static bool has_connected_output(int fd)
{
	struct kms k;
	bool ret;

	if (!drm_is_master(fd) && drmSetMaster(fd))
		return false;
	kms_init(&k, fd);
	ret = kms_connected_count(&k) > 0;
	kms_fini(&k);
	return ret;
}

static void basic_modeset(int fd)
{
	struct output o;
	struct kfb fb;
	struct kms k;
	struct areq a;

	if (!drm_is_master(fd))
		do_or_die(drmSetMaster(fd));
	kms_init(&k, fd);
	igt_assert(kms_single_outputs(&k, &o, 1) == 1);
	kfb_create(fd, o.mode.hdisplay, o.mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	if (k.atomic) {
		areq_init(&a, fd);
		areq_output_on(&a, &o, &fb);
		do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
		areq_free(&a);
	} else {
		output_set_legacy(&k, &o, &fb);
	}
	kfb_remove(&fb);
	kms_fini(&k);
}

static void basic_crc_hybrid(void)
{
	int second = open_second(false);

	igt_require_f(second >= 0, "needs a second, non-vgem DRM device");
	igt_require_f(kms_has_pipe_crc(first_fd) || kms_has_pipe_crc(second),
		      "needs pipe CRC support");
	igt_skip("CRC capture is not implemented here");
}

static void basic_modeset_hybrid(void)
{
	int second = open_second(false);
	bool any = false;

	igt_require_f(second >= 0, "needs a second, non-vgem DRM device");
	if (has_connected_output(first_fd)) {
		igt_info("first");
		basic_modeset(first_fd);
		any = true;
	}
	if (has_connected_output(second)) {
		igt_info("second");
		basic_modeset(second);
		any = true;
	}
	igt_require_f(any, "no connected output on either device");
}

static void d3hot(void)
{
	int second = open_second(false);
	char name[32] = "";

	if (second >= 0)
		drm_driver_name(second, name, sizeof(name));
	igt_require_f(!strcmp(name, "i915"), "needs an i915 discrete GPU as second device");
	igt_skip("i915 runtime PM checks are not implemented here");
}

static void basic_crc_vgem(void)
{
	int vgem = open_second(true);

	if (vgem < 0) {
		if (system("modprobe vgem >/dev/null 2>&1") == 0)
			vgem = open_second(true);
	}
	igt_require_f(vgem >= 0, "needs the vgem device");
	igt_require_f(kms_has_pipe_crc(first_fd), "needs pipe CRC support");
	igt_skip("CRC capture is not implemented here");
}

IGT_MAIN(setup,
	{ "basic-crc-hybrid", basic_crc_hybrid },
	{ "basic-modeset-hybrid", basic_modeset_hybrid },
	{ "D3hot", d3hot },
	{ "basic-crc-vgem", basic_crc_vgem },
)
