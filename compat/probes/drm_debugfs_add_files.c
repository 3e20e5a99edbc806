// SPDX-License-Identifier: GPL-2.0
/* drm_debugfs_add_files(): debugfs files a driver adds before registration */
#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>

static __maybe_unused void vgh_probe(struct drm_device *dev)
{
	static const struct drm_debugfs_info files[] = { { .name = "probe" } };
	struct drm_debugfs_entry *entry = NULL;

	drm_debugfs_add_files(dev, files, ARRAY_SIZE(files));
	(void)entry;
}
