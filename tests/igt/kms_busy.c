// SPDX-License-Identifier: MIT
/*
 * kms_busy: flips and modesets must wait for framebuffers the GPU is
 * still rendering to. Making a buffer busy takes i915 batch buffers
 * (spinners, GPU hangs), so every subtest needs an Intel GPU; on others
 * they are skipped, as IGT does.
 */
#include <unistd.h>

#include "kms.h"

static void busy(void)
{
	char name[32];
	int fd = drm_open();

	drm_driver_name(fd, name, sizeof(name));
	igt_require_f(!strcmp(name, "i915"), "busy buffers need i915 GEM batches (driver: %s)",
		      name);
	igt_skip("i915 spin batches are not implemented here");
}

IGT_MAIN(NULL,
	{ "basic", busy },
	{ "basic-hang", busy },
	{ "extended-pageflip-modeset-hang-oldfb", busy },
	{ "extended-pageflip-hang-oldfb", busy },
	{ "extended-pageflip-hang-newfb", busy },
	{ "extended-modeset-hang-oldfb", busy },
	{ "extended-modeset-hang-newfb", busy },
	{ "extended-modeset-hang-oldfb-with-reset", busy },
	{ "extended-modeset-hang-newfb-with-reset", busy },
)
