// SPDX-License-Identifier: GPL-2.0
/*
 * drm_driver.gem_prime_mmap: the driver names how an exported dma-buf is
 * mapped (later kernels always use the GEM object's mmap)
 */
#include <drm/drm_drv.h>
#include <drm/drm_prime.h>

static const struct drm_driver vgh_probe_driver __maybe_unused = {
	.gem_prime_mmap = drm_gem_prime_mmap,
};
